/**
 * The wall clock, injected. Business logic never reads it: it uses the business date.
 * It stamps instants (audit events, sessions) and gives the default business date.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that can be set to any instant: the demo simulation moves it through its days. */
export interface SettableClock extends Clock {
  set(at: Date): void;
}

/** A clock that stands still unless moved (tests). */
export function fixedClock(start: Date): SettableClock & { advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
    set: (at) => {
      t = at.getTime();
    },
  };
}

/**
 * 模拟时钟 the system clock until set; then it stands at the instant set (the demo simulation
 * moves it through the simulated days) until released back to the system clock.
 */
export function simulationClock(base: Clock = systemClock): SettableClock & { release(): void } {
  let at: number | null = null;
  return {
    now: () => (at === null ? base.now() : new Date(at)),
    set: (instant) => {
      at = instant.getTime();
    },
    release: () => {
      at = null;
    },
  };
}
