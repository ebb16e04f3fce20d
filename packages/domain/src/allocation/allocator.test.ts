import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AllocationRule } from './allocation-rules.js';
import { type AllocationCase, type AllocationCollector, allocate } from './allocator.js';

const TEAM = '00000000-0000-4000-8000-0000000000aa';
const OTHER_TEAM = '00000000-0000-4000-8000-0000000000bb';
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

const collector = (n: number, over: Partial<AllocationCollector> = {}): AllocationCollector => ({
  id: uid(n),
  teamIds: [TEAM],
  capacity: 1000,
  load: 0,
  active: true,
  ...over,
});

const aCase = (n: number, over: Partial<AllocationCase> = {}): AllocationCase => ({
  id: `c${String(n).padStart(5, '0')}`,
  stage: 'early',
  segment: null,
  province: null,
  regionCode: null,
  owedFen: 100_000,
  holderUserId: null,
  kept: false,
  excludedUserIds: [],
  ...over,
});

const rule = (over: Partial<AllocationRule> = {}): AllocationRule => ({
  id: 'r1',
  name: 'all',
  priority: 10,
  enabled: true,
  conditions: {},
  target: { teamIds: [TEAM], userIds: [] },
  method: 'round-robin',
  ...over,
});

const countsOf = (outcomes: ReturnType<typeof allocate>['outcomes']) => {
  const counts = new Map<string, number>();
  for (const o of outcomes) if (o.kind === 'assigned') counts.set(o.userId, (counts.get(o.userId) ?? 0) + 1);
  return counts;
};

describe('rules', () => {
  it('sends each case to the first matching rule by priority: stage, region and amount', () => {
    const rules = [
      rule({
        id: 'big-gd',
        priority: 1,
        conditions: { regionCodePrefixes: ['44'], minOwedFen: 1_000_000 },
        target: { teamIds: [], userIds: [uid(1)] },
      }),
      rule({
        id: 'late',
        priority: 2,
        conditions: { stages: ['late'] },
        target: { teamIds: [], userIds: [uid(2)] },
      }),
      rule({ id: 'rest', priority: 3, target: { teamIds: [], userIds: [uid(3)] } }),
    ];
    const { outcomes } = allocate({
      cases: [
        aCase(1, { regionCode: '440305', owedFen: 2_000_000, stage: 'late' }),
        aCase(2, { regionCode: '440305', owedFen: 999_999, stage: 'late' }),
        aCase(3, { regionCode: '110105', owedFen: 5_000 }),
      ],
      collectors: [collector(1), collector(2), collector(3)],
      rules,
    });
    const by = Object.fromEntries(outcomes.map((o) => [o.caseId, o]));
    expect(by.c00001).toMatchObject({ kind: 'assigned', userId: uid(1), ruleId: 'big-gd' });
    expect(by.c00002).toMatchObject({ kind: 'assigned', userId: uid(2), ruleId: 'late' });
    expect(by.c00003).toMatchObject({ kind: 'assigned', userId: uid(3), ruleId: 'rest' });
  });

  it('leaves a case no rule matches, and skips disabled rules', () => {
    const { outcomes } = allocate({
      cases: [aCase(1, { stage: 'legal' })],
      collectors: [collector(1)],
      rules: [rule({ conditions: { stages: ['early'] } }), rule({ id: 'off', enabled: false })],
    });
    expect(outcomes).toEqual([{ caseId: 'c00001', kind: 'unmatched' }]);
  });

  it('matches segments and provinces, and treats a missing fact as no match', () => {
    const r = rule({ conditions: { segments: ['M1-HIGH'], provinces: ['广东省'] } });
    const { outcomes } = allocate({
      cases: [
        aCase(1, { segment: 'M1-HIGH', province: '广东省' }),
        aCase(2, { segment: null, province: '广东省' }),
        aCase(3, { segment: 'M1-HIGH', province: '湖南省' }),
      ],
      collectors: [collector(1)],
      rules: [r],
    });
    expect(outcomes.map((o) => o.kind)).toEqual(['assigned', 'unmatched', 'unmatched']);
  });
});

describe('methods', () => {
  it('round robin takes turns in id order and continues from the cursor', () => {
    const collectors = [collector(3), collector(1), collector(2)];
    const first = allocate({ cases: [aCase(1), aCase(2)], collectors, rules: [rule()] });
    expect(first.outcomes.map((o) => (o.kind === 'assigned' ? o.userId : null))).toEqual([uid(1), uid(2)]);
    const second = allocate({
      cases: [aCase(3), aCase(4)],
      collectors,
      rules: [rule()],
      roundRobinCursors: first.roundRobinCursors,
    });
    expect(second.outcomes.map((o) => (o.kind === 'assigned' ? o.userId : null))).toEqual([uid(3), uid(1)]);
  });

  it('capacity-weighted fills in proportion to free capacity: 60 free and 30 free share 30 cases 20:10', () => {
    const { outcomes } = allocate({
      cases: Array.from({ length: 30 }, (_, i) => aCase(i)),
      collectors: [collector(1, { capacity: 100, load: 40 }), collector(2, { capacity: 50, load: 20 })],
      rules: [rule({ method: 'capacity-weighted' })],
    });
    const counts = countsOf(outcomes);
    expect(counts.get(uid(1))).toBe(20);
    expect(counts.get(uid(2))).toBe(10);
  });

  it('never fills anyone beyond capacity: the rest stays unallocated', () => {
    const { outcomes } = allocate({
      cases: Array.from({ length: 5 }, (_, i) => aCase(i)),
      collectors: [collector(1, { capacity: 3, load: 1 }), collector(2, { capacity: 2, load: 1 })],
      rules: [rule()],
    });
    expect(countsOf(outcomes)).toEqual(
      new Map([
        [uid(1), 2],
        [uid(2), 1],
      ]),
    );
    expect(outcomes.filter((o) => o.kind === 'no-collector')).toHaveLength(2);
  });
});

describe('holders', () => {
  it('never assigns to a disabled collector', () => {
    const { outcomes } = allocate({
      cases: [aCase(1), aCase(2)],
      collectors: [collector(1, { active: false }), collector(2)],
      rules: [rule()],
    });
    expect([...countsOf(outcomes).keys()]).toEqual([uid(2)]);
  });

  it('keeps a kept case with its active holder (留案), but not with a disabled one', () => {
    const { outcomes } = allocate({
      cases: [aCase(1, { holderUserId: uid(1), kept: true }), aCase(2, { holderUserId: uid(2), kept: true })],
      collectors: [collector(1), collector(2, { active: false }), collector(3)],
      rules: [rule()],
    });
    const by = Object.fromEntries(outcomes.map((o) => [o.caseId, o]));
    expect(by.c00001).toEqual({ caseId: 'c00001', kind: 'kept', userId: uid(1) });
    expect(by.c00002).toMatchObject({ kind: 'assigned', userId: uid(1) }); // first in turn, not the disabled holder
  });

  it('reallocation never goes back to the holder nor to an excluded previous holder', () => {
    const { outcomes } = allocate({
      cases: [aCase(1, { holderUserId: uid(1), excludedUserIds: [uid(2)] })],
      collectors: [collector(1), collector(2), collector(3)],
      rules: [rule()],
    });
    expect(outcomes[0]).toMatchObject({ kind: 'assigned', userId: uid(3) });
    const stuck = allocate({
      cases: [aCase(1, { holderUserId: uid(1), excludedUserIds: [uid(2)] })],
      collectors: [collector(1), collector(2)],
      rules: [rule()],
    });
    expect(stuck.outcomes[0]).toEqual({ caseId: 'c00001', kind: 'no-collector', ruleId: 'r1' });
  });

  it('records the team the rule targeted', () => {
    const { outcomes } = allocate({
      cases: [aCase(1)],
      collectors: [collector(1, { teamIds: [OTHER_TEAM, TEAM] })],
      rules: [rule()],
    });
    expect(outcomes[0]).toMatchObject({ teamId: TEAM });
  });
});

// ---------------------------------------------------------------- properties

const collectorsArb = fc
  .array(
    fc.record({
      capacity: fc.integer({ min: 0, max: 40 }),
      load: fc.integer({ min: 0, max: 40 }),
      active: fc.boolean(),
      team: fc.constantFrom(TEAM, OTHER_TEAM),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((list) =>
    list.map((c, i) =>
      collector(i + 1, { capacity: c.capacity, load: c.load, active: c.active, teamIds: [c.team] }),
    ),
  );

const casesArb = (collectorCount: number) =>
  fc
    .array(
      fc.record({
        owedFen: fc.integer({ min: 0, max: 3 }).map((n) => n * 100_000),
        stage: fc.constantFrom('early' as const, 'middle' as const, 'late' as const),
        holder: fc.option(fc.integer({ min: 1, max: collectorCount }), { nil: null }),
        kept: fc.boolean(),
        excluded: fc.array(fc.integer({ min: 1, max: collectorCount }), { maxLength: 3 }),
      }),
      { maxLength: 60 },
    )
    .map((list) =>
      list.map((c, i) =>
        aCase(i, {
          owedFen: c.owedFen,
          stage: c.stage,
          holderUserId: c.holder === null ? null : uid(c.holder),
          kept: c.kept,
          excludedUserIds: c.excluded.map(uid),
        }),
      ),
    );

const rulesArb = fc.array(
  fc.record({
    method: fc.constantFrom('round-robin' as const, 'capacity-weighted' as const),
    stages: fc.option(fc.subarray(['early', 'middle', 'late'] as const, { minLength: 1 }), {
      nil: undefined,
    }),
    team: fc.constantFrom(TEAM, OTHER_TEAM),
  }),
  { minLength: 1, maxLength: 3 },
);

const scenario = collectorsArb.chain((collectors) =>
  fc.record({
    collectors: fc.constant(collectors),
    cases: casesArb(collectors.length),
    rules: rulesArb.map((list) =>
      list.map((r, i) =>
        rule({
          id: `r${i}`,
          priority: i,
          method: r.method,
          conditions: r.stages ? { stages: [...r.stages] } : {},
          target: { teamIds: [r.team], userIds: [] },
        }),
      ),
    ),
  }),
);

describe('allocator properties', () => {
  it('never assigns to an inactive, excluded or current holder, nor beyond free capacity', () => {
    fc.assert(
      fc.property(scenario, ({ collectors, cases, rules }) => {
        const { outcomes } = allocate({ cases, collectors, rules });
        expect(outcomes).toHaveLength(cases.length);
        const byCase = new Map(cases.map((c) => [c.id, c]));
        const byUser = new Map(collectors.map((c) => [c.id, c]));
        for (const o of outcomes) {
          const c = byCase.get(o.caseId)!;
          if (o.kind === 'kept') {
            expect(c.kept).toBe(true);
            expect(o.userId).toBe(c.holderUserId);
            expect(byUser.get(o.userId)!.active).toBe(true);
          }
          if (o.kind === 'assigned') {
            expect(byUser.get(o.userId)!.active).toBe(true);
            expect(o.userId).not.toBe(c.holderUserId);
            expect(c.excludedUserIds).not.toContain(o.userId);
          }
        }
        for (const [userId, n] of countsOf(outcomes)) {
          const c = byUser.get(userId)!;
          expect(n).toBeLessThanOrEqual(Math.max(0, c.capacity - c.load));
        }
      }),
    );
  });

  it('is deterministic whatever the order of cases and collectors', () => {
    fc.assert(
      fc.property(scenario, fc.integer(), ({ collectors, cases, rules }, seed) => {
        const shuffle = <T>(list: readonly T[]) =>
          [...list]
            .map((x, i) => ({ x, k: Math.imul(i + 1, seed | 1) ^ seed }))
            .sort((a, b) => a.k - b.k)
            .map((e) => e.x);
        const a = allocate({ cases, collectors, rules });
        const b = allocate({ cases: shuffle(cases), collectors: shuffle(collectors), rules: shuffle(rules) });
        expect(b).toEqual(a);
      }),
    );
  });

  it('round robin with room for everyone gives each collector within one case of the others', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 100 }), (people, n) => {
        const collectors = Array.from({ length: people }, (_, i) => collector(i + 1));
        const { outcomes } = allocate({
          cases: Array.from({ length: n }, (_, i) => aCase(i)),
          collectors,
          rules: [rule()],
        });
        const counts = collectors.map((c) => countsOf(outcomes).get(c.id) ?? 0);
        expect(counts.reduce((s, x) => s + x, 0)).toBe(n);
        expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('capacity-weighted gives each collector at least their proportional share (lower quota)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 50 }), { minLength: 1, maxLength: 6 }),
        fc.integer({ min: 0, max: 100 }),
        (frees, wanted) => {
          const total = frees.reduce((s, x) => s + x, 0);
          const n = Math.min(wanted, total);
          const collectors = frees.map((free, i) => collector(i + 1, { capacity: free + 5, load: 5 }));
          const { outcomes } = allocate({
            cases: Array.from({ length: n }, (_, i) => aCase(i)),
            collectors,
            rules: [rule({ method: 'capacity-weighted' })],
          });
          const counts = countsOf(outcomes);
          frees.forEach((free, i) => {
            const got = counts.get(uid(i + 1)) ?? 0;
            expect(got).toBeGreaterThanOrEqual(total === 0 ? 0 : Math.floor((n * free) / total));
            expect(got).toBeLessThanOrEqual(free);
          });
        },
      ),
    );
  });
});
