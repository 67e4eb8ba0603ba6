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
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../src/decode/bgp/bgpMessageReader.ts';
import { encodeOpen, fourOctetAsCapability, multiprotocolCapability } from '../src/decode/bgp/bgpOpen.ts';
import { buildTableFeed, patchPeerAs, type TableFeed } from './bgpTableFeed.ts';

const [portText, routesText, setsText, ...addresses] = process.argv.slice(2);
const port = Number(portText);
const QUEUED = 8 * 1024 * 1024;
const CHUNK = 256 * 1024;

function openSession(address: string, i: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: address });
    const reader = new BgpMessageReader();
    const framed = newFramedMessage();
    let established = false;
    socket.on('data', (chunk: Buffer) => {
      reader.push(chunk);
      for (let r = reader.next(framed); r === true; r = reader.next(framed)) {
        if (framed.type === 4 && !established) {
          established = true;
          socket.write(KEEPALIVE_MESSAGE);
          resolve(socket);
        }
        if (framed.type === 3) {
          process.stderr.write(`peer ${address}: NOTIFICATION received\n`);
          process.exit(1);
        }
      }
    });
    socket.on('connect', () => {
      const myAs = 64600 + i;
      socket.write(encodeOpen({ myAs, holdTime: 240, bgpId: (10 << 24) + 1 + i, capabilities: [multiprotocolCapability(1, 1), multiprotocolCapability(2, 1), fourOctetAsCapability(myAs)] }));
    });
    socket.on('error', (err) => {
      if (!established) reject(err);
      else process.exit(1);
    });
  });
}

async function sendTable(socket: Socket, feed: TableFeed, peerAs: number): Promise<void> {
  let offsetIndex = 0;
  const starts = feed.messageStarts;
  let start = 0;
  for (let m = 1; m < starts.length; m++) {
    const end = starts[m]!;
    if (end - start < CHUNK && m + 1 < starts.length) continue;
    const chunk = Uint8Array.prototype.slice.call(feed.bytes.subarray(start, end));
    offsetIndex = patchPeerAs(feed, chunk, start, end, peerAs, offsetIndex);
    socket.write(chunk);
    if (socket.writableLength > QUEUED) await once(socket, 'drain');
    start = end;
  }
  await new Promise<void>((resolve) => socket.write(new Uint8Array(0), () => resolve()));
}

const feed = buildTableFeed({ ipv4Routes: Number(routesText), ipv6Routes: 0, ipv4Sets: Number(setsText), ipv6Sets: 0 });
const sockets: Socket[] = [];
// One at a time: the sessions' order in the collector is the order given.
for (let i = 0; i < addresses.length; i++) sockets.push(await openSession(addresses[i]!, i));
process.stdout.write(`${JSON.stringify({ event: 'ready', routesPerPeer: feed.routes })}\n`);
setInterval(() => {
  for (const s of sockets) s.write(KEEPALIVE_MESSAGE);
}, 30_000);
await Promise.all(sockets.map((s, i) => sendTable(s, feed, 64600 + i)));
process.stdout.write(`${JSON.stringify({ event: 'accepted' })}\n`);
