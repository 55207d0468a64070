/**
 * Image references, parsed and normalised as distribution/reference's ParseNormalizedNamed does
 * (the code Docker, containerd and the kubelet share): `nginx` → `docker.io/library/nginx:latest`.
 * Errors carry Docker's own words so the shell can print them unchanged.
 */

export const DOCKER_HUB = 'docker.io';

export interface ImageRef {
  /** Registry host, with port if any: `docker.io`, `ghcr.io`, `localhost:5000`. */
  readonly domain: string;
  /** Repository path inside the registry: `library/nginx`, `me/app`. */
  readonly path: string;
  /** Tag as written, or undefined when none was given. */
  readonly tag: string | undefined;
  /** `sha256:<64 hex>` when pinned by digest. */
  readonly digest: string | undefined;
}

export class ReferenceError extends Error {
  override name = 'ReferenceError';
}

const ALNUM = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEPARATOR}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|${IPV6})(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const REFERENCE_RE = new RegExp(
  `^((?:${DOMAIN}/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const ANCHORED_64_HEX = /^[a-f0-9]{64}$/;
const DOMAIN_RE = new RegExp(`^${DOMAIN}$`);

/** Split a familiar name into domain and remainder, as splitDockerDomain does. */
function splitDockerDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  const first = i === -1 ? '' : name.slice(0, i);
  if (
    i === -1 ||
    (!first.includes('.') && !first.includes(':') && first !== 'localhost' && first.toLowerCase() === first)
  ) {
    domain = DOCKER_HUB;
    remainder = name;
  } else {
    domain = first;
    remainder = name.slice(i + 1);
  }
  if (domain === 'index.docker.io') domain = DOCKER_HUB;
  if (domain === DOCKER_HUB && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/**
 * Parse a reference the way `docker pull`, `docker tag` and the kubelet do.
 * Throws ReferenceError with Docker's message on an invalid reference.
 */
export function parseReference(input: string): ImageRef {
  if (ANCHORED_64_HEX.test(input)) {
    throw new ReferenceError(`invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`);
  }
  if (input.length === 0) throw new ReferenceError('repository name must have at least one component');
  const { domain, remainder } = splitDockerDomain(input);
  const tagSep = remainder.indexOf(':');
  const remoteName = tagSep > -1 ? remainder.slice(0, tagSep) : remainder;
  if (remoteName.toLowerCase() !== remoteName) {
    throw new ReferenceError(`invalid reference format: repository name (${remoteName}) must be lowercase`);
  }
  const full = `${domain}/${remainder}`;
  const m = REFERENCE_RE.exec(full);
  if (!m || !DOMAIN_RE.test(domain)) throw new ReferenceError('invalid reference format');
  const name = m[1] as string;
  const path = name.slice(domain.length + 1);
  if (path.length > 255) throw new ReferenceError('repository name must not be more than 255 characters');
  const digest = m[3];
  if (digest !== undefined) validateDigest(digest);
  return { domain, path, tag: m[2], digest };
}

/** go-digest's checks: only sha256 here, exactly 64 lowercase hex characters. */
function validateDigest(digest: string): void {
  const [algorithm, hex = ''] = digest.split(':');
  if (!['sha256', 'sha384', 'sha512'].includes(algorithm as string)) {
    throw new ReferenceError('invalid reference format: unsupported digest algorithm');
  }
  const want = algorithm === 'sha256' ? 64 : algorithm === 'sha384' ? 96 : 128;
  if (hex.length !== want) throw new ReferenceError('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(hex)) throw new ReferenceError('invalid checksum digest format');
}

/** Add `latest` when there is neither tag nor digest (TagNameOnly, as docker and the kubelet do). */
export function withDefaultTag(ref: ImageRef): ImageRef {
  return ref.tag === undefined && ref.digest === undefined ? { ...ref, tag: 'latest' } : ref;
}

/** `docker.io/library/nginx` */
export function repositoryName(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}`;
}

/** `docker.io/library/nginx:1.27`, `ghcr.io/o/a@sha256:…` — the canonical string. */
export function canonical(ref: ImageRef): string {
  let s = repositoryName(ref);
  if (ref.tag !== undefined) s += `:${ref.tag}`;
  if (ref.digest !== undefined) s += `@${ref.digest}`;
  return s;
}

/** The familiar repository: `docker.io/library/nginx` → `nginx`, `docker.io/me/app` → `me/app`. */
export function familiarRepository(ref: ImageRef): string {
  if (ref.domain !== DOCKER_HUB) return repositoryName(ref);
  return ref.path.startsWith('library/') && ref.path.split('/').length === 2 ? ref.path.slice(8) : ref.path;
}

/** The familiar string: `nginx:latest`, `me/app:1.0`, `ghcr.io/o/a:1`. */
export function familiar(ref: ImageRef): string {
  let s = familiarRepository(ref);
  if (ref.tag !== undefined) s += `:${ref.tag}`;
  if (ref.digest !== undefined) s += `@${ref.digest}`;
  return s;
}

/** Try to parse; undefined instead of an exception. */
export function tryParseReference(input: string): ImageRef | undefined {
  try {
    return parseReference(input);
  } catch {
    return undefined;
  }
}
