/**
 * One set of rules: what `kubetutor explain` calls an error, the sandbox's API server refuses
 * (`kubectl apply --dry-run=server`), and what it explains without an error, the server accepts —
 * on the real-world corpus and on targeted cases. Also the API server's own messages: causes in
 * its order, the immutable-selector text, decoding failures.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { test } from 'node:test';
import { explainText, type ExplainedDocument } from '../src/explain/analyze.ts';
import { resourceByKind } from '../src/sim/cluster/resources.ts';
import { manifests, run, session } from './helpers.ts';
import type { ShellSession } from '../src/shell/session.ts';

const CORPUS = [join(import.meta.dirname, 'corpus'), join(import.meta.dirname, '..', '..', 'shared', 'corpus')].find((p) => existsSync(join(p, 'k8s-website-examples')));

/**
 * Error codes that are not the API server's: an image reference the server stores as it is
 * (the kubelet fails it with InvalidImageName when it pulls).
 */
const NOT_THE_SERVERS = new Set(['invalid-image']);

/** Apply one decoded document with a server dry run; the namespace it names is made first (as a learner would). */
function dryRun(s: ShellSession, doc: ExplainedDocument, n: number): { code: number; text: string } {
  const obj = doc.object as { kind?: unknown; apiVersion?: unknown; metadata?: { namespace?: unknown } } | undefined;
  const ns = obj?.metadata?.namespace;
  if (typeof ns === 'string' && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(ns) && typeof obj?.kind === 'string' && typeof obj.apiVersion === 'string' && resourceByKind(obj.kind, obj.apiVersion)?.namespaced) {
    run(s, `kubectl create namespace ${ns}`);
  }
  // A pod's service account must exist (admission): the example's prerequisite, made as its page says.
  const spec = (obj as { spec?: { serviceAccountName?: unknown } } | undefined)?.spec;
  if (obj?.kind === 'Pod' && typeof spec?.serviceAccountName === 'string') run(s, `kubectl create serviceaccount ${spec.serviceAccountName}${typeof ns === 'string' ? ` -n ${ns}` : ''}`);
  s.world.fs.write(`doc-${n}.json`, JSON.stringify(doc.object));
  return run(s, `kubectl apply --dry-run=server -f doc-${n}.json`);
}

test('corpus: every explain error is one the server refuses, and what explains cleanly the server accepts', { skip: CORPUS ? false : 'no corpus' }, () => {
  const s = session();
  const problems: string[] = [];
  let n = 0;
  let refused = 0;
  let accepted = 0;
  for (const file of manifests(CORPUS as string)) {
    const rel = relative(CORPUS as string, file);
    const docs = explainText(readFileSync(file, 'utf8'), rel);
    for (const doc of docs) {
      if (!doc.object) continue; // YAML that does not parse: kubectl refuses the whole file
      const errors = doc.findings.filter((f) => f.severity === 'error' && !NOT_THE_SERVERS.has(f.code));
      const notes = doc.findings.map((f) => f.code);
      // Not for the API server at all (a kustomization, a component's config file), or a custom
      // resource whose CRD the corpus does not carry.
      if (notes.some((c) => c === 'kustomization' || c === 'config-file' || c === 'custom-resource')) continue;
      const r = dryRun(s, doc, n++);
      if (errors.length > 0) {
        refused++;
        if (r.code === 0) problems.push(`${rel}#${doc.index}: explain says ${errors.map((e) => `[${e.code}] ${e.message}`).join('; ')} — but the server accepts it`);
      } else {
        accepted++;
        if (r.code !== 0) problems.push(`${rel}#${doc.index} (${String(doc.kind)} ${String(doc.name)}): explain finds no error — but the server says ${r.text}`);
      }
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(refused >= 40 && accepted >= 400, `${refused} refused, ${accepted} accepted`);
});

/** Explain a manifest and dry-run it on the server: the explainer's error paths and the server's lines. */
function both(yaml: string): { explained: string[]; server: string; code: number } {
  const s = session();
  const explained = explainText(yaml, 'm.yaml').flatMap((d) => d.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.path}`));
  s.world.fs.write('m.yaml', yaml);
  const r = run(s, 'kubectl apply --dry-run=server -f m.yaml');
  // kubectl's own lines (kubetutor's teaching hints are not the server's).
  return { explained, server: r.text.split('\n').filter((l) => !l.startsWith('hint: ')).join('\n'), code: r.code };
}

test('the rules the explainer had on its own are the API server\'s now: each is explained and refused, with the server\'s words', () => {
  const cases: Array<[string, string, string]> = [
    ['apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: "not base64!!"\n', 'invalid-value data[k]',
      'Error from server (BadRequest): error when creating "m.yaml": Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3'],
    ['apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: aGk=\n', 'required data[tls.key]',
      'The Secret "s" is invalid: data[tls.key]: Required value'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  "a b": x\n', 'invalid-value data[a b]',
      'The ConfigMap "c" is invalid: data[a b]: Invalid value: "a b": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')'],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    "bad key": x\n', 'invalid-value metadata.annotations',
      'The ConfigMap "c" is invalid: metadata.annotations: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')'],
    ['apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "every day"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: a, image: busybox:1.37}]\n', 'invalid-value spec.schedule',
      'The CronJob "c" is invalid: spec.schedule: Invalid value: "every day": expected exactly 5 fields, found 2: [every day]'],
    [`apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: ${'c'.repeat(53)}}\nspec:\n  schedule: "@hourly"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: a, image: busybox:1.37}]\n`, 'invalid-name metadata.name',
      `The CronJob "${'c'.repeat(53)}" is invalid: metadata.name: Invalid value: "${'c'.repeat(53)}": must be no more than 52 characters`],
    ['apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: my_port}]\n', 'invalid-value spec.ports[0].targetPort',
      'The Service "s" is invalid: spec.ports[0].targetPort: Invalid value: "my_port": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)'],
    ['apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  template:\n    spec:\n      containers: [{name: a, image: busybox:1.37}]\n', 'required spec.template.spec.restartPolicy',
      'The Job "j" is invalid: spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
    ['apiVersion: v1\nkind: ReplicationController\nmetadata: {name: r}\nspec:\n  selector: {app: a}\n  template:\n    metadata: {labels: {app: b}}\n    spec:\n      containers: [{name: a, image: nginx:1.27}]\n', 'selector-mismatch spec.template.metadata.labels',
      'The ReplicationController "r" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"b"}: `selector` does not match template `labels`'],
    ['apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db.example}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: a, image: postgres:17}]\n', 'invalid-name metadata.name',
      'The StatefulSet "db.example" is invalid: metadata.name: Invalid value: "db.example": must not contain dots'],
  ];
  for (const [yaml, finding, line] of cases) {
    const r = both(yaml);
    assert.ok(r.explained.includes(finding), `explain: ${r.explained.join(', ')} (wanted ${finding})`);
    assert.equal(r.code, 1, yaml);
    assert.equal(r.server, line);
  }
  const job = both('apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox:1.37}]\n');
  assert.deepEqual(job.explained, ['invalid-value spec.selector']);
  assert.match(job.server, /^The Job "j" is invalid: spec\.selector: Invalid value: v1\.LabelSelector\{MatchLabels:map\[string\]string\{"a":"b".*`selector` not auto-generated$/);
});

test('a StatefulSet is accepted with a pod template its pods will be refused for: explain warns, the server accepts', () => {
  const yaml = 'apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\nspec:\n  selector: {matchLabels: {app: db}}\n  template:\n    metadata: {labels: {app: db}}\n    spec:\n      containers: [{name: a}]\n';
  const docs = explainText(yaml, 'm.yaml');
  assert.deepEqual(docs[0]?.findings.filter((f) => f.code === 'pod-template-invalid').map((f) => `${f.severity} ${f.path}`), ['warning spec.template.spec.containers[0].image']);
  assert.equal(both(yaml).code, 0);
});

test('validation causes come in the API server\'s order: metadata first, then the spec as the validator walks it', () => {
  const pod = both(`apiVersion: v1
kind: Pod
metadata:
  name: Bad_Pod
spec:
  restartPolicy: Sometimes
  initContainers:
  - image: busybox:1.37
  containers:
  - name: web
    ports:
    - containerPort: 70000
`);
  assert.equal(pod.server, [
    'The Pod "Bad_Pod" is invalid: ',
    '* metadata.name: Invalid value: "Bad_Pod": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    '* spec.containers[0].image: Required value',
    '* spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive',
    '* spec.initContainers[0].name: Required value',
    '* spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
  ].join('\n'));
  const deploy = both(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: -1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: other}}
    spec:
      containers:
      - image: nginx:1.27
`);
  assert.equal(deploy.server, [
    'The Deployment "web" is invalid: ',
    '* spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"other"}: `selector` does not match template `labels`',
    '* spec.template.spec.containers[0].name: Required value',
  ].join('\n'));
});

test('a Deployment\'s selector is immutable, in the server\'s words (v1.LabelSelector printed with %#v); a StatefulSet\'s is refused with the rest of its spec', () => {
  const s = session();
  const manifest = (app: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: ${app}}}\n  template:\n    metadata: {labels: {app: ${app}}}\n    spec:\n      containers: [{name: web, image: nginx:1.27}]\n`;
  s.world.fs.write('d.yaml', manifest('web'));
  assert.equal(run(s, 'kubectl apply -f d.yaml').code, 0);
  s.world.fs.write('d.yaml', manifest('web2'));
  const r = run(s, 'kubectl apply -f d.yaml');
  assert.equal(r.code, 1);
  assert.equal(r.text, 'The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web2"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable');
  // A StatefulSet's selector is refused with the rest of its spec (ValidateStatefulSetUpdate), not on its own.
  s.world.fs.write('s.yaml', manifest('db').replace('kind: Deployment', 'kind: StatefulSet').replace('name: web}', 'name: db}'));
  assert.equal(run(s, 'kubectl apply -f s.yaml').code, 0);
  s.world.fs.write('s.yaml', manifest('db2').replace('kind: Deployment', 'kind: StatefulSet').replace('name: web}', 'name: db}'));
  assert.equal(run(s, 'kubectl apply -f s.yaml').text, "The StatefulSet \"db\" is invalid: spec: Forbidden: updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden");
});

test('quantities that do not parse fail decoding, as Go\'s Quantity unmarshalling does', () => {
  const r = both('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    resources: {limits: {memory: 1Gb}}\n');
  assert.deepEqual(r.explained, ['invalid-value spec.containers[0].resources.limits[memory]']);
  assert.equal(r.server, 'Error from server (BadRequest): error when creating "m.yaml": Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'');
});

test('kinds without their own rules are refused for the fields their schema requires', () => {
  const r = both('apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- apiGroups: [""]\n  resources: [pods]\n');
  assert.deepEqual(r.explained, ['required rules[0].verbs']);
  assert.equal(r.code, 1);
  const lease = both('apiVersion: coordination.k8s.io/v1\nkind: Lease\nmetadata: {name: l}\nspec: {holderIdentity: me}\n');
  assert.deepEqual([lease.explained, lease.code], [[], 0]);
});
