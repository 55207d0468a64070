/**
 * The environment the kubelet gives a container (kubelet_pods.go makeEnvironmentVariables): the
 * variables the container declares, `$(VAR)` references in them expanded, then the service
 * variables — the `kubernetes` Service's always, and with enableServiceLinks (the default) the
 * docker-link-style ones of every Service in the pod's namespace that exists when the container
 * starts (envvars.FromServices). Both sets are Go maps, so they reach the runtime in Go's map
 * iteration order, which looks random and changes between starts.
 */
import { unitFromText } from '../digest.ts';
import type { Json, KObject } from './objects.ts';

/** makeEnvVariableName: upper case, `-` → `_`. */
function envName(name: string): string {
  return name.replace(/-/g, '_').toUpperCase();
}

/** envvars.FromServices for one Service: host, first port, named ports, then docker's link variables. */
function serviceVariables(service: KObject): Array<[string, string]> {
  const ip: string = service.spec.clusterIP;
  const ports: Json[] = service.spec.ports ?? [];
  if (ports.length === 0) return [];
  const prefix = envName(service.metadata.name as string);
  const out: Array<[string, string]> = [[`${prefix}_SERVICE_HOST`, ip], [`${prefix}_SERVICE_PORT`, String(ports[0].port)]];
  for (const p of ports) if (p.name) out.push([`${prefix}_SERVICE_PORT_${envName(p.name)}`, String(p.port)]);
  ports.forEach((p, i) => {
    const proto = String(p.protocol ?? 'TCP');
    const url = `${proto.toLowerCase()}://${ip.includes(':') ? `[${ip}]` : ip}:${p.port}`;
    // Docker special-cases the first port.
    if (i === 0) out.push([`${prefix}_PORT`, url]);
    const pp = `${prefix}_PORT_${p.port}_${proto.toUpperCase()}`;
    out.push([pp, url], [`${pp}_PROTO`, proto.toLowerCase()], [`${pp}_PORT`, String(p.port)], [`${pp}_ADDR`, ip]);
  });
  return out;
}

/**
 * getServiceEnvVarMap: the master Service (`kubernetes` in default) always, the pod namespace's
 * Services with enableServiceLinks; only those with a cluster IP (not headless, not ExternalName).
 */
export function serviceEnvironment(services: readonly KObject[], namespace: string, enableServiceLinks: boolean): Array<[string, string]> {
  const chosen = new Map<string, KObject>();
  for (const s of services) {
    const ip = s.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = s.metadata.name as string;
    if (s.metadata.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, s);
    } else if (s.metadata.namespace === namespace && enableServiceLinks) chosen.set(name, s);
  }
  const vars = new Map<string, string>();
  for (const s of chosen.values()) for (const [k, v] of serviceVariables(s)) vars.set(k, v);
  return [...vars];
}

/** expansion.Expand: `$(NAME)` from the mapping, `$$` for a literal `$`; an unknown reference stays as written. */
function expand(value: string, lookup: (name: string) => string | undefined): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name: string | undefined) => (name === undefined ? '$' : lookup(name) ?? whole));
}

/**
 * The order a Go map of these entries is ranged over, for one iteration seeded by `seed`:
 * entries fill 2^B buckets of 8 (B the smallest that keeps 6.5 entries a bucket), by a hash of
 * the key; the range starts at a random bucket and a random slot, wrapping round.
 */
export function goMapOrder<T>(entries: ReadonlyArray<readonly [string, T]>, seed: string): Array<[string, T]> {
  let b = 0;
  while (entries.length > 8 && entries.length > 6.5 * 2 ** b) b++;
  const buckets: Array<Array<[string, T]>> = Array.from({ length: 2 ** b }, () => []);
  for (const [k, v] of entries) (buckets[b === 0 ? 0 : Math.floor(unitFromText(`bucket:${k}`) * 2 ** b)] as Array<[string, T]>).push([k, v]);
  const r = unitFromText(seed);
  const start = Math.floor(r * 2 ** b);
  const offset = Math.floor(unitFromText(`${seed}/offset`) * 8);
  const out: Array<[string, T]> = [];
  for (let i = 0; i < buckets.length; i++) {
    const bucket = buckets[(start + i) % buckets.length] as Array<[string, T]>;
    // Slots are visited from the offset round to it again; only the first slots hold entries.
    for (let slot = 0; slot < 8; slot++) {
      const e = bucket[(offset + slot) % 8];
      if (e) out.push(e);
    }
    for (const e of bucket.slice(8)) out.push(e);
  }
  return out;
}

/**
 * The variables the kubelet hands the runtime for one container start: the declared ones (their
 * `$(VAR)` references expanded), then the service variables the container did not declare.
 * `seed` stands for the Go runtime's randomness (the pod, the container and its restart).
 */
export function containerEnvironment(pod: KObject, container: Json, services: readonly KObject[], seed: string): Array<[string, string]> {
  const serviceEnv = new Map(serviceEnvironment(services, pod.metadata.namespace as string, pod.spec?.enableServiceLinks ?? true));
  const declared = new Map<string, string>();
  for (const e of (container.env ?? []) as Json[]) {
    const value = e.value === undefined || e.value === null ? '' : String(e.value);
    declared.set(String(e.name), value === '' ? '' : expand(value, (n) => declared.get(n) ?? serviceEnv.get(n)));
  }
  const rest = [...serviceEnv].filter(([k]) => !declared.has(k));
  return [...goMapOrder([...declared], `${seed}/env`), ...goMapOrder(rest, `${seed}/services`)];
}
