/**
 * A single-producer, single-consumer ring of datagrams in a
 * SharedArrayBuffer, so a receive thread can hand datagrams to the decoding
 * thread without a message (or an allocation) per datagram.
 *
 * Entry, 4-byte aligned: u32 entry length (header included, aligned), u32
 * arrival seconds, u32 arrival microseconds, u32 payload length, u8
 * address family (4 or 6), 3 bytes unused, 16 address bytes, payload. An entry
 * that does not fit before the end of the buffer leaves a wrap marker and
 * starts again at 0. The writer never overtakes the reader: a datagram that
 * does not fit is refused (and the caller counts it).
 *
 * Positions live in a shared Int32Array and are published with Atomics, so
 * the reader sees an entry only once all its bytes are written. The reader
 * says when it is going to sleep (WAITING); the writer, after publishing,
 * wakes it only then. Both sides use sequentially consistent Atomics on
 * WRITE and WAITING, so a wake-up cannot be lost between them.
 */

const WRITE = 0;
const READ = 1;
const WAITING = 2;
/** Set by the reader when the writer is to stop (the receive thread polls it between batches). */
const STOP = 3;
const CONTROL_WORDS = 4;
/** Counters the writer publishes: datagrams and bytes received, datagrams refused for lack of room. */
const RECEIVED = 0;
const RECEIVED_BYTES = 1;
const REFUSED = 2;
const COUNTER_WORDS = 4;

const HEADER = 36;
const WRAP = 0xffffffff;

export interface DatagramRingBuffers {
  readonly control: SharedArrayBuffer;
  readonly counters: SharedArrayBuffer;
  readonly data: SharedArrayBuffer;
}

export function createDatagramRing(capacityBytes: number): DatagramRingBuffers {
  const capacity = Math.max(1 << 16, capacityBytes & ~3);
  return {
    control: new SharedArrayBuffer(CONTROL_WORDS * 4),
    counters: new SharedArrayBuffer(COUNTER_WORDS * 8),
    data: new SharedArrayBuffer(capacity),
  };
}

/** The receive thread's side. */
export class DatagramRingWriter {
  private readonly control: Int32Array;
  private readonly counters: Float64Array;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly capacity: number;

  constructor(buffers: DatagramRingBuffers) {
    this.control = new Int32Array(buffers.control);
    this.counters = new Float64Array(buffers.counters);
    this.bytes = new Uint8Array(buffers.data);
    this.view = new DataView(buffers.data);
    this.capacity = buffers.data.byteLength;
  }

  /** Whether the reader asked the writer to stop. */
  get stopRequested(): boolean {
    return Atomics.load(this.control, STOP) === 1;
  }

  /**
   * Appends the datagram in `payload[offset, offset + length)` from the
   * `family` (4/6) address at `address[addressOffset..]`; a datagram that
   * does not fit (the reader is too far behind) is refused and counted.
   * Returns whether the reader must be woken.
   */
  push(payload: Uint8Array, offset: number, length: number, family: number, address: Uint8Array, addressOffset: number, sec: number, usec: number): boolean {
    const counters = this.counters;
    counters[RECEIVED]!++;
    counters[RECEIVED_BYTES] = counters[RECEIVED_BYTES]! + length;
    const need = (HEADER + length + 3) & ~3;
    const capacity = this.capacity;
    let w = Atomics.load(this.control, WRITE);
    const r = Atomics.load(this.control, READ);
    // Free space is [w, r) going round; one byte stays free so that w === r means empty.
    if (w >= r) {
      if (capacity - w < need) {
        // Wrap: the entry goes at 0, which needs room before the reader.
        if (r <= need) return this.refuse();
        if (capacity - w >= 4) this.view.setUint32(w, WRAP, true);
        w = 0;
      }
    } else if (r - w <= need) {
      return this.refuse();
    }
    const v = this.view;
    v.setUint32(w, need, true);
    v.setUint32(w + 4, sec, true);
    v.setUint32(w + 8, usec, true);
    const bytes = this.bytes;
    v.setUint32(w + 12, length, true);
    bytes[w + 16] = family;
    for (let i = 0; i < 16; i++) bytes[w + 20 + i] = address[addressOffset + i]!;
    bytes.set(offset === 0 && length === payload.length ? payload : payload.subarray(offset, offset + length), w + HEADER);
    let next = w + need;
    if (next === capacity) next = 0;
    Atomics.store(this.control, WRITE, next);
    if (Atomics.load(this.control, WAITING) === 1) {
      Atomics.store(this.control, WAITING, 0);
      return true;
    }
    return false;
  }

  private refuse(): boolean {
    this.counters[REFUSED]!++;
    return false;
  }
}

/** The decoding thread's side. */
export class DatagramRingReader {
  private readonly control: Int32Array;
  private readonly counters: Float64Array;
  private readonly buffer: SharedArrayBuffer;
  private readonly bytes: Uint8Array;
  private readonly view: DataView;
  private readonly capacity: number;
  /** The address of the entry last read (family in addressFamily), valid until the next read. */
  readonly address = new Uint8Array(16);
  addressFamily = 0;
  arrivalSec = 0;
  arrivalUsec = 0;
  /** Where READ moves on release(); -1 when nothing is held. */
  private pendingRead = -1;

  constructor(buffers: DatagramRingBuffers) {
    this.control = new Int32Array(buffers.control);
    this.counters = new Float64Array(buffers.counters);
    this.buffer = buffers.data;
    this.bytes = new Uint8Array(buffers.data);
    this.view = new DataView(buffers.data);
    this.capacity = buffers.data.byteLength;
  }

  /** Datagrams the writer received, their bytes, and how many it refused for lack of room. */
  get received(): number {
    return this.counters[RECEIVED]!;
  }

  get receivedBytes(): number {
    return this.counters[RECEIVED_BYTES]!;
  }

  get refused(): number {
    return this.counters[REFUSED]!;
  }

  /**
   * The next datagram's payload as a Buffer view into the ring, or null
   * when the ring is empty; fills the address and arrival fields. The
   * entry stays the reader's until release(): the writer cannot reuse its
   * bytes before.
   */
  next(): Buffer | null {
    const control = this.control;
    for (;;) {
      let r = Atomics.load(control, READ);
      const w = Atomics.load(control, WRITE);
      if (r === w) return null;
      const length = this.view.getUint32(r, true);
      if (length === WRAP || this.capacity - r < 4) {
        Atomics.store(control, READ, 0);
        continue;
      }
      this.arrivalSec = this.view.getUint32(r + 4, true);
      this.arrivalUsec = this.view.getUint32(r + 8, true);
      const payloadLength = this.view.getUint32(r + 12, true);
      this.addressFamily = this.bytes[r + 16]!;
      const bytes = this.bytes;
      const address = this.address;
      for (let i = 0; i < 16; i++) address[i] = bytes[r + 20 + i]!;
      const payload = Buffer.from(this.buffer, r + HEADER, payloadLength);
      r += length;
      if (r === this.capacity) r = 0;
      this.pendingRead = r;
      return payload;
    }
  }

  /** Releases the entry returned by the last next() to the writer. */
  release(): void {
    if (this.pendingRead >= 0) {
      Atomics.store(this.control, READ, this.pendingRead);
      this.pendingRead = -1;
    }
  }

  /** Asks the writer to stop. */
  requestStop(): void {
    Atomics.store(this.control, STOP, 1);
  }

  /**
   * Marks the reader as about to sleep; returns false when a datagram
   * arrived meanwhile (then read on instead of sleeping).
   */
  sleep(): boolean {
    Atomics.store(this.control, WAITING, 1);
    if (Atomics.load(this.control, WRITE) !== Atomics.load(this.control, READ)) {
      Atomics.store(this.control, WAITING, 0);
      return false;
    }
    return true;
  }
}
