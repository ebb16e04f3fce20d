/**
 * 月末快照 the month-end position of each loan, from the daily snapshot (loan_daily): the
 * input of flow rates, roll rates and vintages.
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { Fen } from '../money/money.js';
import { type Month, monthOf } from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';

/** One loan at one day's end; the last such day of a month is the loan's month-end position. */
export interface LoanMonthEnd extends Dimensioned {
  loanId: string;
  asOf: BusinessDate;
  /** 逾期天数 days past due at that day's end. */
  dpd: number;
  /** 未偿本金 outstanding principal: the "balance" of flow rates and the numerator of vintages. */
  principalFen: Fen;
}

/**
 * The position of each loan at each month's end: its latest snapshot in the month (so a
 * caller may pass daily snapshots; a loan closed mid-month is seen at its last day). Months
 * with no snapshot at all are absent: no data, which is not the same as an empty book.
 */
export function monthEndPositions(snapshots: readonly LoanMonthEnd[]): Map<Month, Map<string, LoanMonthEnd>> {
  const months = new Map<Month, Map<string, LoanMonthEnd>>();
  for (const s of snapshots) {
    if (!Number.isInteger(s.dpd) || s.dpd < 0)
      throw new RangeError(`DPD must be a non-negative integer: ${s.dpd}`);
    if (!Number.isSafeInteger(s.principalFen)) throw new RangeError(`Not fen: ${s.principalFen}`);
    const month = monthOf(s.asOf);
    let loans = months.get(month);
    if (!loans) {
      loans = new Map();
      months.set(month, loans);
    }
    const seen = loans.get(s.loanId);
    if (!seen || seen.asOf < s.asOf) loans.set(s.loanId, s);
  }
  return months;
}
