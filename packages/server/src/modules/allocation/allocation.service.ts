import {
  type AllocationCase,
  type AllocationCollector,
  AllocationConditions,
  type AllocationMethod,
  type AllocationPolicy,
  type AllocationRule,
  type AllocationRuleDefinition,
  addDays,
  allocate,
  assertAllocationPolicy,
  type BusinessDate,
  bilingualMessage,
  type CaseStage,
  CodedError,
  can,
  DEFAULT_ALLOCATION_POLICY,
  isRole,
  type Locale,
  type Permission,
  parseAllocationRule,
} from '@huikuan/domain';
import type { Repositories, UnitOfWork } from '../../db/unit-of-work.js';
import type { Clock } from '../../platform/clock.js';
import { newId } from '../../platform/ids.js';
import type { Actor, AuditService } from '../audit/audit.service.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { caseVisibleTo, type ScopedUser } from '../contacts/case-scope.js';
import type { SystemService } from '../system/system.service.js';
import type {
  AllocationCaseRow,
  AssignmentWrite,
  CandidateRow,
  CollectorRow,
  HolderUserRow,
  RuleRow,
  SuspensionRow,
} from './allocation.repository.js';
import type {
  AllocationRuleView,
  AssignmentView,
  CaseAllocationView,
  CollectorRequestSuspension,
  CollectorReturnCase,
  DailyAllocationResult,
  LeadBulkReassign,
  LeadReassignCase,
  LeadUpdateAllocationRule,
  SuspensionView,
} from './allocation.schemas.js';

const POLICY_KEY = 'allocation_policy';

/** The signed-in user doing an allocation change: their data scope and permissions. */
export type Operator = ScopedUser & { permissions: readonly Permission[] };

/** Places the collection hold of an approved suspension's and cancels what it covers (holds/dispatch plug in). */
export type HoldPlacedHook = (
  t: Repositories,
  customerId: string,
  channels: readonly string[] | null,
) => Promise<number>;

/** The roles automatic allocation gives cases to. */
const AUTO_ROLES: readonly string[] = ['collector', 'agency_collector'];

/**
 * Whether the user may see the case for allocation: their data scope, and — for the institution's
 * allocators (cases.allocate, not an agency) — the unallocated pool, which no team holds.
 */
function visibleForAllocation(
  c: { holder_user_id: string | null; holder_team_id: string | null; agency_id: string | null },
  user: ScopedUser & { permissions?: readonly Permission[] },
): boolean {
  if (caseVisibleTo(c, user)) return true;
  return (
    user.agencyId === null &&
    (user.permissions?.includes('cases.allocate') ?? false) &&
    c.holder_user_id === null &&
    c.agency_id === null
  );
}

const canWork = (roles: readonly string[]) => can(roles.filter(isRole), 'cases.work');

function ruleOf(row: RuleRow): AllocationRule {
  return {
    id: row.id,
    name: row.name,
    priority: row.priority,
    enabled: row.enabled,
    conditions: AllocationConditions.parse(row.conditions),
    target: { teamIds: row.target_team_ids, userIds: row.target_user_ids },
    method: row.method as AllocationMethod,
  };
}

function ruleView(row: RuleRow): AllocationRuleView {
  const rule = ruleOf(row);
  return {
    id: rule.id,
    name: rule.name,
    priority: rule.priority,
    enabled: rule.enabled,
    conditions: rule.conditions,
    target: rule.target,
    method: rule.method,
    revision: row.revision,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    updatedBy: row.updated_by_username,
  };
}

function suspensionView(row: SuspensionRow): SuspensionView {
  return {
    id: row.id,
    caseId: row.case_id,
    kind: row.kind as SuspensionView['kind'],
    reason: row.reason,
    endsAt: row.ends_at?.toISOString() ?? null,
    status: row.status as SuspensionView['status'],
    requestedBy: row.requested_by_username,
    requestedAt: row.requested_at.toISOString(),
    decidedBy: row.decided_by_username,
    decidedAt: row.decided_at?.toISOString() ?? null,
    decisionNote: row.decision_note,
    holdId: row.hold_id,
    releasedBy: row.released_by_username,
    releasedAt: row.released_at?.toISOString() ?? null,
    releaseReason: row.release_reason,
  };
}

const detail = (
  path: string,
  code: Parameters<typeof bilingualMessage>[0],
  params: Record<string, unknown>,
) => ({
  path,
  code,
  message: bilingualMessage(code, params) as Record<Locale, string>,
});

/**
 * 分案 allocation: rules and capacity, the daily step that allocates unheld cases by the rules
 * and reallocates cases without progress (never back to a previous holder; kept cases — 留案,
 * a pending promise or an active plan — stay), manual and bulk reassignment with the case
 * version as optimistic lock, 退案 returns to the pool, and 停催 suspensions approved by a
 * second person, which place a collection hold. Every change is audited in its transaction.
 */
export class AllocationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly system: SystemService,
    private readonly clock: Clock,
    private readonly timeZone: string,
    private readonly onHoldPlaced: HoldPlacedHook = async () => 0,
  ) {}

  // ------------------------------------------------------------------ settings

  /** The institution's allocation settings (the defaults until set). */
  async policy(r: Repositories = this.uow.repositories): Promise<AllocationPolicy> {
    const stored = await r.settings.get<AllocationPolicy>(POLICY_KEY);
    return { ...DEFAULT_ALLOCATION_POLICY, ...(stored ?? {}) };
  }

  async setPolicy(policy: AllocationPolicy, operator: Operator, actor: Actor): Promise<AllocationPolicy> {
    this.assertInstitutionLead(operator);
    assertAllocationPolicy(policy);
    return this.uow.transaction(async (t) => {
      const before = await t.settings.getForUpdate<AllocationPolicy>(POLICY_KEY);
      const next: AllocationPolicy = {
        autoAllocate: policy.autoAllocate,
        reallocateAfterDays: policy.reallocateAfterDays,
        defaultCapacity: policy.defaultCapacity,
      };
      await t.settings.set(POLICY_KEY, next, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'allocation.policy.set',
        targetType: 'setting',
        targetId: POLICY_KEY,
        before: before ?? DEFAULT_ALLOCATION_POLICY,
        after: next,
      });
      return next;
    });
  }

  /** Rules and institution settings belong to the institution's leads, not to an agency. */
  private assertInstitutionLead(operator: Operator): void {
    if (operator.agencyId !== null) throw new CodedError('FORBIDDEN', { permission: 'cases.allocate' });
  }

  // ------------------------------------------------------------------ rules

  async rules(): Promise<AllocationRuleView[]> {
    return (await this.uow.repositories.allocation.rules()).map(ruleView);
  }

  private async checkTargets(t: Repositories, rule: AllocationRuleDefinition): Promise<void> {
    const teams = await t.allocation.existingTeamIds(rule.target.teamIds);
    const users = await t.allocation.existingUserIds(rule.target.userIds);
    const missing =
      rule.target.teamIds.find((id) => !teams.includes(id)) ??
      rule.target.userIds.find((id) => !users.includes(id));
    if (missing) throw new CodedError('ALLOCATION_TARGET_UNKNOWN', { ref: missing });
  }

  private static write(rule: AllocationRuleDefinition) {
    return {
      name: rule.name,
      priority: rule.priority,
      enabled: rule.enabled,
      conditions: rule.conditions,
      method: rule.method,
      teamIds: [...new Set(rule.target.teamIds)],
      userIds: [...new Set(rule.target.userIds)],
    };
  }

  async createRule(input: unknown, operator: Operator, actor: Actor): Promise<AllocationRuleView> {
    this.assertInstitutionLead(operator);
    const rule = parseAllocationRule(input);
    const id = newId();
    return this.uow.transaction(async (t) => {
      await this.checkTargets(t, rule);
      await t.allocation.insertRule(id, AllocationService.write(rule), this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'allocation.rule.created',
        targetType: 'allocation_rule',
        targetId: id,
        after: rule,
      });
      return ruleView((await t.allocation.rule(id))!);
    });
  }

  async updateRule(
    id: string,
    input: LeadUpdateAllocationRule,
    operator: Operator,
    actor: Actor,
  ): Promise<AllocationRuleView> {
    this.assertInstitutionLead(operator);
    const { expectedRevision, ...definition } = input;
    const rule = parseAllocationRule(definition);
    return this.uow.transaction(async (t) => {
      const before = await t.allocation.rule(id, true);
      if (!before) throw new CodedError('ALLOCATION_RULE_NOT_FOUND', { ref: id });
      if (before.revision !== expectedRevision) {
        throw new CodedError('ALLOCATION_RULE_STALE', { ref: id, current: before.revision });
      }
      await this.checkTargets(t, rule);
      await t.allocation.updateRule(id, AllocationService.write(rule), this.clock.now(), actor.userId);
      const after = (await t.allocation.rule(id))!;
      await this.audit.append(t.audit, actor, {
        action: 'allocation.rule.updated',
        targetType: 'allocation_rule',
        targetId: id,
        before: { ...ruleOf(before), revision: before.revision },
        after: { ...rule, revision: after.revision },
      });
      return ruleView(after);
    });
  }

  async retireRule(id: string, expectedRevision: number, operator: Operator, actor: Actor): Promise<void> {
    this.assertInstitutionLead(operator);
    await this.uow.transaction(async (t) => {
      const before = await t.allocation.rule(id, true);
      if (!before) throw new CodedError('ALLOCATION_RULE_NOT_FOUND', { ref: id });
      if (before.revision !== expectedRevision) {
        throw new CodedError('ALLOCATION_RULE_STALE', { ref: id, current: before.revision });
      }
      await t.allocation.retireRule(id, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'allocation.rule.retired',
        targetType: 'allocation_rule',
        targetId: id,
        before: { ...ruleOf(before), revision: before.revision },
      });
    });
  }

  // ------------------------------------------------------------------ collectors and capacity

  private static inScope(
    operator: Operator,
    target: { agency_id: string | null; team_ids: readonly string[] },
  ) {
    if (operator.agencyId !== null) return target.agency_id === operator.agencyId;
    if (operator.dataScope === 'all') return true;
    return target.team_ids.some((id) => operator.teams.some((t) => t.id === id));
  }

  /** Collectors the operator may allocate to, with capacity, load and free capacity. */
  async collectors(operator: Operator) {
    const policy = await this.policy();
    const rows = await this.uow.repositories.allocation.collectors();
    return rows
      .filter((row) => canWork(row.roles) && AllocationService.inScope(operator, row))
      .map((row) => {
        const capacity = row.capacity ?? policy.defaultCapacity;
        return {
          userId: row.id,
          username: row.username,
          displayName: row.display_name,
          teams: row.teams,
          agencyId: row.agency_id,
          active: row.disabled_at === null,
          capacity,
          capacityIsDefault: row.capacity === null,
          load: row.load,
          free: Math.max(0, capacity - row.load),
        };
      });
  }

  async setCapacity(userId: string, capacity: number, operator: Operator, actor: Actor) {
    await this.uow.transaction(async (t) => {
      const user = await t.allocation.holderUser(userId);
      if (!user) throw new CodedError('ALLOCATION_TARGET_UNKNOWN', { ref: userId });
      if (!AllocationService.inScope(operator, user)) {
        throw new CodedError('ALLOCATION_TARGET_OUT_OF_SCOPE', { username: user.username });
      }
      const before = await t.allocation.setCapacity(userId, capacity, this.clock.now(), actor.userId);
      await this.audit.append(t.audit, actor, {
        action: 'allocation.capacity.set',
        targetType: 'app_user',
        targetId: userId,
        before: { capacity: before },
        after: { capacity },
      });
    });
    const view = (await this.collectors(operator)).find((c) => c.userId === userId);
    return view!;
  }

  // ------------------------------------------------------------------ cases

  private async hasArrangements(r: Repositories): Promise<boolean> {
    return r.allocation.hasArrangementTable();
  }

  private async caseView(r: Repositories, c: AllocationCaseRow): Promise<CaseAllocationView> {
    const holder = c.holder_user_id ? await r.allocation.holderUser(c.holder_user_id) : undefined;
    return {
      caseId: c.id,
      status: c.status,
      holder: holder
        ? { userId: holder.id, username: holder.username, displayName: holder.display_name }
        : null,
      holderTeamId: c.holder_team_id,
      agencyId: c.agency_id,
      assignedOn: c.assigned_on,
      version: c.version,
      kept: await r.allocation.isKept(c.id, await this.hasArrangements(r)),
    };
  }

  /**
   * 分案列表 the open cases a lead may allocate (their teams' and their own, the unassigned pool;
   * the whole book for a data scope of all), largest overdue first, with holder, version and 留案.
   */
  async caseList(user: Operator, q: { holder?: string | undefined; limit: number; offset: number }) {
    const r = this.uow.repositories;
    const rows = await r.allocation.caseList({
      scope: user.dataScope === 'all' ? null : { userId: user.id, teamIds: user.teams.map((t) => t.id) },
      holder: q.holder ?? null,
      arrangements: await this.hasArrangements(r),
      limit: q.limit,
      offset: q.offset,
    });
    return {
      total: rows[0]?.total ?? 0,
      items: rows.map((c) => ({
        caseId: c.id,
        loanRef: c.loan_ref,
        customerRef: c.customer_ref,
        customerName: c.customer_name,
        stage: c.stage,
        bucket: c.bucket,
        dpd: c.dpd,
        overdueFen: c.overdue_fen,
        allocation: {
          caseId: c.id,
          status: c.status,
          holder: c.holder_user_id
            ? {
                userId: c.holder_user_id,
                username: c.holder_username ?? '',
                displayName: c.holder_name ?? '',
              }
            : null,
          holderTeamId: c.holder_team_id,
          agencyId: c.agency_id,
          assignedOn: c.assigned_on,
          version: c.version,
          kept: c.kept,
        },
      })),
    };
  }

  /** Who holds the case, since when, its version and whether it is kept. */
  async caseAllocation(caseId: string, user: Operator): Promise<CaseAllocationView> {
    const r = this.uow.repositories;
    const c = await r.allocation.caseById(caseId);
    if (!c || !visibleForAllocation(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    return this.caseView(r, c);
  }

  /** A case's assignment history, oldest first. */
  async history(caseId: string, user: Operator): Promise<AssignmentView[]> {
    const r = this.uow.repositories;
    const c = await r.allocation.caseById(caseId);
    if (!c || !visibleForAllocation(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    return (await r.allocation.history(caseId)).map((row) => ({
      id: row.id,
      fromUser: row.from_user,
      fromTeamId: row.from_team_id,
      toUser: row.to_user,
      toTeamId: row.to_team_id,
      reason: row.reason as AssignmentView['reason'],
      ruleId: row.rule_id,
      note: row.note,
      onDate: row.on_date,
      at: row.at.toISOString(),
      by: row.by_user,
    }));
  }

  /** The user a case may be given to: exists, enabled, may work cases, within the operator's teams or agency. */
  private async target(t: Repositories, userId: string, operator: Operator): Promise<HolderUserRow> {
    const user = await t.allocation.holderUser(userId);
    if (!user) throw new CodedError('ALLOCATION_TARGET_UNKNOWN', { ref: userId });
    if (user.disabled_at !== null)
      throw new CodedError('ALLOCATION_USER_DISABLED', { username: user.username });
    if (!canWork(user.roles))
      throw new CodedError('ALLOCATION_USER_CANNOT_WORK', { username: user.username });
    if (!AllocationService.inScope(operator, user)) {
      throw new CodedError('ALLOCATION_TARGET_OUT_OF_SCOPE', { username: user.username });
    }
    return user;
  }

  /** The team a case given to `user` is held under: the one asked for, one shared with the operator, or their first. */
  private static teamFor(user: HolderUserRow, operator: Operator, asked?: string): string | null {
    if (asked !== undefined) {
      if (!user.team_ids.includes(asked)) throw new CodedError('ALLOCATION_TARGET_UNKNOWN', { ref: asked });
      return asked;
    }
    return user.team_ids.find((id) => operator.teams.some((t) => t.id === id)) ?? user.team_ids[0] ?? null;
  }

  private checkCase(
    c: AllocationCaseRow | undefined,
    caseId: string,
    operator: Operator,
    expectedVersion: number,
  ) {
    if (!c || !visibleForAllocation(c, operator)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    if (c.status !== 'open') throw new CodedError('ALLOCATION_CASE_CLOSED', { ref: caseId });
    if (c.version !== expectedVersion) {
      throw new CodedError('CASE_VERSION_CONFLICT', { ref: caseId, current: c.version });
    }
    return c;
  }

  private async move(
    t: Repositories,
    c: AllocationCaseRow,
    to: { user: HolderUserRow | null; teamId: string | null },
    why: {
      reason: AssignmentWrite['reason'];
      ruleId?: string | null;
      note?: string | null;
      onDate: BusinessDate;
    },
    actor: Actor,
  ): Promise<void> {
    const at = this.clock.now();
    await t.allocation.setHolder(
      c.id,
      {
        userId: to.user?.id ?? null,
        teamId: to.user ? to.teamId : null,
        agencyId: to.user?.agency_id ?? null,
        assignedOn: to.user ? why.onDate : null,
      },
      at,
    );
    await t.allocation.insertAssignments([
      {
        caseId: c.id,
        fromUserId: c.holder_user_id,
        fromTeamId: c.holder_team_id,
        toUserId: to.user?.id ?? null,
        toTeamId: to.user ? to.teamId : null,
        reason: why.reason,
        ruleId: why.ruleId ?? null,
        note: why.note ?? null,
        onDate: why.onDate,
        at,
        byUserId: actor.userId,
      },
    ]);
    await this.audit.append(t.audit, actor, {
      action: why.reason === 'return' ? 'case.returned' : 'case.assigned',
      targetType: 'collection_case',
      targetId: c.id,
      before: { holderUserId: c.holder_user_id, holderTeamId: c.holder_team_id, version: c.version },
      after: {
        holderUserId: to.user?.id ?? null,
        holderTeamId: to.user ? to.teamId : null,
        version: c.version + 1,
        reason: why.reason,
        note: why.note ?? null,
      },
    });
  }

  /** 手工分案 gives one case to a collector; a stale version is refused (409) and nothing changes. */
  async reassign(caseId: string, input: LeadReassignCase, operator: Operator, actor: Actor) {
    const onDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const [locked] = await t.allocation.lockCases([caseId]);
      const user = await this.target(t, input.userId, operator);
      const c = this.checkCase(locked, caseId, operator, input.expectedVersion);
      const teamId = AllocationService.teamFor(user, operator, input.teamId);
      if (c.holder_user_id !== user.id || c.holder_team_id !== teamId) {
        await this.move(
          t,
          c,
          { user, teamId },
          { reason: 'manual', note: input.note ?? null, onDate },
          actor,
        );
      }
      return this.caseView(t, (await t.allocation.caseById(caseId))!);
    });
  }

  /**
   * 批量调案 moves many cases over one or more collectors (round robin or by free capacity), all
   * or nothing: any case missing, closed, stale or with nobody to take it refuses the whole
   * request, each problem named in errors[].
   */
  async bulkReassign(input: LeadBulkReassign, operator: Operator, actor: Actor) {
    const onDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const locked = new Map(
        (await t.allocation.lockCases(input.cases.map((c) => c.caseId))).map((c) => [c.id, c]),
      );
      const users: HolderUserRow[] = [];
      for (const userId of [...new Set(input.userIds)]) users.push(await this.target(t, userId, operator));
      const problems: ReturnType<typeof detail>[] = [];
      input.cases.forEach((item, i) => {
        try {
          this.checkCase(locked.get(item.caseId), item.caseId, operator, item.expectedVersion);
        } catch (e) {
          if (!(e instanceof CodedError)) throw e;
          problems.push(detail(`cases.${i}`, e.code, e.params));
        }
      });
      if (problems.length > 0)
        throw new CodedError('ALLOCATION_BULK_REJECTED', { count: problems.length }, problems);

      const policy = await this.policy(t);
      const loads = new Map((await t.allocation.collectors()).map((row) => [row.id, row]));
      // Round robin moves what the lead says regardless of capacity; capacity-weighted fills free capacity.
      const collectors: AllocationCollector[] = users.map((u) => {
        const row = loads.get(u.id)!;
        return {
          id: u.id,
          teamIds: u.team_ids,
          capacity:
            input.method === 'round-robin'
              ? Number.MAX_SAFE_INTEGER
              : (row.capacity ?? policy.defaultCapacity),
          load: row.load,
          active: true,
        };
      });
      const cases: AllocationCase[] = input.cases.map((item) => {
        const c = locked.get(item.caseId)!;
        return {
          id: c.id,
          stage: 'early',
          segment: null,
          province: null,
          regionCode: null,
          owedFen: 0,
          // A redistribution: the current holder, if among the collectors, may keep the case.
          holderUserId: null,
          kept: false,
          excludedUserIds: [],
        };
      });
      const bulkRule: AllocationRule = {
        id: 'bulk',
        name: 'bulk',
        priority: 0,
        enabled: true,
        conditions: {},
        target: { teamIds: [], userIds: users.map((u) => u.id) },
        method: input.method,
      };
      const { outcomes } = allocate({ cases, collectors, rules: [bulkRule] });
      const stuck = outcomes.filter((o) => o.kind !== 'assigned');
      if (stuck.length > 0) {
        throw new CodedError(
          'ALLOCATION_BULK_REJECTED',
          { count: stuck.length },
          stuck.map((o) =>
            detail(
              `cases.${input.cases.findIndex((c) => c.caseId === o.caseId)}`,
              'ALLOCATION_NO_COLLECTOR',
              { ref: o.caseId },
            ),
          ),
        );
      }
      const byUser = new Map(users.map((u) => [u.id, u]));
      for (const o of outcomes) {
        if (o.kind !== 'assigned') continue;
        const user = byUser.get(o.userId)!;
        if (locked.get(o.caseId)!.holder_user_id === user.id) continue;
        await this.move(
          t,
          locked.get(o.caseId)!,
          { user, teamId: AllocationService.teamFor(user, operator) },
          { reason: 'bulk', note: input.note ?? null, onDate },
          actor,
        );
      }
      const items: CaseAllocationView[] = [];
      for (const item of input.cases)
        items.push(await this.caseView(t, (await t.allocation.caseById(item.caseId))!));
      return { items };
    });
  }

  /** 退案 gives a case back to the unallocated pool (its holder, or a lead), with the reason. */
  async returnCase(caseId: string, input: CollectorReturnCase, operator: Operator, actor: Actor) {
    const onDate = await this.system.businessDate();
    return this.uow.transaction(async (t) => {
      const [locked] = await t.allocation.lockCases([caseId]);
      if (!locked || !visibleForAllocation(locked, operator))
        throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
      if (locked.holder_user_id === null) throw new CodedError('ALLOCATION_CASE_UNHELD', { ref: caseId });
      if (locked.holder_user_id !== operator.id && !operator.permissions.includes('cases.allocate')) {
        throw new CodedError('ALLOCATION_NOT_HOLDER', { ref: caseId });
      }
      const c = this.checkCase(locked, caseId, operator, input.expectedVersion);
      await this.move(
        t,
        c,
        { user: null, teamId: null },
        { reason: 'return', note: input.reason, onDate },
        actor,
      );
      return this.caseView(t, (await t.allocation.caseById(caseId))!);
    });
  }

  // ------------------------------------------------------------------ the daily step

  /**
   * Daily-run step (after planning): reallocates held cases without progress for the set number
   * of days (never back to anyone who held them; kept cases stay), then allocates open cases
   * nobody holds by the rules. Idempotent for a day: what it changed is dated that day and no
   * longer a candidate; workers sharing a day take turns on an advisory lock.
   */
  async allocateDay(asOf: BusinessDate): Promise<DailyAllocationResult> {
    const policy = await this.policy();
    const result: DailyAllocationResult = {
      allocated: 0,
      reallocated: 0,
      kept: 0,
      unmatched: 0,
      noCollector: 0,
    };
    if (!policy.autoAllocate && policy.reallocateAfterDays === 0) return result;
    return this.uow.transaction(async (t) => {
      await t.allocation.lockDailyStep();
      const ruleRows = await t.allocation.rules();
      if (!ruleRows.some((r) => r.enabled)) return result;
      const rules = ruleRows.map(ruleOf);
      const arrangements = await this.hasArrangements(t);
      const now = this.clock.now();
      const collectorRows = await t.allocation.collectors();
      const collectors = collectorRows.map((row) => this.collectorOf(row, policy));
      const cursors = Object.fromEntries(
        ruleRows.filter((r) => r.rr_last_user_id !== null).map((r) => [r.id, r.rr_last_user_id!]),
      );
      const candidates: CandidateRow[] = [];
      if (policy.reallocateAfterDays > 0) {
        const since = addDays(asOf, -policy.reallocateAfterDays);
        candidates.push(
          ...(await t.allocation.casesWithoutProgress(since, now, this.timeZone, arrangements)),
        );
      }
      if (policy.autoAllocate) candidates.push(...(await t.allocation.unheldOpenCases(arrangements)));
      const byId = new Map(candidates.map((c) => [c.id, c]));
      const allocation = allocate({
        cases: candidates.map((c) => ({
          id: c.id,
          stage: c.stage as CaseStage,
          segment: c.segment,
          province: c.province,
          regionCode: c.region_code,
          owedFen: c.owed_fen,
          holderUserId: c.holder_user_id,
          kept: c.kept,
          excludedUserIds: c.previous_holder_ids,
        })),
        collectors,
        rules,
        roundRobinCursors: cursors,
      });
      const agencyOf = new Map(collectorRows.map((row) => [row.id, row.agency_id]));
      const changes = allocation.outcomes.flatMap((o) =>
        o.kind === 'assigned'
          ? [
              {
                caseId: o.caseId,
                expectedHolder: byId.get(o.caseId)!.holder_user_id,
                userId: o.userId,
                teamId: o.teamId,
                agencyId: agencyOf.get(o.userId) ?? null,
                ruleId: o.ruleId,
              },
            ]
          : [],
      );
      const changed = new Set(await t.allocation.setHolders(changes, asOf, now));
      const history: AssignmentWrite[] = [];
      for (const change of changes) {
        if (!changed.has(change.caseId)) continue;
        const before = byId.get(change.caseId)!;
        const reallocation = before.holder_user_id !== null;
        if (reallocation) result.reallocated += 1;
        else result.allocated += 1;
        history.push({
          caseId: change.caseId,
          fromUserId: before.holder_user_id,
          fromTeamId: before.holder_team_id,
          toUserId: change.userId,
          toTeamId: change.teamId,
          reason: reallocation ? 'reallocation' : 'rule',
          ruleId: change.ruleId,
          note: reallocation ? `no progress for ${policy.reallocateAfterDays} days` : null,
          onDate: asOf,
          at: now,
          byUserId: null,
        });
      }
      await t.allocation.insertAssignments(history);
      await t.allocation.setRoundRobinCursors(allocation.roundRobinCursors);
      for (const o of allocation.outcomes) {
        if (o.kind === 'kept') result.kept += 1;
        if (o.kind === 'unmatched') result.unmatched += 1;
        if (o.kind === 'no-collector') result.noCollector += 1;
      }
      if (result.allocated + result.reallocated > 0) {
        await this.audit.append(t.audit, SYSTEM_ACTOR, {
          action: 'allocation.daily',
          targetType: 'business_date',
          targetId: asOf,
          after: result,
        });
      }
      return result;
    });
  }

  private collectorOf(row: CollectorRow, policy: AllocationPolicy): AllocationCollector {
    return {
      id: row.id,
      teamIds: row.team_ids,
      capacity: row.capacity ?? policy.defaultCapacity,
      load: row.load,
      // Automatic allocation gives cases to collectors only (a lead in the team is not in the pool).
      active: row.disabled_at === null && row.roles.some((r) => AUTO_ROLES.includes(r)),
    };
  }

  // ------------------------------------------------------------------ 停催 suspensions

  /** 停催申请 asks to stop all contact on a case; someone else approves. */
  async requestSuspension(
    caseId: string,
    input: CollectorRequestSuspension,
    operator: Operator,
    actor: Actor,
  ) {
    const now = this.clock.now();
    const endsAt = input.endsAt ? new Date(input.endsAt) : null;
    if (endsAt && endsAt <= now) throw new CodedError('HOLD_PERIOD_INVALID');
    const id = newId();
    await this.uow.transaction(async (t) => {
      const [c] = await t.allocation.lockCases([caseId]);
      if (!c || !visibleForAllocation(c, operator)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
      if (c.status !== 'open') throw new CodedError('ALLOCATION_CASE_CLOSED', { ref: caseId });
      if (await t.allocation.openSuspensionOfCase(caseId)) {
        throw new CodedError('SUSPENSION_ALREADY_OPEN', { ref: caseId });
      }
      await t.allocation.insertSuspension({
        id,
        caseId,
        customerId: c.customer_id,
        kind: input.kind,
        reason: input.reason,
        endsAt,
        requestedBy: operator.id,
        requestedAt: now,
      });
      await this.audit.append(t.audit, actor, {
        action: 'suspension.requested',
        targetType: 'case_suspension',
        targetId: id,
        after: { caseId, kind: input.kind, reason: input.reason, endsAt },
      });
    });
    return this.suspension(id, operator);
  }

  private async lockedSuspension(t: Repositories, id: string, operator: Operator): Promise<SuspensionRow> {
    const row = await t.allocation.suspension(id, true);
    if (!row || !visibleForAllocation(row, operator))
      throw new CodedError('SUSPENSION_NOT_FOUND', { ref: id });
    return row;
  }

  /**
   * Approves a requested suspension (四眼 never by its requester): a collection hold on the
   * debtor (all channels) stops the gate and dispatch, and the pending actions it covers are cancelled.
   */
  async approveSuspension(id: string, note: string | null, operator: Operator, actor: Actor) {
    await this.uow.transaction(async (t) => {
      const row = await this.lockedSuspension(t, id, operator);
      if (row.status !== 'requested')
        throw new CodedError('SUSPENSION_NOT_REQUESTED', { ref: id, status: row.status });
      if (row.requested_by === operator.id) throw new CodedError('SUSPENSION_SELF_APPROVAL');
      const now = this.clock.now();
      if (row.ends_at && row.ends_at <= now) throw new CodedError('HOLD_PERIOD_INVALID');
      const holdId = newId();
      await t.holds.insertHold({
        id: holdId,
        customerId: row.customer_id,
        caseId: row.case_id,
        complaintId: null,
        kind: row.kind,
        channels: null,
        reason: `停催 suspension: ${row.reason}`.slice(0, 1000),
        startsAt: now,
        endsAt: row.ends_at,
        createdBy: operator.id,
      });
      const cancelled = await this.onHoldPlaced(t, row.customer_id, null);
      await t.allocation.decideSuspension(id, { status: 'approved', by: operator.id, at: now, note, holdId });
      await this.audit.append(t.audit, actor, {
        action: 'suspension.approved',
        targetType: 'case_suspension',
        targetId: id,
        before: { status: 'requested', requestedBy: row.requested_by_username },
        after: { status: 'approved', note, holdId, cancelledActions: cancelled },
      });
    });
    return this.suspension(id, operator);
  }

  async rejectSuspension(id: string, note: string | null, operator: Operator, actor: Actor) {
    await this.uow.transaction(async (t) => {
      const row = await this.lockedSuspension(t, id, operator);
      if (row.status !== 'requested')
        throw new CodedError('SUSPENSION_NOT_REQUESTED', { ref: id, status: row.status });
      await t.allocation.decideSuspension(id, {
        status: 'rejected',
        by: operator.id,
        at: this.clock.now(),
        note,
        holdId: null,
      });
      await this.audit.append(t.audit, actor, {
        action: 'suspension.rejected',
        targetType: 'case_suspension',
        targetId: id,
        before: { status: 'requested' },
        after: { status: 'rejected', note },
      });
    });
    return this.suspension(id, operator);
  }

  /** Ends a suspension in force: its hold is released and contact may resume. */
  async releaseSuspension(id: string, reason: string, operator: Operator, actor: Actor) {
    await this.uow.transaction(async (t) => {
      const row = await this.lockedSuspension(t, id, operator);
      if (row.status !== 'approved')
        throw new CodedError('SUSPENSION_NOT_ACTIVE', { ref: id, status: row.status });
      const now = this.clock.now();
      const hold = row.hold_id ? await t.holds.hold(row.hold_id, true) : undefined;
      if (hold && hold.released_at === null) await t.holds.releaseHold(hold.id, now, operator.id, reason);
      await t.allocation.releaseSuspension(id, operator.id, now, reason);
      await this.audit.append(t.audit, actor, {
        action: 'suspension.released',
        targetType: 'case_suspension',
        targetId: id,
        before: { status: 'approved', holdId: row.hold_id },
        after: { status: 'released', reason },
      });
    });
    return this.suspension(id, operator);
  }

  async suspension(id: string, user: Operator): Promise<SuspensionView> {
    const row = await this.uow.repositories.allocation.suspension(id);
    if (!row || !visibleForAllocation(row, user)) throw new CodedError('SUSPENSION_NOT_FOUND', { ref: id });
    return suspensionView(row);
  }

  async suspensionsOfCase(caseId: string, user: Operator): Promise<SuspensionView[]> {
    const r = this.uow.repositories;
    const c = await r.allocation.caseById(caseId);
    if (!c || !visibleForAllocation(c, user)) throw new CodedError('CASE_NOT_FOUND', { ref: caseId });
    return (await r.allocation.suspensionsOfCase(caseId)).map(suspensionView);
  }

  /** The suspensions the user may see, by status (the approval queue by default), newest first. */
  async suspensions(status: string, user: Operator): Promise<SuspensionView[]> {
    const rows = await this.uow.repositories.allocation.suspensions(status === 'all' ? null : status, 500);
    return rows.filter((row) => visibleForAllocation(row, user)).map(suspensionView);
  }
}
