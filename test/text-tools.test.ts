/**
 * The text tools learners pipe kubectl into — sort, uniq, cut, tr, sed, awk, xargs, jq — with
 * GNU's (and mawk's, jq's) output and messages, on the laptop and inside containers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { awkSprintf, awkText } from '../src/sim/awk.ts';
import { jqText } from '../src/sim/jq.ts';
import { sedText } from '../src/sim/sed.ts';
import { cutText, printfText, seqText, sortText, trText, uniqText, type TextInput } from '../src/sim/textutils.ts';
import { run, session } from './helpers.ts';

const withFile = () => {
  const s = session();
  run(s, "printf 'web 3 Running\\napi 10 Pending\\ndb 2 Running\\napi 10 Pending\\n' > pods.txt");
  return s;
};

test('sort: -n, -r, -k with per-key options, -t, -u, -f, -h; GNU\'s messages', () => {
  const s = withFile();
  assert.equal(run(s, 'sort pods.txt').text, 'api 10 Pending\napi 10 Pending\ndb 2 Running\nweb 3 Running');
  assert.equal(run(s, 'sort -k2n pods.txt').text, 'db 2 Running\nweb 3 Running\napi 10 Pending\napi 10 Pending');
  assert.equal(run(s, 'sort -k2 pods.txt | head -1').text, 'api 10 Pending', 'without -n, 10 sorts before 2');
  assert.equal(run(s, 'sort -u -k3,3 -k1,1r pods.txt').text, 'api 10 Pending\nweb 3 Running\ndb 2 Running', '-u keeps one line per distinct key');
  assert.equal(run(s, "printf 'b:2\\na:10\\n' | sort -t: -k2 -n").text, 'b:2\na:10');
  assert.equal(run(s, "printf 'B\\na\\nC\\n' | sort").text, 'B\nC\na', 'by code point, as in the C locale');
  assert.equal(run(s, "printf 'B\\na\\nC\\n' | sort -f -r").text, 'C\nB\na');
  assert.equal(run(s, "printf '2Ki\\n1Mi\\n512\\n' | sort -h").text, '512\n2Ki\n1Mi');
  assert.deepEqual(run(s, 'sort nope.txt'), { text: 'sort: cannot read: nope.txt: No such file or directory', code: 2 });
  assert.deepEqual(run(s, 'sort -z pods.txt'), { text: "sort: invalid option -- 'z'\nTry 'sort --help' for more information.", code: 2 });
});

test('uniq: adjacent lines, -c with GNU\'s %7d counts, -d, -u', () => {
  const s = withFile();
  assert.equal(run(s, 'cut -d" " -f3 pods.txt | sort | uniq -c').text, '      2 Pending\n      2 Running');
  assert.equal(run(s, 'sort pods.txt | uniq -d').text, 'api 10 Pending');
  assert.equal(run(s, 'sort pods.txt | uniq -u').text, 'db 2 Running\nweb 3 Running');
  assert.equal(run(s, "printf 'a\\nb\\na\\n' | uniq").text, 'a\nb\na', 'only adjacent lines are merged');
});

test('cut: fields with -d, characters with -c, ranges, and GNU\'s usage errors', () => {
  const s = withFile();
  assert.equal(run(s, 'cut -d" " -f1,3 pods.txt | head -1').text, 'web Running');
  assert.equal(run(s, 'cut -d " " -f2- pods.txt | head -1').text, '3 Running');
  assert.equal(run(s, 'cut -c1-3 pods.txt | head -2').text, 'web\napi');
  assert.equal(run(s, "echo 'containerd://4f3a9c' | cut -d/ -f3").text, '4f3a9c');
  assert.equal(run(s, "echo 'no delimiter' | cut -d: -f2").text, 'no delimiter', 'a line without the delimiter is printed whole');
  assert.deepEqual(run(s, 'cut pods.txt'), { text: "cut: you must specify a list of bytes, characters, or fields\nTry 'cut --help' for more information.", code: 1 });
  assert.deepEqual(run(s, 'cut -d:: -f1 pods.txt'), { text: "cut: the delimiter must be a single character\nTry 'cut --help' for more information.", code: 1 });
  assert.deepEqual(run(s, 'cut -f0 pods.txt'), { text: "cut: fields are numbered from 1\nTry 'cut --help' for more information.", code: 1 });
});

test('tr: ranges, classes, -d, -s, -c', () => {
  const s = session();
  assert.equal(run(s, 'echo Hello | tr a-z A-Z').text, 'HELLO');
  assert.equal(run(s, "echo 'a  b   c' | tr -s ' '").text, 'a b c');
  assert.equal(run(s, "echo 'pod/web-1' | tr -d '/-'").text, 'podweb1');
  assert.equal(run(s, "echo 'a1b2' | tr -cd '[:digit:]'").text, '12');
  assert.equal(run(s, "echo 'a b' | tr ' ' '\\n'").text, 'a\nb');
  assert.deepEqual(run(s, 'echo x | tr a'), { text: "tr: missing operand after ‘a’\nTwo strings must be given when translating.\nTry 'tr --help' for more information.", code: 1 });
});

test('sed: s/// with flags and groups, -n with p, -e, addresses and ranges, -i on a workspace file, and sed\'s errors', () => {
  const s = withFile();
  assert.equal(run(s, "sed 's/Running/Up/' pods.txt | head -1").text, 'web 3 Up');
  assert.equal(run(s, "echo aaa | sed 's/a/b/2'; echo aaa | sed 's/a/b/g'; echo AbA | sed 's/a/x/gI'").text, 'aba\nbbb\nxbx');
  assert.equal(run(s, "sed -n '2p' pods.txt; sed -n '/db/p' pods.txt; sed -n '$p' pods.txt").text, 'api 10 Pending\ndb 2 Running\napi 10 Pending');
  assert.equal(run(s, "sed -n '2,3p' pods.txt").text, 'api 10 Pending\ndb 2 Running');
  assert.equal(run(s, "sed '/Pending/d' pods.txt").text, 'web 3 Running\ndb 2 Running');
  assert.equal(run(s, "sed -n '/api/!p' pods.txt").text, 'web 3 Running\ndb 2 Running');
  assert.equal(run(s, "sed -e 's/web/WEB/' -e 's/db/DB/' pods.txt | cut -d' ' -f1 | head -3").text, 'WEB\napi\nDB');
  assert.equal(run(s, "sed -E 's/([a-z]+) ([0-9]+).*/\\2 \\1/' pods.txt | head -1").text, '3 web');
  assert.equal(run(s, "echo 'image: myimage:v1' | sed 's/\\(image: myimage\\):.*$/\\1:v4/'").text, 'image: myimage:v4', 'the quick reference\'s BRE with a group');
  assert.equal(run(s, "echo 'a.b' | sed 's/./-/'; echo 'a.b' | sed 's/\\./-/'").text, '-.b\na-b');
  assert.equal(run(s, "sed '1i # pods' pods.txt | head -2; sed '$a end' pods.txt | tail -1").text, '# pods\nweb 3 Running\nend');
  run(s, "sed -i 's/Pending/Running/g' pods.txt");
  assert.equal(run(s, 'grep -c Running pods.txt').text, '4');
  assert.equal(run(s, "sed -i.bak 's/web/www/' pods.txt; head -1 pods.txt; head -1 pods.txt.bak").text, 'www 3 Running\nweb 3 Running');
  assert.deepEqual(run(s, "sed 's/a/b' pods.txt"), { text: "sed: -e expression #1, char 5: unterminated `s' command", code: 1 });
  assert.deepEqual(run(s, "sed 's/a/b/z' pods.txt"), { text: "sed: -e expression #1, char 7: unknown option to `s'", code: 1 });
  assert.deepEqual(run(s, "sed 'k' pods.txt"), { text: "sed: -e expression #1, char 1: unknown command: `k'", code: 1 });
  assert.deepEqual(run(s, "sed p nope.txt"), { text: "sed: can't read nope.txt: No such file or directory", code: 2 });
  assert.deepEqual(run(s, "sed -i 's/a/b/'"), { text: 'sed: no input files', code: 1 });
});

test('awk: fields, -F, NR and NF, conditions, arrays, printf, BEGIN/END, and mawk\'s errors', () => {
  const s = withFile();
  assert.equal(run(s, "awk '{print $1}' pods.txt | head -2").text, 'web\napi');
  assert.equal(run(s, "awk '$3==\"Running\" {print $1}' pods.txt").text, 'web\ndb');
  assert.equal(run(s, "awk '$2 > 5' pods.txt").text, 'api 10 Pending\napi 10 Pending', 'fields that look like numbers compare as numbers');
  assert.equal(run(s, "awk '/^a/ {n++} END {print n, NR}' pods.txt").text, '2 4');
  assert.equal(run(s, "awk '{print NR\": \"$NF, NF}' pods.txt | tail -1").text, '4: Pending 3');
  assert.equal(run(s, "awk '{sum += $2} END {printf \"total %d, mean %.2f\\n\", sum, sum/NR}' pods.txt").text, 'total 25, mean 6.25');
  assert.equal(run(s, "awk '{c[$3]++} END {for (k in c) print k, c[k]}' pods.txt").text, 'Running 2\nPending 2');
  assert.equal(run(s, "echo 'root:x:0:0' | awk -F: '{print $1, $3}'").text, 'root 0');
  assert.equal(run(s, "echo 'a b' | awk -v OFS=- '{$1=$1; print}'").text, 'a-b');
  assert.equal(run(s, "echo 'web-7d4f' | awk '{sub(/-.*/, \"\"); print toupper($0), length($0)}'").text, 'WEB 3');
  assert.equal(run(s, "awk 'NR==2 {next} {print $1} NR==3 {exit}' pods.txt").text, 'web\ndb');
  assert.equal(run(s, "awk 'BEGIN { for (i = 1; i <= 3; i++) s = s i; print s; if (s ~ /^12/) print \"yes\"; else print \"no\" }'").text, '123\nyes');
  assert.equal(run(s, "awk '{print $1 > \"names.txt\"}' pods.txt; wc -l < names.txt").text, '4');
  assert.deepEqual(run(s, "awk '{print $1' pods.txt"), { text: 'awk: line 1: syntax error at or near end of file', code: 2 });
  assert.deepEqual(run(s, "awk '{print 1/0}' pods.txt"), { text: 'awk: run time error: division by zero\n\tFILENAME="pods.txt" FNR=1 NR=1', code: 2 });
  assert.deepEqual(run(s, "awk '{print}' nope.txt"), { text: 'awk: cannot open nope.txt (No such file or directory)', code: 2 });
});

test('seq: counts for loops, with -s and -w', () => {
  const s = session();
  assert.equal(run(s, 'for i in $(seq 3); do echo "n$i"; done').text, 'n1\nn2\nn3');
  assert.equal(run(s, 'seq 2 2 7; seq -s, 3 -1 1; seq -w 8 10').text, '2\n4\n6\n3,2,1\n08\n09\n10');
  assert.deepEqual(run(s, 'seq'), { text: "seq: missing operand\nTry 'seq --help' for more information.", code: 1 });
});

test('printf: bash\'s builtin reuses its format, pads, and reports a bad number', () => {
  const s = session();
  assert.equal(run(s, "printf '%s=%d\\n' a 1 b 2").text, 'a=1\nb=2');
  assert.equal(run(s, "printf '%5.1f|%-4s|%03d|%x\\n' 3.14159 ab 7 255").text, '  3.1|ab  |007|ff');
  assert.equal(run(s, "printf '%b|%q\\n' 'a\\tb' 'x y'").text, 'a\tb|x\\ y');
  assert.deepEqual(run(s, "printf '%d\\n' abc"), { text: 'bash: printf: abc: invalid number\n0', code: 1 });
});

test('awk printf formats: width, precision, flags, %g', () => {
  assert.equal(awkSprintf('[%5s|%-5s|%05d|%+d|%x|%o|%c|%%]', ['ab', 'cd', 42, 7, 255, 8, 'Z']), '[   ab|cd   |00042|+7|ff|10|Z|%]');
  assert.equal(awkSprintf('%.3f %e %g %g %g', [3.14159, 12345.678, 0.0001, 1234567, 100]), '3.142 1.234568e+04 0.0001 1.23457e+06 100');
});

test('xargs: runs the command with what it reads — kubectl delete pod fed by awk, -I {}, -n, -r', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'sleep 20');
  const names = run(s, "kubectl get pods --no-headers | awk '{print $1}'").text.split('\n');
  assert.equal(names.length, 2);
  assert.equal(run(s, "kubectl get pods --no-headers | awk '{print $1}' | xargs kubectl delete pod --wait=false").text, names.map((n) => `pod "${n}" deleted`).join('\n'));
  assert.equal(run(s, "printf 'a\\nb c\\n' | xargs -I {} echo '<{}>'").text, '<a>\n<b c>');
  assert.equal(run(s, 'echo 1 2 3 | xargs -n 2 echo').text, '1 2\n3');
  assert.equal(run(s, 'echo "\'a b\' c" | xargs -n 1').text, 'a b\nc');
  assert.equal(run(s, 'true | xargs echo ran').text, 'ran', 'GNU xargs runs the command once with no input');
  assert.deepEqual(run(s, 'true | xargs -r echo ran'), { text: '', code: 0 });
  assert.deepEqual(run(s, 'echo x | xargs nosuch'), { text: 'xargs: nosuch: No such file or directory', code: 127 });
  assert.deepEqual(run(s, 'echo x | xargs false'), { text: '', code: 123 });
  assert.deepEqual(run(s, 'echo "it\'s" | xargs echo'), { text: 'xargs: unmatched single quote; by default quotes are special to xargs unless you use the -0 option\nxargs: use the -0 option if you need to support quotes', code: 1 });
});

test('jq (jqjs): the quick reference\'s filters, -r -c -n --arg, exit statuses and errors', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'sleep 20');
  assert.match(run(s, "kubectl get pods -o json | jq '.items[].metadata.name'").text, /^"web-[a-z0-9]+-[a-z0-9]{5}"\n"web-[a-z0-9]+-[a-z0-9]{5}"$/);
  assert.match(run(s, "kubectl get pods -o json | jq -r '.items[0].spec.containers[0].image'").text, /^nginx:1\.27$/);
  assert.equal(run(s, "kubectl get pods -o json | jq '.items[].spec.containers[].env[]?.valueFrom.secretKeyRef.name' | grep -v null | sort | uniq").text, '');
  assert.equal(run(s, "kubectl get nodes -o json | jq -c 'paths|join(\".\")' | head -3").text, '"apiVersion"\n"items"\n"items.0"');
  assert.equal(run(s, `echo '{"a":[1,{"b":true}]}' | jq .`).text, '{\n  "a": [\n    1,\n    {\n      "b": true\n    }\n  ]\n}');
  assert.equal(run(s, `echo '{"b":1,"a":2}' | jq -cS .`).text, '{"a":2,"b":1}');
  assert.equal(run(s, `jq -n --arg name web '{name: $name, n: (1 + 2)}' | jq -c .`).text, '{"name":"web","n":3}');
  assert.equal(run(s, `echo '[1,2,3]' | jq -r 'map(. * 10) | @csv'`).text, '10,20,30');
  assert.equal(run(s, `jq -n 'now | floor' | wc -c`).text, '11', 'now is the sandbox clock in seconds');
  assert.deepEqual(run(s, `echo '{"a":false}' | jq -e .a`), { text: 'false', code: 1 });
  assert.deepEqual(run(s, `echo '{"a":[1]}' | jq '.a.b'`), { text: 'jq: error (at <stdin>:1): Cannot index array with string "b"', code: 5 });
  assert.deepEqual(run(s, `echo '{}' | jq '.['`), { text: 'jq: error: could not handle token <end-of-program> at 1:3, expected right-square/colon at <top-level>, line 1:\n.[\njq: 1 compile error', code: 3 });
  assert.deepEqual(run(s, `echo 'hello' | jq .`), { text: 'jq: parse error: Invalid numeric literal at line 1, column 5', code: 2 });
  assert.deepEqual(run(s, 'jq . nope.json'), { text: 'jq: error: Could not open nope.json: No such file or directory', code: 2 });
});

test('inside containers the same tools run where the image has them', () => {
  const s = session();
  run(s, 'docker run -it busybox:1.37 sh');
  run(s, "printf 'b 2\\na 1\\n' > /tmp/x");
  assert.equal(run(s, 'sort /tmp/x | cut -d" " -f1 | tr a-z A-Z').text, 'A\nB');
  assert.equal(run(s, "sed -i 's/a/z/' /tmp/x; awk '{print $1}' /tmp/x | sort -r | uniq -c").text, '      1 z\n      1 b');
  assert.equal(run(s, 'echo /tmp/x | xargs cat | wc -l').text, '2');
  assert.deepEqual(run(s, 'jq .'), { text: 'sh: jq: not found', code: 127 }, 'busybox has no jq');
});

test('fuzz: random scripts and options never make a text tool throw', () => {
  let seed = 20_260_202;
  const rnd = (): number => { seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648; return seed / 2_147_483_648; };
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)] as T;
  const pieces = ['s/', '/', 'a', 'b', '\\(', '\\)', '\\1', '&', 'g', 'p', 'd', ';', '$', '1', ',', '!', '{', '}', 'q', 'y/', '[', ']', '^', '*', '.', '+', '?', '|', '(', ')',
    '{print $1}', '$3=="x"', 'NR', 'NF', 'BEGIN', 'END', '{', '}', '"', "'", 'printf "%d %s %5.2f"', ',', '++', 'for (k in a)', 'a[$1]', '-F', ':', '.items[]', '.a', '|', 'select(', 'map(', '@csv', '-k2', '-n', '-t', '-u', '-f', '-d', '-c', ' ', '\n', 'x', '0', '-1', '9999999999'];
  const tools = [sortText, uniqText, cutText, trText, sedText, awkText, (a: readonly string[], i: TextInput) => jqText(a, i, 0), (a: readonly string[]) => printfText(a), (a: readonly string[]) => seqText(a)];
  const input: TextInput = { stdin: 'web 3 Running\napi 10 Pending\n{"a":[1,{"b":2}]}\n', read: () => ({ text: 'x y\n' }), write: () => undefined };
  for (let i = 0; i < 3000; i++) {
    const args: string[] = [];
    for (let n = Math.floor(rnd() * 4); n >= 0; n--) {
      let w = '';
      for (let k = 1 + Math.floor(rnd() * 5); k > 0; k--) w += pick(pieces);
      args.push(w);
    }
    const tool = pick(tools);
    const r = tool(args, input);
    assert.ok(Number.isInteger(r.code) && r.code >= 0 && r.code <= 255, `${tool.name} ${JSON.stringify(args)} → ${r.code}`);
  }
});
