/**
 * Flow/BGP correlation settings tsacct cannot honour stop startup with the
 * line that asked for them, before any socket is opened.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nfacctdRefusal as refusal } from './nfacctdRefusal.ts';

test('nfacctd_as: bgp needs the BGP thread', async () => {
  const { code, stderr } = await refusal('nfacctd_as: bgp\nplugins: print\naggregate: dst_as\n');
  assert.equal(code, 1);
  assert.match(stderr, /^DIR\/n\.conf:1: nfacctd_as: 'bgp' is not implemented in tsacct yet \(implemented: netflow, longest, fallback, file, mask\)$/m);
});

test('map-sourced peer_src_as and src_med need their maps (nfacctd 1.7.7: "set to \'map\' but no map defined")', async () => {
  const { code, stderr } = await refusal('bgp_daemon: true\nbgp_daemon_port: 1\nbgp_peer_src_as_type: map\nbgp_src_med_type: map\nplugins: print\naggregate: peer_src_as, src_med\n');
  assert.equal(code, 1);
  assert.match(stderr, /^DIR\/n\.conf:3: bgp_peer_src_as_type: 'map' needs bgp_peer_src_as_map$/m);
  assert.match(stderr, /^DIR\/n\.conf:4: bgp_src_med_type: 'map' needs bgp_src_med_map$/m);
});

test('a plugin-level nfacctd_net other than the global one is refused with bgp_daemon', async () => {
  const { code, stderr } = await refusal('bgp_daemon: true\nbgp_daemon_port: 1\nplugins: print[a]\naggregate[a]: dst_net\nnfacctd_net[a]: bgp\n');
  assert.equal(code, 1);
  assert.match(stderr, /^DIR\/n\.conf:5: plugin 'a': a per-plugin nfacctd_net different from the global one is not implemented in tsacct with bgp_daemon \(set it globally\)$/m);
});

test('a bad bgp_follow_nexthop prefix is refused by name', async () => {
  const bad = await refusal('bgp_daemon: true\nbgp_daemon_port: 1\nbgp_follow_nexthop: 192.0.2.0/24, nonsense\nplugins: print\naggregate: dst_as\n');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /^DIR\/n\.conf:3: bgp_follow_nexthop: Bad bgp_follow_nexthop prefix 'nonsense'\.$/m);
});
