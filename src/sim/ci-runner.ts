/**
 * The CI runner: a separate machine with no Docker daemon, where a pipeline builds the image
 * without one — with Kaniko (the executor image runs the Dockerfile's steps itself, in user
 * space), BuildKit run daemonless (`buildctl-daemonless.sh` in moby/buildkit), or Buildah — and
 * pushes it. Each needs registry credentials of its own (a CI secret, as a config.json); Kaniko
 * checks that it may push before it builds anything, BuildKit and Buildah find out at the push.
 */
import { BuildahEngine } from './buildah.ts';
import { build, type BaseResolution, type BuildHost, type BuildOptions, type BuildReport, type CachedStep } from './builder.ts';
import { isUnreachable, pull, push, type PushOutcome, type RegistryLookup } from './distribution.ts';
import type { Image } from './image.ts';
import type { ImageRef } from './image-ref.ts';
import type { Credentials } from './registry.ts';
import type { Trace } from './trace.ts';

export type KanikoOutcome =
  | { readonly phase: 'permission'; readonly destination: ImageRef; readonly why: 'unauthorized' | 'denied' | 'no-such-host' | 'connection-refused' }
  | { readonly phase: 'build'; readonly report: BuildReport }
  | { readonly phase: 'push'; readonly report: BuildReport; readonly image: Image; readonly pushes: ReadonlyArray<{ destination: ImageRef; outcome: PushOutcome }> };

export class CiRunner {
  /** The runner's registry credentials: what a CI secret provides. */
  readonly credentials = new Map<string, Credentials>();
  readonly cache = new Map<string, CachedStep>();
  /** Pipeline runs so far, for job numbers. */
  jobs = 0;

  constructor(
    private readonly lookup: RegistryLookup,
    private readonly trace: Trace,
    private readonly now: () => number,
  ) {}

  resolveBase = (ref: ImageRef): BaseResolution => {
    const r = pull(this.lookup, ref, this.credentials.get(ref.domain), () => false);
    if (r.ok) return { ok: true, image: r.image, source: 'registry' };
    return { ok: false, why: isUnreachable(r.why) ? 'no-repository' : r.why };
  };

  kaniko(options: BuildOptions, destinations: readonly ImageRef[], noPush: boolean): KanikoOutcome {
    if (!noPush) {
      for (const d of destinations) {
        const registry = this.lookup.registry(d.domain);
        if (!registry) return { phase: 'permission', destination: d, why: this.lookup.refuses(d.domain) ? 'connection-refused' : 'no-such-host' };
        const access = registry.canPush(d.path, this.credentials.get(d.domain));
        if (access !== true) {
          this.trace.record({ at: this.now(), component: 'Kaniko', action: 'check push permission', why: `the runner has no accepted credentials for ${d.domain}, so Kaniko stops before building` });
          return { phase: 'permission', destination: d, why: access };
        }
      }
    }
    // Kaniko keeps no cache between jobs unless --cache is set: every run builds from scratch.
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: new Map() }, { ...options, noCache: true });
    this.trace.record({ at: this.now(), component: 'Kaniko', action: 'build', why: report.image ? 'executed the Dockerfile inside the CI job, without a Docker daemon' : 'a build step failed' });
    if (!report.image || noPush) return { phase: 'build', report };
    const image = report.image;
    const pushes = destinations.map((destination) => ({ destination, outcome: push(this.lookup, destination, image, this.credentials.get(destination.domain)) }));
    this.trace.record({ at: this.now(), component: 'Kaniko', action: 'push', why: 'uploaded the image to the registry, where a cluster can pull it' });
    return { phase: 'push', report, image, pushes };
  }

  /** `buildctl-daemonless.sh build`: a BuildKit daemon just for this job (so an empty cache), then the image exporter's push. */
  buildkit(options: BuildOptions, destinations: readonly ImageRef[], pushImage: boolean): { report: BuildReport; pushes: ReadonlyArray<{ destination: ImageRef; outcome: PushOutcome }> } {
    // A fresh daemon's store holds no frontend yet: a `# syntax=` image is pulled every job.
    const resolveFrontend: BuildHost['resolveFrontend'] = (ref) => { const r = this.resolveBase(ref); return r.ok ? { ok: true, image: r.image, cached: false } : r; };
    const report = build({ now: this.now, resolveBase: this.resolveBase, cache: new Map(), resolveFrontend }, { ...options, noCache: true });
    this.trace.record({ at: this.now(), component: 'BuildKit', action: 'build', why: report.image ? 'a daemonless BuildKit ran the Dockerfile inside the CI job' : 'a build step failed' });
    if (!report.image || !pushImage) return { report, pushes: [] };
    const image = report.image;
    const pushes = destinations.map((destination) => ({ destination, outcome: push(this.lookup, destination, image, this.credentials.get(destination.domain)) }));
    this.trace.record({ at: this.now(), component: 'BuildKit', action: 'push', why: 'the image exporter pushed the result to the registry' });
    return { report, pushes };
  }

  /** A job's own Buildah: an empty store, and the runner's credentials (its auth.json). */
  buildah(): BuildahEngine {
    return new BuildahEngine(this.lookup, this.trace, this.now, (host) => this.credentials.get(host));
  }
}
