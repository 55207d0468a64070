/**
 * Reading manifests for `kubectl apply|create|delete -f`: a file, a folder of .yaml/.yml/.json
 * files, or `-` (stdin); several documents per file; `kind: List`. Errors carry kubectl's words:
 * `error: error parsing x.yaml: error converting YAML to JSON: yaml: line 8: …`.
 */
import type { YAMLError } from 'yaml';
import { parseManifestYaml } from '../../sim/manifest-yaml.ts';
import type { CommandContext } from '../context.ts';
import { laptopPath } from '../paths.ts';
import type { KObject } from '../../sim/cluster/objects.ts';

export interface ManifestDoc {
  /** The name kubectl prints in messages: the path as given, or `STDIN`. */
  readonly source: string;
  readonly object: KObject;
}

export type ManifestRead = { ok: true; docs: ManifestDoc[] } | { ok: false; error: string };

/** Go's yaml messages for the mistakes people make, keyed by the `yaml` package's error codes. */
function goYamlMessage(e: YAMLError, text: string): string {
  const line = (e.linePos?.[0]?.line ?? 1);
  const src = text.split('\n')[line - 1] ?? '';
  if (e.code === 'TAB_AS_INDENT' || /^\t/.test(src)) return `yaml: line ${line}: found a tab character that violates indentation`;
  if (e.code === 'BLOCK_AS_IMPLICIT_KEY' || /Nested mappings are not allowed in compact mappings|Implicit map keys need to be on a single line/.test(e.message)) return `yaml: line ${line}: mapping values are not allowed in this context`;
  if (e.code === 'MULTILINE_IMPLICIT_KEY') return `yaml: line ${Math.max(1, line - 1)}: could not find expected ':'`;
  if (e.code === 'BAD_INDENT' || e.code === 'UNEXPECTED_TOKEN') return `yaml: line ${line}: did not find expected key`;
  if (e.code === 'DUPLICATE_KEY') return `yaml: unmarshal errors:\n  line ${line}: key ${JSON.stringify(src.trim().split(':')[0])} already set in map`;
  if (e.code === 'MISSING_CHAR') return `yaml: line ${line}: did not find expected node content`;
  return `yaml: line ${line}: ${e.message.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '')}`;
}

/** sigs.k8s.io/yaml's ToJSON: one YAML document's value (any kind of value), or go-yaml's message. */
export function yamlToJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const doc = parseManifestYaml(text)[0];
  if (!doc) return { ok: true, value: null };
  const error = doc.errors[0];
  if (error) return { ok: false, error: goYamlMessage(error, text) };
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: 100 }) ?? null };
  } catch (e) {
    return { ok: false, error: `yaml: ${(e as Error).message}` };
  }
}

export function parseManifests(text: string, source: string): ManifestRead {
  const out: ManifestDoc[] = [];
  for (const doc of parseManifestYaml(text)) {
    const error = doc.errors[0];
    if (error) return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: ${goYamlMessage(error, text)}` };
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: ${(e as Error).message}` };
    }
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: `error: error parsing ${source}: error converting YAML to JSON: yaml: line 1: could not find expected ':'` };
    }
    const obj = value as KObject;
    if (obj.kind === 'List' && Array.isArray((obj as { items?: unknown }).items)) {
      for (const item of (obj as unknown as { items: KObject[] }).items) out.push({ source, object: item });
    } else {
      out.push({ source, object: obj });
    }
  }
  return { ok: true, docs: out };
}

/** The paths that read the process's own stdin on Linux. */
const STDIN_DEVICES: readonly string[] = ['/dev/stdin', '/dev/fd/0', '/proc/self/fd/0'];

/** Every manifest named by -f values (files, folders, `-`). */
export function readManifests(ctx: Pick<CommandContext, 'world' | 'dir' | 'cwd'>, paths: readonly string[], stdin: string | undefined, recursive: boolean): ManifestRead {
  const fs = ctx.world.laptop;
  const docs: ManifestDoc[] = [];
  // cli-runtime's Builder.Stdin: only `-` means stdin, and only once.
  if (paths.filter((p) => p === '-').length > 1) return { ok: false, error: 'error: standard input cannot be used for multiple arguments' };
  for (const p of paths) {
    // A device that is the process's stdin is a file like any other to kubectl (os.Stat finds it), named as given.
    if (p === '-' || STDIN_DEVICES.includes(p)) {
      const r = parseManifests(stdin ?? '', p === '-' ? 'STDIN' : p);
      if (!r.ok) return r;
      docs.push(...r.docs);
      continue;
    }
    if (/^https?:\/\//.test(p)) return { ok: false, error: `error: unable to read URL "${p}", server reported 404 Not Found, status code=404` };
    const full = laptopPath(ctx, p);
    const kind = fs.kind(full);
    if (!kind) return { ok: false, error: `error: the path "${p}" does not exist` };
    const files = kind === 'file' ? [p] : [...fs.walk(full).keys()]
      .filter((f) => /\.(ya?ml|json)$/.test(f) && (recursive || !f.includes('/')))
      .sort()
      .map((f) => `${p.replace(/\/$/, '')}/${f}`);
    // Builder.Path: a folder without manifests leaves nothing to visit.
    if (kind === 'dir' && files.length === 0) return { ok: false, error: `error: error reading [${p}]: recognized file extensions are [.json .yaml .yml]` };
    for (const f of files) {
      const text = fs.read(kind === 'file' ? full : `${full}/${f.slice(p.replace(/\/$/, '').length + 1)}`) ?? '';
      const r = parseManifests(text, f);
      if (!r.ok) return r;
      docs.push(...r.docs);
    }
  }
  return { ok: true, docs };
}
