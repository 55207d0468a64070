/** What every command handler is given. */
import type { World } from '../sim/world.ts';
import type { CommandResult } from './result.ts';

export interface CommandContext {
  readonly world: World;
  /** Current folder inside the workspace ('' is the workspace root). */
  readonly cwd: string;
  /** What was piped or heredoc'd into the command, if anything. */
  readonly stdin: string | undefined;
  readonly env: ReadonlyMap<string, string>;
  /** Terminal width, for views that fill a line (BuildKit's TTY view). */
  readonly width: number;
}

export type CommandHandler = (args: string[], ctx: CommandContext) => CommandResult;

/** Where the learner's home is, as the tools print it. */
export const HOME = '/home/learner';
