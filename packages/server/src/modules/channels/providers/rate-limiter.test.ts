import { describe, expect, it } from 'vitest';
import { fixedClock } from '../../../platform/clock.js';
import { RateLimiter } from './rate-limiter.js';

describe('RateLimiter (token bucket per provider)', () => {
  it('lets a full burst through, then one message per 1/rate seconds', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const limiter = new RateLimiter({ ratePerSecond: 10, burst: 3, clock });

    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, true]);
    expect(limiter.tryAcquire()).toBe(false);
    expect(limiter.msUntilAvailable()).toBe(100);

    clock.advance(99);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire()).toBe(true);
    expect(limiter.tryAcquire()).toBe(false);
  });

  it('sends at most rate × seconds + burst over a long run', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const limiter = new RateLimiter({ ratePerSecond: 7, burst: 5, clock });
    let sent = 0;
    for (let ms = 0; ms < 10_000; ms += 1) {
      while (limiter.tryAcquire()) sent += 1;
      clock.advance(1);
    }
    expect(sent).toBe(5 + 69); // the burst, then one every 142.857 ms for 9.999 s
  });

  it('does not save up beyond the burst while idle', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const limiter = new RateLimiter({ ratePerSecond: 100, burst: 2, clock });
    clock.advance(60_000);
    expect([limiter.tryAcquire(), limiter.tryAcquire(), limiter.tryAcquire()]).toEqual([true, true, false]);
  });

  it('takes nothing when a batch does not fit, and says a batch larger than the burst never fits', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const limiter = new RateLimiter({ ratePerSecond: 2, burst: 4, clock });
    expect(limiter.tryAcquire(3)).toBe(true);
    expect(limiter.tryAcquire(2)).toBe(false);
    expect(limiter.tryAcquire(1)).toBe(true);
    expect(limiter.msUntilAvailable(2)).toBe(1000);
    expect(limiter.msUntilAvailable(5)).toBe(Number.POSITIVE_INFINITY);
  });

  it('adds nothing when the clock steps backwards', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const limiter = new RateLimiter({ ratePerSecond: 1, burst: 1, clock });
    expect(limiter.tryAcquire()).toBe(true);
    clock.advance(-5_000);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(5_999);
    expect(limiter.tryAcquire()).toBe(false);
    clock.advance(1);
    expect(limiter.tryAcquire()).toBe(true);
  });

  it('keeps one provider’s bucket apart from another’s', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    const aliyun = new RateLimiter({ ratePerSecond: 1, clock });
    const tencent = new RateLimiter({ ratePerSecond: 1, clock });
    expect(aliyun.tryAcquire()).toBe(true);
    expect(aliyun.tryAcquire()).toBe(false);
    expect(tencent.tryAcquire()).toBe(true);
  });

  it('refuses a rate or burst that cannot work', () => {
    const clock = fixedClock(new Date('2026-11-28T08:00:00Z'));
    expect(() => new RateLimiter({ ratePerSecond: 0, clock })).toThrow(/positive/);
    expect(() => new RateLimiter({ ratePerSecond: Number.NaN, clock })).toThrow(/positive/);
    expect(() => new RateLimiter({ ratePerSecond: 5, burst: 0.5, clock })).toThrow(/burst/);
  });
});
