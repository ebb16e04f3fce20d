/**
 * M2, debtor unreachable: the plan (seed/README.md) lets the emergency contact be asked to pass on
 * a message — only that there is a matter to call back about, no details. Over real business days
 * on real PostgreSQL: the case reaches M2 with the debtor's own number invalid, the emergency-
 * contact message is planned, passes the gate (the unreachable evidence unlocks the contact) and
 * reaches the outbox addressed to the emergency contact, with no debt words in it.
 */
import { addDays } from '@huikuan/domain';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUsers, logIn } from '../../test/api-session.js';
import { apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';

let ctx: TestContext;
let app: FastifyInstance;
const DUE = '2026-10-20';

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

beforeAll(async () => {
  ctx = await createTestContext({ businessDate: DUE, start: shanghai(DUE, '10:00') });
  app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  const call = apiCaller(app, await logIn(app, 'admin'));
  await putProduct(call, 'XJD1');
  await putDebtor(call, {
    ref: 'M2',
    loanRef: 'LM2',
    name: '王小明',
    mobile: '13933330001',
    contacts: [
      {
        sourceRef: 'M2-S',
        customerRef: 'M2',
        role: 'self',
        name: '王小明',
        phone: '13933330001',
        validity: 'invalid',
      },
      {
        sourceRef: 'M2-E',
        customerRef: 'M2',
        role: 'emergency',
        name: '李四',
        relation: '朋友',
        phone: '13733330002',
        validity: 'valid',
      },
    ],
    disbursedOn: '2026-09-20',
    dueOn: DUE,
    principalFen: 800_000,
    interestDueFen: 12_000,
  });
  await ctx.services.dailyRun.runUpTo(DUE);
});
afterAll(async () => {
  await app.close();
  await ctx.close();
});

describe('M2 with the debtor unreachable', () => {
  it('asks the emergency contact, without any debt detail, to have the debtor call back', async () => {
    // Run every day from the first overdue day until the emergency-contact message is planned (M2 starts at DPD 31).
    let day = DUE;
    let planned: { planned_for: string }[] = [];
    for (let i = 0; i < 45 && planned.length === 0; i += 1) {
      day = addDays(day, 1);
      ctx.clock.advance(shanghai(day, '10:00').getTime() - ctx.clock.now().getTime());
      await ctx.services.system.setBusinessDate(day, SYSTEM_ACTOR);
      await ctx.services.dailyRun.runUpTo(day);
      planned = await ctx.database.db
        .selectFrom('planned_action')
        .select('planned_for')
        .where('channel', '=', 'emergency-contact-message')
        .execute();
    }
    expect(planned).toHaveLength(1);
    const kase = await ctx.database.db
      .selectFrom('collection_case')
      .select(['stage', 'dpd'])
      .executeTakeFirstOrThrow();
    expect(kase.stage).toBe('middle');
    expect(kase.dpd).toBeGreaterThan(30);

    await ctx.services.dispatch.sendDue();
    const outbox = await ctx.database.db
      .selectFrom('outbox_message as o')
      .innerJoin('message as m', 'm.id', 'o.message_id')
      .innerJoin('contact as c', 'c.id', 'm.contact_id')
      .select(['o.to_masked', 'o.body', 'c.role', 'm.template_code'])
      .where('m.template_code', '=', 'sms.emergency.callback')
      .execute();
    expect(outbox).toHaveLength(1);
    const message = outbox[0]!;
    expect(message.role).toBe('emergency');
    expect(message.to_masked).toBe('137****0002');
    expect(message.body).toContain('王小明');
    expect(message.body).not.toMatch(/欠款|逾期|还款|借款|¥|元/);
    const decision = await ctx.database.db
      .selectFrom('gate_decision')
      .select(['allowed', 'party_role', 'facts'])
      .where('party_role', '=', 'emergency')
      .executeTakeFirstOrThrow();
    expect(decision.allowed).toBe(true);
    expect(
      (decision.facts as { evidence: { unreachable: { kind: string } } }).evidence.unreachable.kind,
    ).toBe('no-working-number');
    // No debtor-side SMS went to the invalid number.
    const toDebtor = await ctx.database.db
      .selectFrom('message as m')
      .innerJoin('contact as c', 'c.id', 'm.contact_id')
      .select('m.id')
      .where('c.role', '=', 'self')
      .execute();
    expect(toDebtor).toHaveLength(0);
  });
});
