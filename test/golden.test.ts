/**
 * Golden transcripts: each test/golden/NAME.in is a whole sandbox session, fed line by line to
 * the same plain REPL the CLI uses (over a fresh workspace folder on disk); the output must match
 * NAME.out byte for byte. `UPDATE_GOLDEN=1 npm run golden:update` rewrites the .out files —
 * review the diff like code.
 *
 * test/golden/lessons/ID.NAME.in are scripted lessons: the lines are fed to
 * `kubetutor learn ID --answers FILE` with a fresh data folder; NAME.out is its stdout, stderr
 * and exit status.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { memoryIo, tempWorkspace, transcript } from './helpers.ts';

process.env.KUBETUTOR_NO_MAIN = '1';
const { main } = await import('../src/cli/main.ts');

const dir = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const inputs = readdirSync(dir).filter((f) => f.endsWith('.in')).sort();

/** Compare with the .out file — or, with UPDATE_GOLDEN=1, rewrite it (then review the diff). */
function matchGolden(outPath: string, text: string): void {
  if (update) {
    writeFileSync(outPath, text);
    return;
  }
  assert.ok(existsSync(outPath), `${outPath} is missing: run UPDATE_GOLDEN=1 npm run golden:update and review it`);
  assert.equal(text, readFileSync(outPath, 'utf8'));
}

test('there are golden transcripts to check', () => {
  assert.ok(inputs.length >= 10, `expected the golden suite, found ${inputs.length} .in files`);
});

for (const name of inputs) {
  test(`golden: ${name.replace(/\.in$/, '')}`, async () => {
    const ws = tempWorkspace();
    try {
      const { text, exitCode } = await transcript(readFileSync(join(dir, name), 'utf8'), ws.fs);
      assert.equal(exitCode, 0, 'a scripted sandbox session exits 0 at end of input');
      matchGolden(join(dir, name.replace(/\.in$/, '.out')), text);
    } finally {
      ws.cleanup();
    }
  });
}

const lessonDir = join(dir, 'lessons');
const lessonInputs = readdirSync(lessonDir).filter((f) => f.endsWith('.in')).sort();

test('there are golden lesson transcripts for every sample lesson', () => {
  assert.ok(lessonInputs.some((f) => f.startsWith('build-and-push.')) && lessonInputs.some((f) => f.startsWith('registry-to-pod.')));
});

for (const name of lessonInputs) {
  test(`golden lesson: ${name.replace(/\.in$/, '')}`, async () => {
    const home = mkdtempSync(join(tmpdir(), 'kubetutor-golden-'));
    try {
      const io = memoryIo('', { env: { KUBETUTOR_HOME: home } });
      const code = await main(['learn', name.split('.')[0] as string, '--answers', join(lessonDir, name)], io);
      const text = `${io.output()}${io.errors() ? `--- stderr ---\n${io.errors()}` : ''}--- exit ${code} ---\n`;
      matchGolden(join(lessonDir, name.replace(/\.in$/, '.out')), text);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
}
