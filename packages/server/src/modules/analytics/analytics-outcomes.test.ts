/**
 * 统计分析 the outcome rollups on real PostgreSQL over 35 business days crossing two month ends
 * (October → November → December): the roll-rate matrix and the recovery rate on the dashboards
 * equal the domain's functions over the raw snapshots, assignments and payments, and the figures
 * worked out by hand; read-time settings apply at once, window settings make the rollups stale
 * until rebuilt; rewriting a day changes nothing.
 */
import {
  type AllocationRecord,
  addDays,
  fen,
  parseAnalyticsSettings,
  recoveryRates,
  rollRateMatrix,
} from '@huikuan/domain';
import { parse } from 'csv-parse/sync';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawSnapshots } from '../../test/analytics-raw.js';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let lead: ApiSession;
let call: ApiCall;
let asLead: ApiCall;

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);
const START = '2026-10-28';
const END = '2026-12-01';
const WINDOWS = { observationMonths: 1, performanceMonths: 1 };

async function runDay(date: string) {
  const at = shanghai(date, '10:00');
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  admin = await logIn(app, 'admin');
  lead = await logIn(app, 'lead');
}

const pay = (loanRef: string, amountFen: number, receivedOn: string) =>
  call('POST', '/api/v1/payments', {
    loanRef,
    sourceRef: `P-${loanRef}-${receivedOn}`,
    amountFen,
    receivedOn,
    channel: 'bank_transfer',
  });

async function caseOf(loanRef: string): Promise<{ id: string; version: number; holder: string | null }> {
  const r = await sql<{ id: string; version: number; holder: string | null }>`
    SELECT cc.id::text, cc.version, u.username AS holder
    FROM collection_case cc JOIN loan l ON l.id = cc.loan_id LEFT JOIN app_user u ON u.id = cc.holder_user_id
    WHERE l.source_ref = ${loanRef} ORDER BY cc.opened_on DESC LIMIT 1`.execute(ctx.database.db);
  return r.rows[0]!;
}

async function moveToOther(loanRef: string) {
  const c = await caseOf(loanRef);
  const other = c.holder === 'c1' ? 'c2' : 'c1';
  const to = (await ctx.services.uow.repositories.users.findByUsername(other))!.id;
  const res = await asLead('POST', `/api/v1/cases/${c.id}/assign`, {
    userId: to,
    expectedVersion: c.version,
  });
  expect(res.statusCode).toBe(200);
}

/** Who held the loan's case at the end of `day`, from the assignment history. */
async function holderOn(loanRef: string, day: string): Promise<string> {
  const r = await sql<{ holder: string }>`
    SELECT u.username AS holder FROM case_assignment a
    JOIN collection_case cc ON cc.id = a.case_id JOIN loan l ON l.id = cc.loan_id
    JOIN app_user u ON u.id = a.to_user_id
    WHERE l.source_ref = ${loanRef} AND a.on_date <= ${day}::date ORDER BY a.id DESC LIMIT 1`.execute(
    ctx.database.db,
  );
  return r.rows[0]!.holder;
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: START, start: shanghai(START, '10:00') });
  app = await createTestApp(ctx);
  const team = (await ctx.services.uow.repositories.users.upsertTeam('EARLY', '早期组')).id;
  await ctx.services.uow.repositories.users.upsertTeam('LATE', '后期组');
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'lead', roles: ['team_lead'], teamCodes: ['EARLY'] },
    { username: 'c1', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'c2', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'late-lead', roles: ['team_lead'], teamCodes: ['LATE'] },
  ]);
  admin = await logIn(app, 'admin');
  lead = await logIn(app, 'lead');
  call = apiCaller(app, () => admin, { acceptLanguage: 'en-US' });
  asLead = apiCaller(app, () => lead, { acceptLanguage: 'en-US' });
  await ctx.services.analytics.setSettings({ rollRate: WINDOWS }, SYSTEM_ACTOR);
  await putProduct(call, 'XJD1', '现金贷 1 期');
  const loans: [string, string][] = [
    ['A', '2026-10-20'], // M1 at October's end (DPD 11), never pays: M2 at November's (41)
    ['B', '2026-10-25'], // M1 at October's end (6), pays off on 11-05
    ['C', '2026-11-27'], // current at October's end, M1 at November's (3)
    ['D', '2026-12-27'], // current throughout
    ['E', '2026-10-29'], // M1 at October's end (2), pays a part on 11-10: M2 at November's (32)
  ];
  for (const [n, dueOn] of loans) {
    await putDebtor(call, {
      ref: `D${n}`,
      loanRef: n,
      name: `借款人${n}`,
      mobile: `1393333000${'ABCDE'.indexOf(n)}`,
      regionCode: n === 'E' ? '310101' : '110105',
      disbursedOn: '2026-09-20',
      dueOn,
      principalFen: 500_000,
      interestDueFen: 7_500,
    });
  }
  const rule = await asLead('POST', '/api/v1/allocation/rules', {
    name: '全部 轮询',
    priority: 0,
    conditions: {},
    target: { teamIds: [team] },
    method: 'round-robin',
  });
  expect(rule.statusCode).toBe(201);
  for (let day = START; day <= END; day = addDays(day, 1)) {
    await runDay(day);
    if (day === '2026-11-05') expect((await pay('B', 600_000, day)).statusCode).toBe(201);
    if (day === '2026-11-10') expect((await pay('E', 100_000, day)).statusCode).toBe(201);
    // A moves to the other collector on 11-15, E (after its payment) on 11-20: second allocations.
    if (day === '2026-11-15') await moveToOther('A');
    if (day === '2026-11-20') await moveToOther('E');
  }
}, 180_000);

afterAll(async () => {
  await app?.close();
  await ctx?.close();
});

/** Every allocation straight from the assignment history, as the domain's records. */
async function rawAllocations(): Promise<(AllocationRecord & { collector: string })[]> {
  const r = await sql<{
    case_id: string;
    on_date: string;
    next_on: string | null;
    reason: string;
    collector: string | null;
    loan_id: string;
    closed_on: string | null;
    close_reason: string | null;
    due: string | null;
  }>`
    SELECT a.case_id::text, a.on_date::text, a.reason, u.username AS collector, cc.loan_id::text,
           cc.closed_on::text, cc.close_reason,
           (lead(a.on_date) OVER (PARTITION BY a.case_id ORDER BY a.id))::text AS next_on,
           (SELECT (s.overdue_principal_fen + s.overdue_interest_fen + s.overdue_penalty_fen + s.overdue_fees_fen)::text
            FROM loan_daily s WHERE s.loan_id = cc.loan_id AND s.as_of <= a.on_date ORDER BY s.as_of DESC LIMIT 1) AS due
    FROM case_assignment a JOIN collection_case cc ON cc.id = a.case_id LEFT JOIN app_user u ON u.id = a.to_user_id`.execute(
    ctx.database.db,
  );
  const pays = await sql<{ loan_id: string; received_on: string; amount_fen: string }>`
    SELECT loan_id::text, received_on::text, amount_fen::text FROM payment WHERE reversed_at IS NULL`.execute(
    ctx.database.db,
  );
  return (
    r.rows
      // A return is not an allocation; one replaced on its own day never held the case.
      .filter((a) => a.reason !== 'return' && a.next_on !== a.on_date)
      .map((a) => ({
        caseId: a.case_id,
        allocatedOn: a.on_date,
        endedOn: a.next_on === null ? null : addDays(a.next_on, -1),
        dueAtAllocationFen: fen(Number(a.due ?? 0)),
        payments: pays.rows
          .filter((p) => p.loan_id === a.loan_id)
          .map((p) => ({ receivedOn: p.received_on, fen: fen(Number(p.amount_fen)) })),
        closedOn: a.closed_on,
        closeReason: a.close_reason as AllocationRecord['closeReason'],
        collector: a.collector ?? '',
      }))
  );
}

const portfolio = (from: string, to: string) =>
  call('GET', `/api/v1/analytics/dashboards/portfolio?from=${from}&to=${to}`);
const collection = (from: string, to: string, extra = '') =>
  call('GET', `/api/v1/analytics/dashboards/collection?from=${from}&to=${to}${extra}`);

describe('roll-rate matrix', () => {
  it('equals the domain’s matrix over the raw month-end snapshots, and the hand count', async () => {
    const res = await portfolio('2026-11-01', END);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.definitions.rollRate.formula['en-US']).toContain('worst bucket');
    const matrices = body.groups[0].rollRate as {
      observationMonth: string;
      monthsPerformed: number;
      complete: boolean;
      rows: { from: string; total: number; cells: { to: string; ratio: { numerator: number } }[] }[];
    }[];
    const october = matrices.find((m) => m.observationMonth === '2026-10')!;
    const settings = parseAnalyticsSettings({ rollRate: WINDOWS });
    const raw = rollRateMatrix(await rawSnapshots(ctx.database.db), '2026-10', settings);
    expect(october).toEqual({ ...JSON.parse(JSON.stringify(raw)), monthsPerformed: 1, complete: true });
    // By hand: October's M0 (C, D) → C rolled to M1, D stayed; M1 (A, B, E) → A and E to M2.
    const row = (from: string) => october.rows.find((r) => r.from === from)!;
    const cell = (from: string, to: string) => row(from).cells.find((c) => c.to === to)!.ratio.numerator;
    expect([row('M0').total, cell('M0', 'M0'), cell('M0', 'M1')]).toEqual([2, 1, 1]);
    expect([row('M1').total, cell('M1', 'M2')]).toEqual([3, 2]);
    // November's point has no performed month yet: no matrix.
    expect(matrices.map((m) => m.observationMonth)).toEqual(['2026-10']);
  });

  it('a new window makes the days stale until rebuilt; then October is a matrix with 1 of 2 months run', async () => {
    await ctx.services.analytics.setSettings(
      { rollRate: { ...WINDOWS, performanceMonths: 2 } },
      SYSTEM_ACTOR,
    );
    try {
      const stale = await portfolio('2026-11-01', END);
      expect(stale.statusCode).toBe(409);
      expect(stale.json().code).toBe('ANALYTICS_ROLLUPS_STALE');
      await ctx.services.analytics.rebuild(START, END);
      const res = await portfolio('2026-11-01', END);
      expect(res.statusCode).toBe(200);
      const october = res
        .json()
        .groups[0].rollRate.find((m: { observationMonth: string }) => m.observationMonth === '2026-10');
      expect(october).toMatchObject({
        monthsPerformed: 1,
        complete: false,
        performanceWindow: ['2026-11', '2026-12'],
      });
    } finally {
      await ctx.services.analytics.setSettings({ rollRate: WINDOWS }, SYSTEM_ACTOR);
      await ctx.services.analytics.rebuild(START, END);
    }
  });
});

describe('recovery rate', () => {
  it('equals the domain’s rates over the raw assignments and payments, and the hand count', async () => {
    const res = await collection(START, END);
    expect(res.statusCode).toBe(200);
    const g = res.json().groups[0];
    const allocations = await rawAllocations();
    const raw = recoveryRates(allocations, { from: START, to: END });
    expect({
      amount: g.recoveryRate.amount,
      count: g.recoveryRate.count,
      basis: g.recoveryRate.basis,
    }).toEqual(raw);
    // By hand: A and E (twice each: by rule, then moved), B and C were allocated: 6 allocations;
    // collected while held: B's ¥6,000 and E's ¥1,000 (by E's first holder); settled: B (paid off).
    expect(g.recoveryRate).toMatchObject({ allocated: 6, collectedFen: 700_000, settled: 1 });
    expect(allocations).toHaveLength(6);
    expect(res.json().definitions.recoveryRate.formula['en-US']).toContain('amount due at allocation');
  });

  it('breaks down by collector (each allocation under its holder); the groups add up to the whole', async () => {
    const res = await collection(START, END, '&dimension=collector');
    const groups = res.json().groups as {
      label: string | null;
      recoveryRate: { allocated: number; collectedFen: number };
    }[];
    const allocations = await rawAllocations();
    for (const who of ['c1', 'c2']) {
      const mine = allocations.filter((a) => a.collector === who);
      const group = groups.find((x) => x.label === who)!;
      expect(group.recoveryRate.allocated).toBe(mine.length);
      expect(group.recoveryRate).toMatchObject(recoveryRates(mine, { from: START, to: END }));
    }
    expect(groups.reduce((a, x) => a + x.recoveryRate.collectedFen, 0)).toBe(700_000);
  });

  it('puts amount collected under the collector who held the case on the day it was received', async () => {
    const res = await collection(START, END, '&dimension=collector');
    const groups = res.json().groups as { label: string | null; amountCollected: { collectedFen: number } }[];
    const expected = new Map<string, number>();
    for (const [loan, day, amount] of [
      ['B', '2026-11-05', 600_000],
      ['E', '2026-11-10', 100_000],
    ] as const) {
      const who = await holderOn(loan, day);
      expected.set(who, (expected.get(who) ?? 0) + amount);
    }
    // E is now held by the other collector: its payment stays with the one who held it then.
    expect(await holderOn('E', END)).not.toBe(await holderOn('E', '2026-11-10'));
    for (const who of ['c1', 'c2']) {
      expect(groups.find((x) => x.label === who)?.amountCollected.collectedFen ?? 0).toBe(
        expected.get(who) ?? 0,
      );
    }
  });

  it('counts only what the period holds: allocations made in it, collected by its end', async () => {
    const early = (await collection(START, '2026-11-04')).json().groups[0].recoveryRate;
    const raw = recoveryRates(await rawAllocations(), { from: START, to: '2026-11-04' });
    expect(early).toMatchObject({ amount: raw.amount, count: raw.count, collectedFen: 0, settled: 0 });
  });

  it('applies the settled endings at read time, without a rebuild', async () => {
    await ctx.services.analytics.setSettings(
      { rollRate: WINDOWS, recovery: { basis: 'count', settledReasons: ['cured'] } },
      SYSTEM_ACTOR,
    );
    try {
      const g = (await collection(START, END)).json().groups[0];
      expect(g.recoveryRate).toMatchObject({ basis: 'count', settled: 0, count: { value: '0.0000' } });
    } finally {
      await ctx.services.analytics.setSettings({ rollRate: WINDOWS }, SYSTEM_ACTOR);
    }
  });
});

describe('数据范围 a team lead sees the collection figures of their own teams', () => {
  it('gives the lead their teams’ figures, refuses another team, and another team’s lead sees none of them', async () => {
    const whole = (await collection(START, END, '&team=EARLY')).json().groups[0];
    const mine = await asLead('GET', `/api/v1/analytics/dashboards/collection?from=${START}&to=${END}`);
    expect(mine.statusCode).toBe(200);
    expect(mine.json().groups[0]).toEqual(whole);
    expect(whole.recoveryRate.allocated).toBe(6);
    for (const [lang, text] of [
      ['en-US', 'team LATE is not one of them'],
      ['zh-CN', '团队 LATE 不在您的范围内'],
    ] as const) {
      const other = await apiCaller(app, () => lead, { acceptLanguage: lang })(
        'GET',
        `/api/v1/analytics/dashboards/collection?from=${START}&to=${END}&team=LATE`,
      );
      expect(other.statusCode).toBe(403);
      expect(other.json()).toMatchObject({ code: 'ANALYTICS_TEAM_OUT_OF_SCOPE' });
      expect(other.json().detail).toContain(text);
    }
    const lateLead = apiCaller(app, await logIn(app, 'late-lead'));
    const late = (
      await lateLead('GET', `/api/v1/analytics/dashboards/collection?from=${START}&to=${END}`)
    ).json();
    expect(late.groups[0]).toMatchObject({
      recoveryRate: { allocated: 0, collectedFen: 0 },
      amountCollected: { collectedFen: 0, payments: 0 },
      coverage: { denominator: 0 },
    });
    // The admin sees the whole book; the export follows the same scope.
    expect((await collection(START, END)).json().groups[0].amountCollected.collectedFen).toBe(700_000);
    const csv = await lateLead(
      'GET',
      `/api/v1/analytics/export?report=collection&format=csv&from=${START}&to=${END}`,
    );
    const rows = parse(csv.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
    expect(rows.find((r) => r.kpi === 'amount-collected')?.numerator).toBe('0');
  });
});

it('the CSV exports carry the matrix cells and both recovery bases as the dashboards give them', async () => {
  const csv = async (report: string, from: string) => {
    const res = await call(
      'GET',
      `/api/v1/analytics/export?report=${report}&format=csv&from=${from}&to=${END}`,
    );
    expect(res.statusCode).toBe(200);
    return parse(res.rawPayload, { bom: true, columns: true }) as Record<string, string>[];
  };
  const rolls = (await csv('portfolio', '2026-11-01')).filter((r) => r.kpi === 'roll-rate');
  const matrix = (await portfolio('2026-11-01', END)).json().groups[0].rollRate[0];
  expect(rolls).toHaveLength(matrix.rows.length ** 2);
  expect(rolls.find((r) => r.item === '2026-10 M1→M2')).toMatchObject({ numerator: '2', denominator: '3' });
  const recovery = (await csv('collection', START)).filter((r) => r.kpi === 'recovery-rate');
  const g = (await collection(START, END)).json().groups[0].recoveryRate;
  expect(recovery.map((r) => [r.item, r.value])).toEqual([
    ['amount', g.amount.value],
    ['count', g.count.value],
  ]);
});

it('a payment posted 12 days late is counted by the next day’s write, without a rebuild', async () => {
  const before = (await collection(START, END)).json().groups[0];
  expect((await pay('E', 50_000, '2026-11-19')).statusCode).toBe(201);
  await ctx.services.analytics.writeDay(END);
  const g = (await collection(START, END)).json().groups[0];
  const after = g.recoveryRate;
  expect(after.collectedFen).toBe(before.recoveryRate.collectedFen + 50_000);
  expect(g.amountCollected).toEqual({
    collectedFen: before.amountCollected.collectedFen + 50_000,
    payments: before.amountCollected.payments + 1,
  });
  const raw = recoveryRates(await rawAllocations(), { from: START, to: END });
  expect(after.amount).toEqual(raw.amount);
});

it('rewriting the month’s first day gives the same matrix and rates (the step is idempotent)', async () => {
  const before = [(await portfolio('2026-11-01', END)).json(), (await collection(START, END)).json()];
  await ctx.services.analytics.writeDay(END);
  await ctx.services.analytics.writeDay(END);
  const after = [(await portfolio('2026-11-01', END)).json(), (await collection(START, END)).json()];
  expect(after).toEqual(before);
});
