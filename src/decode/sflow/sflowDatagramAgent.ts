/**
 * The agent of an sFlow datagram (v5, v4 or v2), read from its header alone: consumers
 * that must act per agent before any sample is decoded (pmacct's counter
 * log opens an agent's file on its first datagram, counters or not) read it
 * here rather than widen the decoder's callbacks.
 */
import { ipv4Text } from '../../model/ipText.ts';
import { readU32 } from '../netflow/wireReaders.ts';

export interface SflowDatagramAgent {
  /**
   * The agent as pmacct's per-agent status table knows it: always IPv4.
   * sfacctd 1.7.7 (sfv245_check_status) copies the IPv4 member of the agent
   * address, so an IPv6 agent becomes its first four bytes: 30::1:1:1 is
   * "0.48.0.0" in the counter log's file name and lines (checked against
   * sfacctd on tcpdump__sflow-print-v6.pcap).
   */
  address: string;
  subAgentId: number;
}

/**
 * The agent, or null when the header is not a complete sFlow v5, v4 or v2
 * one (the decoder rejects those too). v2/v4 have no sub-agent id: 0, as
 * in pmacct.
 */
export function readSflowDatagramAgent(payload: Uint8Array): SflowDatagramAgent | null {
  if (payload.length < 8) return null;
  const version = readU32(payload, 0);
  if (version !== 5 && version !== 4 && version !== 2) return null;
  const addressType = readU32(payload, 4);
  const addressLength = addressType === 1 ? 4 : addressType === 2 ? 16 : 0;
  if (addressLength === 0 || payload.length < 8 + addressLength + (version === 5 ? 16 : 12)) return null;
  return {
    address: ipv4Text(payload, 8),
    subAgentId: version === 5 ? readU32(payload, 8 + addressLength) : 0,
  };
}
