import { test } from 'node:test';
import assert from 'node:assert/strict';
import { nfacctdRefusal as refusal } from './nfacctdRefusal.ts';

// pmacct 1.7.7 refuses unknown primitives and sum_* with others at startup; tsacct says where.
test('an unknown, not yet implemented or (in nfacctd) unsourced primitive stops startup at its file:line', async () => {
  const { code, stderr } = await refusal('plugins: print[a]\naggregate[a]: src_hots, src_roa, tunnel_src_host\n');
  assert.equal(code, 1);
  assert.match(stderr, /^DIR\/n\.conf:2: unknown primitive 'src_hots' in 'aggregate'/m);
  assert.match(stderr, /^DIR\/n\.conf:2: primitive 'src_roa' is a pmacct primitive that tsacct does not implement yet$/m);
  assert.match(stderr, /^DIR\/n\.conf:2: primitive 'tunnel_src_host' has no data source in nfacctd yet \(tsacct fills it in sfacctd only\)$/m);
});

test('sum_host with another primitive stops startup at its file:line', async () => {
  const { code, stderr } = await refusal('plugins: print[a]\naggregate[a]: sum_host, src_port\n');
  assert.equal(code, 1);
  assert.match(stderr, /^DIR\/n\.conf:2: 'sum_host' is mutually exclusive with any other primitive in 'aggregate' \(plugin 'a'\)$/m);
});
