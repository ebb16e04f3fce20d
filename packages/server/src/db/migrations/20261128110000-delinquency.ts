/**
 * Loan book and delinquency engine: product charge terms, LPR table, collateral, payment
 * posting (idempotency, allocation, reversal, credit), per-installment penalty accrual,
 * current loan state, the daily snapshot (partitioned by month), collection cases with
 * history, daily-run bookkeeping and import history.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE product
      ADD COLUMN compound_overdue_interest boolean NOT NULL DEFAULT false,
      ADD COLUMN late_fee_kind text NOT NULL DEFAULT 'none'
        CHECK (late_fee_kind IN ('none','flat_per_installment','percent_of_overdue_installment')),
      ADD COLUMN late_fee_rate numeric(10,6),
      ADD COLUMN late_fee_min_fen bigint,
      ADD COLUMN late_fee_max_fen bigint,
      ADD COLUMN cost_cap_kind text NOT NULL DEFAULT 'fixed' CHECK (cost_cap_kind IN ('fixed','lpr_multiple')),
      ADD COLUMN cost_cap_lpr_multiple numeric(10,6),
      ADD COLUMN waterfall text[] NOT NULL DEFAULT ARRAY['penalty','fees','interest','principal']::text[]
        CHECK (waterfall @> ARRAY['penalty','fees','interest','principal']::text[] AND cardinality(waterfall) = 4),
      ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();
    UPDATE product SET late_fee_kind = 'flat_per_installment' WHERE late_fee_fen > 0;

    -- 贷款市场报价利率 one-year LPR, for the 4 × LPR cost cap at contract date.
    CREATE TABLE lpr_rate (
      effective_from  date PRIMARY KEY,
      one_year        numeric(8,6) NOT NULL CHECK (one_year > 0),
      five_year       numeric(8,6)
    );

    ALTER TABLE contact
      ADD COLUMN source_ref text UNIQUE,
      ADD COLUMN invalid_reason text;

    ALTER TABLE loan
      ADD COLUMN credit_balance_fen bigint NOT NULL DEFAULT 0 CHECK (credit_balance_fen >= 0),
      ADD COLUMN closed_on date;

    CREATE TABLE collateral (
      id                   uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_ref           text NOT NULL UNIQUE,
      loan_id              uuid NOT NULL REFERENCES loan(id),
      kind                 text NOT NULL CHECK (kind IN ('vehicle','real_estate','deposit','equipment','guarantee','other')),
      description          text NOT NULL,
      appraised_value_fen  bigint CHECK (appraised_value_fen >= 0),
      appraised_on         date,
      status               text NOT NULL DEFAULT 'held' CHECK (status IN ('held','released','seized','disposed')),
      created_at           timestamptz NOT NULL DEFAULT now(),
      updated_at           timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX collateral_loan_idx ON collateral (loan_id);

    -- Penalty and compound interest accrue per installment (each on its own overdue part).
    ALTER TABLE installment
      ADD COLUMN penalty_due_fen   bigint NOT NULL DEFAULT 0 CHECK (penalty_due_fen >= 0),
      ADD COLUMN penalty_paid_fen  bigint NOT NULL DEFAULT 0,
      ADD COLUMN compound_due_fen  bigint NOT NULL DEFAULT 0 CHECK (compound_due_fen >= 0),
      ADD COLUMN compound_paid_fen bigint NOT NULL DEFAULT 0,
      ADD COLUMN late_fee_charged  boolean NOT NULL DEFAULT false,
      ADD CONSTRAINT installment_penalty_paid_ck CHECK (penalty_paid_fen BETWEEN 0 AND penalty_due_fen),
      ADD CONSTRAINT installment_compound_paid_ck CHECK (compound_paid_fen BETWEEN 0 AND compound_due_fen);

    ALTER TABLE payment
      ADD COLUMN idempotency_key text,
      ADD COLUMN status text NOT NULL DEFAULT 'posted' CHECK (status IN ('posted','reversed')),
      ADD COLUMN allocation jsonb,
      ADD COLUMN credit_fen bigint NOT NULL DEFAULT 0 CHECK (credit_fen >= 0),
      ADD COLUMN reversed_at timestamptz,
      ADD COLUMN reversal_reason text,
      ADD COLUMN posted_by uuid REFERENCES app_user(id);
    CREATE UNIQUE INDEX payment_idempotency_key_idx ON payment (idempotency_key) WHERE idempotency_key IS NOT NULL;

    -- Replays of idempotent API requests return the original response.
    CREATE TABLE idempotent_request (
      scope         text NOT NULL,
      key           text NOT NULL,
      request_hash  text NOT NULL,
      status_code   integer NOT NULL,
      response      jsonb NOT NULL,
      created_at    timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (scope, key)
    );

    -- Current delinquency state of each loan (as of its last daily run or payment).
    CREATE TABLE loan_state (
      loan_id                    uuid PRIMARY KEY REFERENCES loan(id),
      as_of                      date NOT NULL,
      dpd                        integer NOT NULL CHECK (dpd >= 0),
      bucket                     text NOT NULL,
      outstanding_principal_fen  bigint NOT NULL,
      overdue_principal_fen      bigint NOT NULL,
      overdue_interest_fen       bigint NOT NULL,
      overdue_penalty_fen        bigint NOT NULL,
      overdue_fees_fen           bigint NOT NULL,
      accrued_penalty_fen        bigint NOT NULL DEFAULT 0,
      accrued_compound_fen       bigint NOT NULL DEFAULT 0,
      accrued_fees_fen           bigint NOT NULL DEFAULT 0,
      principal_days             bigint NOT NULL DEFAULT 0,
      capped                     boolean NOT NULL DEFAULT false,
      episodes                   integer NOT NULL DEFAULT 0,
      worst_dpd                  integer NOT NULL DEFAULT 0,
      in_collection              boolean NOT NULL DEFAULT false,
      updated_at                 timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX loan_state_collection_idx ON loan_state (bucket) WHERE in_collection;

    -- One row per active loan per business day; monthly partitions are created by the daily run.
    CREATE TABLE loan_daily (
      as_of                      date NOT NULL,
      loan_id                    uuid NOT NULL,
      customer_id                uuid NOT NULL,
      product_id                 uuid NOT NULL,
      dpd                        integer NOT NULL,
      bucket                     text NOT NULL,
      outstanding_principal_fen  bigint NOT NULL,
      overdue_principal_fen      bigint NOT NULL,
      overdue_interest_fen       bigint NOT NULL,
      overdue_penalty_fen        bigint NOT NULL,
      overdue_fees_fen           bigint NOT NULL,
      penalty_accrued_today_fen  bigint NOT NULL,
      compound_accrued_today_fen bigint NOT NULL,
      fees_accrued_today_fen     bigint NOT NULL,
      accrued_penalty_fen        bigint NOT NULL,
      accrued_compound_fen       bigint NOT NULL,
      accrued_fees_fen           bigint NOT NULL,
      principal_days             bigint NOT NULL,
      capped                     boolean NOT NULL,
      episodes                   integer NOT NULL,
      worst_dpd                  integer NOT NULL,
      in_collection              boolean NOT NULL,
      case_id                    uuid,
      PRIMARY KEY (as_of, loan_id)
    ) PARTITION BY RANGE (as_of);
    CREATE INDEX loan_daily_loan_idx ON loan_daily (loan_id, as_of);

    -- 案件 one delinquency episode of one loan.
    CREATE TABLE collection_case (
      id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      loan_id         uuid NOT NULL REFERENCES loan(id),
      customer_id     uuid NOT NULL REFERENCES customer(id),
      opened_on       date NOT NULL,
      closed_on       date,
      close_reason    text CHECK (close_reason IN ('cured','paid_off','written_off','sold')),
      status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open','closed')),
      stage           text NOT NULL CHECK (stage IN ('early','middle','late','legal','agency','write_off')),
      bucket          text NOT NULL,
      dpd             integer NOT NULL,
      dpd_at_open     integer NOT NULL,
      holder_user_id  uuid REFERENCES app_user(id),
      holder_team_id  uuid REFERENCES team(id),
      agency_id       uuid REFERENCES agency(id),
      version         integer NOT NULL DEFAULT 1,
      created_at      timestamptz NOT NULL DEFAULT now(),
      updated_at      timestamptz NOT NULL DEFAULT now(),
      CHECK ((status = 'open') = (closed_on IS NULL))
    );
    CREATE UNIQUE INDEX collection_case_one_open_idx ON collection_case (loan_id) WHERE status = 'open';
    CREATE INDEX collection_case_status_stage_idx ON collection_case (status, stage);
    CREATE INDEX collection_case_customer_idx ON collection_case (customer_id);

    CREATE TABLE case_event (
      id          bigserial PRIMARY KEY,
      case_id     uuid NOT NULL REFERENCES collection_case(id),
      loan_id     uuid NOT NULL,
      on_date     date NOT NULL,
      kind        text NOT NULL CHECK (kind IN ('opened','stage_changed','bucket_changed','closed','payment','payment_reversed')),
      from_value  text,
      to_value    text,
      detail      jsonb,
      created_at  timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_event_case_idx ON case_event (case_id, id);

    -- 日终 daily runs and their loan-id-range partitions.
    CREATE TABLE daily_run (
      as_of             date PRIMARY KEY,
      status            text NOT NULL CHECK (status IN ('running','completed','failed')),
      partitions        integer NOT NULL,
      partitions_done   integer NOT NULL DEFAULT 0,
      loans             integer NOT NULL DEFAULT 0,
      requested_by      uuid REFERENCES app_user(id),
      started_at        timestamptz NOT NULL DEFAULT now(),
      finished_at       timestamptz,
      error             text
    );

    CREATE TABLE daily_run_partition (
      as_of         date NOT NULL REFERENCES daily_run(as_of),
      part_no       integer NOT NULL,
      from_loan_id  uuid NOT NULL,
      to_loan_id    uuid NOT NULL,
      status        text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','done')),
      attempts      integer NOT NULL DEFAULT 0,
      loans         integer NOT NULL DEFAULT 0,
      finished_at   timestamptz,
      PRIMARY KEY (as_of, part_no)
    );

    -- File imports: who, when, what, counts and the row-level report.
    CREATE TABLE import_batch (
      id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind          text NOT NULL CHECK (kind IN ('customers','contacts','loans','schedules','payments','collateral')),
      file_name     text NOT NULL,
      format        text NOT NULL CHECK (format IN ('csv','xlsx')),
      encoding      text,
      status        text NOT NULL CHECK (status IN ('validated','applied','partially_applied','rejected')),
      rows_total    integer NOT NULL,
      rows_valid    integer NOT NULL,
      rows_invalid  integer NOT NULL,
      rows_applied  integer NOT NULL DEFAULT 0,
      report        jsonb NOT NULL,
      created_by    uuid REFERENCES app_user(id),
      created_at    timestamptz NOT NULL DEFAULT now(),
      applied_at    timestamptz
    );
    CREATE INDEX import_batch_created_idx ON import_batch (created_at DESC);
  `.execute(db);
}
