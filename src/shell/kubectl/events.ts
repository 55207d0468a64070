/**
 * `kubectl events` (staging/src/k8s.io/kubectl/pkg/cmd/events/events.go and event_printer.go):
 * the namespace's events sorted by time, in kubectl's own table — LAST SEEN with `(xN over M)`
 * for repeats, OBJECT as `Kind/name` — filtered by `--for TYPE/NAME` and `--types`; `-w` prints
 * what exists, then each new or updated event as it comes.
 */
import type { WatchEvent } from '../../sim/cluster/api-server.ts';
import type { KObject } from '../../sim/cluster/objects.ts';
import { resourceByName } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { KUBECTL_TABLE, table } from '../format/table.ts';
import { TabWriter } from '../format/tabwriter.ts';
import { err, hint, out, result, type CommandResult, type Line } from '../result.ts';
import { namespaceOf, unknownType } from './common.ts';
import { printedLines } from './output.ts';
import { followWatch, liveWatch } from './watching.ts';
import { since } from './printers.ts';

/** getInterval: `5s`, or `3s (x4 over 2m)` for an event seen several times. */
function interval(e: KObject, now: number): string {
  const first = e.eventTime ? since(e.eventTime, now) : since(e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 0) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

/** SortableEvents' key: the last time it was seen. */
const eventTime = (e: KObject): number => Date.parse(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? '') || 0;

export function events(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  if (args.length > 0) return result([err(`error: unknown command "${args[0]}" for "kubectl events"`)], 1);
  const types = flagAll(p, 'types');
  if (types.some((t) => t.toLowerCase() !== 'normal' && t.toLowerCase() !== 'warning')) return result([err('error: valid --types are Normal or Warning')], 1);
  // decodeResourceTypeName: TYPE/NAME, the type as the API's discovery knows it.
  const forText = flag(p, 'for');
  let forKind: string | undefined;
  let forName: string | undefined;
  if (forText !== undefined && forText !== '') {
    if (!forText.includes('/')) return result([err('error: --for must be in resource/name form')], 1);
    const seg = forText.split('/');
    if (seg.length !== 2) return result([err('error: arguments in resource/name form may not have more than one slash')], 1);
    const type = resourceByName(seg[0] as string);
    if (!type) return unknownType((seg[0] as string).toLowerCase());
    forKind = type.kind;
    forName = seg[1] as string;
  }
  const all = bool(p, 'all-namespaces');
  const ns = namespaceOf(ctx, p);
  const api = ctx.world.cluster.api;
  const evType = api.resourceOf('Event');
  const wanted = (e: KObject): boolean => (types.length === 0 || types.some((t) => t.toLowerCase() === String(e.type).toLowerCase()))
    && (forName === undefined || (e.involvedObject?.kind === forKind && e.involvedObject?.name === forName));
  const list = (): KObject[] => api.list(evType, all ? undefined : ns).filter(wanted);
  const output = flag(p, 'output');
  const noHeaders = bool(p, 'no-headers');
  const now = (): number => ctx.world.clock.now();
  const row = (e: KObject, at = now()): string[] => [...(all ? [e.metadata.namespace ?? ''] : []), interval(e, at), e.type ?? '', e.reason ?? '', `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`, String(e.message ?? '').trim()];
  const header = [...(all ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  if (bool(p, 'watch')) {
    const subscribe = (fn: (e: WatchEvent) => void): (() => void) => api.watch(evType, all ? undefined : ns, wanted, fn);
    return watch(ctx, list, subscribe, row, noHeaders ? undefined : header);
  }
  const found = list().sort((a, b) => eventTime(a) - eventTime(b));
  if (found.length === 0) return result([err(all ? 'No events found.' : `No events found in ${ns} namespace.`)]);
  if (output === 'yaml' || output === 'json') {
    return result(printedLines({ apiVersion: 'v1', items: found.map((e) => ({ ...e, apiVersion: 'v1', kind: 'Event' })), kind: 'EventList', metadata: { resourceVersion: '' } }, output).map(out));
  }
  if (output === 'name') return result(found.map((e) => out(`event/${e.metadata.name}`)));
  if (output !== undefined) return result([err(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,yaml`)], 1);
  return result(table([...(noHeaders ? [] : [header]), ...found.map((e) => row(e))]).map(out));
}

/**
 * runWatch: a watch starts with what exists (its synthetic ADDED events), then prints every event
 * added or updated as the watch delivers it, one flushed line each, its LAST SEEN at that moment;
 * a DELETED one (an event expiring) is not shown.
 */
function watch(ctx: CommandContext, list: () => KObject[], subscribe: (fn: (e: WatchEvent) => void) => () => void, row: (e: KObject, at: number) => string[], header: string[] | undefined): CommandResult {
  // One tabwriter, flushed after each event (RememberWidths: columns only grow).
  const writer = new TabWriter(KUBECTL_TABLE);
  const lines: Line[] = [];
  const print = (e: KObject, at: number): void => {
    const cells = row(e, at);
    // The header goes out with the first event, in the same flush.
    const text = header && lines.length === 0 ? `${header.join('\t')}\n${cells.join('\t')}` : cells.join('\t');
    lines.push(...writer.write(text).split('\n').map(out));
  };
  const start = ctx.world.clock.now();
  for (const e of list()) print(e, start);
  // events.go's runWatch skips DELETED events: an event expiring is not news.
  const deliver = (events: WatchEvent[]): boolean => { for (const e of events) if (e.type !== 'DELETED') print(e.object, e.at); return true; };
  if (ctx.live) return { ...result([...lines]), live: liveWatch(ctx, subscribe, deliver, () => lines, lines.length) };
  followWatch(ctx, subscribe, deliver);
  return result([...lines, hint('kubectl events -w keeps watching until you press Ctrl-C; the sandbox stops when no event has come for 30 seconds.')]);
}
