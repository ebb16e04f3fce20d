/**
 * 模板 message templates: one text per channel and locale, with typed variables written
 * `{{name}}` from a fixed catalogue (TEMPLATE_VARIABLES). Pure: validation, rendering, preview
 * and content screening take the template and return values; nothing is sent from here.
 *
 * The rules a template must pass before approval (see template-version.ts):
 *   - only catalogue variables, every `{{` closed, no `{name}` written with single braces;
 *   - a body, and a subject exactly for email and letters;
 *   - text messages (SMS, emergency-contact message) at most 300 characters when every
 *     variable holds its longest accepted value — render refuses longer values, so the
 *     bound holds for every message actually sent;
 *   - a message to a third party (an emergency contact) uses no variable that discloses the
 *     debt and no word that mentions it (cn.no-disclosure, us.third-parties);
 *   - it states the institution's name (cn.identify);
 *   - no screened phrase (cn.content-screen), checked by screenTemplate.
 */
import { z } from 'zod';
import { type BusinessDate, isBusinessDate } from '../calendar/business-date.js';
import {
  BUILT_IN_PHRASES,
  compilePhrases,
  type ScreeningPhrase,
  type ScreenMatch,
  screenCompiled,
  screenText,
} from '../compliance/content-screen.js';
import type { LocalizedText } from '../compliance/rule-pack.js';
import { bilingualMessage, type ErrorCode, type Locale } from '../errors/error-codes.js';
import { type Fen, fen, formatCny } from '../money/money.js';

/** 渠道 the channels a template is written for. */
export const TEMPLATE_CHANNELS = ['sms', 'push', 'email', 'letter', 'emergency-contact-message'] as const;
/** 渠道 the channel a template is written for. */
export type TemplateChannel = (typeof TEMPLATE_CHANNELS)[number];

/** The locales a template is written in. */
export const TEMPLATE_LOCALES = ['zh-CN', 'en-US'] as const satisfies readonly Locale[];

/** 受众 who reads the message: the debtor (or guarantor) or a third party. */
export const TEMPLATE_AUDIENCES = ['debtor', 'third-party'] as const;
/** 受众 who reads the message. */
export type TemplateAudience = (typeof TEMPLATE_AUDIENCES)[number];

/** Channels whose templates have a subject (email subject, letter heading). */
export const SUBJECT_CHANNELS: readonly TemplateChannel[] = ['email', 'letter'];
/** Channels sent as text messages, whose length is capped. */
export const TEXT_MESSAGE_CHANNELS: readonly TemplateChannel[] = ['sms', 'emergency-contact-message'];
/** The longest text message, in characters, after rendering with the longest accepted values. */
export const MAX_TEXT_MESSAGE_CHARS = 300;
/** The longest body and subject a template may have, in characters (shape limit, not a channel limit). */
export const MAX_TEMPLATE_BODY_CHARS = 10_000;
export const MAX_TEMPLATE_SUBJECT_CHARS = 200;

/** 消息模板 the content of a message template (one channel, one locale). */
export const MessageTemplate = z
  .object({
    channel: z.enum(TEMPLATE_CHANNELS),
    locale: z.enum(TEMPLATE_LOCALES),
    /** A third-party template on another channel than 'emergency-contact-message'. */
    audience: z.enum(TEMPLATE_AUDIENCES).optional(),
    subject: z.string().max(MAX_TEMPLATE_SUBJECT_CHARS).optional(),
    body: z.string().max(MAX_TEMPLATE_BODY_CHARS),
  })
  .strict();
/** 消息模板 the content of a message template (one channel, one locale). */
export type MessageTemplate = z.infer<typeof MessageTemplate>;

// ---------------------------------------------------------------------------------------------
// Variable catalogue

/** How a variable's value is typed and rendered. */
export type TemplateVariableType = 'text' | 'fen' | 'date' | 'integer' | 'url';

/** 模板变量 one variable of the catalogue. */
export interface TemplateVariableSpec {
  type: TemplateVariableType;
  description: LocalizedText;
  /** 计算口径 for amounts: how the figure is made up, as shown to the debtor. */
  formula?: LocalizedText;
  /** True when the value reveals the debt; such a variable never appears in a third-party message. */
  disclosesDebt: boolean;
  /** For text and links: the longest value render accepts, in characters. */
  maxLength?: number;
}

/**
 * The largest amount render accepts: ¥99,999,999.99, far above any microloan, and 14 characters
 * in the text-message length bound. A larger figure is refused rather than sent over-long.
 */
export const MAX_TEMPLATE_AMOUNT_FEN = 9_999_999_999;

/** The largest day count render accepts for `dpd` (five digits in the length bound). */
export const MAX_TEMPLATE_DPD = 99_999;

/** 模板变量目录 the variables a template may use. */
export const TEMPLATE_VARIABLES = {
  debtorName: {
    type: 'text',
    description: { 'zh-CN': '借款人姓名', 'en-US': "The borrower's name" },
    disclosesDebt: false,
    maxLength: 30,
  },
  institutionName: {
    type: 'text',
    description: {
      'zh-CN': '放款机构名称;每条消息都须表明机构身份(cn.identify)',
      'en-US': "The lending institution's name; every message must state it (cn.identify)",
    },
    disclosesDebt: false,
    maxLength: 40,
  },
  overdueAmount: {
    type: 'fen',
    description: {
      'zh-CN': '逾期金额:已到期未还的全部款项',
      'en-US': 'Overdue amount: everything past due and unpaid',
    },
    formula: {
      'zh-CN': '逾期金额 = 逾期本金 + 逾期利息 + 罚息 + 费用',
      'en-US': 'Overdue amount = overdue principal + overdue interest + penalty interest + fees',
    },
    disclosesDebt: true,
  },
  overduePrincipal: {
    type: 'fen',
    description: {
      'zh-CN': '逾期本金:已到期未还的本金',
      'en-US': 'Overdue principal: principal past due and unpaid',
    },
    formula: {
      'zh-CN': '逾期本金 = 已到期各期应还本金 − 其中已还本金',
      'en-US': 'Overdue principal = principal of the installments already due − the part of it repaid',
    },
    disclosesDebt: true,
  },
  penaltyInterest: {
    type: 'fen',
    description: {
      'zh-CN': '罚息:逾期本金按日计收的罚息,累计至今',
      'en-US': 'Penalty interest charged daily on the overdue principal, to date',
    },
    formula: {
      'zh-CN':
        '罚息 = 每日(逾期本金 × 罚息年利率 ÷ 360)之和,每日四舍五入到分;罚息年利率按合同约定(默认为合同年利率的 1.5 倍)',
      'en-US':
        'Penalty interest = the sum over the days of (overdue principal × penalty annual rate ÷ 360), each day rounded to the fen; the penalty rate is the contract’s (by default 1.5 × the contract annual rate)',
    },
    disclosesDebt: true,
  },
  lateFees: {
    type: 'fen',
    description: {
      'zh-CN': '费用:合同约定的逾期费用',
      'en-US': 'Fees: the late fees the contract provides for',
    },
    formula: {
      'zh-CN': '费用 = 合同约定的各项逾期费用之和;利息、罚息与费用合计不超过综合年化成本上限',
      'en-US':
        'Fees = the sum of the late fees in the contract; interest, penalty interest and fees together stay within the all-in annual cost cap',
    },
    disclosesDebt: true,
  },
  totalOutstanding: {
    type: 'fen',
    description: {
      'zh-CN': '全部未还金额:今日结清所需金额',
      'en-US': 'Total outstanding: what it takes to settle the loan today',
    },
    formula: {
      'zh-CN': '全部未还金额 = 全部未还本金(含未到期)+ 逾期利息 + 罚息 + 费用',
      'en-US':
        'Total outstanding = all unpaid principal (due or not) + overdue interest + penalty interest + fees',
    },
    disclosesDebt: true,
  },
  dueDate: {
    type: 'date',
    description: {
      'zh-CN': '应还日期:最早一期未还清款项的到期日',
      'en-US': 'Due date of the earliest installment not fully paid',
    },
    disclosesDebt: true,
  },
  dpd: {
    type: 'integer',
    description: {
      'zh-CN': '逾期天数 = 当前营业日 − 最早一期未还清款项的到期日',
      'en-US': 'Days past due = business date − due date of the earliest installment not fully paid',
    },
    disclosesDebt: true,
  },
  repaymentChannels: {
    type: 'text',
    description: { 'zh-CN': '还款渠道说明', 'en-US': 'How to pay: the repayment channels' },
    disclosesDebt: true,
    maxLength: 50,
  },
  repaymentLink: {
    type: 'url',
    description: {
      'zh-CN': '还款链接(借款人自助页面)',
      'en-US': "Repayment link (the debtor's self-service page)",
    },
    disclosesDebt: true,
    maxLength: 60,
  },
  promiseDate: {
    type: 'date',
    description: { 'zh-CN': '承诺还款日期', 'en-US': 'The date the debtor promised to pay by' },
    disclosesDebt: true,
  },
  promiseAmount: {
    type: 'fen',
    description: { 'zh-CN': '承诺还款金额', 'en-US': 'The amount the debtor promised to pay' },
    formula: {
      'zh-CN': '承诺金额 = 您同意在承诺日期前偿还的金额',
      'en-US': 'Promised amount = what you agreed to pay by the promised date',
    },
    disclosesDebt: true,
  },
  servicePhone: {
    type: 'text',
    description: { 'zh-CN': '机构客服电话', 'en-US': "The institution's customer service number" },
    disclosesDebt: false,
    maxLength: 20,
  },
  callbackPhone: {
    type: 'text',
    description: {
      'zh-CN': '回电号码(请第三方转告借款人回电)',
      'en-US': 'Call-back number (a third party passes it on to the debtor)',
    },
    disclosesDebt: false,
    maxLength: 20,
  },
} as const satisfies Record<string, TemplateVariableSpec>;

/** The name of a catalogue variable. */
export type TemplateVariableName = keyof typeof TEMPLATE_VARIABLES;

/** All catalogue variable names, in catalogue order. */
export const TEMPLATE_VARIABLE_NAMES = Object.keys(TEMPLATE_VARIABLES) as TemplateVariableName[];

type ValueOf<T extends TemplateVariableType> = T extends 'fen' ? Fen : T extends 'integer' ? number : string;

/** Values for rendering: fen for amounts, 'YYYY-MM-DD' for dates, whole numbers for `dpd`, text otherwise. */
export type TemplateValues = {
  readonly [K in TemplateVariableName]?: ValueOf<(typeof TEMPLATE_VARIABLES)[K]['type']> | null;
};

const spec = (name: TemplateVariableName): TemplateVariableSpec => TEMPLATE_VARIABLES[name];

const isVariableName = (name: string): name is TemplateVariableName =>
  Object.hasOwn(TEMPLATE_VARIABLES, name);

/** 示例值 the values a preview shows, per locale. */
export const TEMPLATE_SAMPLE_VALUES: Readonly<Record<Locale, Required<TemplateValues>>> = {
  'zh-CN': {
    debtorName: '张伟',
    institutionName: '示例小额贷款有限公司',
    overdueAmount: fen(124_000),
    overduePrincipal: fen(118_000),
    penaltyInterest: fen(3_540),
    lateFees: fen(2_460),
    totalOutstanding: fen(612_000),
    dueDate: '2026-11-28',
    dpd: 3,
    repaymentChannels: 'App“我的借款”页面、银行转账至对公账户',
    repaymentLink: 'https://pay.example.cn/r/7Hk2Qp',
    promiseDate: '2026-12-05',
    promiseAmount: fen(124_000),
    servicePhone: '400-000-0000',
    callbackPhone: '0755-12345678',
  },
  'en-US': {
    debtorName: 'Zhang Wei',
    institutionName: 'Example Microcredit Co., Ltd.',
    overdueAmount: fen(124_000),
    overduePrincipal: fen(118_000),
    penaltyInterest: fen(3_540),
    lateFees: fen(2_460),
    totalOutstanding: fen(612_000),
    dueDate: '2026-11-28',
    dpd: 3,
    repaymentChannels: 'the app (My loans) or a bank transfer',
    repaymentLink: 'https://pay.example.cn/r/7Hk2Qp',
    promiseDate: '2026-12-05',
    promiseAmount: fen(124_000),
    servicePhone: '400-000-0000',
    callbackPhone: '0755-12345678',
  },
};

// The longest value of each type render accepts: the text-message bound holds for every send.
const WORST_CASE_DATE: BusinessDate = '2026-12-28'; // 2026年12月28日 / 28 Dec 2026: the longest forms
function worstCaseValue(name: TemplateVariableName): string | number {
  const s = spec(name);
  switch (s.type) {
    case 'fen':
      return MAX_TEMPLATE_AMOUNT_FEN;
    case 'date':
      return WORST_CASE_DATE;
    case 'integer':
      return MAX_TEMPLATE_DPD;
    case 'url':
      return `https://${'w'.repeat((s.maxLength ?? 0) - 'https://'.length)}`;
    case 'text':
      return '字'.repeat(s.maxLength ?? 0);
  }
}

// ---------------------------------------------------------------------------------------------
// Issues

/** A template field an issue points at. */
export type TemplateField = 'body' | 'subject';

/** 模板问题 one problem found in a template, with its place and bilingual message. */
export interface TemplateIssue {
  path: TemplateField;
  code: ErrorCode;
  params: Record<string, unknown>;
  message: Record<Locale, string>;
  /** UTF-16 offsets into the field, end exclusive, when the problem has a place in the text. */
  start?: number;
  end?: number;
}

function issue(
  path: TemplateField,
  code: ErrorCode,
  params: Record<string, unknown> = {},
  span?: { start: number; end: number },
): TemplateIssue {
  const found: TemplateIssue = { path, code, params, message: bilingualMessage(code, params) };
  if (span) {
    found.start = span.start;
    found.end = span.end;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Parsing

interface Placeholder {
  name: string; // as written, trimmed
  start: number;
  end: number; // end exclusive, after the closing braces
}

interface ParsedText {
  text: string;
  placeholders: Placeholder[];
  issues: TemplateIssue[];
}

const SINGLE_BRACE = /(?<!\{)\{\s*([A-Za-z][A-Za-z0-9]*)\s*\}(?!\})/g;

/**
 * Splits a field into literal text and `{{name}}` placeholders. A `{{` with no `}}` before the
 * next `{{` is unclosed; a `}}` outside any placeholder is unbalanced; `{name}` with single
 * braces around a catalogue name is almost surely a placeholder written wrong.
 */
function parseField(text: string, path: TemplateField): ParsedText {
  const placeholders: Placeholder[] = [];
  const issues: TemplateIssue[] = [];
  const literalRanges: [number, number][] = [];
  let i = 0;
  let literalFrom = 0;
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    const strayClose = text.indexOf('}}', i);
    if (strayClose !== -1 && (open === -1 || strayClose < open)) {
      issues.push(
        issue(
          path,
          'TEMPLATE_BRACES_UNBALANCED',
          { position: strayClose + 1 },
          { start: strayClose, end: strayClose + 2 },
        ),
      );
      i = strayClose + 2;
      continue;
    }
    if (open === -1) break;
    const close = text.indexOf('}}', open + 2);
    const nextOpen = text.indexOf('{{', open + 2);
    if (close === -1 || (nextOpen !== -1 && nextOpen < close)) {
      issues.push(
        issue(path, 'TEMPLATE_BRACES_UNBALANCED', { position: open + 1 }, { start: open, end: open + 2 }),
      );
      i = open + 2;
      continue;
    }
    literalRanges.push([literalFrom, open]);
    placeholders.push({ name: text.slice(open + 2, close).trim(), start: open, end: close + 2 });
    i = close + 2;
    literalFrom = i;
  }
  literalRanges.push([literalFrom, text.length]);
  for (const [from, to] of literalRanges) {
    for (const m of text.slice(from, to).matchAll(SINGLE_BRACE)) {
      const name = m[1]!;
      if (!isVariableName(name)) continue;
      const start = from + m.index;
      issues.push(
        issue(path, 'TEMPLATE_VARIABLE_SINGLE_BRACE', { name }, { start, end: start + m[0].length }),
      );
    }
  }
  return { text, placeholders, issues };
}

function fieldsOf(template: MessageTemplate): { path: TemplateField; text: string }[] {
  const fields: { path: TemplateField; text: string }[] = [];
  if (template.subject !== undefined) fields.push({ path: 'subject', text: template.subject });
  fields.push({ path: 'body', text: template.body });
  return fields;
}

/** The catalogue variables a template uses, in order of first use (subject first), each once. */
export function templateVariables(template: MessageTemplate): TemplateVariableName[] {
  const seen = new Set<TemplateVariableName>();
  for (const { path, text } of fieldsOf(template)) {
    for (const p of parseField(text, path).placeholders) if (isVariableName(p.name)) seen.add(p.name);
  }
  return [...seen];
}

/** True when the template is read by someone other than the debtor (cn.no-disclosure applies). */
export function isThirdPartyTemplate(template: MessageTemplate): boolean {
  return template.channel === 'emergency-contact-message' || template.audience === 'third-party';
}

// ---------------------------------------------------------------------------------------------
// Rendering

const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** A date as the debtor reads it: 2026年11月28日 (zh-CN) or 28 Nov 2026 (en-US). */
export function formatTemplateDate(date: BusinessDate, locale: Locale): string {
  if (!isBusinessDate(date)) throw new RangeError(`Not a date (YYYY-MM-DD): ${date}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return locale === 'zh-CN' ? `${y}年${m}月${d}日` : `${d} ${EN_MONTHS[m - 1]} ${y}`;
}

const URL_RE = /^https?:\/\/[^\s/?#]+[^\s]*$/;
const charCount = (text: string) => Array.from(text).length;

/** The rendered form of a value, or the issue that refuses it. */
function formatValue(
  name: TemplateVariableName,
  value: unknown,
  locale: Locale,
  path: TemplateField,
): { ok: true; text: string } | { ok: false; issue: TemplateIssue } {
  const s = spec(name);
  if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
    return { ok: false, issue: issue(path, 'TEMPLATE_VALUE_MISSING', { name }) };
  }
  const invalid = (expected: LocalizedText) => ({
    ok: false as const,
    issue: issue(path, 'TEMPLATE_VALUE_INVALID', { name, expected: expected[locale] }),
  });
  switch (s.type) {
    case 'fen':
      if (
        typeof value !== 'number' ||
        !Number.isSafeInteger(value) ||
        value < 0 ||
        value > MAX_TEMPLATE_AMOUNT_FEN
      ) {
        return invalid({
          'zh-CN': `0 至 ${MAX_TEMPLATE_AMOUNT_FEN} 的整数分`,
          'en-US': `a whole number of fen from 0 to ${MAX_TEMPLATE_AMOUNT_FEN}`,
        });
      }
      return { ok: true, text: formatCny(value as Fen) };
    case 'date':
      if (typeof value !== 'string' || !isBusinessDate(value)) {
        return invalid({ 'zh-CN': 'YYYY-MM-DD 格式的日期', 'en-US': 'a date as YYYY-MM-DD' });
      }
      return { ok: true, text: formatTemplateDate(value, locale) };
    case 'integer':
      if (
        typeof value !== 'number' ||
        !Number.isSafeInteger(value) ||
        value < 0 ||
        value > MAX_TEMPLATE_DPD
      ) {
        return invalid({
          'zh-CN': `0 至 ${MAX_TEMPLATE_DPD} 的整数`,
          'en-US': `a whole number 0 to ${MAX_TEMPLATE_DPD}`,
        });
      }
      return { ok: true, text: String(value) };
    case 'url':
    case 'text': {
      const max = s.maxLength ?? Number.POSITIVE_INFINITY;
      if (typeof value !== 'string' || charCount(value) > max) {
        return invalid({
          'zh-CN': `不超过 ${max} 个字符的文本`,
          'en-US': `text of at most ${max} characters`,
        });
      }
      if (s.type === 'url' && !URL_RE.test(value)) {
        return invalid({ 'zh-CN': 'http(s):// 开头的链接', 'en-US': 'a link starting with http(s)://' });
      }
      return { ok: true, text: value };
    }
  }
}

/** Fills a parsed field; unknown placeholders stay as written (only preview and the length check get here with them). */
function fill(parsed: ParsedText, valueText: (name: TemplateVariableName) => string): string {
  let out = '';
  let at = 0;
  for (const p of parsed.placeholders) {
    out += parsed.text.slice(at, p.start);
    out += isVariableName(p.name) ? valueText(p.name) : parsed.text.slice(p.start, p.end);
    at = p.end;
  }
  return out + parsed.text.slice(at);
}

/** 渲染结果 a rendered message. */
export interface RenderedMessage {
  subject: string | null;
  body: string;
}

/**
 * 渲染 fills a template's variables for one message. Refuses (every problem at once) a template
 * with syntax errors or unknown variables, and missing or invalid values; dates are written for
 * `locale` (the template's own by default), amounts as ¥1,240.00. Values are inserted verbatim,
 * never re-read as template text.
 */
export function renderTemplate(
  template: MessageTemplate,
  values: TemplateValues,
  locale: Locale = template.locale,
): { ok: true; message: RenderedMessage } | { ok: false; issues: TemplateIssue[] } {
  const issues: TemplateIssue[] = [];
  const rendered: Partial<Record<TemplateField, string>> = {};
  const reported = new Set<string>();
  for (const { path, text } of fieldsOf(template)) {
    const parsed = parseField(text, path);
    issues.push(...parsed.issues);
    const texts = new Map<TemplateVariableName, string>();
    for (const p of parsed.placeholders) {
      if (!isVariableName(p.name)) {
        issues.push(issue(path, 'TEMPLATE_VARIABLE_UNKNOWN', { name: p.name }, p));
        continue;
      }
      if (texts.has(p.name) || reported.has(p.name)) continue;
      const formatted = formatValue(p.name, values[p.name], locale, path);
      if (formatted.ok) texts.set(p.name, formatted.text);
      else {
        reported.add(p.name);
        issues.push(formatted.issue);
      }
    }
    rendered[path] = fill(parsed, (name) => texts.get(name) ?? '');
  }
  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, message: { subject: rendered.subject ?? null, body: rendered.body ?? '' } };
}

/**
 * 变量文本 the text of each variable the template uses, exactly as renderTemplate writes it into
 * the message (¥1,240.00, 2026年11月28日 …) — what a provider-registered template (Aliyun,
 * Tencent) receives as its parameters, so the delivered text reads as the approved one.
 * Variables the template does not use are left out: a provider template must not show what
 * the approved text does not (a third-party message discloses no debt). A value render would
 * refuse is left out too; call it for a template that rendered.
 */
export function renderTemplateValues(
  template: MessageTemplate,
  values: TemplateValues,
  locale: Locale = template.locale,
): Partial<Record<TemplateVariableName, string>> {
  const texts: Partial<Record<TemplateVariableName, string>> = {};
  for (const name of templateVariables(template)) {
    const formatted = formatValue(name, values[name], locale, 'body');
    if (formatted.ok) texts[name] = formatted.text;
  }
  return texts;
}

/**
 * 预览 renders a template with the sample values of `locale` (the template's by default).
 * Tolerant, for an editor: unknown or unclosed placeholders are shown as written.
 */
export function previewTemplate(
  template: MessageTemplate,
  locale: Locale = template.locale,
): RenderedMessage {
  const samples = TEMPLATE_SAMPLE_VALUES[locale];
  const sampleText = (name: TemplateVariableName) => {
    const r = formatValue(name, samples[name], locale, 'body');
    return r.ok ? r.text : '';
  };
  const subject =
    template.subject === undefined ? null : fill(parseField(template.subject, 'subject'), sampleText);
  return { subject, body: fill(parseField(template.body, 'body'), sampleText) };
}

// ---------------------------------------------------------------------------------------------
// Validation

/**
 * Words that mention a debt: a third-party message may contain none (cn.no-disclosure). They are
 * matched like screened phrases (spacing and full-width forms do not hide them; Latin words at
 * word edges, so 'payment' is not found in 'repayments' — each form is listed).
 */
export const THIRD_PARTY_DEBT_WORDS: Readonly<Record<Locale, readonly string[]>> = {
  'zh-CN': [
    '欠款',
    '欠钱',
    '欠债',
    '欠费',
    '债务',
    '逾期',
    '还款',
    '还钱',
    '借款',
    '借钱',
    '贷款',
    '网贷',
    '催收',
    '账单',
    '罚息',
    '本金',
    '利息',
    '未还',
    '应还',
  ],
  'en-US': [
    'debt',
    'debts',
    'debtor',
    'overdue',
    'loan',
    'loans',
    'payment',
    'payments',
    'repay',
    'repayment',
    'repayments',
    'pay back',
    'owe',
    'owes',
    'owed',
    'owing',
    'arrears',
    'past due',
    'late fee',
    'late fees',
    'delinquent',
    'delinquency',
    'collection agency',
    'debt collector',
    'outstanding balance',
    'balance due',
  ],
};

const DEBT_WORD_SCREEN = compilePhrases(
  (Object.entries(THIRD_PARTY_DEBT_WORDS) as [Locale, readonly string[]][]).flatMap(([locale, words]) =>
    words.map(
      (phrase): ScreeningPhrase => ({
        phrase,
        category: 'third-party-disclosure',
        locale,
        source: 'built-in',
      }),
    ),
  ),
);

/**
 * The field with each placeholder blanked out (same length, so match offsets stay valid):
 * screening reads what the author wrote, not variable names or the values filled in later.
 */
function authoredText(parsed: ParsedText): string {
  let out = parsed.text;
  for (const p of parsed.placeholders) {
    out = out.slice(0, p.start) + '\n'.repeat(p.end - p.start) + out.slice(p.end);
  }
  return out;
}

/**
 * 模板校验 every problem of a template, each with its field and bilingual message; empty when the
 * template may go to approval. `phrases` (built-in by default, plus the institution's) supply
 * the third-party-disclosure phrases checked in third-party templates; the full screening of
 * all categories is screenTemplate.
 */
export function validateTemplate(
  template: MessageTemplate,
  phrases: readonly ScreeningPhrase[] = BUILT_IN_PHRASES,
): TemplateIssue[] {
  const issues: TemplateIssue[] = [];
  const fields = fieldsOf(template).map(({ path, text }) => parseField(text, path));
  const [subject, body] = template.subject === undefined ? [undefined, fields[0]!] : [fields[0]!, fields[1]!];
  const pathOf = (parsed: ParsedText): TemplateField => (parsed === subject ? 'subject' : 'body');

  if (template.body.trim() === '') issues.push(issue('body', 'TEMPLATE_BODY_EMPTY'));
  const wantsSubject = SUBJECT_CHANNELS.includes(template.channel);
  if (wantsSubject && (template.subject === undefined || template.subject.trim() === '')) {
    issues.push(issue('subject', 'TEMPLATE_SUBJECT_REQUIRED', { channel: template.channel }));
  } else if (!wantsSubject && template.subject !== undefined) {
    issues.push(issue('subject', 'TEMPLATE_SUBJECT_NOT_ALLOWED', { channel: template.channel }));
  }

  const thirdParty = isThirdPartyTemplate(template);
  const disclosurePhrases = phrases.filter((p) => p.category === 'third-party-disclosure');
  let statesInstitution = false;
  for (const parsed of fields) {
    const path = pathOf(parsed);
    issues.push(...parsed.issues);
    for (const p of parsed.placeholders) {
      const span = { start: p.start, end: p.end };
      if (!isVariableName(p.name)) {
        issues.push(issue(path, 'TEMPLATE_VARIABLE_UNKNOWN', { name: p.name }, span));
        continue;
      }
      if (p.name === 'institutionName') statesInstitution = true;
      if (thirdParty && spec(p.name).disclosesDebt) {
        issues.push(issue(path, 'TEMPLATE_THIRD_PARTY_DEBT_VARIABLE', { name: p.name }, span));
      }
    }
    if (thirdParty) {
      const authored = authoredText(parsed);
      const mentions = [
        ...screenText(authored, disclosurePhrases),
        ...screenCompiled(authored, DEBT_WORD_SCREEN),
      ].sort((a, b) => a.start - b.start || b.end - a.end);
      for (const m of mentions) {
        issues.push(
          issue(path, 'TEMPLATE_THIRD_PARTY_DEBT_MENTION', { phrase: parsed.text.slice(m.start, m.end) }, m),
        );
      }
    }
  }
  // cn.identify: the institution's name is a variable, so the name is always the configured one.
  if (!statesInstitution) issues.push(issue('body', 'TEMPLATE_INSTITUTION_NAME_MISSING'));

  if (TEXT_MESSAGE_CHANNELS.includes(template.channel)) {
    const longest = fill(body, (name) => {
      const r = formatValue(name, worstCaseValue(name), template.locale, 'body');
      return r.ok ? r.text : '';
    });
    const length = charCount(longest);
    if (length > MAX_TEXT_MESSAGE_CHARS) {
      issues.push(issue('body', 'TEMPLATE_SMS_TOO_LONG', { length, max: MAX_TEXT_MESSAGE_CHARS }));
    }
  }
  return issues;
}

/** 筛查命中 a screened phrase found in one field of a template. */
export interface TemplateScreenMatch extends ScreenMatch {
  path: TemplateField;
}

/**
 * 模板内容筛查 screens what the author wrote in a template (subject and body, placeholders left
 * out) against the phrase list (built-in plus the institution's); approval refuses any match.
 */
export function screenTemplate(
  template: MessageTemplate,
  phrases: readonly ScreeningPhrase[],
): TemplateScreenMatch[] {
  const compiled = compilePhrases(phrases);
  return fieldsOf(template).flatMap(({ path, text }) =>
    screenCompiled(authoredText(parseField(text, path)), compiled).map((m) => ({ ...m, path })),
  );
}
