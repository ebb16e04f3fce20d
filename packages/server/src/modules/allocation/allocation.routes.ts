import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import { CaseIdParams } from '../contacts/contacts.schemas.js';
import {
  AllocationPolicySchema,
  AllocationRuleView,
  AssignmentView,
  BulkReassignResult,
  CaseAllocationView,
  CaseListQuery,
  CaseListView,
  CollectorLoadView,
  CollectorRequestSuspension,
  CollectorReturnCase,
  IdParams,
  LeadBulkReassign,
  LeadCreateAllocationRule,
  LeadDecideSuspension,
  LeadReassignCase,
  LeadReleaseSuspension,
  LeadRetireAllocationRule,
  LeadSetCapacity,
  LeadUpdateAllocationRule,
  SuspensionListQuery,
  SuspensionView,
  UserIdParams,
} from './allocation.schemas.js';

export const allocationRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { allocation } = opts.services;

  // ---------------------------------------------------------------- rules and settings

  app.get(
    '/allocation/rules',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: '分案规则 the allocation rules in force, in the order they are tried',
        response: { 200: z.object({ items: z.array(AllocationRuleView) }), ...authErrors },
      },
    },
    async () => ({ items: await allocation.rules() }),
  );

  app.post(
    '/allocation/rules',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Add an allocation rule (conditions, target teams/collectors, method); audited',
        description:
          'Conditions over stage, segment, province, region-code prefix and overdue amount (inclusive bounds); ' +
          'a rule the schema refuses is 422 ALLOCATION_RULE_INVALID with each issue in errors[]; an unknown ' +
          'team or user 422 ALLOCATION_TARGET_UNKNOWN. Agency users may not write rules (403).',
        body: LeadCreateAllocationRule,
        response: { 201: AllocationRuleView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await allocation.createRule(request.body, request.user!, actorOf(request))),
  );

  app.put(
    '/allocation/rules/:id',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Replace a rule, naming the revision it was read at (stale → 409 ALLOCATION_RULE_STALE)',
        params: IdParams,
        body: LeadUpdateAllocationRule,
        response: {
          200: AllocationRuleView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request) =>
      allocation.updateRule(request.params.id, request.body, request.user!, actorOf(request)),
  );

  app.post(
    '/allocation/rules/:id/retire',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Retire a rule (kept for the history of the cases it allocated)',
        params: IdParams,
        body: LeadRetireAllocationRule,
        response: { 204: z.null(), ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request, reply) => {
      await allocation.retireRule(
        request.params.id,
        request.body.expectedRevision,
        request.user!,
        actorOf(request),
      );
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/settings/allocation-policy',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['allocation'],
        summary: 'The allocation settings: automatic allocation, reallocation after N days, default capacity',
        response: { 200: AllocationPolicySchema, ...authErrors },
      },
    },
    async () => allocation.policy(),
  );

  app.put(
    '/settings/allocation-policy',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Change the allocation settings (audited)',
        body: AllocationPolicySchema,
        response: { 200: AllocationPolicySchema, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => allocation.setPolicy(request.body, request.user!, actorOf(request)),
  );

  app.get(
    '/allocation/collectors',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Collectors you may allocate to, with capacity, open cases held and free capacity',
        response: { 200: z.object({ items: z.array(CollectorLoadView) }), ...authErrors },
      },
    },
    async (request) => ({ items: await allocation.collectors(request.user!) }),
  );

  app.put(
    '/allocation/collectors/:userId/capacity',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: "Set a collector's capacity: the most open cases they may hold (audited)",
        params: UserIdParams,
        body: LeadSetCapacity,
        response: { 200: CollectorLoadView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) =>
      allocation.setCapacity(request.params.userId, request.body.capacity, request.user!, actorOf(request)),
  );

  // ---------------------------------------------------------------- cases

  app.get(
    '/allocation/cases',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary:
          '分案列表 the open cases I may allocate, with holder, version and 留案, largest overdue first',
        description:
          "A team lead gets their teams' cases, their own and the unassigned pool; a data scope of all gets the " +
          'whole book. `holder` narrows to one collector or to `unheld` (the pool). Paged, at most 500 a page.',
        querystring: CaseListQuery,
        response: { 200: CaseListView, ...authErrors },
      },
    },
    async (request) => allocation.caseList(request.user!, request.query),
  );

  app.get(
    '/cases/:id/allocation',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['allocation'],
        summary: 'Who holds the case, since when, its version (for changes) and whether it is kept (留案)',
        params: CaseIdParams,
        response: { 200: CaseAllocationView, ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => allocation.caseAllocation(request.params.id, request.user!),
  );

  app.get(
    '/cases/:id/assignments',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['allocation'],
        summary: "A case's assignment history (from, to, why: rule, manual, bulk, return, reallocation)",
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(AssignmentView) }), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => ({ items: await allocation.history(request.params.id, request.user!) }),
  );

  app.post(
    '/cases/:id/assign',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: '手工分案 give the case to a collector, naming the case version you saw',
        description:
          'A stale version is 409 CASE_VERSION_CONFLICT; a disabled user 422 ALLOCATION_USER_DISABLED; a user who ' +
          'may not work cases 422 ALLOCATION_USER_CANNOT_WORK; a collector outside your teams or agency 403 ' +
          'ALLOCATION_TARGET_OUT_OF_SCOPE; a closed case 409 ALLOCATION_CASE_CLOSED. Nothing changes on refusal.',
        params: CaseIdParams,
        body: LeadReassignCase,
        response: {
          200: CaseAllocationView,
          ...authErrors,
          404: ProblemResponse,
          409: ProblemResponse,
          422: ProblemResponse,
        },
      },
    },
    async (request) => allocation.reassign(request.params.id, request.body, request.user!, actorOf(request)),
  );

  app.post(
    '/cases/bulk-assign',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary:
          '批量调案 spread many cases over collectors (round robin or by free capacity), all or nothing',
        description:
          'Any case missing, closed or stale refuses the whole request: 422 ALLOCATION_BULK_REJECTED with each ' +
          'case named in errors[] (path cases.<i>, code CASE_NOT_FOUND, ALLOCATION_CASE_CLOSED, ' +
          'CASE_VERSION_CONFLICT or ALLOCATION_NO_COLLECTOR).',
        body: LeadBulkReassign,
        response: { 200: BulkReassignResult, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => allocation.bulkReassign(request.body, request.user!, actorOf(request)),
  );

  app.post(
    '/cases/:id/return',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['allocation'],
        summary: '退案 give the case back to the unallocated pool, with the reason (its holder or a lead)',
        params: CaseIdParams,
        body: CollectorReturnCase,
        response: { 200: CaseAllocationView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) =>
      allocation.returnCase(request.params.id, request.body, request.user!, actorOf(request)),
  );

  // ---------------------------------------------------------------- 停催 suspensions

  app.post(
    '/cases/:id/suspensions',
    {
      config: { access: 'cases.work' },
      schema: {
        tags: ['allocation'],
        summary: '停催申请 ask to stop all contact on the case, with the reason; another person approves',
        params: CaseIdParams,
        body: CollectorRequestSuspension,
        response: { 201: SuspensionView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(
          await allocation.requestSuspension(
            request.params.id,
            request.body,
            request.user!,
            actorOf(request),
          ),
        ),
  );

  app.get(
    '/cases/:id/suspensions',
    {
      config: { access: 'cases.read' },
      schema: {
        tags: ['allocation'],
        summary: "A case's suspensions, newest first",
        params: CaseIdParams,
        response: { 200: z.object({ items: z.array(SuspensionView) }), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request) => ({ items: await allocation.suspensionsOfCase(request.params.id, request.user!) }),
  );

  app.get(
    '/suspensions',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Suspensions by status (the approval queue by default), newest first',
        querystring: SuspensionListQuery,
        response: { 200: z.object({ items: z.array(SuspensionView) }), ...authErrors },
      },
    },
    async (request) => ({ items: await allocation.suspensions(request.query.status, request.user!) }),
  );

  app.post(
    '/suspensions/:id/approve',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Approve a suspension (never by its requester): a hold stops all contact',
        params: IdParams,
        body: LeadDecideSuspension,
        response: { 200: SuspensionView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) =>
      allocation.approveSuspension(
        request.params.id,
        request.body.note ?? null,
        request.user!,
        actorOf(request),
      ),
  );

  app.post(
    '/suspensions/:id/reject',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Reject a suspension request',
        params: IdParams,
        body: LeadDecideSuspension,
        response: { 200: SuspensionView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) =>
      allocation.rejectSuspension(
        request.params.id,
        request.body.note ?? null,
        request.user!,
        actorOf(request),
      ),
  );

  app.post(
    '/suspensions/:id/release',
    {
      config: { access: 'cases.allocate' },
      schema: {
        tags: ['allocation'],
        summary: 'Release a suspension in force: its hold ends and contact may resume',
        params: IdParams,
        body: LeadReleaseSuspension,
        response: { 200: SuspensionView, ...authErrors, 404: ProblemResponse, 409: ProblemResponse },
      },
    },
    async (request) =>
      allocation.releaseSuspension(request.params.id, request.body.reason, request.user!, actorOf(request)),
  );
};
