/**
 * Splits a typed line the way a POSIX shell would, for the subset the sandbox needs:
 * quotes and escapes, `$VAR` and `${VAR:-default}`, `#` comments, `&&` `||` `;` `|`, leading
 * `NAME=value` assignments, and the redirections `>` `>>` `<` `2>` `2>>` `2>&1` `>&2` `&>`
 * `&>>` and `<<EOF` (heredoc bodies are collected by the session before this runs).
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
}

export interface CommandList {
  readonly items: Array<{ readonly op: ';' | '&&' | '||'; readonly pipeline: Pipeline }>;
}

export class ShellSyntaxError extends Error {
  override name = 'ShellSyntaxError';
}

const VAR = '\u0000';
const SEP = '\u0001';
const VAR_RE = /\u0000([^\u0000]*)\u0000/g;

/** Expand `$NAME`, `${NAME}`, `${NAME:-word}` (and `-`, `:+`, `+`, `:=`), `${#NAME}`, `$?` in plain text, as a heredoc body or a `${…}` word is. */
export function expandText(text: string, env: ReadonlyMap<string, string>, heredoc = false): string {
  let outText = '';
  for (let i = 0; i < text.length;) {
    const c = text[i] as string;
    if (c === '\\' && heredoc && i + 1 < text.length && '$`\\\n'.includes(text[i + 1] as string)) {
      if (text[i + 1] !== '\n') outText += text[i + 1];
      i += 2;
      continue;
    }
    if (c === '$') {
      const r = readDollar(text, i);
      if (r) { outText += resolveVar(r.body, env); i = r.end; continue; }
    }
    outText += c;
    i++;
  }
  return outText;
}

/** Parse `$…` at `i`: the variable's encoded body (name, operator, word) and where it ends. */
function readDollar(text: string, i: number): { body: string; end: number } | undefined {
  const simple = /^\$(?:([A-Za-z_][A-Za-z0-9_]*)|([?$#0-9]))/.exec(text.slice(i));
  if (text[i + 1] !== '{') return simple ? { body: (simple[1] ?? simple[2]) as string, end: i + simple[0].length } : undefined;
  // ${…}: find the matching brace, nested ${…} included.
  let depth = 0;
  for (let j = i + 1; j < text.length; j++) {
    if (text[j] === '{') depth++;
    else if (text[j] === '}' && --depth === 0) {
      const inner = text.slice(i + 2, j);
      const m = /^(#?)([A-Za-z_][A-Za-z0-9_]*|[?$#0-9])(?:(:?[-+=?])([\s\S]*))?$/.exec(inner);
      if (!m) throw new ShellSyntaxError(`\${${inner}}: bad substitution`);
      return { body: `${m[1]}${m[2]}${SEP}${m[3] ?? ''}${SEP}${m[4] ?? ''}`, end: j + 1 };
    }
  }
  return undefined;
}

function resolveVar(body: string, env: ReadonlyMap<string, string>): string {
  const [rawName = '', op = '', word = ''] = body.split(SEP);
  const length = rawName.startsWith('#') && rawName.length > 1;
  const name = length ? rawName.slice(1) : rawName;
  const value = env.get(name);
  if (length) return String([...(value ?? '')].length);
  const empty = value === undefined || (op.startsWith(':') && value === '');
  switch (op.replace(':', '')) {
    case '-': return empty ? expandText(word, env) : (value as string);
    case '=': {
      if (!empty) return value as string;
      const v = expandText(word, env);
      if (env instanceof Map) (env as Map<string, string>).set(name, v);
      return v;
    }
    case '+': return empty ? '' : expandText(word, env);
    case '?': return value ?? '';
    default: return value ?? '';
  }
}

/** Resolve the variable markers in a word against the environment as it is now. */
export function expandWord(word: string, env: ReadonlyMap<string, string>): string {
  return word.replace(VAR_RE, (_m, body: string) => resolveVar(body, env));
}

type Token =
  | { kind: 'word'; value: string; assign: boolean }
  | { kind: 'op'; value: '&&' | '||' | ';' | '|' }
  | { kind: 'redir'; fd: number | 'both'; op: '>' | '>>' | '<' | '>&' }
  | { kind: 'heredoc'; delimiter: string; quoted: boolean; strip: boolean };

const HEREDOC_RE = /^<<(-?)\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_.-]+))/;

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let cur = '';
  let inWord = false;
  let quoted = false;
  // The unquoted start of the word, to tell `NAME=value` (an assignment) from `"NAME=value"` (a word).
  let plain = '';
  let plainOpen = true;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: cur, assign: /^[A-Za-z_][A-Za-z0-9_]*=/.test(plain) });
    cur = '';
    inWord = false;
    quoted = false;
    plain = '';
    plainOpen = true;
  };
  const add = (text: string, raw: boolean): void => {
    cur += text;
    inWord = true;
    if (raw && plainOpen) plain += text; else plainOpen = false;
  };
  // Variables are expanded when each command runs (so `false; echo $?` sees the new status):
  // here they become markers that expandWord() resolves later.
  const expand = (i: number): [string, number] => {
    const r = readDollar(line, i);
    return r ? [`${VAR}${r.body}${VAR}`, r.end] : ['$', i + 1];
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`''`);
      add(line.slice(i + 1, end), false);
      quoted = true;
      i = end + 1;
    } else if (c === '"') {
      add('', false);
      quoted = true;
      i++;
      for (;;) {
        if (i >= line.length) throw new ShellSyntaxError('unexpected EOF while looking for matching `"\'');
        const d = line[i] as string;
        if (d === '"') { i++; break; }
        if (d === '\\' && i + 1 < line.length && '"\\$`'.includes(line[i + 1] as string)) { cur += line[i + 1]; i += 2; continue; }
        if (d === '$') { const [v, j] = expand(i); cur += v; i = j; continue; }
        cur += d;
        i++;
      }
    } else if (c === '\\' && i + 1 < line.length) {
      add(line[i + 1] as string, false);
      quoted = true;
      i += 2;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '$') {
      const [v, j] = expand(i);
      add(v, false);
      i = j;
    } else if (c === '<' && line[i + 1] === '<') {
      flush();
      const m = HEREDOC_RE.exec(line.slice(i));
      if (!m) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      const q = m[2] !== undefined || m[3] !== undefined;
      tokens.push({ kind: 'heredoc', delimiter: (m[2] ?? m[3] ?? m[4]) as string, quoted: q, strip: m[1] === '-' });
      i += m[0].length;
    } else if (c === '>' || c === '<') {
      // `2>`: a single unquoted digit right before the operator names the file descriptor.
      let fd: number | 'both' = c === '>' ? 1 : 0;
      if (inWord && !quoted && /^\d$/.test(cur)) { fd = Number(cur); cur = ''; inWord = false; plain = ''; }
      flush();
      if (c === '<') { tokens.push({ kind: 'redir', fd, op: '<' }); i++; continue; }
      if (line[i + 1] === '>') { tokens.push({ kind: 'redir', fd, op: '>>' }); i += 2; }
      else if (line[i + 1] === '&') { tokens.push({ kind: 'redir', fd, op: '>&' }); i += 2; }
      else { tokens.push({ kind: 'redir', fd, op: '>' }); i += line[i + 1] === '|' ? 2 : 1; }
    } else if (c === '&' && line[i + 1] === '>') {
      flush();
      const append = line[i + 2] === '>';
      tokens.push({ kind: 'redir', fd: 'both', op: append ? '>>' : '>' });
      i += append ? 3 : 2;
    } else if ('&|;'.includes(c)) {
      flush();
      const two = line.slice(i, i + 2);
      if (two === ';;') throw new ShellSyntaxError("syntax error near unexpected token `;;'");
      if (two === '&&' || two === '||') { tokens.push({ kind: 'op', value: two }); i += 2; }
      else if (c === '&') throw new ShellSyntaxError('background jobs (&) are not supported in the sandbox');
      else { tokens.push({ kind: 'op', value: c as ';' | '|' }); i++; }
    } else {
      add(c, true);
      i++;
    }
  }
  flush();
  return tokens;
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

export function parseCommandLine(line: string): CommandList {
  const tokens = tokenize(line);
  const items: CommandList['items'] = [];
  let op: ';' | '&&' | '||' = ';';
  let commands: SimpleCommand[] = [];
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
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') {
      if (t.assign && argv.length === 0) {
        const eq = t.value.indexOf('=');
        assignments.push({ name: t.value.slice(0, eq), value: t.value.slice(eq + 1) });
      } else argv.push(t.value);
    } else if (t.kind === 'heredoc') heredoc = heredocCount++;
    else if (t.kind === 'redir') {
      const target = tokens[i + 1];
      if (!target || target.kind !== 'word') throw new ShellSyntaxError(`syntax error near unexpected token \`${target && target.kind === 'op' ? target.value : 'newline'}'`);
      i++;
      if (t.op === '<') redirectIn = target.value;
      else if (t.op === '>&') {
        if (/^\d$/.test(target.value) && t.fd !== 'both') redirects.push({ kind: 'dup', fd: t.fd, to: Number(target.value) });
        else redirects.push({ kind: 'file', fd: 'both', path: target.value, append: false });
      } else redirects.push({ kind: 'file', fd: t.fd, path: target.value, append: t.op === '>>' });
    } else if (t.value === '|') {
      endCommand('|');
    } else {
      endCommand(t.value);
      items.push({ op, pipeline: { commands } });
      commands = [];
      op = t.value as ';' | '&&' | '||';
    }
  }
  if (!empty()) {
    commands.push(make());
  } else if (commands.length > 0 || (items.length > 0 && op !== ';')) {
    throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  }
  if (commands.length > 0) items.push({ op, pipeline: { commands } });
  return { items };
}
