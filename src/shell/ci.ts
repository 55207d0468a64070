/**
 * `ci` — the CI runner, a machine without a Docker daemon. `ci run` executes a pipeline file
 * (default `ci.yaml`) whose steps name a container image and its args, as a Kubernetes container
 * or a Tekton step would; the Kaniko executor image builds and pushes from the Dockerfile.
 * `ci login` stores registry credentials on the runner, as a CI secret does for real pipelines.
 */
import { parse as parseYaml, YAMLParseError } from 'yaml';
import { shortId } from '../sim/digest.ts';
import { cleanPath } from '../sim/filesystem.ts';
import { parseReference, ReferenceError, withDefaultTag, DOCKER_HUB, type ImageRef } from '../sim/image-ref.ts';
import { dockerignoreMatcher, type BuildReport } from '../sim/builder.ts';
import { readContext, truncatedHint } from './disk-fs.ts';
import type { CommandContext } from './context.ts';
import { readLaptopFile } from './paths.ts';
import { bool, flag, flagAll, FlagError, parseFlags } from './flags.ts';
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';

const KANIKO = 'gcr.io/kaniko-project/executor';

interface PipelineStep {
  readonly name: string;
  readonly image: string;
  readonly args: string[];
}

/** Kaniko's log line: `INFO[0002] <message padded to 44> ` (logrus text format; colours left out). */
function kanikoLine(seconds: number, message: string): Line {
  return out(`INFO[${String(Math.floor(seconds)).padStart(4, '0')}] ${message.padEnd(44)} `);
}

/** Kaniko writes Docker Hub as index.docker.io. */
function kanikoRegistry(ref: ImageRef): string {
  return ref.domain === DOCKER_HUB ? 'index.docker.io' : ref.domain;
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
  for (const [i, s] of steps.entries()) {
    const step = s as { name?: unknown; image?: unknown; args?: unknown };
    if (typeof step?.image !== 'string') return `${file}: steps[${i}].image: Required value`;
    if (step.args !== undefined && (!Array.isArray(step.args) || !step.args.every((a) => typeof a === 'string' || typeof a === 'number'))) return `${file}: steps[${i}].args must be a list of strings`;
    out.push({ name: typeof step.name === 'string' ? step.name : `step-${i + 1}`, image: step.image, args: ((step.args as unknown[] | undefined) ?? []).map(String) });
  }
  return out;
}

function kaniko(step: PipelineStep, ctx: CommandContext): { lines: Line[]; code: number } {
  let p;
  try {
    p = parseFlags(step.args, [{ name: 'context', short: 'c', value: true }, { name: 'dockerfile', short: 'f', value: true }, { name: 'destination', short: 'd', value: true, repeat: true },
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
    const cause = outcome.why === 'no-such-host' ? `Get "https://${d.domain}/v2/": dial tcp: lookup ${d.domain}: no such host`
      : outcome.why === 'denied' ? `DENIED: requested access to the resource is denied; ${scope}`
      : d.domain === DOCKER_HUB ? `UNAUTHORIZED: authentication required; ${scope}`
      : `POST https://${d.domain}/v2/${d.path}/blobs/uploads/: UNAUTHORIZED: authentication required; ${scope}`;
    return {
      lines: [err(`error checking push permissions -- make sure you entered the correct tag name, and that you are authenticated correctly, and try again: checking push permission for "${name}": ${cause}`),
        hint(`The CI runner is its own machine: your laptop's \`docker login\` does not reach it. Give the runner credentials for ${d.domain} (a CI secret): \`ci login ${d.domain === DOCKER_HUB ? 'docker.io' : d.domain} -u NAME --password-stdin\`.`)],
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
    if (ins.keyword === 'from') continue;
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
  for (const step of steps) {
    lines.push(out(''), out(`Step "${step.name}": using image ${step.image}`));
    let ref: ImageRef;
    try {
      ref = withDefaultTag(parseReference(step.image));
    } catch (e) {
      if (e instanceof ReferenceError) { lines.push(err(`ERROR: invalid image "${step.image}": ${e.message}`), out(''), err('ERROR: Job failed: exit code 1')); return result(lines, 1); }
      throw e;
    }
    const registry = ctx.world.registry(ref.domain);
    const found = registry?.resolve(ref.path, ref, ctx.world.ci.credentials.get(ref.domain));
    if (!found?.ok) {
      lines.push(err(`ERROR: Job failed: failed to pull image "${step.image}": not found or access denied`), hint('The runner pulls each step\'s image from its registry, like a kubelet would.'));
      return result(lines, 1);
    }
    lines.push(out(`Pulling ${step.image} … ${shortId(found.image.manifestDigest)}`), out(`$ ${(found.image.config.entrypoint ?? []).join(' ')} ${step.args.join(' ')}`.trimEnd()));
    if (`${ref.domain}/${ref.path}` === KANIKO) {
      const r = kaniko(step, ctx);
      lines.push(...r.lines);
      ctx.world.advance(8000);
      if (r.code !== 0) { lines.push(out(''), err(`ERROR: Job failed: exit code ${r.code}`)); return result(lines, 1); }
    } else {
      lines.push(hint(`kubetutor runs only the Kaniko executor image (${KANIKO}) in pipelines.`));
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
  const registry = ctx.world.registry(host);
  if (!registry || !registry.authenticate({ username, password })) return result([err(`ci: ${host} refused these credentials`)], 1);
  ctx.world.ci.credentials.set(host, { username, password });
  return result([out(`Saved credentials for ${host} on ci-runner (as the CI secret /kaniko/.docker/config.json)`)]);
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
