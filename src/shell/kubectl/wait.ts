/**
 * `kubectl wait --for=condition=Ready|delete|create|jsonpath=… TYPE/NAME…` as kubectl 1.32 does
 * it (staging/src/k8s.io/kubectl/pkg/cmd/wait/: wait.go, condition.go, delete.go, json.go): each
 * object is waited for in turn, each with the whole --timeout (30s by default), while the world's
 * clock runs; a met condition prints `pod/x condition met`.
 */
import type { Json, KObject } from '../../sim/cluster/objects.ts';
import { parseGoDuration } from '../../sim/units.ts';
import { kindSlashName } from '../../sim/cluster/resources.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { isResult, noResourcesGiven, notFoundLine, resolveObjects, type ObjectRef } from './common.ts';
import { JsonPath } from '../format/jsonpath.ts';
import { printable, relaxedJsonPath } from './printflags.ts';
import { printedLines } from './output.ts';

type Check = (obj: KObject | undefined) => boolean;

/** conditionFuncFor: what `--for` asks, or kubectl's error. */
function conditionFor(condition: string): { kind: 'delete' | 'create' | 'check'; check: Check } | string {
  const lower = condition.toLowerCase();
  if (lower === 'delete') return { kind: 'delete', check: (o) => o === undefined };
  if (lower === 'create') return { kind: 'create', check: (o) => o !== undefined };
  if (condition.startsWith('condition=')) {
    let name = condition.slice('condition='.length);
    let want = 'true';
    const eq = name.indexOf('=');
    if (eq >= 0) { want = name.slice(eq + 1); name = name.slice(0, eq); }
    return {
      kind: 'check',
      check: (o) => {
        for (const c of (o?.status?.conditions ?? []) as Json[]) {
          if (String(c.type).toLowerCase() !== name.toLowerCase() || typeof c.status !== 'string') continue;
          // A condition observed for an older generation does not count yet.
          const observed = c.observedGeneration ?? o?.status?.observedGeneration;
          if (o?.metadata.generation !== undefined && observed !== undefined && observed < o.metadata.generation) return false;
          return c.status.toLowerCase() === want.toLowerCase();
        }
        return false;
      },
    };
  }
  if (condition.startsWith('jsonpath=')) {
    // splitJSONPathInput: `==` stays inside the expression; one `=` separates the value.
    const parts = condition.slice('jsonpath='.length).replace(/==/g, '\0').split('=').map((x) => x.replace(/\0/g, '=='));
    if (parts.length > 2) return "jsonpath wait format must be --for=jsonpath='{.status.readyReplicas}'=3 or --for=jsonpath='{.status.readyReplicas}'";
    const relaxed = relaxedJsonPath((parts[0] as string).replace(/^'|'$/g, ''));
    if (relaxed === undefined) return "unexpected path string, expected a 'name1.name2' or '.name1.name2' or '{name1.name2}' or '{.name1.name2}'";
    const value = parts[1] === undefined ? undefined : parts[1].replace(/^['"]+|['"]+$/g, '');
    if (value === '') return "jsonpath wait has to have a value after equal sign, like --for=jsonpath='{.status.readyReplicas}'=3";
    let path: JsonPath;
    try {
      path = new JsonPath(relaxed);
    } catch (e) {
      return (e as Error).message;
    }
    path.allowMissingKeys = true;
    return {
      kind: 'check',
      check: (o) => {
        if (!o) return false;
        let text: string;
        try { text = path.execute(printable(o)); } catch { return false; }
        return value === undefined ? text !== '' : text === value;
      },
    };
  }
  return `unrecognized condition: "${condition}"`;
}

/**
 * `kubectl wait`: the waiting as steps of the world's time (each `yield` asks for that many ms
 * to pass), so a pipe drains it at once and a terminal lets it run at its pace (and Ctrl-C it).
 */
export function wait(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  const lines: Line[] = [];
  const steps = waiting(args, ctx, p, lines);
  let next = steps.next();
  if (!ctx.live) {
    while (!next.done) { ctx.world.advance(next.value); next = steps.next(); }
    return next.value;
  }
  if (next.done) return next.value;
  let shown = lines.length;
  const first = result(lines.slice());
  return {
    ...first,
    live: {
      step(ms) {
        let budget = ms;
        while (budget > 0 && !next.done) {
          const stepMs = next.value;
          ctx.world.advance(stepMs);
          budget -= stepMs;
          next = steps.next();
        }
        if (next.done) return { lines: next.value.lines.slice(shown), done: true, exitCode: next.value.exitCode };
        const fresh = lines.slice(shown);
        shown = lines.length;
        return { lines: fresh, done: false };
      },
      stop() { /* nothing held */ },
    },
  };
}

function* waiting(args: string[], ctx: CommandContext, p: ParsedFlags, lines: Line[]): Generator<number, CommandResult, void> {
  const condition = conditionFor(flag(p, 'for') ?? '');
  if (typeof condition === 'string') return result([err(`error: ${condition}`)], 1);
  const timeoutText = flag(p, 'timeout') ?? '30s';
  const parsed = parseGoDuration(timeoutText);
  if ('error' in parsed) return result([err(`error: invalid argument "${timeoutText}" for "--timeout" flag: ${parsed.error}`), err("See 'kubectl wait --help' for usage.")], 1);
  // A negative timeout means a week.
  const timeoutMs = parsed.ms < 0 ? 168 * 3_600_000 : parsed.ms;
  const api = ctx.world.cluster.api;
  const output = flag(p, 'output');
  const line = (ref: ObjectRef, obj: KObject | undefined): Line[] => (obj && (output === 'yaml' || output === 'json') ? printedLines(obj, output).map(out) : [out(output === 'name' ? kindSlashName(ref.type, ref.name) : `${kindSlashName(ref.type, ref.name)} condition met`)]);
  const STEP = 500;
  if (condition.kind === 'create') {
    // Poll every half second until the builder finds everything named.
    for (let waited = 0; ; waited += STEP) {
      const found = resolveObjects(args, ctx, p, { all: bool(p, 'all') });
      if (isResult(found)) return found;
      if (found.errors.length === 0) break;
      if (waited >= timeoutMs) return result([err('error: timed out waiting for the condition')], 1);
      yield STEP;
    }
  }
  if (args.length === 0 && flagAll(p, 'filename').length === 0) return noResourcesGiven();
  const found = resolveObjects(args, ctx, p, { all: bool(p, 'all') });
  if (isResult(found)) return found;
  // --for=delete ignores what is already gone; anything else stops at the first missing object.
  if (found.errors.length && condition.kind !== 'delete') return result(found.errors, 1);
  if (found.refs.length === 0) return condition.kind === 'delete' ? result([]) : result([err('error: no matching resources found')], 1);
  for (const ref of found.refs) {
    const latest = (): KObject | undefined => { const o = api.get(ref.type, ref.ns, ref.name); return 'metadata' in o ? o : undefined; };
    let obj = latest();
    if (timeoutMs === 0) {
      if (!condition.check(obj)) return result([...lines, err(`error: condition not met for ${ref.type.resource}/${ref.name}`)], 1);
      lines.push(...line(ref, obj));
      continue;
    }
    let met = condition.check(obj);
    for (let waited = 0; !met; waited += STEP) {
      if (waited >= timeoutMs) return result([...lines, err(`error: timed out waiting for the condition on ${ref.type.resource}/${ref.name}`)], 1);
      yield STEP;
      obj = latest();
      // An object that goes away while a condition is awaited ends the wait (the informer's precondition).
      if (!obj && condition.kind !== 'delete') return result([...lines, notFoundLine(ref.type, ref.name)], 1);
      met = condition.check(obj);
    }
    lines.push(...line(ref, obj));
  }
  return result(lines);
}
