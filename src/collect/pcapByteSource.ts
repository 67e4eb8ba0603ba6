/**
 * The bytes of a capture, seen through a window that the pcap parsers
 * advance record by record. A Buffer source is one window over the whole
 * buffer. A file source reads chunks: when a record does not fit in what
 * is left, a new buffer receives the leftover plus the next chunk. Old
 * buffers are never written again, so packet views handed out earlier stay
 * valid, and no packet is copied except the few bytes carried over.
 */
import { closeSync, openSync, readSync } from 'node:fs';

const DEFAULT_CHUNK_SIZE = 4 * 1024 * 1024;

export class PcapByteSource {
  /** The current window; records are read at `position`, valid data ends at `end`. */
  buffer: Buffer;
  position = 0;
  end: number;
  /** File offset of `buffer[0]`, for error messages. */
  private bufferFileOffset = 0;
  private fd: number | null;
  private readonly chunkSize: number;
  /** Set when the file is exhausted or a read failed. */
  private exhausted: boolean;
  /** The read error that ended the file early, if any. */
  readError: string | null = null;

  private constructor(buffer: Buffer, fd: number | null, chunkSize: number) {
    this.buffer = buffer;
    this.end = buffer.length;
    this.fd = fd;
    this.chunkSize = chunkSize;
    this.exhausted = fd === null;
  }

  static fromBuffer(buffer: Buffer): PcapByteSource {
    return new PcapByteSource(buffer, null, 0);
  }

  /** Opens `path` for chunked reading; throws (with the path in the message) if it cannot be opened. */
  static fromFile(path: string, chunkSize = DEFAULT_CHUNK_SIZE): PcapByteSource {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch (error) {
      throw new Error(`cannot open capture file ${path}: ${(error as Error).message}`, { cause: error });
    }
    // Tiny chunks only make sense in tests; ensure() grows a chunk to fit any record anyway.
    return new PcapByteSource(Buffer.alloc(0), fd, Math.max(chunkSize, 16));
  }

  /** Bytes readable at `position` without refilling. */
  get available(): number {
    return this.end - this.position;
  }

  /** File offset of `position`. */
  get fileOffset(): number {
    return this.bufferFileOffset + this.position;
  }

  /** Makes `count` bytes readable at `position`; false if the data ends first. */
  ensure(count: number): boolean {
    if (this.end - this.position >= count) return true;
    if (this.exhausted) return false;
    this.refill(count);
    return this.end - this.position >= count;
  }

  /** Moves past `count` bytes (which `ensure` made readable). */
  skip(count: number): void {
    this.position += count;
  }

  close(): void {
    if (this.fd !== null) {
      closeSync(this.fd);
      this.fd = null;
    }
    this.exhausted = true;
  }

  private refill(count: number): void {
    const leftover = this.end - this.position;
    const size = Math.max(this.chunkSize, count);
    const next = Buffer.allocUnsafe(size);
    this.buffer.copy(next, 0, this.position, this.end);
    let filled = leftover;
    while (filled < size) {
      let read: number;
      try {
        read = readSync(this.fd!, next, filled, size - filled, null);
      } catch (error) {
        this.readError = (error as Error).message;
        read = 0;
      }
      if (read === 0) {
        this.close();
        break;
      }
      filled += read;
    }
    this.bufferFileOffset += this.position;
    this.buffer = next;
    this.position = 0;
    this.end = filled;
  }
}
