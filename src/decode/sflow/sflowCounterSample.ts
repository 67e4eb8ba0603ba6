/**
 * One sFlow counter sample (sample types 2 and 4), refilled for each one:
 * the source and whichever of the standard counter blocks it carried
 * (generic interface 0:1, Ethernet 0:2, VLAN 0:5, processor 0:1001). Other
 * blocks are counted and skipped. The object is reused: read it inside the
 * callback, copy what must outlive it.
 *
 * 64-bit counters come back as numbers, exact up to 2^53 (octet counters
 * pass that after ~1 PB; a consumer that needs more reads the raw bytes).
 */
import { readU32, readU64 } from '../netflow/wireReaders.ts';

export const COUNTER_BLOCK_GENERIC = 1;
export const COUNTER_BLOCK_ETHERNET = 2;
export const COUNTER_BLOCK_VLAN = 5;
export const COUNTER_BLOCK_PROCESSOR = 1001;
/** In blockTags: a block of another format, or of a known one with a short length. */
export const COUNTER_BLOCK_UNPARSED = -1;
/**
 * In blockTags: sFlow v2/v4 Ethernet counters, the generic interface and
 * the Ethernet counters in one block (pmacct logs them as one line).
 */
export const COUNTER_BLOCK_GENERIC_ETHERNET = -2;

const GENERIC_LENGTH = 88;
const ETHERNET_LENGTH = 52;
const VLAN_LENGTH = 28;
const PROCESSOR_LENGTH = 28;

export class GenericInterfaceCounters {
  ifIndex = 0;
  ifType = 0;
  ifSpeed = 0;
  ifDirection = 0;
  ifStatus = 0;
  ifInOctets = 0;
  ifInUcastPkts = 0;
  ifInMulticastPkts = 0;
  ifInBroadcastPkts = 0;
  ifInDiscards = 0;
  ifInErrors = 0;
  ifInUnknownProtos = 0;
  ifOutOctets = 0;
  ifOutUcastPkts = 0;
  ifOutMulticastPkts = 0;
  ifOutBroadcastPkts = 0;
  ifOutDiscards = 0;
  ifOutErrors = 0;
  ifPromiscuousMode = 0;

  read(b: Uint8Array, o: number): void {
    this.ifIndex = readU32(b, o);
    this.ifType = readU32(b, o + 4);
    this.ifSpeed = readU64(b, o + 8);
    this.ifDirection = readU32(b, o + 16);
    this.ifStatus = readU32(b, o + 20);
    this.ifInOctets = readU64(b, o + 24);
    this.ifInUcastPkts = readU32(b, o + 32);
    this.ifInMulticastPkts = readU32(b, o + 36);
    this.ifInBroadcastPkts = readU32(b, o + 40);
    this.ifInDiscards = readU32(b, o + 44);
    this.ifInErrors = readU32(b, o + 48);
    this.ifInUnknownProtos = readU32(b, o + 52);
    this.ifOutOctets = readU64(b, o + 56);
    this.ifOutUcastPkts = readU32(b, o + 64);
    this.ifOutMulticastPkts = readU32(b, o + 68);
    this.ifOutBroadcastPkts = readU32(b, o + 72);
    this.ifOutDiscards = readU32(b, o + 76);
    this.ifOutErrors = readU32(b, o + 80);
    this.ifPromiscuousMode = readU32(b, o + 84);
  }
}

export class EthernetCounters {
  dot3StatsAlignmentErrors = 0;
  dot3StatsFCSErrors = 0;
  dot3StatsSingleCollisionFrames = 0;
  dot3StatsMultipleCollisionFrames = 0;
  dot3StatsSQETestErrors = 0;
  dot3StatsDeferredTransmissions = 0;
  dot3StatsLateCollisions = 0;
  dot3StatsExcessiveCollisions = 0;
  dot3StatsInternalMacTransmitErrors = 0;
  dot3StatsCarrierSenseErrors = 0;
  dot3StatsFrameTooLongs = 0;
  dot3StatsInternalMacReceiveErrors = 0;
  dot3StatsSymbolErrors = 0;

  read(b: Uint8Array, o: number): void {
    this.dot3StatsAlignmentErrors = readU32(b, o);
    this.dot3StatsFCSErrors = readU32(b, o + 4);
    this.dot3StatsSingleCollisionFrames = readU32(b, o + 8);
    this.dot3StatsMultipleCollisionFrames = readU32(b, o + 12);
    this.dot3StatsSQETestErrors = readU32(b, o + 16);
    this.dot3StatsDeferredTransmissions = readU32(b, o + 20);
    this.dot3StatsLateCollisions = readU32(b, o + 24);
    this.dot3StatsExcessiveCollisions = readU32(b, o + 28);
    this.dot3StatsInternalMacTransmitErrors = readU32(b, o + 32);
    this.dot3StatsCarrierSenseErrors = readU32(b, o + 36);
    this.dot3StatsFrameTooLongs = readU32(b, o + 40);
    this.dot3StatsInternalMacReceiveErrors = readU32(b, o + 44);
    this.dot3StatsSymbolErrors = readU32(b, o + 48);
  }
}

export class VlanCounters {
  vlanId = 0;
  octets = 0;
  ucastPkts = 0;
  multicastPkts = 0;
  broadcastPkts = 0;
  discards = 0;

  read(b: Uint8Array, o: number): void {
    this.vlanId = readU32(b, o);
    this.octets = readU64(b, o + 4);
    this.ucastPkts = readU32(b, o + 12);
    this.multicastPkts = readU32(b, o + 16);
    this.broadcastPkts = readU32(b, o + 20);
    this.discards = readU32(b, o + 24);
  }
}

export class ProcessorCounters {
  /** CPU load in hundredths of a percent over 5 s, 1 min, 5 min. */
  cpu5s = 0;
  cpu1m = 0;
  cpu5m = 0;
  totalMemory = 0;
  freeMemory = 0;

  read(b: Uint8Array, o: number): void {
    this.cpu5s = readU32(b, o);
    this.cpu1m = readU32(b, o + 4);
    this.cpu5m = readU32(b, o + 8);
    this.totalMemory = readU64(b, o + 12);
    this.freeMemory = readU64(b, o + 20);
  }
}

export class SflowCounterSample {
  /** The agent that sent it and its sub-agent id (agentAddress[0, agentAddressLength)). */
  readonly agentAddress = new Uint8Array(16);
  agentAddressLength = 0;
  subAgentId = 0;
  /** Datagram sequence number and agent uptime (ms). */
  datagramSequence = 0;
  uptimeMs = 0;
  /** Counter sample sequence number, data source type and index. */
  sequence = 0;
  sourceIdType = 0;
  sourceIdIndex = 0;
  /** True for sample type 4 (expanded source id); false for v2/v4 counter samples. */
  expanded = false;
  hasGeneric = false;
  hasEthernet = false;
  hasVlan = false;
  hasProcessor = false;
  /** Blocks of other formats (or of a known format with the wrong length), skipped. */
  otherBlocks = 0;
  readonly generic = new GenericInterfaceCounters();
  readonly ethernet = new EthernetCounters();
  readonly vlan = new VlanCounters();
  readonly processor = new ProcessorCounters();
  /**
   * The blocks in wire order (COUNTER_BLOCK_*, COUNTER_BLOCK_UNPARSED, or
   * for a v2/v4 sample its one block: generic, generic+Ethernet or VLAN),
   * blockTags[0, blockCount): pmacct's counter log writes one line per block
   * in that order. A second block of the same format overwrites the first's
   * values (non-standard; agents send one of each).
   */
  readonly blockTags: number[] = [];
  blockCount = 0;

  resetBlocks(): void {
    this.blockCount = 0;
    this.hasGeneric = false;
    this.hasEthernet = false;
    this.hasVlan = false;
    this.hasProcessor = false;
    this.otherBlocks = 0;
  }

  /** Reads the block `tag` of `length` bytes at `o` (in bounds, checked by the caller). */
  readBlock(tag: number, b: Uint8Array, o: number, length: number): void {
    this.blockTags[this.blockCount++] = this.parseBlock(tag, b, o, length);
  }

  private parseBlock(tag: number, b: Uint8Array, o: number, length: number): number {
    if (tag === COUNTER_BLOCK_GENERIC && length >= GENERIC_LENGTH) {
      this.generic.read(b, o);
      this.hasGeneric = true;
    } else if (tag === COUNTER_BLOCK_ETHERNET && length >= ETHERNET_LENGTH) {
      this.ethernet.read(b, o);
      this.hasEthernet = true;
    } else if (tag === COUNTER_BLOCK_VLAN && length >= VLAN_LENGTH) {
      this.vlan.read(b, o);
      this.hasVlan = true;
    } else if (tag === COUNTER_BLOCK_PROCESSOR && length >= PROCESSOR_LENGTH) {
      this.processor.read(b, o);
      this.hasProcessor = true;
    } else {
      this.otherBlocks++;
      return COUNTER_BLOCK_UNPARSED;
    }
    return tag;
  }
}
