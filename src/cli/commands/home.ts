/** `kubetutor` alone: the home menu on a terminal; an overview of the course otherwise. */
import type { Io } from '../../ui/io.ts';
import { ask, choose, chooseOrBack, isCancel } from '../../ui/prompts.ts';
import { UsageError } from '../errors.ts';
import { theme } from '../../ui/theme.ts';
import { CourseEnv } from '../course-env.ts';
import { nextLesson, runLesson, stepOf } from './learn.ts';
import { statusOf } from './lessons.ts';
import { showProgress } from './progress.ts';
import { sandbox } from './sandbox.ts';

type Action = 'continue' | 'choose' | 'quiz' | 'explain' | 'sandbox' | 'progress' | 'quit';

export async function home(io: Io): Promise<number> {
  const env = new CourseEnv(io);
  const t = theme(io.color);
  if (!io.interactive) {
    const { lessons } = env.catalog();
    const progress = env.progress();
    const next = nextLesson(lessons, progress);
    io.stdout.write('kubetutor — learn how container images are built, pushed, pulled and run, and how they reach a Kubernetes cluster.\n\n');
    io.stdout.write(`${lessons.filter((l) => progress[l.id]?.completedAt !== undefined).length} of ${lessons.length} lessons completed.${next ? ` Next: kubetutor learn ${next.id}  (${next.title})` : ''}\n\n`);
    io.stdout.write('Commands (`kubetutor COMMAND --help` for each):\n');
    const program = [
      ['learn [ID]', 'take a guided lesson (resumes where you left off)'],
      ['lessons', 'list the lessons and your status (lessons solution ID, lessons check)'],
      ['progress', 'what you have completed, and where you are'],
      ['reset [ID]', 'forget your progress on one lesson, or on all'],
      ['explain FILE|RESOURCE', 'explain a Kubernetes manifest, or a field such as pod.spec.containers'],
      ['sandbox', 'free play in the simulated world (kept between sessions)'],
    ];
    for (const [name, what] of program) io.stdout.write(`  kubetutor ${(name as string).padEnd(22)} ${what}\n`);
    return 0;
  }
  io.stdout.write(`${t.strong('kubetutor')} — how container images are built, pushed, pulled and run, and how they reach a Kubernetes cluster.\n\n`);
  for (;;) {
    const { lessons } = env.catalog();
    const progress = env.progress();
    const next = nextLesson(lessons, progress);
    const p = next ? progress[next.id] : undefined;
    let action: Action;
    try {
      action = await choose<Action>(io, 'What would you like to do?', [
        ...(next ? [{ name: `${p ? 'Continue' : 'Start'}: ${next.title}${p ? ` (${stepOf(next, p.step)})` : ''}`, value: 'continue' as const }] : []),
        { name: 'Choose a lesson', value: 'choose' },
        { name: 'Quiz', value: 'quiz', disabled: '(coming in a later version)' },
        { name: 'Explain a manifest (or a field, like pod.spec.containers)', value: 'explain' },
        { name: 'Sandbox — free play in the simulated world', value: 'sandbox' },
        { name: 'Progress', value: 'progress' },
        { name: 'Quit', value: 'quit' },
      ]);
    } catch (e) {
      if (isCancel(e)) { io.stderr.write('kubetutor: closed (Ctrl-C)\n'); return 130; }
      throw e;
    }
    let code = 0;
    if (action === 'quit') return 0;
    if (action === 'progress') code = showProgress(io);
    if (action === 'explain') {
      try {
        const what = (await ask(io, 'A manifest file or folder, or a resource path such as pod.spec.containers:')).trim();
        if (what) {
          const { explain } = await import('./explain.ts');
          await explain([what], {}, io);
        }
      } catch (e) {
        if (isCancel(e)) continue;
        if (e instanceof UsageError) io.stderr.write(`kubetutor: ${e.message}\n`);
        else throw e;
      }
    }
    if (action === 'sandbox') code = await sandbox({}, io);
    if (action === 'continue' && next) code = await runLesson(env, next, false, undefined, io);
    if (action === 'choose') {
      let lesson;
      try {
        lesson = await chooseOrBack(io, 'Which lesson?', lessons.map((l) => ({ name: `${l.title} (${l.minutes} min, ${statusOf(l, progress).replace('-', ' ')})`, value: l, description: l.summary })));
      } catch (e) {
        if (isCancel(e)) continue;
        throw e;
      }
      if (!lesson) continue;
      code = await runLesson(env, lesson, false, undefined, io);
    }
    if (code === 130) return 130;
    io.stdout.write('\n');
  }
}
