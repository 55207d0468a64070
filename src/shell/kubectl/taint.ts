/**
 * `kubectl taint nodes NODE key=value:Effect … [key:Effect-]` as kubectl 1.32 does it
 * (staging/src/k8s.io/kubectl/pkg/cmd/taint/taint.go and utils.go): the arguments before the
 * first taint are resources, each taint is parsed and checked on the client, then every node's
 * taints are reorganised and sent; the line says `tainted`, `untainted` or `modified`.
 */
import { clone, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { kindSlashName, resourceByName } from '../../sim/cluster/resources.ts';
import { labelValueErrors, qualifiedNameErrors } from '../../sim/cluster/validation.ts';
import type { CommandContext } from '../context.ts';
import { bool, flag, type ParsedFlags } from '../flags.ts';
import { err, out, result, type CommandResult, type Line } from '../result.ts';
import { dryRunOf, dryRunSuffix, isResult, resolveObjects, statusLines, unknownType } from './common.ts';
import { printedLines } from './output.ts';

interface Taint {
  readonly key: string;
  readonly value?: string;
  readonly effect?: string;
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** corev1.Taint.ToString. */
export function taintText(t: Taint): string {
  if (!t.effect) return t.value ? `${t.key}=${t.value}:` : t.key;
  return t.value ? `${t.key}=${t.value}:${t.effect}` : `${t.key}:${t.effect}`;
}

/** utils.go parseTaint: `key[=value]:effect`, or a bare key (for removals). */
function parseTaint(st: string): Taint | string {
  const parts = st.split(':');
  let key: string;
  let value: string | undefined;
  let effect: string | undefined;
  if (parts.length === 1) {
    key = st;
  } else if (parts.length === 2) {
    effect = parts[1] as string;
    if (!EFFECTS.includes(effect)) return `invalid taint effect: ${effect}, unsupported taint effect`;
    const kv = (parts[0] as string).split('=');
    if (kv.length > 2) return `invalid taint spec: ${st}`;
    key = kv[0] as string;
    if (kv.length === 2) {
      value = kv[1] as string;
      const errs = labelValueErrors(value);
      if (errs.length) return `invalid taint spec: ${st}, ${errs.join('; ')}`;
    }
  } else {
    return `invalid taint spec: ${st}`;
  }
  const errs = qualifiedNameErrors(key);
  if (errs.length) return `invalid taint spec: ${st}, ${errs.join('; ')}`;
  return { key, ...(value !== undefined && value !== '' ? { value } : {}), ...(effect ? { effect } : {}) };
}

const usage = (msg: string): CommandResult => result([err(`error: ${msg}`), err("See 'kubectl taint -h' for help and examples")], 1);

/** The same taint as far as a node is concerned: same key and effect (MatchTaint). */
const sameTaint = (a: Json, b: Json): boolean => a.key === b.key && (a.effect ?? '') === (b.effect ?? '');

export function taint(args: string[], ctx: CommandContext, p: ParsedFlags): CommandResult {
  // Complete: resources first, then taint changes.
  const resources: string[] = [];
  const specs: string[] = [];
  for (const s of args) {
    const isTaint = s.includes('=') || s.includes(':') || s.endsWith('-');
    if (isTaint) specs.push(s);
    else if (specs.length) return result([err(`error: all resources must be specified before taint changes: ${s}`)], 1);
    else resources.push(s);
  }
  if (resources.length < 1) return result([err('error: one or more resources must be specified as <resource> <name>')], 1);
  if (specs.length < 1) return result([err('error: at least one taint update is required')], 1);
  const add: Taint[] = [];
  const remove: Taint[] = [];
  const seen = new Set<string>();
  for (const spec of specs) {
    if (spec.endsWith('-')) {
      const t = parseTaint(spec.slice(0, -1));
      if (typeof t === 'string') return usage(t);
      remove.push({ key: t.key, ...(t.effect ? { effect: t.effect } : {}) });
      continue;
    }
    const t = parseTaint(spec);
    if (typeof t === 'string') return usage(t);
    if (!t.effect) return usage(`invalid taint spec: ${spec}`);
    // fmt's %v of a corev1.Taint struct.
    if (seen.has(`${t.effect}\0${t.key}`)) return usage(`duplicated taints with the same key and effect: {${t.key} ${t.value ?? ''} ${t.effect} <nil>}`);
    seen.add(`${t.effect}\0${t.key}`);
    add.push(t);
  }
  // Validate: only nodes, no change that both adds and removes a taint, names or --all or -l.
  const typeWord = (resources[0] as string).toLowerCase();
  const type = resourceByName(typeWord);
  if (!type) return unknownType(typeWord);
  if (type.kind !== 'Node') return result([err(`error: invalid resource type ${typeWord}, only node types are supported`)], 1);
  const conflicts = add.flatMap((a) => remove.filter((r) => r.key === a.key && (!r.effect || r.effect === a.effect)).map((r) => `${r.key}=${r.effect ?? ''}`));
  if (conflicts.length) return result([err(`error: can not both modify and remove the following taint(s) in the same command: ${conflicts.join(', ')}`)], 1);
  const all = bool(p, 'all');
  const selector = flag(p, 'selector');
  if (all && selector !== undefined) return result([err("error: setting 'all' parameter with a non empty selector is prohibited")], 1);
  if (!all && selector === undefined && resources.length < 2) return result([err("error: at least one resource name must be specified since 'all' parameter is not set")], 1);

  const dry = dryRunOf(p);
  if (isResult(dry)) return dry;
  const found = resolveObjects(all || selector !== undefined ? ['nodes'] : ['nodes', ...resources.slice(1)], ctx, p, { all });
  if (isResult(found)) return found;
  const lines: Line[] = [];
  const output = flag(p, 'output');
  const overwrite = bool(p, 'overwrite');
  let failed = found.errors.length > 0;
  for (const live of found.objects) {
    const node: KObject = clone(live);
    const old: Json[] = node.spec?.taints ?? [];
    // updateTaints: without --overwrite, a taint with the same key and effect is refused.
    const existing = add.filter((t) => old.some((o) => o.key === t.key && o.effect === t.effect)).map((t) => t.key);
    if (!overwrite && existing.length) { lines.push(err(`error: node ${node.metadata.name} already has ${existing.join(',')} taint(s) with same effect(s) and --overwrite is false`)); failed = true; break; }
    // reorganizeTaints: the new ones, then the old ones they do not replace, less the removed ones.
    const next: Json[] = add.map((t) => ({ effect: t.effect, key: t.key, ...(t.value ? { value: t.value } : {}) }));
    for (const o of old) if (!next.some((n) => sameTaint(n, o))) next.push(o);
    const added = old.length !== next.length;
    let kept = next;
    const missing: string[] = [];
    let deleted = false;
    for (const r of remove) {
      const before = kept.length;
      kept = kept.filter((t) => !(r.effect ? sameTaint(t, r) : t.key === r.key));
      deleted = kept.length !== before;
      if (!deleted) missing.push(`taint "${taintText(r)}" not found`);
    }
    if (missing.length) { lines.push(...(missing.length === 1 ? [err(`error: ${missing[0]}`)] : missing.map((m) => err(m)))); failed = true; break; }
    const operation = (added && deleted) || overwrite ? 'modified' : added ? 'tainted' : 'untainted';
    if (kept.length) node.spec = { ...(node.spec ?? {}), taints: kept }; else if (node.spec) delete node.spec.taints;
    const name = kindSlashName(ctx.world.cluster.api.resourceOf('Node'), node.metadata.name as string);
    const print = (o: KObject, suffix: string): Line[] => (output === 'yaml' || output === 'json' ? printedLines(o, output).map(out) : [out(output === 'name' ? name : `${name} ${operation}${suffix}`)]);
    if (dry === 'client') { lines.push(...print(node, dryRunSuffix(dry))); continue; }
    const r = ctx.world.cluster.api.update(node, { dryRun: dry === 'server', reason: 'taint', actor: 'kubectl taint' });
    if (!r.ok) { lines.push(...statusLines(r.error)); failed = true; break; }
    lines.push(...print(r.object, dryRunSuffix(dry)));
  }
  if (dry === 'none') ctx.world.advance(200);
  return result([...lines, ...found.errors], failed ? 1 : 0);
}
