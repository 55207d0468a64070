/**
 * Reads lesson files. Every problem is reported as `file:line:column: what is wrong — what to
 * write instead`, so an author fixes a lesson the way they fix code. Nothing here runs a lesson.
 */
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Node, type Pair, type YAMLMap } from 'yaml';
import { resourceByKind } from '../sim/cluster/resources.ts';
import { tryParseReference } from '../sim/image-ref.ts';
import { LESSON_COMMANDS } from './lesson-run.ts';
import { closest as closestWord } from '../sim/closest.ts';
import { COMMAND_KEYS, LESSON_FORMAT_VERSION, PREDICATE_KEYS, type AskStep, type Choice, type Lesson, type Mistake, type Predicate, type Step, type Teaching } from './schema.ts';

export interface LessonProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly message: string;
}

export function formatProblem(p: LessonProblem): string {
  return `${p.file}:${p.line}:${p.column}: ${p.message}`;
}

export type LoadResult = { readonly ok: true; readonly lesson: Lesson } | { readonly ok: false; readonly problems: readonly LessonProblem[] };

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const STEP_KINDS = ['explain', 'do', 'write', 'ask', 'recap'] as const;
const TOP_KEYS = ['formatVersion', 'id', 'title', 'summary', 'minutes', 'prerequisites', 'topics', 'setup', 'steps'];
const STEP_KEYS: Record<(typeof STEP_KINDS)[number], string[]> = {
  explain: ['explain'],
  recap: ['recap'],
  do: ['do', 'goal', 'hints', 'solution', 'mistakes', 'after', 'wait'],
  write: ['write', 'file', 'checks', 'hints', 'solution', 'mistakes', 'after', 'wait'],
  ask: ['ask', 'choices', 'multiple', 'answers', 'wrong', 'why', 'hints'],
};
const PREDICATE_FIELDS: Record<string, Record<string, 'string' | 'number' | 'boolean' | 'scalar'>> = {
  container: { image: 'string', name: 'string', running: 'boolean' },
  pods: { selector: 'string', namespace: 'string', phase: 'string', ready: 'boolean', reason: 'string', count: 'number' },
  object: { kind: 'string', name: 'string', namespace: 'string', field: 'string', equals: 'scalar' },
  event: { reason: 'string', object: 'string', type: 'string', message: 'string' },
  file: { path: 'string', contains: 'string', field: 'string', equals: 'scalar', document: 'number' },
};
const REQUIRED_FIELDS: Record<string, string[]> = { object: ['kind', 'name'], event: ['reason'], file: ['path'] };
const KINDS = ['Pod', 'Deployment', 'ReplicaSet', 'Service', 'Namespace', 'ConfigMap', 'Secret', 'ServiceAccount', 'Node', 'Event'];
const SELECTOR = /^[A-Za-z0-9._/-]+(=[A-Za-z0-9._-]*)?(,[A-Za-z0-9._/-]+(=[A-Za-z0-9._-]*)?)*$/;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
/** The longest a step may let the world run on its own (a `wait`), in seconds. */
export const MAX_WAIT_SECONDS = 600;

const closest = (word: string, known: readonly string[]): string | undefined => closestWord(word, known, (n) => (n <= 3 ? 1 : Math.max(2, Math.floor(n / 3))));

class Reader {
  readonly problems: LessonProblem[] = [];
  constructor(readonly file: string, readonly lines: LineCounter) {}

  report(node: Node | Pair | undefined | null, message: string): void {
    const range = node && 'range' in node ? node.range : node && 'key' in node && node.key && typeof node.key === 'object' && 'range' in node.key ? (node.key as Node).range : undefined;
    const pos = this.lines.linePos(range?.[0] ?? 0);
    this.problems.push({ file: this.file, line: pos.line, column: pos.col, message });
  }

  line(node: Node | null | undefined): number {
    return this.lines.linePos(node?.range?.[0] ?? 0).line;
  }

  /** A mapping's pairs by key, after refusing keys it does not know. */
  fields(node: unknown, what: string, known: readonly string[]): Map<string, { pair: Pair; value: Node | null }> | undefined {
    if (!isMap(node)) {
      this.report(node as Node, `${what} must be a mapping (key: value lines)`);
      return undefined;
    }
    const out = new Map<string, { pair: Pair; value: Node | null }>();
    for (const pair of (node as YAMLMap).items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
      if (key === undefined) { this.report(pair.key as Node, `${what}: keys must be plain words`); continue; }
      if (!known.includes(key)) {
        const guess = closest(key, known);
        this.report(pair.key as Node, `unknown field "${key}" in ${what}${guess ? ` — did you mean "${guess}"?` : ` — known fields: ${known.join(', ')}`}`);
        continue;
      }
      out.set(key, { pair, value: pair.value as Node | null });
    }
    return out;
  }

  string(f: Map<string, { pair: Pair; value: Node | null }>, key: string, what: string, required: boolean): string | undefined {
    const e = f.get(key);
    if (!e) {
      if (required) this.missing(f, key, what);
      return undefined;
    }
    if (!isScalar(e.value) || typeof e.value.value !== 'string' || e.value.value.trim() === '') {
      this.report(e.value ?? e.pair, `${what}.${key} must be text`);
      return undefined;
    }
    return e.value.value;
  }

  missing(f: Map<string, { pair: Pair; value: Node | null }>, key: string, what: string, parent?: Node | null): void {
    const first = [...f.values()][0];
    this.problems.push({ ...this.#pos(parent ?? first?.pair.key as Node | undefined), file: this.file, message: `${what} needs "${key}"` });
  }

  #pos(node: Node | undefined): { line: number; column: number } {
    const p = this.lines.linePos(node?.range?.[0] ?? 0);
    return { line: p.line, column: p.col };
  }

  strings(node: Node | null | undefined, what: string): string[] {
    if (node === undefined) return [];
    if (isScalar(node) && typeof node.value === 'string') return [node.value];
    if (!isSeq(node)) {
      this.report(node, `${what} must be a list of text lines`);
      return [];
    }
    const out: string[] = [];
    for (const item of node.items) {
      if (isScalar(item) && (typeof item.value === 'string' || typeof item.value === 'number')) out.push(String(item.value));
      else this.report(item as Node, `${what}: each entry must be text (quote it if it starts with a special character)`);
    }
    return out;
  }

  number(node: Node | null | undefined, what: string, min: number): number | undefined {
    if (node === undefined) return undefined;
    if (!isScalar(node) || typeof node.value !== 'number' || !Number.isFinite(node.value) || node.value < min) {
      this.report(node, `${what} must be a number of at least ${min}`);
      return undefined;
    }
    return node.value;
  }

  predicate(node: Node | null | undefined, what: string, allowCommand: boolean): Predicate | undefined {
    if (!isMap(node) || node.items.length !== 1) {
      this.report(node, `${what} must be one predicate: a mapping with exactly one of ${PREDICATE_KEYS.join(', ')}`);
      return undefined;
    }
    const pair = node.items[0] as Pair;
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    const value = pair.value as Node | null;
    if (!(PREDICATE_KEYS as readonly string[]).includes(key)) {
      const guess = closest(key, PREDICATE_KEYS);
      this.report(pair.key as Node, `unknown predicate "${key}" in ${what}${guess ? ` — did you mean "${guess}"?` : ` — known predicates: ${PREDICATE_KEYS.join(', ')}`}`);
      return undefined;
    }
    if (COMMAND_KEYS.has(key) && !allowCommand) {
      this.report(pair.key as Node, `"${key}" looks at what was typed, not at the world: use it in mistakes[].when only — goals and checks must test the world's state`);
      return undefined;
    }
    if (key === 'all' || key === 'any') {
      if (!isSeq(value) || value.items.length === 0) { this.report(value ?? pair, `${what}.${key} must be a non-empty list of predicates`); return undefined; }
      const parts = value.items.map((item, i) => this.predicate(item as Node, `${what}.${key}[${i}]`, allowCommand));
      return parts.every((p) => p) ? ({ [key]: parts } as unknown as Predicate) : undefined;
    }
    if (key === 'not') {
      const inner = this.predicate(value, `${what}.not`, allowCommand);
      return inner ? { not: inner } : undefined;
    }
    const fields = PREDICATE_FIELDS[key];
    if (!fields) {
      if (!isScalar(value) || typeof value.value !== 'string' || !value.value) { this.report(value ?? pair, `${what}.${key} must be text`); return undefined; }
      if (key === 'command' || key === 'output') {
        try { new RegExp(value.value); } catch { this.report(value, `${what}.${key} is not a valid regular expression`); return undefined; }
      } else if (key !== 'applies' && !tryParseReference(value.value)) {
        this.report(value, `${what}.${key}: "${value.value}" is not a valid image reference`);
        return undefined;
      }
      return { [key]: value.value } as Predicate;
    }
    const f = this.fields(value, `${what}.${key}`, Object.keys(fields));
    if (!f) return undefined;
    const out: Record<string, unknown> = {};
    let ok = true;
    for (const [name, { value: v, pair: p }] of f) {
      const type = fields[name];
      const scalar = isScalar(v) ? v.value : undefined;
      const good = type === 'scalar' ? ['string', 'number', 'boolean'].includes(typeof scalar) : typeof scalar === type;
      if (!good) { this.report(v ?? p, `${what}.${key}.${name} must be ${type === 'scalar' ? 'text, a number or true/false' : type === 'string' ? 'text' : type === 'number' ? 'a number' : 'true or false'}`); ok = false; continue; }
      out[name] = scalar;
    }
    for (const r of REQUIRED_FIELDS[key] ?? []) if (!(r in out) && !f.has(r)) { this.report(pair.key as Node, `${what}.${key} needs "${r}"`); ok = false; }
    if (('field' in out) !== ('equals' in out)) { this.report(pair.key as Node, `${what}.${key}: "field" and "equals" go together`); ok = false; }
    if (key === 'event' && out.type !== undefined && out.type !== 'Normal' && out.type !== 'Warning') { this.report(f.get('type')?.value, `${what}.event.type must be Normal or Warning`); ok = false; }
    // What the world could never match is a typo: say so now, not as a goal that never holds.
    if (key === 'object' && typeof out.kind === 'string' && !resourceByKind(out.kind)) {
      const guess = closest(out.kind, KINDS);
      this.report(f.get('kind')?.value, `${what}.object.kind: kubetutor's cluster has no kind "${out.kind}"${guess ? ` — did you mean "${guess}"?` : ` — kinds: ${KINDS.join(', ')}`}`);
      ok = false;
    }
    if (key === 'container' && typeof out.image === 'string' && !tryParseReference(out.image)) { this.report(f.get('image')?.value, `${what}.container.image: "${out.image}" is not a valid image reference`); ok = false; }
    if (key === 'pods' && typeof out.selector === 'string' && !SELECTOR.test(out.selector)) { this.report(f.get('selector')?.value, `${what}.pods.selector: write labels as key=value, separated by commas (\`app=web,tier=front\`); other selector forms are not supported`); ok = false; }
    if (key === 'pods' && typeof out.phase === 'string' && !PHASES.includes(out.phase)) { this.report(f.get('phase')?.value, `${what}.pods.phase must be one of ${PHASES.join(', ')}`); ok = false; }
    if ((key === 'pods' && out.count !== undefined) || (key === 'file' && out.document !== undefined)) {
      const n = (key === 'pods' ? out.count : out.document) as number;
      if (!Number.isInteger(n) || n < 0) { this.report(f.get(key === 'pods' ? 'count' : 'document')?.value, `${what}.${key}.${key === 'pods' ? 'count' : 'document'} must be a whole number`); ok = false; }
    }
    return ok ? ({ [key]: out } as Predicate) : undefined;
  }
}

function readTeaching(r: Reader, f: Map<string, { pair: Pair; value: Node | null }>, where: string): Teaching {
  const mistakes: Mistake[] = [];
  const m = f.get('mistakes')?.value;
  if (m !== undefined) {
    if (!isSeq(m)) r.report(m, `${where}.mistakes must be a list`);
    else m.items.forEach((item, i) => {
      const w = `${where}.mistakes[${i}]`;
      const mf = r.fields(item, w, ['typed', 'when', 'say']);
      if (!mf) return;
      const say = r.string(mf, 'say', w, true);
      const typed = r.strings(mf.get('typed')?.value, `${w}.typed`);
      if (!mf.has('typed')) r.missing(mf, 'typed', w);
      const when = mf.has('when') ? r.predicate(mf.get('when')?.value, `${w}.when`, true) : (r.missing(mf, 'when', w), undefined);
      if (say && when && typed.length) mistakes.push({ typed, when, say, line: r.line(item as Node) });
    });
  }
  const solution = r.strings(f.get('solution')?.value, `${where}.solution`);
  if (!f.has('solution')) r.missing(f, 'solution', where);
  // Lines inside a heredoc are a file's content, not commands: `check` there is just text.
  let delimiter: string | undefined;
  const cmd = solution.find((l) => {
    if (delimiter !== undefined) { if (l.replace(/^\t+/, '') === delimiter) delimiter = undefined; return false; }
    const doc = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(l);
    if (doc) delimiter = doc[2];
    return (LESSON_COMMANDS as readonly string[]).includes(l.trim());
  });
  if (cmd) r.report(f.get('solution')?.value, `${where}.solution: "${cmd}" is a lesson command, not something that does the step — write the shell lines that do it`);
  const waitNode = f.get('wait')?.value;
  const wait = r.number(waitNode, `${where}.wait`, 0) ?? 0;
  if (!Number.isInteger(wait) || wait > MAX_WAIT_SECONDS) r.report(waitNode, `${where}.wait must be a whole number of seconds, at most ${MAX_WAIT_SECONDS}`);
  return {
    hints: r.strings(f.get('hints')?.value, `${where}.hints`),
    solution,
    mistakes,
    after: r.string(f, 'after', where, false),
    wait: Math.min(Math.floor(wait), MAX_WAIT_SECONDS),
  };
}

function readAsk(r: Reader, f: Map<string, { pair: Pair; value: Node | null }>, where: string, text: string, line: number): AskStep | undefined {
  const choices: Choice[] = [];
  const c = f.get('choices')?.value;
  if (c !== undefined) {
    if (!isSeq(c) || c.items.length < 2) r.report(c, `${where}.choices must be a list of at least two choices`);
    else c.items.forEach((item, i) => {
      if (isScalar(item) && typeof item.value === 'string') { choices.push({ text: item.value, correct: false, say: undefined }); return; }
      const cf = r.fields(item, `${where}.choices[${i}]`, ['text', 'correct', 'say']);
      if (!cf) return;
      const t = r.string(cf, 'text', `${where}.choices[${i}]`, true);
      const correct = cf.get('correct')?.value;
      if (correct !== undefined && !(isScalar(correct) && typeof correct.value === 'boolean')) r.report(correct, `${where}.choices[${i}].correct must be true or false`);
      if (t) choices.push({ text: t, correct: isScalar(correct) && correct.value === true, say: r.string(cf, 'say', `${where}.choices[${i}]`, false) });
    });
  }
  const answers = r.strings(f.get('answers')?.value, `${where}.answers`);
  const wrong: Array<{ answer: string; say: string }> = [];
  const w = f.get('wrong')?.value;
  if (w !== undefined) {
    if (!isSeq(w)) r.report(w, `${where}.wrong must be a list of {answer, say}`);
    else w.items.forEach((item, i) => {
      const wf = r.fields(item, `${where}.wrong[${i}]`, ['answer', 'say']);
      if (!wf) return;
      const answer = r.string(wf, 'answer', `${where}.wrong[${i}]`, true);
      const say = r.string(wf, 'say', `${where}.wrong[${i}]`, true);
      if (answer && say) wrong.push({ answer, say });
    });
  }
  const multipleNode = f.get('multiple')?.value;
  if (multipleNode !== undefined && !(isScalar(multipleNode) && typeof multipleNode.value === 'boolean')) r.report(multipleNode, `${where}.multiple must be true or false`);
  const multiple = isScalar(multipleNode) && multipleNode.value === true;
  const at = f.get('ask')?.pair;
  if (c !== undefined && answers.length) r.report(at, `${where}: give either "choices" or "answers", not both`);
  else if (c === undefined && !answers.length) r.report(at, `${where} needs "choices" (single or multiple choice) or "answers" (a typed answer)`);
  const right = choices.filter((x) => x.correct).length;
  if (choices.length && right === 0) r.report(c, `${where}.choices: mark the right choice with "correct: true"`);
  if (choices.length && right > 1 && !multiple) r.report(c, `${where}.choices: ${right} choices are correct — add "multiple: true" for a multiple-choice question`);
  return { kind: 'ask', text, choices, multiple, answers, wrong, why: r.string(f, 'why', where, false), hints: r.strings(f.get('hints')?.value, `${where}.hints`), line };
}

function readStep(r: Reader, node: unknown, i: number): Step | undefined {
  const where = `steps[${i}]`;
  if (!isMap(node)) { r.report(node as Node, `${where} must be a mapping with one of ${STEP_KINDS.join(', ')}`); return undefined; }
  const kinds = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : '')).filter((k) => (STEP_KINDS as readonly string[]).includes(k));
  if (kinds.length !== 1) {
    r.report(node, kinds.length === 0 ? `${where} has no kind: start it with one of ${STEP_KINDS.map((k) => `"${k}:"`).join(', ')}` : `${where} has ${kinds.length} kinds (${kinds.join(', ')}): one step, one kind`);
    return undefined;
  }
  const kind = kinds[0] as (typeof STEP_KINDS)[number];
  const f = r.fields(node, `${where} (${kind})`, STEP_KEYS[kind]);
  if (!f) return undefined;
  const text = r.string(f, kind, where, true) ?? '';
  const line = r.line(node);
  switch (kind) {
    case 'explain': case 'recap': return { kind, text, line };
    case 'do': {
      const goal = f.has('goal') ? r.predicate(f.get('goal')?.value, `${where}.goal`, false) : (r.missing(f, 'goal', where), undefined);
      const teaching = readTeaching(r, f, where);
      return goal ? { kind, text, goal, ...teaching, line } : undefined;
    }
    case 'write': {
      const file = r.string(f, 'file', where, true);
      const c = f.get('checks')?.value;
      const checks: Predicate[] = [];
      if (c === undefined) r.missing(f, 'checks', where);
      else if (!isSeq(c) || c.items.length === 0) r.report(c, `${where}.checks must be a non-empty list of predicates`);
      else c.items.forEach((item, j) => { const p = r.predicate(item as Node, `${where}.checks[${j}]`, false); if (p) checks.push(p); });
      const teaching = readTeaching(r, f, where);
      return file ? { kind, text, file, checks, ...teaching, line } : undefined;
    }
    case 'ask': return readAsk(r, f, where, text, line);
  }
}

/** Parse and check one lesson file's text. */
export function parseLesson(text: string, file: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const r = new Reader(file, lines);
  if (doc.errors.length) {
    // The first error is the real one; the rest are usually its echo down the file.
    for (const e of doc.errors.slice(0, 1)) {
      const pos = lines.linePos(e.pos[0]);
      r.problems.push({ file, line: pos.line, column: pos.col, message: `YAML: ${e.message.split('\n')[0]}` });
    }
    return { ok: false, problems: r.problems };
  }
  let alias: Node | undefined;
  visit(doc, { Alias: (_, n) => { alias ??= n as unknown as Node; return visit.BREAK; } });
  if (alias) {
    r.report(alias, 'YAML aliases (*name) are not allowed in lesson files: write the value out');
    return { ok: false, problems: r.problems };
  }
  const root = doc.contents;
  const f = r.fields(root, 'the lesson', TOP_KEYS);
  if (!f) return { ok: false, problems: r.problems };
  const fv = f.get('formatVersion');
  let formatVersion = 0;
  if (!fv) r.missing(f, 'formatVersion', 'the lesson', root);
  else if (!isScalar(fv.value) || !Number.isInteger(fv.value.value)) r.report(fv.value, `formatVersion must be a whole number (this kubetutor reads ${LESSON_FORMAT_VERSION})`);
  else {
    formatVersion = fv.value.value as number;
    if (formatVersion > LESSON_FORMAT_VERSION) {
      r.report(fv.value, `formatVersion ${formatVersion} is newer than this kubetutor reads (${LESSON_FORMAT_VERSION}) — update kubetutor`);
      return { ok: false, problems: r.problems };
    }
    if (formatVersion < 1) r.report(fv.value, `formatVersion must be ${LESSON_FORMAT_VERSION}`);
  }
  const id = r.string(f, 'id', 'the lesson', true);
  if (id && !ID.test(id)) r.report(f.get('id')?.value, `id "${id}" must be lower-case letters, digits and dashes (like "first-image")`);
  const title = r.string(f, 'title', 'the lesson', true);
  const summary = r.string(f, 'summary', 'the lesson', true);
  const minutes = f.has('minutes') ? r.number(f.get('minutes')?.value, 'minutes', 1) : (r.missing(f, 'minutes', 'the lesson', root), undefined);
  const prerequisites = r.strings(f.get('prerequisites')?.value, 'prerequisites');
  if (id && prerequisites.includes(id)) r.report(f.get('prerequisites')?.value, `prerequisites: a lesson cannot be its own prerequisite ("${id}")`);
  const at = (n: Node | null | undefined): { line: number; column: number } => { const p = lines.linePos(n?.range?.[0] ?? 0); return { line: p.line, column: p.col }; };
  const topics = r.strings(f.get('topics')?.value, 'topics');
  const files: Record<string, string> = {};
  let commands: string[] = [];
  const s = f.get('setup');
  if (s) {
    const sf = r.fields(s.value, 'setup', ['files', 'commands']);
    if (sf) {
      const fl = sf.get('files');
      if (fl) {
        const ff = isMap(fl.value) ? fl.value.items : (r.report(fl.value, 'setup.files must map each path to its content'), []);
        for (const pair of ff) {
          const path = isScalar(pair.key) && typeof pair.key.value === 'string' ? pair.key.value : '';
          const v = pair.value as Node | null;
          if (!path || path.startsWith('/') || path.split('/').includes('..')) r.report(pair.key as Node, `setup.files: "${path}" must be a path inside the workspace (no leading /, no ..)`);
          else if (!isScalar(v) || typeof v.value !== 'string') r.report(v ?? pair, `setup.files["${path}"] must be the file's text (use a | block)`);
          else files[path] = v.value;
        }
      }
      commands = r.strings(sf.get('commands')?.value, 'setup.commands');
    }
  }
  const steps: Step[] = [];
  const st = f.get('steps');
  if (!st) r.missing(f, 'steps', 'the lesson', root);
  else if (!isSeq(st.value) || st.value.items.length === 0) r.report(st.value ?? st.pair, 'steps must be a non-empty list');
  else st.value.items.forEach((item, i) => { const step = readStep(r, item, i); if (step) steps.push(step); });
  if (steps.length && steps[steps.length - 1]?.kind !== 'recap' && r.problems.length === 0) r.report((isSeq(st?.value) ? st.value.items.at(-1) : undefined) as Node, 'the last step should be a "recap:" — close the lesson with what the learner did and what to remember');
  if (r.problems.length || !id || !title || !summary || minutes === undefined) return { ok: false, problems: r.problems };
  return { ok: true, lesson: { formatVersion, id, title, summary, minutes, prerequisites, topics, setup: { files, commands }, steps, file, positions: { id: at(f.get('id')?.value), prerequisites: at(f.get('prerequisites')?.value) } } };
}
