/**
 * Runs a lesson at a terminal or from a script. The engine (course/lesson-run.ts) decides what
 * happens; this file only reads what the learner types and shows the engine's blocks.
 *
 * Scripted: every line is what the learner typed, echoed after its prompt as a terminal would
 * show it, so the output is a transcript. Interactive: line editing and history for the shell,
 * inquirer prompts for questions, a spinner while the world runs on.
 */
import { createInterface, type Interface } from 'node:readline';
import ora from 'ora';
import type { Block, InputOutcome, LessonRun } from '../course/lesson-run.ts';
import type { Io } from './io.ts';
import { renderBlock } from './lesson-view.ts';
import { chooseMany, choose, ask, isCancel } from './prompts.ts';
import { renderInteractive } from './render.ts';
import { theme, type Theme } from './theme.ts';

export type DriveEnd = 'complete' | 'quit' | 'eof' | 'interrupted';

export interface DriveHooks {
  /** After every line the engine took (progress is the journal: save it now). */
  readonly saved: (run: LessonRun) => void;
}

class Printer {
  #tasks = 0;
  constructor(private readonly io: Io, private readonly t: Theme, private readonly width: number, private readonly echoed: boolean) {}

  text(blocks: readonly Block[]): string {
    return blocks.map((b) => {
      if (b.kind === 'task' || b.kind === 'question') this.#tasks++;
      return renderBlock(b, this.t, { width: this.width, echoed: this.echoed, firstTask: this.#tasks === 1 && b.kind === 'task' });
    }).join('');
  }

  print(blocks: readonly Block[]): void {
    this.io.stdout.write(this.text(blocks));
  }
}

/** Lines from a file or a pipe: each is what the learner typed. Ends `eof` when input runs out first. */
export async function driveScripted(run: LessonRun, lines: AsyncIterable<string>, io: Io, hooks: DriveHooks, opening: readonly Block[]): Promise<DriveEnd> {
  const t = theme(false);
  const p = new Printer(io, t, 80, true);
  p.print(opening);
  if (run.complete) return 'complete';
  for await (const raw of lines) {
    const line = raw.replace(/\r$/, '');
    io.stdout.write(`${run.prompt}${line}\n`);
    const o = safeInput(run, line, io);
    hooks.saved(run);
    p.print(o.blocks);
    if (o.ended) return o.ended;
  }
  return 'eof';
}

/** A bug in a command must not end the lesson or lose the learner's work. */
function safeInput(run: LessonRun, line: string, io: Io): InputOutcome {
  try {
    return run.input(line);
  } catch (e) {
    run.session.cancel();
    const detail = io.env.KUBETUTOR_DEBUG === '1' && e instanceof Error ? `\n${e.stack}` : '';
    return { blocks: [{ kind: 'note', text: `kubetutor: internal error while running this line: ${e instanceof Error ? e.message : String(e)} (please report it; KUBETUTOR_DEBUG=1 shows details)${detail}` }] };
  }
}

export async function driveInteractive(run: LessonRun, io: Io, hooks: DriveHooks, opening: readonly Block[]): Promise<DriveEnd> {
  const t = theme(io.color);
  const p = new Printer(io, t, io.columns(), true);
  const history: string[] = [];
  await show(opening, p, io, t);
  while (!run.complete) {
    let outcome: InputOutcome;
    if (run.awaiting === 'answer') {
      let answer: string;
      try {
        answer = await askStep(run, io);
      } catch (e) {
        if (isCancel(e)) return 'interrupted';
        throw e;
      }
      outcome = safeInput(run, answer, io);
    } else {
      const line = await readLine(io, t, run, history);
      if (line === undefined) return 'interrupted';
      if (line === null) return 'quit';
      run.session.width = io.columns();
      outcome = safeInput(run, line, io);
    }
    hooks.saved(run);
    await show(outcome.blocks, p, io, t);
    if (outcome.ended) return outcome.ended;
  }
  return 'complete';
}

const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function show(blocks: readonly Block[], p: Printer, io: Io, t: Theme): Promise<void> {
  for (const b of blocks) {
    if (b.kind === 'command') {
      if (b.byTutor) io.stdout.write(`${t.prompt(b.prompt)}${b.line}\n`);
      await renderInteractive(b.result, io, t);
    } else if (b.kind === 'waited') {
      // The world ran on in simulated time: a moment of spinner so the learner sees it happen.
      const spinner = ora({ text: `the cluster works… (${b.seconds} s of simulated time)`, stream: io.stdout as NodeJS.WriteStream, isEnabled: io.color }).start();
      await pause(Math.min(900, 150 + b.seconds * 20));
      spinner.stopAndPersist({ symbol: t.dim('…'), text: t.dim(`${b.seconds} s later`) });
    } else {
      p.print([b]);
    }
  }
}

/**
 * One line at the shell prompt (or a heredoc line at `> `). Undefined: Ctrl-C on an empty line
 * (leave); null: Ctrl-D (quit, progress kept).
 */
function readLine(io: Io, t: Theme, run: LessonRun, history: string[]): Promise<string | undefined | null> {
  return new Promise((resolve) => {
    const rl: Interface = createInterface({ input: io.stdin, output: io.stdout, terminal: true, history: [...history], historySize: 500 });
    let settled = false;
    const finish = (v: string | undefined | null): void => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(v);
    };
    const prompt = (): void => {
      const text = run.prompt;
      rl.setPrompt(text === '> ' ? text : t.prompt(text));
      rl.prompt();
    };
    rl.on('SIGINT', () => {
      if (rl.line.length > 0 || run.session.collecting) {
        run.session.cancel();
        io.stdout.write('^C\n');
        rl.write(null, { ctrl: true, name: 'u' });
        prompt();
        return;
      }
      io.stdout.write('^C\n');
      finish(undefined);
    });
    rl.on('close', () => finish(null));
    rl.on('line', (line) => {
      if (line.trim()) history.unshift(line);
      finish(line);
    });
    prompt();
  });
}

/** A question at a terminal: a list to pick from, or a line to type. */
export async function askStep(run: LessonRun, io: Io): Promise<string> {
  const step = run.current;
  if (!step || step.kind !== 'ask') return '';
  const extra = [{ name: '(show a hint)', value: 'hint' }, { name: '(skip this question)', value: 'skip' }, { name: '(quit — progress is saved)', value: 'quit' }];
  if (step.answers.length) return ask(io, 'Your answer (or hint, skip, quit):');
  const choices = step.choices.map((c, i) => ({ name: c.text, value: String(i + 1) }));
  if (!step.multiple) return choose(io, 'Your answer:', [...choices, ...extra]);
  const picked = await chooseMany(io, 'Your answer (space to select, enter to confirm):', choices);
  return picked.length ? picked.join(',') : 'hint';
}
