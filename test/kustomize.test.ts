/** kustomize as built into kubectl 1.32: outputs checked against `kubectl kustomize` (v1.32, kustomize v5.5.0) on the same files. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentHash } from '../src/shell/kubectl/kustomize.ts';
import { jsonPatch, strategicMergePatch } from '../src/sim/cluster/patch.ts';
import type { Json } from '../src/sim/cluster/objects.ts';

const strategicMerge = (target: unknown, patch: unknown): Json => strategicMergePatch(target, patch) as Json;
import { run, session } from './helpers.ts';

test('the generators\' name suffix is kustomize\'s hash (the name itself hashes as "")', () => {
  // Each expected suffix is what real kubectl kustomize printed for the same generator.
  assert.equal(contentHash({ kind: 'ConfigMap', metadata: { name: 'c' }, data: { a: 'b' } }), '4h2mbtbbt6');
  assert.equal(contentHash({ kind: 'Secret', metadata: { name: 's' }, type: 'Opaque', data: { a: 'Yg==' } }), 'k695gkmbtk');
  assert.equal(contentHash({ kind: 'ConfigMap', metadata: { name: 'web-config' }, data: { COLOR: 'blue', 'index.html': 'hello\n' } }), 'c8962tkb42');
  assert.equal(contentHash({ kind: 'ConfigMap', metadata: { name: 'anything' }, data: { A: '1', B: '2' } }), '66h9cbh964');
});

const BASE = [
  'mkdir -p base && cd base',
  "printf 'hello\\n' > index.html",
  "printf 'A=1\\nB=2\\n' > app.env",
  "cat > deployment.yaml <<'END'",
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', '  labels:', '    app: web', 'spec:', '  replicas: 1', '  selector:', '    matchLabels:', '      app: web',
  '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', '      containers:', '      - name: web', '        image: nginx:1.27', '        envFrom:',
  '        - configMapRef:', '            name: web-config', '        - secretRef:', '            name: web-secret',
  'END',
  "cat > kustomization.yaml <<'END'",
  'namespace: shop', 'namePrefix: dev-', 'nameSuffix: -v1', 'commonLabels:', '  team: blue', 'commonAnnotations:', '  owner: me', 'labels:', '- pairs:', '    env: dev',
  'resources:', '- deployment.yaml', 'images:', '- name: nginx', '  newName: learner/app', '  newTag: "2"', 'replicas:', '- name: web', '  count: 3',
  'configMapGenerator:', '- name: web-config', '  literals:', '  - COLOR=blue', '  files:', '  - index.html', '- name: env-config', '  envs:', '  - app.env',
  'secretGenerator:', '- name: web-secret', '  literals:', '  - password=s3cret',
  'END',
  'cd ..',
].join('\n');

test('kubectl kustomize prints what kubectl 1.32 prints for the same kustomization', () => {
  const s = session();
  run(s, BASE);
  const r = run(s, 'kubectl kustomize base');
  assert.equal(r.code, 0);
  const docs = r.text.split('\n---\n');
  assert.equal(docs[0]?.split('\n')[0], "# Warning: 'commonLabels' is deprecated. Please use 'labels' instead. Run 'kustomize edit fix' to update your Kustomization automatically.");
  const names = docs.map((d) => /\n {2}name: (\S+)/.exec(d)?.[1]);
  assert.deepEqual(names, ['dev-env-config-v1-66h9cbh964', 'dev-web-config-v1-c8962tkb42', 'dev-web-secret-v1-bf5fk5d75b', 'dev-web-v1']);
  assert.equal(docs[3], [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  annotations:', '    owner: me', '  labels:', '    app: web', '    env: dev', '    team: blue', '  name: dev-web-v1', '  namespace: shop',
    'spec:', '  replicas: 3', '  selector:', '    matchLabels:', '      app: web', '      team: blue', '  template:', '    metadata:', '      annotations:', '        owner: me', '      labels:', '        app: web', '        team: blue',
    '    spec:', '      containers:', '      - envFrom:', '        - configMapRef:', '            name: dev-web-config-v1-c8962tkb42', '        - secretRef:', '            name: dev-web-secret-v1-bf5fk5d75b',
    '        image: learner/app:2', '        name: web',
  ].join('\n'));
  assert.deepEqual(run(s, 'kubectl kustomize nope'), { text: "error: must build at directory: not a valid directory: evalsymlink failure on 'nope' : lstat /home/learner/workspace/nope: no such file or directory", code: 1 });
  run(s, "mkdir empty bad && printf 'resourcez: [x]\\n' > bad/kustomization.yaml");
  assert.deepEqual(run(s, 'kubectl kustomize empty'), { text: "error: unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '/home/learner/workspace/empty'", code: 1 });
  assert.deepEqual(run(s, 'kubectl kustomize bad'), { text: 'error: invalid Kustomization: json: unknown field "resourcez"', code: 1 });
});

test('apply -k creates what the kustomization builds; delete -k removes it', () => {
  const s = session();
  run(s, BASE);
  run(s, 'kubectl create namespace shop');
  assert.equal(run(s, 'kubectl apply -k base').text.split('\n').slice(1).join('\n'),
    'configmap/dev-env-config-v1-66h9cbh964 created\nconfigmap/dev-web-config-v1-c8962tkb42 created\nsecret/dev-web-secret-v1-bf5fk5d75b created\ndeployment.apps/dev-web-v1 created');
  assert.match(run(s, 'kubectl get deploy dev-web-v1 -n shop -o wide').text, /dev-web-v1\s+0\/3\s+3\s+0\s+\d+s\s+web\s+learner\/app:2\s+app=web,team=blue/);
  assert.deepEqual(run(s, 'kubectl apply -k base -f base/deployment.yaml'), { text: 'error: only one of -f or -k can be specified', code: 1 });
  assert.match(run(s, 'kubectl delete -k base').text, /configmap "dev-env-config-v1-66h9cbh964" deleted\n.*\ndeployment\.apps "dev-web-v1" deleted$/s);
});

test('strategic merge patches merge lists by their keys; JSON 6902 patches edit by pointer', () => {
  const dep = { spec: { template: { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } } } };
  assert.deepEqual(strategicMerge(dep, { spec: { template: { spec: { containers: [{ name: 'b', image: 'z' }] } } } }).spec.template.spec.containers, [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }]);
  assert.deepEqual(strategicMerge(dep, { spec: { template: { spec: { containers: [{ name: 'a', $patch: 'delete' }] } } } }).spec.template.spec.containers, [{ name: 'b', image: 'y' }]);
  assert.deepEqual(strategicMerge({ a: 1, b: 2 }, { b: null }), { a: 1 });
  assert.deepEqual(jsonPatch({ spec: { replicas: 1, ports: [1] } }, [{ op: 'replace', path: '/spec/replicas', value: 5 }, { op: 'add', path: '/spec/ports/-', value: 2 }, { op: 'remove', path: '/spec/ports/0' }]), { ok: true, value: { spec: { replicas: 5, ports: [2] } } });
});
