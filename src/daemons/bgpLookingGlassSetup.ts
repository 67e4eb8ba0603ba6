/**
 * bgp_daemon_lg and its keys: the looking glass over ZeroMQ, as pmacct
 * runs it (127.0.0.1:17900 unless bgp_daemon_lg_ip / _port say otherwise;
 * PLAIN authentication with bgp_daemon_lg_user and _passwd). The same
 * looking glass is on the HTTP API (web_port) as POST /api/v1/bgp/lg
 * whenever a BGP daemon runs, with or without bgp_daemon_lg.
 */
import type { LoadedConfig } from '../config/index.ts';
import type { Logger } from '../core/logger.ts';
import type { BgpCollector } from '../routing/bgp/bgpCollector.ts';
import { BgpLookingGlass } from '../routing/bgp/lookingGlass.ts';
import { loadZeromq, LookingGlassZmqServer } from '../routing/bgp/lookingGlassZmq.ts';

/** pmacct's bgp_lg_default_ip and BGP_LG_DEFAULT_TCP_PORT. */
const DEFAULT_LG_IP = '127.0.0.1';
const DEFAULT_LG_PORT = 17900;

export function lookingGlassProblems(config: LoadedConfig): string[] {
  const g = config.global;
  if (!g.bool('bgp_daemon_lg')) return [];
  const zmq = loadZeromq();
  if (!(zmq instanceof Error)) return [];
  return [`${g.placeOf('bgp_daemon_lg')}bgp_daemon_lg: ${zmq.message}; install it (npm install zeromq), or query the looking glass over the HTTP API instead: set web_port and POST the request to /api/v1/bgp/lg`];
}

/** The looking glass of a collector, as the HTTP API calls it. */
export function lookingGlassOf(collector: BgpCollector): (request: readonly string[]) => string[] {
  const glass = new BgpLookingGlass(collector);
  return (request) => glass.answer(request);
}

/** Starts the ZeroMQ looking glass when bgp_daemon_lg is set; null otherwise. */
export async function startZmqLookingGlass(config: LoadedConfig, collector: BgpCollector, logger: Logger): Promise<LookingGlassZmqServer | null> {
  const g = config.global;
  if (!g.bool('bgp_daemon_lg')) return null;
  const user = g.str('bgp_daemon_lg_user');
  const passwd = g.str('bgp_daemon_lg_passwd');
  if ((user === undefined) !== (passwd === undefined)) {
    logger.warn('bgp_daemon_lg_user and bgp_daemon_lg_passwd work together: the Looking Glass asks for no credentials.');
  }
  const server = new LookingGlassZmqServer(
    new BgpLookingGlass(collector),
    {
      ip: g.has('bgp_daemon_lg_ip') ? g.str('bgp_daemon_lg_ip')! : DEFAULT_LG_IP,
      port: g.has('bgp_daemon_lg_port') ? g.int('bgp_daemon_lg_port') : DEFAULT_LG_PORT,
      credentials: user !== undefined && passwd !== undefined ? { user, passwd } : null,
    },
    logger,
  );
  await server.start();
  return server;
}
