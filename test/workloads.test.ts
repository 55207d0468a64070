/**
 * The controllers beside Deployments, driven through the API server and the world's clock: Jobs
 * (with the TTL controller), CronJobs, DaemonSets (kube-proxy among them), StatefulSets, and the
 * kubelet's restart policies they rely on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MemoryFileSystem } from '../src/sim/filesystem.ts';
import type { Json, KObject } from '../src/sim/cluster/objects.ts';
import { World } from '../src/sim/world.ts';

function world(): { w: World; create: (o: Json) => KObject; get: (kind: string, name: string, ns?: string) => KObject | undefined; list: (kind: string, ns?: string) => KObject[]; events: (o: KObject) => string[] } {
  const w = new World({ fs: new MemoryFileSystem() });
  const api = w.cluster.api;
  return {
    w,
    create: (o) => {
      const r = api.create(o as KObject);
      assert.ok(r.ok, r.ok ? '' : r.error.message);
      return r.object;
    },
    get: (kind, name, ns = 'default') => api.peek(api.resourceOf(kind), ns, name),
    list: (kind, ns = 'default') => api.list(api.resourceOf(kind), ns),
    events: (o) => w.cluster.events.about(o).map((e) => `${e.type} ${e.reason} ${e.source?.component}: ${e.message}`),
  };
}

const job = (name: string, command: string[], spec: Json = {}, restartPolicy = 'Never'): Json => ({
  apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
  spec: { ...spec, template: { spec: { containers: [{ name: 'c', image: 'busybox:1.37', command }], restartPolicy } } },
});

const names = (objs: KObject[]): string[] => objs.map((o) => o.metadata.name as string).sort();
const conditions = (o: KObject | undefined): string[] => (o?.status?.conditions ?? []).map((c: Json) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`);

test('a Job runs its pod to completion: generated selector and labels, SuccessCriteriaMet then Complete, its pod counted and let go', () => {
  const { w, create, get, list, events } = world();
  const j = create(job('pi', ['sh', '-c', 'echo 3.14; sleep 3']));
  const uid = j.metadata.uid as string;
  // The API server's generated selector and labels (the job strategy's generateSelector).
  assert.deepEqual(j.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
  assert.deepEqual(j.spec.template.metadata.labels, { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' });
  assert.deepEqual(j.metadata.labels, j.spec.template.metadata.labels);
  assert.deepEqual([j.spec.completions, j.spec.parallelism, j.spec.backoffLimit, j.spec.completionMode, j.spec.suspend, j.spec.manualSelector, j.spec.podReplacementPolicy], [1, 1, 6, 'NonIndexed', false, false, 'TerminatingOrFailed']);
  w.advance(1000);
  const [pod] = list('Pod');
  assert.match(pod?.metadata.name as string, /^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  assert.deepEqual(pod?.metadata.finalizers, ['batch.kubernetes.io/job-tracking']);
  assert.equal(pod?.metadata.labels?.['job-name'], 'pi');
  assert.deepEqual(pod?.metadata.ownerReferences?.[0], { apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid, controller: true, blockOwnerDeletion: true });
  assert.equal(get('Job', 'pi')?.status.active, 1);
  w.advance(10_000);
  const done = get('Job', 'pi') as KObject;
  assert.deepEqual(conditions(done), ['SuccessCriteriaMet=True', 'Complete=True']);
  assert.deepEqual([done.status.succeeded, done.status.active, done.status.ready, done.status.terminating], [1, undefined, 0, 0]);
  assert.deepEqual(done.status.uncountedTerminatedPods, {});
  assert.ok(done.status.completionTime >= done.status.startTime);
  const finished = list('Pod')[0] as KObject;
  assert.equal(finished.status.phase, 'Succeeded');
  assert.equal(finished.metadata.finalizers, undefined);
  assert.deepEqual(events(done), [`Normal SuccessfulCreate job-controller: Created pod: ${pod?.metadata.name}`, 'Normal Completed job-controller: Job completed']);
});

test('failed pods are replaced after a back-off (10 s, then 20 s) until the backoff limit; then FailureTarget and Failed', () => {
  const { w, create, get, list, events } = world();
  create(job('flaky', ['sh', '-c', 'exit 1'], { backoffLimit: 2 }));
  const created: number[] = [];
  const start = w.clock.now();
  for (let t = 0; t < 60_000; t += 500) {
    w.advance(500);
    for (const p of list('Pod')) {
      const at = Date.parse(p.metadata.creationTimestamp as string) - start;
      if (!created.includes(at)) created.push(at);
    }
  }
  assert.equal(created.length, 3);
  // Each failure ends ~2 s after its pod starts; the next pod waits 10 s, then 20 s, after it.
  const gaps = [(created[1] as number) - (created[0] as number), (created[2] as number) - (created[1] as number)];
  assert.ok(gaps[0] as number >= 10_000 && (gaps[0] as number) < 14_000, `first gap ${gaps[0]}`);
  assert.ok(gaps[1] as number >= 20_000 && (gaps[1] as number) < 24_000, `second gap ${gaps[1]}`);
  const j = get('Job', 'flaky') as KObject;
  assert.deepEqual(conditions(j), ['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
  assert.equal(j.status.failed, 3);
  assert.equal(j.status.completionTime, undefined);
  assert.ok(events(j).includes('Warning BackoffLimitExceeded job-controller: Job has reached the specified backoff limit'));
  // A failed Job makes no more pods.
  w.advance(600_000);
  assert.equal(list('Pod').length, 3);
});

test('activeDeadlineSeconds: the running pod is deleted, the Job stays FailureTarget until it is gone, then Failed (DeadlineExceeded)', () => {
  const { w, create, get, list, events } = world();
  create(job('slow', ['sleep', '3600'], { activeDeadlineSeconds: 10 }));
  w.advance(10_500);
  const j = get('Job', 'slow') as KObject;
  assert.deepEqual(conditions(j), ['FailureTarget=True/DeadlineExceeded']);
  assert.equal(j.status.terminating, 1);
  assert.ok(list('Pod')[0]?.metadata.deletionTimestamp);
  // sleep as PID 1 ignores SIGTERM: the pod goes after its 30 s grace period.
  w.advance(31_000);
  assert.deepEqual(conditions(get('Job', 'slow')), ['FailureTarget=True/DeadlineExceeded', 'Failed=True/DeadlineExceeded']);
  assert.equal(list('Pod').length, 0);
  assert.ok(events(get('Job', 'slow') as KObject).includes('Warning DeadlineExceeded job-controller: Job was active longer than specified deadline'));
});

test('restartPolicy OnFailure restarts the container in place; its restarts count against the backoff limit', () => {
  const { w, create, get, list } = world();
  create(job('again', ['sh', '-c', 'exit 3'], { backoffLimit: 2 }, 'OnFailure'));
  w.advance(5000);
  const p = list('Pod')[0] as KObject;
  assert.equal(p.status.phase, 'Running');
  assert.ok((p.status.containerStatuses[0].restartCount as number) >= 1);
  w.advance(30_000);
  assert.deepEqual(conditions(get('Job', 'again')), ['FailureTarget=True/BackoffLimitExceeded', 'Failed=True/BackoffLimitExceeded']);
  // One pod all along (restarted, never replaced), deleted when the Job failed.
  assert.equal(list('Pod').length, 0);
});

test('the kubelet: Never and OnFailure pods end Succeeded or Failed the moment their container exits', () => {
  const { w, create, get } = world();
  const pod = (name: string, restartPolicy: string, code: number): Json => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name }, spec: { restartPolicy, containers: [{ name: 'c', image: 'busybox:1.37', command: ['sh', '-c', `exit ${code}`] }] } });
  create(pod('ok-never', 'Never', 0));
  create(pod('bad-never', 'Never', 1));
  create(pod('ok-onfailure', 'OnFailure', 0));
  create(pod('bad-onfailure', 'OnFailure', 1));
  // Until an exit the pods run; step by step, the phase never drops back to Pending after it.
  const seen = new Map<string, string[]>();
  for (let t = 0; t < 8000; t += 100) {
    w.advance(100);
    for (const n of ['ok-never', 'bad-never', 'ok-onfailure', 'bad-onfailure']) {
      const phase = get('Pod', n)?.status.phase as string;
      const list = seen.get(n) ?? [];
      if (list.at(-1) !== phase) list.push(phase);
      seen.set(n, list);
    }
  }
  assert.deepEqual(seen.get('ok-never'), ['Pending', 'Running', 'Succeeded']);
  assert.deepEqual(seen.get('bad-never'), ['Pending', 'Running', 'Failed']);
  assert.deepEqual(seen.get('ok-onfailure'), ['Pending', 'Running', 'Succeeded']);
  assert.deepEqual(seen.get('bad-onfailure'), ['Pending', 'Running']);
  const done = get('Pod', 'ok-never') as KObject;
  // A finished pod's sandbox is gone; it is not Ready, having completed.
  assert.deepEqual(done.status.conditions.map((c: Json) => `${c.type}=${c.status}${c.reason ? `/${c.reason}` : ''}`), ['PodReadyToStartContainers=False', 'Initialized=True', 'Ready=False/PodCompleted', 'ContainersReady=False/PodCompleted', 'PodScheduled=True']);
});

test('completions and parallelism, an Indexed Job, and a suspended Job', () => {
  const { w, create, get, list } = world();
  create(job('many', ['sh', '-c', 'sleep 2'], { completions: 4, parallelism: 2 }));
  w.advance(1000);
  assert.equal(list('Pod').filter((p) => p.metadata.name?.startsWith('many-')).length, 2);
  w.advance(20_000);
  assert.equal(get('Job', 'many')?.status.succeeded, 4);
  assert.equal(list('Pod').filter((p) => p.metadata.name?.startsWith('many-')).length, 4);

  create(job('idx', ['sh', '-c', 'echo $JOB_COMPLETION_INDEX'], { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
  w.advance(1000);
  const pods = list('Pod').filter((p) => p.metadata.name?.startsWith('idx-'));
  assert.deepEqual(pods.map((p) => (p.metadata.name as string).replace(/-[a-z0-9]{5}$/, '')).sort(), ['idx-0', 'idx-1', 'idx-2']);
  const zero = pods.find((p) => p.metadata.name?.startsWith('idx-0-')) as KObject;
  assert.equal(zero.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], '0');
  assert.equal(zero.metadata.labels?.['batch.kubernetes.io/job-completion-index'], '0');
  assert.equal(zero.spec.hostname, 'idx-0');
  assert.deepEqual(zero.spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" } } }]);
  w.advance(10_000);
  assert.equal(get('Job', 'idx')?.status.completedIndexes, '0-2');

  create(job('later', ['true'], { suspend: true }));
  w.advance(2000);
  const suspended = get('Job', 'later') as KObject;
  assert.deepEqual(conditions(suspended), ['Suspended=True/JobSuspended']);
  assert.equal(suspended.status.startTime, undefined);
  assert.equal(list('Pod').filter((p) => p.metadata.name?.startsWith('later-')).length, 0);
});

test('a finished Job with ttlSecondsAfterFinished is deleted that long after, and its pods with it; deleting a Job deletes its pods', () => {
  const { w, create, get, list } = world();
  create(job('short', ['true'], { ttlSecondsAfterFinished: 30 }));
  w.advance(10_000);
  assert.ok(get('Job', 'short'));
  w.advance(30_000);
  assert.equal(get('Job', 'short'), undefined);
  w.advance(2000);
  assert.equal(list('Pod').length, 0);

  create(job('gone', ['sleep', '600']));
  w.advance(3000);
  assert.equal(list('Pod').length, 1);
  w.cluster.api.delete(w.cluster.api.resourceOf('Job'), 'default', 'gone');
  w.advance(40_000);
  assert.equal(list('Pod').length, 0);
});

test('a Job\'s template and completions cannot change once it exists', () => {
  const { w, create } = world();
  const api = w.cluster.api;
  create(job('pi', ['true']));
  const live = api.get(api.resourceOf('Job'), 'default', 'pi') as KObject;
  live.spec.template.spec.containers[0].image = 'busybox:1.36';
  live.spec.completions = 2;
  const r = api.update(live);
  assert.ok(!r.ok);
  assert.deepEqual(r.error.details?.causes, ['spec.completions: Invalid value: 2: field is immutable', 'spec.template: Invalid value: core.PodTemplateSpec{…}: field is immutable']);
});

test('the API server checks a Job as the real one does: restart policy, and a selector it did not generate', () => {
  const { w } = world();
  const api = w.cluster.api;
  const noPolicy = api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x' }, spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox:1.37' }] } } } });
  assert.ok(!noPolicy.ok);
  assert.deepEqual(noPolicy.error.details?.causes, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  const always = api.create(job('y', ['true'], {}, 'Always') as KObject);
  assert.ok(!always.ok);
  assert.deepEqual(always.error.details?.causes, ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
  const own = api.create({ ...job('z', ['true']), spec: { selector: { matchLabels: { app: 'z' } }, template: { metadata: { labels: { app: 'z' } }, spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox:1.37' }] } } } } as KObject);
  assert.ok(!own.ok);
  assert.match(own.error.details?.causes[0] ?? '', /^spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"app":"z", "batch\.kubernetes\.io\/controller-uid":"[0-9a-f-]{36}"\}, MatchExpressions:\[\]v1\.LabelSelectorRequirement\(nil\)\}: `selector` not auto-generated$/);
  const cron = api.create({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c' }, spec: { schedule: '61 * * * *', timeZone: 'Mars/Olympus', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.37' }] } } } } } });
  assert.ok(!cron.ok);
  assert.deepEqual(cron.error.details?.causes, ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61', 'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus']);
});

const cronJob = (name: string, spec: Json, command = ['sh', '-c', 'date']): Json => ({
  apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name },
  spec: { ...spec, jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'busybox:1.37', command }] } } } } },
});

test('a CronJob makes a Job at each scheduled minute, named for it, and keeps 3 successful ones', () => {
  const { w, create, get, list, events } = world();
  create(cronJob('hello', { schedule: '*/1 * * * *' }));
  // The controller looks 100 ms after each scheduled time.
  w.advance(120_500);
  // Created at 09:00:00: it fired at 09:01 and 09:02.
  const minute = (hhmm: string): number => Date.parse(`2026-11-21T${hhmm}:00Z`) / 60_000;
  assert.deepEqual(names(list('Job')), [`hello-${minute('09:01')}`, `hello-${minute('09:02')}`]);
  const first = get('Job', `hello-${minute('09:01')}`) as KObject;
  assert.equal(first.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-11-21T09:01:00Z');
  assert.equal(first.metadata.ownerReferences?.[0]?.kind, 'CronJob');
  const cj = get('CronJob', 'hello') as KObject;
  assert.equal(cj.status.lastScheduleTime, '2026-11-21T09:02:00Z');
  assert.ok(cj.status.lastSuccessfulTime);
  assert.deepEqual(events(cj).slice(0, 2), [`Normal SuccessfulCreate cronjob-controller: Created job hello-${minute('09:01')}`, `Normal SawCompletedJob cronjob-controller: Saw completed job: hello-${minute('09:01')}, status: Complete`]);
  // At 09:05 the fourth successful Job appears; once it completes, the oldest goes.
  w.advance(190_000);
  assert.deepEqual(names(list('Job')), [`hello-${minute('09:03')}`, `hello-${minute('09:04')}`, `hello-${minute('09:05')}`]);
  assert.ok(events(get('CronJob', 'hello') as KObject).includes(`Normal SuccessfulDelete cronjob-controller: Deleted job hello-${minute('09:01')}`));
});

test('concurrency policies Forbid and Replace, suspend, and a time zone', () => {
  const { w, create, get, list, events } = world();
  create(cronJob('one', { schedule: '*/1 * * * *', concurrencyPolicy: 'Forbid' }, ['sleep', '150']));
  create(cronJob('swap', { schedule: '*/1 * * * *', concurrencyPolicy: 'Replace' }, ['sleep', '150']));
  create(cronJob('off', { schedule: '*/1 * * * *', suspend: true }));
  create(cronJob('ny', { schedule: '0 4 * * *', timeZone: 'America/New_York' }));
  w.advance(150_000);
  const mine = (prefix: string): string[] => names(list('Job')).filter((n) => n.startsWith(`${prefix}-`));
  assert.equal(mine('one').length, 1);
  assert.ok(events(get('CronJob', 'one') as KObject).includes('Normal JobAlreadyActive cronjob-controller: Not starting job because prior execution is running and concurrency policy is Forbid'));
  // Replace: the 09:01 Job was deleted when 09:02 came.
  assert.equal(mine('swap').length, 1);
  assert.ok(mine('swap')[0]?.endsWith(String(Date.parse('2026-11-21T09:02:00Z') / 60_000)));
  assert.equal(mine('off').length, 0);
  // 04:00 in New York is 09:00 UTC in November: tomorrow's run, not today's.
  assert.equal(mine('ny').length, 0);
  for (const n of ['one', 'swap', 'off']) w.cluster.api.delete(w.cluster.api.resourceOf('CronJob'), 'default', n);
  w.advance(86_400_000);
  assert.equal(get('Job', `ny-${Date.parse('2026-11-22T09:00:00Z') / 60_000}`)?.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp'], '2026-11-22T04:00:00-05:00');
});

const daemonSet = (name: string, spec: Json = {}): Json => ({
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name },
  spec: { selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'busybox:1.37', command: ['sleep', '3600'] }], ...spec } } },
});

test('kube-proxy is a real DaemonSet: 3 desired, current, ready, up to date and available, its pods as they always were', () => {
  const { w, get, list } = world();
  const ds = get('DaemonSet', 'kube-proxy', 'kube-system') as KObject;
  const status = { ...ds.status };
  const version = ds.metadata.resourceVersion;
  const pods = list('Pod', 'kube-system').filter((p) => p.metadata.name?.startsWith('kube-proxy-'));
  assert.deepEqual(names(pods), ['kube-proxy-5szqq', 'kube-proxy-cq85t', 'kube-proxy-v64hq']);
  assert.ok(pods.every((p) => p.metadata.ownerReferences?.[0]?.uid === ds.metadata.uid && p.metadata.labels?.['controller-revision-hash'] === '64b9dbc74b'));
  assert.deepEqual(names(list('ControllerRevision', 'kube-system')), ['kube-proxy-64b9dbc74b']);
  w.advance(60_000);
  // The DaemonSet controller finds nothing to do: the revision matches, every node has its pod.
  const after = get('DaemonSet', 'kube-proxy', 'kube-system') as KObject;
  assert.equal(after.metadata.resourceVersion, version);
  assert.deepEqual(after.status, status);
  assert.deepEqual([status.desiredNumberScheduled, status.currentNumberScheduled, status.numberReady, status.updatedNumberScheduled, status.numberAvailable], [3, 3, 3, 3, 3]);
  assert.deepEqual(names(list('Pod', 'kube-system').filter((p) => p.metadata.name?.startsWith('kube-proxy-'))), names(pods));
});

test('a DaemonSet puts one pod on each node it fits: the tainted control plane only when tolerated, through a node-name affinity', () => {
  const { w, create, get, list, events } = world();
  create(daemonSet('agent'));
  w.advance(10_000);
  const pods = list('Pod');
  assert.deepEqual(pods.map((p) => p.spec.nodeName).sort(), ['worker-1', 'worker-2']);
  const p = pods[0] as KObject;
  assert.deepEqual(p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms, [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [p.spec.nodeName] }] }]);
  assert.deepEqual(p.spec.tolerations.map((t: Json) => `${t.key}:${t.effect}`), ['node.kubernetes.io/not-ready:NoExecute', 'node.kubernetes.io/unreachable:NoExecute', 'node.kubernetes.io/disk-pressure:NoSchedule', 'node.kubernetes.io/memory-pressure:NoSchedule', 'node.kubernetes.io/pid-pressure:NoSchedule', 'node.kubernetes.io/unschedulable:NoSchedule']);
  assert.equal(p.metadata.labels?.['pod-template-generation'], '1');
  const ds = get('DaemonSet', 'agent') as KObject;
  assert.equal(ds.metadata.annotations?.['deprecated.daemonset.template.generation'], '1');
  assert.deepEqual([ds.status.desiredNumberScheduled, ds.status.currentNumberScheduled, ds.status.numberReady, ds.status.updatedNumberScheduled, ds.status.numberAvailable], [2, 2, 2, 2, 2]);
  assert.equal(events(ds).filter((e) => e.startsWith('Normal SuccessfulCreate daemonset-controller: Created pod: agent-')).length, 2);
  const [rev] = list('ControllerRevision');
  assert.equal(p.metadata.labels?.['controller-revision-hash'], rev?.metadata.labels?.['controller-revision-hash']);
  assert.equal(rev?.revision, 1);

  // A toleration for the control plane's taint: a third pod.
  create(daemonSet('everywhere', { tolerations: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists', effect: 'NoSchedule' }] }));
  w.advance(10_000);
  assert.equal(get('DaemonSet', 'everywhere')?.status.desiredNumberScheduled, 3);
  // A node selector narrows it.
  create(daemonSet('picky', { nodeSelector: { 'kubernetes.io/hostname': 'worker-2' } }));
  w.advance(10_000);
  assert.deepEqual(list('Pod').filter((x) => x.metadata.name?.startsWith('picky-')).map((x) => x.spec.nodeName), ['worker-2']);
});

test('a DaemonSet follows its nodes: a removed taint or a new node gets a pod, a cordon keeps it, an evicting taint removes it', () => {
  const { w, create, list } = world();
  const api = w.cluster.api;
  const nodeType = api.resourceOf('Node');
  const setNode = (name: string, change: (n: Json) => void): void => {
    const n = api.get(nodeType, undefined, name) as KObject;
    change(n);
    assert.ok(api.update(n).ok);
  };
  create(daemonSet('agent'));
  w.advance(10_000);
  const onNodes = (): string[] => list('Pod').filter((p) => !p.metadata.deletionTimestamp).map((p) => String(p.spec.nodeName ?? p.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchFields[0].values[0])).sort();
  assert.deepEqual(onNodes(), ['worker-1', 'worker-2']);
  setNode('control-plane', (n) => { n.spec.taints = []; });
  w.advance(10_000);
  assert.deepEqual(onNodes(), ['control-plane', 'worker-1', 'worker-2']);
  // Cordoned: the daemon pod stays (and a new one could still be scheduled there).
  setNode('worker-1', (n) => { n.spec.unschedulable = true; });
  w.advance(10_000);
  assert.deepEqual(onNodes(), ['control-plane', 'worker-1', 'worker-2']);
  // A NoSchedule taint keeps new pods off but leaves the running one; NoExecute takes it away.
  setNode('worker-2', (n) => { n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }]; });
  w.advance(10_000);
  assert.deepEqual(onNodes(), ['control-plane', 'worker-1', 'worker-2']);
  setNode('worker-2', (n) => { n.spec.taints = [{ key: 'dedicated', value: 'db', effect: 'NoExecute' }]; });
  w.advance(40_000);
  assert.deepEqual(onNodes(), ['control-plane', 'worker-1']);
  // A node that joins gets its pod (no kubelet runs it here, so it stays Pending on that node).
  assert.ok(api.create({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'worker-3', labels: { 'kubernetes.io/hostname': 'worker-3', 'kubernetes.io/os': 'linux' } }, spec: {}, status: { allocatable: { cpu: '2', memory: '4Gi', pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] } }).ok);
  w.advance(10_000);
  assert.deepEqual(onNodes(), ['control-plane', 'worker-1', 'worker-3']);
  assert.equal(list('Pod').find((p) => p.spec.nodeName === 'worker-3')?.spec.nodeName, 'worker-3');
});

test('a DaemonSet rolls out a new template one node at a time (maxUnavailable 1), with a new ControllerRevision; undo brings the old revision back', () => {
  const { w, create, get, list } = world();
  // sleep as PID 1 ignores SIGTERM: a short grace period keeps the test short.
  create(daemonSet('agent', { tolerations: [{ operator: 'Exists' }], terminationGracePeriodSeconds: 2 }));
  w.advance(10_000);
  const api = w.cluster.api;
  const ds = api.get(api.resourceOf('DaemonSet'), 'default', 'agent') as KObject;
  ds.spec.template.spec.containers[0].image = 'busybox:1.36';
  assert.ok(api.update(ds).ok);
  assert.equal(get('DaemonSet', 'agent')?.metadata.annotations?.['deprecated.daemonset.template.generation'], '2');
  let mostOld = 0;
  let mostGone = 0;
  for (let t = 0; t < 60_000; t += 200) {
    w.advance(200);
    const pods = list('Pod').filter((p) => !p.metadata.deletionTimestamp);
    mostGone = Math.max(mostGone, 3 - pods.filter((p) => p.status.phase === 'Running').length);
    mostOld = Math.max(mostOld, pods.filter((p) => p.spec.containers[0].image === 'busybox:1.37').length);
  }
  assert.equal(mostGone, 1, 'never more than one node without a running daemon pod');
  const now = get('DaemonSet', 'agent') as KObject;
  assert.deepEqual([now.status.updatedNumberScheduled, now.status.numberAvailable, now.status.observedGeneration], [3, 3, 2]);
  const revisions = [...list('ControllerRevision')].sort((a, b) => a.revision - b.revision);
  assert.deepEqual(revisions.map((r) => r.revision), [1, 2]);
  assert.ok(list('Pod').every((p) => p.metadata.labels?.['controller-revision-hash'] === revisions[1]?.metadata.labels?.['controller-revision-hash'] && p.metadata.labels?.['pod-template-generation'] === '2'));
  assert.equal(mostOld, 2, 'one old pod went at once, the others waited');
  // Back to the first template: its revision is the newest again (renumbered 3), no third one is made.
  const back = api.get(api.resourceOf('DaemonSet'), 'default', 'agent') as KObject;
  back.spec.template.spec.containers[0].image = 'busybox:1.37';
  assert.ok(api.update(back).ok);
  w.advance(1000);
  const again = [...list('ControllerRevision')].sort((a, b) => a.revision - b.revision);
  assert.deepEqual(again.map((r) => [r.metadata.name, r.revision]), [[revisions[1]?.metadata.name, 2], [revisions[0]?.metadata.name, 3]]);
});

const statefulSet = (name: string, spec: Json = {}): Json => ({
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name },
  spec: { serviceName: name, replicas: 3, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx:1.27' }] } }, ...spec },
});

test('a StatefulSet makes NAME-0, NAME-1, NAME-2 in order, each once the one before is Running and Ready', () => {
  const { w, create, get, list, events } = world();
  create(statefulSet('web'));
  const order: string[] = [];
  for (let t = 0; t < 60_000; t += 100) {
    w.advance(100);
    for (const p of list('Pod')) {
      if (order.includes(p.metadata.name as string)) continue;
      // Its predecessor must be ready by the time it exists.
      const ord = Number((p.metadata.name as string).split('-').pop());
      if (ord > 0) assert.ok((get('Pod', `web-${ord - 1}`)?.status.conditions ?? []).some((c: Json) => c.type === 'Ready' && c.status === 'True'), `web-${ord} came before web-${ord - 1} was ready`);
      order.push(p.metadata.name as string);
    }
  }
  assert.deepEqual(order, ['web-0', 'web-1', 'web-2']);
  const p1 = get('Pod', 'web-1') as KObject;
  const sts = get('StatefulSet', 'web') as KObject;
  assert.equal(p1.metadata.labels?.['statefulset.kubernetes.io/pod-name'], 'web-1');
  assert.equal(p1.metadata.labels?.['apps.kubernetes.io/pod-index'], '1');
  assert.equal(p1.metadata.labels?.['controller-revision-hash'], sts.status.updateRevision);
  assert.deepEqual([p1.spec.hostname, p1.spec.subdomain], ['web-1', 'web']);
  assert.deepEqual([sts.status.replicas, sts.status.readyReplicas, sts.status.availableReplicas, sts.status.currentReplicas, sts.status.updatedReplicas, sts.status.collisionCount], [3, 3, 3, 3, 3, 0]);
  assert.equal(sts.status.currentRevision, sts.status.updateRevision);
  assert.deepEqual(events(sts).slice(0, 3), ['Normal SuccessfulCreate statefulset-controller: create Pod web-0 in StatefulSet web successful', 'Normal SuccessfulCreate statefulset-controller: create Pod web-1 in StatefulSet web successful', 'Normal SuccessfulCreate statefulset-controller: create Pod web-2 in StatefulSet web successful']);
});

test('a StatefulSet scales down from the highest ordinal, and a deleted pod comes back under its name; Parallel makes them all at once', () => {
  const { w, create, list, get } = world();
  const api = w.cluster.api;
  create(statefulSet('web'));
  w.advance(60_000);
  const sts = api.get(api.resourceOf('StatefulSet'), 'default', 'web') as KObject;
  sts.spec.replicas = 1;
  assert.ok(api.update(sts).ok);
  const gone: string[] = [];
  for (let t = 0; t < 30_000; t += 100) {
    w.advance(100);
    for (const n of ['web-1', 'web-2']) if (!get('Pod', n) && !gone.includes(n)) gone.push(n);
  }
  assert.deepEqual(gone, ['web-2', 'web-1']);
  const uid = get('Pod', 'web-0')?.metadata.uid;
  api.delete(api.resourceOf('Pod'), 'default', 'web-0');
  w.advance(20_000);
  const again = get('Pod', 'web-0') as KObject;
  assert.ok(again && again.metadata.uid !== uid);

  create(statefulSet('fast', { podManagementPolicy: 'Parallel' }));
  w.advance(300);
  assert.deepEqual(names(list('Pod').filter((p) => p.metadata.name?.startsWith('fast-'))), ['fast-0', 'fast-1', 'fast-2']);
});

test("volumeClaimTemplates: a claim per pod (TEMPLATE-NAME-ORDINAL), made first and kept; with no StorageClass it stays Pending, and so does its pod", () => {
  const { w, create, get, list, events } = world();
  create(statefulSet('db', { replicas: 2, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] }));
  w.advance(30_000);
  assert.deepEqual(names(list('PersistentVolumeClaim')), ['data-db-0']);
  const claim = get('PersistentVolumeClaim', 'data-db-0') as KObject;
  assert.deepEqual([claim.status.phase, claim.spec.volumeMode, claim.metadata.labels?.app], ['Pending', 'Filesystem', 'db']);
  assert.deepEqual(claim.metadata.finalizers, ['kubernetes.io/pvc-protection']);
  assert.ok(events(claim).includes('Normal FailedBinding persistentvolume-controller: no persistent volumes available for this claim and no storage class is set'));
  const pod = get('Pod', 'db-0') as KObject;
  assert.deepEqual(pod.spec.volumes.find((v: Json) => v.name === 'data'), { name: 'data', persistentVolumeClaim: { claimName: 'data-db-0' } });
  assert.equal(pod.status.phase, 'Pending');
  assert.equal(pod.spec.nodeName, undefined);
  assert.ok(events(pod).includes('Warning FailedScheduling default-scheduler: 0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling..'));
  // OrderedReady: db-1 waits for db-0, which waits for its claim.
  assert.equal(get('Pod', 'db-1'), undefined);
});

test('a StatefulSet rolling update goes from the highest ordinal down to the partition', () => {
  const { w, create, get } = world();
  const api = w.cluster.api;
  create(statefulSet('web', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } }));
  w.advance(60_000);
  const sts = api.get(api.resourceOf('StatefulSet'), 'default', 'web') as KObject;
  sts.spec.template.spec.containers[0].image = 'nginx:1.28';
  assert.ok(api.update(sts).ok);
  w.advance(60_000);
  const image = (n: string): string => get('Pod', n)?.spec.containers[0].image;
  assert.deepEqual(['web-0', 'web-1', 'web-2'].map(image), ['nginx:1.27', 'nginx:1.28', 'nginx:1.28']);
  const status = get('StatefulSet', 'web')?.status;
  assert.equal(status.updatedReplicas, 2);
  assert.notEqual(status.currentRevision, status.updateRevision);
});
