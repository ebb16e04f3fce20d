/**
 * 催回率 recovery rate of the cases allocated (分案) in a period: collected in the period ÷
 * amount due at allocation (amount basis), or cases settled ÷ cases allocated (count basis)
 * (GLOSSARY.md). A payment counts for an allocation when it is received while the holder has
 * the case (from the allocation day to the day it is returned or reallocated) and by the period
 * end — what the holder collected, as agency commission counts it.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { Fen } from '../money/money.js';
import {
  type AnalyticsPeriod,
  type AnalyticsSettings,
  assertAnalyticsPeriod,
  type CaseCloseReason,
  DEFAULT_ANALYTICS_SETTINGS,
} from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';
import { type Ratio, ratio } from './ratio.js';

/** 分案 one allocation of a case to a holder (collector, team or agency). */
export interface AllocationRecord extends Dimensioned {
  caseId: string;
  allocatedOn: BusinessDate;
  /** The last day the holder had the case (returned, reallocated); null while still held. */
  endedOn: BusinessDate | null;
  /** The amount due (overdue) when the case was allocated. */
  dueAtAllocationFen: Fen;
  /** Payments received on the case (any date; the window is applied here). */
  payments: readonly { receivedOn: BusinessDate; fen: Fen }[];
  closedOn: BusinessDate | null;
  closeReason: CaseCloseReason | null;
}

export interface RecoveryRates {
  amount: Ratio;
  count: Ratio;
  /** The settings' basis, which the chart shows first. */
  basis: 'amount' | 'count';
}

/** What the holder collected of an allocation by the period end. */
export function collectedByHolder(a: AllocationRecord, periodTo: BusinessDate): number {
  const last = a.endedOn !== null && a.endedOn < periodTo ? a.endedOn : periodTo;
  let collected = 0;
  for (const p of a.payments) if (p.receivedOn >= a.allocatedOn && p.receivedOn <= last) collected += p.fen;
  return collected;
}

/** Recovery rate of the allocations made in the period, on both bases. */
export function recoveryRates(
  allocations: readonly AllocationRecord[],
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): RecoveryRates {
  assertAnalyticsPeriod(period);
  const settledReasons = new Set<string>(settings.recovery.settledReasons);
  let collectedFen = 0;
  let dueFen = 0;
  let settled = 0;
  let allocated = 0;
  for (const a of allocations) {
    if (a.allocatedOn < period.from || a.allocatedOn > period.to) continue;
    allocated += 1;
    dueFen += a.dueAtAllocationFen;
    collectedFen += collectedByHolder(a, period.to);
    const heldUntil = a.endedOn ?? period.to;
    const settledWhileHeld =
      a.closedOn !== null &&
      a.closedOn >= a.allocatedOn &&
      a.closedOn <= period.to &&
      a.closedOn <= heldUntil &&
      a.closeReason !== null &&
      settledReasons.has(a.closeReason);
    if (settledWhileHeld) settled += 1;
  }
  return recoveryRatesFromTotals({ collectedFen, dueFen, settled, allocated }, settings);
}

/** Totals of the allocations made in a period, aggregated already (the server's rollups). */
export interface RecoveryTotals {
  /** Allocations made in the period, and the amount due when each was made. */
  allocated: number;
  dueFen: number;
  /** Collected by each holder while holding, by the period end; allocations settled so. */
  collectedFen: number;
  settled: number;
}

/** Recovery rate on both bases from totals. */
export function recoveryRatesFromTotals(
  totals: RecoveryTotals,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): RecoveryRates {
  return {
    amount: ratio(totals.collectedFen, totals.dueFen, settings.decimalPlaces),
    count: ratio(totals.settled, totals.allocated, settings.decimalPlaces),
    basis: settings.recovery.basis,
  };
}
