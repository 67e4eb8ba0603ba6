/**
 * redis_host as pmacct reads it (parse_hostport): "host:port", "[v6]:port",
 * or a host alone, which later pmacct connects on port 6379 (CONFIG-KEYS
 * 1.7.7 asks for the port; tsacct takes the default like later pmacct).
 */
export interface RedisEndpoint {
  host: string;
  port: number;
}

/** pmacct's PM_REDIS_DEFAULT_PORT. */
export const REDIS_DEFAULT_PORT = 6379;

/** The endpoint, or why redis_host cannot be one. */
export function parseRedisEndpoint(text: string): RedisEndpoint | string {
  const value = text.trim();
  if (value === '') return 'redis_host is empty';
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) return withPort(bracketed[1]!, bracketed[2]);
  if (value.startsWith('[')) return `redis_host '${value}': expected [address]:port`;
  const colons = value.split(':').length - 1;
  // One colon separates host and port; more is an IPv6 address without a port.
  if (colons === 1) {
    const [host, port] = value.split(':') as [string, string];
    if (host === '') return `redis_host '${value}': no host before the port`;
    return withPort(host, port);
  }
  return withPort(value, undefined);
}

function withPort(host: string, port: string | undefined): RedisEndpoint | string {
  if (port === undefined) return { host, port: REDIS_DEFAULT_PORT };
  const number = /^\d+$/.test(port) ? Number(port) : NaN;
  if (!(number >= 1 && number <= 65535)) return `redis_host '${host}:${port}': the port must be a number from 1 to 65535`;
  return { host, port: number };
}

/** host:port as logs and metrics show it ([v6]:port for IPv6). */
export function endpointText(endpoint: RedisEndpoint): string {
  return endpoint.host.includes(':') ? `[${endpoint.host}]:${endpoint.port}` : `${endpoint.host}:${endpoint.port}`;
}
