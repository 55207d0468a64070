/** "Did you mean": the known word nearest to what was typed, if it is near enough. */

/**
 * Edits between two words, a swap of neighbours counting as one (optimal string alignment):
 * `iamge` is one slip from `image`, as a person sees it, not two. With `swaps` false it is plain
 * Levenshtein distance, as cobra's suggestions count it (a swap is two edits).
 */
export function typoDistance(a: string, b: string, swaps = true): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (swaps && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/**
 * The closest of `known` to `word` (case ignored), or undefined when even the closest is more
 * than `limit(word.length)` edits away — each caller decides how forgiving a suggestion may be.
 */
export function closest(word: string, known: readonly string[], limit: (length: number) => number): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = typoDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== undefined && bestD <= limit(word.length) ? best : undefined;
}
