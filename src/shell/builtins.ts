/**
 * The shell's own commands: enough of a POSIX shell to write files and look around the
 * workspace (`cat`, `ls`, `echo`, heredocs), plus `sleep` (which advances simulated time
 * instantly), `help` and `exit`.
 */
import { cleanPath } from '../sim/filesystem.ts';
import { contentBytes, standInSize } from '../sim/exec.ts';
import { PRIVATE_ACCOUNT, PRIVATE_REGISTRY } from '../sim/world.ts';
import { stepKind, type TraceEntry } from '../sim/trace.ts';
import type { CommandContext } from './context.ts';
import { err, hint, out, result, textLines, type CommandResult } from './result.ts';

export const HELP_TOPICS: Record<string, string[]> = {
  '': [
    'You are on a laptop with docker and buildah installed, a CI runner next door, registries on the',
    'network, and a Kubernetes cluster (one control-plane node, two workers) that pulls from them.',
    '',
    '  docker build -t NAME:TAG .     build an image from the Dockerfile in this folder',
    '  docker images                  list the images on this laptop',
    '  docker tag SOURCE TARGET       give an image another name (e.g. one for a registry)',
    '  docker login [REGISTRY]        log in to a registry (docker.io when none is given)',
    '  docker push NAME:TAG           upload an image to its registry',
    '  docker pull NAME:TAG           download an image',
    '  docker run [-d] NAME:TAG       run an image as a container;  docker ps, logs, stop, rm',
    '  buildah bud -t NAME .          build the same Dockerfile without a Docker daemon',
    '  ci run [ci.yaml]               run a pipeline on the CI runner (Kaniko, BuildKit or Buildah build there)',
    '  kubectl apply -f FILE          ask the cluster to run what a manifest describes',
    '  kubectl get|describe|logs …    see what the cluster did;  trace: which component did what',
    '',
    '  cat, ls, echo, cd, pwd, mkdir, rm, grep, head, tail, wc, export, NAME=value, sleep N, clear, trace, exit',
    "  cat > FILE <<'EOF' … EOF       write a file (or edit the workspace folder with your own editor)",
    '',
    'More: help cluster | help registries | help ci | help files',
  ],
  cluster: [
    'The cluster: nodes control-plane (tainted NoSchedule), worker-1 (containerd) and worker-2 (CRI-O).',
    'Kubernetes never builds images: it asks each node\'s container runtime to pull them from a registry.',
    '',
    '  kubectl create deployment web --image=nginx:1.27 --replicas=3',
    '  kubectl get deploy,rs,pods -o wide        kubectl describe pod NAME     kubectl get events',
    '  kubectl logs POD     kubectl scale deployment web --replicas=5     kubectl set image deployment/web nginx=nginx:1.29',
    '  kubectl rollout status|history|undo deployment/web',
    '  etcdctl get --prefix --keys-only /registry   the keys the cluster\'s state is stored under',
    '  ssh worker-1 crictl images                   the images a node\'s runtime has pulled',
    '  trace                                         the components behind the last command, in order',
  ],
  registries: [
    'Registries on this network:',
    '  docker.io              Docker Hub. Anyone may pull. To push, `docker login -u NAME` with any non-empty',
    '                         password; a personal account pushes only under its own name (NAME/app:1.0),',
    '                         which is Docker Hub\'s rule (organisations give their teams other namespaces).',
    '  ghcr.io, gcr.io, quay.io, registry.k8s.io   public registries (pull only).',
    `  ${PRIVATE_REGISTRY}   a company's private registry: pulls and pushes need a login`,
    `                         (user "${PRIVATE_ACCOUNT.username}", password "${PRIVATE_ACCOUNT.password}"). It holds team/billing:2.1.0.`,
    '  localhost:5000         nothing yet: `docker run -d -p 5000:5000 registry:2` starts one; it asks',
    '                         for no login and takes any repository name.',
  ],
  ci: [
    'The CI runner is a separate machine with no Docker daemon. `ci run` runs a pipeline file',
    '(default ci.yaml): each step runs its image\'s entrypoint with `args` (or a `command`), or a',
    'GitLab-style `script` of lines. Three builders work without a daemon:',
    '',
    '  steps:',
    '    - name: kaniko',
    '      image: ghcr.io/osscontainertools/kaniko:v1.28.0',
    '      args: ["--context=.", "--dockerfile=Dockerfile", "--destination=docker.io/NAME/app:1.0"]',
    '    - name: buildkit',
    '      image: moby/buildkit:rootless',
    '      command: ["buildctl-daemonless.sh"]',
    '      args: ["build", "--frontend=dockerfile.v0", "--local", "context=.", "--local", "dockerfile=.",',
    '             "--output", "type=image,name=docker.io/NAME/app:1.1,push=true"]',
    '    - name: buildah',
    '      image: quay.io/buildah/stable',
    '      script:',
    '        - buildah bud --storage-driver=vfs -t docker.io/NAME/app:1.2 .',
    '        - buildah push --storage-driver=vfs docker.io/NAME/app:1.2',
    '',
    'Kaniko: Google\'s repository was archived on 3 June 2025 (v1.24.0 is the last release), so',
    'gcr.io/kaniko-project/executor gets no fixes; pipelines that name it still run, here too. The',
    'osscontainertools fork is maintained (ghcr.io/osscontainertools/kaniko, docker.io/martizih/kaniko);',
    'Chainguard\'s chainguard-dev/kaniko publishes source releases, its images for its customers.',
    'Each builder pushes with the runner\'s own registry credentials, as a CI secret gives them:',
    '`ci login docker.io -u NAME --password-stdin`.',
  ],
  files: [
    'The workspace is a real folder on your disk; its path is shown when the sandbox starts.',
    'Edit files there with any editor, or write them here:',
    "  cat > Dockerfile <<'EOF'",
    '  FROM nginx:1.27',
    '  COPY index.html /usr/share/nginx/html/',
    '  EOF',
  ],
};

const CONFUSIONS: Record<string, string> = {
  kubectl: 'This shell was started without the cluster commands (kubetutor sandbox has them).',
  kaniko: 'Kaniko runs inside a pipeline on the CI runner: write ci.yaml and run `ci run` (see `help ci`).',
  executor: 'The Kaniko executor runs inside a pipeline on the CI runner: see `help ci`.',
  buildctl: 'buildctl runs inside a pipeline step on the CI runner (moby/buildkit): see `help ci`. On the laptop, `docker build` is BuildKit.',
  'buildctl-daemonless.sh': 'buildctl-daemonless.sh runs inside a pipeline step on the CI runner (moby/buildkit): see `help ci`.',
  podman: 'podman is not installed here; buildah builds without a daemon: `buildah bud -t NAME .`.',
  sudo: 'No sudo needed: you are allowed to use docker as you are.',
  'docker-compose': 'Compose is not simulated in kubetutor.',
  vim: 'No editor inside the sandbox: edit the workspace folder with your own editor, or use `cat > FILE <<\'EOF\'`.',
  vi: 'No editor inside the sandbox: edit the workspace folder with your own editor, or use `cat > FILE <<\'EOF\'`.',
  nano: 'No editor inside the sandbox: edit the workspace folder with your own editor, or use `cat > FILE <<\'EOF\'`.',
  code: 'No editor inside the sandbox: edit the workspace folder with your own editor, or use `cat > FILE <<\'EOF\'`.',
  minikube: 'There is no local cluster in this sandbox.',
  kind: 'There is no local cluster in this sandbox.',
  git: 'git is not simulated; the CI runner sees the workspace as if it had been pushed.',
};

export function commandNotFound(name: string): CommandResult {
  const lines = [err(`bash: ${name}: command not found`)];
  const teach = CONFUSIONS[name];
  if (teach) lines.push(hint(teach));
  else if (/^dokcer|^docekr|^dcoker|^docer$/.test(name)) lines.push(hint('Did you mean `docker`?'));
  return result(lines, 127);
}

function resolve(ctx: CommandContext, p: string): string {
  return cleanPath(p.startsWith('/') ? p.replace(/^\/home\/learner\/workspace\/?/, '') : p.startsWith('~/workspace') ? p.slice(11) : `${ctx.cwd}/${p}`);
}

export function cat(args: string[], ctx: CommandContext): CommandResult {
  const files = args.filter((a) => a !== '-' && !a.startsWith('-'));
  if (files.length === 0) return result(ctx.stdin === undefined ? [] : textLines('out', ctx.stdin.replace(/\n$/, '')));
  const lines = [];
  let code = 0;
  for (const f of files) {
    if (f === '/dev/null') continue;
    const p = resolve(ctx, f);
    const kind = ctx.world.fs.kind(p);
    if (kind === 'dir') { lines.push(err(`cat: ${f}: Is a directory`)); code = 1; continue; }
    const content = ctx.world.fs.read(p);
    if (content === undefined) {
      // A path through a file (`notes.txt/x`) is "Not a directory", as the kernel says.
      const parents = p.split('/').slice(0, -1).map((_s, i, all) => all.slice(0, i + 1).join('/'));
      lines.push(err(`cat: ${f}: ${parents.some((d) => ctx.world.fs.kind(d) === 'file') ? 'Not a directory' : 'No such file or directory'}`));
      code = 1;
      continue;
    }
    const big = standInSize(content);
    if (big !== undefined) { lines.push(hint(`${f} is ${big} bytes; kubetutor does not print files over 1 MB.`)); continue; }
    if (content !== '') lines.push(...textLines('out', content.replace(/\n$/, '')));
  }
  return result(lines, code);
}

export function ls(args: string[], ctx: CommandContext): CommandResult {
  const all = args.some((a) => /^-\w*a/.test(a));
  const long = args.some((a) => /^-\w*l/.test(a));
  const targets = args.filter((a) => !a.startsWith('-'));
  const lines = [];
  let code = 0;
  for (const t of targets.length ? targets : ['.']) {
    const p = resolve(ctx, t);
    const kind = ctx.world.fs.kind(p);
    if (!kind) { lines.push(err(`ls: cannot access '${t}': No such file or directory`)); code = 2; continue; }
    if (kind === 'file') { lines.push(out(t)); continue; }
    const entries = (ctx.world.fs.list(p) ?? []).filter((e) => all || !e.name.startsWith('.'));
    if (targets.length > 1) lines.push(out(`${t}:`));
    if (long) {
      // GNU ls: sizes in bytes, right-aligned to the widest one; folders have 2 links.
      const size = (name: string): number => {
        try { return contentBytes(ctx.world.fs.read(`${p}/${name}`) ?? ''); } catch { return 0; }
      };
      const sizes = entries.map((e) => (e.dir ? 4096 : size(e.name)));
      const width = Math.max(0, ...sizes.map((n) => String(n).length));
      lines.push(out(`total ${entries.length * 4}`));
      entries.forEach((e, i) => {
        lines.push(out(`${e.dir ? 'drwxr-xr-x' : '-rw-r--r--'} ${e.dir ? 2 : 1} learner learner ${String(sizes[i]).padStart(width)} Nov 21 09:00 ${e.name}`));
      });
    } else if (entries.length) {
      lines.push(out(entries.map((e) => e.name).join('  ')));
    }
  }
  return result(lines, code);
}

export function echo(args: string[]): CommandResult {
  const noNewline = args[0] === '-n';
  const words = noNewline ? args.slice(1) : args;
  return result([out(words.join(' '))]);
}

/** printf FORMAT [ARGS]: %s, %d and the escapes \n and \t, reusing FORMAT for extra arguments as bash does. */
export function printf(args: string[]): CommandResult {
  const [format, ...rest] = args;
  if (format === undefined) return result([err('printf: usage: printf [-v var] format [arguments]')], 2);
  let text = '';
  let i = 0;
  do {
    text += format.replace(/%[sd%]/g, (m) => (m === '%%' ? '%' : rest[i++] ?? '')).replace(/\\n/g, '\n').replace(/\\t/g, '\t');
  } while (i < rest.length && i > 0);
  if (text === '') return result([]);
  const lines = text.split('\n');
  const complete = text.endsWith('\n');
  if (complete) lines.pop();
  return result(lines.map(out));
}

export function sleep(args: string[], ctx: CommandContext): CommandResult {
  const m = /^(\d+(?:\.\d+)?)([smh]?)$/.exec(args[0] ?? '');
  if (!m) return result([err(args[0] === undefined ? 'sleep: missing operand' : `sleep: invalid time interval '${args[0]}'`)], 1);
  const factor = m[2] === 'm' ? 60_000 : m[2] === 'h' ? 3_600_000 : 1000;
  ctx.world.advance(Number(m[1]) * factor);
  return result([]);
}

export function mkdir(args: string[], ctx: CommandContext): CommandResult {
  const parents = args.includes('-p');
  const lines = [];
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = resolve(ctx, a);
    if (ctx.world.fs.kind(p) && !parents) { lines.push(err(`mkdir: cannot create directory '${a}': File exists`)); continue; }
    ctx.world.fs.mkdir(p);
  }
  return result(lines, lines.length ? 1 : 0);
}

export function rm(args: string[], ctx: CommandContext): CommandResult {
  const recursive = args.some((a) => /^-\w*[rR]/.test(a));
  const force = args.some((a) => /^-\w*f/.test(a));
  const lines = [];
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = resolve(ctx, a);
    const kind = ctx.world.fs.kind(p);
    if (!kind) { if (!force) lines.push(err(`rm: cannot remove '${a}': No such file or directory`)); continue; }
    // A symbolic link is removed itself, even one that points at a folder.
    const link = (ctx.world.fs as { isSymlink?: (path: string) => boolean }).isSymlink?.(p) ?? false;
    if (kind === 'dir' && !recursive && !link) { lines.push(err(`rm: cannot remove '${a}': Is a directory`)); continue; }
    if (p === '') { lines.push(err("rm: refusing to remove the workspace itself")); continue; }
    ctx.world.fs.remove(p);
  }
  return result(lines, lines.length ? 1 : 0);
}

export function touch(args: string[], ctx: CommandContext): CommandResult {
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = resolve(ctx, a);
    if (ctx.world.fs.kind(p) === undefined) ctx.world.fs.write(p, '');
  }
  return result([]);
}

export function help(args: string[]): CommandResult {
  const topic = HELP_TOPICS[args[0] ?? ''];
  if (!topic) return result([err(`help: no help topic for '${args[0]}'. Topics: ${Object.keys(HELP_TOPICS).filter(Boolean).join(', ')}`)], 1);
  return result(topic.map(out));
}

/** Of each kind of step, `trace` prints this many and counts the rest. */
export const TRACE_SHOWN_PER_KIND = 25;

export function trace(ctx: CommandContext, entries: readonly TraceEntry[], omitted = 0): CommandResult {
  if (entries.length === 0) return result([hint('Nothing to trace: the last command did not involve any component of the world.')]);
  const start = entries[0]?.at ?? 0;
  // A Deployment of thousands repeats the same few steps for every pod: the first of each kind tell the story.
  const kinds = new Map<string, number>();
  const shown = entries.filter((e) => {
    const kind = stepKind(e);
    const n = kinds.get(kind) ?? 0;
    kinds.set(kind, n + 1);
    return n < TRACE_SHOWN_PER_KIND;
  });
  const width = Math.max(...shown.map((e) => e.component.length));
  const lines = shown.map((e) => out(`+${((e.at - start) / 1000).toFixed(1).padStart(5)}s  ${e.component.padEnd(width)}  ${e.action} — ${e.why}`));
  const more = entries.length - shown.length + omitted;
  if (more > 0) lines.push(hint(`… and ${more.toLocaleString('en-US')} more steps like these: trace shows the first ${TRACE_SHOWN_PER_KIND} of each kind of step.`));
  return result(lines);
}

export { resolve };

/** Lines of the named files, or of stdin: what the filters below read. */
function inputLines(files: string[], ctx: CommandContext, name: string): { lines: string[]; errors: ReturnType<typeof err>[] } {
  const errors: ReturnType<typeof err>[] = [];
  const texts = files.length === 0 ? [ctx.stdin ?? ''] : files.map((f) => {
    const content = ctx.world.fs.kind(resolve(ctx, f)) === 'dir' ? undefined : ctx.world.fs.read(resolve(ctx, f));
    if (content === undefined) errors.push(err(`${name}: ${f}: ${ctx.world.fs.kind(resolve(ctx, f)) === 'dir' ? 'Is a directory' : 'No such file or directory'}`));
    return content ?? '';
  });
  return { lines: texts.flatMap((t) => (t === '' ? [] : t.replace(/\n$/, '').split('\n'))), errors };
}

/** grep [-i] [-v] [-c] [-n] [-q] [-w] [-E|-F] PATTERN [FILE…]: exit 1 when nothing matches, as grep does. */
export function grep(args: string[], ctx: CommandContext): CommandResult {
  const opts = new Set<string>();
  const rest: string[] = [];
  for (const a of args) if (/^-[ivcnqEFw]+$/.test(a) && rest.length === 0) for (const c of a.slice(1)) opts.add(c); else rest.push(a);
  const [pattern, ...files] = rest;
  if (pattern === undefined) return result([err('Usage: grep [OPTION]... PATTERNS [FILE]...'), err("Try 'grep --help' for more information.")], 2);
  let re: RegExp;
  try {
    const source = opts.has('F') ? pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : opts.has('E') ? pattern : pattern.replace(/\\([|+?(){}])/g, '\u0000$1').replace(/([|+?(){}])/g, '\\$1').replace(/\u0000/g, '');
    re = new RegExp(opts.has('w') ? `\\b(?:${source})\\b` : source, opts.has('i') ? 'i' : '');
  } catch {
    return result([err('grep: Unmatched ( or \\(')], 2);
  }
  const { lines, errors } = inputLines(files, ctx, 'grep');
  const hits = lines.map((l, i) => ({ l, i })).filter(({ l }) => re.test(l) !== opts.has('v'));
  const shown = opts.has('q') ? [] : opts.has('c') ? [out(String(hits.length))] : hits.map(({ l, i }) => out(opts.has('n') ? `${i + 1}:${l}` : l));
  return result([...shown, ...errors], errors.length ? 2 : hits.length ? 0 : 1);
}

/** head/tail [-n N | -N] [FILE…]. */
export function headTail(which: 'head' | 'tail', args: string[], ctx: CommandContext): CommandResult {
  let n = 10;
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '-n') n = Number(args[++i]);
    else if (/^-n\d+$/.test(a)) n = Number(a.slice(2));
    else if (/^-\d+$/.test(a)) n = Number(a.slice(1));
    else files.push(a);
  }
  if (!Number.isFinite(n)) return result([err(`${which}: invalid number of lines`)], 1);
  const { lines, errors } = inputLines(files, ctx, which);
  const picked = which === 'head' ? lines.slice(0, n) : n === 0 ? [] : lines.slice(-n);
  return result([...picked.map(out), ...errors], errors.length ? 1 : 0);
}

/** wc [-l|-w|-c] [FILE…]: with one count asked for and stdin, just the number. */
export function wc(args: string[], ctx: CommandContext): CommandResult {
  const flags = args.filter((a) => a.startsWith('-')).join('');
  const files = args.filter((a) => !a.startsWith('-'));
  const text = files.length === 0 ? (ctx.stdin ?? '') : files.map((f) => ctx.world.fs.read(resolve(ctx, f)) ?? '').join('');
  const counts = { l: (text.match(/\n/g) ?? []).length, w: text.split(/\s+/).filter(Boolean).length, c: contentBytes(text) };
  const asked = (['l', 'w', 'c'] as const).filter((k) => flags.includes(k));
  const show = asked.length ? asked : (['l', 'w', 'c'] as const);
  const nums = show.map((k) => counts[k]);
  const width = show.length === 1 ? 0 : Math.max(...nums.map((x) => String(x).length), files.length ? 1 : 7);
  return result([out(`${nums.map((x) => String(x).padStart(width)).join(' ')}${files.length ? ` ${files.join(' ')}` : ''}`)]);
}
