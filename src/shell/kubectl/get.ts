/** `kubectl get`: tables built as the API server builds them, -o wide|yaml|json|name, -l, -n/-A, -w. */
import type { WatchEvent } from '../../sim/cluster/api-server.ts';
import { parseLabelSelector, labelsToString, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, RESOURCES, resourceByName, type ResourceType } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { KUBECTL_TABLE, table } from '../format/table.ts';
import { TabWriter } from '../format/tabwriter.ts';
import { err, hint, out, result, type CommandResult, type Line } from '../result.ts';
import { parseGoDuration } from '../../sim/units.ts';
import { isResult, namespaceOf, noResourcesGiven, parseTargets, statusLines, type Target } from './common.ts';
import { COMPONENT_STATUS_WARNING } from '../../sim/cluster/answered.ts';
import { servedAs } from '../../sim/cluster/conversions.ts';
import { printedLines, toJson, toYaml } from './output.ts';
import { choosePrinter, GET_FORMATS, printable, printedOutput, sortObjects, type Printer } from './printflags.ts';
import { tableFor } from './printers.ts';
import { followWatch, liveWatch } from './watching.ts';

/**
 * `get all`: the resources in discovery's `all` category, in discovery order (the core group
 * first, then apps, autoscaling, batch).
 */
const ALL_TYPES: readonly ResourceType[] = RESOURCES.filter((r) => r.categories.includes('all'));

/** The columns of one resource type: its header and a row per object, with -A's NAMESPACE, -L and --show-labels. */
function columns(type: ResourceType, p: ParsedFlags, qualify: boolean): { head: string[]; row: (o: KObject, now: number) => string[] } {
  const spec = tableFor(type);
  const wide = flag(p, 'output') === 'wide';
  const showLabels = bool(p, 'show-labels');
  const all = bool(p, 'all-namespaces') && type.namespaced;
  const labelColumns = flagAll(p, 'label-columns').flatMap((l) => l.split(','));
  const whole = wide ? spec.wideTable : undefined;
  const head = [...(all ? ['NAMESPACE'] : []), ...(whole?.headers ?? spec.headers), ...(wide && !whole ? spec.wideHeaders : []), ...labelColumns.map((l) => (l.split('/').pop() as string).toUpperCase()), ...(showLabels ? ['LABELS'] : [])];
  const row = (o: KObject, now: number): string[] => {
    const base = whole ? whole.row(o, now) : spec.row(o, now);
    if (qualify) base[0] = kindSlashName(type, base[0] as string);
    return [...(all ? [o.metadata.namespace ?? ''] : []), ...base, ...(wide && !whole ? spec.wide(o, now) : []), ...labelColumns.map((l) => o.metadata.labels?.[l] ?? ''), ...(showLabels ? [labelsToString(o.metadata.labels)] : [])];
  };
  return { head, row };
}

/** Rows of one resource type, with the header unless --no-headers. */
function rows(ctx: CommandContext, type: ResourceType, objs: KObject[], p: ParsedFlags, qualify: boolean): string[][] {
  const { head, row } = columns(type, p, qualify);
  const now = ctx.world.clock.now();
  const body = objs.map((o) => row(o, now));
  return bool(p, 'no-headers') ? body : [head, ...body];
}

/** The objects -l and --field-selector select, as the API server filters a list or a watch. */
function selection(type: ResourceType, p: ParsedFlags): ((o: KObject) => boolean) | CommandResult {
  const tests: Array<(o: KObject) => boolean> = [];
  const sel = flag(p, 'selector');
  if (sel !== undefined) {
    const test = parseLabelSelector(sel);
    if (typeof test === 'string') return result([err(`error: ${test}`)], 1);
    tests.push((o) => test(o.metadata.labels));
  }
  const fields = flag(p, 'field-selector');
  if (fields !== undefined) {
    // The fields the API server supports for these kinds: metadata.name/namespace, status.phase,
    // spec.nodeName, and the event's involvedObject.*.
    const parsed = fields.split(',').map((f) => /^([\w.]+)(==|=|!=)(.*)$/.exec(f.trim()));
    if (parsed.some((t) => !t)) return result([err(`Error from server (BadRequest): Unable to find "${type.resource}" that match label selector "", field selector "${fields}": field label not supported`)], 1);
    const read = (o: KObject, path: string): unknown => path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), o);
    tests.push((o) => parsed.every((t) => { const [, path, op, want] = t as RegExpExecArray; const v = String(read(o, path as string) ?? ''); return op === '!=' ? v !== want : v === want; }));
  }
  return (o) => tests.every((t) => t(o));
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
  const selected = selection(target.type, p);
  if (isResult(selected)) return selected;
  return { objs: listed.filter(selected), missing: [] };
}

function noResources(ctx: CommandContext, p: ParsedFlags, namespaced: boolean): Line {
  return err(bool(p, 'all-namespaces') || !namespaced ? 'No resources found' : `No resources found in ${namespaceOf(ctx, p)} namespace.`);
}

export function get(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const isAll = args[0] === 'all';
  const targets = isAll ? ALL_TYPES.map((type) => ({ type, names: [] as string[] })) : parseTargets(args);
  if (isResult(targets)) return targets;
  const watching = bool(p, 'watch') || bool(p, 'watch-only');
  if (targets.length === 0 && !watching) {
    return result([err('You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.'), err(''), err('error: Required resource not specified.'),
      err("Use \"kubectl explain <resource>\" for a detailed description of that resource (e.g. kubectl explain pods)."), err("See 'kubectl get -h' for help and examples")], 1);
  }
  const printer = choosePrinter(p, ctx, { human: true, allowed: GET_FORMATS });
  if (printer.kind === 'error') return result([err(printer.message)], 1);
  if (bool(p, 'output-watch-events') && !watching) return result([err('error: --output-watch-events option can only be used with --watch or --watch-only')], 1);
  if (watching) return watch(ctx, targets, p, printer);
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

/** How each event type reads in the EVENT column (cli-runtime printers/tableprinter.go formattedEventType). */
const EVENT_COLUMN: Record<WatchEvent['type'], string> = { ADDED: 'ADDED   ', MODIFIED: 'MODIFIED', DELETED: 'DELETED ' };

/**
 * A watch's printer (get.go watch()): one object or event at a time into one output, through one
 * tabwriter whose columns only grow. Tables print their header once, with the first row; every
 * other printer prints each object as it would print one (`---` between YAML documents,
 * jsonpath and templates run together as written). `print` returns false when printing failed.
 */
class WatchOutput {
  #text = '';
  #count = 0;
  readonly #writer = new TabWriter(KUBECTL_TABLE);
  #headed: boolean;
  readonly #events: boolean;
  readonly #columns: ReturnType<typeof columns>;
  error: string | undefined;

  constructor(private readonly type: ResourceType, p: ParsedFlags, private readonly printer: Printer) {
    this.#events = bool(p, 'output-watch-events');
    this.#headed = bool(p, 'no-headers');
    this.#columns = columns(type, p, false);
  }

  /** One flush of the watch's one tabwriter. */
  #rows(rows: string[][]): void {
    if (rows.length > 0) this.#text += `${this.#writer.write(rows.map((r) => r.join('\t')).join('\n'))}\n`;
  }

  print(items: readonly WatchEvent[]): boolean {
    const printer = this.printer;
    if (printer.kind === 'human') {
      if (items.length === 0) return true;
      const body = items.map((i) => [...(this.#events ? [EVENT_COLUMN[i.type]] : []), ...this.#columns.row(i.object, i.at)]);
      this.#rows(this.#headed ? body : [[...(this.#events ? ['EVENT'] : []), ...this.#columns.head], ...body]);
      this.#headed = true;
      return true;
    }
    for (const i of items) {
      this.#count++;
      // What the printers are given: the object in the shape its resource serves, or with
      // --output-watch-events a WatchEvent around it.
      const obj = servedAs(this.type, i.object, i.at);
      const subject = this.#events ? { type: i.type, object: obj } : obj;
      if (printer.kind === 'name') this.#text += `${kindSlashName(this.type, i.object.metadata.name as string)}\n`;
      else if (printer.kind === 'yaml') this.#text += `${this.#count > 1 ? '---\n' : ''}${toYaml(subject)}`;
      // JSONPrinter: a WatchEvent is marshalled on one line (json.Marshal), an object indented.
      else if (printer.kind === 'json') this.#text += `${this.#events ? JSON.stringify({ type: i.type, object: JSON.parse(toJson(obj)) as unknown }) : toJson(obj)}\n`;
      else if (printer.kind === 'generic' && printer.columns) {
        const c = printer.columns(printable(subject));
        this.#rows(!this.#headed && c.head ? [c.head, ...c.body] : c.body);
        if (c.head) this.#headed = true;
        if (c.error) { this.error = c.error; return false; }
      } else if (printer.kind === 'generic') {
        const printed = printer.print(printable(subject));
        this.#text += printed.out;
        if (printed.error) { this.error = printed.error; return false; }
      }
    }
    return true;
  }

  lines(): Line[] {
    return printedOutput({ out: this.#text }).out;
  }
}

/**
 * `kubectl get -w` (get.go watch()): list, print, then print every change the watch delivers —
 * each write of a listed object, and a deleted object's last state — as it happens. The sandbox
 * lets simulated time run until the watch has been quiet for 30 s (or --request-timeout ends it).
 */
function watch(ctx: CommandContext, targets: Target[], p: ParsedFlags, printer: Printer): CommandResult {
  if (targets.length === 0) return noResourcesGiven();
  if (targets.length > 1) return result([err('error: watch is only supported on individual resources and resource collections - more than 1 resource was found')], 1);
  const t = targets[0] as Target;
  const lines: Line[] = [];
  // Complete(): sorting applies to the first listing only (and, as SortingPrinter sorts lists and
  // tables, only to a table: other printers are given the objects one by one).
  const sortBy = flag(p, 'sort-by');
  if (sortBy !== undefined) lines.push(err(`warning: --${bool(p, 'watch') ? 'watch' : 'watch-only'} requested, --sort-by will be ignored${bool(p, 'watch') ? ' for watch events received' : ''}`));
  // --request-timeout ends the watch's HTTP request: kubectl stops there, silently (clientcmd ParseTimeout).
  const timeoutText = flag(p, 'request-timeout');
  let timeoutMs = 0;
  if (timeoutText !== undefined) {
    const seconds = /^\d+$/.test(timeoutText) ? { ms: Number(timeoutText) * 1000 } : parseGoDuration(timeoutText);
    if ('error' in seconds) return result([err('error: Invalid timeout value. Timeout must be a single integer in seconds, or an integer followed by a corresponding time unit (e.g. 1s | 2m | 3h)')], 1);
    timeoutMs = seconds.ms;
  }
  const c = collect(ctx, t, p);
  if (isResult(c)) return c;
  if (c.missing.length > 0) return result([...lines, c.missing[0] as Line], 1);
  let objs = c.objs;
  if (sortBy !== undefined && objs.length > 1 && printer.kind === 'human') {
    const sorted = sortObjects(objs, sortBy);
    if ('error' in sorted) return result([...lines, err(sorted.error)], 1);
    objs = sorted;
  }
  const output = new WatchOutput(t.type, p, printer);
  const now = ctx.world.clock.now();
  // The first listing's printer error ends the command (`unable to output the provided object`).
  if (!bool(p, 'watch-only') && !output.print(objs.map((o) => ({ type: 'ADDED', object: o, at: now })))) {
    return result([...lines, ...output.lines(), err(`error: unable to output the provided object: ${(output.error as string).replace(/^error: /, '')}`)], 1);
  }
  // Resource.Watch: one source only (a single type, or a single name of it).
  if (t.names.length > 1) return result([...lines, ...output.lines(), err('error: you may only watch a single resource or type of resource at a time')], 1);
  const api = ctx.world.cluster.api;
  const selected = t.names.length === 1 ? (o: KObject): boolean => o.metadata.name === t.names[0] : selection(t.type, p);
  if (isResult(selected)) return selected;
  const ns = t.type.namespaced && !bool(p, 'all-namespaces') ? namespaceOf(ctx, p) : undefined;
  const subscribe = (fn: (e: WatchEvent) => void): (() => void) => api.watch(t.type, ns, selected, fn);
  // A printer error ends the watch; kubectl returns without a word (watch() ignores it).
  const deliver = (events: WatchEvent[]): boolean => output.print(events);
  if (ctx.live) {
    const first = output.lines().length;
    return { ...result([...lines, ...output.lines()]), live: liveWatch(ctx, subscribe, deliver, () => output.lines(), first, timeoutMs) };
  }
  const { endedQuiet } = followWatch(ctx, subscribe, deliver, timeoutMs);
  const ended = !endedQuiet;
  return result([...lines, ...output.lines(), ...(ended ? [] : [hint('kubectl get -w keeps watching until you press Ctrl-C; the sandbox stops when the world has been quiet for 30 seconds.')])]);
}

export { resourceByName };
