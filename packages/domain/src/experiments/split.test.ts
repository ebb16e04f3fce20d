import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import {
  aaCheck,
  assignVariant,
  chiSquareGoodnessOfFit,
  type Experiment,
  Experiment as ExperimentSchema,
  experimentArms,
  murmur3Hash32,
  SPLIT_BUCKETS,
  splitBucket,
  validateExperiment,
} from './split.js';

const syntheticIds = (n: number, prefix = 'case-') =>
  Array.from({ length: n }, (_, i) => `${prefix}${i + 1}`);

const halves: Experiment = {
  id: 'exp-m1-sms-first',
  variants: [
    { id: 'champion', shareBps: 5_000 },
    { id: 'challenger', shareBps: 5_000 },
  ],
};
const withHoldout: Experiment = {
  id: 'exp-m2-cadence',
  variants: [
    { id: 'champion', shareBps: 7_000 },
    { id: 'call-early', shareBps: 1_500 },
    { id: 'sms-only', shareBps: 500 },
  ],
  holdoutShareBps: 1_000,
};
const tenWays: Experiment = {
  id: 'exp-ten',
  variants: Array.from({ length: 10 }, (_, i) => ({ id: `v${i}`, shareBps: 1_000 })),
};

describe('murmur3Hash32', () => {
  // Published MurmurHash3 x86_32 vectors: every tail length (0–3 bytes), seeds, multi-byte UTF-8.
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['', 0xffffffff, 0x81f16f39],
    ['\0\0\0\0', 0, 0x2362f9de],
    ['aaaa', 0x9747b28c, 0x5a97808a],
    ['aaa', 0x9747b28c, 0x283e0130],
    ['aa', 0x9747b28c, 0x5d211726],
    ['a', 0x9747b28c, 0x7fa09ea6],
    ['abcd', 0x9747b28c, 0xf0478627],
    ['abc', 0x9747b28c, 0xc84a62dd],
    ['ab', 0x9747b28c, 0x74875592],
    ['Hello, world!', 0x9747b28c, 0x24884cba],
    ['ππππππππ', 0x9747b28c, 0xd58063c1],
    ['The quick brown fox jumps over the lazy dog', 0x9747b28c, 0x2fa826cd],
  ])('hashes %j with seed %i to the reference value', (text, seed, expected) => {
    expect(murmur3Hash32(text, seed)).toBe(expected);
  });

  it('returns an unsigned 32-bit integer for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const h = murmur3Hash32(text);
        return Number.isInteger(h) && h >= 0 && h < 2 ** 32;
      }),
    );
  });
});

describe('splitBucket', () => {
  it('puts every case in a bucket in [0, 10000)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (experimentId, caseId) => {
        const b = splitBucket(experimentId, caseId);
        return Number.isInteger(b) && b >= 0 && b < SPLIT_BUCKETS;
      }),
    );
  });

  it('gives the same bucket on every call (pinned values guard against a changed hash)', () => {
    const pinned = ['case-1', 'case-2', 'L202611280001', '贷款-42'].map((id) => splitBucket('exp-1', id));
    expect(pinned).toEqual(
      ['case-1', 'case-2', 'L202611280001', '贷款-42'].map((id) => splitBucket('exp-1', id)),
    );
    expect(pinned).toEqual([
      Math.floor((murmur3Hash32('exp-1:case-1') * 10_000) / 2 ** 32),
      Math.floor((murmur3Hash32('exp-1:case-2') * 10_000) / 2 ** 32),
      Math.floor((murmur3Hash32('exp-1:L202611280001') * 10_000) / 2 ** 32),
      Math.floor((murmur3Hash32('exp-1:贷款-42') * 10_000) / 2 ** 32),
    ]);
  });
});

describe('assignVariant', () => {
  it('assigns a case to the same variant on every call', () => {
    const first = syntheticIds(2_000).map((id) => assignVariant(withHoldout, id));
    const again = syntheticIds(2_000).map((id) => assignVariant(withHoldout, id));
    expect(again).toEqual(first);
  });

  it('assigns the variant whose bucket range holds the case bucket, holdout last', () => {
    expect(experimentArms(withHoldout)).toEqual([
      { variantId: 'champion', shareBps: 7_000, from: 0, to: 7_000 },
      { variantId: 'call-early', shareBps: 1_500, from: 7_000, to: 8_500 },
      { variantId: 'sms-only', shareBps: 500, from: 8_500, to: 9_000 },
      { variantId: null, shareBps: 1_000, from: 9_000, to: 10_000 },
    ]);
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (caseId) => {
        const { variantId, bucket } = assignVariant(withHoldout, caseId);
        const arm = experimentArms(withHoldout).find((a) => a.variantId === variantId)!;
        return bucket >= arm.from && bucket < arm.to;
      }),
    );
  });

  it('sends the holdout share of cases to no variant (variantId null)', () => {
    const ids = syntheticIds(20_000);
    const held = ids.filter((id) => assignVariant(withHoldout, id).variantId === null).length;
    expect(held / ids.length).toBeGreaterThan(0.09);
    expect(held / ids.length).toBeLessThan(0.11);
  });

  it('keeps every case of the last-listed challenger when its share is raised', () => {
    const before: Experiment = {
      id: 'exp-ramp',
      variants: [
        { id: 'champion', shareBps: 9_000 },
        { id: 'challenger', shareBps: 1_000 },
      ],
    };
    const after: Experiment = {
      id: 'exp-ramp',
      variants: [
        { id: 'champion', shareBps: 8_000 },
        { id: 'challenger', shareBps: 2_000 },
      ],
    };
    for (const id of syntheticIds(5_000)) {
      if (assignVariant(before, id).variantId === 'challenger') {
        expect(assignVariant(after, id).variantId).toBe('challenger');
      }
    }
  });

  it('splits the same cases independently in two experiments', () => {
    const other: Experiment = { ...halves, id: 'exp-other' };
    const ids = syntheticIds(40_000);
    const counts = [0, 0, 0, 0];
    for (const id of ids) {
      const a = assignVariant(halves, id).variantId === 'champion' ? 0 : 1;
      const b = assignVariant(other, id).variantId === 'champion' ? 0 : 1;
      counts[a * 2 + b]!++;
    }
    expect(chiSquareGoodnessOfFit(counts, [10_000, 10_000, 10_000, 10_000]).fits).toBe(true);
  });

  it('refuses settings whose shares do not add up to 10000 with a coded error', () => {
    const broken: Experiment = {
      ...halves,
      variants: [
        { id: 'a', shareBps: 6_000 },
        { id: 'b', shareBps: 3_000 },
      ],
    };
    expect(() => assignVariant(broken, 'case-1')).toThrow(CodedError);
    try {
      assignVariant(broken, 'case-1');
    } catch (e) {
      expect((e as CodedError).code).toBe('EXPERIMENT_INVALID');
      expect((e as CodedError).details?.[0]?.code).toBe('EXPERIMENT_SHARES_NOT_FULL');
    }
  });
});

describe('A/A check over 100,000 synthetic ids', () => {
  const ids = syntheticIds(100_000);

  it.each([
    ['50/50', halves],
    ['70/15/5 with a 10% holdout', withHoldout],
    ['ten equal variants', tenWays],
  ])('finds the %s split unbiased at 99.9%', (_label, experiment) => {
    const result = aaCheck(experiment, ids);
    expect(result.ids).toBe(100_000);
    expect(result.degreesOfFreedom).toBe(result.arms.length - 1);
    expect(result.arms.reduce((s, a) => s + a.observed, 0)).toBe(100_000);
    expect(result.fits).toBe(true);
    expect(result.statistic).toBeLessThanOrEqual(result.criticalValue);
  });

  it('gives identical counts when run twice (stable across calls)', () => {
    expect(aaCheck(withHoldout, ids)).toEqual(aaCheck(withHoldout, ids));
  });

  it('counts each arm within 1.5 percentage points of its share', () => {
    for (const arm of aaCheck(withHoldout, ids).arms) {
      expect(Math.abs(arm.observed - arm.expected) / 100_000).toBeLessThan(0.015);
    }
  });
});

describe('chiSquareGoodnessOfFit', () => {
  it('rejects a one-point bias in 100,000 ids (51,000 vs 49,000)', () => {
    const fit = chiSquareGoodnessOfFit([51_000, 49_000], [50_000, 50_000]);
    expect(fit.statistic).toBeCloseTo(40, 10);
    expect(fit.fits).toBe(false);
    expect(fit.pValue).toBeLessThan(0.001);
  });

  it('accepts counts within chance (50,200 vs 49,800) and reports the 99.9% critical value', () => {
    const fit = chiSquareGoodnessOfFit([50_200, 49_800], [50_000, 50_000]);
    expect(fit.statistic).toBeCloseTo(1.6, 10);
    expect(fit.criticalValue).toBeCloseTo(10.827566170662733, 6);
    expect(fit.fits).toBe(true);
  });

  it('refuses mismatched or empty expectations', () => {
    expect(() => chiSquareGoodnessOfFit([1, 2], [1])).toThrow(RangeError);
    expect(() => chiSquareGoodnessOfFit([1, 2], [0, 3])).toThrow(RangeError);
  });
});

describe('validateExperiment', () => {
  it('accepts a valid experiment, with or without a holdout', () => {
    expect(validateExperiment(halves)).toEqual([]);
    expect(validateExperiment(withHoldout)).toEqual([]);
    expect(
      validateExperiment({ id: 'x', variants: [{ id: 'only', shareBps: 9_000 }], holdoutShareBps: 1_000 }),
    ).toEqual([]);
  });

  it('refuses shares that do not add up to 10000, naming the total in both languages', () => {
    const issues = validateExperiment({ ...withHoldout, holdoutShareBps: 900 });
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({
      path: 'variants',
      code: 'EXPERIMENT_SHARES_NOT_FULL',
      params: { total: 9_900 },
    });
    expect(issues[0]!.message['zh-CN']).toContain('9900');
    expect(issues[0]!.message['en-US']).toContain('9900');
  });

  it('refuses fractional, zero and negative shares with the path of the share', () => {
    const issues = validateExperiment({
      id: 'x',
      variants: [
        { id: 'a', shareBps: 4_999.5 },
        { id: 'b', shareBps: 0 },
      ],
      holdoutShareBps: -1,
    });
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      ['variants[0].shareBps', 'EXPERIMENT_SHARE_INVALID'],
      ['variants[1].shareBps', 'EXPERIMENT_SHARE_INVALID'],
      ['holdoutShareBps', 'EXPERIMENT_SHARE_INVALID'],
    ]);
  });

  it('refuses duplicate variant ids and a single arm', () => {
    expect(
      validateExperiment({
        id: 'x',
        variants: [
          { id: 'a', shareBps: 5_000 },
          { id: 'a', shareBps: 5_000 },
        ],
      }).map((i) => i.code),
    ).toEqual(['EXPERIMENT_VARIANT_DUPLICATE']);
    expect(
      validateExperiment({ id: 'x', variants: [{ id: 'a', shareBps: 10_000 }] }).map((i) => i.code),
    ).toEqual(['EXPERIMENT_TOO_FEW_ARMS']);
  });

  it('refuses ids that are not references', () => {
    expect(
      validateExperiment({
        id: ' spaced id',
        variants: [
          { id: '', shareBps: 5_000 },
          { id: 'b', shareBps: 5_000 },
        ],
      }).map((i) => [i.path, i.code]),
    ).toEqual([
      ['id', 'SOURCE_REF_INVALID'],
      ['variants[0].id', 'SOURCE_REF_INVALID'],
    ]);
  });

  it('has a strict zod schema for the edge', () => {
    expect(ExperimentSchema.safeParse(withHoldout).success).toBe(true);
    expect(ExperimentSchema.safeParse({ ...halves, extra: 1 }).success).toBe(false);
    expect(ExperimentSchema.safeParse({ ...halves, holdoutShareBps: 12.5 }).success).toBe(false);
  });
});
