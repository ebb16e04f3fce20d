/**
 * 还款计划 repayment schedules: how a loan's principal and contract interest fall due month
 * by month. Rates are decimal strings and every fractional amount goes through roundFen,
 * so a schedule is exact and reproducible; the principal always sums to the loan's principal.
 */
import { Decimal } from 'decimal.js';
import { addMonths, type BusinessDate, isBusinessDate } from '../calendar/business-date.js';
import type { RepaymentMethod } from '../demo/demo-types.js';
import {
  type Fen,
  fen,
  isRate,
  type Rate,
  ROUNDING_MODES,
  type RoundingMode,
  roundFen,
} from '../money/money.js';

export const REPAYMENT_METHODS: readonly RepaymentMethod[] = [
  'equal_installment',
  'equal_principal',
  'interest_first',
  'bullet',
];

/** Longest term a schedule may have: 30 years of monthly installments. */
export const MAX_TERM_MONTHS = 360;

export interface ScheduleAmountsInput {
  principalFen: Fen;
  annualRate: Rate; // contract annual rate as a decimal string, e.g. "0.12"
  termMonths: number;
  method: RepaymentMethod;
  rounding: RoundingMode;
}

export interface ScheduleInput extends ScheduleAmountsInput {
  disbursedOn: BusinessDate;
}

/** The amounts of one installment, before due dates are attached. */
export interface InstallmentAmounts {
  principalDueFen: Fen;
  interestDueFen: Fen;
}

/** One scheduled installment. */
export interface ScheduledInstallment extends InstallmentAmounts {
  seq: number; // 1-based
  dueOn: BusinessDate;
}

/** 期供 the rounded monthly payment of an equal-installment (等额本息) loan. */
export function equalInstallmentPayment(
  principalFen: Fen,
  annualRate: Rate,
  termMonths: number,
  rounding: RoundingMode = 'half-up',
): Fen {
  validateAmounts({ principalFen, annualRate, termMonths, method: 'equal_installment', rounding });
  return annuityPayment(principalFen, monthlyRate(annualRate), termMonths, rounding);
}

/** 还款计划金额 the principal and interest of each installment, without due dates. */
export function scheduleAmounts(input: ScheduleAmountsInput): InstallmentAmounts[] {
  validateAmounts(input);
  const { principalFen, termMonths, rounding } = input;
  const rate = monthlyRate(input.annualRate);
  switch (input.method) {
    case 'equal_installment':
      return equalInstallment(principalFen, rate, termMonths, rounding);
    case 'equal_principal':
      return equalPrincipal(principalFen, rate, termMonths, rounding);
    case 'interest_first':
      return interestFirst(principalFen, rate, termMonths, rounding);
    case 'bullet':
      return [
        {
          principalDueFen: principalFen,
          interestDueFen: roundFen(rate.times(principalFen).times(termMonths), rounding),
        },
      ];
  }
}

/**
 * 生成还款计划 the monthly repayment schedule of a loan. Installment `seq` falls due
 * `seq` calendar months after disbursement (clamped to month end); a bullet loan has
 * one installment at term end.
 */
export function buildSchedule(input: ScheduleInput): ScheduledInstallment[] {
  if (!isBusinessDate(input.disbursedOn)) {
    throw new RangeError(`disbursedOn must be a date (YYYY-MM-DD), got ${String(input.disbursedOn)}`);
  }
  const amounts = scheduleAmounts(input);
  const dates = scheduleDueDates(input.disbursedOn, input.termMonths, input.method);
  return amounts.map((a, i) => ({
    seq: i + 1,
    dueOn: dates[i] as BusinessDate,
    principalDueFen: a.principalDueFen,
    interestDueFen: a.interestDueFen,
  }));
}

/** 应还日 the due dates of a schedule: one per calendar month after disbursement, clamped to month end. */
export function scheduleDueDates(
  disbursedOn: BusinessDate,
  termMonths: number,
  method: RepaymentMethod,
): BusinessDate[] {
  // A bullet loan's single installment falls due at term end, not one month in.
  if (method === 'bullet') return [addMonths(disbursedOn, termMonths)];
  // Always count from the disbursement date, never from the previous due date, so that
  // Jan 31 → Feb 28 → Mar 31 rather than drifting to the 28th.
  return Array.from({ length: termMonths }, (_, i) => addMonths(disbursedOn, i + 1));
}

function validateAmounts(input: ScheduleAmountsInput): void {
  const { principalFen, annualRate, termMonths, method, rounding } = input;
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) {
    throw new RangeError(
      `principalFen must be a positive integer amount of fen, got ${String(principalFen)}`,
    );
  }
  if (typeof annualRate !== 'string' || !isRate(annualRate)) {
    throw new RangeError(
      `annualRate must be a non-negative decimal string such as "0.18", got ${String(annualRate)}`,
    );
  }
  if (!Number.isInteger(termMonths) || termMonths < 1 || termMonths > MAX_TERM_MONTHS) {
    throw new RangeError(
      `termMonths must be an integer from 1 to ${MAX_TERM_MONTHS}, got ${String(termMonths)}`,
    );
  }
  if (!REPAYMENT_METHODS.includes(method)) {
    throw new RangeError(`Unknown repayment method: ${String(method)}`);
  }
  if (!ROUNDING_MODES.includes(rounding)) {
    throw new RangeError(`Unknown rounding mode: ${String(rounding)}`);
  }
}

// Monthly rate = annual / 12, as Chinese lenders quote it (not a compounded 12th root).
function monthlyRate(annualRate: Rate): Decimal {
  return new Decimal(annualRate).dividedBy(12);
}

function annuityPayment(principal: number, rate: Decimal, n: number, rounding: RoundingMode): Fen {
  if (rate.isZero()) return roundFen(new Decimal(principal).dividedBy(n), rounding);
  const growth = rate.plus(1).pow(n);
  return roundFen(rate.times(principal).times(growth).dividedBy(growth.minus(1)), rounding);
}

/** 等额本息 equal installment: a constant payment; the last installment clears the balance. */
function equalInstallment(
  principal: Fen,
  rate: Decimal,
  n: number,
  rounding: RoundingMode,
): InstallmentAmounts[] {
  const payment = annuityPayment(principal, rate, n, rounding);
  const out: InstallmentAmounts[] = [];
  let balance = principal as number;
  for (let seq = 1; seq <= n; seq++) {
    const interest = roundFen(rate.times(balance), rounding);
    // Rounding can leave the payment short of a tiny loan's interest or past its balance: clamp.
    const part = seq === n ? balance : Math.min(Math.max(payment - interest, 0), balance);
    balance -= part;
    out.push({ principalDueFen: fen(part), interestDueFen: interest });
  }
  return out;
}

/** 等额本金 equal principal: the same principal each month, interest on the falling balance. */
function equalPrincipal(
  principal: Fen,
  rate: Decimal,
  n: number,
  rounding: RoundingMode,
): InstallmentAmounts[] {
  const part = Math.floor(principal / n);
  const out: InstallmentAmounts[] = [];
  let balance = principal as number;
  for (let seq = 1; seq <= n; seq++) {
    const interest = roundFen(rate.times(balance), rounding);
    // The last installment absorbs the fen left over by the integer division.
    const due = seq === n ? balance : part;
    balance -= due;
    out.push({ principalDueFen: fen(due), interestDueFen: interest });
  }
  return out;
}

/** 先息后本 interest first: monthly interest, all principal with the last installment. */
function interestFirst(
  principal: Fen,
  rate: Decimal,
  n: number,
  rounding: RoundingMode,
): InstallmentAmounts[] {
  const interest = roundFen(rate.times(principal), rounding);
  const out: InstallmentAmounts[] = [];
  for (let seq = 1; seq <= n; seq++) {
    out.push({ principalDueFen: fen(seq === n ? principal : 0), interestDueFen: interest });
  }
  return out;
}
