/**
 * Property tests for the compliance gate: random sequences of contact attempts go through
 * `decide` one by one, in time order; only the allowed ones become earlier attempts (with a
 * random outcome). Whatever the sequence, the allowed attempts never break a cap or a time
 * window, and a denial's nextAllowedAt is a time at which the same rule no longer denies.
 * Local times are checked with Intl directly, not with the gate's own local-time helpers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ContactAttempt, ContactChannel, GateDecision, GateFacts, PriorAttempt } from './gate.js';
import { decide } from './gate.js';
import { instantOfLocal } from './local-time.js';
import { CN_RULE_PACK, type RulePack, US_REGF_RULE_PACK } from './rule-pack.js';

const SH = 'Asia/Shanghai';
const UR = 'Asia/Urumqi';
const NY = 'America/New_York';
const CT = 'America/Chicago';
const LA = 'America/Los_Angeles';
const DAY_MS = 86_400_000;

const formats = new Map<string, Intl.DateTimeFormat>();
/** The local date (as a day number) and minute of the day of an instant, read with Intl. */
function wall(ms: number, zone: string): { day: number; minute: number } {
  let format = formats.get(zone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    formats.set(zone, format);
  }
  const p = Object.fromEntries(format.formatToParts(ms).map((x) => [x.type, Number(x.value)]));
  return {
    day: Date.UTC(p.year!, p.month! - 1, p.day!) / DAY_MS,
    minute: p.hour! * 60 + p.minute!,
  };
}

interface Step {
  day: number; // 0–9 after the sequence's first date
  minute: number; // local minute of the day in the primary zone
  second: number;
  channel: ContactChannel;
  phone: 'phone-1' | 'phone-2';
  connected: boolean;
  conversation: boolean;
  consent: boolean;
}

/** Minutes around the window edges (08:00, 21:00, 22:00, midnight), to hit the boundaries often. */
const EDGES = [0, 1, 479, 480, 481, 1259, 1260, 1261, 1319, 1320, 1321, 1439];

const step = (channels: ContactChannel[], conversationOdds: number) =>
  fc.record<Step>({
    // two thirds of the attempts fall on the first three days, so the daily caps are reached
    day: fc.oneof(
      { arbitrary: fc.integer({ min: 0, max: 9 }), weight: 1 },
      { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 2 },
    ),
    minute: fc.oneof(
      { arbitrary: fc.integer({ min: 480, max: 1319 }), weight: 5 },
      { arbitrary: fc.integer({ min: 0, max: 1439 }), weight: 2 },
      { arbitrary: fc.constantFrom(...EDGES), weight: 2 },
    ),
    second: fc.integer({ min: 0, max: 59 }),
    channel: fc.constantFrom(...channels),
    phone: fc.constantFrom('phone-1' as const, 'phone-1' as const, 'phone-1' as const, 'phone-2' as const),
    connected: fc.boolean(),
    conversation: fc.integer({ min: 1, max: conversationOdds }).map((n) => n === 1),
    consent: fc.integer({ min: 1, max: 10 }).map((n) => n === 1),
  });

interface Allowed {
  attempt: ContactAttempt;
  prior: PriorAttempt;
}
interface Denied {
  attempt: ContactAttempt;
  facts: GateFacts;
  decision: Extract<GateDecision, { allowed: false }>;
}

/** Feeds the steps through the gate in time order; allowed attempts become earlier attempts. */
function replay(pack: RulePack, zones: readonly string[], firstDate: string, steps: Step[]) {
  const attempts = steps
    .map((s) => {
      const date = new Date(Date.parse(`${firstDate}T00:00Z`) + s.day * DAY_MS).toISOString().slice(0, 10);
      const minute = `${String(Math.floor(s.minute / 60)).padStart(2, '0')}:${String(s.minute % 60).padStart(2, '0')}`;
      return { s, atMs: instantOfLocal(date, minute, zones[0]!) + s.second * 1000 };
    })
    .sort((a, b) => a.atMs - b.atMs);
  const priors: PriorAttempt[] = [];
  const allowed: Allowed[] = [];
  const denied: Denied[] = [];
  for (const { s, atMs } of attempts) {
    const attempt: ContactAttempt = {
      atMs,
      channel: s.channel,
      partyRole: 'self',
      contactId: 'debtor',
      phoneHash: s.phone,
      debtorTimeZones: zones,
    };
    const facts: GateFacts = {
      priorAttempts: [...priors],
      activeHolds: [],
      contactRefused: false,
      debtorUnreachable: false,
    };
    const decision = decide(attempt, facts, pack);
    if (decision.allowed) {
      const call = s.channel === 'call';
      const prior: PriorAttempt = {
        atMs,
        channel: s.channel,
        contactId: 'debtor',
        phoneHash: s.phone,
        connected: !call || s.connected,
        conversation: call && s.connected && s.conversation,
        partyRole: 'self',
        consentWithin7Days: call && s.consent,
      };
      priors.push(prior);
      allowed.push({ attempt, prior });
    } else {
      denied.push({ attempt, facts, decision });
    }
  }
  return { allowed, denied };
}

/** Rules whose denial names a retry time: deciding again at that time must pass the same rule. */
const RETRY_RULES = new Set([
  'cn.quiet-hours',
  'cn.connected-calls-per-day',
  'cn.dials-per-number-per-day',
  'cn.messages-per-day',
  'us.inconvenient-times',
  'us.after-conversation',
  'us.7-in-7',
]);

/** nextAllowedAt is later than the attempt, clears the rule that denied, and is the earliest such minute. */
function checkRetries(pack: RulePack, denied: Denied[]) {
  for (const { attempt, facts, decision } of denied) {
    if (!RETRY_RULES.has(decision.ruleId)) {
      expect(decision.nextAllowedAt).toBeNull();
      continue;
    }
    const next = decision.nextAllowedAt;
    expect(next, `${decision.ruleId} suggests a retry`).not.toBeNull();
    if (next === null) continue;
    expect(next).toBeGreaterThan(attempt.atMs);
    const retry = decide({ ...attempt, atMs: next }, facts, pack);
    if (!retry.allowed)
      expect(retry.ruleId, 'the same rule denies again at nextAllowedAt').not.toBe(decision.ruleId);
    // one minute earlier the attempt would still have been denied (by that or another rule)
    if (next - 60_000 > attempt.atMs) {
      expect(decide({ ...attempt, atMs: next - 60_000 }, facts, pack).allowed).toBe(false);
    }
  }
}

const countBy = <T>(items: T[], key: (item: T) => string) => {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return counts;
};
const maxCount = (counts: Map<string, number>) => Math.max(0, ...counts.values());

describe('compliance gate properties', () => {
  it('cn: allowed attempts keep quiet hours and the daily caps; retries clear the denying rule', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom([SH], [UR], [SH, UR]),
        fc.array(step(['call', 'call', 'call', 'call', 'sms', 'push', 'visit', 'email'], 2), {
          minLength: 20,
          maxLength: 80,
          size: 'max',
        }),
        (zones, steps) => {
          const { allowed, denied } = replay(CN_RULE_PACK, zones, '2026-03-01', steps);
          for (const d of denied) seen.add(d.decision.ruleId);
          const primary = zones[0]!;
          for (const { attempt } of allowed) {
            if (!['call', 'sms', 'push', 'visit', 'im'].includes(attempt.channel)) continue;
            for (const zone of zones) {
              const { minute } = wall(attempt.atMs, zone);
              expect(minute >= 8 * 60 && minute < 22 * 60, `allowed at ${minute} min in ${zone}`).toBe(true);
            }
          }
          const localDay = (a: Allowed) => String(wall(a.attempt.atMs, primary).day);
          const calls = allowed.filter((a) => a.attempt.channel === 'call');
          expect(
            maxCount(
              countBy(
                calls.filter((a) => a.prior.conversation),
                localDay,
              ),
            ),
          ).toBeLessThanOrEqual(3);
          expect(
            maxCount(countBy(calls, (a) => `${localDay(a)} ${a.attempt.phoneHash}`)),
          ).toBeLessThanOrEqual(6);
          const messages = allowed.filter((a) => a.attempt.channel === 'sms' || a.attempt.channel === 'push');
          expect(maxCount(countBy(messages, localDay))).toBeLessThanOrEqual(3);
          checkRetries(CN_RULE_PACK, denied);
        },
      ),
      { numRuns: 100 },
    );
    // the caps and the window were actually reached, so the properties above are not vacuous
    for (const rule of [
      'cn.quiet-hours',
      'cn.connected-calls-per-day',
      'cn.dials-per-number-per-day',
      'cn.messages-per-day',
    ]) {
      expect(seen, rule).toContain(rule);
    }
  });

  it('us-regf: allowed contacts keep 08:00–21:00 everywhere, 7 calls in 7 days and 7 days after a conversation', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(
        fc.constantFrom([NY], [CT], [NY, CT], [NY, LA], [LA, NY]),
        // the first week of March crosses the DST start, the last week of October the DST end
        fc.constantFrom('2026-03-01', '2026-10-26'),
        fc.array(step(['call', 'call', 'call', 'call', 'sms', 'email', 'letter'], 8), {
          minLength: 20,
          maxLength: 80,
          size: 'max',
        }),
        (zones, firstDate, steps) => {
          const { allowed, denied } = replay(US_REGF_RULE_PACK, zones, firstDate, steps);
          for (const d of denied) seen.add(d.decision.ruleId);
          const primary = zones[0]!;
          for (const { attempt } of allowed) {
            if (attempt.channel === 'letter') continue;
            for (const zone of zones) {
              const { minute } = wall(attempt.atMs, zone);
              expect(minute >= 8 * 60 && minute < 21 * 60, `allowed at ${minute} min in ${zone}`).toBe(true);
            }
          }
          const calls = allowed
            .filter((a) => a.attempt.channel === 'call')
            .map((a) => ({ ...a, day: wall(a.attempt.atMs, primary).day }));
          const counted = calls.filter((c) => c.prior.connected && !c.prior.consentWithin7Days);
          for (const end of new Set(counted.map((c) => c.day))) {
            const inWindow = counted.filter((c) => c.day > end - 7 && c.day <= end).length;
            expect(inWindow, `counted calls in the 7 days ending on day ${end}`).toBeLessThanOrEqual(7);
          }
          calls.forEach((call, i) => {
            for (const earlier of calls.slice(0, i)) {
              if (earlier.prior.conversation) expect(call.day - earlier.day).toBeGreaterThanOrEqual(7);
            }
          });
          checkRetries(US_REGF_RULE_PACK, denied);
        },
      ),
      { numRuns: 100 },
    );
    for (const rule of ['us.inconvenient-times', 'us.after-conversation', 'us.7-in-7']) {
      expect(seen, rule).toContain(rule);
    }
  });
});
