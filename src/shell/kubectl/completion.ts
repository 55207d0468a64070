/**
 * `kubectl completion SHELL`: a short stand-in for the script kubectl prints (Tab completion comes
 * with kubetutor's own terminal, not from a sourced script). The stand-in keeps the real script's
 * first lines and its closing `complete` line, so `source <(kubectl completion bash)` behaves as
 * it would: it registers `__start_kubectl` for `kubectl`.
 * Messages: staging/src/k8s.io/kubectl/pkg/cmd/completion/completion.go (RunCompletion, UsageErrorf);
 * the script's frame: cobra's bash_completionsV2.go (genBashComp).
 */
import type { CommandContext } from '../context.ts';
import { err, hint, out, result, type CommandResult } from '../result.ts';

/** kubectl's defaultBoilerPlate: the licence header every completion script starts with. */
const BOILERPLATE = ['', '# Copyright 2016 The Kubernetes Authors.', '#', '# Licensed under the Apache License, Version 2.0 (the "License");',
  '# you may not use this file except in compliance with the License.', '# You may obtain a copy of the License at', '#',
  '#     http://www.apache.org/licenses/LICENSE-2.0', '#', '# Unless required by applicable law or agreed to in writing, software',
  '# distributed under the License is distributed on an "AS IS" BASIS,', '# WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.',
  '# See the License for the specific language governing permissions and', '# limitations under the License.'];

const LEFT_OUT = '# (kubetutor: the completion functions of the real script, several hundred lines, are left out here)';

const SCRIPTS: Record<string, string[]> = {
  bash: [...BOILERPLATE, `# bash completion V2 for ${'kubectl'.padEnd(36)} -*- shell-script -*-`, '', LEFT_OUT, '',
    'if [[ $(type -t compopt) = "builtin" ]]; then', '    complete -o default -F __start_kubectl kubectl', 'else',
    '    complete -o default -o nospace -F __start_kubectl kubectl', 'fi', '', '# ex: ts=4 sw=4 et filetype=sh'],
  zsh: ['#compdef kubectl', 'compdef _kubectl kubectl', ...BOILERPLATE, '# zsh completion for kubectl                                -*- shell-script -*-', '', LEFT_OUT],
  fish: [...BOILERPLATE, '# fish completion for kubectl                                -*- shell-script -*-', '', LEFT_OUT],
  powershell: [...BOILERPLATE, '# powershell completion for kubectl                                -*- shell-script -*-', '', LEFT_OUT],
};

export function completion(args: string[], ctx: CommandContext): CommandResult {
  const usage = (message: string): CommandResult => result([err(`error: ${message}`), err("See 'kubectl completion -h' for help and examples")], 1);
  if (args.length === 0) return usage('Shell not specified.');
  if (args.length > 1) return usage('Too many arguments. Expected only the shell type.');
  const script = SCRIPTS[args[0] as string];
  if (!script) return usage(`Unsupported shell type "${args[0]}".`);
  const note = ctx.stdoutIsTerminal === false ? [] : [hint("A stand-in for kubectl's completion script: Tab completion comes with kubetutor's own terminal.")];
  return result([...script.map(out), ...note]);
}
