/**
 * The public images the world's registries hold when it starts. Sizes, layer counts and shared
 * base layers follow the real images closely enough that `docker pull` shows the same shape
 * (e.g. nginx and node share Debian's base layer, so the second pull says `Already exists`).
 * Digests are derived from this data, so they are stable across runs and releases.
 */
import { sha256 } from './digest.ts';
import { NGINX_WELCOME } from './http.ts';
import { EMPTY_CONFIG, makeImage, type Behaviour, type Distro, type Image, type ImageConfig, type Layer } from './image.ts';

type LayerSpec = readonly [compressed: number, unpacked: number, createdBy: string];

interface Entry {
  /** Repository with registry: `docker.io/library/nginx`. */
  readonly repo: string;
  /** Every tag that names this one image. */
  readonly tags: readonly string[];
  /** `repo:tag` of the image this one is built FROM: its layers come first. */
  readonly from?: string;
  readonly layers: readonly LayerSpec[];
  /** ISO date the image was built. */
  readonly created: string;
  readonly distro: Distro;
  readonly behaviour?: Behaviour;
  readonly config?: Partial<ImageConfig>;
  /** Files the simulation needs to read inside the image. */
  readonly files?: Readonly<Record<string, string>>;
}

const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

const OS_RELEASE: Record<string, string> = {
  alpine: 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.21.3\nPRETTY_NAME="Alpine Linux v3.21"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n',
  debian: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  ubuntu: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\n',
};

const server = (name: string, version: string): Behaviour => ({ kind: 'server', name, version });

/** A curl binary in an image (what `apt-get install curl` also leaves): its shell can run curl. */
const CURL = '#!curl';
/** nginx's images ship its welcome page, and curl (the Debian image installs it; Alpine's adds it for DNS-SD registration). */
const NGINX_FILES: Readonly<Record<string, string>> = {
  '/usr/share/nginx/html/50x.html': '<!DOCTYPE html>\n<html>\n<head>\n<title>Error</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\nfont-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>An error occurred.</h1>\n<p>Sorry, the page you are looking for is currently unavailable.<br/>\nPlease try again later.</p>\n<p>If you are the system administrator of this resource then you should check\nthe error log for details.</p>\n<p><em>Faithfully yours, nginx.</em></p>\n</body>\n</html>\n',
  '/usr/share/nginx/html/index.html': NGINX_WELCOME,
  '/usr/bin/curl': CURL,
};

const ENTRIES: readonly Entry[] = [
  // ── base operating systems ────────────────────────────────────────────────────────────────
  { repo: 'docker.io/library/alpine', tags: ['3.21', '3.21.3', 'latest', '3'], created: '2026-10-14', distro: 'alpine',
    layers: [[3_640_000, 7_830_000, 'ADD alpine-minirootfs-3.21.3-x86_64.tar.gz / # buildkit']],
    config: { cmd: ['/bin/sh'] }, files: { '/etc/os-release': OS_RELEASE.alpine as string } },
  { repo: 'docker.io/library/alpine', tags: ['3.20', '3.20.6'], created: '2026-10-14', distro: 'alpine',
    layers: [[3_620_000, 7_800_000, 'ADD alpine-minirootfs-3.20.6-x86_64.tar.gz / # buildkit']],
    config: { cmd: ['/bin/sh'] }, files: { '/etc/os-release': (OS_RELEASE.alpine as string).replace(/3\.21\.3/g, '3.20.6').replace('v3.21', 'v3.20') } },
  { repo: 'docker.io/library/alpine', tags: ['3.19', '3.19.7'], created: '2026-10-14', distro: 'alpine',
    layers: [[3_420_000, 7_380_000, 'ADD alpine-minirootfs-3.19.7-x86_64.tar.gz / # buildkit']],
    config: { cmd: ['/bin/sh'] }, files: { '/etc/os-release': (OS_RELEASE.alpine as string).replace(/3\.21\.3/g, '3.19.7').replace('v3.21', 'v3.19') } },
  { repo: 'docker.io/library/busybox', tags: ['1.37', '1.37.0', 'latest', 'stable'], created: '2026-09-26', distro: 'busybox',
    layers: [[2_150_000, 4_270_000, 'ADD busybox.tar.xz / # buildkit']], config: { cmd: ['sh'] } },
  { repo: 'docker.io/library/busybox', tags: ['1.36', '1.36.1'], created: '2026-09-26', distro: 'busybox',
    layers: [[2_220_000, 4_260_000, 'ADD busybox.tar.xz / # buildkit']], config: { cmd: ['sh'] } },
  { repo: 'docker.io/library/debian', tags: ['bookworm-slim', '12-slim', 'stable-slim'], created: '2026-11-03', distro: 'debian',
    layers: [[28_230_000, 74_800_000, '# debian.sh --arch \'amd64\' out/ \'bookworm\' \'@1762128000\'']],
    config: { cmd: ['bash'] }, files: { '/etc/os-release': OS_RELEASE.debian as string } },
  { repo: 'docker.io/library/debian', tags: ['bookworm', '12', 'latest', 'stable'], created: '2026-11-03', distro: 'debian',
    layers: [[48_490_000, 117_000_000, '# debian.sh --arch \'amd64\' out/ \'bookworm\' \'@1762128000\'']],
    config: { cmd: ['bash'] }, files: { '/etc/os-release': OS_RELEASE.debian as string } },
  { repo: 'docker.io/library/ubuntu', tags: ['24.04', 'noble', 'latest'], created: '2026-10-28', distro: 'ubuntu',
    layers: [[29_720_000, 78_100_000, '/bin/sh -c #(nop) ADD file:6df775300d76441aa33f31b22c1afce8dfe35c8ffbc14ef27c27009235b12a95 in / ']],
    config: { cmd: ['/bin/bash'] }, files: { '/etc/os-release': OS_RELEASE.ubuntu as string } },
  { repo: 'docker.io/library/ubuntu', tags: ['22.04', 'jammy'], created: '2026-10-28', distro: 'ubuntu',
    layers: [[29_540_000, 77_900_000, '/bin/sh -c #(nop) ADD file:1b6c8c9518be42fa2afe5e241ca31677fce58d27cdfa88baa91a65a259be3637 in / ']],
    config: { cmd: ['/bin/bash'] }, files: { '/etc/os-release': (OS_RELEASE.ubuntu as string).replace(/24\.04\.1/g, '22.04.5').replace(/24\.04/g, '22.04').replace(/Noble Numbat/, 'Jammy Jellyfish').replace(/noble/, 'jammy') } },
  { repo: 'docker.io/library/hello-world', tags: ['latest', 'linux'], created: '2025-01-21', distro: 'scratch',
    layers: [[2_460, 10_100, 'COPY hello / # buildkit']], config: { cmd: ['/hello'] } },

  // ── servers ───────────────────────────────────────────────────────────────────────────────
  ...(['1.29.3:latest,mainline,1.29', '1.28.0:stable,1.28', '1.27.5:1.27', '1.26.3:1.26', '1.25.5:1.25'] as const).map((spec, i): Entry => {
    const [version, aliases] = spec.split(':') as [string, string];
    return {
      repo: 'docker.io/library/nginx', tags: [version, ...aliases.split(',')], from: 'docker.io/library/debian:bookworm-slim',
      created: `2026-${String(11 - i).padStart(2, '0')}-0${1 + i}`, distro: 'debian', behaviour: server('nginx', version),
      layers: [
        [41_870_000 + i * 310_000, 116_900_000 + i * 410_000, `RUN /bin/sh -c set -x && groupadd --system --gid 101 nginx && … # buildkit`],
        [628, 1_620, 'COPY docker-entrypoint.sh / # buildkit'],
        [956, 2_120, 'COPY 10-listen-on-ipv6-by-default.sh /docker-entrypoint.d # buildkit'],
        [405, 1_040, 'COPY 15-local-resolvers.envsh /docker-entrypoint.d # buildkit'],
        [1_210, 3_020, 'COPY 20-envsubst-on-templates.sh /docker-entrypoint.d # buildkit'],
        [1_400, 4_620, 'COPY 30-tune-worker-processes.sh /docker-entrypoint.d # buildkit'],
      ],
      config: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'],
        env: [PATH, `NGINX_VERSION=${version}`], labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' } },
      files: NGINX_FILES,
    };
  }),
  { repo: 'docker.io/library/nginx', tags: ['alpine', '1.29-alpine', '1.29.3-alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-11-01', distro: 'alpine', behaviour: server('nginx', '1.29.3'),
    layers: [[1_790_000, 4_900_000, 'RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && … # buildkit'],
      [628, 1_620, 'COPY docker-entrypoint.sh / # buildkit'], [14_680_000, 35_700_000, 'RUN /bin/sh -c set -x && apk add --no-cache … # buildkit']],
    config: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'], env: [PATH, 'NGINX_VERSION=1.29.3'] }, files: NGINX_FILES },
  { repo: 'docker.io/library/nginx', tags: ['1.27-alpine', '1.27.5-alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-08-13', distro: 'alpine', behaviour: server('nginx', '1.27.5'),
    layers: [[1_780_000, 4_890_000, 'RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && … # buildkit'],
      [628, 1_620, 'COPY docker-entrypoint.sh / # buildkit'], [14_220_000, 34_800_000, 'RUN /bin/sh -c set -x && apk add --no-cache … # buildkit']],
    config: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'], env: [PATH, 'NGINX_VERSION=1.27.5'] }, files: NGINX_FILES },
  { repo: 'docker.io/library/httpd', tags: ['2.4', '2.4.65', 'latest'], from: 'docker.io/library/debian:bookworm-slim',
    created: '2026-10-30', distro: 'debian', behaviour: server('httpd', '2.4.65'),
    layers: [[4_180, 10_400, 'RUN /bin/sh -c mkdir -p "$HTTPD_PREFIX" && chown www-data:www-data "$HTTPD_PREFIX" # buildkit'],
      [21_590_000, 72_100_000, 'RUN /bin/sh -c set -eux; … make install … # buildkit'], [293, 138, 'COPY httpd-foreground /usr/local/bin/ # buildkit']],
    config: { cmd: ['httpd-foreground'], exposedPorts: ['80/tcp'], workingDir: '/usr/local/apache2', stopSignal: 'SIGWINCH' } },
  ...(['7.4.6:7.4,7,latest', '8.0.4:8.0,8'] as const).map((spec, i): Entry => {
    const [version, aliases] = spec.split(':') as [string, string];
    return { repo: 'docker.io/library/redis', tags: [version, ...aliases.split(',')], from: 'docker.io/library/debian:bookworm-slim',
      created: `2026-10-2${i}`, distro: 'debian', behaviour: server('redis', version),
      layers: [[1_100 + i, 3_240, 'RUN /bin/sh -c groupadd -r -g 999 redis && useradd -r -g redis -u 999 redis # buildkit'],
        [862_000, 4_150_000, 'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends tzdata; … # buildkit'],
        [17_880_000 + i * 900_000, 39_600_000, 'RUN /bin/sh -c set -eux; … make -C /usr/src/redis install … # buildkit'],
        [98, 32, 'WORKDIR /data'], [413, 661, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit']],
      config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], exposedPorts: ['6379/tcp'], workingDir: '/data' } };
  }),
  { repo: 'docker.io/library/redis', tags: ['7-alpine', '7.4-alpine', '7.4.6-alpine', 'alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-10-20', distro: 'alpine', behaviour: server('redis', '7.4.6'),
    layers: [[967, 2_360, 'RUN /bin/sh -c addgroup -S -g 1000 redis && adduser -S -G redis -u 999 redis # buildkit'],
      [11_300_000, 26_800_000, 'RUN /bin/sh -c set -eux; apk add --no-cache --virtual .build-deps … # buildkit'], [413, 661, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit']],
    config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], exposedPorts: ['6379/tcp'], workingDir: '/data' } },
  ...(['17.6:17,latest', '16.10:16', '15.14:15'] as const).map((spec, i): Entry => {
    const [version, aliases] = spec.split(':') as [string, string];
    return { repo: 'docker.io/library/postgres', tags: [version, ...aliases.split(',')], from: 'docker.io/library/debian:bookworm-slim',
      created: `2026-11-1${i}`, distro: 'debian', behaviour: { kind: 'needs-env', variable: 'POSTGRES_PASSWORD', name: 'postgres', version },
      layers: [[1_180, 3_500, 'RUN /bin/sh -c set -eux; groupadd -r postgres --gid=999; … # buildkit'],
        [4_470_000, 11_300_000, 'RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends gnupg … # buildkit'],
        [8_060_000, 25_100_000, 'RUN /bin/sh -c set -eux; … locales … # buildkit'],
        [111_400_000 - i * 2_000_000, 325_000_000 - i * 6_000_000, `RUN /bin/sh -c set -ex; … apt-get install -y --no-install-recommends "postgresql-${version.split('.')[0]}=$PG_VERSION" … # buildkit`],
        [9_570, 28_600, 'COPY docker-entrypoint.sh docker-ensure-initdb.sh /usr/local/bin/ # buildkit']],
      config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['postgres'], exposedPorts: ['5432/tcp'], env: [PATH, `PG_MAJOR=${version.split('.')[0]}`, 'PGDATA=/var/lib/postgresql/data'], stopSignal: 'SIGINT' } };
  }),

  // ── language runtimes ─────────────────────────────────────────────────────────────────────
  { repo: 'docker.io/library/buildpack-deps', tags: ['bookworm'], from: 'docker.io/library/debian:bookworm',
    created: '2026-11-03', distro: 'debian',
    layers: [[24_060_000, 72_400_000, 'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates curl gnupg netbase sq wget; … # buildkit'],
      [64_390_000, 206_000_000, 'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends git mercurial openssh-client subversion procps; … # buildkit'],
      [211_300_000, 587_000_000, 'RUN /bin/sh -c set -ex; apt-get update; apt-get install -y --no-install-recommends autoconf automake bzip2 … # buildkit']],
    config: { cmd: ['bash'] }, files: { '/usr/bin/curl': CURL, '/usr/bin/wget': '#!wget' } },
  ...(['24.11.1:24,current,latest', '22.21.0:22,lts,jod', '20.19.5:20,iron'] as const).map((spec, i): Entry[] => {
    const [version, aliases] = spec.split(':') as [string, string];
    const major = version.split('.')[0] as string;
    return [
      { repo: 'docker.io/library/node', tags: [version, ...aliases.split(',')], from: 'docker.io/library/buildpack-deps:bookworm',
        created: `2026-11-1${i}`, distro: 'debian', behaviour: { kind: 'program' },
        layers: [[3_320, 12_300, 'RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit'],
          [48_900_000 + i * 500_000, 190_000_000, `RUN /bin/sh -c ARCH= … curl -fsSLO --compressed "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-$ARCH.tar.xz" … # buildkit`],
          [1_250_000, 5_340_000, 'RUN /bin/sh -c set -ex && … yarn … # buildkit'], [451, 388, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit']],
        config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], env: [PATH, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.22'] } },
      { repo: 'docker.io/library/node', tags: [`${version}-alpine`, ...aliases.split(',').map((a) => `${a}-alpine`)], from: 'docker.io/library/alpine:3.21',
        created: `2026-11-1${i}`, distro: 'alpine', behaviour: { kind: 'program' },
        layers: [[42_760_000 + i * 400_000, 128_000_000, `RUN /bin/sh -c addgroup -g 1000 node && adduser -u 1000 -G node -s /bin/sh -D node && apk add --no-cache libstdc++ && … node-v$NODE_VERSION-linux-x64-musl.tar.xz … # buildkit`],
          [1_260_000, 5_380_000, 'RUN /bin/sh -c apk add --no-cache --virtual .build-deps-yarn curl gnupg tar && … yarn … # buildkit'], [451, 388, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit']],
        config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], env: [PATH, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.22'] } },
      { repo: 'docker.io/library/node', tags: [`${major}-slim`, `${version}-slim`], from: 'docker.io/library/debian:bookworm-slim',
        created: `2026-11-1${i}`, distro: 'debian', behaviour: { kind: 'program' },
        layers: [[3_320, 12_300, 'RUN /bin/sh -c groupadd --gid 1000 node && useradd --uid 1000 --gid node --shell /bin/bash --create-home node # buildkit'],
          [44_100_000 + i * 400_000, 176_000_000, `RUN /bin/sh -c ARCH= … apt-get install -y ca-certificates curl wget gnupg dirmngr xz-utils … # buildkit`],
          [1_250_000, 5_340_000, 'RUN /bin/sh -c set -ex && … yarn … # buildkit'], [451, 388, 'COPY docker-entrypoint.sh /usr/local/bin/ # buildkit']],
        config: { entrypoint: ['docker-entrypoint.sh'], cmd: ['node'], env: [PATH, `NODE_VERSION=${version}`, 'YARN_VERSION=1.22.22'] } },
    ];
  }).flat(),
  ...(['3.13.9:3.13,3,latest', '3.12.12:3.12', '3.11.14:3.11'] as const).map((spec, i): Entry[] => {
    const [version, aliases] = spec.split(':') as [string, string];
    const minor = version.split('.').slice(0, 2).join('.');
    const py: Partial<ImageConfig> = { cmd: [`python${minor.split('.')[0]}`], env: [PATH, 'LANG=C.UTF-8', `PYTHON_VERSION=${version}`] };
    return [
      { repo: 'docker.io/library/python', tags: [version, ...aliases.split(',')], from: 'docker.io/library/buildpack-deps:bookworm',
        created: `2026-11-0${4 + i}`, distro: 'debian', behaviour: { kind: 'program' },
        layers: [[6_160_000, 18_200_000, 'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends libbluetooth-dev tk-dev uuid-dev; … # buildkit'],
          [26_400_000 - i * 300_000, 84_300_000, 'RUN /bin/sh -c set -eux; … ./configure … make install … # buildkit'], [249, 36, 'RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do … # buildkit']],
        config: py },
      { repo: 'docker.io/library/python', tags: [`${minor}-slim`, `${version}-slim`, ...(i === 0 ? ['slim', '3-slim'] : [])], from: 'docker.io/library/debian:bookworm-slim',
        created: `2026-11-0${4 + i}`, distro: 'debian', behaviour: { kind: 'program' },
        layers: [[3_510_000, 9_000_000, 'RUN /bin/sh -c set -eux; apt-get update; apt-get install -y --no-install-recommends ca-certificates netbase tzdata; … # buildkit'],
          [13_600_000 - i * 200_000, 41_500_000, 'RUN /bin/sh -c set -eux; … ./configure … make install … # buildkit'], [249, 36, 'RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do … # buildkit']],
        config: py },
      { repo: 'docker.io/library/python', tags: [`${minor}-alpine`, `${version}-alpine`, ...(i === 0 ? ['alpine', '3-alpine'] : [])], from: 'docker.io/library/alpine:3.21',
        created: `2026-11-0${4 + i}`, distro: 'alpine', behaviour: { kind: 'program' },
        layers: [[460_000, 1_640_000, 'RUN /bin/sh -c set -eux; apk add --no-cache ca-certificates tzdata; # buildkit'],
          [15_600_000 - i * 200_000, 47_300_000, 'RUN /bin/sh -c set -eux; … ./configure … make install … # buildkit'], [249, 36, 'RUN /bin/sh -c set -eux; for src in idle3 pip3 pydoc3 python3 python3-config; do … # buildkit']],
        config: py },
    ];
  }).flat(),
  { repo: 'docker.io/library/golang', tags: ['1.25', '1.25.4', 'latest', '1'], from: 'docker.io/library/buildpack-deps:bookworm',
    created: '2026-11-06', distro: 'debian', behaviour: { kind: 'program' },
    layers: [[69_360_000, 237_000_000, 'RUN /bin/sh -c set -eux; … go$GOLANG_VERSION.linux-amd64.tar.gz … # buildkit'], [126, 32, 'WORKDIR /go']],
    config: { cmd: ['bash'], workingDir: '/go', env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOLANG_VERSION=1.25.4', 'GOPATH=/go'] } },
  { repo: 'docker.io/library/golang', tags: ['1.25-alpine', '1.25.4-alpine', 'alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-11-06', distro: 'alpine', behaviour: { kind: 'program' },
    layers: [[294_000, 1_050_000, 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit'], [72_100_000, 243_000_000, 'RUN /bin/sh -c set -eux; … go$GOLANG_VERSION.linux-amd64.tar.gz … # buildkit'], [126, 32, 'WORKDIR /go']],
    config: { cmd: ['/bin/sh'], workingDir: '/go', env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOLANG_VERSION=1.25.4', 'GOPATH=/go'] } },
  { repo: 'docker.io/library/registry', tags: ['2', '2.8', '2.8.3'], from: 'docker.io/library/alpine:3.21',
    created: '2026-04-04', distro: 'alpine', behaviour: server('registry', '2.8.3'),
    layers: [[293_000, 1_070_000, 'RUN /bin/sh -c set -eux; apk add --no-cache ca-certificates; # buildkit'], [6_170_000, 15_700_000, 'RUN /bin/sh -c set -eux; … registry_2.8.3_linux_amd64.tar.gz … # buildkit'], [218, 395, 'COPY ./config-example.yml /etc/docker/registry/config.yml # buildkit']],
    config: { entrypoint: ['/entrypoint.sh'], cmd: ['/etc/docker/registry/config.yml'], exposedPorts: ['5000/tcp'] } },

  // ── other registries ──────────────────────────────────────────────────────────────────────
  { repo: 'ghcr.io/stefanprodan/podinfo', tags: ['6.9.2', 'latest'], from: 'docker.io/library/alpine:3.21',
    created: '2026-09-30', distro: 'alpine', behaviour: server('podinfo', '6.9.2'),
    layers: [[1_240_000, 3_100_000, 'RUN /bin/sh -c addgroup -S app && adduser -S -G app app && apk --no-cache add ca-certificates curl netcat-openbsd # buildkit'],
      [9_850_000, 27_400_000, 'COPY /podinfo/bin/podinfo . # buildkit'], [1_730_000, 4_350_000, 'COPY ./ui ./ui # buildkit']],
    config: { cmd: ['./podinfo'], workingDir: '/home/app', exposedPorts: ['9898/tcp'], user: 'app' }, files: { '/usr/bin/curl': CURL } },
  { repo: 'gcr.io/kaniko-project/executor', tags: ['v1.23.2', 'latest'], created: '2024-07-16', distro: 'scratch', behaviour: { kind: 'program' },
    layers: [[26_500_000, 77_600_000, 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_700_000, 16_900_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
    config: { entrypoint: ['/kaniko/executor'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
  { repo: 'gcr.io/kaniko-project/executor', tags: ['v1.23.2-debug', 'debug'], from: 'docker.io/library/busybox:1.37', created: '2024-07-16', distro: 'busybox', behaviour: { kind: 'program' },
    layers: [[26_500_000, 77_600_000, 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_700_000, 16_900_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
    config: { entrypoint: ['/busybox/sh'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko:/busybox', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
  { repo: 'quay.io/buildah/stable', tags: ['v1.42.1', 'latest'], created: '2026-10-21', distro: 'debian', behaviour: { kind: 'program' },
    layers: [[74_600_000, 221_000_000, 'RUN /bin/sh -c dnf -y install buildah fuse-overlayfs … # buildkit']], config: { cmd: ['/bin/sh'] } },
  // The control plane's own images, as kubeadm v1.32 pulls them onto the nodes.
  ...([['etcd', '3.5.16-0', 'etcd', 57_680_000], ['kube-apiserver', 'v1.32.4', 'kube-apiserver', 28_600_000], ['kube-controller-manager', 'v1.32.4', 'kube-controller-manager', 26_100_000],
    ['kube-scheduler', 'v1.32.4', 'kube-scheduler', 20_700_000], ['kube-proxy', 'v1.32.4', 'kube-proxy', 30_900_000], ['coredns/coredns', 'v1.11.3', 'coredns', 18_560_000]] as const).map(([repo, tag, bin, size]): Entry => ({
    repo: `registry.k8s.io/${repo}`, tags: [tag], created: '2025-04-22', distro: 'distroless', behaviour: { kind: 'server', name: bin, version: tag },
    layers: [[size, Math.round(size * 2.6), `COPY ${bin} /usr/local/bin/${bin} # buildkit`]], config: { entrypoint: [`/usr/local/bin/${bin}`] },
  })),
  { repo: 'registry.k8s.io/pause', tags: ['3.10'], created: '2024-05-21', distro: 'scratch', behaviour: { kind: 'program' },
    layers: [[320_000, 736_000, 'ADD bin/pause-linux-amd64 /pause # buildkit']], config: { entrypoint: ['/pause'], user: '65535:65535' } },

  // ── the private registry (needs `docker login registry.example.com`) ─────────────────────
  { repo: 'registry.example.com/team/billing', tags: ['2.1.0', 'latest'], from: 'docker.io/library/node:22-alpine',
    created: '2026-11-12', distro: 'alpine', behaviour: server('billing', '2.1.0'),
    layers: [[93, 32, 'WORKDIR /app'], [4_120_000, 16_800_000, 'RUN /bin/sh -c npm ci --omit=dev # buildkit'], [31_200, 118_000, 'COPY . . # buildkit']],
    config: { cmd: ['node', 'server.js'], workingDir: '/app', exposedPorts: ['8080/tcp'] } },
];

export interface CatalogueImage {
  /** Repository with registry: `docker.io/library/nginx`. */
  readonly repo: string;
  readonly tags: readonly string[];
  readonly image: Image;
}

let built: CatalogueImage[] | undefined;

/** Every catalogue image, built once (content-derived, so identical in every world). */
export function catalogue(): readonly CatalogueImage[] {
  if (built) return built;
  const byKey = new Map<string, Image>();
  const out: CatalogueImage[] = [];
  for (const entry of ENTRIES) {
    const base = entry.from ? byKey.get(entry.from) : undefined;
    if (entry.from && !base) throw new Error(`catalogue: ${entry.repo} is built FROM ${entry.from}, which must come first`);
    const own: Layer[] = entry.layers.map(([size, unpacked, createdBy], i) => ({
      digest: sha256(`catalogue-layer:${entry.repo}:${entry.tags[0]}:${i}:${createdBy}`),
      size,
      unpacked,
      createdBy,
      files: i === entry.layers.length - 1 ? (entry.files ?? {}) : {},
    }));
    const config: ImageConfig = { ...(base?.config ?? EMPTY_CONFIG), ...entry.config };
    const image = makeImage({
      layers: [...(base?.layers ?? []), ...own],
      config,
      created: Date.parse(`${entry.created}T08:00:00Z`),
      distro: entry.distro,
      behaviour: entry.behaviour ?? { kind: 'program' },
    });
    for (const tag of entry.tags) byKey.set(`${entry.repo}:${tag}`, image);
    out.push({ repo: entry.repo, tags: entry.tags, image });
  }
  built = out;
  return out;
}

