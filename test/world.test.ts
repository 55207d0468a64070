import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { transcript } from './helpers.ts';

const script = readFileSync(join(import.meta.dirname, 'golden', '01-build-push-pull-run.in'), 'utf8');

test('the same session twice gives the same output, byte for byte', async () => {
  const a = await transcript(script);
  const b = await transcript(script);
  assert.equal(a.text, b.text);
  assert.ok(a.text.includes('Login Succeeded'));
});

test('the pure core never touches the terminal, the wall clock, randomness or the process', () => {
  const forbidden = /\bconsole\.(log|info|warn|error|debug)\(|\bprocess\.(env|exit|stdout|stderr|stdin|argv|cwd|on|hrtime|nextTick)\b|Date\.now\(|new Date\(\)|Math\.random|performance\.now|from ['"](chalk|ora|@inquirer\/[a-z]+|inquirer|node:readline|node:process)['"]/;
  const offenders: string[] = [];
  for (const layer of ['sim', 'shell', 'course']) {
    const dir = join(import.meta.dirname, '..', 'src', layer);
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(join(d, e.name)) : [join(d, e.name)]));
    for (const file of walk(dir)) {
      readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
        if (forbidden.test(line) && !line.trim().startsWith('*') && !line.trim().startsWith('//')) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
      });
    }
  }
  assert.deepEqual(offenders, []);
});
