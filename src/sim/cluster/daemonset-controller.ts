/**
 * The DaemonSet controller (pkg/controller/daemon/daemon_controller.go and update.go, 1.32): one
 * pod on every node the template fits (nodeSelector, node affinity, taints against tolerations —
 * with the tolerations every daemon pod gets), placed by the default scheduler through a node
 * affinity on the node's name. A rolling update replaces at most maxUnavailable pods at a time;
 * each template is kept as a ControllerRevision whose hash labels its pods.
 */
import type { ApiServer } from './api-server.ts';
import { isPodAvailable, podIsReady } from './controllers.ts';
import type { EventRecorder } from './events.ts';
import { currentRevision, truncateHistory } from './history.ts';
import { podTemplateHash } from './names.ts';
import { clone, inGoOrder, type Json, type KObject } from './objects.ts';
import { nodeSelectorMatches, tolerates } from './scheduler.ts';
import type { Bucket } from './store.ts';
import { SyncState } from './sync-state.ts';
import { DS_TEMPLATE_GENERATION } from './workload-api.ts';
import type { Trace } from '../trace.ts';

export const REVISION_HASH = 'controller-revision-hash';
export const TEMPLATE_GENERATION = 'pod-template-generation';
const COMPONENT = 'daemonset-controller';

/** AddOrUpdateDaemonPodTolerations: what every daemon pod tolerates, so node trouble never evicts it. */
export function daemonTolerations(spec: Json): Json[] {
  const add: Json[] = [
    { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
    { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
    { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
    ...(spec?.hostNetwork ? [{ key: 'node.kubernetes.io/network-unavailable', operator: 'Exists', effect: 'NoSchedule' }] : []),
  ];
  // AddOrUpdateTolerationInPodSpec: one with the same key, operator, value and effect is replaced, others kept.
  const out: Json[] = [...(spec?.tolerations ?? [])];
  for (const t of add) {
    const i = out.findIndex((x) => x.key === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && x.effect === t.effect);
    if (i >= 0) out[i] = t; else out.push(t);
  }
  return out;
}

/** ReplaceDaemonSetPodNodeNameNodeAffinity: the pod may only go to this node (by name, not by label). */
export function nodeNameAffinity(affinity: Json, node: string): Json {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  const a = clone(affinity ?? {});
  a.nodeAffinity ??= {};
  a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution = { ...(a.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution ?? {}), nodeSelectorTerms: [term] };
  return a;
}

/** GetTargetNodeName: where a daemon pod runs, or is meant to (its name affinity, before it is scheduled). */
function targetNode(pod: KObject): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  for (const t of pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []) {
    for (const f of t.matchFields ?? []) if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
  }
  return undefined;
}

/**
 * NodeShouldRunDaemonPod: whether a daemon pod should be on the node, and whether one already
 * there may stay (a NoSchedule taint keeps new pods off but does not evict; NoExecute does).
 */
export function shouldRun(ds: KObject, node: KObject): { run: boolean; stay: boolean } {
  const spec = ds.spec?.template?.spec ?? {};
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { run: false, stay: false };
  if (!nodeSelectorMatches(spec, { name: node.metadata.name as string, labels: node.metadata.labels ?? {} })) return { run: false, stay: false };
  const tolerations = daemonTolerations(spec);
  const taints: Json[] = node.spec?.taints ?? [];
  const bad = taints.filter((t) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(tolerations, t));
  if (bad.length === 0) return { run: true, stay: true };
  return { run: false, stay: !bad.some((t) => t.effect === 'NoExecute') };
}

/** What the node-by-node comparison found: which nodes the DaemonSet is on and which it should be. */
function byNode(pods: Iterable<KObject>): Map<string, KObject[]> {
  const m = new Map<string, KObject[]>();
  for (const p of pods) {
    // A pod already finished and being deleted is the kubelet's and the pod GC's, not the controller's.
    if (p.metadata.deletionTimestamp && (p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed')) continue;
    const n = targetNode(p);
    if (n === undefined) continue;
    const list = m.get(n);
    if (list) list.push(p); else m.set(n, [p]);
  }
  return m;
}

/** podByCreationTimestampAndPhase: running before pending, then the oldest first. */
const oldestFirst = (a: KObject, b: KObject): number => {
  const ra = a.status?.phase === 'Running' ? 0 : 1;
  const rb = b.status?.phase === 'Running' ? 0 : 1;
  return ra - rb || (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || (a.metadata.name as string).localeCompare(b.metadata.name as string);
};

export class DaemonSetController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  /** Per DaemonSet: what it last settled with (its version, its pods', the nodes'), and when a pod becomes available (minReadySeconds after Ready). */
  readonly #state = new SyncState();

  get wakeup(): number | undefined {
    return this.#state.wakeup;
  }

  reconcile(podsOf: (ownerUid: string) => Bucket, nodesVersion: number): boolean {
    const dsType = this.api.resourceOf('DaemonSet');
    const sets = this.api.list(dsType);
    if (sets.length === 0 && this.#state.empty) return false;
    const now = this.now();
    const signature = (ds: KObject): string => `${this.api.peek(dsType, ds.metadata.namespace, ds.metadata.name as string)?.metadata.resourceVersion}|${podsOf(ds.metadata.uid as string).version}|${nodesVersion}`;
    return this.#state.pass(sets, now, signature, (ds) => !ds.metadata.deletionTimestamp && this.#sync(ds, podsOf(ds.metadata.uid as string), now)).changed;
  }

  #event(ds: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(ds, type, reason, message, { component: COMPONENT });
  }

  /** syncDaemonSet: the current revision, pods where they belong, a rolling update step, history, status. */
  #sync(ds: KObject, bucket: Bucket, now: number): boolean {
    const nodes = this.api.list(this.api.resourceOf('Node'));
    const generation = ds.metadata.annotations?.[DS_TEMPLATE_GENERATION] ?? '1';
    const revisions = currentRevision(this.api, ds, (data, revision) => {
      const hash = podTemplateHash(ds.spec?.template ?? {}, ds.status?.collisionCount ?? 0);
      return {
        apiVersion: 'apps/v1', kind: 'ControllerRevision',
        metadata: {
          name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace,
          labels: { ...(ds.spec?.template?.metadata?.labels ?? {}), [REVISION_HASH]: hash },
          ...(ds.metadata.annotations ? { annotations: { ...ds.metadata.annotations } } : {}),
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name as string, uid: ds.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
        },
        data, revision,
      };
    });
    const hash: string = revisions.current.metadata.labels?.[REVISION_HASH] ?? '';
    let wrote = revisions.wrote;
    const updated = (p: KObject): boolean => (hash !== '' && p.metadata.labels?.[REVISION_HASH] === hash) || p.metadata.labels?.[TEMPLATE_GENERATION] === generation;

    // manage: create where a pod is missing, delete where one must not be (or failed, or is one too many).
    const onNode = byNode(bucket.objects.values());
    const create: string[] = [];
    const remove: Array<{ pod: KObject; why: string }> = [];
    const nodeNames = new Set<string>();
    for (const node of nodes) {
      const name = node.metadata.name as string;
      nodeNames.add(name);
      const { run, stay } = shouldRun(ds, node);
      const pods = onNode.get(name);
      if (run && !pods) { create.push(name); continue; }
      if (!pods) continue;
      if (stay) {
        const running: KObject[] = [];
        for (const p of pods) {
          if (p.metadata.deletionTimestamp) continue;
          if (p.status?.phase === 'Failed') {
            this.#event(ds, 'Warning', 'FailedDaemonPod', `Found failed daemon pod ${p.metadata.namespace}/${p.metadata.name} on node ${name}, will try to kill it`);
            remove.push({ pod: p, why: `it failed on ${name}; a new one replaces it` });
          } else if (p.status?.phase === 'Succeeded') {
            remove.push({ pod: p, why: `it ended on ${name}; a daemon pod must keep running` });
          } else running.push(p);
        }
        // Without surge, one pod per node: the oldest stays.
        running.sort(oldestFirst);
        for (const p of running.slice(1)) remove.push({ pod: p, why: `${name} already runs one` });
      } else {
        for (const p of pods) if (!p.metadata.deletionTimestamp) remove.push({ pod: p, why: `${name} no longer fits the DaemonSet (node selector, affinity or an untolerated taint)` });
      }
    }
    // Pods bound for a node that is gone.
    for (const [name, pods] of onNode) if (!nodeNames.has(name)) for (const p of pods) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) remove.push({ pod: p, why: `node ${name} no longer exists` });
    for (const r of remove) wrote = this.#delete(ds, r.pod, r.why) || wrote;
    for (const node of create) wrote = this.#create(ds, node, hash, generation) || wrote;

    // A rolling update step, once what manage asked for is visible (its expectations met).
    if (create.length === 0 && remove.length === 0 && ds.spec?.updateStrategy?.type === 'RollingUpdate') wrote = this.#rollingUpdate(ds, byNode(bucket.objects.values()), updated, now) || wrote;

    // cleanupHistory: old revisions no pod uses, beyond revisionHistoryLimit.
    const inUse = new Set<string>([revisions.current.metadata.name as string]);
    for (const p of bucket.objects.values()) {
      const h = p.metadata.labels?.[REVISION_HASH];
      const r = h && revisions.all.find((x) => x.metadata.labels?.[REVISION_HASH] === h);
      if (r) inUse.add(r.metadata.name as string);
    }
    wrote = truncateHistory(this.api, ds, revisions.all, inUse) || wrote;
    return this.#status(ds, nodes, bucket, updated, now) || wrote;
  }

  #create(ds: KObject, node: string, hash: string, generation: string): boolean {
    const template = clone(ds.spec?.template ?? {});
    const meta: Json = { ...(template.metadata ?? {}) };
    delete meta.creationTimestamp;
    meta.labels = { ...(meta.labels ?? {}), [TEMPLATE_GENERATION]: generation, ...(hash ? { [REVISION_HASH]: hash } : {}) };
    const spec: Json = template.spec ?? {};
    spec.tolerations = daemonTolerations(spec);
    spec.affinity = nodeNameAffinity(spec.affinity, node);
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { ...meta, generateName: `${ds.metadata.name}-`, namespace: ds.metadata.namespace, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'DaemonSet', name: ds.metadata.name as string, uid: ds.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
      spec,
    };
    this.trace.record({ at: this.now(), component: 'controller manager', action: `create a pod for daemonset ${ds.metadata.name}`, why: `node ${node} fits DaemonSet ${ds.metadata.name} and has no pod of it; the pod names ${node} in a node affinity, so the scheduler can only put it there` });
    const r = this.api.create(pod, { actor: 'the DaemonSet controller', owned: true });
    if (!r.ok) {
      this.#event(ds, 'Warning', 'FailedCreate', `Error creating: ${r.error.message}`);
      return false;
    }
    this.#event(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`);
    return true;
  }

  #delete(ds: KObject, pod: KObject, why: string): boolean {
    const r = this.api.delete(this.api.resourceOf('Pod'), pod.metadata.namespace, pod.metadata.name as string, { actor: 'the DaemonSet controller' });
    if (!r.ok) return false;
    this.#event(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
    this.trace.record({ at: this.now(), component: 'controller manager', action: `delete pod ${pod.metadata.name}`, why: `the DaemonSet controller: ${why}` });
    return true;
  }

  /** rollingUpdate without surge: delete old pods while no more than maxUnavailable nodes lack an available pod. */
  #rollingUpdate(ds: KObject, onNode: Map<string, KObject[]>, updated: (p: KObject) => boolean, now: number): boolean {
    const desired = this.api.list(this.api.resourceOf('Node')).filter((n) => shouldRun(ds, n).run).length;
    const ru = ds.spec.updateStrategy.rollingUpdate ?? {};
    // GetScaledValueFromIntOrPercent rounds up here; with both at 0 one pod may still go.
    let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable ?? 1, desired, true);
    if (maxUnavailable === 0 && resolveIntOrPercent(ru.maxSurge ?? 0, desired, true) === 0) maxUnavailable = 1;
    const minReady: number = ds.spec.minReadySeconds ?? 0;
    let unavailable = 0;
    const replace: KObject[] = [];
    const candidates: KObject[] = [];
    for (const name of [...onNode.keys()].sort()) {
      const pods = (onNode.get(name) as KObject[]).filter((p) => !p.metadata.deletionTimestamp);
      const fresh = pods.filter(updated);
      const old = pods.filter((p) => !updated(p));
      if (pods.length === 0 || (fresh.length > 0 && old.length > 0) || pods.length > 1) { unavailable++; continue; }
      if (fresh.length === 1) { if (!isPodAvailable(fresh[0] as KObject, minReady, now)) unavailable++; continue; }
      const pod = old[0] as KObject;
      if (!isPodAvailable(pod, minReady, now)) replace.push(pod);
      else if (unavailable < maxUnavailable) candidates.push(pod);
    }
    const budget = Math.max(0, Math.min(maxUnavailable - unavailable, candidates.length));
    let wrote = false;
    for (const p of [...replace, ...candidates.slice(0, budget)]) wrote = this.#delete(ds, p, `it runs an old template; the rolling update replaces at most ${maxUnavailable} pod(s) at a time`) || wrote;
    return wrote;
  }

  /** updateDaemonSetStatus: counted node by node, from each node's oldest daemon pod. */
  #status(ds: KObject, nodes: readonly KObject[], bucket: Bucket, updated: (p: KObject) => boolean, now: number): boolean {
    const onNode = byNode(bucket.objects.values());
    const minReady: number = ds.spec?.minReadySeconds ?? 0;
    let desired = 0; let current = 0; let ready = 0; let available = 0; let upToDate = 0; let misscheduled = 0;
    let nextAvailable: number | undefined;
    for (const node of nodes) {
      const pods = onNode.get(node.metadata.name as string);
      if (shouldRun(ds, node).run) {
        desired++;
        if (!pods) continue;
        current++;
        const pod = [...pods].sort(oldestFirst)[0] as KObject;
        if (podIsReady(pod)) {
          ready++;
          if (isPodAvailable(pod, minReady, now)) available++;
          else {
            const since = Date.parse((pod.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime ?? '') + minReady * 1000;
            if (Number.isFinite(since) && (nextAvailable === undefined || since < nextAvailable)) nextAvailable = since;
          }
        }
        if (updated(pod)) upToDate++;
      } else if (pods) misscheduled++;
    }
    if (nextAvailable !== undefined) this.#state.wake(ds.metadata.uid as string, nextAvailable);
    const prev = ds.status ?? {};
    const status: Json = {
      currentNumberScheduled: current, desiredNumberScheduled: desired, numberMisscheduled: misscheduled, numberReady: ready,
      ...(available ? { numberAvailable: available } : {}), ...(desired - available > 0 ? { numberUnavailable: desired - available } : {}),
      observedGeneration: ds.metadata.generation ?? 1, ...(upToDate ? { updatedNumberScheduled: upToDate } : {}),
      ...(prev.collisionCount !== undefined ? { collisionCount: prev.collisionCount } : {}),
      ...(prev.conditions ? { conditions: prev.conditions } : {}),
    };
    if (JSON.stringify(sortKeys(status)) === JSON.stringify(sortKeys(prev))) return false;
    this.api.patchStatus('DaemonSet', ds.metadata.namespace, ds.metadata.name as string, inGoOrder(status, DS_STATUS_FIELDS));
    return true;
  }
}

/** DaemonSetStatus's fields in the Go struct's order. */
const DS_STATUS_FIELDS = ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady', 'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount', 'conditions'];

const sortKeys = (o: Json): Json => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));

/** intstr: a number, or a percentage of `total` rounded up (surge) or down (unavailable). */
export function resolveIntOrPercent(v: unknown, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(String(v));
  if (!m) return Number(v) || 0;
  const x = (total * Number(m[1])) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}
