/**
 * The text filters every machine has — grep, head, tail, wc, base64 — written once for the
 * laptop's shell and for the shells inside containers. Each reads stdin or named files through
 * the caller, and returns its output lines (stdout and stderr, in order) and exit status.
 */
import { contentBytes } from './exec.ts';

export interface TextInput {
  readonly stdin: string | undefined;
  /** A named file's text, or why it cannot be read (`No such file or directory`). */
  read(file: string): { readonly text: string } | { readonly reason: string };
  /** Write a named file (`sed -i`, `uniq IN OUT`): undefined, or why it cannot be written. */
  write?(file: string, text: string): string | undefined;
}

/** One line a tool printed; `partial` when no newline ends it. */
export interface TextLine {
  readonly stream: 'out' | 'err';
  readonly text: string;
  readonly partial?: boolean;
}

export interface TextOutput {
  readonly lines: readonly TextLine[];
  readonly code: number;
}

/** Text as a program writes it: one line per newline, and a last line without one marked partial. */
export function writtenText<S extends string>(stream: S, text: string): Array<{ stream: S; text: string; partial?: boolean }> {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((t, i) => (i === lines.length - 1 && !text.endsWith('\n') ? { stream, text: t, partial: true } : { stream, text: t }));
}

const outLine = (text: string): { stream: 'out'; text: string } => ({ stream: 'out', text });
export const errLine = (text: string): { stream: 'err'; text: string } => ({ stream: 'err', text });

/** Lines of the named files, or of stdin. */
function inputLines(files: readonly string[], input: TextInput, name: string): { lines: string[]; errors: string[] } {
  const errors: string[] = [];
  const texts = files.length === 0 ? [input.stdin ?? ''] : files.map((f) => {
    const r = input.read(f);
    if ('reason' in r) { errors.push(`${name}: ${f}: ${r.reason}`); return ''; }
    return r.text;
  });
  return { lines: texts.flatMap((t) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'))), errors };
}

/** grep [-i] [-v] [-c] [-n] [-o] [-q] [-w] [-E|-F] PATTERN [FILE…]: exit 1 when nothing matches, as grep does. */
export function grepText(args: readonly string[], input: TextInput): TextOutput {
  const opts = new Set<string>();
  const rest: string[] = [];
  for (const a of args) if (/^-[ivcnoqEFw]+$/.test(a) && rest.length === 0) for (const c of a.slice(1)) opts.add(c); else rest.push(a);
  const [pattern, ...files] = rest;
  if (pattern === undefined) return { lines: [errLine('Usage: grep [OPTION]... PATTERNS [FILE]...'), errLine("Try 'grep --help' for more information.")], code: 2 };
  let re: RegExp;
  try {
    const source = opts.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : opts.has('E') ? pattern : pattern.replace(/\\([|+?(){}])/g, '\u0000$1').replace(/([|+?(){}])/g, '\\$1').replace(/\u0000/g, '');
    re = new RegExp(opts.has('w') ? `\\b(?:${source})\\b` : source, opts.has('i') ? 'i' : '');
  } catch {
    return { lines: [errLine('grep: Unmatched ( or \\(')], code: 2 };
  }
  const { lines, errors } = inputLines(files, input, 'grep');
  const hits = lines.map((l, i) => ({ l, i })).filter(({ l }) => re.test(l) !== opts.has('v'));
  const numbered = (l: string, i: number): string => (opts.has('n') ? `${i + 1}:${l}` : l);
  // -o: each match on its own line (none for -v, as GNU grep).
  const only = (l: string, i: number): string[] => (opts.has('v') ? [] : [...l.matchAll(new RegExp(re.source, `g${re.flags}`))].map((m) => numbered(m[0], i)));
  const shown = opts.has('q') ? [] : opts.has('c') ? [outLine(String(hits.length))] : hits.flatMap(({ l, i }) => (opts.has('o') ? only(l, i) : [numbered(l, i)]).map(outLine));
  return { lines: [...shown, ...errors.map(errLine)], code: errors.length ? 2 : hits.length ? 0 : 1 };
}

/** head/tail [-n N | -N] [FILE…]. */
export function headTailText(which: 'head' | 'tail', args: readonly string[], input: TextInput): TextOutput {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-n') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  if (!Number.isFinite(n)) return { lines: [errLine(`${which}: invalid number of lines`)], code: 1 };
  const { lines, errors } = inputLines(files, input, which);
  const picked = which === 'head' ? lines.slice(0, n) : n === 0 ? [] : lines.slice(-n);
  return { lines: [...picked.map(outLine), ...errors.map(errLine)], code: errors.length ? 1 : 0 };
}

/** wc [-l|-w|-c] [FILE…]: with one count asked for and stdin, just the number. */
export function wcText(args: readonly string[], input: TextInput): TextOutput {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const files = args.filter((a) => !a.startsWith('-'));
  const text = files.length === 0 ? (input.stdin ?? '') : files.map((f) => { const r = input.read(f); return 'text' in r ? r.text : ''; }).join('');
  const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: contentBytes(text) };
  const asked = (['l', 'w', 'c'] as const).filter((k) => flags.includes(k));
  const show = asked.length ? asked : (['l', 'w', 'c'] as const);
  const nums = show.map((k) => counts[k]);
  const width = show.length === 1 ? 0 : Math.max(...nums.map((x) => String(x).length), files.length ? 1 : 7);
  return { lines: [outLine(`${nums.map((x) => String(x).padStart(width)).join(' ')}${files.length ? ` ${files.join(' ')}` : ''}`)], code: 0 };
}

/** Standard base64 with `=` padding, as coreutils writes it. */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function encodeBase64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const [a = 0, b = 0, c = 0] = [bytes[i], bytes[i + 1], bytes[i + 2]];
    const n = (a << 16) | (b << 8) | c;
    text += (B64[(n >> 18) & 63] as string) + (B64[(n >> 12) & 63] as string);
    text += i + 1 < bytes.length ? B64[(n >> 6) & 63] : '=';
    text += i + 2 < bytes.length ? B64[n & 63] : '=';
  }
  return text;
}

/** base64 of a text's UTF-8 bytes (what `echo -n TEXT | base64 -w0` prints). */
export function base64Of(text: string): string {
  return encodeBase64(new TextEncoder().encode(text));
}

/**
 * Decode as coreutils does: newlines are skipped; at the first character that is not base64 (or a
 * last group cut short) it stops, having written what decoded so far.
 */
function decodeBase64(text: string, ignoreGarbage: boolean): { bytes: Uint8Array; ok: boolean } {
  const chars = [...text].filter((c) => c !== '\n' && (!ignoreGarbage || B64.includes(c) || c === '='));
  const out: number[] = [];
  let group: number[] = [];
  let ok = true;
  let i = 0;
  for (; i < chars.length; i++) {
    const c = chars[i] as string;
    if (c === '=') {
      // Padding ends a group of two or three characters; anything after it must be padding too.
      if (group.length < 2) { ok = false; break; }
      const need = 4 - group.length;
      if (chars.slice(i, i + need).join('') !== '='.repeat(need)) { ok = false; break; }
      i += need - 1;
      break;
    }
    const v = B64.indexOf(c);
    if (v < 0) { ok = false; break; }
    group.push(v);
    if (group.length === 4) {
      const n = ((group[0] as number) << 18) | ((group[1] as number) << 12) | ((group[2] as number) << 6) | (group[3] as number);
      out.push((n >> 16) & 255, (n >> 8) & 255, n & 255);
      group = [];
    }
  }
  if (group.length >= 2) {
    const n = ((group[0] as number) << 18) | ((group[1] as number) << 12) | ((group[2] ?? 0) << 6);
    out.push((n >> 16) & 255);
    if (group.length === 3) out.push((n >> 8) & 255);
    // Without its `=` padding a short last group is still an error.
    if (i >= chars.length) ok = false;
  } else if (group.length === 1) ok = false;
  if (ok && chars.slice(i + 1).length > 0) ok = false;
  return { bytes: Uint8Array.from(out), ok };
}

/** `base64 [-d] [-i] [-w COLS] [FILE]` (GNU coreutils 9). */
export function base64Text(args: readonly string[], input: TextInput): TextOutput {
  let decode = false;
  let ignoreGarbage = false;
  let wrap = 76;
  const files: string[] = [];
  const usage = (line: string): TextOutput => ({ lines: [errLine(line), errLine("Try 'base64 --help' for more information.")], code: 1 });
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-d' || a === '--decode' || a === '-D') decode = true;
    else if (a === '-i' || a === '--ignore-garbage') ignoreGarbage = true;
    else if (a === '-w' || a === '--wrap' || a.startsWith('--wrap=') || /^-w\d/.test(a)) {
      const v = a.startsWith('--wrap=') ? a.slice(7) : /^-w./.test(a) ? a.slice(2) : args[++i];
      if (v === undefined) return usage("base64: option requires an argument -- 'w'");
      if (!/^\d+$/.test(v)) return { lines: [errLine(`base64: invalid wrap size: ‘${v}’`)], code: 1 };
      wrap = Number(v);
    } else if (/^-[di]+$/.test(a)) { decode ||= a.includes('d'); ignoreGarbage ||= a.includes('i'); }
    else if (a === '--help') return { lines: [outLine('Usage: base64 [OPTION]... [FILE]'), outLine('Base64 encode or decode FILE, or standard input, to standard output.')], code: 0 };
    else if (a.startsWith('--') && a.length > 2) return usage(`base64: unrecognized option '${a}'`);
    else if (a.startsWith('-') && a !== '-') return usage(`base64: invalid option -- '${a[1]}'`);
    else files.push(a);
  }
  if (files.length > 1) return usage(`base64: extra operand ‘${files[1]}’`);
  let text = input.stdin ?? '';
  if (files[0] !== undefined && files[0] !== '-') {
    const r = input.read(files[0]);
    if ('reason' in r) return { lines: [errLine(`base64: ${files[0]}: ${r.reason}`)], code: 1 };
    text = r.text;
  }
  if (!decode) {
    const encoded = base64Of(text);
    if (encoded === '') return { lines: [], code: 0 };
    const lines = wrap === 0 ? [encoded] : (encoded.match(new RegExp(`.{1,${wrap}}`, 'g')) as string[]);
    return { lines: lines.map(outLine), code: 0 };
  }
  const { bytes, ok } = decodeBase64(text, ignoreGarbage);
  const decoded = new TextDecoder().decode(bytes);
  const lines = decoded === '' ? [] : decoded.replace(/\n$/, '').split('\n').map(outLine);
  return { lines: ok ? lines : [...lines, errLine('base64: invalid input')], code: ok ? 0 : 1 };
}

/** GNU's way to end a usage error: the message, then where help is. */
export const tryHelp = (tool: string, message: string, code = 1): TextOutput => ({ lines: [errLine(`${tool}: ${message}`), errLine(`Try '${tool} --help' for more information.`)], code });

/** Text of the named files (or stdin, or `-`) concatenated, with `tool: FILE: reason` for those that cannot be read. */
export function inputText(files: readonly string[], input: TextInput, onError: (file: string, reason: string) => string): { text: string; errors: string[] } {
  const errors: string[] = [];
  const parts = (files.length === 0 ? ['-'] : files).map((f) => {
    if (f === '-') return input.stdin ?? '';
    const r = input.read(f);
    if ('reason' in r) { errors.push(onError(f, r.reason)); return ''; }
    return r.text.endsWith('\n') || r.text === '' ? r.text : `${r.text}\n`;
  });
  return { text: parts.join(''), errors };
}

const linesOf = (text: string): string[] => (text === '' ? [] : text.replace(/\n$/, '').split('\n'));

/** Options given as `-abc` or separately, with those that take a value (`-k 2`, `-k2`, `--key=2`). */
function readOptions(tool: string, args: readonly string[], valued: string, long: Record<string, string>, flags: string): { opts: Array<[string, string]>; rest: string[] } | TextOutput {
  const opts: Array<[string, string]> = [];
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') { rest.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--') && a.length > 2) {
      const [name, value] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      const short = long[name];
      if (short === undefined) return tryHelp(tool, `unrecognized option '${a}'`, tool === 'sort' ? 2 : 1);
      if (valued.includes(short)) {
        const v = value ?? args[++i];
        if (v === undefined) return tryHelp(tool, `option '--${name}' requires an argument`, tool === 'sort' ? 2 : 1);
        opts.push([short, v]);
      } else opts.push([short, '']);
      continue;
    }
    if (a.startsWith('-') && a.length > 1 && !/^-\d/.test(a)) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (valued.includes(c)) {
          const v = j + 1 < a.length ? a.slice(j + 1) : args[++i];
          if (v === undefined) return tryHelp(tool, `option requires an argument -- '${c}'`, tool === 'sort' ? 2 : 1);
          opts.push([c, v]);
          break;
        }
        if (!flags.includes(c)) return tryHelp(tool, `invalid option -- '${c}'`, tool === 'sort' ? 2 : 1);
        opts.push([c, '']);
      }
      continue;
    }
    rest.push(a);
  }
  return { opts, rest };
}

interface SortKey { startField: number; startChar: number; endField: number; endChar: number; numeric: boolean; reverse: boolean; fold: boolean; blanks: boolean; human: boolean; version: boolean }

/** A number as `sort -n` reads the start of a string (blanks, sign, digits, one decimal point); 0 when there is none. */
function leadingNumber(s: string): number {
  const m = /^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))/.exec(s);
  return m ? Number(m[1]) : 0;
}

/** `sort -h`: 2K < 1M, as kubectl top's columns are read. */
function humanNumber(s: string): number {
  const m = /^\s*(-?(?:\d+(?:\.\d*)?|\.\d+))([KMGTPEZY]?)/i.exec(s);
  if (!m) return 0;
  return Number(m[1]) * 1024 ** ' KMGTPEZY'.indexOf((m[2] ?? '').toUpperCase() || ' ');
}

const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `sort -V`: runs of digits compare as numbers. */
function versionCompare(a: string, b: string): number {
  const pa = a.match(/\d+|\D+/g) ?? [];
  const pb = b.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    const c = /^\d/.test(x) && /^\d/.test(y) ? Number(x) - Number(y) : byCodePoint(x, y);
    if (c !== 0) return c;
  }
  return pa.length - pb.length;
}

/**
 * sort [-nrufbhVs] [-k POS1[,POS2]] [-t SEP] [FILE…] (GNU coreutils). Lines compare by code point
 * (sort's C locale); equal keys fall back to the whole line unless -s or -u, as GNU sort does.
 * Without -t a field keeps the blanks before it (so `-k3` sees them, unless -b).
 */
export function sortText(args: readonly string[], input: TextInput): TextOutput {
  const o = readOptions('sort', args, 'kto', { 'numeric-sort': 'n', reverse: 'r', unique: 'u', 'ignore-case': 'f', key: 'k', 'field-separator': 't', 'ignore-leading-blanks': 'b', 'human-numeric-sort': 'h', 'version-sort': 'V', stable: 's', output: 'o' }, 'nrufbhVsk');
  if ('lines' in o) return o;
  const has = (c: string): boolean => o.opts.some(([k]) => k === c);
  const sep = o.opts.find(([k]) => k === 't')?.[1];
  if (sep !== undefined && [...sep].length !== 1) return { lines: [errLine(sep === '' ? 'sort: empty tab' : `sort: multi-character tab ‘${sep}’`)], code: 2 };
  const global = { numeric: has('n'), reverse: has('r'), fold: has('f'), blanks: has('b'), human: has('h'), version: has('V') };
  const keys: SortKey[] = [];
  for (const [k, v] of o.opts) {
    if (k !== 'k') continue;
    const m = /^(\d+)(?:\.(\d+))?([bdfghinMRrV]*)(?:,(\d+)(?:\.(\d+))?([bdfghinMRrV]*))?$/.exec(v);
    if (!m || m[1] === '0') return { lines: [errLine(m ? 'sort: field number is zero: invalid field specification ‘' + v + '’' : `sort: invalid number at field start: invalid count at start of ‘${v}’`)], code: 2 };
    const flags = `${m[3] ?? ''}${m[6] ?? ''}`;
    const own = flags !== '';
    keys.push({
      startField: Number(m[1]), startChar: Number(m[2] ?? 1), endField: m[4] ? Number(m[4]) : Infinity, endChar: m[5] ? Number(m[5]) : 0,
      numeric: own ? flags.includes('n') : global.numeric, reverse: own ? flags.includes('r') : global.reverse, fold: own ? flags.includes('f') : global.fold,
      blanks: own ? flags.includes('b') : global.blanks, human: own ? flags.includes('h') : global.human, version: own ? flags.includes('V') : global.version,
    });
  }
  const { text, errors } = inputText(o.rest, input, (f, reason) => `sort: cannot read: ${f}: ${reason}`);
  if (errors.length > 0) return { lines: errors.map(errLine), code: 2 };
  const fieldsOf = (line: string): Array<{ start: number; end: number }> => {
    const spans: Array<{ start: number; end: number }> = [];
    if (sep !== undefined) {
      let start = 0;
      for (let i = 0; i <= line.length; i++) if (i === line.length || line[i] === sep) { spans.push({ start, end: i }); start = i + 1; }
      return spans;
    }
    // A field is the blanks before it and the non-blanks that follow.
    let i = 0;
    while (i < line.length) {
      const start = i;
      while (i < line.length && /[ \t]/.test(line[i] as string)) i++;
      while (i < line.length && !/[ \t]/.test(line[i] as string)) i++;
      spans.push({ start, end: i });
    }
    return spans;
  };
  const keyText = (line: string, k: SortKey): string => {
    const spans = fieldsOf(line);
    const first = spans[k.startField - 1];
    if (!first) return '';
    let from = first.start;
    if (k.blanks) while (from < first.end && /[ \t]/.test(line[from] as string)) from++;
    from = Math.min(from + k.startChar - 1, first.end);
    const lastSpan = k.endField === Infinity ? undefined : spans[Math.min(k.endField, spans.length) - 1];
    const to = lastSpan === undefined ? line.length : k.endChar > 0 ? Math.min(lastSpan.start + k.endChar, lastSpan.end) : lastSpan.end;
    return line.slice(from, Math.max(from, to));
  };
  const compare = (a: string, b: string, k: Omit<SortKey, 'startField' | 'startChar' | 'endField' | 'endChar'>): number => {
    let c: number;
    if (k.numeric) c = leadingNumber(a) - leadingNumber(b);
    else if (k.human) c = humanNumber(a) - humanNumber(b);
    else if (k.version) c = versionCompare(a, b);
    else {
      const x = k.blanks ? a.replace(/^[ \t]+/, '') : a;
      const y = k.blanks ? b.replace(/^[ \t]+/, '') : b;
      c = k.fold ? byCodePoint(x.toUpperCase(), y.toUpperCase()) : byCodePoint(x, y);
    }
    return k.reverse ? -c : c;
  };
  const byKeys = (a: string, b: string): number => {
    if (keys.length === 0) return compare(a, b, global);
    for (const k of keys) {
      const c = compare(keyText(a, k), keyText(b, k), k);
      if (c !== 0) return c;
    }
    return 0;
  };
  const lastResort = !has('s') && !has('u');
  const sorted = linesOf(text).map((l, i) => ({ l, i })).sort((x, y) => byKeys(x.l, y.l) || (lastResort ? (global.reverse ? -1 : 1) * byCodePoint(x.l, y.l) : 0) || x.i - y.i).map((x) => x.l);
  const unique = has('u') ? sorted.filter((l, i) => i === 0 || byKeys(sorted[i - 1] as string, l) !== 0) : sorted;
  return { lines: unique.map(outLine), code: 0 };
}

/** uniq [-c] [-d] [-u] [-i] [-f N] [-s N] [INPUT [OUTPUT]]: adjacent equal lines, as GNU uniq (`%7d ` counts). */
export function uniqText(args: readonly string[], input: TextInput): TextOutput {
  const o = readOptions('uniq', args, 'fsw', { count: 'c', repeated: 'd', unique: 'u', 'ignore-case': 'i', 'skip-fields': 'f', 'skip-chars': 's', 'check-chars': 'w' }, 'cduiD');
  if ('lines' in o) return o;
  const has = (c: string): boolean => o.opts.some(([k]) => k === c);
  const num = (c: string): number => Number(o.opts.find(([k]) => k === c)?.[1] ?? 0);
  if (o.rest.length > 2) return tryHelp('uniq', `extra operand ‘${o.rest[2]}’`);
  const { text, errors } = inputText(o.rest.slice(0, 1), input, (f, reason) => `uniq: ${f}: ${reason}`);
  if (errors.length > 0) return { lines: errors.map(errLine), code: 1 };
  const keyOf = (l: string): string => {
    let s = l;
    for (let n = num('f'); n > 0; n--) s = s.replace(/^[ \t]*[^ \t]*/, '');
    s = s.slice(num('s'));
    if (has('w')) s = s.slice(0, num('w'));
    return has('i') ? s.toLowerCase() : s;
  };
  const groups: Array<{ line: string; count: number }> = [];
  for (const l of linesOf(text)) {
    const last = groups[groups.length - 1];
    if (last && keyOf(last.line) === keyOf(l)) last.count++;
    else groups.push({ line: l, count: 1 });
  }
  const shown = groups.filter((g) => (has('d') ? g.count > 1 : true) && (has('u') ? g.count === 1 : true));
  const lines = shown.map((g) => outLine(has('c') ? `${String(g.count).padStart(7)} ${g.line}` : g.line));
  if (o.rest[1] !== undefined && input.write) {
    const failed = input.write(o.rest[1], lines.map((l) => `${l.text}\n`).join(''));
    if (failed) return { lines: [errLine(`uniq: ${o.rest[1]}: ${failed}`)], code: 1 };
    return { lines: [], code: 0 };
  }
  return { lines, code: 0 };
}

/** A cut LIST (`1,3-5,7-`) as a test on 1-based positions, or the reason it is refused. */
function cutList(list: string, what: 'fields' | 'bytes' | 'characters'): ((n: number) => boolean) | string {
  const ranges: Array<[number, number]> = [];
  for (const part of list.split(/[, ]/)) {
    const m = /^(\d*)(-?)(\d*)$/.exec(part);
    if (!m || part === '' || part === '-') return part === '-' ? 'invalid range with no endpoint: -' : `invalid ${what === 'fields' ? 'field' : 'byte/character position'} ‘${part}’`;
    const from = m[1] === '' ? 1 : Number(m[1]);
    const to = m[2] === '' ? from : m[3] === '' ? Infinity : Number(m[3]);
    if (from === 0 || to === 0) return what === 'fields' ? 'fields are numbered from 1' : 'byte/character positions are numbered from 1';
    if (to < from) return 'invalid decreasing range';
    ranges.push([from, to]);
  }
  return (n) => ranges.some(([a, b]) => n >= a && n <= b);
}

/** cut -f LIST [-d DELIM] [-s] | -c LIST | -b LIST [--complement] [--output-delimiter=S] [FILE…] (GNU coreutils). */
export function cutText(args: readonly string[], input: TextInput): TextOutput {
  const o = readOptions('cut', args, 'bcdf', { bytes: 'b', characters: 'c', delimiter: 'd', fields: 'f', 'only-delimited': 's', complement: 'C', 'output-delimiter': 'O' }, 'bcdfsn');
  if ('lines' in o) return o;
  const get = (c: string): string | undefined => o.opts.filter(([k]) => k === c).pop()?.[1];
  const modes = (['b', 'c', 'f'] as const).filter((m) => get(m) !== undefined);
  if (modes.length === 0) return tryHelp('cut', 'you must specify a list of bytes, characters, or fields');
  if (modes.length > 1) return tryHelp('cut', 'only one list may be specified');
  const mode = modes[0] as 'b' | 'c' | 'f';
  const delim = get('d');
  if (delim !== undefined && mode !== 'f') return tryHelp('cut', 'an input delimiter may be specified only when operating on fields');
  if (delim !== undefined && [...delim].length > 1) return tryHelp('cut', 'the delimiter must be a single character');
  if (o.opts.some(([k]) => k === 's') && mode !== 'f') return tryHelp('cut', 'suppressing non-delimited lines makes sense\n\tonly when operating on fields');
  const picked = cutList(get(mode) as string, mode === 'f' ? 'fields' : mode === 'b' ? 'bytes' : 'characters');
  if (typeof picked === 'string') return tryHelp('cut', picked);
  const complement = o.opts.some(([k]) => k === 'C');
  const want = (n: number): boolean => picked(n) !== complement;
  const d = delim === undefined || delim === '' ? '\t' : delim;
  const outDelim = get('O') ?? d;
  const { text, errors } = inputText(o.rest, input, (f, reason) => `cut: ${f}: ${reason}`);
  const lines = linesOf(text).flatMap((l) => {
    if (mode !== 'f') return [[...l].filter((_c, i) => want(i + 1)).join('')];
    if (!l.includes(d)) return o.opts.some(([k]) => k === 's') ? [] : [l];
    return [l.split(d).filter((_f, i) => want(i + 1)).join(outDelim)];
  });
  return { lines: [...lines.map(outLine), ...errors.map(errLine)], code: errors.length ? 1 : 0 };
}

/** tr's SET: ranges, `[:class:]`, `[c*n]` and escapes, as the characters they stand for. */
function trSet(set: string): string[] | string {
  const chars: string[] = [];
  const classes: Record<string, string> = {
    upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', lower: 'abcdefghijklmnopqrstuvwxyz', digit: '0123456789', space: ' \t\n\r\f\v', blank: ' \t',
    punct: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~', xdigit: '0123456789ABCDEFabcdef',
  };
  classes.alpha = `${classes.upper}${classes.lower}`;
  classes.alnum = `${classes.digit}${classes.alpha}`;
  const unescape = (s: string, i: number): [string, number] => {
    if (s[i] !== '\\' || i + 1 >= s.length) return [s[i] as string, i + 1];
    const e = s[i + 1] as string;
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', a: '\x07', b: '\b', f: '\f', v: '\v' };
    if (/[0-7]/.test(e)) { const m = /^[0-7]{1,3}/.exec(s.slice(i + 1)) as RegExpExecArray; return [String.fromCharCode(parseInt(m[0], 8)), i + 1 + m[0].length]; }
    return [simple[e] ?? e, i + 2];
  };
  for (let i = 0; i < set.length;) {
    const cls = /^\[:([a-z]+):\]/.exec(set.slice(i));
    if (cls) {
      const members = classes[cls[1] as string];
      if (members === undefined) return `invalid character class ‘${cls[1]}’`;
      chars.push(...members);
      i += cls[0].length;
      continue;
    }
    const [c, next] = unescape(set, i);
    if (set[next] === '-' && next + 1 < set.length) {
      const [end, after] = unescape(set, next + 1);
      if (end.charCodeAt(0) < c.charCodeAt(0)) return `range-endpoints of ‘${c}-${end}’ are in reverse collating sequence order`;
      for (let k = c.charCodeAt(0); k <= end.charCodeAt(0); k++) chars.push(String.fromCharCode(k));
      i = after;
      continue;
    }
    chars.push(c);
    i = next;
  }
  return chars;
}

/** tr [-d] [-s] [-c] SET1 [SET2] (GNU coreutils): reads stdin only. */
export function trText(args: readonly string[], input: TextInput): TextOutput {
  const o = readOptions('tr', args, '', { delete: 'd', 'squeeze-repeats': 's', complement: 'c', truncate: 't' }, 'dscCt');
  if ('lines' in o) return o;
  const has = (c: string): boolean => o.opts.some(([k]) => k === c);
  const del = has('d');
  const squeeze = has('s');
  const [s1, s2, extra] = o.rest;
  if (s1 === undefined) return tryHelp('tr', 'missing operand');
  if (!del && !squeeze && s2 === undefined) return { lines: [errLine(`tr: missing operand after ‘${s1}’`), errLine('Two strings must be given when translating.'), errLine("Try 'tr --help' for more information.")], code: 1 };
  if (extra !== undefined || (del && !squeeze && s2 !== undefined)) return tryHelp('tr', `extra operand ‘${extra ?? s2}’`);
  const a = trSet(s1);
  if (typeof a === 'string') return { lines: [errLine(`tr: ${a}`)], code: 1 };
  const b = s2 === undefined ? [] : trSet(s2);
  if (typeof b === 'string') return { lines: [errLine(`tr: ${b}`)], code: 1 };
  const complement = has('c') || has('C');
  const inA = (c: string): boolean => a.includes(c) !== complement;
  const map = new Map<string, string>();
  if (!del && s2 !== undefined) {
    if (b.length === 0) return { lines: [errLine('tr: when not truncating set1, string2 must be non-empty')], code: 1 };
    if (!complement) a.forEach((c, i) => map.set(c, b[Math.min(i, b.length - 1)] as string));
  }
  const squeezeSet = del || s2 === undefined ? a : b;
  let out = '';
  for (const c of input.stdin ?? '') {
    if (del && inA(c)) continue;
    const t = complement && !del && s2 !== undefined && inA(c) ? (b[b.length - 1] as string) : map.get(c) ?? c;
    if (squeeze && out.endsWith(t) && (squeezeSet.includes(t) !== (complement && (del || s2 === undefined)))) continue;
    out += t;
  }
  return { lines: writtenText('out', out), code: 0 };
}

/** A value a printf conversion takes: its text, and its number (asked for only by numeric conversions). */
export interface PrintfValue {
  readonly text: string;
  number(): number;
  /** awk's `%c` of a number is that character; a shell's `%c` takes the first character of the text. */
  readonly isNumber?: boolean;
}

/** C's `%g`: shortest of %e and %f for a precision, trailing zeros removed unless `#`. */
export function formatG(n: number, precision: number, alt: boolean): string {
  const p = precision === 0 ? 1 : precision;
  if (n === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(n)));
  let s: string;
  if (exp < -4 || exp >= p) {
    s = n.toExponential(p - 1);
    if (!alt) s = s.replace(/\.?0+e/, 'e');
    s = s.replace(/e([+-])(\d)$/, 'e$10$2');
  } else {
    s = n.toFixed(Math.max(0, p - 1 - exp));
    if (!alt && s.includes('.')) s = s.replace(/\.?0+$/, '');
  }
  return s;
}

/**
 * C's printf conversions — %c %d %i %o %u %x %X %e %E %f %F %g %G %s %% with flags, width and
 * precision (`*` too) — over values taken in order; `extra` handles the shell's own (%b, %q).
 * Returns the text and how many values were used.
 */
export function cPrintf(format: string, values: readonly PrintfValue[], extra?: (conv: string, v: PrintfValue) => string | undefined): { text: string; used: number } {
  let k = 0;
  const empty: PrintfValue = { text: '', number: () => 0 };
  const next = (): PrintfValue => (k < values.length ? (values[k++] as PrintfValue) : empty);
  const text = format.replace(/%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d*))?([cdiouxXeEfFgGsbq%])/g, (_whole, flags: string, w: string | undefined, p: string | undefined, conv: string) => {
    if (conv === '%') return '%';
    let width = w === '*' ? next().number() : w === undefined ? undefined : Number(w);
    let f = flags;
    if (width !== undefined && width < 0) { f += '-'; width = -width; }
    const precision = p === '*' ? next().number() : p === undefined ? undefined : Number(p || 0);
    const v = next();
    let body: string;
    let numeric = true;
    switch (conv) {
      case 'c': numeric = false; body = v.isNumber ? String.fromCharCode(v.number()) : v.text.slice(0, 1); break;
      case 's': case 'b': case 'q': {
        numeric = false;
        body = conv === 's' ? v.text : extra?.(conv, v) ?? v.text;
        if (precision !== undefined) body = body.slice(0, precision);
        break;
      }
      case 'd': case 'i': case 'u': {
        const n = Math.trunc(v.number());
        body = String(Math.abs(n));
        if (precision !== undefined) body = body.padStart(precision, '0');
        body = (n < 0 ? '-' : f.includes('+') ? '+' : f.includes(' ') ? ' ' : '') + body;
        break;
      }
      case 'o': case 'x': case 'X': {
        const n = Math.trunc(v.number()) >>> 0;
        body = n.toString(conv === 'o' ? 8 : 16);
        if (conv === 'X') body = body.toUpperCase();
        if (f.includes('#') && n !== 0) body = (conv === 'o' ? '0' : conv === 'x' ? '0x' : '0X') + body;
        break;
      }
      default: {
        const n = v.number();
        const prec = precision ?? 6;
        const sign = n < 0 || Object.is(n, -0) ? '-' : f.includes('+') ? '+' : f.includes(' ') ? ' ' : '';
        const a = Math.abs(n);
        if (conv === 'f' || conv === 'F') body = a.toFixed(prec);
        else if (conv === 'e' || conv === 'E') body = a.toExponential(prec).replace(/e([+-])(\d)$/, 'e$10$2');
        else body = formatG(a, prec, f.includes('#'));
        if (conv === 'E' || conv === 'G') body = body.toUpperCase();
        body = sign + body;
      }
    }
    if (width === undefined || body.length >= width) return body;
    if (f.includes('-')) return body.padEnd(width);
    if (f.includes('0') && numeric) {
      const sign = /^[-+ ]/.test(body) ? body[0] as string : '';
      return sign + body.slice(sign.length).padStart(width - sign.length, '0');
    }
    return body.padStart(width);
  });
  return { text, used: k };
}

/** Backslash escapes of printf's format and of `%b` (`\n`, `\t`, `\\`, `\0NNN`/`\NNN`, `\xHH`…). */
function printfEscapes(text: string, octalNeedsZero: boolean): string {
  const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', e: '\x1b', E: '\x1b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };
  return text.replace(/\\(x[0-9a-fA-F]{1,2}|0[0-7]{0,3}|[1-7][0-7]{0,2}|.)/g, (m, e: string) => {
    if (e[0] === 'x') return String.fromCharCode(parseInt(e.slice(1), 16));
    if (/^[0-7]/.test(e)) {
      if (octalNeedsZero && e[0] !== '0') return m;
      return String.fromCharCode(parseInt(e.length > 1 && e[0] === '0' && octalNeedsZero ? e.slice(1) : e, 8) & 255);
    }
    return simple[e] ?? m;
  });
}

/**
 * bash's printf builtin: the format is used again while arguments remain; a number that is not
 * one is bash's `invalid number` (status 1, 0 printed), as in bash 5.
 */
export function printfText(args: readonly string[], shell = 'bash: '): TextOutput {
  const [format, ...rest] = args;
  if (format === undefined) return { lines: [errLine(`${shell}printf: usage: printf [-v var] format [arguments]`)], code: 2 };
  const errors: string[] = [];
  const values: PrintfValue[] = rest.map((text) => ({
    text,
    number: () => {
      const t = text.trim();
      if (/^['"]./.test(t)) return t.charCodeAt(1);
      if (/^[-+]?(0[xX][0-9a-fA-F]+|\d+(\.\d*)?([eE][-+]?\d+)?|\.\d+)$/.test(t)) return Number(t);
      const m = /^[-+]?\d+/.exec(t);
      errors.push(`${shell}printf: ${text}: invalid number`);
      return m ? Number(m[0]) : 0;
    },
  }));
  const fmt = printfEscapes(format, false);
  const quote = (s: string): string => (s === '' ? "''" : /^[A-Za-z0-9_./:=,+@%-]+$/.test(s) ? s : s.replace(/([^A-Za-z0-9_./:=,+@%-])/g, '\\$1'));
  let out = '';
  let offset = 0;
  do {
    const r = cPrintf(fmt, values.slice(offset), (conv, v) => (conv === 'b' ? printfEscapes(v.text, true) : quote(v.text)));
    out += r.text;
    if (r.used === 0) break;
    offset += r.used;
  } while (offset < values.length);
  // bash reports a bad number as it converts it, before its buffered output reaches the terminal.
  return { lines: [...errors.map(errLine), ...writtenText('out', out)], code: errors.length ? 1 : 0 };
}

/** seq [-s SEP] [-w] [FIRST [INCREMENT]] LAST (GNU coreutils), as loops use it: `for i in $(seq 1 5)`. */
export function seqText(args: readonly string[]): TextOutput {
  const o = readOptions('seq', args, 'sf', { separator: 's', 'equal-width': 'w', format: 'f' }, 'w');
  if ('lines' in o) return o;
  const nums = o.rest;
  if (nums.length === 0) return tryHelp('seq', 'missing operand');
  if (nums.length > 3) return tryHelp('seq', `extra operand ‘${nums[3]}’`);
  for (const n of nums) if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(n)) return tryHelp('seq', `invalid floating point argument: ‘${n}’`);
  const [first, step, last] = nums.length === 1 ? [1, 1, Number(nums[0])] : nums.length === 2 ? [Number(nums[0]), 1, Number(nums[1])] : nums.map(Number) as [number, number, number];
  if (step === 0) return tryHelp('seq', `invalid Zero increment value: ‘${nums[1]}’`);
  const decimals = Math.max(...nums.slice(0, nums.length === 1 ? 0 : 2).map((n) => (n.split('.')[1] ?? '').length), 0);
  const values: string[] = [];
  for (let i = 0, v = first; step > 0 ? v <= last + 1e-9 : v >= last - 1e-9; i++, v = first + i * step) {
    // A real seq would go on; a sandbox list that long helps no one.
    if (values.length >= 100_000) break;
    values.push(v.toFixed(decimals));
  }
  const width = o.opts.some(([k]) => k === 'w') ? Math.max(...values.map((v) => v.replace('-', '').length)) : 0;
  const shown = values.map((v) => (v.startsWith('-') ? `-${v.slice(1).padStart(width, '0')}` : v.padStart(width, '0')));
  const sep = o.opts.find(([k]) => k === 's')?.[1];
  if (sep === undefined || sep === '\n') return { lines: shown.map(outLine), code: 0 };
  return { lines: shown.length ? [outLine(shown.join(sep))] : [], code: 0 };
}
