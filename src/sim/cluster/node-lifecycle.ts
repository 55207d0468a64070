/**
 * What follows a node's spec as `kubectl cordon` and `kubectl taint` change it:
 * - the node lifecycle controller's TaintNodesByCondition pass keeps the
 *   `node.kubernetes.io/unschedulable:NoSchedule` taint in step with spec.unschedulable
 *   (pkg/controller/nodelifecycle, UnschedulableTaintTemplate: no timeAdded);
 * - the kubelet notices the change and records `NodeNotSchedulable` / `NodeSchedulable`
 *   (`Node worker-1 status is now: NodeNotSchedulable`, pkg/kubelet/nodestatus);
 * - the taint eviction controller deletes the pods on a node with a NoExecute taint they do not
 *   tolerate (`TaintManagerEviction`, `Marking for deletion Pod default/web-…`).
 */
import type { Trace } from '../trace.ts';
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import { clone, type Json, type KObject } from './objects.ts';
import { tolerates } from './scheduler.ts';

export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

export class NodeLifecycleController {
  /** Whether each node was last seen schedulable, for the kubelet's events. */
  readonly #schedulable = new Map<string, boolean>();

  constructor(private readonly api: ApiServer, private readonly events: EventRecorder, private readonly trace: Trace, private readonly now: () => number) {}

  reconcile(): boolean {
    let changed = false;
    const nodeType = this.api.resourceOf('Node');
    for (const node of this.api.list(nodeType)) {
      const name = node.metadata.name as string;
      const cordoned = Boolean(node.spec?.unschedulable);
      const was = this.#schedulable.get(name);
      this.#schedulable.set(name, !cordoned);
      if (was !== undefined && was === cordoned) {
        const status = cordoned ? 'NodeNotSchedulable' : 'NodeSchedulable';
        this.events.record(node, 'Normal', status, `Node ${name} status is now: ${status}`, { component: 'kubelet', host: name });
      }
      const taints: Json[] = node.spec?.taints ?? [];
      const has = taints.some((t) => t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule');
      if (has !== cordoned) {
        const next = clone(node);
        const kept = taints.filter((t) => !(t.key === UNSCHEDULABLE_TAINT && t.effect === 'NoSchedule'));
        if (cordoned) kept.push({ effect: 'NoSchedule', key: UNSCHEDULABLE_TAINT });
        if (kept.length) next.spec.taints = kept; else delete next.spec.taints;
        this.api.update(next, { reason: 'taint', actor: 'the node lifecycle controller' });
        this.trace.record({ at: this.now(), component: 'controller manager', action: `${cordoned ? 'taint' : 'untaint'} node ${name}`, why: cordoned ? `the node is cordoned (spec.unschedulable): the ${UNSCHEDULABLE_TAINT}:NoSchedule taint keeps new pods off it` : `the node is schedulable again: the ${UNSCHEDULABLE_TAINT} taint goes` });
        changed = true;
      }
      changed = this.#evict(node) || changed;
    }
    return changed;
  }

  /** The taint eviction controller: pods that do not tolerate a NoExecute taint of their node go. */
  #evict(node: KObject): boolean {
    const noExecute = ((node.spec?.taints ?? []) as Json[]).filter((t) => t.effect === 'NoExecute');
    if (noExecute.length === 0) return false;
    let changed = false;
    const podType = this.api.resourceOf('Pod');
    for (const pod of this.api.list(podType)) {
      if (pod.spec?.nodeName !== node.metadata.name || pod.metadata.deletionTimestamp) continue;
      const tolerations: Json[] = pod.spec?.tolerations ?? [];
      const taint = noExecute.find((t) => !tolerates(tolerations, t));
      if (!taint) continue;
      this.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
      this.api.delete(podType, pod.metadata.namespace, pod.metadata.name as string, { actor: 'the taint eviction controller' });
      this.trace.record({ at: this.now(), component: 'controller manager', action: `evict ${pod.metadata.name}`, why: `node ${node.metadata.name} has the taint ${taint.key}${taint.value ? `=${taint.value}` : ''}:NoExecute and the pod does not tolerate it` });
      changed = true;
    }
    return changed;
  }
}
