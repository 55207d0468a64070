/**
 * jq on the laptop (and in images that installed it), through @michaelhomer/jqjs, a pure-JavaScript
 * implementation of the jq language: the filter runs there; the command line (-r -j -c -n -s -e
 * -S -R --tab --indent --arg --argjson), the input stream of JSON values, the output format
 * (jq's two-space indent) and jq's exit statuses are here. Runtime errors carry jq 1.8's
 * `jq: error (at <stdin>:N): …` frame; compile errors keep jq's frame around jqjs's own words.
 * `now` is the sandbox's clock, so a session stays deterministic.
 */
import jq from '@michaelhomer/jqjs';
import { errLine, writtenText, type TextInput, type TextLine, type TextOutput } from './textutils.ts';

/** Results one filter may give for one input before kubetutor stops it. */
const MAX_RESULTS = 100_000;

/** JSON values one after another in a text (jq reads a stream): each value and the line it ends on. */
function jsonValues(text: string): { values: Array<{ value: unknown; line: number }>; error?: string } {
  const values: Array<{ value: unknown; line: number }> = [];
  let i = 0;
  const lineAt = (k: number): number => (text.slice(0, k).match(/\n/g) ?? []).length + 1;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
    if (i >= text.length) break;
    const start = i;
    let depth = 0;
    let inString = false;
    for (; i < text.length; i++) {
      const c = text[i] as string;
      if (inString) {
        if (c === '\\') i++;
        else if (c === '"') { inString = false; if (depth === 0) { i++; break; } }
        continue;
      }
      if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if (c === '}' || c === ']') { depth--; if (depth <= 0) { i++; break; } }
      else if (depth === 0 && /\s/.test(c)) break;
      else if (depth === 0 && i > start && (text[i + 1] === '{' || text[i + 1] === '[' || text[i + 1] === '"')) { i++; break; }
    }
    const chunk = text.slice(start, i);
    try {
      values.push({ value: JSON.parse(chunk), line: lineAt(i) });
    } catch {
      const bad = depth > 0 || inString ? 'Unfinished JSON term at EOF' : /^[tfn]/.test(chunk) ? 'Invalid literal' : 'Invalid numeric literal';
      const lines = text.slice(0, i).split('\n');
      return { values, error: `jq: parse error: ${bad} at line ${lines.length}, column ${(lines[lines.length - 1] ?? '').length}` };
    }
  }
  return { values };
}

const sortKeys = (v: unknown): unknown => {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  return v;
};

/** A value as jq prints it. */
function format(v: unknown, o: { raw: boolean; compact: boolean; indent: string; sort: boolean; ascii: boolean }): string {
  if (v === undefined) return 'null';
  if (o.raw && typeof v === 'string') return v;
  const value = o.sort ? sortKeys(v) : v;
  let s = o.compact ? JSON.stringify(value) : JSON.stringify(value, null, o.indent);
  if (s === undefined) s = 'null';
  return o.ascii ? s.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : s;
}

/** `jq [OPTIONS] FILTER [FILE…]`; `now` is `nowSeconds` (the sandbox's clock). */
export function jqText(args: readonly string[], input: TextInput, nowSeconds: number): TextOutput {
  const o = { raw: false, join: false, compact: false, nullInput: false, slurp: false, exitStatus: false, sort: false, rawInput: false, ascii: false, indent: '  ' };
  const vars: Array<[string, string]> = [];
  let filter: string | undefined;
  const files: string[] = [];
  const usageError = (message: string): TextOutput => ({ lines: [errLine(`jq: ${message}`), ...['Use jq --help for help with command-line options,', 'or see the jq manpage, or online docs  at https://jqlang.org'].map(errLine)], code: 2 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    const long: Record<string, keyof typeof o> = { '--raw-output': 'raw', '--join-output': 'join', '--compact-output': 'compact', '--null-input': 'nullInput', '--slurp': 'slurp', '--exit-status': 'exitStatus', '--sort-keys': 'sort', '--raw-input': 'rawInput', '--ascii-output': 'ascii' };
    if (a in long) { (o as Record<string, unknown>)[long[a] as string] = true; continue; }
    if (a === '--tab') { o.indent = '\t'; continue; }
    if (a === '--indent') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n < 0 || n > 7) return usageError(n > 7 ? 'Cannot indent more than 7 characters' : '--indent takes one parameter');
      o.indent = ' '.repeat(n);
      if (n === 0) o.compact = true;
      continue;
    }
    if (a === '--arg' || a === '--argjson') {
      const name = args[++i];
      const value = args[++i];
      if (name === undefined || value === undefined) return usageError(`${a} takes two parameters (e.g. ${a} varname ${a === '--arg' ? 'value' : 'text'})`);
      if (a === '--argjson') {
        try { JSON.parse(value); } catch { return usageError(`Invalid JSON text passed to --argjson`); }
        vars.push([name, value]);
      } else vars.push([name, JSON.stringify(value)]);
      continue;
    }
    if (a === '-M' || a === '-C' || a === '--monochrome-output' || a === '--color-output' || a === '--unbuffered' || a === '--seq') continue;
    if (/^-[rjcnseSRaMC]+$/.test(a)) {
      for (const f of a.slice(1)) {
        if (f === 'r') o.raw = true; else if (f === 'j') { o.raw = true; o.join = true; } else if (f === 'c') o.compact = true; else if (f === 'n') o.nullInput = true;
        else if (f === 's') o.slurp = true; else if (f === 'e') o.exitStatus = true; else if (f === 'S') o.sort = true; else if (f === 'R') o.rawInput = true; else if (f === 'a') o.ascii = true;
      }
      continue;
    }
    if (a.startsWith('-') && a !== '-' && filter === undefined) return usageError(`Unknown arguments: ${a}`);
    if (filter === undefined) filter = a; else files.push(a);
  }
  if (o.join) o.raw = true;
  const program = filter ?? '.';
  let run: (input: unknown) => Iterable<unknown>;
  // `now` reads the sandbox's clock; --arg values are bound as jq binds them.
  const prelude = `def now: ${nowSeconds}; ${vars.map(([n, v]) => `${v} as $${n} | `).join('')}`;
  try {
    run = jq.compile(`${prelude}${program}`);
  } catch (e) {
    // jqjs counts columns from the start of what it compiled: count them from the learner's filter.
    const message = String(e instanceof Error ? e.message : e).replace(/at 1:(\d+)/g, (_m, col: string) => `at 1:${Math.max(1, Number(col) - prelude.length)}`);
    return { lines: [errLine(`jq: error: ${message} at <top-level>, line 1:`), errLine(program), errLine('jq: 1 compile error')], code: 3 };
  }
  // Inputs: stdin or the files, as one stream.
  let text = '';
  const where = files.length === 1 ? files[0] as string : '<stdin>';
  for (const f of files) {
    const r = input.read(f);
    if ('reason' in r) return { lines: [errLine(`jq: error: Could not open ${f}: ${r.reason}`)], code: 2 };
    text += r.text;
  }
  if (files.length === 0) text = input.stdin ?? '';
  let inputs: Array<{ value: unknown; line: number }>;
  let parseError: string | undefined;
  if (o.rawInput) {
    const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
    inputs = o.slurp ? [{ value: text, line: lines.length }] : lines.map((l, k) => ({ value: l, line: k + 1 }));
  } else {
    const parsed = jsonValues(text);
    inputs = parsed.values;
    parseError = parsed.error;
    if (o.slurp) inputs = [{ value: inputs.map((x) => x.value), line: inputs[inputs.length - 1]?.line ?? 1 }];
  }
  if (o.nullInput) inputs = [{ value: null, line: 1 }];
  const out: TextLine[] = [];
  let outText = '';
  let last: unknown = undefined;
  let produced = false;
  let code = 0;
  for (const { value, line } of inputs) {
    try {
      let count = 0;
      for (const r of run(value)) {
        // A filter that never ends (`range(infinite)`) would hold the sandbox; real jq waits for Ctrl-C.
        if (++count > MAX_RESULTS) throw `kubetutor stopped this filter after ${MAX_RESULTS.toLocaleString('en-US')} results`;
        produced = true;
        last = r;
        outText += format(r, o) + (o.join ? '' : '\n');
      }
    } catch (e) {
      out.push(...writtenText('out', outText));
      outText = '';
      const message = typeof e === 'string' ? e : e instanceof Error ? e.message : JSON.stringify(e);
      out.push(errLine(`jq: error (at ${where}:${line}): ${message}`));
      code = 5;
    }
  }
  out.push(...writtenText('out', outText));
  if (parseError) { out.push(errLine(parseError)); code = 2; }
  if (o.exitStatus && code === 0) code = !produced ? 4 : last === null || last === false ? 1 : 0;
  return { lines: out, code };
}
