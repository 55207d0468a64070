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
}

export interface TextOutput {
  readonly lines: ReadonlyArray<{ readonly stream: 'out' | 'err'; readonly text: string }>;
  readonly code: number;
}

const outLine = (text: string): { stream: 'out'; text: string } => ({ stream: 'out', text });
const errLine = (text: string): { stream: 'err'; text: string } => ({ stream: 'err', text });

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
