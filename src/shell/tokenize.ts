/**
 * Splits a typed line the way bash does, for the subset the sandbox needs: quotes and escapes
 * (`'…'`, `"…"`, `$'…'`, `\`), parameter expansion (`$VAR`, `${VAR:-default}` and the other
 * `${…}` forms), command substitution (`$(…)` and backticks), arithmetic (`$((…))`), `~`,
 * `#` comments, `&&` `||` `;` `|` `&`, leading `NAME=value` assignments, and the redirections
 * `>` `>>` `<` `2>` `2>>` `2>&1` `>&2` `&>` `&>>` and `<<EOF` (heredoc bodies are collected by the
 * session before this runs).
 *
 * Expansions happen when each command runs (so `false; echo $?` sees the new status, and
 * `false && echo $(…)` runs nothing): the tokenizer leaves markers in each word, and
 * expandFields()/expandJoined() resolve them then, as bash's word expansion does — unquoted
 * results are split into fields, quoted ones are not.
 */

/** One redirection, applied in the order written (so `> f 2>&1` and `2>&1 > f` differ, as in bash). */
export type Redirect =
  | { readonly kind: 'file'; readonly fd: number | 'both'; readonly path: string; readonly append: boolean }
  | { readonly kind: 'dup'; readonly fd: number; readonly to: number };

export interface SimpleCommand {
  readonly argv: string[];
  /** `NAME=value` words before the command name (alone they set shell variables). */
  readonly assignments: ReadonlyArray<{ readonly name: string; readonly value: string }>;
  /** Output redirections in order. */
  readonly redirects: readonly Redirect[];
  /** The last `> file` or `>> file` for stdout (kept for callers that only care about that one). */
  readonly redirectOut: { readonly path: string; readonly append: boolean } | undefined;
  /** `< file`. */
  readonly redirectIn: string | undefined;
  /** Index into the heredoc bodies when the command reads one (`<<EOF`). */
  readonly heredoc: number | undefined;
}

/** Commands joined by `|`. */
export interface Pipeline {
  readonly commands: SimpleCommand[];
  /** The text as typed, for `jobs` and job notices. */
  readonly text: string;
}

export interface CommandList {
  /** `background`: the pipeline ended with `&`. */
  readonly items: Array<{ readonly op: ';' | '&&' | '||'; readonly pipeline: Pipeline; readonly background?: boolean }>;
}

/** A line bash refuses to parse: exit status 2, nothing runs. */
export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

/**
 * A construct the sandbox's shell does not run (loops, conditionals, subshells, functions): not a
 * bash error, so the session says so in its own words.
 */
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
}

// Expansion markers inside words: MARK type quoting payload MARK.
// type: v parameter, c command, a arithmetic, t `~` (HOME), e an empty quoted string ("" or '').
const MARK = '\u0000';
const MARK_RE = /\u0000([vcate])([qu])([^\u0000]*)\u0000/g;
const marker = (type: 'v' | 'c' | 'a' | 't' | 'e', quoted: boolean, payload = ''): string => `${MARK}${type}${quoted ? 'q' : 'u'}${payload}${MARK}`;

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

/** Read `$…` at `i`: the marker that stands for it and where it ends; undefined for a plain `$`. */
function readDollar(text: string, i: number, quoted: boolean): { value: string; end: number } | undefined {
  const next = text[i + 1];
  if (next === '(' && text[i + 2] === '(') {
    // $(( … )): arithmetic, unless the inner `)` is not followed by another (a subshell inside `$( … )`).
    const inner = closeParen(text, i + 3, 1);
    if (text[inner + 1] === ')') return { value: marker('a', quoted, text.slice(i + 3, inner)), end: inner + 2 };
  }
  if (next === '(') {
    const end = closeParen(text, i + 2, 1);
    const command = text.slice(i + 2, end);
    // bash parses what `$( … )` holds along with the line: a syntax error in it stops the whole line.
    try {
      parseCommandLine(command);
    } catch (e) {
      if (e instanceof ShellSyntaxError) throw new ShellSyntaxError(e.message.replace("`newline'", "`)'"));
      if (!(e instanceof UnsupportedSyntax)) throw e;
    }
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
  const escapable = heredoc ? '$`\\\n' : '$`"\\\n';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length && escapable.includes(text[i + 1] as string)) {
      if (text[i + 1] !== '\n') out += text[i + 1];
      i += 2;
    } else {
      const r = expansionAt(text, i, true);
      out += r ? r.value : c;
      i = r ? r.end : i + 1;
    }
  }
  return out;
}

type Token =
  | { kind: 'word'; value: string; assign: boolean }
  | { kind: 'op'; value: '&&' | '||' | ';' | '|' | '&' | '(' | ')' }
  | { kind: 'redir'; fd: number | 'both'; op: '>' | '>>' | '<' | '>&' }
  | { kind: 'heredoc'; delimiter: string; quoted: boolean; strip: boolean };

const HEREDOC_RE = /^<<(-?)\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_.-]+))/;

/** Split a line into tokens (words keep their expansion markers). */
function tokenize(line: string): Array<Token & { at: number }> {
  const tokens: Array<Token & { at: number }> = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  let start = 0;
  // The unquoted start of the word, to tell `NAME=value` (an assignment) from `"NAME=value"` (a word).
  let plain = '';
  let plainOpen = true;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: cur, assign: /^[A-Za-z_][A-Za-z0-9_]*=/.test(plain), at: start });
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
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      add(marker('e', true) + line.slice(i + 1, end), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      const end = closeDoubleQuote(line, i + 1);
      add(marker('e', true) + quotedText(line.slice(i + 1, end), false), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '\\' && i + 1 < line.length) {
      add(line[i + 1] as string, false, i);
      quoted = true;
      i += 2;
    } else if (c === ' ' || c === '\t' || c === '\n') {
      flush();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '$' && line[i + 1] === "'") {
      let end = i + 2;
      while (end < line.length && line[end] !== "'") end += line[end] === '\\' ? 2 : 1;
      if (end >= line.length) throw new ShellSyntaxError("unexpected EOF while looking for matching `''");
      add(marker('e', true) + ansiC(line.slice(i + 2, end)), false, i);
      quoted = true;
      i = end + 1;
    } else if (c === '$' || c === '`') {
      const r = expansionAt(line, i, false);
      if (r) { add(r.value, false, i); i = r.end; } else { add(c, true, i); i++; }
    } else if (c === '~' && (!inWord || (plainOpen && /^[A-Za-z_][A-Za-z0-9_]*=$/.test(plain) && cur === plain))) {
      const t = readTilde(line, i, inWord);
      if (t) { add(t.value, false, i); i = t.end; } else { add(c, true, i); i++; }
    } else if (c === '<' && line[i + 1] === '<') {
      flush();
      const m = HEREDOC_RE.exec(line.slice(i));
      if (!m) throw new ShellSyntaxError(`syntax error near unexpected token \`${line[i + 2] === undefined ? 'newline' : nextToken(line.slice(i + 2))}'`);
      const q = m[2] !== undefined || m[3] !== undefined;
      tokens.push({ kind: 'heredoc', delimiter: (m[2] ?? m[3] ?? m[4]) as string, quoted: q, strip: m[1] === '-', at: i });
      i += m[0].length;
    } else if (c === '>' || c === '<') {
      // `2>`: a single unquoted digit right before the operator names the file descriptor.
      let fd: number | 'both' = c === '>' ? 1 : 0;
      if (inWord && !quoted && /^\d$/.test(cur)) { fd = Number(cur); cur = ''; inWord = false; plain = ''; }
      flush();
      if (c === '<') { tokens.push({ kind: 'redir', fd, op: '<', at: i }); i++; continue; }
      if (line[i + 1] === '>') { tokens.push({ kind: 'redir', fd, op: '>>', at: i }); i += 2; }
      else if (line[i + 1] === '&') { tokens.push({ kind: 'redir', fd, op: '>&', at: i }); i += 2; }
      else { tokens.push({ kind: 'redir', fd, op: '>', at: i }); i += line[i + 1] === '|' ? 2 : 1; }
    } else if (c === '&' && line[i + 1] === '>') {
      flush();
      const append = line[i + 2] === '>';
      tokens.push({ kind: 'redir', fd: 'both', op: append ? '>>' : '>', at: i });
      i += append ? 3 : 2;
    } else if ('&|;()'.includes(c)) {
      flush();
      const two = line.slice(i, i + 2);
      if (two === ';;') throw new ShellSyntaxError("syntax error near unexpected token `;;'");
      if (two === '&&' || two === '||') { tokens.push({ kind: 'op', value: two, at: i }); i += 2; }
      else { tokens.push({ kind: 'op', value: c as ';' | '|' | '&' | '(' | ')', at: i }); i++; }
    } else {
      add(c, true, i);
      i++;
    }
  }
  flush();
  return tokens;
}

/** The token bash would name in "syntax error near unexpected token": the next word or operator. */
function nextToken(text: string): string {
  const t = text.trimStart();
  const op = /^(&&|\|\||;;|[;&|()<>])/.exec(t);
  if (op) return op[1] as string;
  return /^[^\s;&|()<>]+/.exec(t)?.[0] ?? 'newline';
}

/** The heredoc delimiters a line opens, in order (the session collects their bodies). */
export function heredocsIn(line: string): Array<{ delimiter: string; quoted: boolean; strip: boolean }> {
  try {
    return tokenize(line).flatMap((t) => (t.kind === 'heredoc' ? [{ delimiter: t.delimiter, quoted: t.quoted, strip: t.strip }] : []));
  } catch {
    return [];
  }
}

/**
 * Whether a typed line goes on: a trailing backslash (joined without the newline), or a line that
 * ends in `|`, `&&` or `||` (joined with it). Quotes are respected; an unterminated quote is not
 * a continuation here (the sandbox reports it).
 */
export function continuation(line: string): 'backslash' | 'operator' | undefined {
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
  if (escaped && quote !== "'") return 'backslash';
  if (quote) return undefined;
  return /(\|\||&&|\|)\s*$/.test(line) && !/^\s*(\|\||&&|\|)\s*$/.test(line) ? 'operator' : undefined;
}

/** Reserved words that open a compound command: not simulated. */
const COMPOUND = new Set(['if', 'for', 'while', 'until', 'case', 'select', 'function', '{', '[[']);
/** Reserved words that only make sense inside one: bash's syntax error when they come first. */
const CLOSERS = new Set(['then', 'else', 'elif', 'fi', 'do', 'done', 'esac', '}', ']]', 'in']);

export function parseCommandLine(line: string): CommandList {
  const tokens = tokenize(line);
  const items: Array<CommandList['items'][number]> = [];
  let op: ';' | '&&' | '||' = ';';
  let commands: SimpleCommand[] = [];
  let pipelineStart = 0;
  let argv: string[] = [];
  let assignments: Array<{ name: string; value: string }> = [];
  let redirects: Redirect[] = [];
  let redirectIn: string | undefined;
  let heredoc: number | undefined;
  let heredocCount = 0;
  const empty = (): boolean => argv.length === 0 && assignments.length === 0 && redirects.length === 0 && redirectIn === undefined && heredoc === undefined;
  const make = (): SimpleCommand => {
    const lastOut = [...redirects].reverse().find((r): r is Extract<Redirect, { kind: 'file' }> => r.kind === 'file' && (r.fd === 1 || r.fd === 'both'));
    return { argv, assignments, redirects, redirectOut: lastOut ? { path: lastOut.path, append: lastOut.append } : undefined, redirectIn, heredoc };
  };
  const endCommand = (next: string): void => {
    if (empty()) throw new ShellSyntaxError(`syntax error near unexpected token \`${next}'`);
    commands.push(make());
    argv = [];
    assignments = [];
    redirects = [];
    redirectIn = undefined;
    heredoc = undefined;
  };
  const endPipeline = (at: number, background: boolean): void => {
    items.push({ op, pipeline: { commands, text: line.slice(pipelineStart, at).trim() }, ...(background ? { background } : {}) });
    commands = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token & { at: number };
    if (t.kind === 'word') {
      if (argv.length === 0 && commands.length === 0 && assignments.length === 0 && t.value === plainWord(t.value)) {
        if (COMPOUND.has(t.value)) throw new UnsupportedSyntax(t.value);
        if (CLOSERS.has(t.value)) throw new ShellSyntaxError(`syntax error near unexpected token \`${t.value}'`);
      }
      if (t.assign && argv.length === 0) {
        const eq = t.value.indexOf('=');
        assignments.push({ name: t.value.slice(0, eq), value: t.value.slice(eq + 1) });
      } else argv.push(t.value);
    } else if (t.kind === 'heredoc') heredoc = heredocCount++;
    else if (t.kind === 'redir') {
      const target = tokens[i + 1];
      if (!target || target.kind !== 'word') {
        const shown = !target ? 'newline' : target.kind === 'op' ? target.value : target.kind === 'redir' ? (target.op === '>&' ? '>&' : target.op) : '<<';
        throw new ShellSyntaxError(`syntax error near unexpected token \`${shown}'`);
      }
      i++;
      if (t.op === '<') redirectIn = target.value;
      else if (t.op === '>&') {
        if (/^\d$/.test(target.value) && t.fd !== 'both') redirects.push({ kind: 'dup', fd: t.fd, to: Number(target.value) });
        else redirects.push({ kind: 'file', fd: 'both', path: target.value, append: false });
      } else redirects.push({ kind: 'file', fd: t.fd, path: target.value, append: t.op === '>>' });
    } else if (t.value === '(') {
      // `(cd x; ls)` is a subshell; after a word, `(` is bash's function-definition syntax gone wrong.
      if (empty() || (argv.length === 0 && assignments.length > 0)) throw new UnsupportedSyntax('(');
      const after = tokens[i + 1];
      const shown = argv.length === 1 && !after ? 'newline' : argv.length === 1 && after ? (after.kind === 'word' ? plainWord(after.value) : after.kind === 'op' ? after.value : 'newline') : '(';
      throw new ShellSyntaxError(`syntax error near unexpected token \`${shown}'`);
    } else if (t.value === ')') {
      throw new ShellSyntaxError("syntax error near unexpected token `)'");
    } else if (t.value === '|') {
      endCommand('|');
    } else {
      endCommand(t.value);
      endPipeline(t.at, t.value === '&');
      pipelineStart = t.at + t.value.length;
      op = t.value === '&' ? ';' : t.value as ';' | '&&' | '||';
      // `a & && b`, `a &; b`: after `&` the list may go on only with a command.
      const next = tokens[i + 1];
      if (t.value === '&' && next?.kind === 'op') throw new ShellSyntaxError(`syntax error near unexpected token \`${next.value}'`);
    }
  }
  if (!empty()) {
    commands.push(make());
  } else if (commands.length > 0 || (items.length > 0 && op !== ';')) {
    throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  }
  if (commands.length > 0) endPipeline(line.length, false);
  return { items };
}

/** A word's text with its markers removed (for showing it, or telling a keyword from `"if"`). */
function plainWord(word: string): string {
  return word.replace(MARK_RE, (_m, type: string, _q: string, payload: string) => (type === 'e' || type === 't' ? (type === 't' ? '~' : '') : type === 'v' ? (payload.startsWith('{') ? `$${payload}}` : `$${payload}`) : type === 'a' ? `$((${payload}))` : `$(${payload})`));
}

// ── expansion ────────────────────────────────────────────────────────────────────────────────

/** Expand a word into fields, as bash does for a command's arguments (unquoted results split on blanks). */
export function expandFields(word: string, ex: Expander): string[] {
  const fields: string[] = [];
  let cur = '';
  // A field exists once any literal text or any quoted part has been seen ("" is an empty argument; $EMPTY is none).
  let has = false;
  let last = 0;
  // Its own regex: expanding a marker may expand words recursively.
  const marks = new RegExp(MARK_RE.source, 'g');
  for (let m = marks.exec(word); m; m = marks.exec(word)) {
    if (m.index > last) { cur += word.slice(last, m.index); has = true; }
    last = m.index + m[0].length;
    const [, type, q, payload] = m as unknown as [string, string, string, string];
    if (type === 'e') { has = true; continue; }
    const value = expandOne(type, payload, ex);
    if (q === 'q') { cur += value; has = true; continue; }
    const parts = value.split(/[ \t\n]+/);
    if (value === '') continue;
    // Leading blanks end the field before; trailing blanks start a new one.
    parts.forEach((p, i) => {
      if (i > 0) {
        if (has || cur !== '') fields.push(cur);
        cur = '';
        has = false;
      }
      if (p !== '') { cur += p; has = true; }
    });
  }
  if (last < word.length) { cur += word.slice(last); has = true; }
  if (has || cur !== '') fields.push(cur);
  return fields;
}

/** Expand a word without field splitting (assignments, redirection targets, heredoc bodies). */
export function expandJoined(word: string, ex: Expander): string {
  return word.replace(MARK_RE, (_m, type: string, _q: string, payload: string) => (type === 'e' ? '' : expandOne(type, payload, ex)));
}

/** A heredoc body, expanded as bash does for an unquoted delimiter (`$VAR`, `$(…)`, `$((…))`, `\$`). */
export function expandHeredoc(body: string, ex: Expander): string {
  return expandJoined(quotedText(body, true), ex);
}

/**
 * The markers the word of a `${x:-word}` stands for: quotes, escapes and expansions work as on a
 * command line, but blanks and operators are just characters.
 */
function wordMarkers(text: string): string {
  let out = '';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) { out += text.slice(i); break; }
      out += marker('e', true) + text.slice(i + 1, end);
      i = end + 1;
    } else if (c === '"') {
      const end = closeDoubleQuote(text, i + 1);
      out += marker('e', true) + quotedText(text.slice(i + 1, end), false);
      i = end + 1;
    } else if (c === '\\' && i + 1 < text.length) {
      out += text[i + 1];
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
    const re = new RegExp(`^${patternSource(word(pat))}$`);
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
    const src = patternSource(word(pat));
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
