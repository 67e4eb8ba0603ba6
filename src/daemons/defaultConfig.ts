/**
 * The configuration `npm start` (`tsacct start`) runs when no file is given:
 * a NetFlow/IPFIX collector on UDP 2100 keeping a 5-tuple traffic table in
 * memory (query it with `npx tsacct pmacct -s` or the HTTP API on
 * 127.0.0.1:2180), printing the same table to stdout every 60 seconds and
 * keeping it in 5-minute bins in the SQLite file tsacct.db of the working
 * directory (table acct, created on first write). It is ordinary pmacct
 * syntax plus web_port and sql_table_autocreate; the README shows it.
 */
export const DEFAULT_CONFIG_TEXT = `! tsacct embedded default configuration
nfacctd_port: 2100
plugins: memory[table], print[main], sqlite3[db]
aggregate: src_host, dst_host, src_port, dst_port, proto
imt_path[table]: /tmp/collect.pipe
print_output[main]: formatted
print_refresh_time[main]: 60
sql_db[db]: tsacct.db
sql_table[db]: acct
sql_optimize_clauses[db]: true
sql_table_autocreate[db]: true
sql_history[db]: 5m
sql_history_roundoff[db]: m
sql_refresh_time[db]: 60
web_port: 2180
`;
