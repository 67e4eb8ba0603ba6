/**
 * The stages the broker plugins put around a purge: *_preprocess as
 * pmacct 1.7.7's amqp/kafka plugins read it, *_trigger_exec's launch (after
 * every written purge, the one at shutdown included) and *_startup_delay.
 * What pmacct does was checked with nfacctd (see purgePreprocess.ts and
 * purgeTrigger.ts); the goldens (test/golden/{amqp,kafka}) check the
 * written messages.
 */
import { strict as assert } from 'node:assert';
import { describe, it, mock } from 'node:test';
import { AggregationCache } from '../../../src/core/aggregationCache.ts';
import type { FlushBatch } from '../../../src/core/aggregatingConsumer.ts';
import type { FlowConsumer, PluginStatistics } from '../../../src/core/flowConsumer.ts';
import type { Logger } from '../../../src/core/logger.ts';
import { parseBrokerPreprocess, preprocessSelect } from '../../../src/plugins/purgePreprocess.ts';
import { PurgeTriggerWriter } from '../../../src/plugins/purgeTrigger.ts';
import { withStartupDelay } from '../../../src/plugins/startupDelay.ts';

function recordingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const logger = { info: (m: string) => lines.push(`INFO ${m}`), warn: (m: string) => lines.push(`WARN ${m}`), error: (m: string) => lines.push(`ERROR ${m}`), debug: () => {} } as unknown as Logger;
  return { logger, lines };
}

function cacheOf(rows: Array<[number, number, number]>): AggregationCache {
  const cache = new AggregationCache(1);
  rows.forEach(([p, b, f], i) => {
    cache.key[0] = i + 1;
    cache.add(p, b, f, false);
  });
  return cache;
}

function batchOf(reason: 'refresh' | 'shutdown'): FlushBatch {
  return { cache: cacheOf([[1, 10, 1]]), binWord: -1, flushTime: 0, reason, sequence: 1 } as unknown as FlushBatch;
}

describe('broker *_preprocess', () => {
  it('keeps the all-plugin checks and ignores the others with pmacct\'s warning', () => {
    const { logger, lines } = recordingLogger();
    const prep = parseBrokerPreprocess('qnum=1, minp=2, maxb=10, usrf=3, minbpp=100', 'all', 'kafka_preprocess', 'x/kafka', logger);
    assert.ok(prep !== null);
    assert.deepEqual(prep.checks.map((c) => c.name), ['minp', 'minbpp']);
    assert.deepEqual(lines, [
      'WARN x/kafka: preprocess: unknown keyword qnum. Ignored.',
      'WARN x/kafka: preprocess: unknown keyword maxb. Ignored.',
      'WARN x/kafka: preprocess: unknown keyword usrf. Ignored.',
    ]);
    // 'all': 2 packets and 100 bytes per packet both needed.
    assert.deepEqual(preprocessSelect(prep, cacheOf([[2, 150, 1], [2, 250, 1], [1, 500, 1]])), [1]);
  });
  it('is dropped, with pmacct\'s error line, when no check is left', () => {
    const { logger, lines } = recordingLogger();
    assert.equal(parseBrokerPreprocess('maxp=1', undefined, 'amqp_preprocess', 'x/amqp', logger), null);
    assert.deepEqual(lines, ['WARN x/amqp: preprocess: unknown keyword maxp. Ignored.', 'ERROR x/amqp: preprocess: does not contain any checks. Ignored.']);
  });
  it('refuses a value that is not a number, naming the key', () => {
    const { logger } = recordingLogger();
    assert.throws(() => parseBrokerPreprocess('minb=1k', 'any', 'amqp_preprocess', 'x/amqp', logger), /amqp_preprocess 'minb' needs a non-negative integer value/);
  });
});

describe('broker *_trigger_exec', () => {
  it('launches after every written purge, the one at shutdown included', async () => {
    const { logger } = recordingLogger();
    const launched: string[] = [];
    const written: string[] = [];
    const w = new PurgeTriggerWriter({ write: async (b) => { written.push(b.reason); } }, { tag: 'x/amqp', key: 'amqp_trigger_exec', command: '/bin/true', launch: (c) => launched.push(c) }, logger);
    await w.write(batchOf('refresh'));
    await w.write(batchOf('shutdown'));
    assert.deepEqual(written, ['refresh', 'shutdown']);
    assert.deepEqual(launched, ['/bin/true', '/bin/true']);
  });
  it('launches nothing for a purge the broker refused (its retry does)', async () => {
    const { logger } = recordingLogger();
    const launched: string[] = [];
    const w = new PurgeTriggerWriter({ write: async () => { throw new Error('broker down'); } }, { tag: 'x/kafka', key: 'kafka_trigger_exec', command: '/bin/true', launch: (c) => launched.push(c) }, logger);
    await assert.rejects(w.write(batchOf('refresh')), /broker down/);
    assert.deepEqual(launched, []);
  });
});

describe('*_startup_delay', () => {
  it('starts the consumer (its refresh timer) only after the delay, and a stop during it still stops the consumer', async () => {
    mock.timers.enable({ apis: ['setTimeout'] });
    try {
      const events: string[] = [];
      const consumer: FlowConsumer = {
        name: 'x', type: 'kafka', accept: () => events.push('accept'), start: () => events.push('start'),
        stop: async () => { events.push('stop'); }, statistics: () => ({}) as PluginStatistics,
      };
      const delayed = withStartupDelay(consumer, 30);
      delayed.start();
      delayed.accept({} as never);
      mock.timers.tick(29_999);
      assert.deepEqual(events, ['accept']);
      mock.timers.tick(1);
      assert.deepEqual(events, ['accept', 'start']);
      const again = withStartupDelay(consumer, 30);
      again.start();
      await again.stop();
      mock.timers.tick(30_000);
      assert.deepEqual(events, ['accept', 'start', 'stop']);
    } finally {
      mock.timers.reset();
    }
  });
  it('is the consumer itself without a delay', () => {
    const consumer = { name: 'x', type: 'amqp' } as unknown as FlowConsumer;
    assert.equal(withStartupDelay(consumer, 0), consumer);
  });
});
