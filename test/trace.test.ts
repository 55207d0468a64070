import assert from 'node:assert/strict';
import { test } from 'node:test';
import { componentKind, stepKind, Trace, TRACE_KEPT_PER_KIND } from '../src/sim/trace.ts';

test('a command\'s trace keeps every step up to its limit per kind, and counts the rest', () => {
  const trace = new Trace();
  trace.mark();
  for (let i = 0; i < TRACE_KEPT_PER_KIND + 2; i++) trace.record({ at: i, component: `kubelet (worker-${i % 3})`, action: `start pod web-${i}`, why: 'bound here' });
  trace.record({ at: 0, component: 'scheduler', action: 'bind web-0 → worker-1', why: 'it fits' });
  assert.equal(trace.sinceMark().length, TRACE_KEPT_PER_KIND + 1);
  assert.equal(trace.omitted, 2);
  assert.equal(trace.sinceMark().at(-1)?.component, 'scheduler', 'another kind is still kept');
  trace.mark();
  assert.deepEqual([trace.sinceMark().length, trace.omitted], [0, 0]);
});

test('the kind of a step is the kind of component and the first word of what it did', () => {
  assert.equal(componentKind('kubelet (worker-1)'), 'kubelet');
  assert.equal(componentKind('registry docker.io'), 'registry docker.io');
  assert.equal(stepKind({ at: 0, component: 'containerd (worker-2)', action: 'pull docker.io/library/nginx:1.27', why: '' }), 'containerd|pull');
  assert.equal(stepKind({ at: 0, component: 'API server', action: 'create pod web-abc', why: '' }), 'API server|create');
});
