/**
 * The human-readable sizes and durations of the real tools (docker/go-units and BuildKit).
 */

const DECIMAL_UNITS = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];

/** go-units HumanSizeWithPrecision(size, 3): decimal units, 3 significant digits (`192MB`, `7.8MB`). */
export function humanSize(bytes: number, precision = 3): string {
  let size = bytes;
  let i = 0;
  while (size >= 1000 && i < DECIMAL_UNITS.length - 1) {
    size /= 1000;
    i++;
  }
  return `${formatG(size, precision)}${DECIMAL_UNITS[i]}`;
}

/** Go's %.Ng for the magnitudes we meet (no exponent form below 1e3). */
function formatG(value: number, precision: number): string {
  if (value === 0) return '0';
  const s = value.toPrecision(precision);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
}

/** go-units HumanDuration, as in `docker images` CREATED and `docker ps` STATUS. */
export function humanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.floor(ms / 3600000 + 0.5);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(ms / 3600000 / 24 / 365)} years`;
}

/**
 * Go's time.ParseDuration, as kubectl reads `--timeout`: `30s`, `1m30s`, `1.5h`, `500ms`, `0`.
 * Milliseconds, or Go's error (`time: missing unit in duration "30"`).
 */
export function parseGoDuration(text: string): { ms: number } | { error: string } {
  const quoted = `"${text}"`;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const body = text.replace(/^[-+]/, '');
  if (body === '0') return { ms: 0 };
  if (body === '') return { error: `time: invalid duration ${quoted}` };
  let total = 0;
  for (let rest = body; rest !== '';) {
    const num = /^(\d+\.?\d*|\.\d+)/.exec(rest);
    if (!num) return { error: `time: invalid duration ${quoted}` };
    rest = rest.slice(num[0].length);
    const u = /^[^\d.]*/.exec(rest)?.[0] ?? '';
    if (u === '') return { error: `time: missing unit in duration ${quoted}` };
    if (unit[u] === undefined) return { error: `time: unknown unit "${u}" in duration ${quoted}` };
    total += Number(num[1]) * unit[u];
    rest = rest.slice(u.length);
  }
  return { ms: text.startsWith('-') ? -total : total };
}

/** BuildKit's step timer: seconds with one decimal (`DONE 0.3s`). */
export function buildkitSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** Go's time.Duration String(), truncated to milliseconds (`812ms`, `5.432s`, `1m2.345s`). */
export function goDuration(ms: number): string {
  const total = Math.round(ms);
  if (total < 1000) return `${total}ms`;
  const minutes = Math.floor(total / 60000);
  const rest = (total % 60000) / 1000;
  const secs = rest.toFixed(3).replace(/\.?0+$/, '');
  return minutes > 0 ? `${minutes}m${secs}s` : `${secs}s`;
}

/** `Sat, 21 Nov 2026 09:00:05 +0000` (Go's RFC1123Z). */
export function rfc1123z(iso: string | undefined): string {
  if (!iso) return '<unknown>';
  const d = new Date(iso);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${days[d.getUTCDay()]}, ${p(d.getUTCDate())} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}
