/**
 * `ci` — the CI runner, a machine without a Docker daemon. `ci run` executes a pipeline file
 * (default `ci.yaml`) whose steps name a container image and its `args` (and `command`), as a
 * Kubernetes container or a Tekton step would, or a `script` of lines, as GitLab CI does. Three
 * tools build there without a daemon: the Kaniko executor (Google's image — its repository was
 * archived on 3 June 2025 — or the maintained osscontainertools fork), BuildKit run daemonless
 * (`buildctl-daemonless.sh build` in moby/buildkit), and Buildah (`buildah bud` and `buildah push`
 * in quay.io/buildah/stable). `ci login` stores registry credentials on the runner, as a CI secret
 * does for real pipelines.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { shortId } from '../sim/digest.ts';
import { cleanPath } from '../sim/filesystem.ts';
import type { BuildahEngine } from '../sim/buildah.ts';
import { canonical, parseReference, ReferenceError, withDefaultTag, DOCKER_HUB, type ImageRef } from '../sim/image-ref.ts';
import { dockerignoreMatcher, type BuildReport } from '../sim/builder.ts';
import { words } from '../sim/exec.ts';
import { buildah, unreachableHint } from './buildah.ts';
import { CI_RUNNER } from '../sim/ci-runner.ts';
import { connectionRefused, isLoopback, noSuchHost, splitHostPort } from '../sim/hosts.ts';
import { renderBuildPlain } from './format/buildkit.ts';
import { readContext, truncatedHint } from './disk-fs.ts';
import type { CommandContext } from './context.ts';
import { readLaptopFile } from './paths.ts';
import { bool, flag, flagAll, FlagError, parseFlags } from './flags.ts';
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';

/** Google's executor image (archived upstream) and the maintained fork's, on ghcr.io and Docker Hub. */
const ARCHIVED_KANIKO = 'gcr.io/kaniko-project/executor';
const KANIKO_IMAGES = [ARCHIVED_KANIKO, 'ghcr.io/osscontainertools/kaniko', 'docker.io/martizih/kaniko'];
const BUILDKIT_IMAGES = ['docker.io/moby/buildkit'];
const BUILDAH_IMAGES = ['quay.io/buildah/stable', 'quay.io/buildah/upstream', 'docker.io/buildah/buildah'];

/** What kubetutor says once a run when a pipeline uses the archived Kaniko image. */
export const KANIKO_ARCHIVED = [
  'GoogleContainerTools/kaniko was archived on 3 June 2025 (v1.24.0 is its last release): gcr.io/kaniko-project/executor gets no more fixes.',
  'Maintained forks: osscontainertools/kaniko (ghcr.io/osscontainertools/kaniko, also docker.io/martizih/kaniko) and Chainguard\'s',
  '(github.com/chainguard-forks/kaniko: dependency updates in source-only releases; its images are for Chainguard customers). Or build with BuildKit or Buildah: `help ci` shows both.',
].join(' ');

interface PipelineStep {
  readonly name: string;
  readonly image: string;
  readonly args: string[];
  /** Replaces the image's entrypoint (Kubernetes' `command`, GitLab's `image.entrypoint`). */
  readonly command: string[] | undefined;
  /** Shell lines run one after another in the step's container (GitLab's `script`). */
  readonly script: string[] | undefined;
}

/** Kaniko's log line: `INFO[0002] <message padded to 44> ` (logrus text format; colours left out). */
function kanikoLine(seconds: number, message: string): Line {
  return out(`INFO[${String(Math.floor(seconds)).padStart(4, '0')}] ${message.padEnd(44)} `);
}

/** Kaniko writes Docker Hub as index.docker.io. */
function kanikoRegistry(ref: ImageRef): string {
  return ref.domain === DOCKER_HUB ? 'index.docker.io' : ref.domain;
}

/**
 * What go-containerregistry's transport says when its ping of a registry fails: HTTPS, and for a
 * loopback or private address HTTP after it (name.Registry.Scheme), every error joined by "; ".
 */
function ggcrPing(domain: string, why: 'no-such-host' | 'connection-refused'): string {
  const { host } = splitHostPort(domain);
  const fallsBack = (isLoopback(domain) && domain !== 'localhost') || /^(10\.|192\.168\.|172\.(1[6-9]|2\d|3[01])\.)/.test(host);
  return (fallsBack ? ['https', 'http'] : ['https']).map((scheme) => `Get "${scheme}://${domain}/v2/": ${why === 'no-such-host' ? noSuchHost(CI_RUNNER, domain) : connectionRefused(CI_RUNNER, domain, scheme === 'https' ? 443 : 80)}`).join('; ');
}

/** Why the runner cannot talk to a registry: Go's error for its first request (plain HTTP for localhost, as a runtime does). */
function unreachableFromRunner(ctx: CommandContext, domain: string): string {
  const scheme = isLoopback(domain) ? 'http' : 'https';
  const cause = ctx.world.ci.lookup.refuses(domain) ? connectionRefused(CI_RUNNER, domain, scheme === 'http' ? 80 : 443) : noSuchHost(CI_RUNNER, domain);
  return `Get "${scheme}://${domain}/v2/": ${cause}`;
}

function parsePipeline(text: string, file: string): PipelineStep[] | string {
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    if (e instanceof YAMLParseError) return `error parsing ${file}: ${e.message.split('\n')[0]}`;
    throw e;
  }
  const steps = (doc as { steps?: unknown } | null)?.steps;
  if (!Array.isArray(steps) || steps.length === 0) return `${file}: a pipeline needs a list of steps (steps: - name, image, args)`;
  const out: PipelineStep[] = [];
  const strings = (v: unknown): v is Array<string | number> => Array.isArray(v) && v.every((a) => typeof a === 'string' || typeof a === 'number');
  for (const [i, s] of steps.entries()) {
    const step = s as { name?: unknown; image?: unknown; args?: unknown; command?: unknown; script?: unknown };
    // GitLab writes `image: {name, entrypoint}`.
    const image = typeof step?.image === 'object' && step.image !== null ? (step.image as { name?: unknown; entrypoint?: unknown }) : undefined;
    const imageName = image ? image.name : step?.image;
    if (typeof imageName !== 'string') return `${file}: steps[${i}].image: Required value`;
    if (step.args !== undefined && !strings(step.args)) return `${file}: steps[${i}].args must be a list of strings`;
    const command = step.command ?? image?.entrypoint;
    if (command !== undefined && !strings(command)) return `${file}: steps[${i}].command must be a list of strings`;
    const script = typeof step.script === 'string' ? [step.script] : step.script;
    if (script !== undefined && !strings(script)) return `${file}: steps[${i}].script must be a list of strings`;
    out.push({
      name: typeof step.name === 'string' ? step.name : `step-${i + 1}`, image: imageName, args: ((step.args as unknown[] | undefined) ?? []).map(String),
      command: command === undefined ? undefined : (command as unknown[]).map(String).filter((c) => c !== ''), script: script?.map(String),
    });
  }
  return out;
}

function kaniko(args: string[], ctx: CommandContext): { lines: Line[]; code: number } {
  let p;
  try {
    p = parseFlags(args, [{ name: 'context', short: 'c', value: true }, { name: 'dockerfile', short: 'f', value: true }, { name: 'destination', short: 'd', value: true, repeat: true },
      { name: 'no-push' }, { name: 'build-arg', value: true, repeat: true }, { name: 'target', value: true }, { name: 'cache', value: true }, { name: 'verbosity', short: 'v', value: true }]);
  } catch (e) {
    if (e instanceof FlagError) return { lines: [err(`Error: ${e.message}`)], code: 1 };
    throw e;
  }
  const noPush = bool(p, 'no-push');
  const destinationsText = flagAll(p, 'destination');
  if (!noPush && destinationsText.length === 0) return { lines: [err('Error: you must provide --destination, or use --no-push')], code: 1 };
  const destinations: ImageRef[] = [];
  for (const d of destinationsText) {
    try {
      destinations.push(withDefaultTag(parseReference(d)));
    } catch (e) {
      if (e instanceof ReferenceError) return { lines: [err(`error parsing destination: ${e.message}`)], code: 1 };
      throw e;
    }
  }
  const contextArg = (flag(p, 'context') ?? '.').replace(/^dir:\/\//, '').replace(/^\/workspace\/?/, '');
  const contextDir = cleanPath(contextArg);
  const dockerfileArg = (flag(p, 'dockerfile') ?? 'Dockerfile').replace(/^\/workspace\/?/, '');
  const dockerfile = ctx.world.fs.read(cleanPath(`${contextDir}/${dockerfileArg}`)) ?? ctx.world.fs.read(cleanPath(dockerfileArg));
  if (dockerfile === undefined) return { lines: [err(`Error: error resolving dockerfile path: please provide a valid path to a Dockerfile within the build context with --dockerfile`)], code: 1 };
  const buildArgs = new Map(flagAll(p, 'build-arg').map((a) => { const i = a.indexOf('='); return [a.slice(0, i), a.slice(i + 1)] as [string, string]; }));
  const context = readContext(ctx.world.fs, contextDir, dockerignoreMatcher(ctx.world.fs.read(cleanPath(`${contextDir}/.dockerignore`))));
  const outcome = ctx.world.ci.kaniko({ dockerfileName: dockerfileArg, dockerfile, context: context.files, buildArgs, noCache: true, target: flag(p, 'target') }, destinations, noPush);
  if (outcome.phase === 'permission') {
    const d = outcome.destination;
    const name = `${kanikoRegistry(d)}/${d.path}:${d.tag}`;
    const scope = `[map[Action:pull Class: Name:${d.path} Type:repository] map[Action:push Class: Name:${d.path} Type:repository]]`;
    const cause = outcome.why === 'no-such-host' || outcome.why === 'connection-refused' ? `creating push check transport for ${kanikoRegistry(d)} failed: ${ggcrPing(d.domain, outcome.why)}`
      : outcome.why === 'denied' ? `DENIED: requested access to the resource is denied; ${scope}`
      : d.domain === DOCKER_HUB ? `UNAUTHORIZED: authentication required; ${scope}`
      : `POST https://${d.domain}/v2/${d.path}/blobs/uploads/: UNAUTHORIZED: authentication required; ${scope}`;
    const teach = outcome.why === 'connection-refused' || outcome.why === 'no-such-host' ? unreachableHint(CI_RUNNER, d.domain)
      : hint(`The CI runner is its own machine: your laptop's \`docker login\` does not reach it. Give the runner credentials for ${d.domain} (a CI secret): \`ci login ${d.domain === DOCKER_HUB ? 'docker.io' : d.domain} -u NAME --password-stdin\`.`);
    return {
      lines: [err(`error checking push permissions -- make sure you entered the correct tag name, and that you are authenticated correctly, and try again: checking push permission for "${name}": ${cause}`), teach],
      code: 1,
    };
  }
  const r = renderKaniko(outcome.report, outcome.phase === 'push' ? outcome.pushes : [], ctx);
  return context.truncated ? { ...r, lines: [...r.lines, hint(truncatedHint(contextDir))] } : r;
}

function renderKaniko(report: BuildReport, pushes: ReadonlyArray<{ destination: ImageRef; outcome: { ok: boolean } }>, _ctx: CommandContext): { lines: Line[]; code: number } {
  const lines: Line[] = [];
  let t = 0;
  const f = report.failure;
  const base = report.bases[0];
  if (f?.kind === 'parse') return { lines: [err(`Error: error building image: parsing dockerfile: ${f.message}`)], code: 1 };
  const baseText = (report.lines[(report.steps[0]?.instruction.line ?? 1) - 1] ?? '').trim().split(/\s+/)[1] ?? base?.ref ?? '';
  for (const b of report.bases) {
    if (b.source === 'stage') continue;
    lines.push(kanikoLine(t, `Retrieving image manifest ${baseText}`));
    const ref = (() => { try { return parseReference(b.ref); } catch { return undefined; } })();
    if (!b.image) {
      return { lines: [...lines, err(`error building image: unable to complete operation after 0 attempts, last error: GET https://${ref ? kanikoRegistry(ref) : ''}/v2/${ref?.path ?? ''}/manifests/${ref?.tag ?? 'latest'}: MANIFEST_UNKNOWN: manifest unknown; unknown tag=${ref?.tag ?? 'latest'}`)], code: 1 };
    }
    lines.push(kanikoLine(t, `Retrieving image ${baseText} from registry ${ref ? kanikoRegistry(ref) : ''}`));
    t += 0.8;
  }
  lines.push(kanikoLine(t, 'Built cross stage deps: map[]'), kanikoLine(t, `Retrieving image manifest ${baseText}`), kanikoLine(t, 'Returning cached image manifest'),
    kanikoLine(t, 'Executing 0 build triggers'), kanikoLine(t, `Building stage '${baseText}' [idx: '0', base-idx: '-1']`));
  const firstFs = report.steps.find((s) => s.instruction.keyword !== 'from' && s.instruction.keyword !== 'workdir');
  if (firstFs) lines.push(kanikoLine(t, `Unpacking rootfs as cmd ${firstFs.instruction.original} requires it.`));
  t += 1.2;
  for (const step of report.steps) {
    const ins = step.instruction;
    if (ins.keyword === 'from' || step.imageSource) continue;
    lines.push(kanikoLine(t, ins.original));
    if (ins.keyword === 'workdir') {
      lines.push(kanikoLine(t, 'Cmd: workdir'), kanikoLine(t, `Changed working directory to ${ins.rest.startsWith('/') ? ins.rest : `/${ins.rest}`}`), kanikoLine(t, `Creating directory ${ins.rest} with uid -1 and gid -1`), kanikoLine(t, 'Taking snapshot of files...'));
    } else if (ins.keyword === 'copy' || ins.keyword === 'add') {
      if (step.failed && f?.kind === 'copy-missing') return { lines: [...lines, err(`error building image: error building stage: failed to get files used from context: failed to get fileinfo for /workspace${f.source}: lstat /workspace${f.source}: no such file or directory`)], code: 1 };
      lines.push(kanikoLine(t, 'Taking snapshot of files...'));
    } else if (ins.keyword === 'run') {
      lines.push(kanikoLine(t, 'Initializing snapshotter ...'), kanikoLine(t, 'Taking snapshot of full filesystem...'));
      const argv = ins.json ?? ['/bin/sh', '-c', ins.rest];
      lines.push(kanikoLine(t, `Cmd: ${argv[0]}`), kanikoLine(t, `Args: [${argv.slice(1).join(' ')}]`), kanikoLine(t, `Running: [${argv.join(' ')}]`));
      lines.push(...step.output.map(out));
      t += step.durationMs / 1000;
      if (step.failed && f?.kind === 'run') return { lines: [...lines, err(`error building image: error building stage: failed to execute command: waiting for process to exit: exit status ${f.exitCode}`)], code: 1 };
      lines.push(kanikoLine(t, 'Taking snapshot of full filesystem...'));
    }
  }
  // Metadata instructions Kaniko also logs.
  for (const l of report.lines) {
    const m = /^\s*(CMD|ENTRYPOINT|EXPOSE|ENV|LABEL|USER)\s+(.*)$/i.exec(l);
    if (m) lines.push(kanikoLine(t, `${(m[1] as string).toUpperCase()} ${m[2]}`));
  }
  for (const pu of pushes) {
    const d = pu.destination;
    lines.push(kanikoLine(t, `Pushing image to ${d.domain}/${d.path}:${d.tag}`));
    t += 2.1;
    lines.push(kanikoLine(t, `Pushed ${kanikoRegistry(d)}/${d.path}@${report.image?.manifestDigest ?? ''}`));
  }
  if (pushes.length === 0) lines.push(kanikoLine(t, 'Skipping push to container registry due to --no-push flag'));
  return { lines, code: 0 };
}

/** `buildctl-daemonless.sh build --frontend dockerfile.v0 --local context=. --local dockerfile=. --output type=image,name=…,push=true`. */
function buildkit(args: string[], ctx: CommandContext): { lines: Line[]; code: number } {
  if (args[0] !== 'build') return { lines: [err(`error: ${args[0] === undefined ? 'no command given' : `unknown command "${args[0]}"`}: only \`build\` is simulated`)], code: 1 };
  let p;
  try {
    p = parseFlags(args.slice(1), [{ name: 'frontend', value: true }, { name: 'local', value: true, repeat: true }, { name: 'opt', value: true, repeat: true }, { name: 'output', short: 'o', value: true, repeat: true },
      { name: 'export-cache', value: true, repeat: true }, { name: 'import-cache', value: true, repeat: true }, { name: 'progress', value: true }, { name: 'no-cache' }]);
  } catch (e) {
    if (e instanceof FlagError) return { lines: [err(`error: ${e.message}`)], code: 1 };
    throw e;
  }
  if ((flag(p, 'frontend') ?? '') !== 'dockerfile.v0') return { lines: [err('error: invalid build definition: only --frontend dockerfile.v0 is simulated')], code: 1 };
  const locals = new Map(flagAll(p, 'local').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as [string, string]));
  const opts = new Map(flagAll(p, 'opt').map((o) => [o.slice(0, o.indexOf('=')), o.slice(o.indexOf('=') + 1)] as [string, string]));
  const contextDir = cleanPath(locals.get('context') ?? '.');
  const fileName = opts.get('filename') ?? 'Dockerfile';
  const dockerfile = ctx.world.fs.read(cleanPath(`${locals.get('dockerfile') ?? contextDir}/${fileName}`));
  if (dockerfile === undefined) return { lines: [err(`error: failed to solve: failed to read dockerfile: open ${fileName}: no such file or directory`)], code: 1 };
  const output = new Map((flagAll(p, 'output')[0] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]));
  const destinations: ImageRef[] = [];
  for (const n of (output.get('name') ?? '').split(',').concat([]).filter(Boolean)) {
    try { destinations.push(withDefaultTag(parseReference(n.replace(/^"|"$/g, '')))); } catch (e) {
      if (e instanceof ReferenceError) return { lines: [err(`error: failed to solve: invalid reference format: ${e.message}`)], code: 1 };
      throw e;
    }
  }
  const pushImage = output.get('type') === 'registry' || output.get('push') === 'true';
  const buildArgs = new Map([...opts].filter(([k]) => k.startsWith('build-arg:')).map(([k, v]) => [k.slice('build-arg:'.length), v] as [string, string]));
  const context = readContext(ctx.world.fs, contextDir, dockerignoreMatcher(ctx.world.fs.read(cleanPath(`${contextDir}/.dockerignore`))));
  const r = ctx.world.ci.buildkit({ dockerfileName: fileName, dockerfile, context: context.files, buildArgs, noCache: true, target: opts.get('target') }, destinations, pushImage);
  const refused = r.pushes.find((x) => !x.outcome.ok);
  const why = refused && !refused.outcome.ok ? refused.outcome.why : undefined;
  const unreachable = why === 'no-such-host' || why === 'connection-refused';
  // containerd's pusher asks whether each blob is there first (HEAD …/blobs/DIGEST), in plain HTTP for localhost (MatchLocalhost).
  const blob = refused && r.report.image ? `${isLoopback(refused.destination.domain) ? 'http' : 'https'}://${refused.destination.domain}/v2/${refused.destination.path}/blobs/${r.report.image.layers[0]?.digest ?? r.report.image.configDigest}` : '';
  const pushError = refused ? `failed to push ${canonical(refused.destination)}: ${unreachable ? `failed to do request: Head "${blob}": ${why === 'no-such-host' ? noSuchHost(CI_RUNNER, refused.destination.domain) : connectionRefused(CI_RUNNER, refused.destination.domain, 443)}`
    : 'push access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed'}` : undefined;
  const text = renderBuildPlain({ report: r.report, dockerfileName: fileName, names: destinations.map(canonical), buildctl: { push: pushImage, ...(pushError ? { pushError } : {}) } });
  const failed = Boolean(r.report.failure) || Boolean(pushError);
  const lines = text.map((l) => (failed && /^error: /.test(l) ? err(l) : out(l)));
  if (refused) lines.push(unreachable ? unreachableHint(CI_RUNNER, refused.destination.domain) : hint(`The CI runner is its own machine: give it credentials for ${refused.destination.domain} (a CI secret): \`ci login ${refused.destination.domain === DOCKER_HUB ? 'docker.io' : refused.destination.domain} -u NAME --password-stdin\`.`));
  return { lines: context.truncated ? [...lines, hint(truncatedHint(contextDir))] : lines, code: failed ? 1 : 0 };
}

/** One program a step's container runs: a builder kubetutor simulates, if the image has it. */
function runTool(argv: string[], imageRepo: string, ctx: CommandContext, job: { buildah?: BuildahEngine }): { lines: Line[]; code: number } {
  const [prog = '', ...args] = argv;
  const name = prog.slice(prog.lastIndexOf('/') + 1);
  if (name === 'executor' && KANIKO_IMAGES.includes(imageRepo)) return kaniko(args, ctx);
  if ((name === 'buildctl-daemonless.sh' || name === 'buildctl') && BUILDKIT_IMAGES.includes(imageRepo)) return buildkit(args, ctx);
  if (name === 'buildah' && BUILDAH_IMAGES.includes(imageRepo)) {
    job.buildah ??= ctx.world.ci.buildah();
    // Buildah in a container usually runs with --storage-driver=vfs and --isolation=chroot: the same build here.
    const cleaned = argv.slice(1).filter((a, i, all) => !/^--(storage-driver|isolation)(=|$)/.test(a) && !/^--(storage-driver|isolation)$/.test(all[i - 1] ?? ''));
    const r = buildah(cleaned, ctx, job.buildah);
    return { lines: [...r.lines], code: r.exitCode };
  }
  if (name === 'echo') return { lines: [out(args.join(' '))], code: 0 };
  const known = KANIKO_IMAGES.includes(imageRepo) || BUILDKIT_IMAGES.includes(imageRepo) || BUILDAH_IMAGES.includes(imageRepo);
  if (known) return { lines: [err(`/bin/sh: ${name}: not found`)], code: 127 };
  return { lines: [hint('kubetutor runs three builders in pipelines: the Kaniko executor, BuildKit (buildctl-daemonless.sh in moby/buildkit) and Buildah (quay.io/buildah/stable); see `help ci`.')], code: 0 };
}

function run(args: string[], ctx: CommandContext): CommandResult {
  const file = args[0] ?? 'ci.yaml';
  const read = readLaptopFile(ctx, file);
  const text = read.ok ? read.text : undefined;
  if (text === undefined) {
    return result([err(`ci: ${file}: no such file`), hint('Write a pipeline first, e.g. `cat > ci.yaml <<\'EOF\'` with steps: - name, image, args (see `help ci`).')], 1);
  }
  const steps = parsePipeline(text, file);
  if (typeof steps === 'string') return result([err(`ci: ${steps}`)], 1);
  const job = ++ctx.world.ci.jobs;
  const lines: Line[] = [out(`Running job #${job} on ci-runner (no Docker daemon on this machine)`)];
  const state: { buildah?: BuildahEngine } = {};
  let warned = false;
  for (const step of steps) {
    lines.push(out(''), out(`Step "${step.name}": using image ${step.image}`));
    let ref: ImageRef;
    try {
      ref = withDefaultTag(parseReference(step.image));
    } catch (e) {
      if (e instanceof ReferenceError) { lines.push(err(`ERROR: invalid image "${step.image}": ${e.message}`), out(''), err('ERROR: Job failed: exit code 1')); return result(lines, 1); }
      throw e;
    }
    // The runner pulls the step's image from where it stands: its own localhost is not the laptop's.
    const registry = ctx.world.ci.lookup.registry(ref.domain);
    if (!registry) {
      lines.push(err(`ERROR: Job failed: failed to pull image "${step.image}": ${unreachableFromRunner(ctx, ref.domain)}`), unreachableHint(CI_RUNNER, ref.domain));
      return result(lines, 1);
    }
    const found = registry.resolve(ref.path, ref, ctx.world.ci.credentials.get(ref.domain));
    if (!found.ok) {
      lines.push(err(`ERROR: Job failed: failed to pull image "${step.image}": not found or access denied`), hint('The runner pulls each step\'s image from its registry, like a kubelet would.'));
      return result(lines, 1);
    }
    const repo = `${ref.domain}/${ref.path}`;
    lines.push(out(`Pulling ${step.image} … ${shortId(found.image.manifestDigest)}`));
    if (repo === ARCHIVED_KANIKO && !warned) { lines.push(hint(KANIKO_ARCHIVED)); warned = true; }
    // A script runs line by line in a shell; otherwise the container runs its entrypoint (or command) with the args.
    const invocations = step.script
      ? step.script.map((line) => ({ shown: line, argv: words(line, new Map(ctx.env)) }))
      : [{ shown: [...(step.command ?? found.image.config.entrypoint ?? []), ...step.args].join(' '), argv: [...(step.command ?? found.image.config.entrypoint ?? []), ...step.args] }];
    for (const inv of invocations) {
      lines.push(out(`$ ${inv.shown}`.trimEnd()));
      const r = runTool(inv.argv, repo, ctx, state);
      lines.push(...r.lines);
      ctx.world.advance(8000);
      if (r.code !== 0) { lines.push(out(''), err(`ERROR: Job failed: exit code ${r.code}`)); return result(lines, 1); }
    }
  }
  lines.push(out(''), out('Job succeeded'));
  return result(lines);
}

function login(args: string[], ctx: CommandContext): CommandResult {
  let p;
  try {
    p = parseFlags(args, [{ name: 'username', short: 'u', value: true }, { name: 'password', short: 'p', value: true }, { name: 'password-stdin' }]);
  } catch (e) {
    if (e instanceof FlagError) return result([err(`ci: ${e.message}`)], 1);
    throw e;
  }
  const host = (p.positional[0] ?? DOCKER_HUB).replace(/^index\.docker\.io$/, DOCKER_HUB);
  const username = flag(p, 'username');
  const password = bool(p, 'password-stdin') ? (ctx.stdin ?? '').trim() : flag(p, 'password');
  if (!username || !password) return result([err('ci: give -u NAME and a password (-p or --password-stdin)')], 1);
  const registry = ctx.world.ci.lookup.registry(host);
  if (!registry) return result([err(`ci: cannot reach ${host} from ci-runner: ${unreachableFromRunner(ctx, host)}`), unreachableHint(CI_RUNNER, host)], 1);
  if (!registry.authenticate({ username, password })) return result([err(`ci: ${host} refused these credentials`)], 1);
  ctx.world.ci.credentials.set(host, { username, password });
  // Each builder reads a Docker config.json: Kaniko at /kaniko/.docker/, BuildKit's buildctl and Buildah (its fallback after auth.json) at ~/.docker/.
  return result([out(`Saved credentials for ${host} on ci-runner (as a CI secret: /kaniko/.docker/config.json for Kaniko, ~/.docker/config.json for BuildKit and Buildah)`)]);
}

export function ci(args: string[], ctx: CommandContext): CommandResult {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'run': return run(rest, ctx);
    case 'login': return login(rest, ctx);
    case 'logout': ctx.world.ci.credentials.delete(rest[0] ?? DOCKER_HUB); return result([out(`Removed credentials for ${rest[0] ?? DOCKER_HUB} from ci-runner`)]);
    default:
      return result([out('Usage: ci run [PIPELINE]       run a pipeline file (default ci.yaml) on the CI runner'),
        out('       ci login REGISTRY -u NAME --password-stdin   give the runner registry credentials (a CI secret)'),
        out('       ci logout REGISTRY')], sub === undefined ? 0 : 1);
  }
}
