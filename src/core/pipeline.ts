/**
 * The pipeline: enrichment stages run once per record, then the record is
 * offered to every plugin instance. Each plugin keeps what it needs (it
 * copies its own key), so one reused record serves them all.
 */
import type { FlowRecord } from '../model/flowRecord.ts';
import type { FlowConsumer } from './flowConsumer.ts';

/** An enrichment stage: fills or rewrites fields of the record in place. */
export type EnrichStage = (rec: FlowRecord) => void;

export class Pipeline {
  readonly consumers: readonly FlowConsumer[];
  private readonly stages: readonly EnrichStage[];
  recordsIn = 0;

  constructor(stages: readonly EnrichStage[], consumers: readonly FlowConsumer[]) {
    this.stages = stages;
    this.consumers = consumers;
  }

  /** Bound once so decoders can call it as a plain callback. */
  readonly process = (rec: FlowRecord): void => {
    this.recordsIn++;
    const stages = this.stages;
    for (let i = 0; i < stages.length; i++) stages[i]!(rec);
    const consumers = this.consumers;
    for (let i = 0; i < consumers.length; i++) consumers[i]!.accept(rec);
  };

  start(): void {
    for (const c of this.consumers) c.start();
  }

  async stop(): Promise<void> {
    await Promise.all(this.consumers.map((c) => c.stop()));
  }
}
