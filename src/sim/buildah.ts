/**
 * Buildah on the laptop: builds the same Dockerfile without any Docker daemon, into its own image
 * store (`docker images` does not see it). An unqualified name such as `app:1.0` is stored as
 * `localhost/app:1.0`, as Buildah does.
 */
import { build, type BaseResolution, type BuildOptions, type BuildReport, type CachedStep } from './builder.ts';
import { isUnreachable, pull, push, type PullOutcome, type PushOutcome, type RegistryLookup } from './distribution.ts';
import { ImageStore, type StoredImage } from './image-store.ts';
import { sha256 } from './digest.ts';
import { makeImage, type Image, type Layer } from './image.ts';
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
    if (!outcome.ok) return { ok: false, why: isUnreachable(outcome.why) ? 'no-repository' : outcome.why };
    // Buildah keeps the base it pulled: `buildah images` lists it.
    this.store.add(outcome.image, ref, this.now());
    return { ok: true, image: outcome.image, source: 'registry' };
  };

  /**
   * `buildah bud`. By default (`--layers=false`) Buildah runs every step in one working container
   * and commits it once: the image is the base plus ONE new layer, and nothing is cached for next
   * time. `--layers` commits an intermediate image per step and reuses them on the next `--layers` build.
   */
  build(options: BuildOptions, tag: ImageRef | undefined, layers = false): BuildReport {
    this.lastPulls = [];
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: layers ? this.cache : new Map() }, options);
    const image = report.image && !layers ? squash(report.image, report.bases.flatMap((b) => (b.image ? [b.image] : []))) : report.image;
    if (image) this.store.add(image, tag, this.now() + report.totalMs);
    this.trace.record({ at: this.now(), component: 'Buildah', action: 'build', why: image ? `built the image from the Dockerfile without a Docker daemon, into Buildah's own store${layers ? ' (one layer per step)' : ' (one layer for all the steps)'}` : 'stopped at a failing step' });
    return image === report.image ? report : { ...report, image };
  }

  push(stored: StoredImage, dest: ImageRef): PushOutcome {
    const outcome = push(this.lookup, dest, stored.image, this.credentialsFor(dest.domain));
    this.trace.record({ at: this.now(), component: 'Buildah', action: `push ${dest.domain}/${dest.path}`, why: outcome.ok ? 'copied the image to the registry' : `the registry refused (${outcome.why})` });
    return outcome;
  }
}


/** The base's layers, then everything the build added as a single layer (what one commit of a working container gives). */
function squash(image: Image, bases: readonly Image[]): Image {
  let keep = 0;
  for (const b of bases) {
    if (b.layers.length > keep && b.layers.every((l, i) => image.layers[i]?.digest === l.digest)) keep = b.layers.length;
  }
  const added = image.layers.slice(keep);
  if (added.length <= 1) return image;
  const files: Record<string, string> = {};
  for (const l of added) Object.assign(files, l.files);
  const layer: Layer = {
    digest: sha256(`buildah-commit:${added.map((l) => l.digest).join(',')}`),
    size: added.reduce((n, l) => n + l.size, 0),
    unpacked: added.reduce((n, l) => n + l.unpacked, 0),
    createdBy: added[added.length - 1]?.createdBy.replace(/ # buildkit$/, '') ?? '',
    files,
  };
  return makeImage({ layers: [...image.layers.slice(0, keep), layer], config: image.config, created: image.created, distro: image.distro, behaviour: image.behaviour });
}
