/**
 * Champion/challenger on real PostgreSQL: new cases of a segment are split between strategy
 * versions by a stable hash, the split decides what is planned, the assignment is kept with the
 * case and stable across reruns, and results come per variant.
 */
import { assignVariant, DEFAULT_STRATEGY, type StrategyDefinition } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../platform/ids.js';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

const N = 40;
let ctx: TestContext;
let app: FastifyInstance;
let manager: ApiSession;
let challengerId: string;
let championId: string;

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

function call(session: ApiSession, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
  });
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'manager', roles: ['strategy_manager'] },
  ]);
  const admin = await logIn(app, 'admin');
  const put = async (url: string, body: unknown) =>
    expect((await call(admin, 'PUT', url, body)).statusCode).toBe(200);
  await put('/api/v1/products/XJD1', {
    name: '现金贷',
    annualRate: '0.18',
    termMonths: 1,
    repaymentMethod: 'bullet',
  });
  const refs = Array.from({ length: N }, (_, i) => i + 1);
  await put(
    '/api/v1/customers',
    refs.map((n) => ({
      sourceRef: `E${n}`,
      name: `借款人${n}`,
      idNumber: '110105199003071239',
      mobile: `1370000${String(n).padStart(4, '0')}`,
    })),
  );
  await put(
    '/api/v1/contacts',
    refs.map((n) => ({
      sourceRef: `E${n}-S`,
      customerRef: `E${n}`,
      role: 'self',
      name: '本人',
      phone: `1370000${String(n).padStart(4, '0')}`,
      validity: 'valid',
    })),
  );
  await put(
    '/api/v1/loans',
    refs.map((n) => ({
      sourceRef: `EL${n}`,
      customerRef: `E${n}`,
      productCode: 'XJD1',
      principalFen: 200_000,
      annualRate: '0.18',
      termMonths: 1,
      disbursedOn: '2026-10-27',
      maturityOn: '2026-11-27',
      schedule: [{ seq: 1, dueOn: '2026-11-27', principalDueFen: 200_000, interestDueFen: 3_000 }],
    })),
  );
  await ctx.services.dailyRun.runUpTo('2026-11-27');
  // The champion is the shipped default (activated on first planning); the challenger sends no day-1 push.
  await ctx.services.uow.transaction((r) => ctx.services.dispatch.ensureDefaults(r));
  championId = (await ctx.database.db.selectFrom('strategy_version').select('id').executeTakeFirstOrThrow())
    .id;
  const challenger: StrategyDefinition = {
    ...DEFAULT_STRATEGY,
    plans: DEFAULT_STRATEGY.plans.map((p) =>
      p.segmentCode === 'm1-first' ? { ...p, steps: p.steps.filter((s) => s.channel !== 'push') } : p,
    ),
  };
  challengerId = newId();
  await ctx.database.db
    .insertInto('strategy_version')
    .values({
      id: challengerId,
      code: 'm1-no-push',
      version: 1,
      status: 'active',
      definition: JSON.stringify({ ...challenger, code: 'm1-no-push' }),
    })
    .execute();
  manager = await logIn(app, 'manager');
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('champion / challenger', () => {
  it('refuses a draft strategy as a variant: only approved versions plan real cases', async () => {
    const draftId = newId();
    await ctx.database.db
      .insertInto('strategy_version')
      .values({
        id: draftId,
        code: 'draft-x',
        version: 1,
        status: 'draft',
        definition: JSON.stringify(DEFAULT_STRATEGY),
      })
      .execute();
    const res = await call(manager, 'POST', '/api/v1/experiments', {
      code: 'with-draft',
      segmentCode: 'm1-first',
      variants: [
        { id: 'champion', shareBps: 5000, strategyVersionId: championId },
        { id: 'challenger', shareBps: 5000, strategyVersionId: draftId },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors.map((e: { path: string }) => e.path)).toEqual(['variants.1.strategyVersionId']);
  });

  it('refuses shares that do not add up, with the place named', async () => {
    const res = await call(manager, 'POST', '/api/v1/experiments', {
      code: 'bad',
      segmentCode: 'm1-first',
      variants: [
        { id: 'champion', shareBps: 5000, strategyVersionId: championId },
        { id: 'challenger', shareBps: 4000, strategyVersionId: challengerId },
      ],
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('EXPERIMENT_INVALID');
  });

  it('splits new cases of the segment by a stable hash, and the split decides what is planned', async () => {
    const started = await call(manager, 'POST', '/api/v1/experiments', {
      code: 'm1-no-push',
      segmentCode: 'm1-first',
      variants: [
        { id: 'champion', shareBps: 5000, strategyVersionId: championId },
        { id: 'challenger', shareBps: 5000, strategyVersionId: challengerId },
      ],
    });
    expect(started.json().errors ?? []).toEqual([]);
    expect(started.statusCode).toBe(201);
    ctx.clock.advance(shanghai('2026-11-28', '10:00').getTime() - ctx.clock.now().getTime());
    await ctx.services.system.setBusinessDate('2026-11-28', SYSTEM_ACTOR);
    await ctx.services.dailyRun.runUpTo('2026-11-28');

    const assigned = await ctx.database.db
      .selectFrom('case_strategy')
      .select(['case_id', 'variant', 'strategy_version_id', 'experiment_code'])
      .execute();
    expect(assigned).toHaveLength(N);
    const experiment = {
      id: 'm1-no-push',
      variants: [
        { id: 'champion', shareBps: 5000 },
        { id: 'challenger', shareBps: 5000 },
      ],
    };
    for (const a of assigned) {
      expect(a.experiment_code).toBe('m1-no-push');
      expect(a.variant).toBe(assignVariant(experiment, a.case_id).variantId);
      expect(a.strategy_version_id).toBe(a.variant === 'challenger' ? challengerId : championId);
    }
    const challengers = assigned.filter((a) => a.variant === 'challenger').map((a) => a.case_id);
    expect(challengers.length).toBeGreaterThan(5);
    expect(challengers.length).toBeLessThan(N - 5);
    const pushes = await ctx.database.db
      .selectFrom('planned_action')
      .select(['case_id'])
      .where('channel', '=', 'push')
      .execute();
    expect(pushes.length).toBe(N - challengers.length);
    expect(pushes.every((p) => !challengers.includes(p.case_id))).toBe(true);

    // Planning again (a rerun) keeps every assignment.
    await ctx.services.dispatch.planDay('2026-11-28');
    const again = await ctx.database.db.selectFrom('case_strategy').select(['case_id', 'variant']).execute();
    expect(new Map(again.map((a) => [a.case_id, a.variant]))).toEqual(
      new Map(assigned.map((a) => [a.case_id, a.variant])),
    );
  });

  it('reports results per variant and passes its A/A check', async () => {
    manager = await logIn(app, 'manager');
    const results = await call(manager, 'GET', '/api/v1/experiments/m1-no-push/results');
    expect(results.statusCode).toBe(200);
    const body = results.json();
    expect(body.variants.map((v: { variantId: string }) => v.variantId)).toEqual(['champion', 'challenger']);
    expect(body.variants.reduce((n: number, v: { cases: number }) => n + v.cases, 0)).toBe(N);
    expect(body.variants[0].versusChampion).toBeNull();
    const aa = await call(manager, 'GET', '/api/v1/experiments/m1-no-push/aa-check');
    expect(aa.statusCode).toBe(200);
    expect(aa.json()).toMatchObject({ ids: N, fits: true });
  });
});
