/**
 * Builds an image from a Dockerfile and a build context: the one engine behind `docker build`
 * (BuildKit), `buildah bud` and Kaniko on the CI runner. It returns what happened step by step
 * as values; each tool's renderer prints them its own way. Nothing here needs Kubernetes:
 * images are built outside the cluster, which is the point the seeds make.
 */
import { sha256, unitFromText, type Digest } from './digest.ts';
import { DockerfileError, expandVars, keyValuePairs, parseDockerfile, type Instruction, type Stage } from './dockerfile.ts';
import { hasShell, runArgv, runShell } from './exec.ts';
import { EMPTY_CONFIG, imageFiles, makeImage, type Behaviour, type Image, type ImageConfig, type Layer } from './image.ts';
import { canonical, parseReference, withDefaultTag, ReferenceError, type ImageRef } from './image-ref.ts';

/** Files of the build context, relative posix paths → content. */
export type ContextFiles = ReadonlyMap<string, string>;

export type BaseResolution =
  | { readonly ok: true; readonly image: Image; readonly source: 'local' | 'registry' }
  | { readonly ok: false; readonly why: 'no-repository' | 'no-tag' | 'no-digest' | 'unauthorized' | 'denied' };

export interface BuildHost {
  now(): number;
  /** Find a base image: the builder's own store first, then the registry. */
  resolveBase(ref: ImageRef): BaseResolution;
  /** The builder's cache, kept between builds: cache key → layer and the output the step printed. */
  readonly cache: Map<string, CachedStep>;
}

export interface CachedStep {
  readonly layer: Layer | undefined;
  readonly files: ReadonlyMap<string, string> | undefined;
  readonly cwd: string;
  /** For the final key of a build: when the image was first made (a cached rebuild reuses it). */
  readonly createdAt?: number;
}

export interface BuildOptions {
  readonly dockerfileName: string;
  readonly dockerfile: string;
  readonly context: ContextFiles;
  readonly buildArgs: ReadonlyMap<string, string>;
  readonly noCache: boolean;
  readonly target: string | undefined;
}

export interface BaseInfo {
  readonly stageIndex: number;
  /** `docker.io/library/node:20-alpine` */
  readonly ref: string;
  readonly as: string | undefined;
  readonly image?: Image;
  readonly source?: 'local' | 'registry' | 'stage';
}

export interface BuildStep {
  readonly stageIndex: number;
  /** Stage display name for multi-stage builds (`build`, `stage-1`), undefined for one stage. */
  readonly stageLabel: string | undefined;
  /** k in `[k/N]`, and N. */
  readonly position: number;
  readonly count: number;
  /** Text after the position: `FROM docker.io/library/node:20-alpine@sha256:…`, `RUN npm install`. */
  readonly text: string;
  readonly instruction: Instruction;
  readonly cached: boolean;
  readonly durationMs: number;
  readonly output: readonly string[];
  /** For FROM steps: the layers fetched from a registry now (empty when already cached). */
  readonly fetched: readonly Layer[];
  readonly failed: boolean;
}

export type BuildFailure =
  | { readonly kind: 'parse'; readonly message: string; readonly line: number | undefined }
  | { readonly kind: 'base'; readonly ref: string; readonly written: string; readonly why: BaseResolution extends infer R ? R extends { ok: false; why: infer W } ? W : never : never; readonly line: number }
  | { readonly kind: 'invalid-base'; readonly ref: string; readonly message: string; readonly line: number }
  | { readonly kind: 'copy-missing'; readonly source: string; readonly step: BuildStep }
  | { readonly kind: 'run'; readonly process: string; readonly exitCode: number; readonly step: BuildStep }
  | { readonly kind: 'no-shell'; readonly step: BuildStep }
  | { readonly kind: 'target'; readonly target: string };

export interface BuildReport {
  readonly bases: readonly BaseInfo[];
  readonly steps: readonly BuildStep[];
  readonly contextBytes: number;
  readonly dockerfileBytes: number;
  readonly usesContext: boolean;
  readonly image: Image | undefined;
  readonly failure: BuildFailure | undefined;
  readonly totalMs: number;
  /** The Dockerfile's lines, for error excerpts. */
  readonly lines: readonly string[];
}

/** Instructions that BuildKit turns into steps of their own; the rest only change the config. */
const STEP_KEYWORDS = new Set(['from', 'run', 'copy', 'add', 'workdir']);

interface StageState {
  layers: Layer[];
  config: { -readonly [K in keyof ImageConfig]: ImageConfig[K] };
  files: Map<string, string>;
  cacheKey: string;
  behaviour: Behaviour;
  distro: Image['distro'];
  args: Map<string, string>;
}

/** .dockerignore patterns: `node_modules`, `*.log`, `**​/secret`, `!keep.log`. */
function ignoreFilter(context: ContextFiles): (path: string) => boolean {
  const raw = context.get('.dockerignore');
  if (raw === undefined) return () => false;
  const rules = raw.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const pat = (negate ? l.slice(1) : l).replace(/^\.?\//, '').replace(/\/$/, '');
    const re = new RegExp(`^${pat.split('**/').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('(?:.*/)?')}(?:/.*)?$`);
    return { negate, re };
  });
  return (path) => {
    let ignored = false;
    for (const r of rules) if (r.re.test(path)) ignored = !r.negate;
    return ignored;
  };
}

function globToRegExp(glob: string): RegExp {
  return new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
}

function normalise(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (!seg || seg === '.') continue;
    if (seg === '..') parts.pop(); else parts.push(seg);
  }
  return parts.join('/');
}

function joinPath(dir: string, p: string): string {
  return `/${normalise(p.startsWith('/') ? p : `${dir}/${p}`)}`;
}

/** Select context files for a COPY source; undefined when nothing matches. */
function selectSources(context: ContextFiles, source: string): Array<[string, string]> | undefined {
  const src = normalise(source);
  if (src === '') return [...context.entries()].map(([p, c]) => [p, c]);
  if (/[*?]/.test(src)) {
    const re = globToRegExp(src);
    const hits = [...context.entries()].filter(([p]) => re.test(p)).map(([p, c]): [string, string] => [p.slice(p.lastIndexOf('/') + 1), c]);
    return hits.length ? hits : undefined;
  }
  const file = context.get(src);
  if (file !== undefined) return [[src.slice(src.lastIndexOf('/') + 1), file]];
  const dir = [...context.entries()].filter(([p]) => p.startsWith(`${src}/`)).map(([p, c]): [string, string] => [p.slice(src.length + 1), c]);
  return dir.length ? dir : undefined;
}

export function build(host: BuildHost, options: BuildOptions): BuildReport {
  const steps: BuildStep[] = [];
  const bases: BaseInfo[] = [];
  let totalMs = 0;
  const dockerfileBytes = options.dockerfile.length;
  const ignored = ignoreFilter(options.context);
  const context = new Map([...options.context].filter(([p]) => !ignored(p)));
  const contextBytes = [...context.values()].reduce((n, c) => n + c.length, 0) || 2;
  const lines = options.dockerfile.replace(/\r\n/g, '\n').split('\n');
  const report = (extra: Partial<BuildReport>): BuildReport => ({
    bases, steps, contextBytes, dockerfileBytes, usesContext: false, image: undefined, failure: undefined, totalMs, lines, ...extra,
  });

  let parsed;
  try {
    parsed = parseDockerfile(options.dockerfile);
  } catch (e) {
    if (e instanceof DockerfileError) return report({ failure: { kind: 'parse', message: e.message, line: e.line } });
    throw e;
  }

  // Which stages are needed: the target (or last) and, transitively, those it copies from or builds on.
  const stageByName = new Map<string, Stage>();
  for (const s of parsed.stages) if (s.name) stageByName.set(s.name, s);
  let finalStage = parsed.stages[parsed.stages.length - 1] as Stage;
  if (options.target !== undefined) {
    const t = stageByName.get(options.target.toLowerCase());
    if (!t) return report({ failure: { kind: 'target', target: options.target } });
    finalStage = t;
  }
  const needed = new Set<number>();
  const visit = (s: Stage): void => {
    if (needed.has(s.index)) return;
    needed.add(s.index);
    const base = stageByName.get(s.base.toLowerCase()) ?? (/^\d+$/.test(s.base) ? parsed.stages[Number(s.base)] : undefined);
    if (base && base.index < s.index) visit(base);
    for (const ins of s.instructions) {
      const from = ins.flags.from;
      if (from !== undefined) {
        const dep = stageByName.get(from.toLowerCase()) ?? (/^\d+$/.test(from) ? parsed.stages[Number(from)] : undefined);
        if (dep) visit(dep);
      }
    }
  };
  visit(finalStage);
  const multi = needed.size > 1;
  const usesContext = parsed.stages.some((s) => needed.has(s.index) && s.instructions.some((i) => (i.keyword === 'copy' || i.keyword === 'add') && i.flags.from === undefined));

  // Global ARGs (before FROM) with --build-arg overrides.
  const globalArgs = new Map<string, string>();
  for (const a of parsed.globalArgs) {
    for (const [k, v] of keyValuePairs(a.rest)) globalArgs.set(k, options.buildArgs.get(k) ?? expandVars(v, globalArgs));
  }

  // Resolve every needed base first, as BuildKit's "load metadata" steps do.
  const stageResults = new Map<number, StageState>();
  const baseImages = new Map<number, { image: Image; source: 'local' | 'registry' | 'stage'; ref: string }>();
  for (const s of parsed.stages) {
    if (!needed.has(s.index)) continue;
    const fromStage = stageByName.get(s.base.toLowerCase());
    if (fromStage && fromStage.index < s.index) { bases.push({ stageIndex: s.index, ref: s.base, as: s.name, source: 'stage' }); continue; }
    const text = expandVars(s.base, globalArgs);
    if (text.toLowerCase() === 'scratch') {
      const image = makeImage({ layers: [], config: EMPTY_CONFIG, created: 0, distro: 'scratch', behaviour: { kind: 'program' } });
      baseImages.set(s.index, { image, source: 'local', ref: 'scratch' });
      bases.push({ stageIndex: s.index, ref: 'scratch', as: s.name, image, source: 'local' });
      continue;
    }
    let ref: ImageRef;
    try {
      ref = withDefaultTag(parseReference(text));
    } catch (e) {
      if (e instanceof ReferenceError) return report({ usesContext, failure: { kind: 'invalid-base', ref: text, message: e.message, line: s.from.line } });
      throw e;
    }
    const r = host.resolveBase(ref);
    bases.push({ stageIndex: s.index, ref: canonical(ref), as: s.name, ...(r.ok ? { image: r.image, source: r.source } : {}) });
    if (!r.ok) return report({ usesContext, failure: { kind: 'base', ref: canonical(ref), written: text, why: r.why, line: s.from.line } });
    baseImages.set(s.index, { image: r.image, source: r.source, ref: canonical(ref) });
  }

  // Run the stages in order.
  for (const s of parsed.stages) {
    if (!needed.has(s.index)) continue;
    const stageLabel = multi ? (s.name ?? `stage-${s.index}`) : undefined;
    const count = 1 + s.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword)).length;
    let position = 1;
    const fromStage = stageByName.get(s.base.toLowerCase());
    let state: StageState;
    if (fromStage && stageResults.has(fromStage.index)) {
      const prev = stageResults.get(fromStage.index) as StageState;
      state = { ...prev, layers: [...prev.layers], config: { ...prev.config }, files: new Map(prev.files), args: new Map() };
      steps.push({ stageIndex: s.index, stageLabel, position, count, text: `FROM ${fromStage.name ?? fromStage.index}`, instruction: s.from, cached: true, durationMs: 0, output: [], fetched: [], failed: false });
    } else {
      const base = baseImages.get(s.index) as { image: Image; source: 'local' | 'registry' | 'stage'; ref: string };
      const seen = host.cache.has(`base:${base.image.manifestDigest}`) || base.source === 'local';
      const fetched = seen ? [] : base.image.layers;
      host.cache.set(`base:${base.image.manifestDigest}`, { layer: undefined, files: undefined, cwd: '/' });
      const durationMs = seen ? 0 : 400 + fetched.reduce((n, l) => n + l.size / 40_000, 0);
      totalMs += durationMs;
      steps.push({
        stageIndex: s.index, stageLabel, position, count,
        text: base.ref === 'scratch' ? 'FROM scratch' : `FROM ${base.ref}@${base.image.manifestDigest}`,
        instruction: s.from, cached: seen, durationMs, output: [], fetched, failed: false,
      });
      state = {
        layers: [...base.image.layers], config: { ...base.image.config, env: [...base.image.config.env] }, files: imageFiles(base.image),
        cacheKey: sha256(`from:${base.image.manifestDigest}`), behaviour: base.image.behaviour, distro: base.image.distro, args: new Map(),
      };
    }

    const envMap = (): Map<string, string> => new Map(state.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    const vars = (): Map<string, string> => new Map([...state.args, ...envMap()]);

    for (const ins of s.instructions) {
      switch (ins.keyword) {
        case 'arg': {
          for (const [k, v] of keyValuePairs(ins.rest)) {
            const value = options.buildArgs.get(k) ?? (v !== '' || ins.rest.includes('=') ? expandVars(v, vars()) : (globalArgs.get(k) ?? ''));
            state.args.set(k, value);
          }
          continue;
        }
        case 'env': {
          const env = envMap();
          for (const [k, v] of keyValuePairs(ins.rest)) env.set(k, expandVars(v, vars()));
          state.config.env = [...env].map(([k, v]) => `${k}=${v}`);
          state.cacheKey = sha256(`${state.cacheKey}|env|${state.config.env.join('\0')}`);
          continue;
        }
        case 'label': {
          state.config.labels = { ...state.config.labels, ...Object.fromEntries(keyValuePairs(expandVars(ins.rest, vars()))) };
          continue;
        }
        case 'expose': {
          const ports = expandVars(ins.rest, vars()).split(/\s+/).map((p) => (p.includes('/') ? p : `${p}/tcp`));
          state.config.exposedPorts = [...new Set([...state.config.exposedPorts, ...ports])];
          continue;
        }
        case 'user': state.config.user = expandVars(ins.rest, vars()); continue;
        case 'cmd': state.config.cmd = ins.json ?? ['/bin/sh', '-c', ins.rest]; state.behaviour = { kind: 'program' }; continue;
        case 'entrypoint': state.config.entrypoint = ins.json ?? ['/bin/sh', '-c', ins.rest]; state.behaviour = { kind: 'program' }; continue;
        case 'volume': case 'healthcheck': case 'stopsignal': case 'shell': case 'onbuild': case 'maintainer': continue;
        default: break;
      }
      position++;
      const stepBase = { stageIndex: s.index, stageLabel, position, count, instruction: ins, fetched: [] as Layer[] };

      if (ins.keyword === 'workdir') {
        const dir = joinPath(state.config.workingDir, expandVars(ins.rest, vars()));
        const key = sha256(`${state.cacheKey}|workdir|${dir}`);
        const hit = !options.noCache && host.cache.get(key);
        const layer: Layer = hit && hit.layer ? hit.layer : { digest: sha256(`layer:${key}`), size: 93, unpacked: 32, createdBy: `WORKDIR ${dir}`, files: { [dir]: '\0dir' } };
        if (!hit) host.cache.set(key, { layer, files: undefined, cwd: dir });
        state.layers.push(layer);
        state.files.set(dir, state.files.get(dir) ?? '\0dir');
        state.config.workingDir = dir;
        state.cacheKey = key;
        const durationMs = hit ? 0 : 40;
        totalMs += durationMs;
        steps.push({ ...stepBase, text: `WORKDIR ${ins.rest}`, cached: Boolean(hit), durationMs, output: [], failed: false });
        continue;
      }

      if (ins.keyword === 'copy' || ins.keyword === 'add') {
        const args = (ins.json ?? ins.rest.split(/\s+/)).map((a) => expandVars(a, vars()));
        const dest = args.pop() as string;
        const fromName = ins.flags.from;
        let sourceFiles: ContextFiles = context;
        let sourceLabel = 'context';
        if (fromName !== undefined) {
          const dep = stageByName.get(fromName.toLowerCase()) ?? (/^\d+$/.test(fromName) ? parsed.stages[Number(fromName)] : undefined);
          const depState = dep ? stageResults.get(dep.index) : undefined;
          if (depState) {
            sourceFiles = new Map([...depState.files].filter(([, c]) => c !== '\0dir').map(([p, c]) => [p.slice(1), c]));
            sourceLabel = `stage:${dep?.index}`;
          } else {
            let ref: ImageRef;
            try { ref = withDefaultTag(parseReference(fromName)); } catch { return report({ usesContext, failure: { kind: 'invalid-base', ref: fromName, message: 'invalid reference format', line: ins.line } }); }
            const r = host.resolveBase(ref);
            if (!r.ok) return report({ usesContext, failure: { kind: 'base', ref: canonical(ref), written: fromName, why: r.why, line: ins.line } });
            sourceFiles = new Map([...imageFiles(r.image)].map(([p, c]) => [p.slice(1), c]));
            sourceLabel = `image:${r.image.id}`;
          }
        }
        const picked: Array<[string, string]> = [];
        for (const src of args) {
          if (ins.keyword === 'add' && /^https?:\/\//.test(src)) {
            picked.push([src.slice(src.lastIndexOf('/') + 1) || 'index.html', `downloaded from ${src}`]);
            continue;
          }
          const hit = selectSources(sourceFiles, src);
          if (!hit) {
            const step: BuildStep = { ...stepBase, text: ins.original, cached: false, durationMs: 0, output: [], failed: true };
            steps.push(step);
            return report({ usesContext, failure: { kind: 'copy-missing', source: `/${normalise(src)}`, step } });
          }
          picked.push(...hit);
        }
        const toDir = dest.endsWith('/') || dest === '.' || args.length > 1 || picked.length > 1 || args.some((a) => normalise(a) === '' || !sourceFiles.has(normalise(a)));
        const destPath = joinPath(state.config.workingDir, dest);
        const added: Record<string, string> = {};
        for (const [rel, content] of picked) added[toDir ? `${destPath === '/' ? '' : destPath}/${rel}` : destPath] = content;
        const contentHash = sha256(Object.entries(added).sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) => `${p}\0${c}`).join('\0\0'));
        const key = sha256(`${state.cacheKey}|${ins.keyword}|${sourceLabel}|${contentHash}`);
        const hit = !options.noCache && host.cache.get(key);
        const bytes = Object.values(added).reduce((n, c) => n + c.length, 0);
        const layer: Layer = hit && hit.layer ? hit.layer : { digest: sha256(`layer:${key}`), size: Math.round(bytes * 0.45) + 120, unpacked: bytes, createdBy: `${ins.original} # buildkit`, files: added };
        if (!hit) host.cache.set(key, { layer, files: undefined, cwd: state.config.workingDir });
        state.layers.push(layer);
        for (const [p, c] of Object.entries(added)) state.files.set(p, c);
        state.cacheKey = key;
        const durationMs = hit ? 0 : 60 + Math.round(bytes / 50_000);
        totalMs += durationMs;
        steps.push({ ...stepBase, text: ins.original, cached: Boolean(hit), durationMs, output: [], failed: false });
        continue;
      }

      // RUN
      const process = ins.json ? ins.json.join(' ') : `/bin/sh -c ${ins.rest}`;
      const argsUsed = [...state.args].map(([k, v]) => `${k}=${v}`).join('\0');
      const key = sha256(`${state.cacheKey}|run|${ins.json ? JSON.stringify(ins.json) : ins.rest}|${argsUsed}`);
      const hit = !options.noCache ? host.cache.get(key) : undefined;
      if (hit && hit.layer && hit.files) {
        state.layers.push(hit.layer);
        state.files = new Map(hit.files);
        state.cacheKey = key;
        steps.push({ ...stepBase, text: ins.original, cached: true, durationMs: 0, output: [], failed: false });
        continue;
      }
      if (!ins.json && !hasShell(state.distro)) {
        const step: BuildStep = { ...stepBase, text: ins.original, cached: false, durationMs: 50, output: [], failed: true };
        steps.push(step);
        return report({ usesContext, failure: { kind: 'no-shell', step } });
      }
      const files = new Map(state.files);
      const ctx = { distro: state.distro, files, env: new Map([...state.args, ...envMap()]), cwd: state.config.workingDir, hostname: 'buildkitsandbox', now: host.now() + totalMs };
      const result = ins.json ? runArgv(ctx, ins.json) : runShell(ctx, ins.rest);
      const notFound = 'notFound' in result && result.notFound;
      const durationMs = Math.max(80, result.durationMs) + Math.round(unitFromText(key) * 300);
      totalMs += durationMs;
      const output = notFound ? [] : result.output;
      if (result.exitCode !== 0) {
        const step: BuildStep = { ...stepBase, text: ins.original, cached: false, durationMs, output, failed: true };
        steps.push(step);
        return report({ usesContext, failure: { kind: 'run', process, exitCode: result.exitCode, step } });
      }
      const changed: Record<string, string> = {};
      for (const [p, c] of files) if (state.files.get(p) !== c) changed[p] = c;
      const layer: Layer = { digest: sha256(`layer:${key}`), size: Math.round(result.bytesAdded * 0.38) + (result.bytesAdded ? 180 : 0), unpacked: result.bytesAdded, createdBy: `RUN ${process} # buildkit`, files: changed };
      host.cache.set(key, { layer, files, cwd: ctx.cwd });
      state.layers.push(layer);
      state.files = files;
      state.cacheKey = key;
      steps.push({ ...stepBase, text: ins.original, cached: false, durationMs, output, failed: false });
    }
    stageResults.set(s.index, state);
  }

  const final = stageResults.get(finalStage.index) as StageState;
  // The config (and so the image id) depends on its creation time: an unchanged rebuild reuses
  // the time of the first build, so it yields the very same IMAGE ID, as BuildKit does.
  const configKey = sha256(`${final.cacheKey}|config|${JSON.stringify(final.config)}`);
  const createdAt = (!options.noCache && host.cache.get(configKey)?.createdAt) || host.now() + totalMs;
  host.cache.set(configKey, { layer: undefined, files: undefined, cwd: '/', createdAt });
  const image = makeImage({ layers: final.layers, config: final.config, created: createdAt, distro: final.distro, behaviour: final.behaviour });
  return report({ usesContext, image, totalMs });
}

