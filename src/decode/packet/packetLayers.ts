/**
 * Where each layer of a decoded packet starts: what the packet_ptr custom
 * primitives (aggregate_primitives) point into. A decoder fills one reused
 * instance while it walks the packet, so reading a primitive later costs no
 * second parse. Offsets are absolute indexes into the decoded byte array,
 * -1 when the layer is absent.
 *
 * The layers, as pmacct names them: `packet` (first byte of the header),
 * `mac` (Ethernet header), `vlan` (the first 802.1Q tag's TCI), `mpls` (the
 * first label stack entry), `l3` (IPv4/IPv6 header), `l4` (the header after
 * IP and its extension headers), `payload` (after the TCP/UDP header, or the
 * L4 start for other protocols).
 */

/** Layer numbers, in pmacct's order (the index in model/customPrimitive.ts PACKET_POINTER_LAYERS). */
export const PacketLayer = {
  packet: 0,
  mac: 1,
  vlan: 2,
  mpls: 3,
  l3: 4,
  l4: 5,
  payload: 6,
} as const;
export type PacketLayer = (typeof PacketLayer)[keyof typeof PacketLayer];

export class PacketLayers {
  /** Decoded bytes (the array the offsets index). */
  bytes: Uint8Array = EMPTY;
  /** End of the captured bytes (exclusive). */
  end = 0;
  /** Start offset of each layer (PacketLayer index), -1 when absent. */
  readonly at = new Int32Array(7).fill(-1);
  /** EtherType of the L3 header (0x800, 0x86dd), 0 when none: what `l3:<proto>` matches. */
  l3Proto = 0;
  /** IP protocol of the L4 header, -1 when none: what `l4:<proto>` matches. */
  l4Proto = -1;

  /** Starts a new packet `bytes[start, end)`: only the `packet` layer is known. */
  begin(bytes: Uint8Array, start: number, end: number): void {
    this.bytes = bytes;
    this.end = end;
    this.at.fill(-1);
    this.at[PacketLayer.packet] = start;
    this.l3Proto = 0;
    this.l4Proto = -1;
  }

  /** No packet at all. */
  clear(): void {
    this.bytes = EMPTY;
    this.end = 0;
    this.at.fill(-1);
    this.l3Proto = 0;
    this.l4Proto = -1;
  }

  setL3(offset: number, etherType: number): void {
    this.at[PacketLayer.l3] = offset;
    this.l3Proto = etherType;
  }

  /**
   * The L4 header at `offset` of `protocol`; `payload` is where its data
   * starts, -1 when unknown (a TCP header cut before its data offset).
   */
  setL4(offset: number, protocol: number, payload: number): void {
    this.at[PacketLayer.l4] = offset;
    this.l4Proto = protocol;
    this.at[PacketLayer.payload] = payload;
  }
}

const EMPTY = new Uint8Array(0);

const PROTO_TCP = 6;
const PROTO_UDP = 17;
const UDP_HEADER = 8;
const TCP_DATA_OFFSET = 12;

const VXLAN_PORT = 4789;
const VXLAN_HEADER = 8;
const VXLAN_FLAG_I = 0x08;

/**
 * Records the L4 header at `at` (inside `[.., end)`) of `protocol` and its
 * payload: after the TCP header (data offset × 4, when that byte was
 * captured), after the 8-byte UDP header (and after a VXLAN header, as
 * pmacct: its payload is the inner frame), else the L4 start itself, as
 * pmacct defines payload for protocols whose header it does not know.
 */
export function recordTransport(layers: PacketLayers, bytes: Uint8Array, at: number, end: number, protocol: number): void {
  let payload = at;
  if (protocol === PROTO_UDP) {
    payload = at + UDP_HEADER;
    const vxlan = at + 4 <= end && ((bytes[at + 2]! << 8) | bytes[at + 3]!) === VXLAN_PORT;
    if (vxlan && payload + VXLAN_HEADER <= end && (bytes[payload]! & VXLAN_FLAG_I) !== 0) payload += VXLAN_HEADER;
  } else if (protocol === PROTO_TCP) payload = at + TCP_DATA_OFFSET < end ? at + ((bytes[at + TCP_DATA_OFFSET]! >>> 4) << 2) : -1;
  layers.setL4(at, protocol, payload);
}
