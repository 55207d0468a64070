/**
 * Events, recorded by each component as the real ones are: repeats of the same reason and
 * message on the same object are aggregated (count, firstTimestamp, lastTimestamp), which is
 * what kubectl shows as `51s (x3 over 95s)`. Indexed by involved object, so a busy cluster does
 * not rescan its events on every record.
 */
import type { VirtualClock } from '../clock.ts';
import type { SeededRandom } from '../random.ts';
import { keyFor } from './api-server.ts';
import type { Json, KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import type { Store } from './store.ts';

export type EventType = 'Normal' | 'Warning';

/** `default-scheduler`, `kubelet`, `replicaset-controller`, `deployment-controller`. */
export interface EventSource {
  readonly component: string;
  readonly host?: string;
}

/** Similar events (same source, object, type and reason): their distinct messages, kept small. */
interface SimilarGroup {
  readonly component: string;
  readonly type: EventType;
  readonly reason: string;
  readonly since: number;
  readonly first: string;
  /** The other distinct messages: most groups only ever have one, so no set until a second comes. */
  others: Set<string> | undefined;
}

/** Per involved object: its events (as last stored), its similar-event groups, and how its events name it. */
interface ObjectEvents {
  /** The stored (frozen) version of each of its events: compared in memory, confirmed in the store only on a match. */
  events: KObject[];
  similar: SimilarGroup[];
  /** The involvedObject all its events share (frozen: the store keeps shared parts as they are). */
  readonly involved: Readonly<Json>;
  /** The same with each fieldPath its events have named. */
  readonly parts: Map<string, Readonly<Json>>;
}

const COMBINED = '(combined from similar events): ';

export class EventRecorder {
  #sequence = 0;
  readonly #type = resourceByKind('Event') as ResourceType;
  /**
   * Per involved object (by uid): its events and its similar-event groups. Objects have few
   * events each, so short arrays beat long string keys.
   */
  readonly #objects = new Map<string, ObjectEvents>();

  constructor(private readonly store: Store, private readonly clock: VirtualClock, private readonly random: SeededRandom) {}

  #uidPrefix: string | undefined;
  #uidCount = 0;

  /** A UUID-shaped id: a random prefix per recorder and a counter (events are many; ids must just be unique). */
  #uid(): string {
    if (this.#uidPrefix === undefined) {
      const b = this.random.hex(20);
      this.#uidPrefix = `${b.slice(0, 8)}-${b.slice(8, 12)}-4${b.slice(13, 16)}-8${b.slice(17, 20)}-`;
    }
    return this.#uidPrefix + (this.#uidCount++).toString(16).padStart(12, '0');
  }

  /**
   * The name's time part, as client-go's recorder makes it (`%x` of the event's time in
   * UnixNano, tools/record/event.go makeEvent): the clock's milliseconds in nanoseconds, plus a
   * sequence so that events of the same instant keep distinct names, in order.
   */
  #hexTime(nowMs: number): string {
    return (BigInt(nowMs) * 1_000_000n + BigInt(this.#sequence++ % 1_000_000)).toString(16);
  }

  /** Where an event is stored. */
  #keyOf(event: KObject): string {
    return keyFor(this.#type, event.metadata.namespace, event.metadata.name as string);
  }

  /** One frozen `source` per component and host, shared by all their events. */
  readonly #sources = new Map<string, Map<string, Readonly<Json>>>();

  #source({ component, host }: EventSource): Readonly<Json> {
    let byHost = this.#sources.get(component);
    if (!byHost) { byHost = new Map(); this.#sources.set(component, byHost); }
    let s = byHost.get(host ?? '');
    if (!s) { s = Object.freeze(host ? { component, host } : { component }); byHost.set(host ?? '', s); }
    return s;
  }

  /** The involvedObject of an object's events about one of its parts (`spec.containers{web}`). */
  #involved(mine: ObjectEvents, fieldPath: string | undefined): Readonly<Json> {
    if (fieldPath === undefined) return mine.involved;
    let byPath = mine.parts.get(fieldPath);
    if (!byPath) { byPath = Object.freeze({ ...mine.involved, fieldPath }); mine.parts.set(fieldPath, byPath); }
    return byPath;
  }

  /** Record an event; `fieldPath` names the part of the object it is about (a container: `spec.containers{web}`). */
  record(object: KObject, type: EventType, reason: string, rawMessage: string, source: EventSource, fieldPath?: string): void {
    const ns = object.metadata.namespace ?? 'default';
    const now = this.clock.apiTime();
    const nowMs = this.clock.now();
    const uid = object.metadata.uid as string;
    let mine = this.#objects.get(uid);
    if (!mine) {
      const { apiVersion, kind, metadata: { name, namespace } } = object;
      mine = { events: [], similar: [], involved: Object.freeze({ apiVersion, kind, name, namespace, uid }), parts: new Map() };
      this.#objects.set(uid, mine);
    }
    // EventCorrelator's similar-event grouping: from the 10th similar event (same source, object,
    // type and reason) with different messages within 10 minutes, they are combined into one, as
    // client-go's EventAggregator does (`kubectl describe rs` of a big ReplicaSet shows it).
    let similar: SimilarGroup | undefined;
    for (const g of mine.similar) if (g.component === source.component && g.type === type && g.reason === reason) { similar = g; break; }
    if (!similar || nowMs - similar.since > 600_000) {
      if (similar) mine.similar.splice(mine.similar.indexOf(similar), 1);
      similar = { component: source.component, type, reason, since: nowMs, first: rawMessage, others: undefined };
      mine.similar.push(similar);
    } else if (rawMessage !== similar.first) {
      (similar.others ??= new Set()).add(rawMessage);
    }
    const combined = 1 + (similar.others?.size ?? 0) >= 10;
    const message = combined ? `${COMBINED}${rawMessage}` : rawMessage;
    // Repeats aggregate into one event: by reason, message and source; combined ones by their group.
    for (let i = 0; i < mine.events.length; i++) {
      const ours = mine.events[i] as KObject;
      if (ours.reason !== reason || ours.source.component !== source.component || ours.involvedObject.fieldPath !== fieldPath) continue;
      if (combined ? ours.type !== type || !String(ours.message).startsWith(COMBINED) : ours.message !== message) continue;
      const key = this.#keyOf(ours);
      // Counted on as it is stored now (someone may have labelled it); deleted meanwhile
      // (kubectl delete, a namespace going away), it is forgotten and a new one starts.
      const live = this.store.peek(key);
      if (!live) { mine.events.splice(i--, 1); continue; }
      // Only the changed fields are new; the rest stays shared with the stored (frozen) event.
      mine.events[i] = this.store.put(key, { ...live, metadata: { ...live.metadata }, count: (live.count ?? 1) + 1, lastTimestamp: now, message } as KObject);
      return;
    }
    // The real name ends in the creation time in hex; a sequence keeps same-instant events in order.
    const name = `${object.metadata.name}.${this.#hexTime(nowMs)}`;
    const key = keyFor(this.#type, ns, name);
    mine.events.push(this.store.put(key, {
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace: ns, creationTimestamp: now, uid: this.#uid() },
      involvedObject: this.#involved(mine, fieldPath),
      reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
      source: this.#source(source),
      reportingComponent: source.component, reportingInstance: source.host ?? '',
    }));
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
        const key = this.#keyOf(e);
        this.store.delete(key);
        gone.add(key);
      }
    }
    for (const [uid, mine] of this.#objects) {
      mine.similar = mine.similar.filter((g) => nowMs - g.since <= 600_000);
      if (gone.size > 0) mine.events = mine.events.filter((e) => !gone.has(this.#keyOf(e)));
      if (mine.events.length === 0 && mine.similar.length === 0) this.#objects.delete(uid);
    }
  }

  /** Events about one object, as `kubectl describe` lists them. */
  about(object: KObject): KObject[] {
    return (this.#objects.get(object.metadata.uid as string)?.events ?? [])
      .map((e) => this.store.peek(this.#keyOf(e)))
      .filter((e): e is KObject => e !== undefined)
      // kubectl describe sorts by lastTimestamp (SortableEvents); same-instant events keep creation order.
      .sort((a, b) => Date.parse(a.lastTimestamp) - Date.parse(b.lastTimestamp) || (a.metadata.name as string).localeCompare(b.metadata.name as string));
  }
}
