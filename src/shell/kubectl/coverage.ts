/**
 * What kubetutor simulates of kubectl's command tree (commands.ts): for each command it runs, the
 * flags it models; for each real command it does not run, what to do instead. A real flag or
 * command outside these answers "not simulated in kubetutor" with a hint — never `unknown`, which
 * kubectl keeps for what it does not have either.
 */

/** Flags every command reads the same way: output printing, and the write options kubetutor accepts as no-ops. */
const PRINT = 'output show-managed-fields allow-missing-template-keys';
/** Accepted on writes: validation always happens on the server, field managers and the deprecated --record change nothing a learner sees. */
const WRITE = `${PRINT} dry-run validate field-manager record`;

/** The global flags kubetutor honours (one cluster, one context: the rest would need a second one). */
export const GLOBAL_MODELLED = 'namespace context request-timeout insecure-skip-tls-verify match-server-version warnings-as-errors';

/** Flags modelled per simulated command path (long names). */
export const MODELLED: Readonly<Record<string, string>> = {
  get: `${PRINT} all-namespaces selector watch watch-only output-watch-events label-columns show-labels no-headers sort-by field-selector chunk-size template`,
  describe: 'chunk-size selector',
  apply: `${WRITE} template filename recursive kustomize`,
  create: `${WRITE} template filename recursive kustomize save-config`,
  'create deployment': `${WRITE} image port replicas`,
  'create namespace': WRITE,
  'create serviceaccount': WRITE,
  'create service clusterip': `${WRITE} tcp`,
  'create service nodeport': `${WRITE} tcp`,
  'create service loadbalancer': `${WRITE} tcp`,
  'create configmap': `${WRITE} from-literal from-file from-env-file`,
  'create secret generic': `${WRITE} from-literal from-file from-env-file type`,
  'create secret docker-registry': `${WRITE} docker-server docker-username docker-password docker-email`,
  'create job': `${WRITE} image from`,
  'create poddisruptionbudget': `${WRITE} selector min-available max-unavailable`,
  'create cronjob': `${WRITE} image schedule restart`,
  delete: 'all force grace-period now ignore-not-found dry-run filename recursive selector field-selector wait timeout kustomize',
  run: `${WRITE} image image-pull-policy restart env port labels command stdin tty rm attach annotations leave-stdin-open quiet pod-running-timeout`,
  logs: 'container follow previous tail selector prefix all-containers max-log-requests pod-running-timeout',
  exec: 'container stdin tty quiet pod-running-timeout',
  scale: 'replicas current-replicas resource-version record filename recursive kustomize',
  'set image': `${WRITE} all selector`,
  'rollout status': 'watch timeout',
  'rollout history': 'revision',
  'rollout undo': 'to-revision',
  'rollout restart': 'field-manager',
  replace: `${WRITE} filename recursive kustomize force grace-period timeout save-config`,
  edit: '',
  patch: `${WRITE} patch patch-file type filename recursive kustomize local subresource`,
  expose: `${WRITE} port target-port name type protocol selector labels external-ip cluster-ip session-affinity load-balancer-ip save-config filename recursive`,
  label: 'overwrite all selector validate field-manager record',
  annotate: 'overwrite all selector validate field-manager record',
  'port-forward': 'address pod-running-timeout',
  proxy: 'port address accept-hosts api-prefix www www-prefix disable-filter reject-paths reject-methods',
  version: 'client',
  'cluster-info': '',
  'api-resources': 'output namespaced api-group verbs categories cached no-headers sort-by',
  'api-versions': '',
  explain: 'recursive api-version',
  top: '',
  // Without a metrics server every top ends the same way: its flags are read, and change nothing.
  'top node': 'no-headers selector show-capacity sort-by use-protocol-buffers',
  'top pod': 'all-namespaces containers field-selector no-headers selector sort-by sum use-protocol-buffers',
  'config current-context': '',
  'config get-contexts': '',
  taint: `${WRITE} overwrite all selector`,
  cordon: 'dry-run selector',
  uncordon: 'dry-run selector',
  drain: 'dry-run selector force ignore-daemonsets delete-emptydir-data grace-period timeout pod-selector disable-eviction chunk-size',
  events: `${PRINT} all-namespaces for types watch no-headers chunk-size`,
  wait: `${PRINT} for timeout selector all all-namespaces filename recursive`,
  kustomize: 'output',
  completion: '',
  help: '',
};

const APPLY_INSTEAD = 'Change the manifest file in the workspace and `kubectl apply -f` it again: the declarative way.';

/** Real commands kubetutor does not run, and what to do instead. */
export const NOT_SIMULATED_HINTS: Readonly<Record<string, string>> = {
  attach: 'A container\'s output is what `kubectl logs POD` shows; `kubectl exec -it POD -- sh` opens a shell in it.',
  cp: 'Read a file inside a pod with `kubectl exec POD -- cat PATH`; put files into an image when you build it (COPY in the Dockerfile).',
  auth: 'RBAC is not simulated: in the sandbox you are kubernetes-admin, allowed everything.',
  debug: '`kubectl describe pod POD`, `kubectl logs POD --previous` and `kubectl exec -it POD -- sh` show what goes wrong in a pod.',
  autoscale: 'There is no metrics server in the sandbox to autoscale on: `kubectl scale deployment NAME --replicas=N` sets the count.',
  certificate: 'The sandbox has no certificate signing requests to approve or deny.',
  diff: '`kubectl apply --dry-run=server -f FILE -o yaml` shows what the API server would store.',
  plugin: 'The sandbox has no kubectl plugins.',
  alpha: 'kubectl 1.32 has no alpha commands.',
  options: `Of kubectl's global options the sandbox honours ${GLOBAL_MODELLED.split(' ').map((f) => (f === 'namespace' ? '-n/--namespace' : `--${f}`)).join(', ')} (its one context is kubernetes-admin@kubetutor).`,
  'apply edit-last-applied': APPLY_INSTEAD,
  'apply view-last-applied': '`kubectl get TYPE NAME -o yaml` shows the kubectl.kubernetes.io/last-applied-configuration annotation it reads.',
  'apply set-last-applied': APPLY_INSTEAD,
  'cluster-info dump': '`kubectl get pods -A`, `kubectl get events -A` and `kubectl describe` show the cluster\'s state piece by piece.',
  'create token': 'Service account tokens are not simulated.',
  'create secret tls': 'TLS is not simulated; `kubectl create secret generic NAME --from-file=…` stores files as a Secret.',
  'create service externalname': 'Create a Service with `type: ExternalName` from a manifest with `kubectl apply -f`.',
  'rollout pause': 'Pausing rollouts is not simulated: `kubectl rollout status`, `history` and `undo` are.',
  'rollout resume': 'Pausing rollouts is not simulated: `kubectl rollout status`, `history` and `undo` are.',
  'set env': 'Set `env:` in the manifest\'s container and `kubectl apply -f` it again.',
  'set resources': 'Set `resources:` in the manifest\'s container and `kubectl apply -f` it again.',
  'set selector': '`kubectl set selector` works on Services only: change the Service\'s `spec.selector` in its manifest and `kubectl apply -f` it again. (A Deployment\'s selector cannot change after creation.)',
  'set serviceaccount': 'Set `serviceAccountName:` in the pod template and `kubectl apply -f` it again.',
  'set subject': 'RBAC is not simulated: in the sandbox you are kubernetes-admin, allowed everything.',
  config: 'The sandbox has one kubeconfig context, kubernetes-admin@kubetutor: `kubectl config current-context` and `kubectl config get-contexts` show it.',
};

/** Hints for global flags that would need more than the sandbox's one cluster and one user. */
export const GLOBAL_FLAG_HINTS: Readonly<Record<string, string>> = {
  kubeconfig: 'The sandbox has one kubeconfig (context kubernetes-admin@kubetutor); leave --kubeconfig out.',
  v: 'kubectl\'s request logging (-v) is not simulated; `trace` shows which component did what in the last command.',
};

/** The hint for a command path with no entry of its own: its parent's, else a general one. */
export function notSimulatedHint(path: string): string {
  for (let p = path; p; p = p.includes(' ') ? p.slice(0, p.lastIndexOf(' ')) : '') {
    const h = NOT_SIMULATED_HINTS[p];
    if (h) return h;
  }
  if (path.startsWith('create ')) return `Write the object as a manifest and \`kubectl apply -f\` it; the generators kubetutor simulates are ${Object.keys(MODELLED).filter((k) => k.startsWith('create ')).map((k) => k.slice(7)).join(', ')}.`;
  return '`help cluster` lists what the sandbox\'s kubectl does.';
}
