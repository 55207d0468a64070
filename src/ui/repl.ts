/**
 * The sandbox's read-eval-print loop. On a terminal: line editing, history, colour, live
 * progress; Ctrl-C cancels a half-typed line (as bash does) and, on an empty line, leaves.
 * Not on a terminal: reads lines until EOF and prints exactly what the terminal would have
 * shown — prompt, the typed line, the output — so whole sessions are scriptable.
 */
import { createInterface } from 'node:readline';
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
  const rl = createInterface({ input: io.stdin, output: io.stdout, terminal: true, historySize: 500 });
  const setPrompt = (text: string): void => rl.setPrompt(text === '> ' ? text : t.prompt(text));
  setPrompt(session.prompt());
  return new Promise<ReplOutcome>((resolve) => {
    let done = false;
    let busy = false;
    const finish = (o: ReplOutcome): void => {
      if (done) return;
      done = true;
      rl.close();
      resolve(o);
    };
    rl.on('SIGINT', () => {
      if (busy) return;
      if (rl.line.length > 0 || session.collecting) {
        session.cancel();
        io.stdout.write('^C\n');
        setPrompt(session.prompt());
        rl.write(null, { ctrl: true, name: 'u' });
        rl.prompt();
        return;
      }
      io.stdout.write('^C\n');
      // Inside a container's shell, Ctrl-C interrupts that shell's line, not the sandbox.
      if (session.inContainer) {
        rl.prompt();
        return;
      }
      finish({ exitCode: 130, interrupted: true });
    });
    rl.on('close', () => {
      if (!done) io.stdout.write('exit\n');
      finish({ exitCode: 0, interrupted: false });
    });
    rl.on('line', (line) => {
      if (busy) return;
      session.width = io.columns();
      const o = safeFeed(session, line, debug);
      if (o.kind === 'more') {
        setPrompt(o.prompt);
        rl.prompt();
        return;
      }
      busy = true;
      rl.pause();
      void renderInteractive(o.result, io, t).then(() => {
        busy = false;
        if (o.result.exit) { finish({ exitCode: o.result.exitCode, interrupted: false }); return; }
        setPrompt(session.prompt());
        rl.resume();
        rl.prompt();
      });
    });
    rl.prompt();
  });
}
