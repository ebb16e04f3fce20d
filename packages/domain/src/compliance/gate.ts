/**
 * 合规闸门 the compliance gate (DESIGN.md §3): every outbound contact asks `decide` first.
 * It is pure: the caller loads the facts (earlier attempts, holds, flags) and passes the
 * instant of the attempt; the rule pack supplies parameters and citations.
 *
 * Rules are evaluated in a fixed order and the first denial is returned:
 *   cn:      cn.debt-settled → cn.holds → cn.contact-refusal → cn.contact-unlock → cn.no-disclosure →
 *            cn.content-screen → cn.quiet-hours → cn.connected-calls-per-day → cn.dials-per-number-per-day →
 *            cn.messages-per-day
 *   us-regf: us.debt-settled → us.dispute → us.opt-out → us.holds → us.third-parties → us.content-screen →
 *            us.inconvenient-times → us.after-conversation →
 *            us.7-in-7
 * Absolute stops (holds, refusals, who may be contacted) come before time and frequency, so
 * a denial with `nextAllowedAt = null` is never hidden behind one that suggests a retry.
 * Day boundaries for per-day counts are the debtor's local days in `debtorTimeZones[0]`.
 * Each decision reads the attempt's local time once and places earlier attempts on local days
 * by comparing them with the (memoised) first instants of those days, so the cost per earlier
 * attempt is a few comparisons, not a time-zone conversion.
 */
import { addDays, type BusinessDate, isTimeZone } from '../calendar/business-date.js';
import { CodedError } from '../errors/error-codes.js';
import {
  complementWindow,
  earliestAllowedInAllZones,
  isInWindow,
  type LocalTime,
  type LocalWindow,
  localTimeOf,
  startOfLocalDay,
} from './local-time.js';
import { findRule, type LocalizedText, type Rule, type RuleKind, type RulePack } from './rule-pack.js';

/** 渠道 contact channel. */
export type ContactChannel = 'call' | 'sms' | 'push' | 'email' | 'visit' | 'letter' | 'im';

/** 联系人角色 who is contacted, relative to the debtor. */
export type PartyRole = 'self' | 'guarantor' | 'spouse' | 'emergency' | 'employer' | 'other';

/** 暂停催收 the kinds of collection hold (cn.holds). */
export type HoldKind = 'dispute' | 'complaint' | 'hardship' | 'deceased' | 'legal' | 'channel-stop';

/** 联系尝试 an outbound contact asking to go ahead. */
export interface ContactAttempt {
  atMs: number;
  channel: ContactChannel;
  partyRole: PartyRole;
  contactId: string;
  phoneHash?: string;
  templateApprovedForThirdParty?: boolean;
  /** What content screening found in the outgoing text (none, or no text, when absent). */
  contentFindings?: readonly ContentFinding[];
  debtorTimeZones: readonly string[]; // every plausible zone of the debtor; the first sets day boundaries
}

/** A phrase that content screening found in an outgoing text (see content-screen.ts). */
export interface ContentFinding {
  category: string;
  phrase: string;
}

/** An earlier attempt to the same debtor (today and the last 7 days, all agencies). */
export interface PriorAttempt {
  atMs: number;
  channel: ContactChannel;
  contactId: string;
  phoneHash?: string;
  connected: boolean; // the call reached the dialed number (not busy / failed / invalid)
  conversation: boolean; // a person was spoken to about the debt
  partyRole: PartyRole;
  consentWithin7Days?: boolean; // made with the consumer's direct prior consent (Reg F)
}

/** An active hold on the case. */
export interface ActiveHold {
  kind: HoldKind;
  channelScope: 'all' | readonly ContactChannel[];
}

/** 事实 what the caller loaded for the decision. */
export interface GateFacts {
  priorAttempts: readonly PriorAttempt[];
  activeHolds: readonly ActiveHold[];
  contactRefused: boolean;
  debtorUnreachable: boolean; // the cn.contact-unlock evidence
  consentCoversQuietHours?: boolean;
  /** The debt the contact is about is paid (its case closed): no collection contact at all. */
  debtSettled?: boolean;
}

/** 闸门决定 the gate's answer. */
export type GateDecision =
  | { allowed: true; ruleIds: string[] }
  | {
      allowed: false;
      ruleId: string;
      kind: RuleKind;
      reason: LocalizedText;
      citation: string;
      nextAllowedAt: number | null;
    };

type Denial = Extract<GateDecision, { allowed: false }>;
type Check = (
  rule: Rule,
  attempt: ContactAttempt,
  facts: GateFacts,
  days: LocalDays,
) => Omit<Denial, 'ruleId' | 'kind' | 'citation' | 'allowed'> | null;

const THIRD_PARTY_ROLES: readonly PartyRole[] = ['spouse', 'emergency', 'employer', 'other'];
// cn.quiet-hours lists call, SMS, push, visit, IM; email and letters are read when the debtor chooses.
const CN_QUIET_CHANNELS: readonly ContactChannel[] = ['call', 'sms', 'push', 'visit', 'im'];
// §1006.6(b)(1)(i): a letter is not a communication at a time; everything else is.
const US_TIMED_CHANNELS: readonly ContactChannel[] = ['call', 'sms', 'push', 'email', 'visit', 'im'];
// §1006.6(a)(4): the consumer includes a spouse; a guarantor is obligated on the debt.
const US_CONSUMER_ROLES: readonly PartyRole[] = ['self', 'guarantor', 'spouse'];

const text = (zh: string, en: string): LocalizedText => ({ 'zh-CN': zh, 'en-US': en });

function numberParam(rule: Rule, name: string): number {
  const param = rule.params[name];
  if (!param || (param.type !== 'max' && param.type !== 'min')) {
    throw new RangeError(`Rule ${rule.id} lacks numeric parameter ${name}`);
  }
  return param.value;
}

function windowParam(rule: Rule, name: string): LocalWindow {
  const param = rule.params[name];
  if (!param || (param.type !== 'blocked-window' && param.type !== 'allowed-window')) {
    throw new RangeError(`Rule ${rule.id} lacks window parameter ${name}`);
  }
  return param.value;
}

const primaryZone = (attempt: ContactAttempt): string => {
  const zone = attempt.debtorTimeZones[0];
  if (zone === undefined) throw new RangeError('A contact attempt needs at least one debtor time zone');
  return zone;
};

/** One decision's view of the debtor's local days in the primary zone, each part computed once. */
class LocalDays {
  readonly zone: string;
  private readonly atMs: number;
  private localTime: LocalTime | undefined;
  private readonly starts: number[] = []; // starts[k]: the first instant of the local date k days before today

  constructor(attempt: ContactAttempt) {
    this.zone = primaryZone(attempt);
    this.atMs = attempt.atMs;
  }

  /** The attempt's local time in the primary zone. */
  get local(): LocalTime {
    this.localTime ??= localTimeOf(this.atMs, this.zone);
    return this.localTime;
  }

  /** The attempt's local date in the primary zone. */
  get today(): BusinessDate {
    return this.local.date;
  }

  /** The first instant of the local date `k` days before today. */
  private startOf(k: number): number {
    let start = this.starts[k];
    if (start === undefined) {
      // The day before a day starts at the date of the instant just before that day's start.
      const date = k === 0 ? this.today : localTimeOf(this.startOf(k - 1) - 1, this.zone).date;
      start = startOfLocalDay(date, this.zone);
      this.starts[k] = start;
    }
    return start;
  }

  /** Local days from the date of an instant at or before the attempt to today (0 = today), or `horizon` if that many or more. */
  daysAgo(ms: number, horizon: number): number {
    for (let k = 0; k < horizon; k++) if (ms >= this.startOf(k)) return k;
    return horizon;
  }
}

/** How many earlier attempts on the attempt's local day (primary zone) match. */
function countToday(
  attempt: ContactAttempt,
  facts: GateFacts,
  days: LocalDays,
  which: (p: PriorAttempt) => boolean,
): number {
  let count = 0;
  for (const p of facts.priorAttempts) {
    if (p.atMs <= attempt.atMs && which(p) && days.daysAgo(p.atMs, 1) === 0) count++;
  }
  return count;
}

/** True when the attempt's local time lies in the window in every plausible zone (cf. isAllowedInAllZones). */
function inWindowEverywhere(attempt: ContactAttempt, days: LocalDays, window: LocalWindow): boolean {
  return attempt.debtorTimeZones.every((zone) =>
    isInWindow((zone === days.zone ? days.local : localTimeOf(attempt.atMs, zone)).minuteOfDay, window),
  );
}

/** The cn quiet-hours allowed window of a pack (complement of the quiet window), if the pack has one. */
function cnAllowedWindow(pack: RulePack): LocalWindow | null {
  const rule = findRule(pack, 'cn.quiet-hours');
  return rule ? complementWindow(windowParam(rule, 'quietWindow')) : null;
}

/** The first instant of a local date that is also inside the contact window in every zone. */
function openingOnOrAfter(
  date: BusinessDate,
  attempt: ContactAttempt,
  allowed: LocalWindow | null,
): number | null {
  const start = startOfLocalDay(date, primaryZone(attempt));
  return allowed ? earliestAllowedInAllZones(start, attempt.debtorTimeZones, allowed) : start;
}

function holdCovers(hold: ActiveHold, channel: ContactChannel): boolean {
  return hold.channelScope === 'all' || hold.channelScope.includes(channel);
}

/** The denial for the first active hold that covers the channel and matches `which`, if any. */
function holdDenial(
  holds: readonly ActiveHold[],
  channel: ContactChannel,
  which: (hold: ActiveHold) => boolean,
): { reason: LocalizedText; nextAllowedAt: null } | null {
  const hold = holds.find((h) => which(h) && holdCovers(h, channel));
  return hold
    ? {
        reason: text(`案件处于暂停状态(${hold.kind}),不得联系`, `A ${hold.kind} hold is active: no contact`),
        nextAllowedAt: null,
      }
    : null;
}

/** cn.debt-settled / us.debt-settled: nothing goes out about a debt that was paid. */
const settledCheck: Check = (_rule, _attempt, facts) =>
  facts.debtSettled
    ? {
        reason: text('该笔欠款已结清,不得再催收', 'The debt is paid: no further collection contact'),
        nextAllowedAt: null,
      }
    : null;

/** cn.content-screen / us.content-screen: outgoing text with a screened phrase is never sent. */
const contentCheck: Check = (_rule, attempt) => {
  const found = attempt.contentFindings ?? [];
  if (found.length === 0) return null;
  const phrases = found.map((f) => `「${f.phrase}」(${f.category})`).join('、');
  return {
    reason: text(`发送内容含禁用表述:${phrases}`, `The outgoing text contains screened phrases: ${phrases}`),
    nextAllowedAt: null,
  };
};

function cnChecks(pack: RulePack): [string, Check][] {
  const allowed = cnAllowedWindow(pack);
  // A consent record that covers quiet hours lifts them, so tomorrow opens at local midnight.
  const tomorrowOpening = (attempt: ContactAttempt, facts: GateFacts, days: LocalDays) =>
    openingOnOrAfter(addDays(days.today, 1), attempt, facts.consentCoversQuietHours ? null : allowed);
  return [
    // DESIGN.md §2 flow 5: no collection message after the debt it concerns was paid
    ['cn.debt-settled', settledCheck],
    [
      // institution policy; GB/T 45251-2025 (s): no collection contact while a hold is active
      'cn.holds',
      (_rule, attempt, facts) => holdDenial(facts.activeHolds, attempt.channel, () => true),
    ],
    [
      // CBA 2026 (s): a contact who refused is never contacted again
      'cn.contact-refusal',
      (_rule, _attempt, facts) =>
        facts.contactRefused
          ? {
              reason: text('该联系人已拒绝联系', 'This contact has refused further contact'),
              nextAllowedAt: null,
            }
          : null,
    ],
    [
      // GB/T 45251-2025 (s); CBA 2026 (s): third-party contacts only once the debtor is unreachable
      'cn.contact-unlock',
      (_rule, attempt, facts) =>
        THIRD_PARTY_ROLES.includes(attempt.partyRole) && !facts.debtorUnreachable
          ? {
              reason: text(
                '债务人可联系时不得联系紧急联系人或其他第三方',
                'Third-party contacts may be used only when the debtor is unreachable',
              ),
              nextAllowedAt: null,
            }
          : null,
    ],
    [
      // cn.party-roles + PIPL Art. 6: third parties get only approved third-party templates
      'cn.no-disclosure',
      (_rule, attempt) =>
        THIRD_PARTY_ROLES.includes(attempt.partyRole) && attempt.templateApprovedForThirdParty !== true
          ? {
              reason: text(
                '对第三方只能使用已批准的第三方模板,不得提及债务',
                'Third parties may receive only an approved third-party template that does not mention the debt',
              ),
              nextAllowedAt: null,
            }
          : null,
    ],
    // 小额贷款公司监督管理暂行办法 (2024) (s); CBA 2026 (s): no threats, insults, impersonation…
    ['cn.content-screen', contentCheck],
    [
      // GB/T 45251-2025 (s): no contact 22:00–08:00 debtor local time, unless consented
      'cn.quiet-hours',
      (rule, attempt, facts, days) => {
        if (!CN_QUIET_CHANNELS.includes(attempt.channel) || facts.consentCoversQuietHours) return null;
        const open = complementWindow(windowParam(rule, 'quietWindow'));
        if (inWindowEverywhere(attempt, days, open)) return null;
        const w = windowParam(rule, 'quietWindow');
        return {
          reason: text(
            `债务人当地时间 ${w.start}–${w.end} 不得联系`,
            `No contact ${w.start}–${w.end} debtor local time`,
          ),
          nextAllowedAt: earliestAllowedInAllZones(attempt.atMs, attempt.debtorTimeZones, open),
        };
      },
    ],
    [
      // GB/T 45251-2025 (s): at most 3 connected conversations a day, all agencies and AI voice together
      'cn.connected-calls-per-day',
      (rule, attempt, facts, days) => {
        if (attempt.channel !== 'call') return null;
        const limit = numberParam(rule, 'maxConnectedCalls');
        const count = countToday(attempt, facts, days, (p) => p.channel === 'call' && p.conversation);
        return count >= limit
          ? {
              reason: text(
                `今日已接通 ${count} 次,上限 ${limit} 次`,
                `${count} connected calls today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt, facts, days),
            }
          : null;
      },
    ],
    [
      // CBA 2026 (s): at most 6 dials to one number a day
      'cn.dials-per-number-per-day',
      (rule, attempt, facts, days) => {
        if (attempt.channel !== 'call' || attempt.phoneHash === undefined) return null;
        const limit = numberParam(rule, 'maxDialsPerNumber');
        const count = countToday(
          attempt,
          facts,
          days,
          (p) => p.channel === 'call' && p.phoneHash === attempt.phoneHash,
        );
        return count >= limit
          ? {
              reason: text(
                `该号码今日已拨打 ${count} 次,上限 ${limit} 次`,
                `${count} dials to this number today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt, facts, days),
            }
          : null;
      },
    ],
    [
      // institution policy: at most 3 collection SMS / push a day
      'cn.messages-per-day',
      (rule, attempt, facts, days) => {
        if (attempt.channel !== 'sms' && attempt.channel !== 'push') return null;
        const limit = numberParam(rule, 'maxMessages');
        const count = countToday(attempt, facts, days, (p) => p.channel === 'sms' || p.channel === 'push');
        return count >= limit
          ? {
              reason: text(
                `今日已发送 ${count} 条短信/推送,上限 ${limit} 条`,
                `${count} messages today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt, facts, days),
            }
          : null;
      },
    ],
  ];
}

function usChecks(pack: RulePack): [string, Check][] {
  const timesRule = findRule(pack, 'us.inconvenient-times');
  const allowed = timesRule ? windowParam(timesRule, 'allowedWindow') : null;
  const exclusions = findRule(pack, 'us.7-in-7-exclusions');
  return [
    // DESIGN.md §2 flow 5: no collection message after the debt it concerns was paid
    ['us.debt-settled', settledCheck],
    [
      // §1006.38: a dispute stops collection until verification is sent
      'us.dispute',
      (_rule, attempt, facts) =>
        facts.activeHolds.some((h) => h.kind === 'dispute' && holdCovers(h, attempt.channel))
          ? {
              reason: text('争议核实期间不得催收', 'Collection stops while a dispute awaits verification'),
              nextAllowedAt: null,
            }
          : null,
    ],
    [
      // §1006.6(e), §1006.14(h): an opt-out (a debtor-requested channel stop) is honoured
      'us.opt-out',
      (_rule, attempt, facts) =>
        facts.activeHolds.some((h) => h.kind === 'channel-stop' && holdCovers(h, attempt.channel))
          ? {
              reason: text('债务人已要求停止通过该渠道联系', 'The consumer opted out of this channel'),
              nextAllowedAt: null,
            }
          : null,
    ],
    [
      // institution policy: every other hold stops collection too
      'us.holds',
      (_rule, attempt, facts) =>
        holdDenial(
          facts.activeHolds,
          attempt.channel,
          (h) => h.kind !== 'dispute' && h.kind !== 'channel-stop',
        ),
    ],
    [
      // §1006.6(d), §1006.10: third parties only as location contacts, never about the debt, once each
      'us.third-parties',
      (rule, attempt, facts) => {
        if (US_CONSUMER_ROLES.includes(attempt.partyRole)) return null;
        const limit = numberParam(rule, 'locationContactsPerPerson');
        const earlier = facts.priorAttempts.filter(
          (p) => p.contactId === attempt.contactId && p.atMs < attempt.atMs,
        );
        if (attempt.templateApprovedForThirdParty === true && earlier.length < limit) return null;
        return {
          reason: text(
            '对第三方只能以位置信息模板联系一次,不得提及债务',
            'A third party may be contacted once, for location information only, without mentioning the debt',
          ),
          nextAllowedAt: null,
        };
      },
    ],
    // §1006.14(d), §1006.18: no abusive language or false representations in outgoing text
    ['us.content-screen', contentCheck],
    [
      // §1006.6(b)(1)(i): only 08:00–21:00, in every time zone the consumer may be in
      'us.inconvenient-times',
      (rule, attempt, _facts, days) => {
        if (!US_TIMED_CHANNELS.includes(attempt.channel)) return null;
        const w = windowParam(rule, 'allowedWindow');
        if (inWindowEverywhere(attempt, days, w)) return null;
        return {
          reason: text(
            `只能在债务人所有可能时区的 ${w.start}–${w.end} 之间联系`,
            `Contact only ${w.start}–${w.end} in every time zone the consumer may be in`,
          ),
          nextAllowedAt: earliestAllowedInAllZones(attempt.atMs, attempt.debtorTimeZones, w),
        };
      },
    ],
    [
      // §1006.14(b)(2)(i)(B): no call for 7 days after a conversation; the conversation day is day 1
      'us.after-conversation',
      (rule, attempt, facts, local) => {
        if (attempt.channel !== 'call') return null;
        const days = numberParam(rule, 'quietDays');
        // Days ago of the latest conversation that is still within the quiet days, if any.
        let latestAgo = days;
        for (const p of facts.priorAttempts) {
          if (p.channel === 'call' && p.conversation && p.atMs <= attempt.atMs) {
            latestAgo = local.daysAgo(p.atMs, latestAgo);
          }
        }
        if (latestAgo >= days) return null;
        const latest = addDays(local.today, -latestAgo);
        return {
          reason: text(
            `${latest} 已通话,${days} 天内不得再次致电`,
            `A conversation on ${latest}: no call for ${days} days (that day is day 1)`,
          ),
          nextAllowedAt: openingOnOrAfter(addDays(latest, days), attempt, allowed),
        };
      },
    ],
    [
      // §1006.14(b)(2)(i)(A) with §1006.14(b)(3): the 8th counted call attempt in 7 consecutive days is blocked
      'us.7-in-7',
      (rule, attempt, facts, days) => {
        if (attempt.channel !== 'call') return null;
        const limit = numberParam(rule, 'maxCallAttempts');
        const windowDays = numberParam(rule, 'windowDays');
        // countedAgo[k]: counted calls k local days before today, for k inside the window
        const countedAgo: number[] = new Array(windowDays).fill(0);
        for (const p of facts.priorAttempts) {
          if (
            p.channel === 'call' &&
            p.atMs <= attempt.atMs &&
            // §1006.14(b)(3): calls that do not connect, or made with prior consent, are not counted
            (!exclusions || (p.connected && p.consentWithin7Days !== true))
          ) {
            const k = days.daysAgo(p.atMs, windowDays);
            if (k < windowDays) countedAgo[k]! += 1;
          }
        }
        // Counted calls in the window of `windowDays` days ending `ahead` days after today.
        const inWindow = (ahead: number) => {
          let sum = 0;
          for (let k = 0; k < windowDays - ahead; k++) sum += countedAgo[k]!;
          return sum;
        };
        const count = inWindow(0);
        if (count < limit) return null;
        // The first later day on which the 7-day window holds fewer than the limit.
        let next: number | null = null;
        for (let k = 1; k <= windowDays; k++) {
          if (inWindow(k) < limit) {
            next = openingOnOrAfter(addDays(days.today, k), attempt, allowed);
            break;
          }
        }
        return {
          reason: text(
            `${windowDays} 天内已致电 ${count} 次,上限 ${limit} 次`,
            `${count} call attempts in ${windowDays} consecutive days; the limit is ${limit}`,
          ),
          nextAllowedAt: next,
        };
      },
    ],
  ];
}

// A pack's checks in order with their rules, built once per pack object (packs are read-only data).
const compiled = new WeakMap<RulePack, { rule: Rule; check: Check }[]>();

function checksOf(pack: RulePack): { rule: Rule; check: Check }[] {
  let checks = compiled.get(pack);
  if (!checks) {
    checks = [];
    for (const [ruleId, check] of pack.code === 'cn' ? cnChecks(pack) : usChecks(pack)) {
      const rule = findRule(pack, ruleId);
      if (rule) checks.push({ rule, check }); // a pack without the rule does not enforce it
    }
    compiled.set(pack, checks);
  }
  return checks;
}

const CHANNELS: readonly ContactChannel[] = ['call', 'sms', 'push', 'email', 'visit', 'letter', 'im'];
const PARTY_ROLES: readonly PartyRole[] = ['self', 'guarantor', 'spouse', 'emergency', 'employer', 'other'];

/**
 * Refuses an attempt the gate cannot judge — an unknown channel or party role, no time zone or
 * one that is not an IANA name, a non-finite instant — with a coded bilingual error, before
 * `decide` runs (callers with data from outside the type system call this first).
 */
export function assertDecidableAttempt(attempt: ContactAttempt): void {
  if (!CHANNELS.includes(attempt.channel))
    throw new CodedError('CHANNEL_UNKNOWN', { channel: attempt.channel });
  if (!PARTY_ROLES.includes(attempt.partyRole))
    throw new CodedError('PARTY_ROLE_UNKNOWN', { role: attempt.partyRole });
  if (attempt.debtorTimeZones.length === 0 || !attempt.debtorTimeZones.every(isTimeZone)) {
    throw new CodedError('TIME_ZONE_INVALID');
  }
  if (!Number.isFinite(attempt.atMs))
    throw new CodedError('DATETIME_INVALID', { value: String(attempt.atMs) });
}

/**
 * Decides whether a contact attempt may go ahead under a rule pack: allowed with the ids of
 * the rules checked, or the first denial with its rule, citation and next allowed instant.
 */
export function decide(attempt: ContactAttempt, facts: GateFacts, pack: RulePack): GateDecision {
  const days = new LocalDays(attempt);
  const ruleIds: string[] = [];
  for (const { rule, check } of checksOf(pack)) {
    const denial = check(rule, attempt, facts, days);
    if (denial)
      return { allowed: false, ruleId: rule.id, kind: rule.kind, citation: rule.citation, ...denial };
    ruleIds.push(rule.id);
  }
  if (pack.code === 'cn' && ruleIds.includes('cn.no-disclosure')) ruleIds.push('cn.party-roles');
  return { allowed: true, ruleIds };
}
