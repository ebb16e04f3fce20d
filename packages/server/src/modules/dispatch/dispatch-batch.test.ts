/**
 * The batch path of dispatch on real PostgreSQL: a page of due messages is gated in one
 * transaction, yet each decision counts the messages allowed before it in the same batch; and a
 * crash before or after the gate's commit never puts a message into the sandbox outbox twice.
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
  admin = await logIn(app, 'admin'); // the clock may have moved past the last session
  await putDebtor(call, {
    ref: `B${n}`,
    loanRef: `BL${n}`,
    name: `借款人${n}`,
    mobile: `1382222000${n}`,
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
    .select(['pa.id', 'pa.channel', 'pa.status', 'pa.due_at', 'pa.rule_id', 'pa.decision_id'])
    .where('l.source_ref', '=', loanRef)
    .where('pa.channel', 'in', ['sms', 'push'])
    .execute();
}

async function outboxOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('outbox_message as o')
    .innerJoin('message as m', 'm.id', 'o.message_id')
    .innerJoin('collection_case as cc', 'cc.id', 'm.case_id')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['o.id', 'o.message_id', 'm.idempotency_key', 'm.status', 'm.provider_message_id'])
    .where('l.source_ref', '=', loanRef)
    .execute();
}

async function messagesOf(loanRef: string) {
  return ctx.database.db
    .selectFrom('message as m')
    .innerJoin('collection_case as cc', 'cc.id', 'm.case_id')
    .innerJoin('loan as l', 'l.id', 'cc.loan_id')
    .select(['m.id', 'm.idempotency_key', 'm.status'])
    .where('l.source_ref', '=', loanRef)
    .execute();
}

async function setMaxMessages(maxMessages: number | null) {
  await ctx.services.compliance.setPack(
    {
      code: 'cn',
      overrides: maxMessages === null ? {} : { 'cn.messages-per-day': { maxMessages } },
      reason: 'test',
    },
    SYSTEM_ACTOR,
  );
}

/** Runs `work` with the unit of work's transactions replaced by `wrap` (a simulated crash). */
async function withTransactions<T>(
  wrap: (
    original: TestContext['services']['uow']['transaction'],
  ) => TestContext['services']['uow']['transaction'],
  work: () => Promise<T>,
): Promise<T> {
  const uow = ctx.services.uow;
  const original = uow.transaction.bind(uow);
  uow.transaction = wrap(original);
  try {
    return await work();
  } finally {
    uow.transaction = original;
  }
}

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: '2026-11-27', start: shanghai('2026-11-27', '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  admin = await logIn(app, 'admin');
  call = apiCaller(app, () => admin, { acceptLanguage: 'en-US' });
  await putProduct(call, 'XJD1', '现金贷 1 期');
  await debtor(1, '2026-11-27');
  await runDay('2026-11-27', shanghai('2026-11-27', '10:00'));
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('dispatch in batches', () => {
  it('two due messages for one debtor in one batch, one message a day allowed: one is sent, the other deferred by the count that includes the first', async () => {
    await setMaxMessages(1);
    await runDay('2026-11-28', shanghai('2026-11-28', '10:00'));
    const due = await actionsOf('BL1');
    expect(due.map((a) => a.channel).sort()).toEqual(['push', 'sms']);
    const summary = await ctx.services.dispatch.sendDue();
    expect(summary).toMatchObject({ claimed: 2, sent: 1, deferred: 1, cancelled: 0, failed: 0 });
    expect(await outboxOf('BL1')).toHaveLength(1);
    const after = await actionsOf('BL1');
    const sent = after.find((a) => a.status === 'sent')!;
    const deferred = after.find((a) => a.status === 'deferred')!;
    expect(deferred).toMatchObject({ rule_id: 'cn.messages-per-day' });
    expect(deferred.due_at.toISOString()).toBe(shanghai('2026-11-29', '08:00').toISOString());
    // Both decisions are stored with their facts and hash; the refusal counted the batch's first message.
    const decisions = await ctx.database.db
      .selectFrom('gate_decision')
      .select(['id', 'allowed', 'rule_id', 'path', 'facts', 'facts_hash'])
      .where('id', 'in', [sent.decision_id!, deferred.decision_id!])
      .execute();
    expect(decisions).toHaveLength(2);
    const allowed = decisions.find((d) => d.allowed)!;
    const refused = decisions.find((d) => !d.allowed)!;
    expect(refused).toMatchObject({ rule_id: 'cn.messages-per-day', path: 'dispatch' });
    expect(refused.facts_hash).toMatch(/^[0-9a-f]{64}$/);
    const attempt = await ctx.database.db
      .selectFrom('contact_attempt')
      .select(['id', 'status'])
      .where('decision_id', '=', allowed.id)
      .executeTakeFirstOrThrow();
    expect(attempt.status).toBe('sent');
    const facts = refused.facts as { priorAttempts: unknown[]; evidence: { priorAttemptIds: string[] } };
    expect(facts.evidence.priorAttemptIds).toContain(attempt.id);
    expect(facts.priorAttempts).toHaveLength(facts.evidence.priorAttemptIds.length);
    // Nothing more goes out today; tomorrow at 08:00 the deferred one does.
    expect((await ctx.services.dispatch.sendDue()).claimed).toBe(0);
    setNow(shanghai('2026-11-29', '08:00'));
    expect(await ctx.services.dispatch.sendDue()).toMatchObject({ claimed: 1, sent: 1 });
    expect(await outboxOf('BL1')).toHaveLength(2);
    await setMaxMessages(null);
  });

  it('a crash after the gate’s commit, then sending again: each message is in the outbox once', async () => {
    await debtor(2, '2026-11-29');
    await runDay('2026-11-30', shanghai('2026-11-30', '10:00'));
    expect((await actionsOf('BL2')).filter((a) => a.status === 'planned')).toHaveLength(2);
    await withTransactions(
      (original) =>
        (async (work) => {
          await original(work);
          throw new Error('crash after the gate commit');
        }) as typeof original,
      () => expect(ctx.services.dispatch.sendDue()).rejects.toThrow('crash after the gate commit'),
    );
    const first = await outboxOf('BL2');
    expect(first).toHaveLength(2);
    // After the lease ends, another worker takes over: nothing is left to send, nothing goes twice.
    setNow(new Date(ctx.clock.now().getTime() + 6 * 60_000));
    await ctx.services.dispatch.sendDue();
    const again = await outboxOf('BL2');
    expect(again).toHaveLength(2);
    expect(new Set(again.map((o) => o.message_id)).size).toBe(2);
    expect(again.every((o) => o.status === 'accepted' && o.provider_message_id === o.id)).toBe(true);
    expect((await actionsOf('BL2')).every((a) => a.status === 'sent')).toBe(true);
  });

  it('a crash before the gate’s commit leaves nothing; after the lease the page is sent once', async () => {
    await debtor(3, '2026-11-30');
    await runDay('2026-12-01', shanghai('2026-12-01', '10:00'));
    expect((await actionsOf('BL3')).filter((a) => a.status === 'planned')).toHaveLength(2);
    const decisionsBefore = await ctx.database.db.selectFrom('gate_decision').select('id').execute();
    await withTransactions(
      (original) =>
        ((work) =>
          original(async (r) => {
            await work(r);
            throw new Error('crash before the gate commit');
          })) as typeof original,
      () => expect(ctx.services.dispatch.sendDue()).rejects.toThrow('crash before the gate commit'),
    );
    expect(await outboxOf('BL3')).toHaveLength(0);
    expect(await messagesOf('BL3')).toHaveLength(0);
    expect(await ctx.database.db.selectFrom('gate_decision').select('id').execute()).toHaveLength(
      decisionsBefore.length,
    );
    // Still leased: nothing is taken before the lease ends.
    expect((await ctx.services.dispatch.sendDue()).claimed).toBe(0);
    setNow(new Date(ctx.clock.now().getTime() + 6 * 60_000));
    const retried = await ctx.services.dispatch.sendDue();
    expect(retried.claimed).toBeGreaterThanOrEqual(2);
    expect(retried.sent).toBe(retried.claimed);
    expect(await outboxOf('BL3')).toHaveLength(2);
    expect(await messagesOf('BL3')).toHaveLength(2);
    expect((await ctx.services.dispatch.sendDue()).claimed).toBe(0);
  });

  it('drain sends page after page until a page comes back short', async () => {
    for (const n of [4, 5, 6]) await debtor(n, '2026-12-01');
    await runDay('2026-12-02', shanghai('2026-12-02', '10:00'));
    const total = await ctx.services.dispatch.drain(50_000, 2);
    expect(total.claimed).toBeGreaterThanOrEqual(6);
    expect(total.sent).toBe(total.claimed);
    for (const n of [4, 5, 6]) expect(await outboxOf(`BL${n}`)).toHaveLength(2);
    expect((await ctx.services.dispatch.sendDue()).claimed).toBe(0);
  });
});
