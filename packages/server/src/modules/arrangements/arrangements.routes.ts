import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { CaseIdParams } from '../contacts/contacts.schemas.js';
import {
  ArrangementDecisionBody,
  ArrangementIdParams,
  ArrangementReasonBody,
  ArrangementVersionBody,
  ArrangementView,
  AuthorityMatrixView,
  COMMITMENT_DOCUMENT_MAX_BYTES,
  CollectorAttachCommitment,
  CollectorProposeArrangement,
  DocumentParams,
  InboxItemView,
} from './arrangements.schemas.js';

const conflictErrors = { 404: ProblemResponse, 409: ProblemResponse, 422: ProblemResponse };

export const arrangementsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { arrangements } = opts.services;

  app.post(
    '/cases/:id/arrangements',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['arrangements'],
        summary:
          '协商还款 propose an arrangement: the new schedule is computed, checked and saved as a draft',
        description:
          'Kinds: extension (unpaid installments move by N days or months), installment_plan (the overdue ' +
          'total split into N monthly installments), partial_payment (an amount by a date; the rest stays), ' +
          'settlement (an amount by a date; the rest waived: penalty, fees, interest — not principal by ' +
          'default). Refused with a coded 422 when the terms do not fit the debt, the policy or the all-in ' +
          'cost cap; 409 ARRANGEMENT_ALREADY_OPEN while another is submitted or in force. Nothing is saved ' +
          'on refusal. The response is the preview: replaced installments, new installments, commitment ' +
          'lines, waiver and its share.',
        params: CaseIdParams,
        body: CollectorProposeArrangement,
        response: { 201: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await arrangements.propose(request.params.id, request.body, request.user!, request.id)),
  );

  app.get(
    '/cases/:id/arrangements',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['arrangements'],
        summary: "A case's arrangements, newest first",
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(ArrangementView) }), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => ({ items: await arrangements.ofCase(request.params.id, request.user!) }),
  );

  app.get(
    '/arrangements/inbox',
    {
      config: { access: 'arrangements.approve' },
      schema: {
        tags: ['arrangements'],
        summary: '审批收件箱 submitted arrangements in your scope, earliest answer deadline first',
        description:
          'Each with its SLA state (on-time, due-soon in the last 2 working days, overdue past the ' +
          '7-working-day deadline) and whether you may decide it (not your own; within your authority).',
        response: { 200: z.object({ items: z.array(InboxItemView) }), ...authErrors },
      },
    },
    async (request) => ({ items: await arrangements.inbox(request.user!) }),
  );

  app.get(
    '/arrangements/:id',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['arrangements'],
        summary: 'One arrangement',
        params: ArrangementIdParams,
        response: { 200: ArrangementView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => arrangements.byId(request.params.id, request.user!),
  );

  app.get(
    '/arrangements/:id/steps',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['arrangements'],
        summary:
          'The approval chain of an arrangement: proposed, commitment, submitted, decided, completed/broken',
        params: ArrangementIdParams,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                action: z.string(),
                actor: z.string().nullable(),
                onDate: z.string(),
                at: z.string(),
                detail: z.unknown(),
              }),
            ),
          }),
          ...authErrors,
          404: ProblemResponse,
        },
      },
    },
    async (request) => ({ items: await arrangements.steps(request.params.id, request.user!) }),
  );

  app.post(
    '/arrangements/:id/commitment',
    {
      config: { access: 'cases.work' },
      bodyLimit: COMMITMENT_DOCUMENT_MAX_BYTES * 2,
      schema: {
        tags: ['arrangements'],
        summary: "书面承诺 record the debtor's written commitment: an SMS confirmation or a document",
        description:
          'kind sms: the reference of the confirming message. kind document: PDF, JPEG or PNG up to 2 MB, ' +
          'base64; the content must match the declared type (ARRANGEMENT_DOCUMENT_INVALID). Drafts only.',
        params: ArrangementIdParams,
        body: CollectorAttachCommitment,
        response: { 200: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request) =>
      arrangements.attachCommitment(request.params.id, request.body, request.user!, request.id),
  );

  app.get(
    '/arrangements/:id/documents/:documentId',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['arrangements'],
        summary: 'Download a commitment document',
        params: DocumentParams,
        response: {
          200: z.any().meta({ description: 'The document, as uploaded' }),
          ...authErrors,
          404: ProblemResponse,
        },
      },
    },
    async (request, reply) => {
      const doc = await arrangements.document(request.params.id, request.params.documentId, request.user!);
      return reply
        .header('content-type', doc.media_type)
        .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(doc.file_name)}`)
        .send(doc.content);
    },
  );

  app.post(
    '/arrangements/:id/submit',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['arrangements'],
        summary: 'Submit a draft for approval (needs the commitment); the 7-working-day answer clock starts',
        params: ArrangementIdParams,
        body: ArrangementVersionBody,
        response: { 200: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request) =>
      arrangements.submit(request.params.id, request.body.version, request.user!, request.id),
  );

  app.post(
    '/arrangements/:id/approve',
    {
      config: { access: 'arrangements.approve' },
      schema: {
        tags: ['arrangements'],
        summary:
          '审批通过 approve: the schedule is rewritten, the waiver recorded, the case updated — one transaction',
        description:
          'Four eyes: not the proposer or submitter (403 ARRANGEMENT_FOUR_EYES). The waiver must be within ' +
          'one of your roles’ rows of the authority matrix (403 ARRANGEMENT_BEYOND_AUTHORITY). A stale ' +
          'version is 409 ARRANGEMENT_VERSION_STALE; a loan changed under the plan (a payment) 409 ' +
          'ARRANGEMENT_FIGURES_CHANGED. Nothing is changed on refusal.',
        params: ArrangementIdParams,
        body: ArrangementDecisionBody,
        response: { 200: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request) => arrangements.approve(request.params.id, request.body, request.user!, request.id),
  );

  app.post(
    '/arrangements/:id/reject',
    {
      config: { access: 'arrangements.approve' },
      schema: {
        tags: ['arrangements'],
        summary: '驳回 reject a submitted arrangement, with the reason (four eyes)',
        params: ArrangementIdParams,
        body: ArrangementReasonBody,
        response: { 200: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request) => arrangements.reject(request.params.id, request.body, request.user!, request.id),
  );

  app.post(
    '/arrangements/:id/cancel',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['arrangements'],
        summary: 'Withdraw a draft or submitted arrangement, with the reason',
        params: ArrangementIdParams,
        body: ArrangementReasonBody,
        response: { 200: ArrangementView, ...authErrors, ...conflictErrors },
      },
    },
    async (request) => arrangements.cancel(request.params.id, request.body, request.user!, request.id),
  );

  app.get(
    '/settings/arrangement-authority',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['arrangements'],
        summary: 'The authority matrix: per role, the largest waiver share and amount it may approve',
        response: { 200: AuthorityMatrixView, ...authErrors },
      },
    },
    async () => [...(await arrangements.authorityMatrix())],
  );

  app.put(
    '/settings/arrangement-authority',
    {
      config: { access: 'users.manage' },
      schema: {
        tags: ['arrangements'],
        summary: 'Replace the authority matrix (validated, audited)',
        body: z.array(z.unknown()),
        response: { 200: AuthorityMatrixView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => [...(await arrangements.setAuthorityMatrix(request.body, actorOf(request)))],
  );
};
