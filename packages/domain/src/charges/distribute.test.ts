import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fen } from '../money/money.js';
import { distributeToInstallments } from './distribute.js';

describe('distributeToInstallments', () => {
  it('splits a day of penalty by overdue principal and always adds up: 750 over ¥5,000 + ¥5,000 → 375 + 375', () => {
    expect(
      distributeToInstallments(fen(750), [
        { seq: 1, weightFen: fen(500_000) },
        { seq: 2, weightFen: fen(500_000) },
      ]),
    ).toEqual([
      { seq: 1, amountFen: 375 },
      { seq: 2, amountFen: 375 },
    ]);
  });

  it('gives the leftover fen to the largest remainders, ties to the first given (oldest)', () => {
    // 100 over 1:1:1 → 33.33 each: floors 33 + 33 + 33, one fen left → the first.
    const even = [1, 2, 3].map((seq) => ({ seq, weightFen: fen(1) }));
    expect(distributeToInstallments(fen(100), even).map((s) => s.amountFen)).toEqual([34, 33, 33]);
    // 10 over 1:2 → 3.33 and 6.67: the larger remainder (6.67) gets the fen.
    const uneven = [
      { seq: 1, weightFen: fen(1) },
      { seq: 2, weightFen: fen(2) },
    ];
    expect(distributeToInstallments(fen(10), uneven).map((s) => s.amountFen)).toEqual([3, 7]);
  });

  it('refuses to split a positive amount over nothing', () => {
    expect(() => distributeToInstallments(fen(1), [{ seq: 1, weightFen: fen(0) }])).toThrow(RangeError);
    expect(distributeToInstallments(fen(0), [{ seq: 1, weightFen: fen(0) }])).toEqual([
      { seq: 1, amountFen: 0 },
    ]);
  });

  it('adds up exactly, stays within a fen of each exact share, and gives nothing to a zero weight', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100_000_000 }),
        fc.array(fc.integer({ min: 0, max: 100_000_000_000 }), { minLength: 1, maxLength: 12 }),
        (amount, ws) => {
          fc.pre(ws.some((w) => w > 0));
          const weights = ws.map((w, i) => ({ seq: i + 1, weightFen: fen(w) }));
          const shares = distributeToInstallments(fen(amount), weights);
          expect(shares.reduce((s, x) => s + x.amountFen, 0)).toBe(amount);
          const total = ws.reduce((a, b) => a + b, 0);
          for (const [i, s] of shares.entries()) {
            const exact = (amount * ws[i]!) / total;
            expect(Math.abs(s.amountFen - exact)).toBeLessThan(1 + 1e-6);
            if (ws[i] === 0) expect(s.amountFen).toBe(0);
          }
        },
      ),
    );
  });
});
