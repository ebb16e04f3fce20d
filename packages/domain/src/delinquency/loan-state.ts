/**
 * 逾期状态 a loan's delinquency on a date, from its installments: days past due, bucket,
 * overdue and outstanding amounts, and whether it is in collection (入催).
 *
 * Definitions (GLOSSARY.md): DPD = asOf − the earliest due date of an installment not fully
 * paid, 0 when there is none or it is not yet past; an installment is overdue on asOf when
 * its due date is before asOf (on the due date itself it is merely due). A loan enters
 * collection when DPD exceeds the grace days (DPD ≥ 1 with no grace).
 */
import { type BusinessDate, compareDates, daysBetween, isBusinessDate } from '../calendar/business-date.js';
import { type Fen, fen } from '../money/money.js';
import { type BucketDefinition, bucketOf, DEFAULT_BUCKETS } from './buckets.js';

/** 期次状态 what is due and paid on one installment (the installment table's amounts; DemoInstallment fits). */
export interface InstallmentPosition {
  seq: number;
  dueOn: BusinessDate;
  principalDueFen: Fen;
  interestDueFen: Fen;
  feeDueFen: Fen;
  principalPaidFen: Fen;
  interestPaidFen: Fen;
  feePaidFen: Fen;
}

/** A loan's delinquency on a date. */
export interface LoanDelinquency {
  dpd: number; // 逾期天数
  bucket: string; // 逾期阶段 M0…M7+
  overduePrincipalFen: Fen; // unpaid principal of installments due before asOf
  overdueInterestFen: Fen;
  overdueFeesFen: Fen;
  outstandingPrincipalFen: Fen; // all unpaid principal, due or not
  oldestUnpaidDueOn: BusinessDate | null; // earliest due date not fully paid (the next due date of a current loan)
  inCollection: boolean; // 入催: dpd > graceDays
}

/** 逾期状态 DPD, bucket, overdue and outstanding amounts of a loan as of a date. */
export function loanDelinquency(input: {
  asOf: BusinessDate;
  graceDays: number;
  installments: readonly InstallmentPosition[];
  buckets?: readonly BucketDefinition[];
}): LoanDelinquency {
  const { asOf, graceDays, installments } = input;
  if (!isBusinessDate(asOf)) throw new RangeError(`asOf must be a date (YYYY-MM-DD), got ${String(asOf)}`);
  if (!Number.isInteger(graceDays) || graceDays < 0) {
    throw new RangeError(`graceDays must be a non-negative integer, got ${String(graceDays)}`);
  }
  let overduePrincipal = 0;
  let overdueInterest = 0;
  let overdueFees = 0;
  let outstandingPrincipal = 0;
  let oldestUnpaidDueOn: BusinessDate | null = null;
  for (const inst of installments) {
    const unpaid = installmentUnpaid(inst);
    outstandingPrincipal += unpaid.principal;
    // Unpaid penalty does not keep an installment open: DPD follows the contractual amounts.
    if (unpaid.principal + unpaid.interest + unpaid.fee === 0) continue;
    if (oldestUnpaidDueOn === null || compareDates(inst.dueOn, oldestUnpaidDueOn) < 0) {
      oldestUnpaidDueOn = inst.dueOn;
    }
    if (compareDates(inst.dueOn, asOf) < 0) {
      overduePrincipal += unpaid.principal;
      overdueInterest += unpaid.interest;
      overdueFees += unpaid.fee;
    }
  }
  const dpd = oldestUnpaidDueOn === null ? 0 : Math.max(0, daysBetween(oldestUnpaidDueOn, asOf));
  return {
    dpd,
    bucket: bucketOf(dpd, input.buckets ?? DEFAULT_BUCKETS),
    overduePrincipalFen: fen(overduePrincipal),
    overdueInterestFen: fen(overdueInterest),
    overdueFeesFen: fen(overdueFees),
    outstandingPrincipalFen: fen(outstandingPrincipal),
    oldestUnpaidDueOn,
    inCollection: dpd > graceDays,
  };
}

/** The unpaid principal, interest and fee of one installment; throws when paid exceeds due. */
export function installmentUnpaid(inst: InstallmentPosition): { principal: Fen; interest: Fen; fee: Fen } {
  if (!isBusinessDate(inst.dueOn)) {
    throw new RangeError(`installment ${inst.seq}: dueOn is not a date: ${String(inst.dueOn)}`);
  }
  const part = (due: Fen, paid: Fen, name: string): Fen => {
    if (!Number.isSafeInteger(due) || !Number.isSafeInteger(paid) || paid < 0 || paid > due) {
      throw new RangeError(`installment ${inst.seq}: ${name} paid ${paid} is outside 0…${due}`);
    }
    return fen(due - paid);
  };
  return {
    principal: part(inst.principalDueFen, inst.principalPaidFen, 'principal'),
    interest: part(inst.interestDueFen, inst.interestPaidFen, 'interest'),
    fee: part(inst.feeDueFen, inst.feePaidFen, 'fee'),
  };
}

/**
 * 逾期次数 the count of past delinquency episodes after one more day: a new episode starts
 * when DPD goes from 0 to 1 or more (a cure followed by a new default is a new episode).
 */
export function nextEpisodeCount(prevDpd: number, dpd: number, episodes: number): number {
  for (const [name, v] of [
    ['prevDpd', prevDpd],
    ['dpd', dpd],
    ['episodes', episodes],
  ] as const) {
    if (!Number.isInteger(v) || v < 0)
      throw new RangeError(`${name} must be a non-negative integer, got ${v}`);
  }
  return prevDpd === 0 && dpd >= 1 ? episodes + 1 : episodes;
}

/** 逾期次数 the number of delinquency episodes in a day-by-day DPD history (the loan is taken as current before it). */
export function countEpisodes(dpdHistory: readonly number[]): number {
  let episodes = 0;
  let prev = 0; // a loan starts current at disbursement
  for (const dpd of dpdHistory) {
    episodes = nextEpisodeCount(prev, dpd, episodes);
    prev = dpd;
  }
  return episodes;
}
