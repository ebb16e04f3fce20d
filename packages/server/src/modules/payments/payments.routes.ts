import { OperatorPostPayment, OperatorReversePayment } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  IdempotencyHeaders,
  LoanChargesView,
  LoanRefParams,
  PaymentTargetParams,
  PaymentView,
  PostPaymentView,
  ReversePaymentView,
} from './payments.schemas.js';

export const paymentsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { payments, loanCharges } = opts.services;

  app.post(
    '/payments',
    {
      config: { access: 'payments.post' },
      schema: {
        tags: ['payments'],
        summary: 'Post a payment: allocate it by the waterfall and update the loan and its case at once',
        description:
          'Idempotent twice over: on the payment reference (sourceRef: the same payment again returns the ' +
          'existing one with 200, a different payment under the same reference is a 409) and on the optional ' +
          'Idempotency-Key header (a replay returns the original status and body; the key with a different ' +
          'body is a 422).',
        headers: IdempotencyHeaders,
        body: OperatorPostPayment,
        response: {
          200: PostPaymentView,
          201: PostPaymentView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      const outcome = await payments.post(request.body, actorOf(request), {
        idempotencyKey: request.headers['idempotency-key'],
      });
      if (outcome.replayed) reply.header('idempotent-replayed', 'true');
      return reply.status(outcome.statusCode).send(outcome.body);
    },
  );

  app.post(
    '/payments/:id/reverse',
    {
      config: { access: 'payments.post' },
      schema: {
        tags: ['payments'],
        summary: 'Reverse a payment (bounced or posted in error), restoring what it changed',
        description: 'The :id is the payment id or its source reference.',
        params: PaymentTargetParams,
        body: OperatorReversePayment,
        response: { 200: ReversePaymentView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) => payments.reverse(request.params.id, request.body.reason, actorOf(request)),
  );

  app.get(
    '/loans/:ref/payments',
    {
      config: { access: 'portfolio.read' },
      schema: {
        tags: ['payments'],
        summary: "A loan's payments, oldest first, with their allocation",
        params: LoanRefParams,
        response: { 200: z.object({ items: z.array(PaymentView) }), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => ({ items: await payments.listForLoan(request.params.ref) }),
  );

  app.get(
    '/loans/:ref/charges',
    {
      config: { access: 'portfolio.read' },
      schema: {
        tags: ['payments'],
        summary: "How the loan's penalty, compound interest and late fees were computed, and its balances",
        params: LoanRefParams,
        response: { 200: LoanChargesView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => loanCharges.explain(request.params.ref),
  );
};
