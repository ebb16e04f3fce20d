import { describe, expect, it } from 'vitest';
import { DEFAULT_STRATEGY } from './default-strategy.js';
import type { Condition, ConditionLeaf } from './segment-conditions.js';
import { type CoverageSegment, checkSegmentCoverage, factsText } from './segment-coverage.js';

const leaf = (field: ConditionLeaf['field'], op: ConditionLeaf['op'], value: ConditionLeaf['value']) =>
  ({ field, op, value }) as ConditionLeaf;
const seg = (code: string, condition: Condition): CoverageSegment => ({ code, condition });
const all = (...c: Condition[]): Condition => ({ all: c });

const texts = (findings: readonly { factsText: string }[]) => findings.map((f) => f.factsText);

describe('checkSegmentCoverage', () => {
  it('finds the default strategy a partition and tells which stage each segment can be in', () => {
    const c = checkSegmentCoverage(DEFAULT_STRATEGY.segments);
    expect(c.gaps).toEqual([]);
    expect(c.overlaps).toEqual([]);
    expect(c.complete).toBe(true);
    expect(c.reachableStages.map((m) => [...m.keys()])).toEqual([
      ['early'],
      ['early'],
      ['middle'],
      ['late'],
      ['late'],
    ]);
    expect(c.reachableStages[3]!.get('late')!.factsText).toBe('dpd=61, hasCollateral=true');
  });

  it('reports a DPD left out between two bands', () => {
    const c = checkSegmentCoverage([seg('a', leaf('dpd', 'lte', 30)), seg('b', leaf('dpd', 'gte', 32))]);
    expect(texts(c.gaps)).toEqual(['dpd=31']);
    expect(c.overlaps).toEqual([]);
  });

  it('reports a gap that only two facts together describe', () => {
    const c = checkSegmentCoverage([
      seg('m1', leaf('dpd', 'lte', 30)),
      seg('m2-small', all(leaf('dpd', 'gte', 31), leaf('overdueFen', 'lt', 500_000))),
      seg('m2-large', all(leaf('dpd', 'gte', 31), leaf('overdueFen', 'gt', 500_000))),
    ]);
    expect(texts(c.gaps)).toEqual(['dpd=31, overdueFen=500000']);
    expect(c.gaps[0]!.facts).toMatchObject({ dpd: 31, overdueFen: 500_000 });
  });

  it('reports an overlap once per set of segments, naming them and the facts', () => {
    const c = checkSegmentCoverage([
      seg('m1', leaf('dpd', 'lte', 30)),
      seg('m2-small', all(leaf('dpd', 'gte', 31), leaf('overdueFen', 'lt', 500_000))),
      seg('m2-large', all(leaf('dpd', 'gte', 31), leaf('overdueFen', 'gte', 500_000))),
      seg('m2-early-large', all(leaf('dpd', 'between', [31, 40]), leaf('overdueFen', 'gte', 500_000))),
    ]);
    expect(c.gaps).toEqual([]);
    expect(c.overlaps).toHaveLength(1);
    expect(c.overlaps[0]!.factsText).toBe('dpd=31, overdueFen=500000');
    expect(c.overlaps[0]!.segmentIndexes).toEqual([2, 3]);
  });

  it('reports the same segment twice as an overlap everywhere it matches', () => {
    const c = checkSegmentCoverage([seg('a', leaf('dpd', 'gte', 1)), seg('b', leaf('dpd', 'gte', 1))]);
    expect(c.overlaps.map((o) => o.segmentIndexes)).toEqual([[0, 1]]);
  });

  it('covers the whole book with a catch-all and reports no gap', () => {
    const c = checkSegmentCoverage([seg('all', leaf('dpd', 'gte', 1))]);
    expect(c.gaps).toEqual([]);
    expect([...c.reachableStages[0]!.values()].map((f) => f.factsText)).toEqual([
      'dpd=1',
      'dpd=31',
      'dpd=61',
    ]);
  });

  it('knows one DPD value stands for a band that spans stages', () => {
    const c = checkSegmentCoverage([
      seg('short', leaf('dpd', 'lt', 100)),
      seg('long', leaf('dpd', 'gte', 100)),
    ]);
    expect(c.gaps).toEqual([]);
    expect([...c.reachableStages[0]!.values()].map((f) => f.factsText)).toEqual([
      'dpd=1',
      'dpd=31',
      'dpd=61',
    ]);
    expect([...c.reachableStages[1]!.values()].map((f) => f.factsText)).toEqual(['dpd=100']);
  });

  it('limits the stages a segment reaches by the worst DPD it requires', () => {
    const c = checkSegmentCoverage([
      seg('mild', leaf('worstDpdEver', 'lte', 45)),
      seg('severe', leaf('worstDpdEver', 'gt', 45)),
    ]);
    expect(c.gaps).toEqual([]);
    expect([...c.reachableStages[0]!.keys()]).toEqual(['early', 'middle']);
    expect([...c.reachableStages[1]!.keys()]).toEqual(['early', 'middle', 'late']);
  });

  it('reports an empty book region when no segment can ever match', () => {
    const c = checkSegmentCoverage([seg('never', leaf('dpd', 'lt', 1))]);
    expect(texts(c.gaps)).toEqual(['dpd=1']);
  });

  it('follows buckets through DPD: bucket bands partition the book', () => {
    const c = checkSegmentCoverage([
      seg('m1', leaf('bucket', 'eq', 'M1')),
      seg('m2', leaf('bucket', 'eq', 'M2')),
      seg('m3+', leaf('bucket', 'gte', 'M3')),
    ]);
    expect(c.gaps).toEqual([]);
    expect(c.overlaps).toEqual([]);
    expect(c.reachableStages.map((m) => [...m.keys()])).toEqual([['early'], ['middle'], ['late']]);
  });

  it('names the DPD where bucket bands overlap', () => {
    const c = checkSegmentCoverage([
      seg('early', leaf('bucket', 'in', ['M1', 'M2'])),
      seg('later', leaf('bucket', 'gte', 'M2')),
    ]);
    expect(texts(c.overlaps)).toEqual(['dpd=31']);
    expect(c.overlaps[0]!.facts.bucket).toBe('M2');
  });

  it('never reports a stage a bucket cannot have (early is M1)', () => {
    const c = checkSegmentCoverage([
      seg('early', leaf('stage', 'eq', 'early')),
      seg('later', leaf('dpd', 'gte', 31)),
    ]);
    expect(c.gaps).toEqual([]);
    expect(c.overlaps).toEqual([]);
  });

  it('splits late cases by stage: legal cases need their own segment', () => {
    const c = checkSegmentCoverage([
      seg('m1-m2', leaf('dpd', 'lte', 60)),
      seg('late', leaf('stage', 'eq', 'late')),
    ]);
    expect(texts(c.gaps)).toEqual(['dpd=61, stage=legal']);
  });

  it('never reports a worst DPD below the current DPD', () => {
    const c = checkSegmentCoverage([
      seg('clean-history', leaf('worstDpdEver', 'lte', 30)),
      seg('deep', leaf('dpd', 'gte', 31)),
    ]);
    // dpd ≥ 31 with worst ≤ 30 cannot happen, so no overlap; dpd ≤ 30 with worst ≥ 31 can.
    expect(c.overlaps).toEqual([]);
    expect(texts(c.gaps)).toEqual(['dpd=30, worstDpdEver=31']);
  });

  it('keeps outstanding at least the overdue amount', () => {
    const c = checkSegmentCoverage([
      seg('small', leaf('outstandingFen', 'lt', 100_000)),
      seg('big-overdue', leaf('overdueFen', 'gte', 100_000)),
    ]);
    expect(c.overlaps).toEqual([]);
    expect(texts(c.gaps)).toEqual(['overdueFen=99999, outstandingFen=100000']);
  });

  it('treats a missing score as a value of its own', () => {
    const c = checkSegmentCoverage([
      seg('high', leaf('score', 'gte', 600)),
      seg('low', leaf('score', 'lt', 600)),
    ]);
    expect(texts(c.gaps)).toEqual(['score=null']);
  });

  it('checks scores between thresholds that are not whole numbers', () => {
    const c = checkSegmentCoverage([
      seg('low', leaf('score', 'lte', 0.3)),
      seg('high', leaf('score', 'gt', 0.31)),
      seg('none', leaf('score', 'isNull', true)),
    ]);
    // (0.3, 0.31) and 0.31 itself are left out.
    expect(texts(c.gaps)).toEqual(['score=0.305', 'score=0.31']);
  });

  it('tries a text no condition names', () => {
    const ok = checkSegmentCoverage([
      seg('cash', leaf('productCode', 'eq', 'P1')),
      seg('other', leaf('productCode', 'ne', 'P1')),
    ]);
    expect(ok.gaps).toEqual([]);
    const gap = checkSegmentCoverage([
      seg('cash', leaf('productCode', 'eq', 'P1')),
      seg('car', leaf('productCode', 'eq', 'P2')),
    ]);
    expect(texts(gap.gaps)).toEqual(['productCode=(other)']);
  });

  it('tries an enum value no condition names', () => {
    const c = checkSegmentCoverage([
      seg('hardship', leaf('delinquencyReason', 'in', ['temporary-hardship', 'long-term-hardship'])),
      seg('unwilling', leaf('delinquencyReason', 'eq', 'unwilling')),
    ]);
    expect(texts(c.gaps)).toEqual(['delinquencyReason=forgot']);
  });

  it('stops at the node limit and says the check is incomplete', () => {
    const c = checkSegmentCoverage(DEFAULT_STRATEGY.segments, { maxNodes: 3 });
    expect(c.complete).toBe(false);
  });

  it('keeps at most maxFindings gaps', () => {
    const c = checkSegmentCoverage([seg('only-5', leaf('dpd', 'eq', 5))], { maxFindings: 2 });
    expect(c.gaps).toHaveLength(2);
  });

  it('walks a 20-segment strategy (4 DPD bands × 5 amount bands) in few nodes', () => {
    const dpd: [number, number | null][] = [
      [1, 30],
      [31, 60],
      [61, 90],
      [91, null],
    ];
    const fenBands = [0, 100_000, 500_000, 1_000_000, 5_000_000];
    const segments: CoverageSegment[] = [];
    dpd.forEach(([lo, hi], d) => {
      fenBands.forEach((from, f) => {
        const to = fenBands[f + 1];
        const amount: Condition =
          to === undefined ? leaf('overdueFen', 'gte', from) : leaf('overdueFen', 'between', [from, to - 1]);
        const days: Condition = hi === null ? leaf('dpd', 'gte', lo!) : leaf('dpd', 'between', [lo!, hi!]);
        segments.push(seg(`d${d}-f${f}`, all(days, amount)));
      });
    });
    const c = checkSegmentCoverage(segments);
    expect(c.gaps).toEqual([]);
    expect(c.overlaps).toEqual([]);
    expect(c.complete).toBe(true);
    expect(c.nodes).toBeLessThan(500);
  });
});

describe('factsText', () => {
  it('lists fixed facts in field order and leaves the derived bucket out', () => {
    expect(factsText({ overdueFen: 500_000 as never, dpd: 31, bucket: 'M2' })).toBe(
      'dpd=31, overdueFen=500000',
    );
    expect(factsText({ bucket: 'M2' })).toBe('bucket=M2');
    expect(factsText({})).toBe('*');
    expect(factsText({ lastOutcome: null })).toBe('lastOutcome=null');
  });
});
