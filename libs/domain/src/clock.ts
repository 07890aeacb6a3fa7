/**
 * Time is a service: every process asks a Clock, so tests and the simulated-time admin
 * endpoint can move "now" without touching the system clock.
 */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = {
  now: () => new Date(),
};

/** A clock that stands still until told otherwise (tests, time travel). */
export class FixedClock implements Clock {
  private current: number;

  constructor(initial: Date | string = new Date()) {
    this.current = FixedClock.toMillis(initial);
  }

  /** A fresh Date each call, so callers cannot mutate the clock through it. */
  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = FixedClock.toMillis(instant);
  }

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }

  advanceDays(days: number): void {
    this.advance(days * 24 * 60 * 60 * 1000);
  }

  private static toMillis(instant: Date | string): number {
    const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
    if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${String(instant)}`);
    return ms;
  }
}
