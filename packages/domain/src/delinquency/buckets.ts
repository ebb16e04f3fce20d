/**
 * 逾期阶段 delinquency buckets by days past due. Edges are a setting; the default is
 * GLOSSARY.md's M0 current, M1 1–30 … M6 151–180, M7+ over 180.
 */

export interface BucketDefinition {
  code: string; // "M1"
  minDpd: number; // inclusive
  maxDpd: number | null; // inclusive; null = no upper edge
}

export const DEFAULT_BUCKETS: readonly BucketDefinition[] = [
  { code: 'M0', minDpd: 0, maxDpd: 0 },
  { code: 'M1', minDpd: 1, maxDpd: 30 },
  { code: 'M2', minDpd: 31, maxDpd: 60 },
  { code: 'M3', minDpd: 61, maxDpd: 90 },
  { code: 'M4', minDpd: 91, maxDpd: 120 },
  { code: 'M5', minDpd: 121, maxDpd: 150 },
  { code: 'M6', minDpd: 151, maxDpd: 180 },
  { code: 'M7+', minDpd: 181, maxDpd: null },
];

/** The bucket code of a DPD; throws when the definitions leave it uncovered. */
export function bucketOf(dpd: number, buckets: readonly BucketDefinition[] = DEFAULT_BUCKETS): string {
  if (!Number.isInteger(dpd) || dpd < 0) throw new RangeError(`DPD must be a non-negative integer: ${dpd}`);
  const hit = buckets.find((b) => dpd >= b.minDpd && (b.maxDpd === null || dpd <= b.maxDpd));
  if (!hit) throw new RangeError(`No bucket covers DPD ${dpd}`);
  return hit.code;
}

/** Checks that bucket edges start at 0, are contiguous and end open. */
export function validateBuckets(buckets: readonly BucketDefinition[]): string | null {
  if (buckets.length === 0) return 'no buckets';
  if (buckets[0]!.minDpd !== 0) return 'the first bucket must start at DPD 0';
  for (let i = 0; i < buckets.length; i += 1) {
    const b = buckets[i]!;
    const next = buckets[i + 1];
    if (b.maxDpd !== null && b.maxDpd < b.minDpd) return `bucket ${b.code} ends before it starts`;
    if (next && (b.maxDpd === null || next.minDpd !== b.maxDpd + 1)) return `gap or overlap after ${b.code}`;
    if (!next && b.maxDpd !== null) return `the last bucket (${b.code}) must have no upper edge`;
  }
  return null;
}
