/**
 * Go's text/tabwriter (no flags, padding with spaces): cells are tab-terminated, the text after a
 * line's last tab belongs to no column; a column's width is set by the contiguous lines that have
 * a cell in it (a "column block"), so a line without tabs ends the block and the lines after it
 * realign — the "quirks" of real describe output come from exactly this. Cells pad even when they
 * are empty, so a row whose last cell is empty ends in spaces, as the real tools print it.
 *
 * The three writers the tools use:
 * - kubectl tables (`get`, `api-resources`, `config get-contexts`, custom-columns, watch):
 *   k8s.io/cli-runtime/pkg/printers/tabwriter.go, `NewWriter(out, 6, 4, 3, ' ', RememberWidths)`
 *   with github.com/liggitt/tabwriter, whose RememberWidths keeps each column's widest width
 *   across blocks and flushes (a watch's columns only grow).
 * - kubectl describe and rollout history: `tabbedString` in k8s.io/kubectl/pkg/describe/describe.go
 *   and pkg/polymorphichelpers/history.go, text/tabwriter `Init(buf, 0, 8, 2, ' ', 0)`.
 * - docker tables: docker/cli cli/command/formatter/formatter.go, its own fork
 *   (cli/command/formatter/tabwriter) `NewWriter(out, 10, 1, 3, ' ', 0)`, which measures cells
 *   with go-runewidth instead of counting runes.
 */

export interface TabWriterOptions {
  /** Minimal cell width, padding included. */
  readonly minWidth: number;
  /** Added to a cell's width before the column's width is taken. */
  readonly padding: number;
  /** liggitt/tabwriter's RememberWidths flag. */
  readonly rememberWidths?: boolean;
  /** How wide a cell's text is: runes (Go's tabwriter) or terminal columns (docker's fork). */
  readonly cellWidth?: (text: string) => number;
}

/** utf8.RuneCount: what Go's tabwriter counts. */
export function runeCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** go-runewidth's StringWidth (non-CJK locale): combining marks are 0 columns, East Asian wide and emoji 2. */
export function terminalWidth(text: string): number {
  let n = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0) as number;
    if ((c >= 0x300 && c <= 0x36f) || c === 0x200b || c === 0x200d || (c >= 0xfe00 && c <= 0xfe0f)) continue;
    const wide = (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) || (c >= 0xac00 && c <= 0xd7a3)
      || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) || (c >= 0xffe0 && c <= 0xffe6)
      || (c >= 0x1f300 && c <= 0x1f64f) || (c >= 0x1f900 && c <= 0x1f9ff) || (c >= 0x20000 && c <= 0x3fffd);
    n += wide ? 2 : 1;
  }
  return n;
}

/** One tabwriter: `write` is a Write of whole lines followed by Flush. Keep the object to remember widths across flushes. */
export class TabWriter {
  #maxWidths: number[] = [];

  constructor(readonly options: TabWriterOptions) {}

  /** SetRememberedWidths(nil): kubectl get does this between resource kinds. */
  forgetWidths(): void {
    this.#maxWidths = [];
  }

  /** Lay out `text` (lines of tab-terminated cells) and return it, newlines kept where they were. */
  write(text: string): string {
    const { minWidth, padding } = this.options;
    const measure = this.options.cellWidth ?? runeCount;
    const lines = text.split('\n').map((l) => l.split('\t'));
    const out: string[] = [];
    const widths: number[] = [];

    const writeLines = (from: number, to: number): void => {
      for (let i = from; i < to; i++) {
        const cells = lines[i] as string[];
        let s = '';
        cells.forEach((c, j) => {
          s += c;
          if (j < cells.length - 1 && j < widths.length) s += ' '.repeat(Math.max(0, (widths[j] as number) - measure(c)));
        });
        out.push(s);
      }
    };

    const format = (line0: number, line1: number): void => {
      const column = widths.length;
      let start = line0;
      for (let t = line0; t < line1; t++) {
        if (column >= (lines[t] as string[]).length - 1) continue;
        writeLines(start, t);
        start = t;
        let width = minWidth;
        let end = t;
        for (; end < line1; end++) {
          const cells = lines[end] as string[];
          if (column >= cells.length - 1) break;
          const w = measure(cells[column] as string) + padding;
          if (w > width) width = w;
        }
        if (this.options.rememberWidths) {
          const max = this.#maxWidths;
          if (max.length < widths.length) max.push(...widths.slice(max.length));
          if (max.length === widths.length) max.push(width);
          else if ((max[column] as number) > width) width = max[column] as number;
          else max[column] = width;
        }
        widths.push(width);
        format(start, end);
        widths.pop();
        start = end;
        t = end - 1;
      }
      writeLines(start, line1);
    };

    format(0, lines.length);
    return out.join('\n');
  }
}

/** text/tabwriter as kubectl describe uses it: minwidth 0, padding 2 unless told. */
export function tabwrite(text: string, options: Partial<TabWriterOptions> = {}): string {
  return new TabWriter({ minWidth: 0, padding: 2, ...options }).write(text);
}
