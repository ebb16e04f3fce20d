/**
 * 协商还款与减免审批 arrangements on real PostgreSQL through HTTP and the daily run: each kind's
 * schedule preview; the written commitment before submission; four eyes and the authority
 * matrix (a team lead approves a small waiver, is refused a large one — nothing changes — which
 * the administrator then approves); optimistic locking; the 7-working-day SLA in the inbox; the
 * schedule rewritten on approval with payments then allocated against it; and a plan whose
 * commitment date passes unpaid is broken by the daily run, which re-plans the case that day.
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
const as: Record<string, ApiCall> = {};
const USERS = ['admin', 'lead', 'lead2', 'col'] as const;

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

async function logInAll() {
  for (const u of USERS) sessions[u] = await logIn(app, u);
}

async function runDay(date: string) {
  const at = shanghai(date, '10:00');
  ctx.clock.advance(at.getTime() - ctx.clock.now().getTime());
  await ctx.services.system.setBusinessDate(date, SYSTEM_ACTOR);
  await ctx.services.dailyRun.runUpTo(date);
  await logInAll(); // sessions expire as the fixed clock moves on
}

async function caseOf(loanRef: string, status = 'open') {
  return ctx.database.db
    .selectFrom('collection_case as cc')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['cc.id', 'cc.status', 'cc.close_reason', 'l.id as loan_id'])
    .where('l.source_ref', '=', loanRef)
    .where('cc.status', '=', status)
    .orderBy('cc.opened_on', 'desc')
    .executeTakeFirstOrThrow();
}

async function installmentsOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('installment as i')
    .innerJoin('loan as l', 'l.id', 'i.loan_id')
    .select([
      'i.seq',
      'i.due_on',
      'i.principal_due_fen',
      'i.interest_due_fen',
      'i.penalty_due_fen',
      'i.paid_off_on',
    ])
    .where('l.source_ref', '=', loanRef)
    .orderBy('i.seq')
    .execute();
}

const propose = async (loanRef: string, terms: Record<string, unknown>, caller: ApiCall = as.col!) =>
  caller('POST', `/api/v1/cases/${(await caseOf(loanRef)).id}/arrangements`, { terms });

/** Proposes, records an SMS commitment and submits; returns the submitted arrangement. */
async function submitted(loanRef: string, terms: Record<string, unknown>, caller: ApiCall = as.col!) {
  const draft = await propose(loanRef, terms, caller);
  expect(draft.statusCode).toBe(201);
  const committed = await caller('POST', `/api/v1/arrangements/${draft.json().id}/commitment`, {
    kind: 'sms',
    version: draft.json().version,
    reference: `SMS-${loanRef}`,
  });
  expect(committed.statusCode).toBe(200);
  const sent = await caller('POST', `/api/v1/arrangements/${draft.json().id}/submit`, {
    version: committed.json().version,
  });
  expect(sent.statusCode).toBe(200);
  return sent.json() as { id: string; version: number; waiverFen: number; waiverShare: string };
}

const pay = (loanRef: string, sourceRef: string, amountFen: number, receivedOn: string) =>
  as.admin!('POST', '/api/v1/payments', {
    loanRef,
    sourceRef,
    amountFen,
    receivedOn,
    channel: 'bank_transfer',
  });

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  const team = await ctx.services.uow.repositories.users.upsertTeam('T1', '一组');
  await addUsers(ctx, [
    { username: 'admin', roles: ['admin'] },
    { username: 'lead', roles: ['team_lead'], teamCodes: ['T1'] },
    { username: 'lead2', roles: ['team_lead'], teamCodes: ['T1'] },
    { username: 'col', roles: ['collector'], teamCodes: ['T1'] },
  ]);
  await logInAll();
  for (const u of USERS) as[u] = apiCaller(app, () => sessions[u]!, { acceptLanguage: 'en-US' });
  await putProduct(as.admin!, 'XJD1', '现金贷 1 期');
  for (const n of [1, 2, 3, 4, 5, 6, 7]) {
    await putDebtor(as.admin!, {
      ref: `D${n}`,
      loanRef: `L${n}`,
      name: `借款人${n}`,
      mobile: `1393333000${n}`,
      regionCode: '110105',
      disbursedOn: '2026-10-27',
      dueOn: '2026-11-27',
      // L3 is the large one: ¥10,000 principal and ¥6,000 interest (a waiver beyond a team lead)
      principalFen: n === 3 ? 1_000_000 : 500_000,
      interestDueFen: n === 3 ? 600_000 : 7_500,
    });
  }
  await runDay('2026-11-27');
  await runDay('2026-11-28'); // DPD 1
  const col = await ctx.database.db
    .selectFrom('app_user')
    .select('id')
    .where('username', '=', 'col')
    .executeTakeFirstOrThrow();
  await ctx.database.db
    .updateTable('collection_case')
    .set({ holder_user_id: col.id, holder_team_id: team.id })
    .execute();
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('proposing: the schedule of each kind', () => {
  it('previews an extension, a plan, a partial payment and a settlement, and refuses bad terms saving nothing', async () => {
    const ext = await propose('L1', { kind: 'extension', unit: 'days', count: 10 });
    expect(ext.statusCode).toBe(201);
    expect(ext.json()).toMatchObject({
      status: 'draft',
      kind: 'extension',
      proposedBy: 'col',
      plan: {
        replacedSeqs: [1],
        installments: [{ dueOn: '2026-12-07', principalFen: 500_000, interestFen: 7_500 }],
      },
    });
    const owed = ext.json().owedFen as number;
    expect(owed).toBeGreaterThan(507_500); // with a day's penalty interest

    const plan = await propose('L1', { kind: 'installment_plan', count: 3, firstDueOn: '2026-12-05' });
    expect(plan.statusCode).toBe(201);
    const installments = plan.json().plan.installments as {
      dueOn: string;
      totalFen: number;
      principalFen: number;
    }[];
    expect(installments.map((i) => i.dueOn)).toEqual(['2026-12-05', '2027-01-05', '2027-02-05']);
    expect(installments.map((i) => i.principalFen)).toEqual([166_667, 166_667, 166_666]);
    expect(installments.reduce((s, i) => s + i.totalFen, 0)).toBe(owed);

    const partial = await propose('L1', { kind: 'partial_payment', amountFen: 100_000, dueOn: '2026-12-01' });
    expect(partial.json()).toMatchObject({
      plan: { replacedSeqs: [], installments: [], lines: [{ dueOn: '2026-12-01', amountFen: 100_000 }] },
    });

    const settle = await propose('L1', { kind: 'settlement', amountFen: 500_000, dueOn: '2026-12-05' });
    expect(settle.json()).toMatchObject({
      waiverFen: owed - 500_000,
      plan: { waiver: { principalFen: 0, interestFen: 7_500 }, installments: [{ totalFen: 500_000 }] },
    });

    const before = await ctx.database.db.selectFrom('arrangement').select('id').execute();
    for (const [terms, code] of [
      [{ kind: 'settlement', amountFen: 499_999, dueOn: '2026-12-05' }, 'ARRANGEMENT_WAIVER_NOT_ALLOWED'],
      [{ kind: 'installment_plan', count: 3, firstDueOn: '2026-11-27' }, 'ARRANGEMENT_DATE_PAST'],
      [{ kind: 'extension', unit: 'days', count: 5, feeFen: 10_000 }, 'ARRANGEMENT_COST_CAP_EXCEEDED'],
      [{ kind: 'partial_payment', amountFen: 600_000, dueOn: '2026-12-01' }, 'ARRANGEMENT_AMOUNT_INVALID'],
    ] as const) {
      const res = await propose('L1', terms);
      expect(res.statusCode, code).toBe(422);
      expect(res.json()).toMatchObject({ code });
      expect(res.json().messages['zh-CN']).toBeTruthy();
    }
    expect(await ctx.database.db.selectFrom('arrangement').select('id').execute()).toHaveLength(
      before.length,
    );

    for (const a of [ext, plan, partial, settle]) {
      const res = await as.col!('POST', `/api/v1/arrangements/${a.json().id}/cancel`, {
        version: a.json().version,
        reason: '客户改变主意',
      });
      expect(res.json()).toMatchObject({ status: 'cancelled' });
    }
  });
});

describe('approval', () => {
  it('needs the written commitment and the version the user saw', async () => {
    const draft = await propose('L2', { kind: 'installment_plan', count: 3, firstDueOn: '2026-12-05' });
    const early = await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/submit`, { version: 1 });
    expect(early.statusCode).toBe(422);
    expect(early.json()).toMatchObject({ code: 'ARRANGEMENT_COMMITMENT_REQUIRED' });
    const bad = await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/commitment`, {
      kind: 'document',
      version: 1,
      fileName: '承诺书.pdf',
      mediaType: 'application/pdf',
      contentBase64: Buffer.from('not a pdf').toString('base64'),
    });
    expect(bad.json()).toMatchObject({ code: 'ARRANGEMENT_DOCUMENT_INVALID' });
    const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.from('本人承诺按分期方案还款')]);
    const doc = await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/commitment`, {
      kind: 'document',
      version: 1,
      fileName: '承诺书.pdf',
      mediaType: 'application/pdf',
      contentBase64: pdf.toString('base64'),
    });
    expect(doc.statusCode).toBe(200);
    expect(doc.json()).toMatchObject({
      version: 2,
      commitment: { kind: 'document', document: { sizeBytes: pdf.length } },
    });
    const download = await as.lead!(
      'GET',
      `/api/v1/arrangements/${draft.json().id}/documents/${doc.json().commitment.document.id}`,
    );
    expect(download.rawPayload.equals(pdf)).toBe(true);

    const stale = await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/submit`, { version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'ARRANGEMENT_VERSION_STALE' });
    const sent = await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/submit`, { version: 2 });
    expect(sent.json()).toMatchObject({ status: 'submitted', slaDueOn: '2026-12-08', slaState: 'on-time' });
    expect(
      (await as.col!('POST', `/api/v1/arrangements/${draft.json().id}/approve`, { version: 3 })).statusCode,
    ).toBe(403);
  });

  it('rewrites the schedule on approval in one transaction; two approvers at once: one wins, one gets 409', async () => {
    const { id, version } = (await as.lead!('GET', '/api/v1/arrangements/inbox'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'installment_plan');
    const replies = await Promise.all([
      as.lead!('POST', `/api/v1/arrangements/${id}/approve`, { version, reason: '客户收入证明已核实' }),
      as.lead2!('POST', `/api/v1/arrangements/${id}/approve`, { version }),
    ]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(replies.find((r) => r.statusCode === 409)!.json()).toMatchObject({
      code: 'ARRANGEMENT_VERSION_STALE',
    });
    const approved = replies.find((r) => r.statusCode === 200)!.json();
    expect(approved).toMatchObject({ status: 'active', activatedOn: '2026-11-28', slaState: 'met' });

    const rows = await installmentsOf('L2');
    expect(rows[0]).toMatchObject({
      seq: 1,
      due_on: '2026-11-27',
      principal_due_fen: 0,
      paid_off_on: '2026-11-28',
    });
    expect(rows.slice(1).map((r) => [r.seq, r.due_on, r.principal_due_fen])).toEqual([
      [2, '2026-12-05', 166_667],
      [3, '2027-01-05', 166_667],
      [4, '2027-02-05', 166_666],
    ]);
    // The original schedule is kept on the arrangement; the case is current again (cured).
    const stored = await ctx.database.db
      .selectFrom('arrangement')
      .select('replaced')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(stored.replaced).toMatchObject({
      installments: [{ seq: 1, principal_due_fen: 500_000 }],
      addedSeqs: [2, 3, 4],
    });
    const closed = await caseOf('L2', 'closed');
    expect(closed.close_reason).toBe('cured');
    const events = await ctx.database.db
      .selectFrom('case_event')
      .select(['kind', 'detail'])
      .where('case_id', '=', closed.id)
      .execute();
    expect(events.map((e) => e.kind)).toEqual(expect.arrayContaining(['arrangement_approved', 'closed']));
    const state = await ctx.database.db
      .selectFrom('loan_state')
      .select(['dpd', 'in_collection'])
      .where('loan_id', '=', closed.loan_id)
      .executeTakeFirstOrThrow();
    expect(state).toMatchObject({ dpd: 0, in_collection: false });
  });

  it('lets a team lead approve a waiver within authority', async () => {
    const a = await submitted('L4', { kind: 'settlement', amountFen: 500_000, dueOn: '2026-12-05' });
    expect(a.waiverFen).toBeGreaterThan(7_500);
    const res = await as.lead!('POST', `/api/v1/arrangements/${a.id}/approve`, { version: a.version });
    expect(res.statusCode).toBe(200);
    const waived = await ctx.database.db
      .selectFrom('loan_adjustment')
      .select(['component', 'amount_fen'])
      .where('arrangement_id', '=', a.id)
      .orderBy('component')
      .execute();
    expect(waived.reduce((s, w) => s + w.amount_fen, 0)).toBe(a.waiverFen);
    expect(waived.map((w) => w.component)).toEqual(['interest', 'penalty']);
    const steps = (await as.col!('GET', `/api/v1/arrangements/${a.id}/steps`)).json().items;
    expect(steps.map((s: { action: string }) => s.action)).toEqual([
      'proposed',
      'commitment',
      'submitted',
      'approved',
    ]);
    expect(steps[3]).toMatchObject({ actor: 'lead', detail: { rule: { role: 'team_lead' } } });
  });

  it('refuses a waiver beyond the team lead’s authority and the proposer’s own approval, changing nothing', async () => {
    const a = await submitted('L3', { kind: 'settlement', amountFen: 1_000_000, dueOn: '2026-12-05' });
    expect(Number(a.waiverShare)).toBeGreaterThan(0.3);
    const before = await installmentsOf('L3');
    const refused = await as.lead!('POST', `/api/v1/arrangements/${a.id}/approve`, { version: a.version });
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'ARRANGEMENT_BEYOND_AUTHORITY' });
    expect(refused.json().messages['en-US']).toMatch(/beyond your authority \(up to 30% and ¥5,000\.00\)/);
    expect(refused.json().messages['zh-CN']).toMatch(/超出你的审批权限/);
    const inbox = (await as.lead!('GET', '/api/v1/arrangements/inbox')).json().items;
    expect(inbox.find((i: { id: string }) => i.id === a.id)).toMatchObject({
      mayApprove: false,
      refusal: 'beyond_authority',
    });

    const own = await submitted(
      'L7',
      { kind: 'partial_payment', amountFen: 100_000, dueOn: '2026-12-10' },
      as.lead!,
    );
    const self = await as.lead!('POST', `/api/v1/arrangements/${own.id}/approve`, { version: own.version });
    expect(self.statusCode).toBe(403);
    expect(self.json()).toMatchObject({ code: 'ARRANGEMENT_FOUR_EYES' });

    // Nothing changed: same schedule, still submitted at the same version, no adjustment.
    expect(await installmentsOf('L3')).toEqual(before);
    expect((await as.col!('GET', `/api/v1/arrangements/${a.id}`)).json()).toMatchObject({
      status: 'submitted',
      version: a.version,
    });
    expect(
      await ctx.database.db
        .selectFrom('loan_adjustment')
        .select('id')
        .where('arrangement_id', '=', a.id)
        .execute(),
    ).toEqual([]);

    // The administrator's authority (50 %, ¥50,000) covers it.
    const byAdmin = await as.admin!('POST', `/api/v1/arrangements/${a.id}/approve`, { version: a.version });
    expect(byAdmin.statusCode).toBe(200);
  });
});

describe('over business days', () => {
  it('breaks a plan whose date passes unpaid and re-plans the case that day; payments follow the new schedule; the SLA runs', async () => {
    const partial = await submitted('L5', {
      kind: 'partial_payment',
      amountFen: 100_000,
      dueOn: '2026-12-01',
    });
    expect(
      (await as.lead!('POST', `/api/v1/arrangements/${partial.id}/approve`, { version: partial.version }))
        .statusCode,
    ).toBe(200);
    const l5 = await caseOf('L5'); // a partial payment leaves the rest overdue: the case stays open
    const l6 = await caseOf('L6');
    const assignedOn = async (caseId: string) =>
      (
        await ctx.database.db
          .selectFrom('case_strategy')
          .select('assigned_on')
          .where('case_id', '=', caseId)
          .executeTakeFirstOrThrow()
      ).assigned_on;

    await runDay('2026-12-01');
    expect((await as.col!('GET', `/api/v1/arrangements/${partial.id}`)).json().status).toBe('active');
    const l7 = (await as.lead2!('GET', '/api/v1/arrangements/inbox'))
      .json()
      .items.find((i: { kind: string }) => i.kind === 'partial_payment');
    expect(l7).toMatchObject({ slaDueOn: '2026-12-08', slaState: 'on-time', mayApprove: true });

    await runDay('2026-12-02'); // ¥1,000 was due by 12-01: nothing paid
    expect((await as.col!('GET', `/api/v1/arrangements/${partial.id}`)).json()).toMatchObject({
      status: 'broken',
      resolvedOn: '2026-12-02',
    });
    const broken = await ctx.database.db
      .selectFrom('case_event')
      .select('kind')
      .where('case_id', '=', l5.id)
      .where('kind', '=', 'arrangement_broken')
      .execute();
    expect(broken).toHaveLength(1);
    expect(String(await assignedOn(l5.id))).toBe('2026-12-02'); // re-segmented today
    expect(String(await assignedOn(l6.id))).not.toBe('2026-12-02'); // an ordinary case keeps its segment

    // The plan of L2: the first installment (¥1,666.67 + its share of interest and penalty) is
    // paid on 12-05 and lands on the new installment #2, not the replaced #1.
    await runDay('2026-12-05');
    const l2 = (
      await as.col!('GET', `/api/v1/cases/${(await caseOf('L2', 'closed')).id}/arrangements`)
    ).json().items[0];
    const first = l2.plan.installments[0].totalFen as number;
    const paid = await pay('L2', 'P-L2-1', first, '2026-12-05');
    expect(paid.statusCode).toBe(201);
    expect(paid.json().payment.allocation.lines.map((l: { seq: number }) => l.seq)).toEqual(
      expect.arrayContaining([2]),
    );
    expect(paid.json().payment.allocation.lines.every((l: { seq: number }) => l.seq === 2)).toBe(true);
    expect((await as.col!('GET', `/api/v1/arrangements/${l2.id}`)).json()).toMatchObject({
      status: 'active',
      paidFen: first,
    });
    // L4's settlement is paid in full: the loan is paid off, the arrangement completed.
    const settled = await pay('L4', 'P-L4', 500_000, '2026-12-05');
    expect(settled.json().loan).toMatchObject({ status: 'paid_off' });

    await runDay('2026-12-07');
    expect((await as.col!('GET', `/api/v1/arrangements/${l2.id}`)).json().status).toBe('active'); // kept up
    const soon = (await as.lead2!('GET', '/api/v1/arrangements/inbox'))
      .json()
      .items.find((i: { id: string }) => i.id === l7.id);
    expect(soon.slaState).toBe('due-soon');
    await runDay('2026-12-09');
    const late = (await as.lead2!('GET', '/api/v1/arrangements/inbox'))
      .json()
      .items.find((i: { id: string }) => i.id === l7.id);
    expect(late.slaState).toBe('overdue');
  });
});
