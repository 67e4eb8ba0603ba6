/**
 * Offline replay of a capture (pcap_savefile, -I): the UDP datagrams of the
 * file, in order, as a collector socket would have received them, played
 * pcap_savefile_replay (-Y) times with pcap_savefile_delay (-Z) seconds of
 * sleep before each play.
 *
 * Behaviour of pmacct 1.7.7 that this follows (checked with nfacctd/sfacctd):
 * - every UDP datagram of the file is taken, whatever its port;
 * - replay 1 (the default) plays once, N plays N times, 0 plays forever
 *   (negative values are refused by pmacct's config parser);
 * - the delay is slept before the first play and between plays (pmacct
 *   sleeps 2 s before the first play when no delay is set, to let its
 *   plugin processes start; nothing here needs that);
 * - timestamp_arrival is the wall-clock time of reading, not the capture
 *   time (nfacctd passes no timestamp out of recvfrom_savefile), hence the
 *   default `arrivalClock: 'wallclock'`; 'capture' gives reproducible times.
 * - an IPv4-mapped IPv6 exporter address is reported as IPv4.
 *
 * One SavefileDatagram is reused for every datagram; only the payload view
 * is new each time. Address texts and exporter identities are made once per
 * distinct address.
 */
import { setImmediate as yieldToEventLoop, setTimeout as sleep } from 'node:timers/promises';
import { ipv4Text, ipv6Text } from '../model/ipText.ts';
import { exporterRefFor, type ExporterRef } from '../model/exporterRef.ts';
import { AddressTable } from '../decode/packet/addressTable.ts';
import { PACKET_REJECTION_NAMES, PacketRejection } from '../decode/packet/packetRejection.ts';
import { extractUdpDatagram, UdpDatagram } from '../decode/packet/udpDatagram.ts';
import { PcapFileReader } from './pcapFileReader.ts';

export interface PcapSavefileOptions {
  /** pcap_savefile_replay: number of plays, 0 = forever. Default 1. */
  replay?: number;
  /** pcap_savefile_delay: seconds slept before each play (used by `run`). Default 0. */
  delaySeconds?: number;
  /** Where arrivalSec/arrivalUsec come from. Default 'wallclock' (as pmacct). */
  arrivalClock?: 'wallclock' | 'capture';
  /** Stops `run` between datagrams. */
  signal?: AbortSignal;
}

/** Same shape as the UDP listener's handler, so a daemon can feed one decoder from either. */
/** captureSec: the pcap record's time, whatever arrivalClock says (sfacctd files samples under it). */
export type SavefileDatagramHandler = (payload: Buffer, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number, captureSec: number) => void;

/** The minimal logger the replay reports to (the daemon's Logger fits). */
export interface SavefileLogger {
  info(message: string): void;
  warn(message: string): void;
}

export class SavefileDatagram {
  srcAddress = '';
  srcPort = 0;
  dstAddress = '';
  dstPort = 0;
  /** The exporter identity of `srcAddress`, one object per distinct address. */
  exporter: ExporterRef = exporterRefFor('0.0.0.0');
  /** The UDP payload: a view of the file's memory. */
  payload: Buffer = Buffer.alloc(0);
  /** Arrival time per `arrivalClock`. */
  arrivalSec = 0;
  arrivalUsec = 0;
  /** The capture timestamp of the frame, whatever `arrivalClock` says. */
  captureSec = 0;
  captureUsec = 0;
}

export interface SavefileStatistics {
  /** Plays started. */
  rounds: number;
  /** Frames read from the file, over all plays. */
  frames: number;
  /** UDP datagrams delivered. */
  datagrams: number;
  /** Frames that held no usable UDP datagram, by PacketRejection code. */
  rejected: number[];
  /** Damage found in the file (truncation, corrupt records), over all plays. */
  readErrors: number;
  readErrorMessages: string[];
}

/** Read-error messages kept over all plays (a damaged file replayed forever repeats itself). */
const KEPT_MESSAGES = 20;

/** Datagrams handled between two yields to the event loop in `run`. */
const BATCH = 1024;

interface AddressIdentity {
  text: string;
  exporter: ExporterRef;
}

export class PcapSavefileSource {
  readonly path: string;
  readonly statistics: SavefileStatistics = {
    rounds: 0,
    frames: 0,
    datagrams: 0,
    rejected: PACKET_REJECTION_NAMES.map(() => 0),
    readErrors: 0,
    readErrorMessages: [],
  };
  private readonly replay: number;
  private readonly delaySeconds: number;
  private readonly wallclock: boolean;
  private readonly signal: AbortSignal | undefined;
  private reader: PcapFileReader | null = null;
  private readonly udp = new UdpDatagram();
  private readonly datagram = new SavefileDatagram();
  private readonly addresses = new AddressTable<AddressIdentity>(identityOfAddress);

  constructor(path: string, options: PcapSavefileOptions = {}) {
    this.path = path;
    this.replay = options.replay ?? 1;
    this.delaySeconds = options.delaySeconds ?? 0;
    this.wallclock = (options.arrivalClock ?? 'wallclock') === 'wallclock';
    this.signal = options.signal;
    if (!Number.isInteger(this.replay) || this.replay < 0) throw new Error(`pcap_savefile_replay must be >= 0, got ${this.replay}`);
  }

  /**
   * The next datagram over all plays (the same object, refilled), or null
   * when the last play ends. Ignores the delay: `run` is the paced form.
   * Throws only if the file cannot be opened.
   */
  next(): SavefileDatagram | null {
    for (;;) {
      if (this.reader !== null) {
        const datagram = this.nextInRound();
        if (datagram !== null) return datagram;
      }
      if (!this.startRound()) return null;
    }
  }

  /**
   * Plays the file into `handler`, sleeping the delay before each play and
   * yielding to the event loop every few datagrams so timers and signals
   * run. Resolves with the statistics when the plays end or the signal aborts.
   */
  async run(handler: SavefileDatagramHandler, logger?: SavefileLogger): Promise<SavefileStatistics> {
    while (!this.aborted() && this.moreRounds()) {
      if (this.delaySeconds > 0) {
        logger?.info(`sleeping ${this.delaySeconds} s before playing ${this.path}`);
        await sleep(this.delaySeconds * 1000, undefined, { signal: this.signal }).catch(() => undefined);
        if (this.aborted()) break;
      }
      const errorsBefore = this.statistics.readErrors;
      const messagesBefore = this.statistics.readErrorMessages.length;
      this.startRound();
      let batch = 0;
      for (let d = this.nextInRound(); d !== null; d = this.nextInRound()) {
        handler(d.payload, d.exporter, d.arrivalSec, d.arrivalUsec, d.captureSec);
        if (++batch === BATCH) {
          batch = 0;
          await yieldToEventLoop();
          if (this.aborted()) break;
        }
      }
      if (this.statistics.readErrors > errorsBefore) {
        const messages = this.statistics.readErrorMessages.slice(messagesBefore);
        logger?.warn(`${this.path}: ${this.statistics.readErrors - errorsBefore} read error(s): ${messages.join('; ')}`);
      }
      // A file with few or no datagrams replayed forever must not starve the event loop.
      await yieldToEventLoop();
    }
    this.close();
    return this.statistics;
  }

  /** Releases the file. */
  close(): void {
    this.reader?.close();
    this.reader = null;
  }

  private aborted(): boolean {
    return this.signal?.aborted ?? false;
  }

  private moreRounds(): boolean {
    return this.replay === 0 || this.statistics.rounds < this.replay;
  }

  private startRound(): boolean {
    this.close();
    if (!this.moreRounds()) return false;
    this.reader = PcapFileReader.open(this.path);
    this.statistics.rounds++;
    return true;
  }

  /** The next datagram of the current play, or null at its end. */
  private nextInRound(): SavefileDatagram | null {
    const reader = this.reader;
    if (reader === null) return null;
    const statistics = this.statistics;
    for (let packet = reader.next(); packet !== null; packet = reader.next()) {
      statistics.frames++;
      const udp = extractUdpDatagram(packet.linkType, packet.bytes, this.udp, packet.offset, packet.end);
      if (udp === null) {
        statistics.rejected[this.udp.rejection]!++;
        continue;
      }
      statistics.datagrams++;
      const d = this.datagram;
      const source = this.addresses.lookup(udp.sourceAddress, udp.addressLength);
      d.srcAddress = source.text;
      d.exporter = source.exporter;
      d.srcPort = udp.sourcePort;
      d.dstAddress = this.addresses.lookup(udp.destinationAddress, udp.addressLength).text;
      d.dstPort = udp.destinationPort;
      d.payload = udp.payload();
      d.captureSec = packet.tsSec;
      d.captureUsec = packet.tsUsec;
      if (this.wallclock) {
        const nowMs = Date.now();
        d.arrivalSec = Math.floor(nowMs / 1000);
        d.arrivalUsec = (nowMs - d.arrivalSec * 1000) * 1000;
      } else {
        d.arrivalSec = packet.tsSec;
        d.arrivalUsec = packet.tsUsec;
      }
      return d;
    }
    this.finishRound(reader);
    return null;
  }

  private finishRound(reader: PcapFileReader): void {
    const errors = reader.errors;
    if (errors.count > 0) {
      this.statistics.readErrors += errors.count;
      const kept = this.statistics.readErrorMessages;
      for (const message of errors.messages) if (kept.length < KEPT_MESSAGES) kept.push(message);
    }
    this.reader = null;
  }
}

/** Text and exporter identity of an address; an IPv4-mapped IPv6 address counts as IPv4, as in pmacct. */
function identityOfAddress(address: Uint8Array, length: number): AddressIdentity {
  const text = length === 4 ? ipv4Text(address) : isIpv4Mapped(address) ? ipv4Text(address, 12) : ipv6Text(address);
  return { text, exporter: exporterRefFor(text) };
}

function isIpv4Mapped(address: Uint8Array): boolean {
  for (let i = 0; i < 10; i++) if (address[i] !== 0) return false;
  return address[10] === 0xff && address[11] === 0xff;
}

/**
 * Replays `path` into `handler` with pmacct's pcap_savefile options and
 * logs what the file held; the daemon's savefile entry point.
 */
export async function replayPcapSavefile(
  path: string,
  options: { replays: number; delaySeconds: number; signal?: AbortSignal; arrivalClock?: 'wallclock' | 'capture' },
  handler: SavefileDatagramHandler,
  logger?: SavefileLogger,
): Promise<SavefileStatistics> {
  const source = new PcapSavefileSource(path, {
    replay: options.replays,
    delaySeconds: options.delaySeconds,
    arrivalClock: options.arrivalClock ?? 'wallclock',
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const statistics = await source.run(handler, logger);
  const rejected = statistics.rejected
    .map((count, code) => (code === PacketRejection.none || count === 0 ? '' : `${PACKET_REJECTION_NAMES[code]} ${count}`))
    .filter((text) => text !== '');
  logger?.info(
    `finished reading ${path}: ${statistics.rounds} play(s), ${statistics.frames} frames, ${statistics.datagrams} UDP datagrams` +
      (rejected.length > 0 ? `, skipped: ${rejected.join(', ')}` : ''),
  );
  return statistics;
}
