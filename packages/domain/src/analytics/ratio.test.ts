import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { divideRounded, productOfRatios, ratio } from './ratio.js';

describe('ratio', () => {
  it('keeps the exact fraction and rounds its value half-up', () => {
    // 3,000 of 10,000 → 0.3000
    expect(ratio(3_000, 10_000)).toEqual({ numerator: 3_000, denominator: 10_000, value: '0.3000' });
    // 2 ÷ 3 = 0.66666… → 0.6667; 1 ÷ 8 = 0.125 → 0.13 at two places (half-up, not half-even)
    expect(ratio(2, 3).value).toBe('0.6667');
    expect(ratio(1, 8, 2).value).toBe('0.13');
    expect(ratio(5, 2, 0).value).toBe('3');
    expect(ratio(7, 4).value).toBe('1.7500');
  });

  it('gives null, not NaN, for a zero denominator', () => {
    expect(ratio(0, 0).value).toBeNull();
    expect(ratio(5, 0).value).toBeNull();
    expect(ratio(0, 5).value).toBe('0.0000');
  });

  it('rounds once: a quotient just under a half stays down where 20-digit division would round up', () => {
    // 0.12344999999999999999999 → 0.1234 (decimal.js at 20 digits would give 0.12345000… → 0.1235)
    expect(divideRounded(12344999999999999999999n, 10n ** 23n, 4)).toBe('0.1234');
    expect(divideRounded(-1n, 8n, 2)).toBe('-0.13');
    expect(divideRounded(-1n, 1000n, 2)).toBe('0.00');
  });

  it('refuses a float numerator', () => {
    expect(() => ratio(0.5, 2)).toThrow(RangeError);
  });

  it('rounds to the nearest at the given places (law: |value·d − n| ≤ d/2 in units of the last place)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 2 ** 40 }),
        fc.integer({ min: 1, max: 2 ** 40 }),
        fc.nat({ max: 8 }),
        (n, d, p) => {
          const value = divideRounded(BigInt(n), BigInt(d), p)!;
          const scaled = BigInt(value.replace('.', ''));
          const error = scaled * BigInt(d) - BigInt(n) * 10n ** BigInt(p);
          return 2n * (error < 0n ? -error : error) <= BigInt(d);
        },
      ),
    );
  });

  it('multiplies ratios exactly, even beyond 2^53', () => {
    // 0.4 × 0.7 × 1 = 0.28: (400,000·700,000·500,000) ÷ (1,000,000·1,000,000·500,000)
    const product = productOfRatios([
      ratio(400_000, 1_000_000),
      ratio(700_000, 1_000_000),
      ratio(500_000, 500_000),
    ]);
    expect(product).toEqual({
      numerator: '140000000000000000',
      denominator: '500000000000000000',
      value: '0.2800',
    });
    expect(productOfRatios([ratio(1, 2), ratio(1, 0)]).value).toBeNull();
    expect(productOfRatios([]).value).toBeNull();
  });
});
