/**
 * The simulated world: a laptop (docker, buildah, a workspace folder), a CI runner, and the
 * registries in between. The cluster joins it in its own module. Same seed and same commands,
 * same world: there is no wall clock and no Math.random anywhere in it.
 */
import { BuildahEngine } from './buildah.ts';
import { catalogue } from './catalogue.ts';
import { CiRunner } from './ci-runner.ts';
import { VirtualClock, WORLD_EPOCH_MS } from './clock.ts';
import { DockerEngine } from './docker-engine.ts';
import type { RegistryLookup } from './distribution.ts';
import type { FileSystem } from './filesystem.ts';
import { LaptopFileSystem } from './laptop-fs.ts';
import { DOCKER_CONFIG } from './docker-config.ts';
import { SeededRandom } from './random.ts';
import { Registry } from './registry.ts';
import { Trace } from './trace.ts';
import { Cluster } from './cluster/cluster.ts';
import { imageFiles, type Image } from './image.ts';
import { Network } from './network.ts';
import type { NodeSpec } from './cluster/kubelet.ts';
import type { SchemaCheck } from './cluster/api-server.ts';
import { checkObject, kindType } from './schema.ts';

/** The API server's strict decoding, against the schema generated from kubernetes-models. */
const strictDecoding: SchemaCheck = (apiVersion, kind, obj) => (kindType(apiVersion, kind) ? checkObject(apiVersion, kind, obj) : []);

/** The private registry's one account (the sandbox's `help registries` tells the learner). */
export const PRIVATE_REGISTRY = 'registry.example.com';
export const PRIVATE_ACCOUNT = { username: 'dev', password: 'kubetutor-token' } as const;

export interface WorldOptions {
  readonly fs: FileSystem;
  readonly seed?: number;
  readonly startMs?: number;
  /** Strict decoding for the API server (the Kubernetes schema); none means no unknown-field checks. */
  readonly schemaCheck?: SchemaCheck;
  /** The cluster's nodes (default: a control plane and two workers). */
  readonly nodes?: readonly NodeSpec[];
}

export class World implements RegistryLookup {
  readonly clock: VirtualClock;
  readonly random: SeededRandom;
  readonly trace = new Trace();
  /** The workspace folder (paths relative to it). */
  readonly fs: FileSystem;
  /** Every file on the laptop by absolute path: the workspace, the home folder around it, /tmp. */
  readonly laptop: LaptopFileSystem;
  readonly registries = new Map<string, Registry>();
  readonly docker: DockerEngine;
  readonly buildah: BuildahEngine;
  readonly ci: CiRunner;
  readonly cluster: Cluster;
  /** Who reaches whom: laptop ports, kubectl's listeners, pods, Services, nodes. */
  readonly network: Network;
  /** Each running container's files, by container id (created from its image when first looked at). */
  readonly #containerFiles = new Map<string, Map<string, string>>();

  constructor(options: WorldOptions) {
    this.clock = new VirtualClock(options.startMs ?? WORLD_EPOCH_MS);
    this.random = new SeededRandom(options.seed);
    this.fs = options.fs;
    this.laptop = new LaptopFileSystem(options.fs);
    const now = (): number => this.clock.now();
    for (const host of ['docker.io', 'ghcr.io', 'gcr.io', 'quay.io', 'registry.k8s.io']) {
      this.registries.set(host, new Registry(host, { kind: 'public', accountsAnyPassword: true }));
    }
    this.registries.set(PRIVATE_REGISTRY, new Registry(PRIVATE_REGISTRY, { kind: 'private', accounts: { [PRIVATE_ACCOUNT.username]: PRIVATE_ACCOUNT.password } }));
    for (const entry of catalogue()) {
      const [host, ...rest] = entry.repo.split('/');
      const registry = this.registries.get(host as string) as Registry;
      for (const tag of entry.tags) registry.putImage(rest.join('/'), tag, entry.image);
    }
    this.docker = new DockerEngine(this, this.random.fork('docker'), this.trace, now, () => this.laptop.read(DOCKER_CONFIG));
    this.buildah = new BuildahEngine(this, this.trace, now, (h) => this.docker.credentialsFor(h));
    this.ci = new CiRunner(this, this.trace, now);
    this.cluster = new Cluster(this.clock, this.random.fork('cluster'), this.trace, this, options.schemaCheck ?? strictDecoding, options.nodes);
    this.network = new Network({ docker: this.docker, cluster: this.cluster, now, containerFiles: (id, image) => this.containerFiles(id, image), registry: (host) => this.registry(host) }, this.random.fork('network'));
    // The registries are part of the world the nodes pull from: the kubelet's runtime sees the
    // same docker.io, private registry and localhost:5000 as the laptop (for localhost, as
    // the node itself: nothing listens there).
  }

  /** A container's files as they are now: what its image holds, plus what was written inside it since. */
  containerFiles(id: string, image: Image): Map<string, string> {
    let files = this.#containerFiles.get(id);
    if (!files) {
      files = imageFiles(image);
      this.#containerFiles.set(id, files);
    }
    return files;
  }

  /** Let `ms` of simulated time pass: the cluster keeps working meanwhile. */
  advance(ms: number): void {
    const until = this.clock.now() + Math.max(0, Math.round(ms));
    this.cluster.settle(until);
    this.docker.settle(until);
  }

  registry(host: string): Registry | undefined {
    return this.registries.get(host);
  }

  /** localhost ports answer only while a registry container listens there. */
  refuses(host: string): boolean {
    return /^(localhost|127\.0\.0\.1)(:\d+)?$/.test(host);
  }

  /** `docker run -d -p 5000:5000 registry:2` starts a registry on the laptop. */
  startLocalRegistry(port: number): void {
    const host = `localhost:${port}`;
    if (!this.registries.has(host)) this.registries.set(host, new Registry(host, { kind: 'open' }));
  }

  stopLocalRegistry(port: number): void {
    this.registries.delete(`localhost:${port}`);
  }
}
