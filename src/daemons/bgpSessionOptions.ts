/**
 * BGP daemon keys about the sessions' sockets and admission that are
 * checked apart from the rest: bgp_daemon_ipprec (refused: see below) and
 * bgp_daemon_batch / bgp_daemon_batch_interval (which work only together).
 *
 * bgp_daemon_ipprec marks the daemon's packets with an IP precedence:
 * pmacct sets IP_TOS (precedence << 5) on the listening socket, which the
 * accepted sessions inherit. Node has no API for IP_TOS on a TCP socket,
 * so it needs a native setsockopt() (as bgp_daemon_md5_file's
 * build/tcpMd5.node does for TCP_MD5SIG on the same listening socket);
 * until that exists a non-zero value is refused rather than ignored.
 */
import type { LoadedConfig } from '../config/index.ts';

export function bgpSessionOptionProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const problems: string[] = [];
  if (g.has('bgp_daemon_ipprec') && g.int('bgp_daemon_ipprec') !== 0) {
    const at = g.where('bgp_daemon_ipprec');
    problems.push(
      `${at ? `${at.file}:${at.line}: ` : ''}bgp_daemon_ipprec: setting the IP precedence of BGP sessions (IP_TOS) needs a native socket option tsacct does not have yet; ` +
        'remove the key, or mark the packets outside tsacct (e.g. nftables: ip dscp set … for tcp sport <bgp_daemon_port>)',
    );
  }
  return problems;
}

/** bgp_daemon_batch and bgp_daemon_batch_interval as the collector takes them; null (with a warning) unless both are set. */
export function bgpBatchOf(config: LoadedConfig, warn: (message: string) => void): { size: number; intervalSeconds: number } | null {
  const g = config.global;
  const size = g.has('bgp_daemon_batch') ? g.int('bgp_daemon_batch') : 0;
  const interval = g.has('bgp_daemon_batch_interval') ? g.int('bgp_daemon_batch_interval') : 0;
  if (size === 0 && interval === 0) return null;
  if (size === 0 || interval === 0) {
    // pmacct's words: it then sets both to zero (no batches).
    warn("'bgp_daemon_batch_interval' and 'bgp_daemon_batch' both set to zero.");
    return null;
  }
  return { size, intervalSeconds: interval };
}
