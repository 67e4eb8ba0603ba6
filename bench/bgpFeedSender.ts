/**
 * Child process of the BGP benchmark: a BGP speaker that opens a session
 * to the collector under test (tsacct or pmbgpd), sends the synthetic feed
 * as fast as the socket takes it, reports on stdout (JSON) when it started
 * and when the last byte was accepted, then keeps the session up (sending
 * KEEPALIVEs) until it is killed.
 *
 *   node bench/bgpFeedSender.ts <port> <routes> <sets> <perUpdate> <localAddress>
 */
import { connect } from 'node:net';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../src/decode/bgp/bgpMessageReader.ts';
import { encodeOpen, fourOctetAsCapability, multiprotocolCapability } from '../src/decode/bgp/bgpOpen.ts';
import { buildFeed, concatFeed } from './bgpFeed.ts';

const [port, routes, sets, perUpdate, localAddress] = process.argv.slice(2);
const feed = concatFeed(buildFeed({ routes: Number(routes), sets: Number(sets), perUpdate: Number(perUpdate) }));
const socket = connect({ host: '127.0.0.1', port: Number(port), localAddress });
socket.setNoDelay(true);
const reader = new BgpMessageReader();
const framed = newFramedMessage();
let established = false;
socket.on('data', (chunk: Buffer) => {
  reader.push(chunk);
  for (let r = reader.next(framed); r === true; r = reader.next(framed)) {
    if (framed.type === 4 && !established) {
      established = true;
      socket.write(KEEPALIVE_MESSAGE);
      const startedAt = Date.now();
      socket.write(feed, () => {
        process.stdout.write(`${JSON.stringify({ startedAt, acceptedAt: Date.now(), bytes: feed.length })}\n`);
      });
    }
    if (framed.type === 3) {
      process.stderr.write('NOTIFICATION received\n');
      process.exit(1);
    }
  }
});
socket.on('connect', () => {
  socket.write(encodeOpen({ myAs: 65001, holdTime: 180, bgpId: 0x0a0000fe, capabilities: [multiprotocolCapability(1, 1), fourOctetAsCapability(65001)] }));
});
socket.on('error', (err) => {
  process.stderr.write(`${err.message}\n`);
  process.exit(1);
});
setInterval(() => socket.write(KEEPALIVE_MESSAGE), 30_000);
