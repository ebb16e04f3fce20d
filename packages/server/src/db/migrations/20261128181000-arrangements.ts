/**
 * 协商还款 arrangements and 减免 waivers: one row per arrangement with its terms, the computed
 * plan, the commitment evidence and the approval; the approval steps; the commitment lines
 * adherence is checked against; the payments counted towards it; the installments an
 * approval replaced (so the original schedule can be rebuilt); the waiver as loan adjustments.
 *
 * Commitment documents are stored in PostgreSQL (bytea, ≤ 2 MB, PDF/JPEG/PNG): they are
 * evidence kept with the collection record for years (cn.retention), must commit or roll back
 * with the arrangement, and Huikuan has no other file store to configure.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE arrangement (
      id                 uuid PRIMARY KEY,
      case_id            uuid NOT NULL REFERENCES collection_case(id),
      loan_id            uuid NOT NULL REFERENCES loan(id),
      customer_id        uuid NOT NULL REFERENCES customer(id),
      kind               text NOT NULL CHECK (kind IN ('extension','installment_plan','partial_payment','settlement')),
      terms              jsonb NOT NULL,
      plan               jsonb NOT NULL,
      owed_fen           bigint NOT NULL CHECK (owed_fen >= 0),
      plan_total_fen     bigint NOT NULL CHECK (plan_total_fen >= 0),
      waiver_fen         bigint NOT NULL DEFAULT 0 CHECK (waiver_fen >= 0),
      waiver_share       numeric(6,4) NOT NULL DEFAULT 0 CHECK (waiver_share BETWEEN 0 AND 1),
      status             text NOT NULL DEFAULT 'draft'
                         CHECK (status IN ('draft','submitted','rejected','active','completed','broken','cancelled')),
      note               text,
      proposed_by        uuid REFERENCES app_user(id),
      proposed_on        date NOT NULL,
      proposed_at        timestamptz NOT NULL,
      commitment_kind    text CHECK (commitment_kind IN ('sms','document')),
      commitment_ref     text,
      commitment_on      date,
      commitment_by      uuid REFERENCES app_user(id),
      submitted_by       uuid REFERENCES app_user(id),
      submitted_at       timestamptz,
      submitted_on       date,
      sla_due_on         date,
      decided_by         uuid REFERENCES app_user(id),
      decided_at         timestamptz,
      decided_on         date,
      reason             text,
      activated_on       date,
      resolved_on        date,
      paid_fen           bigint NOT NULL DEFAULT 0 CHECK (paid_fen >= 0),
      replaced           jsonb,
      version            integer NOT NULL DEFAULT 1,
      CHECK ((status = 'draft') OR commitment_kind IS NOT NULL OR status = 'cancelled'),
      CHECK ((submitted_on IS NULL) = (sla_due_on IS NULL))
    );
    -- At most one arrangement of a case waiting for a decision or in force.
    CREATE UNIQUE INDEX arrangement_one_open ON arrangement (case_id) WHERE status IN ('submitted','active');
    CREATE INDEX arrangement_case_idx ON arrangement (case_id, proposed_at DESC);
    CREATE INDEX arrangement_inbox_idx ON arrangement (sla_due_on) WHERE status = 'submitted';
    CREATE INDEX arrangement_loan_active_idx ON arrangement (loan_id) WHERE status = 'active';
    CREATE INDEX arrangement_loan_broken_idx ON arrangement (loan_id, resolved_on) WHERE status = 'broken';

    CREATE TABLE arrangement_document (
      id              uuid PRIMARY KEY,
      arrangement_id  uuid NOT NULL REFERENCES arrangement(id),
      file_name       text NOT NULL,
      media_type      text NOT NULL CHECK (media_type IN ('application/pdf','image/jpeg','image/png')),
      size_bytes      integer NOT NULL CHECK (size_bytes BETWEEN 1 AND 2097152),
      sha256          text NOT NULL,
      content         bytea NOT NULL,
      uploaded_by     uuid REFERENCES app_user(id),
      uploaded_at     timestamptz NOT NULL
    );
    CREATE INDEX arrangement_document_idx ON arrangement_document (arrangement_id);

    CREATE TABLE arrangement_step (
      id              bigserial PRIMARY KEY,
      arrangement_id  uuid NOT NULL REFERENCES arrangement(id),
      action          text NOT NULL
                      CHECK (action IN ('proposed','commitment','submitted','approved','rejected','cancelled','completed','broken')),
      actor           uuid REFERENCES app_user(id),
      on_date         date NOT NULL,
      at              timestamptz NOT NULL,
      detail          jsonb
    );
    CREATE INDEX arrangement_step_idx ON arrangement_step (arrangement_id, id);

    CREATE TABLE arrangement_line (
      arrangement_id  uuid NOT NULL REFERENCES arrangement(id),
      n               integer NOT NULL CHECK (n >= 1),
      due_on          date NOT NULL,
      amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
      cumulative_fen  bigint NOT NULL CHECK (cumulative_fen > 0),
      PRIMARY KEY (arrangement_id, n)
    );

    CREATE TABLE arrangement_payment (
      arrangement_id  uuid NOT NULL REFERENCES arrangement(id),
      payment_id      uuid NOT NULL REFERENCES payment(id),
      amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
      PRIMARY KEY (arrangement_id, payment_id)
    );
    CREATE INDEX arrangement_payment_payment_idx ON arrangement_payment (payment_id);

    -- 调整 changes to what a loan owes that are not payments: the waiver of an approved arrangement.
    CREATE TABLE loan_adjustment (
      id              bigserial PRIMARY KEY,
      loan_id         uuid NOT NULL REFERENCES loan(id),
      arrangement_id  uuid REFERENCES arrangement(id),
      kind            text NOT NULL CHECK (kind IN ('waiver')),
      component       text NOT NULL CHECK (component IN ('principal','interest','fees','penalty','compound')),
      amount_fen      bigint NOT NULL CHECK (amount_fen > 0),
      on_date         date NOT NULL,
      created_at      timestamptz NOT NULL
    );
    CREATE INDEX loan_adjustment_loan_idx ON loan_adjustment (loan_id, id);

    -- The case history names approved and broken arrangements.
    ALTER TABLE case_event DROP CONSTRAINT case_event_kind_check;
    ALTER TABLE case_event ADD CONSTRAINT case_event_kind_check CHECK (kind IN (
      'opened','stage_changed','bucket_changed','closed','payment','payment_reversed',
      'arrangement_approved','arrangement_broken'));
  `.execute(db);
}
