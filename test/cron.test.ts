import assert from 'node:assert/strict';
import { test } from 'node:test';
import { nextRun, parseCron, type CronSchedule } from '../src/sim/cluster/cron.ts';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().replace('.000Z', 'Z'));

function schedule(spec: string): CronSchedule {
  const s = parseCron(spec);
  assert.notEqual(typeof s, 'string', `${spec}: ${String(s)}`);
  return s as CronSchedule;
}

/** The next n activations after `from`. */
function runs(spec: string, from: string, n: number): Array<string | undefined> {
  const s = schedule(spec);
  const out: Array<string | undefined> = [];
  let t: number | undefined = at(from);
  for (let i = 0; i < n && t !== undefined; i++) { t = nextRun(s, t); out.push(iso(t)); }
  return out;
}

test('five fields: minutes, steps, ranges, lists and names, from the next whole second', () => {
  // 2026-11-21 is a Saturday.
  assert.deepEqual(runs('*/1 * * * *', '2026-11-21T09:00:05Z', 2), ['2026-11-21T09:01:00Z', '2026-11-21T09:02:00Z']);
  assert.deepEqual(runs('*/5 * * * *', '2026-11-21T09:00:00Z', 2), ['2026-11-21T09:05:00Z', '2026-11-21T09:10:00Z']);
  assert.deepEqual(runs('30 6-16/4 * * 1-5', '2026-11-21T09:00:00Z', 3), ['2026-11-23T06:30:00Z', '2026-11-23T10:30:00Z', '2026-11-23T14:30:00Z']);
  assert.deepEqual(runs('0 0 * * MON', '2026-11-21T09:00:00Z', 2), ['2026-11-23T00:00:00Z', '2026-11-30T00:00:00Z']);
  assert.deepEqual(runs('0 12 1 jan,jul ?', '2026-11-21T09:00:00Z', 2), ['2027-01-01T12:00:00Z', '2027-07-01T12:00:00Z']);
  // `5/20` means 5-59/20.
  assert.deepEqual(runs('5/20 10 * * *', '2026-11-21T09:00:00Z', 3), ['2026-11-21T10:05:00Z', '2026-11-21T10:25:00Z', '2026-11-21T10:45:00Z']);
});

test("day of month and day of week: either when both are restricted, both when one is a star (robfig's dayMatches)", () => {
  // Wednesdays, or the 1st and 15th.
  assert.deepEqual(runs('0 0 1,15 * 3', '2026-11-21T09:00:00Z', 3), ['2026-11-25T00:00:00Z', '2026-12-01T00:00:00Z', '2026-12-02T00:00:00Z']);
  // */1 in the day of week is no star: either rule again.
  assert.deepEqual(runs('0 0 13 * */2', '2026-11-21T09:00:00Z', 1), ['2026-11-22T00:00:00Z']);
  // Friday or the 13th: the next Friday comes first.
  assert.deepEqual(runs('0 0 13 * FRI', '2026-11-21T09:00:00Z', 2), ['2026-11-27T00:00:00Z', '2026-12-04T00:00:00Z']);
  // A star in one field: the other decides alone (any day that is the 13th; any Friday in August).
  assert.deepEqual(runs('0 0 13 * *', '2026-11-21T09:00:00Z', 1), ['2026-12-13T00:00:00Z']);
  assert.deepEqual(runs('0 0 * 8 5', '2026-11-21T09:00:00Z', 1), ['2027-08-06T00:00:00Z']);
});

test('descriptors, @every, and a schedule that never comes', () => {
  assert.deepEqual(runs('@hourly', '2026-11-21T09:00:00Z', 2), ['2026-11-21T10:00:00Z', '2026-11-21T11:00:00Z']);
  assert.deepEqual(runs('@daily', '2026-11-21T09:00:00Z', 1), ['2026-11-22T00:00:00Z']);
  assert.deepEqual(runs('@midnight', '2026-11-21T09:00:00Z', 1), ['2026-11-22T00:00:00Z']);
  assert.deepEqual(runs('@weekly', '2026-11-21T09:00:00Z', 1), ['2026-11-22T00:00:00Z']);
  assert.deepEqual(runs('@monthly', '2026-11-21T09:00:00Z', 1), ['2026-12-01T00:00:00Z']);
  assert.deepEqual(runs('@yearly', '2026-11-21T09:00:00Z', 1), ['2027-01-01T00:00:00Z']);
  assert.deepEqual(runs('@annually', '2026-11-21T09:00:00Z', 1), ['2027-01-01T00:00:00Z']);
  assert.deepEqual(runs('@every 1h30m', '2026-11-21T09:00:00.500Z', 2), ['2026-11-21T10:30:00Z', '2026-11-21T12:00:00Z']);
  // February 30th: robfig gives up after five years.
  assert.deepEqual(runs('0 0 30 2 *', '2026-11-21T09:00:00Z', 1), [undefined]);
});

test('time zones: a TZ= prefix (what the controller builds from spec.timeZone) reads the fields in that zone', () => {
  // 09:00 in New York is 14:00 UTC in winter, 13:00 in summer.
  assert.deepEqual(runs('TZ=America/New_York 0 9 * * *', '2026-11-21T09:00:00Z', 1), ['2026-11-21T14:00:00Z']);
  assert.deepEqual(runs('CRON_TZ=America/New_York 0 9 * * *', '2027-06-01T00:00:00Z', 1), ['2027-06-01T13:00:00Z']);
  assert.deepEqual(runs('TZ=Asia/Kolkata 30 0 * * *', '2026-11-21T00:00:00Z', 1), ['2026-11-21T19:00:00Z']);
});

test("errors are robfig's own words, as the API server reports them", () => {
  const cases: Array<[string, string]> = [
    ['', 'empty spec string'],
    ['* * *', 'expected exactly 5 fields, found 3: [* * *]'],
    ['every day', 'expected exactly 5 fields, found 2: [every day]'],
    ['* * * * * *', 'expected exactly 5 fields, found 6: [* * * * * *]'],
    ['x * * * *', 'failed to parse int from x: strconv.Atoi: parsing "x": invalid syntax'],
    ['61 * * * *', 'end of range (61) above maximum (59): 61'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['1/0 * * * *', 'step of range should be a positive number: 1/0'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/2/3 * * * *', 'too many slashes: */2/3'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every soon', 'failed to parse duration @every soon: time: invalid duration "soon"'],
    ['TZ=Mars/Olympus 0 9 * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ];
  for (const [spec, message] of cases) assert.equal(parseCron(spec), message, spec);
});
