-- The external traffic matrix of pmacct's seed slides (aggregate[ext_tm]: src_as, in_iface,
-- peer_src_ip, peer_dst_ip, peer_dst_as, as_path, dst_as) in a custom table written with
-- sql_optimize_clauses: only the aggregated columns, typed as pmacct's bgp pgsql table
-- (as_path longer than its CHAR(21), which cannot hold a path of three 4-octet ASNs).
DROP TABLE IF EXISTS acct_ext_tm;
CREATE TABLE acct_ext_tm (
    as_src BIGINT NOT NULL DEFAULT 0,
    iface_in BIGINT NOT NULL DEFAULT 0,
    peer_ip_src inet NOT NULL DEFAULT '0.0.0.0',
    peer_ip_dst inet NOT NULL DEFAULT '0.0.0.0',
    peer_as_dst BIGINT NOT NULL DEFAULT 0,
    as_path VARCHAR(256) NOT NULL DEFAULT ' ',
    as_dst BIGINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT '0001-01-01 00:00:00',
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_ext_tm_pk PRIMARY KEY (as_src, iface_in, peer_ip_src, peer_ip_dst, peer_as_dst, as_path, as_dst, stamp_inserted)
);
