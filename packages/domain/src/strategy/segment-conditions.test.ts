import { describe, expect, it } from 'vitest';
import { fen } from '../money/money.js';
import {
  allowedOps,
  type CaseFacts,
  CONDITION_FIELD_NAMES,
  type Condition,
  type ConditionLeaf,
  checkCondition,
  conditionFields,
  describeCondition,
  evaluateCondition,
  SegmentCondition,
} from './segment-conditions.js';

const FACTS: CaseFacts = {
  dpd: 12,
  bucket: 'M1',
  stage: 'early',
  overdueFen: fen(124_000),
  principalFen: fen(1_000_000),
  outstandingFen: fen(800_000),
  pastEpisodes: 1,
  worstDpdEver: 12,
  delinquencyReason: 'forgot',
  lastOutcome: 'NO_ANSWER',
  promiseStatus: 'none',
  score: 612.5,
  productCode: 'P-CASH',
  regionCode: '440305',
  province: '广东',
  hasCollateral: false,
  selfContactValid: true,
  validContacts: 2,
  daysSinceCollectionStart: 11,
  daysInStage: 11,
};

const facts = (over: Partial<CaseFacts> = {}): CaseFacts => ({ ...FACTS, ...over });
const leaf = (field: ConditionLeaf['field'], op: ConditionLeaf['op'], value: ConditionLeaf['value']) =>
  ({ field, op, value }) as ConditionLeaf;

describe('evaluateCondition: every operator on every field type', () => {
  it.each([
    // number
    [leaf('dpd', 'eq', 12), true],
    [leaf('dpd', 'eq', 13), false],
    [leaf('dpd', 'ne', 13), true],
    [leaf('dpd', 'ne', 12), false],
    [leaf('dpd', 'in', [1, 12, 30]), true],
    [leaf('dpd', 'in', [1, 30]), false],
    [leaf('dpd', 'notIn', [1, 30]), true],
    [leaf('dpd', 'notIn', [12]), false],
    [leaf('dpd', 'gt', 11), true],
    [leaf('dpd', 'gt', 12), false],
    [leaf('dpd', 'gte', 12), true],
    [leaf('dpd', 'gte', 13), false],
    [leaf('dpd', 'lt', 13), true],
    [leaf('dpd', 'lt', 12), false],
    [leaf('dpd', 'lte', 12), true],
    [leaf('dpd', 'lte', 11), false],
    [leaf('dpd', 'between', [12, 30]), true],
    [leaf('dpd', 'between', [1, 12]), true],
    [leaf('dpd', 'between', [13, 30]), false],
    // number, not whole, nullable
    [leaf('score', 'gt', 612), true],
    [leaf('score', 'between', [612.5, 700]), true],
    [leaf('score', 'isNull', false), true],
    [leaf('score', 'isNull', true), false],
    // fen
    [leaf('overdueFen', 'gte', 124_000), true],
    [leaf('overdueFen', 'gt', 124_000), false],
    [leaf('overdueFen', 'between', [100_000, 200_000]), true],
    [leaf('overdueFen', 'in', [124_000]), true],
    // enum
    [leaf('delinquencyReason', 'eq', 'forgot'), true],
    [leaf('delinquencyReason', 'ne', 'forgot'), false],
    [leaf('delinquencyReason', 'in', ['unwilling', 'forgot']), true],
    [leaf('delinquencyReason', 'notIn', ['unwilling', 'forgot']), false],
    [leaf('stage', 'eq', 'early'), true],
    // ordered enum (buckets)
    [leaf('bucket', 'gte', 'M1'), true],
    [leaf('bucket', 'gt', 'M1'), false],
    [leaf('bucket', 'lt', 'M3'), true],
    [leaf('bucket', 'lte', 'M0'), false],
    [leaf('bucket', 'between', ['M1', 'M2']), true],
    [leaf('bucket', 'between', ['M3', 'M7+']), false],
    // text
    [leaf('productCode', 'eq', 'P-CASH'), true],
    [leaf('productCode', 'ne', 'P-CASH'), false],
    [leaf('productCode', 'in', ['P-CAR', 'P-CASH']), true],
    [leaf('productCode', 'notIn', ['P-CAR']), true],
    [leaf('lastOutcome', 'isNull', true), false],
    // boolean
    [leaf('hasCollateral', 'eq', false), true],
    [leaf('hasCollateral', 'ne', false), false],
    [leaf('selfContactValid', 'eq', true), true],
  ] as const)('%j → %s', (condition, expected) => {
    expect(SegmentCondition.safeParse(condition).success).toBe(true);
    expect(evaluateCondition(condition, FACTS)).toBe(expected);
  });

  it('a null fact is equal to nothing, fails every ordering and is caught only by isNull', () => {
    const nulls = facts({ score: null, lastOutcome: null });
    expect(evaluateCondition(leaf('score', 'isNull', true), nulls)).toBe(true);
    expect(evaluateCondition(leaf('score', 'gte', 0), nulls)).toBe(false);
    expect(evaluateCondition(leaf('score', 'lt', 0), nulls)).toBe(false);
    expect(evaluateCondition(leaf('score', 'between', [-1e9, 1e9]), nulls)).toBe(false);
    expect(evaluateCondition(leaf('score', 'eq', 0), nulls)).toBe(false);
    expect(evaluateCondition(leaf('score', 'ne', 0), nulls)).toBe(true);
    expect(evaluateCondition(leaf('lastOutcome', 'in', ['PTP']), nulls)).toBe(false);
    expect(evaluateCondition(leaf('lastOutcome', 'notIn', ['PTP']), nulls)).toBe(true);
  });

  it('combines with all, any and not', () => {
    const m1: Condition = { all: [leaf('dpd', 'gte', 1), leaf('dpd', 'lte', 30)] };
    expect(evaluateCondition(m1, facts({ dpd: 1 }))).toBe(true);
    expect(evaluateCondition(m1, facts({ dpd: 30 }))).toBe(true);
    expect(evaluateCondition(m1, facts({ dpd: 31 }))).toBe(false);
    const either: Condition = {
      any: [leaf('hasCollateral', 'eq', true), leaf('overdueFen', 'gte', 500_000)],
    };
    expect(evaluateCondition(either, facts())).toBe(false);
    expect(evaluateCondition(either, facts({ overdueFen: fen(500_000) }))).toBe(true);
    expect(evaluateCondition(either, facts({ hasCollateral: true }))).toBe(true);
    expect(evaluateCondition({ not: either }, facts())).toBe(true);
    expect(evaluateCondition({ not: { not: m1 } }, facts())).toBe(true);
  });
});

describe('allowedOps', () => {
  it('gives each type its operators', () => {
    expect(allowedOps('dpd')).toEqual(['eq', 'ne', 'in', 'notIn', 'gt', 'gte', 'lt', 'lte', 'between']);
    expect(allowedOps('overdueFen')).toEqual(allowedOps('dpd'));
    expect(allowedOps('score')).toContain('isNull');
    expect(allowedOps('stage')).toEqual(['eq', 'ne', 'in', 'notIn']);
    expect(allowedOps('bucket')).toContain('between');
    expect(allowedOps('productCode')).toEqual(['eq', 'ne', 'in', 'notIn']);
    expect(allowedOps('lastOutcome')).toEqual(['eq', 'ne', 'in', 'notIn', 'isNull']);
    expect(allowedOps('hasCollateral')).toEqual(['eq', 'ne']);
  });

  it('covers every fact of CaseFacts', () => {
    expect([...CONDITION_FIELD_NAMES].sort()).toEqual(Object.keys(FACTS).sort());
  });
});

describe('checkCondition / SegmentCondition: refusals name their place', () => {
  const codes = (input: unknown) => checkCondition(input).map((i) => `${i.path.join('.')}:${i.code}`);

  it('accepts a valid nested condition', () => {
    const ok = {
      all: [
        { field: 'dpd', op: 'between', value: [31, 60] },
        {
          any: [
            { field: 'score', op: 'isNull', value: true },
            { not: { field: 'score', op: 'gte', value: 600 } },
          ],
        },
      ],
    };
    expect(checkCondition(ok)).toEqual([]);
  });

  it('refuses an unknown field and lists the known ones', () => {
    const issues = checkCondition({
      all: [
        { field: 'dpd', op: 'gt', value: 1 },
        { field: 'dpdd', op: 'gt', value: 1 },
      ],
    });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toEqual(['all', 1, 'field']);
    expect(issues[0]!.code).toBe('CONDITION_FIELD_UNKNOWN');
    expect(issues[0]!.params.allowed).toContain('worstDpdEver');
  });

  it.each([
    [{ field: 'dpd', op: 'contains', value: 1 }, 'op:CONDITION_OP_NOT_ALLOWED'],
    [{ field: 'stage', op: 'gt', value: 'early' }, 'op:CONDITION_OP_NOT_ALLOWED'],
    [{ field: 'hasCollateral', op: 'in', value: [true] }, 'op:CONDITION_OP_NOT_ALLOWED'],
    [{ field: 'dpd', op: 'isNull', value: true }, 'op:CONDITION_OP_NOT_ALLOWED'],
    [{ field: 'productCode', op: 'lt', value: 'P' }, 'op:CONDITION_OP_NOT_ALLOWED'],
  ])('refuses an operator the field does not take: %j', (input, expected) => {
    expect(codes(input)).toEqual([expected]);
  });

  it.each([
    [{ field: 'dpd', op: 'gte', value: '30' }, 'value:CONDITION_VALUE_NOT_NUMBER'],
    [{ field: 'dpd', op: 'gte' }, 'value:CONDITION_VALUE_NOT_NUMBER'],
    [{ field: 'dpd', op: 'gte', value: Number.NaN }, 'value:CONDITION_VALUE_NOT_NUMBER'],
    [{ field: 'dpd', op: 'gte', value: 1.5 }, 'value:CONDITION_VALUE_NOT_INTEGER'],
    [{ field: 'overdueFen', op: 'gte', value: 100.5 }, 'value:CONDITION_VALUE_NOT_INTEGER'],
    [{ field: 'score', op: 'gte', value: true }, 'value:CONDITION_VALUE_NOT_NUMBER'],
    [{ field: 'stage', op: 'eq', value: 'M2' }, 'value:CONDITION_VALUE_NOT_ALLOWED'],
    [{ field: 'bucket', op: 'gte', value: 'M9' }, 'value:CONDITION_VALUE_NOT_ALLOWED'],
    [
      { field: 'delinquencyReason', op: 'in', value: ['forgot', 'lazy'] },
      'value.1:CONDITION_VALUE_NOT_ALLOWED',
    ],
    [{ field: 'productCode', op: 'eq', value: '' }, 'value:CONDITION_VALUE_NOT_TEXT'],
    [{ field: 'productCode', op: 'eq', value: 7 }, 'value:CONDITION_VALUE_NOT_TEXT'],
    [{ field: 'productCode', op: 'eq', value: 'x'.repeat(65) }, 'value:CONDITION_VALUE_NOT_TEXT'],
    [{ field: 'hasCollateral', op: 'eq', value: 'true' }, 'value:CONDITION_VALUE_NOT_BOOLEAN'],
    [{ field: 'score', op: 'isNull', value: 1 }, 'value:CONDITION_VALUE_NOT_BOOLEAN'],
    [{ field: 'dpd', op: 'in', value: [] }, 'value:CONDITION_LIST_INVALID'],
    [{ field: 'dpd', op: 'in', value: 3 }, 'value:CONDITION_LIST_INVALID'],
    [
      { field: 'dpd', op: 'in', value: Array.from({ length: 201 }, (_, i) => i) },
      'value:CONDITION_LIST_INVALID',
    ],
    [{ field: 'dpd', op: 'eq', value: [3] }, 'value:CONDITION_VALUE_NOT_NUMBER'],
    [{ field: 'dpd', op: 'between', value: [30, 1] }, 'value:CONDITION_RANGE_INVALID'],
    [{ field: 'dpd', op: 'between', value: [1] }, 'value:CONDITION_RANGE_INVALID'],
    [{ field: 'bucket', op: 'between', value: ['M3', 'M1'] }, 'value:CONDITION_RANGE_INVALID'],
    [{ field: 'dpd', op: 'between', value: [1, 'x'] }, 'value.1:CONDITION_VALUE_NOT_NUMBER'],
  ])('refuses a value of the wrong type or shape: %j', (input, expected) => {
    expect(codes(input)).toEqual([expected]);
  });

  it.each([
    [null, ':CONDITION_MALFORMED'],
    [[{ field: 'dpd', op: 'eq', value: 1 }], ':CONDITION_MALFORMED'],
    ['dpd > 3', ':CONDITION_MALFORMED'],
    [{}, ':CONDITION_MALFORMED'],
    [{ all: [], any: [] }, ':CONDITION_MALFORMED'],
    [{ all: [] }, 'all:CONDITION_GROUP_SIZE'],
    [{ any: 'x' }, 'any:CONDITION_GROUP_SIZE'],
    [{ not: 3 }, 'not:CONDITION_MALFORMED'],
    [{ field: 'dpd', op: 'eq', value: 1, note: 'x' }, 'note:CONDITION_MALFORMED'],
  ])('refuses a malformed node: %j', (input, expected) => {
    expect(codes(input)).toEqual([expected]);
  });

  it('refuses a group of more than 50 conditions', () => {
    const many = { any: Array.from({ length: 51 }, (_, i) => ({ field: 'dpd', op: 'eq', value: i })) };
    expect(codes(many)).toEqual(['any:CONDITION_GROUP_SIZE']);
  });

  it('allows five levels and refuses the sixth', () => {
    const leafNode = { field: 'dpd', op: 'gte', value: 1 };
    const nest = (levels: number): unknown => (levels === 1 ? leafNode : { all: [nest(levels - 1)] });
    expect(checkCondition(nest(5))).toEqual([]);
    expect(codes(nest(6))).toEqual(['all.0.all.0.all.0.all.0.all.0:CONDITION_TOO_DEEP']);
    expect(codes({ not: { not: { not: { not: { not: leafNode } } } } })).toEqual([
      'not.not.not.not.not:CONDITION_TOO_DEEP',
    ]);
  });

  it('reports every problem in one pass', () => {
    expect(
      codes({
        all: [
          { field: 'dpd', op: 'gte', value: 'x' },
          { field: 'nope', op: 'eq', value: 1 },
          { any: [{ field: 'stage', op: 'eq', value: 'soon' }] },
        ],
      }),
    ).toEqual([
      'all.0.value:CONDITION_VALUE_NOT_NUMBER',
      'all.1.field:CONDITION_FIELD_UNKNOWN',
      'all.2.any.0.value:CONDITION_VALUE_NOT_ALLOWED',
    ]);
  });

  it('as a zod schema, puts each issue at its path with its code and an English message', () => {
    const r = SegmentCondition.safeParse({
      all: [
        { field: 'dpd', op: 'gte', value: 1 },
        { field: 'dpd', op: 'lte', value: '30' },
      ],
    });
    expect(r.success).toBe(false);
    const [issue] = r.error!.issues;
    expect(issue!.path).toEqual(['all', 1, 'value']);
    expect(issue!.message).toBe('The value compared with dpd must be a number');
    expect((issue as { params?: { code?: string } }).params?.code).toBe('CONDITION_VALUE_NOT_NUMBER');
  });
});

describe('describeCondition', () => {
  it('reads a DPD range as the example', () => {
    const m1: Condition = { all: [leaf('dpd', 'gte', 1), leaf('dpd', 'lte', 30)] };
    expect(describeCondition(m1, 'zh-CN')).toBe('DPD ≥ 1 且 DPD ≤ 30');
    expect(describeCondition(m1, 'en-US')).toBe('DPD ≥ 1 and DPD ≤ 30');
  });

  it('shows yuan for fen, labels for enum values and yes/no for booleans', () => {
    const c: Condition = {
      all: [
        leaf('overdueFen', 'between', [100_000, 500_000]),
        leaf('delinquencyReason', 'in', ['forgot', 'temporary-hardship']),
        leaf('hasCollateral', 'eq', true),
        leaf('stage', 'ne', 'legal'),
      ],
    };
    expect(describeCondition(c, 'zh-CN')).toBe(
      '¥1,000.00 ≤ 逾期金额 ≤ ¥5,000.00 且 逾期原因 属于 [忘记还款、暂时困难] 且 有抵押 = 是 且 阶段 ≠ 法务',
    );
    expect(describeCondition(c, 'en-US')).toBe(
      '¥1,000.00 ≤ overdue amount ≤ ¥5,000.00 and delinquency reason in [forgot, temporary hardship] and secured = yes and stage ≠ legal',
    );
  });

  it('brackets nested groups and reads not and isNull', () => {
    const c: Condition = {
      any: [
        { all: [leaf('bucket', 'gte', 'M3'), leaf('pastEpisodes', 'gt', 0)] },
        { not: leaf('productCode', 'notIn', ['P1', 'P2']) },
        leaf('score', 'isNull', true),
        leaf('lastOutcome', 'isNull', false),
      ],
    };
    expect(describeCondition(c, 'zh-CN')).toBe(
      '(账龄 ≥ M3 且 历史逾期次数 > 0) 或 非(产品 不属于 [P1、P2]) 或 评分为空 或 最近行动码不为空',
    );
    expect(describeCondition(c, 'en-US')).toBe(
      '(bucket ≥ M3 and past episodes > 0) or not (product not in [P1, P2]) or score is empty or last outcome is not empty',
    );
  });
});

describe('conditionFields', () => {
  it('lists the tested fields once each, in field order', () => {
    const c: Condition = {
      all: [leaf('hasCollateral', 'eq', true), { any: [leaf('dpd', 'gt', 3), leaf('dpd', 'lt', 1)] }],
    };
    expect(conditionFields(c)).toEqual(['dpd', 'hasCollateral']);
  });
});
