/**
 * The lesson's terminal side: questions through @inquirer/testing (our prompt wrappers, given
 * inquirer's in-memory streams), and whole lessons in a real pseudo-terminal for Ctrl-C.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { render } from '@inquirer/testing';
import type { Context } from '@inquirer/type';
import { parseLesson } from '../src/course/loader.ts';
import { LessonRun } from '../src/course/lesson-run.ts';
import type { Io } from '../src/ui/io.ts';
import { askStep } from '../src/ui/lesson-driver.ts';
import { chooseOrBack, isCancel } from '../src/ui/prompts.ts';
import { inPty, session } from './helpers.ts';

const LESSON = `formatVersion: 1
id: q
title: Questions
summary: Two questions.
minutes: 1
steps:
  - ask: Which component pulls images on a node?
    choices:
      - { text: The scheduler, say: The scheduler only picks a node. }
      - { text: "The kubelet, through the container runtime", correct: true }
  - ask: What does Kubernetes do?
    multiple: true
    choices:
      - { text: Schedule pods, correct: true }
      - { text: Build images }
      - { text: Restart crashed containers, correct: true }
  - recap: Done.
`;

function runAtQuestions(): LessonRun {
  const r = parseLesson(LESSON, 'q.yaml');
  assert.ok(r.ok);
  const run = new LessonRun(r.lesson, () => session());
  run.begin();
  return run;
}

/** An Io over the streams @inquirer/testing hands a prompt. */
function ioOf(ctx: Context | undefined): Io {
  return { stdin: ctx?.input as NodeJS.ReadStream, stdout: ctx?.output as NodeJS.WriteStream, stderr: new PassThrough(), interactive: true, color: false, columns: () => 80, env: {} };
}

test('a single-choice question is a select: arrow down, enter, and the engine takes the answer', async () => {
  const run = runAtQuestions();
  const { answer, events, getScreen } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  assert.match(getScreen(), /Your answer:/);
  assert.match(getScreen(), /The scheduler/);
  assert.doesNotMatch(getScreen(), /\(show a hint\)/, 'a question without hints offers none');
  assert.match(getScreen(), /\(show the answer\)/);
  events.keypress('down');
  events.keypress('enter');
  const picked = await answer;
  assert.equal(picked, '2');
  const o = run.input(picked);
  assert.ok(o.blocks.some((b) => b.kind === 'success'));
  assert.equal(run.current?.kind, 'ask');
});

test('a multiple-choice question is a checkbox: space selects, enter confirms', async () => {
  const run = runAtQuestions();
  run.input('2');
  const { answer, events } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  events.keypress('space');
  events.keypress('down');
  events.keypress('down');
  events.keypress('space');
  events.keypress('enter');
  assert.equal(await answer, '1,3');
  const o = run.input('1,3');
  assert.equal(o.ended, 'complete');
});

test('a wrong pick: its feedback, and the same question again', async () => {
  const run = runAtQuestions();
  const { answer, events } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  events.keypress('enter');
  assert.equal(await answer, '1');
  const o = run.input('1');
  assert.deepEqual(o.blocks, [{ kind: 'feedback', text: 'The scheduler only picks a node.' }]);
  assert.equal(run.stepIndex, 0);
});

test('a question offers the lesson commands too: "(show the answer)" twice shows it', async () => {
  const run = runAtQuestions();
  const pick = async (): Promise<string> => {
    const { answer, events, getScreen } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
    assert.match(getScreen(), /\(skip this question\)/);
    events.keypress('down');
    events.keypress('down');
    events.keypress('enter');
    return answer;
  };
  assert.equal(await pick(), 'solution');
  assert.deepEqual(run.input('solution').blocks, [{ kind: 'solution', lines: ['2'] }], 'no hints to see first: the answer at once');
  assert.equal(run.stepIndex, 0);
});

test('a judged pick ends with a neutral mark, never a green ✔ before the verdict; the wrong pick is where the next try starts', async () => {
  const run = runAtQuestions();
  const first = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  first.events.keypress('enter');
  assert.equal(await first.answer, '1');
  assert.doesNotMatch(first.getScreen(), /✔/);
  assert.match(first.getScreen(), /^› Your answer: The scheduler/m);
  run.input('1');
  const again = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx), '1'), {});
  again.events.keypress('down');
  again.events.keypress('enter');
  assert.equal(await again.answer, '2', 'the cursor started on the earlier pick');
});

test('a checkbox keeps the earlier picks after a wrong try, and an empty submit is not an answer (nor a hint request)', async () => {
  const run = runAtQuestions();
  run.input('2');
  const { answer, events, getScreen } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx), '1,2'), {});
  events.keypress('down');
  events.keypress('space'); // un-tick 2
  events.keypress('down');
  events.keypress('space'); // tick 3
  events.keypress('enter');
  assert.equal(await answer, '1,3');
  assert.doesNotMatch(getScreen(), /✔/);
  const empty = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  empty.events.keypress('enter');
  await new Promise((r) => setImmediate(r)); // the checkbox validates asynchronously before it redraws
  assert.match(empty.getScreen(), /At least one choice must be selected/);
  empty.events.keypress('space');
  empty.events.keypress('enter');
  assert.equal(await empty.answer, '1');
});

test('the lesson chooser has a Back entry, and Esc goes back', async () => {
  const back = await render((_: object, ctx?: Context) => chooseOrBack(ioOf(ctx), 'Which lesson?', [{ name: 'One', value: 1 }, { name: 'Two', value: 2 }]), {});
  assert.match(back.getScreen(), /← Back/);
  back.events.keypress('down');
  back.events.keypress('down');
  back.events.keypress('enter');
  assert.equal(await back.answer, undefined);
  const esc = await render((_: object, ctx?: Context) => chooseOrBack(ioOf(ctx), 'Which lesson?', [{ name: 'One', value: 1 }]), {});
  esc.events.keypress('escape');
  assert.equal(await esc.answer, undefined);
  const pick = await render((_: object, ctx?: Context) => chooseOrBack(ioOf(ctx), 'Which lesson?', [{ name: 'One', value: 1 }]), {});
  pick.events.keypress('enter');
  assert.equal(await pick.answer, 1);
});

test('Ctrl-C at a question rejects with inquirer\'s cancellation, which isCancel recognises', async () => {
  const run = runAtQuestions();
  const { answer, events } = await render((_: object, ctx?: Context) => askStep(run, ioOf(ctx)), {});
  events.keypress({ name: 'c', ctrl: true });
  await assert.rejects(answer, (e) => isCancel(e));
});

// ── a real terminal ─────────────────────────────────────────────────────────────────────────────

/** The shell's prompt, and an inquirer menu ready for keys (its key help is drawn last). */
const PROMPT = /\$ $/;
const MENU = /navigate/;

const noPty = spawnSync('python3', ['-c', 'import pty']).status !== 0 ? 'python3 with its pty module is needed for terminal tests' : false;

test('on a terminal: a pasted heredoc arrives whole, and Ctrl-C inside a heredoc drops only it; Ctrl-D leaves, saved', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const paste = "cat > site.yaml <<'EOF'\rapiVersion: apps/v1\rkind: Deployment\rEOF\r";
    const { screen, status } = inPty(['learn', 'registry-to-pod'], [[PROMPT, paste], [PROMPT, "cat > x <<'EOF'\r"], [/> $/, 'half\r'], [/> $/, '\x03'], [PROMPT, '\x04']], { KUBETUTOR_HOME: home });
    assert.equal(status, 0, screen);
    assert.match(screen, /Your progress is saved/);
    const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { journal: string[] }> };
    assert.deepEqual(saved.lessons['registry-to-pod']?.journal, ["cat > site.yaml <<'EOF'", 'apiVersion: apps/v1', 'kind: Deployment', 'EOF']);
    assert.equal(readFileSync(join(home, 'workspaces', 'registry-to-pod', 'site.yaml'), 'utf8'), 'apiVersion: apps/v1\nkind: Deployment\n');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: Ctrl-C typed ahead after a heredoc\'s lines reaches the shell after them', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    // One write: the lines are taken before the interrupt is, and the interrupt drops their heredoc.
    const { screen, status } = inPty(['learn', 'registry-to-pod'], [[PROMPT, "cat > x <<'EOF'\rhalf\r\x03"], [PROMPT, '\x03'], [/progress is saved\.\)[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home });
    assert.equal(status, 0, screen);
    assert.match(screen, /\(Ctrl-C cancels a command\. To leave the lesson type quit, or press Ctrl-D — your progress is saved\.\)/);
    const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { journal: string[] }> };
    assert.deepEqual(saved.lessons['registry-to-pod']?.journal ?? [], []);
    assert.doesNotMatch(screen, /command not found/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: Ctrl-C in a lesson saves, prints one line and exits 130; learn resumes there', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['learn', 'build-and-push'], [[PROMPT, 'docker build -q -t learner/site:1.0 site\r'], [MENU, '\x03']], { KUBETUTOR_HOME: home });
    assert.equal(status, 130, screen);
    assert.match(screen, /Workspace: /);
    assert.match(screen, /\x1b\[[0-9;]*m/, 'colour on a terminal');
    assert.match(screen, /Your answer:/, 'the question came up as a prompt');
    assert.match(screen, /lesson paused \(Ctrl-C\); progress saved — `kubetutor learn build-and-push` continues where you left/);
    assert.doesNotMatch(screen, /at .*\.js:\d+/);
    const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { journal: string[]; step: number }> };
    assert.deepEqual(saved.lessons['build-and-push']?.journal, ['docker build -q -t learner/site:1.0 site']);
    const again = inPty(['learn'], [[MENU, '\x03']], { KUBETUTOR_HOME: home });
    assert.equal(again.status, 130);
    assert.match(again.screen, /Welcome back/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: the home menu offers to start the next lesson; Ctrl-C leaves with 130', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty([], [[MENU, '\x03']], { KUBETUTOR_HOME: home });
    assert.equal(status, 130, screen);
    assert.match(screen, /What would you like to do\?/);
    assert.match(screen, /Start: Build an image and push it to a registry/);
    assert.match(screen, /kubetutor: closed \(Ctrl-C\)/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: restart asks first; no keeps the lesson as it was', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['learn', 'build-and-push'], [[PROMPT, 'echo kept > note.txt\r'], [PROMPT, 'restart\r'], [/Start this lesson over in a fresh world\?/, 'n\r'], [PROMPT, 'cat note.txt\r'], [/kept\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home });
    assert.equal(status, 0, screen);
    assert.doesNotMatch(screen, /Starting the lesson over/);
    const saved = JSON.parse(readFileSync(join(home, 'progress.json'), 'utf8')) as { lessons: Record<string, { journal: string[] }> };
    assert.deepEqual(saved.lessons['build-and-push']?.journal, ['echo kept > note.txt', 'cat note.txt']);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: edit FILE in a lesson opens $EDITOR on the workspace file, which the lesson then sees', { skip: noPty }, () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const editor = join(home, 'fake-editor');
    writeFileSync(editor, '#!/bin/sh\necho "written in the editor" >> "$1"\n');
    chmodSync(editor, 0o755);
    const { screen, status } = inPty(['learn', 'build-and-push'], [[PROMPT, 'edit note.txt\r'], [PROMPT, 'cat note.txt\r'], [/written in the editor\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home, EDITOR: editor });
    assert.equal(status, 0, screen);
    assert.equal(readFileSync(join(home, 'workspaces', 'build-and-push', 'note.txt'), 'utf8'), 'written in the editor\n');
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});
