/**
 * kubectl's -o yaml and -o json: the object as the server returns it, keys sorted (kubectl
 * marshals an unstructured map), YAML in Go's style (`- ` items at the parent's indent; strings
 * that would read as numbers, booleans, nulls or timestamps in double quotes; other strings that
 * need quoting in single quotes), JSON with 4-space indentation.
 */
import { Document, isScalar, Scalar, visit } from 'yaml';

/** What go-yaml would resolve to a non-string if written plain (YAML 1.1 rules). */
const AMBIGUOUS = /^(?:|~|null|Null|NULL|true|True|TRUE|false|False|FALSE|yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF|y|Y|n|N|[-+]?(?:\d[\d_]*)?\.?\d+(?:[eE][-+]?\d+)?|[-+]?0x[0-9a-fA-F_]+|[-+]?0o?[0-7_]+|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)|\d{4}-\d\d?-\d\d?(?:(?:[Tt]|[ \t]+)\d\d?:\d\d:\d\d(?:\.\d*)?(?:[ \t]*(?:Z|[-+]\d\d?(?::\d\d)?))?)?)$/;

/** Keys sorted at every level (kubectl marshals a map); `leaf` may rewrite scalar values. */
function sorted(v: unknown, leaf: (x: unknown) => unknown): unknown {
  if (Array.isArray(v)) return v.map((x) => sorted(x, leaf));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sorted((v as Record<string, unknown>)[k], leaf);
    return out;
  }
  return leaf(v);
}

/** A string go-yaml would not leave plain because it reads as another type: double-quote it. */
function quoteAmbiguous(v: unknown): unknown {
  if (typeof v !== 'string' || !AMBIGUOUS.test(v)) return v;
  const s = new Scalar(v);
  s.type = 'QUOTE_DOUBLE';
  return s;
}

export function toYaml(obj: unknown): string {
  const doc = new Document(sorted(obj, quoteAmbiguous), { aliasDuplicateObjects: false });
  // go-yaml quotes a map key the same way as a value (a Secret's key `Y` prints as "Y").
  visit(doc, { Pair(_, pair) { if (isScalar(pair.key) && typeof pair.key.value === 'string' && AMBIGUOUS.test(pair.key.value)) pair.key.type = 'QUOTE_DOUBLE'; } });
  return doc.toString({ indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: true, blockQuote: 'literal', nullStr: 'null' });
}

export function toJson(obj: unknown): string {
  return JSON.stringify(sorted(obj, (x) => x), null, 4);
}

/** An object as `-o yaml` or `-o json` prints it, line by line. */
export function printedLines(obj: unknown, format: 'yaml' | 'json'): string[] {
  return (format === 'yaml' ? toYaml(obj).replace(/\n$/, '') : toJson(obj)).split('\n');
}
