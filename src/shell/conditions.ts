/**
 * bash's tests: the `test` and `[` builtins (POSIX's argument-count rules) and the `[[ … ]]`
 * compound command (patterns, `=~`, `&&`/`||` inside), for every shell in the sandbox. Files
 * are looked up through the shell that asks.
 */
import { arithmetic, matchesPattern, regexOf, type Condition, type Expander } from './tokenize.ts';
import { expandJoined } from './tokenize.ts';

/** What a test may ask about a path. */
export interface FileProbe {
  kind(path: string): 'file' | 'dir' | undefined;
  /** Bytes in a file (for `-s`). */
  size(path: string): number;
}

/** The outcome: true/false, or an error message (status 2, as bash's `test` gives). */
export type TestOutcome = boolean | { readonly error: string };

const int = (s: string): number | undefined => (/^\s*[-+]?\d+\s*$/.test(s) ? Number(s) : undefined);

function fileTest(op: string, path: string, probe: FileProbe): boolean | undefined {
  const kind = path === '' ? undefined : probe.kind(path);
  switch (op) {
    case '-e': case '-a': return kind !== undefined;
    case '-f': return kind === 'file';
    case '-d': return kind === 'dir';
    case '-s': return kind === 'file' ? probe.size(path) > 0 : kind === 'dir';
    case '-r': case '-w': case '-x': return kind !== undefined;
    case '-L': case '-h': case '-p': case '-S': case '-b': case '-c': case '-g': case '-u': case '-k': case '-t': case '-N': case '-O': case '-G': return false;
    default: return undefined;
  }
}

function compareIntegers(op: string, l: number, r: number): boolean {
  return ({ '-eq': l === r, '-ne': l !== r, '-lt': l < r, '-le': l <= r, '-gt': l > r, '-ge': l >= r } as Record<string, boolean>)[op] as boolean;
}

const INT_OPS = new Set(['-eq', '-ne', '-lt', '-le', '-gt', '-ge']);

/** `test EXPR` / `[ EXPR ]`: what bash's builtin answers, by the number of arguments as POSIX says. */
export function testArgs(name: 'test' | '[', argsIn: readonly string[], probe: FileProbe): TestOutcome {
  let args = argsIn;
  if (name === '[') {
    if (args[args.length - 1] !== ']') return { error: "[: missing `]'" };
    args = args.slice(0, -1);
  }
  const fail = (message: string): TestOutcome => ({ error: `${name}: ${message}` });
  const binary = (x: string, op: string, y: string): TestOutcome => {
    switch (op) {
      case '=': case '==': return x === y;
      case '!=': return x !== y;
      case '<': return x < y;
      case '>': return x > y;
      case '-a': return x !== '' && y !== '';
      case '-o': return x !== '' || y !== '';
      default: {
        if (!INT_OPS.has(op)) return fail(`${op}: binary operator expected`);
        const l = int(x);
        const r = int(y);
        if (l === undefined) return fail(`${x}: integer expression expected`);
        if (r === undefined) return fail(`${y}: integer expression expected`);
        return compareIntegers(op, l, r);
      }
    }
  };
  const evaluate = (a: readonly string[]): TestOutcome => {
    switch (a.length) {
      case 0: return false;
      case 1: return a[0] !== '';
      case 2: {
        const [op, x] = a as [string, string];
        if (op === '!') return x === '';
        if (op === '-z') return x === '';
        if (op === '-n') return x !== '';
        return fileTest(op, x, probe) ?? fail(`${op}: unary operator expected`);
      }
      case 3: {
        const [x, op, y] = a as [string, string, string];
        if (x === '!') { const v = evaluate(a.slice(1)); return typeof v === 'boolean' ? !v : v; }
        if (x === '(' && y === ')') return op !== '';
        return binary(x, op, y);
      }
      case 4:
        if (a[0] === '!') { const v = evaluate(a.slice(1)); return typeof v === 'boolean' ? !v : v; }
        if (a[0] === '(' && a[3] === ')') return evaluate(a.slice(1, 3));
        break;
      default: break;
    }
    // More than four arguments: -a and -o join the parts, as bash's test does.
    const o = a.indexOf('-o');
    if (o > 0) {
      const l = evaluate(a.slice(0, o));
      const r = evaluate(a.slice(o + 1));
      return typeof l !== 'boolean' ? l : typeof r !== 'boolean' ? r : l || r;
    }
    const n = a.indexOf('-a');
    if (n > 0) {
      const l = evaluate(a.slice(0, n));
      const r = evaluate(a.slice(n + 1));
      return typeof l !== 'boolean' ? l : typeof r !== 'boolean' ? r : l && r;
    }
    return fail('too many arguments');
  };
  return evaluate(args);
}

/** `[[ … ]]`: words expanded without splitting or globbing; `==` matches a pattern, `=~` a regex. */
export function evalCondition(c: Condition, ex: Expander, probe: FileProbe): TestOutcome {
  switch (c.kind) {
    case 'and': {
      const l = evalCondition(c.left, ex, probe);
      return l === true ? evalCondition(c.right, ex, probe) : l;
    }
    case 'or': {
      const l = evalCondition(c.left, ex, probe);
      return l === false ? evalCondition(c.right, ex, probe) : l;
    }
    case 'not': {
      const v = evalCondition(c.operand, ex, probe);
      return typeof v === 'boolean' ? !v : v;
    }
    case 'unary': {
      const w = expandJoined(c.word, ex);
      if (c.op === '-z') return w === '';
      if (c.op === '-n') return w !== '';
      if (c.op === '-v') return ex.env.has(w);
      return fileTest(c.op, w, probe) ?? false;
    }
    default: {
      const left = expandJoined(c.left, ex);
      switch (c.op) {
        case '==': case '=': return matchesPattern(left, c.right, ex);
        case '!=': return !matchesPattern(left, c.right, ex);
        case '=~': {
          const re = regexOf(c.right, ex);
          if (!re) return { error: '' };
          const m = re.exec(left);
          if (m) ex.env.set('BASH_REMATCH', m[0]); else ex.env.delete('BASH_REMATCH');
          return m !== null;
        }
        case '<': return left < expandJoined(c.right, ex);
        case '>': return left > expandJoined(c.right, ex);
        default: {
          const right = expandJoined(c.right, ex);
          if (INT_OPS.has(c.op)) return compareIntegers(c.op, Number(arithmetic(left, ex)), Number(arithmetic(right, ex)));
          // -nt, -ot, -ef: the sandbox's files have no times or inodes to compare.
          return false;
        }
      }
    }
  }
}
