/**
 * `huikuan serve`: the API (with the web UI) and/or the workers in one process.
 */
import { formatMessage } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from '../http/app.js';
import { type JobQueue, startJobs } from '../jobs/jobs.js';
import type { Runtime } from './runtime.js';
import { DEFAULT_WEB_DIST, VERSION } from './version.js';

export type ServeRole = 'api' | 'worker' | 'all';

export interface RunningServer {
  url: string | null;
  app: FastifyInstance | null;
  jobs: JobQueue;
  stop(): Promise<void>;
}

export async function serve(
  runtime: Runtime,
  options: { role: ServeRole; port: number; host: string; logger: Logger },
): Promise<RunningServer> {
  const { config, services } = runtime;
  if (options.role !== 'api') {
    // Aliyun and Tencent send only registered templates. An approved SMS template without a
    // registration does not stop the platform (calls, payments and other channels go on, and a
    // provider's review takes days): it is named here, and each of its messages fails with the code.
    for (const gap of await services.dispatch.smsTemplateGaps()) {
      options.logger.warn(
        { code: gap.code, template: gap.params.code },
        formatMessage(gap.code, 'en-US', gap.params),
      );
    }
  }
  const jobs = await startJobs({
    databaseUrl: runtime.databaseUrl,
    services,
    logger: options.logger,
    work: options.role !== 'api',
    timeZone: config.timeZone,
    dailyRunAt: config.dailyRunAt,
  });
  let app: FastifyInstance | null = null;
  let url: string | null = null;
  try {
    if (options.role !== 'worker') {
      app = await buildApp({
        services,
        logger: options.logger,
        webDist: config.webDist ?? DEFAULT_WEB_DIST,
        secureCookies: config.secureCookies,
        version: VERSION,
        launchDailyRun: async (target, actor) => {
          await jobs.send('daily-run.advance', { target, requestedBy: actor.userId });
        },
      });
      await app.listen({ port: options.port, host: options.host });
      const address = app.server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      url = `http://localhost:${port}`;
    }
  } catch (err) {
    await jobs.stop();
    throw err;
  }
  return {
    url,
    app,
    jobs,
    stop: async () => {
      await app?.close();
      await jobs.stop();
    },
  };
}
