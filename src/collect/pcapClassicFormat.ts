/**
 * Classic libpcap savefiles: a 24-byte file header (magic, version,
 * snaplen, link type) then records of a 16-byte header (seconds, µs or ns,
 * captured length, original length) and the frame. The magic tells the
 * writer's byte order and the timestamp unit; the "modified" format of
 * Alexey Kuznetzov's patches adds 8 bytes to each record header.
 */
import { linkTypeFromHeaderField } from '../decode/packet/linkType.ts';
import type { PcapByteSource } from './pcapByteSource.ts';
import type { PcapPacket } from './pcapPacket.ts';
import type { PcapReadErrors, PcapRecordParser } from './pcapRecordParser.ts';

export const CLASSIC_FILE_HEADER_LENGTH = 24;
const RECORD_HEADER_LENGTH = 16;
const MODIFIED_RECORD_HEADER_LENGTH = 24;
/** libpcap's MAXIMUM_SNAPLEN: larger records are damage, not data. */
const MAX_RECORD_LENGTH = 262144;

const MAGIC_MICROSECONDS = 0xa1b2c3d4;
const MAGIC_NANOSECONDS = 0xa1b23c4d;
const MAGIC_MODIFIED = 0xa1b2cd34;

export interface ClassicFileHeader {
  littleEndian: boolean;
  nanosecond: boolean;
  recordHeaderLength: number;
  versionMajor: number;
  versionMinor: number;
  snapLength: number;
  linkType: number;
}

/** Reads the file header at the start of `bytes`; null if the magic is not classic pcap. */
export function readClassicFileHeader(bytes: Buffer): ClassicFileHeader | null {
  if (bytes.length < CLASSIC_FILE_HEADER_LENGTH) return null;
  for (const littleEndian of [true, false]) {
    const magic = littleEndian ? bytes.readUInt32LE(0) : bytes.readUInt32BE(0);
    if (magic !== MAGIC_MICROSECONDS && magic !== MAGIC_NANOSECONDS && magic !== MAGIC_MODIFIED) continue;
    const u16 = (at: number): number => (littleEndian ? bytes.readUInt16LE(at) : bytes.readUInt16BE(at));
    const u32 = (at: number): number => (littleEndian ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at));
    return {
      littleEndian,
      nanosecond: magic === MAGIC_NANOSECONDS,
      recordHeaderLength: magic === MAGIC_MODIFIED ? MODIFIED_RECORD_HEADER_LENGTH : RECORD_HEADER_LENGTH,
      versionMajor: u16(4),
      versionMinor: u16(6),
      snapLength: u32(16),
      linkType: linkTypeFromHeaderField(u32(20)),
    };
  }
  return null;
}

export class ClassicPcapParser implements PcapRecordParser {
  private readonly source: PcapByteSource;
  private readonly header: ClassicFileHeader;
  private readonly errors: PcapReadErrors;
  private readonly maxRecordLength: number;
  private stopped = false;

  /** `source` must be positioned after the file header. */
  constructor(source: PcapByteSource, header: ClassicFileHeader, errors: PcapReadErrors) {
    this.source = source;
    this.header = header;
    this.errors = errors;
    this.maxRecordLength = Math.max(header.snapLength, MAX_RECORD_LENGTH);
  }

  next(packet: PcapPacket): boolean {
    if (this.stopped) return false;
    const source = this.source;
    const headerLength = this.header.recordHeaderLength;
    if (!source.ensure(headerLength)) {
      if (source.available > 0) {
        this.stop(`truncated record header at offset ${source.fileOffset}: ${source.available} of ${headerLength} bytes`);
      }
      this.stopOnReadError();
      return false;
    }
    const at = source.position;
    const bytes = source.buffer;
    const little = this.header.littleEndian;
    const tsSec = little ? bytes.readUInt32LE(at) : bytes.readUInt32BE(at);
    const fraction = little ? bytes.readUInt32LE(at + 4) : bytes.readUInt32BE(at + 4);
    const capturedLength = little ? bytes.readUInt32LE(at + 8) : bytes.readUInt32BE(at + 8);
    const originalLength = little ? bytes.readUInt32LE(at + 12) : bytes.readUInt32BE(at + 12);
    if (capturedLength > this.maxRecordLength) {
      // A length this large means the file is damaged here; nothing after it can be trusted.
      this.stop(`invalid captured length ${capturedLength} at offset ${source.fileOffset} (maximum ${this.maxRecordLength})`);
      return false;
    }
    if (!source.ensure(headerLength + capturedLength)) {
      this.stop(
        `truncated packet at offset ${source.fileOffset}: ${capturedLength} captured bytes announced, ${source.available - headerLength} present`,
      );
      this.stopOnReadError();
      return false;
    }
    // ensure() may have moved the data to a new buffer.
    packet.bytes = source.buffer;
    packet.offset = source.position + headerLength;
    packet.capturedLength = capturedLength;
    packet.originalLength = originalLength;
    packet.linkType = this.header.linkType;
    packet.interfaceId = 0;
    packet.tsSec = tsSec;
    if (this.header.nanosecond) {
      packet.tsNsec = fraction;
      packet.tsUsec = Math.floor(fraction / 1000);
    } else {
      packet.tsUsec = fraction;
      packet.tsNsec = fraction * 1000;
    }
    source.skip(headerLength + capturedLength);
    return true;
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
