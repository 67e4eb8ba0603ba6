/**
 * kafka_avro_schema_registry for the kafka plugin: before its first message
 * the writer registers the three schemas of its Avro output (acct_data,
 * acct_init, acct_close) under the subjects pmacct 1.7.7 uses,
 * "<kafka_topic>-acct-data-value", "-acct-init-value" and
 * "-acct-close-value", and from then on frames every message with the id
 * the registry gave its schema (Confluent wire format: magic byte 0, the
 * id, the Avro record).
 *
 * pmacct registers at every purge and exits when the registry refuses or
 * cannot be reached; tsacct registers once per client (again only after a
 * failure), and a failure fails the flush, which the aggregating consumer
 * keeps and retries (docs/compat.md#kafka-plugin).
 */
import type { BrokerAvroOutput } from '../broker/brokerAvroCursor.ts';
import { acctSubjects, type SchemaRegistryClient } from '../schemaRegistryClient.ts';

export class KafkaSchemaRegistration {
  private readonly client: Pick<SchemaRegistryClient, 'register'>;
  private readonly topic: string;
  private readonly avro: BrokerAvroOutput;

  /** `topic`: the static kafka_topic the subjects are named after; `avro`: the output whose messages get framed. */
  constructor(client: Pick<SchemaRegistryClient, 'register'>, topic: string, avro: BrokerAvroOutput) {
    this.client = client;
    this.topic = topic;
    this.avro = avro;
  }

  /** Registers the schemas unless done; afterwards the output frames its messages with their ids. */
  async ensureRegistered(): Promise<void> {
    if (this.avro.registry !== undefined) return;
    const subjects = acctSubjects(this.topic);
    const [acctData, acctInit, acctClose] = await Promise.all([
      this.client.register(subjects.acctData, this.avro.data.schemaText),
      this.client.register(subjects.acctInit, this.avro.markers.initSchemaText),
      this.client.register(subjects.acctClose, this.avro.markers.closeSchemaText),
    ]);
    this.avro.registry = { acctData, acctInit, acctClose };
  }
}
