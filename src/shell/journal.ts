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
/** How it keeps how long a live command (a watch at a terminal) ran: `\u0005MS:1` (1: Ctrl-C stopped it). */
const LIVE = '\u0005';
const STEP_MS = 1000;
/** How it keeps an answer a command asked for: `\u0006"JSON"`. */
const ANSWER = '\u0006';

/** Let a live command run `ms` of simulated time, a second at a time, as the terminal did. */
export function runLive(result: CommandResult, ms: number): number | undefined {
  const live = result.live;
  if (!live) return undefined;
  let exitCode: number | undefined;
  for (let left = ms; left > 0; left -= STEP_MS) {
    const step = live.step(Math.min(STEP_MS, left));
    if (step.done) { exitCode = step.exitCode ?? 0; break; }
  }
  live.stop();
  return exitCode;
}

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

  /** What the person gave a command that asked (a typed answer, an edited file): replayed to it. */
  answer(text: string): void {
    this.lines.push(`${ANSWER}${JSON.stringify(text)}`);
  }

  /** The last command went on live for `ms` of simulated time, and ended by itself or by Ctrl-C. */
  live(ms: number, interrupted: boolean): void {
    this.lines.push(`${LIVE}${ms}:${interrupted ? 1 : 0}`);
  }

  /** The command being typed was dropped (Ctrl-C): its lines go. True if there was one. */
  cancel(): boolean {
    if (this.#pendingFrom === undefined) return false;
    this.lines.length = this.#pendingFrom;
    this.#pendingFrom = undefined;
    return true;
  }

  /** How many lines were typed (what the journal keeps besides: Ctrl-D, how long a watch ran). */
  static typed(lines: readonly string[]): number {
    return lines.filter((l) => !l.startsWith(LIVE) && !l.startsWith(ANSWER) && l !== END_OF_FILE).length;
  }

  /** Rebuild a world: feed every line to a fresh session, output unseen. Returns how many commands failed inside kubetutor. */
  static replay(session: ShellSession, lines: readonly string[]): number {
    let failed = 0;
    const terminal = session.terminal;
    lines.forEach((line, i) => {
      if (line.startsWith(LIVE) || line.startsWith(ANSWER)) return; // taken with its command
      // What the terminal gave the command then (answers, how long it ran live), given again.
      let next = i + 1;
      const answers: string[] = [];
      while (lines[next]?.startsWith(ANSWER)) answers.push(JSON.parse((lines[next++] as string).slice(1)) as string);
      const marker = /^\u0005(\d+):([01])$/.exec(lines[next] ?? '');
      session.terminal = marker !== null || answers.length > 0;
      try {
        if (line === END_OF_FILE) session.endOfFile();
        else {
          const o = session.feed(line);
          if (o.kind === 'result') {
            let r = o.result;
            for (const a of answers) { if (!r.request) break; r = r.request.then(a); }
            session.settle(r);
            if (marker) {
              const exitCode = runLive(r, Number(marker[1]));
              if (marker[2] === '1') session.interrupted();
              else if (exitCode !== undefined) session.settle({ lines: [], exitCode });
            }
          }
        }
      } catch {
        failed++;
        session.cancel();
      } finally {
        session.terminal = terminal;
      }
    });
    return failed;
  }
}
