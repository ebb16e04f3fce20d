import { CodedError } from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  GATEWAY_SIGNATURE_HEADER,
  GATEWAY_TIMESTAMP_HEADER,
  verifyGatewaySignature,
} from '../channels/providers/gateway-signature.js';

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const ReceiptBody = z
  .object({ messageId: z.string().min(1).max(200), status: z.enum(['delivered', 'failed']) })
  .strict();

export const dispatchRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { dispatch, contacts } = opts.services;

  app.get(
    '/outbox',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['dispatch'],
        summary:
          'The sandbox outbox: messages the sandbox provider received, newest first (recipients masked)',
        querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }).strict(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                channel: z.string(),
                to: z.string(),
                subject: z.string().nullable(),
                body: z.string(),
                receivedAt: z.string(),
                caseId: z.string(),
                templateCode: z.string().nullable(),
              }),
            ),
          }),
          ...authErrors,
        },
      },
    },
    async (request) => ({
      items: (await dispatch.outbox(request.query.limit)).map((o) => ({
        id: o.id,
        channel: o.channel,
        to: o.to_masked,
        subject: o.subject,
        body: o.body,
        receivedAt: o.received_at.toISOString(),
        caseId: o.case_id,
        templateCode: o.template_code,
      })),
    }),
  );

  app.get(
    '/cases/:id/actions',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['dispatch'],
        summary: "A case's planned actions with why each was planned and what became of it",
        params: z.object({ id: z.uuid() }).strict(),
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.string(),
                stepId: z.string(),
                channel: z.string(),
                templateCode: z.string().nullable(),
                plannedFor: z.string(),
                dueAt: z.string(),
                priority: z.number(),
                status: z.string(),
                segmentCode: z.string(),
                why: Localized,
                cancelReason: z.string().nullable(),
                ruleId: z.string().nullable(),
              }),
            ),
          }),
          ...authErrors,
          404: ProblemResponse,
        },
      },
    },
    async (request) => {
      // The case must be in the user's data scope (404 otherwise, as for its attempts).
      await contacts.attemptsOfCase(request.params.id, request.user!);
      return {
        items: (await dispatch.actionsOfCase(request.params.id)).map((a) => ({
          id: a.id,
          stepId: a.step_id,
          channel: a.channel,
          templateCode: a.template_code,
          plannedFor: a.planned_for,
          dueAt: a.due_at.toISOString(),
          priority: a.priority,
          status: a.status,
          segmentCode: a.segment_code,
          why: a.why_line as z.infer<typeof Localized>,
          cancelReason: a.cancel_reason,
          ruleId: a.rule_id,
        })),
      };
    },
  );

  // Delivery receipts from the SMS gateway: the raw body is needed to check its signature.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, { raw: body as string, json: JSON.parse(body as string) as unknown });
    } catch {
      done(new CodedError('MALFORMED_JSON'), undefined);
    }
  });
  app.post(
    '/message-receipts',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dispatch'],
        summary: 'Delivery receipt from the SMS gateway (HMAC-signed like outbound requests)',
        description:
          `Headers ${GATEWAY_TIMESTAMP_HEADER} (Unix seconds) and ${GATEWAY_SIGNATURE_HEADER} = hex HMAC-SHA256(secret, ` +
          '"<timestamp>.<raw body>"); body {messageId (the gateway\'s id), status: delivered | failed}. A bad ' +
          'signature or an unknown message is 404.',
        response: { 204: z.null(), 400: ProblemResponse, 404: ProblemResponse },
      },
    },
    async (request, reply) => {
      const { raw, json } = request.body as { raw: string; json: unknown };
      const secret = dispatch.receiptSecret;
      const timestamp = String(request.headers[GATEWAY_TIMESTAMP_HEADER.toLowerCase()] ?? '');
      const signature = String(request.headers[GATEWAY_SIGNATURE_HEADER.toLowerCase()] ?? '');
      if (!secret || !verifyGatewaySignature(secret, timestamp, raw, signature, Date.now(), 5 * 60_000)) {
        throw new CodedError('NOT_FOUND');
      }
      const body = ReceiptBody.safeParse(json);
      if (!body.success) throw new CodedError('VALIDATION_FAILED');
      const applied = await dispatch.receipt(
        'http-sms-gateway',
        body.data.messageId,
        body.data.status === 'delivered',
      );
      if (!applied) throw new CodedError('NOT_FOUND');
      return reply.status(204).send(null);
    },
  );
};
