/**
 * Shapes of the allocation API (v1) as the team console's 分案 tabs use them: collectors with
 * their load, a case's holder and version, rules, settings and 停催 suspensions. The server owns
 * the contract (packages/server/src/modules/allocation/allocation.schemas.ts); these mirror it.
 */
import type { AllocationConditions, AllocationMethod } from '@huikuan/domain';
import type { TeamRef } from '../api/types';

/** A collector the lead may allocate to, with capacity, open cases held (load) and free capacity. */
export interface CollectorLoad {
  userId: string;
  username: string;
  displayName: string;
  teams: TeamRef[];
  agencyId: string | null;
  /** Enabled and allowed to work cases. */
  active: boolean;
  capacity: number;
  capacityIsDefault: boolean;
  load: number;
  free: number;
}

/** GET /cases/{id}/allocation: who holds the case, its version (the optimistic lock) and 留案. */
export interface CaseAllocation {
  caseId: string;
  status: string;
  holder: { userId: string; username: string; displayName: string } | null;
  holderTeamId: string | null;
  agencyId: string | null;
  assignedOn: string | null;
  version: number;
  /** 留案 kept with the holder (a pending promise or an active plan). */
  kept: boolean;
}

/** 分案规则 an allocation rule as the API returns it. */
export interface AllocationRule {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  conditions: AllocationConditions;
  target: { teamIds: string[]; userIds: string[] };
  method: AllocationMethod;
  revision: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** The rule as a lead writes it (POST; PUT adds expectedRevision). */
export type AllocationRuleInput = Pick<
  AllocationRule,
  'name' | 'priority' | 'enabled' | 'conditions' | 'target' | 'method'
>;

/** GET/PUT /settings/allocation-policy. */
export interface AllocationPolicy {
  autoAllocate: boolean;
  reallocateAfterDays: number;
  defaultCapacity: number;
}

export const SUSPENSION_KINDS = ['hardship', 'dispute', 'complaint', 'legal', 'deceased'] as const;
export type SuspensionKind = (typeof SUSPENSION_KINDS)[number];
export type SuspensionStatus = 'requested' | 'approved' | 'rejected' | 'released';

/** 停催 a request to stop all contact on a case; another person approves. */
export interface Suspension {
  id: string;
  caseId: string;
  kind: SuspensionKind;
  reason: string;
  endsAt: string | null;
  status: SuspensionStatus;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  holdId: string | null;
  releasedBy: string | null;
  releasedAt: string | null;
  releaseReason: string | null;
}
