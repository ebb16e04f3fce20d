import {
  addDays,
  CodedError,
  instantOfLocal,
  SCREENING_CATEGORIES,
  SCREENING_CATEGORY_LABELS,
  SCREENING_REASONS,
  THIRD_PARTY_SCRIPTS,
} from '@huikuan/domain';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { actorOf } from '../../http/app.js';
import { authErrors, ProblemResponse } from '../../http/problem.schema.js';
import type { Services } from '../../platform/services.js';
import type { ActivePack } from './compliance.service.js';

const Localized = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const Window = z.object({ start: z.string(), end: z.string() });
const ParamView = z.union([
  z.object({ type: z.enum(['max', 'min']), value: z.number(), unit: z.string() }),
  z.object({ type: z.enum(['blocked-window', 'allowed-window']), value: Window }),
]);
const RuleView = z.object({
  id: z.string(),
  kind: z.string(),
  rule: z.string(),
  defaultText: z.string(),
  enforcement: z.string(),
  citation: z.string(),
  configurable: z.array(z.string()),
  params: z.record(z.string(), ParamView),
});
const Overrides = z.record(z.string(), z.record(z.string(), z.union([z.number(), Window])));
const RevisionView = z.object({
  revision: z.number().int(),
  code: z.string(),
  version: z.string(),
  overrides: Overrides,
  reason: z.string().nullable(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
const PackView = z.object({
  active: RevisionView.extend({ baseVersion: z.string() }),
  pack: z.object({
    code: z.string(),
    version: z.string(),
    effectiveFrom: z.string(),
    notes: z.string(),
    rules: z.array(RuleView),
  }),
  codes: z.array(z.string()),
  history: z.array(RevisionView),
});

const OperatorSetPack = z
  .object({
    code: z.string().trim().min(1).max(20),
    overrides: z.unknown(),
    reason: z.string().trim().min(1).max(500),
  })
  .strict();

const DecisionQuery = z
  .object({
    allowed: z.enum(['true', 'false']).optional(),
    ruleId: z.string().max(60).optional(),
    path: z.enum(['dispatch', 'dial', 'call-log', 'third-party', 'visit']).optional(),
    channel: z.enum(['call', 'sms', 'push', 'email', 'visit', 'letter', 'im']).optional(),
    customerRef: z.string().max(64).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(200).optional(),
  })
  .strict();

const DecisionView = z.object({
  id: z.string(),
  decidedAt: z.string(),
  attemptAt: z.string(),
  path: z.string(),
  channel: z.string(),
  partyRole: z.string(),
  customerRef: z.string(),
  caseId: z.string().nullable(),
  contactId: z.string().nullable(),
  actor: z.string().nullable(),
  agency: z.string().nullable(),
  allowed: z.boolean(),
  ruleId: z.string().nullable(),
  ruleIds: z.array(z.string()),
  reason: Localized.nullable(),
  citation: z.string().nullable(),
  nextAllowedAt: z.string().nullable(),
  packCode: z.string(),
  packVersion: z.string(),
  facts: z.unknown(),
  factsHash: z.string(),
});

const PhraseView = z.object({
  phrase: z.string(),
  category: z.string(),
  locale: z.string(),
  source: z.string(),
});
const InstitutionPhraseView = PhraseView.extend({
  id: z.string(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
});
const MatchView = z.object({
  phrase: z.string(),
  category: z.string(),
  locale: z.string(),
  reason: Localized,
  start: z.number().int(),
  end: z.number().int(),
});

/** The longest decision-log window one query may cover. */
const MAX_RANGE_DAYS = 366;

function revisionView(a: ActivePack) {
  return {
    revision: a.revision,
    code: a.code,
    version: a.version,
    overrides: a.overrides as z.infer<typeof Overrides>,
    reason: a.reason,
    createdAt: a.createdAt?.toISOString() ?? null,
    createdBy: a.createdBy,
  };
}

export const complianceRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, opts) => {
  const { compliance, info } = opts.services;

  const packView = async () => {
    const [active, history] = await Promise.all([compliance.activePack(), compliance.packHistory()]);
    return {
      active: { ...revisionView(active), baseVersion: active.baseVersion },
      pack: {
        code: active.pack.code,
        version: active.pack.version,
        effectiveFrom: active.pack.effectiveFrom,
        notes: active.pack.notes,
        rules: active.pack.rules.map((r) => ({ ...r, configurable: [...r.configurable] })),
      },
      codes: ['cn', 'us-regf'],
      history: history.map(revisionView),
    };
  };

  app.get(
    '/compliance/pack',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'The active rule pack with its rules, parameters and citations, and its revision history',
        response: { 200: PackView, ...authErrors },
      },
    },
    packView,
  );

  app.put(
    '/compliance/pack',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['compliance'],
        summary: "Choose the pack and set the institution's parameters (tighten only, unless a rule allows)",
        description:
          'overrides: rule id → parameter → a number (caps, counts) or a {start, end} HH:MM window. Every setting ' +
          'is checked; one refused setting refuses them all and the previous pack stays active. An accepted ' +
          'change is a new revision, audited with the diff.',
        body: OperatorSetPack,
        response: { 200: PackView, ...authErrors, 422: ProblemResponse },
      },
    },
    async (request) => {
      await compliance.setPack(request.body, actorOf(request));
      return packView();
    },
  );

  app.get(
    '/compliance/decisions',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'The decision log: every gate decision, newest first, with its rule, pack version and facts',
        description: `from/to are dates in the institution's time zone (inclusive); a range spans at most ${MAX_RANGE_DAYS} days.`,
        querystring: DecisionQuery,
        response: {
          200: z.object({ items: z.array(DecisionView), nextCursor: z.string().nullable() }),
          ...authErrors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const from = q.from ? instantOfLocal(q.from, '00:00', info.timeZone) : undefined;
      const toExclusive = q.to ? instantOfLocal(addDays(q.to, 1), '00:00', info.timeZone) : undefined;
      if (
        (from !== undefined && toExclusive !== undefined && from >= toExclusive) ||
        (from !== undefined && toExclusive !== undefined && toExclusive - from > MAX_RANGE_DAYS * 86_400_000)
      ) {
        throw new CodedError('DATE_RANGE_INVALID', { maxDays: MAX_RANGE_DAYS });
      }
      let before: { decidedAt: Date; id: string } | undefined;
      if (q.cursor) {
        const [at, id] = q.cursor.split('_');
        const parsed = at ? Date.parse(at) : Number.NaN;
        if (!id || Number.isNaN(parsed) || !/^[0-9a-f-]{36}$/.test(id)) {
          throw new CodedError('VALIDATION_FAILED', {}, [
            {
              path: 'querystring.cursor',
              code: 'VALUE_INVALID',
              message: { 'zh-CN': '分页游标无效', 'en-US': 'Invalid page cursor' },
            },
          ]);
        }
        before = { decidedAt: new Date(parsed), id };
      }
      const rows = await compliance.decisions({
        ...(q.allowed ? { allowed: q.allowed === 'true' } : {}),
        ...(q.ruleId ? { ruleId: q.ruleId } : {}),
        ...(q.path ? { path: q.path } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.customerRef ? { customerRef: q.customerRef } : {}),
        ...(from !== undefined ? { from: new Date(from) } : {}),
        ...(toExclusive !== undefined ? { to: new Date(toExclusive) } : {}),
        ...(before ? { before } : {}),
        limit: q.limit + 1,
      });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return {
        items: page.map((d) => ({
          id: d.id,
          decidedAt: d.decided_at.toISOString(),
          attemptAt: d.attempt_at.toISOString(),
          path: d.path,
          channel: d.channel,
          partyRole: d.party_role,
          customerRef: d.customer_ref,
          caseId: d.case_id,
          contactId: d.contact_id,
          actor: d.actor,
          agency: d.agency,
          allowed: d.allowed,
          ruleId: d.rule_id,
          ruleIds: d.rule_ids,
          reason: d.reason as z.infer<typeof Localized> | null,
          citation: d.citation,
          nextAllowedAt: d.next_allowed_at?.toISOString() ?? null,
          packCode: d.pack_code,
          packVersion: d.pack_version,
          facts: d.facts,
          factsHash: d.facts_hash,
        })),
        nextCursor: rows.length > q.limit && last ? `${last.decided_at.toISOString()}_${last.id}` : null,
      };
    },
  );

  app.get(
    '/compliance/phrases',
    {
      config: { access: 'compliance.read' },
      schema: {
        tags: ['compliance'],
        summary: 'Content-screening phrase lists: the built-in ones and the institution’s additions',
        response: {
          200: z.object({
            categories: z.array(z.object({ code: z.string(), name: Localized, reason: Localized })),
            builtIn: z.array(PhraseView),
            institution: z.array(InstitutionPhraseView),
          }),
          ...authErrors,
        },
      },
    },
    async () => {
      const lists = await compliance.phrases();
      return {
        categories: SCREENING_CATEGORIES.map((code) => ({
          code,
          name: SCREENING_CATEGORY_LABELS[code],
          reason: SCREENING_REASONS[code],
        })),
        builtIn: [...lists.builtIn],
        institution: lists.institution.map((p) => ({
          ...p.phrase,
          id: p.id,
          createdAt: p.createdAt.toISOString(),
          createdBy: p.createdBy,
        })),
      };
    },
  );

  app.post(
    '/compliance/phrases',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['compliance'],
        summary: 'Add a phrase to the institution’s screening list (audited)',
        body: z.object({ phrase: z.string(), category: z.string(), locale: z.string() }).strict(),
        response: { 201: InstitutionPhraseView, ...authErrors },
      },
    },
    async (request, reply) => {
      const added = await compliance.addPhrase(request.body, actorOf(request));
      const listed = (await compliance.phrases()).institution.find((p) => p.id === added.id)!;
      return reply.status(201).send({
        ...listed.phrase,
        id: listed.id,
        createdAt: listed.createdAt.toISOString(),
        createdBy: listed.createdBy,
      });
    },
  );

  app.delete(
    '/compliance/phrases/:id',
    {
      config: { access: 'compliance.manage' },
      schema: {
        tags: ['compliance'],
        summary: 'Remove one of the institution’s screening phrases (audited)',
        params: z.object({ id: z.uuid() }).strict(),
        response: { 204: z.null(), ...authErrors, 404: ProblemResponse },
      },
    },
    async (request, reply) => {
      await compliance.removePhrase(request.params.id, actorOf(request));
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/compliance/screen',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['compliance'],
        summary:
          'Screen a text (template, message, note) against every phrase list; shows each match and why',
        body: z.object({ text: z.string().max(5000) }).strict(),
        response: { 200: z.object({ matches: z.array(MatchView) }), ...authErrors },
      },
    },
    async (request) => ({ matches: await compliance.screen(request.body.text) }),
  );

  app.get(
    '/compliance/third-party-scripts',
    {
      config: { access: 'authenticated' },
      schema: {
        tags: ['compliance'],
        summary: 'The approved scripts for contacting third parties, which never mention the debt',
        response: {
          200: z.object({
            items: z.array(z.object({ code: z.string(), purpose: Localized, text: Localized })),
          }),
          ...authErrors,
        },
      },
    },
    async () => ({ items: [...THIRD_PARTY_SCRIPTS] }),
  );
};
