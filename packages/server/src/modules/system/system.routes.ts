import { AdminSetBusinessDate } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';

export const systemRoutes: FastifyPluginAsyncZod<{ services: Services; version: string }> = async (
  app,
  opts,
) => {
  const { system, info } = opts.services;

  app.get(
    '/health',
    {
      config: { access: 'public' },
      schema: {
        tags: ['system'],
        summary: 'Liveness and database reachability',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    async () => {
      await system.businessDate();
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/system/info',
    {
      config: { access: 'system.read' },
      schema: {
        tags: ['system'],
        summary: 'Institution, business date and time zone',
        response: {
          200: z.object({
            institutionName: z.string(),
            businessDate: z.string(),
            timeZone: z.string(),
            version: z.string(),
            databaseMode: z.enum(['embedded', 'external']),
          }),
          ...authErrors,
        },
      },
    },
    async () => ({
      institutionName: info.institutionName,
      businessDate: await system.businessDate(),
      timeZone: info.timeZone,
      version: opts.version,
      databaseMode: info.databaseMode,
    }),
  );

  app.put(
    '/system/business-date',
    {
      config: { access: 'system.business_date.set' },
      schema: {
        tags: ['system'],
        summary: 'Move the business date forward',
        body: AdminSetBusinessDate,
        response: { 200: z.object({ businessDate: z.string() }), ...authErrors, 409: ProblemResponse },
      },
    },
    async (request) => ({ businessDate: await system.setBusinessDate(request.body.date, actorOf(request)) }),
  );
};
