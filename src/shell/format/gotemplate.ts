/**
 * The part of Go's text/template that `--format` users write: `{{.Field.Sub}}`, `{{json .X}}`,
 * `{{index .RepoDigests 0}}`, `{{range .RepoTags}}{{.}} {{end}}`, `{{if .X}}…{{else}}…{{end}}`,
 * `{{join .X ","}}`, `{{upper}}`/`{{lower}}`/`{{len}}`, and values printed as Go's fmt prints them
 * (`[a b]`, `map[5000/tcp:{}]`, `<no value>`).
 */

export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** How a nil field prints, by its Go type: slices `[]`, maps `map[]`; unknown fields `<no value>`. */
export interface TemplateTypes {
  readonly slices?: ReadonlySet<string>;
  readonly maps?: ReadonlySet<string>;
}

type Node =
  | { kind: 'text'; text: string }
  | { kind: 'action'; expr: string }
  | { kind: 'range'; expr: string; body: Node[]; otherwise: Node[] }
  | { kind: 'if'; expr: string; body: Node[]; otherwise: Node[] };

function parse(format: string): Node[] {
  const tokens: Array<{ text?: string; action?: string }> = [];
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('{{', i);
    if (open < 0) { tokens.push({ text: format.slice(i) }); break; }
    if (open > i) tokens.push({ text: format.slice(i, open) });
    const close = format.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError('template: :1: unclosed action');
    tokens.push({ action: format.slice(open + 2, close).replace(/^-\s*/, '').replace(/\s*-$/, '').trim() });
    i = close + 2;
  }
  let pos = 0;
  const block = (inside: boolean): { nodes: Node[]; end: 'end' | 'else' | 'eof' } => {
    const nodes: Node[] = [];
    while (pos < tokens.length) {
      const t = tokens[pos++] as { text?: string; action?: string };
      if (t.text !== undefined) { nodes.push({ kind: 'text', text: t.text }); continue; }
      const a = t.action as string;
      if (a === 'end' || a === 'else') {
        if (!inside) throw new TemplateError(`template: :1: unexpected {{${a}}}`);
        return { nodes, end: a };
      }
      const m = /^(range|if)\s+(.*)$/.exec(a);
      if (m) {
        const body = block(true);
        const otherwise = body.end === 'else' ? block(true).nodes : [];
        nodes.push({ kind: m[1] as 'range' | 'if', expr: m[2] as string, body: body.nodes, otherwise });
        continue;
      }
      nodes.push({ kind: 'action', expr: a });
    }
    if (inside) throw new TemplateError('template: :1: unexpected EOF');
    return { nodes, end: 'eof' };
  };
  return block(false).nodes;
}

/** Split `index .RepoDigests 0` into words, keeping quoted strings whole. */
function words(expr: string): string[] {
  return [...expr.matchAll(/"(?:\\.|[^"])*"|`[^`]*`|\S+/g)].map((m) => m[0]);
}

function field(dot: unknown, path: string): { value: unknown; key: string; found: boolean } {
  let v: unknown = dot;
  let key = '';
  let found = true;
  for (const k of path.split('.').filter(Boolean)) {
    key = k;
    if (v && typeof v === 'object' && !Array.isArray(v) && k in (v as object)) v = (v as Record<string, unknown>)[k];
    else { v = undefined; found = false; }
  }
  return { value: v, key, found };
}

/** Go's fmt %v for the decoded JSON values docker formats. */
export function goValue(v: unknown, key = '', types: TemplateTypes = {}, found = true): string {
  if (v === null || v === undefined) {
    if (types.slices?.has(key)) return '[]';
    if (types.maps?.has(key)) return 'map[]';
    return found && v === null ? '<nil>' : '<no value>';
  }
  if (Array.isArray(v)) return `[${v.map((x) => goValue(x)).join(' ')}]`;
  if (typeof v === 'object') {
    const entries = Object.entries(v as object);
    if (entries.length === 0) return types.maps?.has(key) ? 'map[]' : '{}';
    return `map[${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, x]) => `${k}:${goValue(x)}`).join(' ')}]`;
  }
  return String(v);
}

const truthy = (v: unknown): boolean => !(v === undefined || v === null || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (typeof v === 'object' && Object.keys(v as object).length === 0));

function evaluate(expr: string, dot: unknown): { value: unknown; key: string; found: boolean } {
  const w = words(expr);
  const arg = (s: string): unknown => {
    if (s === '.') return dot;
    if (s.startsWith('.')) return field(dot, s).value;
    if (/^"/.test(s)) return JSON.parse(s) as string;
    if (/^`/.test(s)) return s.slice(1, -1);
    if (/^-?\d+$/.test(s)) return Number(s);
    throw new TemplateError(`template: :1: function "${s}" not defined`);
  };
  const [head = '.', ...rest] = w;
  switch (head) {
    case 'json': return { value: JSON.stringify(arg(rest[0] ?? '.') ?? null), key: '', found: true };
    case 'index': {
      let v = arg(rest[0] ?? '.');
      for (const k of rest.slice(1).map(arg)) {
        if (Array.isArray(v) && typeof k === 'number') {
          if (k < 0 || k >= v.length) throw new TemplateError(`template: :1:2: executing "" at <index ${rest.join(' ')}>: error calling index: index out of range: ${k}`);
          v = v[k];
        } else v = v && typeof v === 'object' ? (v as Record<string, unknown>)[String(k)] : undefined;
      }
      return { value: v, key: '', found: true };
    }
    case 'join': {
      const list = arg(rest[0] ?? '.');
      return { value: Array.isArray(list) ? list.map((x) => goValue(x)).join(String(arg(rest[1] ?? '""'))) : '', key: '', found: true };
    }
    case 'len': {
      const v = arg(rest[0] ?? '.');
      return { value: Array.isArray(v) ? v.length : typeof v === 'string' ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0, key: '', found: true };
    }
    case 'upper': case 'lower': {
      const v = goValue(arg(rest[0] ?? '.'));
      return { value: head === 'upper' ? v.toUpperCase() : v.toLowerCase(), key: '', found: true };
    }
    default:
      if (head === '.') return { value: dot, key: '', found: true };
      if (head.startsWith('.')) return field(dot, head);
      throw new TemplateError(`template: :1: function "${head}" not defined`);
  }
}

function render(nodes: readonly Node[], dot: unknown, types: TemplateTypes): string {
  let out = '';
  for (const n of nodes) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'action') { const r = evaluate(n.expr, dot); out += goValue(r.value, r.key, types, r.found); }
    else if (n.kind === 'if') out += render(truthy(evaluate(n.expr, dot).value) ? n.body : n.otherwise, dot, types);
    else {
      const v = evaluate(n.expr, dot).value;
      const items = Array.isArray(v) ? v : v && typeof v === 'object' ? Object.values(v as object) : [];
      out += items.length ? items.map((x) => render(n.body, x, types)).join('') : render(n.otherwise, dot, types);
    }
  }
  return out;
}

/** Execute `format` against `dot`. Throws TemplateError with Go's wording for what it cannot parse. */
export function goTemplate(format: string, dot: unknown, types: TemplateTypes = {}): string {
  return render(parse(format), dot, types);
}

/**
 * docker's list formatting (`docker images --format`, `docker ps --format`): `\t` and `\n` in the
 * format become real tabs and newlines; a `table ` prefix adds a header row and aligns columns.
 */
export function listFormat(format: string, rows: ReadonlyArray<Record<string, string>>, headers: Readonly<Record<string, string>>, table: (rows: string[][]) => string[]): string[] {
  const isTable = format.startsWith('table');
  const body = (isTable ? format.slice(5) : format).trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const lines = rows.map((r) => goTemplate(body, r));
  if (!isTable) return lines.flatMap((l) => l.split('\n'));
  const head = goTemplate(body, Object.fromEntries(Object.keys(rows[0] ?? headers).concat(Object.keys(headers)).map((k) => [k, headers[k] ?? k.toUpperCase()])));
  return table([head, ...lines].map((l) => l.split('\t')));
}
