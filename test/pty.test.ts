/**
 * End-to-end runs in a real pseudo-terminal: the terminal-only behaviour (colour, live layer
 * progress, Ctrl-C) that piped tests cannot see. python3's pty module provides the terminal.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
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

test('on a terminal: Ctrl-C cancels a half-typed line; on an empty prompt it leaves with 130', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker ima'], [/docker ima$/, '\x03'], [PROMPT, '\x03']]);
    assert.equal(status, 130, screen);
    assert.match(screen, /docker ima\^C/);
    assert.match(screen, /sandbox closed \(Ctrl-C\); your files stay in /);
    assert.doesNotMatch(screen, /at .*\.js:\d+/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});

test('on a terminal: inside a container\'s shell, Ctrl-C on an empty line interrupts that shell and Ctrl-D leaves it, not the sandbox', () => {
  const ws = mkdtempSync(join(tmpdir(), 'kubetutor-pty-'));
  try {
    const { screen, status } = inPty(['sandbox', '--workspace', ws], [[PROMPT, 'docker run -it busybox:1.37\r'], [/\/ # $/, '\x03'], [/\/ # $/, '\x04'], [PROMPT, '\x03']]);
    assert.equal(status, 130, screen);
    const plain = screen.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    assert.match(plain, /\/ # \^C\r\n\/ # \r+\nlearner@laptop:~\/workspace\$ /, 'Ctrl-C gave the container\'s shell a fresh prompt; Ctrl-D left it');
    assert.match(plain, /learner@laptop:~\/workspace\$ \^C\r\nkubetutor: sandbox closed \(Ctrl-C\)/);
  } finally {
    rmSync(ws, { recursive: true, force: true });
  }
});
