/**
 * A node: its kubelet and its container runtime (containerd or CRI-O) with its own image cache.
 * The kubelet watches for pods bound to its node, asks the runtime to pull each image as the
 * pod's imagePullPolicy says, starts the containers, restarts them per restartPolicy, and
 * reports status back through the API server. Timings follow the real back-offs: image pulls
 * 10 s doubling to 5 min, crash loops the same (kubernetes pkg/kubelet: images/image_manager.go's back-off, kuberuntime's crash-loop back-off).
 */
import { pendingLines, printDue, processArgv, runContainer, stopOutcome, type PendingLines } from '../container.ts';
import { sha256, hexOf } from '../digest.ts';
import { pull, type PullFailure, type RegistryLookup } from '../distribution.ts';
import type { Image } from '../image.ts';
import { ImageStore } from '../image-store.ts';
import { canonical, parseReference, repositoryName, withDefaultTag, DOCKER_HUB, type ImageRef } from '../image-ref.ts';
import type { SeededRandom } from '../random.ts';
import type { Credentials } from '../registry.ts';
import type { Trace } from '../trace.ts';
import { goDuration } from '../units.ts';
import { connectionRefused, isLoopback, noSuchHost } from '../hosts.ts';
import { NODE } from './node-network.ts';
import { containerEnvironment } from './pod-env.ts';
import type { ApiServer } from './api-server.ts';
import type { EventRecorder } from './events.ts';
import type { Bucket } from './store.ts';
import { sameJson, type Json, type KObject } from './objects.ts';

export type RuntimeKind = 'containerd' | 'cri-o';

const PULL_BYTES_PER_MS = 20_000;
const BACKOFF_INITIAL_S = 10;
const BACKOFF_MAX_S = 300;
/** The pod worker re-syncs a pod that is failing about this often. */
const RESYNC_MS = 10_000;
/** What every node offers pods (a kind node's: the machine's 2 cores and 4 GiB, nothing reserved). */
const NODE_ALLOCATABLE: Readonly<Record<string, string>> = { cpu: '2', 'ephemeral-storage': '61255492Ki', 'hugepages-2Mi': '0', memory: '4025388Ki', pods: '110' };

type Phase = 'new' | 'pulling' | 'waiting' | 'running' | 'exited' | 'crash-backoff' | 'done';

interface ContainerRun {
  readonly name: string;
  spec: Json;
  /** A new definition (a changed image) waiting for the old process to stop. */
  redefined?: Json;
  phase: Phase;
  nextAt: number;
  waiting?: { reason: string; message?: string };
  pull?: { requestedAt: number; startedAt: number; doneAt: number; ref: ImageRef; result: { ok: true; image: Image } | { ok: false; why: PullFailure } };
  /** Image-pull back-off for this image. */
  pullBackoff?: { until: number; delayS: number };
  crashDelayS?: number;
  crashUntil?: number;
  image?: Image;
  imageRef?: ImageRef;
  containerId?: string;
  startedAt?: number;
  exitAt?: number;
  exitCode?: number;
  /** A process that ends by itself: its exit code when it does, and the lines it has yet to print. */
  laterExitCode?: number;
  pendingLines?: PendingLines | undefined;
  finishedAt?: number;
  restartCount: number;
  lastTerminated?: Json;
  logs: string[];
  previousLogs: string[] | undefined;
  /** The runtime could not start the process: the waiting reason it reports. */
  startFailed?: 'RunContainerError' | 'CreateContainerError' | undefined;
  /** The environment and command the process was started with (exec and the network read them). */
  env?: ReadonlyArray<readonly [string, string]>;
  argv?: readonly string[];
  /** Being stopped (its pod was deleted): when the process ends, and with which exit code. */
  stopping?: { at: number; exitCode: number };
}

/** When a running container next needs the kubelet: its exit, or its next line of output. */
/** What a running container's process does with its image's stop signal, and whether it ends within the grace period. */
function stopPlan(c: ContainerRun, graceMs: number): { stop: ReturnType<typeof stopOutcome>; handled: boolean } {
  const img = c.image as Image;
  const stop = stopOutcome(img, c.argv ?? processArgv(img, { args: (c.spec.args ?? []).map(String), entrypoint: undefined, command: c.spec.command?.map(String) }));
  return { stop, handled: stop.exitCode !== undefined && stop.afterMs < graceMs };
}

function wakeAt(c: ContainerRun): number {
  return Math.min(c.exitAt ?? Number.MAX_SAFE_INTEGER, c.pendingLines?.[0]?.at ?? Number.MAX_SAFE_INTEGER);
}

interface PodRun {
  readonly uid: string;
  readonly name: string;
  /** Something changed since the last status write. */
  dirty: boolean;
  /** What the last written status showed, so an identical one is not written again. */
  written?: string;
  ip: string;
  sandboxAt: number;
  sandboxReady: boolean;
  containers: ContainerRun[];
  killing?: { doneAt: number; grace: number };
  scheduledAt: number;
  /** Init containers, run one after another to success before `containers` start. */
  init: ContainerRun[];
  /** The pod object this run last worked from, and its next timer then: unchanged and not due, it is skipped. */
  seen?: KObject;
  next?: number | undefined;
}

export interface NodeSpec {
  readonly name: string;
  readonly ip: string;
  readonly runtime: RuntimeKind;
  readonly controlPlane: boolean;
  readonly index: number;
}

let isoAt = Number.NaN;
let isoText = '';
/** RFC 3339 in seconds; cached, since a busy node formats the same instant many times. */
const iso = (ms: number): string => {
  if (ms !== isoAt) { isoAt = ms; isoText = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'); }
  return isoText;
};

export class NodeAgent {
  readonly images = new ImageStore();
  /** The pods this kubelet runs, by store key. */
  readonly #pods = new Map<string, PodRun>();
  #pullQueueFreeAt = 0;
  /** Layers a pull on this node is already fetching, and when each will have arrived. */
  readonly #inflight = new Map<string, number>();
  #ipCounter = 0;

  constructor(
    readonly spec: NodeSpec,
    private readonly api: ApiServer,
    private readonly events: EventRecorder,
    private readonly lookup: RegistryLookup,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get runtimeVersion(): string {
    return this.spec.runtime === 'containerd' ? 'containerd://1.7.24' : 'cri-o://1.32.1';
  }

  /** The node object the kubelet registers. */
  nodeObject(createdAt: string): KObject {
    const { name, ip, controlPlane } = this.spec;
    return {
      apiVersion: 'v1', kind: 'Node',
      metadata: {
        name, creationTimestamp: createdAt,
        labels: {
          'beta.kubernetes.io/arch': 'amd64', 'beta.kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'amd64', 'kubernetes.io/hostname': name, 'kubernetes.io/os': 'linux',
          ...(controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
        },
        annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': this.spec.runtime === 'containerd' ? 'unix:///run/containerd/containerd.sock' : 'unix:///var/run/crio/crio.sock', 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' },
      },
      spec: { podCIDR: `10.244.${this.spec.index}.0/24`, podCIDRs: [`10.244.${this.spec.index}.0/24`], ...(controlPlane ? { taints: [{ effect: 'NoSchedule', key: 'node-role.kubernetes.io/control-plane' }] } : {}) },
      status: {
        capacity: { cpu: '2', 'ephemeral-storage': '61255492Ki', 'hugepages-2Mi': '0', memory: '4025388Ki', pods: '110' },
        allocatable: { ...NODE_ALLOCATABLE },
        conditions: [
          { type: 'MemoryPressure', status: 'False', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
          { type: 'DiskPressure', status: 'False', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
          { type: 'PIDPressure', status: 'False', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
          { type: 'Ready', status: 'True', lastHeartbeatTime: createdAt, lastTransitionTime: createdAt, reason: 'KubeletReady', message: 'kubelet is posting ready status' },
        ],
        addresses: [{ address: ip, type: 'InternalIP' }, { address: name, type: 'Hostname' }],
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        nodeInfo: {
          architecture: 'amd64', bootID: hexOf(sha256(`boot:${name}`)).slice(0, 36), containerRuntimeVersion: this.runtimeVersion,
          kernelVersion: '6.8.0-48-generic', kubeProxyVersion: 'v1.32.4', kubeletVersion: 'v1.32.4', machineID: hexOf(sha256(`machine:${name}`)).slice(0, 32),
          operatingSystem: 'linux', osImage: 'Debian GNU/Linux 12 (bookworm)', systemUUID: hexOf(sha256(`uuid:${name}`)).slice(0, 36),
        },
      },
    };
  }

  /** Logs of a container, for `kubectl logs` (`previous` for the last terminated run). */
  logs(podUid: string, container: string, previous: boolean): string[] | undefined {
    let run: PodRun | undefined;
    for (const r of this.#pods.values()) if (r.uid === podUid) run = r;
    const c = run?.containers.find((x) => x.name === container) ?? run?.init.find((x) => x.name === container);
    if (!c) return undefined;
    return previous ? c.previousLogs : c.logs;
  }

  /** What runs in a pod's container now (for `kubectl exec` and the network); undefined unless it is running. */
  running(podUid: string, container: string): { image: Image; env: ReadonlyArray<readonly [string, string]>; argv: readonly string[]; id: string; startedAt: number } | undefined {
    let run: PodRun | undefined;
    for (const r of this.#pods.values()) if (r.uid === podUid) run = r;
    const c = run?.containers.find((x) => x.name === container);
    if (!c || c.phase !== 'running' || !c.image || !c.containerId || c.startedAt === undefined || c.startFailed) return undefined;
    return { image: c.image, env: c.env ?? [], argv: c.argv ?? [], id: c.containerId, startedAt: c.startedAt };
  }

  /**
   * A running container's main process ends now with `exitCode` (a shell that `kubectl run -it`
   * attached to, left with `exit`): the kubelet sees it at once and applies the restart policy.
   */
  endProcess(podUid: string, container: string, exitCode: number, now: number): boolean {
    for (const r of this.#pods.values()) {
      if (r.uid !== podUid) continue;
      const c = r.containers.find((x) => x.name === container);
      if (!c || c.phase !== 'running') return false;
      c.exitCode = exitCode;
      c.laterExitCode = undefined;
      c.pendingLines = undefined;
      c.exitAt = now;
      c.nextAt = now;
      r.next = this.#podNext(r);
      if (this.#nextDue === undefined || now < this.#nextDue) this.#nextDue = now;
      return true;
    }
    return false;
  }

  /** Lines a running container's process prints now (a server logging a request it answered). */
  appendLog(podUid: string, container: string, lines: readonly string[]): void {
    for (const r of this.#pods.values()) if (r.uid === podUid) r.containers.find((x) => x.name === container)?.logs.push(...lines);
  }

  /** The runtime's view, for `crictl ps`. */
  containers(): Array<{ id: string; image: string; created: number; state: string; name: string; attempt: number; pod: string; podUid: string }> {
    const out: Array<{ id: string; image: string; created: number; state: string; name: string; attempt: number; pod: string; podUid: string }> = [];
    for (const p of this.#pods.values()) {
      for (const c of p.containers) {
        if (!c.containerId || c.startedAt === undefined) continue;
        out.push({ id: c.containerId, image: c.image?.id ?? '', created: c.startedAt, state: c.phase === 'running' ? 'Running' : 'Exited', name: c.name, attempt: c.restartCount, pod: p.name, podUid: p.uid });
      }
    }
    return out;
  }

  /** Earliest time this kubelet has something to do, for the cluster's clock. */
  nextWakeup(): number | undefined {
    let next: number | undefined;
    for (const p of this.#pods.values()) {
      const t = p.next;
      if (t !== undefined && (next === undefined || t < next)) next = t;
    }
    return next;
  }

  /** Earliest time one pod has something to do. */
  #podNext(p: PodRun): number | undefined {
    let next: number | undefined;
    if (!p.sandboxReady) next = p.sandboxAt;
    if (p.killing && (next === undefined || p.killing.doneAt < next)) next = p.killing.doneAt;
    let initDone = true;
    for (const c of p.init) {
      if (c.phase !== 'done') {
        if (next === undefined || c.nextAt < next) next = c.nextAt;
        initDone = false;
        break;
      }
    }
    if (initDone) for (const c of p.containers) if (c.phase !== 'done' && (next === undefined || c.nextAt < next)) next = c.nextAt;
    return next;
  }

  #lastVersion = -1;
  #nextDue: number | undefined;

  /** `nextWakeup()` as of the last sync (only a sync changes this kubelet's timers): cheap to ask every round. */
  get wakeup(): number | undefined {
    return this.#lastVersion === -1 ? this.nextWakeup() : this.#nextDue;
  }

  /**
   * One sync of this node's pods: the cluster hands over the index's bucket of pods bound here.
   * The kubelet works on the pods that changed, came or went (the bucket's work queue) and the
   * ones whose timers are due, in key order; nothing changed and nothing due: nothing to do.
   */
  reconcile(now: number, bucket: Bucket): boolean {
    const version = bucket.version;
    const due = this.#nextDue !== undefined && now >= this.#nextDue;
    if (!due && version === this.#lastVersion) return false;
    let keys = bucket.take();
    if (due) {
      const changedKeys = new Set(keys);
      this.#pods.forEach((run, key) => { if (run.next !== undefined && run.next <= now) changedKeys.add(key); });
      if (changedKeys.size > keys.length) keys = [...changedKeys].sort();
    }
    let changed = false;
    for (const key of keys) {
      const pod = bucket.objects.get(key);
      const run = this.#pods.get(key);
      // Gone from this node (deleted, or a new pod under the same name): forget what ran.
      if (run && pod !== run.seen && run.uid !== pod?.metadata.uid) this.#pods.delete(key);
      if (pod) changed = this.#syncPod(now, key, pod) || changed;
    }
    this.#lastVersion = version;
    this.#nextDue = this.nextWakeup();
    return changed;
  }

  /** One pod's sync; returns whether anything changed. */
  #syncPod(now: number, key: string, pod: KObject): boolean {
    let run = this.#pods.get(key);
    // The same pod object as last time (or as this kubelet last wrote it), and none of its timers due: nothing to do.
    if (run && run.seen === pod && !run.dirty && (run.next === undefined || now < run.next)) return false;
    let changed = false;
    if (!run) {
      run = pod.status?.phase === 'Running' && (pod.status?.containerStatuses ?? []).length > 0 ? this.#adopt(pod, now) : this.#admit(pod, now);
      this.#pods.set(key, run);
      changed = true;
    }
    run.seen = pod;
    changed = this.#work(now, key, pod, run) || changed;
    run.next = this.#podNext(run);
    return changed;
  }

  #work(now: number, key: string, pod: KObject, run: PodRun): boolean {
    if (pod.metadata.deletionTimestamp) return this.#terminate(key, pod, run, now);
    let changed = false;
    if (!run.sandboxReady) {
      if (now < run.sandboxAt) return false;
      run.sandboxReady = true;
      run.dirty = true;
      changed = true;
    }
    // Init containers first, one at a time, each to success; the app containers only then.
    const pendingInit = run.init.find((c) => !(c.phase === 'done' && c.exitCode === 0));
    if (pendingInit) {
      if (this.#step(pod, run, pendingInit, now)) { run.dirty = true; changed = true; }
      const next = run.init.find((c) => !(c.phase === 'done' && c.exitCode === 0));
      if (!next) for (const c of run.containers) c.nextAt = Math.max(c.nextAt, now);
      else if (next !== pendingInit) next.nextAt = now;
    } else {
      if (this.#redefine(pod, run, now)) { run.dirty = true; changed = true; }
      for (const c of run.containers) if (this.#step(pod, run, c, now)) { run.dirty = true; changed = true; }
    }
    if (run.dirty) {
      run.dirty = false;
      // What the status would show; an identical one is not written again.
      let signature = String(run.sandboxReady);
      for (const c of run.init) signature += `,${c.phase}:${c.waiting?.reason ?? ''}:${c.waiting?.message ?? ''}:${c.restartCount}:${c.exitCode ?? ''}`;
      for (const c of run.containers) signature += `,${c.phase}:${c.waiting?.reason ?? ''}:${c.waiting?.message ?? ''}:${c.restartCount}:${c.exitCode ?? ''}`;
      if (signature !== run.written) {
        run.written = signature;
        changed = this.#writeStatus(pod, run, now) || changed;
      }
    }
    return changed;
  }

  /**
   * computePodActions: a container whose definition changed (its image: `kubectl set image`, a
   * patch, a replace) is stopped with its image's stop signal, then started again from the new
   * definition — not a crash, so no back-off. One not running yet simply takes the new one.
   */
  #redefine(pod: KObject, run: PodRun, now: number): boolean {
    let changed = false;
    for (const c of run.containers) {
      const want: Json | undefined = (pod.spec?.containers ?? []).find((x: Json) => x.name === c.name);
      if (!want || want.image === (c.redefined ?? c.spec).image) continue;
      changed = true;
      if ((c.phase === 'running' && c.image) || c.phase === 'exited') {
        if (c.phase === 'running' && c.image) {
          this.#record(pod, 'Normal', 'Killing', `Container ${c.name} definition changed, will be restarted`, c);
          const grace = Math.max(2, pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
          const { stop, handled } = stopPlan(c, grace);
          c.exitAt = now + (handled ? stop.afterMs : grace);
          c.exitCode = handled ? stop.exitCode as number : 137;
          c.laterExitCode = undefined;
          c.pendingLines = undefined;
          c.nextAt = c.exitAt;
        }
        c.redefined = want;
        continue;
      }
      c.spec = want;
      c.phase = 'new';
      c.nextAt = now;
      c.pullBackoff = undefined;
      c.crashDelayS = undefined;
      c.crashUntil = undefined;
    }
    return changed;
  }

  /** The next address in this node's pod CIDR (10.244.N.0/24): .2 to .254, then around again. */
  #nextIp(): string {
    this.#ipCounter = (this.#ipCounter % 253) + 1;
    return `10.244.${this.spec.index}.${this.#ipCounter + 1}`;
  }

  /**
   * A pod already running when this kubelet first sees it (the control plane's own pods at
   * bootstrap): take it over as it is, without pulling or starting anything again.
   */
  #adopt(pod: KObject, now: number): PodRun {
    // Addresses already handed out in this node's pod CIDR are not handed out again.
    const m = new RegExp(`^10\\.244\\.${this.spec.index}\\.(\\d+)$`).exec(pod.status?.podIP ?? '');
    if (m) this.#ipCounter = Math.max(this.#ipCounter, Number(m[1]) - 1);
    return {
      uid: pod.metadata.uid as string, name: pod.metadata.name as string, dirty: false, ip: pod.status?.podIP ?? this.#nextIp(), sandboxAt: now, sandboxReady: true, scheduledAt: now, init: [],
      containers: (pod.spec?.containers ?? []).map((spec: Json): ContainerRun => {
        const st = (pod.status?.containerStatuses ?? []).find((c: Json) => c.name === spec.name);
        const ref = (() => { try { return withDefaultTag(parseReference(spec.image)); } catch { return undefined; } })();
        const image = ref ? this.images.findRef(ref)?.image : undefined;
        return {
          name: spec.name, spec, phase: 'running', nextAt: Number.MAX_SAFE_INTEGER, restartCount: st?.restartCount ?? 0, logs: [], previousLogs: undefined,
          containerId: String(st?.containerID ?? '').replace(/^[a-z-]+:\/\//, ''), startedAt: Date.parse(st?.state?.running?.startedAt ?? '') || now,
          ...(image ? { image } : {}), ...(ref ? { imageRef: ref } : {}),
        };
      }),
    };
  }

  #admit(pod: KObject, now: number): PodRun {
    this.trace.record({ at: now, component: `kubelet (${this.name})`, action: `start pod ${pod.metadata.name}`, why: `the pod is bound to ${this.name}, so this node's kubelet asks ${this.spec.runtime} for a pod sandbox (the pause container and its network)` });
    return {
      uid: pod.metadata.uid as string,
      name: pod.metadata.name as string,
      dirty: true,
      // A pod on the host's network has the node's address (kube-proxy's, a DaemonSet's agents).
      ip: pod.spec?.hostNetwork ? this.spec.ip : this.#nextIp(),
      sandboxAt: now + 400,
      sandboxReady: false,
      scheduledAt: now,
      containers: (pod.spec?.containers ?? []).map((spec: Json): ContainerRun => ({
        name: spec.name, spec, phase: 'new', nextAt: now + 400, restartCount: 0, logs: [], previousLogs: undefined,
      })),
      init: (pod.spec?.initContainers ?? []).map((spec: Json): ContainerRun => ({
        name: spec.name, spec, phase: 'new', nextAt: now + 400, restartCount: 0, logs: [], previousLogs: undefined,
      })),
    };
  }

  /** A kubelet event about a pod, and the container it concerns (involvedObject.fieldPath `spec.containers{web}`). */
  #record(pod: KObject, type: 'Normal' | 'Warning', reason: string, message: string, c?: ContainerRun): void {
    const list = (pod.spec?.initContainers ?? []).some((x: Json) => x.name === c?.name) ? 'initContainers' : 'containers';
    this.events.record(pod, type, reason, message, { component: 'kubelet', host: this.name }, c ? `spec.${list}{${c.name}}` : undefined);
  }

  /** Registry credentials from the pod's imagePullSecrets (kubernetes.io/dockerconfigjson). */
  #credentials(pod: KObject, host: string): Credentials | undefined {
    const secretType = this.api.resourceOf('Secret');
    for (const ref of pod.spec?.imagePullSecrets ?? []) {
      const secret = this.api.get(secretType, pod.metadata.namespace, ref.name);
      if (!('metadata' in secret) || secret.type !== 'kubernetes.io/dockerconfigjson') continue;
      try {
        const cfg = JSON.parse(Buffer.from(String(secret.data?.['.dockerconfigjson'] ?? ''), 'base64').toString('utf8')) as { auths?: Record<string, { username?: string; password?: string; auth?: string }> };
        for (const [server, a] of Object.entries(cfg.auths ?? {})) {
          const h = server.replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^(index|registry-1)\.docker\.io$/, DOCKER_HUB);
          if (h !== host) continue;
          if (a.username && a.password) return { username: a.username, password: a.password };
          if (a.auth) {
            const [u, ...pw] = Buffer.from(a.auth, 'base64').toString('utf8').split(':');
            return { username: u ?? '', password: pw.join(':') };
          }
        }
      } catch { /* a malformed secret gives no credentials, as for the real kubelet */ }
    }
    return undefined;
  }

  /**
   * A failed pull as the kubelet reports it. `error` is the runtime's CRI error — in its own words,
   * as the kubelet's CRI client hands it over: a gRPC status of code Unknown loses its
   * `rpc error: code = Unknown desc = ` prefix (cri-client remote_image.go, since 1.28), other codes
   * keep it. `reason` and `message` are what evalCRIPullErr (images/image_manager.go) makes of it:
   * CRI-O marks a refused connection `RegistryUnavailable`, which becomes the container's waiting reason.
   */
  #pullError(image: string, ref: ImageRef, why: PullFailure): { error: string; reason: 'ErrImagePull' | 'RegistryUnavailable'; message: string } {
    const error = this.#criPullError(ref, why);
    if (error.startsWith('RegistryUnavailable')) {
      return { error, reason: 'RegistryUnavailable', message: `image pull failed for ${image} because the registry is unavailable${error.slice('RegistryUnavailable'.length)}` };
    }
    return { error, reason: 'ErrImagePull', message: error };
  }

  /** The runtime's error for a failed pull: containerd 1.7 (remotes/docker) or CRI-O 1.32 (containers/image 5.34). */
  #criPullError(ref: ImageRef, why: PullFailure): string {
    const full = canonical(ref);
    // Go's net errors, with the node's resolver (see node-network.ts).
    const unknownHost = noSuchHost(NODE, ref.domain);
    const refused = (defaultPort: number): string => connectionRefused(NODE, ref.domain, defaultPort);
    const plainHttp = 'http: server gave HTTP response to HTTPS client';
    if (this.spec.runtime === 'cri-o') {
      // copy.Image wraps what the docker transport says: "initializing source docker://…".
      const source = `initializing source docker://${full}`;
      const reading = `${source}: reading manifest ${ref.digest ?? ref.tag} in ${repositoryName(ref)}`;
      // CRI-O treats 127.0.0.0/8 as an insecure registry (internal/storage/image.go), so after the
      // HTTPS ping fails it pings over HTTP too, and reports that second error.
      const scheme = isLoopback(ref.domain) ? 'http' : 'https';
      const ping = (err: string): string => `${source}: pinging container registry ${ref.domain}: Get "${scheme}://${ref.domain}/v2/": ${err}`;
      switch (why) {
        case 'no-tag': case 'no-digest': return `${reading}: manifest unknown`;
        case 'unauthorized': return ref.domain === DOCKER_HUB ? `${reading}: requested access to the resource is denied` : `${reading}: unauthorized: authentication required`;
        case 'no-such-host': return ping(unknownHost);
        // server/image_pull.go: an ECONNREFUSED anywhere in the chain is crierrors.ErrRegistryUnavailable.
        case 'connection-refused': return `RegistryUnavailable: ${ping(refused(scheme === 'http' ? 80 : 443))}`;
        case 'plain-http': return ping(plainHttp);
        default: return `${reading}: requested access to the resource is denied`;
      }
    }
    const prefix = `failed to pull and unpack image "${full}": failed to resolve reference "${full}"`;
    // containerd 1.7's CRI without a registry config_path (kind's and `containerd config default`'s):
    // a localhost registry is spoken to in plain HTTP (defaultScheme in pkg/cri/server/image_pull.go).
    const scheme = isLoopback(ref.domain) ? 'http' : 'https';
    const head = `failed to do request: Head "${scheme}://${ref.domain}/v2/${ref.path}/manifests/${ref.digest ?? ref.tag}"`;
    switch (why) {
      case 'no-tag': case 'no-digest': return `rpc error: code = NotFound desc = ${prefix}: ${full}: not found`;
      case 'unauthorized': return ref.domain === DOCKER_HUB
        ? `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`
        : `${prefix}: unexpected status from HEAD request to https://${ref.domain}/v2/${ref.path}/manifests/${ref.digest ?? ref.tag}: 401 Unauthorized`;
      case 'no-such-host': return `${prefix}: ${head}: ${unknownHost}`;
      case 'connection-refused': return `${prefix}: ${head}: ${refused(scheme === 'http' ? 80 : 443)}`;
      case 'plain-http': return `${prefix}: ${head}: ${plainHttp}`;
      default: return `${prefix}: pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed`;
    }
  }

  /** The container cannot start yet: `Error: REASON`, and it waits in that reason until `nextAt`. */
  #waitWith(pod: KObject, c: ContainerRun, reason: string, message: string, nextAt: number): true {
    this.#record(pod, 'Warning', 'Failed', `Error: ${reason}`, c);
    c.waiting = { reason, message };
    c.phase = 'waiting';
    c.nextAt = nextAt;
    return true;
  }

  #step(pod: KObject, run: PodRun, c: ContainerRun, now: number): boolean {
    if (c.phase === 'done' || now < c.nextAt) return false;
    const image: string = c.spec.image;
    const policy: string = c.spec.imagePullPolicy ?? 'IfNotPresent';
    switch (c.phase) {
      case 'new':
      case 'waiting':
      case 'crash-backoff': {
        if (c.phase === 'crash-backoff' && c.crashUntil !== undefined && now < c.crashUntil) {
          this.#record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, c);
          c.nextAt = Math.min(c.crashUntil, now + RESYNC_MS);
          return true;
        }
        let ref: ImageRef;
        try {
          ref = withDefaultTag(parseReference(image));
        } catch (e) {
          const msg = `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${(e as Error).message}`;
          this.#record(pod, 'Warning', 'InspectFailed', msg, c);
          return this.#waitWith(pod, c, 'InvalidImageName', msg, now + RESYNC_MS);
        }
        c.imageRef = ref;
        const present = this.images.findRef(ref);
        if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
          if (!present) {
            const msg = `Container image "${image}" is not present with pull policy of Never`;
            this.#record(pod, 'Warning', 'ErrImageNeverPull', msg, c);
            return this.#waitWith(pod, c, 'ErrImageNeverPull', msg, now + RESYNC_MS);
          }
          this.#record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, c);
          // SyncPod reports the pod's status before it starts its first container: a watcher sees
          // ContainerCreating (or Init:0/1) even when the image was already there.
          if (run.written === undefined) {
            run.written = '';
            this.#writeStatus(pod, run, now);
          }
          c.image = present.image;
          return this.#start(pod, run, c, now);
        }
        if (c.pullBackoff && now < c.pullBackoff.until) {
          this.#record(pod, 'Normal', 'BackOff', `Back-off pulling image "${image}"`, c);
          // The last pull's error, as prevPullErrMsg keeps it: "REASON: MESSAGE".
          const last = c.pull && !c.pull.result.ok ? this.#pullError(image, c.pull.ref, c.pull.result.why) : undefined;
          return this.#waitWith(pod, c, 'ImagePullBackOff', `Back-off pulling image "${image}"${last ? `: ${last.reason}: ${last.message}` : ''}`, Math.min(c.pullBackoff.until, now + RESYNC_MS));
        }
        this.#record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, c);
        // A layer another pull is already fetching is not fetched twice: this pull waits for it.
        const outcome = pull(this.lookup, ref, this.#credentials(pod, ref.domain), (d) => this.images.hasLayer(d) || this.#inflight.has(d));
        const startedAt = Math.max(now, this.#pullQueueFreeAt);
        const missing = outcome.ok ? outcome.layers.filter((l) => !l.present) : [];
        const bytes = missing.reduce((n, l) => n + l.layer.size, 0);
        let doneAt = startedAt + Math.round(outcome.ok ? 350 + bytes / PULL_BYTES_PER_MS + this.random.next() * 200 : 600 + this.random.next() * 400);
        if (outcome.ok) {
          for (const l of outcome.layers) { const t = this.#inflight.get(l.layer.digest); if (t !== undefined && l.present && t > doneAt) doneAt = t; }
          for (const l of missing) this.#inflight.set(l.layer.digest, doneAt);
        }
        this.#pullQueueFreeAt = doneAt;
        c.pull = { requestedAt: now, startedAt, doneAt, ref, result: outcome.ok ? { ok: true, image: outcome.image } : { ok: false, why: outcome.why } };
        c.phase = 'pulling';
        // A retry keeps showing the last reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff), as the kubelet does.
        c.waiting ??= { reason: (pod.spec?.initContainers ?? []).length ? 'PodInitializing' : 'ContainerCreating' };
        c.nextAt = doneAt;
        this.trace.record({ at: now, component: `${this.spec.runtime} (${this.name})`, action: `pull ${canonical(ref)}`, why: `the kubelet asked the container runtime for the image (imagePullPolicy ${policy}); the runtime fetches it from registry ${ref.domain}` });
        return true;
      }
      case 'pulling': {
        const p = c.pull as NonNullable<ContainerRun['pull']>;
        if (!p.result.ok) {
          const delay = c.pullBackoff ? Math.min(BACKOFF_MAX_S, c.pullBackoff.delayS * 2) : BACKOFF_INITIAL_S;
          c.pullBackoff = { until: now + delay * 1000, delayS: delay };
          const failure = this.#pullError(image, p.ref, p.result.why);
          this.#record(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${failure.error}`, c);
          this.#waitWith(pod, c, failure.reason, failure.message, now + 1500);
          this.trace.record({ at: now, component: `${this.spec.runtime} (${this.name})`, action: `pull failed`, why: `registry ${p.ref.domain} answered: ${p.result.why}; the kubelet will retry after ${delay}s` });
          return true;
        }
        const img = p.result.image;
        for (const l of img.layers) if ((this.#inflight.get(l.digest) ?? Infinity) <= now) this.#inflight.delete(l.digest);
        this.images.add(img, p.ref, now);
        this.images.addRepoDigest(this.images.findRef(p.ref) as NonNullable<ReturnType<ImageStore['findRef']>>, p.ref);
        const size = img.layers.reduce((n, l) => n + l.size, 0) + img.manifestSize;
        this.#record(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(p.doneAt - p.startedAt)} (${goDuration(p.doneAt - p.requestedAt)} including waiting). Image size: ${size} bytes.`, c);
        c.image = img;
        c.pullBackoff = undefined;
        return this.#start(pod, run, c, now);
      }
      case 'running': {
        // What a running process prints as time passes reaches its log when the time comes.
        printDue(c.pendingLines, now, c.logs);
        if (c.exitAt === undefined || now < c.exitAt) {
          c.nextAt = wakeAt(c);
          return false;
        }
        if (c.laterExitCode !== undefined) { c.exitCode = c.laterExitCode; c.laterExitCode = undefined; }
        c.phase = 'exited';
        c.finishedAt = c.exitAt;
        c.nextAt = now + 1000;
        this.trace.record({ at: now, component: `${this.spec.runtime} (${this.name})`, action: `container ${c.name} exited (${c.exitCode})`, why: `its process ended; restartPolicy ${pod.spec?.restartPolicy ?? 'Always'} decides what the kubelet does next` });
        return true;
      }
      case 'exited': {
        if (c.redefined) {
          // Stopped for its new definition: started again at once, whatever the restart policy.
          c.lastTerminated = this.#terminatedState(c);
          c.spec = c.redefined;
          c.redefined = undefined;
          c.phase = 'new';
          c.nextAt = now;
          c.crashDelayS = undefined;
          c.crashUntil = undefined;
          return true;
        }
        const restartPolicy = pod.spec?.restartPolicy ?? 'Always';
        const isInit = run.init.includes(c);
        // An init container that succeeded is finished; one that failed is retried unless restartPolicy is Never.
        const restart = isInit ? c.exitCode !== 0 && restartPolicy !== 'Never' : restartPolicy === 'Always' || (restartPolicy === 'OnFailure' && c.exitCode !== 0);
        c.lastTerminated = this.#terminatedState(c);
        if (!restart) {
          c.phase = 'done';
          return true;
        }
        // doBackOff: the first crash only arms the back-off and restarts at once; from the second
        // on, the kubelet waits 10 s, 20 s, 40 s … up to 5 minutes.
        if (c.crashDelayS === undefined) {
          c.crashDelayS = BACKOFF_INITIAL_S;
          c.crashUntil = now;
          c.phase = 'crash-backoff';
          c.nextAt = now;
          return true;
        }
        const delay = c.crashDelayS;
        c.crashDelayS = Math.min(BACKOFF_MAX_S, delay * 2);
        c.crashUntil = (c.finishedAt ?? now) + delay * 1000;
        c.phase = 'crash-backoff';
        const d = delay >= 60 ? `${Math.floor(delay / 60)}m${delay % 60}s` : `${delay}s`;
        c.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${d} restarting failed container=${c.name} pod=${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})` };
        this.#record(pod, 'Warning', 'BackOff', `Back-off restarting failed container ${c.name} in pod ${pod.metadata.name}_${pod.metadata.namespace}(${pod.metadata.uid})`, c);
        c.nextAt = Math.min(c.crashUntil, now + RESYNC_MS);
        return true;
      }
      default:
        return false;
    }
  }

  #start(pod: KObject, run: PodRun, c: ContainerRun, now: number): boolean {
    const img = c.image as Image;
    // generateContainerConfig: the environment first. A ConfigMap, Secret or key it needs that is
    // missing fails this start (CreateContainerConfigError); the next sync tries again.
    const ns = pod.metadata.namespace as string;
    const built = containerEnvironment(pod, c.spec, {
      services: this.api.list(this.api.resourceOf('Service')),
      configMap: (name) => this.api.peek(this.api.resourceOf('ConfigMap'), ns, name),
      secret: (name) => this.api.peek(this.api.resourceOf('Secret'), ns, name),
      node: { ip: this.spec.ip, allocatable: NODE_ALLOCATABLE },
      podIP: run.ip,
    }, `${pod.metadata.uid}/${c.name}/${c.restartCount + (c.startedAt !== undefined ? 1 : 0)}`);
    if (!built.ok) {
      this.#record(pod, 'Warning', 'Failed', `Error: ${built.error}`, c);
      c.waiting = { reason: 'CreateContainerConfigError', message: built.error };
      c.phase = 'waiting';
      c.nextAt = now + RESYNC_MS;
      this.trace.record({ at: now, component: `kubelet (${this.name})`, action: `cannot start container ${c.name}`, why: `building its environment failed: ${built.error}; the kubelet tries again at its next sync` });
      return true;
    }
    if (c.startedAt !== undefined) {
      c.restartCount++;
      c.previousLogs = c.logs;
      c.logs = [];
    }
    c.containerId = this.random.hexWords(64);
    c.laterExitCode = undefined;
    c.pendingLines = undefined;
    // The runtime adds HOSTNAME (the pod's name) to what the kubelet hands it; the kubelet's list is its makeEnvironmentVariables.
    const env: Array<[string, string]> = [['HOSTNAME', pod.metadata.name as string], ...built.env];
    const outcome = runContainer(img, { args: (c.spec.args ?? []).map(String), entrypoint: undefined, command: c.spec.command?.map(String), env, hostname: pod.metadata.name as string, now, interactive: Boolean(c.spec.stdin), kernel: '6.8.0-48-generic' });
    c.env = env;
    c.argv = outcome.argv;
    c.startedAt = now;
    c.finishedAt = undefined;
    c.phase = 'running';
    c.waiting = undefined;
    if (outcome.notFound !== undefined) {
      // The runtime could not start the process. containerd creates the container and fails to start
      // it (RunContainerError); CRI-O already fails to create it (CreateContainerError). No Started event.
      c.logs = [];
      c.exitCode = 128;
      c.exitAt = now + 100;
      c.startFailed = this.spec.runtime === 'containerd' ? 'RunContainerError' : 'CreateContainerError';
      if (this.spec.runtime === 'containerd') {
        this.#record(pod, 'Normal', 'Created', `Created container ${c.name}`, c);
        this.#record(pod, 'Warning', 'Failed', `Error: failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${outcome.notFound}": executable file not found in $PATH: unknown`, c);
      } else {
        this.#record(pod, 'Warning', 'Failed', `Error: container create failed: executable file \`${outcome.notFound}\` not found in $PATH: No such file or directory`, c);
      }
    } else {
      c.startFailed = undefined;
      this.#record(pod, 'Normal', 'Created', `Created container ${c.name}`, c);
      this.#record(pod, 'Normal', 'Started', `Started container ${c.name}`, c);
      c.logs = [...outcome.output];
      c.exitCode = outcome.exitCode;
      c.exitAt = outcome.exitCode === undefined ? undefined : now + 800 + Math.round(this.random.next() * 400);
      c.laterExitCode = outcome.later?.exitCode;
      c.pendingLines = pendingLines(outcome, now);
      if (outcome.later) c.exitAt = now + outcome.later.afterMs;
    }
    c.nextAt = wakeAt(c);
    this.trace.record({ at: now, component: `kubelet (${this.name})`, action: `start container ${c.name}`, why: `${this.spec.runtime} created and started the container from image ${c.spec.image}` });
    return true;
  }

  #terminatedState(c: ContainerRun): Json {
    const reason = c.exitCode === 0 ? 'Completed' : c.exitCode === 128 ? 'StartError' : 'Error';
    return { containerID: `${this.spec.runtime === 'containerd' ? 'containerd' : 'cri-o'}://${c.containerId}`, exitCode: c.exitCode, finishedAt: iso(c.finishedAt ?? 0), reason, startedAt: iso(c.startedAt ?? 0) };
  }

  /**
   * A deleted pod. Each running container is sent its stop signal (the Killing event) and gets the
   * grace period — at least 2 s, kuberuntime's minimumGracePeriodInSeconds — to end; a process
   * that does not handle the signal is SIGKILLed then (137). When all have stopped, the kubelet
   * reports them terminated (the pod's phase turns Succeeded or Failed) and asks the API server to
   * remove the pod. A shorter grace period asked for meanwhile (`--now`) shortens the wait.
   */
  #terminate(key: string, pod: KObject, run: PodRun, now: number): boolean {
    const grace = Math.max(2, pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
    const containers = [...run.init, ...run.containers];
    if (!run.killing) {
      const notes: string[] = [];
      for (const c of containers) {
        if (c.phase !== 'running' || !c.image) continue;
        this.#record(pod, 'Normal', 'Killing', `Stopping container ${c.name}`, c);
        const { stop, handled } = stopPlan(c, grace);
        const byItself = c.exitAt !== undefined && c.exitAt <= now + (handled ? stop.afterMs : grace);
        // A process that ends by itself first (its script was nearly done, it failed to start) ends with its own code.
        c.stopping = byItself ? { at: Math.max(now, c.exitAt as number), exitCode: c.laterExitCode ?? c.exitCode ?? 0 }
          : handled ? { at: now + stop.afterMs, exitCode: stop.exitCode as number } : { at: now + grace, exitCode: 137 };
        c.nextAt = c.stopping.at;
        notes.push(`${c.name}: ${stop.signal}, ${byItself ? 'it ended by itself' : handled ? stop.why : `${stop.why}, so SIGKILL after ${grace / 1000}s`}`);
      }
      run.killing = { doneAt: Math.max(now + 300, ...containers.map((c) => c.stopping?.at ?? 0)), grace };
      this.trace.record({ at: now, component: `kubelet (${this.name})`, action: `stop pod ${pod.metadata.name}`, why: notes.length ? `asked ${this.spec.runtime} to stop each container with its image's stop signal — ${notes.join('; ')}` : 'no container was running' });
      return true;
    }
    if (grace < run.killing.grace) {
      // Only the wait for SIGKILL gets shorter; a process already on its way out is not hurried.
      for (const c of containers) if (c.stopping && c.phase === 'running' && c.stopping.exitCode === 137) c.stopping.at = c.nextAt = Math.min(c.stopping.at, now + grace);
      run.killing = { doneAt: Math.max(now + 300, ...containers.map((c) => (c.phase === 'running' ? c.stopping?.at ?? 0 : 0))), grace };
    }
    let stopped = false;
    for (const c of containers) {
      if (!c.stopping || c.phase !== 'running' || now < c.stopping.at) continue;
      c.phase = 'done';
      c.exitCode = c.stopping.exitCode;
      c.finishedAt = c.stopping.at;
      c.exitAt = undefined;
      c.laterExitCode = undefined;
      stopped = true;
    }
    if (now < run.killing.doneAt) return stopped && this.#writeStatus(pod, run, now);
    // The status manager reports the containers terminated, then deletes the pod for good.
    if (stopped) this.#writeStatus(pod, run, now);
    this.#pods.delete(key);
    this.api.delete(this.api.resourceOf('Pod'), pod.metadata.namespace, pod.metadata.name as string, { gracePeriodSeconds: 0 });
    return true;
  }

  /** The kubelet's default waiting reason: PodInitializing in a pod with init containers, else ContainerCreating. */
  #defaultWaiting = 'ContainerCreating';

  #containerStatus(c: ContainerRun): Json {
    const runtimePrefix = this.spec.runtime === 'containerd' ? 'containerd' : 'cri-o';
    const up = c.phase === 'running' && !c.startFailed;
    const status: Json = { name: c.name, ready: up, restartCount: c.restartCount, started: up, image: c.spec.image, imageID: '' };
    // The runtime's image and its digest once it created the container; before, the spec's name.
    if (c.image && c.imageRef && c.containerId) {
      status.image = canonical(c.imageRef);
      status.imageID = `${repositoryName(c.imageRef)}@${c.image.manifestDigest}`;
    }
    if (c.containerId) status.containerID = `${runtimePrefix}://${c.containerId}`;
    if (c.startFailed && (c.phase === 'running' || c.phase === 'exited')) status.state = { waiting: { reason: c.startFailed } };
    else if (c.phase === 'running') status.state = { running: { startedAt: iso(c.startedAt as number) } };
    else if (c.phase === 'exited' || c.phase === 'done') status.state = { terminated: this.#terminatedState(c) };
    else status.state = { waiting: { reason: c.waiting?.reason ?? this.#defaultWaiting, ...(c.waiting?.message ? { message: c.waiting.message } : {}) } };
    if (c.lastTerminated && c.phase !== 'exited' && c.phase !== 'done') status.lastState = { terminated: c.lastTerminated };
    else status.lastState = c.phase === 'exited' || c.phase === 'done' ? (c.restartCount > 0 && c.lastTerminated ? { terminated: c.lastTerminated } : {}) : {};
    if (!status.containerID) delete status.containerID;
    if (status.started === false && c.startedAt === undefined) delete status.started;
    return status;
  }

  #hostIPsShared: readonly Json[] | undefined;

  /** The node's addresses as every pod status on it lists them (frozen, shared). */
  get #hostIPs(): readonly Json[] {
    return (this.#hostIPsShared ??= Object.freeze([Object.freeze({ ip: this.spec.ip })]));
  }

  #writeStatus(pod: KObject, run: PodRun, now: number): boolean {
    const latest = this.api.peek(this.api.resourceOf('Pod'), pod.metadata.namespace, pod.metadata.name as string);
    if (!latest) return false;
    this.#defaultWaiting = run.init.length ? 'PodInitializing' : 'ContainerCreating';
    const initDone = run.init.every((c) => c.phase === 'done' && c.exitCode === 0);
    const initFailed = run.init.some((c) => c.phase === 'done' && c.exitCode !== 0);
    const statuses = run.containers.map((c) => (initDone ? this.#containerStatus(c) : { name: c.name, ready: false, restartCount: 0, image: c.spec.image, imageID: '', state: { waiting: { reason: 'PodInitializing' } }, lastState: {} }));
    const initStatuses = run.init.map((c) => ({ ...this.#containerStatus(c), ...(c.phase === 'done' && c.exitCode === 0 ? { ready: true } : {}) }));
    const allReady = initDone && run.containers.every((c) => c.phase === 'running');
    const restartPolicy: string = pod.spec?.restartPolicy ?? 'Always';
    // A container that exited and will not be restarted is finished the moment it exits (getPhase):
    // under Never always, under OnFailure when it succeeded.
    const finished = (c: ContainerRun): boolean => c.phase === 'done' || (c.phase === 'exited' && (restartPolicy === 'Never' || (restartPolicy === 'OnFailure' && c.exitCode === 0)));
    const anyRunning = run.containers.some((c) => c.phase === 'running' || c.phase === 'crash-backoff' || (c.phase === 'exited' && !finished(c)));
    const allDone = run.containers.every(finished);
    const everStarted = run.containers.every((c) => c.startedAt !== undefined);
    let phase = 'Pending';
    if (initFailed) phase = 'Failed';
    else if (!initDone) phase = 'Pending';
    else if (allDone) phase = run.containers.every((c) => c.exitCode === 0) ? 'Succeeded' : 'Failed';
    else if (everStarted && anyRunning) phase = 'Running';
    const prev = latest.status ?? {};
    const prevCond = (type: string): Json => (prev.conditions ?? []).find((c: Json) => c.type === type);
    // A condition that did not change is the stored one itself: shared, not copied, as the store allows.
    const cond = (type: string, ok: boolean, reason?: string, message?: string): Json => {
      const old = prevCond(type);
      const status = ok ? 'True' : 'False';
      const why = ok ? undefined : reason;
      if (old && old.status === status && old.reason === why && old.message === message) return old;
      return { type, status, lastProbeTime: null, lastTransitionTime: old && old.status === status ? old.lastTransitionTime : iso(now), ...(why ? { reason: why } : {}), ...(message ? { message } : {}) };
    };
    const incomplete = initDone ? undefined : `containers with incomplete status: [${run.init.filter((c) => !(c.phase === 'done' && c.exitCode === 0)).map((c) => c.name).join(' ')}]`;
    const unready = allReady ? undefined : `containers with unready status: [${run.containers.filter((c) => c.phase !== 'running').map((c) => c.name).join(' ')}]`;
    const status: Json = {
      phase,
      conditions: [
        // A finished pod's sandbox is torn down (the kubelet's killPod once every container is done).
        cond('PodReadyToStartContainers', run.sandboxReady && !(phase === 'Succeeded' || phase === 'Failed')),
        cond('Initialized', initDone, 'ContainersNotInitialized', incomplete),
        cond('Ready', allReady, allDone ? 'PodCompleted' : 'ContainersNotReady', unready),
        cond('ContainersReady', allReady, allDone ? 'PodCompleted' : 'ContainersNotReady', unready),
        prevCond('PodScheduled') ?? cond('PodScheduled', true),
      ],
      hostIP: this.spec.ip, hostIPs: this.#hostIPs,
      ...(run.sandboxReady ? { podIP: run.ip, podIPs: prev.podIP === run.ip && prev.podIPs ? prev.podIPs : [{ ip: run.ip }] } : {}),
      startTime: prev.startTime ?? iso(run.scheduledAt),
      ...(run.init.length ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: statuses,
      qosClass: prev.qosClass ?? 'BestEffort',
    };
    // The status manager writes only a status that differs from the stored one (needsUpdate):
    // an unchanged one is no write, so a watcher sees no event for it.
    if (sameJson(status, prev)) return false;
    // What this kubelet wrote is what it has seen: its own write does not wake it again.
    const stored = this.api.patchStatus('Pod', pod.metadata.namespace, pod.metadata.name as string, status);
    if (stored) run.seen = stored;
    return true;
  }
}
