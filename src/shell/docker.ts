/**
 * The docker CLI (Docker 28.2, buildx ≥ 0.24, classic image store) over the simulated engine.
 * Output formats and error texts follow the real CLI (docker/cli cli/required.go and
 * cli/cobra.go for usage errors, cli/command/… for each command's output) and the daemon (moby).
 */
import { connectionRefused, LAPTOP, noSuchHost } from '../sim/hosts.ts';
import { dockerignoreMatcher, type BuildOptions } from '../sim/builder.ts';
import { shortId } from '../sim/digest.ts';
import { stopOutcome, type RunOutcome } from '../sim/container.ts';
import type { Container, PortBinding } from '../sim/docker-engine.ts';
import { runArgv, type ExecContext } from '../sim/exec.ts';
import { diffId, imageHistory, imageSize } from '../sim/image.ts';
import type { StoredImage } from '../sim/image-store.ts';
import { canonical, familiar, familiarRepository, parseReference, ReferenceError, repositoryName, withDefaultTag, DOCKER_HUB, type ImageRef } from '../sim/image-ref.ts';
import { humanDuration, humanSize } from '../sim/units.ts';
import type { CommandContext } from './context.ts';
import { laptopPath } from './paths.ts';
import { HOME, tildePath, WORKSPACE } from '../sim/laptop-fs.ts';
import { configKey, DOCKER_CONFIG, hasLogin, withLogin } from '../sim/docker-config.ts';
import { readContext, truncatedHint } from './disk-fs.ts';
import { bool, flag, flagAll, FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';
import { renderBuildPlain, renderBuildTty, excerpt, failureTexts } from './format/buildkit.ts';
import { contextTarBytes, LEGACY_NOTICE, renderLegacyBuild } from './format/legacybuild.ts';
import { inspectTemplate, listFormat, TemplateError } from './format/gotemplate.ts';
import type { GoValue } from './format/gofmt.ts';
import { dockerTable } from './format/table.ts';
import { pullEvents, pushEvents } from './format/transfer.ts';
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';
import { isBareShell, runScript, shellFlavour } from './container-shell.ts';

export const DOCKER_VERSION = '28.2.2';

/** What follows the command path in each command's usage line (cobra's UseLine). */
const USE: Record<string, string> = {
  build: '[OPTIONS] PATH | URL | -',
  pull: '[OPTIONS] NAME[:TAG|@DIGEST]',
  push: '[OPTIONS] NAME[:TAG]',
  images: '[OPTIONS] [REPOSITORY[:TAG]]',
  ls: '[OPTIONS] [REPOSITORY[:TAG]]',
  tag: 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]',
  rmi: '[OPTIONS] IMAGE [IMAGE...]',
  inspect: '[OPTIONS] NAME|ID [NAME|ID...]',
  login: '[OPTIONS] [SERVER]',
  logout: '[SERVER]',
  run: '[OPTIONS] IMAGE [COMMAND] [ARG...]',
  ps: '[OPTIONS]',
  logs: '[OPTIONS] CONTAINER',
  stop: '[OPTIONS] CONTAINER [CONTAINER...]',
  rm: '[OPTIONS] CONTAINER [CONTAINER...]',
  kill: '[OPTIONS] CONTAINER [CONTAINER...]',
  start: '[OPTIONS] CONTAINER [CONTAINER...]',
  restart: '[OPTIONS] CONTAINER [CONTAINER...]',
  exec: '[OPTIONS] CONTAINER COMMAND [ARG...]',
  history: '[OPTIONS] IMAGE',
};

/** `docker image rm` and `docker container rm` share a verb, not a usage line. */
const SUB_USE: Record<string, string> = {
  'image rm': '[OPTIONS] IMAGE [IMAGE...]', 'image remove': '[OPTIONS] IMAGE [IMAGE...]', 'image inspect': '[OPTIONS] IMAGE [IMAGE...]',
  'image ls': '[OPTIONS] [REPOSITORY[:TAG]]', 'image list': '[OPTIONS] [REPOSITORY[:TAG]]',
  'container inspect': '[OPTIONS] CONTAINER [CONTAINER...]', 'container ls': '[OPTIONS]', 'container list': '[OPTIONS]', 'container remove': '[OPTIONS] CONTAINER [CONTAINER...]',
};

const useLine = (path: string): string => {
  const words = path.split(' ');
  return `${path} ${SUB_USE[words.slice(-2).join(' ')] ?? USE[words[words.length - 1] as string] ?? ''}`.trimEnd();
};

const STOP_FLAGS: readonly FlagSpec[] = [{ name: 'force', short: 'f' }, { name: 'timeout', short: 't', value: true }, { name: 'time', value: true }, { name: 'volumes', short: 'v' }, { name: 'signal', short: 's', value: true }];
const START_FLAGS: readonly FlagSpec[] = [{ name: 'attach', short: 'a' }, { name: 'interactive', short: 'i' }, { name: 'timeout', short: 't', value: true }, { name: 'time', value: true }, { name: 'signal', short: 's', value: true }];

/** The flags kubetutor simulates of each docker command it simulates (`docker image ls` takes `images`'s: see DOCKER_GROUPS). */
export const DOCKER_FLAGS = {
  build: [
    { name: 'tag', short: 't', value: true, repeat: true }, { name: 'file', short: 'f', value: true }, { name: 'build-arg', value: true, repeat: true },
    { name: 'no-cache' }, { name: 'target', value: true }, { name: 'progress', value: true }, { name: 'quiet', short: 'q' }, { name: 'pull' },
    { name: 'platform', value: true }, { name: 'load' }, { name: 'push' },
  ],
  pull: [{ name: 'all-tags', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'platform', value: true }],
  push: [{ name: 'all-tags', short: 'a' }, { name: 'quiet', short: 'q' }],
  images: [{ name: 'all', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'digests' }, { name: 'no-trunc' }, { name: 'filter', short: 'f', value: true }, { name: 'format', value: true }],
  tag: [],
  rmi: [{ name: 'force', short: 'f' }, { name: 'no-prune' }],
  inspect: [{ name: 'format', short: 'f', value: true }, { name: 'type', value: true }, { name: 'size', short: 's' }],
  history: [{ name: 'no-trunc' }, { name: 'quiet', short: 'q' }, { name: 'human', short: 'H', value: true }, { name: 'format', value: true }],
  login: [{ name: 'username', short: 'u', value: true }, { name: 'password', short: 'p', value: true }, { name: 'password-stdin' }],
  logout: [],
  run: [
    { name: 'detach', short: 'd' }, { name: 'interactive', short: 'i' }, { name: 'tty', short: 't' }, { name: 'rm' }, { name: 'name', value: true },
    { name: 'env', short: 'e', value: true, repeat: true }, { name: 'publish', short: 'p', value: true, repeat: true }, { name: 'entrypoint', value: true },
    { name: 'pull', value: true }, { name: 'platform', value: true }, { name: 'workdir', short: 'w', value: true }, { name: 'volume', short: 'v', value: true, repeat: true },
    { name: 'user', short: 'u', value: true },
  ],
  exec: [{ name: 'interactive', short: 'i' }, { name: 'tty', short: 't' }, { name: 'detach', short: 'd' }, { name: 'env', short: 'e', value: true, repeat: true },
    { name: 'user', short: 'u', value: true }, { name: 'workdir', short: 'w', value: true }],
  ps: [{ name: 'all', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'no-trunc' }, { name: 'latest', short: 'l' }, { name: 'format', value: true }, { name: 'size', short: 's' }, { name: 'filter', short: 'f', value: true, repeat: true }],
  logs: [{ name: 'follow', short: 'f' }, { name: 'tail', short: 'n', value: true }, { name: 'timestamps', short: 't' }],
  stop: STOP_FLAGS, rm: STOP_FLAGS, kill: STOP_FLAGS,
  start: START_FLAGS, restart: START_FLAGS,
} as const satisfies Record<string, readonly FlagSpec[]>;

export type DockerCommand = keyof typeof DOCKER_FLAGS;

/** Docker 28's wrapper for errors of `docker run` itself (no trailing period, a blank line, then the hint). */
function runError(message: string, code = 125): CommandResult {
  return result([err(`docker: ${message}`), err(''), err("Run 'docker run --help' for more information")], code);
}

const daemonError = (message: string, extra: Line[] = []): CommandResult => result([err(`Error response from daemon: ${message}`), ...extra], 1);

/** Parse a reference typed by the learner, or the CLI's error. */
function parseRef(text: string): ImageRef | CommandResult {
  try {
    return parseReference(text);
  } catch (e) {
    if (e instanceof ReferenceError) return result([err(e.message)], 1);
    throw e;
  }
}

/** cli.FlagErrorFunc: pflag's message, the usage line, the help hint; status 125. */
function flagError(path: string, e: FlagError): CommandResult {
  return result([err(e.message), err(''), err(`Usage:  ${useLine(path)}`), err(''), err(`Run '${path} --help' for more information`)], 125);
}

/**
 * cli/required.go: `ExactArgs` ends with "Run '…' for more information", `RequiresMinArgs` with
 * "See '…'"; both exit 1. buildx prints its own errors behind `ERROR: `.
 */
function argError(path: string, rule: 'exact' | 'min' | 'max', n: number): CommandResult {
  const noun = `argument${n === 1 ? '' : 's'}`;
  const what = rule === 'exact' ? `requires ${n} ${noun}` : rule === 'min' ? `requires at least ${n} ${noun}` : `requires at most ${n} ${noun}`;
  const first = `docker: '${path}' ${what}`;
  return result([err(path.startsWith('docker buildx') ? `ERROR: ${first}` : first), err(''), err(`Usage:  ${useLine(path)}`), err(''),
    err(`${rule === 'min' ? 'See' : 'Run'} '${path} --help' for more information`)], 1);
}

function parse(path: string, args: string[], specs: readonly FlagSpec[], stop = false): ParsedFlags | CommandResult {
  let p: ParsedFlags;
  try {
    p = parseFlags(args, [...specs, { name: 'help' }], stop);
  } catch (e) {
    if (e instanceof FlagError) return flagError(path, e);
    throw e;
  }
  if (bool(p, 'help')) return result([out(`Usage:  ${useLine(path)}`), hint('kubetutor simulates the common flags of this command; the real `--help` lists them all.')]);
  return p;
}

const isResult = (x: unknown): x is CommandResult => typeof x === 'object' && x !== null && 'exitCode' in x && 'lines' in x;

/** Go's RFC3339Nano: fractional seconds without trailing zeros (`2026-11-21T09:00:00.5Z`, `…:00Z`). */
function goTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, (_m, f: string) => (f === '000' ? 'Z' : `.${f.replace(/0+$/, '')}Z`));
}

/** `2026-11-21 09:00:00 +0000 UTC`, as docker's CreatedAt columns print time.Time. */
function goDate(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000 UTC`;
}

function pullFailureMessage(ref: ImageRef, why: string): string {
  const host = ref.domain;
  const path = ref.path;
  switch (why) {
    case 'no-tag': case 'no-digest': return `manifest for ${familiar(ref)} not found: manifest unknown: manifest unknown`;
    case 'unauthorized':
      return host === DOCKER_HUB ? `pull access denied for ${familiarRepository(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`
        : `Head "https://${host}/v2/${path}/manifests/${ref.digest ?? ref.tag ?? 'latest'}": no basic auth credentials`;
    case 'no-such-host': return `Get "https://${host}/v2/": ${noSuchHost(LAPTOP, host)}`;
    case 'connection-refused': return `Get "http://${host}/v2/": ${connectionRefused(LAPTOP, host, 80)}`;
    default: return `pull access denied for ${familiarRepository(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
  }
}

/** Lines of a successful pull (without the final reference line `docker pull` adds). */
function pullLines(ctx: CommandContext, typed: ImageRef, stream: 'out' | 'err'): { ok: true; lines: Line[]; tty: Line[]; stored: StoredImage } | { ok: false; message: string } {
  const ref = withDefaultTag(typed);
  const outcome = ctx.world.docker.pull(ref);
  if (!outcome.ok) return { ok: false, message: pullFailureMessage(ref, outcome.why) };
  const line = (text: string): Line => ({ stream, text });
  const head = ref.digest !== undefined ? `${canonical(ref)}: Pulling from ${ref.path}` : `${ref.tag}: Pulling from ${ref.path}`;
  const tail = [`Digest: ${outcome.image.manifestDigest}`, outcome.upToDate ? `Status: Image is up to date for ${familiar(ref)}` : `Status: Downloaded newer image for ${familiar(ref)}`];
  if (outcome.upToDate) {
    const lines = [line(head), ...tail.map(line)];
    return { ok: true, lines, tty: lines, stored: outcome.stored as StoredImage };
  }
  const ev = pullEvents(outcome.layers);
  ctx.world.advance(outcome.layers.filter((l) => !l.present).reduce((n, l) => n + l.layer.size / 25_000, 0));
  return {
    ok: true,
    lines: [line(head), ...ev.plain.map(line), ...tail.map(line)],
    tty: [line(head), ...ev.final.map((l) => ({ ...l, stream })), ...tail.map(line)],
    stored: outcome.stored as StoredImage,
  };
}

function pull(args: string[], ctx: CommandContext, path = 'docker pull'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.pull);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return argError(path, 'exact', 1);
  const ref = parseRef(p.positional[0] as string);
  if (isResult(ref)) return ref;
  const pre: Line[] = ref.tag === undefined && ref.digest === undefined ? [out('Using default tag: latest')] : [];
  const r = pullLines(ctx, ref, 'out');
  if (!r.ok) return result([...pre, err(`Error response from daemon: ${r.message}`)], 1);
  const last = out(canonical(withDefaultTag(ref)));
  if (bool(p, 'quiet')) return result([last]);
  return result([...pre, ...r.lines, last], 0, [...pre, ...r.tty, last]);
}

function push(args: string[], ctx: CommandContext, path = 'docker push'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.push);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return argError(path, 'exact', 1);
  const typed = parseRef(p.positional[0] as string);
  if (isResult(typed)) return typed;
  const pre: Line[] = typed.tag === undefined && typed.digest === undefined ? [out('Using default tag: latest')] : [];
  const ref = withDefaultTag(typed);
  const head = out(`The push refers to repository [${repositoryName(ref)}]`);
  const stored = ctx.world.docker.store.findRef(ref);
  if (!stored) {
    const have = ctx.world.docker.store.all().flatMap((s) => s.tags).filter((t) => t.startsWith(`${repositoryName(ref)}:`) || t.endsWith(`/${ref.path.split('/').pop()}:${ref.tag}`));
    return result([...pre, head, err(`An image does not exist locally with the tag: ${familiarRepository(ref)}`),
      hint(have.length ? `Images with a similar name: ${have.map((t) => familiar(parseReference(t))).join(', ')}. Tag one for this registry with \`docker tag SOURCE ${familiar(ref)}\`.`
        : `Build it with \`docker build -t ${familiar(ref)} .\`, or name an existing image for this registry with \`docker tag SOURCE ${familiar(ref)}\` — \`docker images\` lists what you have.`)], 1);
  }
  const outcome = ctx.world.docker.push(ref, stored);
  const ev = pushEvents(outcome.layers);
  if (!outcome.ok) {
    const creds = ctx.world.docker.credentialsFor(ref.domain);
    const message = outcome.why === 'no-such-host' || outcome.why === 'connection-refused'
      ? `Get "${outcome.why === 'connection-refused' ? 'http' : 'https'}://${ref.domain}/v2/": ${outcome.why === 'connection-refused' ? connectionRefused(LAPTOP, ref.domain, 80) : noSuchHost(LAPTOP, ref.domain)}`
      : outcome.why === 'unauthorized' && ref.domain !== DOCKER_HUB ? 'no basic auth credentials' : 'denied: requested access to the resource is denied';
    // No login helps with docker.io/library/…: say so before asking for one.
    const teach = outcome.why === 'unauthorized' && !isOfficialImage(ref)
      ? hint(`Pushing needs a login to ${ref.domain === DOCKER_HUB ? 'Docker Hub' : ref.domain}: \`docker login ${ref.domain === DOCKER_HUB ? '' : `${ref.domain} `}-u NAME --password-stdin\`.`.replace('  ', ' '))
      : outcome.why === 'denied' || outcome.why === 'unauthorized' ? deniedHint(ref, creds?.username)
      : hint(`There is no registry at ${ref.domain}. Check the name, or start one with \`docker run -d -p 5000:5000 registry:2\`.`);
    return result([...pre, head, ...ev.plain.map(out), err(message), teach], 1);
  }
  const digest = out(`${ref.tag ?? 'latest'}: digest: ${stored.image.manifestDigest} size: ${stored.image.manifestSize}`);
  ctx.world.advance(outcome.layers.filter((l) => l.state === 'pushed').reduce((n, l) => n + l.layer.size / 12_000, 200));
  return result([...pre, head, ...ev.plain.map(out), digest], 0, [...pre, head, ...ev.final, digest]);
}

function login(args: string[], ctx: CommandContext, path = 'docker login'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.login);
  if (isResult(p)) return p;
  if (p.positional.length > 1) return argError(path, 'max', 1);
  const server = p.positional[0];
  const host = server ? server.replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^index\.docker\.io$|^registry-1\.docker\.io$/, DOCKER_HUB) : DOCKER_HUB;
  const username = flag(p, 'username');
  const lines: Line[] = [];
  let password = flag(p, 'password');
  // docker/cli cli/command/registry/login.go (28.2): verifyLoginFlags, then verifyLoginOptions, then
  // loginUser, which cannot prompt for a missing name or password when stdin is not a terminal.
  if (bool(p, 'password-stdin')) {
    if (password !== undefined) return result([err('conflicting options: cannot specify both --password and --password-stdin')], 1);
    if (username === undefined) return result([err('the --password-stdin option requires --username to be set')], 1);
  }
  if (username === '') return result([err('username is empty')], 1);
  if (password === '') return result([err('password is empty')], 1);
  if (bool(p, 'password-stdin')) password = (ctx.stdin ?? '').replace(/\n$/, '').replace(/\r$/, '');
  else if (password !== undefined) lines.push(err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.'));
  if (!username || !password) {
    if (ctx.live) return promptForLogin(ctx, server, host, username, lines);
    return result([...lines, err('Error: Cannot perform an interactive login from a non TTY device'),
      hint(`Give the user name and the password: \`echo "$PASSWORD" | docker login${server ? ` ${server}` : ''} -u NAME --password-stdin\` (or -u NAME -p PASSWORD).`)], 1);
  }
  return logIn(ctx, server, host, username, password, lines);
}

/**
 * At a terminal, what docker/cli asks for (PromptUserForCredentials): the user name, then the
 * password with echo off. Docker Hub without -u starts its web-based device-code sign-in instead
 * (login.go, Docker 27.4 and later), which needs a browser and the internet.
 */
function promptForLogin(ctx: CommandContext, server: string | undefined, host: string, username: string | undefined, lines: Line[]): CommandResult {
  if (!username && host === DOCKER_HUB) {
    return result([...lines, out(''), out('USING WEB-BASED LOGIN'), out("To sign in with credentials on the command line, use 'docker login -u <username>'"), out(''),
      hint('Docker Hub\'s web sign-in shows a one-time code to enter at https://login.docker.com/activate in a browser — the sandbox has no internet. Sign in with `docker login -u NAME`: it asks for the password.')], 1);
  }
  const password = (name: string): CommandResult => ({
    ...result(lines),
    request: { kind: 'answer', prompt: 'Password: ', hidden: true, then: (pw) => (pw ? logIn(ctx, server, host, name, pw, []) : result([err('Error: Password Required')], 1)) },
  });
  if (username) return password(username);
  return { ...result(lines), request: { kind: 'answer', prompt: 'Username: ', hidden: false, then: (name) => (name.trim() ? password(name.trim()) : result([err('Error: Non-null Username Required')], 1)) } };
}

function logIn(ctx: CommandContext, server: string | undefined, host: string, username: string, password: string, lines: Line[]): CommandResult {
  const registry = ctx.world.registry(host);
  if (!registry) return result([...lines, err(`Error response from daemon: ${pullFailureMessage({ domain: host, path: '', tag: undefined, digest: undefined }, ctx.world.refuses(host) ? 'connection-refused' : 'no-such-host')}`)], 1);
  if (!registry.authenticate({ username, password })) {
    const msg = host === DOCKER_HUB ? 'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password'
      : `login attempt to https://${host}/v2/ failed with status: 401 Unauthorized`;
    return result([...lines, err(`Error response from daemon: ${msg}`)], 1);
  }
  const fs = ctx.world.laptop;
  const before = fs.read(DOCKER_CONFIG);
  const saved = withLogin(before, configKey(server === undefined || host === DOCKER_HUB && !/^(index|registry-1)\.docker\.io$/.test(server) ? undefined : server), { username, password });
  if (saved === undefined) return result([...lines, err(`WARNING: Error loading config file: ${DOCKER_CONFIG}: invalid character looking for beginning of value`), err(`Error saving credentials: error storing credentials - err: invalid character, out: \`${DOCKER_CONFIG}\``)], 1);
  if (saved !== before) {
    fs.mkdir(`${HOME}/.docker`);
    fs.write(DOCKER_CONFIG, saved);
    lines.push(err(''), err(`WARNING! Your credentials are stored unencrypted in '${DOCKER_CONFIG}'.`), err('Configure a credential helper to remove this warning. See'),
      err('https://docs.docker.com/go/credential-store/'), err(''));
  }
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'docker CLI', action: `login ${host}`, why: `checked the user name and password with ${host} and saved them for later pushes and pulls` });
  return result([...lines, out('Login Succeeded')]);
}

function logout(args: string[], ctx: CommandContext, path = 'docker logout'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.logout);
  if (isResult(p)) return p;
  if (p.positional.length > 1) return argError(path, 'max', 1);
  const server = p.positional[0];
  const key = configKey(server);
  const before = ctx.world.laptop.read(DOCKER_CONFIG);
  if (hasLogin(before, key)) {
    const after = withLogin(before, key, undefined);
    if (after !== undefined) ctx.world.laptop.write(DOCKER_CONFIG, after);
  }
  return result([out(`Removing login credentials for ${key}`)]);
}

function buildCmd(args: string[], ctx: CommandContext): CommandResult {
  const path = 'docker buildx build';
  const p = parse(path, args, DOCKER_FLAGS.build);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) {
    const r = argError(path, 'exact', 1);
    return result([...r.lines, hint('Give the build context as the last argument — usually `.`, the current folder: `docker build -t NAME:TAG .`')], r.exitCode);
  }
  const tags: ImageRef[] = [];
  for (const t of flagAll(p, 'tag')) {
    try {
      tags.push(withDefaultTag(parseReference(t)));
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
      return result([err(`ERROR: failed to build: invalid tag "${t}": ${e.message.replace(/^invalid reference format: /, '').replace(/ \(.*?\)/, '')}`)], 1);
    }
  }
  const contextDir = laptopPath(ctx, p.positional[0] as string);
  const fs = ctx.world.laptop;
  const shownDir = tildePath(contextDir);
  if (fs.kind(contextDir) !== 'dir') return result([err(`ERROR: failed to build: unable to prepare context: path "${p.positional[0]}" not found`)], 1);
  const fileArg = flag(p, 'file') ?? 'Dockerfile';
  // buildx sends the Dockerfile under its base name: `load build definition from Dockerfile.dev`.
  const dockerfileName = fileArg.split('/').pop() || 'Dockerfile';
  const dockerfilePath = flag(p, 'file') ? laptopPath(ctx, fileArg) : `${contextDir}/Dockerfile`;
  const dockerfile = fs.read(dockerfilePath);
  const plainProgress = flag(p, 'progress') === 'plain';
  const quiet = bool(p, 'quiet');
  if (dockerfile === undefined) {
    const final = `ERROR: failed to build: failed to solve: failed to read dockerfile: open ${dockerfileName}: no such file or directory`;
    const lines = quiet ? [final] : ['#0 building with "default" instance using docker driver', '', `#1 [internal] load build definition from ${dockerfileName}`, '#1 transferring dockerfile: 2B done', '#1 DONE 0.0s', final];
    return result([...lines.map(err), hint(`There is no ${fileArg} in ${contextDir === WORKSPACE ? 'the workspace' : shownDir}. Write one (\`cat > Dockerfile <<'EOF'\` … \`EOF\`), or point at it with -f.`)], 1);
  }
  const buildArgs = new Map(flagAll(p, 'build-arg').map((a) => { const i = a.indexOf('='); return i < 0 ? [a, ctx.env.get(a) ?? ''] : [a.slice(0, i), a.slice(i + 1)]; }));
  const ignore = dockerignoreMatcher(fs.read(`${contextDir}/.dockerignore`));
  const located = fs.locate(contextDir);
  const context = readContext(located.fs, located.rel, ignore);
  const legacy = ctx.env.get('DOCKER_BUILDKIT') === '0';
  const options: BuildOptions = { dockerfileName, dockerfile, context: context.files, buildArgs, noCache: bool(p, 'no-cache'), target: flag(p, 'target'), legacy };
  const report = ctx.world.docker.build(options, tags);
  ctx.world.advance(report.totalMs);
  const presentation = { report, dockerfileName, names: tags.map(canonical) };
  const teach: Line[] = [];
  if (context.truncated) teach.push(hint(truncatedHint(contextDir === WORKSPACE ? '' : shownDir)));
  if (report.failure?.kind === 'copy-missing') teach.push(hint(`COPY reads from the build context (${contextDir === WORKSPACE ? 'the workspace' : shownDir}), and ${report.failure.source.slice(1)} is not there${options.context.has('.dockerignore') ? ' — or .dockerignore leaves it out' : ''}${context.truncated ? ' — or it was past the file limit' : ''}. \`ls\` shows what is.`));
  if (report.failure?.kind === 'base' && (report.failure.why === 'no-tag' || report.failure.why === 'no-repository')) teach.push(hint(`The FROM image must already exist in a registry (or locally): check its name and tag.`));
  if (report.failure?.kind === 'run' && report.failure.exitCode === 127) teach.push(hint(`A RUN step runs inside the image being built: the command must exist in the base image${/apt-get|apk/.test(report.failure.process) ? ' — Alpine uses apk, Debian and Ubuntu use apt-get' : ''}.`));
  if (legacy) {
    const cache = ctx.world.docker.buildCache;
    const committed = (id: string): boolean => { const seen = cache.has(`legacy:${id}`); cache.set(`legacy:${id}`, { layer: undefined, files: undefined, cwd: '/' }); return seen; };
    const r = renderLegacyBuild(report, tags.map(canonical), contextTarBytes(context.files), committed, options.noCache);
    const notice = LEGACY_NOTICE.map(err);
    if (quiet) return report.image ? result([...notice, out(report.image.id), ...teach]) : result([...notice, ...(r.error ? [err(r.error)] : []), ...teach], 1);
    return result([...notice, ...r.out.map(out), ...(r.error ? [err(r.error)] : []), ...teach], report.image ? 0 : 1);
  }
  if (quiet) {
    // -q discards the progress display: only the image id, or the error and its excerpt.
    if (report.image) return result([out(report.image.id), ...teach]);
    const f = report.failure;
    const at = f && ('step' in f ? { from: f.step.instruction.line, to: f.step.instruction.endLine } : 'line' in f && f.line !== undefined ? { from: f.line, to: f.line } : undefined);
    const lines = [...(at ? excerpt(report.lines, dockerfileName, at.from, at.to) : []), `ERROR: failed to build: failed to solve: ${f ? failureTexts(f, report).final : ''}`];
    return result([...lines.map(err), ...teach], 1);
  }
  const plain = renderBuildPlain(presentation).map(err);
  const tty = plainProgress ? plain : renderBuildTty(presentation, ctx.width).map(err);
  return result([...plain, ...teach], report.image ? 0 : 1, [...tty, ...teach]);
}

function createdColumn(ms: number, now: number): string {
  return `${humanDuration(Math.max(0, now - ms))} ago`;
}

/** When an image was made, for CREATED columns: pulled images carry their build time, built ones the store time. */
const createdOf = (s: StoredImage): number => (s.image.created < 1e12 ? s.addedAt : s.image.created);

function images(args: string[], ctx: CommandContext, path = 'docker images'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.images);
  if (isResult(p)) return p;
  if (p.positional.length > 1) return argError(path, 'max', 1);
  const now = ctx.world.clock.now();
  const filterRepo = p.positional[0];
  const rows: Array<{ repo: string; tag: string; digest: string; id: string; created: number; size: number }> = [];
  for (const s of ctx.world.docker.store.all()) {
    const created = createdOf(s);
    const digestOf = (repo: string): string => {
      const rd = s.repoDigests.map((d) => parseReference(d)).find((d) => familiarRepository(d) === repo);
      return rd?.digest ?? '<none>';
    };
    const repos = new Set<string>();
    for (const t of s.tags) {
      const r = parseReference(t);
      const repo = familiarRepository(r);
      repos.add(repo);
      rows.push({ repo, tag: r.tag ?? '<none>', digest: digestOf(repo), id: s.image.id, created, size: imageSize(s.image) });
    }
    // Pulled by digest only: Docker lists the repository with no tag.
    for (const d of s.repoDigests) {
      const repo = familiarRepository(parseReference(d));
      if (!repos.has(repo)) { repos.add(repo); rows.push({ repo, tag: '<none>', digest: digestOf(repo), id: s.image.id, created, size: imageSize(s.image) }); }
    }
    if (repos.size === 0) rows.push({ repo: '<none>', tag: '<none>', digest: '<none>', id: s.image.id, created, size: imageSize(s.image) });
  }
  const shown = rows.filter((r) => !filterRepo || r.repo === filterRepo || `${r.repo}:${r.tag}` === filterRepo)
    .sort((a, b) => b.created - a.created || a.repo.localeCompare(b.repo) || a.tag.localeCompare(b.tag));
  const idOf = (id: string): string => (bool(p, 'no-trunc') ? id : shortId(id));
  if (bool(p, 'quiet')) return result([...new Set(shown.map((r) => idOf(r.id)))].map(out));
  const format = flag(p, 'format');
  if (format !== undefined && format !== '' && format !== 'table') {
    const fields = shown.map((r) => ({ Repository: r.repo, Tag: r.tag, ID: idOf(r.id), Digest: r.digest, CreatedSince: createdColumn(r.created, now), CreatedAt: goDate(r.created),
      Size: humanSize(r.size), VirtualSize: humanSize(r.size), SharedSize: 'N/A', UniqueSize: 'N/A', Containers: 'N/A' }));
    return templateList(format, fields, { Repository: 'REPOSITORY', Tag: 'TAG', ID: 'IMAGE ID', Digest: 'DIGEST', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', Size: 'SIZE', VirtualSize: 'SIZE', SharedSize: 'SHARED SIZE', UniqueSize: 'UNIQUE SIZE', Containers: 'CONTAINERS' }, '*formatter.imageContext');
  }
  const digests = bool(p, 'digests');
  const table = dockerTable([['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'],
    ...shown.map((r) => [r.repo, r.tag, ...(digests ? [r.digest] : []), idOf(r.id), createdColumn(r.created, now), humanSize(r.size)])]);
  return result(table.map(out));
}

/** `--format` for list commands over docker/cli's formatter context `typeName`, or Go's template error. */
function templateList(format: string, rows: ReadonlyArray<Record<string, GoValue>>, headers: Record<string, string>, typeName: string): CommandResult {
  try {
    return result(listFormat(format, rows, headers, (r) => dockerTable(r), typeName).map(out));
  } catch (e) {
    if (e instanceof TemplateError) return result([err(`template parsing error: ${e.message}`)], 1);
    throw e;
  }
}

function tag(args: string[], ctx: CommandContext, path = 'docker tag'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.tag);
  if (isResult(p)) return p;
  if (p.positional.length !== 2) return argError(path, 'exact', 2);
  const [src, dst] = p.positional as [string, string];
  let target: ImageRef;
  try {
    target = parseReference(dst);
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    return result([err(`Error parsing reference: "${dst}" is not a valid repository/tag: ${e.message}`)], 1);
  }
  if (target.digest !== undefined) return result([err('Error parsing reference: "' + dst + '" is not a valid repository/tag: refusing to create a tag with a digest reference')], 1);
  const stored = ctx.world.docker.store.find(src);
  if (!stored) {
    const s = parseRef(src);
    return daemonError(`No such image: ${isResult(s) ? src : familiar(withDefaultTag(s))}`);
  }
  ctx.world.docker.store.tag(stored, withDefaultTag(target));
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'Docker Engine', action: `tag ${dst}`, why: `gave image ${shortId(stored.image.id)} one more name; no bytes were copied` });
  return result([]);
}

function rmi(args: string[], ctx: CommandContext, path = 'docker rmi'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.rmi);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return argError(path, 'min', 1);
  const force = bool(p, 'force');
  const lines: Line[] = [];
  const errors: string[] = [];
  const teach: Line[] = [];
  let fatal = false;
  for (const name of p.positional) {
    const r = ctx.world.docker.deleteImage(name, force);
    if (!r.ok) {
      errors.push(`Error response from daemon: ${r.message}`);
      if (!r.notFound) fatal = true;
      if (/being used by running container|is using its referenced image/.test(r.message)) {
        teach.push(hint('A container still uses this image. `docker ps -a` lists containers; stop and remove the container first (`docker rm -f NAME`), then remove the image.'));
      }
      continue;
    }
    for (const rec of r.records) lines.push(out('untagged' in rec ? `Untagged: ${rec.untagged}` : `Deleted: ${rec.deleted}`));
  }
  // The CLI prints the errors after everything that worked; -f makes only "No such image" non-fatal.
  const code = errors.length > 0 && (!force || fatal) ? 1 : 0;
  return result([...lines, ...errors.map(err), ...teach], code);
}

/** docker/cli's formatter.Ellipsis: cut to width-1 characters and an ellipsis. */
function ellipsis(text: string, width: number): string {
  const chars = [...text];
  return chars.length <= width ? text : `${chars.slice(0, width - 1).join('')}…`;
}

function history(args: string[], ctx: CommandContext, path = 'docker history'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.history);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return argError(path, 'exact', 1);
  const name = p.positional[0] as string;
  const stored = ctx.world.docker.store.find(name);
  if (!stored) {
    const r = parseRef(name);
    return daemonError(`No such image: ${isResult(r) ? name : familiar(withDefaultTag(r))}`);
  }
  const now = ctx.world.clock.now();
  const noTrunc = bool(p, 'no-trunc');
  const layers = [...stored.image.layers];
  const rows = imageHistory(stored.image).map((h) => ({ ...h, size: h.emptyLayer ? 0 : (layers.shift()?.unpacked ?? 0) })).reverse();
  const idOf = (i: number): string => (i > 0 ? '<missing>' : noTrunc ? stored.image.id : shortId(stored.image.id));
  if (bool(p, 'quiet')) return result(rows.map((_r, i) => out(idOf(i))));
  const human = flag(p, 'human') !== 'false';
  const table = rows.map((r, i) => {
    const by = r.createdBy.replace(/\t/g, ' ');
    return [idOf(i), human ? createdColumn(r.created || createdOf(stored), now) : goTime(r.created || createdOf(stored)).replace(/\.\d+Z$/, 'Z'),
      noTrunc ? by : ellipsis(by, 45), human ? humanSize(r.size) : String(r.size), r.comment];
  });
  const format = flag(p, 'format');
  if (format !== undefined && format !== '' && format !== 'table') {
    return templateList(format, table.map(([id, created, by, size, comment]) => ({ ID: id as string, CreatedSince: created as string, CreatedAt: created as string, CreatedBy: by as string, Size: size as string, Comment: comment as string })),
      { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT', CreatedBy: 'CREATED BY', Size: 'SIZE', Comment: 'COMMENT' }, '*image.historyContext');
  }
  // Through Go's tabwriter itself: an empty COMMENT leaves the padding after SIZE, and a heredoc's
  // newlines in CREATED BY break the row (and realign the next ones) as they do for real.
  return result(dockerTable([['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'], ...table]).map(out));
}

/** Go types of the inspect fields whose nil value prints as `[]` or `map[]` rather than `<no value>`. */
const INSPECT_TYPES = {
  slices: new Set(['Cmd', 'Entrypoint', 'Env', 'Args', 'RepoTags', 'RepoDigests', 'Layers', 'OnBuild', 'Shell']),
  maps: new Set(['Volumes', 'Labels', 'ExposedPorts', 'Ports']),
};

function portMap(c: Container): Record<string, Array<{ HostIp: string; HostPort: string }>> {
  const map: Record<string, Array<{ HostIp: string; HostPort: string }>> = {};
  // Go's encoding/json writes map keys sorted.
  for (const b of [...c.ports].sort((x, y) => (`${x.containerPort}/${x.proto}` < `${y.containerPort}/${y.proto}` ? -1 : 1))) {
    const key = `${b.containerPort}/${b.proto}`;
    const list = map[key] ?? [];
    if (b.hostIp === '') list.push({ HostIp: '0.0.0.0', HostPort: String(b.hostPort) }, { HostIp: '::', HostPort: String(b.hostPort) });
    else list.push({ HostIp: b.hostIp, HostPort: String(b.hostPort) });
    map[key] = list;
  }
  return map;
}

function containerDoc(c: Container): Record<string, unknown> {
  const img = c.image.config;
  const env = new Map(img.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
  for (const [k, v] of c.request.env) env.set(k, v);
  const running = c.exitCode === undefined;
  const entrypoint = c.request.entrypoint !== undefined ? (c.request.entrypoint ? [c.request.entrypoint] : null) : (img.entrypoint ? [...img.entrypoint] : null);
  const cmd = c.request.args.length > 0 ? [...c.request.args] : c.request.entrypoint !== undefined ? null : (img.cmd ? [...img.cmd] : null);
  return {
    Id: c.id, Created: goTime(c.created), Path: c.argv[0] ?? '', Args: c.argv.slice(1),
    State: {
      Status: running ? 'running' : c.neverStarted ? 'created' : 'exited', Running: running, Paused: false, Restarting: false, OOMKilled: false, Dead: false,
      Pid: running ? 1000 + (parseInt(c.id.slice(0, 4), 16) % 30000) : 0, ExitCode: c.exitCode ?? 0, Error: '',
      StartedAt: c.neverStarted ? '0001-01-01T00:00:00Z' : goTime(c.startedAt), FinishedAt: c.finishedAt === undefined ? '0001-01-01T00:00:00Z' : goTime(c.finishedAt),
    },
    Image: c.image.id, Name: `/${c.name}`, RestartCount: 0,
    Config: {
      Hostname: c.id.slice(0, 12), Domainname: '', User: c.request.user ?? img.user, AttachStdin: false, AttachStdout: true, AttachStderr: true,
      ...(img.exposedPorts.length || c.ports.length ? { ExposedPorts: Object.fromEntries([...new Set([...img.exposedPorts, ...c.ports.map((b) => `${b.containerPort}/${b.proto}`)])].sort().map((x) => [x, {}])) } : {}),
      Tty: false, OpenStdin: false, StdinOnce: false, Env: [...env].map(([k, v]) => `${k}=${v}`), Cmd: cmd, Image: c.imageName, Volumes: null,
      WorkingDir: img.workingDir === '/' ? '' : img.workingDir, Entrypoint: entrypoint, OnBuild: null, Labels: Object.keys(img.labels).length ? img.labels : {},
    },
    NetworkSettings: { Ports: portMap(c) },
  };
}

function imageDoc(stored: StoredImage): Record<string, unknown> {
  const img = stored.image;
  return {
    Id: img.id, RepoTags: stored.tags.map((t) => familiar(parseReference(t))), RepoDigests: stored.repoDigests.map((d) => familiar(parseReference(d))),
    Parent: '', Comment: 'buildkit.dockerfile.v0', Created: goTime(createdOf(stored)),
    DockerVersion: '', Author: '',
    Config: { Hostname: '', Domainname: '', User: img.config.user, AttachStdin: false, AttachStdout: false, AttachStderr: false,
      ...(img.config.exposedPorts.length ? { ExposedPorts: Object.fromEntries([...img.config.exposedPorts].sort().map((x) => [x, {}])) } : {}),
      Tty: false, OpenStdin: false, StdinOnce: false, Env: img.config.env, Cmd: img.config.cmd ?? null, Image: '', Volumes: null,
      WorkingDir: img.config.workingDir === '/' ? '' : img.config.workingDir, Entrypoint: img.config.entrypoint ?? null, OnBuild: null,
      Labels: Object.keys(img.config.labels).length ? img.config.labels : null, ...(img.config.stopSignal ? { StopSignal: img.config.stopSignal } : {}) },
    Architecture: 'amd64', Os: 'linux', Size: imageSize(img),
    GraphDriver: { Data: null, Name: 'overlay2' },
    RootFS: { Type: 'layers', Layers: img.layers.map(diffId) },
    Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
  };
}

function inspect(args: string[], ctx: CommandContext, path = 'docker inspect'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.inspect);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return argError(path, 'min', 1);
  const type = flag(p, 'type');
  if (type !== undefined && !['container', 'image'].includes(type)) return result([err(`"${type}" is not a valid value for --type`)], 1);
  // docker/cli cli/command/inspect/inspector.go: "" indents, "json" is compact, anything else is
  // a template — a parse error ends the command (status 64), an element's execution error joins
  // the not-found errors, and an empty output is still one newline.
  const format = flag(p, 'format') ?? '';
  let template: ((doc: unknown) => string) | undefined;
  if (format !== '' && format !== 'json') {
    try {
      template = inspectTemplate(format, INSPECT_TYPES);
    } catch (e) {
      if (e instanceof TemplateError) return result([err(`template parsing error: ${e.message}`)], 64);
      throw e;
    }
  }
  const docs: unknown[] = [];
  const lines: Line[] = [];
  const errors: Line[] = [];
  for (const name of p.positional) {
    const container = type === 'image' ? undefined : ctx.world.docker.findContainer(name);
    const stored = container || type === 'container' ? undefined : ctx.world.docker.store.find(name);
    if (!container && !stored) { errors.push(err(`Error: No such ${type ?? 'object'}: ${name}`)); continue; }
    const doc = container ? containerDoc(container) : imageDoc(stored as StoredImage);
    if (!template) { docs.push(doc); continue; }
    try {
      lines.push(...template(doc).split('\n').map(out));
    } catch (e) {
      if (e instanceof TemplateError) errors.push(err(`template parsing error: ${e.message}`));
      else throw e;
    }
  }
  const code = errors.length ? 1 : 0;
  if (template) return result([...(lines.length ? lines : [out('')]), ...errors], code);
  if (docs.length === 0) return result([out('[]'), ...errors], 1);
  if (format === 'json') return result([out(JSON.stringify(docs)), ...errors], code);
  return result([...JSON.stringify(docs, null, 4).split('\n').map(out), ...errors], code);
}

function psCommand(c: Container, noTrunc = false): string {
  const text = c.argv.join(' ');
  return `"${noTrunc ? text : ellipsis(text, 20)}"`;
}

function statusColumn(c: Container, now: number): string {
  if (c.neverStarted) return 'Created';
  return c.exitCode === undefined ? `Up ${humanDuration(now - c.startedAt)}` : `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`;
}

function ps(args: string[], ctx: CommandContext, path = 'docker ps'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.ps);
  if (isResult(p)) return p;
  const now = ctx.world.clock.now();
  let list = ctx.world.docker.containers.filter((c) => bool(p, 'all') || bool(p, 'latest') || c.exitCode === undefined).slice().reverse();
  if (bool(p, 'latest')) list = list.slice(0, 1);
  const noTrunc = bool(p, 'no-trunc');
  const id = (c: Container): string => (noTrunc ? c.id : c.id.slice(0, 12));
  if (bool(p, 'quiet')) return result(list.map((c) => out(id(c))));
  const format = flag(p, 'format');
  if (format !== undefined && format !== '' && format !== 'table') {
    return templateList(format, list.map((c) => ({
      ID: id(c), Image: c.imageName, Command: psCommand(c, noTrunc), CreatedAt: goDate(c.created), RunningFor: createdColumn(c.created, now),
      Ports: c.exitCode === undefined ? portsColumn(c) : '', Status: statusColumn(c, now), State: c.exitCode === undefined ? 'running' : c.neverStarted ? 'created' : 'exited', Names: c.name, Size: '0B',
      // docker/cli formatter/container.go: labels sorted and joined; no volumes; the default bridge; no platform with the classic image store.
      Labels: Object.entries(c.image.config.labels).map(([k, v]) => `${k}=${v}`).sort().join(','), Mounts: '', LocalVolumes: '0', Networks: 'bridge', Platform: null,
    })), { ID: 'CONTAINER ID', Image: 'IMAGE', Command: 'COMMAND', CreatedAt: 'CREATED AT', RunningFor: 'CREATED', Ports: 'PORTS', Status: 'STATUS', State: 'STATE', Names: 'NAMES', Size: 'SIZE', Labels: 'LABELS', Mounts: 'MOUNTS', LocalVolumes: 'LOCAL VOLUMES', Networks: 'NETWORKS', Platform: 'PLATFORM' }, '*formatter.ContainerContext');
  }
  const rows = list.map((c) => [id(c), c.imageName, psCommand(c, noTrunc), createdColumn(c.created, now), statusColumn(c, now), c.exitCode === undefined ? portsColumn(c) : '', c.name]);
  return result(dockerTable([['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...rows]).map(out));
}

/**
 * docker/cli's DisplayablePorts: ports sorted by container port, IP, host port; same-number
 * mappings and bare exposed ports grouped (`0.0.0.0:5000->5000/tcp`, `80/tcp`), other mappings after.
 */
function portsColumn(c: Container): string {
  interface P { ip: string; pub: number; priv: number; type: string }
  const ports: P[] = [];
  for (const b of c.ports) {
    if (b.hostIp === '') ports.push({ ip: '0.0.0.0', pub: b.hostPort, priv: b.containerPort, type: b.proto }, { ip: '::', pub: b.hostPort, priv: b.containerPort, type: b.proto });
    else ports.push({ ip: b.hostIp, pub: b.hostPort, priv: b.containerPort, type: b.proto });
  }
  for (const e of c.image.config.exposedPorts) {
    const [num, type = 'tcp'] = e.split('/');
    if (!c.ports.some((b) => b.containerPort === Number(num) && b.proto === type)) ports.push({ ip: '', pub: 0, priv: Number(num), type });
  }
  ports.sort((a, b) => a.priv - b.priv || (a.ip < b.ip ? -1 : a.ip > b.ip ? 1 : 0) || a.pub - b.pub || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0));
  const host = (ip: string): string => (ip.includes(':') ? `[${ip}]` : ip);
  const groups = new Map<string, { first: number; last: number }>();
  const result: string[] = [];
  const mappings: string[] = [];
  const form = (key: string, g: { first: number; last: number }): string => {
    const [ip, type] = key.includes('|') ? key.split('|') as [string, string] : ['', key];
    const range = g.first === g.last ? String(g.first) : `${g.first}-${g.last}`;
    return ip ? `${host(ip)}:${range}->${range}/${type}` : `${range}/${type}`;
  };
  for (const pt of ports) {
    let key = pt.type;
    if (pt.ip !== '') {
      if (pt.pub !== pt.priv) { mappings.push(`${host(pt.ip)}:${pt.pub}->${pt.priv}/${pt.type}`); continue; }
      key = `${pt.ip}|${pt.type}`;
    }
    const g = groups.get(key);
    if (!g) { groups.set(key, { first: pt.priv, last: pt.priv }); continue; }
    if (pt.priv === g.last + 1) { g.last = pt.priv; continue; }
    result.push(form(key, g));
    groups.set(key, { first: pt.priv, last: pt.priv });
  }
  for (const [key, g] of groups) result.push(form(key, g));
  return [...result, ...mappings].join(', ');
}

/** go-connections nat.ParsePortSpec, as `docker run -p` uses it: the same checks, the same words. */
function parsePublish(spec: string, allocate: () => number): PortBinding[] | string {
  const parts = spec.split(':');
  const n = parts.length;
  let ip = n >= 3 ? parts.slice(0, n - 2).join(':') : '';
  const hostPort = n >= 2 ? (parts[n - 2] as string) : '';
  const rawContainer = parts[n - 1] as string;
  const slash = rawContainer.split('/');
  const containerPort = slash[0] as string;
  const proto = slash.length > 1 && slash[1] !== '' ? (slash[1] as string) : 'tcp';
  if (ip.startsWith('[') && ip.endsWith(']')) ip = ip.slice(1, -1);
  if (ip !== '' && !/^(\d{1,3}\.){3}\d{1,3}$/.test(ip) && !/^[0-9a-fA-F:]+$/.test(ip)) return `invalid IP address: ${ip}`;
  if (containerPort === '') return `no port specified: ${spec}<empty>`;
  const range = (text: string): [number, number] | undefined => {
    const m = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) return undefined;
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    return a > 65535 || b > 65535 || b < a ? undefined : [a, b];
  };
  const cr = range(containerPort);
  if (!cr) return `invalid containerPort: ${containerPort}`;
  const hr = hostPort === '' ? undefined : range(hostPort);
  if (hostPort !== '' && !hr) return `invalid hostPort: ${hostPort}`;
  if (hr && hr[1] - hr[0] !== cr[1] - cr[0] && cr[0] !== cr[1]) return `invalid ranges specified for container and host Ports: ${containerPort} and ${hostPort}`;
  if (!['tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) return `invalid proto: ${proto}`;
  const out: PortBinding[] = [];
  for (let i = 0; i <= cr[1] - cr[0]; i++) {
    out.push({ hostIp: ip, hostPort: hr ? hr[0] + i : allocate(), containerPort: cr[0] + i, proto: proto.toLowerCase() });
  }
  return out;
}

/**
 * The daemon's answer when a starting container cannot publish a port, or undefined when it can
 * (moby 28.2: daemon/start_linux.go's "failed to set up container networking" around
 * libnetwork/endpoint.go's "driver failed programming external connectivity on endpoint NAME
 * (ENDPOINT-ID)", around the bridge driver's allocator or bind(2) error — see portConflict).
 */
function publishFailure(ctx: CommandContext, b: PortBinding): ((containerName: string) => string) | undefined {
  const docker = ctx.world.docker;
  const conflict = docker.portConflict(b);
  if (!conflict) return undefined;
  // libnetwork's PortBinding.String(): HostIP:HostPort:IP:Port/Proto, IPv6 in brackets.
  const host = conflict.ip.includes(':') ? `[${conflict.ip}]` : conflict.ip;
  const cause = conflict.reason === 'allocated'
    ? `Bind for ${conflict.ip}:${b.hostPort} failed: port is already allocated`
    : `failed to bind host port for ${host}:${b.hostPort}:${docker.bridgeAddress()}:${b.containerPort}/${b.proto}: address already in use`;
  return (containerName) => `Error response from daemon: failed to set up container networking: driver failed programming external connectivity on endpoint ${containerName} (${docker.endpointId()}): ${cause}`;
}

const isRegistry = (c: { image: { behaviour: { kind: string; name?: string } } }): boolean => c.image.behaviour.kind === 'server' && c.image.behaviour.name === 'registry';

/** A registry container listening on a published port is a registry on the laptop, while it runs. */
function registryPorts(c: Container, world: CommandContext['world'], up: boolean): void {
  if (!isRegistry(c)) return;
  for (const b of c.ports) {
    if (b.containerPort !== 5000) continue;
    if (up) world.startLocalRegistry(b.hostPort); else world.stopLocalRegistry(b.hostPort);
  }
}

/**
 * An attached terminal (`docker run` in the foreground, `docker start -a`) waits for a process
 * that ends by itself within five minutes: the lines it prints meanwhile, and its exit code.
 * Longer ones are left running, as a server would be.
 */
function waitAttached(outcome: RunOutcome, ctx: CommandContext): { lines: Line[]; exitCode: number } | undefined {
  if (!outcome.later || outcome.later.afterMs > 300_000) return undefined;
  ctx.world.advance(outcome.later.afterMs);
  return { lines: outcome.later.lines.map((l) => out(l.text)), exitCode: outcome.later.exitCode };
}

function run(args: string[], ctx: CommandContext, path = 'docker run'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.run, true);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return argError(path, 'min', 1);
  const [imageText, ...cmdArgs] = p.positional as [string, ...string[]];
  let typed: ImageRef;
  try {
    typed = parseReference(imageText);
  } catch (e) {
    if (e instanceof ReferenceError) return runError(e.message);
    throw e;
  }
  const ref = withDefaultTag(typed);
  const docker = ctx.world.docker;
  // The CLI parses -p before it talks to the daemon; host ports are only picked once the container starts.
  let pending = 0;
  for (const spec of flagAll(p, 'publish')) {
    const parsed = parsePublish(spec, () => ++pending);
    if (typeof parsed === 'string') {
      const r = runError(parsed);
      return result([...r.lines, hint('-p takes HOST_PORT:CONTAINER_PORT (e.g. 8080:80), optionally IP:HOST_PORT:CONTAINER_PORT and /udp; ports go from 1 to 65535.')], r.exitCode);
    }
  }
  const name = flag(p, 'name');
  if (name !== undefined && docker.containers.some((c) => c.name === name)) {
    const c = docker.containers.find((x) => x.name === name) as Container;
    return runError(`Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${c.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  const lines: Line[] = [];
  const tty: Line[] = [];
  // An image id, whole (`sha256:9924…`, as a build without -t prints it) or a prefix, names a local image.
  let stored = docker.store.findRef(ref) ?? (/^(sha256:)?[a-f0-9]{4,64}$/.test(imageText) ? docker.store.find(imageText) : undefined);
  const pullPolicy = flag(p, 'pull') ?? 'missing';
  if (!stored || pullPolicy === 'always') {
    if (pullPolicy === 'never') return runError(`Error response from daemon: No such image: ${familiar(ref)}`);
    if (!stored) { lines.push(err(`Unable to find image '${familiar(ref)}' locally`)); tty.push(err(`Unable to find image '${familiar(ref)}' locally`)); }
    const r = pullLines(ctx, ref, 'err');
    if (!r.ok) return result([...lines, ...runError(`Error response from daemon: ${r.message}`).lines], 125);
    lines.push(...r.lines);
    tty.push(...r.tty);
    stored = r.stored;
  }
  const ports = flagAll(p, 'publish').flatMap((spec) => parsePublish(spec, () => docker.allocatePort()) as PortBinding[]);
  const env = flagAll(p, 'env').map((e): [string, string] => { const i = e.indexOf('='); return i < 0 ? [e, ctx.env.get(e) ?? ''] : [e.slice(0, i), e.slice(i + 1)]; });
  const detach = bool(p, 'detach');
  for (const b of ports) {
    const failure = publishFailure(ctx, b);
    if (!failure) continue;
    // The CLI created the container, then its start failed: it stays, Created (docker/cli
    // run.go prints a detached container's id before it asks for the start).
    const created = docker.createOnly(stored, imageText, { args: cmdArgs, entrypoint: flag(p, 'entrypoint'), env, name: name ?? docker.newContainerName(), ports, autoRemove: bool(p, 'rm'), user: flag(p, 'user') });
    const r = runError(failure(created.name));
    return result([...lines, ...(detach ? [out(created.id)] : []), ...r.lines,
      hint(`Another running container already publishes port ${b.hostPort} (\`docker ps\` shows it): stop it, or pick another host port, e.g. -p ${b.hostPort + 1}:${b.containerPort}.`)], r.exitCode);
  }
  const { container, outcome } = docker.run(stored, imageText, {
    args: cmdArgs, entrypoint: flag(p, 'entrypoint'), env, name, ports, interactive: bool(p, 'interactive') && bool(p, 'tty'), autoRemove: bool(p, 'rm'), user: flag(p, 'user'),
  });
  if (outcome.notFound !== undefined) {
    const msg = outcome.notFound === '' ? 'Error response from daemon: no command specified'
      : `Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${outcome.notFound}": executable file not found in $PATH: unknown`;
    const r = runError(msg, outcome.notFound === '' ? 125 : 127);
    return result([...lines, ...r.lines], r.exitCode);
  }
  if (outcome.exitCode === undefined) registryPorts(container, ctx.world, true);
  ctx.world.advance(400);
  if (detach) {
    const idLine = out(container.id);
    return result([...lines, idLine], 0, [...tty, idLine]);
  }
  const body = outcome.output.map(out);
  if (outcome.interactive) {
    // `-it` with a shell: the container's shell takes the terminal until `exit`, which ends the container.
    const prog = container.argv[container.argv.length - 1] ?? '';
    const execCtx = containerExecContext(ctx, container, {});
    const flavour = isBareShell([prog]) ? shellFlavour(execCtx, prog) : undefined;
    if (flavour) {
      const enter = { flavour, exec: execCtx, leave: (code: number): CommandResult => { stopContainer(container, ctx, code); return result([], code); } };
      return { lines, exitCode: 0, ttyLines: tty, enter };
    }
    const note = hint(`An interactive ${prog} prompt inside a container is not simulated. Run single commands instead, e.g. \`docker run --rm ${imageText} ${prog} --version\`.`);
    return result([...lines, note], 0, [...tty, note]);
  }
  const waited = waitAttached(outcome, ctx);
  if (waited) return result([...lines, ...body, ...waited.lines], waited.exitCode, [...tty, ...body, ...waited.lines]);
  if (outcome.exitCode === undefined) {
    const note = hint(`The container keeps running in the foreground; in a real terminal you would stop it with Ctrl-C. Here it goes on in the background: \`docker ps\` lists it, \`docker stop ${container.name}\` stops it. Next time add -d.`);
    return result([...lines, ...body, note], 0, [...tty, ...body, note]);
  }
  return result([...lines, ...body], outcome.exitCode, [...tty, ...body]);
}

function logs(args: string[], ctx: CommandContext, path = 'docker logs'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.logs);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return argError(path, 'exact', 1);
  const name = p.positional[0] as string;
  const c = ctx.world.docker.findContainer(name);
  if (!c) return daemonError(`No such container: ${name}`);
  const tail = flag(p, 'tail');
  if (tail !== undefined && tail !== 'all' && !/^-?\d+$/.test(tail)) return result([err(`invalid value for "tail": strconv.Atoi: parsing "${tail}": invalid syntax`)], 1);
  const lines = tail !== undefined && tail !== 'all' && Number(tail) >= 0 ? (Number(tail) === 0 ? [] : c.logs.slice(-Number(tail))) : c.logs;
  return result(lines.map(out));
}

/** The container's main process ends: servers exit 0 on SIGTERM, a plain program as PID 1 ignores it and is killed. */
/** How one container stops: how long docker waits, and the exit code then (undefined: it keeps running). */
interface StopPlan { readonly c: Container; readonly waitMs: number; readonly exitCode: number | undefined; readonly notes: Line[] }

/**
 * Stop a running container as the daemon does (daemon/stop.go): send the stop signal — the
 * image's STOPSIGNAL, or `-s` — and wait up to the timeout (10 s unless `-t`) for the process to
 * end, then SIGKILL. `docker kill` (no timeout) sends its signal, SIGKILL unless `-s`, and waits
 * for nothing: a process that ignores it keeps running.
 */
function stopPlan(c: Container, ctx: CommandContext, how: { signal?: string | undefined; timeoutS?: number }): StopPlan {
  if (c.exitCode !== undefined) return { c, waitMs: 0, exitCode: c.exitCode, notes: [] };
  const stop = stopOutcome(c.image, c.argv, how.signal ?? (how.timeoutS === undefined ? 'SIGKILL' : undefined));
  const own = c.endsAt !== undefined ? c.endsAt - ctx.world.clock.now() : Number.POSITIVE_INFINITY;
  if (how.timeoutS === undefined) return { c, waitMs: stop.exitCode === undefined ? 0 : stop.afterMs, exitCode: stop.exitCode, notes: [] };
  const limit = how.timeoutS < 0 ? Number.POSITIVE_INFINITY : how.timeoutS * 1000;
  const handled = stop.exitCode !== undefined && stop.afterMs <= limit;
  const waitMs = Math.min(own, handled ? stop.afterMs : limit);
  if (waitMs === Number.POSITIVE_INFINITY) {
    return { c, waitMs: 0, exitCode: undefined, notes: [hint(`${c.name} runs ${c.argv.join(' ')} as PID 1, which ignores ${stop.signal}: with -t -1, docker stop would wait for ever. \`docker kill ${c.name}\` sends SIGKILL.`)] };
  }
  return { c, waitMs, exitCode: handled ? stop.exitCode : 137, notes: [] };
}

/** Carry out stop plans together, as the CLI stops its arguments in parallel: the clock runs until the slowest has stopped. */
function halt(plans: readonly StopPlan[], ctx: CommandContext): void {
  const start = ctx.world.clock.now();
  // While docker waits, time passes: a process may end by itself meanwhile (settle ends it).
  ctx.world.advance(Math.max(0, ...plans.map((x) => x.waitMs)));
  for (const { c, waitMs, exitCode } of plans) if (exitCode !== undefined) stopContainer(c, ctx, exitCode, start + waitMs);
}

/** `-t`/`--timeout` (and the deprecated `--time`): seconds docker stop waits before SIGKILL. */
function stopTimeout(p: ParsedFlags, path: string): number | CommandResult {
  const text = flag(p, 'timeout') ?? flag(p, 'time');
  if (text === undefined) return 10;
  if (!/^-?\d+$/.test(text)) return result([err(`invalid argument "${text}" for "-t, --timeout" flag: strconv.ParseInt: parsing "${text}": invalid syntax`), err(`See '${path} --help'.`)], 125);
  return Number(text);
}

function stopOrRm(verb: 'stop' | 'rm' | 'kill', args: string[], ctx: CommandContext, path = `docker ${verb}`): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS[verb]);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return argError(path, 'min', 1);
  const timeoutS = stopTimeout(p, path);
  if (isResult(timeoutS)) return timeoutS;
  const lines: Line[] = [];
  const errors: Line[] = [];
  const plans: StopPlan[] = [];
  for (const name of p.positional) {
    const c = ctx.world.docker.findContainer(name);
    if (!c) { errors.push(err(`Error response from daemon: No such container: ${name}`)); continue; }
    if (verb === 'rm' && c.exitCode === undefined && !bool(p, 'force')) {
      errors.push(err(`Error response from daemon: cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`));
      continue;
    }
    if (verb === 'kill' && c.exitCode !== undefined) {
      errors.push(err(`Error response from daemon: cannot kill container: ${name}: container ${c.id} is not running`));
      continue;
    }
    const plan = verb === 'stop' ? stopPlan(c, ctx, { signal: flag(p, 'signal'), timeoutS }) : stopPlan(c, ctx, { signal: verb === 'kill' ? flag(p, 'signal') : 'SIGKILL' });
    plans.push(plan);
    lines.push(out(name), ...plan.notes);
  }
  halt(plans, ctx);
  if (verb === 'rm') for (const { c } of plans) if (ctx.world.docker.containers.includes(c)) ctx.world.docker.removeContainer(c);
  return result([...lines, ...errors], errors.length ? 1 : 0);
}

function startOrRestart(verb: 'start' | 'restart', args: string[], ctx: CommandContext, path = `docker ${verb}`): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS[verb]);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return argError(path, 'min', 1);
  const timeoutS = stopTimeout(p, path);
  if (isResult(timeoutS)) return timeoutS;
  const lines: Line[] = [];
  const errors: Line[] = [];
  const failed: string[] = [];
  for (const name of p.positional) {
    const c = ctx.world.docker.findContainer(name);
    if (!c) { errors.push(err(`Error response from daemon: No such container: ${name}`)); failed.push(name); continue; }
    if (verb === 'restart') {
      const plan = stopPlan(c, ctx, { signal: flag(p, 'signal'), timeoutS });
      lines.push(...plan.notes);
      halt([plan], ctx);
    }
    if (c.exitCode !== undefined) {
      const failure = c.ports.map((b) => publishFailure(ctx, b)).find((f) => f !== undefined);
      if (failure) {
        errors.push(err(failure(c.name)));
        failed.push(name);
        continue;
      }
      const outcome = ctx.world.docker.start(c);
      if (outcome.exitCode === undefined) registryPorts(c, ctx.world, true);
      if (bool(p, 'attach')) {
        lines.push(...outcome.output.map(out));
        const waited = waitAttached(outcome, ctx);
        if (waited) {
          lines.push(...waited.lines);
          if (p.positional.length === 1) return result(lines, waited.exitCode);
        }
        continue;
      }
    }
    if (!bool(p, 'attach')) lines.push(out(name));
  }
  // docker start sums up which containers failed; docker restart prints the daemon errors only.
  if (verb === 'start' && failed.length) errors.push(err(`Error: failed to start containers: ${failed.join(', ')}`));
  return result([...lines, ...errors], errors.length ? 1 : 0);
}

function exec(args: string[], ctx: CommandContext, path = 'docker exec'): CommandResult {
  const p = parse(path, args, DOCKER_FLAGS.exec, true);
  if (isResult(p)) return p;
  if (p.positional.length < 2) return argError(path, 'min', 2);
  const [name, ...argv] = p.positional as [string, ...string[]];
  const c = ctx.world.docker.findContainer(name);
  if (!c) return daemonError(`No such container: ${name}`);
  if (c.exitCode !== undefined) return daemonError(`container ${c.id} is not running`);
  const prog = argv[0] as string;
  const execCtx = containerExecContext(ctx, c, { env: flagAll(p, 'env'), workdir: flag(p, 'workdir'), user: flag(p, 'user') });
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'Docker Engine', action: `exec in ${c.name}`, why: 'started one more process inside the running container, sharing its files and network' });
  const flavour = /^(\/bin\/|\/usr\/bin\/)?(sh|bash|ash)$/.test(prog) ? shellFlavour(execCtx, prog) : undefined;
  const notFound = (): CommandResult => result([err(`OCI runtime exec failed: exec failed: unable to start container process: exec: "${prog}": executable file not found in $PATH: unknown`)], 127);
  if (isBareShell(argv)) {
    if (!flavour) return notFound();
    if (!bool(p, 'interactive')) return result([]);
    return { lines: [], exitCode: 0, enter: { flavour, exec: execCtx, leave: (code) => result([], code) } };
  }
  if (flavour && argv[1] === '-c') return runScript(execCtx, flavour, argv[2] ?? '', ctx.world);
  const r = runArgv(execCtx, argv);
  if (r.notFound) return notFound();
  if (bool(p, 'detach')) return result([]);
  if (r.durationMs >= 1000) ctx.world.advance(r.durationMs);
  return result([...r.output.map((text, i) => (r.errLines?.has(i) ? err(text) : out(text))), ...(r.teach ?? []).map(hint)], r.exitCode);
}

/** A container's programs, files (kept for its lifetime), environment and network, for exec and interactive shells. */
function containerExecContext(ctx: CommandContext, c: Container, o: { env?: readonly string[]; workdir?: string | undefined; user?: string | undefined }): ExecContext {
  const env = new Map(c.image.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
  for (const [k, v] of c.request.env) env.set(k, v);
  for (const e of o.env ?? []) { const i = e.indexOf('='); env.set(i < 0 ? e : e.slice(0, i), i < 0 ? (ctx.env.get(e) ?? '') : e.slice(i + 1)); }
  return {
    distro: c.image.distro, files: ctx.world.containerFiles(c.id, c.image), env, cwd: o.workdir ?? (c.image.config.workingDir || '/'), hostname: c.id.slice(0, 12),
    now: ctx.world.clock.now(), user: o.user ?? c.request.user ?? c.image.config.user,
    net: { request: (req) => ctx.world.network.request({ kind: 'docker', container: c }, req), advance: (ms) => ctx.world.advance(ms) },
  };
}

/** The container's main process ended with `code` (an interactive shell exited, it was stopped): a `--rm` container goes. */
function stopContainer(c: Container, ctx: CommandContext, code: number, at = ctx.world.clock.now()): void {
  if (c.exitCode !== undefined) return;
  c.exitCode = code;
  c.finishedAt = at;
  c.endsAt = undefined;
  registryPorts(c, ctx.world, false);
  if (c.autoRemove && ctx.world.docker.containers.includes(c)) ctx.world.docker.removeContainer(c);
}

const HELP = [
  'Usage:  docker [OPTIONS] COMMAND', '', 'A self-sufficient runtime for containers', '',
  'Common Commands:',
  '  run         Create and run a new container from an image',
  '  exec        Execute a command in a running container',
  '  ps          List containers',
  '  build       Build an image from a Dockerfile',
  '  pull        Download an image from a registry',
  '  push        Upload an image to a registry',
  '  images      List images',
  '  login       Authenticate to a registry',
  '  logout      Log out from a registry',
  '  version     Show the Docker version information',
  '', 'Also: tag, rmi, inspect, history, logs, start, restart, stop, rm, kill, image …, container …', '',
  "Run 'docker COMMAND --help' for more information on a command.",
];

/** docker.io/library/…: Docker Hub's official images, which only Docker publishes. */
const isOfficialImage = (ref: ImageRef): boolean => ref.domain === DOCKER_HUB && ref.path.startsWith('library/');

/**
 * Why a registry that accepted the login refused the push. Docker Hub's rule (ghcr.io's and
 * quay.io's are alike): an account pushes under its own name or an organisation's it belongs to,
 * and nobody pushes into `library/`, the official images. Not a law of registries: a `registry:2`
 * of your own takes any name.
 */
function deniedHint(ref: ImageRef, user: string | undefined): Line {
  const hub = ref.domain === DOCKER_HUB;
  const retag = `\`docker tag ${familiar(ref)} ${hub ? '' : `${ref.domain}/`}${user ?? 'NAME'}/${ref.path.split('/').pop()}:${ref.tag ?? 'latest'}\``;
  if (isOfficialImage(ref)) return hint(`\`${familiar(ref)}\` means docker.io/${ref.path}: Docker Hub's namespace for its official images, where no user may push. Push under your own name${user ? '' : ' (after `docker login`)'}: ${retag}.`);
  return hint(`You are logged in as "${user}": ${hub ? 'Docker Hub' : ref.domain} lets an account push only under its own name (or an organisation's it belongs to) — that registry's rule; a registry:2 of your own takes any name. Push under yours: ${retag}.`);
}

type Handler = (a: string[], c: CommandContext, path: string) => CommandResult;

/** The top-level commands kubetutor simulates (`build`, `buildx` and `version` are answered in `docker` itself). */
const COMMANDS: Record<Exclude<DockerCommand, 'build'>, Handler> = {
  pull, push, images, tag, rmi, inspect, history, login, logout, run, exec, ps, logs,
  stop: (a, c, path) => stopOrRm('stop', a, c, path), rm: (a, c, path) => stopOrRm('rm', a, c, path), kill: (a, c, path) => stopOrRm('kill', a, c, path),
  start: (a, c, path) => startOrRestart('start', a, c, path), restart: (a, c, path) => startOrRestart('restart', a, c, path),
};

/**
 * `docker image …` and `docker container …`: the verbs kubetutor simulates, each the top-level
 * command it runs as (`image ls` is `images`), and the real verbs it does not simulate
 * (docker/cli cli/command/image/cmd.go and container/cmd.go). `list`, `remove` and `container ps` are aliases.
 */
export const DOCKER_GROUPS: Readonly<Record<'image' | 'container', { readonly verbs: Readonly<Record<string, DockerCommand>>; readonly notSimulated: readonly string[] }>> = {
  image: {
    verbs: { ls: 'images', list: 'images', build: 'build', pull: 'pull', push: 'push', tag: 'tag', rm: 'rmi', remove: 'rmi', inspect: 'inspect', history: 'history' },
    notSimulated: ['import', 'load', 'prune', 'save'],
  },
  container: {
    verbs: { ls: 'ps', list: 'ps', ps: 'ps', run: 'run', logs: 'logs', exec: 'exec', inspect: 'inspect', stop: 'stop', rm: 'rm', remove: 'rm', kill: 'kill', start: 'start', restart: 'restart' },
    notSimulated: ['attach', 'commit', 'cp', 'create', 'diff', 'export', 'pause', 'port', 'prune', 'rename', 'stats', 'top', 'unpause', 'update', 'wait'],
  },
};

/** Real docker commands kubetutor does not simulate: the real "unknown command" would teach that they do not exist. */
const NOT_SIMULATED = new Set(['info', 'system', 'volume', 'network', 'compose', 'cp', 'save', 'load', 'commit', 'stats', 'top', 'attach', 'create', 'diff', 'events', 'export', 'import', 'pause', 'unpause', 'port', 'rename', 'update', 'wait', 'search', 'context', 'manifest', 'plugin', 'swarm', 'node', 'service', 'stack', 'secret', 'config', 'trust', 'scout', 'init', 'builder']);

/** Every top-level docker command, simulated or not (what Tab offers after `docker `). */
export const DOCKER_COMMAND_NAMES: readonly string[] = [...Object.keys(DOCKER_FLAGS), 'buildx', 'version', 'image', 'container', ...NOT_SIMULATED].sort();

/** `docker …` */
export function docker(args: string[], ctx: CommandContext): CommandResult {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return result(HELP.map(out));
  if (sub === '--version' || sub === '-v') return result([out(`Docker version ${DOCKER_VERSION}, build e6534b4`)]);
  ctx.world.advance(300);
  const simulated = Object.hasOwn(COMMANDS, sub) ? COMMANDS[sub as keyof typeof COMMANDS] : undefined;
  if (simulated) return simulated(rest, ctx, `docker ${sub}`);
  switch (sub) {
    case 'build': return buildCmd(rest, ctx);
    case 'buildx': {
      if (rest[0] === 'build' || rest[0] === 'b') return buildCmd(rest.slice(1), ctx);
      const lines = [err(`ERROR: unknown command: docker buildx ${rest[0] ?? ''}`.trimEnd())];
      return result([...lines, hint('kubetutor simulates `docker buildx build` only (which is what `docker build` runs).')], 1);
    }
    case 'version': return result([out('Client:'), out(` Version:           ${DOCKER_VERSION}`), out(' API version:       1.50'), out(' OS/Arch:           linux/amd64'), out(''),
      out('Server: Docker Engine - Community'), out(' Engine:'), out(`  Version:          ${DOCKER_VERSION}`), out('  API version:      1.50 (minimum version 1.24)'), out(' containerd:'), out('  Version:          1.7.27')]);
    case 'image': case 'container': {
      const [verb, ...more] = rest;
      const group = DOCKER_GROUPS[sub];
      const command = verb !== undefined && Object.hasOwn(group.verbs, verb) ? group.verbs[verb] : undefined;
      if (command === 'build') return buildCmd(more, ctx);
      if (command === 'inspect') return inspect(['--type', sub, ...more], ctx, `docker ${sub} ${verb}`);
      if (command) return COMMANDS[command](more, ctx, `docker ${sub} ${verb}`);
      if (verb === undefined || verb === '--help') return result([out(`Usage:  docker ${sub} COMMAND`), hint(`kubetutor simulates: ${Object.keys(group.verbs).join(', ')}.`)]);
      if (group.notSimulated.includes(verb)) return result([hint(`\`docker ${sub} ${verb}\` is a real Docker command; kubetutor does not simulate it.`)], 1);
      return result([err(`docker: unknown command: docker ${sub} ${verb}`), err(''), err(`Usage:  docker ${sub} COMMAND`), err(''), err(`Run 'docker ${sub} --help' for more information`)], 1);
    }
    default: {
      // A real command kubetutor lacks gets no fake "unknown command" (that would teach it does not exist).
      if (NOT_SIMULATED.has(sub)) return result([hint(`\`docker ${sub}\` is a real Docker command; kubetutor does not simulate it.`)], 1);
      const lines = [err(`docker: unknown command: docker ${sub}`), err(''), err("Run 'docker --help' for more information")];
      if (sub === 'deploy' || sub === 'apply') lines.push(hint('Docker Engine runs containers on its own machine (`docker stack deploy` spreads them over a Swarm, which kubetutor does not simulate); to run them on a Kubernetes cluster, describe them in a manifest and `kubectl apply -f` it.'));
      return result(lines, 1);
    }
  }
}
