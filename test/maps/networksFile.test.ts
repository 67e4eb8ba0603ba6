import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseNetworksFile } from '../../src/maps/networksFile.ts';

test('networks_file: every layout, comments, problems with file:line', () => {
  const t = parseNetworksFile(
    ['! c', '  # c', '', '192.168.95.0/24', '65500,192.168.1.0/24', '64512_65501,192.168.2.0/25',
     '10.0.0.1,65502,192.168.4.0/23', 'lbl,10.0.0.2,65503,2001:db8::/32', '10.1.0.0/33', 'foo', '10.2.0.0/1x',
     '192.168.4.77/16'].join('\n'),
    'nets.lst',
  );
  assert.deepEqual(t.entries.map((e) => [e.network, e.mask, e.as, e.peerAs, e.nextHop, e.line]), [
    ['192.168.95.0', 24, 0, 0, null, 4],
    ['192.168.1.0', 24, 65500, 0, null, 5],
    ['192.168.2.0', 25, 65501, 64512, null, 6],
    ['192.168.4.0', 23, 65502, 0, '10.0.0.1', 7],
    ['2001:db8::', 32, 65503, 0, '10.0.0.2', 8],
    ['192.168.4.77', 16, 0, 0, null, 12],
  ]);
  assert.deepEqual(t.problems.map((p) => p.message), [
    "[nets.lst:9] Invalid network mask '33'.",
    "[nets.lst:10] Missing '/' separator. Ignoring.",
    "[nets.lst:11] Invalid network mask '1x'.",
  ]);
  assert.equal(t.v4.lookup(0xc0a80405), 3); // 192.168.4.5 in /23
  assert.equal(t.v4.lookup(0xc0a80901), 5); // 192.168.9.1 only in 192.168.0.0/16
  const v6 = new Uint8Array(16);
  v6.set([0x20, 0x01, 0x0d, 0xb8, 0, 1]);
  assert.equal(t.v6.lookup(v6), 4);
});
