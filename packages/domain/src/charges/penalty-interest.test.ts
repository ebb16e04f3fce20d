import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../money/money.js';
import { type ChargeTerms, ChargeTermsSchema } from './charge-terms.js';
import {
  basisDays,
  dailyCompoundInterest,
  dailyPenaltyInterest,
  lateFeeFor,
  penaltyAnnualRate,
} from './penalty-interest.js';

const terms: ChargeTerms = ChargeTermsSchema.parse({ annualRate: '0.18' });

describe('dailyPenaltyInterest', () => {
  it('¥10,000.00 overdue at 18% × 1.5 ÷ 360 is ¥7.50 a day, ¥225.00 over 30 days', () => {
    // 1,000,000 fen × 0.18 × 1.5 = 270,000 fen a year; ÷ 360 = 750 fen a day exactly.
    const daily = dailyPenaltyInterest(fen(1_000_000), terms);
    expect(daily).toBe(750);
    expect(daily * 30).toBe(22_500);
    expect(penaltyAnnualRate(terms)).toBe('0.27');
  });

  it('¥1,000.00 overdue is ¥0.75 a day', () => {
    expect(dailyPenaltyInterest(fen(100_000), terms)).toBe(75);
  });

  it('act/365 divides by 365: ¥10,000.00 × 27% ÷ 365 = 739.726… fen → ¥7.40 half-up, ¥7.39 down', () => {
    const t365 = { ...terms, dayCountBasis: 'act/365' as const };
    expect(basisDays('act/365')).toBe(365);
    expect(dailyPenaltyInterest(fen(1_000_000), t365)).toBe(740);
    expect(dailyPenaltyInterest(fen(1_000_000), { ...t365, rounding: 'down' })).toBe(739);
  });

  it('rounds an exact half fen by the product rounding mode: ¥60.00 × 27% ÷ 360 = 4.5 fen', () => {
    // 6,000 × 0.27 ÷ 360 = 1,620 ÷ 360 = 4.5 fen exactly.
    expect(dailyPenaltyInterest(fen(6_000), terms)).toBe(5);
    expect(dailyPenaltyInterest(fen(6_000), { ...terms, rounding: 'half-even' })).toBe(4);
    expect(dailyPenaltyInterest(fen(6_000), { ...terms, rounding: 'down' })).toBe(4);
    expect(dailyPenaltyInterest(fen(6_000), { ...terms, rounding: 'up' })).toBe(5);
  });

  it('charges nothing on nothing overdue and refuses negative or fractional fen', () => {
    expect(dailyPenaltyInterest(fen(0), terms)).toBe(0);
    expect(() => dailyPenaltyInterest(-1 as Fen, terms)).toThrow(RangeError);
    expect(() => dailyPenaltyInterest(1.5 as Fen, terms)).toThrow(RangeError);
  });

  it('is within half a fen of the exact rate and never decreases as the overdue principal grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        (p, extra) => {
          const a = dailyPenaltyInterest(fen(p), terms);
          expect(Math.abs(a - (p * 0.27) / 360)).toBeLessThanOrEqual(0.5 + 1e-6);
          expect(dailyPenaltyInterest(fen(p + extra), terms)).toBeGreaterThanOrEqual(a);
        },
      ),
    );
  });
});

describe('dailyCompoundInterest', () => {
  it('is zero unless the product compounds overdue interest', () => {
    expect(dailyCompoundInterest(fen(50_000), terms)).toBe(0);
  });

  it('charges unpaid interest at the penalty rate: ¥500.00 × 27% ÷ 360 = 37.5 fen → ¥0.38', () => {
    expect(dailyCompoundInterest(fen(50_000), { ...terms, compoundOverdueInterest: true })).toBe(38);
  });
});

describe('lateFeeFor', () => {
  it('charges nothing when the product has no late fee or nothing is overdue', () => {
    expect(lateFeeFor(fen(100_000), terms)).toBe(0);
    const flat: ChargeTerms = { ...terms, lateFee: { kind: 'flat_per_installment', amountFen: fen(2_000) } };
    expect(lateFeeFor(fen(0), flat)).toBe(0);
  });

  it('charges the flat fee whatever the overdue amount', () => {
    const flat: ChargeTerms = { ...terms, lateFee: { kind: 'flat_per_installment', amountFen: fen(2_000) } };
    expect(lateFeeFor(fen(1), flat)).toBe(2_000);
    expect(lateFeeFor(fen(99_999_999), flat)).toBe(2_000);
  });

  it('charges a percentage of the overdue installment, rounded, then clamped to the bounds', () => {
    const pct: ChargeTerms = {
      ...terms,
      lateFee: {
        kind: 'percent_of_overdue_installment',
        rate: '0.05',
        minFen: fen(1_000),
        maxFen: fen(5_000),
      },
    };
    // ¥1,234.56 × 5% = 6,172.8 fen → 6,173 → above the ¥50.00 maximum → ¥50.00
    expect(lateFeeFor(fen(123_456), pct)).toBe(5_000);
    // ¥500.00 × 5% = ¥25.00, inside the bounds
    expect(lateFeeFor(fen(50_000), pct)).toBe(2_500);
    // ¥100.00 × 5% = ¥5.00 → raised to the ¥10.00 minimum
    expect(lateFeeFor(fen(10_000), pct)).toBe(1_000);
    const unbounded: ChargeTerms = {
      ...terms,
      lateFee: { kind: 'percent_of_overdue_installment', rate: '0.05' },
    };
    expect(lateFeeFor(fen(123_456), unbounded)).toBe(6_173);
  });
});
