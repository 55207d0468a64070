/**
 * The learner's workspace as the world sees it. The world never touches the disk itself: the
 * shell hands it either this in-memory folder (tests, scratch worlds) or a real folder on disk.
 * Paths are relative posix paths inside the workspace (`app/server.js`).
 */
export interface FileSystem {
  read(path: string): string | undefined;
  write(path: string, content: string): void;
  /** 'file', 'dir', or undefined when nothing is there. */
  kind(path: string): 'file' | 'dir' | undefined;
  /** Names directly inside a folder, sorted; undefined if it is not a folder. */
  list(dir: string): Array<{ name: string; dir: boolean }> | undefined;
  mkdir(path: string): void;
  remove(path: string): boolean;
  /** Every file under a folder: relative path → content. */
  walk(dir: string): Map<string, string>;
}

/** Normalise a workspace path: no leading `./` or `/`, no `..` above the root. */
export function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const seg of path.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return parts.join('/');
}

export class MemoryFileSystem implements FileSystem {
  readonly #files = new Map<string, string>();
  readonly #dirs = new Set<string>(['']);

  constructor(initial: Record<string, string> = {}) {
    for (const [p, c] of Object.entries(initial)) this.write(p, c);
  }

  read(path: string): string | undefined {
    return this.#files.get(cleanPath(path));
  }

  write(path: string, content: string): void {
    const p = cleanPath(path);
    this.#files.set(p, content);
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) this.#dirs.add(parts.slice(0, i).join('/'));
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const p = cleanPath(path);
    if (this.#files.has(p)) return 'file';
    return this.#dirs.has(p) ? 'dir' : undefined;
  }

  list(dir: string): Array<{ name: string; dir: boolean }> | undefined {
    const d = cleanPath(dir);
    if (!this.#dirs.has(d)) return undefined;
    const prefix = d === '' ? '' : `${d}/`;
    const out = new Map<string, boolean>();
    for (const f of this.#files.keys()) if (f.startsWith(prefix) && !f.slice(prefix.length).includes('/')) out.set(f.slice(prefix.length), false);
    for (const x of this.#dirs) if (x !== d && x.startsWith(prefix) && !x.slice(prefix.length).includes('/')) out.set(x.slice(prefix.length), true);
    return [...out].map(([name, isDir]) => ({ name, dir: isDir })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  mkdir(path: string): void {
    const parts = cleanPath(path).split('/');
    for (let i = 1; i <= parts.length; i++) this.#dirs.add(parts.slice(0, i).join('/'));
  }

  remove(path: string): boolean {
    const p = cleanPath(path);
    if (this.#files.delete(p)) return true;
    if (!this.#dirs.has(p) || p === '') return false;
    for (const f of [...this.#files.keys()]) if (f.startsWith(`${p}/`)) this.#files.delete(f);
    for (const d of [...this.#dirs]) if (d === p || d.startsWith(`${p}/`)) this.#dirs.delete(d);
    return true;
  }

  walk(dir: string): Map<string, string> {
    const d = cleanPath(dir);
    const prefix = d === '' ? '' : `${d}/`;
    const out = new Map<string, string>();
    for (const [f, c] of [...this.#files].sort(([a], [b]) => (a < b ? -1 : 1))) if (f.startsWith(prefix)) out.set(f.slice(prefix.length), c);
    return out;
  }
}
