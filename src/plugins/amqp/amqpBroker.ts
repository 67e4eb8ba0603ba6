/**
 * Reaching the AMQP broker the way pmacct 1.7.7's amqp_* keys (and the
 * bgp/bmp *_amqp_* ones) describe it, shared by the amqp plugin's writer
 * and the BGP/BMP line publisher: where to connect, as whom, and the
 * exchange both declare before publishing.
 */
import { connect, type Channel, type ChannelModel } from 'amqplib';

export interface AmqpBrokerOptions {
  /** amqp_host: a host name or address; tsacct also accepts host:port ([v6]:port), pmacct always uses 5672. */
  host: string;
  vhost: string;
  user: string;
  passwd: string;
  exchange: string;
  exchangeType: string;
  /** Persistent messages, and a durable exchange for them. */
  persistent: boolean;
  frameMax: number;
  heartbeatSeconds: number;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** amqp_host as hostname and port: "host", "host:port", "[v6]:port" or a bare IPv6 address. */
export function hostAndPort(host: string): { hostname: string; port: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(host);
  if (bracketed) return { hostname: bracketed[1]!, port: bracketed[2] ? Number(bracketed[2]) : 5672 };
  const colon = host.indexOf(':');
  if (colon >= 0 && colon === host.lastIndexOf(':') && /^\d+$/.test(host.slice(colon + 1))) {
    return { hostname: host.slice(0, colon), port: Number(host.slice(colon + 1)) };
  }
  return { hostname: host, port: 5672 };
}

/** Opens the connection; rejects after CONNECT_TIMEOUT_MS rather than hang on a silent host. */
export function connectToBroker(o: AmqpBrokerOptions): Promise<ChannelModel> {
  const { hostname, port } = hostAndPort(o.host);
  return connect(
    { protocol: 'amqp', hostname, port, username: o.user, password: o.passwd, vhost: o.vhost, frameMax: o.frameMax, heartbeat: o.heartbeatSeconds },
    { timeout: CONNECT_TIMEOUT_MS },
  );
}

/** As pmacct: the exchange is declared (not passive), durable only for persistent messages. */
export async function declareExchange(channel: Channel, o: AmqpBrokerOptions): Promise<void> {
  await channel.assertExchange(o.exchange, o.exchangeType, { durable: o.persistent, autoDelete: false, internal: false });
}
