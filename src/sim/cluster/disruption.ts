/**
 * PodDisruptionBudgets: the disruption controller that keeps their status, and the Eviction API
 * that reads it (Kubernetes 1.32: pkg/controller/disruption/disruption.go; pkg/registry/core/pod/
 * storage/eviction.go; pkg/apis/policy/v1 helpers for the DisruptionAllowed condition).
 *
 * - The controller counts, for each budget, the pods its selector matches in its namespace: the
 *   healthy ones (Ready, not being deleted, not just evicted), how many must stay healthy
 *   (minAvailable as written, or a percentage / maxUnavailable of what the pods' controllers
 *   want), and so how many may go now (never below 0, and 0 while no pod is expected).
 * - An eviction of a pod a budget covers decrements the budget's allowance and records the pod as
 *   disrupted (so the next count leaves it out), then deletes the pod; with no allowance left it is
 *   refused with 429 TooManyRequests — kubectl drain retries every 5 s. Pods that are not running
 *   (Pending, Succeeded, Failed) or already being deleted are evicted without asking the budget.
 */
import type { ApiServer, StatusError } from './api-server.ts';
import { podIsReady } from './controllers.ts';
import { resolveIntOrPercent } from './daemonset-controller.ts';
import type { EventRecorder } from './events.ts';
import { clone, controllerOf, selectorMatches, type Json, type KObject } from './objects.ts';

/** DeletionTimeout: an evicted pod still there after this long counts again. */
const DELETION_TIMEOUT_MS = 2 * 60_000;

/** A budget's selector matches a pod (an empty selector matches every pod of its namespace, as labels.Everything). */
function covers(pdb: KObject, pod: KObject): boolean {
  if (pdb.metadata.namespace !== pod.metadata.namespace) return false;
  const sel = pdb.spec?.selector;
  if (!sel) return false;
  return selectorMatches(sel, pod.metadata.labels ?? {});
}

/** The budgets covering a pod, in name order. */
export function budgetsFor(api: ApiServer, pod: KObject): KObject[] {
  return api.list(api.resourceOf('PodDisruptionBudget'), pod.metadata.namespace).filter((b) => covers(b, pod));
}

/** UpdateDisruptionAllowedCondition: True/SufficientPods while some disruption is allowed, else False/InsufficientPods. */
function withAllowedCondition(status: Json, previous: Json[] | undefined, generation: number, now: string): Json {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  const old = (previous ?? []).find((c) => c.type === 'DisruptionAllowed');
  const want = { type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods', message: '' };
  const same = old && old.status === want.status && old.reason === want.reason;
  return { ...status, conditions: [{ ...want, observedGeneration: generation, lastTransitionTime: same ? old.lastTransitionTime : now }] };
}

/** The replicas a pod's controller wants (the finders: ReplicationController, Deployment through its ReplicaSet, ReplicaSet, StatefulSet). */
function controllerScale(api: ApiServer, pod: KObject): { uid: string; scale: number } | undefined {
  const ref = controllerOf(pod);
  if (!ref) return undefined;
  const ns = pod.metadata.namespace as string;
  const get = (kind: string, name: string): KObject | undefined => api.peek(api.resourceOf(kind), ns, name) as KObject | undefined;
  if (ref.kind === 'ReplicaSet') {
    const rs = get('ReplicaSet', ref.name);
    if (!rs || rs.metadata.uid !== ref.uid) return undefined;
    const depRef = controllerOf(rs);
    if (depRef?.kind === 'Deployment') {
      const dep = get('Deployment', depRef.name);
      return dep && dep.metadata.uid === depRef.uid ? { uid: dep.metadata.uid as string, scale: dep.spec?.replicas ?? 1 } : undefined;
    }
    return { uid: rs.metadata.uid as string, scale: rs.spec?.replicas ?? 1 };
  }
  if (ref.kind === 'ReplicationController' || ref.kind === 'StatefulSet') {
    const owner = get(ref.kind, ref.name);
    return owner && owner.metadata.uid === ref.uid ? { uid: owner.metadata.uid as string, scale: owner.spec?.replicas ?? 1 } : undefined;
  }
  return undefined;
}

export class DisruptionController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly now: () => number) {}

  /** One pass over every budget; returns whether it wrote anything. */
  reconcile(): boolean {
    const api = this.api;
    const now = this.now();
    let changed = false;
    const pods = api.list(api.resourceOf('Pod'));
    for (const pdb of api.list(api.resourceOf('PodDisruptionBudget'))) {
      if (pdb.metadata.deletionTimestamp) continue;
      const mine = pods.filter((p) => covers(pdb, p));
      if (mine.length === 0) this.#event(pdb, 'Normal', 'NoPods', 'No matching pods found');
      const counted = this.#expected(pdb, mine);
      const status: Json = clone(pdb.status ?? {});
      let next: Json;
      if ('error' in counted) {
        // failSafe: nothing may be disrupted while the count is unknown.
        this.#event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${counted.error}`);
        next = { ...status, disruptionsAllowed: 0, observedGeneration: pdb.metadata.generation ?? 1 };
        next = { ...next, conditions: [{ type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: counted.error, observedGeneration: pdb.metadata.generation ?? 1, lastTransitionTime: api.now() }] };
      } else {
        // buildDisruptedPodMap: an evicted pod stays out of the count until it is gone, or for two minutes.
        const disrupted: Record<string, string> = {};
        for (const [name, at] of Object.entries((status.disruptedPods ?? {}) as Record<string, string>)) {
          const pod = mine.find((p) => p.metadata.name === name);
          if (!pod || pod.metadata.deletionTimestamp) continue;
          if (Date.parse(at) + DELETION_TIMEOUT_MS < now) continue;
          disrupted[name] = at;
        }
        const currentHealthy = mine.filter((p) => !p.metadata.deletionTimestamp && disrupted[p.metadata.name as string] === undefined && podIsReady(p)).length;
        const { expectedCount, desiredHealthy } = counted;
        let disruptionsAllowed = currentHealthy - desiredHealthy;
        if (expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
        next = withAllowedCondition({
          currentHealthy, desiredHealthy, disruptionsAllowed, expectedPods: expectedCount, observedGeneration: pdb.metadata.generation ?? 1,
          ...(Object.keys(disrupted).length ? { disruptedPods: disrupted } : {}),
        }, status.conditions, pdb.metadata.generation ?? 1, api.now());
      }
      if (JSON.stringify(next) === JSON.stringify(pdb.status ?? {})) continue;
      api.patchStatus('PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name as string, next);
      changed = true;
    }
    return changed;
  }

  /** getExpectedPodCount: how many pods are expected and how many must stay healthy. */
  #expected(pdb: KObject, pods: readonly KObject[]): { expectedCount: number; desiredHealthy: number } | { error: string } {
    const { minAvailable, maxUnavailable } = pdb.spec ?? {};
    if (maxUnavailable === undefined && (minAvailable === undefined || typeof minAvailable === 'number')) {
      return { expectedCount: pods.length, desiredHealthy: minAvailable ?? 0 };
    }
    // A percentage or maxUnavailable: the sum of what the pods' controllers want (getExpectedScale).
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      if (!controllerOf(pod)) { unmanaged.push(pod.metadata.name as string); continue; }
      const c = controllerScale(this.api, pod);
      if (!c) return { error: `found no controllers for pod "${pod.metadata.name}"` };
      scales.set(c.uid, c.scale);
    }
    if (unmanaged.length) this.#event(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${goLabelSelector(pdb.spec?.selector)}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
    const expectedCount = [...scales.values()].reduce((a, b) => a + b, 0);
    if (maxUnavailable !== undefined) {
      return { expectedCount, desiredHealthy: Math.max(0, expectedCount - resolveIntOrPercent(maxUnavailable, expectedCount, true)) };
    }
    return { expectedCount, desiredHealthy: resolveIntOrPercent(minAvailable, expectedCount, true) };
  }

  /** Events are recorded once per change of message, as the recorder's aggregation would show them. */
  #event(pdb: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    const key = `${pdb.metadata.uid}|${reason}|${message}`;
    if (this.#told.has(key)) return;
    this.#told.add(key);
    this.events.record(pdb, type, reason, message, { component: 'controllermanager' });
  }

  readonly #told = new Set<string>();
}

/** The generated String() of a *metav1.LabelSelector. */
function goLabelSelector(sel: Json): string {
  if (!sel) return 'nil';
  const labels = Object.keys(sel.matchLabels ?? {}).sort().map((k) => `${k}: ${sel.matchLabels[k]},`).join('');
  const exprs = (sel.matchExpressions ?? []).map((e: Json) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[]string{${(e.values ?? []).join(',')}},},`).join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

const TOO_MANY = "Cannot evict pod as it would violate the pod's disruption budget.";

/**
 * POST pods/NAME/eviction: the budget's answer, then the pod's deletion. `dryRun` checks without
 * changing anything.
 */
export function evictPod(api: ApiServer, namespace: string, name: string, options: { gracePeriodSeconds?: number; dryRun?: boolean; actor: string }): { ok: true } | { ok: false; error: StatusError } {
  const podType = api.resourceOf('Pod');
  const pod = api.get(podType, namespace, name);
  if (!('metadata' in pod)) return { ok: false, error: pod };
  const remove = (): { ok: true } | { ok: false; error: StatusError } => {
    if (options.dryRun) return { ok: true };
    const r = api.delete(podType, namespace, name, { ...(options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds >= 0 ? { gracePeriodSeconds: options.gracePeriodSeconds } : {}), actor: options.actor });
    return r.ok ? { ok: true } : r;
  };
  // canIgnorePDB: a pod that is not running, or already going, needs no budget's leave.
  const phase = pod.status?.phase ?? 'Pending';
  if (phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || pod.metadata.deletionTimestamp) return remove();
  const budgets = budgetsFor(api, pod);
  if (budgets.length > 1) return { ok: false, error: { code: 500, reason: 'InternalError', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.' } };
  const pdb = budgets[0];
  if (!pdb) return remove();
  const st = pdb.status ?? {};
  // An unready pod may go when the application is not disrupted (IfHealthyBudget) or always (AlwaysAllow); it does not spend the allowance.
  if (!podIsReady(pod)) {
    if (pdb.spec?.unhealthyPodEvictionPolicy === 'AlwaysAllow') return remove();
    if ((st.currentHealthy ?? 0) >= (st.desiredHealthy ?? 0) && (st.desiredHealthy ?? 0) > 0) return remove();
  }
  // checkAndDecrement
  if ((st.observedGeneration ?? 0) < (pdb.metadata.generation ?? 1)) return { ok: false, error: { code: 429, reason: 'TooManyRequests', message: TOO_MANY } };
  if ((st.disruptionsAllowed ?? 0) < 0) return { ok: false, error: { code: 403, reason: 'Forbidden', message: `poddisruptionbudgets.policy "${pdb.metadata.name}" is forbidden: pdb disruptions allowed is negative` } };
  if ((st.disruptionsAllowed ?? 0) === 0) return { ok: false, error: { code: 429, reason: 'TooManyRequests', message: TOO_MANY } };
  if (!options.dryRun) {
    const next = withAllowedCondition({ ...clone(st), disruptionsAllowed: st.disruptionsAllowed - 1, disruptedPods: { ...(st.disruptedPods ?? {}), [name]: api.now() } }, st.conditions, pdb.metadata.generation ?? 1, api.now());
    api.patchStatus('PodDisruptionBudget', namespace, pdb.metadata.name as string, next);
  }
  return remove();
}
