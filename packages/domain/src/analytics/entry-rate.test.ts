import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { fen } from '../money/money.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import { entryRates, type InstallmentDueRecord } from './entry-rate.js';

const PERIOD = { from: '2026-03-01', to: '2026-03-03' };
const due = (
  loanId: string,
  dueOn: string,
  dueFen: number,
  payments: [string, number][] = [],
  inCollectionBefore = false,
): InstallmentDueRecord => ({
  loanId,
  dueOn,
  dueFen: fen(dueFen),
  payments: payments.map(([paidOn, paid]) => ({ paidOn, fen: fen(paid) })),
  inCollectionBefore,
});

const BOOK: InstallmentDueRecord[] = [
  due('I1', '2026-03-01', 100_000, [['2026-03-01', 100_000]]), // paid on the day
  due('I2', '2026-03-01', 200_000, [['2026-03-01', 50_000]]), // 150,000 unpaid, enters 03-02
  due('I3', '2026-03-02', 300_000, [['2026-03-03', 300_000]]), // paid on D+1: entered 03-03 all the same
  due('I4', '2026-03-03', 400_000), // unpaid, enters 03-04 (after the period)
  due('I5', '2026-03-02', 100_000, [], true), // its loan was already in collection: no new entry
  due('I6', '2026-02-28', 500_000), // due before the period, enters 03-01
  due('I7', '2026-03-04', 50_000), // due after the period
];

describe('entryRates', () => {
  it('first-day entry: of what fell due in the period, what was still unpaid at D+1', () => {
    const r = entryRates(BOOK, PERIOD);
    // due: I1 100,000 + I2 200,000 + I3 300,000 + I4 400,000 + I5 100,000 = 1,100,000 (5)
    // unpaid at D+1: I2 150,000 + I3 300,000 + I4 400,000 = 850,000 (3); I5 is no new entry
    expect(r.amount).toEqual({ numerator: 850_000, denominator: 1_100_000, value: '0.7727' });
    expect(r.count).toEqual({ numerator: 3, denominator: 5, value: '0.6000' });
    // per due date: 03-01 150,000 ÷ 300,000; 03-02 300,000 ÷ 400,000; 03-03 400,000 ÷ 400,000
    expect(r.daily.map((d) => [d.date, d.amount.value, d.count.value])).toEqual([
      ['2026-03-01', '0.5000', '0.5000'],
      ['2026-03-02', '0.7500', '0.5000'],
      ['2026-03-03', '1.0000', '1.0000'],
    ]);
  });

  it('period entry: the entries whose entry day falls in the period', () => {
    const r = entryRates(BOOK, PERIOD, parseAnalyticsSettings({ entry: { mode: 'period' } }));
    // entering 03-01…03-03: I6 500,000 (03-01), I2 150,000 (03-02), I3 300,000 (03-03) = 950,000;
    // I4 enters 03-04. Denominator as before: 1,100,000.
    expect(r.amount).toEqual({ numerator: 950_000, denominator: 1_100_000, value: '0.8636' });
    expect(r.count.value).toBe('0.6000');
    expect(r.daily).toEqual([]);
  });

  it('leaves the dues of loans already in collection out of the denominator when set', () => {
    const r = entryRates(BOOK, PERIOD, parseAnalyticsSettings({ entry: { denominator: 'current-due' } }));
    // 850,000 ÷ (1,100,000 − I5 100,000) = 0.85; count 3 ÷ 4
    expect(r.amount.value).toBe('0.8500');
    expect(r.count.value).toBe('0.7500');
  });

  it('lets a payment within the grace days avoid entry', () => {
    const r = entryRates(BOOK, PERIOD, parseAnalyticsSettings({ entry: { graceDays: 1 } }));
    // unpaid at the end of D+1: I2 150,000, I3 0 (paid 03-03 = D+1), I4 400,000 → 550,000 of 1,100,000
    expect(r.amount.value).toBe('0.5000');
    expect(r.count.value).toBe('0.4000');
  });

  it('has no rate when nothing fell due, and refuses a backwards period', () => {
    const r = entryRates([], PERIOD);
    expect(r.amount.value).toBeNull();
    expect(r.count.value).toBeNull();
    expect(r.daily).toEqual([]);
    expect(() => entryRates(BOOK, { from: '2026-03-03', to: '2026-03-01' })).toThrow(CodedError);
  });
});
