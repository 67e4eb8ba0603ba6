/**
 * stamp_inserted / stamp_updated text in each timestamps_* style, with the
 * values pmacct 1.7.7's kafka plugin wrote for the bin 2016-12-06 10:05 UTC
 * of nfv9-asr9k (test/golden/kafka/timestamps-*.pmacct.txt).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { stampText } from '../../src/model/timestampText.ts';

const BIN = 1481018700;

test('stamps: plain, RFC 3339 in UTC, and seconds since the epoch (which wins over RFC 3339)', () => {
  assert.equal(stampText(BIN, { utc: true, rfc3339: false, sinceEpoch: false }), '2016-12-06 10:05:00');
  assert.equal(stampText(BIN, { utc: true, rfc3339: true, sinceEpoch: false }), '2016-12-06T10:05:00Z');
  assert.equal(stampText(BIN, { utc: true, rfc3339: false, sinceEpoch: true }), '1481018700');
  assert.equal(stampText(BIN, { utc: false, rfc3339: true, sinceEpoch: true }), '1481018700');
});
