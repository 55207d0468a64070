/**
 * Runs what tokenize.ts parses, for every shell in the sandbox — the laptop's bash and the shells
 * inside containers — so both have the same lists, pipes, compound commands, redirections,
 * word expansion and shell builtins (`read`, `break`, `test`, `alias`, `source`, `eval`,
 * `xargs`…). What differs between them is their host: where files are, which programs exist,
 * how errors begin (`bash: …`, dash's `sh: 1: …`), and what `cd`, `export` or `exit` change.
 *
 * Everything returns values: lines for stdout and stderr, an exit status. A loop that would run
 * forever stops after MAX_ROUNDS rounds with kubetutor's hint (a real shell would wait for Ctrl-C).
 */
import { evalCondition, testArgs, type FileProbe } from './conditions.ts';
import { err, hint, out, result, streamText, type CommandResult, type Line } from './result.ts';
import {
  arithmetic, expandFields, expandHeredoc, expandJoined, ExpansionError, globPaths, heredocsIn, IncompleteInput, matchesPattern, parseCommandLine, ShellSyntaxError, UnsupportedSyntax,
  type Command, type CommandList, type CompoundCommand, type Expander, type Input, type Pipeline, type Redirect, type SimpleCommand,
} from './tokenize.ts';

/** A command's stdin: text shared by the commands of a compound, each taking what it reads. */
export interface Stdin {
  readonly text: string;
  pos: number;
}

export const stdinOf = (text: string): Stdin => ({ text, pos: 0 });

/** How a command is run: its stdin (undefined: the terminal), whether stdout is the terminal, how many loops enclose it. */
export interface CommandIo {
  readonly stdin: Stdin | undefined;
  readonly terminal: boolean;
  readonly loops: number;
  /**
   * Lines of stdout the reader of this pipe takes before it stops (`| head -3`): a loop that
   * writes more ends there, as the real one dies of SIGPIPE when head exits.
   */
  readonly wanted?: number;
}

/** The files a shell sees: the laptop's, or a container's. */
export interface HostFiles extends FileProbe {
  /** The current folder (absolute). */
  readonly cwd: string;
  read(path: string): { readonly text: string } | { readonly reason: string };
  /** Open a file for `>` (`append`: `>>`): its absolute path and the text it starts with, or why it cannot be written. */
  openForWrite(path: string, append: boolean): { readonly path: string; readonly text: string } | { readonly reason: string };
  write(path: string, text: string): void;
  /** A folder's entries, for globbing; undefined when it is not a folder. */
  list(dir: string): readonly string[] | undefined;
}

/** What a command that is not the interpreter's own is run with. */
export interface RunIo {
  /** The command's stdin, read whole (and taken from a shared stdin) when the command asks for it. */
  stdin(): string | undefined;
  readonly terminal: boolean;
}

export interface ShellHost {
  readonly env: Map<string, string>;
  readonly files: HostFiles;
  /** How this shell begins its own error lines: `bash: `, dash's `sh: 1: `. */
  readonly errorPrefix: string;
  /** A redirection's file could not be opened: the shell's line and status. */
  fileError(path: string, reason: string, writing: boolean): { readonly line: Line; readonly status: number };
  /** Values the shell computes rather than stores (`$$`, `$0`, `$PWD`). */
  special(name: string): string | undefined;
  /** Run a command by name: the shell's own builtins first, then programs. `env` holds one-command `NAME=value` prefixes. */
  run(name: string, args: string[], env: ReadonlyMap<string, string> | undefined, io: RunIo): CommandResult;
  /** `NAME=value` alone (and `for`, `read`): a shell variable. */
  assign(name: string, value: string): void;
  /** Save what a subshell may change; calling the result puts it back. */
  save(): () => void;
  /** `cmd &`; without it, a background command runs in the foreground. */
  background?(pipeline: Pipeline, words: () => string[], run: () => CommandResult): CommandResult;
  /** Is there a program by this name (for xargs, which runs programs, not builtins)? */
  hasProgram?(name: string): boolean;
  /** Where a program is (`type`, `which`, `command -v`): `/usr/bin/docker`. */
  programPath?(name: string): string | undefined;
  /** A failure of the machine itself (the workspace's disk), as the shell reports it; undefined for a bug. */
  failure?(e: unknown): CommandResult | undefined;
}

/** `break` and `continue` leave loops; `abort` ends the whole typed line (an expansion error, a runaway loop). */
type Control = { readonly kind: 'break' | 'continue'; readonly n: number } | { readonly kind: 'abort' };

/** A command's outcome inside the interpreter: a result, and perhaps a jump out of loops. */
type Outcome = CommandResult & { readonly control?: Control };

/** Rounds of loops one typed line may run before kubetutor stops it. */
export const MAX_ROUNDS = 1000;
/** `$(…)` inside `$(…)` …: deeper than this is a runaway, not a learner's line. */
const MAX_SUBSTITUTION_DEPTH = 20;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Lines and terminal lines gathered from several results, in order. */
class Gather {
  readonly lines: Line[] = [];
  readonly tty: Line[] = [];

  add(r: CommandResult): void {
    this.lines.push(...r.lines);
    this.tty.push(...(r.ttyLines ?? r.lines));
  }

  addLines(lines: readonly Line[]): void {
    this.lines.push(...lines);
    this.tty.push(...lines);
  }

  result(code: number, last?: Outcome): Outcome {
    const same = this.tty.length === this.lines.length && this.tty.every((l, i) => l === this.lines[i]);
    return {
      lines: this.lines, exitCode: code, ...(same ? {} : { ttyLines: this.tty }),
      ...(last?.exit ? { exit: true } : {}), ...(last?.control ? { control: last.control } : {}),
      ...(last?.service ? { service: last.service } : {}), ...(last?.enter ? { enter: last.enter } : {}),
      ...(last?.live ? { live: last.live } : {}), ...(last?.request ? { request: last.request } : {}),
    };
  }
}

/** Split a script into its command text and the bodies of the heredocs it holds (for `source`, `eval`, `sh -c`). */
export function splitHeredocs(script: string): { text: string; bodies: string[] } {
  const lines = script.split('\n');
  const kept: string[] = [];
  const bodies: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] as string;
    kept.push(line);
    const docs = heredocsIn([...kept].join('\n'));
    while (bodies.length < docs.length) {
      const d = docs[bodies.length] as { delimiter: string; strip: boolean };
      const body: string[] = [];
      for (i++; i < lines.length; i++) {
        const text = d.strip ? (lines[i] as string).replace(/^\t+/, '') : lines[i] as string;
        if (text === d.delimiter) break;
        body.push(text);
      }
      bodies.push(body.length ? `${body.join('\n')}\n` : '');
    }
  }
  return { text: kept.join('\n'), bodies };
}

export class Interpreter {
  /** `alias k=kubectl`. */
  readonly aliases = new Map<string, string>();
  /** `complete -F …` settings: kept for `complete -p`, and for Tab completion of an alias (complete.ts). */
  readonly #completions = new Map<string, string>();
  #completionHinted = false;
  #heredocs: readonly string[] = [];
  /** What `$(…)` printed to stderr, shown before the output of the command it was part of. */
  #side: Line[] = [];
  /** The status of the last `$(…)`, which a command of assignments alone takes as its own. */
  #substitutionStatus: number | undefined;
  #depth = 0;
  #rounds = 0;
  /** `<(…)` outputs by the path the command was given. */
  readonly #fds = new Map<string, string>();

  constructor(private readonly host: ShellHost) {}

  /** The files this shell sees, from its current folder (Tab completion reads them). */
  get files(): HostFiles {
    return this.host.files;
  }

  /** This shell's variables. */
  get variables(): ReadonlyMap<string, string> {
    return this.host.env;
  }

  /** The names this shell itself runs as commands: its aliases, keywords and builtins (its host adds the programs). */
  commandNames(): string[] {
    return [...this.aliases.keys(), ...KEYWORDS, ...BUILTINS];
  }

  /** The function `complete -F FUNCTION NAME` set for a command name (`__start_kubectl` for `k`), if any. */
  completionFunction(name: string): string | undefined {
    return /(?:^| )-F (\S+)/.exec(this.#completions.get(name) ?? '')?.[1];
  }

  get #status(): number {
    return Number(this.host.env.get('?') ?? 0);
  }

  #setStatus(code: number): void {
    this.host.env.set('?', String(code));
  }

  #error(text: string): Line {
    return err(`${this.host.errorPrefix}${text}`);
  }

  /** Parse typed text with this shell's aliases: the command list, or what the shell prints instead. */
  parse(text: string, where = ''): CommandList | CommandResult {
    try {
      return parseCommandLine(text, { aliases: this.aliases });
    } catch (e) {
      if (e instanceof ShellSyntaxError) return result(e.message.split('\n').map((m) => this.#error(`${where}${m}`)), 2);
      if (e instanceof UnsupportedSyntax) return result([hint(unsupported(e.message))], 2);
      throw e;
    }
  }

  /** True when text stops inside a command that goes on (`for …`, `echo a |`): the shell asks for more. */
  incomplete(text: string): boolean {
    try {
      parseCommandLine(text, { aliases: this.aliases });
      return false;
    } catch (e) {
      return e instanceof IncompleteInput;
    }
  }

  /** Run parsed input (heredoc bodies collected): what the shell prints; `$?` is set. */
  run(list: CommandList, heredocs: readonly string[], terminal = true): CommandResult {
    this.#heredocs = heredocs;
    this.#rounds = 0;
    this.#fds.clear();
    const o = this.#list(list, { stdin: undefined, terminal, loops: 0 });
    const { control: _c, ...r } = o;
    return r;
  }

  /** Run a script's text in this shell (`source`, `eval`, `sh -c`). */
  runScript(script: string, io: CommandIo, where: string): Outcome {
    const { text, bodies } = splitHeredocs(script);
    const list = this.parse(text, where);
    if (!('items' in list)) return list;
    const saved = this.#heredocs;
    this.#heredocs = bodies;
    try {
      return this.#list(list, io);
    } finally {
      this.#heredocs = saved;
    }
  }

  /** Expansion in this shell: variables, `$(…)`, `<(…)`, globbing. */
  expander(): Expander {
    return {
      env: this.host.env,
      substitute: (command) => this.#substitute(command),
      special: (name) => this.host.special(name) ?? (name === '#' ? '0' : name === '@' || name === '*' ? '' : undefined),
      processSubstitute: (command) => this.#processSubstitute(command),
      glob: (pattern) => globPaths(pattern, this.host.files.cwd, (d) => this.host.files.list(d)),
    };
  }

  #list(list: CommandList, io: CommandIo): Outcome {
    const g = new Gather();
    let code = this.#status;
    let ran = false;
    let last: Outcome | undefined;
    for (const { op, pipeline, background } of list.items) {
      if (ran && op === '&&' && code !== 0) continue;
      if (ran && op === '||' && code === 0) continue;
      ran = true;
      const r = background && this.host.background
        ? this.host.background(pipeline, () => (pipeline.commands.length === 1 && pipeline.commands[0]?.kind === 'simple' ? this.#words(pipeline.commands[0]) : []), () => this.#pipeline(pipeline, io))
        : this.#pipeline(pipeline, io);
      g.add(r);
      code = r.exitCode;
      this.#setStatus(code);
      last = r;
      if (r.exit || (r as Outcome).control) break;
    }
    return g.result(code, last);
  }

  /** A simple command's words, expanded (for `sleep 30 &`). */
  #words(cmd: SimpleCommand): string[] {
    try {
      return cmd.argv.flatMap((w) => expandFields(w, this.expander()));
    } catch {
      return [];
    }
  }

  #pipeline(p: Pipeline, io: CommandIo): Outcome {
    if (p.commands.length === 0) return result([], p.negated ? 1 : 0);
    let r: Outcome;
    if (p.commands.length === 1) r = this.#command(p.commands[0] as Command, io);
    else {
      // Each part of a pipeline runs in a subshell: its `cd`, variables and `exit` stay there.
      const g = new Gather();
      let stdin = io.stdin;
      r = result([]);
      for (const [i, cmd] of p.commands.entries()) {
        const last = i === p.commands.length - 1;
        const restore = this.host.save();
        const wanted = last ? io.wanted : headCount(p.commands[i + 1] as Command);
        try {
          r = this.#command(cmd, { stdin, terminal: last && io.terminal, loops: 0, ...(wanted !== undefined ? { wanted } : {}) });
        } finally {
          restore();
        }
        // A stage's own failure (an expansion error, a runaway loop) ends that subshell only.
        if (r.control) { const { control: _c, ...rest } = r; r = rest; }
        if (!last) {
          // The next command reads this one's stdout; its stderr still reaches the screen.
          stdin = stdinOf(streamText(r.lines.filter((l) => l.stream === 'out')));
          g.addLines(r.lines.filter((l) => l.stream !== 'out'));
        }
      }
      g.add(r);
      r = { ...g.result(r.exitCode), ...(r.service ? { service: r.service } : {}), ...(r.enter ? { enter: r.enter } : {}), ...(r.live ? { live: r.live } : {}), ...(r.request ? { request: r.request } : {}) };
    }
    if (!p.negated) return r;
    return { ...r, exitCode: r.exitCode === 0 ? 1 : 0 };
  }

  #command(cmd: Command, io: CommandIo): Outcome {
    const sideStart = this.#side.length;
    let r: Outcome;
    try {
      r = cmd.kind === 'simple' ? this.#simple(cmd, io) : this.#redirected(cmd, io, (inner) => this.#compound(cmd, inner));
    } catch (e) {
      if (!(e instanceof ExpansionError)) {
        const failed = this.host.failure?.(e);
        if (!failed) throw e;
        r = failed;
      } else {
        // bash drops the rest of the line after an expansion error.
        r = { ...result([this.#error(e.message)], e.status), control: { kind: 'abort' } };
      }
    }
    const side = this.#side.splice(sideStart);
    if (side.length === 0) return r;
    return { ...r, lines: [...side, ...r.lines], ...(r.ttyLines ? { ttyLines: [...side, ...r.ttyLines] } : {}) };
  }

  #simple(cmd: SimpleCommand, io: CommandIo): Outcome {
    const ex = this.expander();
    this.#substitutionStatus = undefined;
    const argv = cmd.argv.flatMap((w) => expandFields(w, ex));
    const assignments = cmd.assignments.map((a) => ({ name: a.name, value: expandJoined(a.value, ex) }));
    const [name, ...args] = argv;
    if (name === undefined) {
      return this.#redirected(cmd, io, () => {
        for (const a of assignments) this.host.assign(a.name, a.value);
        return result([], this.#substitutionStatus ?? 0);
      });
    }
    const env = assignments.length > 0 ? new Map(assignments.map((a) => [a.name, a.value])) : undefined;
    return this.#redirected(cmd, io, (inner) => this.#invoke(name, args, env, inner));
  }

  /** Open a command's redirections, run it, and send its lines where they go. */
  #redirected(cmd: { readonly redirects: readonly Redirect[]; readonly input: Input | undefined }, io: CommandIo, body: (io: CommandIo) => Outcome): Outcome {
    if (cmd.redirects.length === 0 && cmd.input === undefined) return body(io);
    const ex = this.expander();
    const files = this.host.files;
    let stdin = io.stdin;
    if (cmd.input) {
      const opened = this.#openInput(cmd.input, ex);
      if ('lines' in opened) return opened;
      stdin = opened;
    }
    type Target = { readonly kind: 'out' | 'err' | 'null' } | { readonly kind: 'file'; readonly path: string };
    const written = new Map<string, string>();
    const fds: Record<1 | 2, Target> = { 1: { kind: 'out' }, 2: { kind: 'err' } };
    for (const rd of cmd.redirects) {
      if (rd.kind === 'dup') {
        if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = fds[rd.to === 2 ? 2 : 1];
        continue;
      }
      const shown = expandJoined(rd.path, ex);
      let t: Target;
      if (shown === '/dev/null') t = { kind: 'null' };
      else if (shown === '/dev/stdout') t = fds[1];
      else if (shown === '/dev/stderr') t = fds[2];
      else {
        if (shown === '') return this.#fileFailure(shown, 'No such file or directory', true);
        const opened = files.openForWrite(shown, rd.append);
        if ('reason' in opened) return this.#fileFailure(shown, opened.reason, true);
        if (!written.has(opened.path) || !rd.append) written.set(opened.path, written.has(opened.path) ? '' : opened.text);
        t = { kind: 'file', path: opened.path };
      }
      if (rd.fd === 'both') { fds[1] = t; fds[2] = t; } else if (rd.fd === 1 || rd.fd === 2) fds[rd.fd] = t;
    }
    // `> file` empties the file before the command runs, as bash does (so `cat f > f` reads nothing).
    for (const [p, text] of written) files.write(p, text);
    const r = body({ stdin, terminal: io.terminal && fds[1].kind === 'out', loops: io.loops });
    if (cmd.redirects.length === 0) return r;
    const routed: Line[] = [];
    for (const l of r.lines) {
      if (l.stream === 'hint') { routed.push(l); continue; }
      const t = fds[l.stream === 'out' ? 1 : 2];
      if (t.kind === 'out' || t.kind === 'err') routed.push(l.stream === t.kind ? l : { ...l, stream: t.kind });
      else if (t.kind === 'file') written.set(t.path, `${written.get(t.path) ?? ''}${streamText([l])}`);
    }
    for (const [p, text] of written) files.write(p, text);
    const errKept = fds[2].kind === 'err' && fds[1].kind !== 'err';
    // With stderr still on the terminal, a tool keeps its terminal view there (BuildKit's build screen).
    const ttyLines = errKept && r.ttyLines ? r.ttyLines.filter((l) => l.stream !== 'out' || fds[1].kind === 'out') : undefined;
    const { ttyLines: _t, ...rest } = r;
    return { ...rest, lines: routed, ...(ttyLines ? { ttyLines } : {}) };
  }

  #fileFailure(path: string, reason: string, writing: boolean): Outcome {
    const f = this.host.fileError(path, reason, writing);
    return result([f.line], f.status);
  }

  #openInput(input: Input, ex: Expander): Stdin | Outcome {
    switch (input.kind) {
      case 'heredoc': {
        const body = this.#heredocs[input.index] ?? '';
        return stdinOf(input.quoted ? body : expandHeredoc(body, ex));
      }
      case 'string': return stdinOf(`${expandJoined(input.word, ex)}\n`);
      default: {
        const target = expandJoined(input.path, ex);
        if (target === '/dev/null') return stdinOf('');
        const r = this.#read(target);
        if ('reason' in r) return this.#fileFailure(target, r.reason, false);
        return stdinOf(r.text);
      }
    }
  }

  #read(path: string): { text: string } | { reason: string } {
    const fd = this.#fds.get(path);
    return fd !== undefined ? { text: fd } : this.host.files.read(path);
  }

  #compound(cmd: CompoundCommand, io: CommandIo): Outcome {
    switch (cmd.kind) {
      case 'group': return this.#list(cmd.body, io);
      case 'subshell': {
        const restore = this.host.save();
        try {
          const r = this.#list(cmd.body, { ...io, loops: 0 });
          // `exit` and `break` in a subshell end only the subshell.
          const { exit: _e, control, ...rest } = r;
          return control?.kind === 'abort' ? { ...rest, control } : rest;
        } finally {
          restore();
        }
      }
      case 'if': {
        const g = new Gather();
        for (const clause of cmd.clauses) {
          const t = this.#list(clause.test, io);
          g.add(t);
          if (t.exit || t.control) return g.result(t.exitCode, t);
          if (t.exitCode === 0) {
            const b = this.#list(clause.body, io);
            g.add(b);
            return g.result(b.exitCode, b);
          }
        }
        if (!cmd.otherwise) return g.result(0);
        const b = this.#list(cmd.otherwise, io);
        g.add(b);
        return g.result(b.exitCode, b);
      }
      case 'while': case 'until': return this.#loop(io, (g) => {
        const t = this.#list(cmd.test, io);
        g.add(t);
        if (t.exit || t.control) return t;
        return (t.exitCode === 0) === (cmd.kind === 'while') ? cmd.body : undefined;
      });
      case 'for': {
        if (!NAME.test(cmd.name)) return result([this.#error(`\`${cmd.name}': not a valid identifier`)], 1);
        const ex = this.expander();
        const words = (cmd.words ?? []).flatMap((w) => expandFields(w, ex));
        let i = 0;
        return this.#loop(io, () => {
          if (i >= words.length) return undefined;
          this.host.assign(cmd.name, words[i++] as string);
          return cmd.body;
        });
      }
      case 'arith-for': {
        const ex = this.expander();
        const evaluate = (e: string): bigint => (e.trim() === '' ? 1n : arithmetic(expandJoined(e, ex), ex));
        evaluate(cmd.init);
        let first = true;
        return this.#loop(io, () => {
          if (!first) evaluate(cmd.step);
          first = false;
          return evaluate(cmd.test) !== 0n ? cmd.body : undefined;
        });
      }
      case 'case': {
        const ex = this.expander();
        const word = expandJoined(cmd.word, ex);
        const g = new Gather();
        let code = 0;
        let fall = false;
        for (const arm of cmd.arms) {
          if (!fall && !arm.patterns.some((p) => matchesPattern(word, p, ex))) continue;
          const r = this.#list(arm.body, io);
          g.add(r);
          code = r.exitCode;
          if (r.exit || r.control) return g.result(code, r);
          if (arm.end === ';;') break;
          fall = arm.end === ';&';
        }
        return g.result(code);
      }
      case 'arith': {
        const ex = this.expander();
        return result([], arithmetic(expandJoined(cmd.expression, ex), ex) !== 0n ? 0 : 1);
      }
      default: {
        const v = evalCondition(cmd.condition, this.expander(), this.host.files);
        if (typeof v === 'boolean') return result([], v ? 0 : 1);
        return result(v.error ? [this.#error(v.error)] : [], 2);
      }
    }
  }

  /**
   * A loop: `next` says what to run this round (undefined ends the loop; an outcome is the test's
   * exit or jump). `break`, `continue` and their counts work as in bash; a runaway stops with a hint.
   */
  #loop(io: CommandIo, next: (g: Gather) => CommandList | Outcome | undefined): Outcome {
    const g = new Gather();
    let code = 0;
    for (;;) {
      if (++this.#rounds > MAX_ROUNDS) {
        g.addLines([hint(`kubetutor stopped this loop after ${MAX_ROUNDS.toLocaleString('en-US')} rounds (a real shell would keep going until Ctrl-C). Loops here run at once, on simulated time: give them an end (\`for i in 1 2 3\`, \`while [ … ]\`).`)]);
        return g.result(130, { ...result([]), control: { kind: 'abort' } });
      }
      const body = next(g);
      if (body === undefined) break;
      if (!('items' in body)) return g.result(body.exitCode, body);
      const r = this.#list(body, { ...io, loops: io.loops + 1 });
      g.add(r);
      code = r.exitCode;
      if (r.exit) return g.result(code, r);
      // The reader has all it takes (`| head`): the next write would meet a closed pipe.
      if (io.wanted !== undefined && g.lines.filter((l) => l.stream === 'out').length >= io.wanted) return g.result(141);
      const c = r.control;
      if (c?.kind === 'abort') return g.result(code, r);
      if (c?.kind === 'break') return g.result(code, c.n > 1 ? { ...r, control: { kind: 'break', n: c.n - 1 } } : undefined);
      if (c?.kind === 'continue' && c.n > 1) return g.result(code, { ...r, control: { kind: 'continue', n: c.n - 1 } });
    }
    return g.result(code);
  }

  /** `$(…)`: run the command in a subshell (its `cd` and variables stay there); its stderr reaches the terminal. */
  #substitute(command: string): string {
    const o = this.#subshell(command, 'command substitution: line 1: ');
    this.#substitutionStatus = o.exitCode;
    return streamText(o.lines.filter((l) => l.stream === 'out')).replace(/\n+$/, '');
  }

  /** `<(…)`: the command's output, readable at a `/dev/fd/N` path for the rest of the line. */
  #processSubstitute(command: string): string {
    const o = this.#subshell(command, '');
    const path = `/dev/fd/${63 - this.#fds.size}`;
    this.#fds.set(path, streamText(o.lines.filter((l) => l.stream === 'out')));
    return path;
  }

  #subshell(command: string, where: string): Outcome {
    if (this.#depth >= MAX_SUBSTITUTION_DEPTH) throw new ExpansionError('maximum command substitution depth exceeded');
    const restore = this.host.save();
    const side = this.#side;
    this.#depth++;
    this.#side = [];
    let o: Outcome;
    try {
      o = this.runScript(command, { stdin: undefined, terminal: false, loops: 0 }, where);
    } finally {
      this.#depth--;
      this.#side = side;
      restore();
    }
    this.#side.push(...o.lines.filter((l) => l.stream !== 'out'));
    return o;
  }

  /** The interpreter's own builtins, then the host's commands. */
  #invoke(name: string, args: string[], env: ReadonlyMap<string, string> | undefined, io: CommandIo): Outcome {
    let taken: string | undefined;
    const stdin = (): string | undefined => {
      if (!io.stdin) return undefined;
      if (taken === undefined) {
        taken = io.stdin.text.slice(io.stdin.pos);
        io.stdin.pos = io.stdin.text.length;
      }
      return taken;
    };
    switch (name) {
      case 'true': case ':': return result([]);
      case 'false': return result([], 1);
      case 'break': case 'continue': return this.#jump(name, args, io);
      case 'read': return this.#readBuiltin(args, env, io);
      case 'test': case '[': {
        const v = testArgs(name, args, this.host.files);
        return typeof v === 'boolean' ? result([], v ? 0 : 1) : result([this.#error(v.error)], 2);
      }
      case 'alias': return this.#alias(args);
      case 'unalias': return this.#unalias(args);
      case 'source': case '.': return this.#source(name, args, io);
      case 'eval': return args.length === 0 ? result([]) : this.runScript(args.join(' '), io, 'eval: line 1: ');
      case 'complete': return this.#complete(args);
      case 'xargs': return this.#xargs(args, stdin(), io);
      case 'type': return this.#type(args);
      case 'which': {
        const paths = args.filter((a) => !a.startsWith('-')).map((a) => this.#lookup(a));
        return result(paths.flatMap((p) => (p?.kind === 'file' ? [out(p.path)] : [])), paths.every((p) => p?.kind === 'file') ? 0 : 1);
      }
      case 'command': {
        if (args[0] === '-v' || args[0] === '-V') {
          const found = args.slice(1).map((a) => [a, this.#lookup(a)] as const);
          const lines = found.flatMap(([a, p]) => (!p ? (args[0] === '-V' ? [this.#error(`command: ${a}: not found`)] : []) : args[0] === '-V' ? [out(describeCommand(a, p))]
            : [out(p.kind === 'alias' ? `alias ${a}='${p.value}'` : p.kind === 'file' ? p.path : a)]));
          return result(lines, found.every(([, p]) => p) ? 0 : 1);
        }
        return args.length === 0 ? result([]) : this.#invoke(args[0] as string, args.slice(1), env, io);
      }
      default: return this.host.run(name, args, env, { stdin, terminal: io.terminal });
    }
  }

  /** What a name runs: an alias, a keyword, a builtin or a program (`type`, `command -v`, `which`). */
  #lookup(name: string): Found | undefined {
    const alias = this.aliases.get(name);
    if (alias !== undefined) return { kind: 'alias', value: alias };
    if (KEYWORDS.has(name)) return { kind: 'keyword' };
    if (BUILTINS.has(name)) return { kind: 'builtin' };
    const path = this.host.programPath?.(name);
    return path === undefined ? undefined : { kind: 'file', path };
  }

  /** `type [-t|-p|-a] NAME…`. */
  #type(args: string[]): Outcome {
    const flags = args.filter((a) => /^-[tpPa]+$/.test(a)).join('');
    const names = args.filter((a) => !/^-[tpPa]+$/.test(a));
    const lines: Line[] = [];
    let code = 0;
    for (const n of names) {
      const f = this.#lookup(n);
      if (!f) {
        code = 1;
        if (!flags.includes('t') && !/[pP]/.test(flags)) lines.push(this.#error(`type: ${n}: not found`));
        continue;
      }
      if (flags.includes('t')) lines.push(out(f.kind));
      else if (/[pP]/.test(flags)) { if (f.kind === 'file') lines.push(out(f.path)); }
      else lines.push(out(describeCommand(n, f)));
    }
    return result(lines, code);
  }

  #jump(name: 'break' | 'continue', args: string[], io: CommandIo): Outcome {
    if (io.loops === 0) return result([this.#error(`${name}: only meaningful in a \`for', \`while', or \`until' loop`)]);
    const arg = args[0];
    if (arg !== undefined && !/^-?\d+$/.test(arg)) return { ...result([this.#error(`${name}: ${arg}: numeric argument required`)], 1), control: { kind: 'break', n: io.loops } };
    const n = arg === undefined ? 1 : Number(arg);
    if (n < 1) return result([this.#error(`${name}: ${arg}: loop count out of range`)], 1);
    return { ...result([]), control: { kind: name, n: Math.min(n, io.loops) } };
  }

  /** `read [-r] [-p PROMPT] [NAME…]`: one line of stdin into variables, split on IFS. */
  #readBuiltin(args: string[], env: ReadonlyMap<string, string> | undefined, io: CommandIo): Outcome {
    let raw = false;
    const names: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (names.length === 0 && /^-[rs]+$/.test(a)) { raw ||= a.includes('r'); continue; }
      if (names.length === 0 && (a === '-p' || a === '-t')) { i++; continue; }
      if (names.length === 0 && a.startsWith('-') && a !== '-') {
        return result([this.#error(`read: ${a.slice(0, 2)}: invalid option`), err('read: usage: read [-ers] [-a array] [-d delim] [-i text] [-n nchars] [-N nchars] [-p prompt] [-t timeout] [-u fd] [name ...]')], 2);
      }
      if (!NAME.test(a)) return result([this.#error(`read: \`${a}': not a valid identifier`)], 1);
      names.push(a);
    }
    if (names.length === 0) names.push('REPLY');
    const s = io.stdin;
    if (!s) {
      return result([hint('`read` would wait for a line typed at the terminal; kubetutor\'s shell runs each line at once. Give it input: `read name <<< "value"`, or pipe into a `while read` loop.')], 1);
    }
    let line = '';
    let ended = true;
    while (s.pos < s.text.length) {
      const nl = s.text.indexOf('\n', s.pos);
      const part = nl < 0 ? s.text.slice(s.pos) : s.text.slice(s.pos, nl);
      s.pos = nl < 0 ? s.text.length : nl + 1;
      ended = nl < 0;
      // Without -r a backslash at the end joins the next line, and backslashes quote what follows.
      if (!raw && part.endsWith('\\') && !ended) { line += part.slice(0, -1); continue; }
      line += part;
      break;
    }
    if (!raw) line = line.replace(/\\(.)/g, '$1');
    const gotNothing = line === '' && ended;
    const ifs = env?.get('IFS') ?? this.host.env.get('IFS') ?? ' \t\n';
    this.#split(line, ifs, names.length).forEach((v, i) => this.host.assign(names[i] as string, v));
    return result([], gotNothing || ended ? 1 : 0);
  }

  /** Split a line into `n` fields on IFS, the last taking the rest, as `read` does. */
  #split(line: string, ifs: string, n: number): string[] {
    if (ifs === '') return [line, ...Array(n - 1).fill('')];
    const white = [...ifs].filter((c) => ' \t\n'.includes(c)).join('');
    const isWhite = (c: string): boolean => white.includes(c);
    let rest = line;
    while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
    while (rest !== '' && isWhite(rest[rest.length - 1] as string)) rest = rest.slice(0, -1);
    const fields: string[] = [];
    for (let k = 0; k < n - 1; k++) {
      let j = 0;
      while (j < rest.length && !ifs.includes(rest[j] as string)) j++;
      fields.push(rest.slice(0, j));
      rest = rest.slice(j);
      while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
      if (rest !== '' && ifs.includes(rest[0] as string)) {
        rest = rest.slice(1);
        while (rest !== '' && isWhite(rest[0] as string)) rest = rest.slice(1);
      }
    }
    fields.push(rest);
    return fields;
  }

  #alias(args: string[]): Outcome {
    const show = (name: string): Line => out(`alias ${name}='${(this.aliases.get(name) as string).replace(/'/g, `'\\''`)}'`);
    const words = args.filter((a) => a !== '-p');
    if (words.length === 0) return result([...this.aliases.keys()].sort().map(show));
    const lines: Line[] = [];
    let code = 0;
    for (const a of words) {
      const eq = a.indexOf('=');
      if (eq > 0) {
        const name = a.slice(0, eq);
        if (/[\s$`'"\\/=|&;()<>]/.test(name)) { lines.push(this.#error(`alias: \`${name}': invalid alias name`)); code = 1; continue; }
        this.aliases.set(name, a.slice(eq + 1));
      } else if (this.aliases.has(a)) lines.push(show(a));
      else { lines.push(this.#error(`alias: ${a}: not found`)); code = 1; }
    }
    return result(lines, code);
  }

  #unalias(args: string[]): Outcome {
    if (args.length === 0) return result([err('unalias: usage: unalias [-a] name [name ...]')], 2);
    if (args.includes('-a')) { this.aliases.clear(); return result([]); }
    const lines: Line[] = [];
    for (const a of args) if (!this.aliases.delete(a)) lines.push(this.#error(`unalias: ${a}: not found`));
    return result(lines, lines.length ? 1 : 0);
  }

  #source(name: string, args: string[], io: CommandIo): Outcome {
    const file = args[0];
    if (file === undefined) return result([this.#error(`${name}: filename argument required`), err(`${name}: usage: ${name} filename [arguments]`)], 2);
    const r = this.#read(file);
    if ('reason' in r) return result([this.#error(`${file}: ${r.reason}`)], 1);
    return this.runScript(r.text, io, `${file}: line 1: `);
  }

  /** `complete …`: accepted and remembered; Tab completion is the terminal's, not a script's. */
  #complete(args: string[]): Outcome {
    if (args.length === 0 || (args.length === 1 && args[0] === '-p')) {
      return result([...this.#completions.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, spec]) => out(spec)));
    }
    const names = args.filter((a, i) => !a.startsWith('-') && !/^-[oFACGWXPS]$/.test(args[i - 1] ?? ''));
    for (const n of names) this.#completions.set(n, `complete ${args.filter((a) => !names.includes(a)).join(' ')} ${n}`.replace(/\s+/g, ' '));
    if (this.#completionHinted) return result([]);
    this.#completionHinted = true;
    return result([hint("Tab completion for kubectl and docker is built into kubetutor's own terminal, not loaded from bash completion scripts; `complete -F __start_kubectl NAME` lines are kept, so an alias completes as kubectl too.")]);
  }

  /**
   * `xargs [-I R] [-n N] [-r] [-t] [-0] [COMMAND [ARGS]]` (GNU findutils): runs the command with the
   * items read from stdin — once with none unless -r, as GNU xargs does.
   */
  #xargs(args: string[], stdin: string | undefined, io: CommandIo): Outcome {
    let replace: string | undefined;
    let perCommand = Infinity;
    let skipEmpty = false;
    let trace = false;
    let nul = false;
    let i = 0;
    const usage = (line: string): Outcome => result([err(line), err("Try 'xargs --help' for more information.")], 1);
    for (; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-I' || a === '--replace') { replace = args[++i]; if (replace === undefined) return usage("xargs: option requires an argument -- 'I'"); }
      else if (a.startsWith('-I') && a.length > 2) replace = a.slice(2);
      else if (a === '-i' || a === '--replace=') replace = '{}';
      else if (a === '-n' || a === '-L') {
        const v = args[++i];
        if (v === undefined || !/^\d+$/.test(v) || v === '0') return usage(`xargs: invalid number "${v ?? ''}" for -${a[1]} option`);
        perCommand = Number(v);
      } else if (/^-[nL]\d+$/.test(a)) perCommand = Number(a.slice(2));
      else if (a === '-r' || a === '--no-run-if-empty') skipEmpty = true;
      else if (a === '-t' || a === '--verbose') trace = true;
      else if (a === '-0' || a === '--null') nul = true;
      else if (a === '-P') i++;
      else if (/^-P\d+$/.test(a)) continue;
      else if (a === '--') { i++; break; }
      else if (a.startsWith('-') && a !== '-') return usage(a.startsWith('--') ? `xargs: unrecognized option '${a}'` : `xargs: invalid option -- '${a[1]}'`);
      else break;
    }
    const command = args.slice(i);
    if (command.length === 0) command.push('echo');
    const text = stdin ?? '';
    let items: string[];
    if (replace !== undefined) items = text.split('\n').map((l) => l.replace(/^[ \t]+/, '')).filter((l, k, all) => l !== '' || k < all.length - 1).filter((l) => l !== '');
    else if (nul) items = text.split('\0').filter((x) => x !== '');
    else {
      const parsed = xargsItems(text);
      if ('error' in parsed) return result([err(`xargs: ${parsed.error}`), err('xargs: use the -0 option if you need to support quotes')], 1);
      items = parsed.items;
    }
    const runs: string[][] = [];
    if (replace !== undefined) for (const item of items) runs.push(command.map((w) => w.split(replace as string).join(item)));
    else if (items.length === 0) { if (!skipEmpty) runs.push(command); }
    else for (let k = 0; k < items.length; k += perCommand === Infinity ? items.length : perCommand) runs.push([...command, ...items.slice(k, k + (perCommand === Infinity ? items.length : perCommand))]);
    const g = new Gather();
    let code = 0;
    for (const argv of runs) {
      const [name, ...rest] = argv as [string, ...string[]];
      if (trace) g.addLines([err(argv.join(' '))]);
      if (this.host.hasProgram && !this.host.hasProgram(name)) {
        g.addLines([err(`xargs: ${name}: No such file or directory`)]);
        return g.result(127);
      }
      const r = this.#invoke(name, rest, undefined, { stdin: stdinOf(''), terminal: io.terminal, loops: 0 });
      g.add(r);
      if (r.exitCode === 255) { g.addLines([err(`xargs: ${name}: exited with status 255; aborting`)]); return g.result(124); }
      if (r.exitCode !== 0) code = 123;
    }
    return g.result(code);
  }
}

type Found = { readonly kind: 'alias'; readonly value: string } | { readonly kind: 'keyword' | 'builtin' } | { readonly kind: 'file'; readonly path: string };

/** bash's reserved words, as `type` names them. */
const KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'case', 'esac', 'for', 'select', 'while', 'until', 'do', 'done', 'in', 'function', 'time', '{', '}', '!', '[[', ']]', 'coproc']);
/** bash's builtins that the sandbox's shells have (and `complete`/`compopt`, which completion scripts test for). */
const BUILTINS = new Set(['alias', 'bg', 'break', 'cd', 'command', 'complete', 'compopt', 'continue', 'echo', 'eval', 'exit', 'export', 'false', 'fg', 'jobs', 'kill',
  'printf', 'pwd', 'read', 'source', '.', 'test', '[', 'true', 'type', 'unalias', 'unset', 'wait', ':']);

/** `type NAME`'s sentence. */
function describeCommand(name: string, f: Found): string {
  switch (f.kind) {
    case 'alias': return `${name} is aliased to \`${f.value}'`;
    case 'keyword': return `${name} is a shell keyword`;
    case 'builtin': return `${name} is a shell builtin`;
    default: return `${name} is ${f.path}`;
  }
}

/** How many lines `head` takes when it is the command (`head`, `head -3`, `head -n 3`); undefined for anything else. */
function headCount(cmd: Command): number | undefined {
  if (cmd.kind !== 'simple' || cmd.argv[0] !== 'head') return undefined;
  const args = cmd.argv.slice(1);
  if (args.length === 0) return 10;
  const m = /^-(?:n)?(\d+)$/.exec(args.join(args[0] === '-n' ? '' : ' '));
  return m && args.length <= 2 ? Number(m[1]) : undefined;
}

/** xargs's default input: items separated by blanks and newlines, with quotes and backslashes. */
function xargsItems(text: string): { items: string[] } | { error: string } {
  const items: string[] = [];
  let cur = '';
  let has = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "'" || c === '"') {
      const end = text.indexOf(c, i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (end < 0 || (nl >= 0 && nl < end)) return { error: `unmatched ${c === "'" ? 'single' : 'double'} quote; by default quotes are special to xargs unless you use the -0 option` };
      cur += text.slice(i + 1, end);
      has = true;
      i = end;
    } else if (c === '\\' && i + 1 < text.length) {
      cur += text[++i];
      has = true;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      if (has) items.push(cur);
      cur = '';
      has = false;
    } else {
      cur += c;
      has = true;
    }
  }
  if (has) items.push(cur);
  return { items };
}

/** kubetutor's answer to a function or `select`: bash would run it; the sandbox does not. */
function unsupported(word: string): string {
  const what = word === 'select' ? '`select` menus' : word === '(' ? 'Arrays (`name=(…)`)' : 'Shell functions';
  return `${what} are not simulated in kubetutor's shell: loops (\`for\`, \`while\`), \`if\`, \`case\`, pipes and aliases work.`;
}
