/**
 * The BGP broker and looking-glass scenario shared by regenerateBroker.ts
 * (pmacct 1.7.7's pmbgpd) and bgpBrokerGolden.test.ts (tsacct): a scripted
 * peer (bgpTestPeer.ts) from 127.0.0.9, AS 65001, with ADD-PATH for IPv4
 * unicast and the families IPv4/IPv6 unicast, IPv4 labeled unicast and
 * VPNv4, announces routes (two paths of one prefix), withdraws one, is
 * asked looking-glass questions over ZeroMQ, has its table dumped and
 * goes away. The collector under test publishes its message log and table
 * dump to a RabbitMQ exchange (bgp_daemon_msglog_amqp_routing_key,
 * bgp_table_dump_amqp_routing_key), read back by an exclusive queue.
 *
 * Stored form: amqp-msglog / amqp-dump .pmacct.txt hold "<routing key>
 * <message>" lines normalized as bgpGolden.ts normalizes file lines, the
 * writer_id's process id masked too; lg.pmacct.txt holds each query's
 * frames ("> ") and the reply's frames ("< "), peer_tcp_port masked.
 */
import { connect, type Channel, type ChannelModel } from 'amqplib';
import { join } from 'node:path';
import { KEEPALIVE_MESSAGE } from '../../../src/decode/bgp/bgpMessageReader.ts';
import { addPathCapability, fourOctetAsCapability, multiprotocolCapability } from '../../../src/decode/bgp/bgpOpen.ts';
import { encodeUpdate, rdAs2 } from '../../../src/decode/bgp/updateEncoder.ts';
import { loadZeromq } from '../../../src/routing/bgp/lookingGlassZmq.ts';
import { TestPeer } from '../../routing/bgp/bgpTestPeer.ts';
import { waitFor } from '../../routing/bgp/bgpTestKit.ts';
import { bgpGoldenDir, normalize } from './bgpGolden.ts';

export const PEER_ADDRESS = '127.0.0.9';
export const MSGLOG_KEY = 'msglog-$peer_src_ip';
export const DUMP_KEY = 'dump-$peer_src_ip';

export function brokerStoredPath(name: 'amqp-msglog' | 'amqp-dump' | 'lg'): string {
  return join(bgpGoldenDir, `${name}.pmacct.txt`);
}

/** The collector's configuration (pmbgpd's and tsacct's alike). */
export function brokerCollectorConfig(port: number, lgPort: number, exchange: string): string {
  return [
    'bgp_daemon_ip: 127.0.0.1',
    `bgp_daemon_port: ${port}`,
    `bgp_daemon_msglog_amqp_routing_key: ${MSGLOG_KEY}`,
    `bgp_daemon_msglog_amqp_exchange: ${exchange}`,
    `bgp_table_dump_amqp_routing_key: ${DUMP_KEY}`,
    `bgp_table_dump_amqp_exchange: ${exchange}`,
    'bgp_table_dump_refresh_time: 60',
    'bgp_daemon_lg: true',
    'bgp_daemon_lg_ip: 127.0.0.1',
    `bgp_daemon_lg_port: ${lgPort}`,
  ].join('\n') + '\n';
}

/** The looking-glass requests, each as its frames. */
export const LG_QUERIES: readonly (readonly string[])[] = [
  ['{"query_type": 2, "queries": 1}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.2.3", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.0.0/16", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.3.0/25", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.4.4.0/24", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.0.0.0/8", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "2001:db8:1::5", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.7.1.1", "peer_ip_src": "127.0.0.9", "rd": "0:65000:7"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.7.1.1", "peer_ip_src": "127.0.0.9", "rd": "0:65000:8"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.9.1.1", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.2.3", "peer_ip_src": "127.0.0.99"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.2.3", "peer_ip_src": "127.0.0.9", "peer_tcp_port": 1}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "bogus", "peer_ip_src": "127.0.0.9"}'],
  ['{"query_type": 1, "queries": 1}', '{"ip_prefix": "10.1.2.3"}'],
  ['{"query_type": 7, "queries": 1}'],
  ['not json'],
];

/**
 * Queries whose pmacct answer picks one ADD-PATH path of the prefix where
 * tsacct answers every path (docs/compat.md, "BGP looking glass"): the
 * test checks pmacct's result is among tsacct's instead of equality.
 */
export const ADD_PATH_QUERIES = new Set([1, 2, 3]);

/** One message as read from the queue. */
export interface BrokerMessage {
  routingKey: string;
  body: string;
  contentType: string | undefined;
  deliveryMode: number | undefined;
}

/** An exclusive queue on the exchange, bound to the scenario's routing keys. */
export class AmqpTap {
  readonly messages: BrokerMessage[] = [];
  private readonly connection: ChannelModel;
  private readonly channel: Channel;

  private constructor(connection: ChannelModel, channel: Channel) {
    this.connection = connection;
    this.channel = channel;
  }

  /** `durable` as the publisher declares the exchange (pmacct: with *_persistent_msg). */
  static async open(exchange: string, routingKeys: readonly string[], durable = false): Promise<AmqpTap> {
    const connection = await connect('amqp://guest:guest@127.0.0.1');
    const channel = await connection.createChannel();
    await channel.assertExchange(exchange, 'direct', { durable, autoDelete: false });
    const q = await channel.assertQueue('', { exclusive: true });
    for (const key of routingKeys) await channel.bindQueue(q.queue, exchange, key);
    const tap = new AmqpTap(connection, channel);
    await channel.consume(q.queue, (m) => {
      if (m) tap.messages.push({ routingKey: m.fields.routingKey, body: m.content.toString('utf8'), contentType: m.properties.contentType as string | undefined, deliveryMode: m.properties.deliveryMode as number | undefined });
    }, { noAck: true });
    return tap;
  }

  async close(exchange: string): Promise<void> {
    await this.channel.deleteExchange(exchange).catch(() => undefined);
    await this.connection.close().catch(() => undefined);
  }
}

/** A REQ client's question to the looking glass at 127.0.0.1:`port`. */
export async function askLookingGlass(port: number, frames: readonly string[], credentials?: { user: string; passwd: string }, timeoutMs = 5000): Promise<string[]> {
  const zmq = loadZeromq();
  if (zmq instanceof Error) throw zmq;
  // The test needs the client side, which lookingGlassZmq.ts does not declare.
  const { Request } = zmq as unknown as { Request: new (options: Record<string, unknown>) => ZmqRequest };
  const socket = new Request({ receiveTimeout: timeoutMs, linger: 0, ...(credentials ? { plainUsername: credentials.user, plainPassword: credentials.passwd } : {}) });
  try {
    socket.connect(`tcp://127.0.0.1:${port}`);
    await socket.send([...frames]);
    const reply = await socket.receive();
    return reply.map((b) => b.toString('utf8'));
  } finally {
    socket.close();
  }
}

interface ZmqRequest {
  connect(address: string): void;
  send(frames: string[]): Promise<void>;
  receive(): Promise<Buffer[]>;
  close(): void;
}

export interface ScenarioResult {
  messages: BrokerMessage[];
  lg: string[][];
}

const addPath = { addPath: true } as const;

/**
 * Runs the scenario against a collector on `port` whose looking glass is
 * on `lgPort`; `dump` makes (or waits for) the table dump.
 */
export async function runBrokerScenario(port: number, lgPort: number, tap: { readonly messages: readonly BrokerMessage[] }, dump: () => Promise<void>): Promise<ScenarioResult> {
  const peer = await TestPeer.open({
    port,
    localAddress: PEER_ADDRESS,
    as: 65001,
    bgpId: 0x0a000001,
    holdTime: 90,
    capabilities: [
      multiprotocolCapability(1, 1),
      multiprotocolCapability(2, 1),
      multiprotocolCapability(1, 4),
      multiprotocolCapability(1, 128),
      fourOctetAsCapability(65001),
      addPathCapability([{ afi: 1, safi: 1, sendReceive: 2 }]),
    ],
  });
  // The collector's hold timer must not run out while a dump is awaited.
  const keepalive = setInterval(() => peer.send(KEEPALIVE_MESSAGE), 5000);
  try {
    const logCount = (): number => tap.messages.filter((m) => m.routingKey.startsWith('msglog-')).length;
    peer.send(encodeUpdate({ ...addPath, origin: 0, asPath: [65001, 65002], nextHop: '192.0.2.1', localPref: 100, communities: [0xfde80001], nlri: [{ prefix: '10.1.0.0/16', pathId: 1 }, { prefix: '10.1.3.0/24', pathId: 1 }] }));
    peer.send(encodeUpdate({ ...addPath, origin: 1, asPath: [65001, 65003], nextHop: '192.0.2.2', med: 5, nlri: [{ prefix: '10.1.0.0/16', pathId: 2 }, { prefix: '10.4.0.0/16', pathId: 7 }] }));
    peer.send(encodeUpdate({ origin: 0, asPath: [65001], mpReach: { afi: 2, safi: 1, nextHop: '2001:db8::1', nlri: [{ prefix: '2001:db8:1::/48' }] } }));
    peer.send(encodeUpdate({ origin: 2, asPath: [65001, 65007], mpReach: { afi: 1, safi: 128, nextHop: '192.0.2.7', nlri: [{ prefix: '10.7.0.0/16', labels: [100], rd: rdAs2(65000, 7) }] } }));
    peer.send(encodeUpdate({ origin: 0, asPath: [65001, 65009], mpReach: { afi: 1, safi: 4, nextHop: '192.0.2.9', nlri: [{ prefix: '10.9.0.0/16', labels: [200] }] } }));
    await waitFor('log_init and the updates', () => logCount() >= 8, 15_000);
    peer.send(encodeUpdate({ ...addPath, withdrawn: [{ prefix: '10.1.3.0/24', pathId: 1 }] }));
    await waitFor('the withdrawal', () => logCount() >= 9, 15_000);
    const lg: string[][] = [];
    for (const query of LG_QUERIES) lg.push(await askLookingGlass(lgPort, query));
    const dumpsBefore = dumpCloses(tap.messages);
    await dump();
    await waitFor('the dump', () => dumpCloses(tap.messages) > dumpsBefore, 90_000);
    peer.close();
    await waitFor('log_close', () => tap.messages.some((m) => m.body.includes('"log_close"')), 15_000);
    return { messages: [...tap.messages], lg };
  } finally {
    clearInterval(keepalive);
    peer.close();
  }
}

function dumpCloses(messages: readonly BrokerMessage[]): number {
  return messages.filter((m) => m.body.includes('"dump_close"')).length;
}

/** A message as stored: its routing key, then its JSON masked like a file line, the writer's pid too. */
function maskWriter(body: string): string {
  return body.replace(/"writer_id": "([^"/]*)\/\d+"/, '"writer_id": "$1/PID"');
}

/**
 * The stored form of the scenario's messages of one kind ('msglog' or
 * 'dump'); of the dumps, the last only: a scheduled dump may come too when
 * a minute starts during a test's run, and only one taken after the
 * scenario's changes (as the last is) has the stored content.
 */
export function storedMessages(messages: readonly BrokerMessage[], kind: 'msglog' | 'dump'): string {
  let own = messages.filter((m) => m.routingKey.startsWith(`${kind}-`));
  if (kind === 'dump') {
    const lastClose = own.findLastIndex((m) => m.body.includes('"event_type": "dump_close"'));
    const lastInit = own.findLastIndex((m, i) => i <= lastClose && m.body.includes('"event_type": "dump_init"'));
    if (lastInit >= 0) own = own.slice(lastInit, lastClose + 1);
  }
  const keys = [...new Set(own.map((m) => m.routingKey))];
  return keys.map((key) => normalize(own.filter((m) => m.routingKey === key).map((m) => maskWriter(m.body)).join('\n')).split('\n').filter((l) => l !== '').map((l) => `${key} ${l}`).join('\n')).join('\n') + '\n';
}

/** The stored form of the looking glass's answers. */
export function storedLookingGlass(replies: readonly (readonly string[])[]): string {
  let out = '';
  LG_QUERIES.forEach((query, i) => {
    for (const frame of query) out += `> ${frame}\n`;
    for (const frame of replies[i] ?? []) out += `< ${frame.replace(/"peer_tcp_port": \d+/, '"peer_tcp_port": P')}\n`;
  });
  return out;
}

/** The stored answers, per query. */
export function parseStoredLookingGlass(text: string): string[][] {
  const replies: string[][] = [];
  let current: string[] | null = null;
  let inQuery = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('> ')) {
      if (!inQuery) {
        current = [];
        replies.push(current);
      }
      inQuery = true;
    } else if (line.startsWith('< ')) {
      inQuery = false;
      current!.push(line.slice(2));
    }
  }
  return replies;
}
