import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { run, session } from './helpers.ts';

const TWO_CONFIGMAPS = `cat > cm.yaml <<'EOF'
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
data:
  k: v
---
---
# only a comment
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b
EOF`;

test('apply skips empty documents and prints one line per object; -o name prints only kind/name', () => {
  const s = session();
  run(s, TWO_CONFIGMAPS);
  assert.deepEqual(run(s, 'kubectl apply -f cm.yaml'), { text: 'configmap/a created\nconfigmap/b created', code: 0 });
  assert.deepEqual(run(s, 'kubectl apply -f cm.yaml --dry-run=client'), { text: 'configmap/a configured (dry run)\nconfigmap/b configured (dry run)', code: 0 });
  assert.deepEqual(run(s, 'kubectl apply -f cm.yaml -o name'), { text: 'configmap/a\nconfigmap/b', code: 0 });
});

test('apply -o yaml prints a v1 List of what was sent; create prints each object on its own', () => {
  const s = session();
  run(s, TWO_CONFIGMAPS);
  const applied = run(s, 'kubectl apply -f cm.yaml --dry-run=client -o yaml');
  assert.equal(applied.code, 0);
  const list = parse(applied.text);
  assert.equal(list.kind, 'List');
  assert.deepEqual(list.items.map((i: { metadata: { name: string; namespace: string } }) => `${i.metadata.namespace}/${i.metadata.name}`), ['default/a', 'default/b']);
  const annotation = list.items[0].metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'];
  assert.deepEqual(JSON.parse(annotation), { apiVersion: 'v1', data: { k: 'v' }, kind: 'ConfigMap', metadata: { annotations: {}, name: 'a', namespace: 'default' } });
  // A client dry run sends nothing.
  assert.match(run(s, 'kubectl get cm a').text, /NotFound|not found/);

  const created = run(s, 'kubectl create -f cm.yaml --dry-run=client -o yaml');
  assert.deepEqual(created.text.split('\n---\n').map((d) => parse(d).metadata.name), ['a', 'b']);
  const server = run(s, 'kubectl create -f cm.yaml -o json');
  assert.equal(JSON.parse(server.text.slice(0, server.text.indexOf('\n}\n') + 2)).metadata.uid.length, 36);
});

test('apply and create refuse output formats their printers do not have', () => {
  const s = session();
  run(s, TWO_CONFIGMAPS);
  const r = run(s, 'kubectl apply -f cm.yaml -o wide');
  assert.equal(r.code, 1);
  assert.match(r.text, /^error: unable to match a printer suitable for the output format "wide", allowed formats are: .*name.*yaml$/);
  assert.match(run(s, 'kubectl get cm a').text, /not found/);
});

test('events expire after an hour (--event-ttl); the same event later starts a new count', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  run(s, 'sleep 30');
  assert.match(run(s, 'kubectl get events --field-selector involvedObject.name=web').text, /Scheduled/);
  run(s, 'sleep 3700');
  assert.equal(run(s, 'kubectl get events --field-selector involvedObject.name=web').text, 'No resources found in default namespace.');
  // A pod deleted and made again records its events afresh, with counts of 1.
  run(s, 'kubectl delete pod web');
  run(s, 'kubectl run web --image=nginx:1.27');
  run(s, 'sleep 30');
  const events = run(s, 'kubectl describe pod web').text;
  assert.match(events, /Normal {2}Scheduled .*Successfully assigned default\/web/);
  assert.doesNotMatch(events, /\(x\d+ over/);
});

test('trace shows only what the last command caused', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  const first = run(s, 'trace').text;
  assert.match(first, /controller manager/);
  run(s, 'echo hello');
  assert.doesNotMatch(run(s, 'trace').text, /controller manager/);
});

test('trace prints the first 25 steps of each kind and counts the rest, so a big Deployment stays readable', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=40');
  const lines = run(s, 'trace').text.split('\n');
  const last = lines.at(-1) ?? '';
  const omitted = Number(/… and ([\d,]+) more steps like these: trace shows the first 25 of each kind of step\./.exec(last)?.[1]?.replace(/,/g, ''));
  assert.ok(omitted > 0, last);
  const steps = lines.slice(0, -1);
  const kinds = new Map<string, number>();
  for (const l of steps) {
    const m = /^\+ *[\d.]+s  (.+?) {2,}(\S+)/.exec(l) ?? /^\+ *[\d.]+s  (\S+(?: \S+)*?)  (\S+)/.exec(l);
    assert.ok(m, l);
    const kind = `${(m[1] as string).replace(/ \(.*\)$/, '').trim()} ${m[2]}`;
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  assert.equal(kinds.get('controller manager create'), 25, [...kinds].join('; '));
  assert.ok([...kinds.values()].every((n) => n <= 25));
  // The controller made 40 pods and one ReplicaSet: 16 of its creations are counted, not shown (and more from the API server).
  assert.ok(omitted >= 15 + 15, String(omitted));
  // A small command's trace is whole: nothing counted away.
  run(s, 'kubectl scale deployment web --replicas=41');
  assert.doesNotMatch(run(s, 'trace').text, /more steps like these/);
});

test('a container that sleeps takes its time: logs arrive as printed, and it exits when the script ends', () => {
  const s = session();
  run(s, "kubectl run once --image=busybox:1.37 --restart=Never -- sh -c 'echo start; sleep 30; echo end; exit 3'");
  run(s, 'sleep 10');
  assert.match(run(s, 'kubectl get pod once').text, /once +1\/1 +Running +0/);
  assert.equal(run(s, 'kubectl logs once').text, 'start');
  run(s, 'sleep 25');
  assert.match(run(s, 'kubectl get pod once').text, /once +0\/1 +Error +0/);
  assert.equal(run(s, 'kubectl logs once').text, 'start\nend');
  // Under restartPolicy Always, `sleep 1m` ends after a minute and the kubelet starts it again.
  run(s, 'kubectl run nap --image=busybox:1.37 -- sleep 1m');
  run(s, 'sleep 70');
  assert.match(run(s, 'kubectl get pod nap').text, /nap +1\/1 +Running +1 \(\d+s ago\)/);
});

test('docker: a sleeping container is Up until its script ends; in the foreground the terminal waits', () => {
  const s = session();
  run(s, "docker run -d --name d busybox:1.37 sh -c 'echo start; sleep 5; echo end; exit 4'");
  assert.equal(run(s, 'docker logs d').text, 'start');
  assert.match(run(s, "docker ps --format '{{.Names}} {{.Status}}'").text, /^d Up \d+ seconds?$/);
  run(s, 'sleep 10');
  assert.match(run(s, "docker ps -a --format '{{.Names}} {{.Status}}'").text, /^d Exited \(4\) \d+ seconds ago$/);
  assert.equal(run(s, 'docker logs d').text, 'start\nend');
  assert.deepEqual(run(s, "docker run --rm busybox:1.37 sh -c 'echo a; sleep 2; echo b; exit 2'"), { text: 'a\nb', code: 2 });
  assert.deepEqual(run(s, 'docker run --rm busybox:1.37 sleep x'), { text: "sleep: invalid number 'x'", code: 1 });
  assert.doesNotMatch(run(s, 'docker ps -a').text, /busybox:1.37 +"sh -c 'echo a/);
});

test('service accounts: pods need theirs to exist, and inherit its imagePullSecrets', () => {
  const s = session();
  assert.equal(run(s, 'kubectl describe sa default').text, [
    'Name:                default', 'Namespace:           default', 'Labels:              <none>', 'Annotations:         <none>',
    'Image pull secrets:  <none>', 'Mountable secrets:   <none>', 'Tokens:              <none>', 'Events:              <none>',
  ].join('\n'));
  run(s, 'kubectl create secret docker-registry regcred --docker-server=registry.example.com --docker-username=dev --docker-password=kubetutor-token');
  run(s, `cat > sa.yaml <<'EOF'
apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
imagePullSecrets:
- name: regcred
EOF`);
  // The controller made the default service account: apply says its last-applied annotation is missing.
  assert.match(run(s, 'kubectl apply -f sa.yaml').text, /^Warning: resource serviceaccounts\/default is missing the kubectl\.kubernetes\.io\/last-applied-configuration annotation .*\nserviceaccount\/default configured$/);
  assert.match(run(s, 'kubectl describe sa default').text, /^Image pull secrets: {2}regcred$/m);
  run(s, 'kubectl run p --image=nginx:1.27');
  assert.equal(run(s, "kubectl get pod p -o jsonpath='{.spec.imagePullSecrets[0].name}'").text, 'regcred');

  run(s, `cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: q
spec:
  serviceAccountName: builder
  containers:
  - name: c
    image: nginx:1.27
EOF`);
  assert.deepEqual(run(s, 'kubectl apply -f pod.yaml'), {
    text: 'Error from server (Forbidden): error when creating "pod.yaml": pods "q" is forbidden: error looking up service account default/builder: serviceaccount "builder" not found', code: 1,
  });
  assert.equal(run(s, 'kubectl create serviceaccount builder').text, 'serviceaccount/builder created');
  assert.equal(run(s, 'kubectl apply -f pod.yaml').text, 'pod/q created');
});

test('review fixes: scripts run once; start -a waits; a pod whose process ends soon is gone before the grace period; apply prints nothing on failure', () => {
  const s = session();
  assert.equal(run(s, "docker run --rm busybox:1.37 sh -c 'echo a >> /tmp/f; cat /tmp/f'").text.split('\n').filter((l) => l === 'a').length, 1);
  run(s, "docker run --name b busybox:1.37 sh -c 'echo one; sleep 3; echo two; exit 5'");
  assert.deepEqual(run(s, 'docker start -a b'), { text: 'one\ntwo', code: 5 });
  const bad = run(s, 'docker run --rm ubuntu:24.04 sleep abc');
  assert.equal(bad.code, 1);
  assert.ok(bad.text.endsWith("sleep: invalid time interval 'abc'\nTry 'sleep --help' for more information."), bad.text);

  run(s, 'kubectl run x --image=busybox:1.37 -- sleep 8');
  run(s, 'sleep 5');
  run(s, 'kubectl delete pod x');
  // The delete waited for the process to end (about 3 s), not the 30 s grace period busybox as PID 1 would need.
  assert.match(run(s, 'kubectl get events --field-selector reason=Killing').text, /^\d+s +Normal +Killing +pod\/x/m);
  const age = Number(/^(\d+)s/m.exec(run(s, 'kubectl get events --field-selector reason=Killing').text.split('\n')[1] ?? '')?.[1]);
  assert.ok(age < 10, `the delete took ${age}s`);

  run(s, `cat > bad.yaml <<'EOF'
apiVersion: v1
kind: ConfigMap
metadata:
  name: good
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: Bad_Name
EOF`);
  const r = run(s, 'kubectl apply -f bad.yaml -o yaml');
  assert.equal(r.code, 1);
  assert.doesNotMatch(r.text, /^apiVersion:/m);
  assert.match(r.text, /ConfigMap "Bad_Name" is invalid/);
  const made = run(s, 'kubectl create configmap z --from-literal=a=b -o yaml');
  assert.match(made.text, /^ {2}uid: /m);
  assert.match(run(s, 'kubectl get cm z').text, /^z +1 /m);
});

test('rollout history --revision prints the pod template as kubectl does, tabs and all', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.26 --replicas=2');
  run(s, 'sleep 20');
  run(s, 'kubectl set image deployment/web nginx=nginx:1.27');
  run(s, 'sleep 30');
  const r = run(s, 'kubectl rollout history deployment/web --revision=2');
  const hash = /pod-template-hash=(\w+)/.exec(r.text)?.[1];
  assert.ok(hash);
  assert.equal(r.text, [
    'deployment.apps/web with revision #2', 'Pod Template:', '  Labels:\tapp=web', `\tpod-template-hash=${hash}`, '  Containers:', '   nginx:',
    '    Image:\tnginx:1.27', '    Port:\t<none>', '    Host Port:\t<none>', '    Environment:\t<none>', '    Mounts:\t<none>',
    '  Volumes:\t<none>', '  Node-Selectors:\t<none>', '  Tolerations:\t<none>', '',
  ].join('\n'));
  assert.deepEqual(run(s, 'kubectl rollout history deployment/web --revision=9'), { text: 'error: unable to find the specified revision', code: 1 });
});

test('kubectl patch: a patch that is not an object is the server\'s BadRequest (it unmarshals a map)', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl patch serviceaccount default -p x'), { text: 'Error from server (BadRequest): json: cannot unmarshal string into Go value of type map[string]interface {}', code: 1 });
});

test('manifests are read as kubectl reads them (YAML 1.1): merge keys apply, yes is a boolean the server refuses for a string', () => {
  const s = session();
  const merged = run(s, "cat > m.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: {name: m}\nspec:\n  containers:\n  - &c\n    name: a\n    image: nginx:1.27\n  - <<: *c\n    name: b\nEOF\nkubectl apply -f m.yaml");
  assert.match(merged.text, /pod\/m created/);
  const yes = run(s, "cat > y.yaml <<'EOF'\napiVersion: v1\nkind: Pod\nmetadata: {name: yy}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    env:\n    - {name: DEBUG, value: yes}\nEOF\nkubectl apply -f y.yaml");
  assert.match(yes.text, /json: cannot unmarshal bool into Go struct field EnvVar\.spec\.containers\.env\.value of type string/);
});

test('etcdctl get --prefix reads any key range, as etcd does: a folder, part of a name, or one key and its longer siblings', () => {
  const s = session();
  run(s, 'kubectl create configmap web --from-literal=a=b');
  run(s, 'kubectl create configmap web-2 --from-literal=a=b');
  const keys = (prefix: string): string[] => run(s, `etcdctl get --prefix --keys-only ${prefix}`).text.split('\n').filter(Boolean);
  assert.deepEqual(keys('/registry/configmaps/default/'), ['/registry/configmaps/default/kube-root-ca.crt', '/registry/configmaps/default/web', '/registry/configmaps/default/web-2']);
  assert.deepEqual(keys('/registry/configmaps/default/we'), ['/registry/configmaps/default/web', '/registry/configmaps/default/web-2']);
  assert.deepEqual(keys('/registry/configmaps/default/web'), ['/registry/configmaps/default/web', '/registry/configmaps/default/web-2']);
  const all = keys('/registry/');
  assert.ok(all.includes('/registry/configmaps/default/web') && all.includes('/registry/minions/worker-1'));
  assert.deepEqual(all, [...all].sort(), 'etcd ranges come back in key order');
  assert.deepEqual(keys('/registry/se'), keys('/registry/').filter((k) => k.startsWith('/registry/se')));
  assert.ok(keys('/registry/se').some((k) => k.startsWith('/registry/serviceaccounts/')) && keys('/registry/se').some((k) => k.startsWith('/registry/services/')));
  run(s, 'kubectl delete configmap web-2');
  assert.deepEqual(keys('/registry/configmaps/default/we'), ['/registry/configmaps/default/web']);
  // A folder's name without its slash is a prefix too: namespace default2 begins with default.
  run(s, 'kubectl create namespace default2');
  assert.ok(keys('/registry/configmaps/default').includes('/registry/configmaps/default2/kube-root-ca.crt'));
  assert.ok(!keys('/registry/configmaps/default/').includes('/registry/configmaps/default2/kube-root-ca.crt'));
});

test('delete --dry-run=server looks the object up, --dry-run=client sends and reads nothing (RequireObject(false)); neither deletes', () => {
  const s = session();
  run(s, 'kubectl run p --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl delete pod p --dry-run=server'), { text: 'pod "p" deleted (server dry run)', code: 0 });
  assert.deepEqual(run(s, 'kubectl delete pod p --dry-run=client'), { text: 'pod "p" deleted (dry run)', code: 0 });
  assert.deepEqual(run(s, 'kubectl delete pod nope --dry-run=client'), { text: 'pod "nope" deleted (dry run)', code: 0 });
  assert.deepEqual(run(s, 'kubectl delete pod nope --dry-run=server'), { text: 'Error from server (NotFound): pods "nope" not found', code: 1 });
  assert.match(run(s, 'kubectl get pod p').text, /^p +1\/1 +Running/m);
});

test('describe -l describes only the objects the selector matches', () => {
  const s = session();
  run(s, 'kubectl run a --image=nginx:1.27 --labels=app=a');
  run(s, 'kubectl run b --image=nginx:1.27 --labels=app=b');
  const names = run(s, 'kubectl describe pods -l app=b').text.split('\n').filter((l) => l.startsWith('Name:'));
  assert.deepEqual(names, ['Name:             b']);
  assert.deepEqual(run(s, 'kubectl describe pods -l app=nope'), { text: 'No resources found in default namespace.', code: 0 });
});
