import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { ProductChargeRow } from '../portfolio/charge-terms.mapper.js';

/** A loan as posting and reversal need it, with its product's grace days and waterfall. */
export interface PaymentLoanRow {
  id: string;
  source_ref: string;
  customer_id: string;
  product_id: string;
  status: string;
  disbursed_on: string;
  closed_on: string | null;
  credit_balance_fen: number;
  grace_days: number;
  waterfall: string[];
}

/** One installment with every amount a payment can touch. */
export interface PaymentInstallmentRow {
  seq: number;
  due_on: string;
  principal_due_fen: number;
  principal_paid_fen: number;
  interest_due_fen: number;
  interest_paid_fen: number;
  fee_due_fen: number;
  fee_paid_fen: number;
  penalty_due_fen: number;
  penalty_paid_fen: number;
  compound_due_fen: number;
  compound_paid_fen: number;
  paid_off_on: string | null;
  late_fee_charged: boolean;
}

/** The paid amounts and settlement date written back to one installment. */
export interface InstallmentPaidWrite {
  seq: number;
  principalPaidFen: number;
  interestPaidFen: number;
  feePaidFen: number;
  penaltyPaidFen: number;
  compoundPaidFen: number;
  paidOffOn: string | null;
}

export interface PaymentRow {
  id: string;
  source_ref: string;
  loan_id: string;
  loan_ref: string;
  amount_fen: number;
  received_on: string;
  channel: string;
  status: string;
  allocation: unknown;
  credit_fen: number;
  idempotency_key: string | null;
  posted_by: string | null;
  created_at: Date;
  reversed_at: Date | null;
  reversal_reason: string | null;
}

export interface PaymentInsertRow {
  source_ref: string;
  loan_id: string;
  amount_fen: number;
  received_on: string;
  channel: string;
  allocation: unknown;
  credit_fen: number;
  idempotency_key: string | null;
  posted_by: string | null;
  created_at: Date;
}

/**
 * The delinquency part of loan_state that a payment recomputes. The accrual fields, episodes,
 * worst DPD and as_of are the daily run's: as_of is its watermark (the last day accrued; the
 * run skips a loan whose as_of is not before the day it runs).
 */
export interface LoanStateDelinquencyWrite {
  dpd: number;
  bucket: string;
  outstandingPrincipalFen: number;
  overduePrincipalFen: number;
  overdueInterestFen: number;
  overduePenaltyFen: number;
  overdueFeesFen: number;
  inCollection: boolean;
  updatedAt: Date;
}

export interface LoanStateRow {
  loan_id: string;
  as_of: string;
  dpd: number;
  bucket: string;
  outstanding_principal_fen: number;
  overdue_principal_fen: number;
  overdue_interest_fen: number;
  overdue_penalty_fen: number;
  overdue_fees_fen: number;
  accrued_penalty_fen: number;
  accrued_compound_fen: number;
  accrued_fees_fen: number;
  principal_days: number;
  capped: boolean;
  episodes: number;
  worst_dpd: number;
  in_collection: boolean;
}

export interface CaseRow {
  id: string;
  loan_id: string;
  customer_id: string;
  status: string;
  stage: string;
  bucket: string;
  dpd: number;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  holder_user_id: string | null;
  holder_team_id: string | null;
  agency_id: string | null;
}

export interface CaseEventInsert {
  caseId: string;
  loanId: string;
  onDate: string;
  kind: 'opened' | 'stage_changed' | 'bucket_changed' | 'closed' | 'payment' | 'payment_reversed';
  fromValue: string | null;
  toValue: string | null;
  detail: unknown;
}

/** The product terms the charge explanation needs. */
export interface ChargeTermsRow extends ProductChargeRow {
  product_updated_at: Date;
}

/** One day of the daily snapshot, as the charge explanation reads it. */
export interface LoanDailyChargeRow {
  as_of: string;
  outstanding_principal_fen: number;
  overdue_principal_fen: number;
  overdue_interest_fen: number;
  penalty_accrued_today_fen: number;
  compound_accrued_today_fen: number;
  fees_accrued_today_fen: number;
  accrued_penalty_fen: number;
  accrued_compound_fen: number;
  accrued_fees_fen: number;
  principal_days: number;
  capped: boolean;
}

const LOAN_SELECT = sql`
  l.id::text, l.source_ref, l.customer_id::text, l.product_id::text, l.status, l.disbursed_on::text,
  l.closed_on::text, l.credit_balance_fen, p.grace_days, p.waterfall`;

const PAYMENT_SELECT = sql`
  y.id::text, y.source_ref, y.loan_id::text, l.source_ref AS loan_ref, y.amount_fen, y.received_on::text,
  y.channel, y.status, y.allocation, y.credit_fen, y.idempotency_key, y.posted_by::text, y.created_at,
  y.reversed_at, y.reversal_reason`;

const CASE_SELECT = sql`
  c.id::text, c.loan_id::text, c.customer_id::text, c.status, c.stage, c.bucket, c.dpd, c.opened_on::text,
  c.closed_on::text, c.close_reason, c.holder_user_id::text, c.holder_team_id::text, c.agency_id::text`;

/** 还款入账 payments: the loan, installment, payment, loan-state and case rows that posting and reversal touch. */
export class PaymentsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Finds a loan by its source reference and locks its row until the transaction ends.
   * FOR NO KEY UPDATE (the lock an UPDATE of non-key columns takes): postings and reversals of
   * the loan queue behind each other, while inserts that only reference the loan (a case the
   * daily run opens, a snapshot) are not blocked, so they cannot deadlock with a posting.
   */
  async lockLoanByRef(ref: string): Promise<PaymentLoanRow | undefined> {
    const r = await sql<PaymentLoanRow>`
      SELECT ${LOAN_SELECT} FROM loan l JOIN product p ON p.id = l.product_id
      WHERE l.source_ref = ${ref} FOR NO KEY UPDATE OF l`.execute(this.db);
    return r.rows[0];
  }

  /** Finds a loan by id and locks its row (as lockLoanByRef) until the transaction ends. */
  async lockLoanById(id: string): Promise<PaymentLoanRow | undefined> {
    const r = await sql<PaymentLoanRow>`
      SELECT ${LOAN_SELECT} FROM loan l JOIN product p ON p.id = l.product_id
      WHERE l.id = ${id}::uuid FOR NO KEY UPDATE OF l`.execute(this.db);
    return r.rows[0];
  }

  async findLoanByRef(ref: string): Promise<PaymentLoanRow | undefined> {
    const r = await sql<PaymentLoanRow>`
      SELECT ${LOAN_SELECT} FROM loan l JOIN product p ON p.id = l.product_id
      WHERE l.source_ref = ${ref}`.execute(this.db);
    return r.rows[0];
  }

  async installmentsOf(loanId: string): Promise<PaymentInstallmentRow[]> {
    const r = await sql<PaymentInstallmentRow>`
      SELECT seq, due_on::text, principal_due_fen, principal_paid_fen, interest_due_fen, interest_paid_fen,
             fee_due_fen, fee_paid_fen, penalty_due_fen, penalty_paid_fen, compound_due_fen, compound_paid_fen,
             paid_off_on::text, late_fee_charged
      FROM installment WHERE loan_id = ${loanId}::uuid ORDER BY seq`.execute(this.db);
    return r.rows;
  }

  /** Writes the paid amounts and settlement dates of some installments of one loan, set-based. */
  async writeInstallmentsPaid(loanId: string, rows: readonly InstallmentPaidWrite[]): Promise<void> {
    if (rows.length === 0) return;
    await sql`
      UPDATE installment i SET
        principal_paid_fen = x.principal, interest_paid_fen = x.interest, fee_paid_fen = x.fee,
        penalty_paid_fen = x.penalty, compound_paid_fen = x.compound, paid_off_on = x.paid_off_on
      FROM unnest(${rows.map((r) => r.seq)}::int[], ${rows.map((r) => r.principalPaidFen)}::bigint[],
                  ${rows.map((r) => r.interestPaidFen)}::bigint[], ${rows.map((r) => r.feePaidFen)}::bigint[],
                  ${rows.map((r) => r.penaltyPaidFen)}::bigint[], ${rows.map((r) => r.compoundPaidFen)}::bigint[],
                  ${rows.map((r) => r.paidOffOn)}::date[])
        AS x(seq, principal, interest, fee, penalty, compound, paid_off_on)
      WHERE i.loan_id = ${loanId}::uuid AND i.seq = x.seq`.execute(this.db);
  }

  /** Sets a loan's status, closing date and credit balance. */
  async updateLoan(
    loanId: string,
    values: { status: string; closedOn: string | null; creditBalanceFen: number; updatedAt: Date },
  ): Promise<void> {
    await this.db
      .updateTable('loan')
      .set({
        status: values.status,
        closed_on: values.closedOn,
        credit_balance_fen: values.creditBalanceFen,
        updated_at: values.updatedAt,
      })
      .where('id', '=', loanId)
      .execute();
  }

  async findPaymentBySourceRef(sourceRef: string): Promise<PaymentRow | undefined> {
    const r = await sql<PaymentRow>`
      SELECT ${PAYMENT_SELECT} FROM payment y JOIN loan l ON l.id = y.loan_id
      WHERE y.source_ref = ${sourceRef}`.execute(this.db);
    return r.rows[0];
  }

  async findPaymentById(id: string): Promise<PaymentRow | undefined> {
    const r = await sql<PaymentRow>`
      SELECT ${PAYMENT_SELECT} FROM payment y JOIN loan l ON l.id = y.loan_id
      WHERE y.id = ${id}::uuid`.execute(this.db);
    return r.rows[0];
  }

  /** Payments of a loan, oldest first. */
  async paymentsOfLoan(loanId: string): Promise<PaymentRow[]> {
    const r = await sql<PaymentRow>`
      SELECT ${PAYMENT_SELECT} FROM payment y JOIN loan l ON l.id = y.loan_id
      WHERE y.loan_id = ${loanId}::uuid ORDER BY y.received_on, y.created_at, y.id`.execute(this.db);
    return r.rows;
  }

  /**
   * Inserts a payment unless its source reference is taken (by a concurrent request):
   * returns the new row's id, or null when the reference already exists.
   */
  async insertPayment(row: PaymentInsertRow): Promise<string | null> {
    const r = await sql<{ id: string }>`
      INSERT INTO payment (source_ref, loan_id, amount_fen, received_on, channel, status, allocation, credit_fen,
                           idempotency_key, posted_by, created_at)
      VALUES (${row.source_ref}, ${row.loan_id}::uuid, ${row.amount_fen}, ${row.received_on}::date, ${row.channel},
              'posted', ${JSON.stringify(row.allocation)}::jsonb, ${row.credit_fen}, ${row.idempotency_key},
              ${row.posted_by}::uuid, ${row.created_at})
      ON CONFLICT DO NOTHING
      RETURNING id::text`.execute(this.db);
    return r.rows[0]?.id ?? null;
  }

  async markPaymentReversed(id: string, at: Date, reason: string): Promise<void> {
    await this.db
      .updateTable('payment')
      .set({ status: 'reversed', reversed_at: at, reversal_reason: reason })
      .where('id', '=', id)
      .where('status', '=', 'posted')
      .execute();
  }

  async findLoanState(loanId: string): Promise<LoanStateRow | undefined> {
    const r = await sql<LoanStateRow>`
      SELECT loan_id::text, as_of::text, dpd, bucket, outstanding_principal_fen, overdue_principal_fen,
             overdue_interest_fen, overdue_penalty_fen, overdue_fees_fen, accrued_penalty_fen, accrued_compound_fen,
             accrued_fees_fen, principal_days, capped, episodes, worst_dpd, in_collection
      FROM loan_state WHERE loan_id = ${loanId}::uuid`.execute(this.db);
    return r.rows[0];
  }

  /** Rewrites the delinquency fields of an existing loan_state row; as_of, accrual fields, episodes and worst DPD stay. */
  async updateLoanStateDelinquency(loanId: string, s: LoanStateDelinquencyWrite): Promise<void> {
    await this.db
      .updateTable('loan_state')
      .set({
        dpd: s.dpd,
        bucket: s.bucket,
        outstanding_principal_fen: s.outstandingPrincipalFen,
        overdue_principal_fen: s.overduePrincipalFen,
        overdue_interest_fen: s.overdueInterestFen,
        overdue_penalty_fen: s.overduePenaltyFen,
        overdue_fees_fen: s.overdueFeesFen,
        in_collection: s.inCollection,
        updated_at: s.updatedAt,
      })
      .where('loan_id', '=', loanId)
      .execute();
  }

  /** The loan's open case, locked until the transaction ends. */
  async lockOpenCase(loanId: string): Promise<CaseRow | undefined> {
    const r = await sql<CaseRow>`
      SELECT ${CASE_SELECT} FROM collection_case c
      WHERE c.loan_id = ${loanId}::uuid AND c.status = 'open' FOR UPDATE`.execute(this.db);
    return r.rows[0];
  }

  /** The case a payment closed (from the case history), if it closed one. */
  async caseClosedByPayment(loanId: string, paymentId: string): Promise<CaseRow | undefined> {
    const r = await sql<CaseRow>`
      SELECT ${CASE_SELECT} FROM collection_case c
      WHERE c.loan_id = ${loanId}::uuid AND c.id IN (
        SELECT e.case_id FROM case_event e
        WHERE e.loan_id = ${loanId}::uuid AND e.kind = 'closed' AND e.detail ->> 'paymentId' = ${paymentId})
      ORDER BY c.closed_on DESC LIMIT 1`.execute(this.db);
    return r.rows[0];
  }

  async updateCase(
    caseId: string,
    values: { stage: string; bucket: string; dpd: number; at: Date },
  ): Promise<void> {
    await sql`
      UPDATE collection_case SET stage = ${values.stage}, bucket = ${values.bucket}, dpd = ${values.dpd},
        version = version + CASE WHEN stage <> ${values.stage} OR bucket <> ${values.bucket} THEN 1 ELSE 0 END,
        updated_at = ${values.at}
      WHERE id = ${caseId}::uuid`.execute(this.db);
  }

  async closeCase(
    caseId: string,
    values: { closedOn: string; reason: 'cured' | 'paid_off'; bucket: string; dpd: number; at: Date },
  ): Promise<void> {
    await sql`
      UPDATE collection_case SET status = 'closed', closed_on = ${values.closedOn}::date, close_reason = ${values.reason},
        bucket = ${values.bucket}, dpd = ${values.dpd}, version = version + 1, updated_at = ${values.at}
      WHERE id = ${caseId}::uuid AND status = 'open'`.execute(this.db);
  }

  /** Opens a case; returns its id. */
  async openCase(values: {
    loanId: string;
    customerId: string;
    openedOn: string;
    stage: string;
    bucket: string;
    dpd: number;
    holderUserId: string | null;
    holderTeamId: string | null;
    agencyId: string | null;
    at: Date;
  }): Promise<string> {
    const r = await sql<{ id: string }>`
      INSERT INTO collection_case (loan_id, customer_id, opened_on, status, stage, bucket, dpd, dpd_at_open,
                                   holder_user_id, holder_team_id, agency_id, created_at, updated_at)
      VALUES (${values.loanId}::uuid, ${values.customerId}::uuid, ${values.openedOn}::date, 'open', ${values.stage},
              ${values.bucket}, ${values.dpd}, ${values.dpd}, ${values.holderUserId}::uuid, ${values.holderTeamId}::uuid,
              ${values.agencyId}::uuid, ${values.at}, ${values.at})
      RETURNING id::text`.execute(this.db);
    return r.rows[0]!.id;
  }

  async insertCaseEvents(rows: readonly CaseEventInsert[]): Promise<void> {
    if (rows.length === 0) return;
    await this.db
      .insertInto('case_event')
      .values(
        rows.map((r) => ({
          case_id: r.caseId,
          loan_id: r.loanId,
          on_date: r.onDate,
          kind: r.kind,
          from_value: r.fromValue,
          to_value: r.toValue,
          detail: JSON.stringify(r.detail ?? null),
        })),
      )
      .execute();
  }

  /** The charge terms of a loan's product (the loan's own contract rate replaces the product's). */
  async chargeTermsOf(loanId: string): Promise<ChargeTermsRow | undefined> {
    const r = await sql<ChargeTermsRow>`
      SELECT l.annual_rate::text, p.penalty_rate_multiplier::text, p.day_count_basis, p.rounding,
             p.compound_overdue_interest, p.grace_days, p.late_fee_kind, p.late_fee_fen, p.late_fee_rate::text,
             p.late_fee_min_fen, p.late_fee_max_fen, p.cost_cap_kind, p.cost_cap_annual::text,
             p.cost_cap_lpr_multiple::text, p.updated_at AS product_updated_at
      FROM loan l JOIN product p ON p.id = l.product_id WHERE l.id = ${loanId}::uuid`.execute(this.db);
    return r.rows[0];
  }

  /** The daily snapshots of a loan, oldest first. */
  async dailySnapshotsOf(loanId: string): Promise<LoanDailyChargeRow[]> {
    const r = await sql<LoanDailyChargeRow>`
      SELECT as_of::text, outstanding_principal_fen, overdue_principal_fen, overdue_interest_fen,
             penalty_accrued_today_fen, compound_accrued_today_fen, fees_accrued_today_fen, accrued_penalty_fen,
             accrued_compound_fen, accrued_fees_fen, principal_days, capped
      FROM loan_daily WHERE loan_id = ${loanId}::uuid ORDER BY as_of`.execute(this.db);
    return r.rows;
  }

  async lprTable(): Promise<{ effectiveFrom: string; oneYear: string }[]> {
    const r = await sql<{ effective_from: string; one_year: string }>`
      SELECT effective_from::text, one_year::text FROM lpr_rate ORDER BY effective_from`.execute(this.db);
    return r.rows.map((x) => ({ effectiveFrom: x.effective_from, oneYear: x.one_year }));
  }
}
