import { sql } from 'kysely';
import type { Database } from '../../db/database.js';

export interface IdempotentRequestRow {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: unknown;
}

/**
 * Stored responses of requests sent with an Idempotency-Key, per scope ('payments', …), so a
 * replay gets the original answer. Any module may use it with its own scope.
 */
export class IdempotentRequestsRepository {
  constructor(private readonly db: Database) {}

  /**
   * Serialises requests with the same scope and key until the transaction ends, so two
   * concurrent first attempts cannot both do the work.
   */
  async lock(scope: string, key: string): Promise<void> {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`huikuan.idempotency:${scope}:${key}`}, 0))`.execute(
      this.db,
    );
  }

  async find(scope: string, key: string): Promise<IdempotentRequestRow | undefined> {
    return this.db
      .selectFrom('idempotent_request')
      .select(['scope', 'key', 'request_hash', 'status_code', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
  }

  async insert(row: IdempotentRequestRow & { createdAt: Date }): Promise<void> {
    await this.db
      .insertInto('idempotent_request')
      .values({
        scope: row.scope,
        key: row.key,
        request_hash: row.request_hash,
        status_code: row.status_code,
        response: JSON.stringify(row.response),
        created_at: row.createdAt,
      })
      .execute();
  }
}
