/**
 * Seeded hostile input for the collector: real NetFlow v5/v9/IPFIX export
 * datagrams read from the test captures (through the daemon's own savefile
 * reader), valid ones mixed with mutations of them, crafted template
 * pathologies and random garbage.
 *
 * Each datagram says whether any correct decoder must count it as
 * malformed (`certainlyMalformed`): a version other than 5, 9 or 10, or
 * fewer bytes than its version's fixed header. That lower bound is what the
 * robustness test can assert on the daemon's malformed counter without
 * re-implementing the decoder.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { PcapSavefileSource } from '../../src/collect/pcapSavefileSource.ts';
import { seededRandom } from '../../src/plugins/seededRandom.ts';
import {
  concat,
  dataSet,
  ipfixMessage,
  optionsTemplateSetIpfix,
  set,
  templateSet,
  u16,
  v9Packet,
  type Bytes,
} from '../decode/netflow/datagramBuilder.ts';

export type MutationKind =
  | 'valid'
  | 'flipBytes'
  | 'truncate'
  | 'lengthLie'
  | 'zeroFieldLengths'
  | 'absurdCount'
  | 'templatePathology'
  | 'garbage';

export interface MutatedDatagram {
  kind: MutationKind;
  payload: Buffer;
  /** The seed was an unmodified NetFlow v5 datagram (stateless: its records always decode the same). */
  validV5: boolean;
  certainlyMalformed: boolean;
}

/** The daemon's own seeded generator (mulberry32): reproducible mutations. */
export const prng = seededRandom;

/** Export datagrams of every capture in `dir`, read with the daemon's pcap savefile reader. */
export function seedDatagrams(dir: string): Buffer[] {
  const seeds: Buffer[] = [];
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.pcap')).sort()) {
    const source = new PcapSavefileSource(join(dir, name), { replay: 1, arrivalClock: 'capture' });
    for (let d = source.next(); d !== null; d = source.next()) {
      const version = d.payload.length >= 2 ? d.payload.readUInt16BE(0) : 0;
      // The payload is a view of the file's memory: copy what we keep.
      if (version === 5 || version === 9 || version === 10) seeds.push(Buffer.from(d.payload));
    }
  }
  return seeds;
}

const HEADER_LENGTH: Readonly<Record<number, number>> = { 5: 24, 9: 20, 10: 16 };

export function isCertainlyMalformed(payload: Uint8Array): boolean {
  if (payload.length < 2) return true;
  const header = HEADER_LENGTH[(payload[0]! << 8) | payload[1]!];
  return header === undefined || payload.length < header;
}

/** Offsets of the set headers of a v9/IPFIX datagram, walking the set lengths as written. */
function setOffsets(p: Uint8Array): number[] {
  const version = (p[0]! << 8) | p[1]!;
  const offsets: number[] = [];
  let off = version === 9 ? 20 : 16;
  while (off + 4 <= p.length && offsets.length < 64) {
    offsets.push(off);
    const len = (p[off + 2]! << 8) | p[off + 3]!;
    if (len < 4) break;
    off += len;
  }
  return offsets;
}

export class DatagramMutator {
  private readonly seeds: readonly Buffer[];
  private readonly random: () => number;

  constructor(seeds: readonly Buffer[], seed: number) {
    if (seeds.length === 0) throw new Error('no seed datagrams');
    this.seeds = seeds;
    this.random = prng(seed);
  }

  next(): MutatedDatagram {
    const r = this.random();
    const original = this.pick();
    const isV5 = original.readUInt16BE(0) === 5;
    let kind: MutationKind;
    let payload: Buffer;
    if (r < 0.25) {
      kind = 'valid';
      payload = original;
    } else if (r < 0.4) {
      kind = 'flipBytes';
      payload = this.flipBytes(original);
    } else if (r < 0.5) {
      kind = 'truncate';
      payload = original.subarray(0, this.int(original.length));
    } else if (r < 0.6) {
      kind = 'lengthLie';
      payload = this.lengthLie(original);
    } else if (r < 0.67) {
      kind = 'zeroFieldLengths';
      payload = this.zeroFieldLengths(original);
    } else if (r < 0.74) {
      kind = 'absurdCount';
      payload = this.absurdCount(original);
    } else if (r < 0.84) {
      kind = 'templatePathology';
      payload = this.templatePathology();
    } else {
      kind = 'garbage';
      payload = this.garbage();
    }
    return { kind, payload, validV5: kind === 'valid' && isV5, certainlyMalformed: isCertainlyMalformed(payload) };
  }

  private int(below: number): number {
    return Math.floor(this.random() * below);
  }

  private pick(): Buffer {
    return this.seeds[this.int(this.seeds.length)]!;
  }

  private flipBytes(original: Buffer): Buffer {
    const out = Buffer.from(original);
    const flips = 1 + this.int(8);
    for (let i = 0; i < flips; i++) out[this.int(out.length)]! ^= 1 + this.int(255);
    return out;
  }

  /** Rewrites a length or count: the header's, or one set's. */
  private lengthLie(original: Buffer): Buffer {
    const out = Buffer.from(original);
    const value = this.random() < 0.5 ? this.int(65536) : [0, 1, 3, 4, 5, 0xffff][this.int(6)]!;
    const version = out.readUInt16BE(0);
    const sets = version === 5 ? [] : setOffsets(out);
    if (sets.length === 0 || this.random() < 0.3) out.writeUInt16BE(value, 2);
    else out.writeUInt16BE(value, sets[this.int(sets.length)]! + 2);
    return out;
  }

  /** Zeroes field lengths inside template sets (v9 id 0/1, IPFIX id 2/3). */
  private zeroFieldLengths(original: Buffer): Buffer {
    const out = Buffer.from(original);
    const version = out.readUInt16BE(0);
    if (version === 5) {
      out.writeUInt16BE(0, 2);
      return out;
    }
    for (const off of setOffsets(out)) {
      const id = out.readUInt16BE(off);
      if (id > 3) continue;
      const end = Math.min(out.length, off + out.readUInt16BE(off + 2));
      // Field specifiers sit at 4-byte steps after the template header; hit every other length word.
      for (let at = off + 8 + 2; at + 2 <= end; at += 4) if (this.random() < 0.5) out.writeUInt16BE(0, at);
    }
    return out;
  }

  /** Header counts and template field counts at their maximum. */
  private absurdCount(original: Buffer): Buffer {
    const out = Buffer.from(original);
    out.writeUInt16BE(0xffff, 2);
    if (out.readUInt16BE(0) !== 5) {
      for (const off of setOffsets(out)) if (out.readUInt16BE(off) <= 3 && off + 8 <= out.length) out.writeUInt16BE(0xffff, off + 6);
    }
    return out;
  }

  /**
   * Crafted template trouble: empty and zero-length sets (a parser that
   * steps by the set length would loop forever), one template id redefined
   * back and forth inside one datagram with data for it in between, a
   * template of many zero-length fields, options templates claiming more
   * scopes than fields.
   */
  private templatePathology(): Buffer {
    const id = 256 + this.int(4);
    const ipfix = this.random() < 0.5;
    const header = { sysUptimeMs: 1000, unixSecs: 1_700_000_000, sequence: this.int(1000), sourceId: this.int(3), count: this.int(20) };
    const templateSetId = ipfix ? 2 : 0;
    const parts: Bytes[] = [];
    const pieces = 2 + this.int(8);
    for (let i = 0; i < pieces; i++) {
      switch (this.int(6)) {
        case 0:
          parts.push(concat(u16(templateSetId), u16(this.int(4)))); // set length 0-3: no progress
          break;
        case 1:
          parts.push(set(templateSetId, new Uint8Array(0))); // an empty template set
          break;
        case 2: {
          const fields = Array.from({ length: 1 + this.int(6) }, () => ({ id: 1 + this.int(100), length: 1 + this.int(16) }));
          parts.push(templateSet(templateSetId, [{ id, fields }]));
          break;
        }
        case 3: {
          const fields = Array.from({ length: 1 + this.int(300) }, () => ({ id: 1 + this.int(100), length: 0 }));
          parts.push(templateSet(templateSetId, [{ id, fields }]));
          break;
        }
        case 4:
          parts.push(dataSet(id, [Uint8Array.from({ length: this.int(64) }, () => this.int(256))]));
          break;
        default:
          parts.push(ipfix
            ? optionsTemplateSetIpfix(id, [{ id: 1 + this.int(100), length: 4 }], [])
            : concat(u16(1), u16(10), u16(id), u16(0xfffc), u16(0))); // v9 options template: scope length past the set
      }
    }
    const bytes = ipfix ? ipfixMessage({ exportTime: 1_700_000_000, sequence: header.sequence, domainId: header.sourceId }, parts) : v9Packet(header, parts);
    return Buffer.from(bytes);
  }

  /** Random bytes; half of the time behind a plausible version number. */
  private garbage(): Buffer {
    const out = Buffer.alloc(this.int(1500));
    for (let i = 0; i < out.length; i++) out[i] = this.int(256);
    if (out.length >= 2 && this.random() < 0.5) out.writeUInt16BE([5, 9, 10][this.int(3)]!, 0);
    return out;
  }
}
