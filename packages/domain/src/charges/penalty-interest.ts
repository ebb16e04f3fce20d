/**
 * 罚息 penalty interest, 复利 compound interest and 滞纳金 late fees: the per-day and
 * per-installment amounts, each rounded once to the fen.
 *
 * Source: GLOSSARY.md / DESIGN.md §5 — "penalty interest per day = overdue principal ×
 * contract annual rate × 1.5 / 360; optional compound interest per day = overdue interest ×
 * penalty rate / 360; each day's accrual rounded to the fen (half-up)". The 1.5 and the
 * compounding on unpaid interest follow the PBoC notice on RMB lending rates (银发〔2003〕251号:
 * overdue loans bear a penalty rate of the contract rate plus 30–50%; unpaid interest bears
 * compound interest at the penalty rate).
 */
import { Decimal } from 'decimal.js';
import type { DayCountBasis } from '../demo/demo-types.js';
import { type Fen, fen, type Rate, roundFen, ZERO_FEN } from '../money/money.js';
import type { ChargeTerms } from './charge-terms.js';

/** 计息天数 the days in a year of a day-count basis: 360 for act/360, 365 for act/365. */
export function basisDays(basis: DayCountBasis): 360 | 365 {
  switch (basis) {
    case 'act/360':
      return 360;
    case 'act/365':
      return 365;
  }
}

/** 罚息利率 the annual penalty rate: contract annual rate × penalty multiplier ("0.18" × "1.5" = "0.27"). */
export function penaltyAnnualRate(terms: Pick<ChargeTerms, 'annualRate' | 'penaltyRateMultiplier'>): Rate {
  return new Decimal(terms.annualRate).times(terms.penaltyRateMultiplier).toFixed();
}

/** One day of 罚息 penalty interest: overdue principal × annual rate × multiplier ÷ basis days, rounded. */
export function dailyPenaltyInterest(overduePrincipalFen: Fen, terms: ChargeTerms): Fen {
  return dailyAtPenaltyRate(checkAmount(overduePrincipalFen, 'overduePrincipalFen'), terms);
}

/** One day of 复利 compound interest on unpaid contract interest at the penalty rate; 0 when compounding is off. */
export function dailyCompoundInterest(overdueInterestFen: Fen, terms: ChargeTerms): Fen {
  const base = checkAmount(overdueInterestFen, 'overdueInterestFen');
  return terms.compoundOverdueInterest ? dailyAtPenaltyRate(base, terms) : ZERO_FEN;
}

/**
 * 滞纳金 the late fee of one installment that has just become overdue past grace: flat, or a
 * percentage of its overdue amount clamped to [minFen, maxFen]. No overdue amount, no fee.
 */
export function lateFeeFor(installmentOverdueFen: Fen, terms: ChargeTerms): Fen {
  const base = checkAmount(installmentOverdueFen, 'installmentOverdueFen');
  if (base === 0) return ZERO_FEN;
  const rule = terms.lateFee;
  switch (rule.kind) {
    case 'none':
      return ZERO_FEN;
    case 'flat_per_installment':
      return rule.amountFen;
    case 'percent_of_overdue_installment': {
      let fee: number = roundFen(new Decimal(base).times(rule.rate), terms.rounding);
      if (rule.minFen !== undefined) fee = Math.max(fee, rule.minFen);
      if (rule.maxFen !== undefined) fee = Math.min(fee, rule.maxFen);
      return fen(fee);
    }
  }
}

function dailyAtPenaltyRate(baseFen: Fen, terms: ChargeTerms): Fen {
  if (baseFen === 0) return ZERO_FEN;
  // Multiply first (exact: finite decimals), divide once at the end, so the only inexact
  // step is the division by 360/365 and roundFen sees the value to 20 significant digits.
  const yearly = new Decimal(baseFen).times(terms.annualRate).times(terms.penaltyRateMultiplier);
  return roundFen(yearly.dividedBy(basisDays(terms.dayCountBasis)), terms.rounding);
}

function checkAmount(amount: Fen, name: string): Fen {
  if (!Number.isSafeInteger(amount) || amount < 0) {
    throw new RangeError(`${name} must be a non-negative integer amount of fen, got ${String(amount)}`);
  }
  return amount;
}
