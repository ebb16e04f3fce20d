/**
 * 综合年化成本上限 the all-in annualized cost cap.
 *
 * Definition used throughout Huikuan: on any date, everything charged on a loan so far —
 * contract interest due to date + penalty interest + compound interest + late fees — may not
 * exceed
 *
 *     cap = capRate × principalDays ÷ 365,   principalDays (本金·天数) = Σ over each day since
 *                                            disbursement of the principal outstanding that day
 *
 * i.e. simple annual interest at capRate on the principal the borrower actually had, day by
 * day (a ¥10,000.00 loan outstanding for 365 days may cost at most ¥2,400.00 at 24%). The
 * year is 365 days whatever the product's day-count basis: the cap is a statement about a
 * calendar year of borrowing. capRate is a fixed rate (24% by default; the "cash loan" notice
 * 整治办函〔2017〕141号 counts all interest and fees in the 综合资金成本) or a multiple of the
 * one-year LPR at contract formation (4 × LPR: 法释〔2020〕17号 art. 25); for the latter we take
 * the disbursement date as the contract date.
 *
 * The cap is rounded DOWN to the fen so the borrower is never shown a cap above the exact one.
 * It only ever withholds new accruals; nothing already charged is clawed back.
 */
import { Decimal } from 'decimal.js';
import type { BusinessDate } from '../calendar/business-date.js';
import { type Fen, fen, type Rate, type RoundingMode, roundFen } from '../money/money.js';
import type { ChargeTerms } from './charge-terms.js';
import { type LprTable, lprAt } from './lpr.js';

/** Days in the year of the cost cap (a calendar year, whatever the product's day-count basis). */
export const COST_CAP_YEAR_DAYS = 365;

/** 上限利率 the cap rate of a loan: the fixed rate, or multiple × one-year LPR in force on the contract (disbursement) date. */
export function capRateFor(
  terms: Pick<ChargeTerms, 'costCap'>,
  disbursedOn: BusinessDate,
  lprTable?: LprTable,
): Rate {
  const cap = terms.costCap;
  switch (cap.kind) {
    case 'fixed':
      return new Decimal(cap.annualRate).toFixed();
    case 'lpr_multiple':
      if (!lprTable) throw new RangeError('costCap is lpr_multiple but no LPR table was given');
      // 4 × "0.0385" = "0.154": exact decimal arithmetic, no float.
      return new Decimal(cap.multiple).times(lprAt(lprTable, disbursedOn)).toFixed();
  }
}

/** 成本上限金额 the cap on all charges to date: capRate × principalDays ÷ 365, rounded down by default. */
export function costCapFen(capRate: Rate, principalDays: number, rounding: RoundingMode = 'down'): Fen {
  if (!Number.isSafeInteger(principalDays) || principalDays < 0) {
    throw new RangeError(`principalDays must be a non-negative integer (fen × days), got ${principalDays}`);
  }
  return roundFen(new Decimal(principalDays).times(capRate).dividedBy(COST_CAP_YEAR_DAYS), rounding);
}

/** The accruals one day proposes, before the cap. */
export interface ProposedCharges {
  penaltyFen: Fen;
  compoundFen: Fen;
  feeFen: Fen;
}

/** The accruals after the cap, and what the cap withheld. */
export interface CappedCharges extends ProposedCharges {
  capped: boolean; // true when the cap withheld anything
  cutFen: Fen; // proposed total − allowed total
  roomFen: Fen; // what the cap still allowed before these accruals: max(0, cap − charged so far)
}

/**
 * The order in which the room under the cap is filled: penalty first, then compound, then
 * fees — equivalently, fees are cut first and penalty last. Penalty interest is the charge
 * the contract and the PBoC rule provide for; compound interest is interest on interest; a
 * fee is the charge the cost-cap rules aim at first.
 */
export const CAP_FILL_ORDER = [
  'penaltyFen',
  'compoundFen',
  'feeFen',
] as const satisfies readonly (keyof ProposedCharges)[];

/** 成本上限截断 truncates one day's accruals so that charged so far + accruals ≤ cap (filling penalty, compound, then fees). */
export function applyCap(input: {
  capFen: Fen;
  chargedSoFarFen: Fen;
  proposed: ProposedCharges;
}): CappedCharges {
  const { capFen, chargedSoFarFen, proposed } = input;
  for (const [name, v] of Object.entries({ capFen, chargedSoFarFen, ...proposed })) {
    if (!Number.isSafeInteger(v) || v < 0) {
      throw new RangeError(`${name} must be a non-negative integer amount of fen, got ${String(v)}`);
    }
  }
  // Contract interest alone may already exceed the cap: then nothing new is allowed, but
  // nothing charged earlier is taken back either.
  const room = Math.max(0, capFen - chargedSoFarFen);
  let left = room;
  const allowed: ProposedCharges = { penaltyFen: fen(0), compoundFen: fen(0), feeFen: fen(0) };
  for (const key of CAP_FILL_ORDER) {
    const got = Math.min(proposed[key], left);
    left -= got;
    allowed[key] = fen(got);
  }
  const { penaltyFen, compoundFen, feeFen } = allowed;
  const cut = proposed.penaltyFen + proposed.compoundFen + proposed.feeFen - (room - left);
  return { penaltyFen, compoundFen, feeFen, capped: cut > 0, cutFen: fen(cut), roomFen: fen(room) };
}
