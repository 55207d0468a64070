/** `kubectl` (v1.32) in the sandbox: one entry that routes to each verb. */
import type { CommandContext, CommandHandler } from '../context.ts';
import { explainResourcePath } from './explain.ts';
import { bool, flag, type ParsedFlags } from '../flags.ts';
import { table } from '../format/table.ts';
import { apiResources, apiVersions } from './api-resources.ts';
import { err, hint, out, result, type CommandResult } from '../result.ts';
import { isResult, parseKubectl, verbFlags } from './common.ts';
import { completion } from './completion.ts';
import { describe } from './describe.ts';
import { get } from './get.ts';
import { etcdctl, exec, logs, ssh } from './inspect.ts';
import { localhostImages, withLocalhostHint, WRITES_IMAGES } from './localhost-hint.ts';
import { apply, create, del, expose, labelOrAnnotate, rollout, run, scale, setImage } from './mutate.ts';
import { portForward, proxy } from './proxy.ts';

const VERBS = ['get', 'describe', 'apply', 'create', 'delete', 'run', 'logs', 'scale', 'set', 'rollout', 'expose', 'exec', 'version', 'cluster-info', 'api-resources', 'api-versions', 'explain', 'edit', 'top', 'config', 'port-forward', 'proxy', 'label', 'annotate', 'patch'];

function closest(word: string): string | undefined {
  return VERBS.find((v) => v.startsWith(word.slice(0, 3)) || (word.length > 2 && v.includes(word)));
}

export const kubectl: CommandHandler = (rawArgs: string[], ctx: CommandContext): CommandResult => {
  const dash = rawArgs.indexOf('--');
  const args = dash >= 0 ? rawArgs.slice(0, dash) : rawArgs;
  const afterDash = dash >= 0 ? rawArgs.slice(dash + 1) : [];
  const verbIndex = args.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && ['-n', '--namespace', '-o', '--output', '-l', '--selector', '-f', '--filename', '--context', '--kubeconfig'].includes(args[i - 1] as string)));
  const verb = verbIndex >= 0 ? (args[verbIndex] as string) : undefined;
  if (verb === undefined) {
    if (args.includes('--version') || args.includes('version')) return result([out('Client Version: v1.32.4'), out('Kustomize Version: v5.5.0')]);
    return result([out('kubectl controls the Kubernetes cluster manager.'), out(''), out(' Find more information at: https://kubernetes.io/docs/reference/kubectl/'), out(''),
      out('Basic Commands:'), out('  create          Create a resource from a file or from stdin'), out('  expose          Take a replication controller, service, deployment or pod and expose it as a new Kubernetes service'),
      out('  run             Run a particular image on the cluster'), out('  set             Set specific features on objects'), out('  get             Display one or many resources'), out('  delete          Delete resources by file names, stdin, resources and names, or by resources and label selector'),
      out(''), out('Deploy Commands:'), out('  rollout         Manage the rollout of a resource'), out('  scale           Set a new size for a deployment, replica set, or replication controller'),
      out(''), out('Troubleshooting and Debugging Commands:'), out('  describe        Show details of a specific resource or group of resources'), out('  logs            Print the logs for a container in a pod'), out('  exec            Execute a command in a container'),
      out(''), out('Advanced Commands:'), out('  apply           Apply a configuration to a resource by file name or stdin'), out(''), out('Usage:'), out('  kubectl [flags] [options]')]);
  }
  const rest = verbFlags(verb, [...args.slice(0, verbIndex), ...args.slice(verbIndex + 1)]);
  const p = parseKubectl(verb, rest);
  if (isResult(p)) return p;
  if (bool(p, 'help')) return result([out(`kubectl ${verb}: see https://kubernetes.io/docs/reference/kubectl/generated/kubectl_${verb}/`), hint('kubetutor simulates the common flags of this command.')]);
  const ctxArgs = p.positional;
  ctx.world.advance(100);
  if (!WRITES_IMAGES.has(verb)) return dispatch(verb, ctxArgs, ctx, p, afterDash);
  const before = localhostImages(ctx);
  return withLocalhostHint(dispatch(verb, ctxArgs, ctx, p, afterDash), before, ctx);
};

function dispatch(verb: string, ctxArgs: string[], ctx: CommandContext, p: ParsedFlags, afterDash: string[]): CommandResult {
  switch (verb) {
    case 'get': return get(ctxArgs, ctx, p);
    case 'describe': return describe(ctxArgs, ctx, p);
    case 'apply': return apply(ctxArgs, ctx, p);
    case 'create': return create(ctxArgs, ctx, p);
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
      if (ctxArgs[0] === 'current-context') return result([out('kubernetes-admin@kubetutor')]);
      if (ctxArgs[0] === 'get-contexts') return result(table([['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ['*', 'kubernetes-admin@kubetutor', 'kubetutor', 'kubernetes-admin', '']]).map(out));
      return result([hint('kubetutor simulates `kubectl config current-context` and `get-contexts`.')]);
    case 'edit': return result([err('error: no editor in the sandbox'), hint('Change the manifest file in the workspace and `kubectl apply -f` it again — the declarative way.')], 1);
    case 'patch': return result([err('error: kubectl patch is not simulated in kubetutor'), hint('Change the manifest file in the workspace and `kubectl apply -f` it again; for a service account\'s imagePullSecrets, apply a ServiceAccount manifest that lists them.')], 1);
    case 'top': return result([err('error: Metrics API not available')], 1);
    case 'completion': return completion(ctxArgs, ctx);
    case 'explain': {
      if (!ctxArgs[0]) return result([err('error: You must specify the type of resource to explain. Use "kubectl api-resources" for a complete list of supported resources.')], 1);
      const apiVersion = flag(p, 'api-version');
      const r = explainResourcePath(ctxArgs[0], { recursive: bool(p, 'recursive'), ...(apiVersion ? { apiVersion } : {}) });
      return r.ok ? result(r.lines.map(out)) : result([...(r.lines ?? []).map(out), err(r.error)], 1);
    }
    default: {
      const guess = closest(verb);
      const lines = [err(`error: unknown command "${verb}" for "kubectl"`)];
      if (guess) lines.push(err(''), err('Did you mean this?'), err(`\t${guess}`));
      if (verb === 'build') lines.push(hint('Kubernetes does not build images. Build with `docker build` (or buildah, or Kaniko in CI), push to a registry, then point a Pod at the image.'));
      if (verb === 'push' || verb === 'pull') lines.push(hint(`kubectl does not ${verb} images: \`docker ${verb}\` moves images; a node's container runtime pulls them when the kubelet asks.`));
      return result(lines, 1);
    }
  }
}

export { etcdctl, ssh, flag };
