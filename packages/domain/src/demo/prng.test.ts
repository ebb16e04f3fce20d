import { describe, expect, it } from 'vitest';
import { createRng, cyrb128, weightedTable } from './prng.js';

const draws = (seed: string, n: number) => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng.next());
};

describe('seeded random streams', () => {
  it('the same seed gives the same sequence', () => {
    expect(draws('huikuan', 50)).toEqual(draws('huikuan', 50));
  });

  it('different seeds give different sequences', () => {
    expect(draws('huikuan', 10)).not.toEqual(draws('huikuan2', 10));
    expect(draws('', 10)).not.toEqual(draws(' ', 10));
  });

  it('hashes a seed to four unsigned 32-bit words', () => {
    for (const word of cyrb128('回款')) {
      expect(Number.isInteger(word)).toBe(true);
      expect(word).toBeGreaterThanOrEqual(0);
      expect(word).toBeLessThan(2 ** 32);
    }
  });

  it('next() stays in [0, 1) and is roughly uniform', () => {
    const xs = draws('uniform', 20_000);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
    const deciles = new Array(10).fill(0);
    for (const x of xs) deciles[Math.floor(x * 10)] += 1;
    for (const d of deciles) expect(Math.abs(d - 2_000)).toBeLessThan(200);
  });

  it('int(min, max) covers both ends and nothing outside', () => {
    const rng = createRng('ints');
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) seen.add(rng.int(-2, 3));
    expect([...seen].sort((a, b) => a - b)).toEqual([-2, -1, 0, 1, 2, 3]);
    expect(rng.int(7, 7)).toBe(7);
    expect(() => rng.int(3, 2)).toThrow(RangeError);
    expect(() => rng.int(0, 1.5)).toThrow(RangeError);
  });

  it('pick() returns members only and refuses an empty array', () => {
    const rng = createRng('pick');
    const items = ['甲', '乙', '丙'] as const;
    for (let i = 0; i < 100; i++) expect(items).toContain(rng.pick(items));
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('weighted() follows the weights and never draws a zero weight', () => {
    const rng = createRng('weights');
    const counts = { a: 0, b: 0, c: 0 };
    const entries = [
      ['a', 0.7],
      ['b', 0.3],
      ['c', 0],
    ] as const;
    for (let i = 0; i < 10_000; i++) counts[rng.weighted(entries)] += 1;
    expect(counts.c).toBe(0);
    expect(counts.a / 10_000).toBeGreaterThan(0.67);
    expect(counts.a / 10_000).toBeLessThan(0.73);
  });

  it('a prepared weighted table draws exactly as the raw entries do', () => {
    const entries = [
      ['x', 1],
      ['y', 2],
      ['z', 3],
    ] as const;
    const table = weightedTable(entries);
    const a = createRng('same');
    const b = createRng('same');
    for (let i = 0; i < 500; i++) expect(a.weighted(table)).toBe(b.weighted(entries));
  });

  it('weighted() refuses negative, non-finite or all-zero weights', () => {
    const rng = createRng('bad');
    expect(() => rng.weighted([['a', -1]])).toThrow(RangeError);
    expect(() => rng.weighted([['a', Number.NaN]])).toThrow(RangeError);
    expect(() => rng.weighted([['a', 0]])).toThrow(RangeError);
    expect(() => rng.weighted([])).toThrow(RangeError);
  });

  it('chance(p) is true about p of the time', () => {
    const rng = createRng('chance');
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (rng.chance(0.2)) hits += 1;
    expect(hits / 10_000).toBeGreaterThan(0.18);
    expect(hits / 10_000).toBeLessThan(0.22);
    expect(rng.chance(0)).toBe(false);
    expect(rng.chance(1)).toBe(true);
  });

  it('a fork depends on the seed and label only, not on draws made before it', () => {
    const fresh = createRng('root');
    const used = createRng('root');
    for (let i = 0; i < 10; i++) used.next();
    expect(fresh.fork('names').next()).toBe(used.fork('names').next());
    expect(fresh.fork('names').next()).not.toBe(fresh.fork('phones').next());
  });

  it('a fork does not disturb its parent stream', () => {
    const a = createRng('parent');
    const b = createRng('parent');
    a.fork('child').next();
    expect(a.next()).toBe(b.next());
  });

  it('fork labels are not confused by the separator position', () => {
    expect(createRng('a').fork('b/c').next()).not.toBe(createRng('a/b').fork('c').next());
  });
});
