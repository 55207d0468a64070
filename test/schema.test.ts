import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'yaml';
import { checkObject, explainPath, fieldDef, kindType, schemaSource, typeDef } from '../src/sim/schema.ts';

const deployment = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
    app.kubernetes.io/part-of: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy:
    type: RollingUpdate
    rollingUpdate:
      maxSurge: 25%
      maxUnavailable: 1
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          imagePullPolicy: IfNotPresent
          ports:
            - containerPort: 80
          resources:
            requests:
              cpu: 500m
              memory: 1
            limits:
              cpu: 1
              memory: 128Mi
          readinessProbe:
            httpGet:
              path: /
              port: http
`;

/** A fresh copy of the valid Deployment, for each test to break in one place. */
function validDeployment(): any {
  return parse(deployment);
}

test('the schema comes from the kubernetes-models package', () => {
  assert.match(schemaSource(), /kubernetes-models@4\.\d+\.\d+/);
  assert.match(schemaSource(), /@kubernetes-models\/apimachinery@\d+\.\d+\.\d+/);
});

test('the index covers the everyday kinds and a removed API', () => {
  const expected: Array<[string, string, string]> = [
    ['v1', 'Pod', 'io.k8s.api.core.v1.Pod'],
    ['apps/v1', 'Deployment', 'io.k8s.api.apps.v1.Deployment'],
    ['apps/v1', 'ReplicaSet', 'io.k8s.api.apps.v1.ReplicaSet'],
    ['v1', 'Service', 'io.k8s.api.core.v1.Service'],
    ['v1', 'Namespace', 'io.k8s.api.core.v1.Namespace'],
    ['v1', 'ConfigMap', 'io.k8s.api.core.v1.ConfigMap'],
    ['v1', 'Secret', 'io.k8s.api.core.v1.Secret'],
    ['batch/v1', 'Job', 'io.k8s.api.batch.v1.Job'],
    ['batch/v1', 'CronJob', 'io.k8s.api.batch.v1.CronJob'],
    ['networking.k8s.io/v1', 'Ingress', 'io.k8s.api.networking.v1.Ingress'],
    ['extensions/v1beta1', 'Deployment', 'io.k8s.api.extensions.v1beta1.Deployment'],
  ];
  for (const [apiVersion, kind, id] of expected) {
    assert.equal(kindType(apiVersion, kind), id, `${apiVersion} ${kind}`);
    assert.ok(typeDef(id)!.fields.some((f) => f.name === 'spec' || f.name === 'data'), `${id} has fields`);
  }
  assert.equal(kindType('apps/v1', 'Deploymnet'), undefined);
  assert.equal(kindType('v1', 'constructor'), undefined);
  // The removed API has its own shape: rollbackTo existed only before apps/v1.
  assert.ok(fieldDef('io.k8s.api.extensions.v1beta1.DeploymentSpec', 'rollbackTo'));
  assert.equal(fieldDef('io.k8s.api.apps.v1.DeploymentSpec', 'rollbackTo'), undefined);
});

test('explainPath steps through lists to the official description and enum', () => {
  const field = explainPath('v1', 'Pod', ['spec', 'containers', 'imagePullPolicy'])!;
  assert.equal(field.owner, 'io.k8s.api.core.v1.Container');
  assert.match(field.description, /^Image pull policy\. One of Always, Never, IfNotPresent\. Defaults to Always if :latest tag is specified/);
  assert.deepEqual(field.enum, ['Always', 'IfNotPresent', 'Never']);
  assert.equal(field.required, false);
  assert.deepEqual(field.type, { t: 'string' });

  assert.equal(explainPath('v1', 'Pod', ['spec', 'containers', 'name'])!.required, true);
  assert.deepEqual(explainPath('v1', 'Pod', ['spec', 'containers'])!.type, { t: 'array', i: { t: 'ref', r: 'io.k8s.api.core.v1.Container' } });
  assert.deepEqual(explainPath('apps/v1', 'Deployment', ['spec', 'replicas'])!.type, { t: 'integer' });
  assert.deepEqual(explainPath('v1', 'Pod', ['metadata', 'labels'])!.type, { t: 'map', v: { t: 'string' } });
  assert.deepEqual(explainPath('v1', 'Service', ['spec', 'ports', 'targetPort'])!.type, { t: 'int-or-string' });
  assert.deepEqual(explainPath('v1', 'Pod', ['spec', 'containers', 'resources', 'limits'])!.type, { t: 'map', v: { t: 'quantity' } });
  assert.deepEqual(explainPath('v1', 'Pod', ['metadata', 'creationTimestamp'])!.type, { t: 'time' });
  // The package leaves apiVersion/kind undocumented on kinds; the standard text is restored.
  assert.match(explainPath('apps/v1', 'Deployment', ['apiVersion'])!.description, /^APIVersion defines the versioned schema/);
  assert.equal(explainPath('v1', 'Pod', ['spec', 'containers', 'imagee']), undefined);
  assert.equal(explainPath('v1', 'Pod', ['spec', 'containers', 'image', 'tag']), undefined);
  assert.equal(explainPath('v1', 'Pod', []), undefined);
});

test('a valid Deployment, label maps, int-or-string ports and quantities pass', () => {
  assert.deepEqual(checkObject('apps/v1', 'Deployment', validDeployment()), []);
  const service = parse(`
apiVersion: v1
kind: Service
metadata: { name: web }
spec:
  selector: { app: web }
  ports:
    - { name: http, port: 80, targetPort: 8080 }
    - { name: admin, port: 81, targetPort: admin }
`);
  assert.deepEqual(checkObject('v1', 'Service', service), []);
  // apiVersion/kind may be left to the request, as the API server allows.
  assert.deepEqual(checkObject('v1', 'ConfigMap', { metadata: { name: 'c' }, data: { a: 'b' } }), []);
});

test('an unknown field is reported with its kubectl path', () => {
  const d = validDeployment();
  d.spec.template.spec.containers[0].imagee = 'nginx';
  assert.deepEqual(checkObject('apps/v1', 'Deployment', d), [
    { path: 'spec.template.spec.containers[0].imagee', kind: 'unknown-field', value: 'nginx' },
  ]);
  const m = validDeployment();
  m.metadata.lables = { app: 'web' };
  assert.deepEqual(checkObject('apps/v1', 'Deployment', m).map((i) => i.path), ['metadata.lables']);
});

test('a string where an integer is wanted is a wrong type; int-or-string is not', () => {
  const d = validDeployment();
  d.spec.replicas = 'three';
  assert.deepEqual(checkObject('apps/v1', 'Deployment', d), [
    { path: 'spec.replicas', kind: 'wrong-type', expected: 'integer', value: 'three' },
  ]);
  const f = validDeployment();
  f.spec.replicas = 1.5;
  assert.equal(checkObject('apps/v1', 'Deployment', f)[0]?.kind, 'wrong-type');
  const l = validDeployment();
  l.metadata.labels.tier = 3;
  assert.deepEqual(checkObject('apps/v1', 'Deployment', l), [
    { path: 'metadata.labels[tier]', kind: 'wrong-type', expected: 'string', value: 3 },
  ]);
  const p = validDeployment();
  p.spec.template.spec.containers[0].ports = { containerPort: 80 };
  assert.deepEqual(checkObject('apps/v1', 'Deployment', p).map((i) => [i.path, i.kind, i.expected]), [
    ['spec.template.spec.containers[0].ports', 'wrong-type', '[]ContainerPort'],
  ]);
  const q = validDeployment();
  q.spec.template.spec.containers[0].resources.limits.memory = true;
  assert.deepEqual(checkObject('apps/v1', 'Deployment', q).map((i) => [i.path, i.expected]), [
    ['spec.template.spec.containers[0].resources.limits[memory]', 'Quantity'],
  ]);
});

test('a value outside an enum is reported with the allowed values', () => {
  const d = validDeployment();
  d.spec.template.spec.containers[0].imagePullPolicy = 'Sometimes';
  assert.deepEqual(checkObject('apps/v1', 'Deployment', d), [
    {
      path: 'spec.template.spec.containers[0].imagePullPolicy',
      kind: 'enum',
      value: 'Sometimes',
      allowed: ['Always', 'IfNotPresent', 'Never'],
    },
  ]);
  const s = validDeployment();
  s.apiVersion = 'extensions/v1beta1';
  assert.deepEqual(checkObject('apps/v1', 'Deployment', s), [
    { path: 'apiVersion', kind: 'enum', value: 'extensions/v1beta1', allowed: ['apps/v1'] },
  ]);
});

test('missing required fields are reported where they belong', () => {
  const pod = parse(`
apiVersion: v1
kind: Pod
metadata: { name: p }
spec:
  restartPolicy: Never
`);
  assert.deepEqual(checkObject('v1', 'Pod', pod), [{ path: 'spec.containers', kind: 'required', expected: '[]Container' }]);
  pod.spec.containers = null;
  assert.deepEqual(checkObject('v1', 'Pod', pod).map((i) => i.kind), ['required']);
  pod.spec.containers = [{ image: 'nginx' }];
  assert.deepEqual(checkObject('v1', 'Pod', pod), [{ path: 'spec.containers[0].name', kind: 'required', expected: 'string' }]);
});

test('issues come in document order and nothing is checked below a wrong type', () => {
  const d = validDeployment();
  d.spec.template.spec.containers[0] = { naem: 'web', imagePullPolicy: 'sometimes', image: 7 };
  d.spec.template.spec.containers.push('sidecar');
  d.spec.paused = 'no';
  assert.deepEqual(checkObject('apps/v1', 'Deployment', d).map((i) => `${i.kind} ${i.path}`), [
    'unknown-field spec.template.spec.containers[0].naem',
    'enum spec.template.spec.containers[0].imagePullPolicy',
    'wrong-type spec.template.spec.containers[0].image',
    'required spec.template.spec.containers[0].name',
    'wrong-type spec.template.spec.containers[1]',
    'wrong-type spec.paused',
  ]);
  assert.deepEqual(checkObject('v1', 'Pod', 'not a pod').map((i) => i.kind), ['wrong-type']);
  assert.throws(() => checkObject('v1', 'Deploymnet', {}), /no schema for v1\/Deploymnet/);
});

test('free-form fields accept anything', () => {
  const configMap = {
    metadata: { name: 'x', managedFields: [{ fieldsV1: { 'f:metadata': { anything: [1, 'two'] } } }] },
  };
  assert.deepEqual(checkObject('v1', 'ConfigMap', configMap), []);
});
