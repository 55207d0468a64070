/**
 * What a command gives back: lines for each stream, and an exit code. Never printed here —
 * the UI (or a test) decides how to show them.
 */
import { writtenText } from '../sim/textutils.ts';
import type { ContainerShellSpec } from './container-shell.ts';

/** `out` and `err` are the real tool's streams; `hint` is kubetutor speaking, never the tool. */
export type Stream = 'out' | 'err' | 'hint';

export interface Line {
  readonly stream: Stream;
  readonly text: string;
  /**
   * No newline follows (`echo -n`, `printf` without `\n`, a file's last line without one): a pipe, a
   * file or `$(…)` gets the text as it is; a terminal still ends the line before the next prompt.
   */
  readonly partial?: boolean;
  /** What changed since an earlier view (the `world` picture): a terminal highlights it. */
  readonly change?: 'new' | 'changed' | 'gone';
  /** A terminal control instead of text: `clear` clears the screen and its scrollback (what `clear` writes for xterm). */
  readonly screen?: 'clear';
  /** Set on pull/push layer lines so a terminal can animate them (id + bytes), then show `text`. */
  readonly transfer?: { readonly id: string; readonly bytes: number; readonly direction: 'download' | 'upload' };
}

/**
 * A command that goes on while a terminal watches it (`kubectl get -w`): the terminal lets the
 * world's time run a step at a time, shows the lines each step brought, and stops it on Ctrl-C.
 */
export interface LiveFeed {
  /** Let `ms` of simulated time pass: the lines it brought, and whether the command has ended by itself. */
  step(ms: number): { readonly lines: readonly Line[]; readonly done: boolean; /** How it ended, once done (0 when not given). */ readonly exitCode?: number };
  /** Ctrl-C (or the end): the command lets go of the world. */
  stop(): void;
}

/**
 * The command needs the person at the terminal mid-way: an answer typed at a prompt (hidden for a
 * password), or an editor on a file. The terminal asks, then `then` finishes the command.
 * Only on a terminal (ctx.live); piped, commands answer as the real ones do without a terminal.
 */
export type TerminalRequest =
  | { readonly kind: 'answer'; readonly prompt: string; readonly hidden: boolean; readonly then: (answer: string) => CommandResult }
  | { readonly kind: 'edit'; readonly name: string; readonly content: string; readonly then: (content: string) => CommandResult; /** Which environment variables name the editor, first wins (else vi). */ readonly editorVariables?: readonly string[] };

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
  /** After these lines it asks the terminal for something (see TerminalRequest). */
  readonly request?: TerminalRequest;
  /** It goes on at a terminal after these lines (only when the whole line was this one command, to a terminal). */
  readonly live?: LiveFeed;
  /** An interactive shell inside a container starts (`kubectl exec -ti POD -- bash`): typed lines go to it until `exit`. */
  readonly enter?: ContainerShellSpec;
}

export const out = (text: string): Line => ({ stream: 'out', text });
export const err = (text: string): Line => ({ stream: 'err', text });
export const hint = (text: string): Line => ({ stream: 'hint', text });

/** `clear`: on a terminal the screen clears; a pipe or a transcript gets nothing. */
export const CLEAR_SCREEN: CommandResult = { lines: [], exitCode: 0, ttyLines: [{ stream: 'out', text: '', screen: 'clear' }] };

export function result(lines: readonly Line[], exitCode = 0, ttyLines?: readonly Line[]): CommandResult {
  return ttyLines ? { lines, exitCode, ttyLines } : { lines, exitCode };
}

/** What a pipe, a file or `$(…)` receives from these lines. */
export function streamText(lines: readonly Line[]): string {
  return lines.map((l) => (l.partial ? l.text : `${l.text}\n`)).join('');
}

/** Text as a program writes it: one line per newline, and a last line without one marked partial. */
export const writtenLines = (stream: Stream, text: string): Line[] => writtenText(stream, text);
