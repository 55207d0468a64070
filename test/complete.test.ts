/**
 * Tab completion (src/shell/complete.ts) through its public function, on sessions whose worlds
 * were set up by typing commands: what bash with kubectl's and docker's completion would offer.
 */
import assert from 'node:assert/strict';
import { before, test } from 'node:test';
import { complete } from '../src/shell/complete.ts';
import type { ShellSession } from '../src/shell/session.ts';
import { run, session } from './helpers.ts';

/** The candidates Tab offers at the end of `line`. */
const tab = (s: ShellSession, line: string): readonly string[] => complete(s, line).candidates;

/** One world for the read-only tests: a Deployment of two pods, a two-container pod, an image, containers, files. */
let world: ShellSession;
let webPods: string[];
before(() => {
  world = session();
  for (const line of [
    'kubectl create deployment web --image=nginx:1.27 --replicas=2',
    'kubectl create namespace team-a',
    'kubectl run cache --image=redis:7 -n team-a',
    'mkdir -p k8s/base',
    'echo "kind: Pod" > k8s/pod.yaml',
    'echo "{}" > k8s/svc.json',
    'echo notes > notes.txt',
    'echo "FROM nginx:1.27" > Dockerfile',
    'docker pull nginx:1.27',
    'docker tag nginx:1.27 localhost:5000/web:1.0',
    'docker run -d --name front nginx:1.27',
    'docker run --name once nginx:1.27 true',
  ]) run(world, line);
  run(world, `cat <<'EOF' | kubectl apply -f -
apiVersion: v1
kind: Pod
metadata:
  name: two
spec:
  initContainers:
  - name: setup
    image: busybox:1.37
    command: ["true"]
  containers:
  - name: app
    image: nginx:1.27
  - name: sidecar
    image: busybox:1.37
    command: ["sleep", "3600"]
EOF`);
  world.world.advance(30_000);
  webPods = run(world, 'kubectl get pods -l app=web -o name').text.split('\n').map((n) => n.replace('pod/', ''));
  assert.equal(webPods.length, 2);
});

test('the first word: the laptop shell\'s commands, aliases and folders; a unique one gets a space', () => {
  assert.deepEqual(tab(world, 'kub'), ['kubectl ']);
  assert.deepEqual(complete(world, 'kub').word, 'kub');
  const d = tab(world, 'd');
  for (const c of ['docker', 'done', 'do']) assert.ok(d.includes(c), `${c} in ${d.join(' ')}`);
  for (const c of ['buildah', 'ci', 'trace', 'help', 'world', 'edit', 'clear', 'cd', 'export', 'grep', 'jq']) assert.ok(tab(world, '').includes(c), c);
  assert.deepEqual(tab(world, 'k8'), ['k8s/'], 'a folder here, for ./k8s/…, with no space');
  assert.deepEqual(tab(world, 'kubectl get pods | gre'), ['grep '], 'after a pipe, a command again');
  assert.deepEqual(tab(world, 'if kubectl get pods; then ech'), ['echo ']);
  const s = session();
  run(s, 'alias kgp="kubectl get pods"');
  assert.deepEqual(tab(s, 'kg'), ['kgp ']);
});

test('the first word inside a container: what that shell has; dash has no line editing', () => {
  const s = session();
  run(s, 'docker run -it busybox:1.37');
  assert.match(s.prompt(), /\/ # $/);
  assert.deepEqual(tab(s, 'l'), ['ln', 'ls']);
  assert.deepEqual(tab(s, 'ap'), [], 'busybox has no apt');
  assert.deepEqual(tab(s, 'cat /et'), ['etc/'], 'the container\'s files');
  assert.deepEqual(tab(s, 'kubect'), [], 'no kubectl inside the container');
  run(s, 'exit');
  run(s, 'kubectl run deb --image=nginx:1.27');
  s.world.advance(30_000);
  run(s, 'kubectl exec -ti deb -- sh');
  assert.equal(s.prompt(), '# ');
  assert.deepEqual(tab(s, 'l'), [], 'dash: Tab completes nothing');
  run(s, 'bash');
  assert.deepEqual(tab(s, 'apt-g'), ['apt-get ']);
});

test('docker: its commands, `docker image|container` verbs, and each command\'s own flags', () => {
  const all = tab(world, 'docker ');
  for (const c of ['build', 'run', 'push', 'images', 'image', 'container', 'save', 'compose']) assert.ok(all.includes(c), c);
  assert.deepEqual(tab(world, 'docker pu'), ['pull', 'push']);
  assert.deepEqual(tab(world, 'docker image '), ['build', 'history', 'import', 'inspect', 'load', 'ls', 'prune', 'pull', 'push', 'rm', 'save', 'tag']);
  assert.ok(tab(world, 'docker container ').includes('logs'));
  assert.deepEqual(tab(world, 'docker run --na'), ['--name ']);
  assert.deepEqual(tab(world, 'docker build --t'), ['--tag', '--target'], 'build\'s flags, not run\'s');
  assert.deepEqual(tab(world, 'docker push -'), ['--all-tags', '--help', '--quiet', '-a', '-q']);
  assert.deepEqual(tab(world, 'docker image ls --dig'), ['--digests '], 'image ls takes images\'s flags');
});

test('docker: local images (repo:tag) for run/push/tag/rmi/history, container names for stop/rm/logs/exec', () => {
  assert.deepEqual(tab(world, 'docker run '), ['localhost:5000/web:1.0', 'nginx:1.27']);
  assert.deepEqual(tab(world, 'docker push local'), ['localhost:5000/web:1.0 ']);
  assert.deepEqual(complete(world, 'docker run nginx:'), { candidates: ['1.27 '], word: '' }, 'bash breaks words at `:`');
  assert.deepEqual(tab(world, 'docker run -d nginx:1.27 '), [], 'only the image completes');
  assert.deepEqual(tab(world, 'docker tag nginx:1.27 '), ['localhost:5000/web:1.0', 'nginx:1.27']);
  assert.deepEqual(tab(world, 'docker rmi nginx:1.27 '), ['localhost:5000/web:1.0', 'nginx:1.27']);
  assert.deepEqual(tab(world, 'docker image history n'), ['nginx:1.27 ']);
  assert.deepEqual(tab(world, 'docker stop '), ['front '], 'stop: running containers');
  assert.deepEqual(tab(world, 'docker exec -it '), ['front ']);
  assert.deepEqual(tab(world, 'docker start '), ['once '], 'start: stopped ones');
  assert.deepEqual(tab(world, 'docker rm '), ['front', 'once']);
  assert.deepEqual(tab(world, 'docker logs '), ['front', 'once']);
  assert.ok(tab(world, 'docker inspect ').includes('front') && tab(world, 'docker inspect ').includes('nginx:1.27'));
});

test('kubectl: its commands, subcommands, and each command\'s own flags (given ones left out)', () => {
  const verbs = tab(world, 'kubectl ');
  for (const v of ['get', 'apply', 'rollout', 'api-resources', 'help']) assert.ok(verbs.includes(v), v);
  assert.ok(!verbs.includes('alpha'));
  assert.deepEqual(tab(world, 'kubectl ro'), ['rollout ']);
  assert.deepEqual(tab(world, 'kubectl rollout '), ['history', 'pause', 'restart', 'resume', 'status', 'undo']);
  assert.deepEqual(tab(world, 'kubectl create dep'), ['deployment ']);
  assert.deepEqual(tab(world, 'kubectl logs --f'), ['--follow ']);
  assert.ok(tab(world, 'kubectl get --').includes('--watch') && tab(world, 'kubectl get --').includes('--kubeconfig'), 'its own and the global flags');
  assert.ok(!tab(world, 'kubectl describe --').includes('--watch'), 'not another verb\'s');
  assert.ok(!tab(world, 'kubectl get -w --').includes('--watch'), 'a flag already given is not offered again');
  assert.ok(tab(world, 'kubectl apply -f a.yaml --').includes('--filename'), 'a repeatable one is');
  assert.ok(!tab(world, 'kubectl apply --').includes('--record'), 'deprecated flags are hidden');
  assert.deepEqual(tab(world, 'kubectl -n kube-system get po'), ['poddisruptionbudgets.policy', 'pods', 'podtemplates'], 'flags before the verb');
});

test('kubectl: resource types as api-resources -o name prints them, after the verbs that take them', () => {
  // compGetResourceList: plural names with their group; `po` is a prefix of three of them.
  assert.deepEqual(tab(world, 'kubectl get po'), ['poddisruptionbudgets.policy', 'pods', 'podtemplates']);
  assert.deepEqual(tab(world, 'kubectl describe deploy'), ['deployments.apps ']);
  assert.deepEqual(tab(world, 'kubectl delete svc'), [], 'short names are not candidates…');
  assert.deepEqual(tab(world, 'kubectl get deploy '), ['web '], '…but name a type whose objects complete');
  assert.deepEqual(tab(world, 'kubectl get pods,se'), ['pods,secrets', 'pods,serviceaccounts', 'pods,services']);
  assert.deepEqual(tab(world, 'kubectl scale '), ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'], 'the types scale allows');
  assert.deepEqual(tab(world, 'kubectl rollout status '), ['daemonset', 'deployment', 'statefulset']);
  assert.deepEqual(tab(world, 'kubectl label deploy/web po'), ['poddisruptionbudgets.policy/', 'pods/', 'podtemplates/'], 'after TYPE/NAME, TYPE/');
  assert.ok(!tab(world, 'kubectl get ').includes('bindings'), 'only types that can be read');
});

test('kubectl: object names from the API server, in -n\'s namespace, as NAME or TYPE/NAME', () => {
  assert.deepEqual(tab(world, 'kubectl logs web-'), webPods.sort());
  assert.deepEqual(tab(world, 'kubectl get deploy '), ['web ']);
  assert.deepEqual(tab(world, `kubectl delete pod ${webPods[0]} `), [webPods[1] as string, 'two'].sort(), 'the ones given are left out');
  assert.deepEqual(tab(world, 'kubectl describe pod/t'), ['pod/two ']);
  assert.deepEqual(tab(world, 'kubectl rollout status deployment/'), ['deployment/web ']);
  assert.deepEqual(tab(world, 'kubectl rollout status deployment/web '), [], 'rollout status takes one');
  assert.deepEqual(tab(world, 'kubectl get pods -n team-a '), ['cache ']);
  assert.deepEqual(tab(world, 'kubectl --namespace=team-a logs '), ['cache', 'daemonsets/', 'deployments/', 'jobs/', 'pods/', 'replicasets/', 'replicationcontrollers/', 'services/', 'statefulsets/']);
  assert.deepEqual(tab(world, 'kubectl exec -it dep'), ['deployments/']);
  assert.deepEqual(tab(world, 'kubectl cordon '), ['control-plane', 'worker-1', 'worker-2']);
  assert.deepEqual(tab(world, 'kubectl get nodes c'), ['control-plane ']);
});

test('kubectl: namespaces after -n, formats after -o, containers after -c, the world\'s images after --image', () => {
  assert.deepEqual(tab(world, 'kubectl get pods -n '), ['default', 'kube-node-lease', 'kube-public', 'kube-system', 'team-a']);
  assert.deepEqual(complete(world, 'kubectl get pods --namespace=team'), { candidates: ['team-a '], word: 'team' }, 'bash breaks words at `=`');
  assert.deepEqual(tab(world, 'kubectl get pods -o j'), ['json', 'jsonpath', 'jsonpath-as-json', 'jsonpath-file']);
  assert.ok(tab(world, 'kubectl get pods -o ').includes('wide'));
  assert.ok(!tab(world, 'kubectl apply -f x.yaml -o ').includes('wide'), 'apply prints objects, not tables');
  assert.deepEqual(tab(world, 'kubectl exec -it two -c '), ['app', 'setup', 'sidecar']);
  assert.deepEqual(tab(world, 'kubectl logs two -c s'), ['setup', 'sidecar']);
  assert.deepEqual(tab(world, 'kubectl logs two '), ['app', 'setup', 'sidecar'], 'logs POD CONTAINER');
  const images = tab(world, 'kubectl run x --image=');
  for (const i of ['nginx:1.27', 'localhost:5000/web:1.0', 'redis:7']) assert.ok(images.includes(i), `${i} (local and registry tags)`);
  assert.deepEqual(complete(world, 'kubectl create deployment x --image=localhost:5'), { candidates: ['5000/web:1.0 '], word: '5' });
  assert.deepEqual(tab(world, 'kubectl config use-context '), ['kubernetes-admin@kubetutor ']);
});

test('file names: relative to the shell\'s folder, folders with `/` and no space; -f takes manifests; cd folders only', () => {
  assert.deepEqual(tab(world, 'cat '), ['Dockerfile', 'k8s/', 'notes.txt']);
  assert.deepEqual(tab(world, 'cat n'), ['notes.txt ']);
  assert.deepEqual(complete(world, 'cat k8s/p'), { candidates: ['pod.yaml '], word: 'p' }, 'the listing shows the last part');
  assert.deepEqual(tab(world, 'ls k'), ['k8s/']);
  assert.deepEqual(tab(world, 'cd '), ['k8s/']);
  assert.deepEqual(tab(world, 'kubectl apply -f '), ['k8s/']);
  assert.deepEqual(tab(world, 'kubectl apply -f k8s/'), ['base/', 'pod.yaml', 'svc.json'], 'json/yaml/yml files and folders');
  assert.deepEqual(tab(world, 'kubectl apply --filename=k8s/po'), ['pod.yaml ']);
  assert.deepEqual(tab(world, 'docker build '), ['k8s/'], 'the build context: folders');
  assert.deepEqual(tab(world, 'docker build -f '), ['Dockerfile', 'k8s/', 'notes.txt']);
  assert.deepEqual(tab(world, 'grep web n'), ['notes.txt '], 'the default for other commands');
  assert.deepEqual(tab(world, 'echo hi > no'), ['notes.txt ']);
  assert.deepEqual(tab(world, 'kubectl run x --image=nginx -- '), ['Dockerfile', 'k8s/', 'notes.txt'], 'after --, the command\'s own words');
  const s = session();
  run(s, 'mkdir -p app/deep && cd app');
  assert.deepEqual(tab(s, 'ls '), ['deep/'], 'from the shell\'s folder');
  assert.deepEqual(tab(s, 'ls ../'), ['app/']);
  assert.ok(tab(s, 'ls /').includes('tmp/'));
  assert.deepEqual(tab(s, 'cat ~/w'), ['workspace/']);
});

test('quoting: a word with quotes, a backslash or $( is left alone; $NAME completes variables', () => {
  assert.deepEqual(tab(world, 'kubectl get "po'), []);
  assert.deepEqual(tab(world, "cat 'no"), []);
  assert.deepEqual(tab(world, 'echo $(kubectl get po'), []);
  assert.deepEqual(tab(world, 'cat my\\ n'), []);
  assert.deepEqual(tab(world, 'kubectl get "pods" '), tab(world, 'kubectl get pods '), 'an earlier quoted word is read unquoted');
  assert.deepEqual(tab(world, 'echo $HO'), ['$HOME ']);
});

test('an alias completes as kubectl once `complete -F __start_kubectl` names it (the cheat sheet\'s two lines)', () => {
  const s = session();
  run(s, 'alias k=kubectl');
  assert.deepEqual(tab(s, 'k get po'), [], 'bash does not look through aliases by itself');
  run(s, 'complete -o default -F __start_kubectl k');
  assert.deepEqual(tab(s, 'k get po'), ['poddisruptionbudgets.policy', 'pods', 'podtemplates']);
});
