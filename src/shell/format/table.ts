/**
 * Tables as Go's text/tabwriter lays them out for docker (minwidth 10, padding 3) and kubectl
 * (minwidth 0, padding 3): left-aligned cells, no trailing spaces on the last column.
 */
export function table(rows: ReadonlyArray<readonly string[]>, options: { minWidth?: number; padding?: number } = {}): string[] {
  const minWidth = options.minWidth ?? 0;
  const padding = options.padding ?? 3;
  const cols = Math.max(0, ...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < cols - 1; c++) {
    widths[c] = Math.max(minWidth, ...rows.map((r) => (r[c] ?? '').length + padding));
  }
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] as number) : cell)).join('').replace(/\s+$/, ''));
}

/** docker's tables: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`. */
export function dockerTable(rows: ReadonlyArray<readonly string[]>): string[] {
  return table(rows, { minWidth: 10, padding: 3 });
}

/**
 * Rows printed one at a time through one of kubectl's tabwriters (cli-runtime's GetNewTabWriter has
 * RememberWidths): a column only ever grows as wider rows arrive, earlier lines stay as printed.
 */
export function growingTable(padding = 3): (row: readonly string[]) => string {
  const widths: number[] = [];
  return (r) => {
    r.forEach((cell, i) => { if (i < r.length - 1) widths[i] = Math.max(widths[i] ?? 0, cell.length + padding); });
    return r.map((cell, i) => (i < r.length - 1 ? cell.padEnd(widths[i] as number) : cell)).join('').replace(/\s+$/, '');
  };
}
