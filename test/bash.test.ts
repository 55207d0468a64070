/**
 * The sandbox's shell against bash 5: word expansion ($(…), backticks, ${…}, $((…)), ~), bash's
 * one-line errors for lines it refuses, jobs, the files around the workspace, base64, and a
 * seeded fuzz that no typed line makes the session fail.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readLaptopFile } from '../src/shell/paths.ts';
import { run, session } from './helpers.ts';

test('$(…) and backticks run: nested, in double quotes, trailing newlines removed, unquoted results split into words', () => {
  const s = session();
  assert.equal(run(s, 'echo $(echo hello   world) "$(echo a; echo b)" `echo bq`').text, 'hello world a\nb bq');
  assert.equal(run(s, 'echo $(echo $(echo nested)) `echo \\`echo inner\\``').text, 'nested inner');
  assert.equal(run(s, 'echo "a$(printf "x\\n\\n\\n")b"').text, 'axb');
  assert.equal(run(s, 'a="1 2"; printf "[%s]" $a "$a" "" $nothing; echo').text, '[1][2][1 2][]\n');
  // The command's own stderr reaches the terminal first; its stdout becomes the word.
  assert.equal(run(s, 'echo $(cat nope.txt; echo out)').text, 'cat: nope.txt: No such file or directory\nout');
});

test('$(…) runs in a subshell, and an assignment takes the status of its last substitution', () => {
  const s = session();
  assert.equal(run(s, 'x=$(false); echo $?').text, '1');
  assert.equal(run(s, 'echo $(false); echo $?').text, '\n0');
  run(s, 'x=outer');
  assert.equal(run(s, 'echo $(x=inner; cd /tmp; pwd; echo $x) $x; pwd').text, '/tmp inner outer\n/home/learner/workspace');
});

test('export POD_NAME="$(kubectl get …)" as the Kubernetes Basics tutorial does', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  run(s, 'sleep 20');
  run(s, `export POD_NAME="$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')"`);
  assert.match(run(s, 'echo Name of the Pod: $POD_NAME').text, /^Name of the Pod: web-[a-z0-9]+-[a-z0-9]{5}$/);
  assert.match(run(s, 'env | grep POD_NAME').text, /^POD_NAME=web-/);
});

test('~, $HOME and bash\'s ${…} forms', () => {
  const s = session();
  assert.equal(run(s, 'echo ~ ~/x ~root/y a~b "~" x=~/c').text, '/home/learner /home/learner/x /root/y a~b ~ x=/home/learner/c');
  assert.equal(run(s, 'v=~/c; echo $v $HOME').text, '/home/learner/c /home/learner');
  assert.equal(run(s, 'v=abc.tar.gz; echo ${v%.*} ${v%%.*} ${v#*.} ${v##*.} ${v/a/X} ${v//a/X} ${v:1:3} ${v: -2} ${v^^} ${#v}').text, 'abc.tar abc tar.gz gz Xbc.tar.gz Xbc.tXr.gz bc. gz ABC.TAR.GZ 10');
  assert.equal(run(s, 'echo ${UNSET:-a b} ${UNSET-x} ${v:+set} ${UNSET:+no}.').text, 'a b x set .');
  assert.equal(run(s, 'echo ${NEW:=made}; echo $NEW').text, 'made\nmade');
  assert.equal(run(s, 'ref=v; echo ${!ref}').text, 'abc.tar.gz');
  assert.equal(run(s, "echo $'tab\\there' ${#} $0").text, 'tab\there 0 bash');
});

test('$((…)): 64-bit integers with bash\'s operators, and bash\'s arithmetic errors', () => {
  const s = session();
  assert.equal(run(s, 'echo $((1+2*3)) $(( (1+2) * 3 )) $((2**10)) $((7/2)) $((-7%3)) $((1<2 && 3>4)) $((0x10)) $((010)) $((2#101))').text, '7 9 1024 3 -1 0 16 8 5');
  assert.equal(run(s, 'echo $((x=5)) $((x++)) $x $((x+=10)) $(( x > 10 ? 1 : 0 ))').text, '5 5 6 16 1');
  assert.deepEqual(run(s, 'echo $((7/0)); echo after'), { text: 'bash: 7/0: division by 0 (error token is "0")', code: 1 });
  assert.equal(run(s, 'echo $(( 1 + ))').text, 'bash: 1 + : syntax error: operand expected (error token is "+ ")');
  assert.equal(run(s, 'echo $((1 2))').text, 'bash: 1 2: syntax error in expression (error token is "2")');
  assert.equal(run(s, 'echo $((08))').text, 'bash: 08: value too great for base (error token is "08")');
});

test('lines bash refuses: its one-line message and status, and the session goes on', () => {
  const s = session();
  const cases: Array<[string, string, number]> = [
    ['echo ${x!}; echo after', 'bash: ${x!}: bad substitution', 1],
    ['echo ${}', 'bash: ${}: bad substitution', 1],
    ['echo ${1x}', 'bash: ${1x}: bad substitution', 1],
    ['echo ${x', "bash: unexpected EOF while looking for matching `}'", 2],
    ['echo "abc', 'bash: unexpected EOF while looking for matching `"\'', 2],
    ["echo 'abc", "bash: unexpected EOF while looking for matching `''", 2],
    ['echo $(echo a', "bash: unexpected EOF while looking for matching `)'", 2],
    ['echo `echo a', "bash: unexpected EOF while looking for matching ``'", 2],
    ['echo $(echo a |)', "bash: syntax error near unexpected token `)'", 2],
    ['echo a | | b', "bash: syntax error near unexpected token `|'", 2],
    ['echo (x)', "bash: syntax error near unexpected token `x'", 2],
    ['echo a & && b', "bash: syntax error near unexpected token `&&'", 2],
    ['done', "bash: syntax error near unexpected token `done'", 2],
    ['echo ${x:?}', 'bash: x: parameter null or not set', 1],
    ['echo ${x:?oops}', 'bash: x: oops', 1],
  ];
  for (const [line, message, code] of cases) {
    assert.deepEqual(run(s, line), { text: message, code }, line);
    assert.equal(run(s, 'echo $?').text, String(code), line);
  }
  assert.match(run(s, 'f() { echo hi; }').text, /^hint: Shell functions are not simulated/);
  assert.equal(run(s, 'echo still here').text, 'still here');
});

test('fuzz: thousands of random and mutated lines never make the session fail', () => {
  let seed = 20_260_101;
  const rnd = (): number => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const atoms = ['echo', 'x', '$', '{', '}', '(', ')', '((', '))', '"', "'", '`', '\\', '|', '||', '&&', '&', ';', '<', '>', '>>', '2>&1', '<<', 'EOF', '#', '~', '=', ':',
    '-', '+', '?', '!', '*', '/', '%', '@', '[', ']', ' ', ' ', ' ', 'a', 'HOME', '$HOME', '${HOME', '${#', '$((', '$(', '$[', "$'", '1', '0', 'cat', 'base64', 'curl',
    'kill', '%1', 'jobs', 'cd', 'test', 'for', 'x=', 'sleep', 'true', 'false', '\t', '^', ',', '/dev/null', 'wait', 'fg', 'localhost:8080',
    ' if ', ' then ', ' elif ', ' else ', ' fi', ' for ', ' in ', ' do ', ' done', ' while ', ' until ', ' case ', ' esac', ';;', ';&', '{ ', ' }', '[[ ', ' ]]', '(( ', ' ))',
    '<<<', '! ', '*', '*.txt', '<(', 'read ', 'break', 'continue', 'alias k=', 'k ', 'unalias ', 'source ', 'eval ', 'xargs ', 'sort', 'uniq -c', 'cut -d: -f', 'tr ',
    "sed 's/", "awk '{", 'jq ', '=~', '==', '-eq', 'complete ', 'type '];
  const seeds = ['echo ${x:-a b}', 'echo $(echo $((1+2)))', 'x=$(false); echo $?', 'echo "a $(echo b) c"', 'echo `echo a`', 'echo ${v%%.*}', 'echo ~/x', 'cat <<EOF',
    'echo $((x+=2))', 'kill %1', 'sleep 1 &', 'echo ${x/a/b}', 'echo ${x:1:2}', "echo $'a\\nb'", 'test -f x && echo y', 'curl -s localhost:8001/version | base64',
    'for i in 1 2; do echo $i; done', 'if [ -f x ]; then echo a; elif true; then echo b; else echo c; fi', 'while read l; do echo $l; done <<< "a b"',
    'case $x in a|b) echo a;; *) echo z;; esac', '[[ $x == a* && -n $y ]] || echo no', '(cd /tmp; ls) | sort -r', '{ echo a; echo b; } > f.txt',
    'for ((i=0; i<3; i++)); do echo $i; done', 'echo a b | xargs -n1 echo', "printf 'a 1\\nb 2\\n' | awk '{s+=$2} END {print s}'",
    "echo abc | sed -n 's/b/X/p'", 'echo x:y | cut -d: -f2 | tr a-z A-Z', `echo '{"a":[1]}' | jq -c '.a[]'`, 'alias k=kubectl; k get pods | sort | uniq -c'];
  for (const shell of ['', 'docker run -it alpine:3.21 sh']) {
    const s = session();
    if (shell) run(s, shell);
    for (let i = 0; i < 2000; i++) {
      let line = '';
      if (rnd() < 0.5) {
        const n = 1 + Math.floor(rnd() * 12);
        for (let j = 0; j < n; j++) line += pick(atoms);
      } else {
        const chars = pick(seeds).split('');
        for (let k = 1 + Math.floor(rnd() * 4); k > 0; k--) {
          const at = Math.floor(rnd() * (chars.length + 1));
          if (rnd() < 0.5) chars.splice(at, 1); else chars.splice(at, 0, pick(atoms));
        }
        line = chars.join('');
      }
      let o = s.feed(line);
      // Sometimes go on typing into an open command (`> ` lines), as a learner would, before giving up.
      for (let more = 0; o.kind === 'more' && more < 3 && rnd() < 0.5; more++) o = s.feed(pick(seeds));
      if (o.kind === 'more') s.cancel();
      else assert.ok(Number.isInteger(o.result.exitCode) && o.result.exitCode >= 0 && o.result.exitCode <= 255, `${JSON.stringify(line)} → ${o.result.exitCode}`);
      if (shell && !s.inContainer) run(s, shell);
    }
  }
});

test('jobs: `cmd &`, bash\'s notices, jobs, kill, wait', () => {
  const s = session();
  assert.equal(run(s, 'sleep 100 &').text, '[1] 2301');
  assert.equal(run(s, 'sleep 200 &').text, '[2] 2304');
  assert.equal(run(s, 'jobs').text, '[1]-  Running                 sleep 100 &\n[2]+  Running                 sleep 200 &');
  assert.deepEqual(run(s, 'kill %1'), { text: '', code: 0 });
  assert.equal(run(s, 'echo next').text, 'next\n[1]-  Terminated              sleep 100');
  assert.deepEqual(run(s, 'kill %9'), { text: 'bash: kill: %9: no such job', code: 1 });
  assert.deepEqual(run(s, 'kill'), { text: 'kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]', code: 2 });
  const t0 = s.world.clock.now();
  run(s, 'wait');
  assert.ok(s.world.clock.now() - t0 >= 190_000, 'wait lets the sleep run out on the simulated clock');
  assert.equal(run(s, 'echo a; echo b & echo c').text, 'a\n[1] 2307\nb\nc', 'a job `wait` waited for is not reported again');
  assert.equal(run(s, 'true').text, '[1]+  Done                    echo b');
  assert.deepEqual(run(s, 'fg'), { text: 'bash: fg: current: no such job', code: 1 });
});

test('the laptop\'s files: the home folder around the workspace, /tmp, and one resolver for every command', () => {
  const s = session();
  assert.equal(s.prompt(), 'learner@laptop:~/workspace$ ');
  run(s, 'cd');
  assert.equal(s.prompt(), 'learner@laptop:~$ ');
  assert.equal(run(s, 'pwd; ls').text, '/home/learner\nworkspace');
  run(s, 'echo note > ~/notes.txt; echo tmp > /tmp/t');
  assert.equal(run(s, 'cat notes.txt /tmp/t workspace/../notes.txt').text, 'note\ntmp\nnote');
  assert.equal(s.world.fs.read('notes.txt'), undefined, 'the home folder is not the workspace');
  assert.deepEqual(run(s, 'echo x > /etc/x'), { text: 'bash: /etc/x: Permission denied', code: 1 });
  assert.deepEqual(run(s, 'cd /nope'), { text: 'bash: cd: /nope: No such file or directory', code: 1 });
  run(s, 'cd workspace && echo in > in.txt');
  assert.equal(s.world.fs.read('in.txt'), 'in\n');
  assert.equal(run(s, 'cd -').text, '/home/learner');
  const ctx = { world: s.world, cwd: '', dir: '/home/learner' };
  assert.deepEqual(readLaptopFile(ctx, '$HOME/x'), { ok: false, path: '/home/learner/$HOME/x', reason: 'No such file or directory' });
  assert.deepEqual(readLaptopFile(ctx, 'notes.txt'), { ok: true, path: '/home/learner/notes.txt', text: 'note\n' });
  assert.deepEqual(readLaptopFile(ctx, 'workspace'), { ok: false, path: '/home/learner/workspace', reason: 'Is a directory' });
  assert.equal(run(s, 'rm -rf ~').text, 'rm: refusing to remove the workspace itself');
});

test('output without a final newline reaches pipes, files and $(…) as it is (echo -n, printf, cat)', () => {
  const s = session();
  assert.equal(run(s, 'echo -n dev:kubetutor-token | base64').text, 'ZGV2Omt1YmV0dXRvci10b2tlbg==');
  assert.equal(run(s, 'echo -n abc | wc -c').text, '3');
  assert.equal(run(s, 'x=$(printf a; printf b); echo $x').text, 'ab');
  run(s, 'printf "no newline" > f.txt');
  assert.equal(s.world.fs.read('f.txt'), 'no newline');
  assert.equal(run(s, 'cat f.txt f.txt | wc -c').text, '20');
  assert.equal(run(s, 'cat f.txt | grep -o n').text, 'n\nn\nn', 'grep -o prints each match');
});

test('base64 as coreutils: wrapping at 76, -w 0, -d, invalid input', () => {
  const s = session();
  assert.equal(run(s, 'echo hello | base64').text, 'aGVsbG8K');
  assert.equal(run(s, 'printf "%s" dev:kubetutor-token | base64 | base64 -d').text, 'dev:kubetutor-token');
  run(s, 'echo 0123456789012345678901234567890123456789012345678901234567890123456789 > long.txt');
  assert.equal(run(s, 'base64 long.txt').text, 'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2\nNzg5MDEyMzQ1Njc4OQo=');
  assert.equal(run(s, 'base64 -w 0 long.txt').text, 'MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDEyMzQ1Njc4OQo=');
  assert.deepEqual(run(s, 'echo aGVsbG8 | base64 --decode'), { text: 'hello\nbase64: invalid input', code: 1 });
  assert.deepEqual(run(s, 'echo "aGV#sbG8=" | base64 -d'), { text: 'he\nbase64: invalid input', code: 1 });
  assert.deepEqual(run(s, 'base64 a b'), { text: "base64: extra operand ‘b’\nTry 'base64 --help' for more information.", code: 1 });
  assert.deepEqual(run(s, 'base64 nofile'), { text: 'base64: nofile: No such file or directory', code: 1 });
});

test('ls -a lists . and .., -A only the dotfiles; ls -l totals 1K blocks as GNU ls on ext4', () => {
  const s = session();
  run(s, 'mkdir d && touch .hidden && echo hi > f');
  assert.equal(run(s, 'ls -a').text, '.  ..  .hidden  d  f');
  assert.equal(run(s, 'ls -A').text, '.hidden  d  f');
  assert.equal(run(s, 'ls').text, 'd  f');
  assert.match(run(s, 'ls -la').text, /^total 16\ndrwxr-xr-x 2 learner learner 4096 .* \.\n/);
});

test('docker login\'s flag checks and a missing password are docker/cli 28.2\'s', () => {
  const s = session();
  assert.deepEqual(run(s, 'echo pw | docker login --password-stdin'), { text: 'the --password-stdin option requires --username to be set', code: 1 });
  assert.deepEqual(run(s, 'echo pw | docker login -u me -p x --password-stdin'), { text: 'conflicting options: cannot specify both --password and --password-stdin', code: 1 });
  assert.deepEqual(run(s, 'docker login -u "" -p x'), { text: 'username is empty', code: 1 });
  assert.deepEqual(run(s, 'docker login -u me -p ""'), { text: 'password is empty', code: 1 });
  // An empty stdin leaves the password to a prompt, which a pipe cannot answer.
  assert.match(run(s, 'echo "$UNSET_TOKEN" | docker login -u me --password-stdin').text, /^Error: Cannot perform an interactive login from a non TTY device\nhint: /);
  assert.match(run(s, 'docker login -p x').text, /^WARNING! Using --password via the CLI is insecure\. Use --password-stdin\.\nError: Cannot perform an interactive login from a non TTY device\n/);
});

test('docker login writes ~/.docker/config.json as Docker 28 does; logout removes the entry; the engine reads it', () => {
  const s = session();
  assert.equal(run(s, 'cat ~/.docker/config.json').text, 'cat: /home/learner/.docker/config.json: No such file or directory');
  assert.equal(run(s, 'echo s3cret | docker login -u learner --password-stdin').text,
    "\nWARNING! Your credentials are stored unencrypted in '/home/learner/.docker/config.json'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\nLogin Succeeded");
  run(s, 'echo kubetutor-token | docker login registry.example.com -u dev --password-stdin');
  assert.equal(run(s, 'cat ~/.docker/config.json').text,
    '{\n\t"auths": {\n\t\t"https://index.docker.io/v1/": {\n\t\t\t"auth": "bGVhcm5lcjpzM2NyZXQ="\n\t\t},\n\t\t"registry.example.com": {\n\t\t\t"auth": "ZGV2Omt1YmV0dXRvci10b2tlbg=="\n\t\t}\n\t}\n}');
  assert.equal(run(s, 'echo s3cret | docker login -u learner --password-stdin').text, 'Login Succeeded', 'unchanged credentials: no new warning');
  assert.equal(run(s, 'docker logout registry.example.com').text, 'Removing login credentials for registry.example.com');
  assert.equal(run(s, 'docker logout').text, 'Removing login credentials for https://index.docker.io/v1/');
  assert.equal(run(s, 'cat ~/.docker/config.json').text, '{\n\t"auths": {}\n}');
  // The file is the engine's source of truth: without it, a push is not logged in.
  run(s, "printf 'FROM alpine:3.21\\n' > Dockerfile && docker build -q -t learner/app:1 .");
  run(s, 'echo s3cret | docker login -u learner --password-stdin');
  run(s, 'rm ~/.docker/config.json');
  assert.match(run(s, 'docker push learner/app:1').text, /requested access to the resource is denied/);
});
