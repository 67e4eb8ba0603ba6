/**
 * INET_ATON and INET6_ATON for SQLite, which has neither. pmacct's
 * sql_num_hosts statements call them and its CONFIG-KEYS leaves them "to be
 * user-defined" in SQLite, which pmacct's own sqlite3 plugin gives no way to
 * do; tsacct defines them on each connection it opens.
 *
 * They follow MySQL's functions of the same names where SQLite can hold the
 * result:
 * - INET_ATON('a.b.c.d') is the address read as an unsigned 32-bit number in
 *   network byte order (a·2^24 + b·2^16 + c·2^8 + d); anything else is NULL.
 * - INET6_ATON of an IPv6 address is its 16 bytes in network order, a BLOB
 *   (MySQL's VARBINARY value; 128 bits fit no SQLite INTEGER). Of an IPv4
 *   address it is the same integer as INET_ATON, where MySQL gives 4 bytes:
 *   README.sqlite3 declares the sql_num_hosts columns as integers, and pmacct
 *   calls INET6_ATON for every aggregated address of either family.
 * Both are deterministic, so SQLite may use them in indexes and constant-fold.
 */
import type { DatabaseSync } from 'node:sqlite';
import { AF_INET, AF_INET6 } from '../../model/flowRecord.ts';
import { parseIp } from '../../model/ipText.ts';

/** The 16-byte scratch parseIp fills; the functions copy what they return out of it. */
const scratch = new Uint8Array(16);

function ipv4Number(b: Uint8Array): bigint {
  return BigInt(((b[0]! << 24) >>> 0) + (b[1]! << 16) + (b[2]! << 8) + b[3]!);
}

/** MySQL's INET_ATON for dotted-quad text; null otherwise (SQL NULL). */
export function inetAton(text: unknown): bigint | null {
  if (typeof text !== 'string') return null;
  return parseIp(text, scratch) === AF_INET ? ipv4Number(scratch) : null;
}

/** INET6_ATON: IPv6 text as its 16 bytes, IPv4 text as INET_ATON's number; null for anything else. */
export function inet6Aton(text: unknown): bigint | Uint8Array | null {
  if (typeof text !== 'string') return null;
  const family = parseIp(text, scratch);
  if (family === AF_INET) return ipv4Number(scratch);
  if (family === AF_INET6) return scratch.slice();
  return null;
}

/** Defines INET_ATON and INET6_ATON on `db`. */
export function defineInetFunctions(db: DatabaseSync): void {
  db.function('INET_ATON', { deterministic: true }, inetAton);
  db.function('INET6_ATON', { deterministic: true }, inet6Aton);
}
