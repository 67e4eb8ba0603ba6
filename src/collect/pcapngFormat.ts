/**
 * pcapng (draft-ietf-opsawg-pcapng): a sequence of blocks, each
 * `type, total length, body, total length`. A Section Header Block sets the
 * byte order of its section and resets the interface list; Interface
 * Description Blocks declare link type, snaplen and timestamp resolution;
 * Enhanced, Simple and (obsolete) Packet Blocks carry frames. Other blocks
 * (name resolution, statistics, secrets, custom) are skipped.
 */
import type { PcapByteSource } from './pcapByteSource.ts';
import type { PcapPacket } from './pcapPacket.ts';
import type { PcapReadErrors, PcapRecordParser } from './pcapRecordParser.ts';
import { setPacketTimestamp, unitsPerSecondOfResolution } from './pcapTimestamp.ts';

export const SECTION_HEADER_BLOCK = 0x0a0d0d0a;
const INTERFACE_DESCRIPTION_BLOCK = 0x00000001;
const OBSOLETE_PACKET_BLOCK = 0x00000002;
const SIMPLE_PACKET_BLOCK = 0x00000003;
const ENHANCED_PACKET_BLOCK = 0x00000006;
const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

const BLOCK_HEADER_LENGTH = 8;
const BLOCK_TRAILER_LENGTH = 4;
const MIN_BLOCK_LENGTH = 12;
const MIN_SECTION_HEADER_LENGTH = 28;
const INTERFACE_MIN_LENGTH = 20;
const SIMPLE_PACKET_MIN_LENGTH = 16;
/** libpcap refuses blocks above 16 MiB; so do we, as a sign of damage. */
const MAX_BLOCK_LENGTH = 16 * 1024 * 1024;

const OPTION_END = 0;
const OPTION_IF_TSRESOL = 9;
const OPTION_IF_TSOFFSET = 14;
const MICROSECONDS = 1e6;

interface PcapngInterface {
  linkType: number;
  snapLength: number;
  unitsPerSecond: number;
  offsetSeconds: number;
}

/** True if `bytes` starts like a pcapng file (a Section Header Block). */
export function isPcapng(bytes: Buffer): boolean {
  return bytes.length >= 12 && bytes.readUInt32LE(0) === SECTION_HEADER_BLOCK;
}

export class PcapngParser implements PcapRecordParser {
  private readonly source: PcapByteSource;
  private readonly errors: PcapReadErrors;
  private littleEndian = true;
  private interfaces: PcapngInterface[] = [];
  private stopped = false;

  /** `source` must be positioned on the first Section Header Block. */
  constructor(source: PcapByteSource, errors: PcapReadErrors) {
    this.source = source;
    this.errors = errors;
  }

  next(packet: PcapPacket): boolean {
    while (!this.stopped) {
      const source = this.source;
      if (!source.ensure(BLOCK_HEADER_LENGTH)) {
        if (source.available > 0) this.stop(`truncated block header at offset ${source.fileOffset}`);
        this.stopOnReadError();
        return false;
      }
      // The SHB type reads the same in both byte orders; its body says which order the section uses.
      if (source.buffer.readUInt32LE(source.position) === SECTION_HEADER_BLOCK && !this.readByteOrder()) return false;
      const type = this.u32(source.position);
      const length = this.u32(source.position + 4);
      if (length < MIN_BLOCK_LENGTH || length % 4 !== 0 || length > MAX_BLOCK_LENGTH) {
        this.stop(`invalid block length ${length} at offset ${source.fileOffset}`);
        return false;
      }
      if (!source.ensure(length)) {
        this.stop(`truncated block at offset ${source.fileOffset}: ${length} bytes announced, ${source.available} present`);
        this.stopOnReadError();
        return false;
      }
      const block = source.position;
      if (this.u32(block + length - BLOCK_TRAILER_LENGTH) !== length) {
        this.stop(`block at offset ${source.fileOffset}: trailing length differs from ${length}`);
        return false;
      }
      const produced = this.readBlock(type, block, length, packet);
      source.skip(length);
      if (produced) return true;
    }
    return false;
  }

  private readBlock(type: number, block: number, length: number, packet: PcapPacket): boolean {
    switch (type) {
      case SECTION_HEADER_BLOCK:
        if (length < MIN_SECTION_HEADER_LENGTH) this.errors.report(`short section header block at offset ${this.source.fileOffset}`);
        this.interfaces = [];
        return false;
      case INTERFACE_DESCRIPTION_BLOCK:
        this.readInterface(block, length);
        return false;
      case ENHANCED_PACKET_BLOCK:
        return this.readTimestampedPacket(block, length, packet, this.u32(block + 8), 28);
      case OBSOLETE_PACKET_BLOCK:
        return this.readTimestampedPacket(block, length, packet, this.u16(block + 8), 28);
      case SIMPLE_PACKET_BLOCK:
        return this.readSimplePacket(block, length, packet);
      default:
        return false;
    }
  }

  /** Reads the SHB byte-order magic; the section's blocks follow that order. */
  private readByteOrder(): boolean {
    const source = this.source;
    if (!source.ensure(MIN_BLOCK_LENGTH)) {
      this.stop(`truncated section header block at offset ${source.fileOffset}`);
      return false;
    }
    const magic = source.buffer.readUInt32LE(source.position + 8);
    if (magic === BYTE_ORDER_MAGIC) this.littleEndian = true;
    else if (source.buffer.readUInt32BE(source.position + 8) === BYTE_ORDER_MAGIC) this.littleEndian = false;
    else {
      this.stop(`section header block at offset ${source.fileOffset} has no byte-order magic`);
      return false;
    }
    return true;
  }

  private readInterface(block: number, length: number): void {
    if (length < INTERFACE_MIN_LENGTH) {
      // Still an interface: later blocks number interfaces by position.
      this.errors.report(`interface description block at offset ${this.source.fileOffset} is too short (${length} bytes)`);
      this.interfaces.push({ linkType: -1, snapLength: 0, unitsPerSecond: MICROSECONDS, offsetSeconds: 0 });
      return;
    }
    const description: PcapngInterface = {
      linkType: this.u16(block + 8),
      snapLength: this.u32(block + 12),
      unitsPerSecond: MICROSECONDS,
      offsetSeconds: 0,
    };
    const end = block + length - BLOCK_TRAILER_LENGTH;
    for (let at = block + 16; at + 4 <= end; ) {
      const code = this.u16(at);
      const valueLength = this.u16(at + 2);
      const value = at + 4;
      if (code === OPTION_END || value + valueLength > end) break;
      if (code === OPTION_IF_TSRESOL && valueLength >= 1) {
        description.unitsPerSecond = unitsPerSecondOfResolution(this.source.buffer[value]!);
      } else if (code === OPTION_IF_TSOFFSET && valueLength >= 8) {
        const high = this.u32(value + (this.littleEndian ? 4 : 0)) | 0;
        const low = this.u32(value + (this.littleEndian ? 0 : 4));
        description.offsetSeconds = high * 4294967296 + low;
      }
      at = value + ((valueLength + 3) & ~3);
    }
    this.interfaces.push(description);
  }

  private readTimestampedPacket(block: number, length: number, packet: PcapPacket, interfaceId: number, dataOffset: number): boolean {
    if (length < dataOffset + BLOCK_TRAILER_LENGTH) {
      this.errors.report(`packet block at offset ${this.source.fileOffset} is too short (${length} bytes)`);
      return false;
    }
    const description = this.interfaces[interfaceId];
    if (description === undefined) {
      this.errors.report(`packet block at offset ${this.source.fileOffset} names undeclared interface ${interfaceId}`);
      return false;
    }
    const capturedLength = this.u32(block + 20);
    if (dataOffset + capturedLength > length - BLOCK_TRAILER_LENGTH) {
      this.errors.report(`packet block at offset ${this.source.fileOffset}: captured length ${capturedLength} exceeds the block`);
      return false;
    }
    packet.bytes = this.source.buffer;
    packet.offset = block + dataOffset;
    packet.capturedLength = capturedLength;
    packet.originalLength = this.u32(block + 24);
    packet.linkType = description.linkType;
    packet.interfaceId = interfaceId;
    setPacketTimestamp(packet, this.u32(block + 12), this.u32(block + 16), description.unitsPerSecond, description.offsetSeconds);
    return true;
  }

  /** A Simple Packet Block has no timestamp and belongs to interface 0. */
  private readSimplePacket(block: number, length: number, packet: PcapPacket): boolean {
    const description = this.interfaces[0];
    if (length < SIMPLE_PACKET_MIN_LENGTH) {
      this.errors.report(`simple packet block at offset ${this.source.fileOffset} is too short (${length} bytes)`);
      return false;
    }
    if (description === undefined) {
      this.errors.report(`simple packet block at offset ${this.source.fileOffset} without an interface`);
      return false;
    }
    const originalLength = this.u32(block + 8);
    let capturedLength = Math.min(originalLength, length - 16);
    if (description.snapLength > 0 && capturedLength > description.snapLength) capturedLength = description.snapLength;
    packet.bytes = this.source.buffer;
    packet.offset = block + 12;
    packet.capturedLength = capturedLength;
    packet.originalLength = originalLength;
    packet.linkType = description.linkType;
    packet.interfaceId = 0;
    packet.tsSec = 0;
    packet.tsUsec = 0;
    packet.tsNsec = 0;
    return true;
  }

  private u16(at: number): number {
    return this.littleEndian ? this.source.buffer.readUInt16LE(at) : this.source.buffer.readUInt16BE(at);
  }

  private u32(at: number): number {
    return this.littleEndian ? this.source.buffer.readUInt32LE(at) : this.source.buffer.readUInt32BE(at);
  }

  private stop(message: string): void {
    this.stopped = true;
    this.errors.report(message);
  }

  private stopOnReadError(): void {
    if (this.source.readError !== null) this.errors.report(`read error: ${this.source.readError}`);
    this.stopped = true;
  }
}
