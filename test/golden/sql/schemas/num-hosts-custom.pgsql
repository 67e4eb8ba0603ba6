-- sql_optimize_clauses: a custom table with only the aggregated primitives, typed as pmacct's
-- README.pgsql maps them (inet whatever sql_num_hosts says: pmacct's pgsql plugin ignores it).
DROP TABLE IF EXISTS acct_num;
CREATE TABLE acct_num (
    ip_src inet NOT NULL DEFAULT '0.0.0.0',
    net_src inet NOT NULL DEFAULT '0.0.0.0',
    ip_dst inet NOT NULL DEFAULT '0.0.0.0',
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT '0001-01-01 00:00:00',
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_num_pk PRIMARY KEY (ip_src, net_src, ip_dst, ip_proto, stamp_inserted)
);
