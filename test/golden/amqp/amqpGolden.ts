/**
 * The AMQP golden cases shared by regenerate.ts (pmacct 1.7.7's nfacctd with
 * `plugins: amqp[x]`) and amqp.test.ts (tsacct). Each case replays a corpus
 * capture (pcap_savefile) into its own exchange, bound to its own queue
 * (both named tsacct-golden-<case>-<pid>, deleted afterwards), on the
 * RabbitMQ at TSACCT_AMQP_HOST (default 127.0.0.1:5672, guest/guest).
 *
 * The stored form (<case>.pmacct.txt), one line per JSON object, sorted:
 *   <routing key> TAB <content type>/<delivery mode> TAB <object>
 * Objects of amqp_multi_values messages are split at their newlines (the
 * packing depends on the cache's order, so it is checked separately by
 * checkPacking). Masked after their format is checked: what
 * brokerGolden.ts masks (writer_id's pid, stamp_updated, the markers'
 * duration).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { connect, type Channel, type ChannelModel, type GetMessage } from 'amqplib';
import { maskObject, replayLines, runDaemon } from '../brokerGolden.ts';
import { checkBrokerPacking } from '../brokerPacking.ts';

export const amqpDir = import.meta.dirname;

export interface AmqpCase {
  name: string;
  capture: string;
  exchangeType: 'direct' | 'topic' | 'fanout';
  /** Binding key of the case's queue. */
  bind: string;
  /** Plugin lines besides plugins, amqp_exchange and amqp_refresh_time. */
  lines: readonly string[];
  durable?: boolean;
  multiValues?: number;
  markers?: boolean;
}

export const AMQP_CASES: readonly AmqpCase[] = [
  {
    name: 'plain-5tuple', capture: 'nfv5', exchangeType: 'direct', bind: 'acct',
    lines: ['aggregate[x]: src_host, dst_host, src_port, dst_port, proto'],
  },
  {
    name: 'history-timestamps', capture: 'nfv9-asr9k', exchangeType: 'direct', bind: 'flows',
    lines: [
      'aggregate[x]: src_host, dst_host, proto, timestamp_start, timestamp_end',
      'amqp_routing_key[x]: flows', 'amqp_history[x]: 5m', 'amqp_history_roundoff[x]: m',
    ],
  },
  {
    name: 'markers-persistent', capture: 'nfv5', exchangeType: 'direct', bind: 'acct', durable: true, markers: true,
    lines: ['aggregate[x]: proto, tos, flows', 'amqp_markers[x]: true', 'amqp_persistent_msg[x]: true'],
  },
  {
    name: 'multi-values', capture: 'nfv5', exchangeType: 'fanout', bind: '', multiValues: 1000, markers: true,
    lines: ['aggregate[x]: src_host, dst_host, proto', 'amqp_exchange_type[x]: fanout', 'amqp_multi_values[x]: 1000', 'amqp_markers[x]: true'],
  },
  {
    name: 'routing-key-vars', capture: 'nfv9-asr9k', exchangeType: 'topic', bind: '#', markers: true,
    lines: [
      'aggregate[x]: peer_src_ip, tag, src_as, dst_as, proto', 'amqp_exchange_type[x]: topic',
      'amqp_routing_key[x]: acct.$peer_src_ip.$tag.$tag2.$post_tag', 'amqp_markers[x]: true',
    ],
  },
  {
    // One queue bound to '#' keeps each message's routing key: which messages went to flows_0/1/2.
    name: 'routing-key-rr', capture: 'nfv5', exchangeType: 'topic', bind: '#', markers: true,
    lines: [
      'aggregate[x]: src_host, dst_host, proto', 'amqp_exchange_type[x]: topic', 'amqp_routing_key[x]: flows',
      'amqp_routing_key_rr[x]: 3', 'amqp_markers[x]: true',
    ],
  },
  {
    name: 'routing-key-rr-multi-values', capture: 'nfv5', exchangeType: 'topic', bind: '#', multiValues: 1000, markers: true,
    lines: [
      'aggregate[x]: src_host, dst_host, proto', 'amqp_exchange_type[x]: topic', 'amqp_routing_key[x]: flows',
      'amqp_routing_key_rr[x]: 3', 'amqp_multi_values[x]: 1000', 'amqp_markers[x]: true',
    ],
  },
  {
    name: 'routing-key-no-peer', capture: 'nfv5', exchangeType: 'topic', bind: '#',
    lines: ['aggregate[x]: proto', 'amqp_exchange_type[x]: topic', 'amqp_routing_key[x]: acct.$peer_src_ip'],
  },
  {
    // The timestamps_* styles apply to the time-bin stamps too (the kafka goldens have the other styles).
    name: 'timestamps-rfc3339-epoch', capture: 'nfv9-asr9k', exchangeType: 'direct', bind: 'acct',
    lines: [
      'aggregate[x]: src_host, dst_host, proto, timestamp_start, timestamp_end', 'amqp_history[x]: 5m', 'amqp_history_roundoff[x]: m',
      'timestamps_rfc3339: true', 'timestamps_since_epoch: true',
    ],
  },
  {
    // amqp_num_protos: "ip_proto" is the protocol's number, still a JSON string as pmacct 1.7.7 writes it.
    name: 'num-protos', capture: 'nfv5', exchangeType: 'direct', bind: 'acct',
    lines: ['aggregate[x]: src_port, proto', 'amqp_num_protos[x]: true'],
  },
  {
    // amqp_preprocess: purge_close counts the entries before the checks as total_entries; qnum is an SQL-only keyword pmacct 1.7.7 ignores here.
    name: 'preprocess', capture: 'nfv9-asr9k', exchangeType: 'direct', bind: 'acct', markers: true,
    lines: ['aggregate[x]: src_host, dst_host', 'amqp_markers[x]: true', 'amqp_preprocess[x]: qnum=1, minb=4000, minp=50'],
  },
];

export function expectedPath(c: AmqpCase): string {
  return join(amqpDir, `${c.name}.pmacct.txt`);
}

export function amqpHost(): string {
  return process.env.TSACCT_AMQP_HOST ?? '127.0.0.1:5672';
}

export async function brokerConnection(host = amqpHost()): Promise<ChannelModel> {
  const [hostname, port] = host.split(':');
  try {
    return await connect({ protocol: 'amqp', hostname, port: Number(port ?? 5672), username: 'guest', password: 'guest' });
  } catch (err) {
    throw new Error(`cannot reach RabbitMQ at ${host} as guest (set TSACCT_AMQP_HOST): ${(err as Error).message}`, { cause: err });
  }
}

/** The exchange and queue of a case (declared, bound). */
export async function declareCase(ch: Channel, c: AmqpCase, name: string): Promise<void> {
  await ch.assertExchange(name, c.exchangeType, { durable: c.durable === true });
  await ch.assertQueue(name, { durable: false });
  await ch.bindQueue(name, name, c.bind);
}

/** Every message waiting in a queue, in order. */
export async function drainQueue(ch: Channel, queue: string): Promise<GetMessage[]> {
  const out: GetMessage[] = [];
  for (;;) {
    const m = await ch.get(queue, { noAck: true });
    if (m === false) return out;
    out.push(m);
  }
}

export function configText(c: AmqpCase, exchange: string, host: string): string {
  return [
    `! AMQP golden case ${c.name}`,
    ...replayLines(c.capture),
    'plugins: amqp[x]',
    `amqp_host[x]: ${host}`,
    `amqp_exchange[x]: ${exchange}`,
    // Longer than a replay: each daemon purges once, on exit.
    'amqp_refresh_time[x]: 3600',
    ...c.lines,
    '',
  ].join('\n');
}

/** Runs a daemon on a case and returns the messages its queue received, in order. */
export async function runCase(c: AmqpCase, command: readonly string[], conf: string, host: string, brokerHost = amqpHost()): Promise<GetMessage[]> {
  const exchange = `tsacct-golden-${c.name}-${process.pid}`;
  const conn = await brokerConnection(brokerHost);
  try {
    const ch = await conn.createChannel();
    await declareCase(ch, c, exchange);
    try {
      writeFileSync(conf, configText(c, exchange, host));
      await runDaemon(command, conf);
      return await drainQueue(ch, exchange);
    } finally {
      await ch.deleteQueue(exchange);
      await ch.deleteExchange(exchange);
    }
  } finally {
    await conn.close();
  }
}

/** The stored form of a case's messages (see the header); throws when a masked field has the wrong format. */
export function normalize(c: AmqpCase, messages: readonly GetMessage[]): string {
  const lines: string[] = [];
  for (const m of messages) {
    const body = m.content.toString('utf8');
    const props = `${m.properties.contentType ?? '-'}/${m.properties.deliveryMode ?? '-'}`;
    const objects = c.multiValues && body.endsWith('\n') ? body.slice(0, -1).split('\n') : [body];
    for (const object of objects) lines.push(`${m.fields.routingKey}\t${props}\t${maskObject(object)}`);
  }
  return lines.sort().join('\n') + '\n';
}

/** The packing and marker checks of brokerPacking.ts on a case's messages, in publishing order. */
export function checkPacking(c: AmqpCase, messages: readonly GetMessage[]): string[] {
  return checkBrokerPacking(messages.map((m) => m.content.toString('utf8')), c.markers === true, c.multiValues ?? 0);
}
