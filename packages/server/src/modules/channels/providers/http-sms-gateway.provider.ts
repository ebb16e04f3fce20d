import type { Clock } from '../../../platform/clock.js';
import {
  type ChannelProvider,
  channelMismatch,
  type OutboundMessage,
  type SendResult,
} from './channel-provider.js';
import { DEFAULT_HTTP_TIMEOUT_MS } from './http-request.js';
import { postSignedJson } from './signed-json-post.js';

export interface HttpSmsGatewayConfig {
  /** Provider code stored with each message; `http-sms-gateway` unless several gateways are configured. */
  code?: string;
  url: string;
  /** Shared HMAC secret; see gateway-signature.ts. */
  secret: string;
  timeoutMs?: number;
  clock: Clock;
}

/**
 * A generic SMS gateway speaking Huikuan's JSON protocol: POST
 * `{to, body, idempotencyKey, templateCode?, params?}` signed with X-Huikuan-Timestamp and
 * X-Huikuan-Signature, with an Idempotency-Key header the gateway uses to drop duplicates.
 */
export class HttpSmsGatewayProvider implements ChannelProvider {
  readonly code: string;
  readonly channels = ['sms'] as const;

  constructor(private readonly config: HttpSmsGatewayConfig) {
    this.code = config.code ?? 'http-sms-gateway';
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
        body: message.body,
        idempotencyKey: message.idempotencyKey,
        templateCode: message.templateCode,
        params: message.templateParams,
      },
    );
  }
}
