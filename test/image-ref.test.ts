import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonical, familiar, parseReference, withDefaultTag } from '../src/sim/image-ref.ts';

const HEX = 'a'.repeat(64);

test('familiar names normalise as distribution/reference does (github.com/distribution/reference normalize.go)', () => {
  const cases: Array<[string, string]> = [
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.27', 'docker.io/library/nginx:1.27'],
    ['me/app:v2', 'docker.io/me/app:v2'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['localhost/app', 'localhost/app:latest'],
    ['registry.k8s.io/pause:3.10', 'registry.k8s.io/pause:3.10'],
    [`ghcr.io/org/team/app@sha256:${HEX}`, `ghcr.io/org/team/app@sha256:${HEX}`],
    ['index.docker.io/library/busybox', 'docker.io/library/busybox:latest'],
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['localhost', 'docker.io/library/localhost:latest'],
    ['[::1]:5000/app:1', '[::1]:5000/app:1'],
    [`nginx:1.27@sha256:${HEX}`, `docker.io/library/nginx:1.27@sha256:${HEX}`],
  ];
  for (const [input, want] of cases) assert.equal(canonical(withDefaultTag(parseReference(input))), want, input);
});

test('invalid references are refused with Docker\'s words', () => {
  const cases: Array<[string, string]> = [
    ['Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
    ['nginx:', 'invalid reference format'],
    ['nginx:-x', 'invalid reference format'],
    ['http://reg/app', 'invalid reference format'],
    ['app:tag with space', 'invalid reference format'],
    ['', 'repository name must have at least one component'],
    [HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
    [`nginx@sha256:${'a'.repeat(40)}`, 'invalid checksum digest length'],
    [`nginx@md5:${'a'.repeat(32)}`, 'invalid reference format: unsupported digest algorithm'],
    [`${'a'.repeat(256)}`, 'repository name must not be more than 255 characters'],
  ];
  for (const [input, message] of cases) assert.throws(() => parseReference(input), { message }, input);
});

test('tags: 128 characters at most, first one a word character; upper case is fine', () => {
  assert.equal(parseReference(`app:${'A'.repeat(128)}`).tag?.length, 128);
  assert.throws(() => parseReference(`app:${'A'.repeat(129)}`));
  assert.throws(() => parseReference('app:.x'));
});

test('the familiar form drops docker.io and library/', () => {
  assert.equal(familiar(withDefaultTag(parseReference('nginx'))), 'nginx:latest');
  assert.equal(familiar(parseReference('docker.io/me/app:1')), 'me/app:1');
  assert.equal(familiar(parseReference('ghcr.io/o/a:1')), 'ghcr.io/o/a:1');
});
