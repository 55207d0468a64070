/**
 * The explainer's analysis: YAML text in, explained documents out (every field with what it
 * means, every mistake with where it is and how to fix it). Pure: no I/O, no clock, no world —
 * the "what happens if you apply this" timeline is its own module (timeline.ts), loaded only
 * when it is wanted.
 */
import { isMap, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import { parseManifestYaml } from '../sim/manifest-yaml.ts';
import { closest as closestWord } from '../sim/closest.ts';
import { tryParseReference } from '../sim/image-ref.ts';
import { versionOfLatest } from '../sim/catalogue.ts';
import { resourceByKind } from '../sim/cluster/resources.ts';
import { DEFAULTED_REQUIRED, decodeError, renderFieldError, statefulSetPodErrors, validateAnnotations, validateLabels, validateObject, type FieldError } from '../sim/cluster/validation.ts';
import { fieldAt, type KObject, POD_SPEC_PATHS } from '../sim/cluster/objects.ts';
import { defaultObject } from '../sim/cluster/defaults.ts';
import { allKinds, checkObject, elementType, explainPath, fieldDef, kindType, typeDef, typeLabel, type SchemaIssue } from '../sim/schema.ts';
import { curatedFor } from './curated.ts';
import { PositionMap, type Position } from './positions.ts';
import { unservedIn132 } from '../sim/cluster/removed-apis.ts';

export type Severity = 'error' | 'warning' | 'info';

/** One finding. `code` is stable (documented in the README); the rest is for people. */
export interface Finding {
  readonly severity: Severity;
  readonly code: string;
  /** kubectl notation: `spec.template.spec.containers[0].image`; '' for the document itself. */
  readonly path: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly suggestion: string;
}

export interface FieldNote {
  readonly path: string;
  readonly line: number;
  readonly column: number;
  /** kubetutor's beginner explanation where it has one, else the API's own description. */
  readonly description: string;
  readonly source: 'kubetutor' | 'api';
  /** The type, as kubectl explain prints it (`string`, `[]Container`). */
  readonly type?: string;
  readonly required?: boolean;
  /** The component that acts on the field (curated fields only). */
  readonly component?: string;
}

export interface ExplainedDocument {
  readonly file: string;
  /** From 0, counting every `---` document of the file (empty ones included), as kubectl does. */
  readonly index: number;
  readonly kind?: string;
  readonly apiVersion?: string;
  readonly name?: string;
  readonly fields: readonly FieldNote[];
  readonly findings: readonly Finding[];
  /** The decoded object (for the timeline), when the document is one. */
  readonly object?: KObject;
  /** Where the document starts. */
  readonly start: Position;
}

function at(pos: Position): { line: number; column: number } {
  return { line: pos.line, column: pos.column };
}

function jsType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the string ${JSON.stringify(v)}`;
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `spec.containers[0].env[FOO].value` → the schema's field names: spec, containers, env, value. */
function schemaSegments(path: string): string[] {
  return path.replace(/\[[^\]]*\]/g, '').split('.').filter(Boolean);
}

const closest = (word: string, known: readonly string[]): string | undefined => closestWord(word, known, (n) => Math.max(1, Math.floor(n / 3)));

/** The fields the parent of `path` allows (for did-you-mean on an unknown field). */
function siblings(apiVersion: string, kind: string, path: string): string[] {
  const segs = schemaSegments(path).slice(0, -1);
  const typeId = segs.length === 0 ? kindType(apiVersion, kind) : (() => { const f = explainPath(apiVersion, kind, segs); return f ? elementType(f.type) : undefined; })();
  return typeId ? (typeDef(typeId)?.fields.map((f) => f.name) ?? []) : [];
}

function schemaFinding(issue: SchemaIssue, apiVersion: string, kind: string, positions: PositionMap): Finding {
  const name = schemaSegments(issue.path).at(-1) ?? '';
  switch (issue.kind) {
    case 'unknown-field': {
      const known = siblings(apiVersion, kind, issue.path);
      const guess = closest(name, known);
      return {
        severity: 'error', code: 'unknown-field', path: issue.path, ...at(positions.locate(issue.path)),
        message: `unknown field "${issue.path}" (the API server's strict field validation refuses it)`,
        suggestion: guess ? `did you mean "${guess}"?` : 'remove it, or check its indentation: it may belong one level up or down',
      };
    }
    case 'wrong-type':
      return {
        severity: 'error', code: 'wrong-type', path: issue.path, ...at(positions.locate(issue.path, 'value')),
        message: `${issue.path || 'the document'} must be ${issue.expected ?? 'another type'}, not ${jsType(issue.value)}`,
        suggestion: issue.expected === 'string' ? 'quote the value ("…") to make it a string' : `write it as ${issue.expected?.startsWith('[]') ? 'a list (lines starting with "- ")' : issue.expected?.startsWith('map[') || /^[A-Z]/.test(issue.expected ?? '') ? 'a mapping (key: value lines)' : `${/^[aeiou]/.test(issue.expected ?? '') ? 'an' : 'a'} ${issue.expected}`}`,
      };
    case 'enum':
      return {
        severity: 'error', code: 'unsupported-value', path: issue.path, ...at(positions.locate(issue.path, 'value')),
        message: `${issue.path}: unsupported value ${JSON.stringify(issue.value)}`,
        suggestion: enumSuggestion(String(issue.value), issue.allowed ?? []),
      };
    case 'required':
      return {
        severity: 'error', code: 'required', path: issue.path, ...at(positions.locate(issue.path)),
        message: `${issue.path} is required`,
        suggestion: `add ${name}: (${issue.expected ?? 'a value'})`,
      };
  }
}

/** What to write instead of a value outside an enum: the near miss first, then every allowed value. */
function enumSuggestion(value: string, allowed: readonly string[]): string {
  const caseOnly = allowed.find((a) => a.toLowerCase() === value.toLowerCase());
  const guess = caseOnly ?? closest(value, allowed);
  return `${guess ? `did you mean "${guess}"? ` : ''}use one of: ${allowed.join(', ')}${caseOnly ? ' (values are case-sensitive)' : ''}`;
}

function validationFinding(e: FieldError, positions: PositionMap, obj?: unknown): Finding {
  // A label error names the map; point at the entry (the bad key, or the key of the bad value).
  const entry = /\.labels$/.test(e.field) && typeof e.value === 'string' ? positions.get(`${e.field}[${e.value}]`) ?? labelWithValue(e.field, e.value, positions, obj) : undefined;
  const pos = entry ? entry.key : positions.locate(e.field, e.type === 'Required value' ? 'key' : 'value');
  const base = { path: e.field, ...at(pos), message: renderFieldError(e) };
  if (e.type === 'Required value') return { ...base, severity: 'error', code: 'required', suggestion: `add ${e.field.split('.').at(-1)?.replace(/\[.*$/, '')}` };
  if (e.detail?.includes('`selector` does not match template `labels`')) {
    return { ...base, severity: 'error', code: 'selector-mismatch', suggestion: 'make spec.selector.matchLabels and spec.template.metadata.labels agree: the selector is how the controller finds the pods it owns' };
  }
  if (e.type === 'Duplicate value' && /(containers|initContainers)\[\d+\]\.name$/.test(e.field)) return { ...base, severity: 'error', code: 'duplicate-container', suggestion: 'give every container (and init container) of a pod its own name' };
  if (e.field === 'metadata.name' && e.type === 'Invalid value') return { ...base, severity: 'error', code: 'invalid-name', suggestion: 'use lower-case letters, digits and "-" (and "." for most kinds), starting and ending with a letter or digit' };
  if (e.type === 'Duplicate value') return { ...base, severity: 'error', code: 'duplicate-value', suggestion: 'each entry must be unique: rename or remove the repeat' };
  return { ...base, severity: 'error', code: e.type === 'Unsupported value' ? 'unsupported-value' : 'invalid-value', suggestion: e.detail?.startsWith('supported values') ? `use one of the ${e.detail}` : 'fix the value as the message says' };
}

/** The entry of a labels map whose value is `value` (a label value the server refused). */
function labelWithValue(field: string, value: string, positions: PositionMap, obj: unknown): { key: Position } | undefined {
  const labels = fieldAt(obj, field);
  if (!labels || typeof labels !== 'object') return undefined;
  const key = Object.entries(labels as Record<string, unknown>).find(([, v]) => v === value)?.[0];
  const at = key === undefined ? undefined : positions.get(`${field}[${key}]`);
  return at ? { key: at.value } : undefined;
}

/** Pin an untagged image to a tag that exists: what latest stands for today in the registry, or the learner's own. */
function pinSuggestion(image: string, repo: string): string {
  const version = versionOfLatest(repo);
  return version
    ? `pin a version (${image}:${version} is what latest is today) so every node runs the same image`
    : `pin a version you pushed (${image}:TAG, see \`docker images\` or the registry's tags) so every node runs the same image`;
}

/** What the image references of a pod spec teach: invalid, :latest, no tag, implied docker.io, Never, no requests. */
function imageFindings(obj: KObject, specPath: string, positions: PositionMap): Finding[] {
  const out: Finding[] = [];
  const spec = fieldAt(obj, specPath) as { containers?: unknown; initContainers?: unknown } | undefined;
  for (const list of ['initContainers', 'containers'] as const) {
    const items = spec?.[list];
    if (!Array.isArray(items)) continue;
    items.forEach((c: unknown, i: number) => {
      if (!c || typeof c !== 'object') return;
      const cont = c as { image?: unknown; imagePullPolicy?: unknown; resources?: { requests?: unknown } };
      const p = `${specPath}.${list}[${i}]`;
      const image = cont.image;
      if (typeof image === 'string' && image.trim() !== '') {
        const ref = tryParseReference(image.trim());
        const ip = positions.locate(`${p}.image`, 'value');
        if (!ref) {
          out.push({ severity: 'error', code: 'invalid-image', path: `${p}.image`, ...at(ip), message: `"${image}" is not a valid image reference: the kubelet would fail with InvalidImageName`, suggestion: 'write [registry/][namespace/]name[:tag][@sha256:digest] in lower case, e.g. docker.io/library/nginx:1.27' });
        } else {
          const explicitTag = ref.tag !== undefined;
          const policyNote = cont.imagePullPolicy === undefined ? ', and imagePullPolicy defaults to Always' : '';
          if (ref.digest === undefined && !explicitTag) out.push({ severity: 'warning', code: 'no-tag', path: `${p}.image`, ...at(ip), message: `"${image}" has no tag, so it means :latest${policyNote}`, suggestion: pinSuggestion(image, `${ref.domain}/${ref.path}`) });
          else if (ref.tag === 'latest' && ref.digest === undefined) out.push({ severity: 'warning', code: 'latest-tag', path: `${p}.image`, ...at(ip), message: `":latest" can point at a different image tomorrow${policyNote}`, suggestion: 'pin a version tag (or a digest) so every node runs the same image' });
          if (!/^[^/]+[.:][^/]*\//.test(image) && !image.startsWith('localhost/')) out.push({ severity: 'info', code: 'implicit-registry', path: `${p}.image`, ...at(ip), message: `"${image}" names no registry, so the runtime pulls it from Docker Hub (docker.io${image.includes('/') ? '' : '/library'})`, suggestion: `write it in full (${ref.domain}/${ref.path}${ref.tag ? `:${ref.tag}` : ''}${ref.digest ? `@${ref.digest}` : ''}) if you mean Docker Hub, or add your registry's host` });
        }
      }
      if (cont.imagePullPolicy === 'Never') out.push({ severity: 'warning', code: 'pull-never', path: `${p}.imagePullPolicy`, ...at(positions.locate(`${p}.imagePullPolicy`, 'value')), message: 'imagePullPolicy: Never never pulls: the image must already be on whichever node the pod lands on, or it fails with ErrImageNeverPull', suggestion: 'leave imagePullPolicy out (IfNotPresent for a tagged image) unless you preload images on every node' });
      // ports is a list keyed by containerPort and protocol: create accepts a repeat with a
      // warning, server-side apply refuses it.
      const seenPorts = new Set<string>();
      (Array.isArray((cont as { ports?: unknown }).ports) ? (cont as { ports: unknown[] }).ports : []).forEach((port, j) => {
        const pp = port as { containerPort?: unknown; protocol?: unknown } | null;
        if (!pp || pp.containerPort === undefined) return;
        const key = `${String(pp.containerPort)}/${String(pp.protocol ?? 'TCP')}`;
        if (seenPorts.has(key)) out.push({ severity: 'warning', code: 'duplicate-port', path: `${p}.ports[${j}]`, ...at(positions.locate(`${p}.ports[${j}]`)), message: `containerPort ${key} is listed twice: kubectl create and client-side apply accept it with a warning ("duplicate port definition"), server-side apply refuses it`, suggestion: 'list each containerPort and protocol once' });
        seenPorts.add(key);
      });
      const res = cont.resources as { requests?: unknown; limits?: unknown } | undefined;
      // Limits alone set the requests to match (Guaranteed when both cpu and memory are limited).
      if (list === 'containers' && (res?.requests === undefined || res.requests === null) && (res?.limits === undefined || res.limits === null)) out.push({ severity: 'info', code: 'no-resources', path: `${p}.resources`, ...at(positions.locate(`${p}.resources`)), message: 'no resource requests: the scheduler places the pod as if it needed nothing, and it is among the first evicted when a node runs short', suggestion: 'add resources.requests (cpu, memory) sized to what the container really uses' });
    });
  }
  return out;
}

/**
 * A manifest of thousands of documents repeats the same few paths: look each (kind, path shape)
 * up once. The shape drops list indices, which neither the schema nor the curated notes use.
 */
const fieldCache = new Map<string, { field: ReturnType<typeof explainPath>; curated: ReturnType<typeof curatedFor> }>();

function lookupField(apiVersion: string, kind: string, path: string): { field: ReturnType<typeof explainPath>; curated: ReturnType<typeof curatedFor> } {
  const key = `${apiVersion}/${kind}|${path.replace(/\[\d+\]/g, '[]')}`;
  let hit = fieldCache.get(key);
  if (!hit) {
    const segs = schemaSegments(path);
    const field = segs.length === 1 ? fieldDef(kindType(apiVersion, kind) ?? '', segs[0] as string) : explainPath(apiVersion, kind, segs);
    hit = { field, curated: curatedFor(kind, path) };
    fieldCache.set(key, hit);
  }
  return hit;
}

/** Every field written, explained: kubetutor's words where it has them, else the API's. */
function fieldNotes(apiVersion: string, kind: string, positions: PositionMap): FieldNote[] {
  const notes: FieldNote[] = [];
  for (const path of positions.order) {
    if (path.endsWith(']')) continue; // list items and map entries are not fields
    const { field, curated } = lookupField(apiVersion, kind, path);
    if (!field && !curated) continue;
    const pos = positions.get(path)?.key ?? positions.locate(path);
    // Some schema entries have no words of their own; kubectl explain then shows the type's.
    const own = field?.description || (field ? typeDef(elementType(field.type) ?? '')?.description ?? '' : '');
    if (!curated && !own) continue;
    notes.push({
      path, ...at(pos),
      description: curated ? curated.explanation : own,
      source: curated ? 'kubetutor' : 'api',
      ...(field ? { type: typeLabel(field.type), required: field.required } : {}),
      ...(curated ? { component: curated.component } : {}),
    });
  }
  return notes;
}

/** The apiVersions that serve a kind in 1.32 (for "did you mean apps/v1"). */
function versionsOf(kind: string): string[] {
  return allKinds().filter((k) => k.endsWith(`/${kind}`)).map((k) => k.slice(0, k.length - kind.length - 1)).filter((v) => !unservedIn132(v, kind));
}

/** Groups of configuration files read by components (kube-apiserver, kubelet, …), not API objects. */
const CONFIG_GROUPS = ['apiserver.k8s.io', 'apiserver.config.k8s.io', 'audit.k8s.io', 'kubelet.config.k8s.io', 'kubeproxy.config.k8s.io', 'kubescheduler.config.k8s.io', 'kubeadm.k8s.io', 'client.authentication.k8s.io', 'kubecontrollermanager.config.k8s.io'];

function isCustomGroup(apiVersion: string): boolean {
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] as string : '';
  return group.includes('.') && !group.endsWith('.k8s.io') && !group.endsWith('.kubernetes.io');
}

/** Explain one parsed YAML document (a `kind: List` gives one explained document per item). */
function explainDocument(doc: Document.Parsed, file: string, index: number, lines: LineCounter, text: string): ExplainedDocument[] {
  const value = (() => { try { return doc.errors.length ? undefined : doc.toJS({ maxAliasCount: 100 }) as unknown; } catch { return undefined; } })();
  const list = value as { kind?: unknown; apiVersion?: unknown; items?: unknown } | undefined;
  // kubectl flattens a v1 List (and any *List) into its items before sending anything.
  if (list && typeof list === 'object' && typeof list.kind === 'string' && /List$/.test(list.kind) && Array.isArray(list.items) && isMap(doc.contents)) {
    const itemsNode = (doc.contents.items.find((p) => isScalar(p.key) && p.key.value === 'items')?.value ?? null) as Node | null;
    const nodes = isSeq(itemsNode) ? itemsNode.items : [];
    return list.items.flatMap((item, i) => {
      const node = (nodes[i] ?? null) as Node | null;
      const p = lines.linePos(node?.range?.[0] ?? doc.range[0]);
      const r = explainObject(item, node, file, index, lines, { line: p.line, column: p.col });
      return r ? [r] : [];
    });
  }
  const one = explainParsed(doc, file, index, lines, text);
  return one ? [one] : [];
}

function explainParsed(doc: Document.Parsed, file: string, index: number, lines: LineCounter, text: string): ExplainedDocument | undefined {
  const start = lines.linePos(doc.range[0]);
  const origin: Position = { line: start.line, column: start.col };
  const base = { file, index, start: origin };
  if (doc.errors.length) {
    const e = doc.errors[0];
    // An error found only at the end of the input (a quote or bracket never closed) points just
    // after the last thing written, where the learner would add what is missing.
    const at0 = e?.pos[0] ?? doc.range[0];
    const p = lines.linePos(text.slice(at0).trim() === '' ? text.trimEnd().length : at0);
    const tooDeep = /call stack/i.test(e?.message ?? '');
    return { ...base, fields: [], findings: [tooDeep
      ? { severity: 'error', code: 'yaml-too-deep', path: '', line: origin.line, column: origin.column, message: 'the YAML is nested too deeply to read', suggestion: 'no Kubernetes object nests this deep: look for a runaway [ or { (or a generated file gone wrong)' }
      : { severity: 'error', code: 'yaml-syntax', path: '', line: p.line, column: p.col, message: `YAML: ${e?.message.split('\n')[0] ?? 'cannot parse'}`, suggestion: 'fix the YAML first: check indentation (spaces, not tabs) and that every "key: value" has its colon and space' }] };
  }
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ...base, fields: [], findings: [{ severity: 'error', code: 'yaml-aliases', path: '', ...at(origin), message: `YAML: ${(e as Error).message}`, suggestion: 'write the values out instead of expanding aliases (*name) this many times' }] };
  }
  return explainObject(value, doc.contents, file, index, lines, origin);
}

/** Explain one decoded object, with its YAML node for positions. */
function explainObject(value: unknown, root: Node | null, file: string, index: number, lines: LineCounter, origin: Position): ExplainedDocument | undefined {
  const base = { file, index, start: origin };
  if (value === null || value === undefined) return undefined; // an empty document: nothing to explain
  const positions = new PositionMap(root, lines, origin);
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { ...base, fields: [], findings: [{ severity: 'error', code: 'not-an-object', path: '', ...at(origin), message: `a Kubernetes object is a mapping (apiVersion:, kind:, metadata:, …), not ${jsType(value)}`, suggestion: 'start the document with apiVersion: and kind: lines' }] };
  }
  const obj = value as KObject;
  const findings: Finding[] = [];
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : undefined;
  const kind = typeof obj.kind === 'string' ? obj.kind : undefined;
  const name = typeof obj.metadata?.name === 'string' ? obj.metadata.name : undefined;
  const described = { ...base, ...(kind ? { kind } : {}), ...(apiVersion ? { apiVersion } : {}), ...(name ? { name } : {}), object: obj };
  if (apiVersion?.startsWith('kustomize.config.k8s.io/') || (!kind && ('resources' in obj || 'bases' in obj || 'patches' in obj) && !('spec' in obj))) {
    // A kustomization is a recipe for manifests, not a manifest.
    return { ...described, fields: [], findings: [{ severity: 'info', code: 'kustomization', path: '', ...at(origin), message: 'this is a kustomization (kustomization.yaml): it lists and patches manifests, and is not sent to the API server itself', suggestion: 'build it with `kubectl kustomize DIR` and explain the output (`kubectl kustomize DIR | kubetutor explain -`), or apply it with `kubectl apply -k DIR`' }] };
  }
  if (!apiVersion || !kind) {
    for (const k of ['apiVersion', 'kind'] as const) {
      if (typeof obj[k] !== 'string' || !obj[k]) findings.push({ severity: 'error', code: 'required', path: k, ...at(positions.locate(k)), message: `${k} is required${obj[k] !== undefined ? ' and must be text' : ''}`, suggestion: k === 'kind' ? 'add kind: (Pod, Deployment, Service, …)' : 'add apiVersion: (v1 for Pod and Service, apps/v1 for Deployment, …)' });
    }
    return { ...described, fields: [], findings };
  }
  // The schema package still carries versions the API server stopped serving: ask the
  // deprecation table first.
  const unserved = unservedIn132(apiVersion, kind);
  const removed = unserved?.why === 'removed' ? unserved.api : undefined;
  if (unserved || !kindType(apiVersion, kind)) {
    const versions = versionsOf(kind);
    const where = at(positions.locate('apiVersion', 'value'));
    if (unserved?.why === 'newer') {
      findings.push({ severity: 'error', code: 'unknown-api-version', path: 'apiVersion', ...where, message: `${kind} is not in ${apiVersion} on a 1.32 cluster (that version came later)`, suggestion: `use apiVersion: ${unserved.use}` });
    } else if (removed) {
      const replacement = removed.replacement || versionsOf(kind)[0] || '';
      findings.push({ severity: 'error', code: 'removed-api', path: 'apiVersion', ...where, message: `${kind} in ${apiVersion} was removed in Kubernetes ${removed.removedIn}: a 1.32 cluster no longer serves it, so kubectl fails with "no matches for kind"`, suggestion: replacement ? `use apiVersion: ${replacement}${removed.note ? ` — ${removed.note}` : ''}` : (removed.note ?? 'there is no direct replacement') });
    } else if (versions.length) {
      findings.push({ severity: 'error', code: 'unknown-api-version', path: 'apiVersion', ...where, message: `${apiVersion} has no kind ${kind}`, suggestion: `use apiVersion: ${versions.join(' or ')}` });
    } else if (CONFIG_GROUPS.includes(apiVersion.split('/')[0] as string)) {
      findings.push({ severity: 'info', code: 'config-file', path: 'kind', ...at(positions.locate('kind', 'value')), message: `${kind} (${apiVersion}) is a configuration file that a Kubernetes component reads at start-up, not an object you apply to the API server`, suggestion: 'pass it to the component (e.g. kube-apiserver --egress-selector-config-file, --audit-policy-file); kubectl apply would refuse it' });
    } else if (isCustomGroup(apiVersion)) {
      findings.push({ severity: 'info', code: 'custom-resource', path: 'kind', ...at(positions.locate('kind', 'value')), message: `${kind} (${apiVersion}) is a custom resource: its schema comes from a CustomResourceDefinition in the cluster, which kubetutor does not have`, suggestion: 'apply its CustomResourceDefinition first; only the YAML and metadata were checked here' });
      findings.push(...labelFindings(obj, positions));
    } else {
      const inGroup = allKinds().filter((k) => k.startsWith(`${apiVersion}/`)).map((k) => k.slice(apiVersion.length + 1));
      const guess = closest(kind, inGroup.length ? inGroup : allKinds().map((k) => k.slice(k.lastIndexOf('/') + 1)));
      findings.push({ severity: 'error', code: 'unknown-kind', path: 'kind', ...at(positions.locate('kind', 'value')), message: `no kind "${kind}" in ${apiVersion} (Kubernetes 1.32)`, suggestion: guess ? `did you mean "${guess}"?${versionsOf(guess).includes(apiVersion) ? '' : ` (apiVersion: ${versionsOf(guess).join(' or ')})`}` : `check the spelling (kinds are CamelCase: Deployment, ConfigMap) — or ${kind} in ${apiVersion} may come from a Kubernetes newer than 1.32` });
    }
    return { ...described, fields: [], findings };
  }
  const issues = checkObject(apiVersion, kind, obj);
  for (const issue of issues) {
    if (issue.kind === 'required' && DEFAULTED_REQUIRED.some((re) => re.test(`.${issue.path}`))) continue;
    // The server ignores status on create: what it lacks there is no mistake.
    if (issue.kind === 'required' && /^status(\.|\[|$)/.test(issue.path)) continue;
    findings.push(schemaFinding(issue, apiVersion, kind, positions));
  }
  // A real server stops at the first wrong type (decoding fails); kubetutor goes on to say every
  // other mistake too, except below a wrong-typed value, where the validators' words would be noise.
  const wrongTyped = issues.filter((i) => i.kind === 'wrong-type').map((i) => i.path);
  const served = resourceByKind(kind, apiVersion);
  const decoded = decodeFinding(obj, positions);
  if (decoded) findings.push(decoded);
  const validation = semanticErrors(obj, served?.namespaced ?? true).filter((e) => !wrongTyped.some((w) => e.field === w || e.field.startsWith(`${w}.`) || e.field.startsWith(`${w}[`)));
  // A StatefulSet is accepted with a pod template its pods will be refused for: say so, as a warning.
  if (kind === 'StatefulSet') for (const e of statefulSetPodErrors(obj)) findings.push({ ...validationFinding(e, positions, obj), severity: 'warning', code: 'pod-template-invalid', message: `${renderFieldError(e)} (the API server accepts the StatefulSet, then refuses each pod it creates)` });
  const replicas = (obj.spec as { replicas?: unknown } | undefined)?.replicas;
  if (typeof replicas === 'number' && replicas > INT32_MAX) validation.push({ field: 'spec.replicas', type: 'Invalid value', value: replicas, hasValue: true, detail: `must be no more than ${INT32_MAX} (an int32)` });
  const seen = new Set(findings.map((f) => `${f.code}|${f.path}`));
  for (const e of validation) {
    const f = validationFinding(e, positions, obj);
    // The schema already said it (a required field): once is enough. Different messages on one path all stay.
    if (seen.has(`${f.code}|${f.path}`) && f.code === 'required') continue;
    if (seen.has(`${f.code}|${f.path}|${f.message}`)) continue;
    // One mistake, one finding: the schema's enum and the server's "Unsupported value" name the
    // same value; keep the server's words (what kubectl prints) with the schema's advice.
    const twin = f.code === 'unsupported-value' ? findings.findIndex((x) => x.code === f.code && x.path === f.path) : -1;
    if (twin >= 0) { findings[twin] = { ...f, suggestion: (findings[twin] as Finding).suggestion }; continue; }
    seen.add(`${f.code}|${f.path}`);
    seen.add(`${f.code}|${f.path}|${f.message}`);
    findings.push(f);
  }
  const specPath = POD_SPEC_PATHS[kind];
  if (specPath) findings.push(...imageFindings(obj, specPath, positions));
  return { ...described, fields: fieldNotes(apiVersion, kind, positions), findings: sortFindings(findings) };
}

const INT32_MAX = 2147483647;

/**
 * The API server's validation (src/sim/cluster/validation.ts, the rules the sandbox's API server
 * applies), after its defaulting (stringData folded into data, a Job template's restartPolicy…),
 * on a copy. A shape the validators do not expect (a null list item, say) is left to the schema
 * findings rather than allowed to end the explanation.
 */
function semanticErrors(obj: KObject, namespaced: boolean): FieldError[] {
  try {
    const copy = JSON.parse(JSON.stringify(obj)) as KObject;
    defaultObject(copy);
    return validateObject(copy, namespaced);
  } catch {
    return [];
  }
}

/** A decoding failure (Secret data that is not base64, a quantity that does not parse) as a finding. */
function decodeFinding(obj: KObject, positions: PositionMap): Finding | undefined {
  const d = decodeError(obj);
  if (!d) return undefined;
  const base64 = d.message.startsWith('illegal base64');
  return {
    severity: 'error', code: 'invalid-value', path: d.path, ...at(positions.locate(d.path, 'value')),
    message: `${d.path}: ${d.message} (the API server cannot decode it: "${obj.kind} in version \"${String(obj.apiVersion).split('/').pop()}\" cannot be handled as a ${obj.kind}")`,
    suggestion: base64 ? 'Secret data values are base64-encoded: encode the value (echo -n VALUE | base64), or put plain text under stringData' : 'write a quantity such as 500m, 1, 128Mi or 1Gi',
  };
}

/** A custom resource's ObjectMeta, checked as the CRD's API server checks any object's metadata (its schema is the CRD's). */
function labelFindings(obj: KObject, positions: PositionMap): Finding[] {
  return [...validateLabels('metadata.labels', obj.metadata?.labels), ...validateAnnotations('metadata.annotations', obj.metadata?.annotations)].map((e) => validationFinding(e, positions, obj));
}

function sortFindings(f: Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, info: 2 };
  return f.map((x, i) => ({ x, i })).sort((a, b) => a.x.line - b.x.line || a.x.column - b.x.column || rank[a.x.severity] - rank[b.x.severity] || a.i - b.i).map(({ x }) => x);
}

export interface AnalyzeOptions {
  /** Unknown fields are errors, as the API server's strict field validation makes them (default); false: warnings. */
  readonly strict?: boolean;
}

/** Explain every document of one file's text. */
export function explainText(text: string, file: string, options: AnalyzeOptions = {}): ExplainedDocument[] {
  const lines = new LineCounter();
  const out: ExplainedDocument[] = [];
  parseManifestYaml(text, { lineCounter: lines, prettyErrors: false }).forEach((doc, i) => { out.push(...explainDocument(doc, file, i, lines, text)); });
  if (options.strict === false) {
    // Without strict field validation the API server drops unknown fields with a warning.
    return out.map((d) => ({ ...d, findings: d.findings.map((f) => (f.code === 'unknown-field' ? { ...f, severity: 'warning' as const, message: f.message.replace("(the API server's strict field validation refuses it)", '(without strict field validation the API server drops it, with a warning)') } : f)) }));
  }
  return out;
}

export function countBySeverity(docs: readonly ExplainedDocument[]): Record<Severity, number> {
  const n: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const d of docs) for (const f of d.findings) n[f.severity]++;
  return n;
}
