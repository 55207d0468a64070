/**
 * Cron schedules as the CronJob controller reads them: github.com/robfig/cron/v3 (v3.0.1, which
 * Kubernetes vendors), `ParseStandard` — five fields (minute hour day-of-month month
 * day-of-week), names (`jan`, `mon`), `*`, `?`, ranges, steps, lists, the descriptors `@yearly`
 * `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly` and `@every <duration>`, and a
 * `TZ=` / `CRON_TZ=` prefix. Its error texts are the API server's validation messages, so they
 * are robfig's, word for word (parser.go). Day-of-month and day-of-week combine as robfig's
 * `dayMatches` does: either field a `*` (or `?`) → both must match; otherwise either may.
 *
 * No npm library fits: the maintained ones (cron-parser, croner) differ from robfig in the
 * descriptors they accept (`@every`), in the day rule and in every error message.
 */

const STAR = 2 ** 63;

interface Bounds {
  readonly min: number;
  readonly max: number;
  readonly names?: Readonly<Record<string, number>>;
}

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: { jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, oct: 10, nov: 11, dec: 12 } };
const DOW: Bounds = { min: 0, max: 6, names: { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 } };

/** One field as a set of the values it matches, and whether it was written as `*` or `?`. */
interface Field {
  readonly values: ReadonlySet<number>;
  readonly star: boolean;
}

export type CronSchedule =
  | { readonly kind: 'spec'; readonly minute: Field; readonly hour: Field; readonly dom: Field; readonly month: Field; readonly dow: Field; readonly zone: string | undefined }
  | { readonly kind: 'every'; readonly delayMs: number };

class CronError extends Error {}

/** Go's strconv.Atoi, with its error text. */
function atoi(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: invalid syntax`);
  const n = Number(expr);
  if (!Number.isSafeInteger(n) || Math.abs(n) > 2 ** 63) throw new CronError(`failed to parse int from ${expr}: strconv.Atoi: parsing ${JSON.stringify(expr)}: value out of range`);
  if (n < 0) throw new CronError(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

function intOrName(expr: string, names: Bounds['names']): number {
  const named = names?.[expr.toLowerCase()];
  return named ?? atoi(expr);
}

/** getRange: `*`, `?`, `N`, `N-M`, each with an optional `/step`. */
function range(expr: string, r: Bounds, into: Set<number>): boolean {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = (rangeAndStep[0] as string).split('-');
  const single = lowAndHigh.length === 1;
  let start: number;
  let end: number;
  let star = false;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    start = r.min;
    end = r.max;
    star = true;
  } else {
    start = intOrName(lowAndHigh[0] as string, r.names);
    if (lowAndHigh.length === 1) end = start;
    else if (lowAndHigh.length === 2) end = intOrName(lowAndHigh[1] as string, r.names);
    else throw new CronError(`too many hyphens: ${expr}`);
  }
  let step = 1;
  if (rangeAndStep.length === 2) {
    step = atoi(rangeAndStep[1] as string);
    // "N/step" means "N-max/step".
    if (single) end = r.max;
    if (step > 1) star = false;
  } else if (rangeAndStep.length > 2) {
    throw new CronError(`too many slashes: ${expr}`);
  }
  if (start < r.min) throw new CronError(`beginning of range (${start}) below minimum (${r.min}): ${expr}`);
  if (end > r.max) throw new CronError(`end of range (${end}) above maximum (${r.max}): ${expr}`);
  if (start > end) throw new CronError(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
  if (step === 0) throw new CronError(`step of range should be a positive number: ${expr}`);
  for (let i = start; i <= end; i += step) into.add(i);
  return star;
}

function field(text: string, r: Bounds): Field {
  const values = new Set<number>();
  let star = false;
  for (const expr of text.split(',').filter((e) => e !== '')) star = range(expr, r, values) || star;
  return { values, star };
}

const all = (r: Bounds): Field => ({ values: new Set(Array.from({ length: r.max - r.min + 1 }, (_, i) => r.min + i)), star: true });
const only = (v: number): Field => ({ values: new Set([v]), star: false });

/** Go's time.ParseDuration, for `@every 1h30m` (the units cron needs: ns up to h). */
function parseGoDuration(text: string): number | string {
  const units: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, μs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let rest = text;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) { sign = rest.startsWith('-') ? -1 : 1; rest = rest.slice(1); }
  if (rest === '0') return 0;
  if (rest === '') return `time: invalid duration ${JSON.stringify(text)}`;
  let total = 0;
  while (rest !== '') {
    const m = /^(\d*\.?\d*)([a-zµμ]*)/.exec(rest) as RegExpExecArray;
    const [whole, num, unit] = m as unknown as [string, string, string];
    if (num === '' || num === '.') return `time: invalid duration ${JSON.stringify(text)}`;
    if (unit === '') return `time: missing unit in duration ${JSON.stringify(text)}`;
    const factor = units[unit];
    if (factor === undefined) return `time: unknown unit ${JSON.stringify(unit)} in duration ${JSON.stringify(text)}`;
    total += Number(num) * factor;
    rest = rest.slice(whole.length);
  }
  return sign * total;
}

/** Whether Go's time.LoadLocation would find this zone (the tz database, case as written). */
export function knownTimeZone(zone: string): boolean {
  if (zone === '' || zone === 'UTC') return true;
  try {
    const resolved = new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
    // Go reads /usr/share/zoneinfo: `america/new_york` is no file there, though ICU forgives the case.
    return resolved === zone || resolved.toLowerCase() !== zone.toLowerCase();
  } catch {
    return false;
  }
}

/** robfig's ParseStandard: the schedule, or the error text it would give. */
export function parseCron(spec: string): CronSchedule | string {
  try {
    if (spec.length === 0) throw new CronError('empty spec string');
    let zone: string | undefined;
    let text = spec;
    if (text.startsWith('TZ=') || text.startsWith('CRON_TZ=')) {
      const i = text.indexOf(' ');
      const eq = text.indexOf('=');
      // Go slices spec[eq+1:i]; with no space, i is -1 and the slice panics. The API server
      // recovers nothing here either, so treat it as the location it could not load.
      const name = i < 0 ? text.slice(eq + 1) : text.slice(eq + 1, i);
      if (!knownTimeZone(name)) throw new CronError(`provided bad location ${name}: unknown time zone ${name}`);
      zone = name === '' ? undefined : name;
      text = i < 0 ? '' : text.slice(i).trim();
    }
    if (text.startsWith('@')) return descriptor(text, zone);
    const fields = text.split(/[ \t\n\r\v\f]+/).filter((f) => f !== '');
    if (fields.length !== 5) throw new CronError(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
    const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
    return { kind: 'spec', minute: field(minute, MINUTES), hour: field(hour, HOURS), dom: field(dom, DOM), month: field(month, MONTHS), dow: field(dow, DOW), zone };
  } catch (e) {
    if (e instanceof CronError) return e.message;
    throw e;
  }
}

function descriptor(text: string, zone: string | undefined): CronSchedule {
  const spec = (minute: Field, hour: Field, dom: Field, month: Field, dow: Field): CronSchedule => ({ kind: 'spec', minute, hour, dom, month, dow, zone });
  switch (text) {
    case '@yearly': case '@annually': return spec(only(0), only(0), only(1), only(1), all(DOW));
    case '@monthly': return spec(only(0), only(0), only(1), all(MONTHS), all(DOW));
    case '@weekly': return spec(only(0), only(0), all(DOM), all(MONTHS), only(0));
    case '@daily': case '@midnight': return spec(only(0), only(0), all(DOM), all(MONTHS), all(DOW));
    case '@hourly': return spec(only(0), all(HOURS), all(DOM), all(MONTHS), all(DOW));
    default: break;
  }
  if (text.startsWith('@every ')) {
    const d = parseGoDuration(text.slice('@every '.length));
    if (typeof d === 'string') throw new CronError(`failed to parse duration ${text}: ${d}`);
    // Every: under a second rounds up to one; fractions of a second are dropped.
    const ms = d < 1000 ? 1000 : d - (d % 1000);
    return { kind: 'every', delayMs: ms };
  }
  throw new CronError(`unrecognized descriptor: ${text}`);
}

/** A wall-clock time in a zone (month 1–12, day-of-week 0 = Sunday). */
interface Wall { year: number; month: number; day: number; hour: number; minute: number; second: number; dow: number }

const formatters = new Map<string, Intl.DateTimeFormat>();

function wallOf(ms: number, zone: string | undefined): Wall {
  if (!zone || zone === 'UTC') {
    const d = new Date(ms);
    return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), second: d.getUTCSeconds(), dow: d.getUTCDay() };
  }
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', weekday: 'short' });
    formatters.set(zone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const dows: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
  return { year: Number(parts.year), month: Number(parts.month), day: Number(parts.day), hour: Number(parts.hour), minute: Number(parts.minute), second: Number(parts.second), dow: dows[parts.weekday as string] ?? 0 };
}

/** The instant a wall-clock time in a zone names (Go's time.Date: a time in a DST gap moves forward). */
function instantOf(w: Omit<Wall, 'dow'>, zone: string | undefined): number {
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  if (!zone || zone === 'UTC') return asUtc;
  const offset = (ms: number): number => {
    const x = wallOf(ms, zone);
    return Date.UTC(x.year, x.month - 1, x.day, x.hour, x.minute, x.second) - Math.floor(ms / 1000) * 1000;
  };
  let guess = asUtc - offset(asUtc);
  guess = asUtc - offset(guess);
  return guess;
}

function dayMatches(s: Extract<CronSchedule, { kind: 'spec' }>, w: Wall): boolean {
  const domMatch = s.dom.values.has(w.day);
  const dowMatch = s.dow.values.has(w.dow);
  return s.dom.star || s.dow.star ? domMatch && dowMatch : domMatch || dowMatch;
}

/**
 * The next activation strictly after `ms` (robfig's Next: from the upcoming whole second), or
 * undefined when none comes within five years (`0 0 30 2 *`).
 */
export function nextRun(s: CronSchedule, ms: number): number | undefined {
  if (s.kind === 'every') return ms - (ms % 1000) + s.delayMs;
  const start = Math.floor(ms / 1000) * 1000 + 1000;
  const w = wallOf(start, s.zone);
  const yearLimit = w.year + 5;
  const t = { year: w.year, month: w.month, day: w.day, hour: w.hour, minute: w.minute, second: w.second };
  const daysIn = (): number => new Date(Date.UTC(t.year, t.month, 0)).getUTCDate();
  // Add one of a unit, carrying into the larger ones, and zero the smaller ones.
  const bump = (unit: 'month' | 'day' | 'hour' | 'minute'): void => {
    t.second = 0;
    if (unit !== 'minute') t.minute = 0;
    if (unit === 'day' || unit === 'month') t.hour = 0;
    if (unit === 'month') t.day = 1;
    t[unit]++;
    if (t.minute > 59) { t.minute = 0; t.hour++; }
    if (t.hour > 23) { t.hour = 0; t.day++; }
    if (t.day > daysIn()) { t.day = 1; t.month++; }
    if (t.month > 12) { t.month = 1; t.year++; }
  };
  // Walk the wall clock field by field, as robfig's Next does: month, day, hour, minute (seconds are 0).
  for (let guard = 0; guard < 200_000; guard++) {
    if (t.year > yearLimit) return undefined;
    if (!s.month.values.has(t.month)) { bump('month'); continue; }
    if (!dayMatches(s, { ...t, dow: new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay() })) { bump('day'); continue; }
    if (!s.hour.values.has(t.hour)) { bump('hour'); continue; }
    if (!s.minute.values.has(t.minute) || t.second !== 0) { bump('minute'); continue; }
    const at = instantOf(t, s.zone);
    // A wall time a DST change repeats or skips may fall before the start: look further.
    if (at >= start) return at;
    bump('minute');
  }
  return undefined;
}
