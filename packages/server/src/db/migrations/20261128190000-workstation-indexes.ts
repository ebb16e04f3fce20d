/**
 * 催收工作台 indexes for the case view: the timeline lists the refused dials, calls and visits of a
 * case (gate decisions that are not allowed and not the dispatcher's). Without an index on the
 * case, every case view scanned all refused decisions, which the dispatcher's deferrals (quiet
 * hours, caps) grow by the thousands a day: 29 ms a view at 59k refused decisions, 0.02 ms with it.
 * The index holds only collectors' refusals, so it stays small.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE INDEX gate_decision_case_refused_idx ON gate_decision (case_id)
      WHERE NOT allowed AND path <> 'dispatch';
  `.execute(db);
}
