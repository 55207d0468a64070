/**
 * The API objects a fresh kubeadm 1.32 cluster holds beyond its namespaces, nodes and kube-system
 * workloads, that a learner's `kubectl get … -A` finds:
 * - the `kubernetes` Service's Endpoints and EndpointSlice (the API server's own reconciler keeps
 *   them: the control plane's address on 6443, `endpointslice.kubernetes.io/skip-mirror`);
 * - the heartbeat Leases in kube-node-lease (one per node, renewed by its kubelet every 10 s) and
 *   the leader-election Leases in kube-system (kube-controller-manager, kube-scheduler, and the
 *   API server's identity lease);
 * - the two built-in PriorityClasses the control-plane pods use;
 * - the cluster-admin ClusterRole and the bindings that make kubeadm's admin.conf user an admin;
 * - a CSINode per node (the kubelet creates one, with no drivers until a CSI driver registers);
 * - the kube-aggregator's local APIService for every served group-version.
 * Only these: the dozens of other system ClusterRoles, the API Priority and Fairness defaults and
 * the kubeadm ConfigMaps are not modelled (see the README's deviations).
 *
 * Everything here is written straight to the store, from a random stream of its own, so the
 * bootstrap stays cheap and never shifts the uids and names the rest of the world draws.
 */
import type { SeededRandom } from '../random.ts';
import { keyFor } from './api-server.ts';
import { randomUid } from './names.ts';
import { deepFreeze, type KObject } from './objects.ts';
import { RESOURCES, resourceByKind, type ResourceType } from './resources.ts';
import type { Store } from './store.ts';

/** How often a Lease is renewed: a kubelet's node lease every 10 s, leader election every 2 s. */
const RENEW_MS = { node: 10_000, leader: 2_000 } as const;

/** A metav1.MicroTime as the API serves it: `2026-11-21T09:00:10.000000Z`. */
export function microTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** Whether a Lease is one the control plane keeps renewing (so its renewTime moves with the clock). */
function renewPeriod(lease: KObject): number | undefined {
  const ns = lease.metadata.namespace;
  const name = String(lease.metadata.name ?? '');
  if (ns === 'kube-node-lease') return RENEW_MS.node;
  if (ns === 'kube-system' && (name === 'kube-controller-manager' || name === 'kube-scheduler')) return RENEW_MS.leader;
  if (ns === 'kube-system' && name.startsWith('apiserver-')) return RENEW_MS.node;
  return undefined;
}

/**
 * A Lease as it reads at `now`: the components renew theirs on their period, so the renewTime a
 * reader sees is the last renewal before now (kept out of the store: no write every 10 s).
 */
export function leaseAt(lease: KObject, now: number): KObject {
  const period = renewPeriod(lease);
  if (!period || !lease.spec?.renewTime) return lease;
  return { ...lease, spec: { ...lease.spec, renewTime: microTime(Math.floor(now / period) * period) } };
}

/** kube-aggregator's priorities for the served group-versions (pkg/controlplane/apiserver/aggregator.go and cmd/kube-apiserver/app/aggregator.go). */
const API_SERVICE_PRIORITIES: Readonly<Record<string, readonly [number, number]>> = {
  v1: [18000, 1], 'apps/v1': [17800, 15], 'events.k8s.io/v1': [17750, 15], 'authentication.k8s.io/v1': [17700, 15],
  'authorization.k8s.io/v1': [17600, 15], 'autoscaling/v1': [17500, 15], 'autoscaling/v2': [17500, 30], 'batch/v1': [17400, 15],
  'certificates.k8s.io/v1': [17300, 15], 'networking.k8s.io/v1': [17200, 15], 'policy/v1': [17100, 15], 'rbac.authorization.k8s.io/v1': [17000, 15],
  'storage.k8s.io/v1': [16800, 15], 'apiextensions.k8s.io/v1': [16700, 15], 'admissionregistration.k8s.io/v1': [16700, 15], 'scheduling.k8s.io/v1': [16600, 15],
  'coordination.k8s.io/v1': [16500, 15], 'node.k8s.io/v1': [16300, 15], 'discovery.k8s.io/v1': [16200, 15], 'flowcontrol.apiserver.k8s.io/v1': [16100, 21],
  'apiregistration.k8s.io/v1': [18000, 15],
};

/** The parts every world's bootstrap objects share, frozen once (the store keeps frozen parts as they are). */
const SHARED = deepFreeze({
  bootstrapping: { labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
  adminRules: [{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }, { nonResourceURLs: ['*'], verbs: ['*'] }],
  csiAnnotations: { 'storage.alpha.kubernetes.io/migrated-plugins': 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/portworx-volume,kubernetes.io/vsphere-volume' },
  csiSpec: { drivers: null },
  automanaged: { 'kube-aggregator.kubernetes.io/automanaged': 'onstart' },
  // Every served group-version's local APIService spec: `v1.apps`, and `v1.` for the core group.
  apiServices: [...new Set(RESOURCES.flatMap((r) => [r.version, ...r.otherVersions].map((v) => (r.group ? `${r.group}/${v}` : v))))].map((gv) => {
    const [group, version] = gv.includes('/') ? gv.split('/') as [string, string] : ['', gv];
    const [g, v] = API_SERVICE_PRIORITIES[gv] ?? [1000, 15];
    return { name: `${version}.${group}`, spec: { ...(group ? { group } : {}), groupPriorityMinimum: g, version, versionPriority: v } };
  }),
});

export interface BootstrapNode {
  readonly name: string;
  readonly uid: string;
}

export function bootstrapApiObjects(store: Store, random: SeededRandom, created: string, createdMs: number, controlPlane: { name: string; ip: string }, nodes: readonly BootstrapNode[]): void {
  const put = (kind: string, obj: Omit<KObject, 'apiVersion' | 'kind'> & { apiVersion?: string }, apiVersion?: string): void => {
    const r = resourceByKind(kind) as ResourceType;
    const o = { apiVersion: apiVersion ?? (r.group ? `${r.group}/${r.version}` : r.version), kind, ...obj } as KObject;
    o.metadata.uid = randomUid(random);
    o.metadata.creationTimestamp = created;
    store.put(keyFor(r, o.metadata.namespace, o.metadata.name as string), o);
  };
  const meta = (name: string, namespace?: string, extra: Partial<KObject['metadata']> = {}): KObject['metadata'] => ({ name, ...(namespace ? { namespace } : {}), ...extra });

  // The `kubernetes` Service's endpoints: the API server's address (no selector, so no controller keeps them).
  put('Endpoints', { metadata: meta('kubernetes', 'default', { labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }), subsets: [{ addresses: [{ ip: controlPlane.ip }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }] });
  put('EndpointSlice', {
    metadata: meta('kubernetes', 'default', { labels: { 'kubernetes.io/service-name': 'kubernetes' } }),
    addressType: 'IPv4', endpoints: [{ addresses: [controlPlane.ip], conditions: { ready: true } }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }],
  });

  // Leases: each node's heartbeat, and the leaders of the control plane.
  const acquired = microTime(createdMs);
  for (const n of nodes) {
    put('Lease', { metadata: meta(n.name, 'kube-node-lease', { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: n.uid }] }), spec: { holderIdentity: n.name, leaseDurationSeconds: 40, renewTime: acquired } });
  }
  const apiserverId = `apiserver-${random.string(26, 'abcdefghijklmnopqrstuvwxyz234567')}`;
  put('Lease', { metadata: meta(apiserverId, 'kube-system', { labels: { 'apiserver.kubernetes.io/identity': 'kube-apiserver', 'kubernetes.io/hostname': controlPlane.name } }), spec: { holderIdentity: `${apiserverId}_${randomUid(random)}`, leaseDurationSeconds: 3600, renewTime: acquired } });
  for (const leader of ['kube-controller-manager', 'kube-scheduler']) {
    put('Lease', { metadata: meta(leader, 'kube-system'), spec: { acquireTime: acquired, holderIdentity: `${controlPlane.name}_${randomUid(random)}`, leaseDurationSeconds: 15, leaseTransitions: 0, renewTime: acquired } });
  }

  // The built-in priority classes (pkg/apis/scheduling: SystemPriorityClasses).
  put('PriorityClass', { metadata: meta('system-cluster-critical'), value: 2000000000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.' });
  put('PriorityClass', { metadata: meta('system-node-critical'), value: 2000001000, globalDefault: false, preemptionPolicy: 'PreemptLowerPriority', description: 'Used for system critical pods that must not be moved from their current node.' });

  // RBAC: cluster-admin, bound to system:masters (the bootstrap policy) and to kubeadm's admins.
  const bootstrapping = SHARED.bootstrapping;
  put('ClusterRole', { metadata: meta('cluster-admin', undefined, bootstrapping), rules: SHARED.adminRules });
  put('ClusterRoleBinding', { metadata: meta('cluster-admin', undefined, bootstrapping), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:masters' }] });
  put('ClusterRoleBinding', { metadata: meta('kubeadm:cluster-admins'), roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' }, subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'kubeadm:cluster-admins' }] });

  // Each kubelet's CSINode: no CSI drivers registered on a fresh node.
  for (const n of nodes) put('CSINode', { metadata: meta(n.name, undefined, { annotations: SHARED.csiAnnotations, ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: n.name, uid: n.uid }] }), spec: SHARED.csiSpec });

  // The aggregator's local APIServices, always available.
  const available = deepFreeze({ conditions: [{ type: 'Available', status: 'True', lastTransitionTime: created, reason: 'Local', message: 'Local APIServices are always available' }] });
  for (const a of SHARED.apiServices) put('APIService', { metadata: meta(a.name, undefined, { labels: SHARED.automanaged }), spec: a.spec, status: available });
}
