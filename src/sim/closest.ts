/** "Did you mean": the known word nearest to what was typed, if it is near enough. */
import { editDistance } from './dockerfile.ts';

/**
 * The closest of `known` to `word` (case ignored), or undefined when even the closest is more
 * than `limit(word.length)` edits away — each caller decides how forgiving a suggestion may be.
 */
export function closest(word: string, known: readonly string[], limit: (length: number) => number): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const k of known) {
    const d = editDistance(word.toLowerCase(), k.toLowerCase());
    if (d < bestD) { bestD = d; best = k; }
  }
  return best !== undefined && bestD <= limit(word.length) ? best : undefined;
}
