/**
 * The BGP messages of a capture file, for the decoder tests: TCP payloads
 * of port 179 read with tsacct's pcap reader (Ethernet, Linux cooked,
 * raw IP), concatenated per direction in frame order, then cut into
 * messages. The captures are small and in order, so no retransmission or
 * reordering handling is needed.
 */
import { join } from 'node:path';
import { PcapFileReader } from '../../../src/collect/pcapFileReader.ts';
import { BgpMessageReader, newFramedMessage } from '../../../src/decode/bgp/bgpMessageReader.ts';

export const BGP_FIXTURES = join(import.meta.dirname, '..', '..', 'fixtures', 'bgp');

export interface CapturedMessage {
  frame: number;
  type: number;
  bytes: Uint8Array;
}

function ipOffset(linkType: number, d: Uint8Array): number {
  if (linkType === 1) {
    let p = 12;
    let ethertype = (d[p]! << 8) | d[p + 1]!;
    while (ethertype === 0x8100) {
      p += 4;
      ethertype = (d[p]! << 8) | d[p + 1]!;
    }
    return p + 2;
  }
  if (linkType === 113) return 16; // Linux cooked (SLL)
  if (linkType === 101 || linkType === 12 || linkType === 14) return 0; // raw IP
  throw new Error(`link type ${linkType} not handled`);
}

export function captureMessages(file: string): CapturedMessage[] {
  const reader = PcapFileReader.open(join(BGP_FIXTURES, file));
  const streams = new Map<string, BgpMessageReader>();
  const out: CapturedMessage[] = [];
  const framed = newFramedMessage();
  let frame = 0;
  for (const packet of reader) {
    frame++;
    const d = packet.data;
    let p = ipOffset(packet.linkType, d);
    const version = d[p]! >> 4;
    let proto: number;
    let src: string;
    let dst: string;
    if (version === 4) {
      proto = d[p + 9]!;
      src = d.subarray(p + 12, p + 16).join('.');
      dst = d.subarray(p + 16, p + 20).join('.');
      p += (d[p]! & 0x0f) * 4;
    } else {
      proto = d[p + 6]!;
      src = Buffer.from(d.subarray(p + 8, p + 24)).toString('hex');
      dst = Buffer.from(d.subarray(p + 24, p + 40)).toString('hex');
      p += 40;
    }
    if (proto !== 6) continue;
    const sport = (d[p]! << 8) | d[p + 1]!;
    const dport = (d[p + 2]! << 8) | d[p + 3]!;
    if (sport !== 179 && dport !== 179) continue;
    const payload = d.subarray(p + (d[p + 12]! >> 4) * 4);
    if (payload.length === 0) continue;
    const key = `${src}:${sport}>${dst}:${dport}`;
    let stream = streams.get(key);
    if (!stream) streams.set(key, (stream = new BgpMessageReader()));
    stream.push(payload);
    for (let r = stream.next(framed); r === true; r = stream.next(framed)) {
      out.push({ frame, type: framed.type, bytes: framed.bytes.slice(framed.offset, framed.offset + framed.length) });
    }
  }
  return out;
}
