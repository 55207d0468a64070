/**
 * ControllerRevisions: how DaemonSets and StatefulSets remember their pod templates (the way a
 * Deployment keeps old ReplicaSets), so `kubectl rollout history|undo` can go back. A revision's
 * `data` is the patch that puts its template back (`{"spec":{"template":{…,"$patch":"replace"}}}`,
 * the controllers' getPatch), and its number grows by one with each new template
 * (pkg/controller/history, daemon/update.go, statefulset/stateful_set_control.go).
 */
import type { ApiServer } from './api-server.ts';
import { stableDump } from './names.ts';
import { clone, controllerOf, type Json, type KObject } from './objects.ts';

/** The patch a revision stores: the owner's pod template, replacing the live one when applied. */
export function revisionData(owner: KObject): Json {
  return { spec: { template: { ...clone(owner.spec?.template ?? {}), $patch: 'replace' } } };
}

/** The template a revision holds (what `rollout history --revision` and `rollout undo` read). */
export function revisionTemplate(revision: KObject): Json {
  const t = clone(revision.data?.spec?.template ?? {});
  delete t.$patch;
  return t;
}

/** Match: the same data, whatever the order of its keys. */
const same = (a: Json, b: Json): boolean => stableDump(a) === stableDump(b);

/** The revisions an owner controls, oldest first. */
export function ownedRevisions(api: ApiServer, owner: KObject): KObject[] {
  return api.list(api.resourceOf('ControllerRevision'), owner.metadata.namespace)
    .filter((r) => controllerOf(r)?.uid === owner.metadata.uid)
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0) || (a.metadata.name as string).localeCompare(b.metadata.name as string));
}

export interface Revisions {
  /** The revision of the owner's template as it is now. */
  readonly current: KObject;
  readonly all: readonly KObject[];
  /** Whether this call wrote a revision. */
  readonly wrote: boolean;
}

/**
 * The owner's current revision: the one whose data is its template, made when there is none,
 * renumbered as the newest when an old template comes back (a rollback).
 */
export function currentRevision(api: ApiServer, owner: KObject, make: (data: Json, revision: number) => KObject): Revisions {
  const all = ownedRevisions(api, owner);
  const data = revisionData(owner);
  const max = all.reduce((n, r) => Math.max(n, r.revision ?? 0), 0);
  const found = all.find((r) => same(r.data, data));
  const crType = api.resourceOf('ControllerRevision');
  if (found) {
    if ((found.revision ?? 0) >= max) return { current: found, all, wrote: false };
    const copy = clone(found);
    copy.revision = max + 1;
    const r = api.update(copy);
    const current = r.ok ? r.object : found;
    return { current, all: all.map((x) => (x === found ? current : x)), wrote: true };
  }
  const made = make(data, max + 1);
  const r = api.create(made, { actor: `the ${owner.kind} controller`, owned: true });
  if (!r.ok) {
    // A revision of that name with other data (a hash collision): the owner's collisionCount would move on.
    const existing = api.peek(crType, owner.metadata.namespace, made.metadata.name as string);
    return { current: existing ?? made, all, wrote: false };
  }
  return { current: r.object, all: [...all, r.object], wrote: true };
}

/** cleanupHistory / truncateHistory: keep revisionHistoryLimit old revisions besides those in use. */
export function truncateHistory(api: ApiServer, owner: KObject, all: readonly KObject[], inUse: ReadonlySet<string>): boolean {
  const limit: number = owner.spec?.revisionHistoryLimit ?? 10;
  const old = all.filter((r) => !inUse.has(r.metadata.name as string));
  if (old.length <= limit) return false;
  const crType = api.resourceOf('ControllerRevision');
  for (const r of old.slice(0, old.length - limit)) api.delete(crType, r.metadata.namespace, r.metadata.name as string, { actor: `the ${owner.kind} controller` });
  return true;
}
