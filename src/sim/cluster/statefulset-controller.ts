/**
 * The StatefulSet controller (pkg/controller/statefulset, 1.32): pods with stable names
 * NAME-0 … NAME-(n-1). Under the default OrderedReady policy it creates them one at a time, each
 * only once the one before is Running and Ready, and removes them from the highest ordinal down,
 * one at a time; Parallel does both at once. A pod that goes away comes back with the same name.
 * Each volumeClaimTemplate gives every pod its own claim, TEMPLATE-NAME-ORDINAL, made before the
 * pod and kept after it. Templates are ControllerRevisions; a rolling update replaces pods from
 * the highest ordinal down to the partition.
 */
import type { ApiServer } from './api-server.ts';
import { isPodAvailable, podIsReady } from './controllers.ts';
import type { EventRecorder } from './events.ts';
import { currentRevision, ownedRevisions, truncateHistory } from './history.ts';
import { podTemplateHash } from './names.ts';
import { clone, controllerOf, type Json, type KObject } from './objects.ts';
import type { Bucket } from './store.ts';
import { SyncState } from './sync-state.ts';
import type { Trace } from '../trace.ts';

const COMPONENT = 'statefulset-controller';
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';
const REVISION_LABEL = 'controller-revision-hash';

const ordinalOf = (set: KObject, pod: KObject): number | undefined => {
  const m = new RegExp(`^${(set.metadata.name as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d+)$`).exec(pod.metadata.name as string);
  return m ? Number(m[1]) : undefined;
};
const terminal = (p: KObject): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
const runningAndReady = (p: KObject): boolean => p.status?.phase === 'Running' && podIsReady(p);

export class StatefulSetController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  /** Per StatefulSet: what it last settled with (its version, its pods', the claims'), and when a pod becomes available. */
  readonly #state = new SyncState();

  get wakeup(): number | undefined {
    return this.#state.wakeup;
  }

  reconcile(podsOf: (ownerUid: string) => Bucket, claimsVersion: number): boolean {
    const stsType = this.api.resourceOf('StatefulSet');
    const sets = this.api.list(stsType);
    if (sets.length === 0 && this.#state.empty) return false;
    const now = this.now();
    const signature = (set: KObject): string => `${this.api.peek(stsType, set.metadata.namespace, set.metadata.name as string)?.metadata.resourceVersion}|${podsOf(set.metadata.uid as string).version}|${claimsVersion}`;
    return this.#state.pass(sets, now, signature, (set) => !set.metadata.deletionTimestamp && this.#sync(set, [...podsOf(set.metadata.uid as string).objects.values()], now)).changed;
  }

  #event(set: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(set, type, reason, message, { component: COMPONENT });
  }

  /** updateStatefulSet: revisions, then pods in ordinal order, then the status. */
  #sync(set: KObject, pods: KObject[], now: number): boolean {
    const revisions = currentRevision(this.api, set, (data, revision) => {
      const hash = podTemplateHash(data, set.status?.collisionCount ?? 0);
      return {
        apiVersion: 'apps/v1', kind: 'ControllerRevision',
        metadata: {
          name: `${set.metadata.name}-${hash}`, namespace: set.metadata.namespace,
          labels: { ...(set.spec?.template?.metadata?.labels ?? {}), 'controller.kubernetes.io/hash': hash },
          ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name as string, uid: set.metadata.uid as string, controller: true, blockOwnerDeletion: true }],
        },
        data, revision,
      };
    });
    let wrote = revisions.wrote;
    const update = revisions.current;
    const currentName: string = set.status?.currentRevision ?? update.metadata.name;
    const current = ownedRevisions(this.api, set).find((r) => r.metadata.name === currentName) ?? update;
    const replicas: number = set.spec?.replicas ?? 1;
    const monotonic = (set.spec?.podManagementPolicy ?? 'OrderedReady') === 'OrderedReady';
    const minReady: number = set.spec?.minReadySeconds ?? 0;
    const partition: number = set.spec?.updateStrategy?.type === 'RollingUpdate' ? set.spec.updateStrategy.rollingUpdate?.partition ?? 0 : 0;

    const slots: Array<KObject | undefined> = Array.from({ length: replicas }, () => undefined);
    const condemned: KObject[] = [];
    for (const p of pods) {
      const ord = ordinalOf(set, p);
      if (ord === undefined) continue;
      if (ord < replicas) slots[ord] = p; else condemned.push(p);
    }
    condemned.sort((a, b) => (ordinalOf(set, a) as number) - (ordinalOf(set, b) as number));

    const run = (): boolean => {
      // Replicas in order: replace finished ones, create missing ones, and (OrderedReady) wait for each.
      for (let ord = 0; ord < replicas; ord++) {
        let pod = slots[ord];
        if (pod && terminal(pod) && !pod.metadata.deletionTimestamp) {
          this.#deletePod(set, pod, `it ${pod.status.phase === 'Failed' ? 'failed' : 'exited'}; the StatefulSet makes it again under the same name`);
          wrote = true;
          pod = undefined;
          if (monotonic) return true;
          continue;
        }
        if (!pod) {
          // newVersionedStatefulSetPod: below the partition a pod keeps the current revision.
          const revision = set.spec?.updateStrategy?.type === 'RollingUpdate' && ord < partition ? current : update;
          if (this.#createPod(set, ord, revision, monotonic)) wrote = true;
          if (monotonic) return true;
          continue;
        }
        if (pod.metadata.deletionTimestamp && monotonic) return true;
        if (monotonic && !(runningAndReady(pod) && isPodAvailable(pod, minReady, now))) {
          if (runningAndReady(pod)) this.#timer(set, pod, minReady);
          return true;
        }
      }
      // Scale down: the highest ordinal first; under OrderedReady one at a time, once the others are healthy.
      for (let i = condemned.length - 1; i >= 0; i--) {
        const pod = condemned[i] as KObject;
        if (pod.metadata.deletionTimestamp) { if (monotonic) return true; continue; }
        this.#deletePod(set, pod, `the StatefulSet scales to ${replicas}: pods go from the highest ordinal down`);
        wrote = true;
        if (monotonic) return true;
      }
      // A rolling update: from the highest ordinal down to the partition, one pod at a time.
      if (set.spec?.updateStrategy?.type === 'RollingUpdate') {
        for (let ord = replicas - 1; ord >= partition; ord--) {
          const pod = slots[ord];
          if (!pod) return true;
          if (pod.metadata.labels?.[REVISION_LABEL] !== update.metadata.name && !pod.metadata.deletionTimestamp) {
            this.#deletePod(set, pod, `it runs revision ${pod.metadata.labels?.[REVISION_LABEL]}; the rolling update moves it to ${update.metadata.name}`);
            wrote = true;
            return true;
          }
          if (!(runningAndReady(pod) && isPodAvailable(pod, minReady, now))) return true;
        }
      }
      return false;
    };
    run();

    const inUse = new Set<string>([currentName, update.metadata.name as string]);
    for (const p of pods) { const r = p.metadata.labels?.[REVISION_LABEL]; if (r) inUse.add(r); }
    wrote = truncateHistory(this.api, set, revisions.all, inUse) || wrote;
    return this.#status(set, currentName, update.metadata.name as string, now) || wrote;
  }

  #createPod(set: KObject, ord: number, revision: KObject, monotonic: boolean): boolean {
    const name = `${set.metadata.name}-${ord}`;
    // The template of the revision this pod gets (below a partition, the older one).
    const template = clone(revision.data?.spec?.template ?? set.spec?.template ?? {});
    delete template.$patch;
    const meta: Json = { ...(template.metadata ?? {}) };
    delete meta.creationTimestamp;
    meta.labels = { ...(meta.labels ?? {}), [REVISION_LABEL]: revision.metadata.name, [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ord) };
    const spec: Json = template.spec ?? {};
    spec.hostname = name;
    if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
    // One claim per template per pod, made before the pod; the pod's volume of that name refers to it.
    const claims: Json[] = set.spec?.volumeClaimTemplates ?? [];
    const volumes: Json[] = (spec.volumes ?? []).filter((v: Json) => !claims.some((c) => c.metadata?.name === v.name));
    for (const c of claims) {
      const claimName = `${c.metadata?.name}-${set.metadata.name}-${ord}`;
      volumes.push({ name: c.metadata?.name, persistentVolumeClaim: { claimName } });
      this.#ensureClaim(set, name, c, claimName);
    }
    if (claims.length || spec.volumes) spec.volumes = volumes;
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { ...meta, name, namespace: set.metadata.namespace, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: set.metadata.name as string, uid: set.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
      spec,
    };
    this.trace.record({ at: this.now(), component: 'controller manager', action: `create pod ${name}`, why: monotonic && ord > 0 ? `StatefulSet ${set.metadata.name} makes its pods in order: ${set.metadata.name}-${ord - 1} is Running and Ready, so ${name} comes next` : `StatefulSet ${set.metadata.name} wants ${set.spec?.replicas ?? 1} pod(s), each with its own stable name` });
    const r = this.api.create(pod, { actor: 'the StatefulSet controller', owned: true });
    if (!r.ok) {
      this.#event(set, 'Warning', 'FailedCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} failed error: ${r.error.message}`);
      return false;
    }
    this.#event(set, 'Normal', 'SuccessfulCreate', `create Pod ${name} in StatefulSet ${set.metadata.name} successful`);
    return true;
  }

  /** createPersistentVolumeClaims: a missing claim is made from its template (the set's selector labels added). */
  #ensureClaim(set: KObject, podName: string, template: Json, claimName: string): void {
    const pvcType = this.api.resourceOf('PersistentVolumeClaim');
    if (this.api.peek(pvcType, set.metadata.namespace, claimName)) return;
    const claim = clone(template);
    claim.apiVersion = 'v1';
    claim.kind = 'PersistentVolumeClaim';
    claim.metadata = { ...(claim.metadata ?? {}), name: claimName, namespace: set.metadata.namespace, labels: { ...(claim.metadata?.labels ?? {}), ...(set.spec?.selector?.matchLabels ?? {}) } };
    delete claim.metadata.creationTimestamp;
    delete claim.status;
    const r = this.api.create(claim, { actor: 'the StatefulSet controller', owned: true });
    if (r.ok) this.#event(set, 'Normal', 'SuccessfulCreate', `create Claim ${claimName} Pod ${podName} in StatefulSet ${set.metadata.name} success`);
    else this.#event(set, 'Warning', 'FailedCreate', `create Claim ${claimName} for Pod ${podName} in StatefulSet ${set.metadata.name} failed error: ${r.error.message}`);
  }

  #deletePod(set: KObject, pod: KObject, why: string): void {
    const r = this.api.delete(this.api.resourceOf('Pod'), pod.metadata.namespace, pod.metadata.name as string, { actor: 'the StatefulSet controller' });
    if (!r.ok) return;
    this.#event(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    this.trace.record({ at: this.now(), component: 'controller manager', action: `delete pod ${pod.metadata.name}`, why: `the StatefulSet controller: ${why}` });
  }

  #timer(set: KObject, pod: KObject, minReady: number): void {
    const since = Date.parse((pod.status?.conditions ?? []).find((c: Json) => c.type === 'Ready')?.lastTransitionTime ?? '');
    if (Number.isFinite(since)) this.#state.wake(set.metadata.uid as string, since + minReady * 1000 + 1);
  }

  /** computeReplicaStatus, then completeRollingUpdate: when every pod is updated and ready, the update revision is current. */
  #status(set: KObject, currentName: string, updateName: string, now: number): boolean {
    const latest = this.api.peek(this.api.resourceOf('StatefulSet'), set.metadata.namespace, set.metadata.name as string);
    if (!latest) return false;
    const pods = this.api.list(this.api.resourceOf('Pod'), set.metadata.namespace).filter((p) => controllerOf(p)?.uid === set.metadata.uid);
    const minReady: number = latest.spec?.minReadySeconds ?? 0;
    let replicas = 0; let ready = 0; let available = 0; let currentReplicas = 0; let updated = 0;
    for (const p of pods) {
      replicas++;
      if (runningAndReady(p)) { ready++; if (isPodAvailable(p, minReady, now)) available++; }
      if (!p.metadata.deletionTimestamp) {
        const r = p.metadata.labels?.[REVISION_LABEL];
        if (r === currentName) currentReplicas++;
        if (r === updateName) updated++;
      }
    }
    let currentRevision = currentName;
    if (latest.spec?.updateStrategy?.type === 'RollingUpdate' && updated === replicas && ready === replicas) {
      currentReplicas = updated;
      currentRevision = updateName;
    }
    // StatefulSetStatus's fields in the Go struct's order.
    const status: Json = {
      observedGeneration: latest.metadata.generation ?? 1, replicas, ...(ready ? { readyReplicas: ready } : {}),
      ...(currentReplicas ? { currentReplicas } : {}), ...(updated ? { updatedReplicas: updated } : {}),
      currentRevision, updateRevision: updateName, collisionCount: latest.status?.collisionCount ?? 0, availableReplicas: available,
    };
    if (JSON.stringify(status) === JSON.stringify(latest.status ?? {})) return false;
    this.api.patchStatus('StatefulSet', latest.metadata.namespace, latest.metadata.name as string, status);
    return true;
  }
}
