/**
 * Which component did what, and why: recorded by every part of the world so a lesson, the
 * `trace` command and the explainer can tell a beginner "what just happened".
 */
export interface TraceEntry {
  /** Simulated time, ms since the epoch. */
  readonly at: number;
  /** `docker CLI`, `Docker Engine`, `BuildKit`, `registry docker.io`, `Buildah`, `Kaniko`, … */
  readonly component: string;
  readonly action: string;
  /** One sentence, in words a beginner understands. */
  readonly why: string;
}

/** The kind of component, without the node it runs on: `kubelet (worker-1)` → `kubelet`. */
export function componentKind(component: string): string {
  const at = component.indexOf(' (');
  return at < 0 || !component.endsWith(')') ? component : component.slice(0, at);
}

/** The kind of a step: the component's kind and the action's first word (`kubelet|start`, `scheduler|bind`). */
export function stepKind(entry: TraceEntry): string {
  const space = entry.action.indexOf(' ');
  return `${componentKind(entry.component)}|${space < 0 ? entry.action : entry.action.slice(0, space)}`;
}

/**
 * Of each kind of step, one command's trace keeps this many and counts the rest: enough for any
 * lesson or explained manifest, while a Deployment scaled to thousands does not keep a record of
 * every one of its pods' steps.
 */
export const TRACE_KEPT_PER_KIND = 1000;

export class Trace {
  readonly #entries: TraceEntry[] = [];
  /** Steps recorded since the mark, per kind. */
  readonly #kinds = new Map<string, number>();
  #omitted = 0;

  record(entry: TraceEntry): void {
    const kind = stepKind(entry);
    const seen = this.#kinds.get(kind) ?? 0;
    this.#kinds.set(kind, seen + 1);
    if (seen < TRACE_KEPT_PER_KIND) this.#entries.push(entry);
    else this.#omitted++;
  }

  /**
   * Start a new command: `sinceMark()` then returns only what this command caused. What came
   * before is no longer needed (the shell keeps the last command's chain itself), so it goes.
   */
  mark(): void {
    this.#entries.length = 0;
    this.#kinds.clear();
    this.#omitted = 0;
  }

  sinceMark(): readonly TraceEntry[] {
    return this.#entries.slice();
  }

  /** How many steps since the mark were counted but not kept (beyond the first of their kind). */
  get omitted(): number {
    return this.#omitted;
  }
}
