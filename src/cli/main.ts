/**
 * The kubetutor program: parses the command line, lazy-loads the one command asked for (fast
 * start-up), and is the only place that turns errors into exit codes.
 */
import { Command, CommanderError } from 'commander';
import { processIo, type Io } from '../ui/io.ts';
import { UsageError } from './errors.ts';

const VERSION = '0.1.0';

export async function main(argv: readonly string[], io: Io): Promise<number> {
  let code = 0;
  const program = new Command();
  program
    .name('kubetutor')
    .description('Learn how container images are built, pushed, pulled and run — and how they reach a Kubernetes cluster.')
    .version(VERSION, '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      outputError: (s, write) => write(s.replace(/^error: /, 'kubetutor: ')),
    })
    .showSuggestionAfterError(true)
    .enablePositionalOptions();

  const sandboxAction = async (opts: { workspace?: string; seed?: string; name?: string; new?: boolean }): Promise<void> => {
    const { sandbox } = await import('./commands/sandbox.ts');
    code = await sandbox(opts, io);
  };
  program
    .command('sandbox')
    .description('free play in the simulated world: docker, buildah, a CI runner and registries')
    .option('--name <name>', 'which kept sandbox (default: "default"; at a terminal the sandbox is kept between sessions, piped only with --name)')
    .option('--new', 'start the sandbox over: a fresh world and an empty workspace')
    .option('-w, --workspace <dir>', 'use this folder as the workspace (default: the kept sandbox\'s folder, or a temporary one when piped)')
    .option('--seed <n>', 'seed for the world\'s ids (same seed, same session, same output)')
    .action(sandboxAction);
  program
    .command('learn')
    .description('take a guided lesson (resumes where you left off)')
    .argument('[id]', 'the lesson (default: the one in progress, else the next)')
    .option('--answers <file>', 'feed the lines of FILE as what you type (a transcript is printed)')
    .option('--reset', 'start the lesson over')
    .action(async (id: string | undefined, opts: { answers?: string; reset?: boolean }) => {
      const { learn } = await import('./commands/learn.ts');
      code = await learn(id, opts, io);
    });
  const lessons = program
    .command('lessons')
    .description('list the lessons and your status (see also: lessons solution, lessons check)')
    .option('--json', 'print [{id, title, minutes, topics, status}]')
    .action(async (opts: { json?: boolean }) => {
      const { listLessons } = await import('./commands/lessons.ts');
      code = listLessons(opts, io);
    });
  lessons
    .command('solution')
    .description("print a lesson's solution, in the --answers format")
    .argument('<id>', 'the lesson')
    .action(async (id: string) => {
      const { solution } = await import('./commands/lessons.ts');
      code = solution(id, io);
    });
  lessons
    .command('check')
    .description('validate lesson files and replay every solution and listed mistake (exit 1 on a problem)')
    .argument('[dir]', 'a folder of lessons (NN-name/lesson.yaml), one lesson\'s folder or file; default: the built-in course')
    .action(async (dir: string | undefined) => {
      const { check } = await import('./commands/lessons.ts');
      code = check(dir, io);
    });
  program
    .command('progress')
    .description('what you have completed, and where you are')
    .action(async () => {
      const { showProgress } = await import('./commands/progress.ts');
      code = showProgress(io);
    });
  program
    .command('reset')
    .description('forget your progress on one lesson, or on all (asks first)')
    .argument('[id]', 'the lesson (default: all)')
    .option('-y, --yes', 'do not ask')
    .action(async (id: string | undefined, opts: { yes?: boolean }) => {
      const { reset } = await import('./commands/progress.ts');
      code = await reset(id, opts, io);
    });
  program
    .command('explain')
    .description('explain a Kubernetes manifest (file, folder, or - for stdin) field by field, with its mistakes; or a resource path like kubectl explain')
    .argument('<input...>', 'FILE, folder, - (stdin), or RESOURCE[.field…] such as pod.spec.containers.imagePullPolicy')
    .option('--json', 'print {documents: [{file, index, kind, apiVersion, name, fields, findings}], timeline}')
    .option('--recursive', 'with a resource path: every field below it, without descriptions')
    .option('--api-version <group/version>', 'with a resource path: the API version to explain (e.g. apps/v1)')
    .option('--no-timeline', 'skip "what happens if you apply it"')
    .option('--no-strict', 'unknown fields are warnings (the API server without strict field validation drops them)')
    .action(async (input: string[], opts: { json?: boolean; recursive?: boolean; apiVersion?: string; timeline?: boolean; strict?: boolean }) => {
      const { explain } = await import('./commands/explain.ts');
      code = await explain(input, opts, io);
    });
  program
    .command('world')
    .description('a picture of a kept sandbox\'s world (or a lesson\'s): laptop images → registries → nodes → pods')
    .option('--name <name>', 'which kept sandbox (default: "default")')
    .option('--lesson <id>', 'the world of a lesson in progress instead')
    .action(async (opts: { name?: string; lesson?: string }) => {
      const { showWorld } = await import('./commands/world.ts');
      code = await showWorld(opts, io);
    });
  // `kubetutor` alone: the home menu. A word that is no command: commander's unknown-command line
  // and its "Did you mean" (the root takes words, so commander would say "too many arguments").
  program.allowExcessArguments(true);
  program.action(async () => {
    const [word] = program.args;
    if (word !== undefined) {
      const { closest } = await import('../sim/closest.ts');
      const names = program.commands.map((c) => c.name());
      const guess = closest(word, names, (n) => Math.max(1, Math.floor(n / 2)));
      program.error(`error: unknown command '${word}'${guess ? `\n(Did you mean ${guess}?)` : ''}`, { code: 'commander.unknownCommand', exitCode: 2 });
    }
    const { home } = await import('./commands/home.ts');
    code = await home(io);
  });

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`${e.style === 'kubectl' ? 'error' : 'kubetutor'}: ${e.message}\n`);
      return 2;
    }
    io.stderr.write(`kubetutor: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    io.stderr.write(io.env.KUBETUTOR_DEBUG === '1' && e instanceof Error && e.stack ? `${e.stack}\n` : 'This is a bug in kubetutor; please report it (run with KUBETUTOR_DEBUG=1 for details).\n');
    return 70;
  }
  return code;
}

// Run when loaded as the program (bin/kubetutor.js imports the bundle), not when imported by tests.
if (process.env.KUBETUTOR_NO_MAIN !== '1') {
  const io = processIo();
  process.stdout.on('error', (e: NodeJS.ErrnoException) => { if (e.code === 'EPIPE') process.exit(0); });
  main(process.argv.slice(2), io).then(
    (code) => { process.exitCode = code; },
    (e: unknown) => { process.stderr.write(`kubetutor: internal error: ${String(e)}\n`); process.exitCode = 70; },
  );
}
