/**
 * Child process of `npm run bench -- bgp`: N BGP speakers in one process,
 * each from its own loopback address (127.0.1.1, 127.0.1.2, ...), each
 * opening a session to the collector under test (pmbgpd or tsacct
 * pmbgpd) and sending it the full table of bench/bgpTableFeed.ts with its
 * own AS as the first hop of every path (or the very same table with
 * --shared-paths).
 *
 * Protocol with the parent, one JSON line each on stdout:
 *   {"event":"ready", ...}        the feed is built, every session is established;
 *   (the parent writes "go\n" on stdin once it has measured the daemon at rest)
 *   {"event":"accepted", ...}     the kernel took every byte of every peer's table.
 * The sessions then stay up (KEEPALIVEs) until the process is killed.
 *
 *   node bench/bgpPeersSender.ts <port> <peers> <ipv4Routes> <ipv6Routes> <ipv4Sets> <ipv6Sets> [--shared-paths]
 */
import type { Socket } from 'node:net';
import { buildTableFeed } from './bgpTableFeed.ts';
import { chunkBounds, keepAlive, openBenchSession, sendTable } from './benchBgpSession.ts';

const args = process.argv.slice(2);
const sharedPaths = args.includes('--shared-paths');
const [port, peers, ipv4Routes, ipv6Routes, ipv4Sets, ipv6Sets] = args.filter((a) => !a.startsWith('--')).map(Number) as [number, number, number, number, number, number];

/** The source address of peer i (0-based): 127.0.1.1 upwards. */
function peerAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const feed = buildTableFeed({ ipv4Routes, ipv6Routes, ipv4Sets, ipv6Sets });
const bounds = chunkBounds(feed);
const sockets: Socket[] = [];
for (let i = 0; i < peers; i++) {
  sockets.push(await openBenchSession({ port, localAddress: peerAddress(i), myAs: 64600 + i, bgpId: (10 << 24) + 1 + i, holdTime: 240, ipv6: true }));
}
const say = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
say({ event: 'ready', routesPerPeer: feed.routes, updatesPerPeer: feed.updates, setsPerPeer: feed.sets, bytesPerPeer: feed.bytes.length });
keepAlive(sockets);
process.stdin.once('data', async () => {
  const startedAt = Date.now();
  await Promise.all(sockets.map((s, i) => sendTable(s, feed, bounds, sharedPaths ? null : 64600 + i)));
  say({ event: 'accepted', startedAt, acceptedAt: Date.now() });
});
