import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expandJoined, parseCommandLine, type SimpleCommand } from '../src/shell/tokenize.ts';
import { parseFlags } from '../src/shell/flags.ts';
import { DOCKER_TABLE, KUBECTL_TABLE, dockerTable, table } from '../src/shell/format/table.ts';
import { TabWriter } from '../src/shell/format/tabwriter.ts';
import { run, session } from './helpers.ts';

test('the tokenizer splits lists, pipes, redirections and quotes like a shell', () => {
  const list = parseCommandLine(`echo "a b" 'c $X' $X && cat < in.txt | docker login -u me --password-stdin; ls > out.txt 2>&1`);
  assert.deepEqual(list.items.map((i) => i.op), [';', '&&', ';']);
  const simple = (item: number, command = 0): SimpleCommand => list.items[item]?.pipeline.commands[command] as SimpleCommand;
  assert.deepEqual(simple(0).argv.map((w) => expandJoined(w, { env: new Map([['X', 'x']]), substitute: () => '' })), ['echo', 'a b', 'c $X', 'x']);
  assert.equal(list.items[1]?.pipeline.commands.length, 2);
  assert.deepEqual(simple(1).input, { kind: 'file', path: 'in.txt' });
  assert.deepEqual(simple(2).redirects, [{ kind: 'file', fd: 1, path: 'out.txt', append: false }, { kind: 'dup', fd: 2, to: 1 }]);
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

test('tables pad like Go\'s tabwriter: kubectl\'s minimum width 6, docker\'s 10, empty cells pad too', () => {
  assert.deepEqual(table([['NAME', 'READY'], ['web-1', '1/1']]), ['NAME    READY', 'web-1   1/1']);
  // kubectl: minwidth 6, so a one-character column is 6 wide (`get pods --no-headers`: RESTARTS 0).
  assert.deepEqual(table([['a', '0', '5s']]), ['a     0     5s']);
  // docker: minwidth 10; a row ending in empty cells keeps their padding, as tabwriter writes it.
  assert.deepEqual(dockerTable([['A', 'B', 'C'], ['x', '', '']]), ['A         B         C', `x${' '.repeat(19)}`]);
  // docker measures cells in terminal columns (go-runewidth), kubectl in runes.
  assert.deepEqual(dockerTable([['名前', 'X'], ['ab', 'Y']]), ['名前      X', 'ab        Y']);
  assert.deepEqual(table([['名前', 'X'], ['ab', 'Y']]), ['名前    X', 'ab    Y']);
});

test('kubectl\'s tabwriter remembers column widths across flushes (a watch\'s columns only grow)', () => {
  const w = new TabWriter(KUBECTL_TABLE);
  assert.equal(w.write('NAME\tSTATUS\nweb-1\tRunning'), 'NAME    STATUS\nweb-1   Running');
  assert.equal(w.write('a-much-longer-name\tPending'), 'a-much-longer-name   Pending');
  assert.equal(w.write('web-1\tRunning'), 'web-1                Running');
  assert.equal(new TabWriter(DOCKER_TABLE).write('web-1\tRunning'), 'web-1     Running');
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

test('a trailing backslash continues the line with a `> ` prompt; bash joins the parts', () => {
  const s = session();
  assert.deepEqual(s.feed('echo one \\'), { kind: 'more', prompt: '> ' });
  assert.equal(s.collecting, true);
  const r = s.feed('  two');
  assert.equal(r.kind === 'result' && r.result.lines.map((l) => l.text).join('\n'), 'one two');
  assert.equal(run(s, 'echo a\\\nb').text, 'ab');
  assert.equal(run(s, "echo 'a\\'").text, 'a\\');
  assert.equal(run(s, 'echo x |\ncat').text, 'x');
  assert.match(run(s, 'docker build \\\n  -t cont .').text, /open Dockerfile: no such file or directory/);
});

test('stderr redirections: 2>, 2>>, 2>&1, &>, and /dev/null', () => {
  const s = session();
  assert.equal(run(s, 'cat nope 2> err.txt').text, '');
  assert.equal(run(s, 'cat err.txt').text, 'cat: nope: No such file or directory');
  run(s, 'cat nope2 2>> err.txt');
  assert.equal(run(s, 'cat err.txt').text.split('\n').length, 2);
  run(s, 'echo hi > both.txt 2>&1; cat nope >> both.txt 2>&1');
  assert.equal(run(s, 'cat both.txt').text, 'hi\ncat: nope: No such file or directory');
  // Order matters: stderr was copied from the terminal before stdout moved to the file.
  const order = run(s, 'cat nope 2>&1 > only-out.txt');
  assert.equal(order.text, 'cat: nope: No such file or directory');
  assert.equal(run(s, 'cat only-out.txt').text, '');
  run(s, 'cat nope &> all.txt');
  assert.equal(run(s, 'cat all.txt').text, 'cat: nope: No such file or directory');
  assert.equal(run(s, 'cat nope 2>/dev/null').text, '');
  assert.equal(run(s, 'echo gone > /dev/null').text, '');
  assert.equal(s.world.fs.kind('dev'), undefined, '/dev/null is not a file in the workspace');
  assert.equal(run(s, 'cat nope 2>&1 | cat').text, 'cat: nope: No such file or directory');
  assert.equal(run(s, 'ls nope 2>1').text, '', '`2>1` writes stderr to a file named 1');
});

test('NAME=value sets a shell variable; ${X:-default} and friends expand', () => {
  const s = session();
  assert.equal(run(s, 'TAG=1.0').code, 0);
  assert.equal(run(s, 'echo app:$TAG').text, 'app:1.0');
  assert.equal(run(s, 'env').text.includes('TAG='), false, 'not exported');
  run(s, 'export TAG');
  assert.match(run(s, 'env').text, /TAG=1\.0/);
  assert.equal(run(s, 'echo ${UNSET:-fallback} ${TAG:-x} ${TAG:+set} ${#TAG} ${EMPTY:=filled} $EMPTY').text, 'fallback 1.0 set 3 filled filled');
  assert.equal(run(s, 'A=1 B=2; echo $A$B').text, '12');
  assert.equal(run(s, 'echo "NAME=value"').text, 'NAME=value');
  assert.match(run(s, 'echo ${A!}').text, /bad substitution/);
});

test('unquoted heredocs expand $VARS and backslash escapes; quoted ones keep the text', () => {
  const s = session();
  run(s, 'X=world');
  run(s, 'cat > a.txt <<EOF\nhello $X ${X:-} \\$HOME \\\\ $HOME\nEOF');
  assert.equal(run(s, 'cat a.txt').text, 'hello world world $HOME \\ /home/learner');
  run(s, "cat > b.txt <<'EOF'\nhello $X \\$HOME\nEOF");
  assert.equal(run(s, 'cat b.txt').text, 'hello $X \\$HOME');
});

test('exit statuses are bytes: exit 300 is 44, inside a container too', () => {
  const s = session();
  assert.equal(run(s, 'docker run --rm alpine:3.21 sh -c "exit 300"; echo $?').text.split('\n').pop(), '44');
  const r = s.feed('exit 300');
  assert.equal(r.kind === 'result' && r.result.exitCode, 44);
});

test('the filters pipes usually end in: grep, head, tail, wc', () => {
  const s = session();
  run(s, "printf 'alpha\\nbeta\\ngamma\\n' > words.txt");
  assert.equal(run(s, 'cat words.txt | grep -v beta').text, 'alpha\ngamma');
  assert.equal(run(s, 'grep -c a words.txt').text, '3');
  assert.equal(run(s, 'grep -q zeta words.txt; echo $?').text, '1');
  assert.equal(run(s, 'head -1 words.txt').text, 'alpha');
  assert.equal(run(s, 'cat words.txt | tail -n 2').text, 'beta\ngamma');
  assert.equal(run(s, 'cat words.txt | wc -l').text, '3');
});

test('docker image|container: each group has its own verbs — a real one kubetutor lacks says so, another group\'s is unknown', () => {
  const s = session();
  assert.deepEqual(run(s, 'docker container cp a:/x .'), { text: 'hint: `docker container cp` is a real Docker command; kubetutor does not simulate it.', code: 1 });
  assert.deepEqual(run(s, 'docker image cp a:/x .'), { text: "docker: unknown command: docker image cp\n\nUsage:  docker image COMMAND\n\nRun 'docker image --help' for more information", code: 1 });
  assert.equal(run(s, 'docker image save nginx').code, 1);
  assert.match(run(s, 'docker image ls').text, /^REPOSITORY +TAG +IMAGE ID +CREATED +SIZE$/);
  assert.match(run(s, 'docker container ls -a').text, /^CONTAINER ID +IMAGE/);
});

test('tar is not on the laptop: bash\'s line, and a hint on what to do instead (the quick reference streams archives into pods)', () => {
  const s = session();
  const r = run(s, 'tar cf - /tmp/foo');
  assert.equal(r.code, 127);
  assert.match(r.text, /^bash: tar: command not found\nhint: tar is not installed on this laptop/);
});
