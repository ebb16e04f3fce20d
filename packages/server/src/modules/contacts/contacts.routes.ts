import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  AttemptIdParams,
  CaseIdParams,
  CollectorLogCall,
  CollectorRecordOutcome,
  CollectorStartContact,
  ContactAttemptView,
  LoggedCallView,
  StartContactView,
} from './contacts.schemas.js';

export const contactsRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { contacts } = opts.services;

  app.post(
    '/contact-attempts',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['contacts'],
        summary: 'Dial or visit: the compliance gate decides first, and the decision is stored either way',
        description:
          'Allowed: 201 with the attempt (in progress) and the decision. Refused: 409 CONTACT_DENIED whose ' +
          '`decision` names the rule, the bilingual reason, the citation and the next allowed time. A third ' +
          'party (spouse, emergency contact, employer, other) needs one of the approved scripts ' +
          '(GET /compliance/third-party-scripts); a visit needs two active collectors.',
        body: CollectorStartContact,
        response: {
          201: StartContactView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request, reply) => reply.status(201).send(await contacts.start(request.body, request.user!)),
  );

  app.post(
    '/contact-attempts/:id/outcome',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['contacts'],
        summary: 'Record how a call or visit went (connected, conversation, outcome code, note, recording)',
        description:
          'A connected call and every visit need a recording reference (cn.recording). The note is screened ' +
          'and its findings are returned as warnings (noteFindings). `refused` marks the contact as never to ' +
          'be contacted again.',
        params: AttemptIdParams,
        body: CollectorRecordOutcome,
        response: {
          200: ContactAttemptView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request) => contacts.recordOutcome(request.params.id, request.body, request.user!),
  );

  app.post(
    '/contact-attempts/logged-calls',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['contacts'],
        summary: 'Log a call made outside the dial button; the gate judges it at the time it was made',
        description:
          'The call happened, so it is always recorded; if the gate would have refused it, the attempt carries ' +
          'the breached rule (breach: true) and shows in the compliance console.',
        body: CollectorLogCall,
        response: { 201: LoggedCallView, ...authErrors, 404: ProblemResponse, 422: ProblemResponse },
      },
    },
    async (request, reply) => reply.status(201).send(await contacts.logCall(request.body, request.user!)),
  );

  app.get(
    '/contact-attempts/:id',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['contacts'],
        summary: 'One contact attempt',
        params: AttemptIdParams,
        response: { 200: ContactAttemptView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => contacts.attempt(request.params.id),
  );

  app.get(
    '/cases/:id/contact-attempts',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['contacts'],
        summary: "A case's contact attempts, newest first",
        params: CaseIdParams,
        response: {
          200: z.object({ items: z.array(ContactAttemptView) }),
          ...authErrors,
          404: ProblemResponse,
        },
      },
    },
    async (request) => ({ items: await contacts.attemptsOfCase(request.params.id, request.user!) }),
  );
};
