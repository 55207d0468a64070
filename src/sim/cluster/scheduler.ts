/**
 * The default scheduler: for each pod without a node it runs the filters a learner meets
 * (VolumeBinding's PreFilter, NodeUnschedulable, NodeName, NodeAffinity/nodeSelector,
 * TaintToleration, NodeResourcesFit),
 * scores the nodes that pass, and binds the pod to the best. It keeps every node's reason, so a
 * Pending pod can be explained in words, and reports failures in the real FailedScheduling text.
 */
import { controllerOf, memo, type Json, type KObject } from './objects.ts';
import { bytes, milliCpu } from './quantity.ts';

export interface NodeVerdict {
  readonly node: string;
  /** Undefined when the node passed every filter. */
  readonly reason: string | undefined;
  /** Whether evicting lower-priority pods could help (resources) or not (taints, selectors). */
  readonly preemptionHelps: boolean;
  readonly score?: number;
}

export interface SchedulingDecision {
  readonly node: string | undefined;
  readonly verdicts: readonly NodeVerdict[];
  /** `0/3 nodes are available: …` when no node fits. */
  readonly message: string | undefined;
}

const requestCache = new WeakMap<object, { cpu: number; memory: number }>();

export function requests(pod: KObject): { cpu: number; memory: number } {
  return memo(requestCache, pod, () => {
    let cpu = 0;
    let memory = 0;
    for (const c of pod.spec?.containers ?? []) {
      cpu += milliCpu(c.resources?.requests?.cpu ?? c.resources?.limits?.cpu ?? 0);
      memory += bytes(c.resources?.requests?.memory ?? c.resources?.limits?.memory ?? 0);
    }
    return { cpu, memory };
  });
}

/** A node as the filters read it, parsed once per scheduling pass, with what already runs there. */
export interface NodeCandidate {
  readonly name: string;
  readonly unschedulable: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly Json[];
  readonly cpu: number;
  readonly memory: number;
  readonly pods: number;
  readonly used: NodeUsage;
}

export function candidate(node: KObject): NodeCandidate {
  const alloc = node.status?.allocatable ?? {};
  return {
    name: node.metadata.name as string, unschedulable: Boolean(node.spec?.unschedulable), labels: node.metadata.labels ?? {},
    taints: (node.spec?.taints ?? []).filter((t: Json) => t.effect === 'NoSchedule' || t.effect === 'NoExecute'),
    cpu: milliCpu(alloc.cpu), memory: bytes(alloc.memory), pods: Number(alloc.pods ?? 110), used: emptyUsage(),
  };
}

/** What is already placed on a node: the sums NodeResourcesFit compares with allocatable. */
const hostPortCache = new WeakMap<object, string[]>();

/** `TCP/8080` for every container port with a hostPort (NodePorts filter). */
function hostPortsOf(pod: KObject): string[] {
  return memo(hostPortCache, pod, () => (pod.spec?.containers ?? []).flatMap((c: Json) => (c.ports ?? []).filter((p: Json) => p.hostPort).map((p: Json) => `${p.protocol ?? 'TCP'}/${p.hostPort}`)));
}

export interface NodeUsage {
  cpu: number;
  memory: number;
  pods: number;
  readonly hostPorts: Set<string>;
  /** Pods per controlling owner uid, for spreading a ReplicaSet's pods. */
  readonly byOwner: Map<string, number>;
}

function emptyUsage(): NodeUsage {
  return { cpu: 0, memory: 0, pods: 0, byOwner: new Map(), hostPorts: new Set() };
}

/** Count a pod into its node's usage (the scheduler keeps these current as it binds). */
export function addToUsage(usage: NodeUsage, pod: KObject): void {
  const r = requests(pod);
  usage.cpu += r.cpu;
  usage.memory += r.memory;
  usage.pods += 1;
  for (const hp of hostPortsOf(pod)) usage.hostPorts.add(hp);
  const owner = controllerOf(pod)?.uid;
  if (owner) usage.byOwner.set(owner, (usage.byOwner.get(owner) ?? 0) + 1);
}

/** TolerationsTolerateTaint: some toleration matches the taint's key, value and effect. */
export function tolerates(tolerations: readonly Json[], taint: Json): boolean {
  for (const t of tolerations) {
    if (t.effect && t.effect !== taint.effect) continue;
    if (!t.key && t.operator === 'Exists') return true;
    if (t.key !== taint.key) continue;
    if ((t.operator ?? 'Equal') === 'Exists' || (t.value ?? '') === (taint.value ?? '')) return true;
  }
  return false;
}

/** The first of a node's taints the pod does not tolerate. */
function untolerated(taints: readonly Json[], tolerations: readonly Json[]): Json | undefined {
  for (let i = 0; i < taints.length; i++) if (!tolerates(tolerations, taints[i])) return taints[i];
  return undefined;
}

/** A node as node affinity reads it. */
export interface AffinityNode {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
}

/** One NodeSelectorRequirement against a value that is there or not (labels), or the node's name (fields). */
function requirementMatches(r: Json, has: boolean, value: string | undefined): boolean {
  const values: string[] = r.values ?? [];
  switch (r.operator) {
    case 'In': return has && values.includes(value as string);
    case 'NotIn': return !has || !values.includes(value as string);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': case 'Lt': {
      const n = Number(value);
      const bound = Number(values[0]);
      if (!has || !Number.isInteger(n) || !Number.isInteger(bound)) return false;
      return r.operator === 'Gt' ? n > bound : n < bound;
    }
    default: return false;
  }
}

/**
 * requiredDuringSchedulingIgnoredDuringExecution: any one of the terms (each all of its
 * matchExpressions on labels and matchFields on metadata.name); no terms is no constraint.
 */
export function requiredAffinityMatches(spec: Json, node: AffinityNode): boolean {
  const terms: Json[] | undefined = spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms) return true;
  return terms.some((t) => {
    const exprs: Json[] = t.matchExpressions ?? [];
    const fields: Json[] = t.matchFields ?? [];
    if (exprs.length === 0 && fields.length === 0) return false;
    return exprs.every((r) => requirementMatches(r, Object.hasOwn(node.labels, r.key), node.labels[r.key]))
      && fields.every((r) => r.key === 'metadata.name' && requirementMatches(r, true, node.name));
  });
}

/** NodeAffinity's filter: the nodeSelector's labels, then the required node affinity. */
export function nodeSelectorMatches(spec: Json, node: AffinityNode): boolean {
  for (const [k, v] of Object.entries((spec?.nodeSelector ?? {}) as Record<string, string>)) if (node.labels[k] !== v) return false;
  return requiredAffinityMatches(spec, node);
}

const UNSCHEDULABLE_TAINT = Object.freeze({ key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' });

/**
 * percentageOfNodesToScore's default: in a big cluster the scheduler stops filtering once it has
 * found enough feasible nodes (all of them under 100 nodes; at 500 nodes, 46% of them).
 */
export function feasibleNodesToFind(total: number): number {
  if (total < 100) return total;
  const pct = Math.max(5, 50 - Math.floor(total / 125));
  return Math.max(100, Math.floor((total * pct) / 100));
}

/**
 * Why a node cannot take the pod, in the default plugins' order (NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit); the first failing plugin answers,
 * and NodeResourcesFit names every resource that does not fit.
 */
function filter(pod: KObject, node: NodeCandidate, want: { cpu: number; memory: number }, selector: ReadonlyArray<[string, string]>, tolerations: readonly Json[], hostPorts: readonly string[], affinity: boolean, volumes?: string): { reasons: string[]; preemptionHelps: boolean } | undefined {
  // Checked without allocating when the node fits: in a big cluster this runs for hundreds of nodes per pod.
  // A cordoned node refuses pods, unless they tolerate its unschedulable taint (DaemonSet pods do).
  if (node.unschedulable && !(tolerations.length && tolerates(tolerations, UNSCHEDULABLE_TAINT))) return { reasons: ['node(s) were unschedulable'], preemptionHelps: false };
  const nodeName: string | undefined = pod.spec?.nodeName;
  if (nodeName && nodeName !== node.name) return { reasons: ["node(s) didn't match the requested node name"], preemptionHelps: false };
  const taint = node.taints.length ? untolerated(node.taints, tolerations) : undefined;
  if (taint) return { reasons: [`node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`], preemptionHelps: false };
  // Indexed loops: a for-of allocates an iterator per call, a million times in a big cluster.
  for (let i = 0; i < selector.length; i++) {
    const [k, v] = selector[i] as [string, string];
    if (node.labels[k] !== v) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], preemptionHelps: false };
  }
  if (affinity && !requiredAffinityMatches(pod.spec, node)) return { reasons: ["node(s) didn't match Pod's node affinity/selector"], preemptionHelps: false };
  const used = node.used;
  for (let i = 0; i < hostPorts.length; i++) if (used.hostPorts.has(hostPorts[i] as string)) return { reasons: ["node(s) didn't have free ports for the requested pod ports"], preemptionHelps: false };
  // Fits unless something is over: answered in one expression (V8 then allocates nothing here;
  // three booleans first made it box numbers). Written as "not over" so a NaN request still fits, as before.
  // VolumeBinding's Filter comes after NodeResourcesFit.
  if (!(used.pods + 1 > node.pods) && !(used.cpu + want.cpu > node.cpu) && !(used.memory + want.memory > node.memory)) return volumes === undefined ? undefined : { reasons: [volumes], preemptionHelps: false };
  const reasons: string[] = [];
  if (used.pods + 1 > node.pods) reasons.push('Too many pods');
  if (used.cpu + want.cpu > node.cpu) reasons.push('Insufficient cpu');
  if (used.memory + want.memory > node.memory) reasons.push('Insufficient memory');
  return { reasons, preemptionHelps: true };
}

/** Decide where a pod goes, given the nodes and what each already runs; `start` rotates fairly between pods. */
export function schedule(pod: KObject, allNodes: readonly NodeCandidate[], start = 0, claims?: ClaimCheck): SchedulingDecision & { readonly next: number; readonly feasible: number } {
  const preFilter = claims?.preFilter;
  if (preFilter !== undefined) {
    // A PreFilter plugin (VolumeBinding) refused the pod before any node was looked at: its reason
    // alone, and no node where preemption would help (FitError.Error).
    const n = allNodes.length;
    return { node: undefined, verdicts: allNodes.map((node) => ({ node: node.name, reason: preFilter, preemptionHelps: false })), message: `0/${n} nodes are available: ${preFilter}. preemption: 0/${n} nodes are available: ${n} Preemption is not helpful for scheduling..`, next: start, feasible: 0 };
  }
  const want = requests(pod);
  const owner = controllerOf(pod)?.uid;
  const selector = Object.entries((pod.spec?.nodeSelector ?? {}) as Record<string, string>);
  const tolerations: Json[] = pod.spec?.tolerations ?? [];
  const hostPorts = hostPortsOf(pod);
  const affinity = Boolean(pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  const enough = feasibleNodesToFind(allNodes.length);
  const total = allNodes.length;
  let feasible = 0;
  let visited = 0;
  let bestNode: string | undefined;
  let bestScore = 0;
  // Filter and score without keeping per-node records: in a big cluster that is most of the work.
  for (; visited < total && feasible < enough; visited++) {
    const node = allNodes[(start + visited) % total] as NodeCandidate;
    if (filter(pod, node, want, selector, tolerations, hostPorts, affinity, claims?.volumes)) continue;
    const used = node.used;
    feasible++;
    // NodeResourcesFit's LeastAllocated: prefer the node with the most room left after placing the pod;
    // the default topology spreading (by hostname) keeps a ReplicaSet's pods apart.
    const cpuFree = 1 - (used.cpu + want.cpu) / Math.max(1, node.cpu);
    const memFree = 1 - (used.memory + want.memory) / Math.max(1, node.memory);
    const siblings = owner ? (used.byOwner.get(owner) ?? 0) : 0;
    const score = Math.round(((cpuFree + memFree) / 2) * 100) - siblings * 20 - used.pods;
    if (bestNode === undefined || score > bestScore || (score === bestScore && node.name < bestNode)) { bestNode = node.name; bestScore = score; }
  }
  const next = (start + visited) % Math.max(1, total);
  if (bestNode !== undefined) return { node: bestNode, verdicts: [], message: undefined, next, feasible };
  // Nothing fits: now keep every node's reason, for the event and for teaching.
  const failures = allNodes.map((node) => ({ node: node.name, f: filter(pod, node, want, selector, tolerations, hostPorts, affinity, claims?.volumes) }));
  const verdicts: NodeVerdict[] = failures.map(({ node, f }) => ({ node, reason: f?.reasons.join(', ') ?? 'unknown', preemptionHelps: f?.preemptionHelps ?? false }));
  const count = (texts: string[]): string => {
    const counts = new Map<string, number>();
    for (const t of texts) counts.set(t, (counts.get(t) ?? 0) + 1);
    return [...counts].map(([reason, n]) => `${n} ${reason}`).sort().join(', ');
  };
  const n = allNodes.length;
  let message = `0/${n} nodes are available: ${count(failures.flatMap(({ f }) => f?.reasons ?? []))}.`;
  // The preemption text already ends with a period and the scheduler adds one more: real messages end in `..`.
  message += ` preemption: 0/${n} nodes are available: ${count(verdicts.map((v) => (v.preemptionHelps ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling')))}..`;
  return { node: undefined, verdicts, message, next, feasible: 0 };
}

/** What VolumeBinding says of a pod's claims: a PreFilter refusal, or a reason every node gives in Filter. */
export interface ClaimCheck {
  readonly preFilter?: string;
  readonly volumes?: string;
}

/**
 * VolumeBinding: a claim that is missing, being deleted or unbound with Immediate binding refuses
 * the pod in PreFilter; an unbound claim whose class waits for its first consumer is bound by the
 * scheduler to a volume that fits on the chosen node — kubetutor's volume controller binds it as
 * soon as a pod uses it, so one still unbound here has no volume to bind, and every node that
 * passes the filters before VolumeBinding says so. `claim(name)` reads a claim in the pod's
 * namespace; `delayed(claim)` says whether its class binds on first use.
 */
export function claimProblem(pod: KObject, claim: (name: string) => KObject | undefined, delayed: (c: KObject) => boolean = () => false): ClaimCheck | undefined {
  let immediate = false;
  let waiting = false;
  for (const v of pod.spec?.volumes ?? []) {
    const name: string | undefined = v?.persistentVolumeClaim?.claimName;
    if (name === undefined) continue;
    const c = claim(name);
    if (!c) return { preFilter: `persistentvolumeclaim "${name}" not found` };
    if (c.metadata.deletionTimestamp) return { preFilter: `persistentvolumeclaim "${name}" is being deleted` };
    if (c.status?.phase !== 'Bound') { if (delayed(c)) waiting = true; else immediate = true; }
  }
  if (immediate) return { preFilter: 'pod has unbound immediate PersistentVolumeClaims' };
  return waiting ? { volumes: "node(s) didn't find available persistent volumes to bind" } : undefined;
}
