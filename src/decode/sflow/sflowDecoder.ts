/**
 * The sFlow decoder (versions 5, 4 and 2): bytes of one datagram in, a
 * FlowRecord per flow sample out through a callback, counter samples
 * through another, per-agent statistics kept between datagrams. v5 samples
 * are read by FlowSampleReader, v2/v4 ones (no lengths, other layouts) by
 * SflowV2V4SampleReader.
 *
 * Pure like NetflowDecoder: no sockets, files or timers; the caller gives
 * the UDP source and the arrival time. The record, counter sample and
 * outcome are reused objects, valid only during the call. Hostile input
 * never throws out of decode(): it is counted per agent and reported in the
 * outcome.
 *
 * Identity: peer_src_ip is the agent address inside the datagram (not the
 * UDP source), export_proto_version the datagram version, export_proto_seqno
 * the datagram sequence number and export_proto_sysid the sub-agent id (0
 * for v2/v4, which have none: pmacct sets 0 too). Statistics and sequence
 * checks are per (agent address, sub-agent id).
 */
import type { CustomPrimitiveSet } from '../../model/customPrimitive.ts';
import type { ExporterRef } from '../../model/exporterRef.ts';
import { FlowRecord } from '../../model/flowRecord.ts';
import { ipv4Text, ipv6Text } from '../../model/ipText.ts';
import { AddressTable } from '../packet/addressTable.ts';
import { PacketPointerFiller } from '../packet/packetPointerFiller.ts';
import { readU32 } from '../netflow/wireReaders.ts';
import type { FlowSampleContext } from './flowSampleContext.ts';
import { FlowSampleReader } from './flowSampleReader.ts';
import { SflowAgentStats } from './sflowAgentStats.ts';
import { SflowCounterSample } from './sflowCounterSample.ts';
import { DECODE_PARTIAL, DECODE_REJECTED, SflowDecodeOutcome } from './sflowDecodeOutcome.ts';
import type { SflowMalformedKind } from './sflowMalformedKind.ts';
import { SflowV2V4SampleReader } from './sflowV2V4SampleReader.ts';

export interface SflowDecoderOptions {
  /**
   * Walk past a second VLAN tag (or an 802.1ad outer tag) in sampled
   * headers to reach the IP header. pmacct 1.7.7 does not, so such samples
   * have no IP fields there. Default false.
   */
  followStackedVlanTags?: boolean;
  /** Agents (address, sub-agent) tracked at once (hostile-source protection). Default 65536. */
  maxAgents?: number;
  /** aggregate_primitives: packet_ptr custom primitives, filled from raw packet headers. */
  customPrimitives?: CustomPrimitiveSet | null;
}

export type { ExporterRef };
export { SflowDecodeOutcome };

const SAMPLE_FLOW = 1;
const SAMPLE_COUNTERS = 2;
const SAMPLE_FLOW_EXPANDED = 3;
const SAMPLE_COUNTERS_EXPANDED = 4;

/** The sub-agents of one agent address. */
class AgentEntry {
  readonly text: string;
  readonly bySubAgent = new Map<number, SflowAgentStats>();

  constructor(text: string) {
    this.text = text;
  }
}

export class SflowDecoder {
  private readonly rec = new FlowRecord();
  private readonly counters = new SflowCounterSample();
  private readonly outcome = new SflowDecodeOutcome();
  private readonly flowReader: FlowSampleReader;
  private readonly v2v4Reader: SflowV2V4SampleReader;
  /** The context of the reader that read the sample being emitted. */
  private currentContext: FlowSampleContext;
  private readonly agents = new AddressTable<AgentEntry>((address, length) => this.agentEntry(address, length));
  private readonly agentEntries = new Map<string, AgentEntry>();
  private readonly agentStats = new Map<string, SflowAgentStats>();
  private readonly maxAgents: number;
  /** Stands for every agent address beyond maxAgents, so hostile sources cannot grow the tables. */
  private readonly overflowEntry = new AgentEntry('');
  /** Datagrams refused before an agent could be told (too short, wrong version, bad address type), by UDP source. */
  readonly unattributed = new Map<string, number>();
  /** Datagrams refused because maxAgents was reached. */
  rejectedForAgentLimit = 0;
  /** True while a consumer callback runs: its exceptions are its own, not decoder faults. */
  private inConsumer = false;
  /** decode()'s captureSec, for the samples of the datagram being decoded. */
  private captureSec = 0;

  constructor(options: SflowDecoderOptions = {}) {
    this.flowReader = new FlowSampleReader(options.followStackedVlanTags ?? false);
    this.v2v4Reader = new SflowV2V4SampleReader(options.followStackedVlanTags ?? false);
    this.currentContext = this.flowReader.context;
    this.maxAgents = options.maxAgents ?? 65536;
    const custom = options.customPrimitives;
    if (custom && custom.size > 0) {
      custom.prepare(this.rec);
      const pointers = new PacketPointerFiller(custom);
      if (pointers.count > 0) {
        this.flowReader.context.packetPointers = pointers;
        this.v2v4Reader.context.packetPointers = pointers;
      }
    }
  }

  /** Per-agent statistics, keyed "agent/sub-agent". */
  get stats(): ReadonlyMap<string, SflowAgentStats> {
    return this.agentStats;
  }

  /** Side values of the flow sample being emitted (interface formats, out VLAN, gateway path); read inside emitFlow(). */
  get context(): FlowSampleContext {
    return this.currentContext;
  }

  /**
   * Decodes one datagram: emitFlow(record) per flow sample (the same
   * FlowRecord each time, refilled), emitCounters(sample) per counter sample.
   * `captureSec` is the time samples are filed under for history bins: as
   * pmacct, the pcap record's time when replaying a savefile (while
   * timestamp_arrival stays the wall clock), else the arrival.
   */
  decode(
    payload: Uint8Array,
    exporter: ExporterRef,
    arrivalSec: number,
    arrivalUsec: number,
    emitFlow: (rec: FlowRecord) => void,
    emitCounters?: (counters: SflowCounterSample) => void,
    captureSec: number = arrivalSec,
  ): SflowDecodeOutcome {
    this.captureSec = captureSec;
    const outcome = this.outcome;
    outcome.reset();
    let stats: SflowAgentStats | null = null;
    this.inConsumer = false;
    try {
      const len = payload.length;
      if (len < 8) return this.unattributedFailure(exporter, 'shortHeader');
      const version = readU32(payload, 0);
      outcome.version = version;
      if (version !== 5 && version !== 4 && version !== 2) return this.unattributedFailure(exporter, 'unsupportedVersion');
      const v5 = version === 5;
      const addressType = readU32(payload, 4);
      const addressLength = addressType === 1 ? 4 : addressType === 2 ? 16 : 0;
      if (addressLength === 0) return this.unattributedFailure(exporter, 'agentAddressInvalid');
      // v2/v4 headers have no sub-agent id.
      const headerLength = 8 + addressLength + (v5 ? 16 : 12);
      if (len < headerLength) return this.unattributedFailure(exporter, 'shortHeader');
      const subAgentId = v5 ? readU32(payload, 8 + addressLength) : 0;
      const fixed = v5 ? 12 + addressLength : 8 + addressLength;
      const agent = this.counters.agentAddress;
      for (let i = 0; i < addressLength; i++) agent[i] = payload[8 + i]!;
      stats = this.statsFor(agent, addressLength, subAgentId);
      if (stats === null) {
        this.rejectedForAgentLimit++;
        outcome.fail('limitExceeded', DECODE_REJECTED);
        return outcome;
      }
      stats.datagrams++;
      stats.bytes += payload.length;
      const sequence = readU32(payload, fixed);
      const uptimeMs = readU32(payload, fixed + 4);
      const sampleCount = readU32(payload, fixed + 8);
      outcome.sequenceMismatch = stats.checkSequence(sequence);
      outcome.agent = stats;
      outcome.sequenceExpected = stats.pmacctExpected;
      outcome.sequenceReceived = sequence;

      const rec = this.rec;
      if (addressLength === 4) rec.peerSrcIp.setV4(payload, 8);
      else rec.peerSrcIp.setV6(payload, 8);
      rec.exportProtoVersion = version;
      rec.exportProtoSeqno = sequence;
      rec.exportProtoSysid = subAgentId;
      rec.timestampArrival.set(arrivalSec, arrivalUsec);
      rec.timestampExport.clear();

      const counters = this.counters;
      counters.agentAddressLength = addressLength;
      counters.subAgentId = subAgentId;
      counters.datagramSequence = sequence;
      counters.uptimeMs = uptimeMs;

      if (!v5) {
        this.decodeV2V4Samples(payload, headerLength, sampleCount, version, stats, emitFlow, emitCounters);
        return outcome;
      }
      this.currentContext = this.flowReader.context;
      let at = headerLength;
      for (let i = 0; i < sampleCount; i++) {
        if (at === len) {
          this.fail(stats, 'sampleCountMismatch', DECODE_PARTIAL);
          break;
        }
        if (at + 8 > len) {
          this.fail(stats, 'sampleTruncated', DECODE_PARTIAL);
          break;
        }
        const tag = readU32(payload, at);
        const sampleLength = readU32(payload, at + 4);
        const start = at + 8;
        if (sampleLength > len - start) {
          this.fail(stats, 'sampleTruncated', DECODE_PARTIAL);
          break;
        }
        const end = start + sampleLength;
        at = end;
        if (tag === SAMPLE_FLOW || tag === SAMPLE_FLOW_EXPANDED) {
          this.beginFlowSample(stats, tag);
          const problem = this.flowReader.read(payload, start, end, tag === SAMPLE_FLOW_EXPANDED, rec);
          if (problem !== null) {
            outcome.droppedSamples++;
            this.fail(stats, problem, DECODE_PARTIAL);
            continue;
          }
          this.emitFlowSample(stats, this.flowReader.gotIp, emitFlow);
        } else if (tag === SAMPLE_COUNTERS || tag === SAMPLE_COUNTERS_EXPANDED) {
          stats.counterSamples++;
          const problem = this.readCounters(payload, start, end, tag === SAMPLE_COUNTERS_EXPANDED);
          if (problem !== null) {
            this.fail(stats, problem, DECODE_PARTIAL);
            continue;
          }
          this.emitCounterSample(emitCounters);
        } else {
          stats.otherSamples++;
        }
      }
    } catch (err) {
      // The consumer's own errors are its business; ours must not stop the daemon.
      if (this.inConsumer) throw err;
      if (stats !== null) stats.countMalformed('decoderFault');
      outcome.fail('decoderFault', DECODE_REJECTED);
    }
    return outcome;
  }

  /**
   * The samples of a v2/v4 datagram, from `at`. Nothing there carries a
   * length, so a sample that cannot be read to its end (truncated, or of a
   * type outside the specification) ends the datagram, as an unknown
   * sample type ends it in pmacct.
   */
  private decodeV2V4Samples(
    payload: Uint8Array,
    at: number,
    sampleCount: number,
    version: number,
    stats: SflowAgentStats,
    emitFlow: (rec: FlowRecord) => void,
    emitCounters: ((counters: SflowCounterSample) => void) | undefined,
  ): void {
    const outcome = this.outcome;
    const reader = this.v2v4Reader;
    const rec = this.rec;
    const len = payload.length;
    this.currentContext = reader.context;
    for (let i = 0; i < sampleCount; i++) {
      if (at === len) {
        this.fail(stats, 'sampleCountMismatch', DECODE_PARTIAL);
        break;
      }
      if (at + 4 > len) {
        this.fail(stats, 'sampleTruncated', DECODE_PARTIAL);
        break;
      }
      const tag = readU32(payload, at);
      if (tag === SAMPLE_FLOW) {
        this.beginFlowSample(stats, tag);
        const next = reader.readFlow(payload, at + 4, len, version, rec);
        if (next < 0) {
          outcome.droppedSamples++;
          this.fail(stats, reader.problem, DECODE_PARTIAL);
          break;
        }
        at = next;
        this.emitFlowSample(stats, reader.gotIp, emitFlow);
      } else if (tag === SAMPLE_COUNTERS) {
        stats.counterSamples++;
        const next = reader.readCounters(payload, at + 4, len, this.counters);
        if (next < 0) {
          this.fail(stats, reader.problem, DECODE_PARTIAL);
          break;
        }
        at = next;
        this.emitCounterSample(emitCounters);
      } else {
        stats.otherSamples++;
        this.fail(stats, 'unknownV2V4Format', DECODE_PARTIAL);
        break;
      }
    }
  }

  /** A flow sample starts: the reused record is cleared and given what the datagram says. */
  private beginFlowSample(stats: SflowAgentStats, tag: number): void {
    stats.flowSamples++;
    const rec = this.rec;
    rec.reset();
    rec.accountingTimeSec = this.captureSec;
    rec.sampleType = tag;
  }

  /** A flow sample read: accounted when a record said the packet is IP, as sfacctd does. */
  private emitFlowSample(stats: SflowAgentStats, gotIp: boolean, emitFlow: (rec: FlowRecord) => void): void {
    if (!gotIp) {
      stats.nonIpSamples++;
      return;
    }
    stats.records++;
    this.outcome.records++;
    this.inConsumer = true;
    emitFlow(this.rec);
    this.inConsumer = false;
  }

  private emitCounterSample(emitCounters: ((counters: SflowCounterSample) => void) | undefined): void {
    this.outcome.counterSamples++;
    if (emitCounters === undefined) return;
    this.inConsumer = true;
    emitCounters(this.counters);
    this.inConsumer = false;
  }

  /**
   * One line per agent for SIGUSR1 / exit statistics, in the spirit of
   * pmacct's per-agent stats lines.
   */
  statisticsLines(): string[] {
    const lines: string[] = [];
    for (const [key, st] of this.agentStats) {
      lines.push(
        `sflow agent ${key}: datagrams ${st.datagrams}, flow samples ${st.flowSamples}, counter samples ${st.counterSamples}, ` +
          `other samples ${st.otherSamples}, non-IP flow samples ${st.nonIpSamples}, records ${st.records}, sequence gaps ${st.sequenceGaps} (lost ${st.sequenceLost}), ` +
          `reordered ${st.sequenceReordered}, resets ${st.sequenceResets}, malformed ${st.malformedTotal}`,
      );
    }
    for (const [source, count] of this.unattributed) lines.push(`sflow source ${source}: unusable datagrams ${count}`);
    if (this.rejectedForAgentLimit > 0) lines.push(`sflow: datagrams refused over the agent limit ${this.rejectedForAgentLimit}`);
    return lines;
  }

  private readCounters(b: Uint8Array, start: number, end: number, expanded: boolean): SflowMalformedKind | null {
    const c = this.counters;
    c.resetBlocks();
    c.expanded = expanded;
    const fixed = expanded ? 16 : 12;
    if (start + fixed > end) return 'sampleTruncated';
    c.sequence = readU32(b, start);
    let at = start + 4;
    if (expanded) {
      c.sourceIdType = readU32(b, at);
      c.sourceIdIndex = readU32(b, at + 4);
      at += 8;
    } else {
      const id = readU32(b, at);
      c.sourceIdType = id >>> 24;
      c.sourceIdIndex = id & 0x00ffffff;
      at += 4;
    }
    const blocks = readU32(b, at);
    at += 4;
    for (let i = 0; i < blocks; i++) {
      if (at + 8 > end) return 'recordTruncated';
      const tag = readU32(b, at);
      const length = readU32(b, at + 4);
      at += 8;
      if (length > end - at) return 'recordTruncated';
      c.readBlock(tag, b, at, length);
      at += length;
    }
    return null;
  }

  private fail(stats: SflowAgentStats, kind: SflowMalformedKind, status: number): void {
    stats.countMalformed(kind);
    this.outcome.fail(kind, status);
  }

  private unattributedFailure(exporter: ExporterRef, kind: SflowMalformedKind): SflowDecodeOutcome {
    // No agent can be told: the count goes to the UDP source (bounded like the agent table).
    if (this.unattributed.size < this.maxAgents || this.unattributed.has(exporter.key)) {
      this.unattributed.set(exporter.key, (this.unattributed.get(exporter.key) ?? 0) + 1);
    }
    this.outcome.fail(kind, DECODE_REJECTED);
    return this.outcome;
  }

  private statsFor(address: Uint8Array, length: number, subAgentId: number): SflowAgentStats | null {
    const entry = this.agents.lookup(address, length);
    if (entry === this.overflowEntry) return null;
    let stats = entry.bySubAgent.get(subAgentId);
    if (stats === undefined) {
      if (this.agentStats.size >= this.maxAgents) return null;
      const key = `${entry.text}/${subAgentId}`;
      stats = this.agentStats.get(key) ?? new SflowAgentStats(key, entry.text, subAgentId);
      entry.bySubAgent.set(subAgentId, stats);
      this.agentStats.set(key, stats);
    }
    return stats;
  }

  /** AddressTable may start over when full; the entries (and their stats) survive in agentEntries. */
  private agentEntry(address: Uint8Array, length: number): AgentEntry {
    const text = length === 4 ? ipv4Text(address) : ipv6Text(address);
    let entry = this.agentEntries.get(text);
    if (entry === undefined) {
      if (this.agentEntries.size >= this.maxAgents) return this.overflowEntry;
      entry = new AgentEntry(text);
      this.agentEntries.set(text, entry);
    }
    return entry;
  }
}
