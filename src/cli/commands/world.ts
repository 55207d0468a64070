/**
 * `kubetutor world`: the `world` picture of a kept sandbox or a lesson in progress, without
 * opening it — its journal is replayed into a copy of its workspace (the folder is not touched).
 */
import { LessonRun, replayJournal } from '../../course/lesson-run.ts';
import { Journal } from '../../shell/journal.ts';
import { ShellSession } from '../../shell/session.ts';
import { CLUSTER_COMMANDS } from '../../shell/cluster-commands.ts';
import { worldPicture } from '../../shell/world-view.ts';
import { World } from '../../sim/world.ts';
import type { Io } from '../../ui/io.ts';
import { renderInteractive, renderPlain } from '../../ui/render.ts';
import { theme } from '../../ui/theme.ts';
import { CourseEnv, replayableWorkspace } from '../course-env.ts';

export interface WorldOptions {
  readonly name?: string;
  readonly lesson?: string;
}

export async function showWorld(options: WorldOptions, io: Io): Promise<number> {
  const env = new CourseEnv(io);
  let world: World;
  if (options.lesson !== undefined) {
    const lesson = env.lesson(options.lesson);
    const saved = env.progress()[lesson.id];
    if (!saved) { io.stderr.write(`kubetutor: the lesson "${lesson.id}" has not been started — \`kubetutor learn ${lesson.id}\` starts it\n`); return 1; }
    const copy = replayableWorkspace(env.workspace(lesson.id), true, lesson.setup.files);
    const run = new LessonRun(lesson, () => new ShellSession(new World({ fs: copy.fs }), {}, CLUSTER_COMMANDS), true);
    replayJournal(run, saved.journal, saved.step, saved.lineSteps);
    world = run.session.world;
  } else {
    const name = options.name ?? 'default';
    const { data, warning } = env.store.read();
    if (warning) env.warn(warning);
    const record = data.sandboxes?.[name];
    if (!record) { io.stderr.write(`kubetutor: no kept sandbox "${name}" yet — \`kubetutor sandbox${name === 'default' ? '' : ` --name ${name}`}\` makes one\n`); return 1; }
    const copy = replayableWorkspace(record.workspace, true);
    const session = new ShellSession(new World({ fs: copy.fs, ...(record.seed !== undefined ? { seed: record.seed } : {}) }), {}, CLUSTER_COMMANDS);
    Journal.replay(session, record.journal);
    world = session.world;
  }
  const { lines } = worldPicture(world, undefined, io.interactive ? io.columns() : 80);
  const r = { lines, exitCode: 0 };
  if (io.interactive) await renderInteractive(r, io, theme(io.color));
  else io.stdout.write(renderPlain(r, theme(false)));
  return 0;
}
