/**
 * Seeded randomness. The world never calls Math.random: ids, container names and pod suffixes
 * come from this generator, so a world built from the same seed repeats itself exactly.
 */

/** `00` … `ff`. */
const BYTE_HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export class SeededRandom {
  #state: number;

  readonly #seed: number;

  constructor(seed: number = 0x6b756265) {
    this.#seed = seed >>> 0;
    this.#state = this.#seed;
  }

  /**
   * An independent stream for one part of the world, derived from the seed and a label, so
   * that what one component draws never shifts the ids another one makes.
   */
  fork(label: string): SeededRandom {
    let h = this.#seed ^ 0x9e3779b9;
    for (let i = 0; i < label.length; i++) h = Math.imul(h ^ label.charCodeAt(i), 0x01000193) >>> 0;
    return new SeededRandom(h);
  }

  /** mulberry32: small, fast, and good enough for ids that only need to look random. */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** A string of `length` characters drawn from `alphabet`. */
  string(length: number, alphabet: string): string {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[this.int(alphabet.length)];
    return out;
  }

  hex(length: number): string {
    return this.string(length, '0123456789abcdef');
  }

  /** Hex from 32 random bits per 8 digits: for the cluster's many ids (uids, container ids). */
  hexWords(length: number): string {
    let out = '';
    while (out.length < length) {
      // Byte by byte from a table: the same digits as toString(16).padStart(8, '0'), for less work.
      const w = Math.floor(this.next() * 4294967296);
      out += (BYTE_HEX[w >>> 24] as string) + (BYTE_HEX[(w >>> 16) & 255] as string) + (BYTE_HEX[(w >>> 8) & 255] as string) + (BYTE_HEX[w & 255] as string);
    }
    return out.length === length ? out : out.slice(0, length);
  }
}
