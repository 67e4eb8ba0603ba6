/**
 * flow_to_rd_map (nfacctd, sfacctd): the BGP/MPLS VPN route distinguisher
 * of a flow, by exporter, interfaces, BGP next hop or MPLS bottom label.
 * pmacct 1.7.7 semantics (bitr_map_dictionary, BITR_* handlers), checked
 * against nfacctd 1.7.7 (golden test/golden/bgpCorrelation 'flow-to-rd'):
 *
 * - keys: id (the RD: `0:<as2>:<u32>`, `1:<ipv4>:<u16>`, `2:<as4>:<u16>`),
 *   ip, in, out, bgp_nexthop, mpls_label_bottom (NetFlow v9/IPFIX only,
 *   pmacct installs no function for sFlow); '-' negates a MATCH key; the
 *   first matching rule wins (firstMatchMap.ts).
 * - evaluated before the BGP lookup: the RD it gives becomes the flow's
 *   mpls_vpn_rd and the lookup then searches the peer's VPN RIB under it.
 * - bgp_nexthop is the exported BGP next hop (nfacctd_net netflow/sflow);
 *   with nfacctd_net bgp it would be the destination route's, which is not
 *   looked up yet when this map runs, so such a rule matches only negated.
 */
import { AF_INET, type FlowRecord } from '../model/flowRecord.ts';
import { parseRd } from '../decode/bgp/routeDistinguisher.ts';
import { LineProblem, readMapFile, type MapFileOptions } from './mapFile.ts';
import { FirstMatchMap, interfaceKey, leadingNumber, nextHopAddress, parseFirstMatchMap, type KeyParser } from './firstMatchMap.ts';

export type FlowToRdMap = FirstMatchMap<Uint8Array>;

export interface FlowToRdOptions extends MapFileOptions {
  daemon: 'nfacctd' | 'sfacctd';
  /** Whether the BGP next hop comes from the export protocol (nfacctd_net netflow/sflow/longest, or unset). */
  exportedNextHop: boolean;
}

function keys(options: FlowToRdOptions): Record<string, KeyParser> {
  return {
    in: interfaceKey('in'),
    out: interfaceKey('out'),
    bgp_nexthop: (value, negate) => {
      const { family, bytes } = nextHopAddress(value);
      if (!options.exportedNextHop) return () => negate;
      const size = family === AF_INET ? 4 : 16;
      return (rec) => {
        const nh = rec.bgpNextHop;
        if (nh.family !== family) return negate;
        const b = nh.bytes;
        for (let i = 0; i < size; i++) if (b[i] !== bytes[i]) return negate;
        return !negate;
      };
    },
    mpls_label_bottom: (value, negate) => {
      const label = leadingNumber(value);
      if (options.daemon !== 'nfacctd') return () => true;
      // NetFlow v9/IPFIX only: pmacct reads the labels of the template, a v5 flow never matches.
      return (rec: FlowRecord) => ((rec.exportProtoVersion === 9 || rec.exportProtoVersion === 10) && rec.mplsLabelBottom !== 0 && rec.mplsLabelBottom === label) !== negate;
    },
  };
}

function parseId(value: string): Uint8Array {
  const rd = parseRd(value);
  if (rd === null) throw new LineProblem(`Invalid Route Distinguisher '${value}'.`);
  return rd;
}

export function parseFlowToRdMap(text: string, file: string, options: FlowToRdOptions): FlowToRdMap {
  return parseFirstMatchMap(text, file, options, { keys: keys(options), parseId });
}

export function loadFlowToRdMap(file: string, options: FlowToRdOptions): FlowToRdMap {
  return parseFlowToRdMap(readMapFile(file, 'flow_to_rd_map'), file, options);
}
