/**
 * What answers over the simulated network, and curl's view of it: published container ports,
 * NodePorts, ClusterIPs and Service names (from the laptop and from pods), kubectl proxy and
 * port-forward, what known images serve, and the shells inside containers.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ShellSession } from '../src/shell/session.ts';
import { sha256 } from '../src/sim/digest.ts';
import { serve, type Process } from '../src/sim/http.ts';
import { makeImage, type Behaviour, type Image } from '../src/sim/image.ts';
import { run, session } from './helpers.ts';

/** A test image built on a catalogue image: extra files, a command, a behaviour. */
function testImage(s: ShellSession, base: string, extra: { files?: Record<string, string>; cmd?: string[]; behaviour?: Behaviour; workingDir?: string }): Image {
  const [host, ...rest] = base.split('/');
  const [path, tag] = rest.join('/').split(':') as [string, string];
  const r = s.world.registry(host as string)?.resolve(path, { tag });
  if (!r?.ok) throw new Error(`no ${base}`);
  const b = r.image;
  return makeImage({
    layers: [...b.layers, { digest: sha256(`test-layer:${JSON.stringify(extra)}`), size: 1000, unpacked: 3000, createdBy: 'COPY . / # buildkit', files: extra.files ?? {} }],
    config: { ...b.config, ...(extra.cmd ? { cmd: extra.cmd, entrypoint: undefined } : {}), ...(extra.workingDir ? { workingDir: extra.workingDir } : {}) },
    created: b.created, distro: b.distro, behaviour: extra.behaviour ?? b.behaviour,
  });
}

test('curl on the laptop: a published port, headers, files, and curl\'s own errors', () => {
  const s = session();
  run(s, 'docker run -d -p 8080:80 --name web nginx:1.27');
  assert.match(run(s, 'curl localhost:8080').text, /^<!DOCTYPE html>\n[\s\S]*<h1>Welcome to nginx!<\/h1>[\s\S]*<\/html>$/);
  assert.equal(run(s, 'curl -sI http://127.0.0.1:8080/').text.replace(/Date: .*/, 'Date: -'),
    'HTTP/1.1 200 OK\nServer: nginx/1.27.5\nDate: -\nContent-Type: text/html\nContent-Length: 615\nLast-Modified: Thu, 03 Sep 2026 08:00:00 GMT\nConnection: keep-alive\nETag: "6a992900-267"\nAccept-Ranges: bytes\n');
  assert.deepEqual(run(s, 'curl http://localhost:8081'), { text: "curl: (7) Failed to connect to localhost port 8081 after 0 ms: Couldn't connect to server", code: 7 });
  assert.deepEqual(run(s, 'curl -s http://localhost:8081'), { text: '', code: 7 });
  assert.deepEqual(run(s, 'curl -fsS localhost:8080/nope'), { text: 'curl: (22) The requested URL returned error: 404', code: 22 });
  assert.equal(run(s, 'curl -s -o /dev/null -w "%{http_code}\\n" localhost:8080/nope').text, '404');
  assert.deepEqual(run(s, 'curl http://:3000'), { text: 'curl: (3) URL rejected: No host part in the URL', code: 3 });
  assert.deepEqual(run(s, 'curl'), { text: "curl: no URL specified!\ncurl: try 'curl --help' or 'curl --manual' for more information", code: 2 });
  assert.deepEqual(run(s, 'curl --nope x'), { text: "curl: option --nope: is unknown\ncurl: try 'curl --help' or 'curl --manual' for more information", code: 2 });
  assert.deepEqual(run(s, 'curl https://localhost:8080'), { text: 'curl: (35) OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number', code: 35 });
  // To a file (or a pipe) curl shows its progress meter on stderr.
  assert.equal(run(s, 'curl -o page.html localhost:8080').text,
    '  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current\n                                 Dload  Upload   Total   Spent    Left  Speed\n100   615  100   615    0     0   600k      0 --:--:-- --:--:-- --:--:--  600k');
  assert.equal(run(s, 'grep -c nginx page.html').text, '6');
  assert.match(run(s, 'curl http://web').text, /^curl: \(6\) Could not resolve host: web$/);
  assert.equal(run(s, 'docker logs web | tail -1').text.replace(/\[.*\]/, '[-]'), '172.17.0.1 - - [-] "GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"');
});

test('a host port a running container holds is refused as moby 28.2 refuses it, and the container stays Created', () => {
  const s = session();
  run(s, 'docker run -d --name a -p 127.0.0.1:3000:80 nginx:1.27');
  // The port allocator keeps a map per address: the same address is refused there.
  const same = run(s, 'docker run -d --name b -p 127.0.0.1:3000:80 nginx:1.27');
  assert.equal(same.code, 125);
  assert.match(same.text, /^[0-9a-f]{64}\ndocker: Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint b \([0-9a-f]{64}\): Bind for 127\.0\.0\.1:3000 failed: port is already allocated\n\nRun 'docker run --help' for more information\n/);
  // 0.0.0.0 passes the allocator, then bind(2) fails: it overlaps 127.0.0.1 (the new container would be 172.17.0.3).
  assert.match(run(s, 'docker run -d --name c -p 0.0.0.0:3000:80 nginx:1.27').text, /endpoint c \([0-9a-f]{64}\): failed to bind host port for 0\.0\.0\.0:3000:172\.17\.0\.3:80\/tcp: address already in use\n/);
  assert.match(run(s, 'docker run --rm --name d -p 3000:80 nginx:1.27').text, /^docker: .*: failed to bind host port for 0\.0\.0\.0:3000:172\.17\.0\.3:80\/tcp: address already in use\n/);
  // :: does not overlap IPv4 addresses.
  assert.equal(run(s, 'docker run -d --name e -p [::]:3000:80 nginx:1.27').code, 0);
  assert.equal(run(s, 'docker ps -a --format "{{.Names}} {{.State}} {{.Status}}"').text, 'e running Up 1 second\nc created Created\nb created Created\na running Up 7 seconds');
  assert.equal(run(s, 'docker inspect -f "{{.State.Status}} {{.State.StartedAt}}" b').text, 'created 0001-01-01T00:00:00Z');
  run(s, 'docker stop a');
  assert.equal(run(s, 'docker start b').text, 'b');
  // b took a's freed address, 172.17.0.2; e holds .3, so c would be .4.
  assert.match(run(s, 'docker start c').text, /^Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint c \([0-9a-f]{64}\): failed to bind host port for 0\.0\.0\.0:3000:172\.17\.0\.4:80\/tcp: address already in use\nError: failed to start containers: c$/);
});

test('a learner\'s own FROM nginx image serves their page; a Node server answers what its source sends', () => {
  const s = session();
  run(s, "echo '<h1>my page</h1>' > index.html && printf 'FROM nginx:1.27\\nCOPY index.html /usr/share/nginx/html/\\n' > Dockerfile && docker build -q -t site:1 .");
  run(s, 'docker run -d -p 8080:80 site:1');
  assert.equal(run(s, 'curl -s localhost:8080').text, '<h1>my page</h1>');
  run(s, 'mkdir app && cd app');
  run(s, "printf '%s\\n' \"const express = require('express');\" 'const app = express();' \"app.get('/', (req, res) => res.send('hello from express'));\" 'app.listen(3000);' > index.js");
  run(s, 'printf \'FROM node:22-alpine\\nWORKDIR /app\\nCOPY index.js .\\nCMD ["node", "index.js"]\\n\' > Dockerfile && docker build -q -t app:1 .');
  run(s, 'docker run -d -p 127.0.0.1:3000:3000 app:1');
  assert.equal(run(s, 'curl -s localhost:3000').text, 'hello from express');
  assert.match(run(s, 'curl -s localhost:3000/x').text, /<pre>Cannot GET \/x<\/pre>/);
});

test('NodePorts answer on every node\'s IP, spread over ready pods; ClusterIPs and pod IPs time out from the laptop', () => {
  const s = session();
  run(s, 'kubectl create deployment boot --image=gcr.io/google-samples/kubernetes-bootcamp:v1 --replicas=2');
  run(s, 'kubectl expose deployment/boot --type=NodePort --port 8080');
  run(s, 'sleep 30');
  run(s, `export NODE_PORT="$(kubectl get services/boot -o jsonpath='{.spec.ports[0].nodePort}')"`);
  const a = run(s, 'curl http://172.18.0.3:$NODE_PORT').text;
  const b = run(s, 'curl http://172.18.0.2:$NODE_PORT').text;
  assert.match(a, /^Hello Kubernetes bootcamp! \| Running on: boot-[a-z0-9]+-[a-z0-9]{5} \| v=1$/);
  assert.notEqual(a, b, 'kube-proxy sends requests to each ready endpoint in turn');
  const pod = /Running on: (\S+)/.exec(a)?.[1] as string;
  assert.match(run(s, `kubectl logs ${pod}`).text, /^Kubernetes Bootcamp App Started At: .* \| Running On: {2}boot-\S+ \n\nRunning On: boot-\S+ \| Total Requests: 1 \| App Uptime: [\d.]+ seconds \| Log Time: 2026-/);
  const ip = run(s, "kubectl get svc boot -o jsonpath='{.spec.clusterIP}'").text;
  const t0 = s.world.clock.now();
  const r = run(s, `curl http://${ip}:8080`);
  assert.equal(r.code, 28);
  assert.match(r.text, new RegExp(`^curl: \\(28\\) Failed to connect to ${ip.replace(/\./g, '\\.')} port 8080 after 133120 ms: Couldn't connect to server\nhint: ${ip.replace(/\./g, '\\.')} is a ClusterIP`));
  assert.ok(s.world.clock.now() - t0 >= 133_000, 'the wait passes on the simulated clock');
  assert.match(run(s, `curl --connect-timeout 3 ${ip}:8080`).text, /^curl: \(28\) Failed to connect to .* port 8080 after 3001 ms: Timeout was reached/);
  run(s, 'kubectl scale deployment boot --replicas=0');
  run(s, 'sleep 30');
  assert.match(run(s, 'curl http://172.18.0.3:$NODE_PORT').text, /^curl: \(7\) Failed to connect to 172\.18\.0\.3 port \d+ after 2 ms: Couldn't connect to server\nhint: Service boot has no ready endpoints/);
});

test('kubectl proxy: the API server\'s JSON, and the pod proxy the Kubernetes Basics tutorial curls', () => {
  const s = session();
  run(s, 'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  run(s, 'sleep 20');
  assert.equal(run(s, 'kubectl proxy &').text, '[1] 2301\nStarting to serve on 127.0.0.1:8001');
  assert.equal(run(s, 'curl http://localhost:8001/version').text,
    '{\n  "major": "1",\n  "minor": "32",\n  "gitVersion": "v1.32.4",\n  "gitCommit": "59526cd4867447956156ae3a602fcbac10a2c335",\n  "gitTreeState": "clean",\n  "buildDate": "2025-04-22T16:02:27Z",\n  "goVersion": "go1.23.6",\n  "compiler": "gc",\n  "platform": "linux/amd64"\n}');
  run(s, `export POD_NAME="$(kubectl get pods -o jsonpath='{.items[0].metadata.name}')"`);
  assert.match(run(s, 'curl http://localhost:8001/api/v1/namespaces/default/pods/$POD_NAME:8080/proxy/').text, /^Hello Kubernetes bootcamp! \| Running on: kubernetes-bootcamp-\S+ \| v=1$/);
  // No port named and none declared: the API server dials port 80.
  assert.match(run(s, 'curl -s http://localhost:8001/api/v1/namespaces/default/pods/$POD_NAME/proxy/').text, /"message": "error trying to reach service: dial tcp 10\.244\.\d+\.\d+:80: connect: connection refused",\n {2}"reason": "ServiceUnavailable",\n {2}"code": 503/);
  assert.match(run(s, 'curl -s localhost:8001/api/v1/namespaces/default/pods/nope').text, /"message": "pods \\"nope\\" not found"/);
  assert.match(run(s, 'curl -s localhost:8001/api/v1/namespaces/default/pods').text, /^\{\n {2}"kind": "PodList",\n {2}"apiVersion": "v1",/);
  assert.equal(run(s, 'kubectl proxy').text, 'error: listen tcp 127.0.0.1:8001: bind: address already in use');
  assert.equal(run(s, 'kill %1').text, '');
  assert.match(run(s, 'curl localhost:8001/version').text, /^curl: \(7\) .*\n\[1\]\+ {2}Terminated {14}kubectl proxy$/);
  const started = run(s, 'kubectl proxy --port=8080').text;
  assert.match(started, /^Starting to serve on 127\.0\.0\.1:8080\nhint: kubectl proxy keeps running in the background of the sandbox .* `kill %1` stops it\.$/);
  assert.equal(run(s, 'jobs').text, '[1]+  Running                 kubectl proxy --port=8080 &');
});

test('kubectl port-forward: to a Service, a pod or a Deployment, in the background', () => {
  const s = session();
  run(s, 'kubectl create deployment web --image=nginx:1.27 --replicas=2');
  run(s, 'kubectl expose deployment web --port=80 --target-port=80');
  run(s, 'sleep 20');
  assert.equal(run(s, 'kubectl port-forward svc/web 8080:80 &').text, '[1] 2301\nForwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80');
  // Started with & in this terminal, its own log lines show here too.
  assert.equal(run(s, 'curl -s localhost:8080 | grep "<h1>"').text, 'Handling connection for 8080\n<h1>Welcome to nginx!</h1>');
  assert.match(run(s, 'kubectl port-forward deploy/web 9090:80').text, /^Forwarding from 127\.0\.0\.1:9090 -> 80\nForwarding from \[::1\]:9090 -> 80\nhint: kubectl port-forward keeps running/);
  assert.equal(run(s, 'curl -s localhost:9090 | head -1').text, '<!DOCTYPE html>');
  assert.match(run(s, 'kubectl port-forward svc/web 8080:80').text, /^Unable to listen on port 8080: Listeners failed to create with the following errors: \[unable to create listener: Error listen tcp4 127\.0\.0\.1:8080: bind: address already in use .*\]\nerror: unable to listen on any of the requested ports: \[\{8080 80\}\]$/);
  assert.equal(run(s, 'kubectl port-forward svc/web 7000:81').text, 'error: Service web does not have a service port 81');
  assert.equal(run(s, 'kubectl port-forward svc/nope 7000:80').text, 'Error from server (NotFound): services "nope" not found');
  assert.equal(run(s, 'kubectl port-forward').text, "error: TYPE/NAME and list of ports are required for port-forward\nSee 'kubectl port-forward -h' for help and examples");
  run(s, 'kubectl run pending --image=nginx:nope');
  assert.equal(run(s, 'kubectl port-forward pod/pending 7000:80').text, 'error: unable to forward port because pod is not running. Current status=Pending');
  run(s, 'kill %1 %2');
  assert.equal(run(s, 'curl -s localhost:8080; echo $?').text, '7\n[1]-  Terminated              kubectl port-forward svc/web 8080:80\n[2]+  Terminated              kubectl port-forward deploy/web 9090:80');
});

test('inside a pod: localhost, Service names through cluster DNS, ClusterIPs, and the API server', () => {
  const s = session();
  run(s, 'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  run(s, 'kubectl expose deployment kubernetes-bootcamp --port=80 --target-port=8080');
  run(s, 'kubectl run bb --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 20');
  const pod = run(s, "kubectl get pods -l app=kubernetes-bootcamp -o jsonpath='{.items[0].metadata.name}'").text;
  assert.equal(run(s, `kubectl exec -ti ${pod} -- curl http://localhost:8080`).text, `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
  for (const name of ['kubernetes-bootcamp', 'kubernetes-bootcamp.default', 'kubernetes-bootcamp.default.svc', 'kubernetes-bootcamp.default.svc.cluster.local']) {
    assert.equal(run(s, `kubectl exec ${pod} -- curl -s ${name}`).text, `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`, name);
  }
  const ip = run(s, "kubectl get svc kubernetes-bootcamp -o jsonpath='{.spec.clusterIP}'").text;
  assert.equal(run(s, `kubectl exec ${pod} -- curl -s http://${ip}`).text, `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
  assert.deepEqual(run(s, `kubectl exec ${pod} -- curl -s nope`), { text: 'command terminated with exit code 6', code: 6 });
  assert.match(run(s, `kubectl exec ${pod} -- curl https://kubernetes`).text, /^curl: \(60\) SSL certificate problem: unable to get local issuer certificate\n/);
  assert.match(run(s, `kubectl exec ${pod} -- curl -sk https://kubernetes/api`).text, /"message": "forbidden: User \\"system:anonymous\\" cannot get path \\"\/api\\""/);
  assert.match(run(s, `kubectl exec ${pod} -- curl -sk https://kubernetes/version`).text, /"gitVersion": "v1\.32\.4"/, 'anyone may read /version');
  // busybox has no curl, but its wget reaches the same Service.
  assert.match(run(s, 'kubectl exec bb -- curl -s kubernetes-bootcamp').text, /executable file not found in \$PATH/);
  assert.equal(run(s, 'kubectl exec bb -- wget -qO- kubernetes-bootcamp').text, `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
  assert.deepEqual(run(s, 'kubectl exec bb -- wget -qO- nope'), { text: "wget: bad address 'nope'\ncommand terminated with exit code 1", code: 1 });
  assert.equal(run(s, `kubectl exec ${pod} -- sh -c 'curl -s localhost:8080 | grep -c bootcamp'`).text, '1');
});

test('shells inside containers: their prompts, their files, exit and its status', () => {
  const s = session();
  run(s, 'kubectl create deployment kubernetes-bootcamp --image=gcr.io/google-samples/kubernetes-bootcamp:v1');
  run(s, 'kubectl run bb --image=busybox:1.37 -- sleep 3600');
  run(s, 'sleep 20');
  const pod = run(s, "kubectl get pods -l app=kubernetes-bootcamp -o jsonpath='{.items[0].metadata.name}'").text;
  assert.equal(run(s, `kubectl exec -ti ${pod} -- bash`).text, '');
  assert.equal(s.prompt(), `root@${pod}:/# `);
  assert.match(run(s, 'cat server.js | head -1').text, /^var http = require\('http'\);$/);
  assert.equal(run(s, 'curl http://localhost:8080').text, `Hello Kubernetes bootcamp! | Running on: ${pod} | v=1`);
  run(s, 'echo hi > /tmp/note; cd /tmp');
  assert.equal(s.prompt(), `root@${pod}:/tmp# `);
  assert.deepEqual(run(s, 'kubectl get pods'), { text: 'bash: kubectl: command not found', code: 127 });
  assert.deepEqual(run(s, 'exit'), { text: 'exit\ncommand terminated with exit code 127', code: 127 });
  assert.equal(s.prompt(), 'learner@laptop:~/workspace$ ');
  assert.equal(run(s, 'echo $?').text, '127');
  assert.equal(run(s, `kubectl exec ${pod} -- cat /tmp/note`).text, 'hi', 'the container keeps the files written in it');
  run(s, 'kubectl exec -it bb -- sh');
  assert.equal(s.prompt(), '/ # ');
  assert.deepEqual(run(s, 'curl web'), { text: 'sh: curl: not found', code: 127 });
  run(s, 'sh');
  assert.deepEqual(run(s, 'exit 3'), { text: '', code: 3 }, 'leaving a nested shell stays in the container');
  assert.equal(s.inContainer, true);
  assert.equal(run(s, 'exit').text, 'command terminated with exit code 3');
  run(s, 'docker run -it --name deb debian:bookworm-slim sh');
  assert.equal(s.prompt(), '# ');
  assert.deepEqual(run(s, 'nosuch'), { text: 'sh: 1: nosuch: not found', code: 127 });
  run(s, 'exit 2');
  assert.equal(run(s, 'echo $?').text, '2');
  assert.match(run(s, "docker ps -a --filter name=deb --format '{{.Status}}'").text, /^Exited \(2\)/);
  run(s, 'docker run -d --name web nginx:1.27');
  run(s, 'docker exec -it web bash');
  assert.match(s.prompt(), /^root@[0-9a-f]{12}:\/# $/);
  assert.equal(run(s, 'curl -s localhost | grep -c nginx').text, '6');
  run(s, 'exit');
  assert.equal(run(s, "docker ps --filter name=web --format '{{.Status}}'").text.startsWith('Up'), true, 'docker exec leaves the container running');
  // End of input inside a container's shell leaves it, as Ctrl-D does.
  run(s, 'docker run -it alpine:3.21');
  assert.equal(s.prompt(), '/ # ');
  assert.equal(s.flush()?.exitCode, 0);
  assert.equal(s.inContainer, false);
});

test('what known servers answer: echoserver, httpd, bootcamp v2, and the ones that are not HTTP', () => {
  const s = session();
  const nginx = testImage(s, 'docker.io/library/nginx:1.27', {});
  const proc = (image: Image): Process => ({ image, argv: [...(image.config.entrypoint ?? []), ...(image.config.cmd ?? [])], env: new Map(), hostname: 'hello-7c5d-abcde', files: new Map(), workingDir: '/', startedAt: 0 });
  const req = { method: 'GET', path: '/x?a=1', headers: [['Host', '172.18.0.3:30500'], ['User-Agent', 'curl/8.5.0'], ['Accept', '*/*']] as Array<[string, string]>, body: '', clientIp: '10.244.1.1', serverPort: 8080, now: Date.UTC(2026, 10, 21, 9) };
  const echo = serve(proc({ ...nginx, behaviour: { kind: 'server', name: 'echoserver', version: '1.10' } }), 8080, req);
  assert.equal(echo.kind === 'http' ? echo.response.body : echo.kind,
    '\nHostname: hello-7c5d-abcde\n\nPod Information:\n\t-no pod information available-\n\nServer values:\n\tserver_version=nginx: 1.13.3 - lua: 10008\n\nRequest Information:\n\tclient_address=10.244.1.1\n\tmethod=GET\n\treal path=/x\n\tquery=a=1\n\trequest_version=1.1\n\trequest_scheme=http\n\trequest_uri=http://172.18.0.3:8080/x?a=1\n\nRequest Headers:\n\taccept=*/*\n\thost=172.18.0.3:30500\n\tuser-agent=curl/8.5.0\n\nRequest Body:\n\t-no body in request-\n\n');
  const httpd = serve(proc({ ...nginx, behaviour: { kind: 'server', name: 'httpd', version: '2.4.65' } }), 80, { ...req, path: '/' });
  assert.equal(httpd.kind === 'http' ? httpd.response.body : httpd.kind, '<html><body><h1>It works!</h1></body></html>\n');
  const v2 = serve(proc({ ...nginx, behaviour: { kind: 'server', name: 'kubernetes-bootcamp', version: 'v2' } }), 8080, req);
  assert.equal(v2.kind === 'http' ? v2.response.body : v2.kind, 'Hello Kubernetes bootcamp! | Running on: hello-7c5d-abcde | v=2\n');
  assert.deepEqual(serve(proc({ ...nginx, behaviour: { kind: 'server', name: 'redis', version: '7.4.6' } }), 6379, req), { kind: 'not-http', reply: 'http09' });
  assert.deepEqual(serve(proc(nginx), 8080, req), { kind: 'refused' }, 'nginx listens on 80 only');
  run(s, 'docker run -d -p 6379:6379 redis:7.4');
  assert.deepEqual(run(s, 'curl localhost:6379'), { text: 'curl: (1) Received HTTP/0.9 when not allowed', code: 1 });
  run(s, 'docker run -d -p 5000:5000 registry:2');
  assert.equal(run(s, 'curl -s localhost:5000/v2/').text, '{}');
  run(s, 'docker pull -q alpine:3.21 && docker tag alpine:3.21 localhost:5000/my-alpine:1 && docker push localhost:5000/my-alpine:1');
  assert.equal(run(s, 'curl localhost:5000/v2/_catalog').text, '{"repositories":["my-alpine"]}');
  assert.equal(run(s, 'curl localhost:5000/v2/my-alpine/tags/list').text, '{"name":"my-alpine","tags":["1"]}');
});
