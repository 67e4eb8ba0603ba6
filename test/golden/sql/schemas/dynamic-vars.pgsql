CREATE TABLE t_$peer_src_ip_%s_%W_%w_%d%H%M%S_$ref_$hst (
    peer_ip_src inet NOT NULL DEFAULT '0.0.0.0',
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    flows INT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL,
    stamp_updated timestamp without time zone,
    PRIMARY KEY (peer_ip_src, ip_proto, stamp_inserted)
);
