/**
 * The one way commands turn a path the learner typed into a file on the laptop: relative to the
 * shell's current folder, absolute anywhere (`/home/learner/.docker/config.json`, `/tmp/x`), the
 * workspace folder included. Files live in `ctx.world.laptop`.
 */
import { absolutePath, WORKSPACE } from '../sim/laptop-fs.ts';
import type { CommandContext } from './context.ts';

/** The absolute path a typed path names (`app/x.yaml` → `/home/learner/workspace/app/x.yaml`). */
export function laptopPath(ctx: Pick<CommandContext, 'dir' | 'cwd'>, path: string): string {
  return absolutePath(ctx.dir ?? absolutePath(WORKSPACE, ctx.cwd), path);
}

/** Why a file could not be read, in the kernel's words (strerror). */
export type ReadFailure = 'No such file or directory' | 'Is a directory' | 'Not a directory';

export type LaptopRead = { readonly ok: true; readonly path: string; readonly text: string } | { readonly ok: false; readonly path: string; readonly reason: ReadFailure };

/** Read a file the learner named: its text, or the reason it cannot be read. */
export function readLaptopFile(ctx: Pick<CommandContext, 'dir' | 'cwd' | 'world'>, path: string): LaptopRead {
  const abs = laptopPath(ctx, path);
  const fs = ctx.world.laptop;
  const kind = fs.kind(abs);
  if (kind === 'dir') return { ok: false, path: abs, reason: 'Is a directory' };
  const text = kind === 'file' ? fs.read(abs) : undefined;
  if (text !== undefined) return { ok: true, path: abs, text };
  // A path through a file (`notes.txt/x`) is "Not a directory", as the kernel says.
  const parts = abs.split('/').filter(Boolean);
  const throughFile = parts.slice(0, -1).some((_p, i) => fs.kind(`/${parts.slice(0, i + 1).join('/')}`) === 'file');
  return { ok: false, path: abs, reason: throughFile ? 'Not a directory' : 'No such file or directory' };
}
