/**
 * The buildah CLI (1.4x, piped output): the same Dockerfile built without a Docker daemon, into
 * Buildah's own store. Unqualified names land under `localhost/`.
 */
import { buildahName, type BuildahEngine } from '../sim/buildah.ts';
import { dockerignoreMatcher, type BuildReport } from '../sim/builder.ts';
import { readContext, truncatedHint } from './disk-fs.ts';
import { hexOf, sha256, shortId } from '../sim/digest.ts';
import { tildePath, WORKSPACE } from '../sim/laptop-fs.ts';
import { laptopPath } from './paths.ts';
import { imageSize } from '../sim/image.ts';
import { familiar, parseReference, ReferenceError, withDefaultTag, DOCKER_HUB, type ImageRef } from '../sim/image-ref.ts';
import { humanDuration, humanSize } from '../sim/units.ts';
import type { CommandContext } from './context.ts';
import { bool, flag, flagAll, FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';
import { dockerTable } from './format/table.ts';
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';

/** Short names the registries.conf.d alias table resolves (000-shortnames.conf). */
const ALIASED = new Set(['alpine', 'busybox', 'debian', 'ubuntu', 'nginx', 'httpd', 'node', 'python', 'golang', 'redis', 'postgres', 'registry', 'hello-world']);

function parse(args: string[], specs: FlagSpec[]): ParsedFlags | CommandResult {
  try {
    return parseFlags(args, specs);
  } catch (e) {
    if (e instanceof FlagError) return result([err(`Error: ${e.message}`)], 125);
    throw e;
  }
}
const isResult = (x: unknown): x is CommandResult => typeof x === 'object' && x !== null && 'exitCode' in x;

function copyBlock(report: { blobs: readonly string[]; config: string }): string[] {
  return ['Getting image source signatures', ...report.blobs.map((b) => `Copying blob ${b}`), `Copying config ${report.config}`, 'Writing manifest to image destination'];
}

function bud(args: string[], ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const p = parse(args, [{ name: 'tag', short: 't', value: true }, { name: 'file', short: 'f', value: true }, { name: 'build-arg', value: true, repeat: true }, { name: 'layers' }, { name: 'no-cache' }, { name: 'target', value: true }, { name: 'format', value: true }]);
  if (isResult(p)) return p;
  const contextArg = p.positional[0] ?? '.';
  const contextDir = laptopPath(ctx, contextArg);
  const fs = ctx.world.laptop;
  const file = flag(p, 'file');
  const dockerfilePath = file ? laptopPath(ctx, file) : `${contextDir}/Containerfile`;
  const dockerfile = fs.read(dockerfilePath) ?? (file ? undefined : fs.read(`${contextDir}/Dockerfile`));
  if (dockerfile === undefined) return result([err(`Error: no Containerfile or Dockerfile specified or found in context directory, ${contextDir}: no such file or directory`)], 125);
  let tag: ImageRef | undefined;
  const tagText = flag(p, 'tag');
  if (tagText !== undefined) {
    try {
      tag = buildahName(tagText);
    } catch (e) {
      if (e instanceof ReferenceError) return result([err(`Error: tag ${tagText}: ${e.message}`)], 125);
      throw e;
    }
  }
  const buildArgs = new Map(flagAll(p, 'build-arg').map((a) => { const i = a.indexOf('='); return [a.slice(0, i), a.slice(i + 1)] as [string, string]; }));
  const located = fs.locate(contextDir);
  const context = readContext(located.fs, located.rel, dockerignoreMatcher(fs.read(`${contextDir}/.dockerignore`)));
  const layers = bool(p, 'layers');
  const report = engine.build({ dockerfileName: file ?? 'Dockerfile', dockerfile, context: context.files, buildArgs, noCache: bool(p, 'no-cache'), target: flag(p, 'target') }, tag, layers);
  ctx.world.advance(report.totalMs);
  const lines = renderBuildah(report, engine, tag, layers, tagText);
  return result(context.truncated ? [...lines, hint(truncatedHint(contextDir === WORKSPACE ? '' : tildePath(contextDir)))] : lines, report.image ? 0 : 125);
}

function renderBuildah(report: BuildReport, engine: BuildahEngine, tag: ImageRef | undefined, layers: boolean, tagText?: string): Line[] {
  const lines: Line[] = [];
  const f = report.failure;
  if (f?.kind === 'parse') return [err(`Error: ${f.message}`)];
  const stagesTotal = new Set(report.steps.map((s) => s.stageIndex)).size;
  const pulls = engine.lastPulls;
  const stageOrder = [...new Set(report.bases.map((b) => b.stageIndex))];
  // Buildah numbers every instruction of a stage (metadata ones too): rebuild that view from the Dockerfile.
  const instructionLines = report.lines.map((l, i) => ({ l: l.trim(), i: i + 1 })).filter((x) => x.l && !x.l.startsWith('#') && !/\\$/.test(report.lines[x.i - 2] ?? ''));
  let stageIdx = -1;
  const byStage: Array<Array<{ text: string; line: number }>> = [];
  for (const { l, i } of instructionLines) {
    if (/^from\s/i.test(l)) { stageIdx++; byStage[stageIdx] = []; }
    if (stageIdx >= 0) (byStage[stageIdx] as Array<{ text: string; line: number }>).push({ text: l, line: i });
  }
  const failedAt = f && 'step' in f ? f.step.instruction.line : f && 'line' in f ? f.line : undefined;
  for (const si of stageOrder) {
    const list = byStage[si] ?? [];
    const prefix = stagesTotal > 1 ? `[${si + 1}/${byStage.length}] ` : '';
    for (const [k, ins] of list.entries()) {
      if (failedAt !== undefined && ins.line > failedAt) break;
      lines.push(out(`${prefix}STEP ${k + 1}/${list.length}: ${ins.text}`));
      if (k === 0) {
        const base = report.bases.find((b) => b.stageIndex === si);
        const pulled = pulls.find((pl) => base && `${pl.ref.domain}/${pl.ref.path}:${pl.ref.tag}` === base.ref);
        if (pulled) {
          const short = ins.text.split(/\s+/)[1] ?? '';
          const name = short.split(':')[0] ?? '';
          if (!short.includes('/') && ALIASED.has(name)) lines.push(out(`Resolved "${name}" as an alias (/etc/containers/registries.conf.d/000-shortnames.conf)`));
          lines.push(out(`Trying to pull ${pulled.ref.domain}/${pulled.ref.path}:${pulled.ref.tag}...`));
          if (pulled.outcome.ok) {
            lines.push(...copyBlock({ blobs: pulled.outcome.layers.map((l) => l.layer.digest), config: pulled.outcome.image.configDigest }).map(out));
          }
        }
        if (f && (f.kind === 'base' || f.kind === 'invalid-base')) {
          const r = f.kind === 'base' ? f.ref : ins.text;
          const why = f.kind === 'base' && (f.why === 'no-tag' || f.why === 'no-digest') ? 'manifest unknown' : 'requested access to the resource is denied';
          const ref = (() => { try { return parseReference(r); } catch { return undefined; } })();
          lines.push(err(`Error: creating build container: initializing source docker://${ins.text.split(/\s+/)[1]}: reading manifest ${ref?.tag ?? 'latest'} in ${ref ? `${ref.domain}/${ref.path}` : r}: ${why}`));
          return lines;
        }
      }
      const step = report.steps.find((s) => s.instruction.line === ins.line && !s.imageSource);
      if (step) lines.push(...step.output.map(out));
      // With --layers every step is committed (`--> id`), except the last, which COMMIT names.
      const lastOfBuild = si === stageOrder[stageOrder.length - 1] && k === list.length - 1;
      if (layers && k > 0 && (!lastOfBuild || step?.cached)) {
        const id = sha256(`buildah-layer:${si}:${ins.line}:${ins.text}:${image0(report)}`);
        lines.push(out(step?.cached ? `--> Using cache ${hexOf(id)}` : `--> ${shortId(id)}`));
      }
    }
  }
  if (f) {
    if (f.kind === 'copy-missing') lines.push(err(`Error: building at STEP "${f.step.instruction.original}": checking on sources under "/home/learner/workspace": copier: stat: "${f.source}": no such file or directory`));
    else if (f.kind === 'run') lines.push(err(`Error: building at STEP "${f.step.instruction.original}": while running runtime: exit status ${f.exitCode}`));
    else if (f.kind === 'no-shell') lines.push(err(`Error: building at STEP "${f.step.instruction.original}": while running runtime: exit status 1`));
    else if (f.kind === 'target') lines.push(err(`Error: the target "${f.target}" was not found in the provided Dockerfile`));
    return lines;
  }
  const image = report.image;
  if (!image) return lines;
  lines.push(out(`${stagesTotal > 1 ? `[${byStage.length}/${byStage.length}] ` : ''}COMMIT${tagText !== undefined ? ` ${tagText}` : ''}`));
  if (!layers) lines.push(...copyBlock({ blobs: image.layers.map((l) => l.digest), config: image.configDigest }).map(out));
  lines.push(out(`--> ${shortId(image.id)}`));
  if (tag) lines.push(out(`Successfully tagged ${familiar(tag).startsWith('localhost/') ? familiar(tag) : `${tag.domain}/${tag.path}:${tag.tag}`}`));
  lines.push(out(hexOf(image.id)));
  return lines;
}

/** A stable seed for `--layers` intermediate ids. */
function image0(report: BuildReport): string {
  return report.bases.map((b) => b.image?.id ?? b.ref).join(',');
}

function images(ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const now = ctx.world.clock.now();
  const rows = engine.store.all().flatMap((s) => s.tags.map((t) => {
    const r = parseReference(t);
    return { repo: `${r.domain}/${r.path}`, tag: r.tag ?? '<none>', id: shortId(s.image.id), created: s.image.created < 1e12 ? s.addedAt : s.image.created, size: imageSize(s.image) };
  })).sort((a, b) => b.created - a.created);
  return result(dockerTable([['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'], ...rows.map((r) => [r.repo, r.tag, r.id, `${humanDuration(now - r.created)} ago`, humanSize(r.size).replace(/([0-9.])([kMG]?B)$/, '$1 $2')])]).map(out));
}

function push(args: string[], ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const p = parse(args, [{ name: 'creds', value: true }, { name: 'tls-verify', value: true }, { name: 'quiet', short: 'q' }]);
  if (isResult(p)) return p;
  const [src, destText] = p.positional;
  if (!src) return result([err('Error: at least a source image ID must be specified')], 125);
  let stored;
  try {
    stored = engine.store.findRef(buildahName(src)) ?? engine.store.find(src);
  } catch { stored = undefined; }
  if (!stored) return result([err(`Error: ${src}: image not known`), hint('`buildah images` lists what Buildah has; images built by docker live in docker\'s own store.')], 125);
  const destRaw = (destText ?? src).replace(/^docker:\/\//, '');
  let dest: ImageRef;
  try {
    dest = withDefaultTag(destText ? parseReference(destRaw) : buildahName(destRaw));
  } catch (e) {
    if (e instanceof ReferenceError) return result([err(`Error: invalid destination: ${e.message}`)], 125);
    throw e;
  }
  const creds = flag(p, 'creds');
  if (creds) engine.credentials.set(dest.domain, { username: creds.split(':')[0] ?? '', password: creds.split(':').slice(1).join(':') });
  const outcome = engine.push(stored, dest);
  if (!outcome.ok) {
    const target = `Error: pushing image "${src}" to "docker://${familiar(dest)}"`;
    if (outcome.why === 'no-such-host' || outcome.why === 'connection-refused') {
      // containers/image first checks the registry answers at all (a "ping"); nothing listening ends it there.
      const port = dest.domain.split(':')[1] ?? '443';
      const cause = outcome.why === 'connection-refused' ? `dial tcp [::1]:${port}: connect: connection refused` : `dial tcp: lookup ${dest.domain.replace(/:\d+$/, '')} on 127.0.0.53:53: no such host`;
      return result([out('Getting image source signatures'), err(`${target}: trying to reuse blob ${stored.image.layers[0]?.digest ?? stored.image.configDigest} at destination: pinging container registry ${dest.domain}: Get "https://${dest.domain}/v2/": ${cause}`),
        hint(outcome.why === 'connection-refused' ? `Nothing listens at ${dest.domain}. Start a registry there first: \`docker run -d -p ${port}:5000 registry:2\`.` : `There is no registry called ${dest.domain}: check the name.`)], 125);
    }
    const where = dest.domain === DOCKER_HUB ? 'registry-1.docker.io' : dest.domain;
    const why = dest.domain === DOCKER_HUB || outcome.why === 'denied' ? 'requested access to the resource is denied' : 'authentication required';
    return result([out('Getting image source signatures'), err(`${target}: writing blob: initiating layer upload to /v2/${dest.path}/blobs/uploads/ in ${where}: ${why}`),
      hint(`Buildah needs credentials for ${dest.domain}: \`buildah login ${dest.domain === DOCKER_HUB ? 'docker.io' : dest.domain} -u NAME --password-stdin\` (or a \`docker login\`, which it reads too).`)], 125);
  }
  const skipped = new Set(outcome.layers.filter((l) => l.state !== 'pushed').map((l) => l.layer.digest as string));
  const blobs = stored.image.layers.map((l) => l.digest as string);
  // Piped, containers/image prints each digest once; "skipped: already exists" is the terminal progress bar's ending.
  const tty = ['Getting image source signatures', ...blobs.map((b) => `Copying blob ${shortId(b)} ${skipped.has(b) ? 'skipped: already exists' : 'done'}`), `Copying config ${shortId(stored.image.configDigest)} done`, 'Writing manifest to image destination'];
  return result(copyBlock({ blobs, config: stored.image.configDigest }).map(out), 0, tty.map(out));
}

function login(args: string[], ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const p = parse(args, [{ name: 'username', short: 'u', value: true }, { name: 'password', short: 'p', value: true }, { name: 'password-stdin' }]);
  if (isResult(p)) return p;
  const host = (p.positional[0] ?? '').replace(/^https?:\/\//, '');
  if (!host) return result([err('Error: please provide a registry to log in to')], 125);
  const username = flag(p, 'username');
  const password = bool(p, 'password-stdin') ? (ctx.stdin ?? '').trim() : flag(p, 'password');
  if (!username || !password) return result([err('Error: cannot prompt for a password without a terminal; pass -u and -p (or --password-stdin)')], 125);
  const registry = ctx.world.registry(host === 'index.docker.io' ? DOCKER_HUB : host);
  if (!registry || !registry.authenticate({ username, password })) return result([err(`Error: logging into "${host}": invalid username/password`)], 125);
  engine.credentials.set(registry.host, { username, password });
  return result([out('Login Succeeded!')]);
}

function tag(args: string[], ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const [src, ...names] = args;
  const stored = src ? engine.store.findRef(buildahName(src)) : undefined;
  if (!src || !stored) return result([err(`Error: ${src ?? ''}: image not known`)], 125);
  for (const n of names) engine.store.tag(stored, buildahName(n));
  return result([]);
}

function rmi(args: string[], ctx: CommandContext, engine: BuildahEngine): CommandResult {
  const lines: Line[] = [];
  for (const name of args.filter((a) => !a.startsWith('-'))) {
    const ref = (() => { try { return buildahName(name); } catch { return undefined; } })();
    const stored = ref ? engine.store.findRef(ref) : undefined;
    if (!stored || !ref) return result([...lines, err(`Error: ${name}: image not known`)], 125);
    const r = engine.store.untag(`${ref.domain}/${ref.path}:${ref.tag}`);
    lines.push(out(r?.deleted ? hexOf(stored.image.id) : `untagged: ${ref.domain}/${ref.path}:${ref.tag}`));
  }
  return result(lines);
}

/** `buildah …` on the laptop, or with another machine's Buildah (a CI job's, with its own store). */
export function buildah(args: string[], ctx: CommandContext, engine: BuildahEngine = ctx.world.buildah): CommandResult {
  const [sub, ...rest] = args;
  ctx.world.advance(300);
  switch (sub) {
    case 'bud': case 'build': case 'build-using-dockerfile': return bud(rest, ctx, engine);
    case 'images': return images(ctx, engine);
    case 'push': return push(rest, ctx, engine);
    case 'login': return login(rest, ctx, engine);
    case 'logout': engine.credentials.delete(rest[0] ?? ''); return result([out(`Removed login credentials for ${rest[0] ?? ''}`)]);
    case 'tag': return tag(rest, ctx, engine);
    case 'rmi': return rmi(rest, ctx, engine);
    case '--version': case 'version': return result([out('buildah version 1.42.1 (image-spec 1.1.1, runtime-spec 1.2.1)')]);
    case undefined: case 'help': case '--help':
      return result(['A tool that facilitates building OCI images', '', 'Usage:', '  buildah [flags]', '  buildah [command]', '', 'Available Commands:',
        '  build       Build an image using instructions in a Containerfile', '  images      List images in local storage', '  login       Login to a container registry',
        '  push        Push an image to a specified destination', '  rmi         Remove one or more images from local storage', '  tag         Add an additional name to a local image'].map(out));
    default: return result([err(`Error: unknown command "${sub}" for "buildah"`), err(''), err("Run 'buildah --help' for usage.")], 125);
  }
}

