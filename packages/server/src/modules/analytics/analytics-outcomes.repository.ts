/**
 * 统计分析 the SQL of the outcome rollups (migration 20261129110000-analytics-outcomes): the
 * roll-rate matrix (per-loan month-end positions, then the matrix counts per observation month)
 * and the recovery rate (allocations with what was due when made, and what the holder collected
 * and settled while holding). Written by the daily analytics step in the same transaction as the
 * other rollups; read by the dashboards.
 */
import { addMonthsToMonth, monthOf } from '@huikuan/domain';
import { sql } from 'kysely';
import type { Database } from '../../db/database.js';
import {
  bucketCase,
  type DimColumn,
  REGION,
  type RollupDefinition,
  type RollupFilter,
  TRAILING_DAYS,
  teamsOf,
} from './analytics.repository.js';

/** The roll-rate windows the counts are written for (settings rollRate.*Months). */
export interface RollRateWindows {
  observationMonths: number;
  performanceMonths: number;
}

export interface RollRateRowOut {
  observation_month: string;
  months_performed: number;
  key: string | null;
  from_bucket: string;
  to_bucket: string | null;
  loans: number;
  balance_fen: string;
}

export interface RecoveryRowOut {
  key: string | null;
  allocated: number;
  due_fen: string;
  collected_fen: string;
  settled: number;
}

/** The first day of `day`'s month. */
const firstOfMonth = (day: string) => `${monthOf(day)}-01`;

/** The first day of the month `n` months from the month starting `monthStart`. */
const addMonths = (monthStart: string, n: number) => `${addMonthsToMonth(monthOf(monthStart), n)}-01`;

export class AnalyticsOutcomesRepository {
  constructor(private readonly db: Database) {}

  /**
   * The day's outcome rollups, their payment events from `from` (rewriteFrom); call inside the
   * day's rollup transaction, before its day row is written.
   */
  async writeDay(asOf: string, from: string, def: RollupDefinition, windows: RollRateWindows): Promise<void> {
    await this.writeExits(asOf);
    if (await this.firstRollupDayOfMonth(asOf)) {
      const month = addMonths(firstOfMonth(asOf), -1);
      if (await this.writeMonthEnd(month)) await this.writeRollRates(month, def, windows);
    }
    await this.writeRecovery(asOf, from, def);
  }

  /**
   * The first day whose payment events the day's step rewrites: 7 days back, or further back to
   * the receipt day of a payment posted or reversed since the previous day's write (a bank file a
   * month late, a chargeback), at most 400 days; and records this write's marks.
   */
  async rewriteFrom(asOf: string): Promise<string> {
    const r = await sql<{ d: string }>`
      WITH mark AS (
        SELECT last_created_at, last_reversed_at FROM analytics_payment_mark
        WHERE as_of < ${asOf}::date ORDER BY as_of DESC LIMIT 1
      )
      SELECT least(${asOf}::date - ${TRAILING_DAYS}::int, (
        SELECT min(p.received_on) FROM payment p, mark m
        WHERE p.received_on BETWEEN ${asOf}::date - 400 AND ${asOf}::date
          AND (p.created_at > coalesce(m.last_created_at, '-infinity')
               OR p.reversed_at > coalesce(m.last_reversed_at, '-infinity')))) ::text AS d`.execute(this.db);
    await sql`
      INSERT INTO analytics_payment_mark (as_of, last_created_at, last_reversed_at)
      SELECT ${asOf}::date, (SELECT max(created_at) FROM payment), (SELECT max(reversed_at) FROM payment)
      ON CONFLICT (as_of) DO UPDATE
        SET last_created_at = EXCLUDED.last_created_at, last_reversed_at = EXCLUDED.last_reversed_at`.execute(
      this.db,
    );
    return r.rows[0]!.d;
  }

  /**
   * Loans seen yesterday and gone today, each at its last position. EXCEPT (a hashed set
   * operation) whatever the planner believes of the day's rows.
   */
  private async writeExits(asOf: string): Promise<void> {
    await sql`DELETE FROM analytics_loan_exit WHERE as_of = ${asOf}::date`.execute(this.db);
    await sql`
      INSERT INTO analytics_loan_exit (as_of, loan_id, seen_on, product_id, region, dpd, principal_fen)
      SELECT ${asOf}::date, d.loan_id, d.as_of, d.product_id, ${REGION}, d.dpd, d.outstanding_principal_fen
      FROM (SELECT loan_id FROM loan_daily WHERE as_of = ${asOf}::date - 1
            EXCEPT SELECT loan_id FROM loan_daily WHERE as_of = ${asOf}::date) gone
      JOIN loan_daily d ON d.as_of = ${asOf}::date - 1 AND d.loan_id = gone.loan_id
      JOIN customer cu ON cu.id = d.customer_id`.execute(this.db);
  }

  /** Whether no earlier day of asOf's month has rollups: the month before has then ended. */
  private async firstRollupDayOfMonth(asOf: string): Promise<boolean> {
    const r = await sql<{ earlier: boolean }>`
      SELECT EXISTS (SELECT 1 FROM analytics_rollup_day
                     WHERE as_of >= ${firstOfMonth(asOf)}::date AND as_of < ${asOf}::date) AS earlier`.execute(
      this.db,
    );
    return !r.rows[0]?.earlier;
  }

  /**
   * Each loan's position at the end of `month`: the month's last snapshot, or for a loan gone
   * earlier in the month its last position (from the exits). False when the month has no snapshot.
   */
  private async writeMonthEnd(month: string): Promise<boolean> {
    const last = await sql<{ d: string | null }>`
      SELECT max(as_of)::text AS d FROM loan_daily
      WHERE as_of >= ${month}::date AND as_of < (${month}::date + interval '1 month')::date`.execute(this.db);
    const lastDay = last.rows[0]?.d ?? null;
    await sql`DELETE FROM analytics_loan_month_end WHERE month = ${month}::date`.execute(this.db);
    if (lastDay === null) return false;
    await sql`
      INSERT INTO analytics_loan_month_end (month, loan_id, seen_on, product_id, region, dpd, principal_fen)
      SELECT ${month}::date, d.loan_id, d.as_of, d.product_id, ${REGION}, d.dpd, d.outstanding_principal_fen
      FROM loan_daily d JOIN customer cu ON cu.id = d.customer_id
      WHERE d.as_of = ${lastDay}::date`.execute(this.db);
    await sql`
      INSERT INTO analytics_loan_month_end (month, loan_id, seen_on, product_id, region, dpd, principal_fen)
      SELECT DISTINCT ON (x.loan_id) ${month}::date, x.loan_id, x.seen_on, x.product_id, x.region, x.dpd, x.principal_fen
      FROM analytics_loan_exit x
      WHERE x.seen_on >= ${month}::date AND x.seen_on < ${lastDay}::date
      ORDER BY x.loan_id, x.seen_on DESC
      ON CONFLICT (month, loan_id) DO NOTHING`.execute(this.db);
    return true;
  }

  /**
   * The matrix counts of each observation month whose performance window has run into `month`
   * (just ended): worst month-end bucket over the observation window × worst over the months of
   * the performance window that have ended, per product and region; no performed position → null.
   */
  private async writeRollRates(month: string, def: RollupDefinition, w: RollRateWindows): Promise<void> {
    for (let performed = 1; performed <= w.performanceMonths; performed++) {
      const point = addMonths(month, -performed);
      const observedFrom = addMonths(point, -(w.observationMonths - 1));
      await sql`DELETE FROM analytics_roll_rate WHERE observation_month = ${point}::date`.execute(this.db);
      await sql`
        WITH point AS (
          SELECT loan_id, product_id, region, principal_fen FROM analytics_loan_month_end WHERE month = ${point}::date
        ), observed AS (
          SELECT m.loan_id, max(m.dpd) AS dpd FROM analytics_loan_month_end m JOIN point p USING (loan_id)
          WHERE m.month BETWEEN ${observedFrom}::date AND ${point}::date GROUP BY m.loan_id
        ), performed AS (
          SELECT m.loan_id, max(m.dpd) AS dpd FROM analytics_loan_month_end m JOIN point p USING (loan_id)
          WHERE m.month > ${point}::date AND m.month <= ${month}::date GROUP BY m.loan_id
        )
        INSERT INTO analytics_roll_rate (observation_month, months_performed, product_id, region, from_bucket,
                                         to_bucket, loans, balance_fen)
        SELECT ${point}::date, ${performed}::int, p.product_id, p.region, ${bucketCase(sql`o.dpd`, def.buckets)},
               ${bucketCase(sql`f.dpd`, def.buckets)}, count(*)::int, sum(p.principal_fen)
        FROM point p JOIN observed o USING (loan_id) LEFT JOIN performed f USING (loan_id)
        GROUP BY 3, 4, 5, 6`.execute(this.db);
    }
  }

  /**
   * 分案 events of the days from `fromDay` to `asOf`, rewritten: allocations made (with the overdue amount and
   * bucket of the loan's latest snapshot by then), and payments received and cases settled while
   * an allocation held the case (from its day to the day before the next assignment).
   */
  private async writeRecovery(asOf: string, fromDay: string, def: RollupDefinition): Promise<void> {
    const from = sql`${fromDay}::date`;
    const to = sql`${asOf}::date`;
    await sql`DELETE FROM analytics_recovery_day WHERE event_on BETWEEN ${from} AND ${to}`.execute(this.db);
    await sql`
      WITH paid AS (
        SELECT cc.id AS case_id, p.received_on AS on_date, p.amount_fen
        FROM payment p
        JOIN collection_case cc ON cc.loan_id = p.loan_id AND cc.opened_on <= p.received_on
                                AND (cc.closed_on IS NULL OR cc.closed_on >= p.received_on)
        WHERE p.received_on BETWEEN ${from} AND ${to} AND p.reversed_at IS NULL
      ), closed AS (
        SELECT cc.id AS case_id, cc.closed_on AS on_date, cc.close_reason
        FROM collection_case cc WHERE cc.closed_on BETWEEN ${from} AND ${to}
      ), touched AS (
        SELECT case_id FROM case_assignment WHERE on_date BETWEEN ${from} AND ${to}
        UNION SELECT case_id FROM paid UNION SELECT case_id FROM closed
      ), held AS (
        SELECT a.case_id, a.reason, a.on_date, a.to_user_id, a.to_team_id,
               lead(a.on_date) OVER (PARTITION BY a.case_id ORDER BY a.id) AS next_on
        FROM case_assignment a WHERE a.case_id IN (SELECT case_id FROM touched)
      ), alloc AS (
        SELECT h.case_id, h.on_date, h.next_on, h.to_user_id, h.to_team_id, l.product_id, ${REGION} AS region,
               cs.variant, ${bucketCase(sql`s.dpd`, def.buckets)} AS bucket,
               coalesce(s.overdue_principal_fen + s.overdue_interest_fen + s.overdue_penalty_fen
                        + s.overdue_fees_fen, 0) AS due_fen
        FROM held h
        JOIN collection_case cc ON cc.id = h.case_id
        JOIN loan l ON l.id = cc.loan_id
        JOIN customer cu ON cu.id = l.customer_id
        LEFT JOIN case_strategy cs ON cs.case_id = h.case_id
        LEFT JOIN LATERAL (
          SELECT d.dpd, d.overdue_principal_fen, d.overdue_interest_fen, d.overdue_penalty_fen, d.overdue_fees_fen
          FROM loan_daily d
          WHERE d.loan_id = cc.loan_id AND d.as_of <= h.on_date AND d.as_of >= h.on_date - 7
          ORDER BY d.as_of DESC LIMIT 1
        ) s ON true
        WHERE h.reason <> 'return' AND (h.next_on IS NULL OR h.next_on > h.on_date)
      ), events AS (
        SELECT a.on_date AS allocated_on, a.on_date AS event_on, 'allocated' AS kind, a.product_id, a.region,
               a.to_team_id, a.to_user_id, a.variant, a.bucket, NULL::text AS close_reason, a.due_fen AS amount_fen
        FROM alloc a WHERE a.on_date BETWEEN ${from} AND ${to}
        UNION ALL
        SELECT a.on_date, p.on_date, 'paid', a.product_id, a.region, a.to_team_id, a.to_user_id, a.variant,
               a.bucket, NULL, p.amount_fen
        FROM paid p JOIN alloc a ON a.case_id = p.case_id AND a.on_date <= p.on_date
                                AND (a.next_on IS NULL OR a.next_on > p.on_date)
        UNION ALL
        SELECT a.on_date, c.on_date, 'settled', a.product_id, a.region, a.to_team_id, a.to_user_id, a.variant,
               a.bucket, c.close_reason, 0
        FROM closed c JOIN alloc a ON a.case_id = c.case_id AND a.on_date <= c.on_date
                                  AND (a.next_on IS NULL OR a.next_on > c.on_date)
      )
      INSERT INTO analytics_recovery_day (allocated_on, event_on, kind, product_id, region, team_id, collector_id,
                                          variant, bucket, close_reason, events, amount_fen)
      SELECT allocated_on, event_on, kind, product_id, region, to_team_id, to_user_id, variant, bucket, close_reason,
             count(*)::int, sum(amount_fen)
      FROM events GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9, 10`.execute(this.db);
  }

  // ------------------------------------------------------------------ reads

  /** Matrix counts of the observation months in [fromMonth, toMonth] (first days), per key. */
  async rollRates(
    fromMonth: string,
    toMonth: string,
    productId: string | null,
    dim: 'product_id' | 'region' | null,
  ): Promise<RollRateRowOut[]> {
    const key = dim ? sql.ref(`r.${dim}`) : sql`NULL`;
    const r = await sql<RollRateRowOut>`
      SELECT to_char(r.observation_month, 'YYYY-MM') AS observation_month, r.months_performed, ${key}::text AS key,
             r.from_bucket, r.to_bucket, sum(r.loans)::int AS loans, sum(r.balance_fen)::text AS balance_fen
      FROM analytics_roll_rate r
      WHERE r.observation_month BETWEEN ${fromMonth}::date AND ${toMonth}::date
        AND (${productId}::uuid IS NULL OR r.product_id = ${productId}::uuid)
      GROUP BY 1, 2, 3, 4, 5`.execute(this.db);
    return r.rows;
  }

  /**
   * Recovery totals of the allocations made in [from, to]: allocations and the amount due when
   * made, collected while held by `to`, and settled (with one of `settledReasons`) while held by `to`.
   */
  async recoveryTotals(
    from: string,
    to: string,
    settledReasons: readonly string[],
    filter: RollupFilter,
    dim: DimColumn | null,
  ): Promise<RecoveryRowOut[]> {
    const key = dim ? sql.ref(`r.${dim}`) : sql`NULL`;
    const r = await sql<RecoveryRowOut>`
      SELECT ${key}::text AS key,
             coalesce(sum(r.events) FILTER (WHERE r.kind = 'allocated'), 0)::int AS allocated,
             coalesce(sum(r.amount_fen) FILTER (WHERE r.kind = 'allocated'), 0)::text AS due_fen,
             coalesce(sum(r.amount_fen) FILTER (WHERE r.kind = 'paid' AND r.event_on <= ${to}::date), 0)::text
               AS collected_fen,
             coalesce(sum(r.events) FILTER (WHERE r.kind = 'settled' AND r.event_on <= ${to}::date
                                            AND r.close_reason = ANY(${settledReasons}::text[])), 0)::int AS settled
      FROM analytics_recovery_day r
      WHERE r.allocated_on BETWEEN ${from}::date AND ${to}::date
        AND (${filter.productId}::uuid IS NULL OR r.product_id = ${filter.productId}::uuid)
        AND (${teamsOf(filter)}::uuid[] IS NULL OR r.team_id = ANY(${teamsOf(filter)}::uuid[]))
        AND (${filter.bucket}::text IS NULL OR r.bucket = ${filter.bucket}::text)
      GROUP BY 1`.execute(this.db);
    return r.rows;
  }
}
