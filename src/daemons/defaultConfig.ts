/**
 * The configuration `npm start` (`tsacct start`) runs when no file is given:
 * a NetFlow/IPFIX collector on UDP 2100 keeping a 5-tuple traffic table in
 * memory (query it with `npx tsacct pmacct -s` or the HTTP API on
 * 127.0.0.1:2180) and printing the same table to stdout every 60 seconds.
 * It is ordinary pmacct syntax plus web_port; the README shows it.
 */
export const DEFAULT_CONFIG_TEXT = `! tsacct embedded default configuration
nfacctd_port: 2100
plugins: memory[table], print[main]
aggregate: src_host, dst_host, src_port, dst_port, proto
imt_path[table]: /tmp/collect.pipe
print_output[main]: formatted
print_refresh_time[main]: 60
web_port: 2180
`;
