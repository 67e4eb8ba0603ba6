CREATE TABLE acct_%Y%m%d_%H%M (
    ip_src inet NOT NULL DEFAULT '0.0.0.0',
    ip_dst inet NOT NULL DEFAULT '0.0.0.0',
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT '0001-01-01 00:00:00',
    stamp_updated timestamp without time zone,
    PRIMARY KEY (ip_src, ip_dst, ip_proto, stamp_inserted)
);
