/**
 * 迁徙率 flow rates: of the balance in bucket M(n) at last month end, the share found in
 * M(n+1) at this month end — balance in M(n+1) now ÷ balance in M(n) then (GLOSSARY.md). The
 * formula is on aggregates, not on tracked loans: with 30-day buckets and calendar months a
 * loan moves one bucket a month unless it pays, so M(n+1) now came from M(n) then (a 31-day
 * month can skip a day of a bucket; that is the industry's accepted approximation).
 *
 * 催收乘数 the collection multiplier: the product of one month's successive flow rates from the
 * first bucket up to a target (the last by default): of each yuan current, how much reaches the
 * target bucket if this month's flows persisted.
 */
import { bucketOf } from '../delinquency/buckets.js';
import {
  type AnalyticsSettings,
  addMonthsToMonth,
  DEFAULT_ANALYTICS_SETTINGS,
  type Month,
} from './analytics-settings.js';
import { type LoanMonthEnd, monthEndPositions } from './month-end.js';
import { type BigRatio, productOfRatios, type Ratio, ratio } from './ratio.js';

/** One bucket's balance and number of loans at a month end. */
export interface BucketPosition {
  bucket: string;
  balanceFen: number;
  loans: number;
}

/** M(n) → M(n+1). */
export interface FlowRate {
  from: string;
  to: string;
  ratio: Ratio;
}

/** The flow rates of one month (this month end against the previous month end). */
export interface FlowRateMonth {
  month: Month;
  previousMonth: Month;
  /** Positions at this month end, one per bucket in order. */
  positions: BucketPosition[];
  flows: FlowRate[];
  /** The product of the flows from the first bucket up to the settings' target. */
  multiplier: BigRatio;
  multiplierTo: string;
}

/** The positions per bucket at one month end under the settings' bucket edges. */
export function bucketPositions(
  loans: Iterable<LoanMonthEnd>,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): BucketPosition[] {
  const positions = settings.buckets.map((b) => ({ bucket: b.code, balanceFen: 0, loans: 0 }));
  const index = new Map(settings.buckets.map((b, i) => [b.code, i]));
  for (const loan of loans) {
    const p = positions[index.get(bucketOf(loan.dpd, settings.buckets))!]!;
    p.balanceFen += loan.principalFen;
    p.loans += 1;
  }
  return positions;
}

/**
 * Flow rates M0→M1 … M6→M7+ for every month whose previous month is also in the data, on the
 * balance basis (or loan count, a setting), with the month's collection multiplier.
 */
export function flowRates(
  snapshots: readonly LoanMonthEnd[],
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): FlowRateMonth[] {
  const months = monthEndPositions(snapshots);
  const positionsOf = new Map(
    [...months].map(([m, loans]) => [m, bucketPositions(loans.values(), settings)]),
  );
  return flowRatesFromPositions(positionsOf, settings);
}

/**
 * The same from the positions per bucket at each month end (already aggregated, e.g. from the
 * server's daily rollups): one entry per month, each with one position per bucket in order.
 */
export function flowRatesFromPositions(
  positionsOf: ReadonlyMap<Month, BucketPosition[]>,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): FlowRateMonth[] {
  const amount = (p: BucketPosition) => (settings.flow.basis === 'balance' ? p.balanceFen : p.loans);
  const codes = settings.buckets.map((b) => b.code);
  const multiplierTo = settings.flow.multiplierTo ?? codes[codes.length - 1]!;
  const flowsInMultiplier = codes.indexOf(multiplierTo);
  const result: FlowRateMonth[] = [];
  for (const month of [...positionsOf.keys()].sort()) {
    const previousMonth = addMonthsToMonth(month, -1);
    const before = positionsOf.get(previousMonth);
    if (!before) continue;
    const now = positionsOf.get(month)!;
    const flows = codes.slice(0, -1).map((from, n) => ({
      from,
      to: codes[n + 1]!,
      ratio: ratio(amount(now[n + 1]!), amount(before[n]!), settings.decimalPlaces),
    }));
    const multiplier = productOfRatios(
      flows.slice(0, flowsInMultiplier).map((f) => f.ratio),
      settings.decimalPlaces,
    );
    result.push({ month, previousMonth, positions: now, flows, multiplier, multiplierTo });
  }
  return result;
}
