/**
 * 分群覆盖检查 do a strategy's segments partition the book? Every open case must fall in
 * exactly one segment: a case no segment takes (a gap) would get no plan, a case two take
 * (an overlap) would depend on segment order, which nobody reads.
 *
 * The check works on a grid of representative facts. Each boundary a condition draws on a
 * whole-number field (DPD, amounts in fen, counts) splits its line into regions, and the
 * grid takes one value per region: the boundary value itself (`dpd ≥ 31` gives 30 and 31;
 * `dpd = 5` gives 4, 5 and 6). Scores, which need not be whole, take each named value, the
 * midpoints between them and a value beyond each end. Enum and text fields take every
 * value named plus one named nowhere, booleans both values, nullable fields also null.
 * Within a region every condition answers the same, so the grid stands for the whole book.
 *
 * Rather than listing the grid's product (which explodes), the check walks it as a
 * decision tree: it fixes one field at a time (DPD first) and stops a branch as soon as
 * every segment's answer is known, with three-valued evaluation (true / false / unknown
 * yet). So a 20-segment strategy over DPD and amount bands takes about a hundred nodes;
 * a node limit bounds the pathological cases. A gap or overlap is reported with only the
 * facts fixed on its branch, e.g. "dpd=31, overdueFen=500000": what the author needs.
 *
 * Facts keep their real relations on the grid: bucket follows DPD, stage follows the
 * bucket (M1 early, M2 middle, M3+ late or legal / agency / write-off), and worst DPD ≥
 * DPD, outstanding ≥ overdue, days in collection ≥ days in stage; impossible cases are
 * never reported.
 */
import { bucketOf, DEFAULT_BUCKETS } from '../delinquency/buckets.js';
import { type CollectionStage, stageForBucket } from '../delinquency/loan-day.js';
import {
  type CaseFacts,
  type CaseStage,
  CONDITION_FIELD_NAMES,
  CONDITION_FIELDS,
  type Condition,
  type ConditionField,
  type ConditionLeaf,
  type ConditionScalar,
  conditionFields,
  forEachLeaf,
  leafHolds,
} from './segment-conditions.js';

/** A segment as the check sees it. */
export interface CoverageSegment {
  code: string;
  condition: Condition;
}

/** A region of the book: the facts fixed on its branch (any value of the others). */
export interface CoverageFinding {
  facts: Partial<CaseFacts>;
  factsText: string; // "dpd=31, overdueFen=500000"
  segmentIndexes: number[]; // the segments that match (none for a gap)
}

/** What the check found. */
export interface SegmentCoverage {
  gaps: CoverageFinding[];
  overlaps: CoverageFinding[]; // one per distinct set of overlapping segments
  /** Per segment (by index): the collection stages its cases can be in, each with an example. */
  reachableStages: ReadonlyMap<CollectionStage, CoverageFinding>[];
  complete: boolean; // false when the node limit stopped the walk before the end
  nodes: number;
}

export const DEFAULT_MAX_COVERAGE_NODES = 20_000;
const DEFAULT_MAX_FINDINGS = 10;

/** The sentinel for "a text named by no condition"; conditions never name the empty text. */
const OTHER_TEXT = '';

type Assignment = Partial<Record<ConditionField, ConditionScalar | null>>;
type Tri = 0 | 1 | 2; // false, true, unknown yet

// Facts that bound each other: [lower, upper] with lower ≤ upper in every real case.
const ORDERED_PAIRS: readonly (readonly [ConditionField, ConditionField])[] = [
  ['dpd', 'worstDpdEver'],
  ['overdueFen', 'outstandingFen'],
  ['daysInStage', 'daysSinceCollectionStart'],
];

const COLLECTION_STAGES: readonly CollectionStage[] = ['early', 'middle', 'late'];

/** The DPD range of each collection stage (M1 → 1–30, M2 → 31–60, M3+ → 61 and up). */
const STAGE_DPD: Readonly<Record<CollectionStage, { min: number; max: number }>> = (() => {
  const ranges: Record<CollectionStage, { min: number; max: number }> = {
    early: { min: Infinity, max: -Infinity },
    middle: { min: Infinity, max: -Infinity },
    late: { min: Infinity, max: -Infinity },
  };
  for (const b of DEFAULT_BUCKETS) {
    if (b.minDpd < 1) continue;
    const r = ranges[stageForBucket(b.code)];
    r.min = Math.min(r.min, b.minDpd);
    r.max = Math.max(r.max, b.maxDpd ?? Infinity);
  }
  return Object.freeze(ranges);
})();

/** The stages a case in a bucket can be in. */
function stagesOfBucket(bucket: string): readonly CaseStage[] {
  const s = stageForBucket(bucket);
  return s === 'late' ? ['late', 'legal', 'agency', 'write_off'] : [s];
}

/** Three-valued evaluation over the facts fixed so far. */
function partial(condition: Condition, a: Assignment): Tri {
  if ('all' in condition || 'any' in condition) {
    const isAll = 'all' in condition;
    const list = isAll ? condition.all : condition.any;
    let unknown = false;
    for (const c of list) {
      const r = partial(c, a);
      if (r === 2) unknown = true;
      else if ((r === 1) !== isAll) return r; // all: a false decides; any: a true decides
    }
    return unknown ? 2 : isAll ? 1 : 0;
  }
  if ('not' in condition) {
    const r = partial(condition.not, a);
    return r === 2 ? 2 : r === 1 ? 0 : 1;
  }
  const v = a[condition.field];
  if (v === undefined) return 2;
  return leafHolds(condition, v) ? 1 : 0;
}

/**
 * Where a whole-number leaf splits the number line: the first value of each new region.
 * `dpd ≥ 31` splits at 31, `dpd ≤ 30` at 31, `dpd = 5` at 5 and 6, `between [1, 30]` at 1 and 31.
 */
function splitsOf(op: ConditionLeaf['op'], values: readonly number[], into: Set<number>): void {
  switch (op) {
    case 'gte':
    case 'lt':
      into.add(values[0]!);
      return;
    case 'gt':
    case 'lte':
      into.add(values[0]! + 1);
      return;
    case 'between':
      into.add(values[0]!);
      into.add(values[1]! + 1);
      return;
    case 'isNull':
      return;
    default: // eq, ne, in, notIn: each value is a region of its own
      for (const v of values) {
        into.add(v);
        into.add(v + 1);
      }
  }
}

/** The values each field takes on the grid (stage is narrowed by the bucket when branching). */
function gridValues(segments: readonly CoverageSegment[]): {
  grid: Map<ConditionField, (ConditionScalar | null)[]>;
  splits: Map<ConditionField, number[]>;
} {
  const named = new Map<ConditionField, Set<ConditionScalar>>();
  const splits = new Map<ConditionField, Set<number>>();
  const splitSet = (field: ConditionField) => {
    const set = splits.get(field) ?? new Set<number>();
    splits.set(field, set);
    return set;
  };
  for (const s of segments) {
    forEachLeaf(s.condition, (leaf) => {
      const spec = CONDITION_FIELDS[leaf.field];
      const values = (Array.isArray(leaf.value) ? leaf.value : [leaf.value]) as ConditionScalar[];
      if (spec.integer) {
        splitsOf(leaf.op, values as number[], splitSet(leaf.field));
        return;
      }
      const set = named.get(leaf.field) ?? new Set<ConditionScalar>();
      named.set(leaf.field, set);
      if (leaf.op !== 'isNull') for (const v of values) set.add(v);
      // Bucket and stage follow DPD: their edges split the DPD line.
      if (leaf.field === 'bucket') {
        for (const code of values) {
          const b = DEFAULT_BUCKETS.find((x) => x.code === code);
          if (!b) continue;
          splitSet('dpd').add(b.minDpd);
          if (b.maxDpd !== null) splitSet('dpd').add(b.maxDpd + 1);
        }
      } else if (leaf.field === 'stage') {
        for (const r of Object.values(STAGE_DPD)) splitSet('dpd').add(r.min);
      }
    });
  }
  const grid = new Map<ConditionField, (ConditionScalar | null)[]>();
  for (const [field, set] of splits) {
    // One value per region: the one below the first split, then each split; a value below
    // the least a case can have stands in as that least value.
    const min = CONDITION_FIELDS[field].min ?? Number.NEGATIVE_INFINITY;
    const sorted = [...set].sort((x, y) => x - y);
    const points = [sorted[0]! - 1, ...sorted].map((v) => Math.max(v, min));
    grid.set(field, [...new Set(points)]);
  }
  for (const [field, values] of named) {
    const spec = CONDITION_FIELDS[field];
    let out: (ConditionScalar | null)[];
    switch (spec.type) {
      case 'enum': {
        const other = spec.values.find((v) => !values.has(v));
        out = spec.values.filter((v) => values.has(v) || v === other);
        break;
      }
      case 'text':
        out = [...values, OTHER_TEXT];
        break;
      case 'boolean':
        out = [false, true];
        break;
      default: {
        // Numbers that need not be whole (scores): each named value, the midpoints between
        // neighbours, and a value beyond each end.
        const ts = [...values].filter((v): v is number => typeof v === 'number').sort((x, y) => x - y);
        const points: number[] = ts.length === 0 ? [0] : [ts[0]! - 1];
        ts.forEach((v, i) => {
          const next = ts[i + 1];
          points.push(v, next === undefined ? v + 1 : (v + next) / 2);
        });
        out = [...new Set(points)];
      }
    }
    if (spec.nullable) out.push(null);
    grid.set(field, out);
  }
  const sortedSplits = new Map([...splits].map(([f, set]) => [f, [...set].sort((x, y) => x - y)]));
  return { grid, splits: sortedSplits };
}

/** "dpd=31, overdueFen=500000": the fixed facts in field order (bucket follows DPD, so it is left out). */
export function factsText(facts: Partial<CaseFacts>): string {
  const parts: string[] = [];
  for (const field of CONDITION_FIELD_NAMES) {
    if (field === 'bucket' && facts.dpd !== undefined) continue;
    const v = facts[field];
    if (v === undefined) continue;
    parts.push(`${field}=${v === null ? 'null' : v === OTHER_TEXT ? '(other)' : String(v)}`);
  }
  return parts.length > 0 ? parts.join(', ') : '*';
}

/**
 * 分群覆盖 checks that segments partition the open book: reports gaps, overlaps, and which
 * collection stages each segment's cases can be in (for the plan check). Bounded by a node
 * limit; `complete` is false when the limit was reached.
 */
export function checkSegmentCoverage(
  segments: readonly CoverageSegment[],
  options: { maxNodes?: number; maxFindings?: number } = {},
): SegmentCoverage {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_COVERAGE_NODES;
  const maxFindings = options.maxFindings ?? DEFAULT_MAX_FINDINGS;
  const { grid, splits } = gridValues(segments);
  const fieldsOf = segments.map((s) => conditionFields(s.condition));
  const assign: Assignment = {};
  const gaps: CoverageFinding[] = [];
  const overlaps: CoverageFinding[] = [];
  const overlapKeys = new Set<string>();
  const reachable = segments.map(() => new Map<CollectionStage, CoverageFinding>());
  let nodes = 0;
  let complete = true;

  const finding = (segmentIndexes: number[], extra: Partial<CaseFacts> = {}): CoverageFinding => {
    const facts = { ...(assign as Partial<CaseFacts>), ...extra };
    return { facts, factsText: factsText(facts), segmentIndexes };
  };

  // The collection stages a case can be in given the fixed facts, each with an example
  // DPD. A fixed DPD stands for its whole region between splits, which may span stages.
  const possibleStages = (): [CollectionStage, number][] => {
    if (assign.stage !== undefined) {
      const stage = assign.stage as CaseStage;
      return stage === 'early' || stage === 'middle' || stage === 'late'
        ? [[stage, assign.dpd as number]]
        : [];
    }
    // A fixed whole number stands for its whole region between two splits.
    const region = (field: ConditionField): [number, number] => {
      const v = assign[field] as number;
      let lo = CONDITION_FIELDS[field].min ?? -Infinity;
      for (const split of splits.get(field) ?? []) {
        if (split > v) return [lo, split - 1];
        lo = split;
      }
      return [lo, Infinity];
    };
    let [lo, hi] = assign.dpd === undefined ? [1, Infinity] : region('dpd');
    if (assign.worstDpdEver !== undefined) hi = Math.min(hi, region('worstDpdEver')[1]); // dpd ≤ worst
    const out: [CollectionStage, number][] = [];
    for (const stage of COLLECTION_STAGES) {
      const from = Math.max(lo, STAGE_DPD[stage].min);
      if (from <= Math.min(hi, STAGE_DPD[stage].max)) out.push([stage, from]);
    }
    return out;
  };

  const recordReach = (segment: number) => {
    const seen = reachable[segment]!;
    for (const [stage, dpd] of possibleStages()) {
      if (!seen.has(stage)) seen.set(stage, finding([segment], { dpd, bucket: bucketOf(dpd) }));
    }
  };

  // The next field to fix: the first (in field order) that an undecided segment tests.
  const nextField = (undecided: readonly number[]): ConditionField | null => {
    let best = -1;
    for (const i of undecided) {
      for (const f of fieldsOf[i]!) {
        // Bucket and stage are fixed through DPD first; bucket never on its own.
        const field: ConditionField =
          f === 'bucket' || (f === 'stage' && assign.dpd === undefined) ? 'dpd' : f;
        if (assign[field] !== undefined) continue;
        const at = CONDITION_FIELD_NAMES.indexOf(field);
        if (best < 0 || at < best) best = at;
        break; // fieldsOf is in field order: the first unfixed one is this segment's best
      }
    }
    return best < 0 ? null : CONDITION_FIELD_NAMES[best]!;
  };

  const valuesToTry = (field: ConditionField): readonly (ConditionScalar | null)[] => {
    let values = grid.get(field) ?? [];
    if (field === 'stage') {
      const options = stagesOfBucket(bucketOf(assign.dpd as number));
      const other = options.find((s) => !values.includes(s));
      values = options.filter((s) => values.includes(s) || s === other);
    }
    for (const [lower, upper] of ORDERED_PAIRS) {
      // Keep the pair ordered; the other's own value stands for the region that contains it.
      if (field === lower && assign[upper] !== undefined) {
        const u = assign[upper] as number;
        values = [...values.filter((v) => (v as number) <= u), u];
      } else if (field === upper && assign[lower] !== undefined) {
        const l = assign[lower] as number;
        values = [...values.filter((v) => (v as number) >= l), l];
      }
    }
    return [...new Set(values)];
  };

  const visit = (decidedTrue: readonly number[], undecided: readonly number[]): void => {
    nodes += 1;
    if (nodes > maxNodes) {
      complete = false;
      return;
    }
    const yes = [...decidedTrue];
    const open: number[] = [];
    for (const i of undecided) {
      const r = partial(segments[i]!.condition, assign);
      if (r === 1) yes.push(i);
      else if (r === 2) open.push(i);
    }
    if (yes.length >= 2) {
      yes.sort((x, y) => x - y);
      const key = yes.join(',');
      if (!overlapKeys.has(key) && overlaps.length < maxFindings) {
        overlapKeys.add(key);
        overlaps.push(finding(yes));
      }
      return;
    }
    if (yes.length === 0 && open.length === 0) {
      if (gaps.length < maxFindings) gaps.push(finding([]));
      return;
    }
    if (open.length === 0) {
      recordReach(yes[0]!);
      return;
    }
    const field = nextField(open);
    if (field === null) return; // cannot happen: an undecided segment tests an unfixed field
    for (const value of valuesToTry(field)) {
      assign[field] = value;
      if (field === 'dpd') assign.bucket = bucketOf(value as number);
      visit(yes, open);
      delete assign[field];
      if (field === 'dpd') delete assign.bucket;
      if (!complete) return;
    }
  };

  visit(
    [],
    segments.map((_, i) => i),
  );
  return { gaps, overlaps, reachableStages: reachable, complete, nodes };
}
