/** Kubernetes resource quantities (`500m`, `1`, `128Mi`, `1G`) as numbers: millicores for cpu, bytes for memory. */

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** The value in base units (cores, bytes), or undefined when it is not a quantity. */
export function parseQuantity(q: unknown): number | undefined {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return undefined;
  const m = /^([+-]?(?:\d+(?:\.\d*)?|\.\d+))(?:[eE]([+-]?\d+))?(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return undefined;
  const base = Number(m[1]) * (m[2] ? 10 ** Number(m[2]) : 1);
  return base * (SUFFIX[m[3] ?? ''] as number);
}

export function milliCpu(q: unknown): number {
  return Math.round((parseQuantity(q) ?? 0) * 1000);
}

export function bytes(q: unknown): number {
  return Math.round(parseQuantity(q) ?? 0);
}
