/**
 * "What happens if you apply this": the manifests are applied to a scratch copy of the simulated
 * world, which runs for a simulated minute; its trace becomes a short timeline — API server,
 * etcd, the controllers (Deployments, ReplicaSets, Jobs, CronJobs, DaemonSets, StatefulSets,
 * claims), scheduler, kubelet, runtime, registry — or the point where it fails.
 * Loaded only when a timeline is wanted, so a plain explain starts fast.
 */
import type { KObject } from '../sim/cluster/objects.ts';
import { resourceByKind } from '../sim/cluster/resources.ts';
import { MemoryFileSystem } from '../sim/filesystem.ts';
import { kindType } from '../sim/schema.ts';
import { nextRun, parseCron } from '../sim/cluster/cron.ts';
import { goDuration } from '../sim/units.ts';
import { componentKind, type TraceEntry } from '../sim/trace.ts';
import { World } from '../sim/world.ts';

export interface TimelineEntry {
  /** Simulated milliseconds since the apply. */
  readonly atMs: number;
  readonly component: string;
  readonly text: string;
}

/** How long the scratch world runs: long enough for pulls, back-offs and a crash loop to show. */
const RUN_MS = 60_000;
const MAX_ENTRIES = 16;
const MAX_REPLICAS = 10;

export function whatIf(objects: readonly KObject[]): TimelineEntry[] {
  const world = new World({ fs: new MemoryFileSystem() });
  const api = world.cluster.api;
  world.trace.mark();
  const start = world.clock.now();
  const entries: TimelineEntry[] = [];
  const served = objects.filter((o) => resourceByKind(o.kind, o.apiVersion));
  for (const o of objects) if (!resourceByKind(o.kind, o.apiVersion)) entries.push({ atMs: 0, component: 'kubetutor', text: unserved(o) });
  for (const o of served) {
    const copy = JSON.parse(JSON.stringify(o)) as KObject;
    // The story is the same for 3 replicas or 30,000: the scratch world runs a few, and says so.
    const replicas = (copy.spec as { replicas?: unknown } | undefined)?.replicas;
    if (typeof replicas === 'number' && replicas > MAX_REPLICAS) {
      (copy.spec as { replicas: number }).replicas = MAX_REPLICAS;
      entries.push({ atMs: 0, component: 'kubetutor', text: `${o.kind} ${o.metadata?.name ?? ''} asks for ${replicas} replicas; the timeline follows ${MAX_REPLICAS} of them` });
    }
    const r = api.apply(copy);
    if (!r.ok) entries.push({ atMs: world.clock.now() - start, component: 'API server', text: `refuses ${o.kind} ${o.metadata?.name ?? ''}: ${r.error.message}` });
  }
  world.advance(RUN_MS);
  // A CronJob's first Job may come after the minute the timeline covers: say when.
  for (const o of served) {
    if (o.kind !== 'CronJob' || typeof o.spec?.schedule !== 'string') continue;
    const schedule = parseCron(o.spec.timeZone ? `TZ=${o.spec.timeZone} ${o.spec.schedule}` : o.spec.schedule);
    const next = typeof schedule === 'string' ? undefined : nextRun(schedule, start);
    if (next !== undefined && next - start >= RUN_MS) entries.push({ atMs: 0, component: 'kubetutor', text: `CronJob ${o.metadata?.name ?? ''}: its schedule "${o.spec.schedule}" first comes due ${goDuration(next - start)} after the apply, past the minute shown here; then the CronJob controller creates a Job, which runs its pod` });
  }
  // The chain, not the crowd: each step once per object kind — every object created, but one
  // pod's story rather than every replica's (pod names lose their random suffixes here).
  const seen = new Set<string>();
  const trace = world.trace.sinceMark();
  const story = onePodStory(trace);
  for (const e of trace) {
    if (!story(e)) continue;
    const action = e.action.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}\b/g, '-…').replace(/-[a-z0-9]{5}\b/g, '-…').replace(/ → \S+$/, '');
    const key = `${componentKind(e.component)}|${action}`;
    if (seen.has(key)) continue;
    seen.add(key);
    entries.push({ atMs: e.at - start, component: e.component, text: `${e.action} — ${e.why}` });
  }
  entries.sort((a, b) => a.atMs - b.atMs);
  const shown = entries.slice(0, MAX_ENTRIES);
  shown.push(...outcome(world, start));
  return shown;
}

/** A pod's name without the random suffixes its controller gave it: its family. */
const family = (pod: string): string => pod.replace(/-[a-z0-9]{8,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '');

/**
 * Which steps tell one pod's story per family: the first pod the trace shows created, the node it
 * is bound to, and what that node's kubelet and runtime did — never a pod (or a node) whose
 * creation (or binding) the timeline did not show.
 */
function onePodStory(trace: readonly TraceEntry[]): (e: TraceEntry) => boolean {
  const created = new Set<string>();
  const followed = new Map<string, string>();
  for (const e of trace) {
    const m = /^create pod (\S+)$/.exec(e.action);
    if (!m || e.component !== 'API server') continue;
    created.add(m[1] as string);
    if (!followed.has(family(m[1] as string))) followed.set(family(m[1] as string), m[1] as string);
  }
  if (created.size === 0) return () => true;
  const kept = new Set(followed.values());
  const nodes = new Set<string>();
  for (const e of trace) {
    const m = /^bind (\S+) → (\S+)$/.exec(e.action);
    if (m && kept.has(m[1] as string)) nodes.add(m[2] as string);
  }
  return (e) => {
    if (e.action.split(' ').some((w) => created.has(w) && !kept.has(w))) return false;
    const node = / \((.+)\)$/.exec(e.component)?.[1];
    return node === undefined || nodes.has(node);
  };
}

/**
 * What becomes of an object whose kind the scratch cluster does not serve: a built-in kind of
 * Kubernetes that kubetutor does not model, or a custom resource, which a real cluster refuses
 * until its CustomResourceDefinition is installed (the RESTMapper's "no matches for kind").
 */
function unserved(o: KObject): string {
  const what = `${o.kind} ${o.metadata?.name ?? ''}`;
  if (kindType(o.apiVersion, o.kind)) return `${what}: a built-in ${o.apiVersion} kind that kubetutor's simulated cluster does not serve, so it is left out here; a real API server stores it`;
  return `${what}: no such kind on a cluster without its CustomResourceDefinition — kubectl apply stops there with: no matches for kind "${o.kind}" in version "${o.apiVersion}"`;
}

/** Where every pod ended up after the simulated minute. */
function outcome(world: World, start: number): TimelineEntry[] {
  const api = world.cluster.api;
  const pods = api.list(api.resourceOf('Pod')).filter((p) => p.metadata.namespace !== 'kube-system');
  if (pods.length === 0) return [];
  const counts = new Map<string, number>();
  for (const p of pods) {
    const waiting = [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])].map((c: { state?: { waiting?: { reason?: string } } }) => c.state?.waiting?.reason).find(Boolean);
    const state = waiting ?? p.status?.phase ?? 'Pending';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const parts = [...counts].map(([s, n]) => `${n} ${s}`);
  // Only a failed pull might go otherwise on a real cluster (the image may exist there); Never does not pull.
  const failing = [...counts.keys()].some((s) => /^(ErrImagePull|ImagePullBackOff)$/.test(s));
  const text = `after ${RUN_MS / 1000}s: ${parts.join(', ')}${failing ? ' — in kubetutor\'s world only the images it knows (and what you push in the sandbox) are in registries; on a real cluster the pull succeeds if the image exists there' : ''}`;
  return [{ atMs: world.clock.now() - start, component: 'result', text }];
}
