/**
 * The one record model every collector fills and every plugin reads.
 *
 * A decoder owns one FlowRecord and refills it for each flow (`reset()` then
 * set fields), so the hot path allocates nothing: addresses live in fixed
 * 16-byte arrays with a family beside them, times as seconds + microseconds,
 * counters as plain numbers (exact up to 2^53). A consumer that keeps data
 * beyond the call copies what it needs (the aggregation cache copies the key).
 */

/** Address family markers stored beside each address array. 0 = unset. */
export const AF_NONE = 0;
export const AF_INET = 4;
export const AF_INET6 = 6;

/** Sampling direction as pmacct prints it: unknown, ingress, egress. */
export const SAMPLING_DIRECTION_UNKNOWN = 0x75; // 'u'
export const SAMPLING_DIRECTION_INGRESS = 0x69; // 'i'
export const SAMPLING_DIRECTION_EGRESS = 0x65; // 'e'

/** An IPv4 or IPv6 address held in place; IPv4 uses the first 4 bytes. */
export class IpField {
  family = AF_NONE;
  readonly bytes = new Uint8Array(16);
  /** The same 16 bytes as four native-endian words, for fast key building. */
  readonly words = new Uint32Array(this.bytes.buffer);

  clear(): void {
    if (this.family !== AF_NONE) {
      this.family = AF_NONE;
      // Word stores: TypedArray.fill costs more than the four writes on this path.
      const w = this.words;
      w[0] = 0;
      w[1] = 0;
      w[2] = 0;
      w[3] = 0;
    }
  }

  setV4(src: Uint8Array, offset: number): void {
    const b = this.bytes;
    b[0] = src[offset]!;
    b[1] = src[offset + 1]!;
    b[2] = src[offset + 2]!;
    b[3] = src[offset + 3]!;
    if (this.family === AF_INET6) clearAfterV4(this.words);
    this.family = AF_INET;
  }

  setV6(src: Uint8Array, offset: number): void {
    this.bytes.set(src.subarray(offset, offset + 16));
    this.family = AF_INET6;
  }

  /** Sets from a host-order 32-bit IPv4 value. */
  setV4Number(value: number): void {
    const b = this.bytes;
    b[0] = value >>> 24;
    b[1] = (value >>> 16) & 0xff;
    b[2] = (value >>> 8) & 0xff;
    b[3] = value & 0xff;
    if (this.family === AF_INET6) clearAfterV4(this.words);
    this.family = AF_INET;
  }

  /** Turns an IPv4 address into its IPv4-mapped IPv6 form (::ffff:a.b.c.d). */
  mapV4ToV6(): void {
    if (this.family !== AF_INET) return;
    const b = this.bytes;
    b[12] = b[0]!;
    b[13] = b[1]!;
    b[14] = b[2]!;
    b[15] = b[3]!;
    b.fill(0, 0, 10);
    b[10] = 0xff;
    b[11] = 0xff;
    this.family = AF_INET6;
  }

  copyFrom(other: IpField): void {
    this.family = other.family;
    this.bytes.set(other.bytes);
  }
}

function clearAfterV4(w: Uint32Array): void {
  w[1] = 0;
  w[2] = 0;
  w[3] = 0;
}

/** A timestamp with microsecond resolution; sec 0 means "not reported". */
export class TimeField {
  sec = 0;
  usec = 0;

  set(sec: number, usec: number): void {
    this.sec = sec;
    this.usec = usec;
  }

  setMillis(ms: number): void {
    const sec = Math.floor(ms / 1000);
    this.sec = sec;
    this.usec = (ms - sec * 1000) * 1000;
  }

  clear(): void {
    this.sec = 0;
    this.usec = 0;
  }
}

export class FlowRecord {
  // --- L2 (MACs and the RD sit in one 8-byte-aligned buffer so reset() clears them with word stores)
  private readonly l2Words = new Uint32Array(6);
  readonly srcMac = new Uint8Array(this.l2Words.buffer, 0, 6);
  readonly dstMac = new Uint8Array(this.l2Words.buffer, 8, 6);
  vlan = 0;
  cos = 0;
  etype = 0;

  // --- L3 / L4
  readonly srcHost = new IpField();
  readonly dstHost = new IpField();
  srcMask = 0;
  dstMask = 0;
  proto = 0;
  tos = 0;
  tcpFlags = 0;
  srcPort = 0;
  dstPort = 0;

  // --- routing (from the export protocol until a BGP daemon exists)
  srcAs = 0;
  dstAs = 0;
  inIface = 0;
  outIface = 0;
  /** The exporter (NetFlow/IPFIX source address, sFlow agent). */
  readonly peerSrcIp = new IpField();
  /** Adjacent AS numbers as exported (IE 129/128): peer_src_as / peer_dst_as with nfacctd_as: netflow. */
  peerSrcAs = 0;
  peerDstAs = 0;
  /** The next hop pmacct reports as peer_dst_ip: the BGP next hop the exporter sent, first in pmacct's field order. */
  readonly bgpNextHop = new IpField();
  /**
   * Set only when pmacct's next-hop walk ends at an IP next hop (never
   * together with bgpNextHop); it is peer_dst_ip with use_ip_next_hop.
   */
  readonly ipNextHop = new IpField();
  /**
   * BGP attributes as the export protocol carries them (sFlow's extended
   * gateway): the AS path and standard communities as pmacct's texts
   * (space-separated; the print output turns spaces into '_'), the local
   * preference.
   */
  asPath = '';
  stdComm = '';
  localPref = 0;
  /**
   * BGP attributes only a BGP lookup fills (src/enrich/bgpLookupStage.ts):
   * the destination route's MED, extended and large communities, and the
   * source route's attributes (pmacct's src_* primitives). Texts are the
   * RIB's interned strings, assigned by reference.
   */
  med = 0;
  extComm = '';
  lrgComm = '';
  srcAsPath = '';
  srcStdComm = '';
  srcExtComm = '';
  srcLrgComm = '';
  srcLocalPref = 0;
  srcMed = 0;

  // --- sampling
  samplingRate = 0;
  samplingDirection = SAMPLING_DIRECTION_UNKNOWN;

  // --- MPLS
  mplsLabelTop = 0;
  mplsLabelBottom = 0;
  mplsStackDepth = 0;
  /** Route distinguisher, 8 bytes as on the wire (type, then value). */
  readonly mplsVpnRd = new Uint8Array(this.l2Words.buffer, 16, 8);
  mplsPwId = 0;

  // --- NAT / firewall events
  natEvent = 0;
  fwEvent = 0;
  readonly postNatSrcHost = new IpField();
  readonly postNatDstHost = new IpField();
  postNatSrcPort = 0;
  postNatDstPort = 0;

  // --- tunnels
  vxlan = 0;
  /** The packet inside a VXLAN tunnel (sfacctd's tunnel_* primitives); unset when there is none. */
  private readonly tunnelL2Words = new Uint32Array(4);
  readonly tunnelSrcMac = new Uint8Array(this.tunnelL2Words.buffer, 0, 6);
  readonly tunnelDstMac = new Uint8Array(this.tunnelL2Words.buffer, 8, 6);
  readonly tunnelSrcHost = new IpField();
  readonly tunnelDstHost = new IpField();
  tunnelProto = 0;
  tunnelTos = 0;
  tunnelSrcPort = 0;
  tunnelDstPort = 0;

  // --- times
  /**
   * The time pmacct files the flow under for *_history bins (its
   * time_start), which differs from timestamp_start: v5 rounds differently,
   * nfacctd_time_secs reads times as seconds, and 0 (nfacctd_time_new)
   * means "use the arrival time".
   */
  accountingTimeSec = 0;
  readonly timestampStart = new TimeField();
  readonly timestampEnd = new TimeField();
  readonly timestampArrival = new TimeField();
  readonly timestampExport = new TimeField();

  // --- export protocol
  exportProtoSeqno = 0;
  exportProtoVersion = 0;
  exportProtoSysid = 0;
  /** NetFlow v5 header engine_type (pre_tag_map engine_type); 0 for other versions. */
  engineType = 0;
  /** sFlow sample type as (enterprise << 12) | format, e.g. 1 flow sample, 3 expanded (pre_tag_map sample_type). */
  sampleType = 0;
  /**
   * sFlow: the flow sample's data source index (ds_index, low 24 bits of
   * the source id), which pre_tag_map direction compares with the in/out
   * interface; 0 for NetFlow.
   */
  sflowSourceIndex = 0;

  // --- template facts pre_tag_map matches in NetFlow v9/IPFIX (flowset_id, is_bi_flow, cvlan, fwdstatus)
  /** Template id of the data set the record came from; 0 for v5 and sFlow. */
  flowsetId = 0;
  /** The template has both initiatorOctets (231) and responderOctets (232): pmacct's bi-flow. */
  isBiFlow = false;
  /** dot1qCustomerVlanId (IE 245) as pmacct reads it; 0 when absent. */
  cvlan = 0;
  /** forwardingStatus (IE 89) when exported in 1 byte (the only size pmacct reads), else -1. */
  fwdStatus = -1;

  // --- tagging (filled by maps; 0 / '' until then)
  tag = 0;
  tag2 = 0;
  label = '';

  // --- aggregate_primitives custom primitives (sized by CustomPrimitiveSet.prepare, filled by the decoder)
  /** Fixed-length values at each primitive's byte offset; zero when the field is absent. */
  customBytes: Uint8Array = new Uint8Array(0);
  /** Per primitive: the length of the field the record carried, -1 when absent. */
  customLengths: Int32Array = new Int32Array(0);
  /** Per variable-length primitive: its text ('' when absent). */
  customTexts: string[] = [];

  // --- counters
  packets = 0;
  bytes = 0;
  flows = 0;

  /**
   * Event records (NAT/firewall events, NEL/NSEL) carry no traffic; pmacct
   * omits their counters in JSON output, so the flag travels with the record.
   */
  isEvent = false;

  /**
   * An options data record (nfacctd_account_options): pre_tag_map's
   * sample_type=option matches it, flow and event do not.
   */
  isOption = false;

  /** Clears the per-flow fields; exporter/arrival fields are set per datagram by the caller. */
  reset(): void {
    const l2 = this.l2Words;
    l2[0] = 0;
    l2[1] = 0;
    l2[2] = 0;
    l2[3] = 0;
    l2[4] = 0;
    l2[5] = 0;
    this.vlan = 0;
    this.cos = 0;
    this.etype = 0;
    this.srcHost.clear();
    this.dstHost.clear();
    this.srcMask = 0;
    this.dstMask = 0;
    this.proto = 0;
    this.tos = 0;
    this.tcpFlags = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.srcAs = 0;
    this.dstAs = 0;
    this.peerSrcAs = 0;
    this.peerDstAs = 0;
    this.accountingTimeSec = 0;
    this.inIface = 0;
    this.outIface = 0;
    this.bgpNextHop.clear();
    this.ipNextHop.clear();
    this.asPath = '';
    this.stdComm = '';
    this.localPref = 0;
    this.med = 0;
    this.extComm = '';
    this.lrgComm = '';
    this.srcAsPath = '';
    this.srcStdComm = '';
    this.srcExtComm = '';
    this.srcLrgComm = '';
    this.srcLocalPref = 0;
    this.srcMed = 0;
    this.samplingRate = 0;
    this.samplingDirection = SAMPLING_DIRECTION_UNKNOWN;
    this.mplsLabelTop = 0;
    this.mplsLabelBottom = 0;
    this.mplsStackDepth = 0;
    this.mplsPwId = 0;
    this.natEvent = 0;
    this.fwEvent = 0;
    this.postNatSrcHost.clear();
    this.postNatDstHost.clear();
    this.postNatSrcPort = 0;
    this.postNatDstPort = 0;
    this.vxlan = 0;
    this.clearTunnel();
    this.timestampStart.clear();
    this.timestampEnd.clear();
    this.sflowSourceIndex = 0;
    this.flowsetId = 0;
    this.isBiFlow = false;
    this.cvlan = 0;
    this.fwdStatus = -1;
    this.tag = 0;
    this.tag2 = 0;
    this.label = '';
    if (this.customLengths.length > 0) this.clearCustom();
    this.packets = 0;
    this.bytes = 0;
    this.flows = 0;
    this.isEvent = false;
    this.isOption = false;
  }

  /** Clears the custom primitive values (absent, zero, empty). */
  clearCustom(): void {
    this.customBytes.fill(0);
    this.customLengths.fill(-1);
    const t = this.customTexts;
    for (let i = 0; i < t.length; i++) t[i] = '';
  }

  clearTunnel(): void {
    const t = this.tunnelL2Words;
    t[0] = 0;
    t[1] = 0;
    t[2] = 0;
    t[3] = 0;
    this.tunnelSrcHost.clear();
    this.tunnelDstHost.clear();
    this.tunnelProto = 0;
    this.tunnelTos = 0;
    this.tunnelSrcPort = 0;
    this.tunnelDstPort = 0;
  }
}
