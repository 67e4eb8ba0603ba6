/**
 * The values of the flow sample being emitted that have no FlowRecord
 * field (yet): sample identity, interface formats, the switch's VLANs,
 * whether an extended gateway was read. Refilled per sample; read it
 * inside the emit callback. It also settles, the same way for every sFlow
 * version, the record fields pmacct derives from several records at the
 * end of a sample (settle()), and the packet_ptr custom primitives from the
 * sample's raw packet header.
 */
import { AF_INET6, AF_NONE, type FlowRecord } from '../../model/flowRecord.ts';
import type { PacketHeaderResult } from '../packet/packetHeaderDecoder.ts';
import type { PacketPointerFiller } from '../packet/packetPointerFiller.ts';

export class FlowSampleContext {
  /** True for sample type 3 (expanded). */
  expanded = false;
  /** The flow sample's own sequence number and data source. */
  sampleSequence = 0;
  sourceIdType = 0;
  sourceIdIndex = 0;
  samplePool = 0;
  drops = 0;
  /**
   * Interface format (0 ifIndex, 1 discarded, 2 several, 3 reserved) and
   * value without the format bits. The record's inIface/outIface keep the
   * raw 32-bit value of the compact form, as sfacctd prints it.
   */
  inputFormat = 0;
  inputValue = 0;
  outputFormat = 0;
  outputValue = 0;
  /** Raw packet header record: protocol, stripped bytes, bytes sampled. */
  headerProtocol = 0;
  headerStripped = 0;
  headerLength = 0;
  /** Extended switch (1001) VLANs and priorities, or the header's 802.1Q tag as ingress ones (see takeHeaderTag). */
  hasSwitch = false;
  inVlan = 0;
  inPriority = 0;
  outVlan = 0;
  outPriority = 0;
  /**
   * pmacct's sampledPacketSize, the bytes of the sample: the raw header's
   * frame length, overwritten by a sampled IPv4/IPv6 record's length, a
   * sampled Ethernet record's only when nothing else gave one.
   */
  sampledSize = 0;
  /** An extended gateway record (1003) was read: its fields are on the record. */
  hasGateway = false;
  /** aggregate_primitives packet_ptr primitives, filled from the raw header at settle(); null without any. */
  packetPointers: PacketPointerFiller | null = null;
  /** The decoder result of the sample's raw header record (its layer offsets), null when it had none. */
  private header: PacketHeaderResult | null = null;

  reset(): void {
    this.header = null;
    this.headerProtocol = 0;
    this.headerStripped = 0;
    this.headerLength = 0;
    this.hasSwitch = false;
    this.inVlan = 0;
    this.inPriority = 0;
    this.outVlan = 0;
    this.outPriority = 0;
    this.sampledSize = 0;
    this.hasGateway = false;
  }

  /**
   * A sampled header's 802.1Q tag counts only where no switch record set the
   * VLAN or priority before it. The result is also kept (it is the decoder's
   * reused object, valid until the next header) for the packet_ptr
   * primitives: the last header record of a sample is the one they read.
   */
  takeHeaderTag(found: PacketHeaderResult): void {
    this.header = found;
    if (!found.hasVlanTag) return;
    if (this.inVlan === 0 && this.outVlan === 0) this.inVlan = found.vlanId;
    if (this.inPriority === 0 && this.outPriority === 0) this.inPriority = found.vlanPriority;
  }

  /**
   * The end of a sample, as sfacctd 1.7.7 prints it:
   * - vlan and cos fall back to the egress VLAN and priority when the
   *   ingress ones are 0 (a switch record (0, 0, 300, 4) gives vlan 300,
   *   cos 4), kept in 16 and 8 bits (0xFFFFFFFF "unknown" prints 65535);
   * - packets 1, flows 1, bytes the sampled size (no renormalisation here);
   * - an IPv6 sample without a BGP next hop takes the extended router's
   *   IPv6 next hop as peer_dst_ip (not an IPv4 one), and an IPv4 BGP next
   *   hop of an IPv6 sample prints IPv4-mapped (::ffff:a.b.c.d). An IPv4
   *   sample's IPv6 BGP next hop is kept, where pmacct drops it
   *   (docs/compat.md#sflow-ipv6-next-hop).
   */
  settle(rec: FlowRecord): void {
    rec.vlan = (this.inVlan !== 0 ? this.inVlan : this.outVlan) & 0xffff;
    rec.cos = (this.inPriority !== 0 ? this.inPriority : this.outPriority) & 0xff;
    rec.packets = 1;
    rec.flows = 1;
    rec.bytes = this.sampledSize;
    if (rec.srcHost.family === AF_INET6) {
      if (rec.bgpNextHop.family === AF_NONE && rec.ipNextHop.family === AF_INET6) rec.bgpNextHop.copyFrom(rec.ipNextHop);
      else rec.bgpNextHop.mapV4ToV6();
    }
    if (this.packetPointers !== null && this.header !== null) this.packetPointers.fill(this.header.layers, rec);
  }
}
