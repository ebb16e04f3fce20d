import { CodedError } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { type AppOptions, actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';

const DailyRunView = z.object({
  asOf: z.string(),
  status: z.enum(['running', 'completed', 'failed']),
  partitions: z.number().int(),
  partitionsDone: z.number().int(),
  loans: z.number().int(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  error: z.string().nullable(),
});

const AsOf = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const dailyRunRoutes: FastifyPluginAsyncZod<{
  services: Services;
  launch: NonNullable<AppOptions['launchDailyRun']>;
}> = async (app, opts) => {
  const { dailyRun, system } = opts.services;

  app.post(
    '/daily-runs',
    {
      config: { access: 'system.business_date.set' },
      schema: {
        tags: ['daily run'],
        summary: 'Start the daily run up to a date (default: the business date); missing days run in order',
        body: z.object({ asOf: AsOf.optional() }).strict(),
        response: {
          202: z.object({ target: z.string(), days: z.array(z.string()) }),
          ...authErrors,
          409: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      const target = request.body.asOf ?? (await system.businessDate());
      const days = await dailyRun.missingDays(target); // refuses bad targets before queueing
      if (days.length > 0) await opts.launch(target, actorOf(request));
      return reply.status(202).send({ target, days });
    },
  );

  app.get(
    '/daily-runs',
    {
      config: { access: 'system.read' },
      schema: {
        tags: ['daily run'],
        summary: 'Recent daily runs with their progress',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(366).default(30) }).strict(),
        response: { 200: z.object({ items: z.array(DailyRunView) }), ...authErrors },
      },
    },
    async (request) => ({ items: await dailyRun.list(request.query.limit) }),
  );

  app.get(
    '/daily-runs/:asOf',
    {
      config: { access: 'system.read' },
      schema: {
        tags: ['daily run'],
        summary: 'One daily run and its progress',
        params: z.object({ asOf: AsOf }).strict(),
        response: { 200: DailyRunView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => {
      const run = await dailyRun.get(request.params.asOf);
      if (!run) throw new CodedError('DAILY_RUN_NOT_FOUND', { date: request.params.asOf });
      return run;
    },
  );
};
