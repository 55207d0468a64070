/**
 * Predicates on the world's state: a goal holds when the world is as asked, however the learner
 * got it there. Each evaluation says why it failed, in words the learner can act on.
 */
import { parseManifestYaml } from '../sim/manifest-yaml.ts';
import { fieldAt, type KObject } from '../sim/cluster/objects.ts';
import { resourceByKind } from '../sim/cluster/resources.ts';
import { canonical, parseReference, withDefaultTag, type ImageRef } from '../sim/image-ref.ts';
import type { World } from '../sim/world.ts';
import { kubectl } from '../shell/kubectl/index.ts';
import type { CommandResult } from '../shell/result.ts';
import type { EventCheck, FileCheck, ObjectCheck, PodsCheck, Predicate } from './schema.ts';

export interface CheckResult {
  readonly ok: boolean;
  /** Why not — or, when it holds, what holds (so `not` can say what should not be): one clause. */
  readonly reason: string;
}

/** What the last command was, for the mistake-only predicates. */
export interface LastCommand {
  readonly line: string;
  readonly result: CommandResult;
}

const yes = (reason = ''): CheckResult => ({ ok: true, reason });
const no = (reason: string): CheckResult => ({ ok: false, reason });

function refOf(text: string): ImageRef | undefined {
  try { return withDefaultTag(parseReference(text)); } catch { return undefined; }
}

function same(actual: unknown, expected: unknown): boolean {
  return actual === expected || (actual !== undefined && actual !== null && typeof actual !== 'object' && String(actual) === String(expected));
}

function show(v: unknown): string {
  return v === undefined ? 'nothing' : typeof v === 'string' ? `"${v}"` : JSON.stringify(v);
}

function selectorMatches(labels: Record<string, string> | undefined, selector: string | undefined): boolean {
  if (!selector) return true;
  return selector.split(',').map((s) => s.trim()).filter(Boolean).every((term) => {
    const [k, v] = term.split('=') as [string, string | undefined];
    return v === undefined ? labels?.[k] !== undefined : labels?.[k] === v;
  });
}

function podState(p: KObject, check: PodsCheck): boolean {
  const status = p.status ?? {};
  if (check.phase && status.phase !== check.phase) return false;
  const containers: Array<{ ready?: boolean; state?: { waiting?: { reason?: string } } }> = [...(status.initContainerStatuses ?? []), ...(status.containerStatuses ?? [])];
  if (check.ready !== undefined) {
    const ready = (status.containerStatuses ?? []).length > 0 && (status.containerStatuses ?? []).every((c: { ready?: boolean }) => c.ready);
    if (ready !== check.ready) return false;
  }
  if (check.reason && !containers.some((c) => c.state?.waiting?.reason === check.reason)) return false;
  return true;
}

function describePods(check: PodsCheck): string {
  const parts = [check.phase, check.ready === true ? 'ready' : check.ready === false ? 'not ready' : undefined, check.reason ? `waiting with ${check.reason}` : undefined].filter(Boolean);
  return `pod(s)${check.selector ? ` with ${check.selector}` : ''}${parts.length ? ` ${parts.join(', ')}` : ''}${check.namespace && check.namespace !== 'default' ? ` in ${check.namespace}` : ''}`;
}

function pods(world: World, check: PodsCheck): CheckResult {
  const api = world.cluster.api;
  const all = api.list(api.resourceOf('Pod'), check.namespace ?? 'default').filter((p) => !p.metadata.deletionTimestamp && selectorMatches(p.metadata.labels, check.selector));
  const n = all.filter((p) => podState(p, check)).length;
  const want = check.count;
  if (want === undefined ? n >= 1 : n === want) return yes(`there ${n === 1 ? 'is 1' : `are ${n}`} ${describePods(check)}`);
  return no(`expected ${want ?? 'at least 1'} ${describePods(check)}; found ${n}`);
}

function object(world: World, check: ObjectCheck): CheckResult {
  const type = resourceByKind(check.kind);
  if (!type) return no(`kubetutor does not know the kind ${check.kind}`);
  const obj = world.cluster.api.peek(type, type.namespaced ? check.namespace ?? 'default' : undefined, check.name);
  if (!obj) return no(`there is no ${check.kind} named ${check.name}${type.namespaced ? ` in ${check.namespace ?? 'default'}` : ''}`);
  if (check.field === undefined) return yes(`${check.kind} ${check.name} exists`);
  const v = fieldAt(obj, check.field);
  return same(v, check.equals) ? yes(`${check.kind} ${check.name}: ${check.field} is ${show(v)}`) : no(`${check.kind} ${check.name}: ${check.field} is ${show(v)}, not ${show(check.equals)}`);
}

function event(world: World, check: EventCheck): CheckResult {
  const api = world.cluster.api;
  const events = api.list(api.resourceOf('Event')) as Array<KObject & { reason?: string; type?: string; message?: string; involvedObject?: { name?: string } }>;
  const hit = events.some((e) => e.reason === check.reason && (!check.type || e.type === check.type) && (!check.object || (e.involvedObject?.name ?? '').startsWith(check.object)) && (!check.message || (e.message ?? '').includes(check.message)));
  return hit ? yes(`the cluster recorded a ${check.reason} event${check.object ? ` for ${check.object}` : ''}`) : no(`no ${check.type ? `${check.type} ` : ''}event ${check.reason}${check.object ? ` for ${check.object}` : ''} yet`);
}

function file(world: World, check: FileCheck): CheckResult {
  const text = world.fs.read(check.path);
  if (text === undefined) return no(`${check.path} does not exist yet`);
  if (check.contains !== undefined && !text.includes(check.contains)) return no(`${check.path} does not contain ${show(check.contains)}`);
  if (check.field === undefined) return yes(check.contains !== undefined ? `${check.path} contains ${show(check.contains)}` : `${check.path} exists`);
  let docs: unknown[];
  try {
    docs = parseManifestYaml(text).map((d) => {
      if (d.errors.length) throw new Error(d.errors[0]?.message.split('\n')[0]);
      return d.toJS({ maxAliasCount: 100 }) as unknown;
    }).filter((d) => d !== null && d !== undefined);
  } catch (e) {
    return no(`${check.path} is not valid YAML: ${(e as Error).message}`);
  }
  const doc = docs[check.document ?? 0];
  if (doc === undefined) return no(`${check.path} has no document ${check.document ?? 0}`);
  const v = fieldAt(doc, check.field);
  return same(v, check.equals) ? yes(`in ${check.path}, ${check.field} is ${show(v)}`) : no(`in ${check.path}, ${check.field} is ${show(v)}; expected ${show(check.equals)}`);
}

/** A server-side dry run of `kubectl apply -f FILE`: validation, strict decoding, admission. Nothing changes. */
function applies(world: World, path: string): CheckResult {
  if (world.fs.read(path) === undefined) return no(`${path} does not exist yet`);
  const r = kubectl(['apply', '-f', path, '--dry-run=server'], { world, cwd: '', stdin: undefined, env: new Map(), width: 80 });
  if (r.exitCode === 0) return yes(`kubectl apply -f ${path} would be accepted`);
  return no(`kubectl apply -f ${path} would fail: ${r.lines.filter((l) => l.stream === 'err').map((l) => l.text).join(' ').trim()}`);
}

function image(where: 'laptop' | 'registry' | 'node', world: World, text: string): CheckResult {
  const ref = refOf(text);
  if (!ref) return no(`"${text}" is not a valid image reference`);
  if (where === 'laptop') return world.docker.store.findRef(ref) ? yes(`the laptop has the image ${text}`) : no(`the laptop has no image ${text} (docker images lists what it has)`);
  if (where === 'node') return world.cluster.nodes.some((n) => n.images.findRef(ref)) ? yes(`a node has pulled ${text}`) : no(`no node has pulled ${text} yet`);
  const registry = world.registry(ref.domain);
  const tags = registry?.tagsOf(ref.path) ?? [];
  return tags.includes(ref.tag ?? 'latest') ? yes(`${ref.domain} holds ${canonical(ref)}`) : no(`${ref.domain} has no ${canonical(ref)}`);
}

function matches(pattern: string, text: string): boolean {
  return new RegExp(pattern, 'm').test(text);
}

/** Evaluate a predicate against the world (and, for mistakes, the last command). */
export function evaluate(p: Predicate, world: World, last?: LastCommand): CheckResult {
  if ('localImage' in p) return image('laptop', world, p.localImage);
  if ('registryImage' in p) return image('registry', world, p.registryImage);
  if ('nodeImage' in p) return image('node', world, p.nodeImage);
  if ('container' in p) {
    const c = p.container;
    const ref = c.image ? refOf(c.image) : undefined;
    const hit = world.docker.containers.some((k) => (!c.name || k.name === c.name) && (!c.image || k.imageName === c.image || (ref && refOf(k.imageName) && canonical(refOf(k.imageName) as ImageRef) === canonical(ref))) && (c.running === undefined || (k.exitCode === undefined) === c.running));
    return hit ? yes(`a container${c.image ? ` of ${c.image}` : ''}${c.name ? ` named ${c.name}` : ''} is on the laptop`) : no(`no ${c.running === true ? 'running ' : ''}container${c.image ? ` of ${c.image}` : ''}${c.name ? ` named ${c.name}` : ''} on the laptop (docker ps -a lists them)`);
  }
  if ('pods' in p) return pods(world, p.pods);
  if ('object' in p) return object(world, p.object);
  if ('event' in p) return event(world, p.event);
  if ('file' in p) return file(world, p.file);
  if ('applies' in p) return applies(world, p.applies);
  if ('command' in p) return last && matches(p.command, last.line) ? yes(`the last command matched /${p.command}/`) : no('the last command was something else');
  if ('output' in p) return last && matches(p.output, last.result.lines.map((l) => l.text).join('\n')) ? yes(`the last command printed /${p.output}/`) : no('the last command printed something else');
  if ('all' in p) {
    const rs: CheckResult[] = [];
    for (const q of p.all) { const r = evaluate(q, world, last); if (!r.ok) return r; rs.push(r); }
    return yes(rs.map((r) => r.reason).join('; and '));
  }
  if ('any' in p) {
    const rs = p.any.map((q) => evaluate(q, world, last));
    return rs.find((r) => r.ok) ?? no(rs.map((r) => r.reason).join('; or '));
  }
  const r = evaluate(p.not, world, last);
  return r.ok ? no(`${r.reason} — and it should not be`) : yes(`not so: ${r.reason}`);
}

/** Does this predicate look at the last command (so it is judged afresh after each one)? */
export function looksAtCommand(p: Predicate): boolean {
  if ('command' in p || 'output' in p) return true;
  if ('all' in p) return p.all.some(looksAtCommand);
  if ('any' in p) return p.any.some(looksAtCommand);
  if ('not' in p) return looksAtCommand(p.not);
  return false;
}
