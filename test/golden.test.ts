/**
 * Golden transcripts: each test/golden/NAME.in is a whole sandbox session, fed line by line to
 * the same plain REPL the CLI uses (over a fresh workspace folder on disk); the output must match
 * NAME.out byte for byte. `UPDATE_GOLDEN=1 npm run golden:update` rewrites the .out files —
 * review the diff like code.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempWorkspace, transcript } from './helpers.ts';

const dir = join(import.meta.dirname, 'golden');
const update = process.env.UPDATE_GOLDEN === '1';
const inputs = readdirSync(dir).filter((f) => f.endsWith('.in')).sort();

test('there are golden transcripts to check', () => {
  assert.ok(inputs.length >= 10, `expected the golden suite, found ${inputs.length} .in files`);
});

for (const name of inputs) {
  test(`golden: ${name.replace(/\.in$/, '')}`, async () => {
    const ws = tempWorkspace();
    try {
      const { text, exitCode } = await transcript(readFileSync(join(dir, name), 'utf8'), ws.fs);
      assert.equal(exitCode, 0, 'a scripted sandbox session exits 0 at end of input');
      const outPath = join(dir, name.replace(/\.in$/, '.out'));
      if (update) {
        writeFileSync(outPath, text);
        return;
      }
      assert.ok(existsSync(outPath), `${outPath} is missing: run UPDATE_GOLDEN=1 npm run golden:update and review it`);
      assert.equal(text, readFileSync(outPath, 'utf8'));
    } finally {
      ws.cleanup();
    }
  });
}
