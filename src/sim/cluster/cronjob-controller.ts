/**
 * The CronJob controller (pkg/controller/cronjob/cronjob_controllerv2.go and utils.go, 1.32): on
 * the world's clock it makes a Job for each scheduled time (named NAME-<minutes since the epoch>,
 * so a time is never run twice), honours startingDeadlineSeconds, the concurrency policy and
 * suspend, notices when its Jobs finish, and keeps 3 successful and 1 failed Job by default. It
 * looks again 100 ms after each scheduled time, as the real controller requeues itself.
 */
import type { ApiServer } from './api-server.ts';
import { nextRun, parseCron, type CronSchedule } from './cron.ts';
import type { EventRecorder } from './events.ts';
import { jobFinished } from './job-controller.ts';
import { rfc1123z } from '../units.ts';
import { clone, controllerOf, inGoOrder, type Json, type KObject } from './objects.ts';
import { SyncState } from './sync-state.ts';
import type { Trace } from '../trace.ts';

const COMPONENT = 'cronjob-controller';
/** nextScheduleDelta: the controller requeues itself this long after a scheduled time. */
const NEXT_SCHEDULE_DELTA_MS = 100;
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** RFC 3339 in the CronJob's time zone (Go's time.Format after In(location)): `2026-11-21T04:00:00-05:00`. */
function rfc3339In(ms: number, zone: string | undefined): string {
  if (!zone || zone === 'UTC') return iso(ms);
  const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const p: Record<string, string> = {};
  for (const x of f.formatToParts(new Date(ms))) p[x.type] = x.value;
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const off = Math.round((wall - Math.floor(ms / 1000) * 1000) / 60_000);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  const zoneText = off === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${zoneText}`;
}

/**
 * mostRecentScheduleTime: the latest scheduled time not after `now` since the last one (or the
 * CronJob's creation), optionally no earlier than startingDeadlineSeconds ago; and how many were missed.
 */
function mostRecent(cj: KObject, s: CronSchedule, now: number, withDeadline: boolean): { earliest: number; time: number | undefined; missed: number } {
  let earliest = Date.parse(cj.status?.lastScheduleTime ?? cj.metadata.creationTimestamp ?? '');
  const sds = cj.spec?.startingDeadlineSeconds;
  if (withDeadline && typeof sds === 'number') earliest = Math.max(earliest, now - sds * 1000);
  const t1 = nextRun(s, earliest);
  if (t1 === undefined || now < t1) return { earliest, time: undefined, missed: 0 };
  const t2 = nextRun(s, t1);
  if (t2 === undefined || now < t2) return { earliest, time: t1, missed: 0 };
  const between = Math.round((t2 - t1) / 1000);
  const missed = Math.floor((now - t1) / 1000 / between) + 1;
  let time: number | undefined;
  for (let t: number | undefined = nextRun(s, t1 + (missed - 2) * between * 1000); t !== undefined && t <= now; t = nextRun(s, t)) time = t;
  return { earliest, time, missed };
}

export class CronJobController {
  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  /** Per CronJob: what it last saw (its version and the Jobs'), and when it next wants a look (100 ms after its next scheduled time). */
  readonly #state = new SyncState();

  get wakeup(): number | undefined {
    return this.#state.wakeup;
  }

  reconcile(): boolean {
    const cjType = this.api.resourceOf('CronJob');
    const cronJobs = this.api.list(cjType);
    if (cronJobs.length === 0 && this.#state.empty) return false;
    const now = this.now();
    const signature = (cj: KObject): string => `${this.api.peek(cjType, cj.metadata.namespace, cj.metadata.name as string)?.metadata.resourceVersion}|${this.#jobsVersion()}`;
    return this.#state.pass(cronJobs, now, signature, (cj) => this.#sync(cj, now)).changed;
  }

  #jobsVersion: () => number = () => 0;

  /** How the cluster tells it what the Jobs' folder counter is now (its informer's view). */
  watchJobs(version: () => number): void {
    this.#jobsVersion = version;
  }

  #event(cj: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.events.record(cj, type, reason, message, { component: COMPONENT });
  }

  #sync(shared: KObject, now: number): boolean {
    const cj = clone(shared);
    const status: Json = (cj.status ??= {});
    const jobType = this.api.resourceOf('Job');
    const jobs = this.api.list(jobType, cj.metadata.namespace).filter((j) => { const o = controllerOf(j); return o?.kind === 'CronJob' && o.name === cj.metadata.name; });
    let update = this.#cleanup(cj, jobs);
    const active = (): Json[] => (status.active ??= []);
    const inActive = (uid: string): boolean => active().some((r) => r.uid === uid);
    const dropActive = (uid: string): void => { status.active = active().filter((r) => r.uid !== uid); };
    for (const j of jobs) {
      const done = jobFinished(j);
      if (inActive(j.metadata.uid as string) && done) {
        dropActive(j.metadata.uid as string);
        this.#event(cj, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${done.type}`);
        update = true;
      }
      // A Job does not have to be active to count: its completion time is the last success.
      if (done?.type === 'Complete' && j.status?.completionTime && (!status.lastSuccessfulTime || Date.parse(j.status.completionTime) > Date.parse(status.lastSuccessfulTime))) {
        status.lastSuccessfulTime = j.status.completionTime;
        update = true;
      }
    }
    for (const ref of [...active()]) {
      if (jobs.some((j) => j.metadata.uid === ref.uid)) continue;
      this.#event(cj, 'Normal', 'MissingJob', `Active job went missing: ${ref.name}`);
      dropActive(ref.uid);
      update = true;
    }
    if (!cj.metadata.deletionTimestamp && cj.spec?.suspend !== true) update = this.#schedule(cj, now) || update;
    if (status.active?.length === 0) delete status.active;
    if (!update || JSON.stringify(status) === JSON.stringify(shared.status ?? {})) return false;
    this.api.patchStatus('CronJob', cj.metadata.namespace, cj.metadata.name as string, inGoOrder(status, ['active', 'lastScheduleTime', 'lastSuccessfulTime']));
    return true;
  }

  /** syncCronJob's scheduling half: make the Job for the most recent unmet time, if it may run. */
  #schedule(cj: KObject, now: number): boolean {
    const uid = cj.metadata.uid as string;
    const status = cj.status;
    const schedule = parseCron(cj.spec.timeZone ? `TZ=${cj.spec.timeZone} ${cj.spec.schedule}` : String(cj.spec.schedule));
    if (typeof schedule === 'string') {
      this.#event(cj, 'Warning', 'UnparseableSchedule', `unparseable schedule: ${JSON.stringify(cj.spec.schedule)} : ${schedule}`);
      return false;
    }
    const requeue = (): void => {
      const { earliest, time, missed } = mostRecent(cj, schedule, now, false);
      const from = time ?? (missed === 0 ? earliest : now);
      const next = nextRun(schedule, from);
      if (next !== undefined) this.#state.wake(uid, next + NEXT_SCHEDULE_DELTA_MS);
    };
    const { time: scheduled, missed } = mostRecent(cj, schedule, now, true);
    if (scheduled === undefined || scheduled > now) { requeue(); return false; }
    if (missed > 100) this.#event(cj, 'Warning', 'TooManyMissedTimes', 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew');
    const sds = cj.spec.startingDeadlineSeconds;
    if (typeof sds === 'number' && scheduled + sds * 1000 < now) {
      this.#event(cj, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc1123z(iso(scheduled))}`);
      requeue();
      return false;
    }
    const name = `${cj.metadata.name}-${Math.floor(scheduled / 60_000)}`;
    if ((status.active ?? []).some((r: Json) => r.name === name) || (status.lastScheduleTime && Date.parse(status.lastScheduleTime) === scheduled)) { requeue(); return false; }
    if (cj.spec.concurrencyPolicy === 'Forbid' && (status.active ?? []).length > 0) {
      this.#event(cj, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid');
      this.trace.record({ at: now, component: 'controller manager', action: `skip a run of cronjob ${cj.metadata.name}`, why: 'concurrencyPolicy Forbid: the previous Job is still running' });
      requeue();
      return false;
    }
    let update = false;
    if (cj.spec.concurrencyPolicy === 'Replace') {
      for (const ref of [...(status.active ?? [])]) {
        const job = this.api.peek(this.api.resourceOf('Job'), ref.namespace, ref.name);
        if (job && this.#deleteJob(cj, job, 'concurrencyPolicy Replace: the new run replaces the Job still running')) update = true;
      }
    }
    const template = cj.spec.jobTemplate ?? {};
    const job: KObject = {
      apiVersion: 'batch/v1', kind: 'Job',
      metadata: {
        name, namespace: cj.metadata.namespace,
        labels: { ...(template.metadata?.labels ?? {}) },
        annotations: { ...(template.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339In(scheduled, cj.spec.timeZone) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: cj.metadata.name as string, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: clone(template.spec ?? {}),
    };
    if (Object.keys(job.metadata.labels ?? {}).length === 0) delete job.metadata.labels;
    this.trace.record({ at: now, component: 'controller manager', action: `create job ${name}`, why: `CronJob ${cj.metadata.name}'s schedule "${cj.spec.schedule}" came due at ${iso(scheduled)}` });
    const r = this.api.create(job, { actor: 'the CronJob controller', owned: true });
    if (!r.ok) {
      if (r.error.reason !== 'AlreadyExists') {
        this.#event(cj, 'Warning', 'FailedCreate', `Error creating job: ${r.error.message}`);
        return update;
      }
      const existing = this.api.peek(this.api.resourceOf('Job'), cj.metadata.namespace, name);
      if (!existing || controllerOf(existing)?.uid !== uid || (status.active ?? []).some((a: Json) => a.uid === existing.metadata.uid)) return update;
      status.active = [...(status.active ?? []), this.#ref(existing)];
    } else {
      this.#event(cj, 'Normal', 'SuccessfulCreate', `Created job ${name}`);
      status.active = [...(status.active ?? []), this.#ref(r.object)];
    }
    status.lastScheduleTime = iso(scheduled);
    requeue();
    return true;
  }

  #ref(job: KObject): Json {
    return { apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, namespace: job.metadata.namespace, resourceVersion: job.metadata.resourceVersion, uid: job.metadata.uid };
  }

  /** cleanupFinishedJobs: keep the newest successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed Jobs. */
  #cleanup(cj: KObject, jobs: KObject[]): boolean {
    const done = (type: string): KObject[] => jobs.filter((j) => jobFinished(j)?.type === type);
    let update = false;
    for (const [list, limit] of [[done('Complete'), cj.spec?.successfulJobsHistoryLimit], [done('Failed'), cj.spec?.failedJobsHistoryLimit]] as const) {
      if (typeof limit !== 'number' || list.length <= limit) continue;
      // byJobStartTime: oldest first, names breaking ties.
      const sorted = [...list].sort((a, b) => {
        const sa = a.status?.startTime;
        const sb = b.status?.startTime;
        if (!sa || !sb) return sa ? -1 : sb ? 1 : 0;
        return Date.parse(sa) - Date.parse(sb) || (a.metadata.name as string).localeCompare(b.metadata.name as string);
      });
      for (const j of sorted.slice(0, list.length - limit)) if (this.#deleteJob(cj, j, `it keeps ${limit} finished Job(s) of this kind (the history limit)`)) update = true;
    }
    return update;
  }

  /** deleteJob: the Job goes (its pods follow through the garbage collector), and out of the active list. */
  #deleteJob(cj: KObject, job: KObject, why: string): boolean {
    const r = this.api.delete(this.api.resourceOf('Job'), job.metadata.namespace, job.metadata.name as string, { actor: 'the CronJob controller' });
    if (!r.ok) {
      this.#event(cj, 'Warning', 'FailedDelete', `Deleted job: ${r.error.message}`);
      return false;
    }
    cj.status.active = (cj.status.active ?? []).filter((a: Json) => a.uid !== job.metadata.uid);
    this.#event(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    this.trace.record({ at: this.now(), component: 'controller manager', action: `delete job ${job.metadata.name}`, why: `the CronJob controller: ${why}` });
    return true;
  }
}
