import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface CollectorFiguresRow {
  user_id: string;
  username: string;
  display_name: string;
  disabled: boolean;
  open_cases: number;
  attempts: number;
  connected: number;
  right_party: number;
  promises: number;
  promised_fen: number;
  kept: number;
  broken: number;
  collected_fen: number;
}

export interface QueueHealthRow {
  open_cases: number;
  unassigned: number;
  early: number;
  middle: number;
  late: number;
  other_stages: number;
  calls_due_today: number;
  calls_done_today: number;
  calls_overdue: number;
  promises_due_today: number;
  promises_broken_today: number;
  on_hold: number;
}

export interface ContactTotalsRow {
  attempts: number;
  connected: number;
  right_party: number;
  refused_by_gate: number;
  messages_sent: number;
  breaches: number;
}

/**
 * The team console's figures, set-based: one statement each for queue health, today's contact
 * totals and the per-collector figures. `holders` limits everything to the cases held by those
 * users (a team lead's teams); null means the whole book.
 */
export class TeamRepository {
  constructor(private readonly db: Database) {}

  /** Active and disabled users who work cases (collector or team lead), in the teams given (null: all). */
  async members(teamIds: readonly string[] | null): Promise<string[]> {
    const { rows } = await sql<{ id: string }>`
      SELECT u.id FROM app_user u
       WHERE u.roles && ARRAY['collector','team_lead']::text[] AND u.agency_id IS NULL
         AND (${teamIds === null} OR EXISTS (
               SELECT 1 FROM user_team ut WHERE ut.user_id = u.id AND ut.team_id = ANY(${[...(teamIds ?? [])]}::uuid[])))
       ORDER BY u.username`.execute(this.db);
    return rows.map((r) => r.id);
  }

  async collectorFigures(input: {
    userIds: readonly string[];
    businessDate: string;
    from: Date;
    to: Date;
  }): Promise<CollectorFiguresRow[]> {
    if (input.userIds.length === 0) return [];
    const { rows } = await sql<CollectorFiguresRow>`
      WITH u AS (
        SELECT id, username, display_name, disabled_at IS NOT NULL AS disabled FROM app_user
         WHERE id = ANY(${[...input.userIds]}::uuid[])
      ), att AS (
        SELECT a.actor_user_id AS user_id, count(*)::int AS attempts,
               count(*) FILTER (WHERE a.connected)::int AS connected,
               count(*) FILTER (WHERE a.right_party)::int AS right_party
          FROM contact_attempt a
         WHERE a.actor_user_id = ANY(${[...input.userIds]}::uuid[]) AND a.path <> 'dispatch'
           AND a.at >= ${input.from} AND a.at < ${input.to}
         GROUP BY 1
      ), pr AS (
        SELECT p.taken_by AS user_id, count(*)::int AS promises, sum(p.amount_fen)::bigint AS promised_fen
          FROM promise_to_pay p
         WHERE p.taken_by = ANY(${[...input.userIds]}::uuid[]) AND p.taken_on = ${input.businessDate}::date
         GROUP BY 1
      ), settled AS (
        SELECT p.taken_by AS user_id,
               count(*) FILTER (WHERE p.state = 'kept')::int AS kept,
               count(*) FILTER (WHERE p.state IN ('broken','partly_kept'))::int AS broken
          FROM promise_to_pay p
         WHERE p.taken_by = ANY(${[...input.userIds]}::uuid[]) AND p.resolved_on = ${input.businessDate}::date
         GROUP BY 1
      ), held AS (
        SELECT cc.holder_user_id AS user_id, count(*)::int AS open_cases
          FROM collection_case cc
         WHERE cc.status = 'open' AND cc.holder_user_id = ANY(${[...input.userIds]}::uuid[])
         GROUP BY 1
      ), coll AS (
        SELECT cc.holder_user_id AS user_id, sum(p.amount_fen)::bigint AS collected_fen
          FROM payment p
          JOIN collection_case cc ON cc.loan_id = p.loan_id
               AND cc.opened_on <= p.received_on AND (cc.closed_on IS NULL OR cc.closed_on >= p.received_on)
         WHERE p.status = 'posted' AND p.received_on = ${input.businessDate}::date
           AND cc.holder_user_id = ANY(${[...input.userIds]}::uuid[])
         GROUP BY 1
      )
      SELECT u.id AS user_id, u.username, u.display_name, u.disabled,
             coalesce(held.open_cases, 0) AS open_cases,
             coalesce(att.attempts, 0) AS attempts, coalesce(att.connected, 0) AS connected,
             coalesce(att.right_party, 0) AS right_party,
             coalesce(pr.promises, 0) AS promises, coalesce(pr.promised_fen, 0) AS promised_fen,
             coalesce(settled.kept, 0) AS kept, coalesce(settled.broken, 0) AS broken,
             coalesce(coll.collected_fen, 0) AS collected_fen
        FROM u
        LEFT JOIN att ON att.user_id = u.id
        LEFT JOIN pr ON pr.user_id = u.id
        LEFT JOIN settled ON settled.user_id = u.id
        LEFT JOIN held ON held.user_id = u.id
        LEFT JOIN coll ON coll.user_id = u.id
       ORDER BY u.username`.execute(this.db);
    return rows;
  }

  /** Open cases of the scope (held by the users, or unassigned ones too when the scope is the whole book). */
  async queueHealth(input: {
    userIds: readonly string[] | null;
    businessDate: string;
  }): Promise<QueueHealthRow> {
    const scope =
      input.userIds === null ? sql`true` : sql`cc.holder_user_id = ANY(${[...input.userIds]}::uuid[])`;
    const { rows } = await sql<QueueHealthRow>`
      SELECT count(*)::int AS open_cases,
             count(*) FILTER (WHERE cc.holder_user_id IS NULL AND cc.agency_id IS NULL)::int AS unassigned,
             count(*) FILTER (WHERE cc.stage = 'early')::int AS early,
             count(*) FILTER (WHERE cc.stage = 'middle')::int AS middle,
             count(*) FILTER (WHERE cc.stage = 'late')::int AS late,
             count(*) FILTER (WHERE cc.stage NOT IN ('early','middle','late'))::int AS other_stages,
             coalesce(sum(calls.due), 0)::int AS calls_due_today,
             coalesce(sum(calls.done), 0)::int AS calls_done_today,
             coalesce(sum(calls.overdue), 0)::int AS calls_overdue,
             count(*) FILTER (WHERE pr.due_on = ${input.businessDate}::date)::int AS promises_due_today,
             count(*) FILTER (WHERE lp.broken_today)::int AS promises_broken_today,
             count(*) FILTER (WHERE EXISTS (
               SELECT 1 FROM collection_hold h WHERE h.customer_id = cc.customer_id AND h.released_at IS NULL
                  AND h.starts_at <= now() AND (h.ends_at IS NULL OR h.ends_at > now()) AND h.channels IS NULL))::int AS on_hold
        FROM collection_case cc
        LEFT JOIN LATERAL (
          SELECT count(*) FILTER (WHERE pa.planned_for = ${input.businessDate}::date) AS due,
                 count(*) FILTER (WHERE pa.planned_for = ${input.businessDate}::date AND pa.status = 'done') AS done,
                 count(*) FILTER (WHERE pa.planned_for < ${input.businessDate}::date AND pa.status = 'planned') AS overdue
            FROM planned_action pa
           WHERE pa.case_id = cc.id AND pa.channel = 'call-task' AND pa.planned_for <= ${input.businessDate}::date
        ) calls ON true
        LEFT JOIN promise_to_pay pr ON pr.case_id = cc.id AND pr.state = 'pending'
        LEFT JOIN LATERAL (
          SELECT bool_or(p.state IN ('broken','partly_kept') AND p.resolved_on = ${input.businessDate}::date) AS broken_today
            FROM promise_to_pay p WHERE p.case_id = cc.id
        ) lp ON true
       WHERE cc.status = 'open' AND ${scope}`.execute(this.db);
    return rows[0]!;
  }

  /** Today's contact totals of the users (null: everyone) — gate refusals and breaches included. */
  async contactTotals(input: {
    userIds: readonly string[] | null;
    from: Date;
    to: Date;
  }): Promise<ContactTotalsRow> {
    const who = (col: string) =>
      input.userIds === null ? sql`true` : sql`${sql.ref(col)} = ANY(${[...input.userIds]}::uuid[])`;
    const { rows } = await sql<ContactTotalsRow>`
      SELECT
        (SELECT count(*) FROM contact_attempt a WHERE a.path <> 'dispatch' AND a.at >= ${input.from} AND a.at < ${input.to} AND ${who('a.actor_user_id')})::int AS attempts,
        (SELECT count(*) FROM contact_attempt a WHERE a.path <> 'dispatch' AND a.connected AND a.at >= ${input.from} AND a.at < ${input.to} AND ${who('a.actor_user_id')})::int AS connected,
        (SELECT count(*) FROM contact_attempt a WHERE a.path <> 'dispatch' AND a.right_party AND a.at >= ${input.from} AND a.at < ${input.to} AND ${who('a.actor_user_id')})::int AS right_party,
        (SELECT count(*) FROM contact_attempt a WHERE a.path <> 'dispatch' AND a.breach_rule_id IS NOT NULL AND a.at >= ${input.from} AND a.at < ${input.to} AND ${who('a.actor_user_id')})::int AS breaches,
        (SELECT count(*) FROM gate_decision d WHERE NOT d.allowed AND d.path <> 'dispatch' AND d.decided_at >= ${input.from} AND d.decided_at < ${input.to} AND ${who('d.actor_user_id')})::int AS refused_by_gate,
        (SELECT count(*) FROM message m WHERE m.sent_at >= ${input.from} AND m.sent_at < ${input.to}
            AND ${input.userIds === null ? sql`true` : sql`EXISTS (SELECT 1 FROM collection_case cc WHERE cc.id = m.case_id AND cc.holder_user_id = ANY(${[...input.userIds]}::uuid[]))`})::int AS messages_sent
    `.execute(this.db);
    return rows[0]!;
  }
}
