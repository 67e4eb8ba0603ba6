/**
 * Exported datagrams read from a Kafka topic instead of a UDP socket
 * (nfacctd_kafka_broker_host/_port/_topic/_config_file, and sfacctd's).
 *
 * What pmacct 1.7.7 does, read from its source (nfacctd.c / sfacctd.c main
 * loops, kafka_common.c) and followed here:
 * - each message's value is one raw IP packet: an IPv4 or IPv6 header, the
 *   UDP header, then the NetFlow/IPFIX/sFlow datagram (pmacct hands it to
 *   recvfrom_rawip(), the raw-IP branch of its pcap code). The exporter is
 *   the packet's IP source address; the message key, headers and timestamp
 *   are not used. A message that holds no UDP datagram is skipped (counted).
 * - only partition 0 of the topic is read, with no consumer group: pmacct
 *   starts librdkafka's legacy consumer on partition 0 at the end
 *   (RD_KAFKA_OFFSET_END) and commits nothing. So on every start — and on
 *   every restart — reading begins with the messages produced after it:
 *   what was produced while the daemon was down is never read, and what it
 *   had read is not read again. A producer must write to partition 0.
 * - the Kafka input excludes the UDP socket and pcap_savefile (checked at
 *   startup, see flowCollector.ts).
 *
 * The end offset is asked for once and then assigned as a number (pmacct
 * lets librdkafka resolve "end" asynchronously): the same messages, but the
 * "reading from offset N" log line marks the moment from which everything
 * produced is read, which tests wait for.
 *
 * A broker that cannot be reached at startup does not stop the daemon
 * (pmacct waits for it too): the connection is tried again every few
 * seconds with a new client, which then starts at the end as pmacct's
 * re-created consumer does. Once reading, librdkafka reconnects on its own
 * and the position is kept.
 *
 * The arrival time of a datagram is the wall clock when its batch is read.
 */
import { exporterRefFor, type ExporterRef } from '../model/exporterRef.ts';
import { ipv4Text, ipv6Text } from '../model/ipText.ts';
import { AddressTable } from '../decode/packet/addressTable.ts';
import { LinkType } from '../decode/packet/linkType.ts';
import { PACKET_REJECTION_NAMES, PacketRejection } from '../decode/packet/packetRejection.ts';
import { extractUdpDatagram, UdpDatagram } from '../decode/packet/udpDatagram.ts';
import type { KafkaPartitionReader } from './kafkaConsumerClient.ts';

/** Same shape as the UDP listener's and the savefile's handler. */
export type KafkaDatagramHandler = (payload: Buffer, exporter: ExporterRef, arrivalSec: number, arrivalUsec: number, captureSec: number) => void;

export interface KafkaDatagramSourceOptions {
  topic: string;
  /** pmacct reads partition 0 only. */
  partition?: number;
  /** Messages taken per read. */
  batchSize?: number;
}

export interface KafkaSourceLogger {
  info(message: string): void;
  warn(message: string): void;
  limited(id: string, level: 'WARN' | 'ERROR', message: string, intervalMs?: number): void;
}

export interface KafkaSourceStatistics {
  messages: number;
  datagrams: number;
  /** Messages that held no usable UDP datagram, by PacketRejection code. */
  rejected: number[];
  /** Messages without a value (tombstones). */
  empty: number;
  /** The next offset to read, -1 before the start. */
  offset: number;
}

const DEFAULT_BATCH = 1024;
/** Pause between two attempts to reach the broker. */
const RETRY_MS = 5000;

interface AddressIdentity {
  exporter: ExporterRef;
}

export class KafkaDatagramSource {
  readonly statistics: KafkaSourceStatistics = {
    messages: 0,
    datagrams: 0,
    rejected: PACKET_REJECTION_NAMES.map(() => 0),
    empty: 0,
    offset: -1,
  };
  private readonly createReader: () => KafkaPartitionReader;
  private reader: KafkaPartitionReader | null;
  private readonly wakeUp = new AbortController();
  private readonly topic: string;
  private readonly partition: number;
  private readonly batchSize: number;
  private readonly udp = new UdpDatagram();
  private readonly addresses = new AddressTable<AddressIdentity>(identityOfAddress);
  private stopping = false;
  private loop: Promise<void> | null = null;

  /**
   * `reader` is the first client (made by the caller, so that a property
   * librdkafka refuses is a startup error); `createReader` makes the next
   * ones, after a failed connection.
   */
  constructor(reader: KafkaPartitionReader, createReader: () => KafkaPartitionReader, options: KafkaDatagramSourceOptions) {
    this.reader = reader;
    this.createReader = createReader;
    this.topic = options.topic;
    this.partition = options.partition ?? 0;
    this.batchSize = options.batchSize ?? DEFAULT_BATCH;
  }

  /**
   * Starts connecting and then handing datagrams to `handler`, in the
   * background; logs "reading topic T partition P from offset N" once
   * reading has begun.
   */
  start(handler: KafkaDatagramHandler, logger: KafkaSourceLogger): void {
    this.loop = this.run(handler, logger);
  }

  /** Stops reading (after the batch in hand) and disconnects. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wakeUp.abort();
    await this.loop;
  }

  statisticsLine(): string {
    const s = this.statistics;
    const rejected = s.rejected
      .map((count, code) => (code === PacketRejection.none || count === 0 ? '' : `${PACKET_REJECTION_NAMES[code]} ${count}`))
      .filter((text) => text !== '');
    return (
      `kafka topic ${this.topic} partition ${this.partition}: ${s.messages} messages, ${s.datagrams} UDP datagrams, next offset ${s.offset}` +
      (rejected.length > 0 || s.empty > 0 ? `, skipped: ${[...rejected, ...(s.empty > 0 ? [`empty ${s.empty}`] : [])].join(', ')}` : '')
    );
  }

  private async run(handler: KafkaDatagramHandler, logger: KafkaSourceLogger): Promise<void> {
    while (!this.stopping) {
      const reader = this.reader ?? this.createReader();
      this.reader = null;
      reader.onError((message) => logger.limited('kafka-input', 'WARN', `Kafka input (topic ${this.topic}): ${message}`, 60_000));
      try {
        await reader.connect();
        const offset = await reader.endOffset(this.topic, this.partition);
        reader.assign(this.topic, this.partition, offset);
        this.statistics.offset = offset;
        logger.info(`reading topic ${this.topic} partition ${this.partition} from offset ${offset}`);
      } catch (err) {
        logger.limited('kafka-input-connect', 'ERROR', `Kafka input (topic ${this.topic}): cannot start reading (${(err as Error).message}); trying again every ${RETRY_MS / 1000} s`, 60_000);
        await reader.disconnect().catch(() => undefined);
        await this.pause(RETRY_MS);
        continue;
      }
      await this.read(reader, handler, logger);
      await reader.disconnect();
    }
  }

  /** Reads batches until stop(). */
  private async read(reader: KafkaPartitionReader, handler: KafkaDatagramHandler, logger: KafkaSourceLogger): Promise<void> {
    while (!this.stopping) {
      let messages;
      try {
        messages = await reader.next(this.batchSize);
      } catch (err) {
        // librdkafka reconnects on its own; pmacct re-creates its consumer, which
        // would also move it to the end of the partition and skip messages.
        logger.limited('kafka-input-read', 'ERROR', `Kafka input (topic ${this.topic}): read failed: ${(err as Error).message}`, 60_000);
        await this.pause(1000);
        continue;
      }
      if (messages.length === 0) continue;
      const nowMs = Date.now();
      const sec = Math.floor(nowMs / 1000);
      const usec = (nowMs - sec * 1000) * 1000;
      for (const message of messages) this.deliver(message.value, handler, sec, usec, logger);
      this.statistics.offset = messages[messages.length - 1]!.offset + 1;
    }
  }

  /** Sleeps `ms`, or less when stop() is called. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      this.wakeUp.signal.addEventListener('abort', done, { once: true });
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
    });
  }

  private deliver(value: Buffer | null, handler: KafkaDatagramHandler, sec: number, usec: number, logger: KafkaSourceLogger): void {
    const s = this.statistics;
    s.messages++;
    if (value === null || value.length === 0) {
      s.empty++;
      return;
    }
    const udp = extractUdpDatagram(LinkType.raw, value, this.udp);
    if (udp === null) {
      s.rejected[this.udp.rejection]!++;
      return;
    }
    s.datagrams++;
    const exporter = this.addresses.lookup(udp.sourceAddress, udp.addressLength).exporter;
    try {
      handler(udp.payload(), exporter, sec, usec, sec);
    } catch (err) {
      logger.limited('datagram-handler', 'ERROR', `error while processing a datagram, skipped: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
    }
  }
}

/** An IPv4-mapped IPv6 source counts as IPv4, as pmacct reports it. */
function identityOfAddress(address: Uint8Array, length: number): AddressIdentity {
  const mapped = length === 16 && address.subarray(0, 10).every((b) => b === 0) && address[10] === 0xff && address[11] === 0xff;
  const text = length === 4 ? ipv4Text(address) : mapped ? ipv4Text(address, 12) : ipv6Text(address);
  return { exporter: exporterRefFor(text) };
}
