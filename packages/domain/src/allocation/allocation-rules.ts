/**
 * 分案规则 allocation rules: which cases go to which collectors, and how they are spread.
 *
 * A rule is data (validated with zod, stored as JSON): conditions over the case's stage,
 * segment, region (province name or GB/T 2260 region-code prefix) and overdue amount, the
 * collectors it targets (whole teams and/or named collectors) and the method:
 *
 * - round-robin (轮询): each case to the next collector in the rule's pool, in a stable order,
 *   continuing where the previous allocation stopped;
 * - capacity-weighted (按产能): cases spread in proportion to each collector's free capacity
 *   (capacity − open cases held) at the start of the allocation.
 *
 * Rules are tried in priority order (lowest number first); the first rule whose conditions
 * all hold for a case decides it. A condition left out matches every case.
 */
import { z } from 'zod';
import { CodedError } from '../errors/error-codes.js';
import { CASE_STAGES, type CaseStage } from '../strategy/segment-conditions.js';

/** 分案方式 allocation methods. */
export const ALLOCATION_METHODS = Object.freeze(['round-robin', 'capacity-weighted'] as const);
export type AllocationMethod = (typeof ALLOCATION_METHODS)[number];

const Fen = z.int().min(0).max(Number.MAX_SAFE_INTEGER);

/** The conditions of a rule; every one given must hold (AND), each list matches any of its values (OR). */
export const AllocationConditions = z
  .object({
    stages: z.array(z.enum(CASE_STAGES)).min(1).max(CASE_STAGES.length).optional(),
    /** Segment codes of the case's strategy (case_strategy.segment_code). */
    segments: z.array(z.string().trim().min(1).max(60)).min(1).max(100).optional(),
    /** Province names as stored on the customer, e.g. 广东省. */
    provinces: z.array(z.string().trim().min(1).max(40)).min(1).max(50).optional(),
    /** Prefixes of the customer's 6-digit region code: '44' Guangdong, '4403' Shenzhen. */
    regionCodePrefixes: z
      .array(z.string().regex(/^\d{2,6}$/))
      .min(1)
      .max(200)
      .optional(),
    /** Overdue amount (principal + interest + fees + penalty interest), inclusive bounds. */
    minOwedFen: Fen.optional(),
    maxOwedFen: Fen.optional(),
  })
  .strict()
  .refine((c) => c.minOwedFen === undefined || c.maxOwedFen === undefined || c.minOwedFen <= c.maxOwedFen, {
    message: 'minOwedFen must not exceed maxOwedFen',
    path: ['maxOwedFen'],
  });
export type AllocationConditions = z.infer<typeof AllocationConditions>;

/** Who a rule allocates to: every active collector of the teams, and the named collectors. */
export const AllocationTarget = z
  .object({
    teamIds: z.array(z.uuid()).max(50).default([]),
    userIds: z.array(z.uuid()).max(500).default([]),
  })
  .strict()
  .refine((t) => t.teamIds.length + t.userIds.length > 0, {
    message: 'name at least one team or collector',
    path: ['teamIds'],
  });
export type AllocationTarget = z.infer<typeof AllocationTarget>;

/** 分案规则 a rule as a team lead writes it. */
export const AllocationRuleDefinition = z
  .object({
    name: z.string().trim().min(1).max(80),
    /** Lower numbers are tried first; ties by rule id. */
    priority: z.int().min(0).max(10_000),
    enabled: z.boolean().default(true),
    conditions: AllocationConditions.default({}),
    target: AllocationTarget,
    method: z.enum(ALLOCATION_METHODS),
  })
  .strict();
export type AllocationRuleDefinition = z.infer<typeof AllocationRuleDefinition>;

/** A stored rule, as the allocator uses it. */
export interface AllocationRule extends AllocationRuleDefinition {
  id: string;
}

/** Parses a rule, throwing ALLOCATION_RULE_INVALID with each issue named by its path. */
export function parseAllocationRule(input: unknown): AllocationRuleDefinition {
  const result = AllocationRuleDefinition.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.join('.'),
    code: 'ALLOCATION_RULE_INVALID',
    message: { 'zh-CN': issue.message, 'en-US': issue.message },
  }));
  throw new CodedError(
    'ALLOCATION_RULE_INVALID',
    { path: details[0]?.path || '(rule)', count: details.length },
    details,
  );
}

/** The facts of a case that rules look at. */
export interface AllocationFacts {
  stage: CaseStage;
  segment: string | null;
  province: string | null;
  regionCode: string | null;
  /** Overdue amount in fen. */
  owedFen: number;
}

/** True when every condition of the rule holds for the case. */
export function ruleMatches(conditions: AllocationConditions, facts: AllocationFacts): boolean {
  if (conditions.stages && !conditions.stages.includes(facts.stage)) return false;
  if (conditions.segments && (facts.segment === null || !conditions.segments.includes(facts.segment))) {
    return false;
  }
  if (conditions.provinces && (facts.province === null || !conditions.provinces.includes(facts.province))) {
    return false;
  }
  if (conditions.regionCodePrefixes) {
    const code = facts.regionCode;
    if (code === null || !conditions.regionCodePrefixes.some((p) => code.startsWith(p))) return false;
  }
  if (conditions.minOwedFen !== undefined && facts.owedFen < conditions.minOwedFen) return false;
  if (conditions.maxOwedFen !== undefined && facts.owedFen > conditions.maxOwedFen) return false;
  return true;
}

/** Rules in the order they are tried: enabled ones only, by priority, then id. */
export function orderRules<R extends Pick<AllocationRule, 'id' | 'priority' | 'enabled'>>(
  rules: readonly R[],
): R[] {
  return rules
    .filter((r) => r.enabled)
    .sort((a, b) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The first enabled rule (in priority order) whose conditions hold, if any. */
export function firstMatchingRule<R extends AllocationRule>(
  rules: readonly R[],
  facts: AllocationFacts,
): R | undefined {
  return orderRules(rules).find((r) => ruleMatches(r.conditions, facts));
}

/** 分案设置 the institution's allocation settings. */
export interface AllocationPolicy {
  /** Allocate open cases nobody holds by the rules in each daily run. */
  autoAllocate: boolean;
  /**
   * 自动回收重分 reallocate a case whose holder made no progress (no right-party contact, no
   * promise taken, no payment received) for this many days; 0 = never.
   */
  reallocateAfterDays: number;
  /** Open cases a collector may hold when no capacity of their own is set. */
  defaultCapacity: number;
}

export const DEFAULT_ALLOCATION_POLICY: Readonly<AllocationPolicy> = Object.freeze({
  autoAllocate: true,
  reallocateAfterDays: 30,
  defaultCapacity: 300,
});

export const ALLOCATION_POLICY_LIMITS = Object.freeze({
  reallocateAfterDays: { min: 0, max: 365 },
  defaultCapacity: { min: 0, max: 100_000 },
});

/** Throws ALLOCATION_POLICY_INVALID naming the setting when a policy is out of bounds. */
export function assertAllocationPolicy(policy: AllocationPolicy): void {
  for (const key of ['reallocateAfterDays', 'defaultCapacity'] as const) {
    const value = policy[key];
    const { min, max } = ALLOCATION_POLICY_LIMITS[key];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new CodedError('ALLOCATION_POLICY_INVALID', { field: key, value: String(value), min, max });
    }
  }
}
