/**
 * What happens when an image runs as a container. Known images behave as the real ones do
 * (nginx and redis print their start-up logs and keep running; postgres refuses to start without
 * POSTGRES_PASSWORD; busybox runs `echo`), and an image built from the learner's Dockerfile runs
 * its ENTRYPOINT/CMD against the files it really contains — so a forgotten COPY shows up as
 * `Cannot find module`, exactly as it would.
 */
import { looksLikeServer, programFile, readBinary, runArgv, runShell, splitScript, hasShell, type ExecContext, type ExecResult } from './exec.ts';
import { bootcampStarted, startupLines } from './http.ts';
import { imageFiles, type Image } from './image.ts';

export interface RunSpec {
  /** Arguments after the image name (replace CMD). */
  readonly args: readonly string[];
  /** `--entrypoint` override. */
  readonly entrypoint: string | undefined;
  /** The kernel the machine reports (`uname -r`, nginx's start-up log). */
  readonly kernel?: string | undefined;
  /** A Pod's `command`: replaces ENTRYPOINT entirely (and CMD with it, unless args are given). */
  readonly command?: readonly string[] | undefined;
  readonly env: ReadonlyArray<readonly [string, string]>;
  readonly hostname: string;
  readonly now: number;
  /** `-it`: an interactive shell or REPL would wait for input. */
  readonly interactive: boolean;
  /** `docker run -u`: overrides the image's USER. */
  readonly user?: string | undefined;
}

export interface RunOutcome {
  /** Lines the container printed. */
  readonly output: string[];
  /** Exit code, or undefined while it keeps running. */
  readonly exitCode: number | undefined;
  /** The process Docker could not start (`exec: "x": executable file not found in $PATH`). */
  readonly notFound?: string;
  /** The argv that ran, for `docker ps` COMMAND. */
  readonly argv: readonly string[];
  /** An interactive shell or REPL was asked for (`-it`): kubetutor does not simulate typing into it. */
  readonly interactive?: boolean;
  /**
   * A process that runs for a while and then ends by itself (`sh -c 'echo start; sleep 20; echo
   * done'`): `exitCode` is undefined (it is running); it exits with `exitCode` after `afterMs`,
   * printing `lines` at their offsets on the way.
   */
  readonly later?: { readonly afterMs: number; readonly exitCode: number; readonly lines: ReadonlyArray<{ readonly atMs: number; readonly text: string }> };
}

/** Lines a running process has yet to print, each at its simulated time. */
export type PendingLines = Array<{ at: number; text: string }>;

/** The lines `outcome.later` prints, at their times for a process started at `now`. */
export function pendingLines(outcome: RunOutcome, now: number): PendingLines | undefined {
  return outcome.later?.lines.map((l) => ({ at: now + l.atMs, text: l.text }));
}

/** Move the lines that are due by `now` into the log. */
export function printDue(pending: PendingLines | undefined, now: number, logs: string[]): void {
  while (pending?.length && (pending[0] as { at: number }).at <= now) logs.push((pending.shift() as { text: string }).text);
}

/**
 * A process that took a second or more (it slept): the lines printed in its first second now,
 * the rest, and the exit, later, at the times the run says they happened.
 */
function timed(run: ExecResult, argv: readonly string[]): RunOutcome {
  const lines = run.output.map((text, i) => ({ atMs: run.lineAt?.[i] ?? 0, text }));
  return {
    output: lines.filter((l) => l.atMs < 1000).map((l) => l.text), exitCode: undefined, argv,
    later: { afterMs: run.durationMs, exitCode: run.exitCode, lines: lines.filter((l) => l.atMs >= 1000) },
  };
}

const HELLO = [
  '',
  'Hello from Docker!',
  'This message shows that your installation appears to be working correctly.',
  '',
  'To generate this message, Docker took the following steps:',
  ' 1. The Docker client contacted the Docker daemon.',
  ' 2. The Docker daemon pulled the "hello-world" image from the Docker Hub.',
  '    (amd64)',
  ' 3. The Docker daemon created a new container from that image which runs the',
  '    executable that produces the output you are currently reading.',
  ' 4. The Docker daemon streamed that output to the Docker client, which sent it',
  '    to your terminal.',
  '',
  'To try something more ambitious, you can run an Ubuntu container with:',
  ' $ docker run -it ubuntu bash',
  '',
  'Share images, automate workflows, and more with a free Docker ID:',
  ' https://hub.docker.com/',
  '',
  'For more examples and ideas, visit:',
  ' https://docs.docker.com/get-started/',
  '',
];

/** `2026/11/21 09:00:03` (nginx's log time format). */
function nginxTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ').replace(/-/g, '/');
}

/** `21 Nov 2026 09:00:03.123` (redis's log time format). */
function redisTime(ms: number): string {
  const d = new Date(ms);
  const mon = d.toUTCString().split(' ')[2];
  return `${d.getUTCDate()} ${mon} ${d.getUTCFullYear()} ${d.toISOString().slice(11, 23)}`;
}

function serverLogs(name: string, version: string, now: number, spec: RunSpec): string[] {
  const t = nginxTime(now);
  switch (name) {
    case 'nginx':
      // Before 1.19 the image had no entrypoint scripts, and nginx itself says nothing on start.
      if (compareVersions(version, '1.19') < 0) return [];
      return [
        '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
        '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
        '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
        '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
        '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
        '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
        '/docker-entrypoint.sh: Configuration complete; ready for start up',
        `${t} [notice] 1#1: using the "epoll" event method`,
        `${t} [notice] 1#1: nginx/${version}`,
        `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14+deb12u1) `,
        `${t} [notice] 1#1: OS: Linux ${spec.kernel ?? '6.10.14-linuxkit'}`,
        `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
        `${t} [notice] 1#1: start worker processes`,
        `${t} [notice] 1#1: start worker process 29`,
      ];
    case 'redis': {
      const r = redisTime(now);
      return [
        `1:C ${r} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
        `1:C ${r} * Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`,
        `1:C ${r} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
        `1:M ${r} * monotonic clock: POSIX clock_gettime`,
        `1:M ${r} * Running mode=standalone, port=6379.`,
        `1:M ${r} * Server initialized`,
        `1:M ${r} * Ready to accept connections tcp`,
      ];
    }
    case 'postgres':
      return [
        'The files belonging to this database system will be owned by user "postgres".',
        'This user must also own the server process.',
        '',
        'Success. You can now start the database server using:',
        '',
        'PostgreSQL init process complete; ready for start up.',
        '',
        `${t.replace(/\//g, '-')}.123 UTC [1] LOG:  starting PostgreSQL ${version} (Debian ${version}-1.pgdg120+1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit`,
        `${t.replace(/\//g, '-')}.124 UTC [1] LOG:  listening on IPv4 address "0.0.0.0", port 5432`,
        `${t.replace(/\//g, '-')}.131 UTC [1] LOG:  database system is ready to accept connections`,
      ];
    case 'httpd':
      return [
        `AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 172.17.0.2. Set the 'ServerName' directive globally to suppress this message`,
        `[${new Date(now).toUTCString().slice(0, 25)}.000000 2026] [mpm_event:notice] [pid 1:tid 1] AH00489: Apache/${version} (Unix) configured -- resuming normal operations`,
      ];
    case 'registry':
      return [`time="${new Date(now).toISOString().slice(0, 19)}Z" level=info msg="listening on [::]:5000" go.version=go1.20.8 instance.id=${spec.hostname} service=registry version=${version}`];
    case 'kubernetes-bootcamp':
      return bootcampStarted(spec.hostname, now);
    case 'echoserver':
      // 1.10's run.sh makes a self-signed certificate for its 8443 listener, then starts nginx; 1.4 starts nginx silently.
      return version === '1.4' ? [] : ['Generating self-signed cert', 'Generating a 2048 bit RSA private key', '........+++', '..........................+++',
        "writing new private key to '/certs/privateKey.key'", '-----', 'Starting nginx'];
    case 'podinfo':
      return [`{"level":"info","ts":"${new Date(now).toISOString()}","caller":"podinfo/main.go:153","msg":"Starting podinfo","version":"${version}","port":"9898"}`];
    default:
      return [`${name} ${version} listening on :8080`];
  }
}

/** Compare dotted versions numerically: `1.16.1` < `1.19`. */
function compareVersions(a: string, b: string): number {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * The container's command line: a Pod's `command` (or `--entrypoint`) replaces ENTRYPOINT, and
 * then CMD too unless args are given; args (arguments after the image name) replace CMD.
 */
export function processArgv(image: Image, spec: Pick<RunSpec, 'args' | 'entrypoint' | 'command'>): string[] {
  const entrypoint = spec.command !== undefined ? [...spec.command] : spec.entrypoint !== undefined ? (spec.entrypoint ? [spec.entrypoint] : []) : [...(image.config.entrypoint ?? [])];
  const cmd = spec.args.length > 0 ? [...spec.args] : spec.entrypoint !== undefined || spec.command !== undefined ? [] : [...(image.config.cmd ?? [])];
  return [...entrypoint, ...cmd];
}

/** What a container's main process does when it is told to stop. */
export interface StopOutcome {
  /** The signal sent: the image's STOPSIGNAL (SIGTERM when it sets none), or the one asked for. */
  readonly signal: string;
  /** Its exit code if it ends on that signal, after `afterMs`; undefined if it carries on (until SIGKILL: 137). */
  readonly exitCode: number | undefined;
  readonly afterMs: number;
  /** Why, in a few words (for the trace). */
  readonly why: string;
}

const SIGNALS: Record<string, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };

/** `TERM`, `15`, `sigterm` → `SIGTERM`, as Docker's signal.ParseSignal reads them. */
export function signalName(text: string): string {
  const t = text.trim().toUpperCase();
  if (/^\d+$/.test(t)) return Object.entries(SIGNALS).find(([, n]) => n === Number(t))?.[0] ?? `SIG${t}`;
  return t.startsWith('SIG') ? t : `SIG${t}`;
}

/**
 * A container's main process runs as PID 1, and the kernel delivers no signal to PID 1 whose
 * action is the default: a process ends on SIGTERM only if it handles it. Servers do (nginx
 * quits gracefully on its STOPSIGNAL SIGQUIT, redis and postgres shut down, Go servers such as
 * the registry and the kube-system components stop serving); `sleep`, a shell loop, `node` (its
 * SIGTERM handler re-raises the signal with the default action, which PID 1 ignores), `python`,
 * `tail -f` do not — they run on until SIGKILL at the deadline, exit code 137. The JVM runs its
 * shutdown hooks and exits 143; a Go program without a handler exits 2 (the runtime's
 * dieFromSignal, when re-raising does not kill it); a shell that traps the signal and `exit`s
 * from a loop ends with that status.
 */
export function stopOutcome(image: Image, argv: readonly string[], signal?: string): StopOutcome {
  const sig = signalName(signal ?? image.config.stopSignal ?? 'SIGTERM');
  const quick = (exitCode: number, why: string, afterMs = 300): StopOutcome => ({ signal: sig, exitCode, afterMs, why });
  const ignores = (why: string): StopOutcome => ({ signal: sig, exitCode: undefined, afterMs: 0, why });
  if (sig === 'SIGKILL') return quick(137, 'SIGKILL cannot be handled', 100);
  // Entrypoint wrappers exec their arguments, so the program after them is PID 1.
  const effective = argv.length > 1 && /(^|\/)(docker-entrypoint\.sh|entrypoint\.sh|httpd-foreground)$/.test(argv[0] as string) ? argv.slice(1) : argv;
  const prog = (effective[0] ?? '').replace(/^.*\//, '');
  const terminating = sig === 'SIGTERM' || sig === 'SIGINT' || sig === 'SIGQUIT' || sig === image.config.stopSignal;
  const b = image.behaviour;
  if ((b.kind === 'server' || b.kind === 'needs-env') && (prog.startsWith(b.name) || argv.join(' ') === processArgv(image, { args: [], entrypoint: undefined }).join(' '))) {
    return terminating ? quick(0, `${b.name} handles ${sig} and shuts down`) : ignores(`${b.name} does not stop on ${sig}`);
  }
  if (prog === 'java') return sig === 'SIGTERM' || sig === 'SIGINT' ? quick(128 + (SIGNALS[sig] as number), `the JVM runs its shutdown hooks on ${sig}`) : ignores(`the JVM does not stop on ${sig}`);
  const script = ['sh', 'bash', 'ash', 'dash'].includes(prog) && effective[1] === '-c' ? effective[2] ?? '' : undefined;
  if (script !== undefined) {
    const short = sig.replace(/^SIG/, '');
    const trap = new RegExp(`\\btrap\\s+(['"])(.*?)\\1\\s+[^;&|]*\\b(SIG)?(${short}|${SIGNALS[sig] ?? '-'})\\b`).exec(script);
    const exit = trap ? /\bexit\b(?:\s+(\d+))?/.exec(trap[2] as string) : null;
    // A trap runs between commands: a loop of short sleeps gets there, `wait` is interrupted at once.
    if (exit && /\b(while|until)\b|\bwait\b/.test(script)) return quick(Number(exit[1] ?? 0), `the shell traps ${sig} and exits`, 1000);
    return ignores(`a shell running as PID 1 ignores ${sig} unless it traps it`);
  }
  const file = imageFiles(image).get(effective[0]?.startsWith('/') ? (effective[0] as string) : `${(image.config.workingDir || '/').replace(/\/$/, '')}/${effective[0]}`);
  if (readBinary(file) && terminating) return quick(2, `a Go program that does not handle ${sig} exits 2 as PID 1`);
  return ignores(`${prog || 'the process'} runs as PID 1 and does not handle ${sig}`);
}

/** Run an image as a container. */
export function runContainer(image: Image, spec: RunSpec): RunOutcome {
  const env = new Map(image.config.env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as [string, string]));
  for (const [k, v] of spec.env) env.set(k, v);
  // The runtime sets HOSTNAME in the process's environment, as it sets the hostname itself.
  if (!env.has('HOSTNAME')) env.set('HOSTNAME', spec.hostname);
  const argv = processArgv(image, spec);
  const behaviour = image.behaviour;
  const overridden = spec.args.length > 0 || spec.entrypoint !== undefined || spec.command !== undefined;

  if (argv.length === 0) return { output: [], exitCode: undefined, notFound: '', argv };
  if (argv[0] === '/hello') return { output: HELLO, exitCode: 0, argv };

  // The image's own server binary run with other flags (kube-proxy's --config=…) is still the server.
  const ownBinary = spec.command !== undefined && image.config.entrypoint?.[0] !== undefined && argv[0] === image.config.entrypoint[0];
  if ((!overridden || ownBinary) && behaviour.kind === 'server') return { output: serverLogs(behaviour.name, behaviour.version, spec.now, spec), exitCode: undefined, argv };
  if (!overridden && behaviour.kind === 'needs-env') {
    if (!env.get(behaviour.variable) && env.get('POSTGRES_HOST_AUTH_METHOD') !== 'trust') {
      return {
        output: [
          'Error: Database is uninitialized and superuser password is not specified.',
          '       You must specify POSTGRES_PASSWORD to a non-empty value for the',
          '       superuser. For example, "-e POSTGRES_PASSWORD=password" on "docker run".',
          '',
          '       You may also use "POSTGRES_HOST_AUTH_METHOD=trust" to allow all',
          '       connections without a password. This is *not* recommended.',
          '',
          '       See PostgreSQL documentation about "trust":',
          '       https://www.postgresql.org/docs/current/auth-trust.html',
        ],
        exitCode: 1, argv,
      };
    }
    return { output: serverLogs(behaviour.name, behaviour.version, spec.now, spec), exitCode: undefined, argv };
  }

  // Entrypoint wrappers that exec their arguments (node's, nginx's).
  let effective = argv;
  if (/(^|\/)docker-entrypoint\.sh$/.test(argv[0] as string) && argv.length > 1) effective = argv.slice(1);

  const files = imageFiles(image);
  const ctx: ExecContext = { distro: image.distro, files, env, cwd: image.config.workingDir || '/', hostname: spec.hostname, now: spec.now, user: spec.user ?? image.config.user };
  const [prog = ''] = effective;

  // A shell or REPL with nothing to read exits at once, unless -it keeps it open.
  const isShell = ['sh', '/bin/sh', 'bash', '/bin/bash', 'ash'].includes(prog) && effective.length === 1;
  const isRepl = ['node', 'python', 'python3'].includes(prog) && effective.length === 1;
  // With -it a shell keeps the container running until the learner types `exit`.
  if ((isShell && hasShell(image.distro)) || isRepl) return { output: [], exitCode: spec.interactive && isShell ? undefined : 0, interactive: spec.interactive, argv };
  if (['nginx'].includes(prog) && env.has('NGINX_VERSION') && !effective.includes('-v')) {
    return { output: serverLogs('nginx', env.get('NGINX_VERSION') as string, spec.now, spec).slice(9), exitCode: undefined, argv };
  }

  // Scripts that block on purpose (a sidecar's `sleep 3600`, a `while true` loop, `tail -f`):
  // run what comes before the blocking statement, then keep running, as the real container does.
  const shellScript = ['sh', '/bin/sh', 'bash', '/bin/bash'].includes(prog) && effective[1] === '-c' ? effective[2] ?? '' : undefined;
  const blocks = (stmt: string): boolean => /^(while\s+(true|:)\b|until\s+false\b|tail\s+-f\b|sleep\s+(infinity|inf)\b)/.test(stmt.trim());
  if (shellScript !== undefined && splitScript(shellScript).some((p) => blocks(p.text))) {
    const parts = splitScript(shellScript);
    const at = parts.findIndex((p) => blocks(p.text));
    const before = parts.slice(0, at).map((p) => `${p.op === ';' ? ';' : ` ${p.op} `}${p.text}`).join('').replace(/^;/, '');
    const head = before ? runShell(ctx, before) : { output: [], exitCode: 0 };
    // A loop's body prints once to show the container is alive.
    const loop = /^(?:while|until)\s+\S+\s*;?\s*do\s+(.*?)\s*;?\s*done/.exec(shellScript.slice(shellScript.indexOf((parts[at] as { text: string }).text)));
    const body = loop ? runShell(ctx, (loop[1] as string).replace(/\bsleep\s+\S+/g, 'true')).output : [];
    return { output: [...head.output, ...body], exitCode: head.exitCode === 0 ? undefined : head.exitCode, argv };
  }
  if ((prog === 'tail' && effective.includes('-f')) || (prog === 'sleep' && /^(infinity|inf)$/.test(effective[1] ?? ''))) return { output: [], exitCode: undefined, argv };
  const result = runArgv(ctx, effective);
  if (result.notFound) return { output: [], exitCode: 127, notFound: prog, argv };
  // A process that sleeps (`sleep 30`, `echo waiting; sleep 20; echo done`) takes its time, then ends.
  if (result.durationMs >= 1000 && (prog === 'sleep' || shellScript !== undefined)) return timed(result, argv);
  // A script that listens on a port keeps running after its start-up output.
  const script = effective.slice(1).find((a) => !a.startsWith('-'));
  const source = script ? files.get(script.startsWith('/') ? script : `${ctx.cwd.replace(/\/$/, '')}/${script}`) : undefined;
  if (result.exitCode === 0 && source !== undefined && looksLikeServer(source)) return { output: startupLines(source, spec.hostname, spec.now) ?? result.output, exitCode: undefined, argv };
  if (result.exitCode === 0 && result.keepsRunning) return { output: result.output, exitCode: undefined, argv };
  if (readBinary(programFile(ctx, prog))?.server) return { output: result.output, exitCode: undefined, argv };
  return { output: result.output, exitCode: result.exitCode, argv };
}
