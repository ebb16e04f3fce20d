import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Fen, fen } from '../money/money.js';
import {
  chiSquareCriticalValue,
  chiSquareSurvival,
  compareCureRates,
  type ExperimentCaseOutcome,
  erfc,
  lnGamma,
  normalCdf,
  twoProportionZTest,
  twoSidedPValue,
  variantResults,
  wilsonInterval,
  Z_95,
} from './stats.js';

// Reference values from SciPy 1.17 (scipy.stats.norm, scipy.stats.chi2, scipy.special.erfc).
describe('normalCdf', () => {
  it.each([
    [0, 0.5],
    [1, 0.8413447460685429],
    [-1, 0.15865525393145707],
    [0.5, 0.6914624612740131],
    [-2.2, 0.013903447513498595],
    [Z_95, 0.975],
    [2.5758293035489004, 0.995],
    [3, 0.9986501019683699],
    [-3, 0.0013498980316300933],
    [5, 0.9999997133484281],
    [-5, 2.866515718791933e-7],
  ])('Φ(%d) matches the reference to 1e-6 (in fact 1e-12)', (z, expected) => {
    expect(Math.abs(normalCdf(z) - expected)).toBeLessThan(1e-12);
  });

  it('is symmetric and increasing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (z, step) => {
          expect(Math.abs(normalCdf(-z) - (1 - normalCdf(z)))).toBeLessThan(1e-14);
          expect(normalCdf(z + step)).toBeGreaterThan(normalCdf(z));
        },
      ),
    );
  });
});

describe('twoSidedPValue', () => {
  it.each([
    [1, 0.31731050786291415],
    [Z_95, 0.05],
    [2.5758293035489004, 0.01],
    [3, 0.0026997960632601866],
  ])('P(|Z| ≥ %d) matches the reference to 1e-12', (z, expected) => {
    expect(Math.abs(twoSidedPValue(z) - expected)).toBeLessThan(1e-12);
  });

  it('keeps relative precision in the far tail (z = 5 and z = 8)', () => {
    expect(twoSidedPValue(5) / 5.733031437583866e-7 - 1).toBeLessThan(1e-9);
    expect(Math.abs(twoSidedPValue(-8) / 1.244192114854348e-15 - 1)).toBeLessThan(1e-9);
  });
});

describe('erfc', () => {
  it.each([
    [0.1, 0.8875370839817152],
    [2, 0.004677734981047266],
    [4, 1.541725790028002e-8],
    [10, 2.0884875837625446e-45],
  ])('erfc(%d) matches the reference to 1e-12 relative', (x, expected) => {
    expect(Math.abs(erfc(x) / expected - 1)).toBeLessThan(1e-12);
  });

  it('joins the series and the continued fraction smoothly at 2.5', () => {
    const below = erfc(2.5 - 1e-12);
    const above = erfc(2.5);
    expect(Math.abs(below / above - 1)).toBeLessThan(1e-10);
  });

  it('satisfies erfc(−x) = 2 − erfc(x)', () => {
    expect(erfc(-1)).toBeCloseTo(2 - erfc(1), 15);
    expect(erfc(0)).toBe(1);
  });
});

describe('chi-square distribution', () => {
  it.each([
    [1, 10.827566170662733],
    [2, 13.815510557964274],
    [3, 16.26623619623813],
    [4, 18.46682695290317],
    [9, 27.877164871256568],
    [10, 29.58829844507442],
    [30, 59.70306430442994],
    [99, 148.23035916510173],
  ])('the 99.9%% critical value for %i degrees of freedom matches the reference', (df, expected) => {
    expect(Math.abs(chiSquareCriticalValue(df, 0.999) - expected)).toBeLessThan(1e-6);
  });

  it.each([
    [1, 0.025347318677468325],
    [2, 0.0820849986238988],
    [3, 0.1717971442967335],
    [4, 0.2872974951836458],
    [9, 0.8343082601934075],
    [10, 0.8911780189141513],
    [30, 0.9999999308468613],
  ])('P(χ² ≥ 5) with %i degrees of freedom matches the reference to 1e-10', (df, expected) => {
    expect(Math.abs(chiSquareSurvival(5, df) - expected)).toBeLessThan(1e-10);
  });

  it('computes ln Γ exactly enough at integers and halves', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 13);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13);
    expect(lnGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
  });
});

describe('wilsonInterval', () => {
  it.each([
    [8, 10, 0.4901624715366418, 0.9433178485456248],
    [81, 263, 0.2552885198782742, 0.36620957698280004],
    [0, 10, 0, 0.2775327998628892],
    [10, 10, 0.7224672001371107, 1],
  ])('gives the 95%% interval of %i/%i', (x, n, lower, upper) => {
    const interval = wilsonInterval(x, n)!;
    expect(interval.lower).toBeCloseTo(lower, 12);
    expect(interval.upper).toBeCloseTo(upper, 12);
  });

  it('has no interval without trials and refuses impossible counts', () => {
    expect(wilsonInterval(0, 0)).toBeNull();
    expect(() => wilsonInterval(3, 2)).toThrow(RangeError);
    expect(() => wilsonInterval(1.5, 2)).toThrow(RangeError);
  });

  it('stays inside [0, 1], holds the observed rate and mirrors at n − x', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (n, f) => {
          const x = Math.floor(f * n);
          const { lower, upper } = wilsonInterval(x, n)!;
          const mirror = wilsonInterval(n - x, n)!;
          expect(lower).toBeGreaterThanOrEqual(0);
          expect(upper).toBeLessThanOrEqual(1);
          expect(lower).toBeLessThanOrEqual(x / n + 1e-12);
          expect(upper).toBeGreaterThanOrEqual(x / n - 1e-12);
          expect(mirror.lower).toBeCloseTo(1 - upper, 12);
        },
      ),
    );
  });
});

describe('twoProportionZTest', () => {
  it('matches the pooled z-test reference: 45/100 vs 30/100', () => {
    const t = twoProportionZTest(45, 100, 30, 100)!;
    expect(t.difference).toBeCloseTo(0.15, 14);
    expect(Math.abs(t.z - 2.1908902300206647)).toBeLessThan(1e-12);
    expect(Math.abs(t.pValue - 0.02845973691631055)).toBeLessThan(1e-12);
  });

  it('matches the pooled z-test reference: 120/1000 vs 150/1000', () => {
    const t = twoProportionZTest(120, 1_000, 150, 1_000)!;
    expect(Math.abs(t.z - -1.963049807622355)).toBeLessThan(1e-12);
    expect(Math.abs(t.pValue - 0.04964038686536878)).toBeLessThan(1e-12);
  });

  it('finds no evidence when both rates are 0 or both are 1', () => {
    expect(twoProportionZTest(0, 50, 0, 70)).toEqual({ difference: 0, z: 0, pValue: 1 });
    expect(twoProportionZTest(50, 50, 70, 70)).toEqual({ difference: 0, z: 0, pValue: 1 });
  });

  it('cannot compare a side without trials', () => {
    expect(twoProportionZTest(0, 0, 5, 10)).toBeNull();
  });

  it('swapping the sides flips z and keeps the p-value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5_000 }),
        fc.integer({ min: 1, max: 5_000 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (nA, nB, fA, fB) => {
          const a = twoProportionZTest(Math.floor(fA * nA), nA, Math.floor(fB * nB), nB)!;
          const b = twoProportionZTest(Math.floor(fB * nB), nB, Math.floor(fA * nA), nA)!;
          expect(b.z).toBeCloseTo(-a.z, 10);
          expect(b.pValue).toBeCloseTo(a.pValue, 12);
          expect(a.pValue).toBeGreaterThanOrEqual(0);
          expect(a.pValue).toBeLessThanOrEqual(1);
        },
      ),
    );
  });
});

const outcome = (
  variantId: string | null,
  cured: boolean,
  recovered: number,
  contacts: number,
): ExperimentCaseOutcome => ({
  variantId,
  cured,
  recoveredFen: fen(recovered),
  contacts,
});

describe('variantResults', () => {
  const outcomes = [
    outcome('champion', true, 124_000, 3),
    outcome('champion', false, 0, 6),
    outcome('champion', true, 50_001, 2),
    outcome('challenger', true, 1, 1),
    outcome('challenger', false, 2, 4),
    outcome(null, false, 0, 0),
  ];

  it('lists every arm in the experiment order, the holdout as null', () => {
    const results = variantResults(['champion', 'challenger', 'sms-only', null], outcomes);
    expect(results.map((r) => [r.variantId, r.cases, r.cured])).toEqual([
      ['champion', 3, 2],
      ['challenger', 2, 1],
      ['sms-only', 0, 0],
      [null, 1, 0],
    ]);
  });

  it('sums recovered fen exactly and rounds the mean per case half-up to the fen', () => {
    const [champion, challenger] = variantResults(['champion', 'challenger', null], outcomes);
    expect(champion!.recoveredFen).toBe(174_001);
    expect(champion!.meanRecoveredFen).toBe(58_000); // 58,000.33… → 58,000
    expect(challenger!.recoveredFen).toBe(3);
    expect(challenger!.meanRecoveredFen).toBe(2); // 1.5 → 2 (half-up)
  });

  it('reports the cure rate with its Wilson interval and the contacts spent', () => {
    const [champion] = variantResults(['champion', 'challenger', null], outcomes);
    expect(champion!.cureRate).toBeCloseTo(2 / 3, 14);
    expect(champion!.cureRateInterval).toEqual(wilsonInterval(2, 3));
    expect(champion!.contacts).toBe(11);
    expect(champion!.contactsPerCase).toBeCloseTo(11 / 3, 14);
  });

  it('gives null rates, not zero, to an arm without cases', () => {
    const empty = variantResults(['champion', 'sms-only'], outcomes.slice(0, 3))[1]!;
    expect(empty).toEqual({
      variantId: 'sms-only',
      cases: 0,
      cured: 0,
      cureRate: null,
      cureRateInterval: null,
      recoveredFen: 0 as Fen,
      meanRecoveredFen: null,
      contacts: 0,
      contactsPerCase: null,
    });
  });

  it('refuses an outcome of an arm that is not in the experiment, and negative contacts', () => {
    expect(() => variantResults(['champion'], [outcome('ghost', true, 1, 1)])).toThrow(RangeError);
    expect(() => variantResults(['champion'], [outcome('champion', true, 1, -1)])).toThrow(RangeError);
  });
});

describe('compareCureRates', () => {
  it('tests the challenger against the champion (difference = challenger − champion)', () => {
    const champion = variantResults(
      ['champion'],
      Array.from({ length: 100 }, (_, i) => outcome('champion', i < 30, 0, 1)),
    )[0]!;
    const challenger = variantResults(
      ['challenger'],
      Array.from({ length: 100 }, (_, i) => outcome('challenger', i < 45, 0, 1)),
    )[0]!;
    const test = compareCureRates(champion, challenger)!;
    expect(test.difference).toBeCloseTo(0.15, 14);
    expect(test.z).toBeCloseTo(2.1908902300206647, 12);
    expect(test.pValue).toBeCloseTo(0.02845973691631055, 12);
  });
});
