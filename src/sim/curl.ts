/**
 * curl (8.x messages and exit codes) and busybox wget over the simulated network: the same code
 * for the laptop's curl and a container's. What they print is what the real tools print, in the
 * order a terminal shows it; kubetutor's own explanations come back separately, as `teach`.
 */
import type { HttpResponse } from './http.ts';
import type { Exchange, Request } from './network.ts';

export interface HttpClientHost {
  /** Send one request on this machine's network. */
  request(req: Request): Exchange;
  /** The client's version (`8.5.0` on the laptop, the image's curl inside a container). */
  readonly version: string;
  /** Where stdout goes: curl hides its progress meter when it writes to a terminal. */
  readonly stdoutIsTerminal: boolean;
  /** Simulated time passing (a connection that times out takes its time). */
  advance(ms: number): void;
  /** Save a body to a file (`-o FILE`); an error message when that is not possible. */
  writeFile(path: string, content: string): string | undefined;
}

export interface ClientResult {
  /** What the terminal shows, in order. */
  /** What the terminal shows, in order; `partial`: the body's last line, without a newline. */
  readonly output: ReadonlyArray<{ readonly stream: 'out' | 'err'; readonly text: string; readonly partial?: boolean }>;
  readonly exitCode: number;
  /** kubetutor's notes on what happened (never printed by the tool). */
  readonly teach: readonly string[];
}

interface Url { scheme: 'http' | 'https'; host: string; port: number; path: string; hostHeader: string }

type UrlError = { code: number; message: string };

/** Parse a URL as curl does: no scheme means http; a bad one is a `(3)` or `(1)`. */
function parseUrl(text: string): Url | UrlError {
  let rest = text.trim();
  let scheme = 'http';
  const m = /^([A-Za-z][A-Za-z0-9+.-]*):\/\//.exec(rest);
  if (m) {
    scheme = (m[1] as string).toLowerCase();
    rest = rest.slice(m[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') return { code: 1, message: `Protocol "${scheme}" not supported` };
  const slash = rest.search(/[/?#]/);
  const authority = slash < 0 ? rest : rest.slice(0, slash);
  let path = slash < 0 ? '/' : rest.slice(slash);
  if (path.startsWith('?')) path = `/${path}`;
  path = path.replace(/#.*$/, '') || '/';
  const hostPort = authority.replace(/^.*@/, '');
  const v6 = /^\[([^\]]+)\](?::(.*))?$/.exec(hostPort);
  const host = v6 ? `[${v6[1]}]` : hostPort.replace(/:[^:]*$/, '');
  const portText = v6 ? v6[2] : hostPort.includes(':') ? hostPort.slice(hostPort.lastIndexOf(':') + 1) : undefined;
  if (host === '') return { code: 3, message: 'URL rejected: No host part in the URL' };
  if (/\s/.test(text.trim())) return { code: 3, message: 'URL rejected: Malformed input to a URL function' };
  const def = scheme === 'https' ? 443 : 80;
  if (portText !== undefined && portText !== '' && (!/^\d+$/.test(portText) || Number(portText) > 65535)) return { code: 3, message: 'URL rejected: Port number was not a decimal number between 0 and 65535' };
  const port = portText ? Number(portText) : def;
  return { scheme: scheme as 'http' | 'https', host: host.toLowerCase(), port, path, hostHeader: port === def ? host : `${host}:${port}` };
}

/** curl's max5data: a number in five columns (`  615`, ` 600k`, `12.3M`). */
function max5(bytes: number): string {
  if (bytes < 100_000) return String(Math.floor(bytes)).padStart(5);
  if (bytes < 10_000 * 1024) return `${String(Math.floor(bytes / 1024)).padStart(4)}k`;
  if (bytes < 100 * 1024 * 1024) return `${String(Math.floor(bytes / 1048576)).padStart(2)}.${Math.floor((bytes % 1048576) / 104857.6)}M`;
  return `${String(Math.floor(bytes / 1073741824)).padStart(4)}G`;
}

/** curl's time2str: `--:--:--` or ` 0:02:13`. */
function clock(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s <= 0) return '--:--:--';
  const h = Math.floor(s / 3600);
  return `${String(h).padStart(2)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
}

const METER_HEAD = ['  % Total    % Received % Xferd  Average Speed   Time    Time     Time  Current', '                                 Dload  Upload   Total   Spent    Left  Speed'];

/** The progress meter's last state (lib/progress.c's layout). */
function meterLine(size: number, received: number, ms: number): string {
  const pct = (n: number): string => String(size > 0 ? Math.floor((n * 100) / size) : 0).padStart(3);
  const speed = ms > 0 ? (received * 1000) / ms : received;
  const done = size > 0 && received === size;
  return `${done ? pct(received) : '  0'} ${max5(size)}  ${pct(received)} ${max5(received)}    0 ${max5(0)}  ${max5(speed)}      0 ${done ? '--:--:--' : '--:--:--'} ${clock(ms)} --:--:-- ${max5(speed)}`;
}

interface CurlOptions {
  silent: boolean; showError: boolean; include: boolean; head: boolean; verbose: boolean; location: boolean; fail: boolean; failWithBody: boolean;
  insecure: boolean; output: string[]; remoteName: boolean; method?: string; headers: string[]; data?: string; writeOut?: string;
  maxTime?: number; connectTimeout?: number; userAgent?: string; urls: string[]; noMeter: boolean;
}

const SHORT_VALUE = new Set(['o', 'X', 'H', 'd', 'w', 'm', 'A', 'u', 'e', 'T', 'b', 'c', 'x', 'F', 'r', 'C', 'K', 'E', 'Y', 'y', 'z', 'P', 'Q']);
const LONG_VALUE = new Set(['output', 'request', 'header', 'data', 'data-raw', 'data-binary', 'data-urlencode', 'json', 'write-out', 'max-time', 'connect-timeout', 'user-agent', 'user',
  'referer', 'url', 'retry', 'retry-delay', 'retry-max-time', 'cacert', 'cert', 'key', 'proxy', 'resolve', 'connect-to', 'cookie', 'cookie-jar', 'form', 'range', 'upload-file', 'interface', 'limit-rate', 'max-redirs', 'output-dir']);
const LONG_FLAGS = new Set(['silent', 'show-error', 'include', 'head', 'verbose', 'location', 'fail', 'fail-with-body', 'insecure', 'remote-name', 'compressed', 'http1.1', 'http2', 'ipv4', 'ipv6',
  'no-progress-meter', 'progress-bar', 'no-buffer', 'globoff', 'get', 'create-dirs', 'no-keepalive', 'tcp-nodelay', 'location-trusted', 'raw', 'no-sessionid', 'fail-early', 'trace-ascii', 'no-silent', 'no-show-error']);

function parseArgs(args: readonly string[]): CurlOptions | { error: string } {
  const o: CurlOptions = { silent: false, showError: false, include: false, head: false, verbose: false, location: false, fail: false, failWithBody: false, insecure: false, output: [], remoteName: false, headers: [], urls: [], noMeter: false };
  const set = (name: string, value: string | undefined): string | undefined => {
    switch (name) {
      case 's': case 'silent': o.silent = true; break;
      case 'S': case 'show-error': o.showError = true; break;
      case 'i': case 'include': o.include = true; break;
      case 'I': case 'head': o.head = true; break;
      case 'v': case 'verbose': o.verbose = true; break;
      case 'L': case 'location': case 'location-trusted': o.location = true; break;
      case 'f': case 'fail': o.fail = true; break;
      case 'fail-with-body': o.failWithBody = true; break;
      case 'k': case 'insecure': o.insecure = true; break;
      case 'O': case 'remote-name': o.remoteName = true; break;
      case 'no-progress-meter': o.noMeter = true; break;
      case 'o': case 'output': o.output.push(value as string); break;
      case 'X': case 'request': o.method = value as string; break;
      case 'H': case 'header': o.headers.push(value as string); break;
      case 'd': case 'data': case 'data-raw': case 'data-binary': case 'data-urlencode': o.data = o.data === undefined ? value : `${o.data}&${value}`; break;
      case 'json': o.data = value; o.headers.push('Content-Type: application/json', 'Accept: application/json'); break;
      case 'w': case 'write-out': o.writeOut = value; break;
      case 'm': case 'max-time': o.maxTime = Number(value); break;
      case 'connect-timeout': o.connectTimeout = Number(value); break;
      case 'A': case 'user-agent': o.userAgent = value; break;
      case 'url': o.urls.push(value as string); break;
      default: break;
    }
    return undefined;
  };
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a.startsWith('--') && a.length > 2) {
      const [name, inline] = a.slice(2).split(/=(.*)/s) as [string, string | undefined];
      if (LONG_VALUE.has(name)) {
        const v = inline ?? args[++i];
        if (v === undefined) return { error: `curl: option --${name}: requires parameter` };
        set(name, v);
      } else if (LONG_FLAGS.has(name)) set(name, undefined);
      else return { error: `curl: option --${name}: is unknown` };
    } else if (a.startsWith('-') && a.length > 1) {
      for (let j = 1; j < a.length; j++) {
        const c = a[j] as string;
        if (SHORT_VALUE.has(c)) {
          const v = a.length > j + 1 ? a.slice(j + 1) : args[++i];
          if (v === undefined) return { error: `curl: option -${c}: requires parameter` };
          set(c, v);
          break;
        }
        if (!/[sSiIvLfkO46#gGNq0123]/.test(c)) return { error: `curl: option -${a.slice(1)}: is unknown` };
        set(c, undefined);
      }
    } else o.urls.push(a);
  }
  return o;
}

/** `curl [options] URL…` */
export function curl(args: readonly string[], host: HttpClientHost): ClientResult {
  const output: Array<{ stream: 'out' | 'err'; text: string; partial?: boolean }> = [];
  const teach: string[] = [];
  const say = (stream: 'out' | 'err', text: string, partial?: boolean): void => { output.push({ stream, text, ...(partial ? { partial } : {}) }); };
  const parsed = parseArgs(args);
  if ('error' in parsed) {
    say('err', parsed.error);
    say('err', "curl: try 'curl --help' or 'curl --manual' for more information");
    return { output, exitCode: 2, teach };
  }
  const o = parsed;
  if (o.urls.length === 0) {
    say('err', 'curl: no URL specified!');
    say('err', "curl: try 'curl --help' or 'curl --manual' for more information");
    return { output, exitCode: 2, teach };
  }
  let exitCode = 0;
  for (const [index, rawUrl] of o.urls.entries()) {
    const outputFile = o.output[index] ?? (o.remoteName ? rawUrl.replace(/[?#].*$/, '').split('/').pop() ?? '' : undefined);
    const meter = !o.silent && !o.noMeter && !o.verbose && (outputFile !== undefined || !host.stdoutIsTerminal);
    const showError = !o.silent || o.showError;
    const fail = (code: number, message: string, ms = 0, sameLine = false): void => {
      exitCode = code;
      if (meter) {
        output.push(...METER_HEAD.map((text) => ({ stream: 'err' as const, text })));
        const line = meterLine(0, 0, ms);
        if (sameLine && showError) { say('err', `${line}curl: (${code}) ${message}`); return; }
        say('err', line);
      }
      if (showError) say('err', `curl: (${code}) ${message}`);
    };
    let target = parseUrl(rawUrl);
    if ('code' in target) { fail(target.code, target.message, 0, true); continue; }
    let method = o.method ?? (o.head ? 'HEAD' : o.data !== undefined ? 'POST' : 'GET');
    let response: HttpResponse | undefined;
    let ms = 0;
    let redirects = 0;
    let verboseHead: string[] = [];
    for (;;) {
      const headers: Array<[string, string]> = [['Host', target.hostHeader], ['User-Agent', o.userAgent ?? `curl/${host.version}`], ['Accept', '*/*']];
      for (const h of o.headers) {
        const [k, v = ''] = h.split(/:\s?(.*)/s) as [string, string | undefined];
        const at = headers.findIndex(([x]) => x.toLowerCase() === k.toLowerCase());
        if (at >= 0) headers[at] = [k, v]; else headers.push([k, v]);
      }
      if (o.data !== undefined) {
        headers.push(['Content-Length', String(new TextEncoder().encode(o.data).length)]);
        if (!headers.some(([k]) => k.toLowerCase() === 'content-type')) headers.push(['Content-Type', 'application/x-www-form-urlencoded']);
      }
      const shownHost = target.host.replace(/^\[|\]$/g, '');
      const x = host.request({ scheme: target.scheme, host: shownHost, port: target.port, method, path: target.path, headers, body: o.data ?? '', insecure: o.insecure });
      if (o.verbose && x.kind !== 'unresolved') verboseHead.push(`*   Trying ${x.ip.includes(':') ? `[${x.ip}]` : x.ip}:${target.port}...`);
      if (x.kind === 'unresolved') {
        if (o.verbose) say('err', `* Could not resolve host: ${shownHost}`);
        if (x.teach) teach.push(x.teach);
        fail(6, `Could not resolve host: ${shownHost}`, 0, true);
        break;
      }
      const limit = Math.min(o.connectTimeout ?? Infinity, o.maxTime ?? Infinity) * 1000;
      if (x.kind === 'timeout' && Number.isFinite(limit) && limit < x.ms) {
        host.advance(limit);
        output.push(...verboseHead.map((text) => ({ stream: 'err' as const, text })));
        if (x.teach) teach.push(x.teach);
        fail(28, `Failed to connect to ${shownHost} port ${target.port} after ${Math.round(limit) + 1} ms: Timeout was reached`, limit);
        break;
      }
      if (x.kind === 'refused' || x.kind === 'timeout') {
        host.advance(x.ms);
        output.push(...verboseHead.map((text) => ({ stream: 'err' as const, text })));
        if (x.teach) teach.push(x.teach);
        if (x.kind === 'timeout') teach.push(`curl waited ${Math.round(x.ms / 1000)} s of simulated time for an answer that never came (Linux gives up on an unanswered connection after about 2 minutes).`);
        if (o.verbose) say('err', `* Failed to connect to ${shownHost} port ${target.port} after ${x.ms} ms: Couldn't connect to server`);
        fail(x.kind === 'timeout' ? 28 : 7, `Failed to connect to ${shownHost} port ${target.port} after ${x.ms} ms: Couldn't connect to server`, x.ms);
        break;
      }
      ms += 1;
      if (o.verbose) {
        verboseHead.push(`* Connected to ${shownHost} (${x.ip}) port ${target.port}`);
        if (x.kind === 'response') verboseHead.push(`> ${method} ${target.path} HTTP/1.1`, ...headers.map(([k, v]) => `> ${k}: ${v}`), '> ');
      }
      output.push(...verboseHead.map((text) => ({ stream: 'err' as const, text })));
      verboseHead = [];
      if (x.kind === 'tls-wrong-version') {
        fail(35, 'OpenSSL/3.0.13: error:0A00010B:SSL routines::wrong version number', 1, true);
        break;
      }
      if (x.kind === 'tls-untrusted') {
        fail(60, 'SSL certificate problem: unable to get local issuer certificate', 1, true);
        if (showError) for (const l of ['More details here: https://curl.se/docs/sslcerts.html', '', 'curl failed to verify the legitimacy of the server and therefore could not', 'establish a secure connection to it. To learn more about this situation and', 'how to fix it, please visit the web page mentioned above.']) say('err', l);
        teach.push('The cluster signs its own certificates: `curl -k` skips the check (for trying things out), `--cacert` names the cluster\'s CA; `kubectl proxy` talks to the API server for you.');
        break;
      }
      if (x.kind === 'not-http') {
        for (const n of x.notes ?? []) say('err', n);
        if (x.reply === 'http09') fail(1, 'Received HTTP/0.9 when not allowed', 1, true);
        else fail(52, 'Empty reply from server', 1, true);
        break;
      }
      for (const n of x.notes) say('err', n);
      response = x.response;
      if (o.location && [301, 302, 303, 307, 308].includes(response.status) && redirects < 50) {
        const loc = response.headers.find(([k]) => k.toLowerCase() === 'location')?.[1];
        if (loc) {
          if (o.include || o.head) printHeaders(response, say, o.verbose);
          const next = parseUrl(loc.startsWith('/') ? `${target.scheme}://${target.hostHeader}${loc}` : loc);
          if ('code' in next) { fail(next.code, next.message); break; }
          target = next;
          if (response.status === 303 || ((response.status === 301 || response.status === 302) && method === 'POST')) method = 'GET';
          redirects++;
          continue;
        }
      }
      break;
    }
    if (!response) continue;
    if ((o.fail || o.failWithBody) && response.status >= 400) {
      if (o.verbose) printHeaders(response, say, true);
      if (o.failWithBody) writeBody(response.body, outputFile, host, say);
      fail(22, `The requested URL returned error: ${response.status}`, ms);
      continue;
    }
    if (o.verbose) printHeaders(response, say, true);
    else if (o.include || o.head) printHeaders(response, (s, t) => (outputFile !== undefined ? undefined : say(s, t)), false);
    const size = new TextEncoder().encode(response.body).length;
    if (meter) {
      output.push(...METER_HEAD.map((text) => ({ stream: 'err' as const, text })));
      say('err', meterLine(size, size, Math.max(1, ms)));
    }
    if (!o.head || o.method !== undefined) {
      const error = writeBody(response.body, outputFile, host, say);
      if (error) {
        exitCode = 23;
        if (showError) say('err', `curl: (23) ${error}`);
        continue;
      }
    }
    if (o.verbose) say('err', `* Connection #0 to host ${target.host.replace(/^\[|\]$/g, '')} left intact`);
    if (o.writeOut !== undefined) {
      const text = o.writeOut.replace(/%\{(\w+)\}/g, (_m, k: string) => ({ http_code: String(response?.status), response_code: String(response?.status), size_download: String(size), url_effective: `${target.scheme}://${target.hostHeader}${target.path}`, content_type: response?.headers.find(([h]) => h.toLowerCase() === 'content-type')?.[1] ?? '', num_redirects: String(redirects), time_total: '0.001000' } as Record<string, string>)[k] ?? '')
        .replace(/\\n/g, '\n').replace(/\\t/g, '\t');
      appendText(output, text);
    }
  }
  return { output, exitCode, teach };
}

function printHeaders(r: HttpResponse, say: (stream: 'out' | 'err', text: string) => void, verbose: boolean): void {
  const prefix = verbose ? '< ' : '';
  const stream = verbose ? 'err' : 'out';
  say(stream, `${prefix}HTTP/1.1 ${r.status}${r.reason ? ` ${r.reason}` : ''}`);
  for (const [k, v] of r.headers) say(stream, `${prefix}${k}: ${v}`);
  say(stream, verbose ? '< ' : '');
}

/** Body text joined to what is on screen: a body without a final newline leaves the line open. */
function appendText(output: Array<{ stream: 'out' | 'err'; text: string }>, text: string): void {
  if (text === '') return;
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  for (const l of lines) output.push({ stream: 'out', text: l });
}

function writeBody(body: string, file: string | undefined, host: HttpClientHost, say: (stream: 'out' | 'err', text: string, partial?: boolean) => void): string | undefined {
  if (file === undefined || file === '-') {
    const lines = body.split('\n');
    if (body.endsWith('\n')) lines.pop();
    if (body !== '') lines.forEach((l, i) => (i === lines.length - 1 && !body.endsWith('\n') ? say('out', l, true) : say('out', l)));
    return undefined;
  }
  if (file === '/dev/null') return undefined;
  const error = host.writeFile(file, body);
  return error === undefined ? undefined : `Failure writing output to destination, passed ${new TextEncoder().encode(body).length} returned 4294967295`;
}

/** busybox `wget [-q] [-O FILE|-] [-T SEC] [-S] [--spider] URL`, as Alpine and busybox images have it. */
export function wget(args: readonly string[], host: HttpClientHost): ClientResult {
  const output: Array<{ stream: 'out' | 'err'; text: string; partial?: boolean }> = [];
  const teach: string[] = [];
  const say = (stream: 'out' | 'err', text: string, partial?: boolean): void => { output.push({ stream, text, ...(partial ? { partial } : {}) }); };
  let quiet = false;
  let file: string | undefined;
  let spider = false;
  let serverResponse = false;
  let timeout: number | undefined;
  const urls: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-q' || a === '--quiet') quiet = true;
    else if (a === '-O' || a === '--output-document') file = args[++i];
    else if (a.startsWith('-O')) file = a.slice(2);
    else if (a.startsWith('--output-document=')) file = a.slice(18);
    else if (a === '-qO-' || a === '-qO') { quiet = true; file = a === '-qO-' ? '-' : args[++i]; }
    else if (a === '-S' || a === '--server-response') serverResponse = true;
    else if (a === '--spider') spider = true;
    else if (a === '-T' || a === '--timeout') timeout = Number(args[++i]);
    else if (a.startsWith('-')) continue;
    else urls.push(a);
  }
  if (urls.length === 0) {
    say('err', 'BusyBox v1.37.0 (2024-09-26 21:31:42 UTC) multi-call binary.');
    say('err', '');
    say('err', 'Usage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]');
    return { output, exitCode: 1, teach };
  }
  let exitCode = 0;
  for (const raw of urls) {
    const u = parseUrl(raw);
    if ('code' in u) { say('err', `wget: not an http or ftp url: ${raw}`); exitCode = 1; continue; }
    const shown = u.host.replace(/^\[|\]$/g, '');
    const x = host.request({ scheme: u.scheme, host: shown, port: u.port, method: spider ? 'HEAD' : 'GET', path: u.path, headers: [['Host', u.hostHeader], ['User-Agent', 'Wget'], ['Connection', 'close']], body: '', insecure: false });
    if (x.kind === 'unresolved') { if (x.teach) teach.push(x.teach); say('err', `wget: bad address '${shown}'`); exitCode = 1; continue; }
    if (!quiet) say('err', `Connecting to ${u.hostHeader} (${x.ip}:${u.port})`);
    if (x.kind === 'refused') { if (x.teach) teach.push(x.teach); say('err', `wget: can't connect to remote host (${x.ip}): Connection refused`); exitCode = 1; continue; }
    if (x.kind === 'timeout') {
      const wait = Math.min(x.ms, (timeout ?? 900) * 1000);
      host.advance(wait);
      if (x.teach) teach.push(x.teach);
      say('err', wait < x.ms ? 'wget: download timed out' : `wget: can't connect to remote host (${x.ip}): Connection timed out`);
      exitCode = 1;
      continue;
    }
    if (x.kind === 'tls-wrong-version' || x.kind === 'tls-untrusted') { say('err', 'wget: TLS error from peer (alert code 80): 80'); say('err', 'wget: error getting response: Connection reset by peer'); exitCode = 1; continue; }
    if (x.kind === 'not-http') { say('err', 'wget: error getting response'); exitCode = 1; continue; }
    const r = x.response;
    if (serverResponse) {
      say('err', `  HTTP/1.1 ${r.status} ${r.reason}`);
      for (const [k, v] of r.headers) say('err', `  ${k}: ${v}`);
    }
    if (r.status >= 400) { say('err', `wget: server returned error: HTTP/1.1 ${r.status} ${r.reason}`); exitCode = 1; continue; }
    if (spider) { if (!quiet) say('err', 'remote file exists'); continue; }
    const size = new TextEncoder().encode(r.body).length;
    const name = file ?? (u.path.replace(/\?.*$/, '').split('/').pop() || 'index.html');
    const bar = `${'*'.repeat(32)}`;
    if (name === '-') {
      if (!quiet) say('err', 'writing to stdout');
      writeBody(r.body, undefined, host, say);
      if (!quiet) { say('err', `-                    100% |${bar}| ${String(size).padStart(5)}  0:00:00 ETA`); say('err', 'written to stdout'); }
      continue;
    }
    if (!quiet) say('err', `saving to '${name}'`);
    const error = host.writeFile(name, r.body);
    if (error) { say('err', `wget: can't open '${name}': ${error}`); exitCode = 1; continue; }
    if (!quiet) { say('err', `${name.padEnd(20).slice(0, 20)} 100% |${bar}| ${String(size).padStart(5)}  0:00:00 ETA`); say('err', `'${name}' saved`); }
  }
  return { output, exitCode, teach };
}

