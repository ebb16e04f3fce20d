/**
 * 策略 a collection strategy as versioned data: ordered segments (分群) that partition the
 * open book, and for each segment and stage a plan of steps — day offset from an anchor
 * (entering collection, entering the stage, or a promised date), channel, template,
 * repetition, an optional condition and a call-queue priority. Versions, review and
 * four-eyes approval are the server's; this module says whether a definition may become
 * a version at all: `validateStrategy` returns every problem with its place and a coded
 * bilingual message, and a rejected draft never replaces the active version.
 */
import { z } from 'zod';
import type { LocalizedText } from '../compliance/rule-pack.js';
import { bilingualMessage, CodedError, type ErrorCode, formatMessage } from '../errors/error-codes.js';
import { codeOfIssue } from '../portfolio/import-rows.js';
import { CASE_STAGES, type CaseFacts, SegmentCondition } from './segment-conditions.js';
import { checkSegmentCoverage, DEFAULT_MAX_COVERAGE_NODES } from './segment-coverage.js';

/** 渠道 what a step does: a message, a collector's call task, a letter, a visit, or an internal review. */
export type StepChannel =
  | 'sms'
  | 'push'
  | 'email'
  | 'call-task'
  | 'emergency-contact-message'
  | 'letter'
  | 'visit'
  | 'legal-review'
  | 'agency-placement-candidate';
export const STEP_CHANNELS = Object.freeze([
  'sms',
  'push',
  'email',
  'call-task',
  'emergency-contact-message',
  'letter',
  'visit',
  'legal-review',
  'agency-placement-candidate',
] as const);

/** The channels whose step sends a text and so must name its template. */
export const TEMPLATED_CHANNELS: readonly StepChannel[] = Object.freeze([
  'sms',
  'push',
  'email',
  'emergency-contact-message',
  'letter',
] as const);

/** 基准日 what a step's day offset counts from. */
export type StepAnchor = 'collection-start' | 'stage-start' | 'promise-due' | 'promise-broken';
export const STEP_ANCHORS = Object.freeze([
  'collection-start',
  'stage-start',
  'promise-due', // the pending promise's date (reminders before it)
  'promise-broken', // the business date the case's latest promise was found broken (follow-ups)
] as const);

export const MAX_STRATEGY_SEGMENTS = 100;
export const MAX_STRATEGY_PLANS = 600;
export const MAX_PLAN_STEPS = 50;
export const MAX_STEP_DAY_OFFSET = 365;

const CODE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True when the text can be a strategy, segment, step or template code. */
export function isStrategyCode(text: string): boolean {
  return CODE_RE.test(text);
}

function coded(code: ErrorCode, params: Record<string, unknown> = {}) {
  return { message: formatMessage(code, 'en-US', params), params: { code, ...params } };
}

/** An array of min to max items, refused with both bounds in the message. */
function list<T extends z.ZodType>(item: T, min: number, max: number) {
  return z
    .array(item)
    .refine((a) => a.length >= min && a.length <= max, coded('STRATEGY_LIST_SIZE', { min, max }))
    .meta({ minItems: min, maxItems: max });
}

const Code = z.string().refine(isStrategyCode, coded('STRATEGY_CODE_INVALID')).meta({ example: 'm1-first' });

/** A name in both locales. */
export const StrategyName = z
  .object({ 'zh-CN': z.string().trim().min(1).max(60), 'en-US': z.string().trim().min(1).max(120) })
  .strict();

/** 步骤 one thing a plan does on certain days. */
export const StrategyStep = z
  .object({
    id: Code,
    dayOffset: z.int().min(-MAX_STEP_DAY_OFFSET).max(MAX_STEP_DAY_OFFSET).meta({
      description: 'Days after the anchor; negative only before a promised date (-1 = the day before)',
    }),
    anchor: z.enum(STEP_ANCHORS),
    channel: z.enum(STEP_CHANNELS),
    templateCode: Code.optional(),
    repeatEveryDays: z.int().min(1).max(MAX_STEP_DAY_OFFSET).optional(),
    maxRepeats: z.int().min(1).max(MAX_STEP_DAY_OFFSET).optional().meta({
      description: 'Repeats after the first; without it a repeating step runs until the stage ends',
    }),
    condition: SegmentCondition.optional(),
    priority: z.int().min(0).max(100).meta({ description: 'Call-queue priority, 100 first' }),
  })
  .strict()
  .superRefine((step, ctx) => {
    if (typeof step.dayOffset === 'number' && step.dayOffset < 0 && step.anchor !== 'promise-due') {
      ctx.addIssue({ code: 'custom', path: ['dayOffset'], ...coded('STRATEGY_NEGATIVE_OFFSET') });
    }
    if (TEMPLATED_CHANNELS.includes(step.channel) && step.templateCode === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['templateCode'],
        ...coded('STRATEGY_TEMPLATE_REQUIRED', { channel: step.channel }),
      });
    }
    if (step.maxRepeats !== undefined && step.repeatEveryDays === undefined) {
      ctx.addIssue({ code: 'custom', path: ['maxRepeats'], ...coded('STRATEGY_REPEAT_WITHOUT_INTERVAL') });
    }
  });
export type StrategyStep = z.infer<typeof StrategyStep>;

/** 分群 a segment: a named condition; the first segment a new case matches takes it. */
export const StrategySegment = z
  .object({ code: Code, name: StrategyName, condition: SegmentCondition })
  .strict();
export type StrategySegment = z.infer<typeof StrategySegment>;

/** 计划 what a segment's cases get while in one stage. An empty plan is a deliberate "no contact". */
export const StrategyPlan = z
  .object({
    segmentCode: Code,
    stage: z.enum(CASE_STAGES),
    steps: list(StrategyStep, 0, MAX_PLAN_STEPS),
  })
  .strict();
export type StrategyPlan = z.infer<typeof StrategyPlan>;

/** 策略 a strategy definition, the JSON body of one version. */
export const StrategyDefinition = z
  .object({
    code: Code,
    version: z.int().min(1).optional(),
    name: StrategyName,
    segments: list(StrategySegment, 1, MAX_STRATEGY_SEGMENTS),
    plans: list(StrategyPlan, 0, MAX_STRATEGY_PLANS),
  })
  .strict();
export type StrategyDefinition = z.infer<typeof StrategyDefinition>;

/** One problem with a strategy: where (`segments.2.condition.all.1.value`), which code, the message. */
export interface StrategyIssue {
  path: string;
  code: ErrorCode;
  params: Record<string, unknown>;
  message: LocalizedText;
  /** For gaps, overlaps and missing plans: the facts of the cases concerned. */
  facts?: Partial<CaseFacts>;
}

/** The outcome of validateStrategy: the parsed strategy, or every problem found. */
export type StrategyValidation =
  | { ok: true; strategy: StrategyDefinition }
  | { ok: false; issues: StrategyIssue[] };

function issue(
  path: readonly (string | number)[],
  code: ErrorCode,
  params: Record<string, unknown> = {},
  facts?: Partial<CaseFacts>,
): StrategyIssue {
  return {
    path: path.join('.'),
    code,
    params,
    message: bilingualMessage(code, params),
    ...(facts === undefined ? {} : { facts }),
  };
}

/** A zod issue as a coded issue: our code when a refinement set one, else one that fits its kind. */
function fromZodIssue(zi: z.core.$ZodIssue): StrategyIssue {
  const path = zi.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  if (zi.code === 'unrecognized_keys') {
    return issue(path, 'STRATEGY_PROPERTY_UNKNOWN', { keys: zi.keys.join(', ') });
  }
  if (zi.code === 'invalid_type' && zi.input === undefined) return issue(path, 'VALUE_REQUIRED');
  const { code, params } = codeOfIssue(zi);
  return issue(path, code, params);
}

/** The checks that need the whole definition: references, duplicates, coverage, missing plans. */
function semanticIssues(
  strategy: StrategyDefinition,
  templateCodes: { has(code: string): boolean },
  maxCoverageNodes: number,
): StrategyIssue[] {
  const out: StrategyIssue[] = [];
  const segmentCodes = new Set<string>();
  strategy.segments.forEach((s, i) => {
    if (segmentCodes.has(s.code))
      out.push(issue(['segments', i, 'code'], 'STRATEGY_DUPLICATE_SEGMENT', { code: s.code }));
    segmentCodes.add(s.code);
  });

  const stepIds = new Set<string>();
  const planKeys = new Set<string>();
  strategy.plans.forEach((plan, p) => {
    if (!segmentCodes.has(plan.segmentCode)) {
      out.push(
        issue(['plans', p, 'segmentCode'], 'STRATEGY_PLAN_SEGMENT_UNKNOWN', { segment: plan.segmentCode }),
      );
    }
    const key = `${plan.segmentCode}\u0000${plan.stage}`;
    if (planKeys.has(key)) {
      out.push(
        issue(['plans', p], 'STRATEGY_DUPLICATE_PLAN', { segment: plan.segmentCode, stage: plan.stage }),
      );
    }
    planKeys.add(key);
    plan.steps.forEach((step, s) => {
      if (stepIds.has(step.id))
        out.push(issue(['plans', p, 'steps', s, 'id'], 'STRATEGY_DUPLICATE_STEP', { id: step.id }));
      stepIds.add(step.id);
      if (step.templateCode !== undefined && !templateCodes.has(step.templateCode)) {
        out.push(
          issue(['plans', p, 'steps', s, 'templateCode'], 'STRATEGY_TEMPLATE_UNKNOWN', {
            templateCode: step.templateCode,
          }),
        );
      }
    });
  });

  const coverage = checkSegmentCoverage(strategy.segments, { maxNodes: maxCoverageNodes });
  const codesOf = (indexes: readonly number[]) => indexes.map((i) => strategy.segments[i]!.code).join(', ');
  for (const gap of coverage.gaps) {
    out.push(issue(['segments'], 'STRATEGY_SEGMENT_GAP', { facts: gap.factsText }, gap.facts));
  }
  for (const overlap of coverage.overlaps) {
    const last = overlap.segmentIndexes[overlap.segmentIndexes.length - 1]!;
    out.push(
      issue(
        ['segments', last, 'condition'],
        'STRATEGY_SEGMENT_OVERLAP',
        { segments: codesOf(overlap.segmentIndexes), facts: overlap.factsText },
        overlap.facts,
      ),
    );
  }
  if (!coverage.complete) {
    out.push(issue(['segments'], 'STRATEGY_SEGMENT_CHECK_INCOMPLETE', { limit: maxCoverageNodes }));
  }
  // A plan is needed for every collection stage a segment's cases can be in; legal, agency
  // and write-off cases are worked outside the strategy unless it gives them a plan.
  coverage.reachableStages.forEach((stages, i) => {
    const code = strategy.segments[i]!.code;
    if (strategy.segments.findIndex((s) => s.code === code) !== i) return; // a duplicate, reported above
    for (const [stage, example] of stages) {
      if (planKeys.has(`${code}\u0000${stage}`)) continue;
      out.push(
        issue(
          ['plans'],
          'STRATEGY_PLAN_MISSING',
          { segment: code, stage, facts: example.factsText },
          example.facts,
        ),
      );
    }
  });
  return out;
}

/**
 * 策略校验 validates a strategy definition (JSON from a client or a stored draft): its
 * shape and conditions first, then template codes, duplicate codes and ids, plans naming
 * unknown segments, gaps and overlaps between segments, and segment × stage pairs with no
 * plan. Returns every problem with its path; the caller keeps the active version when any.
 */
export function validateStrategy(
  input: unknown,
  options: { templateCodes: ReadonlySet<string> | readonly string[]; maxCoverageNodes?: number },
): StrategyValidation {
  const parsed = StrategyDefinition.safeParse(input, { reportInput: true });
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.map(fromZodIssue) };
  const templateCodes = Array.isArray(options.templateCodes)
    ? new Set(options.templateCodes)
    : (options.templateCodes as ReadonlySet<string>);
  const issues = semanticIssues(
    parsed.data,
    templateCodes,
    options.maxCoverageNodes ?? DEFAULT_MAX_COVERAGE_NODES,
  );
  return issues.length > 0 ? { ok: false, issues } : { ok: true, strategy: parsed.data };
}

/** The error to throw (or map to a problem response) for a rejected strategy, its issues as details. */
export function strategyRejectedError(issues: readonly StrategyIssue[]): CodedError {
  return new CodedError(
    'STRATEGY_REJECTED',
    { count: issues.length },
    issues.map(({ path, code, message }) => ({ path, code, message })),
  );
}
