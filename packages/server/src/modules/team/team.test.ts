/**
 * 团队看板 the team console on real PostgreSQL through HTTP: a team lead sees queue health,
 * today's contact statistics and per-collector figures for the members of their teams only; an
 * admin sees the whole book; a collector is refused.
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
const as = (u: string): ApiCall => apiCaller(app, () => sessions[u]!, { acceptLanguage: 'en-US' });
const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function logInAll() {
  for (const u of ['admin', 'lead', 'c1', 'c2', 'other']) sessions[u] = await logIn(app, u);
}

async function runDay(date: string) {
  ctx.clock.advance(shanghai(date, '10:00').getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  await logInAll();
}

async function caseOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('collection_case as cc')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['cc.id', 'cc.customer_id'])
    .where('l.source_ref', '=', loanRef)
    .executeTakeFirstOrThrow();
}

async function hold(loanRef: string, username: string) {
  const u = await ctx.database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', username)
    .executeTakeFirstOrThrow();
  await ctx.database.db
    .updateTable('collection_case')
    .set({ holder_user_id: u.id })
    .where('id', '=', (await caseOf(loanRef)).id)
    .execute();
}

async function call(username: string, loanRef: string, body: Record<string, unknown>) {
  const c = await caseOf(loanRef);
  const contact = await ctx.database.db
    .selectFrom('contact')
    .select('id')
    .where('customer_id', '=', c.customer_id)
    .executeTakeFirstOrThrow();
  const dial = await as(username)('POST', '/api/v1/contact-attempts', {
    caseId: c.id,
    contactId: contact.id,
    channel: 'call',
  });
  expect(dial.statusCode).toBe(201);
  const res = await as(username)('POST', `/api/v1/contact-attempts/${dial.json().attempt.id}/outcome`, body);
  expect(res.statusCode).toBe(200);
  return dial.json().attempt.id as string;
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await ctx.services.uow.repositories.users.upsertTeam('EARLY', '早期组');
  await ctx.services.uow.repositories.users.upsertTeam('MID', '中期组');
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'lead', roles: ['team_lead'], teamCodes: ['EARLY'] },
    { username: 'c1', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'c2', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'other', roles: ['collector'], teamCodes: ['MID'] },
  ]);
  await logInAll();
  await putProduct(as('admin'), 'XJD1', '现金贷 1 期');
  for (const n of [1, 2, 3, 4]) {
    await putDebtor(as('admin'), {
      ref: `T${n}`,
      loanRef: `TL${n}`,
      name: `借款人${n}`,
      mobile: `1377777000${n}`,
      regionCode: '110105',
      disbursedOn: '2026-10-25',
      dueOn: '2026-11-25',
      principalFen: 500_000,
      interestDueFen: 7_500,
    });
  }
  await runDay('2026-11-27');
  await runDay('2026-11-28');
  await hold('TL1', 'c1');
  await hold('TL2', 'c1');
  await hold('TL3', 'c2');
  await hold('TL4', 'other');
  await runDay('2026-11-29'); // day 3: call tasks for every case
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('the team console', () => {
  it('gives a team lead the figures of their team only', async () => {
    await call('c1', 'TL1', {
      connected: true,
      conversation: true,
      recordingRef: 'r1',
      outcomeCode: 'PTP',
    });
    await as('c1')('POST', `/api/v1/cases/${(await caseOf('TL1')).id}/promises`, {
      amountFen: 100_000,
      dueOn: '2026-12-01',
    });
    await call('c1', 'TL2', { connected: false, outcomeCode: 'NO_ANSWER' });
    await call('c2', 'TL3', {
      connected: true,
      conversation: true,
      recordingRef: 'r2',
      outcomeCode: 'THIRD_PARTY',
    });
    await call('other', 'TL4', { connected: false, outcomeCode: 'BUSY' });
    const paid = await as('admin')('POST', '/api/v1/payments', {
      loanRef: 'TL2',
      sourceRef: 'P-TL2',
      amountFen: 100_000,
      receivedOn: '2026-11-29',
      channel: 'bank_transfer',
    });
    expect(paid.statusCode).toBe(201);

    const res = await as('lead')('GET', '/api/v1/team/console');
    expect(res.statusCode).toBe(200);
    const view = res.json();
    expect(view).toMatchObject({ businessDate: '2026-11-29', scope: 'teams' });
    expect(view.collectors.map((c: { username: string }) => c.username)).toEqual(['c1', 'c2', 'lead']);
    const c1 = view.collectors.find((c: { username: string }) => c.username === 'c1');
    expect(c1).toMatchObject({
      openCases: 2,
      attempts: 2,
      connected: 1,
      rightPartyContacts: 1,
      promises: 1,
      promisedFen: 100_000,
      collectedFen: 100_000,
    });
    const c2 = view.collectors.find((c: { username: string }) => c.username === 'c2');
    expect(c2).toMatchObject({ openCases: 1, attempts: 1, connected: 1, rightPartyContacts: 0, promises: 0 });
    // Team totals: 3 attempts (other's call is another team's), 2 connected, 1 right party.
    expect(view.today).toMatchObject({
      attempts: 3,
      connected: 2,
      rightPartyContacts: 1,
      contactRate: '0.6667',
    });
    expect(view.queueHealth).toMatchObject({
      openCases: 3,
      unassigned: 0,
      byStage: { early: 3 },
      callsDueToday: 3,
      callsDoneToday: 3,
      promisesDueToday: 0,
    });
  });

  it('gives an admin the whole book, and refuses a collector', async () => {
    const all = (await as('admin')('GET', '/api/v1/team/console')).json();
    expect(all.scope).toBe('all');
    expect(all.queueHealth.openCases).toBe(4);
    expect(all.today.attempts).toBe(4);
    expect(all.collectors.map((c: { username: string }) => c.username)).toEqual([
      'c1',
      'c2',
      'lead',
      'other',
    ]);
    expect((await as('c1')('GET', '/api/v1/team/console')).statusCode).toBe(403);
  });
});
