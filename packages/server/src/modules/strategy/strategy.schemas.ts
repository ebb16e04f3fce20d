import { isStrategyCode, STEP_CHANNELS } from '@huikuan/domain';
import { z } from 'zod';

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Instant = z.string().meta({ description: 'ISO 8601 instant' });

/** A strategy, segment, step or template code. */
export const StrategyCodeText = z
  .string()
  .refine(isStrategyCode, {
    message: 'A code is 1–64 letters, digits or . _ -, starting with a letter or digit',
  })
  .meta({ example: 'default' });

export const StrategyIdParams = z.object({ id: z.uuid() }).strict();

/**
 * 新建策略草稿 a new draft version: a definition (StrategyDefinition JSON, checked by the
 * server so every problem comes back coded with its path), or a copy of a stored version
 * (optionally under another strategy code). The draft's code is the definition's code; its
 * version number is the next one of that code.
 */
export const ManagerCreateStrategy = z.union([
  z
    .object({
      definition: z.record(z.string(), z.unknown()).meta({
        description:
          'StrategyDefinition: {code, name: {zh-CN, en-US}, segments: [{code, name, condition}], plans: [{segmentCode, stage, steps: [...]}]}; `version` is set by the server',
      }),
    })
    .strict(),
  z.object({ copyOf: z.uuid(), code: StrategyCodeText.optional() }).strict(),
]);
export type ManagerCreateStrategy = z.infer<typeof ManagerCreateStrategy>;

/**
 * 编辑草稿 replaces the definition of a draft in place. Checked exactly as creating a draft
 * (it must parse; every issue named by its path); the strategy code stays the draft's. The
 * revision the edit was made from must still be the draft's (else 409 STRATEGY_DRAFT_STALE).
 */
export const ManagerEditStrategy = z
  .object({
    definition: z.record(z.string(), z.unknown()).meta({
      description: 'StrategyDefinition, as for a new draft; `version` is kept by the server',
    }),
    expectedRevision: z.int().min(1).meta({
      description: 'The `revision` of the draft the edit was made from (optimistic locking)',
    }),
  })
  .strict();
export type ManagerEditStrategy = z.infer<typeof ManagerEditStrategy>;

export const ManagerRetireVersion = z
  .object({ reason: z.string().trim().min(1).max(500).optional() })
  .strict();
export type ManagerRetireVersion = z.infer<typeof ManagerRetireVersion>;

/** The most days a simulation plans, and how far past its as-of date it may start. */
export const MAX_SIMULATION_DAYS = 30;
export const MAX_SIMULATION_DAYS_AHEAD = 30;

/** 策略模拟 run a version over the open book — today's or a past business date's — without side effects. */
export const ManagerSimulateStrategy = z
  .object({
    asOf: z.iso.date().optional().meta({
      description:
        '模拟基准日: the business date whose open book is simulated — the current business date (default) or a past one read from its daily snapshot',
    }),
    startOn: z.iso.date().optional().meta({
      description: 'First simulated day: the as-of date (default) up to 30 days after it',
    }),
    days: z.int().min(1).max(MAX_SIMULATION_DAYS).default(7),
    callsPerCollector: z.int().min(1).max(1000).optional().meta({
      description:
        'Calls one collector can make a day; default the setting collector_daily_call_capacity, else 80',
    }),
  })
  .strict();
export type ManagerSimulateStrategy = z.infer<typeof ManagerSimulateStrategy>;

// ---------------------------------------------------------------------------------------
// Responses

export const StrategyIssueView = z.object({
  path: z.string(),
  code: z.string(),
  params: z.record(z.string(), z.unknown()),
  message: Localized,
  facts: z.record(z.string(), z.unknown()).optional(),
});

export const StrategyVersionSummary = z.object({
  id: z.string(),
  code: z.string(),
  version: z.number().int(),
  status: z.enum(['draft', 'in-review', 'active', 'retired']),
  name: Localized.nullable(),
  segmentCount: z.number().int(),
  /** Username of the author (null for the shipped default). */
  author: z.string().nullable(),
  authorId: z.string().nullable(),
  approver: z.string().nullable(),
  createdAt: Instant,
  submittedAt: Instant.nullable(),
  activatedAt: Instant.nullable(),
  retiredAt: Instant.nullable(),
  /** Bumped by each edit of the draft; an edit names the revision it was made from. */
  revision: z.number().int(),
  /** Who edited the draft besides its author: none of them may approve it. */
  editorIds: z.array(z.string()),
  updatedAt: Instant.nullable(),
  /** True for the strategy code daily planning gives new cases. */
  usedByDailyPlanning: z.boolean(),
});

export const StrategyVersionDetail = StrategyVersionSummary.extend({
  definition: z.unknown().meta({ description: 'StrategyDefinition' }),
  /** validateStrategy against the approved templates (in the dispatch locale), now. */
  validation: z.object({ ok: z.boolean(), issues: z.array(StrategyIssueView) }),
  segments: z.array(
    z.object({
      code: z.string(),
      name: Localized,
      condition: z.unknown(),
      description: Localized,
    }),
  ),
});

const ChannelCounts = z.object(
  Object.fromEntries(STEP_CHANNELS.map((c) => [c, z.number().int()])) as Record<
    (typeof STEP_CHANNELS)[number],
    z.ZodNumber
  >,
);

export const SimulationResult = z.object({
  strategy: z.object({ id: z.string(), code: z.string(), version: z.number().int(), status: z.string() }),
  businessDate: z.string(),
  /** The business date whose book was simulated. */
  asOf: z.string(),
  /** current: the open book now; snapshot: the cases open at the end of asOf, from its daily snapshot. */
  book: z.enum(['current', 'snapshot']),
  /** The first simulated day. */
  startOn: z.string(),
  days: z.number().int(),
  /** Open cases simulated; at most maxCases (the first by case id, by loan id for a snapshot) — truncated says when more exist. */
  cases: z.number().int(),
  maxCases: z.number().int(),
  truncated: z.boolean(),
  unassignedCases: z.number().int(),
  callCapacity: z.object({
    collectors: z.number().int(),
    callsPerCollector: z.number().int(),
    callsPerDay: z.number().int(),
  }),
  byDay: z.array(
    z.object({
      date: z.string(),
      total: z.number().int(),
      channels: ChannelCounts,
      callTasks: z.number().int(),
      callCapacity: z.number().int(),
      /** callTasks ÷ callCapacity; null without collectors. */
      callLoad: z.number().nullable(),
      overCapacity: z.boolean(),
    }),
  ),
  bySegment: z.array(
    z.object({
      code: z.string(),
      name: Localized,
      cases: z.number().int(),
      actions: z.number().int(),
      channels: ChannelCounts,
    }),
  ),
  samples: z.array(
    z.object({
      caseId: z.string(),
      date: z.string(),
      segmentCode: z.string(),
      stepId: z.string(),
      channel: z.string(),
      whyLine: Localized,
    }),
  ),
  assumptions: z.array(Localized),
  elapsedMs: z.number().int(),
});
