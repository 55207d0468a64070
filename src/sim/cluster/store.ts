/**
 * An etcd-like store: keys such as `/registry/pods/default/web`, a global revision that every
 * write bumps, and each object's resourceVersion set to the revision of its last write. The
 * components never call each other: they read and write here, as in the real cluster.
 *
 * Stored objects are frozen. `list` hands out those frozen objects without copying (a cluster of
 * thousands of pods is listed many times a second); `get` returns a private copy to change and
 * `put` back. Keys are indexed by every parent folder, so listing a prefix never scans the rest.
 */
import { clone, type KObject } from './objects.ts';

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

/** The folders above a key, outermost first; cached per folder (there are few), not per key. */
const parentCache = new Map<string, string[]>();

function parents(key: string): string[] {
  const dir = key.slice(0, key.lastIndexOf('/'));
  let out = parentCache.get(dir);
  if (!out) {
    out = [];
    for (let i = key.indexOf('/', 1); i > 0 && i <= dir.length; i = key.indexOf('/', i + 1)) out.push(key.slice(0, i));
    if (parentCache.size > 10_000) parentCache.clear();
    parentCache.set(dir, out);
  }
  return out;
}

/** An index over one folder (like a client-go informer's indexer): object → bucket value. */
interface Index {
  readonly prefix: string;
  readonly fn: (obj: KObject) => string | undefined;
  readonly buckets: Map<string, Map<string, KObject>>;
  readonly versions: Map<string, number>;
}

export class Store {
  readonly #indexes = new Map<string, Index>();

  /** Keep objects under `prefix` grouped by `fn` (e.g. pods by node), updated on every write. */
  addIndex(name: string, prefix: string, fn: (obj: KObject) => string | undefined): void {
    const index: Index = { prefix: `${prefix}/`, fn, buckets: new Map(), versions: new Map() };
    this.#indexes.set(name, index);
    for (const k of this.keys(prefix)) this.#indexAdd(index, k, this.#data.get(k)?.value as KObject);
  }

  /** The objects in one bucket of an index (frozen; in the order they arrived). */
  bucket(name: string, value: string): ReadonlyMap<string, KObject> {
    return this.#indexes.get(name)?.buckets.get(value) ?? new Map();
  }

  /** Bumped on every change to a bucket: a reader can tell it has nothing new to look at. */
  bucketVersion(name: string, value: string): number {
    return this.#indexes.get(name)?.versions.get(value) ?? 0;
  }

  #indexAdd(index: Index, key: string, obj: KObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    let b = index.buckets.get(v);
    if (!b) { b = new Map(); index.buckets.set(v, b); }
    b.set(key, obj);
    index.versions.set(v, (index.versions.get(v) ?? 0) + 1);
  }

  #indexRemove(index: Index, key: string, obj: KObject): void {
    const v = index.fn(obj);
    if (v === undefined) return;
    if (index.buckets.get(v)?.delete(key)) index.versions.set(v, (index.versions.get(v) ?? 0) + 1);
  }

  #reindex(key: string, prev: KObject | undefined, next: KObject | undefined): void {
    for (const index of this.#indexes.values()) {
      if (!key.startsWith(index.prefix)) continue;
      if (prev) this.#indexRemove(index, key, prev);
      if (next) this.#indexAdd(index, key, next);
    }
  }

  #revision = 1;
  readonly #data = new Map<string, { value: KObject; createRevision: number; modRevision: number }>();
  /** Folder → keys directly or indirectly under it. */
  readonly #dirs = new Map<string, Set<string>>();
  /** Per folder: how many writes (any change) and how many key additions/removals it has seen. */
  readonly #changes = new Map<string, number>();
  readonly #membership = new Map<string, number>();
  /** Sorted keys per folder, rebuilt only when keys come or go (not on every update). */
  readonly #sorted = new Map<string, string[]>();

  get revision(): number {
    return this.#revision;
  }

  /**
   * Counters a component can compare between passes to know whether anything it watches moved
   * (the way an informer only wakes a controller on change): every write, or only keys coming and going.
   */
  changes(prefix: string): number {
    return this.#changes.get(prefix) ?? 0;
  }

  membership(prefix: string): number {
    return this.#membership.get(prefix) ?? 0;
  }

  /** A copy the caller may change and `put` back. */
  get(key: string): KObject | undefined {
    const e = this.#data.get(key);
    return e ? clone(e.value) : undefined;
  }

  /** The stored (frozen) object itself: read it, never change it. */
  peek(key: string): Readonly<KObject> | undefined {
    return this.#data.get(key)?.value;
  }

  /**
   * Write an object; returns the stored (frozen) object with its new resourceVersion. The store
   * takes ownership of what it is given (writers build a fresh object or change a `get` copy), so
   * it freezes that object in place; an already frozen one is copied first.
   */
  put(key: string, value: KObject): KObject {
    this.#revision++;
    const prev = this.#data.get(key);
    const stored = Object.isFrozen(value) || Object.isFrozen(value.metadata) ? clone(value) : value;
    for (const d of parents(key)) {
      this.#changes.set(d, (this.#changes.get(d) ?? 0) + 1);
      if (!prev) this.#membership.set(d, (this.#membership.get(d) ?? 0) + 1);
    }
    stored.metadata.resourceVersion = String(this.#revision);
    deepFreeze(stored);
    this.#data.set(key, { value: stored, createRevision: prev?.createRevision ?? this.#revision, modRevision: this.#revision });
    if (this.#indexes.size) this.#reindex(key, prev?.value, stored);
    if (!prev) {
      for (const d of parents(key)) {
        let s = this.#dirs.get(d);
        if (!s) { s = new Set(); this.#dirs.set(d, s); }
        s.add(key);
        this.#sorted.delete(d);
      }
    }
    return stored;
  }

  delete(key: string): boolean {
    const prev = this.#data.get(key);
    if (!prev) return false;
    this.#revision++;
    this.#data.delete(key);
    if (this.#indexes.size) this.#reindex(key, prev.value, undefined);
    for (const d of parents(key)) {
      this.#dirs.get(d)?.delete(key);
      this.#sorted.delete(d);
      this.#changes.set(d, (this.#changes.get(d) ?? 0) + 1);
      this.#membership.set(d, (this.#membership.get(d) ?? 0) + 1);
    }
    return true;
  }

  readonly #lists = new Map<string, { version: number; items: readonly KObject[] }>();

  /**
   * Objects under a prefix, in key order (as etcd ranges return them); frozen, not copied. The
   * (frozen) array is reused until something under the prefix changes.
   */
  list(prefix: string): KObject[] {
    const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const version = this.#changes.get(p) ?? 0;
    const cached = this.#lists.get(p);
    if (cached && cached.version === version && !this.#data.has(p)) return cached.items as KObject[];
    const items = Object.freeze(this.keys(p).map((k) => this.#data.get(k)?.value as KObject));
    this.#lists.set(p, { version, items });
    return items as KObject[];
  }

  keys(prefix: string): string[] {
    const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    if (this.#data.has(p)) return [p];
    let sorted = this.#sorted.get(p);
    if (!sorted) {
      sorted = [...(this.#dirs.get(p) ?? [])].sort();
      this.#sorted.set(p, sorted);
    }
    return sorted;
  }
}
