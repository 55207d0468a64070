/**
 * A shell inside a container (`kubectl exec -ti POD -- bash`, `docker run -it alpine sh`,
 * `docker exec -it web sh`): its prompt (`root@kubernetes-bootcamp-5485cc6795-abcde:/# ` for bash,
 * `/ # ` for busybox's ash, `# ` for dash), its words split by the same tokenizer as the laptop's
 * shell, and its commands run by the container's programs (sim/exec.ts) against the container's
 * own files. `exit` returns to the laptop. Also runs `sh -c SCRIPT` for exec'd commands.
 */
import { canRun, isDir, resolvePath, runArgv, runProgram, type ExecContext, type ExecResult } from '../sim/exec.ts';
import type { World } from '../sim/world.ts';
import { err, hint, out, result, streamText, type CommandResult, type Line } from './result.ts';
import { expandFields, expandHeredoc, expandJoined, ExpansionError, heredocsIn, parseCommandLine, ShellSyntaxError, UnsupportedSyntax, type Expander, type SimpleCommand } from './tokenize.ts';

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

  constructor(readonly spec: ContainerShellSpec, private readonly world: World) {
    this.#stack = [spec.flavour];
  }

  get #flavour(): ShellFlavour {
    return this.#stack[this.#stack.length - 1] as ShellFlavour;
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

  /** One typed line, heredoc bodies already collected. */
  run(line: string, heredocs: readonly string[]): CommandResult {
    const r = runLine(this.spec.exec, this.#flavour, line, heredocs, this.world, (f) => this.#stack.push(f));
    this.#status = r.exitCode;
    if (!r.exit) return r;
    // `exit`: leave the innermost shell (bash says so); leaving the last one returns to the laptop.
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
  return runLine(exec, flavour, script.replace(/\n/g, '; ').replace(/(;\s*)+$/, ''), [], world, () => undefined);
}

interface LineState { lines: Line[]; code: number }

function runLine(exec: ExecContext, flavour: ShellFlavour, line: string, heredocs: readonly string[], world: World, nest: (f: ShellFlavour) => void): CommandResult {
  let list;
  try {
    list = parseCommandLine(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return result([err(shellError(flavour, e.message))], 2);
    if (e instanceof UnsupportedSyntax) return result([hint(`Loops, conditionals and subshells are not simulated in kubetutor's container shells: type one command at a time (pipes, &&, || and ; work).`)], 2);
    throw e;
  }
  const docs = heredocsIn(line);
  const state: LineState = { lines: [], code: Number(exec.env.get('?') ?? 0) };
  let ran = false;
  for (const { op, pipeline } of list.items) {
    if (ran && op === '&&' && state.code !== 0) continue;
    if (ran && op === '||' && state.code === 0) continue;
    ran = true;
    let stdin: string | undefined;
    try {
      for (const [i, cmd] of pipeline.commands.entries()) {
        const last = i === pipeline.commands.length - 1;
        const doc = cmd.heredoc !== undefined ? heredocs[cmd.heredoc] : undefined;
        const input = doc !== undefined ? (docs[cmd.heredoc as number]?.quoted ? doc : expandHeredoc(doc, expander(exec, flavour, world))) : stdin;
        const r = simple(exec, flavour, cmd, input, world, nest);
        if (r.exit) {
          state.lines.push(...r.lines);
          exec.env.set('?', String(r.exitCode));
          return { lines: state.lines, exitCode: r.exitCode, exit: true };
        }
        if (last) { state.lines.push(...r.lines); state.code = r.exitCode; }
        else {
          stdin = streamText(r.lines.filter((l) => l.stream === 'out'));
          state.lines.push(...r.lines.filter((l) => l.stream !== 'out'));
        }
      }
    } catch (e) {
      if (!(e instanceof ExpansionError)) throw e;
      state.lines.push(err(shellError(flavour, e.message)));
      state.code = e.status;
      exec.env.set('?', String(state.code));
      break;
    }
    exec.env.set('?', String(state.code));
  }
  return { lines: state.lines, exitCode: state.code };
}

function expander(exec: ExecContext, flavour: ShellFlavour, world: World): Expander {
  return {
    env: exec.env,
    substitute: (command) => {
      // A subshell: its `cd` and variables stay inside.
      const saved = { cwd: exec.cwd, env: new Map(exec.env) };
      const r = runLine(exec, flavour, command, [], world, () => undefined);
      exec.cwd = saved.cwd;
      exec.env.clear();
      for (const [k, v] of saved.env) exec.env.set(k, v);
      return streamText(r.lines.filter((l) => l.stream === 'out')).replace(/\n+$/, '');
    },
    special: (name) => (name === '$' ? '1' : name === '0' ? SHELL_NAME[flavour] : name === 'PWD' ? exec.cwd : undefined),
  };
}

function simple(exec: ExecContext, flavour: ShellFlavour, raw: SimpleCommand, stdinIn: string | undefined, world: World, nest: (f: ShellFlavour) => void): CommandResult {
  const ex = expander(exec, flavour, world);
  const argv = raw.argv.flatMap((w) => expandFields(w, ex));
  const assignments = raw.assignments.map((a) => ({ name: a.name, value: expandJoined(a.value, ex) }));
  let stdin = stdinIn;
  if (raw.redirectIn !== undefined) {
    const target = expandJoined(raw.redirectIn, ex);
    const content = target === '/dev/null' ? '' : exec.files.get(resolvePath(exec.cwd, target));
    if (content === undefined || content === '\0dir') return result([err(shellError(flavour, flavour === 'bash' ? `${target}: No such file or directory` : `can't open ${target}: no such file`))], 1);
    stdin = content;
  }
  // Output redirections: each stream goes to the terminal, nowhere, or a file in the container.
  const targets: Record<1 | 2, { kind: 'out' | 'err' | 'null' } | { kind: 'file'; path: string }> = { 1: { kind: 'out' }, 2: { kind: 'err' } };
  const files = new Map<string, string>();
  for (const rd of raw.redirects) {
    if (rd.kind === 'dup') { if (rd.fd === 1 || rd.fd === 2) targets[rd.fd] = targets[rd.to === 1 ? 1 : 2]; continue; }
    const shown = expandJoined(rd.path, ex);
    const t = shown === '/dev/null' ? { kind: 'null' as const } : { kind: 'file' as const, path: resolvePath(exec.cwd, shown) };
    if (t.kind === 'file') {
      if (isDir(exec.files, t.path)) return result([err(shellError(flavour, flavour === 'bash' ? `${shown}: Is a directory` : `can't create ${shown}: Is a directory`))], flavour === 'bash' ? 1 : 2);
      files.set(t.path, rd.append ? (exec.files.get(t.path) ?? '') : '');
    }
    if (rd.fd === 'both') { targets[1] = t; targets[2] = t; } else if (rd.fd === 1 || rd.fd === 2) targets[rd.fd] = t;
  }
  for (const [p, c] of files) exec.files.set(p, c);
  const route = (r: CommandResult): CommandResult => {
    if (raw.redirects.length === 0) return r;
    const lines: Line[] = [];
    for (const l of r.lines) {
      if (l.stream === 'hint') { lines.push(l); continue; }
      const t = targets[l.stream === 'out' ? 1 : 2];
      if (t.kind === 'file') exec.files.set(t.path, `${exec.files.get(t.path) ?? ''}${streamText([l])}`);
      else if (t.kind !== 'null') lines.push(l.stream === t.kind ? l : { ...l, stream: t.kind });
    }
    return { ...r, lines };
  };
  const [name, ...args] = argv;
  if (name === undefined) {
    for (const a of assignments) exec.env.set(a.name, a.value);
    return result([]);
  }
  switch (name) {
    case 'exit': {
      const status = args[0] === undefined ? Number(exec.env.get('?') ?? 0) : Number(args[0]);
      if (args[0] !== undefined && !/^-?\d+$/.test(args[0])) return { lines: [err(shellError(flavour, `exit: ${args[0]}: numeric argument required`))], exitCode: 2, exit: true };
      return { lines: [], exitCode: (status | 0) & 255, exit: true };
    }
    case 'cd': {
      const target = args[0] === undefined || args[0] === '~' ? (exec.env.get('HOME') ?? '/root') : args[0] === '-' ? (exec.env.get('OLDPWD') ?? exec.cwd) : args[0];
      const path = resolvePath(exec.cwd, target);
      if (!isDir(exec.files, path) && !['/', '/root', '/tmp', '/etc', '/usr', '/var', '/home', '/bin', '/lib', '/proc', '/sys', '/dev'].includes(path)) {
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
    case 'clear': return result([]);
    default: break;
  }
  // A shell typed at the prompt starts inside this one; `sh -c …` runs a script.
  if (/^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash)$/.test(name)) {
    const inner = shellFlavour(exec, name);
    if (inner && args.length === 0) { nest(inner); return result([]); }
    if (inner && args[0] === '-c') return route(runScript(exec, inner, args[1] ?? '', world));
  }
  if (!canRun(exec, name) && !name.includes('/')) return result([err(flavour === 'bash' ? `bash: ${name}: command not found` : shellError(flavour, `${name}: not found`))], 127);
  const env = assignments.length > 0 ? new Map([...exec.env, ...assignments.map((a) => [a.name, a.value] as [string, string])]) : exec.env;
  const r: ExecResult = name.includes('/') ? runArgv({ ...exec, env }, argv) : runProgram(env === exec.env ? exec : { ...exec, env }, argv, stdin);
  if (name.includes('/') && (r as { notFound?: boolean }).notFound) return result([err(flavour === 'bash' ? `bash: ${name}: No such file or directory` : shellError(flavour, `${name}: not found`))], 127);
  if (r.durationMs >= 1000) world.advance(r.durationMs);
  const lines: Line[] = r.output.map((text, i) => (r.errLines?.has(i) ? err(text) : out(text)));
  return route({ lines: [...lines, ...(r.teach ?? []).map(hint)], exitCode: r.exitCode });
}
