/**
 * `kubectl explain RESOURCE[.field…]` as kubectl 1.32 prints it (plaintext), offline, from the
 * generated schema: in the sandbox, and as the resource-path form of `kubetutor explain`.
 */
import { allKinds, explainPath, kindType, typeDef, typeLabel, elementType, type FieldInfo, type TypeInfo } from '../../sim/schema.ts';
import { RESOURCES } from '../../sim/cluster/resources.ts';
import { unservedIn132 } from '../../sim/cluster/removed-apis.ts';
import { closest as closestWord } from '../../sim/closest.ts';

/** The lines kubectl prints (to stdout), and on failure its error (to stderr) — it may print both. */
/** `nearest`: for a field that does not exist, the path with the nearest real field (kubetutor's hint; kubectl has none). */
export type ExplainPathResult = { readonly ok: true; readonly lines: readonly string[] } | { readonly ok: false; readonly error: string; readonly lines?: readonly string[]; readonly nearest?: string };

/** kubectl's pluralisation of a kind (`Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`). */
function plural(kind: string): string {
  const k = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(k)) return `${k}es`;
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  return `${k}s`;
}

/**
 * Which version wins when a kind is served by several: the core group first (Event: v1 before
 * events.k8s.io), then the group's preferred version — the newest stable one (autoscaling/v2
 * over v1), then betas, then alphas.
 */
function rank(apiVersion: string): number {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') as [string, string] : ['', apiVersion];
  const m = /^v(\d+)(alpha|beta)?(\d*)$/.exec(version);
  const major = Number(m?.[1] ?? 0);
  const level = m?.[2] === undefined ? 0 : m[2] === 'beta' ? 1 : 2;
  return (group === '' ? 0 : group.includes('.') ? 2000 : 1000) + level * 100 - major * 10 - Number(m?.[3] || 0);
}

/**
 * kubectl's short names come from the API server's discovery; these are the ones a 1.32 cluster
 * serves for built-in resources (`kubectl api-resources`).
 */
const SHORT_NAMES: Readonly<Record<string, string>> = {
  cm: 'ConfigMap', cs: 'ComponentStatus', ep: 'Endpoints', ev: 'Event', limits: 'LimitRange', ns: 'Namespace', no: 'Node',
  pvc: 'PersistentVolumeClaim', pv: 'PersistentVolume', po: 'Pod', rc: 'ReplicationController', quota: 'ResourceQuota',
  sa: 'ServiceAccount', svc: 'Service', crd: 'CustomResourceDefinition', crds: 'CustomResourceDefinition', ds: 'DaemonSet',
  deploy: 'Deployment', rs: 'ReplicaSet', sts: 'StatefulSet', hpa: 'HorizontalPodAutoscaler', cj: 'CronJob',
  csr: 'CertificateSigningRequest', ing: 'Ingress', netpol: 'NetworkPolicy', pdb: 'PodDisruptionBudget', pc: 'PriorityClass',
  sc: 'StorageClass',
};

/** A resource name as typed (`po`, `pods`, `Deployment`, `deploy.apps`) → apiVersion and kind. */
export function resolveResource(name: string, apiVersion?: string): { apiVersion: string; kind: string } | undefined {
  const [res, ...groupParts] = name.split('.');
  const group = groupParts.join('.');
  const wanted = (res ?? '').toLowerCase();
  const shortKind = SHORT_NAMES[wanted];
  const short = RESOURCES.find((r) => r.shortNames.includes(wanted) || r.resource === wanted) ?? (shortKind ? { kind: shortKind } : undefined);
  const candidates = allKinds().map((k) => {
    const cut = k.lastIndexOf('/');
    return { apiVersion: k.slice(0, cut), kind: k.slice(cut + 1) };
  }).filter(({ apiVersion: av, kind }) => {
    const names = [kind.toLowerCase(), plural(kind)];
    if (short && short.kind === kind) names.push(wanted);
    if (!names.includes(wanted)) return false;
    if (apiVersion !== undefined && av !== apiVersion) return false;
    if (group && !(av.includes('/') && av.split('/')[0] === group)) return false;
    // The schema package keeps versions a 1.32 API server does not serve: kubectl would not see them.
    return apiVersion !== undefined || !unservedIn132(av, kind);
  });
  return candidates.sort((a, b) => rank(a.apiVersion) - rank(b.apiVersion) || a.apiVersion.localeCompare(b.apiVersion))[0];
}

/**
 * kubectl wraps descriptions to 80 columns under a 4-space indent. A line's own leading spaces
 * (the ` - ` of "Possible enum values") stay on its first row only: continuation rows start at
 * the indent, as kubectl's word wrapper leaves them.
 */
function describe(text: string, indent: string): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    if (para.trim() === '') { out.push(indent.trimEnd() === '' ? indent : ''); continue; }
    let lead = /^\s*/.exec(para)?.[0] ?? '';
    let line = '';
    for (const word of para.trim().split(/\s+/)) {
      if (line && indent.length + lead.length + line.length + 1 + word.length > 80) { out.push(`${indent}${lead}${line}`); line = word; lead = ''; } else line = line ? `${line} ${word}` : word;
    }
    if (line) out.push(`${indent}${lead}${line}`);
  }
  return out;
}

/** kubectl explain names types from the OpenAPI v3 schema: a Time is a `string` there. */
function label(t: FieldInfo['type']): string {
  return typeLabel(t).replace(/\b(Micro)?Time\b/g, 'string');
}

function fieldLine(f: FieldInfo, indent: string): string {
  return `${indent}${f.name}\t<${label(f.type)}>${f.required ? ' -required-' : ''}`;
}

/** The enum line of a field list: kubectl shows the first four (an empty value as ""), then `, ....`; none for lists. */
function enumLine(f: FieldInfo, indent: string): string[] {
  if (!f.enum || f.type.t === 'array') return [];
  const shown = f.enum.slice(0, 4).map((e) => (e === '' ? '""' : e));
  return [`${indent}enum: ${shown.join(', ')}${f.enum.length > 4 ? ', ....' : ''}`];
}

function fieldList(t: TypeInfo | undefined): string[] {
  const out: string[] = [];
  for (const f of t?.fields ?? []) {
    out.push(fieldLine(f, '  '), ...enumLine(f, '  '));
    out.push(...describe(f.description, '    '), '');
  }
  return out;
}

function recursiveList(t: TypeInfo | undefined, depth: number, seen: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (const f of t?.fields ?? []) {
    const indent = '  '.repeat(depth + 1);
    out.push(fieldLine(f, indent), ...enumLine(f, indent));
    const next = elementType(f.type);
    // A type that contains itself (JSONSchemaProps) is shown once, as kubectl does.
    if (next && !seen.has(next)) out.push(...recursiveList(typeDef(next), depth + 1, new Set([...seen, next])));
  }
  return out;
}

/** `kubectl explain RESOURCE[.field…]` as kubectl 1.32 prints it (plaintext). */
export function explainResourcePath(spec: string, options: { recursive?: boolean; apiVersion?: string } = {}): ExplainPathResult {
  const parts = spec.split('.');
  // `deployments.apps.spec.replicas`: as kubectl does, the longest `resource.group` prefix that
  // names a resource wins; the rest is the field path.
  let target: { apiVersion: string; kind: string } | undefined;
  let path: string[] = [];
  for (let n = parts.length; n >= 1 && !target; n--) {
    const name = parts.slice(0, n).join('.');
    if (n > 1 && !allKinds().some((k) => k.startsWith(`${parts.slice(1, n).join('.')}/`))) continue;
    target = resolveResource(name, options.apiVersion);
    path = parts.slice(n);
  }
  const resource = parts[0];
  // A NoResourceMatchError: kubectl's checkErr prints it without "error: " (helpers.go).
  if (!target) return { ok: false, error: `the server doesn't have a resource type "${resource}"` };
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
    // kubectl has printed the header by the time it finds the field missing.
    if (!field) {
      const at = Math.max(0, path.findIndex((_, i) => !explainPath(apiVersion, kind, path.slice(0, i + 1))));
      const parent = at === 0 ? typeDef(kindTypeId) : (() => { const f = explainPath(apiVersion, kind, path.slice(0, at)); const id = f && elementType(f.type); return id ? typeDef(id) : undefined; })();
      const guess = closestWord(path[at] as string, parent?.fields.map((f) => f.name) ?? [], (n) => Math.max(1, Math.floor(n / 3)));
      return { ok: false, lines, error: `error: field "${path[at]}" does not exist`, ...(guess ? { nearest: [...parts.slice(0, parts.length - path.length), ...path.slice(0, at), guess].join('.') } : {}) };
    }
    const next = elementType(field.type);
    typeInfo = next ? typeDef(next) : undefined;
    // An alias type (IntOrString, Quantity, Time) has no fields, but its description is shown.
    const aliasDescription = next && typeInfo?.alias ? typeInfo.description : undefined;
    lines.push(`FIELD: ${field.name} <${label(field.type)}>`);
    if (field.enum && field.type.t !== 'array') lines.push('ENUM:', ...field.enum.map((e) => `    ${e === '' ? '""' : e}`));
    else lines.push('');
    lines.push('', 'DESCRIPTION:', ...describe([field.description, aliasDescription ?? typeInfo?.description].filter(Boolean).join('\n'), '    '), '    ');
  }
  if (typeInfo && typeInfo.fields.length) {
    if (options.recursive) lines.push('FIELDS:', ...recursiveList(typeInfo, 0, new Set([typeInfo.id])));
    else lines.push('FIELDS:', ...fieldList(typeInfo));
  }
  while (lines.at(-1) === '') lines.pop();
  return { ok: true, lines };
}
