/**
 * Dispatch through a real HTTP SMS gateway (a server this test starts on loopback) and the
 * delivery receipt coming back: the wire request is signed, carries the idempotency key, and the
 * receipt's signature is checked before the message is marked delivered.
 */
import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiSession, addUsers, logIn } from '../../test/api-session.js';
import { type ApiCall, apiCaller, putDebtor, putProduct } from '../../test/debtors.js';
import { createTestApp, createTestContext, type TestContext } from '../../test/test-database.js';
import { SYSTEM_ACTOR } from '../audit/audit.service.js';
import { SANDBOX_CHANNELS } from '../channels/channel-providers.js';

const SECRET = 'gateway-secret-for-tests';
let ctx: TestContext;
let app: FastifyInstance;
let admin: ApiSession;
let call: ApiCall;
let gateway: Server;
const received: { headers: Record<string, string | string[] | undefined>; body: string }[] = [];

const shanghai = (date: string, hhmm: string) => new Date(`${date}T${hhmm}:00+08:00`);

beforeAll(async () => {
  gateway = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ messageId: `gw-${received.length}` }));
    });
  });
  await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}/sms`;
  ctx = await createTestContext({
    businessDate: '2026-11-27',
    start: shanghai('2026-11-27', '10:00'),
    channels: { ...SANDBOX_CHANNELS, sms: { provider: 'http-gateway', url, secret: SECRET } },
  });
  app = await createTestApp(ctx);
  await addUsers(ctx, [{ username: 'admin', roles: ['admin'] }]);
  admin = await logIn(app, 'admin');
  call = apiCaller(app, () => admin);
  await putProduct(call, 'XJD1');
  await putDebtor(call, {
    ref: 'G1',
    loanRef: 'GL1',
    name: '借款人',
    mobile: '13922220001',
    disbursedOn: '2026-10-27',
    dueOn: '2026-11-27',
    principalFen: 300_000,
    interestDueFen: 4_500,
  });
});
afterAll(async () => {
  await app.close();
  await ctx.close();
  await new Promise((resolve) => gateway.close(resolve));
});

describe('dispatch through the HTTP SMS gateway', () => {
  it('sends a signed request with the idempotency key, and a signed receipt marks the message delivered', async () => {
    ctx.clock.advance(shanghai('2026-11-28', '10:00').getTime() - ctx.clock.now().getTime());
    await ctx.services.system.setBusinessDate('2026-11-28', SYSTEM_ACTOR);
    await ctx.services.dailyRun.runUpTo('2026-11-28');
    const summary = await ctx.services.dispatch.sendDue();
    expect(summary.sent).toBeGreaterThanOrEqual(1);
    const sms = received.find((r) => JSON.parse(r.body).to === '13922220001')!;
    expect(sms).toBeDefined();
    const timestamp = String(sms.headers['x-huikuan-timestamp']);
    const expected = createHmac('sha256', SECRET).update(`${timestamp}.${sms.body}`).digest('hex');
    expect(sms.headers['x-huikuan-signature']).toBe(expected);
    const key = String(sms.headers['idempotency-key']);
    expect(key).toMatch(/^pa:/);
    expect(JSON.parse(sms.body)).toMatchObject({ idempotencyKey: key });
    const message = await ctx.database.db
      .selectFrom('message')
      .select(['status', 'provider', 'provider_message_id'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(message).toMatchObject({ status: 'accepted', provider: 'http-sms-gateway' });

    const receipt = JSON.stringify({ messageId: message.provider_message_id, status: 'delivered' });
    const now = String(Math.floor(Date.now() / 1000));
    const post = (signature: string) =>
      app.inject({
        method: 'POST',
        url: '/api/v1/message-receipts',
        payload: receipt,
        headers: {
          'content-type': 'application/json',
          'x-huikuan-timestamp': now,
          'x-huikuan-signature': signature,
        },
      });
    const forged = await post(createHmac('sha256', 'wrong').update(`${now}.${receipt}`).digest('hex'));
    expect(forged.statusCode).toBe(404);
    const ok = await post(createHmac('sha256', SECRET).update(`${now}.${receipt}`).digest('hex'));
    expect(ok.statusCode).toBe(204);
    const after = await ctx.database.db
      .selectFrom('message')
      .select(['status', 'delivered_at'])
      .where('idempotency_key', '=', key)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('delivered');
    expect(after.delivered_at).not.toBeNull();
  });

  it('shows the case’s planned actions with why, in the API', async () => {
    const kase = await ctx.database.db.selectFrom('collection_case').select('id').executeTakeFirstOrThrow();
    admin = await logIn(app, 'admin'); // the clock moved a day: a new session
    const res = await call('GET', `/api/v1/cases/${kase.id}/actions`);
    expect(res.statusCode).toBe(200);
    const items = res.json().items as { channel: string; status: string; why: { 'en-US': string } }[];
    expect(items.find((i) => i.channel === 'sms')).toMatchObject({ status: 'sent' });
    expect(items[0]!.why['en-US']).toMatch(/^M1 · .+ · day 1 /);
  });
});
