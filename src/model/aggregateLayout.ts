/**
 * An aggregation layout: which primitives a plugin's `aggregate` names, where
 * each one sits in the key, and which counters it prints. Built once per
 * plugin at startup; the aggregator writes keys with it and the serializers
 * read them back with it.
 */
import type { FlowRecord } from './flowRecord.ts';
import type { FlowDaemon, KeyWriter, OutputField, Primitive } from './primitive.ts';
import { AGGREGATE_KEYWORDS, primitiveByName, type AggregateKeyword } from './primitiveCatalog.ts';
import type { StringTable } from './stringTable.ts';
import { writeAddress, writeMac, writeMaskedAddress } from './keyCodecs.ts';

export interface PlacedPrimitive {
  readonly primitive: Primitive;
  readonly offset: number;
}

export interface PlacedField {
  readonly field: OutputField;
  readonly offset: number;
}

/**
 * sum_* primitives count each flow twice, once by its source side and once by
 * its destination side, into one column named like the source side.
 */
export interface SumMode {
  readonly keyword: 'sum_host' | 'sum_net' | 'sum_as' | 'sum_port' | 'sum_mac';
  readonly primitive: Primitive;
  readonly writeSource: KeyWriter;
  readonly writeDestination: KeyWriter;
}

export interface AggregateLayout {
  readonly names: readonly string[];
  readonly placed: readonly PlacedPrimitive[];
  readonly keyWords: number;
  /** `flows` in aggregate: print the FLOWS counter. */
  readonly countFlows: boolean;
  readonly sum: SumMode | null;
  /** Output fields, each at its key offset (order still to be fixed per format). */
  readonly fields: readonly PlacedField[];
  readonly hasVariableLength: boolean;
  /** Key word holding tcpflags, which the cache ORs per entry instead of keying on (-1 without tcpflags). */
  readonly orWord: number;
}

export class AggregateError extends Error {}

const SUM_SOURCES: Record<SumMode['keyword'], { column: string; src: KeyWriter; dst: KeyWriter }> = {
  sum_host: { column: 'src_host', src: (r, k, o) => writeAddress(r.srcHost, k, o), dst: (r, k, o) => writeAddress(r.dstHost, k, o) },
  sum_net: { column: 'src_net', src: (r, k, o) => writeMaskedAddress(r.srcHost, r.srcMask, k, o), dst: (r, k, o) => writeMaskedAddress(r.dstHost, r.dstMask, k, o) },
  sum_as: { column: 'src_as', src: (r, k, o) => { k[o] = r.srcAs; }, dst: (r, k, o) => { k[o] = r.dstAs; } },
  sum_port: { column: 'src_port', src: (r, k, o) => { k[o] = r.srcPort; }, dst: (r, k, o) => { k[o] = r.dstPort; } },
  sum_mac: { column: 'src_mac', src: (r, k, o) => writeMac(r.srcMac, k, o), dst: (r, k, o) => writeMac(r.dstMac, k, o) },
};

function isKeyword(name: string): name is AggregateKeyword {
  return (AGGREGATE_KEYWORDS as readonly string[]).includes(name);
}

/**
 * Why one `aggregate` name cannot be used, or undefined. pmacct 1.7.7
 * accepts any known primitive in any daemon (its per-daemon list is only
 * what `-a` prints; e.g. sfacctd configs use timestamp_start and print
 * zeros), so tsacct does too. The
 * config loader calls this per name so the message carries file:line;
 * conflicts between names are found when the layout is built.
 */
export function aggregateNameProblem(name: string, daemon: FlowDaemon): string | undefined {
  if (isKeyword(name)) {
    return undefined;
  }
  const primitive = primitiveByName(name);
  if (!primitive) return `unknown primitive '${name}' in 'aggregate' (see 'tsacct ${daemon} -a')`;
  return primitiveProblem(primitive, daemon);
}

/** Why a known primitive cannot be used in `daemon`, or undefined. */
function primitiveProblem(primitive: Primitive, daemon: FlowDaemon): string | undefined {
  if (!primitive.implemented) return `primitive '${primitive.name}' is a pmacct primitive that tsacct does not implement yet`;
  if (primitive.sourcedBy && !primitive.sourcedBy.includes(daemon)) {
    return `primitive '${primitive.name}' has no data source in ${daemon} yet (tsacct fills it in ${primitive.sourcedBy.join(', ')} only)`;
  }
  return undefined;
}

/**
 * Builds the layout for an `aggregate` list. Throws AggregateError with a
 * message naming the primitive for unknown, unsupported or conflicting names.
 */
export function buildAggregateLayout(aggregate: readonly string[], daemon: FlowDaemon, options: LayoutOptions = {}): AggregateLayout {
  const names = aggregate.length === 0 ? ['src_host'] : [...aggregate]; // pmacct's default aggregate
  const seen = new Set<string>();
  const placed: PlacedPrimitive[] = [];
  let offset = 0;
  let countFlows = false;
  let sum: SumMode | null = null;
  let sawNatEvent = false;

  for (const raw of names) {
    let name = raw;
    if (seen.has(name)) throw new AggregateError(`'${name}' repeated in 'aggregate'`);
    seen.add(name);
    if (name === 'fw_event' || name === 'nat_event') {
      // pmacct 1.7.7 gives both the same bit: one prints as the other, both together is an error.
      if (sawNatEvent) throw new AggregateError(`'nat_event' and 'fw_event' share one field in pmacct 1.7.7; use only one of them`);
      sawNatEvent = true;
      name = 'nat_event';
    }
    if (isKeyword(name) && name !== 'fw_event') {
      if (name === 'flows') {
        countFlows = true;
        continue;
      }
      if (name === 'none') continue;
      const spec = SUM_SOURCES[name];
      const primitive = primitiveByName(spec.column)!;
      sum = { keyword: name, primitive, writeSource: spec.src, writeDestination: spec.dst };
      continue;
    }
    const primitive = primitiveByName(name);
    if (!primitive) throw new AggregateError(`unknown primitive '${name}' in 'aggregate' (see 'tsacct ${daemon} -a')`);
    const problem = primitiveProblem(primitive, daemon);
    if (problem !== undefined) throw new AggregateError(problem);
    placed.push({ primitive: options.timestampsSecs && primitive.group === 'TIME' ? secondsOnly(primitive) : primitive, offset });
    offset += primitive.words;
  }

  if (sum) {
    const others = placed.length + (names.includes('none') ? 1 : 0);
    if (others > 0) throw new AggregateError(`'${sum.keyword}' is mutually exclusive with any other primitive in 'aggregate'`);
    placed.push({ primitive: sum.primitive, offset: 0 });
    offset = sum.primitive.words;
  }

  const fields: PlacedField[] = [];
  for (const p of placed) for (const field of p.primitive.fields) fields.push({ field, offset: p.offset });

  return {
    names,
    placed,
    keyWords: offset,
    countFlows,
    sum,
    fields,
    hasVariableLength: placed.some((p) => p.primitive.variableLength === true),
    orWord: placed.find((p) => p.primitive.name === 'tcpflags')?.offset ?? -1,
  };
}

export interface LayoutOptions {
  /** timestamps_secs: time primitives keep whole seconds only (pmacct still prints ".000000"). */
  timestampsSecs?: boolean;
}

/** A time primitive whose key drops the microseconds word. */
function secondsOnly(primitive: Primitive): Primitive {
  const write = primitive.write;
  const code = primitive.keyCode;
  return {
    ...primitive,
    write: (rec, key, off, strings) => {
      write(rec, key, off, strings);
      key[off + 1] = 0;
    },
    keyCode: code ? (o) => `${code(o)} k[${o + 1}] = 0;` : undefined,
  };
}

export type CompiledKeyWriter = (rec: FlowRecord, key: Uint32Array, strings: StringTable) => void;

/**
 * Compiles the layout's key writes into one straight-line function (per
 * plugin, at startup): the hot path then makes no call per primitive. The
 * generated text comes only from the primitive catalog's own snippets and
 * numeric offsets, never from input data. Primitives without a snippet are
 * called through their write function.
 */
export function compileKeyWriter(layout: AggregateLayout): CompiledKeyWriter {
  const fallbacks: KeyWriter[] = [];
  const body: string[] = [];
  for (const p of layout.placed) {
    if (p.primitive.keyCode) body.push(p.primitive.keyCode(p.offset));
    else {
      body.push(`w[${fallbacks.length}](r, k, ${p.offset}, s);`);
      fallbacks.push(p.primitive.write);
    }
  }
  const factory = new Function('w', `return function writeKey(r, k, s) {\n${body.join('\n')}\n};`) as (w: KeyWriter[]) => CompiledKeyWriter;
  return factory(fallbacks);
}
