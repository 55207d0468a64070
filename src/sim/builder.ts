/**
 * Builds an image from a Dockerfile and a build context: the one engine behind `docker build`
 * (BuildKit), `buildah bud` and Kaniko on the CI runner. It returns what happened step by step
 * as values; each tool's renderer prints them its own way. Nothing here needs Kubernetes:
 * images are built outside the cluster, which is the point the seeds make.
 */
import { sha256, unitFromText } from './digest.ts';
import { DockerfileError, editDistance, expandSetVars, expandVars, keyValuePairs, parseDockerfile, referencedVars, type Instruction, type ParsedDockerfile, type Stage } from './dockerfile.ts';
import { contentBytes, hasShell, runArgv, runShell } from './exec.ts';
import { EMPTY_CONFIG, goQuote, goStringList, imageFiles, imageHistory, makeImage, type Behaviour, type HistoryEntry, type Image, type ImageConfig, type Layer } from './image.ts';
import { canonical, parseReference, withDefaultTag, ReferenceError, type ImageRef } from './image-ref.ts';

/** Files of the build context, relative posix paths → content. */
export type ContextFiles = ReadonlyMap<string, string>;

export type BaseResolution =
  | { readonly ok: true; readonly image: Image; readonly source: 'local' | 'registry' }
  | { readonly ok: false; readonly why: 'no-repository' | 'no-tag' | 'no-digest' | 'unauthorized' | 'denied' };

type ResolutionFailure = Extract<BaseResolution, { ok: false }>['why'];

export interface BuildHost {
  now(): number;
  /** Find a base image: the builder's own store first, then the registry. */
  resolveBase(ref: ImageRef): BaseResolution;
  /** The builder's cache, kept between builds: cache key → layer and the output the step printed. */
  readonly cache: Map<string, CachedStep>;
  /**
   * BuildKit only: the frontend image a `# syntax=` directive names, and whether BuildKit's store
   * already holds it. Builders without this (Buildah, Kaniko, the legacy builder) read the line as
   * a comment.
   */
  resolveFrontend?(ref: ImageRef): { readonly ok: true; readonly image: Image; readonly cached: boolean } | { readonly ok: false; readonly why: ResolutionFailure };
}

/** The frontend BuildKit forwarded the build to (`# syntax=docker/dockerfile:1`), and how long it took. */
export interface FrontendInfo {
  /** `docker.io/docker/dockerfile:1` */
  readonly ref: string;
  readonly image: Image | undefined;
  readonly cached: boolean;
  readonly resolveMs: number;
  readonly pullMs: number;
}

const DIRECTIVE_KEYS = new Set(['syntax', 'escape', 'check']);

/**
 * The `# syntax=` parser directive, as BuildKit's DetectSyntax finds it
 * (frontend/dockerfile/parser/directives.go): a BOM and a `#!` first line are skipped, directives
 * are read from the top until a line that is not one (`//` comments are tried when `#` ones name
 * no syntax), and the image is the value's first word. `line` is 1-based.
 */
export function syntaxDirective(dockerfile: string): { readonly ref: string; readonly line: number } | undefined {
  let lines = dockerfile.replace(/^\uFEFF/, '').split('\n').map((l) => l.replace(/\r$/, ''));
  let offset = 0;
  if (lines[0]?.startsWith('#!')) { lines = lines.slice(1); offset = 1; }
  for (const comment of ['#', '//']) {
    const re = new RegExp(`^${comment}\\s*([a-zA-Z][a-zA-Z0-9]*)\\s*=\\s*(.+?)\\s*$`);
    const seen = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      const m = re.exec(lines[i] as string);
      const key = m?.[1]?.toLowerCase();
      if (!m || !key || !DIRECTIVE_KEYS.has(key) || seen.has(key)) break;
      seen.add(key);
      if (key === 'syntax') return { ref: (m[2] as string).split(' ')[0] as string, line: offset + i + 1 };
    }
  }
  return undefined;
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
  /** The legacy builder (`DOCKER_BUILDKIT=0`): every stage up to the target runs, needed or not. */
  readonly legacy?: boolean;
}

export interface BaseInfo {
  readonly stageIndex: number;
  /** `docker.io/library/node:20-alpine` */
  readonly ref: string;
  readonly as: string | undefined;
  readonly image?: Image;
  readonly source?: 'local' | 'registry' | 'stage';
  /** An image a `COPY --from=IMAGE` reads from, rather than a stage's FROM. */
  readonly copySource?: boolean;
}

export interface BuildStep {
  readonly stageIndex: number;
  /** Stage display name for multi-stage builds (`build`, `stage-1`), undefined for one stage. */
  readonly stageLabel: string | undefined;
  /** k in `[k/N]`, and N (N is 0 for a stage with no steps of its own, which BuildKit prints unnumbered). */
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
  /** BuildKit's own vertex for an image that `COPY --from=IMAGE` reads (`FROM docker.io/library/nginx:latest@sha256:…`). */
  readonly imageSource?: boolean;
  /** The cache key after this step: the same on a cached rebuild (the legacy builder's intermediate image ids come from it). */
  readonly key?: string;
}

export type BuildFailure =
  | { readonly kind: 'parse'; readonly message: string; readonly line: number | undefined }
  | { readonly kind: 'base'; readonly ref: string; readonly written: string; readonly why: BaseResolution extends infer R ? R extends { ok: false; why: infer W } ? W : never : never; readonly line: number }
  | { readonly kind: 'invalid-base'; readonly ref: string; readonly message: string; readonly line: number }
  | { readonly kind: 'copy-missing'; readonly source: string; readonly step: BuildStep }
  | { readonly kind: 'run'; readonly process: string; readonly exitCode: number; readonly step: BuildStep }
  | { readonly kind: 'no-shell'; readonly step: BuildStep }
  | { readonly kind: 'target'; readonly target: string }
  | { readonly kind: 'frontend'; readonly ref: string; readonly why: ResolutionFailure; readonly line: number };

export interface BuildReport {
  readonly bases: readonly BaseInfo[];
  readonly steps: readonly BuildStep[];
  readonly contextBytes: number;
  /** What `load .dockerignore` transfers: the file, or BuildKit's 2 bytes when there is none. */
  readonly dockerignoreBytes: number;
  readonly dockerfileBytes: number;
  /** BuildKit's `# syntax=` frontend, when the Dockerfile names one. */
  readonly frontend: FrontendInfo | undefined;
  readonly usesContext: boolean;
  readonly image: Image | undefined;
  readonly failure: BuildFailure | undefined;
  readonly totalMs: number;
  /** The Dockerfile's lines, for error excerpts. */
  readonly lines: readonly string[];
  /** BuildKit's build checks (`JSONArgsRecommended`, `UndefinedVar` …), in the order it reports them. */
  readonly warnings: readonly BuildWarning[];
}

/** One build-check warning: `JSONArgsRecommended: JSON arguments recommended for CMD … (line 7)`. */
export interface BuildWarning {
  readonly rule: string;
  readonly message: string;
  readonly line: number;
}

/** Instructions that BuildKit counts as steps of a stage; the rest only change the config. */
const STEP_KEYWORDS = new Set(['run', 'copy', 'add', 'workdir']);
/** Instructions whose words BuildKit expands itself (RUN, CMD and ENTRYPOINT are left to the shell). */
const EXPANDED = new Set(['env', 'label', 'copy', 'add', 'workdir', 'expose', 'user', 'volume', 'stopsignal']);
const HISTORY_COMMENT = 'buildkit.dockerfile.v0';

interface StageState {
  layers: Layer[];
  config: { -readonly [K in keyof ImageConfig]: ImageConfig[K] };
  files: Map<string, string>;
  cacheKey: string;
  behaviour: Behaviour;
  distro: Image['distro'];
  args: Map<string, string>;
  history: HistoryEntry[];
}

/**
 * .dockerignore patterns (`node_modules`, `*.log`, `**​/secret`, `!keep.log`) as a test on a
 * context path. Folders are pruned whole only when no `!` rule could bring something back.
 */
export function dockerignoreMatcher(raw: string | undefined): ((path: string, isDir?: boolean) => boolean) | undefined {
  if (raw === undefined) return undefined;
  const rules = raw.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const pat = (negate ? l.slice(1) : l).replace(/^\.?\//, '').replace(/\/$/, '');
    const re = new RegExp(`^${pat.split('**/').map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')).join('(?:.*/)?')}(?:/.*)?$`);
    return { negate, re };
  });
  if (rules.length === 0) return undefined;
  const anyNegation = rules.some((r) => r.negate);
  return (path, isDir = false) => {
    if (isDir && anyNegation) return false;
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

/** True when `path` is a folder in the image's files (created by WORKDIR or mkdir, or holding files). */
function isDirIn(files: ReadonlyMap<string, string>, path: string): boolean {
  if (path === '/') return true;
  if (files.get(path) === '\0dir') return true;
  const prefix = `${path}/`;
  for (const k of files.keys()) if (k.startsWith(prefix)) return true;
  return false;
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

/** BuildKit's suggestion for a mistyped name: the closest option, if it is close (distance under 3). */
function closest(word: string, options: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const o of options) {
    const d = editDistance(word, o);
    if (d < bestD) { bestD = d; best = o; }
  }
  return bestD > 0 && bestD < 3 ? best : undefined;
}

const isUpper = (w: string): boolean => w === w.toUpperCase();

function stageOf(parsed: ParsedDockerfile, name: string): Stage | undefined {
  return parsed.stages.find((s) => s.name === name.toLowerCase()) ?? (/^\d+$/.test(name) ? parsed.stages[Number(name)] : undefined);
}

/** The checks BuildKit runs while parsing, over the whole file (they are reported even when a base image is missing). */
function parseChecks(parsed: ParsedDockerfile): BuildWarning[] {
  const warnings: BuildWarning[] = [];
  const warn = (rule: string, message: string, line: number): void => { warnings.push({ rule, message, line }); };
  for (const s of parsed.stages) {
    if (s.asWord !== undefined && isUpper(s.from.word) !== isUpper(s.asWord)) warn('FromAsCasing', `'${s.asWord}' and '${s.from.word}' keywords' casing do not match`, s.from.line);
    if (s.rawName !== undefined && s.rawName !== s.rawName.toLowerCase()) warn('StageNameCasing', `Stage name '${s.rawName}' should be lowercase`, s.from.line);
    for (const ins of s.instructions) if (ins.keyword === 'maintainer') warn('MaintainerDeprecated', 'Maintainer instruction is deprecated in favor of using label', ins.line);
  }
  return warnings;
}

/** The checks converting each stage that is built reports, in instruction order. */
function stageChecks(parsed: ParsedDockerfile, needed: ReadonlySet<number>, baseEnv: ReadonlyMap<number, readonly string[]>, buildArgs: ReadonlyMap<string, string>): BuildWarning[] {
  const warnings: BuildWarning[] = [];
  const warn = (rule: string, message: string, line: number): void => { warnings.push({ rule, message, line }); };
  // What each stage leaves behind, for stages built FROM another stage.
  const finals = new Map<number, { env: string[]; declared: Set<string>; workdirSet: boolean; shell: boolean }>();
  for (const s of parsed.stages) {
    if (!needed.has(s.index)) continue;
    const parent = stageOf(parsed, s.base);
    const inherited = parent && parent.index < s.index ? finals.get(parent.index) : undefined;
    const env = [...(inherited?.env ?? baseEnv.get(s.index) ?? [])];
    if (!env.includes('PATH')) env.push('PATH');
    const declared = new Set(inherited?.declared ?? []);
    let workdirSet = inherited?.workdirSet ?? false;
    let shell = inherited?.shell ?? false;
    const once: Record<string, number | undefined> = {};
    const undefinedVars = (text: string, line: number): void => {
      for (const v of referencedVars(text)) {
        if (env.includes(v) || declared.has(v)) continue;
        const s2 = closest(v, env);
        warn('UndefinedVar', `Usage of undefined variable '$${v}'${s2 ? ` (did you mean $${s2}?)` : ''}`, line);
      }
    };
    for (const ins of s.instructions) {
      if (EXPANDED.has(ins.keyword)) undefinedVars(ins.keyword === 'copy' || ins.keyword === 'add' ? ins.rest.replace(/<<-?["']?[A-Za-z_][A-Za-z0-9_.-]*["']?/g, '') : ins.rest, ins.line);
      switch (ins.keyword) {
        case 'arg':
          for (const [k, v] of keyValuePairs(ins.rest)) {
            if (ins.rest.includes('=')) undefinedVars(v, ins.line);
            declared.add(k);
            if ((ins.rest.includes('=') || buildArgs.has(k)) && !env.includes(k)) env.push(k);
          }
          break;
        case 'env':
        case 'label':
          if (!/^[^\s=]+=/.test(ins.rest)) warn('LegacyKeyValueFormat', `"${ins.keyword.toUpperCase()} key=value" should be used instead of legacy "${ins.keyword.toUpperCase()} key value" format`, ins.line);
          if (ins.keyword === 'env') for (const [k] of keyValuePairs(ins.rest)) if (!env.includes(k)) env.push(k);
          break;
        case 'workdir':
          if (!workdirSet && !expandVars(ins.rest, new Map()).startsWith('/') && !ins.rest.startsWith('$')) warn('WorkdirRelativePath', `Relative workdir ${goQuote(ins.rest)} can have unexpected results if the base image changes`, ins.line);
          workdirSet = true;
          break;
        case 'shell':
          shell = true;
          break;
        case 'cmd':
        case 'entrypoint':
        case 'healthcheck': {
          const name = ins.keyword.toUpperCase();
          const previous = once[name];
          if (previous !== undefined) warn('MultipleInstructionsDisallowed', `Multiple ${name} instructions should not be used in the same stage because only the last one will be used`, previous);
          once[name] = ins.line;
          if (ins.keyword !== 'healthcheck' && !ins.json && !shell) warn('JSONArgsRecommended', `JSON arguments recommended for ${name} to prevent unintended behavior related to OS signals`, ins.line);
          break;
        }
        default:
          break;
      }
    }
    finals.set(s.index, { env, declared, workdirSet, shell });
  }
  return warnings;
}

/** How BuildKit writes a COPY/ADD into history: flags it keeps, sources, heredoc names, destination. */
function copyHistory(ins: Instruction, sources: readonly string[], dest: string): string {
  const flags = ['chown', 'chmod'].filter((f) => ins.flags[f] !== undefined).map((f) => `--${f}=${ins.flags[f]}`);
  return [ins.keyword.toUpperCase(), ...flags, ...sources, ...ins.heredocs.map((h) => `<<${h.name}`), dest].join(' ');
}

/** `RUN <<EOT` alone, or with only a shell after it: the heredoc body is the script. */
function heredocScript(ins: Instruction): string | undefined {
  const doc = ins.heredocs[0];
  if (!doc) return undefined;
  const rest = ins.rest.replace(/<<-?["']?[A-Za-z_][A-Za-z0-9_.-]*["']?/, '').trim();
  if (rest === '' || /^(\/bin\/)?(sh|bash|ash)$/.test(rest)) return doc.content;
  return undefined;
}

export function build(host: BuildHost, options: BuildOptions): BuildReport {
  const steps: BuildStep[] = [];
  const bases: BaseInfo[] = [];
  let totalMs = 0;
  let warnings: BuildWarning[] = [];
  const dockerfileBytes = contentBytes(options.dockerfile);
  const ignored = dockerignoreMatcher(options.context.get('.dockerignore'));
  const context = new Map([...options.context].filter(([p]) => !ignored?.(p)));
  const contextBytes = [...context.values()].reduce((n, c) => n + contentBytes(c), 0) || 2;
  const dockerignoreBytes = contentBytes(options.context.get('.dockerignore') ?? '') || 2;
  const lines = options.dockerfile.replace(/\r\n/g, '\n').split('\n');
  let frontend: FrontendInfo | undefined;
  const report = (extra: Partial<BuildReport>): BuildReport => ({
    bases, steps, contextBytes, dockerignoreBytes, dockerfileBytes, frontend, usesContext: false, image: undefined, failure: undefined, totalMs, lines, warnings, ...extra,
  });

  // BuildKit's built-in Dockerfile frontend forwards a build whose Dockerfile names a syntax to
  // that frontend image (frontend/dockerfile/builder/build.go, forwardGateway), before anything is parsed.
  const syntax = host.resolveFrontend && !options.legacy ? syntaxDirective(options.dockerfile) : undefined;
  if (syntax && host.resolveFrontend) {
    let ref: ImageRef | undefined;
    try {
      ref = withDefaultTag(parseReference(syntax.ref));
    } catch (e) {
      if (!(e instanceof ReferenceError)) throw e;
    }
    if (ref) {
      const r = host.resolveFrontend(ref);
      const resolveMs = 400 + (syntax.ref.length % 5) * 60;
      if (!r.ok) {
        frontend = { ref: canonical(ref), image: undefined, cached: false, resolveMs, pullMs: 0 };
        return report({ failure: { kind: 'frontend', ref: canonical(ref), why: r.why, line: syntax.line } });
      }
      const pullMs = r.cached ? 0 : 300 + Math.round(r.image.layers.reduce((n, l) => n + l.size, 0) / 40_000);
      frontend = { ref: canonical(ref), image: r.image, cached: r.cached, resolveMs, pullMs };
      totalMs += resolveMs + pullMs;
    }
  }

  let parsed: ParsedDockerfile;
  try {
    parsed = parseDockerfile(options.dockerfile);
  } catch (e) {
    if (e instanceof DockerfileError) return report({ failure: { kind: 'parse', message: e.message, line: e.line } });
    throw e;
  }
  warnings = parseChecks(parsed);

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
    const base = stageOf(parsed, s.base);
    if (base && base.index < s.index) visit(base);
    for (const ins of s.instructions) {
      const from = ins.flags.from;
      if (from !== undefined) {
        const dep = stageOf(parsed, from);
        if (dep) visit(dep);
      }
    }
  };
  visit(finalStage);
  if (options.legacy) for (const s of parsed.stages) if (s.index <= finalStage.index) needed.add(s.index);
  // BuildKit drops the stage label only when the Dockerfile has a single stage and copies from no other image.
  const copiesFromImage = parsed.stages.some((s) => s.instructions.some((i) => i.flags.from !== undefined && !stageOf(parsed, i.flags.from)));
  const labelled = parsed.stages.length > 1 || copiesFromImage;
  const usesContext = parsed.stages.some((s) => needed.has(s.index) && s.instructions.some((i) => (i.keyword === 'copy' || i.keyword === 'add') && i.flags.from === undefined && !(i.heredocs.length > 0 && i.rest.trim().split(/\s+/).every((w, k, all) => k === all.length - 1 || w.startsWith('<<')))));

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
      const image = makeImage({ layers: [], config: EMPTY_CONFIG, created: 0, distro: 'scratch', behaviour: { kind: 'program' }, history: [] });
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
  // Images that COPY --from names are resolved with the bases (dockerfile2llb resolves them while converting).
  for (const s of parsed.stages) {
    if (!needed.has(s.index)) continue;
    for (const ins of s.instructions) {
      const from = ins.flags.from;
      if (from === undefined || stageOf(parsed, from) || !['copy', 'add'].includes(ins.keyword)) continue;
      let ref: ImageRef;
      try { ref = withDefaultTag(parseReference(from)); } catch { continue; }
      if (bases.some((b) => b.copySource && b.ref === canonical(ref))) continue;
      const r = host.resolveBase(ref);
      bases.push({ stageIndex: s.index, ref: canonical(ref), as: undefined, copySource: true, ...(r.ok ? { image: r.image, source: r.source } : {}) });
      if (!r.ok) return report({ usesContext, failure: { kind: 'base', ref: canonical(ref), written: from, why: r.why, line: ins.line } });
    }
  }
  const sourcesShown = new Set<string>();

  // Converting the stages to BuildKit's graph runs the checks, before any step executes.
  const baseEnv = new Map([...baseImages].map(([i, b]) => [i, b.image.config.env.map((e) => e.slice(0, e.indexOf('=')))]));
  warnings = [...warnings, ...stageChecks(parsed, needed, baseEnv, options.buildArgs)];

  // Run the stages in order.
  for (const s of parsed.stages) {
    if (!needed.has(s.index)) continue;
    const stageLabel = labelled ? (s.name ?? `stage-${s.index}`) : undefined;
    const fromStage = stageByName.get(s.base.toLowerCase());
    const base = fromStage && stageResults.has(fromStage.index) ? undefined : baseImages.get(s.index);
    // FROM counts as a step only for a real image: not for scratch, not for another stage.
    const count = (base && base.ref !== 'scratch' ? 1 : 0) + s.instructions.filter((i) => STEP_KEYWORDS.has(i.keyword)).length;
    let position = 0;
    let state: StageState;
    if (!base) {
      const prev = stageResults.get((fromStage as Stage).index) as StageState;
      state = { ...prev, layers: [...prev.layers], config: { ...prev.config }, files: new Map(prev.files), args: new Map(), history: [...prev.history] };
    } else {
      const seen = host.cache.has(`base:${base.image.manifestDigest}`) || base.source === 'local';
      const fetched = seen ? [] : base.image.layers;
      host.cache.set(`base:${base.image.manifestDigest}`, { layer: undefined, files: undefined, cwd: '/' });
      const durationMs = seen ? 0 : 400 + fetched.reduce((n, l) => n + l.size / 40_000, 0);
      totalMs += durationMs;
      if (base.ref !== 'scratch') {
        position++;
        steps.push({
          stageIndex: s.index, stageLabel, position, count, text: `FROM ${base.ref}@${base.image.manifestDigest}`,
          instruction: s.from, cached: seen, durationMs, output: [], fetched, failed: false, key: sha256(`from:${base.image.manifestDigest}`),
        });
      }
      state = {
        layers: [...base.image.layers], config: { ...base.image.config, env: [...base.image.config.env] }, files: imageFiles(base.image),
        cacheKey: sha256(`from:${base.image.manifestDigest}`), behaviour: base.image.behaviour, distro: base.image.distro, args: new Map(),
        history: imageHistory(base.image),
      };
    }

    const envMap = (): Map<string, string> => new Map(state.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
    const vars = (): Map<string, string> => new Map([...state.args, ...envMap()]);
    const now = (): number => host.now() + totalMs;
    const note = (createdBy: string): void => { state.history.push({ createdBy, emptyLayer: true, created: now(), comment: HISTORY_COMMENT }); };

    for (const ins of s.instructions) {
      switch (ins.keyword) {
        case 'arg': {
          const parts: string[] = [];
          for (const [k, v] of keyValuePairs(ins.rest)) {
            const value = options.buildArgs.get(k) ?? (v !== '' || ins.rest.includes('=') ? expandVars(v, vars()) : globalArgs.get(k));
            if (value !== undefined) state.args.set(k, value);
            parts.push(value === undefined ? k : `${k}=${value}`);
          }
          note(`ARG ${parts.join(' ')}`);
          continue;
        }
        case 'env': {
          const env = envMap();
          const before = vars();
          const parts: string[] = [];
          for (const [k, v] of keyValuePairs(ins.rest)) { const x = expandVars(v, before); env.set(k, x); parts.push(`${k}=${x}`); }
          state.config.env = [...env].map(([k, v]) => `${k}=${v}`);
          state.cacheKey = sha256(`${state.cacheKey}|env|${state.config.env.join('\0')}`);
          note(`ENV ${parts.join(' ')}`);
          continue;
        }
        case 'label': {
          const pairs = keyValuePairs(expandVars(ins.rest, vars()));
          state.config.labels = { ...state.config.labels, ...Object.fromEntries(pairs) };
          note(`LABEL ${pairs.map(([k, v]) => `${k}=${v}`).join(' ')}`);
          continue;
        }
        case 'expose': {
          const ports = expandVars(ins.rest, vars()).split(/\s+/).map((p) => (p.includes('/') ? p : `${p}/tcp`));
          state.config.exposedPorts = [...new Set([...state.config.exposedPorts, ...ports])];
          note(`EXPOSE map[${[...new Set(ports)].sort().map((p) => `${p}:{}`).join(' ')}]`);
          continue;
        }
        case 'user': state.config.user = expandVars(ins.rest, vars()); state.cacheKey = sha256(`${state.cacheKey}|user|${state.config.user}`); note(`USER ${state.config.user}`); continue;
        case 'cmd': state.config.cmd = ins.json ?? ['/bin/sh', '-c', ins.rest]; state.behaviour = { kind: 'program' }; note(`CMD ${goStringList(state.config.cmd)}`); continue;
        case 'entrypoint': state.config.entrypoint = ins.json ?? ['/bin/sh', '-c', ins.rest]; state.behaviour = { kind: 'program' }; note(`ENTRYPOINT ${goStringList(state.config.entrypoint)}`); continue;
        case 'stopsignal': state.config.stopSignal = expandVars(ins.rest, vars()); note(`STOPSIGNAL ${state.config.stopSignal}`); continue;
        case 'volume': case 'healthcheck': case 'shell': case 'onbuild': case 'maintainer': continue;
        default: break;
      }
      position++;
      const text = ins.heredocs.length > 0 && ins.keyword === 'run' && heredocScript(ins) !== undefined && ins.heredocs.length === 1
        ? `${expandSetVars(ins.original.split('\n')[0] as string, vars())} (${summarizeHeredoc(ins.heredocs[0]?.content ?? '')})`
        : expandSetVars(ins.original, vars());
      const stepBase = { stageIndex: s.index, stageLabel, position, count, instruction: ins, fetched: [] as Layer[], text };

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
        state.history.push({ createdBy: `WORKDIR ${dir}`, emptyLayer: false, created: now(), comment: HISTORY_COMMENT });
        const durationMs = hit ? 0 : 40;
        totalMs += durationMs;
        steps.push({ ...stepBase, cached: Boolean(hit), durationMs, output: [], failed: false, key });
        continue;
      }

      if (ins.keyword === 'copy' || ins.keyword === 'add') {
        const words = (ins.json ?? ins.rest.split(/\s+/)).filter((w) => !/^<<-?["']?[A-Za-z_][A-Za-z0-9_.-]*["']?$/.test(w)).map((a) => expandVars(a, vars()));
        const dest = words.pop() as string;
        const args = words;
        const fromName = ins.flags.from;
        let sourceFiles: ContextFiles = context;
        let sourceLabel = 'context';
        if (fromName !== undefined) {
          const dep = stageOf(parsed, fromName);
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
            if (!sourcesShown.has(canonical(ref))) {
              // The image is a source of its own in BuildKit's graph: one unnumbered FROM vertex, pulled once.
              sourcesShown.add(canonical(ref));
              const seen = host.cache.has(`base:${r.image.manifestDigest}`) || r.source === 'local';
              const fetched = seen ? [] : r.image.layers;
              host.cache.set(`base:${r.image.manifestDigest}`, { layer: undefined, files: undefined, cwd: '/' });
              const durationMs = seen ? 0 : 400 + fetched.reduce((n, l) => n + l.size / 40_000, 0);
              totalMs += durationMs;
              steps.push({ stageIndex: s.index, stageLabel: undefined, position: 0, count: 0, text: `FROM ${canonical(ref)}@${r.image.manifestDigest}`, instruction: ins, cached: seen, durationMs, output: [], fetched, failed: false, imageSource: true });
            }
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
            const step: BuildStep = { ...stepBase, cached: false, durationMs: 0, output: [], failed: true };
            steps.push(step);
            return report({ usesContext, failure: { kind: 'copy-missing', source: `/${normalise(src)}`, step } });
          }
          picked.push(...hit);
        }
        for (const h of ins.heredocs) picked.push([h.name, h.expand ? expandVars(h.content, vars()) : h.content]);
        const destPath = joinPath(state.config.workingDir, dest);
        // Docker's rule: the destination is a folder when it ends in `/`, already is a folder in the
        // image, or receives several sources; a folder source always copies its contents.
        // A wildcard that matches one file copies a file (`COPY --from=builder /opt/app/target/*.jar /opt/app/*.jar`).
        const sourceIsDir = args.some((a) => normalise(a) === '' || (/[*?]/.test(a) ? picked.length > 1 : !/^https?:\/\//.test(a) && !sourceFiles.has(normalise(a))));
        const toDir = dest.endsWith('/') || dest === '.' || isDirIn(state.files, destPath) || args.length + ins.heredocs.length > 1 || picked.length > 1 || sourceIsDir;
        const added: Record<string, string> = {};
        for (const [rel, content] of picked) added[toDir ? `${destPath === '/' ? '' : destPath}/${rel}` : destPath] = content;
        const contentHash = sha256(Object.entries(added).sort(([a], [b]) => a.localeCompare(b)).map(([p, c]) => `${p}\0${c}`).join('\0\0'));
        const key = sha256(`${state.cacheKey}|${ins.keyword}|${sourceLabel}|${contentHash}`);
        const hit = !options.noCache && host.cache.get(key);
        const bytes = Object.values(added).reduce((n, c) => n + contentBytes(c), 0);
        const createdBy = `${copyHistory(ins, args, dest)} # buildkit`;
        const layer: Layer = hit && hit.layer ? hit.layer : { digest: sha256(`layer:${key}`), size: Math.round(bytes * 0.45) + 120, unpacked: bytes, createdBy, files: added };
        if (!hit) host.cache.set(key, { layer, files: undefined, cwd: state.config.workingDir });
        state.layers.push(layer);
        for (const [p, c] of Object.entries(added)) state.files.set(p, c);
        state.cacheKey = key;
        state.history.push({ createdBy, emptyLayer: false, created: now(), comment: HISTORY_COMMENT });
        const durationMs = hit ? 0 : 60 + Math.round(bytes / 50_000);
        totalMs += durationMs;
        steps.push({ ...stepBase, cached: Boolean(hit), durationMs, output: [], failed: false, key });
        continue;
      }

      // RUN
      const script = heredocScript(ins);
      const shellText = script ?? ins.rest;
      const process = ins.json ? ins.json.join(' ') : `/bin/sh -c ${shellText}`;
      const argsUsed = [...state.args].map(([k, v]) => `${k}=${v}`);
      const key = sha256(`${state.cacheKey}|run|${ins.json ? JSON.stringify(ins.json) : shellText}|${ins.heredocs.map((h) => h.content).join('\0')}|${argsUsed.join('\0')}`);
      const createdBy = `RUN ${argsUsed.length ? `|${argsUsed.length} ${argsUsed.join(' ')} ` : ''}${process} # buildkit`;
      const hit = !options.noCache ? host.cache.get(key) : undefined;
      if (hit && hit.layer && hit.files) {
        state.layers.push(hit.layer);
        state.files = new Map(hit.files);
        state.cacheKey = key;
        state.history.push({ createdBy, emptyLayer: false, created: now(), comment: HISTORY_COMMENT });
        steps.push({ ...stepBase, cached: true, durationMs: 0, output: [], failed: false, key });
        continue;
      }
      if (!ins.json && !hasShell(state.distro)) {
        const step: BuildStep = { ...stepBase, cached: false, durationMs: 50, output: [], failed: true };
        steps.push(step);
        return report({ usesContext, failure: { kind: 'no-shell', step } });
      }
      const files = new Map(state.files);
      const ctx = { distro: state.distro, files, env: new Map([...state.args, ...envMap()]), cwd: state.config.workingDir, hostname: 'buildkitsandbox', now: now(), user: state.config.user };
      const result = ins.json ? runArgv(ctx, ins.json) : script === undefined && ins.heredocs.length > 0 ? runWithHeredocs(ctx, ins) : runShell(ctx, shellText);
      const notFound = 'notFound' in result && result.notFound;
      const durationMs = Math.max(80, result.durationMs) + Math.round(unitFromText(key) * 300);
      totalMs += durationMs;
      const output = notFound ? [] : result.output;
      if (result.exitCode !== 0) {
        const step: BuildStep = { ...stepBase, cached: false, durationMs, output, failed: true };
        steps.push(step);
        return report({ usesContext, failure: { kind: 'run', process, exitCode: result.exitCode, step } });
      }
      const changed: Record<string, string> = {};
      for (const [p, c] of files) if (state.files.get(p) !== c) changed[p] = c;
      const layer: Layer = { digest: sha256(`layer:${key}`), size: Math.round(result.bytesAdded * 0.38) + (result.bytesAdded ? 180 : 0), unpacked: result.bytesAdded, createdBy, files: changed };
      host.cache.set(key, { layer, files, cwd: ctx.cwd });
      state.layers.push(layer);
      state.files = files;
      state.cacheKey = key;
      state.history.push({ createdBy, emptyLayer: false, created: now(), comment: HISTORY_COMMENT });
      steps.push({ ...stepBase, cached: false, durationMs, output, failed: false, key });
    }
    stageResults.set(s.index, state);
  }

  const final = stageResults.get(finalStage.index) as StageState;
  // The config (and so the image id) depends on its creation time: an unchanged rebuild reuses
  // the time of the first build, so it yields the very same IMAGE ID, as BuildKit does.
  const configKey = sha256(`${final.cacheKey}|config|${JSON.stringify(final.config)}`);
  const createdAt = (!options.noCache && host.cache.get(configKey)?.createdAt) || host.now() + totalMs;
  host.cache.set(configKey, { layer: undefined, files: undefined, cwd: '/', createdAt });
  // The exporter stamps this build's history lines with the image's creation time.
  const history = final.history.map((h) => (h.created > createdAt ? { ...h, created: createdAt } : h));
  const image = makeImage({ layers: final.layers, config: final.config, created: createdAt, distro: final.distro, behaviour: final.behaviour, history });
  return report({ usesContext, image, totalMs });
}

/** BuildKit's summary of a heredoc in a step name: its first line, `...` when there are more. */
function summarizeHeredoc(doc: string): string {
  const lines = doc.trim().replace(/\r\n/g, '\n').split('\n');
  return `${lines[0] ?? ''}${lines.length > 1 ? '...' : ''}`;
}

/** `RUN cat > /etc/motd <<EOF` and the like: the forms that write a heredoc to a file. */
function runWithHeredocs(ctx: Parameters<typeof runShell>[0], ins: Instruction): ReturnType<typeof runShell> {
  const doc = ins.heredocs[0] as { content: string };
  const line = ins.rest.replace(/<<-?["']?[A-Za-z_][A-Za-z0-9_.-]*["']?/g, '').trim();
  const m = /^(?:cat|tee)\s*(>>?)?\s*(\S+)\s*$/.exec(line);
  if (m) {
    const path = joinPath(ctx.cwd, m[2] as string);
    const prev = m[1] === '>>' ? (ctx.files.get(path) ?? '') : '';
    ctx.files.set(path, prev + doc.content);
    return { output: line.startsWith('tee') ? doc.content.replace(/\n$/, '').split('\n') : [], exitCode: 0, bytesAdded: contentBytes(doc.content), durationMs: 20 };
  }
  if (/^(\/bin\/)?(sh|bash|ash)(\s+-\S+)*$/.test(line)) return runShell(ctx, doc.content);
  return runShell(ctx, line);
}
