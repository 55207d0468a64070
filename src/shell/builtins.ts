/**
 * The shell's own commands: enough of a POSIX shell to write files and look around the
 * workspace (`cat`, `ls`, `echo`, heredocs), plus `sleep` (which advances simulated time
 * instantly), `help` and `exit`.
 */
import { WORKSPACE } from '../sim/laptop-fs.ts';
import { contentBytes, standInSize } from '../sim/exec.ts';
import { awkText } from '../sim/awk.ts';
import { jqText } from '../sim/jq.ts';
import { sedText } from '../sim/sed.ts';
import { base64Text, cutText, printfText, seqText, grepText, headTailText, sortText, trText, uniqText, wcText, type TextInput, type TextOutput } from '../sim/textutils.ts';
import { PRIVATE_ACCOUNT, PRIVATE_REGISTRY } from '../sim/world.ts';
import { stepKind, type TraceEntry } from '../sim/trace.ts';
import type { CommandContext } from './context.ts';
import { laptopPath, readLaptopFile } from './paths.ts';
import { err, hint, out, result, writtenLines, type CommandResult } from './result.ts';

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
    '  world                          a picture: laptop images → registries → nodes\' caches → pods (what changed)',
    '',
    '  curl URL                       what a container or Service answers (localhost:PORT, NODE-IP:NODEPORT)',
    '  kubectl proxy | port-forward   serve the cluster on the laptop, in the background (jobs, kill %1)',
    '  cat, ls, echo, cd, pwd, mkdir, rm, grep, head, tail, wc, base64, export, NAME=value, sleep N, clear, trace, exit',
    "  cat > FILE <<'EOF' … EOF       write a file (or edit the workspace folder with your own editor)",
    '  edit FILE                      open FILE in your own editor ($VISUAL or $EDITOR) at a terminal',
    '',
    'More: help cluster | help registries | help ci | help files',
  ],
  cluster: [
    'The cluster: nodes control-plane (tainted NoSchedule), worker-1 (containerd) and worker-2 (CRI-O).',
    'Kubernetes never builds images: each node\'s kubelet asks its container runtime to pull them from a registry.',
    '',
    '  kubectl create deployment web --image=nginx:1.27 --replicas=3',
    '  kubectl get deploy,rs,pods -o wide        kubectl describe pod NAME     kubectl get events',
    '  kubectl logs POD     kubectl scale deployment web --replicas=5     kubectl set image deployment/web nginx=nginx:1.29',
    '  kubectl rollout status|history|undo deployment/web',
    '  kubectl events --for pod/NAME     kubectl wait --for=condition=Ready pod/NAME     kubectl logs -l app=web',
    '  kubectl taint nodes worker-1 key=value:NoSchedule     kubectl cordon|uncordon|drain worker-1 --ignore-daemonsets',
    '  kubectl create job NAME --image=busybox -- echo hi     kubectl apply -k DIR (kustomize)',
    '  etcdctl get --prefix --keys-only /registry   the keys the cluster\'s state is stored under',
    '  ssh worker-1 crictl images                   the images a node\'s runtime has pulled',
    '  trace                                         the components behind the last command, in order',
  ],
  registries: [
    'Registries on this network:',
    '  docker.io              Docker Hub. Anyone may pull. To push, `docker login -u NAME` with any non-empty',
    '                         password; a personal account pushes only under its own name (NAME/app:1.0),',
    '                         which is Docker Hub\'s rule (organisations give their teams other namespaces).',
    '  ghcr.io, quay.io       public images pull without a login; pushing needs one (GitHub wants a token),',
    '                         under your own name or an organisation\'s, as on Docker Hub.',
    '  gcr.io, registry.k8s.io   Google\'s and the Kubernetes project\'s images: pull only.',
    `  ${PRIVATE_REGISTRY}   a company's private registry: pulls and pushes need a login`,
    `                         (user "${PRIVATE_ACCOUNT.username}", password "${PRIVATE_ACCOUNT.password}"). It holds team/billing:2.1.0.`,
    '  localhost:5000         nothing yet: `docker run -d -p 5000:5000 registry:2` starts one; it asks',
    '                         for no login and takes any repository name.',
  ],
  ci: [
    'The CI runner is a separate machine with no Docker daemon. `ci run` runs a pipeline file',
    '(default ci.yaml): each step runs its image\'s entrypoint with `args` (or a `command`), or a',
    'GitLab-style `script` of lines. Three builders work without a Docker daemon:',
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
    'Chainguard\'s fork (chainguard-dev/kaniko, now github.com/chainguard-forks/kaniko) takes dependency',
    'updates in source-only releases; its images are for Chainguard\'s customers.',
    'buildctl-daemonless.sh starts a BuildKit daemon for the one build; on a real runner the rootless',
    'image also wants BUILDKITD_FLAGS=--oci-worker-no-process-sandbox in the step\'s environment.',
    'Each builder pushes with the runner\'s own registry credentials, as a CI secret gives them:',
    '`ci login docker.io -u NAME --password-stdin`. The runner is its own machine: localhost there',
    'is the runner, not your laptop, so push to a registry the runner and the cluster both reach.',
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
  vim: 'No editor is installed in the sandbox: `edit FILE` opens your own ($VISUAL or $EDITOR) on it at a terminal; or write the file with `cat > FILE <<\'EOF\'`.',
  vi: 'No editor is installed in the sandbox: `edit FILE` opens your own ($VISUAL or $EDITOR) on it at a terminal; or write the file with `cat > FILE <<\'EOF\'`.',
  nano: 'No editor is installed in the sandbox: `edit FILE` opens your own ($VISUAL or $EDITOR) on it at a terminal; or write the file with `cat > FILE <<\'EOF\'`.',
  code: 'No editor is installed in the sandbox: `edit FILE` opens your own ($VISUAL or $EDITOR) on it at a terminal; or write the file with `cat > FILE <<\'EOF\'`.',
  minikube: 'minikube is not installed: the sandbox\'s cluster is already running. Where a tutorial writes `$(minikube ip)`, use a node\'s INTERNAL-IP from `kubectl get nodes -o wide` (e.g. 172.18.0.3).',
  wget: 'This laptop has curl: `curl -s URL` (busybox and Alpine containers have wget). The sandbox has no internet: a file a tutorial downloads, write with `cat > FILE <<\'EOF\'`.',
  kind: 'kind is not installed: the sandbox\'s cluster is already running (kind-like: its nodes are containers on the docker network). There is no `kind load docker-image` here: push the image to a registry the nodes can reach.',
  git: 'git is not simulated, and the sandbox has no internet. To use a repository a tutorial clones, run `git clone` on your own computer inside the workspace folder (its path is shown when the sandbox starts): the sandbox sees the files at once. Or write the files here with `cat > FILE <<\'EOF\'`. The CI runner sees the workspace as if it had been pushed.',
  tar: 'tar is not installed on this laptop, so archives cannot be streamed into a container here (`tar cf - DIR | kubectl exec -i POD -- tar xf -`); `kubectl cp` is not simulated either. Write the files in the container\'s shell (`kubectl exec -ti POD -- sh`, then `cat > FILE`).',
  scp: 'scp is not simulated: files cannot be copied onto the nodes from here. For a private registry, give the Pod imagePullSecrets (`kubectl create secret docker-registry …`).',
};

export function commandNotFound(name: string): CommandResult {
  const lines = [err(`bash: ${name}: command not found`)];
  const teach = CONFUSIONS[name];
  if (teach) lines.push(hint(teach));
  else if (/^dokcer|^docekr|^dcoker|^docer$/.test(name)) lines.push(hint('Did you mean `docker`?'));
  return result(lines, 127);
}

export function cat(args: string[], ctx: CommandContext): CommandResult {
  const files = args.filter((a) => a !== '-' && !a.startsWith('-'));
  if (files.length === 0) return result(writtenLines('out', ctx.stdin ?? ''));
  const lines = [];
  let code = 0;
  for (const f of files) {
    if (f === '/dev/null') continue;
    const r = readLaptopFile(ctx, f);
    if (!r.ok) { lines.push(err(`cat: ${f}: ${r.reason}`)); code = 1; continue; }
    const big = standInSize(r.text);
    if (big !== undefined) { lines.push(hint(`${f} is ${big} bytes; kubetutor does not print files over 1 MB.`)); continue; }
    lines.push(...writtenLines('out', r.text));
  }
  return result(lines, code);
}

export function ls(args: string[], ctx: CommandContext): CommandResult {
  // -a shows dotfiles and the . and .. entries; -A (almost all) only the dotfiles.
  const all = args.some((a) => /^-[^-]*a/.test(a));
  const almostAll = all || args.some((a) => /^-[^-]*A/.test(a));
  const long = args.some((a) => /^-[^-]*l/.test(a));
  const targets = args.filter((a) => !a.startsWith('-'));
  const lines = [];
  let code = 0;
  for (const t of targets.length ? targets : ['.']) {
    const p = laptopPath(ctx, t);
    const kind = ctx.world.laptop.kind(p);
    if (!kind) { lines.push(err(`ls: cannot access '${t}': No such file or directory`)); code = 2; continue; }
    if (kind === 'file') { lines.push(out(t)); continue; }
    const entries = [...(all ? [{ name: '.', dir: true }, { name: '..', dir: true }] : []), ...(ctx.world.laptop.list(p) ?? []).filter((e) => almostAll || !e.name.startsWith('.'))];
    if (targets.length > 1) lines.push(out(`${t}:`));
    if (long) {
      // GNU ls: sizes in bytes, right-aligned to the widest one; folders have 2 links.
      const size = (name: string): number => {
        try { return contentBytes(ctx.world.laptop.read(`${p}/${name}`) ?? ''); } catch { return 0; }
      };
      const sizes = entries.map((e) => (e.dir ? 4096 : size(e.name)));
      const width = Math.max(0, ...sizes.map((n) => String(n).length));
      // GNU ls counts 1K blocks: ext4 gives each file whole 4K blocks (an empty one none).
      lines.push(out(`total ${sizes.reduce((n, b) => n + Math.ceil(b / 4096) * 4, 0)}`));
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
  return result([noNewline ? { stream: 'out', text: words.join(' '), partial: true } : out(words.join(' '))]);
}

/** printf FORMAT [ARGS]: bash's builtin (sim/textutils.ts). */
export const printf = (args: string[]): CommandResult => asResult(printfText(args));

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
    const p = laptopPath(ctx, a);
    if (ctx.world.laptop.kind(p) && !parents) { lines.push(err(`mkdir: cannot create directory '${a}': File exists`)); continue; }
    if (!ctx.world.laptop.kind(p) && !ctx.world.laptop.writable(p)) { lines.push(err(`mkdir: cannot create directory '${a}': Permission denied`)); continue; }
    ctx.world.laptop.mkdir(p);
  }
  return result(lines, lines.length ? 1 : 0);
}

export function rm(args: string[], ctx: CommandContext): CommandResult {
  const recursive = args.some((a) => /^-\w*[rR]/.test(a));
  const force = args.some((a) => /^-\w*f/.test(a));
  const lines = [];
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = laptopPath(ctx, a);
    const kind = ctx.world.laptop.kind(p);
    if (!kind) { if (!force) lines.push(err(`rm: cannot remove '${a}': No such file or directory`)); continue; }
    // A symbolic link is removed itself, even one that points at a folder.
    const link = ctx.world.laptop.isSymlink(p);
    if (kind === 'dir' && !recursive && !link) { lines.push(err(`rm: cannot remove '${a}': Is a directory`)); continue; }
    if (p === WORKSPACE || WORKSPACE.startsWith(`${p === '/' ? '' : p}/`)) { lines.push(err('rm: refusing to remove the workspace itself')); continue; }
    if (!ctx.world.laptop.writable(p)) { lines.push(err(`rm: cannot remove '${a}': Permission denied`)); continue; }
    ctx.world.laptop.remove(p);
  }
  return result(lines, lines.length ? 1 : 0);
}

export function touch(args: string[], ctx: CommandContext): CommandResult {
  for (const a of args.filter((x) => !x.startsWith('-'))) {
    const p = laptopPath(ctx, a);
    if (ctx.world.laptop.kind(p) !== undefined) continue;
    if (!ctx.world.laptop.writable(p)) return result([err(`touch: cannot touch '${a}': Permission denied`)], 1);
    ctx.world.laptop.write(p, '');
  }
  return result([]);
}

/**
 * `edit FILE` (kubetutor's, as `$EDITOR FILE` would be): at a terminal the learner's own editor
 * opens on the file ($VISUAL, $EDITOR, else vi) and what they save is written back; piped there is
 * no one to edit, so it says how to write the file instead.
 */
export function edit(args: string[], ctx: CommandContext): CommandResult {
  if (args.length !== 1) return result([err('usage: edit FILE   (opens FILE in your editor: $VISUAL, else $EDITOR, else vi)')], 2);
  const name = args[0] as string;
  if (!ctx.editor) return result([err(`edit: ${name}: an editor needs a terminal; here write the file with: cat > ${name} <<'EOF' … EOF`)], 1);
  const read = readLaptopFile(ctx, name);
  if (!read.ok && read.reason !== 'No such file or directory') return result([err(`edit: ${name}: ${read.reason}`)], 1);
  if (!ctx.world.laptop.writable(read.path)) return result([err(`edit: ${name}: Permission denied`)], 1);
  return {
    ...result([]),
    request: { kind: 'edit', name: name.split('/').pop() || name, content: read.ok ? read.text : '', then: (content) => { ctx.world.laptop.write(read.path, content); return result([]); } },
  };
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


/** What the text filters read: stdin (when they ask for it), or the laptop's files; `sed -i` writes them back. */
function laptopText(ctx: CommandContext): TextInput {
  const fs = ctx.world.laptop;
  return {
    get stdin() { return ctx.stdin; },
    read: (f) => {
      const r = readLaptopFile(ctx, f);
      return r.ok ? { text: r.text } : { reason: r.reason };
    },
    write: (f, text) => {
      const path = laptopPath(ctx, f);
      if (fs.kind(path) === 'dir') return 'Is a directory';
      if (!fs.writable(path)) return 'Permission denied';
      fs.write(path, text);
      return undefined;
    },
  };
}

const asResult = (r: TextOutput): CommandResult => result(r.lines.map((l) => ({ stream: l.stream, text: l.text, ...(l.partial ? { partial: true } : {}) })), r.code);

export const grep = (args: string[], ctx: CommandContext): CommandResult => asResult(grepText(args, laptopText(ctx)));
export const headTail = (which: 'head' | 'tail', args: string[], ctx: CommandContext): CommandResult => asResult(headTailText(which, args, laptopText(ctx)));
export const wc = (args: string[], ctx: CommandContext): CommandResult => asResult(wcText(args, laptopText(ctx)));
export const base64 = (args: string[], ctx: CommandContext): CommandResult => asResult(base64Text(args, laptopText(ctx)));

/** The text filters learners pipe kubectl into (sim/textutils.ts, sed.ts, awk.ts), over the laptop's files. */
export const TEXT_TOOLS: Record<string, (args: readonly string[], input: TextInput) => TextOutput> = {
  sort: sortText, uniq: uniqText, cut: cutText, tr: trText, sed: sedText, awk: awkText, seq: seqText,
};

export function textTool(name: string, args: string[], ctx: CommandContext): CommandResult | undefined {
  if (name === 'jq') return asResult(jqText(args, laptopText(ctx), ctx.world.clock.now() / 1000));
  const tool = TEXT_TOOLS[name];
  return tool ? asResult(tool(args, laptopText(ctx))) : undefined;
}
