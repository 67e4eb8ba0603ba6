/**
 * Reads the packets of a capture file, classic pcap (either byte order, µs
 * or ns timestamps) or pcapng (any byte order, per-interface link type and
 * timestamp resolution), from a Buffer or a file path.
 *
 * `next()` refills one reused PcapPacket whose data is a view of the file's
 * bytes (no copy), so reading allocates nothing per packet. A truncated or
 * corrupt file never throws: reading stops at the damage, and `errors`
 * counts what went wrong with the first messages kept, like pmacct's
 * "pcap_next_ex() failed ... Skipping packet" for a cut-short file.
 */
import { CLASSIC_FILE_HEADER_LENGTH, ClassicPcapParser, readClassicFileHeader } from './pcapClassicFormat.ts';
import { PcapByteSource } from './pcapByteSource.ts';
import { isPcapng, PcapngParser } from './pcapngFormat.ts';
import { PcapPacket } from './pcapPacket.ts';
import { PcapReadErrors, type PcapRecordParser } from './pcapRecordParser.ts';

export type PcapFileFormat = 'pcap' | 'pcapng' | 'unknown';

export interface PcapFileReaderOptions {
  /** Bytes read from a file at a time (default 4 MiB). */
  chunkSize?: number;
}

/** Enough for either file header: classic (24 bytes) or an SHB's first 12 bytes. */
const SNIFF_LENGTH = CLASSIC_FILE_HEADER_LENGTH;

export class PcapFileReader implements Iterable<PcapPacket> {
  readonly format: PcapFileFormat;
  /** Damage met so far; `errors.count === 0` means the file read cleanly. */
  readonly errors = new PcapReadErrors();
  /** Packets handed out so far. */
  packets = 0;
  private readonly source: PcapByteSource;
  private readonly parser: PcapRecordParser | null;
  private readonly packet = new PcapPacket();

  private constructor(source: PcapByteSource) {
    this.source = source;
    if (!source.ensure(SNIFF_LENGTH) && source.available < 12) {
      this.format = 'unknown';
      this.parser = null;
      this.errors.report(`not a capture file: only ${source.available} bytes`);
      return;
    }
    const head = source.buffer.subarray(source.position, source.end);
    const classic = readClassicFileHeader(head);
    if (classic !== null) {
      this.format = 'pcap';
      source.skip(CLASSIC_FILE_HEADER_LENGTH);
      this.parser = new ClassicPcapParser(source, classic, this.errors);
    } else if (isPcapng(head)) {
      this.format = 'pcapng';
      this.parser = new PcapngParser(source, this.errors);
    } else {
      this.format = 'unknown';
      this.parser = null;
      this.errors.report(`not a pcap or pcapng file (magic 0x${head.readUInt32BE(0).toString(16).padStart(8, '0')})`);
    }
  }

  static fromBuffer(buffer: Buffer): PcapFileReader {
    return new PcapFileReader(PcapByteSource.fromBuffer(buffer));
  }

  /** Opens `path`; throws only if the file cannot be opened at all. */
  static open(path: string, options: PcapFileReaderOptions = {}): PcapFileReader {
    return new PcapFileReader(PcapByteSource.fromFile(path, options.chunkSize));
  }

  /** The next packet (the same object every time, refilled), or null at the end. */
  next(): PcapPacket | null {
    if (this.parser === null || !this.parser.next(this.packet)) {
      this.source.close();
      return null;
    }
    this.packets++;
    return this.packet;
  }

  /** Releases the file early (reading to the end does it too). */
  close(): void {
    this.source.close();
  }

  *[Symbol.iterator](): Iterator<PcapPacket> {
    for (let packet = this.next(); packet !== null; packet = this.next()) yield packet;
  }
}
