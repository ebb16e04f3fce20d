import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf } from '../delinquency/buckets.js';
import { stageForBucket } from '../delinquency/loan-day.js';
import { type Fen, fen } from '../money/money.js';
import { DEFAULT_STRATEGY, DEFAULT_TEMPLATE_CODES } from './default-strategy.js';
import { assignSegment, planDay } from './planner.js';
import {
  type CaseFacts,
  type CaseStage,
  DELINQUENCY_REASONS,
  evaluateCondition,
  PROMISE_STATUSES,
} from './segment-conditions.js';
import { TEMPLATED_CHANNELS, validateStrategy } from './strategy.js';

const amount = fc.integer({ min: 0, max: 50_000_000 }).map((n) => fen(n) as Fen);

/** Any open case: DPD 1–2000, bucket and stage consistent with it, every other fact random. */
const caseFacts: fc.Arbitrary<CaseFacts> = fc
  .record({
    dpd: fc.integer({ min: 1, max: 2000 }),
    lateStage: fc.constantFrom<CaseStage>('late', 'legal', 'agency', 'write_off'),
    overdueFen: amount,
    extraOutstandingFen: amount,
    principalFen: amount,
    pastEpisodes: fc.integer({ min: 0, max: 20 }),
    extraWorst: fc.integer({ min: 0, max: 500 }),
    delinquencyReason: fc.constantFrom(...DELINQUENCY_REASONS),
    lastOutcome: fc.option(fc.constantFrom('PTP', 'NO_ANSWER', 'REFUSED', 'INVALID_NUMBER'), { nil: null }),
    promiseStatus: fc.constantFrom(...PROMISE_STATUSES),
    score: fc.option(fc.double({ min: 0, max: 1000, noNaN: true }), { nil: null }),
    productCode: fc.constantFrom('P-CASH', 'P-CAR', 'P-AGRI'),
    regionCode: fc.option(fc.constantFrom('110105', '440305', '650102'), { nil: null }),
    province: fc.option(fc.constantFrom('北京', '广东', '新疆'), { nil: null }),
    hasCollateral: fc.boolean(),
    selfContactValid: fc.boolean(),
    validContacts: fc.integer({ min: 0, max: 5 }),
    daysInStage: fc.integer({ min: 0, max: 400 }),
    extraDays: fc.integer({ min: 0, max: 400 }),
  })
  .map((r) => {
    const bucket = bucketOf(r.dpd);
    const collectionStage = stageForBucket(bucket);
    return {
      dpd: r.dpd,
      bucket,
      stage: collectionStage === 'late' ? r.lateStage : collectionStage,
      overdueFen: r.overdueFen,
      principalFen: r.principalFen,
      outstandingFen: fen(r.overdueFen + r.extraOutstandingFen),
      pastEpisodes: r.pastEpisodes,
      worstDpdEver: r.dpd + r.extraWorst,
      delinquencyReason: r.delinquencyReason,
      lastOutcome: r.lastOutcome,
      promiseStatus: r.promiseStatus,
      score: r.score,
      productCode: r.productCode,
      regionCode: r.regionCode,
      province: r.province,
      hasCollateral: r.hasCollateral,
      selfContactValid: r.selfContactValid,
      validContacts: r.validContacts,
      daysInStage: r.daysInStage,
      daysSinceCollectionStart: r.daysInStage + r.extraDays,
    };
  });

describe('DEFAULT_STRATEGY', () => {
  it('passes validation: no gap, no overlap, a plan for every segment and stage', () => {
    expect(validateStrategy(DEFAULT_STRATEGY, { templateCodes: DEFAULT_TEMPLATE_CODES })).toMatchObject({
      ok: true,
    });
  });

  it('puts every random open case in exactly one segment', () => {
    fc.assert(
      fc.property(caseFacts, (facts) => {
        const matching = DEFAULT_STRATEGY.segments.filter((s) => evaluateCondition(s.condition, facts));
        expect(matching).toHaveLength(1);
        expect(assignSegment(DEFAULT_STRATEGY, facts)).toBe(matching[0]!.code);
      }),
      { numRuns: 2000 },
    );
  });

  it('never plans a call on days 1–2 of collection, for any case', () => {
    fc.assert(
      fc.property(caseFacts, fc.integer({ min: 1, max: 2 }), (facts, day) => {
        const early = {
          ...facts,
          dpd: day,
          bucket: 'M1',
          stage: 'early' as const,
          worstDpdEver: Math.max(day, facts.worstDpdEver),
        };
        const segmentCode = assignSegment(DEFAULT_STRATEGY, early)!;
        const businessDate = day === 1 ? '2026-03-02' : '2026-03-03';
        const actions = planDay(DEFAULT_STRATEGY, early, {
          businessDate,
          collectionStartDate: '2026-03-02',
          stageStartDate: '2026-03-02',
          promiseDueDate: '2026-03-04',
          segmentCode,
        });
        expect(actions.some((a) => a.channel === 'call-task')).toBe(false);
        expect(actions.some((a) => a.channel === 'sms')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('names only templates it lists, and every message step names one', () => {
    const named = DEFAULT_STRATEGY.plans.flatMap((p) =>
      p.steps.flatMap((s) => (s.templateCode ? [s.templateCode] : [])),
    );
    expect(new Set(named)).toEqual(new Set(DEFAULT_TEMPLATE_CODES));
    for (const step of DEFAULT_STRATEGY.plans.flatMap((p) => p.steps)) {
      if (TEMPLATED_CHANNELS.includes(step.channel)) expect(step.templateCode).toBeDefined();
    }
  });

  it('has an M1 plan with SMS and push on days 1–2 and calls from day 3, and a promise reminder the day before', () => {
    for (const code of ['m1-first', 'm1-repeat']) {
      const steps = DEFAULT_STRATEGY.plans.find((p) => p.segmentCode === code && p.stage === 'early')!.steps;
      const calls = steps.filter((s) => s.channel === 'call-task' && s.anchor !== 'promise-broken');
      expect(calls.every((s) => s.anchor === 'collection-start' && s.dayOffset >= 2)).toBe(true);
      expect(steps.find((s) => s.anchor === 'promise-broken')).toMatchObject({
        dayOffset: 0,
        channel: 'call-task',
      });
      expect(steps.find((s) => s.anchor === 'promise-due')).toMatchObject({ dayOffset: -1, channel: 'sms' });
    }
  });

  it('is frozen, so no caller can change the shipped default', () => {
    expect(Object.isFrozen(DEFAULT_STRATEGY)).toBe(true);
    expect(Object.isFrozen(DEFAULT_STRATEGY.segments[0]!.condition)).toBe(true);
    expect(Object.isFrozen(DEFAULT_STRATEGY.plans[0]!.steps[0])).toBe(true);
    expect(Object.isFrozen(DEFAULT_TEMPLATE_CODES)).toBe(true);
    expect(() => {
      (DEFAULT_STRATEGY.plans as unknown[]).push({});
    }).toThrow(TypeError);
  });
});
