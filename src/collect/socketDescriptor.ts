/**
 * The file descriptor behind a net.Server or net.Socket, for the native
 * socket options Node has no API for (TCP_MD5SIG, IP_TOS). Node keeps the
 * socket in its internal `_handle` (a TCPWrap whose `fd` is the descriptor
 * on Unix, -1 elsewhere). Only that one number is read, and its absence is
 * reported rather than guessed around.
 */
import type { Server, Socket } from 'node:net';

export function socketDescriptor(socket: Server | Socket): number {
  const handle = (socket as unknown as { _handle?: { fd?: unknown } | null })._handle;
  const fd = handle?.fd;
  if (typeof fd !== 'number' || fd < 0) throw new Error('the socket has no file descriptor (not open, or not a Unix system)');
  return fd;
}
