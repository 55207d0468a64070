/**
 * The tables `kubectl get` shows. In a real cluster the API server builds them (kubectl only
 * upper-cases headers and aligns columns), so this is server logic: the STATUS column's
 * algorithm, READY counts, `4 (40s ago)` restarts and AGE in Kubernetes' own format.
 */
import type { Json, KObject } from '../../sim/cluster/objects.ts';
import { formatSelector, labelsToString } from '../../sim/cluster/objects.ts';
import type { ResourceType } from '../../sim/cluster/resources.ts';
import { API_TABLES, DEFAULT_TABLE } from './printers-apis.ts';
import { WORKLOAD_TABLES } from './workload-printers.ts';

/** apimachinery's HumanDuration, as AGE prints it (k8s.io/apimachinery/pkg/util/duration). */
export function age(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (ms < -1000) return '<invalid>';
  if (s < 0) return '0s';
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 10) return s % 60 === 0 ? `${m}m` : `${m}m${s % 60}s`;
  if (m < 180) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 8) return m % 60 === 0 ? `${h}h` : `${h}h${m % 60}m`;
  if (h < 48) return `${h}h`;
  const d = Math.floor(h / 24);
  if (h < 24 * 8) return h % 24 === 0 ? `${d}d` : `${d}d${h % 24}h`;
  if (d < 365 * 2) return `${d}d`;
  const y = Math.floor(d / 365);
  if (y < 8) return d % 365 === 0 ? `${y}y` : `${y}y${d % 365}d`;
  return `${y}y`;
}

export const since = (iso: string | undefined, now: number): string => (iso ? age(now - Date.parse(iso)) : '<unknown>');

/** The STATUS column (printPod): init containers, then containers last to first, then Terminating. */
export function podStatus(pod: KObject): string {
  const st = pod.status ?? {};
  let reason: string = st.reason ?? st.phase ?? 'Pending';
  // Init containers first: the first one that has not finished decides (Init:0/1, Init:ErrImagePull …).
  const inits: Json[] = st.initContainerStatuses ?? [];
  const total = (pod.spec?.initContainers ?? []).length;
  let initializing = false;
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    initializing = true;
    if (t) reason = t.reason ? `Init:${t.reason}` : t.signal ? `Init:Signal:${t.signal}` : `Init:ExitCode:${t.exitCode}`;
    else if (c.state?.waiting?.reason && c.state.waiting.reason !== 'PodInitializing') reason = `Init:${c.state.waiting.reason}`;
    else reason = `Init:${i}/${total}`;
    break;
  }
  if (initializing) return pod.metadata.deletionTimestamp ? 'Terminating' : reason;
  const cs: Json[] = st.containerStatuses ?? [];
  for (let i = cs.length - 1; i >= 0; i--) {
    const c = cs[i];
    if (c.state?.waiting?.reason) reason = c.state.waiting.reason;
    else if (c.state?.terminated?.reason) reason = c.state.terminated.reason;
    else if (c.state?.terminated) reason = c.state.terminated.signal ? `Signal:${c.state.terminated.signal}` : `ExitCode:${c.state.terminated.exitCode}`;
  }
  if (reason === 'Completed' && cs.some((c) => c.state?.running)) {
    reason = (st.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True') ? 'Running' : 'NotReady';
  }
  if (pod.metadata.deletionTimestamp && st.reason === 'NodeLost') return 'Unknown';
  // A deleted pod whose containers have all stopped has a terminal phase: it shows how they ended.
  if (pod.metadata.deletionTimestamp && st.phase !== 'Succeeded' && st.phase !== 'Failed') return 'Terminating';
  return reason;
}

export function podReady(pod: KObject): string {
  const cs: Json[] = pod.status?.containerStatuses ?? [];
  const total = (pod.spec?.containers ?? []).length;
  return `${cs.filter((c) => c.ready && c.state?.running).length}/${total}`;
}

export function podRestarts(pod: KObject, now: number): string {
  // Init containers' restarts count while the pod is still initializing.
  const initializing = (pod.status?.conditions ?? []).some((c: Json) => c.type === 'Initialized' && c.status === 'False');
  const cs: Json[] = [...(initializing ? pod.status?.initContainerStatuses ?? [] : []), ...(pod.status?.containerStatuses ?? [])];
  const n = cs.reduce((sum, c) => sum + (c.restartCount ?? 0), 0);
  const last = cs.map((c) => c.lastState?.terminated?.finishedAt).filter(Boolean).sort().at(-1) as string | undefined;
  return n > 0 && last ? `${n} (${age(now - Date.parse(last))} ago)` : String(n);
}

const images = (spec: Json): string => (spec?.containers ?? []).map((c: Json) => c.image).join(',');
const containers = (spec: Json): string => (spec?.containers ?? []).map((c: Json) => c.name).join(',');
const selector = (sel: Json): string => formatSelector(sel);

function servicePorts(svc: KObject): string {
  const ports: Json[] = svc.spec?.ports ?? [];
  if (ports.length === 0) return '<none>';
  return ports.map((p) => `${p.port}${p.nodePort ? `:${p.nodePort}` : ''}/${p.protocol ?? 'TCP'}`).join(',');
}

function externalIp(svc: KObject): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  if (type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ing: Json[] = svc.status?.loadBalancer?.ingress ?? [];
    return ing.length ? ing.map((i) => i.ip ?? i.hostname).join(',') : '<pending>';
  }
  return (svc.spec?.externalIPs ?? []).join(',') || '<none>';
}

function nodeRoles(node: KObject): string {
  const roles = Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.slice('node-role.kubernetes.io/'.length)).sort();
  return roles.length ? roles.join(',') : '<none>';
}

function nodeStatus(node: KObject): string {
  const ready = (node.status?.conditions ?? []).find((c: Json) => c.type === 'Ready');
  const s = ready?.status === 'True' ? 'Ready' : ready?.status === 'False' ? 'NotReady' : 'Unknown';
  return node.spec?.unschedulable ? `${s},SchedulingDisabled` : s;
}

export interface TableSpec {
  readonly headers: readonly string[];
  readonly wideHeaders: readonly string[];
  row(obj: KObject, now: number): string[];
  wide(obj: KObject, now: number): string[];
}

function eventObject(e: KObject): string {
  return `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`;
}

export const TABLES: Record<string, TableSpec> = {
  Pod: {
    headers: ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'],
    wideHeaders: ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'],
    row: (p, now) => [p.metadata.name as string, podReady(p), podStatus(p), podRestarts(p, now), since(p.metadata.creationTimestamp, now)],
    wide: (p) => [p.status?.podIP ?? '<none>', p.spec?.nodeName ?? '<none>', p.status?.nominatedNodeName ?? '<none>', '<none>'],
  },
  Deployment: {
    headers: ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d, now) => [d.metadata.name as string, `${d.status?.readyReplicas ?? 0}/${d.spec?.replicas ?? 0}`, String(d.status?.updatedReplicas ?? 0), String(d.status?.availableReplicas ?? 0), since(d.metadata.creationTimestamp, now)],
    wide: (d) => [containers(d.spec?.template?.spec), images(d.spec?.template?.spec), selector(d.spec?.selector)],
  },
  ReplicaSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (r, now) => [r.metadata.name as string, String(r.spec?.replicas ?? 0), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), since(r.metadata.creationTimestamp, now)],
    wide: (r) => [containers(r.spec?.template?.spec), images(r.spec?.template?.spec), selector(r.spec?.selector)],
  },
  Service: {
    headers: ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE'],
    wideHeaders: ['SELECTOR'],
    row: (s, now) => [s.metadata.name as string, s.spec?.type ?? 'ClusterIP', s.spec?.clusterIP ?? '<none>', externalIp(s), servicePorts(s), since(s.metadata.creationTimestamp, now)],
    wide: (s) => [s.spec?.selector ? labelsToString(s.spec.selector) : '<none>'],
  },
  Node: {
    headers: ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION'],
    wideHeaders: ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME'],
    row: (n, now) => [n.metadata.name as string, nodeStatus(n), nodeRoles(n), since(n.metadata.creationTimestamp, now), n.status?.nodeInfo?.kubeletVersion ?? ''],
    wide: (n) => [(n.status?.addresses ?? []).find((a: Json) => a.type === 'InternalIP')?.address ?? '<none>', '<none>', n.status?.nodeInfo?.osImage ?? '', n.status?.nodeInfo?.kernelVersion ?? '', n.status?.nodeInfo?.containerRuntimeVersion ?? ''],
  },
  Namespace: {
    headers: ['NAME', 'STATUS', 'AGE'], wideHeaders: [],
    row: (n, now) => [n.metadata.name as string, n.status?.phase ?? 'Active', since(n.metadata.creationTimestamp, now)], wide: () => [],
  },
  ConfigMap: {
    headers: ['NAME', 'DATA', 'AGE'], wideHeaders: [],
    row: (c, now) => [c.metadata.name as string, String(Object.keys(c.data ?? {}).length + Object.keys(c.binaryData ?? {}).length), since(c.metadata.creationTimestamp, now)], wide: () => [],
  },
  Secret: {
    headers: ['NAME', 'TYPE', 'DATA', 'AGE'], wideHeaders: [],
    row: (s, now) => [s.metadata.name as string, s.type ?? 'Opaque', String(Object.keys(s.data ?? {}).length), since(s.metadata.creationTimestamp, now)], wide: () => [],
  },
  ServiceAccount: {
    headers: ['NAME', 'SECRETS', 'AGE'], wideHeaders: [],
    row: (s, now) => [s.metadata.name as string, String((s.secrets ?? []).length), since(s.metadata.creationTimestamp, now)], wide: () => [],
  },
  Event: {
    headers: ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'], wideHeaders: [],
    row: (e, now) => [since(e.lastTimestamp, now), e.type ?? '', e.reason ?? '', eventObject(e), e.message ?? ''], wide: () => [],
  },
};

/** The table the API server builds for a kind: its printer's, or the default NAME / CREATED AT. */
export function tableFor(r: ResourceType): TableSpec {
  return TABLES[r.kind] ?? WORKLOAD_TABLES[r.kind] ?? API_TABLES[r.kind] ?? DEFAULT_TABLE;
}
