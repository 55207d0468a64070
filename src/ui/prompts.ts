/**
 * Every question kubetutor asks on a terminal goes through here, with the Io's streams passed
 * to @inquirer/prompts (never process.stdin directly), so tests can drive them.
 * Ctrl-C at a prompt rejects with inquirer's ExitPromptError: `isCancel` recognises it.
 */
import { checkbox, confirm, input, select } from '@inquirer/prompts';
import type { Io } from './io.ts';

export interface Choice<V> {
  readonly name: string;
  readonly value: V;
  readonly description?: string;
  /** Shown but not selectable; the text says why. */
  readonly disabled?: string | boolean;
  /** Already ticked (a checkbox): a learner's earlier picks. */
  readonly checked?: boolean;
}

/** How a prompt is drawn: `answer` marks a pick that will be judged — no green ✔ before the verdict. */
export interface PromptOptions<V = unknown> {
  readonly answer?: boolean;
  /** The entry the cursor starts on (a select). */
  readonly initial?: V;
  readonly signal?: AbortSignal;
}

function context(io: Io, signal?: AbortSignal): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal?: AbortSignal } {
  return { input: io.stdin, output: io.stdout, ...(signal ? { signal } : {}) };
}

/** A judged answer's prompt ends with a neutral mark: the lesson says right or wrong next. */
const ANSWER_THEME = { prefix: { idle: '?', done: '›' } };

export function choose<V>(io: Io, message: string, choices: ReadonlyArray<Choice<V>>, options: PromptOptions<V> = {}): Promise<V> {
  return select<V>({ message, choices: choices.map((c) => ({ ...c })), loop: false, pageSize: 12, ...(options.initial !== undefined ? { default: options.initial } : {}), ...(options.answer ? { theme: ANSWER_THEME } : {}) }, context(io, options.signal));
}

/** A select with a Back entry last; Esc goes back too. Resolves undefined for Back. */
export async function chooseOrBack<V>(io: Io, message: string, choices: ReadonlyArray<Choice<V>>): Promise<V | undefined> {
  const escape = new AbortController();
  const onKey = (_: string, key: { name?: string } | undefined): void => { if (key?.name === 'escape') escape.abort(); };
  io.stdin.on('keypress', onKey);
  try {
    const back = Symbol('back');
    const picked = await choose<V | typeof back>(io, `${message} (Esc: back)`, [...choices, { name: '← Back', value: back }], { signal: escape.signal });
    return picked === back ? undefined : (picked as V);
  } catch (e) {
    if (escape.signal.aborted) return undefined;
    throw e;
  } finally {
    io.stdin.off('keypress', onKey);
  }
}

export function chooseMany<V>(io: Io, message: string, choices: ReadonlyArray<Choice<V>>, options: PromptOptions<V> = {}): Promise<V[]> {
  // An empty submit is not an answer (nor a hint request): inquirer asks for a pick.
  return checkbox<V>({ message, choices: choices.map((c) => ({ ...c })), loop: false, required: true, ...(options.answer ? { theme: ANSWER_THEME } : {}) }, context(io, options.signal));
}

export function ask(io: Io, message: string, options: PromptOptions = {}): Promise<string> {
  return input({ message, ...(options.answer ? { required: true, theme: ANSWER_THEME } : {}) }, context(io, options.signal));
}

export function yesNo(io: Io, message: string, fallback = false, signal?: AbortSignal): Promise<boolean> {
  return confirm({ message, default: fallback }, context(io, signal));
}

/** Ctrl-C (or a closed input) at an inquirer prompt. */
export function isCancel(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}
