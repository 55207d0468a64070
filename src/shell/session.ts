/**
 * A shell session on the laptop: it takes typed lines one at a time (collecting heredoc bodies),
 * runs command lists with `&&`, `||`, `;` and pipes, applies redirections to the workspace, and
 * returns results as values. No terminal here: the UI prints what comes back.
 */
import type { World } from '../sim/world.ts';
import { cleanPath } from '../sim/filesystem.ts';
import type { TraceEntry } from '../sim/trace.ts';
import { buildah } from './buildah.ts';
import { cat, commandNotFound, echo, help, ls, mkdir, printf, resolve, rm, sleep, touch, trace } from './builtins.ts';
import { ci } from './ci.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { docker } from './docker.ts';
import { err, result, type CommandResult, type Line } from './result.ts';
import { expandWord, heredocsIn, parseCommandLine, ShellSyntaxError, type SimpleCommand } from './tokenize.ts';

/** What feeding one line gives: either a finished command's result, or a request for more lines. */
export type FeedOutcome =
  | { readonly kind: 'result'; readonly result: CommandResult }
  | { readonly kind: 'more'; readonly prompt: string };

export interface SessionOptions {
  /** Terminal width for full-width views (BuildKit's TTY view); 80 when not a terminal. */
  readonly width?: number;
}

/** Extra commands other layers add to the shell (kubectl, lesson commands). */
export type ExtraCommands = Record<string, CommandHandler>;

const TIME_PER_COMMAND_MS = 1000;

export class ShellSession {
  cwd = '';
  readonly env = new Map<string, string>([['HOME', '/home/learner'], ['USER', 'learner']]);
  #pending: { line: string; delimiters: Array<{ delimiter: string; strip: boolean }>; bodies: string[]; current: string[] } | undefined;
  #lastTrace: readonly TraceEntry[] = [];
  readonly #extra: ExtraCommands;
  width: number;

  constructor(readonly world: World, options: SessionOptions = {}, extra: ExtraCommands = {}) {
    this.width = options.width ?? 80;
    this.#extra = extra;
  }

  /** `learner@laptop:~/workspace/app$ ` */
  prompt(): string {
    return `learner@laptop:~/workspace${this.cwd ? `/${this.cwd}` : ''}$ `;
  }

  /** True while a heredoc is being collected. */
  get collecting(): boolean {
    return this.#pending !== undefined;
  }

  /** Feed one typed line. */
  feed(line: string): FeedOutcome {
    if (this.#pending) {
      const p = this.#pending;
      const d = p.delimiters[p.bodies.length] as { delimiter: string; strip: boolean };
      const text = d.strip ? line.replace(/^\t+/, '') : line;
      if (text === d.delimiter) {
        p.bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
        p.current = [];
        if (p.bodies.length === p.delimiters.length) {
          this.#pending = undefined;
          return { kind: 'result', result: this.run(p.line, p.bodies) };
        }
      } else {
        p.current.push(text);
      }
      return { kind: 'more', prompt: '> ' };
    }
    const docs = heredocsIn(line);
    if (docs.length > 0) {
      this.#pending = { line, delimiters: docs, bodies: [], current: [] };
      return { kind: 'more', prompt: '> ' };
    }
    return { kind: 'result', result: this.run(line, []) };
  }

  /** Drop a half-typed heredoc (Ctrl-C). */
  cancel(): void {
    this.#pending = undefined;
  }

  /** End of input while a heredoc is open: bash warns and runs it with what it has. */
  flush(): CommandResult | undefined {
    const p = this.#pending;
    if (!p) return undefined;
    this.#pending = undefined;
    const d = p.delimiters[p.bodies.length] as { delimiter: string };
    p.bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
    while (p.bodies.length < p.delimiters.length) p.bodies.push('');
    const r = this.run(p.line, p.bodies);
    return { ...r, lines: [err(`bash: warning: here-document delimited by end-of-file (wanted \`${d.delimiter}')`), ...r.lines] };
  }

  /** Run one full command line (heredoc bodies already collected). */
  run(line: string, heredocs: readonly string[]): CommandResult {
    let list;
    try {
      list = parseCommandLine(line);
    } catch (e) {
      if (e instanceof ShellSyntaxError) return result([err(`bash: ${e.message}`)], 2);
      throw e;
    }
    if (list.items.length === 0) return result([]);
    const isTrace = list.items.length === 1 && list.items[0]?.pipeline.commands[0]?.argv[0] === 'trace';
    if (!isTrace) this.world.trace.mark();
    const lines: Line[] = [];
    const tty: Line[] = [];
    let code = 0;
    let exit = false;
    for (const { op, pipeline } of list.items) {
      if (op === '&&' && code !== 0) continue;
      if (op === '||' && code === 0) continue;
      let stdin: string | undefined;
      let r: CommandResult = result([]);
      for (const [i, cmd] of pipeline.commands.entries()) {
        const input = cmd.heredoc !== undefined ? heredocs[cmd.heredoc] : cmd.redirectIn !== undefined ? this.world.fs.read(this.#path(expandWord(cmd.redirectIn, this.env))) : stdin;
        if (cmd.redirectIn !== undefined && input === undefined) { r = result([err(`bash: ${cmd.redirectIn}: No such file or directory`)], 1); break; }
        r = this.#simple(cmd, input);
        if (i < pipeline.commands.length - 1) {
          // The next command reads this one's stdout; its stderr still reaches the screen.
          stdin = r.lines.filter((l) => l.stream === 'out').map((l) => `${l.text}\n`).join('');
          const shown = r.lines.filter((l) => l.stream !== 'out');
          lines.push(...shown);
          tty.push(...shown);
        }
      }
      lines.push(...r.lines);
      tty.push(...(r.ttyLines ?? r.lines));
      code = r.exitCode;
      this.env.set('?', String(code));
      if (r.exit) { exit = true; break; }
    }
    this.world.advance(TIME_PER_COMMAND_MS);
    if (!isTrace) this.#lastTrace = this.world.trace.sinceMark();
    const same = tty.length === lines.length && tty.every((l, i) => l === lines[i]);
    return { lines, exitCode: code, ...(same ? {} : { ttyLines: tty }), ...(exit ? { exit: true } : {}) };
  }

  #path(p: string): string {
    return resolve(this.#ctx(undefined), p);
  }

  #ctx(stdin: string | undefined): CommandContext {
    return { world: this.world, cwd: this.cwd, stdin, env: this.env, width: this.width };
  }

  #simple(cmd: SimpleCommand, stdin: string | undefined): CommandResult {
    try {
      return this.#simpleUnguarded(cmd, stdin);
    } catch (e) {
      // The workspace is a real folder: a full disk or a read-only file is the learner's world too.
      if (e instanceof Error && e.name === 'WorkspaceError') return result([err(`bash: ${e.message}`)], 1);
      throw e;
    }
  }

  #simpleUnguarded(raw: SimpleCommand, stdin: string | undefined): CommandResult {
    const x = (w: string): string => expandWord(w, this.env);
    const cmd: SimpleCommand = { ...raw, argv: raw.argv.map(x), redirectOut: raw.redirectOut && { ...raw.redirectOut, path: x(raw.redirectOut.path) }, redirectIn: raw.redirectIn === undefined ? undefined : x(raw.redirectIn) };
    const [name, ...args] = cmd.argv;
    const ctx = this.#ctx(stdin);
    let r: CommandResult;
    if (name === undefined) {
      r = stdin !== undefined ? result([{ stream: 'out', text: stdin.replace(/\n$/, '') }]) : result([]);
      if (stdin === '') r = result([]);
    } else {
      r = this.#dispatch(name, args, ctx);
    }
    if (cmd.redirectOut) {
      const path = this.#path(cmd.redirectOut.path);
      if (this.world.fs.kind(path) === 'dir') return result([err(`bash: ${cmd.redirectOut.path}: Is a directory`)], 1);
      const text = r.lines.filter((l) => l.stream === 'out').map((l) => `${l.text}\n`).join('');
      const before = cmd.redirectOut.append ? (this.world.fs.read(path) ?? '') : '';
      this.world.fs.write(path, before + text);
      const rest = r.lines.filter((l) => l.stream !== 'out');
      return { lines: rest, exitCode: r.exitCode };
    }
    return r;
  }

  #dispatch(name: string, args: string[], ctx: CommandContext): CommandResult {
    const extra = this.#extra[name];
    if (extra) return extra(args, ctx);
    switch (name) {
      case 'docker': return docker(args, ctx);
      case 'buildah': return buildah(args, ctx);
      case 'ci': return ci(args, ctx);
      case 'cat': return cat(args, ctx);
      case 'ls': return ls(args, ctx);
      case 'echo': return echo(args);
      case 'printf': return printf(args);
      case 'sleep': return sleep(args, ctx);
      case 'mkdir': return mkdir(args, ctx);
      case 'rm': return rm(args, ctx);
      case 'touch': return touch(args, ctx);
      case 'help': return help(args);
      case 'trace': return trace(ctx, this.#lastTrace);
      case 'pwd': return result([{ stream: 'out', text: `/home/learner/workspace${this.cwd ? `/${this.cwd}` : ''}` }]);
      case 'cd': {
        const target = args[0] === undefined || args[0] === '~' ? '' : resolve(ctx, args[0]);
        if (this.world.fs.kind(target) !== 'dir') return result([err(`bash: cd: ${args[0]}: No such file or directory`)], 1);
        this.cwd = cleanPath(target);
        return result([]);
      }
      case 'export': {
        for (const a of args) { const i = a.indexOf('='); if (i > 0) this.env.set(a.slice(0, i), a.slice(i + 1)); }
        return result([]);
      }
      case 'env': return result([...this.env].filter(([k]) => k !== '?').map(([k, v]) => ({ stream: 'out', text: `${k}=${v}` })));
      case 'true': return result([]);
      case 'false': return result([], 1);
      case 'clear': return result([]);
      case 'exit': return { lines: [], exitCode: Number(args[0] ?? 0) | 0, exit: true };
      default: return commandNotFound(name);
    }
  }
}
