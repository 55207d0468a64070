/**
 * The sandbox's read-eval-print loop. On a terminal: line editing, history, colour, live
 * progress; Ctrl-C cancels a half-typed line or a running command, as bash does.
 * Not on a terminal: reads lines until EOF and prints exactly what the terminal would have
 * shown — prompt, the typed line, the output — so whole sessions are scriptable.
 */
import { createInterface } from 'node:readline';
import type { ShellSession } from '../shell/session.ts';
import { complete } from '../shell/complete.ts';
import type { Journal } from '../shell/journal.ts';
import type { CommandResult } from '../shell/result.ts';
import type { Io } from './io.ts';
import { followLive, renderInteractive, renderPlain } from './render.ts';
import { fulfil } from './requests.ts';
import { Interrupt, ShellPrompt, type ShellPromptOptions } from './shell-prompt.ts';
import { theme } from './theme.ts';
import { wrap } from './wrap.ts';

export interface ReplOutcome {
  /** 0 on end of input, or what `exit` gives. */
  readonly exitCode: number;
}

/** What the sandbox keeps of a session: its journal, saved after every line it takes. */
export interface Keeping {
  readonly journal: Journal;
  readonly saved: () => void;
}

/** Guard one command: a bug in a command must not end the learner's session. */
function safeFeed(session: ShellSession, line: string, debug: boolean, keeping: Keeping | undefined): ReturnType<ShellSession['feed']> {
  try {
    return keeping ? keeping.journal.feed(session, line) : session.feed(line);
  } catch (e) {
    session.cancel();
    const detail = debug && e instanceof Error ? `\n${e.stack}` : '';
    const result: CommandResult = { lines: [{ stream: 'err', text: `kubetutor: internal error while running this command: ${e instanceof Error ? e.message : String(e)} (please report it; KUBETUTOR_DEBUG=1 shows details)${detail}` }], exitCode: 70 };
    return { kind: 'result', result };
  }
}

export async function runPlainRepl(session: ShellSession, io: Io, keeping?: Keeping): Promise<ReplOutcome> {
  const t = theme(false);
  const debug = io.env.KUBETUTOR_DEBUG === '1';
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  let prompt = session.prompt();
  for await (const raw of rl) {
    const line = raw.replace(/\r$/, '');
    io.stdout.write(`${prompt}${line}\n`);
    const o = safeFeed(session, line, debug, keeping);
    keeping?.saved();
    if (o.kind === 'more') {
      prompt = o.prompt;
      continue;
    }
    io.stdout.write(renderPlain(o.result, t));
    prompt = session.prompt();
    if (o.result.exit) { rl.close(); return { exitCode: o.result.exitCode }; }
  }
  // End of input with a command still open: bash runs what it has (a kept sandbox journals that, as a Ctrl-D).
  const tail = keeping ? keeping.journal.endOfFile(session) : session.flush();
  keeping?.saved();
  if (tail) io.stdout.write(renderPlain(tail, t));
  return { exitCode: 0 };
}

/**
 * The sandbox at a terminal: the shell prompt (shell-prompt.ts) — paste, Ctrl-C and Ctrl-D as in
 * bash, Tab completion, history. Ctrl-C never closes the sandbox; `exit` or Ctrl-D on an empty
 * line at the laptop's prompt leaves it.
 */
export async function runInteractiveRepl(session: ShellSession, io: Io, options: Pick<ShellPromptOptions, 'history' | 'onHistory'> & { readonly keeping?: Keeping } = {}): Promise<ReplOutcome> {
  const { keeping } = options;
  const t = theme(io.color);
  const debug = io.env.KUBETUTOR_DEBUG === '1';
  const shell = new ShellPrompt({ io, theme: t, prompt: () => (session.collecting ? '> ' : session.prompt()), complete: (line) => complete(session, line), ...options });
  session.terminal = true;
  let toldHowToLeave = false;
  try {
    for (;;) {
      const input = await shell.next();
      if (input instanceof Interrupt) {
        if (input.typed || session.collecting) {
          session.cancel();
          if (keeping?.journal.cancel()) keeping.saved();
        } else if (!toldHowToLeave && !session.inContainer) {
          toldHowToLeave = true;
          io.stdout.write(`${t.dim(wrap('(Ctrl-C cancels a command. To leave the sandbox type exit, or press Ctrl-D.)', io.columns()).join('\n'))}\n`);
        }
        continue;
      }
      if (input === null) {
        // Ctrl-D: inside a container's shell (or a half-typed command) it ends that, as bash does; at the laptop's prompt, the sandbox.
        const ended = (io.stdin as { readableEnded?: boolean }).readableEnded === true;
        const r = !ended && (session.inContainer || session.collecting) ? (keeping ? keeping.journal.endOfFile(session) : session.endOfFile()) : undefined;
        keeping?.saved();
        if (!r) {
          io.stdout.write('exit\n');
          return { exitCode: 0 };
        }
        await shell.foreground((signal) => renderInteractive(r, io, t, signal));
        continue;
      }
      session.width = io.columns();
      const o = safeFeed(session, input, debug, keeping);
      keeping?.saved();
      if (o.kind === 'more') continue;
      let r = o.result;
      await shell.foreground((signal) => renderInteractive(r, io, t, signal));
      // A command that asks the terminal (a password, an editor): it finishes with the answer.
      while (r.request) {
        const request = r.request;
        shell.close();
        const answer = await fulfil(request, io);
        if (answer === undefined) { session.interrupted(); break; }
        r = request.then(answer);
        session.settle(r);
        if (keeping) { keeping.journal.answer(answer); keeping.saved(); }
        const done = r;
        await shell.foreground((signal) => renderInteractive(done, io, t, signal));
      }
      if (r.live) {
        const live = r;
        await shell.foreground(async (signal) => {
          // A watch goes on until Ctrl-C; the world's time runs meanwhile (the journal keeps how long).
          const { interrupted, ms, exitCode } = await followLive(live, io, t, signal);
          if (interrupted) session.interrupted();
          else if (exitCode !== undefined) session.settle({ lines: [], exitCode });
          if (keeping) { keeping.journal.live(ms, interrupted); keeping.saved(); }
        });
      }
      if (r.exit) return { exitCode: r.exitCode };
    }
  } finally {
    shell.close();
  }
}
