/**
 * How a watch runs in the sandbox (`kubectl get -w`, `kubectl events -w`): the real one runs until
 * Ctrl-C; here simulated time runs a second at a time, each second's events go to the printer,
 * and the watch ends once it has been quiet for 30 s, at --request-timeout, or after ten minutes.
 */
import type { WatchEvent } from '../../sim/cluster/api-server.ts';
import type { CommandContext } from '../context.ts';
import type { Line, LiveFeed } from '../result.ts';

const QUIET_MS = 30_000;
const WATCH_LIMIT_MS = 600_000;
const STEP_MS = 1000;

/**
 * Subscribe, let time run, hand `deliver` the events each step brought (false stops the watch),
 * unsubscribe. With `timeoutMs` the watch lasts exactly that long, quiet or not (capped at ten
 * minutes). Says whether it ended by itself (quiet or the cap) rather than by timeout or `deliver`.
 */
export function followWatch(ctx: CommandContext, subscribe: (fn: (e: WatchEvent) => void) => () => void, deliver: (events: WatchEvent[]) => boolean, timeoutMs = 0): { endedQuiet: boolean } {
  const pending: WatchEvent[] = [];
  const stop = subscribe((e) => { pending.push(e); });
  try {
    const limit = timeoutMs > 0 ? Math.min(timeoutMs, WATCH_LIMIT_MS) : WATCH_LIMIT_MS;
    let quiet = 0;
    for (let elapsed = 0; elapsed < limit && (timeoutMs > 0 || quiet < QUIET_MS); elapsed += STEP_MS) {
      ctx.world.advance(Math.min(STEP_MS, limit - elapsed));
      quiet = pending.length > 0 ? 0 : quiet + STEP_MS;
      if (!deliver(pending.splice(0))) return { endedQuiet: false };
    }
    return { endedQuiet: !(timeoutMs > 0 && timeoutMs <= WATCH_LIMIT_MS) };
  } finally {
    stop();
  }
}

/**
 * The same watch at a terminal (ctx.live): it goes on, as the real one does, while the terminal
 * lets time run (a step at a time, at a pace a person can follow), until Ctrl-C or `timeoutMs`.
 * `lines` is everything printed so far; each step hands over what came after `shown`.
 */
export function liveWatch(ctx: CommandContext, subscribe: (fn: (e: WatchEvent) => void) => () => void, deliver: (events: WatchEvent[]) => boolean, lines: () => readonly Line[], shown: number, timeoutMs = 0): LiveFeed {
  const pending: WatchEvent[] = [];
  const unsubscribe = subscribe((e) => { pending.push(e); });
  let elapsed = 0;
  let seen = shown;
  let ended = false;
  const end = (): void => { if (!ended) { ended = true; unsubscribe(); } };
  return {
    step(ms) {
      if (ended) return { lines: [], done: true };
      const d = timeoutMs > 0 ? Math.min(ms, timeoutMs - elapsed) : ms;
      ctx.world.advance(d);
      elapsed += d;
      const go = deliver(pending.splice(0));
      const all = lines();
      const fresh = all.slice(seen);
      seen = all.length;
      if (!go || (timeoutMs > 0 && elapsed >= timeoutMs)) end();
      return { lines: fresh, done: ended };
    },
    stop: end,
  };
}
