/**
 * `kubetutor sandbox`: free play in the simulated world, with the workspace in a real folder.
 *
 * At a terminal the sandbox is kept: leaving and coming back restores its world exactly, as a
 * lesson's does — every line typed is journalled with the progress, and replayed on a world of
 * the same seed (`--name` keeps several, `--new` starts one over). Piped, it is a fresh world in
 * a temporary folder that goes when it ends (scripts want the same start every time), unless a
 * `--name` asks for a kept one.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiskFileSystem } from '../../shell/disk-fs.ts';
import { Journal } from '../../shell/journal.ts';
import { ShellSession } from '../../shell/session.ts';
import { CLUSTER_COMMANDS } from '../../shell/cluster-commands.ts';
import { World } from '../../sim/world.ts';
import type { Io } from '../../ui/io.ts';
import { runInteractiveRepl, runPlainRepl, type Keeping } from '../../ui/repl.ts';
import { theme } from '../../ui/theme.ts';
import { prose, wrap } from '../../ui/wrap.ts';
import { CourseEnv, replayableWorkspace } from '../course-env.ts';
import { UsageError } from '../errors.ts';
import { keptHistory } from '../history.ts';

export interface SandboxOptions {
  readonly workspace?: string;
  readonly seed?: string;
  readonly name?: string;
  readonly new?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${text}"`);
  return seed;
}

/** A folder the learner named with --workspace: made if missing, refused if it is a file. */
function ownWorkspace(path: string): string {
  const root = resolve(path);
  if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`--workspace: ${path} is not a folder`);
  mkdirSync(root, { recursive: true });
  return root;
}

export async function sandbox(options: SandboxOptions, io: Io): Promise<number> {
  const seed = parseSeed(options.seed);
  if (options.name !== undefined && !NAME.test(options.name)) throw new UsageError(`--name: "${options.name}" is not a sandbox name (letters, digits, ".", "-" and "_")`);
  if (io.interactive || options.name !== undefined) return keptSandbox(options.name ?? 'default', options, seed, io);
  // Piped and unnamed: a fresh world each time.
  const temporary = options.workspace === undefined;
  const root = temporary ? mkdtempSync(join(tmpdir(), 'kubetutor-sandbox-')) : ownWorkspace(options.workspace as string);
  try {
    const world = new World({ fs: new DiskFileSystem(root), ...(seed !== undefined ? { seed } : {}) });
    const session = new ShellSession(world, { width: 80 }, CLUSTER_COMMANDS);
    return (await runPlainRepl(session, io)).exitCode;
  } finally {
    if (temporary) rmSync(root, { recursive: true, force: true });
  }
}

async function keptSandbox(name: string, options: SandboxOptions, seed: number | undefined, io: Io): Promise<number> {
  const env = new CourseEnv(io);
  const unlock = env.lockSandbox(name);
  if (typeof unlock === 'string') { io.stderr.write(`kubetutor: ${unlock}\n`); return 1; }
  try {
    const { data, warning } = env.store.read();
    if (warning) env.warn(warning);
    const before = data.sandboxes?.[name];
    const record = options.new ? undefined : before;
    const ownFolder = options.workspace !== undefined ? ownWorkspace(options.workspace) : undefined;
    if (record && seed !== undefined && seed !== record.seed) throw new UsageError(`--seed: the sandbox "${name}" was made with ${record.seed === undefined ? 'the default seed' : `seed ${record.seed}`}; \`kubetutor sandbox --new\` starts it over with another`);
    const root = ownFolder ?? record?.workspace ?? join(env.home, 'sandboxes', name);
    // Starting over empties the folder kubetutor made for it, never one the learner named.
    if (!record && !ownFolder && before?.workspace === root) rmSync(root, { recursive: true, force: true });
    const worldSeed = record ? record.seed : seed;
    const { fs, settle } = replayableWorkspace(root, record !== undefined);
    const world = new World({ fs, ...(worldSeed !== undefined ? { seed: worldSeed } : {}) });
    const session = new ShellSession(world, { width: io.interactive ? io.columns() : 80 }, CLUSTER_COMMANDS);
    const journal = new Journal(record?.journal ?? []);
    const failed = record ? Journal.replay(session, record.journal) : 0;
    settle();
    const startedAt = record?.startedAt ?? env.store.stamp();
    const keeping: Keeping = {
      journal,
      saved: () => env.saveSandbox(name, { ...(worldSeed !== undefined ? { seed: worldSeed } : {}), journal: [...journal.lines], workspace: root, startedAt, updatedAt: env.store.stamp() }),
    };
    keeping.saved();
    if (!io.interactive) return (await runPlainRepl(session, io, keeping)).exitCode;
    const t = theme(io.color);
    const say = (text: string): void => { io.stdout.write(`${prose(text, io.columns(), t).join('\n')}\n`); };
    const title = name === 'default' ? 'kubetutor sandbox' : `kubetutor sandbox "${name}"`;
    say(`**${title}** — a laptop with docker and buildah, a CI runner, registries and a Kubernetes cluster.`);
    const typed = record ? Journal.typed(record.journal) : 0;
    if (typed) {
      say(`Welcome back: your world as you left it (${typed} line${typed === 1 ? '' : 's'} replayed${failed ? `, ${failed} of them failed inside kubetutor` : ''}). \`kubetutor sandbox --new\` starts a fresh one.`);
    }
    say('Type `help` to begin, `exit` or Ctrl-D to leave; your world is kept for next time.');
    io.stdout.write(`${t.dim(wrap(`Workspace: ${root} (edit files there with your own editor)`, io.columns()).join('\n'))}\n\n`);
    return (await runInteractiveRepl(session, io, { ...keptHistory(io), keeping })).exitCode;
  } finally {
    unlock();
  }
}
