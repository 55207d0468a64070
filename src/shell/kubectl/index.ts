/** `kubectl` (v1.32) in the sandbox: one entry that routes to each verb. */
import type { CommandContext, CommandHandler } from '../context.ts';
import { explainResourcePath } from './explain.ts';
import { bool, flag, FlagError, parseFlags, parseGoBool, type ParsedFlags } from '../flags.ts';
import { typoDistance } from '../../sim/closest.ts';
import { commandSpec, compileFlags, GLOBAL_FLAGS, ROOT_COMMANDS, subcommands, type CompiledFlags } from './commands.ts';
import { GLOBAL_FLAG_HINTS, GLOBAL_MODELLED, MODELLED, notSimulatedHint } from './coverage.ts';
import { ROOT_HELP } from './help.ts';
import { cordon, drain, uncordon } from './drain.ts';
import { events } from './events.ts';
import { kustomizeCommand } from './kustomize.ts';
import { taint } from './taint.ts';
import { wait } from './wait.ts';
import { localhostImages, withLocalhostHint, WRITES_IMAGES } from './localhost-hint.ts';
import { table } from '../format/table.ts';
import { apiResources, apiVersions } from './api-resources.ts';
import { err, hint, out, result, type CommandResult } from '../result.ts';
import { klogWarning, KUBE_CONTEXT } from './common.ts';
import { completion } from './completion.ts';
import { describe } from './describe.ts';
import { get } from './get.ts';
import { etcdctl, exec, logs, ssh } from './inspect.ts';
import { expose } from './expose.ts';
import { patch, replace } from './replace.ts';
import { edit } from './edit.ts';
import { apply, create, del, labelOrAnnotate, rollout, run, scale, setImage } from './mutate.ts';
import { portForward, proxy } from './proxy.ts';

/** A verb kubetutor runs: positional arguments (the verb itself left out), the context, the parsed flags, what follows `--`. */
export type VerbHandler = (args: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]) => CommandResult;

/** The verbs that live in files of their own. */
const VERBS: Readonly<Record<string, VerbHandler>> = { taint, cordon, uncordon, drain, wait, events, kustomize: kustomizeCommand, replace, patch, edit };

/** Global flags plus a command's own, compiled once per command path. */
const compiled = new Map<string, CompiledFlags>();
export function flagsOf(path: string): CompiledFlags {
  let c = compiled.get(path);
  if (!c) {
    const own = compileFlags(`${GLOBAL_FLAGS} ${commandSpec(path)?.flags ?? ''}`);
    c = { specs: [...own.specs, { name: 'help', short: 'h' }], deprecated: own.deprecated };
    compiled.set(path, c);
  }
  return c;
}

/**
 * cobra's Command.Find: walk down the tree by the first word that is not a flag or a flag's
 * value (a flag it does not know is taken to have one, as stripFlags does). Returns the
 * command path and where its words were in `args`.
 */
export function findCommand(args: readonly string[]): { path: string; at: number[]; next?: string } {
  let path = '';
  const at: number[] = [];
  for (;;) {
    const specs = flagsOf(path).specs;
    const takesNext = (a: string): boolean => {
      if (a.includes('=')) return false;
      if (a.startsWith('--')) { const s = specs.find((x) => x.name === a.slice(2)); return !s || (s.value === true && s.bare === undefined); }
      if (a.length === 2) { const s = specs.find((x) => x.short === a[1]); return !s || (s.value === true && s.bare === undefined); }
      return false;
    };
    let next: number | undefined;
    for (let i = 0; i < args.length; i++) {
      if (at.includes(i)) continue;
      const a = args[i] as string;
      if (a.startsWith('-') && a.length > 1) { if (takesNext(a)) i++; continue; }
      next = i;
      break;
    }
    if (next === undefined) return { path, at };
    const word = args[next] as string;
    const sub = subcommands(path).find((c) => c.name === word || c.aliases.includes(word));
    if (!sub || (path === '' && word === 'help')) return { path, at, next: word };
    path = path ? `${path} ${sub.name}` : sub.name;
    at.push(next);
  }
}

/** cobra's SuggestionsFor: a Levenshtein distance of 2 or less, a prefix, or an explicit SuggestFor. */
function suggestionsFor(typed: string): string[] {
  const t = typed.toLowerCase();
  const explicit: Record<string, readonly string[]> = { get: ['list', 'ps'], wait: ['list', 'ps'], delete: ['rm'] };
  return ROOT_COMMANDS.filter((c) => typoDistance(t, c, false) <= 2 || c.startsWith(t) || (explicit[c] ?? []).includes(t));
}

/** kubectl's answer to a word that is not one of its commands (cobra's legacyArgs). */
function unknownCommand(word: string): CommandResult {
  const guesses = suggestionsFor(word);
  const lines = [err(`error: unknown command "${word}" for "kubectl"`)];
  if (guesses.length) lines.push(err(''), err('Did you mean this?'), ...guesses.map((g) => err(`\t${g}`)));
  if (word === 'build') lines.push(hint('Kubernetes does not build images. Build with `docker build` (or Buildah, or BuildKit or Kaniko in CI), push to a registry, then point a Pod at the image.'));
  if (word === 'push' || word === 'pull') lines.push(hint(`kubectl does not ${word} images: \`docker ${word}\` moves images; a node's container runtime pulls them when the kubelet asks.`));
  return result(lines, 1);
}

const notSimulated = (what: string, why: string): CommandResult => result([err(`error: ${what} is not simulated in kubetutor`), hint(why)], 1);

export const kubectl: CommandHandler = (rawArgs: string[], ctx: CommandContext): CommandResult => {
  const dash = rawArgs.indexOf('--');
  const args = dash >= 0 ? rawArgs.slice(0, dash) : rawArgs;
  const afterDash = dash >= 0 ? rawArgs.slice(dash + 1) : [];
  const found = findCommand(args);
  const { path } = found;
  if (path === '' && found.next !== undefined && found.next !== 'help') {
    ctx.world.advance(100);
    return unknownCommand(found.next);
  }
  const verb = path.split(' ')[0] as string;
  // The handlers see every positional word but the verb's (`create deployment web` → deployment, web).
  const rest = found.at.length ? [...args.slice(0, found.at[0]), ...args.slice((found.at[0] as number) + 1)] : args;
  const { specs, deprecated } = flagsOf(path);
  let p: ParsedFlags;
  try {
    p = parseFlags(rest, specs);
  } catch (e) {
    if (e instanceof FlagError) return result([err(`error: ${e.message}`), err(`See '${['kubectl', path].filter(Boolean).join(' ')} --help' for usage.`)], 1);
    throw e;
  }
  const warnings = [...deprecated].filter((d) => p.values.has(d)).map((d) => err(`Flag --${d} has been deprecated, --${d} will be removed in the future`));
  const dry = flag(p, 'dry-run');
  // cmd/util/helpers.go GetDryRunStrategy: `--dry-run` alone and boolean values still work, with klog's warning.
  const dryBool = dry === undefined ? undefined : dry === 'unchanged' ? true : parseGoBool(dry);
  if (dryBool !== undefined) {
    warnings.push(klogWarning(ctx, 'helpers.go:702', dry === 'unchanged' ? '--dry-run is deprecated and can be replaced with --dry-run=client.' : `--dry-run=${dry} is deprecated (boolean value) and can be replaced with --dry-run=${dryBool ? 'client' : 'none'}.`));
    p.values.set('dry-run', [dryBool ? 'client' : 'none']);
  }
  const context = flag(p, 'context');
  if (context !== undefined && context !== KUBE_CONTEXT) return result([...warnings, err(`error: context "${context}" does not exist`)], 1);
  if (path === '' || verb === 'help') {
    if (bool(p, 'help') || found.next === 'help' || p.positional.length === 0 || verb === 'help') return result(ROOT_HELP.map(out));
  }
  if (bool(p, 'help')) return result([out(`kubectl ${path}: see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_${path.replace(/ /g, '_')}/`), hint(`kubetutor simulates these flags of kubectl ${path}: ${modelledFlags(path)}.`)]);
  // A command with subcommands and no Run of its own (cmdutil.DefaultSubCommandRun).
  if (['set', 'rollout', 'config', 'auth', 'top', 'create secret', 'create service', 'plugin'].includes(path)) {
    const extra = p.positional.slice(path.split(' ').length - 1);
    if (extra.length) return result([...warnings, err(`error: unknown command "${extra.join(' ')}"`), err(`See 'kubectl ${path} -h' for help and examples`)], 1);
    return result([...warnings, hint(`kubectl ${path} needs one of its commands: ${subcommands(path).map((c) => c.name).join(', ')}.`)], 1);
  }
  if (MODELLED[path] === undefined) return { ...notSimulated(`kubectl ${path}`, notSimulatedHint(path)), lines: [...warnings, ...notSimulated(`kubectl ${path}`, notSimulatedHint(path)).lines] };
  const modelled = new Set([...GLOBAL_MODELLED.split(' '), ...(MODELLED[path] as string).split(' '), 'help']);
  for (const name of p.values.keys()) {
    if (modelled.has(name)) continue;
    const spec = specs.find((s) => s.name === name);
    const shown = spec?.short ? `-${spec.short}, --${name}` : `--${name}`;
    return result([...warnings, err(`error: the ${shown} flag of kubectl ${path || 'itself'} is not simulated in kubetutor`), hint(GLOBAL_FLAG_HINTS[name] ?? `kubetutor simulates these flags of kubectl ${path}: ${modelledFlags(path)}.`)], 1);
  }
  const ctxArgs = p.positional;
  ctx.world.advance(100);
  // A verb that may point pods at images: the hint about localhost registries (localhost-hint.ts).
  const before = WRITES_IMAGES.has(verb) ? localhostImages(ctx) : undefined;
  const done = dispatch(verb, ctxArgs, ctx, p, afterDash);
  const r = before ? withLocalhostHint(done, before, ctx) : done;
  return warnings.length ? { ...r, lines: [...warnings, ...r.lines] } : r;
};

/** The modelled flags of a command, as `--help` would name them. */
function modelledFlags(path: string): string {
  const names = (MODELLED[path] ?? '').split(' ').filter((n) => n && n !== 'record');
  const specs = flagsOf(path).specs;
  return names.length ? names.map((n) => { const s = specs.find((x) => x.name === n); return s?.short ? `-${s.short}/--${n}` : `--${n}`; }).join(', ') : 'none beyond -n/--namespace';
}

function dispatch(verb: string, ctxArgs: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  const own = VERBS[verb];
  if (own) return own(ctxArgs, ctx, p, afterDash);
  switch (verb) {
    case 'get': return get(ctxArgs, ctx, p);
    case 'describe': return describe(ctxArgs, ctx, p);
    case 'apply': return apply(ctxArgs, ctx, p);
    case 'create': return create(ctxArgs, ctx, p, afterDash);
    case 'delete': return del(ctxArgs, ctx, p);
    case 'run': return run(ctxArgs, ctx, p, afterDash);
    case 'logs': case 'log': return logs(ctxArgs, ctx, p);
    case 'exec': return exec(ctxArgs, ctx, p, afterDash);
    case 'scale': return scale(ctxArgs, ctx, p);
    case 'set': return setImage(ctxArgs, ctx, p);
    case 'rollout': return rollout(ctxArgs, ctx, p);
    case 'expose': return expose(ctxArgs, ctx, p);
    case 'label': case 'annotate': return labelOrAnnotate(verb, ctxArgs, ctx, p);
    case 'port-forward': return portForward(ctxArgs, ctx, p);
    case 'proxy': return proxy(ctxArgs, ctx, p);
    case 'version':
      return result([out('Client Version: v1.32.4'), out('Kustomize Version: v5.5.0'), ...(bool(p, 'client') ? [] : [out('Server Version: v1.32.4')])]);
    case 'cluster-info':
      return result([out('Kubernetes control plane is running at https://172.18.0.2:6443'), out('CoreDNS is running at https://172.18.0.2:6443/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy'), out(''),
        out("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")]);
    case 'api-resources': return apiResources(ctxArgs, p);
    case 'api-versions': return apiVersions();
    case 'config':
      if (ctxArgs[0] === 'current-context') return result([out(KUBE_CONTEXT)]);
      if (ctxArgs[0] === 'get-contexts') return result(table([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', KUBE_CONTEXT, 'kubetutor', 'kubernetes-admin', '']]).map(out));
      return result([hint('kubetutor simulates `kubectl config current-context` and `get-contexts`.')]);
    case 'top': {
      // top_pod.go / top_node.go Validate, then the metrics API the cluster does not serve.
      const sortBy = flag(p, 'sort-by');
      if (sortBy && sortBy !== 'cpu' && sortBy !== 'memory') return result([err('error: --sort-by accepts only cpu or memory')], 1);
      return result([err('error: Metrics API not available')], 1);
    }
    case 'completion': return completion(ctxArgs, ctx);
    case 'explain': {
      if (!ctxArgs[0]) return result([err('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.')], 1);
      const apiVersion = flag(p, 'api-version');
      const r = explainResourcePath(ctxArgs[0], { recursive: bool(p, 'recursive'), ...(apiVersion ? { apiVersion } : {}) });
      return r.ok ? result(r.lines.map(out)) : result([...(r.lines ?? []).map(out), err(r.error)], 1);
    }
    default: return notSimulated(`kubectl ${verb}`, notSimulatedHint(verb));
  }
}

export { etcdctl, ssh, flag };
