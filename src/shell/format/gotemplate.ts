/**
 * Go's text/template (Go 1.23), as kubectl's `-o go-template` and docker's `--format` run it:
 * the lexer with `{{- -}}` trimming and comments, the parser with its error messages, and the
 * executor — fields, variables (`$x :=`, `$x =`, `range $k, $v :=`), pipelines, parenthesised
 * chains (`(index .spec.ports 0).nodePort`), if/else if/with/range/else/break/continue,
 * define/template/block, and the builtins (and or not len index slice print printf println eq ne
 * lt le gt ge html js urlquery). Callers add their own functions (kubectl's base64decode and
 * exists, docker's json/join/upper…).
 *
 * Sources: go/src/text/template/{exec.go,funcs.go}, text/template/parse/{lex.go,parse.go,node.go}.
 * Errors read as Go's: `template: output:1: function "foo" not defined`,
 * `template: output:1:2: executing "output" at <index .spec.ports 5>: error calling index: …`.
 */
import { goQuote } from '../../sim/image.ts';
import { GO_MAP, goJson, goSprint, goSprintf, goSprintln, goTypeName, goV, isMap, sortedEntries, type GoValue, type PrintStyle } from './gofmt.ts';

/** A parse error or an execution error, with Go's message. */
export class TemplateError extends Error {
  override name = 'TemplateError';
  constructor(message: string, readonly phase: 'parse' | 'exec' = 'parse') {
    super(message);
  }
}

// ── lexer (parse/lex.go) ───────────────────────────────────────────────────────────────────

type ItemType = 'error' | 'bool' | 'char' | 'charConstant' | 'complex' | 'assign' | 'declare' | 'eof' | 'field' | 'identifier' | 'leftDelim'
  | 'leftParen' | 'number' | 'pipe' | 'rawString' | 'rightDelim' | 'rightParen' | 'space' | 'string' | 'text' | 'variable'
  // keywords
  | 'block' | 'break' | 'continue' | 'dot' | 'define' | 'else' | 'end' | 'if' | 'nil' | 'range' | 'template' | 'with';

const KEYWORDS: Record<string, ItemType> = {
  '.': 'dot', block: 'block', break: 'break', continue: 'continue', define: 'define', else: 'else', end: 'end', if: 'if', range: 'range', nil: 'nil', template: 'template', with: 'with',
};
const isKeyword = (t: ItemType): boolean => Object.values(KEYWORDS).includes(t);

interface Item { typ: ItemType; pos: number; val: string; line: number }

/** item.String(): how a token is named in "unexpected …" messages. */
function itemString(i: Item): string {
  if (i.typ === 'eof') return 'EOF';
  if (i.typ === 'error') return i.val;
  if (isKeyword(i.typ)) return `<${i.val}>`;
  if ([...i.val].length > 10) return `${goQuote([...i.val].slice(0, 10).join(''))}...`;
  return goQuote(i.val);
}

const isSpace = (r: string): boolean => r === ' ' || r === '\t' || r === '\r' || r === '\n';
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const TRIM = '-';

function lex(input: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  let start = 0;
  let parenDepth = 0;
  let insideAction = false;
  let done = false;
  const lineAt = (p: number): number => 1 + (input.slice(0, p).match(/\n/g) ?? []).length;
  const emit = (typ: ItemType): void => {
    items.push({ typ, pos: start, val: input.slice(start, pos), line: lineAt(start) });
    start = pos;
  };
  const ignore = (): void => { start = pos; };
  const errorf = (msg: string): void => {
    items.push({ typ: 'error', pos: start, val: msg, line: lineAt(pos) });
    done = true;
  };
  const next = (): string => {
    if (pos >= input.length) { pos = input.length + 1; return ''; }
    const r = String.fromCodePoint(input.codePointAt(pos) as number);
    pos += r.length;
    return r;
  };
  const backup = (r: string): void => { pos = r === '' ? input.length : pos - r.length; };
  const peek = (): string => { const r = next(); backup(r); return r; };
  const hasLeftTrim = (s: string): boolean => s.length >= 2 && s[0] === TRIM && isSpace(s[1] as string);
  const hasRightTrim = (s: string): boolean => s.length >= 2 && isSpace(s[0] as string) && s[1] === TRIM;
  const atRightDelim = (): { delim: boolean; trim: boolean } => {
    if (input.startsWith('}}', pos)) return { delim: true, trim: false };
    if (hasRightTrim(input.slice(pos)) && input.startsWith('}}', pos + 2)) return { delim: true, trim: true };
    return { delim: false, trim: false };
  };
  const atTerminator = (): boolean => {
    const r = peek();
    return isSpace(r) || ['', '.', ',', '|', ':', ')', '(', '}'].includes(r);
  };
  const trimLeadingSpace = (): void => { while (pos < input.length && isSpace(input[pos] as string)) pos++; };

  while (!done) {
    if (!insideAction) {
      // lexText
      const x = input.indexOf('{{', pos);
      if (x >= 0) {
        let end = x;
        if (hasLeftTrim(input.slice(x + 2))) while (end > start && isSpace(input[end - 1] as string)) end--;
        pos = end;
        if (pos > start) emit('text');
        pos = x;
        ignore();
        // lexLeftDelim
        pos += 2;
        const trim = hasLeftTrim(input.slice(pos));
        const after = trim ? 2 : 0;
        if (input.startsWith('/*', pos + after)) {
          pos += after;
          ignore();
          // lexComment
          pos += 2;
          const i = input.indexOf('*/', pos);
          if (i < 0) { errorf('unclosed comment'); break; }
          pos = i + 2;
          const d = atRightDelim();
          if (!d.delim) { errorf('comment ends before closing delimiter'); break; }
          if (d.trim) pos += 2;
          pos += 2;
          if (d.trim) trimLeadingSpace();
          ignore();
          continue;
        }
        emit('leftDelim');
        pos += after;
        ignore();
        parenDepth = 0;
        insideAction = true;
        continue;
      }
      pos = input.length;
      if (pos > start) emit('text');
      emit('eof');
      break;
    }
    // lexInsideAction
    const d = atRightDelim();
    if (d.delim) {
      if (parenDepth !== 0) { errorf('unclosed left paren'); break; }
      // lexRightDelim
      if (d.trim) { pos += 2; ignore(); }
      pos += 2;
      emit('rightDelim');
      if (d.trim) { trimLeadingSpace(); ignore(); }
      insideAction = false;
      continue;
    }
    const r = next();
    if (r === '') { errorf('unclosed action'); break; }
    if (isSpace(r)) {
      backup(r);
      // lexSpace
      let n = 0;
      while (isSpace(peek())) { next(); n++; }
      if (hasRightTrim(input.slice(pos - 1)) && input.startsWith('}}', pos - 1 + 2)) {
        backup(input[pos - 1] as string);
        if (n === 1) continue;
      }
      emit('space');
      continue;
    }
    if (r === '=') { emit('assign'); continue; }
    if (r === ':') { if (next() !== '=') { errorf('expected :='); break; } emit('declare'); continue; }
    if (r === '|') { emit('pipe'); continue; }
    if (r === '"' || r === '`' || r === "'") {
      // lexQuote, lexRawQuote, lexChar
      let ok = true;
      for (;;) {
        const c = next();
        if (r !== '`' && c === '\\') { const e = next(); if (e !== '' && e !== '\n') continue; ok = false; break; }
        if (c === '' || (r !== '`' && c === '\n')) { ok = false; break; }
        if (c === r) break;
      }
      if (!ok) { errorf(r === '"' ? 'unterminated quoted string' : r === '`' ? 'unterminated raw quoted string' : 'unterminated character constant'); break; }
      emit(r === '"' ? 'string' : r === '`' ? 'rawString' : 'charConstant');
      continue;
    }
    if (r === '$' || (r === '.' && pos < input.length && !/[0-9]/.test(input[pos] as string))) {
      // lexVariable, lexField
      if (atTerminator()) { emit(r === '$' ? 'variable' : 'dot'); continue; }
      let c: string;
      for (;;) { c = next(); if (!isAlphaNumeric(c)) { backup(c); break; } }
      if (!atTerminator()) { errorf(`bad character ${goRune(peek())}`); break; }
      emit(r === '$' ? 'variable' : 'field');
      continue;
    }
    if (r === '+' || r === '-' || r === '.' || /[0-9]/.test(r)) {
      backup(r);
      // lexNumber (scanNumber)
      const m = /^[+-]?(?:0[xX][0-9a-fA-F_]*(?:\.[0-9a-fA-F_]*)?(?:[pP][+-]?[0-9_]+)?|0[oObB][0-9_]*|[0-9_]*(?:\.[0-9_]*)?(?:[eE][+-]?[0-9_]+)?)i?/.exec(input.slice(pos)) as RegExpExecArray;
      pos += m[0].length;
      if (isAlphaNumeric(peek())) { next(); errorf(`bad number syntax: ${goQuote(input.slice(start, pos))}`); break; }
      emit('number');
      continue;
    }
    if (isAlphaNumeric(r)) {
      let c: string;
      for (;;) { c = next(); if (!isAlphaNumeric(c)) { backup(c); break; } }
      if (!atTerminator()) { errorf(`bad character ${goRune(peek())}`); break; }
      const word = input.slice(start, pos);
      emit(KEYWORDS[word] ?? (word === 'true' || word === 'false' ? 'bool' : 'identifier'));
      continue;
    }
    if (r === '(') { parenDepth++; emit('leftParen'); continue; }
    if (r === ')') { parenDepth--; if (parenDepth < 0) { errorf('unexpected right paren'); break; } emit('rightParen'); continue; }
    if ((r.codePointAt(0) as number) < 0x7f && (r.codePointAt(0) as number) >= 0x20) { emit('char'); continue; }
    errorf(`unrecognized character in action: ${goRune(r)}`);
  }
  return items;
}

/** Go's %#U: `U+007D '}'`. */
function goRune(r: string): string {
  const c = r === '' ? -1 : (r.codePointAt(0) as number);
  if (c < 0) return 'U+FFFFFFFFFFFFFFFF';
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}${c >= 0x20 && c !== 0x7f ? ` '${r}'` : ''}`;
}

// ── parse tree (parse/node.go) ─────────────────────────────────────────────────────────────

type Arg =
  | { t: 'field'; pos: number; ident: string[] }
  | { t: 'var'; pos: number; ident: string[] }
  | { t: 'ident'; pos: number; name: string }
  | { t: 'dot'; pos: number }
  | { t: 'nil'; pos: number }
  | { t: 'bool'; pos: number; value: boolean }
  | { t: 'number'; pos: number; text: string; value: bigint | number }
  | { t: 'string'; pos: number; quoted: string; text: string }
  | { t: 'chain'; pos: number; node: Arg; field: string[] }
  | Pipe;
interface Pipe { t: 'pipe'; pos: number; line: number; isAssign: boolean; decl: Array<{ pos: number; ident: string[] }>; cmds: Cmd[] }
interface Cmd { t: 'command'; pos: number; args: Arg[] }
interface List { t: 'list'; pos: number; nodes: TNode[] }
interface Control { t: 'if' | 'with' | 'range'; pos: number; line: number; pipe: Pipe; list: List; elseList: List | undefined }
type TNode =
  | { t: 'text'; pos: number; text: string }
  | { t: 'action'; pos: number; line: number; pipe: Pipe }
  | Control
  | { t: 'template'; pos: number; line: number; name: string; pipe: Pipe | undefined }
  | { t: 'break' | 'continue'; pos: number }
  | { t: 'end' | 'else'; pos: number };

const TREE_NODES: ReadonlySet<string> = new Set(['list', 'text', 'action', 'if', 'with', 'range', 'template', 'break', 'continue', 'end', 'else']);

function argString(a: Arg | Cmd): string {
  switch (a.t) {
    case 'field': return `.${a.ident.join('.')}`;
    case 'var': return a.ident.join('.');
    case 'ident': return a.name;
    case 'dot': return '.';
    case 'nil': return 'nil';
    case 'bool': return String(a.value);
    case 'number': return a.text;
    case 'string': return a.quoted;
    case 'chain': return `${a.node.t === 'pipe' ? `(${argString(a.node)})` : argString(a.node)}.${a.field.join('.')}`;
    case 'command': return a.args.map((x) => (x.t === 'pipe' ? `(${argString(x)})` : argString(x))).join(' ');
    case 'pipe': {
      const decl = a.decl.length ? `${a.decl.map((d) => d.ident.join('.')).join(', ')}${a.isAssign ? ' = ' : ' := '}` : '';
      return decl + a.cmds.map(argString).join(' | ');
    }
  }
}

function nodeString(n: TNode | List): string {
  switch (n.t) {
    case 'list': return n.nodes.map(nodeString).join('');
    case 'text': return n.text;
    case 'action': return `{{${argString(n.pipe)}}}`;
    case 'if': case 'with': case 'range':
      return `{{${n.t} ${argString(n.pipe)}}}${nodeString(n.list)}${n.elseList ? `{{else}}${nodeString(n.elseList)}` : ''}{{end}}`;
    case 'template': return `{{template ${goQuote(n.name)}${n.pipe ? ` ${argString(n.pipe)}` : ''}}}`;
    case 'break': case 'continue': return `{{${n.t}}}`;
    case 'end': case 'else': return `{{${n.t}}}`;
  }
}

// ── parser (parse/parse.go) ────────────────────────────────────────────────────────────────

/** Go's strconv.Unquote for the string forms a template holds. */
function unquote(s: string): string | undefined {
  if (s.startsWith('`')) return s.slice(1, -1).replace(/\r/g, '');
  const quote = s[0];
  if (s.length < 2 || s[s.length - 1] !== quote) return undefined;
  let out = '';
  const body = s.slice(1, -1);
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === quote) return undefined;
    if (c !== '\\') { out += c; continue; }
    const e = body[++i];
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (e !== undefined && e in simple && (e !== "'" || quote === "'") && (e !== '"' || quote === '"')) { out += simple[e]; continue; }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex) {
      const h = body.slice(i + 1, i + 1 + hex);
      if (!/^[0-9a-fA-F]+$/.test(h) || h.length !== hex) return undefined;
      out += e === 'x' ? String.fromCharCode(parseInt(h, 16)) : String.fromCodePoint(parseInt(h, 16));
      i += hex;
      continue;
    }
    if (e !== undefined && /[0-7]/.test(e)) {
      const o = body.slice(i, i + 3);
      if (!/^[0-7]{3}$/.test(o)) return undefined;
      out += String.fromCharCode(parseInt(o, 8));
      i += 2;
      continue;
    }
    return undefined;
  }
  return quote === "'" && [...out].length !== 1 ? undefined : out;
}

/** A number literal: int (bigint), float64 (number), a rune constant; undefined when Go would refuse it. */
function parseNumber(text: string, typ: ItemType): bigint | number | undefined {
  if (typ === 'charConstant') {
    const r = unquote(text);
    return r === undefined ? undefined : BigInt(r.codePointAt(0) as number);
  }
  if (text.endsWith('i')) return undefined;
  const t = text.replace(/_/g, '');
  if (/^[+-]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|\d+)$/.test(t)) {
    const neg = t.startsWith('-');
    const u = t.replace(/^[+-]/, '');
    const v = /^0[oO]/.test(u) ? BigInt(`0o${u.slice(2)}`) : /^0[0-7]+$/.test(u) ? BigInt(`0o${u.slice(1)}`) : BigInt(u);
    return neg ? -v : v;
  }
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return Number(t);
  return undefined;
}

class Parser {
  private items: Item[];
  private i = 0;
  private token: Item;
  private vars: string[] = ['$'];
  private rangeDepth = 0;
  private actionLine = 0;
  readonly defs = new Map<string, List>();

  constructor(private readonly name: string, text: string, private readonly funcs: ReadonlySet<string>) {
    this.items = lex(text);
    this.token = this.items[0] as Item;
  }

  private errorf(msg: string): never {
    throw new TemplateError(`template: ${this.name}:${this.token.line}: ${msg}`);
  }

  private next(): Item {
    this.token = this.items[Math.min(this.i, this.items.length - 1)] as Item;
    this.i++;
    return this.token;
  }
  private backup(n = 1): void { this.i -= n; }
  private peek(): Item { return this.items[Math.min(this.i, this.items.length - 1)] as Item; }
  private nextNonSpace(): Item { let t: Item; do t = this.next(); while (t.typ === 'space'); return t; }
  /** Go's peekNonSpace: the spaces before the token are consumed, the token is not. */
  private peekNonSpace(): Item { const t = this.nextNonSpace(); this.backup(); return t; }

  private unexpected(token: Item, context: string): never {
    if (token.typ === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.name}:${this.actionLine}`;
        if (token.val.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      this.errorf(`${token.val}${extra}`);
    }
    this.errorf(`unexpected ${itemString(token)} in ${context}`);
  }

  private expect(typ: ItemType, context: string): Item {
    const t = this.nextNonSpace();
    if (t.typ !== typ) this.unexpected(t, context);
    return t;
  }

  parse(): List {
    const root: List = { t: 'list', pos: this.peek().pos, nodes: [] };
    while (this.peek().typ !== 'eof') {
      if (this.peek().typ === 'leftDelim') {
        const save = this.i;
        this.next();
        if (this.nextNonSpace().typ === 'define') {
          this.parseDefinition();
          continue;
        }
        this.i = save;
      }
      const n = this.textOrAction();
      if (n.t === 'end' || n.t === 'else') this.errorf(`unexpected ${nodeString(n)}`);
      root.nodes.push(n);
    }
    if (this.peek().typ === 'eof') this.next();
    return root;
  }

  private parseDefinition(): void {
    const context = 'define clause';
    const name = this.nextNonSpace();
    if (name.typ !== 'string' && name.typ !== 'rawString') this.unexpected(name, context);
    const n = unquote(name.val) ?? this.errorf('invalid syntax');
    this.expect('rightDelim', context);
    const [list, end] = this.itemList();
    if (end.t !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.defs.set(n, list);
  }

  private itemList(): [List, TNode] {
    const list: List = { t: 'list', pos: this.peekNonSpace().pos, nodes: [] };
    while (this.peekNonSpace().typ !== 'eof') {
      const n = this.textOrAction();
      if (n.t === 'end' || n.t === 'else') return [list, n];
      list.nodes.push(n);
    }
    this.nextNonSpace();
    this.errorf('unexpected EOF');
  }

  private textOrAction(): TNode {
    const token = this.nextNonSpace();
    if (token.typ === 'text') return { t: 'text', pos: token.pos, text: token.val };
    if (token.typ === 'leftDelim') {
      this.actionLine = token.line;
      try { return this.action(); } finally { this.actionLine = 0; }
    }
    this.unexpected(token, 'input');
  }

  private action(): TNode {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'block': return this.blockControl();
      case 'break': case 'continue': {
        const t = this.nextNonSpace();
        if (t.typ !== 'rightDelim') this.unexpected(t, `{{${token.typ}}}`);
        if (this.rangeDepth === 0) this.errorf(`{{${token.typ}}} outside {{range}}`);
        return { t: token.typ, pos: token.pos };
      }
      case 'else': {
        const peek = this.peekNonSpace();
        if (peek.typ === 'if' || peek.typ === 'with') return { t: 'else', pos: peek.pos };
        return { t: 'else', pos: this.expect('rightDelim', 'else').pos };
      }
      case 'end': return { t: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if': case 'range': case 'with': return this.control(token.typ);
      case 'template': {
        const context = 'template clause';
        const nameTok = this.nextNonSpace();
        const name = this.templateName(nameTok, context);
        let pipe: Pipe | undefined;
        if (this.nextNonSpace().typ !== 'rightDelim') { this.backup(); pipe = this.pipeline(context, 'rightDelim'); }
        return { t: 'template', pos: nameTok.pos, line: nameTok.line, name, pipe };
      }
      default: break;
    }
    this.backup();
    const t = this.peek();
    return { t: 'action', pos: t.pos, line: t.line, pipe: this.pipeline('command', 'rightDelim') };
  }

  private templateName(token: Item, context: string): string {
    if (token.typ !== 'string' && token.typ !== 'rawString') this.unexpected(token, context);
    return unquote(token.val) ?? this.errorf('invalid syntax');
  }

  private blockControl(): TNode {
    const context = 'block clause';
    const token = this.nextNonSpace();
    const name = this.templateName(token, context);
    const pipe = this.pipeline(context, 'rightDelim');
    const [list, end] = this.itemList();
    if (end.t !== 'end') this.errorf(`unexpected ${nodeString(end)} in ${context}`);
    this.defs.set(name, list);
    return { t: 'template', pos: token.pos, line: token.line, name, pipe };
  }

  private control(context: 'if' | 'range' | 'with'): TNode {
    const mark = this.vars.length;
    try {
      const pipe = this.pipeline(context, 'rightDelim');
      if (context === 'range') this.rangeDepth++;
      const [list, first] = this.itemList();
      let next = first;
      if (context === 'range') this.rangeDepth--;
      let elseList: List | undefined;
      if (next.t === 'else') {
        if ((context === 'if' || context === 'with') && this.peek().typ === context) {
          this.next();
          elseList = { t: 'list', pos: next.pos, nodes: [this.control(context)] };
        } else {
          [elseList, next] = this.itemList();
          if (next.t !== 'end') this.errorf(`expected end; found ${nodeString(next)}`);
        }
      }
      return { t: context, pos: pipe.pos, line: pipe.line, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
    }
  }

  private pipeline(context: string, end: ItemType): Pipe {
    const token = this.peekNonSpace();
    const pipe: Pipe = { t: 'pipe', pos: token.pos, line: token.line, isAssign: false, decl: [], cmds: [] };
    for (;;) {
      const v = this.peekNonSpace();
      if (v.typ !== 'variable') break;
      const save = this.i;
      this.nextNonSpace();
      const next = this.peekNonSpace();
      if (next.typ === 'assign' || next.typ === 'declare') {
        pipe.isAssign = next.typ === 'assign';
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, ident: [v.val] });
        if (!pipe.isAssign) this.vars.push(v.val);
        else if (!this.vars.includes(v.val)) this.errorf(`undefined variable ${goQuote(v.val)}`);
        break;
      }
      if (next.typ === 'char' && next.val === ',') {
        this.nextNonSpace();
        pipe.decl.push({ pos: v.pos, ident: [v.val] });
        this.vars.push(v.val);
        if (context === 'range' && pipe.decl.length < 2) {
          const p = this.peekNonSpace().typ;
          if (p === 'variable' || p === 'rightDelim' || p === 'rightParen') continue;
          this.errorf('range can only initialize variables');
        }
        this.errorf(`too many declarations in ${context}`);
      }
      this.i = save;
      break;
    }
    for (;;) {
      const token2 = this.nextNonSpace();
      if (token2.typ === end) {
        if (pipe.cmds.length === 0) this.errorf(`missing value for ${context}`);
        pipe.cmds.slice(1).forEach((c, i) => {
          if (['bool', 'dot', 'nil', 'number', 'string'].includes((c.args[0] as Arg).t)) this.errorf(`non executable command in pipeline stage ${i + 2}`);
        });
        return pipe;
      }
      if (['bool', 'charConstant', 'complex', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen'].includes(token2.typ)) {
        this.backup();
        pipe.cmds.push(this.command());
      } else {
        this.unexpected(token2, context);
      }
    }
  }

  private command(): Cmd {
    const cmd: Cmd = { t: 'command', pos: this.peekNonSpace().pos, args: [] };
    for (;;) {
      this.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.next();
      if (token.typ === 'space') continue;
      if (token.typ === 'rightDelim' || token.typ === 'rightParen') this.backup();
      else if (token.typ !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.errorf('empty command');
    return cmd;
  }

  private operand(): Arg | undefined {
    const node = this.term();
    if (!node) return undefined;
    if (this.peek().typ !== 'field') return node;
    const fields: string[] = [];
    const pos = this.peek().pos;
    while (this.peek().typ === 'field') fields.push(this.next().val.slice(1));
    switch (node.t) {
      case 'field': return { t: 'field', pos, ident: [...node.ident, ...fields] };
      case 'var': return { t: 'var', pos, ident: [...node.ident, ...fields] };
      case 'bool': case 'string': case 'number': case 'nil': case 'dot':
        this.errorf(`unexpected . after term ${goQuote(argString(node))}`);
      default: return { t: 'chain', pos, node, field: fields };
    }
  }

  private term(): Arg | undefined {
    const token = this.nextNonSpace();
    switch (token.typ) {
      case 'identifier':
        if (!this.funcs.has(token.val)) this.errorf(`function ${goQuote(token.val)} not defined`);
        return { t: 'ident', pos: token.pos, name: token.val };
      case 'dot': return { t: 'dot', pos: token.pos };
      case 'nil': return { t: 'nil', pos: token.pos };
      case 'variable': {
        const name = token.val.split('.')[0] as string;
        if (!this.vars.includes(name)) this.errorf(`undefined variable ${goQuote(name)}`);
        return { t: 'var', pos: token.pos, ident: token.val.split('.') };
      }
      case 'field': return { t: 'field', pos: token.pos, ident: token.val.slice(1).split('.') };
      case 'bool': return { t: 'bool', pos: token.pos, value: token.val === 'true' };
      case 'charConstant': case 'complex': case 'number': {
        const value = parseNumber(token.val, token.typ);
        if (value === undefined) this.errorf(`illegal number syntax: ${goQuote(token.val)}`);
        return { t: 'number', pos: token.pos, text: token.val, value };
      }
      case 'leftParen': return this.pipeline('parenthesized pipeline', 'rightParen');
      case 'string': case 'rawString': {
        const s = unquote(token.val);
        if (s === undefined) this.errorf('invalid syntax');
        return { t: 'string', pos: token.pos, quoted: token.val, text: s };
      }
      default: this.backup(); return undefined;
    }
  }
}

// ── execution (exec.go, funcs.go) ──────────────────────────────────────────────────────────

/** What a function parameter accepts: any value (`interface{}`/`reflect.Value`), a string, or an int. */
type Param = 'any' | 'string' | 'int';

/** A template function: its parameters (the last repeats when variadic) and its body. */
export interface TemplateFunc {
  readonly params: readonly Param[];
  readonly variadic?: boolean;
  /** Returns the value, or throws a plain Error whose message Go wraps as `error calling NAME: …`. */
  readonly fn: (...args: GoValue[]) => GoValue;
}

export interface TemplateOptions {
  /** The template's name in messages: `output` for kubectl, `` for docker. */
  readonly name?: string;
  /** A missing map key: `<no value>` (Go's default) or an error (`missingkey=error`). */
  readonly missingKey?: 'default' | 'error';
  readonly funcs?: Readonly<Record<string, TemplateFunc>>;
  readonly style?: PrintStyle;
  /** Data are typed Go values (docker's structs): a nil prints `<nil>` instead of `<no value>`. */
  readonly typedNil?: boolean;
}

const MISSING = Symbol('missing');
type Final = GoValue | typeof MISSING;

class BreakSignal { constructor(readonly kind: 'break' | 'continue') {} }

function isTrue(v: GoValue): [truth: boolean, ok: boolean] {
  if (v === undefined || v === null) return [false, true];
  if (typeof v === 'string') return [v.length > 0, true];
  if (typeof v === 'boolean') return [v, true];
  if (typeof v === 'number') return [v !== 0, true];
  if (typeof v === 'bigint') return [v !== 0n, true];
  if (Array.isArray(v)) return [v.length > 0, true];
  return [Object.keys(v).length > 0, true];
}
const truth = (v: GoValue): boolean => isTrue(v)[0];
/** indirectInterface: a nil interface is no value at all. */
const concrete = (v: GoValue): GoValue => (v === null ? undefined : v);

type Kind = 'bool' | 'int' | 'float' | 'string' | 'invalid';
function basicKind(v: GoValue): Kind {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'number') return 'float';
  if (typeof v === 'string') return 'string';
  return 'invalid';
}

function eq(a1: GoValue, ...rest: GoValue[]): boolean {
  const arg1 = concrete(a1);
  if (rest.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(arg1);
  for (const a of rest) {
    const arg = concrete(a);
    const k2 = basicKind(arg);
    if (k1 !== k2) {
      if (arg1 !== undefined && arg !== undefined) throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg)}`);
      continue;
    }
    if (k1 === 'invalid') {
      // Both are nil-able: maps or slices compare only with nil.
      if (arg1 === undefined || arg === undefined) { if (arg1 === arg) return true; continue; }
      throw new Error(`non-comparable type ${goV(arg)}: ${goTypeName(arg)}`);
    }
    if (arg1 === arg) return true;
  }
  return false;
}

function lt(a1: GoValue, a2: GoValue): boolean {
  const arg1 = concrete(a1);
  const arg2 = concrete(a2);
  const k1 = basicKind(arg1);
  const k2 = basicKind(arg2);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeName(arg1)} and ${goTypeName(arg2)}`);
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  return (arg1 as number | bigint | string) < (arg2 as number | bigint | string);
}

function indexArg(index: GoValue, cap: number): number {
  const i = concrete(index);
  if (i === undefined) throw new Error('cannot index slice/array with nil');
  if (typeof i !== 'bigint') throw new Error(`cannot index slice/array with type ${goTypeName(i)}`);
  if (i < 0n || i > BigInt(cap)) throw new Error(`index out of range: ${i}`);
  return Number(i);
}

function index(item: GoValue, ...indexes: GoValue[]): GoValue {
  let v = concrete(item);
  if (v === undefined) throw new Error('index of untyped nil');
  for (const ix of indexes) {
    if (v === null || v === undefined) throw new Error('index of nil pointer');
    if (Array.isArray(v) || typeof v === 'string') {
      const x = indexArg(ix, v.length);
      if (x >= v.length) throw new Error(`reflect: ${typeof v === 'string' ? 'string' : 'slice'} index out of range`);
      v = typeof v === 'string' ? BigInt(new TextEncoder().encode(v)[x] as number) : (v[x] as GoValue);
    } else if (isMap(v)) {
      const k = concrete(ix);
      if (k === undefined) v = v[''] ?? null;
      else if (typeof k !== 'string') throw new Error(`value has type ${goTypeName(k)}; should be string`);
      else v = Object.hasOwn(v, k) ? (v[k] as GoValue) : null;
    } else {
      throw new Error(`can't index item of type ${goTypeName(v)}`);
    }
  }
  return v;
}

function slice(item: GoValue, ...indexes: GoValue[]): GoValue {
  const v = concrete(item);
  if (v === undefined) throw new Error('slice of untyped nil');
  if (indexes.length > 3) throw new Error(`too many slice indexes: ${indexes.length}`);
  if (typeof v !== 'string' && !Array.isArray(v)) throw new Error(`can't slice item of type ${goTypeName(v)}`);
  if (typeof v === 'string' && indexes.length === 3) throw new Error('cannot 3-index slice a string');
  const idx = [0, v.length, v.length];
  indexes.forEach((ix, i) => { idx[i] = indexArg(ix, v.length); });
  if ((idx[0] as number) > (idx[1] as number)) throw new Error(`invalid slice index: ${idx[0]} > ${idx[1]}`);
  if (indexes.length === 3 && (idx[1] as number) > (idx[2] as number)) throw new Error(`invalid slice index: ${idx[1]} > ${idx[2]}`);
  return v.slice(idx[0], idx[1]);
}

function length(item: GoValue): GoValue {
  const v = concrete(item);
  if (v === undefined) throw new Error('len of nil pointer');
  if (typeof v === 'string') return BigInt(new TextEncoder().encode(v).length);
  if (Array.isArray(v)) return BigInt(v.length);
  if (isMap(v)) return BigInt(Object.keys(v).length);
  throw new Error(`len of type ${goTypeName(v)}`);
}

/** printableValue + fmt.Sprint, as html/js/urlquery format their arguments. */
function evalArgs(args: GoValue[], style: PrintStyle): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return goSprint(args.map((a) => (a === undefined || a === null ? '<no value>' : a)), style);
}

function htmlEscape(s: string): string {
  return s.replace(/[\0"'&<>]/g, (c) => ({ '\0': '\uFFFD', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
}

function jsEscape(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const map: Record<string, string> = { '\\': '\\\\', "'": "\\'", '"': '\\"', '<': '\\u003C', '>': '\\u003E', '&': '\\u0026', '=': '\\u003D' };
    if (map[ch]) out += map[ch];
    else if (c < 0x20) out += `\\u00${c.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += ch;
  }
  return out;
}

function builtins(style: PrintStyle): Record<string, TemplateFunc> {
  return {
    and: { params: ['any', 'any'], variadic: true, fn: () => undefined },
    or: { params: ['any', 'any'], variadic: true, fn: () => undefined },
    not: { params: ['any'], fn: (a) => !truth(concrete(a)) },
    len: { params: ['any'], fn: length },
    index: { params: ['any', 'any'], variadic: true, fn: index },
    slice: { params: ['any', 'any'], variadic: true, fn: slice },
    print: { params: ['any'], variadic: true, fn: (...a) => goSprint(a, style) },
    println: { params: ['any'], variadic: true, fn: (...a) => goSprintln(a, style) },
    printf: { params: ['string', 'any'], variadic: true, fn: (f, ...a) => goSprintf(f as string, a, style) },
    html: { params: ['any'], variadic: true, fn: (...a) => htmlEscape(evalArgs(a, style)) },
    js: { params: ['any'], variadic: true, fn: (...a) => jsEscape(evalArgs(a, style)) },
    urlquery: { params: ['any'], variadic: true, fn: (...a) => encodeURIComponent(evalArgs(a, style)).replace(/%20/g, '+').replace(/[!'()*]/g, (c) => `%${(c.codePointAt(0) as number).toString(16).toUpperCase()}`) },
    eq: { params: ['any', 'any'], variadic: true, fn: eq },
    ne: { params: ['any', 'any'], fn: (a, b) => !eq(a, b) },
    lt: { params: ['any', 'any'], fn: lt },
    le: { params: ['any', 'any'], fn: (a, b) => lt(a, b) || eq(a, b) },
    gt: { params: ['any', 'any'], fn: (a, b) => !(lt(a, b) || eq(a, b)) },
    ge: { params: ['any', 'any'], fn: (a, b) => !lt(a, b) },
  };
}

interface Variable { name: string; value: GoValue }

class Exec {
  private vars: Variable[];
  private node: Arg | Cmd | TNode | List | undefined;
  private readonly funcs: Record<string, TemplateFunc>;
  private readonly builtinNames: ReadonlySet<string>;

  constructor(private readonly tmpl: Template, dot: GoValue, private readonly out: string[]) {
    this.vars = [{ name: '$', value: dot }];
    const b = builtins(tmpl.style);
    this.builtinNames = new Set(Object.keys(b));
    this.funcs = { ...b, ...tmpl.funcs };
  }

  private at(n: Arg | Cmd | TNode | List): void {
    this.node = n;
  }

  private errorf(msg: string): never {
    const name = this.tmpl.name;
    if (!this.node) throw new TemplateError(`template: ${name}: ${msg}`, 'exec');
    const text = this.tmpl.text.slice(0, this.node.pos);
    const nl = text.lastIndexOf('\n');
    const col = nl < 0 ? this.node.pos : this.node.pos - (nl + 1);
    const lineNum = 1 + (text.match(/\n/g) ?? []).length;
    const context = TREE_NODES.has(this.node.t) ? nodeString(this.node as TNode | List) : argString(this.node as Arg | Cmd);
    throw new TemplateError(`template: ${name}:${lineNum}:${col}: executing ${goQuote(name)} at <${context}>: ${msg}`, 'exec');
  }

  private mark(): number { return this.vars.length; }
  private pop(mark: number): void { this.vars.length = mark; }
  private varValue(name: string): GoValue {
    for (let i = this.vars.length - 1; i >= 0; i--) if ((this.vars[i] as Variable).name === name) return (this.vars[i] as Variable).value;
    this.errorf(`undefined variable: ${name}`);
  }
  private setVar(name: string, value: GoValue): void {
    for (let i = this.vars.length - 1; i >= 0; i--) if ((this.vars[i] as Variable).name === name) { (this.vars[i] as Variable).value = value; return; }
    this.errorf(`undefined variable: ${name}`);
  }

  walk(dot: GoValue, node: TNode | List): void {
    this.at(node);
    switch (node.t) {
      case 'action': {
        const val = this.evalPipeline(dot, node.pipe);
        if (node.pipe.decl.length === 0) this.printValue(node, val);
        return;
      }
      case 'if': case 'with': {
        const mark = this.mark();
        const val = this.evalPipeline(dot, node.pipe);
        if (truth(concrete(val))) this.walk(node.t === 'with' ? val : dot, node.list);
        else if (node.elseList) this.walk(dot, node.elseList);
        this.pop(mark);
        return;
      }
      case 'list': for (const n of node.nodes) this.walk(dot, n); return;
      case 'range': this.walkRange(dot, node); return;
      case 'text': this.out.push(node.text); return;
      case 'template': {
        const body = this.tmpl.defs.get(node.name);
        if (!body) this.errorf(`template ${goQuote(node.name)} not defined`);
        const newDot = node.pipe ? this.evalPipeline(dot, node.pipe) : undefined;
        const saved = this.vars;
        this.vars = [{ name: '$', value: newDot }];
        try { this.walk(newDot, body); } finally { this.vars = saved; }
        return;
      }
      case 'break': case 'continue': throw new BreakSignal(node.t);
      default: this.errorf(`unknown node: ${nodeString(node)}`);
    }
  }

  private walkRange(dot: GoValue, r: Control): void {
    this.at(r);
    const outer = this.mark();
    const val = concrete(this.evalPipeline(dot, r.pipe));
    const mark = this.mark();
    const setTop = (n: number, v: GoValue): void => { (this.vars[this.vars.length - n] as Variable).value = v; };
    const one = (index: GoValue, elem: GoValue): boolean => {
      if (r.pipe.decl.length > 0) setTop(1, elem);
      if (r.pipe.decl.length > 1) setTop(2, index);
      try {
        this.walk(elem, r.list);
      } catch (e) {
        if (!(e instanceof BreakSignal)) throw e;
        this.pop(mark);
        return e.kind === 'continue';
      }
      this.pop(mark);
      return true;
    };
    let iterated = false;
    if (Array.isArray(val)) {
      for (let i = 0; i < val.length; i++) { iterated = true; if (!one(BigInt(i), val[i] as GoValue)) break; }
    } else if (isMap(val)) {
      for (const [k, v] of sortedEntries(val)) { iterated = true; if (!one(k, v)) break; }
    } else if (typeof val === 'bigint') {
      if (r.pipe.decl.length > 1) this.errorf(`can't use ${val} to iterate over more than one variable`);
      for (let i = 0n; i < val; i++) { iterated = true; if (!one(i, i)) break; }
    } else if (val !== undefined) {
      this.errorf(`range can't iterate over ${goV(val, this.tmpl.style)}`);
    }
    if (!iterated && r.elseList) this.walk(dot, r.elseList);
    this.pop(outer);
  }

  private evalPipeline(dot: GoValue, pipe: Pipe): GoValue {
    this.at(pipe);
    let value: Final = MISSING;
    for (const cmd of pipe.cmds) {
      value = this.evalCommand(dot, cmd, value);
      // An interface{} holding nil is no value once it leaves a command (a typed nil stays nil).
      if (value === null && !this.tmpl.typedNil) value = undefined;
    }
    const v = value as GoValue;
    for (const d of pipe.decl) {
      if (pipe.isAssign) this.setVar(d.ident[0] as string, v);
      else this.vars.push({ name: d.ident[0] as string, value: v });
    }
    return v;
  }

  private notAFunction(args: Arg[], final: Final): void {
    if (args.length > 1 || final !== MISSING) this.errorf(`can't give argument to non-function ${argString(args[0] as Arg)}`);
  }

  private evalCommand(dot: GoValue, cmd: Cmd, final: Final): GoValue {
    const first = cmd.args[0] as Arg;
    switch (first.t) {
      case 'field': this.at(first); return this.evalFieldChain(dot, dot, first, first.ident, cmd.args, final);
      case 'chain': return this.evalChain(dot, first, cmd.args, final);
      case 'ident': return this.evalFunction(dot, first, cmd, cmd.args, final);
      case 'pipe': this.notAFunction(cmd.args, final); return this.evalPipeline(dot, first);
      case 'var': return this.evalVariable(dot, first, cmd.args, final);
      default: break;
    }
    this.at(first);
    this.notAFunction(cmd.args, final);
    switch (first.t) {
      case 'bool': return first.value;
      case 'dot': return dot;
      case 'nil': this.errorf('nil is not a command');
      case 'number': return first.value;
      case 'string': return first.text;
    }
  }

  private evalChain(dot: GoValue, chain: Extract<Arg, { t: 'chain' }>, args: Arg[], final: Final): GoValue {
    this.at(chain);
    if (chain.node.t === 'nil') this.errorf(`indirection through explicit nil in ${argString(chain)}`);
    const pipe = this.evalArg(dot, 'any', chain.node);
    return this.evalFieldChain(dot, pipe, chain, chain.field, args, final);
  }

  private evalVariable(dot: GoValue, v: Extract<Arg, { t: 'var' }>, args: Arg[], final: Final): GoValue {
    this.at(v);
    const value = this.varValue(v.ident[0] as string);
    if (v.ident.length === 1) { this.notAFunction(args, final); return value; }
    return this.evalFieldChain(dot, value, v, v.ident.slice(1), args, final);
  }

  private evalFieldChain(dot: GoValue, receiver: GoValue, node: Arg, ident: string[], args: Arg[], final: Final): GoValue {
    let r = receiver;
    for (let i = 0; i < ident.length - 1; i++) r = this.evalField(ident[i] as string, [], MISSING, r);
    return this.evalField(ident[ident.length - 1] as string, args, final, r);
  }

  private evalField(fieldName: string, args: Arg[], final: Final, receiver: GoValue): GoValue {
    if (receiver === undefined) {
      if (this.tmpl.missingKey === 'error') this.errorf(`nil data; no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    if (receiver === null) this.errorf(`nil pointer evaluating interface {}.${fieldName}`);
    if (isMap(receiver)) {
      if (args.length > 1 || final !== MISSING) this.errorf(`${fieldName} is not a method but has arguments`);
      if (Object.hasOwn(receiver, fieldName)) return receiver[fieldName] as GoValue;
      const struct = (receiver as { [GO_STRUCT]?: string })[GO_STRUCT];
      if (struct !== undefined) this.errorf(`can't evaluate field ${fieldName} in type ${struct}`);
      if (this.tmpl.missingKey === 'error') this.errorf(`map has no entry for key ${goQuote(fieldName)}`);
      return undefined;
    }
    this.errorf(`can't evaluate field ${fieldName} in type ${goTypeName(receiver)}`);
  }

  private evalFunction(dot: GoValue, node: Extract<Arg, { t: 'ident' }>, cmd: Cmd, args: Arg[], final: Final): GoValue {
    this.at(node);
    const fn = this.funcs[node.name];
    if (!fn) this.errorf(`${goQuote(node.name)} is not a defined function`);
    return this.evalCall(dot, fn, this.builtinNames.has(node.name) && !(node.name in (this.tmpl.funcs ?? {})), cmd, node.name, args.slice(1), final);
  }

  private evalCall(dot: GoValue, fn: TemplateFunc, isBuiltin: boolean, node: Cmd, name: string, args: Arg[], final: Final): GoValue {
    const numIn = args.length + (final !== MISSING ? 1 : 0);
    const numParams = fn.params.length;
    let numFixed = args.length;
    if (fn.variadic) {
      numFixed = numParams - 1;
      if (numIn < numFixed) this.errorf(`wrong number of args for ${name}: want at least ${numParams - 1} got ${args.length}`);
    } else if (numIn !== numParams) {
      this.errorf(`wrong number of args for ${name}: want ${numParams} got ${numIn}`);
    }
    const paramAt = (i: number): Param => (fn.variadic && i >= numParams - 1 ? fn.params[numParams - 1] : fn.params[i]) as Param;
    if (isBuiltin && (name === 'and' || name === 'or')) {
      let v: GoValue;
      for (const a of args) {
        v = this.evalArg(dot, 'any', a);
        if (truth(concrete(v)) === (name === 'or')) return v;
      }
      if (final !== MISSING) v = this.validateType(final, 'any');
      return v;
    }
    const argv: GoValue[] = [];
    let i = 0;
    for (; i < numFixed && i < args.length; i++) argv.push(this.evalArg(dot, paramAt(i), args[i] as Arg));
    if (fn.variadic) for (; i < args.length; i++) argv.push(this.evalArg(dot, paramAt(i), args[i] as Arg));
    if (final !== MISSING) argv.push(this.validateType(final, paramAt(numIn - 1)));
    try {
      return fn.fn(...argv);
    } catch (e) {
      if (e instanceof TemplateError || e instanceof BreakSignal) throw e;
      this.at(node);
      this.errorf(`error calling ${name}: ${(e as Error).message}`);
    }
  }

  private validateType(value: GoValue, typ: Param): GoValue {
    if (value === undefined) {
      if (typ === 'any') return undefined;
      this.errorf(`invalid value; expected ${typ}`);
    }
    if (typ === 'any') return value;
    const actual = value === null ? 'interface {}' : goTypeName(value);
    if ((typ === 'string' && typeof value === 'string') || (typ === 'int' && typeof value === 'bigint')) return value;
    this.errorf(`wrong type for value; expected ${typ}; got ${actual}`);
  }

  private evalArg(dot: GoValue, typ: Param, n: Arg): GoValue {
    this.at(n);
    switch (n.t) {
      case 'dot': return this.validateType(dot, typ);
      case 'nil': if (typ === 'any') return null; this.errorf(`cannot assign nil to ${typ}`);
      case 'field': return this.validateType(this.evalFieldChain(dot, dot, n, n.ident, [n], MISSING), typ);
      case 'var': return this.validateType(this.evalVariable(dot, n, [], MISSING), typ);
      case 'pipe': return this.validateType(this.evalPipeline(dot, n), typ);
      case 'ident': return this.validateType(this.evalFunction(dot, n, { t: 'command', pos: n.pos, args: [n] }, [n], MISSING), typ);
      case 'chain': return this.validateType(this.evalChain(dot, n, [], MISSING), typ);
      default: break;
    }
    if (typ === 'string') { if (n.t === 'string') return n.text; this.errorf(`expected string; found ${argString(n)}`); }
    if (typ === 'int') { if (n.t === 'number' && typeof n.value === 'bigint') return n.value; this.errorf(`expected integer; found ${argString(n)}`); }
    switch (n.t) {
      case 'bool': return n.value;
      case 'number': this.at(n); return n.value;
      case 'string': return n.text;
    }
  }

  private printValue(n: TNode, v: GoValue): void {
    this.at(n);
    this.out.push(v === undefined ? '<no value>' : goV(v, this.tmpl.style));
  }
}

/** A parsed template, ready to execute against any number of values. */
export class Template {
  readonly defs: ReadonlyMap<string, List>;
  private readonly root: List;
  readonly name: string;
  readonly missingKey: 'default' | 'error';
  readonly funcs: Readonly<Record<string, TemplateFunc>> | undefined;
  readonly style: PrintStyle;
  readonly typedNil: boolean;

  constructor(readonly text: string, options: TemplateOptions = {}) {
    this.typedNil = options.typedNil ?? false;
    this.name = options.name ?? '';
    this.missingKey = options.missingKey ?? 'default';
    this.funcs = options.funcs;
    this.style = options.style ?? {};
    const names = new Set([...Object.keys(builtins(this.style)), ...Object.keys(options.funcs ?? {})]);
    const parser = new Parser(this.name, text, names);
    this.root = parser.parse();
    this.defs = parser.defs;
  }

  /** Run against `dot`. Throws TemplateError (phase 'exec') with Go's message; `partial` receives what was written before. */
  execute(dot: GoValue, partial?: (text: string) => void): string {
    const out: string[] = [];
    try {
      new Exec(this, dot, out).walk(dot, this.root);
    } catch (e) {
      partial?.(out.join(''));
      throw e;
    }
    return out.join('');
  }
}

/**
 * Marks an object that stands for a Go struct (docker's typed values): a field it lacks is
 * Go's `can't evaluate field X in type T`, not `<no value>`. The value is T.
 */
const GO_STRUCT: unique symbol = Symbol('go-struct');

/** A template as docker's CLI parses it (templates.Parse: its own functions); throws TemplateError (phase 'parse'). */
function dockerTemplate(format: string, options: TemplateOptions = {}): Template {
  return new Template(format, { funcs: dockerFuncs(), style: { emptyObject: '{}' }, typedNil: true, ...options });
}

/**
 * Parse and execute in one go (docker's `--format` over its formatter contexts): numbers in `dot`
 * are Go ints; given a `typeName` (`*formatter.ContainerContext`), `dot` is that struct, so a
 * field it lacks fails as Go's text/template fails; without one it is a map.
 */
export function goTemplate(format: string, dot: unknown, types: TemplateTypes = {}, typeName?: string): string {
  return dockerTemplate(format).execute(asGoStructs(dot as GoValue, types, '', typeName));
}

/**
 * docker inspect's template (docker/cli cli/command/inspect/inspector.go): parsed once (a parse
 * error throws); each value is tried as its typed struct first, where a field the struct lacks
 * is an error, and when that fails, as the raw JSON decoded into maps with `missingkey=error` —
 * whose error (`map has no entry for key "Foo"`) is the one reported.
 */
export function inspectTemplate(format: string, types: TemplateTypes): (doc: unknown) => string {
  const typed = dockerTemplate(format);
  const raw = dockerTemplate(format, { missingKey: 'error', typedNil: false });
  return (doc) => {
    try {
      return typed.execute(asGoStructs(doc as GoValue, types, '', 'struct'));
    } catch (e) {
      if (!(e instanceof TemplateError)) throw e;
      return raw.execute(asGoStructs(doc as GoValue, {}, '', undefined));
    }
  };
}

/** How a nil field prints, by its Go type: slices `[]`, maps `map[]`; unknown fields `<no value>`. */
export interface TemplateTypes {
  readonly slices?: ReadonlySet<string>;
  readonly maps?: ReadonlySet<string>;
}

/**
 * docker's inspect data are Go structs: whole numbers are ints, a nil slice prints `[]` and a
 * nil map `map[]` (a map-typed field is marked so that even an empty one prints `map[]`); every
 * other object is a struct named `typeName` (the top one) — or, without a name, JSON decoded
 * into maps, as docker's raw fallback has it.
 */
function asGoStructs(v: GoValue, types: TemplateTypes, key: string, typeName: string | undefined): GoValue {
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v);
  if (v === null && types.slices?.has(key)) return [];
  if (v === null && types.maps?.has(key)) return { [GO_MAP]: true } as unknown as GoValue;
  const inner = typeName === undefined ? undefined : 'struct';
  if (Array.isArray(v)) return v.map((x) => asGoStructs(x, types, '', inner));
  if (!isMap(v)) return v;
  const out: Record<string | symbol, GoValue | boolean | string> = Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asGoStructs(x, types, k, inner)]));
  if (types.maps?.has(key)) out[GO_MAP] = true;
  else if (typeName !== undefined) out[GO_STRUCT] = typeName;
  return out as unknown as GoValue;
}

/** docker/cli's template functions (cli/templates/templates.go). */
function dockerFuncs(): Record<string, TemplateFunc> {
  const str = (f: (s: string) => string): TemplateFunc => ({ params: ['string'], fn: (s) => f(s as string) });
  return {
    json: { params: ['any'], fn: (v) => goJson(v) },
    join: { params: ['any', 'string'], fn: (list, sep) => (Array.isArray(list) ? list.map((x) => goV(x)).join(sep as string) : '') },
    split: { params: ['string', 'string'], fn: (s, sep) => (s as string).split(sep as string) },
    title: str((s) => s.replace(/(^|[^\p{L}\p{N}_'])(\p{L})/gu, (_m, a: string, b: string) => a + b.toUpperCase())),
    lower: str((s) => s.toLowerCase()),
    upper: str((s) => s.toUpperCase()),
    pad: { params: ['string', 'int', 'int'], fn: (s, l, r) => `${' '.repeat(Number(l))}${s as string}${' '.repeat(Number(r))}` },
    truncate: { params: ['string', 'int'], fn: (s, n) => ([...(s as string)].length > Number(n) ? [...(s as string)].slice(0, Number(n)).join('') : (s as string)) },
  };
}

/**
 * docker's list formatting (`docker images --format`, `docker ps --format`): `\t` and `\n` in the
 * format become real tabs and newlines; a `table ` prefix adds a header row and aligns columns.
 */
export function listFormat(format: string, rows: ReadonlyArray<Record<string, GoValue>>, headers: Readonly<Record<string, string>>, table: (rows: string[][]) => string[], typeName: string): string[] {
  const isTable = format.startsWith('table');
  const body = (isTable ? format.slice(5) : format).trim().replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const lines = rows.map((r) => goTemplate(body, r, {}, typeName));
  if (!isTable) return lines.flatMap((l) => l.split('\n'));
  const head = goTemplate(body, Object.fromEntries(Object.keys(rows[0] ?? headers).concat(Object.keys(headers)).map((k) => [k, headers[k] ?? k.toUpperCase()])));
  return table([head, ...lines].map((l) => l.split('\t')));
}
