/**
 * Reading tsacct's table dump (bgp_table_dump_file JSON lines) for the
 * interop tests, and the one comparable form a route takes on both sides:
 * the speaker's RIB turned into pmacct's texts, and the dump's lines.
 */
import { readLines } from './bgpTestKit.ts';

export type DumpedRoute = Record<string, unknown>;

/** The route fields an interop test compares (the path identifier is the speaker's own business). */
export const ROUTE_FIELDS = ['afi', 'safi', 'ip_prefix', 'rd', 'label', 'bgp_nexthop', 'as_path', 'comms', 'ecomms', 'lcomms', 'origin', 'local_pref', 'med'];

export function canonical(r: DumpedRoute): string {
  return JSON.stringify(ROUTE_FIELDS.map((k) => r[k] ?? null));
}

/** The dump lines (event_type 'dump') of a dump file. */
export function dumpedRoutes(file: string): DumpedRoute[] {
  return readLines(file).map((l) => JSON.parse(l) as DumpedRoute).filter((l) => l.event_type === 'dump');
}

/**
 * pmacct's texts of the three community lists, from the values a speaker
 * shows. pmacct keeps each list sorted in wire order and without repeats
 * (pmbgpd 1.7.7 prints them so); RFC 1997 well-known communities by name.
 */
const WELL_KNOWN_COMMUNITIES: Record<string, string> = {
  '65535:65281': 'no-export',
  '65535:65282': 'no-advertise',
  '65535:65283': 'local-AS',
};

function byNumbers(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return 0;
}

/** [high, low] 16-bit halves -> "65000:100 no-export". */
export function communitiesText(values: [number, number][]): string {
  return [...values].sort(byNumbers).map(([hi, lo]) => `${hi}:${lo}`).map((c) => WELL_KNOWN_COMMUNITIES[c] ?? c).join(' ');
}

/**
 * RFC 4360 route targets / route origins -> "RT:65000:300 SoO:65000:4", in
 * wire order: type (0x00 2-octet AS, 0x01 IPv4, 0x02 4-octet AS), subtype
 * (0x02 RT, 0x03 SoO), administrator, assigned number.
 */
export function extCommunitiesText(values: { kind: 'RT' | 'SoO'; admin: string; value: number }[]): string {
  const wire = (e: { kind: string; admin: string; value: number }): number[] => {
    const subtype = e.kind === 'RT' ? 2 : 3;
    if (e.admin.includes('.')) {
      const [a, b, c, d] = e.admin.split('.').map(Number) as [number, number, number, number];
      return [1, subtype, ((a << 24) | (b << 16) | (c << 8) | d) >>> 0, e.value];
    }
    return [Number(e.admin) > 0xffff ? 2 : 0, subtype, Number(e.admin), e.value];
  };
  return [...values].sort((x, y) => byNumbers(wire(x), wire(y))).map((e) => `${e.kind}:${e.admin}:${e.value}`).join(' ');
}

/** RFC 8092 [global, local1, local2] -> "4200000001:1:2". */
export function largeCommunitiesText(values: number[][]): string {
  return [...values].sort(byNumbers).map((l) => l.join(':')).join(' ');
}
