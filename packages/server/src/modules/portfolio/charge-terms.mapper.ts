/**
 * The charge terms of a product row (snake_case columns, as repositories return them) with
 * the loan's own contract rate: one mapping for the daily run and the charge explanation.
 */
import { type ChargeTerms, ChargeTermsSchema } from '@huikuan/domain';

/** The product and loan columns that make up charge terms. */
export interface ProductChargeRow {
  annual_rate: string;
  penalty_rate_multiplier: string;
  day_count_basis: string;
  rounding: string;
  compound_overdue_interest: boolean;
  grace_days: number;
  late_fee_kind: string;
  late_fee_fen: number;
  late_fee_rate: string | null;
  late_fee_min_fen: number | null;
  late_fee_max_fen: number | null;
  cost_cap_kind: string;
  cost_cap_annual: string;
  cost_cap_lpr_multiple: string | null;
}

/** A rate as the domain writes it: "0.180000" (numeric(10,6) from PostgreSQL) → "0.18". */
function canonicalRate(text: string): string {
  const m = /^(\d+)(?:\.(\d*?))?0*$/.exec(text);
  if (!m) return text;
  return m[2] ? `${m[1]}.${m[2]}` : m[1]!;
}

/** The charge terms of a product row, with the loan's own contract rate. */
export function chargeTermsOfRow(row: ProductChargeRow): ChargeTerms {
  const lateFee =
    row.late_fee_kind === 'flat_per_installment'
      ? { kind: 'flat_per_installment' as const, amountFen: row.late_fee_fen }
      : row.late_fee_kind === 'percent_of_overdue_installment'
        ? {
            kind: 'percent_of_overdue_installment' as const,
            rate: canonicalRate(row.late_fee_rate ?? '0'),
            ...(row.late_fee_min_fen !== null ? { minFen: row.late_fee_min_fen } : {}),
            ...(row.late_fee_max_fen !== null ? { maxFen: row.late_fee_max_fen } : {}),
          }
        : { kind: 'none' as const };
  return ChargeTermsSchema.parse({
    annualRate: canonicalRate(row.annual_rate),
    penaltyRateMultiplier: canonicalRate(row.penalty_rate_multiplier),
    dayCountBasis: row.day_count_basis,
    rounding: row.rounding,
    compoundOverdueInterest: row.compound_overdue_interest,
    graceDays: row.grace_days,
    lateFee,
    costCap:
      row.cost_cap_kind === 'lpr_multiple'
        ? { kind: 'lpr_multiple', multiple: canonicalRate(row.cost_cap_lpr_multiple ?? '4') }
        : { kind: 'fixed', annualRate: canonicalRate(row.cost_cap_annual) },
  });
}
