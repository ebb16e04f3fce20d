/**
 * A token bucket per provider: `ratePerSecond` tokens flow in continuously up to `burst`;
 * each message takes one. Time comes only from the injected clock, so tests move it by hand.
 */
import { CodedError } from '@huikuan/domain';
import type { Clock } from '../../../platform/clock.js';

export interface RateLimiterOptions {
  /** Sustained messages per second the provider allows. */
  ratePerSecond: number;
  /** Most messages sent back-to-back after a quiet spell; `max(1, ratePerSecond)` by default. */
  burst?: number;
  clock: Clock;
}

export class RateLimiter {
  // Kept in thousandths of a token so that integer rates refill exactly: one millisecond at
  // r messages/s adds r thousandths, and no float drift leaves a bucket at 0.9999 tokens.
  private readonly rate: number;
  private readonly capacity: number;
  private milliTokens: number;
  private lastMs: number;

  constructor(private readonly options: RateLimiterOptions) {
    const { ratePerSecond } = options;
    const burst = options.burst ?? Math.max(1, ratePerSecond);
    if (!(ratePerSecond > 0) || !Number.isFinite(ratePerSecond)) {
      throw new CodedError('CONFIG_INVALID', {
        detail: `rate limit must be a positive number, got ${ratePerSecond}`,
      });
    }
    if (!(burst >= 1) || !Number.isFinite(burst)) {
      throw new CodedError('CONFIG_INVALID', { detail: `rate-limit burst must be at least 1, got ${burst}` });
    }
    this.rate = ratePerSecond;
    this.capacity = burst * 1000;
    this.milliTokens = this.capacity;
    this.lastMs = options.clock.now().getTime();
  }

  /** Takes `count` tokens if the bucket holds them now; otherwise takes nothing. */
  tryAcquire(count = 1): boolean {
    this.refill();
    if (this.milliTokens < count * 1000) return false;
    this.milliTokens -= count * 1000;
    return true;
  }

  /** Milliseconds until `count` tokens will be there (0: now; Infinity: more than the bucket holds). */
  msUntilAvailable(count = 1): number {
    if (count * 1000 > this.capacity) return Number.POSITIVE_INFINITY;
    this.refill();
    const missing = count * 1000 - this.milliTokens;
    return missing <= 0 ? 0 : Math.ceil(missing / this.rate);
  }

  private refill(): void {
    const nowMs = this.options.clock.now().getTime();
    // A clock stepped backwards adds nothing rather than removing tokens.
    const elapsed = Math.max(0, nowMs - this.lastMs);
    this.lastMs = Math.max(this.lastMs, nowMs);
    this.milliTokens = Math.min(this.capacity, this.milliTokens + elapsed * this.rate);
  }
}
