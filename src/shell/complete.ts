/**
 * Tab completion for the shell prompt, as bash with kubectl's and docker's completion scripts
 * loaded would offer it. Pure: the candidates come from the session's world (its commands, the
 * objects in the cluster, the images, the files), never from the terminal, and nothing changes.
 *
 * - The first word of a command: what the shell runs (aliases, keywords, builtins, programs) and
 *   the folders here; at a container's prompt what that shell has (busybox's ash: its PATH) —
 *   and nothing in dash, which has no line editing.
 * - kubectl: cobra's `__complete` (spf13/cobra completions.go) over kubectl 1.32's command tree
 *   (kubectl/commands.ts) and the completion functions each command registers
 *   (staging/src/k8s.io/kubectl/pkg/util/completion/completion.go): subcommand names, flags
 *   (`--name` and `-x`, the ones already given left out unless repeatable), resource types as
 *   `kubectl api-resources -o name --verbs=get` prints them (`deployments.apps`), object names
 *   from the API server in the namespace of -n, `TYPE/NAME`, namespaces after -n, output formats
 *   after -o, containers after -c, manifests (json/yaml/yml and folders) after -f.
 * - docker: docker/cli's cobra completion (cli/command/completion/functions.go): commands, the
 *   simulated flags of each (docker.ts), local images (`repo:tag`) for run/push/tag/rmi/history,
 *   container names for stop/rm/logs/exec/start, folders for the build context.
 * - Anything else: file names, from the shell's folder (bash's `complete -o default`).
 *
 * As in bash, `=` and `:` break words (`--output=js` completes `js`, `nginx:1.` completes `1.`),
 * a unique whole candidate gets a space after it (a folder's `/` or a flag's `=` does not), and
 * the listing shows a path's last part only. A word with quotes, backslashes or `$(` is left
 * alone rather than guessed wrongly.
 */
import { familiar, parseReference } from '../sim/image-ref.ts';
import { resourceByName } from '../sim/cluster/resources.ts';
import type { KObject } from '../sim/cluster/objects.ts';
import type { World } from '../sim/world.ts';
import type { CommandContext } from './context.ts';
import { DOCKER_COMMAND_NAMES, DOCKER_FLAGS, DOCKER_GROUPS, type DockerCommand } from './docker.ts';
import { FlagError, parseFlags, type FlagSpec, type ParsedFlags } from './flags.ts';
import type { HostFiles } from './interpreter.ts';
import { apiResources } from './kubectl/api-resources.ts';
import { ROOT_COMMANDS, subcommands } from './kubectl/commands.ts';
import { findObject, KUBE_CONTEXT, namespaceOf } from './kubectl/common.ts';
import { findCommand, flagsOf } from './kubectl/index.ts';
import { GET_FORMATS, OBJECT_FORMATS } from './kubectl/printflags.ts';
import type { CompletionView, ShellSession } from './session.ts';

/** What Tab completes: the candidates for the word under the cursor (a unique, whole one ends in a space). */
export interface Completion {
  readonly candidates: readonly string[];
  /** The text before the cursor that the candidates replace (a candidate starts with it). */
  readonly word: string;
}

/**
 * What one completer offers: candidates for `word` (the end of the line they replace), or
 * 'files' for bash's default (file names), as `complete -o default` falls back to.
 */
type Offer = Candidates | 'files';
interface Candidates { readonly word: string; readonly candidates: readonly string[] }
/** File names for the word under the cursor (folders alone, or files with these extensions and folders). */
type Files = (dirsOnly?: boolean, extensions?: readonly string[]) => Candidates;

const NOTHING = (word: string): Offer => ({ word, candidates: [] });

/** The candidates for `line`, the text before the cursor. */
export function complete(session: ShellSession, line: string): Completion {
  const view = session.completionView();
  const lexed = lex(line);
  const none: Completion = { candidates: [], word: lexed.current };
  // dash has no line editing: Tab completes nothing there.
  if (view.shell === 'dash' || lexed.unsafe) return none;
  const files: Files = (dirsOnly = false, extensions) => fileOffer(view.interpreter.files, lexed.current, home(view), { dirsOnly, extensions });
  let offer: Offer;
  if (/^\$\w*$/.test(lexed.current)) offer = { word: lexed.current, candidates: [...view.interpreter.variables.keys()].filter((k) => /^[A-Za-z_]\w*$/.test(k)).map((k) => `$${k}`) };
  else if (lexed.redirect) offer = 'files';
  // bash's command names: aliases, keywords, builtins, programs — and the folders here, whose programs run by a path (busybox's ash looks in PATH only).
  else if (lexed.words.length === 0) offer = lexed.current.includes('/') ? 'files' : { word: lexed.current, candidates: [...view.commands(), ...(view.shell === 'bash' ? files(true).candidates : [])] };
  else offer = commandOffer(session, view, lexed.words, lexed.current, files);
  const o = offer === 'files' ? files() : offer;
  return finish(o.word, o.candidates.filter((c) => c.startsWith(o.word)));
}

/** The completer for a command's arguments, by what the command is. */
function commandOffer(session: ShellSession, view: CompletionView, words: readonly string[], current: string, files: Files): Offer {
  const [name, ...args] = words as [string, ...string[]];
  const known = new Set(view.commands());
  // `alias k=kubectl` completes as kubectl once `complete -o default -F __start_kubectl k` said so (the cheat sheet's two lines).
  const fn = view.interpreter.completionFunction(name);
  const command = fn === '__start_kubectl' ? 'kubectl' : fn === '__start_docker' || fn === '_docker' ? 'docker' : name;
  if (command === 'cd') return files(true);
  if (!view.onLaptop || !known.has(command)) return 'files';
  const ctx: CommandContext = { world: session.world, cwd: session.cwd, dir: session.dir, env: session.env, width: session.width, stdin: undefined };
  if (command === 'kubectl') return kubectlOffer(ctx, args, current, files);
  if (command === 'docker') return dockerOffer(session.world, args, current, files);
  return 'files';
}

// ---------------------------------------------------------------------------------------------
// The line: words of the command being typed, and the word under the cursor.

interface Lexed {
  /** The words of the command the cursor is in, unquoted (assignments and redirections left out). */
  readonly words: string[];
  /** The word under the cursor, as typed. */
  readonly current: string;
  /** The word is a redirection's file (`> out.txt`). */
  readonly redirect: boolean;
  /** The word has quotes, a backslash or a substitution: left alone. */
  readonly unsafe: boolean;
}

/** Words after which a new command starts (`if kubectl …`, `then docker …`). */
const COMMAND_PREFIXES = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', 'time', '{']);

/** Split the text before the cursor as bash does for completion: the command the cursor is in, and its words. */
function lex(line: string): Lexed {
  let words: string[] = [];
  let raw = '';
  let value = '';
  let quote = '';
  let redirect = false;
  const endWord = (): void => {
    if (raw === '') return;
    if (redirect) redirect = false;
    else if (!(words.length === 0 && (COMMAND_PREFIXES.has(value) || /^[A-Za-z_]\w*=/.test(raw)))) words.push(value);
    raw = '';
    value = '';
  };
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string;
    if (quote) {
      raw += ch;
      if (ch === quote) quote = '';
      else value += ch;
      continue;
    }
    if (ch === '\\') { raw += ch + (line[i + 1] ?? ''); value += line[i + 1] ?? ''; i++; continue; }
    if (ch === "'" || ch === '"') { quote = ch; raw += ch; continue; }
    if (ch === '`' || (ch === '$' && line[i + 1] === '(')) {
      // A substitution is part of its word, whatever it holds; an unclosed one runs to the cursor.
      const end = substitutionEnd(line, i);
      raw += line.slice(i, end);
      value += line.slice(i, end);
      i = end - 1;
      continue;
    }
    if (/\s/.test(ch)) { endWord(); continue; }
    if (ch === '<' || ch === '>') {
      if (/^\d+$/.test(raw)) { raw = ''; value = ''; } else endWord();
      if (line[i + 1] === '&') i++;
      redirect = true;
      continue;
    }
    if ('|&;()'.includes(ch)) { endWord(); words = []; redirect = false; continue; }
    raw += ch;
    value += ch;
  }
  return { words, current: raw, redirect, unsafe: quote !== '' || /["'\\`]|\$\(/.test(raw) };
}

/** Where `$(…)` or `` `…` `` starting at `i` ends (after its closing character), or the line's end. */
function substitutionEnd(line: string, i: number): number {
  if (line[i] === '`') {
    const close = line.indexOf('`', i + 1);
    return close < 0 ? line.length : close + 1;
  }
  let depth = 0;
  for (let j = i + 1; j < line.length; j++) {
    if (line[j] === '(') depth++;
    else if (line[j] === ')' && --depth === 0) return j + 1;
  }
  return line.length;
}

// ---------------------------------------------------------------------------------------------
// The offer, as readline shows and inserts it.

/** bash's COMP_WORDBREAKS: readline's word starts after the last `=` or `:`, so candidates are shown and inserted from there. */
function finish(word: string, candidates: readonly string[]): Completion {
  const cut = Math.max(word.lastIndexOf('='), word.lastIndexOf(':')) + 1;
  const unique = [...new Set(candidates.map((c) => c.slice(cut)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const only = unique.length === 1 ? unique[0] as string : undefined;
  const whole = only !== undefined && !only.endsWith('/') && !only.endsWith('=');
  return { candidates: whole ? [`${only} `] : unique, word: word.slice(cut) };
}

/** The home folder of the shell's user, for `~/…`. */
function home(view: CompletionView): string {
  return view.interpreter.variables.get('HOME') ?? '/';
}

/**
 * File names for `word`, from the shell's folder (or `~`, or `/`): the entries of its folder part
 * that start with its last part, folders with a `/` (readline's filename completion, hidden files
 * included as match-hidden-files has it). `extensions`: files with one of them, and every folder
 * (cobra's BashCompFilenameExt); `dirsOnly`: folders alone (`cd`, the build context).
 */
function fileOffer(files: HostFiles, typed: string, homeDir: string, options: { dirsOnly: boolean; extensions?: readonly string[] | undefined }): Candidates {
  const text = typed.slice(Math.max(typed.lastIndexOf('='), typed.lastIndexOf(':')) + 1);
  const slash = text.lastIndexOf('/');
  const dirPart = text.slice(0, slash + 1);
  const base = text.slice(slash + 1);
  const dir = dirPart === '' ? '.' : dirPart.startsWith('~/') ? `${homeDir}/${dirPart.slice(2)}` : dirPart;
  const names = files.list(dir) ?? [];
  const candidates: string[] = [];
  for (const name of names) {
    if (!name.startsWith(base) || name === '.' || name === '..') continue;
    const isDir = files.kind(`${dir}/${name}`) === 'dir';
    if (isDir) candidates.push(`${name}/`);
    else if (!options.dirsOnly && (!options.extensions || options.extensions.some((e) => name.endsWith(`.${e}`)))) candidates.push(name);
  }
  return { word: base, candidates };
}

// ---------------------------------------------------------------------------------------------
// kubectl

/** Commands whose arguments are resource types and names (ResourceTypeAndNameCompletionFunc), with the types they allow and whether more than one may follow. */
const TYPE_AND_NAME: Readonly<Record<string, { allowed?: readonly string[]; repeat: boolean }>> = {
  get: { repeat: true }, describe: { repeat: true }, delete: { repeat: true }, edit: { repeat: true }, label: { repeat: true }, annotate: { repeat: true },
  patch: { repeat: true }, debug: { repeat: true }, 'apply view-last-applied': { repeat: true }, 'apply edit-last-applied': { repeat: true },
  // SpecifiedResourceTypeAndNameCompletionFunc: each command's validArgs.
  autoscale: { allowed: ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'], repeat: true },
  scale: { allowed: ['deployment', 'replicaset', 'replicationcontroller', 'statefulset'], repeat: true },
  'rollout history': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: true },
  'rollout pause': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: true },
  'rollout restart': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: true },
  'rollout resume': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: true },
  'rollout undo': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: true },
  'rollout status': { allowed: ['deployment', 'daemonset', 'statefulset'], repeat: false },
  'set image': { allowed: ['daemonsets', 'deployments', 'pods', 'cronjobs', 'replicasets', 'replicationcontrollers', 'statefulsets'], repeat: false },
  taint: { allowed: ['node'], repeat: true },
  expose: { allowed: ['pod', 'service', 'replicationcontroller', 'deployment', 'replicaset'], repeat: true },
};

/** Commands whose first argument is an object of one type (ResourceNameCompletionFunc). */
const NAME_OF: Readonly<Record<string, string>> = { cordon: 'node', uncordon: 'node', drain: 'node', 'top node': 'node', 'top pod': 'pod', 'create token': 'serviceaccount' };

/** doPodResourceCompletion: the types that hold pods, offered as `TYPE/` beside pod names. */
const RESOURCES_WITH_PODS = ['daemonsets', 'deployments', 'pods', 'jobs', 'replicasets', 'replicationcontrollers', 'services', 'statefulsets'];

/** kubectl completion's shells (completion.go's completionShells). */
const SHELLS = ['bash', 'zsh', 'fish', 'powershell'];

/** The kubeconfig's names (kubeadm's admin.conf, as `kubectl config get-contexts` shows it). */
const KUBECONFIG_NAMES: Readonly<Record<string, readonly string[]>> = { context: [KUBE_CONTEXT], cluster: ['kubetutor'], user: ['kubernetes-admin'] };

function kubectlOffer(ctx: CommandContext, args: readonly string[], current: string, files: Files): Offer {
  const dash = args.indexOf('--');
  const found = findCommand(dash >= 0 ? args.slice(0, dash) : args);
  const { path } = found;
  // After `--` come the command's own words: exec and attach complete nothing there, the others files.
  if (dash >= 0) return ['exec', 'attach'].includes(path) ? NOTHING(current) : 'files';
  // An unknown command is cobra's error: bash falls back to file names.
  if (path === '' && found.next !== undefined && found.next !== 'help') return 'files';
  const { specs, deprecated } = flagsOf(path);
  const rest = args.filter((_a, i) => !found.at.includes(i));
  const spec = (name: string): FlagSpec | undefined => (name.startsWith('--') ? specs.find((s) => s.name === name.slice(2)) : specs.find((s) => s.short === name.slice(1)));
  // A flag's value: after `--flag ` (one that takes a value), or after `--flag=` (the value is the word then, as `=` breaks words).
  const prev = rest.at(-1);
  const prevSpec = prev !== undefined && /^--?[^-=]/.test(prev) && !prev.includes('=') ? spec(prev) : undefined;
  if (prevSpec?.value && prevSpec.bare === undefined) return kubectlFlagValue(ctx, path, prevSpec.name, current, parseQuietly(rest.slice(0, -1), specs), files);
  const parsed = parseQuietly(rest, specs);
  const eq = /^(--?[^=]+)=/.exec(current);
  if (eq) {
    const s = spec(eq[1] as string);
    return s ? kubectlFlagValue(ctx, path, s.name, current.slice(eq[0].length), parsed, files) : NOTHING(current);
  }
  if (current.startsWith('-')) {
    // cobra's flag names: `--name` for each, `-x` for a shorthand; given ones again only when repeatable; deprecated ones never.
    const given = new Set(parsed.values.keys());
    const names = specs.filter((s) => !deprecated.has(s.name) && (!given.has(s.name) || s.repeat))
      .flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]);
    return { word: current, candidates: names };
  }
  const positional = parsed.positional;
  // The subcommands (cobra lists their names, not their aliases; the root also has `help`).
  const subs = path === '' ? [...ROOT_COMMANDS, 'help'] : subcommands(path).map((s) => s.name);
  if (subs.length > 0 && positional.length === 0) return { word: current, candidates: subs };
  if (path === '' && found.next === 'help') return positional.length <= 1 ? { word: current, candidates: [...ROOT_COMMANDS] } : NOTHING(current);
  const ns = namespaceOf(ctx, parsed);
  const typeAndName = TYPE_AND_NAME[path];
  if (typeAndName) return typeAndNameOffer(ctx, ns, positional, current, typeAndName);
  const one = NAME_OF[path];
  if (one) return { word: current, candidates: positional.length === 0 ? objectNames(ctx, one, ns) : [] };
  switch (path) {
    case 'exec': case 'attach': return positional.length === 0 ? podResourceOffer(ctx, ns, current) : NOTHING(current);
    case 'logs': {
      if (positional.length === 0) return podResourceOffer(ctx, ns, current);
      return { word: current, candidates: positional.length === 1 ? containerNames(ctx, ns, positional[0] as string) : [] };
    }
    case 'port-forward': return positional.length === 0 ? podResourceOffer(ctx, ns, current) : NOTHING(current);
    case 'completion': return { word: current, candidates: positional.length === 0 ? SHELLS : [] };
    case 'config use-context': case 'config delete-context': case 'config rename-context': case 'config set-context':
      return { word: current, candidates: positional.length === 0 ? [KUBE_CONTEXT] : [] };
    case 'config delete-cluster': return { word: current, candidates: positional.length === 0 ? KUBECONFIG_NAMES.cluster as string[] : [] };
    case 'config delete-user': return { word: current, candidates: positional.length === 0 ? KUBECONFIG_NAMES.user as string[] : [] };
    default: return 'files';
  }
}

/** The flags before the cursor, parsed; a flag the command does not have leaves the words as they are. */
function parseQuietly(args: readonly string[], specs: readonly FlagSpec[]): ParsedFlags {
  try {
    return parseFlags(args, specs);
  } catch (e) {
    if (!(e instanceof FlagError)) throw e;
    return { values: new Map(), positional: args.filter((a) => !a.startsWith('-')) };
  }
}

/** A flag's value: the completion functions kubectl registers (cmd.go, get_flags.go, exec.go), files for the others. */
function kubectlFlagValue(ctx: CommandContext, path: string, flag: string, current: string, parsed: ParsedFlags, files: Files): Offer {
  const positional = parsed.positional;
  switch (flag) {
    case 'namespace': return { word: current, candidates: objectNames(ctx, 'namespace', undefined) };
    case 'context': case 'cluster': case 'user': return { word: current, candidates: KUBECONFIG_NAMES[flag] as string[] };
    case 'filename': return files(false, ['json', 'yaml', 'yml']);
    case 'output': {
      // PrintFlags' AllowedFormats: get's own (wide, custom columns), the generic printers' elsewhere.
      if (path === 'get') return { word: current, candidates: GET_FORMATS };
      if (flagsOf(path).specs.some((s) => s.name === 'template')) return { word: current, candidates: OBJECT_FORMATS };
      return 'files';
    }
    case 'container': {
      // exec registers ContainerCompletionFunc; kubetutor completes -c of logs and attach the same way.
      if (!['exec', 'logs', 'attach'].includes(path) || positional.length === 0) return NOTHING(current);
      return { word: current, candidates: containerNames(ctx, namespaceOf(ctx, parsed), positional[0] as string) };
    }
    case 'image': return { word: current, candidates: knownImages(ctx.world) };
    case 'subresource': return { word: current, candidates: ['status', 'scale', 'resize'] };
    default: return 'files';
  }
}

/**
 * resourceTypeAndNameCompletionFunc: the first argument is a type (or `TYPE/` once another
 * argument used that form, or `TYPE/NAME` after a slash); after a plain type come its objects'
 * names, the ones already given left out.
 */
function typeAndNameOffer(ctx: CommandContext, ns: string, args: readonly string[], current: string, rule: { allowed?: readonly string[]; repeat: boolean }): Offer {
  const types = (prefix: string): string[] => (rule.allowed ? rule.allowed.filter((t) => t.startsWith(prefix)) : resourceTypeNames(prefix));
  if (args.length > 0 && !(args[0] as string).includes('/')) {
    if (!rule.repeat && args.length > 1) return NOTHING(current);
    return { word: current, candidates: objectNames(ctx, args[0] as string, ns).filter((n) => !args.slice(1).includes(n)) };
  }
  const slash = current.indexOf('/');
  if (slash < 0) {
    if (args.length === 0) return { word: current, candidates: types(current) };
    return { word: current, candidates: rule.repeat ? types(current).map((t) => `${t}/`) : [] };
  }
  if (!rule.repeat && args.length > 0) return NOTHING(current);
  const type = current.slice(0, slash);
  return { word: current, candidates: objectNames(ctx, type, ns).map((n) => `${type}/${n}`).filter((c) => !args.includes(c)) };
}

/** doPodResourceCompletion: pod names and `TYPE/` for the types that hold pods, or `TYPE/NAME` after a slash. */
function podResourceOffer(ctx: CommandContext, ns: string, current: string): Offer {
  const slash = current.indexOf('/');
  if (slash >= 0) {
    const type = current.slice(0, slash);
    return { word: current, candidates: objectNames(ctx, type, ns).map((n) => `${type}/${n}`) };
  }
  return { word: current, candidates: [...objectNames(ctx, 'pod', ns), ...RESOURCES_WITH_PODS.map((t) => `${t}/`)] };
}

/**
 * compGetResourceList: what `kubectl api-resources -o name --cached --verbs=get` prints, the
 * last of a comma-separated list completed (`pods,se` → `pods,secrets`).
 */
function resourceTypeNames(typed: string): string[] {
  const comma = typed.lastIndexOf(',');
  const before = typed.slice(0, comma + 1);
  const printed = apiResources([], { values: new Map([['output', ['name']], ['verbs', ['get']]]), positional: [] });
  return printed.lines.map((l) => `${before}${l.text}`);
}

/** CompGetResource: the names `kubectl get TYPE` lists in the namespace (every type of a comma-separated list). */
function objectNames(ctx: CommandContext, typed: string, ns: string | undefined): string[] {
  const api = ctx.world.cluster.api;
  return typed.split(',').flatMap((t) => {
    const type = resourceByName(t);
    if (!type) return [];
    return api.list(type, type.namespaced ? ns : undefined).map((o: KObject) => o.metadata.name as string);
  });
}

/** CompGetContainers: the pod's init containers, then its containers (a pod named outright; `TYPE/NAME` is not looked through). */
function containerNames(ctx: CommandContext, ns: string, podName: string): string[] {
  if (podName.includes('/') && !/^(pods?|po)\//.test(podName)) return [];
  const pod = findObject(ctx, ctx.world.cluster.api.resourceOf('Pod'), ns, podName.slice(podName.indexOf('/') + 1));
  const spec = pod?.spec as { initContainers?: Array<{ name: string }>; containers?: Array<{ name: string }> } | undefined;
  return [...(spec?.initContainers ?? []), ...(spec?.containers ?? [])].map((c) => c.name);
}

/** Images the world knows, as a pod spec would name them: the laptop's (`repo:tag`) and every registry's tags. */
function knownImages(world: World): string[] {
  const names = localImages(world);
  for (const [host, registry] of world.registries) {
    for (const { path, tags } of registry.listing()) for (const tag of tags) names.push(familiar(parseReference(`${host}/${path}:${tag}`)));
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// docker

/** What each command's arguments are (docker/cli's ValidArgsFunction for it), and how many of them complete. */
const DOCKER_ARGS: Readonly<Record<DockerCommand, { kind: 'images' | 'running' | 'stopped' | 'containers' | 'objects' | 'dirs' | 'none'; limit?: number }>> = {
  run: { kind: 'images', limit: 1 }, push: { kind: 'images', limit: 1 }, pull: { kind: 'images', limit: 1 }, history: { kind: 'images', limit: 1 },
  images: { kind: 'images', limit: 1 }, tag: { kind: 'images', limit: 2 }, rmi: { kind: 'images' },
  stop: { kind: 'running' }, kill: { kind: 'running' }, exec: { kind: 'running', limit: 1 },
  rm: { kind: 'containers' }, logs: { kind: 'containers', limit: 1 }, restart: { kind: 'containers' }, start: { kind: 'stopped' },
  inspect: { kind: 'objects' }, build: { kind: 'dirs', limit: 1 }, login: { kind: 'none' }, logout: { kind: 'none' }, ps: { kind: 'none' },
};

function dockerOffer(world: World, args: readonly string[], current: string, files: Files): Offer {
  // docker's own flags (--context, -D…) come before the command; its command is the first other word.
  const words = args.filter((a) => !a.startsWith('-'));
  const first = words[0];
  if (first === undefined) return current.startsWith('-') ? NOTHING(current) : { word: current, candidates: [...DOCKER_COMMAND_NAMES] };
  let command: DockerCommand | undefined;
  let at = args.indexOf(first) + 1;
  if (first === 'image' || first === 'container') {
    const group = DOCKER_GROUPS[first];
    const verb = args.slice(at).find((a) => !a.startsWith('-'));
    if (verb === undefined) return { word: current, candidates: [...Object.keys(group.verbs).filter((v) => !['list', 'remove', 'ps'].includes(v)), ...group.notSimulated] };
    command = Object.hasOwn(group.verbs, verb) ? group.verbs[verb] : undefined;
    at = args.indexOf(verb, at) + 1;
  } else if (first === 'buildx') {
    if (args.slice(at).every((a) => a.startsWith('-'))) return { word: current, candidates: ['build'] };
    command = 'build';
    at = args.indexOf('build', at) + 1;
  } else if (Object.hasOwn(DOCKER_FLAGS, first)) command = first as DockerCommand;
  if (!command) return 'files';
  const specs: readonly FlagSpec[] = [...DOCKER_FLAGS[command], { name: 'help' }];
  const rest = args.slice(at);
  const prev = rest.at(-1);
  const prevSpec = prev !== undefined && !prev.includes('=') ? (prev.startsWith('--') ? specs.find((s) => s.name === prev.slice(2)) : prev.length === 2 ? specs.find((s) => s.short === prev[1]) : undefined) : undefined;
  if (prevSpec?.value) return 'files';
  if (current.startsWith('-')) {
    if (current.includes('=')) return 'files';
    const given = new Set(parseQuietly(rest, specs).values.keys());
    return { word: current, candidates: specs.filter((s) => !given.has(s.name) || s.repeat).flatMap((s) => [`--${s.name}`, ...(s.short ? [`-${s.short}`] : [])]) };
  }
  // `docker run IMAGE COMMAND…`: flags stop at the first argument.
  const positional = parseQuietly(rest, specs).positional;
  const rule = DOCKER_ARGS[command];
  if (rule.limit !== undefined && positional.length >= rule.limit) return NOTHING(current);
  const containers = (keep: (running: boolean) => boolean): string[] => world.docker.containers.filter((c) => keep(c.exitCode === undefined)).map((c) => c.name);
  switch (rule.kind) {
    case 'images': return { word: current, candidates: localImages(world) };
    case 'running': return { word: current, candidates: containers((running) => running) };
    case 'stopped': return { word: current, candidates: containers((running) => !running) };
    case 'containers': return { word: current, candidates: containers(() => true) };
    case 'objects': return { word: current, candidates: [...containers(() => true), ...localImages(world)] };
    case 'dirs': return files(true);
    default: return NOTHING(current);
  }
}

/** The laptop's images as `docker images` names them (RepoTags): `nginx:1.27`, `localhost:5000/app:1.0`. */
function localImages(world: World): string[] {
  return world.docker.store.all().flatMap((s) => s.tags.map((t) => familiar(parseReference(t))));
}
