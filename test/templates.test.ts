/**
 * kubectl's output formats: Go's text/template (-o go-template, --template, docker --format),
 * client-go's JSONPath (-o jsonpath, custom-columns, --sort-by), and the printers that choose
 * between them — each checked against what the Go sources print.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goFloat, goSprintf } from '../src/shell/format/gofmt.ts';
import { goTemplate, Template } from '../src/shell/format/gotemplate.ts';
import { JsonPath } from '../src/shell/format/jsonpath.ts';
import { run, session } from './helpers.ts';

const LIST = {
  apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' },
  items: [
    { metadata: { name: 'a', labels: { app: 'cassandra', version: 'v1' } }, spec: { replicas: 3, ports: [{ nodePort: 31234, port: 8080 }], containers: [{ name: 'c1', image: 'nginx:1.27' }, { name: 'c2', image: 'busybox:1.28' }] },
      status: { phase: 'Running', containerStatuses: [{ restartCount: 2 }], conditions: [{ type: 'Ready', status: 'True' }, { type: 'Initialized', status: 'True' }] } },
    { metadata: { name: 'b' }, spec: { replicas: 1000000, containers: [{ name: 'r', image: 'redis:7' }] }, status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }] } },
  ],
};

/** Run a template as kubectl does (name "output", missing keys allowed). */
function tmpl(text: string, data: unknown = LIST, missingKey: 'default' | 'error' = 'default'): string {
  try {
    return new Template(text, { name: 'output', missingKey }).execute(data as never);
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

function jp(text: string, data: unknown = LIST, allowMissing = true): string {
  try {
    const j = new JsonPath(text);
    j.allowMissingKeys = allowMissing;
    return j.execute(data as never);
  } catch (e) {
    return `ERR ${(e as Error).message}`;
  }
}

test('go-template: range, index into lists, parenthesised chains, variables and whitespace trimming', () => {
  // Kubernetes Basics: the pod names, one a line; the NodePort of a Service.
  assert.equal(tmpl('{{range .items}}{{.metadata.name}}{{"\\n"}}{{end}}'), 'a\nb\n');
  assert.equal(tmpl('{{(index (index .items 0).spec.ports 0).nodePort}}'), '31234');
  assert.equal(tmpl('{{- range $i, $e := .items -}} {{$i}}={{$e.metadata.name}} {{- end}}'), '0=a1=b');
  assert.equal(tmpl('{{range $k, $v := (index .items 0).metadata.labels}}{{$k}}:{{$v}};{{end}}'), 'app:cassandra;version:v1;');
  assert.equal(tmpl('{{$x := 1}}{{$x = 2}}{{$x}}'), '2');
  assert.equal(tmpl('{{range .nope}}x{{else}}none{{end}}|{{with .kind}}{{.}}{{end}}|{{with .nope}}x{{else}}no{{end}}'), 'none|List|no');
  assert.equal(tmpl('{{if eq .kind "Pod"}}pod{{else if eq .kind "List"}}list{{else}}?{{end}}'), 'list');
  assert.equal(tmpl('{{range .items}}{{if eq .metadata.name "a"}}{{continue}}{{end}}{{.metadata.name}}{{break}}{{end}}'), 'b');
  assert.equal(tmpl('{{/* a comment */}}x {{- /* trimmed */ -}} y'), 'xy');
  assert.equal(tmpl('{{range 3}}{{.}}{{end}}'), '012');
});

test('go-template: values print as fmt prints decoded JSON (float64 numbers, maps sorted, nil)', () => {
  assert.equal(tmpl('{{range .items}}{{.spec.replicas}} {{end}}'), '3 1e+06 ');
  assert.equal(tmpl('{{(index .items 1).spec}}'), 'map[containers:[map[image:redis:7 name:r]] replicas:1e+06]');
  assert.equal(tmpl('{{.nope}} {{.nope.deeper}} {{index .metadata "x"}}', { metadata: {} }), '<no value> <no value> <no value>');
  assert.equal(tmpl('{{len .items}} {{printf "%s/%d/%v/%.1f/%q" .kind 3 .metadata 2.25 "x"}}'), '2 List/3/map[resourceVersion:]/2.2/"x"');
  assert.equal(tmpl('{{print 1 2 "a" 3 nil}}'), '1 2a3 <nil>');
  assert.equal(tmpl('{{and 1 0}} {{or 0 "" "z"}} {{not .nope}} {{len "héllo"}}'), '0 z true 6');
  assert.equal(goFloat(123456), '123456');
  assert.equal(goFloat(1234567), '1.234567e+06');
  assert.equal(goFloat(0.00001), '1e-05');
  assert.equal(goSprintf('%5d|%-4s|%x|%05.1f|%t|%d', [7n, 'ab', 255n, 3.14159, true, 'no']), '    7|ab  |ff|003.1|true|%!d(string=no)');
});

test('go-template: errors read as Go\'s, with the node and its position', () => {
  assert.equal(tmpl('{{.metadata.name}'), 'ERR template: output:1: unexpected "}" in operand');
  assert.equal(tmpl('{{foo}}'), 'ERR template: output:1: function "foo" not defined');
  assert.equal(tmpl('{{range .items}}'), 'ERR template: output:1: unexpected EOF');
  assert.equal(tmpl('{{end}}'), 'ERR template: output:1: unexpected {{end}}');
  assert.equal(tmpl('{{ .kind'), 'ERR template: output:1: unclosed action');
  assert.equal(tmpl('{{$y}}'), 'ERR template: output:1: undefined variable "$y"');
  assert.equal(tmpl('{{index .items 5}}'), 'ERR template: output:1:2: executing "output" at <index .items 5>: error calling index: index out of range: 5');
  assert.equal(tmpl('{{eq (index .items 0).spec.replicas 3}}'), 'ERR template: output:1:2: executing "output" at <eq (index .items 0).spec.replicas 3>: error calling eq: incompatible types for comparison: float64 and int');
  assert.equal(tmpl('{{.kind.foo}}'), 'ERR template: output:1:7: executing "output" at <.kind.foo>: can\'t evaluate field foo in type string');
  assert.equal(tmpl('{{.nope}}', LIST, 'error'), 'ERR template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"');
  assert.equal(tmpl('{{printf "%d" }}', LIST).startsWith('%!d(MISSING)'), true);
});

test('docker --format: structs hold ints, nil slices and maps print [] and map[], json escapes like Go', () => {
  const doc = { Size: 12345678, Config: { Volumes: null, Labels: {}, Cmd: ['sh', '-c', 'echo a > b'], Healthcheck: null, ExposedPorts: { '80/tcp': {} } } };
  const types = { maps: new Set(['Volumes', 'Labels', 'ExposedPorts']), slices: new Set(['Cmd']) };
  assert.equal(goTemplate('{{.Size}} {{.Config.Volumes}} {{.Config.Labels}} {{.Config.ExposedPorts}} {{.Config.Healthcheck}}', doc, types), '12345678 map[] map[] map[80/tcp:{}] <nil>');
  assert.equal(goTemplate('{{json .Config.Cmd}} {{join .Config.Cmd ","}} {{upper "x"}}', doc, types), '["sh","-c","echo a \\u003e b"] sh,-c,echo a > b X');
});

test('docker inspect --format: a field the struct lacks fails on the raw map (missingkey=error); a missing map key is <no value>', () => {
  const s = session();
  run(s, 'docker pull -q nginx:1.27');
  run(s, 'docker run -d --name web -p 8080:80 nginx:1.27');
  // The typed struct has no Foo, so docker/cli retries on the JSON with missingkey=error; stdout still gets its newline.
  assert.deepEqual(run(s, "docker inspect --format '{{.Foo}}' web"), { text: '\ntemplate parsing error: template: :1:2: executing "" at <.Foo>: map has no entry for key "Foo"', code: 1 });
  assert.deepEqual(run(s, "docker inspect -f '{{.Config.Foo}}' nginx:1.27 web"),
    { text: '\ntemplate parsing error: template: :1:9: executing "" at <.Config.Foo>: map has no entry for key "Foo"\ntemplate parsing error: template: :1:9: executing "" at <.Config.Foo>: map has no entry for key "Foo"', code: 1 });
  assert.deepEqual(run(s, "docker inspect -f '{{.Config.Labels.nope}}' nginx:1.27"), { text: '<no value>', code: 0 });
  assert.deepEqual(run(s, "docker inspect -f '{{.State.Status}}' web nosuch"), { text: 'running\nError: No such object: nosuch', code: 1 });
  assert.deepEqual(run(s, "docker inspect -f '{{.Name}}' nosuch"), { text: '\nError: No such object: nosuch', code: 1 });
  assert.deepEqual(run(s, "docker inspect -f '{{.Id' web"), { text: 'template parsing error: template: :1: unclosed action', code: 64 });
  assert.match(run(s, 'docker inspect --format json web').text, /^\[\{"Id":"48a2967b7f9d[0-9a-f]+","Created":/);
  // The list commands run on docker/cli's formatter contexts, which are structs with methods.
  assert.deepEqual(run(s, "docker ps --format '{{.Foo}}'"), { text: 'template parsing error: template: :1:2: executing "" at <.Foo>: can\'t evaluate field Foo in type *formatter.ContainerContext', code: 1 });
  assert.equal(run(s, "docker images --format '{{.Nope}}'").text, 'template parsing error: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.imageContext');
  assert.equal(run(s, "docker ps --format '{{.Names}} {{.Networks}} {{.Platform}} {{.LocalVolumes}} {{.Labels}}'").text, 'web bridge <nil> 0 maintainer=NGINX Docker Maintainers <docker-maint@nginx.com>');
});

test('jsonpath: fields, wildcards, slices, filters, recursive descent and nested ranges', () => {
  assert.equal(jp('{.items[*].metadata.name}'), 'a b');
  assert.equal(jp('{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'), 'a\tRunning\nb\tPending\n');
  assert.equal(jp('{.items[?(@.metadata.name=="b")].status.phase}'), 'Pending');
  assert.equal(jp('{.items[*].spec.containers[*].image}'), 'nginx:1.27 busybox:1.28 redis:7');
  assert.equal(jp('{..image}'), 'nginx:1.27 busybox:1.28 redis:7');
  assert.equal(jp('{.items..metadata.name}'), 'a b');
  assert.equal(jp('{.items[0].metadata.name} {.items[-1:].metadata.name} {.items[0:1].metadata.name}'), 'a b a');
  assert.equal(jp('{.items[0].metadata.labels}'), '{"app":"cassandra","version":"v1"}');
  assert.equal(jp('{range .items[*]}{@.metadata.name}:{range @.status.conditions[*]}{@.type}={@.status};{end}{end}'), 'a:Ready=True;Initialized=True;b:Ready=False;');
  assert.equal(jp('{range.items[*].metadata}{.name} {end}'), 'a b ');
  assert.equal(jp('{.items[?(@.status.containerStatuses[0].restartCount>1)].metadata.name}'), 'a');
  assert.equal(jp('{.items[0].spec.containers[?(@.image!="busybox:1.28")].name}'), 'c1');
  assert.equal(jp('{.data.ca\\.crt}', { data: { 'ca.crt': 'CERT' } }), 'CERT');
  assert.equal(jp('{.users[?(.name == "e2e")].user.password}', { users: [{ name: 'e2e', user: { password: 'pw' } }] }), 'pw');
  assert.equal(jp('{.items[0].metadata.nope}'), '');
});

test('jsonpath: kubectl\'s parse and execution errors', () => {
  assert.equal(jp('{.items['), 'ERR unterminated array');
  assert.equal(jp('{.items[0].metadata.name'), 'ERR unclosed action');
  assert.equal(jp("{.items[0]['x'}"), 'ERR unterminated array');
  assert.equal(jp('{end}'), 'ERR not in range, nothing to end');
  assert.equal(jp('{.items[5].metadata.name}'), 'ERR array index out of bounds: index 5, length 2');
  assert.equal(jp('{.items[0].metadata.nope}', LIST, false), 'ERR nope is not found');
  assert.equal(jp('{.kind[0]}'), 'ERR string is not array or slice');
  assert.equal(jp('{.items[?(@.spec.replicas==1.5)].metadata.name}'), 'ERR incompatible types for comparison');
});

function bootcamp(): ReturnType<typeof session> {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'kubectl expose deployment web --type=NodePort --port 80');
  run(s, 'sleep 20');
  return s;
}

test('kubectl get -o go-template and --template, as Kubernetes Basics and the quick reference use them', () => {
  const s = bootcamp();
  const names = run(s, "kubectl get pods -o go-template --template '{{range .items}}{{.metadata.name}}{{\"\\n\"}}{{end}}'");
  assert.equal(names.code, 0);
  assert.match(names.text, /^web-[a-z0-9]+-[a-z0-9]{5}\nweb-[a-z0-9]+-[a-z0-9]{5}$/);
  // --template alone means -o go-template.
  assert.equal(run(s, "kubectl get pods --template '{{len .items}}'").text, '2');
  assert.match(run(s, "kubectl get services/web -o go-template='{{(index .spec.ports 0).nodePort}}'").text, /^3\d{4}$/);
  run(s, "kubectl create secret generic my-secret --from-literal=key-name-with-dashes=s3cr3t --from-literal=user=jane");
  assert.equal(run(s, `kubectl get secret my-secret --template='{{index .data "key-name-with-dashes"}}'`).text, 'czNjcjN0');
  assert.equal(run(s, `kubectl get secret my-secret -o go-template='{{range $k,$v := .data}}{{"### "}}{{$k}}{{"\\n"}}{{$v|base64decode}}{{"\\n\\n"}}{{end}}'`).text,
    '### key-name-with-dashes\ns3cr3t\n\n### user\njane\n');
  run(s, "cat > t.tmpl <<'EOF'\n{{range .items}}{{.metadata.name}} {{end}}\nEOF");
  assert.match(run(s, 'kubectl get svc -o go-template-file=t.tmpl').text, /^kubernetes web $/);
  assert.deepEqual(run(s, 'kubectl get svc -o go-template-file=nope.tmpl'), { text: 'error: error reading --template nope.tmpl, open nope.tmpl: no such file or directory', code: 1 });
  assert.deepEqual(run(s, 'kubectl get pods -o go-template'), { text: 'error: template format specified but no template given', code: 1 });
  assert.deepEqual(run(s, "kubectl get pods -o go-template='{{.items'"), { text: 'error: error parsing template {{.items, template: output:1: unclosed action', code: 1 });
  assert.deepEqual(run(s, "kubectl get pods -o go-template='{{.nope}}' --allow-missing-template-keys=false").text.split('\n').slice(-1),
    ['error: error executing template "{{.nope}}": template: output:1:2: executing "output" at <.nope>: map has no entry for key "nope"']);
});

test('a template that fails prints what it wrote and the debugging report on stdout, the error on stderr', () => {
  const s = bootcamp();
  const r = s.run("kubectl get svc web -o go-template='{{.metadata.name}} {{index .spec.ports 3}}'", []);
  const outText = r.lines.filter((l) => l.stream === 'out').map((l) => l.text);
  assert.equal(outText[0], 'web Error executing template: template: output:1:21: executing "output" at <index .spec.ports 3>: error calling index: index out of range: 3. Printing more information for debugging the template:');
  assert.deepEqual(outText.slice(1, 4), ['\ttemplate was:', "\t\t{{.metadata.name}} {{index .spec.ports 3}}", '\traw data was:']);
  assert.match(outText[4] ?? '', /^\t\t\{"apiVersion":"v1","kind":"Service","metadata":\{/);
  assert.match(outText[6] ?? '', /^\t\tmap\[apiVersion:v1 kind:Service metadata:map\[/);
  assert.equal(r.exitCode, 1);
  assert.deepEqual(r.lines.filter((l) => l.stream === 'err').map((l) => l.text), ['error: error executing template "{{.metadata.name}} {{index .spec.ports 3}}": template: output:1:21: executing "output" at <index .spec.ports 3>: error calling index: index out of range: 3']);
});

test('kubectl get -o jsonpath, jsonpath-file and jsonpath-as-json; a failing path reports the object given to the engine', () => {
  const s = bootcamp();
  assert.match(run(s, `kubectl get pods -o jsonpath='{range .items[*]}{.metadata.name}{"\\t"}{.status.phase}{"\\n"}{end}'`).text, /^web-\S+\tRunning\nweb-\S+\tRunning$/);
  assert.equal(run(s, "kubectl get nodes -o jsonpath='{.items[*].metadata.name}'").text, 'control-plane worker-1 worker-2');
  assert.equal(run(s, `kubectl get nodes -o jsonpath='{range .items[*]}{@.metadata.name}:{range @.status.conditions[?(@.type=="Ready")]}{@.type}={@.status};{end}{end}'`).text,
    'control-plane:Ready=True;worker-1:Ready=True;worker-2:Ready=True;');
  assert.equal(run(s, "kubectl get nodes -o jsonpath-as-json='{.items[*].metadata.name}'").text, '[\n    "control-plane",\n    "worker-1",\n    "worker-2"\n]');
  run(s, "cat > p.jsonpath <<'EOF'\n{.items[0].kind}\nEOF");
  assert.equal(run(s, 'kubectl get pods -o jsonpath-file=p.jsonpath').text, 'Pod');
  assert.deepEqual(run(s, "kubectl get pods -o jsonpath='{.items['"), { text: 'error: error parsing jsonpath {.items[, unterminated array', code: 1 });
  const bad = run(s, "kubectl get svc web -o jsonpath='{.spec.ports[4]}'");
  assert.equal(bad.code, 1);
  const lines = bad.text.split('\n');
  assert.equal(lines[0], 'error: error executing jsonpath "{.spec.ports[4]}": Error executing template: array index out of bounds: index 4, length 1. Printing more information for debugging the template:');
  assert.deepEqual(lines.slice(1, 4), ['\ttemplate was:', '\t\t{.spec.ports[4]}', '\tobject given to jsonpath engine was:']);
  assert.match(lines[4] ?? '', /^\t\tmap\[string\]interface \{\}\{"apiVersion":"v1", "kind":"Service", "metadata":map\[string\]interface \{\}\{/);
  assert.deepEqual(lines.slice(5), ['', '']);
  // No "No resources found" for the generic printers: an empty list prints nothing.
  assert.deepEqual(run(s, "kubectl get pods -n kube-public -o jsonpath='{.items[*].metadata.name}'"), { text: '', code: 0 });
});

test('kubectl get -o custom-columns and custom-columns-file; --sort-by as kubectl sorts', () => {
  const s = bootcamp();
  const images = run(s, "kubectl get pods -A -o=custom-columns='DATA:spec.containers[*].image' --sort-by=.metadata.name");
  assert.equal(images.text.split('\n')[0], 'DATA');
  assert.ok(images.text.includes('registry.k8s.io/kube-apiserver:v1.32.4'));
  assert.equal(run(s, "kubectl get node -o custom-columns='NODE_NAME:.metadata.name,STATUS:.status.conditions[?(@.type==\"Ready\")].status'").text,
    'NODE_NAME       STATUS\ncontrol-plane   True\nworker-1        True\nworker-2        True');
  assert.equal(run(s, "kubectl get nodes -o='custom-columns=NodeName:.metadata.name,TaintKey:.spec.taints[*].key'").text,
    'NodeName        TaintKey\ncontrol-plane   node-role.kubernetes.io/control-plane\nworker-1        <none>\nworker-2        <none>');
  // tabwriter's minimum cell width is 6.
  assert.equal(run(s, 'kubectl get svc -o custom-columns=N:.kind,T:.spec.type --no-headers').text, 'Service   ClusterIP\nService   NodePort');
  run(s, "cat > cols.txt <<'EOF'\nNAME          TYPE\n.metadata.name  {.spec.type}\nEOF");
  assert.equal(run(s, 'kubectl get svc -o custom-columns-file=cols.txt').text, 'NAME         TYPE\nkubernetes   ClusterIP\nweb          NodePort');
  assert.deepEqual(run(s, 'kubectl get pods -o custom-columns=NAME'), { text: 'error: unexpected custom-columns spec: NAME, expected <header>:<json-path-expr>', code: 1 });
  assert.deepEqual(run(s, 'kubectl get pods -o custom-columns='), { text: 'error: custom-columns format specified but no custom columns given', code: 1 });
  assert.deepEqual(run(s, 'kubectl get pods --sort-by=.foo'), { text: 'error: couldn\'t find any field with path "{.foo}" in the list of objects', code: 1 });
  assert.equal(run(s, "kubectl get svc --sort-by='{.spec.type}' -o name").text, 'service/kubernetes\nservice/web');
  assert.equal(run(s, 'kubectl get svc --sort-by=.metadata.name --no-headers -o custom-columns=N:.metadata.name').text, 'kubernetes\nweb');
  assert.deepEqual(run(s, 'kubectl get pods -o wrong'), { text: 'error: unable to match a printer suitable for the output format "wrong", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml', code: 1 });
});

test('apply and create print through the same printers (-o jsonpath, -o go-template)', () => {
  const s = session();
  run(s, "cat > cm.yaml <<'EOF'\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  k: v\nEOF");
  assert.deepEqual(run(s, "kubectl apply -f cm.yaml -o jsonpath='{.metadata.name}={.data.k}'"), { text: 'c=v', code: 0 });
  assert.deepEqual(run(s, "kubectl apply -f cm.yaml --dry-run=server -o go-template='{{.kind}}'"), { text: 'ConfigMap', code: 0 });
  assert.equal(run(s, 'kubectl apply -f cm.yaml -o custom-columns=N:.metadata.name').text,
    'error: unable to match a printer suitable for the output format "custom-columns=N:.metadata.name", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml');
});

test('a manifest with go-yaml\'s \\\' escape applies, and the value holds the apostrophes', () => {
  const s = session();
  run(s, `cat > pod.yaml <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: envars
spec:
  containers:
  - name: c
    image: busybox:1.28
    command: ['sh', '-c', "echo \\"DB_ADDRESS=\\'address\\'\\" > /data/config.env"]
EOF`);
  assert.deepEqual(run(s, 'kubectl apply -f pod.yaml'), { text: 'pod/envars created', code: 0 });
  assert.equal(run(s, "kubectl get pod envars -o jsonpath='{.spec.containers[0].command[2]}'").text, 'echo "DB_ADDRESS=\'address\'" > /data/config.env');
});
