/**
 * 承诺指标 promise KPIs (GLOSSARY.md): PTP rate = PTPs ÷ right-party contacts; kept rate =
 * kept PTPs ÷ PTPs due; broken = PTP − kept (of the promises due).
 */
import type { BusinessDate } from '../calendar/business-date.js';
import type { Fen } from '../money/money.js';
import type { PromiseState } from '../promises/promise-to-pay.js';
import {
  type AnalyticsPeriod,
  type AnalyticsSettings,
  assertAnalyticsPeriod,
  DEFAULT_ANALYTICS_SETTINGS,
  withinPeriod,
} from './analytics-settings.js';
import type { ContactAttemptRecord } from './contact-rates.js';
import type { Dimensioned } from './dimensions.js';
import { type Ratio, ratio } from './ratio.js';

/** 承诺还款 one promise to pay. */
export interface PromiseRecord extends Dimensioned {
  promiseId: string;
  takenOn: BusinessDate;
  dueOn: BusinessDate;
  state: PromiseState;
  amountFen: Fen;
}

export interface PromiseRates {
  /** PTPs taken in the period ÷ right-party contacts in the period. */
  ptpRate: Ratio;
  /** Kept ÷ due, of the promises due in the period and decided. */
  keptRate: Ratio;
  taken: number;
  takenFen: number;
  rightPartyContacts: number;
  due: number;
  kept: number;
  /** 跳票 due − kept. */
  broken: number;
  /** Due in the period but not decided yet (within the grace days): out of due, kept and broken. */
  awaiting: number;
}

/**
 * PTP rate, kept rate and broken promises. A promise is due in the period when its date falls
 * in it; one still pending (the daily run has not decided it: grace days) is counted apart, so
 * the current month does not show promises in their grace days as broken. A cancelled promise
 * is neither taken nor due. A partly kept promise is broken unless the setting says kept.
 */
export function promiseRates(
  input: { promises: readonly PromiseRecord[]; attempts: readonly ContactAttemptRecord[] },
  period: AnalyticsPeriod,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): PromiseRates {
  assertAnalyticsPeriod(period);
  let rightPartyContacts = 0;
  for (const a of input.attempts) if (a.rightParty && withinPeriod(a.on, period)) rightPartyContacts += 1;
  const tally: PromiseTally = { rightPartyContacts, taken: 0, takenFen: 0, awaiting: 0, decided: {} };
  for (const p of input.promises) {
    if (p.state === 'cancelled') continue;
    if (withinPeriod(p.takenOn, period)) {
      tally.taken += 1;
      tally.takenFen += p.amountFen;
    }
    if (!withinPeriod(p.dueOn, period)) continue;
    if (p.state === 'pending') tally.awaiting += 1;
    else tally.decided[p.state] = (tally.decided[p.state] ?? 0) + 1;
  }
  return promiseRatesFromCounts(tally, settings);
}

/** Counts of one period, already aggregated (the server's rollups): the input of promiseRatesFromCounts. */
export interface PromiseTally {
  /** Right-party contacts made in the period. */
  rightPartyContacts: number;
  /** Promises taken in the period (cancelled ones not) and their amount. */
  taken: number;
  takenFen: number;
  /** Promises due in the period still pending (in their grace days). */
  awaiting: number;
  /** Promises due in the period and decided, by state (kept, partly_kept, broken). */
  decided: Partial<Record<PromiseState, number>>;
}

/** PTP rate, kept rate and broken promises from counts; the settings say whether partly kept is kept. */
export function promiseRatesFromCounts(
  tally: PromiseTally,
  settings: AnalyticsSettings = DEFAULT_ANALYTICS_SETTINGS,
): PromiseRates {
  const keptStates = new Set<PromiseState>(
    settings.promises.partlyKeptCountsAsKept ? ['kept', 'partly_kept'] : ['kept'],
  );
  let due = 0;
  let kept = 0;
  for (const [state, n] of Object.entries(tally.decided) as [PromiseState, number][]) {
    if (state === 'pending' || state === 'cancelled') continue;
    due += n;
    if (keptStates.has(state)) kept += n;
  }
  const places = settings.decimalPlaces;
  return {
    ptpRate: ratio(tally.taken, tally.rightPartyContacts, places),
    keptRate: ratio(kept, due, places),
    taken: tally.taken,
    takenFen: tally.takenFen,
    rightPartyContacts: tally.rightPartyContacts,
    due,
    kept,
    broken: due - kept,
    awaiting: tally.awaiting,
  };
}
