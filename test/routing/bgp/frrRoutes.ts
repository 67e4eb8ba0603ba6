/**
 * frr's own view of the routes it originates (`show bgp <afi> unicast json`
 * for the prefixes, then `show bgp <afi> unicast <prefix> json` for each
 * one's attributes), turned into the route an iBGP peer receives in
 * pmacct's texts:
 *
 * - next hop: the path's first next hop (set by the test's route-maps, so
 *   not frr's "0.0.0.0" for "myself");
 * - AS_PATH: frr's text, empty for its "Local" (no segment);
 * - LOCAL_PREF: the path's, else the table's defaultLocPrf (iBGP always
 *   carries one, RFC 4271 §5.1.5); MED: the path's metric when shown;
 * - communities from frr's texts ("65000:100 no-export", "RT:65000:300",
 *   "4200000001:1:2") to pmacct's (dumpedRoutes.ts).
 */
import { communitiesText, extCommunitiesText, largeCommunitiesText, type DumpedRoute } from './dumpedRoutes.ts';

interface FrrPath {
  aspath?: { string: string; length: number };
  origin: string;
  metric?: number;
  locPrf?: number;
  community?: { string: string };
  extendedCommunity?: { string: string };
  largeCommunity?: { string: string };
  nexthops: { ip: string }[];
}

export interface FrrTable {
  defaultLocPrf: number;
  routes: Record<string, unknown>;
}

const ORIGINS: Record<string, string> = { IGP: 'i', EGP: 'e', incomplete: 'u' };
/** RFC 1997 well-known communities by frr's names. */
const COMMUNITY_NAMES: Record<string, [number, number]> = {
  'no-export': [0xffff, 0xff01],
  'no-advertise': [0xffff, 0xff02],
  'local-AS': [0xffff, 0xff03],
};

export function expectedFromFrr(afi: number, prefix: string, path: FrrPath, table: FrrTable): DumpedRoute {
  const r: DumpedRoute = {
    afi,
    safi: 1,
    ip_prefix: prefix,
    bgp_nexthop: path.nexthops[0]?.ip,
    // frr writes an empty path as "Local".
    as_path: path.aspath && path.aspath.length > 0 ? path.aspath.string : '',
    origin: ORIGINS[path.origin],
    local_pref: path.locPrf ?? table.defaultLocPrf,
  };
  if (path.metric !== undefined) r.med = path.metric;
  if (path.community) {
    r.comms = communitiesText(path.community.string.split(' ').map((c) => COMMUNITY_NAMES[c] ?? (c.split(':').map(Number) as [number, number])));
  }
  if (path.extendedCommunity) {
    r.ecomms = extCommunitiesText(path.extendedCommunity.string.split(' ').map((e) => {
      const [kind, admin, value] = e.split(':') as ['RT' | 'SoO', string, string];
      return { kind, admin, value: Number(value) };
    }));
  }
  if (path.largeCommunity) r.lcomms = largeCommunitiesText(path.largeCommunity.string.split(' ').map((l) => l.split(':').map(Number)));
  return r;
}

/** Every route frr originates in the family, as tsacct must dump it. */
export function frrExport(vtysh: (command: string) => string, afi: 1 | 2): DumpedRoute[] {
  const family = afi === 1 ? 'ipv4' : 'ipv6';
  const table = JSON.parse(vtysh(`show bgp ${family} unicast json`)) as FrrTable;
  return Object.keys(table.routes).map((prefix) => {
    const detail = JSON.parse(vtysh(`show bgp ${family} unicast ${prefix} json`)) as { paths: FrrPath[] };
    return expectedFromFrr(afi, prefix, detail.paths[0]!, table);
  });
}
