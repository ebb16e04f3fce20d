import type { Clock } from '../../../platform/clock.js';
import {
  accepted,
  type ChannelProvider,
  type OutboundMessage,
  retryableFailure,
  type SendResult,
} from './channel-provider.js';

/**
 * Where the sandbox keeps what it "sent". `put` must be idempotent on the message's
 * idempotency key: a second put with the same key stores nothing and returns the first id.
 */
export interface OutboxStore {
  put(message: OutboundMessage, receivedAt: Date): Promise<{ id: string }>;
}

/**
 * 沙箱发件箱 the sandbox outbox: sends nothing, keeps every message for the UI to show.
 * The default provider in the demo and in tests; serves every channel.
 */
export class SandboxOutboxProvider implements ChannelProvider {
  readonly code = 'sandbox';
  readonly channels = ['sms', 'push', 'email'] as const;

  constructor(
    private readonly store: OutboxStore,
    private readonly clock: Clock,
  ) {}

  async send(message: OutboundMessage): Promise<SendResult> {
    try {
      const { id } = await this.store.put(message, this.clock.now());
      return accepted(id);
    } catch (error) {
      // The store is our own database: a failure there is transient from dispatch's view.
      return retryableFailure('OUTBOX_STORE_FAILED', error instanceof Error ? error.message : String(error));
    }
  }
}
