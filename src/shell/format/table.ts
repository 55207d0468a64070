/**
 * Tables as Go's text/tabwriter lays them out for docker (minwidth 10, padding 3) and kubectl
 * (minwidth 0, padding 3): left-aligned cells, no trailing spaces on the last column.
 */
export function table(rows: ReadonlyArray<readonly string[]>, options: { minWidth?: number; padding?: number; remember?: number[] } = {}): string[] {
  const minWidth = options.minWidth ?? 0;
  const padding = options.padding ?? 3;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  // kubectl's tabwriter (liggitt/tabwriter with RememberWidths) keeps each column's widest width
  // across flushes: a watch flushes once per event, and its columns only ever grow.
  const widths: number[] = options.remember ?? [];
  for (let c = 0; c < cols - 1; c++) {
    widths[c] = Math.max(minWidth, widths[c] ?? 0, ...rows.map((r) => (r[c] ?? '').length + padding));
  }
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] as number) : cell)).join('').replace(/\s+$/, ''));
}

/** docker's tables: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`. */
export function dockerTable(rows: ReadonlyArray<readonly string[]>): string[] {
  return table(rows, { minWidth: 10, padding: 3 });
}
