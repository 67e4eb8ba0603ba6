/**
 * What exabgp says it sent: its API process with `encoder json` and
 * `send { parsed; update; }` receives every UPDATE exabgp writes, decoded
 * by exabgp. Turned into the routes tsacct must dump, in pmacct's texts:
 * RFC 4271 origin letters, path identifiers (exabgp writes them dotted,
 * "0.0.0.1"), a route distinguisher as "type:administrator:assigned"
 * (RFC 4364 §4.2: an IPv4 administrator is type 1, an AS above 65535 type
 * 2, else type 0), the first MPLS label, community texts (dumpedRoutes.ts).
 */
import { communitiesText, extCommunitiesText, largeCommunitiesText, type DumpedRoute } from './dumpedRoutes.ts';

interface ExabgpAttributes {
  origin?: string;
  'as-path'?: number[];
  med?: number;
  'local-preference'?: number;
  community?: [number, number][];
  'large-community'?: number[][];
  'extended-community'?: { string: string }[];
}

interface ExabgpNlri {
  nlri: string;
  'path-information'?: string;
  label?: number[][];
  rd?: string;
}

interface ExabgpEvent {
  type: string;
  neighbor: { direction?: string; message?: { update?: { attribute?: ExabgpAttributes; announce?: Record<string, Record<string, ExabgpNlri[]>> } } };
}

const FAMILIES: Record<string, [number, number]> = {
  'ipv4 unicast': [1, 1],
  'ipv6 unicast': [2, 1],
  'ipv4 mpls-vpn': [1, 128],
  'ipv6 mpls-vpn': [2, 128],
};
const ORIGINS: Record<string, string> = { igp: 'i', egp: 'e', incomplete: 'u' };
const EXT_KINDS: Record<string, 'RT' | 'SoO'> = { target: 'RT', origin: 'SoO' };

function rdText(rd: string): string {
  const colon = rd.lastIndexOf(':');
  const admin = rd.slice(0, colon);
  const type = admin.includes('.') ? 1 : Number(admin) > 0xffff ? 2 : 0;
  return `${type}:${rd}`;
}

/** "0.0.0.1" -> 1: exabgp writes path identifiers (and a route origin's number) as dotted quads. */
function dottedNumber(dotted: string): number {
  return dotted.split('.').reduce((n, b) => n * 256 + Number(b), 0);
}

/** The routes of every UPDATE exabgp sent (announcements only), from its JSON lines. */
export function routesExabgpSent(jsonLines: readonly string[]): DumpedRoute[] {
  const routes: DumpedRoute[] = [];
  for (const line of jsonLines) {
    const event = JSON.parse(line) as ExabgpEvent;
    const update = event.neighbor.message?.update;
    if (event.type !== 'update' || event.neighbor.direction !== 'send' || !update?.announce) continue;
    const a = update.attribute ?? {};
    for (const [family, byNextHop] of Object.entries(update.announce)) {
      const [afi, safi] = FAMILIES[family] ?? [0, 0];
      for (const [nextHop, nlris] of Object.entries(byNextHop)) {
        for (const n of nlris) {
          const r: DumpedRoute = { afi, safi, ip_prefix: n.nlri, bgp_nexthop: nextHop, as_path: (a['as-path'] ?? []).join(' '), origin: ORIGINS[a.origin ?? 'igp'] };
          if (n['path-information'] !== undefined) r.as_path_id = dottedNumber(n['path-information']);
          if (n.rd) r.rd = rdText(n.rd);
          if (n.label) r.label = String(n.label[0]![0]);
          if (a['local-preference'] !== undefined) r.local_pref = a['local-preference'];
          if (a.med !== undefined) r.med = a.med;
          if (a.community) r.comms = communitiesText(a.community);
          if (a['large-community']) r.lcomms = largeCommunitiesText(a['large-community']);
          if (a['extended-community']) {
            r.ecomms = extCommunitiesText(a['extended-community'].map((e) => {
              // exabgp's notation: "target:4200000001L:9" (L: a 4-octet AS), "origin:65000:0.0.0.4" (a route
              // origin's number written as a dotted quad).
              const [kind, admin, value] = e.string.split(':') as [string, string, string];
              return { kind: EXT_KINDS[kind]!, admin: admin.replace(/L$/, ''), value: value.includes('.') ? dottedNumber(value) : Number(value) };
            }));
          }
          routes.push(r);
        }
      }
    }
  }
  return routes;
}
