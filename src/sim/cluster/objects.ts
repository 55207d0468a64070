/**
 * Kubernetes objects as the API server stores them: plain JSON-shaped values. The simulation
 * keeps them loosely typed (as unstructured objects are in client-go) and reads fields through
 * small helpers, so any manifest a learner writes survives a round trip unchanged.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
}

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta;
  spec?: Json;
  status?: Json;
  [extra: string]: Json;
}

/**
 * Freeze an object and everything in it, stopping at parts already frozen (shared with an older
 * version, or constants shared by many objects). Returns the object.
 */
export function deepFreeze<T extends object>(v: T): T {
  Object.freeze(v);
  for (const k in v) {
    const child = (v as Record<string, unknown>)[k];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
  return v;
}

export function clone<T>(v: T): T {
  return v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T);
}

/**
 * Whether two JSON values are equal (as their encodings would be, keys in the same order):
 * parts shared by reference are equal without a look, so comparing two versions of an object
 * that share most of their parts is cheap.
 */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (let i = 0; i < ka.length; i++) {
    const k = ka[i] as string;
    if (k !== kb[i] || !sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}

/** A label selector (matchLabels + matchExpressions) as a predicate. */
export function selectorMatches(selector: Json, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const l = labels ?? {};
  for (const [k, v] of Object.entries((selector.matchLabels ?? {}) as Record<string, string>)) if (l[k] !== v) return false;
  for (const e of (selector.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    const has = Object.hasOwn(l, e.key);
    const val = l[e.key];
    switch (e.operator) {
      case 'In': if (!has || !(e.values ?? []).includes(val as string)) return false; break;
      case 'NotIn': if (has && (e.values ?? []).includes(val as string)) return false; break;
      case 'Exists': if (!has) return false; break;
      case 'DoesNotExist': if (has) return false; break;
      default: return false;
    }
  }
  return true;
}

/** `app=web,tier!=db,env in (a,b)` — kubectl's -l syntax — as a predicate. */
export function parseLabelSelector(text: string): ((labels: Record<string, string> | undefined) => boolean) | string {
  const reqs = selectorRequirements(text);
  if (typeof reqs === 'string') return reqs;
  const tests = reqs.map((r): ((l: Record<string, string>) => boolean) => {
    switch (r.operator) {
      case 'Equals': return (l) => l[r.key] === r.values[0];
      case 'NotEquals': return (l) => l[r.key] !== r.values[0];
      case 'In': return (l) => r.values.includes(l[r.key] as string);
      case 'NotIn': return (l) => !r.values.includes(l[r.key] as string);
      case 'DoesNotExist': return (l) => !Object.hasOwn(l, r.key);
      default: return (l) => Object.hasOwn(l, r.key);
    }
  });
  return (labels) => tests.every((t) => t(labels ?? {}));
}

interface Requirement {
  readonly key: string;
  readonly operator: 'Equals' | 'NotEquals' | 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values: string[];
}

/** The requirements of a selector's text (`app=web,tier in (a,b),!legacy`), or the parser's error. */
function selectorRequirements(text: string): Requirement[] | string {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of text) {
    if (c === '(') depth++;
    if (c === ')') depth--;
    if (c === ',' && depth === 0) { parts.push(cur); cur = ''; } else cur += c;
  }
  if (cur.trim()) parts.push(cur);
  const reqs: Requirement[] = [];
  for (const raw of parts) {
    const p = raw.trim();
    let m: RegExpExecArray | null;
    if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(p))) {
      const [, key, op, v] = m as unknown as [string, string, string, string];
      reqs.push({ key, operator: op === '!=' ? 'NotEquals' : 'Equals', values: [v] });
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(p))) {
      const [, key, op, list] = m as unknown as [string, string, string, string];
      reqs.push({ key, operator: op === 'in' ? 'In' : 'NotIn', values: list.split(',').map((x) => x.trim()) });
    } else if ((m = /^!([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1] as string, operator: 'DoesNotExist', values: [] });
    } else if ((m = /^([\w./-]+)$/.exec(p))) {
      reqs.push({ key: m[1] as string, operator: 'Exists', values: [] });
    } else {
      return `unable to parse requirement: ${p}`;
    }
  }
  return reqs;
}

/** metav1.ParseToLabelSelector: `=`/`==` into matchLabels, the rest into matchExpressions (`!=` as NotIn). */
export function labelSelectorOf(text: string): Json | string {
  const reqs = selectorRequirements(text);
  if (typeof reqs === 'string') return reqs;
  const matchLabels: Record<string, string> = {};
  const matchExpressions: Json[] = [];
  for (const r of reqs) {
    if (r.operator === 'Equals') matchLabels[r.key] = r.values[0] as string;
    else if (r.operator === 'NotEquals') matchExpressions.push({ key: r.key, operator: 'NotIn', values: r.values });
    else matchExpressions.push({ key: r.key, operator: r.operator, ...(r.values.length ? { values: r.values } : {}) });
  }
  return { ...(Object.keys(matchLabels).length ? { matchLabels } : {}), ...(matchExpressions.length ? { matchExpressions } : {}) };
}

export function labelsToString(labels: Record<string, string> | undefined): string {
  const e = Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1));
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(',') : '<none>';
}

/** metav1.FormatLabelSelector: `app=web,tier in (a,b),!legacy`, or `<none>`. */
export function formatSelector(selector: Json): string {
  const parts = Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${v}`);
  for (const e of (selector?.matchExpressions ?? []) as Array<{ key: string; operator: string; values?: string[] }>) {
    const values = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') parts.push(`${e.key} in (${values})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${values})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

export function controllerOf(obj: KObject): OwnerReference | undefined {
  const refs = obj.metadata.ownerReferences;
  if (refs) for (let i = 0; i < refs.length; i++) if (refs[i]?.controller) return refs[i];
  return undefined;
}

/**
 * Facts about a stored object, computed once per version of it. Stored objects are frozen and
 * replaced on every write, so a WeakMap keyed by the object is an exact cache.
 */
export function memo<T>(cache: WeakMap<object, T>, obj: object, compute: () => T): T {
  let v = cache.get(obj);
  if (v === undefined) {
    v = compute();
    cache.set(obj, v);
  }
  return v;
}

/** `spec.template.spec.containers[0].image` → the value there, or undefined. */
export function fieldAt(obj: unknown, path: string): unknown {
  let v: unknown = obj;
  for (const part of path.replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean)) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}

/** Kinds whose pod template lives where (kubectl's UpdatePodSpecForObject knows the same ones). */
export const POD_SPEC_PATHS: Readonly<Record<string, string>> = {
  Pod: 'spec',
  Deployment: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
  PodTemplate: 'template.spec',
};

/** The pod spec inside an object (the object's own, not a copy), or undefined for kinds without one. */
export function podSpecOf(obj: KObject): Json {
  const path = POD_SPEC_PATHS[obj.kind];
  return path === undefined ? undefined : fieldAt(obj, path);
}

/**
 * An object's fields in its Go struct's order (what `-o json` and jsonpath print), with any field
 * the list does not name after them.
 */
export function inGoOrder(obj: Json, fields: readonly string[]): Json {
  const out: Json = {};
  for (const k of fields) if (obj[k] !== undefined) out[k] = obj[k];
  for (const k of Object.keys(obj)) if (!(k in out) && obj[k] !== undefined) out[k] = obj[k];
  return out;
}
