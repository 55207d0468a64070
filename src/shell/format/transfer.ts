/**
 * `docker pull` and `docker push` progress as Docker prints it. Piped output shows every status
 * change but no progress bars (jsonmessage skips progress messages when not on a terminal); a
 * terminal redraws each layer's line in place, so its final screen holds one line per layer.
 */
import type { Layer } from '../../sim/image.ts';
import { shortId } from '../../sim/digest.ts';
import type { Line } from '../result.ts';

/** Docker downloads three layers at a time (max-concurrent-downloads) and extracts in order. */
const CONCURRENT_DOWNLOADS = 3;
/** … and uploads five at a time (max-concurrent-uploads). */
const CONCURRENT_UPLOADS = 5;
const BYTES_PER_MS = 25_000;

interface Event { readonly at: number; readonly order: number; readonly text: string }

/** The status lines of a pull, in the order they would appear. */
export function pullEvents(layers: ReadonlyArray<{ layer: Layer; present: boolean }>): { plain: string[]; final: Line[] } {
  const plain: string[] = [];
  const final: Line[] = [];
  const missing = layers.filter((l) => !l.present);
  for (const { layer, present } of layers) {
    const id = shortId(layer.digest);
    if (present) {
      plain.push(`${id}: Already exists`);
      final.push({ stream: 'out', text: `${id}: Already exists` });
    }
  }
  missing.forEach(({ layer }, i) => plain.push(`${shortId(layer.digest)}: ${i < CONCURRENT_DOWNLOADS ? 'Pulling fs layer' : 'Pulling fs layer'}`));
  missing.forEach(({ layer }, i) => { if (i >= CONCURRENT_DOWNLOADS) plain.push(`${shortId(layer.digest)}: Waiting`); });
  // Download slots: each layer takes the first free slot; extraction runs in layer order.
  const slots = Array<number>(CONCURRENT_DOWNLOADS).fill(0);
  const events: Event[] = [];
  let extractFree = 0;
  missing.forEach(({ layer }, i) => {
    const slot = slots.indexOf(Math.min(...slots));
    const start = slots[slot] as number;
    const done = start + 20 + layer.size / BYTES_PER_MS;
    slots[slot] = done;
    const id = shortId(layer.digest);
    events.push({ at: done - 1, order: i * 3, text: `${id}: Verifying Checksum` }, { at: done, order: i * 3 + 1, text: `${id}: Download complete` });
    const extracted = Math.max(done, extractFree) + 5 + layer.size / (BYTES_PER_MS * 4);
    extractFree = extracted;
    events.push({ at: extracted, order: i * 3 + 2, text: `${id}: Pull complete` });
  });
  events.sort((a, b) => a.at - b.at || a.order - b.order);
  plain.push(...events.map((e) => e.text));
  for (const { layer, present } of layers) {
    if (!present) final.push({ stream: 'out', text: `${shortId(layer.digest)}: Pull complete`, transfer: { id: shortId(layer.digest), bytes: layer.size, direction: 'download' } });
  }
  return { plain, final };
}

export type PushState = 'pushed' | 'exists' | 'mounted';

/** The status lines of a push: layers are listed top (newest) first, as Docker does. */
export function pushEvents(layers: ReadonlyArray<{ layer: Layer; state: PushState | 'preparing'; mountedFrom?: string | undefined }>): { plain: string[]; final: Line[] } {
  const top = [...layers].reverse();
  const plain = top.map(({ layer }) => `${shortId(layer.digest)}: Preparing`);
  top.forEach(({ layer }, i) => { if (i >= CONCURRENT_UPLOADS) plain.push(`${shortId(layer.digest)}: Waiting`); });
  const final: Line[] = [];
  const text = (l: { layer: Layer; state: PushState | 'preparing'; mountedFrom?: string | undefined }): string =>
    `${shortId(l.layer.digest)}: ${l.state === 'pushed' ? 'Pushed' : l.state === 'exists' ? 'Layer already exists' : l.state === 'mounted' ? `Mounted from ${l.mountedFrom}` : 'Preparing'}`;
  if (top.every((l) => l.state !== 'preparing')) {
    // Layers the registry already has answer at once; uploads finish smallest first.
    const quick = top.filter((l) => l.state !== 'pushed');
    const uploads = top.filter((l) => l.state === 'pushed').sort((a, b) => a.layer.size - b.layer.size);
    plain.push(...[...quick, ...uploads].map(text));
  }
  for (const l of top) {
    final.push(l.state === 'pushed'
      ? { stream: 'out', text: text(l), transfer: { id: shortId(l.layer.digest), bytes: l.layer.size, direction: 'upload' } }
      : { stream: 'out', text: text(l) });
  }
  return { plain, final };
}
