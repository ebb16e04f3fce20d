import type { Database } from '../../db/database.js';

export interface SessionRow {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  expires_at: Date;
  last_seen_at: Date;
}

/** Sessions (by token hash) and the failed-login log used for throttling. */
export class SessionsRepository {
  constructor(private readonly db: Database) {}

  async insert(session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    createdAt: Date;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('user_session')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        created_at: session.createdAt,
        last_seen_at: session.createdAt,
        expires_at: session.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent,
      })
      .execute();
  }

  async find(tokenHash: string): Promise<SessionRow | undefined> {
    return this.db
      .selectFrom('user_session')
      .select(['token_hash', 'user_id', 'csrf_token', 'expires_at', 'last_seen_at'])
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Slides the expiry forward; called at most once a minute per session. */
  async touch(tokenHash: string, at: Date, expiresAt: Date): Promise<void> {
    await this.db
      .updateTable('user_session')
      .set({ last_seen_at: at, expires_at: expiresAt })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  async delete(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('token_hash', '=', tokenHash).execute();
  }

  async deleteForUser(userId: string): Promise<void> {
    await this.db.deleteFrom('user_session').where('user_id', '=', userId).execute();
  }

  async deleteExpired(now: Date): Promise<number> {
    const result = await this.db.deleteFrom('user_session').where('expires_at', '<', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async recordLoginFailure(ip: string, username: string, at: Date): Promise<void> {
    await this.db.insertInto('login_failure').values({ ip, username, at }).execute();
  }

  /** Failed logins from one address since a moment, and the oldest of them. */
  async loginFailuresSince(ip: string, since: Date): Promise<{ count: number; oldest: Date | null }> {
    const row = await this.db
      .selectFrom('login_failure')
      .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.min('at').as('oldest')])
      .where('ip', '=', ip)
      .where('at', '>=', since)
      .executeTakeFirstOrThrow();
    return { count: Number(row.count), oldest: (row.oldest as Date | null) ?? null };
  }

  async deleteLoginFailuresBefore(before: Date): Promise<number> {
    const result = await this.db.deleteFrom('login_failure').where('at', '<', before).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
