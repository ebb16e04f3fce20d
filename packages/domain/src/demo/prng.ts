/**
 * 伪随机数 a seeded pseudo-random generator for demo data: sfc32 seeded through the
 * cyrb128 string hash. Same seed, same sequence, on every platform; not for security.
 */

/** A seeded random stream. All of its state lives inside the object. */
export interface Rng {
  /** The text this stream was seeded from. */
  readonly seed: string;
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One value, with probability proportional to its weight; takes entries or a prepared table. */
  weighted<T>(entries: readonly (readonly [T, number])[] | WeightedTable<T>): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** An independent stream derived from this stream's seed and a label, not from its position. */
  fork(label: string): Rng;
}

/** Weighted entries prepared once (validated, cumulative) for fast repeated draws. */
export interface WeightedTable<T> {
  readonly values: readonly T[];
  readonly cumulative: readonly number[]; // running totals, strictly increasing over positive weights
  readonly total: number;
}

/** 权重表 validates weighted entries and prepares them for binary-search draws. */
export function weightedTable<T>(entries: readonly (readonly [T, number])[]): WeightedTable<T> {
  const values: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [value, w] of entries) {
    if (!Number.isFinite(w) || w < 0) throw new RangeError(`Weights must be finite and ≥ 0, got ${w}`);
    // Zero weights can never be drawn: leaving them out keeps the totals strictly increasing.
    if (w === 0) continue;
    total += w;
    values.push(value);
    cumulative.push(total);
  }
  if (total <= 0) throw new RangeError('A weighted draw needs at least one positive weight');
  return { values, cumulative, total };
}

/** cyrb128: hashes a string to four 32-bit words, enough to seed sfc32 well. */
export function cyrb128(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

// sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state, 32 bits a step.
class Sfc32Rng implements Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: string) {
    [this.a, this.b, this.c, this.d] = cyrb128(seed);
    // The first outputs still echo the seed words: discard a few.
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  private nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.nextUint32() / 4294967296;
  }

  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new RangeError(`int(min, max) needs integers with min ≤ max, got ${min}, ${max}`);
    }
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  weighted<T>(entries: readonly (readonly [T, number])[] | WeightedTable<T>): T {
    const table = 'cumulative' in entries ? entries : weightedTable(entries);
    const x = this.next() * table.total;
    // First cumulative total above x; float residue past the end falls to the last value.
    let lo = 0;
    let hi = table.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((table.cumulative[mid] as number) > x) hi = mid;
      else lo = mid + 1;
    }
    return table.values[lo] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  fork(label: string): Rng {
    // A unit separator keeps ("a", "b/c") and ("a/b", "c") apart.
    return new Sfc32Rng(`${this.seed}\u001f${label}`);
  }
}

/** 随机源 creates a deterministic random stream from any text seed. */
export function createRng(seed: string): Rng {
  return new Sfc32Rng(seed);
}
