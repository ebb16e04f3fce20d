import {
  ALLOCATION_METHODS,
  ALLOCATION_POLICY_LIMITS,
  AllocationConditions,
  AllocationRuleDefinition,
} from '@huikuan/domain';
import { z } from 'zod';

const Text = (max: number) => z.string().trim().min(1).max(max);
const Day = z.iso.date().meta({ example: '2026-03-12' });
const Version = z
  .int()
  .min(1)
  .meta({ description: 'The case version the change was made from (optimistic lock)' });

export const IdParams = z.object({ id: z.uuid() }).strict();
export const UserIdParams = z.object({ userId: z.uuid() }).strict();

/** 新建分案规则 a team lead writes an allocation rule. */
export const LeadCreateAllocationRule = AllocationRuleDefinition;

/** 修改分案规则 the whole rule again, with the revision it was read at. */
export const LeadUpdateAllocationRule = AllocationRuleDefinition.extend({
  expectedRevision: z.int().min(1),
}).strict();
export type LeadUpdateAllocationRule = z.infer<typeof LeadUpdateAllocationRule>;

export const LeadRetireAllocationRule = z.object({ expectedRevision: z.int().min(1) }).strict();

export const AllocationRuleView = z.object({
  id: z.uuid(),
  name: z.string(),
  priority: z.int(),
  enabled: z.boolean(),
  conditions: AllocationConditions,
  target: z.object({ teamIds: z.array(z.uuid()), userIds: z.array(z.uuid()) }),
  method: z.enum(ALLOCATION_METHODS),
  revision: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  updatedBy: z.string().nullable(),
});
export type AllocationRuleView = z.infer<typeof AllocationRuleView>;

export const AllocationPolicySchema = z
  .object({
    autoAllocate: z
      .boolean()
      .meta({ description: 'Allocate unheld open cases by the rules in each daily run' }),
    reallocateAfterDays: z.int().meta({
      description: `Reallocate a case after this many days without progress (0 = never; ${ALLOCATION_POLICY_LIMITS.reallocateAfterDays.min}–${ALLOCATION_POLICY_LIMITS.reallocateAfterDays.max})`,
    }),
    defaultCapacity: z.int().meta({
      description: `Open cases a collector may hold when no capacity of their own is set (${ALLOCATION_POLICY_LIMITS.defaultCapacity.min}–${ALLOCATION_POLICY_LIMITS.defaultCapacity.max})`,
    }),
  })
  .strict();

export const LeadSetCapacity = z.object({ capacity: z.int().min(0).max(100_000) }).strict();

export const CollectorLoadView = z.object({
  userId: z.uuid(),
  username: z.string(),
  displayName: z.string(),
  teams: z.array(z.object({ id: z.uuid(), code: z.string(), name: z.string() })),
  agencyId: z.uuid().nullable(),
  /** Enabled and allowed to work cases. */
  active: z.boolean(),
  capacity: z.int(),
  /** True when the collector has no capacity of their own (the policy's default applies). */
  capacityIsDefault: z.boolean(),
  /** Open cases held now. */
  load: z.int(),
  free: z.int(),
});

/** 手工分案 give one case to a collector. */
export const LeadReassignCase = z
  .object({
    userId: z.uuid(),
    /** One of the collector's teams; by default a team the collector shares with you, else their first. */
    teamId: z.uuid().optional(),
    expectedVersion: Version,
    note: Text(500).optional(),
  })
  .strict();
export type LeadReassignCase = z.infer<typeof LeadReassignCase>;

/** 批量调案 move many cases to one or more collectors, all or nothing. */
export const LeadBulkReassign = z
  .object({
    cases: z
      .array(z.object({ caseId: z.uuid(), expectedVersion: Version }).strict())
      .min(1)
      .max(500)
      .refine((list) => new Set(list.map((c) => c.caseId)).size === list.length, {
        message: 'duplicate caseId',
      }),
    userIds: z.array(z.uuid()).min(1).max(50),
    /** How the cases are spread over the collectors (default round robin). */
    method: z.enum(ALLOCATION_METHODS).default('round-robin'),
    note: Text(500).optional(),
  })
  .strict();
export type LeadBulkReassign = z.infer<typeof LeadBulkReassign>;

/** 退案 give a case back to the unallocated pool, with the reason. */
export const CollectorReturnCase = z.object({ expectedVersion: Version, reason: Text(500) }).strict();
export type CollectorReturnCase = z.infer<typeof CollectorReturnCase>;

export const CaseAllocationView = z.object({
  caseId: z.uuid(),
  status: z.string(),
  holder: z.object({ userId: z.uuid(), username: z.string(), displayName: z.string() }).nullable(),
  holderTeamId: z.uuid().nullable(),
  agencyId: z.uuid().nullable(),
  /** The business date the current holder got the case. */
  assignedOn: Day.nullable(),
  version: z.int(),
  /** 留案 kept with the holder (a pending promise or an active plan): not reallocated automatically. */
  kept: z.boolean(),
});
export type CaseAllocationView = z.infer<typeof CaseAllocationView>;

export const BulkReassignResult = z.object({ items: z.array(CaseAllocationView) });

export const CaseListQuery = z
  .object({
    /** A collector's id, or `unheld` for the pool; absent: every case the lead may allocate. */
    holder: z.union([z.uuid(), z.literal('unheld')]).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(200),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();

export const CaseListItem = z.object({
  caseId: z.uuid(),
  loanRef: z.string(),
  customerRef: z.string(),
  customerName: z.string(),
  stage: z.string(),
  bucket: z.string(),
  dpd: z.int(),
  overdueFen: z.int(),
  allocation: CaseAllocationView,
});
export const CaseListView = z.object({ total: z.int(), items: z.array(CaseListItem) });

export const AssignmentView = z.object({
  id: z.int(),
  fromUser: z.string().nullable(),
  fromTeamId: z.uuid().nullable(),
  toUser: z.string().nullable(),
  toTeamId: z.uuid().nullable(),
  reason: z.enum(['rule', 'manual', 'bulk', 'return', 'reallocation']),
  ruleId: z.uuid().nullable(),
  note: z.string().nullable(),
  onDate: Day,
  at: z.string(),
  by: z.string().nullable(),
});
export type AssignmentView = z.infer<typeof AssignmentView>;

export const SUSPENSION_KINDS = ['hardship', 'dispute', 'complaint', 'legal', 'deceased'] as const;

/** 停催申请 ask to stop all contact on a case, with the reason; another person approves. */
export const CollectorRequestSuspension = z
  .object({
    kind: z.enum(SUSPENSION_KINDS),
    reason: Text(1000),
    /** When contact may resume by itself; absent = until released. */
    endsAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict();
export type CollectorRequestSuspension = z.infer<typeof CollectorRequestSuspension>;

export const LeadDecideSuspension = z.object({ note: Text(1000).optional() }).strict();
export const LeadReleaseSuspension = z.object({ reason: Text(500) }).strict();

export const SuspensionListQuery = z
  .object({ status: z.enum(['requested', 'approved', 'rejected', 'released', 'all']).default('requested') })
  .strict();

export const SuspensionView = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  kind: z.enum(SUSPENSION_KINDS),
  reason: z.string(),
  endsAt: z.string().nullable(),
  status: z.enum(['requested', 'approved', 'rejected', 'released']),
  requestedBy: z.string(),
  requestedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  holdId: z.uuid().nullable(),
  releasedBy: z.string().nullable(),
  releasedAt: z.string().nullable(),
  releaseReason: z.string().nullable(),
});
export type SuspensionView = z.infer<typeof SuspensionView>;

export const DailyAllocationResult = z.object({
  allocated: z.int(),
  reallocated: z.int(),
  kept: z.int(),
  unmatched: z.int(),
  noCollector: z.int(),
});
export type DailyAllocationResult = z.infer<typeof DailyAllocationResult>;
