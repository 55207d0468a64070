/** What every kubectl verb shares: flags, resource arguments, and how server errors read. */
import type { StatusError } from '../../sim/cluster/api-server.ts';
import { resourceByName, qualifiedResource, type ResourceType } from '../../sim/cluster/resources.ts';
import type { KObject } from '../../sim/cluster/objects.ts';
import type { CommandContext } from '../context.ts';
import { FlagError, parseFlags, type FlagSpec, type ParsedFlags } from '../flags.ts';
import { err, result, type CommandResult, type Line } from '../result.ts';

export const KUBECTL_FLAGS: readonly FlagSpec[] = [
  { name: 'namespace', short: 'n', value: true }, { name: 'all-namespaces', short: 'A' }, { name: 'output', short: 'o', value: true },
  { name: 'selector', short: 'l', value: true }, { name: 'watch', short: 'w' }, { name: 'dry-run', value: true }, { name: 'filename', short: 'f', value: true, repeat: true },
  { name: 'recursive', short: 'R' }, { name: 'replicas', value: true }, { name: 'image', value: true, repeat: true }, { name: 'port', value: true },
  { name: 'all' }, { name: 'force' }, { name: 'grace-period', value: true }, { name: 'now' }, { name: 'container', short: 'c', value: true },
  { name: 'previous', short: 'p' }, { name: 'tail', value: true }, { name: 'show-labels' }, { name: 'field-validation', value: true },
  { name: 'validate', value: true }, { name: 'to-revision', value: true }, { name: 'record' }, { name: 'timeout', value: true }, { name: 'wait', value: true },
  { name: 'tcp', value: true, repeat: true }, { name: 'docker-server', value: true }, { name: 'docker-username', value: true }, { name: 'docker-password', value: true },
  { name: 'docker-email', value: true }, { name: 'from-literal', value: true, repeat: true }, { name: 'restart', value: true }, { name: 'command' },
  { name: 'labels', value: true }, { name: 'type', value: true }, { name: 'target-port', value: true }, { name: 'name', value: true },
  { name: 'env', value: true, repeat: true }, { name: 'follow' }, { name: 'overwrite' }, { name: 'revision', value: true }, { name: 'recursive-explain' }, { name: 'api-version', value: true },
  { name: 'ignore-not-found' }, { name: 'cascade', value: true }, { name: 'kubeconfig', value: true }, { name: 'context', value: true }, { name: 'server-side' },
  { name: 'no-headers' }, { name: 'sort-by', value: true }, { name: 'field-selector', value: true }, { name: 'insecure-skip-tls-verify' }, { name: 'help', short: 'h' },
  { name: 'client' }, { name: 'stdin', short: 'i' }, { name: 'tty', short: 't' }, { name: 'label-columns', value: true, repeat: true },
  { name: 'namespaced' }, { name: 'api-group', value: true }, { name: 'verbs', value: true, repeat: true }, { name: 'categories', value: true, repeat: true }, { name: 'cached' },
  // The output flags (printflags.ts).
  { name: 'template', value: true }, { name: 'allow-missing-template-keys' }, { name: 'show-managed-fields' },
  { name: 'address', value: true, repeat: true }, { name: 'accept-hosts', value: true }, { name: 'api-prefix', value: true }, { name: 'www', value: true },
  { name: 'www-prefix', value: true }, { name: 'disable-filter' }, { name: 'reject-paths', value: true }, { name: 'reject-methods', value: true }, { name: 'pod-running-timeout', value: true },
];

/** Short flags whose meaning depends on the verb (`logs -f` follows, `run -l` labels, `get -L` adds columns). */
export function verbFlags(verb: string, args: string[]): string[] {
  const map: Record<string, Record<string, string>> = {
    logs: { '-f': '--follow' },
    run: { '-l': '--labels' },
    get: { '-L': '--label-columns' },
    proxy: { '-p': '--port' },
  };
  const m = map[verb];
  if (!m) return args;
  return args.map((a) => m[a] ?? (Object.keys(m).find((k) => a.startsWith(`${k}=`)) ? `${m[a.slice(0, 2)]}${a.slice(2)}` : a));
}

export function parseKubectl(verb: string, args: string[]): ParsedFlags | CommandResult {
  try {
    return parseFlags(args, KUBECTL_FLAGS);
  } catch (e) {
    if (e instanceof FlagError) return result([err(`error: ${e.message}`), err(`See 'kubectl ${verb} --help' for usage.`)], 1);
    throw e;
  }
}

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
export function statusLines(e: StatusError, source?: { file: string; verb: 'creating' | 'applying patch' | 'deleting' | 'retrieving current configuration of' }): Line[] {
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
