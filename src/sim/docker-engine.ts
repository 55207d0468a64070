/**
 * The Docker Engine on the learner's laptop: a local image store, BuildKit's cache, registry
 * logins, and containers. It returns outcomes as values; the docker CLI renderer prints them.
 */
import { build, type BaseResolution, type BuildHost, type BuildOptions, type BuildReport, type CachedStep } from './builder.ts';
import { pendingLines, printDue, runContainer, type PendingLines, type RunOutcome } from './container.ts';
import { shortId, type Digest } from './digest.ts';
import { isUnreachable, pull, push, type PullOutcome, type PushOutcome, type RegistryLookup } from './distribution.ts';
import type { Image } from './image.ts';
import { ImageStore, type StoredImage } from './image-store.ts';
import { canonical, familiar, parseReference, repositoryName, withDefaultTag, type ImageRef } from './image-ref.ts';
import type { Credentials } from './registry.ts';
import { storedCredentials } from './docker-config.ts';
import type { SeededRandom } from './random.ts';
import type { Trace } from './trace.ts';

/** One published port: `127.0.0.1:8080->80/tcp`; host IP '' means every address (0.0.0.0 and ::). */
export interface PortBinding {
  readonly hostIp: string;
  readonly hostPort: number;
  readonly containerPort: number;
  readonly proto: string;
}

/** The host addresses a binding holds: '' is both 0.0.0.0 and ::. */
function hostAddresses(b: PortBinding): string[] {
  return b.hostIp === '' ? ['0.0.0.0', '::'] : [b.hostIp];
}

/** What `docker run` was asked, kept so `docker start` and `docker restart` run the same process again. */
export interface RunRequest {
  readonly args: readonly string[];
  readonly entrypoint: string | undefined;
  readonly env: ReadonlyArray<readonly [string, string]>;
  readonly user: string | undefined;
  readonly interactive: boolean;
}

export interface Container {
  readonly id: string;
  readonly name: string;
  /** The image as the user named it (`nginx`, `me/app:1.0`), for `docker ps`. */
  readonly imageName: string;
  readonly image: Image;
  readonly argv: readonly string[];
  readonly created: number;
  readonly ports: readonly PortBinding[];
  readonly request: RunRequest;
  /** Undefined while running. */
  exitCode: number | undefined;
  finishedAt: number | undefined;
  startedAt: number;
  readonly logs: string[];
  readonly autoRemove: boolean;
  /** Created but never started: `docker run` whose start failed (ps says `Created`, inspect `created`). */
  neverStarted?: boolean;
  /** Its address on docker's default bridge, taken when it starts. */
  ip?: string;
  /** A process that ends by itself (`sleep 30`): when, with which code, and what it prints first. */
  endsAt?: number | undefined;
  laterExitCode?: number | undefined;
  pendingLines?: PendingLines | undefined;
}

/** One line of `docker rmi` output, in daemon order. */
export type DeleteRecord = { readonly untagged: string } | { readonly deleted: string };

const ADJECTIVES = ['admiring', 'amazing', 'blissful', 'bold', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'cool', 'dazzling', 'eager', 'elegant', 'festive', 'focused', 'friendly', 'gallant', 'happy', 'hopeful', 'jolly', 'keen', 'kind', 'laughing', 'loving', 'modest', 'nice', 'optimistic', 'peaceful', 'quirky', 'relaxed', 'serene', 'sharp', 'stoic', 'sweet', 'tender', 'trusting', 'vibrant', 'wizardly', 'youthful', 'zealous'];
const SCIENTISTS = ['albattani', 'archimedes', 'babbage', 'banach', 'bohr', 'curie', 'darwin', 'dijkstra', 'einstein', 'euler', 'faraday', 'feynman', 'gauss', 'goldberg', 'hamilton', 'hopper', 'hypatia', 'johnson', 'kepler', 'knuth', 'lamarr', 'lovelace', 'mccarthy', 'meitner', 'newton', 'noether', 'pascal', 'ritchie', 'shannon', 'tesla', 'thompson', 'torvalds', 'turing', 'wozniak'];

export class DockerEngine {
  readonly store = new ImageStore();
  readonly buildCache = new Map<string, CachedStep>();
  readonly containers: Container[] = [];
  /** Which repositories each layer was pulled from or pushed to (Docker's v2 metadata): the only places a push may mount it from. */
  readonly #layerSources = new Map<Digest, Array<{ host: string; path: string }>>();
  /** Docker hands out host ports from the ephemeral range, counting up. */
  #nextPort = 32768;

  /** Ids of containers that never started, and of network endpoints: streams of their own, so that no other id moves. */
  readonly #created: SeededRandom;
  readonly #endpoints: SeededRandom;

  constructor(
    private readonly lookup: RegistryLookup,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
    private readonly now: () => number,
    /** The docker CLI's config file (~/.docker/config.json): the logins the engine is given with each request. */
    private readonly configFile: () => string | undefined = () => undefined,
  ) {
    this.#created = random.fork('created');
    this.#endpoints = random.fork('endpoint');
  }

  credentialsFor(host: string): Credentials | undefined {
    return storedCredentials(this.configFile(), host);
  }

  pull(ref: ImageRef): PullOutcome & { stored?: StoredImage; upToDate?: boolean } {
    const creds = this.credentialsFor(ref.domain);
    const outcome = pull(this.lookup, ref, creds, (d) => this.store.hasLayer(d));
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `pull ${canonical(ref)}`, why: outcome.ok ? `asked registry ${ref.domain} for the manifest and downloaded the ${outcome.layers.filter((l) => !l.present).length} layer(s) it did not have yet` : `asked registry ${ref.domain} for the image, and it answered: ${outcome.why}` });
    if (!outcome.ok) return outcome;
    const before = this.store.findRef(ref);
    const upToDate = before !== undefined && before.image.id === outcome.image.id;
    const stored = this.store.add(outcome.image, ref, this.now());
    this.store.addRepoDigest(stored, ref);
    for (const l of outcome.image.layers) this.#noteSource(l.digest, ref);
    return { ...outcome, stored, upToDate };
  }

  #noteSource(digest: Digest, ref: ImageRef): void {
    const list = this.#layerSources.get(digest) ?? [];
    if (!list.some((x) => x.host === ref.domain && x.path === ref.path)) list.push({ host: ref.domain, path: ref.path });
    this.#layerSources.set(digest, list);
  }

  push(ref: ImageRef, stored: StoredImage): PushOutcome {
    const outcome = push(this.lookup, ref, stored.image, this.credentialsFor(ref.domain),
      (d) => (this.#layerSources.get(d) ?? []).filter((x) => x.host === ref.domain).map((x) => x.path));
    if (outcome.ok) {
      this.store.addRepoDigest(stored, ref);
      for (const l of stored.image.layers) this.#noteSource(l.digest, ref);
    }
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `push ${canonical(ref)}`, why: outcome.ok ? `uploaded the layers registry ${ref.domain} did not have, then the manifest that names them` : `registry ${ref.domain} refused the upload (${outcome.why})` });
    return outcome;
  }

  /** BuildKit: local images first (so FROM an image you built works), then the registry. */
  resolveBase = (ref: ImageRef): BaseResolution => {
    const local = this.store.findRef(ref);
    if (local) return { ok: true, image: local.image, source: 'local' };
    return this.#fromRegistry(ref);
  };

  #fromRegistry(ref: ImageRef): BaseResolution {
    const r = pull(this.lookup, ref, this.credentialsFor(ref.domain), () => false);
    if (r.ok) {
      // BuildKit's puller in the engine records where base layers came from, as `docker pull` does.
      for (const l of r.image.layers) this.#noteSource(l.digest, ref);
      return { ok: true, image: r.image, source: 'registry' };
    }
    return { ok: false, why: isUnreachable(r.why) ? 'no-repository' : r.why };
  }

  /** BuildKit's `# syntax=` frontends: pulled into its own store once, then CACHED (they never show in `docker images`). */
  readonly #frontends = new Set<string>();
  resolveFrontend: BuildHost['resolveFrontend'] = (ref) => {
    const r = this.#fromRegistry(ref);
    if (!r.ok) return r;
    const cached = this.#frontends.has(r.image.manifestDigest);
    this.#frontends.add(r.image.manifestDigest);
    return { ok: true, image: r.image, cached };
  };

  build(options: BuildOptions, tags: readonly ImageRef[]): BuildReport {
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: this.buildCache, resolveFrontend: this.resolveFrontend }, options);
    if (report.image) {
      const image = report.image;
      if (tags.length === 0) this.store.add(image, undefined, this.now() + report.totalMs);
      for (const t of tags) this.store.add(image, withDefaultTag(t), this.now() + report.totalMs);
    }
    this.trace.record({ at: this.now(), component: 'BuildKit', action: 'build', why: report.image ? `ran the Dockerfile's steps on the laptop and stored image ${shortId(report.image.id)} in the local image store — no cluster involved` : 'stopped at a failing step; no image was made' });
    return report;
  }

  newContainerName(): string {
    for (;;) {
      const name = `${this.random.pick(ADJECTIVES)}_${this.random.pick(SCIENTISTS)}`;
      if (!this.containers.some((c) => c.name === name)) return name;
    }
  }

  /** A free host port for `-p 80` (Docker's allocator counts up through the ephemeral range). */
  allocatePort(): number {
    const used = new Set(this.containers.filter((c) => c.exitCode === undefined).flatMap((c) => c.ports.map((p) => p.hostPort)));
    while (used.has(this.#nextPort)) this.#nextPort++;
    return this.#nextPort++;
  }

  /**
   * Why a new binding cannot have its host port, as moby 28.2's bridge driver finds out: first
   * its port allocator (libnetwork/portallocator), which keeps one map per host address and
   * refuses an address that already holds the port ("Bind for 127.0.0.1:3000 failed: port is
   * already allocated"); then the socket's bind(2), which fails where a running container
   * listens on an overlapping address of the same family — 0.0.0.0 overlaps every IPv4 address,
   * :: every IPv6 one ("failed to bind host port for 0.0.0.0:3000:…: address already in use").
   * `ip` is the requested address that failed.
   */
  portConflict(binding: PortBinding): { readonly reason: 'allocated' | 'in-use'; readonly ip: string } | undefined {
    const held = this.containers.filter((c) => c.exitCode === undefined)
      .flatMap((c) => c.ports.filter((p) => p.hostPort === binding.hostPort && p.proto === binding.proto).flatMap(hostAddresses));
    const wanted = hostAddresses(binding);
    const allocated = wanted.find((w) => held.includes(w));
    if (allocated !== undefined) return { reason: 'allocated', ip: allocated };
    const v6 = (ip: string): boolean => ip.includes(':');
    const unspecified = (ip: string): boolean => ip === '0.0.0.0' || ip === '::';
    const inUse = wanted.find((w) => held.some((h) => v6(h) === v6(w) && (unspecified(h) || unspecified(w))));
    return inUse === undefined ? undefined : { reason: 'in-use', ip: inUse };
  }

  /** The address a starting container gets on docker0 (172.17.0.0/16, gateway .1): libnetwork's default IPAM hands out the lowest free one. */
  bridgeAddress(): string {
    const used = new Set(this.containers.filter((c) => c.exitCode === undefined).map((c) => c.ip));
    for (let n = 2; ; n++) if (!used.has(`172.17.0.${n}`)) return `172.17.0.${n}`;
  }

  /** A fresh libnetwork endpoint id (the daemon's errors about a container's networking name it). */
  endpointId(): string {
    return this.#endpoints.hex(64);
  }

  /** `docker run` whose start failed: the container stays, Created, never started (`--rm` removes it). */
  createOnly(stored: StoredImage, imageName: string, opts: { args: string[]; entrypoint: string | undefined; env: Array<[string, string]>; name: string; ports: readonly PortBinding[]; autoRemove: boolean; user?: string | undefined }): Container {
    const id = this.#created.hex(64);
    const request: RunRequest = { args: opts.args, entrypoint: opts.entrypoint, env: opts.env, user: opts.user, interactive: false };
    const container: Container = {
      id, name: opts.name, imageName, image: stored.image, argv: this.#exec(stored.image, request, id.slice(0, 12)).argv, created: this.now(), ports: opts.ports, request,
      exitCode: 0, finishedAt: undefined, startedAt: 0, logs: [], autoRemove: opts.autoRemove, neverStarted: true,
    };
    if (!opts.autoRemove) this.containers.push(container);
    return container;
  }

  run(stored: StoredImage, imageName: string, opts: { args: string[]; entrypoint: string | undefined; env: Array<[string, string]>; name: string | undefined; ports: readonly PortBinding[]; interactive: boolean; autoRemove: boolean; user?: string | undefined }): { container: Container; outcome: RunOutcome } {
    const id = this.random.hex(64);
    const request: RunRequest = { args: opts.args, entrypoint: opts.entrypoint, env: opts.env, user: opts.user, interactive: opts.interactive };
    const outcome = this.#exec(stored.image, request, id.slice(0, 12));
    const container: Container = {
      id, name: opts.name ?? this.newContainerName(), imageName, image: stored.image, argv: outcome.argv, created: this.now(), ports: opts.ports, request,
      exitCode: outcome.exitCode, finishedAt: outcome.exitCode === undefined ? undefined : this.now() + 300, startedAt: this.now(), logs: [...outcome.output], autoRemove: opts.autoRemove,
      ip: this.bridgeAddress(),
    };
    this.#schedule(container, outcome);
    if (!(opts.autoRemove && outcome.exitCode !== undefined) && !outcome.notFound) this.containers.push(container);
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `run ${imageName}`, why: `asked containerd to start a container from image ${shortId(stored.image.id)} on the laptop` });
    return { container, outcome };
  }

  #schedule(c: Container, outcome: RunOutcome): void {
    const now = this.now();
    c.endsAt = outcome.later ? now + outcome.later.afterMs : undefined;
    c.laterExitCode = outcome.later?.exitCode;
    c.pendingLines = pendingLines(outcome, now);
  }

  /**
   * Time passed: running processes print what they print by now, and those that end by
   * themselves exit (a `--rm` container is then removed, as the daemon does).
   */
  settle(now: number): void {
    for (const c of [...this.containers]) {
      if (c.exitCode !== undefined || c.endsAt === undefined) continue;
      printDue(c.pendingLines, now, c.logs);
      if (c.endsAt > now) continue;
      c.exitCode = c.laterExitCode ?? 0;
      c.finishedAt = c.endsAt;
      c.endsAt = undefined;
      if (c.autoRemove) this.containers.splice(this.containers.indexOf(c), 1);
    }
  }

  #exec(image: Image, request: RunRequest, hostname: string): RunOutcome {
    return runContainer(image, { args: request.args, entrypoint: request.entrypoint, env: request.env, hostname, now: this.now(), interactive: request.interactive, user: request.user });
  }

  /** `docker start` / `docker restart`: the same process again, in the same container; its logs accumulate. */
  start(c: Container): RunOutcome {
    c.ip = this.bridgeAddress();
    c.neverStarted = false;
    const outcome = this.#exec(c.image, c.request, c.id.slice(0, 12));
    c.exitCode = outcome.exitCode;
    c.startedAt = this.now();
    c.finishedAt = outcome.exitCode === undefined ? undefined : this.now() + 300;
    c.logs.push(...outcome.output);
    this.#schedule(c, outcome);
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `start ${c.name}`, why: `asked containerd to run the container's command again, with the files it already had` });
    return outcome;
  }

  /**
   * `DELETE /images/{name}` as moby's classic image service does it: a name removes that
   * reference (and the repository's digest references with its last tag); an id removes every
   * reference; the image itself goes only when nothing refers to it and no container runs it.
   */
  deleteImage(text: string, force: boolean): { ok: true; records: DeleteRecord[] } | { ok: false; message: string; notFound: boolean } {
    const stored = this.store.find(text);
    if (!stored) {
      let shown = text;
      try { shown = familiar(withDefaultTag(parseReference(text))); } catch { /* shown as typed */ }
      return { ok: false, message: `No such image: ${shown}`, notFound: true };
    }
    const id = stored.image.id;
    const records: DeleteRecord[] = [];
    const isDigestRef = (r: string): boolean => r.includes('@');
    const repoOf = (r: string): string => repositoryName(parseReference(r));
    const users = this.containersUsing(id);
    let refs = this.store.references(stored);
    let quiet = false;
    const byId = /^(sha256:)?[a-f0-9]+$/.test(text) && id.slice(7).startsWith(text.replace(/^sha256:/, ''));
    if (!byId) {
      if (!force && isSingleReference(refs) && users[0]) {
        return { ok: false, notFound: false, message: `conflict: unable to remove repository reference "${text}" (must force) - container ${users[0].id.slice(0, 12)} is using its referenced image ${shortId(id)}` };
      }
      const named = withDefaultTag(parseReference(text));
      const name = named.digest !== undefined ? `${repositoryName(named)}@${named.digest}` : canonical(named);
      this.store.deleteReference(name);
      records.push({ untagged: familiar(named) });
      refs = this.store.references(stored);
      if (named.digest === undefined) {
        const repo = repositoryName(named);
        // With its last tag gone, a repository's digest references go too.
        if (!refs.some((r) => !isDigestRef(r) && repoOf(r) === repo)) {
          for (const r of refs.filter((x) => isDigestRef(x) && repoOf(x) === repo)) {
            this.store.deleteReference(r);
            records.push({ untagged: familiar(parseReference(r)) });
          }
          refs = this.store.references(stored);
        }
      }
      if (refs.length > 0) return { ok: true, records };
      quiet = true;
    } else if (isSingleReference(refs)) {
      const conflict = this.#conflict(stored, force ? 'hard' : 'hard+stopped');
      if (conflict) return { ok: false, notFound: false, message: conflict.message };
      for (const r of refs) {
        this.store.deleteReference(r);
        records.push({ untagged: familiar(parseReference(r)) });
      }
    }
    const conflict = this.#conflict(stored, force ? 'hard' : 'all');
    if (conflict) {
      const dangling = this.store.references(stored).length === 0;
      // After untagging, a conflict is kept quiet unless the image would be left dangling and unused.
      if (quiet && (!dangling || conflict.used)) return { ok: true, records };
      return { ok: false, notFound: false, message: conflict.message };
    }
    for (const r of this.store.references(stored)) {
      this.store.deleteReference(r);
      records.push({ untagged: familiar(parseReference(r)) });
    }
    const removedLayers = this.store.removeImage(stored);
    records.push({ deleted: id }, ...removedLayers.map((deleted) => ({ deleted })));
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `delete image ${shortId(id)}`, why: 'no name and no container refers to it any more, so the image and the layers only it used were removed' });
    return { ok: true, records };
  }

  #conflict(stored: StoredImage, mask: 'hard' | 'hard+stopped' | 'all'): { message: string; used: boolean } | undefined {
    const short = shortId(stored.image.id);
    const users = this.containersUsing(stored.image.id);
    const running = users.find((c) => c.exitCode === undefined);
    if (running) return { used: true, message: `conflict: unable to delete ${short} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}` };
    if (mask === 'all' && this.store.references(stored).length > 0) return { used: false, message: `conflict: unable to delete ${short} (must be forced) - image is referenced in multiple repositories` };
    const stopped = users.find((c) => c.exitCode !== undefined);
    if (mask !== 'hard' && stopped) return { used: true, message: `conflict: unable to delete ${short} (must be forced) - image is being used by stopped container ${stopped.id.slice(0, 12)}` };
    return undefined;
  }

  findContainer(text: string): Container | undefined {
    return this.containers.find((c) => c.name === text) ?? (text.length >= 1 ? this.containers.filter((c) => c.id.startsWith(text)).at(0) : undefined);
  }

  removeContainer(c: Container): void {
    this.containers.splice(this.containers.indexOf(c), 1);
  }

  containersUsing(imageId: Digest): Container[] {
    return this.containers.filter((c) => c.image.id === imageId);
  }
}

/** moby's isSingleReference: at most one tag, and every reference in that one repository. */
function isSingleReference(refs: readonly string[]): boolean {
  if (refs.length <= 1) return refs.length === 1;
  const repo = (r: string): string => repositoryName(parseReference(r));
  const tags = refs.filter((r) => !r.includes('@'));
  if (tags.length > 1) return false;
  const digestRepos = new Set(refs.filter((r) => r.includes('@')).map(repo));
  const single = tags[0] ?? (refs[0] as string);
  return digestRepos.size === 1 && digestRepos.has(repo(single));
}
