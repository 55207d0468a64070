/**
 * Names the control plane makes up, with the real alphabets: generateName suffixes use
 * `bcdfghjklmnpqrstvwxz2456789` (no vowels, no 0/1/3), and a pod-template-hash is FNV-32a of
 * the template printed in decimal and mapped digit by digit through the same alphabet — so it
 * only ever contains `4 5 6 7 8 9 b c d f` (k8s.io/apimachinery/pkg/util/rand.SafeEncodeString; kubernetes pkg/controller ComputeHash).
 */
import type { SeededRandom } from '../random.ts';
import { clone, type KObject } from './objects.ts';

export const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** `web-7c5ddbdf54-` + 5 random characters; the base is cut to 58 so the name fits 63. */
export function generateName(base: string, random: SeededRandom): string {
  return `${base.length > 58 ? base.slice(0, 58) : base}${random.string(5, SAFE_ALPHABET)}`;
}

/** A uid in the UUID shape (version 4) the API server gives every object, from a random stream. */
export function randomUid(random: SeededRandom): string {
  const h = random.hexWords(32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[random.int(4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** FNV-32a over a string's UTF-8 bytes. */
export function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    h ^= byte;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/**
 * The Deployment controller's pod-template-hash for a template (and collision count). ComputeHash
 * dumps the typed template, where a nested ObjectMeta's `creationTimestamp: null` and no
 * creationTimestamp are the one zero time; the stand-in dump leaves that zero time out, so a
 * template hashes the same whether or not it was sent with the null (as `create deployment
 * --dry-run=client -o yaml` writes it).
 */
export function podTemplateHash(template: unknown, collisionCount = 0): string {
  const dump = stableDump(template, true) + (collisionCount ? String(collisionCount) : '');
  const decimal = String(fnv32a(dump));
  let out = '';
  for (const ch of decimal) out += SAFE_ALPHABET[ch.charCodeAt(0) % SAFE_ALPHABET.length];
  return out;
}

/** A deterministic dump with sorted keys, standing in for Go's spew of the template (`typed`: zero times left out). */
export function stableDump(v: unknown, typed = false): string {
  if (Array.isArray(v)) return `[${v.map((x) => stableDump(x, typed)).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const keys = Object.keys(o).sort().filter((k) => !(typed && k === 'creationTimestamp' && o[k] === null));
    return `{${keys.map((k) => `${k}:${stableDump(o[k], typed)}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Each stored template's pod-template-hash, worked out once (stored objects are frozen, so it cannot go stale). */
const templateHashes = new WeakMap<object, { readonly collisionCount: number; readonly hash: string }>();

/** A Deployment's pod-template-hash: of its template as sent (a JSON copy, no undefined fields) and its collisionCount. */
export function templateHashOf(dep: KObject): string {
  const template = dep.spec?.template ?? {};
  const collisionCount = dep.status?.collisionCount ?? 0;
  const frozen = Object.isFrozen(template);
  const known = frozen ? templateHashes.get(template) : undefined;
  if (known && known.collisionCount === collisionCount) return known.hash;
  const hash = podTemplateHash(clone(template), collisionCount);
  if (frozen) templateHashes.set(template, { collisionCount, hash });
  return hash;
}
