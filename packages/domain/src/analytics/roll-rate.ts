/**
 * 滚动率矩阵 the roll-rate matrix: for the loans on book at an observation point, the share
 * whose worst bucket in the performance window (the months after the point) is j among those
 * whose worst bucket in the observation window (the months up to and including the point) is
 * i — P(worst in performance = j | worst in observation = i), each row normalised to 1.
 */
import { bucketOf } from '../delinquency/buckets.js';
import {
  type AnalyticsSettings,
  addMonthsToMonth,
  assertMonth,
  DEFAULT_ANALYTICS_SETTINGS,
  type Month,
} from './analytics-settings.js';
import { type LoanMonthEnd, monthEndPositions } from './month-end.js';
import { type Ratio, ratio } from './ratio.js';

/** One row: loans whose worst observed bucket is `from`. */
export interface RollRateRow {
  from: string;
  /** Loans (or their balance at the observation point) in the row: the denominator. */
  total: number;
  cells: { to: string; ratio: Ratio }[];
}

export interface RollRateMatrix {
  observationMonth: Month;
  observationWindow: Month[];
  performanceWindow: Month[];
  basis: 'count' | 'balance';
  rows: RollRateRow[];
  /** Loans at the observation point with no snapshot in the performance window: left out of the rows. */
  withoutPerformance: number;
}

/**
 * The matrix for the loans with a month-end position in `observationMonth`. A loan's worst
 * bucket in a window is the bucket of its highest month-end DPD there. Loans with no position
 * in the performance window (closed and no longer snapshotted) are counted apart, not as M0.
 */
export function rollRateMatrix(
  snapshots: readonly LoanMonthEnd[],
  observationMonth: Month,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): RollRateMatrix {
  assertMonth(observationMonth);
  const { observationMonths, performanceMonths, basis } = settings.rollRate;
  const observationWindow = Array.from({ length: observationMonths }, (_, i) =>
    addMonthsToMonth(observationMonth, i - observationMonths + 1),
  );
  const performanceWindow = Array.from({ length: performanceMonths }, (_, i) =>
    addMonthsToMonth(observationMonth, i + 1),
  );
  const months = monthEndPositions(snapshots);
  const worstDpd = (loanId: string, window: Month[]): number | null => {
    let worst: number | null = null;
    for (const m of window) {
      const p = months.get(m)?.get(loanId);
      if (p && (worst === null || p.dpd > worst)) worst = p.dpd;
    }
    return worst;
  };
  const codes = settings.buckets.map((b) => b.code);
  const index = new Map(codes.map((c, i) => [c, i]));
  const counts = codes.map(() => codes.map(() => 0));
  let withoutPerformance = 0;
  for (const [loanId, atPoint] of months.get(observationMonth) ?? []) {
    const performed = worstDpd(loanId, performanceWindow);
    if (performed === null) {
      withoutPerformance += 1;
      continue;
    }
    const i = index.get(bucketOf(worstDpd(loanId, observationWindow)!, settings.buckets))!;
    const j = index.get(bucketOf(performed, settings.buckets))!;
    counts[i]![j]! += basis === 'count' ? 1 : atPoint.principalFen;
  }
  const rows = codes.map((from, i) => {
    const total = counts[i]!.reduce((a, b) => a + b, 0);
    return {
      from,
      total,
      cells: codes.map((to, j) => ({ to, ratio: ratio(counts[i]![j]!, total, settings.decimalPlaces) })),
    };
  });
  return { observationMonth, observationWindow, performanceWindow, basis, rows, withoutPerformance };
}
