/**
 * End-to-end runs in a real pseudo-terminal: the terminal-only behaviour (colour, live layer
 * progress, Ctrl-C) that piped tests cannot see. python3's pty module provides the terminal.
 */
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inPty } from './helpers.ts';

/** The laptop shell's prompt, drawn and waiting. */
const PROMPT = /\$ $/;

test('on a terminal: a coloured prompt, live layer progress, then the final layer states', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker pull nginx:1.27\r'], [/Status: Downloaded newer image[\s\S]*\$ $/, 'exit\r']], { COLUMNS: '120' });
    assert.equal(status, 0, screen);
    assert.match(screen, /\x1b\[[0-9;]*m/, 'colour codes on a terminal');
    assert.match(screen, /: Downloading \[=*> *\] +[\d.]+[kMG]?B\/[\d.]+[kMG]?B/, 'a live progress bar was drawn, as Docker draws it wider than 110 columns');
    assert.match(screen, /: Pull complete/);
    assert.match(screen, /Status: Downloaded newer image for nginx:1\.27/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal 60 columns wide: no progress bar (Docker draws one only wider than 110), and kubetutor\'s own lines wrap at word boundaries', () => {
  const { screen, status } = inPty(['sandbox', '--new'], [[PROMPT, 'docker pull nginx:1.27\r'], [/Status: Downloaded newer image[\s\S]*\$ $/, 'docker push nginx:1.27\r'], [/hint:[\s\S]*\$ $/, '\x04']], { COLUMNS: '60', NO_COLOR: '1' });
  assert.equal(status, 0, screen);
  const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
  assert.doesNotMatch(plain, /Downloading \[/);
  assert.match(plain, /: Downloading +[\d.]+[kMG]?B\/[\d.]+[kMG]?B/);
  const ours = plain.split(/\r?\n/).filter((l) => /^(hint:|Type |Workspace|kubetutor sandbox)/.test(l));
  assert.ok(ours.length >= 3, plain);
  // Every line kubetutor wrote fits (the prompt and the tools' own lines are the terminal's to wrap).
  const hintAndAfter = plain.slice(plain.indexOf('hint:')).split(/\r?\n/).filter((l) => !l.includes('$'));
  for (const l of [...ours, ...hintAndAfter]) assert.ok(l.length <= 60, `wider than 60: ${JSON.stringify(l)}`);
});

test('on a terminal: Ctrl-C cancels a half-typed line and, on an empty prompt, gives a fresh one (once saying how to leave); Ctrl-D leaves', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker ima'], [/docker ima$/, '\x03'], [PROMPT, '\x03'], [PROMPT, '\x03'], [PROMPT, 'echo still here\r'], [/still here[\s\S]*\$ $/, '\x04']]);
    assert.equal(status, 0, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /docker ima\^C/);
    assert.equal(plain.match(/To leave the sandbox type exit, or press Ctrl-D/g)?.length, 1, plain);
    assert.match(plain, /\$ \^C\r\n\(Ctrl-C cancels a command\. To leave the sandbox type exit, or press Ctrl-D\.\)\r\n/);
    assert.match(plain, /\$ \^C\r\nlearner@laptop:~\/workspace\$ echo still here\r+\nstill here\r\n/, 'the second Ctrl-C: a fresh prompt, and the sandbox goes on');
    assert.match(plain, /\$ exit\r\n/);
    assert.doesNotMatch(plain, /sandbox closed|at .*\.js:\d+/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal: inside a container\'s shell, Ctrl-C on an empty line interrupts that shell and Ctrl-D leaves it, not the sandbox', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker run -it busybox:1.37\r'], [/\/ # $/, '\x03'], [/\/ # $/, '\x04'], [PROMPT, '\x04']]);
    assert.equal(status, 0, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /\/ # \^C\r\n\/ # \r+\nlearner@laptop:~\/workspace\$ /, 'Ctrl-C gave the container\'s shell a fresh prompt; Ctrl-D left it');
    assert.match(plain, /learner@laptop:~\/workspace\$ exit\r\n/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal: history with ↑ is kept across sandboxes (and lessons) in the data folder', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const first = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'echo first-session\r'], [/first-session\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home });
    assert.equal(first.status, 0, first.screen);
    assert.equal(readFileSync(join(home, 'history'), 'utf8'), 'echo first-session\n');
    const again = inPty(['sandbox', '--workspace', ws], [[PROMPT, '\x1b[A'], [/echo first-session$/, '\r'], [/first-session\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home });
    assert.equal(again.status, 0, again.screen);
    assert.match(again.screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, ''), /echo first-session\r+\nfirst-session\r\n/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: Tab completes as bash with kubectl\'s completion does — the common prefix, then a second Tab lists the candidates', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    // `po` begins pods, podtemplates and poddisruptionbudgets.policy (kubectl api-resources -o name): Tab inserts `d`.
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'kubectl get po'], [/kubectl get po$/, '\t'], [/d$/, '\t'],
      [/podtemplates[\s\S]*kubectl get pod$/, 's\t'], [/s $/, '\r'], [/No resources found in default namespace\.[\s\S]*\$ $/, 'exit\r']]);
    assert.equal(status, 0, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /poddisruptionbudgets\.policy\s+pods\s+podtemplates/, 'the second Tab listed the candidates');
    assert.match(plain, /kubectl get pods \r+\nNo resources found in default namespace\./, 'a unique candidate ends with a space');
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal: the sandbox is kept — leave with Ctrl-D, come back to the same world; --new starts over', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const env = { KUBETUTOR_HOME: home };
    const first = inPty(['sandbox'], [[PROMPT, 'kubectl create deployment web --image=nginx:1.27\r'], [/created\r\n[\s\S]*\$ $/, '\x04']], env);
    assert.equal(first.status, 0, first.screen);
    const again = inPty(['sandbox'], [[/Welcome back[\s\S]*\$ $/, 'kubectl get deploy -o name\r'], [/deployment\.apps\/web\r\n[\s\S]*\$ $/, '\x04']], env);
    assert.equal(again.status, 0, again.screen);
    assert.match(again.screen, /Welcome back: your world as you left it \(1 line replayed\)/);
    const fresh = inPty(['sandbox', '--new'], [[PROMPT, 'kubectl get deploy\r'], [/No resources found[\s\S]*\$ $/, '\x04']], env);
    assert.equal(fresh.status, 0, fresh.screen);
    assert.doesNotMatch(fresh.screen, /Welcome back/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: clear clears the screen (and its scrollback); piped, it prints nothing', () => {
  const { screen, status } = inPty(['sandbox', '--new'], [[PROMPT, 'echo before; clear; echo after\r'], [/after\r\n[\s\S]*\$ $/, '\x04']]);
  assert.equal(status, 0, screen);
  assert.match(screen, /before\r\n\x1b\[H\x1b\[2J\x1b\[3Jafter\r\n/);
});

test('on a terminal: a watch goes on live until Ctrl-C ($? 130), the world running meanwhile; the kept sandbox replays it', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const env = { KUBETUTOR_HOME: home };
    const { screen, status } = inPty(['sandbox'], [
      [PROMPT, 'kubectl create deployment web --image=nginx:1.27\r'],
      [/created\r\n[\s\S]*\$ $/, 'kubectl get pods -w\r'],
      [/web-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running/, '\x03'],
      [PROMPT, 'echo "status $?"\r'],
      [/status 130\r\n[\s\S]*\$ $/, '\x04'],
    ], env);
    assert.equal(status, 0, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /NAME +READY +STATUS +RESTARTS +AGE\r\nweb-[a-z0-9]+-[a-z0-9]{5} +0\/1 +(Pending|ContainerCreating) /);
    assert.match(plain, /Running +0 +\d+s\r\n\^C\r\n/);
    assert.doesNotMatch(plain, /keeps watching until you press Ctrl-C/, 'no piped-mode hint: it really went on until Ctrl-C');
    const ran = Number(/Running +0 +(\d+)s\r\n\^C/.exec(plain)?.[1]);
    const again = inPty(['sandbox'], [[/Welcome back[\s\S]*\$ $/, 'kubectl get pods --no-headers\r'], [/Running[\s\S]*\$ $/, '\x04']], env);
    assert.equal(again.status, 0, again.screen);
    assert.match(again.screen, /\(3 lines replayed\)/);
    // The replayed watch ran as long as the live one: the pod is as old as it was then (plus the echo's moment).
    const age = Number(/web-[a-z0-9]+-[a-z0-9]{5} +1\/1 +Running +0 +(\d+)s/.exec(again.screen)?.[1]);
    assert.ok(age >= ran && age <= ran + 2, `age ${age} after a watch that showed ${ran}`);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: docker login asks for the password with echo off (Docker Hub without -u starts its web sign-in); edit opens $EDITOR; both are kept', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  const editor = join(home, 'fake-editor');
  try {
    writeFileSync(editor, '#!/bin/sh\necho "edited by $(basename "$1")" >> "$1"\n');
    chmodSync(editor, 0o755);
    const env = { KUBETUTOR_HOME: home, EDITOR: editor };
    const { screen, status } = inPty(['sandbox'], [
      [PROMPT, 'docker login\r'],
      [/docker login -u[\s\S]*\$ $/, 'docker login -u learner\r'],
      [/Password: $/, 's3cret-word\r'],
      [/Login Succeeded\r\n[\s\S]*\$ $/, 'echo first > note.txt\r'],
      [PROMPT, 'edit note.txt\r'],
      [PROMPT, 'cat note.txt\r'],
      [/edited by note\.txt\r\n[\s\S]*\$ $/, '\x04'],
    ], env);
    assert.equal(status, 0, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /\$ docker login\r+\n\r\nUSING WEB-BASED LOGIN\r\nTo sign in with credentials on the command line, use 'docker login -u <username>'\r\n/);
    assert.match(plain, /Password: \r?\n/);
    assert.doesNotMatch(plain, /s3cret-word/, 'the password is never echoed');
    assert.match(plain, /\$ cat note\.txt\r+\nfirst\r\nedited by note\.txt\r\n/);
    const again = inPty(['sandbox'], [[/Welcome back[\s\S]*\$ $/, 'grep -c auth ~/.docker/config.json; cat note.txt\r'], [/edited by note\.txt\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home, EDITOR: '/bin/false' });
    assert.equal(again.status, 0, again.screen);
    assert.match(again.screen, /grep -c auth[^\n]*\n+2\r\nfirst\r\nedited by note\.txt/);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: kubectl edit opens $KUBE_EDITOR on the object under kubectl\'s header; a change is saved, none is "Edit cancelled"', () => {
  const home = mkdtempSync(join(tmpdir(), 'kubetutor-home-'));
  try {
    const scale = join(home, 'scale-to-3');
    writeFileSync(scale, '#!/bin/sh\ngrep -q "^# Please edit the object below" "$1" || exit 9\nsed -i "s/^  replicas: 1$/  replicas: 3/" "$1"\n');
    chmodSync(scale, 0o755);
    const { screen, status } = inPty(['sandbox'], [
      [PROMPT, 'kubectl create deployment web --image=nginx:1.27\r'],
      [/created\r\n[\s\S]*\$ $/, 'kubectl edit deployment web\r'],
      [/edited\r\n[\s\S]*\$ $/, "kubectl get deploy web -o jsonpath='{.spec.replicas}{\"\\n\"}'\r"],
      [/\n3\r\n[\s\S]*\$ $/, '\x04'],
    ], { KUBETUTOR_HOME: home, KUBE_EDITOR: scale, EDITOR: '/bin/false' });
    assert.equal(status, 0, screen);
    assert.match(screen, /deployment\.apps\/web edited\r\n/);
    const same = inPty(['sandbox'], [[/\$ $/, 'kubectl edit deploy/web\r'], [/Edit cancelled, no changes made\.\r\n[\s\S]*\$ $/, '\x04']], { KUBETUTOR_HOME: home, KUBE_EDITOR: 'true' });
    assert.equal(same.status, 0, same.screen);
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
});

test('on a terminal: bracketed paste is on, so a Tab inside a pasted heredoc is a tab (no completion), and every pasted line still runs', () => {
  const { screen, status } = inPty(['sandbox', '--new'], [
    [PROMPT, "\x1b[200~cat > Makefile <<'EOF'\rall:\r\techo built\rEOF\r\x1b[201~"],
    [/EOF[\s\S]*\$ $/, "awk -F'\\t' 'NR == 2 { print NF }' Makefile\r"],
    [/\n2\r\n[\s\S]*\$ $/, '\x04'],
  ]);
  assert.equal(status, 0, screen);
  assert.match(screen, /\x1b\[\?2004h/, 'bracketed paste turned on at the prompt');
  assert.match(screen, /\x1b\[\?2004l/, 'and off again when the prompt lets go');
});
