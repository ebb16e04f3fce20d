/**
 * 合规规则包 compliance rule packs (COMPLIANCE.md): versioned data naming each rule, its
 * enforcement, its default parameters and the citation that decides it. An institution
 * picks a pack and may tighten any parameter; it may loosen one only where the rule lists
 * the parameter as configurable. Citations marked "(s)" were read from secondary reports
 * and are kept as defaults.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import { isWallTime, type LocalWindow, windowCovers } from './local-time.js';

/** A bilingual message, as every user-visible text in Huikuan. */
export interface LocalizedText {
  'zh-CN': string;
  'en-US': string;
}

/** The code of a rule pack: China default or US Regulation F. */
export type RulePackCode = 'cn' | 'us-regf';

/**
 * How a rule is enforced. BLOCK refuses; WARN allows only with a recorded override reason;
 * REQUIRE needs a field or artifact to exist; LOGIC shapes another rule (COMPLIANCE.md
 * marks us.7-in-7-exclusions "logic").
 */
export type RuleKind = 'BLOCK' | 'WARN' | 'REQUIRE' | 'LOGIC';

/**
 * A rule parameter, typed by the direction that is stricter: a `max` is tightened by
 * lowering it, a `min` by raising it, a `blocked-window` by widening it and an
 * `allowed-window` by narrowing it.
 */
export type RuleParam =
  | { type: 'max'; value: number; unit: string }
  | { type: 'min'; value: number; unit: string }
  | { type: 'blocked-window'; value: LocalWindow }
  | { type: 'allowed-window'; value: LocalWindow };

/** 规则 one rule of a pack. */
export interface Rule {
  id: string;
  kind: RuleKind;
  rule: string; // what the rule says, as in COMPLIANCE.md
  defaultText: string; // the "default" column of COMPLIANCE.md
  enforcement: string; // the "kind" column of COMPLIANCE.md, verbatim
  params: Readonly<Record<string, RuleParam>>;
  citation: string;
  configurable: readonly string[]; // params an institution may loosen
}

/** 规则包 a versioned rule pack. */
export interface RulePack {
  code: RulePackCode;
  version: string;
  effectiveFrom: BusinessDate;
  notes: string;
  rules: readonly Rule[];
}

const max = (value: number, unit: string): RuleParam => ({ type: 'max', value, unit });
const min = (value: number, unit: string): RuleParam => ({ type: 'min', value, unit });

/** China default pack `cn` (COMPLIANCE.md). */
export const CN_RULE_PACK: RulePack = {
  code: 'cn',
  version: '2026.1',
  effectiveFrom: '2026-01-01',
  notes:
    'Sources marked (s) were read from secondary reports (GB/T 45251-2025, NIFA 2024, CBA 2026, ' +
    '2018 NIFA convention and others): their parameters are kept as defaults until the primary text is read.',
  rules: [
    {
      id: 'cn.quiet-hours',
      kind: 'BLOCK',
      rule: "no contact of any kind (call, SMS, push, visit, IM) in the debtor's local night",
      defaultText: '22:00–08:00; stricter internal window selectable (e.g. 21:00)',
      enforcement: 'BLOCK unless a debtor consent record covers it',
      params: { quietWindow: { type: 'blocked-window', value: { start: '22:00', end: '08:00' } } },
      citation:
        'GB/T 45251-2025 (s); NIFA post-loan collection guideline 2024 (s); CBA consumer-loan collection guideline 2026 (s)',
      configurable: [],
    },
    {
      id: 'cn.connected-calls-per-day',
      kind: 'BLOCK',
      rule: 'connected outbound conversations per debtor per day, lender and all its agencies together, AI voice included',
      defaultText: '3',
      enforcement: 'BLOCK the 4th',
      params: { maxConnectedCalls: max(3, 'conversations/day') },
      citation: 'GB/T 45251-2025 (s); NIFA 2024 (s)',
      configurable: [],
    },
    {
      id: 'cn.dials-per-number-per-day',
      kind: 'BLOCK',
      rule: 'dial attempts to the same number per day',
      defaultText: '6',
      enforcement: 'BLOCK the 7th',
      params: { maxDialsPerNumber: max(6, 'dials/number/day') },
      citation: 'CBA 2026 (s)',
      configurable: [],
    },
    {
      id: 'cn.messages-per-day',
      kind: 'BLOCK',
      rule: 'collection SMS / push per debtor per day',
      defaultText: '3 (internal policy)',
      enforcement: 'BLOCK',
      params: { maxMessages: max(3, 'messages/day') },
      citation: 'institution policy',
      configurable: ['maxMessages'], // an internal policy, not a regulation
    },
    {
      id: 'cn.party-roles',
      kind: 'BLOCK',
      rule: 'collection content only to the debtor or a guarantor / jointly liable party; never to unrelated third parties',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation: 'GB/T 45251-2025 (s); 商业银行信用卡业务监督管理办法 Art. 68',
      configurable: [],
    },
    {
      id: 'cn.contact-unlock',
      kind: 'REQUIRE',
      rule:
        'emergency / other contacts may be contacted only when the debtor is unreachable (number invalid, or 3 consecutive ' +
        'failed attempts), dead, or lacks capacity; purpose limited to getting a working contact or passing on a message',
      defaultText: '3 failed attempts',
      enforcement: 'REQUIRE the unreachable evidence',
      params: { failedAttemptsForUnreachable: min(3, 'consecutive failed attempts') },
      citation: 'GB/T 45251-2025 (s); CBA 2026 (s)',
      configurable: [],
    },
    {
      id: 'cn.no-disclosure',
      kind: 'BLOCK',
      rule: "content to anyone but the debtor/guarantor may not mention the debt, amount, lender's business or consequences",
      defaultText: 'approved third-party templates only',
      enforcement: 'BLOCK',
      params: {},
      citation: 'as above; PIPL Art. 6',
      configurable: [],
    },
    {
      id: 'cn.contact-refusal',
      kind: 'BLOCK',
      rule: 'a contact who refuses or asks not to be called is never contacted again',
      defaultText: 'permanent',
      enforcement: 'BLOCK',
      params: {},
      citation: 'CBA 2026 (s)',
      configurable: [],
    },
    {
      id: 'cn.holds',
      kind: 'BLOCK',
      rule:
        'no collection contact while a hold is active: dispute under review, complaint under review, hardship plan, ' +
        'deceased, legal hold, debtor-requested channel stop',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation: 'institution policy; GB/T 45251-2025 (s)',
      configurable: [],
    },
    {
      id: 'cn.recording',
      kind: 'REQUIRE',
      rule: 'every call has a recording reference; visits need ≥ 2 collectors and audio+video',
      defaultText: '—',
      enforcement: 'REQUIRE',
      params: { minVisitCollectors: min(2, 'collectors') },
      citation: 'CBA 2026 (s); 2018 NIFA convention (s)',
      configurable: [],
    },
    {
      id: 'cn.identify',
      kind: 'REQUIRE',
      rule: "first contact states the institution's name; scripts carry it",
      defaultText: '—',
      enforcement: 'REQUIRE (template lint)',
      params: {},
      citation: 'CBA 2026 (s)',
      configurable: [],
    },
    {
      id: 'cn.content-screen',
      kind: 'BLOCK',
      rule:
        'no threats, insults, impersonating courts/police/government, invented blacklists, exaggerated legal consequences, ' +
        'pushing new borrowing to repay, public posting, personal phones / social apps',
      defaultText: 'phrase lists zh-CN + en-US, extendable',
      enforcement: 'BLOCK on templates and outgoing text; WARN on notes',
      params: {},
      citation: '小额贷款公司监督管理暂行办法 (2024) (s); CBA 2026 (s); Criminal Law Art. 293-1',
      configurable: [],
    },
    {
      id: 'cn.fee-cap',
      kind: 'BLOCK',
      rule: 'no collection of amounts above the cap; all-in annualized cost disclosed; no fee item not in the contract',
      defaultText:
        '24% all-in (small-loan companies); 4 × 1-year LPR at contract date for private lending; target 4×LPR option',
      enforcement: 'BLOCK accrual and collection above cap',
      params: { maxAllInAnnualPercent: max(24, 'percent per year') },
      citation: '小额贷款公司综合融资成本管理工作指引 (2025) (s); 法释〔2020〕17号 Arts. 25, 29',
      configurable: [],
    },
    {
      id: 'cn.agency-gate',
      kind: 'BLOCK',
      rule: 'cases go only to whitelisted agencies with an evaluation in the last 12 months, and only after the debtor is told of the handover',
      defaultText: '12 months',
      enforcement: 'BLOCK',
      params: { evaluationMaxAgeMonths: max(12, 'months') },
      citation: 'CBA 2026 (s); GB/T 45251-2025 (s); 银行保险机构消费者权益保护管理办法 Art. 41 (s)',
      configurable: [],
    },
    {
      id: 'cn.credit-report-notice',
      kind: 'REQUIRE',
      rule: 'tell the debtor before reporting negative credit information',
      defaultText: '—',
      enforcement: 'REQUIRE before first report',
      params: {},
      citation: '征信业管理条例 Arts. 15–16',
      configurable: [],
    },
    {
      id: 'cn.request-response',
      kind: 'WARN',
      rule: "answer plan / waiver requests within 7 working days; complaints within the institution's SLA",
      defaultText: '7 working days',
      enforcement: 'WARN on breach (SLA timer)',
      params: { responseWorkingDays: max(7, 'working days') },
      citation: 'GB/T 45251-2025 (s)',
      configurable: [],
    },
    {
      id: 'cn.retention',
      kind: 'REQUIRE',
      rule: 'collection records and recordings kept',
      defaultText: '5 years',
      enforcement: 'REQUIRE (no deletion before)',
      params: { retentionYears: min(5, 'years') },
      citation: '2018 NIFA convention (s)',
      configurable: [],
    },
    {
      id: 'cn.training',
      kind: 'WARN',
      rule: 'collectors certified before work and yearly',
      defaultText: '12 months',
      enforcement: 'WARN / BLOCK login',
      params: { certificationMaxAgeMonths: max(12, 'months') },
      citation: 'GB/T 45251-2025 (s)',
      configurable: [],
    },
    {
      id: 'cn.debt-settled',
      kind: 'BLOCK',
      rule: 'no collection contact about a debt once it is paid (a closed case), whatever was planned or queued',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation: 'Huikuan product rule (DESIGN.md §2, flow 5); GB/T 45251-2025 (s)',
      configurable: [],
    },
  ],
};

/** US Regulation F pack `us-regf` (12 CFR 1006; for third-party debt collectors). */
export const US_REGF_RULE_PACK: RulePack = {
  code: 'us-regf',
  version: '2021.11',
  effectiveFrom: '2021-11-30',
  notes: '12 CFR 1006 (Regulation F), for third-party debt collectors. Citations are to the primary text.',
  rules: [
    {
      id: 'us.inconvenient-times',
      kind: 'BLOCK',
      rule:
        "before 8:00 or after 21:00 at the consumer's location; if location is uncertain the time must be allowed in every " +
        'plausible time zone; consumer-declared inconvenient times',
      defaultText: '08:00–21:00',
      enforcement: 'BLOCK',
      params: { allowedWindow: { type: 'allowed-window', value: { start: '08:00', end: '21:00' } } },
      citation: '§1006.6(b)(1)(i)',
      configurable: [],
    },
    {
      id: 'us.7-in-7',
      kind: 'BLOCK',
      rule: 'more than 7 call attempts to a person about a debt in 7 consecutive days',
      defaultText: '7',
      enforcement: 'BLOCK the 8th',
      params: { maxCallAttempts: max(7, 'call attempts'), windowDays: min(7, 'consecutive days') },
      citation: '§1006.14(b)(2)(i)(A)',
      configurable: [],
    },
    {
      id: 'us.after-conversation',
      kind: 'BLOCK',
      rule: 'no call within 7 days after a telephone conversation about the debt (conversation day is day 1)',
      defaultText: '7 days',
      enforcement: 'BLOCK',
      params: { quietDays: min(7, 'days') },
      citation: '§1006.14(b)(2)(i)(B)',
      configurable: [],
    },
    {
      id: 'us.7-in-7-exclusions',
      kind: 'LOGIC',
      rule:
        'not counted: calls with direct prior consent (valid ≤ 7 days), calls that do not connect to the dialed number, ' +
        'calls to attorney / credit bureau / creditor',
      defaultText: '—',
      enforcement: 'logic',
      params: { consentValidDays: max(7, 'days') },
      citation: '§1006.14(b)(3)',
      configurable: [],
    },
    {
      id: 'us.limited-content',
      kind: 'BLOCK',
      rule:
        "voicemail: business name not implying collection, request to reply, person's name, phone number; optional salutation, " +
        'date/time, reply times, "any representative can help"; nothing else; not by text',
      defaultText: '—',
      enforcement: 'BLOCK template',
      params: {},
      citation: '§1006.2(j)',
      configurable: [],
    },
    {
      id: 'us.content-screen',
      kind: 'BLOCK',
      rule:
        'no threats of violence or harm, obscene or profane language, false representation of government or attorney ' +
        'affiliation or of legal consequences, and no communication that discloses the debt to third parties',
      defaultText: 'phrase lists en-US + zh-CN, extendable',
      enforcement: 'BLOCK on templates and outgoing text; WARN on notes',
      params: {},
      citation: '§1006.14(b)(1), §1006.14(d), §1006.18(b)–(c), §1006.18(e)',
      configurable: [],
    },
    {
      id: 'us.validation',
      kind: 'REQUIRE',
      rule:
        'validation notice in or within 5 days after the initial communication; validation period ends 30 days after ' +
        'receipt (receipt assumed 5 business days after sending)',
      defaultText: '5 / 30 days',
      enforcement: 'REQUIRE, SLA',
      params: { noticeWithinDays: max(5, 'days'), validationPeriodDays: min(30, 'days') },
      citation: '§1006.34',
      configurable: [],
    },
    {
      id: 'us.dispute',
      kind: 'BLOCK',
      rule: 'a dispute within the validation period stops collection of the disputed part until verification is sent',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation: '§1006.38',
      configurable: [],
    },
    {
      id: 'us.third-parties',
      kind: 'BLOCK',
      rule: 'no debt communication with third parties; location contacts: identify yourself, never mention the debt, once per person',
      defaultText: '1',
      enforcement: 'BLOCK',
      params: { locationContactsPerPerson: max(1, 'contacts') },
      citation: '§1006.6(d), §1006.10',
      configurable: [],
    },
    {
      id: 'us.opt-out',
      kind: 'REQUIRE',
      rule: 'every electronic message carries an opt-out; honour it; no employer email; no public social media',
      defaultText: '—',
      enforcement: 'REQUIRE / BLOCK',
      params: {},
      citation: '§1006.6(e), §1006.14(h), §1006.22(f)',
      configurable: [],
    },
    {
      // Not in COMPLIANCE.md's Reg F table: the institution's own stop list, so a deceased,
      // legal, hardship or complaint hold stops collection under this pack too.
      id: 'us.holds',
      kind: 'BLOCK',
      rule: 'no collection contact while a complaint, hardship plan, deceased flag or legal hold is active',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation: 'institution policy',
      configurable: [],
    },
    {
      id: 'us.time-barred',
      kind: 'BLOCK',
      rule: 'no suit or threat of suit on time-barred debt',
      defaultText: 'statute table',
      enforcement: 'BLOCK legal templates',
      params: {},
      citation: '§1006.26(b)',
      configurable: [],
    },
    {
      id: 'us.passive-reporting',
      kind: 'BLOCK',
      rule: 'no credit reporting before speaking to the consumer or mailing a notice and waiting 14 days',
      defaultText: '14 days',
      enforcement: 'BLOCK',
      params: { waitDays: min(14, 'days') },
      citation: '§1006.30(a)',
      configurable: [],
    },
    {
      id: 'us.retention',
      kind: 'REQUIRE',
      rule: 'records until 3 years after the last collection activity; recordings 3 years after each call',
      defaultText: '3 years',
      enforcement: 'REQUIRE',
      params: { retentionYears: min(3, 'years') },
      citation: '§1006.100',
      configurable: [],
    },
    {
      id: 'us.debt-settled',
      kind: 'BLOCK',
      rule: 'no collection contact about a debt once it is paid (a closed case), whatever was planned or queued',
      defaultText: '—',
      enforcement: 'BLOCK',
      params: {},
      citation:
        'Huikuan product rule (DESIGN.md §2, flow 5); §1006.18(b)(2)(i) (no false representation of the amount owed)',
      configurable: [],
    },
  ],
};

/** The rule with an id in a pack, or undefined when the pack has no such rule. */
export function findRule(pack: RulePack, ruleId: string): Rule | undefined {
  return pack.rules.find((r) => r.id === ruleId);
}

/** An institution's new value for a parameter: a number for caps and counts, a window for times. */
export type ParamOverride = number | LocalWindow;

/** 机构收紧 institution overrides: rule id → parameter name → new value. */
export type PackOverrides = Readonly<Record<string, Readonly<Record<string, ParamOverride>>>>;

/** Why an override was refused. */
export interface OverrideError {
  ruleId: string;
  param: string;
  reason: LocalizedText;
}

const err = (ruleId: string, param: string, zh: string, en: string): OverrideError => ({
  ruleId,
  param,
  reason: { 'zh-CN': zh, 'en-US': en },
});

const isWindow = (v: ParamOverride): v is LocalWindow =>
  typeof v === 'object' && isWallTime(v.start) && isWallTime(v.end);

/** Checks one override against its default; returns the error, or null when allowed. */
function checkOverride(
  rule: Rule,
  name: string,
  param: RuleParam,
  value: ParamOverride,
): OverrideError | null {
  const loosenable = rule.configurable.includes(name);
  const loosen = () =>
    loosenable
      ? null
      : err(
          rule.id,
          name,
          `规则 ${rule.id} 的参数 ${name} 只能收紧`,
          `${rule.id}.${name} may only be tightened`,
        );
  switch (param.type) {
    case 'max':
    case 'min': {
      if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
        return err(rule.id, name, `参数 ${name} 须为非负数`, `${name} must be a non-negative number`);
      }
      const looser = param.type === 'max' ? value > param.value : value < param.value;
      return looser ? loosen() : null;
    }
    case 'blocked-window':
    case 'allowed-window': {
      if (typeof value === 'number' || !isWindow(value)) {
        return err(
          rule.id,
          name,
          `参数 ${name} 须为 HH:MM 时间窗`,
          `${name} must be a window of HH:MM times`,
        );
      }
      // A blocked window may only widen; an allowed window may only narrow.
      const tighter =
        param.type === 'blocked-window' ? windowCovers(value, param.value) : windowCovers(param.value, value);
      return tighter ? null : loosen();
    }
  }
}

/**
 * Applies institution overrides to a pack; refuses the whole set with every error when
 * any override is unknown or loosens a parameter the rule does not mark configurable.
 */
export function tightenPack(
  pack: RulePack,
  overrides: PackOverrides,
): { ok: true; pack: RulePack } | { ok: false; errors: OverrideError[] } {
  const errors: OverrideError[] = [];
  for (const [ruleId, params] of Object.entries(overrides)) {
    const rule = findRule(pack, ruleId);
    if (!rule) {
      errors.push(err(ruleId, '', `规则包中没有规则 ${ruleId}`, `The pack has no rule ${ruleId}`));
      continue;
    }
    for (const [name, value] of Object.entries(params)) {
      const param = rule.params[name];
      const error = param
        ? checkOverride(rule, name, param, value)
        : err(ruleId, name, `规则 ${ruleId} 没有参数 ${name}`, `Rule ${ruleId} has no parameter ${name}`);
      if (error) errors.push(error);
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const rules = pack.rules.map((rule) => {
    const changes = overrides[rule.id];
    if (!changes) return rule;
    const params: Record<string, RuleParam> = { ...rule.params };
    for (const [name, value] of Object.entries(changes)) {
      const param = params[name]!;
      params[name] = { ...param, value } as RuleParam;
    }
    return { ...rule, params };
  });
  return { ok: true, pack: { ...pack, rules } };
}

/** One parameter whose value differs between two revisions of a pack. */
export interface PackParamChange {
  ruleId: string;
  param: string;
  from: ParamOverride | null;
  to: ParamOverride | null;
}

/**
 * 规则包差异 what changed between two packs, parameter by parameter (for the audit trail):
 * a rule or parameter present in only one of them shows `null` on the other side.
 */
export function diffPackParams(before: RulePack, after: RulePack): PackParamChange[] {
  const changes: PackParamChange[] = [];
  const ids = [...new Set([...before.rules.map((r) => r.id), ...after.rules.map((r) => r.id)])];
  for (const id of ids) {
    const a = findRule(before, id)?.params ?? {};
    const b = findRule(after, id)?.params ?? {};
    for (const name of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      const from = a[name]?.value ?? null;
      const to = b[name]?.value ?? null;
      if (JSON.stringify(from) !== JSON.stringify(to)) changes.push({ ruleId: id, param: name, from, to });
    }
  }
  return changes;
}

/** The shipped pack with a code, or undefined for an unknown code. */
export function basePackOf(code: string): RulePack | undefined {
  return code === 'cn' ? CN_RULE_PACK : code === 'us-regf' ? US_REGF_RULE_PACK : undefined;
}
