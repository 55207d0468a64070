/**
 * A shell inside a container (`kubectl exec -ti POD -- bash`, `docker run -it alpine sh`,
 * `docker exec -it web sh`): its prompt (`root@kubernetes-bootcamp-5485cc6795-abcde:/# ` for bash,
 * `/ # ` for busybox's ash, `# ` for dash), its words split by the same tokenizer as the laptop's
 * shell, and its commands run by the container's programs (sim/exec.ts) against the container's
 * own files, by the same interpreter as the laptop's shell. `exit` (or Ctrl-D) returns to the
 * laptop. Also runs `sh -c SCRIPT` for exec'd commands.
 */
import { canRun, contentBytes, hasProgram, isDir, programNames, resolvePath, runArgv, runProgram, type ExecContext, type ExecResult } from '../sim/exec.ts';
import type { World } from '../sim/world.ts';
import { Interpreter, type HostFiles, type RunIo, type ShellHost } from './interpreter.ts';
import { CLEAR_SCREEN, err, hint, out, result, type CommandResult, type Line } from './result.ts';

/** bash, dash (Debian's and Ubuntu's /bin/sh) or busybox ash (Alpine's and busybox's /bin/sh). */
export type ShellFlavour = 'bash' | 'dash' | 'ash';

export interface ContainerShellSpec {
  readonly flavour: ShellFlavour;
  /** The container's programs, files (changed in place), environment and working folder. */
  readonly exec: ExecContext;
  /** What leaving prints (kubectl: `command terminated with exit code 1`) given the shell's exit status. */
  leave(status: number): CommandResult;
}

/** Which shell a name starts in this image; undefined when the image has no such program. */
export function shellFlavour(exec: ExecContext, name: string): ShellFlavour | undefined {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base === 'bash') return canRun(exec, 'bash') ? 'bash' : undefined;
  if (base === 'sh' || base === 'ash') {
    if (exec.distro === 'alpine' || exec.distro === 'busybox') return 'ash';
    if (base === 'sh' && (exec.distro === 'debian' || exec.distro === 'ubuntu')) return 'dash';
  }
  return undefined;
}

/** True for an argv that is just a shell (`bash`, `/bin/sh`): interactive when given a terminal. */
export function isBareShell(argv: readonly string[]): boolean {
  return argv.length === 1 && /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash)$/.test(argv[0] as string);
}

const SHELL_NAME: Record<ShellFlavour, string> = { bash: 'bash', dash: 'sh', ash: 'sh' };

/** The shell's own "not found" and error lines, in each shell's words. */
function shellError(flavour: ShellFlavour, text: string): string {
  return flavour === 'dash' ? `sh: 1: ${text}` : `${SHELL_NAME[flavour]}: ${text}`;
}

export class ContainerShell {
  /** Shells started inside the first one (`bash` typed at a `sh` prompt), innermost last. */
  readonly #stack: ShellFlavour[];
  #status = 0;
  closed = false;
  /** The interpreter the typed lines run in (with this shell's aliases). */
  readonly shell: Interpreter;

  constructor(readonly spec: ContainerShellSpec, private readonly world: World) {
    this.#stack = [spec.flavour];
    this.shell = new Interpreter(containerHost(spec.exec, () => this.#flavour, world, (f) => this.#stack.push(f)));
  }

  get #flavour(): ShellFlavour {
    return this.#stack[this.#stack.length - 1] as ShellFlavour;
  }

  /** The shell typed lines go to now (the innermost). */
  get flavour(): ShellFlavour {
    return this.#flavour;
  }

  /** Every name this shell runs as a command: its aliases, keywords and builtins, and the image's programs. */
  commandNames(): string[] {
    return [...this.shell.commandNames(), ...programNames(this.spec.exec)];
  }

  /** bash's `\u@\h:\w\$ `, ash's `\w \$ `, dash's `\$ `. */
  prompt(): string {
    const exec = this.spec.exec;
    const who = runProgram(exec, ['whoami']);
    const root = (who.output[0] ?? 'root') === 'root' && who.exitCode === 0;
    const sign = root ? '#' : '$';
    const home = root ? '/root' : `/home/${who.output[0] ?? ''}`;
    const dir = exec.cwd === home ? '~' : exec.cwd.startsWith(`${home}/`) ? `~${exec.cwd.slice(home.length)}` : exec.cwd;
    switch (this.#flavour) {
      case 'bash': return `${who.exitCode === 0 ? who.output[0] : 'I have no name!'}@${exec.hostname}:${dir}${sign} `;
      case 'ash': return `${dir} ${sign} `;
      default: return `${sign} `;
    }
  }

  /** One typed input, heredoc bodies already collected. */
  run(line: string, heredocs: readonly string[]): CommandResult {
    const list = this.shell.parse(line);
    if (!('items' in list)) {
      this.spec.exec.env.set('?', String(list.exitCode));
      return list;
    }
    const r = this.shell.run(list, heredocs);
    this.#status = r.exitCode;
    if (!r.exit) return r;
    // `exit`: leave the innermost shell (bash says so); leaving the last one returns to the laptop.
    return this.#pop(r);
  }

  /** Ctrl-D on an empty line: the innermost shell ends as with `exit` (bash prints it; the others just end the line). */
  endOfFile(): CommandResult {
    return this.#pop(this.#flavour === 'bash' ? result([], this.#status) : result([out('')], this.#status));
  }

  #pop(r: CommandResult): CommandResult {
    const leaving = this.#stack.pop();
    const bye = leaving === 'bash' ? [err('exit')] : [];
    if (this.#stack.length > 0) return { lines: [...r.lines, ...bye], exitCode: r.exitCode };
    const left = this.leave(r.exitCode);
    return { ...left, lines: [...r.lines, ...bye, ...left.lines] };
  }

  /** Leave the container's shell (`exit`, or end of input): what the command that started it prints last. */
  leave(status: number | undefined): CommandResult {
    this.closed = true;
    return this.spec.leave(status ?? this.#status);
  }
}

/** `sh -c SCRIPT` in a container: the same shell, run once (kubectl exec and docker exec use it). */
export function runScript(exec: ExecContext, flavour: ShellFlavour, script: string, world: World): CommandResult {
  const shell = new Interpreter(containerHost(exec, () => flavour, world, () => undefined));
  const { exit: _e, control: _c, ...r } = shell.runScript(script, { stdin: undefined, terminal: true, loops: 0 }, '');
  return r;
}

/** System folders every image has, whether or not its files list them. */
const SYSTEM_DIRS = ['/', '/root', '/tmp', '/etc', '/usr', '/var', '/home', '/bin', '/lib', '/proc', '/sys', '/dev'];

/** The container as the interpreter's host: its files, its programs, its shell's words for errors. */
function containerHost(exec: ExecContext, flavour: () => ShellFlavour, world: World, nest: (f: ShellFlavour) => void): ShellHost {
  const abs = (path: string): string => resolvePath(exec.cwd, path);
  const kind = (p: string): 'file' | 'dir' | undefined => {
    const c = exec.files.get(p);
    if (c === '\0dir' || isDir(exec.files, p) || SYSTEM_DIRS.includes(p)) return 'dir';
    return c === undefined ? undefined : 'file';
  };
  const files: HostFiles = {
    get cwd() { return exec.cwd; },
    read: (path) => {
      const p = abs(path);
      if (kind(p) === 'dir') return { reason: 'Is a directory' };
      const c = exec.files.get(p);
      return c === undefined ? { reason: 'No such file or directory' } : { text: c };
    },
    openForWrite: (path, append) => {
      const p = abs(path);
      if (kind(p) === 'dir') return { reason: 'Is a directory' };
      return { path: p, text: append ? (exec.files.get(p) ?? '') : '' };
    },
    write: (p, text) => { exec.files.set(p, text); },
    list: (dir) => {
      const p = abs(dir);
      if (kind(p) !== 'dir') return undefined;
      const prefix = p === '/' ? '/' : `${p}/`;
      const names = new Set<string>();
      for (const k of exec.files.keys()) if (k.startsWith(prefix)) names.add(k.slice(prefix.length).split('/')[0] as string);
      if (p === '/') for (const d of SYSTEM_DIRS.slice(1)) names.add(d.slice(1));
      return [...names].filter(Boolean);
    },
    kind: (path) => kind(abs(path)),
    size: (path) => contentBytes(exec.files.get(abs(path)) ?? ''),
  };
  return {
    env: exec.env,
    files,
    get errorPrefix() { return flavour() === 'dash' ? 'sh: 1: ' : `${SHELL_NAME[flavour()]}: `; },
    fileError: (path, reason, writing) => {
      const f = flavour();
      if (f === 'bash') return { line: err(`bash: ${path}: ${reason}`), status: 1 };
      return writing ? { line: err(shellError(f, `can't create ${path}: ${reason}`)), status: 2 } : { line: err(shellError(f, `can't open ${path}: no such file`)), status: 1 };
    },
    special: (name) => (name === '$' ? '1' : name === '0' ? SHELL_NAME[flavour()] : name === 'PWD' ? exec.cwd : undefined),
    run: (name, args, env, io) => containerCommand(exec, flavour(), name, args, env, io, world, nest),
    assign: (name, value) => { exec.env.set(name, value); },
    save: () => {
      const saved = { cwd: exec.cwd, env: new Map(exec.env) };
      return () => {
        exec.cwd = saved.cwd;
        exec.env.clear();
        for (const [k, v] of saved.env) exec.env.set(k, v);
      };
    },
    hasProgram: (name) => canRun(exec, name),
    programPath: (name) => (hasProgram(exec, name) ? `${exec.distro === 'alpine' || exec.distro === 'busybox' ? '/bin' : '/usr/bin'}/${name}` : undefined),
  };
}

/** A command typed in a container's shell: the shell's own builtins, a shell inside it, or one of the image's programs. */
function containerCommand(exec: ExecContext, flavour: ShellFlavour, name: string, args: string[], assigned: ReadonlyMap<string, string> | undefined, io: RunIo, world: World, nest: (f: ShellFlavour) => void): CommandResult {
  switch (name) {
    case 'exit': {
      const status = args[0] === undefined ? Number(exec.env.get('?') ?? 0) : Number(args[0]);
      if (args[0] !== undefined && !/^-?\d+$/.test(args[0])) return { lines: [err(shellError(flavour, `exit: ${args[0]}: numeric argument required`))], exitCode: 2, exit: true };
      return { lines: [], exitCode: (status | 0) & 255, exit: true };
    }
    case 'cd': {
      const target = args[0] === undefined || args[0] === '~' ? (exec.env.get('HOME') ?? '/root') : args[0] === '-' ? (exec.env.get('OLDPWD') ?? exec.cwd) : args[0];
      const path = resolvePath(exec.cwd, target);
      if (!isDir(exec.files, path) && !SYSTEM_DIRS.includes(path)) {
        const why = exec.files.has(path) ? 'Not a directory' : 'No such file or directory';
        return result([err(flavour === 'bash' ? `bash: cd: ${target}: ${why}` : flavour === 'dash' ? `sh: 1: cd: can't cd to ${target}` : `sh: cd: can't cd to ${target}: ${why}`)], flavour === 'dash' ? 2 : 1);
      }
      exec.env.set('OLDPWD', exec.cwd);
      exec.cwd = path;
      return result([]);
    }
    case 'export': {
      for (const a of args) { const i = a.indexOf('='); if (i > 0) exec.env.set(a.slice(0, i), a.slice(i + 1)); }
      return result([]);
    }
    case 'unset': {
      for (const a of args) exec.env.delete(a);
      return result([]);
    }
    case 'clear': return CLEAR_SCREEN;
    default: break;
  }
  const argv = [name, ...args];
  // A shell typed at the prompt starts inside this one; `sh -c …` runs a script.
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash)$/.test(name)) {
    const inner = shellFlavour(exec, name);
    if (inner && args.length === 0) { nest(inner); return result([]); }
    if (inner && args[0] === '-c') return runScript(exec, inner, args[1] ?? '', world);
  }
  if (!canRun(exec, name) && !name.includes('/')) return result([err(flavour === 'bash' ? `bash: ${name}: command not found` : shellError(flavour, `${name}: not found`))], 127);
  const env = assigned ? new Map([...exec.env, ...assigned]) : exec.env;
  const ctx = env === exec.env ? exec : { ...exec, env };
  const r: ExecResult & { notFound?: boolean } = name.includes('/') ? runArgv(ctx, argv) : runProgram(ctx, argv, io.stdin);
  if (name.includes('/') && r.notFound) return result([err(flavour === 'bash' ? `bash: ${name}: No such file or directory` : shellError(flavour, `${name}: not found`))], 127);
  if (r.durationMs >= 1000) world.advance(r.durationMs);
  const lines: Line[] = r.output.map((text, i) => (r.errLines?.has(i) ? err(text) : out(text)));
  return result([...lines, ...(r.teach ?? []).map(hint)], r.exitCode);
}
