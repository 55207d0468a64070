/**
 * Buildah on the laptop: builds the same Dockerfile without any Docker daemon, into its own image
 * store (`docker images` does not see it). An unqualified name such as `app:1.0` is stored as
 * `localhost/app:1.0`, as Buildah does.
 */
import { build, type BaseResolution, type BuildOptions, type BuildReport, type CachedStep } from './builder.ts';
import { pull, push, type PullOutcome, type PushOutcome, type RegistryLookup } from './distribution.ts';
import { ImageStore, type StoredImage } from './image-store.ts';
import { DOCKER_HUB, parseReference, withDefaultTag, type ImageRef } from './image-ref.ts';
import type { Credentials } from './registry.ts';
import type { Trace } from './trace.ts';

/** Buildah's naming: a name without a registry host belongs to `localhost/`. */
export function buildahName(text: string): ImageRef {
  const hasHost = text.includes('/') && /[.:]|^localhost$/.test(text.split('/')[0] as string);
  return withDefaultTag(parseReference(hasHost ? text : `localhost/${text}`));
}

export class BuildahEngine {
  readonly store = new ImageStore();
  readonly cache = new Map<string, CachedStep>();
  readonly credentials = new Map<string, Credentials>();
  /** Bases pulled by the last build, for its `Trying to pull …` lines. */
  lastPulls: Array<{ ref: ImageRef; outcome: PullOutcome }> = [];

  constructor(
    private readonly lookup: RegistryLookup,
    private readonly trace: Trace,
    private readonly now: () => number,
    /** Buildah falls back to Docker's credentials (~/.docker/config.json), as containers-auth.json(5) says. */
    private readonly dockerCredentials: (host: string) => Credentials | undefined,
  ) {}

  credentialsFor(host: string): Credentials | undefined {
    return this.credentials.get(host) ?? this.dockerCredentials(host);
  }

  resolveBase = (ref: ImageRef): BaseResolution => {
    const local = this.store.findRef(ref);
    if (local) return { ok: true, image: local.image, source: 'local' };
    const outcome = pull(this.lookup, ref, this.credentialsFor(ref.domain), (d) => this.store.hasLayer(d));
    this.lastPulls.push({ ref, outcome });
    if (!outcome.ok) return { ok: false, why: outcome.why === 'no-such-host' || outcome.why === 'connection-refused' ? 'no-repository' : outcome.why };
    // Buildah keeps the base it pulled: `buildah images` lists it.
    this.store.add(outcome.image, ref, this.now());
    return { ok: true, image: outcome.image, source: 'registry' };
  };

  build(options: BuildOptions, tag: ImageRef | undefined): BuildReport {
    this.lastPulls = [];
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: this.cache }, options);
    if (report.image) this.store.add(report.image, tag, this.now() + report.totalMs);
    this.trace.record({ at: this.now(), component: 'Buildah', action: 'build', why: report.image ? 'built the image from the Dockerfile without a Docker daemon, into Buildah\'s own store' : 'stopped at a failing step' });
    return report;
  }

  push(stored: StoredImage, dest: ImageRef): PushOutcome {
    const outcome = push(this.lookup, dest, stored.image, this.credentialsFor(dest.domain));
    this.trace.record({ at: this.now(), component: 'Buildah', action: `push ${dest.domain}/${dest.path}`, why: outcome.ok ? 'copied the image to the registry' : `the registry refused (${outcome.why})` });
    return outcome;
  }
}

