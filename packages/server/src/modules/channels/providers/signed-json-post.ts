/**
 * A signed JSON POST to a Huikuan-protocol endpoint (the generic SMS gateway, the app-push
 * webhook) and the reading of its reply: any 2xx accepts the message, with the endpoint's
 * `messageId` (or `id`) as the provider message id; other statuses are classified. Also the
 * provider both endpoints share, which leaves each only its code, channels and body shape.
 */
import type { Clock } from '../../../platform/clock.js';
import {
  accepted,
  type ChannelProvider,
  channelMismatch,
  type OutboundMessage,
  type ProviderChannel,
  type SendResult,
} from './channel-provider.js';
import { signedJsonHeaders } from './gateway-signature.js';
import {
  classifyHttpStatus,
  DEFAULT_HTTP_TIMEOUT_MS,
  isRecord,
  parseJson,
  postWithTimeout,
} from './http-request.js';

export interface SignedEndpoint {
  url: string;
  secret: string;
  timeoutMs: number;
  clock: Clock;
}

export async function postSignedJson(
  endpoint: SignedEndpoint,
  idempotencyKey: string,
  payload: Record<string, unknown>,
): Promise<SendResult> {
  const rawBody = JSON.stringify(payload);
  const headers = signedJsonHeaders(endpoint.secret, endpoint.clock.now().getTime(), rawBody, idempotencyKey);
  const outcome = await postWithTimeout(endpoint.url, headers, rawBody, endpoint.timeoutMs);
  if (!outcome.ok) return outcome.result;
  const { status, text } = outcome.reply;
  const failure = classifyHttpStatus(status, text);
  if (failure) return failure;
  const reply = parseJson(text);
  const id = isRecord(reply) ? (reply.messageId ?? reply.id) : undefined;
  return accepted(typeof id === 'string' && id !== '' ? id : undefined);
}

/** How a provider reaches a Huikuan-protocol endpoint. */
export interface SignedJsonProviderConfig {
  /** Provider code stored with each message; each provider has its own default. */
  code?: string;
  url: string;
  /** Shared HMAC secret; see gateway-signature.ts. */
  secret: string;
  timeoutMs?: number;
  clock: Clock;
}

/**
 * A provider that sends each message as a signed JSON POST (see postSignedJson), with the
 * message's idempotency key as the Idempotency-Key header; a subclass gives the channels it
 * serves and the body for a message.
 */
export abstract class SignedJsonProvider implements ChannelProvider {
  readonly code: string;
  abstract readonly channels: readonly ProviderChannel[];

  protected constructor(
    private readonly config: SignedJsonProviderConfig,
    defaultCode: string,
  ) {
    this.code = config.code ?? defaultCode;
  }

  /** The JSON body sent for `message`. */
  protected abstract body(message: OutboundMessage): Record<string, unknown>;

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
      this.body(message),
    );
  }
}
