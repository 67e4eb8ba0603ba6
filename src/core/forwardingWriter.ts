/**
 * The base of a writer that stands in front of another (a decorator such as
 * sql_preprocess's or sql_trigger_exec's): it does its part around each
 * write, and the inner writer's open and close pass straight through.
 */
import type { AggregateWriter, FlushBatch } from './aggregatingConsumer.ts';

export abstract class ForwardingWriter implements AggregateWriter {
  protected readonly inner: AggregateWriter;

  constructor(inner: AggregateWriter) {
    this.inner = inner;
  }

  open(): void {
    this.inner.open?.();
  }

  async close(): Promise<void> {
    await this.inner.close?.();
  }

  abstract write(batch: FlushBatch): Promise<void>;
}
