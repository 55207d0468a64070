/**
 * The language toolchains that build steps and containers run: npm and yarn (and the build tools
 * their scripts call: vite, tsc, webpack, react-scripts, jest), pip and venv, go, Maven (and its
 * wrapper) with java, C/C++ compilers and make. Each leaves the files a later stage copies
 * (`/bin/hello`, `dist/`, `target/app.jar`, site-packages) with plausible sizes, and prints what
 * the real tool prints; none of them runs anything real.
 */
import { unitFromText } from './digest.ts';
import { binaryFile, fail, isDir, looksLikeServer, ok, pkgVersion, readBinary, resolvePath, scriptOutput, type ExecContext, type ExecResult } from './exec-base.ts';

/** Runs a shell script in the same context (npm scripts, make recipes). */
export type Shell = (ctx: ExecContext, script: string) => ExecResult;

/** The programs each toolchain's image provides, by the environment variable its image sets. */
const TOOLCHAIN_PROGRAMS: ReadonlyArray<readonly [env: string, names: readonly string[]]> = [
  ['NODE_VERSION', ['node', 'npm', 'npx', 'yarn', 'corepack', 'docker-entrypoint.sh']],
  ['PYTHON_VERSION', ['python', 'python3', 'pip', 'pip3']],
  ['GOLANG_VERSION', ['go', 'gofmt']],
  ['JAVA_HOME', ['java', 'jshell', 'keytool', 'javac', 'jar']],
  ['MAVEN_HOME', ['mvn']],
];

/** Programs a toolchain's image provides, by its environment (`NODE_VERSION`, `JAVA_HOME`…). */
export function providesProgram(ctx: ExecContext, name: string): boolean {
  return toolchainPrograms(ctx).includes(name);
}

/** Every program the toolchains in this image provide (a JDK's javac and jar only when it is a JDK, not a JRE). */
export function toolchainPrograms(ctx: ExecContext): string[] {
  const env = ctx.env;
  return TOOLCHAIN_PROGRAMS.flatMap(([variable, names]) => (env.has(variable) ? names : []))
    .filter((name) => !['javac', 'jar'].includes(name) || ctx.files.has(`${env.get('JAVA_HOME')}/bin/javac`));
}

/** Run `name` if it is a toolchain program; undefined when it is not one. */
export function runToolchain(ctx: ExecContext, name: string, args: string[], sh: Shell): ExecResult | undefined {
  switch (name) {
    case 'npm': return npm(ctx, args, sh);
    case 'npx': return args[0] ? jsTool(ctx, args[0], args.slice(1), sh) ?? ok() : ok();
    case 'yarn': return yarn(ctx, args, sh);
    case 'node': return interpreter(ctx, 'node', args);
    case 'python': case 'python3': return python(ctx, args);
    case 'pip': case 'pip3': return pip(ctx, args);
    case 'go': return go(ctx, args);
    case 'mvn': case 'mvnw': return maven(ctx, name, args);
    case 'java': return java(ctx, args);
    case 'gcc': case 'g++': case 'cc': case 'c++': case 'clang': case 'clang++': return compile(ctx, name, args);
    case 'make': return make(ctx, args, sh);
    default: return jsTool(ctx, name, args, sh);
  }
}

const seconds = (ms: number): string => (ms / 1000).toFixed(2);

// ── npm and yarn ────────────────────────────────────────────────────────────────────────────

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly deps: Record<string, string>;
  readonly devDeps: Record<string, string>;
  readonly scripts: Record<string, string>;
  readonly broken: boolean;
}

function packageJson(ctx: ExecContext): PackageJson | undefined {
  const raw = ctx.files.get(resolvePath(ctx.cwd, 'package.json'));
  if (raw === undefined) return undefined;
  try {
    const pj = JSON.parse(raw) as { name?: string; version?: string; dependencies?: Record<string, string>; devDependencies?: Record<string, string>; scripts?: Record<string, string> };
    return { name: pj.name ?? 'app', version: pj.version ?? '1.0.0', deps: pj.dependencies ?? {}, devDeps: pj.devDependencies ?? {}, scripts: pj.scripts ?? {}, broken: false };
  } catch {
    return { name: 'app', version: '1.0.0', deps: {}, devDeps: {}, scripts: {}, broken: true };
  }
}

/** The command line tools packages install into node_modules/.bin. */
const PACKAGE_BINS: Record<string, string[]> = {
  vite: ['vite'], typescript: ['tsc'], webpack: ['webpack'], 'webpack-cli': ['webpack-cli'], 'react-scripts': ['react-scripts'], next: ['next'],
  jest: ['jest'], mocha: ['mocha'], nodemon: ['nodemon'], eslint: ['eslint'], prettier: ['prettier'], 'ts-node': ['ts-node'], vitest: ['vitest'],
};

/** Install the packages: one folder each under node_modules, their tools in node_modules/.bin. */
function installPackages(ctx: ExecContext, pj: PackageJson, production: boolean): { count: number; bytes: number } {
  const all = { ...pj.deps, ...(production ? {} : pj.devDeps) };
  const names = Object.keys(all);
  const root = resolvePath(ctx.cwd, 'node_modules');
  for (const n of names) {
    ctx.files.set(`${root}/${n}/package.json`, JSON.stringify({ name: n, version: cleanVersion(all[n] as string) }));
    for (const bin of PACKAGE_BINS[n] ?? []) ctx.files.set(`${root}/.bin/${bin}`, `#!/usr/bin/env node\n// ${n}`);
  }
  ctx.files.set(`${root}/.package-lock.json`, '{}');
  // Each direct dependency brings a tree of its own.
  const count = names.length === 0 ? 0 : names.length * 23 + Math.floor(unitFromText(pj.name) * 40);
  return { count, bytes: 40_000 + count * 310_000 };
}

const cleanVersion = (spec: string): string => (/\d+(\.\d+){0,2}/.exec(spec)?.[0] ?? '1.0.0').split('.').concat(['0', '0']).slice(0, 3).join('.');

function npm(ctx: ExecContext, args: string[], sh: Shell): ExecResult {
  const sub = args[0];
  if (sub === '--version' || sub === '-v') return ok(['10.9.4']);
  const pj = packageJson(ctx);
  const missing = (): ExecResult => fail(['npm error code ENOENT', 'npm error syscall open', `npm error path ${resolvePath(ctx.cwd, 'package.json')}`,
    'npm error errno -2', `npm error enoent Could not read package.json: Error: ENOENT: no such file or directory, open '${resolvePath(ctx.cwd, 'package.json')}'`,
    'npm error enoent This is related to npm not being able to find a file.', 'npm error enoent'], 254, 600);
  if (sub === 'install' || sub === 'i' || sub === 'ci') {
    if (!pj) return missing();
    if (pj.broken) return fail(['npm error code EJSONPARSE', 'npm error JSON.parse Invalid package.json: JSONParseError: Unexpected token in JSON'], 1, 300);
    if (sub === 'ci' && !ctx.files.has(resolvePath(ctx.cwd, 'package-lock.json'))) {
      return fail(['npm error code EUSAGE', 'npm error', 'npm error The `npm ci` command can only install with an existing package-lock.json or', 'npm error npm-shrinkwrap.json with lockfileVersion >= 1. Run an install with npm@5 or', 'npm error later to generate a package-lock.json file, then try again.'], 1, 400);
    }
    const production = args.some((a) => a === '--omit=dev' || a === '--production' || a === '--only=production') || ctx.env.get('NODE_ENV') === 'production';
    const { count: n, bytes } = installPackages(ctx, pj, production);
    const secs = Math.max(1, Math.round(n / 25));
    return ok(n === 0 ? ['', 'up to date, audited 1 package in 212ms', '', 'found 0 vulnerabilities']
      : ['', `added ${n} packages, and audited ${n + 1} packages in ${secs}s`, '', `${Math.floor(n / 6)} packages are looking for funding`, '  run `npm fund` for details', '', 'found 0 vulnerabilities'],
    { bytesAdded: bytes, durationMs: 900 + n * 45 });
  }
  if (sub === 'run' || sub === 'run-script' || sub === 'start' || sub === 'test' || sub === 't') {
    const script = sub === 'run' || sub === 'run-script' ? args[1] : sub === 't' ? 'test' : sub;
    if (!pj) return fail(['npm error code ENOENT', 'npm error enoent Could not read package.json'], 254);
    // npm's default start script: `node server.js`, when there is one.
    const body = script ? pj.scripts[script] ?? (script === 'start' && ctx.files.has(resolvePath(ctx.cwd, 'server.js')) ? 'node server.js' : undefined) : undefined;
    if (!body) {
      if (script === 'test') return fail(['npm error Missing script: "test"', 'npm error', 'npm error To see a list of scripts, run:', 'npm error   npm run'], 1);
      return fail([`npm error Missing script: "${script ?? ''}"`, 'npm error', 'npm error To see a list of scripts, run:', 'npm error   npm run'], 1);
    }
    const inner = withBinPath(ctx, () => sh(ctx, body));
    return { ...inner, output: ['', `> ${pj.name}@${pj.version} ${script}`, `> ${body}`, '', ...inner.output] };
  }
  return ok();
}

function yarn(ctx: ExecContext, args: string[], sh: Shell): ExecResult {
  const version = ctx.env.get('YARN_VERSION') ?? '1.22.22';
  const flags = args.filter((a) => a.startsWith('-'));
  const words = args.filter((a) => !a.startsWith('-'));
  const sub = words[0] ?? 'install';
  if (args[0] === '--version' || args[0] === '-v') return ok([version]);
  if (sub === 'cache') return ok([`yarn cache v${version}`, 'success Cleared cache.', 'Done in 0.05s.'], { durationMs: 50 });
  const pj = packageJson(ctx);
  if (sub === 'install' || sub === 'add') {
    if (!pj) return fail([`yarn install v${version}`, `error Couldn't find a package.json file in "${ctx.cwd}"`, 'info Visit https://yarnpkg.com/en/docs/cli/install for documentation about this command.'], 1, 300);
    const lock = ctx.files.has(resolvePath(ctx.cwd, 'yarn.lock'));
    const production = flags.includes('--production') || flags.includes('--prod') || ctx.env.get('NODE_ENV') === 'production';
    const { count, bytes } = installPackages(ctx, pj, production);
    const ms = 1500 + count * 40;
    if (!lock && !flags.includes('--frozen-lockfile') && !flags.includes('--pure-lockfile')) ctx.files.set(resolvePath(ctx.cwd, 'yarn.lock'), '# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n# yarn lockfile v1\n');
    return ok([`yarn install v${version}`, ...(lock ? [] : ['info No lockfile found.']), '[1/4] Resolving packages...', '[2/4] Fetching packages...', '[3/4] Linking dependencies...', '[4/4] Building fresh packages...',
      ...(lock || flags.includes('--frozen-lockfile') || flags.includes('--pure-lockfile') ? [] : ['success Saved lockfile.']), `Done in ${seconds(ms)}s.`], { bytesAdded: bytes, durationMs: ms });
  }
  const script = sub === 'run' ? words[1] : sub;
  if (!pj) return fail([`yarn run v${version}`, `error Couldn't find a package.json file in "${ctx.cwd}"`, 'info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.'], 1, 200);
  const body = script ? pj.scripts[script] : undefined;
  if (!body) return fail([`yarn run v${version}`, `error Command "${script ?? ''}" not found.`, 'info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.'], 1, 200);
  const inner = withBinPath(ctx, () => sh(ctx, body));
  if (inner.exitCode !== 0) return { ...inner, output: [`yarn run v${version}`, `$ ${body}`, ...inner.output, `error Command failed with exit code ${inner.exitCode}.`, 'info Visit https://yarnpkg.com/en/docs/cli/run for documentation about this command.'] };
  return { ...inner, output: [`yarn run v${version}`, `$ ${body}`, ...inner.output, ...(inner.keepsRunning ? [] : [`Done in ${seconds(inner.durationMs + 300)}s.`])] };
}

/** npm and yarn put node_modules/.bin first on the PATH of the scripts they run. */
function withBinPath(ctx: ExecContext, run: () => ExecResult): ExecResult {
  const saved = ctx.env.get('PATH');
  ctx.env.set('PATH', `${resolvePath(ctx.cwd, 'node_modules/.bin')}:${saved ?? ''}`);
  try { return run(); } finally { if (saved === undefined) ctx.env.delete('PATH'); else ctx.env.set('PATH', saved); }
}

/** A short, stable content hash in the style bundlers put in file names (`index-D8b4DHJx.js`). */
function bundleHash(seed: string, length = 8): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(unitFromText(`${seed}:${i}`) * alphabet.length)];
  return out;
}

/** Files under `dir` (relative to cwd) whose names match. */
function sources(ctx: ExecContext, dir: string, re: RegExp): Array<[string, string]> {
  const root = resolvePath(ctx.cwd, dir);
  return [...ctx.files.entries()].filter(([k, v]) => k.startsWith(`${root}/`) && re.test(k) && v !== '\0dir' && !k.includes('/node_modules/'));
}

/** The tools package scripts call, run from node_modules/.bin. */
function jsTool(ctx: ExecContext, name: string, args: string[], sh: Shell): ExecResult | undefined {
  const pj = packageJson(ctx);
  const installed = (pkg: string): string => cleanVersion(pj?.devDeps[pkg] ?? pj?.deps[pkg] ?? '');
  const src = sources(ctx, 'src', /\.(jsx?|tsx?|vue|svelte|css)$/);
  const weight = src.reduce((n, [, c]) => n + c.length, 0);
  switch (name) {
    case 'vite': {
      if (args[0] !== 'build') {
        return ok([`  VITE v${installed('vite')}  ready in 312 ms`, '', '  ➜  Local:   http://localhost:5173/', '  ➜  Network: use --host to expose'], { keepsRunning: true, durationMs: 400 });
      }
      const jsName = `assets/index-${bundleHash(`js:${weight}`)}.js`;
      const cssName = `assets/index-${bundleHash(`css:${weight}`)}.css`;
      const jsKb = 143.36 + weight / 1000;
      const out = resolvePath(ctx.cwd, 'dist');
      ctx.files.set(`${out}/index.html`, `<!doctype html>\n<html lang="en">\n  <head>\n    <script type="module" crossorigin src="/${jsName}"></script>\n    <link rel="stylesheet" crossorigin href="/${cssName}">\n  </head>\n  <body>\n    <div id="root"></div>\n  </body>\n</html>\n`);
      ctx.files.set(`${out}/${jsName}`, `/* bundle of ${src.length} modules */`);
      ctx.files.set(`${out}/${cssName}`, '/* styles */');
      const pad = (s: string): string => s.padEnd(34);
      return ok([`vite v${installed('vite')} building for production...`, 'transforming...', `✓ ${30 + src.length * 4} modules transformed.`, 'rendering chunks...', 'computing gzip size...',
        `${pad('dist/index.html')}  0.46 kB │ gzip:  0.30 kB`, `${pad(`dist/${cssName}`)}  1.39 kB │ gzip:  0.72 kB`, `${pad(`dist/${jsName}`)}${jsKb.toFixed(2).padStart(7)} kB │ gzip: ${(jsKb / 3.1).toFixed(2).padStart(5)} kB`,
        `✓ built in ${(0.8 + src.length * 0.05).toFixed(2)}s`], { bytesAdded: Math.round(jsKb * 1000 + 2000), durationMs: 1800 + src.length * 60 });
    }
    case 'tsc': {
      const tsconfig = ctx.files.get(resolvePath(ctx.cwd, 'tsconfig.json'));
      const outDir = tsconfig ? /"outDir"\s*:\s*"([^"]+)"/.exec(tsconfig)?.[1] : undefined;
      const files = sources(ctx, '.', /\.tsx?$/).filter(([k]) => !k.endsWith('.d.ts'));
      let bytes = 0;
      for (const [k, c] of files) {
        const rel = k.slice(resolvePath(ctx.cwd, '.').length + 1).replace(/^src\//, outDir ? '' : 'src/');
        const target = resolvePath(ctx.cwd, `${outDir ?? '.'}/${rel.replace(/\.tsx?$/, '.js')}`);
        ctx.files.set(target, c);
        bytes += c.length;
      }
      return ok([], { bytesAdded: bytes, durationMs: 2400 + files.length * 100 });
    }
    case 'webpack': case 'webpack-cli': {
      const out = resolvePath(ctx.cwd, 'dist/main.js');
      ctx.files.set(out, `/* bundle of ${src.length} modules */`);
      return ok([`asset main.js ${(1.2 + weight / 1024).toFixed(2)} KiB [emitted] [minimized] (name: main)`, `./src/index.js ${weight} bytes [built] [code generated]`, `webpack ${installed('webpack')} compiled successfully in ${400 + src.length * 30} ms`],
        { bytesAdded: 1200 + weight, durationMs: 1400 + src.length * 40 });
    }
    case 'react-scripts': {
      if (args[0] !== 'build') return ok(['Starting the development server...', '', 'Compiled successfully!'], { keepsRunning: true, durationMs: 3000 });
      const js = `static/js/main.${bundleHash(`cra:${weight}`, 8).toLowerCase().replace(/[_-]/g, 'a')}.js`;
      const out = resolvePath(ctx.cwd, 'build');
      ctx.files.set(`${out}/index.html`, '<!doctype html><html lang="en"><head><meta charset="utf-8"/><title>React App</title></head><body><div id="root"></div></body></html>');
      ctx.files.set(`${out}/${js}`, `/* bundle of ${src.length} modules */`);
      return ok(['Creating an optimized production build...', 'Compiled successfully.', '', 'File sizes after gzip:', '', `  ${(46.31 + weight / 3000).toFixed(2)} kB  build/${js}`, '', 'The project was built assuming it is hosted at /.',
        'You can control this with the homepage field in your package.json.', '', 'The build folder is ready to be deployed.', 'You may serve it with a static server:', '', '  npm install -g serve', '  serve -s build', '',
        'Find out more about deployment here:', '', '  https://cra.link/deployment', ''], { bytesAdded: 150_000 + weight, durationMs: 9000 });
    }
    case 'jest': case 'vitest': case 'mocha': {
      const tests = sources(ctx, '.', /\.(spec|test)\.[jt]sx?$/);
      if (tests.length === 0) return fail(['No tests found, exiting with code 1', 'Run with `--passWithNoTests` to exit with code 0'], 1, 800);
      const base = resolvePath(ctx.cwd, '.');
      const count = tests.reduce((n, [, c]) => n + Math.max(1, (c.match(/\b(?:test|it)\(/g) ?? []).length), 0);
      return ok([...tests.map(([k]) => `PASS ${k.slice(base.length + 1)}`), `Test Suites: ${tests.length} passed, ${tests.length} total`, `Tests:       ${count} passed, ${count} total`, 'Snapshots:   0 total',
        `Time:        ${(0.6 + tests.length * 0.21).toFixed(3)} s`, 'Ran all test suites.'], { durationMs: 1200 + tests.length * 210 });
    }
    case 'nodemon': return ok(['[nodemon] starting `node src/index.js`'], { keepsRunning: true });
    case 'next': {
      if (args[0] !== 'build') return ok([`   ▲ Next.js ${installed('next')}`, '   - Local:        http://localhost:3000', '', ' ✓ Ready in 1.2s'], { keepsRunning: true });
      ctx.files.set(resolvePath(ctx.cwd, '.next/BUILD_ID'), bundleHash(`next:${weight}`, 21));
      ctx.files.set(resolvePath(ctx.cwd, '.next/standalone/server.js'), "require('next'); server.listen(3000)");
      return ok([`   ▲ Next.js ${installed('next')}`, '', '   Creating an optimized production build ...', ' ✓ Compiled successfully', ' ✓ Generating static pages (5/5)', ' ✓ Finalizing page optimization'],
        { bytesAdded: 4_000_000 + weight, durationMs: 14_000 });
    }
    default: {
      // Any other script in node_modules/.bin: found (it was installed) and quiet.
      const bin = ctx.env.get('PATH')?.split(':').find((d) => ctx.files.has(`${d}/${name}`));
      if (bin && (ctx.files.get(`${bin}/${name}`) ?? '').startsWith('#!/usr/bin/env node')) return ok([], { durationMs: 600 });
      void sh;
      return undefined;
    }
  }
}

// ── node and python ─────────────────────────────────────────────────────────────────────────

function interpreter(ctx: ExecContext, lang: 'node' | 'python', args: string[]): ExecResult {
  if (args[0] === '--version' || args[0] === '-v' || args[0] === '-V') {
    return ok([lang === 'node' ? `v${ctx.env.get('NODE_VERSION') ?? '24.11.1'}` : `Python ${ctx.env.get('PYTHON_VERSION') ?? '3.13.9'}`]);
  }
  if (args[0] === '-e' || args[0] === '-c') return ok(scriptOutput(args[1] ?? '', lang));
  const file = args.find((a) => !a.startsWith('-'));
  if (!file) return ok();
  const path = resolvePath(ctx.cwd, file);
  const src = ctx.files.get(path);
  if (src === undefined) {
    return lang === 'node'
      ? fail(['node:internal/modules/cjs/loader:1386', '  throw err;', '  ^', '', `Error: Cannot find module '${path}'`, '    at Module._resolveFilename (node:internal/modules/cjs/loader:1383:15)',
        '    at Module._load (node:internal/modules/cjs/loader:1227:37) {', "  code: 'MODULE_NOT_FOUND',", '  requireStack: []', '}', '', `Node.js v${ctx.env.get('NODE_VERSION') ?? '24.11.1'}`], 1)
      : fail([`python: can't open file '${path}': [Errno 2] No such file or directory`], 2);
  }
  return ok(scriptOutput(src, lang));
}

const pyMinor = (ctx: ExecContext): string => (ctx.env.get('PYTHON_VERSION') ?? '3.13.9').split('.').slice(0, 2).join('.');

function python(ctx: ExecContext, args: string[]): ExecResult {
  if (args[0] !== '-m') return interpreter(ctx, 'python', args);
  const mod = args[1];
  if (mod === 'pip') return pip(ctx, args.slice(2));
  if (mod === 'venv') {
    const dir = args.slice(2).find((a) => !a.startsWith('-'));
    if (!dir) return fail(['usage: venv [-h] [--system-site-packages] [--symlinks | --copies] [--clear] [--upgrade] [--without-pip] [--prompt PROMPT] [--upgrade-deps]', '            ENV_DIR [ENV_DIR ...]', 'venv: error: the following arguments are required: ENV_DIR'], 2);
    const root = resolvePath(ctx.cwd, dir);
    const minor = pyMinor(ctx);
    ctx.files.set(`${root}/pyvenv.cfg`, `home = /usr/local/bin\ninclude-system-site-packages = false\nversion = ${ctx.env.get('PYTHON_VERSION') ?? '3.13.9'}\nexecutable = /usr/local/bin/python${minor}\ncommand = /usr/local/bin/python -m venv ${root}\n`);
    for (const b of ['python', 'python3', `python${minor}`, 'pip', 'pip3']) ctx.files.set(`${root}/bin/${b}`, `#!${b}`);
    ctx.files.set(`${root}/bin/activate`, `# This file must be used with "source bin/activate"\nVIRTUAL_ENV=${root}\n`);
    ctx.files.set(`${root}/lib/python${minor}/site-packages/pip/__init__.py`, '');
    return ok([], { bytesAdded: 14_800_000, durationMs: 2200 });
  }
  if (mod === 'http.server') return ok([`Serving HTTP on 0.0.0.0 port ${args[2] ?? '8000'} (http://0.0.0.0:${args[2] ?? '8000'}/) ...`], { keepsRunning: true });
  if (mod === 'flask' && args[2] === 'run') return ok([' * Debug mode: off', ' * Running on all addresses (0.0.0.0)', ' * Running on http://127.0.0.1:5000', 'Press CTRL+C to quit'], { keepsRunning: true });
  return ok();
}

/** Current releases of the packages tutorials install, so an unpinned install prints a version that exists. */
const PYPI_LATEST: Record<string, string> = {
  flask: '3.1.2', requests: '2.32.5', django: '5.2.8', fastapi: '0.121.1', uvicorn: '0.38.0', gunicorn: '23.0.0', numpy: '2.3.4',
  pandas: '2.3.3', pytest: '8.4.2', redis: '7.0.1', psycopg2: '2.9.11', 'psycopg2-binary': '2.9.11', sqlalchemy: '2.0.44', pydantic: '2.12.4',
};
/** Packages that install a command of the same name (their console_scripts). */
const PYPI_COMMANDS = new Set(['flask', 'gunicorn', 'uvicorn', 'pytest', 'django-admin', 'fastapi', 'celery', 'black', 'httpie']);

function pip(ctx: ExecContext, args: string[]): ExecResult {
  const minor = pyMinor(ctx);
  if (args[0] !== 'install') return args[0] === '--version' ? ok([`pip 25.3 from /usr/local/lib/python${minor}/site-packages/pip (python ${minor})`]) : ok();
  const rest = args.slice(1);
  const value = (flag: string): string | undefined => { const i = rest.indexOf(flag); return i >= 0 ? rest[i + 1] : rest.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1); };
  const valued = new Set(['-r', '--requirement', '--target', '-t', '--prefix', '--root-user-action', '-c', '--constraint', '--index-url', '-i', '--root']);
  // Each requirement with where it came from: `flask==3.1.0 (from -r requirements.txt (line 1))`.
  let reqs: Array<{ spec: string; from: string }> = rest.filter((a, i) => !a.startsWith('-') && !valued.has(rest[i - 1] ?? '')).map((spec) => ({ spec, from: '' }));
  const file = value('-r') ?? value('--requirement');
  if (file !== undefined) {
    const content = ctx.files.get(resolvePath(ctx.cwd, file));
    if (content === undefined) return fail([`ERROR: Could not open requirements file: [Errno 2] No such file or directory: '${file}'`], 1, 300);
    reqs = [...reqs, ...content.split('\n').map((l, i) => ({ spec: l.replace(/#.*/, '').trim(), from: ` (from -r ${file} (line ${i + 1}))` })).filter((x) => x.spec)];
  }
  // Where the packages go: --target, --prefix, --user, a virtual environment, or the system's site-packages.
  const venv = ctx.env.get('VIRTUAL_ENV') ?? ctx.env.get('PATH')?.split(':').map((d) => d.replace(/\/bin$/, '')).find((d) => ctx.files.has(`${d}/pyvenv.cfg`));
  const target = value('--target') ?? value('-t');
  const prefix = value('--prefix');
  const user = rest.includes('--user');
  const site = target ? resolvePath(ctx.cwd, target) : prefix ? `${resolvePath(ctx.cwd, prefix)}/lib/python${minor}/site-packages` : user ? `/root/.local/lib/python${minor}/site-packages` : venv ? `${venv}/lib/python${minor}/site-packages` : `/usr/local/lib/python${minor}/site-packages`;
  const binDir = target ? undefined : prefix ? `${resolvePath(ctx.cwd, prefix)}/bin` : user ? '/root/.local/bin' : venv ? `${venv}/bin` : '/usr/local/bin';
  const out: string[] = [];
  const installed: string[] = [];
  for (const { spec, from } of reqs) {
    const name = (spec.split(/[=<>~!\[; ]/)[0] as string).trim();
    const pinned = /==\s*([^,;\s]+)/.exec(spec)?.[1];
    const version = pinned ?? PYPI_LATEST[name.toLowerCase()] ?? pkgVersion(name, 'debian').split('-')[0];
    const wheel = `${name.toLowerCase().replace(/-/g, '_')}-${version}-py3-none-any.whl`;
    out.push(`Collecting ${spec}${from}`, `  Downloading ${wheel} (${Math.round(unitFromText(name) * 300 + 20)} kB)`);
    installed.push(`${name}-${version}`);
    const pkgDir = `${site}/${name.toLowerCase().replace(/-/g, '_')}`;
    ctx.files.set(`${pkgDir}/__init__.py`, `__version__ = "${version}"\n`);
    if (binDir && PYPI_COMMANDS.has(name.toLowerCase())) ctx.files.set(`${binDir}/${name.toLowerCase()}`, `#!${name.toLowerCase()}`);
  }
  const quietRoot = venv !== undefined || user || target !== undefined || value('--root-user-action') === 'ignore' || ctx.env.get('PIP_ROOT_USER_ACTION') === 'ignore' || (ctx.user ?? '') !== '';
  if (installed.length) {
    out.push(`Installing collected packages: ${reqs.map((x) => (x.spec.split(/[=<>~!\[; ]/)[0] as string).trim()).join(', ')}`, `Successfully installed ${[...installed].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())).join(' ')}`);
    if (!quietRoot) out.push("WARNING: Running pip as the 'root' user can result in broken permissions and conflicting behaviour with the system package manager, possibly rendering your system unusable. It is recommended to use a virtual environment instead: https://pip.pypa.io/warnings/venv. Use the --root-user-action option if you know what you are doing and want to suppress this warning.");
  }
  return ok(out, { bytesAdded: installed.length * 2_400_000, durationMs: 1500 + installed.length * 700 });
}

// ── go ──────────────────────────────────────────────────────────────────────────────────────

/** The go.mod governing `dir`: this folder's or a parent's. */
function goMod(ctx: ExecContext, dir: string): { path: string; module: string; text: string } | undefined {
  for (let d = dir; ; d = d.slice(0, d.lastIndexOf('/')) || '/') {
    const text = ctx.files.get(`${d === '/' ? '' : d}/go.mod`);
    if (text !== undefined) return { path: d, module: /^module\s+(\S+)/m.exec(text)?.[1] ?? 'main', text };
    if (d === '/') return undefined;
  }
}

const NO_MOD = "go: go.mod file not found in current directory or any parent directory; see 'go help modules'";

function go(ctx: ExecContext, args: string[]): ExecResult {
  const sub = args[0];
  const goVersion = ctx.env.get('GOLANG_VERSION') ?? '1.25.4';
  if (sub === 'version') return ok([`go version go${goVersion} linux/amd64`]);
  if (sub === 'mod') {
    const mod = goMod(ctx, ctx.cwd);
    if (args[1] === 'init') {
      const name = args[2] ?? '';
      if (mod) return fail([`go: ${mod.path}/go.mod already exists`], 1);
      if (!name) return fail(['go: cannot determine module path for source directory ' + ctx.cwd + ' (outside GOPATH, module path must be specified)'], 1);
      ctx.files.set(resolvePath(ctx.cwd, 'go.mod'), `module ${name}\n\ngo ${goVersion.split('.').slice(0, 2).join('.')}\n`);
      return ok([`go: creating new go.mod: module ${name}`]);
    }
    if (!mod) return fail([NO_MOD], 1);
    // Downloading is silent; it fills the module cache.
    const requires = [...mod.text.matchAll(/^\s*(?:require\s+)?([a-z0-9.-]+\.[a-z]{2,}\/\S+)\s+v\S+/gm)].length;
    for (let i = 0; i < requires; i++) ctx.files.set(`/go/pkg/mod/cache/download/module-${i}`, 'zip');
    return ok([], { bytesAdded: requires * 1_900_000, durationMs: 1200 + requires * 400 });
  }
  if (sub === 'build' || sub === 'install' || sub === 'run' || sub === 'test' || sub === 'vet') {
    const valued = new Set(['-o', '-ldflags', '-tags', '-gcflags', '-mod', '-p', '-installsuffix', '-buildvcs', '-trimpath=false']);
    let output: string | undefined;
    const pkgs: string[] = [];
    for (let i = 1; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-o') { output = args[++i]; continue; }
      if (a.startsWith('-o=')) { output = a.slice(3); continue; }
      if (valued.has(a)) { i++; continue; }
      if (a.startsWith('-')) continue;
      pkgs.push(a);
    }
    const files = pkgs.filter((p) => p.endsWith('.go'));
    let main: { dir: string; source: string; name: string } | undefined;
    const mod = goMod(ctx, ctx.cwd);
    if (files.length > 0) {
      const missing = files.find((f) => !ctx.files.has(resolvePath(ctx.cwd, f)));
      if (missing) return fail([`stat ${missing}: no such file or directory`], 1, 200);
      main = { dir: ctx.cwd, source: files.map((f) => ctx.files.get(resolvePath(ctx.cwd, f)) ?? '').join('\n'), name: (files[0] as string).replace(/^.*\//, '').replace(/\.go$/, '') };
    } else {
      if (!mod) return fail([NO_MOD], 1, 300);
      const target = pkgs[0] ?? '.';
      const dir = resolvePath(ctx.cwd, target.replace(/\/\.\.\.$/, ''));
      const goFiles = [...ctx.files.entries()].filter(([k]) => k.startsWith(`${dir}/`) && k.endsWith('.go') && (target.endsWith('...') || !k.slice(dir.length + 1).includes('/')));
      if (sub === 'test' || sub === 'vet') {
        const tests = goFiles.filter(([k]) => k.endsWith('_test.go'));
        if (sub === 'vet') return ok([], { durationMs: 1400 });
        return ok([tests.length ? `ok  \t${mod.module}\t${(0.003 + tests.length * 0.002).toFixed(3)}s` : `?   \t${mod.module}\t[no test files]`], { durationMs: 2500 + tests.length * 300 });
      }
      const mains = goFiles.filter(([k, v]) => !k.endsWith('_test.go') && /^package main\b/m.test(v));
      if (goFiles.length === 0) return fail([`no Go files in ${dir}`], 1, 300);
      if (mains.length === 0) return ok([], { durationMs: 2000 });
      main = { dir, source: mains.map(([, v]) => v).join('\n'), name: dir === mod.path ? mod.module.replace(/^.*\//, '') : dir.replace(/^.*\//, '') };
    }
    const server = looksLikeServer(main.source);
    const prints = scriptOutput(main.source, 'go');
    if (sub === 'run') return ok(prints, { durationMs: 3000, ...(server ? { keepsRunning: true } : {}) });
    // A statically linked Go program weighs several MB even for hello world; net/http adds more.
    const bytes = Math.round(server ? 7_900_000 + unitFromText(main.source) * 1_500_000 : 2_100_000 + unitFromText(main.source) * 500_000);
    const dest = sub === 'install' ? `/go/bin/${main.name}` : output === undefined ? resolvePath(ctx.cwd, main.name)
      : output.endsWith('/') || isDir(ctx.files, resolvePath(ctx.cwd, output)) ? `${resolvePath(ctx.cwd, output)}/${main.name}` : resolvePath(ctx.cwd, output);
    ctx.files.set(dest, binaryFile(prints, server, bytes));
    return ok([], { bytesAdded: bytes, durationMs: 9000 });
  }
  return ok([], { durationMs: 1500 });
}

// ── Maven and java ──────────────────────────────────────────────────────────────────────────

interface Pom { groupId: string; artifactId: string; version: string; packaging: string; springBoot: string | undefined; web: boolean; javaVersion: string }

function readPom(text: string): Pom {
  const withoutParent = text.replace(/<parent>[\s\S]*?<\/parent>/, '').replace(/<dependencies>[\s\S]*<\/dependencies>/, '').replace(/<build>[\s\S]*<\/build>/, '');
  const tag = (t: string, src = withoutParent): string | undefined => new RegExp(`<${t}>\\s*([^<]+?)\\s*</${t}>`).exec(src)?.[1];
  const parent = /<parent>([\s\S]*?)<\/parent>/.exec(text)?.[1] ?? '';
  return {
    groupId: tag('groupId') ?? tag('groupId', parent) ?? 'com.example',
    artifactId: tag('artifactId') ?? 'app',
    version: tag('version') ?? tag('version', parent) ?? '1.0-SNAPSHOT',
    packaging: tag('packaging') ?? 'jar',
    springBoot: parent.includes('spring-boot-starter-parent') ? tag('version', parent) : undefined,
    web: /spring-boot-starter-web\b/.test(text),
    javaVersion: /<java\.version>(\d+)<\/java\.version>/.exec(text)?.[1] ?? /<maven\.compiler\.(?:release|source)>(\d+)</.exec(text)?.[1] ?? '21',
  };
}

/** What a Spring Boot application logs as it starts; `\0NOW`, `\0JAR` and `\0CWD` are filled in when it runs. */
function springBootLog(pom: Pom, jar: string): string[] {
  const main = `${pom.artifactId.split(/[-_]/).map((w) => (w[0] ?? '').toUpperCase() + w.slice(1)).join('')}Application`;
  const logger = `${pom.groupId.split('.').map((p) => p[0]).join('.')}.${pom.artifactId.replace(/-/g, '_')[0]}.${main}`.padEnd(40).slice(0, 40);
  const line = (thread: string, who: string, msg: string): string => `\0NOW  INFO 1 --- [${pom.artifactId}] [${thread.padStart(15)}] ${who.padEnd(40).slice(0, 40)} : ${msg}`;
  return ['', '  .   ____          _            __ _ _', " /\\\\ / ___'_ __ _ _(_)_ __  __ _ \\ \\ \\ \\", "( ( )\\___ | '_ | '_| | '_ \\/ _` | \\ \\ \\ \\", " \\\\/  ___)| |_)| | | | | || (_| |  ) ) ) )",
    "  '  |____| .__|_| |_|_| |_\\__, | / / / /", ' =========|_|==============|___/=/_/_/_/', '', ` :: Spring Boot ::                (v${pom.springBoot ?? '3.4.0'})`, '',
    line('main', logger, `Starting ${main} v${pom.version} using Java 21.0.2 with PID 1 (${jar} started by root in \0CWD)`),
    line('main', logger, 'No active profile set, falling back to 1 default profile: "default"'),
    ...(pom.web ? [line('main', 'o.s.b.w.embedded.tomcat.TomcatWebServer', 'Tomcat initialized with port 8080 (http)'), line('main', 'o.s.b.w.embedded.tomcat.TomcatWebServer', "Tomcat started on port 8080 (http) with context path '/'")] : []),
    line('main', logger, `Started ${main} in 1.873 seconds (process running for 2.341)`)];
}

function maven(ctx: ExecContext, name: string, args: string[]): ExecResult {
  if (!ctx.env.has('JAVA_HOME')) {
    return name === 'mvnw' ? fail(['Error: JAVA_HOME is not defined correctly.', '  We cannot execute '], 1) : fail(['The JAVA_HOME environment variable is not defined correctly,', 'this environment variable is needed to run this program.'], 1);
  }
  if (args[0] === '-v' || args[0] === '--version') return ok(['Apache Maven 3.9.11 (3e54c93a704957b63ee3494413a2b544fd3d825b)', 'Maven home: /usr/share/maven', 'Java version: 21.0.9, vendor: Eclipse Adoptium, runtime: /opt/java/openjdk']);
  const pomText = ctx.files.get(resolvePath(ctx.cwd, 'pom.xml'));
  const stamp = new Date(ctx.now).toISOString().replace(/\.\d+Z$/, 'Z');
  if (pomText === undefined) {
    return fail(['[INFO] Scanning for projects...', '[INFO] ------------------------------------------------------------------------', '[INFO] BUILD FAILURE', '[INFO] ------------------------------------------------------------------------',
      '[INFO] Total time:  0.084 s', `[INFO] Finished at: ${stamp}`, '[INFO] ------------------------------------------------------------------------',
      `[ERROR] The goal you specified requires a project to execute but there is no POM in this directory (${ctx.cwd}). Please verify you invoked Maven from the correct directory. -> [Help 1]`], 1, 400);
  }
  const pom = readPom(pomText);
  const goals = args.filter((a) => !a.startsWith('-'));
  const skipTests = args.some((a) => a === '-DskipTests' || a === '-Dmaven.test.skip=true');
  const quiet = args.includes('-q') || args.includes('--quiet');
  const id = `${pom.groupId}:${pom.artifactId}`;
  const out: string[] = ['[INFO] Scanning for projects...', '[INFO] '];
  const dash = (title: string, width = 72): string => { const pad = Math.max(0, width - title.length); return `[INFO] ${'-'.repeat(Math.floor(pad / 2))}${title}${'-'.repeat(Math.ceil(pad / 2))}`; };
  out.push(dash(`< ${id} >`), `[INFO] Building ${pom.artifactId} ${pom.version}`, '[INFO]   from pom.xml', dash(`[ ${pom.packaging} ]`));
  const plugin = (p: string, goal: string, exec: string): void => { out.push('[INFO] ', `[INFO] --- ${p}:${goal} (${exec}) @ ${pom.artifactId} ---`); };
  const base = resolvePath(ctx.cwd, '.');
  const jar = `${base}/target/${pom.artifactId}-${pom.version}.jar`;
  const srcs = [...ctx.files.keys()].filter((k) => k.startsWith(`${base}/src/main/java/`) && k.endsWith('.java'));
  const tests = [...ctx.files.keys()].filter((k) => k.startsWith(`${base}/src/test/java/`) && k.endsWith('.java'));
  const phases = ['validate', 'compile', 'test', 'package', 'verify', 'install', 'deploy'];
  let bytes = 0;
  let ms = 900;
  let keepsRunning = false;
  if (!ctx.files.has('/root/.m2/repository/.resolved')) {
    // The first build downloads the plugins and dependencies into ~/.m2.
    ctx.files.set('/root/.m2/repository/.resolved', 'yes');
    bytes += 62_000_000;
    ms += 14_000;
  }
  for (const goal of goals) {
    if (goal === 'clean') { plugin('clean:3.4.0', 'clean', 'default-clean'); for (const k of [...ctx.files.keys()]) if (k.startsWith(`${base}/target/`)) ctx.files.delete(k); continue; }
    if (goal === 'dependency:go-offline') {
      plugin('dependency:3.8.1', 'go-offline', 'default-cli');
      out.push(`[INFO] Resolved plugin: maven-compiler-plugin-3.13.0.jar`, `[INFO] Resolved plugin: maven-surefire-plugin-3.5.2.jar`, `[INFO] Resolved plugin: maven-jar-plugin-3.4.1.jar`,
        ...(pom.springBoot ? [`[INFO] Resolved plugin: spring-boot-maven-plugin-${pom.springBoot}.jar`, `[INFO] Resolved dependency: spring-boot-starter-${pom.web ? 'web' : 'test'}-${pom.springBoot}.jar`] : []));
      ms += 6000;
      continue;
    }
    if (goal === 'spring-boot:run') {
      if (srcs.length === 0) break;
      plugin(`spring-boot:${pom.springBoot ?? '3.4.0'}`, 'run', 'default-cli');
      out.push('[INFO] Attaching agents: []', ...springBootLog(pom, `${base}/target/classes`).map((l) => l.replace('\0NOW', stamp.replace('Z', '.000Z')).replace('\0CWD', base)));
      keepsRunning = true;
      continue;
    }
    const upTo = phases.indexOf(goal);
    if (upTo < 0) { out.push(`[ERROR] Unknown lifecycle phase "${goal}". You must specify a valid lifecycle phase or a goal in the format <plugin-prefix>:<goal>.`); return fail(out, 1, ms); }
    if (upTo >= 1) {
      plugin('resources:3.3.1', 'resources', 'default-resources');
      out.push('[INFO] Copying 1 resource from src/main/resources to target/classes', '[INFO] Copying 0 resource from src/main/resources to target/classes');
      plugin('compiler:3.13.0', 'compile', 'default-compile');
      out.push('[INFO] Recompiling the module because of changed source code.', `[INFO] Compiling ${srcs.length} source file${srcs.length === 1 ? '' : 's'} with javac [debug parameters release ${pom.javaVersion}] to target/classes`);
      for (const f of srcs) ctx.files.set(f.replace(`${base}/src/main/java/`, `${base}/target/classes/`).replace(/\.java$/, '.class'), 'class');
      ms += 3000 + srcs.length * 200;
    }
    if (upTo >= 2) {
      plugin('resources:3.3.1', 'testResources', 'default-testResources');
      out.push(`[INFO] skip non existing resourceDirectory ${base}/src/test/resources`);
      plugin('compiler:3.13.0', 'testCompile', 'default-testCompile');
      out.push(tests.length ? `[INFO] Compiling ${tests.length} source file${tests.length === 1 ? '' : 's'} with javac [debug parameters release ${pom.javaVersion}] to target/test-classes` : '[INFO] No sources to compile');
      plugin('surefire:3.5.2', 'test', 'default-test');
      if (skipTests || tests.length === 0) out.push(skipTests ? '[INFO] Tests are skipped.' : '[INFO] No tests to run.');
      else {
        const cls = tests.map((t) => t.replace(`${base}/src/test/java/`, '').replace(/\.java$/, '').replace(/\//g, '.'));
        out.push('[INFO] Using auto detected provider org.apache.maven.surefire.junitplatform.JUnitPlatformProvider', '[INFO] ', '[INFO] -------------------------------------------------------', '[INFO]  T E S T S', '[INFO] -------------------------------------------------------',
          ...cls.flatMap((c) => [`[INFO] Running ${c}`, `[INFO] Tests run: 1, Failures: 0, Errors: 0, Skipped: 0, Time elapsed: 2.417 s -- in ${c}`]),
          '[INFO] ', '[INFO] Results:', '[INFO] ', `[INFO] Tests run: ${cls.length}, Failures: 0, Errors: 0, Skipped: 0`, '[INFO] ');
        ms += 4000 + tests.length * 2500;
      }
    }
    if (upTo >= 3) {
      plugin('jar:3.4.1', 'jar', 'default-jar');
      out.push(`[INFO] Building jar: ${jar}`);
      // A Spring Boot jar nests its dependencies: tens of MB; a plain jar holds only the classes.
      const size = pom.springBoot ? 19_800_000 + Math.round(unitFromText(pomText) * 2_000_000) : 3_000 + srcs.length * 1_500;
      ctx.files.set(jar, binaryFile(pom.springBoot ? springBootLog(pom, '\0JAR') : [], Boolean(pom.springBoot && pom.web), size));
      bytes += size;
      if (pom.springBoot) {
        plugin(`spring-boot:${pom.springBoot}`, 'repackage', 'repackage');
        out.push(`[INFO] Replacing main artifact ${jar} with repackaged archive, adding nested dependencies in BOOT-INF/.`, `[INFO] The original artifact has been renamed to ${jar}.original`);
        ctx.files.set(`${jar}.original`, binaryFile([], false, 3_000 + srcs.length * 1_500));
      }
      ms += 2500;
    }
    if (upTo >= 5) {
      plugin('install:3.1.3', 'install', 'default-install');
      const repo = `/root/.m2/repository/${pom.groupId.replace(/\./g, '/')}/${pom.artifactId}/${pom.version}`;
      out.push(`[INFO] Installing ${base}/pom.xml to ${repo}/${pom.artifactId}-${pom.version}.pom`, `[INFO] Installing ${jar} to ${repo}/${pom.artifactId}-${pom.version}.jar`);
      ctx.files.set(`${repo}/${pom.artifactId}-${pom.version}.jar`, ctx.files.get(jar) ?? '');
    }
  }
  if (keepsRunning) return ok(quiet ? [] : out, { bytesAdded: bytes, durationMs: ms, keepsRunning: true });
  out.push('[INFO] ------------------------------------------------------------------------', '[INFO] BUILD SUCCESS', '[INFO] ------------------------------------------------------------------------',
    `[INFO] Total time:  ${(ms / 1000).toFixed(3)} s`, `[INFO] Finished at: ${stamp}`, '[INFO] ------------------------------------------------------------------------');
  return ok(quiet ? [] : out, { bytesAdded: bytes, durationMs: ms });
}

function java(ctx: ExecContext, args: string[]): ExecResult {
  const version = (ctx.env.get('JAVA_VERSION') ?? 'jdk-21.0.2+13').replace(/^jdk-/, '');
  const short = version.split('+')[0] as string;
  if (args[0] === '-version' || args[0] === '--version') {
    return ok([`openjdk version "${short}" 2024-01-16 LTS`, `OpenJDK Runtime Environment Temurin-${version} (build ${version}-LTS)`, `OpenJDK 64-Bit Server VM Temurin-${version} (build ${version}-LTS, mixed mode, sharing)`]);
  }
  const j = args.indexOf('-jar');
  if (j < 0) return fail(['Error: Could not find or load main class ' + (args.find((a) => !a.startsWith('-')) ?? '')], 1, 300);
  const file = args[j + 1] ?? '';
  const bin = readBinary(ctx.files.get(resolvePath(ctx.cwd, file)));
  if (!bin) return fail([`Error: Unable to access jarfile ${file}`], 1, 200);
  const stamp = new Date(ctx.now).toISOString();
  return ok(bin.output.map((l) => l.replace('\0NOW', stamp).replace('\0JAR', resolvePath(ctx.cwd, file)).replace('\0CWD', ctx.cwd)), { durationMs: 2300, ...(bin.server ? { keepsRunning: true } : {}) });
}

// ── C and C++ ───────────────────────────────────────────────────────────────────────────────

function compile(ctx: ExecContext, name: string, args: string[]): ExecResult {
  if (args[0] === '--version') return ok([`${name} (Alpine 14.2.0) 14.2.0`]);
  let output = 'a.out';
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-o') { output = args[++i] ?? output; continue; }
    if (['-I', '-L', '-l', '-D', '-x'].includes(a)) { i++; continue; }
    if (!a.startsWith('-')) inputs.push(a);
  }
  const tool = name.replace(/\+\+$/, '++');
  if (inputs.length === 0) return fail([`${tool}: fatal error: no input files`, 'compilation terminated.'], 1, 50);
  const missing = inputs.find((f) => !ctx.files.has(resolvePath(ctx.cwd, f)));
  if (missing) return fail([`${tool}: error: ${missing}: No such file or directory`, `${tool}: fatal error: no input files`, 'compilation terminated.'], 1, 80);
  const source = inputs.map((f) => ctx.files.get(resolvePath(ctx.cwd, f)) ?? '').join('\n');
  const bytes = args.includes('-static') ? 780_000 + Math.round(unitFromText(source) * 40_000) : 18_000 + Math.round(unitFromText(source) * 9_000);
  ctx.files.set(resolvePath(ctx.cwd, output), binaryFile(scriptOutput(source, 'c'), false, bytes));
  return ok([], { bytesAdded: bytes, durationMs: 1400 + source.length });
}

function make(ctx: ExecContext, args: string[], sh: Shell): ExecResult {
  const file = ['GNUmakefile', 'makefile', 'Makefile'].map((f) => resolvePath(ctx.cwd, f)).find((f) => ctx.files.has(f));
  const wanted = args.find((a) => !a.startsWith('-') && !a.includes('='));
  if (!file) return fail([wanted ? `make: *** No rule to make target '${wanted}'.  Stop.` : 'make: *** No targets specified and no makefile found.  Stop.'], 2, 20);
  const rules = new Map<string, string[]>();
  let first: string | undefined;
  let current: string[] | undefined;
  for (const line of (ctx.files.get(file) ?? '').split('\n')) {
    const rule = /^([A-Za-z0-9_./-]+)\s*:(?!=)/.exec(line);
    if (rule) { current = []; rules.set(rule[1] as string, current); if (!first && !(rule[1] as string).startsWith('.')) first = rule[1]; continue; }
    if (line.startsWith('\t') && current) current.push(line.slice(1));
    else if (line.trim() && !line.startsWith('#')) current = undefined;
  }
  const target = wanted ?? first;
  const recipe = target ? rules.get(target) : undefined;
  if (!recipe) return fail([`make: *** No rule to make target '${target ?? ''}'.  Stop.`], 2, 20);
  const out: string[] = [];
  let ms = 0;
  let bytes = 0;
  for (const cmd of recipe) {
    const silent = cmd.startsWith('@');
    const text = cmd.replace(/^[@-]+/, '');
    if (!silent) out.push(text);
    const r = sh(ctx, text);
    out.push(...r.output);
    ms += r.durationMs;
    bytes += r.bytesAdded;
    if (r.exitCode !== 0) return { output: [...out, `make: *** [${file.replace(/^.*\//, '')}:${1}: ${target}] Error ${r.exitCode}`], exitCode: 2, bytesAdded: bytes, durationMs: ms };
  }
  return ok(out, { bytesAdded: bytes, durationMs: ms });
}
