/**
 * The API server: the only way in to the cluster's state. Every request is decoded strictly
 * (unknown fields refused, as server-side field validation does by default since 1.27),
 * defaulted, admitted, validated, then written to the store. Errors are values shaped like the
 * server's `Status` responses; kubectl turns them into its own lines.
 */
import type { SeededRandom } from '../random.ts';
import type { Trace } from '../trace.ts';
import type { VirtualClock } from '../clock.ts';
import { admitPod, defaultObject } from './defaults.ts';
import { decodeTyped } from './typed-decode.ts';
import { answerReview, componentStatuses } from './answered.ts';
import { eventToCore, hpaV1ToV2, servedAs } from './conversions.ts';
import { DS_TEMPLATE_GENERATION, PVC_PROTECTION, generateJobSelector, GENERATION_KINDS, INITIAL_STATUS } from './workload-api.ts';
import { generateName, randomUid, stableDump } from './names.ts';
import { clone, controllerOf, selectorMatches, type Json, type KObject } from './objects.ts';
import { apiVersionOf, isStored, qualifiedResource, resourceByKind, type ResourceType } from './resources.ts';
import type { Store, StoreChange } from './store.ts';
import { DEFAULTED_REQUIRED, decodeError, hasOwnRules, renderFieldError, validateObject, validateUpdate, type FieldError } from './validation.ts';
import { elementType, explainPath } from '../schema.ts';

export type StatusReason = 'NotFound' | 'AlreadyExists' | 'Invalid' | 'BadRequest' | 'Conflict' | 'Forbidden' | 'MethodNotAllowed' | 'TooManyRequests' | 'InternalError';

export interface StatusError {
  readonly code: number;
  readonly reason: StatusReason;
  /** The server's message. */
  readonly message: string;
  /** For Invalid: what kubectl rebuilds its message from. */
  readonly details?: { readonly kind: string; readonly name: string; readonly causes: readonly string[] };
}

export type ApiOutcome =
  | { readonly ok: true; readonly object: KObject; readonly verb: 'created' | 'configured' | 'unchanged' }
  | { readonly ok: false; readonly error: StatusError };

/** A strict-decoding check of an object against the API schema (see ../schema.ts). */
export type SchemaCheck = (apiVersion: string, kind: string, obj: unknown) => ReadonlyArray<{ path: string; kind: string; expected?: string | undefined; value?: unknown }>;

/** A watch event as the API server's watch cache delivers it, with the (virtual) time it happened. */
export interface WatchEvent {
  readonly type: StoreChange['type'];
  readonly object: KObject;
  readonly at: number;
}

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

export function keyFor(r: ResourceType, namespace: string | undefined, name: string): string {
  return r.namespaced ? `${r.etcdPrefix}/${namespace}/${name}` : `${r.etcdPrefix}/${name}`;
}

const notFound = (r: ResourceType, name: string): StatusError => ({ code: 404, reason: 'NotFound', message: `${qualifiedResource(r)} "${name}" not found` });

/** What the server answers a verb a resource does not support (GET on a review, DELETE on a binding…). */
export const METHOD_NOT_ALLOWED: StatusError = { code: 405, reason: 'MethodNotAllowed', message: 'the server does not allow this method on the requested resource' };

/** The Go type a decoder wanted, from the schema's words (`integer`, `[]Container`, `Probe`). */
function goType(path: string, expected: string | undefined): string {
  if (expected === undefined) return 'string';
  if (expected === 'integer') return /Seconds$|(^|\.)(priority|revisionHistoryLimit)$/.test(path) ? 'int64' : 'int32';
  if (expected === 'boolean') return 'bool';
  if (expected === 'number') return 'float64';
  if (expected.startsWith('[]')) return /^\[\][A-Z]/.test(expected) ? `[]v1.${expected.slice(2)}` : expected;
  if (/^[A-Z]/.test(expected)) return `v1.${expected}`;
  return expected;
}

function jsonKind(v: unknown): string {
  if (typeof v === 'string') return 'string';
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return 'array';
  if (v === null) return 'null';
  return 'object';
}

/**
 * The Go struct that holds a field, for `json: cannot unmarshal … into Go struct field X.path`:
 * the schema knows it (an env value sits in an EnvVar); the kind's own struct at the top.
 */
function goStruct(apiVersion: string, kind: string, path: string): string {
  const parent = path.replace(/\[[^\]]*\]/g, '').split('.').slice(0, -1);
  if (parent.length === 0) return kind;
  const field = explainPath(apiVersion, kind, parent);
  const id = field ? elementType(field.type) : undefined;
  return id ? id.slice(id.lastIndexOf('.') + 1) : (parent.at(-1) as string).replace(/^./, (c) => c.toUpperCase());
}

export class ApiServer {
  #uidCounter = 0;
  #ipCounter = 0;

  constructor(
    private readonly store: Store,
    private readonly clock: VirtualClock,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
    private readonly schemaCheck: SchemaCheck | undefined,
  ) {}

  /** A uid in the UUID shape the API server gives every object. */
  newUid(): string {
    this.#uidCounter++;
    return randomUid(this.random);
  }

  now(): string {
    return this.clock.apiTime();
  }

  /** Its own random stream, so publishing the CA never shifts the uids and names other objects get. */
  #caRandom: SeededRandom | undefined;
  #caPem: string | undefined;

  /**
   * The controller manager's root-ca-cert-publisher: every namespace holds a `kube-root-ca.crt`
   * ConfigMap with the cluster's CA certificate, which every pod's service-account volume mounts.
   */
  publishRootCa(namespace: string, creationTimestamp: string): void {
    const cm = resourceByKind('ConfigMap') as ResourceType;
    const key = keyFor(cm, namespace, 'kube-root-ca.crt');
    if (this.store.peek(key)) return;
    this.#caRandom ??= this.random.fork('root-ca-cert-publisher');
    const rnd = this.#caRandom;
    if (this.#caPem === undefined) {
      // A made-up certificate of a kubeadm CA's size (the DER of a 2048-bit RSA CA starts MIIDBTCCAe2gAwIBAgII).
      const body = `MIIDBTCCAe2gAwIBAgII${rnd.string(1016, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/')}`;
      this.#caPem = `-----BEGIN CERTIFICATE-----\n${body.match(/.{1,64}/g)?.join('\n')}\n-----END CERTIFICATE-----\n`;
    }
    const h = rnd.hexWords(32);
    this.store.put(key, {
      apiVersion: 'v1', kind: 'ConfigMap',
      metadata: {
        name: 'kube-root-ca.crt', namespace, uid: `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`, creationTimestamp,
        annotations: { 'kubernetes.io/description': 'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.' },
      },
      data: { 'ca.crt': this.#caPem },
    });
  }

  /**
   * Decode strictly: the first wrong type (a quantity or base64 that does not parse is one too),
   * else every unknown field, as the real decoder reports them.
   */
  decode(obj: KObject): StatusError | undefined {
    return this.#decode(obj).error;
  }

  /**
   * The decoding, and the fields the schema requires that the object lacks: the kinds whose
   * validation kubetutor does not spell out field by field are refused for those (`Required value`),
   * as their own validation would.
   */
  #decode(obj: KObject): { error?: StatusError; required: FieldError[] } {
    if (!this.schemaCheck) return { required: [] };
    const issues = this.schemaCheck(obj.apiVersion, obj.kind, obj);
    const typeIssue = issues.find((i) => i.kind === 'wrong-type');
    const handled = `${obj.kind} in version "${obj.apiVersion.split('/').pop()}" cannot be handled as a ${obj.kind}`;
    if (typeIssue) {
      const path = typeIssue.path.replace(/\[\d+\]/g, '');
      return { required: [], error: { code: 400, reason: 'BadRequest', message: `${handled}: json: cannot unmarshal ${jsonKind(typeIssue.value)} into Go struct field ${goStruct(obj.apiVersion, obj.kind, typeIssue.path)}.${path} of type ${goType(path, typeIssue.expected)}` } };
    }
    const undecodable = decodeError(obj);
    if (undecodable) return { required: [], error: { code: 400, reason: 'BadRequest', message: `${handled}: ${undecodable.message}` } };
    const unknown = issues.filter((i) => i.kind === 'unknown-field');
    if (unknown.length > 0) {
      return { required: [], error: { code: 400, reason: 'BadRequest', message: `${handled}: strict decoding error: ${unknown.map((u) => `unknown field "${u.path}"`).join(', ')}` } };
    }
    const required = hasOwnRules(obj.kind) ? [] : issues
      .filter((i) => i.kind === 'required' && !/^status(\.|\[|$)/.test(i.path) && !DEFAULTED_REQUIRED.some((re) => re.test(`.${i.path}`)))
      .map((i): FieldError => ({ field: i.path, type: 'Required value' }));
    return { required };
  }

  #invalid(obj: KObject, errs: FieldError[]): StatusError {
    const causes = [...new Set(errs.map(renderFieldError))];
    const r = resourceByKind(obj.kind);
    const group = r?.group ? `.${r.group}` : '';
    const name = obj.metadata?.name ?? obj.metadata?.generateName ?? '';
    return {
      code: 422, reason: 'Invalid',
      message: `${obj.kind}${group} "${name}" is invalid: ${causes.length === 1 ? causes[0] : `[${causes.join(', ')}]`}`,
      details: { kind: obj.kind, name, causes },
    };
  }

  /** The stored object without copying it, for readers (never change what this returns). */
  peek(r: ResourceType, namespace: string | undefined, name: string): KObject | undefined {
    return this.store.peek(keyFor(r, namespace, name)) as KObject | undefined;
  }

  get(r: ResourceType, namespace: string | undefined, name: string): KObject | StatusError {
    if (!isStored(r)) {
      if (r.kind !== 'ComponentStatus') return METHOD_NOT_ALLOWED;
      return componentStatuses().find((c) => c.metadata.name === name) ?? notFound(r, name);
    }
    return this.store.get(keyFor(r, namespace, name)) ?? notFound(r, name);
  }

  list(r: ResourceType, namespace?: string): KObject[] {
    if (!isStored(r)) return r.kind === 'ComponentStatus' ? componentStatuses() : [];
    return this.store.list(r.namespaced && namespace !== undefined ? `${r.etcdPrefix}/${namespace}` : r.etcdPrefix);
  }

  /**
   * Watch one resource type (in one namespace, or in all) from now on, for the objects `matches`
   * selects, as the watch cache's cacheWatcher filters (convertToWatchEvent): an object that
   * starts to match arrives ADDED, one that stops matching leaves DELETED with its previous content.
   */
  watch(r: ResourceType, namespace: string | undefined, matches: (obj: KObject) => boolean, fn: (e: WatchEvent) => void): () => void {
    const prefix = r.namespaced && namespace !== undefined ? `${r.etcdPrefix}/${namespace}/` : `${r.etcdPrefix}/`;
    return this.store.watch(prefix, (c) => {
      const now = c.type !== 'DELETED' && matches(c.object);
      const before = c.previous !== undefined && matches(c.previous);
      if (!now && !before) return;
      const at = this.clock.now();
      if (now) fn({ type: before ? 'MODIFIED' : 'ADDED', object: c.object, at });
      else fn({ type: 'DELETED', object: c.type === 'DELETED' ? c.object : { ...(c.previous as KObject), metadata: { ...(c.previous as KObject).metadata, resourceVersion: c.object.metadata.resourceVersion } }, at });
    });
  }

  /** A list request as kubectl sends it: MethodNotAllowed for the resources that cannot be listed. */
  listOrError(r: ResourceType, namespace?: string): KObject[] | StatusError {
    return r.verbs.includes('list') ? this.list(r, namespace) : METHOD_NOT_ALLOWED;
  }

  /**
   * Create: decode, default, admit, validate, store. `dryRun` stops before the write. A component
   * with its own random stream names the uid (`uid`), so its objects never shift the uids and names
   * everything else gets; `at` backdates the object (what kubeadm left running days ago).
   */
  create(input: KObject, options: { dryRun?: boolean; actor?: string; owned?: boolean; uid?: string; at?: string } = {}): ApiOutcome {
    const r = resourceByKind(input.kind, input.apiVersion);
    if (!r) return { ok: false, error: { code: 404, reason: 'NotFound', message: `the server could not find the requested resource` } };
    // Controllers send objects built from templates the API server already decoded, and hand
    // them over (`owned`): no second copy.
    const decoded = options.actor?.startsWith('the ') ? { required: [] } : this.#decode(input);
    if (decoded.error) return { ok: false, error: decoded.error };
    if (!r.verbs.includes('create')) return { ok: false, error: METHOD_NOT_ALLOWED };
    if (!isStored(r)) return this.#answer(r, input);
    let obj = options.owned ? input : clone(input);
    // Stored in one version: an events.k8s.io Event as a core Event, an autoscaling/v1 HPA as v2.
    if (r.group === 'events.k8s.io') obj = eventToCore(obj);
    if (r.kind === 'HorizontalPodAutoscaler' && obj.apiVersion === 'autoscaling/v1') obj = hpaV1ToV2(obj);
    obj.metadata ??= {};
    if (r.namespaced) {
      obj.metadata.namespace ??= 'default';
      if (!this.store.peek(`/registry/namespaces/${obj.metadata.namespace}`)) {
        return { ok: false, error: { code: 404, reason: 'NotFound', message: `namespaces "${obj.metadata.namespace}" not found` } };
      }
    } else {
      delete obj.metadata.namespace;
    }
    if (obj.kind === 'Pod') {
      // The ServiceAccount admission plugin: the pod's service account must exist, and a pod
      // that names no imagePullSecrets gets the service account's.
      const saName = obj.spec?.serviceAccountName ?? obj.spec?.serviceAccount ?? 'default';
      const sa = this.store.peek(keyFor(resourceByKind('ServiceAccount') as ResourceType, obj.metadata.namespace, saName));
      if (!sa) {
        return { ok: false, error: { code: 403, reason: 'Forbidden', message: `pods "${obj.metadata.name ?? obj.metadata.generateName ?? ''}" is forbidden: error looking up service account ${obj.metadata.namespace}/${saName}: serviceaccount "${saName}" not found` } };
      }
      if (obj.spec && !(obj.spec.imagePullSecrets?.length) && sa.imagePullSecrets?.length) obj.spec.imagePullSecrets = clone(sa.imagePullSecrets);
    }
    const labelsGiven = Object.keys(obj.metadata.labels ?? {}).length > 0;
    if (!obj.metadata.name && obj.metadata.generateName) {
      let name: string;
      do name = generateName(obj.metadata.generateName, this.random); while (this.store.peek(keyFor(r, obj.metadata.namespace, name)));
      obj.metadata.name = name;
    }
    decodeTyped(obj);
    defaultObject(obj);
    // A Job's uid comes before validation: its generated selector names it (the job strategy's Validate).
    if (obj.kind === 'Job') {
      obj.metadata.uid = options.uid ?? this.newUid();
      generateJobSelector(obj, labelsGiven);
    }
    const errs = [...validateObject(obj, r.namespaced), ...decoded.required];
    if (errs.length > 0) return { ok: false, error: this.#invalid(obj, errs) };
    const key = keyFor(r, obj.metadata.namespace, obj.metadata.name as string);
    if (this.store.peek(key)) return { ok: false, error: { code: 409, reason: 'AlreadyExists', message: `${qualifiedResource(r)} "${obj.metadata.name}" already exists` } };
    if (obj.kind === 'Pod') admitPod(obj, this.random.string(5, 'bcdfghjklmnpqrstvwxz2456789'));
    // The StorageObjectInUseProtection admission plugin: claims and volumes in use are not deleted under their pods.
    if (obj.kind === 'PersistentVolumeClaim' || obj.kind === 'PersistentVolume') {
      const f = obj.kind === 'PersistentVolume' ? 'kubernetes.io/pv-protection' : PVC_PROTECTION;
      if (!(obj.metadata.finalizers ?? []).includes(f)) obj.metadata.finalizers = [...(obj.metadata.finalizers ?? []), f];
    }
    if (obj.kind === 'Service') this.#allocateServiceIPs(obj);
    if (obj.kind !== 'Job') obj.metadata.uid = options.uid ?? this.newUid();
    obj.metadata.creationTimestamp = options.at ?? this.now();
    if (GENERATION_KINDS.has(obj.kind)) obj.metadata.generation = 1;
    if (obj.kind === 'Pod') obj.status = { phase: 'Pending', qosClass: qosClass(obj.spec) };
    if (obj.kind === 'Deployment' || obj.kind === 'ReplicaSet') obj.status ??= {};
    const initial = INITIAL_STATUS[obj.kind];
    if (initial) obj.status = clone(initial);
    // The DaemonSet strategy counts template changes (TemplateGeneration, stored as this annotation in apps/v1).
    if (obj.kind === 'DaemonSet') obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [DS_TEMPLATE_GENERATION]: '1' };
    if (options.dryRun) return { ok: true, object: obj, verb: 'created' };
    const stored = this.store.put(key, obj);
    if (obj.kind === 'Namespace') {
      // The ServiceAccount controller gives every namespace its `default` service account.
      const sa = resourceByKind('ServiceAccount') as ResourceType;
      this.store.put(keyFor(sa, obj.metadata.name, 'default'), { apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: 'default', namespace: obj.metadata.name, uid: this.newUid(), creationTimestamp: obj.metadata.creationTimestamp } });
      this.publishRootCa(obj.metadata.name as string, obj.metadata.creationTimestamp as string);
    }
    if (obj.kind !== 'Event') {
      this.trace.record({ at: this.clock.now(), component: 'API server', action: `create ${r.kind.toLowerCase()} ${obj.metadata.name}`, why: `${options.actor ? `asked by ${options.actor}: ` : ''}validated the ${r.kind} and stored it in etcd at ${key}` });
    }
    return { ok: true, object: servedAs(r, stored, this.clock.now()), verb: 'created' };
  }

  /**
   * A create on a resource that is never stored: a Binding puts its pod on a node (the pod must
   * exist and have none yet); a review comes back answered.
   */
  #answer(r: ResourceType, input: KObject): ApiOutcome {
    if (r.kind !== 'Binding') return { ok: true, object: answerReview(input), verb: 'created' };
    const ns = input.metadata?.namespace ?? 'default';
    const name = input.metadata?.name ?? '';
    const podType = this.resourceOf('Pod');
    const pod = this.store.peek(keyFor(podType, ns, name));
    if (!pod) return { ok: false, error: notFound(podType, name) };
    if (pod.spec?.nodeName) return { ok: false, error: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on pods/binding "${name}": pod ${name} is already assigned to node "${pod.spec.nodeName}"` } };
    if (input.target?.kind !== 'Node' || !input.target?.name) return { ok: false, error: this.#invalid(input, [{ field: 'target.kind', type: 'Unsupported value', value: input.target?.kind ?? '', hasValue: true, detail: 'supported values: "Node"' }]) };
    this.bind(pod as KObject, String(input.target.name), this.now());
    this.trace.record({ at: this.clock.now(), component: 'API server', action: `bind ${name} → ${input.target.name}`, why: 'a Binding named the node: the pod is placed without the scheduler' });
    return { ok: true, object: clone(input), verb: 'created' };
  }

  #allocateServiceIPs(obj: KObject): void {
    const s = obj.spec;
    if (s.type === 'ExternalName') return;
    if (s.clusterIP === undefined) {
      this.#ipCounter++;
      s.clusterIP = `10.96.${Math.floor(this.#ipCounter / 250) + 10 + this.random.int(200)}.${(this.#ipCounter % 250) + 1}`;
    }
    s.clusterIPs ??= [s.clusterIP];
    if (s.type === 'NodePort' || s.type === 'LoadBalancer') {
      for (const p of s.ports ?? []) p.nodePort ??= 30000 + this.random.int(2768);
    }
  }

  /**
   * `kubectl apply` (client-side): create when absent; otherwise merge the manifest over the
   * live object (fields it stopped naming since the last apply are removed), re-default, validate.
   */
  apply(input: KObject, options: { dryRun?: boolean } = {}): ApiOutcome {
    const r = resourceByKind(input.kind, input.apiVersion);
    if (!r) return { ok: false, error: { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' } };
    // apply first reads the live object: resources that cannot be read cannot be applied.
    if (!r.verbs.includes('get')) return { ok: false, error: METHOD_NOT_ALLOWED };
    const decodeError = this.decode(input);
    if (decodeError) return { ok: false, error: decodeError };
    const manifest = withLastApplied(r.group === 'events.k8s.io' ? eventToCore(input) : r.kind === 'HorizontalPodAutoscaler' && input.apiVersion === 'autoscaling/v1' ? hpaV1ToV2(input) : input);
    const name = manifest.metadata.name;
    if (!name) return this.create(manifest, options);
    const live = this.store.get(keyFor(r, manifest.metadata.namespace, name));
    if (!live) return this.create(manifest, options);
    const previous = live.metadata.annotations?.[LAST_APPLIED] ? JSON.parse(live.metadata.annotations[LAST_APPLIED]) as Json : {};
    // The server owns these: a manifest's `creationTimestamp: null` (as generators write it) never wins.
    const serverOwned = (m: Json): Json => { const c = clone(m ?? {}); for (const k of ['creationTimestamp', 'uid', 'resourceVersion', 'generation', 'managedFields', 'deletionTimestamp', 'selfLink']) delete c[k]; return c; };
    const desired = { ...manifest, metadata: serverOwned(manifest.metadata) };
    const prior = { ...previous, metadata: serverOwned(previous.metadata) };
    const merged = clone(live);
    threeWayMerge(merged, prior, desired, ['status']);
    decodeTyped(merged);
    defaultObject(merged);
    // Unchanged only when the three-way patch is empty: drift from `kubectl scale` or `set image`
    // on a field the file names is put back, as the real client-side apply does.
    const comparable = (o: Json): string => JSON.stringify({ ...o, status: undefined, metadata: { ...o.metadata, resourceVersion: undefined, generation: undefined } });
    if (comparable(merged) === comparable(live)) return { ok: true, object: live, verb: 'unchanged' };
    const outcome = this.update(merged, { dryRun: options.dryRun, reason: 'apply' });
    return outcome.ok ? { ok: true, object: outcome.object, verb: 'configured' } : outcome;
  }

  /**
   * A client's PUT (`kubectl replace`, and a patch once applied to the live object): the body is the
   * whole object. A resourceVersion in it must be the live one (optimistic concurrency); the server
   * keeps what the client does not own — uid, creationTimestamp, generation, a deletion in
   * progress, and the status, which only the status subresource writes (BeforeUpdate and the
   * strategies' PrepareForUpdate).
   */
  replace(input: KObject, options: { dryRun?: boolean; actor?: string } = {}): ApiOutcome {
    const r = resourceByKind(input.kind, input.apiVersion);
    if (!r) return { ok: false, error: { code: 404, reason: 'NotFound', message: 'the server could not find the requested resource' } };
    if (!r.verbs.includes('update')) return { ok: false, error: METHOD_NOT_ALLOWED };
    const decodeError = this.decode(input);
    if (decodeError) return { ok: false, error: decodeError };
    const name = input.metadata?.name as string;
    const live = this.store.get(keyFor(r, r.namespaced ? input.metadata.namespace : undefined, name));
    if (!live) return { ok: false, error: notFound(r, name) };
    const sent = input.metadata.resourceVersion;
    if (sent !== undefined && sent !== '' && String(sent) !== live.metadata.resourceVersion) {
      return { ok: false, error: { code: 409, reason: 'Conflict', message: `Operation cannot be fulfilled on ${qualifiedResource(r)} "${name}": the object has been modified; please apply your changes to the latest version and try again` } };
    }
    const obj = clone(input);
    const meta = obj.metadata as Json;
    const was = live.metadata as Json;
    for (const k of ['uid', 'creationTimestamp', 'generation', 'deletionTimestamp', 'deletionGracePeriodSeconds']) {
      if (was[k] === undefined) delete meta[k]; else meta[k] = was[k];
    }
    delete obj.metadata.resourceVersion;
    if (live.status !== undefined) obj.status = clone(live.status); else delete obj.status;
    return this.update(obj, { dryRun: options.dryRun, reason: 'replace', ...(options.actor ? { actor: options.actor } : {}) });
  }

  /** Replace an object (kubectl scale / set image / apply, and controllers). Spec changes bump generation. */
  update(input: KObject, options: { dryRun?: boolean | undefined; reason?: string; actor?: string } = {}): ApiOutcome {
    const r = resourceByKind(input.kind, input.apiVersion) as ResourceType;
    const key = keyFor(r, input.metadata.namespace, input.metadata.name as string);
    const live = this.store.get(key);
    if (!live) return { ok: false, error: notFound(r, input.metadata.name as string) };
    const obj = clone(input);
    decodeTyped(obj);
    defaultObject(obj);
    const errs = validateObject(obj, r.namespaced);
    if (obj.kind === 'Pod') errs.push(...podUpdateErrors(live, obj));
    errs.push(...validateUpdate(live, obj));
    if (obj.kind === 'DaemonSet') {
      // The template generation is the server's: it counts changes to the template, and nothing else moves it.
      const gen = Number(live.metadata.annotations?.[DS_TEMPLATE_GENERATION] ?? 1);
      const changed = stableDump(live.spec?.template) !== stableDump(obj.spec?.template);
      obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [DS_TEMPLATE_GENERATION]: String(changed ? gen + 1 : gen) };
    }
    if (errs.length > 0) return { ok: false, error: this.#invalid(obj, errs) };
    if (stableDump(live.spec) !== stableDump(obj.spec) && live.metadata.generation !== undefined) obj.metadata.generation = (live.metadata.generation ?? 1) + 1;
    if (live.metadata.deletionTimestamp && obj.kind !== 'Pod') {
      // Being deleted: the mark stays, and the update that removes the last finalizer removes the object.
      obj.metadata.deletionTimestamp = live.metadata.deletionTimestamp;
      obj.metadata.deletionGracePeriodSeconds = live.metadata.deletionGracePeriodSeconds;
      if ((obj.metadata.finalizers ?? []).length === 0) {
        if (options.dryRun) return { ok: true, object: obj, verb: 'configured' };
        this.store.delete(key);
        this.trace.record({ at: this.clock.now(), component: 'API server', action: `delete ${r.kind.toLowerCase()} ${obj.metadata.name}`, why: `its last finalizer was removed${options.actor ? ` by ${options.actor}` : ''}: removed ${key} from etcd` });
        return { ok: true, object: obj, verb: 'configured' };
      }
    }
    if (obj.metadata.finalizers?.length === 0) delete obj.metadata.finalizers;
    if (options.dryRun) return { ok: true, object: obj, verb: 'configured' };
    const stored = this.store.put(key, obj);
    if (options.reason) this.trace.record({ at: this.clock.now(), component: 'API server', action: `update ${r.kind.toLowerCase()} ${obj.metadata.name}`, why: `${options.actor ? `asked by ${options.actor}: ` : ''}validated the change and stored the new version in etcd` });
    return { ok: true, object: stored, verb: 'configured' };
  }

  /** The binding subresource: the scheduler sets a pod's node (and nothing else). */
  bind(pod: KObject, node: string, at: string): void {
    const r = this.resourceOf('Pod');
    const key = keyFor(r, pod.metadata.namespace, pod.metadata.name as string);
    const stored = this.store.peek(key);
    if (!stored || stored.spec?.nodeName) return;
    this.store.put(key, { ...stored, metadata: { ...stored.metadata }, spec: { ...stored.spec, nodeName: node }, status: { ...(stored.status ?? {}), conditions: [{ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: at }] } } as KObject);
  }

  /**
   * Replace an object's status (the status subresource). Only the changed parts are new: the rest
   * is shared with the stored (frozen) version, so busy kubelets do not copy whole pods.
   */
  patchStatus(kind: string, namespace: string | undefined, name: string, status: Json): KObject | undefined {
    const key = keyFor(this.resourceOf(kind), namespace, name);
    const stored = this.store.peek(key);
    if (!stored) return undefined;
    return this.store.put(key, { ...stored, metadata: { ...stored.metadata }, status } as KObject);
  }

  /** Status writes from controllers and kubelets: no validation, no generation bump. */
  writeStatus(obj: KObject): KObject {
    const r = resourceByKind(obj.kind) as ResourceType;
    return this.store.put(keyFor(r, obj.metadata.namespace, obj.metadata.name as string), obj);
  }

  /**
   * Delete. Pods are deleted gracefully (deletionTimestamp; the kubelet finishes the job);
   * everything else goes at once and the garbage collector follows owner references.
   */
  delete(r: ResourceType, namespace: string | undefined, name: string, options: { gracePeriodSeconds?: number; actor?: string } = {}): { ok: true; object: KObject } | { ok: false; error: StatusError } {
    if (!r.verbs.includes('delete')) return { ok: false, error: METHOD_NOT_ALLOWED };
    const key = keyFor(r, namespace, name);
    const live = this.store.get(key);
    if (!live) return { ok: false, error: notFound(r, name) };
    if (r.kind === 'Namespace') {
      if (['default', 'kube-system', 'kube-public', 'kube-node-lease'].includes(name)) {
        return { ok: false, error: { code: 403, reason: 'Forbidden', message: `namespaces "${name}" is forbidden: this namespace may not be deleted` } };
      }
      // A namespace goes Terminating; the namespace controller empties it, then it is removed.
      if (!live.metadata.deletionTimestamp) {
        live.metadata.deletionTimestamp = this.now();
        live.status = { ...(live.status ?? {}), phase: 'Terminating' };
        this.store.put(key, live);
      }
      this.trace.record({ at: this.clock.now(), component: 'API server', action: `delete namespace ${name}`, why: 'marked the namespace Terminating; the namespace controller deletes everything in it, then the namespace' });
      return { ok: true, object: live };
    }
    if (r.kind !== 'Pod' && (live.metadata.finalizers ?? []).length > 0) {
      // Finalizers hold an object: it is marked for deletion, and goes when the last is removed.
      if (!live.metadata.deletionTimestamp) {
        live.metadata.deletionTimestamp = this.now();
        live.metadata.deletionGracePeriodSeconds = 0;
        this.store.put(key, live);
      }
      this.trace.record({ at: this.clock.now(), component: 'API server', action: `delete ${r.kind.toLowerCase()} ${name}`, why: `marked it for deletion; it stays until its finalizers (${(live.metadata.finalizers ?? []).join(', ')}) are removed` });
      return { ok: true, object: live };
    }
    // CheckGracefulDelete (registry/core/pod/strategy.go): a pod not on a node, or already
    // finished, goes at once; a pod already terminating may only have its grace period shortened
    // (BeforeDelete), its deletionTimestamp moved to match. A pod is always deleted in two writes,
    // as the registry's Delete does: the deletionTimestamp and grace period first (a watcher sees
    // it MODIFIED), then — when the grace period is 0 — the removal (DELETED).
    const finished = live.status?.phase === 'Succeeded' || live.status?.phase === 'Failed';
    const pending = live.metadata.deletionGracePeriodSeconds as number | undefined;
    const grace = finished || !live.spec?.nodeName ? 0 : options.gracePeriodSeconds ?? pending ?? live.spec?.terminationGracePeriodSeconds ?? 30;
    let gone = true;
    if (r.kind === 'Pod' && !(live.metadata.deletionTimestamp && !pending)) {
      const shorter = live.metadata.deletionTimestamp ? options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < (pending as number) : true;
      const period = live.metadata.deletionTimestamp ? options.gracePeriodSeconds as number : grace;
      if (shorter) {
        const asked = live.metadata.deletionTimestamp ? Date.parse(live.metadata.deletionTimestamp) - (pending ?? 0) * 1000 : this.clock.now();
        live.metadata.deletionTimestamp = new Date(asked + period * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
        live.metadata.deletionGracePeriodSeconds = period;
        this.store.put(key, live);
      }
      gone = shorter && period === 0;
    }
    if (gone) this.store.delete(key);
    const graceful = !gone;
    this.trace.record({ at: this.clock.now(), component: 'API server', action: `delete ${r.kind.toLowerCase()} ${name}`, why: graceful ? 'marked the pod for deletion; the kubelet on its node stops the containers, then the pod is removed' : `removed ${key} from etcd` });
    return { ok: true, object: live };
  }

  /** The namespace controller's last step: the emptied namespace itself goes. */
  removeNamespace(name: string): void {
    this.store.delete(keyFor(this.resourceOf('Namespace'), undefined, name));
  }

  /** Objects a controller owns (by controller owner reference and selector). */
  ownedBy(owner: KObject, r: ResourceType): KObject[] {
    return this.list(r, owner.metadata.namespace).filter((o) => controllerOf(o)?.uid === owner.metadata.uid && selectorMatches(owner.spec?.selector, o.metadata.labels));
  }

  resourceOf(kind: string): ResourceType {
    return resourceByKind(kind) as ResourceType;
  }

  apiVersionFor(kind: string): string {
    return apiVersionOf(this.resourceOf(kind));
  }
}

/** BestEffort without requests or limits; Guaranteed when every container's requests equal its limits. */
export function qosClass(spec: Json): 'BestEffort' | 'Burstable' | 'Guaranteed' {
  const cs: Json[] = spec?.containers ?? [];
  const any = cs.some((c) => Object.keys(c.resources?.requests ?? {}).length || Object.keys(c.resources?.limits ?? {}).length);
  if (!any) return 'BestEffort';
  const guaranteed = cs.every((c) => ['cpu', 'memory'].every((res) => c.resources?.limits?.[res] !== undefined && (c.resources?.requests?.[res] === undefined || String(c.resources.requests[res]) === String(c.resources.limits[res]))));
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

function podUpdateErrors(live: KObject, next: KObject): FieldError[] {
  const strip = (spec: Json): Json => {
    const s = clone(spec ?? {});
    for (const c of [...(s.containers ?? []), ...(s.initContainers ?? [])]) delete c.image;
    delete s.activeDeadlineSeconds;
    delete s.tolerations;
    delete s.terminationGracePeriodSeconds;
    return s;
  };
  // Compared as values: a client's copy (a YAML file, keys sorted) may order keys unlike the stored object.
  if (stableDump(strip(live.spec)) === stableDump(strip(next.spec))) return [];
  return [{ field: 'spec', type: 'Forbidden', detail: 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)' }];
}

/**
 * The manifest as client-side apply sends it: namespace defaulted and the last-applied annotation
 * added (what `kubectl apply --dry-run=client -o yaml` prints for a new object).
 */
export function withLastApplied(input: KObject): KObject {
  const r = resourceByKind(input.kind, input.apiVersion);
  const manifest = clone(input);
  manifest.metadata ??= {};
  if (r?.namespaced) manifest.metadata.namespace ??= 'default';
  if (r) manifest.metadata.annotations = { ...(manifest.metadata.annotations ?? {}), [LAST_APPLIED]: `${JSON.stringify(stripForAnnotation(input, r))}\n` };
  return manifest;
}

/** What kubectl stores as last-applied: the manifest (sorted keys, as Go marshals a map), annotations always present. */
function stripForAnnotation(input: KObject, r: ResourceType): Json {
  const o = clone(input) as Json;
  o.metadata ??= {};
  o.metadata.annotations = { ...(o.metadata.annotations ?? {}) };
  delete o.metadata.annotations[LAST_APPLIED];
  if (r.namespaced) o.metadata.namespace ??= 'default';
  const sort = (v: Json): Json => (Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v);
  return sort(o);
}

/** Client-side apply's merge: manifest fields win; fields dropped since the last apply are removed. */
function threeWayMerge(live: Json, last: Json, manifest: Json, keep: string[]): void {
  for (const k of Object.keys(manifest)) {
    const m = manifest[k];
    if (m && typeof m === 'object' && !Array.isArray(m) && live[k] && typeof live[k] === 'object' && !Array.isArray(live[k])) {
      threeWayMerge(live[k], last?.[k] ?? {}, m, []);
    } else if (Array.isArray(m) && Array.isArray(live[k]) && m.length > 0 && m.every((e: Json) => e && typeof e === 'object' && typeof e.name === 'string')) {
      // Strategic merge: lists of named things (containers, ports, env) merge by name.
      const liveByName = new Map((live[k] as Json[]).map((e: Json) => [e?.name, e]));
      const lastByName = new Map(((last?.[k] ?? []) as Json[]).map((e: Json) => [e?.name, e]));
      live[k] = m.map((e: Json) => {
        const l = liveByName.get(e.name);
        if (!l) return clone(e);
        const merged = clone(l);
        threeWayMerge(merged, lastByName.get(e.name) ?? {}, e, []);
        return merged;
      });
    } else {
      live[k] = clone(m);
    }
  }
  for (const k of Object.keys(last ?? {})) if (!(k in manifest) && !keep.includes(k)) delete live[k];
}
