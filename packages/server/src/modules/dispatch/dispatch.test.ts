/**
 * The full cycle over business days, on real PostgreSQL through the services and HTTP: a loan
 * falls due, the daily run opens its case and plans the day from the default strategy, dispatch
 * sends through the compliance gate into the sandbox outbox — at allowed hours only — and a
 * payment or a hold cancels what is pending, so nothing goes out afterwards.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let call: ApiCall;

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
function setNow(at: Date): void {
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
}

/** A debtor whose single installment fell due on `dueOn`, with their own mobile. */
async function debtor(n: number, dueOn: string) {
  await putDebtor(call, {
    ref: `D${n}`,
    loanRef: `L${n}`,
    name: `借款人${n}`,
    mobile: `1381111000${n}`,
    regionCode: '110105',
    disbursedOn: '2026-10-27',
    dueOn,
    principalFen: 500_000,
    interestDueFen: 7_500,
  });
}

async function runDay(date: string, at: Date) {
  setNow(at);
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  admin = await logIn(app, 'admin');
}

async function actionsOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('planned_action as pa')
    .innerJoin('collection_case as cc', 'cc.id', 'pa.case_id')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select([
      'pa.step_id',
      'pa.channel',
      'pa.status',
      'pa.planned_for',
      'pa.due_at',
      'pa.cancel_reason',
      'pa.rule_id',
      'pa.why_line',
    ])
    .where('l.source_ref', '=', loanRef)
    .orderBy('pa.planned_for')
    .orderBy('pa.priority', 'desc')
    .execute();
}

async function outboxOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('outbox_message as o')
    .innerJoin('message as m', 'm.id', 'o.message_id')
    .innerJoin('collection_case as cc', 'cc.id', 'm.case_id')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['o.channel', 'o.to_masked', 'o.body', 'o.received_at'])
    .where('l.source_ref', '=', loanRef)
    .orderBy('o.received_at')
    .execute();
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  admin = await logIn(app, 'admin');
  call = apiCaller(app, () => admin, { acceptLanguage: 'en-US' });
  await putProduct(call, 'XJD1', '现金贷 1 期');
  await debtor(1, '2026-11-27');
  await debtor(2, '2026-11-27');
  await runDay('2026-11-27', shanghai('2026-11-27', '10:00')); // due today: not yet overdue
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('the collection cycle over business days', () => {
  it('day 1: the case gets SMS and push reminders — no call — sent at an allowed hour, stating amount and due date', async () => {
    await runDay('2026-11-28', shanghai('2026-11-28', '10:00'));
    const planned = await actionsOf('L1');
    expect(planned.map((a) => a.channel).sort()).toEqual(['push', 'sms']);
    expect((planned[0]!.why_line as { 'zh-CN': string })['zh-CN']).toMatch(
      /^M1 · .+ · 第1天 .+ · 逾期1天,逾期金额 ¥/,
    );
    const summary = await ctx.services.dispatch.sendDue();
    expect(summary.sent).toBeGreaterThanOrEqual(2);
    const outbox = await outboxOf('L1');
    expect(outbox.map((o) => o.channel).sort()).toEqual(['push', 'sms']);
    const sms = outbox.find((o) => o.channel === 'sms')!;
    expect(sms.to_masked).toBe('138****0001');
    expect(sms.body).toContain('测试小额贷款有限公司');
    // ¥5,000.00 principal + ¥75.00 interest + one day of penalty interest (¥3.75)
    expect(sms.body).toContain('¥5,078.75');
    expect(sms.body).toContain('2026年11月27日');
    expect((await actionsOf('L1')).every((a) => a.status === 'sent')).toBe(true);
    // Sending again sends nothing twice.
    expect((await ctx.services.dispatch.sendDue()).claimed).toBe(0);
    expect(await outboxOf('L1')).toHaveLength(2);
  });

  it('a message that comes due at night is deferred to 08:00 local, not sent', async () => {
    // Debtor 2's day-1 actions were sent with debtor 1's; plan day 2 and dispatch at 23:30.
    await runDay('2026-11-29', shanghai('2026-11-29', '23:30'));
    const before = (await outboxOf('L2')).length;
    const summary = await ctx.services.dispatch.sendDue();
    expect(summary.deferred).toBeGreaterThanOrEqual(1);
    expect(await outboxOf('L2')).toHaveLength(before);
    const deferred = (await actionsOf('L2')).filter((a) => a.planned_for === '2026-11-29');
    expect(deferred.length).toBeGreaterThanOrEqual(1);
    for (const a of deferred) {
      expect(a).toMatchObject({ status: 'deferred', rule_id: 'cn.quiet-hours' });
      expect(a.due_at.toISOString()).toBe(shanghai('2026-11-30', '08:00').toISOString());
    }
    setNow(shanghai('2026-11-30', '07:59'));
    await ctx.services.dispatch.sendDue();
    expect(await outboxOf('L2')).toHaveLength(before);
    setNow(shanghai('2026-11-30', '08:00'));
    await ctx.services.dispatch.sendDue();
    expect((await outboxOf('L2')).length).toBe(before + deferred.length);
  });

  it('day 3 unpaid: a call task is planned for the collectors; a payment closes the case, cancels what is pending, and nothing is sent after', async () => {
    await runDay('2026-11-30', shanghai('2026-11-30', '09:00'));
    const day3 = (await actionsOf('L1')).filter((a) => a.planned_for === '2026-11-30');
    expect(day3.map((a) => a.channel)).toContain('call-task');
    const pending = day3.filter((a) => a.status === 'planned');
    expect(pending.length).toBeGreaterThanOrEqual(1);

    const sentBefore = (await outboxOf('L1')).length;
    const paid = await call('POST', '/api/v1/payments', {
      loanRef: 'L1',
      sourceRef: 'PAY-L1',
      amountFen: 600_000,
      receivedOn: '2026-11-30',
      channel: 'bank_transfer',
    });
    expect(paid.statusCode).toBe(201);
    const after = (await actionsOf('L1')).filter((a) => a.planned_for === '2026-11-30');
    expect(after.every((a) => a.status !== 'planned' && a.status !== 'deferred')).toBe(true);
    expect(after.filter((a) => a.cancel_reason === 'paid').length).toBe(pending.length);
    await ctx.services.dispatch.sendDue();
    await runDay('2026-12-01', shanghai('2026-12-01', '10:00'));
    await ctx.services.dispatch.sendDue();
    expect(await outboxOf('L1')).toHaveLength(sentBefore);
    expect((await actionsOf('L1')).filter((a) => a.planned_for === '2026-12-01')).toHaveLength(0);
  });

  it('a new hold cancels the pending messages it covers', async () => {
    await debtor(3, '2026-12-01');
    await runDay('2026-12-02', shanghai('2026-12-02', '07:00'));
    const pending = (await actionsOf('L3')).filter((a) => a.status === 'planned');
    expect(pending.map((a) => a.channel)).toContain('sms');
    const hold = await call('POST', '/api/v1/holds', {
      customerRef: 'D3',
      kind: 'channel-stop',
      channels: ['sms'],
      reason: '客户要求不发短信',
    });
    expect(hold.statusCode).toBe(201);
    const after = await actionsOf('L3');
    expect(
      after
        .filter((a) => a.channel === 'sms')
        .every((a) => a.status === 'cancelled' && a.cancel_reason === 'hold'),
    ).toBe(true);
    expect(after.filter((a) => a.channel === 'push').every((a) => a.status === 'planned')).toBe(true);
  });

  it('planning a day again adds nothing', async () => {
    const before = await ctx.database.db.selectFrom('planned_action').select('id').execute();
    expect((await ctx.services.dispatch.planDay('2026-12-02')).actions).toBe(0);
    const after = await ctx.database.db.selectFrom('planned_action').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
