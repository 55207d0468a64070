/**
 * The legacy builder's output (`DOCKER_BUILDKIT=0 docker build`), as the Docker CLI and the
 * daemon's builder (moby `builder/dockerfile`) print it: the CLI's deprecation notice, `Sending
 * build context to Docker daemon  2.048kB`, then `Step k/N : INSTRUCTION` for every instruction of
 * every stage up to the target (N counts them all, FROMs and global ARGs included), each followed
 * by ` ---> Running in ID` … ` ---> Removed intermediate container ID` when it commits through a
 * container, ` ---> Using cache` when it is cached, and ` ---> IMAGE` — then `Successfully built`
 * and `Successfully tagged`. Unlike BuildKit it runs stages the target does not need.
 */
import { hexOf, sha256, shortId } from '../../sim/digest.ts';
import type { BuildReport, BuildStep } from '../../sim/builder.ts';
import { DockerfileError, parseDockerfile, type Instruction } from '../../sim/dockerfile.ts';
import { familiar, parseReference } from '../../sim/image-ref.ts';
import { pullEvents } from './transfer.ts';
import { goSprintf } from './gofmt.ts';

/** The CLI's notice when DOCKER_BUILDKIT=0 (docker/cli cmd/docker/builder.go), then the empty line Fprintln adds. */
export const LEGACY_NOTICE = [
  'DEPRECATED: The legacy builder is deprecated and will be removed in a future release.',
  '            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0',
  '            environment-variable.',
  '',
];

/** What `docker build` sends the daemon: a tar of the context (a 512-byte header per entry, content padded to 512, two zero blocks at the end). */
export function contextTarBytes(files: ReadonlyMap<string, string>): number {
  const dirs = new Set<string>();
  let bytes = 1024;
  for (const [path, content] of files) {
    const parts = path.split('/');
    for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    bytes += 512 + Math.ceil(new TextEncoder().encode(content).length / 512) * 512;
  }
  return bytes + dirs.size * 512;
}

/** go-units' HumanSizeWithPrecision(size, 4): `2.048kB`, `219.1kB`, `33.36MB`. */
export function humanSize(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < units.length - 1) { size /= 1000; i++; }
  return `${goSprintf('%.4g', [size])}${units[i]}`;
}

export interface LegacyLines {
  readonly out: string[];
  /** The error the CLI prints on stderr, when the build failed. */
  readonly error: string | undefined;
}

/**
 * The step lines. `committed(id)` answers whether the legacy builder already committed that
 * intermediate image (a config instruction's ` ---> Using cache`) and records it.
 */
export function renderLegacyBuild(report: BuildReport, names: readonly string[], contextBytes: number, committed: (id: string) => boolean, noCache: boolean): LegacyLines {
  const out = [`Sending build context to Docker daemon  ${humanSize(contextBytes)}`];
  const f = report.failure;
  if (f?.kind === 'parse') return { out, error: `Error response from daemon: dockerfile parse error on line ${f.line ?? 1}: ${f.message}` };
  let parsed;
  try { parsed = parseDockerfile(report.lines.join('\n')); } catch (e) {
    if (e instanceof DockerfileError) return { out, error: `Error response from daemon: dockerfile parse error on line ${e.line ?? 1}: ${e.message}` };
    throw e;
  }
  if (f?.kind === 'target') return { out, error: `Error response from daemon: failed to reach build target ${f.target} in Dockerfile` };
  const stageIndexes = new Set(report.steps.map((s) => s.stageIndex));
  for (const b of report.bases) stageIndexes.add(b.stageIndex);
  const lastStage = Math.max(...stageIndexes);
  const stages = parsed.stages.filter((s) => s.index <= lastStage);
  const total = parsed.globalArgs.length + stages.reduce((n, s) => n + 1 + s.instructions.length, 0);
  let k = 0;
  const step = (ins: Instruction): void => { out.push(`Step ${++k}/${total} : ${ins.original}`); };
  for (const a of parsed.globalArgs) step(a);

  // The report's steps carry their own parse of the Dockerfile: match them by line.
  const stepFor = (ins: Instruction): BuildStep | undefined => report.steps.find((s) => s.instruction.line === ins.line && !s.imageSource);
  const idOf = (seed: string): string => hexOf(sha256(`legacy:${seed}`));
  const stageIds = new Map<number, string>();
  for (const s of stages) {
    step(s.from);
    const fromStep = stepFor(s.from);
    const base = report.bases.find((b) => b.stageIndex === s.index && !b.copySource);
    let id: string;
    if (base?.source === 'stage') {
      const prior = parsed.stages.find((p) => p.name !== undefined && p.name === s.base.toLowerCase());
      id = stageIds.get(prior?.index ?? -1) ?? '';
    } else if (base?.image) {
      if (fromStep && fromStep.fetched.length > 0) out.push(...pullLines(fromStep));
      id = base.ref === 'scratch' ? '' : hexOf(base.image.id);
    } else {
      // The base could not be resolved: the daemon's pull error ends the build.
      return { out, error: f ? failureText(f) : undefined };
    }
    out.push(` ---> ${id.slice(0, 12)}`);
    for (const ins of s.instructions) {
      step(ins);
      const st = stepFor(ins);
      if (st?.failed) {
        if (ins.keyword === 'run') {
          const container = idOf(`${id}|${ins.original}|container`);
          out.push(` ---> Running in ${container.slice(0, 12)}`, ...st.output);
        }
        return { out, error: f ? failureText(f) : undefined };
      }
      if (ins.keyword === 'copy' || ins.keyword === 'add') {
        // COPY and ADD commit without a container.
        id = idOf(`${id}|${ins.original}|${st?.key ?? ''}`);
        if (st?.cached) out.push(' ---> Using cache');
        out.push(` ---> ${id.slice(0, 12)}`);
        continue;
      }
      const next = idOf(`${id}|${ins.original}|${st?.key ?? ''}`);
      const cached = st ? st.cached : !noCache && committed(next);
      if (!st) committed(next);
      if (cached) {
        out.push(' ---> Using cache', ` ---> ${next.slice(0, 12)}`);
      } else {
        const container = idOf(`${id}|${ins.original}|container`).slice(0, 12);
        out.push(` ---> Running in ${container}`, ...(st?.output ?? []), ` ---> Removed intermediate container ${container}`, ` ---> ${next.slice(0, 12)}`);
      }
      id = next;
    }
    stageIds.set(s.index, id);
  }
  if (f || !report.image) return { out, error: f ? failureText(f) : undefined };
  // The last stage's last commit is the image: its id is the one `docker images` lists.
  const last = out.length - 1;
  out[last] = ` ---> ${shortId(report.image.id)}`;
  out.push(`Successfully built ${shortId(report.image.id)}`, ...names.map((n) => `Successfully tagged ${familiar(parseReference(n))}`));
  return { out, error: undefined };
}

/** The daemon pulling a FROM image it does not have, as `docker pull` shows it. */
function pullLines(from: BuildStep): string[] {
  const ref = parseReference(from.text.replace(/^FROM /, '').replace(/@sha256:[0-9a-f]+$/, ''));
  const digest = /@(sha256:[0-9a-f]+)$/.exec(from.text)?.[1] ?? '';
  const ev = pullEvents(from.fetched.map((layer) => ({ layer, present: false })));
  return [`${ref.tag ?? 'latest'}: Pulling from ${ref.path}`, ...ev.plain, `Digest: ${digest}`, `Status: Downloaded newer image for ${familiar(ref)}`];
}

/** The legacy builder's own wording of a failure. */
function failureText(f: NonNullable<BuildReport['failure']>): string {
  switch (f.kind) {
    case 'run': return `The command '${f.process}' returned a non-zero code: ${f.exitCode}`;
    case 'copy-missing': return `COPY failed: file not found in build context or excluded by .dockerignore: stat ${f.source.slice(1)}: file does not exist`;
    case 'base': return f.why === 'no-tag' || f.why === 'no-digest'
      ? `manifest for ${f.written} not found: manifest unknown: manifest unknown`
      : `pull access denied for ${f.written.replace(/:[^:/]+$/, '')}, repository does not exist or may require 'docker login': denied: requested access to the resource is denied`;
    case 'invalid-base': return `invalid reference format`;
    case 'no-shell': return `failed to create task for container: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "/bin/sh": stat /bin/sh: no such file or directory: unknown`;
    case 'target': return `failed to reach build target ${f.target} in Dockerfile`;
    case 'parse': return `dockerfile parse error on line ${f.line ?? 1}: ${f.message}`;
    // The legacy builder reads `# syntax=` as a comment: it never resolves a frontend.
    case 'frontend': throw new Error('the legacy builder has no frontend');
  }
}
