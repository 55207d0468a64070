/**
 * Every built-in API type of Kubernetes 1.32 served as the real API server serves it: discovery
 * (`api-resources`, `api-versions`), the server's tables, kubectl's describers, create / apply /
 * get / delete, and the endpoints and endpointslice controllers that follow Services.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { RESOURCES } from '../src/sim/cluster/resources.ts';
import { kindType } from '../src/sim/schema.ts';
import { run, session } from './helpers.ts';
import type { ShellSession } from '../src/shell/session.ts';

const write = (s: ShellSession, path: string, text: string): void => s.world.fs.write(path, text);

test('api-resources: the 1.32 table, core group first then groups in order, names within', () => {
  const s = session();
  const r = run(s, 'kubectl api-resources');
  assert.equal(r.code, 0);
  const lines = r.text.split('\n');
  assert.equal(lines[0], 'NAME                                SHORTNAMES   APIVERSION                        NAMESPACED   KIND');
  assert.equal(lines[1], 'bindings                                         v1                                true         Binding');
  assert.equal(lines.length, 1 + RESOURCES.length);
  assert.ok(lines.includes('persistentvolumeclaims              pvc          v1                                true         PersistentVolumeClaim'));
  assert.ok(lines.includes('customresourcedefinitions           crd,crds     apiextensions.k8s.io/v1           false        CustomResourceDefinition'));
  assert.ok(lines.includes('events                              ev           events.k8s.io/v1                  true         Event'));
  assert.equal(lines.at(-1), 'volumeattachments                                storage.k8s.io/v1                 false        VolumeAttachment');
  const groups = lines.slice(1).map((l) => l.split(/\s+/).find((c) => /^(v1|[a-z.0-9-]+\/v\d)$/.test(c)) ?? '').map((gv) => (gv.includes('/') ? gv.split('/')[0] : ''));
  assert.deepEqual(groups, [...groups].sort(), 'sorted by group, the core group ("") first');
});

test('api-resources flags: -o wide (verbs, categories), -o name, --namespaced=false, --api-group, --no-headers, --sort-by', () => {
  const s = session();
  const wide = run(s, 'kubectl api-resources -o wide --api-group=batch').text.split('\n');
  assert.deepEqual(wide, [
    'NAME       SHORTNAMES   APIVERSION   NAMESPACED   KIND      VERBS                                                        CATEGORIES',
    'cronjobs   cj           batch/v1     true         CronJob   create,delete,deletecollection,get,list,patch,update,watch   all',
    'jobs                    batch/v1     true         Job       create,delete,deletecollection,get,list,patch,update,watch   all',
  ]);
  const names = run(s, 'kubectl api-resources --namespaced=false -o name').text.split('\n');
  assert.ok(names.includes('nodes') && names.includes('clusterroles.rbac.authorization.k8s.io') && !names.includes('pods'));
  assert.equal(run(s, 'kubectl api-resources --api-group=apps --no-headers').text.split('\n')[0], 'controllerrevisions            apps/v1   true   ControllerRevision');
  assert.match(run(s, 'kubectl api-resources --sort-by=kind --no-headers').text.split('\n')[0] as string, /^apiservices .* APIService$/);
  assert.deepEqual(run(s, 'kubectl api-resources -o json'), { text: 'error: --output json is not available', code: 1 });
  const versions = run(s, 'kubectl api-versions').text.split('\n');
  assert.deepEqual([versions[0], versions.at(-1), versions.includes('autoscaling/v1')], ['admissionregistration.k8s.io/v1', 'v1', true]);
});

test('every kind in the table is the schema\'s, and every listable resource lists (the unlistable ones are refused as the server refuses them)', () => {
  const s = session();
  for (const r of RESOURCES) {
    assert.ok(kindType(r.group ? `${r.group}/${r.version}` : r.version, r.kind), `${r.resource}: ${r.kind}`);
    const q = r.group ? `${r.resource}.${r.group}` : r.resource;
    const got = run(s, `kubectl get ${q} -A`);
    if (r.verbs.includes('list')) assert.doesNotMatch(got.text, /doesn't have a resource type|^error|Error from server/m, q);
    else assert.deepEqual(got, { text: 'Error from server (MethodNotAllowed): the server does not allow this method on the requested resource', code: 1 }, q);
  }
});

test('a kubeadm cluster\'s own objects: kubernetes and kube-dns endpoints, leases, priority classes, component statuses', () => {
  const s = session();
  assert.equal(run(s, 'kubectl get endpoints -A').text, [
    'NAMESPACE     NAME         ENDPOINTS                                               AGE',
    'default       kubernetes   172.18.0.2:6443                                         3d',
    'kube-system   kube-dns     10.244.0.2:53,10.244.0.3:53,10.244.0.2:53 + 3 more...   3d',
  ].join('\n'));
  assert.match(run(s, 'kubectl get endpointslices -n kube-system').text, /^NAME +ADDRESSTYPE +PORTS +ENDPOINTS +AGE\nkube-dns-[a-z0-9]{5} +IPv4 +53,53,9153 +10\.244\.0\.\d,10\.244\.0\.\d +3d$/);
  assert.deepEqual(run(s, 'kubectl get pc --no-headers').text.split('\n').map((l) => l.split(/\s+/).slice(0, 3).join(' ')), ['system-cluster-critical 2000000000 false', 'system-node-critical 2000001000 false']);
  assert.deepEqual(run(s, 'kubectl get leases -n kube-node-lease -o name').text.split('\n'), ['lease.coordination.k8s.io/control-plane', 'lease.coordination.k8s.io/worker-1', 'lease.coordination.k8s.io/worker-2']);
  // A node's lease is renewed every 10 s: reading it shows the last renewal.
  run(s, 'sleep 25');
  const renewed = run(s, 'kubectl get lease worker-1 -n kube-node-lease -o jsonpath={.spec.renewTime}').text;
  assert.equal(renewed, new Date(Math.floor(s.world.clock.now() / 10_000) * 10_000).toISOString().replace('.000Z', '.000000Z'));
  assert.equal(run(s, 'kubectl get cs').text, [
    'Warning: v1 ComponentStatus is deprecated in v1.19+',
    'NAME                 STATUS    MESSAGE   ERROR',
    // The empty ERROR cell ends each row: the tabwriter pads the MESSAGE cell before it.
    'scheduler            Healthy   ok        ',
    'controller-manager   Healthy   ok        ',
    'etcd-0               Healthy   ok        ',
  ].join('\n'));
});

test('kinds without a printer get the server\'s default table: NAME and CREATED AT (RFC 3339)', () => {
  const s = session();
  write(s, 'role.yaml', 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: reader}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n  verbs: [get, list]\n');
  assert.deepEqual(run(s, 'kubectl apply -f role.yaml'), { text: 'role.rbac.authorization.k8s.io/reader created', code: 0 });
  assert.equal(run(s, 'kubectl get roles').text, 'NAME     CREATED AT\nreader   2026-11-21T09:00:00Z');
  assert.equal(run(s, 'kubectl describe role reader').text, [
    'Name:         reader',
    'Labels:       <none>',
    'Annotations:  <none>',
    'PolicyRule:',
    '  Resources  Non-Resource URLs  Resource Names  Verbs',
    '  ---------  -----------------  --------------  -----',
    '  pods       []                 []              [get list]',
  ].join('\n'));
  assert.deepEqual(run(s, 'kubectl delete role reader'), { text: 'role.rbac.authorization.k8s.io "reader" deleted', code: 0 });
});

test('Endpoints and EndpointSlices follow a Service: ready pods, not-ready pods, named target ports, `+ N more...`', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=4');
  run(s, 'kubectl expose deployment web --port=80');
  run(s, 'sleep 30');
  assert.match(run(s, 'kubectl get endpoints web').text, /^NAME +ENDPOINTS +AGE\nweb +(10\.244\.\d\.\d:80,){2}10\.244\.\d\.\d:80 \+ 1 more\.\.\. +\d+s$/);
  const svc = run(s, 'kubectl describe svc web').text;
  assert.match(svc, /\nEndpoints: +(10\.244\.\d\.\d:80,){2}10\.244\.\d\.\d:80 \+ 1 more\.\.\.\n/);
  run(s, 'kubectl scale deployment web --replicas=2');
  run(s, 'sleep 30');
  const ep = parse(run(s, 'kubectl get ep web -o yaml').text);
  assert.equal(ep.subsets[0].addresses.length, 2);
  assert.deepEqual(Object.keys(ep.subsets[0].addresses[0]), ['ip', 'nodeName', 'targetRef']);
  assert.deepEqual(ep.subsets[0].ports, [{ port: 80, protocol: 'TCP' }]);
  const slice = parse(run(s, 'kubectl get endpointslices -l kubernetes.io/service-name=web -o yaml').text).items[0];
  assert.equal(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  assert.deepEqual(slice.metadata.ownerReferences.map((o: { kind: string; name: string }) => `${o.kind}/${o.name}`), ['Service/web']);
  assert.deepEqual(slice.ports, [{ name: '', port: 80, protocol: 'TCP' }]);
  assert.equal(slice.endpoints.length, 2);
  // A pod that is not ready is listed under notReadyAddresses (a failing image never becomes ready).
  write(s, 'named.yaml', `apiVersion: v1
kind: Pod
metadata: {name: broken, labels: {app: api}}
spec:
  containers: [{name: a, image: nginx:9.99, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Pod
metadata: {name: good, labels: {app: api}}
spec:
  containers: [{name: a, image: nginx:1.27, ports: [{name: http, containerPort: 8080}]}]
---
apiVersion: v1
kind: Service
metadata: {name: api}
spec:
  selector: {app: api}
  ports: [{port: 80, targetPort: http}]
`);
  run(s, 'kubectl apply -f named.yaml');
  run(s, 'sleep 20');
  const api = parse(run(s, 'kubectl get ep api -o yaml').text);
  assert.deepEqual(api.subsets[0].addresses.map((a: { targetRef: { name: string } }) => a.targetRef.name), ['good']);
  assert.deepEqual(api.subsets[0].ports, [{ port: 8080, protocol: 'TCP' }], 'the named target port resolved to the container port');
  assert.equal(run(s, 'kubectl delete svc web').code, 0);
  assert.match(run(s, 'kubectl get ep').text, /^NAME +ENDPOINTS +AGE\napi +/m);
  assert.doesNotMatch(run(s, 'kubectl get endpointslices').text, /web-/);
});

test('a Service without a selector gets no managed Endpoints; the ones a user writes are served as written', () => {
  const s = session();
  write(s, 'ext.yaml', `apiVersion: v1
kind: Service
metadata: {name: db}
spec:
  ports: [{port: 5432}]
---
apiVersion: v1
kind: Endpoints
metadata: {name: db}
subsets:
- addresses: [{ip: 192.168.1.20}]
  ports: [{port: 5432}]
`);
  assert.deepEqual(run(s, 'kubectl apply -f ext.yaml'), { text: 'service/db created\nendpoints/db created', code: 0 });
  run(s, 'sleep 10');
  assert.match(run(s, 'kubectl get ep db').text, /\ndb +192\.168\.1\.20:5432 +\d+s$/);
  assert.doesNotMatch(run(s, 'kubectl get endpointslices').text, /\ndb-/);
  assert.match(run(s, 'kubectl describe svc db').text, /\nEndpoints: +<none>\n/);
});

test('PersistentVolumeClaims, Ingresses, ConfigMaps: created, listed with the server\'s columns, described as kubectl does', () => {
  const s = session();
  write(s, 'pvc.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: data}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n');
  assert.equal(run(s, 'kubectl apply -f pvc.yaml').text, 'persistentvolumeclaim/data created');
  assert.match(run(s, 'kubectl get pvc').text, /^NAME   STATUS    VOLUME   CAPACITY   ACCESS MODES   STORAGECLASS   VOLUMEATTRIBUTESCLASS   AGE\ndata   Pending {53}<unset> {17}\ds$/);
  assert.match(run(s, 'kubectl describe pvc data').text, /^Name: +data\nNamespace: +default\nStorageClass: +\nStatus: +Pending\nVolume: +\nLabels: +<none>\nAnnotations: +<none>\nFinalizers: +\[kubernetes\.io\/pvc-protection\]\nCapacity: +\nAccess Modes: +\nVolumeMode: +Filesystem\nUsed By: +<none>\nEvents:\n  Type +Reason +Age +From +Message\n  -+ +-+ +-+ +-+ +-+\n  Normal +FailedBinding +\d+s +persistentvolume-controller +no persistent volumes available for this claim and no storage class is set$/);
  write(s, 'ing.yaml', 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: web}\nspec:\n  rules:\n  - host: web.example.com\n    http:\n      paths:\n      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}\n');
  assert.equal(run(s, 'kubectl apply -f ing.yaml').text, 'ingress.networking.k8s.io/web created');
  assert.match(run(s, 'kubectl get ing').text, /^NAME   CLASS    HOSTS             ADDRESS   PORTS   AGE\nweb    <none>   web\.example\.com             80      \ds$/);
  assert.match(run(s, 'kubectl describe ingress web').text, /\nRules:\n  Host +Path  Backends\n  ---- +----  --------\n  web\.example\.com +\n +\/ +web:80 \(<error: services "web" not found>\)\n/);
  run(s, 'kubectl create configmap app --from-literal=mode=prod');
  assert.equal(run(s, 'kubectl describe cm app').text, 'Name:         app\nNamespace:    default\nLabels:       <none>\nAnnotations:  <none>\n\nData\n====\nmode:\n----\nprod\n\n\nBinaryData\n====\n\nEvents:  <none>');
  assert.deepEqual(run(s, 'kubectl delete -f pvc.yaml -f ing.yaml'), { text: 'persistentvolumeclaim "data" deleted\ningress.networking.k8s.io "web" deleted', code: 0 });
});

test('kinds without a kubectl describer get the generic one: every field, labels made from their names', () => {
  const s = session();
  assert.equal(run(s, 'kubectl describe lease kube-scheduler -n kube-system').text.replace(/control-plane_[0-9a-f-]+/, 'control-plane_ID').replace(/UID: +[0-9a-f-]+/, 'UID: ID').replace(/Resource Version: +\d+/, 'Resource Version: N'), [
    'Name:         kube-scheduler',
    'Namespace:    kube-system',
    'Labels:       <none>',
    'Annotations:  <none>',
    'API Version:  coordination.k8s.io/v1',
    'Kind:         Lease',
    'Metadata:',
    '  Creation Timestamp:  2026-11-18T09:00:00Z',
    '  Resource Version: N',
    '  UID: ID',
    'Spec:',
    '  Acquire Time:            2026-11-18T09:00:00.000000Z',
    '  Holder Identity:         control-plane_ID',
    '  Lease Duration Seconds:  15',
    '  Lease Transitions:       0',
    '  Renew Time:              2026-11-21T09:00:00.000000Z',
    'Events:                    <none>',
  ].join('\n'));
});

test('reviews are answered, bindings place a pod, and the resources that cannot be read are refused as the server refuses them', () => {
  const s = session();
  write(s, 'ssar.yaml', 'apiVersion: authorization.k8s.io/v1\nkind: SelfSubjectAccessReview\nspec:\n  resourceAttributes: {verb: delete, resource: nodes}\n');
  assert.equal(parse(run(s, 'kubectl create -f ssar.yaml -o yaml').text).status.allowed, true);
  assert.equal(run(s, 'kubectl apply -f ssar.yaml').text, [
    'Error from server (MethodNotAllowed): error when retrieving current configuration of:',
    'Resource: "authorization.k8s.io/v1, Resource=selfsubjectaccessreviews", GroupVersionKind: "authorization.k8s.io/v1, Kind=SelfSubjectAccessReview"',
    'Name: "", Namespace: ""',
    'from server for: "ssar.yaml": the server does not allow this method on the requested resource',
  ].join('\n'));
  // A pod for a scheduler that does not exist stays Pending until a Binding names its node.
  write(s, 'pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: manual}\nspec:\n  schedulerName: my-scheduler\n  containers: [{name: a, image: nginx:1.27}]\n');
  run(s, 'kubectl apply -f pod.yaml');
  write(s, 'binding.yaml', 'apiVersion: v1\nkind: Binding\nmetadata: {name: manual}\ntarget: {apiVersion: v1, kind: Node, name: worker-2}\n');
  assert.deepEqual(run(s, 'kubectl create -f binding.yaml'), { text: 'binding/manual created', code: 0 });
  assert.deepEqual(run(s, 'kubectl create -f binding.yaml'), { text: 'Error from server (Conflict): error when creating "binding.yaml": Operation cannot be fulfilled on pods/binding "manual": pod manual is already assigned to node "worker-2"', code: 1 });
  run(s, 'sleep 20');
  assert.match(run(s, 'kubectl get pod manual -o wide').text, /\nmanual +1\/1 +Running .* worker-2 /);
});

test('events.k8s.io/v1 Events are the core Events, served in their own shape', () => {
  const s = session();
  run(s, 'kubectl run web --image=nginx:1.27');
  run(s, 'sleep 10');
  const core = parse(run(s, 'kubectl get events -o yaml').text).items;
  const v1 = parse(run(s, 'kubectl get events.events.k8s.io -o yaml').text).items;
  assert.equal(v1.length, core.length);
  assert.deepEqual([v1[0].apiVersion, v1[0].regarding.name, v1[0].note], ['events.k8s.io/v1', core[0].involvedObject.name, core[0].message]);
  const rows = (t: string): string[] => t.split('\n').map((l) => l.replace(/^\S+\s+/, ''));
  assert.deepEqual(rows(run(s, 'kubectl get events.events.k8s.io').text), rows(run(s, 'kubectl get events').text));
});

test('an autoscaling/v1 HorizontalPodAutoscaler is stored as v2 (its CPU target as a metric), with the server\'s defaults', () => {
  const s = session();
  write(s, 'hpa.yaml', 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  maxReplicas: 5\n  targetCPUUtilizationPercentage: 50\n');
  assert.equal(run(s, 'kubectl apply -f hpa.yaml').text, 'horizontalpodautoscaler.autoscaling/web created');
  assert.match(run(s, 'kubectl get hpa').text, /^NAME   REFERENCE        TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nweb    Deployment\/web   cpu: <unknown>\/50%   1         5         0          \ds$/);
  const hpa = parse(run(s, 'kubectl get hpa web -o yaml').text);
  assert.deepEqual([hpa.apiVersion, hpa.spec.metrics[0].resource.target.averageUtilization, hpa.spec.behavior.scaleDown.stabilizationWindowSeconds], ['autoscaling/v2', 50, 300]);
});

test('a ReplicationController keeps its pods as a ReplicaSet does (the replication manager), and scales, exposes and cascades', () => {
  const s = session();
  const rc = (name: string): string => `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n      - name: nginx\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n`;
  write(s, 'foo.yaml', rc('foo'));
  write(s, 'bar.yaml', rc('bar'));
  assert.equal(run(s, 'kubectl apply -f foo.yaml').text, 'replicationcontroller/foo created');
  run(s, 'kubectl apply -f bar.yaml');
  s.world.advance(20_000);
  assert.match(run(s, 'kubectl get rc foo').text, /^NAME +DESIRED +CURRENT +READY +AGE\nfoo +2 +2 +2 +\d+s$/);
  const pods = s.world.cluster.api.list(s.world.cluster.api.resourceOf('Pod'), 'default').filter((p) => p.metadata.name?.startsWith('foo-'));
  assert.equal(pods.length, 2);
  assert.deepEqual(pods[0]?.metadata.ownerReferences, [{ apiVersion: 'v1', kind: 'ReplicationController', name: 'foo', uid: (s.world.cluster.api.get(s.world.cluster.api.resourceOf('ReplicationController'), 'default', 'foo') as { metadata: { uid: string } }).metadata.uid, controller: true, blockOwnerDeletion: true }]);
  assert.match(run(s, 'kubectl describe rc foo').text, /Normal +SuccessfulCreate +\d+s +replication-controller +Created pod: foo-[a-z0-9]{5}/);
  assert.equal(run(s, 'kubectl scale --replicas=3 rc/foo rc/bar').text, 'replicationcontroller/foo scaled\nreplicationcontroller/bar scaled');
  assert.equal(run(s, 'kubectl expose rc foo --port=80 --target-port=8000').text, 'service/foo exposed');
  s.world.advance(20_000);
  assert.match(run(s, 'kubectl get rc').text, /\nbar +3 +3 +3 +\d+s\nfoo +3 +3 +3 +\d+s$/);
  assert.match(run(s, 'kubectl get endpoints foo').text, /\nfoo +10\.244\.\d+\.\d+:8000,10\.244\.\d+\.\d+:8000,10\.244\.\d+\.\d+:8000 +\d+s$/);
  assert.equal(run(s, 'kubectl scale --replicas=1 -f foo.yaml').text, 'replicationcontroller/foo scaled');
  s.world.advance(40_000);
  assert.equal(s.world.cluster.api.list(s.world.cluster.api.resourceOf('Pod'), 'default').filter((p) => p.metadata.name?.startsWith('foo-')).length, 1);
  run(s, 'kubectl delete rc foo bar');
  s.world.advance(40_000);
  assert.equal(run(s, 'kubectl get pods').text, 'No resources found in default namespace.');
});

test('the persistent-volume controller binds a claim to the smallest volume that fits, reclaims it when the claim goes, and the protection finalizers hold what is in use', () => {
  const s = session();
  const pv = (name: string, size: string, extra = ''): string => `apiVersion: v1\nkind: PersistentVolume\nmetadata:\n  name: ${name}\nspec:\n  storageClassName: manual\n  capacity:\n    storage: ${size}\n  accessModes: [ReadWriteOnce]\n${extra}  hostPath:\n    path: /mnt/${name}\n`;
  write(s, 'pvc.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: manual\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 3Gi\n');
  write(s, 'pod.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: user\nspec:\n  volumes:\n  - name: d\n    persistentVolumeClaim:\n      claimName: data\n  containers:\n  - name: c\n    image: nginx:1.27\n    volumeMounts:\n    - {name: d, mountPath: /data}\n');
  write(s, 'big.yaml', pv('big', '10Gi'));
  write(s, 'small.yaml', pv('small', '1Gi'));
  write(s, 'fits.yaml', pv('fits', '5Gi', '  persistentVolumeReclaimPolicy: Delete\n'));
  run(s, 'kubectl apply -f big.yaml -f small.yaml');
  assert.match(run(s, 'kubectl get pv big').text, /\nbig +10Gi +RWO +Retain +Available +manual +<unset> +\d+s$/);
  // small is too small; big and fits both fit, and fits is the smaller.
  run(s, 'kubectl apply -f fits.yaml -f pvc.yaml');
  assert.match(run(s, 'kubectl get pvc data').text, /\ndata +Bound +fits +5Gi +RWO +manual +<unset> +\d+s$/);
  const claim = run(s, 'kubectl get pvc data -o yaml').text;
  assert.match(claim, /pv\.kubernetes\.io\/bind-completed: "yes"\n {4}pv\.kubernetes\.io\/bound-by-controller: "yes"/);
  assert.match(claim, /status:\n {2}accessModes:\n {2}- ReadWriteOnce\n {2}capacity:\n {4}storage: 5Gi\n {2}phase: Bound$/);
  assert.match(run(s, 'kubectl get pv fits -o yaml').text, /claimRef:\n {4}apiVersion: v1\n {4}kind: PersistentVolumeClaim\n {4}name: data\n {4}namespace: default\n/);
  // Its spec is the claim's as created.
  write(s, 'pvc.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: data\nspec:\n  storageClassName: manual\n  accessModes: [ReadWriteMany]\n  resources:\n    requests:\n      storage: 3Gi\n');
  assert.equal(run(s, 'kubectl apply -f pvc.yaml').text, 'The PersistentVolumeClaim "data" is invalid: spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims');
  run(s, 'kubectl apply -f pod.yaml');
  s.world.advance(15_000);
  assert.match(run(s, 'kubectl get pod user').text, /\nuser +1\/1 +Running/);
  // pvc-protection: deleted while a pod uses it, the claim stays Terminating.
  assert.equal(run(s, 'kubectl delete pvc data --wait=false').text, 'persistentvolumeclaim "data" deleted');
  assert.match(run(s, 'kubectl get pvc data').text, /\ndata +Terminating +fits/);
  run(s, 'kubectl delete pod user');
  s.world.advance(2_000);
  assert.equal(run(s, 'kubectl get pvc').text, 'No resources found in default namespace.');
  // The Delete policy on a host path outside /tmp fails, as the host-path deleter does.
  assert.match(run(s, 'kubectl get pv fits').text, /\nfits +5Gi +RWO +Delete +Failed +default\/data +manual/);
  assert.match(run(s, 'kubectl describe pv fits').text, /Message: +host_path deleter only supports \/tmp\/\.\+ but received provided \/mnt\/fits\n[^]*Warning +VolumeFailedDelete/);
  // A claim nobody can satisfy says why, every 15 s.
  write(s, 'c.yaml', 'apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata:\n  name: c\nspec:\n  storageClassName: fast\n  accessModes: [ReadWriteOnce]\n  resources:\n    requests:\n      storage: 1Gi\n');
  run(s, 'kubectl apply -f c.yaml');
  s.world.advance(31_000);
  assert.match(run(s, 'kubectl describe pvc c').text, /Warning +ProvisioningFailed +\d+s \(x3 over 3\ds\) +persistentvolume-controller +storageclass\.storage\.k8s\.io "fast" not found$/);
  // A volume no claim is bound to goes at once (pv-protection holds only a Bound one).
  assert.equal(run(s, 'kubectl delete pv small').text, 'persistentvolume "small" deleted');
  assert.equal(run(s, 'kubectl get pv small').text, 'Error from server (NotFound): persistentvolumes "small" not found');
});
