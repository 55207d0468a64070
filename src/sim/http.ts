/**
 * What a container's process answers over the network: which ports it listens on and what it
 * sends back to an HTTP request. Known images answer as the real ones do — nginx serves the files
 * under /usr/share/nginx/html (its welcome page, or the index.html a learner's `FROM nginx` image
 * copied in), httpd says "It works!", the Kubernetes Basics bootcamp app says which pod it runs
 * on, echoserver echoes the request — and a learner's own Node, Python or Go server answers from
 * what its source says. A port nothing listens on refuses the connection.
 */
import { looksLikeServer, readBinary } from './exec.ts';
import type { Image } from './image.ts';

/** A running container's main process, as the network sees it. */
export interface Process {
  readonly image: Image;
  /** What runs (entrypoint + command). */
  readonly argv: readonly string[];
  readonly env: ReadonlyMap<string, string>;
  /** The pod name, or the container's short id. */
  readonly hostname: string;
  /** The container's files now. */
  readonly files: ReadonlyMap<string, string>;
  readonly workingDir: string;
  readonly startedAt: number;
  /** For a registry container: what it stores (the world's registry behind its published port). */
  readonly stored?: { listing(): Array<{ path: string; tags: string[] }> };
}

export interface HttpRequest {
  readonly method: string;
  /** Path and query: `/api/v1/pods?limit=1`. */
  readonly path: string;
  /** Request headers as sent, in order (Host first). */
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
  /** The address the server sees the request come from. */
  readonly clientIp: string;
  /** The port the server listens on (after any NAT). */
  readonly serverPort: number;
  readonly now: number;
}

export interface HttpResponse {
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: string;
}

export type ServeOutcome =
  | { readonly kind: 'http'; readonly response: HttpResponse; readonly log?: readonly string[] }
  /** Something listens but does not speak HTTP: redis answers in its own protocol, postgres hangs up. */
  | { readonly kind: 'not-http'; readonly reply: 'http09' | 'empty' }
  | { readonly kind: 'refused' };

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified', 400: 'Bad Request', 401: 'Unauthorized',
  403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable',
};

export function reasonPhrase(status: number): string {
  return REASONS[status] ?? '';
}

/** An HTTP date: `Sat, 21 Nov 2026 09:00:03 GMT`. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}

/** Bytes on the wire (Content-Length). */
function byteLength(text: string): number {
  return new TextEncoder().encode(text).length;
}

export function header(req: { readonly headers: ReadonlyArray<readonly [string, string]> }, name: string): string | undefined {
  return req.headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1];
}

/** nginx's welcome page, as the official image ships it (615 bytes). */
export const NGINX_WELCOME = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The httpd image's htdocs/index.html (and its 2007 timestamp, which every `curl -I` shows). */
const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';
const HTTPD_INDEX_MTIME = Date.UTC(2007, 5, 11, 18, 53, 14);

/** The server an image's process is, when it is one kubetutor knows. */
type App =
  | { readonly kind: 'nginx'; readonly version: string }
  | { readonly kind: 'httpd'; readonly version: string }
  | { readonly kind: 'bootcamp'; readonly version: string }
  | { readonly kind: 'echoserver' }
  | { readonly kind: 'registry' }
  | { readonly kind: 'podinfo'; readonly version: string }
  | { readonly kind: 'todo'; readonly port: number }
  | { readonly kind: 'raw'; readonly port: number; readonly reply: 'http09' | 'empty' }
  | { readonly kind: 'json'; readonly port: number; readonly name: string; readonly version: string }
  | { readonly kind: 'script'; readonly port: number; readonly lang: 'node' | 'python' | 'go'; readonly source: string; readonly dir: string };

function sameArgv(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Which known server a process is: by the image's declared behaviour when it runs its own command, else by what the command runs. */
function appOf(p: Process): App | undefined {
  const image = p.image;
  const own = sameArgv(p.argv, [...(image.config.entrypoint ?? []), ...(image.config.cmd ?? [])]);
  const b = image.behaviour;
  if (own && (b.kind === 'server' || b.kind === 'needs-env')) {
    const name = b.name;
    if (name === 'nginx') return { kind: 'nginx', version: b.version };
    if (name === 'httpd') return { kind: 'httpd', version: b.version };
    if (/bootcamp/.test(name)) return { kind: 'bootcamp', version: b.version };
    if (/echo/.test(name)) return { kind: 'echoserver' };
    if (name === 'registry') return { kind: 'registry' };
    if (name === 'podinfo') return { kind: 'podinfo', version: b.version };
    // docker/getting-started is the workshop's docs site (nginx on 80); its todo app listens on 3000.
    if (name === 'getting-started') return { kind: 'nginx', version: '1.29.3' };
    if (/getting-started-app|todo/.test(name)) return { kind: 'todo', port: 3000 };
    if (name === 'redis') return { kind: 'raw', port: 6379, reply: 'http09' };
    if (name === 'postgres') return { kind: 'raw', port: 5432, reply: 'empty' };
    if (!/^(etcd|kube-|coredns)/.test(name)) return { kind: 'json', port: Number(image.config.exposedPorts[0]?.split('/')[0] ?? 8080), name, version: b.version };
    return undefined;
  }
  // What the command runs, past an entrypoint wrapper that execs its arguments.
  let argv = [...p.argv];
  if (/(^|\/)docker-entrypoint\.sh$/.test(argv[0] ?? '') && argv.length > 1) argv = argv.slice(1);
  const prog = (argv[0] ?? '').split('/').pop() ?? '';
  if (prog === 'nginx' && p.env.has('NGINX_VERSION') && !argv.includes('-v')) return { kind: 'nginx', version: p.env.get('NGINX_VERSION') as string };
  if (prog === 'httpd-foreground') return { kind: 'httpd', version: own && b.kind === 'server' ? b.version : '2.4.65' };
  const script = argv.slice(1).find((a) => !a.startsWith('-'));
  const path = (s: string): string => (s.startsWith('/') ? s : `${p.workingDir.replace(/\/$/, '')}/${s}`);
  if ((prog === 'node' || prog === 'nodejs') && script) {
    const file = script.endsWith('.js') || p.files.has(path(script)) ? path(script) : `${path(script)}.js`;
    const source = p.files.get(file) ?? p.files.get(`${path(script)}/index.js`);
    if (source === undefined || !looksLikeServer(source)) return undefined;
    if (/Hello Kubernetes bootcamp!/.test(source)) return { kind: 'bootcamp', version: /\| v=(\d+)/.exec(source)?.[1] ?? '1' };
    return { kind: 'script', port: scriptPort(source, 'node'), lang: 'node', source, dir: file.slice(0, file.lastIndexOf('/')) || '/' };
  }
  if ((prog === 'npm' || prog === 'yarn') && ['start', 'run', 'dev'].includes(argv[1] ?? '')) {
    const pj = p.files.get(path('package.json'));
    const main = pj ? /"start"\s*:\s*"node\s+([^"\s]+)/.exec(pj)?.[1] ?? /"main"\s*:\s*"([^"]+)"/.exec(pj)?.[1] : undefined;
    return main ? appOf({ ...p, argv: ['node', main] }) : undefined;
  }
  if (/^python3?(\.\d+)?$/.test(prog) && script) {
    const source = p.files.get(path(script));
    if (source === undefined || !looksLikeServer(source)) return undefined;
    return { kind: 'script', port: scriptPort(source, 'python'), lang: 'python', source, dir: p.workingDir };
  }
  if (/^(flask|gunicorn|uvicorn)$/.test(prog)) {
    const source = [...p.files].find(([k, v]) => k.startsWith(p.workingDir) && k.endsWith('.py') && /Flask\(|FastAPI\(/.test(v))?.[1];
    const bind = argv.find((a) => /^(--port=?\d+|-b|--bind)/.test(a));
    const port = Number(/(\d{2,5})$/.exec(argv.join(' '))?.[1] ?? (prog === 'flask' ? 5000 : 8000));
    return source === undefined ? undefined : { kind: 'script', port: bind ? port : prog === 'flask' ? 5000 : 8000, lang: 'python', source, dir: p.workingDir };
  }
  const binary = readBinary(p.files.get(path(argv[0] ?? '')) ?? programIn(p, argv[0] ?? ''));
  if (binary?.server) return { kind: 'script', port: 8080, lang: 'go', source: '', dir: p.workingDir };
  return undefined;
}

function programIn(p: Process, name: string): string | undefined {
  for (const dir of ['/usr/local/bin', '/usr/bin', '/bin', '/app', p.workingDir]) {
    const c = p.files.get(`${dir.replace(/\/$/, '')}/${name}`);
    if (c !== undefined) return c;
  }
  return undefined;
}

/** The port a script listens on: `.listen(3000)`, `PORT || 3000`, `app.run(port=5000)`, `ListenAndServe(":8080")`. */
function scriptPort(source: string, lang: 'node' | 'python' | 'go'): number {
  const patterns = lang === 'node'
    ? [/\.listen\(\s*(\d{2,5})/, /PORT\s*\|\|\s*(\d{2,5})/, /\bport\s*=\s*(\d{2,5})/i]
    : lang === 'python' ? [/port\s*=\s*(\d{2,5})/, /HTTPServer\(\s*\(\s*['"][^'"]*['"]\s*,\s*(\d{2,5})/]
    : [/ListenAndServe\(\s*"[^"]*:(\d{2,5})"/];
  for (const re of patterns) {
    const m = re.exec(source);
    if (m) return Number(m[1]);
  }
  return lang === 'python' ? (/Flask\(/.test(source) ? 5000 : 8000) : lang === 'node' ? 3000 : 8080;
}

/** The bootcamp's start-up log: server.js logs the start time, "| Running On: ", the host and "\n" as separate arguments, so the line ends in a space and an empty line follows. */
export function bootcampStarted(hostname: string, now: number): string[] {
  return [`Kubernetes Bootcamp App Started At: ${new Date(now).toISOString()} | Running On:  ${hostname} `, ''];
}

/**
 * What a server script prints when it starts, where kubetutor knows better than the literals in
 * its source: the Kubernetes Basics bootcamp app logs its start time and pod name, then a blank line.
 */
export function startupLines(source: string, hostname: string, now: number): string[] | undefined {
  if (/Hello Kubernetes bootcamp!/.test(source)) return bootcampStarted(hostname, now);
  return undefined;
}

/** The ports a process listens on. */
export function listeningPorts(p: Process): number[] {
  const app = appOf(p);
  if (!app) return [];
  switch (app.kind) {
    case 'nginx': case 'httpd': return [80];
    case 'bootcamp': case 'echoserver': return [8080];
    case 'registry': return [5000];
    case 'podinfo': return [9898];
    default: return [app.port];
  }
}

function respond(status: number, headers: ReadonlyArray<readonly [string, string]>, body: string, method: string): HttpResponse {
  return { status, reason: reasonPhrase(status), headers, body: method === 'HEAD' ? '' : body };
}

/** Answer one request on `port`. */
export function serve(p: Process, port: number, req: HttpRequest): ServeOutcome {
  const app = appOf(p);
  if (!app || !listeningPorts(p).includes(port)) return { kind: 'refused' };
  const date: [string, string] = ['Date', httpDate(req.now)];
  const agent = header(req, 'User-Agent') ?? '-';
  const [path = '/', query = ''] = req.path.split(/\?(.*)/s);
  switch (app.kind) {
    case 'raw': return { kind: 'not-http', reply: app.reply };
    case 'nginx': {
      const file = staticFile(p.files, '/usr/share/nginx/html', path);
      // nginx logs every request to stdout (the image links access.log there): `kubectl logs` shows it.
      const line = (status: number, bytes: number): string => `${req.clientIp} - - [${nginxLogTime(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${status} ${bytes} "-" "${agent}" "-"`;
      if (file.kind === 'redirect') {
        const body = nginxError(301, app.version);
        return { kind: 'http', response: respond(301, [['Server', `nginx/${app.version}`], date, ['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ['Location', `http://${header(req, 'Host') ?? 'localhost'}${path}/`], ['Connection', 'keep-alive']], body, req.method), log: [line(301, byteLength(body))] };
      }
      if (file.kind === 'missing') {
        const body = nginxError(404, app.version);
        return { kind: 'http', response: respond(404, [['Server', `nginx/${app.version}`], date, ['Content-Type', 'text/html'], ['Content-Length', String(byteLength(body))], ['Connection', 'keep-alive']], body, req.method), log: [`${nginxTime(req.now)} [error] 29#29: *1 open() "/usr/share/nginx/html${path}" failed (2: No such file or directory), client: ${req.clientIp}, server: localhost, request: "${req.method} ${req.path} HTTP/1.1", host: "${header(req, 'Host') ?? ''}"`, line(404, byteLength(body))] };
      }
      const body = file.content;
      const size = byteLength(body);
      const mtime = Math.floor(p.image.created / 1000);
      const headers: Array<[string, string]> = [['Server', `nginx/${app.version}`], date, ['Content-Type', mimeType(file.path)], ['Content-Length', String(size)],
        ['Last-Modified', httpDate(mtime * 1000)], ['Connection', 'keep-alive'], ['ETag', `"${mtime.toString(16)}-${size.toString(16)}"`], ['Accept-Ranges', 'bytes']];
      return { kind: 'http', response: respond(200, headers, body, req.method), log: [line(200, req.method === 'HEAD' ? 0 : size)] };
    }
    case 'httpd': {
      const own = p.files.get('/usr/local/apache2/htdocs/index.html');
      const served = path === '/' || path === '/index.html';
      const body = served ? own ?? HTTPD_INDEX : `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n</body></html>\n`;
      const size = byteLength(body);
      const mtime = own === undefined ? HTTPD_INDEX_MTIME : p.image.created;
      const headers: Array<[string, string]> = served
        ? [date, ['Server', `Apache/${app.version} (Unix)`], ['Last-Modified', httpDate(mtime)], ['ETag', `"${size.toString(16)}-${(BigInt(Math.floor(mtime / 1000)) * 1_000_000n).toString(16)}"`], ['Accept-Ranges', 'bytes'], ['Content-Length', String(size)], ['Content-Type', 'text/html']]
        : [date, ['Server', `Apache/${app.version} (Unix)`], ['Content-Length', String(size)], ['Content-Type', 'text/html; charset=iso-8859-1']];
      const log = `${req.clientIp} - - [${nginxLogTime(req.now)}] "${req.method} ${req.path} HTTP/1.1" ${served ? 200 : 404} ${size}`;
      return { kind: 'http', response: respond(served ? 200 : 404, headers, body, req.method), log: [log] };
    }
    case 'bootcamp': {
      // server.js of gcr.io/google-samples/kubernetes-bootcamp: three writes, then a log line per request.
      const body = `Hello Kubernetes bootcamp! | Running on: ${p.hostname} | v=${app.version.replace(/^v/, '')}\n`;
      const uptime = ((req.now - p.startedAt) / 1000).toFixed(3).replace(/\.?0+$/, '');
      const count = countRequest(p);
      return {
        kind: 'http',
        response: respond(200, [['Content-Type', 'text/plain'], date, ['Connection', 'keep-alive'], ['Transfer-Encoding', 'chunked']], body, req.method),
        log: [`Running On: ${p.hostname} | Total Requests: ${count} | App Uptime: ${uptime} seconds | Log Time: ${new Date(req.now).toISOString()}`],
      };
    }
    case 'echoserver': {
      const host = header(req, 'Host') ?? '';
      const body = [
        '', `Hostname: ${p.hostname}`, '', 'Pod Information:', '\t-no pod information available-', '', 'Server values:', '\tserver_version=nginx: 1.13.3 - lua: 10008', '',
        'Request Information:', `\tclient_address=${req.clientIp}`, `\tmethod=${req.method}`, `\treal path=${path}`, `\tquery=${query}`, '\trequest_version=1.1', '\trequest_scheme=http',
        `\trequest_uri=http://${host.replace(/:\d+$/, '')}:${req.serverPort}${req.path}`, '', 'Request Headers:',
        ...[...req.headers].map(([k, v]) => [k.toLowerCase(), v] as const).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([k, v]) => `\t${k}=${v}`), '', 'Request Body:',
        req.body === '' ? '\t-no body in request-' : req.body, '', '',
      ].join('\n');
      return { kind: 'http', response: respond(200, [date, ['Content-Type', 'text/plain'], ['Transfer-Encoding', 'chunked'], ['Connection', 'keep-alive'], ['Server', 'echoserver']], body, req.method), log: [`${req.clientIp} - - [${nginxLogTime(req.now)}] "${req.method} ${req.path} HTTP/1.1" 200 ${byteLength(body)} "-" "${agent}"`] };
    }
    case 'registry': {
      const json = (status: number, body: string): ServeOutcome => ({
        kind: 'http', response: respond(status, [['Content-Type', 'application/json; charset=utf-8'], ['Docker-Distribution-Api-Version', 'registry/2.0'], ['X-Content-Type-Options', 'nosniff'], date, ['Content-Length', String(byteLength(body))]], body, req.method),
      });
      if (path === '/v2/' || path === '/v2') return json(200, '{}');
      // distribution's catalog and tags endpoints (json.NewEncoder: one line, then a newline).
      const listing = p.stored?.listing() ?? [];
      if (path === '/v2/_catalog') return json(200, `${JSON.stringify({ repositories: listing.map((r) => r.path).sort() })}\n`);
      const tags = /^\/v2\/(.+)\/tags\/list$/.exec(path);
      if (tags) {
        const repo = listing.find((r) => r.path === tags[1]);
        return repo ? json(200, `${JSON.stringify({ name: repo.path, tags: repo.tags })}\n`) : json(404, `{"errors":[{"code":"NAME_UNKNOWN","message":"repository name not known to registry","detail":{"name":"${tags[1]}"}}]}\n`);
      }
      if (path === '/') return { kind: 'http', response: respond(200, [['Cache-Control', 'no-cache'], date, ['Content-Length', '0']], '', req.method) };
      return json(404, '{"errors":[{"code":"NOT_FOUND","message":"not found"}]}\n');
    }
    case 'podinfo': {
      const body = `{\n  "hostname": "${p.hostname}",\n  "version": "${app.version}",\n  "revision": "",\n  "color": "#34577c",\n  "logo": "https://raw.githubusercontent.com/stefanprodan/podinfo/gh-pages/cuddle_clap.gif",\n  "message": "greetings from podinfo v${app.version}",\n  "goos": "linux",\n  "goarch": "amd64",\n  "runtime": "go1.24.1",\n  "num_goroutine": "8",\n  "num_cpu": "8"\n}`;
      return { kind: 'http', response: respond(200, [['Content-Type', 'application/json; charset=utf-8'], ['X-Content-Type-Options', 'nosniff'], date, ['Content-Length', String(byteLength(body))]], body, req.method) };
    }
    case 'json': {
      const body = `{"service":"${app.name}","version":"${app.version}","hostname":"${p.hostname}"}\n`;
      return { kind: 'http', response: respond(200, [['Content-Type', 'application/json'], date, ['Content-Length', String(byteLength(body))]], body, req.method) };
    }
    case 'todo': {
      if (path !== '/' && path !== '/index.html') return expressResponse(404, `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${req.method} ${path}</pre>\n</body>\n</html>\n`, req, date);
      return expressResponse(200, TODO_INDEX, req, date);
    }
    case 'script': return scriptResponse(app, p, path, req, date);
  }
}

/** How many requests this process has answered (the bootcamp app counts them in its log). */
const requestCounts = new WeakMap<object, number>();
function countRequest(p: Process): number {
  const n = (requestCounts.get(p.files) ?? 0) + 1;
  requestCounts.set(p.files, n);
  return n;
}

function staticFile(files: ReadonlyMap<string, string>, root: string, path: string): { kind: 'file'; path: string; content: string } | { kind: 'missing' } | { kind: 'redirect' } {
  const clean = decodeURIComponent(path).replace(/\/+/g, '/');
  const full = `${root}${clean}`;
  const content = files.get(clean.endsWith('/') ? `${full}index.html` : full);
  if (content !== undefined && content !== '\0dir') return { kind: 'file', path: clean.endsWith('/') ? `${full}index.html` : full, content };
  if (!clean.endsWith('/') && [...files.keys()].some((k) => k.startsWith(`${full}/`))) return { kind: 'redirect' };
  return { kind: 'missing' };
}

function mimeType(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return ({ html: 'text/html', htm: 'text/html', css: 'text/css', js: 'application/javascript', json: 'application/json', txt: 'text/plain', png: 'image/png', jpg: 'image/jpeg', svg: 'image/svg+xml', ico: 'image/x-icon' } as Record<string, string>)[ext] ?? 'application/octet-stream';
}

function nginxError(status: 301 | 404, version: string): string {
  const title = `${status} ${reasonPhrase(status)}`;
  return `<html>\n<head><title>${title}</title></head>\n<body>\n<center><h1>${title}</h1></center>\n<hr><center>nginx/${version}</center>\n</body>\n</html>\n`;
}

/** `21/Nov/2026:09:00:03 +0000` (nginx's and Apache's access log time). */
function nginxLogTime(ms: number): string {
  const d = new Date(ms);
  const mon = d.toUTCString().split(' ')[2];
  return `${String(d.getUTCDate()).padStart(2, '0')}/${mon}/${d.getUTCFullYear()}:${d.toISOString().slice(11, 19)} +0000`;
}

/** `2026/11/21 09:00:03` (nginx's error log time). */
function nginxTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

function expressResponse(status: number, body: string, req: HttpRequest, date: readonly [string, string]): ServeOutcome {
  const size = byteLength(body);
  const headers: Array<readonly [string, string]> = [['X-Powered-By', 'Express'], ...(status === 404 ? [['Content-Security-Policy', "default-src 'none'"] as const, ['X-Content-Type-Options', 'nosniff'] as const] : []),
    ['Content-Type', 'text/html; charset=utf-8'], ['Content-Length', String(size)], ...(status === 200 ? [['ETag', `W/"${size.toString(16)}-${etagHash(body)}"`] as const] : []), date, ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5']];
  return { kind: 'http', response: respond(status, headers, body, req.method) };
}

/** A stable stand-in for express's SHA-1 based ETag tail. */
function etagHash(text: string): string {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h.toString(36).padStart(8, '0').slice(0, 27);
}

/** The Docker workshop's todo app (getting-started-app's src/static/index.html). */
const TODO_INDEX = `<!DOCTYPE html>
<html lang="en">
<head>
    <meta charset="UTF-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1.0" />
    <link rel="stylesheet" href="css/bootstrap.min.css" crossorigin="anonymous" />
    <link rel="stylesheet" href="css/font-awesome/all.min.css" crossorigin="anonymous" />
    <link href="https://fonts.googleapis.com/css?family=Lato&display=swap" rel="stylesheet" />
    <link rel="stylesheet" href="css/styles.css" />
    <title>Todo App</title>
</head>
<body>
    <div id="root"></div>
    <script src="js/react.production.min.js"></script>
    <script src="js/react-dom.production.min.js"></script>
    <script src="js/babel.min.js"></script>
    <script type="text/babel" src="js/app.js"></script>
</body>
</html>
`;

/** Unescape a JS/Python string literal's body. */
function literal(text: string): string {
  return text.replace(/\\n/g, '\n').replace(/\\t/g, '\t').replace(/\\(['"`\\])/g, '$1');
}

/**
 * A learner's own server: what its source sends for a path. Express routes (`app.get('/', …
 * res.send('…'))`) and `express.static` folders, `http.createServer` writes, Flask routes; a Go
 * binary answers what its handlers would, which kubetutor cannot read, so an empty 200.
 */
function scriptResponse(app: Extract<App, { kind: 'script' }>, p: Process, path: string, req: HttpRequest, date: readonly [string, string]): ServeOutcome {
  const src = app.source;
  const text = (status: number, body: string, type = 'text/html; charset=utf-8'): ServeOutcome => ({
    kind: 'http', response: respond(status, [...(app.lang === 'node' && /express\(/.test(src) ? [['X-Powered-By', 'Express'] as const] : []), ['Content-Type', type], ['Content-Length', String(byteLength(body))], date, ['Connection', 'keep-alive'], ...(app.lang === 'node' ? [['Keep-Alive', 'timeout=5'] as const] : [])], body, req.method),
  });
  if (app.lang === 'go') return text(200, '', 'text/plain; charset=utf-8');
  if (app.lang === 'python') {
    for (const m of src.matchAll(/@app\.(?:route|get)\(\s*(['"])([^'"]*)\1[^)]*\)\s*\n(?:async\s+)?def\s+\w+\([^)]*\)\s*:\s*\n\s*return\s+f?(['"])((?:\\.|(?!\3).)*)\3/g)) {
      if (m[2] === path) return text(200, literal(m[4] as string));
    }
    return text(404, '<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>\n');
  }
  // Express.
  if (/express\(/.test(src)) {
    for (const m of src.matchAll(/\.(?:get|all|use)\(\s*(['"`])([^'"`]*)\1[\s\S]*?res\.(?:send|end|write)\(\s*(['"`])((?:\\.|(?!\3).)*)\3/g)) {
      if (m[2] === path) return text(200, literal(m[4] as string));
    }
    const statics = [...src.matchAll(/express\.static\(\s*(?:(?:__dirname|path\.join\([^)]*?)\s*\+?\s*,?\s*)?(['"`])([^'"`]+)\1/g)].map((m) => (m[2] as string).replace(/^\.?\//, ''));
    for (const dir of statics) {
      const root = dir.startsWith('/') ? dir : `${app.dir}/${dir}`.replace(/\/+/g, '/');
      const file = staticFile(p.files, root.replace(/\/$/, ''), path);
      if (file.kind === 'file') return text(200, file.content, `${mimeType(file.path)}; charset=UTF-8`);
    }
    return text(404, `<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot ${req.method} ${path}</pre>\n</body>\n</html>\n`);
  }
  // http.createServer: the literal strings it writes, in order.
  const parts = [...src.matchAll(/\.(?:write|end)\(\s*(['"`])((?:\\.|(?!\1).)*)\1/g)].map((m) => literal(m[2] as string));
  const type = /['"]Content-Type['"]\s*[:,]\s*['"]([^'"]+)['"]/i.exec(src)?.[1];
  return { kind: 'http', response: respond(200, [...(type ? [['Content-Type', type] as const] : []), date, ['Connection', 'keep-alive'], ['Keep-Alive', 'timeout=5'], ['Transfer-Encoding', 'chunked']], parts.join(''), req.method) };
}
