/**
 * The cluster: one control-plane node (tainted NoSchedule, as kubeadm does) and two workers,
 * one on containerd and one on CRI-O, each with its own image cache. The components share
 * nothing but the store; `settle` runs them until the world is quiet, then moves the virtual
 * clock to the next timer (a pull finishing, a back-off expiring), up to the time asked for.
 */
import type { VirtualClock } from '../clock.ts';
import type { RegistryLookup } from '../distribution.ts';
import type { SeededRandom } from '../random.ts';
import type { Trace } from '../trace.ts';
import { ApiServer, keyFor, type SchemaCheck } from './api-server.ts';
import { DeploymentController, GarbageCollector, ReplicaSetController } from './controllers.ts';
import { EventRecorder } from './events.ts';
import { NodeAgent, type NodeSpec } from './kubelet.ts';
import type { KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import { schedule } from './scheduler.ts';
import { Store } from './store.ts';

export const DEFAULT_NODES: readonly NodeSpec[] = [
  { name: 'control-plane', ip: '172.18.0.2', runtime: 'containerd', controlPlane: true, index: 0 },
  { name: 'worker-1', ip: '172.18.0.3', runtime: 'containerd', controlPlane: false, index: 1 },
  { name: 'worker-2', ip: '172.18.0.4', runtime: 'cri-o', controlPlane: false, index: 2 },
];

/** Loop bounds: a world that never goes quiet is a bug, not a hang. */
const MAX_ROUNDS_PER_INSTANT = 500;
/** An unschedulable pod is tried again when the cluster changes, or after this long. */
const UNSCHEDULABLE_RETRY_MS = 5 * 60_000;

export interface SchedulingRecord {
  readonly at: number;
  readonly verdicts: ReadonlyArray<{ node: string; reason: string | undefined }>;
  readonly message: string | undefined;
}

export class Cluster {
  readonly store = new Store();
  readonly api: ApiServer;
  readonly events: EventRecorder;
  readonly nodes: NodeAgent[];
  readonly #rs: ReplicaSetController;
  readonly #deploy: DeploymentController;
  readonly #gc: GarbageCollector;
  /** Why each pod went where it went (or nowhere), for teaching. */
  readonly scheduling = new Map<string, SchedulingRecord>();
  readonly #retry = new Map<string, { at: number; signature: string }>();

  constructor(
    private readonly clock: VirtualClock,
    random: SeededRandom,
    private readonly trace: Trace,
    lookup: RegistryLookup,
    schemaCheck: SchemaCheck | undefined,
    nodeSpecs: readonly NodeSpec[] = DEFAULT_NODES,
  ) {
    this.api = new ApiServer(this.store, clock, random, trace, schemaCheck);
    this.events = new EventRecorder(this.store, clock, random);
    const now = (): number => this.clock.now();
    this.#rs = new ReplicaSetController(this.api, this.events, trace, now);
    this.#deploy = new DeploymentController(this.api, this.events, trace, now);
    this.#gc = new GarbageCollector(this.api);
    this.nodes = nodeSpecs.map((s) => new NodeAgent(s, this.api, this.events, lookup, random, trace));
    this.#bootstrap(lookup);
  }

  #put(r: ResourceType | undefined, obj: KObject): void {
    if (!r) return;
    this.store.put(keyFor(r, obj.metadata.namespace, obj.metadata.name as string), obj);
  }

  /** What `kubeadm init` leaves behind: namespaces, the kubernetes Service, nodes, default service accounts. */
  #bootstrap(lookup: RegistryLookup): void {
    const created = new Date(this.clock.now() - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      this.#put(resourceByKind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: this.api.newUid(), creationTimestamp: created, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
      this.#put(resourceByKind('ServiceAccount'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns, uid: this.api.newUid(), creationTimestamp: created } });
    }
    this.#put(resourceByKind('Service'), {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', uid: this.api.newUid(), creationTimestamp: created, labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { clusterIP: '10.96.0.1', clusterIPs: ['10.96.0.1'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None', type: 'ClusterIP' },
      status: { loadBalancer: {} },
    });
    // Every node already holds the pause image its runtime needs for pod sandboxes.
    const pause = lookup.registry('registry.k8s.io')?.resolve('pause', { tag: '3.10' });
    for (const n of this.nodes) {
      if (pause?.ok) n.images.add(pause.image, { domain: 'registry.k8s.io', path: 'pause', tag: '3.10', digest: undefined }, this.clock.now() - 3 * 86_400_000);
      const obj = n.nodeObject(created);
      obj.metadata.uid = this.api.newUid();
      this.#put(resourceByKind('Node'), obj);
    }
  }

  node(name: string): NodeAgent | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** The scheduler's pass: bind every pod that has no node yet, or record why it cannot be placed. */
  #schedule(now: number): boolean {
    const podType = this.api.resourceOf('Pod');
    const pods = this.api.list(podType);
    const nodes = this.api.list(this.api.resourceOf('Node'));
    const signature = `${nodes.map((n) => `${n.metadata.name}:${n.metadata.resourceVersion}`).join(',')}|${pods.filter((p) => p.spec?.nodeName).length}`;
    let changed = false;
    for (const pod of pods) {
      if (pod.spec?.nodeName || pod.metadata.deletionTimestamp || (pod.spec?.schedulerName ?? 'default-scheduler') !== 'default-scheduler') continue;
      const uid = pod.metadata.uid as string;
      const retry = this.#retry.get(uid);
      if (retry && retry.signature === signature && now < retry.at) continue;
      const decision = schedule(pod, nodes, (node) => pods.filter((p) => p.spec?.nodeName === node && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'));
      this.scheduling.set(uid, { at: now, verdicts: decision.verdicts.map((v) => ({ node: v.node, reason: v.reason })), message: decision.message });
      const at = new Date(now).toISOString().replace(/\.\d{3}Z$/, 'Z');
      if (decision.node) {
        this.api.bind(pod, decision.node, at);
        this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${decision.node}`, { component: 'default-scheduler' });
        this.trace.record({ at: now, component: 'scheduler', action: `bind ${pod.metadata.name} → ${decision.node}`, why: `${decision.node} passed every filter and scored best (${decision.verdicts.filter((v) => !v.reason).length} of ${nodes.length} nodes fit)` });
        this.#retry.delete(uid);
        pods.find((p) => p.metadata.uid === uid)!.spec.nodeName = decision.node;
      } else {
        const latest = this.api.get(podType, pod.metadata.namespace, pod.metadata.name as string);
        if ('metadata' in latest) {
          latest.status = { ...(latest.status ?? {}), phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: (latest.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled')?.lastTransitionTime ?? at, reason: 'Unschedulable', message: decision.message }] };
          this.api.writeStatus(latest);
        }
        this.events.record(pod, 'Warning', 'FailedScheduling', decision.message as string, { component: 'default-scheduler' });
        this.trace.record({ at: now, component: 'scheduler', action: `cannot place ${pod.metadata.name}`, why: decision.message as string });
        this.#retry.set(uid, { at: now + UNSCHEDULABLE_RETRY_MS, signature });
      }
      changed = true;
    }
    return changed;
  }

  #round(now: number): boolean {
    let changed = false;
    changed = this.#deploy.reconcile() || changed;
    changed = this.#rs.reconcile() || changed;
    changed = this.#gc.reconcile() || changed;
    changed = this.#schedule(now) || changed;
    for (const n of this.nodes) changed = n.reconcile(now) || changed;
    return changed;
  }

  /** Run the cluster until `until` (ms since the epoch), moving the clock from timer to timer. */
  settle(until: number): void {
    for (;;) {
      const now = this.clock.now();
      let rounds = 0;
      while (this.#round(now)) {
        if (++rounds > MAX_ROUNDS_PER_INSTANT) throw new Error(`the cluster did not settle at ${new Date(now).toISOString()}`);
      }
      const timers = [...this.nodes.map((n) => n.nextWakeup()), ...[...this.#retry.values()].map((r) => r.at)].filter((t): t is number => t !== undefined && t > now);
      const next = timers.length ? Math.min(...timers) : undefined;
      if (next === undefined || next > until) {
        if (until > now) this.clock.advance(until - now);
        return;
      }
      // Timers are whole milliseconds; always move forward, or a fractional one would stall the clock.
      this.clock.advance(Math.max(1, Math.ceil(next - now)));
    }
  }
}
