/**
 * The lines typed into a shell session, kept so that replaying them rebuilds its world exactly
 * (the world is deterministic: same seed, same lines, same world). A command Ctrl-C dropped while
 * it was being typed (a heredoc, a continued line) never ran, so its lines leave the journal; so
 * do the lines of a command that failed inside kubetutor, which would fail again on every replay.
 */
import type { CommandResult } from './result.ts';
import type { FeedOutcome, ShellSession } from './session.ts';

/** How the journal keeps a Ctrl-D (no typed line holds this character). */
const END_OF_FILE = '\u0004';

export class Journal {
  readonly lines: string[];
  /** Where the command being typed began, while it is unfinished. */
  #pendingFrom: number | undefined;

  constructor(lines: readonly string[] = []) {
    this.lines = [...lines];
  }

  /** Feed `line` to the session and keep it. */
  feed(session: ShellSession, line: string): FeedOutcome {
    this.lines.push(line);
    this.#pendingFrom ??= this.lines.length - 1;
    try {
      const o = session.feed(line);
      if (o.kind === 'result') this.#pendingFrom = undefined;
      return o;
    } catch (e) {
      this.cancel();
      throw e;
    }
  }

  /** Ctrl-D on an empty line inside a container's shell (or a half-typed command): kept, since it changes where the next line goes. */
  endOfFile(session: ShellSession): CommandResult | undefined {
    const r = session.endOfFile();
    if (r) {
      this.lines.push(END_OF_FILE);
      this.#pendingFrom = undefined;
    }
    return r;
  }

  /** The command being typed was dropped (Ctrl-C): its lines go. True if there was one. */
  cancel(): boolean {
    if (this.#pendingFrom === undefined) return false;
    this.lines.length = this.#pendingFrom;
    this.#pendingFrom = undefined;
    return true;
  }

  /** Rebuild a world: feed every line to a fresh session, output unseen. Returns how many commands failed inside kubetutor. */
  static replay(session: ShellSession, lines: readonly string[]): number {
    let failed = 0;
    for (const line of lines) {
      try {
        if (line === END_OF_FILE) session.endOfFile();
        else session.feed(line);
      } catch {
        failed++;
        session.cancel();
      }
    }
    return failed;
  }
}
