import type { OutboundMessage } from './channel-provider.js';
import { SignedJsonProvider, type SignedJsonProviderConfig } from './signed-json-post.js';

export interface HttpSmsGatewayConfig extends SignedJsonProviderConfig {
  /** Provider code stored with each message; `http-sms-gateway` unless several gateways are configured. */
  code?: string;
}

/**
 * A generic SMS gateway speaking Huikuan's JSON protocol: POST
 * `{to, body, idempotencyKey, templateCode?, params?}` signed with X-Huikuan-Timestamp and
 * X-Huikuan-Signature, with an Idempotency-Key header the gateway uses to drop duplicates.
 */
export class HttpSmsGatewayProvider extends SignedJsonProvider {
  readonly channels = ['sms'] as const;

  constructor(config: HttpSmsGatewayConfig) {
    super(config, 'http-sms-gateway');
  }

  protected body(message: OutboundMessage): Record<string, unknown> {
    return {
      to: message.to,
      body: message.body,
      idempotencyKey: message.idempotencyKey,
      templateCode: message.templateCode,
      params: message.templateParams,
    };
  }
}
