/**
 * `lessons check`'s replay: every lesson is played against fresh worlds, as a learner would.
 * For each step that needs the learner: the goal must not already hold (the step would pass with
 * nothing done), each listed mistake must be recognised (its feedback said, the step not passed),
 * each wrong choice must be refused, and the reference solution must pass the step.
 */
import type { ShellSession } from '../shell/session.ts';
import { evaluate } from './checks.ts';
import { answerLines, LessonRun, LessonSetupError, type Block } from './lesson-run.ts';
import type { LessonProblem } from './loader.ts';
import type { Lesson, Predicate } from './schema.ts';

function feedAll(run: LessonRun, lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (const l of lines) blocks.push(...run.input(l).blocks);
  return blocks;
}

function shown(blocks: readonly Block[]): string {
  const errs = blocks.flatMap((b) => (b.kind === 'command' ? b.result.lines.filter((l) => l.stream === 'err').map((l) => l.text) : []));
  return errs.length ? ` (the shell said: ${errs.slice(0, 2).join(' ')})` : '';
}

/** Replay one lesson; every problem names the step's (or mistake's) line in the lesson file. */
export function checkLesson(lesson: Lesson, newSession: (empty: boolean) => ShellSession): LessonProblem[] {
  const problems: LessonProblem[] = [];
  const at = (line: number, message: string): void => { problems.push({ file: lesson.file, line, column: 1, message }); };
  let run: LessonRun;
  try {
    run = new LessonRun(lesson, newSession);
  } catch (e) {
    if (e instanceof LessonSetupError) { at(1, e.message.replace(`${lesson.file}: `, '')); return problems; }
    throw e;
  }
  run.begin();
  /** The answers that brought the main run to the current step (to rebuild a world for each mistake). */
  const before: string[] = [];
  for (const [i, step] of lesson.steps.entries()) {
    if (run.stepIndex !== i) continue;
    if (step.kind === 'explain' || step.kind === 'recap') continue;
    const where = `steps[${i}] (${step.kind})`;
    if (step.kind === 'do' || step.kind === 'write') {
      const goal: Predicate = step.kind === 'do' ? step.goal : { all: step.checks };
      if (evaluate(goal, run.session.world).ok) at(step.line, `${where}: the goal already holds before the learner does anything — the step would pass by itself`);
      for (const [j, m] of step.mistakes.entries()) {
        const trial = new LessonRun(lesson, newSession);
        trial.begin();
        feedAll(trial, before);
        const blocks = feedAll(trial, m.typed);
        if (trial.stepIndex !== i) at(m.line, `${where}.mistakes[${j}]: typing it passes the step — a mistake must not meet the goal`);
        else if (!blocks.some((b) => b.kind === 'feedback' && b.text === m.say)) {
          const w = evaluate(m.when, trial.session.world, { line: m.typed.at(-1) ?? '', result: blocks.findLast((b) => b.kind === 'command')?.result ?? { lines: [], exitCode: 0 } });
          at(m.line, `${where}.mistakes[${j}]: its feedback is never said after the typed lines — "when" does not hold: ${w.reason}${shown(blocks)}`);
        }
      }
    }
    if (step.kind === 'ask') {
      // Every wrong answer must be refused: each wrong choice alone, for several right answers
      // all but one of them, and each listed wrong typed answer.
      const right = step.choices.map((c, j) => (c.correct ? j + 1 : 0)).filter(Boolean);
      const tries = [
        ...step.choices.map((c, j) => (c.correct ? '' : String(j + 1))).filter(Boolean),
        ...(step.multiple && right.length > 1 ? right.map((_, k) => right.filter((__, m) => m !== k).join(',')) : []),
        ...step.wrong.map((w) => w.answer),
      ];
      for (const t of tries) {
        feedAll(run, [t]);
        if (run.stepIndex !== i) { at(step.line, `${where}: the wrong answer "${t}" was accepted`); break; }
      }
    }
    if (run.stepIndex !== i) continue;
    const answer = answerLines(step);
    const blocks = feedAll(run, answer);
    if (run.stepIndex === i) {
      const goal = step.kind === 'do' ? evaluate(step.goal, run.session.world) : step.kind === 'write' ? evaluate({ all: step.checks }, run.session.world) : undefined;
      at(step.line, `${where}: the solution does not pass the step${goal ? `: ${goal.reason}` : ''}${shown(blocks)}`);
      return problems;
    }
    before.push(...answer);
  }
  if (!run.complete) at(1, 'the lesson does not reach its end when replayed');
  return problems;
}
