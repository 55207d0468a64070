/**
 * Reads a Dockerfile the way BuildKit's frontend does, for the subset kubetutor teaches:
 * FROM, ARG, RUN, COPY, ADD, WORKDIR, ENV, EXPOSE, USER, LABEL, CMD, ENTRYPOINT (and, accepted
 * as metadata only, VOLUME, HEALTHCHECK, STOPSIGNAL, SHELL, ONBUILD, MAINTAINER).
 * Errors say what BuildKit says, with the line they are on.
 */

export const SUPPORTED = ['from', 'arg', 'run', 'copy', 'add', 'workdir', 'env', 'expose', 'user', 'label', 'cmd', 'entrypoint'] as const;
const METADATA_ONLY = ['volume', 'healthcheck', 'stopsignal', 'shell', 'onbuild', 'maintainer'];

export interface Instruction {
  /** Lower-case keyword: `run`, `copy`, … */
  readonly keyword: string;
  /** The instruction as written, on one line (continuations joined), e.g. `RUN npm install`. */
  readonly original: string;
  /** Everything after the keyword, continuations joined. */
  readonly rest: string;
  /** JSON (exec) form arguments, when written as `["a", "b"]`. */
  readonly json: string[] | undefined;
  /** `--from=build`, `--chown=…` flags (COPY/ADD/FROM --platform). */
  readonly flags: Readonly<Record<string, string>>;
  /** 1-based first and last line in the file (a heredoc's lines included). */
  readonly line: number;
  readonly endLine: number;
  /** The keyword as typed (`from`, `FROM`), for the casing checks. */
  readonly word: string;
  /** Inline documents (`RUN <<EOT`, `COPY <<EOF /path`), in the order they were opened. */
  readonly heredocs: readonly Heredoc[];
}

export interface Heredoc {
  /** The delimiter word: `EOT`. */
  readonly name: string;
  /** The body, each line ending in a newline. */
  readonly content: string;
  /** An unquoted delimiter lets BuildKit expand build args and env in a COPY body. */
  readonly expand: boolean;
}

export interface Stage {
  /** Index among stages, 0-based. */
  readonly index: number;
  /** `AS name`, lower-cased, or undefined. */
  readonly name: string | undefined;
  /** The name as typed, and the `AS` word as typed (for StageNameCasing and FromAsCasing). */
  readonly rawName?: string | undefined;
  readonly asWord?: string | undefined;
  /** The image named in FROM, before ARG expansion. */
  readonly base: string;
  readonly from: Instruction;
  readonly instructions: readonly Instruction[];
}

export interface ParsedDockerfile {
  /** ARG instructions before the first FROM (they may be used in FROM lines). */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
  readonly lines: readonly string[];
}

export class DockerfileError extends Error {
  override name = 'DockerfileError';
  constructor(message: string, readonly line: number | undefined) {
    super(message);
  }
}

/** Levenshtein distance, for BuildKit's "did you mean" on unknown instructions. */
export function editDistance(a: string, b: string): number {
  const dp = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) (dp[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const row = dp[i] as number[];
      const prev = dp[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return (dp[a.length] as number[])[b.length] as number;
}

function suggest(word: string): string | undefined {
  const all = [...SUPPORTED, ...METADATA_ONLY];
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of all) {
    const d = editDistance(word.toLowerCase(), k);
    if (d < bestD) { bestD = d; best = k; }
  }
  return bestD < 3 ? best : undefined;
}

const HEREDOC_KEYWORDS = new Set(['run', 'copy', 'add']);
const HEREDOC_MARK = /<<(-?)(["']?)([A-Za-z_][A-Za-z0-9_.-]*)\2/g;

function parseJsonArray(text: string): string[] | undefined {
  const t = text.trim();
  if (!t.startsWith('[')) return undefined;
  try {
    const v: unknown = JSON.parse(t);
    return Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function parseDockerfile(text: string): ParsedDockerfile {
  const lines = text.replace(/\r\n/g, '\n').split('\n');
  const instructions: Instruction[] = [];
  let i = 0;
  while (i < lines.length) {
    const raw = lines[i] as string;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) { i++; continue; }
    const start = i;
    let joined = '';
    let cur = raw;
    for (;;) {
      const t = cur.replace(/\s+$/, '');
      if (t.endsWith('\\')) {
        joined += t.slice(0, -1);
        i++;
        // Comment and blank lines inside a continuation are skipped, as BuildKit does.
        while (i < lines.length && /^\s*(#.*)?$/.test(lines[i] as string)) i++;
        if (i >= lines.length) break;
        cur = lines[i] as string;
      } else {
        joined += t;
        break;
      }
    }
    i++;
    const m = /^\s*(\S+)\s*(.*)$/s.exec(joined) as RegExpExecArray;
    const word = m[1] as string;
    const keyword = word.toLowerCase();
    // Heredocs (BuildKit's frontend 1.4+): the body lines follow the instruction, up to the delimiter.
    const heredocs: Heredoc[] = [];
    if (HEREDOC_KEYWORDS.has(keyword)) {
      for (const h of (m[2] as string).matchAll(HEREDOC_MARK)) {
        const strip = h[1] === '-';
        const name = h[3] as string;
        const body: string[] = [];
        while (i < lines.length) {
          const l = lines[i] as string;
          i++;
          if ((strip ? l.replace(/^\t+/, '') : l) === name) break;
          body.push(strip ? l.replace(/^\t+/, '') : l);
        }
        heredocs.push({ name, content: body.map((b) => `${b}\n`).join(''), expand: h[2] === '' });
      }
    }
    const restRaw = (m[2] as string).trim().replace(/\s+/g, (s) => (s.includes('\n') ? ' ' : s));
    if (!(SUPPORTED as readonly string[]).includes(keyword) && !METADATA_ONLY.includes(keyword)) {
      const found = suggest(word);
      // BuildKit's matchCase: an all-upper word gets an upper-case suggestion, anything else lower.
      const s = found && word === word.toUpperCase() ? found.toUpperCase() : found;
      throw new DockerfileError(`dockerfile parse error on line ${start + 1}: unknown instruction: ${word}${s ? ` (did you mean ${s}?)` : ''}`, start + 1);
    }
    const flags: Record<string, string> = {};
    let rest = restRaw;
    if (['copy', 'add', 'from', 'run'].includes(keyword)) {
      for (;;) {
        const f = /^--([a-z-]+)(?:=(\S*))?\s*/.exec(rest);
        if (!f) break;
        flags[f[1] as string] = f[2] ?? 'true';
        rest = rest.slice(f[0].length);
      }
    }
    if (rest === '') {
      throw new DockerfileError(`dockerfile parse error on line ${start + 1}: ${keyword.toUpperCase()} requires at least one argument`, start + 1);
    }
    instructions.push({
      keyword, rest, flags, word, heredocs,
      original: `${word.toUpperCase()} ${restRaw}`.trim(),
      json: ['run', 'cmd', 'entrypoint', 'copy', 'add'].includes(keyword) && heredocs.length === 0 ? parseJsonArray(rest) : undefined,
      line: start + 1, endLine: i,
    });
  }
  if (instructions.length === 0) throw new DockerfileError('the Dockerfile cannot be empty', undefined);

  const globalArgs: Instruction[] = [];
  const stages: Stage[] = [];
  let current: { from: Instruction; base: string; name: string | undefined; rawName: string | undefined; asWord: string | undefined; list: Instruction[] } | undefined;
  for (const ins of instructions) {
    if (ins.keyword === 'from') {
      if (current) stages.push({ index: stages.length, name: current.name, rawName: current.rawName, asWord: current.asWord, base: current.base, from: current.from, instructions: current.list });
      const parts = ins.rest.split(/\s+/);
      const asAt = parts.findIndex((p) => p.toLowerCase() === 'as');
      const rawName = asAt >= 0 ? parts[asAt + 1] : undefined;
      const name = rawName?.toLowerCase();
      if (asAt >= 0 && (!name || parts.length !== asAt + 2)) {
        throw new DockerfileError(`dockerfile parse error on line ${ins.line}: FROM requires either one or three arguments`, ins.line);
      }
      if (asAt < 0 && parts.length !== 1) {
        throw new DockerfileError(`dockerfile parse error on line ${ins.line}: FROM requires either one or three arguments`, ins.line);
      }
      current = { from: ins, base: parts[0] as string, name, rawName, asWord: asAt >= 0 ? parts[asAt] : undefined, list: [] };
    } else if (!current) {
      if (ins.keyword === 'arg') globalArgs.push(ins);
      else throw new DockerfileError(`no build stage in current context`, ins.line);
    } else {
      current.list.push(ins);
    }
  }
  if (!current) throw new DockerfileError('dockerfile contains no stages to build', undefined);
  stages.push({ index: stages.length, name: current.name, rawName: current.rawName, asWord: current.asWord, base: current.base, from: current.from, instructions: current.list });
  return { globalArgs, stages, lines };
}

/** Expand $VAR, ${VAR}, ${VAR:-default} and ${VAR:+alt} as BuildKit's shell lexer does for non-RUN instructions. */
export function expandVars(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(/\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (all, braced, op, word, bare) => {
    if (all === '\\$') return '$';
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    return value ?? '';
  });
}

/** Split `KEY=value KEY2="two words"` (and the legacy `KEY value` form) into pairs. */
export function keyValuePairs(rest: string): Array<[string, string]> {
  if (!/^[^\s=]+=/.test(rest)) {
    const sp = rest.search(/\s/);
    return sp < 0 ? [[rest, '']] : [[rest.slice(0, sp), rest.slice(sp + 1).trim()]];
  }
  const out: Array<[string, string]> = [];
  const re = /([^\s=]+)=("(?:\\.|[^"])*"|'[^']*'|\S*)/g;
  for (const m of rest.matchAll(re)) {
    let v = m[2] as string;
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    out.push([m[1] as string, v]);
  }
  return out;
}

const VAR_REF = /\\\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * BuildKit names a step after its instruction with the variables that are set already filled in
 * (`RUN npm i -g npm@${NPM}` shows `RUN npm i -g npm@10.9.4`); unset ones stay as written.
 */
export function expandSetVars(text: string, vars: ReadonlyMap<string, string>): string {
  // The lexer leaves single-quoted text alone.
  return text.split(/('[^']*')/).map((part) => (part.startsWith("'") ? part : expandSetVarsUnquoted(part, vars))).join('');
}

function expandSetVarsUnquoted(text: string, vars: ReadonlyMap<string, string>): string {
  return text.replace(VAR_REF, (all, braced, op, word, bare) => {
    if (all === '\\$') return all;
    const name = (braced ?? bare) as string;
    const value = vars.get(name);
    if (value === undefined) return all;
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    return value;
  });
}

/** The variables a non-RUN instruction reads, in the order they appear (for the UndefinedVar check). */
export function referencedVars(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(VAR_REF)) {
    const name = m[1] ?? m[4];
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
