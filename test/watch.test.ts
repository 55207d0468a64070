/**
 * Watches: the store tells a watcher every change in order; the API server filters them as its
 * watch cache does; `kubectl get -w` prints them as kubectl 1.32 does (get.go watch()).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFileSystem } from '../src/sim/filesystem.ts';
import { Store, type StoreChange } from '../src/sim/cluster/store.ts';
import type { KObject } from '../src/sim/cluster/objects.ts';
import { World } from '../src/sim/world.ts';
import { run, session } from './helpers.ts';

const pod = (name: string, labels: Record<string, string> = {}): KObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default', labels }, spec: {} });

test('a store watcher is told every write and delete under its prefix, in order, until it stops', () => {
  const store = new Store();
  const seen: StoreChange[] = [];
  const stop = store.watch('/registry/pods/default/', (c) => seen.push(c));
  store.put('/registry/pods/default/a', pod('a'));
  store.put('/registry/pods/default2/x', pod('x'));
  store.put('/registry/pods/default/a', pod('a', { v: '2' }));
  store.delete('/registry/pods/default/a');
  stop();
  store.put('/registry/pods/default/b', pod('b'));
  assert.deepEqual(seen.map((c) => `${c.type} ${c.object.metadata.name} ${c.object.metadata.resourceVersion}`), ['ADDED a 2', 'MODIFIED a 4', 'DELETED a 5']);
  assert.equal(seen[2]?.object.metadata.labels?.v, '2', 'a DELETED event carries the last state');
  assert.equal(seen[1]?.previous?.metadata.resourceVersion, '2');
});

test('the API server watch follows a selector as the watch cache does: ADDED when an object starts to match, DELETED (its last matching state) when it stops', () => {
  const world = new World({ fs: new MemoryFileSystem() });
  const api = world.cluster.api;
  const cm = (labels: Record<string, string>): KObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default', labels }, data: {} });
  const events: string[] = [];
  const stop = api.watch(api.resourceOf('ConfigMap'), 'default', (o) => o.metadata.labels?.app === 'web', (e) => events.push(`${e.type} ${e.object.metadata.labels?.app ?? '-'}`));
  assert.ok(api.create(cm({ app: 'db' })).ok);
  assert.ok(api.update({ ...(api.peek(api.resourceOf('ConfigMap'), 'default', 'c') as KObject), metadata: { name: 'c', namespace: 'default', labels: { app: 'web' } } }).ok);
  assert.ok(api.update({ ...(api.peek(api.resourceOf('ConfigMap'), 'default', 'c') as KObject), metadata: { name: 'c', namespace: 'default', labels: { app: 'web', tier: 'x' } } }).ok);
  assert.ok(api.update({ ...(api.peek(api.resourceOf('ConfigMap'), 'default', 'c') as KObject), metadata: { name: 'c', namespace: 'default', labels: { app: 'db' } } }).ok);
  stop();
  assert.deepEqual(events, ['ADDED web', 'MODIFIED web', 'DELETED web']);
});

test('kubectl get -w on nothing prints nothing; the header comes with the first row, once', () => {
  const s = session();
  assert.deepEqual(run(s, 'kubectl get pods -w --request-timeout=2s'), { text: '', code: 0 });
  run(s, 'kubectl run web --image=nginx:1.27');
  run(s, 'sleep 10');
  const watched = run(s, 'kubectl get pods -w --watch-only --request-timeout=5s');
  assert.equal(watched.text, '', '--watch-only prints no listing, and a quiet pod no event');
  s.feed('kubectl delete pod web --wait=false');
  run(s, 'kubectl run web2 --image=busybox:1.37 -- sleep 3600');
  const rows = run(s, 'kubectl get pods -w -l run=web2').text.split('\n');
  assert.equal(rows.filter((r) => r.startsWith('NAME')).length, 1);
  assert.ok(!rows.some((r) => r.startsWith('No resources')), 'a watch never says No resources found');
});

test('a watched deletion shows Terminating, then the final state twice (status, grace period 0) and once more as it is removed', () => {
  const s = session();
  run(s, 'kubectl run sleeper --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  run(s, 'kubectl delete pod sleeper --wait=false');
  const lines = run(s, 'kubectl get pods -w --output-watch-events').text.split('\n');
  assert.deepEqual(lines.slice(0, 5).map((l) => l.split(/\s+/).slice(0, 4).join(' ')), [
    'EVENT NAME READY STATUS', 'ADDED sleeper 1/1 Terminating', 'MODIFIED sleeper 0/1 Error', 'MODIFIED sleeper 0/1 Error', 'DELETED sleeper 0/1 Error',
  ]);
  assert.match(lines[0] as string, /^EVENT {6}NAME/, 'the EVENT column is 8 wide plus the padding: "ADDED   " as kubectl pads it');
  assert.match(run(s, 'kubectl get pods').text, /^No resources found/);
});

test('a watch prints rows as the tabwriter flushes them: columns keep their widest width and only grow', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  assert.deepEqual(run(s, 'kubectl get pods -w --request-timeout=10s').text.split('\n'), [
    'NAME   READY   STATUS              RESTARTS   AGE',
    'web    0/1     ContainerCreating   0          1s',
    'web    1/1     Running             0          4s',
  ], 'a narrower row keeps the width STATUS had');
  run(s, 'kubectl run once --image=busybox:1.37 --restart=Never -- sleep 2');
  assert.deepEqual(run(s, 'kubectl get pods -w -l run=once --request-timeout=10s').text.split('\n'), [
    'NAME   READY   STATUS    RESTARTS   AGE',
    'once   1/1     Running   0          1s',
    'once   0/1     Completed   0          3s',
  ], 'a wider row widens its column from there on, under a header that stays as it was');
});

test('-w with -o yaml, json, name, jsonpath and custom-columns prints each object as that printer prints one', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  const yaml = run(s, 'kubectl get pod web -w -o yaml --request-timeout=10s').text;
  assert.ok(yaml.startsWith('apiVersion: v1\n'));
  assert.ok(yaml.split('\n').filter((l) => l === '---').length >= 1, 'YAML documents after the first start with ---');
  const json = run(s, 'kubectl get pods -w --output-watch-events -o json --request-timeout=1s').text;
  assert.match(json, /^\{"type":"ADDED","object":\{"apiVersion":"v1","kind":"Pod","metadata":\{/, 'a WatchEvent is marshalled on one line');
  assert.deepEqual(run(s, 'kubectl get pods -w -o name --request-timeout=1s'), { text: 'pod/web', code: 0 });
  run(s, 'kubectl run db --image=nginx:1.27');
  assert.deepEqual(run(s, "kubectl get pods -w -o jsonpath='{.metadata.name} ' --request-timeout=1s"), { text: 'db web ', code: 0 }, 'templates run together');
  const cc = run(s, 'kubectl get pods -w -o custom-columns=N:.metadata.name --request-timeout=1s').text.split('\n');
  assert.deepEqual(cc, ['N     ', 'db    ', 'web   '].map((l) => l.trimEnd()), 'custom-columns: one header, the tabwriter minimum width 6');
});

test('kubectl get -w: errors and flags as kubectl 1.32 has them', () => {
  const s = session();
  run(s, 'kubectl run a --image=busybox:1.37 -- sleep 3600');
  run(s, 'kubectl run b --image=busybox:1.37 -- sleep 3600');
  assert.deepEqual(run(s, 'kubectl get pods,svc -w'), { text: 'error: watch is only supported on individual resources and resource collections - more than 1 resource was found', code: 1 });
  const two = run(s, 'kubectl get pods a b -w');
  assert.equal(two.code, 1);
  assert.match(two.text, /^NAME .*\na .*\nb .*\nerror: you may only watch a single resource or type of resource at a time$/);
  assert.deepEqual(run(s, 'kubectl get pod nope -w'), { text: 'Error from server (NotFound): pods "nope" not found', code: 1 });
  assert.equal(run(s, 'kubectl get -w').text.split('\n')[0], 'error: You must provide one or more resources by argument or filename.');
  assert.deepEqual(run(s, 'kubectl get pods --output-watch-events'), { text: 'error: --output-watch-events option can only be used with --watch or --watch-only', code: 1 });
  assert.equal(run(s, 'kubectl get pods -w --request-timeout=soon').code, 1);
  const sorted = run(s, 'kubectl get pods -w --sort-by=.metadata.name --request-timeout=1s').text.split('\n');
  assert.equal(sorted[0], 'warning: --watch requested, --sort-by will be ignored for watch events received');
  assert.deepEqual(run(s, 'kubectl get pods --watch-only --sort-by=.metadata.name --request-timeout=1s').text, 'warning: --watch-only requested, --sort-by will be ignored');
});

test('a watch ends after 30 quiet seconds with a hint, or silently at --request-timeout', () => {
  const s = session();
  run(s, 'kubectl run a --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  const world = (s as unknown as { world: World }).world;
  const before = world.clock.now();
  const quiet = run(s, 'kubectl get pods -w').text;
  assert.match(quiet, /hint: kubectl get -w keeps watching until you press Ctrl-C/);
  assert.ok(world.clock.now() - before >= 30_000 && world.clock.now() - before < 32_000);
  const at = world.clock.now();
  const timed = run(s, 'kubectl get pods -w --request-timeout=45s').text;
  assert.doesNotMatch(timed, /hint/);
  assert.ok(world.clock.now() - at >= 45_000 && world.clock.now() - at < 47_000, 'a timeout longer than the quiet rule is waited out');
});

test('the kubelet writes a pod status only when it changed, and reports ContainerCreating before starting a container from a cached image', () => {
  const s = session();
  // busybox on both workers first, so the next pod finds it cached wherever it lands.
  run(s, 'kubectl create deployment pre --image=busybox:1.37 --replicas=2 -- sleep 3600');
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl get pods -o wide').text, /worker-1[\s\S]*worker-2|worker-2[\s\S]*worker-1/);
  const world = (s as unknown as { world: World }).world;
  const api = world.cluster.api;
  const statuses: string[] = [];
  const stop = api.watch(api.resourceOf('Pod'), 'default', (o) => o.metadata.name === 'again', (e) => statuses.push(`${e.type} ${e.object.status?.containerStatuses?.[0]?.state ? Object.keys(e.object.status.containerStatuses[0].state)[0] : '-'}`));
  run(s, 'kubectl run again --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  stop();
  assert.deepEqual(statuses, ['ADDED -', 'MODIFIED -', 'MODIFIED waiting', 'MODIFIED running']);
  run(s, 'kubectl run never --image=learner/never-pushed:1.0');
  const rows = run(s, 'kubectl get pods -w -l run=never').text.split('\n').filter((l) => l.startsWith('never'));
  for (let i = 1; i < rows.length; i++) {
    assert.notEqual(rows[i]?.split(/\s+/)[2], rows[i - 1]?.split(/\s+/)[2], `no repeated status row from an unchanged status: ${rows.join(' | ')}`);
  }
});

test('kubectl events -w prints what exists, then each event as the watch delivers it, seen 0s ago', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  const lines = run(s, 'kubectl events -w --for pod/web').text.split('\n');
  assert.match(lines[0] as string, /^LAST SEEN {3}TYPE {5}REASON {6}OBJECT {4}MESSAGE$/);
  assert.deepEqual(lines.slice(1, 6).map((l) => l.split(/\s+/).slice(0, 3).join(' ')), ['1s Normal Scheduled', '1s Normal Pulling', '0s Normal Pulled', '0s Normal Created', '0s Normal Started']);
  assert.match(lines.at(-1) as string, /^hint: kubectl events -w keeps watching/);
});
