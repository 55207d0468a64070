/**
 * `kubectl proxy` and `kubectl port-forward`: both serve on the laptop until stopped. In a real
 * terminal they hold it (tutorials open a second one); in the sandbox they keep serving in the
 * background as jobs of the shell, so that `curl localhost:8001/…` or `curl localhost:8080` in the
 * next commands reaches them. Their first lines are kubectl's own
 * (staging/src/k8s.io/kubectl/pkg/cmd/proxy/proxy.go, …/portforward/portforward.go and
 * client-go's tools/portforward).
 */
import type { Json, KObject } from '../../sim/cluster/objects.ts';
import { targetPortIn } from '../../sim/network.ts';
import type { CommandContext } from '../context.ts';
import { flag, flagAll, type ParsedFlags } from '../flags.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { findObject, isResult, namespaceOf } from './common.ts';
import { podFor } from './inspect.ts';

/** `kubectl proxy [--port=8001] [--address=127.0.0.1]` */
export function proxy(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length > 0) return result([err(`error: unknown command "${args[0]}" for "kubectl proxy"`)], 1);
  const address = flagAll(p, 'address').at(-1) ?? '127.0.0.1';
  const portText = flag(p, 'port') ?? '8001';
  if (!/^\d+$/.test(portText) || Number(portText) > 65535) return result([err(`error: invalid argument "${portText}" for "-p, --port" flag: strconv.ParseInt: parsing "${portText}": invalid syntax`)], 1);
  const port = Number(portText) === 0 ? ctx.world.network.freePort() : Number(portText);
  const listener = ctx.world.network.listen({ kind: 'proxy', address, port });
  if (!listener) return result([err(`error: listen tcp ${address}:${port}: bind: address already in use`)], 1);
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'kubectl', action: `proxy on ${address}:${port}`, why: 'listens on the laptop and passes each request on to the API server with your kubeconfig\'s credentials' });
  return { lines: [out(`Starting to serve on ${address}:${port}`)], exitCode: 0, service: { name: 'kubectl proxy', stop: () => ctx.world.network.close(listener.id) } };
}

/** `kubectl port-forward TYPE/NAME [LOCAL:]REMOTE…` */
export function portForward(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const [target, ...specs] = args;
  if (!target || specs.length === 0) return result([err('error: TYPE/NAME and list of ports are required for port-forward'), err("See 'kubectl port-forward -h' for help and examples")], 1);
  const ns = namespaceOf(ctx, p);
  const slash = target.indexOf('/');
  const kind = slash < 0 ? 'pod' : target.slice(0, slash).toLowerCase();
  const name = slash < 0 ? target : target.slice(slash + 1);
  let pod: KObject;
  let service: KObject | undefined;
  if (['svc', 'service', 'services'].includes(kind)) {
    service = findObject(ctx, ctx.world.cluster.api.resourceOf('Service'), ns, name);
    if (!service) return result([err(`Error from server (NotFound): services "${name}" not found`)], 1);
    const selector = service.spec?.selector as Record<string, string> | undefined;
    if (!selector || Object.keys(selector).length === 0) return result([err(`error: cannot attach to *v1.Service: invalid service '${name}': Service is defined without a selector`)], 1);
    const api = ctx.world.cluster.api;
    const pods = api.list(api.resourceOf('Pod'), ns).filter((x) => Object.entries(selector).every(([k, v]) => x.metadata.labels?.[k] === v));
    const chosen = mostActive(pods);
    if (!chosen) return result([err('error: timed out waiting for the condition')], 1);
    pod = chosen;
  } else if (['pod', 'pods', 'po'].includes(kind)) {
    const found = findObject(ctx, ctx.world.cluster.api.resourceOf('Pod'), ns, name);
    if (!found) return result([err(`Error from server (NotFound): pods "${name}" not found`)], 1);
    pod = found;
  } else {
    const found = podFor(target, ctx, p);
    if (isResult(found)) return found;
    pod = found.pod;
  }
  if (pod.status?.phase !== 'Running') return result([err(`error: unable to forward port because pod is not running. Current status=${pod.status?.phase ?? 'Pending'}`)], 1);
  const addresses = (flagAll(p, 'address').join(',') || 'localhost').split(',').flatMap((a) => (a === 'localhost' ? ['127.0.0.1', '::1'] : [a]));
  const mappings: Array<{ local: number; remote: number }> = [];
  for (const spec of specs) {
    const m = /^(\d*):?([^:]+)$/.exec(spec);
    if (!m || (m[1] !== '' && Number(m[1]) > 65535)) return result([err(`error: Error parsing local port '${spec.split(':')[0]}': strconv.ParseUint: parsing "${spec.split(':')[0]}": invalid syntax`)], 1);
    const remoteText = m[2] as string;
    let remote: number | undefined;
    if (service) {
      const sp = ((service.spec?.ports ?? []) as Json[]).find((x) => String(x.port) === remoteText || x.name === remoteText);
      if (!sp) return result([err(`error: Service ${name} does not have a service port ${remoteText}`)], 1);
      remote = targetPortIn(pod, sp.targetPort ?? sp.port);
    } else {
      remote = targetPortIn(pod, remoteText);
      if (remote === undefined) return result([err(`error: Pod '${pod.metadata.name}' does not have a named port '${remoteText}'`)], 1);
    }
    if (remote === undefined) return result([err(`error: Service ${name} does not have a service port ${remoteText}`)], 1);
    const local = spec.includes(':') ? (m[1] === '' ? ctx.world.network.freePort() : Number(m[1])) : Number(remoteText);
    mappings.push({ local, remote });
  }
  const lines: Line[] = [];
  const opened: number[] = [];
  for (const { local, remote } of mappings) {
    const listener = ctx.world.network.listen({ kind: 'port-forward', addresses, port: local, namespace: ns, pod: pod.metadata.name as string, podPort: remote, sameTerminal: false });
    if (!listener) {
      for (const id of opened) ctx.world.network.close(id);
      const errors = addresses.map((a) => `unable to create listener: Error listen tcp${a.includes(':') ? '6' : '4'} ${a.includes(':') ? `[${a}]` : a}:${local}: bind: address already in use`).join(' ');
      return result([...lines, err(`Unable to listen on port ${local}: Listeners failed to create with the following errors: [${errors}]`), err(`error: unable to listen on any of the requested ports: [{${local} ${remote}}]`)], 1);
    }
    opened.push(listener.id);
    for (const a of addresses) lines.push(out(`Forwarding from ${a.includes(':') ? `[${a}]` : a}:${local} -> ${remote}`));
  }
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'kubectl', action: `port-forward to ${pod.metadata.name}`, why: `listens on the laptop and tunnels each connection through the API server and the kubelet on ${pod.spec?.nodeName} into the pod` });
  return {
    lines, exitCode: 0,
    service: {
      name: 'kubectl port-forward',
      stop: () => { for (const id of opened) ctx.world.network.close(id); },
      inTerminal: () => { for (const id of opened) ctx.world.network.showIn(id); },
    },
  };
}

/** The pod kubectl attaches to: running and ready first, then the oldest (podutils.ActivePods, reversed). */
function mostActive(pods: readonly KObject[]): KObject | undefined {
  const ready = (x: KObject): number => ((x.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True') ? 1 : 0);
  const running = (x: KObject): number => (x.status?.phase === 'Running' ? 1 : 0);
  return [...pods].filter((x) => !x.metadata.deletionTimestamp).sort((a, b) => running(b) - running(a) || ready(b) - ready(a)
    || String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)) || String(a.metadata.name).localeCompare(String(b.metadata.name)))[0];
}
