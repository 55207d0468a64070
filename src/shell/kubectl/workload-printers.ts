/**
 * `kubectl get` tables for Jobs, CronJobs, DaemonSets, StatefulSets, ControllerRevisions and
 * PersistentVolumeClaims, as the 1.32 API server builds them (pkg/printers/internalversion/
 * printers.go: printJob, printCronJob, printDaemonSet, printStatefulSet, printControllerRevision,
 * printPersistentVolumeClaim).
 */
import type { Json, KObject } from '../../sim/cluster/objects.ts';
import { formatSelector, labelsToString } from '../../sim/cluster/objects.ts';
import { resourceByKind } from '../../sim/cluster/resources.ts';
import { age, since, type TableSpec } from './printers.ts';

const containers = (spec: Json): string => (spec?.containers ?? []).map((c: Json) => c.name).join(',');
const images = (spec: Json): string => (spec?.containers ?? []).map((c: Json) => c.image).join(',');
/** printBoolPtr. */
const boolPtr = (v: unknown): string => (v === undefined || v === null ? '<unset>' : v ? 'True' : 'False');
const hasCondition = (obj: KObject, type: string): boolean => (obj.status?.conditions ?? []).some((c: Json) => c.type === type && c.status === 'True');

/** The Job's STATUS column (printers.go, since 1.30). */
export function jobStatus(job: KObject): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

/** COMPLETIONS: `1/3`, or `0/1 of 5` for a work queue (no completions, parallelism above 1). */
export function jobCompletions(job: KObject): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions !== undefined) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

/** DURATION: from the start to completion, or to now while it runs; nothing before it starts. */
export function jobDuration(job: KObject, now: number): string {
  const start = job.status?.startTime;
  if (!start) return '';
  const end = job.status?.completionTime ? Date.parse(job.status.completionTime) : now;
  return age(end - Date.parse(start));
}

export const WORKLOAD_TABLES: Record<string, TableSpec> = {
  Job: {
    headers: ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (j, now) => [j.metadata.name as string, jobStatus(j), jobCompletions(j), jobDuration(j, now), since(j.metadata.creationTimestamp, now)],
    wide: (j) => [containers(j.spec?.template?.spec), images(j.spec?.template?.spec), formatSelector(j.spec?.selector)],
  },
  CronJob: {
    headers: ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (c, now) => [c.metadata.name as string, c.spec?.schedule ?? '', c.spec?.timeZone ?? '<none>', boolPtr(c.spec?.suspend), String((c.status?.active ?? []).length), c.status?.lastScheduleTime ? since(c.status.lastScheduleTime, now) : '<none>', since(c.metadata.creationTimestamp, now)],
    wide: (c) => [containers(c.spec?.jobTemplate?.spec?.template?.spec), images(c.spec?.jobTemplate?.spec?.template?.spec), formatSelector(c.spec?.jobTemplate?.spec?.selector)],
  },
  DaemonSet: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (d, now) => {
      const s = d.status ?? {};
      return [d.metadata.name as string, String(s.desiredNumberScheduled ?? 0), String(s.currentNumberScheduled ?? 0), String(s.numberReady ?? 0), String(s.updatedNumberScheduled ?? 0), String(s.numberAvailable ?? 0), labelsToString(d.spec?.template?.spec?.nodeSelector), since(d.metadata.creationTimestamp, now)];
    },
    wide: (d) => [containers(d.spec?.template?.spec), images(d.spec?.template?.spec), formatSelector(d.spec?.selector)],
  },
  StatefulSet: {
    headers: ['NAME', 'READY', 'AGE'],
    wideHeaders: ['CONTAINERS', 'IMAGES'],
    row: (s, now) => [s.metadata.name as string, `${s.status?.readyReplicas ?? 0}/${s.spec?.replicas ?? 0}`, since(s.metadata.creationTimestamp, now)],
    wide: (s) => [containers(s.spec?.template?.spec), images(s.spec?.template?.spec)],
  },
  ControllerRevision: {
    headers: ['NAME', 'CONTROLLER', 'REVISION', 'AGE'],
    wideHeaders: [],
    row: (r, now) => {
      const owner = (r.metadata.ownerReferences ?? []).find((o) => o.controller);
      const type = owner ? resourceByKind(owner.kind) : undefined;
      // formatResourceName: the owner's group-qualified kind, lower-cased: `daemonset.apps/kube-proxy`.
      const controller = owner ? `${owner.kind.toLowerCase()}${type?.group ? `.${type.group}` : ''}/${owner.name}` : '<none>';
      return [r.metadata.name as string, controller, String(r.revision ?? 0), since(r.metadata.creationTimestamp, now)];
    },
    wide: () => [],
  },
};
