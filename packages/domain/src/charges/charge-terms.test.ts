import { describe, expect, it } from 'vitest';
import { demoProducts } from '../demo/demo-portfolio.js';
import { ChargeTermsSchema, chargeTermsFromProduct, DEFAULT_CHARGE_TERMS } from './charge-terms.js';

describe('charge terms', () => {
  it('fills every term but the contract rate with the DESIGN.md §5 defaults', () => {
    expect(ChargeTermsSchema.parse({ annualRate: '0.18' })).toEqual({
      annualRate: '0.18',
      penaltyRateMultiplier: '1.5',
      dayCountBasis: 'act/360',
      rounding: 'half-up',
      compoundOverdueInterest: false,
      graceDays: 0,
      lateFee: { kind: 'none' },
      costCap: { kind: 'fixed', annualRate: '0.24' },
    });
    expect(DEFAULT_CHARGE_TERMS.costCap).toEqual({ kind: 'fixed', annualRate: '0.24' });
  });

  it('accepts a percentage late fee with bounds and a 4 × LPR cap', () => {
    const t = ChargeTermsSchema.parse({
      annualRate: '0.15',
      lateFee: { kind: 'percent_of_overdue_installment', rate: '0.05', minFen: 1000, maxFen: 5000 },
      costCap: { kind: 'lpr_multiple', multiple: '4' },
    });
    expect(t.lateFee).toEqual({
      kind: 'percent_of_overdue_installment',
      rate: '0.05',
      minFen: 1000,
      maxFen: 5000,
    });
    expect(t.costCap).toEqual({ kind: 'lpr_multiple', multiple: '4' });
  });

  it('rejects a missing contract rate, percent text, float fen, inverted fee bounds and unknown keys', () => {
    const bad = [
      {},
      { annualRate: '18%' },
      { annualRate: '0.18', lateFee: { kind: 'flat_per_installment', amountFen: 12.5 } },
      { annualRate: '0.18', lateFee: { kind: 'flat_per_installment', amountFen: -1 } },
      {
        annualRate: '0.18',
        lateFee: { kind: 'percent_of_overdue_installment', rate: '0.05', minFen: 6000, maxFen: 5000 },
      },
      { annualRate: '0.18', dayCountBasis: '30/360' },
      { annualRate: '0.18', graceDays: -1 },
      { annualRate: '0.18', penaltyRate: '0.27' },
    ];
    for (const input of bad)
      expect(ChargeTermsSchema.safeParse(input).success, JSON.stringify(input)).toBe(false);
  });

  it('reads a product row: a flat late fee when it has one, its basis and its fixed cap', () => {
    const [cash, consumer] = demoProducts();
    expect(chargeTermsFromProduct(cash!)).toMatchObject({
      annualRate: '0.18',
      graceDays: 3,
      lateFee: { kind: 'none' },
      costCap: { kind: 'fixed', annualRate: '0.24' },
    });
    expect(chargeTermsFromProduct(consumer!)).toMatchObject({
      dayCountBasis: 'act/365',
      lateFee: { kind: 'flat_per_installment', amountFen: 2000 },
    });
  });
});
