/**
 * The sandbox's read-eval-print loop. On a terminal: line editing, history, colour, live
 * progress; Ctrl-C cancels a half-typed line (as bash does) and, on an empty line, leaves.
 * Not on a terminal: reads lines until EOF and prints exactly what the terminal would have
 * shown — prompt, the typed line, the output — so whole sessions are scriptable.
 */
import { createInterface, type Interface } from 'node:readline';
import type { ShellSession } from '../shell/session.ts';
import type { CommandResult } from '../shell/result.ts';
import type { Io } from './io.ts';
import { renderInteractive, renderPlain } from './render.ts';
import { theme } from './theme.ts';

export interface ReplOutcome {
  /** 0 on EOF or `exit`, 130 on Ctrl-C. */
  readonly exitCode: number;
  readonly interrupted: boolean;
}

/** Guard one command: a bug in a command must not end the learner's session. */
function safeFeed(session: ShellSession, line: string, debug: boolean): ReturnType<ShellSession['feed']> {
  try {
    return session.feed(line);
  } catch (e) {
    session.cancel();
    const detail = debug && e instanceof Error ? `\n${e.stack}` : '';
    const result: CommandResult = { lines: [{ stream: 'err', text: `kubetutor: internal error while running this command: ${e instanceof Error ? e.message : String(e)} (please report it; KUBETUTOR_DEBUG=1 shows details)${detail}` }], exitCode: 70 };
    return { kind: 'result', result };
  }
}

export async function runPlainRepl(session: ShellSession, io: Io): Promise<ReplOutcome> {
  const t = theme(false);
  const debug = io.env.KUBETUTOR_DEBUG === '1';
  const rl = createInterface({ input: io.stdin, crlfDelay: Infinity, terminal: false });
  let prompt = session.prompt();
  for await (const raw of rl) {
    const line = raw.replace(/\r$/, '');
    io.stdout.write(`${prompt}${line}\n`);
    const o = safeFeed(session, line, debug);
    if (o.kind === 'more') {
      prompt = o.prompt;
      continue;
    }
    io.stdout.write(renderPlain(o.result, t));
    prompt = session.prompt();
    if (o.result.exit) { rl.close(); return { exitCode: o.result.exitCode, interrupted: false }; }
  }
  const tail = session.flush();
  if (tail) io.stdout.write(renderPlain(tail, t));
  return { exitCode: 0, interrupted: false };
}

export async function runInteractiveRepl(session: ShellSession, io: Io): Promise<ReplOutcome> {
  const t = theme(io.color);
  const debug = io.env.KUBETUTOR_DEBUG === '1';
  return new Promise<ReplOutcome>((resolve) => {
    let done = false;
    let busy = false;
    let history: string[] = [];
    let rl = open();
    const setPrompt = (text: string): void => rl.setPrompt(text === '> ' ? text : t.prompt(text));
    const finish = (o: ReplOutcome): void => {
      if (done) return;
      done = true;
      rl.close();
      resolve(o);
    };
    /** A readline for the prompt; Ctrl-D closes it, and inside a container a new one takes over. */
    function open(): Interface {
      const r = createInterface({ input: io.stdin, output: io.stdout, terminal: true, historySize: 500, history });
      r.on('SIGINT', () => {
        if (busy) return;
        if (r.line.length > 0 || session.collecting) {
          session.cancel();
          io.stdout.write('^C\n');
          setPrompt(session.prompt());
          r.write(null, { ctrl: true, name: 'u' });
          r.prompt();
          return;
        }
        io.stdout.write('^C\n');
        // Inside a container's shell, Ctrl-C interrupts that shell's line, not the sandbox.
        if (session.inContainer) {
          r.prompt();
          return;
        }
        finish({ exitCode: 130, interrupted: true });
      });
      r.on('close', () => {
        if (done) return;
        history = (r as unknown as { history: string[] }).history ?? history;
        // Ctrl-D: inside a container's shell (or a half-typed command) it ends that, as bash does; at the laptop's prompt, the sandbox.
        const ended = (io.stdin as { readableEnded?: boolean }).readableEnded === true;
        const r2 = !ended && (session.inContainer || session.collecting) ? session.endOfFile() : undefined;
        if (!r2) {
          io.stdout.write('exit\n');
          finish({ exitCode: 0, interrupted: false });
          return;
        }
        busy = true;
        void renderInteractive(r2, io, t).then(() => {
          busy = false;
          rl = open();
          setPrompt(session.prompt());
          rl.prompt();
        });
      });
      r.on('line', (line) => {
        if (busy) return;
        session.width = io.columns();
        const o = safeFeed(session, line, debug);
        if (o.kind === 'more') {
          setPrompt(o.prompt);
          r.prompt();
          return;
        }
        busy = true;
        r.pause();
        void renderInteractive(o.result, io, t).then(() => {
          busy = false;
          if (o.result.exit) { finish({ exitCode: o.result.exitCode, interrupted: false }); return; }
          setPrompt(session.prompt());
          r.resume();
          r.prompt();
        });
      });
      return r;
    }
    setPrompt(session.prompt());
    rl.prompt();
  });
}
