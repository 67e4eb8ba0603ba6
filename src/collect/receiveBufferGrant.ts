/**
 * What the kernel made of a receive-buffer request (`<daemon>_pipe_size`).
 * pmacct logs "obtained=… target=…" whenever the key is set. Linux reports
 * twice the usable buffer (its bookkeeping overhead) and silently caps the
 * request at net.core.rmem_max, so a cap only shows by comparing half the
 * obtained size with the target: then we also warn, naming the sysctl.
 */
import { readFileSync } from 'node:fs';

export interface ReceiveBufferGrant {
  /** pmacct's INFO line, word for word. */
  info: string;
  /** Set when the kernel granted less than asked. */
  warning: string | null;
}

export function describeReceiveBufferGrant(
  key: string,
  target: number,
  obtained: number,
  platform: NodeJS.Platform = process.platform,
  rmemMax: () => number | null = readRmemMax,
): ReceiveBufferGrant {
  const info = `${key}: obtained=${obtained} target=${target}.`;
  const usable = platform === 'linux' ? obtained / 2 : obtained;
  if (usable >= target) return { info, warning: null };
  const max = rmemMax();
  return {
    info,
    warning:
      `${key}: the kernel granted a receive buffer of ${usable} bytes, less than the ${target} asked` +
      (max !== null ? ` (net.core.rmem_max is ${max}: raise it, e.g. sysctl -w net.core.rmem_max=${target})` : ''),
  };
}

function readRmemMax(): number | null {
  try {
    const value = Number(readFileSync('/proc/sys/net/core/rmem_max', 'utf8').trim());
    return Number.isSafeInteger(value) ? value : null;
  } catch {
    return null;
  }
}
