/**
 * Child process of the BGP benchmark: a BGP speaker that opens a session
 * to the collector under test (tsacct or pmbgpd), sends the synthetic feed
 * as fast as the socket takes it, reports on stdout (JSON) when it started
 * and when the last byte was accepted, then keeps the session up (sending
 * KEEPALIVEs) until it is killed.
 *
 *   node bench/bgpFeedSender.ts <port> <routes> <sets> <perUpdate> <localAddress>
 */
import { buildFeed, concatFeed } from './bgpFeed.ts';
import { keepAlive, openBenchSession } from './benchBgpSession.ts';

const [port, routes, sets, perUpdate, localAddress] = process.argv.slice(2);
const feed = concatFeed(buildFeed({ routes: Number(routes), sets: Number(sets), perUpdate: Number(perUpdate) }));
const socket = await openBenchSession({ port: Number(port), localAddress, myAs: 65001, bgpId: 0x0a0000fe, holdTime: 180, ipv6: false });
const startedAt = Date.now();
socket.write(feed, () => {
  process.stdout.write(`${JSON.stringify({ startedAt, acceptedAt: Date.now(), bytes: feed.length })}\n`);
});
keepAlive([socket]);
