/**
 * The workspace as a real folder on disk, so a learner can edit files with their own editor.
 * Reads are bounded (file count and size) so pointing it at a huge folder cannot hang a build.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, renameSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { cleanPath, type FileSystem } from '../sim/filesystem.ts';

const MAX_FILES = 5000;
const MAX_FILE_BYTES = 1_000_000;
const SKIP_DIRS = new Set(['.git']);

/** A file-system failure in the shell's words: `No space left on device`, `Permission denied`. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
}

const REASONS: Record<string, string> = {
  ENOSPC: 'No space left on device',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  EDQUOT: 'Disk quota exceeded',
};

/** stat that treats "not there" (including a file used as a folder) as undefined. */
function statOrUndefined(abs: string): ReturnType<typeof statSync> | undefined {
  try {
    return statSync(abs, { throwIfNoEntry: false });
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOTDIR') return undefined;
    throw e;
  }
}

function wrap(path: string, e: unknown): never {
  const code = (e as { code?: string }).code ?? '';
  throw new WorkspaceError(`${path}: ${REASONS[code] ?? (e as Error).message}`);
}

export class DiskFileSystem implements FileSystem {
  constructor(readonly root: string) {}

  #abs(path: string): string {
    return join(this.root, cleanPath(path));
  }

  read(path: string): string | undefined {
    const abs = this.#abs(path);
    try {
      const st = statOrUndefined(abs);
      if (!st || !st.isFile()) return undefined;
      return readFileSync(abs, 'utf8');
    } catch (e) {
      return wrap(path, e);
    }
  }

  write(path: string, content: string): void {
    const abs = this.#abs(path);
    try {
      mkdirSync(dirname(abs), { recursive: true });
      // Write beside, then rename: a full disk leaves the old file whole.
      const tmp = `${abs}.kubetutor-tmp`;
      writeFileSync(tmp, content);
      renameSync(tmp, abs);
    } catch (e) {
      try { rmSync(`${abs}.kubetutor-tmp`, { force: true }); } catch { /* best effort */ }
      wrap(path, e);
    }
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const st = statOrUndefined(this.#abs(path));
    return st ? (st.isDirectory() ? 'dir' : 'file') : undefined;
  }

  list(dir: string): Array<{ name: string; dir: boolean }> | undefined {
    const abs = this.#abs(dir);
    if (!statOrUndefined(abs)?.isDirectory()) return undefined;
    return readdirSync(abs, { withFileTypes: true })
      .filter((d) => !d.name.endsWith('.kubetutor-tmp'))
      .map((d) => ({ name: d.name, dir: d.isDirectory() }))
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  mkdir(path: string): void {
    try {
      mkdirSync(this.#abs(path), { recursive: true });
    } catch (e) {
      wrap(path, e);
    }
  }

  remove(path: string): boolean {
    const abs = this.#abs(path);
    if (!existsSync(abs) || cleanPath(path) === '') return false;
    try {
      rmSync(abs, { recursive: true, force: true });
    } catch (e) {
      wrap(path, e);
    }
    return true;
  }

  walk(dir: string): Map<string, string> {
    const out = new Map<string, string>();
    const visit = (rel: string): void => {
      for (const e of this.list(rel) ?? []) {
        if (out.size >= MAX_FILES) return;
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (e.dir) {
          if (!SKIP_DIRS.has(e.name)) visit(p);
        } else {
          const st = statOrUndefined(this.#abs(p));
          if (st && st.size <= MAX_FILE_BYTES) out.set(p.slice(cleanPath(dir) ? cleanPath(dir).length + 1 : 0), readFileSync(this.#abs(p), 'utf8'));
        }
      }
    };
    visit(cleanPath(dir));
    return out;
  }
}
