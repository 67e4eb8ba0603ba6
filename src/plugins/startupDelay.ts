/**
 * sql_startup_delay, amqp_startup_delay, kafka_startup_delay: the first
 * purge waits that many seconds more (pmacct adds it to the first refresh
 * deadline). The consumer's refresh timer starts after the delay; records
 * are accepted and aggregated meanwhile, and a shutdown during the delay
 * still flushes them.
 */
import type { FlowConsumer } from '../core/flowConsumer.ts';

export function withStartupDelay(consumer: FlowConsumer, delaySeconds: number): FlowConsumer {
  if (delaySeconds <= 0) return consumer;
  let timer: NodeJS.Timeout | null = null;
  return {
    name: consumer.name,
    type: consumer.type,
    accept: (rec) => consumer.accept(rec),
    start(): void {
      timer = setTimeout(() => {
        timer = null;
        consumer.start();
      }, delaySeconds * 1000);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await consumer.stop();
    },
    statistics: () => consumer.statistics(),
  };
}
