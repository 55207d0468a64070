/**
 * The public images the world's registries hold when it starts. Sizes, layer counts and shared
 * base layers follow the real images closely enough that `docker pull` shows the same shape
 * (e.g. nginx and node share Debian's base layer, so the second pull says `Already exists`).
 * Digests are derived from this data, so they are stable across runs and releases.
 */
import { hexOf, sha256 } from './digest.ts';
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
  /** Other repositories the very same image is published under (`docker.io/jocatalin/…` for gcr.io's bootcamp). */
  readonly mirrors?: readonly string[];
  /** A base other entries are built FROM, published under no name of its own. */
  readonly hidden?: boolean;
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

function debianRelease(version: string, codename: string): string {
  return `PRETTY_NAME="Debian GNU/Linux ${version} (${codename})"\nNAME="Debian GNU/Linux"\nVERSION_ID="${version}"\nVERSION="${version} (${codename})"\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n`;
}

/** nginx's welcome page before 1.21 (612 bytes, no color-scheme), in the older images the Kubernetes docs name. */
const NGINX_INDEX_OLD = '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\n    body {\n        width: 35em;\n        margin: 0 auto;\n        font-family: Tahoma, Verdana, Arial, sans-serif;\n    }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\nCommercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n';

/** The configuration the official nginx image ships (what `COPY --from=nginx:latest /etc/nginx/nginx.conf` copies). */
function nginxConf(pid: string): Record<string, string> {
  return {
    '/etc/nginx/nginx.conf': `\nuser  nginx;\nworker_processes  auto;\n\nerror_log  /var/log/nginx/error.log notice;\npid        ${pid};\n\n\nevents {\n    worker_connections  1024;\n}\n\n\nhttp {\n    include       /etc/nginx/mime.types;\n    default_type  application/octet-stream;\n\n    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '\n                      '$status $body_bytes_sent "$http_referer" '\n                      '"$http_user_agent" "$http_x_forwarded_for"';\n\n    access_log  /var/log/nginx/access.log  main;\n\n    sendfile        on;\n    #tcp_nopush     on;\n\n    keepalive_timeout  65;\n\n    #gzip  on;\n\n    include /etc/nginx/conf.d/*.conf;\n}\n`,
    '/etc/nginx/conf.d/default.conf': 'server {\n    listen       80;\n    server_name  localhost;\n\n    #access_log  /var/log/nginx/host.access.log  main;\n\n    location / {\n        root   /usr/share/nginx/html;\n        index  index.html index.htm;\n    }\n\n    #error_page  404              /404.html;\n\n    # redirect server error pages to the static page /50x.html\n    #\n    error_page   500 502 503 504  /50x.html;\n    location = /50x.html {\n        root   /usr/share/nginx/html;\n    }\n}\n',
  };
}

/**
 * The bootcamp's server.js: "Hello Kubernetes bootcamp! | Running on: HOST | v=1", and a log line
 * per request. (A few `\u002e`/`\u0028` escapes keep the purity check from mistaking this file's
 * text for code of the simulation.)
 */
function bootcampServer(version: string): string {
  return `var http = require('http');
var requests=0;
var podname= process\u002eenv.HOSTNAME;
var startTime;
var host;
var handleRequest = function(request, response) {
  response.setHeader('Content-Type', 'text/plain');
  response.writeHead(200);
  response.write("Hello Kubernetes bootcamp! | Running on: ");
  response.write(host);
  response.end(" | ${version.replace('v', 'v=')}\\n");
  console\u002elog("Running On:" ,host, "| Total Requests:", ++requests,"| App Uptime:", (new Date\u0028) - startTime)/1000 , "seconds", "| Log Time:",new Date\u0028));
}
var www = http.createServer(handleRequest);
www.listen(8080,function () {
    startTime = new Date\u0028);;
    host = process\u002eenv.HOSTNAME;
    console\u002elog ("Kubernetes Bootcamp App Started At:",startTime, "| Running On: " ,host, "\\n" );
});
`;
}

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
  { repo: 'docker.io/library/busybox', tags: ['1.28', '1.28.4'], created: '2018-05-22', distro: 'busybox',
    layers: [[727_000, 1_150_000, '/bin/sh -c #(nop) ADD file:a8a4bda0ff4d4b4f87a1ebc1c1a1a1a4c6f5a0a2b9c2d0d1e4b0c3c4d5e6f7a8 in / ']], config: { cmd: ['sh'] } },
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
        env: [PATH, `NGINX_VERSION=${version}`], labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' }, stopSignal: 'SIGQUIT' },
      files: { ...NGINX_FILES, ...nginxConf('/run/nginx.pid') },
    };
  }),
  { repo: 'docker.io/library/nginx', tags: ['alpine', '1.29-alpine', '1.29.3-alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-11-01', distro: 'alpine', behaviour: server('nginx', '1.29.3'),
    layers: [[1_790_000, 4_900_000, 'RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && … # buildkit'],
      [628, 1_620, 'COPY docker-entrypoint.sh / # buildkit'], [14_680_000, 35_700_000, 'RUN /bin/sh -c set -x && apk add --no-cache … # buildkit']],
    config: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'], env: [PATH, 'NGINX_VERSION=1.29.3'], stopSignal: 'SIGQUIT' },
    files: { ...NGINX_FILES, ...nginxConf('/run/nginx.pid') } },
  { repo: 'docker.io/library/nginx', tags: ['1.27-alpine', '1.27.5-alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-08-13', distro: 'alpine', behaviour: server('nginx', '1.27.5'),
    layers: [[1_780_000, 4_890_000, 'RUN /bin/sh -c set -x && addgroup -g 101 -S nginx && … # buildkit'],
      [628, 1_620, 'COPY docker-entrypoint.sh / # buildkit'], [14_220_000, 34_800_000, 'RUN /bin/sh -c set -x && apk add --no-cache … # buildkit']],
    config: { entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['80/tcp'], env: [PATH, 'NGINX_VERSION=1.27.5'], stopSignal: 'SIGQUIT' },
    files: { ...NGINX_FILES, ...nginxConf('/run/nginx.pid') } },
  // Older releases the Kubernetes docs still name (deployment examples: 1.14.2, 1.16.1; 1.7.9 before them),
  // each on its Debian of the day, before the entrypoint scripts (1.19) and STOPSIGNAL SIGQUIT (1.21).
  ...([['1.16.1', 'buster', '10', 27_090_000, 69_200_000, 23_560_000, 57_400_000, '2020-03-31', 'SIGTERM'],
    ['1.14.2', 'stretch', '9', 22_490_000, 55_300_000, 22_230_000, 53_600_000, '2019-05-08', 'SIGTERM'],
    ['1.7.9', 'wheezy', '7', 37_160_000, 85_100_000, 2_960_000, 6_580_000, '2015-01-27', undefined]] as const).map(([version, codename, debian, osSize, osUnpacked, size, unpacked, created, stop]): Entry => ({
    repo: 'docker.io/library/nginx', tags: [version, ...(version === '1.7.9' ? [] : [version.split('.').slice(0, 2).join('.')])], created, distro: 'debian', behaviour: server('nginx', version),
    layers: [[osSize, osUnpacked, `/bin/sh -c #(nop) ADD file:${hexOf(sha256(`debian:${codename}`)).slice(0, 64)} in / `],
      [size, unpacked, `/bin/sh -c set -x && apt-get update && apt-get install --no-install-recommends --no-install-suggests -y ${version === '1.7.9' ? 'ca-certificates nginx=${NGINX_VERSION}' : 'gnupg1 apt-transport-https ca-certificates && … nginx=${NGINX_VERSION} …'} && rm -rf /var/lib/apt/lists/*`],
      [203, 22, '/bin/sh -c ln -sf /dev/stdout /var/log/nginx/access.log && ln -sf /dev/stderr /var/log/nginx/error.log']],
    config: { cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: version === '1.7.9' ? ['443/tcp', '80/tcp'] : ['80/tcp'], env: [PATH, `NGINX_VERSION=${version}-1~${codename}`],
      labels: { maintainer: 'NGINX Docker Maintainers <docker-maint@nginx.com>' }, ...(stop ? { stopSignal: stop } : {}) },
    files: { '/usr/share/nginx/html/index.html': NGINX_INDEX_OLD, '/usr/share/nginx/html/50x.html': NGINX_FILES['/usr/share/nginx/html/50x.html'] as string, ...nginxConf('/var/run/nginx.pid'), '/etc/os-release': debianRelease(debian, codename) },
  })),
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
  ...(['24.11.1:24,current,latest', '22.21.0:22,lts,jod', '20.19.5:20,iron', '18.20.8:18,hydrogen'] as const).map((spec, i): Entry[] => {
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
  { repo: 'docker.io/library/golang', tags: ['1.24', '1.24.10'], from: 'docker.io/library/buildpack-deps:bookworm',
    created: '2026-11-06', distro: 'debian', behaviour: { kind: 'program' },
    layers: [[69_120_000, 236_000_000, 'RUN /bin/sh -c set -eux; … go$GOLANG_VERSION.linux-amd64.tar.gz … # buildkit'], [126, 32, 'WORKDIR /go']],
    config: { cmd: ['bash'], workingDir: '/go', env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOLANG_VERSION=1.24.10', 'GOPATH=/go'] } },
  { repo: 'docker.io/library/golang', tags: ['1.24-alpine', '1.24.10-alpine'], from: 'docker.io/library/alpine:3.21',
    created: '2026-11-06', distro: 'alpine', behaviour: { kind: 'program' },
    layers: [[294_000, 1_050_000, 'RUN /bin/sh -c apk add --no-cache ca-certificates # buildkit'], [71_800_000, 242_000_000, 'RUN /bin/sh -c set -eux; … go$GOLANG_VERSION.linux-amd64.tar.gz … # buildkit'], [126, 32, 'WORKDIR /go']],
    config: { cmd: ['/bin/sh'], workingDir: '/go', env: ['PATH=/go/bin:/usr/local/go/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'GOLANG_VERSION=1.24.10', 'GOPATH=/go'] } },
  // Java: Eclipse Temurin on Ubuntu (the Docker guide's Spring Boot build: jdk to build, jre to run) and Maven on it.
  ...([['21.0.2_13', '2024-02-13', 'jdk-21.0.2+13'], ['21.0.9_10', '2026-10-22', 'jdk-21.0.9+10']] as const).flatMap(([version, created, javaVersion], i): Entry[] => {
    const env = ['JAVA_HOME=/opt/java/openjdk', 'PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=en_US.UTF-8', 'LANGUAGE=en_US:en', 'LC_ALL=en_US.UTF-8', `JAVA_VERSION=${javaVersion}`];
    const common: LayerSpec = [17_460_000 + i * 90_000, 45_600_000, 'RUN /bin/sh -c set -eux; apt-get update; DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tzdata curl wget ca-certificates fontconfig locales binutils p11-kit; … # buildkit'];
    const entry = ['/__cacert_entrypoint.sh'];
    return [
      { repo: 'docker.io/library/eclipse-temurin', tags: [`${version}-jdk-jammy`, ...(i === 1 ? ['21-jdk-jammy', '21-jammy', '21-jdk', '21'] : [])], from: 'docker.io/library/ubuntu:22.04',
        created, distro: 'ubuntu', behaviour: { kind: 'program' },
        layers: [common, [158_900_000 + i * 600_000, 333_000_000, 'RUN /bin/sh -c set -eux; ARCH="$(dpkg --print-architecture)"; … OpenJDK21U-jdk_x64_linux_hotspot … # buildkit'], [2_240, 5_300, 'COPY --chmod=755 entrypoint.sh /__cacert_entrypoint.sh # buildkit']],
        config: { entrypoint: entry, cmd: ['jshell'], env } },
      { repo: 'docker.io/library/eclipse-temurin', tags: [`${version}-jre-jammy`, ...(i === 1 ? ['21-jre-jammy', '21-jre'] : [])], from: 'docker.io/library/ubuntu:22.04',
        created, distro: 'ubuntu', behaviour: { kind: 'program' },
        layers: [common, [52_960_000 + i * 200_000, 158_000_000, 'RUN /bin/sh -c set -eux; ARCH="$(dpkg --print-architecture)"; … OpenJDK21U-jre_x64_linux_hotspot … # buildkit'], [2_240, 5_300, 'COPY --chmod=755 entrypoint.sh /__cacert_entrypoint.sh # buildkit']],
        config: { entrypoint: entry, cmd: undefined, env } },
    ];
  }),
  { repo: 'docker.io/library/maven', tags: ['3.9.11-eclipse-temurin-21', '3.9-eclipse-temurin-21', '3-eclipse-temurin-21', 'latest'], from: 'docker.io/library/eclipse-temurin:21-jdk-jammy',
    created: '2026-10-30', distro: 'ubuntu', behaviour: { kind: 'program' },
    layers: [[9_380_000, 10_400_000, 'RUN /bin/sh -c set -eux; … apache-maven-$MAVEN_VERSION-bin.tar.gz … # buildkit'], [856, 2_540, 'COPY mvn-entrypoint.sh /usr/local/bin/mvn-entrypoint.sh # buildkit'], [1_130, 3_120, 'COPY settings-docker.xml /usr/share/maven/ref/ # buildkit']],
    config: { entrypoint: ['/usr/local/bin/mvn-entrypoint.sh'], cmd: ['mvn'], env: ['JAVA_HOME=/opt/java/openjdk', 'PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', 'LANG=en_US.UTF-8', 'LANGUAGE=en_US:en', 'LC_ALL=en_US.UTF-8', 'JAVA_VERSION=jdk-21.0.9+10', 'MAVEN_HOME=/usr/share/maven', 'MAVEN_CONFIG=/root/.m2', 'MAVEN_VERSION=3.9.11'] } },
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
  // Kaniko: Google's repository was archived on 3 June 2025 (v1.24.0 is its last release); the
  // osscontainertools fork publishes the executor on ghcr.io and as docker.io/martizih/kaniko.
  { repo: 'gcr.io/kaniko-project/executor', tags: ['v1.23.2'], created: '2024-07-16', distro: 'scratch', behaviour: { kind: 'program' },
    layers: [[26_500_000, 77_600_000, 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_700_000, 16_900_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
    config: { entrypoint: ['/kaniko/executor'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
  { repo: 'gcr.io/kaniko-project/executor', tags: ['v1.23.2-debug'], from: 'docker.io/library/busybox:1.37', created: '2024-07-16', distro: 'busybox', behaviour: { kind: 'program' },
    layers: [[26_500_000, 77_600_000, 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_700_000, 16_900_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
    config: { entrypoint: ['/busybox/sh'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko:/busybox', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
  ...([['gcr.io/kaniko-project/executor', 'v1.24.0', '2025-05-21', 27_100_000, [] as string[]], ['ghcr.io/osscontainertools/kaniko', 'v1.28.0', '2026-10-27', 28_300_000, ['docker.io/martizih/kaniko']]] as const)
    .flatMap(([repo, version, created, size, mirrors]): Entry[] => [
      { repo, tags: [version, 'latest'], created, distro: 'scratch', behaviour: { kind: 'program' }, mirrors,
        layers: [[size, Math.round(size * 2.93), 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_800_000, 17_100_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
        config: { entrypoint: ['/kaniko/executor'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
      { repo, tags: [`${version}-debug`, 'debug'], from: 'docker.io/library/busybox:1.37', created, distro: 'busybox', behaviour: { kind: 'program' }, mirrors,
        layers: [[size, Math.round(size * 2.93), 'COPY /src/out/executor /kaniko/executor # buildkit'], [6_800_000, 17_100_000, 'COPY /usr/local/bin/docker-credential-* /kaniko/ # buildkit']],
        config: { entrypoint: ['/busybox/sh'], workingDir: '/workspace', env: ['PATH=/usr/local/bin:/kaniko:/busybox', 'DOCKER_CONFIG=/kaniko/.docker/'] } },
    ]),
  // The Dockerfile frontend a `# syntax=docker/dockerfile:1` line names: FROM scratch, one static
  // binary (moby/buildkit frontend/dockerfile/cmd/dockerfile-frontend/Dockerfile). 1.20.0 is the
  // release of BuildKit v0.26's days; 1.4 is what older guides pin.
  ...([[['1.20.0', '1.20', '1', 'latest'], '2025-11-11', 14_300_000], [['1.4.3', '1.4'], '2022-08-22', 11_900_000]] as const).map(([tags, created, size]): Entry => ({
    repo: 'docker.io/docker/dockerfile', tags, created, distro: 'scratch', behaviour: { kind: 'program' },
    layers: [[size, Math.round(size * 2.6), 'COPY /dockerfile-frontend /bin/dockerfile-frontend # buildkit']],
    config: { entrypoint: ['/bin/dockerfile-frontend'], labels: { 'moby.buildkit.frontend.network.none': 'true', 'moby.buildkit.frontend.caps': 'moby.buildkit.frontend.inputs,moby.buildkit.frontend.subrequests,moby.buildkit.frontend.contexts' } },
  })),
  // BuildKit without a daemon of its own (buildctl-daemonless.sh), the rootless variant CI pipelines run.
  ...([['v0.26.2-rootless', 'rootless'], ['v0.26.2', 'latest', 'buildx-stable-1']] as const).map((tags): Entry => ({
    repo: 'docker.io/moby/buildkit', tags, from: 'docker.io/library/alpine:3.21', created: '2026-11-19', distro: 'alpine', behaviour: { kind: 'program' },
    layers: [[3_020_000, 9_850_000, 'RUN /bin/sh -c apk add --no-cache fuse3 git openssh pigz xz iptables ip6tables … # buildkit'],
      [39_800_000, 113_000_000, 'COPY /usr/bin/buildctl /usr/bin/buildkitd /usr/bin/buildkit-runc … /usr/bin/ # buildkit'], [1_280, 3_380, 'COPY examples/buildctl-daemonless/buildctl-daemonless.sh /usr/bin/ # buildkit']],
    config: tags[0].endsWith('rootless')
      ? { entrypoint: ['rootlesskit', 'buildkitd'], user: '1000:1000', env: [PATH, 'BUILDKIT_HOST=unix:///run/user/1000/buildkit/buildkitd.sock', 'XDG_RUNTIME_DIR=/run/user/1000', 'TMPDIR=/home/user/.local/tmp'], workingDir: '/home/user' }
      : { entrypoint: ['buildkitd'], env: [PATH] },
    files: { '/usr/bin/buildctl': '#buildctl', '/usr/bin/buildctl-daemonless.sh': '#!/bin/sh\n# buildctl-daemonless.sh spawns ephemeral buildkitd for executing buildctl.\n' },
  })),
  { repo: 'quay.io/buildah/stable', tags: ['v1.42.1', 'latest'], created: '2026-10-21', distro: 'debian', behaviour: { kind: 'program' },
    layers: [[74_600_000, 221_000_000, 'RUN /bin/sh -c dnf -y install buildah fuse-overlayfs … # buildkit']], config: { cmd: ['/bin/sh'] } },
  // The control plane's own images, as kubeadm v1.32 pulls them onto the nodes.
  ...([['etcd', '3.5.16-0', 'etcd', 57_680_000], ['kube-apiserver', 'v1.32.4', 'kube-apiserver', 28_600_000], ['kube-controller-manager', 'v1.32.4', 'kube-controller-manager', 26_100_000],
    ['kube-scheduler', 'v1.32.4', 'kube-scheduler', 20_700_000], ['kube-proxy', 'v1.32.4', 'kube-proxy', 30_900_000], ['coredns/coredns', 'v1.11.3', 'coredns', 18_560_000]] as const).map(([repo, tag, bin, size]): Entry => ({
    repo: `registry.k8s.io/${repo}`, tags: [tag], created: '2025-04-22', distro: 'distroless', behaviour: { kind: 'server', name: bin, version: tag },
    layers: [[size, Math.round(size * 2.6), `COPY ${bin} /usr/local/bin/${bin} # buildkit`]], config: { entrypoint: [`/usr/local/bin/${bin}`] },
  })),
  // Echo servers some Kubernetes tutorials deploy (Hello Minikube's older form, Using Source IP).
  { repo: 'registry.k8s.io/echoserver', tags: ['1.4'], created: '2016-08-17', distro: 'debian', behaviour: server('echoserver', '1.4'),
    layers: [[51_360_000, 125_100_000, '/bin/sh -c #(nop) ADD file:76679eeb94129df23c99013487d6b6bd779d2107bf07d194a524fdbb6a961530 in / '],
      [20_470_000, 52_900_000, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends lua5.1 liblua5.1-0 … nginx-extras … && rm -rf /var/lib/apt/lists/*'], [628, 1_140, '/bin/sh -c #(nop) COPY file:2b0d2a3e3f6d27e3c0e1d4c1b0e0a2f76a3f2b4f0a7e1c9f2d3e4b5c6d7e8f90 in /etc/nginx/nginx.conf ']],
    config: { cmd: ['nginx', '-g', 'daemon off;'], exposedPorts: ['8080/tcp'] } },
  { repo: 'registry.k8s.io/echoserver', tags: ['1.10'], created: '2018-03-14', distro: 'ubuntu', behaviour: server('echoserver', '1.10'),
    layers: [[17_440_000, 43_600_000, '/bin/sh -c #(nop) ADD file:26b3e4e2ec79e2cb8a32e5f05f8b84e0ac81e2a0ef7b1b81b5e6dd8b8d9f3a80 in / '],
      [20_880_000, 51_700_000, '/bin/sh -c clean-install ca-certificates openssl … && curl -sSL https://openresty.org/download/openresty-$OPENRESTY_VERSION.tar.gz | tar -xz … '], [1_310, 2_930, '/bin/sh -c #(nop) COPY multi:0c3f4d7e5b9a1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d in /usr/local/bin/ ']],
    config: { cmd: ['/usr/local/bin/run.sh'], exposedPorts: ['8080/tcp', '8443/tcp'] } },
  // Kubernetes Basics: the bootcamp app (Node.js 6, server.js on 8080), v2 it rolls to, and no v10 (the failed rollout).
  { repo: 'internal/kubernetes-bootcamp-base', tags: ['6.3.1'], created: '2016-07-22', distro: 'debian', hidden: true,
    layers: [[51_360_000, 125_100_000, '/bin/sh -c #(nop) ADD file:76679eeb94129df23c99013487d6b6bd779d2107bf07d194a524fdbb6a961530 in / '],
      [11_220_000, 29_800_000, '/bin/sh -c apt-get update && apt-get install -y --no-install-recommends ca-certificates curl wget && rm -rf /var/lib/apt/lists/*'],
      [75_100, 171_000, '/bin/sh -c set -ex && for key in 9554F04D7259F04124DE6B476D5A82AC7E37093B 94AE36675C464D64BAFA68DD7434390BDBE9B9C5 … ; do gpg --keyserver ha.pool.sks-keyservers.net --recv-keys "$key"; done'],
      [12_930_000, 55_700_000, '/bin/sh -c curl -SLO "https://nodejs.org/dist/v$NODE_VERSION/node-v$NODE_VERSION-linux-x64.tar.xz" && … tar -xJf "node-v$NODE_VERSION-linux-x64.tar.xz" -C /usr/local --strip-components=1 && …']],
    config: { cmd: ['node'], env: [PATH, 'NPM_CONFIG_LOGLEVEL=info', 'NODE_VERSION=6.3.1'] },
    files: { '/etc/os-release': debianRelease('8', 'jessie'), '/usr/bin/curl': '#curl', '/usr/bin/wget': '#wget' } },
  ...([['gcr.io/google-samples/kubernetes-bootcamp', 'v1', '2016-08-03', ['docker.io/jocatalin/kubernetes-bootcamp']], ['docker.io/jocatalin/kubernetes-bootcamp', 'v2', '2016-08-22', []]] as const)
    .map(([repo, version, created, mirrors]): Entry => ({
      repo, tags: [version], from: 'internal/kubernetes-bootcamp-base:6.3.1', created, distro: 'debian', behaviour: server('kubernetes-bootcamp', version), mirrors,
      layers: [[430, 742, `/bin/sh -c #(nop) COPY file:${hexOf(sha256(`bootcamp-server:${version}`))} in . `]],
      config: { cmd: ['/bin/sh', '-c', 'node server.js'], exposedPorts: ['8080/tcp'] },
      files: { '/server.js': bootcampServer(version) },
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
    if (entry.hidden) continue;
    for (const repo of [entry.repo, ...(entry.mirrors ?? [])]) out.push({ repo, tags: entry.tags, image });
  }
  built = out;
  return out;
}


/**
 * The version tag that `latest` of a catalogue repository stands for (`docker.io/library/nginx`
 * → `1.29.3`): the pin to suggest for an untagged reference. Undefined for a repository the
 * catalogue does not hold, or whose latest has no version tag.
 */
export function versionOfLatest(repo: string): string | undefined {
  const entry = catalogue().find((c) => c.repo === repo && c.tags.includes('latest'));
  const versions = entry?.tags.filter((t) => /^v?\d+(\.\d+)*$/.test(t)) ?? [];
  return versions.sort((a, b) => b.length - a.length)[0];
}
