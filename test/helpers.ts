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
 * One key (or pasted text) typed in a pty, once `expect` (a regular expression) matches what the
 * program has drawn since the previous key, colour codes left out: `[/learner@laptop:.*\$ $/, 'ls\r']`.
 */
export type PtyStep = readonly [expect: RegExp, send: string];

/** How long a pty test waits for the text it expects before it gives up (a busy machine is slow, never this slow). */
const PTY_DEADLINE_S = 60;

/**
 * Run the built program in a real pseudo-terminal (python3's pty module), 100 columns wide (env COLUMNS sets another width), with
 * colour allowed: type each step's keys once its expected text has appeared (never after a fixed
 * pause), then wait for the program to exit. The screen says which text never came, if one did not.
 */
export function inPty(args: string[], steps: readonly PtyStep[], env: Record<string, string> = {}): { screen: string; status: number } {
  const driver = `
import os, pty, sys, time, json, select, re, fcntl, termios, struct
steps = json.loads(sys.argv[1])
extra = json.loads(sys.argv[2])
deadline_s = float(sys.argv[3])
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = '100'
    os.environ.update(extra)
    fcntl.ioctl(0, termios.TIOCSWINSZ, struct.pack('HHHH', 40, int(os.environ['COLUMNS']), 0, 0))
    os.environ.pop('NO_COLOR', None)
    os.execv(sys.argv[4], [sys.argv[4]] + sys.argv[5:])
out = b''
ansi = re.compile(r'\\x1b\\[[0-9;?]*[A-Za-z]')
def read(timeout):
    global out
    try:
        r, _, _ = select.select([fd], [], [], timeout)
        if r:
            out += os.read(fd, 65536)
            return True
    except OSError:
        pass
    return False
def fail(why):
    sys.stdout.write(out.decode('utf-8', 'replace') + '\\n[pty: ' + why + ']\\n')
    sys.stderr.write('-1')
    sys.exit(0)
for pattern, keys in steps:
    mark = len(out)
    end = time.time() + deadline_s
    rx = re.compile(pattern)
    while not rx.search(ansi.sub('', out[mark:].decode('utf-8', 'replace'))):
        if time.time() > end:
            fail('timed out waiting for /' + pattern + '/ before typing ' + json.dumps(keys))
        read(0.05)
    os.write(fd, keys.encode())
end = time.time() + deadline_s
while True:
    done, status = os.waitpid(pid, os.WNOHANG)
    if done:
        break
    if time.time() > end:
        fail('the program did not exit')
    read(0.05)
while read(0.05):
    pass
sys.stdout.write(out.decode('utf-8', 'replace'))
sys.stderr.write(str(os.waitstatus_to_exitcode(status)))
`;
  const wire = steps.map(([expect, send]) => [expect.source, send]);
  // Never the user's own data folder (progress, history): a fresh one unless the test gives one.
  const home = env.KUBETUTOR_HOME === undefined ? mkdtempSync(join(tmpdir(), 'kubetutor-pty-home-')) : undefined;
  try {
    const r = spawnSync('python3', ['-c', driver, JSON.stringify(wire), JSON.stringify({ ...env, ...(home ? { KUBETUTOR_HOME: home } : {}) }), String(PTY_DEADLINE_S), process.execPath, bin, ...args], { encoding: 'utf8', timeout: (steps.length + 2) * PTY_DEADLINE_S * 1000 });
    if (r.error || r.stderr.includes('Traceback')) return { screen: `${r.stdout}\n[pty driver: ${r.error?.message ?? r.stderr}]`, status: -1 };
    return { screen: r.stdout, status: Number(r.stderr.trim().split('\n').at(-1)) };
  } finally {
    if (home) rmSync(home, { recursive: true, force: true });
  }
}

/**
 * What a terminal `columns` wide shows after `raw` (a pty's output): text written at the cursor,
 * with the controls readline, inquirer and kubetutor use — carriage return, newline, cursor moves
 * (CSI A/B/C/D/G/H), erasing (CSI J/K) and clearing the screen — applied, colours dropped. Lines
 * that scrolled off are kept, so the result is the whole session as the learner saw it.
 */
export function screenOf(raw: string, columns: number): string {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  const line = (r: number): string[] => { while (lines.length <= r) lines.push([]); return lines[r] as string[]; };
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i] as string;
    if (ch === '\x1b' && raw[i + 1] === '[') {
      const m = /^\x1b\[([0-9;?]*)([A-Za-z~])/.exec(raw.slice(i));
      if (!m) continue;
      i += m[0].length - 1;
      const n = Number((m[1] ?? '').split(';')[0] || '0');
      switch (m[2]) {
        case 'A': row = Math.max(0, row - (n || 1)); break;
        case 'B': row += n || 1; break;
        case 'C': col += n || 1; break;
        case 'D': col = Math.max(0, col - (n || 1)); break;
        case 'G': col = Math.max(0, (n || 1) - 1); break;
        case 'K': { const l = line(row); if (n === 2) l.length = 0; else if (n === 0) l.length = Math.min(l.length, col); break; }
        case 'J': if (n === 0) { line(row).length = Math.min(line(row).length, col); lines.length = row + 1; } else { lines.length = 0; lines.push([]); row = 0; col = 0; } break;
        case 'H': row = Math.max(0, lines.length - 1); col = 0; break;
        default: break; // colours, modes
      }
      continue;
    }
    if (ch === '\x1b') { i++; continue; }
    if (ch === '\r') { col = 0; continue; }
    if (ch === '\n') { row++; col = 0; line(row); continue; }
    if (ch === '\x07') continue;
    if (col >= columns) { row++; col = 0; }
    const l = line(row);
    while (l.length < col) l.push(' ');
    l[col] = ch;
    col++;
  }
  return `${lines.map((l) => l.join('').trimEnd()).join('\n').replace(/\n+$/, '')}\n`;
}
