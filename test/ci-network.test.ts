/**
 * The CI runner is its own machine: its localhost is itself, names resolve with its own DNS
 * server, and each builder there says so in its own words.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CI_RUNNER } from '../src/sim/ci-runner.ts';
import { connectionRefused, LAPTOP, noSuchHost, otherMachine } from '../src/sim/hosts.ts';
import { run, session } from './helpers.ts';

const SETUP = [
  'docker run -d -p 5000:5000 --name registry registry:2',
  "printf 'FROM busybox:1.37\\nCMD [\"echo\", \"hi\"]\\n' > Dockerfile",
];

function pipeline(image: string, args: string): string {
  return `cat > ci.yaml <<'EOF'\nsteps:\n  - name: build\n    image: ${image}\n${args}\nEOF`;
}

test('the runner sees the laptop\'s registries, except localhost, which is itself', () => {
  const s = session();
  for (const l of SETUP) run(s, l);
  const world = s.world;
  assert.ok(world.registry('localhost:5000'), 'the laptop reaches its own registry');
  assert.equal(world.ci.lookup.registry('localhost:5000'), undefined);
  assert.equal(world.ci.lookup.refuses('127.0.0.1:5000'), true);
  assert.equal(world.ci.lookup.registry('registry.example.com'), world.registry('registry.example.com'));
  assert.equal(otherMachine(world).registry('docker.io'), world.registry('docker.io'));
  assert.equal(connectionRefused(CI_RUNNER, 'localhost:5000', 443), 'dial tcp 127.0.0.1:5000: connect: connection refused');
  assert.equal(connectionRefused(LAPTOP, 'localhost:5000', 443), 'dial tcp [::1]:5000: connect: connection refused');
  assert.equal(noSuchHost(CI_RUNNER, 'registy.example.com:443'), 'dial tcp: lookup registy.example.com on 127.0.0.11:53: no such host');
});

test('Kaniko on the runner: its push check pings localhost over HTTPS then HTTP, both refused', () => {
  const s = session();
  for (const l of SETUP) run(s, l);
  run(s, pipeline('ghcr.io/osscontainertools/kaniko:v1.28.0', '    args: ["--context=.", "--dockerfile=Dockerfile", "--destination=localhost:5000/app:1"]'));
  const r = run(s, 'ci run');
  assert.equal(r.code, 1);
  assert.match(r.text, /checking push permission for "localhost:5000\/app:1": creating push check transport for localhost:5000 failed: Get "https:\/\/localhost:5000\/v2\/": dial tcp 127\.0\.0\.1:5000: connect: connection refused; Get "http:\/\/localhost:5000\/v2\/": dial tcp 127\.0\.0\.1:5000: connect: connection refused\n/);
  assert.match(r.text, /hint: On the CI runner, localhost is the runner itself/);
  run(s, pipeline('ghcr.io/osscontainertools/kaniko:v1.28.0', '    args: ["--context=.", "--dockerfile=Dockerfile", "--destination=registy.example.com/app:1"]'));
  assert.match(run(s, 'ci run').text, /creating push check transport for registy\.example\.com failed: Get "https:\/\/registy\.example\.com\/v2\/": dial tcp: lookup registy\.example\.com on 127\.0\.0\.11:53: no such host\nhint: There is no registry called registy\.example\.com/);
});

test('BuildKit and Buildah on the runner: refused at localhost, in their own words; on the laptop Buildah reaches it', () => {
  const s = session();
  for (const l of SETUP) run(s, l);
  run(s, pipeline('moby/buildkit:rootless', '    command: ["buildctl-daemonless.sh"]\n    args: ["build", "--frontend", "dockerfile.v0", "--local", "context=.", "--local", "dockerfile=.", "--output", "type=image,name=localhost:5000/app:1,push=true"]'));
  const bk = run(s, 'ci run');
  assert.match(bk.text, /error: failed to solve: failed to push localhost:5000\/app:1: failed to do request: Head "http:\/\/localhost:5000\/v2\/app\/blobs\/sha256:[0-9a-f]{64}": dial tcp 127\.0\.0\.1:5000: connect: connection refused\n/);
  run(s, pipeline('quay.io/buildah/stable', '    script:\n      - buildah bud -t app:1 .\n      - buildah push app:1 docker://localhost:5000/app:1'));
  const bh = run(s, 'ci run');
  assert.match(bh.text, /pinging container registry localhost:5000: Get "https:\/\/localhost:5000\/v2\/": dial tcp 127\.0\.0\.1:5000: connect: connection refused\nhint: On the CI runner/);
  run(s, 'buildah bud -t app:1 .');
  assert.equal(run(s, 'buildah push app:1 docker://localhost:5000/app:1').code, 0, 'the laptop\'s own localhost:5000 answers');
});

test('a step image or a login on the runner cannot use the laptop\'s localhost registry', () => {
  const s = session();
  for (const l of SETUP) run(s, l);
  run(s, 'docker pull busybox:1.37');
  run(s, 'docker tag busybox:1.37 localhost:5000/tools:1');
  run(s, 'docker push localhost:5000/tools:1');
  run(s, pipeline('localhost:5000/tools:1', '    script: ["echo hi"]'));
  const r = run(s, 'ci run');
  assert.equal(r.code, 1);
  assert.match(r.text, /ERROR: Job failed: failed to pull image "localhost:5000\/tools:1": Get "http:\/\/localhost:5000\/v2\/": dial tcp 127\.0\.0\.1:5000: connect: connection refused/);
  const login = run(s, 'echo x | ci login localhost:5000 -u dev --password-stdin');
  assert.equal(login.code, 1);
  assert.match(login.text, /^ci: cannot reach localhost:5000 from ci-runner: /);
});
