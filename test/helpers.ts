/** Test helpers: an in-memory terminal and a one-call scripted sandbox session. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { DiskFileSystem } from '../src/shell/disk-fs.ts';
import { ShellSession } from '../src/shell/session.ts';
import { CLUSTER_COMMANDS } from '../src/shell/cluster-commands.ts';
import { MemoryFileSystem, type FileSystem } from '../src/sim/filesystem.ts';
import { World } from '../src/sim/world.ts';
import type { Io } from '../src/ui/io.ts';
import { runPlainRepl } from '../src/ui/repl.ts';

export interface MemoryIo extends Io {
  output(): string;
  errors(): string;
}

export function memoryIo(input: string, options: { interactive?: boolean; env?: Record<string, string> } = {}): MemoryIo {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let errText = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { errText += d.toString(); });
  return {
    stdin: Readable.from([input]),
    stdout,
    stderr,
    interactive: options.interactive ?? false,
    color: false,
    columns: () => 80,
    env: options.env ?? {},
    output: () => out,
    errors: () => errText,
  };
}

/** A fresh temporary workspace folder; removed by the returned cleanup. */
export function tempWorkspace(): { root: string; fs: DiskFileSystem; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'kubetutor-test-'));
  return { root, fs: new DiskFileSystem(root), cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

/** Run a scripted sandbox session and return what the terminal would have shown. */
export async function transcript(script: string, fs: FileSystem = new MemoryFileSystem()): Promise<{ text: string; exitCode: number }> {
  const io = memoryIo(script);
  const session = new ShellSession(new World({ fs }), {}, CLUSTER_COMMANDS);
  const { exitCode } = await runPlainRepl(session, io);
  return { text: io.output(), exitCode };
}

/** Run lines through a session and return each command's result (for focused assertions). */
/** The YAML files under a folder, recursively, sorted. */
export function manifests(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return manifests(p);
    return /\.ya?ml$/.test(e.name) ? [p] : [];
  }).sort();
}

export function session(fs: FileSystem = new MemoryFileSystem()): ShellSession {
  return new ShellSession(new World({ fs }), {}, CLUSTER_COMMANDS);
}

/** Run one line (heredocs allowed) and return the plain text of all its lines. */
export function run(s: ShellSession, text: string): { text: string; code: number } {
  let last: { text: string; code: number } = { text: '', code: 0 };
  for (const line of text.split('\n')) {
    const o = s.feed(line);
    if (o.kind === 'result') last = { text: o.result.lines.map((l) => (l.stream === 'hint' ? `hint: ${l.text}` : l.text)).join('\n'), code: o.result.exitCode };
  }
  return last;
}

const bin = join(import.meta.dirname, '..', 'bin', 'kubetutor.js');

/**
 * Run the built program in a real pseudo-terminal (python3's pty module), 100 columns wide, with
 * colour allowed: type each of `keys` after a pause, and return what it drew and its exit status.
 */
export function inPty(args: string[], keys: string[], env: Record<string, string> = {}): { screen: string; status: number } {
  const driver = `
import os, pty, sys, time, json, select
keys = json.loads(sys.argv[1])
extra = json.loads(sys.argv[2])
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = '100'
    os.environ.update(extra)
    os.environ.pop('NO_COLOR', None)
    os.execv(sys.argv[3], [sys.argv[3]] + sys.argv[4:])
out = b''
def drain(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        try:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                out += os.read(fd, 65536)
        except OSError:
            return
drain(1.5)
for k in keys:
    os.write(fd, k.encode())
    drain(2.0)
_, status = os.waitpid(pid, 0)
drain(0.2)
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.stderr.write(str(os.waitstatus_to_exitcode(status)))
`;
  const r = spawnSync('python3', ['-c', driver, JSON.stringify(keys), JSON.stringify(env), process.execPath, bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { screen: r.stdout, status: Number(r.stderr.trim().split('\n').at(-1)) };
}
