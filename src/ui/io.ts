/**
 * The one doorway to a terminal. Everything that prints goes through an Io, so tests use an
 * in-memory one and the real one is made once, in the CLI.
 */
import type { Readable, Writable } from 'node:stream';

export interface Io {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** stdin and stdout are both terminals: prompts, colours and live progress are allowed. */
  readonly interactive: boolean;
  /** Colour is wanted (a terminal, and no NO_COLOR). */
  readonly color: boolean;
  /** Terminal width, or 80. */
  columns(): number;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function processIo(): Io {
  const interactive = Boolean(process.stdin.isTTY && process.stdout.isTTY);
  const env = process.env;
  const noColor = env.NO_COLOR !== undefined && env.NO_COLOR !== '';
  return {
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    interactive,
    color: Boolean(process.stdout.isTTY) && !noColor && env.TERM !== 'dumb',
    columns: () => process.stdout.columns || 80,
    env,
  };
}
