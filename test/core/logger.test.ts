/**
 * The logfile line format. pmacct 1.7.7 itself, run with `logfile:` and
 * TZ=Europe/Paris, wrote "2026-11-22T01:54:21+01:00 INFO ( default/core ):
 * …", and with timestamps_utc "2026-11-22T00:54:25Z INFO …": strftime
 * "%Y-%m-%dT%H:%M:%S" plus the RFC 3339 zone, a space, the message.
 * The instants below are converted with date(1): `date -u -d @1700000000`
 * is Tue Nov 14 22:13:20 UTC 2023.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, logfileTimestamp } from '../../src/core/logger.ts';

function withTimeZone(zone: string, body: () => void): void {
  const saved = process.env.TZ;
  process.env.TZ = zone;
  try {
    body();
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
}

test('logfile time stamps: local time with its offset, or UTC with Z', () => {
  const ms = 1_700_000_000_000;
  assert.equal(logfileTimestamp(ms, true), '2023-11-14T22:13:20Z');
  withTimeZone('Europe/Paris', () => assert.equal(logfileTimestamp(ms, false), '2023-11-14T23:13:20+01:00'));
  withTimeZone('America/St_Johns', () => assert.equal(logfileTimestamp(ms, false), '2023-11-14T18:43:20-03:30'));
  withTimeZone('UTC', () => assert.equal(logfileTimestamp(ms, false), '2023-11-14T22:13:20Z'));
});

test('a logfile gets each line after its time stamp; debug lines only with debug', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tsacct-logfile-'));
  try {
    const file = join(dir, 'nfacctd.log');
    const quiet = createLogger({ tag: 'default/core', debug: false, file, utc: true });
    quiet.info('Start');
    quiet.debug('hidden');
    const loud = createLogger({ tag: 'p/print', debug: true, file, utc: true });
    loud.debug('shown');
    loud.error('failed');
    const lines = readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '');
    const stamp = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ';
    assert.equal(lines.length, 3);
    assert.match(lines[0]!, new RegExp(`^${stamp} INFO \\( default/core \\): Start$`));
    assert.match(lines[1]!, new RegExp(`^${stamp} DEBUG \\( p/print \\): shown$`));
    assert.match(lines[2]!, new RegExp(`^${stamp} ERROR \\( p/print \\): failed$`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
