/**
 * Background jobs on pg-boss (queues in PostgreSQL, so any worker process on any machine
 * can take them). A typed map from job name to payload; one handler per job.
 */
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { SYSTEM_ACTOR } from '../modules/audit/audit.service.js';
import type { Services } from '../platform/services.js';

/** Job name → payload. */
export interface JobPayloads {
  'identity.purge-expired': Record<string, never>;
  /** Run every missing day up to `target` (days in order). */
  'daily-run.advance': { target: string; requestedBy: string | null };
  /** Wake-up: claim and process pending partitions of the run for `asOf`. */
  'daily-run.work': { asOf: string };
  /** The scheduled daily run: up to the business date. */
  'daily-run.scheduled': Record<string, never>;
  /** Every minute: send the due messages through the gate and the provider. */
  'dispatch.tick': Record<string, never>;
  /** Once a day: the analytics summary of the latest rolled-up day by e-mail. */
  'analytics.daily-summary': Record<string, never>;
}
export type JobName = keyof JobPayloads;

type Handler<N extends JobName> = (payload: JobPayloads[N]) => Promise<unknown>;

export interface JobQueue {
  send<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string | null>;
  stop(): Promise<void>;
}

/** How many extra workers a new day's run wakes (each claims partitions until none are left). */
const DAILY_RUN_WAKE_UPS = 8;

function handlers(services: Services, queue: Pick<JobQueue, 'send'>): { [N in JobName]: Handler<N> } {
  const advance = (target: string, requestedBy: string | null) =>
    services.dailyRun.runUpTo(
      target,
      { ...SYSTEM_ACTOR, userId: requestedBy },
      {
        onDayStart: async (run) => {
          const n = Math.min(DAILY_RUN_WAKE_UPS, Math.max(0, run.partitions - 1));
          for (let i = 0; i < n; i += 1) await queue.send('daily-run.work', { asOf: run.asOf });
        },
      },
    );
  return {
    'identity.purge-expired': async () => services.identity.purgeExpired(),
    'daily-run.advance': async ({ target, requestedBy }) =>
      (await advance(target, requestedBy)).map((r) => r.asOf),
    'daily-run.work': async ({ asOf }) => ({ partitions: await services.dailyRun.work(asOf) }),
    'daily-run.scheduled': async () =>
      (await advance(await services.system.businessDate(), null)).map((r) => r.asOf),
    // Drains: pages until one comes back short or ~50 s pass (the next tick takes over).
    'dispatch.tick': async () => services.dispatch.drain(50_000),
    // No recipients set: nothing to send, not a failure to retry.
    'analytics.daily-summary': async () =>
      (await services.analyticsSummary.recipients()).length === 0
        ? { skipped: 'no recipients' }
        : services.analyticsSummary.sendDaily().then((s) => ({ day: s.day, sent: s.results.length })),
  };
}

/**
 * Starts pg-boss in its own schema. With `work`, this process also takes jobs (role
 * worker or all); otherwise it only enqueues (role api).
 */
export async function startJobs(options: {
  databaseUrl: string;
  services: Services;
  logger: Logger;
  work: boolean;
  timeZone: string;
  /** HH:MM local time of the scheduled daily run, or null. */
  dailyRunAt: string | null;
}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    max: 5,
    application_name: 'huikuan-jobs',
  });
  boss.on('error', (err) => options.logger.error({ err: err.message }, 'job queue error'));
  await boss.start();
  const queue: JobQueue = {
    send: (name, payload) =>
      boss.send(name, payload, { retryLimit: 3, retryDelay: 5, expireInSeconds: 3600 }),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
  const all = handlers(options.services, queue);
  for (const name of Object.keys(all) as JobName[]) await boss.createQueue(name);
  if (options.work) {
    await boss.schedule('identity.purge-expired', '*/15 * * * *', {}, { tz: options.timeZone });
    await boss.schedule('dispatch.tick', '* * * * *', {}, { tz: options.timeZone });
    // 08:00 local: after the night's daily run has written yesterday's rollups.
    await boss.schedule('analytics.daily-summary', '0 8 * * *', {}, { tz: options.timeZone });
    if (options.dailyRunAt) {
      const [hh, mm] = options.dailyRunAt.split(':').map(Number) as [number, number];
      await boss.schedule('daily-run.scheduled', `${mm} ${hh} * * *`, {}, { tz: options.timeZone });
    } else {
      await boss.unschedule('daily-run.scheduled');
    }
    for (const name of Object.keys(all) as JobName[]) {
      const handler = all[name] as Handler<JobName>;
      // Poll twice a second (pg-boss's minimum): queue latency must not dominate a daily run.
      // Each job logs its queue latency (enqueued → started) so it can be watched.
      await boss.work<JobPayloads[JobName]>(
        name,
        { pollingIntervalSeconds: 0.5, includeMetadata: true },
        async (jobs) => {
          for (const job of jobs) {
            const queueLatencyMs = Date.now() - new Date(job.createdOn).getTime();
            const started = performance.now();
            const result = await handler(job.data);
            options.logger.info(
              {
                job: name,
                jobId: job.id,
                queueLatencyMs,
                runMs: Math.round(performance.now() - started),
                result,
              },
              'job done',
            );
          }
        },
      );
    }
  }
  return queue;
}
