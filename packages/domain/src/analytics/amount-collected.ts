/**
 * 回款金额 amount collected: the payments received in the period, in fen, and how many.
 * Reversed payments are left out by the caller (they are not collected money).
 */
import type { BusinessDate } from '../calendar/business-date.js';
import { type Fen, fen } from '../money/money.js';
import { type AnalyticsPeriod, assertAnalyticsPeriod } from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';

/** 还款 one payment received, with the keys of the case it was collected on. */
export interface CollectedPaymentRecord extends Dimensioned {
  receivedOn: BusinessDate;
  fen: Fen;
}

export interface AmountCollected {
  collectedFen: Fen;
  payments: number;
}

/** The sum of the payments received in the period. */
export function amountCollected(
  payments: readonly CollectedPaymentRecord[],
  period: AnalyticsPeriod,
): AmountCollected {
  assertAnalyticsPeriod(period);
  let total = 0;
  let count = 0;
  for (const p of payments) {
    if (p.receivedOn < period.from || p.receivedOn > period.to) continue;
    total += p.fen;
    count += 1;
  }
  return { collectedFen: fen(total), payments: count };
}
