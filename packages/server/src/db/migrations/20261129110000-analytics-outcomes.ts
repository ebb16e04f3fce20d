/**
 * 统计分析 rollups for the roll-rate matrix and the recovery rate (issue 7), written by the
 * daily run's analytics step like the others:
 * - analytics_loan_exit: each loan gone from the snapshot since yesterday, at its last position
 *   (per loan, few a day), so a month's per-loan month-end positions can be built without
 *   scanning the month's snapshots;
 * - analytics_loan_month_end: each loan's position at each month's end (its last snapshot in the
 *   month), written once a month, on the first day rolled up in the next month;
 * - analytics_roll_rate: the matrix counts (worst bucket observed × worst bucket performed) per
 *   observation month, product and region, rewritten while the observation month's performance
 *   window is still running (`months_performed` says how much of it has run);
 * - analytics_recovery_day: allocations (分案) with the amount due when made, and the payments and
 *   settlements while the holder had the case, each by allocation day and event day — summable.
 * - analytics_payment_mark: the latest payment posted and reversal made as of each day's write, so
 *   the next day's write also rewrites the days of payments posted or reversed late.
 * Days rolled up before this migration lack these: they are marked stale (rebuild them).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE analytics_loan_exit (
      as_of         date NOT NULL,
      loan_id       uuid NOT NULL,
      seen_on       date NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      dpd           integer NOT NULL,
      principal_fen bigint NOT NULL,
      PRIMARY KEY (as_of, loan_id)
    );
    CREATE INDEX analytics_loan_exit_seen_idx ON analytics_loan_exit (seen_on);

    CREATE TABLE analytics_loan_month_end (
      month         date NOT NULL,
      loan_id       uuid NOT NULL,
      seen_on       date NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      dpd           integer NOT NULL,
      principal_fen bigint NOT NULL,
      PRIMARY KEY (month, loan_id)
    );

    CREATE TABLE analytics_roll_rate (
      observation_month  date NOT NULL,
      months_performed   integer NOT NULL,
      product_id         uuid NOT NULL,
      region             text,
      from_bucket        text NOT NULL,
      -- null: no position in the performance window (closed), counted apart.
      to_bucket          text,
      loans              integer NOT NULL,
      balance_fen        bigint NOT NULL
    );
    CREATE INDEX analytics_roll_rate_month_idx ON analytics_roll_rate (observation_month);

    CREATE TABLE analytics_recovery_day (
      allocated_on  date NOT NULL,
      event_on      date NOT NULL,
      kind          text NOT NULL CHECK (kind IN ('allocated', 'paid', 'settled')),
      product_id    uuid NOT NULL,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      bucket        text,
      close_reason  text,
      events        integer NOT NULL,
      amount_fen    bigint NOT NULL
    );
    CREATE INDEX analytics_recovery_day_allocated_idx ON analytics_recovery_day (allocated_on);
    CREATE INDEX analytics_recovery_day_event_idx ON analytics_recovery_day (event_on);

    CREATE TABLE analytics_payment_mark (
      as_of            date PRIMARY KEY,
      last_created_at  timestamptz,
      last_reversed_at timestamptz
    );
    CREATE INDEX payment_created_at_idx ON payment (created_at);
    CREATE INDEX payment_reversed_at_idx ON payment (reversed_at) WHERE reversed_at IS NOT NULL;

    -- Days rolled up before these tables existed have none of their rows: stale until rebuilt.
    UPDATE analytics_rollup_day SET signature = 'before-20261129110000';
  `.execute(db);
}
