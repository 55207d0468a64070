/**
 * GNU sed 4.9 for the laptop and for containers: the commands learners pipe kubectl output
 * through (`s///` with its flags, `-n` with `p`, `-e`, `-i` on files, line and `/re/` addresses,
 * ranges, `!`, blocks) and sed's own error messages (`-e expression #1, char N: …`).
 */
import { errLine, inputText, tryHelp, writtenText, type TextInput, type TextLine, type TextOutput } from './textutils.ts';

/** Character classes of POSIX brackets, as JavaScript class contents. */
const POSIX_CLASSES: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: '0-9A-Za-z', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v', blank: ' \\t',
  punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', word: '\\w', cntrl: '\\x00-\\x1f\\x7f', print: ' -~', graph: '!-~',
};

/**
 * A POSIX regular expression (basic, or extended with -E) as a JavaScript one: in a BRE `\(` `\)`
 * `\{` `\}` `\+` `\?` `\|` are the operators and the bare characters are literal; `*` first is literal.
 */
export function posixRegex(source: string, extended: boolean): string {
  let out = '';
  let atStart = true;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] as string;
    const start = atStart;
    atStart = false;
    if (c === '[') {
      // A bracket expression: `]` first is literal, [:class:] becomes its characters.
      let j = i + 1;
      let body = '';
      if (source[j] === '^') { body += '^'; j++; }
      if (source[j] === ']') { body += '\\]'; j++; }
      for (; j < source.length && source[j] !== ']'; j++) {
        const cls = /^\[:([a-z]+):\]/.exec(source.slice(j));
        if (cls) { body += POSIX_CLASSES[cls[1] as string] ?? ''; j += cls[0].length - 1; continue; }
        body += source[j] === '\\' ? '\\\\' : source[j];
      }
      if (j >= source.length) throw new Error('unterminated address regex');
      out += `[${body}]`;
      i = j;
      continue;
    }
    if (c === '\\' && i + 1 < source.length) {
      const e = source[++i] as string;
      if (!extended && '(){}+?|'.includes(e)) { out += e; atStart = e === '(' || e === '|'; continue; }
      if (e === '<' || e === '>') { out += '\\b'; continue; }
      if (e === 'n') { out += '\\n'; continue; }
      if (e === 't') { out += '\\t'; continue; }
      out += /[0-9wWsSbB]/.test(e) ? `\\${e}` : e.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
      continue;
    }
    if (!extended && '(){}+?|'.includes(c)) { out += `\\${c}`; continue; }
    if (c === '*' && start) { out += '\\*'; continue; }
    if (c === '^' && !start && !extended) { out += '\\^'; continue; }
    if (c === '$' && !extended && i !== source.length - 1 && !source.startsWith('\\)', i + 1) && !source.startsWith('\\|', i + 1)) { out += '\\$'; continue; }
    if (c === '/') { out += '\\/'; continue; }
    out += c;
    if (extended && (c === '(' || c === '|')) atStart = true;
  }
  return out;
}

type SedAddress = { readonly kind: 'line'; readonly n: number } | { readonly kind: 'last' } | { readonly kind: 're'; readonly re: RegExp | undefined } | { readonly kind: 'step'; readonly first: number; readonly step: number };

interface SedCommand {
  readonly a1?: SedAddress;
  readonly a2?: SedAddress | { readonly kind: 'plus'; readonly n: number };
  readonly negate: boolean;
  readonly name: string;
  /** s: the regex (undefined: the last one used), the replacement, its flags. */
  readonly re?: RegExp | undefined;
  readonly replacement?: string;
  readonly global?: boolean;
  readonly nth?: number;
  readonly print?: boolean;
  /** a, i, c: the text; y: the two sets; q: the exit status; `{`: where its `}` is. */
  readonly text?: string;
  readonly from?: string;
  readonly to?: string;
  readonly status?: number;
  end?: number;
}

class SedError extends Error {}

/** Parse a sed script (GNU sed 4.9's commands and messages; `-e expression #N, char M:`). */
function parseSed(script: string, expression: number, extended: boolean): SedCommand[] {
  const cmds: SedCommand[] = [];
  const blocks: number[] = [];
  let i = 0;
  const fail = (message: string, at = i): never => { throw new SedError(`-e expression #${expression}, char ${at}: ${message}`); };
  const regex = (source: string, flags: string): RegExp | undefined => {
    if (source === '') return undefined;
    try {
      return new RegExp(posixRegex(source, extended), flags);
    } catch {
      return fail('Invalid preceding regular expression');
    }
  };
  /** Read up to the unescaped delimiter; `\delim` becomes the delimiter itself. */
  const until = (delim: string, what: string): string => {
    let s = '';
    for (; i < script.length; i++) {
      const c = script[i] as string;
      if (c === '\\' && i + 1 < script.length) {
        const n = script[i + 1] as string;
        s += n === delim ? (delim === '&' ? '\\&' : delim) : n === '\n' ? '\n' : `\\${n}`;
        i++;
        continue;
      }
      if (c === '[' && what !== 'replacement') {
        const end = script.indexOf(']', script[i + 1] === ']' ? i + 2 : script[i + 1] === '^' && script[i + 2] === ']' ? i + 3 : i + 1);
        if (end > 0) { s += script.slice(i, end + 1); i = end; continue; }
      }
      if (c === delim) { i++; return s; }
      if (c === '\n' && what !== 'replacement') break;
      s += c;
    }
    return fail(what === 'address' ? 'unterminated address regex' : what === 'y' ? "unterminated `y' command" : "unterminated `s' command");
  };
  const address = (): SedAddress | undefined => {
    const c = script[i];
    if (c === undefined) return undefined;
    if (/\d/.test(c)) {
      const m = /^(\d+)(?:~(\d+))?/.exec(script.slice(i)) as RegExpExecArray;
      i += m[0].length;
      if (m[2] !== undefined) return { kind: 'step', first: Number(m[1]), step: Number(m[2]) };
      if (m[1] === '0') fail('invalid usage of line address 0');
      return { kind: 'line', n: Number(m[1]) };
    }
    if (c === '$') { i++; return { kind: 'last' }; }
    if (c === '/' || c === '\\') {
      const delim = c === '\\' ? script[++i] as string : '/';
      i++;
      const source = until(delim, 'address');
      let flags = '';
      while (script[i] === 'I' || script[i] === 'M') { if (script[i] === 'I') flags += 'i'; i++; }
      return { kind: 're', re: regex(source, flags) };
    }
    return undefined;
  };
  const skipBlanks = (): void => { while (i < script.length && /[ \t]/.test(script[i] as string)) i++; };
  const endOfCommand = (): void => {
    skipBlanks();
    const c = script[i];
    if (c === undefined || c === '\n' || c === ';') { i++; return; }
    if (c === '}' || c === '#') return;
    fail('extra characters after command', i + 1);
  };
  const textArg = (): string => {
    // GNU: `a text` (one line) or `a\` then the text on the next lines; `\` at a line's end goes on.
    if (script[i] === '\\') { i++; if (script[i] === '\n') i++; }
    skipBlanks();
    let s = '';
    for (; i < script.length && script[i] !== '\n'; i++) {
      if (script[i] === '\\' && i + 1 < script.length) { i++; s += script[i] === '\n' ? '\n' : script[i]; continue; }
      s += script[i];
    }
    return s;
  };
  while (i < script.length) {
    while (i < script.length && /[\s;]/.test(script[i] as string)) i++;
    if (i >= script.length) break;
    if (script[i] === '#') { while (i < script.length && script[i] !== '\n') i++; continue; }
    const a1 = address();
    let a2: SedCommand['a2'];
    if (a1 && script[i] === ',') {
      i++;
      skipBlanks();
      if (script[i] === '+' && /\d/.test(script[i + 1] ?? '')) {
        const m = /^\+(\d+)/.exec(script.slice(i)) as RegExpExecArray;
        i += m[0].length;
        a2 = { kind: 'plus', n: Number(m[1]) };
      } else {
        a2 = address();
        if (!a2) fail('unexpected `,\'');
      }
    }
    skipBlanks();
    let negate = false;
    while (script[i] === '!') { negate = true; i++; skipBlanks(); }
    const name = script[i];
    if (name === undefined) fail('missing command');
    i++;
    const base = { ...(a1 ? { a1 } : {}), ...(a2 ? { a2 } : {}), negate, name: name as string };
    switch (name) {
      case '{': blocks.push(cmds.length); cmds.push(base); continue;
      case '}': {
        if (a1) fail('} doesn\'t want any addresses', i);
        const open = blocks.pop();
        if (open === undefined) fail("unexpected `}'", i);
        (cmds[open as number] as SedCommand).end = cmds.length;
        endOfCommand();
        continue;
      }
      case 's': {
        const delim = script[i];
        if (delim === undefined || delim === '\n' || delim === '\\') fail("unterminated `s' command");
        i++;
        const source = until(delim as string, 'regex');
        const replacement = until(delim as string, 'replacement');
        let global = false;
        let print = false;
        let nth = 1;
        let flags = '';
        for (; i < script.length && !/[\s;}#]/.test(script[i] as string); i++) {
          const f = script[i] as string;
          if (f === 'g') global = true;
          else if (f === 'p') print = true;
          else if (f === 'i' || f === 'I') flags += 'i';
          else if (f === 'm' || f === 'M') flags += 'm';
          else if (/\d/.test(f)) { const m = /^\d+/.exec(script.slice(i)) as RegExpExecArray; nth = Number(m[0]); i += m[0].length - 1; }
          else fail("unknown option to `s'", i + 1);
        }
        cmds.push({ ...base, re: regex(source, `g${flags}`), replacement, global, nth, print });
        endOfCommand();
        continue;
      }
      case 'y': {
        const delim = script[i] as string;
        i++;
        const from = until(delim, 'y').replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
        const to = until(delim, 'y').replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
        if ([...from].length !== [...to].length) fail("strings for `y' command are different lengths");
        cmds.push({ ...base, from, to });
        endOfCommand();
        continue;
      }
      case 'a': case 'i': case 'c':
        cmds.push({ ...base, text: textArg() });
        continue;
      case 'q': case 'Q': {
        skipBlanks();
        const m = /^\d+/.exec(script.slice(i));
        if (m) i += m[0].length;
        cmds.push({ ...base, status: m ? Number(m[0]) : 0 });
        endOfCommand();
        continue;
      }
      case 'p': case 'd': case 'D': case 'n': case 'N': case '=': case 'h': case 'H': case 'g': case 'G': case 'x': case 'P': case 'z':
        cmds.push(base);
        endOfCommand();
        continue;
      default: fail(`unknown command: \`${name}'`, i);
    }
  }
  if (blocks.length > 0) fail("unmatched `{'", 0);
  return cmds;
}

/** `s` replacement text: `&`, `\1`…`\9`, `\n`, and GNU's `\U` `\L` `\u` `\l` `\E`. */
function sedReplace(replacement: string, m: RegExpExecArray): string {
  let out = '';
  let mode: 'U' | 'L' | undefined;
  let once: 'u' | 'l' | undefined;
  const put = (s: string): void => {
    let t = mode === 'U' ? s.toUpperCase() : mode === 'L' ? s.toLowerCase() : s;
    if (once && t !== '') { t = (once === 'u' ? (t[0] as string).toUpperCase() : (t[0] as string).toLowerCase()) + t.slice(1); once = undefined; }
    out += t;
  };
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i] as string;
    if (c === '&') { put(m[0]); continue; }
    if (c !== '\\' || i + 1 >= replacement.length) { put(c); continue; }
    const e = replacement[++i] as string;
    if (/\d/.test(e)) put(m[Number(e)] ?? '');
    else if (e === 'n') put('\n');
    else if (e === 't') put('\t');
    else if (e === 'U' || e === 'L') mode = e;
    else if (e === 'E') mode = undefined;
    else if (e === 'u' || e === 'l') once = e;
    else put(e);
  }
  return out;
}

/**
 * sed [-n] [-E|-r] [-i[SUFFIX]] [-e SCRIPT]… [SCRIPT] [FILE…] (GNU sed 4.9): addresses by line,
 * `$`, `/re/`, `first~step` and ranges (`N,M`, `/a/,/b/`, `N,+M`), `!`, `{…}`, and the commands
 * s y p d q Q = a i c n N h H g G x D P.
 */
export function sedText(args: readonly string[], input: TextInput): TextOutput {
  const scripts: string[] = [];
  const files: string[] = [];
  let quiet = false;
  let extended = false;
  let inPlace: string | undefined;
  const usage = (): TextOutput => ({ lines: [errLine('Usage: sed [OPTION]... {script-only-if-no-other-script} [input-file]...')], code: 1 });
  for (let k = 0; k < args.length; k++) {
    const a = args[k] as string;
    if (a === '-n' || a === '--quiet' || a === '--silent') quiet = true;
    else if (a === '-E' || a === '-r' || a === '--regexp-extended') extended = true;
    else if (a === '-e' || a === '--expression') { const v = args[++k]; if (v === undefined) return tryHelp('sed', "option requires an argument -- 'e'"); scripts.push(v); }
    else if (a.startsWith('--expression=')) scripts.push(a.slice(13));
    else if (a.startsWith('-e') && a.length > 2) scripts.push(a.slice(2));
    else if (a === '-i' || a === '--in-place') inPlace = '';
    else if (a.startsWith('--in-place=')) inPlace = a.slice(11);
    else if (/^-[nEr]+$/.test(a)) { quiet ||= a.includes('n'); extended ||= /[Er]/.test(a); }
    else if (/^-[nEr]*i/.test(a)) { quiet ||= /^-[^i]*n/.test(a); extended ||= /^-[^i]*[Er]/.test(a); inPlace = a.slice(a.indexOf('i') + 1); }
    else if (a === '-s' || a === '--separate' || a === '-u' || a === '--posix') continue;
    else if (a.startsWith('--') && a.length > 2) return tryHelp('sed', `unknown option -- '${a.slice(2)}'`);
    else if (a.startsWith('-') && a !== '-') return tryHelp('sed', `invalid option -- '${a[1]}'`);
    else files.push(a);
  }
  if (scripts.length === 0) {
    const first = files.shift();
    if (first === undefined) return usage();
    scripts.push(first);
  }
  const cmds: SedCommand[] = [];
  try {
    // Blocks index within their own script: rebase them onto the joined list.
    let offset = 0;
    for (const [n, s] of scripts.entries()) {
      const part = parseSed(s, n + 1, extended);
      for (const c of part) cmds.push(c.end !== undefined ? { ...c, end: c.end + offset } : c);
      offset += part.length;
    }
  } catch (e) {
    if (e instanceof SedError) return { lines: [errLine(`sed: ${e.message}`)], code: 1 };
    throw e;
  }
  if (inPlace !== undefined && files.length === 0) return { lines: [errLine('sed: no input files')], code: 1 };
  const runs: Array<{ file: string | undefined; text: string }> = [];
  const errors: string[] = [];
  if (inPlace !== undefined) {
    for (const f of files) {
      const r = input.read(f);
      if ('reason' in r) errors.push(`sed: can't read ${f}: ${r.reason}`); else runs.push({ file: f, text: r.text });
    }
  } else {
    const { text, errors: e } = inputText(files, input, (f, reason) => `sed: can't read ${f}: ${reason}`);
    errors.push(...e);
    runs.push({ file: undefined, text });
  }
  const shown: TextLine[] = [];
  let code = errors.length ? 2 : 0;
  for (const run of runs) {
    let r: ReturnType<typeof runSed>;
    try {
      r = runSed(cmds, run.text, quiet);
    } catch (e) {
      if (e instanceof SedError) return { lines: [...shown, errLine(`sed: ${e.message}`)], code: 4 };
      throw e;
    }
    if (r.status !== undefined) code = r.status;
    if (run.file !== undefined && input.write) {
      if (inPlace) input.write(`${run.file}${inPlace}`, run.text);
      const failed = input.write(run.file, r.out);
      if (failed) { errors.push(`sed: couldn't open file ${run.file}: ${failed}`); code = 4; }
    } else shown.push(...writtenText('out', r.out));
    if (r.quit) break;
  }
  return { lines: [...shown, ...errors.map(errLine)], code };
}

/** Run parsed sed commands over a text: what it writes, and q's status. */
function runSed(cmds: readonly SedCommand[], text: string, quiet: boolean): { out: string; status?: number; quit: boolean } {
  const lines = text === '' ? [] : text.split('\n');
  const endsWithNewline = text.endsWith('\n');
  if (endsWithNewline) lines.pop();
  let out = '';
  let hold = '';
  let lastRe: RegExp | undefined;
  const ranges = new Map<number, { active: boolean; end?: number }>();
  let n = 0;
  let quit: { status: number; print: boolean } | undefined;
  const emit = (s: string, last: boolean): void => { out += last && !endsWithNewline ? s : `${s}\n`; };
  const reOf = (re: RegExp | undefined): RegExp | undefined => { if (re) lastRe = re; return re ?? lastRe; };
  const matchOne = (a: SedAddress, ps: string, lineNo: number, last: boolean): boolean => {
    switch (a.kind) {
      case 'line': return lineNo === a.n;
      case 'last': return last;
      case 'step': return a.step <= 0 ? lineNo === a.first : lineNo >= a.first && (lineNo - a.first) % a.step === 0;
      default: {
        const re = reOf(a.re);
        if (!re) throw new SedError('no previous regular expression');
        re.lastIndex = 0;
        return re.test(ps);
      }
    }
  };
  for (let li = 0; li < lines.length && !quit; li++) {
    n++;
    let ps = lines[li] as string;
    let deleted = false;
    const appended: string[] = [];
    let last = li === lines.length - 1;
    for (let pc = 0; pc < cmds.length; pc++) {
      const c = cmds[pc] as SedCommand;
      let selected = true;
      if (c.a1) {
        if (!c.a2) selected = matchOne(c.a1, ps, n, last);
        else {
          const st = ranges.get(pc) ?? { active: false };
          if (!st.active) {
            if (matchOne(c.a1, ps, n, last)) {
              selected = true;
              const a2 = c.a2;
              if (a2.kind === 'plus') { st.active = a2.n > 0; st.end = n + a2.n; }
              else if (a2.kind === 'line') st.active = a2.n > n;
              else st.active = a2.kind !== 'last' || !last;
              if (a2.kind === 'line') st.end = a2.n;
            } else selected = false;
          } else {
            selected = true;
            const a2 = c.a2;
            if (a2.kind === 'plus' || a2.kind === 'line') { if (n >= (st.end as number)) st.active = false; }
            else if (matchOne(a2, ps, n, last)) st.active = false;
          }
          ranges.set(pc, st);
        }
      }
      if (c.negate) selected = !selected;
      if (!selected) {
        if (c.name === '{') pc = c.end as number;
        continue;
      }
      switch (c.name) {
        case '{': break;
        case 's': {
          const re = reOf(c.re);
          if (!re) throw new SedError('no previous regular expression');
          let count = 0;
          let done = false;
          re.lastIndex = 0;
          const replaced = ps.replace(re, (...m) => {
            count++;
            if (done || (count < (c.nth ?? 1))) return m[0] as string;
            if (!c.global) done = true;
            const groups = m.slice(0, -2) as string[];
            const exec = Object.assign([...groups], { index: m[m.length - 2] as number, input: ps }) as unknown as RegExpExecArray;
            return sedReplace(c.replacement ?? '', exec);
          });
          if (count >= (c.nth ?? 1)) {
            ps = replaced;
            if (c.print) emit(ps, false);
          }
          break;
        }
        case 'y': {
          const from = [...(c.from ?? '')];
          const to = [...(c.to ?? '')];
          ps = [...ps].map((ch) => { const k = from.indexOf(ch); return k < 0 ? ch : to[k] as string; }).join('');
          break;
        }
        case 'p': emit(ps, false); break;
        case 'P': emit(ps.split('\n')[0] as string, false); break;
        case '=': out += `${n}\n`; break;
        case 'd': deleted = true; pc = cmds.length; break;
        case 'D': {
          const nl = ps.indexOf('\n');
          if (nl < 0) { deleted = true; pc = cmds.length; break; }
          ps = ps.slice(nl + 1);
          pc = -1;
          break;
        }
        case 'a': appended.push(c.text ?? ''); break;
        case 'i': out += `${c.text ?? ''}\n`; break;
        case 'c':
          if (!c.a2 || !ranges.get(pc)?.active) out += `${c.text ?? ''}\n`;
          deleted = true;
          pc = cmds.length;
          break;
        case 'q': quit = { status: c.status ?? 0, print: true }; pc = cmds.length; break;
        case 'Q': quit = { status: c.status ?? 0, print: false }; deleted = true; pc = cmds.length; break;
        case 'n':
          if (li + 1 >= lines.length) { pc = cmds.length; break; }
          if (!quiet) emit(ps, false);
          ps = lines[++li] as string;
          n++;
          last = li === lines.length - 1;
          break;
        case 'N':
          if (li + 1 >= lines.length) { pc = cmds.length; break; }
          ps += `\n${lines[++li] as string}`;
          n++;
          last = li === lines.length - 1;
          break;
        case 'h': hold = ps; break;
        case 'H': hold += `\n${ps}`; break;
        case 'g': ps = hold; break;
        case 'G': ps += `\n${hold}`; break;
        case 'x': [ps, hold] = [hold, ps]; break;
        case 'z': ps = ''; break;
        default: break;
      }
    }
    if (!deleted && !quiet) emit(ps, last);
    for (const t of appended) out += `${t}\n`;
  }
  return { out, ...(quit ? { status: quit.status } : {}), quit: quit !== undefined };
}
