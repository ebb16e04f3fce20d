/**
 * 合规闸门 the compliance gate (DESIGN.md §3): every outbound contact asks `decide` first.
 * It is pure: the caller loads the facts (earlier attempts, holds, flags) and passes the
 * instant of the attempt; the rule pack supplies parameters and citations.
 *
 * Rules are evaluated in a fixed order and the first denial is returned:
 *   cn:      cn.holds → cn.contact-refusal → cn.contact-unlock → cn.no-disclosure →
 *            cn.quiet-hours → cn.connected-calls-per-day → cn.dials-per-number-per-day →
 *            cn.messages-per-day
 *   us-regf: us.dispute → us.opt-out → us.holds → us.third-parties → us.inconvenient-times → us.after-conversation →
 *            us.7-in-7
 * Absolute stops (holds, refusals, who may be contacted) come before time and frequency, so
 * a denial with `nextAllowedAt = null` is never hidden behind one that suggests a retry.
 * Day boundaries for per-day counts are the debtor's local days in `debtorTimeZones[0]`.
 */
import { addDays, type BusinessDate, daysBetween } from '../calendar/business-date.js';
import {
  complementWindow,
  earliestAllowedInAllZones,
  instantOfLocal,
  isAllowedInAllZones,
  type LocalWindow,
  localTimeOf,
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
  debtorTimeZones: readonly string[]; // every plausible zone of the debtor; the first sets day boundaries
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

const localDate = (ms: number, zone: string): BusinessDate => localTimeOf(ms, zone).date;

/** The earlier attempts on the attempt's local day in the primary zone. */
function sameLocalDay(attempt: ContactAttempt, facts: GateFacts): PriorAttempt[] {
  const zone = primaryZone(attempt);
  const today = localDate(attempt.atMs, zone);
  return facts.priorAttempts.filter((p) => p.atMs <= attempt.atMs && localDate(p.atMs, zone) === today);
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
  const start = instantOfLocal(date, '00:00', primaryZone(attempt));
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

function cnChecks(pack: RulePack): [string, Check][] {
  const allowed = cnAllowedWindow(pack);
  const tomorrowOpening = (attempt: ContactAttempt) =>
    openingOnOrAfter(addDays(localDate(attempt.atMs, primaryZone(attempt)), 1), attempt, allowed);
  return [
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
    [
      // GB/T 45251-2025 (s): no contact 22:00–08:00 debtor local time, unless consented
      'cn.quiet-hours',
      (rule, attempt, facts) => {
        if (!CN_QUIET_CHANNELS.includes(attempt.channel) || facts.consentCoversQuietHours) return null;
        const open = complementWindow(windowParam(rule, 'quietWindow'));
        if (isAllowedInAllZones(attempt.atMs, attempt.debtorTimeZones, open)) return null;
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
      (rule, attempt, facts) => {
        if (attempt.channel !== 'call') return null;
        const limit = numberParam(rule, 'maxConnectedCalls');
        const count = sameLocalDay(attempt, facts).filter(
          (p) => p.channel === 'call' && p.conversation,
        ).length;
        return count >= limit
          ? {
              reason: text(
                `今日已接通 ${count} 次,上限 ${limit} 次`,
                `${count} connected calls today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt),
            }
          : null;
      },
    ],
    [
      // CBA 2026 (s): at most 6 dials to one number a day
      'cn.dials-per-number-per-day',
      (rule, attempt, facts) => {
        if (attempt.channel !== 'call' || attempt.phoneHash === undefined) return null;
        const limit = numberParam(rule, 'maxDialsPerNumber');
        const count = sameLocalDay(attempt, facts).filter(
          (p) => p.channel === 'call' && p.phoneHash === attempt.phoneHash,
        ).length;
        return count >= limit
          ? {
              reason: text(
                `该号码今日已拨打 ${count} 次,上限 ${limit} 次`,
                `${count} dials to this number today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt),
            }
          : null;
      },
    ],
    [
      // institution policy: at most 3 collection SMS / push a day
      'cn.messages-per-day',
      (rule, attempt, facts) => {
        if (attempt.channel !== 'sms' && attempt.channel !== 'push') return null;
        const limit = numberParam(rule, 'maxMessages');
        const count = sameLocalDay(attempt, facts).filter(
          (p) => p.channel === 'sms' || p.channel === 'push',
        ).length;
        return count >= limit
          ? {
              reason: text(
                `今日已发送 ${count} 条短信/推送,上限 ${limit} 条`,
                `${count} messages today; the limit is ${limit}`,
              ),
              nextAllowedAt: tomorrowOpening(attempt),
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
    [
      // §1006.6(b)(1)(i): only 08:00–21:00, in every time zone the consumer may be in
      'us.inconvenient-times',
      (rule, attempt) => {
        if (!US_TIMED_CHANNELS.includes(attempt.channel)) return null;
        const w = windowParam(rule, 'allowedWindow');
        if (isAllowedInAllZones(attempt.atMs, attempt.debtorTimeZones, w)) return null;
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
      (rule, attempt, facts) => {
        if (attempt.channel !== 'call') return null;
        const days = numberParam(rule, 'quietDays');
        const zone = primaryZone(attempt);
        const today = localDate(attempt.atMs, zone);
        const blocking = facts.priorAttempts
          .filter((p) => p.channel === 'call' && p.conversation && p.atMs <= attempt.atMs)
          .map((p) => localDate(p.atMs, zone))
          .filter((day) => daysBetween(day, today) < days)
          .sort();
        const latest = blocking.at(-1);
        if (latest === undefined) return null;
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
      (rule, attempt, facts) => {
        if (attempt.channel !== 'call') return null;
        const limit = numberParam(rule, 'maxCallAttempts');
        const windowDays = numberParam(rule, 'windowDays');
        const zone = primaryZone(attempt);
        const today = localDate(attempt.atMs, zone);
        const counted = facts.priorAttempts
          .filter(
            (p) =>
              p.channel === 'call' &&
              p.atMs <= attempt.atMs &&
              // §1006.14(b)(3): calls that do not connect, or made with prior consent, are not counted
              (!exclusions || (p.connected && p.consentWithin7Days !== true)),
          )
          .map((p) => localDate(p.atMs, zone));
        const inWindow = (day: BusinessDate) =>
          counted.filter((d) => daysBetween(d, day) < windowDays).length;
        if (inWindow(today) < limit) return null;
        // The first later day on which the 7-day window holds fewer than the limit.
        let next: number | null = null;
        for (let k = 1; k <= windowDays; k++) {
          const day = addDays(today, k);
          if (inWindow(day) < limit) {
            next = openingOnOrAfter(day, attempt, allowed);
            break;
          }
        }
        return {
          reason: text(
            `${windowDays} 天内已致电 ${inWindow(today)} 次,上限 ${limit} 次`,
            `${inWindow(today)} call attempts in ${windowDays} consecutive days; the limit is ${limit}`,
          ),
          nextAllowedAt: next,
        };
      },
    ],
  ];
}

/**
 * Decides whether a contact attempt may go ahead under a rule pack: allowed with the ids of
 * the rules checked, or the first denial with its rule, citation and next allowed instant.
 */
export function decide(attempt: ContactAttempt, facts: GateFacts, pack: RulePack): GateDecision {
  const checks = pack.code === 'cn' ? cnChecks(pack) : usChecks(pack);
  const ruleIds: string[] = [];
  for (const [ruleId, check] of checks) {
    const rule = findRule(pack, ruleId);
    if (!rule) continue; // a pack without the rule does not enforce it
    const denial = check(rule, attempt, facts);
    if (denial) return { allowed: false, ruleId, kind: rule.kind, citation: rule.citation, ...denial };
    ruleIds.push(ruleId);
  }
  if (pack.code === 'cn' && ruleIds.includes('cn.no-disclosure')) ruleIds.push('cn.party-roles');
  return { allowed: true, ruleIds };
}
