/**
 * The workspace as a real folder on disk, so a learner can edit files with their own editor.
 *
 * It is the one place where the sandbox touches the learner's machine, so it never trusts a
 * path: every symlink is resolved by hand and anything that would lead outside the workspace
 * root is refused, FIFOs, sockets and devices are never opened (a read would block or hang a
 * build), and reads are bounded so a huge folder cannot exhaust memory.
 */
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, realpathSync, renameSync, rmSync, statSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { standInFile } from '../sim/exec.ts';
import { cleanPath, type FileSystem } from '../sim/filesystem.ts';

/** Files the build context holds at most; a hint says when a context had more. */
export const MAX_FILES = 5000;
/** Larger files are sent as stand-ins that keep their size (see standInFile). */
export const MAX_FILE_BYTES = 1_000_000;
const MAX_LINK_HOPS = 40;
/** Folders a walk enters at most, so a maze of links back and forth still ends. */
const MAX_DIRS = 20_000;
const SKIP_DIRS = new Set(['.git']);
const TMP_SUFFIX = '.kubetutor-tmp';

/** A file-system failure in the shell's words (`Permission denied`), with kubetutor's explanation when it has one. */
export class WorkspaceError extends Error {
  override name = 'WorkspaceError';
  constructor(message: string, readonly hint?: string) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOSPC: 'No space left on device',
  EACCES: 'Permission denied',
  EPERM: 'Operation not permitted',
  EROFS: 'Read-only file system',
  EISDIR: 'Is a directory',
  ENOTDIR: 'Not a directory',
  // mkdir of a folder where a file already is: bash reports the path as "Not a directory".
  EEXIST: 'Not a directory',
  EDQUOT: 'Disk quota exceeded',
  ELOOP: 'Too many levels of symbolic links',
  ENAMETOOLONG: 'File name too long',
  EFBIG: 'File too large',
};

function wrap(path: string, e: unknown): never {
  if (e instanceof WorkspaceError) throw e;
  const code = (e as { code?: string }).code ?? '';
  // Node's own message names the real path on the learner's disk: the shell never shows that.
  throw new WorkspaceError(`${path}: ${REASONS[code] ?? 'Input/output error'}`);
}

function lstatOrUndefined(abs: string): Stats | undefined {
  try {
    return lstatSync(abs);
  } catch {
    return undefined;
  }
}

function special(st: Stats): string | undefined {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  return undefined;
}

/** What a build context walk gives: the files, and whether the file limit cut it short. */
export class WalkResult extends Map<string, string> {
  truncated = false;
}

export interface WalkOptions {
  /** Paths (relative to the walked folder) to leave out, as .dockerignore does; folders are pruned whole. */
  readonly skip?: (path: string, isDir: boolean) => boolean;
}

export class DiskFileSystem implements FileSystem {
  #rootReal: string | undefined;

  constructor(readonly root: string) {}

  /** The root with its own symlinks resolved (a temp dir under a linked /tmp, say): the fence everything is checked against. */
  get #fence(): string {
    this.#rootReal ??= realpathSync(this.root);
    return this.#rootReal;
  }

  #inside(real: string): boolean {
    return real === this.#fence || real.startsWith(this.#fence + sep);
  }

  /**
   * Where a workspace path really leads. Symlinks are followed one component at a time (the last
   * one only when `followLast`), so a link anywhere in the path is seen; the part that does not
   * exist yet cannot hold a link and is appended as written.
   */
  #resolve(path: string, followLast: boolean): string {
    let pending = cleanPath(path).split('/').filter(Boolean);
    let cur = this.#fence;
    let hops = 0;
    while (pending.length > 0) {
      const seg = pending.shift() as string;
      if (seg === '.') continue;
      if (seg === '..') { cur = dirname(cur); continue; }
      const next = join(cur, seg);
      const st = lstatOrUndefined(next);
      if (!st) return join(next, ...pending);
      if (st.isSymbolicLink() && (pending.length > 0 || followLast)) {
        if (++hops > MAX_LINK_HOPS) throw new WorkspaceError(`${path}: ${REASONS.ELOOP}`);
        const target = readlinkSync(next);
        pending = [...(isAbsolute(target) ? target : join(cur, target)).split(sep).filter(Boolean), ...pending];
        cur = sep;
        continue;
      }
      cur = next;
    }
    return cur;
  }

  /** The real path, or the shell's refusal when it leads outside the workspace. */
  #real(path: string, followLast = true): string {
    const real = this.#resolve(path, followLast);
    if (!this.#inside(real)) {
      throw new WorkspaceError(`${path}: Permission denied`,
        `${path} leads outside the workspace folder (through a symbolic link). The sandbox only reads and writes inside the workspace.`);
    }
    return real;
  }

  /** Read a regular file without following a link swapped in since it was resolved, and without blocking on a FIFO. */
  #readRegular(real: string, shown: string): string {
    let fd: number;
    try {
      fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK | (constants.O_NOFOLLOW ?? 0));
    } catch (e) {
      return wrap(shown, e);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw this.#specialError(shown, st);
      if (st.size > MAX_FILE_BYTES) return standInFile(st.size);
      return readFileSync(fd, 'utf8');
    } catch (e) {
      return wrap(shown, e);
    } finally {
      closeSync(fd);
    }
  }

  #specialError(shown: string, st: Stats): WorkspaceError {
    const what = special(st) ?? 'not a regular file';
    return new WorkspaceError(`${shown}: Operation not supported`, `${shown} is ${what}; kubetutor reads only ordinary files in the workspace.`);
  }

  read(path: string): string | undefined {
    const real = this.#real(path);
    const st = lstatOrUndefined(real);
    if (!st || st.isDirectory()) return undefined;
    if (!st.isFile()) throw this.#specialError(path, st);
    return this.#readRegular(real, path);
  }

  write(path: string, content: string): void {
    const real = this.#real(path);
    const st = lstatOrUndefined(real);
    if (st && !st.isFile() && !st.isDirectory()) throw this.#specialError(path, st);
    const tmp = `${real}${TMP_SUFFIX}`;
    try {
      mkdirSync(dirname(real), { recursive: true });
      // Write beside, then rename: a full disk leaves the old file whole. 'wx' never follows a link planted there.
      rmSync(tmp, { force: true });
      writeFileSync(tmp, content, { flag: 'wx' });
      renameSync(tmp, real);
    } catch (e) {
      try { rmSync(tmp, { force: true }); } catch { /* best effort */ }
      wrap(path, e);
    }
  }

  kind(path: string): 'file' | 'dir' | undefined {
    const real = this.#resolve(path, true);
    if (!this.#inside(real)) {
      // The link itself is in the workspace (ls lists it, rm removes it); only what it points at is off limits.
      const link = this.#resolve(path, false);
      if (this.#inside(link) && lstatOrUndefined(link)?.isSymbolicLink()) return 'file';
      this.#real(path);
    }
    let st: Stats | undefined;
    try {
      st = statSync(real, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as { code?: string }).code === 'ENOTDIR') return undefined;
      return wrap(path, e);
    }
    return st ? (st.isDirectory() ? 'dir' : 'file') : undefined;
  }

  /** True when the path itself is a symbolic link (so `rm` removes the link, not what it points at). */
  isSymlink(path: string): boolean {
    const link = this.#resolve(path, false);
    return this.#inside(link) && Boolean(lstatOrUndefined(link)?.isSymbolicLink());
  }

  list(dir: string): Array<{ name: string; dir: boolean }> | undefined {
    const real = this.#real(dir);
    if (!lstatOrUndefined(real)?.isDirectory()) return undefined;
    let entries;
    try {
      entries = readdirSync(real, { withFileTypes: true });
    } catch (e) {
      return wrap(dir, e);
    }
    return entries
      .filter((d) => !d.name.endsWith(TMP_SUFFIX))
      .map((d) => {
        if (!d.isSymbolicLink()) return { name: d.name, dir: d.isDirectory() };
        const target = this.#resolve(cleanPath(`${dir}/${d.name}`), true);
        return { name: d.name, dir: this.#inside(target) && Boolean(lstatOrUndefined(target)?.isDirectory()) };
      })
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  mkdir(path: string): void {
    const real = this.#real(path);
    try {
      mkdirSync(real, { recursive: true });
    } catch (e) {
      wrap(path, e);
    }
  }

  remove(path: string): boolean {
    if (cleanPath(path) === '') return false;
    // The last component is not followed: removing a link removes the link.
    const real = this.#real(path, false);
    if (!lstatOrUndefined(real)) return false;
    try {
      rmSync(real, { recursive: true, force: true });
    } catch (e) {
      wrap(path, e);
    }
    return true;
  }

  /**
   * Every regular file under a folder, as a build context sends it. Links are followed while
   * they stay inside the workspace (a link back up the tree is not entered twice); FIFOs,
   * sockets and devices are left out; big files become stand-ins that keep their size; after
   * MAX_FILES files the walk stops and says so.
   */
  walk(dir: string, options: WalkOptions = {}): WalkResult {
    const out = new WalkResult();
    const startReal = this.#resolve(dir, true);
    if (!this.#inside(startReal) || !lstatOrUndefined(startReal)?.isDirectory()) return out;
    let dirs = 0;
    const visit = (realDir: string, rel: string, ancestors: ReadonlySet<string>): boolean => {
      if (++dirs > MAX_DIRS) { out.truncated = true; return false; }
      let entries;
      try {
        entries = readdirSync(realDir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      } catch {
        return true;
      }
      for (const e of entries) {
        if (e.name.endsWith(TMP_SUFFIX)) continue;
        const relPath = rel ? `${rel}/${e.name}` : e.name;
        let real = join(realDir, e.name);
        let st = lstatOrUndefined(real);
        if (!st) continue;
        if (st.isSymbolicLink()) {
          real = this.#resolve(relative(this.#fence, real), true);
          if (!this.#inside(real)) continue;
          st = lstatOrUndefined(real);
          if (!st) continue;
        }
        if (st.isDirectory()) {
          if (SKIP_DIRS.has(e.name) || ancestors.has(real) || options.skip?.(relPath, true)) continue;
          if (!visit(real, relPath, new Set([...ancestors, real]))) return false;
        } else if (st.isFile()) {
          if (relPath !== '.dockerignore' && options.skip?.(relPath, false)) continue;
          if (out.size >= MAX_FILES) { out.truncated = true; return false; }
          try {
            out.set(relPath, this.#readRegular(real, relPath));
          } catch {
            // Unreadable (permissions, or replaced by a FIFO meanwhile): not part of the context.
          }
        }
      }
      return true;
    };
    visit(startReal, '', new Set([startReal]));
    return out;
  }
}

/**
 * The build context a builder is sent: the folder's files minus what `ignore` leaves out.
 * On disk the ignored folders are never even read (node_modules cannot eat the file limit).
 */
export function readContext(fs: FileSystem, dir: string, ignore?: (path: string, isDir: boolean) => boolean): { files: Map<string, string>; truncated: boolean } {
  if (fs instanceof DiskFileSystem) {
    const files = fs.walk(dir, ignore ? { skip: ignore } : {});
    return { files, truncated: files.truncated };
  }
  const files = fs.walk(dir);
  return { files, truncated: false };
}

/** kubetutor's note when a context was cut short. */
export function truncatedHint(dir: string): string {
  return `The build context (${dir || 'the workspace'}) holds more than ${MAX_FILES} files; kubetutor sent only the first ${MAX_FILES}. ` +
    'A .dockerignore that leaves out what the image does not need (node_modules, build output, data) keeps the context small.';
}
