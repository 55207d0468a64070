/**
 * A port of Go's text/tabwriter column-block algorithm (no flags), which kubectl describe writes
 * through. Cells are tab-terminated; a column's width is set by the contiguous lines that have a
 * cell in it, so a line without tabs ends the block and the next lines realign — the "quirks" of
 * real describe output come from exactly this.
 */
export function tabwrite(text: string, options: { minWidth?: number; padding?: number } = {}): string {
  const minWidth = options.minWidth ?? 0;
  const padding = options.padding ?? 2;
  const lines = text.split('\n').map((l) => l.split('\t'));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (from: number, to: number): void => {
    for (let i = from; i < to; i++) {
      const cells = lines[i] as string[];
      let s = '';
      cells.forEach((c, j) => {
        if (j < cells.length - 1 && j < widths.length) s += c.padEnd(widths[j] as number);
        else if (j < cells.length - 1) s += c;
        else s += c;
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
        const w = (cells[column] as string).length + padding;
        if (w > width) width = w;
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
