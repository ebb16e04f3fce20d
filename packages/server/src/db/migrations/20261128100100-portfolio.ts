/**
 * The loan book as the demo portfolio needs it: products, customers (personal data
 * encrypted, with keyed hashes for lookup), contacts, loans, installments and payments,
 * plus each demo borrower's latent behaviour, kept apart from what collectors see.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE product (
      id                      uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      code                    text NOT NULL UNIQUE,
      name                    text NOT NULL,
      name_en                 text NOT NULL,
      annual_rate             numeric(10,6) NOT NULL CHECK (annual_rate >= 0),
      term_months             integer NOT NULL CHECK (term_months BETWEEN 1 AND 360),
      repayment_method        text NOT NULL
        CHECK (repayment_method IN ('equal_installment','equal_principal','interest_first','bullet')),
      grace_days              integer NOT NULL DEFAULT 0 CHECK (grace_days >= 0),
      penalty_rate_multiplier numeric(10,6) NOT NULL DEFAULT 1.5,
      day_count_basis         text NOT NULL DEFAULT 'act/360' CHECK (day_count_basis IN ('act/360','act/365')),
      rounding                text NOT NULL DEFAULT 'half-up' CHECK (rounding IN ('half-up','half-even','down','up')),
      cost_cap_annual         numeric(10,6) NOT NULL DEFAULT 0.24,
      late_fee_fen            bigint NOT NULL DEFAULT 0 CHECK (late_fee_fen >= 0),
      created_at              timestamptz NOT NULL DEFAULT now()
    );

    CREATE TABLE customer (
      id                  uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_ref          text NOT NULL UNIQUE,
      name                text NOT NULL,
      gender              text CHECK (gender IN ('M','F')),
      birth_date          date,
      id_number_enc       bytea NOT NULL,
      id_number_hash      bytea NOT NULL,
      mobile_enc          bytea,
      mobile_hash         bytea,
      address_enc         bytea,
      province            text,
      city                text,
      region_code         text,
      time_zone           text NOT NULL DEFAULT 'Asia/Shanghai',
      employer            text,
      monthly_income_fen  bigint CHECK (monthly_income_fen >= 0),
      deceased            boolean NOT NULL DEFAULT false,
      vulnerable          boolean NOT NULL DEFAULT false,
      created_at          timestamptz NOT NULL DEFAULT now(),
      updated_at          timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX customer_id_number_hash_idx ON customer (id_number_hash);
    CREATE INDEX customer_mobile_hash_idx ON customer (mobile_hash);

    -- Latent repayment behaviour of generated borrowers: ground truth for grading
    -- strategies and scorecards, never shown to collectors.
    CREATE TABLE customer_latent_behaviour (
      customer_id  uuid PRIMARY KEY REFERENCES customer(id),
      behaviour    text NOT NULL
        CHECK (behaviour IN ('on_time','forgetful','short_of_money','strategic_defaulter','unreachable'))
    );

    CREATE TABLE contact (
      id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      customer_id       uuid NOT NULL REFERENCES customer(id),
      role              text NOT NULL CHECK (role IN ('self','guarantor','spouse','emergency','employer','other')),
      name              text NOT NULL,
      relation          text,
      phone_enc         bytea NOT NULL,
      phone_hash        bytea NOT NULL,
      validity          text NOT NULL DEFAULT 'unverified' CHECK (validity IN ('unverified','valid','invalid')),
      last_verified_at  timestamptz,
      refused_at        timestamptz,
      created_at        timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX contact_customer_idx ON contact (customer_id);
    CREATE INDEX contact_phone_hash_idx ON contact (phone_hash);

    CREATE TABLE loan (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_ref      text NOT NULL UNIQUE,
      customer_id     uuid NOT NULL REFERENCES customer(id),
      product_id      uuid NOT NULL REFERENCES product(id),
      principal_fen   bigint NOT NULL CHECK (principal_fen > 0),
      annual_rate     numeric(10,6) NOT NULL CHECK (annual_rate >= 0),
      term_months     integer NOT NULL CHECK (term_months BETWEEN 1 AND 360),
      disbursed_on    date NOT NULL,
      maturity_on     date NOT NULL CHECK (maturity_on >= disbursed_on),
      status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active','paid_off','written_off','sold')),
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX loan_customer_idx ON loan (customer_id);
    CREATE INDEX loan_status_idx ON loan (status);

    CREATE TABLE installment (
      loan_id             uuid NOT NULL REFERENCES loan(id),
      seq                 integer NOT NULL CHECK (seq >= 1),
      due_on              date NOT NULL,
      principal_due_fen   bigint NOT NULL CHECK (principal_due_fen >= 0),
      interest_due_fen    bigint NOT NULL CHECK (interest_due_fen >= 0),
      fee_due_fen         bigint NOT NULL DEFAULT 0 CHECK (fee_due_fen >= 0),
      principal_paid_fen  bigint NOT NULL DEFAULT 0 CHECK (principal_paid_fen BETWEEN 0 AND principal_due_fen),
      interest_paid_fen   bigint NOT NULL DEFAULT 0 CHECK (interest_paid_fen BETWEEN 0 AND interest_due_fen),
      fee_paid_fen        bigint NOT NULL DEFAULT 0 CHECK (fee_paid_fen BETWEEN 0 AND fee_due_fen),
      paid_off_on         date,
      PRIMARY KEY (loan_id, seq)
    );
    CREATE INDEX installment_due_unpaid_idx ON installment (due_on) WHERE paid_off_on IS NULL;

    CREATE TABLE payment (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_ref    text NOT NULL UNIQUE,
      loan_id       uuid NOT NULL REFERENCES loan(id),
      amount_fen    bigint NOT NULL CHECK (amount_fen > 0),
      received_on   date NOT NULL,
      channel       text NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX payment_loan_idx ON payment (loan_id, received_on);
  `.execute(db);
}
