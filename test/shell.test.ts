import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandWord, parseCommandLine } from '../src/shell/tokenize.ts';
import { parseFlags } from '../src/shell/flags.ts';
import { table } from '../src/shell/format/table.ts';
import { run, session } from './helpers.ts';

test('the tokenizer splits lists, pipes, redirections and quotes like a shell', () => {
  const list = parseCommandLine(`echo "a b" 'c $X' $X && cat < in.txt | docker login -u me --password-stdin; ls > out.txt 2>&1`);
  assert.deepEqual(list.items.map((i) => i.op), [';', '&&', ';']);
  assert.deepEqual(list.items[0]?.pipeline.commands[0]?.argv.map((w) => expandWord(w, new Map([['X', 'x']]))), ['echo', 'a b', 'c $X', 'x']);
  assert.equal(list.items[1]?.pipeline.commands.length, 2);
  assert.equal(list.items[1]?.pipeline.commands[0]?.redirectIn, 'in.txt');
  assert.deepEqual(list.items[2]?.pipeline.commands[0]?.redirectOut, { path: 'out.txt', append: false });
  assert.throws(() => parseCommandLine('echo "open'));
  assert.throws(() => parseCommandLine('&& ls'));
});

test('flags are read as pflag does', () => {
  const p = parseFlags(['-it', '--name=web', '-p', '80:80', '-p8080:80', 'nginx', '-v'], [
    { name: 'interactive', short: 'i' }, { name: 'tty', short: 't' }, { name: 'name', value: true }, { name: 'publish', short: 'p', value: true, repeat: true },
  ], true);
  assert.deepEqual(p.values.get('publish'), ['80:80', '8080:80']);
  assert.deepEqual(p.positional, ['nginx', '-v']);
  assert.throws(() => parseFlags(['--nope'], []), { message: 'unknown flag: --nope' });
});

test('tables pad like Go\'s tabwriter with no trailing spaces', () => {
  assert.deepEqual(table([['NAME', 'READY'], ['web-1', '1/1']], { padding: 3 }), ['NAME    READY', 'web-1   1/1']);
  assert.deepEqual(table([['A', 'B', 'C'], ['x', '', '']], { minWidth: 10, padding: 3 }), ['A         B         C', 'x']);
});

test('a failed command sets $? and stops an && chain; || runs the fallback', () => {
  const s = session();
  assert.equal(run(s, 'false && echo no || echo fallback').text, 'fallback');
  assert.equal(run(s, 'cat missing; echo $?').text, 'cat: missing: No such file or directory\n1');
});

test('heredocs write files; <<- strips tabs; unquoted delimiters work too', () => {
  const s = session();
  run(s, 'cat > a.txt <<EOF\nline one\n  indented\nEOF');
  assert.equal(run(s, 'cat a.txt').text, 'line one\n  indented');
  run(s, 'cat <<-END > b.txt\n\ttabbed\n\tEND');
  assert.equal(run(s, 'cat b.txt').text, 'tabbed');
});

test('sleep advances simulated time instantly, and ages show it', () => {
  const s = session();
  run(s, 'docker pull busybox:1.37');
  const t0 = s.world.clock.now();
  run(s, 'sleep 2h');
  assert.ok(s.world.clock.now() - t0 >= 7_200_000);
  assert.match(run(s, 'docker images').text, /busybox\s+1\.37\s+\w+\s+8 weeks ago/);
});

test('the build cache: an unchanged rebuild is CACHED and keeps the IMAGE ID; a changed file is not', () => {
  const s = session();
  run(s, "cat > Dockerfile <<'EOF'\nFROM alpine:3.21\nCOPY a.txt .\nEOF");
  run(s, 'echo one > a.txt');
  const first = run(s, 'docker build -q -t t:1 .').text;
  const again = run(s, 'docker build -t t:1 .').text;
  assert.match(again, /#6 \[2\/2\] COPY a\.txt \.\n#6 CACHED/);
  assert.equal(run(s, 'docker build -q -t t:1 .').text, first);
  run(s, 'echo two > a.txt');
  assert.notEqual(run(s, 'docker build -q -t t:1 .').text, first);
});
