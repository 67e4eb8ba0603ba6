/**
 * Opening the BGP listening socket, shared by the collector (pmbgpd,
 * bgp_daemon in nfacctd/sfacctd) and the xconnect proxy: listen where
 * bgp_daemon_ip / bgp_daemon_port say (every address, IPv6 and IPv4-mapped,
 * when no address is set), then report the bound address with the two
 * INFO lines pmacct 1.7.7 logs at that point.
 */
import type { Server } from 'node:net';
import type { Logger } from '../../core/logger.ts';

export interface BgpListenAddress {
  ip: string | null;
  port: number;
  ipv6Only: boolean;
}

export interface BoundAddress {
  address: string;
  port: number;
}

/** Starts `server` listening; resolves with the address and port it bound (port 0 picks a free one). */
export async function listenForBgp(server: Server, at: BgpListenAddress): Promise<BoundAddress> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: at.ip ?? '::', port: at.port, ipv6Only: at.ipv6Only, backlog: 64 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address();
  return {
    address: typeof bound === 'object' && bound ? bound.address : at.ip ?? '::',
    port: typeof bound === 'object' && bound ? bound.port : at.port,
  };
}

/**
 * pmacct's start-up lines: the peer limit and where BGP data is awaited;
 * `socketLines` (what setting up the socket reported, e.g. the
 * bgp_daemon_pipe_size line) go between the two, where pmacct logs them.
 */
export function logBgpListening(logger: Logger, maxPeers: number, bound: BoundAddress, socketLines: readonly string[] = []): void {
  const { address, port } = bound;
  logger.info(`maximum BGP peers allowed: ${maxPeers}`);
  for (const line of socketLines) logger.info(line);
  logger.info(`waiting for BGP data on ${address.includes(':') ? `[${address}]` : address}:${port}`);
}
