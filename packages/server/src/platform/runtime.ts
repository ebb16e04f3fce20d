/**
 * Boots what every command needs: the database (embedded or external), migrations,
 * keys and services. `close()` stops it all, the embedded PostgreSQL included.
 */
import pg from 'pg';
import type { Logger } from 'pino';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../db/embedded-postgres.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Clock } from './clock.js';
import { systemClock } from './clock.js';
import type { Config } from './config.js';
import { deriveKeys, loadMasterKey } from './secrets.js';
import { createServices, type Services } from './services.js';

export interface Runtime {
  config: Config;
  databaseUrl: string;
  database: DatabaseHandle;
  services: Services;
  close(): Promise<void>;
}

const EMBEDDED_DATABASE = 'huikuan';

async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
  } finally {
    await client.end();
  }
}

export async function startRuntime(
  config: Config,
  options: {
    logger?: Logger;
    clock?: Clock;
    migrate?: boolean;
    onMigration?: (done: number, total: number, name: string) => void;
  } = {},
): Promise<Runtime> {
  let embedded: EmbeddedServer | null = null;
  let databaseUrl: string;
  if (config.databaseUrl) {
    databaseUrl = config.databaseUrl;
  } else {
    options.logger?.info(
      { dataDir: config.dataDir, port: config.embeddedPgPort },
      'starting embedded PostgreSQL',
    );
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort });
    await ensureDatabase(embedded.urlFor('postgres'), EMBEDDED_DATABASE);
    databaseUrl = embedded.urlFor(EMBEDDED_DATABASE);
  }
  let database: DatabaseHandle | null = null;
  try {
    const masterKey = await loadMasterKey({
      configured: config.encryptionKey,
      embedded: embedded !== null,
      dataDir: config.dataDir,
    });
    database = openDatabase(databaseUrl, {
      onIdleError: (err) => options.logger?.warn({ err: err.message }, 'idle database connection lost'),
    });
    if (options.migrate !== false) {
      await migrateToLatest(database.db as never, options.onMigration);
    }
    const services = createServices({
      db: database.db,
      keys: deriveKeys(masterKey),
      clock: options.clock ?? systemClock,
      timeZone: config.timeZone,
      institutionName: config.institutionName,
      databaseMode: embedded ? 'embedded' : 'external',
      sessionTtlMinutes: config.sessionTtlMinutes,
      dailyRunPartitionSize: config.dailyRunPartitionSize,
      channels: config.channels,
    });
    const db = database;
    return {
      config,
      databaseUrl,
      database: db,
      services,
      close: async () => {
        await db.close();
        await embedded?.stop();
      },
    };
  } catch (err) {
    await database?.close();
    await embedded?.stop();
    throw err;
  }
}
