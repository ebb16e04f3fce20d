/**
 * 统计分析 rollups that keep the collection and portfolio dashboards fast on a large book
 * (issue 7: p95 ≤ 300 ms on 1M loans × 90 days), written by the daily run's analytics step beside
 * analytics_case_day and giving exactly its figures:
 * - analytics_case_year and analytics_case_bucket_year: per case, year and keys (product, region,
 *   team, collector, variant; and bucket), the days of the year it was held with those keys as a
 *   bitmap, and per channel the days it had an attempt. Coverage's distinct cases over a period
 *   read one row per case and keys instead of one per case and day (27M rows at 1M × 90).
 * - analytics_case_count_day: open cases per day and keys (cure cohort, drill-down total).
 * - analytics_attempt_day: attempts per day, keys and channel (penetration's numerator).
 * - analytics_cohort: loans and principal disbursed per cohort month, product and region (vintage
 *   denominators), so the portfolio dashboard no longer scans the loan table.
 * The migration fills them from the rollups already written, so no rebuild is needed.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- The days of [a, b] that fall in the year starting y, as a bitmap of the year (bit 0 = 1 January).
    CREATE FUNCTION analytics_days_mask(y date, a date, b date) RETURNS bit(366)
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN lo > hi THEN B'0'::bit(366)
                  ELSE (repeat('0', lo) || repeat('1', hi - lo + 1) || repeat('0', 365 - hi))::bit(366) END
      FROM (SELECT greatest(a - y, 0) AS lo, least(b - y, 365) AS hi) x
    $$;

    -- Per case, year and keys: the days held with those keys (open at the day's end), and per
    -- channel the days with at least one attempt. combo identifies the keys (md5 of them as JSON:
    -- equality without NULL cases). first_day and last_day bound the held days (a day cleared on
    -- rewrite leaves them): an index to skip the cases not held in a period. sole: no other row
    -- of the table has the case in the year (a read counts it without grouping by case; once
    -- false it may stay so). Read when no bucket filter is set: one row per case and keys where
    -- the bucket rows would be several.
    CREATE TABLE analytics_case_year (
      year_start    date NOT NULL,
      case_id       uuid NOT NULL,
      combo         uuid NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      first_day     date NOT NULL,
      last_day      date NOT NULL,
      held          bit(366) NOT NULL,
      call_days     bit(366),
      sms_days      bit(366),
      push_days     bit(366),
      email_days    bit(366),
      visit_days    bit(366),
      letter_days   bit(366),
      im_days       bit(366),
      sole          boolean NOT NULL DEFAULT true,
      PRIMARY KEY (year_start, case_id, combo)
    );
    CREATE INDEX analytics_case_year_last_idx ON analytics_case_year (year_start, last_day);

    -- The same per case, year, keys and bucket (read with a bucket filter; sole: no other row of
    -- the case in the year and bucket).
    CREATE TABLE analytics_case_bucket_year (
      year_start    date NOT NULL,
      case_id       uuid NOT NULL,
      combo         uuid NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      bucket        text NOT NULL,
      first_day     date NOT NULL,
      last_day      date NOT NULL,
      held          bit(366) NOT NULL,
      call_days     bit(366),
      sms_days      bit(366),
      push_days     bit(366),
      email_days    bit(366),
      visit_days    bit(366),
      letter_days   bit(366),
      im_days       bit(366),
      sole          boolean NOT NULL DEFAULT true,
      PRIMARY KEY (year_start, case_id, combo)
    );
    CREATE INDEX analytics_case_bucket_year_last_idx ON analytics_case_bucket_year (year_start, bucket, last_day);

    -- Open cases per day and keys: the count of the day's analytics_case_day rows.
    CREATE TABLE analytics_case_count_day (
      as_of         date NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      bucket        text NOT NULL,
      cases         integer NOT NULL
    );
    CREATE INDEX analytics_case_count_day_idx ON analytics_case_count_day (as_of);

    -- Attempts per day, keys and channel: the sum of analytics_case_day.attempts.
    CREATE TABLE analytics_attempt_day (
      as_of         date NOT NULL,
      product_id    uuid NOT NULL,
      region        text,
      team_id       uuid,
      collector_id  uuid,
      variant       text,
      bucket        text NOT NULL,
      channel       text NOT NULL,
      attempts      integer NOT NULL
    );
    CREATE INDEX analytics_attempt_day_idx ON analytics_attempt_day (as_of);

    -- Loans and principal disbursed per cohort (disbursement month), product and region, as the
    -- latest daily run saw the loan table.
    CREATE TABLE analytics_cohort (
      cohort_month   text NOT NULL,
      product_id     uuid NOT NULL,
      region         text,
      loans          integer NOT NULL,
      disbursed_fen  bigint NOT NULL
    );
    CREATE INDEX analytics_cohort_idx ON analytics_cohort (cohort_month);

    -- Drill-down pages (worst DPD first) without sorting the day's cases; cure's closures in a period.
    CREATE INDEX analytics_case_day_dpd_idx ON analytics_case_day (as_of, dpd DESC, case_id);
    CREATE INDEX collection_case_closed_idx ON collection_case (closed_on) WHERE closed_on IS NOT NULL;
    -- The daily write's trailing days: the attempts of the window (read by time, not per case-day),
    -- and the case-days that had attempts (few of a day's open cases).
    CREATE INDEX contact_attempt_at_idx ON contact_attempt (at);
    CREATE INDEX analytics_case_day_attempted_idx ON analytics_case_day (as_of) WHERE attempts <> '{}'::jsonb;
  `.execute(db);

  // Fill them from the rollups already written (the same statements as the daily write, all days).
  await sql`
    INSERT INTO analytics_case_count_day (as_of, product_id, region, team_id, collector_id, variant, bucket, cases)
    SELECT as_of, product_id, region, team_id, collector_id, variant, bucket, count(*)::int
    FROM analytics_case_day GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
  await sql`
    INSERT INTO analytics_attempt_day (as_of, product_id, region, team_id, collector_id, variant, bucket, channel,
                                       attempts)
    SELECT d.as_of, d.product_id, d.region, d.team_id, d.collector_id, d.variant, d.bucket, a.key,
           sum(a.value::int)::int
    FROM analytics_case_day d CROSS JOIN LATERAL jsonb_each_text(d.attempts) a
    WHERE d.attempts <> '{}'::jsonb
    GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
  for (const [table, column, bucket, sibling] of [
    [sql`analytics_case_year`, sql``, sql``, sql``],
    [sql`analytics_case_bucket_year`, sql`, bucket`, sql`, d.bucket`, sql`, bucket`],
  ] as const) {
    await sql`
      INSERT INTO ${table} (year_start, case_id, combo, product_id, region, team_id, collector_id, variant ${column},
                            first_day, last_day, held, call_days, sms_days,
                            push_days, email_days, visit_days, letter_days, im_days)
      SELECT y, d.case_id,
             md5(jsonb_build_array(d.product_id, d.region, d.team_id, d.collector_id, d.variant ${bucket})::text)::uuid,
             d.product_id, d.region, d.team_id, d.collector_id, d.variant ${bucket}, min(d.as_of), max(d.as_of),
             bit_or(m), bit_or(m) FILTER (WHERE d.attempts ? 'call'), bit_or(m) FILTER (WHERE d.attempts ? 'sms'),
             bit_or(m) FILTER (WHERE d.attempts ? 'push'), bit_or(m) FILTER (WHERE d.attempts ? 'email'),
             bit_or(m) FILTER (WHERE d.attempts ? 'visit'), bit_or(m) FILTER (WHERE d.attempts ? 'letter'),
             bit_or(m) FILTER (WHERE d.attempts ? 'im')
      FROM analytics_case_day d
      CROSS JOIN LATERAL (SELECT make_date(extract(year FROM d.as_of)::int, 1, 1) AS y) yr
      CROSS JOIN LATERAL (SELECT analytics_days_mask(yr.y, d.as_of, d.as_of) AS m) dm
      GROUP BY y, d.case_id, d.product_id, d.region, d.team_id, d.collector_id, d.variant ${bucket}`.execute(
      db,
    );
    await sql`
      UPDATE ${table} SET sole = false
      WHERE (year_start, case_id ${sibling}) IN (
        SELECT year_start, case_id ${sibling} FROM ${table} GROUP BY 1, 2 ${sibling} HAVING count(*) > 1)`.execute(
      db,
    );
  }
  await sql`
    INSERT INTO analytics_cohort (cohort_month, product_id, region, loans, disbursed_fen)
    SELECT to_char(l.disbursed_on, 'YYYY-MM'), l.product_id, coalesce(cu.province, left(cu.region_code, 2)),
           count(*)::int, sum(l.principal_fen)
    FROM loan l JOIN customer cu ON cu.id = l.customer_id
    WHERE EXISTS (SELECT 1 FROM analytics_rollup_day)
    GROUP BY 1, 2, 3`.execute(db);
  await sql`ANALYZE analytics_case_year, analytics_case_bucket_year, analytics_case_count_day, analytics_attempt_day,
    analytics_cohort`.execute(db);
}
