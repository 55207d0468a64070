/**
 * Go's fmt and encoding/json as kubectl's and docker's templates print values: `%v` of decoded
 * JSON (`map[a:b]`, `[x y]`, `<nil>`, float64 as `1e+06`), Printf verbs, `%#v` of an
 * unstructured object (what jsonpath's error report shows) and json.Marshal (sorted keys, `<>&`
 * escaped as `\u003c`…).
 *
 * Values are decoded JSON, with one addition: a Go `int` (a template literal, `len`, a docker
 * inspect field) is a JS bigint, so it prints and compares as an int, while a JS number is a
 * float64, as json.Unmarshal into interface{} makes every number.
 */
import { goQuote } from '../../sim/image.ts';

/** A value in a template: undefined is Go's invalid reflect.Value (a missing key), null a nil interface. */
export type GoValue = undefined | null | string | number | bigint | boolean | readonly GoValue[] | { readonly [key: string]: GoValue };

/** Options for how `%v` prints objects: decoded JSON maps (`map[]`), or docker's structs (`{}` when empty). */
export interface PrintStyle {
  /** How an empty object prints: `map[]` (a Go map) or `{}` (a struct with no fields set). */
  readonly emptyObject?: 'map[]' | '{}';
}

/** Marks an object that is a Go map in data that are otherwise structs: empty, it prints `map[]`. */
export const GO_MAP: unique symbol = Symbol('go-map');

export const isMap = (v: unknown): v is Record<string, GoValue> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Go type name of a value, for error messages (`float64`, `map[string]interface {}`). */
export function goTypeName(v: GoValue): string {
  if (v === null || v === undefined) return 'interface {}';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float64';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

/** strconv.FormatFloat(f, 'g', -1, 64), as %v prints a float64: shortest digits, an exponent from 1e+06 up and below 1e-04. */
export function goFloat(f: number): string {
  if (Number.isNaN(f)) return 'NaN';
  if (!Number.isFinite(f)) return f > 0 ? '+Inf' : '-Inf';
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  const [mant = '0', expText = '0'] = f.toExponential().split('e');
  const exp = Number(expText);
  // %v is %g with the shortest precision, for which strconv picks %e when exp < -4 || exp >= 6.
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  const digits = mant.replace('-', '').replace('.', '');
  const sign = f < 0 ? '-' : '';
  if (exp >= digits.length - 1) return sign + digits + '0'.repeat(exp - digits.length + 1);
  if (exp >= 0) return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
}

/** fmt's %v. */
export function goV(v: GoValue, style: PrintStyle = {}): string {
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return goFloat(v);
  if (Array.isArray(v)) return `[${v.map((x) => goV(x, style)).join(' ')}]`;
  const entries = Object.entries(v as Record<string, GoValue>);
  if (entries.length === 0) return (v as { [GO_MAP]?: boolean })[GO_MAP] ? 'map[]' : style.emptyObject ?? 'map[]';
  return `map[${sortedEntries(v as Record<string, GoValue>).map(([k, x]) => `${k}:${goV(x, style)}`).join(' ')}]`;
}

/** Keys in Go's fmt/encoding order (byte order of the strings). */
export function sortedEntries<T>(m: Readonly<Record<string, T>>): Array<[string, T]> {
  return Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** fmt.Sprint: operands separated by a space when neither side is a string. */
export function goSprint(args: readonly GoValue[], style: PrintStyle = {}): string {
  let s = '';
  args.forEach((a, i) => {
    if (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string') s += ' ';
    s += goV(a, style);
  });
  return s;
}

/** fmt.Sprintln: always a space between operands, and a newline. */
export function goSprintln(args: readonly GoValue[], style: PrintStyle = {}): string {
  return `${args.map((a) => goV(a, style)).join(' ')}\n`;
}

/** `%#v` of decoded JSON as an unstructured object holds it (integers are int64). */
export function goSyntax(v: GoValue): string {
  if (v === null || v === undefined) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  if (Array.isArray(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  return `map[string]interface {}{${sortedEntries(v as Record<string, GoValue>).map(([k, x]) => `${goQuote(k)}:${goSyntax(x)}`).join(', ')}}`;
}

/** encoding/json's string escaping, HTML-safe as json.Marshal writes it. */
function jsonString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || ch === '<' || ch === '>' || ch === '&' || c === 0x2028 || c === 0x2029) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** json.Marshal (compact) or json.MarshalIndent(v, "", indent): map keys sorted. */
export function goJson(v: GoValue, indent = ''): string {
  const nl = (depth: number): string => (indent ? `\n${indent.repeat(depth)}` : '');
  const write = (x: GoValue, depth: number): string => {
    if (x === null || x === undefined) return 'null';
    if (typeof x === 'string') return jsonString(x);
    if (typeof x === 'bigint' || typeof x === 'boolean') return String(x);
    if (typeof x === 'number') return Number.isFinite(x) ? JSON.stringify(x) : 'null';
    if (Array.isArray(x)) return x.length === 0 ? '[]' : `[${x.map((e) => nl(depth + 1) + write(e, depth + 1)).join(',')}${nl(depth)}]`;
    const entries = sortedEntries(x as Record<string, GoValue>).filter(([, e]) => e !== undefined);
    if (entries.length === 0) return '{}';
    return `{${entries.map(([k, e]) => `${nl(depth + 1)}${jsonString(k)}:${indent ? ' ' : ''}${write(e, depth + 1)}`).join(',')}${nl(depth)}}`;
  };
  return write(v, 0);
}

/** Go's %q of a value: strings quoted, others as %v with `%!q(type=v)` for the unquotable. */
function quoteVerb(v: GoValue): string | undefined {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'bigint') return `'${String.fromCodePoint(Number(v))}'`;
  if (Array.isArray(v)) return `[${v.map((x) => quoteVerb(x) ?? goV(x)).join(' ')}]`;
  return undefined;
}

/** The exact decimal digits of a float64 (every double is a finite binary fraction). */
function exactDecimal(f: number): { digits: string; point: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(f));
  const bits = view.getBigUint64(0);
  const exp = Number((bits >> 52n) & 0x7ffn);
  let mant = bits & ((1n << 52n) - 1n);
  let e = exp - 1075;
  if (exp === 0) e = -1074; else mant |= 1n << 52n;
  // value = mant * 2^e = mant * 5^-e / 10^-e when e < 0.
  if (e >= 0) return { digits: (mant << BigInt(e)).toString(), point: (mant << BigInt(e)).toString().length };
  const digits = (mant * 5n ** BigInt(-e)).toString().padStart(-e + 1, '0');
  return { digits, point: digits.length + e };
}

/** strconv.FormatFloat(f, 'f', prec, 64): rounded half to even on the exact value, as Go does. */
function goFixed(f: number, prec: number): string {
  if (!Number.isFinite(f)) return goFloat(f);
  const { digits, point } = exactDecimal(f);
  const keep = point + prec;
  let kept = BigInt(digits.slice(0, Math.max(0, keep)) || '0');
  const rest = keep < 0 ? '0' : digits.slice(keep);
  const first = Number(rest[0] ?? '0');
  const tail = /[1-9]/.test(rest.slice(1));
  if (keep >= 0 && (first > 5 || (first === 5 && (tail || kept % 2n === 1n)))) kept += 1n;
  let text = kept.toString().padStart(prec + 1, '0');
  if (prec > 0) text = `${text.slice(0, -prec)}.${text.slice(-prec)}`;
  return `${f < 0 || Object.is(f, -0) ? '-' : ''}${text}`;
}

function pad(s: string, width: number | undefined, minus: boolean, zero: boolean): string {
  if (width === undefined || s.length >= width) return s;
  if (minus) return s.padEnd(width);
  if (zero) {
    const sign = /^[+-]/.test(s) ? s[0] as string : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

/** fmt.Sprintf with the verbs templates use: %v %s %d %q %t %f %e %g %x %X %o %b %c %U %T %%. */
export function goSprintf(format: string, args: readonly GoValue[], style: PrintStyle = {}): string {
  let out = '';
  let argi = 0;
  for (let i = 0; i < format.length; i++) {
    const ch = format[i] as string;
    if (ch !== '%') { out += ch; continue; }
    const m = /^%([-+# 0]*)(\d+)?(?:\.(\d*))?([a-zA-Z%])?/.exec(format.slice(i)) as RegExpExecArray;
    i += m[0].length - 1;
    const flags = m[1] ?? '';
    const width = m[2] === undefined ? undefined : Number(m[2]);
    const prec = m[3] === undefined ? undefined : Number(m[3] || 0);
    const verb = m[4];
    if (verb === undefined) { out += '%!(NOVERB)'; continue; }
    if (verb === '%') { out += '%'; continue; }
    if (argi >= args.length) { out += `%!${verb}(MISSING)`; continue; }
    const a = args[argi++] as GoValue;
    const minus = flags.includes('-');
    const zero = flags.includes('0') && !minus;
    const bad = (): string => `%!${verb}(${a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${goV(a, style)}`})`;
    let s: string;
    switch (verb) {
      case 'v': s = flags.includes('#') ? goSyntax(a) : goV(a, style); break;
      case 's': s = typeof a === 'string' ? a : Array.isArray(a) || isMap(a) ? goV(a, style) : bad(); if (prec !== undefined && typeof a === 'string') s = s.slice(0, prec); break;
      case 'q': s = quoteVerb(a) ?? bad(); break;
      case 't': s = typeof a === 'boolean' ? String(a) : bad(); break;
      case 'T': s = a === null || a === undefined ? '<nil>' : goTypeName(a); break;
      case 'd': s = typeof a === 'bigint' ? `${flags.includes('+') && a >= 0n ? '+' : ''}${a}` : bad(); break;
      case 'c': s = typeof a === 'bigint' ? String.fromCodePoint(Number(a)) : bad(); break;
      case 'U': s = typeof a === 'bigint' ? `U+${a.toString(16).toUpperCase().padStart(4, '0')}` : bad(); break;
      case 'x': case 'X': case 'o': case 'b': {
        const radix = verb === 'o' ? 8 : verb === 'b' ? 2 : 16;
        if (typeof a === 'bigint') s = a.toString(radix);
        else if (typeof a === 'string' && radix === 16) s = [...new TextEncoder().encode(a)].map((b) => b.toString(16).padStart(2, '0')).join('');
        else s = bad();
        if (verb === 'X') s = s.toUpperCase();
        break;
      }
      case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': {
        if (typeof a !== 'number') { s = bad(); break; }
        if (verb === 'f' || verb === 'F') s = goFixed(a, prec ?? 6);
        else if (verb === 'e' || verb === 'E') s = a.toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
        else s = prec === undefined ? goFloat(a) : a.toPrecision(prec);
        if (verb === 'E' || verb === 'G') s = s.toUpperCase();
        if (flags.includes('+') && a >= 0) s = `+${s}`;
        break;
      }
      default: s = bad();
    }
    out += pad(s, width, minus, zero && 'dxXobfFeEgG'.includes(verb));
  }
  if (argi < args.length) out += `%!(EXTRA ${args.slice(argi).map((a) => (a === null || a === undefined ? '<nil>' : `${goTypeName(a)}=${goV(a, style)}`)).join(', ')})`;
  return out;
}
