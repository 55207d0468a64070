/**
 * The registry client every tool shares (Docker's engine, Buildah, Kaniko, later the kubelet's
 * runtime): resolve a reference in the right registry with the machine's credentials, and move
 * only the blobs the other side lacks. That is why a second pull says `Already exists` and a
 * second push says `Layer already exists`.
 */
import type { Digest } from './digest.ts';
import type { Image, Layer } from './image.ts';
import type { ImageRef } from './image-ref.ts';
import type { Credentials, Registry } from './registry.ts';

export type PullFailure = 'no-repository' | 'no-tag' | 'no-digest' | 'unauthorized' | 'denied' | 'no-such-host' | 'connection-refused' | 'plain-http';

/** The registry could not be talked to at all (as opposed to answering no). */
export type Unreachable = 'no-such-host' | 'connection-refused' | 'plain-http';

export function isUnreachable(why: PullFailure): why is Unreachable {
  return why === 'no-such-host' || why === 'connection-refused' || why === 'plain-http';
}

export type PullOutcome =
  | { readonly ok: true; readonly image: Image; readonly layers: ReadonlyArray<{ layer: Layer; present: boolean }> }
  | { readonly ok: false; readonly why: PullFailure };

export type PushLayerState = 'pushed' | 'exists' | 'mounted';

export type PushOutcome =
  | { readonly ok: true; readonly layers: ReadonlyArray<{ layer: Layer; state: PushLayerState; mountedFrom?: string }> }
  | { readonly ok: false; readonly why: 'unauthorized' | 'denied' | 'no-such-host' | 'connection-refused'; readonly layers: ReadonlyArray<{ layer: Layer; state: 'preparing' }> };

export interface RegistryLookup {
  /** The registry at a host; undefined when no such host exists (DNS fails). */
  registry(host: string): Registry | undefined;
  /** Hosts that exist but refuse connections (e.g. localhost:5000 before a registry runs there). */
  refuses(host: string): boolean;
  /** Hosts whose registry answers only plain HTTP, where the client speaks HTTPS. */
  plainHttp?(host: string): boolean;
}

/** Resolve `ref` and report which of its layers the puller already has. */
export function pull(lookup: RegistryLookup, ref: ImageRef, creds: Credentials | undefined, hasLayer: (d: Digest) => boolean): PullOutcome {
  const registry = lookup.registry(ref.domain);
  if (!registry) return { ok: false, why: lookup.refuses(ref.domain) ? 'connection-refused' : 'no-such-host' };
  if (lookup.plainHttp?.(ref.domain)) return { ok: false, why: 'plain-http' };
  const r = registry.resolve(ref.path, { tag: ref.tag, digest: ref.digest }, creds);
  if (!r.ok) return { ok: false, why: r.why };
  return { ok: true, image: r.image, layers: r.image.layers.map((layer) => ({ layer, present: hasLayer(layer.digest) })) };
}

/** Whether repository `path` already links this blob (a HEAD on /v2/<path>/blobs/<digest> would answer 200). */
function repositoryHasBlob(registry: Registry, path: string, digest: Digest, creds: Credentials | undefined): boolean {
  for (const tag of registry.tagsOf(path)) {
    const r = registry.resolve(path, { tag }, creds);
    if (r.ok && r.image.layers.some((l) => l.digest === digest)) return true;
  }
  return false;
}

/**
 * Upload `image` as `ref`: layers the repository already links are skipped, layers the pusher
 * knows came from another repository on this registry are mounted from there (`mountFrom` lists
 * those, as Docker's v2 metadata does), and the rest are uploaded.
 */
export function push(lookup: RegistryLookup, ref: ImageRef, image: Image, creds: Credentials | undefined, mountFrom: (digest: Digest) => readonly string[] = () => []): PushOutcome {
  const registry = lookup.registry(ref.domain);
  const preparing = image.layers.map((layer) => ({ layer, state: 'preparing' as const }));
  if (!registry) return { ok: false, why: lookup.refuses(ref.domain) ? 'connection-refused' : 'no-such-host', layers: [] };
  const access = registry.canPush(ref.path, creds);
  if (access !== true) return { ok: false, why: access, layers: preparing };
  const path = ref.path;
  const layers = image.layers.map((layer) => {
    if (repositoryHasBlob(registry, path, layer.digest, creds)) return { layer, state: 'exists' as const };
    const from = mountFrom(layer.digest).find((p) => p !== path && registry.canPull(p, creds) === true && repositoryHasBlob(registry, p, layer.digest, creds));
    if (from) return { layer, state: 'mounted' as const, mountedFrom: from };
    registry.putBlob(layer.digest);
    return { layer, state: 'pushed' as const };
  });
  registry.putImage(path, ref.tag ?? (ref.digest ? undefined : 'latest'), image);
  return { ok: true, layers };
}
