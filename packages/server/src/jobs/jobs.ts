/**
 * Background jobs on pg-boss (queues in PostgreSQL, so any worker process on any machine
 * can take them). A typed map from job name to payload; one handler per job.
 */
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { Services } from '../platform/services.js';

/** Job name → payload. */
export interface JobPayloads {
  'identity.purge-expired': Record<string, never>;
}
export type JobName = keyof JobPayloads;

type Handler<N extends JobName> = (payload: JobPayloads[N]) => Promise<unknown>;

/** Recurring jobs and their cron schedules (institution time zone). */
const SCHEDULES: { name: JobName; cron: string }[] = [
  { name: 'identity.purge-expired', cron: '*/15 * * * *' },
];

function handlers(services: Services): { [N in JobName]: Handler<N> } {
  return {
    'identity.purge-expired': async () => services.identity.purgeExpired(),
  };
}

export interface JobQueue {
  send<N extends JobName>(name: N, payload: JobPayloads[N]): Promise<string | null>;
  stop(): Promise<void>;
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
}): Promise<JobQueue> {
  const boss = new PgBoss({
    connectionString: options.databaseUrl,
    schema: 'pgboss',
    max: 5,
    application_name: 'huikuan-jobs',
  });
  boss.on('error', (err) => options.logger.error({ err }, 'job queue error'));
  await boss.start();
  const all = handlers(options.services);
  for (const name of Object.keys(all) as JobName[]) await boss.createQueue(name);
  if (options.work) {
    for (const { name, cron } of SCHEDULES) await boss.schedule(name, cron, {}, { tz: options.timeZone });
    for (const name of Object.keys(all) as JobName[]) {
      const handler = all[name] as Handler<JobName>;
      await boss.work<JobPayloads[JobName]>(name, async (jobs) => {
        for (const job of jobs) {
          const result = await handler(job.data);
          options.logger.info({ job: name, jobId: job.id, result }, 'job done');
        }
      });
    }
  }
  return {
    send: (name, payload) => boss.send(name, payload),
    stop: () => boss.stop({ graceful: true, timeout: 10_000 }),
  };
}
