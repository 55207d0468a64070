/**
 * End-to-end runs in a real pseudo-terminal: the terminal-only behaviour (colour, live layer
 * progress, Ctrl-C) that piped tests cannot see. python3's pty module provides the terminal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inPty } from './helpers.ts';

/** The laptop shell's prompt, drawn and waiting. */
const PROMPT = /\$ $/;

test('on a terminal: a coloured prompt, live layer progress, then the final layer states', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker pull nginx:1.27\r'], [/Status: Downloaded newer image[\s\S]*\$ $/, 'exit\r']]);
    assert.equal(status, 0, screen);
    assert.match(screen, /\x1b\[[0-9;]*m/, 'colour codes on a terminal');
    assert.match(screen, /: Downloading \[=*>? *\]/, 'a live progress bar was drawn');
    assert.match(screen, /: Pull complete/);
    assert.match(screen, /Status: Downloaded newer image for nginx:1\.27/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
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
