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
  const { observationWindow, performanceWindow } = rollRateWindows(observationMonth, settings);
  const months = monthEndPositions(snapshots);
  const worstDpd = (loanId: string, window: Month[]): number | null => {
    let worst: number | null = null;
    for (const m of window) {
      const p = months.get(m)?.get(loanId);
      if (p && (worst === null || p.dpd > worst)) worst = p.dpd;
    }
    return worst;
  };
  const counts: RollRateCount[] = [];
  let withoutPerformance = 0;
  for (const [loanId, atPoint] of months.get(observationMonth) ?? []) {
    const performed = worstDpd(loanId, performanceWindow);
    if (performed === null) {
      withoutPerformance += 1;
      continue;
    }
    counts.push({
      from: bucketOf(worstDpd(loanId, observationWindow)!, settings.buckets),
      to: bucketOf(performed, settings.buckets),
      loans: 1,
      balanceFen: atPoint.principalFen,
    });
  }
  return rollRateFromCounts(observationMonth, counts, withoutPerformance, settings);
}

/** The observation window (the months up to and including the point) and the performance window after it. */
export function rollRateWindows(
  observationMonth: Month,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): { observationWindow: Month[]; performanceWindow: Month[] } {
  assertMonth(observationMonth);
  const { observationMonths, performanceMonths } = settings.rollRate;
  return {
    observationWindow: Array.from({ length: observationMonths }, (_, i) =>
      addMonthsToMonth(observationMonth, i - observationMonths + 1),
    ),
    performanceWindow: Array.from({ length: performanceMonths }, (_, i) =>
      addMonthsToMonth(observationMonth, i + 1),
    ),
  };
}

/** Loans (and their balance at the observation point) whose worst buckets were `from` then `to`. */
export interface RollRateCount {
  from: string;
  to: string;
  loans: number;
  balanceFen: number;
}

/**
 * The matrix from counts already aggregated by worst observed and worst performed bucket (the
 * server's rollups), on the settings' basis; each row normalised to 1, an empty row's cells null.
 */
export function rollRateFromCounts(
  observationMonth: Month,
  counts: readonly RollRateCount[],
  withoutPerformance: number,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): RollRateMatrix {
  const { observationWindow, performanceWindow } = rollRateWindows(observationMonth, settings);
  const basis = settings.rollRate.basis;
  const codes = settings.buckets.map((b) => b.code);
  const index = new Map(codes.map((c, i) => [c, i]));
  const cells = codes.map(() => codes.map(() => 0));
  for (const c of counts) {
    const i = index.get(c.from);
    const j = index.get(c.to);
    if (i === undefined || j === undefined) throw new RangeError(`Unknown bucket: ${c.from} → ${c.to}`);
    cells[i]![j]! += basis === 'count' ? c.loans : c.balanceFen;
  }
  const rows = codes.map((from, i) => {
    const total = cells[i]!.reduce((a, b) => a + b, 0);
    return {
      from,
      total,
      cells: codes.map((to, j) => ({ to, ratio: ratio(cells[i]![j]!, total, settings.decimalPlaces) })),
    };
  });
  return { observationMonth, observationWindow, performanceWindow, basis, rows, withoutPerformance };
}
