/**
 * BGP daemon keys about the sessions' sockets and admission that are
 * checked apart from the rest: bgp_daemon_ipprec and bgp_daemon_pipe_size
 * (each needs a native addon) and bgp_daemon_batch /
 * bgp_daemon_batch_interval (which work only together).
 *
 * bgp_daemon_ipprec marks the daemon's packets with an IP precedence:
 * pmacct sets IP_TOS (precedence << 5) on the listening socket, which the
 * accepted sessions inherit; tsacct does the same through build/socketOptions.node
 * (src/collect/ipPrecedence.ts). Where that addon was not built a non-zero
 * value is refused rather than ignored.
 *
 * bgp_daemon_pipe_size sizes the sessions' receive buffer: pmacct raises
 * SO_RCVBUF on the listening socket, which the accepted sessions inherit;
 * tsacct does the same through build/socketOptions.node
 * (src/collect/socketReceiveBuffer.ts). A buffer size only tunes, so where
 * that addon was not built the key is warned about and the OS default used.
 */
import type { LoadedConfig } from '../config/index.ts';
import { loadNativeIpTos } from '../collect/ipPrecedence.ts';
import { loadNativeSocketBuffer } from '../collect/socketReceiveBuffer.ts';

export function bgpSessionOptionProblems(config: LoadedConfig): string[] {
  const g = config.global;
  const problems: string[] = [];
  if (g.has('bgp_daemon_ipprec') && g.int('bgp_daemon_ipprec') !== 0 && loadNativeIpTos() === null) {
    problems.push(
      `${g.placeOf('bgp_daemon_ipprec')}bgp_daemon_ipprec: setting the IP precedence of BGP sessions (IP_TOS) needs tsacct's build/socketOptions.node, which is not built; ` +
        "install a C compiler, then run 'node scripts/buildNative.ts'",
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

/** bgp_daemon_pipe_size as the collector takes it; undefined when unset, or (with a warning) when the addon is missing. */
export function bgpPipeSizeOf(config: LoadedConfig, warn: (message: string) => void): number | undefined {
  const g = config.global;
  if (!g.has('bgp_daemon_pipe_size')) return undefined;
  if (loadNativeSocketBuffer() === null) {
    warn(
      "bgp_daemon_pipe_size: sizing the BGP sessions' receive buffer (SO_RCVBUF) needs tsacct's build/socketOptions.node, which is not built; " +
        "the OS default is used. Install a C compiler, then run 'node scripts/buildNative.ts'",
    );
    return undefined;
  }
  return g.int('bgp_daemon_pipe_size');
}
