/**
 * Runs a lesson at a terminal or from a script. The engine (course/lesson-run.ts) decides what
 * happens; this file only reads what the learner types and shows the engine's blocks.
 *
 * Scripted: every line is what the learner typed, echoed after its prompt as a terminal would
 * show it, so the output is a transcript. Interactive: line editing and history for the shell,
 * inquirer prompts for questions, a spinner while the world runs on.
 */
import ora from 'ora';
import type { Block, InputOutcome, LessonRun } from '../course/lesson-run.ts';
import type { Io } from './io.ts';
import { renderBlock } from './lesson-view.ts';
import { chooseMany, choose, ask, isCancel, yesNo } from './prompts.ts';
import { complete } from '../shell/complete.ts';
import { renderInteractive, sleep } from './render.ts';
import { fulfil } from './requests.ts';
import { Interrupt, ShellPrompt, type ShellPromptOptions } from './shell-prompt.ts';
import { theme, type Theme } from './theme.ts';
import { wrap } from './wrap.ts';

export type DriveEnd = 'complete' | 'quit' | 'eof' | 'interrupted';

export interface DriveHooks {
  /** After every line the engine took (progress is the journal: save it now). */
  readonly saved: (run: LessonRun) => void;
  /** The shell prompt's history, kept across sessions. */
  readonly shell?: Pick<ShellPromptOptions, 'history' | 'onHistory'>;
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

/** The engine reports a bug in a command itself; KUBETUTOR_DEBUG=1 adds the stack. */
function safeInput(run: LessonRun, line: string, io: Io): InputOutcome {
  const o = run.input(line);
  if (o.error !== undefined && io.env.KUBETUTOR_DEBUG === '1' && o.error instanceof Error && o.error.stack) {
    return { ...o, blocks: [...o.blocks, { kind: 'note', text: o.error.stack }] };
  }
  return o;
}

export async function driveInteractive(run: LessonRun, io: Io, hooks: DriveHooks, opening: readonly Block[]): Promise<DriveEnd> {
  const t = theme(io.color);
  const p = new Printer(io, t, io.columns(), true);
  const shell = new ShellPrompt({ io, theme: t, prompt: () => run.prompt, complete: (line) => complete(run.session, line), ...hooks.shell });
  // `edit FILE` hands the learner their editor (the file, kept in the workspace, is what a resume finds).
  const allowEditor = (): void => { run.session.editor = true; };
  allowEditor();
  let toldHowToLeave = false;
  let lastAnswer: { step: number; answer: string } | undefined;
  await show(opening, p, io, t);
  try {
    while (!run.complete) {
      let outcome: InputOutcome;
      if (run.awaiting === 'answer' && !shell.hasQueued) {
        // A question is a prompt of its own: the shell's line reader lets go of the terminal.
        shell.close();
        let answer: string;
        try {
          answer = await askStep(run, io, lastAnswer?.step === run.stepIndex ? lastAnswer.answer : undefined);
        } catch (e) {
          if (isCancel(e)) return 'interrupted';
          throw e;
        }
        lastAnswer = { step: run.stepIndex, answer };
        outcome = safeInput(run, answer, io);
      } else {
        const line = await shell.next();
        if (line instanceof Interrupt) {
          // As bash: Ctrl-C drops the half-typed line (or heredoc), which never ran, and gives a fresh prompt.
          if (run.cancelPending()) hooks.saved(run);
          else if (!line.typed && !toldHowToLeave) {
            toldHowToLeave = true;
            io.stdout.write(`${t.dim(wrap('(Ctrl-C cancels a command. To leave the lesson type quit, or press Ctrl-D — your progress is saved.)', io.columns()).join('\n'))}\n`);
          }
          continue;
        }
        if (line === null && (run.session.inContainer || run.session.collecting)) {
          // Ctrl-D inside a container's shell leaves that shell (bash says `exit`), not the lesson.
          const left = run.session.endOfFile();
          if (left) await shell.foreground((signal) => renderInteractive(left, io, t, signal));
          hooks.saved(run);
          continue;
        }
        if (line === null) {
          io.stdout.write(`${t.dim('Your progress is saved: `kubetutor learn` picks up here.')}\n`);
          return 'quit';
        }
        if (line.trim() === 'restart' && !run.session.collecting && !(await confirmRestart(shell, io))) continue;
        run.session.width = io.columns();
        outcome = safeInput(run, line, io);
      }
      hooks.saved(run);
      await shell.foreground((signal) => show(outcome.blocks, p, io, t, signal));
      // A command that asked for the editor (`edit FILE`): it finishes with what was saved.
      for (const b of outcome.blocks) {
        let r = b.kind === 'command' ? b.result : undefined;
        while (r?.request?.kind === 'edit') {
          shell.close();
          const request = r.request;
          const saved = await fulfil(request, io);
          if (saved === undefined) break;
          r = request.then(saved);
          const done = r;
          await shell.foreground((signal) => renderInteractive(done, io, t, signal));
        }
      }
      allowEditor();
      if (outcome.ended) return outcome.ended;
    }
    return 'complete';
  } finally {
    shell.close();
  }
}

async function show(blocks: readonly Block[], p: Printer, io: Io, t: Theme, signal?: AbortSignal): Promise<void> {
  for (const b of blocks) {
    if (b.kind === 'command') {
      if (b.byTutor) io.stdout.write(`${t.prompt(b.prompt)}${b.line}\n`);
      await renderInteractive(b.result, io, t, signal);
    } else if (b.kind === 'waited') {
      // The world ran on in simulated time: a moment of spinner so the learner sees it happen.
      // ora redraws by the terminal's width: with none reported (some CI ptys, `script`), a plain line.
      const width = (io.stdout as NodeJS.WriteStream).columns ?? 0;
      const spinner = ora({ text: `the cluster works… (${b.seconds} s of simulated time)`, stream: io.stdout as NodeJS.WriteStream, isEnabled: io.color && width > 0, discardStdin: false }).start();
      await sleep(Math.min(900, 150 + b.seconds * 20), signal);
      spinner.stopAndPersist({ symbol: t.dim('…'), text: t.dim(`${b.seconds} s later`) });
    } else {
      p.print([b]);
    }
  }
}

/** `restart` throws away the lesson's world: ask first (the shell lets go of the terminal meanwhile). */
async function confirmRestart(shell: ShellPrompt, io: Io): Promise<boolean> {
  shell.close();
  try {
    return await yesNo(io, 'Start this lesson over in a fresh world? What you did in it is lost.', false);
  } catch (e) {
    if (isCancel(e)) return false;
    throw e;
  }
}

/** What a question prompt offers besides the answers: the lesson's commands. */
const EXTRAS = [
  { name: '(show a hint)', value: 'hint' },
  { name: '(show the answer)', value: 'solution' },
  { name: '(skip this question)', value: 'skip' },
  { name: '(quit — progress is saved)', value: 'quit' },
];

/**
 * A question at a terminal: a list to pick from (one, or several), or a line to type. `previous`:
 * the learner's last answer to this question (after a wrong try), picked again to start from.
 */
export async function askStep(run: LessonRun, io: Io, previous?: string): Promise<string> {
  const step = run.current;
  if (!step || step.kind !== 'ask') return '';
  // A question without hints offers none.
  const extras = EXTRAS.filter((e) => e.value !== 'hint' || step.hints.length > 0);
  const words = extras.map((e) => e.value).join(', ');
  if (step.answers.length) return ask(io, `Your answer (or ${words}):`, { answer: true });
  const before = new Set((previous ?? '').split(',').filter((v) => /^\d+$/.test(v)));
  const choices = step.choices.map((c, i) => ({ name: c.text, value: String(i + 1), checked: before.has(String(i + 1)) }));
  if (!step.multiple) return choose(io, 'Your answer:', [...choices, ...extras], { answer: true, ...(before.size === 1 ? { initial: [...before][0] as string } : {}) });
  const picked = await chooseMany(io, 'Your answer (space to select, enter to confirm; or pick one of the last lines):', [...choices, ...extras], { answer: true });
  // A lesson command picked (alone or not) wins.
  const command = picked.find((v) => !/^\d+$/.test(v));
  return command ?? picked.join(',');
}
