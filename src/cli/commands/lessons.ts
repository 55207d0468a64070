/** `kubetutor lessons`: the list, one lesson's solution, and `check` for lesson authors and CI. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadCatalog } from '../../course/catalog.ts';
import { checkLesson } from '../../course/check.ts';
import { answerLines } from '../../course/lesson-run.ts';
import { stepOf } from './learn.ts';
import { formatProblem } from '../../course/loader.ts';
import type { LessonProgress } from '../../course/progress.ts';
import type { Lesson } from '../../course/schema.ts';
import type { Io } from '../../ui/io.ts';
import { builtinLessonsDir, CourseEnv, scratchSession, shortPath } from '../course-env.ts';
import { UsageError } from '../errors.ts';

export type LessonStatus = 'not-started' | 'in-progress' | 'completed';

export function statusOf(l: Lesson, progress: Record<string, LessonProgress>): LessonStatus {
  return progress[l.id]?.status ?? 'not-started';
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd((widths[i] ?? 0) + 3))).join('').trimEnd()).join('\n') + '\n';
}

export function listLessons(options: { json?: boolean }, io: Io): number {
  const env = new CourseEnv(io);
  const { lessons } = env.catalog();
  const progress = env.progress();
  if (options.json) {
    io.stdout.write(`${JSON.stringify(lessons.map((l) => ({ id: l.id, title: l.title, minutes: l.minutes, topics: l.topics, status: statusOf(l, progress) })), null, 2)}\n`);
    return 0;
  }
  const rows = [['ID', 'TITLE', 'MINUTES', 'STATUS']];
  for (const l of lessons) {
    const p = progress[l.id];
    const status = statusOf(l, progress);
    rows.push([l.id, l.title, String(l.minutes), status === 'in-progress' && p ? `in progress (${stepOf(l, p.step)})${p.completedAt ? ', completed before' : ''}` : status.replace('-', ' ')]);
  }
  io.stdout.write(table(rows));
  return 0;
}

export function solution(id: string, io: Io): number {
  const lesson = new CourseEnv(io).lesson(id);
  for (const step of lesson.steps) for (const line of answerLines(step)) io.stdout.write(`${line}\n`);
  return 0;
}

/** Validate every lesson file under `dir` and replay each solution and mistake; exit 1 on any problem. */
/** DIR: a folder of lessons, one lesson's folder, or one lesson file. */
export function check(dir: string | undefined, io: Io): number {
  const root = dir === undefined ? builtinLessonsDir() : resolve(dir);
  if (!existsSync(root)) throw new UsageError(`lessons check: ${dir} does not exist`);
  const catalog = loadCatalog(root, shortPath);
  const problems = [...catalog.problems];
  let steps = 0;
  let mistakes = 0;
  for (const lesson of catalog.lessons) {
    const found = checkLesson(lesson, scratchSession);
    problems.push(...found);
    steps += lesson.steps.length;
    mistakes += lesson.steps.reduce((n, s) => n + (s.kind === 'do' || s.kind === 'write' ? s.mistakes.length : 0), 0);
    io.stdout.write(`${found.length ? 'FAIL' : 'ok  '} ${lesson.id} (${lesson.file})\n`);
  }
  for (const p of problems) io.stderr.write(`${formatProblem(p)}\n`);
  const files = catalog.lessons.length + new Set(catalog.problems.map((p) => p.file)).size;
  if (files === 0) {
    io.stderr.write(`kubetutor: no lesson files (*/lesson.yaml) under ${dir ?? root}\n`);
    return 1;
  }
  io.stdout.write(`${problems.length ? `${problems.length} problem(s)` : 'all good'}: ${catalog.lessons.length} lesson(s), ${steps} steps, ${mistakes} mistakes replayed\n`);
  return problems.length ? 1 : 0;
}
