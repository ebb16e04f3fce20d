/**
 * 统计分析 the rollups' SQL: the daily write (set-based, one day at a time, delete + insert) and
 * the dashboard reads (small aggregates over the rollups, never loan_daily). The only place with
 * analytics SQL.
 */
import { addDays } from '@huikuan/domain';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../db/database.js';

/** What the day's write needs from the settings: bucket edges, vintage threshold, grace days. */
export interface RollupDefinition {
  buckets: readonly { code: string; minDpd: number }[];
  dpdThreshold: number;
  graceDays: number;
  timeZone: string;
}

/** Dimension keys of a rollup row. */
export interface DimKeys {
  product_id: string | null;
  region: string | null;
  team_id: string | null;
  collector_id: string | null;
  variant: string | null;
}

/** The filters every read takes (null = all). */
export interface RollupFilter {
  productId: string | null;
  /** The holder teams (null = all; [] = none). */
  teamIds: readonly string[] | null;
  bucket: string | null;
}

export type DimColumn = 'product_id' | 'region' | 'team_id' | 'collector_id' | 'variant';

/** The bucket of `dpd` under the settings' edges, as one CASE (parameters, not text). */
export function bucketCase(dpd: RawBuilder<unknown>, buckets: RollupDefinition['buckets']) {
  const ordered = [...buckets].sort((a, b) => b.minDpd - a.minDpd);
  return sql<string>`CASE ${sql.join(
    ordered.map((b) => sql`WHEN ${dpd} >= ${b.minDpd}::int THEN ${b.code}::text`),
    sql` `,
  )} END`;
}

/** Days before the day whose activity (calls, payments, attempts) each day's step rewrites. */
export const TRAILING_DAYS = 7;

export const REGION = sql`coalesce(cu.province, left(cu.region_code, 2))`;

/** Dimension keys of a case: product, region, holder team and collector, strategy variant. */
const CASE_DIMS = sql`
  SELECT cc.id AS case_id, cc.loan_id, cc.opened_on, cc.closed_on, l.product_id, ${REGION} AS region,
         cc.holder_team_id AS team_id, cc.holder_user_id AS collector_id, cs.variant
  FROM collection_case cc
  JOIN loan l ON l.id = cc.loan_id
  JOIN customer cu ON cu.id = l.customer_id
  LEFT JOIN case_strategy cs ON cs.case_id = cc.id`;

/** The channels of contact_attempt, each with its column of attempt days in the year rows. */
const CHANNEL_DAYS = {
  call: 'call_days',
  sms: 'sms_days',
  push: 'push_days',
  email: 'email_days',
  visit: 'visit_days',
  letter: 'letter_days',
  im: 'im_days',
} as const;
type Channel = keyof typeof CHANNEL_DAYS;
const CHANNELS = Object.keys(CHANNEL_DAYS) as Channel[];

/** No day of the year (the year rows' bitmaps are bit(366), bit 0 = 1 January). */
const NO_DAYS = sql`B'0'::bit(366)`;

/** 1 January of the year of `day` (a date expression). */
const yearStart = (day: RawBuilder<unknown>) => sql`make_date(extract(year FROM ${day})::int, 1, 1)`;

/**
 * The two tables of year rows: a row per case and keys (read without a bucket filter: one row
 * where the bucket rows would be several), and a row per case, keys and bucket. Apart, so that a
 * read scans only the rows it needs. `combo` names the keys of case-day row `d`. A row is `sole`
 * while no other row of the table has its case (and bucket) in the year: a read counts those
 * without grouping them by case. `sibling(a, b)`: rows a and b have the same case (and bucket).
 */
const YEAR_TABLES = [
  {
    table: 'analytics_case_year',
    keys: sql`product_id, region, team_id, collector_id, variant`,
    bucket: sql`NULL::text`,
    values: sql`d.product_id, d.region, d.team_id, d.collector_id, d.variant`,
    combo: sql`md5(jsonb_build_array(d.product_id, d.region, d.team_id, d.collector_id, d.variant)::text)::uuid`,
    sibling: (a: string, b: string) => sql`${sql.ref(`${a}.case_id`)} = ${sql.ref(`${b}.case_id`)}`,
  },
  {
    table: 'analytics_case_bucket_year',
    keys: sql`product_id, region, team_id, collector_id, variant, bucket`,
    bucket: sql`bucket`,
    values: sql`d.product_id, d.region, d.team_id, d.collector_id, d.variant, d.bucket`,
    combo: sql`md5(jsonb_build_array(d.product_id, d.region, d.team_id, d.collector_id, d.variant, d.bucket)::text)::uuid`,
    sibling: (a: string, b: string) =>
      sql`${sql.ref(`${a}.case_id`)} = ${sql.ref(`${b}.case_id`)} AND ${sql.ref(`${a}.bucket`)} = ${sql.ref(`${b}.bucket`)}`,
  },
] as const;

export class AnalyticsRepository {
  constructor(private readonly db: Database) {}

  /**
   * For reads of a few hundred thousand rows (coverage's year rows grouped by case, cure's closures
   * hashed): in memory, and without parallel workers (gathering every case's row from them cost
   * more than it saved: 1.9 s against 0.3 s on the synthetic 1M × 90 book, 2 cores). Both last to
   * the end of the read's transaction.
   */
  private async largeReadSettings(): Promise<void> {
    await sql`SELECT set_config('max_parallel_workers_per_gather', '0', true), set_config('work_mem', '64MB', true)`.execute(
      this.db,
    );
  }

  /** Bounds every statement of the calling transaction (SET LOCAL: ends with it). */
  async setStatementTimeout(ms: number): Promise<void> {
    await sql`SELECT set_config('statement_timeout', ${String(ms)}, true)`.execute(this.db);
  }

  // ------------------------------------------------------------------ the daily write

  /** Deletes and rewrites every rollup row of day `asOf` (call in one transaction). */
  async writeDay(
    asOf: string,
    def: RollupDefinition,
    signature: string,
    activityFrom: string = addDays(asOf, -TRAILING_DAYS),
  ): Promise<void> {
    const db = this.db;
    const bucket = bucketCase(sql`d.dpd`, def.buckets);
    await sql`DELETE FROM analytics_position_day WHERE as_of = ${asOf}::date`.execute(db);
    await sql`DELETE FROM analytics_entry_day WHERE written_on = ${asOf}::date`.execute(db);
    // A rewrite: take the day out of the year rows of the cases it held (the old case-day rows
    // say which), and the trailing days' attempts out of theirs, before those rows are replaced.
    const dayMask = sql`analytics_days_mask(${yearStart(sql`${asOf}::date`)}, ${asOf}::date, ${asOf}::date)`;
    for (const y of YEAR_TABLES) {
      const table = sql.table(y.table);
      await sql`
        UPDATE ${table} c
        SET held = c.held & ~${dayMask}, ${sql.join(
          CHANNELS.map(
            (ch) => sql`${sql.ref(CHANNEL_DAYS[ch])} = ${sql.ref(`c.${CHANNEL_DAYS[ch]}`)} & ~${dayMask}`,
          ),
        )}
        FROM (SELECT d.case_id, ${y.combo} AS combo FROM analytics_case_day d WHERE d.as_of = ${asOf}::date) old
        WHERE c.year_start = ${yearStart(sql`${asOf}::date`)} AND c.case_id = old.case_id
          AND c.combo = old.combo`.execute(db);
      await sql`
        DELETE FROM ${table}
        WHERE year_start = ${yearStart(sql`${asOf}::date`)} AND held = ${NO_DAYS}
          AND case_id IN (SELECT case_id FROM analytics_case_day WHERE as_of = ${asOf}::date)`.execute(db);
      await sql`
        UPDATE ${table} c
        SET ${sql.join(
          CHANNELS.map(
            (ch) => sql`${sql.ref(CHANNEL_DAYS[ch])} = ${sql.ref(`c.${CHANNEL_DAYS[ch]}`)} & ~old.days`,
          ),
        )}
        FROM (SELECT ${yearStart(sql`d.as_of`)} AS year_start, d.case_id, ${y.combo} AS combo,
                     bit_or(analytics_days_mask(${yearStart(sql`d.as_of`)}, d.as_of, d.as_of)) AS days
              FROM analytics_case_day d
              WHERE d.as_of BETWEEN ${asOf}::date - ${TRAILING_DAYS}::int AND ${asOf}::date - 1
                AND d.attempts <> '{}'::jsonb
              GROUP BY 1, 2, 3) old
        WHERE c.year_start = old.year_start AND c.case_id = old.case_id AND c.combo = old.combo`.execute(db);
    }
    await sql`DELETE FROM analytics_case_day WHERE as_of = ${asOf}::date`.execute(db);
    await sql`DELETE FROM analytics_case_count_day WHERE as_of = ${asOf}::date`.execute(db);
    await sql`DELETE FROM analytics_attempt_day
      WHERE as_of BETWEEN ${asOf}::date - ${TRAILING_DAYS}::int AND ${asOf}::date`.execute(db);
    // Activity of the trailing days is rewritten too: a day's calls and payments go on after its
    // run (and payments may be posted late: from `activityFrom`, the receipt day of the oldest
    // payment posted or reversed since the previous write).
    await sql`DELETE FROM analytics_activity_day
      WHERE as_of BETWEEN ${activityFrom}::date AND ${asOf}::date`.execute(db);

    // Positions at the day's end, and loans gone since yesterday at their last position.
    await sql`
      INSERT INTO analytics_position_day (as_of, kind, last_seen, cohort_month, product_id, region, bucket, bad,
                                          loans, balance_fen)
      SELECT ${asOf}::date, 'end', ${asOf}::date, to_char(l.disbursed_on, 'YYYY-MM'), d.product_id, ${REGION},
             ${bucket}, d.dpd >= ${def.dpdThreshold}::int, count(*)::int, sum(d.outstanding_principal_fen)
      FROM loan_daily d
      JOIN loan l ON l.id = d.loan_id
      JOIN customer cu ON cu.id = d.customer_id
      WHERE d.as_of = ${asOf}::date
      GROUP BY 4, 5, 6, 7, 8`.execute(db);
    await sql`
      INSERT INTO analytics_position_day (as_of, kind, last_seen, cohort_month, product_id, region, bucket, bad,
                                          loans, balance_fen)
      SELECT ${asOf}::date, 'exit', d.as_of, to_char(l.disbursed_on, 'YYYY-MM'), d.product_id, ${REGION},
             ${bucket}, d.dpd >= ${def.dpdThreshold}::int, count(*)::int, sum(d.outstanding_principal_fen)
      FROM loan_daily d
      JOIN loan l ON l.id = d.loan_id
      JOIN customer cu ON cu.id = d.customer_id
      WHERE d.as_of = ${asOf}::date - 1
        AND NOT EXISTS (SELECT 1 FROM loan_daily t WHERE t.as_of = ${asOf}::date AND t.loan_id = d.loan_id)
      GROUP BY 3, 4, 5, 6, 7, 8`.execute(db);

    // First-day entry of the installments due on asOf − 1 − grace: what was unpaid at the end of
    // their due date + grace. Paid by then = paid now − what later payments put on them.
    const dueOn = sql`(${asOf}::date - 1 - ${def.graceDays}::int)`;
    await sql`
      WITH due AS (
        SELECT i.loan_id, i.seq, l.product_id, ${REGION} AS region,
               coalesce(s.dpd >= 1, false) AS in_collection_before,
               i.principal_due_fen + i.interest_due_fen AS due_fen,
               i.principal_paid_fen + i.interest_paid_fen - coalesce((
                 SELECT sum((line->>'amountFen')::bigint)
                 FROM payment p CROSS JOIN LATERAL jsonb_array_elements(p.allocation->'lines') line
                 WHERE p.loan_id = i.loan_id AND p.reversed_at IS NULL
                   AND p.received_on > ${dueOn} + ${def.graceDays}::int
                   AND (line->>'seq')::int = i.seq AND line->>'component' IN ('principal', 'interest')
               ), 0) AS paid_fen
        FROM installment i
        JOIN loan l ON l.id = i.loan_id
        JOIN customer cu ON cu.id = l.customer_id
        LEFT JOIN loan_daily s ON s.as_of = ${dueOn} AND s.loan_id = i.loan_id
        WHERE i.due_on = ${dueOn}
      )
      INSERT INTO analytics_entry_day (due_on, written_on, product_id, region, in_collection_before, installments,
                                       due_fen, entered, entered_fen)
      SELECT ${dueOn}, ${asOf}::date, product_id, region, in_collection_before, count(*)::int, sum(due_fen),
             count(*) FILTER (WHERE due_fen > paid_fen)::int, sum(greatest(0, due_fen - paid_fen))
      FROM due GROUP BY product_id, region, in_collection_before`.execute(db);

    // The cases open in the day's snapshot with their bucket; then the attempts of each case-day of the
    // trailing days by channel (attempts go on after the day's run).
    // The holder is the case's present one when the day is the newest rolled up (the daily run);
    // a past day (a rebuild) takes it from the assignment history: the day's last assignment
    // (a return: the pool), the pool before the first, the present holder for a case never assigned.
    const past = await sql<{ past: boolean }>`
      SELECT EXISTS (SELECT 1 FROM analytics_rollup_day WHERE as_of > ${asOf}::date) AS past`.execute(db);
    // One pass over the case's assignments: whether it has any, and the day's last one.
    const history = sql`
        LEFT JOIN LATERAL (
          SELECT count(*) > 0 AS assigned,
                 (array_agg(a.to_team_id ORDER BY a.id DESC) FILTER (WHERE a.on_date <= ${asOf}::date))[1] AS team_id,
                 (array_agg(a.to_user_id ORDER BY a.id DESC) FILTER (WHERE a.on_date <= ${asOf}::date))[1] AS user_id
          FROM case_assignment a WHERE a.case_id = c.case_id
        ) h ON true`;
    const [team, collector, join] = past.rows[0]?.past
      ? [
          sql`CASE WHEN h.assigned THEN h.team_id ELSE c.team_id END`,
          sql`CASE WHEN h.assigned THEN h.user_id ELSE c.collector_id END`,
          history,
        ]
      : [sql`c.team_id`, sql`c.collector_id`, sql``];
    await sql`
      WITH cases AS (${CASE_DIMS})
      INSERT INTO analytics_case_day (as_of, case_id, loan_id, product_id, region, team_id, collector_id, variant,
                                      bucket, dpd)
      SELECT ${asOf}::date, c.case_id, c.loan_id, c.product_id, c.region, ${team}, ${collector}, c.variant,
             ${bucket}, d.dpd
      FROM loan_daily d
      JOIN cases c ON c.case_id = d.case_id
      ${join}
      WHERE d.as_of = ${asOf}::date AND d.case_id IS NOT NULL`.execute(db);
    // The day in the year rows (held) and the day's open cases per keys. The rows the case already
    // has for its keys get the day; new ones (a new case, or new keys) are inserted, and listed: a
    // new row with a sibling is not sole, nor are its siblings.
    await sql`DROP TABLE IF EXISTS pg_temp.analytics_new_year_row`.execute(db);
    await sql`CREATE TEMP TABLE analytics_new_year_row (case_id uuid, combo uuid, bucket text) ON COMMIT DROP`.execute(
      db,
    );
    for (const y of YEAR_TABLES) {
      const table = sql.table(y.table);
      await sql`
        WITH up AS (
          INSERT INTO ${table} (year_start, case_id, combo, ${y.keys}, first_day, last_day, held)
          SELECT ${yearStart(sql`${asOf}::date`)}, d.case_id, ${y.combo}, ${y.values}, ${asOf}::date, ${asOf}::date,
                 ${dayMask}
          FROM analytics_case_day d
          WHERE d.as_of = ${asOf}::date
          ON CONFLICT (year_start, case_id, combo) DO UPDATE
          SET held = ${sql.ref(`${y.table}.held`)} | EXCLUDED.held,
              first_day = least(${sql.ref(`${y.table}.first_day`)}, EXCLUDED.first_day),
              last_day = greatest(${sql.ref(`${y.table}.last_day`)}, EXCLUDED.last_day)
          RETURNING case_id, combo, ${y.bucket} AS bucket, xmax = 0 AS inserted
        )
        INSERT INTO analytics_new_year_row (case_id, combo, bucket)
        SELECT case_id, combo, bucket FROM up WHERE inserted`.execute(db);
      // Fresh statistics for the update below: a temporary table is never analysed by autovacuum,
      // and a year table just filled looked nearly empty — the sibling check became a nested loop
      // over it (12–22 s at 100k loans instead of well under a second).
      await sql`ANALYZE analytics_new_year_row, ${table}`.execute(db);
      await sql`
        UPDATE ${table} o SET sole = false
        FROM analytics_new_year_row n
        WHERE o.year_start = ${yearStart(sql`${asOf}::date`)} AND ${y.sibling('o', 'n')} AND o.sole
          AND EXISTS (SELECT 1 FROM ${table} s
                      WHERE s.year_start = o.year_start AND ${y.sibling('s', 'o')} AND s.combo <> o.combo)`.execute(
        db,
      );
      await sql`TRUNCATE analytics_new_year_row`.execute(db);
    }
    await sql`
      INSERT INTO analytics_case_count_day (as_of, product_id, region, team_id, collector_id, variant, bucket, cases)
      SELECT as_of, product_id, region, team_id, collector_id, variant, bucket, count(*)::int
      FROM analytics_case_day WHERE as_of = ${asOf}::date
      GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(db);
    // Each case-day's attempts by channel, from the window's attempts counted once (set-based, by
    // contact_attempt_at_idx); only the rows whose attempts changed are written.
    const windowStart = sql`((${asOf}::date - ${TRAILING_DAYS}::int)::timestamp AT TIME ZONE ${def.timeZone})`;
    const windowEnd = sql`((${asOf}::date + 1)::timestamp AT TIME ZONE ${def.timeZone})`;
    await sql`
      WITH counted AS (
        SELECT a.case_id, (a.at AT TIME ZONE ${def.timeZone})::date AS as_of, a.channel, count(*)::int AS n
        FROM contact_attempt a
        WHERE a.at >= ${windowStart} AND a.at < ${windowEnd} AND a.case_id IS NOT NULL
        GROUP BY 1, 2, 3
      ), per_day AS (
        SELECT case_id, as_of, jsonb_object_agg(channel, n) AS attempts FROM counted GROUP BY 1, 2
      ), target AS (
        SELECT t.as_of, t.case_id, coalesce(p.attempts, '{}'::jsonb) AS attempts
        FROM analytics_case_day t LEFT JOIN per_day p ON p.case_id = t.case_id AND p.as_of = t.as_of
        WHERE t.as_of BETWEEN ${asOf}::date - ${TRAILING_DAYS}::int AND ${asOf}::date AND t.attempts <> '{}'::jsonb
        UNION
        SELECT t.as_of, t.case_id, p.attempts
        FROM per_day p JOIN analytics_case_day t ON t.as_of = p.as_of AND t.case_id = p.case_id
      )
      UPDATE analytics_case_day d SET attempts = x.attempts
      FROM target x
      WHERE d.as_of = x.as_of AND d.case_id = x.case_id AND d.attempts IS DISTINCT FROM x.attempts`.execute(
      db,
    );
    // The trailing days' attempts: summed per day, keys and channel, and as days in the year rows.
    await sql`
      INSERT INTO analytics_attempt_day (as_of, product_id, region, team_id, collector_id, variant, bucket, channel,
                                         attempts)
      SELECT d.as_of, d.product_id, d.region, d.team_id, d.collector_id, d.variant, d.bucket, a.key,
             sum(a.value::int)::int
      FROM analytics_case_day d CROSS JOIN LATERAL jsonb_each_text(d.attempts) a
      WHERE d.as_of BETWEEN ${asOf}::date - ${TRAILING_DAYS}::int AND ${asOf}::date AND d.attempts <> '{}'::jsonb
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8`.execute(db);
    for (const y of YEAR_TABLES) {
      await sql`
        UPDATE ${sql.table(y.table)} c
        SET ${sql.join(
          CHANNELS.map(
            (ch) => sql`${sql.ref(CHANNEL_DAYS[ch])} = CASE WHEN ${sql.ref(`n.${ch}`)} IS NULL
              THEN ${sql.ref(`c.${CHANNEL_DAYS[ch]}`)}
              ELSE coalesce(${sql.ref(`c.${CHANNEL_DAYS[ch]}`)}, ${NO_DAYS}) | ${sql.ref(`n.${ch}`)} END`,
          ),
        )}
        FROM (SELECT ${yearStart(sql`d.as_of`)} AS year_start, d.case_id, ${y.combo} AS combo,
                     ${sql.join(
                       CHANNELS.map(
                         (ch) =>
                           sql`bit_or(analytics_days_mask(${yearStart(sql`d.as_of`)}, d.as_of, d.as_of))
                                 FILTER (WHERE d.attempts ? ${ch}) AS ${sql.ref(ch)}`,
                       ),
                     )}
              FROM analytics_case_day d
              WHERE d.as_of BETWEEN ${asOf}::date - ${TRAILING_DAYS}::int AND ${asOf}::date
                AND d.attempts <> '{}'::jsonb
              GROUP BY 1, 2, 3) n
        WHERE c.year_start = n.year_start AND c.case_id = n.case_id AND c.combo = n.combo`.execute(db);
    }

    // Calls, right-party contacts and payments of the days from activityFrom, by the keys their case
    // had on the day (its analytics_case_day row: holder and variant as that day's run left them;
    // the case's present keys when it had none, e.g. a payment on the day a case closed).
    const activityStart = sql`(${activityFrom}::date::timestamp AT TIME ZONE ${def.timeZone})`;
    await sql`
      WITH cases AS (${CASE_DIMS}),
      calls AS (
        SELECT x.as_of, c.product_id, c.region, ${heldKeys('h', 'c')},
               count(*) FILTER (WHERE x.channel = 'call')::int AS dialed,
               count(*) FILTER (WHERE x.channel = 'call' AND x.connected)::int AS connected,
               count(*) FILTER (WHERE x.right_party)::int AS right_party,
               0 AS payments, 0::bigint AS collected
        FROM (SELECT a.case_id, (a.at AT TIME ZONE ${def.timeZone})::date AS as_of, a.channel, a.connected,
                     a.right_party
              FROM contact_attempt a WHERE a.at >= ${activityStart} AND a.at < ${windowEnd}) x
        JOIN cases c ON c.case_id = x.case_id
        LEFT JOIN analytics_case_day h ON h.as_of = x.as_of AND h.case_id = x.case_id
        GROUP BY 1, 2, 3, 4, 5, 6
      ), paid AS (
        SELECT p.received_on AS as_of, l.product_id, coalesce(c.region, ${REGION}) AS region, ${heldKeys('h', 'c')},
               0 AS dialed, 0 AS connected, 0 AS right_party, count(*)::int AS payments, sum(p.amount_fen) AS collected
        FROM payment p
        JOIN loan l ON l.id = p.loan_id
        JOIN customer cu ON cu.id = l.customer_id
        LEFT JOIN LATERAL (
          SELECT cs.case_id, cs.region, cs.team_id, cs.collector_id, cs.variant FROM cases cs
          WHERE cs.loan_id = p.loan_id AND cs.opened_on <= p.received_on
            AND (cs.closed_on IS NULL OR cs.closed_on >= p.received_on)
          ORDER BY cs.opened_on DESC LIMIT 1
        ) c ON true
        LEFT JOIN analytics_case_day h ON h.as_of = p.received_on AND h.case_id = c.case_id
        WHERE p.received_on BETWEEN ${activityFrom}::date AND ${asOf}::date
          AND p.reversed_at IS NULL
        GROUP BY 1, 2, 3, 4, 5, 6
      )
      INSERT INTO analytics_activity_day (as_of, product_id, region, team_id, collector_id, variant, calls_dialed,
                                          calls_connected, right_party_contacts, payments, collected_fen)
      SELECT as_of, product_id, region, team_id, collector_id, variant, sum(dialed)::int,
             sum(connected)::int, sum(right_party)::int, sum(payments)::int, sum(collected)
      FROM (SELECT * FROM calls UNION ALL SELECT * FROM paid) x
      GROUP BY as_of, product_id, region, team_id, collector_id, variant`.execute(db);

    // Promises taken or due in the trailing 40 days, as their state stands today.
    await sql`DELETE FROM analytics_promise_day WHERE on_date BETWEEN ${asOf}::date - 40 AND ${asOf}::date`.execute(
      db,
    );
    await sql`
      WITH cases AS (${CASE_DIMS}),
      p AS (
        SELECT pr.taken_on, pr.due_on, pr.state, pr.amount_fen, c.product_id, c.region, ${heldKeys('h', 'c')}
        FROM promise_to_pay pr JOIN cases c ON c.case_id = pr.case_id
        LEFT JOIN analytics_case_day h ON h.as_of = pr.taken_on AND h.case_id = pr.case_id
        WHERE (pr.taken_on BETWEEN ${asOf}::date - 40 AND ${asOf}::date)
           OR (pr.due_on BETWEEN ${asOf}::date - 40 AND ${asOf}::date)
      )
      INSERT INTO analytics_promise_day (on_date, kind, product_id, region, team_id, collector_id, variant, state,
                                         promises, amount_fen)
      SELECT taken_on, 'taken', product_id, region, team_id, collector_id, variant, state, count(*)::int,
             sum(amount_fen)
      FROM p WHERE taken_on BETWEEN ${asOf}::date - 40 AND ${asOf}::date
      GROUP BY 1, 3, 4, 5, 6, 7, 8
      UNION ALL
      SELECT due_on, 'due', product_id, region, team_id, collector_id, variant, state, count(*)::int,
             sum(amount_fen)
      FROM p WHERE due_on BETWEEN ${asOf}::date - 40 AND ${asOf}::date
      GROUP BY 1, 3, 4, 5, 6, 7, 8`.execute(db);

    // Vintage denominators: disbursed loans per cohort, rewritten when the newest day is written
    // (a rebuild of past days leaves them; the loan table is the same for every day).
    await sql`
      WITH newest AS (
        SELECT 1 FROM analytics_rollup_day HAVING coalesce(max(as_of) <= ${asOf}::date, true)
      ), gone AS (
        DELETE FROM analytics_cohort WHERE EXISTS (SELECT 1 FROM newest)
      )
      INSERT INTO analytics_cohort (cohort_month, product_id, region, loans, disbursed_fen)
      SELECT to_char(l.disbursed_on, 'YYYY-MM'), l.product_id, ${REGION}, count(*)::int, sum(l.principal_fen)
      FROM loan l JOIN customer cu ON cu.id = l.customer_id
      WHERE EXISTS (SELECT 1 FROM newest)
      GROUP BY 1, 2, 3`.execute(db);

    await sql`
      INSERT INTO analytics_rollup_day (as_of, signature) VALUES (${asOf}::date, ${signature})
      ON CONFLICT (as_of) DO UPDATE SET signature = EXCLUDED.signature, written_at = now()`.execute(db);
  }

  // ------------------------------------------------------------------ reads

  /** The days in [from, to] with rollups, and the signature each was written under. */
  async rollupDays(from: string, to: string): Promise<{ as_of: string; signature: string }[]> {
    const r = await sql<{ as_of: string; signature: string }>`
      SELECT as_of::text, signature FROM analytics_rollup_day
      WHERE as_of BETWEEN ${from}::date AND ${to}::date ORDER BY as_of`.execute(this.db);
    return r.rows;
  }

  /** The latest day with rollups. */
  async latestRollupDay(): Promise<string | null> {
    const r = await sql<{ d: string | null }>`SELECT max(as_of)::text AS d FROM analytics_rollup_day`.execute(
      this.db,
    );
    return r.rows[0]?.d ?? null;
  }

  /**
   * Month-end positions of the months touching [fromMonth-start, to]: each month's last day with
   * rollups, its 'end' rows plus the exits last seen earlier in that month.
   */
  async monthEndPositions(
    fromDay: string,
    to: string,
    filter: RollupFilter,
    dim: 'product_id' | 'region' | null,
  ): Promise<
    {
      month: string;
      month_end: string;
      cohort_month: string;
      bucket: string;
      bad: boolean;
      key: string | null;
      loans: number;
      balance_fen: string;
    }[]
  > {
    const key = dim ? sql.ref(`p.${dim}`) : sql`NULL`;
    const r = await sql<{
      month: string;
      month_end: string;
      cohort_month: string;
      bucket: string;
      bad: boolean;
      key: string | null;
      loans: number;
      balance_fen: string;
    }>`
      WITH ends AS (
        SELECT to_char(as_of, 'YYYY-MM') AS month, max(as_of) AS month_end
        FROM analytics_rollup_day WHERE as_of BETWEEN ${fromDay}::date AND ${to}::date
        GROUP BY 1
      )
      SELECT e.month, e.month_end::text, p.cohort_month, p.bucket, p.bad, ${key}::text AS key,
             sum(p.loans)::int AS loans, sum(p.balance_fen)::text AS balance_fen
      FROM ends e
      JOIN analytics_position_day p
        ON (p.kind = 'end' AND p.as_of = e.month_end)
        OR (p.kind = 'exit' AND p.as_of > date_trunc('month', e.month_end)::date AND p.as_of <= e.month_end
            AND p.last_seen >= date_trunc('month', e.month_end)::date AND p.last_seen < e.month_end)
      WHERE (${filter.productId}::uuid IS NULL OR p.product_id = ${filter.productId}::uuid)
      GROUP BY 1, 2, 3, 4, 5, 6`.execute(this.db);
    return r.rows;
  }

  /** Principal disbursed per cohort month (and key), from the cohort rollup (the loan table as the latest run saw it). */
  async cohorts(
    filter: RollupFilter,
    dim: 'product_id' | 'region' | null,
    fromMonth: string,
    toMonth: string,
  ): Promise<{ cohort: string; key: string | null; loans: number; disbursed_fen: string }[]> {
    const key = dim ? sql.ref(`c.${dim}`) : sql`NULL`;
    const r = await sql<{ cohort: string; key: string | null; loans: number; disbursed_fen: string }>`
      SELECT c.cohort_month AS cohort, ${key}::text AS key, sum(c.loans)::int AS loans,
             sum(c.disbursed_fen)::text AS disbursed_fen
      FROM analytics_cohort c
      WHERE c.cohort_month BETWEEN ${fromMonth} AND ${toMonth}
        AND (${filter.productId}::uuid IS NULL OR c.product_id = ${filter.productId}::uuid)
      GROUP BY 1, 2`.execute(this.db);
    return r.rows;
  }

  async entryDays(
    from: string,
    to: string,
    filter: RollupFilter,
    dim: 'product_id' | 'region' | null,
  ): Promise<
    {
      due_on: string;
      key: string | null;
      in_collection_before: boolean;
      installments: number;
      due_fen: string;
      entered: number;
      entered_fen: string;
    }[]
  > {
    const key = dim ? sql.ref(`e.${dim}`) : sql`NULL`;
    const r = await sql<{
      due_on: string;
      key: string | null;
      in_collection_before: boolean;
      installments: number;
      due_fen: string;
      entered: number;
      entered_fen: string;
    }>`
      SELECT e.due_on::text, ${key}::text AS key, e.in_collection_before, sum(e.installments)::int AS installments,
             sum(e.due_fen)::text AS due_fen, sum(e.entered)::int AS entered, sum(e.entered_fen)::text AS entered_fen
      FROM analytics_entry_day e
      WHERE e.due_on BETWEEN ${from}::date AND ${to}::date
        AND (${filter.productId}::uuid IS NULL OR e.product_id = ${filter.productId}::uuid)
      GROUP BY 1, 2, 3`.execute(this.db);
    return r.rows;
  }

  /**
   * Cure cohort: cases open at the end of `startDay` by bucket (and key), and of them those
   * closed in [from, to] with one of `reasons`.
   */
  async cureCounts(
    startDay: string,
    from: string,
    to: string,
    reasons: readonly string[],
    filter: RollupFilter,
    dim: DimColumn | null,
  ): Promise<{ bucket: string; key: string | null; open: number; cured: number }[]> {
    const keyOf = (alias: string) => (dim ? sql.ref(`${alias}.${dim}`) : sql`NULL`);
    // The cohort's size from the day's counts; the cured among it from the period's closures of
    // cases opened by the start day (a case-day row needs its case opened: the others cannot
    // join), read from one index (collection_case_closed_cure_idx) and hashed in memory, then
    // matched against the start day's case rows (75,000 of 300,000 at 1M × 90: 250 → 140 ms).
    await this.largeReadSettings();
    const r = await sql<{ bucket: string; key: string | null; open: number; cured: number }>`
      WITH open AS (
        SELECT n.bucket, ${keyOf('n')}::text AS key, sum(n.cases)::int AS open
        FROM analytics_case_count_day n
        WHERE n.as_of = ${startDay}::date ${caseFilter(filter, 'n')}
        GROUP BY 1, 2
      ), cured AS (
        SELECT d.bucket, ${keyOf('d')}::text AS key, count(*)::int AS cured
        FROM collection_case cc
        JOIN analytics_case_day d ON d.as_of = ${startDay}::date AND d.case_id = cc.id
        WHERE cc.closed_on BETWEEN ${from}::date AND ${to}::date AND cc.close_reason = ANY(${reasons}::text[])
          AND cc.opened_on <= ${startDay}::date ${caseFilter(filter)}
        GROUP BY 1, 2
      )
      SELECT o.bucket, o.key, o.open, coalesce(c.cured, 0)::int AS cured
      FROM open o LEFT JOIN cured c ON c.bucket = o.bucket AND c.key IS NOT DISTINCT FROM o.key`.execute(
      this.db,
    );
    return r.rows;
  }

  /**
   * Held cases in [from, to] (open at some day's end) per key, those attempted, and the attempts.
   * A case counts once in each key it was held under in the period (distinct cases are not
   * additive over days): from its year rows, one per case and keys, whose held and attempt days
   * are tested against the period's days; the attempts are summed per day.
   */
  async coverageCounts(
    from: string,
    to: string,
    channels: readonly string[],
    filter: RollupFilter,
    dim: DimColumn | null,
  ): Promise<{ key: string | null; held: number; attempted: number; attempts: number }[]> {
    const keyOf = (alias: string) => (dim ? sql.ref(`${alias}.${dim}`) : sql`NULL`);
    // Attempted in the period: some channel of the set has a day in it, tested channel by channel
    // (OR stops at the first; a channel without attempts is NULL at once) rather than OR-ing the
    // channels' bitmaps first (a new bitmap per channel and row: 0.56 s against 0.27 s for all seven
    // channels on the synthetic 1M × 90 book).
    const tested = CHANNELS.filter((ch) => channels.includes(ch)).map(
      (ch) => sql`bit_count(${sql.ref(`c.${CHANNEL_DAYS[ch]}`)} & y.mask) > 0`,
    );
    const attempted = tested.length > 0 ? sql.join(tested, sql` OR `) : sql`false`;
    // A case held on both sides of a new year has a row in each: sole holds within a year only.
    const oneYear = from.slice(0, 4) === to.slice(0, 4);
    // Without a bucket filter, the rows of any bucket (one per case and keys, not one per bucket).
    const [table, bucket] =
      filter.bucket === null
        ? [sql`analytics_case_year`, sql`true`]
        : [sql`analytics_case_bucket_year`, sql`c.bucket = ${filter.bucket}::text`];
    await this.largeReadSettings();
    const r = await sql<{ key: string | null; held: number; attempted: number; attempts: number }>`
      WITH years AS MATERIALIZED (
        -- Materialised: each year's mask built once, not once per row.
        SELECT make_date(y, 1, 1) AS year_start, analytics_days_mask(make_date(y, 1, 1), ${from}::date, ${to}::date) AS mask
        FROM generate_series(extract(year FROM ${from}::date)::int, extract(year FROM ${to}::date)::int) y
      ), per_group AS (
        -- One pass over the rows held in the period: a sole row is its case (counted with the other
        -- sole rows of its key), the others are grouped by case (a case counts once per key).
        SELECT ${keyOf('c')}::text AS key, CASE WHEN c.sole AND ${sql.lit(oneYear)} THEN NULL ELSE c.case_id END AS case_id,
               count(*) AS held, count(*) FILTER (WHERE ${attempted}) AS attempted
        FROM years y
        JOIN ${table} c ON c.year_start = y.year_start
        WHERE c.last_day >= ${from}::date AND c.first_day <= ${to}::date AND ${bucket}
          AND (${filter.productId}::uuid IS NULL OR c.product_id = ${filter.productId}::uuid)
          AND (${teamsOf(filter)}::uuid[] IS NULL OR c.team_id = ANY(${teamsOf(filter)}::uuid[]))
          -- Held in the period: a row whose held days all fall in it surely is (no bit test).
          AND ((c.first_day >= ${from}::date AND c.last_day <= ${to}::date) OR bit_count(c.held & y.mask) > 0)
        GROUP BY 1, 2
      ), held AS (
        SELECT key, sum(CASE WHEN case_id IS NULL THEN held ELSE 1 END)::int AS held,
               sum(CASE WHEN case_id IS NULL THEN attempted WHEN attempted > 0 THEN 1 ELSE 0 END)::int AS attempted
        FROM per_group GROUP BY 1
      ), attempts AS (
        SELECT ${keyOf('a')}::text AS key, sum(a.attempts)::int AS attempts
        FROM analytics_attempt_day a
        WHERE a.as_of BETWEEN ${from}::date AND ${to}::date AND a.channel = ANY(${channels}::text[])
          ${caseFilter(filter, 'a')}
        GROUP BY 1
      )
      SELECT h.key, h.held, h.attempted, coalesce(a.attempts, 0)::int AS attempts
      FROM held h LEFT JOIN attempts a ON a.key IS NOT DISTINCT FROM h.key`.execute(this.db);
    return r.rows;
  }

  /** Calls, right-party contacts and payments in [from, to] per key. */
  async activity(
    from: string,
    to: string,
    filter: RollupFilter,
    dim: DimColumn | null,
  ): Promise<
    {
      key: string | null;
      dialed: number;
      connected: number;
      right_party: number;
      payments: number;
      collected_fen: string;
    }[]
  > {
    const key = dim ? sql.ref(`a.${dim}`) : sql`NULL`;
    const r = await sql<{
      key: string | null;
      dialed: number;
      connected: number;
      right_party: number;
      payments: number;
      collected_fen: string;
    }>`
      SELECT ${key}::text AS key, sum(a.calls_dialed)::int AS dialed, sum(a.calls_connected)::int AS connected,
             sum(a.right_party_contacts)::int AS right_party, sum(a.payments)::int AS payments,
             sum(a.collected_fen)::text AS collected_fen
      FROM analytics_activity_day a
      WHERE a.as_of BETWEEN ${from}::date AND ${to}::date
        AND (${filter.productId}::uuid IS NULL OR a.product_id = ${filter.productId}::uuid)
        AND (${teamsOf(filter)}::uuid[] IS NULL OR a.team_id = ANY(${teamsOf(filter)}::uuid[]))
      GROUP BY 1`.execute(this.db);
    return r.rows;
  }

  /** Promises taken and due in [from, to] per key and state. */
  async promiseCounts(
    from: string,
    to: string,
    filter: RollupFilter,
    dim: DimColumn | null,
  ): Promise<
    { kind: 'taken' | 'due'; key: string | null; state: string; promises: number; amount_fen: string }[]
  > {
    const key = dim ? sql.ref(`p.${dim}`) : sql`NULL`;
    const r = await sql<{
      kind: 'taken' | 'due';
      key: string | null;
      state: string;
      promises: number;
      amount_fen: string;
    }>`
      SELECT p.kind, ${key}::text AS key, p.state, sum(p.promises)::int AS promises,
             sum(p.amount_fen)::text AS amount_fen
      FROM analytics_promise_day p
      WHERE p.on_date BETWEEN ${from}::date AND ${to}::date
        AND (${filter.productId}::uuid IS NULL OR p.product_id = ${filter.productId}::uuid)
        AND (${teamsOf(filter)}::uuid[] IS NULL OR p.team_id = ANY(${teamsOf(filter)}::uuid[]))
      GROUP BY 1, 2, 3`.execute(this.db);
    return r.rows;
  }

  /** The cases behind a figure: open at the end of `day`, matching the filter and key, paged. */
  async drillCases(
    day: string,
    filter: RollupFilter,
    dim: DimColumn | null,
    key: string | null,
    limit: number,
    offset: number,
    scope: DrillScope | null = null,
  ): Promise<DrillRow[]> {
    const keyFilter = (alias: string) =>
      dim === null
        ? sql``
        : key === null
          ? sql`AND ${sql.ref(`${alias}.${dim}`)} IS NULL`
          : sql`AND ${sql.ref(`${alias}.${dim}`)}::text = ${key}`;
    // The page walks analytics_case_day_dpd_idx (worst DPD first) and stops after it.
    const r = await sql<Omit<DrillRow, 'total'>>`
      SELECT d.case_id::text, l.source_ref AS loan_ref, d.bucket, d.dpd, pr.code AS product_code, d.region,
             t.code AS team_code, u.username AS collector, d.variant, cc.opened_on::text, cc.closed_on::text,
             cc.close_reason
      FROM analytics_case_day d
      JOIN collection_case cc ON cc.id = d.case_id
      JOIN loan l ON l.id = d.loan_id
      JOIN product pr ON pr.id = d.product_id
      LEFT JOIN team t ON t.id = d.team_id
      LEFT JOIN app_user u ON u.id = d.collector_id
      WHERE d.as_of = ${day}::date ${caseFilter(filter)} ${keyFilter('d')} ${scopeFilter(scope)}
      ORDER BY d.dpd DESC, d.case_id
      LIMIT ${limit} OFFSET ${offset}`.execute(this.db);
    if (r.rows.length === 0) return [];
    // The total: the day's counts per keys for the whole book; a scoped user's cases counted.
    const total =
      scope === null
        ? await sql<{ total: number }>`
            SELECT coalesce(sum(n.cases), 0)::int AS total FROM analytics_case_count_day n
            WHERE n.as_of = ${day}::date ${caseFilter(filter, 'n')} ${keyFilter('n')}`.execute(this.db)
        : await sql<{ total: number }>`
            SELECT count(*)::int AS total
            FROM analytics_case_day d JOIN collection_case cc ON cc.id = d.case_id
            WHERE d.as_of = ${day}::date ${caseFilter(filter)} ${keyFilter('d')} ${scopeFilter(scope)}`.execute(
            this.db,
          );
    const n = total.rows[0]?.total ?? 0;
    return r.rows.map((row) => ({ ...row, total: n }));
  }

  /** Product ids by code, and codes by id (filters name products by code). */
  async productIdByCode(code: string): Promise<string | null> {
    const r = await sql<{ id: string }>`SELECT id::text FROM product WHERE code = ${code}`.execute(this.db);
    return r.rows[0]?.id ?? null;
  }

  async teamIdByCode(code: string): Promise<string | null> {
    const r = await sql<{ id: string }>`SELECT id::text FROM team WHERE code = ${code}`.execute(this.db);
    return r.rows[0]?.id ?? null;
  }

  /** Display labels of dimension keys (product code, team code, collector username). */
  async labels(dim: DimColumn, keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0 || dim === 'region' || dim === 'variant') return new Map(keys.map((k) => [k, k]));
    const table = dim === 'product_id' ? sql`product` : dim === 'team_id' ? sql`team` : sql`app_user`;
    const label = dim === 'collector_id' ? sql`username` : sql`code`;
    const r = await sql<{ id: string; label: string }>`
      SELECT id::text, ${label} AS label FROM ${table} WHERE id::text = ANY(${keys}::text[])`.execute(
      this.db,
    );
    return new Map(r.rows.map((x) => [x.id, x.label]));
  }
}

/**
 * The holder team, collector and variant a case had on a day: its analytics_case_day row `held`
 * when it has one (even a pool case's nulls), else the case's present keys `now`.
 */
function heldKeys(held: string, now: string) {
  const pick = (column: string) =>
    sql`CASE WHEN ${sql.ref(`${held}.case_id`)} IS NOT NULL THEN ${sql.ref(`${held}.${column}`)} ELSE ${sql.ref(`${now}.${column}`)} END`;
  return sql`${pick('team_id')} AS team_id, ${pick('collector_id')} AS collector_id, ${pick('variant')} AS variant`;
}

/** One case of a drill-down list. */
export interface DrillRow {
  case_id: string;
  loan_ref: string;
  bucket: string;
  dpd: number;
  product_code: string;
  region: string | null;
  team_code: string | null;
  collector: string | null;
  variant: string | null;
  opened_on: string;
  closed_on: string | null;
  close_reason: string | null;
  total: number;
}

/** A user's data scope for listing cases (null: the whole book). */
export interface DrillScope {
  kind: 'own' | 'team' | 'agency';
  userId: string;
  teamIds: readonly string[];
  agencyId: string | null;
}

/** The cases a user may see, as case-scope.ts decides it for one case. */
function scopeFilter(scope: DrillScope | null) {
  if (scope === null) return sql``;
  const agency = scope.agencyId === null ? sql`` : sql`AND cc.agency_id = ${scope.agencyId}::uuid`;
  switch (scope.kind) {
    case 'own':
      return sql`AND cc.holder_user_id = ${scope.userId}::uuid ${agency}`;
    case 'team':
      return sql`AND (cc.holder_user_id = ${scope.userId}::uuid OR cc.holder_team_id = ANY(${[...scope.teamIds]}::uuid[])) ${agency}`;
    case 'agency':
      return scope.agencyId === null ? sql`AND false` : agency;
  }
}

/** The filters on a row with the case-day keys (analytics_case_day, _case_count_day, _attempt_day). */
/** The filter's teams as an array parameter (null: no team filter). */
export const teamsOf = (filter: { teamIds: readonly string[] | null }) =>
  filter.teamIds === null ? null : [...filter.teamIds];

function caseFilter(filter: RollupFilter, alias = 'd') {
  return sql`
    AND (${filter.productId}::uuid IS NULL OR ${sql.ref(`${alias}.product_id`)} = ${filter.productId}::uuid)
    AND (${teamsOf(filter)}::uuid[] IS NULL OR ${sql.ref(`${alias}.team_id`)} = ANY(${teamsOf(filter)}::uuid[]))
    AND (${filter.bucket}::text IS NULL OR ${sql.ref(`${alias}.bucket`)} = ${filter.bucket}::text)`;
}
