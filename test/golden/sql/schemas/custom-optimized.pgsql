-- sql_optimize_clauses: a custom table with only the aggregated primitives,
-- typed as pmacct's README.pgsql maps them (ports are port_src/port_dst and
-- ip_proto a number in every pgsql table).
DROP TABLE IF EXISTS acct_custom;
CREATE TABLE acct_custom (
    peer_ip_src inet NOT NULL DEFAULT '0.0.0.0',
    iface_in BIGINT NOT NULL DEFAULT 0,
    iface_out BIGINT NOT NULL DEFAULT 0,
    ip_src inet NOT NULL DEFAULT '0.0.0.0',
    ip_dst inet NOT NULL DEFAULT '0.0.0.0',
    mask_src SMALLINT NOT NULL DEFAULT 0,
    mask_dst SMALLINT NOT NULL DEFAULT 0,
    port_src INT NOT NULL DEFAULT 0,
    port_dst INT NOT NULL DEFAULT 0,
    tcp_flags SMALLINT NOT NULL DEFAULT 0,
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    tos INT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    flows INT NOT NULL DEFAULT 0,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT '0001-01-01 00:00:00',
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_custom_pk PRIMARY KEY (peer_ip_src, iface_in, iface_out, ip_src, ip_dst, mask_src, mask_dst, port_src, port_dst, ip_proto, tos, stamp_inserted)
);
