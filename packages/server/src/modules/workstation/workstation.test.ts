/**
 * 催收工作台 the collector workstation through HTTP on real PostgreSQL: the queue of the cases a
 * collector holds, highest priority first; the next case; the whole case on one page with masked
 * personal data, the script's required statements and one timeline; recording an outcome with
 * action codes that must agree with the call; and the changes a workstation polls, in which a
 * payment shows up.
 */
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
const sessions: Record<string, ApiSession> = {};
const as = (username: string): ApiCall =>
  apiCaller(app, () => sessions[username]!, { acceptLanguage: 'en-US' });
const admin = () => as('admin');
const collector = () => as('wangli');

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function logInAll() {
  for (const u of ['admin', 'wangli', 'zhaoqiang']) sessions[u] = await logIn(app, u);
}

async function runDay(date: string) {
  const at = shanghai(date, '10:00');
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  await logInAll();
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

async function hold(loanRef: string, username: string) {
  const user = await ctx.database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  await ctx.database.db
    .updateTable('collection_case')
    .set({ holder_user_id: user.id })
    .where('id', '=', await caseIdOf(loanRef))
    .execute();
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'wangli', roles: ['collector'], displayName: '王丽' },
    { username: 'zhaoqiang', roles: ['collector'], displayName: '赵强' },
  ]);
  await logInAll();
  await putProduct(admin(), 'XJD1', '现金贷 1 期');
  // L1 and L2 fell due on 11-25 (cases open 11-27; day 3 on 11-29: a call task); L3 on 11-27 (day 2).
  for (const [n, dueOn, principalFen] of [
    [1, '2026-11-25', 500_000],
    [2, '2026-11-25', 800_000],
    [3, '2026-11-27', 900_000],
  ] as const) {
    await putDebtor(admin(), {
      ref: `W${n}`,
      loanRef: `WL${n}`,
      name: `借款人${n}`,
      mobile: `1365555000${n}`,
      regionCode: '110105',
      disbursedOn: '2026-10-25',
      dueOn,
      principalFen,
      interestDueFen: 7_500,
    });
  }
  await runDay('2026-11-27');
  await runDay('2026-11-28');
  await runDay('2026-11-29'); // the cases opened on 11-27: day 3
  for (const ref of ['WL1', 'WL2', 'WL3']) await hold(ref, 'wangli');
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('the queue', () => {
  it('lists the cases I hold: today’s call tasks first (by the strategy’s priority), then by amount', async () => {
    const res = await collector()('GET', '/api/v1/workstation/queue');
    expect(res.statusCode).toBe(200);
    const items = res.json().items as {
      loanRef: string;
      priority: number;
      topStep: string | null;
      whyLine: unknown;
    }[];
    expect(items.map((i) => i.loanRef)).toEqual(['WL2', 'WL1', 'WL3']);
    expect(items[0]).toMatchObject({ priority: 40, topStep: 'm1f.call' });
    expect((items[0]!.whyLine as { 'zh-CN': string })['zh-CN']).toMatch(/^M1 · .+ · 第3天 电话任务/);
    expect(items[2]).toMatchObject({ priority: 0, topStep: null });
    // Another collector holds nothing and sees nothing of these cases.
    expect((await as('zhaoqiang')('GET', '/api/v1/workstation/queue')).json().items).toEqual([]);
    const foreign = await as('zhaoqiang')('GET', `/api/v1/cases/${await caseIdOf('WL1')}/workspace`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json()).toMatchObject({ code: 'CASE_NOT_FOUND' });
  });

  it('gives the next case: the top one not yet attempted today', async () => {
    const next = await collector()('GET', '/api/v1/workstation/next');
    expect(next.json().caseId).toBe(await caseIdOf('WL2'));
  });
});

describe('the case on one page', () => {
  it('shows the customer masked, the schedule, today’s actions and why, and the script with its required statements', async () => {
    const res = await collector()('GET', `/api/v1/cases/${await caseIdOf('WL2')}/workspace`);
    expect(res.statusCode).toBe(200);
    const w = res.json();
    expect(w.customer.mobileMasked).toBe('136****0002');
    expect(JSON.stringify(w)).not.toContain('13655550002');
    expect(w.customer.contacts[0]).toMatchObject({
      role: 'self',
      validity: 'valid',
      phoneMasked: '136****0002',
    });
    expect(w.case).toMatchObject({ stage: 'early', bucket: 'M1', dpd: 4, segmentCode: 'm1-first' });
    expect(w.case.overdue.totalFen).toBe(
      w.case.overdue.principalFen +
        w.case.overdue.interestFen +
        w.case.overdue.feesFen +
        w.case.overdue.penaltyFen,
    );
    expect(w.loan.installments).toEqual([
      expect.objectContaining({ seq: 1, dueOn: '2026-11-25', principalDueFen: 800_000 }),
    ]);
    expect(w.loan.penaltyFormula['zh-CN']).toBe('逾期本金 × 年利率 18% × 1.5 ÷ 360 × 逾期天数');
    expect(w.today).toEqual(
      expect.arrayContaining([expect.objectContaining({ stepId: 'm1f.call', status: 'planned' })]),
    );
    const required = w.script.statements.filter((s: { required: boolean }) => s.required);
    expect(required.map((s: { id: string }) => s.id)).toEqual([
      'identify',
      'amount-and-fees',
      'credit-record',
    ]);
    expect(required[0].text['zh-CN']).toContain('测试小额贷款有限公司的工作人员王丽');
    expect(required[1].text['zh-CN']).toContain('逾期4天');
    // The timeline has the messages sent on days 1 and 2 and the case's opening.
    const kinds = new Set(w.timeline.map((t: { kind: string }) => t.kind));
    expect(kinds.has('case')).toBe(true);
    expect(kinds.has('plan')).toBe(true);
  });
});

describe('recording a call', () => {
  it('refuses an unknown or contradictory action code, saving nothing, then records a promise call and marks today’s call task done', async () => {
    const caseId = await caseIdOf('WL2');
    const w = (await collector()('GET', `/api/v1/cases/${caseId}/workspace`)).json();
    const contactId = w.customer.contacts[0].id;
    const dial = await collector()('POST', '/api/v1/contact-attempts', {
      caseId,
      contactId,
      channel: 'call',
    });
    expect(dial.statusCode).toBe(201);
    const attemptId = dial.json().attempt.id;
    const outcome = (body: Record<string, unknown>) =>
      collector()('POST', `/api/v1/contact-attempts/${attemptId}/outcome`, {
        connected: true,
        conversation: true,
        recordingRef: 'rec-001',
        ...body,
      });
    const unknown = await outcome({ outcomeCode: 'MAYBE' });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'ACTION_CODE_UNKNOWN' });
    const mismatch = await outcome({ outcomeCode: 'NO_ANSWER' });
    expect(mismatch.json()).toMatchObject({ code: 'ACTION_CODE_MISMATCH' });

    const ok = await outcome({
      outcomeCode: 'PTP',
      delinquencyReason: 'temporary-hardship',
      willingness: 'high',
      ability: 'medium',
      note: '客户称下周一发工资后还款',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ outcomeCode: 'PTP', rightParty: true });
    const promise = await collector()('POST', `/api/v1/cases/${caseId}/promises`, {
      amountFen: 200_000,
      dueOn: '2026-12-02',
      contactAttemptId: attemptId,
    });
    expect(promise.statusCode).toBe(201);

    const after = (await collector()('GET', `/api/v1/cases/${caseId}/workspace`)).json();
    expect(after.case.delinquencyReason).toBe('temporary-hardship');
    expect(after.today.find((a: { stepId: string }) => a.stepId === 'm1f.call').status).toBe('done');
    const attempt = after.timeline.find((t: { kind: string }) => t.kind === 'attempt');
    expect(attempt.detail).toMatchObject({
      outcomeCode: 'PTP',
      willingness: 'high',
      ability: 'medium',
      by: 'wangli',
    });
    expect(after.timeline.some((t: { kind: string }) => t.kind === 'promise')).toBe(true);
    // The queue moves on: WL2 was attempted today, so the next case is WL1.
    expect((await collector()('GET', '/api/v1/workstation/next')).json().caseId).toBe(await caseIdOf('WL1'));
  });

  it('marks the number invalid for INVALID_NUMBER', async () => {
    const caseId = await caseIdOf('WL1');
    const w = (await collector()('GET', `/api/v1/cases/${caseId}/workspace`)).json();
    const dial = await collector()('POST', '/api/v1/contact-attempts', {
      caseId,
      contactId: w.customer.contacts[0].id,
      channel: 'call',
    });
    const res = await collector()('POST', `/api/v1/contact-attempts/${dial.json().attempt.id}/outcome`, {
      connected: false,
      outcomeCode: 'INVALID_NUMBER',
    });
    expect(res.statusCode).toBe(200);
    const again = (await collector()('GET', `/api/v1/cases/${caseId}/workspace`)).json();
    expect(again.customer.contacts[0].validity).toBe('invalid');
  });
});

describe('action codes', () => {
  it('are a setting: shipped codes may be retired, not removed or changed in meaning', async () => {
    const list = (await admin()('GET', '/api/v1/settings/action-codes')).json().items as {
      code: string;
      party: string;
      retired?: boolean;
    }[];
    expect(list.map((c) => c.code)).toEqual(expect.arrayContaining(['PTP', 'NO_ANSWER', 'INVALID_NUMBER']));
    const removed = await admin()('PUT', '/api/v1/settings/action-codes', {
      items: list.filter((c) => c.code !== 'PTP'),
    });
    expect(removed.statusCode).toBe(422);
    expect(removed.json()).toMatchObject({ code: 'ACTION_CODES_INVALID' });
    const forbidden = await collector()('PUT', '/api/v1/settings/action-codes', { items: list });
    expect(forbidden.statusCode).toBe(403);
    const retired = list.map((c) => (c.code === 'BUSY' ? { ...c, retired: true } : c));
    const added = [
      ...retired,
      { code: 'VOICEMAIL', label: { 'zh-CN': '语音信箱', 'en-US': 'voicemail' }, party: 'none' },
    ];
    expect((await admin()('PUT', '/api/v1/settings/action-codes', { items: added })).statusCode).toBe(200);
    const caseId = await caseIdOf('WL3');
    const w = (await collector()('GET', `/api/v1/cases/${caseId}/workspace`)).json();
    const dial = await collector()('POST', '/api/v1/contact-attempts', {
      caseId,
      contactId: w.customer.contacts[0].id,
      channel: 'call',
    });
    const busy = await collector()('POST', `/api/v1/contact-attempts/${dial.json().attempt.id}/outcome`, {
      connected: false,
      outcomeCode: 'BUSY',
    });
    expect(busy.json()).toMatchObject({ code: 'ACTION_CODE_UNKNOWN' });
    const voicemail = await collector()(
      'POST',
      `/api/v1/contact-attempts/${dial.json().attempt.id}/outcome`,
      {
        connected: false,
        outcomeCode: 'VOICEMAIL',
      },
    );
    expect(voicemail.statusCode).toBe(200);
  });
});

describe('changes to poll', () => {
  it('returns a cursor, then the payment and closing of a case I hold', async () => {
    const first = (await collector()('GET', '/api/v1/workstation/changes')).json();
    expect(first.events).toEqual([]);
    const none = (await collector()('GET', `/api/v1/workstation/changes?after=${first.cursor}`)).json();
    expect(none.events).toEqual([]);
    const paid = await admin()('POST', '/api/v1/payments', {
      loanRef: 'WL1',
      sourceRef: 'P-WL1',
      amountFen: 600_000,
      receivedOn: '2026-11-28',
      channel: 'bank_transfer',
    });
    expect(paid.statusCode).toBe(201);
    const changes = (await collector()('GET', `/api/v1/workstation/changes?after=${first.cursor}`)).json();
    const caseId = await caseIdOf('WL1');
    expect(
      changes.events
        .filter((e: { caseId: string }) => e.caseId === caseId)
        .map((e: { kind: string }) => e.kind),
    ).toEqual(expect.arrayContaining(['payment', 'closed']));
    expect(changes.cursor).toBeGreaterThan(first.cursor);
    // The closed case has left the queue; another collector is told nothing of it.
    const queue = (await collector()('GET', '/api/v1/workstation/queue')).json().items;
    expect(queue.map((i: { loanRef: string }) => i.loanRef)).not.toContain('WL1');
    expect(
      (await as('zhaoqiang')('GET', `/api/v1/workstation/changes?after=${first.cursor}`)).json().events,
    ).toEqual([]);
  });
});
