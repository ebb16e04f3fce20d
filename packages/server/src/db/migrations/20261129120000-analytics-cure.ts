/**
 * 统计分析 cure cohort's cured (AnalyticsRepository.cureCounts): the period's closures with the
 * given reasons of cases opened by the start day, read from one index without visiting the case
 * rows (closed_on, reason and opened_on in the key, the id included). It replaces the index on
 * closed_on alone (migration 20261129100000-analytics-speed), whose reads it serves as well.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX collection_case_closed_cure_idx ON collection_case (closed_on, close_reason, opened_on) INCLUDE (id)
      WHERE closed_on IS NOT NULL;
    DROP INDEX collection_case_closed_idx;
  `.execute(db);
}
