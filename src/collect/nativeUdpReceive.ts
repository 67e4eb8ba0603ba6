/**
 * The native UDP receiver (src/collect/native/udpReceive.c, built into
 * build/udpReceive.node by scripts/buildNative.ts), or null where it was
 * not built: callers then receive with Node's dgram.
 */
import { loadBuiltAddon } from '../core/builtAddon.ts';

export interface NativeUdpReceive {
  /** Binds; returns [fd, bound port, SO_RCVBUF granted]. Throws with errno's text. */
  open(ip: string, port: number, rcvbufBytes: number, reusePort: boolean): [number, number, number];
  /**
   * Waits up to timeoutMs, then reads up to buffer.length / 65536 queued
   * datagrams: datagram i at buffer[i * 65536], meta[i * 7 ..] = length,
   * family (4/6), source port, source address (16 bytes).
   */
  receive(fd: number, buffer: Uint8Array, meta: Int32Array, timeoutMs: number): number;
  close(fd: number): void;
}

/** Bytes per datagram slot in receive()'s buffer, and Int32 words per datagram in its meta. */
export const NATIVE_SLOT_BYTES = 65536;
export const NATIVE_META_WORDS = 7;

export function loadNativeUdpReceive(): NativeUdpReceive | null {
  if (process.env.TSACCT_NATIVE_UDP === '0') return null;
  return loadBuiltAddon<NativeUdpReceive>('udpReceive.node');
}
