/**
 * Splits a typed line the way a POSIX shell would, for the subset the sandbox needs:
 * quotes and escapes, `$VAR`, `#` comments, `&&` `||` `;` `|`, and the redirections
 * `>` `>>` `<` `<<EOF` (heredocs are collected by the session before this runs).
 */

export interface SimpleCommand {
  readonly argv: string[];
  /** `> file` or `>> file`. */
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
const VAR_RE = /\u0000([^\u0000]*)\u0000/g;

/** Resolve the variable markers in a word against the environment as it is now. */
export function expandWord(word: string, env: ReadonlyMap<string, string>): string {
  return word.replace(VAR_RE, (_m, name: string) => env.get(name) ?? '');
}

type Token = { kind: 'word'; value: string } | { kind: 'op'; value: string } | { kind: 'heredoc'; delimiter: string; quoted: boolean; strip: boolean };

const HEREDOC_RE = /^<<(-?)\s*(?:'([^']*)'|"([^"]*)"|([A-Za-z0-9_.-]+))/;

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let cur = '';
  let inWord = false;
  const flush = (): void => {
    if (inWord) tokens.push({ kind: 'word', value: cur });
    cur = '';
    inWord = false;
  };
  // Variables are expanded when each command runs (so `false; echo $?` sees the new status):
  // here they become markers that expandWord() resolves later.
  const expand = (i: number): [string, number] => {
    const m = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*)|(\?))/.exec(line.slice(i));
    if (!m) return ['$', i + 1];
    const name = (m[1] ?? m[2] ?? m[3]) as string;
    return [`${VAR}${name}${VAR}`, i + m[0].length];
  };
  let i = 0;
  while (i < line.length) {
    const c = line[i] as string;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new ShellSyntaxError(`unexpected EOF while looking for matching \`''`);
      cur += line.slice(i + 1, end);
      inWord = true;
      i = end + 1;
    } else if (c === '"') {
      inWord = true;
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
      cur += line[i + 1];
      inWord = true;
      i += 2;
    } else if (c === ' ' || c === '\t') {
      flush();
      i++;
    } else if (c === '#' && !inWord) {
      break;
    } else if (c === '$') {
      const [v, j] = expand(i);
      cur += v;
      inWord = true;
      i = j;
    } else if (c === '<' && line[i + 1] === '<') {
      flush();
      const m = HEREDOC_RE.exec(line.slice(i));
      if (!m) throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      const quoted = m[2] !== undefined || m[3] !== undefined;
      tokens.push({ kind: 'heredoc', delimiter: (m[2] ?? m[3] ?? m[4]) as string, quoted, strip: m[1] === '-' });
      i += m[0].length;
    } else if ('&|;<>'.includes(c)) {
      if (c === '2' && false) continue;
      flush();
      const two = line.slice(i, i + 2);
      if (two === '&&' || two === '||' || two === '>>') { tokens.push({ kind: 'op', value: two }); i += 2; }
      else if (c === '&') throw new ShellSyntaxError('background jobs (&) are not supported in the sandbox');
      else { tokens.push({ kind: 'op', value: c }); i++; }
    } else if (c === '2' && !inWord && line.slice(i, i + 4) === '2>&1') {
      flush();
      i += 4;
    } else {
      cur += c;
      inWord = true;
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

export function parseCommandLine(line: string): CommandList {
  const tokens = tokenize(line);
  const items: CommandList['items'] = [];
  let op: ';' | '&&' | '||' = ';';
  let commands: SimpleCommand[] = [];
  let argv: string[] = [];
  let redirectOut: SimpleCommand['redirectOut'];
  let redirectIn: string | undefined;
  let heredoc: number | undefined;
  let heredocCount = 0;
  const endCommand = (next: string): void => {
    if (argv.length === 0 && redirectOut === undefined && heredoc === undefined) throw new ShellSyntaxError(`syntax error near unexpected token \`${next}'`);
    commands.push({ argv, redirectOut, redirectIn, heredoc });
    argv = [];
    redirectOut = undefined;
    redirectIn = undefined;
    heredoc = undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    if (t.kind === 'word') argv.push(t.value);
    else if (t.kind === 'heredoc') heredoc = heredocCount++;
    else if (t.value === '>' || t.value === '>>' || t.value === '<') {
      const target = tokens[i + 1];
      if (!target || target.kind !== 'word') throw new ShellSyntaxError("syntax error near unexpected token `newline'");
      if (t.value === '<') redirectIn = target.value; else redirectOut = { path: target.value, append: t.value === '>>' };
      i++;
    } else if (t.value === '|') {
      endCommand('|');
    } else {
      endCommand(t.value);
      items.push({ op, pipeline: { commands } });
      commands = [];
      op = t.value as ';' | '&&' | '||';
    }
  }
  if (argv.length > 0 || redirectOut || heredoc !== undefined) {
    commands.push({ argv, redirectOut, redirectIn, heredoc });
  } else if (commands.length > 0 || (items.length > 0 && op !== ';')) {
    throw new ShellSyntaxError("syntax error near unexpected token `newline'");
  }
  if (commands.length > 0) items.push({ op, pipeline: { commands } });
  return { items };
}
