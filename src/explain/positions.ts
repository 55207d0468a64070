/**
 * Where each field of a YAML document is: kubectl-notation paths (`spec.containers[0].image`)
 * mapped to the line and column (1-based) of the key and of the value, so every explanation and
 * every finding can point at the text the author wrote.
 */
import { isMap, isPair, isScalar, isSeq, type LineCounter, type Node } from 'yaml';

export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface FieldPosition {
  /** The key's position (for list items: the item's). */
  readonly key: Position;
  /** The value's position (the key's when the value is empty). */
  readonly value: Position;
  /** Depth below the document's root mapping (0 for apiVersion, kind, …). */
  readonly depth: number;
}

export class PositionMap {
  readonly #at = new Map<string, FieldPosition>();
  /** Paths in the order they are written. */
  readonly order: string[] = [];

  constructor(root: Node | null | undefined, private readonly lines: LineCounter, private readonly origin: Position) {
    if (root) this.#walk(root, '', 0);
  }

  #pos(offset: number | undefined): Position {
    if (offset === undefined) return this.origin;
    const p = this.lines.linePos(offset);
    return { line: p.line, column: p.col };
  }

  #set(path: string, at: FieldPosition): void {
    if (!this.#at.has(path)) this.order.push(path);
    this.#at.set(path, at);
  }

  #walk(node: Node, path: string, depth: number): void {
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
        if (key === undefined) continue;
        const value = pair.value as Node | null;
        const keyPos = this.#pos(keyNode?.range?.[0]);
        const at: FieldPosition = { key: keyPos, value: value?.range ? this.#pos(value.range[0]) : keyPos, depth };
        // A map's keys are `a.key` for struct fields and `a[key]` for map entries (as the API
        // server names them); which one a mapping is, only the schema knows: record both.
        const dotted = path ? `${path}.${key}` : key;
        this.#set(dotted, at);
        if (path) this.#at.set(`${path}[${key}]`, at);
        if (value) this.#walk(value, dotted, depth + 1);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        const n = item as Node | null;
        const p = `${path}[${i}]`;
        const pos = this.#pos(n?.range?.[0]);
        this.#set(p, { key: pos, value: pos, depth });
        if (n) this.#walk(n, p, depth + 1);
      });
    }
  }

  get(path: string): FieldPosition | undefined {
    return this.#at.get(path);
  }

  /**
   * Where to point for a path: the field itself, else (a missing required field) the nearest
   * parent that is written, else the document's start.
   */
  locate(path: string, prefer: 'key' | 'value' = 'key'): Position {
    let p = path;
    for (;;) {
      const hit = this.#at.get(p);
      if (hit) return p === path ? hit[prefer] : hit.key;
      if (!p) return this.origin;
      const cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut > 0 ? p.slice(0, cut) : '';
    }
  }
}
