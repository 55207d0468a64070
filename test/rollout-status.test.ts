/** A Deployment's status as the deployment controller's calculateStatus (deployment/sync.go) writes it. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run, session } from './helpers.ts';

const counts = (s: ReturnType<typeof session>): string =>
  run(s, "kubectl get deployment web -o jsonpath='{.status.replicas}/{.status.updatedReplicas}/{.status.availableReplicas}/{.status.unavailableReplicas}'").text;

test('a stuck rollout: unavailable is what all ReplicaSets want minus what is available', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=3');
  run(s, 'kubectl rollout status deployment/web');
  assert.equal(counts(s), '3/3/3/');
  run(s, 'kubectl set image deployment/web nginx=nginx:1.277');
  run(s, 'sleep 30');
  // The old ReplicaSet keeps 3 (maxUnavailable 25% of 3 rounds down to 0), the new one wants 1 (maxSurge rounds up).
  assert.equal(counts(s), '4/1/3/1');
  assert.match(run(s, 'kubectl describe deployment web').text, /Replicas:\s+3 desired \| 1 updated \| 4 total \| 3 available \| 1 unavailable/);
});

test('scaling down never makes unavailable negative', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=4');
  run(s, 'kubectl rollout status deployment/web');
  run(s, 'kubectl scale deployment web --replicas=1');
  for (let i = 0; i < 5; i++) {
    assert.doesNotMatch(run(s, 'kubectl describe deployment web').text, /\| -\d+ unavailable/);
    run(s, 'sleep 1');
  }
  assert.equal(counts(s), '1/1/1/');
});
