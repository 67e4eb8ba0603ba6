/**
 * pmacct's *_ipprec keys: the packets a daemon sends carry an IP
 * precedence, the top three bits of the TOS byte (precedence << 5), set
 * with setsockopt(IP_TOS) by the native addon src/collect/native/socketOptions.c
 * (build/socketOptions.node, built by scripts/buildNative.ts). Set on a listening
 * socket, it marks every connection the socket accepts.
 */
import type { Server, Socket } from 'node:net';
import { loadBuiltAddon } from '../core/builtAddon.ts';
import { socketDescriptor } from './socketDescriptor.ts';

export interface NativeIpTos {
  setTos(fd: number, tos: number): void;
  getTos(fd: number): number;
}


/** The addon, or null where it was not built. */
export function loadNativeIpTos(): NativeIpTos | null {
  return loadBuiltAddon<NativeIpTos>('socketOptions.node');
}

/** Marks the socket's packets with IP precedence 0-7; throws when the addon is missing or the kernel refuses. */
export function setIpPrecedence(socket: Server | Socket, precedence: number): void {
  const native = loadNativeIpTos();
  if (!native) throw new Error('IP precedence needs build/socketOptions.node, which is not built');
  native.setTos(socketDescriptor(socket), precedence << 5);
}

/** The socket's IP precedence (its TOS byte's top three bits). */
export function ipPrecedenceOf(socket: Server | Socket): number {
  const native = loadNativeIpTos();
  if (!native) throw new Error('IP precedence needs build/socketOptions.node, which is not built');
  return native.getTos(socketDescriptor(socket)) >> 5;
}
