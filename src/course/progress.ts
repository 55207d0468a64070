/**
 * The learner's progress on disk: one versioned JSON file in the data folder, written atomically
 * (a temp file, then a rename) under a lock file, re-read before every write so two kubetutors
 * at once lose nothing. A damaged file is kept aside as a backup, never thrown away.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, statSync, unlinkSync, writeSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const PROGRESS_FORMAT_VERSION = 1;
const FILE = 'progress.json';
/** A lock older than this was left by a process that died: take it over. */
const STALE_LOCK_MS = 10_000;
/** Tries, 10 ms apart, before giving up on a lock another kubetutor holds (about 5 s). */
const LOCK_TRIES = 500;

export interface LessonProgress {
  readonly status: 'in-progress' | 'completed';
  /** Index of the current step (the number of steps once completed). */
  readonly step: number;
  readonly steps: number;
  /** Every line the learner typed in this lesson, in order: replaying it restores the world. */
  readonly journal: readonly string[];
  /** The step each journal line was typed at (same length as journal). */
  readonly lineSteps?: readonly number[];
  readonly skipped: readonly number[];
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly completedAt?: string;
}

/** A kept sandbox: replaying its journal on a world of its seed rebuilds it exactly. */
export interface SandboxProgress {
  readonly seed?: number;
  /** Every line typed in it, in order (a Ctrl-D is kept as the character U+0004). */
  readonly journal: readonly string[];
  /** The folder its workspace lives in. */
  readonly workspace: string;
  readonly startedAt: string;
  readonly updatedAt: string;
}

export interface ProgressData {
  readonly formatVersion: number;
  readonly lessons: Record<string, LessonProgress>;
  readonly sandboxes?: Record<string, SandboxProgress>;
}

export type SaveOutcome = { readonly ok: true } | { readonly ok: false; readonly error: string };

/** Where kubetutor keeps its data: `KUBETUTOR_HOME`, else the platform's user data folder (XDG on Linux). */
export function dataDir(env: Readonly<Record<string, string | undefined>>, platform: string, home: string): string {
  if (env.KUBETUTOR_HOME) return env.KUBETUTOR_HOME;
  if (platform === 'win32') return join(env.LOCALAPPDATA || join(home, 'AppData', 'Local'), 'kubetutor');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'kubetutor');
  return join(env.XDG_DATA_HOME || join(home, '.local', 'share'), 'kubetutor');
}

function empty(): ProgressData {
  return { formatVersion: PROGRESS_FORMAT_VERSION, lessons: {} };
}

function errText(e: unknown): string {
  const x = e as NodeJS.ErrnoException;
  const known: Record<string, string> = { EACCES: 'permission denied', EPERM: 'operation not permitted', EROFS: 'read-only file system', ENOSPC: 'no space left on device', EDQUOT: 'disk quota exceeded', ENOTDIR: 'not a folder', EISDIR: 'is a folder' };
  return x?.code && known[x.code] ? `${x.code}: ${known[x.code]}` : x instanceof Error ? x.message : String(e);
}

/**
 * A well-formed progress file (every lesson entry checked field by field, missing optional fields
 * filled in), or the reason it is not.
 */
function validate(v: unknown): ProgressData | string {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return 'not a JSON object';
  const o = v as { formatVersion?: unknown; lessons?: unknown };
  if (typeof o.formatVersion !== 'number' || !Number.isInteger(o.formatVersion) || o.formatVersion < 1) return 'no valid formatVersion';
  if (!o.lessons || typeof o.lessons !== 'object' || Array.isArray(o.lessons)) return 'no lessons';
  const lessons: Record<string, LessonProgress> = {};
  const isStamp = (x: unknown): x is string => typeof x === 'string' && !Number.isNaN(Date.parse(x));
  const isCount = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  for (const [id, l] of Object.entries(o.lessons as Record<string, unknown>)) {
    const p = l as Record<string, unknown> | null;
    const bad = (what: string): string => `lesson "${id}": ${what}`;
    if (!p || typeof p !== 'object' || Array.isArray(p)) return bad('not an object');
    if (p.status !== 'in-progress' && p.status !== 'completed') return bad('status must be "in-progress" or "completed"');
    if (!isCount(p.step)) return bad('step must be a whole number');
    if (!Array.isArray(p.journal) || !p.journal.every((x) => typeof x === 'string')) return bad('journal must be a list of lines');
    if (p.steps !== undefined && !isCount(p.steps)) return bad('steps must be a whole number');
    if (p.skipped !== undefined && !(Array.isArray(p.skipped) && p.skipped.every(isCount))) return bad('skipped must be a list of step numbers');
    for (const k of ['startedAt', 'updatedAt', 'completedAt'] as const) if (p[k] !== undefined && !isStamp(p[k])) return bad(`${k} must be a date`);
    const steps = (p.steps as number | undefined) ?? Math.max(p.step, 1);
    // Written by this version with the journal; an older file has none (replay then does without).
    const lineSteps = Array.isArray(p.lineSteps) && p.lineSteps.length === p.journal.length && p.lineSteps.every(isCount) ? (p.lineSteps as number[]) : undefined;
    lessons[id] = {
      status: p.status, step: Math.min(p.step, steps), steps, journal: p.journal as string[], ...(lineSteps ? { lineSteps } : {}), skipped: (p.skipped as number[] | undefined) ?? [],
      startedAt: (p.startedAt as string | undefined) ?? new Date(0).toISOString(), updatedAt: (p.updatedAt as string | undefined) ?? new Date(0).toISOString(),
      ...(p.completedAt !== undefined ? { completedAt: p.completedAt as string } : p.status === 'completed' ? { completedAt: (p.updatedAt as string | undefined) ?? new Date(0).toISOString() } : {}),
    };
  }
  const sandboxes: Record<string, SandboxProgress> = {};
  const boxes = (v as { sandboxes?: unknown }).sandboxes;
  if (boxes !== undefined && (!boxes || typeof boxes !== 'object' || Array.isArray(boxes))) return 'sandboxes must be an object';
  for (const [name, b] of Object.entries((boxes ?? {}) as Record<string, unknown>)) {
    const p = b as Record<string, unknown> | null;
    const bad = (what: string): string => `sandbox "${name}": ${what}`;
    if (!p || typeof p !== 'object' || Array.isArray(p)) return bad('not an object');
    if (!Array.isArray(p.journal) || !p.journal.every((x) => typeof x === 'string')) return bad('journal must be a list of lines');
    if (typeof p.workspace !== 'string' || !p.workspace) return bad('workspace must be a folder');
    if (p.seed !== undefined && !Number.isInteger(p.seed)) return bad('seed must be a whole number');
    for (const k of ['startedAt', 'updatedAt'] as const) if (!isStamp(p[k])) return bad(`${k} must be a date`);
    sandboxes[name] = { ...(p.seed !== undefined ? { seed: p.seed as number } : {}), journal: p.journal as string[], workspace: p.workspace, startedAt: p.startedAt as string, updatedAt: p.updatedAt as string };
  }
  return { formatVersion: o.formatVersion, lessons, ...(Object.keys(sandboxes).length ? { sandboxes } : {}) };
}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export class ProgressStore {
  readonly file: string;
  /** Set when the file was written by a newer kubetutor: read it, never overwrite it. */
  #readOnly: string | undefined;
  #tmpCount = 0;

  /** @param now the wall clock (the CLI passes it in: the course never reads it itself). */
  constructor(readonly dir: string, private readonly now: () => Date) {
    this.file = join(dir, FILE);
  }

  /**
   * Read the progress. A missing file is a fresh start; an unreadable or corrupt one is moved
   * aside as a backup (and the warning says where), then a fresh start.
   */
  read(): { data: ProgressData; warning?: string } {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { data: empty() };
      return { data: empty(), warning: `cannot read ${this.file} (${errText(e)}); starting without saved progress` };
    }
    let parsed: unknown;
    let problem: string | undefined;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      problem = `not valid JSON: ${(e as Error).message}`;
    }
    const v = problem ? problem : validate(parsed);
    if (typeof v !== 'string') {
      if (v.formatVersion > PROGRESS_FORMAT_VERSION) {
        this.#readOnly = `${this.file} was written by a newer kubetutor (format ${v.formatVersion}); update kubetutor to save progress`;
        return { data: { ...v, formatVersion: PROGRESS_FORMAT_VERSION }, warning: this.#readOnly };
      }
      return { data: v };
    }
    const backup = this.#backupName();
    try {
      renameSync(this.file, backup);
      return { data: empty(), warning: `progress file ${this.file} is damaged (${v}); kept it as ${backup} and started fresh` };
    } catch (e) {
      this.#readOnly = `cannot move the damaged ${this.file} aside (${errText(e)})`;
      return { data: empty(), warning: `progress file ${this.file} is damaged (${v}) and cannot be moved aside (${errText(e)}); starting fresh without saving` };
    }
  }

  #backupName(): string {
    for (let i = 1; ; i++) {
      const name = `${this.file}.corrupt-${i}`;
      if (!existsSync(name)) return name;
    }
  }

  /** Change the progress: under the lock, re-read what is on disk, apply `change`, write it back atomically. */
  update(change: (data: ProgressData) => ProgressData): SaveOutcome {
    if (this.#readOnly) return { ok: false, error: this.#readOnly };
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch (e) {
      return { ok: false, error: `cannot create ${this.dir} (${errText(e)})` };
    }
    const lock = this.#lock();
    if (typeof lock === 'string') return { ok: false, error: lock };
    try {
      // The first read already warned about anything odd; this one only takes the latest data.
      const { data } = this.read();
      if (this.#readOnly) return { ok: false, error: this.#readOnly };
      return this.#write(change(data));
    } finally {
      try { closeSync(lock); unlinkSync(`${this.file}.lock`); } catch { /* already gone: nothing to release */ }
    }
  }

  /** Set (or, with undefined, forget) one lesson's progress. */
  save(id: string, progress: LessonProgress | undefined): SaveOutcome {
    return this.update((d) => {
      const lessons = { ...d.lessons };
      if (progress) lessons[id] = progress; else delete lessons[id];
      return { ...d, formatVersion: PROGRESS_FORMAT_VERSION, lessons };
    });
  }

  /** Set (or, with undefined, forget) one sandbox. */
  saveSandbox(name: string, sandbox: SandboxProgress | undefined): SaveOutcome {
    return this.update((d) => {
      const sandboxes = { ...d.sandboxes };
      if (sandbox) sandboxes[name] = sandbox; else delete sandboxes[name];
      return { ...d, formatVersion: PROGRESS_FORMAT_VERSION, sandboxes };
    });
  }

  stamp(): string {
    return this.now().toISOString();
  }

  #lock(): number | string {
    const path = `${this.file}.lock`;
    for (let tries = 0; ; tries++) {
      try {
        const fd = openSync(path, 'wx');
        try {
          writeSync(fd, String(process.pid));
        } catch (e) {
          // A full disk can make the lock and then refuse its few bytes: give it back at once.
          try { closeSync(fd); unlinkSync(path); } catch { /* nothing more to release */ }
          return `cannot lock ${path} (${errText(e)})`;
        }
        return fd;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code !== 'EEXIST') return `cannot lock ${path} (${errText(e)})`;
        try {
          if (this.now().getTime() - statSync(path).mtimeMs > STALE_LOCK_MS) { unlinkSync(path); continue; }
        } catch { continue; }
        if (tries >= LOCK_TRIES) return `${path} is held by another kubetutor; try again in a moment`;
        Atomics.wait(sleeper, 0, 0, 10);
      }
    }
  }

  #write(data: ProgressData): SaveOutcome {
    const tmp = `${this.file}.${process.pid}.${++this.#tmpCount}.tmp`;
    let fd: number | undefined;
    try {
      fd = openSync(tmp, 'w');
      writeSync(fd, `${JSON.stringify(data, null, 2)}\n`);
      fsyncSync(fd);
      closeSync(fd);
      fd = undefined;
      renameSync(tmp, this.file);
      return { ok: true };
    } catch (e) {
      if (fd !== undefined) try { closeSync(fd); } catch { /* closing after a failed write */ }
      try { unlinkSync(tmp); } catch { /* never created */ }
      return { ok: false, error: `cannot save progress to ${this.file} (${errText(e)})` };
    }
  }
}
