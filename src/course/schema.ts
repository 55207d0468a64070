/**
 * The lesson format, version 1: what a lesson file (`lessons/NN-name/lesson.yaml`) may say.
 * The README's "Writing a lesson" section documents the same fields for authors; the loader
 * (loader.ts) checks a file against these types and reports `file:line:column: message`.
 */

/** The newest format this kubetutor reads. A file with a higher number is refused, not guessed at. */
export const LESSON_FORMAT_VERSION = 1;

export interface Lesson {
  /** Must be 1. */
  readonly formatVersion: number;
  /** Lower-case letters, digits and dashes; unique across the course (`first-image`). */
  readonly id: string;
  readonly title: string;
  /** One or two sentences: what the learner will be able to do afterwards. */
  readonly summary: string;
  /** About how long the lesson takes, in minutes. */
  readonly minutes: number;
  /** Ids of lessons to take first (shown in the list; never enforced). */
  readonly prerequisites: readonly string[];
  /** Keywords (`images`, `registry`, `kubelet`, …): shown in the list and in `lessons --json`. */
  readonly topics: readonly string[];
  readonly setup: Setup;
  readonly steps: readonly Step[];
  /** Where the lesson was read from (not written by authors). */
  readonly file: string;
  /** Where `id` and `prerequisites` stand in the file, for problems found across lessons. */
  readonly positions?: { readonly id: { line: number; column: number }; readonly prerequisites: { line: number; column: number } };
}

/** What the world looks like before the first step. */
export interface Setup {
  /** Starter files put in the learner's workspace: path → content. */
  readonly files: Readonly<Record<string, string>>;
  /** Shell lines run (hidden) in the fresh world before the lesson: `docker build …`, `kubectl apply -f …`. Each must succeed. */
  readonly commands: readonly string[];
}

export type Step = ExplainStep | DoStep | WriteStep | AskStep | RecapStep;

/** Narrative. `**term**` marks a term that matters (shown bold), `` `code` `` a command or a name. */
export interface ExplainStep {
  readonly kind: 'explain';
  readonly text: string;
  readonly line: number;
}

/** The closing recap: what the learner did and what to remember. */
export interface RecapStep {
  readonly kind: 'recap';
  readonly text: string;
  readonly line: number;
}

/** Shared by the steps where the learner works in the shell. */
export interface Teaching {
  /** Progressive: a nudge, then the concept, then the exact command. `hint` shows the next one. */
  readonly hints: readonly string[];
  /** The reference solution: shell lines, exactly as typed (a heredoc is several lines). */
  readonly solution: readonly string[];
  /** Known wrong turns, each with the feedback it deserves. */
  readonly mistakes: readonly Mistake[];
  /** Shown after the step passes, before the trace of what just happened. */
  readonly after: string | undefined;
  /** Seconds of simulated time the world may run, after a command, for the goal to come true (default 0). */
  readonly wait: number;
}

/** The learner works in the shell until `goal` holds in the world. */
export interface DoStep extends Teaching {
  readonly kind: 'do';
  /** The task, as the learner reads it. */
  readonly text: string;
  readonly goal: Predicate;
  readonly line: number;
}

/** The learner writes or fixes a file (their editor or a heredoc) until every check holds. */
export interface WriteStep extends Teaching {
  readonly kind: 'write';
  readonly text: string;
  /** The workspace file the step is about (shown to the learner with its full path). */
  readonly file: string;
  /** All must hold; the first that does not is the one the learner is told about. */
  readonly checks: readonly Predicate[];
  readonly line: number;
}

/** A question: single choice, multiple choice (`multiple: true`), or a short typed answer (`answers`). */
export interface AskStep {
  readonly kind: 'ask';
  readonly text: string;
  readonly choices: readonly Choice[];
  readonly multiple: boolean;
  /** For a typed answer: every accepted answer (compared without case, spaces collapsed). */
  readonly answers: readonly string[];
  /** For a typed answer: known wrong answers and what to say. */
  readonly wrong: ReadonlyArray<{ readonly answer: string; readonly say: string }>;
  /** Shown once the question is answered right: why that is the answer. */
  readonly why: string | undefined;
  readonly hints: readonly string[];
  readonly line: number;
}

export interface Choice {
  readonly text: string;
  readonly correct: boolean;
  /** Said when this (wrong) choice is picked. */
  readonly say: string | undefined;
}

/** A wrong turn the lesson knows about. `lessons check` replays `typed` and expects `when` to hold and the goal not to. */
export interface Mistake {
  /** Shell lines that make this mistake (replayed by `lessons check`). */
  readonly typed: readonly string[];
  /** When to say it: a predicate; may also use `command` and `output` (the last command). */
  readonly when: Predicate;
  /** The feedback: name the misconception and what is true instead. */
  readonly say: string;
  readonly line: number;
}

/**
 * The predicate vocabulary: a check on the world's state, written as an object with exactly one
 * of these keys. No code in lessons.
 */
export type Predicate =
  /** The laptop's docker has an image with this reference (`web:1.0`). */
  | { readonly localImage: string }
  /** A registry holds this image (`docker.io/library/nginx:1.27`, `registry.example.com/team/web:1.0`). */
  | { readonly registryImage: string }
  /** Some node's container runtime has pulled this image. */
  | { readonly nodeImage: string }
  /** A docker container on the laptop (by image and/or name), optionally in a state. */
  | { readonly container: { readonly image?: string; readonly name?: string; readonly running?: boolean } }
  /** Pods matching a label selector, counted by state. */
  | { readonly pods: PodsCheck }
  /** An object exists; with `field`, that field (kubectl notation) equals `equals`. */
  | { readonly object: ObjectCheck }
  /** The cluster recorded an event. */
  | { readonly event: EventCheck }
  /** A workspace file exists; with `contains`, holds that text; with `field`, a YAML field equals `equals`. */
  | { readonly file: FileCheck }
  /** Applying this workspace file would be accepted by the API server (a server-side dry run). */
  | { readonly applies: string }
  /** Mistakes only: the last command typed matches this regular expression. */
  | { readonly command: string }
  /** Mistakes only: the last command's output (stdout and stderr) matches this regular expression. */
  | { readonly output: string }
  | { readonly all: readonly Predicate[] }
  | { readonly any: readonly Predicate[] }
  | { readonly not: Predicate };

export interface PodsCheck {
  /** `app=web` or `app=web,tier=front`; none means every pod in the namespace. */
  readonly selector?: string;
  /** Default `default`. */
  readonly namespace?: string;
  /** Pending, Running, Succeeded, Failed. */
  readonly phase?: string;
  /** Every container ready. */
  readonly ready?: boolean;
  /** A container is waiting with this reason (ErrImagePull, ImagePullBackOff, CrashLoopBackOff, ErrImageNeverPull, …). */
  readonly reason?: string;
  /** Exactly this many match (default: at least one). */
  readonly count?: number;
}

export interface ObjectCheck {
  /** Pod, Deployment, ReplicaSet, Service, Secret, ConfigMap, Namespace, ServiceAccount. */
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
  /** `spec.replicas`, `spec.template.spec.containers[0].image`. */
  readonly field?: string;
  readonly equals?: string | number | boolean;
}

export interface EventCheck {
  readonly reason: string;
  /** The involved object's name starts with this (pods get random suffixes). */
  readonly object?: string;
  readonly type?: 'Normal' | 'Warning';
  /** A piece of the message. */
  readonly message?: string;
}

export interface FileCheck {
  readonly path: string;
  readonly contains?: string;
  /** A field of the YAML document (kubectl notation: `spec.containers[0].image`). */
  readonly field?: string;
  readonly equals?: string | number | boolean;
  /** Which YAML document (from 0) in a multi-document file; default 0. */
  readonly document?: number;
}

/** The predicate keys, for the loader and the README. */
export const PREDICATE_KEYS = ['localImage', 'registryImage', 'nodeImage', 'container', 'pods', 'object', 'event', 'file', 'applies', 'command', 'output', 'all', 'any', 'not'] as const;
/** Keys that look at the last command, not at the world: allowed in `mistakes[].when` only. */
export const COMMAND_KEYS = new Set(['command', 'output']);
