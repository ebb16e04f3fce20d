import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import type { OutboundMessage } from './channel-provider.js';
import { signGatewayPayload, verifyGatewaySignature } from './gateway-signature.js';
import { HttpSmsGatewayProvider } from './http-sms-gateway.provider.js';

const SECRET = 'gateway-shared-secret';
const NOW = new Date('2026-11-28T01:30:00.000Z');

interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A gateway on loopback; `reply` decides the answer to each request. */
async function startGateway(reply: (req: Received, res: ServerResponse) => void) {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(r);
      reply(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The gateway's check, written from the protocol: HMAC-SHA256(secret, `${ts}.${rawBody}`) in hex. */
function gatewayAccepts(r: Received): boolean {
  const ts = String(r.headers['x-huikuan-timestamp']);
  const expected = createHmac('sha256', SECRET).update(`${ts}.${r.body}`, 'utf8').digest('hex');
  return r.headers['x-huikuan-signature'] === expected && Number(ts) === Math.floor(NOW.getTime() / 1000);
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

const sms: OutboundMessage = {
  idempotencyKey: 'msg-0193a5f2-7c1e',
  channel: 'sms',
  to: '+8613800138000',
  body: '【回款科技】张三您好,您本期应还 ¥1,240.00 已逾期 1 天,请及时还款。',
  templateCode: 'OVERDUE_D1',
  templateParams: { name: '张三', amount: '1,240.00' },
};

describe('HttpSmsGatewayProvider', () => {
  let gateway: Awaited<ReturnType<typeof startGateway>> | undefined;
  afterEach(async () => {
    await gateway?.close();
    gateway = undefined;
  });

  const provider = (url: string, timeoutMs = 2_000) =>
    new HttpSmsGatewayProvider({ url, secret: SECRET, clock: fixedClock(NOW), timeoutMs });

  it('posts the signed JSON message with its idempotency key; the gateway verifies the signature', async () => {
    gateway = await startGateway((r, res) =>
      gatewayAccepts(r)
        ? json(res, 202, { messageId: 'gw-778899' })
        : json(res, 401, { error: 'bad signature' }),
    );
    const result = await provider(gateway.url).send(sms);

    expect(result).toEqual({ status: 'accepted', providerMessageId: 'gw-778899' });
    const [r] = gateway.received;
    expect(r?.method).toBe('POST');
    expect(r?.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(r?.headers['idempotency-key']).toBe('msg-0193a5f2-7c1e');
    expect(r?.headers['x-huikuan-timestamp']).toBe('1795829400');
    expect(JSON.parse(r?.body ?? '')).toEqual({
      to: '+8613800138000',
      body: sms.body,
      idempotencyKey: 'msg-0193a5f2-7c1e',
      templateCode: 'OVERDUE_D1',
      params: { name: '张三', amount: '1,240.00' },
    });
  });

  it('leaves out the optional template fields when the message has none', async () => {
    gateway = await startGateway((_r, res) => json(res, 200, {}));
    const result = await provider(gateway.url).send({
      ...sms,
      templateCode: undefined,
      templateParams: undefined,
    });
    expect(result).toEqual({ status: 'accepted' });
    expect(Object.keys(JSON.parse(gateway.received[0]?.body ?? '{}'))).toEqual([
      'to',
      'body',
      'idempotencyKey',
    ]);
  });

  it.each([
    [400, 'rejected'],
    [401, 'rejected'],
    [422, 'rejected'],
    [408, 'retryable-failure'],
    [429, 'retryable-failure'],
    [500, 'retryable-failure'],
    [503, 'retryable-failure'],
  ] as const)('classifies HTTP %i as %s', async (status, expected) => {
    gateway = await startGateway((_r, res) => json(res, status, { error: 'nope' }));
    const result = await provider(gateway.url).send(sms);
    expect(result.status).toBe(expected);
    expect(result.error?.code).toBe(`HTTP_${status}`);
  });

  it('is a retryable failure when the gateway does not answer in time', async () => {
    gateway = await startGateway(() => {
      // never answers
    });
    const result = await provider(gateway.url, 150).send(sms);
    expect(result).toMatchObject({ status: 'retryable-failure', error: { code: 'TIMEOUT' } });
  });

  it('is a retryable failure when nothing listens', async () => {
    gateway = await startGateway(() => {});
    const { url } = gateway;
    await gateway.close();
    gateway = undefined;
    const result = await provider(url).send(sms);
    expect(result.status).toBe('retryable-failure');
    expect(result.error?.code).toBe('CONNECTION_FAILED');
    expect(result.error?.message).toContain('ECONNREFUSED');
  });

  it('refuses an e-mail without calling the gateway', async () => {
    gateway = await startGateway((_r, res) => json(res, 200, {}));
    const result = await provider(gateway.url).send({ ...sms, channel: 'email', to: 'a@b.example' });
    expect(result).toMatchObject({ status: 'rejected', error: { code: 'CHANNEL_NOT_SUPPORTED' } });
    expect(gateway.received).toHaveLength(0);
  });
});

describe('verifyGatewaySignature (for delivery receipts)', () => {
  const body = '{"idempotencyKey":"msg-1","status":"delivered","deliveredAt":"2026-11-28T01:29:58Z"}';
  const ts = '1795829400';
  const nowMs = 1_795_829_400_000;
  const signature = createHmac('sha256', SECRET).update(`${ts}.${body}`).digest('hex');

  it('accepts the HMAC of "<timestamp>.<raw body>" within the tolerance, from a string or raw bytes', () => {
    expect(verifyGatewaySignature(SECRET, ts, body, signature, nowMs, 300_000)).toBe(true);
    expect(verifyGatewaySignature(SECRET, ts, Buffer.from(body), signature, nowMs + 299_000, 300_000)).toBe(
      true,
    );
    expect(verifyGatewaySignature(SECRET, ts, body, signature.toUpperCase(), nowMs, 300_000)).toBe(true);
    expect(signGatewayPayload(SECRET, ts, body)).toBe(signature);
  });

  it('refuses a changed body, another secret or another timestamp', () => {
    expect(
      verifyGatewaySignature(SECRET, ts, body.replace('delivered', 'failed'), signature, nowMs, 300_000),
    ).toBe(false);
    expect(verifyGatewaySignature('other-secret', ts, body, signature, nowMs, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, '1795829401', body, signature, nowMs, 300_000)).toBe(false);
  });

  it('refuses a timestamp outside the tolerance, in the past or the future', () => {
    expect(verifyGatewaySignature(SECRET, ts, body, signature, nowMs + 300_001, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, ts, body, signature, nowMs - 300_001, 300_000)).toBe(false);
  });

  it('refuses malformed signatures and timestamps without throwing', () => {
    expect(verifyGatewaySignature(SECRET, ts, body, signature.slice(0, 62), nowMs, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, ts, body, `${signature}00`, nowMs, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, ts, body, 'z'.repeat(64), nowMs, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, '', body, signature, nowMs, 300_000)).toBe(false);
    expect(verifyGatewaySignature(SECRET, '1795829400.5', body, signature, nowMs, 300_000)).toBe(false);
  });
});
