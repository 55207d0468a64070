/**
 * The registry client every tool shares (Docker's engine, Buildah, Kaniko, later the kubelet's
 * runtime): resolve a reference in the right registry with the machine's credentials, and move
 * only the blobs the other side lacks. That is why a second pull says `Already exists` and a
 * second push says `Layer already exists`.
 */
import type { Digest } from './digest.ts';
import type { Image, Layer } from './image.ts';
import { repositoryName, type ImageRef } from './image-ref.ts';
import type { Credentials, Registry } from './registry.ts';

export type PullFailure = 'no-repository' | 'no-tag' | 'no-digest' | 'unauthorized' | 'denied' | 'no-such-host' | 'connection-refused';

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
}

/** Resolve `ref` and report which of its layers the puller already has. */
export function pull(lookup: RegistryLookup, ref: ImageRef, creds: Credentials | undefined, hasLayer: (d: Digest) => boolean): PullOutcome {
  const registry = lookup.registry(ref.domain);
  if (!registry) return { ok: false, why: lookup.refuses(ref.domain) ? 'connection-refused' : 'no-such-host' };
  const r = registry.resolve(ref.path, { tag: ref.tag, digest: ref.digest }, creds);
  if (!r.ok) return { ok: false, why: r.why };
  return { ok: true, image: r.image, layers: r.image.layers.map((layer) => ({ layer, present: hasLayer(layer.digest) })) };
}

/** Upload `image` as `ref`: only the layers the registry lacks; mount those another repository has. */
export function push(lookup: RegistryLookup, ref: ImageRef, image: Image, creds: Credentials | undefined): PushOutcome {
  const registry = lookup.registry(ref.domain);
  const preparing = image.layers.map((layer) => ({ layer, state: 'preparing' as const }));
  if (!registry) return { ok: false, why: lookup.refuses(ref.domain) ? 'connection-refused' : 'no-such-host', layers: [] };
  const access = registry.canPush(ref.path, creds);
  if (access !== true) return { ok: false, why: access, layers: preparing };
  const path = ref.path;
  const layers = image.layers.map((layer) => {
    if (registry.hasBlob(layer.digest)) {
      const from = registry.hasRepository(path) ? undefined : registry.repositoryWithBlob(layer.digest, path);
      return from ? { layer, state: 'mounted' as const, mountedFrom: from } : { layer, state: 'exists' as const };
    }
    registry.putBlob(layer.digest);
    return { layer, state: 'pushed' as const };
  });
  registry.putImage(path, ref.tag ?? (ref.digest ? undefined : 'latest'), image);
  return { ok: true, layers };
}

