import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  ComplaintListQuery,
  ComplaintView,
  HoldListQuery,
  HoldView,
  IdParams,
  OperatorLinkAttempts,
  OperatorPlaceHold,
  OperatorRegisterComplaint,
  OperatorReleaseHold,
  OperatorResolveComplaint,
} from './holds.schemas.js';

export const holdsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { holds } = opts.services;

  app.get(
    '/compliance/holds',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['holds'],
        summary: 'Holds: active ones (default) or all, newest first',
        querystring: HoldListQuery,
        response: { 200: z.object({ items: z.array(HoldView) }), ...authErrors },
      },
    },
    async (request) => ({
      items: await holds.holds({
        status: request.query.status,
        ...(request.query.kind ? { kind: request.query.kind } : {}),
        ...(request.query.customerRef ? { customerRef: request.query.customerRef } : {}),
      }),
    }),
  );

  app.post(
    '/holds',
    {
      config: { access: 'holds.place' },
      schema: {
        tags: ['holds'],
        summary: 'Place a hold: no collection contact of the kinds it covers while it is active',
        body: OperatorPlaceHold,
        response: { 201: HoldView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await holds.place(request.body, actorOf(request))),
  );

  app.post(
    '/holds/:id/release',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['holds'],
        summary: 'Release a hold (a complaint’s or dispute’s hold is released by resolving it)',
        params: IdParams,
        body: OperatorReleaseHold,
        response: { 200: HoldView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) => holds.release(request.params.id, request.body.reason, actorOf(request)),
  );

  app.get(
    '/compliance/complaints',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['holds'],
        summary: 'Complaints and disputes with their SLA timers (open ones by default, soonest due first)',
        querystring: ComplaintListQuery,
        response: { 200: z.object({ items: z.array(ComplaintView) }), ...authErrors },
      },
    },
    async (request) => ({
      items: await holds.complaints({
        status: request.query.status,
        ...(request.query.kind ? { kind: request.query.kind } : {}),
      }),
    }),
  );

  app.post(
    '/complaints',
    {
      config: { access: 'holds.place' },
      schema: {
        tags: ['holds'],
        summary: 'Register a complaint or dispute: it starts its SLA timer and stops contact until resolved',
        body: OperatorRegisterComplaint,
        response: { 201: ComplaintView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await holds.register(request.body, actorOf(request))),
  );

  app.post(
    '/complaints/:id/attempts',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['holds'],
        summary: 'Link contact attempts to a complaint or dispute',
        params: IdParams,
        body: OperatorLinkAttempts,
        response: { 200: ComplaintView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => holds.linkAttempts(request.params.id, request.body.attemptIds, actorOf(request)),
  );

  app.post(
    '/complaints/:id/resolve',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['holds'],
        summary: 'Resolve a complaint or dispute; its hold is released',
        params: IdParams,
        body: OperatorResolveComplaint,
        response: { 200: ComplaintView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) => holds.resolve(request.params.id, request.body, actorOf(request)),
  );
};
