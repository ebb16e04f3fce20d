/**
 * Starts a real Huikuan (API, workers and the built web UI) on a fresh test database
 * with the demo logins and a small demo portfolio, for the browser tests.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SYSTEM_ACTOR } from '../packages/server/src/modules/audit/audit.service.js';
import { loadConfig } from '../packages/server/src/platform/config.js';
import { createLogger } from '../packages/server/src/platform/logger.js';
import type { Runtime } from '../packages/server/src/platform/runtime.js';
import { serve } from '../packages/server/src/platform/server.js';
import type { Services } from '../packages/server/src/platform/services.js';
import { createTestContext, type TestContext } from '../packages/server/src/test/test-database.js';

export const WEB_DIST = fileURLToPath(new URL('../packages/web/dist', import.meta.url));

/**
 * Starts Huikuan with `loans` demo loans (300 unless given) on a clock standing at `start`
 * (the real time unless given), and returns its URL, its services, the clock (to move it, as
 * a test of calling hours must) and the database (to set a test's case up).
 */
export async function startHuikuan(options: { loans?: number; start?: Date } = {}): Promise<{
  baseUrl: string;
  services: Services;
  clock: TestContext['clock'];
  database: TestContext['database'];
  stop(): Promise<void>;
}> {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error(`The web UI is not built (${WEB_DIST}); run "npm run build" first (npm test does).`);
  }
  // Real time by default: the browser judges cookies by its own clock. A given start may run
  // ahead of the browser's clock, never behind, so that session cookies stay valid.
  const ctx = await createTestContext({ start: options.start ?? new Date() });
  await ctx.services.demo.generate({ loans: options.loans ?? 300, seed: 'e2e' }, SYSTEM_ACTOR);
  await ctx.services.demo.ensureDemoUsers();
  const config = loadConfig({}, { webDist: WEB_DIST, databaseUrl: ctx.url, port: 0, host: '127.0.0.1' });
  const runtime: Runtime = {
    config,
    databaseUrl: ctx.url,
    database: ctx.database,
    services: ctx.services,
    close: () => ctx.close(),
  };
  const server = await serve(runtime, {
    role: 'all',
    port: 0,
    host: '127.0.0.1',
    logger: createLogger({ level: 'warn' }),
  });
  return {
    baseUrl: server.url!.replace('localhost', '127.0.0.1'),
    services: ctx.services,
    clock: ctx.clock,
    database: ctx.database,
    stop: async () => {
      await server.stop();
      await runtime.close();
    },
  };
}
