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
  /** STOPSIGNAL (`SIGQUIT` for nginx): what `docker stop` and the kubelet send first; SIGTERM when unset. */
  readonly stopSignal?: string;
}

/** One line of an image's history (`docker history`): what made it, and whether it added a layer. */
export interface HistoryEntry {
  readonly createdBy: string;
  /** True for instructions that only change the config (ENV, CMD, EXPOSE …). */
  readonly emptyLayer: boolean;
  readonly created: number;
  /** `buildkit.dockerfile.v0` for BuildKit builds, '' otherwise. */
  readonly comment: string;
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
  /** The build history, oldest first; derived from the layers when the image does not record it. */
  readonly history?: readonly HistoryEntry[];
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
  history?: readonly HistoryEntry[];
}): Image {
  // The StopSignal stays out of the description the id is derived from, so that images whose
  // catalogue entries gained one keep the ids they always had (golden transcripts show them).
  const { stopSignal: _stopSignal, ...hashed } = parts.config;
  const configJson = JSON.stringify({
    architecture: 'amd64',
    os: 'linux',
    config: hashed,
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

/**
 * The history `docker history` shows: the recorded one, or (for images that carry none) one
 * line per layer and one for the command, as BuildKit would have written them.
 */
export function imageHistory(image: Image): HistoryEntry[] {
  if (image.history) return [...image.history];
  const comment = (c: string): string => (c.endsWith('# buildkit') ? 'buildkit.dockerfile.v0' : '');
  const rows: HistoryEntry[] = image.layers.map((l) => ({ createdBy: l.createdBy, emptyLayer: false, created: image.created, comment: comment(l.createdBy) }));
  const tail = image.layers.length > 0 ? comment(image.layers[image.layers.length - 1]?.createdBy ?? '') : '';
  if (image.config.entrypoint) rows.push({ createdBy: `ENTRYPOINT ${goStringList(image.config.entrypoint)}`, emptyLayer: true, created: image.created, comment: tail });
  if (image.config.cmd) rows.push({ createdBy: `CMD ${goStringList(image.config.cmd)}`, emptyLayer: true, created: image.created, comment: tail });
  return rows;
}

/** Go's %q of a []string: `["node" "server.js"]`, as BuildKit writes CMD and ENTRYPOINT into history. */
export function goStringList(list: readonly string[]): string {
  return `[${list.map(goQuote).join(' ')}]`;
}

/** Go's %q of a string (strconv.Quote): `\a`…`\v`, `\xNN` for other control bytes, `\uNNNN` for unprintable runes. */
export function goQuote(text: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"' };
  let out = '';
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if (named[ch]) out += named[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else if ((c >= 0x80 && c < 0xa0) || c === 0xad || c === 0x2028 || c === 0x2029 || c === 0xfeff) out += `\\u${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `"${out}"`;
}

/**
 * The layer ids a local store uses: the diffID (digest of the uncompressed tar, which `docker
 * inspect` lists under RootFS.Layers) and the chainID (what `docker rmi` prints as deleted).
 * Registries name the compressed blob instead, so neither equals the digest a pull shows.
 */
export function diffId(layer: Layer): Digest {
  return sha256(`diff-id:${layer.digest}`);
}

export function chainIds(image: Image): Digest[] {
  const out: Digest[] = [];
  for (const l of image.layers) out.push(out.length === 0 ? diffId(l) : sha256(`${out[out.length - 1]} ${diffId(l)}`));
  return out;
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
