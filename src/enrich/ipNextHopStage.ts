/**
 * use_ip_next_hop: peer_dst_ip from the export's IP next hop when the
 * record has no BGP next hop, as pmacct 1.7.7's peer_dst_ip handlers do.
 * nfacctd: NetFlow v5's nexthop, IPFIX/v9 ipNextHopIPv4/IPv6Address.
 * sfacctd: the extended router record's (1002) next hop; the decoder keeps
 * it in ipNextHop unless an extended gateway gave a BGP next hop. It runs
 * before the BGP lookup, which reads that handler's result to pick an
 * ADD-PATH path and replaces it where nfacctd_net takes peer_dst_ip from
 * BGP. Other daemons have no next hop to read, so the key is refused there
 * rather than ignored.
 */
import { ConfigError, type LoadedConfig } from '../config/index.ts';
import type { EnrichStage } from '../core/pipeline.ts';
import { AF_INET6 } from '../model/flowRecord.ts';
import type { FlowDaemon } from '../model/primitive.ts';

export function ipNextHopStageOf(config: LoadedConfig, daemon: FlowDaemon): EnrichStage | null {
  const g = config.global;
  if (!g.bool('use_ip_next_hop')) return null;
  if (daemon === 'nfacctd') {
    return (rec) => {
      if (rec.bgpNextHop.family === 0 && rec.ipNextHop.family !== 0) rec.bgpNextHop.copyFrom(rec.ipNextHop);
    };
  }
  if (daemon === 'sfacctd') {
    return (rec) => {
      if (rec.bgpNextHop.family !== 0 || rec.ipNextHop.family === 0) return;
      rec.bgpNextHop.copyFrom(rec.ipNextHop);
      // sfacctd prints an IPv6 sample's IPv4 router next hop IPv4-mapped, as it does a BGP one (FlowSampleContext.settle()).
      if (rec.srcHost.family === AF_INET6) rec.bgpNextHop.mapV4ToV6();
    };
  }
  const at = g.where('use_ip_next_hop');
  throw new ConfigError([`${at ? `${at.file}:${at.line}` : 'command line'}: use_ip_next_hop is implemented for nfacctd and sfacctd only in tsacct (${daemon} has no IP next hop to read)`]);
}
