/**
 * The API server's validation, with its own messages (kubernetes pkg/apis/core/validation and its siblings, apimachinery's field.Error): field paths in
 * kubectl notation, `Required value` / `Invalid value` / `Unsupported value` / `Duplicate value`,
 * values printed as Go's %#v prints them in 1.32 (`map[string]string{"app":"web2"}`).
 */
import { parseQuantity } from './quantity.ts';
import { selectorMatches, type Json, type KObject } from './objects.ts';
import { validateClaim, validateCronJob, validateDaemonSet, validateJob, validateStatefulSet } from './workload-validation.ts';

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too long' | 'Not found';

export interface FieldError {
  readonly field: string;
  readonly type: FieldErrorType;
  /** Present for Invalid/Unsupported/Duplicate: printed Go-style. */
  readonly value?: unknown;
  readonly hasValue?: boolean;
  readonly detail?: string;
}

/** Go's %#v for the values validation reports. */
export function goValue(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v === null || v === undefined) return '<nil>';
  if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) {
    const entries = Object.entries(v as Record<string, string>).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[string]string{${entries.map(([k, x]) => `${JSON.stringify(k)}:${JSON.stringify(x)}`).join(', ')}}`;
  }
  return JSON.stringify(v);
}

export function renderFieldError(e: FieldError): string {
  let s = `${e.field}: ${e.type}`;
  if (e.hasValue) s += `: ${goValue(e.value)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

export const required = (field: string, detail?: string): FieldError => ({ field, type: 'Required value', ...(detail ? { detail } : {}) });
export const invalid = (field: string, value: unknown, detail: string): FieldError => ({ field, type: 'Invalid value', value, hasValue: true, detail });
export const unsupported = (field: string, value: unknown, allowed: readonly string[]): FieldError =>
  ({ field, type: 'Unsupported value', value, hasValue: true, detail: `supported values: ${allowed.map((a) => JSON.stringify(a)).join(', ')}` });

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const MSG_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const MSG_LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const MSG_QUALIFIED = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

export type NameRule = 'subdomain' | 'label' | 'dns1035';

export function validateName(field: string, name: string, rule: NameRule): FieldError[] {
  const errs: FieldError[] = [];
  if (rule === 'subdomain') {
    if (name.length > 253) errs.push(invalid(field, name, 'must be no more than 253 characters'));
    if (!DNS1123_SUBDOMAIN.test(name)) errs.push(invalid(field, name, MSG_SUBDOMAIN));
  } else if (rule === 'label') {
    if (name.length > 63) errs.push(invalid(field, name, 'must be no more than 63 characters'));
    if (!DNS1123_LABEL.test(name)) errs.push(invalid(field, name, DNS1123_SUBDOMAIN.test(name) ? 'must not contain dots' : MSG_LABEL));
  } else {
    if (name.length > 63) errs.push(invalid(field, name, 'must be no more than 63 characters'));
    if (!DNS1035_LABEL.test(name)) errs.push(invalid(field, name, MSG_1035));
  }
  return errs;
}

export function validateLabels(field: string, labels: unknown): FieldError[] {
  if (labels === undefined || labels === null) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    const name = k.includes('/') ? k.slice(k.indexOf('/') + 1) : k;
    if (!QUALIFIED_NAME.test(name) || name.length > 63) errs.push(invalid(field, k, MSG_QUALIFIED));
    const value = String(v ?? '');
    if (value.length > 63) errs.push(invalid(field, value, 'must be no more than 63 characters'));
    if (!LABEL_VALUE.test(value)) errs.push(invalid(field, value, MSG_LABEL_VALUE));
  }
  return errs;
}

export function validateMeta(obj: KObject, rule: NameRule): FieldError[] {
  const errs: FieldError[] = [];
  const name = obj.metadata?.name;
  if (!name && !obj.metadata?.generateName) errs.push(required('metadata.name', 'name or generateName is required'));
  else if (name) errs.push(...validateName('metadata.name', name, rule));
  errs.push(...validateLabels('metadata.labels', obj.metadata?.labels));
  return errs;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];

function validateContainers(path: string, spec: Json, isPod: boolean): FieldError[] {
  const errs: FieldError[] = [];
  const containers = spec?.containers;
  if (!Array.isArray(containers) || containers.length === 0) {
    errs.push(required(`${path}.containers`));
    return errs;
  }
  const names = new Set<string>();
  const portNames = new Set<string>();
  const check = (list: Json[], kind: 'containers' | 'initContainers'): void => {
    list.forEach((c: Json, i: number) => {
      const p = `${path}.${kind}[${i}]`;
      if (!c?.name) errs.push(required(`${p}.name`));
      else {
        errs.push(...validateName(`${p}.name`, c.name, 'label'));
        if (names.has(c.name)) errs.push({ field: `${p}.name`, type: 'Duplicate value', value: c.name, hasValue: true });
        names.add(c.name);
      }
      if (typeof c?.image !== 'string' || c.image.length === 0) errs.push(required(`${p}.image`));
      else if (isPod && c.image.trim() !== c.image) errs.push(invalid(`${p}.image`, c.image, 'must not have leading or trailing whitespace'));
      if (c?.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(unsupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
      (Array.isArray(c?.ports) ? c.ports : []).forEach((port: Json, j: number) => {
        const pp = `${p}.ports[${j}]`;
        // A port name is an IANA service name, and unique across the pod's containers.
        if (typeof port?.name === 'string') {
          const n = port.name;
          if (n.length > 15) errs.push(invalid(`${pp}.name`, n, 'must be no more than 15 characters'));
          if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(n) || n.includes('--')) errs.push(invalid(`${pp}.name`, n, "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)"));
          else if (!/[a-z]/.test(n)) errs.push(invalid(`${pp}.name`, n, 'must contain at least one letter (a-z)'));
          if (portNames.has(n)) errs.push({ field: `${pp}.name`, type: 'Duplicate value', value: n, hasValue: true });
          portNames.add(n);
        }
        if (port?.containerPort === undefined) errs.push(required(`${pp}.containerPort`));
        else if (typeof port.containerPort === 'number' && (port.containerPort < 1 || port.containerPort > 65535)) errs.push(invalid(`${pp}.containerPort`, port.containerPort, 'must be between 1 and 65535, inclusive'));
        if (port?.protocol !== undefined && !PROTOCOLS.includes(port.protocol)) errs.push(unsupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
      });
      for (const section of ['requests', 'limits'] as const) {
        for (const [res, q] of Object.entries((c?.resources?.[section] ?? {}) as Record<string, unknown>)) {
          if (parseQuantity(q) === undefined) errs.push(invalid(`${p}.resources.${section}[${res}]`, q, 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\''));
        }
      }
      for (const res of ['cpu', 'memory']) {
        const req = parseQuantity(c?.resources?.requests?.[res]);
        const lim = parseQuantity(c?.resources?.limits?.[res]);
        if (req !== undefined && lim !== undefined && req > lim) {
          errs.push(invalid(`${p}.resources.requests`, String(c.resources.requests[res]), `must be less than or equal to ${res} limit of ${String(c.resources.limits[res])}`));
        }
      }
    });
  };
  check(spec.initContainers ?? [], 'initContainers');
  check(containers, 'containers');
  return errs;
}

export function validatePodSpec(path: string, spec: Json, isPod: boolean, isTemplate: boolean): FieldError[] {
  const errs = validateContainers(path, spec, isPod);
  const rp = spec?.restartPolicy;
  if (isTemplate) {
    if (rp !== undefined && rp !== 'Always') errs.push(unsupported(`${path}.restartPolicy`, rp, ['Always']));
  } else if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(rp)) {
    errs.push(unsupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  }
  (spec?.imagePullSecrets ?? []).forEach((s: Json, i: number) => { if (!s?.name) errs.push(required(`${path}.imagePullSecrets[${i}].name`)); });
  (spec?.tolerations ?? []).forEach((t: Json, i: number) => {
    if (t?.operator !== undefined && !['Equal', 'Exists'].includes(t.operator)) errs.push(unsupported(`${path}.tolerations[${i}].operator`, t.operator, ['Equal', 'Exists']));
    if (t?.effect !== undefined && t.effect !== '' && !['NoExecute', 'NoSchedule', 'PreferNoSchedule'].includes(t.effect)) errs.push(unsupported(`${path}.tolerations[${i}].effect`, t.effect, ['NoExecute', 'NoSchedule', 'PreferNoSchedule']));
  });
  return errs;
}

export function validatePod(obj: KObject): FieldError[] {
  return [...validateMeta(obj, 'subdomain'), ...validatePodSpec('spec', obj.spec, true, false)];
}

/** Deployments, ReplicaSets, DaemonSets and StatefulSets: a selector, a template whose labels it matches, and a Pod template. */
export function validateWorkload(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  if (typeof spec.replicas === 'number' && spec.replicas < 0) errs.push(invalid('spec.replicas', spec.replicas, 'must be greater than or equal to 0'));
  const sel = spec.selector;
  if (!sel) {
    errs.push(required('spec.selector'));
    // With no selector, the template's labels match nothing either: the real server says both.
    if (spec.template?.metadata?.labels) errs.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: spec.template.metadata.labels, hasValue: true, detail: '`selector` does not match template `labels`' });
  }
  else if (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) {
    errs.push(invalid('spec.selector', 'v1.LabelSelector{MatchLabels:map[string]string(nil), MatchExpressions:[]v1.LabelSelectorRequirement(nil)}', `empty selector is invalid for ${obj.kind.toLowerCase()}`));
  }
  const labels = spec.template?.metadata?.labels;
  errs.push(...validateLabels('spec.template.metadata.labels', labels));
  if (sel && !(Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0) && !selectorMatches(sel, labels)) {
    errs.push({ field: 'spec.template.metadata.labels', type: 'Invalid value', value: labels ?? {}, hasValue: true, detail: '`selector` does not match template `labels`' });
  }
  errs.push(...validatePodSpec('spec.template.spec', spec.template?.spec, false, true));
  // Go prints the struct value; keep the exact string for the empty-selector case.
  return errs.map((e) => (e.field === 'spec.selector' && e.type === 'Invalid value' ? { ...e, value: undefined, hasValue: false, detail: `${String(e.value)}: ${e.detail}` } : e));
}

export function validateService(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'dns1035');
  const spec = obj.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
  if (!TYPES.includes(type)) errs.push(unsupported('spec.type', type, TYPES));
  const ports: Json[] = spec.ports ?? [];
  if (ports.length === 0 && spec.clusterIP !== 'None' && type !== 'ExternalName') errs.push(required('spec.ports'));
  const names = new Set<string>();
  ports.forEach((p, i) => {
    if (ports.length > 1 && !p?.name) errs.push(required(`spec.ports[${i}].name`));
    if (p?.name) { if (names.has(p.name)) errs.push({ field: `spec.ports[${i}].name`, type: 'Duplicate value', value: p.name, hasValue: true }); names.add(p.name); }
    if (p?.port === undefined) errs.push(required(`spec.ports[${i}].port`));
    else if (typeof p.port === 'number' && (p.port < 1 || p.port > 65535)) errs.push(invalid(`spec.ports[${i}].port`, p.port, 'must be between 1 and 65535, inclusive'));
    if (p?.nodePort !== undefined && (p.nodePort < 30000 || p.nodePort > 32767)) errs.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767'));
    if (p?.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`spec.ports[${i}].protocol`, p.protocol, PROTOCOLS));
  });
  return errs;
}

export function validateSecret(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  if (obj.type === 'kubernetes.io/dockerconfigjson') {
    const raw = obj.data?.['.dockerconfigjson'];
    if (raw === undefined) errs.push(required('data[.dockerconfigjson]'));
    else {
      try {
        JSON.parse(Buffer.from(String(raw), 'base64').toString('utf8'));
      } catch (e) {
        errs.push(invalid('data[.dockerconfigjson]', '<secret contents redacted>', (e as Error).message));
      }
    }
  }
  return errs;
}

export function validateObject(obj: KObject): FieldError[] {
  switch (obj.kind) {
    case 'Pod': return validatePod(obj);
    case 'Deployment': case 'ReplicaSet': return validateWorkload(obj);
    case 'Service': return validateService(obj);
    case 'Namespace': return validateMeta(obj, 'label');
    case 'Secret': return validateSecret(obj);
    case 'Job': return validateJob(obj);
    case 'CronJob': return validateCronJob(obj);
    case 'DaemonSet': return validateDaemonSet(obj);
    case 'StatefulSet': return validateStatefulSet(obj);
    case 'PersistentVolumeClaim': return validateClaim(obj, '');
    default: return validateMeta(obj, 'subdomain');
  }
}
