/**
 * A classic BPF interpreter with libpcap's semantics (bpf_filter.c): the
 * program libpcap's compiler produced (src/filter/native/bpfCompile.c, 4
 * words per instruction: code, jt, jf, k) run on a packet of `caplen`
 * readable bytes whose wire length is `wirelen`. A load outside the
 * captured bytes or a division by zero ends the program with 0 (no match),
 * as in the kernel and libpcap. No allocation per run: the scratch memory
 * is the program's own.
 */

// Instruction classes and fields (pcap/bpf.h).
const LD = 0x00;
const LDX = 0x01;
const ST = 0x02;
const STX = 0x03;
const ALU = 0x04;
const JMP = 0x05;
const RET = 0x06;
const MISC = 0x07;

const W = 0x00;
const H = 0x08;
const B = 0x10;

const IMM = 0x00;
const ABS = 0x20;
const IND = 0x40;
const MEM = 0x60;
const LEN = 0x80;
const MSH = 0xa0;

const SRC_X = 0x08;

/** Scratch memory words (BPF_MEMWORDS). */
const MEMWORDS = 16;

export class BpfProgram {
  readonly length: number;
  readonly #code: Uint16Array;
  readonly #jt: Uint8Array;
  readonly #jf: Uint8Array;
  readonly #k: Uint32Array;
  readonly #mem = new Uint32Array(MEMWORDS);

  /** `words`: 4 per instruction (code, jt, jf, k), as the addon returns them. */
  constructor(words: Int32Array) {
    if (words.length === 0 || words.length % 4 !== 0) throw new Error('a BPF program has 4 words per instruction and at least one instruction');
    const n = words.length / 4;
    this.length = n;
    this.#code = new Uint16Array(n);
    this.#jt = new Uint8Array(n);
    this.#jf = new Uint8Array(n);
    this.#k = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      this.#code[i] = words[i * 4]!;
      this.#jt[i] = words[i * 4 + 1]!;
      this.#jf[i] = words[i * 4 + 2]!;
      this.#k[i] = words[i * 4 + 3]! >>> 0;
    }
    this.#validate();
  }

  /** The program's return value: 0 is no match (libpcap's bpf_filter). */
  run(p: Uint8Array, caplen: number, wirelen: number): number {
    const code = this.#code;
    const jt = this.#jt;
    const jf = this.#jf;
    const kk = this.#k;
    const mem = this.#mem;
    const n = this.length;
    let A = 0;
    let X = 0;
    let pc = 0;
    while (pc < n) {
      const c = code[pc]!;
      const k = kk[pc]!;
      switch (c & 0x07) {
        case LD: {
          let off: number;
          switch (c & 0xe0) {
            case IMM:
              A = k;
              pc++;
              continue;
            case LEN:
              A = wirelen >>> 0;
              pc++;
              continue;
            case MEM:
              A = mem[k & 0x0f]!;
              pc++;
              continue;
            case ABS:
              off = k;
              break;
            case IND:
              off = (X + k) >>> 0;
              // libpcap: k > buflen or X > buflen - k fails.
              if (k > caplen || X > caplen - k) return 0;
              break;
            default:
              return 0;
          }
          switch (c & 0x18) {
            case W:
              if (off + 4 > caplen) return 0;
              A = ((p[off]! << 24) | (p[off + 1]! << 16) | (p[off + 2]! << 8) | p[off + 3]!) >>> 0;
              break;
            case H:
              if (off + 2 > caplen) return 0;
              A = (p[off]! << 8) | p[off + 1]!;
              break;
            case B:
              if (off >= caplen) return 0;
              A = p[off]!;
              break;
            default:
              return 0;
          }
          pc++;
          continue;
        }
        case LDX:
          switch (c & 0xe0) {
            case IMM:
              X = k;
              break;
            case LEN:
              X = wirelen >>> 0;
              break;
            case MEM:
              X = mem[k & 0x0f]!;
              break;
            case MSH:
              if (k >= caplen) return 0;
              X = (p[k]! & 0x0f) << 2;
              break;
            default:
              return 0;
          }
          pc++;
          continue;
        case ST:
          mem[k & 0x0f] = A;
          pc++;
          continue;
        case STX:
          mem[k & 0x0f] = X;
          pc++;
          continue;
        case ALU: {
          const v = (c & SRC_X) !== 0 ? X : k;
          switch (c & 0xf0) {
            case 0x00: A = (A + v) >>> 0; break;
            case 0x10: A = (A - v) >>> 0; break;
            case 0x20: A = Math.imul(A, v) >>> 0; break;
            case 0x30: if (v === 0) return 0; A = Math.floor(A / v) >>> 0; break;
            case 0x40: A = (A | v) >>> 0; break;
            case 0x50: A = (A & v) >>> 0; break;
            case 0x60: A = v >= 32 ? 0 : (A << v) >>> 0; break;
            case 0x70: A = v >= 32 ? 0 : A >>> v; break;
            case 0x80: A = -A >>> 0; break;
            case 0x90: if (v === 0) return 0; A = A % v; break;
            case 0xa0: A = (A ^ v) >>> 0; break;
            default: return 0;
          }
          pc++;
          continue;
        }
        case JMP: {
          const op = c & 0xf0;
          if (op === 0x00) {
            pc += 1 + k;
            continue;
          }
          const v = (c & SRC_X) !== 0 ? X : k;
          let taken: boolean;
          switch (op) {
            case 0x10: taken = A === v; break;
            case 0x20: taken = A > v; break;
            case 0x30: taken = A >= v; break;
            case 0x40: taken = (A & v) !== 0; break;
            default: return 0;
          }
          pc += 1 + (taken ? jt[pc]! : jf[pc]!);
          continue;
        }
        case RET:
          switch (c & 0x18) {
            case 0x00: return k;
            case 0x08: return X;
            case 0x10: return A;
            default: return 0;
          }
        case MISC:
          if ((c & 0xf8) === 0x00) X = A;
          else A = X;
          pc++;
          continue;
        default:
          return 0;
      }
    }
    return 0;
  }

  /** Jumps stay inside the program (libpcap's compiler guarantees it; this guards hand-made programs). */
  #validate(): void {
    for (let pc = 0; pc < this.length; pc++) {
      const c = this.#code[pc]!;
      if ((c & 0x07) !== JMP) continue;
      const far = (c & 0xf0) === 0x00 ? this.#k[pc]! : Math.max(this.#jt[pc]!, this.#jf[pc]!);
      if (pc + 1 + far >= this.length + 1) throw new Error(`BPF jump out of the program at instruction ${pc}`);
    }
  }
}
