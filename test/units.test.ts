import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goDuration, humanDuration, humanSize } from '../src/sim/units.ts';

test('humanSize: decimal units, three significant digits, as `docker images` shows', () => {
  assert.equal(humanSize(192_000_000), '192MB');
  assert.equal(humanSize(7_800_000), '7.8MB');
  assert.equal(humanSize(4_270_000), '4.27MB');
  assert.equal(humanSize(1_240_000_000), '1.24GB');
  assert.equal(humanSize(149), '149B');
  assert.equal(humanSize(1230), '1.23kB');
  assert.equal(humanSize(43_560_000, 4), '43.56MB');
});

test('humanDuration follows go-units', () => {
  assert.equal(humanDuration(500), 'Less than a second');
  assert.equal(humanDuration(1000), '1 second');
  assert.equal(humanDuration(59_000), '59 seconds');
  assert.equal(humanDuration(60_000), 'About a minute');
  assert.equal(humanDuration(5 * 60_000), '5 minutes');
  assert.equal(humanDuration(60 * 60_000), 'About an hour');
  assert.equal(humanDuration(47 * 3_600_000), '47 hours');
  assert.equal(humanDuration(3 * 86_400_000), '3 days');
  assert.equal(humanDuration(15 * 86_400_000), '2 weeks');
  assert.equal(humanDuration(90 * 86_400_000), '3 months');
  assert.equal(humanDuration(800 * 86_400_000), '2 years');
});

test('goDuration prints Go time.Duration strings truncated to milliseconds', () => {
  assert.equal(goDuration(812), '812ms');
  assert.equal(goDuration(5432), '5.432s');
  assert.equal(goDuration(62_345), '1m2.345s');
  assert.equal(goDuration(10_000), '10s');
  assert.equal(goDuration(60_000), '1m0s');
  assert.equal(goDuration(61_200_000), '17h0m0s', 'hours, as Go prints them');
});
