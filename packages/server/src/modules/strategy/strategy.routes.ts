import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  ManagerCreateStrategy,
  ManagerEditStrategy,
  ManagerRetireVersion,
  ManagerSimulateStrategy,
  SimulationResult,
  StrategyIdParams,
  StrategyVersionDetail,
  StrategyVersionSummary,
} from './strategy.schemas.js';
import { templatesRoutes } from './templates.routes.js';

const conflictErrors = { ...authErrors, 404: ProblemResponse, 409: ProblemResponse, 422: ProblemResponse };

/** Strategy versions and their simulation; message templates (templates.routes.ts). */
export const strategyRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { strategies } = opts.services;

  app.get(
    '/strategies',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['strategies'],
        summary: 'Strategy versions by code, newest first: status, author, approver, dates, segment count',
        response: { 200: z.object({ items: z.array(StrategyVersionSummary) }), ...authErrors },
      },
    },
    async () => ({ items: await strategies.list() }),
  );

  app.get(
    '/strategies/:id',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['strategies'],
        summary: 'A strategy version: its definition, validation now, and each segment’s condition in words',
        params: StrategyIdParams,
        response: { 200: StrategyVersionDetail, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => strategies.detail(request.params.id),
  );

  app.post(
    '/strategies',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['strategies'],
        summary:
          'Create a draft version from a definition or a copy of a version; it must parse (422 STRATEGY_REJECTED with every issue)',
        body: ManagerCreateStrategy,
        response: { 201: StrategyVersionDetail, ...conflictErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await strategies.create(request.body, actorOf(request))),
  );

  app.put(
    '/strategies/:id',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['strategies'],
        summary:
          'Edit a draft in place: its definition is replaced, checked as for a new draft (422 STRATEGY_REJECTED with every issue, nothing saved); 409 STRATEGY_TRANSITION_INVALID unless a draft, 409 STRATEGY_DRAFT_STALE when expectedRevision is not its revision',
        params: StrategyIdParams,
        body: ManagerEditStrategy,
        response: { 200: StrategyVersionDetail, ...conflictErrors },
      },
    },
    async (request) => strategies.edit(request.params.id, request.body, actorOf(request)),
  );

  app.post(
    '/strategies/:id/submit',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['strategies'],
        summary:
          'Submit a draft for approval: validated against the approved templates; gaps, overlaps, unknown templates … refused with 422 STRATEGY_REJECTED',
        params: StrategyIdParams,
        response: { 200: StrategyVersionDetail, ...conflictErrors },
      },
    },
    async (request) => strategies.submit(request.params.id, actorOf(request)),
  );

  app.post(
    '/strategies/:id/approve',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['strategies'],
        summary:
          'Approve a version in review (not by its author): it becomes active and the previous active version of its code is retired, in one transaction',
        params: StrategyIdParams,
        response: { 200: StrategyVersionDetail, ...conflictErrors },
      },
    },
    async (request) => strategies.approve(request.params.id, actorOf(request)),
  );

  app.post(
    '/strategies/:id/retire',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['strategies'],
        summary:
          'Retire a version (the active version daily planning uses is replaced by approval, not retired)',
        params: StrategyIdParams,
        body: ManagerRetireVersion.nullish(),
        response: { 200: StrategyVersionDetail, ...conflictErrors },
      },
    },
    async (request) => strategies.retire(request.params.id, request.body?.reason, actorOf(request)),
  );

  app.post(
    '/strategies/:id/simulate',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['strategies'],
        summary:
          'Simulate a version over the open book — today’s, or a past business date’s rebuilt from its daily snapshot (asOf) — without side effects: actions by day, channel and segment, call tasks against collector capacity. 422 SIMULATION_DATE_IN_FUTURE, SIMULATION_SNAPSHOT_MISSING, SIMULATION_DATE_INVALID',
        params: StrategyIdParams,
        body: ManagerSimulateStrategy,
        response: { 200: SimulationResult, ...authErrors, 404: ProblemResponse, 422: ProblemResponse },
      },
    },
    async (request) => strategies.simulate(request.params.id, request.body),
  );

  await app.register(templatesRoutes, { services: opts.services });
};
