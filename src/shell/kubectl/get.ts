/** `kubectl get`: tables built as the API server builds them, -o wide|yaml|json|name, -l, -n/-A, -w. */
import { parseLabelSelector, labelsToString, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, RESOURCES, resourceByName, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { KUBECTL_TABLE, table } from '../format/table.ts';
import { TabWriter } from '../format/tabwriter.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { isResult, namespaceOf, parseTargets, statusLines, type Target } from './common.ts';
import { COMPONENT_STATUS_WARNING } from '../../sim/cluster/answered.ts';
import { servedAs } from '../../sim/cluster/conversions.ts';
import { printedLines } from './output.ts';
import { choosePrinter, GET_FORMATS, printable, printedOutput, sortObjects } from './printflags.ts';
import { tableFor } from './printers.ts';

/**
 * `get all`: the resources in discovery's `all` category, in discovery order (the core group
 * first, then apps, autoscaling, batch).
 */
const ALL_TYPES: readonly ResourceType[] = RESOURCES.filter((r) => r.categories.includes('all'));

/** Rows of one resource type, with the NAMESPACE column for -A and `kind/name` names in `get all`. */
function rows(ctx: CommandContext, type: ResourceType, objs: KObject[], p: ParsedFlags, qualify: boolean): string[][] {
  const spec = tableFor(type);
  const now = ctx.world.clock.now();
  const wide = flag(p, 'output') === 'wide';
  const showLabels = bool(p, 'show-labels');
  const all = bool(p, 'all-namespaces') && type.namespaced;
  const labelColumns = flagAll(p, 'label-columns').flatMap((l) => l.split(','));
  const head = [...(all ? ['NAMESPACE'] : []), ...spec.headers, ...(wide ? spec.wideHeaders : []), ...labelColumns.map((l) => (l.split('/').pop() as string).toUpperCase()), ...(showLabels ? ['LABELS'] : [])];
  const body = objs.map((o) => {
    const base = spec.row(o, now);
    if (qualify) base[0] = kindSlashName(type, base[0] as string);
    return [...(all ? [o.metadata.namespace ?? ''] : []), ...base, ...(wide ? spec.wide(o, now) : []), ...labelColumns.map((l) => o.metadata.labels?.[l] ?? ''), ...(showLabels ? [labelsToString(o.metadata.labels)] : [])];
  });
  return bool(p, 'no-headers') ? [head.map(() => ''), ...body].slice(1) : [head, ...body];
}

function collect(ctx: CommandContext, target: Target, p: ParsedFlags): { objs: KObject[]; missing: Line[] } | CommandResult {
  const api = ctx.world.cluster.api;
  const ns = namespaceOf(ctx, p);
  const allNs = bool(p, 'all-namespaces');
  if (target.names.length > 0) {
    const objs: KObject[] = [];
    const missing: Line[] = [];
    for (const n of target.names) {
      const r = api.get(target.type, target.type.namespaced ? ns : undefined, n);
      if ('metadata' in r) objs.push(r); else missing.push(...statusLines(r));
    }
    return { objs, missing };
  }
  const listed = api.listOrError(target.type, target.type.namespaced && !allNs ? ns : undefined);
  if (!Array.isArray(listed)) return result(statusLines(listed), 1);
  let objs = listed;
  const sel = flag(p, 'selector');
  if (sel !== undefined) {
    const test = parseLabelSelector(sel);
    if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
    objs = objs.filter((o) => test(o.metadata.labels));
  }
  const fields = flag(p, 'field-selector');
  if (fields !== undefined) {
    // The fields the API server supports for these kinds: metadata.name/namespace, status.phase,
    // spec.nodeName, and the event's involvedObject.*.
    const tests = fields.split(',').map((f) => /^([\w.]+)(==|=|!=)(.*)$/.exec(f.trim()));
    if (tests.some((t) => !t)) return result([err(`Error from server (BadRequest): Unable to find "${target.type.resource}" that match label selector "", field selector "${fields}": field label not supported`)], 1);
    const read = (o: KObject, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
    objs = objs.filter((o) => tests.every((t) => { const [, path, op, want] = t as RegExpExecArray; const v = String(read(o, path as string) ?? ''); return op === '!=' ? v !== want : v === want; }));
  }
  return { objs, missing: [] };
}

function noResources(ctx: CommandContext, p: ParsedFlags, namespaced: boolean): Line {
  return err(bool(p, 'all-namespaces') || !namespaced ? 'No resources found' : `No resources found in ${namespaceOf(ctx, p)} namespace.`);
}

export function get(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const isAll = args[0] === 'all';
  const targets = isAll ? ALL_TYPES.map((type) => ({ type, names: [] as string[] })) : parseTargets(args);
  if (isResult(targets)) return targets;
  if (targets.length === 0) {
    return result([err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.'), err(''), err('error: Required resource not specified.'),
      err("Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods)."), err("See 'kubectl get -h' for help and examples")], 1);
  }
  const printer = choosePrinter(p, ctx, { human: true, allowed: GET_FORMATS });
  if (printer.kind === 'error') return result([err(printer.message)], 1);
  if (bool(p, 'watch')) return watch(ctx, targets, p);
  const lines: Line[] = [];
  const errors: Line[] = [];
  const found: Array<{ type: ResourceType; objs: KObject[] }> = [];
  for (const t of targets) {
    const c = collect(ctx, t, p);
    if (isResult(c)) return c;
    errors.push(...c.missing);
    // The API server sends this warning with every ComponentStatus response; kubectl prints it first.
    if (t.type.kind === 'ComponentStatus') lines.push(err(COMPONENT_STATUS_WARNING));
    if (c.objs.length) found.push({ type: t.type, objs: [...c.objs] });
  }
  const singleNamed = targets.length === 1 && (targets[0]?.names.length ?? 0) === 1;
  const sortBy = flag(p, 'sort-by');
  const all = found.flatMap((f) => f.objs);
  if (sortBy !== undefined && (printer.kind !== 'human' || all.length > 1)) {
    // kubectl sorts the whole list for the generic printers, and each table's rows for its own.
    for (const f of printer.kind === 'human' ? found : [{ objs: all }]) {
      const sorted = sortObjects(f.objs, sortBy);
      if ('error' in sorted) return result([err(sorted.error)], 1);
      f.objs.splice(0, f.objs.length, ...sorted);
    }
  }
  if (printer.kind === 'human') {
    if (found.length === 0 && errors.length === 0) return result([noResources(ctx, p, targets.every((t) => t.type.namespaced))]);
    const qualify = isAll || targets.length > 1;
    found.forEach((f, i) => {
      if (i > 0) lines.push(out(''));
      lines.push(...table(rows(ctx, f.type, f.objs, p, qualify)).map(out));
    });
    return result([...lines, ...errors], errors.length ? 1 : 0);
  }
  // Every other printer gets one object, or all of them in a v1 List (printGeneric).
  if (printer.kind === 'name') {
    for (const o of all) lines.push(out(kindSlashName((found.find((f) => f.objs.includes(o)) as { type: ResourceType }).type, o.metadata.name as string)));
    return result([...lines, ...errors], errors.length ? 1 : 0);
  }
  // Objects printed as objects come in the shape their resource serves (the tables read them as stored).
  const now = ctx.world.clock.now();
  const objs = found.flatMap((f) => f.objs.map((o) => servedAs(f.type, o, now)));
  const data = objs.length === 1 && singleNamed ? objs[0] as KObject : { apiVersion: 'v1', items: objs, kind: 'List', metadata: { resourceVersion: '' } };
  if (printer.kind === 'yaml' || printer.kind === 'json') {
    if (objs.length > 0 || errors.length === 0) lines.push(...printedLines(data, printer.kind).map(out));
    return result([...lines, ...errors], errors.length ? 1 : 0);
  }
  const printed = printedOutput(printer.print(printable(data)));
  lines.push(...printed.out);
  errors.push(...printed.err);
  return result([...lines, ...errors], errors.length ? 1 : 0);
}

/** Watch: print the table, then each changed row as simulated time passes, until the world is quiet. */
function watch(ctx: CommandContext, targets: Target[], p: ParsedFlags): CommandResult {
  const t = targets[0] as Target;
  const lines: Line[] = [];
  const seen = new Map<string, string>();
  // A watch prints a row when the object changes (a new resourceVersion), not when its age ticks.
  const versions = new Map<string, string>();
  const snapshot = (): string[][] => {
    const c = collect(ctx, t, p);
    if (isResult(c)) return [];
    versions.clear();
    for (const o of c.objs) versions.set(o.metadata.name as string, String(o.metadata.resourceVersion));
    return rows(ctx, t.type, c.objs, p, false);
  };
  const first = snapshot();
  if (first.length <= 1) lines.push(noResources(ctx, p, t.type.namespaced));
  // kubectl's watch printer keeps one tabwriter, flushed after each event: with RememberWidths
  // its columns only ever grow as wider rows arrive.
  const writer = new TabWriter(KUBECTL_TABLE);
  const fit = (r: string[]): string => writer.write(r.join('\t'));
  lines.push(...writer.write(first.map((r) => r.join('\t')).join('\n')).split('\n').map(out));
  for (const r of first.slice(1)) seen.set(r[0] as string, versions.get(r[0] as string) ?? '');
  let quiet = 0;
  const STEP = 1000;
  // Bounded: stop after 30 quiet seconds or 10 minutes, whichever comes first.
  for (let elapsed = 0; elapsed < 600_000 && quiet < 30_000; elapsed += STEP) {
    ctx.world.advance(STEP);
    const snap = snapshot().slice(1);
    let changed = false;
    const present = new Set<string>();
    for (const r of snap) {
      const key = r[0] as string;
      present.add(key);
      const sig = versions.get(key) ?? '';
      if (seen.get(key) !== sig) {
        seen.set(key, sig);
        lines.push(out(fit(r)));
        changed = true;
      }
    }
    for (const key of [...seen.keys()]) if (!present.has(key)) seen.delete(key);
    quiet = changed ? 0 : quiet + STEP;
  }
  return result([...lines, { stream: 'hint', text: 'kubectl get -w keeps watching until you press Ctrl-C; the sandbox stops when the world has been quiet for 30 seconds.' }]);
}

export { resourceByName };
