/**
 * The API server's validation — the one set of rules the simulated API server applies and the
 * explainer reports (src/explain/analyze.ts calls these functions; it has no rules of its own).
 *
 * Messages and their order are the server's (fidelity-facts §g): a kind's ObjectMeta first
 * (apimachinery's ValidateObjectMetaAccessor: generateName, name, namespace, labels, annotations),
 * then its spec in the order the kind's Validate* function walks it (Kubernetes 1.32,
 * pkg/apis/{core,apps,batch,networking,policy,rbac,…}/validation/validation.go); field paths in
 * kubectl notation; `Required value` / `Invalid value` / `Unsupported value` / `Duplicate value` /
 * `Forbidden` / `Not found`; values printed as Go's field.Error prints them (%q for strings, %#v for
 * structs and maps: `map[string]string{"app":"web2"}`, `v1.LabelSelector{…}`).
 *
 * Validation runs on the object as the server holds it after defaulting (defaults.ts): a Job's pod
 * template without restartPolicy is refused as "Always", because that is what defaulting made it.
 *
 * Some mistakes fail before validation, while the request body is decoded: a Secret's data that is
 * not base64, a quantity that does not parse (decodeError).
 */
import { parseQuantity } from './quantity.ts';
import { selectorMatches, type Json, type KObject } from './objects.ts';
import { validateCronJob, validateJob } from './workload-validation.ts';
import { IMMUTABLE_SELECTOR_KINDS, jobUpdateErrors, statefulSetUpdateErrors } from './workload-api.ts';
import { stableDump } from './names.ts';
import { goUnmarshalMapError } from '../go-json.ts';

export type FieldErrorType = 'Required value' | 'Invalid value' | 'Unsupported value' | 'Duplicate value' | 'Forbidden' | 'Too long' | 'Not found';

export interface FieldError {
  readonly field: string;
  readonly type: FieldErrorType;
  /** Present for Invalid/Unsupported/Duplicate: printed Go-style. */
  readonly value?: unknown;
  readonly hasValue?: boolean;
  readonly detail?: string;
}

/** A value Go prints with %#v, written out already (a struct such as v1.LabelSelector{…}). */
export class GoLiteral {
  constructor(readonly text: string) {}
}

/** Go's %q for a string. */
function goQuote(s: string): string {
  return JSON.stringify(s);
}

/** %#v of a []string: `[]string{"a", "b"}`, `[]string(nil)`. */
function goStrings(v: unknown): string {
  return Array.isArray(v) ? `[]string{${v.map((x) => goQuote(String(x))).join(', ')}}` : '[]string(nil)';
}

/** %#v of a map[string]string: keys sorted, as fmt prints maps. */
function goStringMap(v: unknown): string {
  if (v === undefined || v === null) return 'map[string]string(nil)';
  const entries = Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${entries.map(([k, x]) => `${goQuote(k)}:${goQuote(String(x ?? ''))}`).join(', ')}}`;
}

/** %#v of a metav1.LabelSelector (the pointer dereferenced, as field.Error does). */
export function goLabelSelector(sel: Json): GoLiteral {
  const exprs: Json[] | undefined = sel?.matchExpressions;
  const ex = Array.isArray(exprs)
    ? `[]v1.LabelSelectorRequirement{${exprs.map((e) => `v1.LabelSelectorRequirement{Key:${goQuote(String(e?.key ?? ''))}, Operator:${goQuote(String(e?.operator ?? ''))}, Values:${goStrings(e?.values)}}`).join(', ')}}`
    : '[]v1.LabelSelectorRequirement(nil)';
  return new GoLiteral(`v1.LabelSelector{MatchLabels:${goStringMap(sel?.matchLabels)}, MatchExpressions:${ex}}`);
}

/** How field.Error prints a value: %q for strings, %v for numbers and booleans, %#v otherwise. */
export function goValue(v: unknown): string {
  if (v instanceof GoLiteral) return v.text;
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  // field.Error turns a nil value into the string "null", then quotes it.
  if (v === null || v === undefined) return '"null"';
  if (typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === 'string')) return goStringMap(v);
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
export const forbidden = (field: string, detail: string): FieldError => ({ field, type: 'Forbidden', detail });
const duplicate = (field: string, value: unknown): FieldError => ({ field, type: 'Duplicate value', value, hasValue: true });
const notFound = (field: string, value: unknown): FieldError => ({ field, type: 'Not found', value, hasValue: true });
export const unsupported = (field: string, value: unknown, allowed: readonly string[]): FieldError =>
  ({ field, type: 'Unsupported value', value, hasValue: true, detail: `supported values: ${allowed.map((a) => goQuote(a)).join(', ')}` });

// ── apimachinery's string checks (pkg/util/validation/validation.go) ────────────────────────────

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const CONFIG_KEY = /^[-._a-zA-Z0-9]+$/;
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

const MSG_SUBDOMAIN = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const MSG_LABEL = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const MSG_1035 = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";
const MSG_LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const MSG_QUALIFIED = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const MSG_CONFIG_KEY = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";
const MSG_ENV_VAR = "a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')";
const maxLen = (n: number): string => `must be no more than ${n} characters`;

/** No messages (shared: the checks below run for every pod a controller creates, and most pass). */
const NONE: string[] = Object.freeze([]) as unknown as string[];

export function isDNS1123Subdomain(v: string): string[] {
  if (v.length <= 253 && DNS1123_SUBDOMAIN.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > 253) errs.push(maxLen(253));
  if (!DNS1123_SUBDOMAIN.test(v)) errs.push(MSG_SUBDOMAIN);
  return errs;
}

export function isDNS1123Label(v: string): string[] {
  if (v.length <= 63 && DNS1123_LABEL.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!DNS1123_LABEL.test(v)) errs.push(DNS1123_SUBDOMAIN.test(v) ? 'must not contain dots' : MSG_LABEL);
  return errs;
}

function isDNS1035Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!DNS1035_LABEL.test(v)) errs.push(MSG_1035);
  return errs;
}

/** IsQualifiedName: `[prefix/]name`, the prefix a DNS subdomain, the name at most 63 characters. */
export function isQualifiedName(value: string): string[] {
  if (value.length <= 63 && QUALIFIED_NAME.test(value)) return NONE;
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0] as string;
  else if (parts.length === 2) {
    const prefix = parts[0] as string;
    name = parts[1] as string;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else errs.push(...isDNS1123Subdomain(prefix).map((m) => `prefix part ${m}`));
  } else {
    return [`a qualified name ${MSG_QUALIFIED} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push(`name part ${maxLen(63)}`);
  if (!QUALIFIED_NAME.test(name)) errs.push(`name part ${MSG_QUALIFIED}`);
  return errs;
}

function isValidLabelValue(v: string): string[] {
  if (v.length <= 63 && LABEL_VALUE.test(v)) return NONE;
  const errs: string[] = [];
  if (v.length > 63) errs.push(maxLen(63));
  if (!LABEL_VALUE.test(v)) errs.push(MSG_LABEL_VALUE);
  return errs;
}

/** IsValidPortName: an IANA service name (container port names, named target ports). */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLen(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  else if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.startsWith('-') || port.endsWith('-')) errs.push('must not begin or end with a hyphen');
  return errs;
}

const PORT_RANGE = 'must be between 1 and 65535, inclusive';
const isPortNumber = (n: unknown): boolean => typeof n === 'number' && n >= 1 && n <= 65535;

/** ValidatePortNumOrName: a number 1–65535 or a port name. */
function validatePortNumOrName(field: string, port: unknown): FieldError[] {
  if (typeof port === 'number') return isPortNumber(port) ? [] : [invalid(field, port, PORT_RANGE)];
  if (typeof port === 'string') return isValidPortName(port).map((m) => invalid(field, port, m));
  return [];
}

export const nonNegative = (field: string, v: unknown): FieldError[] => (typeof v === 'number' && v < 0 ? [invalid(field, v, 'must be greater than or equal to 0')] : []);

// ── object metadata ──────────────────────────────────────────────────────────────────────────────

/**
 * How a kind's names are checked: most are DNS subdomains; namespaces, StatefulSets and a few
 * others DNS labels; Services DNS-1035 labels; RBAC objects any path segment (`system:node`).
 */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path-segment';

function nameErrors(name: string, rule: NameRule): string[] {
  switch (rule) {
    case 'subdomain': return isDNS1123Subdomain(name);
    case 'label': return isDNS1123Label(name);
    case 'dns1035': return isDNS1035Label(name);
    case 'path-segment': {
      if (name === '.' || name === '..') return [`may not be '${name}'`];
      for (const bad of ['/', '%']) if (name.includes(bad)) return [`may not contain '${bad}'`];
      return [];
    }
  }
}

export function validateName(field: string, name: string, rule: NameRule): FieldError[] {
  return nameErrors(name, rule).map((m) => invalid(field, name, m));
}

/** ValidateLabels: each key a qualified name, each value a label value. */
export function validateLabels(field: string, labels: unknown): FieldError[] {
  if (!labels || typeof labels !== 'object') return [];
  const errs: FieldError[] = [];
  for (const k in labels as Record<string, unknown>) {
    const keyErrs = isQualifiedName(k);
    for (const m of keyErrs) errs.push(invalid(field, k, m));
    const value = String((labels as Record<string, unknown>)[k] ?? '');
    const valueErrs = isValidLabelValue(value);
    for (const m of valueErrs) errs.push(invalid(field, value, m));
  }
  return errs;
}

/** ValidateAnnotations: keys are qualified names (checked in lower case); values may be anything, 256 KiB in all. */
export function validateAnnotations(field: string, annotations: unknown): FieldError[] {
  if (!annotations || typeof annotations !== 'object') return [];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations as Record<string, unknown>)) {
    errs.push(...isQualifiedName(k.toLowerCase()).map((m) => invalid(field, k, m)));
    size += k.length + String(v ?? '').length;
  }
  if (size > 256 * 1024) errs.push({ field, type: 'Too long', detail: 'must have at most 262144 bytes' });
  return errs;
}

/**
 * ValidateObjectMeta: generateName, name, namespace, labels, annotations — in that order. A
 * cluster-scoped object's namespace is not checked: the server clears it (rest.BeforeCreate).
 */
export function validateMeta(obj: KObject, rule: NameRule, namespaced = true): FieldError[] {
  const errs: FieldError[] = [];
  const m = obj.metadata ?? {};
  const nameErrs = m.name ? nameErrors(m.name, rule) : NONE;
  // A prefix may end in '-': the server checks it with a character appended. (A valid name made
  // from the prefix says the prefix is valid: the check is skipped for what controllers create.)
  if (typeof m.generateName === 'string' && m.generateName && !(nameErrs.length === 0 && m.name?.startsWith(m.generateName))) {
    for (const msg of nameErrors(m.generateName.endsWith('-') ? `${m.generateName}a` : m.generateName, rule)) errs.push(invalid('metadata.generateName', m.generateName, msg));
  }
  // With generateName the server has made the name up by now; a manifest may leave it out.
  if (!m.name) { if (!m.generateName) errs.push(required('metadata.name', 'name or generateName is required')); }
  else for (const msg of nameErrs) errs.push(invalid('metadata.name', m.name, msg));
  const ns = m.namespace;
  if (namespaced && typeof ns === 'string' && ns !== '') errs.push(...isDNS1123Label(ns).map((msg) => invalid('metadata.namespace', ns, msg)));
  errs.push(...validateLabels('metadata.labels', m.labels));
  errs.push(...validateAnnotations('metadata.annotations', m.annotations));
  return errs;
}

// ── label selectors ──────────────────────────────────────────────────────────────────────────────

/** ValidateLabelSelector: matchLabels, then each expression's operator, values and key. */
export function validateLabelSelector(field: string, sel: Json): FieldError[] {
  if (!sel || typeof sel !== 'object') return [];
  const errs = validateLabels(`${field}.matchLabels`, sel.matchLabels);
  (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []).forEach((e: Json, i: number) => {
    const at = `${field}.matchExpressions[${i}]`;
    const values: unknown[] = Array.isArray(e?.values) ? e.values : [];
    switch (e?.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) errs.push(required(`${at}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(`${at}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalid(`${at}.operator`, String(e?.operator ?? ''), 'not a valid selector operator'));
    }
    errs.push(...isQualifiedName(String(e?.key ?? '')).map((m) => invalid(`${at}.key`, String(e?.key ?? ''), m)));
    values.forEach((v, j) => errs.push(...isValidLabelValue(String(v)).map((m) => invalid(`${at}.values[${j}]`, String(v), m))));
  });
  return errs;
}

/** Whether metav1.LabelSelectorAsSelector would turn the selector into a labels.Selector. */
function selectorParses(sel: Json): boolean {
  if (!sel) return true;
  for (const e of (Array.isArray(sel.matchExpressions) ? sel.matchExpressions : []) as Json[]) {
    const n = Array.isArray(e?.values) ? e.values.length : 0;
    if (['In', 'NotIn'].includes(e?.operator) ? n === 0 : ['Exists', 'DoesNotExist'].includes(e?.operator) ? n > 0 : true) return false;
    if (isQualifiedName(String(e?.key ?? '')).length) return false;
  }
  return Object.keys(sel.matchLabels ?? {}).every((k) => isQualifiedName(k).length === 0);
}

const isEmptySelector = (sel: Json): boolean => Object.keys(sel?.matchLabels ?? {}).length === 0 && (sel?.matchExpressions ?? []).length === 0;

const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

// ── pods ─────────────────────────────────────────────────────────────────────────────────────────

export interface PodSpecOptions {
  /** A Pod itself (not a template): image whitespace is checked (validateContainersOnlyForPod). */
  readonly isPod: boolean;
}

const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const QUANTITY_RE = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

function validateContainerPorts(path: string, ports: unknown, portNames: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(ports) ? ports : []).forEach((port: Json, j: number) => {
    const pp = `${path}[${j}]`;
    if (typeof port?.name === 'string' && port.name !== '') {
      errs.push(...isValidPortName(port.name).map((m) => invalid(`${pp}.name`, port.name, m)));
      if (portNames.has(port.name)) errs.push(duplicate(`${pp}.name`, port.name));
      portNames.add(port.name);
    }
    if (port?.containerPort === undefined || port.containerPort === 0) errs.push(required(`${pp}.containerPort`));
    else if (!isPortNumber(port.containerPort)) errs.push(invalid(`${pp}.containerPort`, port.containerPort, PORT_RANGE));
    if (port?.hostPort !== undefined && port.hostPort !== 0 && !isPortNumber(port.hostPort)) errs.push(invalid(`${pp}.hostPort`, port.hostPort, PORT_RANGE));
    if (port?.protocol === undefined || port.protocol === '') errs.push(required(`${pp}.protocol`));
    else if (!PROTOCOLS.includes(port.protocol)) errs.push(unsupported(`${pp}.protocol`, port.protocol, PROTOCOLS));
  });
  return errs;
}

function validateEnv(path: string, env: unknown): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(env)) return errs;
  (Array.isArray(env) ? env : []).forEach((e: Json, i: number) => {
    const p = `${path}[${i}]`;
    if (!e?.name) errs.push(required(`${p}.name`));
    else if (!ENV_VAR_NAME.test(e.name)) errs.push(invalid(`${p}.name`, e.name, MSG_ENV_VAR));
    const from = e?.valueFrom;
    if (from && typeof from === 'object') {
      const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((k) => from[k]);
      if (sources.length === 0) errs.push(invalid(`${p}.valueFrom`, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
      else if (sources.length > 1) errs.push(invalid(`${p}.valueFrom`, '', 'may not have more than one field specified at a time'));
      if (e.value) errs.push(invalid(`${p}.valueFrom`, '', 'may not be specified when `value` is not empty'));
      for (const k of ['configMapKeyRef', 'secretKeyRef']) {
        const ref = from[k];
        if (!ref) continue;
        if (!ref.key) errs.push(required(`${p}.valueFrom.${k}.key`));
        else errs.push(...(CONFIG_KEY.test(ref.key) ? [] : [invalid(`${p}.valueFrom.${k}.key`, ref.key, MSG_CONFIG_KEY)]));
        if (!ref.name) errs.push(required(`${p}.valueFrom.${k}.name`));
      }
    }
  });
  return errs;
}

function validateVolumeMounts(path: string, mounts: unknown, volumes: ReadonlySet<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(mounts)) return errs;
  const paths = new Set<string>();
  (Array.isArray(mounts) ? mounts : []).forEach((m: Json, i: number) => {
    const p = `${path}[${i}]`;
    if (!m?.name) errs.push(required(`${p}.name`));
    else if (!volumes.has(m.name)) errs.push(notFound(`${p}.name`, m.name));
    if (!m?.mountPath) errs.push(required(`${p}.mountPath`));
    else {
      if (paths.has(m.mountPath)) errs.push(invalid(`${p}.mountPath`, m.mountPath, 'must be unique'));
      paths.add(m.mountPath);
    }
  });
  return errs;
}

function validateResources(path: string, res: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (!res || (!res.limits && !res.requests)) return errs;
  for (const section of ['limits', 'requests'] as const) {
    for (const [name, q] of Object.entries((res?.[section] ?? {}) as Record<string, unknown>)) {
      const at = `${path}.${section}[${name}]`;
      const v = parseQuantity(q);
      if (v !== undefined && v < 0) errs.push(invalid(at, String(q), 'must be greater than or equal to 0'));
      if (section === 'requests') {
        const lim = parseQuantity(res?.limits?.[name]);
        if (v !== undefined && lim !== undefined && v > lim) {
          errs.push(invalid(`${path}.requests`, String(q), `must be less than or equal to ${name} limit of ${String(res.limits[name])}`));
        }
      }
    }
  }
  return errs;
}

function validateProbe(path: string, probe: Json): FieldError[] {
  if (!probe || typeof probe !== 'object') return [];
  const errs: FieldError[] = [];
  const handlers = ['exec', 'httpGet', 'tcpSocket', 'grpc'].filter((h) => probe[h]);
  if (handlers.length === 0) errs.push(required(path, 'must specify a handler type'));
  handlers.slice(1).forEach((h) => errs.push(forbidden(`${path}.${h}`, 'may not specify more than 1 handler type')));
  const h = handlers[0];
  if (h === 'exec' && !(probe.exec.command ?? []).length) errs.push(required(`${path}.exec.command`));
  if (h === 'httpGet') errs.push(...validatePortNumOrName(`${path}.httpGet.port`, probe.httpGet.port));
  if (h === 'tcpSocket') errs.push(...validatePortNumOrName(`${path}.tcpSocket.port`, probe.tcpSocket.port));
  for (const k of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) errs.push(...nonNegative(`${path}.${k}`, probe[k]));
  return errs;
}

/** validateContainerCommon, then (for regular containers) duplicates and probes, as validateContainers does. */
function validateContainerList(path: string, list: Json[], volumes: ReadonlySet<string>, seen: Set<string>, portNames: Set<string>, init: boolean): FieldError[] {
  const errs: FieldError[] = [];
  for (let i = 0; i < list.length; i++) {
    const c: Json = list[i];
    const p = `${path}[${i}]`;
    if (!c?.name) errs.push(required(`${p}.name`));
    else for (const m of isDNS1123Label(c.name)) errs.push(invalid(`${p}.name`, c.name, m));
    if (typeof c?.image !== 'string' || c.image.length === 0) errs.push(required(`${p}.image`));
    const tmp = c?.terminationMessagePolicy;
    if (tmp !== undefined && tmp !== 'File' && tmp !== 'FallbackToLogsOnError') errs.push(unsupported(`${p}.terminationMessagePolicy`, tmp, ['File', 'FallbackToLogsOnError']));
    errs.push(...validateContainerPorts(`${p}.ports`, c?.ports, portNames));
    errs.push(...validateEnv(`${p}.env`, c?.env));
    errs.push(...validateVolumeMounts(`${p}.volumeMounts`, c?.volumeMounts, volumes));
    if (c?.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy)) errs.push(unsupported(`${p}.imagePullPolicy`, c.imagePullPolicy, PULL_POLICIES));
    errs.push(...validateResources(`${p}.resources`, c?.resources));
    if (c?.name) {
      if (seen.has(c.name)) errs.push(duplicate(`${p}.name`, c.name));
      else seen.add(c.name);
    }
    if (!init) {
      for (const probe of PROBES) if (c?.[probe]) errs.push(...validateProbe(`${p}.${probe}`, c[probe]));
      if (c?.restartPolicy !== undefined) errs.push(forbidden(`${p}.restartPolicy`, 'may not be set for non-init containers'));
    } else if (c?.restartPolicy !== 'Always') {
      for (const probe of ['lifecycle', ...PROBES]) if (c?.[probe]) errs.push(forbidden(`${p}.${probe}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  }
  return errs;
}

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi', 'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile', 'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO', 'storageos', 'csi', 'ephemeral', 'image'];

function validateVolumes(path: string, volumes: unknown): { errs: FieldError[]; names: Set<string> } {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  (Array.isArray(volumes) ? volumes : []).forEach((v: Json, i: number) => {
    const p = `${path}[${i}]`;
    if (!v?.name) errs.push(required(`${p}.name`));
    else {
      errs.push(...isDNS1123Label(v.name).map((m) => invalid(`${p}.name`, v.name, m)));
      if (names.has(v.name)) errs.push(duplicate(`${p}.name`, v.name));
      names.add(v.name);
    }
    const sources = VOLUME_SOURCES.filter((s) => v?.[s] !== undefined && v?.[s] !== null);
    if (sources.length === 0) errs.push(required(p, 'must specify a volume type'));
    sources.slice(1).forEach((s) => errs.push(forbidden(`${p}.${s}`, 'may not specify more than 1 volume type')));
    if (v?.persistentVolumeClaim && !v.persistentVolumeClaim.claimName) errs.push(required(`${p}.persistentVolumeClaim.claimName`));
    for (const s of ['configMap', 'secret']) {
      (v?.[s]?.items ?? []).forEach((item: Json, j: number) => {
        if (!item?.key) errs.push(required(`${p}.${s}.items[${j}].key`));
        if (!item?.path) errs.push(required(`${p}.${s}.items[${j}].path`));
      });
    }
  });
  return { errs, names };
}

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

function validateTolerations(path: string, tolerations: unknown): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(tolerations) ? tolerations : []).forEach((t: Json, i: number) => {
    const p = `${path}[${i}]`;
    const key = t?.key ?? '';
    if (key) errs.push(...isQualifiedName(key).map((m) => invalid(`${p}.key`, key, m)));
    const op = t?.operator ?? '';
    if (!key && op !== 'Exists') errs.push(invalid(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t?.tolerationSeconds !== undefined && t?.tolerationSeconds !== null && t?.effect !== 'NoExecute') errs.push(invalid(`${p}.effect`, t?.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === '' || op === 'Equal') errs.push(...isValidLabelValue(String(t?.value ?? '')).map((m) => invalid(`${p}.operator`, t?.value ?? '', m)));
    else if (op === 'Exists') { if (t?.value) errs.push(invalid(`${p}.operator`, t, 'value must be empty when `operator` is \'Exists\'')); }
    else errs.push(unsupported(`${p}.operator`, op, ['Equal', 'Exists']));
    if (t?.effect) errs.push(...(TAINT_EFFECTS.includes(t.effect) ? [] : [unsupported(`${p}.effect`, t.effect, TAINT_EFFECTS)]));
  });
  return errs;
}

const CONTAINER_LISTS = ['containers', 'initContainers'] as const;
const PROBES = ['livenessProbe', 'readinessProbe', 'startupProbe'] as const;

/**
 * ValidatePodSpec (pkg/apis/core/validation): volumes, containers, init containers, restart
 * policy, DNS policy, node selector, then the optional fields.
 */
export function validatePodSpec(path: string, spec: Json, options: PodSpecOptions): FieldError[] {
  const s = spec ?? {};
  const { errs, names: volumes } = validateVolumes(`${path}.volumes`, s.volumes);
  const seen = new Set<string>();
  const portNames = new Set<string>();
  const containers = Array.isArray(s.containers) ? s.containers : [];
  if (containers.length === 0) errs.push(required(`${path}.containers`));
  else errs.push(...validateContainerList(`${path}.containers`, containers, volumes, seen, portNames, false));
  errs.push(...validateContainerList(`${path}.initContainers`, Array.isArray(s.initContainers) ? s.initContainers : [], volumes, seen, portNames, true));
  const rp = s.restartPolicy;
  if (rp !== undefined && !['Always', 'OnFailure', 'Never'].includes(rp)) errs.push(unsupported(`${path}.restartPolicy`, rp, ['Always', 'OnFailure', 'Never']));
  const dns = s.dnsPolicy;
  if (dns !== undefined && !['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'].includes(dns)) errs.push(unsupported(`${path}.dnsPolicy`, dns, ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None']));
  errs.push(...validateLabels(`${path}.nodeSelector`, s.nodeSelector));
  if (typeof s.serviceAccountName === 'string' && s.serviceAccountName) errs.push(...isDNS1123Subdomain(s.serviceAccountName).map((m) => invalid(`${path}.serviceAccountName`, s.serviceAccountName, m)));
  if (typeof s.nodeName === 'string' && s.nodeName) errs.push(...isDNS1123Subdomain(s.nodeName).map((m) => invalid(`${path}.nodeName`, s.nodeName, m)));
  if (typeof s.activeDeadlineSeconds === 'number' && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > 4294967295)) errs.push(invalid(`${path}.activeDeadlineSeconds`, s.activeDeadlineSeconds, 'must be between 1 and 4294967295, inclusive'));
  errs.push(...validateTolerations(`${path}.tolerations`, s.tolerations));
  if (options.isPod) {
    // validateContainersOnlyForPod: an image with leading or trailing whitespace.
    for (const list of CONTAINER_LISTS) {
      const cs = s[list];
      if (!Array.isArray(cs)) continue;
      for (let i = 0; i < cs.length; i++) {
        const image = cs[i]?.image;
        if (typeof image === 'string' && image.length && image.trim() !== image) errs.push(invalid(`${path}.${list}[${i}].image`, image, 'must not have leading or trailing whitespace'));
      }
    }
  }
  return errs;
}

/** ValidatePodTemplateSpec: the template's labels and annotations (under `<path>.labels`, as the server writes it), then its pod spec. */
export function validatePodTemplate(path: string, template: Json): FieldError[] {
  return [
    ...validateLabels(`${path}.labels`, template?.metadata?.labels),
    ...validateAnnotations(`${path}.annotations`, template?.metadata?.annotations),
    ...validatePodSpec(`${path}.spec`, template?.spec, { isPod: false }),
  ];
}

export function validatePod(obj: KObject): FieldError[] {
  return [...validateMeta(obj, 'subdomain'), ...validatePodSpec('spec', obj.spec, { isPod: true })];
}

// ── workloads ────────────────────────────────────────────────────────────────────────────────────

/**
 * The selector checks every selector-based workload shares: Required when absent, the selector's
 * own syntax, `empty selector is invalid for <kind>`. Returns whether the template match can be
 * checked (LabelSelectorAsSelector succeeded).
 */
function workloadSelector(spec: Json, emptyKind: string, errs: FieldError[], requireIt: boolean): boolean {
  const sel = spec.selector;
  if (sel === undefined || sel === null) {
    if (requireIt) errs.push(required('spec.selector'));
    return true;
  }
  errs.push(...validateLabelSelector('spec.selector', sel));
  if (isEmptySelector(sel)) errs.push(invalid('spec.selector', goLabelSelector(sel), `empty selector is invalid for ${emptyKind}`));
  return selectorParses(sel);
}

/** The template's labels must satisfy the selector; an absent selector matches nothing (labels.Nothing()). */
function templateMatches(spec: Json, path = 'spec.template'): FieldError[] {
  const sel = spec.selector;
  if (sel && isEmptySelector(sel)) return [];
  const labels = spec.template?.metadata?.labels;
  return sel && selectorMatches(sel, labels) ? [] : [invalid(`${path}.metadata.labels`, labels ?? {}, SELECTOR_MISMATCH)];
}

const restartAlways = (path: string, spec: Json): FieldError[] => {
  const rp = spec?.restartPolicy ?? 'Always';
  return rp === 'Always' ? [] : [unsupported(`${path}.restartPolicy`, rp, ['Always'])];
};

function noActiveDeadline(path: string, spec: Json, kind: string): FieldError[] {
  return spec?.activeDeadlineSeconds !== undefined && spec?.activeDeadlineSeconds !== null ? [forbidden(`${path}.activeDeadlineSeconds`, `activeDeadlineSeconds in ${kind} is not Supported`)] : [];
}

function intOrPercent(field: string, v: unknown): FieldError[] {
  if (typeof v === 'string') {
    if (!/^[0-9]+%$/.test(v)) return [invalid(field, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
    return Number(v.slice(0, -1)) > 100 ? [invalid(field, v, 'must not be greater than 100%')] : [];
  }
  return nonNegative(field, v);
}

const intOrPercentValue = (v: unknown): number => (typeof v === 'string' ? Number(v.replace('%', '')) || 0 : typeof v === 'number' ? v : 0);

/** ValidateDeploymentSpec and ValidateReplicaSetSpec (apps/validation). */
export function validateDeploymentOrReplicaSet(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  errs.push(...nonNegative('spec.replicas', spec.replicas));
  if (obj.kind === 'ReplicaSet') errs.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  // Both say "deployment" for an empty selector: ValidateReplicaSetSpec reuses the message.
  const parses = workloadSelector(spec, 'deployment', errs, true);
  if (!parses) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'invalid label selector'));
  else {
    errs.push(...templateMatches(spec));
    errs.push(...validatePodTemplate('spec.template', spec.template));
    errs.push(...restartAlways('spec.template.spec', spec.template?.spec));
    errs.push(...noActiveDeadline('spec.template.spec', spec.template?.spec, 'ReplicaSet'));
  }
  if (obj.kind === 'Deployment') {
    const st = spec.strategy ?? {};
    if (st.type === 'Recreate' && st.rollingUpdate) errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
    else if (st.type === 'RollingUpdate' && st.rollingUpdate) {
      const ru = st.rollingUpdate;
      errs.push(...intOrPercent('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable), ...intOrPercent('spec.strategy.rollingUpdate.maxSurge', ru.maxSurge));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) errs.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', ru.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
    errs.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
    errs.push(...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
    if (typeof spec.progressDeadlineSeconds === 'number') {
      errs.push(...nonNegative('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds));
      if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) errs.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
    }
  }
  return errs;
}

/** ValidateDaemonSet: no Required on a missing selector (it then matches no template), the pod template, Always. */
export function validateDaemonSet(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  errs.push(...validateLabelSelector('spec.selector', spec.selector));
  if (selectorParses(spec.selector) && !(spec.selector && selectorMatches(spec.selector, spec.template?.metadata?.labels))) {
    errs.push(invalid('spec.template.metadata.labels', spec.template?.metadata?.labels ?? {}, SELECTOR_MISMATCH));
  }
  if (spec.selector && isEmptySelector(spec.selector)) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), 'empty selector is invalid for daemonset'));
  errs.push(...validatePodTemplate('spec.template', spec.template));
  errs.push(...restartAlways('spec.template.spec', spec.template?.spec));
  errs.push(...noActiveDeadline('spec.template.spec', spec.template?.spec, 'DaemonSet'));
  errs.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  errs.push(...daemonSetStrategy(spec.updateStrategy));
  errs.push(...nonNegative('spec.revisionHistoryLimit', spec.revisionHistoryLimit));
  return errs;
}

/** ValidateDaemonSetUpdateStrategy and ValidateRollingUpdateDaemonSet: exactly one of maxSurge and maxUnavailable is non-zero. */
function daemonSetStrategy(st: Json): FieldError[] {
  const path = 'spec.updateStrategy';
  if (!st || st.type === 'OnDelete') return [];
  if (st.type !== 'RollingUpdate') return [unsupported(path, new GoLiteral(`apps.DaemonSetUpdateStrategy{Type:${goQuote(String(st.type ?? ''))}, RollingUpdate:(*apps.RollingUpdateDaemonSet)(nil)}`), ['RollingUpdate', 'OnDelete'])];
  const ru = st.rollingUpdate;
  if (!ru) return [required(`${path}.rollingUpdate`)];
  const errs = [...intOrPercent(`${path}.rollingUpdate.maxUnavailable`, ru.maxUnavailable), ...intOrPercent(`${path}.rollingUpdate.maxSurge`, ru.maxSurge)];
  const unavailable = intOrPercentValue(ru.maxUnavailable) !== 0;
  const surge = intOrPercentValue(ru.maxSurge) !== 0;
  if (unavailable && surge) errs.push(invalid(`${path}.rollingUpdate.maxSurge`, ru.maxSurge, 'may not be set when maxUnavailable is non-zero'));
  else if (!unavailable && !surge) errs.push(required(`${path}.rollingUpdate.maxUnavailable`, 'cannot be 0 when maxSurge is 0'));
  return errs;
}

/** The StatefulSet's update strategy (ValidateStatefulSetSpec's switch on its type). */
function statefulSetStrategy(st: Json): FieldError[] {
  const path = 'spec.updateStrategy';
  if (!st?.type) return st ? [required(path)] : [];
  if (st.type === 'OnDelete') return st.rollingUpdate ? [invalid(`${path}.rollingUpdate`, st.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'")] : [];
  if (st.type !== 'RollingUpdate') return [invalid(path, new GoLiteral(`apps.StatefulSetUpdateStrategy{Type:${goQuote(String(st.type))}, RollingUpdate:(*apps.RollingUpdateStatefulSetStrategy)(nil)}`), "must be 'RollingUpdate' or 'OnDelete'")];
  const errs = nonNegative(`${path}.rollingUpdate.partition`, st.rollingUpdate?.partition);
  const mu = st.rollingUpdate?.maxUnavailable;
  if (mu !== undefined) {
    errs.push(...intOrPercent(`${path}.rollingUpdate.maxUnavailable`, mu));
    if (intOrPercentValue(mu) === 0) errs.push(invalid(`${path}.rollingUpdate.maxUnavailable`, mu, 'cannot be 0'));
  }
  return errs;
}

/**
 * ValidateStatefulSet: a DNS-label name, the selector, the template's labels — and not its pod
 * spec: the server accepts a StatefulSet whose pods it will then refuse (statefulSetPodErrors).
 */
export function validateStatefulSet(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'label');
  const spec = obj.spec ?? {};
  const pmp = spec.podManagementPolicy;
  if (pmp !== undefined && pmp !== 'OrderedReady' && pmp !== 'Parallel') errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  errs.push(...statefulSetStrategy(spec.updateStrategy));
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  for (const k of ['whenDeleted', 'whenScaled']) {
    const v = retention?.[k];
    if (retention && v !== 'Retain' && v !== 'Delete') errs.push(unsupported(`spec.persistentVolumeClaimRetentionPolicy.${k}`, v ?? '', ['Retain', 'Delete']));
  }
  errs.push(...nonNegative('spec.replicas', spec.replicas));
  errs.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  const parses = workloadSelector(spec, 'statefulset', errs, true);
  if (!parses) errs.push(invalid('spec.selector', goLabelSelector(spec.selector), ''));
  else {
    if (spec.selector) errs.push(...templateMatches(spec));
    errs.push(...validateLabels('spec.template.labels', spec.template?.metadata?.labels));
    errs.push(...validateAnnotations('spec.template.annotations', spec.template?.metadata?.annotations));
  }
  errs.push(...restartAlways('spec.template.spec', spec.template?.spec));
  errs.push(...noActiveDeadline('spec.template.spec', spec.template?.spec, 'StatefulSet'));
  return errs;
}

/** What the StatefulSet controller will hit when it creates the pods: the pod spec's own errors. */
export function statefulSetPodErrors(obj: KObject): FieldError[] {
  return validatePodSpec('spec.template.spec', obj.spec?.template?.spec, { isPod: false });
}

/** ValidateReplicationController: the selector (a plain map, defaulted from the template labels), the template. */
export function validateReplicationController(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  errs.push(...nonNegative('spec.minReadySeconds', spec.minReadySeconds));
  const selector = spec.selector as Record<string, string> | undefined;
  if (!selector || Object.keys(selector).length === 0) errs.push(required('spec.selector'));
  errs.push(...validateLabels('spec.selector', selector));
  errs.push(...nonNegative('spec.replicas', spec.replicas));
  if (!spec.template) errs.push(required('spec.template'));
  else {
    const labels = spec.template.metadata?.labels;
    if (selector && Object.keys(selector).length && !Object.entries(selector).every(([k, v]) => labels?.[k] === v)) errs.push(invalid('spec.template.metadata.labels', labels ?? {}, SELECTOR_MISMATCH));
    errs.push(...validatePodTemplate('spec.template', spec.template));
    errs.push(...restartAlways('spec.template.spec', spec.template.spec));
    errs.push(...noActiveDeadline('spec.template.spec', spec.template.spec, 'ReplicationController'));
  }
  return errs;
}

// ── services and networking ──────────────────────────────────────────────────────────────────────

const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];

/** ValidateService: ports (name, number, protocol, target port), selector, type, node ports. */
export function validateService(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'dns1035');
  const spec = obj.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  const ports: Json[] = Array.isArray(spec.ports) ? spec.ports : [];
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0 && !headless && type !== 'ExternalName') errs.push(required('spec.ports'));
  if (type === 'ExternalName') {
    if (!spec.externalName) errs.push(required('spec.externalName'));
    else errs.push(...isDNS1123Subdomain(String(spec.externalName).replace(/\.$/, '')).map((m) => invalid('spec.externalName', spec.externalName, m)));
  }
  const names = new Set<string>();
  ports.forEach((p, i) => {
    const at = `spec.ports[${i}]`;
    if (ports.length > 1 && !p?.name) errs.push(required(`${at}.name`));
    else if (p?.name) {
      errs.push(...isDNS1123Label(p.name).map((m) => invalid(`${at}.name`, p.name, m)));
      if (names.has(p.name)) errs.push(duplicate(`${at}.name`, p.name));
      names.add(p.name);
    }
    if (!isPortNumber(p?.port)) errs.push(invalid(`${at}.port`, p?.port ?? 0, PORT_RANGE));
    if (p?.protocol !== undefined && !PROTOCOLS.includes(p.protocol)) errs.push(unsupported(`${at}.protocol`, p.protocol, PROTOCOLS));
    errs.push(...validatePortNumOrName(`${at}.targetPort`, p?.targetPort));
    if (typeof p?.appProtocol === 'string') errs.push(...isQualifiedName(p.appProtocol).map((m) => invalid(`${at}.appProtocol`, p.appProtocol, m)));
  });
  errs.push(...validateLabels('spec.selector', spec.selector));
  if (!SERVICE_TYPES.includes(type)) errs.push(unsupported('spec.type', type, SERVICE_TYPES));
  ports.forEach((p, i) => {
    if (p?.nodePort === undefined || p.nodePort === 0) return;
    if (type === 'ClusterIP') errs.push(forbidden(`spec.ports[${i}].nodePort`, "may not be used when `type` is 'ClusterIP'"));
    else if (p.nodePort < 30000 || p.nodePort > 32767) errs.push(invalid(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is not in the valid range. The range of valid ports is 30000-32767'));
  });
  return errs;
}

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];

function ingressBackend(path: string, b: Json): FieldError[] {
  const errs: FieldError[] = [];
  if (b?.service && b?.resource) errs.push(invalid(path, '', 'cannot set both resource and service backends'));
  else if (b?.service) {
    if (!b.service.name) errs.push(required(`${path}.service.name`));
    else errs.push(...isDNS1035Label(b.service.name).map((m) => invalid(`${path}.service.name`, b.service.name, m)));
    const port = b.service.port ?? {};
    if (port.name && port.number) errs.push(invalid(`${path}.service.port`, port.name, 'cannot set both port name & port number'));
    else if (port.name) errs.push(...isValidPortName(port.name).map((m) => invalid(`${path}.service.port.name`, port.name, m)));
    else if (port.number !== undefined) { if (!isPortNumber(port.number)) errs.push(invalid(`${path}.service.port.number`, port.number, PORT_RANGE)); }
    else errs.push(required(`${path}.service.port`, 'port name or number is required'));
  } else if (!b?.resource) errs.push(invalid(path, '', 'resource or service backend is required'));
  return errs;
}

/** ValidateIngressSpec: a default backend or rules; each path with a type, an absolute path, a backend. */
export function validateIngress(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  const rules: Json[] = Array.isArray(spec.rules) ? spec.rules : [];
  if (!spec.defaultBackend && rules.length === 0) errs.push(invalid('spec.rules', [], 'either `defaultBackend` or `rules` must be specified'));
  if (spec.defaultBackend) errs.push(...ingressBackend('spec.defaultBackend', spec.defaultBackend));
  rules.forEach((r, i) => {
    const at = `spec.rules[${i}]`;
    if (r?.host) {
      const host = String(r.host).replace(/^\*\./, '');
      errs.push(...isDNS1123Subdomain(host).map((m) => invalid(`${at}.host`, r.host, m)));
    }
    const paths: Json[] = Array.isArray(r?.http?.paths) ? r.http.paths : [];
    if (r?.http && paths.length === 0) errs.push(required(`${at}.http.paths`));
    paths.forEach((p, j) => {
      const pp = `${at}.http.paths[${j}]`;
      if (!p?.pathType) errs.push(required(`${pp}.pathType`, 'pathType must be specified'));
      else if (!PATH_TYPES.includes(p.pathType)) errs.push(unsupported(`${pp}.pathType`, p.pathType, PATH_TYPES));
      if ((p?.pathType === 'Exact' || p?.pathType === 'Prefix') && !String(p?.path ?? '').startsWith('/')) errs.push(invalid(`${pp}.path`, p?.path ?? '', 'must be an absolute path'));
      errs.push(...ingressBackend(`${pp}.backend`, p?.backend));
    });
  });
  (Array.isArray(spec.tls) ? spec.tls : []).forEach((t: Json, i: number) => {
    (t?.hosts ?? []).forEach((h: string, j: number) => errs.push(...isDNS1123Subdomain(String(h).replace(/^\*\./, '')).map((m) => invalid(`spec.tls[${i}].hosts[${j}]`, h, m))));
  });
  return errs;
}

export function validateNetworkPolicy(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  errs.push(...validateLabelSelector('spec.podSelector', obj.spec?.podSelector));
  for (const t of (obj.spec?.policyTypes ?? []) as string[]) if (t !== 'Ingress' && t !== 'Egress') errs.push(unsupported('spec.policyTypes', t, ['Egress', 'Ingress']));
  return errs;
}

// ── config ───────────────────────────────────────────────────────────────────────────────────────

function configKeys(field: string, data: unknown): FieldError[] {
  const errs: FieldError[] = [];
  for (const k of Object.keys((data ?? {}) as Record<string, unknown>)) {
    if (k.length > 253) errs.push(invalid(`${field}[${k}]`, k, maxLen(253)));
    if (!CONFIG_KEY.test(k)) errs.push(invalid(`${field}[${k}]`, k, MSG_CONFIG_KEY));
    if (k === '.' || k === '..') errs.push(invalid(`${field}[${k}]`, k, `must not be '${k}'`));
    else if (k.startsWith('..')) errs.push(invalid(`${field}[${k}]`, k, "must not start with '..'"));
  }
  return errs;
}

/** ValidateConfigMap: every key of data and binaryData a config key, none in both. */
export function validateConfigMap(obj: KObject): FieldError[] {
  const errs = [...validateMeta(obj, 'subdomain'), ...configKeys('data', obj.data), ...configKeys('binaryData', obj.binaryData)];
  for (const k of Object.keys((obj.binaryData ?? {}) as Record<string, unknown>)) if (obj.data && Object.hasOwn(obj.data, k)) errs.push(invalid(`data[${k}]`, k, 'duplicate of key present in binaryData'));
  return errs;
}

const secretData = (obj: KObject): Record<string, unknown> => (obj.data && typeof obj.data === 'object' ? obj.data as Record<string, unknown> : {});
const secretHas = (obj: KObject, key: string): boolean => Object.hasOwn(secretData(obj), key) && secretData(obj)[key] !== undefined;

/** A docker config key: present, and JSON that unmarshals into a map (its decoded bytes, as Go reads them). */
function dockerConfigErrors(obj: KObject, key: string): FieldError[] {
  if (!secretHas(obj, key)) return [required(`data[${key}]`)];
  const problem = goUnmarshalMapError(Buffer.from(String(secretData(obj)[key] ?? ''), 'base64').toString('utf8'));
  return problem ? [invalid(`data[${key}]`, '<secret contents redacted>', problem)] : [];
}

/**
 * ValidateSecret (pkg/apis/core/validation/validation.go): keys, then what each built-in type needs,
 * in the server's order — a docker config that parses, basic-auth's username or password, ssh-auth's
 * private key (not empty), TLS's certificate then key.
 */
export function validateSecret(obj: KObject): FieldError[] {
  const errs = [...validateMeta(obj, 'subdomain'), ...configKeys('data', obj.data)];
  switch (obj.type) {
    case 'kubernetes.io/service-account-token':
      if (!obj.metadata?.annotations?.['kubernetes.io/service-account.name']) errs.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
      break;
    case 'kubernetes.io/dockercfg':
      errs.push(...dockerConfigErrors(obj, '.dockercfg'));
      break;
    case 'kubernetes.io/dockerconfigjson':
      errs.push(...dockerConfigErrors(obj, '.dockerconfigjson'));
      break;
    case 'kubernetes.io/basic-auth':
      // Either may be empty, but one of the fields must be there.
      if (!secretHas(obj, 'username') && !secretHas(obj, 'password')) errs.push(required('data[username]'), required('data[password]'));
      break;
    case 'kubernetes.io/ssh-auth':
      if (!secretData(obj)['ssh-privatekey']) errs.push(required('data[ssh-privatekey]'));
      break;
    case 'kubernetes.io/tls':
      if (!secretHas(obj, 'tls.crt')) errs.push(required('data[tls.crt]'));
      if (!secretHas(obj, 'tls.key')) errs.push(required('data[tls.key]'));
      break;
    default:
      break;
  }
  return errs;
}

// ── storage ──────────────────────────────────────────────────────────────────────────────────────

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];

function accessModeErrors(field: string, modes: unknown): FieldError[] {
  const list = Array.isArray(modes) ? modes : [];
  if (list.length === 0) return [required(field, 'at least 1 access mode is required')];
  const errs = list.filter((m) => !ACCESS_MODES.includes(m)).map((m) => unsupported(field, m, ACCESS_MODES));
  if (list.includes('ReadWriteOncePod') && list.length > 1) errs.push(forbidden(field, 'may not use ReadWriteOncePod with other access modes'));
  return errs;
}

/** ValidatePersistentVolumeClaim: access modes, a storage request. */
export function validatePersistentVolumeClaim(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  errs.push(...accessModeErrors('spec.accessModes', spec.accessModes));
  errs.push(...validateLabelSelector('spec.selector', spec.selector));
  const storage = spec.resources?.requests?.storage;
  if (storage === undefined) errs.push(required('spec.resources[storage]'));
  else if ((parseQuantity(storage) ?? 0) <= 0) errs.push(invalid('spec.resources[storage]', String(storage), 'must be greater than zero'));
  if (spec.volumeMode !== undefined && !['Block', 'Filesystem'].includes(spec.volumeMode)) errs.push(unsupported('spec.volumeMode', spec.volumeMode, ['Block', 'Filesystem']));
  return errs;
}

const PV_SOURCES = VOLUME_SOURCES.filter((s) => !['emptyDir', 'gitRepo', 'secret', 'persistentVolumeClaim', 'downwardAPI', 'configMap', 'projected', 'ephemeral', 'image'].includes(s)).concat('local');

/** ValidatePersistentVolume: access modes, capacity, exactly one volume source, a reclaim policy. */
export function validatePersistentVolume(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain', false);
  const spec = obj.spec ?? {};
  errs.push(...accessModeErrors('spec.accessModes', spec.accessModes));
  const cap = spec.capacity ?? {};
  if (Object.keys(cap).length === 0) errs.push(required('spec.capacity'));
  else if (cap.storage === undefined || Object.keys(cap).length !== 1) errs.push(unsupported('spec.capacity', Object.keys(cap).find((k) => k !== 'storage') ?? '', ['storage']));
  const policy = spec.persistentVolumeReclaimPolicy;
  if (policy !== undefined && !['Delete', 'Recycle', 'Retain'].includes(policy)) errs.push(unsupported('spec.persistentVolumeReclaimPolicy', policy, ['Delete', 'Recycle', 'Retain']));
  const sources = PV_SOURCES.filter((s) => spec[s] !== undefined && spec[s] !== null);
  if (sources.length === 0) errs.push(required('spec', 'must specify a volume type'));
  sources.slice(1).forEach((s) => errs.push(forbidden(`spec.${s}`, 'may not specify more than 1 volume type')));
  if (spec.hostPath && !spec.hostPath.path) errs.push(required('spec.hostPath.path'));
  return errs;
}

export function validateStorageClass(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain', false);
  if (!obj.provisioner) errs.push(required('provisioner'));
  if (obj.reclaimPolicy !== undefined && !['Delete', 'Retain'].includes(obj.reclaimPolicy)) errs.push(unsupported('reclaimPolicy', obj.reclaimPolicy, ['Delete', 'Retain']));
  if (obj.volumeBindingMode !== undefined && !['Immediate', 'WaitForFirstConsumer'].includes(obj.volumeBindingMode)) errs.push(unsupported('volumeBindingMode', obj.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  return errs;
}

// ── RBAC, scheduling, policy, autoscaling ────────────────────────────────────────────────────────

function roleRefErrors(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  const ref = obj.roleRef ?? {};
  if (ref.apiGroup !== 'rbac.authorization.k8s.io') errs.push(unsupported('roleRef.apiGroup', ref.apiGroup ?? '', ['rbac.authorization.k8s.io']));
  const kinds = obj.kind === 'RoleBinding' ? ['ClusterRole', 'Role'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind)) errs.push(unsupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  (Array.isArray(obj.subjects) ? obj.subjects : []).forEach((s: Json, i: number) => {
    const at = `subjects[${i}]`;
    if (!s?.name) errs.push(required(`${at}.name`));
    if (s?.kind === 'ServiceAccount') {
      if (s.apiGroup) errs.push(unsupported(`${at}.apiGroup`, s.apiGroup, ['']));
      if (obj.kind === 'ClusterRoleBinding' && !s.namespace) errs.push(required(`${at}.namespace`));
    } else if (s?.kind === 'User' || s?.kind === 'Group') {
      if (s.apiGroup !== 'rbac.authorization.k8s.io') errs.push(unsupported(`${at}.apiGroup`, s.apiGroup ?? '', ['rbac.authorization.k8s.io']));
    } else errs.push(unsupported(`${at}.kind`, s?.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  });
  return errs;
}

function ruleErrors(obj: KObject): FieldError[] {
  const errs: FieldError[] = [];
  (Array.isArray(obj.rules) ? obj.rules : []).forEach((r: Json, i: number) => {
    if (!(r?.verbs ?? []).length) errs.push(required(`rules[${i}].verbs`, 'verbs must contain at least one value'));
    if ((r?.nonResourceURLs ?? []).length) {
      if (obj.kind === 'Role') errs.push(invalid(`rules[${i}].nonResourceURLs`, r.nonResourceURLs, 'namespaced rules cannot apply to non-resource URLs'));
    } else if (!(r?.apiGroups ?? []).length) errs.push(required(`rules[${i}].apiGroups`, 'resource rules must supply at least one api group'));
    else if (!(r?.resources ?? []).length) errs.push(required(`rules[${i}].resources`, 'resource rules must supply at least one resource'));
  });
  return errs;
}

export function validatePriorityClass(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain', false);
  const name = String(obj.metadata?.name ?? '');
  const system = { 'system-node-critical': 2000001000, 'system-cluster-critical': 2000000000 } as Record<string, number>;
  if (name in system) { if (obj.value !== system[name]) errs.push(forbidden('metadata.name', `${name} is a system priority class and its value (${system[name]}) cannot be changed`)); }
  else if (name.startsWith('system-')) errs.push(forbidden('metadata.name', "priority class names with 'system-' prefix are reserved for system use only"));
  else if (typeof obj.value === 'number' && obj.value > 1000000000) errs.push(forbidden('value', 'maximum allowed value of a user defined priority is 1000000000'));
  if (obj.preemptionPolicy !== undefined && !['Never', 'PreemptLowerPriority'].includes(obj.preemptionPolicy)) errs.push(unsupported('preemptionPolicy', obj.preemptionPolicy, ['Never', 'PreemptLowerPriority']));
  return errs;
}

export function validatePodDisruptionBudget(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  // The server prints the whole internal spec struct here (pointers as addresses); kubetutor names the two fields.
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) errs.push(invalid('spec', new GoLiteral(`policy.PodDisruptionBudgetSpec{MinAvailable:${JSON.stringify(String(spec.minAvailable))}, MaxUnavailable:${JSON.stringify(String(spec.maxUnavailable))}}`), 'minAvailable and maxUnavailable cannot be both set'));
  if (spec.minAvailable !== undefined) errs.push(...intOrPercent('spec.minAvailable', spec.minAvailable));
  if (spec.maxUnavailable !== undefined) errs.push(...intOrPercent('spec.maxUnavailable', spec.maxUnavailable));
  errs.push(...validateLabelSelector('spec.selector', spec.selector));
  return errs;
}

export function validateHorizontalPodAutoscaler(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain');
  const spec = obj.spec ?? {};
  const ref = spec.scaleTargetRef ?? {};
  if (!ref.kind) errs.push(required('spec.scaleTargetRef.kind'));
  if (!ref.name) errs.push(required('spec.scaleTargetRef.name'));
  if (typeof spec.minReplicas === 'number' && spec.minReplicas < 1) errs.push(invalid('spec.minReplicas', spec.minReplicas, 'must be greater than or equal to 1'));
  if (typeof spec.maxReplicas !== 'number' || spec.maxReplicas < 1) errs.push(invalid('spec.maxReplicas', spec.maxReplicas ?? 0, 'must be greater than 0'));
  else if (typeof spec.minReplicas === 'number' && spec.maxReplicas < spec.minReplicas) errs.push(invalid('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  return errs;
}

// ── API extensions ───────────────────────────────────────────────────────────────────────────────

const CRD_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];

/**
 * ValidateCustomResourceDefinition (apiextensions-apiserver): the name is `<plural>.<group>`, and
 * every schema's `type` one of OpenAPI's (a typo like "strign" is refused).
 */
export function validateCustomResourceDefinition(obj: KObject): FieldError[] {
  const errs = validateMeta(obj, 'subdomain', false);
  const spec = obj.spec ?? {};
  const expected = `${spec.names?.plural ?? ''}.${spec.group ?? ''}`;
  if (obj.metadata?.name && spec.names?.plural && spec.group && obj.metadata.name !== expected) errs.push(invalid('metadata.name', obj.metadata.name, 'must be spec.names.plural+"."+spec.group'));
  const visit = (node: unknown, path: string): void => {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    const n = node as Record<string, unknown>;
    if (typeof n.type === 'string' && !CRD_TYPES.includes(n.type)) errs.push(unsupported(`${path}.type`, n.type, CRD_TYPES));
    for (const key of ['properties', 'patternProperties', 'definitions']) {
      const m = n[key];
      if (m && typeof m === 'object') for (const [k, v] of Object.entries(m as Record<string, unknown>)) visit(v, `${path}.${key}[${k}]`);
    }
    if (n.items) visit(n.items, `${path}.items`);
    if (n.additionalProperties) visit(n.additionalProperties, `${path}.additionalProperties`);
    for (const key of ['allOf', 'anyOf', 'oneOf']) if (Array.isArray(n[key])) (n[key] as unknown[]).forEach((v, i) => visit(v, `${path}.${key}[${i}]`));
  };
  if (Array.isArray(spec.versions)) spec.versions.forEach((v: Json, i: number) => visit(v?.schema?.openAPIV3Schema, `spec.versions[${i}].schema.openAPIV3Schema`));
  return errs;
}

// ── the dispatch ─────────────────────────────────────────────────────────────────────────────────

const OWN_RULES = new Set(['Pod', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController', 'Job', 'CronJob', 'PodTemplate', 'Service', 'Ingress', 'NetworkPolicy', 'Namespace', 'ConfigMap', 'Secret', 'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding', 'PriorityClass', 'PodDisruptionBudget', 'HorizontalPodAutoscaler']);

/**
 * Whether kubetutor spells out a kind's validation field by field (validateObject has a case for
 * it). For the other kinds the API server also refuses what the schema requires and the object
 * lacks, as their own validation would.
 */
export function hasOwnRules(kind: string): boolean {
  return OWN_RULES.has(kind);
}

/** Validation on create, per kind (after defaulting). Kinds without their own rules get ObjectMeta's. */
export function validateObject(obj: KObject, namespaced = true): FieldError[] {
  switch (obj.kind) {
    case 'Pod': return validatePod(obj);
    case 'Deployment': case 'ReplicaSet': return validateDeploymentOrReplicaSet(obj);
    case 'DaemonSet': return validateDaemonSet(obj);
    case 'StatefulSet': return validateStatefulSet(obj);
    case 'ReplicationController': return validateReplicationController(obj);
    case 'Job': return validateJob(obj);
    case 'CronJob': return validateCronJob(obj);
    case 'PodTemplate': return [...validateMeta(obj, 'subdomain'), ...validatePodTemplate('template', obj.template)];
    case 'Service': return validateService(obj);
    case 'Ingress': return validateIngress(obj);
    case 'NetworkPolicy': return validateNetworkPolicy(obj);
    case 'Namespace': return validateMeta(obj, 'label', false);
    case 'ConfigMap': return validateConfigMap(obj);
    case 'Secret': return validateSecret(obj);
    case 'PersistentVolumeClaim': return validatePersistentVolumeClaim(obj);
    case 'PersistentVolume': return validatePersistentVolume(obj);
    case 'StorageClass': return validateStorageClass(obj);
    case 'Role': case 'ClusterRole': return [...validateMeta(obj, 'path-segment', obj.kind === 'Role'), ...ruleErrors(obj)];
    case 'RoleBinding': case 'ClusterRoleBinding': return [...validateMeta(obj, 'path-segment', obj.kind === 'RoleBinding'), ...roleRefErrors(obj)];
    case 'PriorityClass': return validatePriorityClass(obj);
    case 'PodDisruptionBudget': return validatePodDisruptionBudget(obj);
    case 'HorizontalPodAutoscaler': return validateHorizontalPodAutoscaler(obj);
    case 'CustomResourceDefinition': return validateCustomResourceDefinition(obj);
    default: return validateMeta(obj, 'subdomain', namespaced);
  }
}

/**
 * ValidatePersistentVolumeClaimUpdate: a claim's spec stays as created, except its volumeName once
 * (the binder sets it) and, for a bound claim, its storage request and volumeAttributesClassName.
 * The real message goes on with a diff of the two specs, which kubetutor leaves out.
 */
function claimUpdateErrors(live: KObject, next: KObject): FieldError[] {
  const bound = live.status?.phase === 'Bound';
  const comparable = (spec: Json): string => {
    const s = JSON.parse(JSON.stringify(spec ?? {})) as Json;
    if (!live.spec?.volumeName) delete s.volumeName;
    if (bound) {
      if (s.resources?.requests) delete s.resources.requests.storage;
      delete s.volumeAttributesClassName;
    }
    return stableDump(s);
  };
  return comparable(live.spec) === comparable(next.spec) ? [] : [forbidden('spec', 'spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims')];
}

/** Fields an update may not change (ValidateImmutableField on the selector of apps and batch kinds). */
export function validateUpdate(live: KObject, next: KObject): FieldError[] {
  const selector = IMMUTABLE_SELECTOR_KINDS.has(next.kind) && JSON.stringify(live.spec?.selector) !== JSON.stringify(next.spec?.selector) ? [invalid('spec.selector', goLabelSelector(next.spec?.selector), 'field is immutable')] : [];
  if (next.kind === 'StatefulSet') return statefulSetUpdateErrors(live, next);
  if (next.kind === 'PersistentVolumeClaim') return claimUpdateErrors(live, next);
  if (next.kind === 'Job') {
    // ValidateJobSpecUpdate: completions, then the selector, then the template and completion mode.
    const job = jobUpdateErrors(live, next);
    return [...job.filter((e) => e.field === 'spec.completions'), ...selector, ...job.filter((e) => e.field !== 'spec.completions')];
  }
  return selector;
}

/**
 * Fields the schema marks required but the 1.32 API server defaults when they are left out:
 * checking them as required would refuse what a real cluster accepts.
 */
export const DEFAULTED_REQUIRED: readonly RegExp[] = [/\.podFailurePolicy\.rules\[\d+\]\.onPodConditions\[\d+\]\.status$/];

// ── decoding ─────────────────────────────────────────────────────────────────────────────────────

/**
 * Go's base64.StdEncoding.Decode error position (`illegal base64 data at input byte N`), or
 * undefined when the text decodes. Newlines are skipped, as the decoder skips them.
 */
export function base64ErrorOffset(src: string): number | undefined {
  const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let si = 0;
  for (;;) {
    let j = 0;
    while (j < 4) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const ch = src[si++] as string;
      if (ch === '\n' || ch === '\r') continue;
      if (ch === '=') {
        if (j === 0 || j === 1) return si - 1;
        if (j === 2) {
          while (si < src.length && (src[si] === '\n' || src[si] === '\r')) si++;
          if (si === src.length) return src.length;
          if (src[si] !== '=') return si - 1;
          si++;
        }
        while (si < src.length && (src[si] === '\n' || src[si] === '\r')) si++;
        return si < src.length ? si : undefined;
      }
      if (!ALPHA.includes(ch)) return si - 1;
      j++;
    }
  }
}

/**
 * What fails while the request body is decoded, before any validation: a Secret's data that is not
 * base64 (`illegal base64 data at input byte N`), a resource quantity that does not parse. The
 * first such problem, as the decoder stops there; `path` says where (for the explainer).
 */
export function decodeError(obj: KObject): { path: string; message: string } | undefined {
  if (obj.kind === 'Secret' && obj.data && typeof obj.data === 'object') {
    for (const [k, v] of Object.entries(obj.data as Record<string, unknown>)) {
      if (typeof v !== 'string') continue;
      const at = base64ErrorOffset(v);
      if (at !== undefined) return { path: `data[${k}]`, message: `illegal base64 data at input byte ${at}` };
    }
  }
  let found: { path: string; message: string } | undefined;
  const visit = (v: unknown, path: string, inResources: boolean): void => {
    if (found || !v || typeof v !== 'object') return;
    if (Array.isArray(v)) { v.forEach((x, i) => visit(x, `${path}[${i}]`, false)); return; }
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = path ? `${path}.${k}` : k;
      if (inResources && (k === 'limits' || k === 'requests') && x && typeof x === 'object') {
        for (const [name, q] of Object.entries(x as Record<string, unknown>)) {
          if ((typeof q === 'string' || typeof q === 'number') && parseQuantity(q) === undefined && !found) found = { path: `${p}[${name}]`, message: QUANTITY_RE };
        }
      } else visit(x, p, k === 'resources');
    }
  };
  visit(obj.spec, 'spec', false);
  return found;
}

/** apimachinery's IsQualifiedName: `[prefix/]name`, the messages it returns (kubectl taint quotes them). */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  let name = value;
  const errs: string[] = [];
  if (parts.length === 2) {
    const [prefix, rest] = parts as [string, string];
    name = rest;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else if (!DNS1123_SUBDOMAIN.test(prefix) || prefix.length > 253) errs.push(`prefix part ${MSG_SUBDOMAIN}`);
  } else if (parts.length > 2) {
    return [`a qualified name ${MSG_QUALIFIED.replace(/^name part /, '')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (name.length > 0 && !QUALIFIED_NAME.test(name)) errs.push(MSG_QUALIFIED);
  return errs;
}

/** apimachinery's IsValidLabelValue. */
export function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (value.length > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE.test(value)) errs.push(MSG_LABEL_VALUE);
  return errs;
}
