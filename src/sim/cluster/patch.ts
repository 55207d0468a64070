/**
 * The three patch types the API server applies to a stored object (staging/src/k8s.io/apiserver
 * pkg/endpoints/handlers/patch.go):
 * - JSON patch (RFC 6902, evanphx/json-patch): add, remove, replace, move, copy, test on JSON
 *   pointers; any failure is the server's 422, which kubectl prints as `The request is invalid:
 *   the server rejected our request due to an error in our request`.
 * - JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, lists are replaced.
 * - Strategic merge patch (k8s.io/apimachinery pkg/util/strategicpatch), kubectl's default for
 *   built-in types: a merge patch where the lists the Go types mark `patchStrategy:"merge"` merge
 *   item by item on their `patchMergeKey` (containers by name, a container's ports by
 *   containerPort, a Service's ports by port…), and `$patch: delete|replace` directives.
 */
import { clone, type Json } from './objects.ts';

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** RFC 7386. */
export function mergePatch(target: unknown, patch: unknown): unknown {
  if (!isObject(patch)) return clone(patch);
  const out: Json = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === null) delete out[k];
    else out[k] = mergePatch(out[k], v);
  }
  return out;
}

/**
 * The lists the built-in Go types merge by key (their `patchMergeKey`), by the field's name and,
 * where one name has two meanings, its parent's. Lists not named here are replaced whole.
 */
function mergeKeyOf(path: readonly string[]): string | undefined {
  const field = path.at(-1);
  const parent = path.at(-2);
  switch (field) {
    case 'containers': case 'initContainers': case 'ephemeralContainers': case 'volumes': case 'env': case 'imagePullSecrets': case 'resourceClaims': return 'name';
    case 'secrets': return parent === undefined ? 'name' : undefined; // ServiceAccount.secrets
    case 'ports': return parent === 'containers' || parent === 'initContainers' || parent === 'ephemeralContainers' ? 'containerPort' : 'port';
    case 'volumeMounts': return 'mountPath';
    case 'volumeDevices': return 'devicePath';
    case 'ownerReferences': return 'uid';
    case 'conditions': return 'type';
    case 'hostAliases': return 'ip';
    case 'topologySpreadConstraints': return 'topologyKey';
    default: return undefined;
  }
}

/** Lists of scalars the types merge as sets (`patchStrategy:"merge"` on a []string). */
const SET_LISTS: ReadonlySet<string> = new Set(['finalizers']);

/** A strategic merge patch of `patch` onto `target`; `path` is where they sit (field names only). */
export function strategicMergePatch(target: unknown, patch: unknown, path: readonly string[] = []): unknown {
  if (!isObject(patch)) return clone(patch);
  if (patch.$patch === 'replace') {
    const { $patch: _, ...rest } = patch;
    return stripDirectives(rest);
  }
  if (patch.$patch === 'delete') return undefined;
  const out: Json = isObject(target) ? clone(target) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('$')) continue;
    if (v === null) { delete out[k]; continue; }
    const here = [...path, k];
    if (Array.isArray(v)) {
      const merged = mergeList(out[k], v, here);
      if (merged === undefined) delete out[k]; else out[k] = merged;
      continue;
    }
    const merged = strategicMergePatch(out[k], v, here);
    if (merged === undefined) delete out[k]; else out[k] = merged;
  }
  return out;
}

function stripDirectives(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!isObject(v)) return v;
  return Object.fromEntries(Object.entries(v).filter(([k]) => !k.startsWith('$')).map(([k, x]) => [k, stripDirectives(x)]));
}

function mergeList(target: unknown, patch: unknown[], path: readonly string[]): unknown[] | undefined {
  const field = path.at(-1) as string;
  const current = Array.isArray(target) ? clone(target) : [];
  if (SET_LISTS.has(field)) return [...current, ...patch.filter((x) => !current.includes(x))];
  const key = mergeKeyOf(path);
  if (!key || !patch.every(isObject)) return stripDirectives(patch) as unknown[];
  // A `$patch: replace` item replaces the whole list with the patch's other items.
  if (patch.some((p) => (p as Json).$patch === 'replace')) return stripDirectives(patch.filter((p) => (p as Json).$patch !== 'replace')) as unknown[];
  const out = current as Json[];
  for (const item of patch as Json[]) {
    const at = out.findIndex((x) => isObject(x) && x[key] === item[key]);
    if (item.$patch === 'delete') { if (at >= 0) out.splice(at, 1); continue; }
    if (at >= 0) out[at] = strategicMergePatch(out[at], item, path) as Json;
    else out.push(stripDirectives(item) as Json);
  }
  return out;
}

/** RFC 6901: `/a/b~1c` → ['a', 'b/c']. */
function pointer(path: string): string[] | undefined {
  if (path === '') return [];
  if (!path.startsWith('/')) return undefined;
  return path.slice(1).split('/').map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Why an operation could not apply: its path's parent is missing, its target is, a test failed, an unknown op. */
export type PatchFailureKind = 'missing-parent' | 'missing-target' | 'test' | 'unknown-op';

class PatchFailure extends Error {
  constructor(message: string, readonly kind: PatchFailureKind = 'missing-target') { super(message); }
}

/** The container a pointer's last token lives in, and that token. */
function locate(doc: unknown, tokens: string[]): { parent: unknown; last: string } {
  let cur = doc;
  for (const t of tokens.slice(0, -1)) {
    if (Array.isArray(cur)) {
      const i = Number(t);
      if (!/^\d+$/.test(t) || i >= cur.length) throw new PatchFailure(`index out of range: ${t}`, 'missing-parent');
      cur = cur[i];
    } else if (isObject(cur) && t in cur) {
      cur = cur[t];
    } else {
      throw new PatchFailure(`doc is missing path: ${t}`, 'missing-parent');
    }
  }
  return { parent: cur, last: tokens.at(-1) as string };
}

function getAt(doc: unknown, tokens: string[]): unknown {
  if (tokens.length === 0) return doc;
  const { parent, last } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    if (!/^\d+$/.test(last) || Number(last) >= parent.length) throw new PatchFailure(`index out of range: ${last}`);
    return parent[Number(last)];
  }
  if (isObject(parent) && last in parent) return parent[last];
  throw new PatchFailure(`doc is missing key: ${last}`);
}

function removeAt(doc: unknown, tokens: string[]): unknown {
  const { parent, last } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    const i = Number(last);
    if (!/^\d+$/.test(last) || i >= parent.length) throw new PatchFailure(`index out of range: ${last}`);
    return parent.splice(i, 1)[0];
  }
  if (isObject(parent) && last in parent) { const v = parent[last]; delete parent[last]; return v; }
  throw new PatchFailure(`doc is missing key: ${last}`);
}

function addAt(doc: unknown, tokens: string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const { parent, last } = locate(doc, tokens);
  if (Array.isArray(parent)) {
    if (last === '-') { parent.push(value); return doc; }
    const i = Number(last);
    if (!/^\d+$/.test(last) || i > parent.length) throw new PatchFailure(`index out of range: ${last}`);
    parent.splice(i, 0, value);
    return doc;
  }
  if (!isObject(parent)) throw new PatchFailure(`doc is missing path: ${last}`, 'missing-parent');
  parent[last] = value;
  return doc;
}

/** RFC 6902; on failure, why (the server answers 422 whatever it is). */
export function jsonPatch(doc: unknown, ops: unknown): { ok: true; value: unknown } | { ok: false; failure: string; kind: PatchFailureKind; op: Json } {
  if (!Array.isArray(ops)) return { ok: false, failure: 'json: cannot unmarshal object into Go value of type jsonpatch.Patch', kind: 'unknown-op', op: {} };
  let cur = clone(doc);
  let current: Json = {};
  try {
    for (const op of ops as Json[]) {
      current = op;
      const tokens = pointer(String(op?.path ?? ''));
      if (!tokens) throw new PatchFailure(`invalid path: ${op?.path}`);
      switch (op?.op) {
        case 'add': cur = addAt(cur, tokens, clone(op.value)); break;
        case 'remove': removeAt(cur, tokens); break;
        case 'replace': getAt(cur, tokens); if (tokens.length === 0) cur = clone(op.value); else { removeAt(cur, tokens); cur = addAt(cur, tokens, clone(op.value)); } break;
        case 'move': case 'copy': {
          const from = pointer(String(op.from ?? ''));
          if (!from) throw new PatchFailure(`invalid from: ${op.from}`);
          const v = op.op === 'move' ? removeAt(cur, from) : clone(getAt(cur, from));
          cur = addAt(cur, tokens, v);
          break;
        }
        case 'test': if (JSON.stringify(getAt(cur, tokens)) !== JSON.stringify(op.value)) throw new PatchFailure('testing value failed', 'test'); break;
        default: throw new PatchFailure(`unexpected operation: ${op?.op}`, 'unknown-op');
      }
    }
  } catch (e) {
    if (e instanceof PatchFailure) return { ok: false, failure: e.message, kind: e.kind, op: current };
    throw e;
  }
  return { ok: true, value: cur };
}
