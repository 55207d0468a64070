/**
 * Benchmark: a 500-node cluster settles a 5,000-replica Deployment (every pod scheduled, pulled,
 * started and Ready). Target: under one second of wall time. Run with `npm run bench`.
 * Wall time is measured here, at the edge — never inside the simulation.
 */
import { MemoryFileSystem } from '../src/sim/filesystem.ts';
import type { NodeSpec } from '../src/sim/cluster/kubelet.ts';
import { World } from '../src/sim/world.ts';

export function clusterScale(nodeCount = 500, replicas = 5000): { ms: number; running: number; nodes: number; instants: number; rounds: number } {
  const nodes: NodeSpec[] = Array.from({ length: nodeCount }, (_, i) => ({
    name: i === 0 ? 'control-plane' : `worker-${i}`, ip: `172.18.${Math.floor((i + 2) / 250)}.${((i + 2) % 250) + 1}`,
    runtime: i % 2 === 0 ? 'containerd' : 'cri-o', controlPlane: i === 0, index: i,
  }));
  const world = new World({ fs: new MemoryFileSystem(), nodes });
  const api = world.cluster.api;
  const start = performance.now();
  const created = api.create({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' },
    spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
  });
  if (!created.ok) throw new Error(created.error.message);
  world.advance(120_000);
  const ms = performance.now() - start;
  const pods = api.list(api.resourceOf('Pod'));
  const running = pods.filter((p) => p.metadata.labels?.app === 'web' && p.status?.phase === 'Running').length;
  return { ms, running, nodes: nodeCount, ...world.cluster.stats };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const nodes = Number(process.argv[2] ?? 500);
  const replicas = Number(process.argv[3] ?? 5000);
  const r = clusterScale(nodes, replicas);
  const ok = r.running === replicas && r.ms < 1000;
  console.log(`cluster-scale: ${r.nodes} nodes, ${replicas} replicas → ${r.running} Running in ${r.ms.toFixed(0)} ms wall (target < 1000 ms; ${r.instants} instants, ${r.rounds} rounds) ${ok ? 'PASS' : 'FAIL'}`);
}
