/**
 * The daily run's later steps (promise expiry, planning the day's actions) are recorded as done
 * per day, so a crash between a completed day and its steps is resumed: the next run finishes
 * the steps before it moves on. Days completed before this migration count as done.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE daily_run ADD COLUMN steps_done_at timestamptz;
    UPDATE daily_run SET steps_done_at = finished_at WHERE status = 'completed';
  `.execute(db);
}
