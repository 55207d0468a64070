/**
 * The docker CLI (Docker 28.2, buildx ≥ 0.24, classic image store) over the simulated engine.
 * Output formats and error texts follow shared/reference/fidelity-facts.md and the real CLI.
 */
import { type BuildOptions } from '../sim/builder.ts';
import { shortId } from '../sim/digest.ts';
import type { Container } from '../sim/docker-engine.ts';
import { cleanPath } from '../sim/filesystem.ts';
import { imageSize } from '../sim/image.ts';
import type { StoredImage } from '../sim/image-store.ts';
import { canonical, familiar, familiarRepository, parseReference, ReferenceError, repositoryName, withDefaultTag, DOCKER_HUB, type ImageRef } from '../sim/image-ref.ts';
import { humanDuration, humanSize } from '../sim/units.ts';
import { HOME, type CommandContext } from './context.ts';
import { bool, flag, flagAll, FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';
import { renderBuildPlain, renderBuildTty } from './format/buildkit.ts';
import { dockerTable } from './format/table.ts';
import { pullEvents, pushEvents } from './format/transfer.ts';
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';

export const DOCKER_VERSION = '28.2.2';

/** Docker 28's wrapper for `docker run`/`create` errors. */
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

function usageError(command: string, e: FlagError): CommandResult {
  return result([err(e.message), err(`See 'docker ${command} --help'.`)], 125);
}

function parse(command: string, args: string[], specs: FlagSpec[], stop = false): ParsedFlags | CommandResult {
  try {
    return parseFlags(args, [...specs, { name: 'help' }], stop);
  } catch (e) {
    if (e instanceof FlagError) return usageError(command, e);
    throw e;
  }
}

const isResult = (x: unknown): x is CommandResult => typeof x === 'object' && x !== null && 'exitCode' in x && 'lines' in x;

function requiresArgs(command: string, usage: string, n: string): CommandResult {
  return result([err(`"docker ${command}" requires ${n}.`), err(`See 'docker ${command} --help'.`), err(''), err(`Usage:  docker ${command} ${usage}`)], 1);
}

function pullFailureMessage(ref: ImageRef, why: string): string {
  const host = ref.domain;
  const path = ref.path;
  switch (why) {
    case 'no-tag': case 'no-digest': return `manifest for ${familiar(ref)} not found: manifest unknown: manifest unknown`;
    case 'unauthorized':
      return host === DOCKER_HUB ? `pull access denied for ${familiarRepository(ref)}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`
        : `Head "https://${host}/v2/${path}/manifests/${ref.digest ?? ref.tag ?? 'latest'}": no basic auth credentials`;
    case 'no-such-host': return `Get "https://${host}/v2/": dial tcp: lookup ${host.replace(/:\d+$/, '')} on 127.0.0.53:53: no such host`;
    case 'connection-refused': return `Get "http://${host}/v2/": dial tcp [::1]:${host.split(':')[1] ?? '80'}: connect: connection refused`;
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

function pull(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('pull', args, [{ name: 'all-tags', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'platform', value: true }]);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return requiresArgs('pull', '[OPTIONS] NAME[:TAG|@DIGEST]', 'exactly 1 argument');
  const ref = parseRef(p.positional[0] as string);
  if (isResult(ref)) return ref;
  const pre: Line[] = ref.tag === undefined && ref.digest === undefined ? [out('Using default tag: latest')] : [];
  const r = pullLines(ctx, ref, 'out');
  if (!r.ok) return result([...pre, err(`Error response from daemon: ${r.message}`)], 1);
  const last = out(canonical(withDefaultTag(ref)));
  if (bool(p, 'quiet')) return result([last]);
  return result([...pre, ...r.lines, last], 0, [...pre, ...r.tty, last]);
}

function push(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('push', args, [{ name: 'all-tags', short: 'a' }, { name: 'quiet', short: 'q' }]);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) return requiresArgs('push', '[OPTIONS] NAME[:TAG]', 'exactly 1 argument');
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
      ? `Get "${outcome.why === 'connection-refused' ? 'http' : 'https'}://${ref.domain}/v2/": ${outcome.why === 'connection-refused' ? `dial tcp [::1]:${ref.domain.split(':')[1] ?? '80'}: connect: connection refused` : `dial tcp: lookup ${ref.domain} on 127.0.0.53:53: no such host`}`
      : outcome.why === 'unauthorized' && ref.domain !== DOCKER_HUB ? 'no basic auth credentials' : 'denied: requested access to the resource is denied';
    const teach = outcome.why === 'unauthorized'
      ? hint(`Pushing needs a login to ${ref.domain === DOCKER_HUB ? 'Docker Hub' : ref.domain}: \`docker login ${ref.domain === DOCKER_HUB ? '' : `${ref.domain} `}-u NAME --password-stdin\`.`.replace('  ', ' '))
      : outcome.why === 'denied' ? hint(`You are logged in as "${creds?.username}", and may push only under your own name: \`docker tag ${familiar(ref)} ${ref.domain === DOCKER_HUB ? '' : `${ref.domain}/`}${creds?.username}/${ref.path.split('/').pop()}:${ref.tag ?? 'latest'}\`.`)
      : hint(`There is no registry at ${ref.domain}. Check the name, or start one with \`docker run -d -p 5000:5000 registry:2\`.`);
    return result([...pre, head, ...ev.plain.map(out), err(message), teach], 1);
  }
  const digest = out(`${ref.tag ?? 'latest'}: digest: ${stored.image.manifestDigest} size: ${stored.image.manifestSize}`);
  ctx.world.advance(outcome.layers.filter((l) => l.state === 'pushed').reduce((n, l) => n + l.layer.size / 12_000, 200));
  return result([...pre, head, ...ev.plain.map(out), digest], 0, [...pre, head, ...ev.final, digest]);
}

function login(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('login', args, [{ name: 'username', short: 'u', value: true }, { name: 'password', short: 'p', value: true }, { name: 'password-stdin' }]);
  if (isResult(p)) return p;
  const server = p.positional[0];
  const host = server ? server.replace(/^https?:\/\//, '').replace(/\/.*$/, '').replace(/^index\.docker\.io$|^registry-1\.docker\.io$/, DOCKER_HUB) : DOCKER_HUB;
  const username = flag(p, 'username');
  const lines: Line[] = [];
  let password = flag(p, 'password');
  if (bool(p, 'password-stdin')) {
    if (password !== undefined) return result([err('--password and --password-stdin are mutually exclusive')], 1);
    if (!username) return result([err('Must provide --username with --password-stdin')], 1);
    password = (ctx.stdin ?? '').replace(/\r?\n$/, '');
  } else if (password !== undefined) {
    lines.push(err('WARNING! Using --password via the CLI is insecure. Use --password-stdin.'));
  }
  if (!username || password === undefined) {
    return result([err('Error: Cannot perform an interactive login from a non TTY device'),
      hint(`Give the user name and the password: \`echo "$PASSWORD" | docker login${server ? ` ${server}` : ''} -u NAME --password-stdin\` (or -u NAME -p PASSWORD).`)], 1);
  }
  const registry = ctx.world.registry(host);
  if (!registry) return result([...lines, err(`Error response from daemon: ${pullFailureMessage({ domain: host, path: '', tag: undefined, digest: undefined }, ctx.world.refuses(host) ? 'connection-refused' : 'no-such-host')}`)], 1);
  if (!registry.authenticate({ username, password })) {
    const msg = host === DOCKER_HUB ? 'Get "https://registry-1.docker.io/v2/": unauthorized: incorrect username or password'
      : `login attempt to https://${host}/v2/ failed with status: 401 Unauthorized`;
    return result([...lines, err(`Error response from daemon: ${msg}`)], 1);
  }
  const before = ctx.world.docker.credentials.get(host);
  ctx.world.docker.credentials.set(host, { username, password });
  if (!before || before.username !== username || before.password !== password) {
    lines.push(err(''), err(`WARNING! Your credentials are stored unencrypted in '${HOME}/.docker/config.json'.`), err('Configure a credential helper to remove this warning. See'),
      err('https://docs.docker.com/go/credential-store/'), err(''));
  }
  ctx.world.trace.record({ at: ctx.world.clock.now(), component: 'docker CLI', action: `login ${host}`, why: `checked the user name and password with ${host} and saved them for later pushes and pulls` });
  return result([...lines, out('Login Succeeded')]);
}

function logout(args: string[], ctx: CommandContext): CommandResult {
  const host = args[0] ? args[0].replace(/^https?:\/\//, '').replace(/\/.*$/, '') : DOCKER_HUB;
  ctx.world.docker.credentials.delete(host);
  return result([out(`Removing login credentials for ${host === DOCKER_HUB ? 'https://index.docker.io/v1/' : host}`)]);
}

function buildCmd(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('build', args, [
    { name: 'tag', short: 't', value: true, repeat: true }, { name: 'file', short: 'f', value: true }, { name: 'build-arg', value: true, repeat: true },
    { name: 'no-cache' }, { name: 'target', value: true }, { name: 'progress', value: true }, { name: 'quiet', short: 'q' }, { name: 'pull' },
    { name: 'platform', value: true }, { name: 'load' }, { name: 'push' },
  ]);
  if (isResult(p)) return p;
  if (p.positional.length !== 1) {
    return result([err(`ERROR: docker: 'docker buildx build' requires 1 argument`), err(''), err('Usage:  docker buildx build [OPTIONS] PATH | URL | -'), err(''), err('Start a build'),
      hint('Give the build context as the last argument — usually `.`, the current folder: `docker build -t NAME:TAG .`')], 1);
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
  const contextDir = cleanPath(`${ctx.cwd}/${p.positional[0]}`);
  const fs = ctx.world.fs;
  if (fs.kind(contextDir) !== 'dir') return result([err(`ERROR: failed to build: unable to prepare context: path "${p.positional[0]}" not found`)], 1);
  const fileArg = flag(p, 'file') ?? 'Dockerfile';
  const dockerfilePath = cleanPath(flag(p, 'file') ? `${ctx.cwd}/${fileArg}` : `${contextDir}/Dockerfile`);
  const dockerfile = fs.read(dockerfilePath);
  const plainProgress = flag(p, 'progress') === 'plain';
  if (dockerfile === undefined) {
    const lines = ['#0 building with "default" instance using docker driver', '', `#1 [internal] load build definition from ${fileArg}`, '#1 transferring dockerfile: 2B done', '#1 DONE 0.0s',
      `ERROR: failed to build: failed to solve: failed to read dockerfile: open ${fileArg}: no such file or directory`].map(err);
    return result([...lines, hint(`There is no ${fileArg} in ${contextDir || 'the workspace'}. Write one (\`cat > Dockerfile <<'EOF'\` … \`EOF\`), or point at it with -f.`)], 1);
  }
  const buildArgs = new Map(flagAll(p, 'build-arg').map((a) => { const i = a.indexOf('='); return i < 0 ? [a, ctx.env.get(a) ?? ''] : [a.slice(0, i), a.slice(i + 1)]; }));
  const options: BuildOptions = { dockerfileName: fileArg, dockerfile, context: fs.walk(contextDir), buildArgs, noCache: bool(p, 'no-cache'), target: flag(p, 'target') };
  const report = ctx.world.docker.build(options, tags);
  ctx.world.advance(report.totalMs);
  const presentation = { report, dockerfileName: fileArg, names: tags.map(canonical) };
  const plain = renderBuildPlain(presentation).map(err);
  const tty = plainProgress ? plain : renderBuildTty(presentation, ctx.width).map(err);
  const teach: Line[] = [];
  if (report.failure?.kind === 'copy-missing') teach.push(hint(`COPY reads from the build context (${contextDir || 'the workspace'}), and ${report.failure.source.slice(1)} is not there${options.context.has('.dockerignore') ? ' — or .dockerignore leaves it out' : ''}. \`ls\` shows what is.`));
  if (report.failure?.kind === 'base' && (report.failure.why === 'no-tag' || report.failure.why === 'no-repository')) teach.push(hint(`The FROM image must already exist in a registry (or locally): check its name and tag.`));
  if (report.failure?.kind === 'run' && report.failure.exitCode === 127) teach.push(hint(`A RUN step runs inside the image being built: the command must exist in the base image${/apt-get|apk/.test(report.failure.process) ? ' — Alpine uses apk, Debian and Ubuntu use apt-get' : ''}.`));
  if (bool(p, 'quiet') && report.image) return result([out(report.image.id)]);
  return result([...plain, ...teach], report.image ? 0 : 1, [...tty, ...teach]);
}

function createdColumn(ms: number, now: number): string {
  return `${humanDuration(Math.max(0, now - ms))} ago`;
}

function images(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('images', args, [{ name: 'all', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'digests' }, { name: 'no-trunc' }, { name: 'filter', short: 'f', value: true }, { name: 'format', value: true }]);
  if (isResult(p)) return p;
  const now = ctx.world.clock.now();
  const filterRepo = p.positional[0];
  const rows: Array<{ repo: string; tag: string; digest: string; id: string; created: number; size: number }> = [];
  for (const s of ctx.world.docker.store.all()) {
    const created = s.image.created < 1e12 ? s.addedAt : s.image.created;
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
  if (bool(p, 'quiet')) return result([...new Set(shown.map((r) => shortId(r.id)))].map(out));
  const digests = bool(p, 'digests');
  const table = dockerTable([['REPOSITORY', 'TAG', ...(digests ? ['DIGEST'] : []), 'IMAGE ID', 'CREATED', 'SIZE'],
    ...shown.map((r) => [r.repo, r.tag, ...(digests ? [r.digest] : []), bool(p, 'no-trunc') ? r.id : shortId(r.id), createdColumn(r.created, now), humanSize(r.size)])]);
  return result(table.map(out));
}

function tag(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('tag', args, []);
  if (isResult(p)) return p;
  if (p.positional.length !== 2) return requiresArgs('tag', 'SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]', 'exactly 2 arguments');
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

function rmi(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('rmi', args, [{ name: 'force', short: 'f' }, { name: 'no-prune' }]);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return requiresArgs('rmi', '[OPTIONS] IMAGE [IMAGE...]', 'at least 1 argument');
  const lines: Line[] = [];
  let code = 0;
  for (const name of p.positional) {
    const store = ctx.world.docker.store;
    const stored = store.find(name);
    if (!stored) {
      const r = parseRef(name);
      lines.push(err(`Error response from daemon: No such image: ${isResult(r) ? name : familiar(withDefaultTag(r))}`));
      if (!bool(p, 'force')) code = 1;
      continue;
    }
    const users = ctx.world.docker.containersUsing(stored.image.id);
    const byId = /^(sha256:)?[a-f0-9]{4,64}$/.test(name);
    if (users.length > 0 && !bool(p, 'force') && (byId || stored.tags.length === 1)) {
      const c = users[0] as Container;
      lines.push(err(`Error response from daemon: conflict: unable to remove repository reference "${name}" (must force) - container ${c.id.slice(0, 12)} is using its referenced image ${shortId(stored.image.id)}`));
      code = 1;
      continue;
    }
    if (byId && stored.tags.length > 1 && !bool(p, 'force')) {
      lines.push(err(`Error response from daemon: conflict: unable to delete ${shortId(stored.image.id)} (must be forced) - image is referenced in multiple repositories`));
      code = 1;
      continue;
    }
    const names = byId ? [...stored.tags] : [canonical(withDefaultTag(parseReference(name)))];
    const before = new Set(store.all().flatMap((s) => s.image.layers.map((l) => l.digest)));
    let deleted = false;
    for (const n of names) {
      const r = store.untag(n);
      if (!r) continue;
      lines.push(out(`Untagged: ${familiar(parseReference(n))}`));
      if (r.deleted) deleted = true;
    }
    if (deleted) {
      for (const rd of stored.repoDigests) lines.push(out(`Untagged: ${familiar(parseReference(rd))}`));
      lines.push(out(`Deleted: ${stored.image.id}`));
      const after = new Set(store.all().flatMap((s) => s.image.layers.map((l) => l.digest)));
      for (const l of [...stored.image.layers].reverse()) if (before.has(l.digest) && !after.has(l.digest)) lines.push(out(`Deleted: ${l.digest}`));
    }
  }
  return result(lines, code);
}

function inspect(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('inspect', args, [{ name: 'format', short: 'f', value: true }, { name: 'type', value: true }]);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return requiresArgs('inspect', '[OPTIONS] NAME|ID [NAME|ID...]', 'at least 1 argument');
  const docs: unknown[] = [];
  const errors: Line[] = [];
  for (const name of p.positional) {
    const container = flag(p, 'type') === 'image' ? undefined : ctx.world.docker.findContainer(name);
    const stored = container ? undefined : ctx.world.docker.store.find(name);
    if (container) {
      docs.push({ Id: container.id, Created: ctx.world.clock.iso(container.created), Path: container.argv[0] ?? '', Args: container.argv.slice(1),
        State: { Status: container.exitCode === undefined ? 'running' : 'exited', Running: container.exitCode === undefined, ExitCode: container.exitCode ?? 0 },
        Image: container.image.id, Name: `/${container.name}`, Config: { Image: container.imageName, Env: container.image.config.env, Cmd: container.image.config.cmd ?? null } });
    } else if (stored) {
      const img = stored.image;
      docs.push({
        Id: img.id, RepoTags: stored.tags.map((t) => familiar(parseReference(t))), RepoDigests: stored.repoDigests.map((d) => familiar(parseReference(d))),
        Parent: '', Comment: 'buildkit.dockerfile.v0', Created: ctx.world.clock.iso(img.created < 1e12 ? stored.addedAt : img.created),
        DockerVersion: '', Author: '',
        Config: { Hostname: '', Domainname: '', User: img.config.user, AttachStdin: false, AttachStdout: false, AttachStderr: false,
          ...(img.config.exposedPorts.length ? { ExposedPorts: Object.fromEntries(img.config.exposedPorts.map((x) => [x, {}])) } : {}),
          Tty: false, OpenStdin: false, StdinOnce: false, Env: img.config.env, Cmd: img.config.cmd ?? null, Image: '', Volumes: null,
          WorkingDir: img.config.workingDir === '/' ? '' : img.config.workingDir, Entrypoint: img.config.entrypoint ?? null, OnBuild: null,
          Labels: Object.keys(img.config.labels).length ? img.config.labels : null },
        Architecture: 'amd64', Os: 'linux', Size: imageSize(img),
        GraphDriver: { Data: null, Name: 'overlay2' },
        RootFS: { Type: 'layers', Layers: img.layers.map((l) => l.digest) },
        Metadata: { LastTagTime: '0001-01-01T00:00:00Z' },
      });
    } else {
      errors.push(err(`Error: No such object: ${name}`));
    }
  }
  const format = flag(p, 'format');
  if (format !== undefined) {
    const lines = docs.map((d) => out(goTemplate(format, d)));
    return result([...lines, ...errors], errors.length ? 1 : 0);
  }
  if (docs.length === 0) return result([out('[]'), ...errors], 1);
  return result([...JSON.stringify(docs, null, 4).split('\n').map(out), ...errors], errors.length ? 1 : 0);
}

/** The little of Go templates learners use with --format: `{{.Id}}`, `{{.Config.Cmd}}`, `{{json .Config}}`. */
function goTemplate(format: string, doc: unknown): string {
  return format.replace(/\{\{\s*(json\s+)?\.([A-Za-z0-9_.]*)\s*\}\}/g, (_m, json: string | undefined, path: string) => {
    let v: unknown = doc;
    for (const k of path.split('.').filter(Boolean)) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
    if (json) return JSON.stringify(v ?? null);
    if (Array.isArray(v)) return `[${v.join(' ')}]`;
    if (v === null || v === undefined) return '<no value>';
    if (typeof v === 'object') return `map[${Object.entries(v as object).map(([k, x]) => `${k}:${String(x)}`).join(' ')}]`;
    return String(v);
  });
}

function psCommand(c: Container): string {
  const text = c.argv.join(' ');
  return `"${text.length > 20 ? `${text.slice(0, 19)}…` : text}"`;
}

function ps(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('ps', args, [{ name: 'all', short: 'a' }, { name: 'quiet', short: 'q' }, { name: 'no-trunc' }, { name: 'latest', short: 'l' }]);
  if (isResult(p)) return p;
  const now = ctx.world.clock.now();
  const list = ctx.world.docker.containers.filter((c) => bool(p, 'all') || c.exitCode === undefined).slice().reverse();
  if (bool(p, 'quiet')) return result(list.map((c) => out(c.id.slice(0, 12))));
  const rows = list.map((c) => [
    c.id.slice(0, 12), c.imageName, psCommand(c), createdColumn(c.created, now),
    c.exitCode === undefined ? `Up ${humanDuration(now - c.created)}` : `Exited (${c.exitCode}) ${humanDuration(now - (c.finishedAt ?? now))} ago`,
    c.exitCode === undefined ? portsColumn(c) : '', c.name,
  ]);
  return result(dockerTable([['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], ...rows]).map(out));
}

function portsColumn(c: Container): string {
  const published = c.ports.map((p) => { const [h, ct] = p.split(':'); return `0.0.0.0:${h}->${ct}/tcp, [::]:${h}->${ct}/tcp`; });
  const exposed = c.image.config.exposedPorts.filter((e) => !c.ports.some((p) => `${p.split(':')[1]}/tcp` === e));
  return [...published, ...exposed].join(', ');
}

function run(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('run', args, [
    { name: 'detach', short: 'd' }, { name: 'interactive', short: 'i' }, { name: 'tty', short: 't' }, { name: 'rm' }, { name: 'name', value: true },
    { name: 'env', short: 'e', value: true, repeat: true }, { name: 'publish', short: 'p', value: true, repeat: true }, { name: 'entrypoint', value: true },
    { name: 'pull', value: true }, { name: 'platform', value: true }, { name: 'workdir', short: 'w', value: true }, { name: 'volume', short: 'v', value: true, repeat: true },
  ], true);
  if (isResult(p)) return p;
  const [imageText, ...cmdArgs] = p.positional;
  if (!imageText) return result([err(`docker: 'docker run' requires at least 1 argument`), err(''), err('Usage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]'), err(''), err("See 'docker run --help' for more information")], 125);
  let typed: ImageRef;
  try {
    typed = parseReference(imageText);
  } catch (e) {
    if (e instanceof ReferenceError) return runError(e.message);
    throw e;
  }
  const ref = withDefaultTag(typed);
  const docker = ctx.world.docker;
  const name = flag(p, 'name');
  if (name !== undefined && docker.containers.some((c) => c.name === name)) {
    const c = docker.containers.find((x) => x.name === name) as Container;
    return runError(`Error response from daemon: Conflict. The container name "/${name}" is already in use by container "${c.id}". You have to remove (or rename) that container to be able to reuse that name.`);
  }
  const lines: Line[] = [];
  const tty: Line[] = [];
  let stored = docker.store.findRef(ref) ?? (/^[a-f0-9]{4,64}$/.test(imageText) ? docker.store.find(imageText) : undefined);
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
  const env = flagAll(p, 'env').map((e): [string, string] => { const i = e.indexOf('='); return i < 0 ? [e, ctx.env.get(e) ?? ''] : [e.slice(0, i), e.slice(i + 1)]; });
  const ports = flagAll(p, 'publish').map((x) => (x.includes(':') ? x.split(':').slice(-2).join(':') : `${x}:${x}`));
  const detach = bool(p, 'detach');
  const { container, outcome } = docker.run(stored, imageText, {
    args: cmdArgs, entrypoint: flag(p, 'entrypoint'), env, name, ports, interactive: bool(p, 'interactive') && bool(p, 'tty'), autoRemove: bool(p, 'rm'),
  });
  if (outcome.notFound !== undefined) {
    const msg = outcome.notFound === '' ? 'Error response from daemon: no command specified'
      : `Error response from daemon: failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${outcome.notFound}": executable file not found in $PATH: unknown`;
    const r = runError(msg, outcome.notFound === '' ? 125 : 127);
    return result([...lines, ...r.lines], r.exitCode);
  }
  // A registry container listening on a published port becomes a registry on the laptop.
  if (stored.image.behaviour.kind === 'server' && stored.image.behaviour.name === 'registry') {
    for (const pt of ports) if (pt.endsWith(':5000')) ctx.world.startLocalRegistry(Number(pt.split(':')[0]));
  }
  ctx.world.advance(400);
  if (detach) {
    const idLine = out(container.id);
    return result([...lines, idLine], 0, [...tty, idLine]);
  }
  const body = outcome.output.map(out);
  if (outcome.interactive) {
    const note = hint(`An interactive shell inside a container is not simulated. Run single commands instead, e.g. \`docker run --rm ${imageText} cat /etc/os-release\`.`);
    return result([...lines, note], 0, [...tty, note]);
  }
  if (outcome.exitCode === undefined) {
    const note = hint(`The container keeps running in the foreground; in a real terminal you would stop it with Ctrl-C. Here it goes on in the background: \`docker ps\` lists it, \`docker stop ${container.name}\` stops it. Next time add -d.`);
    return result([...lines, ...body, note], 0, [...tty, ...body, note]);
  }
  return result([...lines, ...body], outcome.exitCode, [...tty, ...body]);
}

function logs(args: string[], ctx: CommandContext): CommandResult {
  const p = parse('logs', args, [{ name: 'follow', short: 'f' }, { name: 'tail', short: 'n', value: true }, { name: 'timestamps', short: 't' }]);
  if (isResult(p)) return p;
  const name = p.positional[0];
  if (!name) return requiresArgs('logs', '[OPTIONS] CONTAINER', 'exactly 1 argument');
  const c = ctx.world.docker.findContainer(name);
  if (!c) return daemonError(`No such container: ${name}`);
  const tail = flag(p, 'tail');
  const lines = tail !== undefined && tail !== 'all' ? c.logs.slice(-Number(tail)) : c.logs;
  return result(lines.map(out));
}

function stopOrRm(verb: 'stop' | 'rm' | 'kill', args: string[], ctx: CommandContext): CommandResult {
  const p = parse(verb, args, [{ name: 'force', short: 'f' }, { name: 'time', short: 't', value: true }, { name: 'volumes', short: 'v' }]);
  if (isResult(p)) return p;
  if (p.positional.length === 0) return requiresArgs(verb, '[OPTIONS] CONTAINER [CONTAINER...]', 'at least 1 argument');
  const lines: Line[] = [];
  let code = 0;
  for (const name of p.positional) {
    const c = ctx.world.docker.findContainer(name);
    if (!c) { lines.push(err(`Error response from daemon: No such container: ${name}`)); code = 1; continue; }
    if (verb === 'rm' && c.exitCode === undefined && !bool(p, 'force')) {
      lines.push(err(`Error response from daemon: cannot remove container "/${c.name}": container is running: stop the container before removing or force remove`));
      code = 1;
      continue;
    }
    if (c.exitCode === undefined) {
      // Servers handle SIGTERM and exit 0; a plain program running as PID 1 (node server.js) ignores it and is killed after the grace period.
      c.exitCode = verb === 'kill' ? 137 : c.image.behaviour.kind === 'program' ? 137 : 0;
      c.finishedAt = ctx.world.clock.now();
      if (c.image.behaviour.kind === 'server' && c.image.behaviour.name === 'registry') for (const pt of c.ports) ctx.world.stopLocalRegistry(Number(pt.split(':')[0]));
    }
    if (verb === 'rm' || c.autoRemove) ctx.world.docker.removeContainer(c);
    lines.push(out(name));
  }
  return result(lines, code);
}

const HELP = [
  'Usage:  docker [OPTIONS] COMMAND', '', 'A self-sufficient runtime for containers', '',
  'Common Commands:',
  '  run         Create and run a new container from an image',
  '  build       Build an image from a Dockerfile',
  '  pull        Download an image from a registry',
  '  push        Upload an image to a registry',
  '  images      List images',
  '  login       Authenticate to a registry',
  '  logout      Log out from a registry',
  '  ps          List containers',
  '', 'Also: tag, rmi, inspect, logs, stop, rm, kill, image …, container …, version', '',
  "Run 'docker COMMAND --help' for more information on a command.",
];

/** `docker …` */
export function docker(args: string[], ctx: CommandContext): CommandResult {
  const [sub, ...rest] = args;
  if (sub === undefined || sub === '--help' || sub === 'help') return result(HELP.map(out));
  if (sub === '--version' || sub === '-v') return result([out(`Docker version ${DOCKER_VERSION}, build e6534b4`)]);
  if (rest.includes('--help')) return result([out(`Usage:  docker ${sub} …`), hint('kubetutor simulates the common flags of this command; the real `--help` lists them all.')]);
  ctx.world.advance(300);
  switch (sub) {
    case 'build': return buildCmd(rest, ctx);
    case 'buildx': return rest[0] === 'build' ? buildCmd(rest.slice(1), ctx) : result([err(`docker: unknown command: docker buildx ${rest[0] ?? ''}`.trimEnd())], 1);
    case 'pull': return pull(rest, ctx);
    case 'push': return push(rest, ctx);
    case 'images': return images(rest, ctx);
    case 'tag': return tag(rest, ctx);
    case 'rmi': return rmi(rest, ctx);
    case 'inspect': return inspect(rest, ctx);
    case 'login': return login(rest, ctx);
    case 'logout': return logout(rest, ctx);
    case 'run': return run(rest, ctx);
    case 'ps': return ps(rest, ctx);
    case 'logs': return logs(rest, ctx);
    case 'stop': case 'rm': case 'kill': return stopOrRm(sub, rest, ctx);
    case 'version': return result([out('Client:'), out(` Version:           ${DOCKER_VERSION}`), out(' API version:       1.50'), out(' OS/Arch:           linux/amd64'), out(''),
      out('Server: Docker Engine - Community'), out(' Engine:'), out(`  Version:          ${DOCKER_VERSION}`), out('  API version:      1.50 (minimum version 1.24)'), out(' containerd:'), out('  Version:          1.7.27')]);
    case 'image': {
      const [verb, ...more] = rest;
      const map: Record<string, (a: string[], c: CommandContext) => CommandResult> = { ls: images, list: images, build: buildCmd, pull, push, tag, rm: rmi, remove: rmi, inspect };
      const h = verb ? map[verb] : undefined;
      return h ? h(more, ctx) : result([err(`docker: unknown command: docker image ${verb ?? ''}`.trimEnd()), err(''), err("Run 'docker image --help' for more information")], 1);
    }
    case 'container': {
      const [verb, ...more] = rest;
      const map: Record<string, (a: string[], c: CommandContext) => CommandResult> = { ls: ps, list: ps, ps, run, logs, inspect, stop: (a, c) => stopOrRm('stop', a, c), rm: (a, c) => stopOrRm('rm', a, c), kill: (a, c) => stopOrRm('kill', a, c) };
      const h = verb ? map[verb] : undefined;
      return h ? h(more, ctx) : result([err(`docker: unknown command: docker container ${verb ?? ''}`.trimEnd()), err(''), err("Run 'docker container --help' for more information")], 1);
    }
    default: {
      const lines = [err(`docker: unknown command: docker ${sub}`), err(''), err("Run 'docker --help' for more information")];
      if (sub === 'deploy' || sub === 'apply') lines.push(hint('Docker builds, ships and runs images on one machine; putting them on a cluster is Kubernetes\' job (kubectl apply).'));
      if (sub === 'compose') lines.push(hint('Compose is not simulated in kubetutor.'));
      return result(lines, 1);
    }
  }
}

