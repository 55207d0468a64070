/**
 * The laptop's curl (8.5.0, as Ubuntu 24.04 ships it), over the simulated network: published
 * container ports, `kubectl proxy` and `port-forward` listeners, NodePorts on the nodes.
 */
import { curl as runCurl } from '../sim/curl.ts';
import type { CommandContext } from './context.ts';
import { laptopPath } from './paths.ts';
import { hint, result, type CommandResult } from './result.ts';

export const LAPTOP_CURL_VERSION = '8.5.0';

export function curl(args: string[], ctx: CommandContext): CommandResult {
  const r = runCurl(args, {
    request: (req) => ctx.world.network.request({ kind: 'laptop' }, req),
    version: LAPTOP_CURL_VERSION,
    stdoutIsTerminal: ctx.stdoutIsTerminal ?? true,
    advance: (ms) => ctx.world.advance(ms),
    writeFile: (path, content) => {
      const abs = laptopPath(ctx, path);
      const fs = ctx.world.laptop;
      const parent = abs.slice(0, abs.lastIndexOf('/')) || '/';
      if (fs.kind(abs) === 'dir' || fs.kind(parent) !== 'dir' || !fs.writable(abs)) return 'Failure writing output to destination';
      fs.write(abs, content);
      return undefined;
    },
  });
  return result([...r.output.map((l) => ({ stream: l.stream, text: l.text, ...(l.partial ? { partial: true } : {}) })), ...r.teach.map(hint)], r.exitCode);
}
