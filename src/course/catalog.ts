/**
 * The course on disk: every `NN-name/lesson.yaml` under a lessons folder, in folder order, with
 * the problems that span files (the same id twice, a prerequisite that does not exist).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseLesson, type LessonProblem } from './loader.ts';
import type { Lesson } from './schema.ts';

export interface Catalog {
  readonly lessons: readonly Lesson[];
  readonly problems: readonly LessonProblem[];
}

/**
 * Lesson files under `dir`, in name order: `*\/lesson.yaml` one level down — or, for one
 * lesson's own folder (or its file), just that one.
 */
export function lessonFiles(dir: string): string[] {
  if (statSync(dir).isFile()) return [dir];
  const own = join(dir, 'lesson.yaml');
  if (existsSync(own)) return [own];
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => join(dir, e.name, 'lesson.yaml'))
    .filter((f) => { try { return statSync(f).isFile(); } catch { return false; } })
    .sort();
}

/**
 * Load every lesson. `display` turns a path into what messages show (relative to the current
 * folder, so an editor can jump to `lessons/01-x/lesson.yaml:12:5`).
 */
export function loadCatalog(dir: string, display: (path: string) => string = (p) => p): Catalog {
  const lessons: Lesson[] = [];
  const problems: LessonProblem[] = [];
  for (const path of lessonFiles(dir)) {
    const file = display(path);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (e) {
      problems.push({ file, line: 1, column: 1, message: `cannot read the file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` });
      continue;
    }
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      problems.push({ file, line: 1, column: 1, message: 'the file is not UTF-8 text' });
      continue;
    }
    const r = parseLesson(text, file);
    if (r.ok) lessons.push(r.lesson); else problems.push(...r.problems);
  }
  const seen = new Map<string, Lesson>();
  for (const l of lessons) {
    const first = seen.get(l.id);
    if (first) problems.push({ file: l.file, ...(l.positions?.id ?? { line: 1, column: 1 }), message: `id "${l.id}" is already used by ${first.file} — ids must be unique` });
    else seen.set(l.id, l);
  }
  // One lesson checked on its own: its prerequisites are its neighbours in the course folder.
  const single = statSync(dir).isFile() || existsSync(join(dir, 'lesson.yaml'));
  const known = new Set(seen.keys());
  if (single) {
    const course = dirname(dirname(lessonFiles(dir)[0] ?? dir));
    for (const path of lessonFiles(course)) {
      try {
        const r = parseLesson(readFileSync(path, 'utf8'), path);
        if (r.ok) known.add(r.lesson.id);
      } catch { /* a neighbour that cannot be read names no lesson */ }
    }
  }
  for (const l of lessons) {
    for (const p of l.prerequisites) if (!known.has(p)) problems.push({ file: l.file, ...(l.positions?.prerequisites ?? { line: 1, column: 1 }), message: `prerequisite "${p}" is not a lesson in this course` });
  }
  return { lessons, problems };
}
