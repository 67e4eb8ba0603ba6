/**
 * Writes classic pcap files (the format every tool reads, pmacct's
 * pcap_savefile included): a file header, then a record per frame. Records
 * are staged in a large buffer and written to the file in big blocks;
 * without a path the file is kept in memory (`toBuffer()`), for tests.
 * Little-endian µs by default; big-endian and ns variants exist so readers
 * can be tested against every flavour.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { LinkType } from '../decode/packet/linkType.ts';
import { udpFrameLength, writeUdpFrame, type UdpEndpoints } from './pcapUdpFrame.ts';

export interface PcapFileWriterOptions {
  /** LINKTYPE_* of every frame (default Ethernet). */
  linkType?: number;
  snapLength?: number;
  /** Timestamps in ns (magic 0xa1b23c4d) instead of µs. */
  nanosecond?: boolean;
  bigEndian?: boolean;
}

const FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
const STAGING_SIZE = 1024 * 1024;
const DEFAULT_SNAPLEN = 262144;

export class PcapFileWriter {
  readonly linkType: number;
  /** Records written so far. */
  packets = 0;
  private readonly fd: number | null;
  private readonly bigEndian: boolean;
  private readonly memory: Buffer[] = [];
  private staging = Buffer.allocUnsafe(STAGING_SIZE);
  private used = 0;
  private closed = false;
  private ipId = 0;

  private constructor(fd: number | null, options: PcapFileWriterOptions) {
    this.fd = fd;
    this.linkType = options.linkType ?? LinkType.ethernet;
    this.bigEndian = options.bigEndian ?? false;
    const header = this.reserve(FILE_HEADER_LENGTH);
    this.u32(options.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, header);
    this.u16(2, header + 4);
    this.u16(4, header + 6);
    this.u32(0, header + 8);
    this.u32(0, header + 12);
    this.u32(options.snapLength ?? DEFAULT_SNAPLEN, header + 16);
    this.u32(this.linkType, header + 20);
  }

  /** Creates (or truncates) `path`. */
  static create(path: string, options: PcapFileWriterOptions = {}): PcapFileWriter {
    return new PcapFileWriter(openSync(path, 'w'), options);
  }

  /** A writer that keeps the file in memory; read it with `toBuffer()`. */
  static inMemory(options: PcapFileWriterOptions = {}): PcapFileWriter {
    return new PcapFileWriter(null, options);
  }

  /**
   * Appends a frame. `fraction` is µs, or ns for a nanosecond file;
   * `originalLength` defaults to the frame length (nothing cut by a snaplen).
   */
  writePacket(frame: Uint8Array, tsSec: number, fraction: number, originalLength = frame.length): void {
    const at = this.writeRecordHeader(tsSec, fraction, frame.length, originalLength);
    this.staging.set(frame, at);
  }

  /** Appends a UDP datagram encapsulated for this file's link type (Ethernet or raw IP). */
  writeUdpDatagram(endpoints: UdpEndpoints, payload: Uint8Array, tsSec: number, fraction: number): void {
    const length = udpFrameLength(this.linkType, endpoints, payload.length);
    const at = this.writeRecordHeader(tsSec, fraction, length, length);
    writeUdpFrame(this.linkType, endpoints, payload, this.staging, at, this.ipId++);
  }

  /** Writes what is staged and closes the file. */
  close(): void {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (this.fd !== null) closeSync(this.fd);
  }

  /** The whole file of an in-memory writer (after `close()`). */
  toBuffer(): Buffer {
    if (this.fd !== null) throw new Error('toBuffer() is for in-memory writers');
    this.close();
    return Buffer.concat(this.memory);
  }

  /** Reserves header + frame room and writes the record header; returns where the frame goes. */
  private writeRecordHeader(tsSec: number, fraction: number, capturedLength: number, originalLength: number): number {
    if (this.closed) throw new Error('pcap writer is closed');
    const at = this.reserve(RECORD_HEADER_LENGTH + capturedLength);
    this.u32(tsSec, at);
    this.u32(fraction, at + 4);
    this.u32(capturedLength, at + 8);
    this.u32(originalLength, at + 12);
    this.packets++;
    return at + RECORD_HEADER_LENGTH;
  }

  private reserve(length: number): number {
    if (this.used + length > this.staging.length) {
      this.flush();
      if (length > this.staging.length) this.staging = Buffer.allocUnsafe(length);
    }
    const at = this.used;
    this.used += length;
    return at;
  }

  private flush(): void {
    if (this.used === 0) return;
    if (this.fd === null) {
      this.memory.push(Buffer.from(this.staging.subarray(0, this.used)));
    } else {
      for (let written = 0; written < this.used; ) {
        written += writeSync(this.fd, this.staging, written, this.used - written);
      }
    }
    this.used = 0;
  }

  private u16(value: number, at: number): void {
    if (this.bigEndian) this.staging.writeUInt16BE(value, at);
    else this.staging.writeUInt16LE(value, at);
  }

  private u32(value: number, at: number): void {
    if (this.bigEndian) this.staging.writeUInt32BE(value >>> 0, at);
    else this.staging.writeUInt32LE(value >>> 0, at);
  }
}
