import { describe, expect, it } from 'vitest';
import { fen } from '../money/money.js';
import { parseAnalyticsSettings } from './analytics-settings.js';
import { groupByDimension } from './dimensions.js';
import type { LoanMonthEnd } from './month-end.js';
import { type DisbursedLoanRecord, vintageCurves } from './vintage.js';

const loan = (
  loanId: string,
  disbursedOn: string,
  principal: number,
  product: string,
): DisbursedLoanRecord => ({
  loanId,
  disbursedOn,
  principalFen: fen(principal),
  dims: { product },
});
const at = (loanId: string, asOf: string, dpd: number, principal: number): LoanMonthEnd => ({
  loanId,
  asOf,
  dpd,
  principalFen: fen(principal),
});

// Cohort 2026-01: V1 and V2, 1,000,000 each (2,000,000). Cohort 2026-02: V3, 500,000.
const LOANS = [
  loan('V1', '2026-01-10', 1_000_000, 'CASH'),
  loan('V2', '2026-01-20', 1_000_000, 'CARD'),
  loan('V3', '2026-02-05', 500_000, 'CASH'),
];
const SNAPSHOTS = [
  at('V1', '2026-02-28', 0, 950_000),
  at('V2', '2026-02-28', 0, 960_000),
  at('V3', '2026-02-28', 0, 500_000),
  at('V1', '2026-03-31', 49, 950_000), // missed Feb 10
  at('V2', '2026-03-31', 5, 920_000),
  at('V3', '2026-03-31', 26, 480_000), // missed Mar 5
  at('V1', '2026-04-30', 79, 950_000),
  // V2 paid off in April: no snapshot
  at('V3', '2026-04-30', 56, 480_000),
];

describe('vintageCurves', () => {
  it('divides the principal with DPD ≥ N at MOB k by the principal disbursed in the cohort', () => {
    const [jan, feb] = vintageCurves(LOANS, SNAPSHOTS);
    expect(jan!.cohort).toBe('2026-01');
    expect(jan!.disbursedFen).toBe(2_000_000);
    // N = 31: MOB1 (Feb end) none; MOB2 (Mar end) V1 950,000 ÷ 2,000,000; MOB3 (Apr end) the same
    expect(jan!.points.map((p) => [p.mob, p.month, p.ratio.numerator, p.ratio.value])).toEqual([
      [1, '2026-02', 0, '0.0000'],
      [2, '2026-03', 950_000, '0.4750'],
      [3, '2026-04', 950_000, '0.4750'],
    ]);
    // Feb cohort: MOB1 (Mar end) V3 at 26 < 31 → 0; MOB2 (Apr end) 480,000 ÷ 500,000; data ends in April
    expect(feb!.points.map((p) => [p.mob, p.ratio.value])).toEqual([
      [1, '0.0000'],
      [2, '0.9600'],
    ]);
  });

  it('moves with the DPD threshold N and stops at the maximum MOB', () => {
    const settings = parseAnalyticsSettings({ vintage: { dpdThreshold: 1, maxMob: 2 } });
    const [jan] = vintageCurves(LOANS, SNAPSHOTS, settings);
    // N = 1 at MOB2: V1 950,000 + V2 920,000 = 1,870,000 ÷ 2,000,000
    expect(jan!.points.map((p) => p.ratio.value)).toEqual(['0.0000', '0.9350']);
    // N is inclusive: V1 at exactly 49 DPD at MOB2 counts for N = 49 and not for N = 50
    const at49 = vintageCurves(LOANS, SNAPSHOTS, parseAnalyticsSettings({ vintage: { dpdThreshold: 49 } }));
    const at50 = vintageCurves(LOANS, SNAPSHOTS, parseAnalyticsSettings({ vintage: { dpdThreshold: 50 } }));
    expect(at49[0]!.points[1]!.ratio.value).toBe('0.4750');
    expect(at50[0]!.points[1]!.ratio.value).toBe('0.0000');
  });

  it('breaks down by product', () => {
    const groups = groupByDimension(LOANS, 'product', (g) =>
      vintageCurves(g, SNAPSHOTS).map((c) => [c.cohort, c.points.at(-1)!.ratio.value]),
    );
    // CARD: V2 paid off → 0 at MOB3; CASH: Jan V1 950,000 ÷ 1,000,000; Feb V3 0.96
    expect(groups).toEqual([
      { key: 'CARD', value: [['2026-01', '0.0000']] },
      {
        key: 'CASH',
        value: [
          ['2026-01', '0.9500'],
          ['2026-02', '0.9600'],
        ],
      },
    ]);
  });

  it('draws no point without snapshots, and no curve without loans', () => {
    expect(vintageCurves(LOANS, [])[0]!.points).toEqual([]);
    expect(vintageCurves([], SNAPSHOTS)).toEqual([]);
  });
});
