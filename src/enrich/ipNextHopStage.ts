/**
 * use_ip_next_hop (nfacctd): peer_dst_ip from the export's IP next hop
 * (NetFlow v5's nexthop, IPFIX/v9 ipNextHopIPv4/IPv6Address) when the
 * record has no BGP next hop, as pmacct 1.7.7's NetFlow peer_dst_ip
 * handler does. It runs before the BGP lookup, which reads that handler's
 * result to pick an ADD-PATH path and replaces it where nfacctd_net takes
 * peer_dst_ip from BGP. sfacctd's decoder does not keep the extended
 * router's next hop yet, so the key is refused there rather than ignored.
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import type { FlowDaemon } from '../model/primitive.ts';

export function ipNextHopStageOf(config: LoadedConfig, daemon: FlowDaemon): EnrichStage | null {
  const g = config.global;
  if (!g.bool('use_ip_next_hop')) return null;
  if (daemon !== 'nfacctd') {
    const at = g.where('use_ip_next_hop');
    throw new ConfigError([`${at ? `${at.file}:${at.line}` : 'command line'}: use_ip_next_hop is implemented for nfacctd only in tsacct`]);
  }
  return (rec) => {
    if (rec.bgpNextHop.family === 0 && rec.ipNextHop.family !== 0) rec.bgpNextHop.copyFrom(rec.ipNextHop);
  };
}
