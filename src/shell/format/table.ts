/**
 * Tables: rows of cells joined by tabs, laid out by the tool's own tabwriter (see tabwriter.ts for
 * each tool's parameters and their sources).
 */
import { TabWriter, terminalWidth, type TabWriterOptions } from './tabwriter.ts';

/** kubectl's printers.GetNewTabWriter: minwidth 6, padding 3, RememberWidths. */
export const KUBECTL_TABLE: TabWriterOptions = { minWidth: 6, padding: 3, rememberWidths: true };

/** docker/cli's formatter: minwidth 10, padding 3, cells measured in terminal columns. */
export const DOCKER_TABLE: TabWriterOptions = { minWidth: 10, padding: 3, rememberWidths: false, cellWidth: terminalWidth };

/** kubectl describe's and rollout history's `tabbedString`: text/tabwriter minwidth 0, padding 2. */
export const DESCRIBE_TABLE: TabWriterOptions = { minWidth: 0, padding: 2, rememberWidths: false };

/**
 * Lay out rows with one flush of a fresh tabwriter: kubectl's table writer unless told otherwise.
 * Options given in part start from a plain text/tabwriter (minwidth 0, padding 3).
 */
export function table(rows: ReadonlyArray<readonly string[]>, options?: Partial<TabWriterOptions>): string[] {
  return new TabWriter(options === undefined ? KUBECTL_TABLE : { minWidth: 0, padding: 3, ...options }).write(rows.map((r) => r.join('\t')).join('\n')).split('\n');
}

/** docker's tables: `tabwriter.NewWriter(out, 10, 1, 3, ' ', 0)`. */
export function dockerTable(rows: ReadonlyArray<readonly string[]>): string[] {
  return table(rows, DOCKER_TABLE);
}
