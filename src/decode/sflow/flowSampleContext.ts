/**
 * The values of the flow sample being emitted that have no FlowRecord
 * field (yet): sample identity, interface formats, the egress VLAN and the
 * extended gateway's path, communities and local preference. Refilled per
 * sample; read it inside the emit callback. The AS path and communities
 * are left in the datagram as offsets, so nothing is built unless asked.
 */
import { readU32 } from '../netflow/wireReaders.ts';

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
  /** Extended switch (1001): egress VLAN and priority (ingress ones are vlan/cos on the record). */
  hasSwitch = false;
  outVlan = 0;
  outPriority = 0;
  /** Extended gateway (1003). */
  hasGateway = false;
  localPref = 0;
  /** The datagram the offsets below point into (valid during the callback). */
  payload: Uint8Array = new Uint8Array(0);
  /** First AS-path segment (type, count, ASNs...) and the number of segments. */
  asPathOffset = 0;
  asPathSegments = 0;
  /** First community (u32 each) and how many. */
  communitiesOffset = 0;
  communitiesCount = 0;

  reset(): void {
    this.headerProtocol = 0;
    this.headerStripped = 0;
    this.headerLength = 0;
    this.hasSwitch = false;
    this.outVlan = 0;
    this.outPriority = 0;
    this.hasGateway = false;
    this.localPref = 0;
    this.asPathOffset = 0;
    this.asPathSegments = 0;
    this.communitiesOffset = 0;
    this.communitiesCount = 0;
  }

  /** The destination AS path as pmacct writes it (ASNs separated by spaces); builds a string. */
  asPathText(): string {
    const b = this.payload;
    const parts: string[] = [];
    let at = this.asPathOffset;
    for (let s = 0; s < this.asPathSegments; s++) {
      const count = readU32(b, at + 4);
      at += 8;
      for (let i = 0; i < count; i++, at += 4) parts.push(String(readU32(b, at)));
    }
    return parts.join(' ');
  }

  /** Standard communities as pmacct writes them ("as:value", well-known names); builds a string. */
  communitiesText(): string {
    const parts: string[] = [];
    for (let i = 0; i < this.communitiesCount; i++) {
      const c = readU32(this.payload, this.communitiesOffset + 4 * i);
      if (c === 0xffffff01) parts.push('no-export');
      else if (c === 0xffffff02) parts.push('no-advertise');
      else if (c === 0xffffff03) parts.push('local-AS');
      else if (c === 0) parts.push('internet');
      else parts.push(`${c >>> 16}:${c & 0xffff}`);
    }
    return parts.join(' ');
  }
}
