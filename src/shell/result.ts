/**
 * What a command gives back: lines for each stream, and an exit code. Never printed here —
 * the UI (or a test) decides how to show them.
 */
import type { ContainerShellSpec } from './container-shell.ts';

/** `out` and `err` are the real tool's streams; `hint` is kubetutor speaking, never the tool. */
export type Stream = 'out' | 'err' | 'hint';

export interface Line {
  readonly stream: Stream;
  readonly text: string;
  /** Set on pull/push layer lines so a terminal can animate them (id + bytes), then show `text`. */
  readonly transfer?: { readonly id: string; readonly bytes: number; readonly direction: 'download' | 'upload' };
}

export interface CommandResult {
  /** What a pipe or file sees (no TTY): the plain progress formats. */
  readonly lines: readonly Line[];
  /** What a terminal shows at the end, when it differs (docker build's TTY view, final layer states). */
  readonly ttyLines?: readonly Line[];
  readonly exitCode: number;
  /** The `exit` builtin: leave the shell. */
  readonly exit?: boolean;
  /**
   * A process that keeps serving (kubectl proxy, port-forward): in a real terminal it would hold
   * the terminal; the shell keeps it as a background job, and `stop` ends it (`kill %1`).
   */
  readonly service?: { readonly name: string; readonly stop: () => void; readonly inTerminal?: () => void };
  /** An interactive shell inside a container starts (`kubectl exec -ti POD -- bash`): typed lines go to it until `exit`. */
  readonly enter?: ContainerShellSpec;
}

export const out = (text: string): Line => ({ stream: 'out', text });
export const err = (text: string): Line => ({ stream: 'err', text });
export const hint = (text: string): Line => ({ stream: 'hint', text });

export function result(lines: readonly Line[], exitCode = 0, ttyLines?: readonly Line[]): CommandResult {
  return ttyLines ? { lines, exitCode, ttyLines } : { lines, exitCode };
}

/** Split multi-line text into lines of one stream. */
export function textLines(stream: Stream, text: string): Line[] {
  return text.split('\n').map((t) => ({ stream, text: t }));
}
