/**
 * The shell prompt's history, kept across sessions as bash keeps ~/.bash_history: one file in
 * kubetutor's data folder, shared by the sandbox and the lessons, one line per entry, oldest first.
 * History is a convenience: a file that cannot be read or written costs only the history.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { dataDir } from '../course/progress.ts';
import { HISTORY_SIZE } from '../ui/shell-prompt.ts';
import type { Io } from '../ui/io.ts';

export interface KeptHistory {
  /** Newest first, as readline wants it. */
  readonly history: readonly string[];
  readonly onHistory: (history: readonly string[]) => void;
}

export function keptHistory(io: Io): KeptHistory {
  const home = dataDir(io.env, process.platform, homedir());
  const file = join(home, 'history');
  let history: string[] = [];
  try {
    history = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() !== '').reverse().slice(0, HISTORY_SIZE);
  } catch {
    // none yet, or unreadable: start empty
  }
  return {
    history,
    onHistory: (h) => {
      try {
        mkdirSync(home, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, `${[...h].reverse().join('\n')}\n`);
        renameSync(tmp, file);
      } catch {
        // a read-only or full data folder: this session's history still works
      }
    },
  };
}
