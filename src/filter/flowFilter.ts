/**
 * libpcap filter expressions on flows, as pmacct applies them
 * (aggregate_filter per plugin; later the maps' filter= key): the
 * expression is compiled once by libpcap (the bpfCompile addon), and each
 * flow is turned into the packet pmacct builds for it (flowPacket.ts) and
 * run through the compiled program (bpfProgram.ts).
 */
import { loadBuiltAddon } from '../core/builtAddon.ts';
import type { FlowRecord } from '../model/flowRecord.ts';
import { BpfProgram } from './bpfProgram.ts';
import { FlowPacketBuilder } from './flowPacket.ts';

export interface NativeBpfCompile {
  /** 4 words per instruction (code, jt, jf, k); throws libpcap's message on a bad expression. */
  compile(expression: string, optimize?: boolean): Int32Array;
  version(): string;
}

/** A filter expression libpcap refused, or a filter that cannot be compiled here. */
export class FlowFilterError extends Error {
  readonly expression: string;
  constructor(expression: string, message: string) {
    super(message);
    this.name = 'FlowFilterError';
    this.expression = expression;
  }
}


/** The addon (build/bpfCompile.node), or null where it was not built. */
export function loadNativeBpfCompile(): NativeBpfCompile | null {
  return loadBuiltAddon<NativeBpfCompile>('bpfCompile.node');
}

/** libpcap's program for `expression` on Ethernet (DLT_EN10MB, snaplen 65535), as pmacct compiles it. */
export function compileBpf(expression: string): BpfProgram {
  const compiler = loadNativeBpfCompile();
  if (compiler === null) {
    throw new FlowFilterError(
      expression,
      `filter '${expression}' cannot be compiled: tsacct's libpcap filter compiler (build/bpfCompile.node) is not built; install libpcap-dev and a C compiler, then run 'node scripts/buildNative.ts'`,
    );
  }
  let words: Int32Array;
  try {
    words = compiler.compile(expression, true);
  } catch (err) {
    throw new FlowFilterError(expression, `filter '${expression}' rejected by libpcap: ${err instanceof Error ? err.message : String(err)}`);
  }
  return new BpfProgram(words);
}

/**
 * A predicate that is true for the flows `expression` matches. Each
 * predicate owns its packet buffer: no allocation per call, not reentrant.
 */
export function compileFlowFilter(expression: string): (rec: FlowRecord) => boolean {
  const program = compileBpf(expression);
  const builder = new FlowPacketBuilder();
  const packet = builder.packet;
  return (rec: FlowRecord): boolean => {
    builder.build(rec);
    return program.run(packet, builder.caplen, builder.wirelen) !== 0;
  };
}
