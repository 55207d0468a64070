/**
 * What Go's encoding/json says when `json.Unmarshal(data, &map[string]interface{}{})` fails: the
 * scanner's syntax errors at the first byte that cannot continue (encoding/json scanner.go, its
 * step functions and quoteChar), then the decoder's type error for a top-level value that is not an
 * object (decode.go, UnmarshalTypeError). The API server quotes these when it checks a docker
 * config Secret.
 */

const WHITESPACE = ' \t\r\n';

/** scanner.go quoteChar: the byte as Go quotes it in a message. */
function quoteChar(c: string): string {
  if (c === "'") return "'\\''";
  if (c === '"') return '\'"\'';
  const code = c.charCodeAt(0);
  if (c === '\n') return "'\\n'";
  if (c === '\t') return "'\\t'";
  if (c === '\r') return "'\\r'";
  if (code < 0x20 || code === 0x7f) return `'\\x${code.toString(16).padStart(2, '0')}'`;
  return `'${c === '\\' ? '\\\\' : c}'`;
}

class SyntaxError_ {
  constructor(readonly message: string) {}
}

const END = 'unexpected end of JSON input';

/** The scanner over one text; each method consumes one value or throws Go's message. */
class Scanner {
  i = 0;
  constructor(readonly s: string) {}

  private peek(): string | undefined {
    return this.s[this.i];
  }

  private fail(c: string | undefined, context: string): never {
    throw new SyntaxError_(c === undefined ? END : `invalid character ${quoteChar(c)} ${context}`);
  }

  skip(): void {
    while (this.i < this.s.length && WHITESPACE.includes(this.s[this.i] as string)) this.i++;
  }

  /** A value; returns its kind as the decoder names it. */
  value(): string {
    this.skip();
    const c = this.peek();
    if (c === undefined) throw new SyntaxError_(END);
    if (c === '{') { this.object(); return 'object'; }
    if (c === '[') { this.array(); return 'array'; }
    if (c === '"') { this.string(); return 'string'; }
    if (c === '-' || (c >= '0' && c <= '9')) { this.number(); return 'number'; }
    if (c === 't') { this.literal('true'); return 'bool'; }
    if (c === 'f') { this.literal('false'); return 'bool'; }
    if (c === 'n') { this.literal('null'); return 'null'; }
    return this.fail(c, 'looking for beginning of value');
  }

  private object(): void {
    this.i++;
    this.skip();
    if (this.peek() === '}') { this.i++; return; }
    for (;;) {
      this.skip();
      if (this.peek() !== '"') this.fail(this.peek(), 'looking for beginning of object key string');
      this.string();
      this.skip();
      if (this.peek() !== ':') this.fail(this.peek(), 'after object key');
      this.i++;
      this.value();
      this.skip();
      const c = this.peek();
      if (c === ',') { this.i++; continue; }
      if (c === '}') { this.i++; return; }
      this.fail(c, 'after object key:value pair');
    }
  }

  private array(): void {
    this.i++;
    this.skip();
    if (this.peek() === ']') { this.i++; return; }
    for (;;) {
      this.value();
      this.skip();
      const c = this.peek();
      if (c === ',') { this.i++; continue; }
      if (c === ']') { this.i++; return; }
      this.fail(c, 'after array element');
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.peek();
      if (c === undefined) throw new SyntaxError_(END);
      this.i++;
      if (c === '"') return;
      if (c < ' ') this.fail(c, 'in string literal');
      if (c !== '\\') continue;
      const e = this.peek();
      if (e === undefined) throw new SyntaxError_(END);
      this.i++;
      if (e === 'u') {
        for (let k = 0; k < 4; k++) {
          const h = this.peek();
          if (h === undefined) throw new SyntaxError_(END);
          if (!/[0-9a-fA-F]/.test(h)) this.fail(h, 'in \\u hexadecimal character escape');
          this.i++;
        }
      } else if (!'"\\/bfnrt'.includes(e)) {
        this.fail(e, 'in string escape code');
      }
    }
  }

  /** A number ends at the first byte it cannot take; that byte is the caller's to judge. */
  private number(): void {
    const digit = (): boolean => { const c = this.peek(); return c !== undefined && c >= '0' && c <= '9'; };
    const needDigit = (): void => {
      if (this.peek() === undefined) throw new SyntaxError_(END);
      if (!digit()) this.fail(this.peek(), 'in numeric literal');
    };
    if (this.peek() === '-') { this.i++; needDigit(); }
    if (this.peek() === '0') this.i++; else while (digit()) this.i++;
    if (this.peek() === '.') { this.i++; needDigit(); while (digit()) this.i++; }
    if (this.peek() === 'e' || this.peek() === 'E') {
      this.i++;
      if (this.peek() === '+' || this.peek() === '-') this.i++;
      needDigit();
      while (digit()) this.i++;
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++) {
      const c = this.peek();
      if (c === undefined) throw new SyntaxError_(END);
      if (c !== word[k]) this.fail(c, `in literal ${word} (expecting ${quoteChar(word[k] as string)})`);
      this.i++;
    }
  }
}

/** Go's error for unmarshalling `text` into a map[string]interface{}, or undefined when it succeeds. */
export function goUnmarshalMapError(text: string): string | undefined {
  const sc = new Scanner(text);
  let kind: string;
  try {
    kind = sc.value();
    sc.skip();
    if (sc.i < text.length) return `invalid character ${quoteChar(text[sc.i] as string)} after top-level value`;
  } catch (e) {
    if (e instanceof SyntaxError_) return e.message;
    throw e;
  }
  // null leaves the map alone; anything but an object is the decoder's type error.
  if (kind === 'object' || kind === 'null') return undefined;
  return `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`;
}
