/**
 * awk for the laptop and for containers: the practical language learners pipe kubectl into —
 * patterns and actions, BEGIN/END, fields ($1, $NF, $(i+1)), NR NF FNR FS OFS ORS FILENAME,
 * variables and associative arrays, `-F` and `-v`, print and printf (with `>`/`>>` files),
 * if/else, while, do, for, for-in, next, exit, break, continue, delete, `in`, regex matches
 * (`/re/`, `~`, `!~`), comparisons that are numeric when both sides look like numbers, string
 * concatenation, and the functions length substr index split sub gsub match sprintf tolower
 * toupper int sqrt exp log sin cos atan2. Not covered: getline, user-defined functions, RS other
 * than a newline, rand/srand/systime. Messages are mawk's (Debian's and Ubuntu's awk).
 */
import { posixRegex } from './sed.ts';
import { cPrintf, errLine, formatG, type TextInput, type TextOutput, writtenText } from './textutils.ts';

/** A string that came from input (a field, a split element, `-v`): it compares as a number when it looks like one. */
class StrNum {
  constructor(readonly s: string) {}
}
type Value = number | string | StrNum;

class AwkSyntaxError extends Error {}
class AwkRuntimeError extends Error {}

const looksNumeric = (s: string): boolean => /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)\s*$/.test(s);

function toNum(v: Value): number {
  if (typeof v === 'number') return v;
  const s = v instanceof StrNum ? v.s : v;
  const m = /^\s*[-+]?(?:\d+\.?\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)/.exec(s);
  return m ? Number(m[0]) : 0;
}

/** A number as awk prints it: integers whole, others by `%.6g`. */
function numToStr(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e16) return String(n);
  if (Number.isNaN(n)) return 'nan';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  return formatG(n, 6, false);
}

function toStr(v: Value): string {
  return typeof v === 'number' ? numToStr(v) : v instanceof StrNum ? v.s : v;
}

const toBool = (v: Value): boolean => (typeof v === 'number' ? v !== 0 : v instanceof StrNum ? (looksNumeric(v.s) ? toNum(v) !== 0 : v.s !== '') : v !== '');

/** awk's sprintf: C's conversions over awk values (`%c` of a number is that character). */
export function awkSprintf(format: string, args: readonly Value[]): string {
  return cPrintf(format, args.map((v) => ({ text: toStr(v), number: () => toNum(v), isNumber: typeof v === 'number' }))).text;
}

// ── lexer ─────────────────────────────────────────────────────────────────────────────────────

type Tok =
  | { t: 'num'; v: number } | { t: 'str'; v: string } | { t: 're'; v: string } | { t: 'name'; v: string } | { t: 'func'; v: string }
  | { t: 'kw'; v: string } | { t: 'op'; v: string } | { t: 'nl' } | { t: 'eof' };

const KEYWORDS = new Set(['BEGIN', 'END', 'if', 'else', 'while', 'for', 'do', 'break', 'continue', 'next', 'exit', 'delete', 'in', 'print', 'printf', 'getline', 'function', 'return', 'nextfile']);
const BUILTIN_FUNCS = new Set(['length', 'substr', 'index', 'split', 'sub', 'gsub', 'match', 'sprintf', 'tolower', 'toupper', 'int', 'sqrt', 'exp', 'log', 'sin', 'cos', 'atan2', 'rand', 'srand', 'system', 'close', 'fflush']);
const OPS = ['+=', '-=', '*=', '/=', '%=', '^=', '==', '<=', '>=', '!=', '++', '--', '&&', '||', '!~', '>>', '**',
  '{', '}', '(', ')', '[', ']', ';', ',', '+', '-', '*', '/', '%', '^', '!', '>', '<', '|', '?', ':', '~', '$', '='];

function lex(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  // A `/` starts a regex unless it follows something a value ends with.
  const valueEnd = (): boolean => {
    const last = toks[toks.length - 1];
    if (!last) return false;
    return last.t === 'num' || last.t === 'str' || last.t === 'name' || last.t === 're' || (last.t === 'op' && [')', ']', '$', '++', '--'].includes(last.v)) || (last.t === 'kw' && last.v === 'getline');
  };
  while (i < src.length) {
    const c = src[i] as string;
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '\\' && src[i + 1] === '\n') { i += 2; continue; }
    if (c === '\n') { toks.push({ t: 'nl' }); i++; continue; }
    if (c === '#') { while (i < src.length && src[i] !== '\n') i++; continue; }
    if (/\d/.test(c) || (c === '.' && /\d/.test(src[i + 1] ?? ''))) {
      const m = /^(?:0[xX][0-9a-fA-F]+|\d*\.?\d+(?:[eE][-+]?\d+)?|\d+\.)/.exec(src.slice(i)) as RegExpExecArray;
      toks.push({ t: 'num', v: Number(m[0]) });
      i += m[0].length;
      continue;
    }
    if (c === '"') {
      let s = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== '"'; j++) {
        if (src[j] === '\n') throw new AwkSyntaxError('runaway string constant "' + s.slice(0, 10) + ' ...');
        if (src[j] === '\\' && j + 1 < src.length) {
          const e = src[++j] as string;
          const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', '\\': '\\', '"': '"', '/': '/', a: '\x07', b: '\b', f: '\f', v: '\v' };
          if (/[0-7]/.test(e)) { const m = /^[0-7]{1,3}/.exec(src.slice(j)) as RegExpExecArray; s += String.fromCharCode(parseInt(m[0], 8)); j += m[0].length - 1; }
          else s += map[e] ?? `\\${e}`;
          continue;
        }
        s += src[j];
      }
      if (j >= src.length) throw new AwkSyntaxError(`runaway string constant "${s.slice(0, 10)} ...`);
      toks.push({ t: 'str', v: s });
      i = j + 1;
      continue;
    }
    if (c === '/' && !valueEnd()) {
      let s = '';
      let j = i + 1;
      for (; j < src.length && src[j] !== '/'; j++) {
        if (src[j] === '\n') throw new AwkSyntaxError(`runaway regular expression /${s.slice(0, 10)} ...`);
        if (src[j] === '\\' && j + 1 < src.length) { s += src[j] === '\\' && src[j + 1] === '/' ? '/' : `\\${src[j + 1]}`; j++; continue; }
        if (src[j] === '[') {
          const end = src.indexOf(']', src[j + 1] === ']' ? j + 2 : src[j + 1] === '^' && src[j + 2] === ']' ? j + 3 : j + 1);
          if (end > 0) { s += src.slice(j, end + 1); j = end; continue; }
        }
        s += src[j];
      }
      if (j >= src.length) throw new AwkSyntaxError(`runaway regular expression /${s.slice(0, 10)} ...`);
      toks.push({ t: 're', v: s });
      i = j + 1;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      const w = name[0];
      i += w.length;
      if (KEYWORDS.has(w)) toks.push({ t: 'kw', v: w });
      else if (BUILTIN_FUNCS.has(w)) toks.push({ t: 'func', v: w });
      else toks.push({ t: 'name', v: w });
      continue;
    }
    const op = OPS.find((o) => src.startsWith(o, i));
    if (!op) throw new AwkSyntaxError(`syntax error at or near ${c}`);
    toks.push({ t: 'op', v: op === '**' ? '^' : op });
    i += op.length;
  }
  toks.push({ t: 'eof' });
  return toks;
}

// ── parser ────────────────────────────────────────────────────────────────────────────────────

type Expr =
  | { k: 'num'; v: number } | { k: 'str'; v: string } | { k: 're'; v: string }
  | { k: 'var'; name: string } | { k: 'field'; index: Expr } | { k: 'elem'; name: string; subs: Expr[] }
  | { k: 'assign'; op: string; target: Expr; value: Expr } | { k: 'cond'; test: Expr; a: Expr; b: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr } | { k: 'un'; op: string; a: Expr }
  | { k: 'incdec'; op: '++' | '--'; prefix: boolean; target: Expr } | { k: 'in'; subs: Expr[]; name: string }
  | { k: 'match'; negate: boolean; a: Expr; re: Expr } | { k: 'call'; name: string; args: Expr[] } | { k: 'group'; e: Expr };

type Stmt =
  | { k: 'expr'; e: Expr } | { k: 'print'; args: Expr[]; dest?: { append: boolean; file: Expr } } | { k: 'printf'; args: Expr[]; dest?: { append: boolean; file: Expr } }
  | { k: 'if'; test: Expr; then: Stmt; else?: Stmt } | { k: 'while'; test: Expr; body: Stmt } | { k: 'do'; body: Stmt; test: Expr }
  | { k: 'for'; init?: Stmt; test?: Expr; step?: Stmt; body: Stmt } | { k: 'forin'; name: string; array: string; body: Stmt }
  | { k: 'block'; body: Stmt[] } | { k: 'next' } | { k: 'exit'; code?: Expr } | { k: 'break' } | { k: 'continue' }
  | { k: 'delete'; name: string; subs?: Expr[] } | { k: 'nop' };

interface Item { kind: 'begin' | 'end' | 'main'; pattern?: Expr; pattern2?: Expr; action?: Stmt[] }

class Parser {
  #i = 0;
  constructor(private readonly toks: Tok[]) {}

  get #tok(): Tok { return this.toks[this.#i] as Tok; }
  #isOp(v: string): boolean { const t = this.#tok; return t.t === 'op' && t.v === v; }
  #isKw(v: string): boolean { const t = this.#tok; return t.t === 'kw' && t.v === v; }
  #fail(): never {
    const t = this.#tok;
    const near = t.t === 'eof' ? 'end of file' : t.t === 'nl' ? 'end of line' : t.t === 'str' ? `"${t.v}"` : t.t === 're' ? `/${t.v}/` : String(t.v);
    throw new AwkSyntaxError(`syntax error at or near ${near}`);
  }
  #expectOp(v: string): void { if (!this.#isOp(v)) this.#fail(); this.#i++; }
  #newlines(): void { while (this.#tok.t === 'nl') this.#i++; }
  #terminators(): void { while (this.#tok.t === 'nl' || this.#isOp(';')) this.#i++; }

  program(): Item[] {
    const items: Item[] = [];
    this.#terminators();
    while (this.#tok.t !== 'eof') {
      if (this.#isKw('BEGIN') || this.#isKw('END')) {
        const kind = (this.#tok as { v: string }).v === 'BEGIN' ? 'begin' : 'end';
        this.#i++;
        this.#newlines();
        if (!this.#isOp('{')) this.#fail();
        items.push({ kind, action: this.#block() });
      } else if (this.#isKw('function')) {
        throw new AwkSyntaxError('user-defined functions are not simulated in kubetutor');
      } else {
        const item: Item = { kind: 'main' };
        if (!this.#isOp('{')) {
          item.pattern = this.#expr(true);
          if (this.#isOp(',')) { this.#i++; this.#newlines(); item.pattern2 = this.#expr(true); }
        }
        if (this.#isOp('{')) item.action = this.#block();
        items.push(item);
      }
      this.#terminators();
    }
    return items;
  }

  #block(): Stmt[] {
    this.#expectOp('{');
    const body: Stmt[] = [];
    this.#terminators();
    while (!this.#isOp('}')) {
      if (this.#tok.t === 'eof') this.#fail();
      body.push(this.#stmt());
      this.#terminators();
    }
    this.#i++;
    return body;
  }

  /** A statement ends at `;`, a newline, `}` or the end. */
  #endSimple(): void {
    if (this.#isOp(';') || this.#tok.t === 'nl') { this.#i++; return; }
    if (this.#isOp('}') || this.#tok.t === 'eof') return;
    this.#fail();
  }

  #simpleOrBlock(): Stmt {
    this.#newlines();
    if (this.#isOp(';')) { this.#i++; return { k: 'nop' }; }
    return this.#stmt();
  }

  #stmt(): Stmt {
    const t = this.#tok;
    if (t.t === 'op' && t.v === '{') return { k: 'block', body: this.#block() };
    if (t.t === 'kw') {
      switch (t.v) {
        case 'if': {
          this.#i++;
          this.#expectOp('(');
          const test = this.#expr(true);
          this.#expectOp(')');
          const then = this.#simpleOrBlock();
          const save = this.#i;
          this.#terminators();
          if (this.#isKw('else')) { this.#i++; return { k: 'if', test, then, else: this.#simpleOrBlock() }; }
          this.#i = save;
          return { k: 'if', test, then };
        }
        case 'while': {
          this.#i++;
          this.#expectOp('(');
          const test = this.#expr(true);
          this.#expectOp(')');
          if (this.#isOp(';')) { this.#i++; return { k: 'while', test, body: { k: 'nop' } }; }
          return { k: 'while', test, body: this.#simpleOrBlock() };
        }
        case 'do': {
          this.#i++;
          const body = this.#simpleOrBlock();
          this.#terminators();
          if (!this.#isKw('while')) this.#fail();
          this.#i++;
          this.#expectOp('(');
          const test = this.#expr(true);
          this.#expectOp(')');
          this.#endSimple();
          return { k: 'do', body, test };
        }
        case 'for': {
          this.#i++;
          this.#expectOp('(');
          const a = this.toks[this.#i];
          const b = this.toks[this.#i + 1];
          const c = this.toks[this.#i + 2];
          const d = this.toks[this.#i + 3];
          if (a?.t === 'name' && b?.t === 'kw' && b.v === 'in' && c?.t === 'name' && d?.t === 'op' && d.v === ')') {
            this.#i += 4;
            return { k: 'forin', name: a.v, array: c.v, body: this.#simpleOrBlock() };
          }
          const init = this.#isOp(';') ? undefined : this.#simple();
          this.#expectOp(';');
          this.#newlines();
          const test = this.#isOp(';') ? undefined : this.#expr(true);
          this.#expectOp(';');
          this.#newlines();
          const step = this.#isOp(')') ? undefined : this.#simple();
          this.#expectOp(')');
          if (this.#isOp(';')) { this.#i++; return { k: 'for', ...(init ? { init } : {}), ...(test ? { test } : {}), ...(step ? { step } : {}), body: { k: 'nop' } }; }
          return { k: 'for', ...(init ? { init } : {}), ...(test ? { test } : {}), ...(step ? { step } : {}), body: this.#simpleOrBlock() };
        }
        default: break;
      }
    }
    const s = this.#simple();
    this.#endSimple();
    return s;
  }

  #simple(): Stmt {
    const t = this.#tok;
    if (t.t === 'kw') {
      switch (t.v) {
        case 'print': case 'printf': {
          this.#i++;
          let args: Expr[] = [];
          if (!this.#isOp(';') && !this.#isOp('}') && this.#tok.t !== 'nl' && this.#tok.t !== 'eof' && !this.#isOp('>') && !this.#isOp('>>') && !this.#isOp('|')) {
            // print (a, b) > "f": a parenthesised list.
            if (this.#isOp('(')) {
              const save = this.#i;
              this.#i++;
              const list = [this.#expr(true)];
              while (this.#isOp(',')) { this.#i++; this.#newlines(); list.push(this.#expr(true)); }
              if (this.#isOp(')') && (this.toks[this.#i + 1]?.t === 'nl' || ['}', ';', '>', '>>', '|'].includes((this.toks[this.#i + 1] as { v?: string }).v ?? '') || this.toks[this.#i + 1]?.t === 'eof')) {
                this.#i++;
                args = list;
              } else {
                this.#i = save;
                args = this.#exprList();
              }
            } else args = this.#exprList();
          }
          let dest: { append: boolean; file: Expr } | undefined;
          if (this.#isOp('>') || this.#isOp('>>')) {
            const append = (this.#tok as { v: string }).v === '>>';
            this.#i++;
            dest = { append, file: this.#concat(false) };
          } else if (this.#isOp('|')) throw new AwkSyntaxError('output to a command (`print | "cmd"`) is not simulated in kubetutor');
          if (t.v === 'printf' && args.length === 0) this.#fail();
          return { k: t.v, args, ...(dest ? { dest } : {}) };
        }
        case 'next': this.#i++; return { k: 'next' };
        case 'break': this.#i++; return { k: 'break' };
        case 'continue': this.#i++; return { k: 'continue' };
        case 'exit': {
          this.#i++;
          if (this.#isOp(';') || this.#isOp('}') || this.#tok.t === 'nl' || this.#tok.t === 'eof') return { k: 'exit' };
          return { k: 'exit', code: this.#expr(true) };
        }
        case 'delete': {
          this.#i++;
          const n = this.#tok;
          if (n.t !== 'name') this.#fail();
          this.#i++;
          if (!this.#isOp('[')) return { k: 'delete', name: n.v };
          this.#i++;
          const subs = this.#exprList();
          this.#expectOp(']');
          return { k: 'delete', name: n.v, subs };
        }
        case 'getline': throw new AwkSyntaxError('getline is not simulated in kubetutor');
        default: break;
      }
    }
    return { k: 'expr', e: this.#expr(true) };
  }

  #exprList(): Expr[] {
    const list = [this.#expr(false)];
    while (this.#isOp(',')) { this.#i++; this.#newlines(); list.push(this.#expr(false)); }
    return list;
  }

  /** `inGroup`: `>` compares (inside parentheses, or outside print) rather than redirecting. */
  #expr(inGroup: boolean): Expr {
    return this.#ternary(inGroup);
  }

  #ternary(g: boolean): Expr {
    const test = this.#or(g);
    if (this.#isOp('?')) {
      this.#i++;
      this.#newlines();
      const a = this.#ternary(g);
      this.#newlines();
      this.#expectOp(':');
      this.#newlines();
      return { k: 'cond', test, a, b: this.#ternary(g) };
    }
    const t = this.#tok;
    if (t.t === 'op' && ['=', '+=', '-=', '*=', '/=', '%=', '^='].includes(t.v) && (test.k === 'var' || test.k === 'field' || test.k === 'elem')) {
      this.#i++;
      this.#newlines();
      return { k: 'assign', op: t.v, target: test, value: this.#ternary(g) };
    }
    return test;
  }

  #or(g: boolean): Expr {
    let a = this.#and(g);
    while (this.#isOp('||')) { this.#i++; this.#newlines(); a = { k: 'bin', op: '||', a, b: this.#and(g) }; }
    return a;
  }

  #and(g: boolean): Expr {
    let a = this.#in(g);
    while (this.#isOp('&&')) { this.#i++; this.#newlines(); a = { k: 'bin', op: '&&', a, b: this.#in(g) }; }
    return a;
  }

  #in(g: boolean): Expr {
    let a = this.#match(g);
    while (this.#isKw('in')) {
      this.#i++;
      const n = this.#tok;
      if (n.t !== 'name') this.#fail();
      this.#i++;
      a = { k: 'in', subs: a.k === 'group' && a.e.k === 'bin' && a.e.op === ',' ? [] : [a], name: n.v };
    }
    return a;
  }

  #match(g: boolean): Expr {
    let a = this.#compare(g);
    while (this.#isOp('~') || this.#isOp('!~')) {
      const negate = (this.#tok as { v: string }).v === '!~';
      this.#i++;
      a = { k: 'match', negate, a, re: this.#compare(g) };
    }
    return a;
  }

  #compare(g: boolean): Expr {
    const a = this.#concat(g);
    const t = this.#tok;
    if (t.t === 'op' && ['<', '<=', '==', '!=', '>=', ...(g ? ['>'] : [])].includes(t.v)) {
      this.#i++;
      return { k: 'bin', op: t.v, a, b: this.#concat(g) };
    }
    return a;
  }

  /** Juxtaposed values concatenate. */
  #concat(g: boolean): Expr {
    let a = this.#additive(g);
    for (;;) {
      const t = this.#tok;
      const starts = t.t === 'num' || t.t === 'str' || t.t === 're' || t.t === 'name' || t.t === 'func' || (t.t === 'op' && ['$', '(', '++', '--'].includes(t.v));
      if (!starts) return a;
      a = { k: 'bin', op: 'concat', a, b: this.#additive(g) };
    }
  }

  #additive(g: boolean): Expr {
    let a = this.#multiplicative(g);
    while (this.#isOp('+') || this.#isOp('-')) {
      const op = (this.#tok as { v: string }).v;
      this.#i++;
      a = { k: 'bin', op, a, b: this.#multiplicative(g) };
    }
    return a;
  }

  #multiplicative(g: boolean): Expr {
    let a = this.#unary(g);
    while (this.#isOp('*') || this.#isOp('/') || this.#isOp('%')) {
      const op = (this.#tok as { v: string }).v;
      this.#i++;
      a = { k: 'bin', op, a, b: this.#unary(g) };
    }
    return a;
  }

  #unary(g: boolean): Expr {
    if (this.#isOp('!') || this.#isOp('-') || this.#isOp('+')) {
      const op = (this.#tok as { v: string }).v;
      this.#i++;
      return { k: 'un', op, a: this.#unary(g) };
    }
    return this.#power(g);
  }

  #power(g: boolean): Expr {
    const a = this.#postfix(g);
    if (this.#isOp('^')) { this.#i++; return { k: 'bin', op: '^', a, b: this.#unary(g) }; }
    return a;
  }

  #postfix(g: boolean): Expr {
    if (this.#isOp('++') || this.#isOp('--')) {
      const op = (this.#tok as { v: '++' | '--' }).v;
      this.#i++;
      const target = this.#primary(g);
      if (target.k !== 'var' && target.k !== 'field' && target.k !== 'elem') this.#fail();
      return { k: 'incdec', op, prefix: true, target };
    }
    const e = this.#primary(g);
    if ((this.#isOp('++') || this.#isOp('--')) && (e.k === 'var' || e.k === 'field' || e.k === 'elem')) {
      const op = (this.#tok as { v: '++' | '--' }).v;
      this.#i++;
      return { k: 'incdec', op, prefix: false, target: e };
    }
    return e;
  }

  #primary(g: boolean): Expr {
    const t = this.#tok;
    switch (t.t) {
      case 'num': this.#i++; return { k: 'num', v: t.v };
      case 'str': this.#i++; return { k: 'str', v: t.v };
      case 're': this.#i++; return { k: 're', v: t.v };
      case 'func': {
        this.#i++;
        if (!this.#isOp('(')) return t.v === 'length' ? { k: 'call', name: 'length', args: [] } : this.#fail();
        this.#i++;
        const args = this.#isOp(')') ? [] : this.#exprList();
        this.#expectOp(')');
        return { k: 'call', name: t.v, args };
      }
      case 'name': {
        this.#i++;
        if (this.#isOp('[')) {
          this.#i++;
          const subs = this.#exprList();
          this.#expectOp(']');
          return { k: 'elem', name: t.v, subs };
        }
        if (this.#isOp('(')) throw new AwkSyntaxError(`function ${t.v} never defined`);
        return { k: 'var', name: t.v };
      }
      case 'op':
        if (t.v === '$') { this.#i++; return { k: 'field', index: this.#postfixField() }; }
        if (t.v === '(') {
          this.#i++;
          const e = this.#expr(true);
          if (this.#isOp(',')) {
            // (a, b) in arr
            const subs = [e];
            while (this.#isOp(',')) { this.#i++; subs.push(this.#expr(true)); }
            this.#expectOp(')');
            if (!this.#isKw('in')) this.#fail();
            this.#i++;
            const n = this.#tok;
            if (n.t !== 'name') this.#fail();
            this.#i++;
            return { k: 'in', subs, name: n.v };
          }
          this.#expectOp(')');
          return { k: 'group', e };
        }
        if (t.v === '-' || t.v === '+' || t.v === '!') return this.#unary(g);
        return this.#fail();
      default: return this.#fail();
    }
  }

  /** What follows `$`: a number, a variable, `NF`, `(expr)`, or `$` again — with ++/-- allowed on it. */
  #postfixField(): Expr {
    const t = this.#tok;
    if (t.t === 'op' && (t.v === '++' || t.v === '--')) return this.#postfix(true);
    if (t.t === 'op' && t.v === '-') { this.#i++; return { k: 'un', op: '-', a: this.#primary(true) }; }
    return this.#primary(true);
  }
}

// ── interpreter ───────────────────────────────────────────────────────────────────────────────

class Next extends Error {}
class Exit extends Error { constructor(readonly code: number) { super('exit'); } }
class Break extends Error {}
class Continue extends Error {}

/** awk's `-F` value: `t` is a tab, escapes work, one space means blanks. */
function fieldSeparatorArg(s: string): string {
  if (s === 't') return '\t';
  return s.replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', '\\': '\\' } as Record<string, string>)[c] ?? `\\${c}`);
}

/**
 * `awk [-F FS] [-v VAR=VALUE]… 'PROGRAM' [FILE…]`. Files named `VAR=VALUE` set variables, as in
 * awk. Output to `> "file"` goes through `input.write`.
 */
export function awkText(args: readonly string[], input: TextInput): TextOutput {
  let fs = ' ';
  const assigns: Array<[string, string]> = [];
  let program: string | undefined;
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (program === undefined && a === '-F') { const v = args[++i]; if (v === undefined) return usage(); fs = fieldSeparatorArg(v); }
    else if (program === undefined && a.startsWith('-F')) fs = fieldSeparatorArg(a.slice(2));
    else if (program === undefined && a === '-v') { const v = args[++i]; if (v === undefined || !v.includes('=')) return usage(); assigns.push(splitAssign(v)); }
    else if (program === undefined && a.startsWith('-v') && a.includes('=')) assigns.push(splitAssign(a.slice(2)));
    else if (program === undefined && a === '--') continue;
    else if (program === undefined && a.startsWith('-') && a.length > 1) return { lines: [errLine(`awk: not an option: ${a}`)], code: 2 };
    else if (program === undefined) program = a;
    else operands.push(a);
  }
  if (program === undefined) return usage();
  let items: Item[];
  try {
    items = new Parser(lex(program)).program();
  } catch (e) {
    if (e instanceof AwkSyntaxError) return { lines: [errLine(`awk: line 1: ${e.message}`)], code: 2 };
    throw e;
  }
  return new Awk(items, fs, assigns, input).run(operands);
}

const usage = (): TextOutput => ({ lines: [errLine('usage: awk [-F value] [-v var=value] [--] \'program text\' [file ...]'), errLine('usage: awk [-F value] [-v var=value] [-f program-file] [--] [file ...]')], code: 2 });

function splitAssign(s: string): [string, string] {
  const eq = s.indexOf('=');
  return [s.slice(0, eq), s.slice(eq + 1).replace(/\\(.)/g, (_m, c: string) => ({ t: '\t', n: '\n', '\\': '\\' } as Record<string, string>)[c] ?? `\\${c}`)];
}

class Awk {
  readonly #vars = new Map<string, Value>();
  readonly #arrays = new Map<string, Map<string, Value>>();
  #fields: string[] = [''];
  #record = '';
  #out = '';
  readonly #files = new Map<string, string>();
  readonly #errors: string[] = [];
  readonly #ranges = new Map<Item, boolean>();

  constructor(private readonly items: Item[], fs: string, assigns: Array<[string, string]>, private readonly input: TextInput) {
    for (const [k, v] of [['FS', fs], ['OFS', ' '], ['ORS', '\n'], ['SUBSEP', '\x1c'], ['NR', '0'], ['NF', '0'], ['FNR', '0'], ['RSTART', '0'], ['RLENGTH', '-1'], ['FILENAME', ''], ['CONVFMT', '%.6g'], ['OFMT', '%.6g']] as const) {
      this.#vars.set(k, k === 'NR' || k === 'NF' || k === 'FNR' || k === 'RSTART' || k === 'RLENGTH' ? Number(v) : v);
    }
    for (const [k, v] of assigns) this.#vars.set(k, new StrNum(v));
  }

  run(operands: string[]): TextOutput {
    let code = 0;
    try {
      try {
        for (const it of this.items) if (it.kind === 'begin') this.#exec(it.action ?? []);
        if (this.items.some((it) => it.kind !== 'begin')) {
          const sources = operands.length === 0 ? ['-'] : operands;
          const anyFile = sources.some((s) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(s));
          for (const src of anyFile ? sources : [...sources, '-']) {
            if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(src)) { const [k, v] = splitAssign(src); this.#vars.set(k, new StrNum(v)); continue; }
            let text: string;
            if (src === '-') text = this.input.stdin ?? '';
            else {
              const r = this.input.read(src);
              if ('reason' in r) { this.#errors.push(`awk: cannot open ${src} (${r.reason})`); code = 2; break; }
              text = r.text;
            }
            this.#vars.set('FILENAME', src === '-' ? '' : src);
            this.#vars.set('FNR', 0);
            const lines = text === '' ? [] : text.replace(/\n$/, '').split('\n');
            for (const line of lines) {
              this.#vars.set('NR', toNum(this.#get('NR')) + 1);
              this.#vars.set('FNR', toNum(this.#get('FNR')) + 1);
              this.#setRecord(line);
              try {
                for (const it of this.items) if (it.kind === 'main') this.#main(it);
              } catch (e) {
                if (!(e instanceof Next)) throw e;
              }
            }
          }
        }
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
        code = e.code;
      }
      try {
        for (const it of this.items) if (it.kind === 'end') this.#exec(it.action ?? []);
      } catch (e) {
        if (!(e instanceof Exit)) throw e;
        code = e.code;
      }
    } catch (e) {
      if (e instanceof AwkRuntimeError) {
        this.#errors.push(`awk: run time error: ${e.message}`, `\tFILENAME="${toStr(this.#get('FILENAME')) || '-'}" FNR=${toStr(this.#get('FNR'))} NR=${toStr(this.#get('NR'))}`);
        code = 2;
      } else throw e;
    }
    for (const [file, text] of this.#files) {
      const failed = this.input.write?.(file, text);
      if (failed) { this.#errors.push(`awk: cannot open "${file}" for output (${failed})`); code = 2; }
    }
    return { lines: [...writtenText('out', this.#out), ...this.#errors.map(errLine)], code };
  }

  #main(it: Item): void {
    let selected: boolean;
    if (it.pattern2 && it.pattern) {
      const on = this.#ranges.get(it) ?? false;
      if (!on) {
        selected = this.#truth(it.pattern);
        if (selected) this.#ranges.set(it, !this.#truth(it.pattern2));
      } else {
        selected = true;
        if (this.#truth(it.pattern2)) this.#ranges.set(it, false);
      }
    } else selected = it.pattern ? this.#truth(it.pattern) : true;
    if (!selected) return;
    if (it.action) this.#exec(it.action);
    else this.#write(`${this.#record}${toStr(this.#get('ORS'))}`, undefined);
  }

  /** A pattern alone: a regex matches $0. */
  #truth(e: Expr): boolean {
    if (e.k === 're') return this.#regex(e.v).test(this.#record);
    return toBool(this.#eval(e));
  }

  #setRecord(line: string): void {
    this.#record = line;
    const fs = toStr(this.#get('FS'));
    let fields: string[];
    if (line === '') fields = [];
    else if (fs === ' ') fields = line.trim() === '' ? [] : line.trim().split(/[ \t\n]+/);
    else if (fs.length === 1 && fs !== '\\') fields = line.split(fs);
    else fields = line.split(this.#regex(fs));
    this.#fields = [line, ...fields];
    this.#vars.set('NF', fields.length);
  }

  #rebuild(): void {
    const nf = toNum(this.#get('NF'));
    const fields = this.#fields.slice(1, nf + 1);
    while (fields.length < nf) fields.push('');
    this.#fields = ['', ...fields];
    this.#record = fields.join(toStr(this.#get('OFS')));
    this.#fields[0] = this.#record;
  }

  #get(name: string): Value {
    return this.#vars.get(name) ?? '';
  }

  #regex(source: string): RegExp {
    try {
      return new RegExp(posixRegex(source, true));
    } catch {
      throw new AwkRuntimeError(`regular expression compile failed (missing operand)\n${source}`);
    }
  }

  #array(name: string): Map<string, Value> {
    let a = this.#arrays.get(name);
    if (!a) {
      if (this.#vars.has(name)) throw new AwkRuntimeError(`can't use scalar ${name} as array`);
      a = new Map();
      this.#arrays.set(name, a);
    }
    return a;
  }

  #key(subs: Expr[]): string {
    return subs.map((s) => toStr(this.#eval(s))).join(toStr(this.#get('SUBSEP')));
  }

  #field(i: number): Value {
    if (i < 0) throw new AwkRuntimeError(`negative field index $${i}`);
    if (i === 0) return new StrNum(this.#record);
    const f = this.#fields[i];
    return f === undefined ? new StrNum('') : new StrNum(f);
  }

  #assign(target: Expr, value: Value): Value {
    if (target.k === 'var') {
      if (this.#arrays.has(target.name)) throw new AwkRuntimeError(`can't assign to ${target.name}; it's an array name.`);
      this.#vars.set(target.name, value);
      if (target.name === 'NF') this.#rebuild();
    } else if (target.k === 'elem') this.#array(target.name).set(this.#key(target.subs), value);
    else if (target.k === 'field') {
      const i = Math.trunc(toNum(this.#eval(target.index)));
      if (i === 0) this.#setRecord(toStr(value));
      else {
        while (this.#fields.length <= i) this.#fields.push('');
        this.#fields[i] = toStr(value);
        if (i > toNum(this.#get('NF'))) this.#vars.set('NF', i);
        this.#rebuild();
      }
    }
    return value;
  }

  #value(target: Expr): Value {
    if (target.k === 'var') return this.#get(target.name);
    if (target.k === 'elem') {
      const a = this.#array(target.name);
      const k = this.#key(target.subs);
      if (!a.has(k)) a.set(k, '');
      return a.get(k) as Value;
    }
    return this.#field(Math.trunc(toNum(this.#eval((target as { index: Expr }).index))));
  }

  #compare(a: Value, b: Value): number {
    const numish = (v: Value): boolean => typeof v === 'number' || (v instanceof StrNum && looksNumeric(v.s));
    if (numish(a) && numish(b)) return toNum(a) - toNum(b);
    const x = toStr(a);
    const y = toStr(b);
    return x < y ? -1 : x > y ? 1 : 0;
  }

  #eval(e: Expr): Value {
    switch (e.k) {
      case 'num': return e.v;
      case 'str': return e.v;
      case 're': return this.#regex(e.v).test(this.#record) ? 1 : 0;
      case 'group': return this.#eval(e.e);
      case 'var': return this.#get(e.name);
      case 'field': return this.#field(Math.trunc(toNum(this.#eval(e.index))));
      case 'elem': return this.#value(e);
      case 'in': return this.#array(e.name).has(this.#key(e.subs)) ? 1 : 0;
      case 'cond': return toBool(this.#eval(e.test)) ? this.#eval(e.a) : this.#eval(e.b);
      case 'assign': {
        const v = this.#eval(e.value);
        if (e.op === '=') return this.#assign(e.target, v instanceof StrNum ? v : v);
        const cur = toNum(this.#value(e.target));
        const r = toNum(v);
        const n = e.op === '+=' ? cur + r : e.op === '-=' ? cur - r : e.op === '*=' ? cur * r : e.op === '^=' ? cur ** r : this.#divide(e.op === '/=' ? '/' : '%', cur, r);
        return this.#assign(e.target, n);
      }
      case 'incdec': {
        const old = toNum(this.#value(e.target));
        const n = e.op === '++' ? old + 1 : old - 1;
        this.#assign(e.target, n);
        return e.prefix ? n : old;
      }
      case 'match': {
        const re = e.re.k === 're' ? this.#regex(e.re.v) : this.#regex(toStr(this.#eval(e.re)));
        return re.test(toStr(this.#eval(e.a))) !== e.negate ? 1 : 0;
      }
      case 'un': {
        if (e.op === '!') return toBool(this.#eval(e.a)) ? 0 : 1;
        const n = toNum(this.#eval(e.a));
        return e.op === '-' ? -n : n;
      }
      case 'bin': {
        if (e.op === '&&') return toBool(this.#eval(e.a)) && toBool(this.#eval(e.b)) ? 1 : 0;
        if (e.op === '||') return toBool(this.#eval(e.a)) || toBool(this.#eval(e.b)) ? 1 : 0;
        const a = this.#eval(e.a);
        const b = this.#eval(e.b);
        switch (e.op) {
          case 'concat': return toStr(a) + toStr(b);
          case '+': return toNum(a) + toNum(b);
          case '-': return toNum(a) - toNum(b);
          case '*': return toNum(a) * toNum(b);
          case '/': case '%': return this.#divide(e.op, toNum(a), toNum(b));
          case '^': return toNum(a) ** toNum(b);
          case '<': return this.#compare(a, b) < 0 ? 1 : 0;
          case '<=': return this.#compare(a, b) <= 0 ? 1 : 0;
          case '>': return this.#compare(a, b) > 0 ? 1 : 0;
          case '>=': return this.#compare(a, b) >= 0 ? 1 : 0;
          case '==': return this.#compare(a, b) === 0 ? 1 : 0;
          default: return this.#compare(a, b) !== 0 ? 1 : 0;
        }
      }
      default: return this.#call(e.name, e.args);
    }
  }

  #divide(op: '/' | '%', a: number, b: number): number {
    if (b === 0) throw new AwkRuntimeError(op === '/' ? 'division by zero' : 'division by zero in %');
    return op === '/' ? a / b : a % b;
  }

  #call(name: string, args: Expr[]): Value {
    const arg = (i: number): Value => (args[i] ? this.#eval(args[i] as Expr) : '');
    const str = (i: number): string => toStr(arg(i));
    switch (name) {
      case 'length': {
        if (args.length === 0) return [...this.#record].length;
        const a = args[0] as Expr;
        if (a.k === 'var' && this.#arrays.has(a.name)) return (this.#arrays.get(a.name) as Map<string, Value>).size;
        return [...str(0)].length;
      }
      case 'substr': {
        const s = [...str(0)];
        const m = Math.round(toNum(arg(1)));
        const n = args.length > 2 ? Math.round(toNum(arg(2))) : Infinity;
        const start = Math.max(m, 1);
        const end = n === Infinity ? s.length + 1 : m + n;
        return s.slice(start - 1, Math.max(start - 1, end - 1)).join('');
      }
      case 'index': return str(0).indexOf(str(1)) + 1;
      case 'split': {
        const target = args[1];
        if (target?.k !== 'var') throw new AwkSyntaxError('split: second argument must be an array');
        const s = str(0);
        const sep = args.length > 2 ? (args[2]?.k === 're' ? (args[2] as { v: string }).v : str(2)) : toStr(this.#get('FS'));
        let parts: string[];
        if (s === '') parts = [];
        else if (sep === ' ') parts = s.trim() === '' ? [] : s.trim().split(/[ \t\n]+/);
        else if (sep.length === 1 && args[2]?.k !== 're') parts = s.split(sep);
        else parts = s.split(this.#regex(sep));
        this.#vars.delete(target.name);
        const a = new Map<string, Value>();
        parts.forEach((p, i) => a.set(String(i + 1), new StrNum(p)));
        this.#arrays.set(target.name, a);
        return parts.length;
      }
      case 'sub': case 'gsub': {
        const reArg = args[0] as Expr;
        const re = new RegExp(reArg.k === 're' ? posixRegex(reArg.v, true) : posixRegex(str(0), true), name === 'gsub' ? 'g' : '');
        const repl = str(1);
        const target: Expr = args[2] ?? { k: 'field', index: { k: 'num', v: 0 } };
        const before = toStr(this.#value(target));
        let count = 0;
        const after = before.replace(re, (m) => {
          count++;
          return repl.replace(/\\\\|\\&|&/g, (x) => (x === '&' ? m : x === '\\&' ? '&' : '\\'));
        });
        if (count > 0) this.#assign(target, after);
        return count;
      }
      case 'match': {
        const reArg = args[1] as Expr;
        const m = (reArg.k === 're' ? this.#regex(reArg.v) : this.#regex(str(1))).exec(str(0));
        this.#vars.set('RSTART', m ? m.index + 1 : 0);
        this.#vars.set('RLENGTH', m ? m[0].length : -1);
        return m ? m.index + 1 : 0;
      }
      case 'sprintf': return awkSprintf(str(0), args.slice(1).map((a) => this.#eval(a)));
      case 'tolower': return str(0).toLowerCase();
      case 'toupper': return str(0).toUpperCase();
      case 'int': return Math.trunc(toNum(arg(0)));
      case 'sqrt': return Math.sqrt(toNum(arg(0)));
      case 'exp': return Math.exp(toNum(arg(0)));
      case 'log': return Math.log(toNum(arg(0)));
      case 'sin': return Math.sin(toNum(arg(0)));
      case 'cos': return Math.cos(toNum(arg(0)));
      case 'atan2': return Math.atan2(toNum(arg(0)), toNum(arg(1)));
      case 'close': case 'fflush': return 0;
      default: throw new AwkRuntimeError(`${name}() is not simulated in kubetutor`);
    }
  }

  #write(text: string, dest: { append: boolean; file: Expr } | undefined): void {
    if (!dest) { this.#out += text; return; }
    const file = toStr(this.#eval(dest.file));
    if (file === '/dev/stdout' || file === '-') { this.#out += text; return; }
    if (file === '/dev/stderr') { this.#errors.push(text.replace(/\n$/, '')); return; }
    if (!this.#files.has(file)) {
      const old = dest.append ? this.input.read(file) : undefined;
      this.#files.set(file, old && 'text' in old ? old.text : '');
    }
    this.#files.set(file, (this.#files.get(file) as string) + text);
  }

  #exec(stmts: readonly Stmt[]): void {
    for (const s of stmts) this.#stmt(s);
  }

  #stmt(s: Stmt): void {
    switch (s.k) {
      case 'expr': this.#eval(s.e); return;
      case 'print': {
        const text = s.args.length === 0 ? this.#record : s.args.map((a) => {
          const v = this.#eval(a);
          return typeof v === 'number' && !Number.isInteger(v) ? awkSprintf(toStr(this.#get('OFMT')), [v]) : toStr(v);
        }).join(toStr(this.#get('OFS')));
        this.#write(`${text}${toStr(this.#get('ORS'))}`, s.dest);
        return;
      }
      case 'printf': {
        const [f, ...rest] = s.args.map((a) => this.#eval(a));
        this.#write(awkSprintf(toStr(f as Value), rest), s.dest);
        return;
      }
      case 'if': if (toBool(this.#eval(s.test))) this.#stmt(s.then); else if (s.else) this.#stmt(s.else); return;
      case 'while': this.#loop(() => toBool(this.#eval(s.test)), s.body); return;
      case 'do': {
        let first = true;
        this.#loop(() => { const go = first || toBool(this.#eval(s.test)); first = false; return go; }, s.body);
        return;
      }
      case 'for': {
        if (s.init) this.#stmt(s.init);
        let first = true;
        this.#loop(() => {
          if (!first && s.step) this.#stmt(s.step);
          first = false;
          return s.test ? toBool(this.#eval(s.test)) : true;
        }, s.body);
        return;
      }
      case 'forin': {
        const keys = [...this.#array(s.array).keys()];
        let i = 0;
        this.#loop(() => {
          if (i >= keys.length) return false;
          this.#vars.set(s.name, new StrNum(keys[i++] as string));
          return true;
        }, s.body);
        return;
      }
      case 'block': this.#exec(s.body); return;
      case 'next': throw new Next();
      case 'exit': throw new Exit(s.code ? Math.trunc(toNum(this.#eval(s.code))) & 255 : 0);
      case 'break': throw new Break();
      case 'continue': throw new Continue();
      case 'delete': {
        if (s.subs) this.#array(s.name).delete(this.#key(s.subs)); else this.#array(s.name).clear();
        return;
      }
      default: return;
    }
  }

  /** A loop, bounded: a program that never ends would hang the sandbox. */
  #loop(test: () => boolean, body: Stmt): void {
    for (let rounds = 0; test(); rounds++) {
      if (rounds >= 100_000) throw new AwkRuntimeError('kubetutor stopped a loop that ran 100,000 times');
      try {
        this.#stmt(body);
      } catch (e) {
        if (e instanceof Break) return;
        if (e instanceof Continue) continue;
        throw e;
      }
    }
  }
}
