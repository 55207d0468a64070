/**
 * What a command asks of the person at the terminal mid-way (result.ts TerminalRequest): an answer
 * typed at a prompt — hidden for a password, as docker turns the terminal's echo off — or their
 * own editor ($VISUAL, else $EDITOR, else vi) on a real file. Undefined when they gave up (Ctrl-C,
 * or an editor that would not start or failed).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';
import type { TerminalRequest } from '../shell/result.ts';
import type { Io } from './io.ts';

export function fulfil(request: TerminalRequest, io: Io): Promise<string | undefined> {
  return request.kind === 'answer' ? askLine(io, request.prompt, request.hidden) : Promise.resolve(editInEditor(request.name, request.content, io, request.editorVariables ?? ['VISUAL', 'EDITOR']));
}

/** One line from the terminal after `prompt`; with `hidden`, nothing typed is echoed (then a newline, as docker prints). */
function askLine(io: Io, prompt: string, hidden: boolean): Promise<string | undefined> {
  const muted = new Writable({ write(_chunk, _encoding, done) { done(); } });
  // The terminal leaves its own echo only once readline holds it: the prompt comes after that.
  const rl = createInterface({ input: io.stdin, output: hidden ? muted : io.stdout, terminal: true });
  if (hidden) io.stdout.write(prompt);
  else { rl.setPrompt(prompt); rl.prompt(); }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (v: string | undefined): void => {
      if (settled) return;
      settled = true;
      rl.close();
      resolve(v);
    };
    rl.on('line', (line) => { if (hidden) io.stdout.write('\n'); finish(line); });
    rl.on('SIGINT', () => { io.stdout.write('^C\n'); finish(undefined); });
    rl.on('close', () => finish(undefined));
  });
}

/** The learner's editor on a temporary copy named like the file; what they saved, or undefined. */
function editInEditor(name: string, content: string, io: Io, variables: readonly string[]): string | undefined {
  const editor = variables.map((v) => io.env[v]).find(Boolean) || 'vi';
  const dir = mkdtempSync(join(tmpdir(), 'kubetutor-edit-'));
  const file = join(dir, name.replace(/[^A-Za-z0-9._-]/g, '_') || 'file');
  try {
    writeFileSync(file, content);
    // $EDITOR may carry arguments (`code --wait`), as shells split it.
    const [cmd, ...args] = editor.split(/\s+/).filter(Boolean);
    const r = spawnSync(cmd as string, [...args, file], { stdio: 'inherit' });
    if (r.error) {
      io.stderr.write(`kubetutor: cannot start the editor "${editor}" (${(r.error as NodeJS.ErrnoException).code ?? r.error.message}); set $EDITOR to one you have\n`);
      return undefined;
    }
    if (r.status !== 0) {
      io.stderr.write(`kubetutor: the editor "${editor}" exited with status ${r.status ?? r.signal}; nothing was saved\n`);
      return undefined;
    }
    return readFileSync(file, 'utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
