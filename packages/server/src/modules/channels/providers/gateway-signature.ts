/**
 * The HMAC signature of Huikuan's own JSON webhooks (the generic SMS gateway, app push, and
 * the delivery receipts they send back):
 *
 *   X-Huikuan-Timestamp: Unix time in whole seconds, as decimal digits
 *   X-Huikuan-Signature: lowercase hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`)
 *
 * The timestamp is signed with the body so that a captured request cannot be replayed
 * outside the tolerance window.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export const GATEWAY_TIMESTAMP_HEADER = 'X-Huikuan-Timestamp';
export const GATEWAY_SIGNATURE_HEADER = 'X-Huikuan-Signature';
export const IDEMPOTENCY_KEY_HEADER = 'Idempotency-Key';

/** Hex HMAC-SHA256(secret, `${timestamp}.${rawBody}`) over the exact bytes sent. */
export function signGatewayPayload(secret: string, timestamp: string, rawBody: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/**
 * Checks a signed request: the timestamp (Unix seconds) lies within `toleranceMs` of `nowMs`
 * either way, and the signature matches the raw body byte for byte (compared in constant time).
 */
export function verifyGatewaySignature(
  secret: string,
  timestamp: string,
  rawBody: string | Uint8Array,
  signature: string,
  nowMs: number,
  toleranceMs: number,
): boolean {
  if (!/^\d{1,12}$/.test(timestamp)) return false;
  if (Math.abs(nowMs - Number(timestamp) * 1000) > toleranceMs) return false;
  if (!/^[0-9a-fA-F]{64}$/.test(signature)) return false;
  const expected = Buffer.from(signGatewayPayload(secret, timestamp, rawBody), 'hex');
  return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The headers of a signed JSON POST. */
export function signedJsonHeaders(
  secret: string,
  nowMs: number,
  rawBody: string,
  idempotencyKey: string,
): Record<string, string> {
  const timestamp = String(Math.floor(nowMs / 1000));
  return {
    'Content-Type': 'application/json; charset=utf-8',
    [GATEWAY_TIMESTAMP_HEADER]: timestamp,
    [GATEWAY_SIGNATURE_HEADER]: signGatewayPayload(secret, timestamp, rawBody),
    [IDEMPOTENCY_KEY_HEADER]: idempotencyKey,
  };
}
