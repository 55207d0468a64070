/**
 * One learner going through one lesson: the step state machine. It takes typed lines and gives
 * back blocks (values) for the UI to show; it never prints, never reads the clock.
 *
 * Everything the learner types goes into a journal. The journal *is* the progress: resuming is
 * replaying it into a fresh world, which (being deterministic) ends up exactly where they left.
 */
import type { ShellSession } from '../shell/session.ts';
import type { CommandResult } from '../shell/result.ts';
import { componentKind, type TraceEntry } from '../sim/trace.ts';
import { evaluate, looksAtCommand, type CheckResult, type LastCommand } from './checks.ts';
import type { AskStep, DoStep, Lesson, Predicate, Step, WriteStep } from './schema.ts';

export type Block =
  /** Lesson title and summary, at the start. */
  | { readonly kind: 'title'; readonly title: string; readonly summary: string; readonly steps: number }
  /** Narrative (explain) or the closing recap. */
  | { readonly kind: 'explain' | 'recap'; readonly text: string }
  /** A do/write step's task, numbered among the steps that need the learner. */
  | { readonly kind: 'task'; readonly number: number; readonly of: number; readonly text: string; readonly file?: string }
  | { readonly kind: 'question'; readonly number: number; readonly of: number; readonly text: string; readonly choices: readonly string[]; readonly multiple: boolean }
  /** A typed line and what the shell answered. */
  | { readonly kind: 'command'; readonly prompt: string; readonly line: string; readonly result: CommandResult; readonly byTutor: boolean }
  | { readonly kind: 'success'; readonly text: string }
  | { readonly kind: 'feedback'; readonly text: string }
  | { readonly kind: 'hint'; readonly text: string; readonly number: number; readonly of: number }
  | { readonly kind: 'solution'; readonly lines: readonly string[] }
  /** "What just happened", from the world's trace. */
  | { readonly kind: 'happened'; readonly entries: readonly TraceEntry[]; readonly more: number }
  | { readonly kind: 'note'; readonly text: string }
  /** The world ran on (the step's `wait`) until the goal held or the time was up. */
  | { readonly kind: 'waited'; readonly seconds: number }
  | { readonly kind: 'complete'; readonly title: string };

export interface InputOutcome {
  readonly blocks: readonly Block[];
  /** Set when the line hit a bug in kubetutor (already reported in `blocks`): for KUBETUTOR_DEBUG. */
  readonly error?: unknown;
  /** The learner quit (progress kept) or finished the lesson. */
  readonly ended?: 'quit' | 'complete';
}

/** Commands the lesson understands in any step (typed on their own, not inside a heredoc). */
export const LESSON_COMMANDS = ['hint', 'check', 'solution', 'skip', 'restart', 'quit'] as const;

/** How many trace lines "what just happened" shows before summing up the rest. */
const HAPPENED_MAX = 8;

export class LessonSetupError extends Error {
  override name = 'LessonSetupError';
}

/** Put the world in the lesson's starting state: starter files, then the setup commands (hidden). */
export function prepareWorld(lesson: Lesson, session: ShellSession, writeFiles = true): void {
  if (writeFiles) for (const [path, content] of Object.entries(lesson.setup.files)) session.world.fs.write(path, content);
  for (const line of lesson.setup.commands) {
    for (const part of line.split('\n')) {
      const o = session.feed(part);
      if (o.kind === 'result' && o.result.exitCode !== 0) {
        const why = o.result.lines.filter((l) => l.stream === 'err').map((l) => l.text).join(' ');
        throw new LessonSetupError(`${lesson.file}: setup command failed: ${part}${why ? ` — ${why}` : ''}`);
      }
    }
  }
  if (session.collecting) throw new LessonSetupError(`${lesson.file}: setup ends inside an unfinished heredoc or continued line`);
  session.world.trace.mark();
}

/**
 * Where step `index` stands among the steps that need the learner (do, write, ask): what the
 * lesson shows as "Step 2/3", and what lists and messages say too.
 */
export function stepNumber(lesson: Lesson, index: number): { number: number; of: number } {
  const working = lesson.steps.map((s, i) => ({ s, i })).filter(({ s }) => s.kind === 'do' || s.kind === 'write' || s.kind === 'ask');
  const before = working.filter(({ i }) => i < index).length;
  return { number: Math.min(before + 1, working.length), of: working.length };
}

/** The step's solution in the `--answers` format. */
export function answerLines(step: Step): string[] {
  if (step.kind === 'do' || step.kind === 'write') return [...step.solution];
  if (step.kind !== 'ask') return [];
  if (step.answers.length) return [step.answers[0] as string];
  return [step.choices.map((c, i) => (c.correct ? String(i + 1) : '')).filter(Boolean).join(',')];
}

function normalise(s: string): string {
  return s.trim().toLowerCase().replace(/\s+/g, ' ').replace(/[.!]$/, '');
}

/** Which choices a typed answer names: `2`, `b`, `1,3`, `a c`, or a choice's text. Undefined if unreadable. */
export function pickedChoices(step: AskStep, line: string): number[] | undefined {
  const t = line.trim();
  const byText = step.choices.findIndex((c) => normalise(c.text) === normalise(t));
  if (byText >= 0) return [byText];
  const parts = t.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return undefined;
  const picks: number[] = [];
  for (const p of parts) {
    const n = /^\d+$/.test(p) ? Number(p) - 1 : /^[a-z]$/i.test(p) ? p.toLowerCase().charCodeAt(0) - 97 : -1;
    if (n < 0 || n >= step.choices.length) return undefined;
    if (!picks.includes(n)) picks.push(n);
  }
  return picks.sort((a, b) => a - b);
}

export class LessonRun {
  /** The index of the current step (steps.length once complete). */
  #step = 0;
  #journal: string[] = [];
  /** The step each journal line was typed at: a resume replays a line only at its own step. */
  #lineSteps: number[] = [];
  /** Hints shown for the current step. */
  #hints = 0;
  /** `solution` asked once before every hint was seen: asking again shows it. */
  #solutionAsked = false;
  readonly #skipped = new Set<number>();
  /** Mistakes whose condition held after the previous command (said once until it stops holding). */
  #held = new Set<number>();
  /** Trace of the step's last command that did something, for "what just happened". */
  #stepTrace: TraceEntry[] = [];
  /** Steps of that command the trace counted but did not keep (beyond its limit per kind). */
  #stepOmitted = 0;
  #session: ShellSession;
  /** Where in the journal the command still being typed (a heredoc, a continued line) began. */
  #pendingFrom: number | undefined;

  /**
   * @param newSession a shell in a fresh world; `empty`: with an emptied workspace (a new start or
   *   `restart`), otherwise on the workspace as it is (resuming: the learner's files stay).
   * @param resuming the journal will be replayed: leave the workspace's files as they are.
   */
  constructor(readonly lesson: Lesson, private readonly newSession: (empty: boolean) => ShellSession, resuming = false) {
    this.#session = newSession(!resuming);
    prepareWorld(lesson, this.#session, !resuming);
  }

  get session(): ShellSession { return this.#session; }
  get stepIndex(): number { return this.#step; }
  get journal(): readonly string[] { return this.#journal; }
  get lineSteps(): readonly number[] { return this.#lineSteps; }
  get complete(): boolean { return this.#step >= this.lesson.steps.length; }
  get skipped(): readonly number[] { return [...this.#skipped]; }
  get current(): Step | undefined { return this.lesson.steps[this.#step]; }

  /** What the learner is asked for now. */
  get awaiting(): 'shell' | 'answer' | 'done' {
    const s = this.current;
    return !s ? 'done' : s.kind === 'ask' ? 'answer' : 'shell';
  }

  /** The prompt to show: the shell's, `> ` inside a heredoc, or `answer: ` for a question. */
  get prompt(): string {
    if (this.awaiting === 'answer') return 'answer: ';
    return this.#session.collecting ? '> ' : this.#session.prompt();
  }

  #numbering(): { number: number; of: number } {
    return stepNumber(this.lesson, this.#step);
  }

  /** The opening: title, then every step up to the first that needs the learner. */
  begin(): Block[] {
    const blocks: Block[] = [{ kind: 'title', title: this.lesson.title, summary: this.lesson.summary, steps: this.lesson.steps.length }];
    blocks.push(...this.#enter());
    return blocks;
  }

  /**
   * Bring the run to step `to` when replaying the journal falls short (a file the learner changed
   * since makes a command go otherwise): each step in between has its solution run, so the world
   * is what later steps expect. Nothing is journaled and nothing counts as skipped — the learner
   * did those steps; the journal's lines keep the steps they were typed at. Returns how many.
   */
  fastForward(to: number): number {
    let n = 0;
    this.cancelPending();
    while (this.#step < Math.min(to, this.lesson.steps.length)) {
      const s = this.current as Step;
      if (s.kind === 'do' || s.kind === 'write') {
        for (const l of s.solution) this.#session.feed(l);
        if (s.wait) this.#waitFor(s);
      }
      this.#step++;
      this.#enter();
      n++;
    }
    return n;
  }

  /** Coming back to a run replayed from its journal: the title, where the learner is, and the current step again. */
  reopen(forwarded = 0): Block[] {
    const blocks: Block[] = [{ kind: 'title', title: this.lesson.title, summary: this.lesson.summary, steps: this.lesson.steps.length }];
    const s = this.current;
    if (!s) return [...blocks, { kind: 'complete', title: this.lesson.title }];
    const dropped = this.cancelPending();
    blocks.push({ kind: 'note', text: `Welcome back: your world is as you left it${dropped ? ' (the command you were still typing was dropped)' : ''}. Here is where you were:` });
    if (forwarded) blocks.push({ kind: 'note', text: `Some of what you did could not be replayed (files in the workspace, or the lesson, changed since), so kubetutor ran the solution of ${forwarded === 1 ? 'one step' : `${forwarded} steps`} to bring your world back to this point.` });
    const n = this.#numbering();
    if (s.kind === 'ask') blocks.push({ kind: 'question', ...n, text: s.text, choices: s.choices.map((c) => c.text), multiple: s.multiple });
    else if (s.kind === 'do' || s.kind === 'write') blocks.push({ kind: 'task', ...n, text: s.text, ...(s.kind === 'write' ? { file: s.file } : {}) });
    return blocks;
  }

  /** Show steps from the current one until one needs input (or the lesson ends). */
  #enter(): Block[] {
    const blocks: Block[] = [];
    for (;;) {
      const s = this.current;
      if (!s) { blocks.push({ kind: 'complete', title: this.lesson.title }); return blocks; }
      this.#hints = 0;
      this.#solutionAsked = false;
      this.#held = new Set();
      this.#stepTrace = [];
      this.#stepOmitted = 0;
      if (s.kind === 'explain' || s.kind === 'recap') {
        blocks.push({ kind: s.kind, text: s.text });
        this.#step++;
        continue;
      }
      const n = this.#numbering();
      if (s.kind === 'ask') blocks.push({ kind: 'question', ...n, text: s.text, choices: s.choices.map((c) => c.text), multiple: s.multiple });
      else blocks.push({ kind: 'task', ...n, text: s.text, ...(s.kind === 'write' ? { file: s.file } : {}) });
      return blocks;
    }
  }

  /**
   * One typed line. A bug in a command must not end the lesson or poison the journal (a line that
   * throws would throw again on every resume): it is reported, and forgotten.
   */
  input(line: string): InputOutcome {
    const mark = this.#journal.length;
    try {
      return this.#input(line);
    } catch (e) {
      this.cancelPending();
      this.#journal.length = Math.min(this.#journal.length, mark);
      this.#lineSteps.length = this.#journal.length;
      return { blocks: [{ kind: 'note', text: `kubetutor: internal error while running this line: ${e instanceof Error ? e.message : String(e)} (please report it; KUBETUTOR_DEBUG=1 shows details)` }], error: e };
    }
  }

  #input(line: string): InputOutcome {
    const s = this.current;
    if (!s) return { blocks: [], ended: 'complete' };
    const word = line.trim();
    if (!this.#session.collecting && (LESSON_COMMANDS as readonly string[]).includes(word)) {
      if (word === 'quit') return { blocks: [{ kind: 'note', text: 'Your progress is saved: `kubetutor learn` picks up here.' }], ended: 'quit' };
      if (word === 'restart') return this.#restart();
      this.#record(line);
      return this.#lessonCommand(word, s);
    }
    this.#record(line);
    if (s.kind === 'ask') return this.#answer(s, line);
    if (s.kind === 'do' || s.kind === 'write') return this.#shell(s, line);
    return { blocks: [] };
  }

  #record(line: string): void {
    this.#journal.push(line);
    this.#lineSteps.push(this.#step);
  }

  /**
   * Ctrl-C while a heredoc or continued line is being typed: the command never ran, so its lines
   * leave the journal too. True if there was one.
   */
  cancelPending(): boolean {
    this.#session.cancel();
    if (this.#pendingFrom === undefined) return false;
    this.#journal.length = this.#pendingFrom;
    this.#lineSteps.length = this.#pendingFrom;
    this.#pendingFrom = undefined;
    return true;
  }

  #restart(): InputOutcome {
    this.#session = this.newSession(true);
    prepareWorld(this.lesson, this.#session);
    this.#step = 0;
    this.#journal = [];
    this.#lineSteps = [];
    this.#pendingFrom = undefined;
    this.#skipped.clear();
    return { blocks: [{ kind: 'note', text: 'Starting the lesson over in a fresh world.' }, ...this.begin()] };
  }

  #lessonCommand(word: string, s: Step): InputOutcome {
    const hints = s.kind === 'do' || s.kind === 'write' || s.kind === 'ask' ? s.hints : [];
    switch (word) {
      case 'hint': {
        if (hints.length === 0) return { blocks: [{ kind: 'note', text: 'This step has no hints. Type `solution` to see the answer.' }] };
        if (this.#hints >= hints.length) return { blocks: [{ kind: 'note', text: 'No more hints: type `solution` to see the answer.' }] };
        this.#hints++;
        return { blocks: [{ kind: 'hint', text: hints[this.#hints - 1] as string, number: this.#hints, of: hints.length }] };
      }
      case 'check': {
        if (s.kind === 'ask') return { blocks: [{ kind: 'note', text: s.answers.length ? 'Type your answer.' : `Answer the question: type the number of your choice${s.multiple ? ' (several: 1,3)' : ''}.` }] };
        const step = s as DoStep | WriteStep;
        const r = this.#goal(step);
        if (r.ok) return this.#pass([], step);
        // A known wrong turn in the world (a file written with the editor, say) gets its feedback.
        const known = step.mistakes.find((m) => !looksAtCommand(m.when) && evaluate(m.when, this.#session.world).ok);
        return { blocks: [...(known ? [{ kind: 'feedback' as const, text: known.say }] : []), { kind: 'note', text: `Not yet: ${r.reason}.` }] };
      }
      case 'solution': {
        const left = hints.length - this.#hints;
        if (left > 0 && !this.#solutionAsked) {
          this.#solutionAsked = true;
          return { blocks: [{ kind: 'note', text: `There ${left === 1 ? 'is 1 hint' : `are ${left} hints`} you have not seen (type \`hint\`). Type \`solution\` again to see the answer anyway.` }] };
        }
        return { blocks: [{ kind: 'solution', lines: answerLines(s) }] };
      }
      case 'skip': return this.#skip(s);
    }
    return { blocks: [] };
  }

  /** Skipping a shell step runs its solution, so later steps find the world they expect. */
  #skip(s: Step): InputOutcome {
    this.#skipped.add(this.#step);
    const blocks: Block[] = [{ kind: 'note', text: s.kind === 'ask' ? `Skipped. The answer: ${s.answers.length ? s.answers[0] : s.choices.filter((c) => c.correct).map((c) => c.text).join('; ')}.${s.why ? ` ${s.why}` : ''}` : 'Skipped. kubetutor runs the solution so the next steps find the world they expect:' }];
    if (s.kind === 'do' || s.kind === 'write') {
      for (const l of s.solution) {
        const prompt = this.prompt;
        const o = this.#session.feed(l);
        if (o.kind === 'result') blocks.push({ kind: 'command', prompt, line: l, result: o.result, byTutor: true });
      }
      if (s.wait) this.#waitFor(s);
    }
    this.#step++;
    blocks.push(...this.#enter());
    return this.#ending(blocks);
  }

  #ending(blocks: Block[]): InputOutcome {
    return this.complete ? { blocks, ended: 'complete' } : { blocks };
  }

  #goal(s: DoStep | WriteStep): CheckResult {
    if (s.kind === 'do') return evaluate(s.goal, this.#session.world);
    return evaluate({ all: s.checks } as Predicate, this.#session.world);
  }

  /** Let the world run (second by second, up to the step's `wait`) while the goal does not hold. */
  #waitFor(s: DoStep | WriteStep): CheckResult {
    let r = this.#goal(s);
    for (let t = 0; !r.ok && t < s.wait; t++) {
      this.#session.world.advance(1000);
      r = this.#goal(s);
    }
    return r;
  }

  #shell(s: DoStep | WriteStep, line: string): InputOutcome {
    const prompt = this.prompt;
    this.#pendingFrom ??= this.#journal.length - 1;
    const o = this.#session.feed(line);
    if (o.kind === 'more') return { blocks: [] };
    this.#pendingFrom = undefined;
    const blocks: Block[] = [{ kind: 'command', prompt, line, result: o.result, byTutor: false }];
    const before = this.#session.world.clock.now();
    // Only a command that set something going (it left a trace) is worth waiting on: looking
    // around (`kubectl get`) must not make time jump.
    const acted = this.#session.world.trace.sinceMark().length > 0;
    const r = acted ? this.#waitFor(s) : this.#goal(s);
    const waited = Math.round((this.#session.world.clock.now() - before) / 1000);
    if (waited > 0) blocks.push({ kind: 'waited', seconds: waited });
    // "What just happened" tells the story of the last command that did something (and what
    // the world did while waiting on it), not of every wrong turn before it.
    const trace = this.#session.world.trace.sinceMark();
    if (trace.length) {
      this.#stepTrace = [...trace];
      this.#stepOmitted = this.#session.world.trace.omitted;
    }
    if (r.ok) return this.#pass(blocks, s);
    const last: LastCommand = { line, result: o.result };
    const held = new Set<number>();
    for (const [i, m] of s.mistakes.entries()) {
      if (!evaluate(m.when, this.#session.world, last).ok) continue;
      held.add(i);
      if (!this.#held.has(i) || looksAtCommand(m.when)) { blocks.push({ kind: 'feedback', text: m.say }); break; }
    }
    this.#held = held;
    return { blocks };
  }

  #pass(blocks: Block[], s: DoStep | WriteStep): InputOutcome {
    blocks.push({ kind: 'success', text: s.after ?? '' });
    // The chain, not the crowd: the first thing each kind of component did (one kubelet, one
    // runtime, …), in order; the rest is a count (and `trace` shows the last command's all).
    const seen = new Set<string>();
    const chain = this.#stepTrace.filter((e) => {
      const kind = componentKind(e.component);
      if (seen.has(kind) || seen.size >= HAPPENED_MAX) return false;
      seen.add(kind);
      return true;
    });
    if (chain.length) blocks.push({ kind: 'happened', entries: chain, more: this.#stepTrace.length - chain.length + this.#stepOmitted });
    this.#step++;
    blocks.push(...this.#enter());
    return this.#ending(blocks);
  }

  #answer(s: AskStep, line: string): InputOutcome {
    if (s.answers.length) {
      const ok = s.answers.some((a) => normalise(a) === normalise(line));
      if (!ok) {
        const known = s.wrong.find((w) => normalise(w.answer) === normalise(line));
        return { blocks: [{ kind: 'feedback', text: known?.say ?? 'Not quite. Try again, or type `hint`.' }] };
      }
      return this.#rightAnswer(s);
    }
    const picks = pickedChoices(s, line);
    if (!picks) return { blocks: [{ kind: 'note', text: `Type the number of your choice (1–${s.choices.length})${s.multiple ? ', several separated by commas' : ''}.` }] };
    if (!s.multiple && picks.length > 1) return { blocks: [{ kind: 'note', text: 'Pick one choice.' }] };
    const wrong = picks.filter((i) => !s.choices[i]?.correct);
    const missed = s.choices.map((c, i) => (c.correct && !picks.includes(i) ? i : -1)).filter((i) => i >= 0);
    if (wrong.length === 0 && missed.length === 0) return this.#rightAnswer(s);
    const says = wrong.map((i) => s.choices[i]?.say).filter((x): x is string => Boolean(x));
    const text = says.length ? says.join(' ') : wrong.length ? 'Not quite. Try again, or type `hint`.' : `Right so far, but ${missed.length === 1 ? 'one more choice is' : `${missed.length} more choices are`} also true.`;
    return { blocks: [{ kind: 'feedback', text }] };
  }

  #rightAnswer(s: AskStep): InputOutcome {
    const blocks: Block[] = [{ kind: 'success', text: s.why ?? '' }];
    this.#step++;
    blocks.push(...this.#enter());
    return this.#ending(blocks);
  }
}

/**
 * Resume a run from its journal: replay every line into a fresh world without showing anything.
 * Returns the run, ready for the next line.
 */
export function replayJournal(run: LessonRun, journal: readonly string[], savedStep: number, lineSteps?: readonly number[]): { forwarded: number } {
  run.begin();
  let forwarded = 0;
  journal.forEach((line, i) => {
    if (run.complete) return;
    const at = lineSteps?.[i];
    if (at !== undefined) {
      // A line belongs to the step it was typed at: catch up to it, or drop it if the world
      // (changed since) has already carried the run past that step.
      if (run.stepIndex < at) forwarded += run.fastForward(at);
      if (run.stepIndex > at) return;
    }
    run.input(line);
  });
  if (run.stepIndex < savedStep) forwarded += run.fastForward(savedStep);
  return { forwarded };
}
