/**
 * Golden terminal sessions: keys typed into a real pseudo-terminal (each once its expected text is
 * on the screen), and the screen the learner saw, as a terminal of that width shows it
 * (screenOf), compared byte for byte with test/golden/pty/NAME.screen. UPDATE_GOLDEN=1 rewrites.
 * Each NAME.json: {"args": [...], "columns": N, "env": {...}, "sessions": [[[regexp, keys], ...], ...]}
 * — several sessions share one data folder (a kept sandbox comes back in the next one).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inPty, screenOf } from './helpers.ts';

const dir = join(import.meta.dirname, 'golden', 'pty');
const noPty = spawnSync('python3', ['-c', 'import pty']).status !== 0 ? 'python3 with its pty module is needed for terminal tests' : false;

interface Golden {
  readonly args: string[];
  readonly columns: number;
  readonly env?: Record<string, string>;
  readonly sessions: Array<Array<[string, string]>>;
}

for (const name of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  test(`pty golden: ${name.replace(/\.json$/, '')}`, { skip: noPty }, () => {
    const g = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Golden;
    const home = mkdtempSync(join(tmpdir(), 'kubetutor-ptygolden-'));
    try {
      const screens = g.sessions.map((steps) => {
        const { screen, status } = inPty(g.args, steps.map(([re, keys]) => [new RegExp(re), keys] as const), { COLUMNS: String(g.columns), KUBETUTOR_HOME: home, ...g.env });
        assert.equal(status, 0, screen);
        return screenOf(screen, g.columns).replaceAll(home, '$KUBETUTOR_HOME');
      });
      const text = screens.join('──── (the next session) ────\n');
      const file = join(dir, name.replace(/\.json$/, '.screen'));
      if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) writeFileSync(file, text);
      assert.equal(text, readFileSync(file, 'utf8'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
}
