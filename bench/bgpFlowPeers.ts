/**
 * Child process of `npm run bench -- bgp-flows`: BGP speakers from given
 * loopback addresses, each opening a session to the collector under test
 * and sending bench/bgpTableFeed.ts's table (IPv4 only) with its own AS
 * first on every path. The flows' exporter is 127.0.0.1 (the kernel's
 * source for loopback datagrams), so the last address given is 127.0.0.1:
 * the other peers connect first and the exporter's session is the last
 * one a scan of the sessions reaches.
 *
 * One JSON line on stdout when every session is established, one when the
 * kernel took every byte; then KEEPALIVEs until killed.
 *
 *   node bench/bgpFlowPeers.ts <port> <ipv4Routes> <ipv4Sets> <address>...
 */
import type { Socket } from 'node:net';
import { buildTableFeed } from './bgpTableFeed.ts';
import { chunkBounds, keepAlive, openBenchSession, sendTable } from './benchBgpSession.ts';

const [portText, routesText, setsText, ...addresses] = process.argv.slice(2);
const port = Number(portText);

const feed = buildTableFeed({ ipv4Routes: Number(routesText), ipv6Routes: 0, ipv4Sets: Number(setsText), ipv6Sets: 0 });
const sockets: Socket[] = [];
// One at a time: the sessions' order in the collector is the order given.
for (let i = 0; i < addresses.length; i++) {
  sockets.push(await openBenchSession({ port, localAddress: addresses[i]!, myAs: 64600 + i, bgpId: (10 << 24) + 1 + i, holdTime: 240, ipv6: true }));
}
process.stdout.write(`${JSON.stringify({ event: 'ready', routesPerPeer: feed.routes })}\n`);
keepAlive(sockets);
const bounds = chunkBounds(feed);
await Promise.all(sockets.map((s, i) => sendTable(s, feed, bounds, 64600 + i)));
process.stdout.write(`${JSON.stringify({ event: 'accepted' })}\n`);
