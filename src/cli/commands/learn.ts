/**
 * `kubetutor learn [ID]`: a guided lesson. Resumes where the learner left (their journal is
 * replayed into a fresh world); `--answers FILE` or piped stdin feeds the lines as typed.
 */
import { closeSync, createReadStream, fstatSync, openSync } from 'node:fs';
import { LessonRun, LessonSetupError, replayJournal, stepNumber, type Block } from '../../course/lesson-run.ts';
import type { LessonProgress } from '../../course/progress.ts';
import type { Lesson } from '../../course/schema.ts';
import type { Io } from '../../ui/io.ts';
import { driveInteractive, driveScripted, type DriveEnd } from '../../ui/lesson-driver.ts';
import { keptHistory } from '../history.ts';
import { chooseOrBack, isCancel } from '../../ui/prompts.ts';
import { theme } from '../../ui/theme.ts';
import { wrap } from '../../ui/wrap.ts';
import { CourseEnv } from '../course-env.ts';
import { UsageError } from '../errors.ts';
import { AnswersError, answerLines } from '../answers.ts';

export interface LearnOptions {
  readonly answers?: string;
  readonly reset?: boolean;
}

/** The lesson to continue: the one in progress most recently, else the first not completed. */
export function nextLesson(lessons: readonly Lesson[], progress: Record<string, LessonProgress>): Lesson | undefined {
  const going = lessons.filter((l) => progress[l.id]?.status === 'in-progress').sort((a, b) => (progress[b.id]?.updatedAt ?? '').localeCompare(progress[a.id]?.updatedAt ?? ''));
  return going[0] ?? lessons.find((l) => progress[l.id]?.status !== 'completed');
}

export async function learn(id: string | undefined, options: LearnOptions, io: Io): Promise<number> {
  const env = new CourseEnv(io);
  const { lessons } = env.catalog();
  const progress = env.progress();
  let lesson: Lesson | undefined;
  if (id !== undefined) lesson = env.lesson(id);
  else {
    lesson = nextLesson(lessons, progress);
    if (!lesson) {
      if (!io.interactive || options.answers !== undefined) {
        io.stdout.write('You have completed every lesson. `kubetutor learn ID` takes one again; `kubetutor lessons` lists them.\n');
        return 0;
      }
      try {
        lesson = await chooseOrBack(io, 'You have completed every lesson. Take one again?', lessons.map((l) => ({ name: l.title, value: l })));
        if (!lesson) return 0;
      } catch (e) {
        if (isCancel(e)) { io.stderr.write('kubetutor: closed (Ctrl-C)\n'); return 130; }
        throw e;
      }
    }
  }
  let answers: AsyncIterable<string> | undefined;
  if (options.answers !== undefined) {
    // Any readable file will do (a FIFO, /dev/stdin, <(…)); a folder will not.
    let fd: number;
    try {
      fd = openSync(options.answers, 'r');
      if (fstatSync(fd).isDirectory()) { closeSync(fd); throw new UsageError(`--answers: ${options.answers} is a folder, not a file`); }
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--answers: cannot read ${options.answers} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    answers = answerLines(createReadStream('', { fd }), options.answers);
  } else if (!io.interactive) {
    answers = answerLines(io.stdin, 'stdin');
  }
  return runLesson(env, lesson, options.reset === true, answers, io);
}

/** Step N of M, counting the steps that need the learner (as the lesson shows them). */
export function stepOf(lesson: Lesson, index: number): string {
  const { number, of } = stepNumber(lesson, index);
  return `step ${number} of ${of}`;
}

export async function runLesson(env: CourseEnv, lesson: Lesson, reset: boolean, answers: AsyncIterable<string> | undefined, io: Io): Promise<number> {
  const unlock = env.lockLesson(lesson.id);
  if (typeof unlock === 'string') { io.stderr.write(`kubetutor: ${unlock}\n`); return 1; }
  try {
    return await lessonBody(env, lesson, reset, answers, io);
  } catch (e) {
    if (e instanceof LessonSetupError) {
      io.stderr.write(`kubetutor: this lesson's world cannot be rebuilt (${e.message.replace(/^[^:]+: /, '')}); \`kubetutor learn ${lesson.id} --reset\` starts it over\n`);
      return 1;
    }
    if (e instanceof AnswersError) { io.stderr.write(`kubetutor: ${e.message}; progress up to there is saved\n`); return 2; }
    throw e;
  } finally {
    unlock();
  }
}

async function lessonBody(env: CourseEnv, lesson: Lesson, reset: boolean, answers: AsyncIterable<string> | undefined, io: Io): Promise<number> {
  const saved = env.progress()[lesson.id];
  const notes: Block[] = [];
  if (saved?.status === 'completed' && !reset) notes.push({ kind: 'note', text: 'You completed this lesson before: starting it again (your completion is kept).' });
  const fresh = reset || !saved || saved.status === 'completed';
  const sessions = env.sessions(lesson, io.columns());
  const run = new LessonRun(lesson, sessions.make, !fresh);
  let opening: Block[];
  if (fresh) opening = [...notes, ...run.begin()];
  else {
    const { forwarded } = replayJournal(run, saved.journal, saved.step, saved.lineSteps);
    opening = run.reopen(forwarded);
  }
  sessions.settle();
  const startedAt = fresh ? env.store.stamp() : saved.startedAt;
  // Completing a lesson once is kept, whatever happens to a later attempt.
  let completedAt = saved?.completedAt;
  const save = (r: LessonRun): void => {
    const now = env.store.stamp();
    if (r.complete) completedAt = now;
    env.save(lesson.id, {
      status: r.complete ? 'completed' : 'in-progress', step: r.stepIndex, steps: lesson.steps.length, journal: [...r.journal], lineSteps: [...r.lineSteps], skipped: r.skipped,
      startedAt, updatedAt: now, ...(completedAt ? { completedAt } : {}),
    });
  };
  save(run);
  if (io.interactive && !answers) {
    const t = theme(io.color);
    io.stdout.write(`${t.dim(wrap(`Workspace: ${sessions.root} (edit files there with your own editor)`, io.columns()).join('\n'))}\n`);
  }
  // Piped or scripted: Ctrl-C still saves (it already is, line by line) and leaves with one line.
  const onSigint = (): void => { interrupted(io, lesson); process.exit(130); };
  if (answers) process.once('SIGINT', onSigint);
  let end: DriveEnd;
  try {
    end = answers ? await driveScripted(run, answers, io, { saved: save }, opening) : await driveInteractive(run, io, { saved: save, shell: keptHistory(io) }, opening);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (end === 'complete') {
    const { lessons } = env.catalog();
    const next = nextLesson(lessons, env.progress());
    io.stdout.write(next ? `Next: kubetutor learn ${next.id}  (${next.title})\n` : 'You have completed every lesson.\n');
    return 0;
  }
  if (end === 'interrupted') { interrupted(io, lesson); return 130; }
  if (end === 'quit') {
    if (!answers) return 0;
    // A script that quits has not completed the lesson: say so, as input running out does.
    io.stderr.write(`kubetutor: quit at ${stepOf(lesson, run.stepIndex)}; progress saved — \`kubetutor learn ${lesson.id}\` continues\n`);
    return 1;
  }
  io.stderr.write(`kubetutor: input ended before the lesson did (at ${stepOf(lesson, run.stepIndex)}); progress saved — \`kubetutor learn ${lesson.id}\` continues\n`);
  return 1;
}

function interrupted(io: Io, lesson: Lesson): void {
  io.stderr.write(`kubetutor: lesson paused (Ctrl-C); progress saved — \`kubetutor learn ${lesson.id}\` continues where you left\n`);
}
