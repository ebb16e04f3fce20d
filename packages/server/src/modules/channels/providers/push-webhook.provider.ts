import type { OutboundMessage } from './channel-provider.js';
import { SignedJsonProvider, type SignedJsonProviderConfig } from './signed-json-post.js';

export interface PushWebhookConfig extends SignedJsonProviderConfig {
  /** Provider code stored with each message; `push-webhook` by default. */
  code?: string;
}

/**
 * App push (推送) through the lender's own push service: POST
 * `{to, title?, body, idempotencyKey, templateCode?, params?}` with the same HMAC signing and
 * Idempotency-Key header as the generic SMS gateway. `to` is the app's user or device token.
 */
export class PushWebhookProvider extends SignedJsonProvider {
  readonly channels = ['push'] as const;

  constructor(config: PushWebhookConfig) {
    super(config, 'push-webhook');
  }

  protected body(message: OutboundMessage): Record<string, unknown> {
    return {
      to: message.to,
      title: message.subject,
      body: message.body,
      idempotencyKey: message.idempotencyKey,
      templateCode: message.templateCode,
      params: message.templateParams,
    };
  }
}
