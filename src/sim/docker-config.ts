/**
 * ~/.docker/config.json, as the docker CLI (cli/config/configfile/file.go) reads and writes it:
 * `auths` keyed by `https://index.docker.io/v1/` for Docker Hub and by host[:port] for any other
 * registry, each holding base64("user:password") under `auth`; written with tab indentation
 * (json.MarshalIndent(…, "", "\t")), in the struct's field order. The engine reads its logins from
 * this file, so deleting it logs you out, as for real.
 */
import { base64Of } from './textutils.ts';
import type { Credentials } from './registry.ts';

export const DOCKER_CONFIG = '/home/learner/.docker/config.json';
/** registry.IndexServer: the key Docker Hub's login is stored under. */
export const INDEX_SERVER = 'https://index.docker.io/v1/';

/** The ConfigFile struct's JSON fields, in the order Go writes them (unknown ones are dropped). */
const FIELD_ORDER = ['auths', 'HttpHeaders', 'psFormat', 'imagesFormat', 'networksFormat', 'pluginsFormat', 'volumesFormat', 'statsFormat', 'detachKeys', 'credsStore', 'credHelpers',
  'serviceInspectFormat', 'servicesFormat', 'tasksFormat', 'secretFormat', 'configFormat', 'nodesFormat', 'pruneFilters', 'proxies', 'currentContext', 'cliPluginsExtraDirs', 'plugins', 'aliases', 'features', 'experimental'];

type Config = Record<string, unknown> & { auths: Record<string, Record<string, string>> };

/** The key a registry's login is stored under (`docker login` with no server, or `docker.io`, means Docker Hub). */
export function configKey(server: string | undefined): string {
  if (server === undefined || server === '' || server === 'docker.io') return INDEX_SERVER;
  return hostnameOf(server);
}

/** credentials.ConvertToHostname: `https://reg.example.com/v2/` → `reg.example.com`. */
export function hostnameOf(server: string): string {
  return server.replace(/^[a-z]+:\/\//i, '').replace(/\/.*$/, '');
}

/** Parse the file; undefined when it is not JSON docker can read. */
function parse(text: string | undefined): Config | undefined {
  if (text === undefined || text.trim() === '') return { auths: {} };
  try {
    const v = JSON.parse(text) as unknown;
    if (!v || typeof v !== 'object' || Array.isArray(v)) return undefined;
    const c = v as Record<string, unknown>;
    return { ...c, auths: (c.auths && typeof c.auths === 'object' ? c.auths : {}) as Config['auths'] };
  } catch {
    return undefined;
  }
}

function decodeAuth(auth: string): Credentials | undefined {
  try {
    const text = new TextDecoder().decode(Uint8Array.from(atob(auth), (c) => c.charCodeAt(0)));
    const i = text.indexOf(':');
    if (i <= 0) return undefined;
    return { username: text.slice(0, i), password: text.slice(i + 1).replace(/\0+$/, '') };
  } catch {
    return undefined;
  }
}

/** The login stored for a registry host (`docker.io` is Docker Hub), if any. */
export function storedCredentials(text: string | undefined, host: string): Credentials | undefined {
  const config = parse(text);
  if (!config) return undefined;
  const keys = host === 'docker.io' ? [INDEX_SERVER, 'index.docker.io', 'registry-1.docker.io', 'docker.io'] : [host];
  for (const [key, entry] of Object.entries(config.auths)) {
    const matches = keys.includes(key) || keys.includes(hostnameOf(key));
    if (matches && typeof entry?.auth === 'string') return decodeAuth(entry.auth);
  }
  return undefined;
}

/** The file with one login added (credentials) or removed (undefined); undefined when the file cannot be read. */
export function withLogin(text: string | undefined, key: string, credentials: Credentials | undefined): string | undefined {
  const config = parse(text);
  if (!config) return undefined;
  const auths: Config['auths'] = { ...config.auths };
  if (credentials) auths[key] = { auth: base64Of(`${credentials.username}:${credentials.password}`) };
  else delete auths[key];
  const next: Record<string, unknown> = {};
  for (const field of FIELD_ORDER) {
    const v = field === 'auths' ? sortedKeys(auths) : config[field];
    if (field === 'auths' || (v !== undefined && v !== '' && !(typeof v === 'object' && v !== null && Object.keys(v).length === 0))) next[field] = v;
  }
  return JSON.stringify(next, null, '\t');
}

/** Go writes map keys sorted. */
function sortedKeys<T>(m: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** Whether the file holds a login for this key (docker logout erases it). */
export function hasLogin(text: string | undefined, key: string): boolean {
  return Object.hasOwn(parse(text)?.auths ?? {}, key);
}
