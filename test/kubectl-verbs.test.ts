/** kubectl verbs through the shell session, as kubectl 1.32 answers them. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, session } from './helpers.ts';

test('set image takes any image a learner pushes (a registry, a path, a digest), several containers and *', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl set image deployment/web nginx=learner/app:2'), { text: 'deployment.apps/web image updated', code: 0 });
  assert.equal(run(s, "kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'").text, 'learner/app:2');
  assert.deepEqual(run(s, 'kubectl set image deploy web nginx=localhost:5000/team/app:1.0'), { text: 'deployment.apps/web image updated', code: 0 });
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
