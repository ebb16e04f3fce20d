/**
 * The wall clock, injected. Business logic never reads it: it uses the business date.
 * It stamps instants (audit events, sessions) and gives the default business date.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock that stands still unless moved (tests). */
export function fixedClock(start: Date): Clock & { advance(ms: number): void } {
  let t = start.getTime();
  return {
    now: () => new Date(t),
    advance: (ms) => {
      t += ms;
    },
  };
}
