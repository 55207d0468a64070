/**
 * A tiny `/bin/sh` for simulated containers, used both by Dockerfile `RUN` steps and by
 * `docker run`. It knows what real images know: Debian's /bin/sh is dash (`/bin/sh: 1: apk: not
 * found`), Alpine's is busybox ash (`/bin/sh: apt-get: not found`), scratch images have no shell
 * at all, and a Debian image's package lists are empty until `apt-get update`.
 * It never runs anything real; it returns the lines a learner would see.
 */
import { curl, wget, type HttpClientHost } from './curl.ts';
import { unitFromText } from './digest.ts';
import type { Distro } from './image.ts';
import { contentBytes, fail, isDir, looksLikeServer, ok, pkgVersion, readBinary, resolvePath, type ExecContext, type ExecResult } from './exec-base.ts';
import { providesProgram, runToolchain, toolchainPrograms } from './toolchains.ts';
import { awkText } from './awk.ts';
import { jqText } from './jq.ts';
import { sedText } from './sed.ts';
import { base64Text, cutText, printfText, seqText, grepText, headTailText, sortText, trText, uniqText, wcText, type TextInput, type TextOutput } from './textutils.ts';

export { binaryFile, contentBytes, isDir, looksLikeServer, readBinary, resolvePath, scriptOutput, standInFile, standInSize, type ExecContext, type ExecResult, type NetAccess } from './exec-base.ts';

const SHELL_BUILTINS = new Set(['echo', 'cd', 'exit', 'true', 'false', 'pwd', 'export', 'set', 'test', '[', ':', 'printf', 'sleep', 'trap']);
/** What every image with a userland has: busybox's applets, or Debian's Essential set (coreutils, sed, findutils, grep, and mawk as awk). */
const COREUTILS = ['ls', 'cat', 'mkdir', 'rm', 'cp', 'mv', 'touch', 'chmod', 'chown', 'ln', 'env', 'printenv', 'hostname',
  'whoami', 'id', 'uname', 'date', 'sh', 'grep', 'sed', 'tar', 'head', 'tail', 'wc', 'which', 'adduser', 'addgroup', 'sort', 'uniq', 'cut', 'tr', 'awk', 'xargs', 'seq'];

/** What each distribution adds to the base userland. */
const DISTRO_PROGRAMS: Partial<Record<Distro, readonly string[]>> = {
  alpine: ['apk', 'wget', 'base64'],
  busybox: ['wget', 'base64'],
  debian: ['base64', 'apt-get', 'apt', 'dpkg', 'bash', 'useradd', 'groupadd'],
  ubuntu: ['base64', 'apt-get', 'apt', 'dpkg', 'bash', 'useradd', 'groupadd'],
};

/** Programs present in an image: the base userland, what the env says was installed, and files in bin dirs. */
export function hasProgram(ctx: ExecContext, name: string): boolean {
  if (name.includes('/')) return ctx.files.has(resolvePath(ctx.cwd, name)) || knownBinaryPath(ctx, name);
  if (ctx.distro !== 'scratch' && ctx.distro !== 'distroless' && COREUTILS.includes(name)) return true;
  if (DISTRO_PROGRAMS[ctx.distro]?.includes(name)) return true;
  if (providesProgram(ctx, name)) return true;
  if (ctx.env.has('NGINX_VERSION') && ['nginx', '/docker-entrypoint.sh'].includes(name)) return true;
  for (const dir of binDirs(ctx)) if (ctx.files.has(`${dir}/${name}`)) return true;
  return false;
}

/** Every name a shell in this image runs (its builtins and programs, by name), sorted: what Tab completes at its prompt. */
export function programNames(ctx: ExecContext): string[] {
  const names = new Set<string>(SHELL_BUILTINS);
  if (ctx.distro !== 'scratch' && ctx.distro !== 'distroless') for (const n of COREUTILS) names.add(n);
  for (const n of [...(DISTRO_PROGRAMS[ctx.distro] ?? []), ...toolchainPrograms(ctx)]) names.add(n);
  if (ctx.env.has('NGINX_VERSION')) names.add('nginx');
  for (const dir of binDirs(ctx)) {
    for (const path of ctx.files.keys()) {
      const name = path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : '';
      if (name && !name.includes('/') && ctx.files.get(path) !== '\0dir') names.add(name);
    }
  }
  return [...names].sort();
}

const DEFAULT_BINS = ['/usr/local/bin', '/usr/bin', '/bin', '/usr/sbin', '/sbin'];

/** Where a command name is looked for: the PATH's folders (a venv's bin, node_modules/.bin), then the usual ones. */
function binDirs(ctx: ExecContext): string[] {
  return [...new Set([...(ctx.env.get('PATH') ?? '').split(':').filter((d) => d.startsWith('/')), ...DEFAULT_BINS])];
}

function knownBinaryPath(ctx: ExecContext, path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1);
  return ['/bin/', '/usr/bin/', '/usr/local/bin/', '/sbin/', '/usr/sbin/'].some((d) => path === d + base) && hasProgram(ctx, base);
}

/** A shell builtin or a program the image has: what a shell can run by this name. */
export function canRun(ctx: ExecContext, name: string): boolean {
  return SHELL_BUILTINS.has(name) || hasProgram(ctx, name);
}

/** True when the image has a `/bin/sh` to run shell-form commands with. */
export function hasShell(distro: Distro): boolean {
  return distro !== 'scratch' && distro !== 'distroless';
}

/** The shell's own "not found" line: dash numbers it, busybox ash does not. */
function notFound(ctx: ExecContext, name: string): string {
  return ctx.distro === 'debian' || ctx.distro === 'ubuntu' ? `/bin/sh: 1: ${name}: not found` : `/bin/sh: ${name}: not found`;
}

/** Split a shell script into commands joined by ;, && and || (quotes respected). */
export function splitScript(script: string): Array<{ op: ';' | '&&' | '||'; text: string }> {
  const parts: Array<{ op: ';' | '&&' | '||'; text: string }> = [];
  let op: ';' | '&&' | '||' = ';';
  let cur = '';
  let quote: string | undefined;
  for (let i = 0; i < script.length; i++) {
    const c = script[i] as string;
    if (quote) {
      if (c === quote) quote = undefined;
      cur += c;
      continue;
    }
    if (c === '"' || c === "'") { quote = c; cur += c; continue; }
    const two = script.slice(i, i + 2);
    if (two === '&&' || two === '||' || c === ';' || c === '\n') {
      if (cur.trim()) parts.push({ op, text: cur.trim() });
      op = two === '&&' ? '&&' : two === '||' ? '||' : ';';
      if (two === '&&' || two === '||') i++;
      cur = '';
      continue;
    }
    cur += c;
  }
  if (cur.trim()) parts.push({ op, text: cur.trim() });
  return parts;
}

/** Split one simple command into words, expanding $VAR and honouring quotes. */
export function words(text: string, env: Map<string, string>): string[] {
  const out: string[] = [];
  let cur = '';
  let has = false;
  let quote: string | undefined;
  const expand = (s: string, i: number): [string, number] => {
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/.exec(s.slice(i));
    if (!m) return ['$', i + 1];
    return [env.get((m[1] ?? m[2]) as string) ?? '', i + m[0].length];
  };
  for (let i = 0; i < text.length; ) {
    const c = text[i] as string;
    if (quote === "'") {
      if (c === "'") quote = undefined; else cur += c;
      i++;
    } else if (quote === '"') {
      if (c === '"') { quote = undefined; i++; } else if (c === '$') { const [v, j] = expand(text, i); cur += v; i = j; } else if (c === '\\' && i + 1 < text.length) { cur += text[i + 1]; i += 2; } else { cur += c; i++; }
    } else if (c === "'" || c === '"') {
      quote = c; has = true; i++;
    } else if (c === ' ' || c === '\t') {
      if (cur || has) out.push(cur);
      cur = ''; has = false; i++;
    } else if (c === '$') {
      const [v, j] = expand(text, i); cur += v; has = true; i = j;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[i + 1]; has = true; i += 2;
    } else {
      cur += c; has = true; i++;
    }
  }
  if (cur || has) out.push(cur);
  return out;
}

/** Index of the first `ch` outside quotes, or -1. */
function unquotedIndex(text: string, ch: string): number {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) { if (c === quote) quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === ch) return i;
  }
  return -1;
}

/** Run a shell script (`/bin/sh -c SCRIPT`). */
export function runShell(ctx: ExecContext, script: string): ExecResult {
  const output: string[] = [];
  const lineAt: number[] = [];
  let exitCode = 0;
  let bytesAdded = 0;
  let durationMs = 0;
  for (const { op, text } of splitScript(script)) {
    if (op === '&&' && exitCode !== 0) continue;
    if (op === '||' && exitCode === 0) continue;
    const r = runSimple(ctx, text);
    output.push(...r.output);
    for (let i = 0; i < r.output.length; i++) lineAt.push(durationMs);
    exitCode = r.exitCode;
    bytesAdded += r.bytesAdded;
    durationMs += r.durationMs;
    if (r.exit) break;
  }
  return { output, exitCode, bytesAdded, durationMs, lineAt };
}

/** Run an exec-form command (no shell): `["node", "server.js"]`. */
export function runArgv(ctx: ExecContext, argv: readonly string[]): ExecResult & { notFound?: boolean } {
  const [cmd = ''] = argv;
  if (cmd === 'sh' || cmd === '/bin/sh' || cmd === 'bash' || cmd === '/bin/bash') {
    if (argv[1] === '-c') return runShell(ctx, argv[2] ?? '');
    const script = argv[1];
    if (script !== undefined && !script.startsWith('-')) {
      const body = ctx.files.get(resolvePath(ctx.cwd, script));
      if (body === undefined) return { output: [`${cmd}: can't open '${script}': No such file or directory`], exitCode: 2, bytesAdded: 0, durationMs: 5 };
      return runShell(ctx, body);
    }
  }
  if (!hasProgram(ctx, cmd) && !SHELL_BUILTINS.has(cmd)) return { output: [], exitCode: 127, bytesAdded: 0, durationMs: 0, notFound: true };
  const r = program(ctx, argv.map(String));
  return { output: r.output, exitCode: r.exitCode, bytesAdded: r.bytesAdded, durationMs: r.durationMs, ...(r.keepsRunning ? { keepsRunning: true } : {}) };
}

interface SimpleResult extends ExecResult { readonly exit?: boolean }

function runSimple(ctx: ExecContext, text: string): SimpleResult {
  // Redirections: `echo hi > file`, `>> file`; `2>&1` is accepted and ignored.
  let body = text.replace(/\s2>&1/g, '');
  let redirect: { path: string; append: boolean } | undefined;
  const at = unquotedIndex(body, '>');
  if (at > 0) {
    const append = body[at + 1] === '>';
    const target = body.slice(at + (append ? 2 : 1)).trim();
    if (target) redirect = { path: resolvePath(ctx.cwd, words(target, ctx.env)[0] ?? target), append };
    body = body.slice(0, at);
  }
  const argv = words(body, ctx.env);
  // Leading VAR=value assignments.
  while (argv.length > 0 && /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[0] as string)) {
    const a = argv.shift() as string;
    const eq = a.indexOf('=');
    if (argv.length === 0) ctx.env.set(a.slice(0, eq), a.slice(eq + 1));
  }
  const [cmd] = argv;
  if (cmd === undefined) return { output: [], exitCode: 0, bytesAdded: 0, durationMs: 0 };
  // Exit statuses are a byte: `exit 300` is 44.
  if (cmd === 'exit') return { output: [], exitCode: (Number(argv[1] ?? 0) | 0) & 255, bytesAdded: 0, durationMs: 0, exit: true };
  if (!SHELL_BUILTINS.has(cmd) && !hasProgram(ctx, cmd)) {
    return { output: [notFound(ctx, cmd)], exitCode: 127, bytesAdded: 0, durationMs: 5 };
  }
  const r = program(ctx, argv);
  if (redirect) {
    const prev = redirect.append ? (ctx.files.get(redirect.path) ?? '') : '';
    const content = prev + r.output.map((l) => `${l}\n`).join('');
    ctx.files.set(redirect.path, content);
    return { output: [], exitCode: r.exitCode, bytesAdded: r.bytesAdded + content.length, durationMs: r.durationMs };
  }
  return r;
}

const busybox = (ctx: ExecContext): boolean => ctx.distro === 'alpine' || ctx.distro === 'busybox';

interface Account { readonly name: string; readonly uid: number; readonly gid: number }

/** The accounts an image knows: its distribution's defaults, then what adduser/useradd wrote to /etc/passwd. */
function accounts(ctx: ExecContext): { users: Account[]; groups: Array<{ name: string; gid: number }> } {
  const nogroup = ctx.distro === 'debian' || ctx.distro === 'ubuntu' ? 'nogroup' : 'nobody';
  const users: Account[] = [{ name: 'root', uid: 0, gid: 0 }, { name: 'nobody', uid: 65534, gid: 65534 }];
  const groups = [{ name: 'root', gid: 0 }, { name: nogroup, gid: 65534 }];
  if (ctx.env.has('NODE_VERSION')) { users.push({ name: 'node', uid: 1000, gid: 1000 }); groups.push({ name: 'node', gid: 1000 }); }
  for (const line of (ctx.files.get('/etc/passwd') ?? '').split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name && uid !== undefined && !users.some((u) => u.name === name)) users.push({ name, uid: Number(uid), gid: Number(gid) });
  }
  for (const line of (ctx.files.get('/etc/group') ?? '').split('\n')) {
    const [name, , gid] = line.split(':');
    if (name && gid !== undefined && !groups.some((g) => g.name === name)) groups.push({ name, gid: Number(gid) });
  }
  return { users, groups };
}

/** Who the process runs as, from USER (`name`, `uid`, `name:group`): Docker gives an unknown uid group 0. */
function identity(ctx: ExecContext): { uid: number; name: string | undefined; gid: number; group: string | undefined; groups: Array<[number, string | undefined]> } {
  const { users, groups } = accounts(ctx);
  const [userPart = '', groupPart] = (ctx.user ?? '').split(':');
  const account = userPart === '' ? users[0] : users.find((u) => u.name === userPart || String(u.uid) === userPart);
  const uid = account?.uid ?? (Number(userPart) || 0);
  const explicit = groupPart === undefined ? undefined : groups.find((g) => g.name === groupPart || String(g.gid) === groupPart);
  const gid = explicit?.gid ?? (groupPart !== undefined && /^\d+$/.test(groupPart) ? Number(groupPart) : account?.gid ?? 0);
  const group = groups.find((g) => g.gid === gid)?.name;
  const root = uid === 0 && gid === 0;
  const extra: Array<[number, string]> = root && ctx.distro === 'alpine'
    ? [[1, 'bin'], [2, 'daemon'], [3, 'sys'], [4, 'adm'], [6, 'disk'], [10, 'wheel'], [11, 'floppy'], [20, 'dialout'], [26, 'tape'], [27, 'video']]
    : root && ctx.distro === 'busybox' ? [[10, 'wheel']] : [];
  return { uid, name: account?.name, gid, group, groups: [[gid, group], ...extra] };
}

/** adduser (busybox: `-D`, `-S` system, `-G group`, `-u uid`) and useradd (`-r`, `-u`, `-g`): one line in /etc/passwd. */
function addUser(ctx: ExecContext, cmd: string, args: string[]): ExecResult {
  const { users, groups } = accounts(ctx);
  const opt = (flag: string): string | undefined => { const i = args.indexOf(flag); return i >= 0 ? args[i + 1] : undefined; };
  const valued = new Set(['-G', '-g', '-u', '-h', '-s', '-g', '-d', '-c']);
  const names = args.filter((a, i) => !a.startsWith('-') && !valued.has(args[i - 1] ?? ''));
  const name = names[0];
  if (!name) return fail([`${cmd}: missing user name`], 1);
  if (users.some((u) => u.name === name)) return fail([cmd === 'adduser' ? `adduser: user '${name}' in use` : `useradd: user '${name}' already exists`], cmd === 'adduser' ? 1 : 9);
  const system = args.includes('-S') || args.includes('-r') || args.includes('--system');
  const used = new Set(users.map((u) => u.uid));
  let uid = Number(opt('-u') ?? NaN);
  if (Number.isNaN(uid)) { uid = system ? (busybox(ctx) ? 100 : 999) : 1000; while (used.has(uid)) uid += system && !busybox(ctx) ? -1 : 1; }
  const groupName = opt('-G') ?? opt('-g');
  let gid = groups.find((g) => g.name === groupName || String(g.gid) === groupName)?.gid;
  const lines: string[] = [];
  if (gid === undefined) {
    if (system && busybox(ctx)) gid = 65533;
    else { gid = uid; lines.push(`${name}:x:${gid}:`); }
    if (gid === 65533 && !groups.some((g) => g.gid === 65533)) lines.push('nogroup:x:65533:');
  }
  ctx.files.set('/etc/passwd', `${ctx.files.get('/etc/passwd') ?? ''}${name}:x:${uid}:${gid}::/home/${name}:${busybox(ctx) ? '/sbin/nologin' : '/bin/sh'}\n`);
  if (lines.length) ctx.files.set('/etc/group', `${ctx.files.get('/etc/group') ?? ''}${lines.map((l) => `${l}\n`).join('')}`);
  if (!system || args.includes('-h') || args.includes('-m')) ctx.files.set(`/home/${name}`, '\0dir');
  return ok([], { bytesAdded: 1200 });
}

/** addgroup / groupadd (`-S`/`-r` for a system group, `-g gid`). */
function addGroup(ctx: ExecContext, args: string[]): ExecResult {
  const { groups } = accounts(ctx);
  const name = args.filter((a, i) => !a.startsWith('-') && args[i - 1] !== '-g')[0];
  if (!name) return fail(['addgroup: missing group name'], 1);
  if (groups.some((g) => g.name === name)) return ok();
  const used = new Set(groups.map((g) => g.gid));
  const gi = args.indexOf('-g');
  let gid = gi >= 0 ? Number(args[gi + 1]) : (args.includes('-S') || args.includes('-r') ? (busybox(ctx) ? 101 : 999) : 1000);
  while (gi < 0 && used.has(gid)) gid += args.includes('-r') && !busybox(ctx) ? -1 : 1;
  ctx.files.set('/etc/group', `${ctx.files.get('/etc/group') ?? ''}${name}:x:${gid}:\n`);
  return ok([], { bytesAdded: 200 });
}

/**
 * Run one program with what is piped into it (the interactive shells in shell/container-shell.ts
 * drive this). Given as a function, stdin is read only by a program that reads it, so the rest
 * stays for the next command of a `while read` loop.
 */
export function runProgram(ctx: ExecContext, argv: readonly string[], stdin?: string | (() => string | undefined)): ExecResult {
  return program(ctx, [...argv], typeof stdin === 'function' ? stdin : () => stdin);
}

/** The text filters read the container's files, or stdin. */
function containerText(ctx: ExecContext, stdin: () => string | undefined): TextInput {
  return {
    get stdin() { return stdin(); },
    read: (f) => {
      const c = ctx.files.get(resolvePath(ctx.cwd, f));
      if (c === '\0dir' || (c === undefined && isDir(ctx.files, resolvePath(ctx.cwd, f)))) return { reason: 'Is a directory' };
      return c === undefined ? { reason: 'No such file or directory' } : { text: c };
    },
    write: (f, text) => {
      const p = resolvePath(ctx.cwd, f);
      if (isDir(ctx.files, p)) return 'Is a directory';
      ctx.files.set(p, text);
      return undefined;
    },
  };
}

function fromText(r: TextOutput): ExecResult {
  const errLines = new Set<number>();
  r.lines.forEach((l, i) => { if (l.stream === 'err') errLines.add(i); });
  return { output: r.lines.map((l) => l.text), exitCode: r.code, bytesAdded: 0, durationMs: 10, ...(errLines.size ? { errLines } : {}) };
}

/** curl's version in an image: Debian bookworm ships 7.88.1, Alpine 3.21 8.12.1 (what goes in User-Agent). */
function curlVersion(ctx: ExecContext): string {
  return ctx.distro === 'alpine' ? '8.12.1' : '7.88.1';
}

function httpClient(ctx: ExecContext, name: 'curl' | 'wget', args: string[]): ExecResult {
  const host: HttpClientHost = {
    request: (req) => (ctx.net ? ctx.net.request(req) : { kind: 'unresolved' }),
    version: curlVersion(ctx),
    stdoutIsTerminal: true,
    advance: (ms) => ctx.net?.advance(ms),
    writeFile: (path, content) => { ctx.files.set(resolvePath(ctx.cwd, path), content); return undefined; },
  };
  const r = name === 'curl' ? curl(args, host) : wget(args, host);
  const errLines = new Set<number>();
  r.output.forEach((l, i) => { if (l.stream === 'err') errLines.add(i); });
  return { output: r.output.map((l) => l.text), exitCode: r.exitCode, bytesAdded: 0, durationMs: 20, ...(errLines.size ? { errLines } : {}), ...(r.teach.length ? { teach: r.teach } : {}) };
}

function program(ctx: ExecContext, argv: string[], stdin: () => string | undefined = () => undefined): ExecResult {
  const [cmd = '', ...args] = argv;
  const name = cmd.slice(cmd.lastIndexOf('/') + 1);
  switch (name) {
    case 'echo': {
      const noNewline = args[0] === '-n';
      const text = (noNewline ? args.slice(1) : args).join(' ');
      return ok(text.split('\n'));
    }
    case 'printf': return fromText(printfText(args, busybox(ctx) ? '' : 'sh: 1: '));
    case 'true': case ':': case 'export': case 'set': case 'trap': case 'chmod': case 'chown': case 'ln': case 'test': case '[':
      return ok();
    case 'adduser': case 'useradd': return addUser(ctx, name, args);
    case 'addgroup': case 'groupadd': return addGroup(ctx, args);
    case 'false': return fail([], 1);
    case 'sleep': {
      // busybox and coreutils: seconds, with s/m/h/d suffixes; several arguments add up.
      const unit: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86_400 };
      let ms = 0;
      if (args.length === 0) {
        return busybox(ctx) ? fail(['Usage: sleep [N]...', '', 'Pause for a time equal to the total of the args given, where each arg can', 'have an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays'])
          : fail(['sleep: missing operand', "Try 'sleep --help' for more information."]);
      }
      for (const a of args) {
        const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(a);
        if (!m) return fail(busybox(ctx) ? [`sleep: invalid number '${a}'`] : [`sleep: invalid time interval '${a}'`, "Try 'sleep --help' for more information."]);
        ms += Number(m[1]) * (unit[m[2] as string] as number) * 1000;
      }
      return ok([], { durationMs: Math.round(ms) });
    }
    case 'pwd': return ok([ctx.cwd]);
    case 'cd': { ctx.cwd = resolvePath(ctx.cwd, args[0] ?? '/'); return ok(); }
    case 'hostname': return ok([ctx.hostname]);
    case 'whoami': {
      const who = identity(ctx);
      if (who.name !== undefined) return ok([who.name]);
      return fail([busybox(ctx) ? `whoami: unknown uid ${who.uid}` : `whoami: cannot find name for user ID ${who.uid}`], 1);
    }
    case 'id': {
      const who = identity(ctx);
      const named = (n: number, name: string | undefined): string => (name === undefined ? String(n) : `${n}(${name})`);
      return ok([`uid=${named(who.uid, who.name)} gid=${named(who.gid, who.group)} groups=${who.groups.map(([n, g]) => named(n, g)).join(',')}`]);
    }
    case 'uname': return ok([args.includes('-a') ? `Linux ${ctx.hostname} 6.10.14-linuxkit #1 SMP Thu Oct 24 19:28:55 UTC 2024 x86_64 ${ctx.distro === 'alpine' || ctx.distro === 'busybox' ? 'Linux' : 'GNU/Linux'}` : 'Linux']);
    case 'date': return ok([new Date(ctx.now).toUTCString().replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, (_s, d, day, mon, y, t) => `${d} ${mon} ${String(day).padStart(ctx.distro === 'alpine' || ctx.distro === 'busybox' ? 2 : 2, ' ')} ${t} UTC ${y}`)]);
    case 'env': case 'printenv': {
      const who = identity(ctx);
      const home = who.uid === 0 ? '/root' : who.name === undefined || who.name === 'nobody' ? '/' : `/home/${who.name}`;
      // The runtime sets HOSTNAME, and HOME when nothing else did (runc, from /etc/passwd).
      const hostname = ctx.env.get('HOSTNAME') ?? ctx.hostname;
      if (args[0]) { const v = args[0] === 'HOSTNAME' ? hostname : ctx.env.get(args[0]) ?? (args[0] === 'HOME' ? home : undefined); return v === undefined ? fail([], 1) : ok([v]); }
      // Docker's and containerd's order: PATH, HOSTNAME, the image's variables, the ones given at run time, then HOME.
      const rest = [...ctx.env].filter(([k]) => k !== 'PATH' && k !== 'HOSTNAME').map(([k, v]) => `${k}=${v}`);
      const path = ctx.env.get('PATH');
      return ok([...(path === undefined ? [] : [`PATH=${path}`]), `HOSTNAME=${hostname}`, ...rest, ...(ctx.env.has('HOME') ? [] : [`HOME=${home}`])]);
    }
    case 'mkdir': {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const p = resolvePath(ctx.cwd, a);
        if (!isDir(ctx.files, p)) ctx.files.set(p, '\0dir');
      }
      return ok([], { bytesAdded: 0 });
    }
    case 'touch': {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const p = resolvePath(ctx.cwd, a);
        if (!ctx.files.has(p)) ctx.files.set(p, '');
      }
      return ok();
    }
    case 'rm': {
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const p = resolvePath(ctx.cwd, a);
        for (const k of [...ctx.files.keys()]) if (k === p || k.startsWith(`${p}/`)) ctx.files.delete(k);
      }
      return ok();
    }
    case 'cp': case 'mv': {
      const paths = args.filter((x) => !x.startsWith('-'));
      const dest = resolvePath(ctx.cwd, paths.pop() ?? '.');
      for (const a of paths) {
        const src = resolvePath(ctx.cwd, a);
        const content = ctx.files.get(src);
        if (content === undefined) return fail([`${name}: can't stat '${a}': No such file or directory`]);
        const target = isDir(ctx.files, dest) ? `${dest}/${src.slice(src.lastIndexOf('/') + 1)}` : dest;
        ctx.files.set(target, content);
        if (name === 'mv') ctx.files.delete(src);
      }
      return ok();
    }
    case 'curl': case 'wget': return httpClient(ctx, name, args);
    case 'grep': return fromText(grepText(args, containerText(ctx, stdin)));
    case 'head': case 'tail': return fromText(headTailText(name, args, containerText(ctx, stdin)));
    case 'wc': return fromText(wcText(args, containerText(ctx, stdin)));
    case 'base64': return fromText(base64Text(args, containerText(ctx, stdin)));
    case 'sort': return fromText(sortText(args, containerText(ctx, stdin)));
    case 'uniq': return fromText(uniqText(args, containerText(ctx, stdin)));
    case 'cut': return fromText(cutText(args, containerText(ctx, stdin)));
    case 'tr': return fromText(trText(args, containerText(ctx, stdin)));
    case 'sed': return fromText(sedText(args, containerText(ctx, stdin)));
    case 'awk': return fromText(awkText(args, containerText(ctx, stdin)));
    case 'seq': return fromText(seqText(args));
    case 'jq': return fromText(jqText(args, containerText(ctx, stdin), ctx.now / 1000));
    case 'cat': {
      const out: string[] = [];
      const input = args.filter((x) => !x.startsWith('-') || x === '-').length === 0 ? stdin() : undefined;
      if (input !== undefined) return ok(input === '' ? [] : input.replace(/\n$/, '').split('\n'));
      for (const a of args.filter((x) => !x.startsWith('-'))) {
        const p = resolvePath(ctx.cwd, a);
        const c = ctx.files.get(p);
        if (c === undefined || c === '\0dir') return fail([...out, `cat: ${a}: ${c === '\0dir' ? 'Is a directory' : 'No such file or directory'}`]);
        out.push(...c.replace(/\n$/, '').split('\n'));
      }
      return ok(out);
    }
    case 'ls': {
      const target = resolvePath(ctx.cwd, args.filter((x) => !x.startsWith('-'))[0] ?? '.');
      if (ctx.files.has(target) && ctx.files.get(target) !== '\0dir') return ok([target.slice(target.lastIndexOf('/') + 1)]);
      const prefix = target === '/' ? '/' : `${target}/`;
      const names = new Set<string>();
      for (const k of ctx.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0] as string);
      if (target === '/') for (const d of ['bin', 'dev', 'etc', 'home', 'lib', 'proc', 'root', 'sys', 'tmp', 'usr', 'var']) names.add(d);
      if (names.size === 0 && !isDir(ctx.files, target)) return fail([`ls: ${args[0] ?? '.'}: No such file or directory`], ctx.distro === 'alpine' || ctx.distro === 'busybox' ? 1 : 2);
      return ok([...names].filter(Boolean).sort());
    }
    case 'apk': return apk(ctx, args);
    case 'apt-get': case 'apt': return aptGet(ctx, args);
    // Older images set NGINX_VERSION with the Debian revision (`1.14.2-1~stretch`).
    case 'nginx': return args.includes('-v') ? ok([`nginx version: nginx/${(ctx.env.get('NGINX_VERSION') ?? '1.29.3').replace(/-.*$/, '')}`]) : ok();
    default: {
      const tool = runToolchain(ctx, name, args, runShell);
      if (tool) return tool;
      const file = programFile(ctx, cmd);
      const binary = readBinary(file);
      if (binary) return ok(binary.output, { durationMs: 50 });
      if (file !== undefined && /^#!\s*(\/bin\/(ba)?sh|\/usr\/bin\/env (ba)?sh)/.test(file)) return runShell(ctx, file.slice(file.indexOf('\n') + 1));
      return ok([], { durationMs: 200 });
    }
  }
}

/** Alpine 3.21's build-base and what it pulls in (apk add prints each). */
const APK_DEPENDS: Record<string, string[]> = {
  'build-base': ['libstdc++-dev', 'zstd-libs', 'binutils', 'libgomp', 'libatomic', 'gmp', 'isl26', 'mpfr4', 'mpc1', 'gcc', 'libstdc++', 'musl-dev', 'g++', 'make', 'fortify-headers', 'patch'],
};
const APK_VERSIONS: Record<string, string> = {
  'libstdc++-dev': '14.2.0-r4', 'zstd-libs': '1.5.6-r2', binutils: '2.43.1-r2', libgomp: '14.2.0-r4', libatomic: '14.2.0-r4', gmp: '6.3.0-r2', isl26: '0.26-r1',
  mpfr4: '4.2.1-r0', mpc1: '1.3.1-r1', gcc: '14.2.0-r4', 'libstdc++': '14.2.0-r4', 'musl-dev': '1.2.5-r9', 'g++': '14.2.0-r4', make: '4.4.1-r2',
  'fortify-headers': '1.1-r5', patch: '2.7.6-r10', 'build-base': '0.5-r3',
};
const APK_BINS: Record<string, string[]> = { gcc: ['gcc', 'cc'], 'g++': ['g++', 'c++'], binutils: ['ld', 'as', 'ar'], 'build-base': [] };

function apk(ctx: ExecContext, args: string[]): ExecResult {
  const sub = args.find((a) => !a.startsWith('-'));
  if (sub === 'update') {
    return ok(['fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz',
      'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz',
      'v3.21.3-0-g0e7a2ab9f8e [https://dl-cdn.alpinelinux.org/alpine/v3.21/main]',
      'v3.21.3-0-g0e7a2ab9f8e [https://dl-cdn.alpinelinux.org/alpine/v3.21/community]', 'OK: 25263 distinct packages available'], { durationMs: 900 });
  }
  if (sub !== 'add') return ok();
  // A meta-package installs its dependencies first, each on its own line (build-base: the compilers and make).
  const pkgs = args.slice(args.indexOf('add') + 1).filter((a) => !a.startsWith('-')).flatMap((p) => [...(APK_DEPENDS[p] ?? []), p]).filter((p, i, all) => all.indexOf(p) === i);
  const out = ['fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/main/x86_64/APKINDEX.tar.gz',
    'fetch https://dl-cdn.alpinelinux.org/alpine/v3.21/community/x86_64/APKINDEX.tar.gz'];
  let bytes = 0;
  pkgs.forEach((p, i) => {
    out.push(`(${i + 1}/${pkgs.length}) Installing ${p} (${APK_VERSIONS[p] ?? pkgVersion(p, 'alpine')})`);
    for (const bin of APK_BINS[p] ?? [p]) ctx.files.set(`/usr/bin/${bin}`, `#!${bin}`);
    bytes += 200_000 + Math.floor(unitFromText(p) * 3_000_000);
  });
  out.push('Executing busybox-1.37.0-r12.trigger', `OK: ${Math.round(8 + bytes / 1_000_000)} MiB in ${15 + pkgs.length} packages`);
  return ok(out, { bytesAdded: bytes, durationMs: 1200 + pkgs.length * 300 });
}

function aptGet(ctx: ExecContext, args: string[]): ExecResult {
  const sub = args.find((a) => !a.startsWith('-'));
  if (sub === 'update') {
    ctx.files.set('/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease', 'lists');
    return ok(['Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]', 'Get:2 http://deb.debian.org/debian bookworm-updates InRelease [55.4 kB]',
      'Get:3 http://deb.debian.org/debian-security bookworm-security InRelease [48.0 kB]', 'Get:4 http://deb.debian.org/debian bookworm/main amd64 Packages [8792 kB]',
      'Get:5 http://deb.debian.org/debian bookworm-updates/main amd64 Packages [13.5 kB]', 'Get:6 http://deb.debian.org/debian-security bookworm-security/main amd64 Packages [283 kB]',
      'Fetched 9343 kB in 1s (7012 kB/s)', 'Reading package lists...'], { bytesAdded: 18_000_000, durationMs: 2100 });
  }
  if (sub !== 'install') return ok(['Reading package lists...']);
  const pkgs = args.slice(args.indexOf('install') + 1).filter((a) => !a.startsWith('-'));
  const updated = [...ctx.files.keys()].some((k) => k.startsWith('/var/lib/apt/lists/'));
  if (!updated) {
    return fail(['Reading package lists...', 'Building dependency tree...', 'Reading state information...', `E: Unable to locate package ${pkgs[0] ?? ''}`], 100, 400);
  }
  if (!args.includes('-y') && !args.includes('--yes') && !args.includes('-qy')) {
    return fail(['Reading package lists...', 'Building dependency tree...', 'Reading state information...', 'The following NEW packages will be installed:', `  ${pkgs.join(' ')}`,
      `0 upgraded, ${pkgs.length} newly installed, 0 to remove and 0 not upgraded.`, 'Do you want to continue? [Y/n] Abort.'], 1, 500);
  }
  let bytes = 0;
  const out = ['Reading package lists...', 'Building dependency tree...', 'Reading state information...', 'The following NEW packages will be installed:', `  ${pkgs.join(' ')}`,
    `0 upgraded, ${pkgs.length} newly installed, 0 to remove and 0 not upgraded.`];
  for (const p of pkgs) bytes += 300_000 + Math.floor(unitFromText(p) * 5_000_000);
  out.push(`Need to get ${(bytes / 3_000_000).toFixed(0)} MB of archives.`, `After this operation, ${(bytes / 1_000_000).toFixed(1)} MB of additional disk space will be used.`);
  pkgs.forEach((p, i) => out.push(`Get:${i + 1} http://deb.debian.org/debian bookworm/main amd64 ${p} amd64 ${pkgVersion(p, 'debian')} [${Math.round(unitFromText(p) * 900 + 40)} kB]`));
  for (const p of pkgs) {
    out.push(`Setting up ${p} (${pkgVersion(p, 'debian')}) ...`);
    ctx.files.set(`/usr/bin/${p}`, `#!${p}`);
  }
  return ok(out, { bytesAdded: bytes, durationMs: 2500 + pkgs.length * 600 });
}

/** The file a command name runs: a path, or the first match in the bin folders. */
export function programFile(ctx: ExecContext, name: string): string | undefined {
  if (name.includes('/')) return ctx.files.get(resolvePath(ctx.cwd, name));
  for (const dir of binDirs(ctx)) {
    const c = ctx.files.get(`${dir}/${name}`);
    if (c !== undefined) return c;
  }
  return undefined;
}

