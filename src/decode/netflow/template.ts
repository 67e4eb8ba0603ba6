/**
 * A NetFlow v9 / IPFIX (options) template as received: its fields in wire
 * order, where each sits in a record, and the compiled plans that turn a
 * record into a FlowRecord (data templates) or into exporter state
 * (options templates). Fields of any id or enterprise are kept, so custom
 * primitives can read them by (PEN, id).
 */
import { VARIABLE_LENGTH } from './informationElements.ts';
import type { OptionsLayout } from './optionsLayout.ts';
import type { RecordLayout } from './recordLayout.ts';

export interface TemplateFields {
  /** Information element ids, enterprise bit cleared. */
  readonly ids: Uint16Array;
  /** Private enterprise numbers, 0 for IANA elements. */
  readonly pens: Uint32Array;
  /** Lengths as declared; VARIABLE_LENGTH (65535) for IPFIX variable-length fields. */
  readonly declaredLengths: Uint16Array;
}

export class Template {
  readonly id: number;
  readonly isOptions: boolean;
  /** Options templates: how many leading fields are scope fields. */
  readonly scopeCount: number;
  readonly fieldCount: number;
  readonly ids: Uint16Array;
  readonly pens: Uint32Array;
  readonly declaredLengths: Uint16Array;
  /** Offset of each field from the record start; refreshed per record when lengths vary. */
  readonly offsets: Int32Array;
  /** Length of each field in the current record. */
  readonly lengths: Int32Array;
  readonly hasVariableLength: boolean;
  /** Fixed templates: the record length. Variable ones: the smallest possible record. */
  readonly recordLength: number;
  /** The template record bytes, to recognise an unchanged re-announcement cheaply. */
  readonly definition: Uint8Array;
  /** Compiled field plan for data records (also used for options records when they are accounted). */
  layout!: RecordLayout;
  /** Compiled plan for options records; null for data templates. */
  optionsLayout: OptionsLayout | null = null;
  /** Field index of each aggregate_primitives custom primitive (-1: none), built on first use. */
  customPlan: Int32Array | null = null;
  /** Seconds (caller's clock) when the exporter last announced this template. */
  lastSeenSec = 0;

  constructor(id: number, isOptions: boolean, scopeCount: number, fields: TemplateFields, definition: Uint8Array) {
    this.id = id;
    this.isOptions = isOptions;
    this.scopeCount = scopeCount;
    this.ids = fields.ids;
    this.pens = fields.pens;
    this.declaredLengths = fields.declaredLengths;
    this.fieldCount = fields.ids.length;
    this.definition = definition;
    this.offsets = new Int32Array(this.fieldCount);
    this.lengths = new Int32Array(this.fieldCount);
    let offset = 0;
    let variable = false;
    for (let i = 0; i < this.fieldCount; i++) {
      const declared = this.declaredLengths[i];
      if (declared === VARIABLE_LENGTH) {
        variable = true;
        offset += 1; // the shortest encoding: a one-byte length of zero
        this.offsets[i] = -1;
        this.lengths[i] = 0;
      } else {
        this.offsets[i] = variable ? -1 : offset;
        this.lengths[i] = declared;
        offset += declared;
      }
    }
    this.hasVariableLength = variable;
    this.recordLength = offset;
  }

  /**
   * Lays out the variable-length record starting at `start`: fills offsets
   * and lengths and returns where the record ends, or -1 when a length runs
   * past `end` (RFC 7011 §7: one length byte, or 255 then two bytes).
   */
  resolveVariableRecord(b: Uint8Array, start: number, end: number): number {
    let p = start;
    const declared = this.declaredLengths;
    for (let i = 0; i < this.fieldCount; i++) {
      let len = declared[i];
      if (len === VARIABLE_LENGTH) {
        if (p >= end) return -1;
        len = b[p++];
        if (len === 255) {
          if (p + 2 > end) return -1;
          len = (b[p] << 8) | b[p + 1];
          p += 2;
        }
      }
      this.offsets[i] = p - start;
      this.lengths[i] = len;
      p += len;
      if (p > end) return -1;
    }
    return p;
  }

  /** Index of the `occurrence`-th field (0-based) with this (PEN, id), or -1. */
  fieldIndex(pen: number, id: number, occurrence = 0): number {
    let seen = 0;
    for (let i = 0; i < this.fieldCount; i++) {
      if (this.ids[i] === id && this.pens[i] === pen && seen++ === occurrence) return i;
    }
    return -1;
  }
}
