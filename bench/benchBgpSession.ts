/**
 * The BGP speakers of the benches' sender processes: a session opened from
 * a loopback address (established once the collector's KEEPALIVE came; a
 * NOTIFICATION or a socket error afterwards ends the process, since the
 * measurement would be void), and a table feed written as fast as the
 * kernel takes it.
 */
import { once } from 'node:events';
import { connect, type Socket } from 'node:net';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../src/decode/bgp/bgpMessageReader.ts';
import { encodeOpen, fourOctetAsCapability, multiprotocolCapability } from '../src/decode/bgp/bgpOpen.ts';
import { patchPeerAs, type TableFeed } from './bgpTableFeed.ts';

export interface BenchSessionOptions {
  port: number;
  localAddress: string | undefined;
  myAs: number;
  bgpId: number;
  holdTime: number;
  /** Announce IPv6 unicast too (IPv4 unicast always). */
  ipv6: boolean;
}

/** Resolves with the socket once the session is established. */
export function openBenchSession(o: BenchSessionOptions): Promise<Socket> {
  const name = `peer ${o.localAddress ?? 'default'}`;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port: o.port, localAddress: o.localAddress });
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
          process.stderr.write(`${name}: NOTIFICATION received\n`);
          process.exit(1);
        }
      }
    });
    socket.on('connect', () => {
      const families = o.ipv6 ? [multiprotocolCapability(1, 1), multiprotocolCapability(2, 1)] : [multiprotocolCapability(1, 1)];
      socket.write(encodeOpen({ myAs: o.myAs, holdTime: o.holdTime, bgpId: o.bgpId, capabilities: [...families, fourOctetAsCapability(o.myAs)] }));
    });
    socket.on('error', (err) => {
      if (!established) reject(err);
      else {
        process.stderr.write(`${name}: ${err.message}\n`);
        process.exit(1);
      }
    });
  });
}

/** KEEPALIVEs every 30 s on each socket, so that sessions outlive the hold time while the collector works. */
export function keepAlive(sockets: readonly Socket[]): void {
  setInterval(() => {
    for (const s of sockets) s.write(KEEPALIVE_MESSAGE);
  }, 30_000);
}

const CHUNK = 256 * 1024;
const QUEUED = 8 * 1024 * 1024;

/** Cuts the feed at message boundaries into pieces of about CHUNK bytes. */
export function chunkBounds(feed: TableFeed): number[] {
  const bounds = [0];
  const starts = feed.messageStarts;
  for (let m = 0; m < starts.length; m++) {
    if (starts[m]! - bounds[bounds.length - 1]! >= CHUNK) bounds.push(starts[m]!);
  }
  if (bounds[bounds.length - 1] !== feed.bytes.length) bounds.push(feed.bytes.length);
  return bounds;
}

/** Writes the feed; `peerAs` (null: the feed as it is) is put first on every path. Resolves once the kernel took every byte. */
export async function sendTable(socket: Socket, feed: TableFeed, bounds: number[], peerAs: number | null): Promise<void> {
  let offsetIndex = 0;
  for (let c = 0; c + 1 < bounds.length; c++) {
    const start = bounds[c]!;
    const end = bounds[c + 1]!;
    let chunk: Uint8Array = feed.bytes.subarray(start, end);
    if (peerAs !== null) {
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
