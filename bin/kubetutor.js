#!/usr/bin/env node
// Tiny shim: the real program is the bundled build in dist/ (made by `npm run build`,
// which `npm install` runs for you).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('kubetutor: the build is missing; run `npm install` (or `npm run build`) first.\n');
  process.exit(2);
}
await import(entry.href);
