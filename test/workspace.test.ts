/**
 * The workspace is a real folder on the learner's disk: nothing may read or write outside it
 * through a link, special files must never be opened, and nothing may silently drop out of a
 * build context.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { MAX_FILES } from '../src/shell/disk-fs.ts';
import { ShellSession } from '../src/shell/session.ts';
import { World } from '../src/sim/world.ts';
import { runPlainRepl } from '../src/ui/repl.ts';
import { memoryIo, run, session, tempWorkspace } from './helpers.ts';

function withWorkspace(fn: (ws: ReturnType<typeof tempWorkspace>, outside: string) => void): void {
  const ws = tempWorkspace();
  const outside = mkdtempSync(join(tmpdir(), 'kubetutor-outside-'));
  try {
    fn(ws, outside);
  } finally {
    ws.cleanup();
    rmSync(outside, { recursive: true, force: true });
  }
}

test('a link out of the workspace cannot be written, read or emptied through', () => {
  withWorkspace((ws, outside) => {
    writeFileSync(join(outside, 'secret'), 'keep me\n');
    symlinkSync(outside, join(ws.root, 'escape'));
    symlinkSync(join(outside, 'secret'), join(ws.root, 'secret-link'));
    symlinkSync(join(outside, 'not-yet'), join(ws.root, 'dangling'));
    const s = session(ws.fs);
    const w = run(s, 'echo pwn > escape/x');
    assert.equal(w.code, 1);
    assert.match(w.text, /^bash: escape\/x: Permission denied\nhint: /);
    assert.equal(existsSync(join(outside, 'x')), false);
    assert.equal(run(s, 'echo pwn > dangling').code, 1);
    assert.equal(existsSync(join(outside, 'not-yet')), false);
    assert.match(run(s, 'cat secret-link').text, /^bash: secret-link: Permission denied/);
    assert.match(run(s, 'cat escape/secret').text, /Permission denied/);
    assert.match(run(s, 'rm -rf escape/secret').text, /Permission denied/);
    assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'keep me\n');
    // Removing the link itself is fine, and leaves its target alone.
    assert.equal(run(s, 'rm escape').code, 0);
    assert.equal(existsSync(join(ws.root, 'escape')), false);
    assert.equal(readFileSync(join(outside, 'secret'), 'utf8'), 'keep me\n');
  });
});

test('a build follows links inside the workspace, skips links out of it and link cycles', () => {
  withWorkspace((ws, outside) => {
    writeFileSync(join(outside, 'leak.txt'), 'outside\n');
    mkdirSync(join(ws.root, 'realdir'));
    writeFileSync(join(ws.root, 'realdir', 'a.txt'), 'a\n');
    symlinkSync('realdir', join(ws.root, 'dirlink'));
    symlinkSync('..', join(ws.root, 'realdir', 'up'));
    symlinkSync(outside, join(ws.root, 'outlink'));
    symlinkSync(join(outside, 'leak.txt'), join(ws.root, 'leak.txt'));
    const s = session(ws.fs);
    run(s, "printf 'FROM alpine:3.21\\nCOPY . /c\\nRUN ls /c /c/dirlink\\n' > Dockerfile");
    const r = run(s, 'docker build --progress=plain -t s .');
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /#\d+ \d\.\d+ dirlink\n/);
    assert.doesNotMatch(r.text, /leak|outlink/);
    assert.equal(run(s, 'docker run --rm s cat /c/dirlink/a.txt').text, 'a');
    assert.match(run(s, 'docker run --rm s cat /c/leak.txt').text, /No such file or directory/);
  });
});

test('FIFOs are never opened: left out of a build, one-line error when read', { skip: process.platform === 'win32' }, () => {
  withWorkspace((ws) => {
    const made = spawnSync('mkfifo', [join(ws.root, 'pipe')]);
    if (made.status !== 0) return;
    const s = session(ws.fs);
    run(s, "printf 'FROM alpine:3.21\\nCOPY . /c\\n' > Dockerfile");
    const r = run(s, 'docker build -q -t f .');
    assert.equal(r.code, 0, r.text);
    const c = run(s, 'cat pipe');
    assert.equal(c.code, 1);
    assert.match(c.text, /^bash: pipe: Operation not supported\nhint: pipe is a named pipe/);
  });
});

test('a file over 1 MB travels as a stand-in that keeps its size', () => {
  withWorkspace((ws) => {
    writeFileSync(join(ws.root, 'big.bin'), Buffer.alloc(2_000_000));
    const s = session(ws.fs);
    run(s, "printf 'FROM alpine:3.21\\nCOPY big.bin /data/\\n' > Dockerfile");
    const r = run(s, 'docker build --progress=plain -t big .');
    assert.equal(r.code, 0, r.text);
    assert.match(r.text, /transferring context: 2\.00MB/);
    assert.match(run(s, 'docker images big').text, /big\s+latest\s+\w+\s+.*\s9\.83MB/);
    assert.match(run(s, 'ls -l').text, /2000000 Nov 21 09:00 big\.bin/);
    assert.match(run(s, 'cat big.bin').text, /^hint: big\.bin is 2000000 bytes/);
  });
});

test('a context over the file limit is cut with a hint; ignored folders never count', () => {
  withWorkspace((ws) => {
    mkdirSync(join(ws.root, 'node_modules', 'pkg'), { recursive: true });
    for (let i = 0; i < MAX_FILES + 10; i++) writeFileSync(join(ws.root, 'node_modules', 'pkg', `f${i}.js`), '');
    writeFileSync(join(ws.root, 'server.js'), 'console.log("hi")\n');
    const s = session(ws.fs);
    run(s, "printf 'FROM node:20-alpine\\nCOPY server.js .\\n' > Dockerfile");
    const cut = run(s, 'docker build -q -t big .');
    assert.match(cut.text, /hint: The build context \(the workspace\) holds more than 5000 files/);
    assert.match(cut.text, /"\/server\.js": not found/);
    run(s, 'echo node_modules > .dockerignore');
    const ok = run(s, 'docker build -q -t big .');
    assert.equal(ok.code, 0, ok.text);
    assert.doesNotMatch(ok.text, /hint/);
  });
});

test('an internal error leaves $? at 70', async () => {
  const io = memoryIo('boom\necho $?\n');
  const ws = tempWorkspace();
  const world = new World({ fs: ws.fs });
  const s = new ShellSession(world, {}, { boom: () => { throw new Error('kaboom'); } });
  try {
    await runPlainRepl(s, io);
  } finally {
    ws.cleanup();
  }
  assert.match(io.output(), /kubetutor: internal error while running this command: kaboom/);
  assert.match(io.output(), /\$ echo \$\?\n70\n/);
});
