/**
 * A workspace whose backing folder can change under the world. Resuming a lesson replays the
 * learner's lines against a copy of their workspace, then switches to the real folder, so a file
 * they changed in their own editor is never overwritten by an older heredoc being replayed.
 */
import type { FileSystem } from '../sim/filesystem.ts';

export class SwitchableFs implements FileSystem {
  constructor(public target: FileSystem) {}
  read(path: string): string | undefined { return this.target.read(path); }
  write(path: string, content: string): void { this.target.write(path, content); }
  kind(path: string): 'file' | 'dir' | undefined { return this.target.kind(path); }
  list(dir: string): Array<{ name: string; dir: boolean }> | undefined { return this.target.list(dir); }
  mkdir(path: string): void { this.target.mkdir(path); }
  remove(path: string): boolean { return this.target.remove(path); }
  walk(dir: string): Map<string, string> { return this.target.walk(dir); }
}
