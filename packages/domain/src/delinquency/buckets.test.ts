import { describe, expect, it } from 'vitest';
import { bucketOf, DEFAULT_BUCKETS, validateBuckets } from './buckets.js';

describe('delinquency buckets', () => {
  it('puts the edges of each default bucket where GLOSSARY.md says', () => {
    expect(bucketOf(0)).toBe('M0');
    expect(bucketOf(1)).toBe('M1');
    expect(bucketOf(30)).toBe('M1');
    expect(bucketOf(31)).toBe('M2');
    expect(bucketOf(180)).toBe('M6');
    expect(bucketOf(181)).toBe('M7+');
    expect(bucketOf(5000)).toBe('M7+');
  });

  it('accepts the defaults and rejects gaps', () => {
    expect(validateBuckets(DEFAULT_BUCKETS)).toBeNull();
    expect(
      validateBuckets([
        { code: 'M0', minDpd: 0, maxDpd: 0 },
        { code: 'M1', minDpd: 2, maxDpd: null },
      ]),
    ).toMatch(/gap/);
  });

  it('refuses a negative DPD', () => {
    expect(() => bucketOf(-1)).toThrow(RangeError);
  });
});
