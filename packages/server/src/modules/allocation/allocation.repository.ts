import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';

/**
 * 留案 the one definition of "case `cc` is kept with its holder" (SQL, over a collection_case
 * aliased `cc`): a pending promise to pay, or an active arrangement (分期/展期 plan) once the
 * arrangements module's `arrangement` table exists (status 'active' = an approved, running plan).
 * Kept cases are never reallocated automatically. The arrangements module extends keeping here
 * (and nowhere else); `arrangements` says whether its table exists (see `hasArrangementTable`).
 */
/** One row of the lead's case list. */
export interface CaseListRow {
  id: string;
  version: number;
  status: string;
  stage: string;
  bucket: string;
  dpd: number;
  overdue_fen: number;
  loan_ref: string;
  customer_ref: string;
  customer_name: string;
  holder_user_id: string | null;
  holder_username: string | null;
  holder_name: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
  assigned_on: string | null;
  kept: boolean;
  total: number;
}

export function caseIsKept(options: { arrangements: boolean }): RawBuilder<boolean> {
  const promise = sql`EXISTS (SELECT 1 FROM promise_to_pay kp WHERE kp.case_id = cc.id AND kp.state = 'pending')`;
  if (!options.arrangements) return sql<boolean>`(${promise})`;
  return sql<boolean>`(${promise} OR EXISTS (
    SELECT 1 FROM arrangement ka WHERE ka.case_id = cc.id AND ka.status = 'active'))`;
}

/** A case as allocation changes need it, locked. */
export interface AllocationCaseRow {
  id: string;
  loan_id: string;
  customer_id: string;
  status: string;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
  assigned_on: string | null;
  version: number;
}

/** A user as a possible holder of cases. */
export interface HolderUserRow {
  id: string;
  username: string;
  display_name: string;
  roles: string[];
  agency_id: string | null;
  disabled_at: Date | null;
  team_ids: string[];
}

export interface CollectorRow extends HolderUserRow {
  teams: { id: string; code: string; name: string }[];
  capacity: number | null;
  load: number;
}

/** A case the daily step may (re)allocate, with the facts rules look at. */
export interface CandidateRow {
  id: string;
  holder_user_id: string | null;
  holder_team_id: string | null;
  stage: string;
  segment: string | null;
  province: string | null;
  region_code: string | null;
  owed_fen: number;
  kept: boolean;
  /** Everyone who held the case before (never given it back by the daily step). */
  previous_holder_ids: string[];
}

export interface RuleRow {
  id: string;
  name: string;
  priority: number;
  enabled: boolean;
  conditions: unknown;
  method: string;
  target_team_ids: string[];
  target_user_ids: string[];
  revision: number;
  rr_last_user_id: string | null;
  created_at: Date;
  updated_at: Date;
  updated_by_username: string | null;
}

export interface RuleWrite {
  name: string;
  priority: number;
  enabled: boolean;
  conditions: unknown;
  method: string;
  teamIds: readonly string[];
  userIds: readonly string[];
}

export interface AssignmentWrite {
  caseId: string;
  fromUserId: string | null;
  fromTeamId: string | null;
  toUserId: string | null;
  toTeamId: string | null;
  reason: 'rule' | 'manual' | 'bulk' | 'return' | 'reallocation';
  ruleId: string | null;
  note: string | null;
  onDate: string;
  at: Date;
  byUserId: string | null;
}

export interface AssignmentRow {
  id: number;
  from_user: string | null;
  from_team_id: string | null;
  to_user: string | null;
  to_team_id: string | null;
  reason: string;
  rule_id: string | null;
  note: string | null;
  on_date: string;
  at: Date;
  by_user: string | null;
}

export interface SuspensionRow {
  id: string;
  case_id: string;
  customer_id: string;
  kind: string;
  reason: string;
  ends_at: Date | null;
  status: string;
  requested_by: string;
  requested_by_username: string;
  requested_at: Date;
  decided_by_username: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  hold_id: string | null;
  released_by_username: string | null;
  released_at: Date | null;
  release_reason: string | null;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

const CASE_COLUMNS = sql`cc.id, cc.loan_id, cc.customer_id, cc.status, cc.holder_user_id, cc.holder_team_id,
  cc.agency_id, cc.assigned_on::text AS assigned_on, cc.version`;

const HOLDER_USER = sql`u.id, u.username, u.display_name, u.roles, u.agency_id, u.disabled_at,
  coalesce((SELECT array_agg(ut.team_id ORDER BY t.code) FROM user_team ut JOIN team t ON t.id = ut.team_id
             WHERE ut.user_id = u.id), '{}') AS team_ids`;

/** 分案 allocation: rules, capacity, holders of cases and their history, suspensions. */
export class AllocationRepository {
  constructor(private readonly db: Database) {}

  /** Serialises the daily allocation step between workers sharing a day (until the transaction ends). */
  async lockDailyStep(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('huikuan.allocation.daily'))`.execute(this.db);
  }

  /** Whether the arrangements module's table exists yet (keeping then also counts active plans). */
  async hasArrangementTable(): Promise<boolean> {
    const { rows } = await sql<{ present: boolean }>`
      SELECT to_regclass('arrangement') IS NOT NULL AS present`.execute(this.db);
    return rows[0]?.present ?? false;
  }

  // ------------------------------------------------------------------ cases

  async caseById(caseId: string): Promise<AllocationCaseRow | undefined> {
    const { rows } = await sql<AllocationCaseRow>`
      SELECT ${CASE_COLUMNS} FROM collection_case cc WHERE cc.id = ${caseId}`.execute(this.db);
    return rows[0];
  }

  /** The cases locked in id order (the order every allocation change takes them in). */
  async lockCases(caseIds: readonly string[]): Promise<AllocationCaseRow[]> {
    if (caseIds.length === 0) return [];
    const { rows } = await sql<AllocationCaseRow>`
      SELECT ${CASE_COLUMNS} FROM collection_case cc
       WHERE cc.id = ANY(${[...caseIds]}::uuid[])
       ORDER BY cc.id
         FOR UPDATE OF cc`.execute(this.db);
    return rows;
  }

  /**
   * 分案列表 open cases for a lead to allocate, paged: those the lead may see (their teams' and
   * their own, or the whole book) plus the unassigned pool; `holder` narrows to one collector
   * or to the pool. One statement: holder, version and the 留案 flag come with each row.
   */
  async caseList(input: {
    scope: { userId: string; teamIds: readonly string[] } | null;
    holder: string | 'unheld' | null;
    arrangements: boolean;
    limit: number;
    offset: number;
  }): Promise<CaseListRow[]> {
    const scope =
      input.scope === null
        ? sql`true`
        : sql`(cc.holder_user_id = ${input.scope.userId}::uuid
               OR cc.holder_team_id = ANY(${[...input.scope.teamIds]}::uuid[])
               OR EXISTS (SELECT 1 FROM user_team ut WHERE ut.user_id = cc.holder_user_id
                           AND ut.team_id = ANY(${[...input.scope.teamIds]}::uuid[]))
               OR (cc.holder_user_id IS NULL AND cc.agency_id IS NULL))`;
    const holder =
      input.holder === null
        ? sql`true`
        : input.holder === 'unheld'
          ? sql`cc.holder_user_id IS NULL AND cc.agency_id IS NULL`
          : sql`cc.holder_user_id = ${input.holder}::uuid`;
    const { rows } = await sql<CaseListRow>`
      SELECT cc.id, cc.version, cc.status, cc.stage, cc.bucket, coalesce(ls.dpd, cc.dpd) AS dpd,
             (coalesce(ls.overdue_principal_fen, 0) + coalesce(ls.overdue_interest_fen, 0)
              + coalesce(ls.overdue_fees_fen, 0) + coalesce(ls.overdue_penalty_fen, 0))::bigint AS overdue_fen,
             l.source_ref AS loan_ref, cu.source_ref AS customer_ref, cu.name AS customer_name,
             cc.holder_user_id, u.username AS holder_username, u.display_name AS holder_name,
             cc.holder_team_id, cc.agency_id, cc.assigned_on::text AS assigned_on,
             ${caseIsKept({ arrangements: input.arrangements })} AS kept,
             count(*) OVER ()::int AS total
        FROM collection_case cc
        JOIN loan l ON l.id = cc.loan_id
        JOIN customer cu ON cu.id = cc.customer_id
        LEFT JOIN loan_state ls ON ls.loan_id = cc.loan_id
        LEFT JOIN app_user u ON u.id = cc.holder_user_id
       WHERE cc.status = 'open' AND ${scope} AND ${holder}
       ORDER BY overdue_fen DESC, cc.id
       LIMIT ${input.limit} OFFSET ${input.offset}`.execute(this.db);
    return rows;
  }

  async isKept(caseId: string, arrangements: boolean): Promise<boolean> {
    const { rows } = await sql<{ kept: boolean }>`
      SELECT ${caseIsKept({ arrangements })} AS kept FROM collection_case cc WHERE cc.id = ${caseId}`.execute(
      this.db,
    );
    return rows[0]?.kept ?? false;
  }

  /** Sets the holder (user, team, agency) and the date they got it; the version goes up by one. */
  async setHolder(
    caseId: string,
    holder: {
      userId: string | null;
      teamId: string | null;
      agencyId: string | null;
      assignedOn: string | null;
    },
    at: Date,
  ): Promise<number> {
    const row = await this.db
      .updateTable('collection_case')
      .set((eb) => ({
        holder_user_id: holder.userId,
        holder_team_id: holder.teamId,
        agency_id: holder.agencyId,
        assigned_on: holder.assignedOn,
        version: eb('version', '+', 1),
        updated_at: at,
      }))
      .where('id', '=', caseId)
      .returning('version')
      .executeTakeFirstOrThrow();
    return row.version;
  }

  /**
   * The daily step's holder changes, set-based: each case gets its new holder only if it is still
   * open and still held by whom the step saw (a manual change in between wins). Returns the ids changed.
   */
  async setHolders(
    changes: readonly {
      caseId: string;
      expectedHolder: string | null;
      userId: string;
      teamId: string | null;
      agencyId: string | null;
    }[],
    assignedOn: string,
    at: Date,
  ): Promise<string[]> {
    if (changes.length === 0) return [];
    const { rows } = await sql<{ id: string }>`
      UPDATE collection_case cc
         SET holder_user_id = c.user_id, holder_team_id = c.team_id, agency_id = c.agency_id,
             assigned_on = ${assignedOn}::date, version = cc.version + 1, updated_at = ${at}
        FROM unnest(${changes.map((c) => c.caseId)}::uuid[], ${changes.map((c) => c.expectedHolder)}::uuid[],
                    ${changes.map((c) => c.userId)}::uuid[], ${changes.map((c) => c.teamId)}::uuid[],
                    ${changes.map((c) => c.agencyId)}::uuid[])
             AS c(case_id, expected_holder, user_id, team_id, agency_id)
       WHERE cc.id = c.case_id AND cc.status = 'open'
         AND cc.holder_user_id IS NOT DISTINCT FROM c.expected_holder
      RETURNING cc.id`.execute(this.db);
    return rows.map((r) => r.id);
  }

  async insertAssignments(rows: readonly AssignmentWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('case_assignment')
      .values(
        rows.map((r) => ({
          case_id: r.caseId,
          from_user_id: r.fromUserId,
          from_team_id: r.fromTeamId,
          to_user_id: r.toUserId,
          to_team_id: r.toTeamId,
          reason: r.reason,
          rule_id: r.ruleId,
          note: r.note,
          on_date: r.onDate,
          at: r.at,
          by_user_id: r.byUserId,
        })),
      )
      .execute();
  }

  /** A case's assignment history, oldest first. */
  async history(caseId: string): Promise<AssignmentRow[]> {
    const { rows } = await sql<AssignmentRow>`
      SELECT a.id::int AS id, fu.username AS from_user, a.from_team_id, tu.username AS to_user, a.to_team_id,
             a.reason, a.rule_id, a.note, a.on_date::text AS on_date, a.at, bu.username AS by_user
        FROM case_assignment a
        LEFT JOIN app_user fu ON fu.id = a.from_user_id
        LEFT JOIN app_user tu ON tu.id = a.to_user_id
        LEFT JOIN app_user bu ON bu.id = a.by_user_id
       WHERE a.case_id = ${caseId}
       ORDER BY a.id`.execute(this.db);
    return rows;
  }

  /**
   * Open cases nobody holds, with their facts and their previous holders: what the daily step
   * allocates by the rules.
   */
  async unheldOpenCases(arrangements: boolean): Promise<CandidateRow[]> {
    return this.candidates(sql`cc.holder_user_id IS NULL`, arrangements);
  }

  /**
   * 自动回收 held open cases without progress since `since` (inclusive: nothing on or after it):
   * no right-party contact, no promise taken, no payment received since the holder got the case
   * (or since `since`, whichever is later) — and contact was possible: no suspension in force and
   * no active hold on the debtor. Kept cases are returned with kept = true (the allocator keeps them).
   */
  async casesWithoutProgress(
    since: string,
    at: Date,
    timeZone: string,
    arrangements: boolean,
  ): Promise<CandidateRow[]> {
    return this.candidates(
      sql`cc.holder_user_id IS NOT NULL
        AND coalesce(cc.assigned_on, cc.opened_on) <= ${since}::date
        AND NOT EXISTS (SELECT 1 FROM contact_attempt ca
                         WHERE ca.case_id = cc.id AND ca.right_party
                           AND (ca.at AT TIME ZONE ${timeZone})::date >= ${since}::date)
        AND NOT EXISTS (SELECT 1 FROM promise_to_pay pp WHERE pp.case_id = cc.id AND pp.taken_on >= ${since}::date)
        AND NOT EXISTS (SELECT 1 FROM payment py WHERE py.loan_id = cc.loan_id AND py.received_on >= ${since}::date)
        AND NOT EXISTS (SELECT 1 FROM case_suspension cs WHERE cs.case_id = cc.id AND cs.status = 'approved')
        AND NOT EXISTS (SELECT 1 FROM collection_hold h
                         WHERE h.customer_id = cc.customer_id AND h.starts_at <= ${at}
                           AND (h.ends_at IS NULL OR h.ends_at > ${at})
                           AND (h.released_at IS NULL OR h.released_at > ${at}))`,
      arrangements,
    );
  }

  private async candidates(where: RawBuilder<unknown>, arrangements: boolean): Promise<CandidateRow[]> {
    const { rows } = await sql<CandidateRow>`
      SELECT cc.id, cc.holder_user_id, cc.holder_team_id, cc.stage, cs.segment_code AS segment,
             cu.province, cu.region_code,
             coalesce(ls.overdue_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen
                      + ls.overdue_penalty_fen, 0)::bigint AS owed_fen,
             ${caseIsKept({ arrangements })} AS kept,
             coalesce((SELECT array_agg(DISTINCT h.user_id) FROM case_assignment a
                         CROSS JOIN LATERAL (VALUES (a.from_user_id), (a.to_user_id)) AS h(user_id)
                        WHERE a.case_id = cc.id AND h.user_id IS NOT NULL), '{}') AS previous_holder_ids
        FROM collection_case cc
        JOIN customer cu ON cu.id = cc.customer_id
        LEFT JOIN loan_state ls ON ls.loan_id = cc.loan_id
        LEFT JOIN case_strategy cs ON cs.case_id = cc.id
       WHERE cc.status = 'open' AND ${where}
       ORDER BY cc.id`.execute(this.db);
    return rows.map((r) => ({ ...r, owed_fen: Number(r.owed_fen) }));
  }

  // ------------------------------------------------------------------ users and capacity

  async holderUser(userId: string): Promise<HolderUserRow | undefined> {
    const { rows } =
      await sql<HolderUserRow>`SELECT ${HOLDER_USER} FROM app_user u WHERE u.id = ${userId}`.execute(this.db);
    return rows[0];
  }

  /** Every user with their teams, own capacity (null = the default) and open cases held. */
  async collectors(): Promise<CollectorRow[]> {
    const { rows } = await sql<CollectorRow>`
      SELECT ${HOLDER_USER},
             coalesce((SELECT json_agg(json_build_object('id', t.id, 'code', t.code, 'name', t.name) ORDER BY t.code)
                         FROM user_team ut JOIN team t ON t.id = ut.team_id WHERE ut.user_id = u.id), '[]') AS teams,
             cap.capacity,
             (SELECT count(*)::int FROM collection_case cc WHERE cc.holder_user_id = u.id AND cc.status = 'open') AS load
        FROM app_user u
        LEFT JOIN collector_capacity cap ON cap.user_id = u.id
       ORDER BY u.username`.execute(this.db);
    return rows;
  }

  async setCapacity(userId: string, capacity: number, at: Date, by: string | null): Promise<number | null> {
    const before = await this.db
      .selectFrom('collector_capacity')
      .select('capacity')
      .where('user_id', '=', userId)
      .forUpdate()
      .executeTakeFirst();
    await this.db
      .insertInto('collector_capacity')
      .values({ user_id: userId, capacity, updated_at: at, updated_by: by })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ capacity, updated_at: at, updated_by: by }))
      .execute();
    return before?.capacity ?? null;
  }

  async existingTeamIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('team')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    return rows.map((r) => r.id);
  }

  async existingUserIds(ids: readonly string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_user')
      .select('id')
      .where('id', 'in', [...ids])
      .execute();
    return rows.map((r) => r.id);
  }

  // ------------------------------------------------------------------ rules

  private selectRules() {
    return this.db
      .selectFrom('allocation_rule as r')
      .leftJoin('app_user as u', 'u.id', 'r.updated_by')
      .select([
        'r.id',
        'r.name',
        'r.priority',
        'r.enabled',
        'r.conditions',
        'r.method',
        'r.target_team_ids',
        'r.target_user_ids',
        'r.revision',
        'r.rr_last_user_id',
        'r.created_at',
        'r.updated_at',
        'u.username as updated_by_username',
      ])
      .where('r.deleted_at', 'is', null);
  }

  /** The rules in force (not retired), by priority then id. */
  async rules(): Promise<RuleRow[]> {
    return this.selectRules().orderBy('r.priority').orderBy('r.id').execute();
  }

  async rule(id: string, lock = false): Promise<RuleRow | undefined> {
    if (lock) {
      await this.db.selectFrom('allocation_rule').select('id').where('id', '=', id).forUpdate().execute();
    }
    return this.selectRules().where('r.id', '=', id).executeTakeFirst();
  }

  async insertRule(id: string, rule: RuleWrite, at: Date, by: string | null): Promise<void> {
    await this.db
      .insertInto('allocation_rule')
      .values({
        id,
        name: rule.name,
        priority: rule.priority,
        enabled: rule.enabled,
        conditions: JSON.stringify(rule.conditions),
        method: rule.method,
        target_team_ids: [...rule.teamIds],
        target_user_ids: [...rule.userIds],
        created_by: by,
        created_at: at,
        updated_by: by,
        updated_at: at,
      })
      .execute();
  }

  async updateRule(id: string, rule: RuleWrite, at: Date, by: string | null): Promise<void> {
    await this.db
      .updateTable('allocation_rule')
      .set((eb) => ({
        name: rule.name,
        priority: rule.priority,
        enabled: rule.enabled,
        conditions: JSON.stringify(rule.conditions),
        method: rule.method,
        target_team_ids: [...rule.teamIds],
        target_user_ids: [...rule.userIds],
        revision: eb('revision', '+', 1),
        updated_by: by,
        updated_at: at,
      }))
      .where('id', '=', id)
      .execute();
  }

  async retireRule(id: string, at: Date, by: string | null): Promise<void> {
    await this.db
      .updateTable('allocation_rule')
      .set((eb) => ({ deleted_at: at, updated_at: at, updated_by: by, revision: eb('revision', '+', 1) }))
      .where('id', '=', id)
      .execute();
  }

  async setRoundRobinCursors(cursors: Readonly<Record<string, string>>): Promise<void> {
    for (const [ruleId, userId] of Object.entries(cursors)) {
      await this.db
        .updateTable('allocation_rule')
        .set({ rr_last_user_id: userId })
        .where('id', '=', ruleId)
        .where((eb) => eb('rr_last_user_id', 'is distinct from', userId))
        .execute();
    }
  }

  // ------------------------------------------------------------------ suspensions

  private selectSuspensions() {
    return sql`
      SELECT s.id, s.case_id, s.customer_id, s.kind, s.reason, s.ends_at, s.status,
             s.requested_by, ru.username AS requested_by_username, s.requested_at,
             du.username AS decided_by_username, s.decided_at, s.decision_note, s.hold_id,
             lu.username AS released_by_username, s.released_at, s.release_reason,
             cc.holder_user_id, cc.holder_team_id, cc.agency_id
        FROM case_suspension s
        JOIN collection_case cc ON cc.id = s.case_id
        JOIN app_user ru ON ru.id = s.requested_by
        LEFT JOIN app_user du ON du.id = s.decided_by
        LEFT JOIN app_user lu ON lu.id = s.released_by`;
  }

  async suspension(id: string, lock = false): Promise<SuspensionRow | undefined> {
    if (lock) {
      await this.db.selectFrom('case_suspension').select('id').where('id', '=', id).forUpdate().execute();
    }
    const { rows } = await sql<SuspensionRow>`${this.selectSuspensions()} WHERE s.id = ${id}`.execute(
      this.db,
    );
    return rows[0];
  }

  async suspensionsOfCase(caseId: string): Promise<SuspensionRow[]> {
    const { rows } = await sql<SuspensionRow>`${this.selectSuspensions()}
       WHERE s.case_id = ${caseId} ORDER BY s.requested_at DESC, s.id`.execute(this.db);
    return rows;
  }

  async suspensions(status: string | null, limit: number): Promise<SuspensionRow[]> {
    const { rows } = await sql<SuspensionRow>`${this.selectSuspensions()}
       WHERE (${status}::text IS NULL OR s.status = ${status})
       ORDER BY s.requested_at DESC, s.id LIMIT ${limit}`.execute(this.db);
    return rows;
  }

  async openSuspensionOfCase(caseId: string): Promise<{ id: string; status: string } | undefined> {
    return this.db
      .selectFrom('case_suspension')
      .select(['id', 'status'])
      .where('case_id', '=', caseId)
      .where('status', 'in', ['requested', 'approved'])
      .executeTakeFirst();
  }

  async insertSuspension(s: {
    id: string;
    caseId: string;
    customerId: string;
    kind: string;
    reason: string;
    endsAt: Date | null;
    requestedBy: string;
    requestedAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('case_suspension')
      .values({
        id: s.id,
        case_id: s.caseId,
        customer_id: s.customerId,
        kind: s.kind,
        reason: s.reason,
        ends_at: s.endsAt,
        status: 'requested',
        requested_by: s.requestedBy,
        requested_at: s.requestedAt,
      })
      .execute();
  }

  async decideSuspension(
    id: string,
    decision: {
      status: 'approved' | 'rejected';
      by: string;
      at: Date;
      note: string | null;
      holdId: string | null;
    },
  ): Promise<void> {
    await this.db
      .updateTable('case_suspension')
      .set({
        status: decision.status,
        decided_by: decision.by,
        decided_at: decision.at,
        decision_note: decision.note,
        hold_id: decision.holdId,
      })
      .where('id', '=', id)
      .where('status', '=', 'requested')
      .execute();
  }

  async releaseSuspension(id: string, by: string, at: Date, reason: string): Promise<void> {
    await this.db
      .updateTable('case_suspension')
      .set({ status: 'released', released_by: by, released_at: at, release_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'approved')
      .execute();
  }
}
