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

  #uidBase: string | undefined;
  #uidCount = 0;

  /** A UUID-shaped id: a random prefix per recorder and a counter (events are many; ids must just be unique). */
  #uid(): string {
    this.#uidBase ??= this.random.hex(20);
    const n = (this.#uidCount++).toString(16).padStart(12, '0');
    const b = this.#uidBase;
    return `${b.slice(0, 8)}-${b.slice(8, 12)}-4${b.slice(13, 16)}-8${b.slice(17, 20)}-${n}`;
  }

  /** EventCorrelator's similar-event grouping: distinct messages per (source, object, type, reason). */
  readonly #similar = new Map<string, { messages: Set<string>; since: number }>();

  record(object: KObject, type: EventType, reason: string, rawMessage: string, source: EventSource): void {
    const ns = object.metadata.namespace ?? 'default';
    const now = this.clock.apiTime();
    // From the 10th similar event with different messages within 10 minutes are combined into one,
    // as client-go's EventAggregator does (`kubectl describe rs` of a big ReplicaSet shows it).
    const similarKey = `${source.component}\u0000${object.metadata.uid}\u0000${type}\u0000${reason}`;
    let similar = this.#similar.get(similarKey);
    if (!similar || this.clock.now() - similar.since > 600_000) {
      similar = { messages: new Set(), since: this.clock.now() };
      this.#similar.set(similarKey, similar);
    }
    similar.messages.add(rawMessage);
    const combined = similar.messages.size >= 10;
    const message = combined ? `(combined from similar events): ${rawMessage}` : rawMessage;
    const aggregate = combined ? `combined\u0000${similarKey}` : `${object.metadata.uid}\u0000${reason}\u0000${message}\u0000${source.component}`;
    const existingKey = this.#byAggregate.get(aggregate);
    const existing = existingKey ? this.store.peek(existingKey) : undefined;
    if (existingKey && existing) {
      const e = clone(existing) as KObject;
      e.count = (e.count ?? 1) + 1;
      e.lastTimestamp = now;
      e.message = message;
      this.store.put(existingKey, e);
      return;
    }
    // The real name ends in the creation time in hex; a sequence keeps same-instant events in order.
    const name = `${object.metadata.name}.${(this.clock.now() * 1000 + (this.#sequence++ % 1000)).toString(16).padStart(16, '0').slice(-16)}`;
    const key = keyFor(this.#type, ns, name);
    this.store.put(key, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns, creationTimestamp: now, uid: this.#uid() },
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

  /**
   * The API server keeps events for an hour (--event-ttl=1h): older ones expire from etcd, and
   * the recorder forgets them (and groupings older than their 10-minute window) too, so a long
   * session does not grow without bound.
   */
  expire(nowMs: number): void {
    const gone = new Set<string>();
    for (const e of this.store.list(this.#type.etcdPrefix)) {
      if (nowMs - Date.parse(e.lastTimestamp) > 3_600_000) {
        const key = keyFor(this.#type, e.metadata.namespace, e.metadata.name as string);
        this.store.delete(key);
        gone.add(key);
      }
    }
    for (const [k, since] of this.#similar) if (nowMs - since.since > 600_000) this.#similar.delete(k);
    if (gone.size === 0) return;
    for (const [a, key] of this.#byAggregate) if (gone.has(key)) this.#byAggregate.delete(a);
    for (const [uid, keys] of this.#byObject) {
      const left = keys.filter((k) => !gone.has(k));
      if (left.length === 0) this.#byObject.delete(uid);
      else if (left.length !== keys.length) this.#byObject.set(uid, left);
    }
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
