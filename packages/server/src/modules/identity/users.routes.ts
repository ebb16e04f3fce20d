import { AdminCreateUser } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { TeamView, UserIdParams, UserView } from './identity.schemas.js';

export const usersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { identity } = opts.services;

  app.get(
    '/users',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['users'],
        summary: 'List users',
        response: { 200: z.object({ items: z.array(UserView) }), ...authErrors },
      },
    },
    async () => ({ items: await identity.listUsers() }),
  );

  app.post(
    '/users',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Create a user',
        body: AdminCreateUser,
        response: { 201: UserView, ...authErrors, 409: ProblemResponse },
      },
    },
    async (request, reply) => {
      const user = await identity.createUser(request.body, actorOf(request));
      return reply.status(201).send(user);
    },
  );

  app.post(
    '/users/:id/disable',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['users'],
        summary: 'Disable a user and end their sessions',
        params: UserIdParams,
        response: { 200: UserView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => identity.disableUser({ id: request.params.id }, actorOf(request)),
  );

  app.get(
    '/teams',
    {
      config: { access: 'users.read' },
      schema: {
        tags: ['users'],
        summary: 'List teams',
        response: { 200: z.object({ items: z.array(TeamView) }), ...authErrors },
      },
    },
    async () => ({ items: await identity.listTeams() }),
  );
};
