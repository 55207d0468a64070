/**
 * `kubectl describe` for Jobs, CronJobs, DaemonSets and StatefulSets, as
 * kubectl 1.32 writes them (staging/src/k8s.io/kubectl/pkg/describe/describe.go: describeJob,
 * describeCronJob, describeDaemonSet, describeStatefulSet).
 */
import { controllerOf, formatSelector, labelsToString, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { rfc1123z } from '../../sim/units.ts';
import type { CommandContext } from '../context.ts';
import { describeEvents, mapLines, podTemplate, Writer } from './describe.ts';
import { age } from './printers.ts';
import { storageClassOf } from './printers-apis.ts';

/** getPodStatusForController: the controller's pods (by selector and controller reference), by phase. */
function podsStatus(ctx: CommandContext, owner: KObject): string {
  const api = ctx.world.cluster.api;
  const pods = api.list(api.resourceOf('Pod'), owner.metadata.namespace).filter((p) => controllerOf(p)?.uid === owner.metadata.uid);
  const n = (phase: string): number => pods.filter((p) => (p.status?.phase ?? 'Pending') === phase).length;
  return `${n('Running')} Running / ${n('Pending')} Waiting / ${n('Succeeded')} Succeeded / ${n('Failed')} Failed`;
}

const events = (w: Writer, ctx: CommandContext, obj: KObject): void => describeEvents(w, ctx.world.cluster.events.about(obj), ctx.world.clock.now());

/** The selector as LabelSelectorAsSelector prints it (empty for none). */
const selectorText = (sel: Json): string => { const t = formatSelector(sel); return t === '<none>' ? '' : t; };

/** `1-3,5,7,…`: the completed indexes, cut after about 50 characters at a comma (capIndexesListOrNone). */
function capIndexes(indexes: string | undefined, softLimit = 50): string {
  if (!indexes) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : `${indexes.slice(0, ix + 1)}...`;
}

export function describeJob(job: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata.name}`);
  w.write(0, `Namespace:\t${job.metadata.namespace}`);
  w.write(0, `Selector:\t${selectorText(spec.selector)}`);
  mapLines(w, 'Labels', job.metadata.labels, '=');
  mapLines(w, 'Annotations', job.metadata.annotations, ': ');
  const owner = controllerOf(job);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  if (spec.parallelism !== undefined) w.write(0, `Parallelism:\t${spec.parallelism}`);
  w.write(0, `Completions:\t${spec.completions ?? '<unset>'}`);
  if (spec.completionMode !== undefined) w.write(0, `Completion Mode:\t${spec.completionMode}`);
  if (spec.suspend !== undefined) w.write(0, `Suspend:\t${spec.suspend}`);
  if (spec.backoffLimit !== undefined) w.write(0, `Backoff Limit:\t${spec.backoffLimit}`);
  if (spec.ttlSecondsAfterFinished !== undefined) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}`);
  if (st.completionTime) w.write(0, `Completed At:\t${rfc1123z(st.completionTime)}`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${age(Date.parse(st.completionTime) - Date.parse(st.startTime))}`);
  if (spec.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s`);
  if (st.ready === undefined) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed`);
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexes(st.completedIndexes)}`);
  podTemplate(w, spec.template);
  events(w, ctx, job);
  return w.toString();
}

export function describeCronJob(cj: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const spec = cj.spec ?? {};
  const orUnset = (v: unknown, unit = ''): string => (v === undefined || v === null ? '<unset>' : `${v}${unit}`);
  w.write(0, `Name:\t${cj.metadata.name}`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}`);
  mapLines(w, 'Labels', cj.metadata.labels, '=');
  mapLines(w, 'Annotations', cj.metadata.annotations, ': ');
  w.write(0, `Schedule:\t${spec.schedule ?? ''}`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}`);
  w.write(0, `Suspend:\t${spec.suspend === undefined ? '<unset>' : spec.suspend ? 'True' : 'False'}`);
  w.write(0, `Successful Job History Limit:\t${orUnset(spec.successfulJobsHistoryLimit)}`);
  w.write(0, `Failed Job History Limit:\t${orUnset(spec.failedJobsHistoryLimit)}`);
  w.write(0, `Starting Deadline Seconds:\t${orUnset(spec.startingDeadlineSeconds, 's')}`);
  // describeJobTemplate.
  const js = spec.jobTemplate?.spec ?? {};
  w.write(0, `Selector:\t${js.selector ? selectorText(js.selector) : '<unset>'}`);
  w.write(0, `Parallelism:\t${orUnset(js.parallelism)}`);
  w.write(0, `Completions:\t${orUnset(js.completions)}`);
  if (js.activeDeadlineSeconds !== undefined) w.write(0, `Active Deadline Seconds:\t${js.activeDeadlineSeconds}s`);
  podTemplate(w, js.template);
  w.write(0, `Last Schedule Time:\t${cj.status?.lastScheduleTime ? rfc1123z(cj.status.lastScheduleTime) : '<unset>'}`);
  const active: Json[] = cj.status?.active ?? [];
  w.write(0, `Active Jobs:\t${active.length ? active.map((a) => a.name).join(', ') : '<none>'}`);
  events(w, ctx, cj);
  return w.toString();
}

export function describeDaemonSet(ds: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const st = ds.status ?? {};
  // describeDaemonSet has no Namespace line.
  w.write(0, `Name:\t${ds.metadata.name}`);
  w.write(0, `Selector:\t${selectorText(ds.spec?.selector)}`);
  w.write(0, `Node-Selector:\t${labelsToString(ds.spec?.template?.spec?.nodeSelector)}`);
  mapLines(w, 'Labels', ds.metadata.labels, '=');
  mapLines(w, 'Annotations', ds.metadata.annotations, ': ');
  // These five lines have no tab: they are not aligned with the rest.
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}`);
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}`);
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}`);
  w.write(0, `Pods Status:\t${podsStatus(ctx, ds)}`);
  podTemplate(w, ds.spec?.template);
  events(w, ctx, ds);
  return w.toString();
}

export function describeStatefulSet(sts: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const spec = sts.spec ?? {};
  w.write(0, `Name:\t${sts.metadata.name}`);
  w.write(0, `Namespace:\t${sts.metadata.namespace}`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(sts.metadata.creationTimestamp)}`);
  w.write(0, `Selector:\t${selectorText(spec.selector)}`);
  mapLines(w, 'Labels', sts.metadata.labels, '=');
  mapLines(w, 'Annotations', sts.metadata.annotations, ': ');
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${sts.status?.replicas ?? 0} total`);
  w.write(0, `Update Strategy:\t${spec.updateStrategy?.type ?? ''}`);
  const ru = spec.updateStrategy?.rollingUpdate;
  if (ru?.partition !== undefined) {
    w.write(1, `Partition:\t${ru.partition}`);
    if (ru.maxUnavailable !== undefined) w.write(1, `MaxUnavailable:\t${ru.maxUnavailable}`);
  }
  w.write(0, `Pods Status:\t${podsStatus(ctx, sts)}`);
  podTemplate(w, spec.template);
  // describeVolumeClaimTemplates.
  const claims: Json[] = spec.volumeClaimTemplates ?? [];
  if (claims.length === 0) w.write(0, 'Volume Claims:\t<none>');
  else {
    w.write(0, 'Volume Claims:');
    for (const c of claims) {
      w.write(1, `Name:\t${c.metadata?.name ?? ''}`);
      w.write(1, `StorageClass:\t${storageClassOf(c as KObject)}`);
      const lines = (label: string, m: Record<string, string> | undefined, sep: string): void => {
        const items = Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}${sep}${v}`);
        (items.length ? items : ['<none>']).forEach((item, i) => w.write(0, `${i === 0 ? `  ${label}:` : '  '}\t${item}`));
      };
      lines('Labels', c.metadata?.labels, '=');
      lines('Annotations', c.metadata?.annotations, '=');
      w.write(1, `Capacity:\t${c.spec?.resources?.requests?.storage ?? '<default>'}`);
      w.write(1, `Access Modes:\t[${(c.spec?.accessModes ?? []).join(' ')}]`);
    }
  }
  events(w, ctx, sts);
  return w.toString();
}

