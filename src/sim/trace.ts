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
  return component.replace(/\s*\(.*\)$/, '');
}

export class Trace {
  readonly #entries: TraceEntry[] = [];

  record(entry: TraceEntry): void {
    this.#entries.push(entry);
  }

  /**
   * Start a new command: `sinceMark()` then returns only what this command caused. What came
   * before is no longer needed (the shell keeps the last command's chain itself), so it goes.
   */
  mark(): void {
    this.#entries.length = 0;
  }

  sinceMark(): readonly TraceEntry[] {
    return this.#entries.slice();
  }
}
