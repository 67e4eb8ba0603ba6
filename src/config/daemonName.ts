// The pmacct daemons tsacct stands in for, under the names pmacct gives them.
export type DaemonName = 'nfacctd' | 'sfacctd' | 'pmacctd' | 'uacctd' | 'pmbgpd' | 'pmbmpd' | 'pmtelemetryd';

export const ALL_DAEMONS: readonly DaemonName[] = [
  'nfacctd', 'sfacctd', 'pmacctd', 'uacctd', 'pmbgpd', 'pmbmpd', 'pmtelemetryd',
];

// The daemons that account traffic through plugins; the routing and telemetry
// daemons (pmbgpd, pmbmpd, pmtelemetryd) have no plugins and no aggregation.
export const TRAFFIC_DAEMONS: readonly DaemonName[] = ['nfacctd', 'sfacctd', 'pmacctd', 'uacctd'];

export function isTrafficDaemon(daemon: DaemonName): boolean {
  return TRAFFIC_DAEMONS.includes(daemon);
}
