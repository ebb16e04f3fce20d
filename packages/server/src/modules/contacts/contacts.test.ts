/**
 * Every contact path asks the compliance gate, and every decision is stored with its rule, pack
 * version and facts: a collector's dial, a call logged afterwards, a third-party contact, a visit,
 * an agency user's call, and an automated message. Real PostgreSQL, real HTTP app.
 */
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';

let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let customerNo = 0;

/** Local Shanghai wall time on 2026-11-28 as an instant. */
const shanghai = (hhmm: string, date = '2026-11-28') => new Date(`${date}T${hhmm}:00+08:00`);

function setNow(at: Date): void {
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
}

function call(method: 'GET' | 'POST' | 'PUT', url: string, session: ApiSession, payload?: unknown) {
  return app.inject({
    method,
    url,
    ...(payload === undefined ? {} : { payload: payload as object }),
    headers: { cookie: session.cookie, 'x-csrf-token': session.csrf, 'accept-language': 'en-US' },
  });
}

interface Debtor {
  customerRef: string;
  customerId: string;
  caseId: string;
  self: string;
  emergency: string;
  spouse: string;
}

const ids: Record<string, string> = {};
/** Every phone number the tests wrote, to look for in the logs. */
const usedPhones: string[] = [];

/** A debtor with a delinquent loan, an open case held by `holder`, and three contacts. */
async function makeDebtor(holder = 'c1', extra: { agencyCode?: string } = {}): Promise<Debtor> {
  customerNo += 1;
  const ref = `CUS${String(customerNo).padStart(4, '0')}`;
  const mobile = `1391234${String(customerNo).padStart(4, '0')}`;
  expect(
    (
      await call('PUT', '/api/v1/customers', admin, [
        {
          sourceRef: ref,
          name: `债务人${customerNo}`,
          idNumber: '110105199003071239',
          mobile,
          address: '北京市朝阳区建国路88号院3号楼2单元501',
        },
      ])
    ).statusCode,
  ).toBe(200);
  const contacts = [
    { sourceRef: `${ref}-S`, customerRef: ref, role: 'self', name: `债务人${customerNo}`, phone: mobile },
    {
      sourceRef: `${ref}-E`,
      customerRef: ref,
      role: 'emergency',
      name: '李四',
      relation: '朋友',
      phone: `1370000${String(customerNo).padStart(4, '0')}`,
    },
    {
      sourceRef: `${ref}-P`,
      customerRef: ref,
      role: 'spouse',
      name: '王五',
      phone: `1360000${String(customerNo).padStart(4, '0')}`,
    },
  ];
  usedPhones.push(...contacts.map((c) => c.phone));
  expect((await call('PUT', '/api/v1/contacts', admin, contacts)).statusCode).toBe(200);
  expect(
    (
      await call('PUT', '/api/v1/loans', admin, [
        {
          sourceRef: `L-${ref}`,
          customerRef: ref,
          productCode: 'XJD3',
          principalFen: 300_000,
          annualRate: '0.18',
          termMonths: 3,
          disbursedOn: '2026-07-15',
          maturityOn: '2026-10-15',
          schedule: [1, 2, 3].map((seq) => ({
            seq,
            dueOn: `2026-${String(7 + seq).padStart(2, '0')}-15`,
            principalDueFen: 100_000,
            interestDueFen: 4_500,
          })),
        },
      ])
    ).statusCode,
  ).toBe(200);
  const db = ctx.database.db;
  const customer = await db
    .selectFrom('customer')
    .select('id')
    .where('source_ref', '=', ref)
    .executeTakeFirstOrThrow();
  const loan = await db
    .selectFrom('loan')
    .select('id')
    .where('source_ref', '=', `L-${ref}`)
    .executeTakeFirstOrThrow();
  const agencyId = extra.agencyCode
    ? (
        await db
          .selectFrom('agency')
          .select('id')
          .where('code', '=', extra.agencyCode)
          .executeTakeFirstOrThrow()
      ).id
    : null;
  const kase = await db
    .insertInto('collection_case')
    .values({
      loan_id: loan.id,
      customer_id: customer.id,
      opened_on: '2026-08-16',
      stage: 'late',
      bucket: 'M4',
      dpd: 105,
      dpd_at_open: 1,
      holder_user_id: ids[holder] ?? null,
      agency_id: agencyId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const contactIds = await db
    .selectFrom('contact')
    .select(['id', 'source_ref'])
    .where('customer_id', '=', customer.id)
    .execute();
  const byRef = (suffix: string) => contactIds.find((c) => c.source_ref === `${ref}-${suffix}`)!.id;
  return {
    customerRef: ref,
    customerId: customer.id,
    caseId: kase.id,
    self: byRef('S'),
    emergency: byRef('E'),
    spouse: byRef('P'),
  };
}

const login = (username: string) => logIn(app, username);

beforeAll(async () => {
  ctx = await createTestContext({ start: shanghai('10:00') });
  await ctx.services.uow.repositories.settings.set('business_date', '2026-11-28', ctx.clock.now(), null);
  app = await createTestApp(ctx);
  await ctx.database.db.insertInto('agency').values({ code: 'AG1', name: '外包一' }).execute();
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'c1', roles: ['collector'] },
    { username: 'c2', roles: ['collector'] },
    { username: 'c3', roles: ['collector'] },
    { username: 'officer', roles: ['compliance_officer'] },
    { username: 'strategist', roles: ['strategy_manager'] },
  ]);
  await ctx.services.identity.createUser({
    username: 'ag1',
    displayName: '外包催收员',
    password: 'Secret-pass-123',
    roles: ['agency_collector'],
    agencyCode: 'AG1',
  });
  for (const row of await ctx.database.db.selectFrom('app_user').select(['id', 'username']).execute()) {
    ids[row.username] = row.id;
  }
  admin = await login('admin');
  expect(
    (
      await call('PUT', '/api/v1/products/XJD3', admin, {
        name: '消费贷 3 期',
        annualRate: '0.18',
        termMonths: 3,
        repaymentMethod: 'equal_principal',
      })
    ).statusCode,
  ).toBe(200);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});
beforeEach(async () => {
  setNow(shanghai('10:00'));
  admin = await login('admin');
});

async function dial(session: ApiSession, d: Debtor, contactId: string, extra: Record<string, unknown> = {}) {
  return call('POST', '/api/v1/contact-attempts', session, {
    caseId: d.caseId,
    contactId,
    channel: 'call',
    ...extra,
  });
}

async function outcome(
  session: ApiSession,
  attemptId: string,
  connected: boolean,
  extra: Record<string, unknown> = {},
) {
  const res = await call('POST', `/api/v1/contact-attempts/${attemptId}/outcome`, session, {
    connected,
    conversation: connected,
    outcomeCode: connected ? 'PTP' : 'NO_ANSWER',
    ...(connected ? { recordingRef: `rec-${attemptId}` } : {}),
    ...extra,
  });
  return res;
}

async function decisionsOf(customerId: string) {
  return ctx.database.db
    .selectFrom('gate_decision')
    .selectAll()
    .where('customer_id', '=', customerId)
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
}

describe("a collector's dial", () => {
  it('is allowed in hours, stored with the rules checked, the pack version and the facts, then its outcome is recorded', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const res = await dial(c1, d, d.self);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body.decision).toMatchObject({ allowed: true, ruleId: null, packVersion: 'cn@2026.1' });
    expect(body.decision.ruleIds).toContain('cn.quiet-hours');
    expect(body.attempt).toMatchObject({
      status: 'in-progress',
      path: 'dial',
      partyRole: 'self',
      actor: 'c1',
    });
    const [stored] = await decisionsOf(d.customerId);
    expect(stored).toMatchObject({ allowed: true, path: 'dial', pack_code: 'cn', actor_user_id: ids.c1 });
    expect(stored!.facts_hash).toMatch(/^[0-9a-f]{64}$/);
    expect((stored!.facts as { attempt: { debtorTimeZones: string[] } }).attempt.debtorTimeZones).toEqual([
      'Asia/Shanghai',
    ]);

    const noRecording = await call('POST', `/api/v1/contact-attempts/${body.attempt.id}/outcome`, c1, {
      connected: true,
      conversation: true,
      outcomeCode: 'PTP',
    });
    expect(noRecording.statusCode).toBe(422);
    expect(noRecording.json().code).toBe('RECORDING_REQUIRED');
    const done = await outcome(c1, body.attempt.id, true, { note: '客户承诺周五还款' });
    expect(done.statusCode).toBe(200);
    expect(done.json()).toMatchObject({
      status: 'completed',
      connected: true,
      conversation: true,
      noteFindings: [],
    });
    const again = await outcome(c1, body.attempt.id, true);
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('CONTACT_ATTEMPT_ALREADY_LOGGED');
  });

  it('is refused at 22:00 local with the rule, citation and the next allowed time, and the refusal is stored', async () => {
    const d = await makeDebtor();
    setNow(shanghai('22:00'));
    const c1 = await login('c1');
    const res = await dial(c1, d, d.self);
    expect(res.statusCode).toBe(409);
    const problem = res.json();
    expect(problem.code).toBe('CONTACT_DENIED');
    expect(problem.decision).toMatchObject({
      allowed: false,
      ruleId: 'cn.quiet-hours',
      nextAllowedAt: shanghai('08:00', '2026-11-29').toISOString(),
    });
    expect(problem.decision.citation).toContain('GB/T 45251-2025');
    expect(problem.messages['zh-CN']).toContain('cn.quiet-hours');
    const stored = await decisionsOf(d.customerId);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ allowed: false, rule_id: 'cn.quiet-hours' });
    const attempts = await ctx.database.db
      .selectFrom('contact_attempt')
      .select('id')
      .where('customer_id', '=', d.customerId)
      .execute();
    expect(attempts).toHaveLength(0);
  });

  it('notes are screened and their findings kept as a warning', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const attempt = (await dial(c1, d, d.self)).json().attempt;
    const res = await outcome(c1, attempt.id, true, { note: '告诉他再不还就让他坐牢' });
    expect(res.statusCode).toBe(200);
    expect(res.json().noteFindings[0]).toMatchObject({ category: 'legal-exaggeration' });
  });

  it('a collector cannot dial a case they do not hold', async () => {
    const d = await makeDebtor('c1');
    const c2 = await login('c2');
    const res = await dial(c2, d, d.self);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('CASE_NOT_FOUND');
    expect(await decisionsOf(d.customerId)).toHaveLength(0);
  });

  it('a contact who refused is never called again', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const attempt = (await dial(c1, d, d.self)).json().attempt;
    expect((await outcome(c1, attempt.id, true, { refused: true })).statusCode).toBe(200);
    setNow(shanghai('10:00', '2026-11-30'));
    const res = await dial(await login('c1'), d, d.self);
    expect(res.statusCode).toBe(409);
    expect(res.json().decision.ruleId).toBe('cn.contact-refusal');
  });
});

describe("an agency user's call", () => {
  it('counts with the institution’s: the 4th connected call of the day is refused whoever makes it', async () => {
    const d = await makeDebtor('ag1', { agencyCode: 'AG1' });
    const ag1 = await login('ag1');
    for (let i = 0; i < 2; i += 1) {
      const a = (await dial(ag1, d, d.self)).json().attempt;
      expect((await outcome(ag1, a.id, true)).statusCode).toBe(200);
    }
    // An institution call (the case is visible to the admin) is the 3rd conversation today.
    const third = await dial(admin, d, d.self);
    expect(third.statusCode).toBe(201);
    expect((await outcome(admin, third.json().attempt.id, true)).statusCode).toBe(200);
    const fourth = await dial(ag1, d, d.self);
    expect(fourth.statusCode).toBe(409);
    expect(fourth.json().decision.ruleId).toBe('cn.connected-calls-per-day');
    const denied = (await decisionsOf(d.customerId)).at(-1)!;
    expect(denied).toMatchObject({ allowed: false, actor_user_id: ids.ag1 });
    expect(denied.agency_id).not.toBeNull();
    const allowedAgency = (await decisionsOf(d.customerId)).filter((x) => x.agency_id !== null && x.allowed);
    expect(allowedAgency).toHaveLength(2);
  });

  it('an agency user cannot reach a case outside their agency', async () => {
    const d = await makeDebtor('ag1');
    const res = await dial(await login('ag1'), d, d.self);
    expect(res.statusCode).toBe(404);
  });
});

describe('third-party contacts', () => {
  it('an emergency contact is refused until the debtor is unreachable, then allowed with an approved script only', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const early = await dial(c1, d, d.emergency, { thirdPartyScript: 'tp.callback-request' });
    expect(early.statusCode).toBe(409);
    expect(early.json().decision.ruleId).toBe('cn.contact-unlock');
    // Three calls to the debtor that do not connect are the unreachable evidence.
    for (let i = 0; i < 3; i += 1) {
      const a = (await dial(c1, d, d.self)).json().attempt;
      expect((await outcome(c1, a.id, false)).statusCode).toBe(200);
    }
    const noScript = await dial(c1, d, d.emergency);
    expect(noScript.statusCode).toBe(409);
    expect(noScript.json().decision.ruleId).toBe('cn.no-disclosure');
    const unknownScript = await dial(c1, d, d.emergency, { thirdPartyScript: 'tp.made-up' });
    expect(unknownScript.statusCode).toBe(422);
    expect(unknownScript.json().code).toBe('THIRD_PARTY_SCRIPT_REQUIRED');
    const ok = await dial(c1, d, d.emergency, { thirdPartyScript: 'tp.callback-request' });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().attempt).toMatchObject({ path: 'third-party', partyRole: 'emergency' });
    const stored = (await decisionsOf(d.customerId)).at(-1)!;
    expect((stored.facts as { evidence: { unreachable: { kind: string } } }).evidence.unreachable.kind).toBe(
      'failed-attempts',
    );
  });
});

describe('visits', () => {
  it('need two active collectors and a recording, and are refused in quiet hours', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const alone = await call('POST', '/api/v1/contact-attempts', c1, {
      caseId: d.caseId,
      contactId: d.self,
      channel: 'visit',
    });
    expect(alone.statusCode).toBe(422);
    expect(alone.json().code).toBe('VISIT_NEEDS_TWO_COLLECTORS');
    const visit = await call('POST', '/api/v1/contact-attempts', c1, {
      caseId: d.caseId,
      contactId: d.self,
      channel: 'visit',
      visitorUserIds: [ids.c2],
    });
    expect(visit.statusCode).toBe(201);
    expect(visit.json().attempt.path).toBe('visit');
    const noRecording = await call(
      'POST',
      `/api/v1/contact-attempts/${visit.json().attempt.id}/outcome`,
      c1,
      {
        connected: false,
        outcomeCode: 'NOT_HOME',
      },
    );
    expect(noRecording.json().code).toBe('RECORDING_REQUIRED');
    setNow(shanghai('07:30', '2026-11-29'));
    const early = await call('POST', '/api/v1/contact-attempts', await login('c1'), {
      caseId: d.caseId,
      contactId: d.self,
      channel: 'visit',
      visitorUserIds: [ids.c2],
    });
    expect(early.statusCode).toBe(409);
    expect(early.json().decision.ruleId).toBe('cn.quiet-hours');
  });
});

describe('calls logged afterwards', () => {
  it('are judged at the time they were made, and recorded as a breach when the gate would have refused', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const res = await call('POST', '/api/v1/contact-attempts/logged-calls', c1, {
      caseId: d.caseId,
      contactId: d.self,
      at: shanghai('07:40').toISOString(),
      connected: true,
      conversation: true,
      outcomeCode: 'PTP',
      recordingRef: 'desk-0740',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ breach: true, decision: { ruleId: 'cn.quiet-hours' } });
    expect(res.json().attempt).toMatchObject({
      path: 'call-log',
      breachRuleId: 'cn.quiet-hours',
      status: 'completed',
    });
    const fine = await call('POST', '/api/v1/contact-attempts/logged-calls', c1, {
      caseId: d.caseId,
      contactId: d.self,
      at: shanghai('09:40').toISOString(),
      connected: false,
      outcomeCode: 'NO_ANSWER',
    });
    expect(fine.json()).toMatchObject({ breach: false, decision: { allowed: true } });
    const future = await call('POST', '/api/v1/contact-attempts/logged-calls', c1, {
      caseId: d.caseId,
      contactId: d.self,
      at: shanghai('11:00').toISOString(),
      connected: false,
      outcomeCode: 'NO_ANSWER',
    });
    expect(future.statusCode).toBe(422);
    expect(future.json().code).toBe('DATETIME_INVALID');
  });
});

describe('automated dispatch', () => {
  it('sends in hours, defers a night message to 08:00, cancels on a hold or screened content — and records every answer', async () => {
    const d = await makeDebtor();
    const contacts = ctx.services.contacts;
    const sms = { caseId: d.caseId, contactId: d.self, channel: 'sms' as const, thirdPartyTemplate: false };
    const sent = await contacts.dispatch({ ...sms, text: '您的借款已逾期,请及时还款。' });
    expect(sent.action).toBe('send');
    setNow(shanghai('23:30'));
    const night = await contacts.dispatch({ ...sms, text: '您的借款已逾期,请及时还款。' });
    expect(night).toMatchObject({
      action: 'defer',
      ruleId: 'cn.quiet-hours',
      until: shanghai('08:00', '2026-11-29'),
    });
    setNow(shanghai('09:00', '2026-11-29'));
    const threat = await contacts.dispatch({ ...sms, text: '再不还款就让你坐牢' });
    expect(threat).toMatchObject({ action: 'cancel', ruleId: 'cn.content-screen' });
    const hold = await call('POST', '/api/v1/holds', await login('officer'), {
      customerRef: d.customerRef,
      kind: 'channel-stop',
      channels: ['sms'],
      reason: '客户要求不再发送短信',
    });
    expect(hold.statusCode).toBe(201);
    const held = await contacts.dispatch({ ...sms, text: '您的借款已逾期,请及时还款。' });
    expect(held).toMatchObject({ action: 'cancel', ruleId: 'cn.holds' });
    // The channel stop covers SMS only: a call is still allowed.
    expect((await dial(await login('c1'), d, d.self)).statusCode).toBe(201);
    const stored = await decisionsOf(d.customerId);
    expect(stored.map((s) => [s.path, s.allowed, s.rule_id])).toEqual([
      ['dispatch', true, null],
      ['dispatch', false, 'cn.quiet-hours'],
      ['dispatch', false, 'cn.content-screen'],
      ['dispatch', false, 'cn.holds'],
      ['dial', true, null],
    ]);
    const sentAttempts = await ctx.database.db
      .selectFrom('contact_attempt')
      .select(['status', 'path'])
      .where('customer_id', '=', d.customerId)
      .where('path', '=', 'dispatch')
      .execute();
    expect(sentAttempts).toEqual([{ status: 'sent', path: 'dispatch' }]);
  });
});

describe('a paid debt', () => {
  it('is never contacted again: a queued message is cancelled and a dial refused once the case closes', async () => {
    const d = await makeDebtor();
    const sms = { caseId: d.caseId, contactId: d.self, channel: 'sms' as const, thirdPartyTemplate: false };
    expect((await ctx.services.contacts.dispatch({ ...sms, text: '请还款' })).action).toBe('send');
    await ctx.database.db
      .updateTable('collection_case')
      .set({ status: 'closed', closed_on: '2026-11-28', close_reason: 'paid_off' })
      .where('id', '=', d.caseId)
      .execute();
    expect(await ctx.services.contacts.dispatch({ ...sms, text: '请还款' })).toMatchObject({
      action: 'cancel',
      ruleId: 'cn.debt-settled',
    });
    const res = await dial(await login('c1'), d, d.self);
    expect(res.statusCode).toBe(409);
    expect(res.json().decision.ruleId).toBe('cn.debt-settled');
  });
});

describe('holds, complaints and disputes', () => {
  it('a complaint stops all contact until it is resolved; its hold is released only by resolving it', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const first = (await dial(c1, d, d.self)).json().attempt;
    await outcome(c1, first.id, true);
    const intake = await call('POST', '/api/v1/complaints', c1, {
      kind: 'complaint',
      customerRef: d.customerRef,
      caseId: d.caseId,
      source: 'phone',
      summary: '客户投诉催收员语气不当',
      attemptIds: [first.id],
    });
    expect(intake.statusCode).toBe(201);
    const complaint = intake.json();
    expect(complaint).toMatchObject({
      kind: 'complaint',
      status: 'open',
      slaState: 'on-time',
      attemptIds: [first.id],
      slaDueAt: new Date(shanghai('10:00').getTime() + 15 * 86_400_000).toISOString(),
    });
    expect(complaint.ref).toMatch(/^TS-\d{6}$/);
    const blocked = await dial(c1, d, d.self);
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().decision.ruleId).toBe('cn.holds');

    const officer = await login('officer');
    const release = await call('POST', `/api/v1/holds/${complaint.holdId}/release`, officer, { reason: 'x' });
    expect(release.statusCode).toBe(409);
    expect(release.json().code).toBe('HOLD_FROM_COMPLAINT');
    const byCollector = await call('POST', `/api/v1/complaints/${complaint.id}/resolve`, c1, {
      outcome: 'rejected',
      resolution: '-',
    });
    expect(byCollector.statusCode).toBe(403);
    setNow(shanghai('10:00', '2026-12-20'));
    const resolved = await call(
      'POST',
      `/api/v1/complaints/${complaint.id}/resolve`,
      await login('officer'),
      {
        outcome: 'partly-upheld',
        resolution: '已向客户致歉并对催收员进行培训',
      },
    );
    expect(resolved.statusCode).toBe(200);
    expect(resolved.json()).toMatchObject({
      status: 'resolved',
      slaState: 'missed',
      outcome: 'partly-upheld',
    });
    expect((await dial(await login('c1'), d, d.self)).statusCode).toBe(201);
    const again = await call('POST', `/api/v1/complaints/${complaint.id}/resolve`, await login('officer'), {
      outcome: 'rejected',
      resolution: '-',
    });
    expect(again.json().code).toBe('COMPLAINT_ALREADY_RESOLVED');
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select('action')
      .where('target_id', '=', complaint.id)
      .orderBy('seq')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['complaint.registered', 'complaint.resolved']);
  });

  it('a hold with an end stops contact only until it ends; a hold ending before it starts is refused', async () => {
    const d = await makeDebtor();
    const officer = await login('officer');
    const bad = await call('POST', '/api/v1/holds', officer, {
      customerRef: d.customerRef,
      kind: 'hardship',
      reason: '失业',
      startsAt: shanghai('12:00').toISOString(),
      endsAt: shanghai('11:00').toISOString(),
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('HOLD_PERIOD_INVALID');
    const hold = await call('POST', '/api/v1/holds', officer, {
      customerRef: d.customerRef,
      kind: 'hardship',
      reason: '失业,困难期一周',
      endsAt: shanghai('10:00', '2026-12-05').toISOString(),
    });
    expect(hold.statusCode).toBe(201);
    expect((await dial(await login('c1'), d, d.self)).json().decision.ruleId).toBe('cn.holds');
    setNow(shanghai('10:00', '2026-12-05'));
    expect((await dial(await login('c1'), d, d.self)).statusCode).toBe(201);
    const list = await call(
      'GET',
      `/api/v1/compliance/holds?status=all&customerRef=${d.customerRef}`,
      await login('officer'),
    );
    expect(list.json().items[0]).toMatchObject({ kind: 'hardship', active: false });
  });

  it('unknown customers and kinds are refused with coded errors', async () => {
    const officer = await login('officer');
    const unknown = await call('POST', '/api/v1/holds', officer, {
      customerRef: 'NOPE',
      kind: 'legal',
      reason: 'x',
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('CUSTOMER_NOT_FOUND');
    const kind = await call('POST', '/api/v1/holds', officer, {
      customerRef: 'NOPE',
      kind: 'vacation',
      reason: 'x',
    });
    expect(kind.statusCode).toBe(400);
    expect(kind.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('the rule pack', () => {
  it('an institution tightens a parameter: a new audited revision with its diff, used by the next decision', async () => {
    const officer = await login('officer');
    const res = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'cn',
      overrides: { 'cn.messages-per-day': { maxMessages: 1 } },
      reason: '内部政策:每日最多一条催收短信',
    });
    expect(res.statusCode).toBe(200);
    const pack = res.json();
    expect(pack.active).toMatchObject({
      code: 'cn',
      revision: 1,
      version: 'cn@2026.1+r1',
      createdBy: 'officer',
    });
    expect(
      pack.pack.rules.find((r: { id: string }) => r.id === 'cn.messages-per-day').params.maxMessages.value,
    ).toBe(1);
    const audit = await ctx.database.db
      .selectFrom('audit_event')
      .select(['after'])
      .where('action', '=', 'compliance.pack.changed')
      .executeTakeFirstOrThrow();
    expect((audit.after as { diff: unknown }).diff).toEqual([
      { ruleId: 'cn.messages-per-day', param: 'maxMessages', from: 3, to: 1 },
    ]);

    const d = await makeDebtor();
    const sms = { caseId: d.caseId, contactId: d.self, channel: 'sms' as const, thirdPartyTemplate: false };
    expect((await ctx.services.contacts.dispatch({ ...sms, text: '请还款' })).action).toBe('send');
    const second = await ctx.services.contacts.dispatch({ ...sms, text: '请还款' });
    expect(second).toMatchObject({ action: 'defer', ruleId: 'cn.messages-per-day' });
    const stored = (await decisionsOf(d.customerId)).at(-1)!;
    expect(stored.pack_version).toBe('cn@2026.1+r1');

    // Back to the defaults, so the other tests see the shipped pack.
    const reset = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'cn',
      overrides: {},
      reason: '恢复默认',
    });
    expect(reset.json().active.revision).toBe(2);
  });

  it('under us-regf a call must be allowed in every zone the consumer may be in', async () => {
    const officer = await login('officer');
    const d = await makeDebtor();
    const put = await call('PUT', '/api/v1/customers', admin, [
      {
        sourceRef: d.customerRef,
        name: '债务人',
        idNumber: '110105199003071239',
        mobile: '13912340000',
        timeZone: 'America/New_York',
        otherTimeZones: ['America/Chicago'],
      },
    ]);
    expect(put.statusCode).toBe(200);
    const us = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'us-regf',
      overrides: {},
      reason: 'US book',
    });
    expect(us.json().active.version).toMatch(/^us-regf@/);
    try {
      // 08:30 in New York is 07:30 in Chicago: too early there.
      setNow(new Date('2026-11-30T13:30:00Z'));
      const early = await dial(await login('c1'), d, d.self);
      expect(early.statusCode).toBe(409);
      expect(early.json().decision).toMatchObject({
        ruleId: 'us.inconvenient-times',
        nextAllowedAt: '2026-11-30T14:00:00.000Z', // 08:00 in Chicago, 09:00 in New York
      });
      setNow(new Date('2026-11-30T14:00:00Z'));
      expect((await dial(await login('c1'), d, d.self)).statusCode).toBe(201);
    } finally {
      await call('PUT', '/api/v1/compliance/pack', await login('officer'), {
        code: 'cn',
        overrides: {},
        reason: '恢复',
      });
    }
  });

  it('loosening a rule that is not configurable, an unknown pack or malformed settings are refused and the pack stays', async () => {
    const officer = await login('officer');
    const before = (await call('GET', '/api/v1/compliance/pack', officer)).json().active;
    const loosen = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'cn',
      overrides: { 'cn.quiet-hours': { quietWindow: { start: '23:00', end: '08:00' } } },
      reason: 'try',
    });
    expect(loosen.statusCode).toBe(422);
    expect(loosen.json()).toMatchObject({ code: 'RULE_PACK_REJECTED' });
    expect(loosen.json().errors[0].path).toBe('cn.quiet-hours.quietWindow');
    const unknown = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'uk',
      overrides: {},
      reason: 'x',
    });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('RULE_PACK_UNKNOWN');
    const malformed = await call('PUT', '/api/v1/compliance/pack', officer, {
      code: 'cn',
      overrides: { 'cn.messages-per-day': 2 },
      reason: 'x',
    });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json().code).toBe('RULE_PACK_MALFORMED');
    const collector = await call('PUT', '/api/v1/compliance/pack', await login('c1'), {
      code: 'cn',
      overrides: {},
      reason: 'x',
    });
    expect(collector.statusCode).toBe(403);
    const after = (await call('GET', '/api/v1/compliance/pack', await login('officer'))).json().active;
    expect(after).toEqual(before);
  });
});

describe('the decision log', () => {
  it('filters by result, rule and customer, pages with a cursor, and refuses reversed ranges', async () => {
    const d = await makeDebtor();
    setNow(shanghai('22:30'));
    const c1 = await login('c1');
    await dial(c1, d, d.self);
    await dial(c1, d, d.spouse);
    setNow(shanghai('10:00', '2026-11-29'));
    await dial(await login('c1'), d, d.self);
    const officer = await login('officer');
    const denied = await call(
      'GET',
      `/api/v1/compliance/decisions?allowed=false&customerRef=${d.customerRef}`,
      officer,
    );
    expect(denied.statusCode).toBe(200);
    expect(denied.json().items.map((i: { ruleId: string }) => i.ruleId)).toEqual([
      'cn.contact-unlock',
      'cn.quiet-hours',
    ]);
    const page1 = await call(
      'GET',
      `/api/v1/compliance/decisions?customerRef=${d.customerRef}&limit=2`,
      officer,
    );
    expect(page1.json().items).toHaveLength(2);
    expect(page1.json().nextCursor).not.toBeNull();
    const page2 = await call(
      'GET',
      `/api/v1/compliance/decisions?customerRef=${d.customerRef}&limit=2&cursor=${encodeURIComponent(page1.json().nextCursor)}`,
      officer,
    );
    expect(page2.json().items).toHaveLength(1);
    expect(page2.json().nextCursor).toBeNull();
    const byRule = await call('GET', '/api/v1/compliance/decisions?ruleId=cn.contact-unlock', officer);
    expect(byRule.json().items.every((i: { ruleId: string }) => i.ruleId === 'cn.contact-unlock')).toBe(true);
    const reversed = await call('GET', '/api/v1/compliance/decisions?from=2026-11-29&to=2026-11-01', officer);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().code).toBe('DATE_RANGE_INVALID');
    const forbidden = await call('GET', '/api/v1/compliance/decisions', await login('c1'));
    expect(forbidden.statusCode).toBe(403);
    const appendOnly =
      sql`UPDATE gate_decision SET allowed = true WHERE customer_id = ${d.customerId}`.execute(
        ctx.database.db,
      );
    await expect(appendOnly).rejects.toThrow(/append-only/);
  });
});

describe('personal data', () => {
  it('is masked by default; revealing needs pii.reveal and writes an audit event without the value', async () => {
    const d = await makeDebtor();
    const c1 = await login('c1');
    const view = await call('GET', `/api/v1/customers/${d.customerRef}`, c1);
    expect(view.statusCode).toBe(200);
    const customer = view.json();
    expect(customer.mobileMasked).toMatch(/^139\*{4}\d{4}$/);
    expect(customer.idNumberMasked).toBe('110***********1239');
    expect(customer.addressMasked).not.toContain('501');
    expect(JSON.stringify(customer)).not.toContain('110105199003071239');
    const reveal = await call('POST', `/api/v1/customers/${d.customerRef}/reveal`, c1, { field: 'idNumber' });
    expect(reveal.statusCode).toBe(200);
    expect(reveal.json().value).toBe('110105199003071239');
    const event = await ctx.database.db
      .selectFrom('audit_event')
      .select(['after', 'actor_username'])
      .where('action', '=', 'pii.revealed')
      .orderBy('seq', 'desc')
      .executeTakeFirstOrThrow();
    expect(event.actor_username).toBe('c1');
    expect(event.after).toMatchObject({ customerRef: d.customerRef, field: 'idNumber' });
    expect(JSON.stringify(event.after)).not.toContain('110105199003071239');
    const phone = await call('POST', `/api/v1/customers/${d.customerRef}/reveal`, c1, {
      field: 'contactPhone',
      contactId: d.spouse,
    });
    expect(phone.json().value).toMatch(/^1360000\d{4}$/);
    const unknownField = await call('POST', `/api/v1/customers/${d.customerRef}/reveal`, c1, {
      field: 'salary',
    });
    expect(unknownField.json().code).toBe('PII_FIELD_UNKNOWN');
    const noPermission = await call(
      'POST',
      `/api/v1/customers/${d.customerRef}/reveal`,
      await login('strategist'),
      {
        field: 'mobile',
      },
    );
    expect(noPermission.statusCode).toBe(403);
    const otherCollector = await call('GET', `/api/v1/customers/${d.customerRef}`, await login('c2'));
    expect(otherCollector.statusCode).toBe(404);
  });

  it('a customer is found by phone number through the keyed hash', async () => {
    const d = await makeDebtor();
    const mobile = (
      await call('POST', `/api/v1/customers/${d.customerRef}/reveal`, admin, { field: 'mobile' })
    ).json().value as string;
    const found = await call('GET', `/api/v1/customers?q=${mobile}`, admin);
    expect(found.json().items.map((c: { ref: string }) => c.ref)).toEqual([d.customerRef]);
  });

  it('never appears in the logs', () => {
    // Every request of this file was logged into ctx.logLines; none may carry a phone, ID number or address.
    // (A mobile number stands alone; digits inside request ids and timestamps are not one.)
    const logs = ctx.logLines.join('\n');
    expect(logs.length).toBeGreaterThan(1000);
    const phoneLike = [...logs.matchAll(/.{0,120}(?<![\w-])1[3-9]\d{9}(?![\w-]).{0,40}/g)].map((m) => m[0]);
    expect(phoneLike).toEqual([]);
    // A phone number as a token: not the digits of a float such as "responseTime":9.27713600000015.
    for (const phone of usedPhones) expect(logs).not.toMatch(new RegExp(`(?<![\\d.])${phone}(?!\\d)`));
    expect(logs).not.toContain('110105199003071239');
    expect(logs).not.toContain('建国路');
  });
});
