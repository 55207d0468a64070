/**
 * `kubetutor explain` through its public doors: `explainText()` (findings with a stable code, a
 * kubectl path and a 1-based line:column; field notes), `kubetutor explain` run in-process on an
 * in-memory terminal (exit codes, --json, stdin, folders, what it refuses to read, the
 * resource-path form, the what-if timeline), `kubectl explain` in the sandbox, and the
 * real-world corpus (Kubernetes docs examples, kubeconform fixtures, kubectl-validate cases).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { after, test } from 'node:test';
import { explainText, type ExplainedDocument, type Finding } from '../src/explain/analyze.ts';
import { manifests, memoryIo, transcript } from './helpers.ts';

process.env.KUBETUTOR_NO_MAIN = '1';
const { main } = await import('../src/cli/main.ts');

const temps: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'kubetutor-explain-'));
  temps.push(d);
  return d;
}
after(() => { for (const d of temps) rmSync(d, { recursive: true, force: true }); });

function writeTemp(name: string, content: string | Buffer, dir = tempDir()): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, content);
  return p;
}

/** Run `kubetutor ARGS` in-process on an in-memory terminal; never a stack trace, never a crash. */
async function cli(args: string[], input = ''): Promise<{ code: number; out: string; err: string }> {
  const io = memoryIo(input);
  const code = await main(args, io);
  const r = { code, out: io.output(), err: io.errors() };
  assert.doesNotMatch(r.err, /^ {4}at /m, `a stack trace on stderr:\n${r.err}`);
  assert.notEqual(code, 70, `an internal error:\n${r.err}`);
  return r;
}

interface JsonField { path: string; line: number; column: number; description: string; source: string; type?: string; required?: boolean; component?: string }
interface JsonDocument { file: string; index: number; kind: string | null; apiVersion: string | null; name: string | null; fields: JsonField[]; findings: Finding[] }
interface JsonOutput { documents: JsonDocument[]; timeline: Array<{ atMs: number; component: string; text: string }> }

function explainOne(yaml: string): ExplainedDocument {
  const docs = explainText(yaml, 'm.yaml');
  assert.equal(docs.length, 1, `expected one document, got ${docs.length}`);
  return docs[0] as ExplainedDocument;
}

/** A finding as `severity code path line:column`, for whole-list comparisons. */
const brief = (f: Finding): string => `${f.severity} ${f.code} ${f.path} ${f.line}:${f.column}`;

function finding(doc: ExplainedDocument, code: string, path: string): Finding {
  const f = doc.findings.find((x) => x.code === code && x.path === path);
  assert.ok(f, `no ${code} at ${path}; got:\n${doc.findings.map(brief).join('\n')}`);
  return f;
}

const errorsOf = (docs: readonly ExplainedDocument[]): Finding[] => docs.flatMap((d) => d.findings.filter((f) => f.severity === 'error'));

// ── findings on a Deployment ────────────────────────────────────────────────────────────────────

/** Every line number below is the line in this text (1-based). */
const BROKEN_DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: Web_App
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: webapp
    spec:
      containers:
      - name: web
        image: nginx
        ports:
        - containerPort: "80"
      - name: web
        image: nginx:latest
        imagePullPolicy: Never
        resources:
          requests:
            cpu: 100m
      - name: side
        image: Nginx:1.0
        resources:
          requests:
            cpu: 100m
      - name: helper
        imagee: busybox:1.37
        resources:
          requests:
            cpu: 100m
`;

test('a broken Deployment: every mistake with its code, kubectl path and line:column, in position order', () => {
  const doc = explainOne(BROKEN_DEPLOYMENT);
  assert.equal(doc.kind, 'Deployment');
  assert.equal(doc.apiVersion, 'apps/v1');
  assert.equal(doc.name, 'Web_App');
  const c = 'spec.template.spec.containers';
  assert.deepEqual(doc.findings.map(brief), [
    'error invalid-name metadata.name 4:9', //                          "Web_App": the value on line 4
    'error selector-mismatch spec.template.metadata.labels 13:9', //    the labels' mapping starts on line 13
    `info no-resources ${c}[0].resources 16:9`, //                     missing: points at the container ("- name: web")
    `warning no-tag ${c}[0].image 17:16`, //                           "nginx"
    `info implicit-registry ${c}[0].image 17:16`,
    `error wrong-type ${c}[0].ports[0].containerPort 19:26`, //       "80" (quoted: a string)
    `error duplicate-container ${c}[1].name 20:15`, //                the second "web"
    `warning latest-tag ${c}[1].image 21:16`,
    `info implicit-registry ${c}[1].image 21:16`,
    `warning pull-never ${c}[1].imagePullPolicy 22:26`,
    `error invalid-image ${c}[2].image 27:16`, //                      "Nginx:1.0": upper case
    `error required ${c}[3].image 31:9`, //                            missing: points at the container ("- name: helper")
    `error unknown-field ${c}[3].imagee 32:9`, //                      the misspelt key itself
  ]);
  const typo = finding(doc, 'unknown-field', `${c}[3].imagee`);
  assert.match(typo.suggestion, /did you mean "image"\?/);
  assert.match(finding(doc, 'wrong-type', `${c}[0].ports[0].containerPort`).message, /must be integer, not the string "80"/);
  assert.match(finding(doc, 'invalid-image', `${c}[2].image`).message, /InvalidImageName/);
  assert.match(finding(doc, 'no-tag', `${c}[0].image`).message, /:latest/);
  assert.match(finding(doc, 'implicit-registry', `${c}[0].image`).message, /docker\.io/);
  assert.match(finding(doc, 'pull-never', `${c}[1].imagePullPolicy`).message, /ErrImageNeverPull/);
  assert.match(finding(doc, 'duplicate-container', `${c}[1].name`).message, /Duplicate value: "web"/);
  for (const f of doc.findings) assert.ok(f.message && f.suggestion, `${brief(f)} needs a message and a suggestion`);
});

test('image references: "nginx:" is invalid, an empty image is required, a full reference with a tag is clean', () => {
  const pod = (image: string): string => `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
  - name: a
    image: ${image}
    resources:
      requests:
        cpu: 100m
`;
  assert.deepEqual(explainOne(pod('"nginx:"')).findings.map(brief), ['error invalid-image spec.containers[0].image 8:12']);
  assert.deepEqual(explainOne(pod('""')).findings.map(brief), ['error required spec.containers[0].image 8:5']);
  assert.deepEqual(explainOne(pod('docker.io/library/nginx:1.27')).findings, []);
  assert.deepEqual(explainOne(pod('registry.example.com:5000/team/app@sha256:' + '0'.repeat(64))).findings, [], 'a digest pins the image: no tag needed');
});

// ── kinds and apiVersions ───────────────────────────────────────────────────────────────────────

test('removed, misspelt and misplaced kinds: what a 1.32 API server would say, and what to write', () => {
  const meta = 'metadata:\n  name: web\n';
  const removed = explainOne(`apiVersion: extensions/v1beta1\nkind: Deployment\n${meta}`);
  assert.deepEqual(removed.findings.map(brief), ['error removed-api apiVersion 1:13']);
  assert.match(removed.findings[0]?.suggestion ?? '', /apps\/v1/);
  assert.match(removed.findings[0]?.message ?? '', /removed in Kubernetes 1\.16/);

  const typo = explainOne(`apiVersion: apps/v1\nkind: Deploymnet\n${meta}`);
  assert.deepEqual(typo.findings.map(brief), ['error unknown-kind kind 2:7']);
  assert.equal(typo.findings[0]?.suggestion, 'did you mean "Deployment"?');

  const wrongGroup = explainOne(`apiVersion: v1\nkind: Deployment\n${meta}`);
  assert.deepEqual(wrongGroup.findings.map(brief), ['error unknown-api-version apiVersion 1:13']);
  assert.equal(wrongGroup.findings[0]?.suggestion, 'use apiVersion: apps/v1');
});

test('a custom resource gets one note (its schema lives in a CRD), not an error', () => {
  const doc = explainOne(`apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-new-cron-object
spec:
  cronSpec: "* * * * */5"
  image: my-awesome-cron-image
`);
  assert.equal(doc.kind, 'CronTab');
  assert.deepEqual(doc.findings.map(brief), ['info custom-resource kind 2:7']);
});

test('kind: List is explained item by item, with positions in the file', () => {
  const docs = explainText(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata:
    name: a
- apiVersion: v1
  kind: Service
  metadata:
    name: b
  spec:
    ports:
    - port: "x"
`, 'list.yaml');
  assert.deepEqual(docs.map((d) => [d.index, d.kind, d.name]), [[0, 'ConfigMap', 'a'], [0, 'Service', 'b']]);
  assert.deepEqual(docs[0]?.findings, []);
  assert.deepEqual(docs[0]?.fields.map((f) => `${f.path} ${f.line}:${f.column}`), ['apiVersion 4:3', 'kind 5:3', 'metadata 6:3', 'metadata.name 7:5']);
  assert.deepEqual(docs[1]?.findings.map(brief), ['error wrong-type spec.ports[0].port 14:13']);
});

// ── YAML that cannot be read ────────────────────────────────────────────────────────────────────

test('a YAML syntax error is one yaml-syntax error on the line of the problem; the other documents are still explained', () => {
  const docs = explainText(`apiVersion: v1
kind: ConfigMap
metadata:
  name: fine
---
apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  containers:
  - name: a
   image: b
`, 'y.yaml');
  assert.equal(docs.length, 2);
  assert.equal(docs[0]?.kind, 'ConfigMap');
  assert.deepEqual(docs[0]?.findings, []);
  assert.equal(docs[1]?.index, 1);
  assert.equal(docs[1]?.findings.length, 1);
  const f = docs[1]?.findings[0];
  assert.equal(f?.code, 'yaml-syntax');
  assert.equal(f?.severity, 'error');
  assert.equal(f?.line, 13);
  assert.match(f?.message ?? '', /^YAML: /);
});

test('go-yaml\'s \\\' escape in a double-quoted string is an apostrophe (libyaml\'s table), and positions stay put', () => {
  // As in the docs' pods/inject/envars-file-container.yaml (here `\\\\'` is YAML's `\\'`: a backslash, then an apostrophe).
  const docs = explainText(`apiVersion: v1
kind: Pod
metadata:
  name: envars
spec:
  containers:
  - name: c
    image: busybox:1.28
    command: ['sh', '-c', "echo \\"A=\\'a\\'\\nB=\\'b\\'\\" > /x; echo \\\\'"]
    args: ["it\\'s", "two
      lines\\' here"]
`, 'p.yaml');
  assert.deepEqual(docs[0]?.findings.filter((f) => f.severity === 'error'), []);
  const args = docs[0]?.fields.find((f) => f.path === 'spec.containers[0].args');
  assert.equal(args?.line, 10);
  assert.equal(args?.column, 5);
});

test('an alias bomb ("billion laughs") is one error, quickly, not a hang or a crash', async () => {
  const levels = 'abcdefghi'.split('');
  const bomb = ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: lol', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < levels.length; i++) bomb.push(`  ${levels[i]}: &${levels[i]} [${Array(9).fill(`*${levels[i - 1]}`).join(',')}]`);
  const text = `${bomb.join('\n')}\n`;
  const t0 = performance.now();
  const docs = explainText(text, 'bomb.yaml');
  assert.ok(performance.now() - t0 < 2000, 'took too long');
  assert.equal(docs.length, 1);
  assert.deepEqual(docs[0]?.findings.map((f) => `${f.severity} ${f.code}`), ['error yaml-aliases']);
  const r = await cli(['explain', writeTemp('bomb.yaml', text)]);
  assert.equal(r.code, 1);
  assert.match(r.out, /bomb\.yaml:1:1: error \[yaml-aliases\]/);
});

test('only comments, or empty documents: no documents (exit 0, one line on stderr)', async () => {
  assert.deepEqual(explainText('', 'e.yaml'), []);
  assert.deepEqual(explainText('# only\n# comments\n', 'c.yaml'), []);
  assert.deepEqual(explainText('---\n---\n', 'd.yaml'), []);
  const r = await cli(['explain', writeTemp('c.yaml', '# nothing here\n')]);
  assert.equal(r.code, 0);
  assert.equal(r.out, '');
  assert.match(r.err, /^kubetutor: explain: no Kubernetes objects in .*c\.yaml \(only empty documents or comments\)\n$/);
});

// ── field notes ─────────────────────────────────────────────────────────────────────────────────

const SIMPLE_POD = `apiVersion: v1
kind: Pod
metadata:
  generateName: web-
spec:
  containers:
  - name: web
    image: nginx:1.27
    workingDir: /srv
`;

test('every field written is explained, at its key: kubetutor\'s words where it has them', () => {
  const doc = explainOne(SIMPLE_POD);
  assert.deepEqual(errorsOf([doc]), []);
  assert.deepEqual(doc.fields.map((f) => `${f.path} ${f.line}:${f.column}`), [
    'apiVersion 1:1', 'kind 2:1', 'metadata 3:1', 'metadata.generateName 4:3', 'spec 5:1', 'spec.containers 6:3',
    'spec.containers[0].name 7:5', 'spec.containers[0].image 8:5', 'spec.containers[0].workingDir 9:5',
  ], 'list items are not fields; their fields are');
  const image = doc.fields.find((f) => f.path === 'spec.containers[0].image');
  assert.equal(image?.source, 'kubetutor');
  assert.equal(image?.type, 'string');
  assert.match(image?.component ?? '', /kubelet/);
  assert.ok((image?.description ?? '').length > 20);
});

test('kubetutor\'s own words match the 1.32 components: the Job controller caps its pod-failure back-off at ten minutes', () => {
  // pkg/controller/job/job_controller.go: DefaultJobPodFailureBackOff = 10s, MaxJobPodFailureBackOff = 10m.
  const doc = explainOne('apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\nspec:\n  backoffLimit: 2\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n      - name: c\n        image: busybox:1.37\n');
  const backoff = doc.fields.find((f) => f.path === 'spec.backoffLimit');
  assert.equal(backoff?.source, 'kubetutor');
  assert.match(backoff?.description ?? '', /10s, 20s, 40s and so on, up to ten minutes/);
});

test('a field without kubetutor\'s own text has the API\'s description (the one kubectl explain prints)', async () => {
  const doc = explainOne(SIMPLE_POD);
  const squash = (s: string): string => s.replace(/\s+/g, ' ').trim();
  const generateName = doc.fields.find((f) => f.path === 'metadata.generateName');
  assert.equal(generateName?.source, 'api');
  assert.equal(generateName?.component, undefined);
  assert.match(generateName?.description ?? '', /^GenerateName is an optional prefix/);
  const workingDir = doc.fields.find((f) => f.path === 'spec.containers[0].workingDir');
  assert.equal(workingDir?.source, 'api');
  const k = await cli(['explain', 'pod.spec.containers.workingDir']);
  assert.equal(k.code, 0);
  const described = k.out.slice(k.out.indexOf('DESCRIPTION:\n') + 'DESCRIPTION:\n'.length);
  assert.equal(squash(workingDir?.description ?? ''), squash(described));
});

// ── the command ─────────────────────────────────────────────────────────────────────────────────

const GOOD_DEPLOYMENT = (image: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: ${image}
        resources:
          requests:
            cpu: 100m
            memory: 64Mi
`;

test('exit 1 when there are errors (each shown as file:line:column with its fix), 0 when there are none', async () => {
  const bad = await cli(['explain', writeTemp('d.yaml', BROKEN_DEPLOYMENT)]);
  assert.equal(bad.code, 1);
  assert.equal(bad.err, '');
  assert.match(bad.out, /d\.yaml — document 1: Deployment "Web_App" \(apps\/v1\)/);
  assert.match(bad.out, /d\.yaml:4:9: error \[invalid-name\]\s/);
  assert.match(bad.out, /d\.yaml:32:9: error \[unknown-field\]\s/);
  assert.match(bad.out, /^ {4}fix: did you mean "image"\?$/m);
  assert.match(bad.out, /No timeline: the API server would refuse this as it stands/);
  assert.match(bad.out, /7 errors, 3 warnings, 3 notes in 1 document\n$/);

  const good = await cli(['explain', writeTemp('good.yaml', GOOD_DEPLOYMENT('nginx:1.27'))]);
  assert.equal(good.code, 0, good.out);
  assert.equal(good.err, '');
  assert.match(good.out, /^ 6 │ {3}replicas: 2$/m, 'the manifest is shown with line numbers');
  assert.match(good.out, /What would happen if you applied it/);
  assert.match(good.out, /0 errors, 0 warnings, 1 note in 1 document\n$/);
});

test('--json prints {documents: [{file, index, kind, apiVersion, name, fields, findings}], timeline}', async () => {
  const file = writeTemp('d.yaml', BROKEN_DEPLOYMENT);
  const r = await cli(['explain', '--json', file]);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.out) as JsonOutput;
  assert.deepEqual(Object.keys(out), ['documents', 'timeline']);
  assert.deepEqual(out.timeline, [], 'no timeline for a manifest the API server would refuse');
  assert.equal(out.documents.length, 1);
  const doc = out.documents[0] as JsonDocument;
  assert.deepEqual(Object.keys(doc), ['file', 'index', 'kind', 'apiVersion', 'name', 'fields', 'findings']);
  assert.equal(resolve(doc.file), file);
  assert.deepEqual([doc.index, doc.kind, doc.apiVersion, doc.name], [0, 'Deployment', 'apps/v1', 'Web_App']);
  const typo = doc.findings.find((f) => f.code === 'unknown-field');
  assert.deepEqual(typo, {
    severity: 'error', code: 'unknown-field', path: 'spec.template.spec.containers[3].imagee', line: 32, column: 9,
    message: 'unknown field "spec.template.spec.containers[3].imagee" (the API server\'s strict field validation refuses it)',
    suggestion: 'did you mean "image"?',
  });
  const keys = (o: object | undefined): string[] => Object.keys(o ?? {}).sort();
  for (const f of doc.findings) assert.deepEqual(keys(f), ['code', 'column', 'line', 'message', 'path', 'severity', 'suggestion'], brief(f));
  // A field: the documented five, plus its type and whether it is required (when the schema has
  // the field) and the acting component (curated fields only).
  const image = doc.fields.find((f) => f.path === 'spec.template.spec.containers[0].image');
  assert.deepEqual(keys(image), ['column', 'component', 'description', 'line', 'path', 'required', 'source', 'type']);
  assert.deepEqual([image?.line, image?.column, image?.source, image?.type, image?.required], [17, 9, 'kubetutor', 'string', false]);
  const port = doc.fields.find((f) => f.path === 'spec.template.spec.containers[0].ports[0].containerPort');
  assert.deepEqual(keys(port), ['column', 'description', 'line', 'path', 'required', 'source', 'type']);
  assert.deepEqual([port?.line, port?.column, port?.source, port?.type, port?.required], [19, 11, 'api', 'integer', true]);
});

test('- reads the manifest from stdin', async () => {
  const r = await cli(['explain', '--json', '-'], BROKEN_DEPLOYMENT);
  assert.equal(r.code, 1);
  const out = JSON.parse(r.out) as JsonOutput;
  assert.equal(out.documents.length, 1);
  assert.equal(out.documents[0]?.file, 'stdin');
  assert.ok(out.documents[0]?.findings.some((f) => f.code === 'unknown-field' && f.line === 32 && f.column === 9));
  const clean = await cli(['explain', '--json', '--no-timeline', '-'], GOOD_DEPLOYMENT('nginx:1.27'));
  assert.equal(clean.code, 0);
  assert.deepEqual((JSON.parse(clean.out) as JsonOutput).timeline, [], '--no-timeline');
});

test('a folder: every manifest in it and below it (sorted), and nothing else', async () => {
  const dir = tempDir();
  const a = writeTemp('a.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n', dir);
  const b = writeTemp(join('sub', 'b.yml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n', dir);
  writeTemp('notes.txt', 'kind: not a manifest\n', dir);
  writeTemp(join('.hidden', 'c.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: hidden\n', dir);
  const r = await cli(['explain', '--json', '--no-timeline', dir]);
  assert.equal(r.code, 0, r.err);
  const out = JSON.parse(r.out) as JsonOutput;
  assert.deepEqual(out.documents.map((d) => [resolve(d.file), d.kind, d.name]), [[a, 'ConfigMap', 'a'], [b, 'Namespace', 'b']]);
});

test('usage errors and unreadable input: exit 2 and one line on stderr', async () => {
  const oneLine = (r: { code: number; out: string; err: string }, pattern: RegExp): void => {
    assert.equal(r.code, 2, r.err);
    assert.equal(r.out, '');
    assert.equal(r.err.split('\n').length, 2, `one line:\n${r.err}`);
    assert.match(r.err, pattern);
  };
  const empty = tempDir();
  writeTemp('README.txt', 'no manifests here\n', empty);
  oneLine(await cli(['explain', empty]), /^error: .* has no manifests \(\*\.yaml, \*\.yml, \*\.json\)\n$/);
  oneLine(await cli(['explain', join(tempDir(), 'nope', 'x.yaml')]), /^error: the path ".*nope\/x\.yaml" does not exist\n$/);
  oneLine(await cli(['explain', 'surely-missing-kubetutor.yaml']), /^error: the path "surely-missing-kubetutor\.yaml" does not exist\n$/);
  oneLine(await cli(['explain', writeTemp('bin.yaml', Buffer.from('apiVersion: v1\n\0\0kind: Pod\n'))]), /^error: .*bin\.yaml is a binary file, not YAML\n$/);
  oneLine(await cli(['explain', writeTemp('latin1.yaml', Buffer.concat([Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: caf'), Buffer.from([0xe9]), Buffer.from('\n')]))]), /latin1\.yaml is not UTF-8 text\n$/);
  const big = writeTemp('big.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: big\n');
  truncateSync(big, 50 * 1024 * 1024 + 1); // sparse: no 50 MB written
  oneLine(await cli(["explain", big]), /big\.yaml is over 50 MB, more than any manifest; kubetutor explains manifests up to that size\n$/);
  oneLine(await cli(['explain']), /^kubetutor: missing required argument/);
});

test('absurdly deep nesting is a one-line error, not a stack overflow', async () => {
  const file = writeTemp('deep.yaml', `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata: ${'['.repeat(5000)}\n`);
  const r = await cli(['explain', file]);
  assert.ok(r.code === 1 || r.code === 2, `exit ${r.code}`);
  if (r.code === 2) {
    assert.match(r.err, /^error: .*deep\.yaml is nested too deeply to read\n$/);
  } else {
    assert.equal(r.err, '');
    assert.equal(r.out.match(/error \[/g)?.length, 1, r.out);
    assert.match(r.out, /deep\.yaml:\d+:\d+: error \[yaml-(syntax|too-deep)\]/);
  }
});

// ── the resource-path form (kubectl explain) ────────────────────────────────────────────────────

test('explain pod.spec.containers.imagePullPolicy prints what kubectl 1.32 prints', async () => {
  const r = await cli(['explain', 'pod.spec.containers.imagePullPolicy']);
  assert.equal(r.code, 0);
  assert.equal(r.err, '');
  assert.ok(r.out.startsWith('KIND:       Pod\nVERSION:    v1\n\nFIELD: imagePullPolicy <string>\nENUM:\n    Always\n    IfNotPresent\n    Never\n\nDESCRIPTION:\n    Image pull policy.'), r.out);  // A bullet's continuation starts at the indent, not under the bullet, as kubectl's wrapper leaves it.
  assert.ok(r.out.includes('    Possible enum values:\n     - `"Always"` means that kubelet always attempts to pull the latest image.\n    Container will fail If the pull fails.\n'), r.out);
});

test('explain deploy names the group; --recursive lists every field below, indented two spaces a level', async () => {
  const deploy = await cli(['explain', 'deploy']);
  assert.equal(deploy.code, 0);
  assert.ok(deploy.out.startsWith('GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nDESCRIPTION:\n'), deploy.out);
  assert.match(deploy.out, /^FIELDS:\n {2}apiVersion\t<string>\n/m);

  const rec = await cli(['explain', 'pod.spec.containers', '--recursive']);
  assert.equal(rec.code, 0);
  const lines = rec.out.split('\n');
  const fields = lines.slice(lines.indexOf('FIELDS:') + 1);
  assert.ok(fields.length > 100, 'every nested field');
  assert.equal(fields[0], '  args\t<[]string>');
  for (const seq of [
    ['  env\t<[]EnvVar>', '    name\t<string> -required-', '    value\t<string>', '    valueFrom\t<EnvVarSource>', '      configMapKeyRef\t<ConfigMapKeySelector>', '        key\t<string> -required-'],
    ['  image\t<string>', '  imagePullPolicy\t<string>', '  enum: Always, IfNotPresent, Never', '  lifecycle\t<Lifecycle>', '    postStart\t<LifecycleHandler>'],
  ]) {
    const at = fields.indexOf(seq[0] as string);
    assert.deepEqual(fields.slice(at, at + seq.length), seq);
  }
  assert.ok(fields.every((l) => l === '' || /^( {2})+[A-Za-z]\w*\t<[^>]+>( -required-)?$|^( {2})+enum: /.test(l)), 'recursive: no descriptions');
});

test('an unknown resource or field: kubectl\'s words on stderr (after the header, for a field), exit 1', async () => {
  const foo = await cli(['explain', 'foo']);
  assert.deepEqual([foo.code, foo.out, foo.err], [1, '', 'the server doesn\'t have a resource type "foo"\n']);
  const field = await cli(['explain', 'pod.spec.nosuch']);
  assert.deepEqual([field.code, field.out, field.err], [1, 'KIND:       Pod\nVERSION:    v1\n\n', 'error: field "nosuch" does not exist\n']);
  // kubetutor's own hint after kubectl's line: the nearest real field, at the level that went wrong.
  const typo = await cli(['explain', 'pod.spec.containerz.image']);
  assert.deepEqual([typo.code, typo.err], [1, 'error: field "containerz" does not exist\ndid you mean pod.spec.containers?\n']);
});

test('kubectl explain resolves as kubectl 1.32 does: short names, group prefixes, the preferred version', async () => {
  const head = async (arg: string): Promise<string> => (await cli(['explain', arg])).out.split('\n').slice(0, 5).join('|');
  assert.equal(await head('hpa.spec.metrics'), 'GROUP:      autoscaling|KIND:       HorizontalPodAutoscaler|VERSION:    v2||FIELD: metrics <[]MetricSpec>');
  assert.equal(await head('sts'), 'GROUP:      apps|KIND:       StatefulSet|VERSION:    v1||DESCRIPTION:');
  assert.equal(await head('deployments.apps.spec.replicas'), 'GROUP:      apps|KIND:       Deployment|VERSION:    v1||FIELD: replicas <integer>');
  assert.match((await cli(['explain', 'pod.metadata.creationTimestamp'])).out, /^FIELD: creationTimestamp <string>$/m);
  assert.match((await cli(['explain', 'pod.spec.volumes.hostPath'])).out, /^ {2}type\t<string>\n {2}enum: "", BlockDevice, CharDevice, Directory, \.\.\.\.$/m);
});

test('kubectl explain in the sandbox prints the same plaintext', async () => {
  const { text, exitCode } = await transcript('kubectl explain pod.spec.containers.image\n');
  assert.equal(exitCode, 0);
  const lines = text.split('\n');
  assert.match(lines[0] ?? '', /\$ kubectl explain pod\.spec\.containers\.image$/);
  assert.deepEqual(lines.slice(1, 6), ['KIND:       Pod', 'VERSION:    v1', '', 'FIELD: image <string>', '']);
});

// ── what would happen if you applied it ─────────────────────────────────────────────────────────

async function timelineOf(yaml: string): Promise<JsonOutput['timeline']> {
  const r = await cli(['explain', '--json', writeTemp('t.yaml', yaml)]);
  assert.equal(r.code, 0, r.out);
  const { timeline } = JSON.parse(r.out) as JsonOutput;
  assert.ok(timeline.length >= 2, JSON.stringify(timeline));
  for (let i = 1; i < timeline.length; i++) assert.ok((timeline[i]?.atMs ?? 0) >= (timeline[i - 1]?.atMs ?? 0), 'in time order');
  return timeline;
}

test('the timeline of a valid Deployment: API server, controllers, scheduler, kubelet, a pull, 2 Running', async () => {
  const timeline = await timelineOf(GOOD_DEPLOYMENT('nginx:1.27'));
  const has = (component: RegExp, text: RegExp): void => assert.ok(timeline.some((e) => component.test(e.component) && text.test(e.text)), `no ${component} ${text} in\n${JSON.stringify(timeline, null, 1)}`);
  has(/^API server$/, /^create deployment web /);
  has(/^controller manager$/, /^create replicaset web-[a-z0-9]+ /);
  has(/^scheduler$/, /^bind web-[a-z0-9]+-[a-z0-9]+ → /);
  has(/^kubelet \(.+\)$/, /^start pod web-/);
  has(/^(containerd|cri-o) \(.+\)$/, /^pull docker\.io\/library\/nginx:1\.27 /);
  const last = timeline.at(-1);
  assert.equal(last?.component, 'result');
  assert.match(last?.text ?? '', /^after 60s: 2 Running$/);
  // One pod's story: the pod bound and started is the pod whose creation it shows, on the node it was bound to.
  const created = timeline.flatMap((e) => /^create pod (\S+) /.exec(e.text)?.[1] ?? []);
  const bound = timeline.flatMap((e) => { const m = /^bind (\S+) → (\S+) /.exec(e.text); return m ? [[m[1], m[2]]] : []; });
  assert.deepEqual(bound.map(([pod]) => pod), created, JSON.stringify(timeline, null, 1));
  const nodes = new Set(bound.map(([, node]) => node));
  for (const e of timeline) {
    const node = / \((.+)\)$/.exec(e.component)?.[1];
    if (node) assert.ok(nodes.has(node), `${e.component} is not the bound pod's node`);
    const pod = /^start pod (\S+) /.exec(e.text)?.[1];
    if (pod) assert.ok(created.includes(pod), `starts ${pod}, whose creation is not shown`);
  }
});

test('the timeline of an image nobody pushed ends in ErrImagePull / ImagePullBackOff', async () => {
  const timeline = await timelineOf(GOOD_DEPLOYMENT('me/nothing:1.0'));
  assert.ok(timeline.some((e) => /^pull docker\.io\/me\/nothing:1\.0 /.test(e.text)));
  const last = timeline.at(-1);
  assert.equal(last?.component, 'result');
  assert.match(last?.text ?? '', /ErrImagePull|ImagePullBackOff/);
  assert.doesNotMatch(last?.text ?? '', /Running/);
});

test('the timeline runs what the world runs: a Job to Complete, a CronJob\'s first run, and says which kinds it leaves out', async () => {
  const job = await timelineOf(`apiVersion: batch/v1
kind: Job
metadata:
  name: pi
spec:
  template:
    spec:
      containers:
      - name: pi
        image: busybox:1.37
        command: ["sh", "-c", "echo 3.14"]
      restartPolicy: Never
`);
  assert.ok(job.some((e) => e.component === 'controller manager' && /^create a pod for job pi /.test(e.text)), JSON.stringify(job, null, 1));
  assert.ok(job.some((e) => e.component === 'controller manager' && /^complete job pi /.test(e.text)));
  assert.equal(job.at(-1)?.text, 'after 60s: 1 Succeeded');
  const mixed = await timelineOf(`apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: t
            image: busybox:1.37
            command: ["date"]
          restartPolicy: OnFailure
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
`);
  assert.ok(!mixed.some((e) => /not simulated here/.test(e.text)), 'no stale list of what the API server serves');
  assert.ok(mixed.some((e) => e.component === 'kubetutor' && e.text === 'CronJob nightly: its schedule "0 2 * * *" first comes due 17h0m0s after the apply, past the minute shown here; then the CronJob controller creates a Job, which runs its pod'), JSON.stringify(mixed, null, 1));
  assert.ok(mixed.some((e) => e.component === 'kubetutor' && e.text === 'Widget w: no such kind on a cluster without its CustomResourceDefinition — kubectl apply stops there with: no matches for kind "Widget" in version "example.com/v1"'));
});

// ── what the first round of these tests found (each once failed) ────────────────────────────────

test('duplicate init container names are duplicate-container too', () => {
  const doc = explainOne(`apiVersion: v1
kind: Pod
metadata:
  name: x
spec:
  initContainers:
  - name: init
    image: busybox:1.37
  - name: init
    image: busybox:1.37
  containers:
  - name: app
    image: nginx:1.27
`);
  assert.deepEqual(errorsOf([doc]).map(brief), ['error duplicate-container spec.initContainers[1].name 9:11']);
});

test('the workload kinds the simulator does not run get the API server\'s checks too', () => {
  const daemonSet = explainOne(`apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: Bad_Name
spec:
  selector:
    matchLabels: {app: a}
  template:
    metadata:
      labels: {app: b}
    spec:
      containers:
      - name: a
        image: nginx:1.27
`);
  assert.deepEqual(errorsOf([daemonSet]).map((f) => `${f.code} ${f.path}`), ['invalid-name metadata.name', 'selector-mismatch spec.template.metadata.labels']);
  const job = explainOne(`apiVersion: batch/v1
kind: Job
metadata:
  name: j
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: a
      - name: a
        image: busybox:1.37
`);
  assert.deepEqual(errorsOf([job]).map((f) => `${f.code} ${f.path}`), ['required spec.template.spec.containers[0].image', 'duplicate-container spec.template.spec.containers[1].name']);
});

test('replicas beyond int32 is an error (the API server cannot decode it)', () => {
  const doc = explainOne(GOOD_DEPLOYMENT('nginx:1.27').replace('replicas: 2', 'replicas: 3000000000'));
  assert.ok(errorsOf([doc]).some((f) => f.path === 'spec.replicas' && f.line === 6 && f.column === 13), doc.findings.map(brief).join('\n'));
});

test('the timeline of a huge Deployment stays small and quick', () => {
  // Spawned (the built program, as cli.test.ts does) so a hang is killed instead of stopping this file.
  const file = writeTemp('huge.yaml', GOOD_DEPLOYMENT('nginx:1.27').replace('replicas: 2', 'replicas: 100000'));
  const bin = join(import.meta.dirname, '..', 'bin', 'kubetutor.js');
  const env = { ...process.env };
  delete env.KUBETUTOR_NO_MAIN; // set above for the in-process runs; the spawned program must run
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', bin, 'explain', '--json', file], { encoding: 'utf8', timeout: 15_000, env });
  assert.equal(r.status, 0, `status ${r.status} signal ${r.signal}`);
  assert.match((JSON.parse(r.stdout) as JsonOutput).timeline.at(-1)?.text ?? '', /^after 60s: /);
});

test('the implicit-registry fix keeps the digest', () => {
  const digest = `sha256:${'0123456789abcdef'.repeat(4)}`;
  const doc = explainOne(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx@${digest}\n`);
  assert.match(finding(doc, 'implicit-registry', 'spec.containers[0].image').suggestion, new RegExp(`docker\\.io/library/nginx@${digest}`));
});

test('a field whose schema entry has no description gets its type\'s, as kubectl explain shows', () => {
  const doc = explainOne(`apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: i
spec:
  rules:
  - http:
      paths:
      - path: /
        pathType: Prefix
        backend:
          service:
            name: web
            port:
              number: 80
`);
  for (const f of doc.fields) assert.ok(f.description.trim() !== '', `${f.path} has no description`);
  // The field is there, with its type's words (the schema entry itself has none).
  const http = doc.fields.find((f) => f.path === 'spec.rules[0].http');
  assert.match(http?.description ?? '(missing)', /^HTTPIngressRuleValue is a list of http selectors/);
});

// ── the real world: the corpus ──────────────────────────────────────────────────────────────────

const CORPUS_CANDIDATES = [process.env.KUBETUTOR_CORPUS, join(import.meta.dirname, 'corpus'), join(import.meta.dirname, '..', '..', 'shared', 'corpus')].filter((p): p is string => Boolean(p));
const CORPUS = CORPUS_CANDIDATES.find((p) => existsSync(join(p, 'k8s-website-examples')) && existsSync(join(p, 'kubeconform-fixtures')) && existsSync(join(p, 'kubectl-validate-testcases')));
const NO_CORPUS = CORPUS ? false : `no corpus at ${CORPUS_CANDIDATES.join(' or ')} (set KUBETUTOR_CORPUS to the folder holding k8s-website-examples/, kubeconform-fixtures/ and kubectl-validate-testcases/)`;

/**
 * The errors the website examples and kubeconform fixtures are allowed, file → error codes (exactly
 * these: an exception that no longer fires fails too, so the list stays true). Everything else
 * there must explain without a single error.
 */
const ALLOWED_ERRORS: Record<string, readonly string[]> = {
  'k8s-website-examples/application/job/rabbitmq/job.yaml': ['invalid-image'], // placeholder image gcr.io/<project>/job-wq-1
  'k8s-website-examples/secret/tls-auth-secret.yaml': ['invalid-value'], // placeholders REPLACE_WITH_BASE64_CERT/KEY are not base64
  'k8s-website-examples/application/job/job-tmpl.yaml': ['invalid-name'], // a template: the name process-item-$ITEM is substituted by sed before use
  'k8s-website-examples/pods/private-reg-pod.yaml': ['invalid-image'], // placeholder image <your-private-image>
  'k8s-website-examples/dra/deviceclass.yaml': ['unknown-kind'], // resource.k8s.io/v1 (DRA GA) is newer than 1.32
  'k8s-website-examples/dra/driver-install/deviceclass.yaml': ['unknown-kind'], // resource.k8s.io/v1 is newer than 1.32
  'k8s-website-examples/dra/driver-install/example/resourceclaim.yaml': ['unknown-kind'], // resource.k8s.io/v1 is newer than 1.32
  'k8s-website-examples/dra/resourceclaim.yaml': ['unknown-kind'], // resource.k8s.io/v1 is newer than 1.32
  'k8s-website-examples/dra/resourceclaimtemplate.yaml': ['unknown-kind'], // resource.k8s.io/v1 is newer than 1.32
  'k8s-website-examples/mutatingadmissionpolicy/applyconfiguration-example.yaml': ['unknown-kind'], // MutatingAdmissionPolicy v1beta1 is newer than 1.32 (alpha v1alpha1 there)
  'k8s-website-examples/mutatingadmissionpolicy/json-patch-example.yaml': ['unknown-kind'], // MutatingAdmissionPolicy v1beta1 is newer than 1.32
  'k8s-website-examples/pods/restart-policy/restart-all-containers.yaml': ['unknown-field'], // restartPolicyRules is newer than 1.32
  'k8s-website-examples/pods/storage/projected-podcertificate.yaml': ['unknown-field'], // podCertificate projection is newer than 1.32
  'k8s-website-examples/pods/pod-with-numeric-toleration.yaml': ['unsupported-value'], // toleration operator Gt is newer than 1.32
  // env[].valueFrom.fileKeyRef is newer than 1.32; with it dropped, valueFrom names no source, which the server refuses too.
  'k8s-website-examples/pods/inject/envars-file-container.yaml': ['invalid-value', 'unknown-field'],
  'k8s-website-examples/policy/baseline-psp.yaml': ['removed-api'], // PodSecurityPolicy, removed in 1.25
  'k8s-website-examples/policy/example-psp.yaml': ['removed-api'], // PodSecurityPolicy, removed in 1.25
  'k8s-website-examples/policy/privileged-psp.yaml': ['removed-api'], // PodSecurityPolicy, removed in 1.25
  'k8s-website-examples/policy/restricted-psp.yaml': ['removed-api'], // PodSecurityPolicy, removed in 1.25
  'k8s-website-examples/service/networking/dual-stack-ipv6-svc.yaml': ['unknown-field'], // spec.ipFamily, removed in 1.20 (now ipFamilies)
  'k8s-website-examples/validatingadmissionpolicy/failure-policy-ignore.yaml': ['required'], // a deliberate fragment ("..." and partial keys)
  'kubeconform-fixtures/invalid.yaml': ['required', 'unknown-field', 'wrong-type'], // deliberately invalid: replicas "asd", spec.templates (so no template: an RC's is required)
  'kubeconform-fixtures/list_invalid.yaml': ['required', 'unknown-field', 'wrong-type'], // deliberately invalid List item (same as invalid.yaml)
  'kubeconform-fixtures/multi_invalid.yaml': ['wrong-type'], // deliberately invalid: a port written "sds"
  'kubeconform-fixtures/multi_invalid_resources.yaml': ['required'], // deliberately invalid: five documents with an empty kind
  'kubeconform-fixtures/missing_apiversion.yaml': ['required'], // deliberately invalid: no apiVersion
  'kubeconform-fixtures/missing_kind.yaml': ['required'], // deliberately invalid: no kind
  'kubeconform-fixtures/missing_kind_value.yaml': ['required'], // deliberately invalid: "kind:" with no value
  'kubeconform-fixtures/extra_property.yaml': ['selector-mismatch', 'unknown-field'], // invalid in strict mode: DaemonSet spec.replicas; and its template has no labels for the selector to match
  'kubeconform-fixtures/duplicate_property.yaml': ['yaml-syntax'], // invalid in strict mode: a duplicate key
  'kubeconform-fixtures/same-kind-different-api.yaml': ['removed-api'], // its second Deployment is apps/v1beta1, removed in 1.16
  'kubeconform-fixtures/crd_schema.yaml': ['removed-api'], // CustomResourceDefinition apiextensions.k8s.io/v1beta1, removed in 1.22
  'kubeconform-fixtures/registry/sagemaker.aws.amazon.com_trainingjobs.yaml': ['removed-api'], // CRD apiextensions.k8s.io/v1beta1, removed in 1.22
  'kubeconform-fixtures/duplicates-skipped-kinds.yaml': ['unknown-kind'], // a made-up kind (SkipThisKind in v1)
};

/** kubectl-validate Failure cases that need the CRDs the corpus left out: nothing here can check them. */
const NEEDS_CRD: Record<string, string> = {
  'error_cel_basic.yaml': 'a CEL rule (value > 0) in the CELBasic CRD, not copied into the corpus',
  'error_cel_basic_multiple.yaml': 'CEL rules across fields in the CELBasic CRD, not copied',
  'error_x_list_map_default.yaml': 'a list-map key defaulted by the CRD schema (map_list), not copied',
};

/**
 * kubectl-validate Failure cases that a 1.32 API server accepts on create (with a warning):
 * kubetutor warns, as the server does, instead of calling them errors.
 */
const WARNING_NOT_ERROR: Record<string, { code: string; reason: string }> = {
  'error_x_list_map_duplicate_key.yaml': { code: 'duplicate-port', reason: 'a repeated containerPort/protocol: kubectl-validate checks the list-map schema (as server-side apply does); create and client-side apply accept it with a warning' },
};

/**
 * Where kubectl-validate's Status names a field differently from the API path kubetutor reports
 * (which is the one the manifest is written in).
 */
const CAUSE_PATH: Record<string, string> = {
  'spec.containers[0].resources.requests.cpu': 'spec.containers[0].resources.requests[cpu]', // map keys in brackets, as the API server's validation writes them
  'spec.validation.openAPIV3Schema.properties[spec].properties[message].type': 'spec.versions[0].schema.openAPIV3Schema.properties[spec].properties[message].type', // kubectl-validate reports the internal (v1beta1) path of a v1 CRD
};

/** The Status in a kubectl-validate case's leading comment lines, if it has one. */
function statusOf(text: string): { status: string; details?: { causes?: Array<{ field?: string }> } } | undefined {
  let json = '';
  for (const line of text.split('\n')) {
    if (!line.startsWith('#')) return undefined;
    json += `${line.replace(/^# ?/, '')}\n`;
    try { return JSON.parse(json) as { status: string }; } catch { /* not complete yet */ }
  }
  return undefined;
}

test('corpus: every manifest is explained without throwing, every position inside its file', { skip: NO_CORPUS }, () => {
  const root = CORPUS as string;
  const files = manifests(root);
  assert.ok(files.length >= 400, `only ${files.length} manifests found under ${root}`);
  let documents = 0;
  for (const f of files) {
    const text = readFileSync(f, 'utf8');
    const rel = relative(root, f);
    let docs: ExplainedDocument[] = [];
    assert.doesNotThrow(() => { docs = explainText(text, rel); }, rel);
    const lineCount = text.split('\n').length;
    documents += docs.length;
    for (const d of docs) {
      assert.equal(d.file, rel);
      for (const p of [...d.fields, ...d.findings]) {
        assert.ok(p.line >= 1 && p.line <= lineCount && p.column >= 1, `${rel}: ${p.path} at ${p.line}:${p.column}`);
      }
      for (const x of d.findings) {
        assert.ok(['error', 'warning', 'info'].includes(x.severity) && /^[a-z]+(-[a-z]+)*$/.test(x.code) && x.message && x.suggestion, `${rel}: ${brief(x)}`);
      }
    }
  }
  assert.ok(documents >= 450, `only ${documents} documents`);
});

test('corpus: the Kubernetes docs examples and kubeconform fixtures have no errors beyond the listed exceptions', { skip: NO_CORPUS }, () => {
  const root = CORPUS as string;
  const problems: string[] = [];
  const files = [...manifests(join(root, 'k8s-website-examples')), ...manifests(join(root, 'kubeconform-fixtures'))];
  const rels = new Set(files.map((f) => relative(root, f)));
  for (const listed of Object.keys(ALLOWED_ERRORS)) if (!rels.has(listed)) problems.push(`${listed}: listed as an exception but not in the corpus`);
  for (const f of files) {
    const rel = relative(root, f);
    const errors = errorsOf(explainText(readFileSync(f, 'utf8'), rel));
    const got = [...new Set(errors.map((e) => e.code))].sort();
    const allowed = [...(ALLOWED_ERRORS[rel] ?? [])].sort();
    if (got.join(',') !== allowed.join(',')) {
      problems.push(`${rel}: errors [${got.join(', ')}], allowed [${allowed.join(', ')}]${errors.map((e) => `\n    ${e.line}:${e.column} [${e.code}] ${e.message}`).join('')}`);
    }
  }
  assert.deepEqual(problems, []);
});

test('corpus: kubectl-validate cases — Failure has an error (on the field the API server names), Success has none', { skip: NO_CORPUS }, () => {
  const dir = join(CORPUS as string, 'kubectl-validate-testcases', 'manifests');
  const problems: string[] = [];
  let failures = 0;
  for (const f of manifests(dir)) {
    const name = relative(dir, f);
    const text = readFileSync(f, 'utf8');
    const docs = explainText(text, name);
    const errors = errorsOf(docs);
    const status = statusOf(text);
    if (NEEDS_CRD[name] !== undefined) {
      // Nothing to check against: a custom resource is only noted, never an error.
      if (errors.length || !docs.some((d) => d.findings.some((x) => x.code === 'custom-resource'))) problems.push(`${name}: expected only a custom-resource note, got ${docs.flatMap((d) => d.findings).map(brief).join('; ')}`);
      continue;
    }
    const warned = WARNING_NOT_ERROR[name];
    if (warned) {
      if (errors.length || !docs.some((d) => d.findings.some((x) => x.code === warned.code && x.severity === 'warning'))) problems.push(`${name}: expected only a ${warned.code} warning, got ${docs.flatMap((d) => d.findings).map(brief).join('; ')}`);
      continue;
    }
    if (!status) {
      if (docs.length !== 0) problems.push(`${name}: no Status header, so no objects expected; got ${docs.length} document(s)`);
    } else if (status.status === 'Success') {
      if (errors.length) problems.push(`${name}: Success, but ${errors.map(brief).join('; ')}`);
    } else {
      assert.equal(status.status, 'Failure', name);
      failures++;
      if (!errors.length) problems.push(`${name}: Failure, but no error finding`);
      for (const cause of status.details?.causes ?? []) {
        if (!cause.field || cause.field === '<nil>') continue;
        const path = CAUSE_PATH[cause.field] ?? cause.field;
        if (!errors.some((e) => e.path === path)) problems.push(`${name}: the API server names ${cause.field}; errors at ${errors.map((e) => e.path).join(', ')}`);
      }
    }
  }
  assert.ok(failures >= 15, `only ${failures} Failure cases found`);
  assert.deepEqual(problems, []);
});

test('corpus: kubetutor explain --json over the whole corpus folder (exit 1, nothing on stderr)', { skip: NO_CORPUS }, async () => {
  const root = CORPUS as string;
  const r = await cli(['explain', '--json', '--no-timeline', root]);
  assert.equal(r.code, 1, 'the corpus has deliberate errors');
  assert.equal(r.err, '');
  const out = JSON.parse(r.out) as JsonOutput;
  const expected = manifests(root).reduce((n, f) => n + explainText(readFileSync(f, 'utf8'), f).length, 0);
  assert.equal(out.documents.length, expected);
  assert.deepEqual(out.timeline, []);
});

test('--no-strict: an unknown field is a warning (the API server drops it), so the exit is 0', async () => {
  const file = writeTemp('nostrict.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labls: {a: b}\ndata:\n  k: v\n');
  const strict = await cli(['explain', '--json', '--no-timeline', file]);
  assert.equal(strict.code, 1);
  const loose = await cli(['explain', '--json', '--no-timeline', '--no-strict', file]);
  assert.equal(loose.code, 0, loose.err);
  const f = (JSON.parse(loose.out) as JsonOutput).documents[0]?.findings.find((x) => x.code === 'unknown-field');
  assert.equal(f?.severity, 'warning');
  assert.equal(`${f?.line}:${f?.column}`, '5:3');
});

// ── what the second review found ────────────────────────────────────────────────────────────────

test('values of the wrong shape where lists belong: findings, never an internal error', async () => {
  for (const yaml of [
    'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: 80\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers: 80\n  containers:\n  - {name: a, image: nginx:1.27}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchExpressions: [null]\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - {name: a, image: nginx:1.27}\n',
    'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchExpressions: {}\n  template:\n    spec:\n      containers:\n      - {name: a, image: nginx:1.27, ports: 80}\n',
  ]) {
    const r = await cli(['explain', '--no-timeline', writeTemp('shape.yaml', yaml)]);
    assert.notEqual(r.code, 70, r.err);
    assert.doesNotMatch(r.err, /internal error/);
  }
});

test('YAML as kubectl reads it (1.1): merge keys work, yes is a boolean', () => {
  const merged = explainOne('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - &c\n    name: a\n    image: nginx:1.27\n  - <<: *c\n    name: b\n');
  assert.deepEqual(errorsOf([merged]).map(brief), []);
  const yes = explainOne('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    env:\n    - name: DEBUG\n      value: yes\n');
  assert.deepEqual(errorsOf([yes]).map(brief), ['error wrong-type spec.containers[0].env[0].value 10:14']);
});

test('the server\'s defaulting and what it ignores: stringData, status, limits without requests', () => {
  const secret = explainOne('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/dockerconfigjson\nstringData:\n  .dockerconfigjson: "{}"\n');
  assert.deepEqual(errorsOf([secret]).map(brief), []);
  const rs = explainOne('apiVersion: apps/v1\nkind: ReplicaSet\nmetadata: {name: r}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers:\n      - {name: a, image: docker.io/library/nginx:1.27, resources: {limits: {cpu: 1, memory: 1Gi}}}\nstatus: {}\n');
  assert.deepEqual(rs.findings.map(brief), []);
});

test('ports: a repeated containerPort is a warning (the server warns); bad or repeated port names are errors', () => {
  const doc = explainOne('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    image: docker.io/library/nginx:1.27\n    resources: {requests: {cpu: 1}}\n    ports:\n    - {containerPort: 80}\n    - {containerPort: 80}\n    - {containerPort: 81, name: web}\n    - {containerPort: 82, name: web}\n    - {containerPort: 83, name: Bad_Name}\n');
  assert.deepEqual(doc.findings.map(brief), [
    'warning duplicate-port spec.containers[0].ports[1] 11:7',
    'error duplicate-value spec.containers[0].ports[3].name 13:33',
    'error invalid-value spec.containers[0].ports[4].name 14:33',
  ]);
});

test('a label error points at the offending entry, and each distinct error on the map is kept', () => {
  const doc = explainOne(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  labels:\n    good: yes-it-is\n    bad key: x\n    long: ${'a'.repeat(64)}\n`);
  const labels = doc.findings.filter((f) => f.path === 'metadata.labels');
  assert.deepEqual(labels.map((f) => `${f.line}:${f.column}`), ['7:5', '8:11']);
});

test('input as people have it: a folder of links to manifests, a device (refused at the limit, not read forever), a kustomization', async () => {
  const dir = tempDir();
  const target = writeTemp('real.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
  mkdirSync(join(dir, 'links'));
  symlinkSync(target, join(dir, 'links', 'linked.yaml'));
  const linked = await cli(['explain', '--json', '--no-timeline', join(dir, 'links')]);
  assert.equal(linked.code, 0, linked.err);
  assert.equal((JSON.parse(linked.out) as JsonOutput).documents.length, 1);
  const zero = await cli(['explain', '/dev/zero']);
  assert.equal(zero.code, 2);
  assert.match(zero.err, /^error: \/dev\/zero is over 50 MB/);
  const kz = writeTemp('kustomization.yaml', 'resources:\n- deploy.yaml\n');
  const k = await cli(['explain', '--json', '--no-timeline', kz]);
  assert.equal(k.code, 0);
  assert.deepEqual((JSON.parse(k.out) as JsonOutput).documents[0]?.findings.map((f) => `${f.severity} ${f.code}`), ['info kustomization']);
});

test('did-you-mean forgives swapped letters', () => {
  const doc = explainOne('apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: a\n    iamge: nginx:1.27\n');
  assert.match(finding(doc, 'unknown-field', 'spec.containers[0].iamge').suggestion, /did you mean "image"\?/);
});

test('what else a 1.32 API server refuses: namespace names, Secret data that is not base64, TLS keys, a Job\'s own selector, cron schedules, named target ports', () => {
  const codes = (yaml: string): string[] => errorsOf([explainOne(yaml)]).map((f) => `${f.code} ${f.path}`);
  assert.deepEqual(codes('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: Prod}\ndata: {a: b}\n'), ['invalid-value metadata.namespace']);
  assert.deepEqual(codes('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata:\n  k: "not base64!!"\n'), ['invalid-value data[k]']);
  assert.deepEqual(codes('apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: kubernetes.io/tls\ndata:\n  tls.crt: aGk=\n'), ['required data[tls.key]']);
  assert.deepEqual(codes('apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  selector: {matchLabels: {a: b}}\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: busybox:1.37}]\n'), ['invalid-value spec.selector']);
  assert.deepEqual(codes('apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "every day"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: a, image: busybox:1.37}]\n'), ['invalid-value spec.schedule']);
  assert.deepEqual(codes('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: my_port}]\n'), ['invalid-value spec.ports[0].targetPort']);
  assert.deepEqual(codes('apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: "*/5 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: OnFailure\n          containers: [{name: a, image: busybox:1.37}]\n'), []);
});

test('annotation keys follow the label-key rules; selector expressions need (or forbid) values', () => {
  const codes = (yaml: string): string[] => errorsOf([explainOne(yaml)]).map((f) => `${f.code} ${f.path}`);
  assert.deepEqual(codes('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations:\n    example.com/fine: "1"\n    "bad key": x\n'), ['invalid-value metadata.annotations']);
  const deploy = (expr: string): string => `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector:\n    matchExpressions: [${expr}]\n  template:\n    metadata: {labels: {a: b}}\n    spec:\n      containers: [{name: a, image: nginx:1.27}]\n`;
  // The server also says the selector as a whole does not parse (LabelSelectorAsSelector fails).
  assert.deepEqual(codes(deploy('{key: a, operator: Exists, values: [b]}')), ['invalid-value spec.selector', 'invalid-value spec.selector.matchExpressions[0].values']);
  assert.deepEqual(codes(deploy('{key: a, operator: In}')), ['invalid-value spec.selector', 'required spec.selector.matchExpressions[0].values']);
  assert.deepEqual(codes(deploy('{key: a, operator: In, values: [b]}')), []);
});

test('one mistake, one finding: a misspelt enum value is reported once, in the API server\'s words, with the near miss', () => {
  const [doc] = explainText('apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: nginx:1.27\n    imagePullPolicy: IfNotPresnt\n', 'p.yaml');
  const found = doc?.findings.filter((f) => f.path === 'spec.containers[0].imagePullPolicy') ?? [];
  assert.equal(found.length, 1, JSON.stringify(found));
  assert.equal(found[0]?.message, 'spec.containers[0].imagePullPolicy: Unsupported value: "IfNotPresnt": supported values: "Always", "IfNotPresent", "Never"');
  assert.match(found[0]?.suggestion ?? '', /^did you mean "IfNotPresent"\?/);
  const [lower] = explainText('apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  type: nodeport\n  ports:\n  - port: 80\n', 's.yaml');
  assert.match(lower?.findings.find((f) => f.path === 'spec.type')?.suggestion ?? '', /did you mean "NodePort"\?.*case-sensitive/);
});

test('a YAML syntax error shows its source line with a caret under the column; an unclosed quote points after the last thing written', async () => {
  const f = writeTemp('bad.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n\tlabels: {a: b}\n');
  const r = await cli(['explain', f]);
  assert.equal(r.code, 1);
  // The header wraps where the temporary folder's path makes it: unwrapped, it is one line.
  assert.match(r.out.replace(/\n {4}(?=[A-Za-z])/g, ' '), /bad\.yaml:5:1: error \[yaml-syntax\] YAML: Tabs are not allowed as indentation\n/);
  assert.match(r.out, /\n {4}5 │ \tlabels: \{a: b\}\n {4} {2}│ \^\n/);
  const q = await cli(['explain', '-'], 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: "x\n\n');
  assert.match(q.out, /stdin:4:11: error \[yaml-syntax\] YAML: Missing closing "quote\n {4}4 │ {3}name: "x\n {4}  │ {11}\^\n/);
});

test('an untagged image\'s fix pins a tag that exists: what latest is in the catalogue, or one the learner pushed', () => {
  const fix = (image: string): string | undefined => explainText(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n  - name: a\n    image: ${image}\n`, 'p.yaml')[0]?.findings.find((f) => f.code === 'no-tag')?.suggestion;
  assert.match(fix('nginx') ?? '', /nginx:1\.29\.3 is what latest is today/);
  assert.match(fix('busybox') ?? '', /busybox:1\.37\.0 is what latest is today/);
  assert.match(fix('learner/site') ?? '', /a version you pushed \(learner\/site:TAG/);
  assert.doesNotMatch(fix('nginx') ?? '', /:1\.0\b/);
});
