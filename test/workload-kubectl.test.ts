/** kubectl's verbs on the workload kinds beside Deployments: which pod `logs` reads, rollout's viewers. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, session } from './helpers.ts';

test('logs TYPE/NAME reads the pod kubectl would pick (the controller\'s selector, ByLogging), says how many it chose from, and refuses kinds without a selector', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'sleep 20');
  const pods = run(s, 'kubectl get pods -o name').text.split('\n').map((l) => l.replace('pod/', '')).sort();
  const logs = run(s, 'kubectl logs deployment/web');
  assert.equal(logs.code, 0);
  // Both ready, no restarts: the older one (created first), named in a line on stderr.
  assert.match(logs.text, new RegExp(`^Found 2 pods, using pod/(${pods.join('|')})\\n`));
  assert.equal(run(s, 'kubectl logs rs/nope').text, 'error: error from server (NotFound): replicasets.apps "nope" not found in namespace "default"');
  run(s, "kubectl create configmap c --from-literal=a=b");
  assert.deepEqual(run(s, 'kubectl logs configmap/c'), { text: 'error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented', code: 1 });
  // A Service without a selector selects nothing.
  run(s, 'kubectl create service clusterip plain --tcp=80:80');
  run(s, 'kubectl create deployment other --image=nginx:1.27');
  assert.equal(run(s, 'kubectl logs svc/plain').code, 1);
});

test('rollout works on deployments, daemonsets and statefulsets; other kinds get kubectl\'s own refusals', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  run(s, 'sleep 10');
  const rs = run(s, 'kubectl get rs -o name').text.replace('replicaset.apps/', '');
  assert.deepEqual(run(s, `kubectl rollout status rs/${rs}`), { text: 'error: no status viewer has been implemented for ReplicaSet.apps', code: 1 });
  assert.deepEqual(run(s, `kubectl rollout history rs/${rs}`), { text: 'error: no history viewer has been implemented for "ReplicaSet.apps"', code: 1 });
  assert.deepEqual(run(s, `kubectl rollout undo rs/${rs}`), { text: 'error: no rollbacker has been implemented for "ReplicaSet.apps"', code: 1 });
  assert.deepEqual(run(s, 'kubectl rollout status ds/kube-proxy -n kube-system'), { text: 'daemon set "kube-proxy" successfully rolled out', code: 0 });
  assert.deepEqual(run(s, 'kubectl rollout history ds/kube-proxy -n kube-system'), { text: 'daemonset.apps/kube-proxy \nREVISION  CHANGE-CAUSE\n1         <none>\n', code: 0 });
  assert.deepEqual(run(s, 'kubectl rollout undo ds/kube-proxy -n kube-system'), { text: 'error: no last revision to roll back to', code: 1 });
  assert.deepEqual(run(s, 'kubectl rollout undo ds/kube-proxy -n kube-system --to-revision=7'), { text: 'error: unable to find specified revision 7 in history', code: 1 });
  assert.deepEqual(run(s, 'kubectl rollout restart ds/kube-proxy -n kube-system'), { text: 'daemonset.apps/kube-proxy restarted', code: 0 });
  assert.match(run(s, 'kubectl rollout status ds/kube-proxy -n kube-system').text, /^(Waiting for daemon set "kube-proxy" rollout to finish: [0-2] out of 3 new pods have been updated\.\.\.\n)+daemon set "kube-proxy" successfully rolled out$/);
  // The new kube-proxy pods run (the image's own binary with its flags) on the host's network: the node's address.
  const wide = run(s, 'kubectl get pods -n kube-system -l k8s-app=kube-proxy -o wide --no-headers').text.split('\n');
  assert.equal(wide.length, 3);
  for (const line of wide) assert.match(line, /^kube-proxy-\S+ +1\/1 +Running +0 +\S+ +172\.18\.0\.[2-4] /);
});

test('get all lists daemonsets, statefulsets, cronjobs and jobs in discovery\'s order; api-resources knows the kinds', () => {
  const s = session();
  const all = run(s, 'kubectl get all -n kube-system').text;
  const heads = all.split('\n').filter((l) => l.startsWith('NAME')).map((l) => l.split(/\s+/).slice(0, 3).join(' '));
  assert.deepEqual(heads, ['NAME READY STATUS', 'NAME TYPE CLUSTER-IP', 'NAME DESIRED CURRENT', 'NAME READY UP-TO-DATE', 'NAME DESIRED CURRENT']);
  assert.match(all, /^daemonset\.apps\/kube-proxy {3}3 {9}3 {9}3 {7}3 {12}3 {11}kubernetes\.io\/os=linux {3}3d$/m);
  const resources = run(s, 'kubectl api-resources').text;
  for (const line of [/^cronjobs +cj +batch\/v1 +true +CronJob$/m, /^daemonsets +ds +apps\/v1 +true +DaemonSet$/m, /^jobs +batch\/v1 +true +Job$/m, /^statefulsets +sts +apps\/v1 +true +StatefulSet$/m, /^controllerrevisions +apps\/v1 +true +ControllerRevision$/m]) assert.match(resources, line);
});
