/** `kubetutor sandbox`: free play in a fresh world, with the workspace in a real folder. */
import { mkdtempSync, mkdirSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DiskFileSystem } from '../../shell/disk-fs.ts';
import { ShellSession } from '../../shell/session.ts';
import { CLUSTER_COMMANDS } from '../../shell/cluster-commands.ts';
import { World } from '../../sim/world.ts';
import type { Io } from '../../ui/io.ts';
import { runInteractiveRepl, runPlainRepl } from '../../ui/repl.ts';
import { theme } from '../../ui/theme.ts';
import { UsageError } from '../errors.ts';
import { keptHistory } from '../history.ts';

export interface SandboxOptions {
  readonly workspace?: string;
  readonly seed?: string;
}

export async function sandbox(options: SandboxOptions, io: Io): Promise<number> {
  let root: string;
  if (options.workspace !== undefined) {
    root = resolve(options.workspace);
    if (existsSync(root) && !statSync(root).isDirectory()) throw new UsageError(`--workspace: ${options.workspace} is not a folder`);
    mkdirSync(root, { recursive: true });
  } else {
    root = mkdtempSync(join(tmpdir(), 'kubetutor-sandbox-'));
  }
  const seed = options.seed === undefined ? undefined : Number(options.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError(`--seed must be a whole number, not "${options.seed}"`);
  const world = new World({ fs: new DiskFileSystem(root), ...(seed !== undefined ? { seed } : {}) });
  const session = new ShellSession(world, { width: io.interactive ? io.columns() : 80 }, CLUSTER_COMMANDS);
  if (!io.interactive) return (await runPlainRepl(session, io)).exitCode;
  const t = theme(io.color);
  io.stdout.write(`${t.strong('kubetutor sandbox')} — a laptop with docker and buildah, a CI runner, registries and a Kubernetes cluster.\n`);
  io.stdout.write(`Type ${t.strong('help')} to begin, ${t.strong('exit')} or Ctrl-D to leave.\n`);
  io.stdout.write(`${t.dim(`Workspace: ${root}  (edit files there with your own editor)`)}\n\n`);
  return (await runInteractiveRepl(session, io, keptHistory(io))).exitCode;
}
