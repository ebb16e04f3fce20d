import { describe, expect, it } from 'vitest';
import {
  BUILT_IN_PHRASES,
  compilePhrases,
  MAX_INSTITUTION_PHRASE_LENGTH,
  normalizePhrase,
  SCREENING_CATEGORIES,
  SCREENING_CATEGORY_LABELS,
  SCREENING_REASONS,
  type ScreeningCategory,
  type ScreeningPhrase,
  screenCompiled,
  screenText,
  validateInstitutionPhrase,
} from './content-screen.js';

const screen = (text: string) => screenText(text, BUILT_IN_PHRASES);
const found = (text: string) => screen(text).map((m) => [m.category, m.phrase]);
const categoriesIn = (text: string) => [...new Set(screen(text).map((m) => m.category))];

/** Scripts a collector is allowed, or required, to send: none may match. */
const LEGITIMATE_ZH = [
  '您好,我是某某小额贷款有限公司的工作人员,工号1024,来电是关于您在我司的借款。',
  '【某某小贷】尊敬的张先生,您本期应还金额为1,250.00元,到期日为2026年3月15日,请按时还款。',
  '逾期罚息按合同约定的年利率计算,综合融资成本不超过年化24%,合同外不收取任何费用。',
  '逾期将影响您的征信记录。',
  '逾期记录将按规定报送征信系统。',
  '如协商不成,我司可能依法向法院提起诉讼。',
  '我们可能依法提起诉讼。',
  '法院判决生效后,债权人可依法申请强制执行。',
  '如您有困难,可以申请延期或分期还款方案,我司将在7个工作日内答复。',
  '如对欠款金额有异议,请拨打客服热线400-000-0000,核实期间暂停催收。',
  '您可以通过我司App或银行转账还款,请勿向任何个人账户转账。',
  '我司已将您的案件委托给某某资产管理有限公司,对方将与您本人联系。',
  '本短信仅发送给借款人本人,如已还款请忽略。',
  '我司依法保护您的个人信息,不会向您的紧急联系人透露借款详情。',
  '根据《民法典》,借款人应当按照约定的期限返还借款。',
  '请抓紧时间处理,逾期后可能继续产生罚息。',
];

const LEGITIMATE_EN = [
  'Hello, this is Jane from Acme Lending Co. This is a communication from a debt collector.',
  'Your payment of $125.00 is due on March 15, 2026.',
  'A late fee of $15 applies under section 4 of your loan agreement.',
  'Late payments may be reported to credit bureaus and may affect your credit record.',
  'If we cannot reach an agreement, we may file a lawsuit as permitted by law.',
  'You may dispute this debt within 30 days of receiving this notice.',
  'Your account is in arrears. Please contact us to arrange a payment plan.',
  'If you are experiencing hardship, ask us about a payment arrangement.',
  'We will not discuss your account with your employer, family or neighbors.',
  'Any representative can help you. Our office hours are 9am to 5pm.',
  'Beware of fraud: never pay into a personal account.',
  'To stop receiving these messages, reply STOP.',
  'Your car may be worth less than the balance of the loan.',
  'The skilled team at Acme is here to help.',
];

/** Two collection sentences per category and language that must be found. */
const VIOLATIONS: Record<ScreeningCategory, { zh: string[]; en: string[] }> = {
  threat: {
    zh: ['再不还钱,小心我找人堵你', '三天内不还,后果自负'],
    en: ['Pay today or we will hurt you.', 'We know where you live, so pay up.'],
  },
  insult: {
    zh: ['你这个老赖,欠钱不还', '真是个废物,这点钱都还不上'],
    en: ['Pay up, you deadbeat.', 'Only an idiot ignores our calls.'],
  },
  impersonation: {
    zh: ['我是派出所的,请你配合调查', '这是法院传票,你明天必须到场'],
    en: ['This is the police calling about your debt.', 'I am a federal agent handling your file.'],
  },
  'fake-blacklist': {
    zh: ['你已经被列入全国黑名单了', '不还钱就影响子女上学'],
    en: ['You have been blacklisted by every bank.', 'You will never get a loan again.'],
  },
  'legal-exaggeration': {
    zh: ['再不还钱就让你坐牢', '明天就去拘留你'],
    en: ['You will be arrested tomorrow.', 'Not paying a loan can send you to jail.'],
  },
  'new-borrowing': {
    zh: ['去别的平台借点钱先把我们的还了', '你可以以贷养贷嘛'],
    en: ['Just take out another loan and pay us.', 'Get a payday loan this afternoon.'],
  },
  'third-party-disclosure': {
    zh: ['今天不还就爆通讯录', '我们会把你的欠款发朋友圈曝光'],
    en: ['Pay now or we will tell your employer.', 'Everyone will know you owe money.'],
  },
};

describe('screening categories', () => {
  it('gives every category a label and a reason in both languages', () => {
    for (const category of SCREENING_CATEGORIES) {
      for (const text of [SCREENING_CATEGORY_LABELS[category], SCREENING_REASONS[category]]) {
        expect(text['zh-CN'], category).toMatch(/\p{sc=Han}/u);
        expect(text['en-US'], category).toMatch(/[a-z]/);
      }
    }
  });

  it('ships at least 12 zh-CN and 8 en-US built-in phrases per category', () => {
    for (const category of SCREENING_CATEGORIES) {
      const of = (locale: string) =>
        BUILT_IN_PHRASES.filter((p) => p.category === category && p.locale === locale).length;
      expect(of('zh-CN'), category).toBeGreaterThanOrEqual(12);
      expect(of('en-US'), category).toBeGreaterThanOrEqual(8);
    }
  });

  it('keeps built-in phrases well-formed: marked built-in, unique, and acceptable as institution phrases', () => {
    const keys = BUILT_IN_PHRASES.map((p) => `${p.category}/${normalizePhrase(p.phrase)}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const p of BUILT_IN_PHRASES) {
      expect(p.source).toBe('built-in');
      expect(validateInstitutionPhrase(p), p.phrase).toMatchObject({ ok: true });
    }
  });

  it('finds every built-in phrase when it appears in a sentence', () => {
    for (const p of BUILT_IN_PHRASES) {
      const text = p.locale === 'zh-CN' ? `喂,${p.phrase}。` : `Listen: ${p.phrase} now.`;
      expect(
        screen(text).some((m) => m.phrase === p.phrase && m.category === p.category),
        p.phrase,
      ).toBe(true);
    }
  });
});

describe('content screening: each category in both languages', () => {
  for (const category of SCREENING_CATEGORIES) {
    it(`flags ${category} in zh-CN and en-US collection text`, () => {
      for (const text of [...VIOLATIONS[category].zh, ...VIOLATIONS[category].en]) {
        expect(categoriesIn(text), text).toContain(category);
      }
    });
  }

  it('reports the category, phrase, locale, source and reason of a match', () => {
    expect(screen('你这个老赖')).toEqual([
      {
        category: 'insult',
        phrase: '老赖',
        locale: 'zh-CN',
        source: 'built-in',
        reason: SCREENING_REASONS.insult,
        start: 3,
        end: 5,
      },
    ]);
  });
});

describe('content screening: legitimate collection scripts pass', () => {
  for (const text of LEGITIMATE_ZH) {
    it(`passes the zh-CN script 「${text}」`, () => {
      expect(screen(text)).toEqual([]);
    });
  }
  for (const text of LEGITIMATE_EN) {
    it(`passes the en-US script "${text}"`, () => {
      expect(screen(text)).toEqual([]);
    });
  }

  it('does not treat a lawful mention of suing (起诉, 诉讼, 法院) as a threat', () => {
    expect(screen('我司将依法起诉')).toEqual([]);
    expect(screen('法院')).toEqual([]);
  });

  it('flags a suit threat that adds jail, via 坐牢 and nothing else', () => {
    expect(found('马上起诉你让你坐牢')).toEqual([['legal-exaggeration', '坐牢']]);
  });

  it('does not treat reporting to the credit system (征信) as an invented blacklist', () => {
    expect(screen('您的逾期信息将报送征信系统')).toEqual([]);
    expect(found('你已经上了征信黑名单')).toEqual([['fake-blacklist', '黑名单']]);
  });
});

describe('content screening: normalisation and obfuscation', () => {
  it('matches a Chinese phrase with spaces or separator characters inserted between characters', () => {
    for (const text of [
      '坐 牢',
      '坐*牢',
      '坐-牢',
      '坐_牢',
      '坐.牢',
      '坐 / 牢',
      '坐\u200b牢',
      '坐\u3000牢',
      '坐 ** 牢',
    ]) {
      expect(found(text), JSON.stringify(text)).toEqual([['legal-exaggeration', '坐牢']]);
    }
  });

  it('matches full-width letters and any letter case', () => {
    expect(found('ＡＲＲＥＳＴ')).toEqual([['legal-exaggeration', 'arrest']]);
    expect(found('You will go to JAIL')).toEqual([['legal-exaggeration', 'jail']]);
    expect(found('傻Ｂ')).toEqual([['insult', '傻b']]);
  });

  it('matches letter-spaced and dotted English words', () => {
    expect(found('you will go to j a i l')).toEqual([['legal-exaggeration', 'jail']]);
    expect(found('you will go to j.a.i.l')).toEqual([['legal-exaggeration', 'jail']]);
    expect(found('d-e-a-d-b-e-a-t')).toEqual([['insult', 'deadbeat']]);
  });

  it('matches an English phrase whatever the spacing, apostrophe or line-internal punctuation between its words', () => {
    expect(found('the police   will come')).toEqual([['legal-exaggeration', 'police will']]);
    expect(found('You’ll be sorry')).toEqual([['threat', "you'll be sorry"]]);
    expect(found('youll regret this')).toEqual([['threat', "you'll regret"]]);
  });

  it('matches English phrases only on word boundaries: inflections must be listed', () => {
    expect(found('We arrest')).toEqual([['legal-exaggeration', 'arrest']]);
    expect(found('You were arrested')).toEqual([['legal-exaggeration', 'arrested']]);
    expect(screen('arresting')).toEqual([]);
    expect(screen('your account is in arrears')).toEqual([]);
    expect(screen('park the car rest area')).toEqual([]);
    expect(screen('the skill you need')).toEqual([]);
    expect(screen('the first IRS form')).toEqual([]);
  });

  it('does not join two ordinary English words into a screened one', () => {
    expect(screen('the dead beat of the drum')).toEqual([]);
    expect(screen('it is worth less now')).toEqual([]);
    expect(screen('low life insurance premiums')).toEqual([]);
  });

  it('does not match across clause punctuation or a line break', () => {
    expect(screen('请坐。牢记还款日')).toEqual([]);
    expect(screen('请坐,牢记还款日')).toEqual([]);
    expect(screen('请入坐\n牢记还款日')).toEqual([]);
    expect(screen('Call the police. Will you pay?')).toEqual([]);
  });

  it('matches Han phrases inside running text without word spaces', () => {
    expect(found('你不还钱我们就去你单位找你')).toEqual([['third-party-disclosure', '去你单位']]);
  });
});

describe('content screening: positions in the original text', () => {
  it('spans the obfuscated phrase, spaces and symbols included', () => {
    const text = '你再不还就 坐 * 牢 吧';
    const [match] = screen(text);
    expect(match).toMatchObject({ start: 6, end: 11 });
    expect(text.slice(match!.start, match!.end)).toBe('坐 * 牢');
  });

  it('counts UTF-16 units, so characters outside the BMP before a match shift it by two', () => {
    const text = '😀😀坐牢';
    expect(screen(text)).toMatchObject([{ start: 4, end: 6 }]);
  });

  it('maps full-width letters back to their original positions', () => {
    const text = '你会被 ＪＡＩＬ';
    const [match] = screen(text);
    expect(text.slice(match!.start, match!.end)).toBe('ＪＡＩＬ');
  });

  it('reports every occurrence in text order, across categories', () => {
    const text = '老赖,再不还就坐牢,老赖!';
    const matches = screen(text);
    expect(matches.map((m) => [m.phrase, text.slice(m.start, m.end)])).toEqual([
      ['老赖', '老赖'],
      ['坐牢', '坐牢'],
      ['老赖', '老赖'],
    ]);
  });

  it('reports the longer phrase once when a shorter phrase of the same category sits inside it', () => {
    expect(found('今天就爆通讯录')).toEqual([['third-party-disclosure', '爆通讯录']]);
    expect(found('你已被全国通缉')).toEqual([['legal-exaggeration', '全国通缉']]);
    expect(found('there is an arrest warrant')).toEqual([['legal-exaggeration', 'arrest warrant']]);
  });

  it('returns no match for empty text', () => {
    expect(screen('')).toEqual([]);
  });
});

describe('content screening: institution phrases', () => {
  const institution: ScreeningPhrase = {
    phrase: '老油条',
    category: 'insult',
    locale: 'zh-CN',
    source: 'institution',
  };

  it('extends the built-in list with the institution phrases passed alongside it', () => {
    const text = '你这个老油条';
    expect(screen(text)).toEqual([]);
    expect(screenText(text, [...BUILT_IN_PHRASES, institution])).toMatchObject([
      { phrase: '老油条', category: 'insult', source: 'institution', start: 3, end: 6 },
    ]);
  });

  it('reports a phrase the institution repeats from the built-in list once, as built-in', () => {
    const repeat: ScreeningPhrase = { ...institution, phrase: '老 赖' };
    expect(screenText('老赖', [...BUILT_IN_PHRASES, repeat])).toMatchObject([
      { phrase: '老赖', source: 'built-in' },
    ]);
  });

  it('gives the same answer compiled once as screened directly', () => {
    const phrases = [...BUILT_IN_PHRASES, institution];
    const compiled = compilePhrases(phrases);
    for (const text of [...LEGITIMATE_ZH, ...VIOLATIONS.threat.zh, '老油条 and a deadbeat']) {
      expect(screenCompiled(text, compiled)).toEqual(screenText(text, phrases));
    }
  });
});

describe('validateInstitutionPhrase', () => {
  it('accepts a phrase with a known category and locale and marks it institution', () => {
    expect(
      validateInstitutionPhrase({
        phrase: '  老油条 ',
        category: 'insult',
        locale: 'zh-CN',
        source: 'built-in',
      }),
    ).toEqual({
      ok: true,
      phrase: { phrase: '老油条', category: 'insult', locale: 'zh-CN', source: 'institution' },
    });
  });

  it('normalises full-width forms and runs of spaces in the stored phrase', () => {
    expect(
      validateInstitutionPhrase({ phrase: 'ＣＯＬＬＥＣＴ   ＮＯＷ', category: 'threat', locale: 'en-US' }),
    ).toMatchObject({ ok: true, phrase: { phrase: 'COLLECT NOW' } });
  });

  const rejects: [string, unknown][] = [
    ['a non-object', '坐牢'],
    ['null', null],
    ['a missing phrase', { category: 'insult', locale: 'zh-CN' }],
    ['a non-text phrase', { phrase: 42, category: 'insult', locale: 'zh-CN' }],
    ['an empty phrase', { phrase: '', category: 'insult', locale: 'zh-CN' }],
    ['a blank phrase', { phrase: '   ', category: 'insult', locale: 'zh-CN' }],
    ['a punctuation-only phrase', { phrase: '!!!', category: 'insult', locale: 'zh-CN' }],
    ['a symbol-only phrase', { phrase: '* - *', category: 'insult', locale: 'zh-CN' }],
    ['a one-character phrase', { phrase: '死', category: 'threat', locale: 'zh-CN' }],
    [
      `a phrase over ${MAX_INSTITUTION_PHRASE_LENGTH} characters`,
      { phrase: '威'.repeat(MAX_INSTITUTION_PHRASE_LENGTH + 1), category: 'threat', locale: 'zh-CN' },
    ],
    ['an unknown category', { phrase: '老油条', category: 'rude', locale: 'zh-CN' }],
    ['a missing category', { phrase: '老油条', locale: 'zh-CN' }],
    ['an unknown locale', { phrase: '老油条', category: 'insult', locale: 'zh-TW' }],
  ];
  for (const [what, input] of rejects) {
    it(`rejects ${what} with a reason in both languages`, () => {
      const result = validateInstitutionPhrase(input);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.reason['zh-CN']).not.toBe('');
        expect(result.reason['en-US']).not.toBe('');
      }
    });
  }

  it(`accepts a phrase of exactly ${MAX_INSTITUTION_PHRASE_LENGTH} characters`, () => {
    const phrase = '威'.repeat(MAX_INSTITUTION_PHRASE_LENGTH);
    expect(validateInstitutionPhrase({ phrase, category: 'threat', locale: 'zh-CN' }).ok).toBe(true);
  });
});
