import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeBinner, roundoffTime } from '../../src/core/timeBins.ts';

const utc = (s: string): number => Date.parse(s + 'Z') / 1000;

test("roundoff letters zero the next unit up, as pmacct's roundoff_time does", () => {
  const t = utc('2023-05-17T17:28:33'); // a Wednesday
  assert.equal(roundoffTime(t, '', true), utc('2023-05-17T17:28:00'));
  assert.equal(roundoffTime(t, 'm', true), utc('2023-05-17T17:00:00'));
  assert.equal(roundoffTime(t, 'h', true), utc('2023-05-17T00:00:00'));
  assert.equal(roundoffTime(t, 'd', true), utc('2023-05-01T00:00:00'));
  assert.equal(roundoffTime(t, 'w', true), utc('2023-05-15T00:00:00'));
  assert.equal(roundoffTime(t, 'M', true), utc('2023-01-01T00:00:00'));
});

test('5-minute bins with roundoff m: a flow at 17:28:33 lands in 17:25 (pmacct 1.7.7 printed stamp_inserted 17:25:00)', () => {
  // Oracle: nfacctd 1.7.7, print_history 5m, print_history_roundoff m, on
  // test/fixtures akvorado__data+templates.pcap, started at 00:11 UTC on another day.
  const binner = new TimeBinner({ seconds: 300, monthly: false, roundoff: 'm', offset: 0, utc: true }, utc('2026-11-22T00:11:05'));
  assert.equal(binner.binStart(utc('2023-05-14T17:28:33')), utc('2023-05-14T17:25:00'));
  assert.equal(binner.binStart(utc('2026-11-22T00:14:59')), utc('2026-11-22T00:10:00'));
});
