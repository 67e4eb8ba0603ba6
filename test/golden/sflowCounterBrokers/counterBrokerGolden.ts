/**
 * The sFlow counter log to Kafka and AMQP (sfacctd_counter_kafka_*,
 * sfacctd_counter_amqp_*): the golden cases shared by regenerate.ts
 * (Debian's sfacctd 1.7.7, built with Kafka and RabbitMQ) and the tests
 * (tsacct). Each case replays an sFlow capture of test/fixtures/sflow with
 * counter samples: Kafka cases into topics named after the case (prefix
 * tsc.<case>.<pid>) on the librdkafka mock broker, read back with kcat;
 * AMQP cases into their own exchange and queue (tsacct-sfcnt-<case>-<pid>,
 * deleted afterwards) on the RabbitMQ of amqpGolden.ts.
 *
 * The stored form (<broker>-<case>.pmacct.txt), one line per message, sorted:
 *   Kafka: <topic> TAB <partition> TAB <key> TAB <message>
 *   AMQP:  <routing key> TAB <content type>/<delivery mode> TAB <message>
 * with the topic's prefix written T. Masked after their format is checked:
 * "timestamp" (the wall clock of processing) and writer_id's pid, which
 * only "log_init" messages carry; the partition ("*") of a message without
 * a key, which the partitioner puts anywhere. The order, which sorting
 * hides, is checked on the raw stream (checkOrder).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GetMessage } from 'amqplib';
import { runDaemon } from '../brokerGolden.ts';
import { amqpHost, brokerConnection, drainQueue } from '../amqp/amqpGolden.ts';
import { consumeTopic, listTopics, type ConsumedMessage } from '../../kafka/mockBroker.ts';

export const goldenDir = import.meta.dirname;
const fixtures = join(goldenDir, '..', '..', 'fixtures', 'sflow');

export interface CounterCase {
  name: string;
  broker: 'kafka' | 'amqp';
  /** A capture of test/fixtures/sflow, without .pcap. */
  capture: string;
  /** sfacctd_counter_kafka_topic or _amqp_routing_key; TOPIC stands for the case's topic prefix (Kafka). */
  destination: string;
  /** Config lines besides the replay, the destination and the broker's address / exchange. */
  lines: readonly string[];
  /** AMQP: the exchange's type (declared so by the case too) and the queue's binding key. */
  exchangeType?: 'direct' | 'topic' | 'fanout';
  bind?: string;
  durable?: boolean;
  /** The writer_id's name part (core_proc_name, default "default"). */
  procName?: string;
}

export const COUNTER_CASES: readonly CounterCase[] = [
  {
    // Six agents, a topic each; one static key (its crc32 picks the partition); librdkafka properties from a file.
    name: 'agents-keyed', broker: 'kafka', capture: 'tcpdump__sflow_multiple_counter_30_pdus', destination: 'TOPIC.$peer_src_ip',
    lines: ['sfacctd_counter_kafka_partition_key: counters', 'sfacctd_counter_kafka_config_file: CONFIG_FILE'],
  },
  {
    // sflow v4, an IPv6 agent (pmacct names it by its first four bytes); pmacct expands only the first
    // $peer_src_ip and $peer_tcp_port (0), and writes to sfacctd_counter_kafka_partition; the key is literal.
    name: 'partition-names', broker: 'kafka', capture: 'crafted__sflow-v4', destination: 'TOPIC.$peer_tcp_port.$peer_src_ip.$peer_src_ip',
    lines: ['sfacctd_counter_kafka_partition: 1', 'sfacctd_counter_kafka_partition_key: k-$peer_src_ip', 'core_proc_name: sfc'], procName: 'sfc',
  },
  {
    // One topic for every agent, the partitioner's choice of partition.
    name: 'static-topic', broker: 'kafka', capture: 'tcpdump__sflow-print-v6', destination: 'TOPIC',
    lines: [],
  },
  {
    name: 'agents-topic', broker: 'amqp', capture: 'tcpdump__sflow_multiple_counter_30_pdus', destination: 'cnt.$peer_src_ip',
    exchangeType: 'topic', bind: '#', lines: ['sfacctd_counter_amqp_exchange_type: topic'],
  },
  {
    // sFlow v2; persistent messages (delivery mode 2) to a durable direct exchange.
    name: 'persistent-direct', broker: 'amqp', capture: 'crafted__sflow-v2', destination: 'cnt',
    exchangeType: 'direct', bind: 'cnt', durable: true, procName: 'sfc',
    lines: ['sfacctd_counter_amqp_persistent_msg: true', 'core_proc_name: sfc'],
  },
  {
    name: 'names-fanout', broker: 'amqp', capture: 'crafted__sflow-v4', destination: 'c.$peer_tcp_port.$peer_src_ip.$peer_src_ip.$tag.%Y',
    exchangeType: 'fanout', bind: '', lines: ['sfacctd_counter_amqp_exchange_type: fanout'],
  },
];

/** A librdkafka configuration in kafka_config_file's format, for the cases that name CONFIG_FILE. */
const KAFKA_CONFIG_FILE = ['! librdkafka settings for the counter log golden', 'global, client.id, tsacct-sfcnt', 'topic, message.timeout.ms, 30000', ''].join('\n');

export function expectedPath(c: CounterCase): string {
  return join(goldenDir, `${c.broker}-${c.name}.pmacct.txt`);
}

export function topicPrefix(c: CounterCase): string {
  return `tsc.${c.name}.${process.pid}`;
}

function exchangeName(c: CounterCase): string {
  return `tsacct-sfcnt-${c.name}-${process.pid}`;
}

/** The case's config: the capture replayed once by a print plugin's collector, the counter log to `broker`. */
export function configText(c: CounterCase, workDir: string, broker: string): string {
  const [host, port] = broker.split(':');
  const configFile = join(workDir, `${c.name}.kafka.csv`);
  const destination =
    c.broker === 'kafka'
      ? [
          `sfacctd_counter_kafka_topic: ${c.destination.replace('TOPIC', topicPrefix(c))}`,
          `sfacctd_counter_kafka_broker_host: ${host}`,
          `sfacctd_counter_kafka_broker_port: ${port}`,
        ]
      : [`sfacctd_counter_amqp_routing_key: ${c.destination}`, `sfacctd_counter_amqp_host: ${broker}`, `sfacctd_counter_amqp_exchange: ${exchangeName(c)}`];
  if (c.lines.some((l) => l.includes('CONFIG_FILE'))) writeFileSync(configFile, KAFKA_CONFIG_FILE);
  return [
    `! sFlow counter log golden case ${c.broker}-${c.name}`,
    'daemonize: false',
    `pcap_savefile: ${join(fixtures, `${c.capture}.pcap`)}`,
    'pcap_savefile_wait: false',
    ...destination,
    ...c.lines.map((l) => l.replace('CONFIG_FILE', configFile)),
    'plugins: print[ref]',
    'aggregate[ref]: src_host',
    `print_output_file[ref]: ${join(workDir, `${c.name}.print.txt`)}`,
    '',
  ].join('\n');
}

/** One message, whichever broker: where it went, its framing, its body. */
export interface CounterMessage {
  /** Topic or routing key. */
  destination: string;
  /** Kafka: partition TAB key; AMQP: content type/delivery mode. */
  framing: string;
  /** The topic and partition (Kafka) or the queue (AMQP) whose order the broker keeps. */
  stream: string;
  body: string;
}

function fromKafka(c: CounterCase, m: ConsumedMessage): CounterMessage {
  const keyless = m.key === null || m.key === '';
  const topic = `T${m.topic.slice(topicPrefix(c).length)}`;
  return { destination: topic, framing: `${keyless ? '*' : m.partition}\t${m.key ?? '-'}`, stream: `${topic}/${m.partition}`, body: m.value };
}

function fromAmqp(m: GetMessage): CounterMessage {
  return { destination: m.fields.routingKey, framing: `${m.properties.contentType ?? '-'}/${m.properties.deliveryMode ?? '-'}`, stream: 'queue', body: m.content.toString('utf8') };
}

/**
 * Runs `command -f <conf>` on a case; the messages in each stream's order.
 * `broker`: the Kafka bootstrap, or the AMQP host as the config gives it
 * (pmacct always connects to port 5672; the tests connect to amqpHost()).
 */
export async function runCase(c: CounterCase, command: readonly string[], workDir: string, broker: string): Promise<CounterMessage[]> {
  const conf = join(workDir, `${c.name}.conf`);
  if (c.broker === 'kafka') {
    writeFileSync(conf, configText(c, workDir, broker));
    await runDaemon(command, conf);
    const prefix = topicPrefix(c);
    const topics = (await listTopics(broker)).filter((t) => t === prefix || t.startsWith(`${prefix}.`));
    // One kcat per topic (an agent each), at once.
    const perTopic = await Promise.all(topics.sort().map((topic) => consumeTopic(broker, topic)));
    return perTopic.flatMap((consumed) => consumed.sort((a, b) => a.partition - b.partition || a.offset - b.offset).map((m) => fromKafka(c, m)));
  }
  const exchange = exchangeName(c);
  const conn = await brokerConnection(amqpHost());
  try {
    const ch = await conn.createChannel();
    await ch.assertExchange(exchange, c.exchangeType ?? 'direct', { durable: c.durable === true });
    await ch.assertQueue(exchange, { durable: false });
    await ch.bindQueue(exchange, exchange, c.bind ?? '');
    try {
      writeFileSync(conf, configText(c, workDir, broker));
      await runDaemon(command, conf);
      return (await drainQueue(ch, exchange)).map(fromAmqp);
    } finally {
      await ch.deleteQueue(exchange);
      await ch.deleteExchange(exchange);
    }
  } finally {
    await conn.close();
  }
}

const TIMESTAMP = /"timestamp": "(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6})"/;
const WRITER_ID = /, "writer_id": "([^"/]+)\/(\d+)"\}$/;

/** A message with its run-dependent values masked; throws when it is not JSON or they are not as pmacct writes them. */
export function maskMessage(c: CounterCase, body: string): string {
  JSON.parse(body);
  if (!TIMESTAMP.test(body)) throw new Error(`no "timestamp" as pmacct writes it in ${body}`);
  const masked = body.replace(TIMESTAMP, '"timestamp": "TS"');
  const writer = WRITER_ID.exec(body);
  const init = body.includes('"event_type": "log_init"');
  if (init !== (writer !== null)) throw new Error(`writer_id ${init ? 'missing from a log_init' : 'on a log'} message: ${body}`);
  if (writer && writer[1] !== (c.procName ?? 'default')) throw new Error(`writer_id not "${c.procName ?? 'default'}/<pid>": ${body}`);
  return masked.replace(WRITER_ID, `, "writer_id": "${c.procName ?? 'default'}/PID"}`);
}

/** The stored form of a case's messages (see the header). */
export function normalize(c: CounterCase, messages: readonly CounterMessage[]): string {
  return messages.map((m) => `${m.destination}\t${m.framing}\t${maskMessage(c, m.body)}`).sort().join('\n') + '\n';
}

/** The order sorting hides: each stream's messages in increasing "seq" (one sequence runs across all agents). */
export function checkOrder(messages: readonly CounterMessage[]): string[] {
  const last = new Map<string, number>();
  const problems: string[] = [];
  for (const m of messages) {
    const seq = (JSON.parse(m.body) as { seq: number }).seq;
    const before = last.get(m.stream) ?? -1;
    if (seq <= before) problems.push(`${m.stream}: seq ${seq} after ${before}`);
    last.set(m.stream, seq);
  }
  return problems;
}
