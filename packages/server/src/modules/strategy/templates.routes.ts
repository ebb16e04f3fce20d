import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import {
  ManagerCreateTemplate,
  ManagerEditTemplate,
  ManagerPreviewTemplate,
  RetireTemplate,
  TemplateCodeParams,
  TemplateIdParams,
  TemplateListItem,
  TemplatePreviewResult,
  TemplateVersionDetail,
} from './templates.schemas.js';

const conflictErrors = { ...authErrors, 404: ProblemResponse, 409: ProblemResponse, 422: ProblemResponse };

export const templatesRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { templates } = opts.services;

  app.get(
    '/templates',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['templates'],
        summary:
          'Message templates: the latest version of each code and locale, and which version is approved',
        response: { 200: z.object({ items: z.array(TemplateListItem) }), ...authErrors },
      },
    },
    async () => ({ items: await templates.list() }),
  );

  app.get(
    '/templates/review-queue',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['templates'],
        summary: 'Template versions waiting for approval, with their problems, screening matches and preview',
        response: { 200: z.object({ items: z.array(TemplateVersionDetail) }), ...authErrors },
      },
    },
    async () => ({ items: await templates.reviewQueue() }),
  );

  app.get(
    '/templates/:code/:locale/versions',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['templates'],
        summary: 'Every version of a template code and locale, newest first, each checked and previewed',
        params: TemplateCodeParams,
        response: { 200: z.object({ items: z.array(TemplateVersionDetail) }), ...authErrors },
      },
    },
    async (request) => ({ items: await templates.versions(request.params.code, request.params.locale) }),
  );

  app.post(
    '/templates',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['templates'],
        summary: 'Write a new draft version of a template code and locale (a code keeps its channel)',
        body: ManagerCreateTemplate,
        response: { 201: TemplateVersionDetail, ...conflictErrors },
      },
    },
    async (request, reply) => reply.status(201).send(await templates.create(request.body, actorOf(request))),
  );

  app.put(
    '/templates/:id',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['templates'],
        summary:
          'Edit a draft version in place (code, channel and locale stay); 409 TEMPLATE_TRANSITION_INVALID unless a draft, 409 TEMPLATE_DRAFT_STALE when expectedRevision is not its revision. The editor may not approve it',
        params: TemplateIdParams,
        body: ManagerEditTemplate,
        response: { 200: TemplateVersionDetail, ...conflictErrors },
      },
    },
    async (request) => templates.edit(request.params.id, request.body, actorOf(request)),
  );

  app.post(
    '/templates/preview',
    {
      config: { access: 'strategy.read' },
      schema: {
        tags: ['templates'],
        summary:
          'Preview a text with sample values, with its problems and screening matches (stores nothing)',
        body: ManagerPreviewTemplate,
        response: { 200: TemplatePreviewResult, ...authErrors },
      },
    },
    async (request) => templates.preview(request.body),
  );

  app.post(
    '/templates/:id/submit',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['templates'],
        summary: 'Submit a draft for approval: refused with 422 TEMPLATE_INVALID and every problem',
        params: TemplateIdParams,
        response: { 200: TemplateVersionDetail, ...conflictErrors },
      },
    },
    async (request) => templates.submit(request.params.id, actorOf(request)),
  );

  app.post(
    '/templates/:id/approve',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['templates'],
        summary:
          'Approve a version in review (not by its author; no screened phrase, else 422 CONTENT_BLOCKED); the previously approved version is retired',
        params: TemplateIdParams,
        response: { 200: TemplateVersionDetail, ...conflictErrors },
      },
    },
    async (request) => templates.approve(request.params.id, actorOf(request)),
  );

  app.post(
    '/templates/:id/retire',
    {
      config: { access: 'strategy.manage' },
      schema: {
        tags: ['templates'],
        summary: 'Retire a version (the approved text an active strategy uses is replaced, not retired)',
        params: TemplateIdParams,
        body: RetireTemplate.nullish(),
        response: { 200: TemplateVersionDetail, ...conflictErrors },
      },
    },
    async (request) => templates.retire(request.params.id, request.body?.reason, actorOf(request)),
  );
};
