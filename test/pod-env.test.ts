/** What a container's environment holds: the kubelet's makeEnvironmentVariables and the runtime's HOSTNAME/HOME. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { containerEnvironment, goMapOrder, serviceEnvironment } from '../src/sim/cluster/pod-env.ts';
import type { KObject } from '../src/sim/cluster/objects.ts';
import { run, session } from './helpers.ts';

const svc = (namespace: string, name: string, spec: Record<string, unknown>): KObject => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace }, spec });
const KUBERNETES = svc('default', 'kubernetes', { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] });

test('the kubernetes Service gives every container its eight variables', () => {
  assert.deepEqual(Object.fromEntries(serviceEnvironment([KUBERNETES], 'dev', false)), {
    KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443', KUBERNETES_SERVICE_PORT_HTTPS: '443',
    KUBERNETES_PORT: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP: 'tcp://10.96.0.1:443', KUBERNETES_PORT_443_TCP_PROTO: 'tcp',
    KUBERNETES_PORT_443_TCP_PORT: '443', KUBERNETES_PORT_443_TCP_ADDR: '10.96.0.1',
  });
});

test('service links: the namespace\'s Services with a cluster IP, named ports, docker\'s link variables', () => {
  const services = [
    KUBERNETES,
    svc('dev', 'my-web', { clusterIP: '10.96.5.6', ports: [{ name: 'http', port: 80, protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }] }),
    svc('dev', 'headless', { clusterIP: 'None', ports: [{ port: 80 }] }),
    svc('dev', 'outside', { type: 'ExternalName', externalName: 'example.com' }),
    svc('other', 'elsewhere', { clusterIP: '10.96.7.7', ports: [{ port: 80 }] }),
  ];
  const env = Object.fromEntries(serviceEnvironment(services, 'dev', true));
  assert.equal(env.MY_WEB_SERVICE_HOST, '10.96.5.6');
  assert.equal(env.MY_WEB_SERVICE_PORT, '80');
  assert.equal(env.MY_WEB_SERVICE_PORT_HTTP, '80');
  assert.equal(env.MY_WEB_SERVICE_PORT_DNS, '53');
  assert.equal(env.MY_WEB_PORT, 'tcp://10.96.5.6:80');
  assert.equal(env.MY_WEB_PORT_53_UDP, 'udp://10.96.5.6:53');
  assert.equal(env.MY_WEB_PORT_53_UDP_PROTO, 'udp');
  assert.equal(env.MY_WEB_PORT_80_TCP_ADDR, '10.96.5.6');
  assert.ok(!Object.keys(env).some((k) => /^(HEADLESS|OUTSIDE|ELSEWHERE)_/.test(k)), 'no headless, ExternalName or other-namespace Services');
  assert.equal(Object.keys(env).length, 8 + 2 + 2 + 1 + 4 + 4);
  assert.deepEqual(Object.keys(Object.fromEntries(serviceEnvironment(services, 'dev', false))).filter((k) => !k.startsWith('KUBERNETES_')), [], 'enableServiceLinks: false keeps only the kubernetes Service');
});

test('declared variables come first and win; $(VAR) expands from them and the services; $$ is a dollar', () => {
  const pod: KObject = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default', uid: 'u' }, spec: {} };
  const container = { name: 'c', env: [{ name: 'A', value: 'a' }, { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)/$(A)' }, { name: 'LIT', value: '$$(A) $(NOPE)' }, { name: 'KUBERNETES_SERVICE_PORT', value: '6443' }] };
  const env = containerEnvironment(pod, container, [KUBERNETES], 'seed');
  assert.deepEqual(new Set(env.slice(0, 4).map(([k]) => k)), new Set(['A', 'URL', 'LIT', 'KUBERNETES_SERVICE_PORT']));
  const m = Object.fromEntries(env);
  assert.equal(m.URL, 'https://10.96.0.1:443/a');
  assert.equal(m.LIT, '$(A) $(NOPE)');
  assert.equal(m.KUBERNETES_SERVICE_PORT, '6443');
  assert.equal(env.filter(([k]) => k === 'KUBERNETES_SERVICE_PORT').length, 1);
});

test('Go map order: a rotation of insertion order for up to 8 entries, every entry once, fixed for a seed', () => {
  const entries: Array<[string, number]> = ['a', 'b', 'c', 'd', 'e'].map((k, i) => [k, i]);
  const seen = new Set<string>();
  for (let i = 0; i < 40; i++) {
    const keys = goMapOrder(entries, `s${i}`).map(([k]) => k).join('');
    assert.ok('abcdeabcde'.includes(keys), keys);
    seen.add(keys);
  }
  assert.ok(seen.size > 1, 'the order changes with the seed');
  assert.deepEqual(goMapOrder(entries, 'x'), goMapOrder(entries, 'x'));
  const many: Array<[string, number]> = Array.from({ length: 30 }, (_, i) => [`K${i}`, i]);
  assert.deepEqual(goMapOrder(many, 'y').map(([k]) => k).sort(), many.map(([k]) => k).sort());
});

test('kubectl exec env: PATH, HOSTNAME (the pod), the image\'s, the kubelet\'s, HOME; Services made later arrive with the next start', () => {
  const s = session();
  run(s, 'kubectl run app --image=busybox:1.37 --env=GREETING=hi -- sleep 3600');
  run(s, 'sleep 5');
  run(s, 'kubectl create service clusterip web --tcp=80:8080');
  const env = run(s, 'kubectl exec app -- env').text.split('\n');
  assert.equal(env[0], 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  assert.equal(env[1], 'HOSTNAME=app');
  assert.equal(env[2], 'GREETING=hi');
  assert.equal(env.at(-1), 'HOME=/root');
  assert.ok(env.includes('KUBERNETES_SERVICE_HOST=10.96.0.1'));
  assert.ok(!env.some((l) => l.startsWith('WEB_')), 'the Service did not exist when the container started');
  assert.equal(run(s, 'kubectl exec app -- printenv HOSTNAME').text, 'app');
  run(s, 'kubectl delete pod app');
  run(s, 'kubectl run app --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl exec app -- printenv WEB_SERVICE_PORT').text, /^80$/);
  assert.match(run(s, 'kubectl exec app -- printenv WEB_PORT_80_TCP').text, /^tcp:\/\/10\.96\.\d+\.\d+:80$/);
});

test('docker run: the process sees HOSTNAME (its short container id) and HOME, as the runtime sets them', () => {
  const s = session();
  const line = run(s, "docker run --rm busybox:1.37 sh -c 'echo host=$HOSTNAME'").text.split('\n').at(-1) as string;
  assert.match(line, /^host=[0-9a-f]{12}$/);
  assert.equal(run(s, 'docker run --rm busybox:1.37 printenv HOME').text.split('\n').at(-1), '/root');
});
