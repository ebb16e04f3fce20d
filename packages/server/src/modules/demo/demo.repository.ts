import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** One active loan with something due on or before the day, as a demo borrower sees it. */
export interface BorrowerDayRow {
  loan_ref: string;
  customer_ref: string;
  behaviour: string;
  oldest_due_on: string;
  owed_now_fen: number;
  installment_fen: number;
  reminders: number;
  first_reminder_on: string | null;
  right_party_contacts: number;
  first_right_party_on: string | null;
  promise_amount_fen: number | null;
  promise_paid_fen: number | null;
  promise_due_on: string | null;
  promise_taken_on: string | null;
}

/** A case's borrower and own number, for a simulated collector's call. */
export interface CallTargetRow {
  case_id: string;
  contact_id: string | null;
  customer_ref: string;
  behaviour: string;
  time_zone: string;
  promise_pending: boolean;
}

/** Figures of a simulated book (what the demo reports and its test compares). */
export interface SimulationFigures {
  cases_opened: number;
  cases_closed: number;
  messages_sent: number;
  attempts: number;
  connected: number;
  right_party: number;
  gate_refusals: number;
  promises_taken: number;
  promises_kept: number;
  promises_broken: number;
  payments: number;
  paid_fen: number;
}

/** The demo simulation's reads: borrowers' positions, call targets, figures. */
export class DemoRepository {
  constructor(private readonly db: Database) {}

  /**
   * Active demo loans with an unpaid installment due on or before `asOf`: what is due today
   * (penalty and fees included), the oldest installment's rest, and what the borrower has been
   * through in the current open case — reminders sent, right-party calls (dates in `timeZone`),
   * the pending promise.
   */
  async borrowerDays(asOf: string, timeZone: string): Promise<BorrowerDayRow[]> {
    const { rows } = await sql<BorrowerDayRow>`
      WITH due AS (
        SELECT i.loan_id, min(i.due_on)::text AS oldest_due_on,
               sum(i.principal_due_fen - i.principal_paid_fen + i.interest_due_fen - i.interest_paid_fen
                   + i.fee_due_fen - i.fee_paid_fen + i.penalty_due_fen - i.penalty_paid_fen
                   + i.compound_due_fen - i.compound_paid_fen)::bigint AS owed_now_fen
        FROM installment i
        WHERE i.due_on <= ${asOf} AND i.paid_off_on IS NULL
        GROUP BY i.loan_id
      )
      SELECT l.source_ref AS loan_ref, cu.source_ref AS customer_ref, b.behaviour, due.oldest_due_on,
             due.owed_now_fen::int8 AS owed_now_fen,
             (SELECT (o.principal_due_fen - o.principal_paid_fen + o.interest_due_fen - o.interest_paid_fen
                      + o.fee_due_fen - o.fee_paid_fen + o.penalty_due_fen - o.penalty_paid_fen
                      + o.compound_due_fen - o.compound_paid_fen)::int8
                FROM installment o WHERE o.loan_id = l.id AND o.paid_off_on IS NULL
                ORDER BY o.seq LIMIT 1) AS installment_fen,
             coalesce(m.n, 0)::int AS reminders, m.first_on AS first_reminder_on,
             coalesce(a.n, 0)::int AS right_party_contacts, a.first_on AS first_right_party_on,
             p.amount_fen::int8 AS promise_amount_fen, p.paid_fen::int8 AS promise_paid_fen,
             p.due_on::text AS promise_due_on, p.taken_on::text AS promise_taken_on
      FROM due
      JOIN loan l ON l.id = due.loan_id AND l.status = 'active'
      JOIN customer cu ON cu.id = l.customer_id
      JOIN customer_latent_behaviour b ON b.customer_id = cu.id
      LEFT JOIN collection_case c ON c.loan_id = l.id AND c.status = 'open'
      LEFT JOIN LATERAL (
        SELECT count(*) AS n, min((ms.sent_at AT TIME ZONE ${timeZone})::date)::text AS first_on
        FROM message ms WHERE ms.case_id = c.id AND ms.sent_at IS NOT NULL
      ) m ON c.id IS NOT NULL
      LEFT JOIN LATERAL (
        SELECT count(*) AS n, min((ca.at AT TIME ZONE ${timeZone})::date)::text AS first_on
        FROM contact_attempt ca WHERE ca.case_id = c.id AND ca.right_party
      ) a ON c.id IS NOT NULL
      LEFT JOIN promise_to_pay p ON p.case_id = c.id AND p.state = 'pending'
      WHERE due.owed_now_fen > 0
      ORDER BY l.source_ref`.execute(this.db);
    return rows.map((r) => ({
      ...r,
      owed_now_fen: Number(r.owed_now_fen),
      installment_fen: Number(r.installment_fen ?? 0),
      promise_amount_fen: r.promise_amount_fen === null ? null : Number(r.promise_amount_fen),
      promise_paid_fen: r.promise_paid_fen === null ? null : Number(r.promise_paid_fen),
    }));
  }

  /** For each case: the borrower's own number if still valid and not refused, zone, behaviour, pending promise. */
  async callTargets(caseIds: readonly string[]): Promise<CallTargetRow[]> {
    if (caseIds.length === 0) return [];
    const { rows } = await sql<CallTargetRow>`
      SELECT c.id AS case_id, cu.source_ref AS customer_ref, b.behaviour, cu.time_zone,
             (SELECT ct.id FROM contact ct
               WHERE ct.customer_id = cu.id AND ct.role = 'self' AND ct.validity <> 'invalid'
                 AND ct.refused_at IS NULL
               ORDER BY ct.created_at, ct.id LIMIT 1) AS contact_id,
             EXISTS (SELECT 1 FROM promise_to_pay p WHERE p.case_id = c.id AND p.state = 'pending') AS promise_pending
      FROM collection_case c
      JOIN customer cu ON cu.id = c.customer_id
      JOIN customer_latent_behaviour b ON b.customer_id = cu.id
      WHERE c.id = ANY(${sql.val(caseIds)}::uuid[])`.execute(this.db);
    return rows;
  }

  /** Figures of the book: cases opened or closed since `from`, payments received after it (the simulated days). */
  async figures(from: string): Promise<SimulationFigures> {
    const { rows } = await sql<SimulationFigures>`
      SELECT
        (SELECT count(*)::int FROM collection_case WHERE opened_on >= ${from}) AS cases_opened,
        (SELECT count(*)::int FROM collection_case WHERE closed_on >= ${from}) AS cases_closed,
        (SELECT count(*)::int FROM message WHERE sent_at IS NOT NULL) AS messages_sent,
        (SELECT count(*)::int FROM contact_attempt WHERE channel = 'call') AS attempts,
        (SELECT count(*)::int FROM contact_attempt WHERE channel = 'call' AND connected) AS connected,
        (SELECT count(*)::int FROM contact_attempt WHERE channel = 'call' AND right_party) AS right_party,
        (SELECT count(*)::int FROM gate_decision WHERE NOT allowed) AS gate_refusals,
        (SELECT count(*)::int FROM promise_to_pay) AS promises_taken,
        (SELECT count(*)::int FROM promise_to_pay WHERE state = 'kept') AS promises_kept,
        (SELECT count(*)::int FROM promise_to_pay WHERE state IN ('broken', 'partly_kept')) AS promises_broken,
        (SELECT count(*)::int FROM payment WHERE received_on > ${from}) AS payments,
        (SELECT coalesce(sum(amount_fen), 0)::int8 FROM payment WHERE received_on > ${from}) AS paid_fen`.execute(
      this.db,
    );
    const f = rows[0]!;
    return { ...f, paid_fen: Number(f.paid_fen) };
  }
}
