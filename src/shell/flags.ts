/**
 * Command-line flags the way Docker's (cobra/pflag) and kubectl's parsers read them:
 * `-t x`, `-t=x`, `--tag x`, `--tag=x`, bundled booleans `-it`, repeated flags, and `--`.
 */

export interface FlagSpec {
  /** Long name without dashes: `tag`. */
  readonly name: string;
  /** One-letter short name: `t`. */
  readonly short?: string;
  /** True when the flag takes a value. */
  readonly value?: boolean;
  /** Accept several times (values collected in order). */
  readonly repeat?: boolean;
  /** A pflag string slice: repeatable, and each value split at commas (`-f a.yaml,b.yaml`). */
  readonly split?: boolean;
  /** pflag's NoOptDefVal: the value when the flag is given bare (`--dry-run` means `unchanged`); never takes the next word. */
  readonly bare?: string;
}

export interface ParsedFlags {
  readonly values: Map<string, string[]>;
  readonly positional: string[];
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const BOOLEANS = new Set([...TRUE, '0', 'f', 'F', 'FALSE', 'false', 'False']);

/** Go's strconv.ParseBool: true, false, or undefined for anything else. */
export function parseGoBool(v: string): boolean | undefined {
  return BOOLEANS.has(v) ? TRUE.has(v) : undefined;
}

export class FlagError extends Error {
  override name = 'FlagError';
}

/**
 * Parse `args` against `specs`. With `stopAtFirstPositional`, everything from the first
 * positional on is positional (as `docker run IMAGE CMD ARGS…` needs).
 */
export function parseFlags(args: readonly string[], specs: readonly FlagSpec[], stopAtFirstPositional = false): ParsedFlags {
  const values = new Map<string, string[]>();
  const positional: string[] = [];
  const byLong = new Map(specs.map((s) => [s.name, s]));
  const byShort = new Map(specs.filter((s) => s.short).map((s) => [s.short as string, s]));
  const set = (spec: FlagSpec, v: string): void => {
    const list = values.get(spec.name) ?? [];
    if (spec.split) list.push(...(v === '' ? [] : v.split(',')));
    else if (spec.repeat) list.push(v);
    else list.splice(0, list.length, v);
    values.set(spec.name, list);
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--') { positional.push(...args.slice(i + 1)); break; }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq >= 0 ? a.slice(2, eq) : a.slice(2);
      const spec = byLong.get(name);
      if (!spec) throw new FlagError(`unknown flag: --${name}`);
      if (spec.value && spec.bare !== undefined && eq < 0) {
        set(spec, spec.bare);
      } else if (spec.value) {
        const v = eq >= 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new FlagError(`flag needs an argument: --${name}`);
        set(spec, v);
      } else {
        const v = eq >= 0 ? a.slice(eq + 1) : 'true';
        // pflag reads a boolean's value with Go's strconv.ParseBool.
        if (!BOOLEANS.has(v)) throw new FlagError(`invalid argument "${v}" for "${spec.short ? `-${spec.short}, ` : ''}--${name}" flag: strconv.ParseBool: parsing "${v}": invalid syntax`);
        set(spec, TRUE.has(v) ? 'true' : 'false');
      }
    } else if (a.startsWith('-') && a.length > 1 && a !== '-') {
      for (let j = 1; j < a.length; j++) {
        const ch = a[j] as string;
        const spec = byShort.get(ch);
        if (!spec) throw new FlagError(`unknown shorthand flag: '${ch}' in ${a}`);
        if (spec.value && spec.bare !== undefined && a[j + 1] !== '=') {
          set(spec, spec.bare);
          continue;
        }
        if (spec.value) {
          let v = a.slice(j + 1);
          if (v.startsWith('=')) v = v.slice(1);
          if (v === '') {
            const next = args[++i];
            if (next === undefined) throw new FlagError(`flag needs an argument: '${ch}' in -${ch}`);
            v = next;
          }
          set(spec, v);
          break;
        }
        set(spec, 'true');
      }
    } else {
      positional.push(a);
      if (stopAtFirstPositional) { positional.push(...args.slice(i + 1)); break; }
    }
  }
  return { values, positional };
}

export function flag(p: ParsedFlags, name: string): string | undefined {
  return p.values.get(name)?.at(-1);
}

export function flagAll(p: ParsedFlags, name: string): string[] {
  return p.values.get(name) ?? [];
}

export function bool(p: ParsedFlags, name: string): boolean {
  const v = flag(p, name);
  return v !== undefined && v !== 'false';
}
