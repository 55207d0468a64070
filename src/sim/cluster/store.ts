/**
 * An etcd-like store: keys such as `/registry/pods/default/web`, a global revision that every
 * write bumps, and each object's resourceVersion set to the revision of its last write. The
 * components never call each other: they read and write here, as in the real cluster.
 *
 * Stored objects are frozen. `list` hands out those frozen objects without copying (a cluster of
 * thousands of pods is listed many times a second); `get` returns a private copy to change and
 * `put` back. Each key is filed in its own folder, and every folder above it counts the writes
 * under it, so listing a prefix never scans the rest and a reader can tell when nothing moved.
 * A watcher (`watch`) is told every write and delete under its prefix, in revision order, as an
 * etcd watch tells the API server's watch cache.
 */
import { clone, deepFreeze, type KObject } from './objects.ts';

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

/**
 * One bucket of an index: the objects in it, a version bumped on any change, how many of them
 * fall in each class of the index's `classify` (e.g. pods that are active and ready), kept
 * current on every write so a controller never recounts, and (with `queue`) the keys that changed.
 */
export class Bucket {
  readonly objects = new Map<string, KObject>();
  /** Bumped on any change to the bucket: a reader can tell it has nothing new to look at. */
  version = 0;
  readonly counts: number[] = [];
  /** Keys changed since the bucket's reader last took them (for an index made with `queue`). */
  readonly #queue = new Set<string>();

  /**
   * The keys of objects that changed, came or went since the last call, in key order: the bucket's
   * work queue, as an informer's event handlers feed a controller's (one reader per bucket).
   */
  take(): string[] {
    const keys = [...this.#queue].sort();
    this.#queue.clear();
    return keys;
  }

  /** Note a change to `key` for the reader of `take`. */
  queue(key: string): void {
    this.#queue.add(key);
  }
}

/** An index over one folder (like a client-go informer's indexer): object → bucket value. */
interface Index {
  readonly prefix: string;
  readonly fn: (obj: KObject) => string | undefined;
  readonly classify: ((obj: KObject) => number) | undefined;
  readonly queue: boolean;
  readonly buckets: Map<string, Bucket>;
}

export interface IndexOptions {
  /** Also count each bucket's objects per class (a small number from 0 up). */
  readonly classify?: (obj: KObject) => number;
  /** Keep a work queue of changed keys per bucket (`Bucket.take`). */
  readonly queue?: boolean;
}

const EMPTY_BUCKET = new Bucket();

/** One write or delete, as an etcd watch delivers it. */
export interface StoreChange {
  readonly type: 'ADDED' | 'MODIFIED' | 'DELETED';
  readonly key: string;
  /** The object as stored; for DELETED, its last state with the deletion's revision as resourceVersion. */
  readonly object: KObject;
  /** The object before this change (etcd's prevKV), absent for ADDED. */
  readonly previous: KObject | undefined;
}

interface Watcher {
  readonly prefix: string;
  readonly fn: (change: StoreChange) => void;
}

export class Store {
  #revision = 1;
  readonly #data = new Map<string, KObject>();
  readonly #folders = new Map<string, Folder>();
  /** A key's folder path → that folder and every folder above it, outermost first. */
  readonly #chains = new Map<string, Folder[]>();
  readonly #indexes = new Map<string, Index>();
  /** The same indexes as a list, walked on every write. */
  readonly #indexList: Index[] = [];
  /** Who is told of every change (usually nobody: a write then costs one length check). */
  #watchers: Watcher[] = [];

  /** Keep objects under `prefix` grouped by `fn` (e.g. pods by node), updated on every write. */
  addIndex(name: string, prefix: string, fn: (obj: KObject) => string | undefined, options: IndexOptions = {}): void {
    const index: Index = { prefix: `${prefix}/`, fn, classify: options.classify, queue: options.queue ?? false, buckets: new Map() };
    this.#indexes.set(name, index);
    this.#indexList.push(index);
    for (const k of this.keys(prefix)) this.#reindex(index, k, undefined, this.#data.get(k) as KObject);
  }

  /** One bucket of an index: read it, never change it. */
  bucket(name: string, value: string): Bucket {
    return this.#indexes.get(name)?.buckets.get(value) ?? EMPTY_BUCKET;
  }

  #reindex(index: Index, key: string, prev: KObject | undefined, next: KObject | undefined): void {
    const from = prev ? index.fn(prev) : undefined;
    const to = next ? index.fn(next) : undefined;
    if (from !== undefined) {
      const b = index.buckets.get(from) as Bucket;
      if (index.classify) (b.counts[index.classify(prev as KObject)] as number)--;
      // Staying in the same bucket keeps its place (Map.set on an existing key); moving out does not.
      if (from !== to) b.objects.delete(key);
      if (index.queue) b.queue(key);
      b.version++;
    }
    if (to !== undefined) {
      let b = index.buckets.get(to);
      if (!b) { b = new Bucket(); index.buckets.set(to, b); }
      b.objects.set(key, next as KObject);
      if (index.classify) {
        const c = index.classify(next as KObject);
        while (b.counts.length <= c) b.counts.push(0);
        (b.counts[c] as number)++;
      }
      if (from !== to) b.version++;
      if (index.queue) b.queue(key);
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

  /**
   * Tell `fn` of every write and delete of a key that begins with `prefix`, in revision order,
   * from now until the returned function is called.
   */
  watch(prefix: string, fn: (change: StoreChange) => void): () => void {
    const watcher: Watcher = { prefix, fn };
    this.#watchers = [...this.#watchers, watcher];
    return () => { this.#watchers = this.#watchers.filter((w) => w !== watcher); };
  }

  #notify(key: string, type: StoreChange['type'], object: KObject, previous: KObject | undefined): void {
    for (const w of this.#watchers) if (key.startsWith(w.prefix)) w.fn({ type, key, object, previous });
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
    // Indexed loops: a for-of allocates an iterator, and this runs on every write.
    for (let i = 0; i < chain.length; i++) {
      const f = chain[i] as Folder;
      f.changes++;
      if (!prev) f.membership++;
    }
    if (!prev) (chain[chain.length - 1] as Folder).keys.add(key);
    for (let i = 0; i < this.#indexList.length; i++) {
      const index = this.#indexList[i] as Index;
      if (key.startsWith(index.prefix)) this.#reindex(index, key, prev, stored);
    }
    if (this.#watchers.length > 0) this.#notify(key, prev ? 'MODIFIED' : 'ADDED', stored, prev);
    return stored;
  }

  delete(key: string): boolean {
    const prev = this.#data.get(key);
    if (!prev) return false;
    this.#revision++;
    this.#data.delete(key);
    for (const index of this.#indexList) if (key.startsWith(index.prefix)) this.#reindex(index, key, prev, undefined);
    const chain = this.#chain(key);
    for (const f of chain) {
      f.changes++;
      f.membership++;
    }
    (chain[chain.length - 1] as Folder).keys.delete(key);
    if (this.#watchers.length > 0) {
      const last = clone(prev);
      last.metadata.resourceVersion = String(this.#revision);
      this.#notify(key, 'DELETED', deepFreeze(last), prev);
    }
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
   * every key that begins with `prefix` (see `range`).
   */
  keys(prefix: string): string[] {
    const p = prefix.endsWith('/') ? prefix.slice(0, -1) : prefix;
    const f = this.#data.has(p) ? undefined : this.#folders.get(p);
    if (!f) return this.range(prefix);
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

  /**
   * Every key that begins with `prefix`, in key order, as etcd reads a range: `/registry/po` has
   * the pods and more, and `/registry/pods/dev` has namespace `dev2`'s pods too.
   */
  range(prefix: string): string[] {
    if (prefix.endsWith('/') && this.#folders.has(prefix.slice(0, -1)) && !this.#data.has(prefix.slice(0, -1))) return this.keys(prefix);
    const out: string[] = [];
    for (const k of this.#data.keys()) if (k.startsWith(prefix)) out.push(k);
    return out.sort();
  }
}
