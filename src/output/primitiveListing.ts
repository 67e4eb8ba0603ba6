/**
 * `<daemon> -a`: the primitives a daemon supports, grouped like pmacct lists
 * them, one "name : description" line each.
 */
import { PRIMITIVES } from '../model/primitiveCatalog.ts';
import type { FlowDaemon, PrimitiveGroup } from '../model/primitive.ts';

const GROUP_ORDER: PrimitiveGroup[] = ['L2', 'L3', 'L4', 'BGP', 'NAT', 'TUNNEL', 'MPLS', 'MISC', 'TIME'];

export function primitiveListing(daemon: FlowDaemon): string {
  let out = '';
  for (const group of GROUP_ORDER) {
    const members = PRIMITIVES.filter((p) => p.group === group && p.implemented && p.daemons.includes(daemon));
    const extras = group === 'MISC' && daemon === 'nfacctd' ? [{ name: 'flows', description: 'Number of flows (a counter, printed as FLOWS)' }] : [];
    const fwEvent = group === 'NAT' && daemon === 'nfacctd' ? [{ name: 'fw_event', description: 'Firewall event id (the same field as nat_event in pmacct 1.7.7)' }] : [];
    const rows = [...fwEvent, ...members, ...extras];
    if (rows.length === 0) continue;
    out += `\n${group}\n`;
    for (const p of rows) out += `${p.name.padEnd(32)} : ${p.description}\n`;
  }
  return out;
}
