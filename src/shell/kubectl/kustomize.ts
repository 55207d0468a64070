/**
 * Kustomize as built into kubectl 1.32 (kustomize v5.5.0, sigs.k8s.io/kustomize/api v0.18.0),
 * for `kubectl kustomize DIR`, `apply -k`, `create -k` and `delete -k`: the parts a learner meets.
 * A kustomization accumulates its resources (files and other kustomizations), runs its generators
 * (configMapGenerator, secretGenerator), then its transformers in kustomize's order (patches,
 * namespace, namePrefix/nameSuffix, labels, annotations, replicas, images); at the very end
 * generated objects get their content-hash suffix and every reference to a renamed ConfigMap,
 * Secret or ServiceAccount is fixed; objects come out in kustomize's legacy order.
 * Sources: api/internal/target/kusttarget.go, api/internal/builtins/*.go, api/hasher/hasher.go,
 * api/internal/builtins/SortOrderTransformer.go, api/konfig/builtinpluginconsts/*.go.
 */
import { createHash } from 'node:crypto';
import { parse } from 'yaml';
import { clone, podSpecOf, type Json } from '../../sim/cluster/objects.ts';
import { jsonPatch as applyJsonPatch, strategicMergePatch } from '../../sim/cluster/patch.ts';
import { absolutePath } from '../../sim/laptop-fs.ts';
import type { CommandContext } from '../context.ts';
import { laptopPath } from '../paths.ts';
import { readEnvFile } from './data-sources.ts';
import { parseManifests, type ManifestRead } from './manifests.ts';
import { flag, type ParsedFlags } from '../flags.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { printedLines } from './output.ts';

/** One resource on its way through the layers, with every name it has had (oldest first). */
interface Res {
  obj: Json;
  readonly names: string[];
  /** Made by a generator: whether it gets a content-hash suffix at the end. */
  readonly hash?: boolean;
}

export type KustomizeResult = { readonly ok: true; readonly objects: Json[]; readonly warnings: string[] } | { readonly ok: false; readonly error: string; readonly warnings: string[] };

const FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

const KNOWN_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'resources', 'bases', 'namespace', 'namePrefix', 'nameSuffix', 'commonLabels', 'labels', 'commonAnnotations', 'images',
  'replicas', 'configMapGenerator', 'secretGenerator', 'generatorOptions', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'sortOptions', 'buildMetadata',
  'components', 'crds', 'vars', 'replacements', 'helmCharts', 'helmGlobals', 'transformers', 'generators', 'validators', 'configurations', 'openapi']);
/** Real fields kubetutor's kustomize does not model. */
const NOT_SIMULATED = ['components', 'crds', 'vars', 'replacements', 'helmCharts', 'helmGlobals', 'transformers', 'generators', 'validators', 'configurations', 'openapi'];

const DEPRECATED: Record<string, string> = { commonLabels: 'labels', bases: 'resources', patchesStrategicMerge: 'patches', patchesJson6902: 'patches' };

/** Kinds that have no namespace (the namespace transformer leaves them alone). */
const CLUSTER_SCOPED = new Set(['Namespace', 'Node', 'PersistentVolume', 'StorageClass', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'IngressClass', 'APIService', 'ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration', 'RuntimeClass', 'CSIDriver', 'VolumeAttachment']);

const groupOf = (o: Json): string => (String(o.apiVersion ?? '').includes('/') ? String(o.apiVersion).split('/')[0] as string : '');
const versionOf = (o: Json): string => String(o.apiVersion ?? '').split('/').pop() as string;

/** resid.ResId's String(): `Deployment.v1.apps/web.[noNs]`, as kustomize's errors name objects. */
function idText(o: Json): string {
  return `${o.kind}.${versionOf(o)}.${groupOf(o) || '[noGrp]'}/${o.metadata?.name}.${o.metadata?.namespace ?? '[noNs]'}`;
}

class KustomizeError extends Error {}

/** hasher.go: the first 10 hex digits of a sha256, with 0 1 3 a e swapped for g h k m t. */
function encodeHash(text: string): string {
  const swap: Record<string, string> = { 0: 'g', 1: 'h', 3: 'k', a: 'm', e: 't' };
  return createHash('sha256').update(text).digest('hex').slice(0, 10).replace(/[013ae]/g, (c) => swap[c] as string);
}

/** Go's encoding/json: keys sorted, and <, >, & and the line separators escaped. */
function goJson(v: unknown): string {
  const sort = (x: unknown): unknown => (Array.isArray(x) ? x.map(sort) : x && typeof x === 'object' ? Object.fromEntries(Object.keys(x).sort().map((k) => [k, sort((x as Record<string, unknown>)[k])])) : x);
  return JSON.stringify(sort(v)).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Hasher.Hash for generated objects. Its `metadata/name` lookup reads a field literally named so,
 * which no object has: the name hashes as "" (so renaming never changes the suffix).
 */
export function contentHash(o: Json): string {
  if (o.kind === 'Secret') return encodeHash(goJson({ data: o.data ?? '', kind: 'Secret', name: '', ...(o.stringData ? { stringData: o.stringData } : {}), type: o.type ?? '' }));
  return encodeHash(goJson({ ...(o.binaryData ? { binaryData: o.binaryData } : {}), data: o.data ?? '', kind: 'ConfigMap', name: '' }));
}

export function kustomize(ctx: CommandContext, dir: string): KustomizeResult {
  const warnings: string[] = [];
  try {
    const root = laptopPath(ctx, dir);
    // The folder asked for is named as typed, then as the absolute path lstat was given.
    const kind = ctx.world.laptop.kind(root);
    if (kind === 'file') throw new KustomizeError(`must build at directory: '${dir}': file is not directory`);
    if (kind !== 'dir') throw new KustomizeError(`must build at directory: not a valid directory: evalsymlink failure on '${dir}' : lstat ${root}: no such file or directory`);
    const all = build(ctx, root, warnings, []);
    // makeCustomizedResMap: hashes last, then back references, then the legacy order.
    for (const r of all) {
      if (!r.hash) continue;
      const name = `${r.obj.metadata.name}-${contentHash(r.obj)}`;
      r.obj.metadata.name = name;
      r.names.push(name);
    }
    fixReferences(all);
    return { ok: true, objects: legacyOrder(all).map((r) => r.obj), warnings };
  } catch (e) {
    if (e instanceof KustomizeError) return { ok: false, error: e.message, warnings };
    throw e;
  }
}

/** The laptop's file system as kustomize reads it: an absolute path, or undefined. */
function read(ctx: CommandContext, abs: string): string | undefined {
  return ctx.world.laptop.kind(abs) === 'file' ? ctx.world.laptop.read(abs) : undefined;
}

const lstat = (abs: string): string => `evalsymlink failure on '${abs}' : lstat ${abs}: no such file or directory`;

function build(ctx: CommandContext, root: string, warnings: string[], stack: string[]): Res[] {
  const fs = ctx.world.laptop;
  if (fs.kind(root) !== 'dir') throw new KustomizeError(`must build at directory: not a valid directory: ${lstat(root)}`);
  const file = FILE_NAMES.find((f) => fs.kind(`${root}/${f}`) === 'file');
  if (!file) throw new KustomizeError(`unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '${root}'`);
  let k: Json;
  try {
    k = parse(read(ctx, `${root}/${file}`) ?? '', { version: '1.1' }) ?? {};
  } catch (e) {
    throw new KustomizeError(`invalid Kustomization: ${(e as Error).message.split('\n')[0]}`);
  }
  if (typeof k !== 'object' || Array.isArray(k)) throw new KustomizeError('invalid Kustomization: json: cannot unmarshal string into Go value of type types.Kustomization');
  for (const key of Object.keys(k)) if (!KNOWN_FIELDS.has(key)) throw new KustomizeError(`invalid Kustomization: json: unknown field "${key}"`);
  const unmodelled = NOT_SIMULATED.find((f) => k[f] !== undefined);
  if (unmodelled) throw new KustomizeError(`the kustomization field '${unmodelled}' is not simulated in kubetutor`);
  for (const [old, now] of Object.entries(DEPRECATED)) {
    if (k[old] !== undefined) warnings.push(`# Warning: '${old}' is deprecated. Please use '${now}' instead. Run 'kustomize edit fix' to update your Kustomization automatically.`);
  }
  // accumulateResources: files and folders (other kustomizations), in order; ids must be unique.
  const resources: Res[] = [];
  const addAll = (from: string, list: Res[]): void => {
    for (const r of list) {
      const clash = resources.find((x) => idText(x.obj) === idText(r.obj));
      if (clash) throw new KustomizeError(`accumulating resources: accumulation err='merging resources from '${from}': may not add resource with an already registered id: ${idText(r.obj)}': must build at directory: '${absolutePath(root, from)}': file is not directory`);
      resources.push(r);
    }
  };
  for (const entry of [...(k.resources ?? []), ...(k.bases ?? [])] as string[]) {
    if (/^(https?:\/\/|git@|github\.com\/)/.test(entry)) throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': remote resources are not simulated in kubetutor: the sandbox has no network to fetch them from`);
    const abs = absolutePath(root, entry);
    const kind = fs.kind(abs);
    if (!kind) throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${lstat(abs)}': must build at directory: not a valid directory: ${lstat(abs)}`);
    if (kind === 'dir') {
      if (stack.includes(abs)) throw new KustomizeError(`accumulating resources: cycle detected: candidate root '${abs}' contains visited root '${stack.at(-1)}'`);
      try {
        addAll(entry, build(ctx, abs, warnings, [...stack, root]));
      } catch (e) {
        if (e instanceof KustomizeError && !e.message.startsWith('accumulating')) throw new KustomizeError(`accumulating resources: accumulation err='accumulating resources from '${entry}': ${e.message}`);
        throw e;
      }
      continue;
    }
    const parsed = parseManifests(read(ctx, abs) ?? '', entry);
    if (!parsed.ok) throw new KustomizeError(`accumulating resources: accumulating resources from '${entry}': MalformedYAMLError: ${parsed.error.replace(/^.*error converting YAML to JSON: /, '')} in File: ${entry}`);
    addAll(entry, parsed.docs.map((d) => ({ obj: clone(d.object), names: [d.object.metadata?.name as string] })));
  }
  runGenerators(ctx, root, k, resources);
  // The builtin transformers, in kusttarget_configplugin.go's order.
  for (const p of k.patchesStrategicMerge ?? []) applyPatch(ctx, root, resources, { patch: p.includes('\n') || p.includes(':') ? p : undefined, path: p.includes('\n') || p.includes(':') ? undefined : p });
  for (const p of k.patches ?? []) applyPatch(ctx, root, resources, p);
  if (k.namespace) for (const r of resources) if (!CLUSTER_SCOPED.has(r.obj.kind)) { r.obj.metadata ??= {}; r.obj.metadata.namespace = k.namespace; }
  if (k.namePrefix || k.nameSuffix) {
    for (const r of resources) {
      // PrefixSuffixTransformer skips these kinds.
      if (['Namespace', 'CustomResourceDefinition', 'APIService'].includes(r.obj.kind)) continue;
      r.obj.metadata.name = `${k.namePrefix ?? ''}${r.obj.metadata.name}${k.nameSuffix ?? ''}`;
      r.names.push(r.obj.metadata.name);
    }
  }
  if (k.commonLabels) for (const r of resources) addLabels(r.obj, k.commonLabels, true, true);
  for (const l of k.labels ?? []) for (const r of resources) addLabels(r.obj, l.pairs ?? {}, Boolean(l.includeSelectors), Boolean(l.includeSelectors || l.includeTemplates));
  if (k.commonAnnotations) for (const r of resources) addAnnotations(r.obj, k.commonAnnotations);
  for (const p of k.patchesJson6902 ?? []) applyPatch(ctx, root, resources, p);
  for (const rc of k.replicas ?? []) {
    for (const r of resources) {
      if (r.names.includes(rc.name) && ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(r.obj.kind)) r.obj.spec = { ...(r.obj.spec ?? {}), replicas: Number(rc.count) };
    }
  }
  for (const img of k.images ?? []) for (const r of resources) setImages(r.obj, img);
  return resources;
}

/** configMapGenerator and secretGenerator: each a new object (or, with behavior merge|replace, a change to one from below). */
function runGenerators(ctx: CommandContext, root: string, k: Json, resources: Res[]): void {
  const options = k.generatorOptions ?? {};
  for (const [kind, list] of [['ConfigMap', k.configMapGenerator ?? []], ['Secret', k.secretGenerator ?? []]] as const) {
    for (const g of list as Json[]) {
      const data = new Map<string, string>();
      const add = (key: string, value: string): void => {
        if (data.has(key)) throw new KustomizeError(`${kind.toLowerCase()} ${g.name} illegally repeats the key \`${key}\``);
        data.set(key, value);
      };
      for (const l of (g.literals ?? []) as string[]) {
        const eq = l.indexOf('=');
        if (eq < 0) throw new KustomizeError(`loading KV pairs: literal sources: [${l}]: invalid literal source ${l}, expected key=value`);
        // kv.go: surrounding quotes are dropped from a literal's value.
        add(l.slice(0, eq), l.slice(eq + 1).replace(/^"(.*)"$|^'(.*)'$/s, '$1$2'));
      }
      for (const f of (g.files ?? []) as string[]) {
        const eq = f.indexOf('=');
        const [key, path] = eq < 0 ? [f.split('/').pop() as string, f] : [f.slice(0, eq), f.slice(eq + 1)];
        const abs = absolutePath(root, path);
        if (abs !== root && !abs.startsWith(`${root}/`)) throw new KustomizeError(`loading KV pairs: file sources: [${f}]: security; file '${abs}' is not in or below '${root}'`);
        const text = read(ctx, abs);
        if (text === undefined) throw new KustomizeError(`loading KV pairs: file sources: [${f}]: ${lstat(abs)}`);
        add(key, text);
      }
      for (const e of [...(g.envs ?? []), ...(g.env ? [g.env] : [])] as string[]) {
        const abs = absolutePath(root, e);
        const text = read(ctx, abs);
        if (text === undefined) throw new KustomizeError(`loading KV pairs: env source files: [${e}]: ${lstat(abs)}`);
        const pairs = readEnvFile(text, ctx.env);
        if (typeof pairs === 'string') throw new KustomizeError(`loading KV pairs: env source files: [${e}]: ${pairs}`);
        for (const [key, value] of pairs) add(key, value);
      }
      const values = Object.fromEntries([...data].map(([key, v]) => [key, kind === 'Secret' ? Buffer.from(v).toString('base64') : v]));
      const labels = { ...(options.labels ?? {}), ...(g.options?.labels ?? {}) };
      const annotations = { ...(options.annotations ?? {}), ...(g.options?.annotations ?? {}) };
      const behavior = g.behavior ?? 'create';
      if (behavior === 'merge' || behavior === 'replace') {
        const base = resources.find((r) => r.obj.kind === kind && r.names.includes(g.name) && (g.namespace === undefined || r.obj.metadata.namespace === g.namespace));
        if (!base) throw new KustomizeError(`merging from generator &{0xc000a1c0c0 <nil>}: id resid.ResId{Gvk:resid.Gvk{Group:"", Version:"v1", Kind:"${kind}", isClusterScoped:false}, Name:"${g.name}", Namespace:"${g.namespace ?? ''}"} does not exist; cannot merge or replace`);
        base.obj.data = behavior === 'merge' ? { ...(base.obj.data ?? {}), ...values } : values;
        if (Object.keys(labels).length) base.obj.metadata.labels = { ...(base.obj.metadata.labels ?? {}), ...labels };
        if (Object.keys(annotations).length) base.obj.metadata.annotations = { ...(base.obj.metadata.annotations ?? {}), ...annotations };
        continue;
      }
      const obj: Json = {
        apiVersion: 'v1', kind,
        metadata: { name: g.name, ...(g.namespace ? { namespace: g.namespace } : {}), ...(Object.keys(labels).length ? { labels } : {}), ...(Object.keys(annotations).length ? { annotations } : {}) },
        ...(data.size ? { data: values } : {}),
        ...(kind === 'Secret' ? { type: g.type ?? 'Opaque' } : {}),
      };
      const noHash = g.options?.disableNameSuffixHash ?? options.disableNameSuffixHash ?? false;
      if (resources.some((r) => idText(r.obj) === idText(obj))) throw new KustomizeError(`merging from generator: may not add resource with an already registered id: ${idText(obj)}`);
      resources.push({ obj, names: [g.name], hash: !noHash });
    }
  }
}

/** Where labels go (konfig/builtinpluginconsts/commonlabels.go), by kind. */
function addLabels(o: Json, pairs: Record<string, string>, selectors: boolean, templates: boolean): void {
  const set = (holder: Json, key: string): void => { holder[key] = { ...(holder[key] ?? {}), ...pairs }; };
  o.metadata ??= {};
  set(o.metadata, 'labels');
  const k = o.kind;
  if (selectors) {
    if (k === 'Service' || k === 'ReplicationController') { o.spec ??= {}; set(o.spec, 'selector'); }
    if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet'].includes(k)) { o.spec ??= {}; o.spec.selector ??= {}; set(o.spec.selector, 'matchLabels'); }
    if (k === 'PodDisruptionBudget' && o.spec?.selector) set(o.spec.selector, 'matchLabels');
    if (k === 'NetworkPolicy' && o.spec?.podSelector) set(o.spec.podSelector, 'matchLabels');
  }
  if (templates) {
    if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].includes(k)) { o.spec ??= {}; o.spec.template ??= {}; o.spec.template.metadata ??= {}; set(o.spec.template.metadata, 'labels'); }
    if (k === 'CronJob') {
      o.spec ??= {}; o.spec.jobTemplate ??= {}; o.spec.jobTemplate.metadata ??= {}; set(o.spec.jobTemplate.metadata, 'labels');
      o.spec.jobTemplate.spec ??= {}; o.spec.jobTemplate.spec.template ??= {}; o.spec.jobTemplate.spec.template.metadata ??= {}; set(o.spec.jobTemplate.spec.template.metadata, 'labels');
    }
  }
}

/** Where annotations go (konfig/builtinpluginconsts/commonannotations.go). */
function addAnnotations(o: Json, pairs: Record<string, string>): void {
  const set = (holder: Json): void => { holder.annotations = { ...(holder.annotations ?? {}), ...pairs }; };
  o.metadata ??= {};
  set(o.metadata);
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job', 'ReplicationController'].includes(o.kind)) { o.spec ??= {}; o.spec.template ??= {}; o.spec.template.metadata ??= {}; set(o.spec.template.metadata); }
  if (o.kind === 'CronJob') {
    o.spec ??= {}; o.spec.jobTemplate ??= {}; o.spec.jobTemplate.metadata ??= {}; set(o.spec.jobTemplate.metadata);
    o.spec.jobTemplate.spec ??= {}; o.spec.jobTemplate.spec.template ??= {}; o.spec.jobTemplate.spec.template.metadata ??= {}; set(o.spec.jobTemplate.spec.template.metadata);
  }
}

/** kustomize's image.Split: name, tag and digest, a registry's port kept in the name. */
function splitImage(image: string): { name: string; tag: string; digest: string } {
  const slash = Math.max(0, image.indexOf('/'));
  const search = image.slice(slash);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return { name: image, tag: '', digest: '' };
  if (at >= 0 && (at < colon || colon < 0)) return { name: image.slice(0, slash + at), tag: '', digest: image.slice(slash + at + 1) };
  if (at >= 0) return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1, slash + at), digest: image.slice(slash + at + 1) };
  return { name: image.slice(0, slash + colon), tag: image.slice(slash + colon + 1), digest: '' };
}

/** ImageTagTransformer: an image whose name matches gets the new name, and a new tag or digest (both replace both). */
function setImages(o: Json, img: Json): void {
  const spec = podSpecOf(o);
  if (!spec) return;
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
    if (typeof c.image !== 'string') continue;
    let { name, tag, digest } = splitImage(c.image);
    if (name !== img.name) continue;
    if (img.newName) name = img.newName;
    const newTag = img.newTag === undefined ? '' : String(img.newTag);
    if (newTag && img.digest) { tag = newTag; digest = img.digest; } else if (newTag) { tag = newTag; digest = ''; } else if (img.digest) { tag = ''; digest = img.digest; }
    c.image = `${name}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
  }
}

/** `patches`: a strategic merge patch (an object) or a JSON 6902 patch (a list of operations), on its targets. */
function applyPatch(ctx: CommandContext, root: string, resources: Res[], p: Json): void {
  let text: string | undefined = p.patch;
  if (p.path !== undefined) {
    text = read(ctx, absolutePath(root, p.path));
    if (text === undefined) throw new KustomizeError(`trouble configuring builtin PatchTransformer with config: \`\npath: ${p.path}\n\`: failed to get the patch file from path(${p.path}): ${lstat(absolutePath(root, p.path))}`);
  }
  let patch: Json;
  try {
    patch = parse(text ?? '', { version: '1.1' });
  } catch (e) {
    throw new KustomizeError(`unable to parse SM or JSON patch from [${text}]: ${(e as Error).message.split('\n')[0]}`);
  }
  const t = p.target;
  const matches = (r: Res): boolean => {
    if (!t) return false;
    const nameOk = t.name === undefined || r.names.some((n) => new RegExp(`^(?:${t.name})$`).test(n));
    const labelOk = t.labelSelector === undefined || String(t.labelSelector).split(',').every((kv) => { const [key, v] = kv.split('='); return r.obj.metadata?.labels?.[key as string] === v; });
    return (t.kind === undefined || t.kind === r.obj.kind) && (t.group === undefined || t.group === groupOf(r.obj)) && (t.version === undefined || t.version === versionOf(r.obj))
      && (t.namespace === undefined || t.namespace === r.obj.metadata?.namespace) && nameOk && labelOk;
  };
  if (Array.isArray(patch)) {
    const targets = resources.filter(matches);
    for (const r of targets) r.obj = jsonPatch(r.obj, patch);
    return;
  }
  if (!patch || typeof patch !== 'object') return;
  const targets = t ? resources.filter(matches) : resources.filter((r) => r.obj.kind === patch.kind && r.names.includes(patch.metadata?.name) && (patch.metadata?.namespace === undefined || patch.metadata.namespace === r.obj.metadata?.namespace));
  if (!t && targets.length !== 1) {
    const id = `${patch.kind}.${versionOf(patch)}.${groupOf(patch) || '[noGrp]'}/${patch.metadata?.name}.${patch.metadata?.namespace ?? '[noNs]'}`;
    throw new KustomizeError(`no resource matches strategic merge patch "${id}": no matches for Id ${id}; failed to find unique target for patch ${id}`);
  }
  for (const r of targets) {
    const body = clone(patch);
    // With a target, the patch's own identity does not rename what it patches.
    if (body.metadata) { delete body.metadata.name; delete body.metadata.namespace; }
    delete body.apiVersion;
    delete body.kind;
    r.obj = strategicMergePatch(r.obj, body) as Json;
  }
}

/** A JSON 6902 patch as kustomize applies it (the API server's patch code), failing in kustomize's words. */
function jsonPatch(doc: Json, ops: Json[]): Json {
  const r = applyJsonPatch(doc, ops);
  if (r.ok) return r.value as Json;
  const path = r.op?.path;
  switch (r.kind) {
    case 'missing-parent': throw new KustomizeError(`unable to find patch target: path ${path}: missing value`);
    case 'test': throw new KustomizeError(`testing value ${path} failed: test failed`);
    case 'unknown-op': throw new KustomizeError(`Unexpected kind: ${r.op?.op}`);
    default: throw new KustomizeError(`${r.op?.op} operation does not apply: doc is missing path: ${path}: missing value`);
  }
}

/** FixBackReferences for what pods name: ConfigMaps, Secrets, service accounts and claims, by any name they had. */
function fixReferences(all: Res[]): void {
  const rename = (kind: string, ns: string | undefined, name: string): string => {
    const candidates = all.filter((r) => r.obj.kind === kind && r.names.includes(name));
    const pick = candidates.find((r) => (r.obj.metadata?.namespace ?? undefined) === ns) ?? candidates[0];
    return pick ? pick.obj.metadata.name : name;
  };
  for (const r of all) {
    const spec = podSpecOf(r.obj);
    if (!spec) continue;
    const ns = r.obj.metadata?.namespace;
    for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])] as Json[]) {
      for (const e of c.envFrom ?? []) {
        if (e.configMapRef?.name) e.configMapRef.name = rename('ConfigMap', ns, e.configMapRef.name);
        if (e.secretRef?.name) e.secretRef.name = rename('Secret', ns, e.secretRef.name);
      }
      for (const e of c.env ?? []) {
        if (e.valueFrom?.configMapKeyRef?.name) e.valueFrom.configMapKeyRef.name = rename('ConfigMap', ns, e.valueFrom.configMapKeyRef.name);
        if (e.valueFrom?.secretKeyRef?.name) e.valueFrom.secretKeyRef.name = rename('Secret', ns, e.valueFrom.secretKeyRef.name);
      }
    }
    for (const v of spec.volumes ?? []) {
      if (v.configMap?.name) v.configMap.name = rename('ConfigMap', ns, v.configMap.name);
      if (v.secret?.secretName) v.secret.secretName = rename('Secret', ns, v.secret.secretName);
      if (v.persistentVolumeClaim?.claimName) v.persistentVolumeClaim.claimName = rename('PersistentVolumeClaim', ns, v.persistentVolumeClaim.claimName);
      for (const s of v.projected?.sources ?? []) {
        if (s.configMap?.name) s.configMap.name = rename('ConfigMap', ns, s.configMap.name);
        if (s.secret?.name) s.secret.name = rename('Secret', ns, s.secret.name);
      }
    }
    for (const s of spec.imagePullSecrets ?? []) if (s.name) s.name = rename('Secret', ns, s.name);
    if (spec.serviceAccountName) spec.serviceAccountName = rename('ServiceAccount', ns, spec.serviceAccountName);
  }
}

const ORDER_FIRST = ['Namespace', 'ResourceQuota', 'StorageClass', 'CustomResourceDefinition', 'ServiceAccount', 'PodSecurityPolicy', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding',
  'ConfigMap', 'Secret', 'Endpoints', 'Service', 'LimitRange', 'PriorityClass', 'PersistentVolume', 'PersistentVolumeClaim', 'Deployment', 'StatefulSet', 'CronJob', 'PodDisruptionBudget'];
const ORDER_LAST = ['MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration'];

/** SortOrderTransformer's legacy order: kinds first or last by the lists, then group_version_kind, then namespace|name. */
function legacyOrder(all: Res[]): Res[] {
  const rank = (k: string): number => (ORDER_FIRST.includes(k) ? -ORDER_FIRST.length + ORDER_FIRST.indexOf(k) : ORDER_LAST.includes(k) ? 1 + ORDER_LAST.indexOf(k) : 0);
  const gvk = (o: Json): string => [groupOf(o) || '~G', versionOf(o) || '~V', o.kind || '~K'].join('_');
  const id = (o: Json): string => `${o.metadata?.namespace || '~X'}|${o.metadata?.name || '~N'}`;
  return [...all].sort((a, b) => {
    const ra = rank(a.obj.kind);
    const rb = rank(b.obj.kind);
    if (ra !== rb) return ra - rb;
    const ga = gvk(a.obj);
    const gb = gvk(b.obj);
    if (ga !== gb) return (a.obj.kind === 'Namespace' && b.obj.kind === 'Namespace') ? (ga > gb ? -1 : 1) : (ga < gb ? -1 : 1);
    return id(a.obj) < id(b.obj) ? -1 : id(a.obj) > id(b.obj) ? 1 : 0;
  });
}

/** `kubectl kustomize [DIR]`: the built objects as a YAML stream, kustomize's warnings first. */
export function kustomizeCommand(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length > 1) return result([err('error: specify one path to a kustomization directory')], 1);
  const built = kustomize(ctx, args[0] ?? '.');
  const warnings = built.warnings.map(err);
  if (!built.ok) return result([...warnings, err(`error: ${built.error}`)], 1);
  const output = flag(p, 'output');
  if (output === 'json') return result([...warnings, ...built.objects.flatMap((o) => printedLines(o, 'json')).map(out)]);
  return result([...warnings, ...built.objects.flatMap((o, i) => [...(i > 0 ? ['---'] : []), ...printedLines(o, 'yaml')]).map(out)]);
}

/** The documents `apply|create|delete -k DIR` work on, named after the folder as cli-runtime's kustomize visitor names them. */
export function kustomizeManifests(ctx: CommandContext, dir: string): { read: ManifestRead; warnings: Line[] } {
  const built = kustomize(ctx, dir);
  const warnings = built.warnings.map(err);
  if (!built.ok) return { read: { ok: false, error: `error: ${built.error}` }, warnings };
  return { read: { ok: true, docs: built.objects.map((object) => ({ source: dir, object })) }, warnings };
}
