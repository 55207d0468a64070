/**
 * The resource types a Kubernetes 1.32 API server (kubeadm, default feature gates) serves: what
 * `kubectl api-resources` lists, with the names kubectl accepts for them and the etcd key
 * prefixes the real API server stores them under.
 *
 * Kinds come from the generated schema (../schema.ts), found by the resource's plural name in
 * its group-version; everything else here is not in that data, so it is a table, from:
 * - plural names, short names, categories and verbs: each resource's REST storage in
 *   kubernetes/kubernetes pkg/registry/<group>/<resource>/storage (ShortNames(), Categories(),
 *   and the verbs its store implements), as discovery reports them;
 * - etcd prefixes: test/integration/etcd/data.go (ExpectedEtcdPath of every resource) — nodes
 *   really live under /registry/minions, services under /registry/services/specs, Endpoints under
 *   /registry/services/endpoints, Ingresses under /registry/ingress, ReplicationControllers under
 *   /registry/controllers, and both Event APIs share /registry/events;
 * - what is served at all: the 1.32 release's GA group-versions (beta and alpha APIs are off by
 *   default, so ServiceCIDRs, IPAddresses, VolumeAttributesClasses and LeaseCandidates are absent).
 */
import { allKinds } from '../schema.ts';

export interface ResourceType {
  readonly kind: string;
  /** Plural resource name: `pods`, `deployments`. */
  readonly resource: string;
  readonly group: string;
  /** The preferred version (what `api-resources` shows and reads return). */
  readonly version: string;
  /** Other versions the server also accepts writes in (autoscaling/v1 HorizontalPodAutoscalers). */
  readonly otherVersions: readonly string[];
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** etcd key prefix, without the trailing slash; '' for resources that are never stored (reviews, bindings). */
  readonly etcdPrefix: string;
  /** Discovery's verbs, in its (sorted) order. */
  readonly verbs: readonly string[];
  readonly categories: readonly string[];
}

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;
const NAMESPACE_VERBS = ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'] as const;
const CREATE = ['create'] as const;

/** [group-version, plural, short names, namespaced, etcd prefix ('' = not stored), verbs, categories, other versions]. */
type Row = readonly [string, string, readonly string[], boolean, string, readonly string[], readonly string[], (readonly string[])?];

const ROWS: readonly Row[] = [
  ['v1', 'bindings', [], true, '', CREATE, []],
  ['v1', 'componentstatuses', ['cs'], false, '', ['get', 'list'], []],
  ['v1', 'configmaps', ['cm'], true, '/registry/configmaps', ALL, []],
  ['v1', 'endpoints', ['ep'], true, '/registry/services/endpoints', ALL, []],
  ['v1', 'events', ['ev'], true, '/registry/events', ALL, []],
  ['v1', 'limitranges', ['limits'], true, '/registry/limitranges', ALL, []],
  ['v1', 'namespaces', ['ns'], false, '/registry/namespaces', NAMESPACE_VERBS, []],
  ['v1', 'nodes', ['no'], false, '/registry/minions', ALL, []],
  ['v1', 'persistentvolumeclaims', ['pvc'], true, '/registry/persistentvolumeclaims', ALL, []],
  ['v1', 'persistentvolumes', ['pv'], false, '/registry/persistentvolumes', ALL, []],
  ['v1', 'pods', ['po'], true, '/registry/pods', ALL, ['all']],
  ['v1', 'podtemplates', [], true, '/registry/podtemplates', ALL, []],
  ['v1', 'replicationcontrollers', ['rc'], true, '/registry/controllers', ALL, ['all']],
  ['v1', 'resourcequotas', ['quota'], true, '/registry/resourcequotas', ALL, []],
  ['v1', 'secrets', [], true, '/registry/secrets', ALL, []],
  ['v1', 'serviceaccounts', ['sa'], true, '/registry/serviceaccounts', ALL, []],
  ['v1', 'services', ['svc'], true, '/registry/services/specs', ALL, ['all']],
  ['admissionregistration.k8s.io/v1', 'mutatingwebhookconfigurations', [], false, '/registry/mutatingwebhookconfigurations', ALL, ['api-extensions']],
  ['admissionregistration.k8s.io/v1', 'validatingadmissionpolicies', [], false, '/registry/validatingadmissionpolicies', ALL, ['api-extensions']],
  ['admissionregistration.k8s.io/v1', 'validatingadmissionpolicybindings', [], false, '/registry/validatingadmissionpolicybindings', ALL, ['api-extensions']],
  ['admissionregistration.k8s.io/v1', 'validatingwebhookconfigurations', [], false, '/registry/validatingwebhookconfigurations', ALL, ['api-extensions']],
  ['apiextensions.k8s.io/v1', 'customresourcedefinitions', ['crd', 'crds'], false, '/registry/apiextensions.k8s.io/customresourcedefinitions', ALL, ['api-extensions']],
  ['apiregistration.k8s.io/v1', 'apiservices', [], false, '/registry/apiregistration.k8s.io/apiservices', ALL, ['api-extensions']],
  ['apps/v1', 'controllerrevisions', [], true, '/registry/controllerrevisions', ALL, []],
  ['apps/v1', 'daemonsets', ['ds'], true, '/registry/daemonsets', ALL, ['all']],
  ['apps/v1', 'deployments', ['deploy'], true, '/registry/deployments', ALL, ['all']],
  ['apps/v1', 'replicasets', ['rs'], true, '/registry/replicasets', ALL, ['all']],
  ['apps/v1', 'statefulsets', ['sts'], true, '/registry/statefulsets', ALL, ['all']],
  ['authentication.k8s.io/v1', 'selfsubjectreviews', [], false, '', CREATE, []],
  ['authentication.k8s.io/v1', 'tokenreviews', [], false, '', CREATE, []],
  ['authorization.k8s.io/v1', 'localsubjectaccessreviews', [], true, '', CREATE, []],
  ['authorization.k8s.io/v1', 'selfsubjectaccessreviews', [], false, '', CREATE, []],
  ['authorization.k8s.io/v1', 'selfsubjectrulesreviews', [], false, '', CREATE, []],
  ['authorization.k8s.io/v1', 'subjectaccessreviews', [], false, '', CREATE, []],
  ['autoscaling/v2', 'horizontalpodautoscalers', ['hpa'], true, '/registry/horizontalpodautoscalers', ALL, ['all'], ['v1']],
  ['batch/v1', 'cronjobs', ['cj'], true, '/registry/cronjobs', ALL, ['all']],
  ['batch/v1', 'jobs', [], true, '/registry/jobs', ALL, ['all']],
  ['certificates.k8s.io/v1', 'certificatesigningrequests', ['csr'], false, '/registry/certificatesigningrequests', ALL, []],
  ['coordination.k8s.io/v1', 'leases', [], true, '/registry/leases', ALL, []],
  ['discovery.k8s.io/v1', 'endpointslices', [], true, '/registry/endpointslices', ALL, []],
  ['events.k8s.io/v1', 'events', ['ev'], true, '/registry/events', ALL, []],
  ['flowcontrol.apiserver.k8s.io/v1', 'flowschemas', [], false, '/registry/flowschemas', ALL, []],
  ['flowcontrol.apiserver.k8s.io/v1', 'prioritylevelconfigurations', [], false, '/registry/prioritylevelconfigurations', ALL, []],
  ['networking.k8s.io/v1', 'ingressclasses', [], false, '/registry/ingressclasses', ALL, []],
  ['networking.k8s.io/v1', 'ingresses', ['ing'], true, '/registry/ingress', ALL, []],
  ['networking.k8s.io/v1', 'networkpolicies', ['netpol'], true, '/registry/networkpolicies', ALL, []],
  ['node.k8s.io/v1', 'runtimeclasses', [], false, '/registry/runtimeclasses', ALL, []],
  ['policy/v1', 'poddisruptionbudgets', ['pdb'], true, '/registry/poddisruptionbudgets', ALL, []],
  ['rbac.authorization.k8s.io/v1', 'clusterrolebindings', [], false, '/registry/clusterrolebindings', ALL, []],
  ['rbac.authorization.k8s.io/v1', 'clusterroles', [], false, '/registry/clusterroles', ALL, []],
  ['rbac.authorization.k8s.io/v1', 'rolebindings', [], true, '/registry/rolebindings', ALL, []],
  ['rbac.authorization.k8s.io/v1', 'roles', [], true, '/registry/roles', ALL, []],
  ['scheduling.k8s.io/v1', 'priorityclasses', ['pc'], false, '/registry/priorityclasses', ALL, []],
  ['storage.k8s.io/v1', 'csidrivers', [], false, '/registry/csidrivers', ALL, []],
  ['storage.k8s.io/v1', 'csinodes', [], false, '/registry/csinodes', ALL, []],
  ['storage.k8s.io/v1', 'csistoragecapacities', [], true, '/registry/csistoragecapacities', ALL, []],
  ['storage.k8s.io/v1', 'storageclasses', ['sc'], false, '/registry/storageclasses', ALL, []],
  ['storage.k8s.io/v1', 'volumeattachments', [], false, '/registry/volumeattachments', ALL, []],
];

/** The plural a kind's resource may have: `endpoints`, `pods`, `ingresses`, `networkpolicies`. */
function pluralsOf(kind: string): string[] {
  const k = kind.toLowerCase();
  return [k, `${k}s`, `${k}es`, k.replace(/y$/, 'ies')];
}

/** The schema's kind in `groupVersion` whose plural is `resource` (exactly one, or the table is wrong). */
function kindFor(groupVersion: string, resource: string): string {
  const found = allKinds().filter((k) => k.startsWith(`${groupVersion}/`) && k.indexOf('/', groupVersion.length + 1) < 0)
    .map((k) => k.slice(groupVersion.length + 1))
    .filter((kind) => pluralsOf(kind).includes(resource));
  if (found.length !== 1) throw new Error(`resources.ts: ${resource} in ${groupVersion} names ${found.length} kinds of the schema`);
  return found[0] as string;
}

export const RESOURCES: readonly ResourceType[] = ROWS.map(([gv, resource, shortNames, namespaced, etcdPrefix, verbs, categories, otherVersions]) => {
  const slash = gv.lastIndexOf('/');
  return {
    kind: kindFor(gv, resource), resource, group: slash < 0 ? '' : gv.slice(0, slash), version: gv.slice(slash + 1),
    otherVersions: otherVersions ?? [], namespaced, shortNames, etcdPrefix, verbs, categories,
  };
});

export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** Kept in the store (most), or only ever answered (reviews, bindings, component statuses). */
export function isStored(r: ResourceType): boolean {
  return r.etcdPrefix !== '';
}

/** `deployments.apps` — the qualified name kubectl uses in messages. */
export function qualifiedResource(r: ResourceType): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `deployment.apps/web`, `pod/web` — kubectl's `<resource>.<group>/<name>` for success lines. */
export function kindSlashName(r: ResourceType, name: string): string {
  return `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${name}`;
}

/** By kind (the first, i.e. core v1 Event over events.k8s.io's), and by `apiVersion kind` for every served version. */
const BY_KIND = new Map<string, ResourceType>();
const BY_VERSION_KIND = new Map<string, ResourceType>();
for (const r of RESOURCES) {
  if (!BY_KIND.has(r.kind)) BY_KIND.set(r.kind, r);
  for (const v of [r.version, ...r.otherVersions]) BY_VERSION_KIND.set(`${r.group ? `${r.group}/${v}` : v} ${r.kind}`, r);
}

export function resourceByKind(kind: string, apiVersion?: string): ResourceType | undefined {
  return apiVersion === undefined ? BY_KIND.get(kind) : BY_VERSION_KIND.get(`${apiVersion} ${kind}`);
}

const VERSION = /^v\d+((alpha|beta)\d+)?$/;

/**
 * What kubectl accepts: `pod`, `pods`, `po`, `Deployment`, `deployment.apps`, `deployments.v1.apps`,
 * `events.events.k8s.io`. Without a group the core group wins (`events` is v1's), as kubectl's
 * RESTMapper prefers it.
 */
export function resourceByName(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  const dot = n.indexOf('.');
  const base = dot < 0 ? n : n.slice(0, dot);
  let group = dot < 0 ? undefined : n.slice(dot + 1);
  let version: string | undefined;
  if (group !== undefined) {
    const [first, ...rest] = group.split('.');
    if (VERSION.test(first as string)) { version = first; group = rest.join('.'); }
  }
  return RESOURCES.find((r) => (group === undefined || r.group === group)
    && (version === undefined || r.version === version || r.otherVersions.includes(version))
    && (r.resource === base || r.kind.toLowerCase() === base || r.shortNames.includes(base)));
}
