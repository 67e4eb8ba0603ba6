/**
 * What the decoder knows about the record it just emitted beyond the
 * FlowRecord itself: values FlowRecord has no field for yet, the time
 * pmacct would bin the record by, and raw access to every field of the
 * record's template (by PEN and id) for custom primitives. Refilled for
 * each record, like the FlowRecord; read it inside the emit callback.
 */
import type { Template } from './template.ts';

/** How pmacct classified the record (its flow_type). */
export const RECORD_UNCLASSIFIED = 0;
export const RECORD_IPV4 = 4;
export const RECORD_IPV6 = 6;
/** NAT/firewall events and records without byte counters: no counters in JSON output. */
export const RECORD_EVENT = 100;
/** The record carries a raw packet (dataLinkFrameSection / layer2packetSection). */
export const RECORD_FRAME = 150;
/** An options data record, emitted only with nfacctd_account_options. */
export const RECORD_OPTION = 200;

export class NetflowRecordContext {
  /** One of RECORD_*. */
  kind = RECORD_UNCLASSIFIED;
  /** Export protocol version of the datagram: 5, 9 or 10. */
  version = 0;
  /** v9 source id / IPFIX observation domain; for v5 engine_type << 8 | engine_id. */
  domainId = 0;
  /** v5 header engine type and id. */
  engineType = 0;
  engineId = 0;

  // --- raw field access for custom primitives (aggregate_primitives)
  template: Template | null = null;
  bytes: Uint8Array = new Uint8Array(0);
  /** Offset of the record in `bytes`. */
  recordOffset = 0;

  /** Index of a field of the current record's template, -1 when absent (v5 records have none). */
  fieldIndex(pen: number, id: number, occurrence = 0): number {
    return this.template ? this.template.fieldIndex(pen, id, occurrence) : -1;
  }

  /** Offset of field `index` in `bytes` for the current record. */
  fieldOffset(index: number): number {
    return this.template ? this.recordOffset + this.template.offsets[index] : -1;
  }

  /** Length of field `index` in the current record (variable-length fields resolved). */
  fieldLength(index: number): number {
    return this.template ? this.template.lengths[index] : 0;
  }

  /** A copy of a field's bytes; allocates, so meant for configuration-time checks and tests. */
  fieldBytes(pen: number, id: number, occurrence = 0): Uint8Array | null {
    const i = this.fieldIndex(pen, id, occurrence);
    if (i < 0) return null;
    const off = this.fieldOffset(i);
    return this.bytes.slice(off, off + this.fieldLength(i));
  }
}
