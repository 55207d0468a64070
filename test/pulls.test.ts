/**
 * Pulls as a node makes them: localhost is the node, the node's resolver answers DNS, and each
 * runtime words its failures as its own source does (containerd 1.7, CRI-O 1.32 via
 * containers/image), wrapped as the kubelet 1.32 wraps them.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialAddress, isLoopback, nodeView, splitHostPort } from '../src/sim/cluster/node-network.ts';
import { MemoryFileSystem } from '../src/sim/filesystem.ts';
import { World } from '../src/sim/world.ts';
import { run, session } from './helpers.ts';

test('node network: loopback hosts, ports, and the address Go dials for them', () => {
  assert.equal(isLoopback('localhost:5000'), true);
  assert.equal(isLoopback('localhost'), true);
  assert.equal(isLoopback('127.0.0.1:5000'), true);
  assert.equal(isLoopback('127.1.2.3'), true);
  assert.equal(isLoopback('[::1]:5000'), true);
  assert.equal(isLoopback('docker.io'), false);
  assert.equal(isLoopback('localhost.example.com:5000'), false);
  assert.equal(isLoopback('172.18.0.1:5000'), false);
  assert.deepEqual(splitHostPort('[::1]:5000'), { host: '::1', port: 5000 });
  assert.deepEqual(splitHostPort('ghcr.io'), { host: 'ghcr.io', port: undefined });
  assert.equal(dialAddress('localhost:5000', 443), '127.0.0.1:5000');
  assert.equal(dialAddress('localhost', 80), '127.0.0.1:80');
  assert.equal(dialAddress('[::1]:5000', 443), '[::1]:5000');
});

test('node view: the laptop registry is not at localhost from a node, only at the gateway, in plain HTTP', () => {
  const world = new World({ fs: new MemoryFileSystem() });
  world.startLocalRegistry(5000);
  const node = nodeView(world);
  assert.ok(world.registry('localhost:5000'), 'the laptop reaches its own registry');
  assert.equal(node.registry('localhost:5000'), undefined);
  assert.equal(node.refuses('localhost:5000'), true);
  assert.equal(node.registry('127.0.0.1:5000'), undefined);
  assert.equal(node.registry('172.18.0.1:5000'), world.registry('localhost:5000'));
  assert.equal(node.plainHttp?.('172.18.0.1:5000'), true);
  assert.equal(node.registry('docker.io'), world.registry('docker.io'));
  assert.equal(node.plainHttp?.('docker.io'), false);
  assert.equal(node.registry('nosuch.example.org'), undefined);
  assert.equal(node.refuses('nosuch.example.org'), false);
});

/** The kubelet's Failed event for a pod's pull, and the container's waiting state. */
function pullFailure(s: ReturnType<typeof session>, pod: string): { event: string; reason: string; message: string } {
  const events = run(s, `kubectl get events --field-selector involvedObject.name=${pod},reason=Failed -o jsonpath={.items[*].message}`).text;
  const state = JSON.parse(run(s, `kubectl get pod ${pod} -o jsonpath={.status.containerStatuses[0].state.waiting}`).text) as { reason: string; message: string };
  return { event: events, ...state };
}

const PINNED = (name: string, node: string, image: string): string =>
  `kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n  nodeName: ${node}\n  containers:\n  - name: app\n    image: ${image}\nEOF`;

test('a pod pointed at the laptop registry fails on every node, in each runtime\'s words; docker on the laptop still uses it', () => {
  const s = session();
  run(s, 'docker run -d -p 5000:5000 registry:2');
  run(s, 'docker pull busybox:1.37');
  run(s, 'docker tag busybox:1.37 localhost:5000/app:1');
  assert.match(run(s, 'docker push localhost:5000/app:1').text, /1: digest: sha256:/);
  run(s, PINNED('c', 'worker-1', 'localhost:5000/app:1'));
  run(s, PINNED('o', 'worker-2', 'localhost:5000/app:1'));
  run(s, 'sleep 2');
  const c = pullFailure(s, 'c');
  assert.match(c.event, /Failed to pull image "localhost:5000\/app:1": failed to pull and unpack image "localhost:5000\/app:1": failed to resolve reference "localhost:5000\/app:1": failed to do request: Head "http:\/\/localhost:5000\/v2\/app\/manifests\/1": dial tcp 127\.0\.0\.1:5000: connect: connection refused/);
  assert.doesNotMatch(c.event, /rpc error/, 'code Unknown is stripped by the kubelet\'s CRI client');
  const o = pullFailure(s, 'o');
  assert.match(o.event, /Failed to pull image "localhost:5000\/app:1": RegistryUnavailable: initializing source docker:\/\/localhost:5000\/app:1: pinging container registry localhost:5000: Get "http:\/\/localhost:5000\/v2\/": dial tcp 127\.0\.0\.1:5000: connect: connection refused/);
  assert.match(o.event, /Error: RegistryUnavailable/);
  assert.doesNotMatch(o.event, /requested access to the resource is denied/);
  assert.equal(o.reason, 'ImagePullBackOff');
  assert.match(o.message, /^Back-off pulling image "localhost:5000\/app:1": RegistryUnavailable: image pull failed for localhost:5000\/app:1 because the registry is unavailable: initializing source/);
  // The laptop's own docker still reaches it.
  assert.match(run(s, 'docker pull localhost:5000/app:1').text, /Image is up to date for localhost:5000\/app:1/);
});

test('an unknown registry: the node\'s resolver (kind\'s gateway) answers, never the cluster DNS Service', () => {
  const s = session();
  run(s, PINNED('c', 'worker-1', 'registy.example.com/team/app:1'));
  run(s, PINNED('o', 'worker-2', 'registy.example.com/team/app:1'));
  run(s, 'sleep 2');
  const c = pullFailure(s, 'c').event;
  const o = pullFailure(s, 'o').event;
  assert.match(c, /Head "https:\/\/registy\.example\.com\/v2\/team\/app\/manifests\/1": dial tcp: lookup registy\.example\.com on 172\.18\.0\.1:53: no such host/);
  assert.match(o, /initializing source docker:\/\/registy\.example\.com\/team\/app:1: pinging container registry registy\.example\.com: Get "https:\/\/registy\.example\.com\/v2\/": dial tcp: lookup registy\.example\.com on 172\.18\.0\.1:53: no such host/);
  assert.doesNotMatch(c + o, /10\.96\.0\.10/);
});

test('the laptop registry through the docker network gateway answers plain HTTP to an HTTPS client', () => {
  const s = session();
  run(s, 'docker run -d -p 5000:5000 registry:2');
  run(s, 'docker pull busybox:1.37');
  run(s, 'docker tag busybox:1.37 localhost:5000/app:1');
  run(s, 'docker push localhost:5000/app:1');
  run(s, PINNED('c', 'worker-1', '172.18.0.1:5000/app:1'));
  run(s, PINNED('o', 'worker-2', '172.18.0.1:5000/app:1'));
  run(s, 'sleep 2');
  assert.match(pullFailure(s, 'c').event, /Head "https:\/\/172\.18\.0\.1:5000\/v2\/app\/manifests\/1": http: server gave HTTP response to HTTPS client/);
  assert.match(pullFailure(s, 'o').event, /pinging container registry 172\.18\.0\.1:5000: Get "https:\/\/172\.18\.0\.1:5000\/v2\/": http: server gave HTTP response to HTTPS client/);
});

test('kubetutor says why at the moment a workload points at localhost, once, and never for a reachable registry', () => {
  const s = session();
  const first = run(s, 'kubectl run x --image=localhost:5000/app:1');
  assert.match(first.text, /^pod\/x created\nhint: .*on a node localhost is the node itself.*docker\.io\/<you>\/… or registry\.example\.com/s);
  assert.doesNotMatch(run(s, 'kubectl get pods').text, /hint:/);
  assert.doesNotMatch(run(s, 'kubectl run y --image=nginx:1.27').text, /hint:/);
  assert.doesNotMatch(run(s, 'kubectl label pod x a=b').text, /hint:/);
  assert.match(run(s, 'kubectl create deployment web --image=127.0.0.1:5000/web:1').text, /hint: .*on a node 127\.0\.0\.1 is the node itself/);
});
