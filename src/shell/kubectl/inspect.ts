/**
 * Looking inside: `kubectl logs` (read from the kubelet), `kubectl exec`, and the views below
 * the API — `etcdctl` on the control plane's store and `crictl` on a node's runtime — so a
 * learner can see that the cluster's state is keys in etcd and that images live on each node.
 */
import { runArgv, type ExecContext } from '../../sim/exec.ts';
import { hexOf } from '../../sim/digest.ts';
import { podIsReady } from '../../sim/cluster/controllers.ts';
import { parseLabelSelector, selectorMatches, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { qualifiedResource, type ResourceType } from '../../sim/cluster/resources.ts';
import { imageSize } from '../../sim/image.ts';
import { familiarRepository, parseReference } from '../../sim/image-ref.ts';
import { humanDuration, humanSize } from '../../sim/units.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, type ParsedFlags } from '../flags.ts';
import { table } from '../format/table.ts';
import { err, hint, out, result, type CommandResult, type Line, type LiveFeed } from '../result.ts';
import { findObject, isResult, namespaceOf, notFoundLine, parseTargets } from './common.ts';
import { toJson } from './output.ts';
import { isBareShell, runScript, shellFlavour } from '../container-shell.ts';

/** Go's %T of the typed object kubectl decoded: `*v1.CronJob` (every kind it knows is in a v1 package). */
const goType = (kind: string): string => `*v1.${kind}`;

/** The pods a controller (or a Service) selects, by SelectorsForObject; or why it has none. */
function selectorFor(obj: KObject): ((labels: Record<string, string> | undefined) => boolean) | string {
  if (['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'].includes(obj.kind)) return (l) => selectorMatches(obj.spec?.selector, l);
  if (obj.kind === 'Service') {
    const sel = obj.spec?.selector as Record<string, string> | undefined;
    if (!sel || Object.keys(sel).length === 0) return `invalid service '${obj.metadata.name}': Service is defined without a selector`;
    return (l) => Object.entries(sel).every(([k, v]) => l?.[k] === v);
  }
  return `selector for ${goType(obj.kind)} not implemented`;
}

const phaseRank = (order: Record<string, number>, p: KObject): number => order[p.status?.phase ?? ''] ?? 0;
const readySince = (p: KObject): number => Date.parse((p.status?.conditions ?? []).find((c: Json) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '') || Infinity;
const maxRestarts = (p: KObject): number => Math.max(0, ...(p.status?.containerStatuses ?? []).map((c: Json) => c.restartCount ?? 0));
const created = (p: KObject): number => Date.parse(p.metadata.creationTimestamp ?? '') || Infinity;

/** podutils.ByLogging: the pod whose logs say most — scheduled, running, ready longest, most restarted, oldest. */
function byLogging(a: KObject, b: KObject): number {
  const sa = Boolean(a.spec?.nodeName);
  const sb = Boolean(b.spec?.nodeName);
  if (sa !== sb) return sa ? -1 : 1;
  const order = { Running: 0, Unknown: 1, Pending: 2 };
  if (phaseRank(order, a) !== phaseRank(order, b)) return phaseRank(order, a) - phaseRank(order, b);
  if (podIsReady(a) !== podIsReady(b)) return podIsReady(a) ? -1 : 1;
  if (podIsReady(a) && readySince(a) !== readySince(b)) return readySince(a) - readySince(b);
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(b) - maxRestarts(a);
  return created(a) - created(b);
}

/** sort.Reverse(podutils.ActivePods): the pod to attach to — scheduled, running, ready, not going away, least restarted, oldest. */
function mostActive(a: KObject, b: KObject): number {
  const sa = Boolean(a.spec?.nodeName);
  const sb = Boolean(b.spec?.nodeName);
  if (sa !== sb) return sa ? -1 : 1;
  const order = { Pending: 0, Unknown: 1, Running: 2 };
  if (phaseRank(order, a) !== phaseRank(order, b)) return phaseRank(order, b) - phaseRank(order, a);
  if (podIsReady(a) !== podIsReady(b)) return podIsReady(a) ? -1 : 1;
  const da = Boolean(a.metadata.deletionTimestamp);
  const db = Boolean(b.metadata.deletionTimestamp);
  if (da !== db) return da ? 1 : -1;
  if (maxRestarts(a) !== maxRestarts(b)) return maxRestarts(a) - maxRestarts(b);
  return created(a) - created(b);
}

/** How long kubectl waits for a controller's first pod (--pod-running-timeout's default). */
const POD_RUNNING_TIMEOUT_MS = 20_000;

/**
 * The pod a `logs`/`exec`/`port-forward` target names: a pod, or one of the pods a controller or
 * Service selects (polymorphichelpers logsForObject / attachablePodForObject), waiting a while
 * for one to appear.
 */
export function podFor(arg: string, ctx: CommandContext, p: ParsedFlags, verb: 'logs' | 'exec' = 'exec'): { pod: KObject; note?: Line } | CommandResult {
  const api = ctx.world.cluster.api;
  const ns = namespaceOf(ctx, p);
  if (arg.includes('/')) {
    const t = parseTargets([arg]);
    if (isResult(t)) return t;
    const target = t[0] as { type: ResourceType; names: string[] };
    if (target.type.kind !== 'Pod') {
      const owner = findObject(ctx, target.type, ns, target.names[0] as string);
      if (!owner) return result([err(`error: error from server (NotFound): ${qualifiedResource(target.type)} "${target.names[0]}" not found in namespace "${ns}"`)], 1);
      const selects = selectorFor(owner);
      if (typeof selects === 'string') return result([err(`error: cannot ${verb === 'logs' ? 'get the logs from' : 'attach to'} ${goType(owner.kind)}: ${selects}`)], 1);
      let pods: KObject[] = [];
      for (let waited = 0; ; waited += 1000) {
        pods = api.list(api.resourceOf('Pod'), ns).filter((pod) => selects(pod.metadata.labels));
        if (pods.length > 0 || waited >= POD_RUNNING_TIMEOUT_MS) break;
        ctx.world.advance(1000);
      }
      if (pods.length === 0) return result([err('error: timed out waiting for the condition')], 1);
      const first = [...pods].sort(verb === 'logs' ? byLogging : mostActive)[0] as KObject;
      return { pod: first, ...(pods.length > 1 && verb === 'logs' ? { note: err(`Found ${pods.length} pods, using pod/${first.metadata.name}`) } : {}) };
    }
    arg = target.names[0] as string;
  }
  const pod = findObject(ctx, api.resourceOf('Pod'), ns, arg);
  if (!pod) return result([err(`error: error from server (NotFound): pods "${arg}" not found in namespace "${ns}"`)], 1);
  return { pod };
}

/** podcmd.AllContainerNames: the containers, then ephemeral and init ones marked so. */
function allContainerNames(pod: KObject): string {
  return [...(pod.spec?.containers ?? []).map((c: Json) => c.name), ...(pod.spec?.ephemeralContainers ?? []).map((c: Json) => `${c.name} (ephem)`), ...(pod.spec?.initContainers ?? []).map((c: Json) => `${c.name} (init)`)].join(', ');
}

/**
 * The container `-c` names, or the default one (podcmd.FindOrDefaultContainerByName and the logs
 * helper): the first, with a note when the pod has others to choose from.
 */
function containerFor(pod: KObject, p: ParsedFlags, verb: 'logs' | 'exec' = 'logs'): { name: string; note?: Line } | CommandResult {
  const names: string[] = (pod.spec?.containers ?? []).map((c: Json) => c.name);
  const initNames: string[] = (pod.spec?.initContainers ?? []).map((c: Json) => c.name);
  const want = flag(p, 'container');
  if (want !== undefined) {
    if (!names.includes(want) && !initNames.includes(want)) return result([err(verb === 'logs' ? `error: container ${want} is not valid for pod ${pod.metadata.name}` : `error: container ${want} not found in pod ${pod.metadata.name}`)], 1);
    return { name: want };
  }
  const others = names.length > 1 || initNames.length > 0 || (pod.spec?.ephemeralContainers ?? []).length > 0;
  if (others && !bool(p, 'quiet')) return { name: names[0] as string, note: err(`Defaulted container "${names[0]}" out of: ${allContainerNames(pod)}`) };
  return { name: names[0] as string };
}

/** One container's log, as the kubelet answers it, or the API server's error for it. */
function containerLog(pod: KObject, container: string, ctx: CommandContext, p: ParsedFlags, tailLines: number | undefined): { lines: string[] } | { error: Line[] } {
  const status = [...(pod.status?.containerStatuses ?? []), ...(pod.status?.initContainerStatuses ?? [])].find((s: Json) => s.name === container);
  const node = pod.spec?.nodeName ? ctx.world.cluster.node(pod.spec.nodeName) : undefined;
  const previous = bool(p, 'previous');
  const lines = node?.logs(pod.metadata.uid as string, container, previous);
  if (previous && (lines === undefined || (status?.restartCount ?? 0) === 0)) {
    return { error: [err(`Error from server (BadRequest): previous terminated container "${container}" in pod "${pod.metadata.name}" not found`)] };
  }
  const waiting = status?.state?.waiting?.reason as string | undefined;
  if (!previous && (!status || (!status.state?.running && !status.state?.terminated && (status.restartCount ?? 0) === 0))) {
    const why = waiting === 'ImagePullBackOff' ? 'trying and failing to pull image' : waiting === 'ErrImagePull' ? 'image can\'t be pulled' : waiting ?? 'ContainerCreating';
    const teach = waiting === 'ImagePullBackOff' || waiting === 'ErrImagePull' || waiting === 'InvalidImageName' || waiting === 'ErrImageNeverPull'
      ? [hint(`The container never started, so it has no logs: \`kubectl describe pod ${pod.metadata.name}\` shows why the image could not be pulled.`)] : [];
    return { error: [err(`Error from server (BadRequest): container "${container}" in pod "${pod.metadata.name}" is waiting to start: ${why}`), ...teach] };
  }
  const all = lines ?? [];
  return { lines: tailLines === undefined || tailLines < 0 ? all : tailLines === 0 ? [] : all.slice(-tailLines) };
}

/**
 * `kubectl logs (POD | TYPE/NAME | -l SELECTOR) [-c C | --all-containers] [--prefix]`
 * (cmd/logs/logs.go, polymorphichelpers/logsforobject.go): one request per pod and container,
 * read one after another; with a selector, the last 10 lines of each unless --tail says otherwise.
 */
export function logs(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const selector = flag(p, 'selector');
  const usage = (msg: string[]): CommandResult => result([...msg.map(err), err("See 'kubectl logs -h' for help and examples")], 1);
  if (args.length === 0 && selector === undefined) return usage(['error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.', 'POD or TYPE/NAME is a required argument for the logs command']);
  if (args.length === 1 && selector !== undefined) return usage(['error: only a selector (-l) or a POD name is allowed']);
  if (args.length > 2) return usage(['error: expected \'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]\'.', 'POD or TYPE/NAME is a required argument for the logs command']);
  if (args.length === 2 && flag(p, 'container') !== undefined) return result([err('error: only one of -c or an inline [CONTAINER] arg is allowed')], 1);
  const allContainers = bool(p, 'all-containers');
  if (allContainers && (flag(p, 'container') ?? args[1]) !== undefined) return result([err(`error: --all-containers=true should not be specified with container name ${flag(p, 'container') ?? args[1]}`)], 1);
  const tailText = flag(p, 'tail');
  if (tailText !== undefined && !/^-?\d+$/.test(tailText)) return result([err(`error: invalid argument "${tailText}" for "--tail" flag: strconv.ParseInt: parsing "${tailText}": invalid syntax`), err("See 'kubectl logs --help' for usage.")], 1);
  if (tailText !== undefined && Number(tailText) < -1) return result([err('error: --tail must be greater than or equal to -1')], 1);
  // A selector shows the last 10 lines of each pod unless --tail was given.
  const tailLines = tailText !== undefined ? Number(tailText) : selector !== undefined ? 10 : undefined;
  const pre: Line[] = [];
  let pods: KObject[];
  if (selector !== undefined) {
    const test = parseLabelSelector(selector);
    if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
    const api = ctx.world.cluster.api;
    pods = api.list(api.resourceOf('Pod'), namespaceOf(ctx, p)).filter((x) => test(x.metadata.labels));
    if (pods.length === 0) return result([err(`No resources found in ${namespaceOf(ctx, p)} namespace.`)]);
  } else {
    const found = podFor(args[0] as string, ctx, p, 'logs');
    if (isResult(found)) return found;
    if (found.note) pre.push(found.note);
    pods = [found.pod];
  }
  const explicit = flag(p, 'container') ?? args[1];
  const requests: Array<{ pod: KObject; container: string }> = [];
  for (const pod of pods) {
    if (allContainers) {
      for (const c of [...(pod.spec?.initContainers ?? []), ...(pod.spec?.containers ?? [])] as Json[]) requests.push({ pod, container: c.name });
      continue;
    }
    const c = containerFor(pod, explicit !== undefined ? { ...p, values: new Map([...p.values, ['container', [explicit]]]) } : p);
    if (isResult(c)) return result([...pre, ...c.lines], 1);
    if (c.note) pre.push(c.note);
    requests.push({ pod, container: c.name });
  }
  const follow = bool(p, 'follow');
  const max = Number(flag(p, 'max-log-requests') ?? 5);
  if (follow && requests.length > 1 && requests.length > max) {
    return result([...pre, err(`error: you are attempting to follow ${requests.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit`)], 1);
  }
  // --prefix names each line's source: `[pod/NAME/CONTAINER] line`.
  const prefix = bool(p, 'prefix');
  const lines: Line[] = [...pre];
  for (const r of requests) {
    const got = containerLog(r.pod, r.container, ctx, p, tailLines);
    if ('error' in got) return result([...lines, ...got.error], 1);
    lines.push(...got.lines.map((l) => out(prefix ? `[pod/${r.pod.metadata.name}/${r.container}] ${l}` : l)));
  }
  if (follow && ctx.live) return { ...result(lines), live: followLogs(ctx, p, requests, prefix) };
  if (follow) lines.push(hint('kubectl logs -f keeps streaming until Ctrl-C; the sandbox shows what the container has logged so far.'));
  return result(lines);
}

/**
 * `logs -f` at a terminal: each step of the world's time, the lines the containers logged since;
 * it ends, as the real stream does, when every followed container has stopped running.
 */
function followLogs(ctx: CommandContext, p: ParsedFlags, requests: ReadonlyArray<{ pod: KObject; container: string }>, prefix: boolean): LiveFeed {
  const podType = ctx.world.cluster.api.resourceOf('Pod');
  const now = (r: { pod: KObject }): KObject | undefined => findObject(ctx, podType, r.pod.metadata.namespace as string, r.pod.metadata.name as string);
  const logged = (pod: KObject | undefined, container: string): string[] => {
    const got = pod ? containerLog(pod, container, ctx, p, undefined) : undefined;
    return got && 'lines' in got ? got.lines : [];
  };
  const shown = requests.map((r) => logged(r.pod, r.container).length);
  const running = (pod: KObject | undefined, container: string): boolean =>
    [...(pod?.status?.containerStatuses ?? []), ...(pod?.status?.initContainerStatuses ?? [])].some((c: Json) => c.name === container && c.state?.running !== undefined);
  return {
    step(ms: number) {
      ctx.world.advance(ms);
      const fresh: Line[] = [];
      let going = false;
      requests.forEach((r, i) => {
        const pod = now(r);
        const all = logged(pod, r.container);
        for (const l of all.slice(shown[i])) fresh.push(out(prefix ? `[pod/${r.pod.metadata.name}/${r.container}] ${l}` : l));
        shown[i] = all.length;
        if (running(pod, r.container)) going = true;
      });
      return { lines: fresh, done: !going, exitCode: 0 };
    },
    stop() { /* nothing held */ },
  };
}

/** The running container a `kubectl exec` reaches: its programs, files, environment and network, as the pod sees them. */
export function podExecContext(ctx: CommandContext, pod: KObject, container: string): ExecContext | undefined {
  const proc = ctx.world.network.podProcesses(pod).find((x) => x.container === container);
  if (!proc) return undefined;
  return {
    distro: proc.image.distro, files: proc.files as Map<string, string>, env: new Map(proc.env), cwd: proc.workingDir, hostname: pod.metadata.name as string,
    now: ctx.world.clock.now(), user: proc.image.config.user,
    net: { request: (req) => ctx.world.network.request({ kind: 'pod', pod }, req), advance: (ms) => ctx.world.advance(ms) },
  };
}

export function exec(args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  // exec.go: Complete (the old form without --), Validate, then the builder's lookup.
  if (args.length > 1 && afterDash.length === 0) return result([err('error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead'), err("See 'kubectl exec -h' for help and examples")], 1);
  const arg = args[0];
  if (!arg) return result([err('error: pod, type/name or --filename must be specified')], 1);
  if (afterDash.length === 0) return result([err('error: you must specify at least one command for the container')], 1);
  const targets = parseTargets(arg.includes('/') ? [arg] : ['pods', arg]);
  if (isResult(targets)) return targets;
  const target = targets[0] as { type: ResourceType; names: string[] };
  if (!findObject(ctx, target.type, namespaceOf(ctx, p), target.names[0] as string)) return result([notFoundLine(target.type, target.names[0] as string)], 1);
  const found = podFor(arg, ctx, p, 'exec');
  if (isResult(found)) return found;
  const { pod } = found;
  const c = containerFor(pod, p, 'exec');
  if (isResult(c)) return c;
  const status = (pod.status?.containerStatuses ?? []).find((s: Json) => s.name === c.name);
  if (!status?.state?.running) return result([err(`error: unable to upgrade connection: container not found ("${c.name}")`)], 1);
  const execCtx = podExecContext(ctx, pod, c.name);
  if (!execCtx) return result([err('error: unable to upgrade connection: container not found')], 1);
  const notFound = (prog: string): CommandResult => result([err(`error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${String(status.containerID ?? '').replace(/^[a-z-]+:\/\//, '').slice(0, 64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${prog}": executable file not found in $PATH: unknown`)], 1);
  const terminated = (r: CommandResult): CommandResult => (r.exitCode === 0 ? r : { ...r, lines: [...r.lines, err(`command terminated with exit code ${r.exitCode}`)] });
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'kubelet', action: `exec in ${pod.metadata.name}`, why: `the API server passed the request to the kubelet on ${pod.spec.nodeName}, which asked the container runtime to start ${afterDash[0]} inside the running container` });
  const prog = afterDash[0] as string;
  const flavour = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash)$/.test(prog) ? shellFlavour(execCtx, prog) : undefined;
  if (isBareShell(afterDash)) {
    if (!flavour) return notFound(prog);
    // Without -i the shell reads nothing and ends at once; with it, the learner types into it.
    if (!bool(p, 'stdin')) return result([]);
    return { lines: [], exitCode: 0, enter: { flavour, exec: execCtx, leave: (code) => terminated(result([], code)) } };
  }
  if (flavour && afterDash[1] === '-c') return terminated(runScript(execCtx, flavour, afterDash[2] ?? '', ctx.world));
  const r = runArgv(execCtx, afterDash);
  if (r.notFound) return notFound(prog);
  if (r.durationMs >= 1000) ctx.world.advance(r.durationMs);
  const lines: Line[] = r.output.map((text, i) => (r.errLines?.has(i) ? err(text) : out(text)));
  return terminated(result([...lines, ...(r.teach ?? []).map(hint)], r.exitCode));
}

/** `etcdctl get …` against the control plane's store (read-only, as the lesson needs). */
export function etcdctl(args: string[], ctx: CommandContext): CommandResult {
  const positional = args.filter((a) => !a.startsWith('--'));
  const flags = new Set(args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]));
  if (positional[0] !== 'get') {
    if (['put', 'del', 'delete', 'txn', 'compaction', 'defrag'].includes(positional[0] ?? '')) return result([err('Error: kubetutor\'s etcdctl is read-only: the API server is the only writer of the cluster\'s state.')], 1);
    return result([out('NAME:'), out('\tetcdctl - A simple command line client for etcd3.'), out(''), out('USAGE:'), out('\tetcdctl get [options] <key> [range_end] [flags]'), out(''), out('kubetutor simulates: etcdctl get KEY [--prefix] [--keys-only]')], positional[0] === undefined ? 0 : 1);
  }
  const key = positional[1];
  if (!key) return result([err('Error: get command needs one argument as key and an optional argument as range_end')], 1);
  const store = ctx.world.cluster.store;
  const keys = flags.has('--prefix') ? store.range(key) : store.get(key) ? [key] : [];
  const lines: Line[] = [];
  for (const k of keys) {
    lines.push(out(k));
    if (flags.has('--keys-only')) lines.push(out(''));
    else lines.push(...toJson(store.get(k)).split('\n').map(out));
  }
  if (!flags.has('--keys-only') && keys.length > 0) lines.push(hint('The real API server stores objects in etcd as protobuf, so real etcdctl shows binary here; kubetutor shows the same object as JSON.'));
  return result(lines);
}

/** `ssh NODE crictl images|ps|pods`: the node's container runtime as crictl shows it. */
export function ssh(args: string[], ctx: CommandContext): CommandResult {
  const [host, cmd, ...rest] = args;
  const names = ctx.world.cluster.nodes.map((n) => n.name);
  if (!host) return result([err('usage: ssh NODE crictl images|ps   (nodes: ' + names.join(', ') + ')')], 255);
  const node = ctx.world.cluster.node(host.replace(/^.*@/, ''));
  if (!node) return result([err(`ssh: Could not resolve hostname ${host}: Name or service not known`)], 255);
  if (!cmd) return result([hint(`An interactive login is not simulated; run one command: \`ssh ${node.name} crictl images\`, \`ssh ${node.name} crictl ps\`.`)]);
  if (cmd === 'etcdctl' && node.spec.controlPlane) return etcdctl(rest, ctx);
  if (cmd !== 'crictl') return result([err(`bash: line 1: ${cmd}: command not found`), hint('On the nodes kubetutor simulates `crictl images` and `crictl ps` (and etcdctl on the control plane).')], 127);
  const [sub] = rest;
  const now = ctx.world.clock.now();
  if (sub === 'images' || sub === 'image' || sub === 'img') {
    const rows = node.images.all().flatMap((s) => (s.tags.length ? s.tags : ['<none>']).map((t) => {
      const ref = t === '<none>' ? undefined : parseReference(t);
      return [ref ? `${ref.domain}/${ref.path}` : '<none>', ref?.tag ?? '<none>', hexOf(s.image.id).slice(0, 13), humanSize(s.image.layers.reduce((n, l) => n + l.size, 0))];
    })).sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
    return result(table([['IMAGE', 'TAG', 'IMAGE ID', 'SIZE'], ...rows], { minWidth: 20, padding: 3, rememberWidths: false }).map(out));
  }
  if (sub === 'ps') {
    const all = rest.includes('-a') || rest.includes('--all');
    const rows = node.containers().filter((c) => all || c.state === 'Running').sort((a, b) => b.created - a.created).map((c) => [
      c.id.slice(0, 13), hexOf(c.image).slice(0, 13), `${humanDuration(now - c.created)} ago`, c.state, c.name, String(c.attempt), c.podUid.replace(/-/g, '').slice(0, 13), c.pod,
    ]);
    return result(table([['CONTAINER', 'IMAGE', 'CREATED', 'STATE', 'NAME', 'ATTEMPT', 'POD ID', 'POD'], ...rows], { minWidth: 20, padding: 3, rememberWidths: false }).map(out));
  }
  if (sub === 'pods') {
    return result([hint('`crictl pods` is not simulated; `crictl ps` lists the containers.')]);
  }
  return result([err(`No help topic for '${sub ?? ''}'`)], 1);
}

export { familiarRepository, imageSize };
