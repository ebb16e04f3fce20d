/**
 * 计提 the daily accrual of one loan: the daily run's step for one loan and one date.
 *
 * Conventions:
 * - A day's accrual uses the balances at the START of that day, before payments received on
 *   it, so a payment made k days after the due date bears k days of penalty (the usual "days
 *   late" count). The daily run for date D runs when the business date becomes D.
 * - Penalty accrues on principal of installments due before D (DPD ≥ 1), grace or not; grace
 *   days only delay collection entry and the late fee, which falls on the first day past grace.
 * - Days are consecutive: once a state has `lastAccruedOn`, the next day must be the day after
 *   (a skipped day would silently lose a day of penalty and of cap room; a repeated day would
 *   charge twice). The same state and day always give the same result.
 * - Every accrual passes the cost cap (cost-cap.ts) before it is charged.
 */
import { addDays, type BusinessDate, compareDates, isBusinessDate } from '../calendar/business-date.js';
import { type InstallmentPosition, installmentUnpaid } from '../delinquency/loan-state.js';
import { type Fen, fen, type Rate, ZERO_FEN } from '../money/money.js';
import type { ChargeTerms } from './charge-terms.js';
import { applyCap, costCapFen } from './cost-cap.js';
import { dailyCompoundInterest, dailyPenaltyInterest, lateFeeFor } from './penalty-interest.js';

/** 计提状态 what has been accrued on a loan so far, carried from one day to the next. */
export interface AccrualState {
  accruedPenaltyFen: Fen; // 罚息 charged so far
  accruedCompoundFen: Fen; // 复利 charged so far
  accruedFeesFen: Fen; // 滞纳金 charged so far
  contractInterestFen: Fen; // contract interest scheduled to date (counts toward the cap, never capped itself)
  principalDays: number; // 本金·天数: Σ outstanding principal (fen) per day since disbursement
  capped: boolean; // the cap withheld part of the latest day's accruals
  lastAccruedOn?: BusinessDate | null; // the last day accrued; null/absent before the first
}

/** The state of a loan on which nothing has been accrued yet. */
export const INITIAL_ACCRUAL_STATE: Readonly<AccrualState> = {
  accruedPenaltyFen: ZERO_FEN,
  accruedCompoundFen: ZERO_FEN,
  accruedFeesFen: ZERO_FEN,
  contractInterestFen: ZERO_FEN,
  principalDays: 0,
  capped: false,
  lastAccruedOn: null,
};

/** An installment that became overdue past grace on this day, and its overdue amount. */
export interface NewlyOverdueInstallment {
  seq: number;
  overdueFen: Fen; // unpaid principal + contract interest of the installment
}

/** 日终事实 one loan's balances for one day (at the start of the day). */
export interface DayFacts {
  date: BusinessDate;
  outstandingPrincipalFen: Fen; // all unpaid principal, due or not: the cap's base
  overduePrincipalFen: Fen; // unpaid principal due before `date`: the penalty base
  overdueInterestFen: Fen; // unpaid contract interest due before `date`: the compound base
  newlyOverdueInstallments: readonly NewlyOverdueInstallment[]; // each gets its late fee today
  contractInterestToDateFen?: Fen; // when given, replaces the state's contractInterestFen from today
}

/** 计提类别 what a line charges. */
export type AccrualKind = 'penalty' | 'compound' | 'late_fee';

/** One accrual line of one day: the amount the formula gave and the amount charged after the cap. */
export interface AccrualLine {
  date: BusinessDate;
  kind: AccrualKind;
  installmentSeq: number | null; // late fees only
  baseFen: Fen; // what the formula was applied to
  proposedFen: Fen; // the formula's rounded amount
  amountFen: Fen; // charged: proposed minus what the cap withheld
}

/** The cap check of one day. */
export interface DayCapCheck {
  principalDays: number; // including this day
  capFen: Fen; // the cap on all charges to date
  chargedBeforeFen: Fen; // contract interest + accruals before this day's
  cutFen: Fen; // withheld today
  capped: boolean;
}

/** The accrual of one day. */
export interface DayAccrual {
  date: BusinessDate;
  lines: AccrualLine[]; // penalty, compound, then late fees by installment
  cap: DayCapCheck;
}

/** 日计提 one loan's accrual for one day: penalty, compound interest and late fees, truncated by the cost cap. */
export function accrueDay(
  state: AccrualState,
  day: DayFacts,
  terms: ChargeTerms,
  capRate: Rate,
): { state: AccrualState; day: DayAccrual } {
  checkDay(state, day);
  const contractInterestFen = day.contractInterestToDateFen ?? state.contractInterestFen;
  const principalDays = state.principalDays + day.outstandingPrincipalFen;
  if (!Number.isSafeInteger(principalDays)) throw new RangeError('principalDays overflowed');

  const penalty = dailyPenaltyInterest(day.overduePrincipalFen, terms);
  const compound = dailyCompoundInterest(day.overdueInterestFen, terms);
  // Oldest installment first, so that when the cap cuts fees it cuts the newest ones.
  const fees = [...day.newlyOverdueInstallments]
    .sort((a, b) => a.seq - b.seq)
    .map((i) => ({ seq: i.seq, baseFen: i.overdueFen, proposedFen: lateFeeFor(i.overdueFen, terms) }));
  const feeTotal = fees.reduce((s, f) => s + f.proposedFen, 0);

  const capFen = costCapFen(capRate, principalDays);
  const chargedBeforeFen = fen(
    contractInterestFen + state.accruedPenaltyFen + state.accruedCompoundFen + state.accruedFeesFen,
  );
  const allowed = applyCap({
    capFen,
    chargedSoFarFen: chargedBeforeFen,
    proposed: { penaltyFen: penalty, compoundFen: compound, feeFen: fen(feeTotal) },
  });

  const lines: AccrualLine[] = [];
  const line = (kind: AccrualKind, seq: number | null, baseFen: Fen, proposedFen: Fen, amountFen: Fen) =>
    lines.push({ date: day.date, kind, installmentSeq: seq, baseFen, proposedFen, amountFen });
  if (day.overduePrincipalFen > 0)
    line('penalty', null, day.overduePrincipalFen, penalty, allowed.penaltyFen);
  if (terms.compoundOverdueInterest && day.overdueInterestFen > 0) {
    line('compound', null, day.overdueInterestFen, compound, allowed.compoundFen);
  }
  let feeLeft: number = allowed.feeFen;
  for (const f of fees) {
    if (f.proposedFen === 0) continue;
    const charged = Math.min(f.proposedFen, feeLeft);
    feeLeft -= charged;
    line('late_fee', f.seq, f.baseFen, f.proposedFen, fen(charged));
  }

  return {
    state: {
      accruedPenaltyFen: fen(state.accruedPenaltyFen + allowed.penaltyFen),
      accruedCompoundFen: fen(state.accruedCompoundFen + allowed.compoundFen),
      accruedFeesFen: fen(state.accruedFeesFen + allowed.feeFen),
      contractInterestFen,
      principalDays,
      capped: allowed.capped,
      lastAccruedOn: day.date,
    },
    day: {
      date: day.date,
      lines,
      cap: { principalDays, capFen, chargedBeforeFen, cutFen: allowed.cutFen, capped: allowed.capped },
    },
  };
}

/** 区间计提 folds accrueDay over consecutive days; returns the final state and every day's lines. */
export function accrueRange(
  initial: AccrualState,
  days: readonly DayFacts[],
  terms: ChargeTerms,
  capRate: Rate,
): { state: AccrualState; days: DayAccrual[] } {
  let state = initial;
  const out: DayAccrual[] = [];
  for (const facts of days) {
    const step = accrueDay(state, facts, terms, capRate);
    state = step.state;
    out.push(step.day);
  }
  return { state, days: out };
}

/**
 * 日终事实 the day facts of a loan from its installments at the start of `date`: overdue means
 * due before `date`; an installment becomes overdue past grace — and gets its late fee — on
 * dueOn + graceDays + 1. Contract interest to date counts installments due on or before `date`.
 * Fees on installments (feeDueFen) are left out of every base: they may hold late fees, and a
 * fee must not earn a fee.
 */
export function dayFactsFor(input: {
  date: BusinessDate;
  graceDays: number;
  installments: readonly InstallmentPosition[];
}): DayFacts {
  const { date, graceDays, installments } = input;
  if (!isBusinessDate(date)) throw new RangeError(`date must be a date (YYYY-MM-DD), got ${String(date)}`);
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`graceDays must be a non-negative integer, got ${String(graceDays)}`);
  }
  // The installments whose late fee falls today are those due graceDays + 1 days ago.
  const feeDueOn = addDays(date, -(graceDays + 1));
  let outstanding = 0;
  let overduePrincipal = 0;
  let overdueInterest = 0;
  let contractInterest = 0;
  const newly: NewlyOverdueInstallment[] = [];
  for (const inst of installments) {
    const unpaid = installmentUnpaid(inst);
    outstanding += unpaid.principal;
    const cmp = compareDates(inst.dueOn, date);
    if (cmp <= 0) contractInterest += inst.interestDueFen;
    if (cmp < 0) {
      overduePrincipal += unpaid.principal;
      overdueInterest += unpaid.interest;
    }
    const open = unpaid.principal + unpaid.interest + unpaid.fee > 0;
    if (open && inst.dueOn === feeDueOn) {
      newly.push({ seq: inst.seq, overdueFen: fen(unpaid.principal + unpaid.interest) });
    }
  }
  return {
    date,
    outstandingPrincipalFen: fen(outstanding),
    overduePrincipalFen: fen(overduePrincipal),
    overdueInterestFen: fen(overdueInterest),
    newlyOverdueInstallments: newly,
    contractInterestToDateFen: fen(contractInterest),
  };
}

function checkDay(state: AccrualState, day: DayFacts): void {
  if (!isBusinessDate(day.date))
    throw new RangeError(`day.date must be a date (YYYY-MM-DD), got ${day.date}`);
  const last = state.lastAccruedOn;
  if (last != null && day.date !== addDays(last, 1)) {
    throw new RangeError(`accrual days must be consecutive: last accrued ${last}, got ${day.date}`);
  }
  const amounts: [string, number][] = [
    ['outstandingPrincipalFen', day.outstandingPrincipalFen],
    ['overduePrincipalFen', day.overduePrincipalFen],
    ['overdueInterestFen', day.overdueInterestFen],
    ['state.accruedPenaltyFen', state.accruedPenaltyFen],
    ['state.accruedCompoundFen', state.accruedCompoundFen],
    ['state.accruedFeesFen', state.accruedFeesFen],
    ['state.contractInterestFen', state.contractInterestFen],
    ['state.principalDays', state.principalDays],
    ...day.newlyOverdueInstallments.map((i): [string, number] => [
      `installment ${i.seq} overdueFen`,
      i.overdueFen,
    ]),
  ];
  if (day.contractInterestToDateFen !== undefined) {
    amounts.push(['contractInterestToDateFen', day.contractInterestToDateFen]);
  }
  for (const [name, v] of amounts) {
    if (!Number.isSafeInteger(v) || v < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  if (day.overduePrincipalFen > day.outstandingPrincipalFen) {
    throw new RangeError(
      `overdue principal ${day.overduePrincipalFen} exceeds outstanding principal ${day.outstandingPrincipalFen}`,
    );
  }
  const seqs = day.newlyOverdueInstallments.map((i) => i.seq);
  if (new Set(seqs).size !== seqs.length)
    throw new RangeError(`an installment is newly overdue twice on ${day.date}`);
}
