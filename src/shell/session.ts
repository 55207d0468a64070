/**
 * A shell session on the laptop: it takes typed lines one at a time (collecting heredoc bodies
 * and backslash continuations), runs command lists with `&&`, `||`, `;` and pipes, applies
 * redirections to the workspace, and returns results as values. No terminal here: the UI prints
 * what comes back.
 */
import type { World } from '../sim/world.ts';
import { cleanPath } from '../sim/filesystem.ts';
import type { TraceEntry } from '../sim/trace.ts';
import { buildah } from './buildah.ts';
import { cat, commandNotFound, echo, grep, headTail, help, ls, mkdir, printf, resolve, rm, sleep, touch, trace, wc } from './builtins.ts';
import { ci } from './ci.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { docker } from './docker.ts';
import { err, hint, result, type CommandResult, type Line } from './result.ts';
import { continuation, expandText, expandWord, heredocsIn, parseCommandLine, ShellSyntaxError, type SimpleCommand } from './tokenize.ts';

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
/** The status bash's `$?` shows after kubetutor itself failed (the REPL reports the error). */
const INTERNAL_ERROR_STATUS = '70';

/** Where one stream of a command goes: the command's stdout, the terminal's stderr, nowhere, or a file. */
type Target = { readonly kind: 'out' } | { readonly kind: 'err' } | { readonly kind: 'null' } | { readonly kind: 'file'; readonly key: string };

export class ShellSession {
  cwd = '';
  readonly env = new Map<string, string>([['HOME', '/home/learner'], ['USER', 'learner']]);
  /** Shell variables set with `NAME=value` and never exported: expanded, but not seen by commands. */
  readonly #locals = new Set<string>();
  #pending: { line: string; delimiters: Array<{ delimiter: string; strip: boolean }>; bodies: string[]; current: string[]; at: number } | undefined;
  /** Lines read so far: bash names the line a runaway heredoc started on. */
  #lineNo = 0;
  /** The start of a command continued on the next line (`docker build \`). */
  #continued: { text: string; kind: 'backslash' | 'operator' } | undefined;
  #lastTrace: readonly TraceEntry[] = [];
  #lastTraceOmitted = 0;
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

  /** True while a heredoc or a continued line is being collected. */
  get collecting(): boolean {
    return this.#pending !== undefined || this.#continued !== undefined;
  }

  /** Feed one typed line. An internal error leaves `$?` at 70 before it reaches the REPL, which reports it. */
  feed(line: string): FeedOutcome {
    try {
      return this.#feed(line);
    } catch (e) {
      this.env.set('?', INTERNAL_ERROR_STATUS);
      this.cancel();
      throw e;
    }
  }

  #feed(line: string): FeedOutcome {
    this.#lineNo++;
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
    const full = this.#continued ? this.#continued.text + line : line;
    this.#continued = undefined;
    const more = continuation(full);
    if (more) {
      // bash drops a backslash-newline entirely; after `|`, `&&` or `||` the next line simply follows.
      this.#continued = { text: more === 'backslash' ? full.slice(0, -1) : `${full} `, kind: more };
      return { kind: 'more', prompt: '> ' };
    }
    const docs = heredocsIn(full);
    if (docs.length > 0) {
      this.#pending = { line: full, delimiters: docs, bodies: [], current: [], at: this.#lineNo };
      return { kind: 'more', prompt: '> ' };
    }
    return { kind: 'result', result: this.run(full, []) };
  }

  /** Drop a half-typed heredoc or continued line (Ctrl-C). */
  cancel(): void {
    this.#pending = undefined;
    this.#continued = undefined;
  }

  /** End of input while a heredoc or a continued line is open: bash warns (or objects) and runs what it has. */
  flush(): CommandResult | undefined {
    const c = this.#continued;
    if (c) {
      this.#continued = undefined;
      if (c.kind === 'operator') {
        this.env.set('?', '2');
        return result([err('bash: syntax error: unexpected end of file')], 2);
      }
      return this.run(c.text, []);
    }
    const p = this.#pending;
    if (!p) return undefined;
    this.#pending = undefined;
    const d = p.delimiters[p.bodies.length] as { delimiter: string };
    p.bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
    while (p.bodies.length < p.delimiters.length) p.bodies.push('');
    const r = this.run(p.line, p.bodies);
    return { ...r, lines: [err(`bash: warning: here-document at line ${p.at} delimited by end-of-file (wanted \`${d.delimiter}')`), ...r.lines] };
  }

  /** Run one full command line (heredoc bodies already collected). */
  run(line: string, heredocs: readonly string[]): CommandResult {
    let list;
    try {
      list = parseCommandLine(line);
    } catch (e) {
      if (e instanceof ShellSyntaxError) {
        this.env.set('?', '2');
        return result([err(`bash: ${e.message}`)], 2);
      }
      throw e;
    }
    if (list.items.length === 0) return result([]);
    // An unquoted delimiter (`<<EOF`) expands $VARS in the body when the command runs; a quoted one does not.
    const docs = heredocsIn(line);
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
        const doc = cmd.heredoc !== undefined ? heredocs[cmd.heredoc] : undefined;
        const input = doc !== undefined ? (docs[cmd.heredoc as number]?.quoted ? doc : expandText(doc, this.env, true)) : stdin;
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
    if (!isTrace) {
      this.#lastTrace = this.world.trace.sinceMark();
      this.#lastTraceOmitted = this.world.trace.omitted;
    }
    const same = tty.length === lines.length && tty.every((l, i) => l === lines[i]);
    return { lines, exitCode: code, ...(same ? {} : { ttyLines: tty }), ...(exit ? { exit: true } : {}) };
  }

  #path(p: string): string {
    return resolve(this.#ctx(undefined), p);
  }

  /** What commands see: exported variables only (plus one-command `NAME=value` prefixes). */
  #ctx(stdin: string | undefined, extraEnv?: ReadonlyMap<string, string>): CommandContext {
    let env: ReadonlyMap<string, string> = this.env;
    if (this.#locals.size > 0 || extraEnv) {
      const m = new Map([...this.env].filter(([k]) => !this.#locals.has(k)));
      for (const [k, v] of extraEnv ?? []) m.set(k, v);
      env = m;
    }
    return { world: this.world, cwd: this.cwd, stdin, env, width: this.width };
  }

  #simple(cmd: SimpleCommand, stdin: string | undefined): CommandResult {
    try {
      return this.#simpleUnguarded(cmd, stdin);
    } catch (e) {
      // The workspace is a real folder: a full disk, a read-only file or a link out of the workspace is the learner's world too.
      if (e instanceof Error && e.name === 'WorkspaceError') {
        const note = (e as { hint?: string }).hint;
        return result([err(`bash: ${e.message}`), ...(note ? [hint(note)] : [])], 1);
      }
      if (e instanceof ShellSyntaxError) return result([err(`bash: ${e.message}`)], 1);
      throw e;
    }
  }

  #simpleUnguarded(raw: SimpleCommand, stdinIn: string | undefined): CommandResult {
    const x = (w: string): string => expandWord(w, this.env);
    const argv = raw.argv.map(x);
    const assignments = raw.assignments.map((a) => ({ name: a.name, value: x(a.value) }));
    const [name, ...args] = argv;

    // Redirections happen before the command runs (bash): a bad target stops it from running at all.
    let stdin = stdinIn;
    if (raw.redirectIn !== undefined) {
      const target = x(raw.redirectIn);
      if (target === '/dev/null') stdin = '';
      else {
        const content = this.world.fs.read(this.#path(target));
        if (content === undefined) return result([err(`bash: ${target}: ${this.world.fs.kind(this.#path(target)) === 'dir' ? 'Is a directory' : 'No such file or directory'}`)], 1);
        stdin = content;
      }
    }
    const files = new Map<string, { path: string; text: string }>();
    const fds: Record<number, Target> = { 1: { kind: 'out' }, 2: { kind: 'err' } };
    for (const rd of raw.redirects) {
      if (rd.kind === 'dup') {
        if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = fds[rd.to] ?? fds[1] as Target;
        continue;
      }
      const shown = x(rd.path);
      let t: Target;
      if (shown === '/dev/null') t = { kind: 'null' };
      else if (shown === '/dev/stdout') t = fds[1] as Target;
      else if (shown === '/dev/stderr') t = fds[2] as Target;
      else {
        const path = this.#path(shown);
        if (path === '' || this.world.fs.kind(path) === 'dir') return result([err(`bash: ${shown}: Is a directory`)], 1);
        if (!files.has(path)) files.set(path, { path, text: rd.append ? (this.world.fs.read(path) ?? '') : '' });
        else if (!rd.append) (files.get(path) as { text: string }).text = '';
        t = { kind: 'file', key: path };
      }
      if (rd.fd === 'both') { fds[1] = t; fds[2] = t; } else if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = t;
    }

    // `> file` empties the file before the command runs, as bash does (so `cat f > f` reads nothing).
    for (const f of files.values()) this.world.fs.write(f.path, f.text);
    let r: CommandResult;
    if (name === undefined) {
      // `NAME=value` alone sets a shell variable (exported only if it already was).
      for (const a of assignments) {
        if (!this.env.has(a.name) || this.#locals.has(a.name)) this.#locals.add(a.name);
        this.env.set(a.name, a.value);
      }
      r = stdin !== undefined && stdin !== '' && assignments.length === 0 && raw.redirectIn === undefined ? result([{ stream: 'out', text: stdin.replace(/\n$/, '') }]) : result([]);
    } else {
      const extra = assignments.length > 0 ? new Map(assignments.map((a) => [a.name, a.value])) : undefined;
      r = this.#dispatch(name, args, this.#ctx(stdin, extra));
    }

    if (raw.redirects.length === 0) return r;
    const routed: Line[] = [];
    for (const l of r.lines) {
      if (l.stream === 'hint') { routed.push(l); continue; }
      const t = fds[l.stream === 'out' ? 1 : 2] as Target;
      if (t.kind === 'out' || t.kind === 'err') routed.push(l.stream === t.kind ? l : { ...l, stream: t.kind });
      else if (t.kind === 'file') (files.get(t.key) as { text: string }).text += `${l.text}\n`;
    }
    for (const f of files.values()) this.world.fs.write(f.path, f.text);
    const errKept = (fds[2] as Target).kind === 'err' && (fds[1] as Target).kind !== 'err';
    // With stderr still on the terminal, a tool keeps its terminal view there (BuildKit's build screen).
    const ttyLines = errKept && r.ttyLines ? r.ttyLines.filter((l) => l.stream !== 'out' || (fds[1] as Target).kind === 'out') : undefined;
    return { lines: routed, exitCode: r.exitCode, ...(ttyLines ? { ttyLines } : {}), ...(r.exit ? { exit: true } : {}) };
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
      case 'grep': return grep(args, ctx);
      case 'head': case 'tail': return headTail(name, args, ctx);
      case 'wc': return wc(args, ctx);
      case 'help': return help(args);
      case 'trace': return trace(ctx, this.#lastTrace, this.#lastTraceOmitted);
      case 'pwd': return result([{ stream: 'out', text: `/home/learner/workspace${this.cwd ? `/${this.cwd}` : ''}` }]);
      case 'cd': {
        const target = args[0] === undefined || args[0] === '~' ? '' : resolve(ctx, args[0]);
        if (this.world.fs.kind(target) !== 'dir') return result([err(`bash: cd: ${args[0]}: No such file or directory`)], 1);
        this.cwd = cleanPath(target);
        return result([]);
      }
      case 'export': {
        for (const a of args) {
          const i = a.indexOf('=');
          const key = i > 0 ? a.slice(0, i) : a;
          if (i > 0) this.env.set(key, a.slice(i + 1));
          this.#locals.delete(key);
        }
        return result([]);
      }
      case 'unset': {
        for (const a of args) { this.env.delete(a); this.#locals.delete(a); }
        return result([]);
      }
      case 'env': return result([...ctx.env].filter(([k]) => k !== '?').map(([k, v]) => ({ stream: 'out', text: `${k}=${v}` })));
      case 'true': return result([]);
      case 'false': return result([], 1);
      case 'clear': return result([]);
      case 'exit': {
        // An exit status is one byte: `exit 300` leaves 44; `exit` alone keeps the last status.
        const status = args[0] === undefined ? Number(this.env.get('?') ?? 0) : Number(args[0]);
        if (args[0] !== undefined && !/^-?\d+$/.test(args[0])) return { lines: [err(`bash: exit: ${args[0]}: numeric argument required`)], exitCode: 2, exit: true };
        return { lines: [], exitCode: (status | 0) & 255, exit: true };
      }
      default: return commandNotFound(name);
    }
  }
}
