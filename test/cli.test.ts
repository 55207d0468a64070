/** The built program, spawned as a user would run it. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

const bin = join(import.meta.dirname, '..', 'bin', 'kubetutor.js');
const runCli = (args: string[], input = '', env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [bin, ...args], { input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', ...env } });

test('--help and --version exit 0', () => {
  const help = runCli(['--help']);
  assert.equal(help.status, 0);
  assert.match(help.stdout, /sandbox/);
  assert.equal(runCli(['--version']).stdout.trim(), '0.1.0');
});

test('an unknown command is a usage error: one line, exit 2, no stack trace', () => {
  const r = runCli(['frobnicate']);
  assert.equal(r.status, 2);
  assert.equal(r.stderr, "kubetutor: unknown command 'frobnicate'\n");
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/);
  const typo = runCli(['lern']);
  assert.deepEqual([typo.status, typo.stdout, typo.stderr], [2, '', "kubetutor: unknown command 'lern'\n(Did you mean learn?)\n"]);
});

test('sandbox with piped input: a transcript on stdout, exit 0, files kept in --workspace', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-cli-'));
  try {
    const r = runCli(['sandbox', '--workspace', ws], "cat > Dockerfile <<'EOF'\nFROM busybox:1.37\nCMD [\"echo\", \"hi\"]\nEOF\ndocker build -q -t hi .\ndocker run --rm hi\nnosuch\n");
    assert.equal(r.status, 0);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /learner@laptop:~\/workspace\$ docker run --rm hi\nhi\n/);
    assert.match(r.stdout, /bash: nosuch: command not found/);
    assert.equal(readFileSync(join(ws, 'Dockerfile'), 'utf8'), 'FROM busybox:1.37\nCMD ["echo", "hi"]\n');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('a kept sandbox (--name, or any at a terminal) comes back exactly as it was left; --new starts it over', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const env = { KUBETUTOR_HOME: home };
    const first = runCli(['sandbox', '--name', 'lab'], "docker pull nginx:1.27\nkubectl create deployment web --image=nginx:1.27\ncat > note.txt <<'EOF'\nkept\nEOF\ncat > gone.txt <<'EOF'\n", env);
    assert.equal(first.status, 0, first.stderr);
    const again = runCli(['sandbox', '--name', 'lab'], 'docker images nginx\nkubectl get deploy web -o name\ncat note.txt\nls\n', env);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, /nginx {8}1\.27 /);
    assert.match(again.stdout, /\$ kubectl get deploy web -o name\ndeployment\.apps\/web\n/);
    assert.match(again.stdout, /\$ cat note\.txt\nkept\n\S+\$ ls\ngone\.txt  note\.txt\n/, 'the heredoc left open at the end ran, as bash runs it');
    assert.equal(readFileSync(join(home, 'sandboxes', 'lab', 'note.txt'), 'utf8'), 'kept\n');
    const fresh = runCli(['sandbox', '--name', 'lab', '--new'], 'docker images -q | wc -l\nls\n', env);
    assert.match(fresh.stdout, /\$ docker images -q \| wc -l\n0\n\S+\$ ls\n$/, 'an empty image store, an empty workspace');
    const other = runCli(['sandbox', '--name', 'other'], 'kubectl get deploy\n', env);
    assert.match(other.stdout, /No resources found in default namespace\./);
    assert.equal(runCli(['sandbox', '--name', '../x'], '', env).status, 2);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('kubetutor world draws a kept sandbox\'s world (or a lesson\'s) without opening it', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const env = { KUBETUTOR_HOME: home };
    assert.deepEqual([runCli(['world'], '', env).status, runCli(['world'], '', env).stderr], [1, 'kubetutor: no kept sandbox "default" yet — `kubetutor sandbox` makes one\n']);
    runCli(['sandbox', '--name', 'default'], 'kubectl run web --image=nginx:1.27\n', env);
    const r = runCli(['world'], '', env);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^laptop ──push──▶ registry/);
    assert.match(r.stdout, /\n {4}web +ContainerCreating +worker-\d +nginx:1\.27\n/);
    runCli(['learn', 'build-and-push'], 'docker build -t learner/site:1.0 site\n', env);
    assert.match(runCli(['world', '--lesson', 'build-and-push'], '', env).stdout, /\n {4}learner\/site:1\.0 +[0-9a-f]{12}\n/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a piped sandbox without --name is fresh each time, and its temporary workspace is removed when it ends', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const r = runCli(['sandbox'], 'pwd -P\ndocker pull nginx:1.27 >/dev/null\n', { KUBETUTOR_HOME: home });
    assert.equal(r.status, 0, r.stderr);
    const again = runCli(['sandbox'], 'docker images -q | wc -l\n', { KUBETUTOR_HOME: home });
    assert.match(again.stdout, /\n0\n/);
    assert.equal(existsSync(join(home, 'progress.json')), false);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('a workspace that is a file is refused with one line and exit 2', () => {
  const r = runCli(['sandbox', '--workspace', bin]);
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1);
});

test('a bad --seed is a usage error', () => {
  assert.equal(runCli(['sandbox', '--seed', 'abc']).status, 2);
});

test('sandbox: a link out of --workspace is refused, a FIFO does not hang a build, and $? is kept', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-cli-'));
  const outside = mkdtempSync(join(tmpdir(), 'kubetutor-outside-'));
  try {
    symlinkSync(outside, join(ws, 'etclink'));
    const fifo = spawnSync('mkfifo', [join(ws, 'pipe')]).status === 0;
    const r = runCli(['sandbox', '--workspace', ws], "echo pwn > etclink/x\necho $?\nprintf 'FROM alpine:3.21\\nCOPY . /c\\n' > Dockerfile\ndocker build -q -t s .\necho $?\n");
    assert.equal(r.status, 0);
    assert.match(r.stdout, /bash: etclink\/x: Permission denied\n/);
    assert.match(r.stdout, /\$ echo \$\?\n1\n/);
    assert.equal(existsSync(join(outside, 'x')), false);
    if (fifo) assert.match(r.stdout, /\$ docker build -q -t s \.\nsha256:[0-9a-f]{64}\n.*\$ echo \$\?\n0\n/s);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(outside, { recursive: true, force: true });
  }
});
