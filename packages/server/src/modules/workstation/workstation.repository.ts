import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** One case in a collector's queue. */
export interface QueueRow {
  case_id: string;
  version: number;
  loan_ref: string;
  customer_ref: string;
  customer_name: string;
  stage: string;
  bucket: string;
  dpd: number;
  overdue_fen: number;
  priority: number;
  top_step: string | null;
  top_why: unknown;
  promise_state: string | null;
  promise_due_on: string | null;
  promise_amount_fen: number | null;
  last_attempt_at: Date | null;
  last_outcome: string | null;
  attempted_today: boolean;
  on_hold: boolean;
}

export interface CaseHeaderRow {
  id: string;
  version: number;
  status: string;
  stage: string;
  bucket: string;
  dpd: number;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  delinquency_reason: string | null;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
  holder_username: string | null;
  holder_name: string | null;
  customer_id: string;
  customer_ref: string;
  loan_id: string;
  loan_ref: string;
  loan_status: string;
  product_code: string;
  product_name: string;
  annual_rate: string;
  penalty_rate_multiplier: string;
  day_count_basis: string;
  principal_fen: number;
  disbursed_on: string;
  overdue_principal_fen: number;
  overdue_interest_fen: number;
  overdue_fees_fen: number;
  overdue_penalty_fen: number;
  outstanding_principal_fen: number;
  segment_code: string | null;
  strategy_code: string | null;
  strategy_version: number | null;
  variant: string | null;
}

export interface InstallmentRow {
  seq: number;
  due_on: string;
  principal_due_fen: number;
  interest_due_fen: number;
  fee_due_fen: number;
  penalty_due_fen: number;
  compound_due_fen: number;
  principal_paid_fen: number;
  interest_paid_fen: number;
  fee_paid_fen: number;
  penalty_paid_fen: number;
  compound_paid_fen: number;
  paid_off_on: string | null;
}

export interface TimelineRow {
  kind: string;
  at: Date;
  id: string;
  detail: Record<string, unknown>;
}

export interface TodayActionRow {
  id: string;
  step_id: string;
  channel: string;
  status: string;
  priority: number;
  why_line: unknown;
  rule_id: string | null;
  cancel_reason: string | null;
}

/** What the collector workstation reads: queues, the case header, schedule and timeline. */
export class WorkstationRepository {
  constructor(private readonly db: Database) {}

  /**
   * 我的队列 the open cases a user holds (or their teams hold), highest priority first: today's
   * top pending call task (the strategy's priority), then the nearest promised date, then the
   * overdue amount.
   */
  async queue(input: {
    userId: string;
    teamIds: readonly string[];
    scope: 'mine' | 'team';
    businessDate: string;
    dayStart: Date;
    limit: number;
    /** Only this case (the next case's row). */
    caseId?: string;
  }): Promise<QueueRow[]> {
    const holder =
      input.scope === 'mine'
        ? sql`cc.holder_user_id = ${input.userId}::uuid`
        : sql`(cc.holder_user_id = ${input.userId}::uuid OR cc.holder_team_id = ANY(${[...input.teamIds]}::uuid[]))`;
    const only = input.caseId ? sql`AND cc.id = ${input.caseId}::uuid` : sql``;
    const { rows } = await sql<QueueRow>`
      SELECT cc.id AS case_id, cc.version, l.source_ref AS loan_ref, cu.source_ref AS customer_ref,
             cu.name AS customer_name, cc.stage, ls.bucket, ls.dpd,
             (ls.overdue_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen + ls.overdue_penalty_fen)::bigint AS overdue_fen,
             coalesce(pa.priority, 0) AS priority, pa.step_id AS top_step, pa.why_line AS top_why,
             pr.state AS promise_state, pr.due_on::text AS promise_due_on, pr.amount_fen AS promise_amount_fen,
             la.at AS last_attempt_at, la.outcome_code AS last_outcome,
             coalesce(la.at >= ${input.dayStart}, false) AS attempted_today,
             EXISTS (SELECT 1 FROM collection_hold h
                      WHERE h.customer_id = cc.customer_id AND h.released_at IS NULL
                        AND h.starts_at <= now() AND (h.ends_at IS NULL OR h.ends_at > now())
                        AND h.channels IS NULL) AS on_hold
        FROM collection_case cc
        JOIN loan l ON l.id = cc.loan_id
        JOIN loan_state ls ON ls.loan_id = cc.loan_id
        JOIN customer cu ON cu.id = cc.customer_id
        LEFT JOIN LATERAL (
          SELECT p.priority, p.step_id, p.why_line FROM planned_action p
           WHERE p.case_id = cc.id AND p.planned_for = ${input.businessDate}::date
             AND p.channel IN ('call-task','visit') AND p.status = 'planned'
           ORDER BY p.priority DESC LIMIT 1) pa ON true
        LEFT JOIN promise_to_pay pr ON pr.case_id = cc.id AND pr.state = 'pending'
        LEFT JOIN LATERAL (
          SELECT a.at, a.outcome_code FROM contact_attempt a
           WHERE a.case_id = cc.id AND a.path IN ('dial','call-log','third-party','visit')
           ORDER BY a.at DESC LIMIT 1) la ON true
       WHERE cc.status = 'open' AND ${holder} ${only}
       ORDER BY coalesce(pa.priority, 0) DESC, pr.due_on ASC NULLS LAST, overdue_fen DESC, cc.id
       LIMIT ${input.limit}
    `.execute(this.db);
    return rows;
  }

  /**
   * 下一案件 the first case of a user's own queue, in the queue's order, not attempted today and not
   * on hold. Only the ordering keys are computed for every held case (today's top task, the
   * pending promise, the overdue amount); the attempt and hold checks run in that order until one
   * case passes (the ordered subquery is not flattened), and the display columns are left to the
   * queue's row of that one case.
   */
  async nextCaseId(input: { userId: string; businessDate: string; dayStart: Date }): Promise<string | null> {
    const { rows } = await sql<{ case_id: string }>`
      SELECT q.case_id FROM (
        SELECT cc.id AS case_id, cc.customer_id
          FROM collection_case cc
          JOIN loan_state ls ON ls.loan_id = cc.loan_id
          LEFT JOIN LATERAL (
            SELECT p.priority FROM planned_action p
             WHERE p.case_id = cc.id AND p.planned_for = ${input.businessDate}::date
               AND p.channel IN ('call-task','visit') AND p.status = 'planned'
             ORDER BY p.priority DESC LIMIT 1) pa ON true
          LEFT JOIN promise_to_pay pr ON pr.case_id = cc.id AND pr.state = 'pending'
         WHERE cc.status = 'open' AND cc.holder_user_id = ${input.userId}::uuid
         ORDER BY coalesce(pa.priority, 0) DESC, pr.due_on ASC NULLS LAST,
                  (ls.overdue_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen + ls.overdue_penalty_fen) DESC,
                  cc.id
      ) q
      WHERE NOT EXISTS (SELECT 1 FROM contact_attempt a
                         WHERE a.case_id = q.case_id AND a.path IN ('dial','call-log','third-party','visit')
                           AND a.at >= ${input.dayStart})
        AND NOT EXISTS (SELECT 1 FROM collection_hold h
                         WHERE h.customer_id = q.customer_id AND h.released_at IS NULL
                           AND h.starts_at <= now() AND (h.ends_at IS NULL OR h.ends_at > now())
                           AND h.channels IS NULL)
      LIMIT 1
    `.execute(this.db);
    return rows[0]?.case_id ?? null;
  }

  async caseHeader(caseId: string): Promise<CaseHeaderRow | undefined> {
    const { rows } = await sql<CaseHeaderRow>`
      SELECT cc.id, cc.version, cc.status, cc.stage, cc.bucket, coalesce(ls.dpd, cc.dpd) AS dpd,
             cc.opened_on::text, cc.closed_on::text, cc.close_reason, cc.delinquency_reason,
             cc.holder_user_id, cc.holder_team_id, cc.agency_id,
             u.username AS holder_username, u.display_name AS holder_name,
             cc.customer_id, cu.source_ref AS customer_ref, cc.loan_id, l.source_ref AS loan_ref, l.status AS loan_status,
             p.code AS product_code, p.name AS product_name, p.annual_rate::text, p.penalty_rate_multiplier::text,
             p.day_count_basis, l.principal_fen, l.disbursed_on::text,
             coalesce(ls.overdue_principal_fen, 0) AS overdue_principal_fen,
             coalesce(ls.overdue_interest_fen, 0) AS overdue_interest_fen,
             coalesce(ls.overdue_fees_fen, 0) AS overdue_fees_fen,
             coalesce(ls.overdue_penalty_fen, 0) AS overdue_penalty_fen,
             coalesce(ls.outstanding_principal_fen, 0) AS outstanding_principal_fen,
             cs.segment_code, sv.code AS strategy_code, sv.version AS strategy_version, cs.variant
        FROM collection_case cc
        JOIN loan l ON l.id = cc.loan_id
        JOIN product p ON p.id = l.product_id
        JOIN customer cu ON cu.id = cc.customer_id
        LEFT JOIN loan_state ls ON ls.loan_id = cc.loan_id
        LEFT JOIN app_user u ON u.id = cc.holder_user_id
        LEFT JOIN case_strategy cs ON cs.case_id = cc.id
        LEFT JOIN strategy_version sv ON sv.id = cs.strategy_version_id
       WHERE cc.id = ${caseId}::uuid
    `.execute(this.db);
    return rows[0];
  }

  async installments(loanId: string): Promise<InstallmentRow[]> {
    return this.db
      .selectFrom('installment')
      .select([
        'seq',
        sql<string>`due_on::text`.as('due_on'),
        'principal_due_fen',
        'interest_due_fen',
        'fee_due_fen',
        'penalty_due_fen',
        'compound_due_fen',
        'principal_paid_fen',
        'interest_paid_fen',
        'fee_paid_fen',
        'penalty_paid_fen',
        'compound_paid_fen',
        sql<string | null>`paid_off_on::text`.as('paid_off_on'),
      ])
      .where('loan_id', '=', loanId)
      .orderBy('seq')
      .execute();
  }

  /** Today's planned actions of the case with their one-line why. */
  async todayActions(caseId: string, businessDate: string): Promise<TodayActionRow[]> {
    return this.db
      .selectFrom('planned_action')
      .select(['id', 'step_id', 'channel', 'status', 'priority', 'why_line', 'rule_id', 'cancel_reason'])
      .where('case_id', '=', caseId)
      .where('planned_for', '=', businessDate)
      .orderBy('priority', 'desc')
      .execute();
  }

  /**
   * 时间线 everything that happened on the case, newest first: contact attempts (with their gate
   * decision), refused dials, messages, payments, promises, planned actions other than messages,
   * holds and case events.
   */
  async timeline(
    c: { id: string; loanId: string; customerId: string },
    limit: number,
  ): Promise<TimelineRow[]> {
    const { rows } = await sql<TimelineRow>`
      SELECT * FROM (
        SELECT 'attempt' AS kind, a.at, a.id::text AS id,
               jsonb_build_object('channel', a.channel, 'path', a.path, 'partyRole', a.party_role,
                 'status', a.status, 'connected', a.connected, 'rightParty', a.right_party,
                 'outcomeCode', a.outcome_code, 'note', a.note, 'recordingRef', a.recording_ref,
                 'delinquencyReason', a.delinquency_reason, 'willingness', a.willingness, 'ability', a.ability,
                 'breachRuleId', a.breach_rule_id, 'by', u.username) AS detail
          FROM contact_attempt a LEFT JOIN app_user u ON u.id = a.actor_user_id
         WHERE a.case_id = ${c.id}::uuid AND a.path <> 'dispatch'
        UNION ALL
        SELECT 'refused', d.attempt_at, d.id::text,
               jsonb_build_object('channel', d.channel, 'path', d.path, 'partyRole', d.party_role,
                 'ruleId', d.rule_id, 'reason', d.reason, 'nextAllowedAt', d.next_allowed_at, 'by', u.username)
          FROM gate_decision d LEFT JOIN app_user u ON u.id = d.actor_user_id
         WHERE d.case_id = ${c.id}::uuid AND NOT d.allowed AND d.path <> 'dispatch'
        UNION ALL
        SELECT 'message', coalesce(m.sent_at, m.created_at), m.id::text,
               jsonb_build_object('channel', m.channel, 'status', m.status, 'templateCode', m.template_code,
                 'provider', m.provider, 'body', m.body, 'deliveredAt', m.delivered_at)
          FROM message m WHERE m.case_id = ${c.id}::uuid
        UNION ALL
        SELECT 'payment', p.created_at, p.id::text,
               jsonb_build_object('amountFen', p.amount_fen, 'receivedOn', p.received_on, 'channel', p.channel,
                 'status', p.status, 'sourceRef', p.source_ref)
          FROM payment p WHERE p.loan_id = ${c.loanId}::uuid
        UNION ALL
        SELECT 'promise', pr.taken_at, pr.id::text,
               jsonb_build_object('amountFen', pr.amount_fen, 'dueOn', pr.due_on, 'state', pr.state,
                 'paidFen', pr.paid_fen, 'resolvedOn', pr.resolved_on, 'by', u.username, 'note', pr.note)
          FROM promise_to_pay pr LEFT JOIN app_user u ON u.id = pr.taken_by
         WHERE pr.case_id = ${c.id}::uuid
        UNION ALL
        SELECT 'plan', pa.due_at, pa.id::text,
               jsonb_build_object('channel', pa.channel, 'stepId', pa.step_id, 'status', pa.status,
                 'plannedFor', pa.planned_for, 'whyLine', pa.why_line, 'cancelReason', pa.cancel_reason)
          FROM planned_action pa
         WHERE pa.case_id = ${c.id}::uuid
           AND pa.channel NOT IN ('sms','push','email','emergency-contact-message')
        UNION ALL
        SELECT 'hold', h.starts_at, h.id::text,
               jsonb_build_object('holdKind', h.kind, 'reason', h.reason, 'channels', h.channels,
                 'endsAt', h.ends_at, 'releasedAt', h.released_at)
          FROM collection_hold h WHERE h.customer_id = ${c.customerId}::uuid
        UNION ALL
        SELECT 'case', e.created_at, e.id::text,
               jsonb_build_object('event', e.kind, 'onDate', e.on_date, 'from', e.from_value, 'to', e.to_value)
          FROM case_event e WHERE e.case_id = ${c.id}::uuid
      ) t
      ORDER BY at DESC, id DESC
      LIMIT ${limit}
    `.execute(this.db);
    return rows;
  }

  /**
   * 变更 case events after `afterId` on the cases a user holds (or their teams hold), oldest
   * first: what an open workstation polls to refresh its queue and case when a payment arrives.
   */
  async changes(input: {
    userId: string;
    teamIds: readonly string[];
    afterId: number;
    limit: number;
  }): Promise<{ id: number; case_id: string; kind: string; on_date: string }[]> {
    const { rows } = await sql<{ id: number; case_id: string; kind: string; on_date: string }>`
      SELECT e.id, e.case_id, e.kind, e.on_date::text
        FROM case_event e JOIN collection_case cc ON cc.id = e.case_id
       WHERE e.id > ${input.afterId}
         AND (cc.holder_user_id = ${input.userId}::uuid OR cc.holder_team_id = ANY(${[...input.teamIds]}::uuid[]))
       ORDER BY e.id LIMIT ${input.limit}`.execute(this.db);
    return rows;
  }

  async lastEventId(): Promise<number> {
    const { rows } = await sql<{ id: number | null }>`SELECT max(id) AS id FROM case_event`.execute(this.db);
    return Number(rows[0]?.id ?? 0);
  }

  /** The user's display name (the script names the collector). */
  async displayName(userId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('app_user')
      .select(['display_name', 'username'])
      .where('id', '=', userId)
      .executeTakeFirst();
    return row ? (row.display_name ?? row.username) : null;
  }
}
