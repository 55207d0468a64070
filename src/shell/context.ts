/** What every command handler is given. */
import type { World } from '../sim/world.ts';
import type { CommandResult } from './result.ts';

export interface CommandContext {
  readonly world: World;
  /**
   * The current folder relative to the workspace ('' is the workspace root, and also what commands
   * see while the shell is outside the workspace). Prefer `dir` with laptopPath() (paths.ts), which
   * works anywhere on the laptop.
   */
  readonly cwd: string;
  /** The shell's current folder as an absolute path (`/home/learner/workspace/app`); the workspace root when absent. */
  readonly dir?: string;
  /** What was piped or heredoc'd into the command, if anything. */
  readonly stdin: string | undefined;
  readonly env: ReadonlyMap<string, string>;
  /** Terminal width, for views that fill a line (BuildKit's TTY view). */
  readonly width: number;
  /** False when the command's stdout is a pipe or a file (curl shows its progress meter then); true otherwise. */
  readonly stdoutIsTerminal?: boolean;
  /**
   * A terminal watches this command and it is the whole line: a command that would go on until
   * Ctrl-C (a watch) may return a live feed instead of stopping when the world is quiet.
   */
  readonly live?: boolean;
  /** A person at a terminal can be handed their editor on a workspace file (`edit FILE`). */
  readonly editor?: boolean;
}

export type CommandHandler = (args: string[], ctx: CommandContext) => CommandResult;
