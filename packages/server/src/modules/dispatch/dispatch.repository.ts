import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface StrategyVersionRow {
  id: string;
  code: string;
  version: number;
  status: string;
  definition: unknown;
}

/** An open case with the facts planning needs (one row per case). */
export interface PlanningCaseRow {
  case_id: string;
  customer_id: string;
  stage: string;
  opened_on: string;
  stage_started_on: string;
  dpd: number;
  bucket: string;
  overdue_fen: number;
  principal_fen: number;
  outstanding_fen: number;
  episodes: number;
  worst_dpd: number;
  last_outcome: string | null;
  product_code: string;
  region_code: string | null;
  province: string | null;
  has_collateral: boolean;
  self_contact_valid: boolean;
  valid_contacts: number;
  assigned_version_id: string | null;
  assigned_segment: string | null;
  assigned_stage: string | null;
  /** The case's latest promise that was not cancelled: its state, date and the day it settled. */
  promise_state?: string | null;
  promise_due_on?: string | null;
  promise_resolved_on?: string | null;
  /** The day the loan's latest broken arrangement (协商还款) was found broken, if any. */
  arrangement_broken_on?: string | null;
}

/** A case's strategy assignment as planning writes it. */
export interface CaseAssignment {
  caseId: string;
  strategyVersionId: string;
  segmentCode: string;
  stage: string;
  assignedOn: string;
  experimentCode?: string | null;
  variant?: string | null;
}

export interface PlannedActionWrite {
  id: string;
  caseId: string;
  customerId: string;
  strategyVersionId: string;
  segmentCode: string;
  stepId: string;
  channel: string;
  templateCode: string | null;
  plannedFor: string;
  dueAt: Date;
  priority: number;
  why: unknown;
  whyLine: unknown;
}

export interface DueActionRow {
  id: string;
  case_id: string;
  customer_id: string;
  step_id: string;
  channel: string;
  template_code: string | null;
  planned_for: string;
  attempts: number;
}

/** A leased action with everything sending it needs: case, debtor, chosen contact, amounts, message. */
export interface PageActionRow {
  id: string;
  case_id: string;
  customer_id: string;
  case_status: string;
  customer_name: string;
  customer_ref: string;
  time_zone: string;
  other_time_zones: string[];
  region_code: string | null;
  deceased: boolean;
  overdue_principal_fen: number;
  overdue_interest_fen: number;
  overdue_fees_fen: number;
  overdue_penalty_fen: number;
  outstanding_principal_fen: number;
  dpd: number;
  first_unpaid_due_on: string | null;
  /** The case's pending promise to pay, if any (the promise reminder names it). */
  promise_amount_fen?: number | null;
  promise_due_on?: string | null;
  /** The first usable contact of the action's role (null: none). */
  contact_id: string | null;
  contact_role: string | null;
  contact_validity: string | null;
  contact_refused_at: Date | null;
  phone_hash: Buffer | null;
  phone_enc: Buffer | null;
  /** The action's message when one exists already (a retry, or a crash before it was finished). */
  message_id: string | null;
  message_status: string | null;
}

export interface MessageWrite {
  id: string;
  key: string;
  plannedActionId: string;
  caseId: string;
  contactId: string;
  attemptId: string;
  channel: string;
  templateCode: string | null;
  templateVersion: number | null;
  provider: string;
  body: string;
  /** 'sending' until the provider answers; the sandbox's messages are written 'accepted'. */
  status: 'sending' | 'accepted';
  providerMessageId?: string | null;
  sentAt?: Date | null;
}

export interface OutboxWrite {
  id: string;
  messageId: string;
  channel: string;
  toMasked: string;
  subject: string | null;
  body: string;
  at: Date;
}

export interface ActionUpdate {
  id: string;
  status: string;
  dueAt?: Date;
  cancelReason?: string | null;
  ruleId?: string | null;
  decisionId?: string | null;
}

/** Rows per multi-row insert (well under PostgreSQL's 65,535 parameters a statement). */
const INSERT_CHUNK = 1000;

export interface TemplateRow {
  code: string;
  channel: string;
  locale: string;
  version: number;
  subject: string | null;
  body: string;
}

/** Strategies, case assignments, planned actions, messages and the sandbox outbox. */
export class DispatchRepository {
  constructor(private readonly db: Database) {}

  async lockDefaults(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtext('huikuan.strategy-defaults'))`.execute(this.db);
  }

  async activeStrategy(code: string): Promise<StrategyVersionRow | undefined> {
    return this.db
      .selectFrom('strategy_version')
      .select(['id', 'code', 'version', 'status', 'definition'])
      .where('code', '=', code)
      .where('status', '=', 'active')
      .executeTakeFirst();
  }

  async strategyVersions(ids: readonly string[]): Promise<StrategyVersionRow[]> {
    if (ids.length === 0) return [];
    return this.db
      .selectFrom('strategy_version')
      .select(['id', 'code', 'version', 'status', 'definition'])
      .where('id', 'in', ids)
      .execute();
  }

  async insertStrategyVersion(row: {
    id: string;
    code: string;
    version: number;
    status: string;
    definition: unknown;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('strategy_version')
      .values({
        id: row.id,
        code: row.code,
        version: row.version,
        status: row.status,
        definition: JSON.stringify(row.definition),
        submitted_at: row.at,
        activated_at: row.status === 'active' ? row.at : null,
      })
      .execute();
  }

  async approvedTemplateCount(): Promise<number> {
    const row = await this.db
      .selectFrom('message_template')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'approved')
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async insertTemplate(row: {
    id: string;
    code: string;
    channel: string;
    locale: string;
    subject: string | null;
    body: string;
    at: Date;
  }): Promise<void> {
    await this.db
      .insertInto('message_template')
      .values({
        id: row.id,
        code: row.code,
        channel: row.channel,
        locale: row.locale,
        version: 1,
        subject: row.subject,
        body: row.body,
        status: 'approved',
        approved_at: row.at,
      })
      .onConflict((oc) => oc.columns(['code', 'locale', 'version']).doNothing())
      .execute();
  }

  /** Every approved template of a locale (the newest version of each code last). */
  async approvedTemplates(locale: string): Promise<TemplateRow[]> {
    return this.db
      .selectFrom('message_template')
      .select(['code', 'channel', 'locale', 'version', 'subject', 'body'])
      .where('locale', '=', locale)
      .where('status', '=', 'approved')
      .orderBy('code')
      .orderBy('version')
      .execute();
  }

  /**
   * Open cases in id order after `afterId`, with their facts for the business date. The page's
   * ids are taken first (a walk of the primary key), then joined to their facts: with the facts
   * in the same query the planner may build every open case's row and sort them for each page
   * (it did, with statistics lagging behind a daily run that had just opened the cases).
   */
  async planningCases(afterId: string | null, limit: number): Promise<PlanningCaseRow[]> {
    const rows = await sql<PlanningCaseRow>`
      WITH page AS MATERIALIZED (
        SELECT id FROM collection_case
         WHERE status = 'open' AND (${afterId}::uuid IS NULL OR id > ${afterId}::uuid)
         ORDER BY id
         LIMIT ${limit}
      )
      SELECT cc.id AS case_id, cc.customer_id, cc.stage, cc.opened_on::text AS opened_on,
             coalesce((SELECT max(e.on_date) FROM case_event e
                        WHERE e.case_id = cc.id AND e.kind = 'stage_changed'), cc.opened_on)::text AS stage_started_on,
             ls.dpd, ls.bucket,
             (ls.overdue_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen + ls.overdue_penalty_fen)::bigint AS overdue_fen,
             l.principal_fen,
             (ls.outstanding_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen + ls.overdue_penalty_fen)::bigint AS outstanding_fen,
             ls.episodes, greatest(ls.worst_dpd, ls.dpd) AS worst_dpd,
             (SELECT a.outcome_code FROM contact_attempt a
               WHERE a.case_id = cc.id AND a.outcome_code IS NOT NULL ORDER BY a.at DESC LIMIT 1) AS last_outcome,
             p.code AS product_code, c.region_code, c.province,
             EXISTS (SELECT 1 FROM collateral co WHERE co.loan_id = l.id AND co.status = 'held') AS has_collateral,
             ls.self_contact_valid, ls.valid_contacts,
             cs.strategy_version_id AS assigned_version_id, cs.segment_code AS assigned_segment,
             cs.stage AS assigned_stage,
             pr.state AS promise_state, pr.due_on::text AS promise_due_on,
             pr.resolved_on::text AS promise_resolved_on,
             (SELECT max(a.resolved_on) FROM arrangement a
               WHERE a.loan_id = cc.loan_id AND a.status = 'broken')::text AS arrangement_broken_on
        FROM page
        JOIN collection_case cc ON cc.id = page.id
        JOIN loan l ON l.id = cc.loan_id
        JOIN loan_state ls ON ls.loan_id = cc.loan_id
        JOIN product p ON p.id = l.product_id
        JOIN customer c ON c.id = cc.customer_id
        LEFT JOIN case_strategy cs ON cs.case_id = cc.id
        LEFT JOIN LATERAL (
          SELECT p.state, p.due_on, p.resolved_on FROM promise_to_pay p
           WHERE p.case_id = cc.id AND p.state <> 'cancelled'
           ORDER BY p.taken_at DESC, p.id DESC LIMIT 1
        ) pr ON true
       ORDER BY cc.id
    `.execute(this.db);
    return rows.rows;
  }

  /**
   * Assigns cases their strategy version and segment (one multi-row statement per chunk). An
   * assigned case keeps its version and experiment arm (sticky); only its segment, stage and
   * assignment date change.
   */
  async assignCases(rows: readonly CaseAssignment[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      await this.db
        .insertInto('case_strategy')
        .values(
          rows.slice(i, i + INSERT_CHUNK).map((row) => ({
            case_id: row.caseId,
            strategy_version_id: row.strategyVersionId,
            segment_code: row.segmentCode,
            stage: row.stage,
            assigned_on: row.assignedOn,
            experiment_code: row.experimentCode ?? null,
            variant: row.variant ?? null,
          })),
        )
        .onConflict((oc) =>
          oc.column('case_id').doUpdateSet((eb) => ({
            segment_code: eb.ref('excluded.segment_code'),
            stage: eb.ref('excluded.stage'),
            assigned_on: eb.ref('excluded.assigned_on'),
          })),
        )
        .execute();
    }
  }

  /** Inserts planned actions; a (case, step, day) planned before is kept as it was. */
  async insertPlannedActions(rows: readonly PlannedActionWrite[]): Promise<number> {
    if (rows.length === 0) return 0;
    const result = await this.db
      .insertInto('planned_action')
      .values(
        rows.map((r) => ({
          id: r.id,
          case_id: r.caseId,
          customer_id: r.customerId,
          strategy_version_id: r.strategyVersionId,
          segment_code: r.segmentCode,
          step_id: r.stepId,
          channel: r.channel,
          template_code: r.templateCode,
          planned_for: r.plannedFor,
          due_at: r.dueAt,
          priority: r.priority,
          status: 'planned',
          why: JSON.stringify(r.why),
          why_line: JSON.stringify(r.whyLine),
        })),
      )
      .onConflict((oc) => oc.columns(['case_id', 'step_id', 'planned_for']).doNothing())
      .executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n);
  }

  /**
   * Leases due message actions to this worker: their due time moves `leaseMs` ahead, so other
   * workers skip them; a worker that dies leaves them to be taken again when the lease ends
   * (the message idempotency key keeps a second try from sending twice).
   */
  async leaseDue(
    channels: readonly string[],
    now: Date,
    leaseMs: number,
    limit: number,
  ): Promise<DueActionRow[]> {
    const rows = await sql<DueActionRow>`
      UPDATE planned_action SET due_at = ${new Date(now.getTime() + leaseMs)}, updated_at = ${now}
       WHERE id IN (SELECT id FROM planned_action
                     WHERE status IN ('planned','deferred') AND channel = ANY(${[...channels]}::text[])
                       AND due_at <= ${now}
                     ORDER BY due_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
      RETURNING id, case_id, customer_id, step_id, channel, template_code, planned_for::text AS planned_for, attempts
    `.execute(this.db);
    return rows.rows;
  }

  async updateAction(
    id: string,
    set: {
      status: string;
      dueAt?: Date;
      cancelReason?: string | null;
      ruleId?: string | null;
      decisionId?: string | null;
      at: Date;
    },
  ): Promise<void> {
    await this.db
      .updateTable('planned_action')
      .set({
        status: set.status,
        ...(set.dueAt ? { due_at: set.dueAt } : {}),
        ...(set.cancelReason !== undefined ? { cancel_reason: set.cancelReason } : {}),
        ...(set.ruleId !== undefined ? { rule_id: set.ruleId } : {}),
        ...(set.decisionId !== undefined ? { decision_id: set.decisionId } : {}),
        attempts: sql`attempts + 1`,
        updated_at: set.at,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Cancels a case's (or customer's) pending actions on the given channels; returns how many. */
  async cancelPending(
    where: { caseId?: string; customerId?: string; channels?: readonly string[] },
    reason: string,
    at: Date,
  ): Promise<number> {
    let q = this.db
      .updateTable('planned_action')
      .set({ status: 'cancelled', cancel_reason: reason, updated_at: at })
      .where('status', 'in', ['planned', 'deferred']);
    if (where.caseId) q = q.where('case_id', '=', where.caseId);
    if (where.customerId) q = q.where('customer_id', '=', where.customerId);
    if (where.channels) q = q.where('channel', 'in', where.channels);
    const result = await q.executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  /**
   * The leased actions still pending (a payment or a hold may have cancelled some since the
   * lease), locked for the transaction, with the facts to send each: case status, debtor,
   * amounts, the first usable contact of the right role and any message already written for it.
   * Callers lock the debtors first (customer before action, the order holds and payments take).
   */
  async pageActions(ids: readonly string[]): Promise<PageActionRow[]> {
    if (ids.length === 0) return [];
    const rows = await sql<PageActionRow>`
      SELECT pa.id, pa.case_id, pa.customer_id, cc.status AS case_status,
             cu.name AS customer_name, cu.source_ref AS customer_ref, cu.time_zone, cu.other_time_zones,
             cu.region_code, cu.deceased,
             ls.overdue_principal_fen, ls.overdue_interest_fen, ls.overdue_fees_fen, ls.overdue_penalty_fen,
             ls.outstanding_principal_fen, ls.dpd,
             (SELECT min(i.due_on)::text FROM installment i
               WHERE i.loan_id = cc.loan_id AND i.paid_off_on IS NULL) AS first_unpaid_due_on,
             pr.amount_fen AS promise_amount_fen, pr.due_on::text AS promise_due_on,
             ct.id AS contact_id, ct.role AS contact_role, ct.validity AS contact_validity,
             ct.refused_at AS contact_refused_at, ct.phone_hash, ct.phone_enc,
             m.id AS message_id, m.status AS message_status
        FROM planned_action pa
        JOIN collection_case cc ON cc.id = pa.case_id
        JOIN customer cu ON cu.id = pa.customer_id
        JOIN loan_state ls ON ls.loan_id = cc.loan_id
        LEFT JOIN promise_to_pay pr ON pr.case_id = pa.case_id AND pr.state = 'pending'
        LEFT JOIN LATERAL (
          SELECT c.id, c.role, c.validity, c.refused_at, c.phone_hash, c.phone_enc FROM contact c
           WHERE c.customer_id = pa.customer_id AND c.validity <> 'invalid' AND c.refused_at IS NULL
             AND c.role = ANY(CASE WHEN pa.channel = 'emergency-contact-message'
                                   THEN ARRAY['emergency','spouse'] ELSE ARRAY['self'] END)
           ORDER BY CASE c.validity WHEN 'valid' THEN 0 ELSE 1 END, c.created_at
           LIMIT 1) ct ON true
        LEFT JOIN message m ON m.idempotency_key = 'pa:' || pa.id::text
       WHERE pa.id = ANY(${[...ids]}::uuid[]) AND pa.status IN ('planned','deferred')
       ORDER BY pa.id
         FOR UPDATE OF pa
    `.execute(this.db);
    return rows.rows;
  }

  /**
   * Inserts messages; one whose idempotency key exists already is skipped. Returns the ids written.
   * The rows travel as one JSON parameter per chunk, like the gate's decisions and attempts.
   */
  async insertMessages(rows: readonly MessageWrite[]): Promise<Set<string>> {
    const written = new Set<string>();
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const json = JSON.stringify(
        rows.slice(i, i + INSERT_CHUNK).map((row) => ({
          id: row.id,
          idempotency_key: row.key,
          planned_action_id: row.plannedActionId,
          case_id: row.caseId,
          contact_id: row.contactId,
          attempt_id: row.attemptId,
          channel: row.channel,
          template_code: row.templateCode,
          template_version: row.templateVersion,
          provider: row.provider,
          body: row.body,
          status: row.status,
          tries: row.status === 'sending' ? 0 : 1,
          provider_message_id: row.providerMessageId ?? null,
          sent_at: row.sentAt ?? null,
        })),
      );
      const out = await sql<{ id: string }>`
        INSERT INTO message (id, idempotency_key, planned_action_id, case_id, contact_id, attempt_id, channel,
                             template_code, template_version, provider, body, status, tries,
                             provider_message_id, sent_at)
        SELECT id, idempotency_key, planned_action_id, case_id, contact_id, attempt_id, channel,
               template_code, template_version, provider, body, status, tries, provider_message_id, sent_at
          FROM jsonb_to_recordset(${json}::jsonb) AS m(
                 id uuid, idempotency_key text, planned_action_id uuid, case_id uuid, contact_id uuid,
                 attempt_id uuid, channel text, template_code text, template_version integer, provider text,
                 body text, status text, tries integer, provider_message_id text, sent_at timestamptz)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
      `.execute(this.db);
      for (const r of out.rows) written.add(r.id);
    }
    return written;
  }

  /** Sandbox outbox rows, one per message (a repeat for the same message stores nothing). */
  async putOutboxMany(rows: readonly OutboxWrite[]): Promise<void> {
    for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
      const json = JSON.stringify(
        rows.slice(i, i + INSERT_CHUNK).map((row) => ({
          id: row.id,
          message_id: row.messageId,
          channel: row.channel,
          to_masked: row.toMasked,
          subject: row.subject,
          body: row.body,
          received_at: row.at,
        })),
      );
      await sql`
        INSERT INTO outbox_message (id, message_id, channel, to_masked, subject, body, received_at)
        SELECT id, message_id, channel, to_masked, subject, body, received_at
          FROM jsonb_to_recordset(${json}::jsonb) AS o(
                 id uuid, message_id uuid, channel text, to_masked text, subject text, body text,
                 received_at timestamptz)
        ON CONFLICT (message_id) DO NOTHING
      `.execute(this.db);
    }
  }

  /**
   * Many `updateAction`s in one statement: each field given is set, one left out keeps its
   * value; every action counts one more attempt.
   */
  async updateActions(rows: readonly ActionUpdate[], at: Date): Promise<void> {
    if (rows.length === 0) return;
    const col = <T>(f: (r: ActionUpdate) => T | undefined) => rows.map((r) => f(r) ?? null);
    await sql`
      UPDATE planned_action pa
         SET status = v.status,
             due_at = coalesce(v.due_at, pa.due_at),
             cancel_reason = coalesce(v.cancel_reason, pa.cancel_reason),
             rule_id = coalesce(v.rule_id, pa.rule_id),
             decision_id = coalesce(v.decision_id, pa.decision_id),
             attempts = pa.attempts + 1,
             updated_at = ${at}
        FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.status)}::text[],
                    ${col((r) => r.dueAt)}::timestamptz[], ${col((r) => r.cancelReason)}::text[],
                    ${col((r) => r.ruleId)}::text[], ${col((r) => r.decisionId)}::uuid[])
             AS v(id, status, due_at, cancel_reason, rule_id, decision_id)
       WHERE pa.id = v.id
    `.execute(this.db);
  }

  async finishMessage(
    id: string,
    set: { status: string; providerMessageId: string | null; error: unknown; at: Date },
  ): Promise<void> {
    await this.db
      .updateTable('message')
      .set({
        status: set.status,
        provider_message_id: set.providerMessageId,
        last_error: set.error === null ? null : JSON.stringify(set.error),
        sent_at: set.status === 'accepted' ? set.at : null,
        tries: sql`tries + 1`,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Applies a delivery receipt to the message the provider knows by its id; false when none matches. */
  async applyReceipt(
    provider: string,
    providerMessageId: string,
    delivered: boolean,
    at: Date,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('message')
      .set(delivered ? { status: 'delivered', delivered_at: at } : { status: 'failed' })
      .where('provider', '=', provider)
      .where('provider_message_id', '=', providerMessageId)
      .where('status', 'in', ['accepted', 'delivered'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /** The sandbox outbox: one row per message, a repeat returns the first. */
  async putOutbox(row: {
    id: string;
    messageId: string;
    channel: string;
    toMasked: string;
    subject: string | null;
    body: string;
    at: Date;
  }): Promise<{ id: string }> {
    const inserted = await this.db
      .insertInto('outbox_message')
      .values({
        id: row.id,
        message_id: row.messageId,
        channel: row.channel,
        to_masked: row.toMasked,
        subject: row.subject,
        body: row.body,
        received_at: row.at,
      })
      .onConflict((oc) => oc.column('message_id').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (inserted) return inserted;
    return this.db
      .selectFrom('outbox_message')
      .select('id')
      .where('message_id', '=', row.messageId)
      .executeTakeFirstOrThrow();
  }

  /** `putOutbox` for the message with an idempotency key, in one statement (a repeat returns the first). */
  async putOutboxByKey(row: {
    id: string;
    key: string;
    channel: string;
    toMasked: string;
    subject: string | null;
    body: string;
    at: Date;
  }): Promise<{ id: string }> {
    const inserted = await sql<{ id: string }>`
      INSERT INTO outbox_message (id, message_id, channel, to_masked, subject, body, received_at)
      SELECT ${row.id}, m.id, ${row.channel}, ${row.toMasked}, ${row.subject}, ${row.body}, ${row.at}
        FROM message m WHERE m.idempotency_key = ${row.key}
      ON CONFLICT (message_id) DO NOTHING
      RETURNING id
    `.execute(this.db);
    if (inserted.rows[0]) return inserted.rows[0];
    const found = await sql<{ id: string }>`
      SELECT o.id FROM outbox_message o JOIN message m ON m.id = o.message_id WHERE m.idempotency_key = ${row.key}
    `.execute(this.db);
    if (!found.rows[0]) throw new Error(`No message with key ${row.key}`);
    return found.rows[0];
  }

  async outbox(limit: number) {
    return this.db
      .selectFrom('outbox_message as o')
      .innerJoin('message as m', 'm.id', 'o.message_id')
      .select([
        'o.id',
        'o.channel',
        'o.to_masked',
        'o.subject',
        'o.body',
        'o.received_at',
        'm.case_id',
        'm.template_code',
      ])
      .orderBy('o.received_at', 'desc')
      .limit(limit)
      .execute();
  }

  async actionsOfCase(caseId: string) {
    return this.db
      .selectFrom('planned_action')
      .select([
        'id',
        'step_id',
        'channel',
        'template_code',
        'planned_for',
        'due_at',
        'priority',
        'status',
        'segment_code',
        'why_line',
        'cancel_reason',
        'rule_id',
      ])
      .where('case_id', '=', caseId)
      .orderBy('planned_for', 'desc')
      .orderBy('priority', 'desc')
      .limit(500)
      .execute();
  }
}
