/**
 * Container registries: repositories → tags → manifests, and a pool of layer blobs by digest.
 * Registries decide who may pull and push; the tools turn their answers into their own messages.
 */
import type { Digest } from './digest.ts';
import type { Image } from './image.ts';

export type AccessPolicy =
  /** Anyone may pull; pushing needs a login and only into the user's own namespace (Docker Hub, ghcr.io). */
  | { readonly kind: 'public'; readonly accountsAnyPassword: true }
  /** Everything needs one of these accounts (a company's private registry). */
  | { readonly kind: 'private'; readonly accounts: Readonly<Record<string, string>> }
  /** No authentication at all: a `registry:2` container someone started on their laptop. */
  | { readonly kind: 'open' };

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export type RegistryDenial =
  /** No or wrong credentials where they are needed. */
  | 'unauthorized'
  /** Logged in, but not allowed into this repository (someone else's namespace). */
  | 'denied';

export type Resolution =
  | { readonly ok: true; readonly image: Image }
  | { readonly ok: false; readonly why: 'no-repository' | 'no-tag' | 'no-digest' | RegistryDenial };

interface Repository {
  readonly tags: Map<string, Digest>;
  readonly manifests: Set<Digest>;
}

export class Registry {
  readonly #repos = new Map<string, Repository>();
  readonly #manifests = new Map<Digest, Image>();
  readonly #blobs = new Set<Digest>();

  constructor(
    /** `docker.io`, `ghcr.io`, `registry.example.com` */
    readonly host: string,
    readonly policy: AccessPolicy,
  ) {}

  /** Check a login. Public registries accept any user name with a non-empty password. */
  authenticate(creds: Credentials): boolean {
    if (this.policy.kind === 'open') return true;
    if (!creds.username || !creds.password) return false;
    if (this.policy.kind === 'public') return /^[a-z0-9][a-z0-9_-]{1,38}$/i.test(creds.username);
    return this.policy.accounts[creds.username] === creds.password;
  }

  canPull(path: string, creds: Credentials | undefined): true | RegistryDenial {
    if (this.policy.kind !== 'private') return true;
    return creds && this.authenticate(creds) ? true : 'unauthorized';
  }

  canPush(path: string, creds: Credentials | undefined): true | RegistryDenial {
    if (this.policy.kind === 'open') return true;
    if (!creds || !this.authenticate(creds)) return 'unauthorized';
    if (this.policy.kind === 'private') return true;
    return path.split('/')[0] === creds.username.toLowerCase() ? true : 'denied';
  }

  hasRepository(path: string): boolean {
    return this.#repos.has(path);
  }

  resolve(path: string, tagOrDigest: { tag?: string | undefined; digest?: string | undefined }, creds?: Credentials): Resolution {
    const access = this.canPull(path, creds);
    if (access !== true) return { ok: false, why: access };
    const repo = this.#repos.get(path);
    if (!repo) return { ok: false, why: 'no-repository' };
    if (tagOrDigest.digest !== undefined) {
      const d = tagOrDigest.digest as Digest;
      const image = repo.manifests.has(d) ? this.#manifests.get(d) : undefined;
      return image ? { ok: true, image } : { ok: false, why: 'no-digest' };
    }
    const digest = repo.tags.get(tagOrDigest.tag ?? 'latest');
    const image = digest && this.#manifests.get(digest);
    return image ? { ok: true, image } : { ok: false, why: 'no-tag' };
  }

  hasBlob(digest: Digest): boolean {
    return this.#blobs.has(digest);
  }

  /** Which repository already holds this blob (for `Mounted from …`), if any. */
  repositoryWithBlob(digest: Digest, except: string): string | undefined {
    for (const [path, repo] of this.#repos) {
      if (path === except) continue;
      for (const m of repo.manifests) if (this.#manifests.get(m)?.layers.some((l) => l.digest === digest)) return path;
    }
    return undefined;
  }

  putBlob(digest: Digest): void {
    this.#blobs.add(digest);
  }

  /** Store an image's manifest under a tag (after its blobs). */
  putImage(path: string, tag: string | undefined, image: Image): void {
    let repo = this.#repos.get(path);
    if (!repo) {
      repo = { tags: new Map(), manifests: new Set() };
      this.#repos.set(path, repo);
    }
    for (const l of image.layers) this.#blobs.add(l.digest);
    this.#blobs.add(image.configDigest);
    this.#manifests.set(image.manifestDigest, image);
    repo.manifests.add(image.manifestDigest);
    if (tag !== undefined) repo.tags.set(tag, image.manifestDigest);
  }

  /** Repositories and their tags, sorted (for teaching views such as `registry ls`). */
  listing(): Array<{ path: string; tags: string[] }> {
    return [...this.#repos.entries()]
      .map(([path, r]) => ({ path, tags: [...r.tags.keys()].sort() }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  tagsOf(path: string): string[] {
    return [...(this.#repos.get(path)?.tags.keys() ?? [])].sort();
  }
}
