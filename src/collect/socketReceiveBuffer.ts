/**
 * Sizing the kernel receive buffer of a TCP socket (bgp_daemon_pipe_size),
 * the way pmacct's Setsocksize does it: the buffer is only ever raised — a
 * target at or below the current size leaves the socket alone —, and a
 * request the kernel refuses is halved until one is taken. Linux takes any
 * size (it caps it at net.core.rmem_max) and reports twice the value set,
 * so `obtained` is 2 × min(target, rmem_max) once raised.
 *
 * SO_RCVBUF is set by the native addon src/collect/native/socketOptions.c
 * (build/socketOptions.node, built by scripts/buildNative.ts). Set on a
 * listening socket, it sizes every connection the socket accepts.
 */
import type { Server, Socket } from 'node:net';
import { loadBuiltAddon } from '../core/builtAddon.ts';
import { socketDescriptor } from './socketDescriptor.ts';

export interface NativeSocketBuffer {
  setReceiveBuffer(fd: number, bytes: number): void;
  getReceiveBuffer(fd: number): number;
}

export interface ReceiveBufferResult {
  /** SO_RCVBUF before (as getsockopt reports it). */
  before: number;
  /** SO_RCVBUF after, read back: what pmacct logs as obtained. */
  obtained: number;
  /** False when the target did not exceed `before`, so nothing was set. */
  raised: boolean;
}

/** The addon, or null where it was not built. */
export function loadNativeSocketBuffer(): NativeSocketBuffer | null {
  return loadBuiltAddon<NativeSocketBuffer>('socketOptions.node');
}

/** Raises the socket's receive buffer towards `target` bytes; throws when the addon is missing or getsockopt fails. */
export function raiseReceiveBuffer(socket: Server | Socket, target: number): ReceiveBufferResult {
  return raiseDescriptorReceiveBuffer(requireNative(), socketDescriptor(socket), target);
}

/** The socket's SO_RCVBUF as getsockopt reports it (doubled on Linux). */
export function receiveBufferOf(socket: Server | Socket): number {
  return requireNative().getReceiveBuffer(socketDescriptor(socket));
}

/** The raising rule on a descriptor, with the native calls passed in (tests give their own). */
export function raiseDescriptorReceiveBuffer(native: NativeSocketBuffer, fd: number, target: number): ReceiveBufferResult {
  const before = native.getReceiveBuffer(fd);
  if (target <= before) return { before, obtained: before, raised: false };
  let taken = false;
  for (let value = target; value > 0 && !taken; value = Math.floor(value / 2)) {
    try {
      native.setReceiveBuffer(fd, value);
      taken = true;
    } catch {
      // Refused (a system with a hard limit): try half as much, as pmacct does.
    }
  }
  // Nothing taken: pmacct then sets the earlier size again; the socket still has it, so nothing to do.
  return { before, obtained: native.getReceiveBuffer(fd), raised: taken };
}

function requireNative(): NativeSocketBuffer {
  const native = loadNativeSocketBuffer();
  if (!native) throw new Error('sizing a TCP receive buffer needs build/socketOptions.node, which is not built');
  return native;
}
