/**
 * The lesson engine through its public doors: lesson files (loader and `lessons check`), the
 * `kubetutor learn|lessons|progress|reset` commands on an in-memory terminal, and the progress
 * file on a real disk (corrupt, read-only, two processes at once).
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parseLesson, formatProblem } from '../src/course/loader.ts';
import { LessonRun } from '../src/course/lesson-run.ts';
import { ProgressStore } from '../src/course/progress.ts';
import { memoryIo, session } from './helpers.ts';

process.env.KUBETUTOR_NO_MAIN = '1';
const { main } = await import('../src/cli/main.ts');

const temps: string[] = [];
function tempDir(prefix = 'kubetutor-course-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  temps.push(d);
  return d;
}
after(() => { for (const d of temps) { try { chmodSync(d, 0o700); } catch { /* gone */ } rmSync(d, { recursive: true, force: true }); } });

/** Run the CLI in-process on an in-memory terminal with its own data folder. */
async function cli(args: string[], options: { home: string; input?: string; interactive?: boolean }): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(options.input ?? '', { env: { KUBETUTOR_HOME: options.home }, interactive: options.interactive ?? false });
  const code = await main(args, io);
  return { code, out: io.output(), err: io.errors() };
}

const MINIMAL = `formatVersion: 1
id: tiny
title: Tiny
summary: A tiny lesson.
minutes: 1
steps:
  - explain: Images are built outside the cluster.
  - do: Build an image called tiny:1.0.
    goal: { localImage: tiny:1.0 }
    hints: [Use docker., Build with -t., "Type printf 'FROM busybox:1.37\\\\n' > Dockerfile && docker build -q -t tiny:1.0 ."]
    solution: ["printf 'FROM busybox:1.37\\\\n' > Dockerfile && docker build -q -t tiny:1.0 ."]
    mistakes:
      - typed: [kubectl build -t tiny:1.0 .]
        when: { command: '^kubectl build' }
        say: Kubernetes does not build images.
  - ask: Who built it?
    choices:
      - { text: The kubelet, say: The kubelet runs images; it never builds them. }
      - { text: Docker on the laptop, correct: true }
  - recap: Built outside, run inside.
`;

function lessonDir(files: Record<string, string>): string {
  const dir = tempDir('kubetutor-lessons-');
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name), { recursive: true });
    writeFileSync(join(dir, name, 'lesson.yaml'), text);
  }
  return dir;
}

// ── the lesson format ───────────────────────────────────────────────────────────────────────────

test('a valid lesson parses into steps of each kind', () => {
  const r = parseLesson(MINIMAL, 'tiny.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
  assert.deepEqual(r.lesson.steps.map((s) => s.kind), ['explain', 'do', 'ask', 'recap']);
});

test('lesson errors name file:line:column, say what is wrong and what to write instead', () => {
  const bad = (text: string): string[] => {
    const r = parseLesson(text, 'l.yaml');
    assert.equal(r.ok, false);
    return r.ok ? [] : r.problems.map(formatProblem);
  };
  assert.deepEqual(bad(MINIMAL.replace('    hints:', '    hnts:')), ['l.yaml:10:5: unknown field "hnts" in steps[1] (do) — did you mean "hints"?']);
  assert.deepEqual(bad(MINIMAL.replace('formatVersion: 1', 'formatVersion: 9')), ['l.yaml:1:16: formatVersion 9 is newer than this kubetutor reads (1) — update kubetutor']);
  assert.deepEqual(bad(MINIMAL.replace('goal: { localImage: tiny:1.0 }', "goal: { command: 'docker build' }")), ['l.yaml:9:13: "command" looks at what was typed, not at the world: use it in mistakes[].when only — goals and checks must test the world\'s state']);
  assert.deepEqual(bad(MINIMAL.replace('goal: { localImage: tiny:1.0 }', 'goal: { localImag: tiny:1.0 }')), ['l.yaml:9:13: unknown predicate "localImag" in steps[1].goal — did you mean "localImage"?']);
  assert.deepEqual(bad(MINIMAL.replace('      - { text: Docker on the laptop, correct: true }', '      - { text: Docker on the laptop }')), ['l.yaml:18:7: steps[2].choices: mark the right choice with "correct: true"']);
  assert.match(bad(MINIMAL.replace('title: Tiny\n', ''))[0] as string, /^l\.yaml:1:1: the lesson needs "title"$/);
  assert.match(bad(MINIMAL.replace('  - explain: Images', '  - explain: [Images'))[0] as string, /^l\.yaml:\d+:\d+: YAML: /);
  assert.match(bad(MINIMAL.replace('  - recap: Built outside, run inside.\n', ''))[0] as string, /the last step should be a "recap:"/);
  assert.match(bad(MINIMAL.replace('  - explain: Images are built outside the cluster.', '  - explain: x\n    recap: y'))[0] as string, /^l\.yaml:7:5: steps\[0\] has 2 kinds \(explain, recap\): one step, one kind$/);
});

test('lessons check passes the built-in course (what CI runs)', async () => {
  const r = await cli(['lessons', 'check'], { home: tempDir() });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^ok {3}build-and-push /m);
  assert.match(r.out, /^ok {3}registry-to-pod /m);
  assert.match(r.out, /all good: 2 lesson\(s\)/);
});

test('lessons check replays solutions and mistakes and fails a lesson that does not hold up', async () => {
  const dir = lessonDir({
    '01-good': MINIMAL,
    // The solution builds the wrong tag; the mistake's feedback is never said; an id is reused.
    '02-bad': MINIMAL.replace('id: tiny', 'id: tiny-bad').replace('solution: ["printf \'FROM busybox:1.37\\\\n\' > Dockerfile && docker build -q -t tiny:1.0 ."]', 'solution: ["printf \'FROM busybox:1.37\\\\n\' > Dockerfile && docker build -q -t other:1.0 ."]').replace("when: { command: '^kubectl build' }", "when: { command: '^kubectl nope' }"),
    '03-dup': MINIMAL,
    '04-broken': 'formatVersion: 1\nid: Broken\n',
  });
  const r = await cli(['lessons', 'check', dir], { home: tempDir() });
  assert.equal(r.code, 1);
  const errs = r.err.trim().split('\n');
  assert.ok(errs.some((l) => /02-bad\/lesson\.yaml:13:1: steps\[1\] \(do\)\.mistakes\[0\]: its feedback is never said/.test(l)), r.err);
  assert.ok(errs.some((l) => /02-bad\/lesson\.yaml:8:1: steps\[1\] \(do\): the solution does not pass the step: the laptop has no image tiny:1\.0/.test(l)), r.err);
  assert.ok(errs.some((l) => /03-dup\/lesson\.yaml:2:5: id "tiny" is already used by .*01-good/.test(l)), r.err);
  assert.ok(errs.some((l) => /04-broken\/lesson\.yaml:2:5: id "Broken" must be lower-case/.test(l)), r.err);
  assert.match(r.out, /^ok {3}tiny /m);
  assert.match(r.out, /^FAIL tiny-bad /m);
});

test('lessons check: a goal that already holds, and a missing folder', async () => {
  const dir = lessonDir({ '01-x': MINIMAL.replace('goal: { localImage: tiny:1.0 }', 'goal: { registryImage: nginx:1.27 }') });
  const r = await cli(['lessons', 'check', dir], { home: tempDir() });
  assert.equal(r.code, 1);
  assert.match(r.err, /steps\[1\] \(do\): the goal already holds before the learner does anything/);
  const missing = await cli(['lessons', 'check', join(dir, 'nope')], { home: tempDir() });
  assert.equal(missing.code, 2);
  assert.equal(missing.err.trim().split('\n').length, 1);
});

// ── learning ────────────────────────────────────────────────────────────────────────────────────

for (const id of ['build-and-push', 'registry-to-pod']) {
  test(`a scripted run of ${id} from its own solution completes (exit 0)`, async () => {
    const home = tempDir();
    const sol = await cli(['lessons', 'solution', id], { home });
    assert.equal(sol.code, 0);
    const answers = join(home, 'answers.txt');
    writeFileSync(answers, sol.out);
    const r = await cli(['learn', id, '--answers', answers], { home });
    assert.equal(r.code, 0, r.out + r.err);
    assert.match(r.out, /Lesson complete: /);
    assert.match(r.out, /What just happened:/);
    const list = JSON.parse((await cli(['lessons', '--json'], { home })).out) as Array<{ id: string; status: string; minutes: number; topics: string[]; title: string }>;
    assert.equal(list.find((l) => l.id === id)?.status, 'completed');
    assert.deepEqual(Object.keys(list[0] ?? {}), ['id', 'title', 'minutes', 'topics', 'status']);
  });
}

test('piped stdin is the learner typing; hints come one by one, then the solution after a confirmation', async () => {
  const home = tempDir();
  const r = await cli(['learn', 'build-and-push'], { home, input: 'kubectl build -t learner/site:1.0 site\nhint\nsolution\nsolution\nhint\nhint\nhint\n' });
  assert.equal(r.code, 1, 'input ended before the lesson did');
  assert.match(r.out, /✗ kubectl has no build command: Kubernetes does not build images/);
  assert.match(r.out, /Hint 1\/3: Images are built by a build tool/);
  assert.match(r.out, /There are 2 hints you have not seen/);
  assert.match(r.out, /Solution \(type or paste these lines\):\ndocker build -t learner\/site:1\.0 site\n/, 'verbatim, not indented: it pastes back as it is');
  assert.match(r.out, /Hint 3\/3: Type `docker build/);
  assert.match(r.out, /No more hints/);
  assert.match(r.err, /^kubetutor: input ended before the lesson did \(at step 1 of 3\); progress saved — `kubetutor learn build-and-push` continues\n$/);
});

test('a wrong choice gets its feedback; skip runs the solution so later steps find their world', async () => {
  const home = tempDir();
  const r = await cli(['learn', 'build-and-push'], { home, input: 'skip\n3\n1\nskip\n' });
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /Skipped\. kubetutor runs the solution/);
  assert.match(r.out, /learner@laptop:~\/workspace\$ docker build -t learner\/site:1\.0 site\n/);
  assert.match(r.out, /✗ No: a node gets an image by pulling it from a registry \(or when someone loads\s+it onto that node by hand/);
  assert.match(r.out, /Lesson complete/);
  const progress = await cli(['progress'], { home });
  assert.match(progress.out, /\[x\] Build an image and push it to a registry \(build-and-push\) — 2 step\(s\) skipped/);
});

test('leaving and coming back: the world is rebuilt from the journal, files edited meanwhile are kept', async () => {
  const home = tempDir();
  const first = await cli(['learn', 'registry-to-pod'], { home, input: "cat > site.yaml <<'EOF'\napiVersion: apps/v1\n" });
  assert.equal(first.code, 1);
  // Meanwhile, in their own editor, the learner writes the file.
  const sol = (await cli(['lessons', 'solution', 'registry-to-pod'], { home })).out.split('\n');
  const manifest = sol.slice(1, sol.indexOf('EOF')).join('\n') + '\n';
  writeFileSync(join(home, 'workspaces', 'registry-to-pod', 'site.yaml'), manifest);
  const second = await cli(['learn'], { home, input: 'check\nkubectl get deploy site\n' });
  assert.match(second.out, /Welcome back: your world is as you left it \(the command you were still typing\swas dropped\)/);
  assert.match(second.out, /\$ check\n✓ Done\./);
  assert.equal(readFileSync(join(home, 'workspaces', 'registry-to-pod', 'site.yaml'), 'utf8'), manifest);
  const third = await cli(['learn', 'registry-to-pod'], { home, input: '2\nkubectl apply -f site.yaml\nkubelet\n1,3\n' });
  assert.equal(third.code, 0, third.err);
  // The world came back too: the setup's image is in the registry, so the pods ran.
  assert.match(third.out, /deployment\.apps\/site created/);
  assert.match(third.out, /Lesson complete/);
});

test('restart starts over in a fresh world; --reset too', async () => {
  const home = tempDir();
  await cli(['learn', 'build-and-push'], { home, input: 'docker build -q -t learner/site:1.0 site\n' });
  const r = await cli(['learn', 'build-and-push'], { home, input: 'restart\ndocker images learner/site\n' });
  assert.match(r.out, /Starting the lesson over in a fresh world/);
  assert.match(r.out, /\$ docker images learner\/site\nREPOSITORY +TAG +IMAGE ID +CREATED +SIZE\n$/, 'the image built before the restart is gone');
  const again = await cli(['learn', 'build-and-push', '--reset'], { home, input: '' });
  assert.doesNotMatch(again.out, /Welcome back/);
});

test('an unknown lesson and an unreadable --answers file are usage errors with one line', async () => {
  const home = tempDir();
  const a = await cli(['learn', 'no-such-lesson'], { home });
  assert.equal(a.code, 2);
  assert.equal(a.err, 'kubetutor: no lesson "no-such-lesson" — `kubetutor lessons` lists them\n');
  const b = await cli(['learn', 'build-and-push', '--answers', join(home, 'missing.txt')], { home });
  assert.equal(b.code, 2);
  assert.match(b.err, /^kubetutor: --answers: cannot read .*missing\.txt \(ENOENT\)\n$/);
});

test('lessons solution prints the --answers lines; lessons lists status', async () => {
  const home = tempDir();
  const s = await cli(['lessons', 'solution', 'build-and-push'], { home });
  assert.equal(s.out, 'docker build -t learner/site:1.0 site\n1\necho pw | docker login -u learner --password-stdin\ndocker push learner/site:1.0\n');
  await cli(['learn', 'build-and-push'], { home, input: 'docker build -q -t learner/site:1.0 site\n' });
  const l = await cli(['lessons'], { home });
  assert.match(l.out, /^ID {16}TITLE {38}MINUTES {3}STATUS$/m);
  assert.match(l.out, /^build-and-push .* in progress \(step 2 of 3\)$/m);
  assert.match(l.out, /^registry-to-pod .* not started$/m);
});

test('reset asks first: refused without a terminal unless --yes', async () => {
  const home = tempDir();
  await cli(['learn', 'build-and-push'], { home, input: 'docker build -q -t learner/site:1.0 site\n' });
  const refused = await cli(['reset', 'build-and-push'], { home });
  assert.equal(refused.code, 2);
  assert.match(refused.err, /reset asks before forgetting your progress on "Build an image and push it to a registry": run it in a terminal, or add --yes/);
  assert.match((await cli(['lessons'], { home })).out, /in progress/);
  const ok = await cli(['reset', '--yes'], { home });
  assert.equal(ok.code, 0);
  assert.doesNotMatch((await cli(['lessons'], { home })).out, /in progress/);
  assert.equal(existsSync(join(home, 'workspaces', 'build-and-push')), false);
});

// ── progress on disk ────────────────────────────────────────────────────────────────────────────

test('a corrupt progress file: one warning line, kept as a backup, a fresh start', async () => {
  const home = tempDir();
  writeFileSync(join(home, 'progress.json'), '{"formatVersion": 1, "lessons": {');
  const r = await cli(['lessons'], { home });
  assert.equal(r.code, 0);
  assert.equal(r.err.split('\n').filter(Boolean).length, 1);
  assert.match(r.err, /^kubetutor: warning: progress file .*progress\.json is damaged \(not valid JSON: .*\); kept it as .*progress\.json\.corrupt-1 and started fresh\n$/);
  assert.equal(readFileSync(join(home, 'progress.json.corrupt-1'), 'utf8'), '{"formatVersion": 1, "lessons": {');
  assert.match(r.out, /not started/);
});

test('a progress file from a newer kubetutor is read but never overwritten', () => {
  const home = tempDir();
  const text = JSON.stringify({ formatVersion: 99, lessons: {} });
  writeFileSync(join(home, 'progress.json'), text);
  const store = new ProgressStore(home, () => new Date());
  assert.match(store.read().warning ?? '', /written by a newer kubetutor/);
  const r = store.save('x', { status: 'in-progress', step: 1, steps: 2, journal: [], skipped: [], startedAt: 'a', updatedAt: 'b' });
  assert.equal(r.ok, false);
  assert.equal(readFileSync(join(home, 'progress.json'), 'utf8'), text);
});

/**
 * Make a folder read-only for this process: permissions for a normal user; for root (which
 * ignores them, as in many CI containers) the immutable attribute. Undefined when neither works.
 */
function makeReadOnly(dir: string): (() => void) | undefined {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o500);
    return () => chmodSync(dir, 0o700);
  }
  if (spawnSync('chattr', ['+i', dir]).status !== 0) return undefined;
  return () => { spawnSync('chattr', ['-i', dir]); };
}

test('a read-only data folder: one warning, and the lesson goes on', async (t) => {
  const home = tempDir();
  mkdirSync(join(home, 'workspaces', 'build-and-push'), { recursive: true });
  const undo = makeReadOnly(home);
  if (!undo) { t.skip('cannot make a folder read-only here (root without chattr)'); return; }
  try {
    const r = await cli(['learn', 'build-and-push'], { home, input: 'docker build -q -t learner/site:1.0 site\n1\n' });
    assert.equal(r.err.split('\n').filter((l) => l.startsWith('kubetutor: warning:')).length, 1, r.err);
    assert.match(r.err, /kubetutor: warning: cannot (lock|save progress to) .*\((EACCES: permission denied|EPERM: operation not permitted)\); continuing, but this session's progress will not be kept/);
    assert.match(r.out, /✓ Done\. A build writes to the local image store only/);
    assert.equal(existsSync(join(home, 'progress.json')), false);
  } finally {
    undo();
  }
});

test('two kubetutors saving at once lose nothing', async () => {
  const home = tempDir();
  const script = `
    import { ProgressStore } from ${JSON.stringify(join(import.meta.dirname, '..', 'src', 'course', 'progress.ts'))};
    const [who, n] = process.argv.slice(-2);
    const store = new ProgressStore(${JSON.stringify(home)}, () => new Date());
    for (let i = 1; i <= Number(n); i++) {
      const r = store.save(who, { status: 'in-progress', step: i, steps: 100, journal: Array.from({ length: i }, (_, k) => 'line ' + k), skipped: [], startedAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-01T00:00:00.000Z" });
      if (!r.ok) { console.error(r.error); process.exit(1); }
    }`;
  const runOne = (who: string): Promise<number> => new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, who, '40'], { stdio: ['ignore', 'inherit', 'inherit'] });
    p.on('exit', (c) => resolve(c ?? 1));
  });
  const codes = await Promise.all([runOne('alpha'), runOne('beta'), runOne('gamma')]);
  assert.deepEqual(codes, [0, 0, 0]);
  const data = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { step: number }> };
  assert.deepEqual(Object.fromEntries(Object.entries(data.lessons).map(([k, v]) => [k, v.step])), { alpha: 40, beta: 40, gamma: 40 });
  assert.deepEqual(readdirSync(home).sort(), ['progress.json'], 'no temp or lock files left behind');
});

// ── the engine itself ───────────────────────────────────────────────────────────────────────────

test('the engine judges the world, not the keystrokes: another way to the same state passes', () => {
  const r = parseLesson(MINIMAL, 'tiny.yaml');
  assert.ok(r.ok);
  const run = new LessonRun(r.lesson, () => session());
  run.begin();
  // Not the solution's command: a Dockerfile via heredoc and a build with a different flag order.
  for (const line of ["cat > Dockerfile <<'EOF'", 'FROM busybox:1.37', 'EOF']) run.input(line);
  assert.equal(run.stepIndex, 1);
  const o = run.input('docker build . --tag tiny:1.0 -q');
  assert.equal(run.stepIndex, 2, JSON.stringify(o.blocks));
  assert.ok(o.blocks.some((b) => b.kind === 'success'));
  assert.ok(o.blocks.some((b) => b.kind === 'question'));
});

// ── what a review found: each of these once lost work or misled a learner ─────────────────────

test('Ctrl-C inside a heredoc: the half-typed command leaves the journal, the finished step stays', () => {
  const r = parseLesson(MINIMAL, 'tiny.yaml');
  assert.ok(r.ok);
  const run = new LessonRun(r.lesson, () => session());
  run.begin();
  run.input("cat > x <<'EOF'");
  run.input('hello');
  assert.equal(run.cancelPending(), true);
  run.input("printf 'FROM busybox:1.37\\n' > Dockerfile && docker build -q -t tiny:1.0 .");
  assert.equal(run.stepIndex, 2);
  assert.deepEqual(run.journal, ["printf 'FROM busybox:1.37\\n' > Dockerfile && docker build -q -t tiny:1.0 ."]);
});

test('check names a known mistake in a file written with an editor, and says what must not be', async () => {
  const home = tempDir();
  await cli(['learn', 'registry-to-pod'], { home, input: '' });
  const sol = (await cli(['lessons', 'solution', 'registry-to-pod'], { home })).out.split('\n');
  const manifest = `${sol.slice(1, sol.indexOf('EOF')).join('\n')}\n        imagePullPolicy: Never\n`;
  writeFileSync(join(home, 'workspaces', 'registry-to-pod', 'site.yaml'), manifest);
  const r = await cli(['learn', 'registry-to-pod'], { home, input: 'check\n' });
  assert.match(r.out, /✗ imagePullPolicy: Never tells the kubelet never to pull/);
  assert.match(r.out, /Not yet: in site\.yaml, spec\.template\.spec\.containers\[0\]\.imagePullPolicy\sis\s"Never"\s—\sand\sit\sshould\snot\sbe\./);
});

test('coming back after the workspace changed: the world is brought to where the learner was', async () => {
  const home = tempDir();
  await cli(['learn', 'build-and-push'], { home, input: 'docker build -q -t learner/site:1.0 site\n1\n' });
  // Meanwhile the Dockerfile is broken, and a starter file is deleted.
  writeFileSync(join(home, 'workspaces', 'build-and-push', 'site', 'Dockerfile'), 'FROM busybox:1.37\nRUN exit 1\n');
  rmSync(join(home, 'workspaces', 'build-and-push', 'site', 'index.html'));
  const r = await cli(['learn', 'build-and-push'], { home, input: 'echo pw | docker login -u learner --password-stdin\ndocker push learner/site:1.0\n' });
  // The build (typed at step 1) now fails; the answer typed at step 2 still counts once step 1's
  // solution has run: one step brought forward, none marked skipped.
  assert.match(r.out, /could not be replayed .* so kubetutor ran the solution of one step/s);
  assert.match(r.out, /Step 3\/3/);
  // The Dockerfile on disk is still broken, so the fast-forward could not build the image: the
  // world says so honestly instead of pretending.
  assert.match(r.out, /\$ docker push learner\/site:1\.0\n(.*\n)*.*(does not exist|No such image)/);
  assert.equal(r.code, 1);
});

test('coming back after a starter file was deleted: the setup still runs (from the lesson), no internal error', async () => {
  const home = tempDir();
  await cli(['learn', 'registry-to-pod'], { home, input: 'kubectl get nodes\n' });
  rmSync(join(home, 'workspaces', 'registry-to-pod', 'site'), { recursive: true });
  const r = await cli(['learn', 'registry-to-pod'], { home, input: 'kubectl get nodes\n' });
  assert.equal(r.code, 1, 'input ended, as it should');
  assert.match(r.out, /Welcome back/);
  assert.doesNotMatch(r.err, /internal error/);
});

test('taking a completed lesson again keeps its completion', async () => {
  const home = tempDir();
  const sol = await cli(['lessons', 'solution', 'build-and-push'], { home });
  await cli(['learn', 'build-and-push'], { home, input: sol.out });
  const again = await cli(['learn', 'build-and-push'], { home, input: '' });
  assert.match(again.out, /You completed this lesson before: starting it again \(your completion is kept\)/);
  const p = await cli(['progress'], { home });
  assert.match(p.out, /^1 of 2 lessons completed\./);
  assert.match(p.out, /\[x\] Build an image and push it to a registry \(build-and-push\) — taking it again, at step 1 of 3/);
  assert.match((await cli(['lessons'], { home })).out, /in progress \(step 1 of 3\), completed before/);
});

test('a lesson open in another kubetutor is refused with one line', async () => {
  const home = tempDir();
  mkdirSync(join(home, 'workspaces'), { recursive: true });
  // A live process holds the lesson (this test's own parent stands in for the other kubetutor).
  writeFileSync(join(home, 'workspaces', 'build-and-push.lock'), String(process.ppid));
  const r = await cli(['learn', 'build-and-push'], { home, input: 'hint\n' });
  assert.equal(r.code, 1);
  assert.equal(r.err, `kubetutor: the lesson "build-and-push" is open in another kubetutor (process ${process.ppid}); finish or quit it there first\n`);
  // A lock left by a process that is gone is taken over.
  writeFileSync(join(home, 'workspaces', 'build-and-push.lock'), '999999999');
  assert.equal((await cli(['learn', 'build-and-push'], { home, input: '' })).code, 1, 'runs (and ends for want of input)');
  assert.equal(existsSync(join(home, 'workspaces', 'build-and-push.lock')), false, 'released');
});

test('progress files of odd shapes: normalised when they can be, kept aside when not — never a crash', async () => {
  const home = tempDir();
  writeFileSync(join(home, 'progress.json'), JSON.stringify({ formatVersion: 1, lessons: { 'build-and-push': { status: 'completed', step: 5, journal: [] } } }));
  const p = await cli(['progress'], { home });
  assert.equal(p.code, 0, p.err);
  assert.match(p.out, /^1 of 2 lessons completed/);
  writeFileSync(join(home, 'progress.json'), JSON.stringify({ formatVersion: 1, lessons: { a: { status: 'in-progress', step: -5, journal: [] }, b: { status: 'in-progress', step: 1, journal: [], updatedAt: 7 } } }));
  const l = await cli(['learn'], { home, input: '' });
  assert.notEqual(l.code, 70, l.err);
  assert.match(l.err, /^kubetutor: warning: progress file .* is damaged \(lesson "a": step must be a whole number\); kept it as .*progress\.json\.corrupt-1/);
});

test('answers files: a byte-order mark is dropped; binary input and folders are refused with one line', async () => {
  const home = tempDir();
  const bom = join(home, 'bom.txt');
  writeFileSync(bom, '\ufeffhint\n');
  const a = await cli(['learn', 'build-and-push', '--answers', bom], { home });
  assert.match(a.out, /\$ hint\nHint 1\/3/);
  const bin = join(home, 'bin.txt');
  writeFileSync(bin, Buffer.from([0x68, 0x69, 0x00, 0xff, 0x0a]));
  const b = await cli(['learn', 'build-and-push', '--answers', bin, '--reset'], { home });
  assert.equal(b.code, 2);
  assert.match(b.err, /^kubetutor: .*bin\.txt: line 1 holds binary data \(a NUL byte\).*; progress up to there is saved\n$/);
  const d = await cli(['learn', 'build-and-push', '--answers', home], { home });
  assert.equal(d.code, 2);
  assert.match(d.err, /is a folder, not a file/);
});

test('the loader refuses what could never work: a typo in a kind, a bad selector, a lesson command as a solution, an endless wait', () => {
  const bad = (text: string): string => {
    const r = parseLesson(text, 'l.yaml');
    return r.ok ? '' : r.problems.map(formatProblem).join('\n');
  };
  assert.match(bad(MINIMAL.replace('goal: { localImage: tiny:1.0 }', 'goal: { not: { object: { kind: Deploymnet, name: x } } }')), /l\.yaml:9:\d+: steps\[1\]\.goal\.not\.object\.kind: kubetutor's cluster has no kind "Deploymnet" — did you mean "Deployment"\?/);
  assert.match(bad(MINIMAL.replace('goal: { localImage: tiny:1.0 }', "goal: { pods: { selector: 'app!=web' } }")), /selector: write labels as key=value/);
  assert.match(bad(MINIMAL.replace('goal: { localImage: tiny:1.0 }', 'goal: { localImage: "Not A Ref" }')), /"Not A Ref" is not a valid image reference/);
  assert.match(bad(MINIMAL.replace('solution: ["printf', 'solution: [skip, "printf')), /"skip" is a lesson command, not something that does the step/);
  assert.match(bad(MINIMAL.replace('    hints:', '    wait: 100000000\n    hints:')), /wait must be a whole number of seconds, at most 600/);
  assert.match(bad(MINIMAL.replace('prerequisites', 'x').replace('minutes: 1', 'minutes: 1\nprerequisites: [tiny]')), /a lesson cannot be its own prerequisite/);
  assert.match(bad(MINIMAL.replace('title: Tiny', 'title: &t Tiny').replace('summary: A tiny lesson.', 'summary: *t')), /YAML aliases \(\*name\) are not allowed/);
});

test('a resume that falls short and later catches up never jumps past where the learner was', async () => {
  const home = tempDir();
  const W = join(home, 'workspaces', 'registry-to-pod');
  await cli(['learn', 'registry-to-pod'], { home, input: 'hint\n' });
  const sol = (await cli(['lessons', 'solution', 'registry-to-pod'], { home })).out.split('\n');
  const manifest = `${sol.slice(1, sol.indexOf('EOF')).join('\n')}\n`;
  writeFileSync(join(W, 'site.yaml'), manifest);
  await cli(['learn', 'registry-to-pod'], { home, input: 'check\n2\n' });
  writeFileSync(join(W, 'site.yaml'), manifest.replace('replicas: 2', 'replicas: 3'));
  const short = await cli(['learn', 'registry-to-pod'], { home, input: 'hint\n' });
  assert.match(short.out, /ran the solution of one step/);
  writeFileSync(join(W, 'site.yaml'), manifest);
  const back = await cli(['learn', 'registry-to-pod'], { home, input: '' });
  assert.match(back.out, /Step 3\/5/);
  assert.doesNotMatch(back.out, /could not be replayed/);
  const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { step: number; skipped: number[]; lineSteps: number[]; journal: string[] }> };
  const p = saved.lessons['registry-to-pod'];
  assert.deepEqual([p?.step, p?.skipped, p?.journal.length === p?.lineSteps.length], [3, [], true]);
});

test('answers: a line that is not UTF-8 is named by its number, and the lines before it were typed', async () => {
  const home = tempDir();
  const bad = join(home, 'bad.txt');
  writeFileSync(bad, Buffer.concat([Buffer.from('hint\n'), Buffer.from([0xff, 0x0a])]));
  const r = await cli(['learn', 'build-and-push', '--answers', bad], { home });
  assert.equal(r.code, 2);
  assert.match(r.out, /\$ hint\nHint 1\/3/);
  assert.match(r.err, /bad\.txt: line 2 is not UTF-8 text/);
});

test('a solution may write a file whose lines look like lesson commands', () => {
  const text = MINIMAL.replace('solution: ["printf', "solution: [\"cat > notes <<'EOF'\", check, EOF, \"printf");
  const r = parseLesson(text, 'l.yaml');
  assert.ok(r.ok, r.ok ? '' : r.problems.map(formatProblem).join('\n'));
});

test('reset refuses a lesson open in another kubetutor', async () => {
  const home = tempDir();
  await cli(['learn', 'build-and-push'], { home, input: 'hint\n' });
  writeFileSync(join(home, 'workspaces', 'build-and-push.lock'), String(process.ppid));
  const r = await cli(['reset', 'build-and-push', '--yes'], { home });
  assert.equal(r.code, 1);
  assert.match(r.err, /open in another kubetutor/);
  assert.match((await cli(['lessons'], { home })).out, /in progress/);
});
