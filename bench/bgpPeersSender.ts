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
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../src/decode/bgp/bgpMessageReader.ts';
import { encodeOpen, fourOctetAsCapability, multiprotocolCapability } from '../src/decode/bgp/bgpOpen.ts';
import { buildTableFeed, patchPeerAs, type TableFeed } from './bgpTableFeed.ts';

const args = process.argv.slice(2);
const sharedPaths = args.includes('--shared-paths');
const [port, peers, ipv4Routes, ipv6Routes, ipv4Sets, ipv6Sets] = args.filter((a) => !a.startsWith('--')).map(Number) as [number, number, number, number, number, number];

/** The source address of peer i (0-based): 127.0.1.1 upwards. */
function peerAddress(i: number): string {
  return `127.0.${1 + Math.floor(i / 250)}.${1 + (i % 250)}`;
}

const CHUNK = 256 * 1024;
const QUEUED = 8 * 1024 * 1024;

/** Cuts the feed at message boundaries into pieces of about CHUNK bytes. */
function chunkBounds(feed: TableFeed): number[] {
  const bounds = [0];
  const starts = feed.messageStarts;
  for (let m = 0; m < starts.length; m++) {
    if (starts[m]! - bounds[bounds.length - 1]! >= CHUNK) bounds.push(starts[m]!);
  }
  if (bounds[bounds.length - 1] !== feed.bytes.length) bounds.push(feed.bytes.length);
  return bounds;
}

function openSession(i: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress: peerAddress(i) });
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
          resolve(socket);
        }
        if (framed.type === 3) {
          process.stderr.write(`peer ${peerAddress(i)}: NOTIFICATION received\n`);
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
      else {
        process.stderr.write(`peer ${peerAddress(i)}: ${err.message}\n`);
        process.exit(1);
      }
    });
  });
}

async function sendTable(socket: Socket, feed: TableFeed, bounds: number[], peerAs: number): Promise<void> {
  let offsetIndex = 0;
  for (let c = 0; c + 1 < bounds.length; c++) {
    const start = bounds[c]!;
    const end = bounds[c + 1]!;
    let chunk: Uint8Array = feed.bytes.subarray(start, end);
    if (!sharedPaths) {
      chunk = Uint8Array.prototype.slice.call(chunk);
      offsetIndex = patchPeerAs(feed, chunk, start, end, peerAs, offsetIndex);
    }
    // Keep several chunks queued: waiting for 'drain' after each one would leave the socket idle between them.
    socket.write(chunk);
    if (socket.writableLength > QUEUED) await once(socket, 'drain');
  }
  // The callback of an empty write runs once everything before it was handed to the kernel.
  await new Promise<void>((resolve) => socket.write(new Uint8Array(0), () => resolve()));
}

const feed = buildTableFeed({ ipv4Routes, ipv6Routes, ipv4Sets, ipv6Sets });
const bounds = chunkBounds(feed);
const sockets: Socket[] = [];
for (let i = 0; i < peers; i++) sockets.push(await openSession(i));
const say = (o: object): void => {
  process.stdout.write(`${JSON.stringify(o)}\n`);
};
say({ event: 'ready', routesPerPeer: feed.routes, updatesPerPeer: feed.updates, setsPerPeer: feed.sets, bytesPerPeer: feed.bytes.length });
setInterval(() => {
  for (const s of sockets) s.write(KEEPALIVE_MESSAGE);
}, 30_000);
process.stdin.once('data', async () => {
  const startedAt = Date.now();
  await Promise.all(sockets.map((s, i) => sendTable(s, feed, bounds, 64600 + i)));
  say({ event: 'accepted', startedAt, acceptedAt: Date.now() });
});
