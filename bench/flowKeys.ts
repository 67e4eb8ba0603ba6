/**
 * The synthetic traffic the benchmark exporters report: a fixed number of
 * distinct flow keys over (src_host, dst_host, src_port, dst_port, proto),
 * visited in a seeded pseudo-random order and cycled, plus per-flow
 * counters drawn from a seeded PRNG. Everything is a pure function of the
 * seed and the flow's position, so two runs produce identical exports.
 *
 * Distinctness is by construction: a seeded affine permutation maps the
 * key index to p in [0, keys), and p is split in mixed radix into protocol,
 * destination port, source host and destination host, each of which maps
 * injectively to its field. The source port and the key-bound attributes
 * (AS numbers, masks, interfaces) are hashes of p, so a key always carries
 * the same values.
 */

/** Well-known service ports used as destinations. */
const DESTINATION_PORTS = [
  80, 443, 53, 22, 25, 110, 143, 993, 995, 587, 123, 161, 389, 636, 3306, 5432, 6379, 8080, 8443, 9092, 1194, 500, 4500, 5060,
  5061, 3478, 1935, 554, 21, 20, 69, 137, 138, 139, 445, 514, 520, 631, 873, 1433, 1521, 1723, 1883, 2049, 2181, 2379, 3000,
  3389, 4369, 5000, 5222, 5353, 5672, 5900, 6443, 7000, 8000, 8008, 8081, 8888, 9000, 9200, 9418, 11211,
];
const PROTOCOLS = [6, 17];
const SOURCE_HOSTS = 1024;
const MAX_DESTINATION_HOSTS = 1 << 20;

/** The key-bound fields of one flow. */
export class FlowKey {
  srcAddress = 0;
  dstAddress = 0;
  srcPort = 0;
  dstPort = 0;
  protocol = 0;
  srcAs = 0;
  dstAs = 0;
  srcMask = 0;
  dstMask = 0;
  inputInterface = 0;
  outputInterface = 0;
}

export class FlowKeySpace {
  readonly size: number;
  private readonly multiplier: number;
  private readonly increment: number;

  constructor(size: number, seed: number) {
    // 2^32 keeps the permutation's products below 2^53.
    const capacity = Math.min(PROTOCOLS.length * DESTINATION_PORTS.length * SOURCE_HOSTS * MAX_DESTINATION_HOSTS, 2 ** 32);
    if (!Number.isInteger(size) || size < 1 || size > capacity) throw new Error(`distinct keys must be 1..${capacity}, got ${size}`);
    this.size = size;
    // An affine map k -> (a*k + c) mod size is a permutation when gcd(a, size) = 1;
    // a < 2^20 keeps a*k exact in doubles for every size allowed here.
    const random = new Prng(seed ^ 0x5bd1e995);
    let multiplier = 1 + (random.next() % 0xfffff);
    while (gcd(multiplier, size) !== 1) multiplier++;
    this.multiplier = multiplier;
    this.increment = random.next() % size;
  }

  /** Fills `out` with the key of the flow at position `flowIndex` (keys cycle). */
  keyOf(flowIndex: number, out: FlowKey): void {
    const k = flowIndex % this.size;
    let p = (this.multiplier * k + this.increment) % this.size;
    const mix = hash32(p);
    out.protocol = PROTOCOLS[p % PROTOCOLS.length]!;
    p = Math.floor(p / PROTOCOLS.length);
    out.dstPort = DESTINATION_PORTS[p % DESTINATION_PORTS.length]!;
    p = Math.floor(p / DESTINATION_PORTS.length);
    const sourceHost = p % SOURCE_HOSTS;
    const destinationHost = Math.floor(p / SOURCE_HOSTS);
    // Odd multipliers are bijections modulo powers of two: distinct hosts stay distinct.
    out.srcAddress = (0x0a000000 | (Math.imul(sourceHost + 1, 0x9e3779b1) & 0xffffff)) >>> 0;
    out.dstAddress = (0xac100000 | (Math.imul(destinationHost + 1, 0x2545f491) & 0xfffff)) >>> 0;
    out.srcPort = 1024 + (mix % 64512);
    out.srcAs = 64512 + (sourceHost % 1000);
    out.dstAs = 4200000000 + (destinationHost % 5000);
    out.srcMask = 16 + (sourceHost % 9);
    out.dstMask = 20 + (destinationHost % 9);
    out.inputInterface = 1 + (sourceHost % 48);
    out.outputInterface = 49 + (mix >>> 26);
  }
}

/** xorshift32: small, fast, deterministic; plenty for synthetic counters. */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = (seed >>> 0) || 0x9e3779b9;
  }

  /** The next value in [0, 2^32). */
  next(): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return this.state;
  }
}

function hash32(value: number): number {
  let h = Math.imul(value ^ (value >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}
