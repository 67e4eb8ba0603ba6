/**
 * Fills the aggregate_primitives custom primitives of a FlowRecord from the
 * v9/IPFIX data record being decoded, the way pmacct 1.7.7's nfacctd does
 * (checked against the binary, see test/maps/customPrimitives.test.ts):
 *
 *  - the field is looked up by (PEN, id) in the record's template, once per
 *    template (the plan is cached on the Template);
 *  - u_int, hex, ip, mac and fixed str take the field only when its length
 *    in this record equals `len` (otherwise the value stays unset);
 *  - fixed raw takes a fixed-length field whatever its length: the first
 *    `len` bytes, and whether it was longer (printed as a trailing '-');
 *    a field declared variable-length needs exactly `len` bytes;
 *  - vlen str takes the bytes up to the first NUL, vlen raw all of them as
 *    pmacct's hex text; vlen primitives of IANA elements (PEN 0) stay
 *    empty, as in nfacctd 1.7.7 (e.g. subTemplateMultiList, id 293);
 *  - packet_ptr primitives read the record's packet (dataLinkFrameSection
 *    315 or layer2packetSection 104, parsed once by FrameSection) through
 *    PacketPointerFiller; a pointer that matches wins over field_type, as
 *    in nfacctd 1.7.7.
 *
 * Hot path: fixed-length values are copied into the record's byte area
 * without allocation; a vlen value makes its string.
 */
import type { FlowRecord } from '../../model/flowRecord.ts';
import { CUSTOM_VLEN, rawText, type CustomPrimitiveSet } from '../../model/customPrimitive.ts';
import type { Template } from './template.ts';
import { VARIABLE_LENGTH } from './informationElements.ts';
import type { PacketLayers } from '../packet/packetLayers.ts';
import { PacketPointerFiller } from '../packet/packetPointerFiller.ts';

const latin1 = new TextDecoder('latin1');
const utf8 = new TextDecoder('utf-8');

export class CustomFieldExtractor {
  private readonly set: CustomPrimitiveSet;
  private readonly count: number;
  private readonly lens: Int32Array;
  private readonly offsets: Int32Array;
  /** 0 fixed (exact length), 1 fixed raw, 2 vlen str, 3 vlen raw. */
  private readonly modes: Uint8Array;
  /** The packet_ptr primitives, null when there are none. */
  private readonly pointers: PacketPointerFiller | null;

  constructor(set: CustomPrimitiveSet) {
    this.set = set;
    this.count = set.size;
    this.lens = new Int32Array(this.count);
    this.offsets = new Int32Array(this.count);
    this.modes = new Uint8Array(this.count);
    for (const slot of set.slots) {
      const d = slot.def;
      this.lens[slot.index] = d.len;
      this.offsets[slot.index] = slot.byteOffset;
      this.modes[slot.index] = d.len === CUSTOM_VLEN ? (d.semantics === 'str' ? 2 : 3) : d.semantics === 'raw' ? 1 : 0;
    }
    const pointers = new PacketPointerFiller(set);
    this.pointers = pointers.count > 0 ? pointers : null;
  }

  /** Sizes the record's custom areas (once per record object). */
  prepare(rec: FlowRecord): void {
    this.set.prepare(rec);
  }

  /** Index of each primitive's field in the template, -1 when it has none. */
  private plan(t: Template): Int32Array {
    let plan = t.customPlan;
    if (plan === null || plan.length !== this.count) {
      plan = new Int32Array(this.count);
      for (const slot of this.set.slots) {
        const d = slot.def;
        plan[slot.index] = d.fieldType < 0 || (d.len === CUSTOM_VLEN && d.pen === 0) ? -1 : t.fieldIndex(d.pen, d.fieldType);
      }
      t.customPlan = plan;
    }
    return plan;
  }

  /**
   * Fills the (already reset) record from the data record at `base`;
   * `frame` is the layer offsets of the packet the record carries (already
   * parsed for it), null when it carries none.
   */
  fill(t: Template, b: Uint8Array, base: number, rec: FlowRecord, frame: PacketLayers | null): void {
    const plan = this.plan(t);
    const out = rec.customBytes;
    const lengths = rec.customLengths;
    for (let i = 0; i < this.count; i++) {
      const f = plan[i]!;
      if (f < 0) continue;
      const got = t.lengths[f]!;
      const at = base + t.offsets[f]!;
      const mode = this.modes[i]!;
      const len = this.lens[i]!;
      if (mode === 0) {
        if (got !== len) continue;
        const to = this.offsets[i]!;
        for (let j = 0; j < len; j++) out[to + j] = b[at + j]!;
        lengths[i] = got;
      } else if (mode === 1) {
        // Fields declared variable-length need the exact length, as mode 0.
        if (got !== len && t.declaredLengths[f] === VARIABLE_LENGTH) continue;
        const to = this.offsets[i]!;
        const n = got < len ? got : len;
        for (let j = 0; j < n; j++) out[to + j] = b[at + j]!;
        lengths[i] = got;
      } else if (mode === 2) {
        let end = at;
        const stop = at + got;
        while (end < stop && b[end] !== 0) end++;
        rec.customTexts[i] = end === at ? '' : decodeText(b, at, end);
        lengths[i] = got;
      } else {
        rec.customTexts[i] = rawText(b, at, got);
        lengths[i] = got;
      }
    }
    if (frame !== null && this.pointers !== null) this.pointers.fill(frame, rec);
  }
}

function decodeText(b: Uint8Array, from: number, to: number): string {
  const bytes = b.subarray(from, to);
  for (let j = 0; j < bytes.length; j++) if (bytes[j]! >= 0x80) return utf8.decode(bytes);
  return latin1.decode(bytes);
}
