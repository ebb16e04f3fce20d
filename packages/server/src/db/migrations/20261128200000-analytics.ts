/**
 * 统计分析 daily rollups (issue 7): written by the daily run's analytics step, one day at a time
 * (delete + insert of the day's rows in one transaction), so dashboards read small aggregates and
 * never scan the raw snapshots (loan_daily). Each day records the settings it was written under
 * (bucket edges, vintage threshold, entry grace days): a change of those makes the days stale
 * until rebuilt.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Which days have rollups, under which settings.
    CREATE TABLE analytics_rollup_day (
      as_of       date PRIMARY KEY,
      signature   text NOT NULL,
      written_at  timestamptz NOT NULL DEFAULT now()
    );

    -- Loans per bucket at a day's end ('end': snapshotted that day), and loans last seen the day
    -- before that are gone today ('exit': closed; last_seen is their last snapshot day), whose
    -- last position still counts at their month's end. By cohort (disbursement month) and
    -- whether DPD ≥ the vintage threshold (bad). Flow rates, multiplier and vintage read these.
    CREATE TABLE analytics_position_day (
      as_of         date NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('end', 'exit')),
      last_seen     date NOT NULL,
      cohort_month  text NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      bucket        text NOT NULL,
      bad           boolean NOT NULL,
      loans         integer NOT NULL,
      balance_fen   bigint NOT NULL
    );
    CREATE INDEX analytics_position_day_idx ON analytics_position_day (as_of, kind);

    -- Installments that fell due on due_on and, of them, those still unpaid at entry
    -- (end of due_on + grace days), apart for loans already in collection on due_on. Entry rate.
    CREATE TABLE analytics_entry_day (
      due_on                date NOT NULL,
      written_on            date NOT NULL,
      product_id            uuid NOT NULL,
      region                text,
      in_collection_before  boolean NOT NULL,
      installments          integer NOT NULL,
      due_fen               bigint NOT NULL,
      entered               integer NOT NULL,
      entered_fen           bigint NOT NULL
    );
    CREATE INDEX analytics_entry_day_due_idx ON analytics_entry_day (due_on);
    CREATE INDEX analytics_entry_day_written_idx ON analytics_entry_day (written_on);

    -- Each open case at a day's end: its bucket, holder, variant, and the day's attempts on it by
    -- channel. Cure rate (cohort at the period start), coverage and penetration (held cases and
    -- attempts), drill-down. One slim row per open case, not per loan.
    CREATE TABLE analytics_case_day (
      as_of          date NOT NULL,
      case_id        uuid NOT NULL,
      loan_id        uuid NOT NULL,
      product_id     uuid NOT NULL,
      region         text,
      team_id        uuid,
      collector_id   uuid,
      variant        text,
      bucket         text NOT NULL,
      dpd            integer NOT NULL,
      attempts       jsonb NOT NULL DEFAULT '{}'::jsonb,
      PRIMARY KEY (as_of, case_id)
    );

    -- Per day and dimension keys: calls dialed and connected, right-party contacts, payments
    -- received. Contact rate, PTP rate, amount collected.
    CREATE TABLE analytics_activity_day (
      as_of                 date NOT NULL,
      product_id            uuid,
      region                text,
      team_id               uuid,
      collector_id          uuid,
      variant               text,
      calls_dialed          integer NOT NULL DEFAULT 0,
      calls_connected       integer NOT NULL DEFAULT 0,
      right_party_contacts  integer NOT NULL DEFAULT 0,
      payments              integer NOT NULL DEFAULT 0,
      collected_fen         bigint NOT NULL DEFAULT 0
    );
    CREATE INDEX analytics_activity_day_idx ON analytics_activity_day (as_of);

    -- Promises by the day they were taken (kind 'taken') and by the day they fall due (kind 'due'),
    -- with their state as the day's run left it; the trailing days are rewritten each day, since a
    -- promise is decided after its grace days or cancelled while pending. PTP, kept rate, broken.
    CREATE TABLE analytics_promise_day (
      on_date       date NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('taken', 'due')),
      product_id    uuid,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      state         text NOT NULL,
      promises      integer NOT NULL,
      amount_fen    bigint NOT NULL
    );
    CREATE INDEX analytics_promise_day_idx ON analytics_promise_day (on_date, kind);
  `.execute(db);
}
