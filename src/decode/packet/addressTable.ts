/**
 * A value per distinct IP address (its text, an exporter identity, ...),
 * made once and then found from the raw address bytes without building a
 * string: IPv4 addresses key a Map by their 32-bit value, IPv6 addresses by
 * a hash with the bytes compared on lookup. Replay sees a handful of
 * exporters over millions of packets, so this keeps formatting out of the
 * per-packet path.
 */

interface Ipv6Entry<T> {
  readonly address: Uint8Array;
  readonly value: T;
  next: Ipv6Entry<T> | null;
}

/** Entries kept before the table starts over, so crafted input cannot grow it without bound. */
const DEFAULT_CAPACITY = 65536;

export class AddressTable<T> {
  private readonly create: (address: Uint8Array, length: number) => T;
  private readonly capacity: number;
  private readonly ipv4 = new Map<number, T>();
  private readonly ipv6 = new Map<number, Ipv6Entry<T>>();
  private ipv6Count = 0;

  /** `create` receives the address bytes (only valid during the call) and its length, 4 or 16. */
  constructor(create: (address: Uint8Array, length: number) => T, capacity = DEFAULT_CAPACITY) {
    this.create = create;
    this.capacity = capacity;
  }

  get size(): number {
    return this.ipv4.size + this.ipv6Count;
  }

  /** The value for the address in `address[0, length)`, length 4 or 16. */
  lookup(address: Uint8Array, length: number): T {
    return length === 4 ? this.lookupIpv4(address) : this.lookupIpv6(address);
  }

  private lookupIpv4(address: Uint8Array): T {
    const key = ((address[0]! << 24) | (address[1]! << 16) | (address[2]! << 8) | address[3]!) >>> 0;
    let value = this.ipv4.get(key);
    if (value === undefined) {
      this.makeRoom();
      value = this.create(address, 4);
      this.ipv4.set(key, value);
    }
    return value;
  }

  private lookupIpv6(address: Uint8Array): T {
    const hash = fnv1a16(address);
    const head = this.ipv6.get(hash);
    for (let entry = head ?? null; entry !== null; entry = entry.next) {
      if (sameIpv6(entry.address, address)) return entry.value;
    }
    this.makeRoom();
    const value = this.create(address, 16);
    this.ipv6.set(hash, { address: address.slice(0, 16), value, next: head ?? null });
    this.ipv6Count++;
    return value;
  }

  private makeRoom(): void {
    if (this.size < this.capacity) return;
    this.ipv4.clear();
    this.ipv6.clear();
    this.ipv6Count = 0;
  }
}

function fnv1a16(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < 16; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash >>> 0;
}

function sameIpv6(a: Uint8Array, b: Uint8Array): boolean {
  for (let i = 0; i < 16; i++) if (a[i] !== b[i]) return false;
  return true;
}
