/**
 * Content addressing. Layers, configs and manifests get real sha256 digests of a canonical
 * description of their content, so identical content always has the identical digest: that is
 * what makes the build cache, `Layer already exists` and `Already exists` behave as in Docker.
 */
import { createHash } from 'node:crypto';

export type Digest = `sha256:${string}`;

export function sha256(text: string): Digest {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`;
}

/** The 64 hex characters of a digest. */
export function hexOf(digest: string): string {
  const i = digest.indexOf(':');
  return i >= 0 ? digest.slice(i + 1) : digest;
}

/** Docker's short id: the first 12 hex characters (layer ids in pull/push, IMAGE ID, CONTAINER ID). */
export function shortId(digest: string): string {
  return hexOf(digest).slice(0, 12);
}

/** A number in [0, 1) derived from text, for sizes and timings that must look varied but stay fixed. */
export function unitFromText(text: string): number {
  const h = createHash('sha256').update(text).digest();
  return h.readUInt32BE(0) / 4294967296;
}
