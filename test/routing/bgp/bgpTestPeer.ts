/**
 * A scriptable BGP speaker for tests: opens a TCP connection to the
 * collector from a chosen 127.0.0.x address, sends an OPEN (4-octet AS,
 * multiprotocol IPv4/IPv6 unicast, ADD-PATH send for IPv4 unicast unless
 * told otherwise), completes the exchange and then sends whatever bytes
 * the test gives it, collecting what the collector answers.
 */
import { connect, type Socket } from 'node:net';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../../../src/decode/bgp/bgpMessageReader.ts';
import { decodeNotification, type NotificationMessage } from '../../../src/decode/bgp/bgpNotification.ts';
import { addPathCapability, encodeOpen, fourOctetAsCapability, multiprotocolCapability, type Capability } from '../../../src/decode/bgp/bgpOpen.ts';
import { BgpProtocolError } from '../../../src/decode/bgp/bgpProtocolError.ts';

export interface TestPeerOptions {
  port: number;
  localAddress: string;
  as?: number;
  bgpId?: number;
  holdTime?: number;
  addPath?: boolean;
  capabilities?: Capability[];
}

export class TestPeer {
  readonly socket: Socket;
  readonly received: number[] = [];
  notification: NotificationMessage | null = null;
  garbled: BgpProtocolError | null = null;
  closed = false;
  private readonly reader = new BgpMessageReader();

  private constructor(socket: Socket) {
    this.socket = socket;
    const framed = newFramedMessage();
    socket.on('data', (chunk: Buffer) => {
      this.reader.push(chunk);
      for (;;) {
        const r = this.reader.next(framed);
        if (r === false) break;
        if (r instanceof BgpProtocolError) {
          // The collector sent something that is not BGP: a failure the test will see.
          this.garbled = r;
          this.socket.destroy();
          break;
        }
        this.received.push(framed.type);
        if (framed.type === 3) this.notification = decodeNotification(framed.bytes, framed.offset, framed.length);
      }
    });
    socket.on('close', () => (this.closed = true));
    socket.on('error', () => (this.closed = true));
  }

  /** Connects and completes the OPEN/KEEPALIVE exchange. */
  static async open(o: TestPeerOptions): Promise<TestPeer> {
    const socket = connect({ host: '127.0.0.1', port: o.port, localAddress: o.localAddress });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('error', reject);
    });
    socket.setNoDelay(true);
    const peer = new TestPeer(socket);
    const as = o.as ?? 65001;
    const capabilities = o.capabilities ?? [
      multiprotocolCapability(1, 1),
      multiprotocolCapability(2, 1),
      fourOctetAsCapability(as),
      ...(o.addPath === false ? [] : [addPathCapability([{ afi: 1, safi: 1, sendReceive: 2 }])]),
    ];
    socket.write(encodeOpen({ myAs: as, holdTime: o.holdTime ?? 90, bgpId: o.bgpId ?? 0x0a000001, capabilities }));
    await peer.until(() => peer.received.includes(1) && peer.received.includes(4), 'the collector\'s OPEN and KEEPALIVE');
    socket.write(KEEPALIVE_MESSAGE);
    return peer;
  }

  send(bytes: Uint8Array): void {
    if (!this.closed) this.socket.write(bytes);
  }

  until(predicate: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    // The collector usually runs in this process and answers within a few turns of the event loop: check
    // on every turn at first (thousands of sessions in the robustness test), then every 2 ms. One
    // promise per wait, not per check: the test runner tracks every promise.
    return new Promise((resolve, reject) => {
      let turns = 0;
      const check = (): void => {
        if (predicate()) resolve();
        else if (this.closed) reject(new Error(`connection closed while waiting for ${what}`));
        else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
        else if (++turns < 1000) setImmediate(check);
        else setTimeout(check, 2);
      };
      check();
    });
  }

  close(): void {
    this.socket.destroy();
    this.closed = true;
  }
}
