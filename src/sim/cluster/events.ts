/**
 * Events, recorded by each component as the real ones are: repeats of the same reason and
 * message on the same object are aggregated (count, firstTimestamp, lastTimestamp), which is
 * what kubectl shows as `51s (x3 over 95s)`. Indexed by object and by aggregation key, so a
 * busy cluster does not rescan its events on every record.
 */
import type { VirtualClock } from '../clock.ts';
import type { SeededRandom } from '../random.ts';
import { keyFor } from './api-server.ts';
import type { KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import type { Store } from './store.ts';

export type EventType = 'Normal' | 'Warning';

/** `default-scheduler`, `kubelet`, `replicaset-controller`, `deployment-controller`. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

interface SimilarGroup { readonly component: string; readonly type: EventType; readonly reason: string; readonly messages: Set<string>; readonly since: number }

interface ObjectEvents {
  keys: string[];
  aggregates: Array<{ key: string; readonly type: EventType; readonly reason: string; readonly message: string; readonly component: string; readonly combined: boolean }>;
  similar: SimilarGroup[];
}

export class EventRecorder {
  #sequence = 0;
  readonly #type = resourceByKind('Event') as ResourceType;
  /**
   * Per involved object (by uid): its events' store keys, what each aggregates, and the
   * similar-event groups. Objects have few events each, so short arrays beat long string keys.
   */
  readonly #objects = new Map<string, ObjectEvents>();

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

  record(object: KObject, type: EventType, reason: string, rawMessage: string, source: EventSource): void {
    const ns = object.metadata.namespace ?? 'default';
    const now = this.clock.apiTime();
    const nowMs = this.clock.now();
    const uid = object.metadata.uid as string;
    let mine = this.#objects.get(uid);
    if (!mine) { mine = { keys: [], aggregates: [], similar: [] }; this.#objects.set(uid, mine); }
    // EventCorrelator's similar-event grouping: from the 10th similar event (same source, object,
    // type and reason) with different messages within 10 minutes, they are combined into one, as
    // client-go's EventAggregator does (`kubectl describe rs` of a big ReplicaSet shows it).
    let similar = mine.similar.find((g) => g.component === source.component && g.type === type && g.reason === reason);
    if (!similar || nowMs - similar.since > 600_000) {
      if (similar) mine.similar.splice(mine.similar.indexOf(similar), 1);
      similar = { component: source.component, type, reason, messages: new Set(), since: nowMs };
      mine.similar.push(similar);
    }
    similar.messages.add(rawMessage);
    const combined = similar.messages.size >= 10;
    const message = combined ? `(combined from similar events): ${rawMessage}` : rawMessage;
    // Repeats aggregate into one event: by reason, message and source; combined ones by their group.
    const existing = mine.aggregates.find((a) => a.combined === combined && a.reason === reason && a.component === source.component
      && (combined ? a.type === type : a.message === message));
    const live = existing ? this.store.peek(existing.key) : undefined;
    if (existing && live) {
      // Only the changed fields are new; the rest stays shared with the stored (frozen) event.
      this.store.put(existing.key, { ...live, metadata: { ...live.metadata }, count: (live.count ?? 1) + 1, lastTimestamp: now, message } as KObject);
      return;
    }
    // The real name ends in the creation time in hex; a sequence keeps same-instant events in order.
    const name = `${object.metadata.name}.${(nowMs * 1000 + (this.#sequence++ % 1000)).toString(16).padStart(16, '0').slice(-16)}`;
    const key = keyFor(this.#type, ns, name);
    this.store.put(key, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns, creationTimestamp: now, uid: this.#uid() },
      involvedObject: { apiVersion: object.apiVersion, kind: object.kind, name: object.metadata.name, namespace: object.metadata.namespace, uid: object.metadata.uid },
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
      reportingComponent: source.component, reportingInstance: source.host ?? '',
    });
    if (existing) existing.key = key;
    else mine.aggregates.push({ key, type, reason, message, component: source.component, combined });
    mine.keys.push(key);
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
    for (const [uid, mine] of this.#objects) {
      mine.similar = mine.similar.filter((g) => nowMs - g.since <= 600_000);
      if (gone.size > 0) {
        mine.keys = mine.keys.filter((k) => !gone.has(k));
        mine.aggregates = mine.aggregates.filter((a) => !gone.has(a.key));
      }
      if (mine.keys.length === 0 && mine.similar.length === 0) this.#objects.delete(uid);
    }
  }

  /** Events about one object, as `kubectl describe` lists them. */
  about(object: KObject): KObject[] {
    return (this.#objects.get(object.metadata.uid as string)?.keys ?? [])
      .map((k) => this.store.peek(k))
      .filter((e): e is KObject => e !== undefined)
      // kubectl describe sorts by lastTimestamp (SortableEvents); same-instant events keep creation order.
      .sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp) || (a.metadata.name as string).localeCompare(b.metadata.name as string));
  }
}
