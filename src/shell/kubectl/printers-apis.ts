/**
 * The API server's tables for the kinds beyond pods and their controllers: networking, storage,
 * RBAC, policy, scheduling, coordination, admission and the cluster's own bookkeeping. Each is
 * the column list and cell logic of pkg/printers/internalversion/printers.go (Kubernetes 1.32);
 * kinds without a printer there get the server's default table (NAME, CREATED AT — see
 * defaultTable), as apiserver's rest.NewDefaultTableConvertor builds it.
 */
import type { Json, KObject } from '../../sim/cluster/objects.ts';
import { formatSelector, labelsToString } from '../../sim/cluster/objects.ts';
import { age, since, type TableSpec } from './printers.ts';

const none = (): string[] => [];
const name = (o: KObject): string => o.metadata.name as string;

/** A table with no wide columns. */
function simple(headers: readonly string[], row: (o: KObject, now: number) => string[]): TableSpec {
  return { headers, wideHeaders: [], row, wide: none };
}

/** listWithMoreString: the first three, then `+ N more...`; `<unset>` for none. */
function withMore(items: readonly string[], max = 3): string {
  const shown = items.slice(0, max).join(',');
  if (items.length > max) return `${shown} + ${items.length - max} more...`;
  return shown === '' ? '<unset>' : shown;
}

/** formatEndpoints: `10.244.1.5:80,10.244.2.3:80 + 1 more...` over every subset's ready addresses and ports. */
export function formatEndpoints(ep: KObject): string {
  const subsets: Json[] = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  let more = false;
  for (const ss of subsets) {
    const addrs: Json[] = ss.addresses ?? [];
    const ports: Json[] = ss.ports ?? [];
    // Headless services may have no ports: the bare addresses.
    const pairs = ports.length === 0 ? [undefined] : ports;
    for (const port of pairs) {
      count += addrs.length;
      for (const a of addrs) {
        if (list.length === 3) { more = true; break; }
        list.push(port === undefined ? a.ip : joinHostPort(a.ip, port.port));
      }
    }
  }
  const ret = list.join(',');
  return more ? `${ret} + ${count - 3} more...` : ret;
}

/** net.JoinHostPort: IPv6 addresses go in brackets. */
export function joinHostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

/** GetAccessModesAsString: RWO, ROX, RWX, RWOP in that order, each once. */
export function accessModes(modes: readonly string[] | undefined): string {
  const m = modes ?? [];
  return [['ReadWriteOnce', 'RWO'], ['ReadOnlyMany', 'ROX'], ['ReadWriteMany', 'RWX'], ['ReadWriteOncePod', 'RWOP']].filter(([k]) => m.includes(k as string)).map(([, v]) => v).join(',');
}

const BETA_CLASS = 'volume.beta.kubernetes.io/storage-class';

/** The class of a volume or claim: the old beta annotation wins over spec.storageClassName. */
export function storageClassOf(o: KObject): string {
  return o.metadata.annotations?.[BETA_CLASS] ?? o.spec?.storageClassName ?? '';
}

/** formatHPAMetrics: `cpu: 12%/50%`, `<unknown>` until the metrics pipeline reports, two at most. */
function hpaMetrics(hpa: KObject): string {
  const specs: Json[] = hpa.spec?.metrics ?? [];
  if (specs.length === 0) return '<none>';
  const statuses: Json[] = hpa.status?.currentMetrics ?? [];
  const list = specs.map((spec, i) => {
    const st = statuses[i];
    const avgOrValue = (source: Json, current: Json, prefix: string): string => {
      if (source?.target?.averageValue !== undefined) return `${prefix}${current?.current?.averageValue ?? '<unknown>'}/${source.target.averageValue}${prefix ? '' : ' (avg)'}`;
      return `${prefix}${current?.current?.value ?? '<unknown>'}/${source?.target?.value}`;
    };
    switch (spec.type) {
      case 'External': return avgOrValue(spec.external, st?.external, '');
      case 'Object': return avgOrValue(spec.object, st?.object, '');
      case 'Pods': return `${st?.pods?.current?.averageValue ?? '<unknown>'}/${spec.pods?.target?.averageValue}`;
      case 'Resource': case 'ContainerResource': {
        const src = spec.type === 'Resource' ? spec.resource : spec.containerResource;
        const cur = spec.type === 'Resource' ? st?.resource : st?.containerResource;
        if (src?.target?.averageValue !== undefined) return `${src.name}: ${cur?.current?.averageValue ?? '<unknown>'}/${src.target.averageValue}`;
        const current = cur?.current?.averageUtilization !== undefined ? `${cur.current.averageUtilization}%` : '<unknown>';
        const target = src?.target?.averageUtilization !== undefined ? `${src.target.averageUtilization}%` : '<auto>';
        return `${src?.name}: ${current}/${target}`;
      }
      default: return '<unknown type>';
    }
  });
  return list.length > 2 ? `${list.slice(0, 2).join(', ')} + ${list.length - 2} more...` : list.join(', ');
}

/** extractCSRStatus: Denied, Approved or Pending, then `,Failed` and `,Issued`. */
function csrStatus(csr: KObject): string {
  const types = new Set(((csr.status?.conditions ?? []) as Json[]).map((c) => c.type));
  let s = types.has('Denied') ? 'Denied' : types.has('Approved') ? 'Approved' : 'Pending';
  if (types.has('Failed')) s += ',Failed';
  if (csr.status?.certificate) s += ',Issued';
  return s;
}

/** RBAC's SubjectsStrings: users, groups and `namespace/name` service accounts. */
function subjects(o: KObject, kind: string): string {
  return ((o.subjects ?? []) as Json[]).filter((s) => s.kind === kind).map((s) => (kind === 'ServiceAccount' ? `${s.namespace ?? ''}/${s.name}` : s.name)).join(', ');
}

const bindingTable: TableSpec = {
  headers: ['NAME', 'ROLE', 'AGE'], wideHeaders: ['USERS', 'GROUPS', 'SERVICEACCOUNTS'],
  row: (b, now) => [name(b), `${b.roleRef?.kind ?? ''}/${b.roleRef?.name ?? ''}`, since(b.metadata.creationTimestamp, now)],
  wide: (b) => [subjects(b, 'User'), subjects(b, 'Group'), subjects(b, 'ServiceAccount')],
};

const webhookTable = simple(['NAME', 'WEBHOOKS', 'AGE'], (w, now) => [name(w), String((w.webhooks ?? []).length), since(w.metadata.creationTimestamp, now)]);

const boolText = (v: unknown, dflt: boolean): string => String(typeof v === 'boolean' ? v : dflt);

/** A claim's or policy binding's paramRef, as the printers show it. */
function paramRef(pr: Json): string {
  if (!pr) return '<unset>';
  if (pr.name) return pr.namespace ? `${pr.namespace}/${pr.name}` : `*/${pr.name}`;
  return pr.selector ? formatSelector(pr.selector) : '<unset>';
}

export const API_TABLES: Readonly<Record<string, TableSpec>> = {
  Endpoints: simple(['NAME', 'ENDPOINTS', 'AGE'], (e, now) => [name(e), formatEndpoints(e), since(e.metadata.creationTimestamp, now)]),
  EndpointSlice: simple(['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE'], (s, now) => [
    name(s), s.addressType ?? '',
    withMore(((s.ports ?? []) as Json[]).map((p) => (p.port !== undefined && p.port !== null ? String(p.port) : p.name ?? '*'))),
    withMore(((s.endpoints ?? []) as Json[]).flatMap((e) => e.addresses ?? [])),
    since(s.metadata.creationTimestamp, now),
  ]),
  PersistentVolume: {
    headers: ['NAME', 'CAPACITY', 'ACCESS MODES', 'RECLAIM POLICY', 'STATUS', 'CLAIM', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'REASON', 'AGE'], wideHeaders: ['VOLUMEMODE'],
    row: (pv, now) => [name(pv), String(pv.spec?.capacity?.storage ?? ''), accessModes(pv.spec?.accessModes), pv.spec?.persistentVolumeReclaimPolicy ?? '',
      pv.metadata.deletionTimestamp ? 'Terminating' : pv.status?.phase ?? '', pv.spec?.claimRef ? `${pv.spec.claimRef.namespace ?? ''}/${pv.spec.claimRef.name ?? ''}` : '',
      storageClassOf(pv), pv.spec?.volumeAttributesClassName ?? '<unset>', pv.status?.reason ?? '', since(pv.metadata.creationTimestamp, now)],
    wide: (pv) => [pv.spec?.volumeMode ?? '<unset>'],
  },
  PersistentVolumeClaim: {
    headers: ['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE'], wideHeaders: ['VOLUMEMODE'],
    row: (c, now) => {
      const bound = Boolean(c.spec?.volumeName);
      return [name(c), c.metadata.deletionTimestamp ? 'Terminating' : c.status?.phase ?? '', c.spec?.volumeName ?? '', bound ? String(c.status?.capacity?.storage ?? '') : '',
        bound ? accessModes(c.status?.accessModes) : '', storageClassOf(c), c.spec?.volumeAttributesClassName ?? '<unset>', since(c.metadata.creationTimestamp, now)];
    },
    wide: (c) => [c.spec?.volumeMode ?? '<unset>'],
  },
  Ingress: simple(['NAME', 'CLASS', 'HOSTS', 'ADDRESS', 'PORTS', 'AGE'], (i, now) => {
    // formatHosts: up to three hosts; once three are listed, any further rule means `+ N more...`.
    const rules: Json[] = i.spec?.rules ?? [];
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && r.host) hosts.push(r.host);
    }
    const hostText = hosts.length === 0 ? '*' : more ? `${hosts.join(',')} + ${rules.length - 3} more...` : hosts.join(',');
    const lb = [...new Set(((i.status?.loadBalancer?.ingress ?? []) as Json[]).map((x) => x.ip || x.hostname).filter(Boolean))].sort().join(',');
    return [name(i), i.spec?.ingressClassName ?? '<none>', hostText, lb.length > 16 ? `${lb.slice(0, 13)}...` : lb, (i.spec?.tls ?? []).length ? '80, 443' : '80', since(i.metadata.creationTimestamp, now)];
  }),
  IngressClass: simple(['NAME', 'CONTROLLER', 'PARAMETERS', 'AGE'], (c, now) => {
    const p = c.spec?.parameters;
    return [name(c), c.spec?.controller ?? '', p ? `${p.kind}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name}` : '<none>', since(c.metadata.creationTimestamp, now)];
  }),
  NetworkPolicy: simple(['NAME', 'POD-SELECTOR', 'AGE'], (n, now) => [name(n), formatSelector(n.spec?.podSelector), since(n.metadata.creationTimestamp, now)]),
  PodDisruptionBudget: simple(['NAME', 'MIN AVAILABLE', 'MAX UNAVAILABLE', 'ALLOWED DISRUPTIONS', 'AGE'], (p, now) => [
    name(p), p.spec?.minAvailable !== undefined ? String(p.spec.minAvailable) : 'N/A', p.spec?.maxUnavailable !== undefined ? String(p.spec.maxUnavailable) : 'N/A',
    String(p.status?.disruptionsAllowed ?? 0), since(p.metadata.creationTimestamp, now),
  ]),
  HorizontalPodAutoscaler: simple(['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE'], (h, now) => [
    name(h), `${h.spec?.scaleTargetRef?.kind ?? ''}/${h.spec?.scaleTargetRef?.name ?? ''}`, hpaMetrics(h),
    h.spec?.minReplicas !== undefined ? String(h.spec.minReplicas) : '<unset>', String(h.spec?.maxReplicas ?? 0), String(h.status?.currentReplicas ?? 0), since(h.metadata.creationTimestamp, now),
  ]),
  ReplicationController: {
    headers: ['NAME', 'DESIRED', 'CURRENT', 'READY', 'AGE'], wideHeaders: ['CONTAINERS', 'IMAGES', 'SELECTOR'],
    row: (r, now) => [name(r), String(r.spec?.replicas ?? 0), String(r.status?.replicas ?? 0), String(r.status?.readyReplicas ?? 0), since(r.metadata.creationTimestamp, now)],
    wide: (r) => [((r.spec?.template?.spec?.containers ?? []) as Json[]).map((c) => c.name).join(','), ((r.spec?.template?.spec?.containers ?? []) as Json[]).map((c) => c.image).join(','), labelsToString(r.spec?.selector)],
  },
  PodTemplate: simple(['NAME', 'CONTAINERS', 'IMAGES', 'POD LABELS'], (t) => [
    name(t), ((t.template?.spec?.containers ?? []) as Json[]).map((c) => c.name).join(','), ((t.template?.spec?.containers ?? []) as Json[]).map((c) => c.image).join(','), labelsToString(t.template?.metadata?.labels),
  ]),
  ResourceQuota: simple(['NAME', 'REQUEST', 'LIMIT', 'AGE'], (q, now) => {
    const hard = (q.status?.hard ?? {}) as Record<string, unknown>;
    const used = (q.status?.used ?? {}) as Record<string, unknown>;
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) (r.startsWith('limits.') ? limits : requests).push(`${r}: ${String(used[r] ?? '0')}/${String(hard[r])}`);
    return [name(q), requests.join(', '), limits.join(', '), since(q.metadata.creationTimestamp, now)];
  }),
  ComponentStatus: simple(['NAME', 'STATUS', 'MESSAGE', 'ERROR'], (c) => {
    const healthy = ((c.conditions ?? []) as Json[]).find((x) => x.type === 'Healthy');
    return [name(c), healthy ? (healthy.status === 'True' ? 'Healthy' : 'Unhealthy') : 'Unknown', healthy?.message ?? '', healthy?.error ?? ''];
  }),
  RoleBinding: bindingTable,
  ClusterRoleBinding: bindingTable,
  CertificateSigningRequest: simple(['NAME', 'AGE', 'SIGNERNAME', 'REQUESTOR', 'REQUESTEDDURATION', 'CONDITION'], (c, now) => [
    name(c), since(c.metadata.creationTimestamp, now), c.spec?.signerName || '<none>', c.spec?.username ?? '',
    typeof c.spec?.expirationSeconds === 'number' ? age(c.spec.expirationSeconds * 1000) : '<none>', csrStatus(c),
  ]),
  Lease: simple(['NAME', 'HOLDER', 'AGE'], (l, now) => [name(l), l.spec?.holderIdentity ?? '', since(l.metadata.creationTimestamp, now)]),
  StorageClass: simple(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE'], (s, now) => {
    const dflt = ['storageclass.kubernetes.io/is-default-class', 'storageclass.beta.kubernetes.io/is-default-class'].some((k) => s.metadata.annotations?.[k] === 'true');
    return [`${name(s)}${dflt ? ' (default)' : ''}`, s.provisioner ?? '', s.reclaimPolicy ?? 'Delete', s.volumeBindingMode ?? 'Immediate', boolText(s.allowVolumeExpansion, false), since(s.metadata.creationTimestamp, now)];
  }),
  PriorityClass: {
    headers: ['NAME', 'VALUE', 'GLOBAL-DEFAULT', 'AGE'], wideHeaders: ['PREEMPTIONPOLICY'],
    row: (p, now) => [name(p), String(p.value ?? 0), boolText(p.globalDefault, false), since(p.metadata.creationTimestamp, now)],
    wide: (p) => [p.preemptionPolicy ?? ''],
  },
  RuntimeClass: simple(['NAME', 'HANDLER', 'AGE'], (r, now) => [name(r), r.handler ?? '', since(r.metadata.creationTimestamp, now)]),
  VolumeAttachment: simple(['NAME', 'ATTACHER', 'PV', 'NODE', 'ATTACHED', 'AGE'], (v, now) => [
    name(v), v.spec?.attacher ?? '', v.spec?.source?.persistentVolumeName ?? '', v.spec?.nodeName ?? '', boolText(v.status?.attached, false), since(v.metadata.creationTimestamp, now),
  ]),
  CSINode: simple(['NAME', 'DRIVERS', 'AGE'], (c, now) => [name(c), String((c.spec?.drivers ?? []).length), since(c.metadata.creationTimestamp, now)]),
  CSIDriver: simple(['NAME', 'ATTACHREQUIRED', 'PODINFOONMOUNT', 'STORAGECAPACITY', 'TOKENREQUESTS', 'REQUIRESREPUBLISH', 'MODES', 'AGE'], (c, now) => {
    const s = c.spec ?? {};
    return [name(c), boolText(s.attachRequired, true), boolText(s.podInfoOnMount, false), boolText(s.storageCapacity, false),
      Array.isArray(s.tokenRequests) ? (s.tokenRequests as Json[]).map((t) => t.audience).join(',') : '<unset>', boolText(s.requiresRepublish, false),
      (s.volumeLifecycleModes ?? []).join(',') || '<none>', since(c.metadata.creationTimestamp, now)];
  }),
  CSIStorageCapacity: simple(['NAME', 'STORAGECLASSNAME', 'CAPACITY'], (c) => [name(c), c.storageClassName ?? '', c.capacity !== undefined ? String(c.capacity) : '<unset>']),
  MutatingWebhookConfiguration: webhookTable,
  ValidatingWebhookConfiguration: webhookTable,
  ValidatingAdmissionPolicy: simple(['NAME', 'VALIDATIONS', 'PARAMKIND', 'AGE'], (v, now) => [
    name(v), String((v.spec?.validations ?? []).length), v.spec?.paramKind ? `${v.spec.paramKind.apiVersion}/${v.spec.paramKind.kind}` : '<unset>', since(v.metadata.creationTimestamp, now),
  ]),
  ValidatingAdmissionPolicyBinding: simple(['NAME', 'POLICYNAME', 'PARAMREF', 'AGE'], (b, now) => [name(b), b.spec?.policyName ?? '', paramRef(b.spec?.paramRef), since(b.metadata.creationTimestamp, now)]),
  FlowSchema: simple(['NAME', 'PRIORITYLEVEL', 'MATCHINGPRECEDENCE', 'DISTINGUISHERMETHOD', 'AGE', 'MISSINGPL'], (f, now) => [
    name(f), f.spec?.priorityLevelConfiguration?.name ?? '', String(f.spec?.matchingPrecedence ?? 0), f.spec?.distinguisherMethod?.type ?? '<none>', since(f.metadata.creationTimestamp, now),
    ((f.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Dangling')?.status ?? '?',
  ]),
  PriorityLevelConfiguration: simple(['NAME', 'TYPE', 'NOMINALCONCURRENCYSHARES', 'QUEUES', 'HANDSIZE', 'QUEUELENGTHLIMIT', 'AGE'], (p, now) => {
    const l = p.spec?.limited;
    const q = l?.limitResponse?.queuing;
    return [name(p), p.spec?.type ?? '', l ? String(l.nominalConcurrencyShares ?? 0) : '<none>', q ? String(q.queues) : '<none>', q ? String(q.handSize) : '<none>', q ? String(q.queueLengthLimit) : '<none>', since(p.metadata.creationTimestamp, now)];
  }),
  // kube-aggregator's own table (pkg/registry/apiservice/etcd): where the group is served and whether it answers.
  APIService: simple(['NAME', 'SERVICE', 'AVAILABLE', 'AGE'], (a, now) => {
    const svc = a.spec?.service ? `${a.spec.service.namespace}/${a.spec.service.name}` : 'Local';
    const cond = ((a.status?.conditions ?? []) as Json[]).find((c) => c.type === 'Available');
    const available = !cond ? 'Unknown' : cond.status === 'True' ? 'True' : `${cond.status} (${cond.reason})`;
    return [name(a), svc, available, since(a.metadata.creationTimestamp, now)];
  }),
};

/** apiserver's default table for kinds without a printer: the name and the creation time in RFC 3339 (UTC). */
export const DEFAULT_TABLE: TableSpec = simple(['NAME', 'CREATED AT'], (o) => [name(o), o.metadata.creationTimestamp ?? '0001-01-01T00:00:00Z']);
