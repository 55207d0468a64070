/**
 * `world`: a picture of the image lifecycle as the world holds it now — the laptop's images →
 * the registries' repositories and tags (what was pushed) → each node's runtime cache (what was
 * pulled) → the pods (phase and reason) — with what changed since the last picture marked, as
 * Learn Git Branching draws a repository. Pure: text lines from the world, fitted to a width.
 */
import { catalogue } from '../sim/catalogue.ts';
import { familiar, parseReference } from '../sim/image-ref.ts';
import { hexOf } from '../sim/digest.ts';
import type { World } from '../sim/world.ts';
import { table } from './format/table.ts';
import { podStatus } from './kubectl/printers.ts';
import { hint, out, result, type CommandResult, type Line } from './result.ts';

/** What the last picture showed: an item's key and what it was then (a changed value is a change). */
export type WorldSnapshot = ReadonlyMap<string, string>;

interface Item {
  readonly key: string;
  /** What, if it differs next time, marks the item changed. */
  readonly value: string;
  /** Its columns (aligned within the section). */
  readonly cells: readonly string[];
}

interface Section {
  /** The items' key prefix: what went since the last picture is found by it. */
  readonly kind: 'laptop' | 'registry' | 'node' | 'pod';
  readonly title: string;
  readonly items: readonly Item[];
  /** A line for what is left out (system images, kube-system pods). */
  readonly more?: string;
  readonly empty: string;
}

const byCells = (a: Item, b: Item): number => a.cells.join(' ').localeCompare(b.cells.join(' '));

/** Images every node has from the start (the control plane's, pause, kube-proxy): counted, not listed. */
const SYSTEM_IMAGE = /^registry\.k8s\.io\//;

function sections(world: World): Section[] {
  const laptop: Item[] = world.docker.store.all().flatMap((s) => (s.tags.length ? s.tags : ['<none>']).map((tag) => ({
    key: `laptop|${tag}`, value: s.image.id, cells: [tag === '<none>' ? '<none>' : familiar(parseReference(tag)), hexOf(s.image.id).slice(0, 12)],
  }))).sort(byCells);

  const shipped = new Set(catalogue().flatMap((c) => c.tags.map((t) => `${c.repo}:${t}`)));
  const pushed: Item[] = [...world.registries.entries()].sort(([a], [b]) => a.localeCompare(b)).flatMap(([host, registry]) =>
    registry.listing().flatMap(({ path, tags }) => tags.filter((t) => !shipped.has(`${host}/${path}:${t}`)).map((t) => {
      const r = registry.resolve(path, { tag: t });
      return { key: `registry|${host}/${path}:${t}`, value: r.ok ? r.image.manifestDigest : '', cells: [host, `${path}:${t}`] };
    })));

  let systemImages = 0;
  const nodes: Item[] = world.cluster.nodes.flatMap((node) => {
    const refs = node.images.all().flatMap((s) => s.tags.map((t) => ({ t, id: s.image.id })));
    systemImages += refs.filter((r) => SYSTEM_IMAGE.test(r.t)).length;
    const own = refs.filter((r) => !SYSTEM_IMAGE.test(r.t)).sort((a, b) => a.t.localeCompare(b.t));
    const where = `${node.name} (${node.spec.runtime})`;
    return own.length
      ? own.map((r) => ({ key: `node|${node.name}|${r.t}`, value: r.id, cells: [where, r.t] }))
      : [{ key: `node|${node.name}|`, value: '', cells: [where, '—'] }];
  });

  const api = world.cluster.api;
  const allPods = api.list(api.resourceOf('Pod'));
  const pods: Item[] = allPods.filter((p) => p.metadata.namespace !== 'kube-system').map((p) => {
    const status = podStatus(p);
    const node = (p.spec as { nodeName?: string } | undefined)?.nodeName ?? '(not scheduled)';
    const images = ((p.spec as { containers?: Array<{ image?: string }> } | undefined)?.containers ?? []).map((c) => c.image ?? '').join(', ');
    const ns = p.metadata.namespace === 'default' ? '' : `${p.metadata.namespace}/`;
    return { key: `pod|${p.metadata.namespace}/${p.metadata.name as string}`, value: `${status}|${node}`, cells: [`${ns}${p.metadata.name as string}`, status, node, images] };
  }).sort(byCells);
  const systemPods = allPods.length - pods.length;

  return [
    { kind: 'laptop', title: 'laptop — docker images (built or pulled)', items: laptop, empty: '(no images yet: docker build, docker pull)' },
    { kind: 'registry', title: 'registries — what was pushed', items: pushed, empty: '(nothing pushed yet: docker push)' },
    { kind: 'node', title: 'nodes — each runtime\'s image cache (what the kubelet had it pull)', items: nodes, empty: '(no nodes)', ...(systemImages ? { more: `and ${systemImages} system images (registry.k8s.io) the nodes start with` } : {}) },
    { kind: 'pod', title: 'pods — phase or reason, node, image', items: pods, empty: '(no pods yet: kubectl run, kubectl apply)', ...(systemPods ? { more: `and ${systemPods} kube-system pods (kubectl get pods -n kube-system)` } : {}) },
  ];
}

/** A line cut to the width, as a table would be: the end replaced with `…`. */
function fit(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(1, width - 1))}…`;
}

/**
 * The picture, and what it showed (for the next one). Without a previous picture nothing is
 * marked; after one, `+` is new, `~` changed, and what went is listed with `-`.
 */
export function worldPicture(world: World, previous: WorldSnapshot | undefined, width: number): { lines: Line[]; snapshot: WorldSnapshot } {
  const w = Math.max(40, width);
  const now = new Map<string, string>();
  const lines: Line[] = [out(fit('laptop ──push──▶ registry ──pull (kubelet → runtime)──▶ node ──run──▶ pod', w))];
  for (const s of sections(world)) {
    lines.push(out(''), out(fit(s.title, w)));
    const keysHere = new Set<string>();
    const aligned = table(s.items.map((i) => i.cells), { minWidth: 0, padding: 2, rememberWidths: false });
    s.items.forEach((item, i) => {
      now.set(item.key, item.value);
      keysHere.add(item.key);
      const was = previous?.get(item.key);
      const mark = !previous ? ' ' : was === undefined ? '+' : was !== item.value ? '~' : ' ';
      const line = out(fit(`  ${mark} ${(aligned[i] ?? '').trimEnd()}`, w));
      lines.push(mark === '+' ? { ...line, change: 'new' } : mark === '~' ? { ...line, change: 'changed' } : line);
    });
    const gone = previous ? [...previous.keys()].filter((k) => k.startsWith(`${s.kind}|`) && !keysHere.has(k) && !k.endsWith('|')) : [];
    for (const k of gone) lines.push({ ...out(fit(`  - ${k.split('|').slice(1).filter(Boolean).join('  ').replace(/^default\//, '')}`, w)), change: 'gone' });
    if (s.items.length === 0 && gone.length === 0) lines.push(out(fit(`    ${s.empty}`, w)));
    if (s.more) lines.push(out(fit(`    ${s.more}`, w)));
  }
  if (previous) lines.push(out(''), hint('+ new since the last `world`, ~ changed, - gone.'));
  return { lines, snapshot: now };
}

/** The `world` command: the picture, remembered by the session for the next one's marks. */
export function worldCommand(args: readonly string[], world: World, width: number, memory: { last?: WorldSnapshot }): CommandResult {
  if (args.length > 0 && args[0] !== '--fresh') return result([out('usage: world [--fresh]   (a picture of images, registries, nodes and pods; --fresh: no change marks)')], 2);
  const { lines, snapshot } = worldPicture(world, args[0] === '--fresh' ? undefined : memory.last, width);
  memory.last = snapshot;
  return result(lines);
}
