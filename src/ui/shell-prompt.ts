/**
 * The shell prompt at a terminal — one for the sandbox and the lessons alike, so both meet a
 * learner's bash habits the same way:
 *
 * - one readline for as long as the learner is at the shell, so a pasted block (a heredoc, then
 *   `kubectl apply -f`) arrives line by line and every line runs, in order;
 * - Ctrl-C on a half-typed line (or inside a heredoc) drops it, on an empty line gives a fresh
 *   prompt, and while a command runs in the foreground stops that command — as bash does; lines
 *   typed ahead and not yet taken are dropped, as the terminal driver flushes its input on Ctrl-C;
 * - Ctrl-D on an empty line is end of input; Tab completes (a second Tab lists the candidates);
 *   ↑/↓ walk the history, which the caller keeps across sessions.
 */
import { createInterface, type Interface } from 'node:readline';
import type { Completion } from '../shell/complete.ts';
import type { Io } from './io.ts';
import type { Theme } from './theme.ts';

/** Ctrl-C at the prompt; `typed`: a half-typed line was on it (and is gone). */
export class Interrupt {
  constructor(readonly typed: boolean) {}
}

/** A typed line, a Ctrl-C, or null for Ctrl-D on an empty line (end of input). */
export type PromptInput = string | Interrupt | null;


export interface ShellPromptOptions {
  readonly io: Io;
  readonly theme: Theme;
  /** The prompt to show now (`learner@laptop:~/workspace$ `, `> ` inside a heredoc, a container's own). */
  readonly prompt: () => string;
  /** Tab completion for the line up to the cursor. */
  readonly complete?: (line: string) => Completion;
  /** Lines typed before, newest first. */
  readonly history?: readonly string[];
  /** The history changed (a line was added): the caller keeps it. */
  readonly onHistory?: (history: readonly string[]) => void;
}

export const HISTORY_SIZE = 1000;

export class ShellPrompt {
  #rl: Interface | undefined;
  readonly #queue: PromptInput[] = [];
  #waiting: ((v: PromptInput) => void) | undefined;
  #history: string[];
  /** The command running in the foreground: Ctrl-C aborts it. */
  #running: AbortController | undefined;

  constructor(private readonly options: ShellPromptOptions) {
    this.#history = [...(options.history ?? [])].slice(0, HISTORY_SIZE);
  }

  /** Lines are waiting (typed ahead, or pasted): take them before anything else asks the learner. */
  get hasQueued(): boolean {
    return this.#queue.length > 0;
  }

  get history(): readonly string[] {
    return this.#history;
  }

  #open(): Interface {
    if (this.#rl) return this.#rl;
    const { io, complete } = this.options;
    const rl = createInterface({
      input: io.stdin,
      output: io.stdout,
      terminal: true,
      history: [...this.#history],
      historySize: HISTORY_SIZE,
      removeHistoryDuplicates: true,
      tabSize: 4,
      ...(complete ? { completer: (line: string): [string[], string] => { const c = safeComplete(complete, line); return [[...c.candidates], c.word]; } } : {}),
    });
    this.#rl = rl;
    // Bracketed paste, as bash turns it on: the terminal marks pasted text, so a Tab inside a
    // pasted heredoc (a Makefile's) is a tab, not a completion; each pasted line still runs.
    setBracketedPaste(io, true);
    rl.on('history', (h: string[]) => {
      this.#history = h.slice(0, HISTORY_SIZE);
      this.options.onHistory?.(this.#history);
    });
    rl.on('line', (line) => this.#deliver(line));
    rl.on('SIGINT', () => {
      this.#queue.length = 0;
      const typed = rl.line.length > 0;
      dropLine(rl);
      const running = this.#running;
      if (running) {
        // A command in the foreground: it stops (it prints what it prints when interrupted).
        running.abort();
        return;
      }
      this.options.io.stdout.write('^C\n');
      this.#deliver(new Interrupt(typed));
    });
    rl.on('close', () => {
      if (this.#rl !== rl) return; // closed on purpose
      this.#rl = undefined;
      this.#deliver(null);
    });
    return rl;
  }

  #deliver(v: PromptInput): void {
    const w = this.#waiting;
    if (w) {
      this.#waiting = undefined;
      w(v);
    } else {
      this.#queue.push(v);
    }
  }

  /** The next thing the learner typed: a line, a Ctrl-C, or null for Ctrl-D. */
  next(): Promise<PromptInput> {
    if (this.#queue.length) return Promise.resolve(this.#queue.shift() as PromptInput);
    const rl = this.#open();
    return new Promise((resolve) => {
      this.#waiting = resolve;
      const text = this.options.prompt();
      rl.setPrompt(text === '> ' ? text : this.options.theme.prompt(text));
      rl.prompt(true);
    });
  }

  /**
   * Run a command's output in the foreground: Ctrl-C aborts `signal` instead of reaching the
   * prompt; lines typed meanwhile wait their turn (as a terminal keeps typeahead).
   */
  async foreground<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.#open();
    const controller = new AbortController();
    this.#running = controller;
    try {
      return await work(controller.signal);
    } finally {
      if (this.#running === controller) this.#running = undefined;
    }
  }

  /** Let go of the terminal (a question prompt takes it, or the session ends). */
  close(): void {
    const rl = this.#rl;
    this.#rl = undefined;
    if (rl) setBracketedPaste(this.options.io, false);
    rl?.close();
  }
}

const BRACKETED_PASTE_OFF = '\x1b[?2004l';
let pasteModeOn = false;
let offAtExit = false;

/** Turn the terminal's bracketed paste mode on or off (and off again if the process ends with it on). */
function setBracketedPaste(io: Io, on: boolean): void {
  const out = io.stdout as NodeJS.WriteStream;
  if (!out.isTTY || on === pasteModeOn) return;
  pasteModeOn = on;
  out.write(on ? '\x1b[?2004h' : BRACKETED_PASTE_OFF);
  if (on && !offAtExit) {
    offAtExit = true;
    process.once('exit', () => { if (pasteModeOn) out.write(BRACKETED_PASTE_OFF); });
  }
}

/**
 * Forget the half-typed line without redrawing it: the `^C` stays on the screen after it, as in
 * bash, and the next prompt is drawn once, on the next line (Ctrl-U would redraw it first).
 */
function dropLine(rl: Interface): void {
  const editable = rl as unknown as { line: string; cursor: number };
  editable.line = '';
  editable.cursor = 0;
}

/** A completer that throws would print readline's "Tab completion error": complete nothing instead. */
function safeComplete(complete: (line: string) => Completion, line: string): Completion {
  try {
    return complete(line);
  } catch {
    return { candidates: [], word: '' };
  }
}
