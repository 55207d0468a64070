import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Store } from '../src/sim/cluster/store.ts';
import type { KObject } from '../src/sim/cluster/objects.ts';

const pod = (name: string, node: string | undefined, ready: boolean, namespace = 'default'): KObject => ({
  apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace },
  spec: node ? { nodeName: node } : {},
  status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
});

test('store indexes keep each bucket current on every write: its objects, its version, its class counts and its work queue', () => {
  const store = new Store();
  const classify = (p: KObject): number => (p.status?.conditions?.[0]?.status === 'True' ? 1 : 0);
  store.addIndex('by-node', '/registry/pods', (p) => p.spec?.nodeName, { classify, queue: true });
  store.put('/registry/pods/default/b', pod('b', 'n1', false));
  store.put('/registry/pods/default/a', pod('a', 'n1', true));
  store.put('/registry/pods/default/c', pod('c', undefined, false));
  const n1 = store.bucket('by-node', 'n1');
  assert.deepEqual([...n1.objects.keys()], ['/registry/pods/default/b', '/registry/pods/default/a']);
  assert.deepEqual(n1.counts, [1, 1]);
  assert.deepEqual(n1.take(), ['/registry/pods/default/a', '/registry/pods/default/b'], 'changed keys come in key order');
  assert.deepEqual(n1.take(), [], 'and only once');
  const before = n1.version;
  // b becomes ready: same bucket, new counts, queued again; a pod with no node is in no bucket.
  store.put('/registry/pods/default/b', pod('b', 'n1', true));
  assert.deepEqual(n1.counts, [0, 2]);
  assert.ok(n1.version > before);
  assert.deepEqual(n1.take(), ['/registry/pods/default/b']);
  // c is bound: it arrives in n1; a deleted pod leaves, and its key is queued so the reader notices.
  store.put('/registry/pods/default/c', pod('c', 'n1', false));
  store.delete('/registry/pods/default/a');
  assert.deepEqual([...n1.objects.keys()].sort(), ['/registry/pods/default/b', '/registry/pods/default/c']);
  assert.deepEqual(n1.counts, [1, 1]);
  assert.deepEqual(n1.take(), ['/registry/pods/default/a', '/registry/pods/default/c']);
  // An index added later sees what is already stored; a bucket nobody wrote to is empty.
  store.addIndex('by-name', '/registry/pods', (p) => p.metadata.name);
  assert.equal(store.bucket('by-name', 'c').objects.get('/registry/pods/default/c')?.metadata.name, 'c');
  assert.equal(store.bucket('by-node', 'nowhere').objects.size, 0);
});

test('the store counts writes and keys coming and going per folder, and lists folders in key order', () => {
  const store = new Store();
  store.put('/registry/pods/default/b', pod('b', undefined, false));
  store.put('/registry/pods/kube-system/a', pod('a', undefined, false, 'kube-system'));
  store.put('/registry/pods/default/a', pod('a', undefined, false));
  assert.deepEqual([store.changes('/registry/pods'), store.membership('/registry/pods')], [3, 3]);
  store.put('/registry/pods/default/a', pod('a', 'n1', false));
  assert.deepEqual([store.changes('/registry/pods'), store.membership('/registry/pods'), store.changes('/registry/pods/kube-system')], [4, 3, 1]);
  assert.deepEqual(store.list('/registry/pods/').map((p) => `${p.metadata.namespace}/${p.metadata.name}`), ['default/a', 'default/b', 'kube-system/a']);
  assert.equal(store.list('/registry/pods')[0]?.spec?.nodeName, 'n1', 'a list shows the latest write');
  assert.ok(Object.isFrozen(store.list('/registry/pods')[0]?.spec), 'stored objects are frozen through and through');
  store.delete('/registry/pods/default/b');
  assert.deepEqual(store.keys('/registry/pods'), ['/registry/pods/default/a', '/registry/pods/kube-system/a']);
  assert.equal(store.membership('/registry/pods'), 4);
  assert.deepEqual(store.keys('/registry/pods/default/a'), ['/registry/pods/default/a'], 'a key is its own range');
});
