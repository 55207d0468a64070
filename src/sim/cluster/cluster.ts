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
import { DeploymentController, GarbageCollector, NamespaceController, OWNER_KINDS, podClass, ReplicaSetController, REPLICATION_CONTROLLERS } from './controllers.ts';
import { CronJobController } from './cronjob-controller.ts';
import { DaemonSetController } from './daemonset-controller.ts';
import { JobController, TtlAfterFinishedController } from './job-controller.ts';
import { StatefulSetController } from './statefulset-controller.ts';
import { VolumeController, waitsForFirstConsumer } from './volume-controller.ts';
import { DisruptionController } from './disruption.ts';
import { EventRecorder } from './events.ts';
import { NodeAgent, type NodeSpec } from './kubelet.ts';
import { nodeView } from './node-network.ts';
import { controllerOf, type Json, type KObject } from './objects.ts';
import { resourceByKind, type ResourceType } from './resources.ts';
import { bootstrapKubeSystem } from './kube-system.ts';
import { bootstrapApiObjects } from './bootstrap-apis.ts';
import { EndpointsControllers } from './endpoints.ts';
import { NodeLifecycleController } from './node-lifecycle.ts';
import { addToUsage, candidate, claimProblem, schedule, type NodeCandidate } from './scheduler.ts';
import { Store } from './store.ts';

/** Where the owners the garbage collector follows are stored: it runs when one comes or goes. */
const OWNER_FOLDERS = OWNER_KINDS.map((k) => (resourceByKind(k) as ResourceType).etcdPrefix);

export const DEFAULT_NODES: readonly NodeSpec[] = [
  { name: 'control-plane', ip: '172.18.0.2', runtime: 'containerd', controlPlane: true, index: 0 },
  { name: 'worker-1', ip: '172.18.0.3', runtime: 'containerd', controlPlane: false, index: 1 },
  { name: 'worker-2', ip: '172.18.0.4', runtime: 'cri-o', controlPlane: false, index: 2 },
];

/** Loop bounds: a world that never goes quiet is a bug, not a hang. */
const MAX_ROUNDS_PER_INSTANT = 500;
/** Timers fire on this grid (about a kubelet sync's grain), so thousands of pods share instants. */
const TICK_MS = 100;
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
  readonly #rcs: ReplicaSetController;
  readonly #deploy: DeploymentController;
  readonly #gc: GarbageCollector;
  readonly #namespaces: NamespaceController;
  readonly #endpoints: EndpointsControllers;
  readonly #nodeLifecycle: NodeLifecycleController;
  readonly #jobs: JobController;
  readonly #ttl: TtlAfterFinishedController;
  readonly #cronJobs: CronJobController;
  readonly #daemonSets: DaemonSetController;
  readonly #statefulSets: StatefulSetController;
  readonly #volumes: VolumeController;
  readonly #disruption: DisruptionController;
  /** The controllers that also wake on the clock (back-offs, deadlines, schedules, sync periods). */
  readonly #timed: ReadonlyArray<{ readonly wakeup: number | undefined }>;
  /** Why each pod that cannot be placed is Pending, node by node, for teaching (forgotten once it is bound). */
  readonly scheduling = new Map<string, SchedulingRecord>();
  readonly #retry = new Map<string, { at: number; signature: string }>();
  #lastPodsVersion = -1;
  /** Where the scheduler's next search starts (nextStartNodeIndex), so pods spread over big clusters. */
  #nextStart = 0;
  /** How much work settling took (for the benchmark). */
  readonly stats = { instants: 0, rounds: 0 };

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
    this.#rcs = new ReplicaSetController(this.api, this.events, trace, now, REPLICATION_CONTROLLERS);
    this.#deploy = new DeploymentController(this.api, this.events, trace, now);
    this.#gc = new GarbageCollector(this.api);
    this.#namespaces = new NamespaceController(this.api);
    this.#endpoints = new EndpointsControllers(this.api, this.store, random.fork('endpoints-controllers'), trace, now);
    this.#nodeLifecycle = new NodeLifecycleController(this.api, this.events, trace, now);
    this.#jobs = new JobController(this.api, this.events, trace, now);
    this.#ttl = new TtlAfterFinishedController(this.api, trace, now);
    this.#cronJobs = new CronJobController(this.api, this.events, trace, now);
    this.#cronJobs.watchJobs(() => this.store.changes('/registry/jobs'));
    this.#daemonSets = new DaemonSetController(this.api, this.events, trace, now);
    this.#statefulSets = new StatefulSetController(this.api, this.events, trace, now);
    this.#volumes = new VolumeController(this.api, this.events, now);
    this.#disruption = new DisruptionController(this.api, this.events, now);
    this.#timed = [this.#jobs, this.#ttl, this.#cronJobs, this.#daemonSets, this.#statefulSets, this.#volumes];
    // A node reaches the registries from its own network: localhost there is the node itself.
    const fromNodes = nodeView(lookup);
    this.nodes = nodeSpecs.map((s) => new NodeAgent(s, this.api, this.events, fromNodes, random, trace));
    // The informers' indexes: pods by node (each kubelet's view) and by controlling owner.
    this.store.addIndex('pods-by-node', '/registry/pods', (p) => p.spec?.nodeName, { queue: true });
    // By owner, counting which pods are active and which of those are ready, as the ReplicaSet controller needs.
    this.store.addIndex('pods-by-owner', '/registry/pods', (p) => controllerOf(p)?.uid, { classify: podClass });
    this.#bootstrap(lookup, random);
  }

  #put(r: ResourceType | undefined, obj: KObject): void {
    if (!r) return;
    this.store.put(keyFor(r, obj.metadata.namespace, obj.metadata.name as string), obj);
  }

  /** What `kubeadm init` leaves behind: namespaces, the kubernetes Service, nodes, default service accounts. */
  #bootstrap(lookup: RegistryLookup, random: SeededRandom): void {
    const created = new Date(this.clock.now() - 3 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) {
      this.#put(resourceByKind('Namespace'), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: this.api.newUid(), creationTimestamp: created, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
      this.#put(resourceByKind('ServiceAccount'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: ns, uid: this.api.newUid(), creationTimestamp: created } });
      this.api.publishRootCa(ns, created);
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
    this.#put(resourceByKind('Service'), {
      apiVersion: 'v1', kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', uid: this.api.newUid(), creationTimestamp: created, labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
      spec: { clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], internalTrafficPolicy: 'Cluster', ipFamilies: ['IPv4'], ipFamilyPolicy: 'SingleStack', selector: { 'k8s-app': 'kube-dns' }, sessionAffinity: 'None', type: 'ClusterIP',
        ports: [{ name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 }, { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 }, { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 }] },
      status: { loadBalancer: {} },
    });
    for (const sa of ['coredns', 'kube-proxy']) this.#put(resourceByKind('ServiceAccount'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa, namespace: 'kube-system', uid: this.api.newUid(), creationTimestamp: created } });
    bootstrapKubeSystem(this.store, this.api, this.nodes, lookup, random.fork('kube-system'), created);
    const controlPlane = this.nodes.find((n) => n.spec.controlPlane) ?? this.nodes[0];
    if (controlPlane) {
      const nodeType = resourceByKind('Node') as ResourceType;
      const nodes = this.nodes.map((n) => ({ name: n.name, uid: this.store.peek(keyFor(nodeType, undefined, n.name))?.metadata.uid as string }));
      bootstrapApiObjects(this.store, random.fork('bootstrap-apis'), created, this.clock.now() - 3 * 86_400_000, { name: controlPlane.name, ip: controlPlane.spec.ip }, nodes);
    }
    // kube-dns's Endpoints and EndpointSlice, as the controllers wrote them when CoreDNS came up.
    const kubeDns = this.api.peek(resourceByKind('Service') as ResourceType, 'kube-system', 'kube-dns');
    if (kubeDns) this.#endpoints.sync(kubeDns as KObject, created);
  }

  node(name: string): NodeAgent | undefined {
    return this.nodes.find((n) => n.name === name);
  }

  /** The scheduler's pass: bind every pod that has no node yet, or record why it cannot be placed. */
  #schedule(now: number, pods: readonly KObject[]): boolean {
    const podType = this.api.resourceOf('Pod');
    const pending = pods.filter((p) => !p.spec?.nodeName && !p.metadata.deletionTimestamp && (p.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler');
    if (pending.length === 0) return false;
    const nodeObjects = this.api.list(this.api.resourceOf('Node'));
    const nodes = nodeObjects.map(candidate);
    const byName = new Map(nodes.map((n) => [n.name, n]));
    let bound = 0;
    for (const p of pods) {
      const on = p.spec?.nodeName;
      if (on && !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed') {
        const n = byName.get(on);
        if (n) addToUsage(n.used, p);
        bound++;
      }
    }
    const signature = `${nodeObjects.map((n) => `${n.metadata.name}:${n.metadata.resourceVersion}`).join(',')}|${bound}`;
    let changed = false;
    const at = this.clock.apiTime();
    const pvcType = this.api.resourceOf('PersistentVolumeClaim');
    for (const pod of pending) {
      const uid = pod.metadata.uid as string;
      const retry = this.#retry.get(uid);
      const claim = (n: string): KObject | undefined => this.api.peek(pvcType, pod.metadata.namespace, n);
      // A change to one of its claims requeues the pod too (VolumeBinding's PVC events).
      const claims = (pod.spec?.volumes ?? []).map((v: Json) => v?.persistentVolumeClaim?.claimName).filter((n: unknown): n is string => typeof n === 'string');
      const podSignature = claims.length ? `${signature}|${claims.map((n: string) => claim(n)?.metadata.resourceVersion ?? '-').join(',')}` : signature;
      if (retry && retry.signature === podSignature && now < retry.at) continue;
      const decision = schedule(pod, nodes, this.#nextStart, claims.length ? claimProblem(pod, claim, (c) => waitsForFirstConsumer(this.api, c)) : undefined);
      this.#nextStart = decision.next;
      if (decision.node) {
        this.scheduling.delete(uid);
        this.api.bind(pod, decision.node, at);
        addToUsage((byName.get(decision.node) as NodeCandidate).used, pod);
        this.events.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.metadata.namespace}/${pod.metadata.name} to ${decision.node}`, { component: 'default-scheduler' });
        this.trace.record({ at: now, component: 'scheduler', action: `bind ${pod.metadata.name} → ${decision.node}`, why: `${decision.node} passed every filter and scored best (${decision.feasible} of ${nodes.length} nodes fit)` });
        this.#retry.delete(uid);
      } else {
        const latest = this.api.get(podType, pod.metadata.namespace, pod.metadata.name as string);
        if ('metadata' in latest) {
          latest.status = { ...(latest.status ?? {}), phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: (latest.status?.conditions ?? []).find((c: { type: string }) => c.type === 'PodScheduled')?.lastTransitionTime ?? at, reason: 'Unschedulable', message: decision.message }] };
          this.api.writeStatus(latest);
        }
        this.events.record(pod, 'Warning', 'FailedScheduling', decision.message as string, { component: 'default-scheduler' });
        this.trace.record({ at: now, component: 'scheduler', action: `cannot place ${pod.metadata.name}`, why: decision.message as string });
        this.#retry.set(uid, { at: now + UNSCHEDULABLE_RETRY_MS, signature: podSignature });
        // Every node's reason, kept while the pod cannot be placed: what a learner needs explained.
        this.scheduling.set(uid, { at: now, verdicts: decision.verdicts.map((v) => ({ node: v.node, reason: v.reason })), message: decision.message });
      }
      changed = true;
    }
    return changed;
  }

  /** What each component last saw, so it only runs when something it watches changed. */
  readonly #seen = { deploy: '', rs: '', gc: '', schedule: '', namespaces: '', events: '', rootca: '', endpoints: '', ttl: '', rcs: '', nodes: '', disruption: '' };

  #watch(name: keyof Cluster['seen'], signature: string): boolean {
    if (this.#seen[name] === signature) return false;
    this.#seen[name] = signature;
    return true;
  }

  get seen(): { deploy: string; rs: string; gc: string; schedule: string; namespaces: string; events: string; rootca: string; endpoints: string; ttl: string; rcs: string; nodes: string; disruption: string } {
    return this.#seen;
  }

  #round(now: number): boolean {
    this.stats.rounds++;
    let changed = false;
    const podType = this.api.resourceOf('Pod');
    const st = this.store;
    const deps = `${st.changes('/registry/deployments')}`;
    const sets = `${st.changes('/registry/replicasets')}`;
    const pods = `${st.changes('/registry/pods')}`;
    // A Deployment's progress deadline is judged on the clock, so time passing wakes it too.
    if (this.#watch('deploy', `${deps}|${sets}|${Math.floor(now / 60_000)}`)) changed = this.#deploy.reconcile() || changed;
    if (this.#watch('rs', `${st.changes('/registry/replicasets')}|${pods}`)) changed = this.#rs.reconcile((uid) => st.bucket('pods-by-owner', uid)) || changed;
    if (this.#watch('gc', OWNER_FOLDERS.map((f) => st.membership(f)).join('|'))) changed = this.#gc.reconcile() || changed;
    changed = this.#workloads(now) || changed;
    // The API server keeps events for an hour (--event-ttl=1h); older ones expire from etcd.
    if (this.#watch('events', `${Math.floor(now / 60_000)}`)) this.events.expire(now);
    // The root-ca-cert-publisher puts kube-root-ca.crt back into any active namespace that lost it.
    if (this.#watch('rootca', `${st.membership('/registry/configmaps')}|${st.membership('/registry/namespaces')}`)) {
      for (const ns of this.api.list(this.api.resourceOf('Namespace'))) {
        if (!ns.metadata.deletionTimestamp) this.api.publishRootCa(ns.metadata.name as string, this.api.now());
      }
    }
    // While a namespace is Terminating, the namespace controller keeps working until it is empty.
    const terminating = this.api.list(this.api.resourceOf('Namespace')).some((n) => n.metadata.deletionTimestamp);
    if (terminating && this.#watch('namespaces', `${st.revision}`)) changed = this.#namespaces.reconcile() || changed;
    // The endpoints and endpointslice controllers follow Services and the pods they select.
    if (this.#watch('endpoints', `${st.changes('/registry/services/specs')}|${st.changes('/registry/pods')}`)) changed = this.#endpoints.reconcile() || changed;
    // The node lifecycle controller follows each node's spec (cordon, NoExecute taints), and evicts from a NoExecute node the pods that arrive there.
    if (this.#watch('nodes', `${st.changes('/registry/minions')}|${st.membership('/registry/pods')}`)) changed = this.#nodeLifecycle.reconcile() || changed;
    const retryDue = [...this.#retry.values()].some((r) => r.at <= now);
    if (this.#watch('schedule', `${st.membership('/registry/pods')}|${st.changes('/registry/minions')}|${st.changes('/registry/persistentvolumeclaims')}`) || retryDue) changed = this.#schedule(now, this.api.list(podType)) || changed;
    // The kubelets: each sees its node's pods through the index, and skips when nothing moved.
    const due = this.nodes.some((n) => { const t = n.wakeup; return t !== undefined && t <= now; });
    if (st.changes('/registry/pods') !== this.#lastPodsVersion || due) {
      for (const n of this.nodes) changed = n.reconcile(now, st.bucket('pods-by-node', n.name)) || changed;
      this.#lastPodsVersion = st.changes('/registry/pods');
      // What the kubelets reported flows up in the same round: ReplicaSet, then Deployment status.
      if (this.#watch('rs', `${st.changes('/registry/replicasets')}|${st.changes('/registry/pods')}`)) changed = this.#rs.reconcile((uid) => st.bucket('pods-by-owner', uid)) || changed;
      if (this.#watch('deploy', `${st.changes('/registry/deployments')}|${st.changes('/registry/replicasets')}|${Math.floor(now / 60_000)}`)) changed = this.#deploy.reconcile() || changed;
      changed = this.#workloads(now) || changed;
    }
    return changed;
  }

  /**
   * Jobs, CronJobs, DaemonSets, StatefulSets and the claims' controller: each only where its kind
   * has ever been stored (a folder's change counter), and then only for what changed or came due.
   */
  #workloads(now: number): boolean {
    const st = this.store;
    const owned = (uid: string): ReturnType<Store['bucket']> => st.bucket('pods-by-owner', uid);
    let changed = false;
    const jobs = st.changes('/registry/jobs');
    const rcs = st.changes('/registry/controllers');
    if (rcs > 0 && this.#watch('rcs', `${rcs}|${st.changes('/registry/pods')}`)) changed = this.#rcs.reconcile(owned) || changed;
    if (st.changes('/registry/cronjobs') > 0) changed = this.#cronJobs.reconcile() || changed;
    if (jobs > 0) {
      changed = this.#jobs.reconcile(owned) || changed;
      const due = (this.#ttl.wakeup ?? Infinity) <= now;
      if (this.#watch('ttl', `${st.changes('/registry/jobs')}`) || due) changed = this.#ttl.reconcile() || changed;
    }
    if (st.changes('/registry/daemonsets') > 0) changed = this.#daemonSets.reconcile(owned, st.changes('/registry/minions')) || changed;
    const claims = st.changes('/registry/persistentvolumeclaims');
    if (st.changes('/registry/statefulsets') > 0) changed = this.#statefulSets.reconcile(owned, claims) || changed;
    const volumes = st.changes('/registry/persistentvolumes');
    if (claims > 0 || volumes > 0) changed = this.#volumes.reconcile(`${claims}|${volumes}|${st.changes('/registry/pods')}`) || changed;
    // The disruption controller follows the budgets and the pods (and the scale of their controllers).
    const budgets = st.changes('/registry/poddisruptionbudgets');
    if (budgets > 0 && this.#watch('disruption', `${budgets}|${st.changes('/registry/pods')}|${st.changes('/registry/deployments')}|${st.changes('/registry/replicasets')}|${st.changes('/registry/statefulsets')}|${rcs}`)) changed = this.#disruption.reconcile() || changed;
    return changed;
  }

  /** Run the cluster until `until` (ms since the epoch), moving the clock from timer to timer. */
  settle(until: number): void {
    for (;;) {
      const now = this.clock.now();
      this.stats.instants++;
      let rounds = 0;
      while (this.#round(now)) {
        if (++rounds > MAX_ROUNDS_PER_INSTANT) throw new Error(`the cluster did not settle at ${new Date(now).toISOString()}`);
      }
      let next: number | undefined;
      for (const n of this.nodes) { const t = n.wakeup; if (t !== undefined && t > now && (next === undefined || t < next)) next = t; }
      for (const r of this.#retry.values()) if (r.at > now && (next === undefined || r.at < next)) next = r.at;
      for (const c of this.#timed) { const t = c.wakeup; if (t !== undefined && t > now && (next === undefined || t < next)) next = t; }
      // Round up to the tick grid, and always move forward (a fractional timer must not stall the clock).
      if (next !== undefined) next = Math.max(now + 1, Math.ceil(next / TICK_MS) * TICK_MS);
      if (next === undefined || next > until) {
        if (until > now) this.clock.advance(until - now);
        return;
      }
      this.clock.advance(next - now);
    }
  }
}
