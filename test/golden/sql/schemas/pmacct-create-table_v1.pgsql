-- pmacct 1.7.7's sql/pmacct-create-table_v1.pgsql (Debian: /usr/share/doc/pmacct/sql/pmacct-create-table_v1.pgsql): its tables only; the
-- reference table 'proto' (loaded with psql's COPY … USING DELIMITERS) and the GRANTs to user pmacct are left out.
-- Tables 
DROP TABLE IF EXISTS acct_uni;
CREATE TABLE acct_uni (
    mac_src CHAR(17) NOT NULL DEFAULT '0:0:0:0:0:0',
    mac_dst CHAR(17) NOT NULL DEFAULT '0:0:0:0:0:0',
    ip_src CHAR(45) NOT NULL DEFAULT '0.0.0.0',
    ip_dst CHAR(45) NOT NULL DEFAULT '0.0.0.0',
    port_src INT NOT NULL DEFAULT 0,
    port_dst INT NOT NULL DEFAULT 0,
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP(0),
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_uni_pk PRIMARY KEY (mac_src, mac_dst, ip_src, ip_dst, port_src, port_dst, ip_proto, stamp_inserted)
);

DROP TABLE IF EXISTS acct;
CREATE TABLE acct (
    mac_src macaddr NOT NULL DEFAULT '0:0:0:0:0:0',
    mac_dst macaddr NOT NULL DEFAULT '0:0:0:0:0:0',
    ip_src inet NOT NULL DEFAULT '0.0.0.0',
    ip_dst inet NOT NULL DEFAULT '0.0.0.0',
    port_src INT NOT NULL DEFAULT 0,
    port_dst INT NOT NULL DEFAULT 0,
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP(0),
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_pk PRIMARY KEY (mac_src, mac_dst, ip_src, ip_dst, port_src, port_dst, ip_proto, stamp_inserted)
);

DROP TABLE IF EXISTS acct_as;
CREATE TABLE acct_as (
    mac_src macaddr NOT NULL DEFAULT '0:0:0:0:0:0',
    mac_dst macaddr NOT NULL DEFAULT '0:0:0:0:0:0',
    ip_src INT NOT NULL DEFAULT 0,
    ip_dst INT NOT NULL DEFAULT 0,
    port_src INT NOT NULL DEFAULT 0,
    port_dst INT NOT NULL DEFAULT 0,
    ip_proto SMALLINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT CURRENT_TIMESTAMP(0),
    stamp_updated timestamp without time zone,
    CONSTRAINT acct_as_pk PRIMARY KEY (mac_src, mac_dst, ip_src, ip_dst, port_src, port_dst, ip_proto, stamp_inserted)
);

