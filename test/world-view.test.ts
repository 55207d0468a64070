/**
 * The `world` picture: the laptop's images → registries → each node's cache → pods, from the
 * world's state, with what changed since the last picture marked, fitted to the width.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { worldPicture } from '../src/shell/world-view.ts';
import { run, session } from './helpers.ts';

const text = (lines: ReadonlyArray<{ text: string }>): string => lines.map((l) => l.text).join('\n');

test('an empty world: every stage says what fills it; system images and pods are counted, not listed', () => {
  const s = session();
  const r = run(s, 'world');
  assert.equal(r.code, 0);
  assert.match(r.text, /^laptop ──push──▶ registry ──pull \(kubelet → runtime\)──▶ node ──run──▶ pod\n/);
  assert.match(r.text, /\(no images yet: docker build, docker pull\)/);
  assert.match(r.text, /\(nothing pushed yet: docker push\)/);
  assert.match(r.text, /worker-2 \(cri-o\) +—/);
  assert.match(r.text, /and \d+ system images \(registry\.k8s\.io\) the nodes start with/);
  assert.match(r.text, /and \d+ kube-system pods/);
  assert.doesNotMatch(r.text, /hint:/, 'no marks on a first picture');
});

test('build → push → deploy: each stage shows the image, marked + since the last picture; a pod that changed is ~, one deleted is -', () => {
  const s = session();
  run(s, 'world');
  for (const line of ['printf \'FROM busybox:1.37\\nCMD ["sleep","3600"]\\n\' > Dockerfile', 'docker build -q -t learner/site:1.0 .', 'echo pw | docker login -u learner --password-stdin', 'docker push learner/site:1.0', 'kubectl create deployment site --image=learner/site:1.0 --replicas=2', 'kubectl run bad --image=nginx:9.9', 'kubectl run hold --image=busybox:1.37 -- sleep 3600', 'sleep 30']) run(s, line);
  const second = run(s, 'world').text;
  assert.match(second, /\n {2}\+ learner\/site:1\.0 +[0-9a-f]{12}\n/);
  assert.match(second, /\n {2}\+ docker\.io +learner\/site:1\.0\n/);
  assert.match(second, /\+ worker-1 \(containerd\) +docker\.io\/learner\/site:1\.0/);
  assert.match(second, /\+ site-[a-z0-9]+-[a-z0-9]{5} +Running +worker-\d +learner\/site:1\.0/);
  assert.match(second, /\+ bad +(ErrImagePull|ImagePullBackOff) +worker-\d +nginx:9\.9/);
  assert.match(second, /hint: \+ new since the last `world`, ~ changed, - gone\./);
  // sleep as PID 1 ignores SIGTERM: the pod stays Terminating for its 30 s grace period.
  run(s, 'kubectl delete pod hold --wait=false');
  const third = run(s, 'world').text;
  assert.match(third, /\n {2}~ hold +Terminating /);
  assert.match(third, /\n {4}learner\/site:1\.0 /, 'unchanged: no mark');
  run(s, 'sleep 60');
  assert.match(run(s, 'world').text, /\n {2}- hold\n/);
  assert.doesNotMatch(run(s, 'world --fresh').text, /[+~-] (bad|site)/);
});

test('the picture fits the width: a long line ends in …', () => {
  const s = session();
  run(s, 'kubectl run a-pod-with-a-rather-long-name --image=registry.example.com/team/some-image-name:1.2.3');
  const { lines } = worldPicture(s.world, undefined, 40);
  for (const l of lines) assert.ok(l.text.length <= 40, JSON.stringify(l.text));
  assert.match(text(lines), /a-pod-with-a-rather-long-name .*…/);
});
