/**
 * Drafts edited in place on real PostgreSQL: a strategy or template draft is replaced under the
 * same id and version, checked exactly as a new draft (nothing saved on error), with its revision
 * as the optimistic lock (a stale edit is refused with 409, never overwriting silently); only a
 * draft is editable; every edit is audited; and whoever edited a draft may not approve it.
 */
import { DEFAULT_STRATEGY, type StrategyDefinition } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;
let app: FastifyInstance;
const sessions: Record<string, ApiSession> = {};

function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const session = sessions[user]!;
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
  });
}

const defaultCopy = (): StrategyDefinition => structuredClone(DEFAULT_STRATEGY) as StrategyDefinition;

async function newDraft(user: string) {
  const res = await call(user, 'POST', '/api/v1/strategies', { definition: defaultCopy() });
  expect(res.statusCode).toBe(201);
  return res.json() as { id: string; version: number; revision: number };
}

async function stored(id: string) {
  return ctx.database.db
    .selectFrom('strategy_version')
    .select(['definition', 'revision', 'status', 'editor_ids'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
}

const renamed = (zh: string) => ({ ...defaultCopy(), name: { 'zh-CN': zh, 'en-US': 'Renamed' } });

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'sm1', roles: ['strategy_manager'] },
    { username: 'sm2', roles: ['strategy_manager'] },
    { username: 'sm3', roles: ['strategy_manager'] },
    { username: 'officer', roles: ['compliance_officer'] },
    { username: 'c1', roles: ['collector'] },
  ]);
  for (const u of ['admin', 'sm1', 'sm2', 'sm3', 'officer', 'c1']) sessions[u] = await logIn(app, u);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('editing a strategy draft in place', () => {
  it('replaces the definition under the same id and version, bumps the revision and audits the edit', async () => {
    const draft = await newDraft('sm1');
    expect(draft.revision).toBe(1);
    const res = await call('sm1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: renamed('改名后的策略'),
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: draft.id,
      version: draft.version,
      status: 'draft',
      revision: 2,
      name: { 'zh-CN': '改名后的策略' },
      editorIds: [],
    });
    expect(res.json().definition.version).toBe(draft.version);
    expect(res.json().updatedAt).not.toBeNull();
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_username', 'before', 'after'])
      .where('target_id', '=', draft.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['strategy.created', 'strategy.edited']);
    expect(audit[1]).toMatchObject({
      actor_username: 'sm1',
      before: { revision: 1, definition: { name: { 'zh-CN': DEFAULT_STRATEGY.name['zh-CN'] } } },
      after: { revision: 2, version: draft.version },
    });
  });

  it('refuses a stale revision with 409 STRATEGY_DRAFT_STALE: the other editor’s save stays', async () => {
    const draft = await newDraft('sm1');
    const first = await call('sm2', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: renamed('第一位编辑'),
      expectedRevision: 1,
    });
    expect(first.statusCode).toBe(200);
    const second = await call('sm1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: renamed('第二位编辑'),
      expectedRevision: 1,
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('STRATEGY_DRAFT_STALE');
    expect(second.json().messages['zh-CN']).toContain('已被他人修改');
    expect(second.json().messages['en-US']).toContain('revision 1, it is now at revision 2');
    const row = await stored(draft.id);
    expect(row.revision).toBe(2);
    expect((row.definition as StrategyDefinition).name['zh-CN']).toBe('第一位编辑');
  });

  it('refuses a definition that does not parse with every issue at its path, and saves nothing', async () => {
    const draft = await newDraft('sm1');
    const before = await stored(draft.id);
    const definition = defaultCopy() as unknown as {
      segments: { condition: unknown }[];
      plans: { steps: { dayOffset: unknown }[] }[];
    };
    definition.segments[0]!.condition = { field: 'shoeSize', op: 'eq', value: 42 };
    definition.plans[0]!.steps[0]!.dayOffset = 'soon';
    const res = await call('sm1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition,
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('STRATEGY_REJECTED');
    const paths = res.json().errors.map((e: { path: string }) => e.path);
    expect(paths).toContain('segments.0.condition.field');
    expect(paths).toContain('plans.0.steps.0.dayOffset');
    expect(await stored(draft.id)).toEqual(before);
  });

  it('keeps the draft’s strategy code (a new code is a copy, not an edit)', async () => {
    const draft = await newDraft('sm1');
    const res = await call('sm1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: { ...defaultCopy(), code: 'other-code' },
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: 'code', code: 'STRATEGY_CODE_CHANGED' }),
    ]);
    expect((await stored(draft.id)).revision).toBe(1);
  });

  it('refuses to edit a version in review, active or retired (409 STRATEGY_TRANSITION_INVALID)', async () => {
    const draft = await newDraft('sm1');
    expect((await call('sm1', 'POST', `/api/v1/strategies/${draft.id}/submit`)).statusCode).toBe(200);
    const inReview = await call('sm1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: renamed('审批中'),
      expectedRevision: 1,
    });
    expect(inReview.statusCode).toBe(409);
    expect(inReview.json()).toMatchObject({
      code: 'STRATEGY_TRANSITION_INVALID',
      messages: { 'en-US': 'A strategy version in status in-review does not allow the action edit' },
    });
    const active = await ctx.database.db
      .selectFrom('strategy_version')
      .select('id')
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    const res = await call('sm1', 'PUT', `/api/v1/strategies/${active.id}`, {
      definition: renamed('生效中'),
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('STRATEGY_TRANSITION_INVALID');
    expect((await stored(draft.id)).status).toBe('in-review');
  });

  it('refuses someone without the strategy edit permission', async () => {
    const draft = await newDraft('sm1');
    const res = await call('c1', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: renamed('催收员'),
      expectedRevision: 1,
    });
    expect(res.statusCode).toBe(403);
    expect((await stored(draft.id)).revision).toBe(1);
  });

  it('records another manager’s edit: that editor may not approve the version, a third manager may', async () => {
    const draft = await newDraft('sm1');
    const edited = await call('sm2', 'PUT', `/api/v1/strategies/${draft.id}`, {
      definition: defaultCopy(),
      expectedRevision: 1,
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json().editorIds).toHaveLength(1);
    expect((await call('sm1', 'POST', `/api/v1/strategies/${draft.id}/submit`)).statusCode).toBe(200);
    const byEditor = await call('sm2', 'POST', `/api/v1/strategies/${draft.id}/approve`);
    expect(byEditor.statusCode).toBe(409);
    expect(byEditor.json().code).toBe('STRATEGY_SELF_APPROVAL');
    const byThird = await call('sm3', 'POST', `/api/v1/strategies/${draft.id}/approve`);
    expect(byThird.statusCode).toBe(200);
    expect(byThird.json().status).toBe('active');
  });
});

const SMS =
  '【{{institutionName}}】{{debtorName}}您好,您的借款已逾期,逾期金额{{overdueAmount}},请通过{{repaymentChannels}}还款。';

describe('editing a template draft in place', () => {
  async function templateDraft(code: string) {
    const res = await call('sm1', 'POST', '/api/v1/templates', {
      code,
      channel: 'sms',
      locale: 'zh-CN',
      body: SMS,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; version: number; revision: number };
  }

  it('replaces the text under the same id and version, refuses a stale revision, and audits the edit', async () => {
    const draft = await templateDraft('sms.edit.one');
    const body = `${SMS}如已还款请忽略。`;
    const res = await call('sm1', 'PUT', `/api/v1/templates/${draft.id}`, { body, expectedRevision: 1 });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: draft.id, version: draft.version, revision: 2, body });
    const stale = await call('sm1', 'PUT', `/api/v1/templates/${draft.id}`, {
      body: SMS,
      expectedRevision: 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('TEMPLATE_DRAFT_STALE');
    const row = await ctx.database.db
      .selectFrom('message_template')
      .select(['body', 'revision'])
      .where('id', '=', draft.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ body, revision: 2 });
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'before'])
      .where('target_id', '=', draft.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((e) => e.action)).toEqual(['template.created', 'template.edited']);
    expect(audit[1]!.before).toMatchObject({ revision: 1, body: SMS });
  });

  it('refuses an empty body (400, nothing saved) and a version no longer a draft (409)', async () => {
    const draft = await templateDraft('sms.edit.two');
    const empty = await call('sm1', 'PUT', `/api/v1/templates/${draft.id}`, {
      body: '',
      expectedRevision: 1,
    });
    expect(empty.statusCode).toBe(400);
    expect((await call('sm1', 'POST', `/api/v1/templates/${draft.id}/submit`)).statusCode).toBe(200);
    const res = await call('sm1', 'PUT', `/api/v1/templates/${draft.id}`, { body: SMS, expectedRevision: 1 });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('TEMPLATE_TRANSITION_INVALID');
  });

  it('keeps whoever edited a template draft from approving it', async () => {
    const draft = await templateDraft('sms.edit.three');
    const edited = await call('admin', 'PUT', `/api/v1/templates/${draft.id}`, {
      body: `${SMS}谢谢。`,
      expectedRevision: 1,
    });
    expect(edited.statusCode).toBe(200);
    expect((await call('sm1', 'POST', `/api/v1/templates/${draft.id}/submit`)).statusCode).toBe(200);
    const byEditor = await call('admin', 'POST', `/api/v1/templates/${draft.id}/approve`);
    expect(byEditor.statusCode).toBe(409);
    expect(byEditor.json().code).toBe('TEMPLATE_SELF_APPROVAL');
    const byOfficer = await call('officer', 'POST', `/api/v1/templates/${draft.id}/approve`);
    expect(byOfficer.statusCode).toBe(200);
    expect(byOfficer.json().status).toBe('approved');
  });
});
