/**
 * bash's job table: `cmd &`, `jobs`, `kill %1`, `wait`, `fg`, and the `[1]+  Done  …` notices
 * bash prints before a prompt. A job here is a server that keeps running (kubectl proxy,
 * port-forward), a `sleep` that ends on the simulated clock, or a command that already ran.
 */
import { err, hint, out, result, type CommandResult, type Line } from './result.ts';

type JobState = 'Running' | 'Done' | 'Terminated' | 'Killed' | { exit: number };

interface Job {
  readonly id: number;
  readonly pid: number;
  readonly text: string;
  state: JobState;
  /** Stops a server job (closes its listener). */
  stop?: () => void;
  /** A `sleep N &`: when it ends, on the simulated clock. */
  endsAt?: number;
  /** The command (by count) in which the job changed state: bash reports it before a later prompt. */
  changedAt?: number;
}

/** The first process id the shell hands out; each new job takes the next few. */
const FIRST_PID = 2301;

export class Jobs {
  #jobs: Job[] = [];
  #nextPid = FIRST_PID;
  #command = 0;

  constructor(private readonly now: () => number) {}

  /** A new background job (`[1] 2301`). */
  start(text: string, options: { endsAt?: number }): { id: number; pid: number } {
    const job: Job = { id: Math.max(0, ...this.#jobs.map((j) => j.id)) + 1, pid: this.#nextPid, text, state: 'Running', ...(options.endsAt !== undefined ? { endsAt: options.endsAt } : {}) };
    this.#nextPid += 3;
    this.#jobs.push(job);
    return job;
  }

  serve(ref: { id: number }, stop: () => void): void {
    const job = this.#find(ref.id);
    if (job) job.stop = stop;
  }

  finish(ref: { id: number }, status: number): void {
    const job = this.#find(ref.id);
    if (job) this.#change(job, status === 0 ? 'Done' : { exit: status });
  }

  #find(id: number): Job | undefined {
    return this.#jobs.find((j) => j.id === id);
  }

  #change(job: Job, state: JobState): void {
    job.state = state;
    job.changedAt = this.#command;
  }

  /** Sleeps that have ended by now: bash reports them before the next prompt. */
  #update(): void {
    for (const j of this.#jobs) {
      if (j.state !== 'Running' || j.endsAt === undefined || j.endsAt > this.now()) continue;
      this.#change(j, 'Done');
      j.changedAt = -1;
    }
  }

  /** `+` marks the current job (the newest), `-` the one before. */
  #mark(job: Job): string {
    const ids = this.#jobs.map((j) => j.id);
    return job.id === ids[ids.length - 1] ? '+' : job.id === ids[ids.length - 2] ? '-' : ' ';
  }

  #line(job: Job): string {
    const state = typeof job.state === 'string' ? job.state : `Exit ${job.state.exit}`;
    return `[${job.id}]${this.#mark(job)}  ${state.padEnd(24)}${job.text}${job.state === 'Running' ? ' &' : ''}`;
  }

  /**
   * The notices due after the command that just ran, before the next prompt: sleeps that have run
   * out, and jobs that ended (or were killed) in an earlier command — bash, racing them, reports those
   * a prompt later. Reported jobs leave the table.
   */
  notices(): Line[] {
    this.#update();
    const due = this.#jobs.filter((j) => j.state !== 'Running' && (j.changedAt ?? 0) < this.#command);
    const lines = due.map((j) => out(this.#line(j)));
    this.#jobs = this.#jobs.filter((j) => !due.includes(j));
    this.#command++;
    return lines;
  }

  /** `jobs`: every job, with its state; finished ones are reported once. */
  list(args: string[]): CommandResult {
    this.#update();
    const pidsOnly = args.includes('-p');
    const lines = this.#jobs.map((j) => out(pidsOnly ? String(j.pid) : args.includes('-l') ? this.#line(j).replace(/^(\[\d+\].)/, `$1 ${j.pid}`) : this.#line(j)));
    this.#jobs = this.#jobs.filter((j) => j.state === 'Running');
    return result(lines);
  }

  /** `%1`, `%%`, `%+`, `%-`, `%kubectl`: the job a jobspec names. */
  #spec(text: string): Job | undefined {
    const body = text.slice(1);
    if (body === '' || body === '%' || body === '+') return this.#jobs[this.#jobs.length - 1];
    if (body === '-') return this.#jobs[this.#jobs.length - 2];
    if (/^\d+$/.test(body)) return this.#find(Number(body));
    return this.#jobs.find((j) => j.text.startsWith(body));
  }

  /** `kill [-SIGNAL] %N|PID …` */
  kill(args: string[]): CommandResult {
    let signal = 'TERM';
    const targets: string[] = [];
    for (let i = 0; i < args.length; i++) {
      const a = args[i] as string;
      if (a === '-l') return result([out(' 1) SIGHUP\t 2) SIGINT\t 3) SIGQUIT\t 4) SIGILL\t 5) SIGTRAP'), out(' 6) SIGABRT\t 7) SIGBUS\t 8) SIGFPE\t 9) SIGKILL\t10) SIGUSR1'), out('11) SIGSEGV\t12) SIGUSR2\t13) SIGPIPE\t14) SIGALRM\t15) SIGTERM')]);
      if (a === '-s' || a === '-n') { signal = (args[++i] ?? 'TERM').replace(/^SIG/, ''); continue; }
      if (/^-(\d+|[A-Z]+)$/.test(a) && targets.length === 0) { signal = a.slice(1).replace(/^SIG/, ''); continue; }
      targets.push(a);
    }
    if (targets.length === 0) return result([err('kill: usage: kill [-s sigspec | -n signum | -sigspec] pid | jobspec ... or kill -l [sigspec]')], 2);
    const lines: Line[] = [];
    let code = 0;
    for (const t of targets) {
      const job = t.startsWith('%') ? this.#spec(t) : /^\d+$/.test(t) ? this.#jobs.find((j) => j.pid === Number(t)) : undefined;
      if (!job && !t.startsWith('%') && !/^-?\d+$/.test(t)) { lines.push(err(`bash: kill: ${t}: arguments must be process or job IDs`)); code = 1; continue; }
      if (!job || job.state !== 'Running') {
        lines.push(err(t.startsWith('%') ? `bash: kill: ${t}: no such job` : `bash: kill: (${t}) - No such process`));
        code = 1;
        continue;
      }
      job.stop?.();
      this.#change(job, signal === '9' || signal === 'KILL' ? 'Killed' : 'Terminated');
    }
    return result(lines, code);
  }

  /** `wait [%N]`: sleeps end (the clock moves on); a server never does. */
  wait(args: string[], advance: (ms: number) => void): CommandResult {
    this.#update();
    const jobs = args.length === 0 ? this.#jobs.filter((j) => j.state === 'Running') : args.map((a) => (a.startsWith('%') ? this.#spec(a) : this.#jobs.find((j) => j.pid === Number(a))));
    if (jobs.some((j) => j === undefined)) return result([err(`bash: wait: ${args.find((_a, i) => jobs[i] === undefined)}: no such job`)], 127);
    const servers = (jobs as Job[]).filter((j) => j.state === 'Running' && j.endsAt === undefined);
    if (servers.length > 0) {
      return result([hint(`\`${servers[0]?.text}\` serves until it is stopped, so a real \`wait\` would never return. \`kill %${servers[0]?.id}\` stops it.`)]);
    }
    const until = Math.max(this.now(), ...(jobs as Job[]).map((j) => j.endsAt ?? 0));
    advance(until - this.now());
    // Jobs `wait` collected are not reported again.
    this.#jobs = this.#jobs.filter((j) => !(jobs as Job[]).includes(j));
    return result([]);
  }

  /** `fg`/`bg`: a server would take the terminal back; a sleep is waited for. */
  foreground(name: 'fg' | 'bg', args: string[], advance: (ms: number) => void): CommandResult {
    this.#update();
    const job = args[0] === undefined ? this.#jobs.filter((j) => j.state === 'Running').at(-1) : this.#spec(args[0].startsWith('%') ? args[0] : `%${args[0]}`);
    if (!job || job.state !== 'Running') return result([err(`bash: ${name}: ${args[0] ?? 'current'}: no such job`)], 1);
    if (name === 'bg') return result([err(`bash: bg: job ${job.id} already in background`)]);
    if (job.endsAt === undefined) {
      return result([out(job.text), hint(`In a real terminal \`${job.text}\` would now hold the terminal until Ctrl-C; in the sandbox it keeps running in the background. \`kill %${job.id}\` stops it.`)]);
    }
    advance(job.endsAt - this.now());
    this.#jobs = this.#jobs.filter((j) => j !== job);
    return result([out(job.text)]);
  }
}
