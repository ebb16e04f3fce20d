/**
 * 分案 allocation over business days, on real PostgreSQL through HTTP and the daily run: rules by
 * stage, region and amount; round robin evenness; capacity-weighted proportions; manual and bulk
 * reassignment with the case version as optimistic lock (stale → 409, nothing half-saved); a
 * disabled user refused; 退案 returns; reallocation after N days without progress, never back to a
 * previous holder, kept cases (留案: a pending promise) excluded; 停催 needing a second person and
 * stopping dispatch.
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
const as = (username: string, lang = 'en-US'): ApiCall =>
  apiCaller(app, () => sessions[username]!, { acceptLanguage: lang });
const USERS = ['admin', 'lead', 'lead2', 'c1', 'c2', 'c3', 'c4', 'gone', 'k1', 'k2'];
const ids: Record<string, string> = {};
const teams: Record<string, string> = {};

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function runDay(date: string) {
  const at = shanghai(date, '10:00');
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  await ctx.services.dispatch.sendDue();
  for (const u of USERS) if (u !== 'gone') sessions[u] = await logIn(app, u); // sessions expire as the clock moves
}

async function caseOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('collection_case as cc')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .leftJoin('app_user as u', 'u.id', 'cc.holder_user_id')
    .select(['cc.id', 'cc.version', 'cc.holder_team_id', 'u.username as holder', 'cc.customer_id'])
    .where('l.source_ref', '=', loanRef)
    .executeTakeFirstOrThrow();
}

async function historyOf(loanRef: string) {
  const res = await as('lead')('GET', `/api/v1/cases/${(await caseOf(loanRef)).id}/assignments`);
  expect(res.statusCode).toBe(200);
  return res.json().items as {
    fromUser: string | null;
    toUser: string | null;
    reason: string;
    note: string | null;
  }[];
}

async function heldBy(username: string, refs: readonly string[]) {
  const out: string[] = [];
  for (const ref of refs) if ((await caseOf(ref)).holder === username) out.push(ref);
  return out;
}

const EARLY_REFS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L10'];
const SH_REFS = Array.from({ length: 12 }, (_, i) => `S${i + 1}`);

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-28', start: shanghai('2026-11-28', '09:00') });
  app = await createTestApp(ctx);
  for (const [code, name] of [
    ['EARLY', '早期组'],
    ['LATE', '中后期组'],
    ['BIG', '大额组'],
    ['CAP', '产能组'],
  ] as const) {
    teams[code] = (await ctx.services.uow.repositories.users.upsertTeam(code, name)).id;
  }
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'lead', roles: ['team_lead'], teamCodes: ['EARLY', 'LATE', 'BIG', 'CAP'] },
    { username: 'lead2', roles: ['team_lead'], teamCodes: ['EARLY', 'LATE', 'BIG', 'CAP'] },
    { username: 'c1', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'c2', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'gone', roles: ['collector'], teamCodes: ['EARLY'] },
    { username: 'c3', roles: ['collector'], teamCodes: ['BIG'] },
    { username: 'c4', roles: ['collector'], teamCodes: ['LATE'] },
    { username: 'k1', roles: ['collector'], teamCodes: ['CAP'] },
    { username: 'k2', roles: ['collector'], teamCodes: ['CAP'] },
  ]);
  for (const u of USERS) {
    ids[u] = (await ctx.services.uow.repositories.users.findByUsername(u))!.id;
    sessions[u] = await logIn(app, u);
  }
  const admin = as('admin');
  expect((await admin('POST', `/api/v1/users/${ids.gone}/disable`)).statusCode).toBe(200);
  await putProduct(admin, 'XJD1', '现金贷 1 期');
  const debtor = (ref: string, loanRef: string, regionCode: string, dueOn: string, principalFen: number) =>
    putDebtor(admin, {
      ref,
      loanRef,
      name: `借款人${ref}`,
      mobile: `139${String(1_000_0000 + Number(ref.replace(/\D/g, '')) + (ref.startsWith('S') ? 500 : 0))}`,
      regionCode,
      disbursedOn: '2026-09-20',
      dueOn,
      principalFen,
      interestDueFen: 7_500,
    });
  for (const n of [1, 2, 3, 4, 5, 6]) await debtor(`D${n}`, `L${n}`, '110105', '2026-11-27', 500_000);
  await debtor('D7', 'L7', '440305', '2026-10-20', 500_000); // M2 (middle) by 2026-11-28
  await debtor('D8', 'L8', '440305', '2026-10-20', 500_000);
  await debtor('D9', 'L9', '440305', '2026-11-27', 5_000_000); // Guangdong, large
  await debtor('D10', 'L10', '440305', '2026-11-27', 500_000); // Guangdong, small: the early rule
  for (const [i, ref] of SH_REFS.entries()) await debtor(`DS${i + 1}`, ref, '310104', '2026-11-27', 500_000);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('rules, capacity and settings', () => {
  it('refuses a rule the schema or the data refuse, naming each issue, and saves nothing', async () => {
    const lead = as('lead');
    const bad = await lead('POST', '/api/v1/allocation/rules', {
      name: 'bad',
      priority: 1,
      conditions: { minOwedFen: 10, maxOwedFen: 5 },
      target: { teamIds: [teams.EARLY] },
      method: 'round-robin',
    });
    expect(bad.statusCode).toBe(400);
    const unknown = await lead('POST', '/api/v1/allocation/rules', {
      name: 'ghost team',
      priority: 1,
      target: { teamIds: ['00000000-0000-4000-8000-000000000001'] },
      method: 'round-robin',
    });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json()).toMatchObject({ code: 'ALLOCATION_TARGET_UNKNOWN' });
    expect((await lead('GET', '/api/v1/allocation/rules')).json().items).toEqual([]);
    expect((await as('c1')('GET', '/api/v1/allocation/rules')).statusCode).toBe(403);
  });

  it('creates rules by region + amount, stage and region, and edits one with its revision', async () => {
    const lead = as('lead');
    const create = async (body: Record<string, unknown>) => {
      const res = await lead('POST', '/api/v1/allocation/rules', body);
      expect(res.statusCode).toBe(201);
      return res.json();
    };
    await create({
      name: '上海 按产能',
      priority: 0,
      conditions: { regionCodePrefixes: ['31'] },
      target: { teamIds: [teams.CAP] },
      method: 'capacity-weighted',
    });
    const big = await create({
      name: '广东大额',
      priority: 1,
      conditions: { regionCodePrefixes: ['44'], minOwedFen: 1_000_000 },
      target: { userIds: [ids.c4] },
      method: 'round-robin',
    });
    await create({
      name: 'M2',
      priority: 2,
      conditions: { stages: ['middle'] },
      target: { teamIds: [teams.LATE] },
      method: 'round-robin',
    });
    await create({
      name: 'M1 轮询',
      priority: 3,
      conditions: { stages: ['early'] },
      target: { teamIds: [teams.EARLY] },
      method: 'round-robin',
    });
    const edit = { ...big, target: { teamIds: [], userIds: [ids.c3] }, minOwedFen: undefined };
    const { id, revision, createdAt, updatedAt, updatedBy, minOwedFen, ...definition } = edit;
    const updated = await lead('PUT', `/api/v1/allocation/rules/${id}`, {
      ...definition,
      conditions: { regionCodePrefixes: ['44'], minOwedFen: 2_000_000 },
      expectedRevision: revision,
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ revision: 2, target: { userIds: [ids.c3] } });
    const stale = await lead('PUT', `/api/v1/allocation/rules/${id}`, { ...definition, expectedRevision: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'ALLOCATION_RULE_STALE' });
    expect(
      (await lead('GET', '/api/v1/allocation/rules')).json().items.map((r: { name: string }) => r.name),
    ).toEqual(['上海 按产能', '广东大额', 'M2', 'M1 轮询']);
  });

  it('sets capacities (audited) and lists collectors with load', async () => {
    const lead = as('lead');
    for (const [u, capacity] of [
      ['k1', 80],
      ['k2', 40],
    ] as const) {
      const res = await lead('PUT', `/api/v1/allocation/collectors/${ids[u]}/capacity`, { capacity });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        username: u,
        capacity,
        capacityIsDefault: false,
        load: 0,
        free: capacity,
      });
    }
    const list = (await lead('GET', '/api/v1/allocation/collectors')).json().items as {
      username: string;
      active: boolean;
    }[];
    expect(list.find((c) => c.username === 'gone')).toMatchObject({ active: false });
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'allocation.capacity.set')
      .execute();
    expect(audit).toHaveLength(2);
  });
});

describe('the daily run allocates by the rules', () => {
  beforeAll(async () => {
    await runDay('2026-11-28');
  });

  it('sends each case by stage, region and amount to its rule’s collectors', async () => {
    expect((await caseOf('L9')).holder).toBe('c3'); // Guangdong, ≥ ¥20,000
    expect((await caseOf('L7')).holder).toBe('c4'); // M2
    expect((await caseOf('L8')).holder).toBe('c4');
    expect((await caseOf('L9')).holder_team_id).toBe(teams.BIG);
    expect(['c1', 'c2']).toContain((await caseOf('L10')).holder); // Guangdong but small: M1 rule
    expect(await historyOf('L9')).toEqual([
      expect.objectContaining({ fromUser: null, toUser: 'c3', reason: 'rule' }),
    ]);
  });

  it('round robin spreads evenly and never to the disabled collector', async () => {
    const c1 = await heldBy('c1', EARLY_REFS);
    const c2 = await heldBy('c2', EARLY_REFS);
    expect(c1.length + c2.length).toBe(EARLY_REFS.length);
    expect(Math.abs(c1.length - c2.length)).toBeLessThanOrEqual(1);
    expect(await heldBy('gone', EARLY_REFS)).toEqual([]);
  });

  it('capacity-weighted fills in proportion to free capacity (80 : 40 → 8 : 4)', async () => {
    expect(await heldBy('k1', SH_REFS)).toHaveLength(8);
    expect(await heldBy('k2', SH_REFS)).toHaveLength(4);
  });

  it('is idempotent: running the step again for the day changes nothing', async () => {
    const before = await caseOf('L1');
    const again = await ctx.services.allocation.allocateDay('2026-11-28');
    expect(again).toMatchObject({ allocated: 0, reallocated: 0 });
    expect(await caseOf('L1')).toEqual(before);
  });
});

describe('manual changes', () => {
  it('refuses a reassignment to a disabled user with a coded bilingual error, changing nothing', async () => {
    const c = await caseOf('L10');
    for (const [lang, text] of [
      ['en-US', 'User gone is disabled'],
      ['zh-CN', '用户 gone 已停用'],
    ] as const) {
      const res = await as('lead', lang)('POST', `/api/v1/cases/${c.id}/assign`, {
        userId: ids.gone,
        expectedVersion: c.version,
      });
      expect(res.statusCode).toBe(422);
      expect(res.json()).toMatchObject({ code: 'ALLOCATION_USER_DISABLED' });
      expect(res.json().detail).toContain(text);
    }
    expect(await caseOf('L10')).toEqual(c);
    expect(await historyOf('L10')).toHaveLength(1);
  });

  it('refuses a stale version with 409, and of two concurrent edits exactly one wins', async () => {
    const c = await caseOf('L10');
    const other = c.holder === 'c1' ? 'c2' : 'c1';
    const stale = await as('lead')('POST', `/api/v1/cases/${c.id}/assign`, {
      userId: ids[other],
      expectedVersion: c.version - 1,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CASE_VERSION_CONFLICT' });
    expect(await caseOf('L10')).toEqual(c);

    const [a, b] = await Promise.all([
      as('lead')('POST', `/api/v1/cases/${c.id}/assign`, { userId: ids[other], expectedVersion: c.version }),
      as('lead2')('POST', `/api/v1/cases/${c.id}/assign`, { userId: ids.c3, expectedVersion: c.version }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const after = await caseOf('L10');
    expect(after.version).toBe(c.version + 1);
    expect(await historyOf('L10')).toHaveLength(2);
    expect((await historyOf('L10'))[1]).toMatchObject({ reason: 'manual', fromUser: c.holder });
  });

  it('bulk reassignment is all or nothing: one stale case refuses the lot', async () => {
    const x = await caseOf('L7');
    const y = await caseOf('L8');
    const refused = await as('lead')('POST', '/api/v1/cases/bulk-assign', {
      cases: [
        { caseId: x.id, expectedVersion: x.version },
        { caseId: y.id, expectedVersion: y.version + 5 },
      ],
      userIds: [ids.c1, ids.c2],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({
      code: 'ALLOCATION_BULK_REJECTED',
      errors: [{ path: 'cases.1', code: 'CASE_VERSION_CONFLICT' }],
    });
    expect(await caseOf('L7')).toEqual(x);
    expect(await caseOf('L8')).toEqual(y);

    const done = await as('lead')('POST', '/api/v1/cases/bulk-assign', {
      cases: [
        { caseId: x.id, expectedVersion: x.version },
        { caseId: y.id, expectedVersion: y.version },
      ],
      userIds: [ids.c1, ids.c2],
      note: '中期组人手不足',
    });
    expect(done.statusCode).toBe(200);
    expect(
      new Set(done.json().items.map((i: { holder: { username: string } }) => i.holder.username)),
    ).toEqual(new Set(['c1', 'c2']));
    expect((await historyOf('L7')).at(-1)).toMatchObject({
      reason: 'bulk',
      fromUser: 'c4',
      note: '中期组人手不足',
    });
  });

  it('退案: the holder returns a case to the pool with the reason; others may not', async () => {
    const c = await caseOf('L8');
    const holder = c.holder!;
    const notHolder = holder === 'c1' ? 'c2' : 'c1';
    const foreign = await as(notHolder)('POST', `/api/v1/cases/${c.id}/return`, {
      expectedVersion: c.version,
      reason: '不是我的',
    });
    expect(foreign.statusCode).toBe(404); // a collector sees only their own cases
    const res = await as(holder)('POST', `/api/v1/cases/${c.id}/return`, {
      expectedVersion: c.version,
      reason: '客户在外地,无法外访',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ holder: null, version: c.version + 1 });
    expect((await historyOf('L8')).at(-1)).toMatchObject({
      reason: 'return',
      toUser: null,
      note: '客户在外地,无法外访',
    });
    // The team lead sees the unallocated pool and gives the case out again.
    const again = await as('lead')('POST', `/api/v1/cases/${c.id}/assign`, {
      userId: ids.c4,
      expectedVersion: c.version + 1,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ holder: { username: 'c4' }, holderTeamId: teams.LATE });
  });

  it('lists the cases a lead may allocate in one page, with holder, version and 留案; narrows to one holder or the pool', async () => {
    const all = await as('lead')('GET', '/api/v1/allocation/cases?limit=500');
    expect(all.statusCode).toBe(200);
    const items = all.json().items as {
      loanRef: string;
      overdueFen: number;
      allocation: { holder: { username: string } | null; version: number; kept: boolean };
    }[];
    expect(all.json().total).toBe(items.length);
    expect(items.length).toBeGreaterThan(0);
    // Largest overdue first; each row's holder and version are the case's own.
    expect(items.map((i) => i.overdueFen)).toEqual([...items.map((i) => i.overdueFen)].sort((a, b) => b - a));
    const l8 = items.find((i) => i.loanRef === 'L8')!;
    const c = await caseOf('L8');
    expect(l8.allocation).toMatchObject({ holder: { username: 'c4' }, version: c.version, kept: false });
    const c4 = (await as('lead')('GET', `/api/v1/allocation/cases?holder=${ids.c4}`)).json().items;
    expect(c4.length).toBeGreaterThan(0);
    expect(
      c4.every(
        (i: { allocation: { holder: { username: string } } }) => i.allocation.holder.username === 'c4',
      ),
    ).toBe(true);
    const pool = (await as('lead')('GET', '/api/v1/allocation/cases?holder=unheld')).json().items;
    expect(pool.every((i: { allocation: { holder: unknown } }) => i.allocation.holder === null)).toBe(true);
    expect((await as('c1')('GET', '/api/v1/allocation/cases')).statusCode).toBe(403);
    expect((await as('lead')('GET', '/api/v1/allocation/cases?colour=red')).statusCode).toBe(400);
  });
});

describe('停催 suspension', () => {
  let suspensionId: string;

  it('needs a second person to approve', async () => {
    const c = await caseOf('L9');
    const requested = await as('lead')('POST', `/api/v1/cases/${c.id}/suspensions`, {
      kind: 'hardship',
      reason: '客户住院,家属提供诊断证明',
    });
    expect(requested.statusCode).toBe(201);
    suspensionId = requested.json().id;
    expect((await as('c3')('POST', `/api/v1/suspensions/${suspensionId}/approve`, {})).statusCode).toBe(403);
    const self = await as('lead')('POST', `/api/v1/suspensions/${suspensionId}/approve`, {});
    expect(self.statusCode).toBe(409);
    expect(self.json()).toMatchObject({ code: 'SUSPENSION_SELF_APPROVAL' });
    const holds = await ctx.database.db
      .selectFrom('collection_hold')
      .select('id')
      .where('customer_id', '=', c.customer_id)
      .execute();
    expect(holds).toEqual([]);
    const queue = await as('lead2')('GET', '/api/v1/suspensions');
    expect(queue.json().items.map((s: { id: string }) => s.id)).toEqual([suspensionId]);
    const approved = await as('lead2')('POST', `/api/v1/suspensions/${suspensionId}/approve`, {
      note: '同意',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', requestedBy: 'lead', decidedBy: 'lead2' });
  });

  it('stops dispatch: the next day the other new cases get their reminder, this one nothing', async () => {
    await runDay('2026-11-29');
    const sentOn = async (ref: string) =>
      ctx.database.db
        .selectFrom('planned_action as pa')
        .select(['pa.step_id', 'pa.status'])
        .where('pa.case_id', '=', (await caseOf(ref)).id)
        .where('pa.planned_for', '=', '2026-11-29')
        .where('pa.status', '=', 'sent')
        .execute();
    expect((await sentOn('L1')).length).toBeGreaterThan(0);
    expect(await sentOn('L9')).toEqual([]);
  });

  it('release ends the hold', async () => {
    const res = await as('lead')('POST', `/api/v1/suspensions/${suspensionId}/release`, {
      reason: '客户已出院',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'released' });
    const hold = await ctx.database.db
      .selectFrom('collection_hold')
      .select('released_at')
      .where('id', '=', res.json().holdId)
      .executeTakeFirstOrThrow();
    expect(hold.released_at).not.toBeNull();
  });
});

describe('reallocation after N days without progress', () => {
  let kept: string;
  let stale: string;
  let paid: string;
  let staleHolder: string;

  beforeAll(async () => {
    const c1 = await heldBy('c1', ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    const c2 = await heldBy('c2', ['L1', 'L2', 'L3', 'L4', 'L5', 'L6']);
    [kept, stale] = c1 as [string, string];
    paid = c2[0]!;
    staleHolder = 'c1';
    // 11-29: a promise on `kept` (pending until 12-10).
    const promise = await as('admin')('POST', `/api/v1/cases/${(await caseOf(kept)).id}/promises`, {
      amountFen: 100_000,
      dueOn: '2026-12-10',
    });
    expect(promise.statusCode).toBe(201);
    await runDay('2026-11-30');
    // 11-30: a payment on `paid` is progress.
    const pay = await as('admin')('POST', '/api/v1/payments', {
      loanRef: paid,
      sourceRef: 'P-1',
      amountFen: 10_000,
      receivedOn: '2026-11-30',
      channel: 'bank_transfer',
    });
    expect(pay.statusCode).toBeLessThan(300);
    const policy = await as('lead')('PUT', '/api/v1/settings/allocation-policy', {
      autoAllocate: true,
      reallocateAfterDays: 2,
      defaultCapacity: 300,
    });
    expect(policy.statusCode).toBe(200);
    await runDay('2026-12-01');
    await runDay('2026-12-02');
  });

  it('moves a case without progress to another collector, never back to its holder', async () => {
    expect((await caseOf(stale)).holder).toBe('c2');
    expect((await historyOf(stale)).at(-1)).toMatchObject({
      fromUser: staleHolder,
      toUser: 'c2',
      reason: 'reallocation',
    });
  });

  it('keeps a case with a pending promise (留案) and one with recent progress', async () => {
    expect((await caseOf(kept)).holder).toBe('c1');
    expect((await historyOf(kept)).map((h) => h.reason)).toEqual(['rule']);
    expect((await caseOf(paid)).holder).toBe('c2');
    const view = await as('lead')('GET', `/api/v1/cases/${(await caseOf(kept)).id}/allocation`);
    expect(view.json()).toMatchObject({ kept: true, holder: { username: 'c1' } });
  });

  it('when every eligible collector has held it, the case stays rather than go back', async () => {
    await runDay('2026-12-03');
    await runDay('2026-12-04');
    await runDay('2026-12-05');
    expect((await caseOf(stale)).holder).toBe('c2');
    expect((await historyOf(stale)).map((h) => h.toUser)).toEqual(['c1', 'c2']);
  });
});
