/**
 * The Kysely database handle. Only repositories use it to run SQL.
 */
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './database.types.js';

// bigint (int8) columns hold money in fen and counters: return them as numbers, refusing
// any value a JS number cannot hold exactly rather than silently losing precision.
pg.types.setTypeParser(pg.types.builtins.INT8, (text: string) => {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} exceeds the safe integer range`);
  return n;
});
// dates stay YYYY-MM-DD strings: a business date is a calendar day, not an instant.
pg.types.setTypeParser(pg.types.builtins.DATE, (text: string) => text);

export type Database = Kysely<DB>;

export interface DatabaseHandle {
  db: Database;
  pool: pg.Pool;
  close(): Promise<void>;
}

/** Opens a pooled connection to the database at `url`. */
export function openDatabase(
  url: string,
  options: { max?: number; applicationName?: string; onIdleError?: (err: Error) => void } = {},
): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 20,
    application_name: options.applicationName ?? 'huikuan',
    // A runaway statement must not hold the system: 60 s is far above any request's need.
    statement_timeout: 60_000,
  });
  // An idle pooled connection the server ends (restart, admin command) must not crash the
  // process: the pool drops it and the next query opens a new one.
  pool.on('error', (err) => options.onIdleError?.(err));
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    db,
    pool,
    close: async () => {
      await db.destroy();
    },
  };
}
