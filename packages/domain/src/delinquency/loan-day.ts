/**
 * 日终单笔 one loan's daily run step: accrue the day's charges (penalty, compound interest,
 * late fees, under the cost cap), spread them over the installments, and derive the loan's
 * delinquency, episode count, collection stage and what its case must do. Pure: the daily
 * run loads the facts, calls this, and writes what it returns.
 */
import { addDays, type BusinessDate, compareDates, daysBetween } from '../calendar/business-date.js';
import {
  type AccrualLine,
  type AccrualState,
  accrueDay,
  dayFactsFor,
  INITIAL_ACCRUAL_STATE,
} from '../charges/accrual.js';
import type { ChargeTerms } from '../charges/charge-terms.js';
import { distributeToInstallments } from '../charges/distribute.js';
import { type Fen, fen, type Rate } from '../money/money.js';
import { type BucketDefinition, DEFAULT_BUCKETS } from './buckets.js';
import {
  type InstallmentPosition,
  type LoanDelinquency,
  loanDelinquency,
  nextEpisodeCount,
} from './loan-state.js';

/** 催收阶段 collection stage of an open case. */
export type CollectionStage = 'early' | 'middle' | 'late';

/** The stage a bucket belongs to (DESIGN.md §5: early M1, middle M2, late M3+). */
export function stageForBucket(bucket: string): CollectionStage {
  if (bucket === 'M0' || bucket === 'M1') return 'early';
  if (bucket === 'M2') return 'middle';
  return 'late';
}

/** An installment with the penalty and compound interest accrued on it. */
export interface AccruingInstallment extends InstallmentPosition {
  penaltyDueFen: Fen;
  penaltyPaidFen: Fen;
  compoundDueFen: Fen;
  compoundPaidFen: Fen;
}

/** What is carried from the previous day besides the accrual state. */
export interface PreviousDay {
  dpd: number;
  episodes: number;
  worstDpd: number;
}

/** What one installment gains on the day. */
export interface InstallmentAccrual {
  seq: number;
  penaltyFen: Fen;
  compoundFen: Fen;
  lateFeeFen: Fen;
}

/** What the loan's collection case must do. */
export type CaseAction =
  | { kind: 'none' }
  | { kind: 'open'; stage: CollectionStage }
  | { kind: 'update'; stage: CollectionStage; stageChanged: boolean; bucketChanged: boolean }
  | { kind: 'close'; reason: 'cured' | 'paid_off' };

export interface LoanDayResult {
  state: AccrualState;
  lines: AccrualLine[];
  capped: boolean;
  installmentAccruals: InstallmentAccrual[]; // only installments that gain something
  delinquency: LoanDelinquency;
  overduePenaltyFen: Fen; // unpaid penalty + compound interest, all installments
  episodes: number;
  worstDpd: number;
  paidOff: boolean;
  caseAction: CaseAction;
}

/**
 * 本金·天数 principal-days from disbursement up to (not including) `until`, assuming the
 * schedule was kept: the cost cap's base for a loan first seen after it was disbursed.
 */
export function scheduledPrincipalDays(
  disbursedOn: BusinessDate,
  installments: readonly Pick<InstallmentPosition, 'dueOn' | 'principalDueFen'>[],
  until: BusinessDate,
): number {
  if (compareDates(until, disbursedOn) <= 0) return 0;
  let outstanding = installments.reduce((s, i) => s + i.principalDueFen, 0);
  const dues = [...installments].sort((a, b) => compareDates(a.dueOn, b.dueOn));
  let total = 0;
  let from = disbursedOn;
  for (const inst of dues) {
    if (compareDates(inst.dueOn, until) >= 0) break;
    // Outstanding through the due date itself; repaid from the day after.
    const to = addDays(inst.dueOn, 1);
    if (compareDates(to, from) > 0) total += outstanding * daysBetween(from, to);
    outstanding -= inst.principalDueFen;
    from = to;
  }
  if (compareDates(until, from) > 0) total += outstanding * daysBetween(from, until);
  return total;
}

/**
 * 日终 runs one loan through one business date. `state` is the accrual state after the
 * previous day (or null for a loan never run: the cap then starts from the principal-days
 * its schedule implies), `installments` the installments at the start of the day.
 */
export function runLoanDay(input: {
  asOf: BusinessDate;
  disbursedOn: BusinessDate;
  terms: ChargeTerms;
  capRate: Rate;
  state: AccrualState | null;
  previous: PreviousDay | null;
  installments: readonly AccruingInstallment[];
  caseOpen: { stage: CollectionStage; bucket: string } | null;
  buckets?: readonly BucketDefinition[];
}): LoanDayResult {
  const { asOf, terms } = input;
  const yesterday = addDays(asOf, -1);
  let state: AccrualState;
  if (input.state === null) {
    state = {
      ...INITIAL_ACCRUAL_STATE,
      principalDays: scheduledPrincipalDays(input.disbursedOn, input.installments, asOf),
      lastAccruedOn: yesterday,
    };
  } else {
    // A loan that missed days (not active then) resumes today without back-charging them.
    state = { ...input.state, lastAccruedOn: yesterday };
  }
  const facts = dayFactsFor({ date: asOf, graceDays: terms.graceDays, installments: input.installments });
  const step = accrueDay(state, facts, terms, input.capRate);

  const byKind = (kind: AccrualLine['kind']) =>
    step.day.lines.filter((l) => l.kind === kind).reduce((s, l) => s + l.amountFen, 0);
  const overdue = input.installments.filter((i) => compareDates(i.dueOn, asOf) < 0);
  const penaltyShares = distributeToInstallments(
    fen(byKind('penalty')),
    overdue.map((i) => ({ seq: i.seq, weightFen: fen(i.principalDueFen - i.principalPaidFen) })),
  );
  const compoundShares = distributeToInstallments(
    fen(byKind('compound')),
    overdue.map((i) => ({ seq: i.seq, weightFen: fen(i.interestDueFen - i.interestPaidFen) })),
  );
  const accruals = new Map<number, InstallmentAccrual>();
  const entry = (seq: number) => {
    let a = accruals.get(seq);
    if (!a) {
      a = { seq, penaltyFen: fen(0), compoundFen: fen(0), lateFeeFen: fen(0) };
      accruals.set(seq, a);
    }
    return a;
  };
  for (const s of penaltyShares) if (s.amountFen > 0) entry(s.seq).penaltyFen = s.amountFen;
  for (const s of compoundShares) if (s.amountFen > 0) entry(s.seq).compoundFen = s.amountFen;
  for (const l of step.day.lines) {
    if (l.kind === 'late_fee' && l.installmentSeq !== null && l.amountFen > 0) {
      const a = entry(l.installmentSeq);
      a.lateFeeFen = fen(a.lateFeeFen + l.amountFen);
    }
  }

  // The late fee is a fee due on its installment: delinquency counts it from today on.
  const after = input.installments.map((i) => {
    const a = accruals.get(i.seq);
    return a ? { ...i, feeDueFen: fen(i.feeDueFen + a.lateFeeFen) } : i;
  });
  const delinquency = loanDelinquency({
    asOf,
    graceDays: terms.graceDays,
    installments: after,
    ...(input.buckets ? { buckets: input.buckets } : { buckets: DEFAULT_BUCKETS }),
  });
  let overduePenalty = 0;
  for (const i of input.installments) {
    const a = accruals.get(i.seq);
    overduePenalty += i.penaltyDueFen - i.penaltyPaidFen + i.compoundDueFen - i.compoundPaidFen;
    if (a) overduePenalty += a.penaltyFen + a.compoundFen;
  }
  const paidOff =
    after.every(
      (i) =>
        i.principalPaidFen === i.principalDueFen &&
        i.interestPaidFen === i.interestDueFen &&
        i.feePaidFen === i.feeDueFen,
    ) && overduePenalty === 0;
  const prevDpd = input.previous?.dpd ?? 0;
  const episodes = nextEpisodeCount(prevDpd, delinquency.dpd, input.previous?.episodes ?? 0);
  const worstDpd = Math.max(input.previous?.worstDpd ?? 0, delinquency.dpd);

  let caseAction: CaseAction = { kind: 'none' };
  const stage = stageForBucket(delinquency.bucket);
  if (input.caseOpen) {
    if (paidOff) caseAction = { kind: 'close', reason: 'paid_off' };
    else if (!delinquency.inCollection) caseAction = { kind: 'close', reason: 'cured' };
    else {
      const stageChanged = stage !== input.caseOpen.stage;
      const bucketChanged = delinquency.bucket !== input.caseOpen.bucket;
      caseAction = { kind: 'update', stage, stageChanged, bucketChanged };
    }
  } else if (delinquency.inCollection && !paidOff) {
    caseAction = { kind: 'open', stage };
  }

  return {
    state: step.state,
    lines: step.day.lines,
    capped: step.day.cap.capped,
    installmentAccruals: [...accruals.values()].sort((a, b) => a.seq - b.seq),
    delinquency,
    overduePenaltyFen: fen(overduePenalty),
    episodes,
    worstDpd,
    paidOff,
    caseAction,
  };
}
