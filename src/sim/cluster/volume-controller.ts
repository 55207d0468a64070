/**
 * kube-controller-manager's volume controllers, as far as a cluster without a provisioner goes
 * (pkg/controller/volume/persistentvolume, pvcprotection, pvprotection):
 * - the persistent-volume controller binds a Pending claim to the smallest Available
 *   PersistentVolume that fits it (same class, the claim's access modes, enough capacity, the same
 *   volume mode, the claim's selector), or one pre-bound to it by `claimRef`; a claim whose class
 *   waits for its first consumer binds once a pod uses it. A new volume turns Available; a volume
 *   whose claim is gone is Released (reclaim policy Retain) or deleted (Delete). Claims are synced
 *   when they change and every 15 s (--pvclaimbinder-sync-period), so a volume created after its
 *   claim is found at the next sync, as on a real cluster. A claim nothing fits says why on each
 *   sync: with no class named, `no persistent volumes available for this claim and no storage class
 *   is set`; with a class that does not exist, that it was not found; with one that names a
 *   provisioner, that it waits for it (the cluster runs none).
 * - the pvc-protection controller lets a deleted claim go once no scheduled pod uses it, and the
 *   pv-protection controller a deleted volume once it is no longer Bound (their finalizers).
 * The scheduler meanwhile keeps a pod that uses an unbound claim Pending (see scheduler.ts).
 */
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import { clone, selectorMatches, type Json, type KObject } from './objects.ts';
import { parseQuantity } from './quantity.ts';
import { PVC_PROTECTION } from './workload-api.ts';

/** --pvclaimbinder-sync-period. */
const SYNC_MS = 15_000;

export const PV_PROTECTION = 'kubernetes.io/pv-protection';
const BOUND_BY_CONTROLLER = 'pv.kubernetes.io/bound-by-controller';
const BIND_COMPLETED = 'pv.kubernetes.io/bind-completed';
const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** GetPersistentVolumeClaimClass / GetPersistentVolumeClass: the beta annotation first, then the field. */
const classOf = (o: KObject): string => o.metadata.annotations?.[BETA_CLASS] ?? o.spec?.storageClassName ?? '';

/** The API server's metav1.Time, to the second. */
const isoSeconds = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/**
 * Why the Delete reclaim policy fails for a volume, or undefined when its plugin deletes it: the
 * host-path deleter removes only paths under /tmp, and no other in-tree plugin deletes.
 */
function deleteFailure(pv: KObject): string | undefined {
  const hostPath = pv.spec?.hostPath?.path;
  if (typeof hostPath === 'string') return /\/tmp\/.+/.test(hostPath) ? undefined : `host_path deleter only supports /tmp/.+ but received provided ${hostPath}`;
  return 'no deletable volume plugin matched';
}

/** A claim whose class binds on first use (volumeBindingMode WaitForFirstConsumer). */
export function waitsForFirstConsumer(api: ApiServer, claim: KObject): boolean {
  const cls = classOf(claim);
  if (!cls) return false;
  const sc = api.peek(api.resourceOf('StorageClass'), undefined, cls);
  return sc?.volumeBindingMode === 'WaitForFirstConsumer';
}

export class VolumeController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly now: () => number) {}

  #next: number | undefined;
  #seen = '';
  /** Each claim's resourceVersion when it was last synced (a changed claim is synced at once). */
  readonly #synced = new Map<string, string>();

  get wakeup(): number | undefined {
    return this.#next;
  }

  /**
   * One pass, when claims, volumes or pods changed (`signature`) or the sync period came round.
   * Returns whether it wrote anything.
   */
  reconcile(signature: string): boolean {
    const now = this.now();
    const due = this.#next !== undefined && now >= this.#next;
    if (signature === this.#seen && !due) return false;
    this.#seen = signature;
    const pvcType = this.api.resourceOf('PersistentVolumeClaim');
    const pvType = this.api.resourceOf('PersistentVolume');
    let changed = false;
    const claims = this.api.list(pvcType);
    let volumes = this.api.list(pvType);
    // The volumes first: new ones become Available, those whose claim is gone are reclaimed.
    for (const pv of volumes) changed = this.#syncVolume(pv, now) || changed;
    if (changed) volumes = this.api.list(pvType);
    const pods = claims.some((c) => c.metadata.deletionTimestamp || (c.status?.phase ?? 'Pending') === 'Pending') ? this.api.list(this.api.resourceOf('Pod')) : [];
    const users = (c: KObject): KObject[] => pods.filter((p) => p.metadata.namespace === c.metadata.namespace && (p.spec?.volumes ?? []).some((v: Json) => v?.persistentVolumeClaim?.claimName === c.metadata.name));
    const uses = (c: KObject, scheduledOnly: boolean): boolean => users(c).some((p) => !scheduledOnly || p.spec?.nodeName);
    let pending = false;
    for (const claim of claims) {
      const uid = claim.metadata.uid as string;
      if (claim.metadata.deletionTimestamp) {
        // pvc-protection: the finalizer goes once no scheduled pod uses the claim.
        if ((claim.metadata.finalizers ?? []).includes(PVC_PROTECTION) && !uses(claim, true)) changed = this.#dropFinalizer(claim, PVC_PROTECTION) || changed;
        continue;
      }
      if ((claim.status?.phase ?? 'Pending') !== 'Pending') continue;
      pending = true;
      const fresh = this.#synced.get(uid) !== claim.metadata.resourceVersion;
      if (!fresh && !due && !this.#waitsForConsumer(claim)) continue;
      const bound = this.#bind(claim, volumes, now, (c) => uses(c, false));
      if (bound) { changed = true; volumes = this.api.list(pvType); continue; }
      this.#synced.set(uid, claim.metadata.resourceVersion as string);
      if (fresh || due) this.#explain(claim, users(claim).filter((p) => !p.spec?.nodeName).map((p) => p.metadata.name as string));
    }
    // pv-protection: a deleted volume goes once no claim is bound to it.
    for (const pv of volumes) {
      if (pv.metadata.deletionTimestamp && (pv.metadata.finalizers ?? []).includes(PV_PROTECTION) && pv.status?.phase !== 'Bound') changed = this.#dropFinalizer(pv, PV_PROTECTION) || changed;
    }
    const live = new Set(claims.map((c) => c.metadata.uid as string));
    for (const uid of this.#synced.keys()) if (!live.has(uid)) this.#synced.delete(uid);
    if (due || this.#next === undefined) this.#next = pending ? now + SYNC_MS : undefined;
    else if (!pending) this.#next = undefined;
    return changed;
  }

  #waitsForConsumer(claim: KObject): boolean {
    return waitsForFirstConsumer(this.api, claim);
  }

  /** syncVolume: Pending → Available; a volume whose claim is gone is Released or deleted. */
  #syncVolume(pv: KObject, now: number): boolean {
    if (pv.metadata.deletionTimestamp) return false;
    const ref = pv.spec?.claimRef;
    const phase = pv.status?.phase ?? 'Pending';
    // Unused, or pre-bound to a claim (no uid yet) that it waits for: Available.
    if (!ref?.name || !ref.uid) return phase !== 'Available' ? this.#volumePhase(pv, 'Available', now) : false;
    const claim = this.api.peek(this.api.resourceOf('PersistentVolumeClaim'), ref.namespace, ref.name);
    if (claim && claim.metadata.uid === ref.uid) return false;
    if (phase === 'Failed') return false;
    // The claim is gone: the volume is Released, then reclaimed as its policy says.
    if (phase !== 'Released') return this.#volumePhase(pv, 'Released', now);
    if (pv.spec?.persistentVolumeReclaimPolicy !== 'Delete') return false;
    const failure = deleteFailure(pv);
    if (failure === undefined) {
      this.api.delete(this.api.resourceOf('PersistentVolume'), undefined, pv.metadata.name as string, { actor: 'the persistent-volume controller' });
      return true;
    }
    this.events.record(pv, 'Warning', 'VolumeFailedDelete', failure, { component: 'persistentvolume-controller' });
    return this.#volumePhase(pv, 'Failed', now, undefined, undefined, failure);
  }

  #volumePhase(pv: KObject, phase: string, now: number, spec?: Json, annotations?: Record<string, string>, message?: string): boolean {
    const next = clone(pv);
    if (spec) next.spec = spec;
    if (annotations) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), ...annotations };
    const { message: _old, ...status } = next.status ?? {};
    next.status = { ...status, phase, ...(message ? { message } : {}), ...(phase !== pv.status?.phase ? { lastPhaseTransitionTime: isoSeconds(now) } : {}) };
    const r = this.api.update(next, { actor: 'the persistent-volume controller' });
    return r.ok;
  }

  /** findBestMatchForClaim, then the binding: the volume's claimRef and phase, the claim's volumeName and status. */
  #bind(claim: KObject, volumes: readonly KObject[], now: number, used: (c: KObject) => boolean): boolean {
    const ns = claim.metadata.namespace;
    const name = claim.metadata.name;
    const preBound = claim.spec?.volumeName as string | undefined;
    if (this.#waitsForConsumer(claim) && !preBound && !used(claim)) return false;
    const want = parseQuantity(claim.spec?.resources?.requests?.storage) ?? 0;
    const modes: string[] = claim.spec?.accessModes ?? [];
    const fits = (pv: KObject): boolean => {
      if (pv.metadata.deletionTimestamp) return false;
      const ref = pv.spec?.claimRef;
      if (ref?.name && (ref.name !== name || (ref.namespace ?? 'default') !== ns || (ref.uid && ref.uid !== claim.metadata.uid))) return false;
      if (!ref?.name && pv.status?.phase !== 'Available') return false;
      if (preBound && pv.metadata.name !== preBound) return false;
      if (classOf(pv) !== classOf(claim)) return false;
      if ((pv.spec?.volumeMode ?? 'Filesystem') !== (claim.spec?.volumeMode ?? 'Filesystem')) return false;
      if (!modes.every((m) => (pv.spec?.accessModes ?? []).includes(m))) return false;
      if ((parseQuantity(pv.spec?.capacity?.storage) ?? 0) < want) return false;
      return !claim.spec?.selector || selectorMatches(claim.spec.selector, pv.metadata.labels ?? {});
    };
    const size = (pv: KObject): number => parseQuantity(pv.spec?.capacity?.storage) ?? 0;
    const candidates = volumes.filter(fits);
    // A volume pre-bound to this claim wins; otherwise the smallest that fits.
    const pv = candidates.find((v) => v.spec?.claimRef?.name) ?? candidates.sort((a, b) => size(a) - size(b))[0];
    if (!pv) return false;
    const byController = !pv.spec?.claimRef?.name;
    const claimRef = { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: ns, resourceVersion: claim.metadata.resourceVersion, uid: claim.metadata.uid };
    if (!this.#volumePhase(pv, 'Bound', now, { ...pv.spec, claimRef }, byController ? { [BOUND_BY_CONTROLLER]: 'yes' } : undefined)) return false;
    const next = clone(claim);
    next.spec = { ...next.spec, volumeName: pv.metadata.name };
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [BIND_COMPLETED]: 'yes', ...(preBound ? {} : { [BOUND_BY_CONTROLLER]: 'yes' }) };
    const updated = this.api.update(next, { actor: 'the persistent-volume controller' });
    if (!updated.ok) return false;
    this.api.patchStatus('PersistentVolumeClaim', ns, name as string, { accessModes: clone(pv.spec?.accessModes ?? []), capacity: clone(pv.spec?.capacity ?? {}), phase: 'Bound' });
    return true;
  }

  /** Why a claim stays Pending, as the controller's event says it on each sync (`waiting`: unscheduled pods that use it). */
  #explain(claim: KObject, waiting: readonly string[]): void {
    const source = { component: 'persistentvolume-controller' };
    const cls = classOf(claim);
    if (cls === '') {
      this.events.record(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', source);
      return;
    }
    const sc = this.api.peek(this.api.resourceOf('StorageClass'), undefined, cls);
    if (!sc) {
      this.events.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${cls}" not found`, source);
    } else if (sc.volumeBindingMode === 'WaitForFirstConsumer') {
      // emitEventForUnboundDelayBindingClaim
      if (waiting.length === 0) this.events.record(claim, 'Normal', 'WaitForFirstConsumer', 'waiting for first consumer to be created before binding', source);
      else this.events.record(claim, 'Normal', 'WaitForPodScheduled', `waiting for ${waiting.length > 1 ? 'pods' : 'pod'} ${waiting.join(',')} to be scheduled`, source);
    } else if (String(sc.provisioner ?? '').startsWith('kubernetes.io/')) {
      // findProvisionablePlugin: no in-tree plugin by that name (kubernetes.io/no-provisioner is the usual one).
      this.events.record(claim, 'Warning', 'ProvisioningFailed', `no volume plugin matched name: ${sc.provisioner}`, source);
    } else {
      this.events.record(claim, 'Normal', 'ExternalProvisioning', `Waiting for a volume to be created either by the external provisioner '${sc.provisioner}' or manually by the system administrator. If volume creation is delayed, please verify that the provisioner is running and correctly registered.`, source);
    }
  }

  /** The protection controllers' last step: without the finalizer, the API server removes the object. */
  #dropFinalizer(obj: KObject, finalizer: string): boolean {
    const next = clone(obj);
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f: string) => f !== finalizer);
    return this.api.update(next, { actor: `the ${finalizer.split('/')[1]} controller` }).ok;
  }
}
