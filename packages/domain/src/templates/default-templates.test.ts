import { describe, expect, it } from 'vitest';
import { BUILT_IN_PHRASES } from '../compliance/content-screen.js';
import { DEFAULT_STRATEGY, DEFAULT_TEMPLATE_CODES } from '../strategy/default-strategy.js';
import { DEFAULT_TEMPLATES } from './default-templates.js';
import {
  isThirdPartyTemplate,
  MessageTemplate,
  previewTemplate,
  renderTemplate,
  SUBJECT_CHANNELS,
  screenTemplate,
  TEMPLATE_LOCALES,
  TEMPLATE_SAMPLE_VALUES,
  TEMPLATE_VARIABLES,
  type TemplateVariableName,
  templateVariables,
  validateTemplate,
} from './message-template.js';

/** The channel each template code is sent by, as the default strategy's steps say. */
const strategyChannels = new Map<string, Set<string>>();
for (const plan of DEFAULT_STRATEGY.plans) {
  for (const step of plan.steps) {
    if (step.templateCode === undefined) continue;
    const channels = strategyChannels.get(step.templateCode) ?? new Set<string>();
    channels.add(step.channel);
    strategyChannels.set(step.templateCode, channels);
  }
}

const named = (code: string, locale: string) => `${code} (${locale})`;
const cases = DEFAULT_TEMPLATES.map((d) => [named(d.code, d.template.locale), d] as const);
const find = (code: string, locale: string) => {
  const found = DEFAULT_TEMPLATES.find((d) => d.code === code && d.template.locale === locale);
  if (!found) throw new Error(`No default template ${named(code, locale)}`);
  return found.template;
};
const bothLocales = (code: string) => TEMPLATE_LOCALES.map((locale) => [locale, find(code, locale)] as const);

describe('DEFAULT_TEMPLATES coverage', () => {
  it('has exactly one zh-CN and one en-US template for every default template code', () => {
    const keys = DEFAULT_TEMPLATES.map((d) => `${d.code}|${d.template.locale}`);
    expect(new Set(keys).size).toBe(keys.length);
    const expected = DEFAULT_TEMPLATE_CODES.flatMap((code) => TEMPLATE_LOCALES.map((l) => `${code}|${l}`));
    expect([...keys].sort()).toEqual([...expected].sort());
  });

  it('every code the strategy names is sent by one channel, and its templates are written for it', () => {
    expect([...strategyChannels.keys()].sort()).toEqual([...DEFAULT_TEMPLATE_CODES].sort());
    for (const d of DEFAULT_TEMPLATES) {
      const channels = strategyChannels.get(d.code);
      expect(channels && [...channels], d.code).toEqual([d.channel]);
      expect(d.template.channel, d.code).toBe(d.channel);
    }
  });

  it('uses the channels the plan gives each code', () => {
    const channelOf = (code: string) => DEFAULT_TEMPLATES.find((d) => d.code === code)?.channel;
    expect(channelOf('sms.m1.reminder')).toBe('sms');
    expect(channelOf('push.m1.reminder')).toBe('push');
    expect(channelOf('sms.promise.reminder')).toBe('sms');
    expect(channelOf('sms.m2.notice')).toBe('sms');
    expect(channelOf('sms.emergency.callback')).toBe('emergency-contact-message');
    expect(channelOf('letter.m3.demand')).toBe('letter');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(DEFAULT_TEMPLATES)).toBe(true);
    for (const d of DEFAULT_TEMPLATES) {
      expect(Object.isFrozen(d)).toBe(true);
      expect(Object.isFrozen(d.template)).toBe(true);
    }
  });
});

describe.each(cases)('%s', (_name, d) => {
  it('fits the template schema', () => {
    expect(MessageTemplate.safeParse(d.template).success).toBe(true);
  });

  it('passes validation with the built-in phrases (no issues)', () => {
    expect(validateTemplate(d.template, BUILT_IN_PHRASES)).toEqual([]);
  });

  it('contains no screened phrase', () => {
    expect(screenTemplate(d.template, BUILT_IN_PHRASES)).toEqual([]);
  });

  it('names the institution (cn.identify)', () => {
    expect(templateVariables(d.template)).toContain('institutionName');
  });

  it('has a subject exactly when the channel takes one', () => {
    expect(d.template.subject !== undefined).toBe(SUBJECT_CHANNELS.includes(d.channel));
  });

  it('previews without a leftover placeholder', () => {
    const preview = previewTemplate(d.template);
    for (const text of [preview.body, preview.subject ?? '']) {
      expect(text).not.toContain('{{');
      expect(text).not.toContain('}}');
    }
    expect(preview.body).toContain(TEMPLATE_SAMPLE_VALUES[d.template.locale].institutionName);
  });

  it('renders with the sample values', () => {
    const rendered = renderTemplate(d.template, TEMPLATE_SAMPLE_VALUES[d.template.locale]);
    expect(rendered.ok).toBe(true);
  });
});

describe('DEFAULT_TEMPLATES content (the plan)', () => {
  const uses = (template: MessageTemplate, ...names: TemplateVariableName[]) => {
    const vars = templateVariables(template);
    for (const name of names) expect(vars, name).toContain(name);
  };

  it.each(['sms.m1.reminder', 'push.m1.reminder'])(
    '%s states the overdue amount, the due date and how to repay',
    (code) => {
      for (const [locale, template] of bothLocales(code)) {
        uses(template, 'institutionName', 'overdueAmount', 'dueDate');
        const vars = templateVariables(template);
        expect(
          vars.includes('repaymentChannels') || vars.includes('repaymentLink'),
          `${code} ${locale} says how to repay`,
        ).toBe(true);
      }
    },
  );

  it('the promise reminder states the promised date and amount', () => {
    for (const [, template] of bothLocales('sms.promise.reminder')) {
      uses(template, 'institutionName', 'promiseDate', 'promiseAmount');
    }
  });

  it('the M2 notice states the credit-record consequence as the rules put it', () => {
    expect(find('sms.m2.notice', 'zh-CN').body).toContain('逾期记录可能按规定报送金融信用信息基础数据库');
    expect(find('sms.m2.notice', 'en-US').body).toContain('may be reported to the credit reference database');
    for (const [, template] of bothLocales('sms.m2.notice'))
      uses(template, 'institutionName', 'overdueAmount');
  });

  it('the emergency-contact message is a third-party call-back request disclosing nothing of the debt', () => {
    for (const [, template] of bothLocales('sms.emergency.callback')) {
      expect(isThirdPartyTemplate(template)).toBe(true);
      const vars = templateVariables(template);
      expect([...vars].sort()).toEqual(['callbackPhone', 'debtorName', 'institutionName']);
      for (const name of vars) expect(TEMPLATE_VARIABLES[name].disclosesDebt).toBe(false);
    }
  });

  it('the M3 demand letter states the total outstanding, how it is made up, a deadline and lawful next steps', () => {
    for (const [, template] of bothLocales('letter.m3.demand')) {
      expect(template.subject?.trim()).toBeTruthy();
      uses(
        template,
        'institutionName',
        'totalOutstanding',
        'overdueAmount',
        'overduePrincipal',
        'penaltyInterest',
        'lateFees',
        'servicePhone',
      );
    }
    const zh = find('letter.m3.demand', 'zh-CN').body;
    expect(zh).toContain('15日内');
    expect(zh).toContain('可能依法提起诉讼');
    const en = find('letter.m3.demand', 'en-US').body;
    expect(en).toContain('within 15 days');
    expect(en).toContain('may file a lawsuit');
  });
});
