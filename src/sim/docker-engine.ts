/**
 * The Docker Engine on the learner's laptop: a local image store, BuildKit's cache, registry
 * logins, and containers. It returns outcomes as values; the docker CLI renderer prints them.
 */
import { build, type BaseResolution, type BuildOptions, type BuildReport, type CachedStep } from './builder.ts';
import { runContainer, type RunOutcome } from './container.ts';
import { shortId, type Digest } from './digest.ts';
import { pull, push, type PullOutcome, type PushOutcome, type RegistryLookup } from './distribution.ts';
import type { Image } from './image.ts';
import { ImageStore, type StoredImage } from './image-store.ts';
import { canonical, withDefaultTag, type ImageRef } from './image-ref.ts';
import type { Credentials } from './registry.ts';
import type { SeededRandom } from './random.ts';
import type { Trace } from './trace.ts';

export interface Container {
  readonly id: string;
  readonly name: string;
  /** The image as the user named it (`nginx`, `me/app:1.0`), for `docker ps`. */
  readonly imageName: string;
  readonly image: Image;
  readonly argv: readonly string[];
  readonly created: number;
  readonly ports: readonly string[];
  /** Undefined while running. */
  exitCode: number | undefined;
  finishedAt: number | undefined;
  readonly logs: string[];
  readonly autoRemove: boolean;
}

const ADJECTIVES = ['admiring', 'amazing', 'blissful', 'bold', 'brave', 'busy', 'charming', 'clever', 'compassionate', 'cool', 'dazzling', 'eager', 'elegant', 'festive', 'focused', 'friendly', 'gallant', 'happy', 'hopeful', 'jolly', 'keen', 'kind', 'laughing', 'loving', 'modest', 'nice', 'optimistic', 'peaceful', 'quirky', 'relaxed', 'serene', 'sharp', 'stoic', 'sweet', 'tender', 'trusting', 'vibrant', 'wizardly', 'youthful', 'zealous'];
const SCIENTISTS = ['albattani', 'archimedes', 'babbage', 'banach', 'bohr', 'curie', 'darwin', 'dijkstra', 'einstein', 'euler', 'faraday', 'feynman', 'gauss', 'goldberg', 'hamilton', 'hopper', 'hypatia', 'johnson', 'kepler', 'knuth', 'lamarr', 'lovelace', 'mccarthy', 'meitner', 'newton', 'noether', 'pascal', 'ritchie', 'shannon', 'tesla', 'thompson', 'torvalds', 'turing', 'wozniak'];

export class DockerEngine {
  readonly store = new ImageStore();
  readonly buildCache = new Map<string, CachedStep>();
  readonly credentials = new Map<string, Credentials>();
  readonly containers: Container[] = [];

  constructor(
    private readonly lookup: RegistryLookup,
    private readonly random: SeededRandom,
    private readonly trace: Trace,
    private readonly now: () => number,
  ) {}

  credentialsFor(host: string): Credentials | undefined {
    return this.credentials.get(host);
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
    return { ...outcome, stored, upToDate };
  }

  push(ref: ImageRef, stored: StoredImage): PushOutcome {
    const outcome = push(this.lookup, ref, stored.image, this.credentialsFor(ref.domain));
    if (outcome.ok) this.store.addRepoDigest(stored, ref);
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `push ${canonical(ref)}`, why: outcome.ok ? `uploaded the layers registry ${ref.domain} did not have, then the manifest that names them` : `registry ${ref.domain} refused the upload (${outcome.why})` });
    return outcome;
  }

  /** BuildKit: local images first (so FROM an image you built works), then the registry. */
  resolveBase = (ref: ImageRef): BaseResolution => {
    const local = this.store.findRef(ref);
    if (local) return { ok: true, image: local.image, source: 'local' };
    const r = pull(this.lookup, ref, this.credentialsFor(ref.domain), () => false);
    if (r.ok) return { ok: true, image: r.image, source: 'registry' };
    return { ok: false, why: r.why === 'no-such-host' || r.why === 'connection-refused' ? 'no-repository' : r.why };
  };

  build(options: BuildOptions, tags: readonly ImageRef[]): BuildReport {
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: this.buildCache }, options);
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

  run(stored: StoredImage, imageName: string, opts: { args: string[]; entrypoint: string | undefined; env: Array<[string, string]>; name: string | undefined; ports: string[]; interactive: boolean; autoRemove: boolean }): { container: Container; outcome: RunOutcome } {
    const id = this.random.hex(64);
    const outcome = runContainer(stored.image, { args: opts.args, entrypoint: opts.entrypoint, env: opts.env, hostname: id.slice(0, 12), now: this.now(), interactive: opts.interactive });
    const container: Container = {
      id, name: opts.name ?? this.newContainerName(), imageName, image: stored.image, argv: outcome.argv, created: this.now(), ports: opts.ports,
      exitCode: outcome.exitCode, finishedAt: outcome.exitCode === undefined ? undefined : this.now() + 300, logs: [...outcome.output], autoRemove: opts.autoRemove,
    };
    if (!(opts.autoRemove && outcome.exitCode !== undefined) && !outcome.notFound) this.containers.push(container);
    this.trace.record({ at: this.now(), component: 'Docker Engine', action: `run ${imageName}`, why: `asked containerd to start a container from image ${shortId(stored.image.id)} on the laptop` });
    return { container, outcome };
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
