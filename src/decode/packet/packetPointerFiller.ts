/**
 * Fills the packet_ptr custom primitives (aggregate_primitives) of a
 * FlowRecord from a decoded packet's layer offsets (PacketLayers): sFlow
 * raw header records in sfacctd, dataLinkFrameSection in nfacctd.
 *
 * As pmacct 1.7.7 (checked against sfacctd and nfacctd, see
 * test/maps/customPrimitivesPtr.test.ts):
 *  - every pointer of a primitive is tried in map order and each one that
 *    matches overwrites the value, so the LAST matching pointer wins
 *    (`packet_ptr=mac packet_ptr=packet+6` gives the source MAC);
 *  - a pointer matches when its layer is present, its protocol (if given)
 *    is the layer's EtherType (l3) or IP protocol (l4), and `len` bytes from
 *    layer + offset were captured; a primitive no pointer matches keeps
 *    what it had (unset, or a field_type value in nfacctd);
 *  - `len` bytes are copied as they are; raw, u_int, hex, ip, mac and str
 *    print them as for field_type primitives.
 * Differences, where pmacct drops bytes that are plainly there
 * (docs/compat.md#packet-ptr): the last byte of the packet is readable
 * (pmacct wants offset + len < captured length), and lower layers keep
 * their pointers when a higher one is cut short, is a later fragment or is
 * not IP (pmacct then has no pointer at all).
 *
 * A vlen str primitive (nfacctd only) takes the bytes up to the first NUL
 * or the end of the packet.
 *
 * Hot path: fixed-length values are byte copies into the record's custom
 * area; nothing is allocated unless a vlen string is made.
 */
import type { FlowRecord } from '../../model/flowRecord.ts';
import { CUSTOM_VLEN, type CustomPrimitiveSet } from '../../model/customPrimitive.ts';
import { PacketLayer, type PacketLayers } from './packetLayers.ts';

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class PacketPointerFiller {
  /** Number of primitives that have pointers. */
  readonly count: number;
  /** Per primitive: its slot index, byte offset in customBytes (-1 vlen), len (CUSTOM_VLEN for vlen). */
  private readonly slotIndex: Int32Array;
  private readonly byteOffset: Int32Array;
  private readonly lens: Int32Array;
  /** Per primitive: its pointers are pointerLayer/Proto/Offset[firstPointer[i], firstPointer[i + 1]). */
  private readonly firstPointer: Int32Array;
  private readonly pointerLayer: Int32Array;
  private readonly pointerProto: Int32Array;
  private readonly pointerOffset: Int32Array;

  constructor(set: CustomPrimitiveSet) {
    const slots = set.slots.filter((s) => s.def.pointers.length > 0);
    this.count = slots.length;
    this.slotIndex = Int32Array.from(slots, (s) => s.index);
    this.byteOffset = Int32Array.from(slots, (s) => s.byteOffset);
    this.lens = Int32Array.from(slots, (s) => s.def.len);
    const pointers = slots.flatMap((s) => s.def.pointers);
    this.pointerLayer = Int32Array.from(pointers, (p) => p.layer);
    this.pointerProto = Int32Array.from(pointers, (p) => p.proto);
    this.pointerOffset = Int32Array.from(pointers, (p) => p.offset);
    this.firstPointer = new Int32Array(slots.length + 1);
    let n = 0;
    slots.forEach((s, i) => {
      this.firstPointer[i] = n;
      n += s.def.pointers.length;
    });
    this.firstPointer[slots.length] = n;
  }

  /** Fills `rec` (already sized by CustomPrimitiveSet.prepare) from the packet `layers` describes. */
  fill(layers: PacketLayers, rec: FlowRecord): void {
    const b = layers.bytes;
    const end = layers.end;
    const at = layers.at;
    for (let i = 0; i < this.count; i++) {
      const len = this.lens[i]!;
      let from = -1;
      for (let p = this.firstPointer[i]!; p < this.firstPointer[i + 1]!; p++) {
        const base = at[this.pointerLayer[p]!]!;
        if (base < 0) continue;
        const proto = this.pointerProto[p]!;
        if (proto >= 0) {
          // Only l3 and l4 pointers carry a protocol (the parser enforces it).
          if ((this.pointerLayer[p] === PacketLayer.l3 ? layers.l3Proto : layers.l4Proto) !== proto) continue;
        }
        const start = base + this.pointerOffset[p]!;
        if (len === CUSTOM_VLEN ? start < end : start + len <= end) from = start;
      }
      if (from < 0) continue;
      const slot = this.slotIndex[i]!;
      if (len === CUSTOM_VLEN) {
        let stop = from;
        while (stop < end && b[stop] !== 0) stop++;
        rec.customTexts[slot] = stop === from ? '' : decodeText(b, from, stop);
        rec.customLengths[slot] = stop - from;
      } else {
        const out = rec.customBytes;
        const to = this.byteOffset[i]!;
        for (let j = 0; j < len; j++) out[to + j] = b[from + j]!;
        rec.customLengths[slot] = len;
      }
    }
  }
}

function decodeText(b: Uint8Array, from: number, to: number): string {
  const bytes = b.subarray(from, to);
  for (let j = 0; j < bytes.length; j++) if (bytes[j]! >= 0x80) return utf8.decode(bytes);
  return latin1.decode(bytes);
}
