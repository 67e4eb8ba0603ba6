/**
 * pmacct's name variables (sql_table, print_output_file): time fields,
 * per-entry values and the configuration's $ref, $hst, $tzone. The golden
 * cases dynamic-tables-20m* (test/golden/sql) check them against pmacct
 * 1.7.7 across a year boundary.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { hasEntryVariables, strftime, substituteConfigVariables, substituteVariables } from '../../src/output/dynamicFileName.ts';

const SUNDAY_2023_12_31_2350 = Date.UTC(2023, 11, 31, 23, 50) / 1000;
const MONDAY_2024_01_01_0005 = Date.UTC(2024, 0, 1, 0, 5) / 1000;

describe('strftime', () => {
  it('formats the fields pmacct accepts in sql_table', () => {
    assert.equal(strftime('%Y%m%d_%H%M%S %s %w %W %z', SUNDAY_2023_12_31_2350, true), '20231231_235000 1704066600 0 52 +0000');
    assert.equal(strftime('%Y%m%d_%H%M%S %s %w %W %z', MONDAY_2024_01_01_0005, true), '20240101_000500 1704067500 1 01 +0000');
  });

  it('counts %W weeks from the first Monday of the year, days before it in week 00', () => {
    // 2023 starts on a Sunday: Jan 1 is in week 00, Monday Jan 2 starts week 01.
    assert.equal(strftime('%W', Date.UTC(2023, 0, 1, 12) / 1000, true), '00');
    assert.equal(strftime('%W', Date.UTC(2023, 0, 2, 0) / 1000, true), '01');
    assert.equal(strftime('%W', Date.UTC(2023, 0, 8, 23, 59) / 1000, true), '01');
    assert.equal(strftime('%W', Date.UTC(2023, 0, 9) / 1000, true), '02');
    // 2024 starts on a Monday: Jan 1 is week 01; Dec 30 (Monday) is week 53.
    assert.equal(strftime('%W', Date.UTC(2024, 11, 30) / 1000, true), '53');
  });
});

describe('substituteConfigVariables', () => {
  it('puts the refresh time, the history in seconds and the time zone', () => {
    const name = 't_$peer_src_ip_%s_$ref_$hst_$tzone';
    assert.equal(substituteConfigVariables(name, { refreshSeconds: 3600, historySeconds: 300, utc: true }), 't_$peer_src_ip_%s_3600_300_Z');
  });

  it('leaves names without variables alone', () => {
    assert.equal(substituteConfigVariables('acct_%Y%m%d', { refreshSeconds: 60, historySeconds: 0, utc: false }), 'acct_%Y%m%d');
  });
});

describe('substituteVariables', () => {
  it('writes addresses with underscores, then the time fields apply', () => {
    const name = 't_$peer_src_ip_$tag_$tag2_%H%M';
    assert.ok(hasEntryVariables(name));
    assert.equal(strftime(substituteVariables(name, { peerSrcIp: '192.0.2.1', tag: 7, tag2: 0 }), SUNDAY_2023_12_31_2350, true), 't_192_0_2_1_7_0_2350');
    assert.equal(substituteVariables('$peer_src_ip', { peerSrcIp: '2001:db8::1', tag: 0, tag2: 0 }), '2001_db8__1');
  });
});
