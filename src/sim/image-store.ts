/**
 * A machine's local image store (Docker's on the laptop, Buildah's, a node's containerd cache):
 * images by id, names (`docker.io/library/nginx:latest`) pointing at ids, and the layers present.
 */
import type { Digest } from './digest.ts';
import { hexOf } from './digest.ts';
import { chainIds, type Image } from './image.ts';
import { canonical, familiar, parseReference, repositoryName, withDefaultTag, type ImageRef } from './image-ref.ts';

export interface StoredImage {
  readonly image: Image;
  /** Canonical names: `docker.io/library/nginx:latest`. */
  readonly tags: string[];
  /** `docker.io/library/nginx@sha256:…` for every registry it was pulled from or pushed to. */
  readonly repoDigests: string[];
  /** When it arrived in this store (builds: build time; pulls: the image's own created time is used for CREATED). */
  readonly addedAt: number;
}

export class ImageStore {
  readonly #images = new Map<Digest, StoredImage>();
  readonly #names = new Map<string, Digest>();
  readonly #layers = new Set<Digest>();

  hasLayer(digest: Digest): boolean {
    return this.#layers.has(digest);
  }

  /** Add an image (or find it) and point `ref` at it; a name that pointed elsewhere moves, as `docker tag` does. */
  add(image: Image, ref: ImageRef | undefined, addedAt: number): StoredImage {
    let stored = this.#images.get(image.id);
    if (!stored) {
      stored = { image, tags: [], repoDigests: [], addedAt };
      this.#images.set(image.id, stored);
    }
    for (const l of image.layers) this.#layers.add(l.digest);
    if (ref) this.tag(stored, ref);
    return stored;
  }

  tag(stored: StoredImage, ref: ImageRef): void {
    if (ref.digest !== undefined) {
      const rd = `${repositoryName(ref)}@${ref.digest}`;
      if (!stored.repoDigests.includes(rd)) stored.repoDigests.push(rd);
      return;
    }
    const name = canonical(withDefaultTag(ref));
    const previous = this.#names.get(name);
    if (previous && previous !== stored.image.id) {
      const old = this.#images.get(previous);
      if (old) old.tags.splice(old.tags.indexOf(name), 1);
    }
    this.#names.set(name, stored.image.id);
    if (!stored.tags.includes(name)) stored.tags.push(name);
  }

  addRepoDigest(stored: StoredImage, ref: ImageRef): void {
    const rd = `${repositoryName(ref)}@${stored.image.manifestDigest}`;
    if (!stored.repoDigests.includes(rd)) stored.repoDigests.push(rd);
  }

  /** Find by name (`nginx`, `me/app:1.0`, `nginx@sha256:…`) or by an id prefix (`sha256:ab12…`, `ab12`). */
  find(text: string): StoredImage | undefined {
    const idPrefix = /^(sha256:)?([a-f0-9]{4,64})$/.exec(text);
    if (idPrefix) {
      const hex = idPrefix[2] as string;
      const matches = [...this.#images.values()].filter((s) => hexOf(s.image.id).startsWith(hex));
      if (matches.length === 1) return matches[0];
    }
    let ref: ImageRef;
    try {
      ref = parseReference(text);
    } catch {
      return undefined;
    }
    return this.findRef(ref);
  }

  findRef(ref: ImageRef): StoredImage | undefined {
    if (ref.digest !== undefined) {
      const rd = `${repositoryName(ref)}@${ref.digest}`;
      return [...this.#images.values()].find((s) => s.repoDigests.includes(rd));
    }
    const id = this.#names.get(canonical(withDefaultTag(ref)));
    return id ? this.#images.get(id) : undefined;
  }

  /** Remove one name; the image goes when it has no names left. Returns what was untagged and deleted. */
  untag(name: string): { untagged: string; deleted: StoredImage | undefined } | undefined {
    const id = this.#names.get(name);
    if (!id) return undefined;
    const stored = this.#images.get(id) as StoredImage;
    this.#names.delete(name);
    stored.tags.splice(stored.tags.indexOf(name), 1);
    if (stored.tags.length === 0) {
      this.#images.delete(id);
      this.#dropUnusedLayers();
      return { untagged: name, deleted: stored };
    }
    return { untagged: name, deleted: undefined };
  }

  /** Remove an image whatever its names. */
  remove(stored: StoredImage): void {
    for (const t of [...stored.tags]) this.#names.delete(t);
    this.#images.delete(stored.image.id);
    this.#dropUnusedLayers();
  }

  /** Every name of an image (tags and digest references, canonical), in the reference store's order: familiar names sorted. */
  references(stored: StoredImage): string[] {
    const name = (r: string): string => familiar(parseReference(r));
    return [...stored.tags, ...stored.repoDigests].sort((a, b) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
  }

  /** Drop one reference (a canonical tag or `repo@sha256:…`); the image stays, even with no names left. */
  deleteReference(ref: string): void {
    const id = this.#names.get(ref);
    if (id) {
      this.#names.delete(ref);
      const s = this.#images.get(id);
      if (s && s.tags.includes(ref)) s.tags.splice(s.tags.indexOf(ref), 1);
      return;
    }
    for (const s of this.#images.values()) if (s.repoDigests.includes(ref)) s.repoDigests.splice(s.repoDigests.indexOf(ref), 1);
  }

  /** Delete an image and return the chainIDs of the layers no other image still uses, top first. */
  removeImage(stored: StoredImage): string[] {
    for (const t of [...stored.tags]) this.#names.delete(t);
    this.#images.delete(stored.image.id);
    this.#dropUnusedLayers();
    const kept = new Set([...this.#images.values()].flatMap((s) => chainIds(s.image)));
    return chainIds(stored.image).filter((c) => !kept.has(c)).reverse();
  }

  #dropUnusedLayers(): void {
    this.#layers.clear();
    for (const s of this.#images.values()) for (const l of s.image.layers) this.#layers.add(l.digest);
  }

  all(): StoredImage[] {
    return [...this.#images.values()];
  }
}
