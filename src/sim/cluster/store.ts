/**
 * An etcd-like store: keys such as `/registry/pods/default/web`, a global revision that every
 * write bumps, and each object's resourceVersion set to the revision of its last write. The
 * components never call each other: they read and write here, as in the real cluster.
 */
import { clone, type KObject } from './objects.ts';

interface Entry {
  readonly value: KObject;
  readonly createRevision: number;
  readonly modRevision: number;
}

export class Store {
  #revision = 1;
  readonly #data = new Map<string, Entry>();

  get revision(): number {
    return this.#revision;
  }

  get(key: string): KObject | undefined {
    const e = this.#data.get(key);
    return e ? clone(e.value) : undefined;
  }

  /** Write an object; returns the stored copy with its new resourceVersion. */
  put(key: string, value: KObject): KObject {
    this.#revision++;
    const prev = this.#data.get(key);
    const stored = clone(value);
    stored.metadata.resourceVersion = String(this.#revision);
    this.#data.set(key, { value: stored, createRevision: prev?.createRevision ?? this.#revision, modRevision: this.#revision });
    return clone(stored);
  }

  delete(key: string): boolean {
    if (!this.#data.has(key)) return false;
    this.#revision++;
    this.#data.delete(key);
    return true;
  }

  /** Objects under a prefix, in key order (as etcd ranges return them). */
  list(prefix: string): KObject[] {
    return this.keys(prefix).map((k) => clone((this.#data.get(k) as Entry).value));
  }

  keys(prefix: string): string[] {
    const p = prefix.endsWith('/') ? prefix : `${prefix}/`;
    return [...this.#data.keys()].filter((k) => k.startsWith(p) || k === prefix).sort();
  }
}
