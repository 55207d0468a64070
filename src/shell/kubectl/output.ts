/**
 * kubectl's -o yaml and -o json: the object as the server returns it, keys sorted (kubectl
 * marshals an unstructured map), YAML in Go's style (`- ` items at the parent's indent, strings
 * that would read as numbers or booleans in double quotes), JSON with 4-space indentation.
 */
import { stringify } from 'yaml';

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) out[k] = sortKeys((v as Record<string, unknown>)[k]);
    return out;
  }
  return v;
}

export function toYaml(obj: unknown): string {
  return stringify(sortKeys(obj), { indentSeq: false, lineWidth: 0, minContentWidth: 0, singleQuote: false, blockQuote: 'literal', aliasDuplicateObjects: false, nullStr: 'null' });
}

export function toJson(obj: unknown): string {
  return JSON.stringify(sortKeys(obj), null, 4);
}
