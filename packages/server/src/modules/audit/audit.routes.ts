import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';

const AuditEventView = z.object({
  seq: z.number().int(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  targetType: z.string(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  requestId: z.string().nullable(),
});

export const auditRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { audit } = opts.services;

  app.get(
    '/audit/events',
    {
      config: { access: 'audit.read' },
      schema: {
        tags: ['audit'],
        summary: 'Audit events, newest first',
        querystring: z
          .object({
            limit: z.coerce.number().int().min(1).max(500).default(50),
            beforeSeq: z.coerce.number().int().min(1).optional(),
            action: z.string().max(100).optional(),
          })
          .strict(),
        response: {
          200: z.object({ items: z.array(AuditEventView), nextBeforeSeq: z.number().int().nullable() }),
          ...authErrors,
        },
      },
    },
    async (request) =>
      audit.list({
        beforeSeq: request.query.beforeSeq ?? null,
        limit: request.query.limit,
        action: request.query.action,
      }),
  );

  app.post(
    '/audit/verify',
    {
      config: { access: 'audit.verify' },
      schema: {
        tags: ['audit'],
        summary: 'Verify the hash chain and report the first broken link',
        response: {
          200: z.object({
            ok: z.boolean(),
            checked: z.number().int(),
            firstBroken: z
              .object({
                seq: z.number().int(),
                reason: z.enum(['hash_mismatch', 'prev_hash_mismatch', 'sequence_gap']),
                expected: z.string(),
                actual: z.string(),
              })
              .nullable(),
          }),
          ...authErrors,
        },
      },
    },
    async () => audit.verify(),
  );
};
