/**
 * `kubectl expose (-f FILE | TYPE NAME)`: a new Service for a pod, a service, a replication
 * controller, a deployment or a replica set, as kubectl 1.32 builds it (staging/src/k8s.io/kubectl
 * pkg/cmd/expose/expose.go, RunExpose and createService; pkg/polymorphichelpers canbeexposed.go,
 * mapbasedselectorforobject.go, portsforobject.go, protocolsforobject.go). kubectl derives what
 * the flags do not say — the selector, the ports, their protocols, the labels — from the object it
 * read (the server's copy, or the file's with -f) and sends the Service; the server defaults the
 * rest (type ClusterIP, an IP).
 */
import { withLastApplied } from '../../sim/cluster/api-server.ts';
import { podSpecOf, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { err, result, type CommandResult, type Line } from '../result.ts';
import { dryRunOf, isResult, namespaceOf, noResourcesGiven, resolveObjects } from './common.ts';
import { readManifests } from './manifests.ts';
import { printGenerated } from './mutate.ts';

/** The kinds canBeExposed allows (the extensions/v1beta1 ones are no longer served). */
const EXPOSABLE: readonly string[] = ['Pod', 'Service', 'ReplicationController', 'Deployment', 'ReplicaSet'];

/** What kubectl takes from the exposed object when a flag does not say it (mapBasedSelectorForObject). */
function selectorOf(obj: KObject): Record<string, string> | string {
  switch (obj.kind) {
    case 'ReplicationController': return obj.spec?.selector ?? {};
    case 'Pod':
      if (!obj.metadata.labels || Object.keys(obj.metadata.labels).length === 0) return 'the pod has no labels and cannot be exposed';
      return obj.metadata.labels;
    case 'Service':
      if (!obj.spec?.selector) return 'the service has no pod selector set';
      return obj.spec.selector;
    default: {
      const what = obj.kind === 'Deployment' ? 'deployment' : 'replicaset';
      const sel = obj.spec?.selector;
      if (!sel?.matchLabels || Object.keys(sel.matchLabels).length === 0) return `invalid ${what}: no selectors, therefore cannot be exposed`;
      if (sel.matchExpressions?.length) return `couldn't convert expressions - "${goExpressions(sel.matchExpressions)}" to map-based selector format`;
      return sel.matchLabels;
    }
  }
}

/** Go's `%+v` of []metav1.LabelSelectorRequirement. */
function goExpressions(reqs: Json[]): string {
  return `[${reqs.map((r) => `{Key:${r.key} Operator:${r.operator} Values:[${(r.values ?? []).join(' ')}]}`).join(' ')}]`;
}

/** The ports (each once, in order) and their protocols: a service's own ports, else its pods' container ports. */
function portsOf(obj: KObject): Array<{ port: string; protocol: string }> {
  const found: Array<{ port: string; protocol: string }> = [];
  const add = (port: unknown, protocol: unknown): void => {
    const key = String(port);
    const known = found.find((f) => f.port === key);
    // protocolsForObject keeps the last protocol named for a port, portsForObject the first place it appears.
    if (known) known.protocol = String(protocol || 'TCP'); else found.push({ port: key, protocol: String(protocol || 'TCP') });
  };
  if (obj.kind === 'Service') for (const p of obj.spec?.ports ?? []) add(p.port, p.protocol);
  else for (const c of podSpecOf(obj)?.containers ?? []) for (const p of c.ports ?? []) add(p.containerPort, p.protocol);
  return found;
}

/** parseLabels: `k=v,k2=v2`, each with exactly one `=` and a key. */
function parseLabels(spec: string): Record<string, string> | string {
  const labels: Record<string, string> = {};
  for (const part of spec.split(',')) {
    const kv = part.split('=');
    if (kv.length !== 2) return `unexpected label spec: ${part}`;
    if (!kv[0]) return 'unexpected empty label key';
    labels[kv[0]] = kv[1] as string;
  }
  return labels;
}

const failed = (message: string): CommandResult => result([err(`error: ${message}`)], 1);

/** One Service for one exposed object (createService); a string is kubectl's error. */
function serviceFor(obj: KObject, p: ParsedFlags, ns: string): Json | string {
  const selectorFlag = flag(p, 'selector');
  const selector = selectorFlag ? parseLabels(selectorFlag) : selectorOf(obj);
  if (typeof selector === 'string') return selectorFlag ? selector : `couldn't retrieve selectors via --selector flag or introspection: ${selector}`;
  const headless = flag(p, 'cluster-ip') === 'None';
  const objectPorts = portsOf(obj);
  const portFlag = flag(p, 'port');
  const portList = portFlag ? [portFlag] : objectPorts.map((x) => x.port);
  if (portList.length === 0 && !headless) return "couldn't find port via --port flag or introspection";
  const labelsFlag = flag(p, 'labels');
  const labels = labelsFlag ? parseLabels(labelsFlag) : obj.metadata.labels && Object.keys(obj.metadata.labels).length ? { ...obj.metadata.labels } : undefined;
  if (typeof labels === 'string') return labels;
  const protocolFlag = flag(p, 'protocol');
  const ports: Json[] = [];
  for (const [i, text] of portList.entries()) {
    if (!/^[-+]?\d+$/.test(text)) return `strconv.Atoi: parsing "${text}": invalid syntax`;
    // Several ports need a name each; the protocol is the flag's, else the object's for that port, else TCP.
    const protocol = protocolFlag || objectPorts.find((x) => x.port === text)?.protocol || 'TCP';
    ports.push({ ...(portList.length > 1 ? { name: `port-${i + 1}` } : {}), port: Number(text), protocol });
  }
  const target = flag(p, 'target-port');
  for (const port of ports) port.targetPort = target ? (/^\d+$/.test(target) ? Number(target) : target) : port.port;
  const spec: Json = { ports, selector };
  const type = flag(p, 'type');
  if (type) spec.type = type;
  const externalIp = flag(p, 'external-ip');
  if (externalIp) spec.externalIPs = [externalIp];
  if (type === 'LoadBalancer' && flag(p, 'load-balancer-ip')) spec.loadBalancerIP = flag(p, 'load-balancer-ip');
  const affinity = flag(p, 'session-affinity');
  if (affinity) {
    if (affinity !== 'None' && affinity !== 'ClientIP') return `unknown session affinity: ${affinity}`;
    spec.sessionAffinity = affinity;
  }
  const clusterIp = flag(p, 'cluster-ip');
  if (clusterIp) spec.clusterIP = clusterIp;
  // The object's name, cut to a DNS-1035 label's 63 characters.
  const name = flag(p, 'name') || (obj.metadata.name as string).slice(0, 63);
  const metadata: Json = { creationTimestamp: null, ...(labels ? { labels } : {}), name };
  if (flag(p, 'namespace') !== undefined) metadata.namespace = ns;
  return { apiVersion: 'v1', kind: 'Service', metadata, spec, status: { loadBalancer: {} } };
}

export function expose(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const ns = namespaceOf(ctx, p);
  const files = flagAll(p, 'filename');
  let objects: KObject[];
  const lines: Line[] = [];
  if (files.length > 0) {
    // With -f the builder hands over the file's objects as written (no trip to the server).
    const read = readManifests(ctx, files, ctx.stdin, bool(p, 'recursive'));
    if (!read.ok) return result([err(read.error)], 1);
    objects = read.docs.map((d) => d.object as KObject);
  } else {
    if (args.length === 0) return noResourcesGiven();
    // --selector is the new Service's, not a filter on what to expose.
    const found = resolveObjects(args, ctx, { ...p, values: new Map([...p.values].filter(([k]) => k !== 'selector')) });
    if (isResult(found)) return found;
    lines.push(...found.errors);
    objects = found.objects;
  }
  for (const obj of objects) {
    const type = resourceByKind(obj.kind, obj.apiVersion);
    if (!type || !EXPOSABLE.includes(obj.kind)) return result([...lines, err(`error: cannot expose a ${type?.group ? `${obj.kind}.${type.group}` : obj.kind}`)], 1);
    const svc = serviceFor(obj, p, ns);
    if (typeof svc === 'string') return result([...lines, ...failed(svc).lines], 1);
    const sent = bool(p, 'save-config') && dry !== 'client' ? withLastApplied(svc as KObject) : svc;
    const r = printGenerated(sent, p, resourceByKind('Service') as ResourceType, ctx, dry, undefined, 'expose');
    lines.push(...r.lines);
    if (r.exitCode !== 0) return result(lines, r.exitCode);
  }
  return result(lines, lines.some((l) => l.stream === 'err') ? 1 : 0);
}
