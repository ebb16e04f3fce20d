/**
 * SQL of ingest: reference lookups and set-based upserts keyed by the source system's
 * reference. An upsert leaves a row whose values are all the same untouched (the
 * `IS DISTINCT FROM` guard) and returns only the rows it inserted or changed, so the
 * caller can tell created, updated and unchanged apart.
 */
import { type Insertable, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import type { Collateral, Contact, Customer, Installment, Loan, Product } from '../../db/database.types.js';

/** Rows per INSERT statement: well under PostgreSQL's 65,535 bind parameters for every table here. */
export const UPSERT_BATCH = 1000;

export type ProductUpsert = Required<
  Pick<
    Insertable<Product>,
    | 'code'
    | 'name'
    | 'name_en'
    | 'annual_rate'
    | 'term_months'
    | 'repayment_method'
    | 'grace_days'
    | 'penalty_rate_multiplier'
    | 'day_count_basis'
    | 'rounding'
    | 'compound_overdue_interest'
    | 'late_fee_kind'
    | 'late_fee_fen'
    | 'late_fee_rate'
    | 'late_fee_min_fen'
    | 'late_fee_max_fen'
    | 'cost_cap_kind'
    | 'cost_cap_annual'
    | 'cost_cap_lpr_multiple'
    | 'waterfall'
  >
>;

export type CustomerUpsert = Required<
  Pick<
    Insertable<Customer>,
    | 'id'
    | 'source_ref'
    | 'name'
    | 'gender'
    | 'birth_date'
    | 'id_number_enc'
    | 'id_number_hash'
    | 'mobile_enc'
    | 'mobile_hash'
    | 'address_enc'
    | 'province'
    | 'city'
    | 'region_code'
    | 'time_zone'
    | 'other_time_zones'
    | 'employer'
    | 'monthly_income_fen'
  >
>;

export type ContactUpsert = Required<
  Pick<
    Insertable<Contact>,
    | 'source_ref'
    | 'customer_id'
    | 'role'
    | 'name'
    | 'relation'
    | 'phone_enc'
    | 'phone_hash'
    | 'validity'
    | 'last_verified_at'
  >
> & { source_ref: string };

export type LoanUpsert = Required<
  Pick<
    Insertable<Loan>,
    | 'id'
    | 'source_ref'
    | 'customer_id'
    | 'product_id'
    | 'principal_fen'
    | 'annual_rate'
    | 'term_months'
    | 'disbursed_on'
    | 'maturity_on'
  >
>;

export type InstallmentUpsert = Required<
  Pick<
    Insertable<Installment>,
    | 'loan_id'
    | 'seq'
    | 'due_on'
    | 'principal_due_fen'
    | 'interest_due_fen'
    | 'fee_due_fen'
    | 'principal_paid_fen'
    | 'interest_paid_fen'
    | 'fee_paid_fen'
    | 'paid_off_on'
  >
>;

export type CollateralUpsert = Required<
  Pick<
    Insertable<Collateral>,
    'source_ref' | 'loan_id' | 'kind' | 'description' | 'appraised_value_fen' | 'appraised_on'
  >
>;

/** A row an upsert inserted (`inserted`) or changed; rows left as they were are not returned. */
export interface UpsertedRow {
  id: string;
  key: string;
  inserted: boolean;
}

export interface ExistingCustomer {
  id: string;
  source_ref: string;
  id_number_enc: Buffer;
  mobile_enc: Buffer | null;
  address_enc: Buffer | null;
}

export interface ExistingContact {
  id: string;
  source_ref: string;
  phone_enc: Buffer;
  validity: string;
  last_verified_at: Date | null;
}

export interface ExistingInstallment {
  loan_id: string;
  seq: number;
  principal_due_fen: number;
  principal_paid_fen: number;
  interest_paid_fen: number;
  fee_paid_fen: number;
  penalty_due_fen: number;
  penalty_paid_fen: number;
  compound_due_fen: number;
  compound_paid_fen: number;
  paid_off_on: string | null;
}

const PRODUCT_COLUMNS = [
  'name',
  'name_en',
  'annual_rate',
  'term_months',
  'repayment_method',
  'grace_days',
  'penalty_rate_multiplier',
  'day_count_basis',
  'rounding',
  'compound_overdue_interest',
  'late_fee_kind',
  'late_fee_fen',
  'late_fee_rate',
  'late_fee_min_fen',
  'late_fee_max_fen',
  'cost_cap_kind',
  'cost_cap_annual',
  'cost_cap_lpr_multiple',
  'waterfall',
] as const;
const CUSTOMER_COLUMNS = [
  'name',
  'gender',
  'birth_date',
  'id_number_enc',
  'id_number_hash',
  'mobile_enc',
  'mobile_hash',
  'address_enc',
  'province',
  'city',
  'region_code',
  'time_zone',
  'other_time_zones',
  'employer',
  'monthly_income_fen',
] as const;
const CONTACT_COLUMNS = [
  'customer_id',
  'role',
  'name',
  'relation',
  'phone_enc',
  'phone_hash',
  'validity',
  'last_verified_at',
] as const;
const LOAN_COLUMNS = [
  'customer_id',
  'product_id',
  'principal_fen',
  'annual_rate',
  'term_months',
  'disbursed_on',
  'maturity_on',
] as const;
const INSTALLMENT_COLUMNS = [
  'due_on',
  'principal_due_fen',
  'interest_due_fen',
  'fee_due_fen',
  'principal_paid_fen',
  'interest_paid_fen',
  'fee_paid_fen',
  'paid_off_on',
] as const;
const COLLATERAL_COLUMNS = ['loan_id', 'kind', 'description', 'appraised_value_fen', 'appraised_on'] as const;

/** SET col = excluded.col (the value of the row that conflicted) for each column, and updated_at. */
function fromExcluded(columns: readonly string[], touchUpdatedAt: boolean): never {
  const set: Record<string, unknown> = Object.fromEntries(columns.map((c) => [c, sql.ref(`excluded.${c}`)]));
  if (touchUpdatedAt) set.updated_at = sql`now()`;
  return set as never;
}

/** The guard that makes a conflicting row with identical values a no-op. */
function changed(table: string, columns: readonly string[]) {
  const current = sql.join(columns.map((c) => sql.ref(`${table}.${c}`)));
  const incoming = sql.join(columns.map((c) => sql.ref(`excluded.${c}`)));
  return sql<boolean>`(${current}) IS DISTINCT FROM (${incoming})`;
}

const INSERTED = sql<boolean>`xmax = 0`.as('inserted');

function* batches<T>(rows: readonly T[], size = UPSERT_BATCH): Generator<T[]> {
  for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
}

/** Lookups and upserts for ingesting the loan book. */
export class IngestRepository {
  constructor(private readonly db: Database) {}

  /** Product ids by code, for the codes that exist. */
  async productIds(codes: readonly string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await this.db
      .selectFrom('product')
      .select(['id', 'code'])
      .where(sql<boolean>`code = any(${[...codes]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.code, r.id]));
  }

  /** Customer ids by source reference, for the references that exist. */
  async customerIds(refs: readonly string[]): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows = await this.db
      .selectFrom('customer')
      .select(['id', 'source_ref'])
      .where(sql<boolean>`source_ref = any(${[...refs]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.source_ref, r.id]));
  }

  /** Loans by source reference (id, principal, disbursement date), for the references that exist. */
  async loansByRef(
    refs: readonly string[],
  ): Promise<Map<string, { id: string; principalFen: number; disbursedOn: string }>> {
    if (!refs.length) return new Map();
    const rows = await this.db
      .selectFrom('loan')
      .select(['id', 'source_ref', 'principal_fen', 'disbursed_on'])
      .where(sql<boolean>`source_ref = any(${[...refs]}::text[])`)
      .execute();
    return new Map(
      rows.map((r) => [
        r.source_ref,
        { id: r.id, principalFen: r.principal_fen, disbursedOn: r.disbursed_on },
      ]),
    );
  }

  /** Collateral ids by source reference. */
  async collateralIds(refs: readonly string[]): Promise<Map<string, string>> {
    if (!refs.length) return new Map();
    const rows = await this.db
      .selectFrom('collateral')
      .select(['id', 'source_ref'])
      .where(sql<boolean>`source_ref = any(${[...refs]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.source_ref, r.id]));
  }

  /** The stored personal data of customers (encrypted), to compare with what is sent. */
  async existingCustomers(refs: readonly string[]): Promise<Map<string, ExistingCustomer>> {
    if (!refs.length) return new Map();
    const rows = await this.db
      .selectFrom('customer')
      .select(['id', 'source_ref', 'id_number_enc', 'mobile_enc', 'address_enc'])
      .where(sql<boolean>`source_ref = any(${[...refs]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.source_ref, r]));
  }

  /** The stored phone (encrypted) and verification state of contacts. */
  async existingContacts(refs: readonly string[]): Promise<Map<string, ExistingContact>> {
    if (!refs.length) return new Map();
    const rows = await this.db
      .selectFrom('contact')
      .select(['id', 'source_ref', 'phone_enc', 'validity', 'last_verified_at'])
      .where(sql<boolean>`source_ref = any(${[...refs]}::text[])`)
      .execute();
    return new Map(rows.map((r) => [r.source_ref!, { ...r, source_ref: r.source_ref! }]));
  }

  /** The installments of loans, for merging a partial schedule and checking its principal. */
  async installmentsOf(loanIds: readonly string[]): Promise<ExistingInstallment[]> {
    if (!loanIds.length) return [];
    return this.db
      .selectFrom('installment')
      .select([
        'loan_id',
        'seq',
        'principal_due_fen',
        'principal_paid_fen',
        'interest_paid_fen',
        'fee_paid_fen',
        'penalty_due_fen',
        'penalty_paid_fen',
        'compound_due_fen',
        'compound_paid_fen',
        'paid_off_on',
      ])
      .where(sql<boolean>`loan_id = any(${[...loanIds]}::uuid[])`)
      .execute();
  }

  async upsertProducts(rows: readonly ProductUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('product')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('code')
            .doUpdateSet(fromExcluded(PRODUCT_COLUMNS, true))
            .where(changed('product', PRODUCT_COLUMNS)),
        )
        .returning(['id', 'code as key', INSERTED])
        .execute();
      out.push(...result);
    }
    return out;
  }

  async upsertCustomers(rows: readonly CustomerUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('customer')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('source_ref')
            .doUpdateSet(fromExcluded(CUSTOMER_COLUMNS, true))
            .where(changed('customer', CUSTOMER_COLUMNS)),
        )
        .returning(['id', 'source_ref as key', INSERTED])
        .execute();
      out.push(...result);
    }
    return out;
  }

  async upsertContacts(rows: readonly ContactUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('contact')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('source_ref')
            .doUpdateSet(fromExcluded(CONTACT_COLUMNS, false))
            .where(changed('contact', CONTACT_COLUMNS)),
        )
        .returning(['id', 'source_ref as key', INSERTED])
        .execute();
      out.push(...result.map((r) => ({ ...r, key: r.key ?? '' })));
    }
    return out;
  }

  async upsertLoans(rows: readonly LoanUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('loan')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('source_ref')
            .doUpdateSet(fromExcluded(LOAN_COLUMNS, true))
            .where(changed('loan', LOAN_COLUMNS)),
        )
        .returning(['id', 'source_ref as key', INSERTED])
        .execute();
      out.push(...result);
    }
    return out;
  }

  /** Upserts installments by (loan, seq); the key of a returned row is "loanId#seq". */
  async upsertInstallments(rows: readonly InstallmentUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('installment')
        .values(batch)
        .onConflict((oc) =>
          oc
            .columns(['loan_id', 'seq'])
            .doUpdateSet(fromExcluded(INSTALLMENT_COLUMNS, false))
            .where(changed('installment', INSTALLMENT_COLUMNS)),
        )
        .returning(['loan_id', 'seq', INSERTED])
        .execute();
      out.push(...result.map((r) => ({ id: r.loan_id, key: `${r.loan_id}#${r.seq}`, inserted: r.inserted })));
    }
    return out;
  }

  async upsertCollateral(rows: readonly CollateralUpsert[]): Promise<UpsertedRow[]> {
    const out: UpsertedRow[] = [];
    for (const batch of batches(rows)) {
      const result = await this.db
        .insertInto('collateral')
        .values(batch)
        .onConflict((oc) =>
          oc
            .column('source_ref')
            .doUpdateSet(fromExcluded(COLLATERAL_COLUMNS, true))
            .where(changed('collateral', COLLATERAL_COLUMNS)),
        )
        .returning(['id', 'source_ref as key', INSERTED])
        .execute();
      out.push(...result);
    }
    return out;
  }
}
