/**
 * An etcd-like store: keys such as `/registry/pods/default/web`, a global revision that every
 * write bumps, and each object's resourceVersion set to the revision of its last write. The
 * components never call each other: they read and write here, as in the real cluster.
 *
 * Stored objects are frozen. `list` hands out those frozen objects without copying (a cluster of
 * thousands of pods is listed many times a second); `get` returns a private copy to change and
 * `put` back. Each key is filed in its own folder, and every folder above it counts the writes
 * under it, so listing a prefix never scans the rest and a reader can tell when nothing moved.
 */
import { clone, type KObject } from './objects.ts';

/** Freeze an object and everything in it, stopping at parts already frozen (shared with an older version). */
function deepFreeze(v: object): void {
  Object.freeze(v);
  for (const k in v) {
    const child = (v as Record<string, unknown>)[k];
    if (typeof child === 'object' && child !== null && !Object.isFrozen(child)) deepFreeze(child);
  }
}

/** One folder of keys (`/registry/pods/default`): its own keys, its subfolders, its counters. */
class Folder {
  /** Writes anywhere under this folder. */
  changes = 0;
  /** Keys coming or going anywhere under this folder. */
  membership = 0;
  /** Keys directly in this folder (not in its subfolders). */
  readonly keys = new Set<string>();
  readonly subfolders: Folder[] = [];
  /** Every key under the folder in key order, as of the membership count `sortedAt`. */
  sorted: string[] | undefined;
  sortedAt = -1;
  /** The objects under the folder in key order, as of the change count `listedAt`. */
  listed: readonly KObject[] | undefined;
  listedAt = -1;
}

/** An index over one folder (like a client-go informer's indexer): object → bucket value. */
interface Index {
  readonly prefix: string;
  readonly fn: (obj: KObject) => string | undefined;
  readonly buckets: Map<string, Map<string, KObject>>;
  readonly versions: Map<string, number>;
}

const NO_OBJECTS: ReadonlyMap<string, KObject> = new Map();

export class Store {
  #revision = 1;
  readonly #data = new Map<string, KObject>();
  readonly #folders = new Map<string, Folder>();
  /** A key's folder path → that folder and every folder above it, outermost first. */
  readonly #chains = new Map<string, Folder[]>();
  readonly #indexes = new Map<string, Index>();

  /** Keep objects under `prefix` grouped by `fn` (e.g. pods by node), updated on every write. */
  addIndex(name: string, prefix: string, fn: (obj: KObject) => string | undefined): void {
    const index: Index = { prefix: `${prefix}/`, fn, buckets: new Map(), versions: new Map() };
    this.#indexes.set(name, index);
    for (const k of this.keys(prefix)) this.#indexAdd(index, k, this.#data.get(k) as KObject);
  }

  /** The objects in one bucket of an index (frozen; in the order they arrived). */
  bucket(name: string, value: string): ReadonlyMap<string, KObject> {
    return this.#indexes.get(name)?.buckets.get(value) ?? NO_OBJECTS;
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

  #folder(path: string): Folder {
    let f = this.#folders.get(path);
    if (!f) {
      f = new Folder();
      this.#folders.set(path, f);
      const up = path.lastIndexOf('/');
      if (up > 0) this.#folder(path.slice(0, up)).subfolders.push(f);
    }
    return f;
  }

  /** The folder a key is filed in and every folder above it, outermost first (cached per folder: there are few). */
  #chain(key: string): Folder[] {
    const dir = key.slice(0, key.lastIndexOf('/'));
    let chain = this.#chains.get(dir);
    if (!chain) {
      chain = [];
      for (let i = key.indexOf('/', 1); i > 0 && i <= dir.length; i = key.indexOf('/', i + 1)) chain.push(this.#folder(key.slice(0, i)));
      this.#chains.set(dir, chain);
    }
    return chain;
  }

  get revision(): number {
    return this.#revision;
  }

  /**
   * Counters a component can compare between passes to know whether anything it watches moved
   * (the way an informer only wakes a controller on change): every write, or only keys coming and going.
   */
  changes(prefix: string): number {
    return this.#folders.get(prefix)?.changes ?? 0;
  }

  membership(prefix: string): number {
    return this.#folders.get(prefix)?.membership ?? 0;
  }

  /** A copy the caller may change and `put` back. */
  get(key: string): KObject | undefined {
    const v = this.#data.get(key);
    return v ? clone(v) : undefined;
  }

  /** The stored (frozen) object itself: read it, never change it. */
  peek(key: string): Readonly<KObject> | undefined {
    return this.#data.get(key);
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
    stored.metadata.resourceVersion = String(this.#revision);
    deepFreeze(stored);
    this.#data.set(key, stored);
    const chain = this.#chain(key);
    for (const f of chain) {
      f.changes++;
      if (!prev) f.membership++;
    }
    if (!prev) (chain[chain.length - 1] as Folder).keys.add(key);
    if (this.#indexes.size) this.#reindex(key, prev, stored);
    return stored;
  }

  delete(key: string): boolean {
    const prev = this.#data.get(key);
    if (!prev) return false;
    this.#revision++;
    this.#data.delete(key);
    if (this.#indexes.size) this.#reindex(key, prev, undefined);
    const chain = this.#chain(key);
    for (const f of chain) {
      f.changes++;
      f.membership++;
    }
    (chain[chain.length - 1] as Folder).keys.delete(key);
    return true;
  }

  /**
   * Objects under a prefix, in key order (as etcd ranges return them); frozen, not copied. The
   * (frozen) array is reused until something under the prefix changes.
   */
  list(prefix: string): KObject[] {
    const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const one = this.#data.get(p);
    if (one) return [one];
    const f = this.#folders.get(p);
    if (!f) return [];
    if (f.listed === undefined || f.listedAt !== f.changes) {
      f.listed = Object.freeze(this.keys(p).map((k) => this.#data.get(k) as KObject));
      f.listedAt = f.changes;
    }
    return f.listed as KObject[];
  }

  /**
   * Keys in key order: a folder's (`/registry/pods`, with or without the last slash), or else
   * every key that begins with `prefix` (`/registry/po`), as `etcdctl get --prefix` reads them.
   */
  keys(prefix: string): string[] {
    const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const f = this.#data.has(p) ? undefined : this.#folders.get(p);
    if (!f) return [...this.#data.keys()].filter((k) => k.startsWith(prefix)).sort();
    if (f.sorted === undefined || f.sortedAt !== f.membership) {
      const all: string[] = [];
      const gather = (g: Folder): void => {
        for (const k of g.keys) all.push(k);
        for (const s of g.subfolders) gather(s);
      };
      gather(f);
      f.sorted = all.sort();
      f.sortedAt = f.membership;
    }
    return f.sorted;
  }
}
