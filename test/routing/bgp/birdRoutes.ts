/**
 * bird2's `show route all export <protocol>` (the routes after the
 * protocol's export filter, with their BGP.* attributes) parsed, and
 * turned into the route a BGP peer receives in pmacct's texts:
 *
 * - ORIGIN absent: bird sends IGP for routes it originates (RFC 4271
 *   makes ORIGIN mandatory; bird's default for local routes is IGP);
 * - AS_PATH absent: iBGP sends an empty path (RFC 4271 §5.1.2);
 * - LOCAL_PREF absent: bird's `default bgp_local_pref` is 100 on iBGP;
 * - BGP.next_hop: the first address (a second one is IPv6 link-local);
 * - communities "(65000,100)", extended "(rt, 65000, 300)" and large
 *   "(4200000001, 1, 2)" (bird's notation) as pmacct writes RFC 1997,
 *   RFC 4360 and RFC 8092 values: "65000:100", "RT:65000:300",
 *   "4200000001:1:2" (dumpedRoutes.ts).
 */
import { communitiesText, extCommunitiesText, largeCommunitiesText, type DumpedRoute } from './dumpedRoutes.ts';

export interface BirdRoute {
  table: string;
  prefix: string;
  /** The protocol the route came from ("static_a"). */
  from: string;
  attributes: Map<string, string>;
}

export function parseBirdRoutes(text: string): BirdRoute[] {
  const routes: BirdRoute[] = [];
  let table = '';
  let prefix = '';
  for (const line of text.split('\n')) {
    if (line.startsWith('BIRD ') || line.trim() === '') continue;
    const t = /^Table (\S+):/.exec(line);
    if (t) {
      table = t[1]!;
      continue;
    }
    if (line.startsWith('\t')) {
      const a = /^\t(\S+): ?(.*)$/.exec(line);
      if (a && routes.length > 0) routes.at(-1)!.attributes.set(a[1]!, a[2]!);
      continue;
    }
    // A route line: the prefix, or blanks for another route of the same prefix.
    if (!line.startsWith(' ')) prefix = line.split(/\s+/)[0]!;
    const from = /\[(\S+)/.exec(line)?.[1] ?? '';
    routes.push({ table, prefix, from, attributes: new Map() });
  }
  return routes;
}

const ORIGINS: Record<string, string> = { IGP: 'i', EGP: 'e', Incomplete: 'u' };

/** The tuples inside bird's parentheses: "(a, b) (c, d)" -> [["a","b"],["c","d"]]. */
function tuples(text: string): string[][] {
  return [...text.matchAll(/\(([^)]*)\)/g)].map((m) => m[1]!.split(',').map((x) => x.trim()));
}

/** What an iBGP peer receives for the bird route, in pmacct's dump texts. */
export function expectedFromBird(route: BirdRoute): DumpedRoute {
  const a = route.attributes;
  const r: DumpedRoute = {
    afi: route.prefix.includes(':') ? 2 : 1,
    safi: 1,
    ip_prefix: route.prefix,
    bgp_nexthop: a.get('BGP.next_hop')?.split(' ')[0],
    as_path: a.get('BGP.as_path') ?? '',
    origin: ORIGINS[a.get('BGP.origin') ?? 'IGP'],
    local_pref: Number(a.get('BGP.local_pref') ?? 100),
  };
  if (a.has('BGP.med')) r.med = Number(a.get('BGP.med'));
  if (a.has('BGP.community')) r.comms = communitiesText(tuples(a.get('BGP.community')!).map((t) => t.map(Number) as [number, number]));
  if (a.has('BGP.ext_community')) {
    r.ecomms = extCommunitiesText(tuples(a.get('BGP.ext_community')!).map(([kind, admin, value]) => ({ kind: kind === 'rt' ? 'RT' : 'SoO', admin: admin!, value: Number(value) })));
  }
  if (a.has('BGP.large_community')) r.lcomms = largeCommunitiesText(tuples(a.get('BGP.large_community')!).map((t) => t.map(Number)));
  return r;
}
