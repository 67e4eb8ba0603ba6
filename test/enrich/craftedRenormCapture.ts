/**
 * A hand-built sFlow v5 capture that walks every branch of sfacctd's
 * effective-sampling-rate renormalisation (pmacct 1.7.7,
 * SF_counters_renormalize_handler), for the golden reference
 * test/fixtures/sflow/crafted__sflow-renorm.pmacct-renorm.{conf,out}:
 *
 * - first sample of a data source: the advertised rate;
 * - sequence and pool both up: (pool delta) / (sequence delta), floored;
 * - pool not up, sequence within 50: the advertised rate, state kept (so
 *   the next delta spans two samples), the same for a sample that arrives
 *   late (sequence behind);
 * - sequence jump beyond 50 either way: the advertised rate, state reset;
 * - an advertised rate of 0 on the first sample (counters become 0);
 * - data sources told apart by (class << 24 | index) in 32 bits, so an
 *   expanded sample of class 256 shares the state of class 0;
 * - state per (agent, sub-agent); IPv6 agents are keyed by their first 4
 *   bytes only, so two IPv6 agents of the same /32 share it (and with the
 *   IPv4 agent made of the same 4 bytes);
 * - a pool wrapping past 2^32; sequences near 2^32 (pmacct's MIN + 50
 *   wraps there, so a step back of 10 is a reset);
 * - sequences exactly 50 apart with the pool flat (no reset).
 *
 * Every sample has its own source address, so each output row is one
 * sample. Written from the sFlow v5 specification, not with tsacct's
 * decoder. Run this file to rewrite the capture:
 *
 *   node test/enrich/craftedRenormCapture.ts
 */
import { join } from 'node:path';
import { concat, ip4, ip6, u32, type Bytes } from '../decode/netflow/datagramBuilder.ts';
import { writeUdpPcap, type CraftedDatagram } from '../decode/netflow/udpCapture.ts';
import { SFLOW_FIXTURES } from '../decode/sflow/sflowCapture.ts';

/** Capture time of the first datagram: 2023-11-14 22:13:20 UTC. */
const T = 1700000000;

export interface RenormSample {
  /** The flow sample's own sequence number (samplesGenerated). */
  sequence: number;
  /** Data source: class and index (compact samples pack them as class << 24 | index). */
  sourceClass: number;
  sourceIndex: number;
  rate: number;
  pool: number;
  /** Sampled IPv4 record: frame length and source address (one per sample). */
  length: number;
  src: string;
  expanded?: boolean;
}

function sampledIpv4(length: number, src: string): Bytes {
  // struct sampled_ipv4: length, protocol, src, dst, src_port, dst_port, tcp_flags, tos
  const body = concat(u32(length), u32(6), ip4(src), ip4('10.9.9.9'), u32(40000), u32(443), u32(0x10), u32(0));
  return concat(u32(3), u32(body.length), body);
}

function flowSample(s: RenormSample): Bytes {
  const record = sampledIpv4(s.length, s.src);
  const body = s.expanded
    ? concat(
        u32(s.sequence), u32(s.sourceClass), u32(s.sourceIndex), u32(s.rate), u32(s.pool), u32(0),
        u32(0), u32(1), u32(0), u32(2), u32(1), record,
      )
    : concat(
        u32(s.sequence), u32(((s.sourceClass << 24) | s.sourceIndex) >>> 0), u32(s.rate), u32(s.pool), u32(0),
        u32(1), u32(2), u32(1), record,
      );
  return concat(u32(s.expanded ? 3 : 1), u32(body.length), body);
}

function datagram(agent: string, subAgent: number, sequence: number, samples: RenormSample[]): Bytes {
  const v6 = agent.includes(':');
  return concat(
    u32(5), u32(v6 ? 2 : 1), v6 ? ip6(agent) : ip4(agent), u32(subAgent), u32(sequence), u32(1000 * sequence),
    u32(samples.length), ...samples.map(flowSample),
  );
}

let host = 0;
function sample(sequence: number, pool: number, rate: number, more: Partial<RenormSample> = {}): RenormSample {
  host++;
  return { sequence, sourceClass: 0, sourceIndex: 1, rate, pool, length: 1000 + host, src: `10.1.${host >> 8}.${host & 0xff}`, ...more };
}

/** The datagrams, in capture order, with what each sample should be multiplied by. */
export function renormDatagrams(): CraftedDatagram[] {
  host = 0;
  const a = '192.0.2.1';
  const list: Array<[string, number, RenormSample[]]> = [
    // Agent A, sub-agent 0, source 0:1.
    [a, 0, [sample(1, 1000, 100), sample(2, 1150, 100)]], //     ×100 (first), ×150 (delta)
    [a, 0, [sample(3, 1150, 100), sample(4, 1400, 100)]], //     ×100 (pool flat: kept), ×125 (250 / 2)
    [a, 0, [sample(3, 1500, 100)]], //                           ×100 (late sample: kept)
    [a, 0, [sample(5, 1551, 100), sample(7, 1700, 100)]], //     ×151, ×74 (149 / 2, floored)
    [a, 0, [sample(100, 50, 100), sample(101, 250, 100)]], //    ×100 (jump > 50: reset), ×200
    [a, 0, [sample(40, 9000, 100), sample(41, 9100, 100)]], //   ×100 (backward jump > 50: reset), ×100
    // Source 0:2 starts with an advertised rate of 0.
    [a, 0, [sample(1, 0, 0, { sourceIndex: 2 }), sample(2, 64, 0, { sourceIndex: 2 })]], // ×0, ×64
    // Source 1:1 is not 0:1; expanded class 256 index 1 is (256 << 24 | 1) = 0:1 again.
    [a, 0, [sample(1, 500, 10, { sourceClass: 1 }), sample(42, 9400, 100, { sourceClass: 256, expanded: true })]], // ×10, ×300
    [a, 0, [sample(2, 520, 10, { sourceClass: 1 })]], //          ×20
    // Sub-agent 7 of the same agent has its own state.
    [a, 7, [sample(1, 100, 50), sample(2, 190, 50)]], //          ×50, ×90
    // Pool wrapping past 2^32: flat (kept) until the sequence moves on by more than 50.
    [a, 0, [sample(1, 4294967000, 1000, { sourceIndex: 3 }), sample(2, 4294967290, 1000, { sourceIndex: 3 })]], // ×1000, ×290
    [a, 0, [sample(3, 700, 1000, { sourceIndex: 3 }), sample(4, 1700, 1000, { sourceIndex: 3 })]], //             ×1000, ×1000 (kept)
    [a, 0, [sample(60, 2700, 1000, { sourceIndex: 3 }), sample(61, 3700, 1000, { sourceIndex: 3 })]], //          ×1000 (reset), ×1000
    // Sequences 50 apart with the pool flat: kept, not reset.
    [a, 0, [sample(1, 500, 8, { sourceIndex: 5 }), sample(51, 500, 8, { sourceIndex: 5 })]], // ×8, ×8
    [a, 0, [sample(52, 1010, 8, { sourceIndex: 5 })]], //         ×10 (510 / 51)
    // Near 2^32, MIN + 50 wraps in u_int32: a step back of 10 is a reset.
    [a, 0, [sample(4294967290, 100, 7, { sourceIndex: 4 }), sample(4294967280, 100, 7, { sourceIndex: 4 })]], // ×7, ×7 (reset)
    [a, 0, [sample(4294967281, 150, 7, { sourceIndex: 4 })]], //  ×50
    // Two IPv6 agents in the same /32 and sub-agent share their state,
    // and with the IPv4 agent written with the same 4 bytes (2001:0db8).
    ['2001:db8::1', 0, [sample(1, 100, 10)]], //                   ×10
    ['2001:db8::2', 0, [sample(2, 130, 10)]], //                   ×30 (delta from the other agent)
    ['2001:db9::1', 0, [sample(3, 200, 10)]], //                   ×10 (another /32: first)
    ['32.1.13.184', 0, [sample(4, 300, 10)]], //                   ×85 (170 / 2 from 2001:db8::2)
  ];
  return list.map(([agent, subAgent, samples], i) => ({
    src: '198.51.100.10',
    payload: datagram(agent, subAgent, i + 1, samples),
    tsSec: T + i,
    dstPort: 6343,
  }));
}

if (import.meta.main) {
  writeUdpPcap(join(SFLOW_FIXTURES, 'crafted__sflow-renorm.pcap'), renormDatagrams());
}
