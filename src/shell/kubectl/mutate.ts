/**
 * kubectl's verbs that change the cluster. kubectl itself only checks what it can check
 * client-side (kind and apiVersion set, a known kind) and leaves the rest to the API server,
 * whose answers it re-words: `deployment.apps/web created`, `The Deployment "web" is invalid: …`.
 */
import { LAST_APPLIED, withLastApplied, type ApiOutcome, type StatusError } from '../../sim/cluster/api-server.ts';
import { controllerOf, labelSelectorOf, parseLabelSelector, clone, podSpecOf, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, qualifiedResource, resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import { parseGoDuration } from '../../sim/units.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { DESCRIBE_TABLE, table } from '../format/table.ts';
import { err, hint, out, result, type CommandResult, type Line } from '../result.ts';
import { dryRunOf, dryRunSuffix as suffix, fieldSelectorError, findObject, isResult, namespaceOf, type DryRun, noResourcesGiven, notFoundLine, parseTargets, resolveObjects, resourcesAndPairs, statusLines } from './common.ts';
import { readManifests, type ManifestDoc } from './manifests.ts';
import { fieldSelectorTest } from '../../sim/cluster/field-selectors.ts';
import { printedLines } from './output.ts';
import { batchType, cronJobFor, jobFor } from './create-job.ts';
import { collectData } from './data-sources.ts';
import { kustomizeManifests } from './kustomize.ts';
import { podTemplateRaw } from './describe.ts';
import { podExecContext } from './inspect.ts';
import { isBareShell, shellFlavour } from '../container-shell.ts';
import { choosePrinter, OBJECT_FORMATS, printable, printedOutput } from './printflags.ts';
import { revisionedStatus, rolloutRevisioned, type RolloutView } from './rollout-revisioned.ts';

/** kubectl's own checks before anything reaches the server. */
export function clientCheck(doc: ManifestDoc): Line | undefined {
  const o = doc.object as Json;
  if (!o.kind) return err(`error: error validating "${doc.source}": error validating data: kind not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!o.apiVersion) return err(`error: error validating "${doc.source}": error validating data: apiVersion not set; if you choose to ignore these errors, turn validation off with --validate=false`);
  if (!resourceByKind(o.kind, o.apiVersion)) {
    return err(`error: resource mapping not found for name: "${o.metadata?.name ?? ''}" namespace: "${o.metadata?.namespace ?? ''}" from "${doc.source}": no matches for kind "${o.kind}" in version "${o.apiVersion}"\nensure CRDs are installed first`);
  }
  return undefined;
}

/** Hints for the mistakes learners make most with manifests. */
function teach(doc: ManifestDoc, lines: Line[]): Line[] {
  const text = lines.map((l) => l.text).join('\n');
  const o = doc.object as Json;
  if (/no matches for kind "Deployment" in version "(extensions\/v1beta1|apps\/v1beta[12])"/.test(text)) return [hint('Deployments moved to apiVersion apps/v1 (the old versions were removed in Kubernetes 1.16).')];
  if (/unknown field/.test(text)) return [hint('The API server refuses fields it does not know (strict field validation). Check the spelling, and the indentation that says which object a field belongs to.')];
  if (/`selector` does not match template `labels`/.test(text)) return [hint('A Deployment finds its pods by spec.selector, so spec.template.metadata.labels must include those labels.')];
  if (/image: Required value/.test(text)) return [hint('Every container needs an image: Kubernetes only runs images that were built and pushed beforehand; it never builds one.')];
  if (o?.kind === 'Deployment' && !o.spec?.selector && /spec.selector: Required value/.test(text)) return [hint('apps/v1 Deployments need spec.selector.matchLabels, matching the template\'s labels.')];
  return [];
}

function applyOrCreate(verb: 'apply' | 'create', ctx: CommandContext, p: ParsedFlags): CommandResult {
  const files = flagAll(p, 'filename');
  const kdir = flag(p, 'kustomize');
  if (kdir !== undefined && (files.length > 0 || bool(p, 'recursive'))) return result([err('error: only one of -f or -k can be specified')], 1);
  if (files.length === 0 && kdir === undefined) {
    return verb === 'apply'
      ? result([err('error: must specify one of -f and -k'), err(''), err("See 'kubectl apply -h' for help and examples")], 1)
      : result([err('error: must specify one of -f and -k'), err(''), err("See 'kubectl create -h' for help and examples")], 1);
  }
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const output = flag(p, 'output');
  const printer = output === undefined && flag(p, 'template') === undefined ? undefined : choosePrinter(p, ctx, { human: false, allowed: OBJECT_FORMATS });
  if (printer?.kind === 'error') return result([err(printer.message)], 1);
  const lines: Line[] = [];
  // -k builds the kustomization first (kustomize's own warnings come first).
  const k = kdir !== undefined ? kustomizeManifests(ctx, kdir) : undefined;
  if (k) lines.push(...k.warnings);
  const read = k ? k.read : readManifests(ctx, files, ctx.stdin, bool(p, 'recursive'));
  if (!read.ok) return result([...lines, err(read.error)], 1);
  if (read.docs.length === 0) return result([err('error: no objects passed to ' + verb)], 1);
  const api = ctx.world.cluster.api;
  // With -o yaml|json (or a template), kubectl prints the objects (one, or a v1 List) instead of the verb lines.
  const printed: KObject[] = [];
  const report = (type: ResourceType, obj: KObject, action: string): void => {
    if (printer && printer.kind !== 'name') printed.push(obj);
    else lines.push(out(output === 'name' ? kindSlashName(type, obj.metadata.name as string) : `${kindSlashName(type, obj.metadata.name as string)} ${action}${suffix(dry)}`));
  };
  let failed = false;
  const nsFlag = flag(p, 'namespace');
  for (const doc of read.docs) {
    const bad = clientCheck(doc);
    if (bad) { lines.push(...bad.text.split('\n').map(err), ...teach(doc, [bad])); failed = true; continue; }
    const obj = clone(doc.object);
    const type = resourceByKind(obj.kind, obj.apiVersion) as ResourceType;
    obj.metadata ??= {};
    if (type.namespaced && nsFlag !== undefined) {
      if (obj.metadata.namespace && obj.metadata.namespace !== nsFlag) {
        lines.push(err(`error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${nsFlag}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`));
        failed = true;
        continue;
      }
      obj.metadata.namespace = nsFlag;
    }
    if (dry === 'client') {
      // The client still reads the live object: an existing one is patched (configured or
      // unchanged), a new one would be created; nothing is sent.
      // A client dry run sends nothing: an object that exists is reported `configured` and printed
      // as it is live; a new one is printed as it would be sent (namespace filled in).
      const live = verb === 'apply' && obj.metadata.name ? findObject(ctx, type, obj.metadata.namespace ?? 'default', obj.metadata.name) : undefined;
      if (type.namespaced) obj.metadata.namespace ??= 'default';
      if (live) report(type, live, 'configured');
      else report(type, verb === 'apply' ? withLastApplied(obj) : obj, 'created');
      continue;
    }
    if (verb === 'apply' && obj.metadata.name) {
      // apply.go: patching an object that `create` or `run` made, without the annotation apply keeps.
      const live = findObject(ctx, type, obj.metadata.namespace ?? 'default', obj.metadata.name);
      if (live && live.metadata.annotations?.[LAST_APPLIED] === undefined) {
        lines.push(err(`Warning: resource ${qualifiedResource(type)}/${obj.metadata.name} is missing the ${LAST_APPLIED} annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.`));
      }
    }
    // create --save-config stores the annotation apply would (CreateOrUpdateAnnotation).
    const sent = verb === 'create' && bool(p, 'save-config') ? withLastApplied(obj) : obj;
    const outcome: ApiOutcome = verb === 'apply' ? api.apply(obj, { dryRun: dry === 'server' }) : api.create(sent, { dryRun: dry === 'server', actor: 'kubectl create' });
    if (outcome.ok) {
      report(type, outcome.object, outcome.verb);
    } else {
      const existed = verb === 'apply' && obj.metadata.name && findObject(ctx, type, obj.metadata.namespace ?? 'default', obj.metadata.name);
      const ls = verb === 'apply' && outcome.error.reason === 'MethodNotAllowed' ? unreadable(type, obj, doc.source, outcome.error.message) : statusLines(outcome.error, { file: doc.source, verb: existed ? 'applying patch' : 'creating' });
      lines.push(...ls, ...teach(doc, ls));
      failed = true;
    }
  }
  // apply prints the objects only when everything went through, several as a v1 List; create
  // prints each one it made (YAML documents split by ---).
  if (verb === 'apply' && failed) printed.length = 0;
  const docs = verb === 'apply' && printed.length > 1 ? [{ apiVersion: 'v1', items: printed, kind: 'List', metadata: {} }] : printed;
  docs.forEach((d, i) => {
    if (printer?.kind === 'generic') {
      const shown = printedOutput(printer.print(printable(d)));
      lines.push(...shown.out, ...shown.err);
      return;
    }
    if (output === 'yaml' && i > 0) lines.push(out('---'));
    lines.push(...printedLines(d, output as 'yaml' | 'json').map(out));
  });
  if (dry === 'none') ctx.world.advance(200);
  return result(lines, failed ? 1 : 0);
}

/**
 * apply reads the live object first; for a resource that cannot be read (a review, a binding) that
 * GET fails, and apply.go names the mapping it tried (cmdutil.AddSourceToErr over info.String()).
 */
function unreadable(type: ResourceType, obj: KObject, source: string, message: string): Line[] {
  const gv = type.group ? `${type.group}/${type.version}` : `/${type.version}`;
  const ns = type.namespaced ? obj.metadata?.namespace ?? 'default' : '';
  return [
    err('Error from server (MethodNotAllowed): error when retrieving current configuration of:'),
    err(`Resource: "${gv}, Resource=${type.resource}", GroupVersionKind: "${gv}, Kind=${type.kind}"`),
    err(`Name: "${obj.metadata?.name ?? ''}", Namespace: "${ns}"`),
    err(`from server for: "${source}": ${message}`),
  ];
}

/** Generated objects print like kubectl's: creationTimestamp null, empty resources, status {}; the line says what the verb did (its PrintFlags' operation). */
export function printGenerated(obj: Json, p: ParsedFlags, type: ResourceType, ctx: CommandContext, dry: DryRun, failedTo?: string, verb: 'create' | 'expose' = 'create'): CommandResult {
  const done = verb === 'expose' ? 'exposed' : 'created';
  const o = flag(p, 'output');
  const print = (x: Json): CommandResult => result(printedLines(x, o as 'yaml' | 'json').map(out));
  if (dry === 'client') {
    if (o === 'yaml' || o === 'json') return print(obj);
    return result([out(o === 'name' ? kindSlashName(type, obj.metadata.name) : `${kindSlashName(type, obj.metadata.name)} ${done} (dry run)`)]);
  }
  const created = ctx.world.cluster.api.create(stripGenerated(obj), { dryRun: dry === 'server', actor: `kubectl ${verb}` });
  // Some generators wrap the server's error (create_job.go: `failed to create job: …`, create_secret.go: `failed to create secret …`).
  if (!created.ok) return result(failedTo ? [err(`error: failed to create ${failedTo}${created.error.message}`)] : statusLines(created.error), 1);
  if (dry === 'none') ctx.world.advance(200);
  // Without a client dry run the object is created, and -o prints the server's copy.
  if (o === 'yaml' || o === 'json') return print(created.object);
  const name = kindSlashName(type, created.object.metadata.name as string);
  return result([out(o === 'name' ? name : `${name} ${done}${suffix(dry)}`)]);
}

/** What the generator sends: its object without the status it printed (the server decodes the zero times and the empty strategy). */
function stripGenerated(obj: Json): KObject {
  const o = clone(obj);
  delete o.status;
  if (o.spec?.strategy && Object.keys(o.spec.strategy).length === 0) delete o.spec.strategy;
  return o;
}

/** The container name kubectl derives from an image: its last path component without tag or digest. */
function containerNameFor(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]?.split(':')[0] ?? last;
}

function createGenerator(args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  const [what, ...rest] = args;
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const ns = namespaceOf(ctx, p);
  const withNs = (m: Json): Json => (flag(p, 'namespace') !== undefined ? { ...m, namespace: ns } : m);
  switch (what) {
    case 'deployment': case 'deploy': {
      const name = rest[0];
      const images = flagAll(p, 'image');
      if (!name) return result([err('error: exactly one NAME is required, got 0'), err("See 'kubectl create deployment -h' for help and examples")], 1);
      if (images.length === 0) return result([err('error: required flag(s) "image" not set')], 1);
      const port = flag(p, 'port');
      const replicas = flag(p, 'replicas');
      const containers = images.map((image) => ({ image, name: containerNameFor(image), ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {} }));
      const obj = {
        apiVersion: 'apps/v1', kind: 'Deployment',
        metadata: withNs({ creationTimestamp: null, labels: { app: name }, name }),
        spec: { ...(replicas !== undefined ? { replicas: Number(replicas) } : { replicas: 1 }), selector: { matchLabels: { app: name } }, strategy: {}, template: { metadata: { creationTimestamp: null, labels: { app: name } }, spec: { containers } } },
        status: {},
      };
      return printGenerated(obj, p, resourceByKind('Deployment') as ResourceType, ctx, dry);
    }
    case 'namespace': case 'ns': {
      const name = rest[0];
      if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
      return printGenerated({ apiVersion: 'v1', kind: 'Namespace', metadata: { creationTimestamp: null, name }, spec: {}, status: {} }, p, resourceByKind('Namespace') as ResourceType, ctx, dry);
    }
    case 'serviceaccount': case 'sa': {
      const name = rest[0];
      if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
      return printGenerated({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: withNs({ creationTimestamp: null, name }) }, p, resourceByKind('ServiceAccount') as ResourceType, ctx, dry);
    }
    case 'service': case 'svc': {
      const [type, name] = rest;
      if (!type || !['clusterip', 'nodeport', 'loadbalancer'].includes(type)) return result([err('error: unknown command "' + (type ?? '') + '" for "kubectl create service"'), err(''), err('Did you mean this?'), err('\tclusterip'), err('\tnodeport')], 1);
      if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
      const tcp = flagAll(p, 'tcp');
      if (tcp.length === 0) return result([err('error: at least one tcp port specifier must be provided')], 1);
      const ports = tcp.map((spec) => {
        const [port, target] = spec.split(':');
        return { name: `${port}-${target ?? port}`, port: Number(port), protocol: 'TCP', targetPort: Number(target ?? port) };
      });
      const svcType = type === 'clusterip' ? 'ClusterIP' : type === 'nodeport' ? 'NodePort' : 'LoadBalancer';
      return printGenerated({ apiVersion: 'v1', kind: 'Service', metadata: withNs({ creationTimestamp: null, labels: { app: name }, name }), spec: { ports, selector: { app: name }, type: svcType }, status: { loadBalancer: {} } }, p, resourceByKind('Service') as ResourceType, ctx, dry);
    }
    case 'configmap': case 'cm': {
      const name = rest[0];
      if (!name || rest.length > 1) return result([err(`error: exactly one NAME is required, got ${rest.length}`), err("See 'kubectl create configmap -h' for help and examples")], 1);
      const sources = { literals: flagAll(p, 'from-literal'), files: flagAll(p, 'from-file'), envFiles: flagAll(p, 'from-env-file') };
      if (sources.envFiles.length && (sources.files.length || sources.literals.length)) return result([err('error: from-env-file cannot be combined with from-file or from-literal')], 1);
      const read = collectData(ctx, sources, 'ConfigMap', name);
      if (typeof read === 'string') return result([err(`error: ${read}`)], 1);
      const data = Object.fromEntries(read);
      return printGenerated({ apiVersion: 'v1', ...(Object.keys(data).length ? { data } : {}), kind: 'ConfigMap', metadata: withNs({ creationTimestamp: null, name }) }, p, resourceByKind('ConfigMap') as ResourceType, ctx, dry, 'configmap: ');
    }
    case 'secret': {
      const [type, name] = rest;
      if (type === 'generic') {
        const words = rest.slice(1);
        if (words.length !== 1) return result([err(`error: exactly one NAME is required, got ${words.length}`), err("See 'kubectl create secret generic -h' for help and examples")], 1);
        const sources = { literals: flagAll(p, 'from-literal'), files: flagAll(p, 'from-file'), envFiles: flagAll(p, 'from-env-file') };
        if (sources.envFiles.length && (sources.files.length || sources.literals.length)) return result([err('error: from-env-file cannot be combined with from-file or from-literal')], 1);
        const read = collectData(ctx, sources, 'Secret', name as string);
        if (typeof read === 'string') return result([err(`error: ${read}`)], 1);
        const data = Object.fromEntries([...read].map(([k, v]) => [k, Buffer.from(v).toString('base64')]));
        const secretType = flag(p, 'type');
        return printGenerated({ apiVersion: 'v1', ...(Object.keys(data).length ? { data } : {}), kind: 'Secret', metadata: withNs({ creationTimestamp: null, name }), ...(secretType ? { type: secretType } : {}) }, p, resourceByKind('Secret') as ResourceType, ctx, dry, 'secret ');
      }
      if (type === 'docker-registry') {
        if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
        const server = flag(p, 'docker-server') ?? 'https://index.docker.io/v1/';
        const username = flag(p, 'docker-username');
        const password = flag(p, 'docker-password');
        if (!username || !password) return result([err('error: either --from-file or the combination of --docker-username, --docker-password and --docker-server is required')], 1);
        const email = flag(p, 'docker-email');
        const auth = Buffer.from(`${username}:${password}`).toString('base64');
        const config = JSON.stringify({ auths: { [server]: { username, password, ...(email ? { email } : {}), auth } } });
        return printGenerated({ apiVersion: 'v1', data: { '.dockerconfigjson': Buffer.from(config).toString('base64') }, kind: 'Secret', metadata: withNs({ creationTimestamp: null, name }), type: 'kubernetes.io/dockerconfigjson' }, p, resourceByKind('Secret') as ResourceType, ctx, dry);
      }
      return result([err(`error: unknown command "${type ?? ''}" for "kubectl create secret"`), err(''), err('Did you mean this?'), err('\tdocker-registry'), err('\tgeneric'), err('\ttls')], 1);
    }
    case 'poddisruptionbudget': case 'pdb': {
      // create_pdb.go: Validate, then the object (its status's counters print as zeros).
      const name = rest[0];
      if (!name || rest.length > 1) return result([err(`error: exactly one NAME is required, got ${rest.length}`), err("See 'kubectl create poddisruptionbudget -h' for help and examples")], 1);
      const selector = flag(p, 'selector') ?? '';
      const min = flag(p, 'min-available') ?? '';
      const max = flag(p, 'max-unavailable') ?? '';
      if (!selector) return result([err('error: a selector must be specified')], 1);
      if (!min && !max) return result([err('error: one of min-available or max-unavailable must be specified')], 1);
      if (min && max) return result([err('error: min-available and max-unavailable cannot be both specified')], 1);
      if (min && !/^[0-9]+%?$/.test(min)) return result([err('error: invalid format specified for min-available')], 1);
      if (max && !/^[0-9]+%?$/.test(max)) return result([err('error: invalid format specified for max-unavailable')], 1);
      const sel = labelSelectorOf(selector);
      if (typeof sel === 'string') return result([err(`error: ${sel}`)], 1);
      const intstr = (v: string): number | string => (/^\d+$/.test(v) ? Number(v) : v);
      const spec = { ...(min ? { minAvailable: intstr(min) } : { maxUnavailable: intstr(max) }), selector: sel };
      return printGenerated({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: withNs({ creationTimestamp: null, name }), spec, status: { currentHealthy: 0, desiredHealthy: 0, disruptionsAllowed: 0, expectedPods: 0 } }, p, resourceByKind('PodDisruptionBudget') as ResourceType, ctx, dry, 'poddisruptionbudgets: ');
    }
    case 'job': case 'cronjob': case 'cj': {
      const g = what === 'job' ? jobFor(rest, afterDash, ctx, p) : cronJobFor(rest, afterDash, ctx, p);
      if (isResult(g)) return g;
      return printGenerated(g.obj, p, batchType(g.kind), ctx, dry, `${g.what}: `);
    }
    default:
      return result([err(`error: Unexpected args: [${args.join(' ')}]`), err("See 'kubectl create -h' for help and examples")], 1);
  }
}

export function create(args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[] = []): CommandResult {
  if (args.length === 0) return applyOrCreate('create', ctx, p);
  return createGenerator(args, ctx, p, afterDash);
}

export function apply(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length > 0 && args[0] !== 'view-last-applied') return result([err(`error: Unexpected args: [${args.join(' ')}]`), err("See 'kubectl apply -h' for help and examples")], 1);
  return applyOrCreate('apply', ctx, p);
}

/**
 * `kubectl run NAME --image=IMAGE [-- ARGS…]` (cmd/run/run.go and generate/versioned/run.go's
 * BasicPod): one pod, one container named NAME, `run=NAME` unless --labels; -i/-t open the
 * container's stdin and terminal, and with them (or --attach) kubectl waits for the pod, then
 * attaches — to a shell you type into, or to the output of a command until it ends; --rm deletes
 * the pod afterwards.
 */
export function run(args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  const usage = (msg: string): CommandResult => result([err(`error: ${msg}`), err("See 'kubectl run -h' for help and examples")], 1);
  const name = args[0];
  // cobra checks the required flag first.
  const image = flag(p, 'image');
  if (image === undefined) return result([err('error: required flag(s) "image" not set')], 1);
  if (!name) return usage('NAME is required for run');
  if (image === '') return result([err('error: --image is required')], 1);
  if (!/^[\w][\w.:/@-]*$/.test(image) || /[:@]$/.test(image)) return result([err(`error: Invalid image name "${image}": invalid reference format`)], 1);
  const stdin = bool(p, 'stdin');
  const tty = bool(p, 'tty');
  if (tty && !stdin) return usage('-i/--stdin is required for containers with -t/--tty=true');
  const restartFlag = flag(p, 'restart') ?? '';
  if (restartFlag !== '' && !['Always', 'OnFailure', 'Never'].includes(restartFlag)) return usage(`invalid restart policy: ${restartFlag}`);
  const attach = p.values.has('attach') ? bool(p, 'attach') : stdin;
  const rm = bool(p, 'rm');
  if (!attach && rm) return usage('--rm should only be used for attached containers');
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  if (attach && dry !== 'none') return usage("--dry-run=[server|client] can't be used with attached containers options (--attach, --stdin, or --tty)");
  const pullPolicy = flag(p, 'image-pull-policy') ?? '';
  if (pullPolicy !== '' && !['Always', 'IfNotPresent', 'Never'].includes(pullPolicy)) return usage(`invalid image pull policy: ${pullPolicy}`);
  // The BasicPod generator.
  const env: Json[] = [];
  for (const e of flagAll(p, 'env')) {
    const at = e.indexOf('=');
    if (at <= 0 || !/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.slice(0, at))) return result([err(`error: invalid env: ${e}`)], 1);
    env.push({ name: e.slice(0, at), value: e.slice(at + 1) });
  }
  let labels: Record<string, string> = { run: name };
  const labelText = flag(p, 'labels');
  if (labelText) {
    labels = {};
    for (const spec of labelText.split(',')) {
      const kv = spec.split('=');
      if (kv.length !== 2) return result([err(`error: unexpected label spec: ${spec}`)], 1);
      if (kv[0] === '') return result([err('error: unexpected empty label key')], 1);
      labels[kv[0] as string] = kv[1] as string;
    }
  }
  const annotationArgs = flagAll(p, 'annotations');
  const badAnnotation = annotationArgs.filter((a) => !(a.includes('=') && !a.startsWith('=')));
  if (badAnnotation.length) return result([err(`error: invalid annotations format: ${badAnnotation.join(', ')}`)], 1);
  const annotations = Object.fromEntries(annotationArgs.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)]));
  const port = flag(p, 'port');
  if (port !== undefined && port !== '' && !/^-?\d+$/.test(port)) return result([err(`error: strconv.Atoi: parsing "${port}": invalid syntax`)], 1);
  const container: Json = {
    ...(afterDash.length && bool(p, 'command') ? { command: afterDash } : {}), ...(afterDash.length && !bool(p, 'command') ? { args: afterDash } : {}),
    ...(env.length ? { env } : {}), image, ...(pullPolicy ? { imagePullPolicy: pullPolicy } : {}), name,
    ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {},
    ...(stdin ? { stdin: true, stdinOnce: !bool(p, 'leave-stdin-open') } : {}), ...(tty ? { tty: true } : {}),
  };
  const restart = restartFlag || 'Always';
  const obj = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { ...(annotationArgs.length ? { annotations } : {}), creationTimestamp: null, labels, name, ...(flag(p, 'namespace') !== undefined ? { namespace: namespaceOf(ctx, p) } : {}) },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  const podType = resourceByKind('Pod') as ResourceType;
  const created = printGenerated(obj, p, podType, ctx, dry);
  if (!attach || created.exitCode !== 0) return created;
  // Attached, kubectl prints no `pod/NAME created` (run.go prints the object only when it does not attach).
  return attachTo(name, namespaceOf(ctx, p), restart, rm, created.lines.filter((l) => l.stream !== 'out'), ctx, p);
}

/** run.go's attach: wait for the pod, then a shell to type into, or the command's output until it ends. */
function attachTo(name: string, ns: string, restart: string, rm: boolean, before: readonly Line[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const api = ctx.world.cluster.api;
  const podType = api.resourceOf('Pod');
  const live = (): KObject | undefined => findObject(ctx, podType, ns, name);
  const finished = (x: KObject | undefined): boolean => x?.status?.phase === 'Succeeded' || x?.status?.phase === 'Failed';
  const ready = (x: KObject | undefined): boolean => x?.status?.phase === 'Running' && (x.status?.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True');
  const removed = (): Line[] => {
    if (!rm) return [];
    const r = api.delete(podType, ns, name, { actor: 'kubectl run --rm' });
    return r.ok ? [out(`pod "${name}" deleted`)] : [];
  };
  // waitForPod(podRunningAndReady), within --pod-running-timeout (1m).
  let pod = live();
  for (let waited = 0; !ready(pod) && !finished(pod) && waited < 60_000; waited += 500) { ctx.world.advance(500); pod = live(); }
  if (!ready(pod) && !finished(pod)) return result([...before, err('error: timed out waiting for the condition')], 1);
  const logs = (): Line[] => { const n = pod?.spec?.nodeName ? ctx.world.cluster.node(pod.spec.nodeName) : undefined; return (n?.logs(pod?.metadata.uid as string, name, false) ?? []).map(out); };
  const quiet = bool(p, 'quiet');
  const spec = (pod?.spec?.containers ?? [])[0] ?? {};
  const argv: string[] = [...(spec.command ?? []), ...(spec.args ?? [])];
  if (!finished(pod)) {
    const execCtx = podExecContext(ctx, pod as KObject, name);
    const flavour = execCtx && bool(p, 'stdin') && (argv.length === 0 || isBareShell(argv)) ? shellFlavour(execCtx, argv[0] ?? 'sh') : undefined;
    const prompt = quiet ? [] : [err("If you don't see a command prompt, try pressing enter.")];
    if (flavour && execCtx) {
      // The shell the container runs reads what the learner types; leaving it ends the session.
      return {
        lines: [...before, ...prompt], exitCode: 0,
        enter: {
          flavour, exec: execCtx,
          leave: (status) => {
            // The shell was the container's main process: it ends, and the kubelet applies the restart policy.
            const node = pod?.spec?.nodeName ? ctx.world.cluster.node(pod.spec.nodeName) : undefined;
            node?.endProcess(pod?.metadata.uid as string, name, status, ctx.world.clock.now());
            const ended = restart === 'Always' && bool(p, 'tty') && !quiet ? [out(`Session ended, resume using 'kubectl attach ${name} -c ${name} -i -t' command when the pod is running`)] : [];
            if (restart === 'Always' || bool(p, 'leave-stdin-open')) return result([...ended, ...removed()]);
            // waitForExitCode: Never and OnFailure wait for the pod to finish and return its exit code.
            for (let waited = 0; !finished(pod) && waited < 60_000; waited += 500) { ctx.world.advance(500); pod = live(); }
            return exitOf(pod, ended, removed);
          },
        },
      };
    }
    if (restart === 'Always') return result([...before, ...prompt, ...logs(), hint('kubectl keeps streaming the container\'s output until Ctrl-C; the sandbox shows what it has written so far.'), ...removed()]);
    // A command that ends: its output, then kubectl waits for the pod to finish (waitForExitCode).
    for (let waited = 0; !finished(pod) && waited < 60_000; waited += 500) { ctx.world.advance(500); pod = live(); }
    return exitOf(pod, [...before, ...prompt, ...logs()], removed);
  }
  return exitOf(pod, [...before, ...logs()], removed);
}

/** The attached pod's end: Succeeded is 0; Failed is the container's exit code, as kubectl's CodeExitError. */
function exitOf(pod: KObject | undefined, lines: Line[], removed: () => Line[]): CommandResult {
  const term = pod?.status?.containerStatuses?.[0]?.state?.terminated;
  if (pod?.status?.phase === 'Failed' && term && term.exitCode) {
    return result([...lines, ...removed(), err(`pod ${pod.metadata.namespace}/${pod.metadata.name} terminated (${term.reason ?? 'Error'})`), ...(term.message ? [err(term.message)] : [])], term.exitCode);
  }
  if (pod?.status?.phase === 'Failed') return result([...lines, ...removed(), err(`error: pod ${pod.metadata.namespace}/${pod.metadata.name} failed with unknown exit code`)], 1);
  return result([...lines, ...removed()]);
}

/**
 * `kubectl delete`: by name, -f, -l or --all (cmd/delete/delete.go). Pods are deleted gracefully;
 * kubectl prints each deletion, then waits (--wait, the default) until the objects are gone — a
 * pod when its kubelet has stopped its containers — while the cluster's clock runs.
 */
export function del(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const api = ctx.world.cluster.api;
  const ns = namespaceOf(ctx, p);
  const grace = deleteGracePeriod(p);
  if (typeof grace === 'string') return result([err(grace)], 1);
  const lines: Line[] = [];
  const fromFiles = manifestItems(ctx, p, ns, lines);
  if (isResult(fromFiles)) return fromFiles;
  const items = fromFiles ?? [];
  if (!fromFiles) {
    const targets = parseTargets(args);
    if (isResult(targets)) return targets;
    if (targets.length === 0) return noResourcesGiven();
    const sel = flag(p, 'selector');
    const fields = flag(p, 'field-selector');
    for (const t of targets) {
      if (t.names.length > 0) {
        if (sel !== undefined || fields !== undefined) return result([err('error: name cannot be provided when a selector is specified')], 1);
        for (const n of t.names) items.push({ type: t.type, ns: t.type.namespaced ? ns : undefined, name: n });
        continue;
      }
      if (sel === undefined && fields === undefined && !bool(p, 'all')) return result([err('error: resource(s) were provided, but no name was specified')], 1);
      const test = sel !== undefined ? parseLabelSelector(sel) : () => true;
      if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
      // The list the builder asks for, filtered by the server (labels, then the kind's fields).
      const byFields = fields !== undefined ? fieldSelectorTest(t.type.kind, fields) : () => true;
      if (typeof byFields === 'string') return result([err(fieldSelectorError(t.type, sel ?? '', fields as string, byFields))], 1);
      const found = api.list(t.type, t.type.namespaced ? ns : undefined).filter((o) => test(o.metadata.labels) && byFields(o));
      for (const o of found) items.push({ type: t.type, ns: o.metadata.namespace, name: o.metadata.name as string });
    }
  }
  if (items.length === 0) return result([...lines, out(`No resources found`)]);
  const force = bool(p, 'force');
  // Validate: --force only with no grace period, and then kubectl warns before deleting anything.
  if (force && grace > 0) return result([err('error: --force and --grace-period greater than 0 cannot be specified together')], 1);
  if (force && grace === 0) lines.push(err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.'));
  const timeout = parseGoDuration(flag(p, 'timeout') ?? '0');
  if ('error' in timeout) return result([err(`error: invalid argument "${flag(p, 'timeout')}" for "--timeout" flag: ${timeout.error}`)], 1);
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const operation = grace === 0 ? 'force deleted' : 'deleted';
  const waitFor: Array<{ type: ResourceType; ns: string | undefined; name: string; uid: string }> = [];
  // delete.go visits with ContinueOnError: each failure is collected and printed at the end, an
  // object from a file with its source (cmdutil.AddSourceToErr("deleting", …)).
  const errors: Line[] = [];
  const failure = (e: StatusError, source: string | undefined): void => {
    if (e.reason === 'NotFound' && bool(p, 'ignore-not-found')) return;
    errors.push(...statusLines(e, source ? { file: source, verb: 'deleting' } : undefined));
  };
  const deleted = (it: (typeof items)[number]): Line => deletedLine(it.type, it.name, operation, dry);
  for (const it of items) {
    // A client dry run sends nothing and reads nothing (the builder's RequireObject(false)).
    if (dry === 'client') { lines.push(deleted(it)); continue; }
    if (dry === 'server') {
      const live = api.get(it.type, it.ns, it.name);
      if ('metadata' in live) lines.push(deleted(it)); else failure(live, it.source);
      continue;
    }
    const r = api.delete(it.type, it.ns, it.name, { ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), actor: 'kubectl delete' });
    if (!r.ok) { failure(r.error, it.source); continue; }
    lines.push(deleted(it));
    waitFor.push({ ...it, uid: r.object.metadata.uid as string });
  }
  lines.push(...errors);
  const failed = errors.length > 0;
  // DeleteResult returns the visit's errors before it would wait.
  if (failed || dry !== 'none' || flag(p, 'wait') === 'false' || waitFor.length === 0) {
    ctx.world.advance(200);
    return result(lines, failed ? 1 : 0);
  }
  // cmdwait.IsDeleted: gone, or replaced by a new object of the same name. --timeout=0 waits "forever"
  // (a week); the sandbox gives up after ten minutes of simulated time, and says so.
  const gone = (w: (typeof waitFor)[number]): boolean => findObject(ctx, w.type, w.ns ?? 'default', w.name)?.metadata.uid !== w.uid;
  const started = ctx.world.clock.now();
  const limit = started + (timeout.ms > 0 ? timeout.ms : 168 * 3_600_000);
  for (let left = waitFor.filter((w) => !gone(w)); left.length > 0; left = left.filter((w) => !gone(w))) {
    const w = left[0] as (typeof waitFor)[number];
    if (ctx.world.clock.now() >= limit) return result([...lines, err(`error: timed out waiting for the condition on ${w.type.resource}/${w.name}`)], 1);
    if (ctx.world.clock.now() - started >= 600_000) {
      return result([...lines, hint(`kubectl would go on waiting for ${w.type.resource}/${w.name} to go (until Ctrl-C, or --timeout); kubetutor stops after ten minutes. \`kubectl describe ${w.type.resource} ${w.name}\` shows what holds it.`)], failed ? 1 : 0);
    }
    ctx.world.advance(Math.min(1000, limit - ctx.world.clock.now()));
  }
  ctx.world.advance(200);
  return result(lines, failed ? 1 : 0);
}

/** delete.go's PrintObj for a deleted object: `kind.group "name" deleted`. */
export function deletedLine(type: ResourceType, name: string, operation: string, dry: DryRun): Line {
  return out(`${type.kind.toLowerCase()}${type.group ? `.${type.group}` : ''} "${name}" ${operation}${suffix(dry)}`);
}

/**
 * The grace period kubectl sends (DeleteOptions.Complete): --now is 1; 0 without --force is
 * turned into 1, to prevent accidental data loss; --force alone is 0; -1 lets the server decide.
 */
function deleteGracePeriod(p: ParsedFlags): number | string {
  const text = flag(p, 'grace-period');
  const given = text === undefined ? -1 : Number(text);
  if (!/^-?\d+$/.test(text ?? '-1')) return `error: invalid argument "${text}" for "--grace-period" flag: strconv.ParseInt: parsing "${text}": invalid syntax`;
  let grace = given;
  if (bool(p, 'now')) {
    if (text !== undefined && given !== -1) return 'error: --now and --grace-period cannot be specified together';
    grace = 1;
  }
  if (grace === 0 && !bool(p, 'force')) grace = 1;
  if (bool(p, 'force') && grace < 0) grace = 0;
  return grace;
}

function deploymentArg(args: string[], ctx: CommandContext, p: ParsedFlags, verb: string, kinds: readonly string[] = ['Deployment', 'ReplicaSet']): { dep: KObject } | CommandResult {
  const targets = parseTargets(args);
  if (isResult(targets)) return targets;
  const t = targets[0];
  if (!t || t.names.length === 0) return result([err(`error: resource(s) were provided, but no name was specified`)], 1);
  if (!kinds.includes(t.type.kind)) return result([err(`error: no ${verb} has been implemented for ${qualifiedResource(t.type)}`)], 1);
  const dep = findObject(ctx, t.type, namespaceOf(ctx, p), t.names[0] as string);
  if (!dep) return result([notFoundLine(t.type, t.names[0] as string)], 1);
  return { dep };
}

/** The objects `-f` names (files, folders, `-`), each as its resource type, namespace and name; undefined without -f. */
function manifestItems(ctx: CommandContext, p: ParsedFlags, ns: string, warnings: Line[] = []): Array<{ type: ResourceType; ns: string | undefined; name: string; source?: string }> | CommandResult | undefined {
  const files = flagAll(p, 'filename');
  const kdir = flag(p, 'kustomize');
  if (files.length === 0 && kdir === undefined) return undefined;
  if (kdir !== undefined && (files.length > 0 || bool(p, 'recursive'))) return result([err('error: only one of -f or -k can be specified')], 1);
  const k = kdir !== undefined ? kustomizeManifests(ctx, kdir) : undefined;
  if (k) warnings.push(...k.warnings);
  const read = k ? k.read : readManifests(ctx, files, ctx.stdin, bool(p, 'recursive'));
  if (!read.ok) return result([...warnings, err(read.error)], 1);
  const items: Array<{ type: ResourceType; ns: string | undefined; name: string; source?: string }> = [];
  for (const d of read.docs) {
    const type = resourceByKind(d.object.kind, d.object.apiVersion);
    if (type) items.push({ type, ns: type.namespaced ? (d.object.metadata?.namespace ?? ns) : undefined, name: d.object.metadata?.name as string, source: d.source });
  }
  return items;
}

/** The kinds with a scale subresource. */
const SCALABLE: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

export function scale(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const replicas = flag(p, 'replicas');
  if (replicas === undefined) return result([err('error: required flag(s) "replicas" not set')], 1);
  // pflag reads an int; scale.go's Validate refuses a negative one.
  if (!/^[-+]?\d+$/.test(replicas)) return result([err(`error: invalid argument "${replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${replicas}": invalid syntax`), err("See 'kubectl scale --help' for usage.")], 1);
  if (Number(replicas) < 0) return result([err('error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0')], 1);
  // Preconditions (scale.go, pkg/scale ScalePrecondition): the size and resourceVersion the object must have now.
  const current = flag(p, 'current-replicas') ?? '-1';
  if (!/^[-+]?\d+$/.test(current)) return result([err(`error: invalid argument "${current}" for "--current-replicas" flag: strconv.ParseInt: parsing "${current}": invalid syntax`), err("See 'kubectl scale --help' for usage.")], 1);
  if (Number(current) < -1) return result([err('error: The --current-replicas must specify an integer of -1 or greater')], 1);
  const wantVersion = flag(p, 'resource-version') ?? '';
  // Every object named (`rc/foo rc/bar rc/baz`, or -f foo.yaml), each through its scale subresource.
  const ns = namespaceOf(ctx, p);
  const fromFiles = manifestItems(ctx, p, ns);
  if (isResult(fromFiles)) return fromFiles;
  const items = fromFiles ?? [];
  if (!fromFiles) {
    const targets = parseTargets(args);
    if (isResult(targets)) return targets;
    if (targets.length === 0 || targets.some((t) => t.names.length === 0)) return result([err('error: resource(s) were provided, but no name was specified')], 1);
    for (const t of targets) for (const name of t.names) items.push({ type: t.type, name, ns });
  }
  const lines: Line[] = [];
  for (const { type, name, ns } of items) {
    if (!SCALABLE.includes(type.kind)) return result([...lines, err(`error: no scale has been implemented for ${qualifiedResource(type)}`)], 1);
    const obj = findObject(ctx, type, ns ?? 'default', name);
    if (!obj) return result([...lines, notFoundLine(type, name)], 1);
    if (wantVersion && items.length > 1) return result([err('error: cannot use --resource-version with multiple resources')], 1);
    const size = obj.spec?.replicas ?? 1;
    if (Number(current) !== -1 && size !== Number(current)) return result([...lines, err(`error: Expected replicas to be ${Number(current)}, was ${size}`)], 1);
    if (wantVersion && obj.metadata.resourceVersion !== wantVersion) return result([...lines, err(`error: Expected resource version to be ${wantVersion}, was ${obj.metadata.resourceVersion}`)], 1);
    obj.spec.replicas = Number(replicas);
    const r = ctx.world.cluster.api.update(obj, { reason: 'scale', actor: 'kubectl scale' });
    if (!r.ok) return result([...lines, ...statusLines(r.error)], 1);
    lines.push(out(`${kindSlashName(type, name)} scaled`));
  }
  ctx.world.advance(200);
  return result(lines);
}

/**
 * `kubectl set image TYPE/NAME CONTAINER=IMAGE…` (cmd/set/set_image.go): the words before the
 * first `=` pair are resources, the rest `container=image` pairs split at the first `=` (so
 * images with `/`, ports and digests pass as written); `*` names every container. An object whose
 * images already match is left alone and not printed.
 */
export function setImage(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const split = resourcesAndPairs(args.slice(1), 'image');
  if (isResult(split)) return split;
  const { resources, pairs } = split;
  // cmdutil.ParsePairs without removals
  const invalid = pairs.filter((a) => !(a.includes('=') && !a.startsWith('=')));
  if (invalid.length) return result([err(`error: invalid image format: ${invalid.join(', ')}`)], 1);
  const images = new Map(pairs.map((a) => [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] as const));
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const found = resolveObjects(resources, ctx, p, { all: bool(p, 'all') });
  if (isResult(found)) return found;
  // The builder's errors end the command before anything is changed (Complete returns them).
  if (found.errors.length) return result(found.errors, 1);
  const problems: string[] = [];
  if (bool(p, 'all') && flag(p, 'selector') !== undefined) problems.push('cannot set --all and --selector at the same time');
  if (resources.length === 0 && flagAll(p, 'filename').length === 0) problems.push('one or more resources must be specified as <resource> <name> or <resource>/<name>');
  if (images.size === 0) problems.push('at least one image update is required');
  else if (images.size > 1 && images.has('*')) problems.push('all containers are already specified by *, but saw more than one container_name=container_image pairs');
  if (problems.length === 1) return result([err(`error: ${problems[0]}`)], 1);
  if (problems.length > 1) return result(problems.map(err), 1);
  const lines: Line[] = [];
  const errors: string[] = [];
  const api = ctx.world.cluster.api;
  for (const live of found.objects) {
    const obj = clone(live);
    const spec = podSpecOf(obj);
    const type = api.resourceOf(obj.kind);
    if (!spec) { errors.push(`error: ${kindSlashName(type, obj.metadata.name as string)} the object is not a pod or does not have a pod template: *v1.${obj.kind}`); continue; }
    for (const [name, image] of images) {
      let matched = false;
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if (c.name === name || name === '*') { c.image = image; matched = true; }
      }
      if (!matched) errors.push(`error: unable to find container named "${name}"`);
    }
    if (JSON.stringify(obj) === JSON.stringify(live)) continue;
    const output = flag(p, 'output');
    if (dry === 'client') { lines.push(...(output === 'yaml' || output === 'json' ? printedLines(obj, output).map(out) : [out(`${kindSlashName(type, obj.metadata.name as string)} image updated${suffix(dry)}`)])); continue; }
    const r = api.update(obj, { dryRun: dry === 'server', reason: 'set image', actor: 'kubectl set image' });
    if (!r.ok) { errors.push(`failed to patch image update to pod template: ${r.error.message}`); continue; }
    lines.push(...(output === 'yaml' || output === 'json' ? printedLines(r.object, output).map(out) : [out(output === 'name' ? kindSlashName(type, obj.metadata.name as string) : `${kindSlashName(type, obj.metadata.name as string)} image updated${suffix(dry)}`)]));
  }
  if (dry === 'none' && lines.length) ctx.world.advance(200);
  // One error is printed as CheckErr prints any (with `error: `), several one per line as they are.
  const shown = errors.length === 1 && !errors[0]?.startsWith('error: ') ? [`error: ${errors[0]}`] : errors;
  return result([...lines, ...shown.map(err)], errors.length ? 1 : 0);
}

function revisions(ctx: CommandContext, dep: KObject): Array<{ revision: number; rs: KObject }> {
  const api = ctx.world.cluster.api;
  return api.list(api.resourceOf('ReplicaSet'), dep.metadata.namespace)
    .filter((rs) => controllerOf(rs)?.uid === dep.metadata.uid)
    .map((rs) => ({ revision: Number(rs.metadata.annotations?.['deployment.kubernetes.io/revision'] ?? 0), rs }))
    .sort((a, b) => a.revision - b.revision);
}

/** DeploymentStatusViewer: what `rollout status` says of a Deployment now, and whether it is done. */
function deploymentStatus(dep: KObject): RolloutView {
  const name = dep.metadata.name as string;
  const st = dep.status ?? {};
  const want = dep.spec.replicas ?? 1;
  const progressing = (st.conditions ?? []).find((c: Json) => c.type === 'Progressing');
  if ((dep.metadata.generation ?? 0) > (st.observedGeneration ?? 0)) return { message: 'Waiting for deployment spec update to be observed...', done: false };
  if (progressing?.reason === 'ProgressDeadlineExceeded') return { message: '', done: false, error: `deployment "${name}" exceeded its progress deadline` };
  if ((st.updatedReplicas ?? 0) < want) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.updatedReplicas ?? 0} out of ${want} new replicas have been updated...`, done: false };
  if ((st.replicas ?? 0) > (st.updatedReplicas ?? 0)) return { message: `Waiting for deployment "${name}" rollout to finish: ${(st.replicas ?? 0) - (st.updatedReplicas ?? 0)} old replicas are pending termination...`, done: false };
  if ((st.availableReplicas ?? 0) < (st.updatedReplicas ?? 0)) return { message: `Waiting for deployment "${name}" rollout to finish: ${st.availableReplicas ?? 0} of ${st.updatedReplicas ?? 0} updated replicas are available...`, done: false };
  return { message: `deployment "${name}" successfully rolled out`, done: true };
}

export function rollout(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const [sub, ...rest] = args;
  if (!sub || !['status', 'history', 'undo', 'restart'].includes(sub)) {
    return result([err(`error: unknown command "${sub ?? ''}" for "kubectl rollout"`), err(''), err('Did you mean this?'), err('\tstatus'), err('\thistory'), err('\tundo')], 1);
  }
  // Deployments, DaemonSets and StatefulSets have status viewers, history viewers and rollbackers.
  const targets = parseTargets(rest);
  if (isResult(targets)) return targets;
  const t = targets[0];
  if (!t || t.names.length === 0) return result([err(`error: resource(s) were provided, but no name was specified`)], 1);
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.type.kind)) {
    const gk = `${t.type.kind}${t.type.group ? `.${t.type.group}` : ''}`;
    const why = { status: `no status viewer has been implemented for ${gk}`, history: `no history viewer has been implemented for "${gk}"`, undo: `no rollbacker has been implemented for "${gk}"`, restart: `${qualifiedResource(t.type)} "${t.names[0]}" restarting is not supported` }[sub as 'status' | 'history' | 'undo' | 'restart'];
    return result([err(`error: ${why}`)], 1);
  }
  const found = findObject(ctx, t.type, namespaceOf(ctx, p), t.names[0] as string);
  if (!found) return result([notFoundLine(t.type, t.names[0] as string)], 1);
  const d = { dep: found };
  if ((d.dep.kind === 'DaemonSet' || d.dep.kind === 'StatefulSet') && (sub === 'history' || sub === 'undo')) return rolloutRevisioned(sub, d.dep, ctx, p);
  const api = ctx.world.cluster.api;
  const depType = api.resourceOf('Deployment');
  const name = d.dep.metadata.name as string;
  const ns = d.dep.metadata.namespace as string;
  if (sub === 'history') {
    const revs = revisions(ctx, d.dep);
    const want = flag(p, 'revision');
    if (want !== undefined) {
      const r = revs.find((x) => String(x.revision) === want);
      if (!r) return result([err(`error: unable to find the specified revision`)], 1);
      return result([out(`deployment.apps/${name} with revision #${want}`), ...podTemplateRaw(r.rs.spec.template).split('\n').map(out), out('')]);
    }
    return result([out(`deployment.apps/${name} `), ...table([['REVISION', 'CHANGE-CAUSE'], ...revs.map((r) => [String(r.revision), r.rs.metadata.annotations?.['kubernetes.io/change-cause'] ?? '<none>'])], DESCRIBE_TABLE).map(out), out('')]);
  }
  if (sub === 'undo') {
    const revs = revisions(ctx, d.dep);
    const to = flag(p, 'to-revision');
    const currentRev = Math.max(0, ...revs.map((r) => r.revision));
    const target = to !== undefined && to !== '0' ? revs.find((r) => String(r.revision) === to) : [...revs].reverse().find((r) => r.revision < currentRev);
    if (!target) return result([err(to !== undefined ? `error: unable to find specified revision ${to} in history` : 'error: no rollout history found for deployment "' + name + '"')], 1);
    const template = clone(target.rs.spec.template);
    delete template.metadata.labels['pod-template-hash'];
    const live = findObject(ctx, depType, ns, name) as KObject;
    if (JSON.stringify(live.spec.template) === JSON.stringify(template)) return result([out(`deployment.apps/${name} skipped rollback (current template already matches revision ${target.revision})`)]);
    live.spec.template = template;
    const r = api.update(live, { reason: 'rollout undo', actor: 'kubectl rollout undo' });
    if (!r.ok) return result(statusLines(r.error), 1);
    ctx.world.advance(200);
    return result([out(`deployment.apps/${name} rolled back`)]);
  }
  if (sub === 'restart') {
    // Any controller with a pod template: a new annotation on the template rolls every pod.
    const type = api.resourceOf(d.dep.kind);
    const live = findObject(ctx, type, ns, name) as KObject;
    live.spec.template.metadata ??= {};
    live.spec.template.metadata.annotations = { ...(live.spec.template.metadata.annotations ?? {}), 'kubectl.kubernetes.io/restartedAt': new Date(ctx.world.clock.now()).toISOString().replace(/\.\d{3}Z$/, 'Z') };
    const r = api.update(live, { reason: 'rollout restart', actor: 'kubectl rollout restart' });
    if (!r.ok) return result(statusLines(r.error), 1);
    ctx.world.advance(200);
    return result([out(`${kindSlashName(type, name)} restarted`)]);
  }
  // status: watch the rollout as time passes, printing each new waiting line, as kubectl does.
  const lines: Line[] = [];
  let last = '';
  const timeout = flag(p, 'timeout');
  const parsed = parseGoDuration(timeout ?? '0');
  if ('error' in parsed) return result([err(`error: invalid argument "${timeout}" for "--timeout" flag: ${parsed.error}`)], 1);
  const limitMs = parsed.ms > 0 ? parsed.ms : 15 * 60_000;
  // The status viewer of the kind (polymorphichelpers/rollout_status.go), asked once a second.
  const type = api.resourceOf(d.dep.kind);
  const view = d.dep.kind === 'DaemonSet' || d.dep.kind === 'StatefulSet' ? revisionedStatus : deploymentStatus;
  if (ctx.live) {
    // At a terminal the same watch goes on at the terminal's pace, until done, --timeout or Ctrl-C.
    let waited = 0;
    const check = (): { lines: Line[]; done: boolean; exitCode?: number } => {
      const obj = findObject(ctx, type, ns, name);
      if (!obj) return { lines: [notFoundLine(type, name)], done: true, exitCode: 1 };
      const v = view(obj);
      if (v.error) return { lines: [err(`error: ${v.error}`)], done: true, exitCode: 1 };
      if (v.done) return { lines: [out(v.message)], done: true, exitCode: 0 };
      const fresh = v.message !== last ? [out(v.message)] : [];
      last = v.message;
      return { lines: fresh, done: false };
    };
    const first = check();
    if (first.done) return result(first.lines, first.exitCode ?? 0);
    return {
      ...result(first.lines),
      live: {
        step(ms) {
          ctx.world.advance(ms);
          waited += ms;
          const c = check();
          return !c.done && waited > limitMs ? { lines: [err('error: timed out waiting for the condition')], done: true, exitCode: 1 } : c;
        },
        stop() { /* nothing held */ },
      },
    };
  }
  for (let waited = 0; waited <= limitMs; waited += 1000) {
    const obj = findObject(ctx, type, ns, name);
    if (!obj) return result([...lines, notFoundLine(type, name)], 1);
    const v = view(obj);
    if (v.error) return result([...lines, err(`error: ${v.error}`)], 1);
    if (v.done) return result([...lines, out(v.message)]);
    if (v.message !== last) { lines.push(out(v.message)); last = v.message; }
    ctx.world.advance(1000);
  }
  return result([...lines, err('error: timed out waiting for the condition')], 1);
}

/** `kubectl label|annotate TYPE NAME key=value key-` (with --overwrite to change a value). */
export function labelOrAnnotate(verb: 'label' | 'annotate', args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  // label.go / annotate.go: resources, then changes; Validate before anything is looked up.
  const split = resourcesAndPairs(args, verb === 'label' ? 'label' : 'annotation');
  if (isResult(split)) return split;
  const changes = split.pairs;
  if (split.resources.length === 0 && flagAll(p, 'filename').length === 0) return result([err('error: one or more resources must be specified as <resource> <name> or <resource>/<name>')], 1);
  if (changes.length === 0) return result([err(`error: at least one ${verb === 'label' ? 'label' : 'annotation'} update is required`)], 1);
  if (bool(p, 'all') && flag(p, 'selector') !== undefined) return result([err('error: cannot set --all and --selector at the same time')], 1);
  // The objects named, or every one of a type with --all or -l.
  const found = resolveObjects(split.resources, ctx, p, { all: bool(p, 'all') });
  if (isResult(found)) return found;
  const lines: Line[] = [...found.errors];
  for (const live of found.objects) {
    const obj = clone(live);
    const name = obj.metadata.name as string;
    const type = ctx.world.cluster.api.resourceOf(obj.kind);
    const field = verb === 'label' ? 'labels' : 'annotations';
    const map: Record<string, string> = { ...(obj.metadata[field] ?? {}) };
    for (const c of changes) {
      if (c.endsWith('-') && !c.includes('=')) { delete map[c.slice(0, -1)]; continue; }
      const [k, v] = [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)];
      if (map[k] !== undefined && map[k] !== v && !bool(p, 'overwrite')) {
        return result([...lines, err(`error: '${k}' already has a value (${map[k]}), and --overwrite is false`)], 1);
      }
      map[k] = v;
    }
    obj.metadata[field] = map;
    const r = ctx.world.cluster.api.update(obj, { reason: verb, actor: `kubectl ${verb}` });
    if (!r.ok) { lines.push(...statusLines(r.error)); continue; }
    lines.push(out(`${kindSlashName(type, name)} ${verb === 'label' ? 'labeled' : 'annotated'}`));
  }
  return result(lines, lines.some((l) => l.stream === 'err') ? 1 : 0);
}
