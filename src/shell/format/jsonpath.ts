/**
 * kubectl's JSONPath (k8s.io/client-go/util/jsonpath, v0.32): the parser and its errors
 * (`unterminated array`, `unrecognized character in action: U+0027 '''`…), fields with `\.`
 * escapes, `[n]`, slices `[1:3]`, `[-1:]`, `[*]`, unions `[0,2]`, `['key']`, filters
 * `[?(@.type=="Ready")]`, recursive descent `..`, wildcards `.*`, `{range}…{end}` (nested),
 * quoted text `{"\t"}`, and the printer: several results of one expression joined by a space,
 * maps and lists as compact JSON.
 *
 * Values are an unstructured object's content: a whole number is an int64, others float64.
 * Where Go iterates a map in random order (wildcards, `..`), keys are taken sorted.
 */
import { goFloat, goJson, goSyntax, goTypeName, goV, isMap, sortedEntries, type GoValue } from './gofmt.ts';

export class JsonPathError extends Error {
  override name = 'JsonPathError';
}

// ── parse tree (parser.go, node.go) ─────────────────────────────────────────────────────────

interface Param { value: number; known: boolean; derived: boolean }
type JNode =
  | { t: 'list'; nodes: JNode[] }
  | { t: 'text'; text: string }
  | { t: 'field'; value: string }
  | { t: 'identifier'; name: string }
  | { t: 'array'; params: [Param, Param, Param] }
  | { t: 'filter'; left: JNode & { t: 'list' }; right: JNode & { t: 'list' }; operator: string }
  | { t: 'int'; value: number }
  | { t: 'float'; value: number }
  | { t: 'bool'; value: boolean }
  | { t: 'wildcard' }
  | { t: 'recursive' }
  | { t: 'union'; nodes: Array<JNode & { t: 'list' }> };

const isSpace = (r: string): boolean => r === ' ' || r === '\t';
const isEndOfLine = (r: string): boolean => r === '\r' || r === '\n';
const isAlphaNumeric = (r: string): boolean => r === '_' || /^[\p{L}\p{Nd}]$/u.test(r);
const isTerminator = (r: string): boolean => isSpace(r) || isEndOfLine(r) || ['', '.', ',', '[', ']', '$', '@', '{', '}'].includes(r);

/** Go's %#U. */
function goRune(r: string): string {
  const c = r.codePointAt(0) as number;
  return `U+${c.toString(16).toUpperCase().padStart(4, '0')}${c >= 0x20 && c !== 0x7f ? ` '${r}'` : ''}`;
}

/** UnquoteExtend: strconv.Unquote that also takes single quotes. */
function unquoteExtend(s: string): string {
  const q = s[0];
  if (s.length < 2 || q !== s[s.length - 1] || (q !== '"' && q !== "'")) throw new Error('invalid syntax');
  const body = s.slice(1, -1);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i] as string;
    if (c === q) throw new Error('invalid syntax');
    if (c !== '\\') { out += c; continue; }
    const e = body[++i] as string;
    const simple: Record<string, string> = { a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\\': '\\' };
    if (e in simple) { out += simple[e]; continue; }
    if (e === q) { out += e; continue; }
    const hex = e === 'x' ? 2 : e === 'u' ? 4 : e === 'U' ? 8 : 0;
    if (hex && /^[0-9a-fA-F]+$/.test(body.slice(i + 1, i + 1 + hex)) && body.slice(i + 1, i + 1 + hex).length === hex) {
      out += String.fromCodePoint(parseInt(body.slice(i + 1, i + 1 + hex), 16));
      i += hex;
      continue;
    }
    if (/^[0-7]{3}$/.test(body.slice(i, i + 3))) { out += String.fromCharCode(parseInt(body.slice(i, i + 3), 8)); i += 2; continue; }
    throw new Error('invalid syntax');
  }
  return out;
}

class Parser {
  private input = '';
  private pos = 0;
  private start = 0;
  private width = 0;
  root: JNode & { t: 'list' } = { t: 'list', nodes: [] };

  parse(text: string): void {
    this.input = text;
    this.root = { t: 'list', nodes: [] };
    this.pos = 0;
    this.parseText(this.root);
  }

  private consumeText(): string { const v = this.input.slice(this.start, this.pos); this.start = this.pos; return v; }
  private next(): string {
    if (this.pos >= this.input.length) { this.width = 0; return ''; }
    const r = String.fromCodePoint(this.input.codePointAt(this.pos) as number);
    this.width = r.length;
    this.pos += r.length;
    return r;
  }
  private peek(): string { const r = this.next(); this.backup(); return r; }
  private backup(): void { this.pos -= this.width; }

  private parseText(cur: JNode & { t: 'list' }): void {
    for (;;) {
      if (this.input.startsWith('{', this.pos)) {
        if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() });
        // parseLeftDelim
        this.pos += 1;
        this.consumeText();
        const node: JNode & { t: 'list' } = { t: 'list', nodes: [] };
        cur.nodes.push(node);
        this.parseInsideAction(node);
        return;
      }
      if (this.next() === '') break;
    }
    if (this.pos > this.start) cur.nodes.push({ t: 'text', text: this.consumeText() });
  }

  private parseInsideAction(cur: JNode & { t: 'list' }): void {
    for (;;) {
      const rest = this.input.slice(this.pos);
      if (rest.startsWith('}')) {
        this.pos += 1;
        this.consumeText();
        this.parseText(this.root);
        return;
      }
      if (rest.startsWith('[?(')) { this.parseFilter(cur); continue; }
      if (rest.startsWith('..')) { this.parseRecursive(cur); continue; }
      const r = this.next();
      if (r === '' || isEndOfLine(r)) throw new Error('unclosed action');
      if (r === ' ') { this.consumeText(); continue; }
      if (r === '@' || r === '$') { this.consumeText(); continue; }
      if (r === '[') { this.parseArray(cur); continue; }
      if (r === '"' || r === "'") { this.parseQuote(cur, r); continue; }
      if (r === '.') { this.parseField(cur); continue; }
      if (r === '+' || r === '-' || /\p{Nd}/u.test(r)) { this.backup(); this.parseNumber(cur); continue; }
      if (isAlphaNumeric(r)) { this.backup(); this.parseIdentifier(cur); continue; }
      throw new Error(`unrecognized character in action: ${goRune(r)}`);
    }
  }

  private parseIdentifier(cur: JNode & { t: 'list' }): void {
    for (;;) { const r = this.next(); if (isTerminator(r)) { this.backup(); break; } }
    const value = this.consumeText();
    if (value === 'true' || value === 'false') cur.nodes.push({ t: 'bool', value: value === 'true' });
    else cur.nodes.push({ t: 'identifier', name: value });
  }

  private parseRecursive(cur: JNode & { t: 'list' }): void {
    if (cur.nodes[cur.nodes.length - 1]?.t === 'recursive') throw new Error('invalid multiple recursive descent');
    this.pos += 2;
    this.consumeText();
    cur.nodes.push({ t: 'recursive' });
    if (isAlphaNumeric(this.peek())) this.parseField(cur);
  }

  private parseNumber(cur: JNode & { t: 'list' }): void {
    let r = this.peek();
    if (r === '+' || r === '-') this.next();
    for (;;) { r = this.next(); if (r !== '.' && !/\p{Nd}/u.test(r)) { this.backup(); break; } }
    const value = this.consumeText();
    if (/^[+-]?\d+$/.test(value)) { cur.nodes.push({ t: 'int', value: Number(value) }); return; }
    if (/^[+-]?(\d+\.?\d*|\.\d+)$/.test(value)) { cur.nodes.push({ t: 'float', value: Number(value) }); return; }
    throw new Error(`cannot parse number ${value}`);
  }

  private parseArray(cur: JNode & { t: 'list' }): void {
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new Error('unterminated array');
      if (r === ']') break;
    }
    let text = this.consumeText().slice(1, -1);
    if (text === '*') text = ':';
    const strs = text.split(',');
    if (strs.length > 1) {
      cur.nodes.push({ t: 'union', nodes: strs.map((s) => parseAction(`[${s.trim()}]`)) });
      return;
    }
    const dict = /^'([^']*)'$/.exec(text);
    if (dict) {
      cur.nodes.push(...parseAction(`.${dict[1]}`).nodes);
      return;
    }
    const m = /^(-?\d*)(:-?\d*)?(:-?\d*)?$/.exec(text);
    if (!m) throw new Error(`invalid array index ${text}`);
    const params: [Param, Param, Param] = [{ value: 0, known: false, derived: false }, { value: 0, known: false, derived: false }, { value: 0, known: false, derived: false }];
    for (let i = 0; i < 3; i++) {
      let v = m[i + 1] ?? '';
      if (v !== '') {
        if (i > 0) v = v.slice(1);
        if (i > 0 && v === '') params[i] = { value: 0, known: false, derived: false };
        else {
          if (!/^-?\d+$/.test(v)) throw new Error(`array index ${v} is not a number`);
          params[i] = { value: Number(v), known: true, derived: false };
        }
      } else if (i === 1) {
        params[1] = { value: params[0].value + 1, known: true, derived: true };
      }
    }
    cur.nodes.push({ t: 'array', params });
  }

  private parseFilter(cur: JNode & { t: 'list' }): void {
    this.pos += 3;
    this.consumeText();
    let begin = false;
    let end = false;
    let pair = '';
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new Error('unterminated filter');
      if (r === '"' || r === "'") {
        if (!begin) { begin = true; pair = r; continue; }
        if (this.input[this.pos - 2] !== '\\' && r === pair) end = true;
      } else if (r === ')') {
        if (begin === end) break;
      }
    }
    if (this.next() !== ']') throw new Error('unclosed array expect ]');
    const text = this.consumeText().slice(0, -2);
    const m = /^([^!<>=]+)([!<>=]+)(.+?)$/s.exec(text);
    if (!m) cur.nodes.push({ t: 'filter', left: parseAction(text), right: { t: 'list', nodes: [] }, operator: 'exists' });
    else cur.nodes.push({ t: 'filter', left: parseAction(m[1] as string), right: parseAction(m[3] as string), operator: m[2] as string });
  }

  private parseQuote(cur: JNode & { t: 'list' }, end: string): void {
    for (;;) {
      const r = this.next();
      if (r === '' || r === '\n') throw new Error('unterminated quoted string');
      if (r === end && this.input[this.pos - 2] !== '\\') break;
    }
    const value = this.consumeText();
    try {
      cur.nodes.push({ t: 'text', text: unquoteExtend(value) });
    } catch (e) {
      throw new Error(`unquote string ${value} error ${(e as Error).message}`);
    }
  }

  private parseField(cur: JNode & { t: 'list' }): void {
    this.consumeText();
    for (;;) {
      const r = this.next();
      if (r === '\\') { this.next(); continue; }
      if (isTerminator(r)) { this.backup(); break; }
    }
    const value = this.consumeText();
    if (value === '*') cur.nodes.push({ t: 'wildcard' });
    else cur.nodes.push({ t: 'field', value: value.replace(/\\/g, '') });
  }
}

/** parseAction: the expression inside one pair of braces. */
function parseAction(text: string): JNode & { t: 'list' } {
  const p = new Parser();
  p.parse(`{${text}}`);
  return p.root.nodes[0] as JNode & { t: 'list' };
}

// ── evaluation (jsonpath.go) ────────────────────────────────────────────────────────────────

/** A value found: `undefined` is Go's zero reflect.Value (what FindResults(nil) starts from). */
type V = GoValue;

const children = (v: V): V[] => {
  if (Array.isArray(v)) return [...v];
  if (isMap(v)) return sortedEntries(v).map(([, x]) => x);
  if (typeof v === 'string') return [...new TextEncoder().encode(v)].map((b) => b);
  return [];
};

function kindOf(v: V): 'bool' | 'int' | 'float' | 'string' | 'invalid' {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (typeof v === 'string') return 'string';
  return 'invalid';
}

/** third_party/forked/golang/template: Equal, Less (the filter operators). */
function compare(op: string, left: V, right: V): boolean {
  const k1 = kindOf(left);
  const k2 = kindOf(right);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error('incompatible types for comparison');
  const a = left as number | string | boolean;
  const b = right as number | string | boolean;
  const less = (): boolean => { if (k1 === 'bool') throw new Error('invalid type for comparison'); return a < b; };
  switch (op) {
    case '==': return a === b;
    case '!=': return a !== b;
    case '<': return less();
    case '>': return !(less() || a === b);
    case '<=': return less() || a === b;
    case '>=': return !less();
    default: throw new Error(`unrecognized filter operator ${op}`);
  }
}

export class JsonPath {
  private readonly parser = new Parser();
  private beginRange = 0;
  private inRange = 0;
  private endRange = 0;
  private lastEndNode = -1;
  private nodes: JNode[] = [];
  allowMissingKeys = false;
  outputJson = false;

  /** Throws JsonPathError with the parser's message. */
  constructor(text: string) {
    try {
      this.parser.parse(text);
    } catch (e) {
      throw new JsonPathError((e as Error).message);
    }
    this.nodes = this.parser.root.nodes;
  }

  /** Execute: the printed text. Throws JsonPathError with the evaluator's message. */
  execute(data: V): string {
    this.beginRange = 0; this.inRange = 0; this.endRange = 0; this.lastEndNode = -1;
    let full: V[][];
    try {
      full = this.findResults(data, 0);
    } catch (e) {
      throw new JsonPathError((e as Error).message);
    }
    return full.map((r) => this.printResults(r)).join('');
  }

  /** The values each node finds (custom-columns and --sort-by use them directly). */
  findResults(data: V, start: number): V[][] {
    const cur: V[] = [data];
    const full: V[][] = [];
    for (let i = start; i < this.nodes.length; i++) {
      const results = this.walk(cur, this.nodes[i] as JNode);
      if (this.endRange > 0 && this.endRange <= this.inRange) {
        this.endRange--;
        this.lastEndNode = i;
        break;
      }
      if (this.beginRange > 0) {
        this.beginRange--;
        this.inRange++;
        if (results.length > 0) for (const value of results) full.push(...this.findResults(value, i + 1));
        else this.findResults(undefined, i + 1);
        this.inRange--;
        for (let k = i + 1; k < this.nodes.length; k++) if (k === this.lastEndNode) { i = k; break; }
        continue;
      }
      full.push(results);
    }
    return full;
  }

  private printResults(results: V[]): string {
    const list = this.outputJson ? [results] : results;
    return list.map((r, i) => {
      const json = this.outputJson || Array.isArray(r) || isMap(r);
      let text = json ? (this.outputJson ? `${goJson(r as V, '    ')}\n` : goJson(r as V)) : toText(r as V);
      if (i !== list.length - 1) text += ' ';
      return text;
    }).join('');
  }

  private walk(value: V[], node: JNode): V[] {
    switch (node.t) {
      case 'list': { let cur = value; for (const n of node.nodes) cur = this.walk(cur, n); return cur; }
      case 'text': return [node.text];
      case 'field': return this.evalField(value, node.value);
      case 'array': return this.evalArray(value, node.params);
      case 'filter': return this.evalFilter(value, node);
      case 'int': case 'float': case 'bool': return value.map(() => node.value);
      case 'wildcard': return value.flatMap((v) => (v === null || v === undefined ? [] : isMap(v) || Array.isArray(v) || typeof v === 'string' ? children(v) : []));
      case 'recursive': return this.evalRecursive(value);
      case 'union': return node.nodes.flatMap((n) => this.walk(value, n));
      case 'identifier':
        if (node.name === 'range') { this.beginRange++; return value; }
        if (node.name === 'end') {
          if (this.inRange > 0) { this.endRange++; return []; }
          throw new Error('not in range, nothing to end');
        }
        throw new Error(`unrecognized identifier ${node.name}`);
    }
  }

  private evalField(input: V[], name: string): V[] {
    const results: V[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (isMap(v) && Object.hasOwn(v, name)) results.push(v[name] as V);
    }
    if (results.length === 0 && input.length > 0 && !this.allowMissingKeys) throw new Error(`${name} is not found`);
    return results;
  }

  private evalArray(input: V[], node: [Param, Param, Param]): V[] {
    const result: V[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      if (!Array.isArray(v)) throw new Error(`${typeName(v)} is not array or slice`);
      const params = node.map((p) => ({ ...p })) as [Param, Param, Param];
      if (!params[0].known) params[0].value = 0;
      if (params[0].value < 0) params[0].value += v.length;
      if (!params[1].known) params[1].value = v.length;
      if (params[1].value < 0 || (params[1].value === 0 && params[1].derived)) params[1].value += v.length;
      const len = v.length;
      if (params[1].value === params[0].value) return result;
      if (params[0].value >= len || params[0].value < 0) throw new Error(`array index out of bounds: index ${params[0].value}, length ${len}`);
      if (params[1].value > len || params[1].value < 0) throw new Error(`array index out of bounds: index ${params[1].value - 1}, length ${len}`);
      if (params[0].value > params[1].value) throw new Error(`starting index ${params[0].value} is greater than ending index ${params[1].value}`);
      const sliced = v.slice(params[0].value, params[1].value);
      let step = 1;
      if (params[2].known) {
        if (params[2].value <= 0) throw new Error('step must be > 0');
        step = params[2].value;
      }
      for (let i = 0; i < sliced.length; i += step) result.push(sliced[i] as V);
    }
    return result;
  }

  private evalRecursive(input: V[]): V[] {
    const result: V[] = [];
    for (const v of input) {
      if (v === null || v === undefined) continue;
      const kids = children(v);
      if (kids.length !== 0) {
        result.push(v);
        result.push(...this.evalRecursive(typeof v === 'string' ? [] : kids));
      }
    }
    return result;
  }

  private evalFilter(input: V[], node: Extract<JNode, { t: 'filter' }>): V[] {
    const results: V[] = [];
    for (const v of input) {
      if (!Array.isArray(v)) throw new Error(`${v === undefined ? '<invalid reflect.Value>' : goV(v)} is not array or slice and cannot be filtered`);
      for (const item of v) {
        const temp = [item as V];
        let lefts: V[];
        let leftErr: Error | undefined;
        try { lefts = this.walk(temp, node.left); } catch (e) { lefts = []; leftErr = e as Error; }
        if (node.operator === 'exists') { if (lefts.length > 0) results.push(item as V); continue; }
        if (leftErr) throw leftErr;
        if (lefts.length === 0) continue;
        if (lefts.length > 1) throw new Error('can only compare one element at a time');
        const rights = this.walk(temp, node.right);
        if (rights.length === 0) continue;
        if (rights.length > 1) throw new Error('can only compare one element at a time');
        if (compare(node.operator, lefts[0] as V, rights[0] as V)) results.push(item as V);
      }
    }
    return results;
  }
}

/** The Go type of an unstructured value: whole numbers are int64. */
function typeName(v: V): string {
  return typeof v === 'number' && Number.isInteger(v) ? 'int64' : goTypeName(v);
}

/** evalToText: fmt.Fprint of the value; a JSON null prints `null`. */
function toText(v: V): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : goFloat(v);
  return goV(v);
}

/** `%#v` of the object the engine was given, as kubectl's jsonpath error report prints it. */
export function jsonPathDebugValue(data: GoValue): string {
  return goSyntax(data);
}
