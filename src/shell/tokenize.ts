/**
 * Reads typed text the way bash does, for the subset the sandbox needs: quotes and escapes
 * (`'…'`, `"…"`, `$'…'`, `\`), parameter expansion (`$VAR`, `${VAR:-default}` and the other
 * `${…}` forms), command substitution (`$(…)` and backticks), process substitution (`<(…)`),
 * arithmetic (`$((…))`), `~`, pathname expansion (`*.yaml`), `#` comments, `&&` `||` `;` `|` `&`
 * `!`, leading `NAME=value` assignments, the redirections `>` `>>` `<` `2>` `2>>` `2>&1` `>&2` `&>`
 * `&>>` `<<<` and `<<EOF` (heredoc bodies are collected by the session before this runs), and
 * the compound commands `if`, `for` (both forms), `while`, `until`, `case`, `( … )`, `{ …; }`,
 * `(( … ))` and `[[ … ]]`, over several lines as typed. Functions and `select` are refused with
 * kubetutor's hint (UnsupportedSyntax).
 *
 * Expansions happen when each command runs (so `false; echo $?` sees the new status, and
 * `false && echo $(…)` runs nothing): the tokenizer leaves markers in each word, and
 * expandFields()/expandJoined() resolve them then, as bash's word expansion does — unquoted
 * results are split into fields, quoted ones are not. The shells that run what this parses are
 * in interpreter.ts.
 */

/** One output redirection, applied in the order written (so `> f 2>&1` and `2>&1 > f` differ, as in bash). */
export type Redirect =
  | { readonly kind: 'file'; readonly fd: number | 'both'; readonly path: string; readonly append: boolean }
  | { readonly kind: 'dup'; readonly fd: number; readonly to: number };

/** Where a command's stdin comes from when it says so: `< file`, `<<EOF`, `<<< word`. */
export type Input =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'heredoc'; readonly index: number; readonly quoted: boolean }
  | { readonly kind: 'string'; readonly word: string };

interface Redirections {
  /** Output redirections in order. */
  readonly redirects: readonly Redirect[];
  /** The last input redirection (bash reads from the last one written). */
  readonly input: Input | undefined;
}

export interface SimpleCommand extends Redirections {
  readonly kind: 'simple';
  readonly argv: string[];
  /** `NAME=value` words before the command name (alone they set shell variables). */
  readonly assignments: ReadonlyArray<{ readonly name: string; readonly value: string }>;
}

/** A `case` arm: its patterns, its commands, and what ends it (`;;` stops, `;&` falls through, `;;&` tests on). */
export interface CaseArm {
  readonly patterns: readonly string[];
  readonly body: CommandList;
  readonly end: ';;' | ';&' | ';;&';
}

/** `[[ … ]]`: words keep their markers (expanded when the test runs, without field splitting). */
export type Condition =
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition }
  | { readonly kind: 'unary'; readonly op: string; readonly word: string }
  | { readonly kind: 'binary'; readonly op: string; readonly left: string; readonly right: string };

export type CompoundCommand = Redirections & (
  | { readonly kind: 'group' | 'subshell'; readonly body: CommandList }
  | { readonly kind: 'if'; readonly clauses: ReadonlyArray<{ readonly test: CommandList; readonly body: CommandList }>; readonly otherwise: CommandList | undefined }
  | { readonly kind: 'for'; readonly name: string; readonly words: readonly string[] | undefined; readonly body: CommandList }
  | { readonly kind: 'arith-for'; readonly init: string; readonly test: string; readonly step: string; readonly body: CommandList }
  | { readonly kind: 'while' | 'until'; readonly test: CommandList; readonly body: CommandList }
  | { readonly kind: 'case'; readonly word: string; readonly arms: readonly CaseArm[] }
  | { readonly kind: 'arith'; readonly expression: string }
  | { readonly kind: 'cond'; readonly condition: Condition }
);

export type Command = SimpleCommand | CompoundCommand;

/** Commands joined by `|`, perhaps negated with `!`. */
export interface Pipeline {
  readonly commands: Command[];
  /** The text as typed, for `jobs` and job notices. */
  readonly text: string;
  readonly negated?: boolean;
}

export interface CommandList {
  /** `background`: the pipeline ended with `&`. */
  readonly items: Array<{ readonly op: ';' | '&&' | '||'; readonly pipeline: Pipeline; readonly background?: boolean }>;
}

/** Text bash refuses to parse: exit status 2, nothing runs. Several lines of message are joined by newlines. */
export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

/**
 * The text ends inside a command that goes on (`for x in a b; do`, `echo a |`, `{ echo`): bash
 * asks for more with its `> ` prompt; at the end of input it is `syntax error: unexpected end of file`.
 */
export class IncompleteInput extends ShellSyntaxError {
  override name = 'IncompleteInput';
  constructor() {
    super('syntax error: unexpected end of file');
  }
}

/** A construct the sandbox's shell does not run (functions, `select`): not a bash error, so the session says so in its own words. */
export class UnsupportedSyntax extends Error {
  override name = 'UnsupportedSyntax';
}

/**
 * An expansion failed while a command ran (`${x!}: bad substitution`, `1/0: division by 0`,
 * `${x:?}`): bash prints the message, sets `$?` and drops the rest of the line.
 */
export class ExpansionError extends Error {
  override name = 'ExpansionError';
  constructor(message: string, readonly status = 1) {
    super(message);
  }
}

/** What expansion needs from the shell: variables (writable, for `${x:=v}` and `$((x=1))`) and a way to run `$(…)`. */
export interface Expander {
  readonly env: Map<string, string>;
  /** Run a command substitution: its stdout, trailing newlines removed. */
  substitute(command: string): string;
  /** Values bash computes rather than stores (`$PWD`, `$$`, `$0`). */
  special?(name: string): string | undefined;
  /** `<(…)`: run the command and give the path its output can be read from (`/dev/fd/63`). */
  processSubstitute?(command: string): string;
  /** Pathname expansion: the paths a pattern (`*.yaml`, `k8s/*.y*ml`) matches, sorted; none when nothing does. */
  glob?(pattern: string): string[];
}

// Expansion markers inside words: MARK type quoting payload MARK.
// type: v parameter, c command, a arithmetic, t `~` (HOME), l quoted literal text ('' and "" included), p `<(…)`.
const MARK = '\u0000';
const MARK_RE = /\u0000([vcatlp])([qu])([^\u0000]*)\u0000/g;
type MarkType = 'v' | 'c' | 'a' | 't' | 'l' | 'p';
const marker = (type: MarkType, quoted: boolean, payload = ''): string => `${MARK}${type}${quoted ? 'q' : 'u'}${payload.replaceAll(MARK, '')}${MARK}`;
/** Quoted text: nothing in it is special (no splitting, no globbing, no keywords). */
const literal = (text: string): string => marker('l', true, text);

const NAME_RE = /^[A-Za-z_][A-Za-z0-9_]*/;
/** Characters that end a word outside quotes. */
const BREAKS = ' \t\n;&|<>()';

/**
 * Where what opened just before `i` closes: the `)` of `$(` (with `depth0` parentheses open) or the
 * `}` of `${`, past quotes, escapes and nested substitutions.
 */
function closing(text: string, i: number, closer: ')' | '}', depth0 = 1): number {
  let depth = depth0;
  for (let j = i; j < text.length; j++) {
    const c = text[j] as string;
    if (c === '\\') { j++; continue; }
    if (c === "'") {
      const end = text.indexOf("'", j + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      j = end;
    } else if (c === '"') j = closeDoubleQuote(text, j + 1);
    else if (c === '`') j = closeBacktick(text, j + 1);
    else if (c === '$' && text[j + 1] === '{') j = closing(text, j + 2, '}');
    else if (c === '$' && text[j + 1] === '(') j = closing(text, j + 2, ')');
    else if (closer === ')' && c === '(') depth++;
    else if (c === closer && (closer === '}' || --depth === 0)) return j;
  }
  throw new ShellSyntaxError(`unexpected EOF while looking for matching \`${closer}'`);
}

const closeParen = (text: string, i: number, depth0: number): number => closing(text, i, ')', depth0);
const closeBrace = (text: string, i: number): number => closing(text, i, '}');

/** Index of the `"` closing a double-quoted string that starts at `i` (just after the opening quote). */
function closeDoubleQuote(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    const c = text[j] as string;
    if (c === '\\') { j++; continue; }
    if (c === '"') return j;
    if (c === '$' && (text[j + 1] === '(' || text[j + 1] === '{')) { j = closing(text, j + 2, text[j + 1] === '(' ? ')' : '}'); continue; }
    if (c === '`') { j = closeBacktick(text, j + 1); continue; }
  }
  throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
}

function closeBacktick(text: string, i: number): number {
  for (let j = i; j < text.length; j++) {
    if (text[j] === '\\') { j++; continue; }
    if (text[j] === '`') return j;
  }
  throw new ShellSyntaxError('unexpected EOF while looking for matching ``\'');
}

/** `$'…'`: bash's ANSI-C quoting. */
function ansiC(body: string): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '?': '?' };
  return body.replace(/\\(x[0-9a-fA-F]{1,2}|[0-7]{1,3}|.)/g, (_m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]+$/.test(e)) return String.fromCharCode(parseInt(e, 8));
    return simple[e] ?? `\\${e}`;
  });
}

/**
 * The command of a `$( … )` or `<( … )` whose `(` is at `open`, and where its `)` is. bash parses
 * what it holds along with the line: a syntax error in it stops the whole line.
 */
function substitutionAt(text: string, open: number): { command: string; end: number } {
  const end = closeParen(text, open + 1, 1);
  const command = text.slice(open + 1, end);
  try {
    parseCommandLine(command);
  } catch (e) {
    if (e instanceof IncompleteInput) throw new ShellSyntaxError("syntax error near unexpected token `)'");
    if (e instanceof ShellSyntaxError) throw new ShellSyntaxError(e.message.replace("`newline'", "`)'"));
    if (!(e instanceof UnsupportedSyntax)) throw e;
  }
  return { command, end };
}

/** Read `$…` at `i`: the marker that stands for it and where it ends; undefined for a plain `$`. */
function readDollar(text: string, i: number, quoted: boolean): { value: string; end: number } | undefined {
  const next = text[i + 1];
  if (next === '(' && text[i + 2] === '(') {
    // $(( … )): arithmetic, unless the inner `)` is not followed by another (a subshell inside `$( … )`).
    const inner = closeParen(text, i + 3, 1);
    if (text[inner + 1] === ')') return { value: marker('a', quoted, text.slice(i + 3, inner)), end: inner + 2 };
  }
  if (next === '(') {
    const { command, end } = substitutionAt(text, i + 1);
    return { value: marker('c', quoted, command), end: end + 1 };
  }
  if (next === '[') {
    // $[ … ]: the old arithmetic form bash still accepts.
    const end = text.indexOf(']', i + 2);
    if (end > 0) return { value: marker('a', quoted, text.slice(i + 2, end)), end: end + 1 };
  }
  if (next === '{') {
    const end = closeBrace(text, i + 2);
    return { value: marker('v', quoted, `{${text.slice(i + 2, end)}`), end: end + 1 };
  }
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[?$#0-9!@*-])/.exec(text.slice(i + 1));
  if (m) return { value: marker('v', quoted, m[0]), end: i + 1 + m[0].length };
  return undefined;
}

/** The command inside backticks: `\$`, `` \` `` and `\\` lose their backslash. */
function backtickCommand(body: string): string {
  return body.replace(/\\([$`\\])/g, '$1');
}

/** A `$…` or backtick expansion at `i`, as its marker; undefined for a plain character. */
function expansionAt(text: string, i: number, quoted: boolean): { value: string; end: number } | undefined {
  if (text[i] === '$') return readDollar(text, i, quoted);
  if (text[i] !== '`') return undefined;
  const end = closeBacktick(text, i + 1);
  return { value: marker('c', quoted, backtickCommand(text.slice(i + 1, end))), end: end + 1 };
}

/** `~`, `~/x`, `~learner`: the tilde prefix at `i` (a word's start), if it is one bash expands. */
function readTilde(text: string, i: number, inAssignment: boolean): { value: string; end: number } | undefined {
  let j = i + 1;
  while (j < text.length && !BREAKS.includes(text[j] as string) && text[j] !== '/' && !(inAssignment && text[j] === ':')) {
    if ('\'"\\$`'.includes(text[j] as string)) return undefined;
    j++;
  }
  const user = text.slice(i + 1, j);
  if (user === '') return { value: marker('t', true), end: j };
  const homes: Record<string, string> = { learner: '/home/learner', root: '/root' };
  const home = homes[user];
  return home === undefined ? undefined : { value: home, end: j };
}

/**
 * Turn the text of a double-quoted string (or a heredoc body) into a word with markers:
 * `$…` and backticks expand, backslash escapes only `$ \` "` and newline (and, in heredocs, not `"`).
 */
function quotedText(text: string, heredoc: boolean): string {
  let out = '';
  let lit = '';
  const escapable = heredoc ? '$`\\\n' : '$`"\\\n';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length && escapable.includes(text[i + 1] as string)) {
      if (text[i + 1] !== '\n') lit += text[i + 1];
      i += 2;
      continue;
    }
    const r = expansionAt(text, i, true);
    if (r) {
      out += literal(lit) + r.value;
      lit = '';
      i = r.end;
    } else {
      lit += c;
      i++;
    }
  }
  return out + literal(lit);
}


type Op = '&&' | '||' | ';' | ';;' | ';&' | ';;&' | '|' | '&' | '(' | ')' | '\n';

type Token =
  | { kind: 'word'; value: string; assign: boolean }
  | { kind: 'op'; value: Op }
  | { kind: 'redir'; fd: number | 'both'; op: '>' | '>>' | '<' | '>&' | '<<<' }
  | { kind: 'heredoc'; delimiter: string; quoted: boolean; strip: boolean }
  /** `(( … ))`: read whole by the lexer, as bash's ARITH_CMD. */
  | { kind: 'arith'; expression: string };

type Tok = Token & { at: number; end: number };

const HEREDOC_RE = /^<<(-?)\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_.-]+))/;

/** Where the `))` closing a `((` at `i` is, or -1 when the parentheses close otherwise (then they are two subshells). */
function closeArithmetic(text: string, i: number): number {
  let depth = 0;
  for (let j = i + 2; j < text.length; j++) {
    const c = text[j] as string;
    if (c === '\\') { j++; continue; }
    if (c === "'" || c === '"') {
      const end = c === "'" ? text.indexOf("'", j + 1) : (() => { try { return closeDoubleQuote(text, j + 1); } catch { return -1; } })();
      if (end < 0) return -1;
      j = end;
    } else if (c === '$' && text[j + 1] === '(') {
      try { j = closing(text, j + 2, ')'); } catch { return -1; }
    } else if (c === '(') depth++;
    else if (c === ')') {
      if (depth === 0) return text[j + 1] === ')' ? j : -1;
      depth--;
    }
  }
  return -1;
}

/** Split text into tokens (words keep their expansion markers). */
function tokenize(line: string): Tok[] {
  const tokens: Tok[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  let start = 0;
  // The unquoted start of the word, to tell `NAME=value` (an assignment) from `"NAME=value"` (a word).
  let plain = '';
  let plainOpen = true;
  const flush = (at: number): void => {
    if (inWord) tokens.push({ kind: 'word', value: cur, assign: /^[A-Za-z_][A-Za-z0-9_]*=/.test(plain), at: start, end: at });
    cur = '';
    inWord = false;
    quoted = false;
    plain = '';
    plainOpen = true;
  };
  const add = (text: string, raw: boolean, at: number): void => {
    if (!inWord) start = at;
    cur += text;
    inWord = true;
    if (raw && plainOpen) plain += text; else plainOpen = false;
  };
  const push = (t: Token, at: number, end: number): void => { tokens.push({ ...t, at, end } as Tok); };
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      add(literal(line.slice(i + 1, end)), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      const end = closeDoubleQuote(line, i + 1);
      add(quotedText(line.slice(i + 1, end), false), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '\\' && line[i + 1] === '\n') {
      // A backslash-newline joins the lines, inside a word or between words.
      i += 2;
    } else if (c === '\\' && i + 1 < line.length) {
      add(literal(line[i + 1] as string), false, i);
      quoted = true;
      i += 2;
    } else if (c === '\n') {
      flush(i);
      push({ kind: 'op', value: '\n' }, i, i + 1);
      i++;
    } else if (c === ' ' || c === '\t') {
      flush(i);
      i++;
    } else if (c === '#' && !inWord) {
      const nl = line.indexOf('\n', i);
      i = nl < 0 ? line.length : nl;
    } else if (c === '$' && line[i + 1] === "'") {
      let end = i + 2;
      while (end < line.length && line[end] !== "'") end += line[end] === '\\' ? 2 : 1;
      if (end >= line.length) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      add(literal(ansiC(line.slice(i + 2, end))), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '$' || c === '`') {
      const r = expansionAt(line, i, false);
      if (r) { add(r.value, false, i); i = r.end; } else { add(c, true, i); i++; }
    } else if (c === '~' && (!inWord || (plainOpen && /^[A-Za-z_][A-Za-z0-9_]*=$/.test(plain) && cur === plain))) {
      const t = readTilde(line, i, inWord);
      if (t) { add(t.value, false, i); i = t.end; } else { add(c, true, i); i++; }
    } else if ((c === '<' || c === '>') && line[i + 1] === '(') {
      // <(…): process substitution, a word of its own.
      const { command, end } = substitutionAt(line, i + 1);
      add(marker('p', false, `${c}${command}`), false, i);
      i = end + 1;
    } else if (c === '<' && line.startsWith('<<<', i)) {
      flush(i);
      push({ kind: 'redir', fd: 0, op: '<<<' }, i, i + 3);
      i += 3;
    } else if (c === '<' && line[i + 1] === '<') {
      flush(i);
      const m = HEREDOC_RE.exec(line.slice(i));
      if (!m) throw new ShellSyntaxError(`syntax error near unexpected token \`${line[i + 2] === undefined ? 'newline' : nextToken(line.slice(i + 2))}'`);
      const q = m[2] !== undefined || m[3] !== undefined;
      push({ kind: 'heredoc', delimiter: (m[2] ?? m[3] ?? m[4]) as string, quoted: q, strip: m[1] === '-' }, i, i + m[0].length);
      i += m[0].length;
    } else if (c === '>' || c === '<') {
      // `2>`: a single unquoted digit right before the operator names the file descriptor.
      let fd: number | 'both' = c === '>' ? 1 : 0;
      const at = inWord && !quoted && /^\d$/.test(cur) ? start : i;
      if (inWord && !quoted && /^\d$/.test(cur)) { fd = Number(cur); cur = ''; inWord = false; plain = ''; }
      flush(i);
      if (c === '<') { push({ kind: 'redir', fd, op: '<' }, at, i + 1); i++; continue; }
      if (line[i + 1] === '>') { push({ kind: 'redir', fd, op: '>>' }, at, i + 2); i += 2; }
      else if (line[i + 1] === '&') { push({ kind: 'redir', fd, op: '>&' }, at, i + 2); i += 2; }
      else { const n = line[i + 1] === '|' ? 2 : 1; push({ kind: 'redir', fd, op: '>' }, at, i + n); i += n; }
    } else if (c === '&' && line[i + 1] === '>') {
      flush(i);
      const append = line[i + 2] === '>';
      push({ kind: 'redir', fd: 'both', op: append ? '>>' : '>' }, i, i + (append ? 3 : 2));
      i += append ? 3 : 2;
    } else if (c === '(' && line[i + 1] === '(' && !inWord && closeArithmetic(line, i) > 0) {
      const end = closeArithmetic(line, i);
      push({ kind: 'arith', expression: line.slice(i + 2, end) }, i, end + 2);
      i = end + 2;
    } else if ('&|;()'.includes(c)) {
      flush(i);
      const three = line.slice(i, i + 3);
      const two = line.slice(i, i + 2);
      const op = three === ';;&' ? three : ['&&', '||', ';;', ';&'].includes(two) ? two : c;
      push({ kind: 'op', value: op as Op }, i, i + op.length);
      i += op.length;
    } else {
      add(c, true, i);
      i++;
    }
  }
  flush(line.length);
  return tokens;
}

/** The token bash would name in "syntax error near unexpected token": the next word or operator. */
function nextToken(text: string): string {
  const t = text.trimStart();
  const op = /^(&&|\|\||;;|[;&|()<>])/.exec(t);
  if (op) return op[1] as string;
  return /^[^\s;&|()<>]+/.exec(t)?.[0] ?? 'newline';
}

/** The heredoc delimiters some text opens, in order (the session collects their bodies). */
export function heredocsIn(line: string): Array<{ delimiter: string; quoted: boolean; strip: boolean }> {
  try {
    return tokenize(line).flatMap((t) => (t.kind === 'heredoc' ? [{ delimiter: t.delimiter, quoted: t.quoted, strip: t.strip }] : []));
  } catch {
    return [];
  }
}

/**
 * Whether a typed line ends in a backslash that joins it to the next (bash drops the
 * backslash-newline). Quotes are respected; an unterminated quote is not a continuation here
 * (the sandbox reports it). A command left open (`for …`, `echo a |`) is the parser's to say.
 */
export function continuation(line: string): 'backslash' | undefined {
  let quote: string | undefined;
  let escaped = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i] as string;
    if (escaped) { escaped = false; continue; }
    if (quote === "'") { if (c === "'") quote = undefined; continue; }
    if (c === '\\') { escaped = true; continue; }
    if (quote === '"') { if (c === '"') quote = undefined; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) return undefined;
  }
  return escaped && quote !== "'" ? 'backslash' : undefined;
}

/** Words that open a compound command in command position. */
const OPENERS = new Set(['if', 'for', 'while', 'until', 'case', 'select', 'function', '{', '[[', '!']);
/** Words that close or continue one: a list stops before them; first on a line they are bash's syntax error. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}']);
/** `[[ … ]]` operators that take one word, and those between two. */
const COND_UNARY = new Set(['-a', '-b', '-c', '-d', '-e', '-f', '-g', '-h', '-k', '-p', '-r', '-s', '-t', '-u', '-w', '-x', '-G', '-L', '-N', '-O', '-S', '-z', '-n', '-o', '-v', '-R']);
const COND_BINARY = new Set(['==', '=', '!=', '=~', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

export interface ParseOptions {
  /** `alias NAME=VALUE`s: a command word that is an alias is replaced by its value before parsing goes on. */
  readonly aliases?: ReadonlyMap<string, string>;
}

/**
 * Parse typed text (one line, or several for a compound command) into command lists.
 * Throws ShellSyntaxError with bash's message, IncompleteInput when the text stops inside a
 * command, UnsupportedSyntax for what kubetutor does not run.
 */
export function parseCommandLine(line: string, options: ParseOptions = {}): CommandList {
  return new Parser(line, tokenize(line), options.aliases).program();
}

class Parser {
  #i = 0;
  #heredocs = 0;

  constructor(private readonly line: string, private readonly tokens: Tok[], private readonly aliases: ReadonlyMap<string, string> | undefined) {}

  program(): CommandList {
    const list = this.#list();
    const t = this.#peek();
    if (t) this.#unexpected(t);
    return list;
  }

  #peek(offset = 0): Tok | undefined {
    return this.tokens[this.#i + offset];
  }

  #next(): Tok | undefined {
    return this.tokens[this.#i++];
  }

  /** An unquoted word, as typed (a reserved word is never quoted nor expanded). */
  #isWord(t: Tok | undefined, ...words: string[]): boolean {
    return t?.kind === 'word' && words.includes(t.value);
  }

  #isOp(t: Tok | undefined, ...ops: Op[]): boolean {
    return t?.kind === 'op' && ops.includes(t.value);
  }

  #skipNewlines(): void {
    while (this.#isOp(this.#peek(), '\n')) this.#i++;
  }

  #unexpected(t: Tok | undefined): never {
    if (!t) throw new IncompleteInput();
    throw new ShellSyntaxError(`syntax error near unexpected token \`${this.#shown(t)}'`);
  }

  #shown(t: Tok): string {
    switch (t.kind) {
      case 'word': return plainWord(t.value);
      case 'op': return t.value === '\n' ? 'newline' : t.value;
      case 'redir': return t.fd === 'both' ? (t.op === '>>' ? '&>>' : '&>') : t.op;
      case 'heredoc': return '<<';
      default: return '(';
    }
  }

  #expect(word: string): void {
    const t = this.#peek();
    if (this.#isWord(t, word)) { this.#i++; return; }
    this.#unexpected(t);
  }

  /** Where a list stops: the end, a closing word in command position, `)`, or a `case` arm's end. */
  #atListEnd(): boolean {
    const t = this.#peek();
    return !t || this.#isWord(t, ...CLOSERS) || this.#isOp(t, ')', ';;', ';&', ';;&');
  }

  /** and-or lists separated by `;`, `&` or newlines. */
  #list(): CommandList {
    const items: Array<CommandList['items'][number]> = [];
    this.#skipNewlines();
    while (!this.#atListEnd()) {
      this.#andOr(items);
      const sep = this.#peek();
      if (!this.#isOp(sep, ';', '&', '\n')) break;
      this.#i++;
      if (sep?.kind === 'op' && sep.value === '&') {
        const last = items[items.length - 1] as CommandList['items'][number];
        items[items.length - 1] = { ...last, background: true };
      }
      this.#skipNewlines();
    }
    return { items };
  }

  /** A list that must hold a command: `if then`, `do done`, `( )` are bash's syntax errors. */
  #compoundList(): CommandList {
    const list = this.#list();
    if (list.items.length === 0) this.#unexpected(this.#peek());
    return list;
  }

  #andOr(items: Array<CommandList['items'][number]>): void {
    let op: ';' | '&&' | '||' = ';';
    for (;;) {
      items.push({ op, pipeline: this.#pipeline() });
      const t = this.#peek();
      if (!this.#isOp(t, '&&', '||')) return;
      this.#i++;
      op = (t as { value: '&&' | '||' }).value;
      this.#skipNewlines();
    }
  }

  #pipeline(): Pipeline {
    const first = this.#peek() as Tok;
    let negated = false;
    while (this.#isWord(this.#peek(), '!')) { this.#i++; negated = !negated; }
    const commands: Command[] = [];
    // `!` alone is a negated empty command (status 1).
    if (!(negated && (this.#peek() === undefined || this.#isOp(this.#peek(), ';', '\n', '&')))) {
      commands.push(this.#command());
      while (this.#isOp(this.#peek(), '|')) {
        this.#i++;
        this.#skipNewlines();
        commands.push(this.#command());
      }
    }
    const last = this.tokens[this.#i - 1] as Tok;
    return { commands, text: this.line.slice(first.at, last.end).replace(/\s*\n\s*/g, ' ').trim(), ...(negated ? { negated } : {}) };
  }

  #command(): Command {
    this.#expandAlias();
    const t = this.#peek();
    if (!t) this.#unexpected(t);
    if (t.kind === 'arith') {
      this.#i++;
      return { kind: 'arith', expression: t.expression, ...this.#redirections() };
    }
    if (t.kind === 'op') {
      if (t.value !== '(') this.#unexpected(t);
      this.#i++;
      const body = this.#compoundList();
      if (!this.#isOp(this.#peek(), ')')) this.#unexpected(this.#peek());
      this.#i++;
      return { kind: 'subshell', body, ...this.#redirections() };
    }
    if (t.kind === 'word' && CLOSERS.has(t.value)) this.#unexpected(t);
    if (t.kind === 'word' && OPENERS.has(t.value)) {
      switch (t.value) {
        case 'if': return this.#if();
        case 'for': return this.#for();
        case 'while': case 'until': return this.#while(t.value);
        case 'case': return this.#case();
        case '{': {
          this.#i++;
          const body = this.#compoundList();
          this.#expect('}');
          return { kind: 'group', body, ...this.#redirections() };
        }
        case '[[': return this.#cond();
        case '!': this.#unexpected(t); break;
        default: throw new UnsupportedSyntax(t.value);
      }
    }
    return this.#simple();
  }

  /** An alias in command position is replaced by its value's tokens (a value ending in a blank makes the next word a command word too). */
  #expandAlias(): void {
    const seen = new Set<string>();
    for (;;) {
      const t = this.#peek();
      if (!this.aliases || t?.kind !== 'word' || seen.has(t.value)) return;
      const value = this.aliases.get(t.value);
      if (value === undefined) return;
      seen.add(t.value);
      let replacement: Tok[];
      try {
        replacement = tokenize(value).map((r) => ({ ...r, at: t.at, end: t.end }));
      } catch {
        return;
      }
      this.tokens.splice(this.#i, 1, ...replacement);
      if (replacement.length === 0) return;
    }
  }

  #redirections(): Redirections {
    const acc: { redirects: Redirect[]; input: Input | undefined } = { redirects: [], input: undefined };
    while (this.#redirection(acc));
    return acc;
  }

  /** Read one redirection at the cursor into `acc`; false when there is none. */
  #redirection(acc: { redirects: Redirect[]; input: Input | undefined }): boolean {
    const t = this.#peek();
    if (t?.kind === 'heredoc') {
      this.#i++;
      acc.input = { kind: 'heredoc', index: this.#heredocs++, quoted: t.quoted };
      return true;
    }
    if (t?.kind !== 'redir') return false;
    this.#i++;
    const target = this.#peek();
    if (target?.kind !== 'word') {
      if (!target) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      this.#unexpected(target);
    }
    this.#i++;
    if (t.op === '<') acc.input = { kind: 'file', path: target.value };
    else if (t.op === '<<<') acc.input = { kind: 'string', word: target.value };
    else if (t.op === '>&') {
      if (/^\d$/.test(target.value) && t.fd !== 'both') acc.redirects.push({ kind: 'dup', fd: t.fd, to: Number(target.value) });
      else acc.redirects.push({ kind: 'file', fd: 'both', path: target.value, append: false });
    } else acc.redirects.push({ kind: 'file', fd: t.fd, path: target.value, append: t.op === '>>' });
    return true;
  }

  #simple(): SimpleCommand {
    const argv: string[] = [];
    const assignments: Array<{ name: string; value: string }> = [];
    const acc: { redirects: Redirect[]; input: Input | undefined } = { redirects: [], input: undefined };
    for (;;) {
      if (this.#redirection(acc)) continue;
      const t = this.#peek();
      if (t?.kind === 'word') {
        this.#i++;
        if (t.assign && argv.length === 0) {
          const eq = t.value.indexOf('=');
          assignments.push({ name: t.value.slice(0, eq), value: t.value.slice(eq + 1) });
        } else argv.push(t.value);
        continue;
      }
      if (t?.kind === 'op' && t.value === '(') {
        // `name ( )` defines a function; `echo (x)` is a word where bash wanted an operator.
        const after = this.#peek(1);
        if (argv.length === 1 && assignments.length === 0 && this.#isOp(after, ')')) throw new UnsupportedSyntax('function');
        if (argv.length === 0 && assignments.length > 0) throw new UnsupportedSyntax('(');
        this.#unexpected(argv.length === 1 && after ? after : t);
      }
      if (t?.kind === 'arith') this.#unexpected(t);
      break;
    }
    if (argv.length === 0 && assignments.length === 0 && acc.redirects.length === 0 && acc.input === undefined) this.#unexpected(this.#peek());
    return { kind: 'simple', argv, assignments, ...acc };
  }

  #if(): CompoundCommand {
    this.#i++;
    const clauses: Array<{ test: CommandList; body: CommandList }> = [];
    let otherwise: CommandList | undefined;
    for (;;) {
      const test = this.#compoundList();
      this.#expect('then');
      clauses.push({ test, body: this.#compoundList() });
      const t = this.#peek();
      if (this.#isWord(t, 'elif')) { this.#i++; continue; }
      if (this.#isWord(t, 'else')) { this.#i++; otherwise = this.#compoundList(); }
      this.#expect('fi');
      return { kind: 'if', clauses, otherwise, ...this.#redirections() };
    }
  }

  #for(): CompoundCommand {
    this.#i++;
    const t = this.#peek();
    if (t?.kind === 'arith') {
      this.#i++;
      const parts = t.expression.split(';');
      if (parts.length !== 3) throw new ShellSyntaxError(`syntax error: arithmetic expression required`);
      const [init, test, step] = parts as [string, string, string];
      if (this.#isOp(this.#peek(), ';')) this.#i++;
      this.#skipNewlines();
      const body = this.#doGroup();
      return { kind: 'arith-for', init, test, step, body, ...this.#redirections() };
    }
    if (t?.kind !== 'word') this.#unexpected(t);
    this.#i++;
    const name = t.value;
    this.#skipNewlines();
    let words: string[] | undefined;
    if (this.#isWord(this.#peek(), 'in')) {
      this.#i++;
      words = [];
      for (let w = this.#peek(); w?.kind === 'word'; w = this.#peek()) { words.push(w.value); this.#i++; }
      const sep = this.#peek();
      if (!this.#isOp(sep, ';', '\n')) this.#unexpected(sep);
      this.#i++;
    } else if (this.#isOp(this.#peek(), ';')) this.#i++;
    this.#skipNewlines();
    return { kind: 'for', name, words, body: this.#doGroup(), ...this.#redirections() };
  }

  #doGroup(): CommandList {
    this.#expect('do');
    const body = this.#compoundList();
    this.#expect('done');
    return body;
  }

  #while(kind: 'while' | 'until'): CompoundCommand {
    this.#i++;
    const test = this.#compoundList();
    return { kind, test, body: this.#doGroup(), ...this.#redirections() };
  }

  #case(): CompoundCommand {
    this.#i++;
    const w = this.#peek();
    if (w?.kind !== 'word') this.#unexpected(w);
    this.#i++;
    this.#skipNewlines();
    this.#expect('in');
    const arms: CaseArm[] = [];
    for (;;) {
      this.#skipNewlines();
      const t = this.#peek();
      if (this.#isWord(t, 'esac')) { this.#i++; break; }
      if (this.#isOp(t, '(')) this.#i++;
      const patterns: string[] = [];
      for (;;) {
        const p = this.#peek();
        if (p?.kind !== 'word') this.#unexpected(p);
        patterns.push(p.value);
        this.#i++;
        if (!this.#isOp(this.#peek(), '|')) break;
        this.#i++;
      }
      if (!this.#isOp(this.#peek(), ')')) this.#unexpected(this.#peek());
      this.#i++;
      const body = this.#list();
      const end = this.#peek();
      if (end?.kind === 'op' && (end.value === ';;' || end.value === ';&' || end.value === ';;&')) {
        this.#i++;
        arms.push({ patterns, body, end: end.value });
      } else if (this.#isWord(end, 'esac')) arms.push({ patterns, body, end: ';;' });
      else this.#unexpected(end);
    }
    return { kind: 'case', word: w.value, arms, ...this.#redirections() };
  }

  /** `[[ … ]]`, with bash's own messages for a malformed test (then `syntax error near …`). */
  #cond(): CompoundCommand {
    this.#i++;
    const fail = (message: string | undefined, near: string): ShellSyntaxError => new ShellSyntaxError([...(message ? [message] : []), `syntax error near \`${near}'`].join('\n'));
    const next = (): Tok => {
      this.#skipNewlines();
      const t = this.#next();
      if (!t) throw new IncompleteInput();
      return t;
    };
    const shown = (t: Tok): string => this.#shown(t);
    // `<` and `>` inside [[ ]] compare strings; the lexer read them as redirections.
    const opWord = (t: Tok): string | undefined => (t.kind === 'word' ? plainWord(t.value) : t.kind === 'redir' && (t.op === '<' || t.op === '>') && typeof t.fd === 'number' ? t.op : undefined);
    const or = (): Condition => {
      let left = and();
      while (this.#isOp(this.#peek(), '||')) { this.#i++; left = { kind: 'or', left, right: and() }; }
      return left;
    };
    const and = (): Condition => {
      let left = term();
      while (this.#isOp(this.#peek(), '&&')) { this.#i++; left = { kind: 'and', left, right: term() }; }
      return left;
    };
    const term = (): Condition => {
      const t = next();
      if (this.#isWord(t, ']]')) throw fail(undefined, ']]');
      if (this.#isOp(t, '(')) {
        const inner = or();
        const close = this.#peek();
        if (!this.#isOp(close, ')')) {
          if (!close) throw new IncompleteInput();
          throw fail(`unexpected token \`${shown(close)}', expected \`)'`, shown(close));
        }
        this.#i++;
        return inner;
      }
      if (this.#isWord(t, '!')) return { kind: 'not', operand: term() };
      if (t.kind === 'word' && COND_UNARY.has(t.value)) {
        const arg = this.#next();
        if (!arg) throw new IncompleteInput();
        if (arg.kind !== 'word' || arg.value === ']]') throw fail(`unexpected argument \`${shown(arg)}' to conditional unary operator`, shown(arg));
        return { kind: 'unary', op: t.value, word: arg.value };
      }
      if (t.kind !== 'word') throw fail(`unexpected token \`${shown(t)}' in conditional command`, shown(t));
      const op = this.#peek();
      if (!op) throw new IncompleteInput();
      if (this.#isWord(op, ']]') || this.#isOp(op, '&&', '||', ')')) return { kind: 'unary', op: '-n', word: t.value };
      const name = opWord(op);
      if (name === undefined || !COND_BINARY.has(name)) throw fail(name === undefined ? `unexpected token \`${shown(op)}', conditional binary operator expected` : 'conditional binary operator expected', shown(op));
      this.#i++;
      if (name === '=~') return { kind: 'binary', op: name, left: t.value, right: this.#regexWord() };
      const right = this.#next();
      if (!right) throw new IncompleteInput();
      if (right.kind !== 'word' || right.value === ']]') throw fail(`unexpected argument \`${shown(right)}' to conditional binary operator`, shown(right));
      return { kind: 'binary', op: name, left: t.value, right: right.value };
    };
    const condition = or();
    const end = this.#peek();
    if (!end) throw new IncompleteInput();
    if (!this.#isWord(end, ']]')) throw fail(`syntax error in conditional expression: unexpected token \`${shown(end)}'`, shown(end));
    this.#i++;
    return { kind: 'cond', condition, ...this.#redirections() };
  }

  /** The right of `=~`: everything up to `]]` as one word, parentheses and `|` included (bash reads it so). */
  #regexWord(): string {
    const start = this.#peek();
    if (!start) throw new IncompleteInput();
    let j = this.#i;
    let depth = 0;
    for (; j < this.tokens.length; j++) {
      const t = this.tokens[j] as Tok;
      if (depth === 0 && (this.#isWord(t, ']]') || this.#isOp(t, '&&', '||', '\n'))) break;
      if (this.#isOp(t, '(')) depth++;
      else if (this.#isOp(t, ')')) depth--;
    }
    if (j === this.#i) throw new ShellSyntaxError(`unexpected argument \`${this.#shown(start)}' to conditional binary operator\nsyntax error near \`${this.#shown(start)}'`);
    const last = this.tokens[j - 1] as Tok;
    const raw = this.line.slice(start.at, last.end);
    this.#i = j;
    return wordMarkers(raw);
  }
}

/** A word's text with its markers removed (for showing it, or telling a keyword from `"if"`). */
function plainWord(word: string): string {
  return word.replace(MARK_RE, (_m, type: string, _q: string, payload: string) => {
    switch (type) {
      case 'l': return payload;
      case 't': return '~';
      case 'v': return payload.startsWith('{') ? `$${payload}}` : `$${payload}`;
      case 'a': return `$((${payload}))`;
      case 'p': return `${payload[0]}(${payload.slice(1)})`;
      default: return `$(${payload})`;
    }
  });
}

// ── expansion ────────────────────────────────────────────────────────────────────────────────

/** Glob characters that match when unquoted. */
const GLOB_CHARS = /[*?[]/;
/** A quoted piece inside a glob pattern: its special characters escaped (patternSource honours `\`). */
const escapeGlob = (text: string): string => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Expand a word into fields, as bash does for a command's arguments: unquoted results are split
 * on blanks, and a field with an unquoted `*`, `?` or `[` becomes the paths it matches (itself
 * when none does, as bash without nullglob).
 */
export function expandFields(word: string, ex: Expander): string[] {
  const fields: string[] = [];
  let cur = '';
  // The same text as a glob pattern: quoted characters escaped.
  let pat = '';
  let globby = false;
  // A field exists once any literal text or any quoted part has been seen ("" is an empty argument; $EMPTY is none).
  let has = false;
  const end = (): void => {
    if (has || cur !== '') {
      const matches = globby && ex.glob ? ex.glob(pat) : [];
      fields.push(...(matches.length > 0 ? matches : [cur]));
    }
    cur = '';
    pat = '';
    globby = false;
    has = false;
  };
  const raw = (text: string): void => { cur += text; pat += text; globby ||= GLOB_CHARS.test(text); has = true; };
  const quoted = (text: string): void => { cur += text; pat += escapeGlob(text); has = true; };
  let last = 0;
  // Its own regex: expanding a marker may expand words recursively.
  const marks = new RegExp(MARK_RE.source, 'g');
  for (let m = marks.exec(word); m; m = marks.exec(word)) {
    if (m.index > last) raw(word.slice(last, m.index));
    last = m.index + m[0].length;
    const [, type, q, payload] = m as unknown as [string, string, string, string];
    if (type === 'l') { quoted(payload); continue; }
    const value = expandOne(type, payload, ex);
    if (q === 'q') { quoted(value); continue; }
    if (value === '') continue;
    // Leading blanks end the field before; trailing blanks start a new one.
    value.split(/[ \t\n]+/).forEach((p, i) => {
      if (i > 0) end();
      if (p !== '') raw(p);
    });
  }
  if (last < word.length) raw(word.slice(last));
  end();
  return fields;
}

/** Expand a word without field splitting or globbing (assignments, redirection targets, heredoc bodies, `case` words). */
export function expandJoined(word: string, ex: Expander): string {
  return word.replace(MARK_RE, (_m, type: string, _q: string, payload: string) => (type === 'l' ? payload : expandOne(type, payload, ex)));
}

/** A word as a shell pattern (`case` arms, `[[ x == y ]]`): quoted parts match themselves; the rest globs. */
function patternOf(word: string, ex: Expander): string {
  return word.replace(MARK_RE, (_m, type: string, q: string, payload: string) => {
    if (type === 'l') return escapeGlob(payload);
    const value = expandOne(type, payload, ex);
    return q === 'q' ? escapeGlob(value) : value;
  });
}

/** Does `text` match the pattern a word stands for (`case`, `[[ == ]]`)? */
export function matchesPattern(text: string, word: string, ex: Expander): boolean {
  return new RegExp(`^${patternSource(patternOf(word, ex))}$`).test(text);
}

/** `[[ x =~ re ]]`: the word as an extended regular expression, its quoted parts matching themselves. */
export function regexOf(word: string, ex: Expander): RegExp | undefined {
  const source = word.replace(MARK_RE, (_m, type: string, q: string, payload: string) => {
    if (type === 'l') return payload.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const value = expandOne(type, payload, ex);
    return q === 'q' ? value.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&') : value;
  });
  try {
    return new RegExp(source);
  } catch {
    return undefined;
  }
}

/**
 * The paths a glob pattern matches, as bash lists them (sorted; `*` does not match a leading `.`),
 * given a way to list a folder's entries (undefined when it is not a folder).
 */
export function globPaths(pattern: string, cwd: string, list: (dir: string) => readonly string[] | undefined): string[] {
  const absolute = pattern.startsWith('/');
  const segments = pattern.split('/').filter((s, i) => s !== '' || i === 0);
  if (absolute) segments.shift();
  let paths: string[] = [absolute ? '/' : ''];
  const join = (base: string, name: string): string => (base === '' ? name : base.endsWith('/') ? `${base}${name}` : `${base}/${name}`);
  const full = (p: string): string => (p.startsWith('/') ? p : p === '' ? cwd : `${cwd.replace(/\/$/, '')}/${p}`);
  for (const [i, seg] of segments.entries()) {
    const lastSeg = i === segments.length - 1;
    const unescaped = seg.replace(/\\(.)/g, '$1');
    if (!GLOB_CHARS.test(seg.replace(/\\./g, ''))) {
      paths = paths.map((p) => join(p, unescaped)).filter((p) => lastSeg || list(full(p)) !== undefined);
      continue;
    }
    const re = new RegExp(`^${patternSource(seg)}$`);
    const next: string[] = [];
    for (const p of paths) {
      const names = list(full(p)) ?? [];
      for (const n of names) {
        if (n.startsWith('.') && !seg.startsWith('.') && !seg.startsWith('\\.')) continue;
        if (re.test(n) && (lastSeg || list(full(join(p, n))) !== undefined)) next.push(join(p, n));
      }
    }
    paths = next;
    if (paths.length === 0) return [];
  }
  // A pattern without glob characters in its last part still names a path that must exist.
  const parentHas = (p: string): boolean => {
    const slash = p.lastIndexOf('/');
    const parent = slash < 0 ? '' : p.slice(0, slash) || '/';
    return (list(full(parent)) ?? []).includes(p.slice(slash + 1));
  };
  return paths.filter(parentHas).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** A heredoc body, expanded as bash does for an unquoted delimiter (`$VAR`, `$(…)`, `$((…))`, `\$`). */
export function expandHeredoc(body: string, ex: Expander): string {
  return expandJoined(quotedText(body, true), ex);
}

/**
 * The markers a piece of text stands for when it is read as one word: quotes, escapes and
 * expansions work as on a command line, but blanks and operators are just characters (the word of
 * `${x:-word}`, the right of `=~`).
 */
function wordMarkers(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) { out += text.slice(i); break; }
      out += literal(text.slice(i + 1, end));
      i = end + 1;
    } else if (c === '"') {
      const end = closeDoubleQuote(text, i + 1);
      out += quotedText(text.slice(i + 1, end), false);
      i = end + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      out += literal(text[i + 1] as string);
      i += 2;
    } else {
      const r = expansionAt(text, i, false) ?? (c === '~' && i === 0 ? readTilde(text, i, false) : undefined);
      out += r ? r.value : c;
      i = r ? r.end : i + 1;
    }
  }
  return out;
}

function expandOne(type: string, payload: string, ex: Expander): string {
  try {
    return expandMarker(type, payload, ex);
  } catch (e) {
    // A quote or substitution left open inside an expansion only shows when it is expanded.
    if (e instanceof ShellSyntaxError) throw new ExpansionError(e.message);
    throw e;
  }
}

function expandMarker(type: string, payload: string, ex: Expander): string {
  switch (type) {
    case 't': return lookup('HOME', ex) ?? '/home/learner';
    case 'c': return ex.substitute(payload);
    case 'a': return String(arithmetic(expandJoined(quotedText(payload, true), ex), ex));
    case 'p': return ex.processSubstitute?.(payload.slice(1)) ?? '/dev/fd/63';
    default: return payload.startsWith('{') ? braceParameter(payload.slice(1), ex) : lookup(payload, ex) ?? '';
  }
}

function lookup(name: string, ex: Expander): string | undefined {
  return ex.special?.(name) ?? ex.env.get(name);
}

/** A shell pattern (`*.tar`, `v?`, `[ab]*`) as a regular expression body. */
function patternSource(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) { out += (pattern[++i] as string).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'); continue; }
    if (c === '*') out += '[\\s\\S]*';
    else if (c === '?') out += '[\\s\\S]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 2);
      if (end < 0) { out += '\\['; continue; }
      out += `[${pattern.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      i = end;
    } else out += c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return out;
}

/** `${…}`: the forms bash knows; anything else is `bad substitution`. */
function braceParameter(inner: string, ex: Expander): string {
  const bad = (): never => { throw new ExpansionError(`\${${inner}}: bad substitution`); };
  if (inner === '#') return '0';
  if (inner.startsWith('#')) {
    const name = inner.slice(1);
    if (!/^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$!@*#-])$/.test(name)) bad();
    return String([...(lookup(name, ex) ?? '')].length);
  }
  let indirect = false;
  let rest = inner;
  if (rest.startsWith('!') && rest.length > 1) { indirect = true; rest = rest.slice(1); }
  const m = /^(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+|[?$!@*#-])/.exec(rest);
  if (!m) return bad();
  let name = m[0];
  const op = rest.slice(name.length);
  if (indirect) name = lookup(name, ex) ?? '';
  const value = lookup(name, ex);
  const word = (w: string): string => expandJoined(wordMarkers(w), ex);
  if (op === '') return value ?? '';
  const test = /^(:?)([-=+?])([\s\S]*)$/.exec(op);
  if (test) {
    const [, colon, kind, w] = test as unknown as [string, string, string, string];
    const unset = value === undefined || (colon === ':' && value === '');
    switch (kind) {
      case '-': return unset ? word(w) : value as string;
      case '+': return unset ? '' : word(w);
      case '=': {
        if (!unset) return value as string;
        if (!/^[A-Za-z_]/.test(name)) throw new ExpansionError(`$${name}: cannot assign in this way`);
        const v = word(w);
        ex.env.set(name, v);
        return v;
      }
      default: {
        if (!unset) return value as string;
        const message = w === '' ? (colon ? 'parameter null or not set' : 'parameter not set') : word(w);
        throw new ExpansionError(`${name}: ${message}`);
      }
    }
  }
  const v = value ?? '';
  const affix = /^(#{1,2}|%{1,2})([\s\S]*)$/.exec(op);
  if (affix) {
    const [, kind, pat] = affix as unknown as [string, string, string];
    const re = new RegExp(`^${patternSource(patternOf(wordMarkers(pat), ex))}$`);
    const chars = [...v];
    const lengths = [...Array(chars.length + 1).keys()];
    const order = kind.length === 2 ? lengths.reverse() : lengths;
    for (const n of order) {
      if (kind[0] === '#' && re.test(chars.slice(0, n).join(''))) return chars.slice(n).join('');
      if (kind[0] === '%' && re.test(chars.slice(chars.length - n).join(''))) return chars.slice(0, chars.length - n).join('');
    }
    return v;
  }
  const replace = /^\/([/#%]?)((?:\\.|[^/])*)(?:\/([\s\S]*))?$/.exec(op);
  if (replace) {
    const [, mode, pat, rep = ''] = replace as unknown as [string, string, string, string | undefined];
    if (pat === '') return v;
    const src = patternSource(patternOf(wordMarkers(pat), ex));
    const re = new RegExp(mode === '#' ? `^${src}` : mode === '%' ? `${src}$` : src, mode === '/' ? 'g' : '');
    const by = word(rep ?? '');
    return v.replace(re, () => by);
  }
  const slice = /^:(\s*-?\s*\d+|\s*\([^)]*\)|[A-Za-z_]\w*)?(?::(\s*-?\s*\d+|[A-Za-z_]\w*))?$/.exec(op);
  if (slice && op !== ':') {
    const chars = [...v];
    const num = (s: string | undefined): number => Number(arithmetic(s ?? '0', ex));
    let offset = num(slice[1]);
    if (offset < 0) offset = Math.max(0, chars.length + offset);
    if (slice[2] === undefined) return chars.slice(offset).join('');
    const length = num(slice[2]);
    if (length < 0) {
      const end = chars.length + length;
      if (end < offset) throw new ExpansionError(`${slice[2].trim()}: substring expression < 0`);
      return chars.slice(offset, end).join('');
    }
    return chars.slice(offset, offset + length).join('');
  }
  const kase = /^([\^,])(\1?)([\s\S]*)$/.exec(op);
  if (kase) {
    const [, dir, all] = kase as unknown as [string, string, string];
    const conv = (s: string): string => (dir === '^' ? s.toUpperCase() : s.toLowerCase());
    return all ? conv(v) : v === '' ? '' : conv(v[0] as string) + v.slice(1);
  }
  const at = /^@([QEPAaUuLK])$/.exec(op);
  if (at) {
    if (at[1] === 'Q') return value === undefined ? '' : `'${v.replace(/'/g, `'\\''`)}'`;
    if (at[1] === 'U') return v.toUpperCase();
    if (at[1] === 'L') return v.toLowerCase();
    if (at[1] === 'u') return v === '' ? '' : (v[0] as string).toUpperCase() + v.slice(1);
    return v;
  }
  return bad();
}

// ── arithmetic ───────────────────────────────────────────────────────────────────────────────

const INT64 = (n: bigint): bigint => BigInt.asIntN(64, n);

/** Every arithmetic operator, longest first, so `**` is never read as `*`. */
const ARITH_OPS = ['<<=', '>>=', '**', '<=', '>=', '==', '!=', '&&', '||', '<<', '>>', '*=', '/=', '%=', '+=', '-=', '&=', '^=', '|=', '++', '--',
  '*', '/', '%', '+', '-', '<', '>', '&', '^', '|', '=', '?', ':', ',', '(', ')', '!', '~'];
/** Binary operators by precedence, tightest first (below `**` and the unary ones). */
const ARITH_LEVELS: ReadonlyArray<readonly string[]> = [['*', '/', '%'], ['+', '-'], ['<<', '>>'], ['<=', '>=', '<', '>'], ['==', '!='], ['&'], ['^'], ['|'], ['&&'], ['||']];

/**
 * `$(( … ))`: 64-bit integers, bash's operators and precedence, variables (by name or `$name`),
 * assignments and `++`/`--`. Errors carry bash's words and its "error token".
 */
export function arithmetic(expression: string, ex: Expander): bigint {
  const text = expression.trimStart();
  let i = 0;
  let lastOp = 0;
  const fail = (what: string, at = i): never => { throw new ExpansionError(`${text}: ${what} (error token is "${text.slice(at)}")`); };
  const skip = (): void => { while (i < text.length && /\s/.test(text[i] as string)) i++; };
  const op = (): string | undefined => { skip(); return ARITH_OPS.find((o) => text.startsWith(o, i)); };
  const variable = (name: string): bigint => {
    const raw = (lookup(name, ex) ?? '').trim();
    if (raw === '') return 0n;
    if (/^-?\d+$/.test(raw)) return INT64(BigInt(raw));
    return arithmetic(raw, ex);
  };
  const assign = (name: string, v: bigint): bigint => { ex.env.set(name, String(v)); return v; };
  const binary = (o: string, a: bigint, b: bigint, at: number): bigint => {
    switch (o) {
      case '*': return INT64(a * b);
      case '/': case '%':
        if (b === 0n) fail('division by 0', at);
        return INT64(o === '/' ? a / b : a % b);
      case '+': return INT64(a + b);
      case '-': return INT64(a - b);
      case '<<': return INT64(a << b);
      case '>>': return INT64(a >> b);
      case '<': return a < b ? 1n : 0n;
      case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n;
      case '>=': return a >= b ? 1n : 0n;
      case '==': return a === b ? 1n : 0n;
      case '!=': return a !== b ? 1n : 0n;
      case '&': return INT64(a & b);
      case '^': return INT64(a ^ b);
      case '|': return INT64(a | b);
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
      default: return a !== 0n || b !== 0n ? 1n : 0n;
    }
  };
  const number = (s: string, at: number): bigint => {
    if (/^0[xX]/.test(s)) return INT64(BigInt(s));
    if (s.includes('#')) {
      const [base, digits] = s.split('#') as [string, string];
      let v = 0n;
      for (const d of digits) {
        const n = parseInt(d, 36);
        if (Number.isNaN(n) || n >= Number(base)) fail('value too great for base', at);
        v = v * BigInt(base) + BigInt(n);
      }
      return INT64(v);
    }
    if (s.length > 1 && s.startsWith('0')) {
      if (/[89]/.test(s)) fail('value too great for base', at);
      return INT64(BigInt(`0o${s.slice(1)}`));
    }
    return INT64(BigInt(s));
  };
  const operand = (): bigint => {
    skip();
    if (i >= text.length) return fail('syntax error: operand expected', lastOp);
    const o = op();
    if (o === '(') {
      i++;
      const v = comma();
      if (op() !== ')') fail("missing `)'");
      i++;
      return v;
    }
    if (o === '++' || o === '--') {
      i += 2;
      skip();
      const m = NAME_RE.exec(text.slice(i));
      if (!m) return fail('syntax error: operand expected');
      i += m[0].length;
      return assign(m[0], INT64(variable(m[0]) + (o === '++' ? 1n : -1n)));
    }
    if (o === '+' || o === '-' || o === '!' || o === '~') {
      lastOp = i;
      i++;
      const v = operand();
      return o === '+' ? v : o === '-' ? INT64(-v) : o === '!' ? (v === 0n ? 1n : 0n) : INT64(~v);
    }
    const num = /^(0[xX][0-9a-fA-F]+|\d+#[0-9A-Za-z@_]+|\d+)/.exec(text.slice(i));
    if (num) {
      const at = i;
      i += num[0].length;
      return number(num[0], at);
    }
    const dollar = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/.exec(text.slice(i));
    if (dollar) { i += dollar[0].length; return variable(dollar[1] as string); }
    const m = NAME_RE.exec(text.slice(i));
    if (!m) return fail(o !== undefined ? 'syntax error: operand expected' : 'syntax error: invalid arithmetic operator');
    const name = m[0];
    i += name.length;
    const after = op();
    if (after === '++' || after === '--') {
      i += 2;
      const v = variable(name);
      assign(name, INT64(v + (after === '++' ? 1n : -1n)));
      return v;
    }
    if (after !== undefined && (after === '=' || (after.endsWith('=') && !['<=', '>=', '==', '!='].includes(after)))) {
      lastOp = i;
      i += after.length;
      const at = i;
      const rhs = conditional();
      return assign(name, after === '=' ? rhs : binary(after.slice(0, -1), variable(name), rhs, at));
    }
    return variable(name);
  };
  const power = (): bigint => {
    const base = operand();
    if (op() === '**') {
      lastOp = i;
      i += 2;
      skip();
      const at = i;
      const e = power();
      if (e < 0n) fail('exponent less than 0', at);
      return INT64(base ** e);
    }
    return base;
  };
  const level = (n: number): bigint => {
    if (n < 0) return power();
    let v = level(n - 1);
    for (let o = op(); o !== undefined && (ARITH_LEVELS[n] as readonly string[]).includes(o); o = op()) {
      lastOp = i;
      i += o.length;
      skip();
      const at = i;
      v = binary(o, v, level(n - 1), at);
    }
    return v;
  };
  const conditional = (): bigint => {
    const c = level(ARITH_LEVELS.length - 1);
    if (op() !== '?') return c;
    lastOp = i;
    i++;
    const a = conditional();
    if (op() !== ':') fail("`:' expected for conditional expression");
    i++;
    const b = conditional();
    return c !== 0n ? a : b;
  };
  const comma = (): bigint => {
    let v = conditional();
    while (op() === ',') { i++; v = conditional(); }
    return v;
  };
  skip();
  if (i >= text.length) return 0n;
  const v = comma();
  skip();
  if (i < text.length) fail('syntax error in expression');
  return v;
}
