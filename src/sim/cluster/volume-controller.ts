/**
 * The persistent-volume controller's part a learner meets: a claim nothing can bind. The
 * simulated cluster is what `kubeadm init` leaves — no StorageClass, no provisioner, no
 * PersistentVolumes — so every claim stays Pending, and the controller says why on each pass
 * (its claim sync period is 15 s): with no class named, `no persistent volumes available for this
 * claim and no storage class is set`; with a class that does not exist, that it was not found.
 * The scheduler meanwhile keeps a pod that uses the claim Pending (see scheduler.ts).
 */
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import type { KObject } from './objects.ts';

/** --pvclaimbinder-sync-period. */
const SYNC_MS = 15_000;

export class VolumeController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly now: () => number) {}

  #next: number | undefined;
  #seen = -1;

  get wakeup(): number | undefined {
    return this.#next;
  }

  /** One pass over the claims, when they changed or the sync period came round. */
  reconcile(claimsVersion: number): boolean {
    const now = this.now();
    if (claimsVersion === this.#seen && (this.#next === undefined || now < this.#next)) return false;
    this.#seen = claimsVersion;
    const pending = this.api.list(this.api.resourceOf('PersistentVolumeClaim')).filter((c) => !c.metadata.deletionTimestamp && (c.status?.phase ?? 'Pending') === 'Pending');
    this.#next = pending.length ? now + SYNC_MS : undefined;
    for (const claim of pending) this.#explain(claim);
    return false;
  }

  #explain(claim: KObject): void {
    const cls = claim.spec?.storageClassName;
    if (cls === undefined || cls === '') {
      this.events.record(claim, 'Normal', 'FailedBinding', 'no persistent volumes available for this claim and no storage class is set', { component: 'persistentvolume-controller' });
    } else {
      this.events.record(claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${cls}" not found`, { component: 'persistentvolume-controller' });
    }
  }
}
