/**
 * `kubetutor learn [ID]`: a guided lesson. Resumes where the learner left (their journal is
 * replayed into a fresh world); `--answers FILE` or piped stdin feeds the lines as typed.
 */
import { createReadStream, statSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { LessonRun, replayJournal, type Block } from '../../course/lesson-run.ts';
import type { LessonProgress } from '../../course/progress.ts';
import type { Lesson } from '../../course/schema.ts';
import type { Io } from '../../ui/io.ts';
import { driveInteractive, driveScripted, type DriveEnd } from '../../ui/lesson-driver.ts';
import { choose, isCancel } from '../../ui/prompts.ts';
import { theme } from '../../ui/theme.ts';
import { CourseEnv } from '../course-env.ts';
import { UsageError } from '../errors.ts';

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
        lesson = await choose(io, 'You have completed every lesson. Take one again?', lessons.map((l) => ({ name: l.title, value: l })));
      } catch (e) {
        if (isCancel(e)) return 130;
        throw e;
      }
    }
  }
  let answers: AsyncIterable<string> | undefined;
  if (options.answers !== undefined) {
    try {
      if (!statSync(options.answers).isFile()) throw new UsageError(`--answers: ${options.answers} is not a file`);
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`--answers: cannot read ${options.answers} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
    answers = createInterface({ input: createReadStream(options.answers, 'utf8'), crlfDelay: Infinity });
  } else if (!io.interactive) {
    answers = createInterface({ input: io.stdin, crlfDelay: Infinity });
  }
  return runLesson(env, lesson, options.reset === true, answers, io);
}

export async function runLesson(env: CourseEnv, lesson: Lesson, reset: boolean, answers: AsyncIterable<string> | undefined, io: Io): Promise<number> {
  const saved = env.progress()[lesson.id];
  const notes: Block[] = [];
  if (saved?.status === 'completed' && !reset) notes.push({ kind: 'note', text: 'You completed this lesson before: starting it again.' });
  const fresh = reset || !saved || saved.status === 'completed';
  const width = answers ? 80 : io.columns();
  const sessions = env.sessions(lesson, width);
  const run = new LessonRun(lesson, sessions.make, !fresh);
  let opening: Block[];
  if (fresh) opening = [...notes, ...run.begin()];
  else {
    replayJournal(run, saved.journal);
    opening = run.reopen();
  }
  sessions.settle();
  const startedAt = fresh ? env.store.stamp() : saved.startedAt;
  const save = (r: LessonRun): void => {
    const now = env.store.stamp();
    env.save(lesson.id, {
      status: r.complete ? 'completed' : 'in-progress', step: r.stepIndex, steps: lesson.steps.length, journal: [...r.journal], skipped: r.skipped,
      startedAt, updatedAt: now, ...(r.complete ? { completedAt: now } : {}),
    });
  };
  save(run);
  if (io.interactive && !answers) {
    const t = theme(io.color);
    io.stdout.write(t.dim(`Workspace: ${sessions.root}  (edit files there with your own editor)\n`));
  }
  // Piped or scripted: Ctrl-C still saves (it already is, line by line) and leaves with one line.
  const onSigint = (): void => { interrupted(io, lesson); process.exit(130); };
  if (answers) process.once('SIGINT', onSigint);
  let end: DriveEnd;
  try {
    end = answers ? await driveScripted(run, answers, io, { saved: save }, opening) : await driveInteractive(run, io, { saved: save }, opening);
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (end === 'complete') {
    const { lessons } = env.catalog();
    const next = nextLesson(lessons, env.progress());
    io.stdout.write(next ? `Next: kubetutor learn ${next.id}  (${next.title})\n` : 'You have completed every lesson.\n');
    return 0;
  }
  if (end === 'quit') return 0;
  if (end === 'interrupted') { interrupted(io, lesson); return 130; }
  const n = run.stepIndex + 1;
  io.stderr.write(`kubetutor: input ended before the lesson did (at step ${n} of ${lesson.steps.length}); progress saved — \`kubetutor learn ${lesson.id}\` continues\n`);
  return 1;
}

function interrupted(io: Io, lesson: Lesson): void {
  io.stderr.write(`kubetutor: lesson paused (Ctrl-C); progress saved — \`kubetutor learn ${lesson.id}\` continues where you left\n`);
}
