/**
 * The laptop's files as its shell sees them: one tree of absolute paths. The workspace folder
 * (/home/learner/workspace) is the learner's own folder, handed to the world as a FileSystem
 * (a real folder on disk in the sandbox, memory in tests and scratch worlds). Everything else —
 * the rest of the home folder (~/.docker/config.json after `docker login`), /tmp — lives in
 * memory for the life of the world: a lesson's journal rebuilds it by replaying the lines typed.
 * The learner may write under their home folder and /tmp, as an ordinary user may.
 */
import { cleanPath, MemoryFileSystem, type FileSystem } from './filesystem.ts';

export const HOME = '/home/learner';
export const WORKSPACE = `${HOME}/workspace`;

const WORKSPACE_KEY = cleanPath(WORKSPACE);

/** `/a/./b/../c` → `/a/c`; relative paths are taken from `dir`. */
export function absolutePath(dir: string, path: string): string {
  return `/${cleanPath(path.startsWith('/') ? path : `${dir}/${path}`)}`;
}

/** The workspace-relative form of an absolute path inside the workspace (`''` for the workspace itself), or undefined. */
export function inWorkspace(path: string): string | undefined {
  const key = cleanPath(path);
  if (key === WORKSPACE_KEY) return '';
  return key.startsWith(`${WORKSPACE_KEY}/`) ? key.slice(WORKSPACE_KEY.length + 1) : undefined;
}

/** How a path reads to a person: `~` for the home folder, as bash's prompt shows it. */
export function tildePath(path: string): string {
  return path === HOME ? '~' : path.startsWith(`${HOME}/`) ? `~${path.slice(HOME.length)}` : path;
}

export class LaptopFileSystem implements FileSystem {
  readonly #rest = new MemoryFileSystem({ 'etc/hosts': '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n', 'etc/hostname': 'laptop\n' });

  constructor(readonly workspace: FileSystem) {
    for (const d of ['bin', 'home/learner/workspace', 'tmp', 'usr/bin', 'var']) this.#rest.mkdir(d);
  }

  /** The file system that holds a path, and the path inside it (the workspace's own relative path for workspace files). */
  locate(path: string): { fs: FileSystem; rel: string } {
    const rel = inWorkspace(path);
    return rel === undefined ? { fs: this.#rest, rel: cleanPath(path) } : { fs: this.workspace, rel };
  }

  /** May an ordinary user create or change this path? (their home folder and /tmp) */
  writable(path: string): boolean {
    const key = cleanPath(path);
    return key === 'home/learner' || key.startsWith('home/learner/') || key === 'tmp' || key.startsWith('tmp/');
  }

  read(path: string): string | undefined {
    const { fs, rel } = this.locate(path);
    return fs.read(rel);
  }

  write(path: string, content: string): void {
    const { fs, rel } = this.locate(path);
    fs.write(rel, content);
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const { fs, rel } = this.locate(path);
    return fs.kind(rel);
  }

  list(dir: string): Array<{ name: string; dir: boolean }> | undefined {
    const { fs, rel } = this.locate(dir);
    return fs.list(rel);
  }

  mkdir(path: string): void {
    const { fs, rel } = this.locate(path);
    fs.mkdir(rel);
  }

  remove(path: string): boolean {
    const { fs, rel } = this.locate(path);
    return fs.remove(rel);
  }

  /** A symbolic link (removed itself by rm, even one that points at a folder); only the workspace on disk has them. */
  isSymlink(path: string): boolean {
    const { fs, rel } = this.locate(path);
    return (fs as { isSymlink?: (p: string) => boolean }).isSymlink?.(rel) ?? false;
  }

  walk(dir: string): Map<string, string> {
    const { fs, rel } = this.locate(dir);
    const files = fs.walk(rel);
    // A walk from above the workspace goes into it too.
    if (fs === this.#rest && (rel === '' || `${WORKSPACE_KEY}/`.startsWith(`${rel}/`))) {
      const prefix = WORKSPACE_KEY.slice(rel === '' ? 0 : rel.length + 1);
      for (const [p, c] of this.workspace.walk('')) files.set(`${prefix}/${p}`, c);
    }
    return files;
  }
}
