/**
 * The API server of the `api` benchmark, as its own process: `huikuan serve --role api` with a
 * clock standing still at HUIKUAN_BENCH_CLOCK (default 2026-11-28T02:00:00Z, 10:00 Asia/Shanghai),
 * so the compliance gate's quiet hours and daily caps judge every dial at the same daytime instant.
 * The CLI has no clock option: production reads the wall clock. Prints `listening <url>` once up.
 */
import { fixedClock } from '../packages/server/dist/platform/clock.js';
import { loadConfig } from '../packages/server/dist/platform/config.js';
import { createLogger } from '../packages/server/dist/platform/logger.js';
import { startRuntime } from '../packages/server/dist/platform/runtime.js';
import { serve } from '../packages/server/dist/platform/server.js';

const at = new Date(process.env.HUIKUAN_BENCH_CLOCK ?? '2026-11-28T02:00:00Z');
const config = loadConfig();
const logger = createLogger({ level: config.logLevel });
const runtime = await startRuntime(config, { logger, clock: fixedClock(at), migrate: false });
const server = await serve(runtime, { role: 'api', port: config.port, host: '127.0.0.1', logger });
process.stdout.write(`listening ${server.url}\n`);
let stopping = false;
process.on('SIGTERM', () => {
  if (stopping) return;
  stopping = true;
  void server
    .stop()
    .finally(() => runtime.close())
    .finally(() => process.exit(0));
});
