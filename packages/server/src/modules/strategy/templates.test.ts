/**
 * Message template versions over HTTP on real PostgreSQL: drafts, submission checked by
 * validateTemplate (unknown variables named at their field), approval by a compliance officer
 * other than the author with content screening (坐牢 is refused), the previously approved
 * version retired in the same transaction, and previews with sample values.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;
let app: FastifyInstance;
const sessions: Record<string, ApiSession> = {};

function call(user: string, method: 'GET' | 'POST', url: string, payload?: unknown) {
  const session = sessions[user]!;
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
  });
}

const GOOD_SMS =
  '【{{institutionName}}】{{debtorName}}您好,您的借款已逾期,逾期金额{{overdueAmount}},请通过{{repaymentChannels}}还款。';

async function draft(user: string, body: Record<string, unknown>) {
  const res = await call(user, 'POST', '/api/v1/templates', body);
  expect(res.statusCode).toBe(201);
  return res.json();
}

async function approvedVersion(code: string, locale: string) {
  const row = await ctx.database.db
    .selectFrom('message_template')
    .select(['id', 'version'])
    .where('code', '=', code)
    .where('locale', '=', locale)
    .where('status', '=', 'approved')
    .executeTakeFirst();
  return row ?? null;
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28' });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'sm1', roles: ['strategy_manager'] },
    { username: 'officer', roles: ['compliance_officer'] },
  ]);
  for (const u of ['admin', 'sm1', 'officer']) sessions[u] = await logIn(app, u);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('message templates', () => {
  it('lists the shipped templates, each approved at version 1', async () => {
    const res = await call('sm1', 'GET', '/api/v1/templates');
    expect(res.statusCode).toBe(200);
    const sms = res
      .json()
      .items.find(
        (t: { code: string; locale: string }) => t.code === 'sms.m1.reminder' && t.locale === 'zh-CN',
      );
    expect(sms).toMatchObject({ channel: 'sms', version: 1, status: 'approved', approvedVersion: 1 });
  });

  it('keeps a draft with an unknown variable but refuses to submit it: 422 TEMPLATE_INVALID at body', async () => {
    const created = await draft('sm1', {
      code: 'sms.custom',
      channel: 'sms',
      locale: 'zh-CN',
      body: '【{{institutionName}}】{{debtorName}}您好,请于{{deadline}}前还款。',
    });
    expect(created).toMatchObject({ version: 1, status: 'draft', author: 'sm1' });
    expect(created.issues).toEqual([
      expect.objectContaining({
        path: 'body',
        code: 'TEMPLATE_VARIABLE_UNKNOWN',
        params: { name: 'deadline' },
      }),
    ]);
    const res = await call('sm1', 'POST', `/api/v1/templates/${created.id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('TEMPLATE_INVALID');
    expect(res.json().errors).toEqual([
      expect.objectContaining({ path: 'body', code: 'TEMPLATE_VARIABLE_UNKNOWN' }),
    ]);
    expect(res.json().errors[0].message['zh-CN']).toContain('deadline');
    const versions = await call('sm1', 'GET', '/api/v1/templates/sms.custom/zh-CN/versions');
    expect(versions.json().items[0].status).toBe('draft');
  });

  it('refuses to approve a text with a screened phrase (坐牢): 422 CONTENT_BLOCKED; the approved version stays', async () => {
    const before = await approvedVersion('sms.m1.reminder', 'zh-CN');
    const created = await draft('sm1', {
      code: 'sms.m1.reminder',
      channel: 'sms',
      locale: 'zh-CN',
      body: `${GOOD_SMS}再不还款就让你坐牢。`,
    });
    expect(created.version).toBe(2);
    expect(created.screening).toEqual([expect.objectContaining({ path: 'body', phrase: '坐牢' })]);
    const submitted = await call('sm1', 'POST', `/api/v1/templates/${created.id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('in-review');

    const queue = await call('officer', 'GET', '/api/v1/templates/review-queue');
    expect(queue.json().items.map((t: { id: string }) => t.id)).toContain(created.id);

    const res = await call('officer', 'POST', `/api/v1/templates/${created.id}/approve`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('CONTENT_BLOCKED');
    expect(res.json().errors).toEqual([expect.objectContaining({ path: 'body', code: 'CONTENT_BLOCKED' })]);
    expect(res.json().errors[0].message['zh-CN']).toContain('坐牢');
    expect(await approvedVersion('sms.m1.reminder', 'zh-CN')).toEqual(before);
  });

  it('is approved only by someone other than its author, retiring the previously approved version, audited', async () => {
    const before = await approvedVersion('sms.m1.reminder', 'zh-CN');
    const created = await draft('admin', {
      code: 'sms.m1.reminder',
      channel: 'sms',
      locale: 'zh-CN',
      body: GOOD_SMS,
    });
    expect((await call('admin', 'POST', `/api/v1/templates/${created.id}/submit`)).statusCode).toBe(200);
    // A strategy manager cannot approve at all; the author (an admin) may not approve their own text.
    expect((await call('sm1', 'POST', `/api/v1/templates/${created.id}/approve`)).statusCode).toBe(403);
    const own = await call('admin', 'POST', `/api/v1/templates/${created.id}/approve`);
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('TEMPLATE_SELF_APPROVAL');

    const res = await call('officer', 'POST', `/api/v1/templates/${created.id}/approve`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      status: 'approved',
      approver: 'officer',
      author: 'admin',
      version: 3,
    });
    expect(await approvedVersion('sms.m1.reminder', 'zh-CN')).toEqual({ id: created.id, version: 3 });

    const versions = await call('sm1', 'GET', '/api/v1/templates/sms.m1.reminder/zh-CN/versions');
    expect(
      versions.json().items.map((t: { version: number; status: string }) => [t.version, t.status]),
    ).toEqual([
      [3, 'approved'],
      [2, 'in-review'],
      [1, 'retired'],
    ]);
    const event = await ctx.database.db
      .selectFrom('audit_event')
      .select(['actor_username', 'before'])
      .where('action', '=', 'template.approved')
      .where('target_id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_username: 'officer', before: { approved: before } });
  });

  it('never retires the approved text an active strategy uses, nor lets a code change channel', async () => {
    const approved = (await approvedVersion('sms.m1.reminder', 'zh-CN'))!;
    const retire = await call('sm1', 'POST', `/api/v1/templates/${approved.id}/retire`, { reason: 'old' });
    expect(retire.statusCode).toBe(409);
    expect(retire.json().code).toBe('TEMPLATE_IN_USE');
    expect(retire.json().messages['en-US']).toContain('default v1');

    const mismatch = await call('sm1', 'POST', '/api/v1/templates', {
      code: 'sms.m1.reminder',
      channel: 'email',
      locale: 'zh-CN',
      subject: '还款提醒',
      body: GOOD_SMS,
    });
    expect(mismatch.statusCode).toBe(409);
    expect(mismatch.json().code).toBe('TEMPLATE_CHANNEL_MISMATCH');
  });

  it('retires a version in review', async () => {
    const queue = await call('officer', 'GET', '/api/v1/templates/review-queue');
    const blocked = queue.json().items.find((t: { version: number }) => t.version === 2);
    const res = await call('sm1', 'POST', `/api/v1/templates/${blocked.id}/retire`);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('retired');
  });

  it('previews a text with sample values, its problems and its screening matches', async () => {
    const res = await call('sm1', 'POST', '/api/v1/templates/preview', {
      channel: 'sms',
      locale: 'zh-CN',
      body: GOOD_SMS,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ subject: null, issues: [], screening: [] });
    expect(res.json().body).toContain('张伟您好');
    expect(res.json().body).toContain('¥1,240.00');

    const bad = await call('sm1', 'POST', '/api/v1/templates/preview', {
      channel: 'email',
      locale: 'zh-CN',
      body: '{{debtorName}},不还钱就坐牢。',
    });
    expect(bad.statusCode).toBe(200);
    expect(bad.json().issues.map((i: { code: string }) => i.code)).toEqual(
      expect.arrayContaining(['TEMPLATE_SUBJECT_REQUIRED', 'TEMPLATE_INSTITUTION_NAME_MISSING']),
    );
    expect(bad.json().screening).toEqual([
      expect.objectContaining({ phrase: '坐牢', category: 'legal-exaggeration' }),
    ]);
  });
});
