/**
 * `kubetutor explain FILE|DIR|-…` and `kubetutor explain RESOURCE[.field…]`: offline, no cluster.
 * Exit 0 without errors, 1 with errors found, 2 for usage or unreadable input. Everything read
 * from disk is checked here (size, binary, UTF-8) so the analysis only ever sees text.
 */
import { createReadStream, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { countBySeverity, explainText, type ExplainedDocument } from '../../explain/analyze.ts';
import { explainResourcePath } from '../../shell/kubectl/explain.ts';
import type { Io } from '../../ui/io.ts';
import { renderDocument, renderTimeline, summary } from '../../ui/explain-view.ts';
import { theme } from '../../ui/theme.ts';
import { UsageError } from '../errors.ts';

/** The explainer's input errors start `error: `, as kubectl's do for the same files. */
const inputError = (message: string): UsageError => new UsageError(message, 'kubectl');

/** Bigger than any manifest a person writes; smaller than what would exhaust memory. */
export const MAX_INPUT_BYTES = 50 * 1024 * 1024;
/** The what-if timeline runs a scratch world: for a handful of documents, not thousands. */
const TIMELINE_MAX_DOCUMENTS = 20;
const MANIFEST = /\.(ya?ml|json)$/i;

export interface ExplainOptions {
  readonly json?: boolean;
  readonly recursive?: boolean;
  readonly apiVersion?: string;
  readonly timeline?: boolean;
  readonly strict?: boolean;
}

interface Input { readonly file: string; readonly text: string }

function decode(bytes: Buffer, name: string): string {
  if (bytes.includes(0)) throw inputError(`${name} is a binary file, not YAML`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\ufeff/, '');
  } catch {
    throw inputError(`${name} is not UTF-8 text`);
  }
}

function tooBig(name: string): UsageError {
  return inputError(`${name} is over ${MAX_INPUT_BYTES / 1024 / 1024} MB, more than any manifest; kubetutor explains manifests up to that size`);
}

/** A stream read up to the limit (stdin, a pipe, a device: none of them has a size to check first). */
async function readCapped(stream: AsyncIterable<unknown>, name: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of stream) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    size += b.length;
    if (size > MAX_INPUT_BYTES) throw tooBig(name);
    chunks.push(b);
  }
  return Buffer.concat(chunks);
}

/** Manifests below a folder, links followed (a folder of links to manifests is common), each real folder once. */
function walk(dir: string, seen = new Set<string>()): string[] {
  let real: string;
  try { real = realpathSync(dir); } catch { return []; }
  if (seen.has(real)) return [];
  seen.add(real);
  return readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => {
    const p = join(dir, e.name);
    let st;
    try { st = statSync(p); } catch { return []; }
    if (st.isDirectory()) return e.name.startsWith('.') ? [] : walk(p, seen);
    return st.isFile() && MANIFEST.test(e.name) ? [p] : [];
  });
}

async function readInputs(args: readonly string[], io: Io): Promise<Input[]> {
  const inputs: Input[] = [];
  for (const arg of args) {
    if (arg === '-') { inputs.push({ file: 'stdin', text: decode(await readCapped(io.stdin, 'stdin'), 'stdin') }); continue; }
    let st;
    try {
      st = statSync(arg);
    } catch (e) {
      // kubectl's resource builder: `the path "x" does not exist` / `cannot be accessed: …`.
      throw inputError((e as NodeJS.ErrnoException).code === 'ENOENT' ? `the path "${arg}" does not exist` : `the path "${arg}" cannot be accessed: ${(e as Error).message}`);
    }
    if (!st.isDirectory() && !st.isFile()) {
      // /dev/stdin, a FIFO, <(…): read what comes, up to the limit (/dev/zero is refused, not read forever).
      inputs.push({ file: arg, text: decode(await readCapped(createReadStream(arg), arg), arg) });
      continue;
    }
    const files = st.isDirectory() ? walk(arg) : [arg];
    if (st.isDirectory() && files.length === 0) throw inputError(`${arg} has no manifests (*.yaml, *.yml, *.json)`);
    for (const f of files) {
      const size = statSync(f).size;
      if (size > MAX_INPUT_BYTES) throw tooBig(f);
      let bytes: Buffer;
      try {
        bytes = readFileSync(f);
      } catch (e) {
        throw inputError(`the path "${f}" cannot be accessed: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      }
      inputs.push({ file: relative(process.cwd(), f) || f, text: decode(bytes, f) });
    }
  }
  return inputs;
}

/** An argument that names a resource (`pod`, `deploy.spec.replicas`), not a file. */
function isResourcePath(arg: string): boolean {
  return /^[A-Za-z][A-Za-z0-9-]*(\.[A-Za-z0-9-]+)*$/.test(arg) && !MANIFEST.test(arg);
}

export async function explain(args: readonly string[], options: ExplainOptions, io: Io): Promise<number> {
  if (args.length === 0) throw new UsageError('explain: give a manifest (FILE, folder, or - for stdin) or a resource path such as pod.spec.containers');
  const exists = (a: string): boolean => { try { statSync(a); return true; } catch { return false; } };
  if (args.length === 1 && args[0] !== '-' && !exists(args[0] as string) && isResourcePath(args[0] as string)) {
    const r = explainResourcePath(args[0] as string, { recursive: options.recursive ?? false, ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) });
    if (!r.ok) {
      if (r.lines?.length) io.stdout.write(`${r.lines.join('\n')}\n`);
      io.stderr.write(`${r.error}\n`);
      if (r.nearest) io.stderr.write(`${theme(io.color).dim(`did you mean ${r.nearest}?`)}\n`);
      return 1;
    }
    io.stdout.write(`${r.lines.join('\n')}\n`);
    return 0;
  }
  const inputs = await readInputs(args, io);
  const docs: ExplainedDocument[] = [];
  for (const input of inputs) {
    try {
      docs.push(...explainText(input.text, input.file, { strict: options.strict !== false }));
    } catch (e) {
      // The YAML library recurses per nesting level: absurd nesting ends here, not in a stack trace.
      if (e instanceof RangeError) throw inputError(`${input.file} is nested too deeply to read`);
      throw e;
    }
  }
  const counts = countBySeverity(docs);
  const wantTimeline = options.timeline !== false && docs.length > 0 && docs.length <= TIMELINE_MAX_DOCUMENTS && counts.error === 0;
  const timeline = wantTimeline ? (await import('../../explain/timeline.ts')).whatIf(docs.flatMap((d) => (d.object ? [d.object] : []))) : [];
  if (options.json) {
    const out = {
      documents: docs.map((d) => ({
        file: d.file, index: d.index, kind: d.kind ?? null, apiVersion: d.apiVersion ?? null, name: d.name ?? null,
        fields: d.fields, findings: d.findings,
      })),
      timeline,
    };
    io.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return counts.error ? 1 : 0;
  }
  const t = theme(io.color);
  const width = io.columns();
  if (docs.length === 0) {
    io.stderr.write(`kubetutor: explain: no Kubernetes objects in ${inputs.map((i) => i.file).join(', ')} (only empty documents or comments)\n`);
    return 0;
  }
  const texts = new Map(inputs.map((i) => [i.file, i.text]));
  const annotate = docs.length <= TIMELINE_MAX_DOCUMENTS;
  for (const d of docs) io.stdout.write(`${renderDocument(d, texts.get(d.file) ?? '', t, width, annotate)}\n`);
  if (timeline.length) io.stdout.write(`${renderTimeline(timeline, t, width)}\n`);
  else if (counts.error) io.stdout.write(`${t.dim('No timeline: the API server would refuse this as it stands — fix the errors first.')}\n`);
  io.stdout.write(summary(counts, docs.length, t));
  return counts.error ? 1 : 0;
}
