/**
 * Strategy versions over HTTP on real PostgreSQL: a draft must parse; submission refuses gaps,
 * unknown templates and templates of another channel with every issue at its path; approval is
 * four-eyes and swaps the active version in one audited transaction; the version daily planning
 * uses is never left without an active one; a simulation plans the open book in memory and
 * writes nothing.
 */
import { DEFAULT_STRATEGY, type StrategyDefinition } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
const sessions: Record<string, ApiSession> = {};

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

function call(user: string, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  const session = sessions[user]!;
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
  });
}

/** A deep copy of the shipped default, to edit into drafts. */
const defaultCopy = (): StrategyDefinition => structuredClone(DEFAULT_STRATEGY) as StrategyDefinition;

async function createDraft(user: string, definition: unknown): Promise<string> {
  const res = await call(user, 'POST', '/api/v1/strategies', { definition });
  expect(res.statusCode).toBe(201);
  return res.json().id;
}

const count = async (table: 'planned_action' | 'case_strategy' | 'strategy_version') =>
  Number(
    (
      await ctx.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

async function activeDefault() {
  return ctx.database.db
    .selectFrom('strategy_version')
    .select(['id', 'version'])
    .where('code', '=', 'default')
    .where('status', '=', 'active')
    .executeTakeFirstOrThrow();
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'sm1', roles: ['strategy_manager'] },
    { username: 'sm2', roles: ['strategy_manager'] },
    { username: 'c1', roles: ['collector'] },
    { username: 'c2', roles: ['collector'] },
  ]);
  for (const u of ['admin', 'sm1', 'sm2', 'c1']) sessions[u] = await logIn(app, u);
  const put = async (url: string, body: unknown) =>
    expect((await call('admin', 'PUT', url, body)).statusCode).toBe(200);
  await put('/api/v1/products/XJD1', {
    name: '现金贷 1 期',
    annualRate: '0.18',
    termMonths: 1,
    repaymentMethod: 'bullet',
  });
  // One first-time debtor whose single installment falls due on 2026-11-27: day 1 on the 28th.
  await put('/api/v1/customers', [
    { sourceRef: 'D1', name: '借款人1', idNumber: '110105199003071239', mobile: '13811110001' },
  ]);
  await put('/api/v1/contacts', [
    { sourceRef: 'D1-S', customerRef: 'D1', role: 'self', name: '借款人1', phone: '13811110001' },
  ]);
  await put('/api/v1/loans', [
    {
      sourceRef: 'L1',
      customerRef: 'D1',
      productCode: 'XJD1',
      principalFen: 500_000,
      annualRate: '0.18',
      termMonths: 1,
      disbursedOn: '2026-10-27',
      maturityOn: '2026-11-27',
      schedule: [{ seq: 1, dueOn: '2026-11-27', principalDueFen: 500_000, interestDueFen: 7_500 }],
    },
  ]);
  ctx.clock.advance(shanghai('2026-11-28', '10:00').getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate('2026-11-28', SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo('2026-11-28');
  for (const u of ['admin', 'sm1', 'sm2', 'c1']) sessions[u] = await logIn(app, u);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('strategy versions', () => {
  it('lists the shipped default as active version 1 and shows it valid, each segment in words', async () => {
    const list = await call('sm1', 'GET', '/api/v1/strategies');
    expect(list.statusCode).toBe(200);
    const def = list.json().items.find((v: { code: string }) => v.code === 'default');
    expect(def).toMatchObject({
      version: 1,
      status: 'active',
      segmentCount: DEFAULT_STRATEGY.segments.length,
      usedByDailyPlanning: true,
      author: null,
    });
    const detail = await call('sm1', 'GET', `/api/v1/strategies/${def.id}`);
    expect(detail.statusCode).toBe(200);
    expect(detail.json().validation).toEqual({ ok: true, issues: [] });
    expect(detail.json().segments[0]).toMatchObject({
      code: 'm1-first',
      description: {
        'zh-CN': '1 ≤ DPD ≤ 30 且 历史逾期次数 = 0',
        'en-US': '1 ≤ DPD ≤ 30 and past episodes = 0',
      },
    });
  });

  it('refuses a collector (no strategy.read)', async () => {
    expect((await call('c1', 'GET', '/api/v1/strategies')).statusCode).toBe(403);
  });

  it('refuses a draft that does not parse, naming the place of each problem', async () => {
    const definition = defaultCopy() as unknown as { segments: { condition: unknown }[] };
    definition.segments[0]!.condition = { field: 'shoeSize', op: 'eq', value: 42 };
    const before = await count('strategy_version');
    const res = await call('sm1', 'POST', '/api/v1/strategies', { definition });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('STRATEGY_REJECTED');
    expect(res.json().errors).toContainEqual(
      expect.objectContaining({ path: 'segments.0.condition.field', code: 'CONDITION_FIELD_UNKNOWN' }),
    );
    expect(await count('strategy_version')).toBe(before);
  });

  it('refuses to submit a strategy whose segments leave a gap, naming the uncovered facts; the active version stays', async () => {
    const definition = defaultCopy();
    (definition.segments as { condition: unknown }[])[2]!.condition = {
      field: 'dpd',
      op: 'between',
      value: [31, 50],
    };
    const id = await createDraft('sm1', definition);
    const active = await activeDefault();
    const res = await call('sm1', 'POST', `/api/v1/strategies/${id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('STRATEGY_REJECTED');
    const gap = res.json().errors.find((e: { code: string }) => e.code === 'STRATEGY_SEGMENT_GAP');
    expect(gap.path).toBe('segments');
    expect(gap.message['en-US']).toContain('dpd=51');
    expect(gap.message['zh-CN']).toContain('dpd=51');
    expect(await activeDefault()).toEqual(active);
    const after = await call('sm1', 'GET', `/api/v1/strategies/${id}`);
    expect(after.json().status).toBe('draft');
    expect(after.json().validation.ok).toBe(false);
  });

  it('refuses to submit a step naming an unknown template, or a template of another channel, at the step’s path', async () => {
    const definition = defaultCopy();
    (definition.plans[0]!.steps[0] as { templateCode?: string }).templateCode = 'sms.no-such-template';
    (definition.plans[0]!.steps[1] as { templateCode?: string }).templateCode = 'letter.m3.demand';
    const id = await createDraft('sm1', definition);
    const res = await call('sm1', 'POST', `/api/v1/strategies/${id}/submit`);
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: 'plans.0.steps.0.templateCode', code: 'STRATEGY_TEMPLATE_UNKNOWN' }),
        expect.objectContaining({
          path: 'plans.0.steps.1.templateCode',
          code: 'STRATEGY_TEMPLATE_CHANNEL_MISMATCH',
        }),
      ]),
    );
  });

  it('is approved by another manager only: it becomes active, the previous version is retired, and the change is audited', async () => {
    const previous = await activeDefault();
    const source = await call('sm1', 'POST', '/api/v1/strategies', { copyOf: previous.id });
    expect(source.statusCode).toBe(201);
    const draft = source.json();
    expect(draft).toMatchObject({ code: 'default', status: 'draft', author: 'sm1' });
    expect(draft.version).toBeGreaterThan(previous.version);
    expect(draft.definition.version).toBe(draft.version);

    // Approval needs a version in review.
    expect((await call('sm2', 'POST', `/api/v1/strategies/${draft.id}/approve`)).json().code).toBe(
      'STRATEGY_TRANSITION_INVALID',
    );
    const submitted = await call('sm1', 'POST', `/api/v1/strategies/${draft.id}/submit`);
    expect(submitted.statusCode).toBe(200);
    expect(submitted.json().status).toBe('in-review');

    const own = await call('sm1', 'POST', `/api/v1/strategies/${draft.id}/approve`);
    expect(own.statusCode).toBe(409);
    expect(own.json().code).toBe('STRATEGY_SELF_APPROVAL');
    expect(own.json().messages['zh-CN']).toContain('编写人不能审批');
    expect(await activeDefault()).toEqual(previous);

    const approved = await call('sm2', 'POST', `/api/v1/strategies/${draft.id}/approve`);
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'active', approver: 'sm2', author: 'sm1' });
    expect(await activeDefault()).toEqual({ id: draft.id, version: draft.version });
    const old = await call('sm2', 'GET', `/api/v1/strategies/${previous.id}`);
    expect(old.json().status).toBe('retired');
    expect(old.json().retiredAt).not.toBeNull();

    const events = await ctx.database.db
      .selectFrom('audit_event')
      .select(['action', 'actor_username', 'before', 'after'])
      .where('target_id', '=', draft.id)
      .orderBy('seq')
      .execute();
    expect(events.map((e) => e.action)).toEqual([
      'strategy.created',
      'strategy.submitted',
      'strategy.activated',
    ]);
    expect(events[2]).toMatchObject({
      actor_username: 'sm2',
      before: { active: { id: previous.id, version: previous.version } },
    });
  });

  it('never retires the active version daily planning uses (it is replaced by approving another)', async () => {
    const active = await activeDefault();
    const res = await call('admin', 'POST', `/api/v1/strategies/${active.id}/retire`, { reason: 'test' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('STRATEGY_ACTIVE_NOT_RETIRABLE');
    expect(await activeDefault()).toEqual(active);
  });

  it('retires a draft', async () => {
    const id = await createDraft('sm1', defaultCopy());
    const res = await call('sm1', 'POST', `/api/v1/strategies/${id}/retire`, { reason: 'superseded' });
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('retired');
    expect((await call('sm1', 'POST', `/api/v1/strategies/${id}/retire`)).json().code).toBe(
      'STRATEGY_TRANSITION_INVALID',
    );
  });

  it('answers 404 for an unknown version', async () => {
    const res = await call('sm1', 'GET', '/api/v1/strategies/00000000-0000-4000-8000-000000000000');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('STRATEGY_NOT_FOUND');
  });
});

describe('simulation', () => {
  it('plans a day-1 case: SMS and push on day 1, no call before day 3 — and writes nothing', async () => {
    const id = await createDraft('sm1', defaultCopy());
    const before = {
      actions: await count('planned_action'),
      assignments: await count('case_strategy'),
      versions: await count('strategy_version'),
    };
    expect(before.actions).toBeGreaterThan(0); // the daily run planned the real day

    const res = await call('sm1', 'POST', `/api/v1/strategies/${id}/simulate`, { days: 4 });
    expect(res.statusCode).toBe(200);
    const sim = res.json();
    expect(sim).toMatchObject({
      businessDate: '2026-11-28',
      asOf: '2026-11-28',
      days: 4,
      cases: 1,
      truncated: false,
      unassignedCases: 0,
      callCapacity: { collectors: 2, callsPerCollector: 80, callsPerDay: 160 },
    });
    expect(sim.byDay.map((d: { date: string }) => d.date)).toEqual([
      '2026-11-28',
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
    ]);
    const [day1, day2, day3, day4] = sim.byDay;
    expect(day1.channels).toMatchObject({ sms: 1, push: 1, 'call-task': 0 });
    expect(day1.callTasks).toBe(0);
    expect(day2.channels).toMatchObject({ sms: 1, push: 1, 'call-task': 0 });
    // A first-time late payer: calls from day 3, every other day.
    expect(day3).toMatchObject({ total: 1, callTasks: 1, callCapacity: 160, overCapacity: false });
    expect(day3.callLoad).toBeCloseTo(1 / 160);
    expect(day4.total).toBe(0);
    expect(sim.bySegment.find((s: { code: string }) => s.code === 'm1-first')).toMatchObject({
      cases: 1,
      actions: 5,
    });
    const sms = sim.samples.find((s: { channel: string }) => s.channel === 'sms');
    expect(sms.whyLine['zh-CN']).toMatch(/^M1 · 新客首逾 · 第1天 短信 · 逾期1天,逾期金额 ¥/);

    expect({
      actions: await count('planned_action'),
      assignments: await count('case_strategy'),
      versions: await count('strategy_version'),
    }).toEqual(before);
  });

  it('projects the book forward to a later start, and takes the call capacity asked for', async () => {
    const active = await activeDefault();
    const res = await call('sm1', 'POST', `/api/v1/strategies/${active.id}/simulate`, {
      startOn: '2026-12-28',
      days: 5,
      callsPerCollector: 1,
    });
    expect(res.statusCode).toBe(200);
    const sim = res.json();
    expect(sim).toMatchObject({ asOf: '2026-11-28', book: 'current', startOn: '2026-12-28' });
    // By 2026-12-28 the case is 31 days late: M2, called daily from the stage's first day.
    expect(sim.byDay[0]).toMatchObject({
      date: '2026-12-28',
      callTasks: 1,
      callCapacity: 2,
    });
    expect(sim.bySegment.find((s: { code: string }) => s.code === 'm2').cases).toBe(1);
    expect(sim.bySegment.find((s: { code: string }) => s.code === 'm1-first').cases).toBe(0);
  });

  it('refuses a start before the as-of date or too far after it, and an as-of date after the business date', async () => {
    const active = await activeDefault();
    for (const startOn of ['2026-11-27', '2027-03-01']) {
      const res = await call('sm1', 'POST', `/api/v1/strategies/${active.id}/simulate`, { startOn });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('SIMULATION_DATE_INVALID');
    }
    const future = await call('sm1', 'POST', `/api/v1/strategies/${active.id}/simulate`, {
      asOf: '2026-11-29',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe('SIMULATION_DATE_IN_FUTURE');
    const tooLong = await call('sm1', 'POST', `/api/v1/strategies/${active.id}/simulate`, { days: 31 });
    expect(tooLong.statusCode).toBe(400);
  });
});
