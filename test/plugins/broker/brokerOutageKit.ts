/**
 * What the broker plugins' outage tests (amqp, kafka) share: a plugin of
 * one aggregate per destination port (so every entry is recognisable in
 * what the broker received), feeding it a range of ports, waiting for a
 * condition, and counting the entries that arrived twice.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AggregatingConsumer, type AggregateWriter } from '../../../src/core/aggregatingConsumer.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { buildAggregateLayout } from '../../../src/model/aggregateLayout.ts';
import { FlowRecord } from '../../../src/model/flowRecord.ts';
import type { TimestampStyle } from '../../../src/model/timestampText.ts';

/** The outage tests' aggregate: dst_port only. */
export const PORT_LAYOUT = buildAggregateLayout(['dst_port'], 'nfacctd');
export const UTC_TIMESTAMPS: TimestampStyle = { utc: true, rfc3339: false, sinceEpoch: false };

/** The aggregating consumer of plugin x over `writer`: flushed only when the test says, nothing spooled to disk. */
export function portPlugin(type: string, writer: AggregateWriter, logger: Logger): AggregatingConsumer {
  return new AggregatingConsumer({ name: 'x', type, layout: PORT_LAYOUT, refreshSeconds: 0, cacheEntries: 0, binner: null, logger, spoolDir: null }, writer);
}

/** One flow of one packet per destination port in [from, to). */
export function acceptPorts(consumer: AggregatingConsumer, from: number, to: number): void {
  const rec = new FlowRecord();
  for (let port = from; port < to; port++) {
    rec.dstPort = port;
    rec.packets = 1;
    rec.bytes = 100;
    rec.flows = 1;
    consumer.accept(rec);
  }
}

/** How many entries of `list` repeat an earlier one. */
export function duplicates(list: readonly number[]): number {
  return list.length - new Set(list).size;
}

/** Waits until `condition` holds (or `timeoutMs`). */
export async function until(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(100);
}
