/**
 * amqp_avro_schema_routing_key and amqp_avro_schema_refresh_time (legacy
 * keys of pmacct's amqp plugin, not in CONFIG-KEYS): with amqp_output avro
 * or avro_json, the plugin publishes its three Avro schemas (acct_data,
 * acct_init, acct_close: the texts avro_schema_file gets) to that routing
 * key on the plugin's exchange, one message each, every refresh time.
 *
 * As pmacct's source does it (Debian's 1.7.7 is built without Avro, so
 * there is no binary to compare with): each message is the JSON object
 * {"event_type": "purge_schema", "writer_id": "<plugin>/0", "schema":
 * "<schema text>"} with content type application/json; the first
 * publication comes at the first refresh boundary after startup (counted
 * from the start of the minute), then one every refresh time; none at
 * shutdown. pmacct opens a connection for each publication; tsacct keeps
 * one (AmqpLinePublisher: reconnects on its own, and what is published
 * while the broker is down is lost, as with pmacct).
 */
import type { FlowConsumer } from '../../core/flowConsumer.ts';
import type { LinePublisher } from '../../output/linePublisher.ts';

/** pmacct's DEFAULT_AVRO_SCHEMA_REFRESH_TIME when amqp_avro_schema_refresh_time is unset. */
export const DEFAULT_SCHEMA_REFRESH_SECONDS = 60;

/** pmacct's purge_schema object for one schema, with jansson's separators. */
export function purgeSchemaMessage(pluginName: string, schemaText: string): string {
  // pmacct writes the writer_id with a pid of 0 here.
  return `{"event_type": "purge_schema", "writer_id": ${JSON.stringify(`${pluginName}/0`)}, "schema": ${JSON.stringify(schemaText)}}`;
}

/** The first publication time (seconds): the first refresh boundary, counted from the minute's start, not before now. */
export function firstSchemaDeadline(nowSeconds: number, refreshSeconds: number): number {
  let t = nowSeconds - (nowSeconds % 60);
  while (t + refreshSeconds < nowSeconds) t += refreshSeconds;
  return t + refreshSeconds;
}

export interface SchemaPublication {
  publisher: LinePublisher;
  routingKey: string;
  refreshSeconds: number;
  /** The purge_schema messages, in pmacct's order (acct_data, acct_init, acct_close). */
  messages: readonly string[];
}

/** The consumer, publishing the schemas while it runs: from start() until stop(). */
export function withSchemaPublication(consumer: FlowConsumer, publication: SchemaPublication): FlowConsumer {
  let timer: NodeJS.Timeout | null = null;
  let deadline = 0;
  const schedule = (): void => {
    const waitMs = Math.max(0, deadline * 1000 - Date.now());
    timer = setTimeout(() => {
      for (const message of publication.messages) publication.publisher.publish(publication.routingKey, message);
      deadline += publication.refreshSeconds;
      schedule();
    }, waitMs);
    timer.unref();
  };
  return {
    name: consumer.name,
    type: consumer.type,
    accept: (rec) => consumer.accept(rec),
    start(): void {
      consumer.start();
      publication.publisher.start();
      deadline = firstSchemaDeadline(Math.floor(Date.now() / 1000), publication.refreshSeconds);
      schedule();
    },
    async stop(): Promise<void> {
      if (timer) clearTimeout(timer);
      timer = null;
      await consumer.stop();
      await publication.publisher.close();
    },
    statistics: () => consumer.statistics(),
  };
}
