/**
 * The numbers of the BGP-4 protocol that the decoder, the encoder and the
 * speaker share: message types and sizes (RFC 4271 §4), path attribute
 * type codes and flags (§5, RFC 4760, 6793, 1997, 4360, 8092, 7311, 8669),
 * capability codes (RFC 5492 and the documents defining each), address
 * families, and the NOTIFICATION error codes and subcodes (§6, RFC 4486,
 * 6608, 7313, 8203).
 */

export const BGP_MARKER_LENGTH = 16;
export const BGP_HEADER_LENGTH = 19;
/** Without the Extended Message capability (RFC 8654), which tsacct does not offer. */
export const BGP_MAX_MESSAGE_LENGTH = 4096;
export const BGP_VERSION = 4;
/** The 2-octet placeholder a 4-octet AS speaker puts where a 2-octet AS is expected (RFC 6793). */
export const AS_TRANS = 23456;

export const MSG_OPEN = 1;
export const MSG_UPDATE = 2;
export const MSG_NOTIFICATION = 3;
export const MSG_KEEPALIVE = 4;
export const MSG_ROUTE_REFRESH = 5;

/** Minimum length of each message, header included. */
export const OPEN_MIN_LENGTH = 29;
export const UPDATE_MIN_LENGTH = 23;
export const NOTIFICATION_MIN_LENGTH = 21;
export const KEEPALIVE_LENGTH = 19;
export const ROUTE_REFRESH_LENGTH = 23;

export const AFI_IPV4 = 1;
export const AFI_IPV6 = 2;
export const SAFI_UNICAST = 1;
export const SAFI_MULTICAST = 2;
/** RFC 8277 (formerly 3107): NLRI carrying MPLS labels. */
export const SAFI_LABELED_UNICAST = 4;
/** RFC 4364 / 4659: labels, a route distinguisher, then the prefix. */
export const SAFI_MPLS_VPN = 128;

// Path attribute flags (RFC 4271 §4.3).
export const ATTR_FLAG_OPTIONAL = 0x80;
export const ATTR_FLAG_TRANSITIVE = 0x40;
export const ATTR_FLAG_PARTIAL = 0x20;
export const ATTR_FLAG_EXTENDED_LENGTH = 0x10;

// Path attribute type codes.
export const ATTR_ORIGIN = 1;
export const ATTR_AS_PATH = 2;
export const ATTR_NEXT_HOP = 3;
export const ATTR_MULTI_EXIT_DISC = 4;
export const ATTR_LOCAL_PREF = 5;
export const ATTR_ATOMIC_AGGREGATE = 6;
export const ATTR_AGGREGATOR = 7;
export const ATTR_COMMUNITIES = 8;
export const ATTR_ORIGINATOR_ID = 9;
export const ATTR_CLUSTER_LIST = 10;
export const ATTR_MP_REACH_NLRI = 14;
export const ATTR_MP_UNREACH_NLRI = 15;
export const ATTR_EXTENDED_COMMUNITIES = 16;
export const ATTR_AS4_PATH = 17;
export const ATTR_AS4_AGGREGATOR = 18;
export const ATTR_AIGP = 26;
export const ATTR_LARGE_COMMUNITIES = 32;
export const ATTR_PREFIX_SID = 40;

export const ORIGIN_IGP = 0;
export const ORIGIN_EGP = 1;
export const ORIGIN_INCOMPLETE = 2;

// AS_PATH segment types (RFC 4271, RFC 5065).
export const AS_SET = 1;
export const AS_SEQUENCE = 2;
export const AS_CONFED_SEQUENCE = 3;
export const AS_CONFED_SET = 4;

// OPEN optional parameter and capability codes.
export const OPEN_PARAM_CAPABILITIES = 2;
export const CAP_MULTIPROTOCOL = 1;
export const CAP_ROUTE_REFRESH = 2;
export const CAP_EXTENDED_NEXT_HOP = 5;
export const CAP_EXTENDED_MESSAGE = 6;
export const CAP_GRACEFUL_RESTART = 64;
export const CAP_FOUR_OCTET_AS = 65;
export const CAP_ADD_PATH = 69;
export const CAP_ENHANCED_ROUTE_REFRESH = 70;

/** ADD-PATH Send/Receive field (RFC 7911 §4). */
export const ADD_PATH_RECEIVE = 1;
export const ADD_PATH_SEND = 2;
export const ADD_PATH_BOTH = 3;

// NOTIFICATION error codes (RFC 4271 §4.5) and their subcodes.
export const ERR_MESSAGE_HEADER = 1;
export const ERR_OPEN_MESSAGE = 2;
export const ERR_UPDATE_MESSAGE = 3;
export const ERR_HOLD_TIMER_EXPIRED = 4;
export const ERR_FSM = 5;
export const ERR_CEASE = 6;
export const ERR_ROUTE_REFRESH = 7;

export const SUB_UNSPECIFIC = 0;

export const SUB_HEADER_NOT_SYNCHRONIZED = 1;
export const SUB_HEADER_BAD_LENGTH = 2;
export const SUB_HEADER_BAD_TYPE = 3;

export const SUB_OPEN_UNSUPPORTED_VERSION = 1;
export const SUB_OPEN_BAD_PEER_AS = 2;
export const SUB_OPEN_BAD_BGP_IDENTIFIER = 3;
export const SUB_OPEN_UNSUPPORTED_OPTIONAL_PARAMETER = 4;
export const SUB_OPEN_UNACCEPTABLE_HOLD_TIME = 6;

export const SUB_UPDATE_MALFORMED_ATTRIBUTE_LIST = 1;
export const SUB_UPDATE_UNRECOGNIZED_WELL_KNOWN = 2;
export const SUB_UPDATE_MISSING_WELL_KNOWN = 3;
export const SUB_UPDATE_ATTRIBUTE_FLAGS = 4;
export const SUB_UPDATE_ATTRIBUTE_LENGTH = 5;
export const SUB_UPDATE_INVALID_ORIGIN = 6;
export const SUB_UPDATE_INVALID_NEXT_HOP = 8;
export const SUB_UPDATE_OPTIONAL_ATTRIBUTE = 9;
export const SUB_UPDATE_INVALID_NETWORK_FIELD = 10;
export const SUB_UPDATE_MALFORMED_AS_PATH = 11;

/** RFC 6608: which state the unexpected message arrived in. */
export const SUB_FSM_IN_OPEN_SENT = 1;
export const SUB_FSM_IN_OPEN_CONFIRM = 2;
export const SUB_FSM_IN_ESTABLISHED = 3;

export const SUB_CEASE_ADMIN_SHUTDOWN = 2;
export const SUB_CEASE_PEER_DECONFIGURED = 3;
export const SUB_CEASE_ADMIN_RESET = 4;
export const SUB_CEASE_CONNECTION_REJECTED = 5;
export const SUB_CEASE_COLLISION = 7;
export const SUB_CEASE_OUT_OF_RESOURCES = 8;

export const SUB_ROUTE_REFRESH_BAD_LENGTH = 1;

/** RFC 9003 (which widened RFC 8203's 128): the longest Shutdown Communication. */
export const SHUTDOWN_COMMUNICATION_MAX = 255;
