import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { type Fen, fen } from '../money/money.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import type { LoanMonthEnd } from './month-end.js';
import { rollRateFromCounts, rollRateMatrix } from './roll-rate.js';

const at = (loanId: string, asOf: string, dpd: number, principalFen = 100): LoanMonthEnd => ({
  loanId,
  asOf,
  dpd,
  principalFen: fen(principalFen),
});

// Observation point Feb 2026, windows of two months: observe Jan–Feb, perform Mar–Apr.
const SETTINGS = parseAnalyticsSettings({ rollRate: { observationMonths: 2, performanceMonths: 2 } });
const BOOK: LoanMonthEnd[] = [
  // L1: current throughout → M0 → M0
  at('L1', '2026-01-31', 0),
  at('L1', '2026-02-28', 0, 100),
  at('L1', '2026-03-31', 0),
  at('L1', '2026-04-30', 0),
  // L2: current when observed, 10 DPD in March → M0 → M1
  at('L2', '2026-01-31', 0),
  at('L2', '2026-02-28', 0, 300),
  at('L2', '2026-03-31', 10),
  at('L2', '2026-04-30', 0),
  // L3: 5 DPD in January (worst observed M1), current after → M1 → M0
  at('L3', '2026-01-31', 5),
  at('L3', '2026-02-28', 0),
  at('L3', '2026-03-31', 0),
  at('L3', '2026-04-30', 0),
  // L4: worst observed 50 (M2), worst after 110 (M4) → M2 → M4
  at('L4', '2026-01-31', 20),
  at('L4', '2026-02-28', 50),
  at('L4', '2026-03-31', 80),
  at('L4', '2026-04-30', 110),
  // L5: 35 in January (M2), current in March, closed before April's end → M2 → M0
  at('L5', '2026-01-31', 35),
  at('L5', '2026-02-28', 0),
  at('L5', '2026-03-31', 0),
  // L6: on book at the point, no snapshot after → counted apart
  at('L6', '2026-02-28', 0),
  // L7: not on book at the observation point → not in the matrix at all
  at('L7', '2026-01-31', 0),
  at('L7', '2026-03-31', 40),
];

describe('rollRateMatrix', () => {
  it('gives P(worst after = j | worst observed = i), row by row', () => {
    const m = rollRateMatrix(BOOK, '2026-02', SETTINGS);
    expect(m.observationWindow).toEqual(['2026-01', '2026-02']);
    expect(m.performanceWindow).toEqual(['2026-03', '2026-04']);
    const row = (from: string) => m.rows.find((r) => r.from === from)!;
    const cell = (from: string, to: string) => row(from).cells.find((c) => c.to === to)!.ratio.value;
    // M0 row: L1 → M0, L2 → M1: ½ each
    expect(row('M0').total).toBe(2);
    expect(cell('M0', 'M0')).toBe('0.5000');
    expect(cell('M0', 'M1')).toBe('0.5000');
    expect(cell('M0', 'M2')).toBe('0.0000');
    // M1 row: L3 → M0
    expect(cell('M1', 'M0')).toBe('1.0000');
    // M2 row: L4 → M4, L5 → M0
    expect(cell('M2', 'M0')).toBe('0.5000');
    expect(cell('M2', 'M4')).toBe('0.5000');
    // No loan was worst in M3 when observed: an empty row, nulls
    expect(row('M3').total).toBe(0);
    expect(cell('M3', 'M3')).toBeNull();
    expect(m.withoutPerformance).toBe(1); // L6
  });

  it('weights by balance at the observation point on the balance basis', () => {
    const settings = parseAnalyticsSettings({
      rollRate: { observationMonths: 2, performanceMonths: 2, basis: 'balance' },
    });
    const m = rollRateMatrix(BOOK, '2026-02', settings);
    // M0 row: L1 100 → M0, L2 300 → M1: 100/400 and 300/400
    expect(m.rows[0]!.cells[0]!.ratio).toEqual({ numerator: 100, denominator: 400, value: '0.2500' });
    expect(m.rows[0]!.cells[1]!.ratio.value).toBe('0.7500');
  });

  it('is empty for a month with no loans and refuses a malformed month', () => {
    const m = rollRateMatrix(BOOK, '2025-06', SETTINGS);
    expect(m.rows.every((r) => r.total === 0 && r.cells.every((c) => c.ratio.value === null))).toBe(true);
    expect(() => rollRateMatrix(BOOK, '2026-2', SETTINGS)).toThrow(CodedError);
  });

  it('law: each non-empty row sums exactly to its total (rows are normalised to 1)', () => {
    const months = ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31'];
    const snapshot = fc.record({
      loanId: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g'),
      asOf: fc.constantFrom(...months),
      dpd: fc.nat({ max: 250 }),
      principalFen: fc.nat({ max: 1_000_000 }).map((n) => n as Fen),
    });
    fc.assert(
      fc.property(
        fc.array(snapshot, { maxLength: 40 }),
        fc.constantFrom('count', 'balance'),
        fc.constantFrom('2026-02', '2026-03'),
        (book, basis, month) => {
          const settings = parseAnalyticsSettings({
            rollRate: { observationMonths: 2, performanceMonths: 2, basis },
          });
          return rollRateMatrix(book, month, settings).rows.every((r) => {
            const sum = r.cells.reduce((s, c) => s + c.ratio.numerator, 0);
            return sum === r.total && r.cells.every((c) => c.ratio.denominator === r.total);
          });
        },
      ),
    );
  });
});

describe('rollRateFromCounts', () => {
  it('normalises aggregated counts row by row on the settings basis', () => {
    const counts = [
      { from: 'M0', to: 'M0', loans: 3, balanceFen: 300 },
      { from: 'M0', to: 'M1', loans: 1, balanceFen: 700 },
      { from: 'M2', to: 'M0', loans: 2, balanceFen: 50 },
      { from: 'M0', to: 'M0', loans: 1, balanceFen: 100 }, // a second group's row adds up
    ];
    const byCount = rollRateFromCounts('2026-02', counts, 4, SETTINGS);
    expect(byCount.rows[0]!.total).toBe(5);
    expect(byCount.rows[0]!.cells[0]!.ratio.value).toBe('0.8000');
    expect(byCount.rows[2]!.cells[0]!.ratio.value).toBe('1.0000');
    expect(byCount.withoutPerformance).toBe(4);
    expect(byCount.performanceWindow).toEqual(['2026-03', '2026-04']);
    const byBalance = rollRateFromCounts(
      '2026-02',
      counts,
      0,
      parseAnalyticsSettings({ rollRate: { observationMonths: 2, performanceMonths: 2, basis: 'balance' } }),
    );
    // M0: 400 stayed, 700 rolled of 1,100
    expect(byBalance.rows[0]!.cells[1]!.ratio).toEqual({
      numerator: 700,
      denominator: 1100,
      value: '0.6364',
    });
  });

  it('refuses a bucket the settings do not have', () => {
    expect(() =>
      rollRateFromCounts('2026-02', [{ from: 'M9', to: 'M0', loans: 1, balanceFen: 1 }], 0),
    ).toThrow(RangeError);
  });
});
