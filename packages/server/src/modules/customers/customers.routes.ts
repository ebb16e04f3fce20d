import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  CollectorRevealPii,
  CustomerRefParams,
  CustomerSearchQuery,
  CustomerView,
  RevealView,
} from './customers.schemas.js';

export const customersRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { customers } = opts.services;

  app.get(
    '/customers',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['customers'],
        summary: 'Find customers by reference, ID number or phone number (exact; masked results)',
        description:
          'Phone and ID numbers are matched through their keyed hash; nothing is decrypted to search.',
        querystring: CustomerSearchQuery,
        response: { 200: z.object({ items: z.array(CustomerView) }), ...authErrors },
      },
    },
    async (request) => ({ items: await customers.search(request.query.q, request.user!) }),
  );

  app.get(
    '/customers/:ref',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['customers'],
        summary: 'A customer with contacts; ID number, phones and address masked (138****5678)',
        params: CustomerRefParams,
        response: { 200: CustomerView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => customers.customer(request.params.ref, request.user!),
  );

  app.post(
    '/customers/:ref/reveal',
    {
      config: { access: 'pii.reveal' },
      schema: {
        tags: ['customers'],
        summary: 'Reveal one personal-data field in clear; writes an audit event',
        description: 'field: idNumber, mobile, address, or contactPhone (with contactId).',
        params: CustomerRefParams,
        body: CollectorRevealPii,
        response: { 200: RevealView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => customers.reveal(request.params.ref, request.body, request.user!, actorOf(request)),
  );
};
