/** `kubetutor progress` and `kubetutor reset [ID]`. */
import { rmSync } from 'node:fs';
import type { Io } from '../../ui/io.ts';
import { isCancel, yesNo } from '../../ui/prompts.ts';
import { CourseEnv } from '../course-env.ts';
import { UsageError } from '../errors.ts';
import { stepOf } from './learn.ts';
import { statusOf } from './lessons.ts';

export function showProgress(io: Io): number {
  const env = new CourseEnv(io);
  const { lessons } = env.catalog();
  const progress = env.progress();
  const done = lessons.filter((l) => progress[l.id]?.completedAt !== undefined).length;
  io.stdout.write(`${done} of ${lessons.length} lessons completed.\n\n`);
  for (const l of lessons) {
    const p = progress[l.id];
    const status = statusOf(l, progress);
    const mark = p?.completedAt !== undefined ? '[x]' : status === 'in-progress' ? '[~]' : '[ ]';
    const detail = status === 'in-progress' && p ? ` — ${p.completedAt ? 'taking it again, ' : ''}at ${stepOf(l, p.step)}` : status === 'completed' && p?.skipped.length ? ` — ${p.skipped.length} step(s) skipped` : '';
    io.stdout.write(`${mark} ${l.title} (${l.id})${detail}\n`);
  }
  io.stdout.write(`\nProgress is kept in ${env.store.file}\n`);
  return 0;
}

export async function reset(id: string | undefined, options: { yes?: boolean }, io: Io): Promise<number> {
  const env = new CourseEnv(io);
  const lesson = id === undefined ? undefined : env.lesson(id);
  const what = lesson ? `your progress on "${lesson.title}"` : 'all your progress';
  if (!options.yes) {
    if (!io.interactive) throw new UsageError(`reset asks before forgetting ${what}: run it in a terminal, or add --yes`);
    let ok: boolean;
    try {
      ok = await yesNo(io, `Forget ${what}? This cannot be undone.`);
    } catch (e) {
      if (isCancel(e)) { io.stderr.write('kubetutor: nothing was reset (Ctrl-C)\n'); return 130; }
      throw e;
    }
    if (!ok) { io.stdout.write('Nothing was reset.\n'); return 0; }
  }
  const ids = lesson ? [lesson.id] : Object.keys(env.progress());
  // A lesson open in another kubetutor would save its journal again over the reset: refuse.
  const released: Array<() => void> = [];
  for (const i of ids) {
    const unlock = env.lockLesson(i);
    if (typeof unlock === 'string') { for (const r of released) r(); io.stderr.write(`kubetutor: ${unlock}\n`); return 1; }
    released.push(unlock);
  }
  try {
  const r = env.store.update((d) => ({ formatVersion: d.formatVersion, lessons: Object.fromEntries(Object.entries(d.lessons).filter(([k]) => (lesson ? k !== lesson.id : false))) }));
  if (!r.ok) { io.stderr.write(`kubetutor: ${r.error}\n`); return 1; }
  for (const i of ids) rmSync(env.workspace(i), { recursive: true, force: true });
  io.stdout.write(`Reset ${what}.\n`);
  return 0;
  } finally {
    for (const r of released) r();
  }
}
