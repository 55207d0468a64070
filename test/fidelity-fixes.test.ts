/** The small fidelity fixes of issue 10, each against what kubectl 1.32 and the API server do. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
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
