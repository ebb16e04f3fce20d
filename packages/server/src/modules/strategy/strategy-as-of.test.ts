/**
 * 模拟基准日 simulation at a past business date on real PostgreSQL: after the daily run has
 * kept its snapshots for a month of business days, a simulation as of a past date plans the
 * cases open at the end of that date with that date's facts (DPD, bucket, stage and its start),
 * a case paid since included; today's simulation does not have it. A future date, a date before
 * the first daily run and a pruned snapshot are refused with coded errors; nothing is written.
 */
import { addDays, DEFAULT_STRATEGY } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let manager: ApiSession;
let call: ApiCall;
let asManager: ApiCall;
let activeId: string;
const caseOf: Record<string, string> = {};

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

/** Runs each business day after the current one up to `date` (the daily run of each day). */
async function runUpTo(date: string) {
  let day = await ctx.services.system.businessDate();
  while (day < date) {
    day = addDays(day, 1);
    ctx.clock.advance(shanghai(day, '09:00').getTime() - ctx.clock.now().getTime());
    await ctx.services.system.setBusinessDate(day, SYSTEM_ACTOR);
    await ctx.services.dailyRun.runUpTo(day);
  }
  admin = await logIn(app, 'admin');
  manager = await logIn(app, 'sm1');
}

async function debtor(n: number, dueOn: string) {
  await putDebtor(call, {
    ref: `D${n}`,
    loanRef: `L${n}`,
    name: `借款人${n}`,
    mobile: `1381111000${n}`,
    disbursedOn: '2026-10-27',
    dueOn,
    principalFen: 500_000,
    interestDueFen: 7_500,
  });
}

const simulate = (body: Record<string, unknown>) =>
  asManager('POST', `/api/v1/strategies/${activeId}/simulate`, body);

const count = async (table: 'planned_action' | 'case_strategy' | 'strategy_version' | 'audit_event') =>
  Number(
    (
      await ctx.database.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'sm1', roles: ['strategy_manager'] },
    { username: 'c1', roles: ['collector'] },
  ]);
  admin = await logIn(app, 'admin');
  manager = await logIn(app, 'sm1');
  call = apiCaller(app, () => admin);
  asManager = apiCaller(app, () => manager, { acceptLanguage: 'en-US' });
  await putProduct(call, 'XJD1');
  // D1 and D2 fall due on 11-27 (day 1 on 11-28); D3 on 11-29 (day 1 on 11-30).
  await debtor(1, '2026-11-27');
  await debtor(2, '2026-11-27');
  await debtor(3, '2026-11-29');
  await runUpTo('2026-11-30');
  // D2 pays in full on 11-30, after that day's run: the case closes that day.
  const paid = await call('POST', '/api/v1/payments', {
    loanRef: 'L2',
    sourceRef: 'PAY-L2',
    amountFen: 600_000,
    receivedOn: '2026-11-30',
    channel: 'bank_transfer',
  });
  expect(paid.statusCode).toBe(201);
  // D1 is 31 days late on 12-28: the daily run moves its case to the middle stage (M2).
  await runUpTo('2026-12-28');
  const cases = await ctx.database.db
    .selectFrom('collection_case as cc')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['l.source_ref', 'cc.id', 'cc.status', 'cc.stage'])
    .execute();
  for (const c of cases) caseOf[c.source_ref] = c.id;
  expect(cases.find((c) => c.source_ref === 'L2')?.status).toBe('closed');
  expect(cases.find((c) => c.source_ref === 'L1')?.stage).toBe('middle');
  activeId = (
    await ctx.database.db
      .selectFrom('strategy_version')
      .select('id')
      .where('code', '=', DEFAULT_STRATEGY.code)
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow()
  ).id;
}, 120_000);
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('the book at a past business date', () => {
  it('is the cases open at the end of that date, with that date’s DPD, bucket, stage and stage start', async () => {
    const r = ctx.services.uow.repositories.strategies;
    const at = async (date: string) =>
      Object.fromEntries(
        (await r.snapshotPlanningCases(date, 'Asia/Shanghai', null, 100)).map((c) => [c.case_id, c]),
      );
    // 11-29: D1 and D2 on day 2; D3 not due yet.
    const nov29 = await at('2026-11-29');
    expect(Object.keys(nov29).sort()).toEqual([caseOf.L1!, caseOf.L2!].sort());
    expect(nov29[caseOf.L1!]).toMatchObject({
      dpd: 2,
      bucket: 'M1',
      stage: 'early',
      opened_on: '2026-11-28',
      stage_started_on: '2026-11-28',
      overdue_fen: expect.any(Number),
      self_contact_valid: true,
    });
    // 11-30: D2 paid that day (its case closed at the day's end); D3 opened.
    expect(Object.keys(await at('2026-11-30')).sort()).toEqual([caseOf.L1!, caseOf.L3!].sort());
    // 12-27: D1 on day 30, still early; on 12-28 (today) it is in M2 from that day.
    expect((await at('2026-12-27'))[caseOf.L1!]).toMatchObject({
      dpd: 30,
      bucket: 'M1',
      stage: 'early',
      stage_started_on: '2026-11-28',
      worst_dpd: 30,
    });
    expect((await at('2026-12-28'))[caseOf.L1!]).toMatchObject({
      dpd: 31,
      stage: 'middle',
      stage_started_on: '2026-12-28',
    });
  });

  it('simulates a past date over that date’s book: the case paid since is there, today’s run does not have it', async () => {
    const before = {
      actions: await count('planned_action'),
      assignments: await count('case_strategy'),
      versions: await count('strategy_version'),
      audit: await count('audit_event'),
    };
    const past = await simulate({ asOf: '2026-11-29', days: 1 });
    expect(past.statusCode).toBe(200);
    expect(past.json()).toMatchObject({
      businessDate: '2026-12-28',
      asOf: '2026-11-29',
      book: 'snapshot',
      startOn: '2026-11-29',
      cases: 2,
      truncated: false,
    });
    expect(past.json().byDay.map((d: { date: string }) => d.date)).toEqual(['2026-11-29']);
    // Day 2 of two first-time late payers: SMS and push each, no call yet.
    expect(past.json().byDay[0].channels).toMatchObject({ sms: 2, push: 2, 'call-task': 0 });
    const pastCases = past.json().samples.map((s: { caseId: string }) => s.caseId);
    expect(pastCases).toContain(caseOf.L1);
    expect(past.json().samples[0].whyLine['en-US']).toContain('DPD 2,');
    expect(past.json().assumptions[0]['en-US']).toContain('2026-11-29');

    const today = await simulate({ days: 1 });
    expect(today.statusCode).toBe(200);
    expect(today.json()).toMatchObject({ asOf: '2026-12-28', book: 'current', cases: 2 });
    const todayCases = today.json().samples.map((s: { caseId: string }) => s.caseId);
    expect(todayCases).not.toContain(caseOf.L2);
    // D1 is 29 days further on today: M2, not the first-time M1 segment.
    const segmentsToday = today.json().bySegment.filter((s: { cases: number }) => s.cases > 0);
    expect(segmentsToday.map((s: { code: string }) => s.code)).toContain('m2');
    const segmentsPast = past.json().bySegment.filter((s: { cases: number }) => s.cases > 0);
    expect(segmentsPast.map((s: { code: string; cases: number }) => [s.code, s.cases])).toEqual([
      ['m1-first', 2],
    ]);

    expect({
      actions: await count('planned_action'),
      assignments: await count('case_strategy'),
      versions: await count('strategy_version'),
      audit: await count('audit_event'),
    }).toEqual(before);
  });

  it('moves a past book on day by day: as of 12-27 the case reaches M2 on the second simulated day', async () => {
    const res = await simulate({ asOf: '2026-12-27', days: 2 });
    expect(res.statusCode).toBe(200);
    const m2 = res.json().bySegment.find((s: { code: string }) => s.code === 'm2');
    expect(m2.cases).toBe(1);
    expect(res.json().samples.find((s: { segmentCode: string }) => s.segmentCode === 'm2').date).toBe(
      '2026-12-28',
    );
    const later = await simulate({ asOf: '2026-11-29', startOn: '2026-12-01', days: 1 });
    expect(later.json()).toMatchObject({ asOf: '2026-11-29', startOn: '2026-12-01' });
  });

  it('refuses a future date, a date before the first daily run and a pruned snapshot, in both languages', async () => {
    const future = await simulate({ asOf: '2026-12-29' });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe('SIMULATION_DATE_IN_FUTURE');
    expect(future.json().messages['zh-CN']).toContain('晚于当前营业日 2026-12-28');

    const beforeFirst = await simulate({ asOf: '2026-11-27' });
    expect(beforeFirst.statusCode).toBe(422);
    expect(beforeFirst.json().code).toBe('SIMULATION_SNAPSHOT_MISSING');
    expect(beforeFirst.json().messages['en-US']).toContain('earliest available date is 2026-11-28');
    expect(beforeFirst.json().messages['zh-CN']).toContain('没有日终快照');

    await ctx.database.db.deleteFrom('loan_daily').where('as_of', '=', '2026-11-28').execute();
    const pruned = await simulate({ asOf: '2026-11-28' });
    expect(pruned.statusCode).toBe(422);
    expect(pruned.json().code).toBe('SIMULATION_SNAPSHOT_MISSING');

    const tooFarAhead = await simulate({ asOf: '2026-11-29', startOn: '2027-01-29' });
    expect(tooFarAhead.statusCode).toBe(422);
    expect(tooFarAhead.json().code).toBe('SIMULATION_DATE_INVALID');
  });
});
