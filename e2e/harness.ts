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
import { createTestContext } from '../packages/server/src/test/test-database.js';

export const WEB_DIST = fileURLToPath(new URL('../packages/web/dist', import.meta.url));

export async function startHuikuan(
  options: { loans?: number } = {},
): Promise<{ baseUrl: string; stop(): Promise<void> }> {
  if (!existsSync(`${WEB_DIST}/index.html`)) {
    throw new Error(`The web UI is not built (${WEB_DIST}); run "npm run build" first (npm test does).`);
  }
  // Real time: the browser judges cookies by its own clock.
  const ctx = await createTestContext({ start: new Date() });
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
    stop: async () => {
      await server.stop();
      await runtime.close();
    },
  };
}
