import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import type { OutboundMessage } from './channel-provider.js';
import { PushWebhookProvider } from './push-webhook.provider.js';

const SECRET = 'push-webhook-secret';
const NOW = new Date('2026-11-28T00:05:00.000Z');

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

async function startPushService(reply: (req: Received, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      reply(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/push`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The push service's check, from the protocol: hex HMAC-SHA256(secret, `${ts}.${rawBody}`). */
function signatureValid(r: Received): boolean {
  const ts = String(r.headers['x-huikuan-timestamp']);
  const expected = createHmac('sha256', SECRET).update(`${ts}.${r.body}`, 'utf8').digest('hex');
  return r.headers['x-huikuan-signature'] === expected && Number(ts) === NOW.getTime() / 1000;
}

const push: OutboundMessage = {
  idempotencyKey: 'push-0193a5f2',
  channel: 'push',
  to: 'app-user-7731',
  subject: '还款提醒',
  body: '您的借款本期应还 ¥1,240.00,今天到期。',
  templateCode: 'DUE_TODAY',
  templateParams: { amount: '1,240.00' },
};

describe('PushWebhookProvider', () => {
  let service: Awaited<ReturnType<typeof startPushService>> | undefined;
  afterEach(async () => {
    await service?.close();
    service = undefined;
  });
  const provider = (url: string, timeoutMs = 2_000) =>
    new PushWebhookProvider({ url, secret: SECRET, clock: fixedClock(NOW), timeoutMs });

  it('posts the signed push with title, body and idempotency key; the service verifies the signature', async () => {
    service = await startPushService((r, res) =>
      res
        .writeHead(signatureValid(r) ? 200 : 401, { 'Content-Type': 'application/json' })
        .end('{"id":"push-55"}'),
    );
    const result = await provider(service.url).send(push);

    expect(result).toEqual({ status: 'accepted', providerMessageId: 'push-55' });
    const [r] = service.received;
    expect(r?.headers['idempotency-key']).toBe('push-0193a5f2');
    expect(JSON.parse(r?.body ?? '')).toEqual({
      to: 'app-user-7731',
      title: '还款提醒',
      body: '您的借款本期应还 ¥1,240.00,今天到期。',
      idempotencyKey: 'push-0193a5f2',
      templateCode: 'DUE_TODAY',
      params: { amount: '1,240.00' },
    });
  });

  it('is rejected on 410 (token gone) and retryable on 502', async () => {
    service = await startPushService((_r, res) => res.writeHead(410).end('device token expired'));
    expect(await provider(service.url).send(push)).toEqual({
      status: 'rejected',
      error: { code: 'HTTP_410', message: 'device token expired' },
    });
    await service.close();
    service = await startPushService((_r, res) => res.writeHead(502).end());
    expect(await provider(service.url).send(push)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'HTTP_502' },
    });
  });

  it('is a retryable failure when the service does not answer in time', async () => {
    service = await startPushService(() => {});
    expect(await provider(service.url, 150).send(push)).toMatchObject({
      status: 'retryable-failure',
      error: { code: 'TIMEOUT' },
    });
  });

  it('refuses an SMS without calling the service', async () => {
    service = await startPushService((_r, res) => res.writeHead(200).end());
    expect((await provider(service.url).send({ ...push, channel: 'sms' })).status).toBe('rejected');
    expect(service.received).toHaveLength(0);
  });
});
