/**
 * Prints a command's result: the real tool's lines as they are, kubetutor's own hints marked
 * `hint:` (and coloured on a terminal). On a terminal, pull and push layer lines are first
 * animated as live progress bars, the way Docker redraws them, then left in their final state.
 */
import type { CommandResult, Line } from '../shell/result.ts';
import { humanSize } from '../sim/units.ts';
import type { Io } from './io.ts';
import type { Theme } from './theme.ts';

export function formatLine(line: Line, t: Theme): string {
  if (line.stream === 'hint') return t.hint(`hint: ${line.text}`);
  return line.text;
}

/** Plain rendering: every line, in order, to one stream (what a terminal would have shown). */
export function renderPlain(result: CommandResult, t: Theme): string {
  return result.lines.map((l) => `${formatLine(l, t)}\n`).join('');
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function bar(done: number, total: number, direction: 'download' | 'upload'): string {
  const width = 50;
  const filled = Math.min(width, Math.floor((done / Math.max(1, total)) * width));
  const arrow = filled < width ? '>' : '';
  const verb = direction === 'download' ? 'Downloading' : 'Pushing';
  return `${verb} [${'='.repeat(Math.max(0, filled - (arrow ? 1 : 0)))}${arrow}${' '.repeat(width - filled)}]  ${humanSize(done)}/${humanSize(total)}`;
}

/** Terminal rendering with live transfer bars (about a second of wall time at most). */
export async function renderInteractive(result: CommandResult, io: Io, t: Theme): Promise<void> {
  const lines = result.ttyLines ?? result.lines;
  const write = (s: string): void => { io.stdout.write(s); };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (!line.transfer) {
      write(`${formatLine(line, t)}\n`);
      i++;
      continue;
    }
    // A block of consecutive lines, some of them transfers: draw all, then redraw the transfers.
    let j = i;
    while (j < lines.length && (lines[j] as Line).text.match(/^[0-9a-f]{12}: /)) j++;
    const block = lines.slice(i, j);
    const frames = 12;
    for (let f = 0; f <= frames; f++) {
      if (f > 0) write(`\x1b[${block.length}A`);
      for (const l of block) {
        const tr = l.transfer;
        const text = tr && f < frames ? `${tr.id}: ${bar(Math.round((tr.bytes * f) / frames), tr.bytes, tr.direction)}` : l.text;
        write(`\x1b[2K${formatLine({ ...l, text }, t)}\n`);
      }
      if (f < frames) await sleep(60);
    }
    i = j;
  }
}
