/**
 * The resource types the simulated API server serves, with the names kubectl accepts for them
 * and the etcd key prefixes the real API server uses (nodes really live under /registry/minions).
 */

export interface ResourceType {
  readonly kind: string;
  /** Plural resource name: `pods`, `deployments`. */
  readonly resource: string;
  readonly group: string;
  readonly version: string;
  readonly namespaced: boolean;
  readonly shortNames: readonly string[];
  /** etcd key prefix, without the trailing slash. */
  readonly etcdPrefix: string;
}

export const RESOURCES: readonly ResourceType[] = [
  { kind: 'Pod', resource: 'pods', group: '', version: 'v1', namespaced: true, shortNames: ['po'], etcdPrefix: '/registry/pods' },
  { kind: 'Deployment', resource: 'deployments', group: 'apps', version: 'v1', namespaced: true, shortNames: ['deploy'], etcdPrefix: '/registry/deployments' },
  { kind: 'ReplicaSet', resource: 'replicasets', group: 'apps', version: 'v1', namespaced: true, shortNames: ['rs'], etcdPrefix: '/registry/replicasets' },
  { kind: 'Service', resource: 'services', group: '', version: 'v1', namespaced: true, shortNames: ['svc'], etcdPrefix: '/registry/services/specs' },
  { kind: 'Namespace', resource: 'namespaces', group: '', version: 'v1', namespaced: false, shortNames: ['ns'], etcdPrefix: '/registry/namespaces' },
  { kind: 'ConfigMap', resource: 'configmaps', group: '', version: 'v1', namespaced: true, shortNames: ['cm'], etcdPrefix: '/registry/configmaps' },
  { kind: 'Secret', resource: 'secrets', group: '', version: 'v1', namespaced: true, shortNames: [], etcdPrefix: '/registry/secrets' },
  { kind: 'Node', resource: 'nodes', group: '', version: 'v1', namespaced: false, shortNames: ['no'], etcdPrefix: '/registry/minions' },
  { kind: 'Event', resource: 'events', group: '', version: 'v1', namespaced: true, shortNames: ['ev'], etcdPrefix: '/registry/events' },
  { kind: 'ServiceAccount', resource: 'serviceaccounts', group: '', version: 'v1', namespaced: true, shortNames: ['sa'], etcdPrefix: '/registry/serviceaccounts' },
  // The workload kinds beside Deployments (see job-controller.ts, cronjob-controller.ts, daemonset-controller.ts, statefulset-controller.ts).
  { kind: 'Job', resource: 'jobs', group: 'batch', version: 'v1', namespaced: true, shortNames: [], etcdPrefix: '/registry/jobs' },
  { kind: 'CronJob', resource: 'cronjobs', group: 'batch', version: 'v1', namespaced: true, shortNames: ['cj'], etcdPrefix: '/registry/cronjobs' },
  { kind: 'DaemonSet', resource: 'daemonsets', group: 'apps', version: 'v1', namespaced: true, shortNames: ['ds'], etcdPrefix: '/registry/daemonsets' },
  { kind: 'StatefulSet', resource: 'statefulsets', group: 'apps', version: 'v1', namespaced: true, shortNames: ['sts'], etcdPrefix: '/registry/statefulsets' },
  { kind: 'ControllerRevision', resource: 'controllerrevisions', group: 'apps', version: 'v1', namespaced: true, shortNames: [], etcdPrefix: '/registry/controllerrevisions' },
  // A StatefulSet's volumeClaimTemplates make these (the "apis" branch serves the kind in full).
  { kind: 'PersistentVolumeClaim', resource: 'persistentvolumeclaims', group: '', version: 'v1', namespaced: true, shortNames: ['pvc'], etcdPrefix: '/registry/persistentvolumeclaims' },
];

export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

/** `deployments.apps` — the qualified name kubectl uses in messages. */
export function qualifiedResource(r: ResourceType): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `deployment.apps/web`, `pod/web` — kubectl's `<resource>.<group>/<name>` for success lines. */
export function kindSlashName(r: ResourceType, name: string): string {
  return `${r.kind.toLowerCase()}${r.group ? `.${r.group}` : ''}/${name}`;
}

export function resourceByKind(kind: string, apiVersion?: string): ResourceType | undefined {
  return RESOURCES.find((r) => r.kind === kind && (apiVersion === undefined || apiVersionOf(r) === apiVersion));
}

/** What kubectl accepts: `pod`, `pods`, `po`, `deployment.apps`, `Deployment`. */
export function resourceByName(name: string): ResourceType | undefined {
  const n = name.toLowerCase();
  const [base, group] = n.includes('.') ? [n.slice(0, n.indexOf('.')), n.slice(n.indexOf('.') + 1)] : [n, undefined];
  return RESOURCES.find((r) => (group === undefined || r.group === group || (group === '' && r.group === ''))
    && (r.resource === base || r.kind.toLowerCase() === base || r.shortNames.includes(base)));
}
