/**
 * bash's control flow in the sandbox's shells, through ShellSession: compound commands typed on
 * one line and over several (with `> ` prompts), their syntax errors in bash's words, `read`
 * loops, `break`/`continue`, subshells and pipes, here-strings, `!`, aliases, `complete`,
 * `type`, `source`, globbing, the loop guard, and the same in a container's shell.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_ROUNDS } from '../src/shell/interpreter.ts';
import { run, session } from './helpers.ts';

test('for, while, until, if/elif/else and case run as bash runs them', () => {
  const s = session();
  assert.equal(run(s, 'for x in a "b c" d; do echo "[$x]"; done').text, '[a]\n[b c]\n[d]');
  assert.equal(run(s, 'for x in $(echo 1 2) 3; do echo $x; done; echo "last=$x"').text, '1\n2\n3\nlast=3');
  assert.equal(run(s, 'i=0; while [ $i -lt 3 ]; do echo $i; i=$((i+1)); done').text, '0\n1\n2');
  assert.equal(run(s, 'i=0; until [ $i -ge 2 ]; do i=$((i+1)); done; echo $i').text, '2');
  assert.equal(run(s, 'for ((i=0; i<6; i+=2)); do echo $i; done').text, '0\n2\n4');
  assert.equal(run(s, 'if false; then echo a; elif [ -d /tmp ]; then echo b; else echo c; fi').text, 'b');
  assert.equal(run(s, 'if false; then echo a; fi; echo "status $?"').text, 'status 0');
  assert.equal(run(s, 'for f in a.yaml b.txt "c d.yaml"; do case "$f" in *.yaml) echo "yaml: $f";; *) echo "other: $f";; esac; done').text, 'yaml: a.yaml\nother: b.txt\nyaml: c d.yaml');
  assert.equal(run(s, 'case b in a|b) echo one;& c) echo two;; d) echo three;; esac').text, 'one\ntwo', ';& falls through');
  assert.equal(run(s, 'case ab in a*) echo one;;& *b) echo two;; *) echo three;; esac').text, 'one\ntwo', ';;& tests the next arms');
  assert.equal(run(s, 'case "*" in "*") echo star;; *) echo any;; esac; case x in "*") echo star;; *) echo any;; esac').text, 'star\nany', 'a quoted pattern matches itself');
  assert.equal(run(s, '(( 3 > 2 )) && echo yes; (( 0 )) || echo zero').text, 'yes\nzero');
});

test('[[ … ]]: patterns, regexes, && and || inside, numbers compared as arithmetic', () => {
  const s = session();
  run(s, 'v=nginx:1.27');
  assert.equal(run(s, '[[ $v == nginx:* ]] && echo tagged').text, 'tagged');
  assert.equal(run(s, '[[ $v == "nginx:*" ]] || echo literal').text, 'literal');
  assert.equal(run(s, '[[ $v =~ ^([a-z]+):([0-9.]+)$ ]] && echo "match $BASH_REMATCH"').text, 'match nginx:1.27');
  assert.equal(run(s, '[[ -n $v && ! -f /nope ]] && echo both').text, 'both');
  assert.equal(run(s, '[[ 2+3 -eq 5 ]] && echo five; [[ a < b ]] && echo sorted').text, 'five\nsorted');
  assert.equal(run(s, '[[ $unset ]]; echo $?').text, '1');
});

test('commands typed over several lines: `> ` until the command is whole, as bash asks', () => {
  const s = session();
  const prompts: string[] = [];
  let out = '';
  for (const line of ['for x in a b', 'do', '  if [ $x = b ]', '  then echo "got $x"', '  fi', 'done']) {
    const o = s.feed(line);
    if (o.kind === 'more') prompts.push(o.prompt);
    else out = o.result.lines.map((l) => l.text).join('\n');
  }
  assert.deepEqual(prompts, ['> ', '> ', '> ', '> ', '> ']);
  assert.equal(out, 'got b');
  assert.equal(run(s, 'echo a |\ntr a b').text, 'b', 'a line ending in | goes on');
  assert.equal(run(s, '{ echo one\necho two; }').text, 'one\ntwo');
  assert.equal(run(s, 'while read l; do\ncat <<EOF\n[$l]\nEOF\ndone <<< "x"').text, '[x]', 'a heredoc inside a loop typed over several lines');
  // End of input inside an open command: bash's message, and the session goes on.
  s.feed('for x in a b; do');
  assert.equal(s.collecting, true);
  assert.deepEqual(s.flush()?.lines.map((l) => l.text), ['bash: syntax error: unexpected end of file']);
  assert.equal(run(s, 'echo $?').text, '2');
});

test('compound commands bash refuses: its messages, status 2, nothing runs', () => {
  const s = session();
  const cases: Array<[string, string]> = [
    ['for x in a b; echo $x; done', "bash: syntax error near unexpected token `echo'"],
    ['if true; then fi', "bash: syntax error near unexpected token `fi'"],
    ['if true; echo; fi', "bash: syntax error near unexpected token `fi'"],
    ['while true; do; done', "bash: syntax error near unexpected token `;'"],
    ['fi', "bash: syntax error near unexpected token `fi'"],
    ['{ echo a; }; }', "bash: syntax error near unexpected token `}'"],
    ['( )', "bash: syntax error near unexpected token `)'"],
    ['case a in a) echo;; esac esac', "bash: syntax error near unexpected token `esac'"],
    ['echo a ;; echo b', "bash: syntax error near unexpected token `;;'"],
    ['[[ a b ]]', "bash: conditional binary operator expected\nbash: syntax error near `b'"],
    ['[[ -f ]]', "bash: unexpected argument `]]' to conditional unary operator\nbash: syntax error near `]]'"],
    ['[[ ]]', "bash: syntax error near `]]'"],
  ];
  for (const [line, message] of cases) {
    assert.deepEqual(run(s, line), { text: message, code: 2 }, line);
  }
  assert.equal(run(s, 'for 1x in a; do echo; done').text, "bash: `1x': not a valid identifier");
  assert.match(run(s, 'f() { echo hi; }').text, /^hint: Shell functions are not simulated in kubetutor's shell/);
  assert.match(run(s, 'arr=(a b)').text, /^hint: Arrays/);
});

test('break and continue, with counts; outside a loop bash says they mean nothing', () => {
  const s = session();
  assert.equal(run(s, 'for x in 1 2 3 4; do [ $x = 2 ] && continue; [ $x = 4 ] && break; echo $x; done').text, '1\n3');
  assert.equal(run(s, 'for x in 1 2; do for y in a b c; do [ $y = b ] && continue 2; echo $x$y; done; done').text, '1a\n2a');
  assert.equal(run(s, 'for x in 1 2; do while true; do break 2; done; echo never; done; echo out').text, 'out');
  assert.equal(run(s, 'break').text, "bash: break: only meaningful in a `for', `while', or `until' loop");
});

test('read: lines of a file, a pipe or a here-string into variables, split on IFS', () => {
  const s = session();
  run(s, "printf 'web 3\\napi 1\\nlast-no-newline 7' > counts.txt");
  assert.equal(run(s, 'while read name n; do echo "$name=$n"; done < counts.txt').text, 'web=3\napi=1', 'a last line without a newline ends the loop, as in bash');
  assert.equal(run(s, 'while read -r name n || [ -n "$name" ]; do echo "$name"; done < counts.txt').text, 'web\napi\nlast-no-newline');
  assert.equal(run(s, 'IFS=: read -r user rest <<< "root:x:0:0"; echo "$user|$rest"').text, 'root|x:0:0');
  assert.equal(run(s, 'read a b <<< "  one   two  three  "; echo "[$a][$b]"').text, '[one][two  three]');
  assert.equal(run(s, 'cat counts.txt | while read n rest; do echo "$n"; done | tail -1').text, 'api');
  // A pipe's parts run in subshells: what `read` sets there is gone afterwards.
  assert.equal(run(s, 'echo x | read v; echo "[$v]"').text, '[]');
  // Commands in the loop that do not read stdin leave the rest of it to `read`.
  assert.equal(run(s, 'printf "a\\nb\\n" | while read l; do echo "$l"; true; done').text, 'a\nb');
  assert.equal(run(s, 'printf "a\\nb\\nc\\n" | while read l; do echo "$l"; cat; done').text, 'a\nb\nc', 'cat takes what is left');
  assert.match(run(s, 'read name').text, /^hint: `read` would wait for a line typed at the terminal/);
});

test('subshells, groups, !, here-strings and redirections of compound commands', () => {
  const s = session();
  assert.equal(run(s, '(cd /tmp; x=inner; pwd); pwd; echo "[$x]"').text, '/tmp\n/home/learner/workspace\n[]');
  assert.equal(run(s, '(exit 3); echo $?').text, '3');
  assert.equal(run(s, '{ echo a; echo b; } > ab.txt; cat ab.txt').text, 'a\nb');
  assert.equal(run(s, 'for i in 1 2; do echo $i; done | wc -l').text, '2');
  assert.equal(run(s, 'if true; then echo out; echo err >&2; fi 2>/dev/null').text, 'out');
  assert.equal(run(s, '! grep -q zzz ab.txt && echo "not there"; ! true; echo $?').text, 'not there\n1');
  assert.equal(run(s, 'tr a-z A-Z <<< "shout"').text, 'SHOUT');
  assert.match(run(s, 'echo xxxxxxxxxxx > pw.txt; docker login -u janedoe --password-stdin <<< "$(cat pw.txt)"').text, /\nLogin Succeeded$/);
});

test('a loop that would not end stops after its rounds, with kubetutor\'s hint; the session goes on', () => {
  const s = session();
  const r = run(s, 'n=0; while true; do n=$((n+1)); done; echo never');
  assert.match(r.text, new RegExp(`^hint: kubetutor stopped this loop after ${MAX_ROUNDS.toLocaleString('en-US')} rounds`));
  assert.equal(r.code, 130);
  assert.equal(run(s, 'echo $n').text, String(MAX_ROUNDS));
  assert.equal(run(s, 'echo still here').text, 'still here');
});

test('alias k=kubectl as the quick reference sets it: k works alone, in pipes and in $(…); unalias ends it', () => {
  const s = session();
  run(s, 'alias k=kubectl');
  assert.match(run(s, 'k version --client').text, /^Client Version: v1\.32\.4/);
  assert.equal(run(s, 'echo $(k get nodes -o name | head -1)').text, 'node/control-plane');
  // bash expands aliases as it reads a line: one defined on the same line works from the next.
  assert.deepEqual(run(s, 'alias kgp="kubectl get pods"; kgp'), { text: 'bash: kgp: command not found', code: 127 });
  assert.equal(run(s, 'kgp').text, 'No resources found in default namespace.');
  assert.equal(run(s, 'alias').text, "alias k='kubectl'\nalias kgp='kubectl get pods'");
  assert.equal(run(s, 'alias k').text, "alias k='kubectl'");
  assert.equal(run(s, 'type k').text, "k is aliased to `kubectl'");
  assert.deepEqual(run(s, '\\k get pods'), { text: 'bash: k: command not found', code: 127 }, 'a quoted word is not an alias');
  assert.deepEqual(run(s, 'alias nope'), { text: 'bash: alias: nope: not found', code: 1 });
  run(s, 'unalias k');
  assert.deepEqual(run(s, 'k get pods'), { text: 'bash: k: command not found', code: 127 });
  assert.deepEqual(run(s, 'unalias k'), { text: 'bash: unalias: k: not found', code: 1 });
});

test('kubectl completion and bash\'s complete: accepted quietly, with one hint that Tab completion comes with kubetutor\'s terminal', () => {
  const s = session();
  const first = run(s, 'source <(kubectl completion bash)');
  assert.deepEqual(first, { text: "hint: Tab completion for kubectl and docker is built into kubetutor's own terminal, not loaded from bash completion scripts; `complete -F __start_kubectl NAME` lines are kept, so an alias completes as kubectl too.", code: 0 });
  assert.deepEqual(run(s, 'alias k=kubectl; complete -o default -F __start_kubectl k'), { text: '', code: 0 });
  assert.equal(run(s, 'complete -p').text, 'complete -o default -F __start_kubectl k\ncomplete -o default -F __start_kubectl kubectl');
  assert.match(run(s, 'kubectl completion bash | head -16 | tail -2').text, /^# bash completion V2 for kubectl {30}-\*- shell-script -\*-\n$/);
  assert.deepEqual(run(s, 'kubectl completion'), { text: "error: Shell not specified.\nSee 'kubectl completion -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl completion tcsh'), { text: "error: Unsupported shell type \"tcsh\".\nSee 'kubectl completion -h' for help and examples", code: 1 });
  assert.equal(run(s, 'type -t compopt cd if kubectl; type nope').text, 'builtin\nbuiltin\nkeyword\nfile\nbash: type: nope: not found');
});

test('source and eval run in this shell; a missing file is bash\'s error', () => {
  const s = session();
  run(s, "cat > env.sh <<'EOF'\nexport APP=web\nfor i in 1 2; do\n  echo \"line $i\"\ndone\nEOF");
  assert.equal(run(s, 'source env.sh; echo $APP').text, 'line 1\nline 2\nweb');
  assert.equal(run(s, '. ./env.sh >/dev/null; eval "echo \\$APP; x=1"; echo $x').text, 'web\n1');
  assert.deepEqual(run(s, 'source nope.sh'), { text: 'bash: nope.sh: No such file or directory', code: 1 });
});

test('globbing: *.yaml matches the folder\'s files, sorted; no match or quotes keep the word', () => {
  const s = session();
  run(s, 'touch b.yaml a.yaml .hidden.yaml notes.txt; mkdir -p k8s; touch k8s/web.yaml');
  assert.equal(run(s, 'echo *.yaml').text, 'a.yaml b.yaml');
  assert.equal(run(s, 'echo k8s/*.y*ml "*.yaml" \\*.yaml').text, 'k8s/web.yaml *.yaml *.yaml');
  assert.equal(run(s, 'echo *.json').text, '*.json');
  assert.equal(run(s, 'for f in *.yaml; do echo "file $f"; done').text, 'file a.yaml\nfile b.yaml');
  assert.equal(run(s, 'echo .h*').text, '.hidden.yaml');
  assert.equal(run(s, 'ls ~/work*').text, 'a.yaml  b.yaml  k8s  notes.txt');
});

test('a container\'s shell runs the same compound commands, with its own words for errors', () => {
  const s = session();
  run(s, 'docker run -it alpine:3.21 sh');
  assert.equal(s.inContainer, true);
  assert.equal(run(s, 'for i in 1 2; do echo $i; done').text, '1\n2');
  assert.equal(run(s, 'echo "b a c" | tr " " "\\n" | sort | head -2').text, 'a\nb');
  assert.equal(run(s, 'if [ -f /etc/nope ]; then echo y; else echo n; fi').text, 'n');
  assert.equal(run(s, 'for x in a b; do echo $x; done > /tmp/out; cat /tmp/out').text, 'a\nb');
  assert.equal(run(s, "echo 'k=v' | awk -F= '{print $2}'; echo abc | sed 's/b/B/'").text, 'v\naBc');
  assert.deepEqual(run(s, 'fi'), { text: "sh: syntax error near unexpected token `fi'", code: 2 });
  // Ctrl-D leaves the innermost shell: `sh` started inside, then the container's own.
  run(s, 'sh');
  assert.deepEqual(s.endOfFile()?.lines.map((l) => l.text), ['']);
  assert.equal(s.inContainer, true);
  s.endOfFile();
  assert.equal(s.inContainer, false);
  assert.equal(run(s, 'echo back').text, 'back');
  assert.equal(s.endOfFile(), undefined, 'on the laptop, Ctrl-D is the sandbox\'s to end');
});

test('Ctrl-D in a container\'s bash prints exit, and kubectl says how the shell ended', () => {
  const s = session();
  run(s, 'kubectl create deployment boot --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  run(s, 'sleep 30');
  run(s, 'kubectl exec -ti $(kubectl get pods -o name | head -1) -- bash');
  assert.equal(s.inContainer, true);
  run(s, 'false');
  assert.deepEqual(s.endOfFile()?.lines.map((l) => l.text), ['exit', 'command terminated with exit code 1']);
  assert.equal(run(s, 'echo $?').text, '1');
});
