import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfigText } from '../../src/config/index.ts';
import { memoryLogger } from '../../src/core/logger.ts';
import { Pipeline } from '../../src/core/pipeline.ts';
import { NetflowDecoder } from '../../src/decode/netflow/netflowDecoder.ts';
import { warmUpNetflow } from '../../src/daemons/jitWarmup.ts';
import { createPlugin, newPluginServices } from '../../src/plugins/index.ts';

// The warm-up must really exercise the path: every synthetic record decodes
// (30 per datagram, v9 and IPFIX) and reaches the throwaway plugin.
test('warm-up datagrams decode completely into the throwaway plugins', () => {
  const config = loadConfigText('nfacctd', 'plugins: print[w]\naggregate[w]: src_host, dst_host, src_port, dst_port, proto\n', 'test');
  const consumers = config.plugins.map((p) => createPlugin(p, 'nfacctd', memoryLogger(), newPluginServices()));
  const pipeline = new Pipeline([], consumers);
  const decoder = new NetflowDecoder({ timeSecs: false, timeNew: false, disableChecks: true });
  warmUpNetflow(decoder, pipeline, 10);
  assert.equal(pipeline.recordsIn, 2 * 10 * 30);
  assert.equal(consumers[0]!.statistics().recordsIn, 600);
  const stats = decoder.statisticsLines().join('\n');
  assert.match(stats, /malformed 0/);
  assert.match(stats, /template misses 0/);
});
