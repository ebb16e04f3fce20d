/**
 * 计费参数 a product's charge terms: what an overdue loan costs the borrower per day and
 * where the all-in cost stops. Defaults are DESIGN.md §5: penalty = contract rate × 1.5 on
 * overdue principal per day over 360, rounded half-up to the fen; compound interest off;
 * no late fee; all-in annualized cost capped at 24%.
 */
import { z } from 'zod';
import type { DayCountBasis, DemoProduct } from '../demo/demo-types.js';
import { type Fen, fen, isRate, type Rate, type RoundingMode } from '../money/money.js';

/** 滞纳金 late fee rule, charged once per installment when it becomes overdue past grace. */
export type LateFeeRule =
  | { kind: 'none' }
  | { kind: 'flat_per_installment'; amountFen: Fen }
  | { kind: 'percent_of_overdue_installment'; rate: Rate; minFen?: Fen; maxFen?: Fen };

/** 综合年化成本上限 all-in annualized cost cap: a fixed rate, or a multiple of the one-year LPR at contract date. */
export type CostCapRule = { kind: 'fixed'; annualRate: Rate } | { kind: 'lpr_multiple'; multiple: Rate };

/** 计费参数 the charge terms of a product (or of one loan, when it overrides its product). */
export interface ChargeTerms {
  annualRate: Rate; // contract annual interest rate, "0.18"
  penaltyRateMultiplier: Rate; // penalty rate (罚息利率) = annualRate × this, "1.5"
  dayCountBasis: DayCountBasis; // daily rate = annual / 360 or / 365
  rounding: RoundingMode; // how each day's accrual is rounded to the fen
  compoundOverdueInterest: boolean; // 复利: charge penalty-rate interest on unpaid contract interest
  graceDays: number; // 宽限期: days after the due date before collection and the late fee
  lateFee: LateFeeRule;
  costCap: CostCapRule;
}

/** The defaults of every term except the contract rate (DESIGN.md §5). */
export const DEFAULT_CHARGE_TERMS: Readonly<Omit<ChargeTerms, 'annualRate'>> = {
  penaltyRateMultiplier: '1.5',
  dayCountBasis: 'act/360',
  rounding: 'half-up',
  compoundOverdueInterest: false,
  graceDays: 0,
  lateFee: { kind: 'none' },
  costCap: { kind: 'fixed', annualRate: '0.24' },
};

const RateText = z.string().refine(isRate, 'a non-negative decimal rate such as "0.18"');
const FenAmount = z
  .int()
  .min(0)
  .transform((n) => fen(n));

const LateFeeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('flat_per_installment'), amountFen: FenAmount }).strict(),
  z
    .object({
      kind: z.literal('percent_of_overdue_installment'),
      rate: RateText,
      minFen: FenAmount.optional(),
      maxFen: FenAmount.optional(),
    })
    .strict()
    .refine((f) => f.minFen === undefined || f.maxFen === undefined || f.minFen <= f.maxFen, {
      message: 'minFen must not exceed maxFen',
    }),
]);

const CostCapSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), annualRate: RateText }).strict(),
  z.object({ kind: z.literal('lpr_multiple'), multiple: RateText }).strict(),
]);

/** Validates charge terms from configuration; every field but annualRate defaults per DESIGN.md §5. */
export const ChargeTermsSchema = z
  .object({
    annualRate: RateText,
    penaltyRateMultiplier: RateText.default(DEFAULT_CHARGE_TERMS.penaltyRateMultiplier),
    dayCountBasis: z.enum(['act/360', 'act/365']).default(DEFAULT_CHARGE_TERMS.dayCountBasis),
    rounding: z.enum(['half-up', 'half-even', 'down', 'up']).default(DEFAULT_CHARGE_TERMS.rounding),
    compoundOverdueInterest: z.boolean().default(DEFAULT_CHARGE_TERMS.compoundOverdueInterest),
    graceDays: z.int().min(0).max(366).default(DEFAULT_CHARGE_TERMS.graceDays),
    lateFee: LateFeeSchema.default({ kind: 'none' }),
    costCap: CostCapSchema.default({ kind: 'fixed', annualRate: '0.24' }),
  })
  .strict();

// Compile-time check that the schema's output is exactly the ChargeTerms type.
type SchemaOutput = z.output<typeof ChargeTermsSchema>;
const _schemaMatchesType: [SchemaOutput, ChargeTerms] extends [ChargeTerms, SchemaOutput] ? true : never =
  true;
void _schemaMatchesType;

/** The product fields the charge terms are read from (a subset of DemoProduct and of the product table). */
export type ProductChargeFields = Pick<
  DemoProduct,
  | 'annualRate'
  | 'penaltyRateMultiplier'
  | 'dayCountBasis'
  | 'rounding'
  | 'graceDays'
  | 'costCapAnnual'
  | 'lateFeeFen'
>;

/** The charge terms of a product row: a flat late fee when lateFeeFen > 0, a fixed cost cap, no compounding. */
export function chargeTermsFromProduct(product: ProductChargeFields): ChargeTerms {
  return ChargeTermsSchema.parse({
    annualRate: product.annualRate,
    penaltyRateMultiplier: product.penaltyRateMultiplier,
    dayCountBasis: product.dayCountBasis,
    rounding: product.rounding,
    compoundOverdueInterest: false, // the product table has no column for it yet
    graceDays: product.graceDays,
    lateFee:
      product.lateFeeFen > 0
        ? { kind: 'flat_per_installment', amountFen: product.lateFeeFen }
        : { kind: 'none' },
    costCap: { kind: 'fixed', annualRate: product.costCapAnnual },
  });
}
