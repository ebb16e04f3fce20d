/**
 * Table-driven boundary scenarios for the compliance gate. Every instant is written as local
 * ISO text with its UTC offset worked out by hand (Asia/Shanghai +08:00, Asia/Urumqi +06:00,
 * New York -05:00 in winter / -04:00 in summer, Chicago -06:00 / -05:00, Los Angeles -08:00 /
 * -07:00; US daylight saving 2026 runs from 2026-03-08 02:00 to 2026-11-01 02:00), so the
 * expected values do not come from the code under test.
 */
import { describe, expect, it } from 'vitest';
import type { ActiveHold, ContactAttempt, GateFacts, HoldKind, PriorAttempt } from './gate.js';
import { decide } from './gate.js';
import {
  CN_RULE_PACK,
  type PackOverrides,
  type RulePack,
  tightenPack,
  US_REGF_RULE_PACK,
} from './rule-pack.js';

const SH = 'Asia/Shanghai';
const UR = 'Asia/Urumqi';
const NY = 'America/New_York';
const CT = 'America/Chicago';
const LA = 'America/Los_Angeles';

/** An instant from local ISO text with its offset, e.g. `2026-03-10T22:00+08:00`. */
const t = (iso: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`Not an ISO date-time: ${iso}`);
  return ms;
};
/** Shanghai wall time `YYYY-MM-DDTHH:MM` (UTC+8, no daylight saving). */
const sh = (local: string) => t(`${local}+08:00`);
/** Urumqi wall time `YYYY-MM-DDTHH:MM` (UTC+6, no daylight saving). */
const ur = (local: string) => t(`${local}+06:00`);

interface Expected {
  allowed: boolean;
  ruleId?: string;
  /** Local ISO text with offset, or null when the denial suggests no retry. */
  nextAllowedAt?: string | null;
}

interface Scenario {
  name: string;
  pack: RulePack;
  attempt: ContactAttempt;
  facts: GateFacts;
  expected: Expected;
}

const allow = (): Expected => ({ allowed: true });
const deny = (ruleId: string, nextAllowedAt: string | null): Expected => ({
  allowed: false,
  ruleId,
  nextAllowedAt,
});

const tighten = (pack: RulePack, overrides: PackOverrides): RulePack => {
  const result = tightenPack(pack, overrides);
  if (!result.ok) throw new Error(`tightening failed: ${JSON.stringify(result.errors)}`);
  return result.pack;
};
const CN = CN_RULE_PACK;
const US = US_REGF_RULE_PACK;
const CN_QUIET_21 = tighten(CN, { 'cn.quiet-hours': { quietWindow: { start: '21:00', end: '08:00' } } });
const CN_QUIET_TO_09 = tighten(CN, { 'cn.quiet-hours': { quietWindow: { start: '22:00', end: '09:00' } } });
const CN_MESSAGES_2 = tighten(CN, { 'cn.messages-per-day': { maxMessages: 2 } });
const CN_CONVERSATIONS_2 = tighten(CN, { 'cn.connected-calls-per-day': { maxConnectedCalls: 2 } });
const US_09_20 = tighten(US, {
  'us.inconvenient-times': { allowedWindow: { start: '09:00', end: '20:00' } },
});

const cnAttempt = (atMs: number, over: Partial<ContactAttempt> = {}): ContactAttempt => ({
  atMs,
  channel: 'call',
  partyRole: 'self',
  contactId: 'debtor',
  phoneHash: 'phone-1',
  debtorTimeZones: [SH],
  ...over,
});
const usAttempt = (atMs: number, over: Partial<ContactAttempt> = {}): ContactAttempt =>
  cnAttempt(atMs, { debtorTimeZones: [NY], ...over });

const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
  priorAttempts: [],
  activeHolds: [],
  contactRefused: false,
  debtorUnreachable: false,
  ...over,
});
const priors = (...priorAttempts: PriorAttempt[]) => facts({ priorAttempts });
const held = (kind: HoldKind, channelScope: ActiveHold['channelScope'] = 'all') =>
  facts({ activeHolds: [{ kind, channelScope }] });

/** A call that reached the number but nobody talked about the debt. */
const dial = (atMs: number, over: Partial<PriorAttempt> = {}): PriorAttempt => ({
  atMs,
  channel: 'call',
  contactId: 'debtor',
  phoneHash: 'phone-1',
  connected: true,
  conversation: false,
  partyRole: 'self',
  ...over,
});
/** A call that did not connect (busy, no answer, invalid). */
const missed = (atMs: number, over: Partial<PriorAttempt> = {}) => dial(atMs, { connected: false, ...over });
/** A connected call with a conversation about the debt. */
const talk = (atMs: number, over: Partial<PriorAttempt> = {}) => dial(atMs, { conversation: true, ...over });
const message = (atMs: number, channel: 'sms' | 'push' = 'sms'): PriorAttempt => ({
  atMs,
  channel,
  contactId: 'debtor',
  connected: true,
  conversation: false,
  partyRole: 'self',
});
const many = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

const TEN = sh('2026-03-10T10:00');
const threeTalksToday = priors(
  talk(sh('2026-03-10T08:10')),
  talk(sh('2026-03-10T08:40')),
  talk(sh('2026-03-10T09:10')),
);
const CN_TOMORROW_0800 = '2026-03-11T08:00+08:00';
const THIRD_PARTY_TEMPLATE = { templateApprovedForThirdParty: true } as const;

const cnQuietHours: Scenario[] = [
  {
    name: 'cn call 21:59 Shanghai',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T21:59')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn call 22:00 Shanghai is in quiet hours until 08:00 tomorrow',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:00')),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn call 22:01 Shanghai',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:01')),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn call at local midnight waits for 08:00 the same date',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-11T00:00')),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn call 07:59 Shanghai waits one minute',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T07:59')),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-10T08:00+08:00'),
  },
  {
    name: 'cn call 08:00 Shanghai',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T08:00')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn SMS 22:00 is in quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:00'), { channel: 'sms' }),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn push 07:59 is in quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T07:59'), { channel: 'push' }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-10T08:00+08:00'),
  },
  {
    name: 'cn visit 23:00 is in quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T23:00'), { channel: 'visit' }),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn IM 22:30 is in quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30'), { channel: 'im' }),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn email 23:00 is not under quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T23:00'), { channel: 'email' }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn letter 03:00 is not under quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T03:00'), { channel: 'letter' }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn call 22:30 covered by a debtor consent record',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30')),
    facts: facts({ consentCoversQuietHours: true }),
    expected: allow(),
  },
  {
    name: 'cn SMS 06:00 covered by a debtor consent record',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T06:00'), { channel: 'sms' }),
    facts: facts({ consentCoversQuietHours: true }),
    expected: allow(),
  },
  {
    name: 'cn Urumqi debtor: 21:59 Urumqi (23:59 Shanghai) is allowed',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T21:59'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn Urumqi debtor: 22:00 Urumqi waits for 08:00 Urumqi',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T22:00'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-11T08:00+06:00'),
  },
  {
    name: 'cn Urumqi debtor: 22:01 Urumqi',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T22:01'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-11T08:00+06:00'),
  },
  {
    name: 'cn Urumqi debtor: 07:59 Urumqi',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T07:59'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-10T08:00+06:00'),
  },
  {
    name: 'cn Urumqi debtor: 08:00 Urumqi',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T08:00'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn Urumqi debtor: 09:00 Shanghai clock is 07:00 in Urumqi',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T09:00'), { debtorTimeZones: [UR] }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-10T08:00+06:00'),
  },
  {
    name: 'cn debtor in Shanghai or Urumqi: 22:30 Shanghai waits for 08:00 Urumqi (10:00 Shanghai)',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30'), { debtorTimeZones: [SH, UR] }),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-11T08:00+06:00'),
  },
  {
    name: 'cn tightened quiet window 21:00–08:00: 20:59 allowed',
    pack: CN_QUIET_21,
    attempt: cnAttempt(sh('2026-03-10T20:59')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn tightened quiet window 21:00–08:00: 21:00 blocked',
    pack: CN_QUIET_21,
    attempt: cnAttempt(sh('2026-03-10T21:00')),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn default pack: 21:30 allowed',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T21:30')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn tightened quiet window 22:00–09:00: 08:30 waits for 09:00',
    pack: CN_QUIET_TO_09,
    attempt: cnAttempt(sh('2026-03-10T08:30')),
    facts: facts(),
    expected: deny('cn.quiet-hours', '2026-03-10T09:00+08:00'),
  },
];

const cnFrequency: Scenario[] = [
  {
    name: 'cn 3rd connected call of the day is allowed',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(talk(sh('2026-03-10T08:10')), talk(sh('2026-03-10T08:40'))),
    expected: allow(),
  },
  {
    name: 'cn 4th connected call of the day waits for 08:00 tomorrow',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: threeTalksToday,
    expected: deny('cn.connected-calls-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn 3 conversations today do not stop an SMS',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: threeTalksToday,
    expected: allow(),
  },
  {
    name: 'cn unconnected calls do not count as conversations',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(
      missed(sh('2026-03-10T08:05')),
      missed(sh('2026-03-10T08:15')),
      missed(sh('2026-03-10T08:25')),
      talk(sh('2026-03-10T08:35')),
      talk(sh('2026-03-10T08:45')),
    ),
    expected: allow(),
  },
  {
    name: 'cn 3 conversations yesterday do not count today',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(talk(sh('2026-03-09T10:00')), talk(sh('2026-03-09T11:00')), talk(sh('2026-03-09T12:00'))),
    expected: allow(),
  },
  {
    name: 'cn local-day boundary: 3 conversations at 23:57–23:59 yesterday (consented) do not count at 08:00',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T08:00')),
    facts: priors(talk(sh('2026-03-09T23:57')), talk(sh('2026-03-09T23:58')), talk(sh('2026-03-09T23:59'))),
    expected: allow(),
  },
  {
    name: 'cn local-day boundary: 3 conversations at 00:00–00:02 today (consented) count at 08:00',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T08:00')),
    facts: priors(talk(sh('2026-03-10T00:00')), talk(sh('2026-03-10T00:01')), talk(sh('2026-03-10T00:02'))),
    expected: deny('cn.connected-calls-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn Urumqi debtor: conversations at 00:30 Shanghai were yesterday in Urumqi',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T09:00'), { debtorTimeZones: [UR] }),
    facts: priors(talk(sh('2026-03-10T00:30')), talk(sh('2026-03-10T00:35')), talk(sh('2026-03-10T00:40'))),
    expected: allow(),
  },
  {
    name: 'cn Shanghai debtor: the same conversations at 00:30 are today',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T09:00')),
    facts: priors(talk(sh('2026-03-10T00:30')), talk(sh('2026-03-10T00:35')), talk(sh('2026-03-10T00:40'))),
    expected: deny('cn.connected-calls-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn Urumqi debtor: 4th conversation waits for 08:00 Urumqi tomorrow',
    pack: CN,
    attempt: cnAttempt(ur('2026-03-10T12:00'), { debtorTimeZones: [UR] }),
    facts: priors(talk(ur('2026-03-10T08:00')), talk(ur('2026-03-10T09:00')), talk(ur('2026-03-10T10:00'))),
    expected: deny('cn.connected-calls-per-day', '2026-03-11T08:00+06:00'),
  },
  {
    name: 'cn tightened to 2 conversations a day: the 3rd call is blocked',
    pack: CN_CONVERSATIONS_2,
    attempt: cnAttempt(TEN),
    facts: priors(talk(sh('2026-03-10T08:10')), talk(sh('2026-03-10T08:40'))),
    expected: deny('cn.connected-calls-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn quiet window to 09:00: a capped call waits for 09:00 tomorrow',
    pack: CN_QUIET_TO_09,
    attempt: cnAttempt(TEN),
    facts: threeTalksToday,
    expected: deny('cn.connected-calls-per-day', '2026-03-11T09:00+08:00'),
  },
  {
    name: 'cn consent covering quiet hours: a capped call may go from local midnight',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30')),
    facts: facts({ priorAttempts: threeTalksToday.priorAttempts, consentCoversQuietHours: true }),
    expected: deny('cn.connected-calls-per-day', '2026-03-11T00:00+08:00'),
  },
  {
    name: 'cn 6th dial to one number is allowed',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(...many(5, (i) => missed(sh(`2026-03-10T09:0${i}`)))),
    expected: allow(),
  },
  {
    name: 'cn 7th dial to one number waits for 08:00 tomorrow',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(...many(6, (i) => missed(sh(`2026-03-10T09:0${i}`)))),
    expected: deny('cn.dials-per-number-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn 6 dials to phone-1 do not stop a dial to phone-2',
    pack: CN,
    attempt: cnAttempt(TEN, { phoneHash: 'phone-2' }),
    facts: priors(...many(6, (i) => missed(sh(`2026-03-10T09:0${i}`)))),
    expected: allow(),
  },
  {
    name: 'cn dials to another number are not counted for this number',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(
      ...many(3, (i) => missed(sh(`2026-03-10T09:0${i}`))),
      ...many(3, (i) => missed(sh(`2026-03-10T09:1${i}`), { phoneHash: 'phone-2' })),
    ),
    expected: allow(),
  },
  {
    name: 'cn 6 dials yesterday do not count today',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(...many(6, (i) => missed(sh(`2026-03-09T20:0${i}`)))),
    expected: allow(),
  },
  {
    name: 'cn connected and unconnected dials both count: 2 conversations + 4 missed = 6 dials',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(
      talk(sh('2026-03-10T08:00')),
      talk(sh('2026-03-10T08:30')),
      ...many(4, (i) => missed(sh(`2026-03-10T09:0${i}`))),
    ),
    expected: deny('cn.dials-per-number-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn the conversation cap is reported before the dial cap',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: priors(...threeTalksToday.priorAttempts, ...many(3, (i) => missed(sh(`2026-03-10T09:2${i}`)))),
    expected: deny('cn.connected-calls-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn 3rd SMS of the day is allowed',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: priors(message(sh('2026-03-10T08:00')), message(sh('2026-03-10T09:00'))),
    expected: allow(),
  },
  {
    name: 'cn 4th message of the day (2 SMS + 1 push before) waits for 08:00 tomorrow',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'push' }),
    facts: priors(
      message(sh('2026-03-10T08:00')),
      message(sh('2026-03-10T08:30'), 'push'),
      message(sh('2026-03-10T09:00')),
    ),
    expected: deny('cn.messages-per-day', CN_TOMORROW_0800),
  },
  {
    name: 'cn 3 messages yesterday do not count today',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: priors(
      message(sh('2026-03-09T19:00')),
      message(sh('2026-03-09T20:00')),
      message(sh('2026-03-09T21:59')),
    ),
    expected: allow(),
  },
  {
    name: 'cn calls do not count as messages',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: priors(...many(4, (i) => missed(sh(`2026-03-10T09:0${i}`)))),
    expected: allow(),
  },
  {
    name: 'cn 3 SMS today do not stop an email',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'email' }),
    facts: priors(
      message(sh('2026-03-10T08:00')),
      message(sh('2026-03-10T08:30')),
      message(sh('2026-03-10T09:00')),
    ),
    expected: allow(),
  },
  {
    name: 'cn tightened to 2 messages: the 2nd SMS is allowed',
    pack: CN_MESSAGES_2,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: priors(message(sh('2026-03-10T08:00'))),
    expected: allow(),
  },
  {
    name: 'cn tightened to 2 messages: the 3rd SMS waits for 08:00 tomorrow',
    pack: CN_MESSAGES_2,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: priors(message(sh('2026-03-10T08:00')), message(sh('2026-03-10T09:00'), 'push')),
    expected: deny('cn.messages-per-day', CN_TOMORROW_0800),
  },
];

const cnParties: Scenario[] = [
  {
    name: 'cn a contact who refused is never contacted',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: facts({ contactRefused: true }),
    expected: deny('cn.contact-refusal', null),
  },
  {
    name: 'cn refusal is reported before quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T23:00')),
    facts: facts({ contactRefused: true }),
    expected: deny('cn.contact-refusal', null),
  },
  {
    name: 'cn emergency contact before unreachable evidence',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'emergency', contactId: 'mother', ...THIRD_PARTY_TEMPLATE }),
    facts: facts(),
    expected: deny('cn.contact-unlock', null),
  },
  {
    name: 'cn emergency contact after unreachable evidence, approved template',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'emergency', contactId: 'mother', ...THIRD_PARTY_TEMPLATE }),
    facts: facts({ debtorUnreachable: true }),
    expected: allow(),
  },
  {
    name: 'cn spouse before unreachable evidence',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'spouse', contactId: 'spouse', ...THIRD_PARTY_TEMPLATE }),
    facts: facts(),
    expected: deny('cn.contact-unlock', null),
  },
  {
    name: 'cn spouse after unreachable evidence, approved template',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'spouse', contactId: 'spouse', ...THIRD_PARTY_TEMPLATE }),
    facts: facts({ debtorUnreachable: true }),
    expected: allow(),
  },
  {
    name: 'cn other contact before unreachable evidence',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'other', contactId: 'friend', ...THIRD_PARTY_TEMPLATE }),
    facts: facts(),
    expected: deny('cn.contact-unlock', null),
  },
  {
    name: 'cn other contact after unreachable evidence, approved template',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'other', contactId: 'friend', ...THIRD_PARTY_TEMPLATE }),
    facts: facts({ debtorUnreachable: true }),
    expected: allow(),
  },
  {
    name: 'cn third party without an approved template (unlocked)',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'emergency', contactId: 'mother' }),
    facts: facts({ debtorUnreachable: true }),
    expected: deny('cn.no-disclosure', null),
  },
  {
    name: 'cn employer with the template explicitly not approved',
    pack: CN,
    attempt: cnAttempt(TEN, {
      partyRole: 'employer',
      contactId: 'employer',
      templateApprovedForThirdParty: false,
    }),
    facts: facts({ debtorUnreachable: true }),
    expected: deny('cn.no-disclosure', null),
  },
  {
    name: 'cn unlock is reported before no-disclosure',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'employer', contactId: 'employer' }),
    facts: facts(),
    expected: deny('cn.contact-unlock', null),
  },
  {
    name: 'cn guarantor is debtor-side: no unreachable evidence or template needed',
    pack: CN,
    attempt: cnAttempt(TEN, { partyRole: 'guarantor', contactId: 'guarantor' }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'cn guarantor is still under quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30'), { partyRole: 'guarantor', contactId: 'guarantor' }),
    facts: facts(),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
  {
    name: 'cn an unlocked emergency contact is still under quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T22:30'), {
      partyRole: 'emergency',
      contactId: 'mother',
      ...THIRD_PARTY_TEMPLATE,
    }),
    facts: facts({ debtorUnreachable: true }),
    expected: deny('cn.quiet-hours', CN_TOMORROW_0800),
  },
];

const cnHolds: Scenario[] = [
  ...(['dispute', 'complaint', 'hardship', 'deceased', 'legal'] as const).map(
    (kind): Scenario => ({
      name: `cn active ${kind} hold stops a call`,
      pack: CN,
      attempt: cnAttempt(TEN),
      facts: held(kind),
      expected: deny('cn.holds', null),
    }),
  ),
  {
    name: 'cn hold ended (no active holds): the same call is allowed',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: facts({ activeHolds: [] }),
    expected: allow(),
  },
  {
    name: 'cn active dispute hold stops an SMS',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: held('dispute'),
    expected: deny('cn.holds', null),
  },
  {
    name: 'cn SMS channel stop blocks an SMS',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms' }),
    facts: held('channel-stop', ['sms']),
    expected: deny('cn.holds', null),
  },
  {
    name: 'cn SMS channel stop does not block a call',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: held('channel-stop', ['sms']),
    expected: allow(),
  },
  {
    name: 'cn call+SMS channel stop does not block a push',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'push' }),
    facts: held('channel-stop', ['call', 'sms']),
    expected: allow(),
  },
  {
    name: 'cn a hold beats quiet hours, so no retry time is suggested',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T23:00')),
    facts: held('legal'),
    expected: deny('cn.holds', null),
  },
  {
    name: 'cn a hold beats a refusal',
    pack: CN,
    attempt: cnAttempt(TEN),
    facts: facts({ activeHolds: [{ kind: 'deceased', channelScope: 'all' }], contactRefused: true }),
    expected: deny('cn.holds', null),
  },
  {
    name: 'cn content finding blocks the text',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms', contentFindings: [{ category: 'threat', phrase: '上门' }] }),
    facts: facts(),
    expected: deny('cn.content-screen', null),
  },
  {
    name: 'cn content finding is reported before quiet hours',
    pack: CN,
    attempt: cnAttempt(sh('2026-03-10T23:00'), {
      channel: 'sms',
      contentFindings: [{ category: 'impersonation', phrase: '法院' }],
    }),
    facts: facts(),
    expected: deny('cn.content-screen', null),
  },
  {
    name: 'cn empty content findings do not block',
    pack: CN,
    attempt: cnAttempt(TEN, { channel: 'sms', contentFindings: [] }),
    facts: facts(),
    expected: allow(),
  },
];

// New York 2026-03-03 is a Tuesday in winter time (-05:00).
const NY_NOON = t('2026-03-03T12:00-05:00');
const usTimes: Scenario[] = [
  {
    name: 'us call 07:59 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T07:59-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-03T08:00-05:00'),
  },
  {
    name: 'us call 08:00 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T08:00-05:00')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us call 20:59 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T20:59-05:00')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us call 21:00 New York waits for 08:00 tomorrow',
    pack: US,
    attempt: usAttempt(t('2026-03-03T21:00-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-05:00'),
  },
  {
    name: 'us SMS 21:30 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T21:30-05:00'), { channel: 'sms' }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-05:00'),
  },
  {
    name: 'us email 22:00 New York is a communication at a time',
    pack: US,
    attempt: usAttempt(t('2026-03-03T22:00-05:00'), { channel: 'email' }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-05:00'),
  },
  {
    name: 'us letter 23:00 New York is not timed',
    pack: US,
    attempt: usAttempt(t('2026-03-03T23:00-05:00'), { channel: 'letter' }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us New York + Chicago: 08:30 New York is 07:30 Chicago',
    pack: US,
    attempt: usAttempt(t('2026-03-03T08:30-05:00'), { debtorTimeZones: [NY, CT] }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-03T08:00-06:00'),
  },
  {
    name: 'us New York + Chicago: 09:00 New York is 08:00 Chicago',
    pack: US,
    attempt: usAttempt(t('2026-03-03T09:00-05:00'), { debtorTimeZones: [NY, CT] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us New York + Chicago: 20:59 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T20:59-05:00'), { debtorTimeZones: [NY, CT] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us New York + Chicago: 21:00 New York waits for 08:00 Chicago tomorrow',
    pack: US,
    attempt: usAttempt(t('2026-03-03T21:00-05:00'), { debtorTimeZones: [NY, CT] }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-06:00'),
  },
  {
    name: 'us New York + Los Angeles: 10:59 New York is 07:59 Los Angeles',
    pack: US,
    attempt: usAttempt(t('2026-03-03T10:59-05:00'), { debtorTimeZones: [NY, LA] }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-03T08:00-08:00'),
  },
  {
    name: 'us New York + Los Angeles: 11:00 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T11:00-05:00'), { debtorTimeZones: [NY, LA] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us New York + Los Angeles: 20:59 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T20:59-05:00'), { debtorTimeZones: [NY, LA] }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us Los Angeles + New York: 18:00 Los Angeles is 21:00 New York',
    pack: US,
    attempt: usAttempt(t('2026-03-03T18:00-08:00'), { debtorTimeZones: [LA, NY] }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-08:00'),
  },
  {
    name: 'us tightened window 09:00–20:00: 08:30 waits for 09:00',
    pack: US_09_20,
    attempt: usAttempt(t('2026-03-03T08:30-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-03T09:00-05:00'),
  },
  {
    name: 'us DST start 2026-03-08: 07:59 EDT',
    pack: US,
    attempt: usAttempt(t('2026-03-08T07:59-04:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-08T08:00-04:00'),
  },
  {
    name: 'us DST start 2026-03-08: 08:00 EDT',
    pack: US,
    attempt: usAttempt(t('2026-03-08T08:00-04:00')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us DST start: 21:30 EST on 03-07 waits for 08:00 EDT on 03-08',
    pack: US,
    attempt: usAttempt(t('2026-03-07T21:30-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-08T08:00-04:00'),
  },
  {
    name: 'us DST start: 01:30 EST just before the change waits for 08:00 EDT',
    pack: US,
    attempt: usAttempt(t('2026-03-08T01:30-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-08T08:00-04:00'),
  },
  {
    name: 'us DST start, New York + Los Angeles: 10:30 EDT waits for 08:00 PDT',
    pack: US,
    attempt: usAttempt(t('2026-03-08T10:30-04:00'), { debtorTimeZones: [NY, LA] }),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-03-08T08:00-07:00'),
  },
  {
    name: 'us DST end 2026-11-01: 07:59 EST',
    pack: US,
    attempt: usAttempt(t('2026-11-01T07:59-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-11-01T08:00-05:00'),
  },
  {
    name: 'us DST end 2026-11-01: 08:00 EST',
    pack: US,
    attempt: usAttempt(t('2026-11-01T08:00-05:00')),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us DST end: 21:15 EDT on 10-31 waits for 08:00 EST on 11-01',
    pack: US,
    attempt: usAttempt(t('2026-10-31T21:15-04:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-11-01T08:00-05:00'),
  },
  {
    name: 'us DST end: the first 01:30 (EDT) waits for 08:00 EST',
    pack: US,
    attempt: usAttempt(t('2026-11-01T01:30-04:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-11-01T08:00-05:00'),
  },
  {
    name: 'us DST end: the second 01:30 (EST) waits for 08:00 EST',
    pack: US,
    attempt: usAttempt(t('2026-11-01T01:30-05:00')),
    facts: facts(),
    expected: deny('us.inconvenient-times', '2026-11-01T08:00-05:00'),
  },
];

/** Calls at 09:00 New York winter time on the given dates. */
const callsOn = (dates: string[], over: (i: number) => Partial<PriorAttempt> = () => ({})) =>
  dates.map((d, i) => dial(t(`${d}T09:00-05:00`), over(i)));
const SIX_CALLS = ['2026-03-02', '2026-03-02', '2026-03-03', '2026-03-03', '2026-03-04', '2026-03-04'];
const THU_3PM = t('2026-03-05T15:00-05:00');

const usFrequency: Scenario[] = [
  {
    name: 'us 7th counted call in 7 days is allowed',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn(SIX_CALLS)),
    expected: allow(),
  },
  {
    name: 'us 8th counted call in 7 days waits until 03-02 leaves the window (03-09, after DST)',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn([...SIX_CALLS, '2026-03-05'])),
    expected: deny('us.7-in-7', '2026-03-09T08:00-04:00'),
  },
  {
    name: 'us a call that did not connect is not counted',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn([...SIX_CALLS, '2026-03-05'], (i) => ({ connected: i !== 2 }))),
    expected: allow(),
  },
  {
    name: 'us a call made with consent given within 7 days is not counted',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn([...SIX_CALLS, '2026-03-05'], (i) => ({ consentWithin7Days: i === 4 }))),
    expected: allow(),
  },
  {
    name: 'us 8 calls with 2 unconnected: only 6 are counted',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(
      ...callsOn([...SIX_CALLS, '2026-03-05', '2026-03-05'], (i) => ({ connected: i !== 1 && i !== 6 })),
    ),
    expected: allow(),
  },
  {
    name: 'us window sliding: a call exactly 7 days ago (02-26) no longer counts',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn(['2026-02-26', ...SIX_CALLS])),
    expected: allow(),
  },
  {
    name: 'us window sliding: a call 6 days ago (02-27) still counts; free again on 03-06',
    pack: US,
    attempt: usAttempt(THU_3PM),
    facts: priors(...callsOn(['2026-02-27', ...SIX_CALLS])),
    expected: deny('us.7-in-7', '2026-03-06T08:00-05:00'),
  },
  {
    name: 'us 7 counted calls do not stop an SMS',
    pack: US,
    attempt: usAttempt(THU_3PM, { channel: 'sms' }),
    facts: priors(...callsOn([...SIX_CALLS, '2026-03-05'])),
    expected: allow(),
  },
  {
    name: 'us 7-in-7 for New York + Chicago reopens at 08:00 Chicago on 03-09',
    pack: US,
    attempt: usAttempt(THU_3PM, { debtorTimeZones: [NY, CT] }),
    facts: priors(...callsOn([...SIX_CALLS, '2026-03-05'])),
    expected: deny('us.7-in-7', '2026-03-09T08:00-05:00'),
  },
];

// A conversation on Monday 2026-03-02 (day 1); day 8 is 2026-03-09, after the DST start.
const TALKED_MONDAY = priors(talk(t('2026-03-02T10:00-05:00')));
const DAY_8 = '2026-03-09T08:00-04:00';
const usAfterConversation: Scenario[] = [
  {
    name: 'us after-conversation day 1 (later the same day)',
    pack: US,
    attempt: usAttempt(t('2026-03-02T15:00-05:00')),
    facts: TALKED_MONDAY,
    expected: deny('us.after-conversation', DAY_8),
  },
  ...[3, 4, 5, 6, 7].map(
    (day, i): Scenario => ({
      name: `us after-conversation day ${i + 2} (03-0${day})`,
      pack: US,
      attempt: usAttempt(t(`2026-03-0${day}T12:00-05:00`)),
      facts: TALKED_MONDAY,
      expected: deny('us.after-conversation', DAY_8),
    }),
  ),
  {
    name: 'us after-conversation day 7 (03-08, EDT)',
    pack: US,
    attempt: usAttempt(t('2026-03-08T12:00-04:00')),
    facts: TALKED_MONDAY,
    expected: deny('us.after-conversation', DAY_8),
  },
  {
    name: 'us after-conversation day 8 at 08:00 EDT is allowed',
    pack: US,
    attempt: usAttempt(t('2026-03-09T08:00-04:00')),
    facts: TALKED_MONDAY,
    expected: allow(),
  },
  {
    name: 'us after-conversation does not stop an SMS on day 2',
    pack: US,
    attempt: usAttempt(NY_NOON, { channel: 'sms' }),
    facts: TALKED_MONDAY,
    expected: allow(),
  },
  {
    name: 'us a connected call without a conversation does not start the 7 days',
    pack: US,
    attempt: usAttempt(NY_NOON),
    facts: priors(dial(t('2026-03-02T10:00-05:00'))),
    expected: allow(),
  },
  {
    name: 'us the latest conversation (03-04) decides: blocked on 03-09 until 03-11',
    pack: US,
    attempt: usAttempt(t('2026-03-09T12:00-04:00')),
    facts: priors(talk(t('2026-03-02T10:00-05:00')), talk(t('2026-03-04T10:00-05:00'))),
    expected: deny('us.after-conversation', '2026-03-11T08:00-04:00'),
  },
  {
    name: 'us after-conversation across DST end: conversation 10-28, blocked 11-01 until 11-04 08:00 EST',
    pack: US,
    attempt: usAttempt(t('2026-11-01T09:00-05:00')),
    facts: priors(talk(t('2026-10-28T10:00-04:00'))),
    expected: deny('us.after-conversation', '2026-11-04T08:00-05:00'),
  },
  {
    name: 'us inconvenient time is reported before after-conversation',
    pack: US,
    attempt: usAttempt(t('2026-03-03T22:00-05:00')),
    facts: TALKED_MONDAY,
    expected: deny('us.inconvenient-times', '2026-03-04T08:00-05:00'),
  },
];

const usParties: Scenario[] = [
  {
    name: 'us third party: first location contact with an approved template',
    pack: US,
    attempt: usAttempt(NY_NOON, { partyRole: 'employer', contactId: 'employer', ...THIRD_PARTY_TEMPLATE }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us third party: a second location contact is blocked',
    pack: US,
    attempt: usAttempt(NY_NOON, { partyRole: 'employer', contactId: 'employer', ...THIRD_PARTY_TEMPLATE }),
    facts: priors(dial(t('2026-03-02T10:00-05:00'), { contactId: 'employer', partyRole: 'employer' })),
    expected: deny('us.third-parties', null),
  },
  {
    name: 'us third party without an approved template',
    pack: US,
    attempt: usAttempt(NY_NOON, { partyRole: 'employer', contactId: 'employer' }),
    facts: facts(),
    expected: deny('us.third-parties', null),
  },
  {
    name: 'us a contact to another third party does not use up this one',
    pack: US,
    attempt: usAttempt(NY_NOON, { partyRole: 'emergency', contactId: 'brother', ...THIRD_PARTY_TEMPLATE }),
    facts: priors(dial(t('2026-03-02T10:00-05:00'), { contactId: 'neighbour', partyRole: 'other' })),
    expected: allow(),
  },
  {
    name: 'us guarantor is consumer-side: no template needed',
    pack: US,
    attempt: usAttempt(NY_NOON, { partyRole: 'guarantor', contactId: 'guarantor' }),
    facts: facts(),
    expected: allow(),
  },
  {
    name: 'us a dispute stops collection',
    pack: US,
    attempt: usAttempt(NY_NOON),
    facts: held('dispute'),
    expected: deny('us.dispute', null),
  },
  {
    name: 'us an SMS opt-out blocks an SMS',
    pack: US,
    attempt: usAttempt(NY_NOON, { channel: 'sms' }),
    facts: held('channel-stop', ['sms']),
    expected: deny('us.opt-out', null),
  },
  {
    name: 'us an SMS opt-out does not block a call',
    pack: US,
    attempt: usAttempt(NY_NOON),
    facts: held('channel-stop', ['sms']),
    expected: allow(),
  },
  ...(['complaint', 'hardship', 'deceased', 'legal'] as const).map(
    (kind): Scenario => ({
      name: `us active ${kind} hold stops a call`,
      pack: US,
      attempt: usAttempt(NY_NOON),
      facts: held(kind),
      expected: deny('us.holds', null),
    }),
  ),
  {
    name: 'us hold ended (no active holds): the same call is allowed',
    pack: US,
    attempt: usAttempt(NY_NOON),
    facts: facts({ activeHolds: [] }),
    expected: allow(),
  },
  {
    name: 'us dispute is reported before opt-out',
    pack: US,
    attempt: usAttempt(NY_NOON, { channel: 'sms' }),
    facts: facts({
      activeHolds: [
        { kind: 'channel-stop', channelScope: ['sms'] },
        { kind: 'dispute', channelScope: 'all' },
      ],
    }),
    expected: deny('us.dispute', null),
  },
  {
    name: 'us a hold beats an inconvenient time, so no retry time is suggested',
    pack: US,
    attempt: usAttempt(t('2026-03-03T22:00-05:00')),
    facts: held('dispute'),
    expected: deny('us.dispute', null),
  },
  {
    name: 'us content finding blocks the text',
    pack: US,
    attempt: usAttempt(NY_NOON, {
      channel: 'email',
      contentFindings: [{ category: 'threat', phrase: 'jail' }],
    }),
    facts: facts(),
    expected: deny('us.content-screen', null),
  },
  {
    name: 'us content finding is reported before an inconvenient time',
    pack: US,
    attempt: usAttempt(t('2026-03-03T22:00-05:00'), {
      channel: 'sms',
      contentFindings: [{ category: 'profanity', phrase: 'damn' }],
    }),
    facts: facts(),
    expected: deny('us.content-screen', null),
  },
];

const SCENARIOS: Scenario[] = [
  ...cnQuietHours,
  ...cnFrequency,
  ...cnParties,
  ...cnHolds,
  ...usTimes,
  ...usFrequency,
  ...usAfterConversation,
  ...usParties,
];

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? ms : new Date(ms).toISOString();

describe('compliance gate scenarios', () => {
  it('has at least 70 scenarios, each with a unique name', () => {
    expect(SCENARIOS.length).toBeGreaterThanOrEqual(70);
    expect(new Set(SCENARIOS.map((s) => s.name)).size).toBe(SCENARIOS.length);
  });

  it.each(SCENARIOS)('$name', ({ pack, attempt, facts: given, expected }) => {
    const decision = decide(attempt, given, pack);
    const actual: Expected = decision.allowed
      ? { allowed: true }
      : { allowed: false, ruleId: decision.ruleId, nextAllowedAt: iso(decision.nextAllowedAt) };
    const want: Expected = expected.allowed
      ? { allowed: true }
      : {
          allowed: false,
          ruleId: expected.ruleId,
          nextAllowedAt: expected.nextAllowedAt ? iso(t(expected.nextAllowedAt)) : null,
        };
    expect(actual).toEqual(want);
    if (!decision.allowed) {
      expect(decision.citation).toBe(pack.rules.find((r) => r.id === decision.ruleId)?.citation);
      if (decision.nextAllowedAt !== null) expect(decision.nextAllowedAt).toBeGreaterThan(attempt.atMs);
    }
  });
});
