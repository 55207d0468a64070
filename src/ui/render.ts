/**
 * Prints a command's result: the real tool's lines as they are, kubetutor's own hints marked
 * `hint:` (and coloured on a terminal). On a terminal, pull and push layer lines are first
 * animated as live progress bars, the way Docker redraws them, then left in their final state.
 */
import type { CommandResult, Line } from '../shell/result.ts';
import { humanSize } from '../sim/units.ts';
import type { Io } from './io.ts';
import type { Theme } from './theme.ts';
import { prose } from './wrap.ts';

export function formatLine(line: Line, t: Theme): string {
  if (line.stream === 'hint') return t.hint(`hint: ${line.text}`);
  if (line.change) return line.change === 'new' ? t.prompt(line.text) : line.change === 'changed' ? t.strong(line.text) : t.dim(line.text);
  return line.text;
}

/** Plain rendering: every line, in order, to one stream (what a terminal would have shown). */
export function renderPlain(result: CommandResult, t: Theme): string {
  return result.lines.map((l) => `${formatLine(l, t)}\n`).join('');
}

/** A pause that Ctrl-C (`signal`) ends early. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => { clearTimeout(timer); signal?.removeEventListener('abort', done); resolve(); };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * A layer's progress as Docker draws it (moby pkg/jsonmessage JSONProgress.String): the bar only
 * on a terminal wider than 110 columns, then the sizes, the current one right-aligned in 8.
 */
function bar(done: number, total: number, verb: string, columns: number): string {
  const percentage = Math.min(50, Math.floor(Math.floor((done / Math.max(1, total)) * 100) / 2));
  const box = columns > 110 ? `[${'='.repeat(percentage)}>${' '.repeat(Math.max(0, 50 - percentage))}] ` : '';
  return `${verb} ${box}${humanSize(done).padStart(8)}/${humanSize(total)}`;
}

interface Lane { start: number; end: number; extractStart: number; extractEnd: number }

/**
 * When each layer downloads and extracts, as Docker schedules it: three downloads (five uploads)
 * at a time, extraction one layer after another in order. Times are in bytes-worth of work.
 */
function schedule(sizes: readonly number[], slots: number, extract: boolean): Lane[] {
  const free = Array<number>(slots).fill(0);
  let extractFree = 0;
  return sizes.map((size) => {
    const slot = free.indexOf(Math.min(...free));
    const start = free[slot] as number;
    const end = start + size + 20_000;
    free[slot] = end;
    const extractStart = Math.max(end, extractFree);
    const extractEnd = extract ? extractStart + size / 3 + 5_000 : end;
    extractFree = extractEnd;
    return { start, end, extractStart, extractEnd };
  });
}

function frameText(id: string, bytes: number, direction: 'download' | 'upload', lane: Lane, now: number, final: string, columns: number): string {
  if (now < lane.start) return `${id}: Waiting`;
  if (now < lane.end) return `${id}: ${bar(Math.round((bytes * (now - lane.start)) / (lane.end - lane.start)), bytes, direction === 'download' ? 'Downloading' : 'Pushing', columns)}`;
  if (direction === 'upload') return final;
  if (now < lane.extractStart) return `${id}: Download complete`;
  if (now < lane.extractEnd) return `${id}: ${bar(Math.round((bytes * (now - lane.extractStart)) / (lane.extractEnd - lane.extractStart)), bytes, 'Extracting', columns)}`;
  return final;
}

/**
 * Terminal rendering with live transfer bars (about a second and a half of wall time at most).
 * Ctrl-C (`signal`) jumps to the final frame: the simulated transfer has already happened.
 */
export async function renderInteractive(result: CommandResult, io: Io, t: Theme, signal?: AbortSignal): Promise<void> {
  const lines = result.ttyLines ?? result.lines;
  const write = (s: string): void => { io.stdout.write(s); };
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] as Line;
    if (line.screen === 'clear') {
      write('\x1b[H\x1b[2J\x1b[3J');
      i++;
      continue;
    }
    if (line.stream === 'hint') {
      // kubetutor's own words: wrapped to the terminal, `code` styled (the tools' lines are left as they are).
      const [first = '', ...rest] = prose(`hint: ${line.text}`, io.columns(), t);
      write(`${first.replace(/^hint:/, t.hint('hint:'))}\n${rest.map((l) => `${l}\n`).join('')}`);
      i++;
      continue;
    }
    if (!line.transfer) {
      write(`${formatLine(line, t)}\n`);
      i++;
      continue;
    }
    // A block of layer lines (some already present): draw it, then redraw it until all are done.
    let j = i;
    while (j < lines.length && /^[0-9a-f]{12}: /.test((lines[j] as Line).text)) j++;
    const block = lines.slice(i, j);
    const moving = block.filter((l) => l.transfer);
    const direction = moving[0]?.transfer?.direction ?? 'download';
    const lanes = schedule(moving.map((l) => l.transfer?.bytes ?? 0), direction === 'download' ? 3 : 5, direction === 'download');
    const total = Math.max(1, ...lanes.map((l) => l.extractEnd));
    const frames = 24;
    for (let f = 0; f <= frames; f++) {
      if (f > 0 && signal?.aborted) f = frames;
      if (f > 0) write(`\x1b[${block.length}A`);
      for (const l of block) {
        const k = moving.indexOf(l);
        const tr = l.transfer;
        const text = tr && k >= 0 ? frameText(tr.id, tr.bytes, tr.direction, lanes[k] as Lane, (total * f) / frames, l.text, io.columns()) : l.text;
        write(`\x1b[2K${formatLine({ ...l, text }, t)}\n`);
      }
      if (f < frames) await sleep(60, signal);
    }
    i = j;
  }
}

/** While a live command has news, this many simulated milliseconds pass per real second; when it is quiet, ten times as many. */
export const LIVE_PACE_MS = 4000;
const STEP_MS = 1000;
const QUIET_AFTER_MS = 5000;

/**
 * A live command (`kubectl get -w` at a terminal) goes on: the world runs a second at a time —
 * four simulated seconds per real second while lines come, forty once nothing has come for five
 * — until the command ends or Ctrl-C (`signal`) stops it. True if Ctrl-C stopped it.
 */
export async function followLive(result: CommandResult, io: Io, t: Theme, signal?: AbortSignal): Promise<{ readonly interrupted: boolean; readonly ms: number; readonly exitCode?: number }> {
  const live = result.live;
  if (!live) return { interrupted: false, ms: 0 };
  let quiet = 0;
  let ms = 0;
  try {
    while (!signal?.aborted) {
      const { lines, done, exitCode } = live.step(STEP_MS);
      ms += STEP_MS;
      for (const l of lines) io.stdout.write(`${formatLine(l, t)}\n`);
      if (done) return { interrupted: false, ms, exitCode: exitCode ?? 0 };
      quiet = lines.length ? 0 : quiet + STEP_MS;
      await sleep((1000 * STEP_MS) / (quiet >= QUIET_AFTER_MS ? LIVE_PACE_MS * 10 : LIVE_PACE_MS), signal);
    }
    io.stdout.write('^C\n');
    return { interrupted: true, ms };
  } finally {
    live.stop();
  }
}
