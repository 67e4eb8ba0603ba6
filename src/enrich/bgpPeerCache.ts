/**
 * Which BGP peer answers for an address (an exporter's, or a bgp_agent_map
 * rule's bgp_ip), remembered per address so that the flow/BGP lookup does
 * not scan every live session for every flow.
 *
 * A small direct-mapped table: the slot is a hash of the address words;
 * each slot holds the address (family and four 32-bit words), the answer
 * (a peer, or null: no peer) and the generation of the session set it was
 * computed under. The BGP collector bumps its generation whenever a session
 * comes, goes or learns its BGP identifier, which makes every slot stale at
 * once; a collision simply evicts. Typed arrays and one fixed array of
 * answers: nothing is allocated per flow.
 */
import { AF_INET } from '../model/flowRecord.ts';

const SLOTS = 256;

export class BgpPeerCache<Peer> {
  /** Per slot: family (0: empty) and the four address words (IPv4: the first only). */
  private readonly families = new Uint8Array(SLOTS);
  private readonly words = new Uint32Array(SLOTS * 4);
  private readonly generations = new Float64Array(SLOTS).fill(-1);
  private readonly answers: (Peer | null)[] = new Array<Peer | null>(SLOTS).fill(null);
  /** The slot the last get() looked at, for the set() after a miss. */
  private slot = 0;
  private w0 = 0;
  private w1 = 0;
  private w2 = 0;
  private w3 = 0;

  /** The cached answer for the address at `offset` of `bytes`, or undefined when not known under `generation`. */
  get(generation: number, family: number, bytes: Uint8Array, offset: number): Peer | null | undefined {
    const o = offset;
    this.w0 = ((bytes[o]! << 24) | (bytes[o + 1]! << 16) | (bytes[o + 2]! << 8) | bytes[o + 3]!) >>> 0;
    if (family === AF_INET) {
      this.w1 = 0;
      this.w2 = 0;
      this.w3 = 0;
    } else {
      this.w1 = ((bytes[o + 4]! << 24) | (bytes[o + 5]! << 16) | (bytes[o + 6]! << 8) | bytes[o + 7]!) >>> 0;
      this.w2 = ((bytes[o + 8]! << 24) | (bytes[o + 9]! << 16) | (bytes[o + 10]! << 8) | bytes[o + 11]!) >>> 0;
      this.w3 = ((bytes[o + 12]! << 24) | (bytes[o + 13]! << 16) | (bytes[o + 14]! << 8) | bytes[o + 15]!) >>> 0;
    }
    let h = Math.imul(this.w0 ^ family, 0x9e3779b1) ^ Math.imul(this.w1, 0x85ebca6b) ^ Math.imul(this.w2, 0xc2b2ae35) ^ Math.imul(this.w3, 0x27d4eb2f);
    h ^= h >>> 15;
    const s = (h ^ (h >>> 8)) & (SLOTS - 1);
    this.slot = s;
    const w = s * 4;
    if (this.generations[s] !== generation || this.families[s] !== family ||
      this.words[w] !== this.w0 || this.words[w + 1] !== this.w1 || this.words[w + 2] !== this.w2 || this.words[w + 3] !== this.w3) return undefined;
    return this.answers[s] ?? null;
  }

  /** Remembers the answer for the address the last get() missed. */
  set(generation: number, family: number, answer: Peer | null): void {
    const s = this.slot;
    const w = s * 4;
    this.families[s] = family;
    this.words[w] = this.w0;
    this.words[w + 1] = this.w1;
    this.words[w + 2] = this.w2;
    this.words[w + 3] = this.w3;
    this.generations[s] = generation;
    this.answers[s] = answer;
  }
}
