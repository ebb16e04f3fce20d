import { describe, expect, it } from 'vitest';
import { CodedError } from '../errors/error-codes.js';
import { DEFAULT_STRATEGY, DEFAULT_TEMPLATE_CODES } from './default-strategy.js';
import {
  type StrategyDefinition,
  type StrategyIssue,
  StrategyStep,
  strategyRejectedError,
  validateStrategy,
} from './strategy.js';

const TEMPLATES = { templateCodes: DEFAULT_TEMPLATE_CODES };

/** A mutable deep copy of the default strategy to break. */
const draft = (): StrategyDefinition => structuredClone(DEFAULT_STRATEGY) as StrategyDefinition;

function issuesOf(
  input: unknown,
  options: Parameters<typeof validateStrategy>[1] = TEMPLATES,
): StrategyIssue[] {
  const r = validateStrategy(input, options);
  if (r.ok) throw new Error('expected the strategy to be refused');
  return r.issues;
}
const brief = (issues: readonly StrategyIssue[]) => issues.map((i) => `${i.path} ${i.code}`);

const name = { 'zh-CN': '分群', 'en-US': 'Segment' };

describe('validateStrategy: the default strategy', () => {
  it('passes with no issue and comes back parsed', () => {
    const r = validateStrategy(DEFAULT_STRATEGY, TEMPLATES);
    expect(r).toEqual({ ok: true, strategy: DEFAULT_STRATEGY });
  });

  it('accepts the template codes as a set', () => {
    expect(validateStrategy(DEFAULT_STRATEGY, { templateCodes: new Set(DEFAULT_TEMPLATE_CODES) }).ok).toBe(
      true,
    );
  });

  it('accepts its own JSON round trip (the stored form)', () => {
    expect(validateStrategy(JSON.parse(JSON.stringify(DEFAULT_STRATEGY)), TEMPLATES).ok).toBe(true);
  });
});

describe('validateStrategy: shape and conditions', () => {
  it('names the place of an invalid condition inside a segment', () => {
    const s = draft();
    s.segments[2]!.condition = {
      all: [
        { field: 'dpd', op: 'gte', value: 31 },
        { field: 'dpd', op: 'lte', value: 'sixty' as never },
      ],
    };
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual(['segments.2.condition.all.1.value CONDITION_VALUE_NOT_NUMBER']);
    expect(issues[0]!.message).toEqual({
      'zh-CN': '字段 dpd 的比较值应为数字',
      'en-US': 'The value compared with dpd must be a number',
    });
  });

  it('names the place of an invalid condition inside a step', () => {
    const s = draft();
    s.plans[2]!.steps[2]!.condition = { field: 'selfContactValid', op: 'eq', value: 'no' as never };
    expect(brief(issuesOf(s))).toEqual(['plans.2.steps.2.condition.value CONDITION_VALUE_NOT_BOOLEAN']);
  });

  it('refuses unknown fields, operators and properties, each at its place', () => {
    const s = draft() as unknown as Record<string, unknown> & StrategyDefinition;
    s.owner = 'me';
    s.segments[0]!.condition = { field: 'income', op: 'gt', value: 1 } as never;
    s.segments[1]!.condition = { field: 'hasCollateral', op: 'gt', value: true } as never;
    (s.plans[0]!.steps[0] as unknown as Record<string, unknown>).colour = 'red';
    expect(brief(issuesOf(s))).toEqual([
      'segments.0.condition.field CONDITION_FIELD_UNKNOWN',
      'segments.1.condition.op CONDITION_OP_NOT_ALLOWED',
      'plans.0.steps.0 STRATEGY_PROPERTY_UNKNOWN',
      ' STRATEGY_PROPERTY_UNKNOWN',
    ]);
  });

  it('requires the parts of a definition', () => {
    expect(brief(issuesOf({ code: 'x', name, segments: [] }))).toEqual([
      'segments STRATEGY_LIST_SIZE',
      'plans VALUE_REQUIRED',
    ]);
    const tooMany = draft();
    tooMany.plans[0]!.steps = Array.from({ length: 51 }, (_, i) => ({
      id: `call.${i}`,
      anchor: 'stage-start' as const,
      dayOffset: i,
      channel: 'call-task' as const,
      priority: 1,
    }));
    const issues = issuesOf(tooMany);
    expect(brief(issues)).toEqual(['plans.0.steps STRATEGY_LIST_SIZE']);
    expect(issues[0]!.message['en-US']).toBe('Must hold 0 to 50 items');
    const noName = draft() as Partial<StrategyDefinition>;
    delete noName.name;
    expect(brief(issuesOf(noName))).toEqual(['name VALUE_REQUIRED']);
  });

  it('refuses a bad code and a day offset out of range', () => {
    const s = draft();
    s.code = 'bad code!';
    s.plans[0]!.steps[0]!.dayOffset = 400;
    s.plans[0]!.steps[1]!.priority = 101;
    expect(brief(issuesOf(s))).toEqual([
      'code STRATEGY_CODE_INVALID',
      'plans.0.steps.0.dayOffset NUMBER_OUT_OF_RANGE',
      'plans.0.steps.1.priority NUMBER_OUT_OF_RANGE',
    ]);
  });

  it('refuses an unknown channel, anchor or stage with the allowed values', () => {
    const s = draft();
    s.plans[0]!.steps[0]!.channel = 'fax' as never;
    s.plans[0]!.stage = 'm1' as never;
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual([
      'plans.0.stage VALUE_NOT_ALLOWED',
      'plans.0.steps.0.channel VALUE_NOT_ALLOWED',
    ]);
    expect(issues[1]!.params.allowed).toContain('agency-placement-candidate');
  });
});

describe('StrategyStep rules', () => {
  const step = { id: 's', anchor: 'collection-start', dayOffset: 0, channel: 'call-task', priority: 10 };
  const codes = (input: unknown) => {
    const r = StrategyStep.safeParse(input);
    return r.success
      ? []
      : r.error.issues.map(
          (i) => `${i.path.join('.')} ${(i as { params?: { code?: string } }).params?.code}`,
        );
  };

  it('accepts a call task without a template', () => {
    expect(codes(step)).toEqual([]);
  });

  it.each(['sms', 'push', 'email', 'emergency-contact-message', 'letter'])(
    'requires a template on a %s step',
    (channel) => {
      expect(codes({ ...step, channel })).toEqual(['templateCode STRATEGY_TEMPLATE_REQUIRED']);
    },
  );

  it.each(['call-task', 'visit', 'legal-review', 'agency-placement-candidate'])(
    'needs no template on %s',
    (channel) => {
      expect(codes({ ...step, channel })).toEqual([]);
    },
  );

  it('allows a negative offset only before a promised date', () => {
    expect(codes({ ...step, dayOffset: -1 })).toEqual(['dayOffset STRATEGY_NEGATIVE_OFFSET']);
    expect(codes({ ...step, dayOffset: -1, anchor: 'stage-start' })).toEqual([
      'dayOffset STRATEGY_NEGATIVE_OFFSET',
    ]);
    expect(codes({ ...step, dayOffset: -1, anchor: 'promise-due' })).toEqual([]);
  });

  it('refuses maxRepeats without repeatEveryDays', () => {
    expect(codes({ ...step, maxRepeats: 3 })).toEqual(['maxRepeats STRATEGY_REPEAT_WITHOUT_INTERVAL']);
    expect(codes({ ...step, maxRepeats: 3, repeatEveryDays: 2 })).toEqual([]);
    expect(codes({ ...step, repeatEveryDays: 0 })).toHaveLength(1);
  });
});

describe('validateStrategy: references and duplicates', () => {
  it('refuses a template code that does not exist', () => {
    const s = draft();
    s.plans[1]!.steps[0]!.templateCode = 'sms.m1.remindr';
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual(['plans.1.steps.0.templateCode STRATEGY_TEMPLATE_UNKNOWN']);
    expect(issues[0]!.message['en-US']).toBe('There is no template sms.m1.remindr');
  });

  it('checks templates against the set it is given', () => {
    const issues = issuesOf(DEFAULT_STRATEGY, { templateCodes: ['sms.m1.reminder'] });
    expect(new Set(issues.map((i) => i.params.templateCode))).toEqual(
      new Set(DEFAULT_TEMPLATE_CODES.filter((c) => c !== 'sms.m1.reminder')),
    );
  });

  it('refuses duplicate segment codes and step ids', () => {
    const s = draft();
    s.segments[1]!.code = 'm1-first';
    s.plans[1]!.segmentCode = 'm1-first';
    s.plans[2]!.steps[1]!.id = 'm2.call';
    const out = brief(issuesOf(s));
    expect(out).toContain('segments.1.code STRATEGY_DUPLICATE_SEGMENT');
    expect(out).toContain('plans.2.steps.1.id STRATEGY_DUPLICATE_STEP');
    expect(out).toContain('plans.1 STRATEGY_DUPLICATE_PLAN');
  });

  it('refuses a plan for a segment the strategy does not define', () => {
    const s = draft();
    s.plans.push({ segmentCode: 'm9', stage: 'late', steps: [] });
    expect(brief(issuesOf(s))).toEqual(['plans.5.segmentCode STRATEGY_PLAN_SEGMENT_UNKNOWN']);
  });

  it('refuses a segment with no plan for a stage its cases can be in, with an example', () => {
    const s = draft();
    s.plans = s.plans.filter((p) => p.segmentCode !== 'm2');
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual(['plans STRATEGY_PLAN_MISSING']);
    expect(issues[0]!.message).toEqual({
      'zh-CN': '分群 m2 在 middle 阶段没有计划(例如 dpd=31 的案件)',
      'en-US': 'Segment m2 has no plan for the middle stage (e.g. cases with dpd=31)',
    });
  });

  it('needs no plan for legal, agency or write-off stages, but accepts one', () => {
    const s = draft();
    s.plans.push({
      segmentCode: 'm3-unsecured',
      stage: 'write_off',
      steps: [
        {
          id: 'wo.letter',
          anchor: 'stage-start',
          dayOffset: 0,
          channel: 'letter',
          templateCode: 'letter.m3.demand',
          priority: 10,
        },
      ],
    });
    expect(validateStrategy(s, TEMPLATES).ok).toBe(true);
  });
});

describe('validateStrategy: gaps and overlaps between segments', () => {
  it('reports a gap with the facts no segment covers', () => {
    const s = draft();
    s.segments[2]!.condition = { field: 'dpd', op: 'between', value: [32, 60] };
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual(['segments STRATEGY_SEGMENT_GAP']);
    expect(issues[0]!.message).toEqual({
      'zh-CN': '没有分群覆盖 dpd=31 的案件(分群须覆盖全部案件)',
      'en-US': 'No segment covers cases with dpd=31 (the segments must cover every case)',
    });
    expect(issues[0]!.facts).toMatchObject({ dpd: 31 });
  });

  it('reports an overlap at the later segment, naming both and the facts', () => {
    const s = draft();
    s.segments.push({
      code: 'm2-large',
      name,
      condition: {
        all: [
          { field: 'dpd', op: 'between', value: [31, 60] },
          { field: 'overdueFen', op: 'gte', value: 500_000 },
        ],
      },
    });
    s.plans.push({ segmentCode: 'm2-large', stage: 'middle', steps: [] });
    const issues = issuesOf(s);
    expect(brief(issues)).toEqual(['segments.5.condition STRATEGY_SEGMENT_OVERLAP']);
    expect(issues[0]!.message['en-US']).toBe(
      'Segments m2, m2-large all match cases with dpd=31, overdueFen=500000 (segments must not overlap)',
    );
    expect(issues[0]!.message['zh-CN']).toBe(
      '分群 m2, m2-large 同时命中 dpd=31, overdueFen=500000 的案件(分群不得重叠)',
    );
  });

  it('accepts the fix: split M2 by amount into two segments', () => {
    const s = draft();
    const m2 = s.segments[2]!;
    m2.condition = { all: [m2.condition, { field: 'overdueFen', op: 'lt', value: 500_000 }] };
    s.segments.push({
      code: 'm2-large',
      name,
      condition: {
        all: [
          { field: 'dpd', op: 'between', value: [31, 60] },
          { field: 'overdueFen', op: 'gte', value: 500_000 },
        ],
      },
    });
    s.plans.push({ segmentCode: 'm2-large', stage: 'middle', steps: [] });
    expect(validateStrategy(s, TEMPLATES).ok).toBe(true);
  });

  it('refuses segments too tangled to check within the limit', () => {
    expect(brief(issuesOf(DEFAULT_STRATEGY, { ...TEMPLATES, maxCoverageNodes: 2 }))).toContain(
      'segments STRATEGY_SEGMENT_CHECK_INCOMPLETE',
    );
  });

  it('returns every semantic problem at once', () => {
    const s = draft();
    s.segments[2]!.condition = { field: 'dpd', op: 'between', value: [32, 60] };
    s.plans[0]!.steps[0]!.templateCode = 'nope';
    s.plans.push({ segmentCode: 'ghost', stage: 'early', steps: [] });
    expect(brief(issuesOf(s))).toEqual([
      'plans.0.steps.0.templateCode STRATEGY_TEMPLATE_UNKNOWN',
      'plans.5.segmentCode STRATEGY_PLAN_SEGMENT_UNKNOWN',
      'segments STRATEGY_SEGMENT_GAP',
    ]);
  });
});

describe('strategyRejectedError', () => {
  it('carries the count and each issue as a detail', () => {
    const s = draft();
    s.plans[0]!.steps[0]!.templateCode = 'nope';
    const error = strategyRejectedError(issuesOf(s));
    expect(error).toBeInstanceOf(CodedError);
    expect(error.code).toBe('STRATEGY_REJECTED');
    expect(error.message).toBe('The strategy has 1 problem(s); the active version stays active');
    expect(error.details).toEqual([
      {
        path: 'plans.0.steps.0.templateCode',
        code: 'STRATEGY_TEMPLATE_UNKNOWN',
        message: { 'zh-CN': '模板 nope 不存在', 'en-US': 'There is no template nope' },
      },
    ]);
  });
});
