/**
 * `kubectl api-resources` and `kubectl api-versions`, as kubectl 1.32 prints what discovery
 * returns (staging/src/k8s.io/kubectl/pkg/cmd/apiresources/apiresources.go and apiversions.go):
 * resources sorted by group (the core group first), then by name; `-o wide` adds VERBS and
 * CATEGORIES joined with commas; `-o name` prints `resource.group`; filters by
 * `--api-group`, `--namespaced`, `--verbs`, `--categories`.
 */
import { apiVersionOf, RESOURCES, type ResourceType } from '../../sim/cluster/resources.ts';
import { bool, flag, flagAll, type ParsedFlags } from '../flags.ts';
import { table } from '../format/table.ts';
import { err, out, result, type CommandResult } from '../result.ts';

export function apiResources(args: readonly string[], p: ParsedFlags): CommandResult {
  if (args.length > 0) {
    return result([err(`error: unexpected arguments: [${args.join(' ')}]`), err("See 'kubectl api-resources -h' for help and examples")], 1);
  }
  const output = flag(p, 'output') ?? '';
  if (!['', 'wide', 'name'].includes(output)) return result([err(`error: --output ${output} is not available`)], 1);
  const sortBy = flag(p, 'sort-by') ?? '';
  if (!['', 'name', 'kind'].includes(sortBy)) return result([err('error: --sort-by accepts only name or kind')], 1);
  const group = flag(p, 'api-group');
  const namespaced = flag(p, 'namespaced');
  const list = (name: string): string[] => flagAll(p, name).flatMap((v) => v.split(',')).filter(Boolean);
  const verbs = list('verbs');
  const categories = list('categories');
  const chosen = RESOURCES.filter((r) => (group === undefined || r.group === group)
    && (namespaced === undefined || r.namespaced === (namespaced !== 'false'))
    && verbs.every((v) => r.verbs.includes(v))
    && categories.every((c) => r.categories.includes(c)));
  // sort.Stable on the chosen key (the group by default), ties broken by name.
  const key = (r: ResourceType): string => (sortBy === 'name' ? r.resource : sortBy === 'kind' ? r.kind : r.group);
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = chosen.map((r, i) => ({ r, i })).sort((a, b) => cmp(key(a.r), key(b.r)) || cmp(a.r.resource, b.r.resource) || a.i - b.i).map((x) => x.r);
  if (output === 'name') return result(sorted.map((r) => out(r.group ? `${r.resource}.${r.group}` : r.resource)));
  const wide = output === 'wide';
  const head = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = sorted.map((r) => [r.resource, r.shortNames.join(','), apiVersionOf(r), String(r.namespaced), r.kind, ...(wide ? [r.verbs.join(','), r.categories.join(',')] : [])]);
  return result(table(bool(p, 'no-headers') ? rows : [head, ...rows]).map(out));
}

/** Every served group-version, sorted as strings (so `v1` comes last). */
export function apiVersions(): CommandResult {
  const versions = new Set<string>();
  for (const r of RESOURCES) for (const v of [r.version, ...r.otherVersions]) versions.add(r.group ? `${r.group}/${v}` : v);
  return result([...versions].sort().map(out));
}
