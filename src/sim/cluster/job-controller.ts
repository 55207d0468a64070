/**
 * The Job controller (pkg/controller/job/job_controller.go, 1.32) and the TTL-after-finished
 * controller. A Job keeps `parallelism` pods running until `completions` of them succeed; a
 * failed pod is replaced after a back-off (10 s doubling, at most 10 minutes — backoff_utils.go)
 * until more than `backoffLimit` have failed; `activeDeadlineSeconds` bounds the whole run. Each
 * pod carries the `batch.kubernetes.io/job-tracking` finalizer until the controller has counted
 * it. With JobPodReplacementPolicy and JobManagedBy on (1.32's defaults) the controller first
 * writes the interim SuccessCriteriaMet or FailureTarget condition, and Complete or Failed only
 * once no pod of the Job is still terminating.
 */
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import { podIsReady } from './controllers.ts';
import { clone, inGoOrder, type Json, type KObject } from './objects.ts';
import type { Bucket } from './store.ts';
import { SyncState } from './sync-state.ts';
import type { Trace } from '../trace.ts';

export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';
const BACKOFF_INITIAL_MS = 10_000;
const BACKOFF_MAX_MS = 10 * 60_000;
const COMPONENT = 'job-controller';

/** JobStatus's fields in the Go struct's order, as `-o json` prints them. */
const JOB_STATUS_FIELDS = ['conditions', 'startTime', 'completionTime', 'active', 'succeeded', 'failed', 'terminating', 'completedIndexes', 'failedIndexes', 'uncountedTerminatedPods', 'ready'];

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

const isTerminal = (p: KObject): boolean => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
/** FilterActivePods: neither finished nor being deleted. */
export const isActivePod = (p: KObject): boolean => !isTerminal(p) && !p.metadata.deletionTimestamp;
const hasFinalizer = (p: KObject): boolean => (p.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);
/** isPodFailed: Failed, or deleted before it succeeded (an orphan never reaches Failed). */
const isPodFailed = (p: KObject): boolean => p.status?.phase === 'Failed' || (Boolean(p.metadata.deletionTimestamp) && p.status?.phase !== 'Succeeded');

/** A condition of the given type that is True, if any. */
export function jobCondition(job: KObject, type: string): Json | undefined {
  return (job.status?.conditions ?? []).find((c: Json) => c.type === type && c.status === 'True');
}

/** Complete or Failed: the Job is done and its controller leaves it alone. */
export function jobFinished(job: KObject): Json | undefined {
  return jobCondition(job, 'Complete') ?? jobCondition(job, 'Failed');
}

/** getFinishedTime: the latest container finish, else when Ready turned False, else the deletion. */
function finishedTime(p: KObject): number {
  const cs: Json[] = p.status?.containerStatuses ?? [];
  if (cs.length && cs.every((c) => c.state?.terminated?.finishedAt)) return Math.max(...cs.map((c) => Date.parse(c.state.terminated.finishedAt)));
  const ready = (p.status?.conditions ?? []).find((c: Json) => c.type === 'Ready');
  if (ready?.status === 'False' && ready.lastTransitionTime) return Date.parse(ready.lastTransitionTime);
  if (p.metadata.deletionTimestamp) return Date.parse(p.metadata.deletionTimestamp) - (p.metadata.deletionGracePeriodSeconds ?? 0) * 1000;
  return Date.parse(p.metadata.creationTimestamp ?? '');
}

/** Completed indexes as the status writes them: `0-2,4`. */
function formatIndexes(ix: readonly number[]): string {
  const sorted = [...new Set(ix)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : String(sorted[i]));
    i = j + 1;
  }
  return parts.join(',');
}

function parseIndexes(text: string | undefined): number[] {
  const out: number[] = [];
  for (const part of (text ?? '').split(',').filter(Boolean)) {
    const [a, b] = part.split('-').map(Number) as [number, number | undefined];
    for (let i = a; i <= (b ?? a); i++) out.push(i);
  }
  return out;
}

const indexOf = (p: KObject): number | undefined => {
  const v = p.metadata.annotations?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
};

interface Backoff {
  failures: number;
  lastFailure: number | undefined;
}

export class JobController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  /** Per Job: failures since its last success, and when the last one happened (the pod-failure back-off). */
  readonly #backoff = new Map<string, Backoff>();
  /** Per Job: what it last settled with (its version, its pods' bucket), and its timers (a back-off ending, a deadline). */
  readonly #state = new SyncState();

  /** The earliest timer, for the cluster's clock. */
  get wakeup(): number | undefined {
    return this.#state.wakeup;
  }

  reconcile(podsOf: (ownerUid: string) => Bucket): boolean {
    const jobType = this.api.resourceOf('Job');
    const jobs = this.api.list(jobType);
    if (jobs.length === 0 && this.#state.empty) return false;
    const now = this.now();
    // What a pass wrote wakes it again; a Job has settled when a pass finds nothing to change.
    const signature = (j: KObject): string => `${this.api.peek(jobType, j.metadata.namespace, j.metadata.name as string)?.metadata.resourceVersion}|${podsOf(j.metadata.uid as string).version}`;
    const { changed, gone } = this.#state.pass(jobs, now, signature, (j) => this.#sync(j, [...podsOf(j.metadata.uid as string).objects.values()], now));
    for (const uid of gone) this.#backoff.delete(uid);
    return changed;
  }

  #event(job: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(job, type, reason, message, { component: COMPONENT });
  }

  /** syncJob: count, decide, create or delete pods, write the status. Returns whether it wrote anything. */
  #sync(sharedJob: KObject, pods: KObject[], now: number): boolean {
    if (jobFinished(sharedJob)) {
      this.#backoff.delete(sharedJob.metadata.uid as string);
      return this.#releaseFinalizers(pods.filter(hasFinalizer));
    }
    const job = clone(sharedJob);
    const spec = job.spec ?? {};
    const status: Json = (job.status ??= {});
    const uid = job.metadata.uid as string;
    const indexed = spec.completionMode === 'Indexed';
    const completions: number | undefined = spec.completions;
    let wrote = false;

    let active = pods.filter(isActivePod);
    let terminating = pods.filter((p) => !isTerminal(p) && p.metadata.deletionTimestamp).length;
    let ready = active.filter(podIsReady).length;
    const tracked = pods.filter(hasFinalizer);
    const validIndex = (p: KObject): boolean => !indexed || ((indexOf(p) ?? Infinity) < (completions ?? 0));
    const newSucceeded = tracked.filter((p) => p.status?.phase === 'Succeeded' && validIndex(p));
    const newFailed = tracked.filter((p) => isPodFailed(p) && validIndex(p));
    let succeeded = (status.succeeded ?? 0) + newSucceeded.length;
    const failed = (status.failed ?? 0) + newFailed.length;
    const suspended = spec.suspend === true;
    if (!status.startTime && !suspended) status.startTime = iso(now);

    // The back-off record: failures since the last success, and the time of the last failure.
    const record = this.#backoff.get(uid) ?? { failures: 0, lastFailure: undefined };
    const byTime = (a: KObject, b: KObject): number => finishedTime(a) - finishedTime(b);
    if (newSucceeded.length === 0 && newFailed.length > 0) {
      record.failures += newFailed.length;
      record.lastFailure = finishedTime([...newFailed].sort(byTime).at(-1) as KObject);
    } else if (newSucceeded.length > 0) {
      const lastSuccess = finishedTime([...newSucceeded].sort(byTime).at(-1) as KObject);
      const after = newFailed.filter((p) => finishedTime(p) > lastSuccess).sort(byTime);
      record.failures = after.length;
      record.lastFailure = after.length ? finishedTime(after[after.length - 1] as KObject) : undefined;
    }

    // Indexed Jobs count succeeded indexes, not pods.
    let succeededIndexes: number[] = [];
    if (indexed) {
      succeededIndexes = [...parseIndexes(status.completedIndexes), ...newSucceeded.map((p) => indexOf(p) as number)].filter((i) => i < (completions ?? 0));
      succeeded = new Set(succeededIndexes).size;
    }

    // What ends the Job: a condition already on its way, too many failures, or its deadline.
    let finished: { type: string; reason: string; message: string } | undefined;
    const criteria = jobCondition(job, 'SuccessCriteriaMet');
    const target = jobCondition(job, 'FailureTarget');
    if (criteria) finished = { type: 'SuccessCriteriaMet', reason: criteria.reason ?? '', message: criteria.message ?? '' };
    else if (target) finished = { type: 'FailureTarget', reason: target.reason ?? '', message: target.message ?? '' };
    else if (failed > (spec.backoffLimit ?? 6) || this.#pastBackoffLimitOnFailure(job, pods)) {
      finished = { type: 'FailureTarget', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' };
    } else if (spec.activeDeadlineSeconds !== undefined && status.startTime && !suspended) {
      const deadline = Date.parse(status.startTime) + spec.activeDeadlineSeconds * 1000;
      if (now >= deadline) finished = { type: 'FailureTarget', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' };
      else this.#state.wake(uid, deadline);
    }

    let suspendChanged = false;
    if (finished) {
      // The Job is over: its running pods go (their finalizers stay until they are counted).
      for (const p of active) {
        this.#deletePod(job, p, finished.reason === 'BackoffLimitExceeded' ? 'the Job reached its backoff limit' : finished.reason === 'DeadlineExceeded' ? 'the Job ran past its activeDeadlineSeconds' : 'the Job is finished');
        if (podIsReady(p)) ready--;
        terminating++;
        wrote = true;
      }
      active = [];
    } else {
      if (!job.metadata.deletionTimestamp) {
        const managed = this.#manage(job, active, succeeded, new Set(succeededIndexes), record, now);
        active = managed.active;
        terminating += managed.deleted;
        ready -= managed.deletedReady;
        wrote = managed.wrote || wrote;
      }
      const complete = completions === undefined ? succeeded > 0 && active.length === 0 : succeeded >= completions && active.length === 0;
      if (complete) finished = { type: 'SuccessCriteriaMet', reason: '', message: '' };
      else if (suspended) suspendChanged = this.#condition(job, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now, 'Suspended');
      else if (jobCondition(job, 'Suspended')) {
        suspendChanged = this.#condition(job, 'Suspended', 'False', 'JobResumed', 'Job resumed', now, 'Resumed');
        // A resumed Job's deadline counts from now.
        status.startTime = iso(now);
      }
    }
    this.#backoff.set(uid, record);

    // trackJobStatusAndRemoveFinalizers: count what finished (or was deleted), then let it go.
    const release: KObject[] = [];
    let addSucceeded = 0;
    let addFailed = 0;
    for (const p of tracked) {
      const failedPod = isPodFailed(p);
      if (!(job.metadata.deletionTimestamp || finished || p.status?.phase === 'Succeeded' || failedPod)) continue;
      release.push(p);
      if (p.status?.phase === 'Succeeded') {
        if (!indexed) addSucceeded++;
      } else if ((failedPod || (finished && finished.type !== 'SuccessCriteriaMet')) && validIndex(p)) {
        addFailed++;
      }
    }
    if (indexed) {
      status.completedIndexes = formatIndexes(succeededIndexes);
      if (status.completedIndexes === '') delete status.completedIndexes;
    }
    status.succeeded = indexed ? succeeded : (status.succeeded ?? 0) + addSucceeded;
    status.failed = (status.failed ?? 0) + addFailed;
    if (release.length) this.#releaseFinalizers(release);
    status.active = active.length;
    status.ready = Math.max(0, ready);
    status.terminating = terminating;
    status.uncountedTerminatedPods = {};
    if (finished) {
      // The interim condition first; the final one once nothing is left terminating.
      if (!jobCondition(job, finished.type)) this.#condition(job, finished.type, 'True', finished.reason, finished.message, now);
      if (terminating === 0) {
        const final = finished.type === 'SuccessCriteriaMet' ? 'Complete' : 'Failed';
        this.#condition(job, final, 'True', finished.reason, finished.message, now);
        if (final === 'Complete') {
          status.completionTime = iso(now);
          this.#event(job, 'Normal', 'Completed', 'Job completed');
          this.trace.record({ at: now, component: 'controller manager', action: `complete job ${job.metadata.name}`, why: `the Job controller counted ${status.succeeded} succeeded pod(s) of ${completions ?? 1}: the Job is Complete` });
        } else {
          this.#event(job, 'Warning', finished.reason, finished.message);
          this.trace.record({ at: now, component: 'controller manager', action: `fail job ${job.metadata.name}`, why: `${finished.message} (${finished.reason}); the Job is Failed and makes no more pods` });
        }
      }
    }
    return this.#writeStatus(sharedJob, job) || wrote || suspendChanged;
  }

  /** manageJob: as many active pods as parallelism and the remaining completions allow, after the back-off. */
  #manage(job: KObject, activeIn: KObject[], succeeded: number, succeededIndexes: ReadonlySet<number>, record: Backoff, now: number): { active: KObject[]; deleted: number; deletedReady: number; wrote: boolean } {
    const spec = job.spec;
    let active = [...activeIn];
    const uid = job.metadata.uid as string;
    if (spec.suspend === true) {
      let deletedReady = 0;
      for (const p of active) { if (podIsReady(p)) deletedReady++; this.#dropPod(job, p, 'the Job is suspended'); }
      return { active: [], deleted: active.length, deletedReady, wrote: active.length > 0 };
    }
    const parallelism: number = spec.parallelism ?? 1;
    let want: number;
    if (spec.completions === undefined) want = succeeded > 0 ? active.length : parallelism;
    else want = Math.max(0, Math.min(spec.completions - succeeded, parallelism));
    const indexed = spec.completionMode === 'Indexed';
    // Too many: the ones least far along go first (pending before running, not ready before ready).
    let rm: KObject[] = [];
    if (indexed) {
      // Pods whose index is done already, out of range, or taken by an older pod.
      const seen = new Set<number>();
      for (const p of [...active].sort((a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? ''))) {
        const ix = indexOf(p);
        if (ix === undefined || ix >= spec.completions || succeededIndexes.has(ix) || seen.has(ix)) rm.push(p); else seen.add(ix);
      }
    }
    if (active.length - rm.length > want) {
      const rank = (p: KObject): number => (!p.spec?.nodeName ? 0 : p.status?.phase === 'Pending' ? 1 : !podIsReady(p) ? 2 : 3);
      const rest = active.filter((p) => !rm.includes(p)).sort((a, b) => rank(a) - rank(b) || (b.metadata.creationTimestamp ?? '').localeCompare(a.metadata.creationTimestamp ?? ''));
      rm = [...rm, ...rest.slice(0, active.length - rm.length - want)];
    }
    if (rm.length > 0) {
      let deletedReady = 0;
      for (const p of rm) { if (podIsReady(p)) deletedReady++; this.#dropPod(job, p, `the Job wants ${want} active pod(s)`); }
      active = active.filter((p) => !rm.includes(p));
      return { active, deleted: rm.length, deletedReady, wrote: true };
    }
    let diff = want - active.length;
    if (diff <= 0) return { active, deleted: 0, deletedReady: 0, wrote: false };
    // The pod-failure back-off: 10 s after the first failure, doubling, at most 10 minutes.
    if (record.failures > 0 && record.lastFailure !== undefined) {
      let delay = BACKOFF_INITIAL_MS;
      for (let i = 1; i < record.failures; i++) { delay *= 2; if (delay >= BACKOFF_MAX_MS) { delay = BACKOFF_MAX_MS; break; } }
      const until = record.lastFailure + delay;
      if (now < until) {
        this.#state.wake(uid, until);
        return { active, deleted: 0, deletedReady: 0, wrote: false };
      }
    }
    const indexes: number[] = [];
    if (indexed) {
      const taken = new Set(active.map(indexOf));
      for (let i = 0; i < spec.completions && indexes.length < diff; i++) if (!succeededIndexes.has(i) && !taken.has(i)) indexes.push(i);
      diff = indexes.length;
    }
    let wrote = false;
    for (let i = 0; i < diff; i++) {
      const created = this.#createPod(job, indexed ? indexes[i] : undefined, `Job ${job.metadata.name} wants ${want} active pod(s) and has ${active.length}`);
      if (!created) break;
      active.push(created);
      wrote = true;
    }
    return { active, deleted: 0, deletedReady: 0, wrote };
  }

  #createPod(job: KObject, index: number | undefined, why: string): KObject | undefined {
    const template = clone(job.spec.template ?? {});
    const meta: Json = { ...(template.metadata ?? {}) };
    delete meta.creationTimestamp;
    meta.finalizers = [...(meta.finalizers ?? []).filter((f: string) => f !== JOB_TRACKING_FINALIZER), JOB_TRACKING_FINALIZER];
    const spec: Json = template.spec ?? {};
    let generateName = `${job.metadata.name}-`;
    if (index !== undefined) {
      meta.annotations = { ...(meta.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
      // PodIndexLabel (beta, on): the index as a label too; the hostname and an env variable name it.
      meta.labels = { ...(meta.labels ?? {}), [COMPLETION_INDEX]: String(index) };
      spec.hostname = `${job.metadata.name}-${index}`;
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if ((c.env ?? []).some((e: Json) => e.name === 'JOB_COMPLETION_INDEX')) continue;
        c.env = [...(c.env ?? []), { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }];
      }
      generateName = `${job.metadata.name}-${index}-`;
    }
    const pod: KObject = {
      apiVersion: 'v1', kind: 'Pod',
      metadata: { ...meta, generateName, namespace: job.metadata.namespace, ownerReferences: [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name as string, uid: job.metadata.uid as string, controller: true, blockOwnerDeletion: true }] },
      spec,
    };
    this.trace.record({ at: this.now(), component: 'controller manager', action: `create a pod for job ${job.metadata.name}`, why });
    const r = this.api.create(pod, { actor: 'the Job controller', owned: true });
    if (!r.ok) {
      this.#event(job, 'Warning', 'FailedCreate', `Error creating: ${r.error.message}`);
      return undefined;
    }
    this.#event(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.object.metadata.name}`);
    return r.object;
  }

  /** deleteJobPods: a pod the Job no longer wants is let go uncounted (its finalizer first), then deleted. */
  #dropPod(job: KObject, pod: KObject, why: string): void {
    this.#releaseFinalizers([pod]);
    this.#deletePod(job, pod, why);
  }

  #deletePod(job: KObject, pod: KObject, why: string): void {
    const r = this.api.delete(this.api.resourceOf('Pod'), pod.metadata.namespace, pod.metadata.name as string, { actor: 'the Job controller' });
    if (r.ok) {
      this.#event(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      this.trace.record({ at: this.now(), component: 'controller manager', action: `delete pod ${pod.metadata.name}`, why: `the Job controller stops it: ${why}` });
    }
  }

  /** Remove the tracking finalizer from pods the Job has counted (or no longer needs). */
  #releaseFinalizers(pods: KObject[]): boolean {
    const podType = this.api.resourceOf('Pod');
    let wrote = false;
    for (const p of pods) {
      const live = this.api.peek(podType, p.metadata.namespace, p.metadata.name as string);
      if (!live || !hasFinalizer(live)) continue;
      const finalizers = (live.metadata.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER);
      const meta: Json = { ...live.metadata, finalizers };
      if (finalizers.length === 0) delete meta.finalizers;
      this.api.writeStatus({ ...live, metadata: meta } as KObject);
      wrote = true;
    }
    return wrote;
  }

  /** pastBackoffLimitOnFailure: under OnFailure, the restarts of running and pending pods count as failures. */
  #pastBackoffLimitOnFailure(job: KObject, pods: KObject[]): boolean {
    if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
    let restarts = 0;
    for (const p of pods) {
      if (p.status?.phase !== 'Running' && p.status?.phase !== 'Pending') continue;
      for (const c of [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])]) restarts += c.restartCount ?? 0;
    }
    const limit = job.spec.backoffLimit ?? 6;
    return limit === 0 ? restarts > 0 : restarts >= limit;
  }

  /** ensureJobConditionStatus (and its event); returns whether the conditions changed. */
  #condition(job: KObject, type: string, status: 'True' | 'False', reason: string, message: string, now: number, eventReason?: string): boolean {
    const list: Json[] = (job.status.conditions ??= []);
    const at = iso(now);
    const made = { type, status, lastProbeTime: at, lastTransitionTime: at, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
    const i = list.findIndex((c) => c.type === type);
    if (i >= 0) {
      const old = list[i];
      if (old.status === status && (old.reason ?? '') === reason && (old.message ?? '') === message) return false;
      list[i] = made;
    } else {
      if (status === 'False') return false;
      list.push(made);
    }
    if (eventReason) this.#event(job, 'Normal', eventReason, message);
    return true;
  }

  /** The status subresource: written only when it changed. */
  #writeStatus(before: KObject, job: KObject): boolean {
    const status = job.status;
    for (const k of ['succeeded', 'failed', 'active']) if (status[k] === 0) delete status[k];
    if (status.conditions?.length === 0) delete status.conditions;
    const ordered = inGoOrder(status, JOB_STATUS_FIELDS);
    if (JSON.stringify(ordered) === JSON.stringify(before.status ?? {})) return false;
    this.api.patchStatus('Job', job.metadata.namespace, job.metadata.name as string, ordered);
    return true;
  }
}

/**
 * The TTL-after-finished controller: a finished Job with `ttlSecondsAfterFinished` is deleted that
 * long after it finished (and the garbage collector takes its pods).
 */
export class TtlAfterFinishedController {
  constructor(private readonly api: ApiServer, private readonly trace: Trace, private readonly now: () => number) {}

  #next: number | undefined;

  get wakeup(): number | undefined {
    return this.#next;
  }

  reconcile(): boolean {
    const jobType = this.api.resourceOf('Job');
    const now = this.now();
    let changed = false;
    let next: number | undefined;
    for (const job of this.api.list(jobType)) {
      const ttl = job.spec?.ttlSecondsAfterFinished;
      if (ttl === undefined || job.metadata.deletionTimestamp) continue;
      const done = jobFinished(job);
      if (!done) continue;
      const expires = Date.parse(done.lastTransitionTime) + ttl * 1000;
      if (now < expires) { if (next === undefined || expires < next) next = expires; continue; }
      this.trace.record({ at: now, component: 'controller manager', action: `delete job ${job.metadata.name}`, why: `the TTL-after-finished controller: the Job finished ${ttl}s ago (ttlSecondsAfterFinished)` });
      this.api.delete(jobType, job.metadata.namespace, job.metadata.name as string, { actor: 'the TTL-after-finished controller' });
      changed = true;
    }
    this.#next = next;
    return changed;
  }
}
