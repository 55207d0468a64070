/**
 * Graceful deletion: the stop signal, the grace period, SIGKILL — in the kubelet, in kubectl
 * delete's flags and wait, and in docker stop on the laptop.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { catalogue } from '../src/sim/catalogue.ts';
import { signalName, stopOutcome } from '../src/sim/container.ts';
import { binaryFile } from '../src/sim/exec.ts';
import { EMPTY_CONFIG, makeImage, type Image } from '../src/sim/image.ts';
import type { KObject } from '../src/sim/cluster/objects.ts';
import { run, session } from './helpers.ts';

const image = (repo: string, tag: string): Image => {
  const found = catalogue().find((e) => e.repo === repo && e.tags.includes(tag));
  assert.ok(found, `${repo}:${tag} is in the catalogue`);
  return found.image;
};

test('which processes end on their stop signal as PID 1, and with which exit code', () => {
  const busybox = image('docker.io/library/busybox', '1.37');
  const node = image('docker.io/library/node', '22-alpine');
  const python = image('docker.io/library/python', '3.13-slim');
  const nginx = makeImage({ layers: [], config: { ...EMPTY_CONFIG, entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], stopSignal: 'SIGQUIT' }, created: 0, distro: 'debian', behaviour: { kind: 'server', name: 'nginx', version: '1.27.5' } });
  assert.deepEqual([stopOutcome(nginx, ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']).signal, stopOutcome(nginx, ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']).exitCode], ['SIGQUIT', 0]);
  assert.equal(stopOutcome(busybox, ['sleep', '3600']).exitCode, undefined, 'sleep has no SIGTERM handler');
  assert.equal(stopOutcome(busybox, ['sleep', '3600']).signal, 'SIGTERM');
  assert.equal(stopOutcome(busybox, ['sh', '-c', 'while true; do date; sleep 5; done']).exitCode, undefined);
  assert.equal(stopOutcome(busybox, ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done']).exitCode, 0);
  assert.equal(stopOutcome(busybox, ["sh", "-c", "trap 'echo bye; exit 5' SIGTERM; sleep 3600 & wait"]).exitCode, 5);
  assert.equal(stopOutcome(busybox, ['sh', '-c', 'trap "exit 0" TERM; sleep 3600']).exitCode, undefined, 'the trap waits for the foreground sleep');
  assert.equal(stopOutcome(busybox, ['sh', '-c', 'trap "exit 0" INT; while true; do sleep 1; done']).exitCode, undefined, 'a trap for another signal');
  assert.equal(stopOutcome(node, ['docker-entrypoint.sh', 'node', 'server.js']).exitCode, undefined, 'node as PID 1 does not stop on SIGTERM');
  assert.equal(stopOutcome(python, ['python3', 'app.py']).exitCode, undefined);
  assert.equal(stopOutcome(busybox, ['java', '-jar', 'app.jar']).exitCode, 143, 'the JVM exits 128+15');
  assert.deepEqual(stopOutcome(image('docker.io/library/postgres', '17'), ['docker-entrypoint.sh', 'postgres']).signal, 'SIGINT');
  assert.deepEqual(stopOutcome(image('docker.io/library/httpd', '2.4'), ['httpd-foreground']), { signal: 'SIGWINCH', exitCode: 0, afterMs: 300, why: 'httpd handles SIGWINCH and shuts down' });
  assert.equal(stopOutcome(image('docker.io/library/redis', '7.4'), ['docker-entrypoint.sh', 'redis-server']).exitCode, 0);
  assert.equal(stopOutcome(image('registry.k8s.io/coredns/coredns', 'v1.11.3'), ['/coredns', '-conf', '/etc/coredns/Corefile']).exitCode, 0);
  assert.equal(stopOutcome(image('docker.io/library/nginx', '1.27'), ['sleep', '3600']).exitCode, undefined, 'an nginx image running sleep is sleep');
  const goApp = makeImage({ layers: [{ digest: 'sha256:x' as never, size: 1, unpacked: 1, createdBy: 'COPY app /app', files: { '/app': binaryFile(['listening'], true) } }], config: { ...EMPTY_CONFIG, cmd: ['/app'] }, created: 0, distro: 'scratch', behaviour: { kind: 'program' } });
  assert.equal(stopOutcome(goApp, ['/app']).exitCode, 2, 'a Go program without a handler exits 2 as PID 1');
  assert.equal(stopOutcome(busybox, ['sleep', '3600'], 'KILL').exitCode, 137);
  assert.equal(signalName('15'), 'SIGTERM');
  assert.equal(signalName('quit'), 'SIGQUIT');
});

/** Record every stored version of one pod, to see what the kubelet wrote just before the pod went. */
function recordPod(s: ReturnType<typeof session>, name: string): KObject[] {
  const store = s.world.cluster.store;
  const versions: KObject[] = [];
  const put = store.put.bind(store);
  store.put = (key: string, value: KObject): KObject => {
    if (key === `/registry/pods/default/${name}`) versions.push(structuredClone(value));
    return put(key, value);
  };
  return versions;
}

test('a process that ignores SIGTERM keeps its pod Terminating for the grace period, then SIGKILL: 137', () => {
  const s = session();
  run(s, 'kubectl run sleeper --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  const versions = recordPod(s, 'sleeper');
  const t0 = s.world.clock.now();
  assert.equal(run(s, 'kubectl delete pod sleeper --wait=false').text, 'pod "sleeper" deleted');
  assert.ok(s.world.clock.now() - t0 < 2000, '--wait=false returns at once');
  run(s, 'sleep 25');
  assert.match(run(s, 'kubectl get pod sleeper').text, /sleeper\s+1\/1\s+Terminating/);
  assert.match(run(s, 'kubectl get events --field-selector involvedObject.name=sleeper').text, /Normal\s+Killing\s+pod\/sleeper\s+Stopping container sleeper/);
  run(s, 'sleep 6');
  assert.match(run(s, 'kubectl get pod sleeper').text, /NotFound/);
  const last = versions.at(-1) as KObject;
  const terminated = last.status.containerStatuses[0].state.terminated;
  assert.equal(terminated.exitCode, 137);
  assert.equal(terminated.reason, 'Error');
  assert.equal(last.status.phase, 'Failed', 'a deleted pod ends in a terminal phase');
  assert.ok(Date.parse(terminated.finishedAt) - Date.parse(last.metadata.deletionTimestamp as string) >= -1000, 'killed at the end of the grace period');
});

test('kubectl delete waits while the clock runs; nginx goes at once with exit 0', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  run(s, 'kubectl run sleeper --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 5');
  const versions = recordPod(s, 'web');
  let t0 = s.world.clock.now();
  assert.equal(run(s, 'kubectl delete pod web').text, 'pod "web" deleted');
  assert.ok(s.world.clock.now() - t0 < 3000, 'nginx quits on its stop signal');
  assert.equal(versions.at(-1)?.status.containerStatuses[0].state.terminated.exitCode, 0);
  t0 = s.world.clock.now();
  assert.equal(run(s, 'kubectl delete pod sleeper').text, 'pod "sleeper" deleted');
  const waited = s.world.clock.now() - t0;
  assert.ok(waited >= 30_000 && waited < 33_000, `kubectl waited the grace period (${waited} ms)`);
  assert.match(run(s, 'kubectl get pods').text, /No resources found/);
});

test('kubectl delete flags: --now (the kubelet still gives 2 s), --grace-period=0 without --force, --force, --timeout', () => {
  const s = session();
  for (const n of ['a', 'b', 'c', 'd', 'e']) run(s, `kubectl run ${n} --image=busybox:1.37 -- sleep 3600`);
  run(s, 'sleep 5');
  let t0 = s.world.clock.now();
  run(s, 'kubectl delete pod a --now');
  let waited = s.world.clock.now() - t0;
  assert.ok(waited >= 2000 && waited < 4000, `--now: ${waited} ms`);
  t0 = s.world.clock.now();
  assert.equal(run(s, 'kubectl delete pod b --grace-period=0').text, 'pod "b" deleted');
  waited = s.world.clock.now() - t0;
  assert.ok(waited >= 2000 && waited < 4000, `--grace-period=0 without --force is 1: ${waited} ms`);
  const forced = run(s, 'kubectl delete pod c --force');
  assert.equal(forced.text, 'Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\npod "c" force deleted');
  assert.match(run(s, 'kubectl get pod c').text, /NotFound/);
  assert.deepEqual(run(s, 'kubectl delete pod d --force --grace-period=3'), { text: 'error: --force and --grace-period greater than 0 cannot be specified together', code: 1 });
  assert.deepEqual(run(s, 'kubectl delete pod d --now --grace-period=3'), { text: 'error: --now and --grace-period cannot be specified together', code: 1 });
  assert.deepEqual(run(s, 'kubectl delete pod d --timeout=5s'), { text: 'pod "d" deleted\nerror: timed out waiting for the condition on pods/d', code: 1 });
  assert.match(run(s, 'kubectl delete pod d --timeout=5').text, /invalid argument "5" for "--timeout" flag: time: missing unit in duration "5"/);
  // A shorter grace period for a pod already terminating moves its end forward.
  t0 = s.world.clock.now();
  run(s, 'kubectl delete pod d --grace-period=3');
  waited = s.world.clock.now() - t0;
  assert.ok(waited < 5000, `shortened to 3 s: ${waited} ms`);
  assert.equal(run(s, 'kubectl delete pod e --grace-period=5 --dry-run=client').text, 'pod "e" deleted (dry run)');
  assert.equal(run(s, 'kubectl delete pod e --grace-period=0 --force --dry-run=client').text.split('\n').at(-1), 'pod "e" force deleted (dry run)');
  assert.equal(run(s, 'kubectl delete pod -l nothing=here').text, 'No resources found');
});

test('a pod nobody will stop: kubectl would wait for ever; the sandbox stops after ten minutes and says so', () => {
  const s = session();
  run(s, 'kubectl apply -f - <<EOF\napiVersion: v1\nkind: Pod\nmetadata:\n  name: lost\nspec:\n  nodeName: worker-9\n  containers:\n  - name: app\n    image: busybox:1.37\nEOF');
  const t0 = s.world.clock.now();
  const r = run(s, 'kubectl delete pod lost');
  assert.match(r.text, /^pod "lost" deleted\nhint: kubectl would go on waiting for pods\/lost to go/);
  assert.ok(s.world.clock.now() - t0 >= 600_000);
  assert.match(run(s, 'kubectl get pod lost').text, /Terminating/);
});

test('a pod that has finished is deleted at once: there is nothing to stop', () => {
  const s = session();
  run(s, 'kubectl run once --image=busybox:1.37 --restart=Never -- echo hi');
  run(s, 'sleep 5');
  assert.match(run(s, 'kubectl get pod once').text, /Completed/);
  const t0 = s.world.clock.now();
  run(s, 'kubectl delete pod once');
  assert.ok(s.world.clock.now() - t0 < 1500);
  assert.match(run(s, 'kubectl get pod once').text, /NotFound/);
});

test('docker stop: the stop signal, 10 s or -t, then SIGKILL; several containers stop together; kill -s TERM is ignored by sleep', () => {
  const s = session();
  run(s, 'docker run -d --name web nginx:1.27');
  run(s, 'docker run -d --name sleeper busybox:1.37 sleep 3600');
  let t0 = s.world.clock.now();
  assert.equal(run(s, 'docker stop web sleeper').text, 'web\nsleeper');
  const waited = s.world.clock.now() - t0;
  // Each command also takes its own little time (the session's 1 s, docker's 0.3 s).
  assert.ok(waited >= 10_000 && waited < 12_000, `in parallel, the slowest decides: ${waited} ms`);
  const status = run(s, "docker ps -a --format '{{.Names}} {{.Status}}'").text;
  assert.match(status, /sleeper Exited \(137\)/);
  assert.match(status, /web Exited \(0\)/);
  run(s, 'docker run -d --name quick busybox:1.37 sleep 3600');
  t0 = s.world.clock.now();
  run(s, 'docker stop -t 2 quick');
  assert.ok(s.world.clock.now() - t0 >= 2000 && s.world.clock.now() - t0 < 4000);
  run(s, 'docker run -d --name stubborn busybox:1.37 sleep 3600');
  run(s, 'docker kill -s TERM stubborn');
  assert.match(run(s, "docker ps --format '{{.Names}} {{.Status}}'").text, /stubborn Up/);
  run(s, 'docker kill stubborn');
  assert.match(run(s, "docker ps -a --format '{{.Names}} {{.Status}}'").text, /stubborn Exited \(137\)/);
  assert.match(run(s, 'docker stop -t x quick').text, /invalid argument "x" for "-t, --timeout" flag/);
});
