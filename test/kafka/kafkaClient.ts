/**
 * Whether the Kafka client tsacct's kafka plugin uses is built and loads
 * here (scripts/buildNative.ts builds it): the Kafka tests skip, saying
 * why, when it is not.
 */
import { loadConfluentClient } from '../../src/plugins/kafka/confluentProducer.ts';

export function kafkaClientSkip(): string | null {
  try {
    loadConfluentClient();
    return null;
  } catch (err) {
    return (err as Error).message;
  }
}
