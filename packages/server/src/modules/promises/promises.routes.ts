import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { CaseIdParams } from '../contacts/contacts.schemas.js';
import {
  CollectorCancelPromise,
  CollectorTakePromise,
  PromiseIdParams,
  PromisePolicySchema,
  PromiseView,
} from './promises.schemas.js';

export const promisesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { promises } = opts.services;

  app.post(
    '/cases/:id/promises',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['promises'],
        summary:
          '承诺还款 take a promise to pay: an amount up to what is overdue, by a date within the limit',
        description:
          'The amount must be positive and at most the overdue total today (PROMISE_EXCEEDS_BALANCE); the date ' +
          'from the business date to maxDaysAhead days after it (PROMISE_DATE_PAST, PROMISE_DATE_TOO_FAR). One ' +
          'pending promise per case (409 PROMISE_ALREADY_PENDING). The promise is kept as soon as payments ' +
          'received since reach the amount, and broken (or partly kept) by the daily run once the date and ' +
          'the grace days have passed; a broken promise re-plans the case that day.',
        params: CaseIdParams,
        body: CollectorTakePromise,
        response: {
          201: PromiseView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await promises.take(request.params.id, request.body, request.user!, request.id)),
  );

  app.get(
    '/cases/:id/promises',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['promises'],
        summary: "A case's promises to pay, newest first",
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(PromiseView) }), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => ({ items: await promises.ofCase(request.params.id, request.user!) }),
  );

  app.post(
    '/promises/:id/cancel',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['promises'],
        summary: 'Cancel a pending promise, with the reason',
        params: PromiseIdParams,
        body: CollectorCancelPromise,
        response: { 200: PromiseView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) => promises.cancel(request.params.id, request.body.reason, request.user!, request.id),
  );

  app.get(
    '/settings/promise-policy',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['promises'],
        summary: 'The promise rules: the latest promised date and the grace days',
        response: { 200: PromisePolicySchema, ...authErrors },
      },
    },
    async () => promises.policy(),
  );

  app.put(
    '/settings/promise-policy',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['promises'],
        summary: 'Change the promise rules (audited)',
        body: PromisePolicySchema,
        response: { 200: PromisePolicySchema, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => promises.setPolicy(request.body, actorOf(request)),
  );
};
