/**
 * The flush the SQL writer tests write: a dst_port aggregate, one entry per
 * port of 1 packet, 100 bytes and 1 flow, flushed at 2023-11-14 22:13:20 UTC.
 */
import type { FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import { StringTable } from '../../../src/model/stringTable.ts';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { buildColumnPlan } from '../../../src/plugins/sql/sqlColumnPlan.ts';

export const dstPortLayout = buildAggregateLayout(['dst_port'], 'nfacctd');
export const dstPortPlan = buildColumnPlan(dstPortLayout, { version: 1, optimized: true }, { numProtos: false });

export function dstPortBatch(ports: readonly number[]): FlushBatch {
  const cache = new AggregationCache(dstPortLayout.keyWords);
  for (const port of ports) {
    cache.key[0] = port;
    cache.add(1, 100, 1, false);
  }
  return { cache, layout: dstPortLayout, binWord: -1, flushTime: 1_700_000_000, reason: 'refresh', strings: new StringTable() };
}
