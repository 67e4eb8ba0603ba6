/**
 * Reads the samples of sFlow version 2 and 4 datagrams (RFC 3176; sflow.org
 * sflow_version_4.txt) the way pmacct 1.7.7's readv2v4FlowSample and
 * readv2v4CountersSample do. Unlike v5, nothing in v2/v4 carries a length:
 * a flow sample is its fixed header, one packet_information (raw header,
 * sampled IPv4 or sampled IPv6) and a list of typed extended records; a
 * counter sample's size follows from its counters_version. So a reader
 * walks every field, and a type it does not know ends the datagram.
 *
 * Flow samples give the record what a v5 sample would (see
 * FlowSampleReader), with the v2/v4 differences sfacctd 1.7.7 shows on
 * test/fixtures/sflow/crafted__sflow-v2*, -v4*:
 * - raw header records have no "stripped" field;
 * - in/out interface are the raw 32-bit values (the output's top bit means
 *   "several interfaces"); the context has them split;
 * - extended gateway: v4 has no BGP next hop (AS path segments,
 *   communities and local preference as in v5); v2's destination path is a
 *   plain ASN list, which pmacct skips without reading: dst_as and
 *   peer_dst_as stay 0 and the AS path empty (a pmacct bug, matched here:
 *   src_as and peer_src_as are set);
 * - extended user and URL are skipped (no host string in v2/v4);
 * - vlan and cos fall back to the extended switch's egress values when the
 *   ingress ones are 0;
 * - sfacctd reports an extended router's IPv6 next hop as peer_dst_ip of
 *   an IPv6 sample that has no BGP next hop (v5 does the same);
 * - a sample whose fields run past the datagram is dropped (pmacct reads
 *   zeros, or stale bytes, there and may still account it).
 *
 * Counter samples: generic and Ethernet counters come as one block (pmacct
 * logs them as one "sflow_cnt_ethernet" line), VLAN counters as a VLAN
 * block; Token Ring, FDDI, 100BaseVG and WAN counters are skipped by their
 * size with no block, as pmacct writes nothing for them.
 *
 * Allocation-free per sample: the reader, its context and the counter
 * sample are reused, fields are read at offsets.
 */
import type { FlowRecord } from '../../model/flowRecord.ts';
import { PacketHeaderDecoder } from '../packet/packetHeaderDecoder.ts';
import { readU32 } from '../netflow/wireReaders.ts';
import { FlowSampleContext } from './flowSampleContext.ts';
import { GatewayTextCache } from './gatewayTextCache.ts';
import { readSampledIpv4, readSampledIpv6, SAMPLED_IPV4_LENGTH, SAMPLED_IPV6_LENGTH } from './sampledIpRecords.ts';
import {
  COUNTER_BLOCK_GENERIC,
  COUNTER_BLOCK_GENERIC_ETHERNET,
  COUNTER_BLOCK_VLAN,
  type SflowCounterSample,
} from './sflowCounterSample.ts';
import type { SflowMalformedKind } from './sflowMalformedKind.ts';

/** packet_information types. */
const PACKET_HEADER = 1;
const PACKET_IPV4 = 2;
const PACKET_IPV6 = 3;
/** extended_information types. */
const EXT_SWITCH = 1;
const EXT_ROUTER = 2;
const EXT_GATEWAY = 3;
const EXT_USER = 4;
const EXT_URL = 5;
/** counters_version values. */
const COUNTERS_GENERIC = 1;
const COUNTERS_ETHERNET = 2;
const COUNTERS_TOKENRING = 3;
const COUNTERS_FDDI = 4;
const COUNTERS_VG = 5;
const COUNTERS_WAN = 6;
const COUNTERS_VLAN = 7;

/** Sequence, source id, sampling rate, pool, drops, input, output, packet_information type. */
const FLOW_FIXED = 32;
/** Sequence, source id, sampling interval, counters_version. */
const COUNTERS_FIXED = 16;
const IF_COUNTERS = 88;
const ETHERNET_SPECIFIC = 52;
const TOKENRING_SPECIFIC = 72;
const VG_SPECIFIC = 80;
const VLAN_COUNTERS = 28;
/** Extended records' counts beyond this are not plausible in one datagram. */
const MAX_ITEMS = 4096;

export class SflowV2V4SampleReader {
  readonly context = new FlowSampleContext();
  /** Why the last read returned -1. */
  problem: SflowMalformedKind = 'sampleTruncated';
  /** As FlowSampleReader.gotIp: false when no part of the sample said the packet was IP. */
  gotIp = false;
  private readonly packets: PacketHeaderDecoder;
  private readonly gatewayTexts = new GatewayTextCache();

  constructor(followStackedTags: boolean) {
    this.packets = new PacketHeaderDecoder({ followStackedTags });
  }

  /**
   * Reads the flow sample starting at `start` (after its sample type) of a
   * `version` 2 or 4 datagram ending at `end` into `rec` (reset by the
   * caller, datagram fields set). Returns the offset after the sample, or
   * -1 with `problem` set when it cannot be read to its end.
   */
  readFlow(b: Uint8Array, start: number, end: number, version: number, rec: FlowRecord): number {
    const ctx = this.context;
    ctx.reset();
    ctx.expanded = false;
    this.gotIp = false;

    if (start + FLOW_FIXED > end) return this.fail('sampleTruncated');
    ctx.sampleSequence = readU32(b, start);
    const id = readU32(b, start + 4);
    ctx.sourceIdType = id >>> 24;
    ctx.sourceIdIndex = id & 0x00ffffff;
    rec.sflowSourceIndex = ctx.sourceIdIndex;
    rec.samplingRate = readU32(b, start + 8);
    ctx.samplePool = readU32(b, start + 12);
    ctx.drops = readU32(b, start + 16);
    const input = readU32(b, start + 20);
    const output = readU32(b, start + 24);
    // v2/v4 interfaces: ifIndex, or for the output, top bit set = several (the rest their count).
    ctx.inputFormat = 0;
    ctx.inputValue = input;
    ctx.outputFormat = output >>> 31 === 1 ? 2 : 0;
    ctx.outputValue = output & 0x7fffffff;
    rec.inIface = input;
    rec.outIface = output;
    const packetType = readU32(b, start + 28);
    let at = start + FLOW_FIXED;

    switch (packetType) {
      case PACKET_HEADER:
        at = this.readHeader(b, at, end, rec);
        break;
      case PACKET_IPV4:
        if (at + SAMPLED_IPV4_LENGTH > end) return this.fail('sampleTruncated');
        readSampledIpv4(b, at, rec, ctx);
        this.gotIp = true;
        at += SAMPLED_IPV4_LENGTH;
        break;
      case PACKET_IPV6:
        if (at + SAMPLED_IPV6_LENGTH > end) return this.fail('sampleTruncated');
        readSampledIpv6(b, at, rec, ctx);
        this.gotIp = true;
        at += SAMPLED_IPV6_LENGTH;
        break;
      default:
        return this.fail('unknownV2V4Format');
    }
    if (at < 0) return -1;

    if (at + 4 > end) return this.fail('sampleTruncated');
    const extended = readU32(b, at);
    at += 4;
    if (extended > MAX_ITEMS) return this.fail('sampleTruncated');
    for (let i = 0; i < extended; i++) {
      if (at + 4 > end) return this.fail('sampleTruncated');
      const tag = readU32(b, at);
      at += 4;
      switch (tag) {
        case EXT_SWITCH:
          if (at + 16 > end) return this.fail('sampleTruncated');
          ctx.inVlan = readU32(b, at);
          ctx.inPriority = readU32(b, at + 4);
          ctx.outVlan = readU32(b, at + 8);
          ctx.outPriority = readU32(b, at + 12);
          ctx.hasSwitch = true;
          at += 16;
          break;
        case EXT_ROUTER:
          at = readRouterNextHop(b, at, end, rec);
          if (at < 0 || at + 8 > end) return this.fail('sampleTruncated');
          rec.srcMask = readU32(b, at) & 0xff;
          rec.dstMask = readU32(b, at + 4) & 0xff;
          at += 8;
          break;
        case EXT_GATEWAY:
          at = version === 2 ? this.readGatewayV2(b, at, end, rec) : this.readGatewayV4(b, at, end, rec);
          if (at < 0) return -1;
          break;
        case EXT_USER:
          // Source and destination user: two XDR strings.
          at = skipString(b, at, end);
          if (at >= 0) at = skipString(b, at, end);
          if (at < 0) return this.fail('sampleTruncated');
          break;
        case EXT_URL:
          // Direction, then the URL (v5 adds a host string; v2/v4 do not).
          at = at + 4 > end ? -1 : skipString(b, at + 4, end);
          if (at < 0) return this.fail('sampleTruncated');
          break;
        default:
          return this.fail('unknownV2V4Format');
      }
    }

    ctx.settle(rec);
    return at;
  }

  /**
   * Reads the counter sample starting at `start` (after its sample type)
   * into `c` (datagram fields set by the caller). Returns the offset after
   * it, or -1 with `problem` set.
   */
  readCounters(b: Uint8Array, start: number, end: number, c: SflowCounterSample): number {
    c.resetBlocks();
    c.expanded = false;
    if (start + COUNTERS_FIXED > end) return this.fail('sampleTruncated');
    c.sequence = readU32(b, start);
    const id = readU32(b, start + 4);
    c.sourceIdType = id >>> 24;
    c.sourceIdIndex = id & 0x00ffffff;
    const version = readU32(b, start + 12);
    const at = start + COUNTERS_FIXED;
    let length: number;
    switch (version) {
      case COUNTERS_GENERIC:
      case COUNTERS_FDDI:
      case COUNTERS_WAN:
        length = IF_COUNTERS;
        break;
      case COUNTERS_ETHERNET:
        length = IF_COUNTERS + ETHERNET_SPECIFIC;
        break;
      case COUNTERS_TOKENRING:
        length = IF_COUNTERS + TOKENRING_SPECIFIC;
        break;
      case COUNTERS_VG:
        length = IF_COUNTERS + VG_SPECIFIC;
        break;
      case COUNTERS_VLAN:
        length = VLAN_COUNTERS;
        break;
      default:
        return this.fail('unknownV2V4Format');
    }
    if (at + length > end) return this.fail('sampleTruncated');
    if (version === COUNTERS_GENERIC) {
      c.generic.read(b, at);
      c.hasGeneric = true;
      c.blockTags[c.blockCount++] = COUNTER_BLOCK_GENERIC;
    } else if (version === COUNTERS_ETHERNET) {
      c.generic.read(b, at);
      c.ethernet.read(b, at + IF_COUNTERS);
      c.hasGeneric = true;
      c.hasEthernet = true;
      c.blockTags[c.blockCount++] = COUNTER_BLOCK_GENERIC_ETHERNET;
    } else if (version === COUNTERS_VLAN) {
      c.vlan.read(b, at);
      c.hasVlan = true;
      c.blockTags[c.blockCount++] = COUNTER_BLOCK_VLAN;
    } else {
      // Token Ring, FDDI, 100BaseVG, WAN: generic counters first, no block (pmacct logs nothing).
      c.generic.read(b, at);
      c.hasGeneric = true;
      c.otherBlocks++;
    }
    return at + length;
  }

  private fail(kind: SflowMalformedKind): number {
    this.problem = kind;
    return -1;
  }

  /** packet_information HEADER: protocol, frame length, header<> (no "stripped" before v5). */
  private readHeader(b: Uint8Array, at: number, end: number, rec: FlowRecord): number {
    if (at + 12 > end) return this.fail('sampleTruncated');
    const ctx = this.context;
    const protocol = readU32(b, at);
    ctx.headerProtocol = protocol;
    ctx.sampledSize = readU32(b, at + 4);
    ctx.headerStripped = 0;
    const headerLength = readU32(b, at + 8);
    ctx.headerLength = headerLength;
    const headerStart = at + 12;
    if (headerLength > end - headerStart) return this.fail('sampleTruncated');
    const padded = headerStart + Math.ceil(headerLength / 4) * 4;
    if (padded > end) return this.fail('sampleTruncated');
    const found = this.packets.decode(protocol, b, headerStart, headerStart + headerLength, rec);
    if (found.ipAnnounced !== 0) this.gotIp = true;
    ctx.takeHeaderTag(found);
    return padded;
  }

  /** Version 2: my_as, src_as, src_peer_as, then a plain list of destination ASNs (unread by pmacct). */
  private readGatewayV2(b: Uint8Array, at: number, end: number, rec: FlowRecord): number {
    if (at + 16 > end) return this.fail('sampleTruncated');
    rec.srcAs = readU32(b, at + 4);
    rec.peerSrcAs = readU32(b, at + 8);
    const count = readU32(b, at + 12);
    at += 16;
    if (count > (end - at) / 4) return this.fail('sampleTruncated');
    this.context.hasGateway = true;
    return at + 4 * count;
  }

  /** Version 4: as v5 without the BGP next hop. */
  private readGatewayV4(b: Uint8Array, at: number, end: number, rec: FlowRecord): number {
    if (at + 16 > end) return this.fail('sampleTruncated');
    rec.srcAs = readU32(b, at + 4);
    rec.peerSrcAs = readU32(b, at + 8);
    const segments = readU32(b, at + 12);
    at += 16;
    if (segments > MAX_ITEMS) return this.fail('sampleTruncated');
    const pathStart = at;
    for (let s = 0; s < segments; s++) {
      if (at + 8 > end) return this.fail('sampleTruncated');
      const count = readU32(b, at + 4);
      at += 8;
      if (count > (end - at) / 4) return this.fail('sampleTruncated');
      if (count > 0) {
        if (s === 0) rec.peerDstAs = readU32(b, at);
        if (s === segments - 1) rec.dstAs = readU32(b, at + 4 * (count - 1));
      }
      at += 4 * count;
    }
    const pathEnd = at;
    if (at + 4 > end) return this.fail('sampleTruncated');
    const communities = readU32(b, at);
    at += 4;
    if (communities > (end - at) / 4) return this.fail('sampleTruncated');
    const communitiesStart = at;
    at += 4 * communities;
    if (at + 4 > end) return this.fail('sampleTruncated');
    rec.asPath = this.gatewayTexts.asPath(b, pathStart, pathEnd);
    rec.stdComm = this.gatewayTexts.stdCommunities(b, communitiesStart, at);
    rec.localPref = readU32(b, at);
    this.context.hasGateway = true;
    return at + 4;
  }
}

/** An extended router's next hop into ipNextHop; the offset after it, or -1. pmacct reads 16 bytes for an unknown type. */
function readRouterNextHop(b: Uint8Array, at: number, end: number, rec: FlowRecord): number {
  if (at + 4 > end) return -1;
  const type = readU32(b, at);
  if (type === 1) {
    if (at + 8 > end) return -1;
    rec.ipNextHop.setV4(b, at + 4);
    return at + 8;
  }
  if (at + 20 > end) return -1;
  if (type === 2) rec.ipNextHop.setV6(b, at + 4);
  return at + 20;
}

/** Skips an XDR string (length, bytes padded to 4); the offset after it, or -1. */
function skipString(b: Uint8Array, at: number, end: number): number {
  if (at + 4 > end) return -1;
  const length = readU32(b, at);
  at += 4;
  if (length > end - at) return -1;
  const next = at + Math.ceil(length / 4) * 4;
  return next > end ? -1 : next;
}
