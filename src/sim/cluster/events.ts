/**
 * Events, recorded by each component as the real ones are: repeats of the same reason and
 * message on the same object are aggregated (count, firstTimestamp, lastTimestamp), which is
 * what kubectl shows as `51s (x3 over 95s)`. Indexed by object and by aggregation key, so a
 * busy cluster does not rescan its events on every record.
 */
import type { VirtualClock } from '../clock.ts';
import type { SeededRandom } from '../random.ts';
import { keyFor } from './api-server.ts';
import { clone, type KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import type { Store } from './store.ts';

export type EventType = 'Normal' | 'Warning';

/** `default-scheduler`, `kubelet`, `replicaset-controller`, `deployment-controller`. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

export class EventRecorder {
  #sequence = 0;
  readonly #type = resourceByKind('Event') as ResourceType;
  /** aggregation key → store key */
  readonly #byAggregate = new Map<string, string>();
  /** involved object uid → store keys */
  readonly #byObject = new Map<string, string[]>();

  constructor(private readonly store: Store, private readonly clock: VirtualClock, private readonly random: SeededRandom) {}

  record(object: KObject, type: EventType, reason: string, message: string, source: EventSource): void {
    const ns = object.metadata.namespace ?? 'default';
    const now = this.clock.apiTime();
    const aggregate = `${object.metadata.uid}\u0000${reason}\u0000${message}\u0000${source.component}`;
    const existingKey = this.#byAggregate.get(aggregate);
    const existing = existingKey ? this.store.peek(existingKey) : undefined;
    if (existingKey && existing) {
      const e = clone(existing) as KObject;
      e.count = (e.count ?? 1) + 1;
      e.lastTimestamp = now;
      this.store.put(existingKey, e);
      return;
    }
    // The real name ends in the creation time in hex; a sequence keeps same-instant events in order.
    const name = `${object.metadata.name}.${(this.clock.now() * 1000 + (this.#sequence++ % 1000)).toString(16).padStart(16, '0').slice(-16)}`;
    const key = keyFor(this.#type, ns, name);
    this.store.put(key, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns, creationTimestamp: now, uid: `${this.random.hex(8)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(4)}-${this.random.hex(12)}` },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      reportingComponent: source.component, reportingInstance: source.host ?? '',
    });
    this.#byAggregate.set(aggregate, key);
    const list = this.#byObject.get(object.metadata.uid as string) ?? [];
    list.push(key);
    this.#byObject.set(object.metadata.uid as string, list);
  }

  /** Events about one object, as `kubectl describe` lists them. */
  about(object: KObject): KObject[] {
    return (this.#byObject.get(object.metadata.uid as string) ?? [])
      .map((k) => this.store.peek(k))
      .filter((e): e is KObject => e !== undefined)
      // kubectl describe sorts by lastTimestamp (SortableEvents); same-instant events keep creation order.
      .sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp) || (a.metadata.name as string).localeCompare(b.metadata.name as string));
  }
}
