/**
 * One line of pmacct's sFlow counter log (sfacctd_counter_file with
 * sfacctd_counter_output json), byte for byte as sfacctd 1.7.7 writes it
 * through Jansson: keys in insertion order, ", " and ": " separators,
 * integers unquoted.
 *
 * Each counter *block* of a sample is its own line, starting with the seq,
 * the timestamp (the wall clock of the datagram, not the agent's), the agent
 * ("peer_ip_src"), "event_type": "log", the sample's source index, the
 * datagram and sample sequence numbers. pmacct 1.7.7 decodes only the
 * generic interface, Ethernet and VLAN blocks for this log; any other block
 * (processor included) still gets a line, with only those leading fields.
 * The first line per agent is a "log_init" one, whose agent key is
 * "peer_src_ip" (sic: pmacct spells the two differently).
 *
 * sFlow v2/v4 counter samples are one block each: generic counters, VLAN
 * counters, or Ethernet counters, which pmacct writes as one line with the
 * generic fields, then the Ethernet ones, "sf_cnt_type" saying
 * "sflow_cnt_ethernet" where the generic line has it (Jansson replaces the
 * key's value in place). Other v2/v4 counter versions get no line.
 */
import {
  COUNTER_BLOCK_ETHERNET,
  COUNTER_BLOCK_GENERIC,
  COUNTER_BLOCK_GENERIC_ETHERNET,
  COUNTER_BLOCK_VLAN,
  type SflowCounterSample,
} from '../decode/sflow/sflowCounterSample.ts';

/** Strings here are addresses and timestamps: nothing JSON would escape. */
export function counterLogInitLine(seq: number, timestamp: string, agent: string): string {
  return `{"seq": ${seq}, "timestamp": "${timestamp}", "peer_src_ip": "${agent}", "event_type": "log_init"}\n`;
}

export function counterLogLine(seq: number, timestamp: string, agent: string, sample: SflowCounterSample, blockTag: number): string {
  const head =
    `{"seq": ${seq}, "timestamp": "${timestamp}", "peer_ip_src": "${agent}", "event_type": "log", ` +
    `"source_id_index": ${sample.sourceIdIndex}, "sflow_seq": ${sample.datagramSequence}, "sflow_cnt_seq": ${sample.sequence}`;
  switch (blockTag) {
    case COUNTER_BLOCK_GENERIC:
      return `${head}, "sf_cnt_type": "sflow_cnt_generic", ${genericFields(sample)}}\n`;
    case COUNTER_BLOCK_GENERIC_ETHERNET:
      return `${head}, "sf_cnt_type": "sflow_cnt_ethernet", ${genericFields(sample)}, ${ethernetFields(sample)}}\n`;
    case COUNTER_BLOCK_ETHERNET:
      return `${head}, "sf_cnt_type": "sflow_cnt_ethernet", ${ethernetFields(sample)}}\n`;
    case COUNTER_BLOCK_VLAN: {
      const v = sample.vlan;
      // pmacct adds "vlan" last, after the counters.
      return (
        `${head}, "sf_cnt_type": "sflow_cnt_vlan", "octets": ${v.octets}, "ucastPkts": ${v.ucastPkts}, "multicastPkts": ${v.multicastPkts}, ` +
        `"broadcastPkts": ${v.broadcastPkts}, "discards": ${v.discards}, "vlan": ${v.vlanId}}\n`
      );
    }
    default:
      return `${head}}\n`;
  }
}

function genericFields(sample: SflowCounterSample): string {
  const g = sample.generic;
  return (
    `"ifIndex": ${g.ifIndex}, "ifType": ${g.ifType}, "ifSpeed": ${g.ifSpeed}, ` +
    `"ifDirection": ${g.ifDirection}, "ifStatus": ${g.ifStatus}, "ifInOctets": ${g.ifInOctets}, "ifInUcastPkts": ${g.ifInUcastPkts}, ` +
    `"ifInMulticastPkts": ${g.ifInMulticastPkts}, "ifInBroadcastPkts": ${g.ifInBroadcastPkts}, "ifInDiscards": ${g.ifInDiscards}, ` +
    `"ifInErrors": ${g.ifInErrors}, "ifInUnknownProtos": ${g.ifInUnknownProtos}, "ifOutOctets": ${g.ifOutOctets}, ` +
    `"ifOutUcastPkts": ${g.ifOutUcastPkts}, "ifOutMulticastPkts": ${g.ifOutMulticastPkts}, "ifOutBroadcastPkts": ${g.ifOutBroadcastPkts}, ` +
    `"ifOutDiscards": ${g.ifOutDiscards}, "ifOutErrors": ${g.ifOutErrors}, "ifPromiscuousMode": ${g.ifPromiscuousMode}`
  );
}

function ethernetFields(sample: SflowCounterSample): string {
  const e = sample.ethernet;
  return (
    `"dot3StatsAlignmentErrors": ${e.dot3StatsAlignmentErrors}, ` +
    `"dot3StatsFCSErrors": ${e.dot3StatsFCSErrors}, "dot3StatsSingleCollisionFrames": ${e.dot3StatsSingleCollisionFrames}, ` +
    `"dot3StatsMultipleCollisionFrames": ${e.dot3StatsMultipleCollisionFrames}, "dot3StatsSQETestErrors": ${e.dot3StatsSQETestErrors}, ` +
    `"dot3StatsDeferredTransmissions": ${e.dot3StatsDeferredTransmissions}, "dot3StatsLateCollisions": ${e.dot3StatsLateCollisions}, ` +
    `"dot3StatsExcessiveCollisions": ${e.dot3StatsExcessiveCollisions}, "dot3StatsInternalMacTransmitErrors": ${e.dot3StatsInternalMacTransmitErrors}, ` +
    `"dot3StatsCarrierSenseErrors": ${e.dot3StatsCarrierSenseErrors}, "dot3StatsFrameTooLongs": ${e.dot3StatsFrameTooLongs}, ` +
    `"dot3StatsInternalMacReceiveErrors": ${e.dot3StatsInternalMacReceiveErrors}, "dot3StatsSymbolErrors": ${e.dot3StatsSymbolErrors}`
  );
}
