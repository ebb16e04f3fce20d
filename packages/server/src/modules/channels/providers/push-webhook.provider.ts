import type { Clock } from '../../../platform/clock.js';
import {
  type ChannelProvider,
  channelMismatch,
  type OutboundMessage,
  type SendResult,
} from './channel-provider.js';
import { DEFAULT_HTTP_TIMEOUT_MS } from './http-request.js';
import { postSignedJson } from './signed-json-post.js';

export interface PushWebhookConfig {
  /** Provider code stored with each message; `push-webhook` by default. */
  code?: string;
  url: string;
  /** Shared HMAC secret; see gateway-signature.ts. */
  secret: string;
  timeoutMs?: number;
  clock: Clock;
}

/**
 * App push (推送) through the lender's own push service: POST
 * `{to, title?, body, idempotencyKey, templateCode?, params?}` with the same HMAC signing and
 * Idempotency-Key header as the generic SMS gateway. `to` is the app's user or device token.
 */
export class PushWebhookProvider implements ChannelProvider {
  readonly code: string;
  readonly channels = ['push'] as const;

  constructor(private readonly config: PushWebhookConfig) {
    this.code = config.code ?? 'push-webhook';
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    const mismatch = channelMismatch(this, message);
    if (mismatch) return mismatch;
    return postSignedJson(
      {
        url: this.config.url,
        secret: this.config.secret,
        timeoutMs: this.config.timeoutMs ?? DEFAULT_HTTP_TIMEOUT_MS,
        clock: this.config.clock,
      },
      message.idempotencyKey,
      {
        to: message.to,
        title: message.subject,
        body: message.body,
        idempotencyKey: message.idempotencyKey,
        templateCode: message.templateCode,
        params: message.templateParams,
      },
    );
  }
}
