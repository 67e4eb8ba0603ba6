/**
 * Reads one sFlow v5 flow sample (type 1, or 3 expanded) into a FlowRecord,
 * the way pmacct 1.7.7's readv5FlowSample and sfacctd's primitive handlers
 * do:
 * - packets 1, bytes = the sampled packet size (the raw header's frame
 *   length, overwritten by a sampled IPv4/IPv6 record's length, taken from
 *   a sampled Ethernet record only when nothing else gave one); no
 *   renormalisation, no flow start/end times;
 * - in/out interface: the expanded sample's values, or the compact form's
 *   raw 32 bits (pmacct skips the 0x3FFFFFFF mask; the context has both);
 * - vlan/cos: the extended switch's ingress VLAN/priority, or the header's
 *   802.1Q tag when no switch record set one before it; a switch record
 *   after the header overrides it, as in pmacct; then the fall-backs of
 *   FlowSampleContext.settle (egress VLAN/priority, next hops);
 * - samples that no record marks as IP are not accounted (gotIp false);
 * - ports only for TCP/UDP; the sampled IPv4/IPv6 records' tcp_flags are
 *   ignored, as pmacct does;
 * - a known record whose content does not end where its length says makes
 *   pmacct drop the whole sample: the same here (counted as malformed).
 */
import { AF_NONE, type FlowRecord } from '../../model/flowRecord.ts';
import { copyMac, PacketHeaderDecoder } from '../packet/packetHeaderDecoder.ts';
import { readU32 } from '../netflow/wireReaders.ts';
import { FlowSampleContext } from './flowSampleContext.ts';
import { GatewayTextCache } from './gatewayTextCache.ts';
import { readSampledIpv4, readSampledIpv6, SAMPLED_IPV4_LENGTH, SAMPLED_IPV6_LENGTH } from './sampledIpRecords.ts';
import type { SflowMalformedKind } from './sflowMalformedKind.ts';

const FLOW_HEADER = 1;
const FLOW_ETHERNET = 2;
const FLOW_IPV4 = 3;
const FLOW_IPV6 = 4;
const EXT_SWITCH = 1001;
const EXT_ROUTER = 1002;
const EXT_GATEWAY = 1003;

const SAMPLED_ETHERNET_LENGTH = 24;
const SWITCH_LENGTH = 16;
/** Raw header record: protocol, frame length, stripped, header length. */
const HEADER_FIXED_LENGTH = 16;
/** Gateway segments or communities beyond this are not plausible in one record. */
const MAX_GATEWAY_ITEMS = 4096;

export class FlowSampleReader {
  readonly context = new FlowSampleContext();
  private readonly gatewayTexts = new GatewayTextCache();
  private readonly packets: PacketHeaderDecoder;
  /**
   * pmacct's gotIPV4/gotIPV6 after the last read(): false when no record
   * said the packet was IP. sfacctd accounts no such sample (a QinQ frame
   * with two 0x8100 tags, ARP, ...), so the decoder does not emit it.
   */
  gotIp = false;

  constructor(followStackedTags: boolean) {
    this.packets = new PacketHeaderDecoder({ followStackedTags });
  }

  /**
   * Reads the sample body `b[start, end)` (after its tag and length) into
   * `rec`, which the caller has reset and given its datagram fields.
   * Returns null when the sample is to be emitted, else why not.
   */
  read(b: Uint8Array, start: number, end: number, expanded: boolean, rec: FlowRecord): SflowMalformedKind | null {
    const ctx = this.context;
    ctx.reset();
    ctx.expanded = expanded;
    this.gotIp = false;

    const fixed = expanded ? 44 : 32;
    if (start + fixed > end) return 'sampleTruncated';
    let at = start;
    ctx.sampleSequence = readU32(b, at);
    if (expanded) {
      ctx.sourceIdType = readU32(b, at + 4);
      ctx.sourceIdIndex = readU32(b, at + 8);
      at += 12;
    } else {
      const id = readU32(b, at + 4);
      ctx.sourceIdType = id >>> 24;
      ctx.sourceIdIndex = id & 0x00ffffff;
      at += 8;
    }
    rec.sflowSourceIndex = ctx.sourceIdIndex;
    rec.samplingRate = readU32(b, at);
    ctx.samplePool = readU32(b, at + 4);
    ctx.drops = readU32(b, at + 8);
    at += 12;
    if (expanded) {
      ctx.inputFormat = readU32(b, at);
      ctx.inputValue = readU32(b, at + 4);
      ctx.outputFormat = readU32(b, at + 8);
      ctx.outputValue = readU32(b, at + 12);
      rec.inIface = ctx.inputValue;
      rec.outIface = ctx.outputValue;
      at += 16;
    } else {
      const input = readU32(b, at);
      const output = readU32(b, at + 4);
      ctx.inputFormat = input >>> 30;
      ctx.inputValue = input & 0x3fffffff;
      ctx.outputFormat = output >>> 30;
      ctx.outputValue = output & 0x3fffffff;
      rec.inIface = input;
      rec.outIface = output;
      at += 8;
    }
    const records = readU32(b, at);
    at += 4;

    for (let i = 0; i < records; i++) {
      if (at + 8 > end) return 'recordTruncated';
      const tag = readU32(b, at);
      const length = readU32(b, at + 4);
      at += 8;
      if (length > end - at) return 'recordTruncated';
      const problem = this.readRecord(tag, b, at, at + length, rec);
      if (problem !== null) return problem;
      at += length;
    }

    ctx.settle(rec);
    return null;
  }

  private readRecord(tag: number, b: Uint8Array, start: number, end: number, rec: FlowRecord): SflowMalformedKind | null {
    const length = end - start;
    const ctx = this.context;
    switch (tag) {
      case FLOW_HEADER:
        return this.readHeader(b, start, end, rec);
      case FLOW_ETHERNET:
        if (length !== SAMPLED_ETHERNET_LENGTH) return 'recordLengthMismatch';
        if (ctx.sampledSize === 0) ctx.sampledSize = readU32(b, start);
        copyMac(b, start + 4, rec.srcMac);
        copyMac(b, start + 12, rec.dstMac);
        rec.etype = readU32(b, start + 20) & 0xffff;
        if (rec.etype === 0x0800 || rec.etype === 0x86dd) this.gotIp = true;
        return null;
      case FLOW_IPV4:
        if (length !== SAMPLED_IPV4_LENGTH) return 'recordLengthMismatch';
        readSampledIpv4(b, start, rec, ctx);
        this.gotIp = true;
        return null;
      case FLOW_IPV6:
        if (length !== SAMPLED_IPV6_LENGTH) return 'recordLengthMismatch';
        readSampledIpv6(b, start, rec, ctx);
        this.gotIp = true;
        return null;
      case EXT_SWITCH: {
        if (length !== SWITCH_LENGTH) return 'recordLengthMismatch';
        ctx.inVlan = readU32(b, start);
        ctx.inPriority = readU32(b, start + 4);
        ctx.outVlan = readU32(b, start + 8);
        ctx.outPriority = readU32(b, start + 12);
        ctx.hasSwitch = true;
        return null;
      }
      case EXT_ROUTER: {
        const at = this.readNextHop(b, start, end, rec, false);
        if (at < 0 || at + 8 !== end) return 'recordLengthMismatch';
        rec.srcMask = readU32(b, at) & 0xff;
        rec.dstMask = readU32(b, at + 4) & 0xff;
        return null;
      }
      case EXT_GATEWAY:
        return this.readGateway(b, start, end, rec);
      default:
        // Other formats, enterprise ones included: skipped by their length.
        return null;
    }
  }

  private readHeader(b: Uint8Array, start: number, end: number, rec: FlowRecord): SflowMalformedKind | null {
    if (start + HEADER_FIXED_LENGTH > end) return 'recordLengthMismatch';
    const ctx = this.context;
    const protocol = readU32(b, start);
    ctx.headerProtocol = protocol;
    ctx.sampledSize = readU32(b, start + 4);
    ctx.headerStripped = readU32(b, start + 8);
    const headerLength = readU32(b, start + 12);
    ctx.headerLength = headerLength;
    const headerStart = start + HEADER_FIXED_LENGTH;
    const padded = Math.ceil(headerLength / 4) * 4;
    if (padded !== end - headerStart) return 'recordLengthMismatch';
    // A header replaces what earlier records said about the packet.
    rec.tcpFlags = 0;
    rec.srcPort = 0;
    rec.dstPort = 0;
    const found = this.packets.decode(protocol, b, headerStart, headerStart + headerLength, rec);
    if (found.ipAnnounced !== 0) this.gotIp = true;
    ctx.takeHeaderTag(found);
    return null;
  }

  /** Reads an sFlow address into the record's next hop; returns the offset after it, or -1. */
  private readNextHop(b: Uint8Array, start: number, end: number, rec: FlowRecord, bgp: boolean): number {
    if (start + 4 > end) return -1;
    const type = readU32(b, start);
    if (type === 1) {
      if (start + 8 > end) return -1;
      if (bgp) {
        rec.bgpNextHop.setV4(b, start + 4);
        rec.ipNextHop.clear();
      } else if (rec.bgpNextHop.family === AF_NONE) {
        rec.ipNextHop.setV4(b, start + 4);
      }
      return start + 8;
    }
    if (type === 2) {
      if (start + 20 > end) return -1;
      if (bgp) {
        rec.bgpNextHop.setV6(b, start + 4);
        rec.ipNextHop.clear();
      } else if (rec.bgpNextHop.family === AF_NONE) {
        rec.ipNextHop.setV6(b, start + 4);
      }
      return start + 20;
    }
    // Unknown address type: pmacct reads 16 bytes; the length check then decides.
    return start + 20 <= end ? start + 20 : -1;
  }

  private readGateway(b: Uint8Array, start: number, end: number, rec: FlowRecord): SflowMalformedKind | null {
    let at = this.readNextHop(b, start, end, rec, true);
    if (at < 0 || at + 16 > end) return 'recordLengthMismatch';
    // at: my_as (unused), src_as, src_peer_as, path segment count.
    rec.srcAs = readU32(b, at + 4);
    rec.peerSrcAs = readU32(b, at + 8);
    const segments = readU32(b, at + 12);
    at += 16;
    if (segments > MAX_GATEWAY_ITEMS) return 'recordLengthMismatch';
    const pathStart = at;
    for (let s = 0; s < segments; s++) {
      if (at + 8 > end) return 'recordLengthMismatch';
      const count = readU32(b, at + 4);
      at += 8;
      if (count > (end - at) / 4) return 'recordLengthMismatch';
      if (count > 0) {
        // pmacct takes the first ASN of the first segment and the last ASN
        // of the last segment only: an empty one there leaves 0.
        if (s === 0) rec.peerDstAs = readU32(b, at);
        if (s === segments - 1) rec.dstAs = readU32(b, at + 4 * (count - 1));
      }
      at += 4 * count;
    }
    const pathEnd = at;
    if (at + 4 > end) return 'recordLengthMismatch';
    const communities = readU32(b, at);
    at += 4;
    if (communities > (end - at) / 4) return 'recordLengthMismatch';
    const communitiesStart = at;
    at += 4 * communities;
    if (at + 4 !== end) return 'recordLengthMismatch';
    rec.asPath = this.gatewayTexts.asPath(b, pathStart, pathEnd);
    rec.stdComm = this.gatewayTexts.stdCommunities(b, communitiesStart, at);
    rec.localPref = readU32(b, at);
    this.context.hasGateway = true;
    return null;
  }
}
