/** The small fidelity fixes of issue 10, each against what kubectl 1.32 and the API server do. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainText } from '../src/explain/analyze.ts';
import { goUnmarshalMapError } from '../src/sim/go-json.ts';
import { run, session } from './helpers.ts';

test('a generated template\'s creationTimestamp: null applies, hashes as without it, and is what the server shows', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --dry-run=client -o yaml > d.yaml');
  assert.match(run(s, 'cat d.yaml').text, /template:\n {4}metadata:\n {6}creationTimestamp: null\n/);
  assert.match(run(s, 'kubectl apply -f d.yaml').text, /^deployment\.apps\/web created$/);
  const applied = run(s, 'kubectl get rs -o name').text;
  run(s, 'kubectl delete -f d.yaml');
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  // ComputeHash dumps the typed template: the null and no creationTimestamp are one zero time.
  assert.equal(run(s, 'kubectl get rs -o name').text, applied);
  // The stored template is a typed ObjectMeta: its zero time marshals as null (metav1.Time.MarshalJSON).
  assert.equal(run(s, 'kubectl get deploy web -o jsonpath={.spec.template.metadata}').text, '{"creationTimestamp":null,"labels":{"app":"web"}}');
  assert.match(run(s, `kubectl get rs -o yaml`).text, /template:\n {6}metadata:\n {8}creationTimestamp: null\n/);
  run(s, 'kubectl create job j --image=busybox:1.28 -- true');
  assert.match(run(s, 'kubectl get job j -o yaml').text, /template:\n {4}metadata:\n {6}creationTimestamp: null\n/);
});

test('expose a pod (its labels are the selector) and a service (its selector and ports), with kubectl\'s errors', () => {
  const s = session();
  run(s, 'kubectl run p --image=nginx:1.27 --port=80');
  assert.equal(run(s, 'kubectl expose pod p').text, 'service/p exposed');
  assert.equal(run(s, 'kubectl get svc p -o jsonpath={.spec.selector}{.spec.ports}').text, '{"run":"p"}[{"port":80,"protocol":"TCP","targetPort":80}]');
  // ServiceStatus.LoadBalancer is a struct: every stored Service shows it.
  assert.equal(run(s, 'kubectl get svc p -o jsonpath={.status}').text, '{"loadBalancer":{}}');
  // A service's ports are copied as ports; the target port is the port unless --target-port says.
  assert.equal(run(s, 'kubectl expose service p --port=443 --target-port=8443 --name=p-https').text, 'service/p-https exposed');
  assert.equal(run(s, 'kubectl get svc p-https -o jsonpath={.spec.selector}{.spec.ports}').text, '{"run":"p"}[{"port":443,"protocol":"TCP","targetPort":8443}]');
  assert.match(run(s, 'kubectl expose svc p --name=p2 --type=NodePort --dry-run=client -o yaml').text, /^apiVersion: v1\nkind: Service\nmetadata:\n  creationTimestamp: null\n  labels:\n    run: p\n  name: p2\nspec:\n  ports:\n  - port: 80\n    protocol: TCP\n    targetPort: 80\n  selector:\n    run: p\n  type: NodePort\nstatus:\n  loadBalancer: {}$/);
  run(s, 'kubectl run bare --image=nginx:1.27 --labels=');
  run(s, 'kubectl label pod bare run-');
  assert.deepEqual(run(s, 'kubectl expose pod bare --port=80'), { text: "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed", code: 1 });
  assert.deepEqual(run(s, 'kubectl expose pod bare'), { text: "error: couldn't retrieve selectors via --selector flag or introspection: the pod has no labels and cannot be exposed", code: 1 });
  assert.equal(run(s, 'kubectl expose pod bare --selector=app=x --name=bare').text, "error: couldn't find port via --port flag or introspection");
  assert.equal(run(s, 'kubectl expose cm kube-root-ca.crt --port=80').text, 'error: cannot expose a ConfigMap');
  run(s, 'kubectl create job j --image=busybox:1.28 -- true');
  assert.equal(run(s, 'kubectl expose job j --port=80').text, 'error: cannot expose a Job.batch');
  assert.equal(run(s, 'kubectl expose pod nope --port=80').text, 'Error from server (NotFound): pods "nope" not found');
  assert.equal(run(s, 'kubectl expose pod p --selector=app --name=x').text, 'error: unexpected label spec: app');
});

test('delete -f names the file in a server error (AddSourceToErr), errors come after what was deleted, a client dry run looks nothing up', () => {
  const s = session();
  run(s, `cat > two.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
EOF`);
  run(s, 'kubectl create configmap b');
  assert.deepEqual(run(s, 'kubectl delete -f two.yaml'), { text: 'configmap "b" deleted\nError from server (NotFound): error when deleting "two.yaml": configmaps "a" not found', code: 1 });
  assert.deepEqual(run(s, 'kubectl delete -f two.yaml --ignore-not-found'), { text: '', code: 0 });
  run(s, 'kubectl create configmap b');
  assert.equal(run(s, 'kubectl delete configmap a b').text, 'configmap "b" deleted\nError from server (NotFound): configmaps "a" not found');
  assert.equal(run(s, 'kubectl delete configmap a --dry-run=client').text, 'configmap "a" deleted (dry run)');
  assert.equal(run(s, 'kubectl delete -f two.yaml --dry-run=server').text, 'Error from server (NotFound): error when deleting "two.yaml": configmaps "a" not found\nError from server (NotFound): error when deleting "two.yaml": configmaps "b" not found');
  // create and apply name the file the same way.
  run(s, 'kubectl create -f two.yaml');
  assert.equal(run(s, 'kubectl create -f two.yaml').text, 'Error from server (AlreadyExists): error when creating "two.yaml": configmaps "a" already exists\nError from server (AlreadyExists): error when creating "two.yaml": configmaps "b" already exists');
});

test('-f reads stdin for `-` (once) and for /dev/stdin as a file of that name; a folder without manifests is the builder\'s error', () => {
  const s = session();
  run(s, 'kubectl create configmap x --dry-run=client -o yaml > cm.yaml');
  assert.equal(run(s, 'cat cm.yaml | kubectl create -f /dev/stdin').text, 'configmap/x created');
  assert.equal(run(s, 'cat cm.yaml | kubectl create -f /dev/stdin').text, 'Error from server (AlreadyExists): error when creating "/dev/stdin": configmaps "x" already exists');
  assert.equal(run(s, 'cat cm.yaml | kubectl create -f -').text, 'Error from server (AlreadyExists): error when creating "STDIN": configmaps "x" already exists');
  assert.deepEqual(run(s, 'cat cm.yaml | kubectl apply -f - -f -'), { text: 'error: standard input cannot be used for multiple arguments', code: 1 });
  assert.equal(run(s, 'cat cm.yaml | kubectl apply').text, "error: must specify one of -f and -k\n\nSee 'kubectl apply -h' for help and examples");
  run(s, 'mkdir empty');
  assert.deepEqual(run(s, 'kubectl delete -f empty'), { text: 'error: error reading [empty]: recognized file extensions are [.json .yaml .yml]', code: 1 });
  run(s, 'touch none.yaml');
  assert.equal(run(s, 'kubectl delete -f none.yaml').text, 'No resources found');
});

test('Go\'s json.Unmarshal errors into a map, as the API server quotes them', () => {
  const cases: Array<[string, string | undefined]> = [
    ['{"auths":{}}', undefined],
    ['null', undefined],
    ['hello', "invalid character 'h' looking for beginning of value"],
    ['', 'unexpected end of JSON input'],
    ['{"auths":{}', 'unexpected end of JSON input'],
    ['{bad', "invalid character 'b' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', 'invalid character \'"\' after object key:value pair'],
    ['[1 2]', "invalid character '2' after array element"],
    ['{"a":1} x', "invalid character 'x' after top-level value"],
    ['{"a":tru}', "invalid character '}' in literal true (expecting 'e')"],
    ['{"a":-x}', "invalid character 'x' in numeric literal"],
    ['{"a":"\\q"}', "invalid character 'q' in string escape code"],
    ['{"a":"x\ny"}', "invalid character '\\n' in string literal"],
    ["{'a':1}", "invalid character '\\'' looking for beginning of object key string"],
    ['[1]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"s"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['1', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
  ];
  for (const [text, want] of cases) assert.equal(goUnmarshalMapError(text), want, text);
});

test('Secrets of the built-in types: the API server\'s required keys and JSON checks, and the explainer says the same', () => {
  const b64 = (t: string): string => Buffer.from(t).toString('base64');
  const cases: Array<[string, Record<string, string>, string[]]> = [
    ['kubernetes.io/dockerconfigjson', { '.dockerconfigjson': b64('hello') }, ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \'h\' looking for beginning of value']],
    ['kubernetes.io/dockerconfigjson', { other: b64('x') }, ['data[.dockerconfigjson]: Required value']],
    ['kubernetes.io/dockercfg', { '.dockercfg': b64('[]') }, ['data[.dockercfg]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}']],
    ['kubernetes.io/basic-auth', { other: b64('x') }, ['data[username]: Required value', 'data[password]: Required value']],
    ['kubernetes.io/basic-auth', { password: '' }, []],
    ['kubernetes.io/ssh-auth', { 'ssh-privatekey': '' }, ['data[ssh-privatekey]: Required value']],
    ['kubernetes.io/tls', { other: b64('x') }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
  ];
  const s = session();
  for (const [type, data, errors] of cases) {
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: ${type}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`;
    run(s, `cat > s.yaml <<'EOF'\n${yaml}EOF`);
    const applied = run(s, 'kubectl apply -f s.yaml --dry-run=server').text;
    const want = errors.length === 0 ? 'secret/s created (server dry run)' : errors.length === 1 ? `The Secret "s" is invalid: ${errors[0]}` : ['The Secret "s" is invalid: ', ...errors.map((e) => `* ${e}`)].join('\n');
    assert.equal(applied, want, `${type} ${JSON.stringify(data)}`);
    const explained = explainText(yaml, 's.yaml')[0]?.findings.filter((f) => f.severity === 'error').map((f) => f.message) ?? [];
    assert.deepEqual(explained, errors, `explain: ${type} ${JSON.stringify(data)}`);
  }
});

test('WaitForFirstConsumer: the claim waits (its event) until a pod uses it, then binds; with no volume that fits, VolumeBinding\'s reason on every node', () => {
  const s = session();
  const pv = (name: string, size: string): string => `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\nspec:\n  capacity:\n    storage: ${size}\n  accessModes: [ReadWriteOnce]\n  storageClassName: local-storage\n  hostPath:\n    path: /tmp/${name}\n`;
  const claim = (name: string, size: string): string => `apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: ${name}\nspec:\n  accessModes: [ReadWriteOnce]\n  storageClassName: local-storage\n  resources:\n    requests:\n      storage: ${size}\n`;
  const pod = (name: string, claimName: string): string => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  containers:\n  - name: c\n    image: nginx:1.27\n  volumes:\n  - name: data\n    persistentVolumeClaim:\n      claimName: ${claimName}\n`;
  const apply = (text: string): string => run(s, `kubectl apply -f - <<'EOF'\n${text}EOF`).text;
  apply('apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata:\n  name: local-storage\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n');
  apply(pv('pv1', '1Gi'));
  apply(claim('small', '500Mi'));
  run(s, 'sleep 20');
  assert.match(run(s, 'kubectl get pvc small').text, /^small +Pending +local-storage/m);
  assert.match(run(s, 'kubectl describe pvc small').text, /Normal +WaitForFirstConsumer +\S+ \(x2 over \d+s\) +persistentvolume-controller +waiting for first consumer to be created before binding/);
  apply(pod('user', 'small'));
  run(s, 'sleep 10');
  assert.match(run(s, 'kubectl get pvc small').text, /^small +Bound +pv1 +1Gi +RWO +local-storage/m);
  assert.match(run(s, 'kubectl get pod user').text, /^user +1\/1 +Running/m);
  assert.doesNotMatch(run(s, 'kubectl get events').text, /FailedScheduling/);
  // A claim no volume fits: not "unbound immediate" — the class delays binding to the scheduler.
  apply(claim('big', '5Gi'));
  apply(pod('waiter', 'big'));
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl describe pod waiter').text, /FailedScheduling +\S+ +default-scheduler +0\/3 nodes are available: 1 node\(s\) had untolerated taint \{node-role\.kubernetes\.io\/control-plane: \}, 2 node\(s\) didn't find available persistent volumes to bind\. preemption: 0\/3 nodes are available: 3 Preemption is not helpful for scheduling\.\./);
  run(s, 'sleep 15');
  assert.match(run(s, 'kubectl describe pvc big').text, /WaitForPodScheduled +\S+ +persistentvolume-controller +waiting for pod waiter to be scheduled/);
  // A volume that fits arrives: the claim binds and the pod is requeued at once, not after the five-minute retry.
  apply(pv('pv2', '10Gi'));
  run(s, 'sleep 15');
  assert.match(run(s, 'kubectl get pvc big').text, /^big +Bound +pv2/m);
  assert.match(run(s, 'kubectl get pod waiter').text, /^waiter +1\/1 +Running/m);
});

test('PodDisruptionBudgets: the disruption controller\'s status, the Eviction API\'s 429, and drain retrying every 5 s until the budget allows it', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=3');
  assert.equal(run(s, 'kubectl create pdb web-pdb --selector=app=web --min-available=2').text, 'poddisruptionbudget.policy/web-pdb created');
  run(s, 'sleep 10');
  assert.match(run(s, 'kubectl get pdb').text, /^web-pdb +2 +N\/A +1 +\d+s$/m);
  assert.match(run(s, 'kubectl describe pdb web-pdb').text, /Status:\n +Allowed disruptions: +1\n +Current: +3\n +Desired: +2\n +Total: +3\n/);
  assert.equal(run(s, 'kubectl get pdb web-pdb -o jsonpath={.status.conditions[0].reason}').text, 'SufficientPods');
  // worker-1 holds two of the three pods: the second eviction waits for the first pod's replacement.
  const drained = run(s, 'kubectl drain worker-1 --ignore-daemonsets');
  assert.equal(drained.code, 0);
  const lines = drained.text.split('\n');
  const refused = lines.findIndex((l) => /^error when evicting pods\/"web-[a-z0-9]+-[a-z0-9]+" -n "default" \(will retry after 5s\): Cannot evict pod as it would violate the pod's disruption budget\.$/.test(l));
  assert.ok(refused > 0, drained.text);
  assert.match(lines[refused - 1] as string, /^evicting pod default\/web-/);
  assert.equal(lines.filter((l) => l.startsWith('evicting pod default/')).length, 3, drained.text);
  assert.equal(lines.at(-1), 'node/worker-1 drained');
  // A budget that allows nothing: the drain gives up at --timeout, as kubectl says it.
  run(s, 'kubectl uncordon worker-1');
  run(s, 'kubectl create pdb strict --selector=app=web --max-unavailable=0 -n default');
  run(s, 'kubectl delete pdb web-pdb');
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl get pdb strict').text, /^strict +N\/A +0 +0 /m);
  const stuck = run(s, 'kubectl drain worker-2 --ignore-daemonsets --timeout=7s');
  assert.equal(stuck.code, 1);
  assert.match(stuck.text, /There are pending pods in node "worker-2" when an error occurred: (\[)?error when evicting pods\/"web-[a-z0-9-]+" -n "default": global timeout reached: 7s/);
  assert.match(stuck.text, /There are pending nodes to be drained:\n worker-2\n/);
});

test('run -i --tty attaches the container\'s shell (no "created" line); its exit ends the container, which restarts; --rm deletes; Never returns the exit code', () => {
  const s = session();
  assert.equal(s.feed('kubectl run -i --tty busybox --image=busybox:1.28 -- sh').kind, 'result');
  assert.equal(run(s, 'hostname').text, 'busybox');
  assert.equal(run(s, 'exit').text, "Session ended, resume using 'kubectl attach busybox -c busybox -i -t' command when the pod is running");
  run(s, 'sleep 2');
  assert.match(run(s, 'kubectl get pod busybox').text, /^busybox +1\/1 +Running +1 \(\d+s ago\) /m);
  const rm = s.feed('kubectl run -i --tty --rm b2 --image=busybox:1.28 -- sh');
  assert.ok(rm.kind === 'result' && rm.result.lines.map((l) => l.text).join('\n') === "If you don't see a command prompt, try pressing enter.", JSON.stringify(rm));
  assert.equal(run(s, 'exit').text, "Session ended, resume using 'kubectl attach b2 -c b2 -i -t' command when the pod is running\npod \"b2\" deleted");
  s.feed('kubectl run -it b3 --image=busybox:1.28 --restart=Never');
  assert.deepEqual(run(s, 'exit 3'), { text: 'pod default/b3 terminated (Error)', code: 3 });
});

test('--field-selector on get and delete: the fields each kind supports, the server\'s refusal of others as kubectl words it', () => {
  const s = session();
  run(s, 'kubectl run a --image=nginx:1.27');
  run(s, 'kubectl run b --image=busybox:1.28 --restart=Never -- true');
  run(s, 'sleep 10');
  assert.equal(run(s, 'kubectl get pods --field-selector=status.phase=Running -o name').text, 'pod/a');
  assert.equal(run(s, 'kubectl get pods --field-selector status.phase!=Running,metadata.name=b -o name').text, 'pod/b');
  const onControlPlane = run(s, 'kubectl get pods -A --field-selector=spec.nodeName=control-plane,metadata.namespace=kube-system -o name').text;
  assert.match(onControlPlane, /^pod\/etcd-control-plane$/m);
  assert.doesNotMatch(onControlPlane, /^pod\/a$/m);
  assert.deepEqual(run(s, 'kubectl get pods --field-selector=spec.containers.image=nginx'), { text: 'Error from server (BadRequest): Unable to find "/v1, Resource=pods" that match label selector "", field selector "spec.containers.image=nginx": field label not supported: spec.containers.image', code: 1 });
  assert.equal(run(s, 'kubectl get deploy -l app=x --field-selector=status.replicas=1').text, 'Error from server (BadRequest): Unable to find "apps/v1, Resource=deployments" that match label selector "app=x", field selector "status.replicas=1": field label not supported: status.replicas');
  assert.match(run(s, 'kubectl get events --field-selector involvedObject.name=a,reason=Pulled').text, /^\S+ +Normal +Pulled +pod\/a +Successfully pulled image "nginx:1\.27"/m);
  assert.equal(run(s, 'kubectl delete pods a --field-selector=status.phase=Succeeded').text, 'error: name cannot be provided when a selector is specified');
  assert.equal(run(s, 'kubectl delete pods --field-selector=status.phase==Succeeded').text, 'pod "b" deleted');
  assert.equal(run(s, 'kubectl delete pods --field-selector=status.phase==Succeeded').text, 'No resources found');
});

test('kubectl replace: a PUT of the whole object (server fields kept, a stale resourceVersion a conflict), --force deletes and creates; the kubelet restarts a container whose image changed', () => {
  const s = session();
  run(s, 'kubectl run mypod --image=nginx:1.27');
  run(s, 'sleep 5');
  // The quick reference's pipeline: get -o yaml, edit the image, replace from stdin.
  assert.equal(run(s, "kubectl get pod mypod -o yaml | sed 's/\\(image: nginx\\):.*$/\\1:1.26/' | kubectl replace -f -").text, 'pod/mypod replaced');
  assert.equal(run(s, 'kubectl get pod mypod -o jsonpath={.spec.containers[0].image}').text, 'nginx:1.26');
  run(s, 'sleep 10');
  assert.match(run(s, 'kubectl get pod mypod').text, /^mypod +1\/1 +Running +1 \(\d+s ago\) /m);
  assert.match(run(s, 'kubectl describe pod mypod').text, /Normal +Killing +\S+ +kubelet +Container mypod definition changed, will be restarted\n +Normal +Pulling +\S+ +kubelet +Pulling image "nginx:1\.26"/);
  run(s, 'kubectl get pod mypod -o yaml > old.yaml');
  run(s, 'kubectl label pod mypod x=y');
  assert.deepEqual(run(s, 'kubectl replace -f old.yaml'), { text: 'Error from server (Conflict): error when replacing "old.yaml": Operation cannot be fulfilled on pods "mypod": the object has been modified; please apply your changes to the latest version and try again', code: 1 });
  run(s, 'kubectl run other --image=nginx:1.27 --dry-run=client -o json > other.json');
  assert.equal(run(s, 'kubectl replace -f other.json').text, 'Error from server (NotFound): error when replacing "other.json": pods "other" not found');
  run(s, 'kubectl run mypod --image=busybox:1.28 --dry-run=client -o json > pod.json');
  assert.match(run(s, 'cat pod.json | kubectl replace -f -').text, /^The Pod "mypod" is invalid: spec: Forbidden: pod updates may not change fields other than/);
  assert.equal(run(s, 'kubectl replace --force -f ./pod.json').text, 'pod "mypod" deleted\npod/mypod replaced');
  assert.equal(run(s, 'kubectl get pod mypod -o jsonpath={.spec.containers[0].image}').text, 'busybox:1.28');
  assert.equal(run(s, 'kubectl replace').text, 'error: must specify one of -f and -k');
  assert.equal(run(s, 'kubectl replace -f pod.json --grace-period=5').text, 'error: --grace-period must have --force specified');
});

test('kubectl patch: strategic merge (containers by name, ports by containerPort), --type=merge and json, the scale subresource, and kubectl\'s messages', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  assert.equal(run(s, `kubectl patch node worker-1 -p '{"spec":{"unschedulable":true}}'`).text, 'node/worker-1 patched');
  assert.equal(run(s, `kubectl patch node worker-1 -p '{"spec":{"unschedulable":true}}'`).text, 'node/worker-1 patched (no change)');
  assert.match(run(s, 'kubectl get node worker-1').text, /^worker-1 +Ready,SchedulingDisabled /m);
  run(s, `kubectl patch node worker-1 --type=merge -p '{"spec":{"unschedulable":null}}'`);
  assert.match(run(s, 'kubectl get node worker-1').text, /^worker-1 +Ready +<none>/m);
  assert.equal(run(s, `kubectl patch deployment web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","ports":[{"containerPort":80}]}]}}}}'`).text, 'deployment.apps/web patched');
  // Merged into the container named nginx: its image stays.
  assert.equal(run(s, 'kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}/{.spec.template.spec.containers[0].ports[0].containerPort}').text, 'nginx:1.27/80');
  assert.equal(run(s, `kubectl patch deployment web --type=json -p='[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value":"nginx:1.26"}]'`).text, 'deployment.apps/web patched');
  assert.equal(run(s, 'kubectl get deploy web -o jsonpath={.spec.template.spec.containers[0].image}').text, 'nginx:1.26');
  assert.deepEqual(run(s, `kubectl patch deployment web --type json -p='[{"op": "remove", "path": "/spec/template/spec/containers/0/livenessProbe"}]'`), { text: 'The request is invalid: the server rejected our request due to an error in our request', code: 1 });
  assert.equal(run(s, `kubectl patch deployment web --subresource='scale' --type='merge' -p '{"spec":{"replicas":2}}'`).text, 'scale.autoscaling/web patched');
  assert.equal(run(s, 'kubectl get deploy web -o jsonpath={.spec.replicas}').text, '2');
  assert.equal(run(s, `kubectl patch sa default --type='json' -p='[{"op": "add", "path": "/imagePullSecrets", "value": [{"name": "regcred"}]}]'`).text, 'serviceaccount/default patched');
  assert.equal(run(s, `kubectl patch sa default -p '{"imagePullSecrets":[{"name":"other"}]}'`).text, 'serviceaccount/default patched');
  assert.equal(run(s, 'kubectl get sa default -o jsonpath={.imagePullSecrets[*].name}').text, 'regcred other');
  assert.equal(run(s, 'kubectl patch deploy web').text, 'error: must specify --patch or --patch-file containing the contents of the patch');
  assert.equal(run(s, "kubectl patch deploy web --type=foo -p '{}'").text, 'error: --type must be one of [json merge strategic], not "foo"');
  assert.equal(run(s, "kubectl patch deploy nope -p '{}'").text, 'Error from server (NotFound): deployments.apps "nope" not found');
});
