import { describe, expect, it } from 'vitest';
import { fen } from '../money/money.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import { groupByDimension } from './dimensions.js';
import { type AllocationRecord, recoveryRates, recoveryRatesFromTotals } from './recovery-rate.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const alloc = (
  caseId: string,
  allocatedOn: string,
  endedOn: string | null,
  dueAtAllocationFen: number,
  payments: [string, number][],
  closedOn: string | null = null,
  closeReason: AllocationRecord['closeReason'] = null,
  agency = 'agency-a',
): AllocationRecord => ({
  caseId,
  allocatedOn,
  endedOn,
  dueAtAllocationFen: fen(dueAtAllocationFen),
  payments: payments.map(([receivedOn, paid]) => ({ receivedOn, fen: fen(paid) })),
  closedOn,
  closeReason,
  dims: { collector: agency },
});

const ALLOCATIONS: AllocationRecord[] = [
  // A1: 1,000,000 due; 100,000 paid before allocation, 300,000 in March, 200,000 in April → 300,000
  alloc('A1', '2026-03-01', null, 1_000_000, [
    ['2026-02-25', 100_000],
    ['2026-03-10', 300_000],
    ['2026-04-02', 200_000],
  ]),
  // A2: returned 03-20; 100,000 while held, 400,000 after → 100,000; paid off after return: not settled here
  alloc(
    'A2',
    '2026-03-05',
    '2026-03-20',
    500_000,
    [
      ['2026-03-15', 100_000],
      ['2026-03-25', 400_000],
    ],
    '2026-03-25',
    'paid_off',
  ),
  // A3: 200,000 due, paid in full and cured 03-12 → collected 200,000, settled
  alloc('A3', '2026-03-10', null, 200_000, [['2026-03-12', 200_000]], '2026-03-12', 'cured', 'agency-b'),
  // A4: allocated in February: not in March's cohort
  alloc('A4', '2026-02-20', null, 900_000, [['2026-03-03', 900_000]], '2026-03-03', 'cured'),
  // A5: 300,000 due, nothing paid, written off 03-30 → not settled
  alloc('A5', '2026-03-15', null, 300_000, [], '2026-03-30', 'written_off', 'agency-b'),
];

describe('recoveryRates', () => {
  it('amount basis: collected while held ÷ due at allocation; count basis: settled ÷ allocated', () => {
    const r = recoveryRates(ALLOCATIONS, MARCH);
    // (300,000 + 100,000 + 200,000 + 0) ÷ (1,000,000 + 500,000 + 200,000 + 300,000) = 600,000 ÷ 2,000,000
    expect(r.amount).toEqual({ numerator: 600_000, denominator: 2_000_000, value: '0.3000' });
    // settled: A3 only, of 4 allocated
    expect(r.count).toEqual({ numerator: 1, denominator: 4, value: '0.2500' });
    expect(r.basis).toBe('amount');
  });

  it('counts the endings the settings name as settled', () => {
    const settings = parseAnalyticsSettings({
      recovery: { basis: 'count', settledReasons: ['cured', 'paid_off', 'written_off'] },
    });
    const r = recoveryRates(ALLOCATIONS, MARCH, settings);
    expect(r.count.value).toBe('0.5000'); // A3 and A5 of 4 (A2 ended after its return)
    expect(r.basis).toBe('count');
  });

  it('breaks down by holder', () => {
    const groups = groupByDimension(ALLOCATIONS, 'collector', (g) => recoveryRates(g, MARCH).amount.value);
    // agency-a: (300,000 + 100,000) ÷ 1,500,000 = 0.2667; agency-b: 200,000 ÷ 500,000 = 0.4
    expect(groups).toEqual([
      { key: 'agency-a', value: '0.2667' },
      { key: 'agency-b', value: '0.4000' },
    ]);
  });

  it('has no rate when nothing was allocated', () => {
    const r = recoveryRates(ALLOCATIONS, { from: '2026-05-01', to: '2026-05-31' });
    expect(r.amount.value).toBeNull();
    expect(r.count.value).toBeNull();
  });
});

describe('recoveryRatesFromTotals', () => {
  it('divides the aggregated totals on both bases', () => {
    const r = recoveryRatesFromTotals({ allocated: 4, dueFen: 80_000, collectedFen: 30_000, settled: 1 });
    expect(r.amount).toEqual({ numerator: 30_000, denominator: 80_000, value: '0.3750' });
    expect(r.count.value).toBe('0.2500');
    expect(r.basis).toBe('amount');
    expect(
      recoveryRatesFromTotals(
        { allocated: 0, dueFen: 0, collectedFen: 0, settled: 0 },
        parseAnalyticsSettings({ recovery: { basis: 'count' } }),
      ),
    ).toMatchObject({ basis: 'count', amount: { value: null }, count: { value: null } });
  });
});
