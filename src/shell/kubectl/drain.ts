/**
 * `kubectl cordon`, `uncordon` and `drain` (staging/src/k8s.io/kubectl/pkg/cmd/drain/drain.go and
 * pkg/drain/: cordon.go, filters.go, drain.go). Cordoning sets the node's spec.unschedulable;
 * draining cordons, sorts the node's pods through kubectl's filters (DaemonSet-managed, mirror,
 * local storage, unreplicated), then evicts the rest through the Eviction API and waits, polling
 * each second, until every one is gone; their controllers make replacements on other nodes.
 */
import { clone, controllerOf, parseLabelSelector, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, resourceByKind } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, type ParsedFlags } from '../flags.ts';
import { err, hint, out, result, type CommandResult, type Line } from '../result.ts';
import { evictPod } from '../../sim/cluster/disruption.ts';
import { dryRunOf, dryRunSuffix as suffix, isResult, resolveObjects, statusLines, type DryRun } from './common.ts';
import { goDuration, parseGoDuration } from '../../sim/units.ts';

/** DrainCmdOptions.Complete: the nodes named (or selected), or kubectl's usage error. */
function nodesFor(verb: string, args: string[], ctx: CommandContext, p: ParsedFlags): { nodes: KObject[]; errors: Line[] } | CommandResult {
  const selector = flag(p, 'selector');
  if (args.length === 0 && selector === undefined) return result([err(`error: USAGE: ${verb} NODE [flags]`), err(`See 'kubectl ${verb} -h' for help and examples`)], 1);
  if (args.length > 0 && selector !== undefined) return result([err('error: error: cannot specify both a node name and a --selector option'), err(`See 'kubectl ${verb} -h' for help and examples`)], 1);
  const found = resolveObjects(['nodes', ...args], ctx, p);
  if (isResult(found)) return found;
  // The builder stops at the first node it cannot get.
  if (found.errors.length) return result([found.errors[0] as Line], 1);
  return { nodes: found.objects, errors: [] };
}

/** RunCordonOrUncordon: one line per node, `cordoned` or `already cordoned`. */
function cordonNodes(nodes: KObject[], desired: boolean, dry: DryRun, ctx: CommandContext): Line[] {
  const lines: Line[] = [];
  const api = ctx.world.cluster.api;
  const word = desired ? 'cordon' : 'uncordon';
  for (const live of nodes) {
    const name = kindSlashName(api.resourceOf('Node'), live.metadata.name as string);
    if (Boolean(live.spec?.unschedulable) === desired) { lines.push(out(`${name} already ${word}ed${suffix(dry)}`)); continue; }
    if (dry !== 'client') {
      const node = clone(live);
      if (desired) node.spec = { ...(node.spec ?? {}), unschedulable: true }; else delete node.spec.unschedulable;
      const r = api.update(node, { dryRun: dry === 'server', reason: word, actor: `kubectl ${word}` });
      if (!r.ok) { lines.push(err(`error: unable to ${word} node "${live.metadata.name}": ${r.error.message}`)); continue; }
    }
    lines.push(out(`${name} ${word}ed${suffix(dry)}`));
  }
  return lines;
}

export function cordon(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  return cordonOrUncordon('cordon', true, args, ctx, p);
}

export function uncordon(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  return cordonOrUncordon('uncordon', false, args, ctx, p);
}

function cordonOrUncordon(verb: string, desired: boolean, args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const found = nodesFor(verb, args, ctx, p);
  if (isResult(found)) return found;
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const lines = cordonNodes(found.nodes, desired, dry, ctx);
  if (dry === 'none') ctx.world.advance(200);
  return result(lines, lines.some((l) => l.stream === 'err') ? 1 : 0);
}

/** How long the sandbox lets a drain retry before it stops (kubectl's own default waits forever). */
const GIVE_UP_MS = 10 * 60_000;

const DAEMONSET_FATAL = 'DaemonSet-managed Pods (use --ignore-daemonsets to ignore)';
const DAEMONSET_WARNING = 'ignoring DaemonSet-managed Pods';
const LOCAL_STORAGE_FATAL = 'Pods with local storage (use --delete-emptydir-data to override)';
const LOCAL_STORAGE_WARNING = 'deleting Pods with local storage';
const UNMANAGED_FATAL = 'cannot delete Pods that declare no controller (use --force to override)';
const UNMANAGED_WARNING = 'deleting Pods that declare no controller';

interface PodStatus {
  readonly delete: boolean;
  readonly reason: 'Okay' | 'Skip' | 'Warning' | 'Error';
  readonly message?: string;
}

/** filters.go: each pod runs through the filters until one keeps it; the last answer is its status. */
function podStatus(pod: KObject, p: ParsedFlags, ctx: CommandContext): PodStatus {
  const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
  const owner = controllerOf(pod);
  const filters: Array<() => PodStatus> = [
    // daemonSetFilter
    () => {
      if (!owner || owner.kind !== 'DaemonSet' || finished) return { delete: true, reason: 'Okay' };
      const dsType = resourceByKind('DaemonSet');
      const ds = dsType ? ctx.world.cluster.api.get(dsType, pod.metadata.namespace, owner.name) : undefined;
      if (ds && !('metadata' in ds)) return bool(p, 'force') ? { delete: true, reason: 'Warning', message: ds.message } : { delete: false, reason: 'Error', message: ds.message };
      return bool(p, 'ignore-daemonsets') ? { delete: false, reason: 'Warning', message: DAEMONSET_WARNING } : { delete: false, reason: 'Error', message: DAEMONSET_FATAL };
    },
    // mirrorPodFilter: static pods belong to their kubelet.
    () => (pod.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined ? { delete: false, reason: 'Skip' } : { delete: true, reason: 'Okay' }),
    // localStorageFilter
    () => {
      if (!((pod.spec?.volumes ?? []) as Json[]).some((v) => v.emptyDir) || finished) return { delete: true, reason: 'Okay' };
      return bool(p, 'delete-emptydir-data') ? { delete: true, reason: 'Warning', message: LOCAL_STORAGE_WARNING } : { delete: false, reason: 'Error', message: LOCAL_STORAGE_FATAL };
    },
    // unreplicatedFilter
    () => {
      if (finished || owner) return { delete: true, reason: 'Okay' };
      return bool(p, 'force') ? { delete: true, reason: 'Warning', message: UNMANAGED_WARNING } : { delete: false, reason: 'Error', message: UNMANAGED_FATAL };
    },
  ];
  let status: PodStatus = { delete: true, reason: 'Okay' };
  for (const f of filters) {
    status = f();
    if (!status.delete) break;
  }
  return status;
}

/** Messages with the pods they apply to, in the order they were first met: `message: ns/a, ns/b`. */
function grouped(items: Array<{ pod: KObject; status: PodStatus }>, reason: PodStatus['reason']): string[] {
  const byMessage = new Map<string, string[]>();
  for (const { pod, status } of items) {
    if (status.reason !== reason) continue;
    const msg = status.message || 'unexpected error';
    byMessage.set(msg, [...(byMessage.get(msg) ?? []), `${pod.metadata.namespace}/${pod.metadata.name}`]);
  }
  return [...byMessage].map(([msg, pods]) => `${msg}: ${pods.join(', ')}`);
}

export function drain(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const found = nodesFor('drain', args, ctx, p);
  if (isResult(found)) return found;
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const podSelector = flag(p, 'pod-selector');
  const podTest = podSelector === undefined ? () => true : parseLabelSelector(podSelector);
  if (typeof podTest === 'string') return result([err('error: --pod-selector=<pod_selector> must be a valid label selector')], 1);
  const timeout = flag(p, 'timeout');
  const parsedTimeout = timeout === undefined ? undefined : parseGoDuration(timeout);
  if (parsedTimeout && 'error' in parsedTimeout) return result([err(`error: invalid argument "${timeout}" for "--timeout" flag: ${parsedTimeout.error}`), err("See 'kubectl drain --help' for usage.")], 1);
  const limitMs = parsedTimeout?.ms;
  const grace = Number(flag(p, 'grace-period') ?? -1);
  const api = ctx.world.cluster.api;
  const podType = api.resourceOf('Pod');
  const nodeType = api.resourceOf('Node');
  // RunDrain: cordon them all first.
  const lines = cordonNodes(found.nodes, true, dry, ctx);
  if (dry === 'none') ctx.world.advance(200);
  const remaining: string[] = [];
  /** Each node's errors (RunDrain's fatal: one aggregate per node that could not be drained). */
  const fatal: string[][] = [];
  for (const node of found.nodes) {
    const nodeName = node.metadata.name as string;
    const pods = api.list(podType).filter((x) => x.spec?.nodeName === nodeName && podTest(x.metadata.labels))
      .sort((a, b) => `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(`${b.metadata.namespace}/${b.metadata.name}`));
    const items = pods.map((pod) => ({ pod, status: podStatus(pod, p, ctx) }));
    const errors = grouped(items, 'Error').map((m) => `cannot delete ${m}`);
    if (errors.length) {
      const shown = errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`;
      lines.push(err(`error: unable to drain node "${nodeName}" due to error: ${shown}, continuing command...`));
      remaining.push(nodeName);
      fatal.push(errors);
      continue;
    }
    const warnings = grouped(items, 'Warning');
    if (warnings.length) lines.push(err(`Warning: ${warnings.join('; ')}`));
    const victims = items.filter((i) => i.status.delete).map((i) => i.pod);
    if (dry === 'client') {
      for (const v of victims) lines.push(out(`evicting pod ${v.metadata.namespace}/${v.metadata.name} (dry run)`));
      lines.push(out(`${kindSlashName(nodeType, nodeName)} drained (dry run)`));
      continue;
    }
    // evictPods: every pod's eviction starts at once. One a disruption budget refuses (429) is
    // tried again every 5 s, saying so each time; an evicted one is waited for, polled every
    // second. --timeout is one deadline for all (0: none); a retry that wakes after it says so.
    const pending = victims.map((v) => ({ pod: v, next: 0, evicted: false }));
    const started = ctx.world.clock.now();
    const deadline = limitMs !== undefined && limitMs > 0 ? started + limitMs : undefined;
    const problems: string[] = [];
    let gaveUp = false;
    while (pending.length > 0) {
      const now = ctx.world.clock.now();
      const late = deadline !== undefined && now >= deadline;
      for (const item of [...pending]) {
        const v = item.pod;
        const done = (problem?: string): void => { pending.splice(pending.indexOf(item), 1); if (problem) problems.push(problem); };
        if (item.evicted) {
          const live = api.get(podType, v.metadata.namespace, v.metadata.name as string);
          if ('metadata' in live && live.metadata.uid === v.metadata.uid) {
            if (late) done(`error when waiting for pod "${v.metadata.name}" in namespace "${v.metadata.namespace}" to terminate: context deadline exceeded`);
            continue;
          }
          done();
          lines.push(out(`${kindSlashName(podType, v.metadata.name as string)} evicted`));
          continue;
        }
        if (item.next > now) continue;
        lines.push(out(`evicting pod ${v.metadata.namespace}/${v.metadata.name}${dry === 'server' ? ' (server dry run)' : ''}`));
        if (late) { done(`error when evicting pods/"${v.metadata.name}" -n "${v.metadata.namespace}": global timeout reached: ${goDuration(limitMs as number)}`); continue; }
        const r = evictPod(api, v.metadata.namespace as string, v.metadata.name as string, { ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), dryRun: dry === 'server', actor: 'the Eviction API (kubectl drain)' });
        if (r.ok) {
          if (dry === 'server') done(); else item.evicted = true;
        } else if (r.error.reason === 'NotFound') {
          done();
        } else if (r.error.reason === 'TooManyRequests') {
          lines.push(err(`error when evicting pods/"${v.metadata.name}" -n "${v.metadata.namespace}" (will retry after 5s): ${r.error.message}`));
          item.next = now + 5000;
        } else {
          done(`error when evicting pods/"${v.metadata.name}" -n "${v.metadata.namespace}": ${r.error.message}`);
        }
      }
      if (pending.length === 0) break;
      if (ctx.world.clock.now() - started >= GIVE_UP_MS) {
        // kubectl would go on (no --timeout is forever) until Ctrl-C.
        lines.push(hint(`kubectl drain would go on trying (until Ctrl-C, or --timeout); kubetutor stops after ten minutes. \`kubectl get pdb\` shows which budget allows no disruption now.`));
        gaveUp = true;
        break;
      }
      ctx.world.advance(1000);
    }
    if (gaveUp) { remaining.push(nodeName); continue; }
    if (problems.length) {
      // The aggregate of the pods' errors, and the pods still to go (GetPodsForDeletion again).
      const message = problems.length === 1 ? problems[0] as string : `[${problems.join(', ')}]`;
      const left = victims.filter((v) => { const live = api.get(podType, v.metadata.namespace, v.metadata.name as string); return 'metadata' in live && live.metadata.uid === v.metadata.uid; });
      if (left.length) lines.push(err(`There are pending pods in node "${nodeName}" when an error occurred: ${message}`), ...left.map((v) => err(`pod/${v.metadata.name}`)));
      lines.push(err(`error: unable to drain node "${nodeName}" due to error: ${message}, continuing command...`));
      remaining.push(nodeName);
      fatal.push(problems);
      continue;
    }
    lines.push(out(`${kindSlashName(nodeType, nodeName)} drained${suffix(dry)}`));
  }
  if (remaining.length) {
    lines.push(err('There are pending nodes to be drained:'), ...remaining.map((n) => err(` ${n}`)));
    // CheckErr of the aggregate: one node's errors each on its own line (an aggregate of one is
    // unwrapped), several nodes' each as its own aggregate (`[a, b]` when it holds more than one).
    const shown = fatal.length === 1 ? fatal[0] as string[] : fatal.map((f) => (f.length === 1 ? f[0] as string : `[${f.join(', ')}]`));
    lines.push(...shown.map((f) => err(f)));
  }
  return result(lines, remaining.length ? 1 : 0);
}
