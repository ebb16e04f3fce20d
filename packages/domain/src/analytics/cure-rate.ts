/**
 * 回正率 cure rate: of the cases open at the period start in a bucket, the share that left to
 * M0 during the period — cases leaving to M0 in the period ÷ cases open at period start, per
 * bucket (GLOSSARY.md). Which endings count as leaving to M0 is a setting: a cure by default,
 * a payoff too for institutions that count it.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import { bucketOf } from '../delinquency/buckets.js';
import {
  type AnalyticsPeriod,
  type AnalyticsSettings,
  assertAnalyticsPeriod,
  type CaseCloseReason,
  DEFAULT_ANALYTICS_SETTINGS,
} from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';
import { type Ratio, ratio } from './ratio.js';

/** 案件 one collection episode. */
export interface CaseEpisodeRecord extends Dimensioned {
  caseId: string;
  openedOn: BusinessDate;
  closedOn: BusinessDate | null;
  closeReason: CaseCloseReason | null;
  /** DPD at the period start (the end of the day before `from`); its bucket is the case's row. */
  dpdAtStart: number;
}

export interface CureRateRow {
  bucket: string;
  ratio: Ratio;
}

export interface CureRates {
  /** One row per bucket in order (a bucket with no open case has a null value). */
  rows: CureRateRow[];
  /** All buckets together. */
  total: Ratio;
}

/** True when the case was open at the start of `from`: opened before it and not closed before it. */
export function isOpenAtStart(
  c: { openedOn: BusinessDate; closedOn: BusinessDate | null },
  from: BusinessDate,
) {
  return c.openedOn < from && (c.closedOn === null || c.closedOn >= from);
}

/** Cure rate per bucket at the period start. */
export function cureRates(
  cases: readonly CaseEpisodeRecord[],
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): CureRates {
  assertAnalyticsPeriod(period);
  const codes = settings.buckets.map((b) => b.code);
  const index = new Map(codes.map((c, i) => [c, i]));
  const open = codes.map(() => 0);
  const cured = codes.map(() => 0);
  const cureReasons = new Set<string>(settings.cure.reasons);
  for (const c of cases) {
    if (!isOpenAtStart(c, period.from)) continue;
    const i = index.get(bucketOf(c.dpdAtStart, settings.buckets))!;
    open[i]! += 1;
    const leftToM0 =
      c.closedOn !== null &&
      c.closedOn <= period.to &&
      c.closeReason !== null &&
      cureReasons.has(c.closeReason);
    if (leftToM0) cured[i]! += 1;
  }
  return cureRatesFromCounts(
    codes.map((bucket, i) => ({ bucket, open: open[i]!, cured: cured[i]! })),
    settings,
  );
}

/**
 * The same from counts per bucket already aggregated (the server's rollups): cases open at the
 * period start and, of them, those that left to M0 in the period, one entry per bucket in order.
 */
export function cureRatesFromCounts(
  counts: readonly { bucket: string; open: number; cured: number }[],
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): CureRates {
  const places = settings.decimalPlaces;
  let open = 0;
  let cured = 0;
  for (const c of counts) {
    open += c.open;
    cured += c.cured;
  }
  return {
    rows: counts.map((c) => ({ bucket: c.bucket, ratio: ratio(c.cured, c.open, places) })),
    total: ratio(cured, open, places),
  };
}
