/**
 * `kubectl describe` as kubectl 1.32 writes it: describe.go's format strings through Go's
 * tabwriter (see ../format/tabwriter.ts), events sorted oldest first with `51s (x3 over 95s)`
 * ages, and times in RFC 1123 with a numeric zone (the sandbox's clock is UTC).
 */
import { controllerOf, formatSelector, labelsToString, parseLabelSelector, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { milliCpu, bytes } from '../../sim/cluster/quantity.ts';
import type { ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { flag, type ParsedFlags } from '../flags.ts';
import { tabwrite } from '../format/tabwriter.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { findObject, isResult, namespaceOf, notFoundLine, parseTargets } from './common.ts';
import { age, podStatus } from './printers.ts';
import { describeGeneric, describerFor, formatEndpointSlices, slicesOf } from './describe-apis.ts';
import { servedAs } from '../../sim/cluster/conversions.ts';
import { rfc1123z } from '../../sim/units.ts';
import { describeCronJob, describeDaemonSet, describeJob, describeStatefulSet } from './workload-describe.ts';

export { rfc1123z };

/**
 * A buffer of describe output: write(level, text) like describe.go's PrefixWriter, which puts the
 * level's indent before what one call writes (not before each line of it).
 */
export class Writer {
  readonly #blocks: string[] = [''];
  /** One line (the newline is added unless the text ends with one). */
  write(level: number, text: string): void {
    this.part(level, text.endsWith('\n') ? text : `${text}\n`);
  }
  /** Text that does not end the line: the next write continues it (describe.go writes `Used By:\t` then the names). */
  part(level: number, text: string): void {
    this.#blocks[this.#blocks.length - 1] += `${'  '.repeat(level)}${text}`;
  }
  /** kubectl flushes its tabwriter before the events table: alignment restarts there. */
  flush(): void {
    this.#blocks.push('');
  }
  toString(): string {
    return this.#blocks.filter((b) => b.length).map((b) => tabwrite(b.replace(/\n$/, ''))).join('\n');
  }
  /** The lines as written, tabs and all: what kubectl prints where it skips the tabwriter. */
  raw(): string {
    return this.#blocks.join('').replace(/\n$/, '');
  }
}

/**
 * `kubectl rollout history --revision=N`: DescribePodTemplate written straight to a buffer,
 * without a tabwriter, so the tabs reach the terminal as they are.
 */
export function podTemplateRaw(template: Json): string {
  const w = new Writer();
  podTemplate(w, template);
  return w.raw();
}

/** printAnnotationsMultiline: long or multi-line values go on their own lines, cut at 140. */
const MAX_ANNOTATION = 140;

/** kubectl describe never prints the last-applied annotation (it skips it in printAnnotationsMultiline). */
const HIDDEN_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration']);

export function mapLines(w: Writer, label: string, m: Record<string, string> | undefined, sep: '=' | ': ', skip: (k: string) => boolean = () => false): void {
  const entries = Object.entries(m ?? {}).filter(([k]) => !skip(k) && !(sep === ': ' && HIDDEN_ANNOTATIONS.has(k))).sort(([a], [b]) => (a < b ? -1 : 1));
  if (entries.length === 0) { w.write(0, `${label}:\t<none>`); return; }
  entries.forEach(([k, raw], i) => {
    const lead = i === 0 ? `${label}:` : '';
    const v = sep === ': ' ? raw.replace(/\n$/, '') : raw;
    if (sep === ': ' && (v.length + k.length + 2 > MAX_ANNOTATION || v.includes('\n'))) {
      w.write(0, `${lead}\t${k}:`);
      for (const part of v.split('\n')) w.write(0, `\t  ${part.length > MAX_ANNOTATION - 2 ? `${part.slice(0, MAX_ANNOTATION - 2)}...` : part}`);
    } else {
      w.write(0, `${lead}\t${k}${sep}${v}`);
    }
  });
}

function eventAge(e: KObject, now: number): string {
  const last = age(now - Date.parse(e.lastTimestamp));
  if ((e.count ?? 1) > 1) return `${last} (x${e.count} over ${age(now - Date.parse(e.firstTimestamp))})`;
  return last;
}

export function describeEvents(w: Writer, events: KObject[], now: number): void {
  // DescribeEvents writes `<none>` in the same tabwriter block and flushes only before a table.
  if (events.length === 0) { w.write(0, 'Events:\t<none>'); return; }
  w.flush();
  w.write(0, 'Events:\n  Type\tReason\tAge\tFrom\tMessage');
  w.write(1, '----\t------\t----\t----\t-------');
  for (const e of events) {
    const from = e.source?.host && e.source.component !== 'kubelet' ? `${e.source.component}, ${e.source.host}` : e.source?.component ?? e.reportingComponent ?? '';
    w.write(1, `${e.type}\t${e.reason}\t${eventAge(e, now)}\t${from}\t${String(e.message ?? '').trim()}`);
  }
}

function containerPort(c: Json): string {
  const ports: Json[] = c.ports ?? [];
  return ports.length ? ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ') : '<none>';
}

function stateLines(w: Writer, label: string, state: Json): void {
  if (state?.running) {
    w.write(2, `${label}:\tRunning`);
    w.write(3, `Started:\t${rfc1123z(state.running.startedAt)}`);
  } else if (state?.waiting) {
    w.write(2, `${label}:\tWaiting`);
    if (state.waiting.reason) w.write(3, `Reason:\t${state.waiting.reason}`);
  } else if (state?.terminated) {
    const t = state.terminated;
    w.write(2, `${label}:\tTerminated`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}`);
    if (t.message) w.write(3, `Message:\t${t.message}`);
    w.write(3, `Exit Code:\t${t.exitCode}`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}`);
    w.write(3, `Started:\t${rfc1123z(t.startedAt)}`);
    w.write(3, `Finished:\t${rfc1123z(t.finishedAt)}`);
  } else {
    w.write(2, `${label}:\tWaiting`);
  }
}

function listBlock(w: Writer, level: number, label: string, items: readonly string[] | undefined): void {
  if (!items || items.length === 0) return;
  w.write(level, `${label}:`);
  for (const i of items) w.write(level + 1, i);
}

/** EnvValueFrom for a pod's fieldRef: what the kubelet would put there (templates resolve nothing). */
function fieldValue(pod: KObject | undefined, path: string): string {
  if (!pod) return '';
  const m = /^metadata\.(annotations|labels)\['(.*)'\]$/.exec(path);
  if (m) return (pod.metadata[m[1] as 'annotations' | 'labels'] ?? {})[m[2] as string] ?? '';
  const simple: Record<string, unknown> = { 'metadata.name': pod.metadata.name, 'metadata.namespace': pod.metadata.namespace, 'metadata.uid': pod.metadata.uid, 'spec.nodeName': pod.spec?.nodeName, 'spec.serviceAccountName': pod.spec?.serviceAccountName, 'status.hostIP': pod.status?.hostIP, 'status.podIP': pod.status?.podIP };
  return String(simple[path] ?? '');
}

function envLines(w: Writer, level: number, env: Json[] | undefined, pod?: KObject): void {
  if (!env || env.length === 0) { w.write(level, 'Environment:\t<none>'); return; }
  w.write(level, 'Environment:');
  for (const e of env) {
    if (e.valueFrom?.fieldRef) w.write(level + 1, `${e.name}:\t${fieldValue(pod, e.valueFrom.fieldRef.fieldPath)} (${e.valueFrom.fieldRef.apiVersion ?? 'v1'}:${e.valueFrom.fieldRef.fieldPath})`);
    else if (e.valueFrom?.secretKeyRef) w.write(level + 1, `${e.name}:\t<set to the key '${e.valueFrom.secretKeyRef.key}' in secret '${e.valueFrom.secretKeyRef.name}'>\tOptional: ${e.valueFrom.secretKeyRef.optional ?? false}`);
    else if (e.valueFrom?.configMapKeyRef) w.write(level + 1, `${e.name}:\t<set to the key '${e.valueFrom.configMapKeyRef.key}' of config map '${e.valueFrom.configMapKeyRef.name}'>\tOptional: ${e.valueFrom.configMapKeyRef.optional ?? false}`);
    else w.write(level + 1, `${e.name}:\t${e.value ?? ''}`);
  }
}

function resourcesLines(w: Writer, level: number, res: Json): void {
  for (const [label, key] of [['Limits', 'limits'], ['Requests', 'requests']] as const) {
    const m = res?.[key];
    if (!m || Object.keys(m).length === 0) continue;
    w.write(level, `${label}:`);
    for (const k of Object.keys(m).sort()) w.write(level + 1, `${k}:\t${m[k]}`);
  }
}

/** printTolerationsMultilineWithIndent's text for one toleration (`op=Exists` alone tolerates everything). */
function tolerationText(t: Json): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += t.key || t.effect ? ' op=Exists' : 'op=Exists';
  if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

/** Tolerations as describe lists them: sorted by key (a stable sort, as Go's sort.Slice mostly is for so few). */
const sortedTolerations = (tol: Json[] | undefined): Json[] => [...(tol ?? [])].sort((a, b) => ((a.key ?? '') < (b.key ?? '') ? -1 : (a.key ?? '') > (b.key ?? '') ? 1 : 0));

/** describeContainerBasicInfo … describeContainerVolumes: one container, with its status when the pod has one. */
function containerBlock(w: Writer, c: Json, s: Json, nameIndent: string, pod?: KObject): void {
  w.write(1, `${nameIndent}${c.name}:`);
  // Container ID and Image ID only when the kubelet has reported a status.
  if (s) w.write(2, `Container ID:\t${s.containerID ?? ''}`);
  w.write(2, `Image:\t${c.image}`);
  if (s) w.write(2, `Image ID:\t${s.imageID ?? ''}`);
  const ports: Json[] = c.ports ?? [];
  if (ports.length <= 1) {
    w.write(2, `Port:\t${containerPort(c)}`);
    w.write(2, `Host Port:\t${ports.length ? `${ports[0].hostPort ?? 0}/${ports[0].protocol ?? 'TCP'}` : '<none>'}`);
  } else {
    w.write(2, `Ports:\t${containerPort(c)}`);
    w.write(2, `Host Ports:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}`);
  }
  if (c.securityContext?.seccompProfile?.type) w.write(2, `SeccompProfile:\t${c.securityContext.seccompProfile.type}`);
  listBlock(w, 2, 'Command', c.command);
  listBlock(w, 2, 'Args', c.args);
  if (s) {
    stateLines(w, 'State', s.state);
    if (s.lastState?.terminated) stateLines(w, 'Last State', s.lastState);
    w.write(2, `Ready:\t${s.ready ? 'True' : 'False'}`);
    w.write(2, `Restart Count:\t${s.restartCount ?? 0}`);
  }
  resourcesLines(w, 2, c.resources);
  envLines(w, 2, c.env, pod);
  const mounts: Json[] = [...(c.volumeMounts ?? [])].sort((a, b) => (a.mountPath < b.mountPath ? -1 : a.mountPath > b.mountPath ? 1 : 0));
  if (mounts.length === 0) w.write(2, 'Mounts:\t<none>');
  else { w.write(2, 'Mounts:'); for (const m of mounts) w.write(3, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'}${m.subPath ? `,path=${JSON.stringify(m.subPath)}` : ''})`); }
}

/** describeVolumes: `Volumes:` and each volume's source; `space` indents it inside a pod template. */
function volumesBlock(w: Writer, volumes: Json[] | undefined, space: string): void {
  const list: Json[] = volumes ?? [];
  if (list.length === 0) { w.write(0, `${space}Volumes:\t<none>`); return; }
  w.write(0, `${space}Volumes:`);
  for (const v of list) {
    w.write(1, `${space ? ' ' : ''}${v.name}:`);
    if (v.hostPath) {
      w.write(2, 'Type:\tHostPath (bare host directory volume)');
      w.write(2, `Path:\t${v.hostPath.path}`);
      w.write(2, `HostPathType:\t${v.hostPath.type === undefined ? '<none>' : v.hostPath.type}`);
    } else if (v.projected) {
      w.write(2, 'Type:\tProjected (a volume that contains injected data from multiple sources)');
      w.write(2, 'TokenExpirationSeconds:\t3607');
      w.write(2, 'ConfigMapName:\tkube-root-ca.crt');
      w.write(2, 'ConfigMapOptional:\t<nil>');
      w.write(2, 'DownwardAPI:\ttrue');
    } else if (v.emptyDir) {
      w.write(2, 'Type:\tEmptyDir (a temporary directory that shares a pod\'s lifetime)');
      w.write(2, `Medium:\t${v.emptyDir.medium ?? ''}`);
      w.write(2, `SizeLimit:\t${v.emptyDir.sizeLimit ?? '<unset>'}`);
    } else if (v.configMap) {
      w.write(2, 'Type:\tConfigMap (a volume populated by a ConfigMap)');
      w.write(2, `Name:\t${v.configMap.name}`);
      w.write(2, `Optional:\t${v.configMap.optional ?? false}`);
    } else if (v.secret) {
      w.write(2, 'Type:\tSecret (a volume populated by a Secret)');
      w.write(2, `SecretName:\t${v.secret.secretName}`);
      w.write(2, `Optional:\t${v.secret.optional ?? false}`);
    } else if (v.persistentVolumeClaim) {
      w.write(2, 'Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)');
      w.write(2, `ClaimName:\t${v.persistentVolumeClaim.claimName}`);
      w.write(2, `ReadOnly:\t${v.persistentVolumeClaim.readOnly ?? false}`);
    }
  }
}

function describePod(pod: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const now = ctx.world.clock.now();
  const st = pod.status ?? {};
  const spec = pod.spec ?? {};
  w.write(0, `Name:\t${pod.metadata.name}`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}`);
  w.write(0, `Service Account:\t${spec.serviceAccountName ?? 'default'}`);
  const node = spec.nodeName ? `${spec.nodeName}/${st.hostIP ?? ''}` : '<none>';
  w.write(0, `Node:\t${node}`);
  if (st.startTime) w.write(0, `Start Time:\t${rfc1123z(st.startTime)}`);
  mapLines(w, 'Labels', pod.metadata.labels, '=');
  mapLines(w, 'Annotations', pod.metadata.annotations, ': ');
  if (pod.metadata.deletionTimestamp && st.phase !== 'Failed' && st.phase !== 'Succeeded') {
    // `lasts` is the time since deletionTimestamp, which lies in the future during the grace period.
    w.write(0, `Status:\tTerminating (lasts ${age(now - Date.parse(pod.metadata.deletionTimestamp))})`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds ?? 30}s`);
  } else {
    w.write(0, `Status:\t${st.phase ?? 'Pending'}`);
  }
  if (st.reason) w.write(0, `Reason:\t${st.reason}`);
  w.write(0, `IP:\t${st.podIP ?? ''}`);
  const ips: Json[] = st.podIPs ?? [];
  if (ips.length) { w.write(0, 'IPs:'); for (const ip of ips) w.write(1, `IP:\t${ip.ip}`); } else w.write(0, 'IPs:\t<none>');
  const owner = controllerOf(pod);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  const section = (label: string, list: Json[], statuses: Json[]): void => {
    if (list.length === 0) return;
    w.write(0, `${label}:`);
    for (const c of list) containerBlock(w, c, statuses.find((x) => x.name === c.name), '', pod);
  };
  section('Init Containers', spec.initContainers ?? [], st.initContainerStatuses ?? []);
  section('Containers', spec.containers ?? [], st.containerStatuses ?? []);
  const conditions: Json[] = st.conditions ?? [];
  if (conditions.length) {
    w.write(0, 'Conditions:\n  Type\tStatus');
    const order = ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'];
    for (const c of [...conditions].sort((a, b) => order.indexOf(a.type) - order.indexOf(b.type))) w.write(1, `${c.type} \t${c.status} `);
  }
  volumesBlock(w, spec.volumes, '');
  w.write(0, `QoS Class:\t${st.qosClass ?? 'BestEffort'}`);
  mapLines(w, 'Node-Selectors', spec.nodeSelector, '=');
  const tol = sortedTolerations(spec.tolerations);
  if (tol.length === 0) w.write(0, 'Tolerations:\t<none>');
  else tol.forEach((t, i) => w.write(0, `${i === 0 ? 'Tolerations:' : ''}\t${tolerationText(t)}`));
  describeEvents(w, ctx.world.cluster.events.about(pod), now);
  return w.toString();
}

/** DescribePodTemplate (describe.go): what a controller's pods will be made of. */
export function podTemplate(w: Writer, template: Json): void {
  w.write(0, 'Pod Template:');
  // printLabelsMultiline: continuation lines carry no indent of their own, only the tab.
  const more = (level: number, title: string, items: string[]): void => {
    items.forEach((item, i) => (i === 0 ? w.write(level, `${title}:\t${item}`) : w.write(0, `\t${item}`)));
  };
  more(1, 'Labels', labelsToString(template?.metadata?.labels).split(','));
  const ann = template?.metadata?.annotations;
  if (ann && Object.keys(ann).length) more(1, 'Annotations', Object.entries(ann).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${v}`));
  const spec = template?.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}`);
  if ((spec.initContainers ?? []).length) {
    w.write(1, 'Init Containers:');
    for (const c of spec.initContainers) containerBlock(w, c, undefined, ' ');
  }
  w.write(1, `Containers:${(spec.containers ?? []).length ? '' : ' <none>'}`);
  for (const c of spec.containers ?? []) containerBlock(w, c, undefined, ' ');
  volumesBlock(w, spec.volumes, '  ');
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}`);
  const ns = spec.nodeSelector;
  more(1, 'Node-Selectors', ns && Object.keys(ns).length ? labelsToString(ns).split(',') : ['<none>']);
  const tol = sortedTolerations(spec.tolerations);
  more(1, 'Tolerations', tol.length ? tol.map(tolerationText) : ['<none>']);
}

function describeDeployment(dep: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const now = ctx.world.clock.now();
  const st = dep.status ?? {};
  w.write(0, `Name:\t${dep.metadata.name}`);
  w.write(0, `Namespace:\t${dep.metadata.namespace}`);
  w.write(0, `CreationTimestamp:\t${rfc1123z(dep.metadata.creationTimestamp)}`);
  mapLines(w, 'Labels', dep.metadata.labels, '=');
  mapLines(w, 'Annotations', dep.metadata.annotations, ': ', (k) => k === 'kubectl.kubernetes.io/last-applied-configuration');
  w.write(0, `Selector:\t${formatSelector(dep.spec?.selector)}`);
  const want = dep.spec?.replicas ?? 1;
  w.write(0, `Replicas:\t${want} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
  w.write(0, `StrategyType:\t${dep.spec?.strategy?.type ?? 'RollingUpdate'}`);
  w.write(0, `MinReadySeconds:\t${dep.spec?.minReadySeconds ?? 0}`);
  if ((dep.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate') {
    const ru = dep.spec?.strategy?.rollingUpdate ?? {};
    w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable ?? '25%'} max unavailable, ${ru.maxSurge ?? '25%'} max surge`);
  }
  podTemplate(w, dep.spec?.template);
  const conds: Json[] = st.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tReason');
    w.write(1, '----\t------\t------');
    for (const c of conds) w.write(1, `${c.type} \t${c.status}\t${c.reason}`);
  }
  const api = ctx.world.cluster.api;
  const owned = api.list(api.resourceOf('ReplicaSet'), dep.metadata.namespace).filter((rs) => controllerOf(rs)?.uid === dep.metadata.uid);
  const rev = (rs: KObject): number => Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0);
  const newest = [...owned].sort((a, b) => rev(b) - rev(a))[0];
  const olds = owned.filter((rs) => rs !== newest && ((rs.spec?.replicas ?? 0) > 0 || (rs.status?.replicas ?? 0) > 0));
  const rsText = (rs: KObject): string => `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
  w.write(0, `OldReplicaSets:\t${olds.length ? olds.map(rsText).join(', ') : '<none>'}`);
  w.write(0, `NewReplicaSet:\t${newest ? rsText(newest) : '<none>'}`);
  describeEvents(w, ctx.world.cluster.events.about(dep), now);
  return w.toString();
}

function describeReplicaSet(rs: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const st = rs.status ?? {};
  w.write(0, `Name:\t${rs.metadata.name}`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}`);
  w.write(0, `Selector:\t${formatSelector(rs.spec?.selector)}`);
  mapLines(w, 'Labels', rs.metadata.labels, '=');
  mapLines(w, 'Annotations', rs.metadata.annotations, ': ');
  const owner = controllerOf(rs);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}`);
  w.write(0, `Replicas:\t${st.replicas ?? 0} current / ${rs.spec?.replicas ?? 0} desired`);
  const api = ctx.world.cluster.api;
  const pods = api.list(api.resourceOf('Pod'), rs.metadata.namespace).filter((p) => controllerOf(p)?.uid === rs.metadata.uid);
  const count = (s: string): number => pods.filter((p) => (p.status?.phase ?? 'Pending') === s).length;
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`);
  podTemplate(w, rs.spec?.template);
  describeEvents(w, ctx.world.cluster.events.about(rs), ctx.world.clock.now());
  return w.toString();
}

function describeNode(node: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const st = node.status ?? {};
  const roles = Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith('node-role.kubernetes.io/')).map((k) => k.split('/')[1]).join(',');
  w.write(0, `Name:\t${node.metadata.name}`);
  w.write(0, `Roles:\t${roles || '<none>'}`);
  mapLines(w, 'Labels', node.metadata.labels, '=');
  mapLines(w, 'Annotations', node.metadata.annotations, ': ');
  w.write(0, `CreationTimestamp:\t${rfc1123z(node.metadata.creationTimestamp)}`);
  const taints: Json[] = node.spec?.taints ?? [];
  w.write(0, `Taints:\t${taints.length ? taints.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join('\n\t') : '<none>'}`);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable ? 'true' : 'false'}`);
  // The node's heartbeat Lease (kube-node-lease), renewed by its kubelet every 10 s.
  w.write(0, 'Lease:');
  w.write(1, `HolderIdentity:\t${node.metadata.name}`);
  w.write(1, 'AcquireTime:\t<unset>');
  w.write(1, `RenewTime:\t${rfc1123z(new Date(Math.floor(ctx.world.clock.now() / 10_000) * 10_000).toISOString())}`);
  w.write(0, 'Conditions:');
  w.write(1, 'Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage');
  w.write(1, '----\t------\t-----------------\t------------------\t------\t-------');
  for (const c of st.conditions ?? []) w.write(1, `${c.type} \t${c.status} \t${rfc1123z(c.lastHeartbeatTime)} \t${rfc1123z(c.lastTransitionTime)} \t${c.reason} \t${c.message}`);
  w.write(0, 'Addresses:');
  for (const a of st.addresses ?? []) w.write(1, `${a.type}:\t${a.address}`);
  for (const [label, key] of [['Capacity', 'capacity'], ['Allocatable', 'allocatable']] as const) {
    w.write(0, `${label}:`);
    for (const k of Object.keys(st[key] ?? {}).sort()) w.write(1, `${k}:\t${st[key][k]}`);
  }
  const info = st.nodeInfo ?? {};
  w.write(0, 'System Info:');
  for (const [label, k] of [['Machine ID', 'machineID'], ['System UUID', 'systemUUID'], ['Boot ID', 'bootID'], ['Kernel Version', 'kernelVersion'], ['OS Image', 'osImage'], ['Operating System', 'operatingSystem'], ['Architecture', 'architecture'], ['Container Runtime Version', 'containerRuntimeVersion'], ['Kubelet Version', 'kubeletVersion'], ['Kube-Proxy Version', 'kubeProxyVersion']] as const) {
    w.write(1, `${label}:\t${info[k] ?? ''}`);
  }
  w.write(0, `PodCIDR:\t${node.spec?.podCIDR ?? ''}`);
  w.write(0, `PodCIDRs:\t${(node.spec?.podCIDRs ?? []).join(',')}`);
  const api = ctx.world.cluster.api;
  const pods = api.list(api.resourceOf('Pod')).filter((p) => p.spec?.nodeName === node.metadata.name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  const allocCpu = milliCpu(st.allocatable?.cpu);
  const allocMem = bytes(st.allocatable?.memory);
  const pct = (v: number, of: number): string => `${of ? Math.floor((v * 100) / of) : 0}%`;
  const req = (p: KObject, res: string, kind: 'requests' | 'limits'): number => (p.spec?.containers ?? []).reduce((n: number, c: Json) => n + (res === 'cpu' ? milliCpu(c.resources?.[kind]?.cpu ?? 0) : bytes(c.resources?.[kind]?.memory ?? 0)), 0);
  const cpuText = (m: number): string => (m % 1000 === 0 ? String(m / 1000) : `${m}m`);
  const memText = (b: number): string => (b === 0 ? '0' : b % (1024 * 1024) === 0 ? `${b / 1024 / 1024}Mi` : String(b));
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)`);
  w.write(1, 'Namespace\tName\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge');
  w.write(1, '---------\t----\t------------\t----------\t---------------\t-------------\t---');
  const now = ctx.world.clock.now();
  for (const p of pods) {
    const [cr, cl, mr, ml] = [req(p, 'cpu', 'requests'), req(p, 'cpu', 'limits'), req(p, 'memory', 'requests'), req(p, 'memory', 'limits')];
    w.write(1, `${p.metadata.namespace}\t${p.metadata.name}\t${cpuText(cr)} (${pct(cr, allocCpu)})\t${cpuText(cl)} (${pct(cl, allocCpu)})\t${memText(mr)} (${pct(mr, allocMem)})\t${memText(ml)} (${pct(ml, allocMem)})\t${age(now - Date.parse(p.metadata.creationTimestamp as string))}`);
  }
  const sum = (res: string, kind: 'requests' | 'limits'): number => pods.reduce((n, p) => n + req(p, res, kind), 0);
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)');
  w.write(1, 'Resource\tRequests\tLimits');
  w.write(1, '--------\t--------\t------');
  w.write(1, `cpu\t${cpuText(sum('cpu', 'requests'))} (${pct(sum('cpu', 'requests'), allocCpu)})\t${cpuText(sum('cpu', 'limits'))} (${pct(sum('cpu', 'limits'), allocCpu)})`);
  w.write(1, `memory\t${memText(sum('memory', 'requests'))} (${pct(sum('memory', 'requests'), allocMem)})\t${memText(sum('memory', 'limits'))} (${pct(sum('memory', 'limits'), allocMem)})`);
  w.write(1, 'ephemeral-storage\t0 (0%)\t0 (0%)');
  w.write(1, 'hugepages-2Mi\t0 (0%)\t0 (0%)');
  describeEvents(w, ctx.world.cluster.events.about(node), now);
  return w.toString();
}

function describeService(svc: KObject, ctx: CommandContext): string {
  const w = new Writer();
  const s = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata.name}`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}`);
  mapLines(w, 'Labels', svc.metadata.labels, '=');
  mapLines(w, 'Annotations', svc.metadata.annotations, ': ', (k) => k === 'kubectl.kubernetes.io/last-applied-configuration');
  w.write(0, `Selector:\t${s.selector ? labelsToString(s.selector) : '<none>'}`);
  w.write(0, `Type:\t${s.type ?? 'ClusterIP'}`);
  w.write(0, `IP Family Policy:\t${s.ipFamilyPolicy ?? 'SingleStack'}`);
  w.write(0, `IP Families:\t${(s.ipFamilies ?? ['IPv4']).join(',')}`);
  w.write(0, `IP:\t${s.clusterIP ?? ''}`);
  w.write(0, `IPs:\t${(s.clusterIPs ?? [s.clusterIP]).join(',')}`);
  // kubectl 1.32 reads the Service's EndpointSlices (not its Endpoints) for the Endpoints lines.
  const slices = slicesOf(ctx, svc.metadata.namespace as string, svc.metadata.name as string);
  for (const p of s.ports ?? []) {
    w.write(0, `Port:\t${p.name || '<unset>'}\t${p.port}/${p.protocol ?? 'TCP'}`);
    w.write(0, `TargetPort:\t${p.targetPort}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) w.write(0, `NodePort:\t${p.name || '<unset>'}\t${p.nodePort}/${p.protocol ?? 'TCP'}`);
    w.write(0, `Endpoints:\t${formatEndpointSlices(slices, p.name ?? '')}`);
  }
  w.write(0, `Session Affinity:\t${s.sessionAffinity ?? 'None'}`);
  if (s.type === 'NodePort' || s.type === 'LoadBalancer') w.write(0, `External Traffic Policy:\t${s.externalTrafficPolicy ?? 'Cluster'}`);
  w.write(0, `Internal Traffic Policy:\t${s.internalTrafficPolicy ?? 'Cluster'}`);
  describeEvents(w, ctx.world.cluster.events.about(svc), ctx.world.clock.now());
  return w.toString();
}

/**
 * describeServiceAccount: three headers padded to one width, names under one another, and the
 * events in the same aligned block (no blank line before them).
 */
function describeServiceAccount(obj: KObject, ctx: CommandContext): string {
  const w = new Writer();
  w.write(0, `Name:\t${obj.metadata.name}`);
  w.write(0, `Namespace:\t${obj.metadata.namespace}`);
  mapLines(w, 'Labels', obj.metadata.labels, '=');
  mapLines(w, 'Annotations', obj.metadata.annotations, ': ');
  const groups: Array<[string, string[]]> = [
    ['Image pull secrets:', (obj.imagePullSecrets ?? []).map((s: Json) => String(s.name))],
    ['Mountable secrets: ', (obj.secrets ?? []).map((s: Json) => String(s.name))],
    ['Tokens:            ', []],
  ];
  for (const [header, names] of groups) {
    if (names.length === 0) w.write(0, `${header}\t<none>`);
    names.forEach((n, i) => w.write(0, `${i === 0 ? header : ' '.repeat(header.length)}\t${n}`));
  }
  describeEvents(w, ctx.world.cluster.events.about(obj), ctx.world.clock.now());
  return w.toString();
}

function describeOne(type: ResourceType, stored: KObject, ctx: CommandContext): string {
  const obj = servedAs(type, stored, ctx.world.clock.now());
  switch (type.kind) {
    case 'Pod': return describePod(obj, ctx);
    case 'Deployment': return describeDeployment(obj, ctx);
    case 'ReplicaSet': return describeReplicaSet(obj, ctx);
    case 'Node': return describeNode(obj, ctx);
    case 'Service': return describeService(obj, ctx);
    case 'ServiceAccount': return describeServiceAccount(obj, ctx);
    case 'Job': return describeJob(obj, ctx);
    case 'CronJob': return describeCronJob(obj, ctx);
    case 'DaemonSet': return describeDaemonSet(obj, ctx);
    case 'StatefulSet': return describeStatefulSet(obj, ctx);
    default: return (describerFor(type) ?? describeGeneric)(obj, ctx);
  }
}

export function describe(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const targets = parseTargets(args);
  if (isResult(targets)) return targets;
  if (targets.length === 0) return result([err('You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.'), err(''), err("error: Required resource not specified."), err("See 'kubectl describe -h' for help and examples")], 1);
  const api = ctx.world.cluster.api;
  const ns = namespaceOf(ctx, p);
  const texts: string[] = [];
  const errors: Line[] = [];
  const sel = flag(p, 'selector');
  const test = sel === undefined ? undefined : parseLabelSelector(sel);
  if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
  for (const t of targets) {
    if (t.names.length === 0) {
      // `kubectl describe pods` (or `-l app=web`): every object that matches.
      for (const o of api.list(t.type, t.type.namespaced ? ns : undefined)) if (!test || test(o.metadata.labels)) texts.push(describeOne(t.type, o, ctx));
      continue;
    }
    for (const n of t.names) {
      const exact = findObject(ctx, t.type, ns, n);
      // describe matches a name prefix when there is no exact match (e.g. a Deployment's pods).
      const matches = exact ? [exact] : api.list(t.type, t.type.namespaced ? ns : undefined).filter((o) => (o.metadata.name as string).startsWith(n));
      if (matches.length === 0) errors.push(notFoundLine(t.type, n));
      for (const m of matches) texts.push(describeOne(t.type, m, ctx));
    }
  }
  if (texts.length === 0 && errors.length === 0) return result([err(`No resources found in ${ns} namespace.`)]);
  const lines = texts.flatMap((t, i) => [...(i > 0 ? [out(''), out('')] : []), ...t.split('\n').map(out)]);
  return result([...lines, ...errors], errors.length ? 1 : 0);
}

export { podStatus };
