/**
 * What a controller of many objects keeps between passes, as an informer-fed work queue would:
 * the signature each object last settled with (its version and what it watches — a pass with
 * nothing new is skipped), and the timers that wake an object again (a back-off, a deadline, a
 * schedule), so the cluster's clock can move straight to the next one.
 */
import type { KObject } from './objects.ts';

export class SyncState {
  readonly #settled = new Map<string, string>();
  readonly #timers = new Map<string, number>();

  /** The earliest timer of any object. */
  get wakeup(): number | undefined {
    let next: number | undefined;
    for (const t of this.#timers.values()) if (next === undefined || t < next) next = t;
    return next;
  }

  /** Nothing is remembered: the controller's kind has never had an object, or all are gone. */
  get empty(): boolean {
    return this.#settled.size === 0;
  }

  /** Whether the object needs a pass now: it changed since it settled, or its timer came due (which is then spent). */
  needs(uid: string, signature: string, now: number): boolean {
    const due = (this.#timers.get(uid) ?? Infinity) <= now;
    if (!due && this.#settled.get(uid) === signature) return false;
    this.#timers.delete(uid);
    return true;
  }

  settle(uid: string, signature: string): void {
    this.#settled.set(uid, signature);
  }

  /** Wake the object at `at`, or earlier if it already has an earlier timer. */
  wake(uid: string, at: number): void {
    const t = this.#timers.get(uid);
    if (t === undefined || at < t) this.#timers.set(uid, at);
  }

  /** Forget objects that are gone; returns the uids forgotten. */
  forgetAllBut(live: ReadonlySet<string>): string[] {
    const gone = [...this.#settled.keys()].filter((uid) => !live.has(uid));
    for (const uid of gone) { this.#settled.delete(uid); this.#timers.delete(uid); }
    return gone;
  }

  /**
   * One pass over a kind's objects: each one whose signature (read from the store as it is now)
   * moved, or whose timer came due, is synced, then remembered as settled with what the sync left.
   * Returns whether any sync wrote something, and the uids of objects that are gone.
   */
  pass(objects: readonly KObject[], now: number, signature: (o: KObject) => string, sync: (o: KObject) => boolean): { changed: boolean; gone: string[] } {
    let changed = false;
    const live = new Set<string>();
    for (const o of objects) {
      const uid = o.metadata.uid as string;
      live.add(uid);
      if (!this.needs(uid, signature(o), now)) continue;
      if (sync(o)) changed = true;
      this.settle(uid, signature(o));
    }
    return { changed, gone: this.forgetAllBut(live) };
  }
}
