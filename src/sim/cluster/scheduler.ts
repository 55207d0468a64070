/**
 * The default scheduler: for each pod without a node it runs the filters a learner meets
 * (NodeUnschedulable, NodeName, NodeAffinity/nodeSelector, TaintToleration, NodeResourcesFit),
 * scores the nodes that pass, and binds the pod to the best. It keeps every node's reason, so a
 * Pending pod can be explained in words, and reports failures in the real FailedScheduling text.
 */
import type { Json, KObject } from './objects.ts';
import { bytes, milliCpu } from './quantity.ts';

export interface NodeVerdict {
  readonly node: string;
  /** Undefined when the node passed every filter. */
  readonly reason: string | undefined;
  /** Whether evicting lower-priority pods could help (resources) or not (taints, selectors). */
  readonly preemptionHelps: boolean;
  readonly score?: number;
}

export interface SchedulingDecision {
  readonly node: string | undefined;
  readonly verdicts: readonly NodeVerdict[];
  /** `0/3 nodes are available: …` when no node fits. */
  readonly message: string | undefined;
}

function requests(pod: KObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu ?? 0);
    memory += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory ?? 0);
  }
  return { cpu, memory };
}

function tolerates(tolerations: Json[], taint: Json): boolean {
  return tolerations.some((t) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (!t.key && t.operator === 'Exists') return true;
    if (t.key !== taint.key) return false;
    return (t.operator ?? 'Equal') === 'Exists' || (t.value ?? '') === (taint.value ?? '');
  });
}

/** Decide where a pod goes, given the nodes and the pods already bound to each. */
export function schedule(pod: KObject, nodes: readonly KObject[], podsOn: (node: string) => readonly KObject[]): SchedulingDecision {
  const want = requests(pod);
  const verdicts: NodeVerdict[] = [];
  for (const node of nodes) {
    const name = node.metadata.name as string;
    const fail = (reason: string, preemptionHelps = false): void => { verdicts.push({ node: name, reason, preemptionHelps }); };
    if (node.spec?.unschedulable) { fail('node(s) were unschedulable'); continue; }
    if (pod.spec?.nodeName && pod.spec.nodeName !== name) { fail("node(s) didn't match the requested node name"); continue; }
    const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
    if (Object.entries(selector).some(([k, v]) => node.metadata.labels?.[k] !== v)) { fail("node(s) didn't match Pod's node affinity/selector"); continue; }
    const taint = (node.spec?.taints ?? []).find((t: Json) => (t.effect === 'NoSchedule' || t.effect === 'NoExecute') && !tolerates(pod.spec?.tolerations ?? [], t));
    if (taint) { fail(`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`); continue; }
    const bound = podsOn(name);
    const used = bound.reduce((acc, p) => { const r = requests(p); return { cpu: acc.cpu + r.cpu, memory: acc.memory + r.memory }; }, { cpu: 0, memory: 0 });
    const alloc = node.status?.allocatable ?? {};
    if (bound.length + 1 > Number(alloc.pods ?? 110)) { fail('Too many pods', true); continue; }
    if (used.cpu + want.cpu > milliCpu(alloc.cpu)) { fail('Insufficient cpu', true); continue; }
    if (used.memory + want.memory > bytes(alloc.memory)) { fail('Insufficient memory', true); continue; }
    // NodeResourcesFit's LeastAllocated: prefer the node with the most room left after placing the pod;
    // the default topology spreading (by hostname) keeps a ReplicaSet's pods apart.
    const cpuFree = 1 - (used.cpu + want.cpu) / Math.max(1, milliCpu(alloc.cpu));
    const memFree = 1 - (used.memory + want.memory) / Math.max(1, bytes(alloc.memory));
    const owner = pod.metadata.ownerReferences?.find((o) => o.controller)?.uid;
    const siblings = owner ? bound.filter((p) => p.metadata.ownerReferences?.some((o) => o.uid === owner)).length : 0;
    verdicts.push({ node: name, reason: undefined, preemptionHelps: false, score: Math.round(((cpuFree + memFree) / 2) * 100) - siblings * 20 - bound.length });
  }
  const fits = verdicts.filter((v) => v.reason === undefined);
  if (fits.length > 0) {
    const best = [...fits].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.node.localeCompare(b.node))[0] as NodeVerdict;
    return { node: best.node, verdicts, message: undefined };
  }
  const count = (list: NodeVerdict[], text: (v: NodeVerdict) => string): string => {
    const counts = new Map<string, number>();
    for (const v of list) counts.set(text(v), (counts.get(text(v)) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
  };
  const n = nodes.length;
  let message = `0/${n} nodes are available: ${count(verdicts, (v) => v.reason as string)}.`;
  // The preemption text already ends with a period and the scheduler adds one more: real messages end in `..`.
  message += ` preemption: 0/${n} nodes are available: ${count(verdicts, (v) => (v.preemptionHelps ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling'))}..`;
  return { node: undefined, verdicts, message };
}
