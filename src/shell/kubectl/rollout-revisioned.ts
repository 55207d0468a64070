/**
 * `kubectl rollout status|history|undo` for DaemonSets and StatefulSets, whose history is their
 * ControllerRevisions (polymorphichelpers: rollout_status.go, history.go, rollback.go).
 */
import { ownedRevisions, revisionTemplate } from '../../sim/cluster/history.ts';
import { stableDump } from '../../sim/cluster/names.ts';
import { clone, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { flag, type ParsedFlags } from '../flags.ts';
import { table } from '../format/table.ts';
import { err, out, result, type CommandResult } from '../result.ts';
import { statusLines } from './common.ts';
import { podTemplateRaw } from './describe.ts';

/** One look of a status viewer: the line it prints, whether the rollout is done, or why it cannot say. */
export interface RolloutView {
  readonly message: string;
  readonly done: boolean;
  readonly error?: string;
}

/** DaemonSetStatusViewer and StatefulSetStatusViewer. */
export function revisionedStatus(obj: KObject): RolloutView {
  const name = obj.metadata.name as string;
  const st = obj.status ?? {};
  const generation = obj.metadata.generation ?? 0;
  if (obj.spec?.updateStrategy?.type !== 'RollingUpdate') return { message: '', done: true, error: 'rollout status is only available for RollingUpdate strategy type' };
  if (obj.kind === 'DaemonSet') {
    if (generation > (st.observedGeneration ?? 0)) return { message: 'Waiting for daemon set spec update to be observed...', done: false };
    const desired = st.desiredNumberScheduled ?? 0;
    if ((st.updatedNumberScheduled ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.updatedNumberScheduled ?? 0} out of ${desired} new pods have been updated...`, done: false };
    if ((st.numberAvailable ?? 0) < desired) return { message: `Waiting for daemon set "${name}" rollout to finish: ${st.numberAvailable ?? 0} of ${desired} updated pods are available...`, done: false };
    return { message: `daemon set "${name}" successfully rolled out`, done: true };
  }
  if (!st.observedGeneration || generation > st.observedGeneration) return { message: 'Waiting for statefulset spec update to be observed...', done: false };
  const replicas = obj.spec?.replicas;
  if (replicas !== undefined && (st.readyReplicas ?? 0) < replicas) return { message: `Waiting for ${replicas - (st.readyReplicas ?? 0)} pods to be ready...`, done: false };
  const ru = obj.spec.updateStrategy.rollingUpdate;
  if (ru) {
    if (replicas !== undefined && ru.partition !== undefined && (st.updatedReplicas ?? 0) < replicas - ru.partition) {
      return { message: `Waiting for partitioned roll out to finish: ${st.updatedReplicas ?? 0} out of ${replicas - ru.partition} new pods have been updated...`, done: false };
    }
    return { message: `partitioned roll out complete: ${st.updatedReplicas ?? 0} new pods have been updated...`, done: true };
  }
  if (st.updateRevision !== st.currentRevision) return { message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...`, done: false };
  return { message: `statefulset rolling update complete ${st.currentReplicas ?? 0} pods at revision ${st.currentRevision}...`, done: true };
}

/** `rollout history` and `rollout undo` of a DaemonSet or StatefulSet. */
export function rolloutRevisioned(sub: 'history' | 'undo', obj: KObject, ctx: CommandContext, p: ParsedFlags): CommandResult {
  const api = ctx.world.cluster.api;
  const type = resourceByKind(obj.kind) as ResourceType;
  const name = obj.metadata.name as string;
  const history = ownedRevisions(api, obj);
  if (sub === 'history') {
    if (history.length === 0) return result([out(`${kindSlashName(type, name)} `), out('No rollout history found.')]);
    const want = flag(p, 'revision');
    if (want !== undefined && want !== '0') {
      const r = history.find((h) => String(h.revision) === want);
      if (!r) return result([err('error: unable to find the specified revision')], 1);
      return result([out(`${kindSlashName(type, name)} with revision #${want}`), ...podTemplateRaw(revisionTemplate(r)).split('\n').map(out), out('')]);
    }
    const rows = history.map((h) => [String(h.revision), h.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>']);
    return result([out(`${kindSlashName(type, name)} `), ...table([['REVISION', 'CHANGE-CAUSE'], ...rows], { padding: 2 }).map(out), out('')]);
  }
  // undo: the revision asked for, or the one before the newest.
  const to = Number(flag(p, 'to-revision') ?? 0);
  if (to === 0 && history.length <= 1) return result([err('error: no last revision to roll back to')], 1);
  const target = to === 0 ? history[history.length - 2] : history.find((h) => h.revision === to);
  if (!target) return result([err(`error: unable to find specified revision ${to} in history`)], 1);
  const template = revisionTemplate(target);
  if (stableDump(template) === stableDump(obj.spec.template)) return result([out(`${kindSlashName(type, name)} skipped rollback (current template already matches revision ${target.revision})`)]);
  const live = clone(obj);
  live.spec.template = template;
  const r = api.update(live, { reason: 'rollout undo', actor: 'kubectl rollout undo' });
  if (!r.ok) return result(statusLines(r.error), 1);
  ctx.world.advance(200);
  return result([out(`${kindSlashName(type, name)} rolled back`)]);
}
