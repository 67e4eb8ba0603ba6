/**
 * The stored capture of the dynamic-table golden cases is what
 * synthetic20m.ts generates (regenerate it with
 * `node test/golden/sql/synthetic20m.ts`, then the pmacct references with
 * `node test/golden/sql/regenerate.ts dynamic-tables-20m …`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SYNTHETIC_20M_CAPTURE, synthetic20mCapture } from './synthetic20m.ts';

test('test/golden/synthetic-20m/capture.pcap is what synthetic20m.ts generates', () => {
  assert.ok(readFileSync(SYNTHETIC_20M_CAPTURE).equals(synthetic20mCapture()));
});
