import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** A case as an arrangement needs it: loan, holder (data scope) and status. */
export interface ArrangementCaseRow {
  id: string;
  loan_id: string;
  customer_id: string;
  status: string;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

export interface ArrangementRow {
  id: string;
  case_id: string;
  loan_id: string;
  customer_id: string;
  kind: string;
  terms: unknown;
  plan: unknown;
  owed_fen: number;
  plan_total_fen: number;
  waiver_fen: number;
  waiver_share: string;
  status: string;
  note: string | null;
  proposed_by: string | null;
  proposed_by_username: string | null;
  proposed_on: string;
  proposed_at: Date;
  commitment_kind: string | null;
  commitment_ref: string | null;
  commitment_on: string | null;
  submitted_by: string | null;
  submitted_by_username: string | null;
  submitted_on: string | null;
  sla_due_on: string | null;
  decided_by: string | null;
  decided_by_username: string | null;
  decided_on: string | null;
  reason: string | null;
  activated_on: string | null;
  resolved_on: string | null;
  paid_fen: number;
  version: number;
  /** The case's holder columns (data scope of the inbox and of every read). */
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

export interface ArrangementInsert {
  id: string;
  caseId: string;
  loanId: string;
  customerId: string;
  kind: string;
  terms: unknown;
  plan: unknown;
  owedFen: number;
  planTotalFen: number;
  waiverFen: number;
  waiverShare: string;
  note: string | null;
  proposedBy: string;
  proposedOn: string;
  proposedAt: Date;
}

/** The columns a step of the workflow may change (the version always moves by one). */
export interface ArrangementChange {
  status?: string;
  plan?: unknown;
  owed_fen?: number;
  plan_total_fen?: number;
  waiver_fen?: number;
  waiver_share?: string;
  commitment_kind?: string;
  commitment_ref?: string;
  commitment_on?: string;
  commitment_by?: string;
  submitted_by?: string;
  submitted_at?: Date;
  submitted_on?: string;
  sla_due_on?: string;
  decided_by?: string;
  decided_at?: Date;
  decided_on?: string;
  reason?: string | null;
  activated_on?: string;
  resolved_on?: string | null;
  paid_fen?: number;
  replaced?: unknown;
}

export interface DocumentMeta {
  id: string;
  file_name: string;
  media_type: string;
  size_bytes: number;
  sha256: string;
  uploaded_at: Date;
}

export interface NewInstallment {
  dueOn: string;
  principalFen: number;
  interestFen: number;
  feesFen: number;
  penaltyFen: number;
  compoundFen: number;
}

export interface StepRow {
  action: string;
  actor_username: string | null;
  on_date: string;
  at: Date;
  detail: unknown;
}

const selectArrangement = (db: Database) =>
  db
    .selectFrom('arrangement as a')
    .innerJoin('collection_case as cc', 'cc.id', 'a.case_id')
    .leftJoin('app_user as up', 'up.id', 'a.proposed_by')
    .leftJoin('app_user as us', 'us.id', 'a.submitted_by')
    .leftJoin('app_user as ud', 'ud.id', 'a.decided_by')
    .select([
      'a.id',
      'a.case_id',
      'a.loan_id',
      'a.customer_id',
      'a.kind',
      'a.terms',
      'a.plan',
      'a.owed_fen',
      'a.plan_total_fen',
      'a.waiver_fen',
      sql<string>`a.waiver_share::text`.as('waiver_share'),
      'a.status',
      'a.note',
      'a.proposed_by',
      'up.username as proposed_by_username',
      sql<string>`a.proposed_on::text`.as('proposed_on'),
      'a.proposed_at',
      'a.commitment_kind',
      'a.commitment_ref',
      sql<string | null>`a.commitment_on::text`.as('commitment_on'),
      'a.submitted_by',
      'us.username as submitted_by_username',
      sql<string | null>`a.submitted_on::text`.as('submitted_on'),
      sql<string | null>`a.sla_due_on::text`.as('sla_due_on'),
      'a.decided_by',
      'ud.username as decided_by_username',
      sql<string | null>`a.decided_on::text`.as('decided_on'),
      'a.reason',
      sql<string | null>`a.activated_on::text`.as('activated_on'),
      sql<string | null>`a.resolved_on::text`.as('resolved_on'),
      'a.paid_fen',
      'a.version',
      'cc.holder_user_id',
      'cc.holder_team_id',
      'cc.agency_id',
    ]);

/** 协商还款 arrangements: the rows, their steps, documents, commitment lines and counted payments. */
export class ArrangementsRepository {
  constructor(private readonly db: Database) {}

  /** The case locked for the transaction (one arrangement decision at a time per case). */
  async lockCase(caseId: string): Promise<ArrangementCaseRow | undefined> {
    return this.db
      .selectFrom('collection_case')
      .select(['id', 'loan_id', 'customer_id', 'status', 'holder_user_id', 'holder_team_id', 'agency_id'])
      .where('id', '=', caseId)
      .forUpdate()
      .executeTakeFirst();
  }

  async insert(row: ArrangementInsert): Promise<void> {
    await this.db
      .insertInto('arrangement')
      .values({
        id: row.id,
        case_id: row.caseId,
        loan_id: row.loanId,
        customer_id: row.customerId,
        kind: row.kind,
        terms: JSON.stringify(row.terms),
        plan: JSON.stringify(row.plan),
        owed_fen: row.owedFen,
        plan_total_fen: row.planTotalFen,
        waiver_fen: row.waiverFen,
        waiver_share: row.waiverShare,
        note: row.note,
        proposed_by: row.proposedBy,
        proposed_on: row.proposedOn,
        proposed_at: row.proposedAt,
      })
      .execute();
  }

  async byId(id: string): Promise<ArrangementRow | undefined> {
    return selectArrangement(this.db).where('a.id', '=', id).executeTakeFirst();
  }

  /** The arrangement row locked, then read whole. */
  async lockById(id: string): Promise<ArrangementRow | undefined> {
    const row = await this.db
      .selectFrom('arrangement')
      .select('id')
      .where('id', '=', id)
      .forUpdate()
      .executeTakeFirst();
    return row ? this.byId(id) : undefined;
  }

  /** The case's arrangement waiting for a decision or in force, if any. */
  async openOfCase(caseId: string): Promise<ArrangementRow | undefined> {
    return selectArrangement(this.db)
      .where('a.case_id', '=', caseId)
      .where('a.status', 'in', ['submitted', 'active'])
      .executeTakeFirst();
  }

  async ofCase(caseId: string): Promise<ArrangementRow[]> {
    return selectArrangement(this.db)
      .where('a.case_id', '=', caseId)
      .orderBy('a.proposed_at', 'desc')
      .orderBy('a.id', 'desc')
      .execute();
  }

  /** 待审批 the submitted arrangements, the earliest answer deadline first. */
  async submitted(limit: number): Promise<ArrangementRow[]> {
    return selectArrangement(this.db)
      .where('a.status', '=', 'submitted')
      .orderBy('a.sla_due_on')
      .orderBy('a.submitted_at')
      .limit(limit)
      .execute();
  }

  /**
   * Applies a change if the row is still at `expectedVersion` (and moves the version on);
   * false when someone changed it first.
   */
  async update(id: string, expectedVersion: number, change: ArrangementChange): Promise<boolean> {
    const { replaced, plan, ...rest } = change;
    const result = await this.db
      .updateTable('arrangement')
      .set({
        ...rest,
        ...(replaced === undefined ? {} : { replaced: JSON.stringify(replaced) }),
        ...(plan === undefined ? {} : { plan: JSON.stringify(plan) }),
        version: sql<number>`version + 1`,
      })
      .where('id', '=', id)
      .where('version', '=', expectedVersion)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async insertStep(step: {
    arrangementId: string;
    action: string;
    actor: string | null;
    onDate: string;
    at: Date;
    detail?: unknown;
  }): Promise<void> {
    await this.db
      .insertInto('arrangement_step')
      .values({
        arrangement_id: step.arrangementId,
        action: step.action,
        actor: step.actor,
        on_date: step.onDate,
        at: step.at,
        detail: step.detail === undefined ? null : JSON.stringify(step.detail),
      })
      .execute();
  }

  async steps(arrangementId: string): Promise<StepRow[]> {
    return this.db
      .selectFrom('arrangement_step as s')
      .leftJoin('app_user as u', 'u.id', 's.actor')
      .select([
        's.action',
        'u.username as actor_username',
        sql<string>`s.on_date::text`.as('on_date'),
        's.at',
        's.detail',
      ])
      .where('s.arrangement_id', '=', arrangementId)
      .orderBy('s.id')
      .execute();
  }

  async insertDocument(doc: {
    id: string;
    arrangementId: string;
    fileName: string;
    mediaType: string;
    sizeBytes: number;
    sha256: string;
    content: Buffer;
    uploadedBy: string;
    uploadedAt: Date;
  }): Promise<void> {
    await this.db
      .insertInto('arrangement_document')
      .values({
        id: doc.id,
        arrangement_id: doc.arrangementId,
        file_name: doc.fileName,
        media_type: doc.mediaType,
        size_bytes: doc.sizeBytes,
        sha256: doc.sha256,
        content: doc.content,
        uploaded_by: doc.uploadedBy,
        uploaded_at: doc.uploadedAt,
      })
      .execute();
  }

  async documentMeta(id: string): Promise<DocumentMeta | undefined> {
    return this.db
      .selectFrom('arrangement_document')
      .select(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at'])
      .where('id', '=', id)
      .executeTakeFirst();
  }

  async documentContent(
    arrangementId: string,
    documentId: string,
  ): Promise<(DocumentMeta & { content: Buffer }) | undefined> {
    return this.db
      .selectFrom('arrangement_document')
      .select(['id', 'file_name', 'media_type', 'size_bytes', 'sha256', 'uploaded_at', 'content'])
      .where('id', '=', documentId)
      .where('arrangement_id', '=', arrangementId)
      .executeTakeFirst();
  }

  async insertLines(
    arrangementId: string,
    lines: readonly { n: number; dueOn: string; amountFen: number; cumulativeFen: number }[],
  ) {
    if (lines.length === 0) return;
    await this.db
      .insertInto('arrangement_line')
      .values(
        lines.map((l) => ({
          arrangement_id: arrangementId,
          n: l.n,
          due_on: l.dueOn,
          amount_fen: l.amountFen,
          cumulative_fen: l.cumulativeFen,
        })),
      )
      .execute();
  }

  /**
   * 改写还款计划 closes the replaced installments as they stand (each now owes exactly what was
   * paid on it) and appends the plan's installments after the loan's last number. The rows as
   * they were are kept by the caller on the arrangement (arrangement.replaced).
   */
  async rewriteSchedule(
    loanId: string,
    replacedSeqs: readonly number[],
    closedOn: string,
    added: readonly NewInstallment[],
  ): Promise<number[]> {
    if (replacedSeqs.length > 0) {
      await this.db
        .updateTable('installment')
        .set({
          principal_due_fen: sql`principal_paid_fen`,
          interest_due_fen: sql`interest_paid_fen`,
          fee_due_fen: sql`fee_paid_fen`,
          penalty_due_fen: sql`penalty_paid_fen`,
          compound_due_fen: sql`compound_paid_fen`,
          paid_off_on: sql`coalesce(paid_off_on, ${closedOn}::date)`,
        })
        .where('loan_id', '=', loanId)
        .where('seq', 'in', [...replacedSeqs])
        .execute();
    }
    if (added.length === 0) return [];
    const last = await this.db
      .selectFrom('installment')
      .select(sql<number>`coalesce(max(seq), 0)::int`.as('seq'))
      .where('loan_id', '=', loanId)
      .executeTakeFirstOrThrow();
    const rows = added.map((i, n) => ({
      loan_id: loanId,
      seq: last.seq + n + 1,
      due_on: i.dueOn,
      principal_due_fen: i.principalFen,
      interest_due_fen: i.interestFen,
      fee_due_fen: i.feesFen,
      penalty_due_fen: i.penaltyFen,
      compound_due_fen: i.compoundFen,
    }));
    await this.db.insertInto('installment').values(rows).execute();
    return rows.map((r) => r.seq);
  }

  async insertWaiverAdjustments(
    loanId: string,
    arrangementId: string,
    onDate: string,
    at: Date,
    byComponent: readonly { component: string; amountFen: number }[],
  ): Promise<void> {
    const rows = byComponent.filter((c) => c.amountFen > 0);
    if (rows.length === 0) return;
    await this.db
      .insertInto('loan_adjustment')
      .values(
        rows.map((c) => ({
          loan_id: loanId,
          arrangement_id: arrangementId,
          kind: 'waiver',
          component: c.component,
          amount_fen: c.amountFen,
          on_date: onDate,
          created_at: at,
        })),
      )
      .execute();
  }

  /** A case history event of an arrangement (approved, broken). */
  async insertCaseEvent(e: {
    caseId: string;
    loanId: string;
    onDate: string;
    kind: 'arrangement_approved' | 'arrangement_broken';
    detail: unknown;
  }): Promise<void> {
    await this.db
      .insertInto('case_event')
      .values({
        case_id: e.caseId,
        loan_id: e.loanId,
        on_date: e.onDate,
        kind: e.kind,
        detail: JSON.stringify(e.detail),
      })
      .execute();
  }

  /** The loan's arrangement in force, locked (a payment and a decision serialise on it). */
  async lockActiveOfLoan(loanId: string): Promise<ArrangementRow | undefined> {
    const row = await this.db
      .selectFrom('arrangement')
      .select('id')
      .where('loan_id', '=', loanId)
      .where('status', '=', 'active')
      .forUpdate()
      .executeTakeFirst();
    return row ? this.byId(row.id) : undefined;
  }

  async countPayment(arrangementId: string, paymentId: string, amountFen: number): Promise<void> {
    await this.db
      .insertInto('arrangement_payment')
      .values({ arrangement_id: arrangementId, payment_id: paymentId, amount_fen: amountFen })
      .onConflict((oc) => oc.columns(['arrangement_id', 'payment_id']).doNothing())
      .execute();
  }

  /** Takes a reversed payment off the arrangements it counted for; returns them with the amount. */
  async uncountPayment(paymentId: string): Promise<{ arrangement_id: string; amount_fen: number }[]> {
    return this.db
      .deleteFrom('arrangement_payment')
      .where('payment_id', '=', paymentId)
      .returning(['arrangement_id', 'amount_fen'])
      .execute();
  }

  /** Sets paid and status without the optimistic check: payments and the daily run are system steps under a row lock. */
  async setProgress(id: string, paidFen: number, status: string, resolvedOn: string | null): Promise<void> {
    await this.db
      .updateTable('arrangement')
      .set({ paid_fen: paidFen, status, resolved_on: resolvedOn, version: sql<number>`version + 1` })
      .where('id', '=', id)
      .execute();
  }

  /**
   * 违约 the daily run's adherence check, set-based: an active arrangement whose payments fall
   * short of what was due by a commitment date (plus the grace days) before the business date
   * is broken on it. Returns the broken ones.
   */
  async breakMissed(
    asOf: string,
    graceDays: number,
  ): Promise<
    { id: string; case_id: string; loan_id: string; paid_fen: number; due_fen: number; missed_on: string }[]
  > {
    const { rows } = await sql<{
      id: string;
      case_id: string;
      loan_id: string;
      paid_fen: number;
      due_fen: number;
      missed_on: string;
    }>`
      WITH missed AS (
        SELECT a.id, max(l.cumulative_fen) AS due_fen, min(l.due_on) FILTER (WHERE l.cumulative_fen > a.paid_fen) AS missed_on
          FROM arrangement a
          JOIN arrangement_line l ON l.arrangement_id = a.id
         WHERE a.status = 'active' AND l.due_on + ${graceDays}::int < ${asOf}::date
         GROUP BY a.id, a.paid_fen
        HAVING max(l.cumulative_fen) > a.paid_fen
      )
      UPDATE arrangement a
         SET status = 'broken', resolved_on = ${asOf}::date, version = a.version + 1
        FROM missed m
       WHERE a.id = m.id
      RETURNING a.id, a.case_id, a.loan_id, a.paid_fen, m.due_fen::bigint AS due_fen, m.missed_on::text AS missed_on
    `.execute(this.db);
    return rows;
  }
}
