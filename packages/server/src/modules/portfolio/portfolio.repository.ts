import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface ProductInsert {
  code: string;
  name: string;
  name_en: string;
  annual_rate: string;
  term_months: number;
  repayment_method: string;
  grace_days: number;
  penalty_rate_multiplier: string;
  day_count_basis: string;
  rounding: string;
  cost_cap_annual: string;
  late_fee_fen: number;
}

export interface CustomerInsert {
  id: string;
  source_ref: string;
  name: string;
  gender: string;
  birth_date: string;
  id_number_enc: Buffer;
  id_number_hash: Buffer;
  mobile_enc: Buffer;
  mobile_hash: Buffer;
  address_enc: Buffer;
  province: string;
  city: string;
  region_code: string;
  time_zone: string;
  employer: string | null;
  monthly_income_fen: number;
}

export interface ContactInsert {
  customer_id: string;
  role: string;
  name: string;
  relation: string;
  phone_enc: Buffer;
  phone_hash: Buffer;
}

export interface LoanInsert {
  id: string;
  source_ref: string;
  customer_id: string;
  product_id: string;
  principal_fen: number;
  annual_rate: string;
  term_months: number;
  disbursed_on: string;
  maturity_on: string;
  status: string;
}

export interface InstallmentInsert {
  loan_id: string;
  seq: number;
  due_on: string;
  principal_due_fen: number;
  interest_due_fen: number;
  fee_due_fen: number;
  principal_paid_fen: number;
  interest_paid_fen: number;
  fee_paid_fen: number;
  paid_off_on: string | null;
}

export interface PaymentInsert {
  source_ref: string;
  loan_id: string;
  amount_fen: number;
  received_on: string;
  channel: string;
}

/** Customers, contacts, loans, schedules and payments. */
export class PortfolioRepository {
  constructor(private readonly db: Database) {}

  async loanCount(): Promise<number> {
    const row = await this.db
      .selectFrom('loan')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  async upsertProducts(products: readonly ProductInsert[]): Promise<Map<string, string>> {
    const rows = await this.db
      .insertInto('product')
      .values([...products])
      .onConflict((oc) => oc.column('code').doUpdateSet((eb) => ({ name: eb.ref('excluded.name') })))
      .returning(['id', 'code'])
      .execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  async insertCustomers(rows: readonly CustomerInsert[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('customer')
        .values([...rows])
        .execute();
  }

  async insertLatentBehaviours(rows: readonly { customer_id: string; behaviour: string }[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('customer_latent_behaviour')
        .values([...rows])
        .execute();
  }

  async insertContacts(rows: readonly ContactInsert[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('contact')
        .values([...rows])
        .execute();
  }

  async insertLoans(rows: readonly LoanInsert[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('loan')
        .values([...rows])
        .execute();
  }

  async insertInstallments(rows: readonly InstallmentInsert[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('installment')
        .values([...rows])
        .execute();
  }

  async insertPayments(rows: readonly PaymentInsert[]): Promise<void> {
    if (rows.length)
      await this.db
        .insertInto('payment')
        .values([...rows])
        .execute();
  }

  /** Counts and balances of the book on a business date, with loans grouped by days past due. */
  async summary(businessDate: string): Promise<{
    products: number;
    customers: number;
    loans: number;
    activeLoans: number;
    outstandingPrincipalFen: number;
    byDpd: { dpd: number; loans: number; principalFen: number }[];
  }> {
    const counts = await sql<{
      products: number;
      customers: number;
      loans: number;
      active_loans: number;
      outstanding_principal_fen: number;
    }>`
      SELECT
        (SELECT count(*)::int FROM product) AS products,
        (SELECT count(*)::int FROM customer) AS customers,
        (SELECT count(*)::int FROM loan) AS loans,
        (SELECT count(*)::int FROM loan WHERE status = 'active') AS active_loans,
        (SELECT coalesce(sum(i.principal_due_fen - i.principal_paid_fen), 0)::bigint
           FROM installment i JOIN loan l ON l.id = i.loan_id WHERE l.status = 'active') AS outstanding_principal_fen
    `.execute(this.db);
    // DPD = business date − earliest due date of an installment not fully paid (GLOSSARY).
    const byDpd = await sql<{ dpd: number; loans: number; principal_fen: number }>`
      WITH first_unpaid AS (
        SELECT i.loan_id, min(i.due_on) AS due_on
        FROM installment i JOIN loan l ON l.id = i.loan_id
        -- Not fully paid on its contractual amounts (unpaid penalty alone does not keep DPD running).
        WHERE l.status = 'active' AND i.due_on < ${businessDate}::date
          AND (i.principal_paid_fen < i.principal_due_fen OR i.interest_paid_fen < i.interest_due_fen
               OR i.fee_paid_fen < i.fee_due_fen)
        GROUP BY i.loan_id
      ), outstanding AS (
        SELECT i.loan_id, sum(i.principal_due_fen - i.principal_paid_fen) AS principal_fen
        FROM installment i JOIN first_unpaid f ON f.loan_id = i.loan_id
        GROUP BY i.loan_id
      )
      SELECT (${businessDate}::date - f.due_on) AS dpd, count(*)::int AS loans,
             coalesce(sum(o.principal_fen), 0)::bigint AS principal_fen
      FROM first_unpaid f JOIN outstanding o ON o.loan_id = f.loan_id
      GROUP BY 1 ORDER BY 1
    `.execute(this.db);
    const c = counts.rows[0]!;
    return {
      products: c.products,
      customers: c.customers,
      loans: c.loans,
      activeLoans: c.active_loans,
      outstandingPrincipalFen: c.outstanding_principal_fen,
      byDpd: byDpd.rows.map((r) => ({ dpd: r.dpd, loans: r.loans, principalFen: r.principal_fen })),
    };
  }
}
