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
import { contentBytes } from '../sim/exec.ts';
import { buildah } from './buildah.ts';
import { base64, cat, commandNotFound, echo, grep, headTail, edit, help, ls, mkdir, printf, rm, sleep, TEXT_TOOLS, textTool, touch, trace, wc } from './builtins.ts';
import { ci } from './ci.ts';
import { ContainerShell, type ShellFlavour } from './container-shell.ts';
import type { CommandContext, CommandHandler } from './context.ts';
import { curl } from './curl.ts';
import { docker } from './docker.ts';
import { Interpreter, type HostFiles, type RunIo, type ShellHost } from './interpreter.ts';
import { Jobs } from './jobs.ts';
import { laptopPath, readLaptopFile } from './paths.ts';
import { worldCommand, type WorldSnapshot } from './world-view.ts';
import { CLEAR_SCREEN, err, hint, out, result, type CommandResult } from './result.ts';
import { continuation, heredocsIn, type Pipeline } from './tokenize.ts';

/** What feeding one line gives: either a finished command's result, or a request for more lines. */
export type FeedOutcome =
  | { readonly kind: 'result'; readonly result: CommandResult }
  | { readonly kind: 'more'; readonly prompt: string };

export interface SessionOptions {
  /** Terminal width for full-width views (BuildKit's TTY view); 80 when not a terminal. */
  readonly width?: number;
}

/** What Tab completion reads from the shell that takes typed lines now. */
export interface CompletionView {
  readonly shell: ShellFlavour;
  /** True at the laptop's prompt (where docker and kubectl are); false inside a container. */
  readonly onLaptop: boolean;
  /** Its files (from its current folder), variables, aliases and `complete -F` settings. */
  readonly interpreter: Interpreter;
  /** Every name it runs as a command (duplicates possible). */
  commands(): string[];
}

/** Extra commands other layers add to the shell (kubectl, lesson commands). */
export type ExtraCommands = Record<string, CommandHandler>;

const TIME_PER_COMMAND_MS = 1000;
/** The status bash's `$?` shows after kubetutor itself failed (the REPL reports the error). */
const INTERNAL_ERROR_STATUS = '70';
/** The shell's own process id, as `$$` shows it. */
const SHELL_PID = 2187;
/** Commands the session answers itself (#command) that are neither bash builtins nor laptop programs: Tab completes them. */
const SESSION_COMMANDS = ['help', 'trace', 'clear', 'world', 'edit'];
/** The laptop's programs besides the session's own commands (for xargs). */
const LAPTOP_PROGRAMS = new Set(['docker', 'buildah', 'ci', 'curl', 'cat', 'ls', 'echo', 'printf', 'base64', 'sleep', 'mkdir', 'rm', 'touch', 'grep', 'head', 'tail', 'wc', 'env', 'true', 'false', 'kill', 'pwd', 'test', '[', 'xargs', 'jq', ...Object.keys(TEXT_TOOLS)]);

export class ShellSession {
  /** The current folder, absolute (the workspace folder at first). */
  dir = WORKSPACE;
  #oldDir: string | undefined;
  readonly env = new Map<string, string>([['HOME', HOME], ['USER', 'learner']]);
  /** Shell variables set with `NAME=value` and never exported: expanded, but not seen by commands. */
  #locals = new Set<string>();
  /** A command typed over several lines so far (`for …` and its `> ` lines), with the heredoc bodies it has. */
  #buffer: { text: string; bodies: string[] } | undefined;
  /** Heredoc bodies being collected: the delimiters still to come, the lines of the current body, the line it started on. */
  #pending: { delimiters: Array<{ delimiter: string; strip: boolean }>; current: string[]; at: number } | undefined;
  /** A line that ended in a backslash (`docker build \`), waiting for the rest. */
  #backslash: string | undefined;
  /** Lines read so far: bash names the line a runaway heredoc started on. */
  #lineNo = 0;
  #lastTrace: readonly TraceEntry[] = [];
  /** What the last `world` picture showed, for the next one's change marks. */
  readonly #picture: { last?: WorldSnapshot } = {};
  #lastTraceOmitted = 0;
  readonly #extra: ExtraCommands;
  /** True while a `cmd &` runs: a server it starts becomes that job, not a new one. */
  #backgrounding = false;
  readonly jobs: Jobs;
  /** The shell inside a container the learner is in (`kubectl exec -ti POD -- bash`), if any. */
  #container: ContainerShell | undefined;
  readonly #shell: Interpreter;
  width: number;
  /** A person watches at a terminal (the interactive sandbox): a watch typed alone goes on live until Ctrl-C. */
  terminal = false;
  /**
   * A person at a terminal can be handed their editor on a workspace file (`edit FILE`): the
   * sandbox, and a lesson, whose journal need not keep the edit (the file itself is kept).
   */
  editor = false;
  /** True while the line being run is one simple command in the foreground (what may go on live). */
  #alone = false;

  constructor(readonly world: World, options: SessionOptions = {}, extra: ExtraCommands = {}) {
    this.width = options.width ?? 80;
    this.#extra = extra;
    this.jobs = new Jobs(() => world.clock.now());
    this.#shell = new Interpreter(this.#host());
  }

  /** The workspace-relative current folder ('' at the workspace root, and outside the workspace). */
  get cwd(): string {
    return inWorkspace(this.dir) ?? '';
  }

  /** `learner@laptop:~/workspace/app$ `, or the container's own prompt while inside one. */
  prompt(): string {
    return this.#container?.prompt() ?? `learner@laptop:${tildePath(this.dir)}$ `;
  }

  /** True while a heredoc, a continued line or an unfinished compound command is being collected. */
  get collecting(): boolean {
    return this.#pending !== undefined || this.#buffer !== undefined || this.#backslash !== undefined;
  }

  /**
   * What Tab completion reads (complete.ts): the shell typed lines go to now — the laptop's bash,
   * or the shell inside a container — its files from its current folder, its variables and
   * every name it runs as a command.
   */
  completionView(): CompletionView {
    const c = this.#container;
    if (c) return { shell: c.flavour, onLaptop: false, interpreter: c.shell, commands: () => c.commandNames() };
    return { shell: 'bash', onLaptop: true, interpreter: this.#shell, commands: () => [...this.#shell.commandNames(), ...LAPTOP_PROGRAMS, ...SESSION_COMMANDS, ...Object.keys(this.#extra)] };
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
    const more: FeedOutcome = { kind: 'more', prompt: '> ' };
    const p = this.#pending;
    if (p) {
      const d = p.delimiters[0] as { delimiter: string; strip: boolean };
      const text = d.strip ? line.replace(/^\t+/, '') : line;
      if (text !== d.delimiter) { p.current.push(text); return more; }
      (this.#buffer as { bodies: string[] }).bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
      p.current = [];
      p.delimiters.shift();
      if (p.delimiters.length > 0) return more;
      this.#pending = undefined;
      return this.#complete();
    }
    const physical = (this.#backslash ?? '') + line;
    this.#backslash = undefined;
    if (continuation(physical) === 'backslash') {
      // bash drops a backslash-newline entirely.
      this.#backslash = physical.slice(0, -1);
      return more;
    }
    const b = this.#buffer;
    this.#buffer = { text: b ? `${b.text}\n${physical}` : physical, bodies: b?.bodies ?? [] };
    const docs = heredocsIn(this.#buffer.text);
    if (docs.length > this.#buffer.bodies.length) {
      this.#pending = { delimiters: docs.slice(this.#buffer.bodies.length), current: [], at: this.#lineNo };
      return more;
    }
    return this.#complete();
  }

  /** The text typed so far is whole (heredocs collected): run it, or ask for more while a command is open. */
  #complete(): FeedOutcome {
    const { text, bodies } = this.#buffer as { text: string; bodies: string[] };
    if ((this.#container?.shell ?? this.#shell).incomplete(text)) return { kind: 'more', prompt: '> ' };
    this.#buffer = undefined;
    return { kind: 'result', result: this.run(text, bodies) };
  }

  /** A command that asked the terminal for something has finished: `$?` is how it ended. */
  settle(r: CommandResult): void {
    this.env.set('?', String(r.exitCode));
  }

  /** Ctrl-C stopped the command running in the foreground: `$?` is 130, as bash sets it after SIGINT. */
  interrupted(): void {
    this.env.set('?', '130');
  }

  /** Drop a half-typed heredoc, continued line or compound command (Ctrl-C). */
  cancel(): void {
    this.#pending = undefined;
    this.#buffer = undefined;
    this.#backslash = undefined;
  }

  /**
   * End of input while a heredoc or a command is open: bash warns (or objects) and runs what it
   * has. Inside a container's shell, end of input leaves it, as Ctrl-D does.
   */
  flush(): CommandResult | undefined {
    const open = this.#unfinished();
    if (open) return open;
    if (!this.#container) return undefined;
    const left = this.#container.leave(undefined);
    this.#container = undefined;
    return left;
  }

  /**
   * Ctrl-D typed on an empty line. At the laptop's prompt it ends the sandbox (undefined: the
   * terminal says `exit`); inside a container it leaves that shell only, as bash does (`exit`).
   */
  endOfFile(): CommandResult | undefined {
    const open = this.#unfinished();
    if (open) return open;
    if (!this.#container) return undefined;
    const r = this.#container.endOfFile();
    if (this.#container.closed) {
      this.#container = undefined;
      this.env.set('?', String(r.exitCode));
    }
    return r;
  }

  /** A heredoc, backslash line or compound command left open at end of input: what bash does with it. */
  #unfinished(): CommandResult | undefined {
    const p = this.#pending;
    const b = this.#buffer;
    if (p && b) {
      this.cancel();
      b.bodies.push(p.current.length ? `${p.current.join('\n')}\n` : '');
      for (let i = 1; i < p.delimiters.length; i++) b.bodies.push('');
      const r = this.run(b.text, b.bodies);
      const warning = err(`bash: warning: here-document at line ${p.at} delimited by end-of-file (wanted \`${(p.delimiters[0] as { delimiter: string }).delimiter}')`);
      return { ...r, lines: [warning, ...r.lines], ...(r.ttyLines ? { ttyLines: [warning, ...r.ttyLines] } : {}) };
    }
    const rest = this.#backslash;
    if (rest !== undefined && !b) {
      this.cancel();
      return this.run(rest, []);
    }
    if (b || rest !== undefined) {
      this.cancel();
      this.env.set('?', '2');
      return result([err('bash: syntax error: unexpected end of file')], 2);
    }
    return undefined;
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
    const list = this.#shell.parse(line);
    if (!('items' in list)) {
      this.env.set('?', '2');
      return list;
    }
    if (list.items.length === 0) return this.#withNotices(result([], Number(this.env.get('?') ?? 0)), true);
    const first = list.items[0]?.pipeline.commands[0];
    const isTrace = list.items.length === 1 && first?.kind === 'simple' && first.argv[0] === 'trace';
    if (!isTrace) this.world.trace.mark();
    const only = list.items.length === 1 ? list.items[0] : undefined;
    this.#alone = (this.terminal || this.editor) && only !== undefined && !only.background && only.pipeline.commands.length === 1 && only.pipeline.commands[0]?.kind === 'simple';
    let outcome: CommandResult;
    try {
      outcome = this.#shell.run(list, heredocs);
    } finally {
      this.#alone = false;
    }
    this.world.advance(TIME_PER_COMMAND_MS);
    if (!isTrace) {
      this.#lastTrace = this.world.trace.sinceMark();
      this.#lastTraceOmitted = this.world.trace.omitted;
    }
    return this.#withNotices(outcome, false);
  }

  /** Job notices (`[1]+  Done …`) come after the command's own output, before the next prompt. */
  #withNotices(o: CommandResult, emptyLine: boolean): CommandResult {
    const notices = this.jobs.notices();
    if (notices.length === 0) return o;
    const lines = [...o.lines, ...notices];
    if (emptyLine && lines.length === 0) return result([], o.exitCode);
    return { ...o, lines, ...(o.ttyLines ? { ttyLines: [...o.ttyLines, ...notices] } : {}) };
  }

  /** What the interpreter needs from the laptop: its files, its commands, and what a subshell keeps apart. */
  #host(): ShellHost {
    const fs = this.world.laptop;
    const session = this;
    const abs = (path: string): string => laptopPath({ dir: session.dir, cwd: session.cwd }, path);
    const files: HostFiles = {
      get cwd() { return session.dir; },
      read: (path) => {
        const r = readLaptopFile({ dir: this.dir, cwd: this.cwd, world: this.world }, path);
        return r.ok ? { text: r.text } : { reason: r.reason };
      },
      openForWrite: (shown, append) => {
        const path = abs(shown);
        if (fs.kind(path) === 'dir') return { reason: 'Is a directory' };
        const parent = path.slice(0, path.lastIndexOf('/')) || '/';
        if (fs.kind(parent) !== 'dir') return { reason: fs.kind(parent) === 'file' ? 'Not a directory' : 'No such file or directory' };
        if (!fs.writable(path)) return { reason: 'Permission denied' };
        return { path, text: append ? (fs.read(path) ?? '') : '' };
      },
      write: (path, text) => fs.write(path, text),
      list: (dir) => (fs.kind(abs(dir)) === 'dir' ? (fs.list(abs(dir)) ?? []).map((e) => e.name) : undefined),
      kind: (path) => fs.kind(abs(path)),
      size: (path) => contentBytes(fs.read(abs(path)) ?? ''),
    };
    return {
      env: this.env,
      files,
      errorPrefix: 'bash: ',
      fileError: (path, reason) => ({ line: err(`bash: ${path}: ${reason}`), status: 1 }),
      special: (name) => {
        switch (name) {
          case '$': return String(SHELL_PID);
          case '0': return 'bash';
          case '-': return 'himBHs';
          case 'PWD': return this.env.get('PWD') ?? this.dir;
          case 'OLDPWD': return this.#oldDir ?? this.env.get('OLDPWD');
          default: return undefined;
        }
      },
      run: (name, args, env, io) => this.#run(name, args, env, io),
      assign: (name, value) => {
        // A new variable is the shell's own; one that was exported stays exported.
        if (!this.env.has(name) || this.#locals.has(name)) this.#locals.add(name);
        this.env.set(name, value);
      },
      save: () => {
        const saved = { dir: this.dir, old: this.#oldDir, env: new Map(this.env), locals: new Set(this.#locals) };
        return () => {
          this.dir = saved.dir;
          this.#oldDir = saved.old;
          this.env.clear();
          for (const [k, v] of saved.env) this.env.set(k, v);
          this.#locals = saved.locals;
        };
      },
      background: (pipeline, words, run) => this.#background(pipeline, words, run),
      hasProgram: (name) => name in this.#extra || LAPTOP_PROGRAMS.has(name),
      programPath: (name) => (name === 'kubectl' && name in this.#extra ? '/usr/local/bin/kubectl' : name in this.#extra || LAPTOP_PROGRAMS.has(name) ? `/usr/bin/${name}` : undefined),
      failure: (e) => {
        // The workspace is a real folder: a full disk, a read-only file or a link out of the workspace is the learner's world too.
        if (!(e instanceof Error) || e.name !== 'WorkspaceError') return undefined;
        const note = (e as { hint?: string }).hint;
        return result([err(`bash: ${e.message}`), ...(note ? [hint(note)] : [])], 1);
      },
    };
  }

  /**
   * `cmd &`: bash prints the job number and process id and carries on. A server (kubectl proxy,
   * port-forward) keeps running as a job; `sleep N &` ends N seconds later; anything else runs
   * to completion now and is reported Done after the next command.
   */
  #background(pipeline: Pipeline, words: () => string[], run: () => CommandResult): CommandResult {
    const w = words();
    if (w[0] === 'sleep' && w.length === 2 && /^\d+(\.\d+)?[smhd]?$/.test(w[1] as string)) {
      const m = /^(\d+(?:\.\d+)?)([smhd]?)$/.exec(w[1] as string) as RegExpExecArray;
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
      r = run();
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

  /** What commands see: exported variables only (plus one-command `NAME=value` prefixes); stdin read when they ask. */
  #ctx(io: RunIo, extraEnv?: ReadonlyMap<string, string>): CommandContext {
    let env: ReadonlyMap<string, string> = this.env;
    if (this.#locals.size > 0 || extraEnv) {
      const m = new Map([...this.env].filter(([k]) => !this.#locals.has(k)));
      for (const [k, v] of extraEnv ?? []) m.set(k, v);
      env = m;
    }
    const { world, cwd, dir, width } = this;
    return { world, cwd, dir, env, width, stdoutIsTerminal: io.terminal, ...(this.#alone && io.terminal && this.terminal ? { live: true } : {}), ...(this.#alone && io.terminal && (this.editor || this.terminal) ? { editor: true } : {}), get stdin() { return io.stdin(); } };
  }

  #run(name: string, args: string[], extraEnv: ReadonlyMap<string, string> | undefined, io: RunIo): CommandResult {
    const ctx = this.#ctx(io, extraEnv);
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

  /** Every name here is a builtin, a laptop program (LAPTOP_PROGRAMS) or one of SESSION_COMMANDS, for Tab completion. */
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
      case 'sleep': return sleep(args, ctx);
      case 'mkdir': return mkdir(args, ctx);
      case 'rm': return rm(args, ctx);
      case 'touch': return touch(args, ctx);
      case 'grep': return grep(args, ctx);
      case 'head': case 'tail': return headTail(name, args, ctx);
      case 'wc': return wc(args, ctx);
      case 'help': return help(args);
      case 'trace': return trace(ctx, this.#lastTrace, this.#lastTraceOmitted);
      case 'world': return worldCommand(args, this.world, this.width, this.#picture);
      case 'edit': return edit(args, ctx);
      case 'jobs': return this.jobs.list(args);
      case 'kill': return this.jobs.kill(args);
      case 'wait': return this.jobs.wait(args, (ms) => this.world.advance(ms));
      case 'fg': case 'bg': return this.jobs.foreground(name, args, (ms) => this.world.advance(ms));
      case 'pwd': return result([out(this.dir)]);
      case 'cd': return this.#cd(args);
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
      case 'clear': return CLEAR_SCREEN;
      case 'exit': {
        // An exit status is one byte: `exit 300` leaves 44; `exit` alone keeps the last status.
        const status = args[0] === undefined ? Number(this.env.get('?') ?? 0) : Number(args[0]);
        if (args[0] !== undefined && !/^-?\d+$/.test(args[0])) return { lines: [err(`bash: exit: ${args[0]}: numeric argument required`)], exitCode: 2, exit: true };
        return { lines: [], exitCode: (status | 0) & 255, exit: true };
      }
      default: return textTool(name, args, ctx) ?? commandNotFound(name);
    }
  }

  /** `cd`, `cd -`, `cd ~/x`, `cd /tmp`: anywhere on the laptop there is a folder. */
  #cd(args: string[]): CommandResult {
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
    return result(arg === '-' ? [out(target)] : []);
  }
}
