/**
 * Events, recorded by each component as the real ones are: repeats of the same reason and
 * message on the same object are aggregated (count, firstTimestamp, lastTimestamp), which is
 * what kubectl shows as `51s (x3 over 95s)`.
 */
import type { VirtualClock } from '../clock.ts';
import type { SeededRandom } from '../random.ts';
import { keyFor } from './api-server.ts';
import type { KObject } from './objects.ts';
import { resourceByKind } from './resources.ts';
import type { Store } from './store.ts';

export type EventType = 'Normal' | 'Warning';

/** `default-scheduler`, `kubelet`, `replicaset-controller`, `deployment-controller`. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

export class EventRecorder {
  #sequence = 0;

  constructor(private readonly store: Store, private readonly clock: VirtualClock, private readonly random: SeededRandom) {}

  record(object: KObject, type: EventType, reason: string, message: string, source: EventSource): void {
    const r = resourceByKind('Event');
    if (!r) return;
    const ns = object.metadata.namespace ?? 'default';
    const now = new Date(this.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z');
    const existing = this.store.list(`${r.etcdPrefix}/${ns}`).find((e) => e.involvedObject?.uid === object.metadata.uid && e.reason === reason && e.message === message && e.source?.component === source.component);
    if (existing) {
      existing.count = (existing.count ?? 1) + 1;
      existing.lastTimestamp = now;
      this.store.put(keyFor(r, ns, existing.metadata.name as string), existing);
      return;
    }
    // The real name ends in the creation time in hex; a sequence keeps same-instant events in order.
    const name = `${object.metadata.name}.${(this.clock.now() * 1000 + (this.#sequence++ % 1000)).toString(16).padStart(16, '0').slice(-16)}`;
    this.store.put(keyFor(r, ns, name), {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns, creationTimestamp: now, uid: `${this.random.hex(8)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(12)}` },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      reportingComponent: source.component, reportingInstance: source.host ?? '',
    });
  }

  /** Events about one object, oldest first (as `kubectl describe` lists them). */
  about(object: KObject): KObject[] {
    const r = resourceByKind('Event');
    if (!r) return [];
    return this.store.list(`${r.etcdPrefix}/${object.metadata.namespace ?? 'default'}`)
      .filter((e) => e.involvedObject?.uid === object.metadata.uid)
      // kubectl describe sorts by lastTimestamp (SortableEvents); same-instant events keep creation order.
      .sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp) || (a.metadata.name as string).localeCompare(b.metadata.name as string));
  }
}
