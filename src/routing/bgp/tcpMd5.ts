/**
 * TCP MD5 signatures (RFC 2385) on the BGP listening socket, from
 * bgp_daemon_md5_file: one key per peer address, set with the native
 * addon (src/routing/bgp/native/tcpMd5.c, built into build/tcpMd5.node by
 * scripts/buildNative.ts; docs/adr/0006-tcp-md5-addon.md). Connections
 * accepted from a listed peer inherit its key; the kernel drops a listed
 * peer's segments that are unsigned or signed with another key, so such a
 * peer never gets a session. Peers not listed connect unsigned, as with
 * pmacct.
 *
 * As pmacct does, a key the kernel refuses is a warning and the daemon
 * goes on; a missing addon is a startup error (a daemon configured for
 * signatures must not run without them).
 */
import type { Server } from 'node:net';
import { loadBuiltAddon } from '../../core/builtAddon.ts';
import type { Logger } from '../../core/logger.ts';
import { socketDescriptor } from '../../collect/socketDescriptor.ts';

/** A peer and its password (bgp_daemon_md5_file's lines, src/maps/bgpMd5File.ts). */
export interface Md5Key {
  address: string;
  password: string;
}

export interface NativeTcpMd5 {
  /** Sets (or, with an empty key, removes) the peer's key on the socket; throws with errno's text. */
  setKey(fd: number, address: string, key: string): void;
}


/** The addon, or null where it was not built. */
export function loadNativeTcpMd5(): NativeTcpMd5 | null {
  return loadBuiltAddon<NativeTcpMd5>('tcpMd5.node');
}

/** Sets every peer's key on the listening server; returns how many the kernel took. */
export function applyMd5Keys(server: Server, peers: readonly Md5Key[], logger: Logger): number {
  const native = loadNativeTcpMd5();
  // bgpCollectorSettings refuses an md5 file without the addon: this is the last line of defence.
  if (!native) throw new Error('bgp_daemon_md5_file needs build/tcpMd5.node, which is not built');
  const fd = socketDescriptor(server);
  let set = 0;
  for (const peer of peers) {
    try {
      native.setKey(fd, peer.address, peer.password);
      set++;
      logger.debug(`setsockopt() set TCP_MD5SIG peer=${peer.address}`);
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      logger.warn(`setsockopt() failed for TCP_MD5SIG peer=${peer.address} (errno: ${errno ?? '?'}): ${(err as Error).message}`);
    }
  }
  return set;
}
