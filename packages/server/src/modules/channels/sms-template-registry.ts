/**
 * 短信模板登记 the templates registered with a template-based SMS provider. Aliyun and Tencent
 * send no free text: each message names a template the provider approved (Aliyun TemplateCode
 * `SMS_123456789`, Tencent TemplateId `1234567`) and fills its parameters — Aliyun by name
 * (`${name}`), Tencent by position (`{1}`, `{2}` …). The registry says, for each of our template
 * codes, which provider template carries it and which of our template variables fills each
 * parameter (HUIKUAN_SMS_TEMPLATES, docs/configuration.md):
 *
 *   aliyun:  {"sms.m1.reminder": {"templateId": "SMS_123456789",
 *                                 "params": {"name": "debtorName", "amount": "overdueAmount"}}}
 *   tencent: {"sms.m1.reminder": {"templateId": "1234567", "params": ["debtorName", "overdueAmount"]}}
 *
 * Parameters carry the variables' texts as our approved template shows them (¥1,240.00,
 * 2026年11月28日), so the provider's text, registered with the same wording, reads as ours.
 */
import {
  bilingualMessage,
  CodedError,
  type ErrorCode,
  isStrategyCode,
  type MessageTemplate,
  TEMPLATE_VARIABLE_NAMES,
  type TemplateVariableName,
  templateVariables,
} from '@huikuan/domain';
import { z } from 'zod';

/** The SMS providers that send only registered templates. */
export type TemplateSmsProvider = 'aliyun' | 'tencent';

/** 模板登记 one of our templates as registered with the provider. */
export interface SmsTemplateRegistration {
  /** Aliyun TemplateCode or Tencent TemplateId. */
  templateId: string;
  /** Each provider parameter (Aliyun: its name; Tencent: its position, `1`, `2` …) and the variable filling it. */
  params: readonly { name: string; variable: TemplateVariableName }[];
}

/** 短信模板登记表 our template codes → their registrations with one provider. */
export interface SmsTemplateRegistry {
  provider: TemplateSmsProvider;
  templates: ReadonlyMap<string, SmsTemplateRegistration>;
}

const Variable = z.enum(TEMPLATE_VARIABLE_NAMES, {
  error: (issue) =>
    `${JSON.stringify(issue.input)} is not a template variable (one of ${TEMPLATE_VARIABLE_NAMES.join(', ')})`,
});
const OurTemplateCode = z.string().refine(isStrategyCode, {
  message: 'not a template code (1–64 letters, digits or . _ -, e.g. sms.m1.reminder)',
});
const nonEmpty = (what: string) => ({ message: `registers no ${what}; remove it or add one` });

const AliyunEntry = z
  .object({
    templateId: z
      .string()
      .regex(/^SMS_\d+$/, 'templateId must be an Aliyun TemplateCode such as SMS_123456789'),
    params: z.record(
      z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'an Aliyun parameter name is letters, digits and _'),
      Variable,
    ),
  })
  .strict();
const TencentEntry = z
  .object({
    templateId: z.string().regex(/^\d+$/, 'templateId must be a Tencent TemplateId such as 1234567'),
    params: z.array(Variable),
  })
  .strict();
const REGISTRY_SCHEMAS = {
  aliyun: z
    .record(OurTemplateCode, AliyunEntry)
    .refine((r) => Object.keys(r).length > 0, nonEmpty('template')),
  tencent: z
    .record(OurTemplateCode, TencentEntry)
    .refine((r) => Object.keys(r).length > 0, nonEmpty('template')),
};

/**
 * Reads the registry for `provider` from JSON text. Throws SMS_TEMPLATE_REGISTRY_INVALID naming
 * the first bad entry (`source` when the text as a whole is wrong), with every problem in `details`.
 */
export function parseSmsTemplateRegistry(
  provider: TemplateSmsProvider,
  text: string,
  source: string,
): SmsTemplateRegistry {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new CodedError('SMS_TEMPLATE_REGISTRY_INVALID', {
      entry: source,
      detail: `not valid JSON (${err instanceof Error ? err.message : String(err)})`,
    });
  }
  const parsed = REGISTRY_SCHEMAS[provider].safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => {
      const [entry, ...rest] = i.path.map(String);
      return {
        entry: entry ?? source,
        detail: rest.length > 0 ? `${rest.join('.')}: ${i.message}` : i.message,
      };
    });
    const first = problems[0]!;
    throw new CodedError(
      'SMS_TEMPLATE_REGISTRY_INVALID',
      {
        entry: first.entry,
        detail: problems
          .filter((p) => p.entry === first.entry)
          .map((p) => p.detail)
          .join('; '),
      },
      problems.map((p) => ({
        path: p.entry,
        code: 'SMS_TEMPLATE_REGISTRY_INVALID',
        message: bilingualMessage('SMS_TEMPLATE_REGISTRY_INVALID', p),
      })),
    );
  }
  const templates = new Map<string, SmsTemplateRegistration>();
  for (const [code, entry] of Object.entries(parsed.data)) {
    // Tencent's parameters are positional: {1}, {2} … in list order.
    const named: [string, TemplateVariableName][] = Array.isArray(entry.params)
      ? entry.params.map((variable: TemplateVariableName, i: number) => [String(i + 1), variable])
      : Object.entries(entry.params);
    const params = named.map(([name, variable]) => ({ name, variable }));
    templates.set(code, { templateId: entry.templateId, params });
  }
  return { provider, templates };
}

/** Why a message cannot go out through the provider: the error code and its parameters. */
export interface SmsTemplateRefusal {
  code: Extract<ErrorCode, 'SMS_TEMPLATE_NOT_REGISTERED' | 'SMS_TEMPLATE_PARAM_UNAVAILABLE'>;
  params: { code: string; provider: TemplateSmsProvider; names?: string };
}

/** The provider template and parameters a message goes out with. */
export interface ProviderTemplate {
  templateCode: string;
  templateParams: Record<string, string>;
}

/** A provider template to send, or why there is none. */
export type ProviderTemplateOutcome =
  | { ok: true; template: ProviderTemplate }
  | { ok: false; refusal: SmsTemplateRefusal };

/**
 * The provider's template for one of ours, its parameters filled with `texts` (each variable's
 * text as rendered). Refused when the template is not registered, or when the registration
 * uses a variable the rendered text does not contain: the provider's message must not show
 * what the approved text does not (a third-party message discloses no debt).
 */
export function providerTemplate(
  registry: SmsTemplateRegistry,
  templateCode: string | null,
  texts: Partial<Record<TemplateVariableName, string>>,
): ProviderTemplateOutcome {
  const registration = templateCode === null ? undefined : registry.templates.get(templateCode);
  const params = { code: templateCode ?? '', provider: registry.provider };
  if (!registration) return { ok: false, refusal: { code: 'SMS_TEMPLATE_NOT_REGISTERED', params } };
  const missing = registration.params.filter((p) => texts[p.variable] === undefined).map((p) => p.variable);
  if (missing.length > 0) {
    return {
      ok: false,
      refusal: { code: 'SMS_TEMPLATE_PARAM_UNAVAILABLE', params: { ...params, names: missing.join(', ') } },
    };
  }
  return {
    ok: true,
    template: {
      templateCode: registration.templateId,
      templateParams: Object.fromEntries(registration.params.map((p) => [p.name, texts[p.variable]!])),
    },
  };
}

/**
 * The approved templates that cannot go out through the provider: not registered, or registered
 * with a variable their text does not use. Checked at start, so the gaps are known before a
 * message fails on them.
 */
export function registrationGaps(
  registry: SmsTemplateRegistry,
  templates: readonly { code: string; template: MessageTemplate }[],
): SmsTemplateRefusal[] {
  const gaps: SmsTemplateRefusal[] = [];
  for (const { code, template } of templates) {
    const used = Object.fromEntries(templateVariables(template).map((name) => [name, name]));
    const outcome = providerTemplate(registry, code, used);
    if (!outcome.ok) gaps.push(outcome.refusal);
  }
  return gaps;
}
