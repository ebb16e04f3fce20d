import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** A case as a new promise needs it: holder (data scope), status and what is owed today. */
export interface PromiseCaseRow {
  id: string;
  loan_id: string;
  customer_id: string;
  status: string;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
  /** Overdue principal, interest, fees and penalty interest: what the debtor is asked to pay. */
  owed_fen: number;
}

export interface PromiseRow {
  id: string;
  case_id: string;
  loan_id: string;
  customer_id: string;
  amount_fen: number;
  due_on: string;
  taken_on: string;
  taken_at: Date;
  taken_by: string | null;
  taken_by_username: string | null;
  contact_attempt_id: string | null;
  note: string | null;
  state: string;
  paid_fen: number;
  resolved_on: string | null;
  resolved_at: Date | null;
  cancelled_by: string | null;
  cancel_reason: string | null;
}

export interface PromiseWrite {
  id: string;
  caseId: string;
  loanId: string;
  customerId: string;
  amountFen: number;
  dueOn: string;
  takenOn: string;
  takenAt: Date;
  takenBy: string | null;
  contactAttemptId: string | null;
  note: string | null;
}

const selectPromise = (db: Database) =>
  db
    .selectFrom('promise_to_pay as p')
    .leftJoin('app_user as u', 'u.id', 'p.taken_by')
    .select([
      'p.id',
      'p.case_id',
      'p.loan_id',
      'p.customer_id',
      'p.amount_fen',
      sql<string>`p.due_on::text`.as('due_on'),
      sql<string>`p.taken_on::text`.as('taken_on'),
      'p.taken_at',
      'p.taken_by',
      'u.username as taken_by_username',
      'p.contact_attempt_id',
      'p.note',
      'p.state',
      'p.paid_fen',
      sql<string | null>`p.resolved_on::text`.as('resolved_on'),
      'p.resolved_at',
      'p.cancelled_by',
      'p.cancel_reason',
    ]);

/** 承诺还款 promises to pay and the payments that count towards them. */
export class PromisesRepository {
  constructor(private readonly db: Database) {}

  /** The case locked for the transaction (one promise decision at a time per case). */
  async lockCase(caseId: string): Promise<PromiseCaseRow | undefined> {
    const { rows } = await sql<PromiseCaseRow>`
      SELECT cc.id, cc.loan_id, cc.customer_id, cc.status, cc.holder_user_id, cc.holder_team_id, cc.agency_id,
             coalesce(ls.overdue_principal_fen + ls.overdue_interest_fen + ls.overdue_fees_fen
                      + ls.overdue_penalty_fen, 0)::bigint AS owed_fen
        FROM collection_case cc
        LEFT JOIN loan_state ls ON ls.loan_id = cc.loan_id
       WHERE cc.id = ${caseId}
         FOR UPDATE OF cc
    `.execute(this.db);
    return rows[0];
  }

  async insert(row: PromiseWrite): Promise<void> {
    await this.db
      .insertInto('promise_to_pay')
      .values({
        id: row.id,
        case_id: row.caseId,
        loan_id: row.loanId,
        customer_id: row.customerId,
        amount_fen: row.amountFen,
        due_on: row.dueOn,
        taken_on: row.takenOn,
        taken_at: row.takenAt,
        taken_by: row.takenBy,
        contact_attempt_id: row.contactAttemptId,
        note: row.note,
      })
      .execute();
  }

  async byId(id: string): Promise<PromiseRow | undefined> {
    return selectPromise(this.db).where('p.id', '=', id).executeTakeFirst();
  }

  async pendingOfCase(caseId: string): Promise<PromiseRow | undefined> {
    return selectPromise(this.db)
      .where('p.case_id', '=', caseId)
      .where('p.state', '=', 'pending')
      .executeTakeFirst();
  }

  async ofCase(caseId: string): Promise<PromiseRow[]> {
    return selectPromise(this.db)
      .where('p.case_id', '=', caseId)
      .orderBy('p.taken_at', 'desc')
      .orderBy('p.id', 'desc')
      .execute();
  }

  /** The loan's pending promise, locked (a payment and a promise decision serialise on it). */
  async lockPendingOfLoan(loanId: string): Promise<PromiseRow | undefined> {
    const row = await this.db
      .selectFrom('promise_to_pay')
      .select('id')
      .where('loan_id', '=', loanId)
      .where('state', '=', 'pending')
      .forUpdate()
      .executeTakeFirst();
    return row ? this.byId(row.id) : undefined;
  }

  /** The promises a payment counted towards, locked. */
  async lockCountedBy(paymentId: string): Promise<(PromiseRow & { counted_fen: number })[]> {
    const links = await this.db
      .selectFrom('promise_payment')
      .select(['promise_id', 'amount_fen'])
      .where('payment_id', '=', paymentId)
      .execute();
    const out = [];
    for (const link of links) {
      await this.db
        .selectFrom('promise_to_pay')
        .select('id')
        .where('id', '=', link.promise_id)
        .forUpdate()
        .execute();
      const row = await this.byId(link.promise_id);
      if (row) out.push({ ...row, counted_fen: link.amount_fen });
    }
    return out;
  }

  async countPayment(promiseId: string, paymentId: string, amountFen: number): Promise<void> {
    await this.db
      .insertInto('promise_payment')
      .values({ promise_id: promiseId, payment_id: paymentId, amount_fen: amountFen })
      .onConflict((oc) => oc.columns(['promise_id', 'payment_id']).doNothing())
      .execute();
  }

  async uncountPayment(promiseId: string, paymentId: string): Promise<void> {
    await this.db
      .deleteFrom('promise_payment')
      .where('promise_id', '=', promiseId)
      .where('payment_id', '=', paymentId)
      .execute();
  }

  /** Sets the paid amount and the state (resolved on/at when it leaves pending, cleared when back). */
  async update(
    id: string,
    change: { paidFen: number; state: string; resolvedOn: string | null; resolvedAt: Date | null },
  ): Promise<void> {
    await this.db
      .updateTable('promise_to_pay')
      .set({
        paid_fen: change.paidFen,
        state: change.state,
        resolved_on: change.resolvedOn,
        resolved_at: change.resolvedAt,
      })
      .where('id', '=', id)
      .execute();
  }

  async cancel(id: string, by: string | null, reason: string, on: string, at: Date): Promise<void> {
    await this.db
      .updateTable('promise_to_pay')
      .set({ state: 'cancelled', cancelled_by: by, cancel_reason: reason, resolved_on: on, resolved_at: at })
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .execute();
  }

  /**
   * 跳票 the daily run's expiry, set-based: every pending promise whose date plus the grace days
   * lies before the business date becomes partly kept (something paid) or broken (nothing).
   */
  async expire(asOf: string, graceDays: number, at: Date): Promise<{ broken: number; partlyKept: number }> {
    const { rows } = await sql<{ state: string; n: number }>`
      WITH expired AS (
        UPDATE promise_to_pay
           SET state = CASE WHEN paid_fen > 0 THEN 'partly_kept' ELSE 'broken' END,
               resolved_on = ${asOf}::date, resolved_at = ${at}
         WHERE state = 'pending' AND due_on + ${graceDays}::int < ${asOf}::date
        RETURNING state
      )
      SELECT state, count(*)::int AS n FROM expired GROUP BY state
    `.execute(this.db);
    return {
      broken: rows.find((r) => r.state === 'broken')?.n ?? 0,
      partlyKept: rows.find((r) => r.state === 'partly_kept')?.n ?? 0,
    };
  }
}
