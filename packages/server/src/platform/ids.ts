/**
 * Time-ordered ids (UUIDv7, RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Loans get them so that a loan-id range — the daily run's unit of work — also holds loans
 * written together, whose installments sit together on disk; random UUIDv4 ids scatter a
 * range over the whole table.
 */
import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/** A new UUIDv7. Ids made in the same millisecond by this process stay in creation order. */
export function newId(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    sequence += 1;
  } else {
    lastMs = nowMs;
    sequence = 0;
  }
  const bytes = randomBytes(16);
  const ms = BigInt(lastMs);
  for (let i = 0; i < 6; i += 1) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  // 12-bit counter in rand_a keeps ids of one millisecond ordered (RFC 9562 §6.2, method 1).
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
