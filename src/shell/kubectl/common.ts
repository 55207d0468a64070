/** What every kubectl verb shares: flags, resource arguments, and how server errors read. */
import type { StatusError } from '../../sim/cluster/api-server.ts';
import { resourceByName, qualifiedResource, type ResourceType } from '../../sim/cluster/resources.ts';
import { parseLabelSelector, type KObject } from '../../sim/cluster/objects.ts';
import type { CommandContext } from '../context.ts';
import type { ParsedFlags } from '../flags.ts';
import { err, result, type CommandResult, type Line } from '../result.ts';

/** The one kubeconfig context the sandbox has (kubeadm's admin.conf names it so). */
export const KUBE_CONTEXT = 'kubernetes-admin@kubetutor';

export const isResult = (x: unknown): x is CommandResult => typeof x === 'object' && x !== null && 'exitCode' in x && 'lines' in x;

export interface Target {
  readonly type: ResourceType;
  readonly names: string[];
}

/** `pods`, `pod web`, `pod/web`, `deploy/web pod/x`, `pods,svc` → typed targets; or kubectl's error. */
export function parseTargets(args: readonly string[]): Target[] | CommandResult {
  if (args.length === 0) return [];
  const targets: Target[] = [];
  if (args.every((a) => a.includes('/'))) {
    for (const a of args) {
      const [t, name] = [a.slice(0, a.indexOf('/')), a.slice(a.indexOf('/') + 1)];
      const type = resourceByName(t);
      if (!type) return unknownType(t);
      const existing = targets.find((x) => x.type === type);
      if (existing) existing.names.push(name); else targets.push({ type, names: [name] });
    }
    return targets;
  }
  if (args.some((a) => a.includes('/'))) return result([err('error: there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. \'kubectl get resource/<resource_name>\' instead of \'kubectl get resource resource/<resource_name>\'')], 1);
  const [types, ...names] = args as [string, ...string[]];
  for (const t of types.split(',')) {
    const type = resourceByName(t);
    if (!type) return unknownType(t);
    targets.push({ type, names: [...names] });
  }
  return targets;
}

export function unknownType(t: string): CommandResult {
  return result([err(`error: the server doesn't have a resource type "${t}"`)], 1);
}

/** kubectl's rendering of a server error; `source` and `verb` for objects that came from a file. */
export function statusLines(e: StatusError, source?: { file: string; verb: 'creating' | 'applying patch' | 'deleting' | 'replacing' | 'retrieving current configuration of' }): Line[] {
  if (e.reason === 'Invalid' && e.details) {
    const causes = e.details.causes;
    if (causes.length === 1) return [err(`The ${e.details.kind} "${e.details.name}" is invalid: ${causes[0]}`)];
    return [err(`The ${e.details.kind} "${e.details.name}" is invalid: `), ...causes.map((c) => err(`* ${c}`))];
  }
  const where = source ? `error when ${source.verb} "${source.file}": ` : '';
  return [err(`Error from server (${e.reason}): ${where}${e.message}`)];
}

export function namespaceOf(ctx: CommandContext, p: ParsedFlags): string {
  return p.values.get('namespace')?.at(-1) ?? 'default';
}

export function notFoundLine(type: ResourceType, name: string): Line {
  return err(`Error from server (NotFound): ${qualifiedResource(type)} "${name}" not found`);
}

export function findObject(ctx: CommandContext, type: ResourceType, ns: string, name: string): KObject | undefined {
  const r = ctx.world.cluster.api.get(type, type.namespaced ? ns : undefined, name);
  return 'metadata' in r ? r : undefined;
}

/**
 * A klog warning line as kubectl writes it to stderr (`W1204 20:53:32.692340   26194 helpers.go:702] …`):
 * the time from the world's clock, and one fixed process id.
 */
export function klogWarning(ctx: CommandContext, where: string, message: string): Line {
  const d = new Date(ctx.world.clock.now());
  const two = (n: number): string => String(n).padStart(2, '0');
  const time = `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds() * 1000).padStart(6, '0')}`;
  return err(`W${two(d.getUTCMonth() + 1)}${two(d.getUTCDate())} ${time}   ${KUBECTL_PID} ${where}] ${message}`);
}

/** The process id kubectl's log lines show. */
const KUBECTL_PID = 4242;

/** One object a command acts on. */
export interface ObjectRef {
  readonly type: ResourceType;
  readonly ns: string | undefined;
  readonly name: string;
}

/**
 * cli-runtime's builder with ResourceTypeOrNameArgs, LabelSelectorParam and ContinueOnError:
 * `TYPE NAME…`, `TYPE/NAME…`, or `TYPE` with -l/--all (every match in the namespace). Named
 * objects that do not exist are reported (`Error from server (NotFound): …`) and skipped.
 */
export function resolveObjects(args: readonly string[], ctx: CommandContext, p: ParsedFlags, options: { all?: boolean } = {}): { objects: KObject[]; refs: ObjectRef[]; errors: Line[] } | CommandResult {
  const sel = p.values.get('selector')?.at(-1);
  if (args.length === 0) {
    if (sel !== undefined) return result([err('error: at least one resource must be specified to use a selector')], 1);
    return { objects: [], refs: [], errors: [] };
  }
  const targets = parseTargets(args);
  if (isResult(targets)) return targets;
  const ns = namespaceOf(ctx, p);
  const api = ctx.world.cluster.api;
  const objects: KObject[] = [];
  const refs: ObjectRef[] = [];
  const errors: Line[] = [];
  for (const t of targets) {
    const where = t.type.namespaced ? ns : undefined;
    if (t.names.length > 0) {
      if (sel !== undefined) return result([err('error: name cannot be provided when a selector is specified')], 1);
      for (const n of t.names) {
        const o = api.get(t.type, where, n);
        if ('metadata' in o) { objects.push(o); refs.push({ type: t.type, ns: where, name: n }); } else errors.push(notFoundLine(t.type, n));
      }
      continue;
    }
    if (sel === undefined && !options.all) return result([err('error: resource(s) were provided, but no name was specified')], 1);
    const test = sel !== undefined ? parseLabelSelector(sel) : () => true;
    if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
    for (const o of api.list(t.type, where)) {
      if (!test(o.metadata.labels)) continue;
      objects.push(o);
      refs.push({ type: t.type, ns: where, name: o.metadata.name as string });
    }
  }
  return { objects, refs, errors };
}

/** cli-runtime's error when neither resources nor -f are given. */
export function noResourcesGiven(): CommandResult {
  return result([err('error: You must provide one or more resources by argument or filename.'), err('Example resource specifications include:'), err("   '-f rsrc.yaml'"), err("   '--filename=rsrc.json'"), err("   '<resource> <name>'"), err("   '<resource>'")], 1);
}

/**
 * cmdutil.GetResourcesAndPairs: the words before the first `key=value` (or `key-`) are resources,
 * the rest are changes (`set image`, `label`, `annotate`).
 */
export function resourcesAndPairs(args: readonly string[], pairType: string): { resources: string[]; pairs: string[] } | CommandResult {
  const resources: string[] = [];
  const pairs: string[] = [];
  for (const a of args) {
    const isPair = (a.includes('=') && !a.startsWith('=')) || (a.endsWith('-') && a !== '-');
    if (isPair) pairs.push(a);
    else if (pairs.length > 0) return result([err(`error: all resources must be specified before ${pairType} changes: ${a}`)], 1);
    else resources.push(a);
  }
  return { resources, pairs };
}

export type DryRun = 'none' | 'client' | 'server';

/** The dry-run strategy (deprecated spellings were already rewritten by the dispatcher, with kubectl's warning). */
export function dryRunOf(p: ParsedFlags): DryRun | CommandResult {
  const v = p.values.get('dry-run')?.at(-1);
  if (v === undefined || v === 'none') return 'none';
  if (v === 'client') return 'client';
  if (v === 'server') return 'server';
  return result([err(`error: Invalid dry-run value (${v}). Must be "none", "server", or "client".`)], 1);
}

/** What a printer adds to its line in a dry run (PrintFlagsWithDryRunStrategy). */
export const dryRunSuffix = (d: DryRun): string => (d === 'client' ? ' (dry run)' : d === 'server' ? ' (server dry run)' : '');

/**
 * A list the server refused for its selectors, as cli-runtime words it (resource/selector.go: the
 * mapping's GroupVersionResource, both selectors, the server's message).
 */
export function fieldSelectorError(type: ResourceType, labelSelector: string, fieldSelector: string, message: string): string {
  return `Error from server (BadRequest): Unable to find "${type.group}/${type.version}, Resource=${type.resource}" that match label selector "${labelSelector}", field selector "${fieldSelector}": ${message}`;
}
