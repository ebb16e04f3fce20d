import { describe, expect, it } from 'vitest';
import type { CodedError } from '../errors/error-codes.js';
import {
  assertDecidableAttempt,
  type ContactAttempt,
  type ContactChannel,
  decide,
  type GateFacts,
  type PartyRole,
  type PriorAttempt,
} from './gate.js';
import { instantOfLocal } from './local-time.js';
import { CN_RULE_PACK, tightenPack, US_REGF_RULE_PACK } from './rule-pack.js';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';
const LA = 'America/Los_Angeles';

const at = (date: string, time: string, zone = SH) => instantOfLocal(date, time, zone);

const attempt = (over: Partial<ContactAttempt> = {}): ContactAttempt => ({
  atMs: at('2026-03-10', '10:00'),
  channel: 'call',
  partyRole: 'self',
  contactId: 'debtor',
  phoneHash: 'phone-1',
  debtorTimeZones: [SH],
  ...over,
});

const facts = (over: Partial<GateFacts> = {}): GateFacts => ({
  priorAttempts: [],
  activeHolds: [],
  contactRefused: false,
  debtorUnreachable: false,
  ...over,
});

const prior = (over: Partial<PriorAttempt> = {}): PriorAttempt => ({
  atMs: at('2026-03-10', '09:00'),
  channel: 'call',
  contactId: 'debtor',
  phoneHash: 'phone-1',
  connected: true,
  conversation: false,
  partyRole: 'self',
  ...over,
});

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

describe('cn gate: quiet hours', () => {
  it('blocks a call at 22:05 debtor local time (Asia/Shanghai) until 08:00 the next day', () => {
    const decision = decide(attempt({ atMs: at('2026-03-10', '22:05') }), facts(), CN_RULE_PACK);
    expect(decision).toMatchObject({
      allowed: false,
      ruleId: 'cn.quiet-hours',
      kind: 'BLOCK',
      nextAllowedAt: at('2026-03-11', '08:00'),
    });
    if (!decision.allowed) expect(decision.citation).toContain('GB/T 45251-2025 (s)');
  });

  it('allows a call at 08:00 and blocks one at 07:59', () => {
    expect(decide(attempt({ atMs: at('2026-03-10', '08:00') }), facts(), CN_RULE_PACK).allowed).toBe(true);
    expect(decide(attempt({ atMs: at('2026-03-10', '07:59') }), facts(), CN_RULE_PACK)).toMatchObject({
      ruleId: 'cn.quiet-hours',
      nextAllowedAt: at('2026-03-10', '08:00'),
    });
  });

  it('blocks an SMS at 23:00 but not an email, which quiet hours do not list', () => {
    const late = at('2026-03-10', '23:00');
    expect(decide(attempt({ atMs: late, channel: 'sms' }), facts(), CN_RULE_PACK).allowed).toBe(false);
    expect(decide(attempt({ atMs: late, channel: 'email' }), facts(), CN_RULE_PACK).allowed).toBe(true);
  });

  it('allows a night contact covered by a debtor consent record', () => {
    const decision = decide(
      attempt({ atMs: at('2026-03-10', '22:30') }),
      facts({ consentCoversQuietHours: true }),
      CN_RULE_PACK,
    );
    expect(decision.allowed).toBe(true);
  });

  it('an institution that tightens quiet hours to 21:00 blocks a call at 21:30', () => {
    const tightened = tightenPack(CN_RULE_PACK, {
      'cn.quiet-hours': { quietWindow: { start: '21:00', end: '08:00' } },
    });
    if (!tightened.ok) throw new Error('tightening failed');
    const decision = decide(attempt({ atMs: at('2026-03-10', '21:30') }), facts(), tightened.pack);
    expect(decision).toMatchObject({ allowed: false, ruleId: 'cn.quiet-hours' });
    expect(decide(attempt({ atMs: at('2026-03-10', '21:30') }), facts(), CN_RULE_PACK).allowed).toBe(true);
  });
});

describe('cn gate: frequency', () => {
  it('blocks the 4th connected call of the day until 08:00 tomorrow', () => {
    const three = times(3, (i) => prior({ atMs: at('2026-03-10', `0${i + 7}:30`), conversation: true }));
    const decision = decide(attempt(), facts({ priorAttempts: three }), CN_RULE_PACK);
    expect(decision).toMatchObject({
      allowed: false,
      ruleId: 'cn.connected-calls-per-day',
      nextAllowedAt: at('2026-03-11', '08:00'),
    });
  });

  it('allows the 3rd connected call and does not count yesterday', () => {
    const two = times(2, () => prior({ conversation: true }));
    const yesterday = prior({ atMs: at('2026-03-09', '15:00'), conversation: true });
    expect(decide(attempt(), facts({ priorAttempts: [...two, yesterday] }), CN_RULE_PACK).allowed).toBe(true);
  });

  it('blocks the 7th dial to the same number in a day, but not a dial to another number', () => {
    const six = times(6, () => prior({ connected: false }));
    expect(decide(attempt(), facts({ priorAttempts: six }), CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.dials-per-number-per-day',
    });
    expect(
      decide(attempt({ phoneHash: 'phone-2' }), facts({ priorAttempts: six }), CN_RULE_PACK).allowed,
    ).toBe(true);
  });

  it('blocks the 4th collection SMS or push of the day', () => {
    const three = [prior({ channel: 'sms' }), prior({ channel: 'push' }), prior({ channel: 'sms' })];
    expect(decide(attempt({ channel: 'sms' }), facts({ priorAttempts: three }), CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.messages-per-day',
    });
    expect(
      decide(attempt({ channel: 'sms' }), facts({ priorAttempts: three.slice(1) }), CN_RULE_PACK).allowed,
    ).toBe(true);
  });
});

describe('cn gate: who may be contacted', () => {
  it('blocks an emergency contact unless the debtor is unreachable', () => {
    const emergency = attempt({
      partyRole: 'emergency',
      contactId: 'mother',
      templateApprovedForThirdParty: true,
    });
    expect(decide(emergency, facts(), CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.contact-unlock',
      kind: 'REQUIRE',
      nextAllowedAt: null,
    });
    expect(decide(emergency, facts({ debtorUnreachable: true }), CN_RULE_PACK).allowed).toBe(true);
  });

  it('allows a guarantor without unreachable evidence', () => {
    expect(decide(attempt({ partyRole: 'guarantor' }), facts(), CN_RULE_PACK).allowed).toBe(true);
  });

  it('blocks third-party content without an approved third-party template', () => {
    const employer = attempt({ partyRole: 'employer', contactId: 'employer' });
    expect(decide(employer, facts({ debtorUnreachable: true }), CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.no-disclosure',
    });
  });

  it('never contacts a contact who refused', () => {
    expect(decide(attempt(), facts({ contactRefused: true }), CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.contact-refusal',
      nextAllowedAt: null,
    });
  });

  it('a dispute hold blocks calls and SMS', () => {
    const held = facts({ activeHolds: [{ kind: 'dispute', channelScope: 'all' }] });
    for (const channel of ['call', 'sms'] as const) {
      expect(decide(attempt({ channel }), held, CN_RULE_PACK)).toMatchObject({
        allowed: false,
        ruleId: 'cn.holds',
      });
    }
  });

  it('a channel stop on SMS does not block a call', () => {
    const held = facts({ activeHolds: [{ kind: 'channel-stop', channelScope: ['sms'] }] });
    expect(decide(attempt({ channel: 'sms' }), held, CN_RULE_PACK).allowed).toBe(false);
    expect(decide(attempt({ channel: 'call' }), held, CN_RULE_PACK).allowed).toBe(true);
  });

  it('reports a hold before quiet hours, so the denial does not suggest a retry time', () => {
    const held = facts({ activeHolds: [{ kind: 'legal', channelScope: 'all' }] });
    expect(decide(attempt({ atMs: at('2026-03-10', '23:00') }), held, CN_RULE_PACK)).toMatchObject({
      ruleId: 'cn.holds',
      nextAllowedAt: null,
    });
  });

  it('an allowed decision names the rules it checked', () => {
    const decision = decide(attempt(), facts(), CN_RULE_PACK);
    expect(decision.allowed).toBe(true);
    if (decision.allowed) expect(decision.ruleIds).toContain('cn.quiet-hours');
  });
});

describe('us-regf gate', () => {
  const us = (over: Partial<ContactAttempt> = {}) =>
    attempt({ atMs: at('2026-03-03', '10:00', NY), debtorTimeZones: [NY], ...over });
  const call = (date: string, over: Partial<PriorAttempt> = {}) =>
    prior({ atMs: at(date, '10:00', NY), ...over });

  it('us-regf: a call at 08:30 New York is blocked when the debtor may be in Los Angeles (05:30)', () => {
    const decision = decide(
      us({ atMs: at('2026-03-02', '08:30', NY), debtorTimeZones: [NY, LA] }),
      facts(),
      US_REGF_RULE_PACK,
    );
    expect(decision).toMatchObject({
      allowed: false,
      ruleId: 'us.inconvenient-times',
      citation: '§1006.6(b)(1)(i)',
      nextAllowedAt: at('2026-03-02', '08:00', LA),
    });
  });

  it('us-regf: blocks a call at 21:00 and allows one at 20:59', () => {
    expect(decide(us({ atMs: at('2026-03-02', '21:00', NY) }), facts(), US_REGF_RULE_PACK).allowed).toBe(
      false,
    );
    expect(decide(us({ atMs: at('2026-03-02', '20:59', NY) }), facts(), US_REGF_RULE_PACK).allowed).toBe(
      true,
    );
  });

  it('us-regf: blocks the 8th call attempt in 7 consecutive days', () => {
    const seven = [
      '2026-03-01',
      '2026-03-02',
      '2026-03-02',
      '2026-03-03',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ].map((d) => call(d, { atMs: at(d, '09:00', NY) }));
    const decision = decide(
      us({ atMs: at('2026-03-05', '15:00', NY) }),
      facts({ priorAttempts: seven }),
      US_REGF_RULE_PACK,
    );
    // the 03-01 call leaves the window on 03-08, the first day with fewer than 7 counted
    expect(decision).toMatchObject({
      allowed: false,
      ruleId: 'us.7-in-7',
      nextAllowedAt: at('2026-03-08', '08:00', NY),
    });
  });

  it('us-regf: a call that did not connect to the dialed number is not counted toward 7-in-7', () => {
    const days = [
      '2026-03-01',
      '2026-03-02',
      '2026-03-02',
      '2026-03-03',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ];
    const calls = days.map((d, i) => call(d, { atMs: at(d, '09:00', NY), connected: i !== 0 }));
    expect(
      decide(us({ atMs: at('2026-03-05', '15:00', NY) }), facts({ priorAttempts: calls }), US_REGF_RULE_PACK)
        .allowed,
    ).toBe(true);
  });

  it('us-regf: a call made with prior consent is not counted toward 7-in-7', () => {
    const days = [
      '2026-03-01',
      '2026-03-02',
      '2026-03-02',
      '2026-03-03',
      '2026-03-03',
      '2026-03-04',
      '2026-03-05',
    ];
    const calls = days.map((d, i) => call(d, { atMs: at(d, '09:00', NY), consentWithin7Days: i === 3 }));
    expect(
      decide(us({ atMs: at('2026-03-05', '15:00', NY) }), facts({ priorAttempts: calls }), US_REGF_RULE_PACK)
        .allowed,
    ).toBe(true);
  });

  it('us-regf: after a conversation on day 1, a call on day 7 is blocked and day 8 is allowed', () => {
    const talked = [call('2026-03-02', { conversation: true })];
    const day7 = decide(
      us({ atMs: at('2026-03-08', '12:00', NY) }),
      facts({ priorAttempts: talked }),
      US_REGF_RULE_PACK,
    );
    // 2026-03-09 08:00 is after the daylight-saving change of 03-08
    expect(day7).toMatchObject({
      allowed: false,
      ruleId: 'us.after-conversation',
      nextAllowedAt: at('2026-03-09', '08:00', NY),
    });
    const day8 = decide(
      us({ atMs: at('2026-03-09', '12:00', NY) }),
      facts({ priorAttempts: talked }),
      US_REGF_RULE_PACK,
    );
    expect(day8.allowed).toBe(true);
  });

  it('us-regf: a third party gets one location contact with an approved template, never a second', () => {
    const employer = us({
      partyRole: 'employer',
      contactId: 'employer',
      templateApprovedForThirdParty: true,
    });
    expect(decide(employer, facts(), US_REGF_RULE_PACK).allowed).toBe(true);
    const again = facts({
      priorAttempts: [call('2026-03-02', { contactId: 'employer', partyRole: 'employer' })],
    });
    expect(decide(employer, again, US_REGF_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'us.third-parties',
    });
    expect(
      decide({ ...employer, templateApprovedForThirdParty: false }, facts(), US_REGF_RULE_PACK),
    ).toMatchObject({
      allowed: false,
      ruleId: 'us.third-parties',
    });
  });

  it('us-regf: a dispute hold stops collection', () => {
    const held = facts({ activeHolds: [{ kind: 'dispute', channelScope: 'all' }] });
    expect(decide(us(), held, US_REGF_RULE_PACK)).toMatchObject({ allowed: false, ruleId: 'us.dispute' });
  });

  it('us-regf: a deceased, legal, hardship or complaint hold stops collection', () => {
    for (const kind of ['deceased', 'legal', 'hardship', 'complaint'] as const) {
      const held = facts({ activeHolds: [{ kind, channelScope: 'all' }] });
      expect(decide(us(), held, US_REGF_RULE_PACK)).toMatchObject({ allowed: false, ruleId: 'us.holds' });
    }
  });

  it('us-regf: an SMS opt-out blocks SMS but not a call', () => {
    const held = facts({ activeHolds: [{ kind: 'channel-stop', channelScope: ['sms'] }] });
    expect(decide(us({ channel: 'sms' }), held, US_REGF_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'us.opt-out',
    });
    expect(decide(us(), held, US_REGF_RULE_PACK).allowed).toBe(true);
  });
});

describe('the settled-debt stop and undecidable attempts', () => {
  const at = Date.parse('2026-11-28T02:00:00Z'); // 10:00 in Shanghai
  const attempt: ContactAttempt = {
    atMs: at,
    channel: 'sms',
    partyRole: 'self',
    contactId: 'c-self',
    debtorTimeZones: ['Asia/Shanghai'],
  };
  const facts: GateFacts = {
    priorAttempts: [],
    activeHolds: [],
    contactRefused: false,
    debtorUnreachable: false,
  };

  it('nothing goes out about a paid debt, under either pack, even in hours', () => {
    expect(decide(attempt, facts, CN_RULE_PACK).allowed).toBe(true);
    expect(decide(attempt, { ...facts, debtSettled: true }, CN_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'cn.debt-settled',
      nextAllowedAt: null,
    });
    const us = {
      ...attempt,
      debtorTimeZones: ['America/New_York'],
      atMs: Date.parse('2026-11-28T15:00:00Z'),
    };
    expect(decide(us, { ...facts, debtSettled: true }, US_REGF_RULE_PACK)).toMatchObject({
      allowed: false,
      ruleId: 'us.debt-settled',
    });
  });

  it('refuses unknown channels, roles and time zones with coded errors', () => {
    const codeOf = (a: ContactAttempt) => {
      try {
        assertDecidableAttempt(a);
        return null;
      } catch (err) {
        return (err as CodedError).code;
      }
    };
    expect(codeOf(attempt)).toBeNull();
    expect(codeOf({ ...attempt, channel: 'fax' as ContactChannel })).toBe('CHANNEL_UNKNOWN');
    expect(codeOf({ ...attempt, partyRole: 'neighbour' as PartyRole })).toBe('PARTY_ROLE_UNKNOWN');
    expect(codeOf({ ...attempt, debtorTimeZones: ['Mars/Olympus'] })).toBe('TIME_ZONE_INVALID');
    expect(codeOf({ ...attempt, debtorTimeZones: [] })).toBe('TIME_ZONE_INVALID');
  });
});
