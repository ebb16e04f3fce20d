import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface AuditRow {
  seq: number;
  at: Date;
  actor_id: string | null;
  actor_username: string | null;
  action: string;
  target_type: string;
  target_id: string | null;
  before: unknown;
  after: unknown;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

const COLUMNS = [
  'seq',
  'at',
  'actor_id',
  'actor_username',
  'action',
  'target_type',
  'target_id',
  'before',
  'after',
  'request_id',
  'prev_hash',
  'hash',
] as const;

/** The audit trail table: append and read only (the database refuses the rest). */
export class AuditRepository {
  constructor(private readonly db: Database) {}

  /** Serialises appenders for the rest of the transaction so the chain never forks. */
  async lockChain(): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended('huikuan.audit_event', 0))`.execute(this.db);
  }

  async lastLink(): Promise<{ seq: number; hash: string } | undefined> {
    return this.db
      .selectFrom('audit_event')
      .select(['seq', 'hash'])
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  async insert(row: AuditRow): Promise<void> {
    await this.db
      .insertInto('audit_event')
      .values({
        ...row,
        before: row.before === null || row.before === undefined ? null : JSON.stringify(row.before),
        after: row.after === null || row.after === undefined ? null : JSON.stringify(row.after),
      })
      .execute();
  }

  /** A page of events in ascending order after `afterSeq` (for verification). */
  async pageAscending(afterSeq: number, limit: number): Promise<AuditRow[]> {
    return (await this.db
      .selectFrom('audit_event')
      .select(COLUMNS)
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit)
      .execute()) as AuditRow[];
  }

  /** Newest first, for reading. */
  async pageDescending(options: {
    beforeSeq: number | null;
    limit: number;
    action?: string | undefined;
  }): Promise<AuditRow[]> {
    let q = this.db.selectFrom('audit_event').select(COLUMNS).orderBy('seq', 'desc').limit(options.limit);
    if (options.beforeSeq !== null) q = q.where('seq', '<', options.beforeSeq);
    if (options.action) q = q.where('action', '=', options.action);
    return (await q.execute()) as AuditRow[];
  }
}
