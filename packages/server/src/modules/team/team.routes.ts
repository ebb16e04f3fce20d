import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { authErrors } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { TeamConsoleView } from './team.schemas.js';

export const teamRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { team } = opts.services;

  app.get(
    '/team/console',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['team'],
        summary: '团队看板 queue health, today’s contact statistics and per-collector figures of my teams',
        description:
          'A team lead sees the cases held by the members of their teams; a user whose data scope is the ' +
          'whole book (admin) sees everything, unassigned cases included. Today is the business date.',
        response: { 200: TeamConsoleView, ...authErrors },
      },
    },
    async (request) => team.console(request.user!),
  );
};
