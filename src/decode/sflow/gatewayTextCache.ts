/**
 * The AS path and standard communities of an sFlow extended gateway record
 * as the texts pmacct 1.7.7's sfacctd builds from them (readExtendedGateway
 * in sflow.c), remembered by their bytes.
 *
 * A router exports the same few thousand paths over and over, so a repeated
 * record costs a hash and a byte compare instead of a new string: the hot
 * path allocates only when a path or community list is seen for the first
 * time (or after its slot was taken by another one).
 *
 * Texts, as pmacct writes them before its print plugin turns spaces into
 * underscores:
 * - AS path: every ASN of every segment in order (AS_SET and AS_SEQUENCE
 *   alike, no brackets), a space after each one except the last ASN of the
 *   last segment, so an empty last segment leaves a trailing space;
 * - communities: "as:value" separated by spaces, the well-known ones by
 *   name (internet, no-export, no-advertise, local-AS).
 */
import { readU32 } from '../netflow/wireReaders.ts';

/** Slots in each table (a power of two); a miss only replaces one slot. */
const SLOTS = 4096;
/** Spans longer than this are built every time rather than copied into the table. */
const MAX_REMEMBERED_BYTES = 1024;

class Slot {
  bytes = new Uint8Array(0);
  text = '';
}

class SpanTextTable {
  private readonly slots: Array<Slot | undefined> = new Array<Slot | undefined>(SLOTS);
  private readonly build: (b: Uint8Array, start: number, end: number) => string;

  constructor(build: (b: Uint8Array, start: number, end: number) => string) {
    this.build = build;
  }

  text(b: Uint8Array, start: number, end: number): string {
    const length = end - start;
    if (length === 0) return '';
    if (length > MAX_REMEMBERED_BYTES) return this.build(b, start, end);
    // FNV-1a over the bytes: spans are whole 32-bit words of ASNs/communities.
    let h = 0x811c9dc5;
    for (let i = start; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const index = (h >>> 0) & (SLOTS - 1);
    let slot = this.slots[index];
    if (slot !== undefined && slot.bytes.length === length) {
      const stored = slot.bytes;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (stored[i] !== b[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return slot.text;
    }
    if (slot === undefined) {
      slot = new Slot();
      this.slots[index] = slot;
    }
    slot.bytes = b.slice(start, end);
    slot.text = this.build(b, start, end);
    return slot.text;
  }
}

/**
 * `b[start, end)` holds `segments` path segments (type, count, ASNs), already
 * checked to fit by the reader.
 */
function asPathText(b: Uint8Array, start: number, end: number): string {
  let text = '';
  let at = start;
  while (at < end) {
    const count = readU32(b, at + 4);
    at += 8;
    const lastSegment = at + 4 * count >= end;
    for (let i = 0; i < count; i++, at += 4) {
      text += String(readU32(b, at));
      if (!(lastSegment && i === count - 1)) text += ' ';
    }
  }
  return text;
}

/** `b[start, end)` holds the community values, 4 bytes each. */
function communitiesText(b: Uint8Array, start: number, end: number): string {
  let text = '';
  for (let at = start; at < end; at += 4) {
    const c = readU32(b, at);
    if (at !== start) text += ' ';
    if (c === 0) text += 'internet';
    else if (c === 0xffffff01) text += 'no-export';
    else if (c === 0xffffff02) text += 'no-advertise';
    else if (c === 0xffffff03) text += 'local-AS';
    else text += `${c >>> 16}:${c & 0xffff}`;
  }
  return text;
}

export class GatewayTextCache {
  private readonly paths = new SpanTextTable(asPathText);
  private readonly communities = new SpanTextTable(communitiesText);

  /** The AS path text of the segments in `b[start, end)`. */
  asPath(b: Uint8Array, start: number, end: number): string {
    return this.paths.text(b, start, end);
  }

  /** The communities text of the values in `b[start, end)`. */
  stdCommunities(b: Uint8Array, start: number, end: number): string {
    return this.communities.text(b, start, end);
  }
}
