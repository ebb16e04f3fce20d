import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import type { OutboundMessage } from './channel-provider.js';
import { type OutboxStore, SandboxOutboxProvider } from './sandbox-outbox.provider.js';

const NOW = new Date('2026-11-28T08:00:05.000Z');

const sms: OutboundMessage = {
  idempotencyKey: 'msg-1',
  channel: 'sms',
  to: '13800138000',
  body: '张三您好,您本期应还 ¥1,240.00 已逾期 1 天。',
};

describe('SandboxOutboxProvider', () => {
  it('keeps the message in the outbox with the clock’s instant and accepts it with the outbox id', async () => {
    const puts: { message: OutboundMessage; receivedAt: Date }[] = [];
    const store: OutboxStore = {
      put: async (message, receivedAt) => {
        puts.push({ message, receivedAt });
        return { id: `outbox-${puts.length}` };
      },
    };
    const provider = new SandboxOutboxProvider(store, fixedClock(NOW));

    expect(await provider.send(sms)).toEqual({ status: 'accepted', providerMessageId: 'outbox-1' });
    expect(puts).toEqual([{ message: sms, receivedAt: NOW }]);
  });

  it('serves SMS, push and e-mail', async () => {
    const store: OutboxStore = { put: async (m) => ({ id: m.channel }) };
    const provider = new SandboxOutboxProvider(store, fixedClock(NOW));
    for (const channel of ['sms', 'push', 'email'] as const) {
      expect(await provider.send({ ...sms, channel })).toEqual({
        status: 'accepted',
        providerMessageId: channel,
      });
    }
  });

  it('reports a failing store as a retryable failure instead of throwing', async () => {
    const store: OutboxStore = {
      put: async () => {
        throw new Error('connection terminated unexpectedly');
      },
    };
    const provider = new SandboxOutboxProvider(store, fixedClock(NOW));
    expect(await provider.send(sms)).toEqual({
      status: 'retryable-failure',
      error: { code: 'OUTBOX_STORE_FAILED', message: 'connection terminated unexpectedly' },
    });
  });
});
