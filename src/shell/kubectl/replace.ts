/**
 * `kubectl replace -f FILE` and `kubectl patch` (staging/src/k8s.io/kubectl pkg/cmd/replace/
 * replace.go, pkg/cmd/patch/patch.go): replace PUTs each object of the files whole (the server
 * keeps its uid, timestamps and status; a stale resourceVersion is a conflict), or with --force
 * deletes them, waits until they are gone and creates them again; patch reads the object, sends a
 * strategic merge, JSON merge or JSON patch, and prints `patched` or `patched (no change)`.
 */
import { withLastApplied, type ApiOutcome } from '../../sim/cluster/api-server.ts';
import { clone, type KObject } from '../../sim/cluster/objects.ts';
import { jsonPatch, mergePatch, strategicMergePatch } from '../../sim/cluster/patch.ts';
import { goUnmarshalMapError } from '../../sim/go-json.ts';
import { kindSlashName, resourceByKind, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { dryRunOf, dryRunSuffix as suffix, isResult, namespaceOf, noResourcesGiven, resolveObjects, statusLines, type DryRun } from './common.ts';
import { readManifests, yamlToJson, type ManifestDoc } from './manifests.ts';
import { clientCheck, deletedLine } from './mutate.ts';
import { printedLines } from './output.ts';
import { choosePrinter, OBJECT_FORMATS, printable, printedOutput } from './printflags.ts';
import { kustomizeManifests } from './kustomize.ts';
import { laptopPath } from '../paths.ts';
import { parseGoDuration } from '../../sim/units.ts';

/** What a write prints: the object with -o, else `kind/name OPERATION`, marked in a dry run. */
function printed(obj: KObject, type: ResourceType, operation: string, p: ParsedFlags, ctx: CommandContext, dry: DryRun): Line[] | CommandResult {
  if (flag(p, 'output') === undefined && flag(p, 'template') === undefined) return [out(`${kindSlashName(type, obj.metadata.name as string)} ${operation}${suffix(dry)}`)];
  const printer = choosePrinter(p, ctx, { human: false, allowed: OBJECT_FORMATS });
  if (printer.kind === 'error') return result([err(printer.message)], 1);
  if (printer.kind === 'name') return [out(kindSlashName(type, obj.metadata.name as string))];
  if (printer.kind === 'generic') { const shown = printedOutput(printer.print(printable(obj))); return [...shown.out, ...shown.err]; }
  return printedLines(obj, printer.kind === 'json' ? 'json' : 'yaml').map(out);
}

/** The documents -f or -k name, with the namespace flag applied as the builder enforces it. */
function documents(ctx: CommandContext, p: ParsedFlags, lines: Line[]): ManifestDoc[] | CommandResult {
  const kdir = flag(p, 'kustomize');
  const k = kdir !== undefined ? kustomizeManifests(ctx, kdir) : undefined;
  if (k) lines.push(...k.warnings);
  const read = k ? k.read : readManifests(ctx, flagAll(p, 'filename'), ctx.stdin, bool(p, 'recursive'));
  if (!read.ok) return result([...lines, err(read.error)], 1);
  const nsFlag = flag(p, 'namespace');
  const docs: ManifestDoc[] = [];
  for (const doc of read.docs) {
    const obj = clone(doc.object);
    obj.metadata ??= {};
    const type = resourceByKind(obj.kind, obj.apiVersion);
    if (type?.namespaced) {
      if (nsFlag !== undefined && obj.metadata.namespace && obj.metadata.namespace !== nsFlag) {
        return result([...lines, err(`error: the namespace from the provided object "${obj.metadata.namespace}" does not match the namespace "${nsFlag}". You must pass '--namespace=${obj.metadata.namespace}' to perform this operation.`)], 1);
      }
      obj.metadata.namespace ??= namespaceOf(ctx, p);
    }
    docs.push({ source: doc.source, object: obj });
  }
  return docs;
}

export function replace(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const files = flagAll(p, 'filename');
  // Complete: RequireFilenameOrKustomize; then Validate.
  if (files.length === 0 && flag(p, 'kustomize') === undefined) return result([err('error: must specify one of -f and -k')], 1);
  const force = bool(p, 'force');
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const grace = flag(p, 'grace-period');
  if (grace !== undefined && Number(grace) >= 0 && !force) return result([err('error: --grace-period must have --force specified')], 1);
  if (flag(p, 'timeout') !== undefined && flag(p, 'timeout') !== '0s' && flag(p, 'timeout') !== '0' && !force) return result([err('error: --timeout must have --force specified')], 1);
  if (force && dry !== 'none') return result([err('error: --dry-run can not be used when --force is set')], 1);
  const lines: Line[] = [];
  const docs = documents(ctx, p, lines);
  if (isResult(docs)) return docs;
  const api = ctx.world.cluster.api;
  let failed = false;
  const checked: Array<{ doc: ManifestDoc; type: ResourceType }> = [];
  for (const doc of docs) {
    const bad = clientCheck(doc);
    if (bad) { lines.push(...bad.text.split('\n').map(err)); failed = true; continue; }
    checked.push({ doc, type: resourceByKind(doc.object.kind, doc.object.apiVersion) as ResourceType });
  }
  if (force) return forceReplace(args, checked, lines, failed, ctx, p);
  for (const { doc, type } of checked) {
    // --save-config stores the annotation apply would (CreateOrUpdateAnnotation).
    const sent = bool(p, 'save-config') ? withLastApplied(doc.object) : doc.object;
    if (dry === 'client') { lines.push(...asLines(printed(sent, type, 'replaced', p, ctx, dry))); continue; }
    const r = api.replace(sent, { dryRun: dry === 'server', actor: 'kubectl replace' });
    if (!r.ok) { lines.push(...statusLines(r.error, { file: doc.source, verb: 'replacing' })); failed = true; continue; }
    lines.push(...asLines(printed(r.object, type, 'replaced', p, ctx, dry)));
  }
  if (dry === 'none') ctx.world.advance(200);
  return result(lines, failed ? 1 : 0);
}

const asLines = (x: Line[] | CommandResult): readonly Line[] => (isResult(x) ? x.lines : x);

/** forceReplace: delete what the files name, wait (1 s polls, --timeout or 5 min) until each is gone, create them again. */
function forceReplace(args: string[], items: Array<{ doc: ManifestDoc; type: ResourceType }>, lines: Line[], failedBefore: boolean, ctx: CommandContext, p: ParsedFlags): CommandResult {
  const api = ctx.world.cluster.api;
  let failed = failedBefore;
  const graceText = flag(p, 'grace-period');
  // --grace-period=0 becomes 1 (and a wait), to prevent accidental data loss.
  const grace = graceText === undefined ? -1 : Number(graceText) === 0 ? 1 : Number(graceText);
  const extra = args.length ? resolveObjects(args, ctx, p) : { objects: [], refs: [], errors: [] };
  if (isResult(extra)) return extra;
  const targets = [...items.map(({ doc, type }) => ({ type, ns: type.namespaced ? doc.object.metadata.namespace : undefined, name: doc.object.metadata.name as string })), ...extra.refs];
  const deleted: typeof targets = [];
  for (const t of targets) {
    const r = api.delete(t.type, t.ns, t.name, { ...(grace >= 0 ? { gracePeriodSeconds: grace } : {}), actor: 'kubectl replace --force' });
    if (!r.ok) { if (r.error.reason !== 'NotFound') { lines.push(...statusLines(r.error)); failed = true; } continue; }
    lines.push(deletedLine(t.type, t.name, 'deleted', 'none'));
    deleted.push(t);
  }
  const timeout = parseGoDuration(flag(p, 'timeout') ?? '0');
  const limit = 'ms' in timeout && timeout.ms > 0 ? timeout.ms : 5 * 60_000;
  const started = ctx.world.clock.now();
  for (const t of deleted) {
    while (api.peek(t.type, t.ns, t.name)) {
      if (ctx.world.clock.now() - started >= limit) return result([...lines, err('error: context deadline exceeded')], 1);
      ctx.world.advance(1000);
    }
  }
  let count = 0;
  for (const { doc, type } of items) {
    const r: ApiOutcome = api.create(doc.object, { actor: 'kubectl replace --force' });
    if (!r.ok) { lines.push(...statusLines(r.error)); failed = true; continue; }
    count++;
    lines.push(...asLines(printed(r.object, type, 'replaced', p, ctx, 'none')));
  }
  if (count === 0 && !failed) return result([...lines, err('error: no objects passed to replace')], 1);
  ctx.world.advance(200);
  return result(lines, failed ? 1 : 0);
}

const PATCH_TYPES = ['json', 'merge', 'strategic'];

/** kubectl's patch text: JSON, or YAML converted to it (yaml.ToJSON), with go-yaml's message when it is neither. */
function patchValue(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return yamlToJson(text);
  }
}

/** The scale subresource's view of an object (autoscaling/v1 Scale). */
function scaleOf(obj: KObject): KObject {
  const sel = obj.spec?.selector;
  const selector = obj.kind === 'ReplicationController' ? Object.entries(sel ?? {}).map(([k, v]) => `${k}=${v}`).join(',') : Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  return {
    apiVersion: 'autoscaling/v1', kind: 'Scale',
    metadata: { creationTimestamp: obj.metadata.creationTimestamp, name: obj.metadata.name, namespace: obj.metadata.namespace, resourceVersion: obj.metadata.resourceVersion, uid: obj.metadata.uid },
    spec: { replicas: obj.spec?.replicas ?? 1 }, status: { replicas: obj.status?.replicas ?? 0, selector },
  } as KObject;
}

export function patch(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const text = flag(p, 'patch') ?? '';
  const fileArg = flag(p, 'patch-file') ?? '';
  if (text && fileArg) return result([err('error: cannot specify --patch and --patch-file together')], 1);
  if (!text && !fileArg) return result([err('error: must specify --patch or --patch-file containing the contents of the patch')], 1);
  const local = bool(p, 'local');
  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  if (local && args.length) return result([err('error: cannot specify --local and server resources')], 1);
  if (local && dry === 'server') return result([err('error: cannot specify --local and --dry-run=server - did you mean --dry-run=client?')], 1);
  const typeFlag = flag(p, 'type');
  if (typeFlag && !PATCH_TYPES.includes(typeFlag.toLowerCase())) return result([err(`error: --type must be one of [json merge strategic], not "${typeFlag}"`)], 1);
  const kind = (typeFlag ?? 'strategic').toLowerCase();
  let body = text;
  if (fileArg) {
    const read = ctx.world.laptop.read(laptopPath(ctx, fileArg));
    if (read === undefined) return result([err(`error: unable to read patch file: open ${fileArg}: no such file or directory`)], 1);
    body = read;
  }
  const parsed = patchValue(body);
  if (!parsed.ok) return result([err(`error: unable to parse "${text}": ${parsed.error}`)], 1);
  const value = parsed.value;
  // The server unmarshals a strategic or merge patch into a map first (sigs.k8s.io/json, encoding/json's words).
  const notMap = kind !== 'json' ? goUnmarshalMapError(JSON.stringify(value)) : undefined;
  const subresource = flag(p, 'subresource');
  if (subresource !== undefined && subresource !== 'scale') return result([err(`error: kubectl patch --subresource=${subresource} is not simulated in kubetutor`)], 1);
  // The objects: from -f (as written there), or the server's named ones.
  const lines: Line[] = [];
  let objects: KObject[];
  if (flagAll(p, 'filename').length || flag(p, 'kustomize') !== undefined) {
    const docs = documents(ctx, p, lines);
    if (isResult(docs)) return docs;
    objects = local ? docs.map((d) => d.object) : [];
    if (!local) {
      for (const d of docs) {
        const type = resourceByKind(d.object.kind, d.object.apiVersion);
        const live = type ? ctx.world.cluster.api.get(type, type.namespaced ? d.object.metadata.namespace : undefined, d.object.metadata.name as string) : undefined;
        if (live && 'metadata' in live) objects.push(live); else if (live) lines.push(...statusLines(live));
      }
    }
  } else {
    if (local) return result([err('error: you must specify resources by --filename when --local is set.'), err('Example resource specifications include:'), err("   '-f rsrc.yaml'"), err("   '--filename=rsrc.json'")], 1);
    if (args.length === 0) return noResourcesGiven();
    const found = resolveObjects(args, ctx, p);
    if (isResult(found)) return found;
    lines.push(...found.errors);
    objects = found.objects;
  }
  const api = ctx.world.cluster.api;
  let failed = lines.some((l) => l.stream === 'err');
  for (const live of objects) {
    const type = resourceByKind(live.kind, live.apiVersion) as ResourceType;
    const scale = subresource === 'scale';
    if (scale && !['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'].includes(live.kind)) {
      lines.push(err(`Error from server (NotFound): the server could not find the requested resource`));
      failed = true;
      continue;
    }
    if (notMap) { lines.push(err(`Error from server (BadRequest): ${notMap}`)); failed = true; continue; }
    const before = scale ? scaleOf(live) : live;
    const applied = kind === 'json' ? jsonPatch(before, value) : { ok: true as const, value: kind === 'merge' ? mergePatch(before, value) : strategicMergePatch(before, value) };
    if (!applied.ok) {
      // applyJSPatch's 422 (NewGenericServerResponse): kubectl has no kind or name to show.
      lines.push(err('The request is invalid: the server rejected our request due to an error in our request'));
      failed = true;
      continue;
    }
    const target = applied.value as KObject;
    const changed = JSON.stringify(target) !== JSON.stringify(before);
    // The scale subresource answers with a Scale: `scale.autoscaling/NAME`.
    const shownType = scale ? { ...type, kind: 'Scale', group: 'autoscaling', version: 'v1', resource: 'scale' } as ResourceType : type;
    if (local || dry === 'client') {
      lines.push(...asLines(printed(target, shownType, changed ? 'patched' : 'patched (no change)', p, ctx, local ? 'none' : dry)));
      continue;
    }
    if (!changed) { lines.push(...asLines(printed(before, shownType, 'patched (no change)', p, ctx, dry))); continue; }
    let r: ApiOutcome;
    if (scale) {
      const next = clone(live);
      next.spec = { ...next.spec, replicas: target.spec?.replicas };
      r = api.update(next, { dryRun: dry === 'server', reason: 'scale', actor: 'kubectl patch' });
      if (r.ok) { lines.push(...asLines(printed(scaleOf(r.object), shownType, 'patched', p, ctx, dry))); continue; }
    } else {
      // The patched object, PUT as the server's patch handler stores it (its own fields kept).
      r = api.replace({ ...target, metadata: { ...target.metadata, resourceVersion: live.metadata.resourceVersion } }, { dryRun: dry === 'server', actor: 'kubectl patch' });
      if (r.ok) { lines.push(...asLines(printed(r.object, type, 'patched', p, ctx, dry))); continue; }
    }
    lines.push(...statusLines(r.error));
    failed = true;
  }
  if (objects.length === 0 && !failed) return result([err('error: no objects passed to patch')], 1);
  if (dry === 'none' && !local) ctx.world.advance(200);
  return result(lines, failed ? 1 : 0);
}
