/**
 * 催收工作台 the collector workstation: what a collector judged on a call (reason for the
 * delinquency, willingness and ability to pay), the case's latest reason (a planning fact), and
 * an index for the holder's queue.
 */
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE contact_attempt
      ADD COLUMN delinquency_reason text CHECK (delinquency_reason IN
        ('forgot','payment-channel','temporary-hardship','long-term-hardship','unwilling','fraud-suspected','unknown')),
      ADD COLUMN willingness text CHECK (willingness IN ('high','medium','low','unknown')),
      ADD COLUMN ability text CHECK (ability IN ('high','medium','low','unknown'));
    ALTER TABLE collection_case
      ADD COLUMN delinquency_reason text CHECK (delinquency_reason IN
        ('forgot','payment-channel','temporary-hardship','long-term-hardship','unwilling','fraud-suspected','unknown'));
    CREATE INDEX collection_case_holder_idx ON collection_case (holder_user_id) WHERE status = 'open';

  `.execute(db);
}
