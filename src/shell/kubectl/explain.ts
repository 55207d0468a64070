/**
 * `kubectl explain RESOURCE[.field…]` as kubectl 1.32 prints it (plaintext), offline, from the
 * generated schema: in the sandbox, and as the resource-path form of `kubetutor explain`.
 */
import { allKinds, explainPath, kindType, typeDef, typeLabel, elementType, type FieldInfo, type TypeInfo } from '../../sim/schema.ts';
import { RESOURCES } from '../../sim/cluster/resources.ts';
import { removedApi } from '../../sim/cluster/removed-apis.ts';

export type ExplainPathResult = { readonly ok: true; readonly lines: readonly string[] } | { readonly ok: false; readonly error: string };

/** kubectl's pluralisation of a kind (`Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`). */
function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/** Which group wins when a kind is served by several (Event: core v1 before events.k8s.io). */
function rank(apiVersion: string): number {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const stable = /^v\d+$/.test(version) ? 0 : /beta/.test(version) ? 1 : 2;
  return (group === '' ? 0 : group.includes('.') ? 20 : 10) + stable;
}

/** A resource name as typed (`po`, `pods`, `Deployment`, `deploy.apps`) → apiVersion and kind. */
export function resolveResource(name: string, apiVersion?: string): { apiVersion: string; kind: string } | undefined {
  const [res, ...groupParts] = name.split('.');
  const group = groupParts.join('.');
  const wanted = (res ?? '').toLowerCase();
  const short = RESOURCES.find((r) => r.shortNames.includes(wanted) || r.resource === wanted);
  const candidates = allKinds().map((k) => {
    const cut = k.lastIndexOf('/');
    return { apiVersion: k.slice(0, cut), kind: k.slice(cut + 1) };
  }).filter(({ apiVersion: av, kind }) => {
    const names = [kind.toLowerCase(), plural(kind)];
    if (short && short.kind === kind) names.push(wanted);
    if (!names.includes(wanted)) return false;
    if (apiVersion !== undefined && av !== apiVersion) return false;
    if (group && !(av.includes('/') && av.split('/')[0] === group)) return false;
    // The schema package keeps versions a 1.32 API server no longer serves: kubectl would not see them.
    return apiVersion !== undefined || !removedApi(av, kind);
  });
  return candidates.sort((a, b) => rank(a.apiVersion) - rank(b.apiVersion) || a.apiVersion.localeCompare(b.apiVersion))[0];
}

/** kubectl wraps descriptions to 80 columns under a 4-space indent. */
function describe(text: string, indent: string): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.trim() === '') { out.push(indent.trimEnd() === '' ? indent : ''); continue; }
    const lead = /^\s*/.exec(para)?.[0] ?? '';
    let line = '';
    for (const word of para.trim().split(/\s+/)) {
      if (line && indent.length + lead.length + line.length + 1 + word.length > 80) { out.push(`${indent}${lead}${line}`); line = word; } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(`${indent}${lead}${line}`);
  }
  return out;
}

function fieldLine(f: FieldInfo, indent: string): string {
  return `${indent}${f.name}\t<${typeLabel(f.type)}>${f.required ? ' -required-' : ''}`;
}

function fieldList(t: TypeInfo | undefined): string[] {
  const out: string[] = [];
  for (const f of t?.fields ?? []) {
    out.push(fieldLine(f, '  '));
    if (f.enum) out.push(`  enum: ${f.enum.join(', ')}`);
    out.push(...describe(f.description, '    '), '');
  }
  return out;
}

function recursiveList(t: TypeInfo | undefined, depth: number, seen: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const f of t?.fields ?? []) {
    const indent = '  '.repeat(depth + 1);
    out.push(fieldLine(f, indent));
    if (f.enum) out.push(`${indent}enum: ${f.enum.join(', ')}`);
    const next = elementType(f.type);
    // A type that contains itself (JSONSchemaProps) is shown once, as kubectl does.
    if (next && !seen.has(next)) out.push(...recursiveList(typeDef(next), depth + 1, new Set([...seen, next])));
  }
  return out;
}

/** `kubectl explain RESOURCE[.field…]` as kubectl 1.32 prints it (plaintext). */
export function explainResourcePath(spec: string, options: { recursive?: boolean; apiVersion?: string } = {}): ExplainPathResult {
  const [resource, ...path] = spec.split('.');
  // `deploy.apps.spec` is ambiguous in kubectl too; a group is only taken from --api-version here.
  const target = resolveResource(resource ?? '', options.apiVersion);
  if (!target) return { ok: false, error: `error: the server doesn't have a resource type "${resource}"` };
  const { apiVersion, kind } = target;
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const lines: string[] = [];
  if (group) lines.push(`GROUP:      ${group}`);
  lines.push(`KIND:       ${kind}`, `VERSION:    ${version}`, '');
  const kindTypeId = kindType(apiVersion, kind) as string;
  let typeInfo: TypeInfo | undefined;
  if (path.length === 0) {
    typeInfo = typeDef(kindTypeId);
    lines.push('DESCRIPTION:', ...describe(typeInfo?.description ?? '', '    '), '    ');
  } else {
    const field = explainPath(apiVersion, kind, path);
    if (!field) return { ok: false, error: `error: field "${path.find((_, i) => !explainPath(apiVersion, kind, path.slice(0, i + 1))) ?? path.at(-1)}" does not exist` };
    const next = elementType(field.type);
    typeInfo = next ? typeDef(next) : undefined;
    lines.push(`FIELD: ${field.name} <${typeLabel(field.type)}>`);
    if (field.enum) lines.push('ENUM:', ...field.enum.map((e) => `    ${e}`));
    lines.push('', 'DESCRIPTION:', ...describe([field.description, typeInfo?.description].filter(Boolean).join('\n'), '    '), '    ');
  }
  if (typeInfo && typeInfo.fields.length) {
    if (options.recursive) lines.push('FIELDS:', ...recursiveList(typeInfo, 0, new Set([typeInfo.id])));
    else lines.push('FIELDS:', ...fieldList(typeInfo));
  }
  while (lines.at(-1) === '') lines.pop();
  return { ok: true, lines };
}
