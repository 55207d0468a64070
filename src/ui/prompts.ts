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
}

function context(io: Io, signal?: AbortSignal): { input: NodeJS.ReadableStream; output: NodeJS.WritableStream; signal?: AbortSignal } {
  return { input: io.stdin, output: io.stdout, ...(signal ? { signal } : {}) };
}

export function choose<V>(io: Io, message: string, choices: ReadonlyArray<Choice<V>>, signal?: AbortSignal): Promise<V> {
  return select<V>({ message, choices: choices.map((c) => ({ ...c })), loop: false, pageSize: 12 }, context(io, signal));
}

export function chooseMany<V>(io: Io, message: string, choices: ReadonlyArray<Choice<V>>, signal?: AbortSignal): Promise<V[]> {
  return checkbox<V>({ message, choices: choices.map((c) => ({ ...c })), loop: false }, context(io, signal));
}

export function ask(io: Io, message: string, signal?: AbortSignal): Promise<string> {
  return input({ message }, context(io, signal));
}

export function yesNo(io: Io, message: string, fallback = false, signal?: AbortSignal): Promise<boolean> {
  return confirm({ message, default: fallback }, context(io, signal));
}

/** Ctrl-C (or a closed input) at an inquirer prompt. */
export function isCancel(e: unknown): boolean {
  return e instanceof Error && (e.name === 'ExitPromptError' || e.name === 'AbortPromptError');
}
