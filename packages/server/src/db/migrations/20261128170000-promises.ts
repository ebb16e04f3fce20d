/**
 * 承诺还款 promises to pay: one row per promise, at most one pending per case, and the
 * payments that count towards it (so a reversed payment takes back exactly what it gave).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE promise_to_pay (
      id                 uuid PRIMARY KEY,
      case_id            uuid NOT NULL REFERENCES collection_case(id),
      loan_id            uuid NOT NULL REFERENCES loan(id),
      customer_id        uuid NOT NULL REFERENCES customer(id),
      amount_fen         bigint NOT NULL CHECK (amount_fen > 0),
      due_on             date NOT NULL,
      taken_on           date NOT NULL CHECK (due_on >= taken_on),
      taken_at           timestamptz NOT NULL,
      taken_by           uuid REFERENCES app_user(id),
      contact_attempt_id uuid REFERENCES contact_attempt(id),
      note               text,
      state              text NOT NULL DEFAULT 'pending'
                         CHECK (state IN ('pending','kept','partly_kept','broken','cancelled')),
      paid_fen           bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
      resolved_on        date,
      resolved_at        timestamptz,
      cancelled_by       uuid REFERENCES app_user(id),
      cancel_reason      text,
      CHECK ((state = 'pending') = (resolved_on IS NULL))
    );
    CREATE UNIQUE INDEX promise_one_pending ON promise_to_pay (case_id) WHERE state = 'pending';
    CREATE INDEX promise_case_idx ON promise_to_pay (case_id, taken_at DESC);
    CREATE INDEX promise_pending_due_idx ON promise_to_pay (due_on) WHERE state = 'pending';
    CREATE INDEX promise_loan_pending_idx ON promise_to_pay (loan_id) WHERE state = 'pending';

    CREATE TABLE promise_payment (
      promise_id  uuid NOT NULL REFERENCES promise_to_pay(id),
      payment_id  uuid NOT NULL REFERENCES payment(id),
      amount_fen  bigint NOT NULL CHECK (amount_fen > 0),
      PRIMARY KEY (promise_id, payment_id)
    );
    CREATE INDEX promise_payment_payment_idx ON promise_payment (payment_id);
  `.execute(db);
}
