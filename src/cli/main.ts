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

  const sandboxAction = async (opts: { workspace?: string; seed?: string }): Promise<void> => {
    const { sandbox } = await import('./commands/sandbox.ts');
    code = await sandbox(opts, io);
  };
  program
    .command('sandbox')
    .description('free play in the simulated world: docker, buildah, a CI runner and registries')
    .option('-w, --workspace <dir>', 'use this folder as the workspace (default: a fresh temporary folder)')
    .option('--seed <n>', 'seed for the world\'s ids (same seed, same session, same output)')
    .action(sandboxAction);
  // Until the lesson menu exists, `kubetutor` alone opens the sandbox.
  program
    .option('-w, --workspace <dir>', 'with no command: the sandbox\'s workspace folder')
    .action(async (opts: { workspace?: string }) => sandboxAction(opts));

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      io.stderr.write(`kubetutor: ${e.message}\n`);
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
