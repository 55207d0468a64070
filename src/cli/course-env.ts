/**
 * What the course commands share: where the built-in lessons are, where progress and lesson
 * workspaces live, and how a lesson gets a fresh world.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadCatalog, type Catalog } from '../course/catalog.ts';
import { formatProblem } from '../course/loader.ts';
import { dataDir, ProgressStore, type LessonProgress, type SandboxProgress } from '../course/progress.ts';
import type { Lesson } from '../course/schema.ts';
import { SwitchableFs } from '../course/switch-fs.ts';
import { CLUSTER_COMMANDS } from '../shell/cluster-commands.ts';
import { DiskFileSystem } from '../shell/disk-fs.ts';
import { ShellSession } from '../shell/session.ts';
import { MemoryFileSystem } from '../sim/filesystem.ts';
import { World } from '../sim/world.ts';
import type { Io } from '../ui/io.ts';
import { UsageError } from './errors.ts';

/** How lesson files are named in messages: relative to the current folder, so editors can jump to `file:line:column`. */
export function shortPath(p: string): string {
  return relative(process.cwd(), p) || p;
}

/** The `lessons/` folder shipped with kubetutor: next to package.json, above this file (src/cli or dist). */
export function builtinLessonsDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'lessons'))) return join(dir, 'lessons');
    dir = dirname(dir);
  }
  throw new Error('cannot find kubetutor\'s lessons folder');
}

export class CourseEnv {
  readonly home: string;
  readonly store: ProgressStore;
  #warned = false;

  constructor(readonly io: Io) {
    this.home = dataDir(io.env, process.platform, homedir());
    this.store = new ProgressStore(this.home, () => new Date());
  }

  #catalog: Catalog | undefined;

  /**
   * The built-in course, read once per command (the lesson files do not change under it). A
   * broken lesson file is a bug in kubetutor, reported as `file:line:column`.
   */
  catalog(): Catalog {
    if (this.#catalog) return this.#catalog;
    const c = loadCatalog(builtinLessonsDir(), shortPath);
    if (c.problems.length) throw new Error(`the built-in lessons have problems:\n${c.problems.map(formatProblem).join('\n')}`);
    this.#catalog = c;
    return c;
  }

  lesson(id: string): Lesson {
    const c = this.catalog();
    // By id, or by its folder's name (`01-build-and-push`).
    const l = c.lessons.find((x) => x.id === id || basename(dirname(x.file)) === id);
    if (!l) throw new UsageError(`no lesson "${id}" — \`kubetutor lessons\` lists them`);
    return l;
  }

  /** Progress as saved (a damaged file is set aside with one warning line). */
  progress(): Record<string, LessonProgress> {
    const r = this.store.read();
    if (r.warning) this.warn(r.warning);
    return r.data.lessons;
  }

  warn(text: string): void {
    this.io.stderr.write(`kubetutor: warning: ${text}\n`);
  }

  /** Save, warning once per process if the disk refuses (read-only, full): the lesson goes on. */
  save(id: string, p: LessonProgress | undefined): void {
    const r = this.store.save(id, p);
    if (!r.ok && !this.#warned) {
      this.#warned = true;
      this.warn(`${r.error}; continuing, but this session's progress will not be kept`);
    }
  }

  /**
   * One kubetutor per lesson at a time: two would each replay and extend the same journal, and
   * the last to save would win. Returns the release, or why the lesson is busy.
   */
  lockLesson(id: string): (() => void) | string {
    return this.#lock(join(this.home, 'workspaces'), id, (pid) => `the lesson "${id}" is open in another kubetutor (process ${pid}); finish or quit it there first`);
  }

  /** One kubetutor per kept sandbox at a time, for the same reason as a lesson. */
  lockSandbox(name: string): (() => void) | string {
    return this.#lock(join(this.home, 'sandboxes'), name, (pid) => `the sandbox "${name}" is open in another kubetutor (process ${pid}); leave it there first, or use another --name`);
  }

  #lock(dir: string, id: string, busy: (pid: number) => string): (() => void) | string {
    const path = join(dir, `${id}.lock`);
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      return () => undefined; // cannot even create the folder: saving will warn; nothing to guard
    }
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, String(process.pid));
        } catch {
          // A full disk: no lock to hold; saving will warn about the disk anyway.
          try { closeSync(fd); unlinkSync(path); } catch { /* nothing more to release */ }
          return () => undefined;
        }
        closeSync(fd);
        const release = (): void => { try { unlinkSync(path); } catch { /* already gone */ } };
        process.once('exit', release);
        return () => { process.removeListener('exit', release); release(); };
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') return () => undefined; // a read-only folder: saving warns already
        const pid = Number(readFileSafe(path));
        if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) return busy(pid);
        try { unlinkSync(path); } catch { /* someone else took it over */ }
      }
    }
    return `cannot lock ${path}; try again`;
  }

  workspace(id: string): string {
    return join(this.home, 'workspaces', id);
  }

  /**
   * A session factory for one lesson, on its workspace folder. `empty`: the folder is emptied
   * first. `resuming()` makes the next session replay against a copy of the folder, and
   * `settle()` then switches it to the real folder.
   */
  sessions(lesson: Lesson, width: number): { make: (empty: boolean) => ShellSession; settle: () => void; root: string } {
    const root = this.workspace(lesson.id);
    let settle = (): void => undefined;
    const make = (empty: boolean): ShellSession => {
      if (empty) rmSync(root, { recursive: true, force: true });
      const r = replayableWorkspace(root, !empty, lesson.setup.files);
      settle = r.settle;
      return new ShellSession(new World({ fs: r.fs }), { width }, CLUSTER_COMMANDS);
    };
    return { make, settle: () => settle(), root };
  }

  /** Save a kept sandbox, warning once per process if the disk refuses, as for a lesson. */
  saveSandbox(name: string, sandbox: SandboxProgress | undefined): void {
    const r = this.store.saveSandbox(name, sandbox);
    if (!r.ok && !this.#warned) {
      this.#warned = true;
      this.warn(`${r.error}; continuing, but this session's sandbox will not be kept`);
    }
  }
}

/**
 * A workspace folder for a world about to be rebuilt from a journal: while `replaying`, the world
 * writes to a copy (the starter files, overlaid with the folder as it is now), so a file the
 * learner changed in their own editor is never overwritten by an older heredoc being replayed;
 * `settle()` then switches it to the real folder.
 */
export function replayableWorkspace(root: string, replaying: boolean, starter: Record<string, string> = {}): { fs: SwitchableFs; settle: () => void } {
  mkdirSync(root, { recursive: true });
  const disk = new DiskFileSystem(root);
  const fs = new SwitchableFs(replaying ? new MemoryFileSystem({ ...starter, ...Object.fromEntries(disk.walk('')) }) : disk);
  return { fs, settle: () => { fs.target = disk; } };
}

function readFileSafe(path: string): string {
  try { return readFileSync(path, 'utf8').trim(); } catch { return ''; }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A fresh in-memory world for checking lessons. */
export function scratchSession(): ShellSession {
  return new ShellSession(new World({ fs: new MemoryFileSystem() }), {}, CLUSTER_COMMANDS);
}
