/**
 * kubectl's verbs that change the cluster. kubectl itself only checks what it can check
 * client-side (kind and apiVersion set, a known kind) and leaves the rest to the API server,
 * whose answers it re-words: `deployment.apps/web created`, `The Deployment "web" is invalid: …`.
 */
import { withLastApplied, type ApiOutcome } from '../../sim/cluster/api-server.ts';
import { controllerOf, parseLabelSelector, clone, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, qualifiedResource, resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import { parseGoDuration } from '../../sim/units.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { DESCRIBE_TABLE, table } from '../format/table.ts';
import { err, hint, out, result, type CommandResult, type Line } from '../result.ts';
import { findObject, isResult, namespaceOf, notFoundLine, parseTargets, statusLines } from './common.ts';
import { readManifests, type ManifestDoc } from './manifests.ts';
import { printedLines } from './output.ts';
import { choosePrinter, OBJECT_FORMATS, printable, printedOutput } from './printflags.ts';
import { podTemplateRaw } from './describe.ts';
import { revisionedStatus, rolloutRevisioned, type RolloutView } from './rollout-revisioned.ts';

type DryRun = 'none' | 'client' | 'server';

function dryRunOf(p: ParsedFlags): DryRun | CommandResult {
  const v = flag(p, 'dry-run');
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  return result([err(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`)], 1);
}

const suffix = (d: DryRun): string => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/** kubectl's own checks before anything reaches the server. */
function clientCheck(doc: ManifestDoc): Line | undefined {
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
  if (files.length === 0) {
    return verb === 'apply'
      ? result([err('error: must specify one of -f and -k'), err(''), err("See 'kubectl apply -h' for help and examples")], 1)
      : result([err('error: must specify one of -f and -k'), err(''), err("See 'kubectl create -h' for help and examples")], 1);
  }
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const output = flag(p, 'output');
  const printer = output === undefined && flag(p, 'template') === undefined ? undefined : choosePrinter(p, ctx, { human: false, allowed: OBJECT_FORMATS });
  if (printer?.kind === 'error') return result([err(printer.message)], 1);
  const read = readManifests(ctx, files, ctx.stdin, bool(p, 'recursive'));
  if (!read.ok) return result([err(read.error)], 1);
  if (read.docs.length === 0) return result([err('error: no objects passed to ' + verb)], 1);
  const api = ctx.world.cluster.api;
  const lines: Line[] = [];
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
    const outcome: ApiOutcome = verb === 'apply' ? api.apply(obj, { dryRun: dry === 'server' }) : api.create(obj, { dryRun: dry === 'server', actor: 'kubectl create' });
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

/** Generated objects print like kubectl's: creationTimestamp null, empty resources, status {}. */
function printGenerated(obj: Json, p: ParsedFlags, type: ResourceType, ctx: CommandContext, dry: DryRun): CommandResult {
  const o = flag(p, 'output');
  const print = (x: Json): CommandResult => result(printedLines(x, o as 'yaml' | 'json').map(out));
  if (dry === 'client') {
    if (o === 'yaml' || o === 'json') return print(obj);
    return result([out(o === 'name' ? kindSlashName(type, obj.metadata.name) : `${kindSlashName(type, obj.metadata.name)} created (dry run)`)]);
  }
  const created = ctx.world.cluster.api.create(stripGenerated(obj), { dryRun: dry === 'server', actor: 'kubectl create' });
  if (!created.ok) return result(statusLines(created.error), 1);
  if (dry === 'none') ctx.world.advance(200);
  // Without a client dry run the object is created, and -o prints the server's copy.
  if (o === 'yaml' || o === 'json') return print(created.object);
  const name = kindSlashName(type, created.object.metadata.name as string);
  return result([out(o === 'name' ? name : `${name} created${suffix(dry)}`)]);
}

function stripGenerated(obj: Json): KObject {
  const o = clone(obj);
  delete o.status;
  if (o.metadata?.creationTimestamp === null) delete o.metadata.creationTimestamp;
  if (o.spec?.template?.metadata?.creationTimestamp === null) delete o.spec.template.metadata.creationTimestamp;
  if (o.spec?.strategy && Object.keys(o.spec.strategy).length === 0) delete o.spec.strategy;
  return o;
}

/** The container name kubectl derives from an image: its last path component without tag or digest. */
function containerNameFor(image: string): string {
  const last = image.split('/').pop() ?? image;
  return last.split('@')[0]?.split(':')[0] ?? last;
}

function createGenerator(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
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
      if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
      const data = Object.fromEntries(flagAll(p, 'from-literal').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
      return printGenerated({ apiVersion: 'v1', ...(Object.keys(data).length ? { data } : {}), kind: 'ConfigMap', metadata: withNs({ creationTimestamp: null, name }) }, p, resourceByKind('ConfigMap') as ResourceType, ctx, dry);
    }
    case 'secret': {
      const [type, name] = rest;
      if (type === 'generic') {
        if (!name) return result([err('error: exactly one NAME is required, got 0')], 1);
        const data = Object.fromEntries(flagAll(p, 'from-literal').map((l) => [l.slice(0, l.indexOf('=')), Buffer.from(l.slice(l.indexOf('=') + 1)).toString('base64')]));
        return printGenerated({ apiVersion: 'v1', ...(Object.keys(data).length ? { data } : {}), kind: 'Secret', metadata: withNs({ creationTimestamp: null, name }) }, p, resourceByKind('Secret') as ResourceType, ctx, dry);
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
    default:
      return result([err(`error: unknown command "${what ?? ''}" for "kubectl create"`), err("See 'kubectl create -h' for help and examples")], 1);
  }
}

export function create(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length === 0) return applyOrCreate('create', ctx, p);
  return createGenerator(args, ctx, p);
}

export function apply(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length > 0 && args[0] !== 'view-last-applied') return result([err(`error: Unexpected args: [${args.join(' ')}]`), err("See 'kubectl apply -h' for help and examples")], 1);
  return applyOrCreate('apply', ctx, p);
}

export function run(args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  const name = args[0];
  if (!name) return result([err('error: NAME is required for run'), err("See 'kubectl run -h' for help and examples")], 1);
  const image = flag(p, 'image');
  if (!image) return result([err('error: required flag(s) "image" not set')], 1);
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const port = flag(p, 'port');
  const restart = flag(p, 'restart') ?? 'Always';
  const container: Json = { image, name, ...(port ? { ports: [{ containerPort: Number(port) }] } : {}), resources: {} };
  if (afterDash.length) {
    if (bool(p, 'command')) container.command = afterDash; else container.args = afterDash;
  }
  const env = flagAll(p, 'env');
  if (env.length) container.env = env.map((e) => ({ name: e.slice(0, e.indexOf('=')), value: e.slice(e.indexOf('=') + 1) }));
  const labelText = flag(p, 'labels');
  const labels = labelText ? Object.fromEntries(labelText.split(',').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)])) : { run: name };
  const obj = {
    apiVersion: 'v1', kind: 'Pod',
    metadata: { creationTimestamp: null, labels, name, ...(flag(p, 'namespace') !== undefined ? { namespace: namespaceOf(ctx, p) } : {}) },
    spec: { containers: [container], dnsPolicy: 'ClusterFirst', restartPolicy: restart },
    status: {},
  };
  return printGenerated(obj, p, resourceByKind('Pod') as ResourceType, ctx, dry);
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
  let failed = false;
  const fromFiles = manifestItems(ctx, p, ns);
  if (isResult(fromFiles)) return fromFiles;
  const items = fromFiles ?? [];
  if (!fromFiles) {
    const targets = parseTargets(args);
    if (isResult(targets)) return targets;
    if (targets.length === 0) return result([err('error: You must provide one or more resources by argument or filename.'), err('Example resource specifications include:'), err("   '-f rsrc.yaml'"), err("   '--filename=rsrc.json'"), err("   '<resource> <name>'"), err("   '<resource>'")], 1);
    const sel = flag(p, 'selector');
    for (const t of targets) {
      if (t.names.length > 0) { for (const n of t.names) items.push({ type: t.type, ns: t.type.namespaced ? ns : undefined, name: n }); continue; }
      if (sel === undefined && !bool(p, 'all')) return result([err('error: resource(s) were provided, but no name was specified')], 1);
      const test = sel !== undefined ? parseLabelSelector(sel) : () => true;
      if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
      const found = api.list(t.type, t.type.namespaced ? ns : undefined).filter((o) => test(o.metadata.labels));
      for (const o of found) items.push({ type: t.type, ns: o.metadata.namespace, name: o.metadata.name as string });
    }
    if (items.length === 0) return result([out(`No resources found`)]);
  }
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
  for (const it of items) {
    if (dry !== 'none') {
      // A dry run only looks the object up (as kubectl's builder does) and says what would go.
      const live = api.get(it.type, it.ns, it.name);
      if (!('metadata' in live)) {
        if (live.reason !== 'NotFound' || !bool(p, 'ignore-not-found')) { lines.push(...statusLines(live)); failed = true; }
        continue;
      }
      lines.push(out(`${it.type.kind.toLowerCase()}${it.type.group ? `.${it.type.group}` : ''} "${it.name}" ${operation}${suffix(dry)}`));
      continue;
    }
    const r = api.delete(it.type, it.ns, it.name, { ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), actor: 'kubectl delete' });
    if (!r.ok) {
      if (r.error.reason !== 'NotFound' || !bool(p, 'ignore-not-found')) { lines.push(...statusLines(r.error)); failed = true; }
      continue;
    }
    lines.push(out(`${it.type.kind.toLowerCase()}${it.type.group ? `.${it.type.group}` : ''} "${it.name}" ${operation}`));
    waitFor.push({ ...it, uid: r.object.metadata.uid as string });
  }
  if (dry !== 'none' || flag(p, 'wait') === 'false' || waitFor.length === 0) {
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
function manifestItems(ctx: CommandContext, p: ParsedFlags, ns: string): Array<{ type: ResourceType; ns: string | undefined; name: string }> | CommandResult | undefined {
  if (flagAll(p, 'filename').length === 0) return undefined;
  const read = readManifests(ctx, flagAll(p, 'filename'), ctx.stdin, bool(p, 'recursive'));
  if (!read.ok) return result([err(read.error)], 1);
  const items: Array<{ type: ResourceType; ns: string | undefined; name: string }> = [];
  for (const d of read.docs) {
    const type = resourceByKind(d.object.kind, d.object.apiVersion);
    if (type) items.push({ type, ns: type.namespaced ? (d.object.metadata?.namespace ?? ns) : undefined, name: d.object.metadata?.name as string });
  }
  return items;
}

/** The kinds with a scale subresource. */
const SCALABLE: readonly string[] = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

export function scale(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const replicas = flag(p, 'replicas');
  if (replicas === undefined) return result([err('error: required flag(s) "replicas" not set')], 1);
  if (!/^\d+$/.test(replicas)) return result([err(`error: invalid argument "${replicas}" for "--replicas" flag: strconv.ParseInt: parsing "${replicas}": invalid syntax`)], 1);
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
    obj.spec.replicas = Number(replicas);
    const r = ctx.world.cluster.api.update(obj, { reason: 'scale', actor: 'kubectl scale' });
    if (!r.ok) return result([...lines, ...statusLines(r.error)], 1);
    lines.push(out(`${kindSlashName(type, name)} scaled`));
  }
  ctx.world.advance(200);
  return result(lines);
}

export function setImage(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args[0] !== 'image') return result([err(`error: unknown command "${args[0] ?? ''}" for "kubectl set"`)], 1);
  const rest = args.slice(1);
  const assignments = rest.filter((a) => a.includes('=') && !a.includes('/'));
  const targetArgs = rest.filter((a) => !assignments.includes(a));
  const d = deploymentArg(targetArgs, ctx, p, 'set image', ['Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'ReplicationController']);
  if (isResult(d)) return d;
  if (assignments.length === 0) return result([err('error: at least one image update is required')], 1);
  const obj = d.dep;
  const containers: Json[] = obj.spec.template.spec.containers;
  for (const a of assignments) {
    const [name, image] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
    const targets = name === '*' ? containers : containers.filter((c) => c.name === name);
    if (targets.length === 0) return result([err(`error: unable to find container named "${name}"`)], 1);
    for (const c of targets) c.image = image;
  }
  const r = ctx.world.cluster.api.update(obj, { reason: 'set image', actor: 'kubectl set image' });
  if (!r.ok) return result(statusLines(r.error), 1);
  ctx.world.advance(200);
  return result([out(`${kindSlashName(ctx.world.cluster.api.resourceOf(obj.kind), obj.metadata.name as string)} image updated`)]);
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

export function expose(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const d = deploymentArg(args, ctx, p, 'expose', ['Deployment', 'ReplicaSet', 'ReplicationController']);
  if (isResult(d)) return d;
  const dep = d.dep;
  const port = flag(p, 'port') ?? String(dep.spec.template.spec.containers?.[0]?.ports?.[0]?.containerPort ?? '');
  if (!port) return result([err("error: couldn't find port via --port flag or introspection"), err("See 'kubectl expose -h' for help and examples")], 1);
  const target = flag(p, 'target-port');
  const svc: Json = {
    apiVersion: 'v1', kind: 'Service',
    metadata: { name: flag(p, 'name') ?? dep.metadata.name, namespace: dep.metadata.namespace, labels: { ...(dep.metadata.labels ?? {}) } },
    spec: { ports: [{ port: Number(port), protocol: 'TCP', targetPort: target !== undefined ? (/^\d+$/.test(target) ? Number(target) : target) : Number(port) }], selector: { ...((dep.kind === 'ReplicationController' ? dep.spec.selector : dep.spec.selector?.matchLabels) ?? {}) }, type: flag(p, 'type') ?? 'ClusterIP' },
  };
  const r = ctx.world.cluster.api.create(svc, { actor: 'kubectl expose' });
  if (!r.ok) return result(statusLines(r.error), 1);
  return result([out(`service/${svc.metadata.name} exposed`)]);
}


/** `kubectl label|annotate TYPE NAME key=value key-` (with --overwrite to change a value). */
export function labelOrAnnotate(verb: 'label' | 'annotate', args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const changes = args.filter((a) => /^[^=/]+(=.*|-)$/.test(a) || (/=/.test(a) && !a.includes('/')) || /^[\w.\/-]+-$/.test(a));
  const targetArgs = args.filter((a) => !changes.includes(a));
  const targets = parseTargets(targetArgs);
  if (isResult(targets)) return targets;
  const t = targets[0];
  if (!t || t.names.length === 0) return result([err(`error: at least one label update is required`)], 1);
  if (changes.length === 0) return result([err(`error: at least one ${verb === 'label' ? 'label' : 'annotation'} update is required`)], 1);
  const lines: Line[] = [];
  for (const name of t.names) {
    const obj = findObject(ctx, t.type, namespaceOf(ctx, p), name);
    if (!obj) { lines.push(notFoundLine(t.type, name)); continue; }
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
    lines.push(out(`${kindSlashName(t.type, name)} ${verb === 'label' ? 'labeled' : 'annotated'}`));
  }
  return result(lines, lines.some((l) => l.stream === 'err') ? 1 : 0);
}
