import { describe, expect, it } from 'vitest';
import type { ContactChannel } from '../compliance/gate.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import {
  type ContactAttemptRecord,
  contactRate,
  coverageAndPenetration,
  type HeldCaseRecord,
} from './contact-rates.js';
import { groupInputsByDimension } from './dimensions.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const attempt = (
  caseId: string,
  on: string,
  channel: ContactChannel,
  connected = false,
  collector = 'u1',
): ContactAttemptRecord => ({ caseId, on, channel, connected, rightParty: connected, dims: { collector } });

describe('contactRate', () => {
  it('divides connected calls by calls dialed in the period', () => {
    const attempts = [
      // 10 calls in March, 4 connected
      ...Array.from({ length: 10 }, (_, i) => attempt(`K${i}`, '2026-03-05', 'call', i < 4)),
      attempt('K1', '2026-03-05', 'sms', true), // a message is no dial
      attempt('K1', '2026-02-28', 'call', true), // February
    ];
    expect(contactRate(attempts, MARCH)).toEqual({ numerator: 4, denominator: 10, value: '0.4000' });
    expect(contactRate([], MARCH).value).toBeNull();
  });
});

describe('coverageAndPenetration', () => {
  const cases: HeldCaseRecord[] = [
    { caseId: 'K1', dims: { collector: 'u1' } },
    { caseId: 'K2', dims: { collector: 'u1' } },
    { caseId: 'K3', dims: { collector: 'u2' } },
    { caseId: 'K4', dims: { collector: 'u2' } },
  ];
  const attempts = [
    attempt('K1', '2026-03-02', 'call'),
    attempt('K1', '2026-03-03', 'call', true),
    attempt('K1', '2026-03-04', 'call'),
    attempt('K2', '2026-03-04', 'sms'),
    attempt('K4', '2026-02-28', 'call', false, 'u2'), // before the period
    attempt('K9', '2026-03-04', 'call'), // a case not held
  ];

  it('coverage = cases attempted ÷ cases held; penetration = attempts ÷ cases', () => {
    const r = coverageAndPenetration({ cases, attempts }, MARCH);
    // attempted: K1, K2 of 4 held; attempts 3 + 1 = 4 over 4 cases
    expect(r.coverage).toEqual({ numerator: 2, denominator: 4, value: '0.5000' });
    expect(r.penetration).toEqual({ numerator: 4, denominator: 4, value: '1.0000' });
  });

  it('counts only the channels the settings name', () => {
    const settings = parseAnalyticsSettings({ contact: { attemptChannels: ['call'] } });
    const r = coverageAndPenetration({ cases, attempts }, MARCH, settings);
    // K1 only: 1 of 4; 3 calls over 4 cases
    expect([r.coverage.value, r.penetration.value]).toEqual(['0.2500', '0.7500']);
  });

  it('breaks down by collector', () => {
    const groups = groupInputsByDimension({ cases, attempts }, 'collector', (g) => {
      const r = coverageAndPenetration(g, MARCH);
      return [r.coverage.value, r.penetration.value];
    });
    // u1 holds K1, K2: both attempted, 4 attempts → 1 and 2; u2 holds K3, K4: none in March
    expect(groups).toEqual([
      { key: 'u1', value: ['1.0000', '2.0000'] },
      { key: 'u2', value: ['0.0000', '0.0000'] },
    ]);
  });

  it('has no rates when no case is held', () => {
    const r = coverageAndPenetration({ cases: [], attempts }, MARCH);
    expect([r.coverage.value, r.penetration.value]).toEqual([null, null]);
  });
});
