/**
 * A signed JSON POST to a Huikuan-protocol endpoint (the generic SMS gateway, the app-push
 * webhook) and the reading of its reply: any 2xx accepts the message, with the endpoint's
 * `messageId` (or `id`) as the provider message id; other statuses are classified.
 */
import type { Clock } from '../../../platform/clock.js';
import { accepted, type SendResult } from './channel-provider.js';
import { signedJsonHeaders } from './gateway-signature.js';
import { classifyHttpStatus, isRecord, parseJson, postWithTimeout } from './http-request.js';

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
