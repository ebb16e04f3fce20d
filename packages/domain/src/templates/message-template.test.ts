import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILT_IN_PHRASES, type ScreeningPhrase } from '../compliance/content-screen.js';
import { THIRD_PARTY_SCRIPTS } from '../compliance/third-party-scripts.js';
import { type Fen, fen } from '../money/money.js';
import {
  formatTemplateDate,
  isThirdPartyTemplate,
  MAX_TEMPLATE_AMOUNT_FEN,
  MAX_TEMPLATE_DPD,
  MAX_TEXT_MESSAGE_CHARS,
  MessageTemplate,
  previewTemplate,
  renderTemplate,
  renderTemplateValues,
  screenTemplate,
  TEMPLATE_SAMPLE_VALUES,
  TEMPLATE_VARIABLE_NAMES,
  TEMPLATE_VARIABLES,
  type TemplateValues,
  type TemplateVariableName,
  templateVariables,
  validateTemplate,
} from './message-template.js';

const dayOneSms: MessageTemplate = {
  channel: 'sms',
  locale: 'zh-CN',
  body:
    '【{{institutionName}}】{{debtorName}}您好,您的借款已逾期{{dpd}}天,逾期金额{{overdueAmount}}(应还日{{dueDate}})。' +
    '请通过{{repaymentChannels}}还款,或打开 {{repaymentLink}}。客服电话{{servicePhone}}。',
};
const englishSms: MessageTemplate = {
  channel: 'sms',
  locale: 'en-US',
  body: '{{institutionName}}: {{debtorName}}, {{overdueAmount}} was due on {{dueDate}}. Pay at {{repaymentLink}}.',
};
const reminderEmail: MessageTemplate = {
  channel: 'email',
  locale: 'zh-CN',
  subject: '{{institutionName}}还款提醒',
  body: '{{debtorName}}您好:您承诺于{{promiseDate}}还款{{promiseAmount}},如已还款请忽略。',
};
const emergencyMessage: MessageTemplate = {
  channel: 'emergency-contact-message',
  locale: 'zh-CN',
  body: '您好,这里是{{institutionName}},有事需要联系{{debtorName}},麻烦您转告其回电{{callbackPhone}},谢谢。',
};

const values: TemplateValues = {
  debtorName: '张伟',
  institutionName: '示例小额贷款有限公司',
  overdueAmount: fen(124_000),
  dueDate: '2026-11-28',
  dpd: 3,
  repaymentChannels: '我司App',
  repaymentLink: 'https://pay.example.cn/r/7Hk2Qp',
  servicePhone: '400-000-0000',
  promiseDate: '2026-12-05',
  promiseAmount: fen(50_000),
  callbackPhone: '0755-12345678',
};

const codes = (t: MessageTemplate, phrases?: readonly ScreeningPhrase[]) =>
  validateTemplate(t, phrases).map((i) => i.code);

describe('TEMPLATE_VARIABLES', () => {
  it('describes every variable in both languages', () => {
    for (const name of TEMPLATE_VARIABLE_NAMES) {
      const spec = TEMPLATE_VARIABLES[name];
      expect(spec.description['zh-CN'], name).not.toBe('');
      expect(spec.description['en-US'], name).not.toBe('');
    }
  });

  it('gives every amount the formula shown to the debtor, in both languages', () => {
    const amounts = TEMPLATE_VARIABLE_NAMES.filter((n) => TEMPLATE_VARIABLES[n].type === 'fen');
    expect(amounts).toEqual([
      'overdueAmount',
      'overduePrincipal',
      'penaltyInterest',
      'lateFees',
      'totalOutstanding',
      'promiseAmount',
    ]);
    for (const name of amounts) {
      const { formula } = TEMPLATE_VARIABLES[name] as { formula?: { 'zh-CN': string; 'en-US': string } };
      expect(formula?.['zh-CN'], name).toContain('=');
      expect(formula?.['en-US'], name).toContain('=');
    }
    expect(TEMPLATE_VARIABLES.overdueAmount.formula['zh-CN']).toBe(
      '逾期金额 = 逾期本金 + 逾期利息 + 罚息 + 费用',
    );
  });

  it('marks amounts, dates, days past due and how to pay as disclosing the debt, and nothing else', () => {
    const safe = TEMPLATE_VARIABLE_NAMES.filter((n) => !TEMPLATE_VARIABLES[n].disclosesDebt);
    expect(safe).toEqual(['debtorName', 'institutionName', 'servicePhone', 'callbackPhone']);
  });
});

describe('renderTemplateValues', () => {
  it('gives each variable the template uses as the text shows it, and nothing else', () => {
    const texts = renderTemplateValues(englishSms, values, 'zh-CN');
    expect(texts).toEqual({
      institutionName: '示例小额贷款有限公司',
      debtorName: '张伟',
      overdueAmount: '¥1,240.00',
      dueDate: '2026年11月28日',
      repaymentLink: 'https://pay.example.cn/r/7Hk2Qp',
    });
    const r = renderTemplate(englishSms, values, 'zh-CN');
    for (const text of Object.values(texts)) expect(r.ok && r.message.body).toContain(text);
  });
});

describe('renderTemplate', () => {
  it('renders amounts as ¥1,240.00 and dates as 2026年11月28日 in zh-CN', () => {
    const r = renderTemplate(dayOneSms, values);
    expect(r).toEqual({
      ok: true,
      message: {
        subject: null,
        body:
          '【示例小额贷款有限公司】张伟您好,您的借款已逾期3天,逾期金额¥1,240.00(应还日2026年11月28日)。' +
          '请通过我司App还款,或打开 https://pay.example.cn/r/7Hk2Qp。客服电话400-000-0000。',
      },
    });
  });

  it('renders dates as 28 Nov 2026 in en-US', () => {
    const r = renderTemplate(englishSms, {
      ...values,
      debtorName: 'Zhang Wei',
      institutionName: 'Example Co.',
    });
    expect(r.ok && r.message.body).toBe(
      'Example Co.: Zhang Wei, ¥1,240.00 was due on 28 Nov 2026. Pay at https://pay.example.cn/r/7Hk2Qp.',
    );
  });

  it('writes dates for the locale asked, without leading zeros', () => {
    expect(formatTemplateDate('2026-03-05', 'zh-CN')).toBe('2026年3月5日');
    expect(formatTemplateDate('2026-03-05', 'en-US')).toBe('5 Mar 2026');
    const r = renderTemplate(englishSms, values, 'zh-CN');
    expect(r.ok && r.message.body).toContain('2026年11月28日');
  });

  it('renders the subject of an email', () => {
    const r = renderTemplate(reminderEmail, values);
    expect(r).toEqual({
      ok: true,
      message: {
        subject: '示例小额贷款有限公司还款提醒',
        body: '张伟您好:您承诺于2026年12月5日还款¥500.00,如已还款请忽略。',
      },
    });
  });

  it('refuses to render with missing values, naming every missing variable once', () => {
    const r = renderTemplate(reminderEmail, { debtorName: '张伟', promiseAmount: null });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => [i.path, i.code, i.params.name])).toEqual([
      ['subject', 'TEMPLATE_VALUE_MISSING', 'institutionName'],
      ['body', 'TEMPLATE_VALUE_MISSING', 'promiseDate'],
      ['body', 'TEMPLATE_VALUE_MISSING', 'promiseAmount'],
    ]);
    expect(r.issues[0]!.message['zh-CN']).toContain('institutionName');
    expect(r.issues[0]!.message['en-US']).toContain('institutionName');
  });

  it('treats a blank text value as missing', () => {
    const r = renderTemplate(emergencyMessage, { ...values, debtorName: '  ' });
    expect(!r.ok && r.issues.map((i) => i.code)).toEqual(['TEMPLATE_VALUE_MISSING']);
  });

  it.each<[string, TemplateValues]>([
    ['a fractional amount', { overdueAmount: 1.5 as Fen }],
    ['a negative amount', { overdueAmount: -100 as Fen }],
    ['an amount over ¥99,999,999.99', { overdueAmount: (MAX_TEMPLATE_AMOUNT_FEN + 1) as Fen }],
    ['a date that does not exist', { dueDate: '2026-02-30' }],
    ['a negative day count', { dpd: -1 }],
    ['a day count over the limit', { dpd: MAX_TEMPLATE_DPD + 1 }],
    ['a link that is not http(s)', { repaymentLink: 'javascript:alert(1)' }],
    ['a name longer than its limit', { debtorName: '长'.repeat(31) }],
  ])('refuses %s', (_label, bad) => {
    const r = renderTemplate(dayOneSms, { ...values, ...bad });
    expect(!r.ok && r.issues.map((i) => i.code)).toEqual(['TEMPLATE_VALUE_INVALID']);
  });

  it('inserts values verbatim: a value that looks like a placeholder is not expanded', () => {
    const r = renderTemplate(emergencyMessage, { ...values, debtorName: '{{callbackPhone}}' });
    expect(r.ok && r.message.body).toContain('联系{{callbackPhone}},');
  });

  it('accepts spaces inside the braces', () => {
    const r = renderTemplate(
      { ...emergencyMessage, body: '{{ institutionName }}:请{{  debtorName }}回电' },
      values,
    );
    expect(r.ok && r.message.body).toBe('示例小额贷款有限公司:请张伟回电');
  });

  it('refuses a template with an unknown variable or unclosed braces', () => {
    const r = renderTemplate(
      { ...emergencyMessage, body: '{{institutionName}} {{debtorNmae}} {{callbackPhone' },
      values,
    );
    expect(!r.ok && r.issues.map((i) => i.code).sort()).toEqual([
      'TEMPLATE_BRACES_UNBALANCED',
      'TEMPLATE_VARIABLE_UNKNOWN',
    ]);
  });
});

describe('previewTemplate', () => {
  it('fills the sample values of the template locale', () => {
    expect(previewTemplate(reminderEmail)).toEqual({
      subject: '示例小额贷款有限公司还款提醒',
      body: '张伟您好:您承诺于2026年12月5日还款¥1,240.00,如已还款请忽略。',
    });
    expect(previewTemplate(englishSms).body).toBe(
      'Example Microcredit Co., Ltd.: Zhang Wei, ¥1,240.00 was due on 28 Nov 2026. Pay at https://pay.example.cn/r/7Hk2Qp.',
    );
  });

  it('shows unknown and unclosed placeholders as written, for the editor', () => {
    expect(previewTemplate({ ...emergencyMessage, body: '{{debtorName}} {{foo}} {{bar' }).body).toBe(
      '张伟 {{foo}} {{bar',
    );
  });

  it('has sample values that render for every variable in both locales', () => {
    const all: MessageTemplate = {
      channel: 'letter',
      locale: 'en-US',
      subject: 'x',
      body: TEMPLATE_VARIABLE_NAMES.map((n) => `{{${n}}}`).join(' '),
    };
    for (const locale of ['zh-CN', 'en-US'] as const) {
      expect(renderTemplate(all, TEMPLATE_SAMPLE_VALUES[locale], locale).ok).toBe(true);
    }
  });
});

describe('validateTemplate', () => {
  it('accepts well-formed templates of every channel', () => {
    expect(validateTemplate(dayOneSms)).toEqual([]);
    expect(validateTemplate(englishSms)).toEqual([]);
    expect(validateTemplate(reminderEmail)).toEqual([]);
    expect(validateTemplate(emergencyMessage)).toEqual([]);
    expect(
      validateTemplate({ channel: 'push', locale: 'zh-CN', body: '{{institutionName}}:您有一笔还款待处理' }),
    ).toEqual([]);
    expect(
      validateTemplate({
        channel: 'letter',
        locale: 'zh-CN',
        subject: '催收函',
        body: '{{debtorName}}:截至今日您尚欠{{totalOutstanding}}。{{institutionName}}',
      }),
    ).toEqual([]);
  });

  it('names an unknown variable with its field, place and bilingual message', () => {
    const [found] = validateTemplate({ ...dayOneSms, body: '{{institutionName}}:{{debtorNmae}}您好' });
    expect(found).toEqual({
      path: 'body',
      code: 'TEMPLATE_VARIABLE_UNKNOWN',
      params: { name: 'debtorNmae' },
      message: { 'zh-CN': '未知的模板变量“debtorNmae”', 'en-US': 'Unknown template variable "debtorNmae"' },
      start: 20,
      end: 34,
    });
  });

  it('finds an unclosed {{ and a stray }} with their positions', () => {
    const issues = validateTemplate({ ...dayOneSms, body: '{{institutionName}} {{debtorName 您好 }} 再见' });
    expect(issues.map((i) => [i.code, i.start])).toEqual([['TEMPLATE_VARIABLE_UNKNOWN', 20]]);
    const unclosed = validateTemplate({
      ...dayOneSms,
      body: '{{institutionName}} {{debtorName 您好 {{dpd}}',
    });
    expect(unclosed.map((i) => [i.code, i.params])).toEqual([
      ['TEMPLATE_BRACES_UNBALANCED', { position: 21 }],
    ]);
    const stray = validateTemplate({ ...dayOneSms, body: '{{institutionName}} 您好}}' });
    expect(stray.map((i) => [i.code, i.start])).toEqual([['TEMPLATE_BRACES_UNBALANCED', 22]]);
  });

  it('catches a variable written with single braces', () => {
    const issues = validateTemplate({ ...emergencyMessage, body: '{{institutionName}}:请{debtorName}回电' });
    expect(issues.map((i) => i.code)).toEqual(['TEMPLATE_VARIABLE_SINGLE_BRACE']);
    expect(issues[0]!.message['en-US']).toBe('Write the variable with double braces: {{debtorName}}');
  });

  it('refuses an empty body', () => {
    expect(codes({ ...dayOneSms, body: '   ' })).toEqual([
      'TEMPLATE_BODY_EMPTY',
      'TEMPLATE_INSTITUTION_NAME_MISSING',
    ]);
  });

  it('requires a subject for email and letters, and refuses one elsewhere', () => {
    const { subject: _, ...noSubject } = reminderEmail;
    expect(codes({ ...noSubject, body: `{{institutionName}}${reminderEmail.body}` })).toEqual([
      'TEMPLATE_SUBJECT_REQUIRED',
    ]);
    expect(codes({ ...dayOneSms, subject: '提醒' })).toEqual(['TEMPLATE_SUBJECT_NOT_ALLOWED']);
  });

  it('requires the institution name (cn.identify), in the body or the subject', () => {
    expect(codes({ ...dayOneSms, body: '{{debtorName}}您好,请尽快还款。' })).toEqual([
      'TEMPLATE_INSTITUTION_NAME_MISSING',
    ]);
    expect(codes({ ...dayOneSms, body: '【某某小贷】{{debtorName}}您好' })).toEqual([
      'TEMPLATE_INSTITUTION_NAME_MISSING',
    ]);
    expect(codes(reminderEmail)).toEqual([]); // named in the subject only
  });

  describe('text message length', () => {
    // institutionName renders at most 40 characters: 40 + 260 = 300 is the limit.
    const sms = (fill: number): MessageTemplate => ({
      channel: 'sms',
      locale: 'zh-CN',
      body: `{{institutionName}}${'请'.repeat(fill)}`,
    });

    it('accepts 300 characters with every variable at its longest value', () => {
      expect(codes(sms(260))).toEqual([]);
    });

    it('refuses 301 characters, with the length in the message', () => {
      const issues = validateTemplate(sms(261));
      expect(issues.map((i) => [i.code, i.params])).toEqual([
        ['TEMPLATE_SMS_TOO_LONG', { length: 301, max: 300 }],
      ]);
    });

    it('counts amounts at their longest (¥99,999,999.99) however small the sample', () => {
      const body = `{{institutionName}}{{overdueAmount}}${'请'.repeat(247)}`; // 40 + 14 + 247 = 301
      expect(previewTemplate({ ...sms(0), body }).body.length).toBeLessThan(MAX_TEXT_MESSAGE_CHARS);
      expect(codes({ ...sms(0), body })).toEqual(['TEMPLATE_SMS_TOO_LONG']);
    });

    it('applies to emergency-contact messages too, but not to push, email or letters', () => {
      expect(codes({ ...sms(261), channel: 'emergency-contact-message' })).toEqual(['TEMPLATE_SMS_TOO_LONG']);
      expect(codes({ ...sms(261), channel: 'push' })).toEqual([]);
    });

    it('never lets an accepted template render longer than 300 characters with accepted values', () => {
      const names = TEMPLATE_VARIABLE_NAMES;
      const literal = fc.string({ unit: fc.constantFrom('您', '好', 'a', ' ', ',', '还'), maxLength: 80 });
      const acceptedValue = (name: TemplateVariableName): fc.Arbitrary<unknown> => {
        const spec = TEMPLATE_VARIABLES[name] as { type: string; maxLength?: number };
        switch (spec.type) {
          case 'fen':
            return fc.integer({ min: 0, max: MAX_TEMPLATE_AMOUNT_FEN });
          case 'integer':
            return fc.integer({ min: 0, max: MAX_TEMPLATE_DPD });
          case 'date':
            return fc
              .date({
                min: new Date('2000-01-01T00:00:00Z'),
                max: new Date('2099-12-31T00:00:00Z'),
                noInvalidDate: true,
              })
              .map((d) => d.toISOString().slice(0, 10));
          case 'url':
            return fc
              .string({ unit: fc.constantFrom('a', 'b', '7'), minLength: 1, maxLength: spec.maxLength! - 8 })
              .map((s) => `https://${s}`);
          default:
            return fc.string({
              unit: fc.constantFrom('张', '伟', 'W', '-'),
              minLength: 1,
              maxLength: spec.maxLength!,
            });
        }
      };
      const allValues = fc.record(
        Object.fromEntries(names.map((n) => [n, acceptedValue(n)])) as Record<
          TemplateVariableName,
          fc.Arbitrary<unknown>
        >,
      );
      const body = fc
        .array(fc.tuple(literal, fc.constantFrom(...names)), { minLength: 1, maxLength: 8 })
        .map((parts) => `{{institutionName}}${parts.map(([text, name]) => `${text}{{${name}}}`).join('')}`);
      fc.assert(
        fc.property(body, allValues, (text, vals) => {
          const template: MessageTemplate = { channel: 'sms', locale: 'zh-CN', body: text };
          if (validateTemplate(template).length > 0) return;
          for (const locale of ['zh-CN', 'en-US'] as const) {
            const r = renderTemplate(template, vals as TemplateValues, locale);
            expect(r.ok).toBe(true);
            if (r.ok) expect(Array.from(r.message.body).length).toBeLessThanOrEqual(MAX_TEXT_MESSAGE_CHARS);
          }
        }),
      );
    });
  });

  describe('third-party (emergency contact) templates', () => {
    it('accept the approved third-party scripts written as templates', () => {
      for (const script of THIRD_PARTY_SCRIPTS) {
        for (const locale of ['zh-CN', 'en-US'] as const) {
          const body = script.text[locale]
            .replace('{institution}', '{{institutionName}}')
            .replace('{debtorName}', '{{debtorName}}')
            .replace('{callbackPhone}', '{{callbackPhone}}');
          expect(
            codes({ channel: 'emergency-contact-message', locale, body }),
            `${script.code} ${locale}`,
          ).toEqual([]);
        }
      }
    });

    it('refuses every variable that discloses the debt', () => {
      const body = `{{institutionName}}:请{{debtorName}}回电。{{overdueAmount}} {{dueDate}} {{dpd}} {{promiseDate}} {{repaymentLink}}`;
      const issues = validateTemplate({ ...emergencyMessage, body });
      expect(
        issues.filter((i) => i.code === 'TEMPLATE_THIRD_PARTY_DEBT_VARIABLE').map((i) => i.params.name),
      ).toEqual(['overdueAmount', 'dueDate', 'dpd', 'promiseDate', 'repaymentLink']);
    });

    it.each([
      ['其借款已逾期,请转告'],
      ['请转告其尽快还款'],
      ['他欠款未还'],
      ['他 欠 款 未还'], // spacing does not hide the word
      ['please tell them their loan is overdue'],
      ['a payment is past due'],
    ])('refuses a mention of the debt: %s', (text) => {
      const issues = validateTemplate({ ...emergencyMessage, body: `{{institutionName}}:${text}` });
      expect(issues.length).toBeGreaterThan(0);
      expect(issues.every((i) => i.code === 'TEMPLATE_THIRD_PARTY_DEBT_MENTION')).toBe(true);
      expect(issues[0]!.start).toBeGreaterThanOrEqual('{{institutionName}}:'.length);
    });

    it('refuses third-party-disclosure phrases of the screening list, including the institution’s own', () => {
      expect(codes({ ...emergencyMessage, body: `${emergencyMessage.body}我们会联系通讯录` })).toEqual([
        'TEMPLATE_THIRD_PARTY_DEBT_MENTION',
      ]);
      const own: ScreeningPhrase = {
        phrase: '转告其家属',
        category: 'third-party-disclosure',
        locale: 'zh-CN',
        source: 'institution',
      };
      const body = '{{institutionName}}:请转告其家属回电{{callbackPhone}}';
      expect(codes({ ...emergencyMessage, body })).toEqual([]);
      expect(codes({ ...emergencyMessage, body }, [...BUILT_IN_PHRASES, own])).toEqual([
        'TEMPLATE_THIRD_PARTY_DEBT_MENTION',
      ]);
    });

    it('applies to any channel marked for a third party, and not to debtor messages', () => {
      const letter: MessageTemplate = {
        channel: 'letter',
        locale: 'zh-CN',
        audience: 'third-party',
        subject: '来函',
        body: '{{institutionName}}:{{debtorName}}的借款{{overdueAmount}}',
      };
      expect(isThirdPartyTemplate(letter)).toBe(true);
      expect(codes(letter)).toEqual([
        'TEMPLATE_THIRD_PARTY_DEBT_VARIABLE',
        'TEMPLATE_THIRD_PARTY_DEBT_MENTION',
      ]);
      expect(codes({ ...letter, audience: 'debtor' })).toEqual([]);
    });

    it('reads a placeholder as a variable, not as words: {{repaymentLink}} is refused once, as a variable', () => {
      const issues = validateTemplate({ ...emergencyMessage, body: '{{institutionName}}:{{repaymentLink}}' });
      expect(issues.map((i) => i.code)).toEqual(['TEMPLATE_THIRD_PARTY_DEBT_VARIABLE']);
    });
  });

  it('returns every problem at once', () => {
    const issues = validateTemplate({
      channel: 'emergency-contact-message',
      locale: 'zh-CN',
      subject: 'x',
      body: '{{debtorName}}逾期{{overdueAmount}} {{nope}} {{dpd',
    });
    expect(issues.map((i) => i.code).sort()).toEqual(
      [
        'TEMPLATE_SUBJECT_NOT_ALLOWED',
        'TEMPLATE_BRACES_UNBALANCED',
        'TEMPLATE_VARIABLE_UNKNOWN',
        'TEMPLATE_THIRD_PARTY_DEBT_VARIABLE',
        'TEMPLATE_THIRD_PARTY_DEBT_MENTION',
        'TEMPLATE_INSTITUTION_NAME_MISSING',
      ].sort(),
    );
  });
});

describe('screenTemplate', () => {
  it('finds screened phrases in what the author wrote, with field and offsets', () => {
    const t: MessageTemplate = {
      channel: 'email',
      locale: 'zh-CN',
      subject: '{{institutionName}}最后通知:不还就坐牢',
      body: '{{debtorName}}您好,我们将爆通讯录。',
    };
    const matches = screenTemplate(t, BUILT_IN_PHRASES);
    expect(matches.map((m) => [m.path, m.category, t[m.path]!.slice(m.start, m.end)])).toEqual([
      ['subject', 'legal-exaggeration', '坐牢'],
      ['body', 'third-party-disclosure', '爆通讯录'],
    ]);
  });

  it('finds nothing in an ordinary reminder', () => {
    expect(screenTemplate(dayOneSms, BUILT_IN_PHRASES)).toEqual([]);
  });

  it('ignores placeholders: neither variable names nor a phrase split by a variable match', () => {
    const t: MessageTemplate = { channel: 'sms', locale: 'zh-CN', body: '{{institutionName}}坐{{dpd}}牢' };
    expect(screenTemplate(t, BUILT_IN_PHRASES)).toEqual([]);
  });

  it('uses the institution’s own phrases', () => {
    const own: ScreeningPhrase = {
      phrase: '最后通牒',
      category: 'threat',
      locale: 'zh-CN',
      source: 'institution',
    };
    const t: MessageTemplate = { channel: 'sms', locale: 'zh-CN', body: '{{institutionName}}最后通牒' };
    expect(screenTemplate(t, BUILT_IN_PHRASES)).toEqual([]);
    expect(screenTemplate(t, [...BUILT_IN_PHRASES, own]).map((m) => m.source)).toEqual(['institution']);
  });
});

describe('templateVariables and the schema', () => {
  it('lists the variables used, subject first, each once', () => {
    expect(templateVariables(reminderEmail)).toEqual([
      'institutionName',
      'debtorName',
      'promiseDate',
      'promiseAmount',
    ]);
  });

  it('has a strict zod schema for the edge', () => {
    expect(MessageTemplate.safeParse(reminderEmail).success).toBe(true);
    expect(MessageTemplate.safeParse({ ...dayOneSms, channel: 'fax' }).success).toBe(false);
    expect(MessageTemplate.safeParse({ ...dayOneSms, extra: true }).success).toBe(false);
  });
});
