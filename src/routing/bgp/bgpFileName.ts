/**
 * Names of the BGP message log and table dump files, with pmacct's
 * variables: $peer_src_ip (the peer's address, '.' and ':' turned into
 * '_'), $peer_tcp_port, and for dumps the strftime fields of the dump
 * time and $tzone (bgp_table_dump_file in CONFIG-KEYS).
 */
import { strftime, substituteConfigVariables } from '../../output/dynamicFileName.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';

export function peerFileName(pattern: string, peer: PeerIdentity): string {
  return pattern
    .replace(/\$peer_src_ip/g, peer.address.replace(/[.:]/g, '_'))
    .replace(/\$peer_tcp_port/g, String(peer.port));
}

/** A dump file name: peer variables, then the dump time's strftime fields and $tzone. */
export function dumpFileName(pattern: string, peer: PeerIdentity, dumpSec: number, utc: boolean): string {
  const named = substituteConfigVariables(peerFileName(pattern, peer), { refreshSeconds: 0, historySeconds: 0, utc }, new Date(dumpSec * 1000));
  return strftime(named, dumpSec, utc);
}
