/**
 * kubectl's output flags (`-o`, `--template`, `--allow-missing-template-keys`, `--no-headers`,
 * `--sort-by`) and the printers they choose, as k8s.io/cli-runtime/pkg/genericclioptions
 * (print_flags.go, kube_template_flags.go, jsonpath_flags.go, template_flags.go) and
 * kubectl/pkg/cmd/get (get_flags.go, customcolumn.go, sorter.go) do it: go-template and jsonpath
 * with their `-file` forms and `--template`, jsonpath-as-json, custom-columns (inline or from a
 * file), and the errors each prints.
 */
import type { KObject } from '../../sim/cluster/objects.ts';
import { parseQuantity } from '../../sim/cluster/quantity.ts';
import { cleanPath } from '../../sim/filesystem.ts';
import { goQuote } from '../../sim/image.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, type ParsedFlags } from '../flags.ts';
import { goFloat, goJson, goV, type GoValue } from '../format/gofmt.ts';
import { Template, TemplateError, type TemplateFunc } from '../format/gotemplate.ts';
import { JsonPath, JsonPathError, jsonPathDebugValue } from '../format/jsonpath.ts';
import { table } from '../format/table.ts';
import { err, out, type Line } from '../result.ts';

/** What `kubectl get` prints when the output is not its own table. */
export interface Printed {
  /** stdout, as written (it may lack a final newline). */
  readonly out: string;
  /** The error kubectl prints on stderr (already prefixed `error: `), if printing failed. */
  readonly error?: string;
}

export type Printer =
  | { readonly kind: 'human'; readonly wide: boolean }
  | { readonly kind: 'yaml' } | { readonly kind: 'json' } | { readonly kind: 'name' }
  | { readonly kind: 'generic'; print(data: GoValue): Printed }
  | { readonly kind: 'error'; readonly message: string };

/** A printer's output as lines: a final newline ends the last line rather than starting an empty one. */
export function printedOutput(printed: Printed): { out: Line[]; err: Line[] } {
  const split = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));
  return { out: split(printed.out).map(out), err: split(printed.error ?? '').map(err) };
}

const TEMPLATE_FORMATS = ['go-template', 'go-template-file', 'template', 'templatefile'];
const JSONPATH_FORMATS = ['jsonpath', 'jsonpath-as-json', 'jsonpath-file'];
const COLUMN_FORMATS = ['custom-columns', 'custom-columns-file'];

/** kubectl's template functions beyond Go's (cli-runtime printers/template.go). */
const KUBECTL_FUNCS: Record<string, TemplateFunc> = {
  base64decode: {
    params: ['string'],
    fn: (v) => {
      const s = v as string;
      // base64.StdEncoding: padded, standard alphabet, no whitespace.
      const bad = /[^A-Za-z0-9+/=]/.exec(s) ?? (s.length % 4 !== 0 ? { index: s.length - (s.length % 4) } : /=[^=]|={3}/.exec(s));
      if (bad) throw new Error(`base64 decode failed: illegal base64 data at input byte ${bad.index}`);
      return Buffer.from(s, 'base64').toString('utf8');
    },
  },
  exists: {
    params: ['any', 'any'],
    variadic: true,
    fn: (item, ...indices) => {
      let v: GoValue = item;
      for (const i of indices) {
        if (Array.isArray(v) && typeof i === 'bigint') { if (i < 0n || i >= BigInt(v.length)) return false; v = v[Number(i)] as GoValue; continue; }
        if (v && typeof v === 'object' && !Array.isArray(v) && typeof i === 'string') { v = (v as Record<string, GoValue>)[i] ?? null; continue; }
        return false;
      }
      return v !== null && v !== undefined;
    },
  },
};

/** Split `go-template=…` into format and value, as the flag structs do when --template is empty. */
function splitFormat(format: string, templateArg: string, formats: readonly string[]): { format: string; value: string } {
  if (templateArg) return { format, value: templateArg };
  for (const f of formats) if (format.startsWith(`${f}=`)) return { format: f, value: format.slice(f.length + 1) };
  return { format, value: '' };
}

function readFile(ctx: CommandContext, path: string): string | undefined {
  return ctx.world.fs.read(cleanPath(path.startsWith('/') ? path.replace(/^\/home\/learner\/workspace\/?/, '') : `${ctx.cwd}/${path}`));
}

/** The printer `-o` and `--template` ask for; `human` tables only where the verb has them (get). */
export function choosePrinter(p: ParsedFlags, ctx: CommandContext, options: { human: boolean; allowed: readonly string[] }): Printer {
  let output = flag(p, 'output') ?? '';
  const templateArg = flag(p, 'template') ?? '';
  const allowMissing = flag(p, 'allow-missing-template-keys') === undefined || bool(p, 'allow-missing-template-keys');
  // "For backwards compatibility": --template alone means go-template.
  if (templateArg && !output) output = 'go-template';

  if (output || templateArg) {
    const jp = splitFormat(output, templateArg, JSONPATH_FORMATS);
    if (JSONPATH_FORMATS.includes(jp.format)) {
      if (!jp.value) return { kind: 'error', message: 'error: template format specified but no template given' };
      let text = jp.value;
      if (jp.format === 'jsonpath-file') {
        const read = readFile(ctx, jp.value);
        if (read === undefined) return { kind: 'error', message: `error: error reading --template ${jp.value}, open ${jp.value}: no such file or directory` };
        text = read;
      }
      let engine: JsonPath;
      try {
        engine = new JsonPath(text);
      } catch (e) {
        return { kind: 'error', message: `error: error parsing jsonpath ${text}, ${(e as Error).message}` };
      }
      engine.allowMissingKeys = allowMissing;
      engine.outputJson = jp.format === 'jsonpath-as-json';
      return { kind: 'generic', print: (data) => printJsonPath(engine, text, data) };
    }
    const gt = splitFormat(output, templateArg, TEMPLATE_FORMATS);
    if (TEMPLATE_FORMATS.includes(gt.format)) {
      if (!gt.value) return { kind: 'error', message: 'error: template format specified but no template given' };
      let text = gt.value;
      if (gt.format === 'go-template-file' || gt.format === 'templatefile') {
        const read = readFile(ctx, gt.value);
        if (read === undefined) return { kind: 'error', message: `error: error reading --template ${gt.value}, open ${gt.value}: no such file or directory` };
        text = read;
      }
      let tmpl: Template;
      try {
        tmpl = new Template(text, { name: 'output', missingKey: allowMissing ? 'default' : 'error', funcs: KUBECTL_FUNCS });
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        return { kind: 'error', message: `error: error parsing template ${text}, ${e.message}` };
      }
      return { kind: 'generic', print: (data) => printGoTemplate(tmpl, text, data) };
    }
  }
  if (output === 'json') return { kind: 'json' };
  if (output === 'yaml') return { kind: 'yaml' };
  if (options.human && (output === '' || output === 'wide')) return { kind: 'human', wide: output === 'wide' };
  if (output && options.allowed.includes('custom-columns')) {
    const cc = splitFormat(output, templateArg, COLUMN_FORMATS);
    if (COLUMN_FORMATS.includes(cc.format)) return customColumns(ctx, cc.format, cc.value, bool(p, 'no-headers'));
  }
  if (output === 'name') return { kind: 'name' };
  return { kind: 'error', message: `error: unable to match a printer suitable for the output format "${output}", allowed formats are: ${[...options.allowed].sort().join(',')}` };
}

/** Every format `kubectl get` knows (its NoCompatiblePrinterError lists them sorted). */
export const GET_FORMATS = ['json', 'yaml', 'name', ...TEMPLATE_FORMATS, ...JSONPATH_FORMATS, ...COLUMN_FORMATS, 'wide'];
/** What apply, create and the other printing verbs accept. */
export const OBJECT_FORMATS = ['json', 'yaml', 'name', ...TEMPLATE_FORMATS, ...JSONPATH_FORMATS];

/** JSONPathPrinter.PrintObj: the result, or kubectl's report of what failed. */
function printJsonPath(engine: JsonPath, text: string, data: GoValue): Printed {
  try {
    return { out: engine.execute(data) };
  } catch (e) {
    if (!(e instanceof JsonPathError)) throw e;
    const report = `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${text}\n\tobject given to jsonpath engine was:\n\t\t${jsonPathDebugValue(data)}\n\n`;
    return { out: '', error: `error: error executing jsonpath ${goQuote(text)}: ${report}\n` };
  }
}

/** GoTemplatePrinter.PrintObj: on an error, what was written, then the debugging report on stdout too. */
function printGoTemplate(tmpl: Template, text: string, data: GoValue): Printed {
  // kubectl marshals the object and decodes it into map[string]interface{}: every number is a float64.
  let partial = '';
  try {
    return { out: tmpl.execute(data, (written) => { partial = written; }) };
  } catch (e) {
    if (!(e instanceof TemplateError)) throw e;
    const report = `Error executing template: ${e.message}. Printing more information for debugging the template:\n\ttemplate was:\n\t\t${text}\n\traw data was:\n\t\t${goJson(data)}\n\tobject given to template engine was:\n\t\t${goV(data)}\n\n`;
    return { out: partial + report, error: `error: error executing template ${goQuote(text)}: ${e.message}` };
  }
}

const RELAXED = /^\{\.?([^{}]+)\}$|^\.?([^{}]+)$/;

/** RelaxedJSONPathExpression: `metadata.name`, `.metadata.name`, `{metadata.name}` → `{.metadata.name}`. */
export function relaxedJsonPath(expr: string): string | undefined {
  if (expr === '') return expr;
  const m = RELAXED.exec(expr);
  if (!m) return undefined;
  return `{.${m[1] || m[2]}}`;
}

interface Column { readonly header: string; readonly spec: string }

function customColumns(ctx: CommandContext, format: string, value: string, noHeaders: boolean): Printer {
  if (!value) return { kind: 'error', message: 'error: custom-columns format specified but no custom columns given' };
  const bad = "error: unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";
  const columns: Column[] = [];
  let headers = !noHeaders;
  if (format === 'custom-columns-file') {
    const text = readFile(ctx, value);
    if (text === undefined) return { kind: 'error', message: `error: error reading template ${value}, open ${value}: no such file or directory` };
    const [head, specs] = text.split('\n').map((l) => l.split(/\s+/).filter(Boolean));
    if (!head) return { kind: 'error', message: 'error: invalid template, missing header line. Expected format is one line of space separated headers, one line of space separated column specs.' };
    if (!specs) return { kind: 'error', message: 'error: invalid template, missing spec line. Expected format is one line of space separated headers, one line of space separated column specs.' };
    if (head.length !== specs.length) return { kind: 'error', message: `error: number of headers (${head.length}) and field specifications (${specs.length}) don't match` };
    for (let i = 0; i < head.length; i++) {
      const spec = relaxedJsonPath(specs[i] as string);
      if (spec === undefined) return { kind: 'error', message: bad };
      columns.push({ header: head[i] as string, spec });
    }
    // The file form prints headers even with --no-headers (NewCustomColumnsPrinterFromTemplate).
    headers = true;
  } else {
    for (const part of value.split(',')) {
      const colon = part.indexOf(':');
      if (colon < 0) return { kind: 'error', message: `error: unexpected custom-columns spec: ${part}, expected <header>:<json-path-expr>` };
      const spec = relaxedJsonPath(part.slice(colon + 1));
      if (spec === undefined) return { kind: 'error', message: bad };
      columns.push({ header: part.slice(0, colon), spec });
    }
  }
  return {
    kind: 'generic',
    print: (data) => {
      const engines: JsonPath[] = [];
      for (const c of columns) {
        try { engines.push(Object.assign(new JsonPath(c.spec), { allowMissingKeys: true })); } catch (e) { return { out: '', error: `error: ${(e as Error).message}` }; }
      }
      const items = isList(data) ? (data as { items: GoValue[] }).items : [data];
      const rows: string[][] = headers ? [columns.map((c) => c.header)] : [];
      for (const item of items) {
        const row: string[] = [];
        for (const engine of engines) {
          let found: GoValue[][];
          try { found = engine.findResults(item, 0); } catch (e) { return { out: table(rows).map((l) => `${l}\n`).join(''), error: `error: ${(e as Error).message}` }; }
          const values = found.flat().map((v) => columnValue(v));
          row.push(found.length === 0 || (found[0] as GoValue[]).length === 0 ? ['<none>', ...values].join(',') : values.join(','));
        }
        rows.push(row);
      }
      return { out: table(rows).map((l) => `${l}\n`).join('') };
    },
  };
}

/** fmt.Sprint of an unstructured value, terminal-escaped (whole numbers are int64). */
function columnValue(v: GoValue): string {
  const text = typeof v === 'number' ? (Number.isInteger(v) ? String(v) : goFloat(v)) : goV(v);
  return text.replace(/[\x00-\x08\x0b-\x1f\x7f]/g, (c) => `^${String.fromCharCode((c.charCodeAt(0) + 64) & 0x7f)}`);
}

function isList(v: GoValue): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Array.isArray((v as Record<string, GoValue>).items) && String((v as Record<string, GoValue>).kind ?? '').endsWith('List');
}

/** An object as the printers see it: its JSON form. */
export function printable(obj: KObject | Record<string, unknown>): GoValue {
  return JSON.parse(JSON.stringify(obj)) as GoValue;
}

/**
 * `--sort-by`: objects in the order kubectl's sorter gives (sorter.go: isLess, quantities
 * compared as quantities); an error when no object has the field.
 */
export function sortObjects<T extends KObject>(objs: readonly T[], sortBy: string): T[] | { error: string } {
  const field = relaxedJsonPath(sortBy) ?? sortBy;
  let engine: JsonPath;
  try { engine = Object.assign(new JsonPath(field), { allowMissingKeys: true }); } catch (e) { return { error: `error: ${(e as Error).message}` }; }
  const keyOf = (o: T): GoValue | undefined => {
    try { return engine.findResults(printable(o), 0)[0]?.[0]; } catch { return undefined; }
  };
  const keyed = objs.map((o) => ({ o, k: keyOf(o) }));
  if (keyed.length > 0 && keyed.every((x) => x.k === undefined)) return { error: `error: couldn't find any field with path ${goQuote(field)} in the list of objects` };
  const less = (a: GoValue | undefined, b: GoValue | undefined): boolean => {
    if (a === undefined) return true;
    if (b === undefined) return false;
    if (typeof a === 'number' && typeof b === 'number') return a < b;
    if (typeof a === 'string' && typeof b === 'string') {
      const qa = /^[+-]?[\d.]/.test(a) ? parseQuantity(a) : undefined;
      const qb = /^[+-]?[\d.]/.test(b) ? parseQuantity(b) : undefined;
      return qa !== undefined && qb !== undefined ? qa < qb : a < b;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = 0; i < Math.min(a.length, b.length); i++) if (!less(a[i], b[i])) return false;
      return true;
    }
    return false;
  };
  return [...keyed].sort((x, y) => (less(x.k, y.k) ? (less(y.k, x.k) ? 0 : -1) : less(y.k, x.k) ? 1 : 0)).map((x) => x.o);
}
