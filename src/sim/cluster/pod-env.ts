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
import { bytes, milliCpu, parseQuantity } from './quantity.ts';

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

/** What the kubelet reads while it builds a container's environment. */
export interface EnvSources {
  readonly services: readonly KObject[];
  /** A ConfigMap or Secret in the pod's namespace, as the kubelet's watch-based managers see it. */
  configMap(name: string): KObject | undefined;
  secret(name: string): KObject | undefined;
  /** The node: its address (status.hostIP) and allocatable resources (what unset limits default to). */
  readonly node: { readonly ip: string; readonly allocatable: Readonly<Record<string, string>> };
  /** The pod's address, once its sandbox has one. */
  readonly podIP: string | undefined;
}

export type EnvOutcome = { readonly ok: true; readonly env: Array<[string, string]> } | { readonly ok: false; readonly error: string };

/**
 * podFieldSelectorRuntimeValue: the downward API's pod fields (ConvertDownwardAPIFieldLabel's
 * list; labels and annotations by key), or the kubelet's error for any other.
 */
function fieldRefValue(pod: KObject, path: string, sources: EnvSources): string | { error: string } {
  const sub = /^metadata\.(labels|annotations)\['(.*)'\]$/.exec(path);
  if (sub) return String((pod.metadata[sub[1] as 'labels' | 'annotations'] ?? {})[sub[2] as string] ?? '');
  switch (path) {
    case 'metadata.name': return String(pod.metadata.name ?? '');
    case 'metadata.namespace': return String(pod.metadata.namespace ?? '');
    case 'metadata.uid': return String(pod.metadata.uid ?? '');
    case 'spec.nodeName': return String(pod.spec?.nodeName ?? '');
    case 'spec.serviceAccountName': return String(pod.spec?.serviceAccountName ?? '');
    case 'status.hostIP': case 'status.hostIPs': return sources.node.ip;
    case 'status.podIP': case 'status.podIPs': return sources.podIP ?? '';
    // fieldpath.FormatMap: every label as key="value", one a line, in key order.
    case 'metadata.labels': case 'metadata.annotations': {
      const m: Record<string, string> = pod.metadata[path.slice(9) as 'labels' | 'annotations'] ?? {};
      return Object.keys(m).sort().map((k) => `${k}=${JSON.stringify(m[k])}`).join('\n');
    }
    default: return { error: `field label not supported: ${path}` };
  }
}

/**
 * resource.ExtractContainerResourceValue: a container's request or limit over the divisor,
 * rounded up (cpu in millicores, the rest in bytes); an unset limit is the node's allocatable
 * (defaultPodLimitsForDownwardAPI). With `allocatable` absent (kubectl describe), an unset one is 0.
 */
export function resourceFieldValue(ref: Json, container: Json, allocatable?: Readonly<Record<string, string>>): string | { error: string } {
  const resource = String(ref.resource ?? '');
  const m = /^(limits|requests)\.(cpu|memory|ephemeral-storage)$/.exec(resource);
  if (!m) return { error: `unsupported container resource : ${resource}` };
  const [, kind, name] = m as unknown as [string, 'limits' | 'requests', string];
  let q: unknown = container.resources?.[kind]?.[name];
  if (q === undefined && kind === 'limits' && allocatable) q = allocatable[name];
  const divisor = ref.divisor === undefined || parseQuantity(ref.divisor) === 0 ? 1 : parseQuantity(ref.divisor) ?? 1;
  if (name === 'cpu') return String(Math.ceil(milliCpu(q ?? 0) / Math.round(divisor * 1000)));
  return String(Math.ceil(bytes(q ?? 0) / bytes(divisor)));
}

/**
 * makeEnvironmentVariables: the variables the kubelet hands the runtime for one container start.
 * envFrom first (each ConfigMap's or Secret's keys, with the prefix), then env, which may replace
 * them: a value with its `$(VAR)` references expanded, or a valueFrom resolved (a ConfigMap's or
 * Secret's key, a pod field, a resource). Both land in one Go map, then come the service
 * variables not declared. A missing ConfigMap, Secret or key that is not optional is the error the
 * container fails to start with (CreateContainerConfigError). In 1.32 envFrom takes every key as
 * it is: the RelaxedEnvironmentVariableValidation change removed the kubelet's name check.
 * `seed` stands for the Go runtime's randomness (the pod, the container and its restart).
 */
export function containerEnvironment(pod: KObject, container: Json, sources: EnvSources, seed: string): EnvOutcome {
  const ns = String(pod.metadata.namespace ?? 'default');
  const serviceEnv = new Map(serviceEnvironment(sources.services, ns, pod.spec?.enableServiceLinks ?? true));
  const declared = new Map<string, string>();
  const notFound = (kind: 'configmap' | 'secret', name: string): EnvOutcome => ({ ok: false, error: `${kind} "${name}" not found` });
  const secretValue = (v: unknown): string => Buffer.from(String(v ?? ''), 'base64').toString('utf8');
  for (const from of (container.envFrom ?? []) as Json[]) {
    const ref = from.configMapRef ?? from.secretRef;
    if (!ref) continue;
    const isSecret = !from.configMapRef;
    const obj = isSecret ? sources.secret(String(ref.name)) : sources.configMap(String(ref.name));
    if (!obj) {
      if (ref.optional === true) continue;
      return notFound(isSecret ? 'secret' : 'configmap', String(ref.name));
    }
    // A later source's key replaces an earlier one's; the order within one map does not matter.
    for (const [k, v] of Object.entries((obj.data ?? {}) as Record<string, unknown>)) {
      declared.set(`${from.prefix ?? ''}${k}`, isSecret ? secretValue(v) : String(v));
    }
  }
  for (const e of (container.env ?? []) as Json[]) {
    const name = String(e.name);
    const value = e.value === undefined || e.value === null ? '' : String(e.value);
    if (value !== '' || !e.valueFrom) {
      declared.set(name, value === '' ? '' : expand(value, (n) => declared.get(n) ?? serviceEnv.get(n)));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      const v = fieldRefValue(pod, String(vf.fieldRef.fieldPath), sources);
      if (typeof v !== 'string') return { ok: false, error: v.error };
      declared.set(name, v);
    } else if (vf.resourceFieldRef) {
      const target = vf.resourceFieldRef.containerName ? [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].find((c: Json) => c.name === vf.resourceFieldRef.containerName) : container;
      const v = target ? resourceFieldValue(vf.resourceFieldRef, target, sources.node.allocatable) : { error: `container ${vf.resourceFieldRef.containerName} not found` };
      if (typeof v !== 'string') return { ok: false, error: v.error };
      declared.set(name, v);
    } else if (vf.configMapKeyRef || vf.secretKeyRef) {
      const ref = vf.configMapKeyRef ?? vf.secretKeyRef;
      const isSecret = !vf.configMapKeyRef;
      const obj = isSecret ? sources.secret(String(ref.name)) : sources.configMap(String(ref.name));
      const optional = ref.optional === true;
      if (!obj) {
        if (optional) continue;
        return notFound(isSecret ? 'secret' : 'configmap', String(ref.name));
      }
      const data = (obj.data ?? {}) as Record<string, unknown>;
      if (!Object.hasOwn(data, String(ref.key))) {
        if (optional) continue;
        return { ok: false, error: `couldn't find key ${ref.key} in ${isSecret ? 'Secret' : 'ConfigMap'} ${ns}/${ref.name}` };
      }
      declared.set(name, isSecret ? secretValue(data[ref.key]) : String(data[ref.key]));
    } else {
      declared.set(name, '');
    }
  }
  const rest = [...serviceEnv].filter(([k]) => !declared.has(k));
  return { ok: true, env: [...goMapOrder([...declared], `${seed}/env`), ...goMapOrder(rest, `${seed}/services`)] };
}
