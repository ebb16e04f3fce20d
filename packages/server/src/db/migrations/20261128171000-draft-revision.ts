/**
 * Drafts edited in place: strategy and template versions get a revision number (optimistic
 * locking — an edit names the revision it was made from and a stale one is refused) and the
 * editors besides the author (four eyes: nobody who wrote a version may approve it).
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE strategy_version
      ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
      ADD COLUMN editor_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN updated_at timestamptz;
    ALTER TABLE message_template
      ADD COLUMN revision integer NOT NULL DEFAULT 1 CHECK (revision > 0),
      ADD COLUMN editor_ids uuid[] NOT NULL DEFAULT '{}',
      ADD COLUMN updated_at timestamptz;
  `.execute(db);
}
