/**
 * 入催率 entry rate: amount (or count) newly entering collection in the period ÷ amount (or
 * count) falling due in the period; first-day entry: D+1 still unpaid ÷ due that day
 * (GLOSSARY.md). An installment due on D that is not fully paid by the end of D + grace makes
 * its loan enter collection on D+1+grace (grace 0 by default) with the unpaid part.
 *
 * - first-day (default): the numerator is the installments due in the period still unpaid at
 *   entry — each entry counted with the day it fell due;
 * - period: the numerator is the entries whose entry day falls in the period (an installment
 *   due on the last day enters in the next period).
 *
 * An installment of a loan already in collection on its due date is not a new entry; whether
 * its due stays in the denominator is a setting (all-due by default, as GLOSSARY.md words it).
 */
import { addDays, type BusinessDate } from '../calendar/business-date.js';
import type { Fen } from '../money/money.js';
import {
  type AnalyticsPeriod,
  type AnalyticsSettings,
  assertAnalyticsPeriod,
  DEFAULT_ANALYTICS_SETTINGS,
} from './analytics-settings.js';
import type { Dimensioned } from './dimensions.js';
import { type Ratio, ratio } from './ratio.js';

/** 应还 one installment falling due, with what was paid toward it. */
export interface InstallmentDueRecord extends Dimensioned {
  loanId: string;
  dueOn: BusinessDate;
  /** The amount due on dueOn (principal + interest + fees of the installment). */
  dueFen: Fen;
  /** Payments allocated to this installment (any date; those after the entry check are ignored). */
  payments: readonly { paidOn: BusinessDate; fen: Fen }[];
  /** The loan was already in collection (DPD ≥ 1) on dueOn: its non-payment is no new entry. */
  inCollectionBefore?: boolean;
}

export interface EntryRates {
  mode: 'first-day' | 'period';
  amount: Ratio;
  count: Ratio;
  /** First-day entry per due date in the period (empty in period mode). */
  daily: { date: BusinessDate; amount: Ratio; count: Ratio }[];
}

/** The day the loan enters collection if the installment is still unpaid: D + 1 + grace. */
export function entryDate(dueOn: BusinessDate, graceDays: number): BusinessDate {
  return addDays(dueOn, 1 + graceDays);
}

/** What is still unpaid of the installment at the end of D + grace (the day before entry). */
export function unpaidAtEntry(record: InstallmentDueRecord, graceDays: number): number {
  const lastDay = addDays(record.dueOn, graceDays);
  let paid = 0;
  for (const p of record.payments) if (p.paidOn <= lastDay) paid += p.fen;
  return Math.max(0, record.dueFen - paid);
}

interface Tally {
  enteredFen: number;
  entered: number;
  dueFen: number;
  due: number;
}

const emptyTally = (): Tally => ({ enteredFen: 0, entered: 0, dueFen: 0, due: 0 });

/** Entry rate on the amount and count bases, in the settings' mode. */
export function entryRates(
  installments: readonly InstallmentDueRecord[],
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): EntryRates {
  assertAnalyticsPeriod(period);
  const { graceDays } = settings.entry;
  return entryRatesFromDueDays(
    installments.map((r) => {
      const unpaid = unpaidAtEntry(r, graceDays);
      return {
        dueOn: r.dueOn,
        inCollectionBefore: r.inCollectionBefore === true,
        installments: 1,
        dueFen: r.dueFen,
        entered: unpaid > 0 ? 1 : 0,
        enteredFen: unpaid,
      };
    }),
    period,
    settings,
  );
}

/**
 * Installments falling due on one day, already aggregated (the server's rollups): how many and
 * how much fell due, and of them how many were still unpaid at entry (end of D + grace) and by
 * how much. Rows of loans already in collection are apart (`inCollectionBefore`).
 */
export interface DueDayTally {
  dueOn: BusinessDate;
  inCollectionBefore: boolean;
  installments: number;
  dueFen: number;
  entered: number;
  enteredFen: number;
}

/** Entry rates from due-day tallies: the formula of entryRates on aggregated input. */
export function entryRatesFromDueDays(
  rows: readonly DueDayTally[],
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): EntryRates {
  assertAnalyticsPeriod(period);
  const { mode, graceDays, denominator } = settings.entry;
  const inPeriod = (d: BusinessDate) => d >= period.from && d <= period.to;
  const total = emptyTally();
  const byDay = new Map<BusinessDate, Tally>();
  for (const r of rows) {
    const isNew = !r.inCollectionBefore;
    const day = byDay.get(r.dueOn) ?? emptyTally();
    if (inPeriod(r.dueOn) && (denominator === 'all-due' || isNew)) {
      total.dueFen += r.dueFen;
      total.due += r.installments;
      day.dueFen += r.dueFen;
      day.due += r.installments;
    }
    const cohortDay = mode === 'first-day' ? r.dueOn : entryDate(r.dueOn, graceDays);
    if (isNew && r.entered > 0 && inPeriod(cohortDay)) {
      total.enteredFen += r.enteredFen;
      total.entered += r.entered;
      day.enteredFen += r.enteredFen;
      day.entered += r.entered;
    }
    if (inPeriod(r.dueOn)) byDay.set(r.dueOn, day);
  }
  const places = settings.decimalPlaces;
  const daily =
    mode === 'first-day'
      ? [...byDay.keys()].sort().map((date) => {
          const t = byDay.get(date)!;
          return {
            date,
            amount: ratio(t.enteredFen, t.dueFen, places),
            count: ratio(t.entered, t.due, places),
          };
        })
      : [];
  return {
    mode,
    amount: ratio(total.enteredFen, total.dueFen, places),
    count: ratio(total.entered, total.due, places),
    daily,
  };
}
