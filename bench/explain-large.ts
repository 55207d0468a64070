/**
 * `kubetutor explain` on a 2,000-document manifest, against its targets (issue 5):
 * - at most 1 s of wall time for the whole command;
 * - at least 4× faster than `kubectl kustomize` over the same file (when kubectl is installed);
 * - start-up for a small file close to `node -e 0` (within 100 ms of it).
 * Whole commands are timed, as a user would see them, five times each; the medians are judged.
 * Exits 1 when a target is missed. Usage: node --import tsx bench/explain-large.ts [documents] [runs]
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const documents = Number(process.argv[2] ?? 2000);
const runs = Number(process.argv[3] ?? 5);
const bin = join(import.meta.dirname, '..', 'bin', 'kubetutor.js');

/** Deployments, Services and ConfigMaps in turn, each valid, as a real app's manifests are. */
function manifest(n: number): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) {
      docs.push(`apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web-${i}\n  labels:\n    app: web-${i}\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web-${i}\n  template:\n    metadata:\n      labels:\n        app: web-${i}\n    spec:\n      containers:\n      - name: web\n        image: registry.example.com/team/web:1.${i}\n        ports:\n        - containerPort: 8080\n        resources:\n          requests:\n            cpu: 100m\n            memory: 128Mi\n`);
    } else if (i % 3 === 1) {
      docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\nspec:\n  selector:\n    app: web-${i}\n  ports:\n  - port: 80\n    targetPort: 8080\n`);
    } else {
      docs.push(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg-${i}\ndata:\n  key: value-${i}\n`);
    }
  }
  return docs.join('---\n');
}

function time(cmd: string, args: string[]): { ms: number; status: number | null } {
  const start = performance.now();
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  return { ms: performance.now() - start, status: r.status };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function measure(label: string, cmd: string, args: string[]): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const r = time(cmd, args);
    if (r.status !== 0) throw new Error(`${label}: exit ${r.status}`);
    times.push(r.ms);
  }
  const m = median(times);
  console.log(`${label}: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${m.toFixed(0)} ms`);
  return m;
}

const dir = mkdtempSync(join(tmpdir(), 'kubetutor-bench-'));
let ok = true;
try {
  writeFileSync(join(dir, 'big.yaml'), manifest(documents));
  writeFileSync(join(dir, 'small.yaml'), manifest(1));
  writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- big.yaml\n');
  const big = measure(`explain, ${documents} documents (--json)`, process.execPath, [bin, 'explain', join(dir, 'big.yaml'), '--json']);
  const node0 = measure('node -e 0', process.execPath, ['-e', '0']);
  const small = measure('explain, 1 document', process.execPath, [bin, 'explain', join(dir, 'small.yaml'), '--no-timeline']);
  const judge = (what: string, pass: boolean): void => { console.log(`${pass ? 'PASS' : 'FAIL'} ${what}`); ok &&= pass; };
  judge(`${documents} documents in ${big.toFixed(0)} ms (target ≤ 1000 ms)`, big <= 1000);
  judge(`start-up ${small.toFixed(0)} ms vs node -e 0 ${node0.toFixed(0)} ms (target: within 100 ms)`, small - node0 <= 100);
  if (spawnSync('kubectl', ['version', '--client'], { stdio: 'ignore' }).status === 0) {
    const kz = measure('kubectl kustomize, same file', 'kubectl', ['kustomize', dir]);
    judge(`${(kz / big).toFixed(1)}× faster than kubectl kustomize (target ≥ 4×)`, kz / big >= 4);
  } else {
    console.log('SKIP kubectl is not installed (Debian: apt install kubernetes-client): no kustomize comparison');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);
