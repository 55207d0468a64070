/**
 * The world's virtual clock. Nothing in the simulation reads the wall clock: every command
 * advances this clock by a small fixed amount, and `sleep N` advances it at once, so the same
 * input always produces the same output, byte for byte.
 */

/** 2026-11-21T09:00:00Z: a fixed "now" at which every fresh world starts. */
export const WORLD_EPOCH_MS = Date.UTC(2026, 10, 21, 9, 0, 0);

export class VirtualClock {
  #now: number;

  constructor(startMs: number = WORLD_EPOCH_MS) {
    this.#now = startMs;
  }

  /** Milliseconds since the Unix epoch, in simulated time. */
  now(): number {
    return this.#now;
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`cannot advance the clock by ${ms}ms`);
    this.#now += Math.round(ms);
  }

  #isoAt = Number.NaN;
  #iso = '';

  /** RFC 3339 in seconds, as the API server writes timestamps (cached: many objects share an instant). */
  apiTime(): string {
    if (this.#isoAt !== this.#now) {
      this.#isoAt = this.#now;
      this.#iso = new Date(this.#now).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    return this.#iso;
  }

  /** RFC 3339 with nanosecond precision, as Docker prints `Created` in `docker inspect`. */
  iso(ms: number = this.#now): string {
    return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  }
}
