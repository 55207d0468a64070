/**
 * Who can reach whom. The laptop reaches its own published ports (`docker run -p`), what
 * `kubectl proxy` and `kubectl port-forward` listen on, and the cluster's nodes (they sit on the
 * laptop's docker network, as kind's do: NodePorts answer on every node's IP). A pod reaches its
 * own containers on localhost, other pods by IP, and Services by name (cluster DNS) or ClusterIP,
 * which kube-proxy sends to a ready endpoint. A ClusterIP or pod IP from the laptop leads nowhere:
 * the connection times out, as it does for real.
 */
import type { Container } from './docker-engine.ts';
import { httpDate, reasonPhrase, serve, type HttpRequest, type HttpResponse, type Process, type ServeOutcome } from './http.ts';
import type { Image } from './image.ts';
import { NODE_NETWORK_GATEWAY } from './cluster/node-network.ts';
import { selectorMatches, type Json, type KObject } from './cluster/objects.ts';
import { apiVersionOf, RESOURCES, type ResourceType } from './cluster/resources.ts';
import type { Cluster } from './cluster/cluster.ts';
import type { DockerEngine } from './docker-engine.ts';
import type { SeededRandom } from './random.ts';

/** Where a request starts. */
export type Origin =
  | { readonly kind: 'laptop' }
  | { readonly kind: 'pod'; readonly pod: KObject }
  | { readonly kind: 'docker'; readonly container: Container }
  /** A build step: BuildKit's sandbox has no way to the sandbox's network. */
  | { readonly kind: 'offline' };

/** Something listening on the laptop that kubectl started. */
export type Listener =
  | { readonly kind: 'proxy'; readonly id: number; readonly address: string; readonly port: number }
  | {
    readonly kind: 'port-forward'; readonly id: number; readonly addresses: readonly string[]; readonly port: number;
    readonly namespace: string; readonly pod: string; readonly podPort: number;
    /** Started with `&` in the learner's own terminal: its `Handling connection for 8080` lines appear there. */
    sameTerminal: boolean;
  };

export interface Request {
  readonly scheme: 'http' | 'https';
  readonly host: string;
  readonly port: number;
  readonly method: string;
  readonly path: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  /** `curl -k`: accept the cluster's self-signed certificates. */
  readonly insecure: boolean;
}

/** What came of a request, in the terms a client reports. */
export type Exchange =
  | { readonly kind: 'unresolved'; readonly teach?: string }
  | { readonly kind: 'refused'; readonly ip: string; readonly ms: number; readonly teach?: string }
  | { readonly kind: 'timeout'; readonly ip: string; readonly ms: number; readonly teach?: string }
  /** https to a plain-HTTP server: the TLS handshake reads an HTTP reply. */
  | { readonly kind: 'tls-wrong-version'; readonly ip: string }
  /** https to the API server or a kubelet without `-k`: the cluster's CA is not trusted. */
  | { readonly kind: 'tls-untrusted'; readonly ip: string }
  | { readonly kind: 'not-http'; readonly ip: string; readonly reply: 'http09' | 'empty'; readonly notes?: readonly string[] }
  | { readonly kind: 'response'; readonly ip: string; readonly response: HttpResponse; readonly notes: readonly string[] };

/** How long a SYN to nowhere waits before Linux gives up (tcp_syn_retries = 6): about 2 minutes 13 s. */
export const CONNECT_TIMEOUT_MS = 133_120;

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '0.0.0.0']);
/** The laptop's address on the cluster's docker network (kind's gateway). */
const LAPTOP_ON_CLUSTER_NETWORK = NODE_NETWORK_GATEWAY;
/** The laptop as containers on docker's default bridge see it. */
const DOCKER_GATEWAY = '172.17.0.1';
const API_SERVER_PORT = 6443;
const KUBELET_PORT = 10250;

/** Kubernetes v1.32.4's /version, as its API server reports it. */
const VERSION_INFO = {
  major: '1', minor: '32', gitVersion: 'v1.32.4', gitCommit: '59526cd4867447956156ae3a602fcbac10a2c335', gitTreeState: 'clean',
  buildDate: '2025-04-22T16:02:27Z', goVersion: 'go1.23.6', compiler: 'gc', platform: 'linux/amd64',
};

export interface NetworkWorld {
  readonly docker: DockerEngine;
  readonly cluster: Cluster;
  now(): number;
  /** The files of a running container (created from its image the first time). */
  containerFiles(id: string, image: Image): Map<string, string>;
  /** A registry by host (`localhost:5000` while a registry container publishes that port). */
  registry(host: string): { listing(): Array<{ path: string; tags: string[] }> } | undefined;
}

export class Network {
  readonly listeners: Listener[] = [];
  #nextId = 1;
  /** kube-proxy's choice among a Service's endpoints: here, each one in turn. */
  readonly #turn = new Map<string, number>();

  constructor(private readonly world: NetworkWorld, private readonly random: SeededRandom) {}

  /** An unused local port from the ephemeral range (`kubectl port-forward pod/x :80`, `proxy --port=0`). */
  freePort(): number {
    for (;;) {
      const port = 32768 + this.random.int(28232);
      if (!this.listeners.some((l) => l.port === port) && !this.world.docker.containers.some((c) => c.ports.some((b) => b.hostPort === port))) return port;
    }
  }

  /** A port-forward started with `&`: what it logs shows in the learner's terminal. */
  showIn(id: number): void {
    const l = this.listeners.find((x) => x.id === id);
    if (l?.kind === 'port-forward') l.sameTerminal = true;
  }

  /** Start listening on the laptop; undefined when the port is taken (by a container or another listener). */
  listen(l: DistributiveOmit<Listener, 'id'>): Listener | undefined {
    const addresses = l.kind === 'proxy' ? [l.address] : l.addresses;
    const taken = this.listeners.some((x) => x.port === l.port && (x.kind === 'proxy' ? [x.address] : x.addresses).some((a) => addresses.includes(a)))
      || this.world.docker.containers.some((c) => c.exitCode === undefined && c.ports.some((p) => p.hostPort === l.port && (p.hostIp === '' || addresses.includes(p.hostIp))));
    if (taken) return undefined;
    const listener = { ...l, id: this.#nextId++ } as Listener;
    this.listeners.push(listener);
    return listener;
  }

  close(id: number): void {
    const i = this.listeners.findIndex((l) => l.id === id);
    if (i >= 0) this.listeners.splice(i, 1);
  }

  /** A host name as this origin's resolver sees it: IPs, or undefined (NXDOMAIN / no such host). */
  resolve(origin: Origin, host: string): string[] | undefined {
    const h = host.replace(/^\[|\]$/g, '').toLowerCase().replace(/\.$/, '');
    if (/^\d+\.\d+\.\d+\.\d+$/.test(h) || h.includes(':')) return [h];
    if (h === 'localhost') return origin.kind === 'offline' ? ['127.0.0.1'] : ['127.0.0.1'];
    if (origin.kind !== 'pod') return undefined;
    // Cluster DNS: search <ns>.svc.cluster.local, svc.cluster.local, cluster.local.
    const ns = origin.pod.metadata.namespace as string;
    const parts = h.replace(/\.cluster\.local$/, '').split('.');
    const [name, namespace = ns, svc] = parts;
    if (parts.length > 3 || (svc !== undefined && svc !== 'svc') || name === undefined) return undefined;
    const service = this.#service(namespace, name);
    if (!service) return undefined;
    if (service.spec?.clusterIP === 'None') return this.endpoints(service).map((e) => e.ip);
    return service.spec?.clusterIP ? [service.spec.clusterIP as string] : undefined;
  }

  #service(namespace: string, name: string): KObject | undefined {
    const api = this.world.cluster.api;
    const s = api.get(api.resourceOf('Service'), namespace, name);
    return 'metadata' in s ? s : undefined;
  }

  /**
   * The pods a Service sends traffic to: ready, not terminating, matching its selector. (One place,
   * so that it can read Endpoints objects once the API server keeps them.)
   */
  endpoints(service: KObject): Array<{ pod: KObject; ip: string }> {
    const selector = service.spec?.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) return [];
    const api = this.world.cluster.api;
    return api.list(api.resourceOf('Pod'), service.metadata.namespace as string)
      .filter((p) => selectorMatches({ matchLabels: selector }, p.metadata.labels) && !p.metadata.deletionTimestamp && p.status?.podIP
        && (p.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True'))
      .map((pod) => ({ pod, ip: pod.status.podIP as string }));
  }

  /** Send one request from `origin`. */
  request(origin: Origin, req: Request): Exchange {
    if (origin.kind === 'offline') return { kind: 'unresolved' };
    const ips = this.resolve(origin, req.host);
    if (!ips || ips.length === 0) {
      const teach = origin.kind === 'laptop' && this.#anyService(req.host)
        ? `"${req.host}" is a Service name: cluster DNS answers it only inside the cluster. From the laptop, use a node's IP and the NodePort (\`kubectl get svc\`, \`kubectl get nodes -o wide\`), \`kubectl port-forward svc/${req.host.split('.')[0]} 8080:PORT\`, or curl from a pod: \`kubectl exec POD -- curl ${req.host}\`.`
        : /\./.test(req.host) && origin.kind !== 'pod' ? 'The sandbox is offline: only the simulated laptop, containers and cluster answer.' : undefined;
      return { kind: 'unresolved', ...(teach ? { teach } : {}) };
    }
    const ip = ips[0] as string;
    return this.#connect(origin, ip, req);
  }

  #anyService(host: string): boolean {
    const api = this.world.cluster.api;
    const name = host.split('.')[0] as string;
    return api.list(api.resourceOf('Service')).some((s) => s.metadata.name === name);
  }

  #connect(origin: Exclude<Origin, { kind: 'offline' }>, ip: string, req: Request): Exchange {
    const cluster = this.world.cluster;
    const loopback = LOOPBACK.has(ip);
    // Inside a container, localhost is the container (or the pod) itself.
    if (loopback && origin.kind === 'pod') return this.#toPod(origin.pod, req.port, req, ip, '127.0.0.1');
    if (loopback && origin.kind === 'docker') return this.#toProcess(this.#dockerProcess(origin.container), req.port, req, ip, '127.0.0.1');
    // The laptop itself: its loopback, and its address on the docker networks (from a container, the gateway).
    if (loopback || (origin.kind !== 'pod' && (ip === LAPTOP_ON_CLUSTER_NETWORK || ip === DOCKER_GATEWAY))) return this.#toLaptop(loopback ? ip : LAPTOP_ON_CLUSTER_NETWORK, req);
    const node = cluster.nodes.find((n) => n.spec.ip === ip);
    if (node) {
      if (req.port === API_SERVER_PORT && node.spec.controlPlane) return this.#toApiServer(ip, req);
      if (req.port === KUBELET_PORT) return req.scheme === 'https' && !req.insecure ? { kind: 'tls-untrusted', ip } : { kind: 'response', ip, response: plain(401, 'Unauthorized', req.method, this.world.now()), notes: [] };
      const service = this.#services().find((s) => ['NodePort', 'LoadBalancer'].includes(s.spec?.type) && (s.spec?.ports ?? []).some((p: Json) => p.nodePort === req.port));
      if (!service) return { kind: 'refused', ip, ms: 1 };
      const port = (service.spec.ports as Json[]).find((p) => p.nodePort === req.port) as Json;
      // kube-proxy SNATs traffic from outside to the node's own address on the pod network.
      return this.#toService(service, port, req, ip, origin.kind === 'pod' ? (origin.pod.status?.podIP as string) : `10.244.${node.spec.index}.1`);
    }
    const service = this.#services().find((s) => (s.spec?.clusterIPs ?? [s.spec?.clusterIP]).includes(ip));
    if (service) {
      if (origin.kind !== 'pod') return this.#nowhere(ip, `${ip} is a ClusterIP: it exists only inside the cluster (kube-proxy's rules on each node), so from the laptop the connection goes nowhere. Use a NodePort on a node's IP, \`kubectl port-forward svc/${service.metadata.name} 8080:${(service.spec.ports?.[0] as Json | undefined)?.port ?? 80}\`, or curl from a pod.`);
      if (service.metadata.name === 'kubernetes' && service.metadata.namespace === 'default' && req.port === 443) return this.#toApiServer(ip, req);
      const port = (service.spec.ports ?? []).find((p: Json) => p.port === req.port) as Json | undefined;
      if (!port) return this.#nowhere(ip, undefined);
      return this.#toService(service, port, req, ip, origin.pod.status?.podIP as string);
    }
    const pod = this.#pods().find((p) => p.status?.podIP === ip);
    if (pod) {
      if (origin.kind !== 'pod') return this.#nowhere(ip, `${ip} is a pod's IP on the cluster's own network, which the laptop has no route to. Use \`kubectl port-forward pod/${pod.metadata.name} 8080:PORT\`, or curl from another pod.`);
      return this.#toPod(pod, req.port, req, ip, origin.pod.status?.podIP as string);
    }
    return this.#nowhere(ip, /^10\.(96|244)\./.test(ip) ? undefined : 'The sandbox is offline: only the simulated laptop, containers and cluster answer.');
  }

  #nowhere(ip: string, teach: string | undefined): Exchange {
    return { kind: 'timeout', ip, ms: CONNECT_TIMEOUT_MS, ...(teach ? { teach } : {}) };
  }

  #services(): KObject[] {
    const api = this.world.cluster.api;
    return api.list(api.resourceOf('Service'));
  }

  #pods(): KObject[] {
    const api = this.world.cluster.api;
    return api.list(api.resourceOf('Pod'));
  }

  /** The laptop: kubectl's listeners, then containers' published ports; on its loopback or (for 0.0.0.0) any address. */
  #toLaptop(ip: string, req: Request): Exchange {
    const loop = LOOPBACK.has(ip);
    const family = ip === '::1' ? '::1' : '127.0.0.1';
    const bound = (address: string): boolean => address === '0.0.0.0' || address === '' || (loop && address === family);
    for (const l of this.listeners) {
      if (l.port !== req.port) continue;
      if (l.kind === 'proxy' && bound(l.address)) {
        if (req.scheme === 'https') return { kind: 'tls-wrong-version', ip };
        return { kind: 'response', ip, response: this.apiServer(req, true), notes: [] };
      }
      if (l.kind === 'port-forward' && l.addresses.some(bound)) {
        const pod = this.#pods().find((p) => p.metadata.namespace === l.namespace && p.metadata.name === l.pod);
        const notes = l.sameTerminal ? [`Handling connection for ${l.port}`] : [];
        if (!pod || pod.status?.phase !== 'Running') {
          // The stream to the pod is gone: kubectl reports it and the connection drops.
          return { kind: 'not-http', ip, reply: 'empty', notes };
        }
        const r = this.#toPod(pod, l.podPort, req, ip, '127.0.0.1');
        if (r.kind === 'refused') {
          // The tunnel took the connection; inside the pod nothing listens: kubectl logs why and drops it.
          const uid = String(pod.metadata.uid);
          const t = new Date(this.world.now());
          const klog = `E${String(t.getUTCMonth() + 1).padStart(2, '0')}${String(t.getUTCDate()).padStart(2, '0')} ${t.toISOString().slice(11, 23)}000    2301 portforward.go:424] "Unhandled Error" err="an error occurred forwarding ${l.port} -> ${l.podPort}: error forwarding port ${l.podPort} to pod ${uid}, uid : failed to execute portforward in network namespace \\"/var/run/netns/cni-${uid.slice(0, 8)}\\": failed to connect to localhost:${l.podPort} inside namespace \\"${uid}\\", IPv4: dial tcp4 127.0.0.1:${l.podPort}: connect: connection refused IPv6 dial tcp6 [::1]:${l.podPort}: connect: connection refused "`;
          return { kind: 'not-http', ip, reply: 'empty', notes: l.sameTerminal ? [...notes, klog] : [] };
        }
        return r.kind === 'response' ? { ...r, notes: [...notes, ...r.notes] } : r;
      }
    }
    for (const c of this.world.docker.containers) {
      if (c.exitCode !== undefined) continue;
      const b = c.ports.find((p) => p.hostPort === req.port && bound(p.hostIp));
      if (b) {
        const stored = this.world.registry(`localhost:${b.hostPort}`);
        return this.#toProcess({ ...this.#dockerProcess(c), ...(stored ? { stored } : {}) }, b.containerPort, req, ip, '172.17.0.1');
      }
    }
    return { kind: 'refused', ip, ms: 0 };
  }

  #dockerProcess(c: Container): LiveProcess {
    const env = new Map(c.image.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
    for (const [k, v] of c.request.env) env.set(k, v);
    return { image: c.image, argv: c.argv, env, hostname: c.id.slice(0, 12), files: this.world.containerFiles(c.id, c.image), workingDir: c.image.config.workingDir || '/', startedAt: c.startedAt, log: (lines) => { c.logs.push(...lines); } };
  }

  /** A pod's containers that are running now, as processes. */
  podProcesses(pod: KObject): Array<LiveProcess & { container: string }> {
    const node = pod.spec?.nodeName ? this.world.cluster.node(pod.spec.nodeName) : undefined;
    if (!node) return [];
    const out: Array<LiveProcess & { container: string }> = [];
    for (const spec of (pod.spec?.containers ?? []) as Json[]) {
      const run = node.running(pod.metadata.uid as string, spec.name);
      if (!run) continue;
      const env = new Map(run.image.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
      for (const [k, v] of run.env) env.set(k, v);
      out.push({
        image: run.image, argv: run.argv, env, hostname: pod.metadata.name as string, files: this.world.containerFiles(run.id, run.image),
        workingDir: spec.workingDir ?? (run.image.config.workingDir || '/'), startedAt: run.startedAt, container: spec.name,
        log: (lines) => node.appendLog(pod.metadata.uid as string, spec.name, lines),
      });
    }
    return out;
  }

  #toPod(pod: KObject, port: number, req: Request, ip: string, client: string): Exchange {
    for (const p of this.podProcesses(pod)) {
      const r = this.#toProcess(p, port, req, ip, client);
      if (r.kind !== 'refused') return r;
    }
    return { kind: 'refused', ip, ms: 1 };
  }

  #toProcess(p: LiveProcess, port: number, req: Request, ip: string, client: string): Exchange {
    const outcome: ServeOutcome = serve(p, port, this.#httpRequest(req, client, port));
    if (outcome.kind === 'refused') return { kind: 'refused', ip, ms: ip === '127.0.0.1' || ip === '::1' ? 0 : 1 };
    if (req.scheme === 'https') return { kind: 'tls-wrong-version', ip };
    if (outcome.kind === 'not-http') return { kind: 'not-http', ip, reply: outcome.reply };
    if (outcome.log) p.log(outcome.log);
    return { kind: 'response', ip, response: outcome.response, notes: [] };
  }

  #httpRequest(req: Request, clientIp: string, serverPort: number): HttpRequest {
    return { method: req.method, path: req.path, headers: req.headers, body: req.body, clientIp, serverPort, now: this.world.now() };
  }

  /** kube-proxy: a Service port on a ClusterIP or NodePort goes to one ready endpoint; none means REJECT. */
  #toService(service: KObject, port: Json, req: Request, ip: string, client: string): Exchange {
    const endpoints = this.endpoints(service);
    if (endpoints.length === 0) return { kind: 'refused', ip, ms: 2, teach: `Service ${service.metadata.name} has no ready endpoints: no Ready pod matches its selector (\`kubectl get pods -l ${Object.entries(service.spec.selector ?? {}).map(([k, v]) => `${k}=${v}`).join(',')}\`), so kube-proxy rejects the connection.` };
    const key = `${service.metadata.namespace}/${service.metadata.name}`;
    const turn = this.#turn.get(key) ?? 0;
    this.#turn.set(key, turn + 1);
    const chosen = endpoints[turn % endpoints.length] as { pod: KObject; ip: string };
    const target = targetPortIn(chosen.pod, port.targetPort ?? port.port);
    if (target === undefined) return { kind: 'refused', ip, ms: 2 };
    const r = this.#toPod(chosen.pod, target, req, ip, client);
    return r.kind === 'refused' ? { ...r, ms: 2 } : r;
  }

  #toApiServer(ip: string, req: Request): Exchange {
    if (req.scheme === 'http') return { kind: 'response', ip, response: plain(400, 'Client sent an HTTP request to an HTTPS server.\n', req.method, this.world.now(), false), notes: [] };
    if (!req.insecure) return { kind: 'tls-untrusted', ip };
    // system:public-info-viewer lets anyone read the version and health endpoints.
    if (/^\/(version|healthz|livez|readyz)\/?(\?.*)?$/.test(req.path)) return { kind: 'response', ip, response: this.apiServer(req, true), notes: [] };
    const body = prettyJson({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `forbidden: User "system:anonymous" cannot get path "${req.path.split('?')[0]}"`, reason: 'Forbidden', details: {}, code: 403 });
    return { kind: 'response', ip, response: jsonResponse(403, body, this.world.now()), notes: [] };
  }

  /**
   * The API server's HTTP face, as `kubectl proxy` passes it on with the admin's credentials:
   * /version, /healthz, objects and lists under /api and /apis, and the pod and service proxies
   * (`/api/v1/namespaces/default/pods/NAME:8080/proxy/`). JSON is pretty-printed, as the API
   * server does for curl.
   */
  apiServer(req: Request, authenticated: boolean): HttpResponse {
    const now = this.world.now();
    const [path = '/'] = req.path.split('?');
    if (!authenticated) return jsonResponse(403, prettyJson(status(403, 'Forbidden', `forbidden: User "system:anonymous" cannot get path "${path}"`)), now);
    if (path === '/version' || path === '/version/') return jsonResponse(200, prettyJson(VERSION_INFO), now);
    if (/^\/(healthz|livez|readyz)\/?$/.test(path)) return plain(200, 'ok', req.method, now);
    const proxied = /^\/api\/v1\/namespaces\/([^/]+)\/(pods|services)\/([^/]+)\/proxy(\/.*)?$/.exec(path);
    if (proxied) return this.#apiProxy(proxied[1] as string, proxied[2] as 'pods' | 'services', decodeURIComponent(proxied[3] as string), `${proxied[4] ?? '/'}${req.path.includes('?') ? `?${req.path.split('?')[1]}` : ''}`, req);
    if (path === '/api' || path === '/api/') return jsonResponse(200, prettyJson({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '172.18.0.2:6443' }] }), now);
    if (path === '/') return jsonResponse(200, prettyJson({ paths: ['/api', '/api/v1', '/apis', '/apis/', ...[...new Set(RESOURCES.filter((r) => r.group).map((r) => `/apis/${r.group}`))].flatMap((g) => [g, `${g}/v1`]), '/healthz', '/livez', '/readyz', '/version'].sort() }), now);
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))(?:\/namespaces\/([^/]+))?\/([^/]+)(?:\/([^/]+))?\/?$/.exec(path);
    const type = m ? RESOURCES.find((r) => r.resource === m[5] && (m[1] ? r.group === '' && r.version === 'v1' : r.group === m[2] && r.version === m[3])) : undefined;
    if (!m || !type || (m[4] !== undefined && !type.namespaced)) {
      // Namespaced paths for a namespace object itself: /api/v1/namespaces/default.
      const ns = /^\/api\/v1\/namespaces\/([^/]+)\/?$/.exec(path);
      if (ns) return this.#object(RESOURCES.find((r) => r.kind === 'Namespace') as ResourceType, undefined, ns[1] as string, now);
      return jsonResponse(404, prettyJson(status(404, 'NotFound', 'the server could not find the requested resource', {})), now);
    }
    if (m[6] !== undefined) return this.#object(type, m[4], decodeURIComponent(m[6]), now);
    const api = this.world.cluster.api;
    const items = api.list(type, m[4]).map(wireOrder);
    return jsonResponse(200, prettyJson({ kind: `${type.kind}List`, apiVersion: apiVersionOf(type), metadata: { resourceVersion: String(this.world.cluster.store.revision) }, items }), now);
  }

  #object(type: ResourceType, namespace: string | undefined, name: string, now: number): HttpResponse {
    const api = this.world.cluster.api;
    const obj = api.get(type, namespace, name);
    if (!('metadata' in obj)) return jsonResponse(404, prettyJson(status(404, 'NotFound', `${type.group ? `${type.resource}.${type.group}` : type.resource} "${name}" not found`, { name, ...(type.group ? { group: type.group } : {}), kind: type.resource })), now);
    return jsonResponse(200, prettyJson(wireOrder(obj)), now);
  }

  /** `/api/v1/namespaces/NS/pods/NAME[:PORT]/proxy/…` and the services one: the API server connects to the pod for you. */
  #apiProxy(namespace: string, kind: 'pods' | 'services', id: string, rest: string, req: Request): HttpResponse {
    const now = this.world.now();
    const parts = id.split(':');
    const [scheme, name, port] = parts.length === 3 ? parts : parts[0] === 'http' || parts[0] === 'https' ? [parts[0], parts[1], undefined] : ['http', parts[0], parts[1]];
    const api = this.world.cluster.api;
    const unreachable = (dial: string): HttpResponse => jsonResponse(503, prettyJson(status(503, 'ServiceUnavailable', `error trying to reach service: ${dial}`)), now);
    const forwarded: Request = { ...req, path: rest, headers: [...req.headers.filter(([k]) => k.toLowerCase() !== 'host'), ['X-Forwarded-For', '127.0.0.1']] };
    const answer = (x: Exchange, ip: string, p: number): HttpResponse => {
      if (x.kind === 'response') return x.response;
      if (x.kind === 'refused') return unreachable(`dial tcp ${ip}:${p}: connect: connection refused`);
      if (x.kind === 'not-http') return unreachable(x.reply === 'empty' ? 'EOF' : `malformed HTTP response "-ERR wrong number of arguments for 'get' command"`);
      return unreachable(`dial tcp ${ip}:${p}: i/o timeout`);
    };
    if (kind === 'pods') {
      const pod = api.get(api.resourceOf('Pod'), namespace, name as string);
      if (!('metadata' in pod)) return jsonResponse(404, prettyJson(status(404, 'NotFound', `pods "${name}" not found`, { name, kind: 'pods' })), now);
      // pod.ResourceLocation: no port named, the first declared containerPort; none at all, port 80.
      const declared = ((pod.spec?.containers ?? []) as Json[]).flatMap((c) => c.ports ?? [])[0]?.containerPort as number | undefined;
      const target = port !== undefined ? resolvePodPort(pod, port) : declared ?? 80;
      const ip = pod.status?.podIP as string | undefined;
      if (!ip) return jsonResponse(400, prettyJson(status(400, 'BadRequest', 'address not allowed')), now);
      if (target === undefined) return unreachable(`dial tcp ${ip}:${port}: connect: connection refused`);
      return answer(this.#toPod(pod, target, { ...forwarded, scheme: scheme as 'http' | 'https' }, ip, '172.18.0.2'), ip, target);
    }
    const service = this.#service(namespace, name as string);
    if (!service) return jsonResponse(404, prettyJson(status(404, 'NotFound', `services "${name}" not found`, { name, kind: 'services' })), now);
    const ports = (service.spec?.ports ?? []) as Json[];
    const sp = port === undefined ? ports[0] : ports.find((p) => String(p.port) === port || p.name === port);
    if (!sp) return jsonResponse(503, prettyJson(status(503, 'ServiceUnavailable', `no endpoints available for service "${name}"`)), now);
    const endpoints = this.endpoints(service);
    if (endpoints.length === 0) return jsonResponse(503, prettyJson(status(503, 'ServiceUnavailable', `no endpoints available for service "${name}"`)), now);
    const chosen = endpoints[0] as { pod: KObject; ip: string };
    const target = targetPortIn(chosen.pod, sp.targetPort ?? sp.port) ?? 80;
    return answer(this.#toPod(chosen.pod, target, { ...forwarded, scheme: scheme as 'http' | 'https' }, chosen.ip, '172.18.0.2'), chosen.ip, target);
  }
}

type DistributiveOmit<T, K extends keyof T> = T extends unknown ? Omit<T, K> : never;

/** A process that can print to its container's log (a server logging the requests it answers). */
export type LiveProcess = Process & { readonly log: (lines: readonly string[]) => void };

/** A Service's targetPort in one pod: a number, or a container port's name. */
export function targetPortIn(pod: KObject, target: number | string): number | undefined {
  if (typeof target === 'number') return target;
  if (/^\d+$/.test(target)) return Number(target);
  return resolvePodPort(pod, target);
}

function resolvePodPort(pod: KObject, port: string): number | undefined {
  if (/^\d+$/.test(port)) return Number(port);
  const named = ((pod.spec?.containers ?? []) as Json[]).flatMap((c) => c.ports ?? []).find((p: Json) => p.name === port);
  return named?.containerPort;
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

/** Go's json.MarshalIndent with two spaces, as the API server pretty-prints for curl. */
function prettyJson(v: unknown): string {
  return JSON.stringify(v, null, 2).replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
}

/** An object with its fields in the API's wire order: kind, apiVersion, metadata, spec, status. */
function wireOrder(obj: KObject): Json {
  const { kind, apiVersion, metadata, spec, status: st, ...rest } = obj as Json;
  const { name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers, ...more } = metadata ?? {};
  const meta = Object.fromEntries(Object.entries({ name, generateName, namespace, uid, resourceVersion, generation, creationTimestamp, deletionTimestamp, deletionGracePeriodSeconds, labels, annotations, ownerReferences, finalizers, ...more }).filter(([, v]) => v !== undefined));
  return Object.fromEntries(Object.entries({ kind, apiVersion, metadata: meta, ...rest, spec, status: st }).filter(([, v]) => v !== undefined));
}

function jsonResponse(code: number, body: string, now: number): HttpResponse {
  return { status: code, reason: reasonPhrase(code), headers: [['Audit-Id', '3f9b2c71-5d0e-4b8a-9c6f-1e2d3c4b5a69'], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'application/json'], ['Date', httpDate(now)], ['Content-Length', String(new TextEncoder().encode(body).length)]], body };
}

function plain(code: number, body: string, method: string, now: number, kube = true): HttpResponse {
  const headers: Array<readonly [string, string]> = kube
    ? [['Audit-Id', '3f9b2c71-5d0e-4b8a-9c6f-1e2d3c4b5a69'], ['Cache-Control', 'no-cache, private'], ['Content-Type', 'text/plain; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], ['Date', httpDate(now)], ['Content-Length', String(body.length)]]
    : [['Content-Type', 'text/plain; charset=utf-8'], ['Connection', 'close']];
  return { status: code, reason: reasonPhrase(code), headers, body: method === 'HEAD' ? '' : body };
}

