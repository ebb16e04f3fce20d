/**
 * Per-test-file isolation: each file gets its own database, copied from the migrated
 * template, and the services wired to it with a fixed key and a controllable clock.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { type DatabaseHandle, openDatabase } from '../db/database.js';
import { buildApp } from '../http/app.js';
import { fixedClock } from '../platform/clock.js';
import type { ChannelsConfig } from '../platform/config.js';
import { createLogger } from '../platform/logger.js';
import { deriveKeys } from '../platform/secrets.js';
import { createServices, type Services } from '../platform/services.js';
import type {} from './provided-context.js';

let counter = 0;

function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export interface TestContext {
  url: string;
  database: DatabaseHandle;
  services: Services;
  clock: ReturnType<typeof fixedClock>;
  masterKey: Buffer;
  /** Every log line written by the app and services, for asserting what logs contain. */
  logLines: string[];
  close(): Promise<void>;
}

/** Creates a fresh database for the calling test file and wires the services to it. */
export async function createTestContext(
  options: {
    businessDate?: string;
    start?: Date;
    dailyRunPartitionSize?: number;
    cleanLoansInSql?: boolean;
    channels?: ChannelsConfig;
  } = {},
): Promise<TestContext> {
  const adminUrl = inject('testDbAdminUrl');
  const template = inject('testDbTemplate');
  counter += 1;
  const name = `hk_test_${process.pid}_${counter}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  // A template cannot be copied while others are connected to it; retry briefly if busy.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
      break;
    } catch (err) {
      if (attempt >= 20) throw err;
      await new Promise((r) => setTimeout(r, 100 + attempt * 50));
    }
  }
  const url = withDatabase(adminUrl, name);
  const database = openDatabase(url, { max: 10 });
  const clock = fixedClock(options.start ?? new Date('2026-11-28T02:00:00.000Z'));
  const masterKey = randomBytes(32);
  const services = createServices({
    db: database.db,
    keys: deriveKeys(masterKey),
    clock,
    timeZone: 'Asia/Shanghai',
    institutionName: '测试小额贷款有限公司',
    databaseMode: 'external',
    sessionTtlMinutes: 30,
    ...(options.dailyRunPartitionSize ? { dailyRunPartitionSize: options.dailyRunPartitionSize } : {}),
    ...(options.cleanLoansInSql === false ? { dailyRunCleanLoansInSql: false } : {}),
    ...(options.channels ? { channels: options.channels } : {}),
  });
  if (options.businessDate) {
    await services.uow.repositories.settings.set('business_date', options.businessDate, clock.now(), null);
  }
  const logLines: string[] = [];
  return {
    url,
    database,
    services,
    clock,
    masterKey,
    logLines,
    close: async () => {
      await database.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Builds the HTTP app on a test context, capturing its logs in `ctx.logLines`. */
export async function createTestApp(
  ctx: TestContext,
  options: { bodyLimit?: number } = {},
): Promise<FastifyInstance> {
  const sink = new Writable({
    write(chunk, _encoding, done) {
      ctx.logLines.push(String(chunk));
      done();
    },
  });
  const app = await buildApp({
    services: ctx.services,
    logger: createLogger({ level: 'info', destination: sink }),
    webDist: null,
    secureCookies: false,
    version: 'test',
    ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
  });
  await app.ready();
  return app;
}
