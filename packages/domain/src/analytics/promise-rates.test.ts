import { describe, expect, it } from 'vitest';
import { fen } from '../money/money.js';
import type { PromiseState } from '../promises/promise-to-pay.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import type { ContactAttemptRecord } from './contact-rates.js';
import { groupInputsByDimension } from './dimensions.js';
import { type PromiseRecord, promiseRates } from './promise-rates.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const promise = (
  promiseId: string,
  takenOn: string,
  dueOn: string,
  state: PromiseState,
  collector = 'u1',
): PromiseRecord => ({ promiseId, takenOn, dueOn, state, amountFen: fen(10_000), dims: { collector } });
const rpc = (on: string, rightParty = true, collector = 'u1'): ContactAttemptRecord => ({
  caseId: `case-${on}`,
  on,
  channel: 'call',
  connected: true,
  rightParty,
  dims: { collector },
});

const PROMISES: PromiseRecord[] = [
  promise('P1', '2026-03-02', '2026-03-05', 'kept'),
  promise('P2', '2026-03-03', '2026-03-10', 'broken'),
  promise('P3', '2026-03-04', '2026-03-12', 'partly_kept', 'u2'),
  promise('P4', '2026-02-25', '2026-03-02', 'kept', 'u2'), // taken in February, due in March
  promise('P5', '2026-03-28', '2026-04-03', 'pending'), // taken in March, due in April
  promise('P6', '2026-03-29', '2026-03-31', 'pending'), // due in March, in its grace days
  promise('P7', '2026-03-05', '2026-03-08', 'cancelled'), // withdrawn: neither taken nor due
];
const ATTEMPTS: ContactAttemptRecord[] = [
  // 8 right-party contacts in March (6 by u1, 2 by u2), one in February, one third party in March
  ...['01', '02', '03', '04', '10', '28'].map((d) => rpc(`2026-03-${d}`)),
  rpc('2026-03-04', true, 'u2'),
  rpc('2026-03-05', true, 'u2'),
  rpc('2026-02-25'),
  rpc('2026-03-06', false),
];

describe('promiseRates', () => {
  it('PTP rate = PTPs ÷ right-party contacts; kept rate = kept ÷ due; broken = due − kept', () => {
    const r = promiseRates({ promises: PROMISES, attempts: ATTEMPTS }, MARCH);
    // taken in March, not cancelled: P1, P2, P3, P5, P6 = 5 of 8 right-party contacts
    expect(r.ptpRate).toEqual({ numerator: 5, denominator: 8, value: '0.6250' });
    expect(r.takenFen).toBe(50_000);
    // due in March and decided: P1, P2, P3, P4 = 4; kept P1, P4 = 2 (P3 partly kept is broken)
    expect(r.keptRate).toEqual({ numerator: 2, denominator: 4, value: '0.5000' });
    expect(r.broken).toBe(2);
    expect(r.awaiting).toBe(1); // P6
  });

  it('counts a partly kept promise as kept when the setting says so', () => {
    const settings = parseAnalyticsSettings({ promises: { partlyKeptCountsAsKept: true } });
    const r = promiseRates({ promises: PROMISES, attempts: ATTEMPTS }, MARCH, settings);
    expect(r.keptRate.value).toBe('0.7500');
    expect(r.broken).toBe(1);
  });

  it('breaks down by collector, each list by its own records', () => {
    const groups = groupInputsByDimension({ promises: PROMISES, attempts: ATTEMPTS }, 'collector', (g) => {
      const r = promiseRates(g, MARCH);
      return [r.ptpRate.value, r.keptRate.value];
    });
    // u1: taken P1, P2, P5, P6 = 4 of 6 contacts; due P1 kept, P2 broken → ½
    // u2: taken P3 = 1 of 2; due P3 broken, P4 kept → ½
    expect(groups).toEqual([
      { key: 'u1', value: ['0.6667', '0.5000'] },
      { key: 'u2', value: ['0.5000', '0.5000'] },
    ]);
  });

  it('has no rates without contacts or promises', () => {
    const r = promiseRates({ promises: [], attempts: [] }, MARCH);
    expect([r.ptpRate.value, r.keptRate.value, r.broken]).toEqual([null, null, 0]);
  });
});
