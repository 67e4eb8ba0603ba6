-- Every BGP primitive of the destination and source routes that pmacct 1.7.7's SQL plugins
-- write (sql/README.mysql: comms, ecomms, lcomms, *_src, as_path, local_pref, med, peer_as_src),
-- in a custom table written with sql_optimize_clauses. Text columns longer than pmacct's
-- CHAR(24)/CHAR(21) so that no community list or path is cut; no primary key (MySQL's key
-- length limit), pmacct updates rows by its WHERE clause anyway.
DROP TABLE IF EXISTS acct_bgp_attrs;
CREATE TABLE acct_bgp_attrs (
    as_src BIGINT NOT NULL DEFAULT 0,
    as_dst BIGINT NOT NULL DEFAULT 0,
    comms VARCHAR(256) NOT NULL DEFAULT ' ',
    ecomms VARCHAR(256) NOT NULL DEFAULT ' ',
    lcomms VARCHAR(256) NOT NULL DEFAULT ' ',
    comms_src VARCHAR(256) NOT NULL DEFAULT ' ',
    ecomms_src VARCHAR(256) NOT NULL DEFAULT ' ',
    lcomms_src VARCHAR(256) NOT NULL DEFAULT ' ',
    as_path VARCHAR(256) NOT NULL DEFAULT ' ',
    as_path_src VARCHAR(256) NOT NULL DEFAULT ' ',
    local_pref BIGINT NOT NULL DEFAULT 0,
    local_pref_src BIGINT NOT NULL DEFAULT 0,
    med BIGINT NOT NULL DEFAULT 0,
    med_src BIGINT NOT NULL DEFAULT 0,
    peer_as_src BIGINT NOT NULL DEFAULT 0,
    packets INT NOT NULL,
    bytes BIGINT NOT NULL,
    stamp_inserted timestamp without time zone NOT NULL DEFAULT '0001-01-01 00:00:00',
    stamp_updated timestamp without time zone
);
