/**
 * What an image is, in the world: an ordered list of layers (content-addressed blobs) plus a
 * config, described by a manifest. The image id is the config's digest, as in Docker; the
 * manifest digest is the "repo digest" a registry serves.
 */
import { sha256, type Digest } from './digest.ts';

/** The Linux distribution family an image is built on: decides its shell and package manager. */
export type Distro = 'alpine' | 'debian' | 'ubuntu' | 'busybox' | 'distroless' | 'scratch';

export interface Layer {
  /** Digest of the compressed blob, as registries and pull/push progress name it. */
  readonly digest: Digest;
  /** Compressed size in bytes (what is transferred). */
  readonly size: number;
  /** Uncompressed size in bytes (what `docker images` adds up). */
  readonly unpacked: number;
  /** History line, as `docker history` shows it. */
  readonly createdBy: string;
  /** Files this layer adds, path → content (only what the simulation needs to read back). */
  readonly files: Readonly<Record<string, string>>;
}

export interface ImageConfig {
  readonly env: readonly string[];
  readonly cmd: readonly string[] | undefined;
  readonly entrypoint: readonly string[] | undefined;
  readonly workingDir: string;
  readonly user: string;
  readonly exposedPorts: readonly string[];
  readonly labels: Readonly<Record<string, string>>;
}

/** How a container of this image behaves when run: see container.ts. */
export type Behaviour =
  | { readonly kind: 'program' }
  | { readonly kind: 'server'; readonly name: string; readonly version: string }
  | { readonly kind: 'needs-env'; readonly variable: string; readonly name: string; readonly version: string };

export interface Image {
  /** sha256 of the config: the IMAGE ID. */
  readonly id: Digest;
  readonly layers: readonly Layer[];
  readonly config: ImageConfig;
  /** Simulated creation time, ms since the epoch. */
  readonly created: number;
  readonly distro: Distro;
  readonly behaviour: Behaviour;
  /** Digest of the manifest: the digest a registry reports and `@sha256:` pins. */
  readonly manifestDigest: Digest;
  /** Byte length of the manifest JSON (`size:` in the push digest line). */
  readonly manifestSize: number;
  /** Digest of the config blob pushed alongside the layers. */
  readonly configDigest: Digest;
}

export const EMPTY_CONFIG: ImageConfig = {
  env: ['PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin'],
  cmd: undefined,
  entrypoint: undefined,
  workingDir: '/',
  user: '',
  exposedPorts: [],
  labels: {},
};

/** Assemble an image from its parts: ids and manifest are derived from content, never chosen. */
export function makeImage(parts: {
  layers: readonly Layer[];
  config: ImageConfig;
  created: number;
  distro: Distro;
  behaviour: Behaviour;
}): Image {
  const configJson = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: parts.config,
    created: parts.created,
    rootfs: { type: 'layers', diff_ids: parts.layers.map((l) => l.digest) },
  });
  const id = sha256(configJson);
  const manifest = JSON.stringify(
    {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: id, size: configJson.length },
      layers: parts.layers.map((l) => ({
        mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
        digest: l.digest,
        size: l.size,
      })),
    },
    null,
    3,
  );
  return {
    ...parts,
    id,
    configDigest: id,
    manifestDigest: sha256(manifest),
    manifestSize: manifest.length,
  };
}

/** Total unpacked size, as `docker images` SIZE shows. */
export function imageSize(image: Image): number {
  return image.layers.reduce((sum, l) => sum + l.unpacked, 0);
}

/** Every file visible in the image: later layers win. */
export function imageFiles(image: Image): Map<string, string> {
  const files = new Map<string, string>();
  for (const layer of image.layers) for (const [p, c] of Object.entries(layer.files)) files.set(p, c);
  return files;
}
