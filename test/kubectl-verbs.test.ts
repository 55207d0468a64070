/** kubectl verbs through the shell session, as kubectl 1.32 answers them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, session } from './helpers.ts';

test('set image takes any image a learner pushes (a registry, a path, a digest), several containers and *', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl set image deployment/web nginx=learner/app:2'), { text: 'deployment.apps/web image updated', code: 0 });
  assert.equal(run(s, "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'").text, 'learner/app:2');
  assert.deepEqual(run(s, 'kubectl set image deploy web nginx=registry.example.com/team/app:1.0'), { text: 'deployment.apps/web image updated', code: 0 });
  assert.deepEqual(run(s, "kubectl set image deployment/web '*=nginx:1.29'"), { text: 'deployment.apps/web image updated', code: 0 });
  // Nothing to change: nothing sent, nothing printed.
  assert.deepEqual(run(s, "kubectl set image deployment/web '*=nginx:1.29'"), { text: '', code: 0 });
  assert.deepEqual(run(s, 'kubectl set image deployment/web nope=nginx:1.29'), { text: 'error: unable to find container named "nope"', code: 1 });
  assert.deepEqual(run(s, 'kubectl set image deployment/web nginx=nginx:1.28 nope=x'), { text: 'deployment.apps/web image updated\nerror: unable to find container named "nope"', code: 1 });
  assert.deepEqual(run(s, "kubectl set image deployment/web nginx=a '*=b'"), { text: 'error: all containers are already specified by *, but saw more than one container_name=container_image pairs', code: 1 });
  assert.deepEqual(run(s, 'kubectl set image deployment/web a=b c'), { text: 'error: all resources must be specified before image changes: c', code: 1 });
  assert.deepEqual(run(s, 'kubectl set image deployment/nope nginx=a'), { text: 'Error from server (NotFound): deployments.apps "nope" not found', code: 1 });
  assert.deepEqual(run(s, 'kubectl set image deployments --all nginx=nginx:1.27'), { text: 'deployment.apps/web image updated', code: 0 });
});

test('taint: tainted, modified, untainted, and kubectl\'s errors; the scheduler keeps new pods off a NoSchedule node', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated=gpu:NoSchedule'), { text: 'node/worker-1 tainted', code: 0 });
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated=gpu:NoSchedule'), { text: 'error: node worker-1 already has dedicated taint(s) with same effect(s) and --overwrite is false', code: 1 });
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated=db:NoSchedule --overwrite'), { text: 'node/worker-1 modified', code: 0 });
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated=gpu:Foo'), { text: "error: invalid taint effect: Foo, unsupported taint effect\nSee 'kubectl taint -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl taint pods web x=y:NoSchedule'), { text: 'error: invalid resource type pods, only node types are supported', code: 1 });
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1'), { text: 'error: at least one taint update is required', code: 1 });
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=3');
  run(s, 'sleep 10');
  assert.deepEqual(run(s, "kubectl get pods -o jsonpath='{.items[*].spec.nodeName}'").text.split(' ').sort(), ['worker-2', 'worker-2', 'worker-2']);
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated:NoSchedule-'), { text: 'node/worker-1 untainted', code: 0 });
  assert.deepEqual(run(s, 'kubectl taint nodes worker-1 dedicated:NoSchedule-'), { text: 'error: taint "dedicated:NoSchedule" not found', code: 1 });
  // A NoExecute taint evicts what does not tolerate it; the ReplicaSet puts replacements elsewhere.
  assert.deepEqual(run(s, 'kubectl taint nodes worker-2 maintenance=now:NoExecute'), { text: 'node/worker-2 tainted', code: 0 });
  run(s, 'sleep 40');
  assert.deepEqual(run(s, "kubectl get pods -o jsonpath='{.items[*].spec.nodeName}'").text.split(' '), ['worker-1', 'worker-1', 'worker-1']);
  assert.match(run(s, 'kubectl get events --field-selector reason=TaintManagerEviction').text, /TaintManagerEviction\s+pod\/web-\S+\s+Marking for deletion Pod default\/web-/);
});

test('cordon keeps new pods off a node (its unschedulable taint); drain cordons, refuses what it must not evict, evicts the rest', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl cordon worker-1'), { text: 'node/worker-1 cordoned', code: 0 });
  assert.deepEqual(run(s, 'kubectl cordon worker-1'), { text: 'node/worker-1 already cordoned', code: 0 });
  assert.match(run(s, 'kubectl get node worker-1').text, /worker-1\s+Ready,SchedulingDisabled/);
  assert.equal(run(s, "kubectl get node worker-1 -o jsonpath='{.spec.taints[0].key}:{.spec.taints[0].effect} {.spec.unschedulable}'").text, 'node.kubernetes.io/unschedulable:NoSchedule true');
  assert.match(run(s, 'kubectl get events --field-selector involvedObject.kind=Node').text, /NodeNotSchedulable\s+node\/worker-1\s+Node worker-1 status is now: NodeNotSchedulable/);
  assert.deepEqual(run(s, 'kubectl cordon'), { text: "error: USAGE: cordon NODE [flags]\nSee 'kubectl cordon -h' for help and examples", code: 1 });
  run(s, 'kubectl run solo --image=nginx:1.27');
  run(s, 'sleep 10');
  assert.equal(run(s, "kubectl get pod solo -o jsonpath='{.spec.nodeName}'").text, 'worker-2');
  assert.deepEqual(run(s, 'kubectl uncordon worker-1'), { text: 'node/worker-1 uncordoned', code: 0 });
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'sleep 10');
  const refused = run(s, 'kubectl drain worker-2');
  assert.equal(refused.code, 1);
  assert.match(refused.text, /^node\/worker-2 cordoned\nerror: unable to drain node "worker-2" due to error: \[cannot delete cannot delete Pods that declare no controller \(use --force to override\): default\/solo, cannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w+\], continuing command\.\.\.\nThere are pending nodes to be drained:\n worker-2\ncannot delete cannot delete Pods that declare no controller \(use --force to override\): default\/solo\ncannot delete DaemonSet-managed Pods \(use --ignore-daemonsets to ignore\): kube-system\/kube-proxy-\w+$/);
  const drained = run(s, 'kubectl drain worker-2 --ignore-daemonsets --force');
  assert.equal(drained.code, 0);
  assert.match(drained.text, /^node\/worker-2 already cordoned\nWarning: deleting Pods that declare no controller: default\/solo; ignoring DaemonSet-managed Pods: kube-system\/kube-proxy-\w+\nevicting pod default\/solo\nevicting pod default\/web-\S+\n(pod\/\S+ evicted\n)+node\/worker-2 drained$/);
  run(s, 'sleep 10');
  // Only the Deployment's pods come back, and not on the drained node.
  const pods = run(s, 'kubectl get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName --no-headers').text;
  assert.doesNotMatch(pods, /solo|worker-2/);
  assert.match(pods, /^web-\S+\s+worker-1\nweb-\S+\s+worker-1$/);
});

test('wait: condition, delete, jsonpath, the timeout on the world\'s clock, kubectl\'s errors', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pod/web'), { text: 'pod/web condition met', code: 0 });
  assert.deepEqual(run(s, "kubectl wait --for=jsonpath='{.status.phase}'=Running pod/web"), { text: 'pod/web condition met', code: 0 });
  run(s, 'kubectl run slow --image=nginx:nope');
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pod/slow --timeout=5s'), { text: 'error: timed out waiting for the condition on pods/slow', code: 1 });
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pod/slow --timeout=0'), { text: 'error: condition not met for pods/slow', code: 1 });
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pod/slow --timeout=90'), { text: "error: invalid argument \"90\" for \"--timeout\" flag: time: missing unit in duration \"90\"\nSee 'kubectl wait --help' for usage.", code: 1 });
  assert.deepEqual(run(s, 'kubectl wait --for=foo pod/web'), { text: 'error: unrecognized condition: "foo"', code: 1 });
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pod/nope'), { text: 'Error from server (NotFound): pods "nope" not found', code: 1 });
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Ready pods'), { text: 'error: resource(s) were provided, but no name was specified', code: 1 });
  run(s, 'kubectl create deployment api --image=nginx:1.27 --replicas=2');
  const all = run(s, 'kubectl wait --for=condition=Ready pod -l app=api');
  assert.match(all.text, /^pod\/api-\S+ condition met\npod\/api-\S+ condition met$/);
  assert.deepEqual(run(s, 'kubectl wait --for=condition=Available deploy/api'), { text: 'deployment.apps/api condition met', code: 0 });
  // Scaled to zero, the pod terminates while kubectl waits (both on one line: nothing else runs between).
  run(s, 'kubectl create deployment sleeper --image=busybox:1.36 -- sleep 3600');
  run(s, 'kubectl wait --for=condition=Available deploy/sleeper');
  const name = run(s, "kubectl get pods -l app=sleeper -o jsonpath='{.items[0].metadata.name}'").text;
  assert.deepEqual(run(s, `kubectl scale deploy/sleeper --replicas=0 && kubectl wait --for=delete pod/${name} --timeout=60s`), { text: `deployment.apps/sleeper scaled\npod/${name} condition met`, code: 0 });
  assert.deepEqual(run(s, `kubectl wait --for=delete pod/${name}`), { text: '', code: 0 });
});

test('events: kubectl events sorts by time with (xN over M), --for and --types; get events -o wide has the server\'s columns and names', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl events'), { text: 'No events found in default namespace.', code: 0 });
  run(s, 'kubectl run bad --image=nginx:nope');
  run(s, 'sleep 40');
  const ev = run(s, 'kubectl events --for pod/bad --types=Warning').text.split('\n');
  assert.match(ev[0] as string, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/);
  assert.match(ev[1] as string, /^\d+s \(x\d+ over \d+s\)\s+Warning\s+Failed\s+Pod\/bad\s+Failed to pull image "nginx:nope"/);
  assert.ok(ev.slice(1).every((l) => /Warning/.test(l)));
  assert.deepEqual(run(s, 'kubectl events --for bad'), { text: 'error: --for must be in resource/name form', code: 1 });
  assert.deepEqual(run(s, 'kubectl events --types=Info'), { text: 'error: valid --types are Normal or Warning', code: 1 });
  const wide = run(s, 'kubectl get events -o wide').text.split('\n');
  assert.match(wide[0] as string, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+SUBOBJECT\s+SOURCE\s+MESSAGE\s+FIRST SEEN\s+COUNT\s+NAME$/);
  assert.match(wide[1] as string, /^\d+s\s+Normal\s+Scheduled\s+pod\/bad\s+default-scheduler\s+Successfully assigned default\/bad to worker-1\s+\d+s\s+1\s+bad\.[0-9a-f]{16}$/);
  assert.match(wide[2] as string, /Pulling\s+pod\/bad\s+spec\.containers\{bad\}\s+kubelet, worker-1\s+Pulling image "nginx:nope"\s+\d+s\s+\d+\s+bad\.[0-9a-f]{16}$/);
  // The name's suffix is the event's creation time in UnixNano, in hex (client-go's recorder).
  const created = run(s, "kubectl get events -o jsonpath='{.items[0].metadata.name} {.items[0].metadata.creationTimestamp}'").text.split(' ');
  const nanos = BigInt(`0x${(created[0] as string).split('.')[1]}`);
  assert.equal(Math.floor(Number(nanos / 1_000_000_000n)), Date.parse(created[1] as string) / 1000);
});

test('the smaller texts: exec without -- or on a missing pod, scale --replicas=-1, label/annotate without arguments', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl exec nope -- ls'), { text: 'Error from server (NotFound): pods "nope" not found', code: 1 });
  assert.deepEqual(run(s, 'kubectl exec deploy/nope -- ls'), { text: 'Error from server (NotFound): deployments.apps "nope" not found', code: 1 });
  assert.deepEqual(run(s, 'kubectl exec web ls'), { text: "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl exec'), { text: 'error: pod, type/name or --filename must be specified', code: 1 });
  assert.deepEqual(run(s, 'kubectl exec web'), { text: 'error: you must specify at least one command for the container', code: 1 });
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl scale deploy/web --replicas=-1'), { text: 'error: The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0', code: 1 });
  assert.deepEqual(run(s, 'kubectl scale deploy/web --replicas=two'), { text: "error: invalid argument \"two\" for \"--replicas\" flag: strconv.ParseInt: parsing \"two\": invalid syntax\nSee 'kubectl scale --help' for usage.", code: 1 });
  assert.deepEqual(run(s, 'kubectl label'), { text: 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>', code: 1 });
  assert.deepEqual(run(s, 'kubectl annotate'), { text: 'error: one or more resources must be specified as <resource> <name> or <resource>/<name>', code: 1 });
  assert.deepEqual(run(s, 'kubectl label deploy web'), { text: 'error: at least one label update is required', code: 1 });
  assert.deepEqual(run(s, 'kubectl annotate deploy web'), { text: 'error: at least one annotation update is required', code: 1 });
  assert.deepEqual(run(s, 'kubectl label deploy web tier=front'), { text: 'deployment.apps/web labeled', code: 0 });
});

test('create job and create cronjob generate what kubectl 1.32 generates (fidelity facts §h), with its errors', () => {
  const s = session();
  assert.equal(run(s, 'kubectl create job hello --image=busybox:1.36 --dry-run=client -o yaml -- echo hello').text, [
    'apiVersion: batch/v1', 'kind: Job', 'metadata:', '  creationTimestamp: null', '  name: hello', 'spec:', '  template:', '    metadata:', '      creationTimestamp: null',
    '    spec:', '      containers:', '      - command:', '        - echo', '        - hello', '        image: busybox:1.36', '        name: hello', '        resources: {}', '      restartPolicy: Never', 'status: {}',
  ].join('\n'));
  assert.deepEqual(run(s, 'kubectl create job hello --image=busybox:1.36 --dry-run=client'), { text: 'job.batch/hello created (dry run)', code: 0 });
  const cron = run(s, "kubectl create cronjob tick --image=busybox:1.36 --schedule='*/1 * * * *' --dry-run=client -o yaml -- date").text;
  assert.match(cron, /^apiVersion: batch\/v1\nkind: CronJob\nmetadata:\n  creationTimestamp: null\n  name: tick\nspec:\n  jobTemplate:\n    metadata:\n      creationTimestamp: null\n      name: tick\n/);
  assert.match(cron, /          restartPolicy: OnFailure\n  schedule: '\*\/1 \* \* \* \*'\nstatus: \{\}$/);
  assert.match(run(s, "kubectl create cronjob tick --image=busybox --schedule='0 * * * *' --restart=Never --dry-run=client -o yaml").text, /restartPolicy: Never/);
  assert.deepEqual(run(s, 'kubectl create cronjob tick --image=busybox'), { text: 'error: required flag(s) "schedule" not set', code: 1 });
  assert.deepEqual(run(s, 'kubectl create job'), { text: "error: exactly one NAME is required, got 0\nSee 'kubectl create job -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl create job hello'), { text: 'error: either --image or --from must be specified', code: 1 });
  assert.deepEqual(run(s, 'kubectl create job hello --from=cronjob/x -- date'), { text: 'error: cannot specify --from and command', code: 1 });
});

test('logs -l reads every matching pod (10 lines each by default), --prefix names the source, -f is capped by --max-log-requests', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'sleep 10');
  const all = run(s, 'kubectl logs -l app=web');
  assert.equal(all.code, 0);
  assert.equal(all.text.split('\n').length, 20);
  const prefixed = run(s, 'kubectl logs -l app=web --prefix --tail=1').text.split('\n');
  assert.equal(prefixed.length, 2);
  assert.ok(prefixed.every((l) => /^\[pod\/web-\S+\/nginx\] /.test(l)));
  assert.match(run(s, 'kubectl logs deploy/web --all-containers --prefix --tail=1').text, /^Found 2 pods, using pod\/web-\S+\n\[pod\/web-\S+\/nginx\] /);
  assert.deepEqual(run(s, 'kubectl logs web -l app=web'), { text: "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl logs -l app=nope'), { text: 'No resources found in default namespace.', code: 0 });
  assert.deepEqual(run(s, 'kubectl logs -f -l app=web --max-log-requests=1'), { text: 'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit', code: 1 });
});

test('run: --image-pull-policy and the generator\'s other flags; -i/--attach wait and show the output, --rm deletes, -it enters the shell', () => {
  const s = session();
  const yaml = run(s, 'kubectl run web --image=nginx:1.27 --image-pull-policy=Never --port=80 --env=A=1 --labels=app=web,tier=front --dry-run=client -o yaml').text;
  assert.match(yaml, /  - env:\n    - name: A\n      value: "1"\n    image: nginx:1.27\n    imagePullPolicy: Never\n    name: web\n    ports:\n    - containerPort: 80\n    resources: \{\}\n/);
  assert.match(yaml, /  labels:\n    app: web\n    tier: front\n/);
  assert.deepEqual(run(s, 'kubectl run x --image=nginx --image-pull-policy=Sometimes'), { text: "error: invalid image pull policy: Sometimes\nSee 'kubectl run -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl run x --image=nginx --rm'), { text: "error: --rm should only be used for attached containers\nSee 'kubectl run -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl run x --image=nginx -t'), { text: "error: -i/--stdin is required for containers with -t/--tty=true\nSee 'kubectl run -h' for help and examples", code: 1 });
  assert.deepEqual(run(s, 'kubectl run x --image=nginx --env=1A=b'), { text: 'error: invalid env: 1A=b', code: 1 });
  // Never: the node must already have the image.
  run(s, 'kubectl run local --image=learner/app:1 --image-pull-policy=Never');
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl get pod local').text, /local\s+0\/1\s+ErrImageNeverPull/);
  const once = run(s, 'kubectl run t --image=busybox:1.36 --restart=Never --rm -i -- echo hello');
  // Attached, kubectl prints no `pod/t created` (run.go prints the object only when it does not attach).
  assert.match(once.text, /^(If you don't see a command prompt, try pressing enter\.\n)?hello\npod "t" deleted$/);
  assert.equal(run(s, 'kubectl run fail --image=busybox:1.36 --restart=Never -i -- sh -c "exit 3"').code, 3);
  const shell = s.feed('kubectl run -it --rm debug --image=busybox:1.36 --restart=Never -- sh');
  assert.equal(shell.kind, 'result');
  assert.equal(run(s, 'hostname').text, 'debug');
  assert.equal(run(s, 'exit').text, 'pod "debug" deleted');
});

test('create secret generic and configmap read --from-file (files, folders, key=path, the home folder) and --from-env-file as kubectl does', () => {
  const s = session();
  run(s, "printf 'abc' > a.txt");
  run(s, "printf 'X=1\\n# comment\\nY=two\\n' > e.env");
  run(s, 'mkdir conf && echo one > conf/1.txt && echo two > conf/2.txt');
  assert.equal(run(s, 'kubectl create secret generic s --from-file=a.txt --from-file=k2=a.txt --type=Opaque --dry-run=client -o yaml').text,
    'apiVersion: v1\ndata:\n  a.txt: YWJj\n  k2: YWJj\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s\ntype: Opaque');
  // go-yaml quotes the key Y as it would quote the value.
  assert.equal(run(s, 'kubectl create secret generic s --from-env-file=e.env --dry-run=client -o yaml').text,
    'apiVersion: v1\ndata:\n  X: MQ==\n  "Y": dHdv\nkind: Secret\nmetadata:\n  creationTimestamp: null\n  name: s');
  assert.match(run(s, 'kubectl create configmap c --from-file=conf --dry-run=client -o yaml').text, /^apiVersion: v1\ndata:\n  1\.txt: \|\n    one\n  2\.txt: \|\n    two\nkind: ConfigMap\n/);
  assert.deepEqual(run(s, 'kubectl create secret generic s --from-file=nope.txt'), { text: 'error: error reading nope.txt: no such file or directory', code: 1 });
  assert.deepEqual(run(s, 'kubectl create secret generic s --from-file=k=conf'), { text: 'error: cannot give a key name for a directory path', code: 1 });
  assert.deepEqual(run(s, 'kubectl create secret generic s --from-file=a.txt --from-file=a.txt'), { text: 'error: cannot add key a.txt, another key by that name already exists', code: 1 });
  assert.deepEqual(run(s, 'kubectl create configmap c --from-file=a.txt --from-env-file=e.env'), { text: 'error: from-env-file cannot be combined with from-file or from-literal', code: 1 });
  // "Pull an Image from a Private Registry": the secret from the config docker login wrote.
  run(s, 'echo s3cret | docker login -u learner --password-stdin');
  assert.deepEqual(run(s, 'kubectl create secret generic regcred --from-file=.dockerconfigjson=$HOME/.docker/config.json --type=kubernetes.io/dockerconfigjson'), { text: 'secret/regcred created', code: 0 });
  const stored = JSON.parse(Buffer.from(run(s, "kubectl get secret regcred -o jsonpath='{.data}'").text.match(/"\.dockerconfigjson":"([^"]+)"/)?.[1] ?? '', 'base64').toString());
  assert.ok(stored.auths['https://index.docker.io/v1/'].auth);
  assert.match(run(s, 'kubectl get secret regcred').text, /regcred\s+kubernetes\.io\/dockerconfigjson\s+1/);
});

test('apply on an object create or run made warns first that its last-applied annotation is missing; create --save-config stores it', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  run(s, 'kubectl get deploy web -o yaml > web.yaml');
  assert.deepEqual(run(s, 'kubectl apply -f web.yaml'), {
    text: 'Warning: resource deployments.apps/web is missing the kubectl.kubernetes.io/last-applied-configuration annotation which is required by kubectl apply. kubectl apply should only be used on resources created declaratively by either kubectl create --save-config or kubectl apply. The missing annotation will be patched automatically.\ndeployment.apps/web configured',
    code: 0,
  });
  assert.deepEqual(run(s, 'kubectl apply -f web.yaml'), { text: 'deployment.apps/web unchanged', code: 0 });
  run(s, 'kubectl run solo --image=nginx:1.27');
  run(s, 'kubectl get pod solo -o yaml > solo.yaml');
  // A client dry run reads nothing it would warn about.
  assert.deepEqual(run(s, 'kubectl apply -f solo.yaml --dry-run=client'), { text: 'pod/solo configured (dry run)', code: 0 });
  assert.match(run(s, 'kubectl apply -f solo.yaml').text, /^Warning: resource pods\/solo is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation/);
  run(s, "printf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: cfg\\n' > cm.yaml");
  assert.deepEqual(run(s, 'kubectl create -f cm.yaml --save-config'), { text: 'configmap/cfg created', code: 0 });
  assert.deepEqual(run(s, 'kubectl apply -f cm.yaml'), { text: 'configmap/cfg unchanged', code: 0 });
});

test('label and annotate take --all and -l; flags a verb does not model say so', () => {
  const s = session();
  run(s, 'kubectl create deployment a --image=nginx:1.27');
  run(s, 'kubectl create deployment b --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl label deploy --all tier=x'), { text: 'deployment.apps/a labeled\ndeployment.apps/b labeled', code: 0 });
  assert.deepEqual(run(s, 'kubectl annotate deploy -l app=a note=hi'), { text: 'deployment.apps/a annotated', code: 0 });
  assert.deepEqual(run(s, 'kubectl label deploy --all -l app=a x=y'), { text: 'error: cannot set --all and --selector at the same time', code: 1 });
  assert.match(run(s, 'kubectl scale deploy a --replicas=2 -o yaml').text, /^error: the -o, --output flag of kubectl scale is not simulated in kubetutor\nhint: /);
});

test('kubectl edit without a terminal: one line saying why, a hint with the ways that work, exit 1', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  const r = run(s, 'kubectl edit deploy/web');
  assert.equal(r.code, 1);
  assert.match(r.text, /^error: kubectl edit opens an editor, which needs a terminal\nhint: Change the object with `kubectl patch`/);
  assert.match(run(s, 'kubectl edit deploy/nope').text, /Error from server \(NotFound\): deployments\.apps "nope" not found/);
});

test('kubectl edit at a lesson\'s terminal (an editor, no live journal) says lessons do not run it yet', () => {
  const s = session();
  s.editor = true;
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  const r = run(s, 'kubectl edit deploy/web');
  assert.equal(r.code, 1);
  assert.match(r.text, /^error: kubetutor's lessons do not run kubectl edit yet \(the sandbox does\)\nhint: /);
});
