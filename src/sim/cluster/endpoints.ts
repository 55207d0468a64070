/**
 * The endpoints controller and the endpointslice controller: for every Service with a selector,
 * the addresses of the pods it selects — an Endpoints object named like the Service (ready pods
 * under `addresses`, the others under `notReadyAddresses`) and an EndpointSlice owned by it
 * (`<service>-<5 characters>`; terminating pods stay in it, not ready). Target ports are resolved
 * per pod, by number or by the name of a container port (podutil.FindPort); a pod without the
 * named port is left out. Services without a selector get nothing managed: their Endpoints are
 * whatever a user writes (pkg/controller/endpoint, pkg/controller/endpointslice, Kubernetes 1.32).
 *
 * The controllers draw names and uids from their own random stream, so they never shift the names
 * and uids anything else gets; they watch the store and only work on a Service whose object or
 * namespace's pods changed since they last looked.
 */
import type { SeededRandom } from '../random.ts';
import type { Trace } from '../trace.ts';
import type { ApiServer } from './api-server.ts';
import { generateName, randomUid } from './names.ts';
import { clone, type Json, type KObject } from './objects.ts';
import type { Store } from './store.ts';
import { podIsReady } from './controllers.ts';

const TRIGGER = 'endpoints.kubernetes.io/last-change-trigger-time';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
const SERVICE_NAME = 'kubernetes.io/service-name';

/** ShouldPodBeInEndpoints: an IP, not finished, and (for Endpoints) not being deleted. */
function shouldInclude(pod: KObject, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (!includeTerminating && pod.metadata.deletionTimestamp) return false;
  const phase = pod.status?.phase;
  const rp = pod.spec?.restartPolicy ?? 'Always';
  if (rp === 'Never') return phase !== 'Succeeded' && phase !== 'Failed';
  if (rp === 'OnFailure') return phase !== 'Succeeded';
  return true;
}

/** podutil.FindPort: a target port's number for this pod (a named one looked up in its containers). */
function findPort(pod: KObject, sp: Json): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === 'number') return target;
  for (const c of (pod.spec?.containers ?? []) as Json[]) {
    for (const p of (c.ports ?? []) as Json[]) if (p.name === target && (p.protocol ?? 'TCP') === (sp.protocol ?? 'TCP')) return p.containerPort;
  }
  return undefined;
}

const selects = (selector: Record<string, string>, pod: KObject): boolean => {
  const labels = pod.metadata.labels;
  if (!labels) return false;
  for (const k in selector) if (labels[k] !== selector[k]) return false;
  return true;
};

/** The pods a Service selects, each with its resolved ports (name, port, protocol). */
interface Target {
  readonly pod: KObject;
  readonly ready: boolean;
  readonly ports: Json[];
}

export class EndpointsControllers {
  /** Per Service (`ns/name`): what it and its namespace's pods were when last synced. */
  readonly #seen = new Map<string, string>();
  /** The slice each Service owns, by Service uid (its name was drawn once, from this stream). */
  readonly #sliceNames = new Map<string, string>();

  constructor(private readonly api: ApiServer, private readonly store: Store, private readonly random: SeededRandom, private readonly trace: Trace, private readonly now: () => number) {}

  /** One pass: sync every Service whose object or pods moved; clean up after deleted Services. */
  reconcile(): boolean {
    let changed = false;
    const live = new Set<string>();
    for (const svc of this.api.list(this.api.resourceOf('Service'))) {
      const key = `${svc.metadata.namespace}/${svc.metadata.name}`;
      live.add(key);
      if (!svc.spec?.selector) continue;
      const signature = `${svc.metadata.resourceVersion}|${this.store.changes(`/registry/pods/${svc.metadata.namespace}`)}`;
      if (this.#seen.get(key) === signature) continue;
      this.#seen.set(key, signature);
      changed = this.sync(svc) || changed;
    }
    for (const key of [...this.#seen.keys()]) {
      if (live.has(key)) continue;
      this.#seen.delete(key);
      const [ns, name] = key.split('/') as [string, string];
      // The endpoints controller deletes a deleted Service's Endpoints; the garbage collector
      // deletes its slices through their owner reference.
      if (this.api.peek(this.api.resourceOf('Endpoints'), ns, name)) this.api.delete(this.api.resourceOf('Endpoints'), ns, name, { actor: 'the endpoints controller' });
      for (const s of this.api.list(this.api.resourceOf('EndpointSlice'), ns)) {
        if (s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.labels?.[MANAGED_BY]) this.api.delete(this.api.resourceOf('EndpointSlice'), ns, s.metadata.name as string, { actor: 'the garbage collector' });
      }
      changed = true;
    }
    return changed;
  }

  /** Bring one Service's Endpoints and EndpointSlice up to date; `at` backdates new objects (the bootstrap). */
  sync(svc: KObject, at?: string): boolean {
    const ns = svc.metadata.namespace as string;
    const selector = svc.spec.selector as Record<string, string>;
    const publishNotReady = svc.spec?.publishNotReadyAddresses === true;
    const pods = this.api.list(this.api.resourceOf('Pod'), ns).filter((p) => selects(selector, p));
    const targets = (includeTerminating: boolean): Target[] => {
      const out: Target[] = [];
      for (const pod of pods) {
        if (!shouldInclude(pod, includeTerminating)) continue;
        const ports: Json[] = [];
        let ok = true;
        for (const sp of (svc.spec.ports ?? []) as Json[]) {
          const port = findPort(pod, sp);
          if (port === undefined) { ok = false; break; }
          ports.push({ ...(sp.name ? { name: sp.name } : {}), port, protocol: sp.protocol ?? 'TCP', ...(sp.appProtocol ? { appProtocol: sp.appProtocol } : {}) });
        }
        if (ok) out.push({ pod, ready: publishNotReady || podIsReady(pod), ports });
      }
      return out;
    };
    const time = at ?? this.api.now();
    const endpoints = this.#syncEndpoints(svc, targets(false), time, at);
    const slices = this.#syncSlice(svc, targets(true), time, at);
    return endpoints || slices;
  }

  #syncEndpoints(svc: KObject, targets: readonly Target[], time: string, at: string | undefined): boolean {
    const ns = svc.metadata.namespace as string;
    const name = svc.metadata.name as string;
    // One subset per distinct port list (RepackSubsets), addresses sorted by IP.
    const subsets: Json[] = [];
    for (const t of targets) {
      const addr = { ip: t.pod.status.podIP, nodeName: t.pod.spec?.nodeName, targetRef: { kind: 'Pod', name: t.pod.metadata.name, namespace: ns, uid: t.pod.metadata.uid } };
      const portsKey = JSON.stringify(t.ports);
      let ss = subsets.find((s) => JSON.stringify(s.ports) === portsKey);
      if (!ss) { ss = { ports: t.ports }; subsets.push(ss); }
      const list = t.ready ? 'addresses' : 'notReadyAddresses';
      (ss[list] ??= []).push(addr);
    }
    for (const ss of subsets) {
      for (const list of ['addresses', 'notReadyAddresses']) ss[list]?.sort((a: Json, b: Json) => (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0));
      if (!ss.ports.length) delete ss.ports;
    }
    const ordered = subsets.map((ss) => ({ ...(ss.addresses ? { addresses: ss.addresses } : {}), ...(ss.notReadyAddresses ? { notReadyAddresses: ss.notReadyAddresses } : {}), ...(ss.ports ? { ports: ss.ports } : {}) }));
    const labels = { ...(svc.metadata.labels ?? {}), ...(svc.spec?.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    const type = this.api.resourceOf('Endpoints');
    const live = this.api.peek(type, ns, name);
    if (!live) {
      const r = this.api.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels, annotations: { [TRIGGER]: time } }, ...(ordered.length ? { subsets: ordered } : {}) }, { actor: 'the endpoints controller', uid: randomUid(this.random), ...(at ? { at } : {}) });
      return r.ok;
    }
    if (JSON.stringify(live.subsets ?? []) === JSON.stringify(ordered) && JSON.stringify(live.metadata.labels ?? {}) === JSON.stringify(labels)) return false;
    const next = clone(live);
    next.metadata.labels = labels;
    next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TRIGGER]: time };
    if (ordered.length) next.subsets = ordered; else delete next.subsets;
    this.api.update(next);
    this.trace.record({ at: this.now(), component: 'endpoints controller', action: `update endpoints ${name}`, why: `${targets.filter((t) => t.ready).length} ready and ${targets.filter((t) => !t.ready).length} not-ready pods match the Service's selector` });
    return true;
  }

  #syncSlice(svc: KObject, targets: readonly Target[], time: string, at: string | undefined): boolean {
    const ns = svc.metadata.namespace as string;
    const name = svc.metadata.name as string;
    const type = this.api.resourceOf('EndpointSlice');
    const ports = targets[0]?.ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol })) ?? null;
    // The pods whose ports resolve like the first one's share its slice (kubetutor keeps one slice per Service).
    const same = targets.filter((t) => JSON.stringify(t.ports) === JSON.stringify(targets[0]?.ports));
    const endpoints = same.length === 0 ? null : same.map((t) => ({
      addresses: [t.pod.status.podIP],
      conditions: { ready: t.ready && !t.pod.metadata.deletionTimestamp, serving: t.ready, terminating: Boolean(t.pod.metadata.deletionTimestamp) },
      nodeName: t.pod.spec?.nodeName,
      targetRef: { kind: 'Pod', name: t.pod.metadata.name, namespace: ns, uid: t.pod.metadata.uid },
    }));
    const labels = { ...(svc.metadata.labels ?? {}), [MANAGED_BY]: 'endpointslice-controller.k8s.io', [SERVICE_NAME]: name, ...(svc.spec?.clusterIP === 'None' ? { 'service.kubernetes.io/headless': '' } : {}) };
    const uid = svc.metadata.uid as string;
    let sliceName = this.#sliceNames.get(uid);
    const live = sliceName ? this.api.peek(type, ns, sliceName) : this.api.list(type, ns).find((s) => s.metadata.labels?.[SERVICE_NAME] === name && s.metadata.ownerReferences?.some((o) => o.uid === uid));
    if (!live) {
      do sliceName = generateName(`${name}-`, this.random); while (this.api.peek(type, ns, sliceName));
      this.#sliceNames.set(uid, sliceName);
      const r = this.api.create({
        apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', addressType: 'IPv4', endpoints, ports,
        metadata: { name: sliceName, generateName: `${name}-`, namespace: ns, labels, ...(endpoints ? { annotations: { [TRIGGER]: time } } : {}), ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name, uid, controller: true, blockOwnerDeletion: true }] },
      }, { actor: 'the endpointslice controller', uid: randomUid(this.random), ...(at ? { at } : {}) });
      return r.ok;
    }
    this.#sliceNames.set(uid, live.metadata.name as string);
    if (JSON.stringify(live.endpoints) === JSON.stringify(endpoints) && JSON.stringify(live.ports) === JSON.stringify(ports) && JSON.stringify(live.metadata.labels) === JSON.stringify(labels)) return false;
    const next = clone(live);
    next.endpoints = endpoints;
    next.ports = ports;
    next.metadata.labels = labels;
    if (endpoints) next.metadata.annotations = { ...(next.metadata.annotations ?? {}), [TRIGGER]: time };
    this.api.update(next);
    this.trace.record({ at: this.now(), component: 'endpointslice controller', action: `update endpointslice ${live.metadata.name}`, why: `the Service ${name} now has ${endpoints?.length ?? 0} endpoints` });
    return true;
  }
}
