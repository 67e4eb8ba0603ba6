/**
 * The configuration `npm start` (`tsacct start`) runs when no file is given:
 * a NetFlow/IPFIX collector on UDP 2100 printing a 5-tuple traffic table to
 * stdout every 60 seconds. It is ordinary pmacct syntax; the README shows it.
 */
export const DEFAULT_CONFIG_TEXT = `! tsacct embedded default configuration
nfacctd_port: 2100
plugins: print[main]
aggregate[main]: src_host, dst_host, src_port, dst_port, proto
print_output[main]: formatted
print_refresh_time[main]: 60
`;
