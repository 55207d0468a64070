/**
 * kubetutor's note (never kubectl's output) at the moment a learner points a workload at an
 * image in `localhost:PORT/…`: on the laptop that is the registry container, but the kubelet asks
 * the node's own runtime to pull, and on a node localhost is the node itself.
 */
import { controllerOf, type Json, type KObject } from '../../sim/cluster/objects.ts';
import { isLoopback } from '../../sim/cluster/node-network.ts';
import { RESOURCES } from '../../sim/cluster/resources.ts';
import { parseReference } from '../../sim/image-ref.ts';
import type { CommandContext } from '../context.ts';
import { hint, type CommandResult } from '../result.ts';

/** The verbs that write objects carrying images. */
export const WRITES_IMAGES: ReadonlySet<string> = new Set(['apply', 'create', 'run', 'set', 'replace', 'patch', 'edit']);

/** Every `image:` under a containers list (a Pod's spec, a template's, a CronJob's job template's). */
function imagesIn(value: Json, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imagesIn(v, found);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'containers' || k === 'initContainers') && Array.isArray(v)) for (const c of v) if (typeof c?.image === 'string') found.push(c.image);
      if (k !== 'status' && k !== 'metadata') imagesIn(v as Json, found);
    }
  }
  return found;
}

function loopbackImage(image: string): string | undefined {
  try {
    const ref = parseReference(image);
    return isLoopback(ref.domain) ? ref.domain : undefined;
  } catch {
    return undefined;
  }
}

/** The learner's own objects (no controller made them) and the loopback registries their images name. */
export function localhostImages(ctx: CommandContext): Map<string, string> {
  const found = new Map<string, string>();
  const api = ctx.world.cluster.api;
  for (const r of RESOURCES) {
    if (r.kind === 'Event') continue;
    for (const o of api.list(r) as KObject[]) {
      if (controllerOf(o) || !o.spec) continue;
      for (const image of imagesIn(o.spec)) {
        const domain = loopbackImage(image);
        if (domain) found.set(`${r.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}/${image}`, domain);
      }
    }
  }
  return found;
}

/** The command's result, with the note when it made an object point at a loopback registry it did not point at before. */
export function withLocalhostHint(r: CommandResult, before: Map<string, string>, ctx: CommandContext): CommandResult {
  const after = localhostImages(ctx);
  const domain = [...after].find(([key]) => !before.has(key))?.[1];
  if (!domain) return r;
  return {
    ...r,
    lines: [...r.lines, hint(`On the laptop, ${domain} is the laptop. But the kubelet asks the node's container runtime to pull, and on a node ${domain.replace(/:\d+$/, '')} is the node itself: nothing listens on ${domain} there, so the pull fails with "connection refused". Push the image to a registry the nodes can reach (docker.io/<you>/… or registry.example.com/…) and use that name.`)],
  };
}
