/**
 * A shell session on the laptop: it takes typed lines one at a time (collecting heredoc bodies
 * and backslash continuations), runs command lists with `&&`, `||`, `;`, pipes and `&`, expands
 * words as bash does (`$VAR`, `${…}`, `$(…)`, `$((…))`, `~`), applies redirections to the laptop's
 * files, keeps background jobs, and returns results as values. No terminal here: the UI prints
 * what comes back. While the learner is inside a container (`kubectl exec -ti POD -- bash`), typed
 * lines go to that container's shell instead, and the prompt is its prompt.
 */
import { absolutePath, HOME, inWorkspace, tildePath, WORKSPACE } from '../sim/laptop-fs.ts';
import type { TraceEntry } from '../sim/trace.ts';
import type { World } from '../sim/world.ts';
import { buildah } from './buildah.ts';
import { base64, cat, commandNotFound, echo, grep, headTail, help, ls, mkdir, printf, rm, sleep, testCommand, touch, trace, wc } from './builtins.ts';
import { ci } from './ci.ts';
import { ContainerShell } from './container-shell.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { curl } from './curl.ts';
import { docker } from './docker.ts';
import { Jobs } from './jobs.ts';
import { laptopPath, readLaptopFile } from './paths.ts';
import { err, hint, out, result, streamText, type CommandResult, type Line } from './result.ts';
import {
  continuation, expandFields, expandHeredoc, expandJoined, ExpansionError, heredocsIn, parseCommandLine, ShellSyntaxError, UnsupportedSyntax,
  type CommandList, type Expander, type Pipeline, type SimpleCommand,
} from './tokenize.ts';

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
/** The shell's own process id, as `$$` shows it. */
const SHELL_PID = 2187;
/** `$(…)` inside `$(…)` …: deeper than this is a runaway, not a learner's line. */
const MAX_SUBSTITUTION_DEPTH = 20;

/** Where one stream of a command goes: the command's stdout, the terminal's stderr, nowhere, or a file. */
type Target = { readonly kind: 'out' } | { readonly kind: 'err' } | { readonly kind: 'null' } | { readonly kind: 'file'; readonly key: string };

/** A command list's outcome before the session adds job notices and moves the clock. */
interface ListOutcome {
  lines: Line[];
  tty: Line[];
  code: number;
  exit: boolean;
}

export class ShellSession {
  /** The current folder, absolute (the workspace folder at first). */
  dir = WORKSPACE;
  #oldDir: string | undefined;
  readonly env = new Map<string, string>([['HOME', HOME], ['USER', 'learner']]);
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
  /** What `$(…)` printed to stderr, shown before the output of the command it was part of. */
  #side: Line[] = [];
  /** The status of the last `$(…)`, which a command of assignments alone takes as its own. */
  #substitutionStatus: number | undefined;
  #depth = 0;
  /** True while a `cmd &` runs: a server it starts becomes that job, not a new one. */
  #backgrounding = false;
  readonly jobs: Jobs;
  /** The shell inside a container the learner is in (`kubectl exec -ti POD -- bash`), if any. */
  #container: ContainerShell | undefined;
  width: number;

  constructor(readonly world: World, options: SessionOptions = {}, extra: ExtraCommands = {}) {
    this.width = options.width ?? 80;
    this.#extra = extra;
    this.jobs = new Jobs(() => world.clock.now());
  }

  /** The workspace-relative current folder ('' at the workspace root, and outside the workspace). */
  get cwd(): string {
    return inWorkspace(this.dir) ?? '';
  }

  /** `learner@laptop:~/workspace/app$ `, or the container's own prompt while inside one. */
  prompt(): string {
    return this.#container?.prompt() ?? `learner@laptop:${tildePath(this.dir)}$ `;
  }

  /** True while a heredoc or a continued line is being collected. */
  get collecting(): boolean {
    return this.#pending !== undefined || this.#continued !== undefined;
  }

  /** True while typed lines go to a shell inside a container. */
  get inContainer(): boolean {
    return this.#container !== undefined;
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

  /**
   * End of input while a heredoc or a continued line is open: bash warns (or objects) and runs
   * what it has. Inside a container's shell, end of input leaves it, as Ctrl-D does.
   */
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
    if (!p) {
      if (!this.#container) return undefined;
      const left = this.#container.leave(undefined);
      this.#container = undefined;
      return left;
    }
    this.#pending = undefined;
    const d = p.delimiters[p.bodies.length] as { delimiter: string };
    p.bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
    while (p.bodies.length < p.delimiters.length) p.bodies.push('');
    const r = this.run(p.line, p.bodies);
    return { ...r, lines: [err(`bash: warning: here-document at line ${p.at} delimited by end-of-file (wanted \`${d.delimiter}')`), ...r.lines] };
  }

  /** Run one full command line (heredoc bodies already collected). */
  run(line: string, heredocs: readonly string[]): CommandResult {
    if (this.#container) {
      this.world.trace.mark();
      const r = this.#container.run(line, heredocs);
      this.world.advance(TIME_PER_COMMAND_MS);
      this.#lastTrace = this.world.trace.sinceMark();
      this.#lastTraceOmitted = this.world.trace.omitted;
      if (this.#container.closed) this.#container = undefined;
      // Back on the laptop, `$?` is what the command that opened the shell ended with.
      if (!this.#container) this.env.set('?', String(r.exitCode));
      return r;
    }
    const list = parse(line, '');
    if (!('items' in list)) {
      this.env.set('?', '2');
      return result([list], 2);
    }
    if (list.items.length === 0) return this.#withNotices({ lines: [], tty: [], code: Number(this.env.get('?') ?? 0), exit: false }, true);
    const isTrace = list.items.length === 1 && list.items[0]?.pipeline.commands[0]?.argv[0] === 'trace';
    if (!isTrace) this.world.trace.mark();
    const outcome = this.#runList(list, line, heredocs, true);
    this.world.advance(TIME_PER_COMMAND_MS);
    if (!isTrace) {
      this.#lastTrace = this.world.trace.sinceMark();
      this.#lastTraceOmitted = this.world.trace.omitted;
    }
    return this.#withNotices(outcome, false);
  }

  /** Job notices (`[1]+  Done …`) come after the command's own output, before the next prompt. */
  #withNotices(o: ListOutcome, emptyLine: boolean): CommandResult {
    const notices = this.jobs.notices();
    const lines = [...o.lines, ...notices];
    const tty = [...o.tty, ...notices];
    if (emptyLine && lines.length === 0) return result([], o.code);
    const same = tty.length === lines.length && tty.every((l, i) => l === lines[i]);
    return { lines, exitCode: o.code, ...(same ? {} : { ttyLines: tty }), ...(o.exit ? { exit: true } : {}) };
  }

  #runList(list: CommandList, line: string, heredocs: readonly string[], terminal: boolean): ListOutcome {
    // An unquoted delimiter (`<<EOF`) expands $VARS in the body when the command runs; a quoted one does not.
    const docs = heredocsIn(line);
    const lines: Line[] = [];
    const tty: Line[] = [];
    let code = Number(this.env.get('?') ?? 0);
    let exit = false;
    let ran = false;
    for (const { op, pipeline, background } of list.items) {
      if (ran && op === '&&' && code !== 0) continue;
      if (ran && op === '||' && code === 0) continue;
      ran = true;
      let r: CommandResult;
      try {
        r = background ? this.#background(pipeline, heredocs, docs) : this.#pipeline(pipeline, heredocs, docs, terminal);
      } catch (e) {
        if (!(e instanceof ExpansionError)) throw e;
        // bash drops the rest of the line after an expansion error.
        const shown = [...this.#side.splice(0), err(`bash: ${e.message}`)];
        lines.push(...shown);
        tty.push(...shown);
        code = e.status;
        this.env.set('?', String(code));
        break;
      }
      lines.push(...r.lines);
      tty.push(...(r.ttyLines ?? r.lines));
      code = r.exitCode;
      this.env.set('?', String(code));
      if (r.exit) { exit = true; break; }
    }
    return { lines, tty, code, exit };
  }

  #pipeline(pipeline: Pipeline, heredocs: readonly string[], docs: ReturnType<typeof heredocsIn>, terminal: boolean): CommandResult {
    const lines: Line[] = [];
    const tty: Line[] = [];
    let stdin: string | undefined;
    let r: CommandResult = result([]);
    for (const [i, cmd] of pipeline.commands.entries()) {
      const last = i === pipeline.commands.length - 1;
      const doc = cmd.heredoc !== undefined ? heredocs[cmd.heredoc] : undefined;
      const input = doc !== undefined ? (docs[cmd.heredoc as number]?.quoted ? doc : expandHeredoc(doc, this.#expander())) : stdin;
      r = this.#simple(cmd, input, terminal && last);
      if (!last) {
        // The next command reads this one's stdout; its stderr still reaches the screen.
        stdin = streamText(r.lines.filter((l) => l.stream === 'out'));
        const shown = r.lines.filter((l) => l.stream !== 'out');
        lines.push(...shown);
        tty.push(...shown);
      }
    }
    lines.push(...r.lines);
    tty.push(...(r.ttyLines ?? r.lines));
    const same = tty.length === lines.length && tty.every((l, i) => l === lines[i]);
    return { lines, exitCode: r.exitCode, ...(same ? {} : { ttyLines: tty }), ...(r.exit ? { exit: true } : {}), ...(r.service ? { service: r.service } : {}), ...(r.enter ? { enter: r.enter } : {}) };
  }

  /**
   * `cmd &`: bash prints the job number and process id and carries on. A server (kubectl proxy,
   * port-forward) keeps running as a job; `sleep N &` ends N seconds later; anything else runs
   * to completion now and is reported Done after the next command.
   */
  #background(pipeline: Pipeline, heredocs: readonly string[], docs: ReturnType<typeof heredocsIn>): CommandResult {
    const only = pipeline.commands.length === 1 ? pipeline.commands[0] as SimpleCommand : undefined;
    const words = only ? only.argv.flatMap((w) => expandFields(w, this.#expander())) : [];
    if (words[0] === 'sleep' && words.length === 2 && /^\d+(\.\d+)?[smhd]?$/.test(words[1] as string)) {
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(words[1] as string) as RegExpExecArray;
      const ms = Number(m[1]) * ({ '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as string] as number);
      const job = this.jobs.start(pipeline.text, { endsAt: this.world.clock.now() + ms });
      this.env.set('!', String(job.pid));
      return result([err(`[${job.id}] ${job.pid}`)]);
    }
    const job = this.jobs.start(pipeline.text, {});
    this.env.set('!', String(job.pid));
    this.#backgrounding = true;
    let r: CommandResult;
    try {
      r = this.#pipeline(pipeline, heredocs, docs, true);
    } finally {
      this.#backgrounding = false;
    }
    if (r.service) {
      this.jobs.serve(job, r.service.stop);
      r.service.inTerminal?.();
    } else this.jobs.finish(job, r.exitCode);
    // A background job's output reaches the same terminal, after bash's `[1] PID`.
    const head = err(`[${job.id}] ${job.pid}`);
    return { lines: [head, ...r.lines.filter((l) => l.stream !== 'hint' || !r.service)], exitCode: 0, ...(r.ttyLines ? { ttyLines: [head, ...r.ttyLines.filter((l) => l.stream !== 'hint' || !r.service)] } : {}) };
  }

  /** Variables and `$(…)` for the tokenizer's expansions. */
  #expander(): Expander {
    return {
      env: this.env,
      substitute: (command) => this.#substitute(command),
      special: (name) => {
        switch (name) {
          case '$': return String(SHELL_PID);
          case '0': return 'bash';
          case '#': return '0';
          case '-': return 'himBHs';
          case 'PWD': return this.env.get('PWD') ?? this.dir;
          case 'OLDPWD': return this.#oldDir ?? this.env.get('OLDPWD');
          default: return undefined;
        }
      },
    };
  }

  /** `$(…)`: run the command in a subshell (its `cd` and variables stay there); its stderr reaches the terminal. */
  #substitute(command: string): string {
    if (this.#depth >= MAX_SUBSTITUTION_DEPTH) throw new ExpansionError('maximum command substitution depth exceeded');
    const list = parse(command, 'command substitution: line 1: ');
    if (!('items' in list)) {
      this.#side.push(list);
      this.#substitutionStatus = 2;
      return '';
    }
    const saved = { dir: this.dir, old: this.#oldDir, env: new Map(this.env), locals: new Set(this.#locals), side: this.#side };
    this.#depth++;
    this.#side = [];
    let o: ListOutcome;
    try {
      o = this.#runList(list, command, [], false);
    } finally {
      this.#depth--;
      this.dir = saved.dir;
      this.#oldDir = saved.old;
      this.env.clear();
      for (const [k, v] of saved.env) this.env.set(k, v);
      this.#locals.clear();
      for (const k of saved.locals) this.#locals.add(k);
      this.#side = saved.side;
    }
    this.#side.push(...o.lines.filter((l) => l.stream !== 'out'));
    this.#substitutionStatus = o.code;
    return streamText(o.lines.filter((l) => l.stream === 'out')).replace(/\n+$/, '');
  }

  /** What commands see: exported variables only (plus one-command `NAME=value` prefixes). */
  #ctx(stdin: string | undefined, extraEnv?: ReadonlyMap<string, string>, stdoutIsTerminal = true): CommandContext {
    let env: ReadonlyMap<string, string> = this.env;
    if (this.#locals.size > 0 || extraEnv) {
      const m = new Map([...this.env].filter(([k]) => !this.#locals.has(k)));
      for (const [k, v] of extraEnv ?? []) m.set(k, v);
      env = m;
    }
    return { world: this.world, cwd: this.cwd, dir: this.dir, stdin, env, width: this.width, stdoutIsTerminal };
  }

  #simple(cmd: SimpleCommand, stdin: string | undefined, terminal: boolean): CommandResult {
    try {
      return this.#simpleUnguarded(cmd, stdin, terminal);
    } catch (e) {
      // The workspace is a real folder: a full disk, a read-only file or a link out of the workspace is the learner's world too.
      if (e instanceof Error && e.name === 'WorkspaceError') {
        const note = (e as { hint?: string }).hint;
        return result([err(`bash: ${e.message}`), ...(note ? [hint(note)] : [])], 1);
      }
      throw e;
    }
  }

  #simpleUnguarded(raw: SimpleCommand, stdinIn: string | undefined, terminal: boolean): CommandResult {
    const ex = this.#expander();
    const sideStart = this.#side.length;
    this.#substitutionStatus = undefined;
    const argv = raw.argv.flatMap((w) => expandFields(w, ex));
    const assignments = raw.assignments.map((a) => ({ name: a.name, value: expandJoined(a.value, ex) }));
    const [name, ...args] = argv;
    const withSide = (r: CommandResult): CommandResult => {
      const side = this.#side.splice(sideStart);
      if (side.length === 0) return r;
      return { ...r, lines: [...side, ...r.lines], ...(r.ttyLines ? { ttyLines: [...side, ...r.ttyLines] } : {}) };
    };

    // Redirections happen before the command runs (bash): a bad target stops it from running at all.
    const fs = this.world.laptop;
    let stdin = stdinIn;
    if (raw.redirectIn !== undefined) {
      const target = expandJoined(raw.redirectIn, ex);
      if (target === '/dev/null') stdin = '';
      else {
        const r = readLaptopFile(this.#ctx(undefined), target);
        if (!r.ok) return withSide(result([err(`bash: ${target}: ${r.reason}`)], 1));
        stdin = r.text;
      }
    }
    const files = new Map<string, { path: string; text: string }>();
    const fds: Record<number, Target> = { 1: { kind: 'out' }, 2: { kind: 'err' } };
    for (const rd of raw.redirects) {
      if (rd.kind === 'dup') {
        if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = fds[rd.to] ?? fds[1] as Target;
        continue;
      }
      const shown = expandJoined(rd.path, ex);
      let t: Target;
      if (shown === '/dev/null') t = { kind: 'null' };
      else if (shown === '/dev/stdout') t = fds[1] as Target;
      else if (shown === '/dev/stderr') t = fds[2] as Target;
      else {
        if (shown === '') return withSide(result([err('bash: : No such file or directory')], 1));
        const path = laptopPath(this.#ctx(undefined), shown);
        if (fs.kind(path) === 'dir') return withSide(result([err(`bash: ${shown}: Is a directory`)], 1));
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        if (fs.kind(parent) !== 'dir') return withSide(result([err(`bash: ${shown}: ${fs.kind(parent) === 'file' ? 'Not a directory' : 'No such file or directory'}`)], 1));
        if (!fs.writable(path)) return withSide(result([err(`bash: ${shown}: Permission denied`)], 1));
        if (!files.has(path)) files.set(path, { path, text: rd.append ? (fs.read(path) ?? '') : '' });
        else if (!rd.append) (files.get(path) as { text: string }).text = '';
        t = { kind: 'file', key: path };
      }
      if (rd.fd === 'both') { fds[1] = t; fds[2] = t; } else if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = t;
    }

    // `> file` empties the file before the command runs, as bash does (so `cat f > f` reads nothing).
    for (const f of files.values()) fs.write(f.path, f.text);
    let r: CommandResult;
    if (name === undefined) {
      // `NAME=value` alone sets a shell variable (exported only if it already was).
      for (const a of assignments) {
        if (!this.env.has(a.name) || this.#locals.has(a.name)) this.#locals.add(a.name);
        this.env.set(a.name, a.value);
      }
      const status = this.#substitutionStatus ?? 0;
      r = stdin !== undefined && stdin !== '' && assignments.length === 0 && raw.redirectIn === undefined && raw.argv.length === 0 ? result([{ stream: 'out', text: stdin.replace(/\n$/, '') }], status) : result([], status);
    } else {
      const extra = assignments.length > 0 ? new Map(assignments.map((a) => [a.name, a.value])) : undefined;
      r = this.#dispatch(name, args, this.#ctx(stdin, extra, terminal && (fds[1] as Target).kind === 'out'));
    }

    if (raw.redirects.length === 0) return withSide(r);
    const routed: Line[] = [];
    for (const l of r.lines) {
      if (l.stream === 'hint') { routed.push(l); continue; }
      const t = fds[l.stream === 'out' ? 1 : 2] as Target;
      if (t.kind === 'out' || t.kind === 'err') routed.push(l.stream === t.kind ? l : { ...l, stream: t.kind });
      else if (t.kind === 'file') (files.get(t.key) as { text: string }).text += streamText([l]);
    }
    for (const f of files.values()) fs.write(f.path, f.text);
    const errKept = (fds[2] as Target).kind === 'err' && (fds[1] as Target).kind !== 'err';
    // With stderr still on the terminal, a tool keeps its terminal view there (BuildKit's build screen).
    const ttyLines = errKept && r.ttyLines ? r.ttyLines.filter((l) => l.stream !== 'out' || (fds[1] as Target).kind === 'out') : undefined;
    return withSide({ lines: routed, exitCode: r.exitCode, ...(ttyLines ? { ttyLines } : {}), ...(r.exit ? { exit: true } : {}), ...(r.service ? { service: r.service } : {}), ...(r.enter ? { enter: r.enter } : {}) });
  }

  #dispatch(name: string, args: string[], ctx: CommandContext): CommandResult {
    const r = this.#command(name, args, ctx);
    if (r.enter) {
      // An interactive shell in a container: from now on, typed lines go to it.
      this.#container = new ContainerShell(r.enter, this.world);
    }
    if (r.service && !this.#backgrounding) {
      // A server that would hold a real terminal keeps serving in the background instead.
      const job = this.jobs.start(`${name} ${args.join(' ')}`.trim(), {});
      this.jobs.serve(job, r.service.stop);
      return { ...r, lines: [...r.lines, hint(`${r.service.name} keeps running in the background of the sandbox (a real terminal would stay busy with it until Ctrl-C: tutorials run it in a second terminal). \`jobs\` lists it; \`kill %${job.id}\` stops it.`)] };
    }
    return r;
  }

  #command(name: string, args: string[], ctx: CommandContext): CommandResult {
    const extra = this.#extra[name];
    if (extra) return extra(args, ctx);
    switch (name) {
      case 'docker': return docker(args, ctx);
      case 'buildah': return buildah(args, ctx);
      case 'ci': return ci(args, ctx);
      case 'curl': return curl(args, ctx);
      case 'cat': return cat(args, ctx);
      case 'ls': return ls(args, ctx);
      case 'echo': return echo(args);
      case 'printf': return printf(args);
      case 'base64': return base64(args, ctx);
      case 'test': case '[': return testCommand(name, args, ctx);
      case 'sleep': return sleep(args, ctx);
      case 'mkdir': return mkdir(args, ctx);
      case 'rm': return rm(args, ctx);
      case 'touch': return touch(args, ctx);
      case 'grep': return grep(args, ctx);
      case 'head': case 'tail': return headTail(name, args, ctx);
      case 'wc': return wc(args, ctx);
      case 'help': return help(args);
      case 'trace': return trace(ctx, this.#lastTrace, this.#lastTraceOmitted);
      case 'jobs': return this.jobs.list(args);
      case 'kill': return this.jobs.kill(args);
      case 'wait': return this.jobs.wait(args, (ms) => this.world.advance(ms));
      case 'fg': case 'bg': return this.jobs.foreground(name, args, (ms) => this.world.advance(ms));
      case 'pwd': return result([out(this.dir)]);
      case 'cd': return this.#cd(args, ctx);
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
      case 'env': return result([...ctx.env].filter(([k]) => k !== '?' && k !== '!').map(([k, v]) => ({ stream: 'out', text: `${k}=${v}` })));
      case 'true': case ':': return result([]);
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

  /** `cd`, `cd -`, `cd ~/x`, `cd /tmp`: anywhere on the laptop there is a folder. */
  #cd(args: string[], ctx: CommandContext): CommandResult {
    if (args.length > 1) return result([err('bash: cd: too many arguments')], 1);
    const arg = args[0];
    let target: string;
    if (arg === undefined) target = this.env.get('HOME') ?? HOME;
    else if (arg === '-') {
      if (this.#oldDir === undefined) return result([err('bash: cd: OLDPWD not set')], 1);
      target = this.#oldDir;
    } else target = absolutePath(this.dir, arg);
    const kind = this.world.laptop.kind(target);
    if (kind !== 'dir') return result([err(`bash: cd: ${arg ?? target}: ${kind === 'file' ? 'Not a directory' : 'No such file or directory'}`)], 1);
    this.#oldDir = this.dir;
    this.dir = target;
    void ctx;
    return result(arg === '-' ? [out(target)] : []);
  }
}

/** A line's commands, or the one line bash (or kubetutor, for what it does not run) answers instead. */
function parse(line: string, where: string): CommandList | Line {
  try {
    return parseCommandLine(line);
  } catch (e) {
    if (e instanceof ShellSyntaxError) return err(`bash: ${where}${e.message}`);
    if (e instanceof UnsupportedSyntax) return unsupported(e.message);
    throw e;
  }
}

/** kubetutor's answer to a loop, conditional, subshell or function: bash would run it; the sandbox does not. */
function unsupported(word: string): Line {
  const what = word === '(' ? 'Subshells `( … )` and arrays' : `\`${word}\` blocks (loops, conditionals, groups and functions)`;
  return hint(`${what} are not simulated in kubetutor's shell: type one command at a time (pipes, &&, ||, ; and & work).`);
}

