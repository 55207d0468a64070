/**
 * BuildKit's output for `docker build`: the plain progress (`#n …`, used when output is not a
 * terminal or with --progress=plain) and the final screen of the terminal view (`[+] Building`).
 */
import type { BuildFailure, BuildReport, BuildStep, BuildWarning } from '../../sim/builder.ts';
import { hexOf, sha256 } from '../../sim/digest.ts';
import { buildkitSeconds } from '../../sim/units.ts';
import { goQuote, type Image, type Layer } from '../../sim/image.ts';

export interface BuildPresentation {
  readonly report: BuildReport;
  readonly dockerfileName: string;
  /** Canonical names the image gets: `docker.io/library/myapp:latest`. */
  readonly names: readonly string[];
  /**
   * `buildctl` talking to a BuildKit of its own (a CI job's `buildctl-daemonless.sh`) rather than
   * docker buildx: no builder line, the image exporter's statuses, `push=true`, and `error:` at the end.
   */
  readonly buildctl?: { readonly push: boolean; readonly pushError?: string };
}

interface Vertex {
  readonly name: string;
  readonly statuses: ReadonlyArray<{ text: string; ms?: number | undefined; done: boolean }>;
  readonly logs: readonly string[];
  readonly ms: number;
  readonly state: 'done' | 'cached' | 'error';
  readonly error?: string;
}

/** BuildKit's `%.2f` of units.Bytes: `61B`, `2.16kB`, `3.64MB`. */
function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = n;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) { v /= 1000; i++; }
  return i === 0 ? `${n}B` : `${v.toFixed(2)}${units[i]}`;
}

const secsLog = (ms: number): string => (ms < 10_000 ? (ms / 1000).toFixed(3) : ms < 100_000 ? (ms / 1000).toFixed(2) : (ms / 1000).toFixed(1));

/** `[build  3/12] RUN …`: BuildKit pads k to the width of N (dockerfile2llb prefixCommand). */
function stepName(step: BuildStep): string {
  if (step.count === 0) return step.text;
  const width = 1 + Math.floor(Math.log10(step.count));
  return `[${step.stageLabel ? `${step.stageLabel} ` : ''}${String(step.position).padStart(width)}/${step.count}] ${step.text}`;
}

/** buildx's summary after the build: ` 2 warnings found (use docker --debug to expand):` and one line each. */
export function warningBlock(warnings: readonly BuildWarning[]): string[] {
  if (warnings.length === 0) return [];
  return ['', ` ${warnings.length === 1 ? '1 warning found' : `${warnings.length} warnings found`} (use docker --debug to expand):`,
    ...warnings.map((w) => ` - ${warningText(w)}`)];
}

function warningText(w: BuildWarning): string {
  return `${w.rule}: ${w.message} (line ${w.line})`;
}

/** BuildKit's id for a context/ref pair in checksum errors: 25 lowercase base36 characters, derived so it stays stable. */
function refId(seed: string): string {
  const hex = hexOf(sha256(seed));
  let out = '';
  for (let i = 0; i < 25; i++) out += '0123456789abcdefghijklmnopqrstuvwxyz'[parseInt(hex.slice(i * 2, i * 2 + 2), 16) % 36];
  return out;
}

/** The innermost cause, as the step's ERROR line shows it, and the final `ERROR: failed to build: …` text. */
export function failureTexts(f: BuildFailure, report: BuildReport): { vertex: string; final: string } {
  switch (f.kind) {
    case 'parse': return { vertex: f.message, final: f.message };
    case 'target': return { vertex: `target stage "${f.target}" could not be found`, final: `target stage "${f.target}" could not be found` };
    case 'invalid-base': return { vertex: f.message, final: `failed to parse stage name "${f.ref}": ${f.message}` };
    case 'frontend': {
      // The gateway's ResolveImageConfig (client/llb/sourceresolver/imageresolver.go) wraps the registry's answer.
      const cause = f.why === 'no-tag' || f.why === 'no-digest' ? `${f.ref}: not found`
        : 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
      return { vertex: cause, final: `failed to resolve source metadata for ${f.ref}: ${cause}` };
    }
    case 'base': {
      const written = f.written;
      const cause = f.why === 'no-tag' || f.why === 'no-digest' ? `${f.ref}: not found`
        : 'pull access denied, repository does not exist or may require authorization: server message: insufficient_scope: authorization failed';
      return { vertex: cause, final: `${written}: failed to resolve source metadata for ${f.ref}: ${cause}` };
    }
    case 'copy-missing': {
      const msg = `failed to calculate checksum of ref ${refId(`ctx:${report.contextBytes}`)}::${refId(`ref:${f.source}`)}: "${f.source}": not found`;
      return { vertex: msg, final: `failed to compute cache key: ${msg}` };
    }
    case 'run': return { vertex: `process ${goQuote(f.process)} did not complete successfully: exit code: ${f.exitCode}`, final: `process ${goQuote(f.process)} did not complete successfully: exit code: ${f.exitCode}` };
    case 'no-shell': {
      const m = `process "/bin/sh -c ${f.step.instruction.rest}" did not complete successfully: runc run failed: unable to start container process: error during container init: exec: "/bin/sh": stat /bin/sh: no such file or directory`;
      return { vertex: m, final: m };
    }
  }
}

/** The Dockerfile excerpt BuildKit prints around the failing line(s). */
export function excerpt(lines: readonly string[], name: string, from: number, to: number): string[] {
  const single = from === to;
  const first = Math.max(1, from - (single ? 2 : 1));
  const last = Math.min(lines.length, to + (single ? 2 : 1));
  const out = [`${name}:${from === to ? from : `${from}-${to}`}`, '--------------------'];
  for (let i = first; i <= last; i++) out.push(` ${String(i).padStart(3)} | ${i >= from && i <= to ? '>>>' : '   '} ${lines[i - 1] ?? ''}`);
  out.push('--------------------');
  return out;
}

function failureLine(f: BuildFailure): { from: number; to: number } | undefined {
  switch (f.kind) {
    case 'parse': return f.line !== undefined ? { from: f.line, to: f.line } : undefined;
    case 'base': case 'invalid-base': case 'frontend': return { from: f.line, to: f.line };
    case 'copy-missing': case 'run': case 'no-shell': return { from: f.step.instruction.line, to: f.step.instruction.endLine };
    case 'target': return undefined;
  }
}

function vertices(p: BuildPresentation): Vertex[] {
  const { report } = p;
  const vs: Vertex[] = [];
  const f = report.failure;
  const texts = f ? failureTexts(f, report) : undefined;
  vs.push({ name: `[internal] load build definition from ${p.dockerfileName}`, statuses: [{ text: `transferring dockerfile: ${bytes(report.dockerfileBytes)}`, done: true }], logs: [], ms: 0, state: 'done' });
  const fe = report.frontend;
  if (fe) {
    // frontend/gateway/gateway.go: the image's config is resolved, then the image itself is solved, pinned by digest.
    const failed = f?.kind === 'frontend';
    vs.push({ name: `resolve image config for docker-image://${fe.ref}`, statuses: [], logs: [], ms: fe.resolveMs, state: failed ? 'error' : 'done', ...(failed && texts ? { error: texts.vertex } : {}) });
    if (failed || !fe.image) return vs;
    const pinned = `${fe.ref}@${fe.image.manifestDigest}`;
    const fetched = fe.cached ? [] : fe.image.layers;
    vs.push({ name: `docker-image://${pinned}`, statuses: fe.cached ? [] : [{ text: `resolve ${pinned}`, ms: 0, done: true }, ...layerStatuses(fetched)], logs: [], ms: fe.pullMs, state: fe.cached ? 'cached' : 'done' });
  }
  if (f?.kind === 'parse' || f?.kind === 'target') return vs;
  const seen = new Set<string>();
  for (const b of report.bases) {
    if (b.source === 'stage' || b.ref === 'scratch' || seen.has(b.ref)) continue;
    seen.add(b.ref);
    const failed = f?.kind === 'base' && f.ref === b.ref;
    vs.push({ name: `[internal] load metadata for ${b.ref}`, statuses: [], logs: [], ms: b.source === 'local' ? 0 : 600 + (b.ref.length % 7) * 110, state: failed ? 'error' : 'done', ...(failed && texts ? { error: texts.vertex } : {}) });
    if (failed) return vs;
  }
  if (f?.kind === 'invalid-base') return vs;
  vs.push({ name: '[internal] load .dockerignore', statuses: [{ text: `transferring context: ${bytes(report.dockerignoreBytes)}`, done: true }], logs: [], ms: 0, state: 'done' });
  let contextShown = false;
  for (const step of report.steps) {
    if (!contextShown && report.usesContext && step.instruction.keyword !== 'from' && !step.imageSource) {
      vs.push({ name: '[internal] load build context', statuses: [{ text: `transferring context: ${bytes(report.contextBytes)}`, done: true }], logs: [], ms: 0, state: 'done' });
      contextShown = true;
    }
    const statuses: Array<{ text: string; ms?: number; done: boolean }> = [];
    if ((step.instruction.keyword === 'from' || step.imageSource) && step.fetched.length > 0) {
      statuses.push({ text: `resolve ${step.text.replace(/^FROM /, '')}`, ms: 0, done: true }, ...layerStatuses(step.fetched));
    }
    const error = step.failed && texts ? texts.vertex : undefined;
    vs.push({ name: stepName(step), statuses, logs: step.output, ms: step.durationMs, state: step.failed ? 'error' : step.cached ? 'cached' : 'done', ...(error ? { error } : {}) });
  }
  if (report.image) vs.push(p.buildctl ? imageExporterVertex(report.image, p.names, p.buildctl) : exportVertex(report.image, p.names, report.steps.every((s) => s.cached)));
  return vs;
}

/** An image's layers as BuildKit fetches them: each one's download, then each one's extraction. */
function layerStatuses(layers: readonly Layer[]): Array<{ text: string; ms: number; done: boolean }> {
  return [...layers.map((l) => ({ text: `${l.digest} ${bytes(l.size)} / ${bytes(l.size)}`, ms: Math.round(l.size / 40_000), done: true })),
    ...layers.map((l) => ({ text: `extracting ${l.digest}`, ms: Math.round(l.size / 90_000), done: true }))];
}

/** BuildKit's image exporter (`--output type=image,name=…,push=true`): manifest and config, then the push. */
function imageExporterVertex(image: Image, names: readonly string[], out: { push: boolean; pushError?: string }): Vertex {
  const statuses: Array<{ text: string; ms?: number; done: boolean }> = [
    { text: 'exporting layers', ms: 300, done: true },
    { text: `exporting manifest ${image.manifestDigest}`, done: true },
    { text: `exporting config ${image.configDigest}`, done: true },
    ...names.map((n) => ({ text: `naming to ${n}`, done: true })),
  ];
  if (out.push && !out.pushError) {
    const layersMs = 600 + Math.round(image.layers.reduce((n, l) => n + l.size, 0) / 90_000);
    statuses.push({ text: 'pushing layers', ms: layersMs, done: true });
    for (const n of names) statuses.push({ text: `pushing manifest for ${n}@${image.manifestDigest}`, ms: 300, done: true });
    return { name: 'exporting to image', statuses, logs: [], ms: 400 + layersMs + 300 * names.length, state: 'done' };
  }
  if (out.pushError) return { name: 'exporting to image', statuses: [...statuses, { text: 'pushing layers', done: false }], logs: [], ms: 900, state: 'error', error: out.pushError };
  return { name: 'exporting to image', statuses, logs: [], ms: 400, state: 'done' };
}

function exportVertex(image: Image, names: readonly string[], cached: boolean): Vertex {
  const statuses: Array<{ text: string; ms?: number; done: boolean }> = [
    { text: 'exporting layers', ...(cached ? {} : { ms: 300 }), done: true },
    { text: `writing image ${image.id}`, done: true },
    ...names.map((n) => ({ text: `naming to ${n}`, done: true })),
  ];
  return { name: 'exporting to image', statuses, logs: [], ms: cached ? 0 : 400, state: 'done' };
}

/** `--progress=plain`, and what a pipe sees: vertex blocks separated by a blank line, none after the last. */
export function renderBuildPlain(p: BuildPresentation): string[] {
  const out = p.buildctl ? [] : ['#0 building with "default" instance using docker driver'];
  const vs = vertices(p);
  vs.forEach((v, i) => {
    const n = i + 1;
    if (n > 1 || !p.buildctl) out.push('');
    out.push(`#${n} ${v.name}`);
    let t = 0;
    for (const log of v.logs) {
      t += Math.max(1, Math.round(v.ms / Math.max(1, v.logs.length + 1)));
      out.push(`#${n} ${secsLog(t)} ${log}`);
    }
    for (const s of v.statuses) out.push(`#${n} ${s.text}${s.ms !== undefined ? ` ${buildkitSeconds(s.ms)}` : ''}${s.done ? ' done' : ''}`);
    if (v.state === 'cached') out.push(`#${n} CACHED`);
    else if (v.state === 'error') out.push(`#${n} ERROR: ${v.error ?? ''}`);
    else out.push(`#${n} DONE ${buildkitSeconds(v.ms)}`);
  });
  return [...out, ...failureBlock(p, vs)];
}

/** After the progress: the failed step's last logs, buildx's warning summary, the Dockerfile excerpt and the error. */
function failureBlock(p: BuildPresentation, vs: Vertex[]): string[] {
  const f = p.report.failure;
  if (!f && p.buildctl?.pushError) return [`error: failed to solve: ${p.buildctl.pushError}`];
  if (!f) return p.buildctl ? [] : warningBlock(p.report.warnings);
  const out: string[] = [];
  const failed = vs.find((v) => v.state === 'error');
  if (failed) {
    out.push('------', ` > ${failed.name}:`);
    let t = 0;
    for (const log of failed.logs.slice(-10)) {
      t += Math.max(1, Math.round(failed.ms / Math.max(1, failed.logs.length + 1)));
      out.push(`${secsLog(t)} ${log}`);
    }
    out.push('------');
  }
  out.push(...warningBlock(p.report.warnings));
  const at = failureLine(f);
  if (at) out.push(...excerpt(p.report.lines, p.dockerfileName, at.from, at.to));
  out.push(p.buildctl ? `error: failed to solve: ${failureTexts(f, p.report).final}` : `ERROR: failed to build: failed to solve: ${failureTexts(f, p.report).final}`);
  return out;
}

/** The last screen of the terminal view. */
export function renderBuildTty(p: BuildPresentation, width: number): string[] {
  const vs = vertices(p);
  const total = vs.reduce((n, v) => n + v.ms, 0);
  const failed = vs.some((v) => v.state === 'error');
  const header = `[+] Building ${buildkitSeconds(total)} (${failed ? vs.length - 1 : vs.length}/${vs.length}) FINISHED`;
  const right = 'docker:default';
  // progressui's align(): left part padded, one space, right part; the whole line one short of the width.
  const out = [`${header.padEnd(Math.max(header.length, width - 1 - right.length - 1))} ${right}`];
  const row = (label: string, ms: number): string => {
    const timer = ` ${buildkitSeconds(ms)}`;
    const name = label.slice(4, 4 + Math.max(12, width - 4 - (timer.length + 1) - 1));
    return `${` => ${name}`.padEnd(width - (timer.length + 1) - 1)} ${timer}`;
  };
  vs.forEach((v, i) => {
    const prefix = v.state === 'cached' ? ' => CACHED ' : v.state === 'error' ? ' => ERROR ' : ' => ';
    out.push(row(prefix + v.name, v.ms));
    for (const s of v.statuses) out.push(row(` => => ${s.text}`, s.ms ?? 0));
    // The frontend reports its checks on the vertex that read the Dockerfile.
    if (i === 0) for (const w of p.report.warnings) out.push(row(` => WARN: ${warningText(w)}`, v.ms));
  });
  return [...out, ...failureBlock(p, vs)];
}
