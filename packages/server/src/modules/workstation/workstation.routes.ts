import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { CaseIdParams } from '../contacts/contacts.schemas.js';
import {
  ActionCodesBody,
  ActionCodesView,
  ChangesQuery,
  ChangesView,
  NextCaseView,
  QueueQuery,
  QueueView,
  WorkspaceView,
} from './workstation.schemas.js';

export const workstationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { workstation } = opts.services;

  app.get(
    '/workstation/queue',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['workstation'],
        summary: '我的队列 the open cases I hold (scope=team: my teams’ too), highest priority first',
        description:
          "Ordered by today's top pending call task (the strategy step's priority), then the nearest " +
          'promised date, then the overdue amount.',
        querystring: QueueQuery,
        response: { 200: QueueView, ...authErrors },
      },
    },
    async (request) => workstation.queue(request.user!, request.query.scope, request.query.limit),
  );

  app.get(
    '/workstation/next',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['workstation'],
        summary: '下一案件 the highest-priority case of my queue not yet attempted today and not on hold',
        response: { 200: NextCaseView, ...authErrors },
      },
    },
    async (request) => workstation.next(request.user!),
  );

  app.get(
    '/workstation/changes',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['workstation'],
        summary: 'Case events on my cases after a cursor (poll to refresh when a payment arrives)',
        description: 'Without `after`: the current cursor and no events. Then pass the returned cursor.',
        querystring: ChangesQuery,
        response: { 200: ChangesView, ...authErrors },
      },
    },
    async (request) => workstation.changes(request.user!, request.query.after),
  );

  app.get(
    '/cases/:id/workspace',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['workstation'],
        summary:
          'The whole case on one page: customer (masked), loan and schedule, today’s actions and why, promises, script, timeline',
        params: CaseIdParams,
        response: { 200: WorkspaceView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => workstation.workspace(request.params.id, request.user!),
  );

  app.get(
    '/settings/action-codes',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['workstation'],
        summary: '行动码 the action codes a call or visit outcome is recorded with',
        response: { 200: ActionCodesView, ...authErrors },
      },
    },
    async () => ({ items: await workstation.actionCodes() }),
  );

  app.put(
    '/settings/action-codes',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['workstation'],
        summary:
          'Replace the action code list (shipped codes may be relabelled or retired, not removed); audited',
        body: ActionCodesBody,
        response: { 200: ActionCodesView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => ({ items: await workstation.setActionCodes(request.body.items, actorOf(request)) }),
  );
};
