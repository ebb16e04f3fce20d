import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../money/money.js';
import { applyCap, capRateFor, costCapFen } from './cost-cap.js';
import { SAMPLE_LPR_TABLE } from './lpr.js';

describe('capRateFor', () => {
  it('uses the fixed rate as is', () => {
    expect(capRateFor({ costCap: { kind: 'fixed', annualRate: '0.24' } }, '2026-01-15')).toBe('0.24');
  });

  it('takes 4 × the one-year LPR in force on the disbursement date, exactly', () => {
    const terms = { costCap: { kind: 'lpr_multiple' as const, multiple: '4' } };
    // 2021-06-01: LPR 3.85% → 15.4%; 2025-06-01: LPR 3.00% → 12%.
    expect(capRateFor(terms, '2021-06-01', SAMPLE_LPR_TABLE)).toBe('0.154');
    expect(capRateFor(terms, '2025-06-01', SAMPLE_LPR_TABLE)).toBe('0.12');
  });

  it('refuses an LPR cap without a table or before the table starts', () => {
    const terms = { costCap: { kind: 'lpr_multiple' as const, multiple: '4' } };
    expect(() => capRateFor(terms, '2025-06-01')).toThrow(RangeError);
    expect(() => capRateFor(terms, '2019-01-01', SAMPLE_LPR_TABLE)).toThrow(RangeError);
  });
});

describe('costCapFen', () => {
  it('allows ¥2,400.00 on ¥10,000.00 outstanding for 365 days at 24%', () => {
    expect(costCapFen('0.24', 1_000_000 * 365)).toBe(240_000);
  });

  it('rounds down: one day of ¥10,000.00 at 24% is 657.53… fen → ¥6.57', () => {
    expect(costCapFen('0.24', 1_000_000)).toBe(657);
    expect(costCapFen('0.24', 1_000_000, 'half-up')).toBe(658);
  });

  it('refuses negative or fractional principal-days', () => {
    expect(() => costCapFen('0.24', -1)).toThrow(RangeError);
    expect(() => costCapFen('0.24', 1.5)).toThrow(RangeError);
  });
});

describe('applyCap', () => {
  it('passes the accruals through untouched while there is room', () => {
    const r = applyCap({
      capFen: fen(10_000),
      chargedSoFarFen: fen(1_000),
      proposed: { penaltyFen: fen(750), compoundFen: fen(38), feeFen: fen(2_000) },
    });
    expect(r).toEqual({
      penaltyFen: 750,
      compoundFen: 38,
      feeFen: 2_000,
      capped: false,
      cutFen: 0,
      roomFen: 9_000,
    });
  });

  it('fills the room with penalty first, then compound, then fees: fees are cut first', () => {
    // Room 10,000 − 9,000 = 1,000: penalty 600 + compound 300 fit, fees get the last 100 of 500.
    const r = applyCap({
      capFen: fen(10_000),
      chargedSoFarFen: fen(9_000),
      proposed: { penaltyFen: fen(600), compoundFen: fen(300), feeFen: fen(500) },
    });
    expect(r).toEqual({
      penaltyFen: 600,
      compoundFen: 300,
      feeFen: 100,
      capped: true,
      cutFen: 400,
      roomFen: 1_000,
    });
  });

  it('allows nothing new once contract interest alone is past the cap, and takes nothing back', () => {
    const r = applyCap({
      capFen: fen(10_000),
      chargedSoFarFen: fen(12_000),
      proposed: { penaltyFen: fen(750), compoundFen: fen(0), feeFen: fen(0) },
    });
    expect(r).toEqual({ penaltyFen: 0, compoundFen: 0, feeFen: 0, capped: true, cutFen: 750, roomFen: 0 });
  });

  it('charges min(room, proposed), never more than proposed, in the fill order', () => {
    const amount = fc.integer({ min: 0, max: 1_000_000 });
    fc.assert(
      fc.property(amount, amount, amount, amount, amount, (cap, charged, p, c, f) => {
        const r = applyCap({
          capFen: fen(cap),
          chargedSoFarFen: fen(charged),
          proposed: { penaltyFen: fen(p), compoundFen: fen(c), feeFen: fen(f) },
        });
        const allowed = r.penaltyFen + r.compoundFen + r.feeFen;
        const room = Math.max(0, cap - charged);
        expect(allowed).toBe(Math.min(room, p + c + f));
        expect(allowed + r.cutFen).toBe(p + c + f);
        expect(r.capped).toBe(r.cutFen > 0);
        if (charged <= cap) expect(charged + allowed).toBeLessThanOrEqual(cap);
        for (const [got, want] of [
          [r.penaltyFen, p],
          [r.compoundFen, c],
          [r.feeFen, f],
        ] as [Fen, number][]) {
          expect(got).toBeGreaterThanOrEqual(0);
          expect(got).toBeLessThanOrEqual(want);
        }
        if (r.compoundFen > 0) expect(r.penaltyFen).toBe(p);
        if (r.feeFen > 0) expect(r.compoundFen).toBe(c);
      }),
    );
  });
});
