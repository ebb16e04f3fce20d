/**
 * 维度 the keys a KPI can be broken down by: collector (催收员), team (团队), strategy variant
 * (策略变体), product (产品) and region (地区). Each input record carries the keys it belongs to;
 * a record without a key for the dimension falls in the null group (未分配 unassigned).
 */

export type AnalyticsDimension = 'collector' | 'team' | 'variant' | 'product' | 'region';
export const ANALYTICS_DIMENSIONS = ['collector', 'team', 'variant', 'product', 'region'] as const;

/** The dimension keys of one record: { collector: 'u-1', product: 'CASH' }. */
export type DimensionKeys = Partial<Record<AnalyticsDimension, string | null>>;

/** A record that can be grouped. */
export interface Dimensioned {
  dims?: DimensionKeys;
}

/** One group of a breakdown: the key (null = unassigned) and the KPI over its records. */
export interface DimensionGroup<R> {
  key: string | null;
  value: R;
}

const byKey = (a: string | null, b: string | null) =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

function partition<T extends Dimensioned>(records: readonly T[], dimension: AnalyticsDimension) {
  const groups = new Map<string | null, T[]>();
  for (const r of records) {
    const key = r.dims?.[dimension] ?? null;
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

/**
 * The KPI computed over each group of records sharing a key of the dimension, ordered by key
 * with the unassigned group last. Additive KPIs' groups sum to the whole (property-tested).
 */
export function groupByDimension<T extends Dimensioned, R>(
  records: readonly T[],
  dimension: AnalyticsDimension,
  compute: (group: readonly T[]) => R,
): DimensionGroup<R>[] {
  const groups = partition(records, dimension);
  return [...groups.keys()].sort(byKey).map((key) => ({ key, value: compute(groups.get(key)!) }));
}

/**
 * The same for a KPI of several record lists (promises and contact attempts; held cases and
 * attempts): each list is split by its own records' keys, and a group holds every key seen in
 * any list (a list with no record of the key gets an empty list).
 */
export function groupInputsByDimension<I extends Record<string, readonly Dimensioned[]>, R>(
  inputs: I,
  dimension: AnalyticsDimension,
  compute: (group: I) => R,
): DimensionGroup<R>[] {
  const split = Object.entries(inputs).map(([name, list]) => [name, partition(list, dimension)] as const);
  const keys = new Set<string | null>();
  for (const [, groups] of split) for (const key of groups.keys()) keys.add(key);
  return [...keys].sort(byKey).map((key) => {
    const group = Object.fromEntries(
      split.map(([name, groups]) => [name, groups.get(key) ?? []]),
    ) as unknown as I;
    return { key, value: compute(group) };
  });
}
