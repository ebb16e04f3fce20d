/**
 * Time-ordered ids (UUIDv7, RFC 9562): 48 bits of Unix milliseconds, then random bits.
 * Loans get them so that a loan-id range — the daily run's unit of work — also holds loans
 * written together, whose installments sit together on disk; random UUIDv4 ids scatter a
 * range over the whole table.
 */
import { randomFillSync } from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bits are drawn 4 KiB at a time: one call to the system's generator per 256 ids
// instead of one per id (a page of dispatch makes four ids per message).
const POOL_BYTES = 4096;
const pool = Buffer.alloc(POOL_BYTES);
let poolAt = POOL_BYTES;
const scratch = Buffer.alloc(16);

/** A new UUIDv7. Ids made in the same millisecond by this process stay in creation order. */
export function newId(nowMs: number = Date.now()): string {
  if (nowMs <= lastMs) {
    sequence += 1;
  } else {
    lastMs = nowMs;
    sequence = 0;
  }
  if (poolAt === POOL_BYTES) {
    randomFillSync(pool);
    poolAt = 0;
  }
  const bytes = scratch;
  pool.copy(bytes, 0, poolAt, poolAt + 16);
  poolAt += 16;
  // 48-bit milliseconds, big-endian: the high 16 bits, then the low 32 (>>> 0 keeps them).
  const high = Math.floor(lastMs / 0x1_0000_0000);
  const low = lastMs >>> 0;
  bytes[0] = (high >>> 8) & 0xff;
  bytes[1] = high & 0xff;
  bytes[2] = low >>> 24;
  bytes[3] = (low >>> 16) & 0xff;
  bytes[4] = (low >>> 8) & 0xff;
  bytes[5] = low & 0xff;
  // 12-bit counter in rand_a keeps ids of one millisecond ordered (RFC 9562 §6.2, method 1).
  bytes[6] = 0x70 | ((sequence >> 8) & 0x0f);
  bytes[7] = sequence & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
