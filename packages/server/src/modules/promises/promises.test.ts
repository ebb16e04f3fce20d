/**
 * 承诺还款 promises to pay over business days, on real PostgreSQL through HTTP and the daily
 * run: a promise is checked against what is owed and the date limit, pauses the routine calls,
 * gets its reminder the day before, is kept by the payments that reach it (and reopened by a
 * reversal), and — unpaid past its date and grace — is found broken by the daily run, which
 * re-plans the case that day with a call task first in the queue.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let call: ApiCall;
let callZh: ApiCall;

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function runDay(date: string) {
  const at = shanghai(date, '10:00');
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  await ctx.services.dispatch.sendDue(); // the day's messages go out at 10:00
  admin = await logIn(app, 'admin'); // sessions expire as the fixed clock moves on
}

async function caseIdOf(loanRef: string): Promise<string> {
  const row = await ctx.database.db
    .selectFrom('collection_case as cc')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select('cc.id')
    .where('l.source_ref', '=', loanRef)
    .executeTakeFirstOrThrow();
  return row.id;
}

async function actionsOn(loanRef: string, date: string) {
  return ctx.database.db
    .selectFrom('planned_action as pa')
    .innerJoin('collection_case as cc', 'cc.id', 'pa.case_id')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['pa.step_id', 'pa.channel', 'pa.priority', 'pa.why_line', 'pa.status'])
    .where('l.source_ref', '=', loanRef)
    .where('pa.planned_for', '=', date)
    .orderBy('pa.priority', 'desc')
    .execute();
}

async function promisesOf(loanRef: string) {
  const res = await call('GET', `/api/v1/cases/${await caseIdOf(loanRef)}/promises`);
  expect(res.statusCode).toBe(200);
  return res.json().items as { id: string; state: string; paidFen: number; resolvedOn: string | null }[];
}

const take = async (loanRef: string, body: Record<string, unknown>, caller: ApiCall = call) =>
  caller('POST', `/api/v1/cases/${await caseIdOf(loanRef)}/promises`, body);

const pay = (loanRef: string, sourceRef: string, amountFen: number, receivedOn: string) =>
  call('POST', '/api/v1/payments', { loanRef, sourceRef, amountFen, receivedOn, channel: 'bank_transfer' });

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  admin = await logIn(app, 'admin');
  call = apiCaller(app, () => admin, { acceptLanguage: 'en-US' });
  callZh = apiCaller(app, () => admin, { acceptLanguage: 'zh-CN' });
  await putProduct(call, 'XJD1', '现金贷 1 期');
  for (const n of [1, 2, 3, 4, 5]) {
    await putDebtor(call, {
      ref: `D${n}`,
      loanRef: `L${n}`,
      name: `借款人${n}`,
      mobile: `1392222000${n}`,
      regionCode: '110105',
      disbursedOn: '2026-10-27',
      dueOn: '2026-11-27',
      principalFen: 500_000,
      interestDueFen: 7_500,
    });
  }
  await runDay('2026-11-27');
  await runDay('2026-11-28'); // DPD 1: ¥5,075.00 + one day of penalty interest = ¥5,078.75 overdue
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('taking a promise', () => {
  it.each([
    [
      { amountFen: 507_876, dueOn: '2026-12-01' },
      'PROMISE_EXCEEDS_BALANCE',
      /more than the debtor owes \(¥5,078\.75\)/,
    ],
    [{ amountFen: 0, dueOn: '2026-12-01' }, 'PROMISE_AMOUNT_INVALID', /positive/],
    [{ amountFen: 100_000, dueOn: '2026-11-27' }, 'PROMISE_DATE_PAST', /before the business date 2026-11-28/],
    [{ amountFen: 100_000, dueOn: '2026-12-13' }, 'PROMISE_DATE_TOO_FAR', /2026-12-12 at the latest/],
  ])('refuses %j with %s, saving nothing', async (body, code, message) => {
    const res = await take('L1', body);
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code });
    expect(res.json().detail ?? res.json().title).toMatch(message);
    expect(await promisesOf('L1')).toEqual([]);
  });

  it('answers in Chinese by default', async () => {
    const res = await take('L1', { amountFen: 507_876, dueOn: '2026-12-01' }, callZh);
    expect(JSON.stringify(res.json())).toContain('超过客户当前欠款 ¥5,078.75');
  });

  it('takes a valid promise (the whole balance is allowed), one pending per case', async () => {
    const first = await take('L4', { amountFen: 507_875, dueOn: '2026-12-12', note: '客户称月底发工资' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      state: 'pending',
      amountFen: 507_875,
      dueOn: '2026-12-12',
      deadline: '2026-12-13',
      takenOn: '2026-11-28',
      takenBy: 'admin',
      paidFen: 0,
    });
    const second = await take('L4', { amountFen: 10_000, dueOn: '2026-12-01' });
    expect(second.statusCode).toBe(409);
    expect(second.json()).toMatchObject({ code: 'PROMISE_ALREADY_PENDING' });

    const cancelled = await call('POST', `/api/v1/promises/${first.json().id}/cancel`, {
      reason: '改为分期方案',
    });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({
      state: 'cancelled',
      cancelReason: '改为分期方案',
      resolvedOn: '2026-11-28',
    });
    const again = await call('POST', `/api/v1/promises/${first.json().id}/cancel`, { reason: 'x' });
    expect(again.statusCode).toBe(409);
    expect(again.json()).toMatchObject({ code: 'PROMISE_NOT_PENDING' });
    // A cancelled promise is no promise: the case is planned as without one.
    expect(await take('L4', { amountFen: 10_000, dueOn: '2026-12-01' }).then((r) => r.statusCode)).toBe(201);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'promise.%')
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual([
      'promise.cancelled',
      'promise.taken',
      'promise.taken',
    ]);
  });

  it('refuses a contact attempt of another case and an unknown case', async () => {
    const res = await take('L1', {
      amountFen: 10_000,
      dueOn: '2026-12-01',
      contactAttemptId: '00000000-0000-4000-8000-000000000001',
    });
    expect(res.json()).toMatchObject({ code: 'CONTACT_ATTEMPT_NOT_FOUND' });
    const unknown = await call('POST', '/api/v1/cases/00000000-0000-4000-8000-000000000002/promises', {
      amountFen: 10_000,
      dueOn: '2026-12-01',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
  });
});

describe('kept, broken and reversed promises over business days', () => {
  it('pauses routine calls, reminds the day before, is kept by the payments, and is found broken when unpaid', async () => {
    // L1 promises ¥3,000 by 12-02; L2 ¥2,000 by 11-29; L3 ¥1,000 by 11-30; L5 promises nothing.
    expect((await take('L1', { amountFen: 300_000, dueOn: '2026-12-02' })).statusCode).toBe(201);
    expect((await take('L2', { amountFen: 200_000, dueOn: '2026-11-29' })).statusCode).toBe(201);
    expect((await take('L3', { amountFen: 100_000, dueOn: '2026-11-30' })).statusCode).toBe(201);

    // 11-29: L3 pays its promise in full (kept at once); L2 gets its reminder on 11-28? No: the
    // day before 11-29 was the day it was taken; its date passes without payment.
    await runDay('2026-11-29');
    expect((await pay('L3', 'P-L3', 100_000, '2026-11-29')).statusCode).toBe(201);
    expect((await promisesOf('L3'))[0]).toMatchObject({
      state: 'kept',
      paidFen: 100_000,
      resolvedOn: '2026-11-29',
    });
    // …and the payment bounces: the promise is pending again, with nothing paid.
    const reversed = await call('POST', '/api/v1/payments/P-L3/reverse', { reason: '退票' });
    expect(reversed.statusCode).toBe(200);
    expect((await promisesOf('L3'))[0]).toMatchObject({ state: 'pending', paidFen: 0, resolvedOn: null });

    // 11-30 (day 3): the case without a promise gets its first call; the promised ones do not.
    await runDay('2026-11-30');
    expect((await actionsOn('L5', '2026-11-30')).map((a) => a.channel)).toContain('call-task');
    expect((await actionsOn('L1', '2026-11-30')).map((a) => a.channel)).not.toContain('call-task');
    // L2's date (11-29) and grace day (11-30) have not passed yet.
    expect((await promisesOf('L2'))[0]!.state).toBe('pending');

    // 12-01: L1's reminder (the day before its date) goes out; L2 (due 11-29, grace day 11-30)
    // is found broken and re-planned that day: a call task first in the queue. L3 (due 11-30)
    // still has its grace day.
    await runDay('2026-12-01');
    const l1 = await actionsOn('L1', '2026-12-01');
    expect(l1).toEqual([expect.objectContaining({ step_id: 'm1f.promise.reminder', status: 'sent' })]);
    const reminder = await ctx.database.db
      .selectFrom('outbox_message as o')
      .innerJoin('message as m', 'm.id', 'o.message_id')
      .select(['o.body'])
      .where('m.case_id', '=', await caseIdOf('L1'))
      .where('m.template_code', '=', 'sms.promise.reminder')
      .execute();
    expect(reminder).toHaveLength(1);
    expect(reminder[0]!.body).toContain('¥3,000.00');

    expect((await promisesOf('L3'))[0]).toMatchObject({ state: 'pending' });
    for (const [ref, on] of [
      ['L2', '2026-12-01'],
      ['L3', '2026-12-02'],
    ] as const) {
      if (on !== '2026-12-01') await runDay(on);
      expect((await promisesOf(ref))[0]).toMatchObject({ state: 'broken', resolvedOn: on });
      const [first] = await actionsOn(ref, on);
      expect(first).toMatchObject({ step_id: 'm1f.promise.broken', channel: 'call-task', priority: 90 });
      expect((first!.why_line as { 'zh-CN': string })['zh-CN']).toContain('承诺跳票当天');
      const assigned = await ctx.database.db
        .selectFrom('case_strategy')
        .select(sql`assigned_on::text`.as('on'))
        .where('case_id', '=', await caseIdOf(ref))
        .executeTakeFirstOrThrow();
      expect(assigned.on).toBe(on); // re-segmented on the day the promise broke
    }

    // 12-02: L1 pays in two parts; the first leaves it pending, the second keeps it.
    expect((await pay('L1', 'P-L1a', 100_000, '2026-12-02')).statusCode).toBe(201);
    expect((await promisesOf('L1'))[0]).toMatchObject({ state: 'pending', paidFen: 100_000 });
    expect((await pay('L1', 'P-L1b', 200_000, '2026-12-02')).statusCode).toBe(201);
    expect((await promisesOf('L1'))[0]).toMatchObject({
      state: 'kept',
      paidFen: 300_000,
      resolvedOn: '2026-12-02',
    });
    // The broken promises get no second follow-up.
    expect((await actionsOn('L2', '2026-12-02')).map((a) => a.step_id)).not.toContain('m1f.promise.broken');

    // A kept promise stays kept past its deadline; a payment before a promise never counts for it.
    await runDay('2026-12-04');
    expect((await promisesOf('L1'))[0]!.state).toBe('kept');
  });

  it('marks a promise partly kept when some but not all was paid by the deadline', async () => {
    expect((await take('L5', { amountFen: 200_000, dueOn: '2026-12-05' })).statusCode).toBe(201);
    expect((await pay('L5', 'P-L5', 50_000, '2026-12-04')).statusCode).toBe(201);
    await runDay('2026-12-06'); // deadline 12-06 (one grace day): still pending
    expect((await promisesOf('L5'))[0]!.state).toBe('pending');
    await runDay('2026-12-07');
    expect((await promisesOf('L5'))[0]).toMatchObject({ state: 'partly_kept', paidFen: 50_000 });
    // Partly kept is a broken promise for the strategy: the follow-up call is planned.
    expect((await actionsOn('L5', '2026-12-07')).map((a) => a.step_id)).toContain('m1f.promise.broken');
  });

  it('keeps a promise when the payment settles the case, even short of the promised amount', async () => {
    // L2 (broken) promises again; paying off the whole overdue balance cures the case.
    const owed = await ctx.database.db
      .selectFrom('loan_state as ls')
      .innerJoin('loan as l', 'l.id', 'ls.loan_id')
      .select(
        sql<number>`(overdue_principal_fen + overdue_interest_fen + overdue_fees_fen + overdue_penalty_fen)::bigint`.as(
          'owed',
        ),
      )
      .where('l.source_ref', '=', 'L2')
      .executeTakeFirstOrThrow();
    expect((await take('L2', { amountFen: Number(owed.owed), dueOn: '2026-12-10' })).statusCode).toBe(201);
    const paid = await pay('L2', 'P-L2', 600_000, '2026-12-07');
    expect(paid.statusCode).toBe(201);
    expect((await promisesOf('L2'))[0]).toMatchObject({ state: 'kept', resolvedOn: '2026-12-07' });
    const closed = await take('L2', { amountFen: 1_000, dueOn: '2026-12-10' });
    expect(closed.json()).toMatchObject({ code: 'PROMISE_CASE_CLOSED' });
  });
});

describe('promise policy', () => {
  it('is a setting: changed with an audit trail, out-of-bounds values refused and nothing changed', async () => {
    expect((await call('GET', '/api/v1/settings/promise-policy')).json()).toEqual({
      maxDaysAhead: 14,
      graceDays: 1,
    });
    const bad = await call('PUT', '/api/v1/settings/promise-policy', { maxDaysAhead: 0, graceDays: 1 });
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toMatchObject({ code: 'PROMISE_POLICY_INVALID' });
    expect((await call('GET', '/api/v1/settings/promise-policy')).json()).toEqual({
      maxDaysAhead: 14,
      graceDays: 1,
    });

    const set = await call('PUT', '/api/v1/settings/promise-policy', { maxDaysAhead: 3, graceDays: 0 });
    expect(set.statusCode).toBe(200);
    const tooFar = await take('L3', { amountFen: 10_000, dueOn: '2026-12-11' });
    expect(tooFar.json()).toMatchObject({ code: 'PROMISE_DATE_TOO_FAR' });
    expect((await take('L3', { amountFen: 10_000, dueOn: '2026-12-10' })).statusCode).toBe(201);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['before', 'after'])
      .where('action', '=', 'promise.policy.set')
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ before: { maxDaysAhead: 14 }, after: { maxDaysAhead: 3, graceDays: 0 } });
  });
});
