/**
 * `kubectl describe` for the kinds beyond pods and their controllers, each as kubectl 1.32's
 * describer writes it (staging/src/k8s.io/kubectl/pkg/describe/describe.go: describeEndpoints,
 * describeEndpointSliceV1, ConfigMapDescriber, describeSecret, describeIngressV1,
 * describePersistentVolumeClaim, describePersistentVolume, describeStorageClass, the RBAC
 * describers, describePodDisruptionBudgetV1, describePriorityClass,
 * describeHorizontalPodAutoscalerV2, describeQuota, describeLimitRange, describeNetworkPolicy,
 * describeReplicationController), and the generic describer (genericDescriber with
 * printUnstructuredContent) for every kind without one.
 */
import { formatSelector, labelsToString, type Json, type KObject } from '../../sim/cluster/objects.ts';
import type { ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { describeEvents, mapLines, podTemplate, rfc1123z, Writer } from './describe.ts';
import { accessModes, joinHostPort, storageClassOf } from './printers-apis.ts';
import { since } from './printers.ts';

type Describer = (obj: KObject, ctx: CommandContext) => string;

const eventsOf = (obj: KObject, ctx: CommandContext, w: Writer): void => describeEvents(w, ctx.world.cluster.events.about(obj), ctx.world.clock.now());

/** The name block most describers open with. */
function head(w: Writer, obj: KObject, namespace = true): void {
  w.write(0, `Name:\t${obj.metadata.name}`);
  if (namespace) w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}`);
  mapLines(w, 'Labels', obj.metadata.labels, '=');
  mapLines(w, 'Annotations', obj.metadata.annotations, ': ');
}

/** Go's %v of a []string: `[a b]`. */
const goList = (v: unknown): string => `[${(Array.isArray(v) ? v : []).join(' ')}]`;

/** Go's time.Time String(): `2026-11-21 09:00:09 +0000 UTC`. */
const goTime = (iso: string | undefined): string => (iso ? `${iso.replace('T', ' ').replace(/\.\d+Z$|Z$/, '')} +0000 UTC` : '0001-01-01 00:00:00 +0000 UTC');

/**
 * formatEndpointSlices for one service port (describe svc and describe ingress): the ready
 * endpoints' `ip:port`, three at most, `+ N more...` after; `<none>` without slices.
 */
export function formatEndpointSlices(slices: readonly KObject[], portName: string): string {
  if (slices.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  const ready = (e: Json): boolean => e?.conditions?.ready === undefined || e.conditions.ready === null || e.conditions.ready === true;
  for (const s of slices) {
    const ports: Json[] = s.ports ?? [];
    const endpoints: Json[] = s.endpoints ?? [];
    if (ports.length === 0) {
      for (const e of endpoints) {
        if (list.length === 3) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(e.addresses?.[0]);
        count++;
      }
      continue;
    }
    for (const p of ports) {
      if ((p.name ?? '') !== portName) continue;
      for (const e of endpoints) {
        if (list.length === 3) more = true;
        if (!ready(e)) continue;
        if (!more) list.push(joinHostPort(e.addresses?.[0], p.port));
        count++;
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - 3} more...` : ret;
}

/** The EndpointSlices of a Service (`kubernetes.io/service-name=<name>`), as describe lists them. */
export function slicesOf(ctx: CommandContext, namespace: string, service: string): KObject[] {
  const api = ctx.world.cluster.api;
  return api.list(api.resourceOf('EndpointSlice'), namespace).filter((s) => s.metadata.labels?.['kubernetes.io/service-name'] === service);
}

const describeEndpoints: Describer = (ep, ctx) => {
  const w = new Writer();
  head(w, ep);
  w.write(0, 'Subsets:');
  for (const ss of (ep.subsets ?? []) as Json[]) {
    w.write(1, `Addresses:\t${((ss.addresses ?? []) as Json[]).map((a) => a.ip).join(',') || '<none>'}`);
    w.write(1, `NotReadyAddresses:\t${((ss.notReadyAddresses ?? []) as Json[]).map((a) => a.ip).join(',') || '<none>'}`);
    const ports: Json[] = ss.ports ?? [];
    if (ports.length) {
      w.write(1, 'Ports:');
      w.write(2, 'Name\tPort\tProtocol');
      w.write(2, '----\t----\t--------');
      for (const p of ports) w.write(2, `${p.name || '<unset>'}\t${p.port}\t${p.protocol ?? 'TCP'}`);
    }
    w.write(0, '');
  }
  eventsOf(ep, ctx, w);
  return w.toString();
};

const describeEndpointSlice: Describer = (s, ctx) => {
  const w = new Writer();
  head(w, s);
  w.write(0, `AddressType:\t${s.addressType ?? ''}`);
  const ports: Json[] = s.ports ?? [];
  if (ports.length === 0) w.write(0, 'Ports: <unset>');
  else {
    w.write(0, 'Ports:');
    w.write(1, 'Name\tPort\tProtocol');
    w.write(1, '----\t----\t--------');
    for (const p of ports) w.write(1, `${p.name || '<unset>'}\t${p.port ?? '<unset>'}\t${p.protocol ?? 'TCP'}`);
  }
  const endpoints: Json[] = s.endpoints ?? [];
  if (endpoints.length === 0) w.write(0, 'Endpoints: <none>');
  else {
    w.write(0, 'Endpoints:');
    for (const e of endpoints) {
      w.write(1, `- Addresses:\t${(e.addresses ?? []).join(', ') || '<none>'}`);
      w.write(2, 'Conditions:');
      w.write(3, `Ready:\t${typeof e.conditions?.ready === 'boolean' ? String(e.conditions.ready) : '<unset>'}`);
      w.write(2, `Hostname:\t${e.hostname ?? '<unset>'}`);
      if (e.targetRef) w.write(2, `TargetRef:\t${e.targetRef.kind}/${e.targetRef.name}`);
      w.write(2, `NodeName:\t${e.nodeName ?? '<unset>'}`);
      w.write(2, `Zone:\t${e.zone ?? '<unset>'}`);
    }
  }
  eventsOf(s, ctx, w);
  return w.toString();
};

const describeConfigMap: Describer = (cm, ctx) => {
  const w = new Writer();
  head(w, cm);
  w.part(0, '\nData\n====\n');
  for (const [k, v] of Object.entries((cm.data ?? {}) as Record<string, unknown>)) {
    w.part(0, `${k}:\n----\n`);
    w.part(0, `${String(v)}\n`);
    w.part(0, '\n');
  }
  w.part(0, '\nBinaryData\n====\n');
  for (const [k, v] of Object.entries((cm.binaryData ?? {}) as Record<string, unknown>)) w.part(0, `${k}: ${Buffer.from(String(v), 'base64').length} bytes\n`);
  w.part(0, '\n');
  eventsOf(cm, ctx, w);
  return w.toString();
};

/** describeSecret: sizes, never values (a service account token excepted); no events. */
const describeSecret: Describer = (s) => {
  const w = new Writer();
  head(w, s);
  w.part(0, `\nType:\t${s.type ?? 'Opaque'}\n`);
  w.part(0, '\nData\n====\n');
  for (const [k, v] of Object.entries((s.data ?? {}) as Record<string, string>)) {
    const raw = Buffer.from(v, 'base64');
    w.write(0, k === 'token' && s.type === 'kubernetes.io/service-account-token' ? `${k}:\t${raw.toString('utf8')}` : `${k}:\t${raw.length} bytes`);
  }
  return w.toString();
};

/** serviceBackendStringer, then describeBackendV1's endpoints (or the error that stopped it). */
function ingressBackend(ctx: CommandContext, ns: string, b: Json): string {
  if (b?.service) {
    const port = b.service.port?.number ? String(b.service.port.number) : b.service.port?.name ?? '';
    const sb = `${b.service.name}:${port}`;
    const api = ctx.world.cluster.api;
    const svc = api.peek(api.resourceOf('Service'), ns, b.service.name);
    if (!svc) return `${sb} (<error: services "${b.service.name}" not found>)`;
    let spName = '';
    for (const sp of (svc.spec?.ports ?? []) as Json[]) {
      if (b.service.port?.number && b.service.port.number === sp.port) spName = sp.name ?? '';
      else if (b.service.port?.name && b.service.port.name === sp.name) spName = sp.name ?? '';
    }
    return `${sb} (${formatEndpointSlices(slicesOf(ctx, ns, b.service.name), spName)})`;
  }
  if (b?.resource) return `APIGroup: ${b.resource.apiGroup ?? '<none>'}, Kind: ${b.resource.kind}, Name: ${b.resource.name}`;
  return '';
}

const describeIngress: Describer = (ing, ctx) => {
  const w = new Writer();
  const ns = ing.metadata.namespace as string;
  w.write(0, `Name:\t${ing.metadata.name}`);
  mapLines(w, 'Labels', ing.metadata.labels, '=');
  w.write(0, `Namespace:\t${ns}`);
  w.write(0, `Address:\t${[...new Set(((ing.status?.loadBalancer?.ingress ?? []) as Json[]).map((x) => x.ip || x.hostname).filter(Boolean))].sort().join(',')}`);
  w.write(0, `Ingress Class:\t${ing.spec?.ingressClassName ?? '<none>'}`);
  const def = ing.spec?.defaultBackend ? ingressBackend(ctx, ns, ing.spec.defaultBackend) : '<default>';
  w.write(0, `Default backend:\t${def}`);
  const tls: Json[] = ing.spec?.tls ?? [];
  if (tls.length) {
    w.write(0, 'TLS:');
    for (const t of tls) w.write(1, t.secretName ? `${t.secretName} terminates ${(t.hosts ?? []).join(',')}` : `SNI routes ${(t.hosts ?? []).join(',')}`);
  }
  w.write(0, 'Rules:\n  Host\tPath\tBackends');
  w.write(1, '----\t----\t--------');
  let count = 0;
  for (const r of (ing.spec?.rules ?? []) as Json[]) {
    if (!r.http) continue;
    count++;
    w.write(1, `${r.host || '*'}\t`);
    for (const p of (r.http.paths ?? []) as Json[]) w.write(2, `\t${p.path ?? ''} \t${ingressBackend(ctx, ns, p.backend)}`);
  }
  if (count === 0) w.write(1, `*\t*\t${def}`);
  mapLines(w, 'Annotations', ing.metadata.annotations, ': ');
  eventsOf(ing, ctx, w);
  return w.toString();
};

const describeIngressClass: Describer = (ic, ctx) => {
  const w = new Writer();
  head(w, ic, false);
  w.write(0, `Controller:\t${ic.spec?.controller ?? ''}`);
  const p = ic.spec?.parameters;
  if (p) {
    w.write(0, 'Parameters:');
    if (p.apiGroup !== undefined) w.write(1, `APIGroup:\t${p.apiGroup}`);
    w.write(1, `Kind:\t${p.kind}`);
    w.write(1, `Name:\t${p.name}`);
  }
  eventsOf(ic, ctx, w);
  return w.toString();
};

const describePersistentVolumeClaim: Describer = (pvc, ctx) => {
  const w = new Writer();
  const now = ctx.world.clock.now();
  w.write(0, `Name:\t${pvc.metadata.name}`);
  w.write(0, `Namespace:\t${pvc.metadata.namespace}`);
  w.write(0, `StorageClass:\t${storageClassOf(pvc)}`);
  w.write(0, pvc.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(pvc.metadata.deletionTimestamp, now)})` : `Status:\t${pvc.status?.phase ?? ''}`);
  w.write(0, `Volume:\t${pvc.spec?.volumeName ?? ''}`);
  mapLines(w, 'Labels', pvc.metadata.labels, '=');
  mapLines(w, 'Annotations', pvc.metadata.annotations, ': ');
  w.write(0, `Finalizers:\t${goList(pvc.metadata.finalizers)}`);
  const bound = Boolean(pvc.spec?.volumeName);
  w.write(0, `Capacity:\t${bound ? String(pvc.status?.capacity?.storage ?? '') : ''}`);
  w.write(0, `Access Modes:\t${bound ? accessModes(pvc.status?.accessModes) : ''}`);
  if (pvc.spec?.volumeMode) w.write(0, `VolumeMode:\t${pvc.spec.volumeMode}`);
  const api = ctx.world.cluster.api;
  const users = api.list(api.resourceOf('Pod'), pvc.metadata.namespace).filter((p) => ((p.spec?.volumes ?? []) as Json[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name))
    .map((p) => p.metadata.name as string).sort();
  if (users.length === 0) w.write(0, 'Used By:\t<none>');
  else users.forEach((u, i) => w.write(0, `${i === 0 ? 'Used By:' : ''}\t${u}`));
  eventsOf(pvc, ctx, w);
  return w.toString();
};

/** The Source block of a PersistentVolume (the kinds a learner writes; others say <unknown>, as for unknown sources). */
function pvSource(w: Writer, spec: Json): void {
  w.write(0, 'Source:');
  if (spec.hostPath) w.part(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${spec.hostPath.path ?? ''}\n    HostPathType:\t${spec.hostPath.type ?? '<none>'}\n`);
  else if (spec.nfs) w.part(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${spec.nfs.server ?? ''}\n    Path:\t${spec.nfs.path ?? ''}\n    ReadOnly:\t${spec.nfs.readOnly ?? false}\n`);
  else if (spec.local) w.part(2, `Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n    Path:\t${spec.local.path ?? ''}\n`);
  else if (spec.csi) {
    w.part(2, `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${spec.csi.driver ?? ''}\n    FSType:\t${spec.csi.fsType ?? ''}\n    VolumeHandle:\t${spec.csi.volumeHandle ?? ''}\n    ReadOnly:\t${spec.csi.readOnly ?? false}\n`);
    const attrs = Object.entries((spec.csi.volumeAttributes ?? {}) as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    if (attrs.length === 0) w.write(2, 'VolumeAttributes:\t<none>');
    else attrs.forEach(([k, v], i) => w.write(i === 0 ? 2 : 0, `${i === 0 ? 'VolumeAttributes:' : ''}\t${i === 0 ? '' : '    '}${k}=${v}`));
  } else w.write(1, '<unknown>');
}

const describePersistentVolume: Describer = (pv, ctx) => {
  const w = new Writer();
  const spec = pv.spec ?? {};
  w.write(0, `Name:\t${pv.metadata.name}`);
  mapLines(w, 'Labels', pv.metadata.labels, '=');
  mapLines(w, 'Annotations', pv.metadata.annotations, ': ');
  w.write(0, `Finalizers:\t${goList(pv.metadata.finalizers)}`);
  w.write(0, `StorageClass:\t${storageClassOf(pv)}`);
  w.write(0, pv.metadata.deletionTimestamp ? `Status:\tTerminating (lasts ${since(pv.metadata.deletionTimestamp, ctx.world.clock.now())})` : `Status:\t${pv.status?.phase ?? ''}`);
  w.write(0, `Claim:\t${spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : ''}`);
  w.write(0, `Reclaim Policy:\t${spec.persistentVolumeReclaimPolicy ?? ''}`);
  w.write(0, `Access Modes:\t${accessModes(spec.accessModes)}`);
  if (spec.volumeMode) w.write(0, `VolumeMode:\t${spec.volumeMode}`);
  w.write(0, `Capacity:\t${String(spec.capacity?.storage ?? '0')}`);
  w.write(0, `Node Affinity:\t${spec.nodeAffinity?.required ? '' : '<none>'}`);
  w.write(0, `Message:\t${pv.status?.message ?? ''}`);
  pvSource(w, spec);
  eventsOf(pv, ctx, w);
  return w.toString();
};

const describeStorageClass: Describer = (sc, ctx) => {
  const w = new Writer();
  const dflt = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'].some((k) => sc.metadata.annotations?.[k] === 'true');
  w.write(0, `Name:\t${sc.metadata.name}`);
  w.write(0, `IsDefaultClass:\t${dflt ? 'Yes' : 'No'}`);
  w.write(0, `Annotations:\t${labelsToString(sc.metadata.annotations)}`);
  w.write(0, `Provisioner:\t${sc.provisioner ?? ''}`);
  w.write(0, `Parameters:\t${labelsToString(sc.parameters)}`);
  w.write(0, `AllowVolumeExpansion:\t${typeof sc.allowVolumeExpansion === 'boolean' ? (sc.allowVolumeExpansion ? 'True' : 'False') : '<unset>'}`);
  const opts: string[] = sc.mountOptions ?? [];
  if (opts.length === 0) w.write(0, 'MountOptions:\t<none>');
  else { w.write(0, 'MountOptions:'); for (const o of opts) w.write(1, o); }
  if (sc.reclaimPolicy) w.write(0, `ReclaimPolicy:\t${sc.reclaimPolicy}`);
  if (sc.volumeBindingMode) w.write(0, `VolumeBindingMode:\t${sc.volumeBindingMode}`);
  eventsOf(sc, ctx, w);
  return w.toString();
};

/** rbac.BreakdownRule then CompactRules, sorted as SortableRuleSlice sorts (by the rule's String()). */
function policyRules(rules: readonly Json[]): Json[] {
  const broken: Json[] = [];
  for (const r of rules) {
    for (const g of (r.apiGroups ?? []) as string[]) {
      for (const res of (r.resources ?? []) as string[]) {
        if ((r.resourceNames ?? []).length) for (const n of r.resourceNames as string[]) broken.push({ apiGroups: [g], resources: [res], verbs: r.verbs ?? [], resourceNames: [n] });
        else broken.push({ apiGroups: [g], resources: [res], verbs: r.verbs ?? [] });
      }
    }
    for (const u of (r.nonResourceURLs ?? []) as string[]) broken.push({ nonResourceURLs: [u], verbs: r.verbs ?? [] });
  }
  const compacted: Json[] = [];
  const simple = new Map<string, Json>();
  for (const r of broken) {
    if (!r.nonResourceURLs) {
      const key = `${r.apiGroups[0]}|${r.resources[0]}|${r.resourceNames?.[0] ?? ''}`;
      const existing = simple.get(key);
      if (existing) existing.verbs = [...existing.verbs, ...r.verbs];
      else simple.set(key, { ...r, verbs: [...r.verbs] });
    } else compacted.push(r);
  }
  compacted.push(...simple.values());
  const str = (r: Json): string => `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
  return compacted.map((r, i) => ({ r, i, s: str(r) })).sort((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : a.i - b.i)).map((x) => x.r);
}

/** CombineResourceGroup: `deployments.apps`, `pods/log`. */
function resourceGroup(resources: string[] | undefined, groups: string[] | undefined): string {
  if (!resources?.length) return '';
  const [base, sub] = (resources[0] as string).split(/\/(.*)/s);
  return `${base}${groups?.[0] ? `.${groups[0]}` : ''}${sub !== undefined ? `/${sub}` : ''}`;
}

const describeRole: Describer = (role) => {
  const w = new Writer();
  head(w, role, false);
  w.write(0, 'PolicyRule:');
  w.write(1, 'Resources\tNon-Resource URLs\tResource Names\tVerbs');
  w.write(1, '---------\t-----------------\t--------------\t-----');
  for (const r of policyRules(role.rules ?? [])) w.write(1, `${resourceGroup(r.resources, r.apiGroups)}\t${goList(r.nonResourceURLs)}\t${goList(r.resourceNames)}\t${goList(r.verbs)}`);
  return w.toString();
};

const describeBinding: Describer = (b) => {
  const w = new Writer();
  head(w, b, false);
  w.write(0, 'Role:');
  w.write(1, `Kind:\t${b.roleRef?.kind ?? ''}`);
  w.write(1, `Name:\t${b.roleRef?.name ?? ''}`);
  w.write(0, 'Subjects:');
  w.write(1, 'Kind\tName\tNamespace');
  w.write(1, '----\t----\t---------');
  for (const s of (b.subjects ?? []) as Json[]) w.write(1, `${s.kind}\t${s.name}\t${s.namespace ?? ''}`);
  return w.toString();
};

const describePodDisruptionBudget: Describer = (pdb, ctx) => {
  const w = new Writer();
  w.write(0, `Name:\t${pdb.metadata.name}`);
  w.write(0, `Namespace:\t${pdb.metadata.namespace}`);
  if (pdb.spec?.minAvailable !== undefined) w.write(0, `Min available:\t${pdb.spec.minAvailable}`);
  else if (pdb.spec?.maxUnavailable !== undefined) w.write(0, `Max unavailable:\t${pdb.spec.maxUnavailable}`);
  w.write(0, `Selector:\t${pdb.spec?.selector ? formatSelector(pdb.spec.selector) : '<unset>'}`);
  w.write(0, 'Status:');
  w.write(2, `Allowed disruptions:\t${pdb.status?.disruptionsAllowed ?? 0}`);
  w.write(2, `Current:\t${pdb.status?.currentHealthy ?? 0}`);
  w.write(2, `Desired:\t${pdb.status?.desiredHealthy ?? 0}`);
  w.write(2, `Total:\t${pdb.status?.expectedPods ?? 0}`);
  eventsOf(pdb, ctx, w);
  return w.toString();
};

const describePriorityClass: Describer = (pc, ctx) => {
  const w = new Writer();
  w.write(0, `Name:\t${pc.metadata.name}`);
  w.write(0, `Value:\t${pc.value ?? 0}`);
  w.write(0, `GlobalDefault:\t${pc.globalDefault ?? false}`);
  w.write(0, `PreemptionPolicy:\t${pc.preemptionPolicy ?? ''}`);
  w.write(0, `Description:\t${pc.description ?? ''}`);
  w.write(0, `Annotations:\t${labelsToString(pc.metadata.annotations)}`);
  eventsOf(pc, ctx, w);
  return w.toString();
};

const describeHorizontalPodAutoscaler: Describer = (hpa, ctx) => {
  const w = new Writer();
  const spec = hpa.spec ?? {};
  head(w, hpa);
  w.write(0, `CreationTimestamp:\t${rfc1123z(hpa.metadata.creationTimestamp)}`);
  w.write(0, `Reference:\t${spec.scaleTargetRef?.kind ?? ''}/${spec.scaleTargetRef?.name ?? ''}`);
  w.write(0, 'Metrics:\t( current / target )');
  ((spec.metrics ?? []) as Json[]).forEach((m, i) => {
    const st = (hpa.status?.currentMetrics ?? [])[i];
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      const src = m.type === 'Resource' ? m.resource : m.containerResource;
      const cur = m.type === 'Resource' ? st?.resource : st?.containerResource;
      w.part(1, m.type === 'Resource' ? `resource ${src?.name} on pods` : `resource ${src?.name} of container "${src?.container}" on pods`);
      if (src?.target?.averageValue !== undefined) w.write(0, `:\t${cur?.current?.averageValue ?? '<unknown>'} / ${src.target.averageValue}`);
      else {
        const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}% (${cur.current.averageValue ?? '0'})` : '<unknown>';
        w.write(1, `(as a percentage of request):\t${current} / ${src?.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>'}`);
      }
    } else if (m.type === 'Pods') w.write(1, `"${m.pods?.metric?.name}" on pods:\t${st?.pods?.current?.averageValue ?? '<unknown>'} / ${m.pods?.target?.averageValue}`);
    else w.write(1, `<unknown metric type "${m.type}">`);
  });
  w.write(0, `Min replicas:\t${spec.minReplicas ?? '<unset>'}`);
  w.write(0, `Max replicas:\t${spec.maxReplicas ?? 0}`);
  if (spec.behavior) {
    w.write(0, 'Behavior:');
    for (const [label, key] of [['Scale Up', 'scaleUp'], ['Scale Down', 'scaleDown']] as const) {
      const rules = spec.behavior[key];
      if (!rules) continue;
      w.write(1, `${label}:`);
      if (rules.stabilizationWindowSeconds !== undefined) w.write(2, `Stabilization Window: ${rules.stabilizationWindowSeconds} seconds`);
      if ((rules.policies ?? []).length) {
        w.write(2, `Select Policy: ${rules.selectPolicy ?? 'Max'}`);
        w.write(2, 'Policies:');
        for (const p of rules.policies as Json[]) w.write(3, `- Type: ${p.type}\tValue: ${p.value}\tPeriod: ${p.periodSeconds} seconds`);
      }
    }
  }
  w.part(0, `${spec.scaleTargetRef?.kind ?? ''} pods:\t`);
  w.write(0, `${hpa.status?.currentReplicas ?? 0} current / ${hpa.status?.desiredReplicas ?? 0} desired`);
  const conds: Json[] = hpa.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:');
    w.write(1, 'Type\tStatus\tReason\tMessage');
    w.write(1, '----\t------\t------\t-------');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${c.reason}\t${c.message}`);
  }
  eventsOf(hpa, ctx, w);
  return w.toString();
};

const describeResourceQuota: Describer = (q) => {
  const w = new Writer();
  w.write(0, `Name:\t${q.metadata.name}`);
  w.write(0, `Namespace:\t${q.metadata.namespace}`);
  w.write(0, 'Resource\tUsed\tHard');
  w.write(0, '--------\t----\t----');
  const hard = (q.status?.hard ?? {}) as Record<string, unknown>;
  for (const r of Object.keys(hard).sort()) w.write(0, `${r}\t${String(q.status?.used?.[r] ?? '0')}\t${String(hard[r])}`);
  return w.toString();
};

/** describeLimitRangeSpec: one row per limit type and resource ('-' for what is unset). */
function limitRows(w: Writer, lr: KObject, prefix: string): void {
  for (const item of (lr.spec?.limits ?? []) as Json[]) {
    const keys = new Set<string>();
    for (const k of ['max', 'min', 'default', 'defaultRequest', 'maxLimitRequestRatio']) for (const r of Object.keys(item[k] ?? {})) keys.add(r);
    for (const r of keys) {
      const v = (k: string): string => (item[k]?.[r] !== undefined ? String(item[k][r]) : '-');
      w.write(0, `${prefix}${item.type}\t${r}\t${v('min')}\t${v('max')}\t${v('defaultRequest')}\t${v('default')}\t${v('maxLimitRequestRatio')}`);
    }
  }
}

const describeLimitRange: Describer = (lr) => {
  const w = new Writer();
  w.write(0, `Name:\t${lr.metadata.name}`);
  w.write(0, `Namespace:\t${lr.metadata.namespace}`);
  w.write(0, 'Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
  w.write(0, '----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
  limitRows(w, lr, '');
  return w.toString();
};

const describeNamespace: Describer = (ns, ctx) => {
  const w = new Writer();
  head(w, ns, false);
  w.write(0, `Status:\t${ns.status?.phase ?? 'Active'}`);
  const api = ctx.world.cluster.api;
  const quotas = api.list(api.resourceOf('ResourceQuota'), ns.metadata.name);
  w.write(0, '');
  if (quotas.length === 0) w.write(0, 'No resource quota.');
  else {
    w.write(0, 'Resource Quotas');
    for (const q of quotas) {
      w.write(1, `Name:\t${q.metadata.name}`);
      w.write(1, 'Resource\tUsed\tHard');
      w.write(1, '--------\t---\t---');
      const hard = (q.status?.hard ?? {}) as Record<string, unknown>;
      for (const r of Object.keys(hard).sort()) w.write(1, `${r}\t${String(q.status?.used?.[r] ?? '0')}\t${String(hard[r])}`);
    }
  }
  const limits = api.list(api.resourceOf('LimitRange'), ns.metadata.name);
  w.write(0, '');
  if (limits.length === 0) w.write(0, 'No LimitRange resource.');
  else {
    w.write(0, 'Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio');
    w.write(0, ' ----\t--------\t---\t---\t---------------\t-------------\t-----------------------');
    for (const lr of limits) limitRows(w, lr, ' ');
  }
  return w.toString();
};

/** A network policy peer list (printNetworkPolicySpecIngressFrom / EgressTo). */
function policyPeers(w: Writer, rules: Json[] | undefined, dir: 'From' | 'To'): void {
  const indent = '    ';
  if (!rules || rules.length === 0) { w.write(0, `${indent}<none> (Selected pods are isolated for ${dir === 'From' ? 'ingress' : 'egress'} connectivity)`); return; }
  rules.forEach((rule, i) => {
    const ports: Json[] = rule.ports ?? [];
    if (ports.length === 0) w.write(0, `${indent}To Port: <any> (traffic allowed to all ports)`);
    for (const p of ports) w.write(0, p.endPort === undefined ? `${indent}To Port: ${p.port ?? ''}/${p.protocol ?? 'TCP'}` : `${indent}To Port Range: ${p.port}-${p.endPort}/${p.protocol ?? 'TCP'}`);
    const peers: Json[] = rule[dir === 'From' ? 'from' : 'to'] ?? [];
    if (peers.length === 0) w.write(0, `${indent}${dir}: <any> (traffic not restricted by ${dir === 'From' ? 'source' : 'destination'})`);
    for (const peer of peers) {
      w.write(0, `${indent}${dir}:`);
      if (peer.namespaceSelector) w.write(1, `${indent}NamespaceSelector: ${formatSelector(peer.namespaceSelector)}`);
      if (peer.podSelector) w.write(1, `${indent}PodSelector: ${formatSelector(peer.podSelector)}`);
      if (peer.ipBlock && !peer.podSelector && !peer.namespaceSelector) {
        w.write(1, `${indent}IPBlock:`);
        w.write(2, `${indent}CIDR: ${peer.ipBlock.cidr}`);
        w.write(2, `${indent}Except: ${(peer.ipBlock.except ?? []).join(', ')}`);
      }
    }
    if (i !== rules.length - 1) w.write(0, `${indent}----------`);
  });
}

const describeNetworkPolicy: Describer = (np) => {
  const w = new Writer();
  const spec = np.spec ?? {};
  w.write(0, `Name:\t${np.metadata.name}`);
  w.write(0, `Namespace:\t${np.metadata.namespace}`);
  w.write(0, `Created on:\t${goTime(np.metadata.creationTimestamp)}`);
  mapLines(w, 'Labels', np.metadata.labels, '=');
  mapLines(w, 'Annotations', np.metadata.annotations, ': ');
  w.write(0, 'Spec:');
  w.part(1, 'PodSelector: ');
  const sel = spec.podSelector ?? {};
  w.write(2, Object.keys(sel.matchLabels ?? {}).length + (sel.matchExpressions ?? []).length === 0 ? '<none> (Allowing the specific traffic to all pods in this namespace)' : formatSelector(sel));
  const types: string[] = spec.policyTypes ?? [];
  if (types.includes('Ingress')) { w.write(1, 'Allowing ingress traffic:'); policyPeers(w, spec.ingress, 'From'); } else w.write(1, 'Not affecting ingress traffic');
  if (types.includes('Egress')) { w.write(1, 'Allowing egress traffic:'); policyPeers(w, spec.egress, 'To'); } else w.write(1, 'Not affecting egress traffic');
  w.write(1, `Policy Types: ${types.join(', ') || '<none>'}`);
  return w.toString();
};

const describeReplicationController: Describer = (rc, ctx) => {
  const w = new Writer();
  w.write(0, `Name:\t${rc.metadata.name}`);
  w.write(0, `Namespace:\t${rc.metadata.namespace}`);
  w.write(0, `Selector:\t${labelsToString(rc.spec?.selector)}`);
  mapLines(w, 'Labels', rc.metadata.labels, '=');
  mapLines(w, 'Annotations', rc.metadata.annotations, ': ');
  w.write(0, `Replicas:\t${rc.status?.replicas ?? 0} current / ${rc.spec?.replicas ?? 1} desired`);
  const api = ctx.world.cluster.api;
  const sel = (rc.spec?.selector ?? {}) as Record<string, string>;
  const pods = api.list(api.resourceOf('Pod'), rc.metadata.namespace).filter((p) => Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v) && p.metadata.ownerReferences?.some((o) => o.uid === rc.metadata.uid));
  const count = (s: string): number => pods.filter((p) => (p.status?.phase ?? 'Pending') === s).length;
  w.write(0, `Pods Status:\t${count('Running')} Running / ${count('Pending')} Waiting / ${count('Succeeded')} Succeeded / ${count('Failed')} Failed`);
  podTemplate(w, rc.spec?.template);
  eventsOf(rc, ctx, w);
  return w.toString();
};

// ── the generic describer ────────────────────────────────────────────────────────────────────────

/** fatih/camelcase's Split: runs of lower case, upper case, digits and others; `ABCDef` → `ABC`, `Def`. */
function camelSplit(s: string): string[] {
  const cls = (c: string): number => (/[a-z]/.test(c) ? 1 : /[A-Z]/.test(c) ? 2 : /[0-9]/.test(c) ? 3 : 4);
  const runs: string[][] = [];
  let last = 0;
  for (const c of s) {
    const k = cls(c);
    if (k === last && runs.length) (runs.at(-1) as string[]).push(c);
    else runs.push([c]);
    last = k;
  }
  for (let i = 0; i < runs.length - 1; i++) {
    const a = runs[i] as string[];
    const b = runs[i + 1] as string[];
    if (cls(a[0] as string) === 2 && cls(b[0] as string) === 1) { b.unshift(a.pop() as string); }
  }
  return runs.filter((r) => r.length).map((r) => r.join(''));
}

/** smartLabelFor: `holderIdentity` → `Holder Identity`, `apiVersion` → `API Version`. */
function smartLabel(field: string): string {
  if (/[^A-Za-z-]/.test(field)) return field;
  return camelSplit(field).filter((p) => p !== '_').map((p) => (['API', 'URL', 'UID', 'OSB', 'GUID'].includes(p.toUpperCase()) ? p.toUpperCase() : p.charAt(0).toUpperCase() + p.slice(1))).join(' ');
}

const GENERIC_SKIP = ['.metadata.managedFields', '.metadata.name', '.metadata.namespace', '.metadata.labels', '.metadata.annotations'];

/** printUnstructuredContent: fields sorted, maps and lists as nested blocks, the rest `Label:\tvalue`. */
function unstructured(w: Writer, level: number, content: Record<string, unknown>, prefix: string): void {
  for (const field of Object.keys(content).sort()) {
    const value = content[field];
    const path = `${prefix}.${field}`;
    if (GENERIC_SKIP.includes(path)) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:`);
      unstructured(w, level + 1, value as Record<string, unknown>, path);
    } else if (Array.isArray(value)) {
      w.write(level, `${smartLabel(field)}:`);
      for (const child of value) {
        if (child && typeof child === 'object' && !Array.isArray(child)) unstructured(w, level + 1, child as Record<string, unknown>, path);
        else w.write(level + 1, String(child));
      }
    } else {
      w.write(level, `${smartLabel(field)}:\t${value === null ? '<nil>' : String(value)}`);
    }
  }
}

/** genericDescriber: for kinds kubectl has no describer for (Lease, CSIDriver, APIService…). */
export function describeGeneric(obj: KObject, ctx: CommandContext): string {
  const w = new Writer();
  w.write(0, `Name:\t${obj.metadata.name}`);
  w.write(0, `Namespace:\t${obj.metadata.namespace ?? ''}`);
  mapLines(w, 'Labels', obj.metadata.labels, '=');
  mapLines(w, 'Annotations', obj.metadata.annotations, ': ');
  unstructured(w, 0, obj as unknown as Record<string, unknown>, '');
  eventsOf(obj, ctx, w);
  return w.toString();
}

const DESCRIBERS: Readonly<Record<string, Describer>> = {
  Endpoints: describeEndpoints,
  EndpointSlice: describeEndpointSlice,
  ConfigMap: describeConfigMap,
  Secret: describeSecret,
  Ingress: describeIngress,
  IngressClass: describeIngressClass,
  PersistentVolumeClaim: describePersistentVolumeClaim,
  PersistentVolume: describePersistentVolume,
  StorageClass: describeStorageClass,
  Role: describeRole,
  ClusterRole: describeRole,
  RoleBinding: describeBinding,
  ClusterRoleBinding: describeBinding,
  PodDisruptionBudget: describePodDisruptionBudget,
  PriorityClass: describePriorityClass,
  HorizontalPodAutoscaler: describeHorizontalPodAutoscaler,
  ResourceQuota: describeResourceQuota,
  LimitRange: describeLimitRange,
  Namespace: describeNamespace,
  NetworkPolicy: describeNetworkPolicy,
  ReplicationController: describeReplicationController,
};

/** kubectl's describer for a kind (its group's), if it has one. */
export function describerFor(type: ResourceType): Describer | undefined {
  return type.group === 'events.k8s.io' ? undefined : DESCRIBERS[type.kind];
}
