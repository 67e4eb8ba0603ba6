/**
 * What an aggregation primitive is: how it writes its part of an aggregation
 * key from a FlowRecord (hot path, into a reused Uint32Array) and how the
 * output layer reads that part back as the columns pmacct prints.
 */
import type { FlowRecord } from './flowRecord.ts';
import type { TimestampStyle } from './timestampText.ts';
import type { StringTable } from './stringTable.ts';

export type PrimitiveGroup = 'L2' | 'L3' | 'L4' | 'BGP' | 'NAT' | 'TUNNEL' | 'MPLS' | 'MISC' | 'TIME';

/** The daemons named in pmacct's primitive matrix. */
export type FlowDaemon = 'pmacctd' | 'uacctd' | 'nfacctd' | 'sfacctd';

/** Everything a field needs to turn key words back into output values. */
export interface RenderContext {
  timestamps: TimestampStyle;
  strings: StringTable;
}

/** One output column: its CSV/formatted header, JSON key and JSON type. */
export interface OutputField {
  readonly header: string;
  readonly jsonKey: string;
  readonly jsonType: 'number' | 'string';
  /** Reads the value from the key words at the primitive's offset. */
  read(key: Uint32Array, off: number, ctx: RenderContext): string | number;
  /** Formatted output prints some unset values differently (an unset address prints '::'). */
  readFormatted?(key: Uint32Array, off: number, ctx: RenderContext): string;
  /** Formatted output: the value's width, followed by two spaces (custom primitives; built-ins use FORMATTED_WIDTH). */
  readonly formattedWidth?: number;
  /** Formatted output prints the value without padding (pmacct's u_int/hex custom primitives of 3, 5, 6, 7… bytes print nothing). */
  readonly formattedUnpadded?: boolean;
}

export type KeyWriter = (rec: FlowRecord, key: Uint32Array, off: number, strings: StringTable) => void;

export interface Primitive {
  readonly name: string;
  readonly group: PrimitiveGroup;
  readonly description: string;
  readonly daemons: readonly FlowDaemon[];
  /** Number of 32-bit key words this primitive occupies. */
  readonly words: number;
  readonly write: KeyWriter;
  /**
   * The same write as JavaScript statements over `r` (record) and `k` (key)
   * at word offset `o`, so a layout can compile all its writes into one
   * straight-line function (see compileKeyWriter). Absent: `write` is called.
   */
  readonly keyCode?: (o: number) => string;
  readonly fields: readonly OutputField[];
  /**
   * Variable-length primitives (label, as_path, communities…) cannot be
   * printed by the formatted output, as in pmacct.
   */
  readonly variableLength?: boolean;
  /** False for pmacct primitives whose data source tsacct does not have yet. */
  readonly implemented: boolean;
  /**
   * Set when only some daemons' export protocols fill the primitive (the AS
   * path from sFlow's extended gateway): the others refuse it until a BGP
   * daemon can fill it, rather than print it empty.
   */
  readonly sourcedBy?: readonly FlowDaemon[];
}
