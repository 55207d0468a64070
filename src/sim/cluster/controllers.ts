/**
 * The controller manager's loops that matter here. Each reads the store, compares desired with
 * actual state and writes the difference back through the API server — never calling another
 * component directly. That is how self-healing happens: a deleted pod lowers the ReplicaSet's
 * count, and the ReplicaSet controller makes a new one.
 */
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import type { Bucket } from './store.ts';
import { templateHashOf } from './names.ts';
import { clone, controllerOf, selectorMatches, type Json, type KObject } from './objects.ts';
import type { Trace } from '../trace.ts';
import { isStored, RESOURCES, resourceByKind, type ResourceType } from './resources.ts';

const REVISION = 'deployment.kubernetes.io/revision';

/** Ready as the controllers count it: the pod's Ready condition is True. */
export function podIsReady(pod: KObject): boolean {
  const conditions = pod.status?.conditions;
  if (!conditions) return false;
  for (const c of conditions) if (c.type === 'Ready') return c.status === 'True';
  return false;
}

/** IsPodAvailable: Ready, and for longer than minReadySeconds. */
export function isPodAvailable(pod: KObject, minReadySeconds: number, now: number): boolean {
  if (!podIsReady(pod)) return false;
  if (!minReadySeconds) return true;
  const since = (pod.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime;
  return Boolean(since) && Date.parse(since) + minReadySeconds * 1000 < now;
}

/** Counted by its ReplicaSet: not being deleted and not finished. */
const isActive = (pod: KObject): boolean => !pod.metadata.deletionTimestamp && pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';

/** How a ReplicaSet counts a pod, for the owner index's tallies: 0 inactive, 1 active, 2 active and ready. */
export const POD_ACTIVE = 1;
export const POD_READY = 2;
export function podClass(pod: KObject): number {
  return !isActive(pod) ? 0 : podIsReady(pod) ? POD_READY : POD_ACTIVE;
}

/** Percentages round up for surge and down for unavailable; both zero means one unavailable. */
export function rollingNumbers(dep: KObject): { surge: number; unavailable: number } {
  const replicas = dep.spec?.replicas ?? 1;
  const ru = dep.spec?.strategy?.rollingUpdate ?? {};
  const resolve = (v: unknown, up: boolean): number => {
    if (typeof v === 'number') return v;
    const m = /^(\d+)%$/.exec(String(v ?? '25%'));
    const pct = m ? Number(m[1]) : 25;
    return up ? Math.ceil((replicas * pct) / 100) : Math.floor((replicas * pct) / 100);
  };
  let surge = resolve(ru.maxSurge ?? '25%', true);
  let unavailable = resolve(ru.maxUnavailable ?? '25%', false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  if (dep.spec?.strategy?.type === 'Recreate') { surge = 0; unavailable = replicas; }
  return { surge, unavailable };
}

/**
 * Which kind a ReplicaSetController runs: ReplicaSets, or ReplicationControllers (kube-controller-manager's
 * replication manager is the ReplicaSet controller over ReplicationControllers, with its own name on events).
 */
interface ReplicatedKind {
  readonly kind: 'ReplicaSet' | 'ReplicationController';
  readonly apiVersion: string;
  /** The component on its events. */
  readonly component: string;
  readonly actor: string;
}

const REPLICA_SETS: ReplicatedKind = { kind: 'ReplicaSet', apiVersion: 'apps/v1', component: 'replicaset-controller', actor: 'the ReplicaSet controller' };
export const REPLICATION_CONTROLLERS: ReplicatedKind = { kind: 'ReplicationController', apiVersion: 'v1', component: 'replication-controller', actor: 'the replication controller manager' };

export class ReplicaSetController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number, private readonly of: ReplicatedKind = REPLICA_SETS) {}

  /** Per ReplicaSet: its resourceVersion and its pods' bucket version when it last settled. */
  readonly #synced = new Map<string, string>();

  /**
   * `podsOf(uid)`: the pods a ReplicaSet controls, from the informer's owner index, with their
   * counts (active, ready) kept current on every write. A ReplicaSet whose object and pods are as
   * they were when it last settled is skipped, as an informer would not wake its worker; one
   * that needs no pods created or deleted never looks at its pods one by one.
   */
  reconcile(podsOf: (ownerUid: string) => Bucket): boolean {
    let changed = false;
    const { kind, apiVersion, component, actor } = this.of;
    const rsType = this.api.resourceOf(kind);
    const podType = this.api.resourceOf('Pod');
    const live = new Set<string>();
    for (const rs of this.api.list(rsType)) {
      if (rs.metadata.deletionTimestamp) continue;
      const uid = rs.metadata.uid as string;
      live.add(uid);
      const pods = podsOf(uid);
      const seen = `${rs.metadata.resourceVersion}|${pods.version}`;
      if (this.#synced.get(uid) === seen) continue;
      let failed = false;
      // Pods it controls (the owner reference is what adoption sets; kubetutor has no relabelling).
      const ready = pods.counts[POD_READY] ?? 0;
      const activeCount = (pods.counts[POD_ACTIVE] ?? 0) + ready;
      const want = rs.spec.replicas ?? 1;
      let created = 0;
      let deleted = 0;
      if (activeCount < want) {
        for (let i = activeCount; i < want; i++) {
          const template = clone(rs.spec.template ?? {});
          const pod: KObject = {
            apiVersion: 'v1', kind: 'Pod',
            metadata: { ...(template.metadata ?? {}), generateName: `${rs.metadata.name}-`, namespace: rs.metadata.namespace,
              ownerReferences: [{ apiVersion, kind, name: rs.metadata.name as string, uid: rs.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
            spec: template.spec,
          };
          delete pod.metadata.creationTimestamp;
          this.trace.record({ at: this.now(), component: 'controller manager', action: `create a pod for ${rs.metadata.name}`, why: `${kind} ${rs.metadata.name} wants ${want} pod(s) and has ${i}` });
          const r = this.api.create(pod, { actor, owned: true });
          if (r.ok) {
            created++;
            this.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`, { component });
          } else {
            this.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${r.error.message}`, { component });
            failed = true;
            break;
          }
          changed = true;
        }
      } else if (activeCount > want) {
        const active = [...pods.objects.values()].filter(isActive);
        // Prefer deleting pods that are unscheduled, then not ready, then the newest.
        const rank = (p: KObject): number => (!p.spec?.nodeName ? 0 : !podIsReady(p) ? 1 : 2);
        const victims = active.sort((a, b) => rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? '') || (b.metadata.name as string).localeCompare(a.metadata.name as string)).slice(0, active.length - want);
        for (const v of victims) {
          this.api.delete(podType, v.metadata.namespace, v.metadata.name as string, { actor });
          deleted++;
          this.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${v.metadata.name}`, { component });
          changed = true;
        }
      }
      // Pods this pass created are not ready yet; the ones it deleted no longer count.
      const current = activeCount + created - deleted;
      const status = {
        replicas: current,
        fullyLabeledReplicas: current,
        readyReplicas: Math.min(ready, current),
        availableReplicas: Math.min(ready, current),
        observedGeneration: rs.metadata.generation ?? 1,
      };
      const clean = Object.fromEntries(Object.entries(status).filter(([k, v]) => v !== 0 || k === 'replicas'));
      let after = rs;
      if (JSON.stringify(clean) !== JSON.stringify(rs.status ?? {})) {
        const r = this.api.patchStatus(kind, rs.metadata.namespace, rs.metadata.name as string, clean);
        if (r) after = r;
        changed = true;
      }
      // Settled only when nothing was created or deleted (those writes wake it again) and nothing
      // failed (a failed create is retried on the next pass, as the controller's requeue would).
      if (created || deleted || failed) this.#synced.delete(uid);
      else this.#synced.set(uid, `${after.metadata.resourceVersion}|${pods.version}`);
    }
    for (const uid of this.#synced.keys()) if (!live.has(uid)) this.#synced.delete(uid);
    return changed;
  }
}

export class DeploymentController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  reconcile(): boolean {
    let changed = false;
    const depType = this.api.resourceOf('Deployment');
    const rsType = this.api.resourceOf('ReplicaSet');
    for (const dep of this.api.list(depType)) {
      if (dep.metadata.deletionTimestamp) continue;
      const owned = this.api.list(rsType, dep.metadata.namespace).filter((rs) => controllerOf(rs)?.uid === dep.metadata.uid);
      const hash = templateHashOf(dep);
      let current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
      const maxRevision = Math.max(0, ...owned.map((rs) => Number(rs.metadata.annotations?.[REVISION] ?? 0)));
      if (!current) {
        const template = clone(dep.spec.template ?? {});
        template.metadata ??= {};
        template.metadata.labels = { ...(template.metadata.labels ?? {}), 'pod-template-hash': hash };
        const rs: KObject = {
          apiVersion: 'apps/v1', kind: 'ReplicaSet',
          metadata: {
            name: `${dep.metadata.name}-${hash}`, namespace: dep.metadata.namespace,
            labels: { ...(dep.spec.template?.metadata?.labels ?? {}), 'pod-template-hash': hash },
            annotations: { 'deployment.kubernetes.io/desired-replicas': String(dep.spec.replicas), 'deployment.kubernetes.io/max-replicas': String((dep.spec.replicas ?? 1) + rollingNumbers(dep).surge), [REVISION]: String(maxRevision + 1) },
            ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: dep.metadata.name as string, uid: dep.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
          },
          spec: {
            replicas: 0,
            selector: { ...clone(dep.spec.selector), matchLabels: { ...(dep.spec.selector?.matchLabels ?? {}), 'pod-template-hash': hash } },
            template,
          },
        };
        this.trace.record({ at: this.now(), component: 'controller manager', action: `create replicaset ${rs.metadata.name}`, why: `Deployment ${dep.metadata.name} has a new pod template, so it gets a new ReplicaSet (pod-template-hash ${hash})` });
        const r = this.api.create(rs, { actor: 'the Deployment controller' });
        if (!r.ok) continue;
        current = r.object;
        changed = true;
      } else if (Number(current.metadata.annotations?.[REVISION] ?? 0) < maxRevision && owned.length > 1) {
        // Rolling back to an old template makes its ReplicaSet the newest revision again.
        const copy = clone(current);
        copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), [REVISION]: String(maxRevision + 1) };
        current = this.#write(copy);
        changed = true;
      }
      // The Deployment carries the revision of its newest ReplicaSet, as `describe` shows.
      const revision = current.metadata.annotations?.[REVISION];
      if (revision && dep.metadata.annotations?.[REVISION] !== revision) {
        const fresh = this.api.get(depType, dep.metadata.namespace, dep.metadata.name as string);
        if ('metadata' in fresh) {
          fresh.metadata.annotations = { ...(fresh.metadata.annotations ?? {}), [REVISION]: revision };
          this.api.writeStatus(fresh);
          changed = true;
        }
      }
      const olds = owned.filter((rs) => rs.metadata.uid !== current?.metadata.uid);
      changed = this.#rollout(dep, current as KObject, olds) || changed;
      changed = this.#status(dep) || changed;
    }
    return changed;
  }

  #write(rs: KObject): KObject {
    const r = this.api.update(rs);
    return r.ok ? r.object : rs;
  }

  /** Set a ReplicaSet's replicas; returns the stored result (objects from the store are frozen). */
  #scale(dep: KObject, rs: KObject, to: number): KObject {
    const from = rs.spec.replicas ?? 0;
    if (from === to) return rs;
    const copy = clone(rs);
    copy.spec.replicas = to;
    copy.metadata.annotations = { ...(copy.metadata.annotations ?? {}), 'deployment.kubernetes.io/desired-replicas': String(dep.spec.replicas) };
    const written = this.#write(copy);
    this.events.record(dep, 'Normal', 'ScalingReplicaSet', `Scaled ${to > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${to}`, { component: 'deployment-controller' });
    this.trace.record({ at: this.now(), component: 'controller manager', action: `scale replicaset ${rs.metadata.name} ${from}→${to}`, why: `the Deployment controller moves ${dep.metadata.name} toward ${dep.spec.replicas} up-to-date pod(s)` });
    return written;
  }

  #readyOf(rs: KObject): number {
    return rs.status?.readyReplicas ?? 0;
  }

  /** One step of a rolling update (or a Recreate), bounded by maxSurge and maxUnavailable. */
  #rollout(dep: KObject, first: KObject, oldSets: KObject[]): boolean {
    const want = dep.spec.replicas ?? 1;
    let current = first;
    const olds = [...oldSets];
    const before = JSON.stringify([current.spec.replicas, ...olds.map((o) => o.spec.replicas)]);
    const oldTotal = olds.reduce((n, o) => n + (o.spec.replicas ?? 0), 0);
    if (oldTotal === 0) {
      current = this.#scale(dep, current, want);
    } else {
      const { surge, unavailable } = rollingNumbers(dep);
      // Scale up the new ReplicaSet as far as the surge allows.
      const total = (current.spec.replicas ?? 0) + oldTotal;
      const upTo = Math.min(want, (current.spec.replicas ?? 0) + Math.max(0, want + surge - total));
      if (dep.spec.strategy?.type !== 'Recreate') current = this.#scale(dep, current, Math.max(current.spec.replicas ?? 0, upTo));
      // Scale old ones down while enough pods stay available; old pods that are not ready go first.
      // client-go's guard (reconcileOldReplicaSets): never below minAvailable counting what the
      // ReplicaSets are *asked* to run, since their ready counts may still be catching up.
      const minAvailable = want - unavailable;
      const allPods = (current.spec.replicas ?? 0) + olds.reduce((n, o) => n + (o.spec.replicas ?? 0), 0);
      const newUnavailable = Math.max(0, (current.spec.replicas ?? 0) - this.#readyOf(current));
      const maxScaledDown = allPods - minAvailable - newUnavailable;
      const readyNew = this.#readyOf(current);
      const readyOld = olds.reduce((n, o) => n + Math.min(this.#readyOf(o), o.spec.replicas ?? 0), 0);
      let canRemove = Math.max(0, Math.min(maxScaledDown, readyNew + readyOld - minAvailable));
      let unhealthyBudget = Math.max(0, maxScaledDown);
      olds.forEach((o, i) => {
        const notReady = Math.min(unhealthyBudget, Math.max(0, (o.spec.replicas ?? 0) - this.#readyOf(o)));
        unhealthyBudget -= notReady;
        const take = Math.min(o.spec.replicas ?? 0, notReady + canRemove);
        if (take > 0) {
          canRemove -= Math.max(0, take - notReady);
          olds[i] = this.#scale(dep, o, (o.spec.replicas ?? 0) - take);
        }
      });
    }
    const after = JSON.stringify([current.spec.replicas, ...olds.map((o) => o.spec.replicas)]);
    return before !== after;
  }

  #status(dep: KObject): boolean {
    const rsType = this.api.resourceOf('ReplicaSet');
    // Read as stored (frozen); only a changed status is written, beside the stored spec.
    const latest = this.api.peek(this.api.resourceOf('Deployment'), dep.metadata.namespace, dep.metadata.name as string);
    if (!latest) return false;
    const owned = this.api.list(rsType, dep.metadata.namespace).filter((rs) => controllerOf(rs)?.uid === dep.metadata.uid);
    const hash = templateHashOf(latest);
    const current = owned.find((rs) => rs.metadata.labels?.['pod-template-hash'] === hash);
    const replicas = owned.reduce((n, rs) => n + (rs.status?.replicas ?? 0), 0);
    const ready = owned.reduce((n, rs) => n + (rs.status?.readyReplicas ?? 0), 0);
    // calculateStatus (deployment/sync.go): available from the ReplicaSets' status, unavailable
    // as what they all want (spec.replicas, GetReplicaCountForReplicaSets) minus that, never below 0.
    const availableReplicas = owned.reduce((n, rs) => n + (rs.status?.availableReplicas ?? 0), 0);
    const wanted = owned.reduce((n, rs) => n + (rs.spec?.replicas ?? 0), 0);
    const updated = current?.status?.replicas ?? 0;
    const want = latest.spec.replicas ?? 1;
    const { unavailable } = rollingNumbers(latest);
    const available = availableReplicas >= want - unavailable;
    const complete = updated === want && replicas === want && ready === want;
    const prev = latest.status ?? {};
    const nowIso = new Date(this.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const cond = (type: string, status: string, reason: string, message: string): Json => {
      const old = (prev.conditions ?? []).find((c: Json) => c.type === type);
      const same = old && old.status === status && old.reason === reason;
      return { type, status, lastUpdateTime: same ? old.lastUpdateTime : nowIso, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : nowIso, reason, message };
    };
    // Progress is any change in the counts; no progress for progressDeadlineSeconds fails the rollout.
    const prevProgress = (prev.conditions ?? []).find((c: Json) => c.type === 'Progressing');
    const moved = prev.updatedReplicas !== (updated || undefined) || prev.readyReplicas !== (ready || undefined) || prev.replicas !== (replicas || undefined);
    const lastProgress = moved || !prevProgress ? this.now() : Date.parse(prevProgress.lastUpdateTime);
    const deadline = (latest.spec.progressDeadlineSeconds ?? 600) * 1000;
    let progressing: Json;
    if (complete) progressing = cond('Progressing', 'True', 'NewReplicaSetAvailable', `ReplicaSet "${current?.metadata.name}" has successfully progressed.`);
    else if (prevProgress?.reason === 'ProgressDeadlineExceeded' || this.now() - lastProgress > deadline) progressing = cond('Progressing', 'False', 'ProgressDeadlineExceeded', `ReplicaSet "${current?.metadata.name}" has timed out progressing.`);
    else {
      progressing = cond('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet "${current?.metadata.name}" is progressing.`);
      if (moved) progressing.lastUpdateTime = nowIso;
    }
    const status: Json = {
      observedGeneration: latest.metadata.generation,
      replicas, updatedReplicas: updated, readyReplicas: ready, availableReplicas,
      unavailableReplicas: Math.max(0, wanted - availableReplicas),
      conditions: [
        available ? cond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.') : cond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        progressing,
      ],
    };
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (status[k] === 0) delete status[k];
    if (prev.collisionCount !== undefined) status.collisionCount = prev.collisionCount;
    if (JSON.stringify(status) === JSON.stringify(prev)) return false;
    this.api.patchStatus('Deployment', latest.metadata.namespace, latest.metadata.name as string, status);
    return true;
  }
}

/** The controllers whose objects own others, and the kinds they own. */
export const OWNER_KINDS: readonly string[] = ['Deployment', 'ReplicaSet', 'ReplicationController', 'Job', 'CronJob', 'DaemonSet', 'StatefulSet'];
const DEPENDENT_KINDS: readonly string[] = ['ReplicaSet', 'Job', 'ControllerRevision', 'Pod'];

/** Deleting an owner deletes what it owns (background cascading deletion, kubectl's default). */
export class GarbageCollector {
  constructor(private readonly api: ApiServer) {}

  reconcile(): boolean {
    let changed = false;
    const live = new Set<string>();
    for (const kind of OWNER_KINDS) for (const o of this.api.list(this.api.resourceOf(kind))) live.add(o.metadata.uid as string);
    for (const kind of DEPENDENT_KINDS) {
      const r = this.api.resourceOf(kind);
      for (const obj of this.api.list(r)) {
        const owner = controllerOf(obj);
        // Only owners this control plane runs (a static pod's Node is not an owner it collects for).
        if (!owner || obj.metadata.deletionTimestamp || !OWNER_KINDS.includes(owner.kind)) continue;
        if (!live.has(owner.uid)) {
          this.api.delete(r, obj.metadata.namespace, obj.metadata.name as string, { actor: 'the garbage collector' });
          changed = true;
        }
      }
    }
    return changed;
  }
}

/**
 * What a namespace holds, in the order the namespace controller empties it here: the controllers'
 * objects before their pods (so nothing recreates them), then every other namespaced kind (each
 * stored folder once: events.k8s.io Events are the core ones).
 */
const FIRST = ['Deployment', 'ReplicaSet', 'CronJob', 'Job', 'DaemonSet', 'StatefulSet', 'ControllerRevision', 'Pod', 'PersistentVolumeClaim', 'Service', 'ConfigMap', 'Secret', 'ServiceAccount', 'Event'];
const NAMESPACED: readonly ResourceType[] = [
  ...FIRST.map((k) => resourceByKind(k) as ResourceType),
  ...RESOURCES.filter((r, i, all) => r.namespaced && isStored(r) && !FIRST.includes(r.kind) && all.findIndex((x) => x.etcdPrefix === r.etcdPrefix) === i),
];

/** The namespace controller: a Terminating namespace is emptied, then removed. */
export class NamespaceController {
  constructor(private readonly api: ApiServer) {}

  reconcile(): boolean {
    let changed = false;
    const nsType = this.api.resourceOf('Namespace');
    for (const ns of this.api.list(nsType)) {
      if (!ns.metadata.deletionTimestamp) continue;
      const name = ns.metadata.name as string;
      let left = 0;
      for (const r of NAMESPACED) {
        for (const o of this.api.list(r, name)) {
          left++;
          if (r.kind === 'Pod' && o.metadata.deletionTimestamp) continue;
          this.api.delete(r, name, o.metadata.name as string, { actor: 'the namespace controller' });
          changed = true;
        }
      }
      if (left === 0) {
        this.api.removeNamespace(name);
        changed = true;
      }
    }
    return changed;
  }
}
