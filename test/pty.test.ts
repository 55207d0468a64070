/**
 * End-to-end runs in a real pseudo-terminal: the terminal-only behaviour (colour, live layer
 * progress, Ctrl-C) that piped tests cannot see. python3's pty module provides the terminal.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const bin = join(import.meta.dirname, '..', 'bin', 'kubetutor.js');

/** Type `keys` (each after a pause) into the program in a pty; return what it drew and its exit status. */
function inPty(args: string[], keys: string[]): { screen: string; status: number } {
  const driver = `
import os, pty, sys, time, json
keys = json.loads(sys.argv[1])
pid, fd = pty.fork()
if pid == 0:
    os.environ['COLUMNS'] = '100'
    os.environ.pop('NO_COLOR', None)
    os.execv(sys.argv[2], [sys.argv[2]] + sys.argv[3:])
out = b''
def drain(seconds):
    global out
    end = time.time() + seconds
    while time.time() < end:
        try:
            import select
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
  const r = spawnSync('python3', ['-c', driver, JSON.stringify(keys), process.execPath, bin, ...args], { encoding: 'utf8', timeout: 60_000 });
  return { screen: r.stdout, status: Number(r.stderr.trim().split('\n').at(-1)) };
}

test('on a terminal: a coloured prompt, live layer progress, then the final layer states', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], ['docker pull nginx:1.27\r', 'exit\r']);
    assert.equal(status, 0, screen);
    assert.match(screen, /\x1b\[[0-9;]*m/, 'colour codes on a terminal');
    assert.match(screen, /: Downloading \[=*>? *\]/, 'a live progress bar was drawn');
    assert.match(screen, /: Pull complete/);
    assert.match(screen, /Status: Downloaded newer image for nginx:1\.27/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal: Ctrl-C cancels a half-typed line; on an empty prompt it leaves with 130', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], ['docker ima', '\x03', '\x03']);
    assert.equal(status, 130, screen);
    assert.match(screen, /docker ima\^C/);
    assert.match(screen, /sandbox closed \(Ctrl-C\); your files stay in /);
    assert.doesNotMatch(screen, /at .*\.js:\d+/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
