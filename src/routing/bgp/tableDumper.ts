/**
 * bgp_table_dump_file: every bgp_table_dump_refresh_time seconds, each
 * connected peer's RIB as pmacct's dump lines (dump_init, one dump line
 * per route, dump_close) into the file its name resolves to, opened for
 * writing (truncated) by the first peer of the dump that names it;
 * bgp_table_dump_latest_file then points at the last file written.
 *
 * With bgp_table_dump_kafka_topic / _amqp_routing_key the same lines go to
 * the broker instead, one message each, to the topic or routing key the
 * pattern names for the peer and the dump time (brokerMsglog.ts has the
 * message form).
 *
 * Scheduling is pmacct's: deadlines fall on the start of the minute plus
 * multiples of the refresh time, and a dump is stamped with its deadline.
 *
 * pmacct forks to dump a frozen copy of the RIBs. tsacct dumps in place,
 * a few thousand routes per turn of the event loop, so sessions and flows
 * go on meanwhile: a route changed during the dump shows its newest
 * attributes, one removed before its turn is left out, one added is not
 * in this dump (the slots to visit are listed when each table starts).
 */
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Logger } from '../../core/logger.ts';
import type { LinePublisher } from '../../output/linePublisher.ts';
import { linkLatest } from '../../output/outputFile.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import type { AttributeTable } from './attributeTable.ts';
import { dumpFileName, peerFileName } from './bgpFileName.ts';
import { RouteRecord } from './bgpJsonLines.ts';
import { JSON_BGP_FORMAT, writeMessagesSync, type BgpMessage, type BgpOutputFormat } from './bgpOutputFormat.ts';
import type { BgpPeer } from './bgpPeer.ts';
import { dumpTimestamp } from './bgpTimestamps.ts';

export interface TableDumpSettings {
  /** The file name, or with `broker` the topic / routing key, with its variables. */
  filePattern: string;
  /**
   * bgp_table_dump_kafka_topic / _amqp_routing_key: each line a message
   * (as pmacct: without the newline, "writer_id" added) instead of files.
   */
  broker?: { publisher: LinePublisher; writerId: string; kind: 'Kafka' | 'AMQP'; keyPattern: string | null };
  /** bgp_table_dump_output (absent: json). */
  format?: BgpOutputFormat;
  latestPattern: string | null;
  refreshSeconds: number;
  umask: number;
  timestamps: TimestampStyle;
}

export interface DumpResult {
  tables: number;
  entries: number;
  files: string[];
}

/** Routes written per turn of the event loop. */
const ROUTES_PER_TURN = 4096;
/** How long the end of a dump waits for the broker to take its messages. */
const BROKER_FLUSH_MS = 30_000;

export class TableDumper {
  private readonly settings: TableDumpSettings;
  private readonly attributes: AttributeTable;
  private readonly logger: Logger;
  private readonly record = new RouteRecord();
  private readonly format: BgpOutputFormat;
  writeErrors = 0;

  constructor(settings: TableDumpSettings, attributes: AttributeTable, logger: Logger) {
    this.settings = settings;
    this.format = settings.format ?? JSON_BGP_FORMAT;
    this.attributes = attributes;
    this.logger = logger;
  }

  /** pmacct's first deadline: the start of the current minute plus whole refresh periods, past `nowSec`. */
  firstDeadline(nowSec: number): number {
    const refresh = this.settings.refreshSeconds;
    let base = nowSec - (nowSec % 60);
    while (base + refresh < nowSec) base += refresh;
    return base + refresh;
  }

  async dump(peers: readonly BgpPeer[], dumpSec: number, seq: number): Promise<DumpResult> {
    const s = this.settings;
    if (s.broker) return this.dumpToBroker(s.broker, peers, dumpSec, seq);
    const timestamp = dumpTimestamp(dumpSec, s.timestamps);
    const mode = 0o666 & ~s.umask;
    const result: DumpResult = { tables: 0, entries: 0, files: [] };
    let currentPath = '';
    let fd = -1;
    let lastPeer: BgpPeer | null = null;
    const closeCurrent = async (): Promise<void> => {
      if (fd >= 0) closeSync(fd);
      fd = -1;
      if (lastPeer && s.latestPattern && currentPath) await this.link(peerFileName(s.latestPattern, lastPeer), currentPath);
    };
    const write = (lines: readonly BgpMessage[]): void => {
      if (fd < 0 || lines.length === 0) return;
      try {
        writeMessagesSync(fd, lines);
      } catch (err) {
        this.writeErrors++;
        this.logger.limited(`dump-write:${currentPath}`, 'ERROR', `BGP table dump: write to ${currentPath} failed: ${(err as Error).message}`);
      }
    };
    this.logger.info(`*** Dumping BGP tables - START (PEERS: ${peers.length}) ***`);
    const started = Date.now();
    for (const peer of peers) {
      const path = dumpFileName(s.filePattern, peer, dumpSec, s.timestamps.utc);
      if (path !== currentPath) {
        await closeCurrent();
        currentPath = path;
        try {
          mkdirSync(dirname(path), { recursive: true });
          fd = openSync(path, 'w', mode);
          result.files.push(path);
        } catch (err) {
          this.writeErrors++;
          this.logger.error(`BGP table dump: cannot open ${path}: ${(err as Error).message}`);
          fd = -1;
        }
      }
      lastPeer = peer;
      write([this.format.dumpInit(seq, timestamp, peer, s.refreshSeconds)]);
      const entries = await this.dumpPeer(peer, seq, timestamp, write);
      write([this.format.dumpClose(seq, timestamp, peer, entries, 1)]);
      result.tables++;
      result.entries += entries;
    }
    await closeCurrent();
    this.logger.info(`*** Dumping BGP tables - END (TABLES: ${result.tables} ENTRIES: ${result.entries} ET: ${Math.round((Date.now() - started) / 1000)}) ***`);
    return result;
  }

  /**
   * The dump as messages: per peer, dump_init, its routes and dump_close to
   * the topic / routing key its name resolves to (peer and time variables,
   * as the file name); the dump's end waits (bounded) for the broker to
   * have them.
   */
  private async dumpToBroker(broker: NonNullable<TableDumpSettings['broker']>, peers: readonly BgpPeer[], dumpSec: number, seq: number): Promise<DumpResult> {
    const s = this.settings;
    const timestamp = dumpTimestamp(dumpSec, s.timestamps);
    const result: DumpResult = { tables: 0, entries: 0, files: [] };
    this.logger.info(`*** Dumping BGP tables - START (PEERS: ${peers.length}) ***`);
    const started = Date.now();
    for (const peer of peers) {
      const destination = dumpFileName(s.filePattern, peer, dumpSec, s.timestamps.utc);
      const key = broker.keyPattern === null ? null : peerFileName(broker.keyPattern, peer);
      if (!result.files.includes(destination)) result.files.push(destination);
      const write = (lines: readonly BgpMessage[]): void => {
        for (const line of lines) broker.publisher.publish(destination, this.format.brokerMessage(line, broker.writerId, broker.kind), key);
      };
      write([this.format.dumpInit(seq, timestamp, peer, s.refreshSeconds)]);
      const entries = await this.dumpPeer(peer, seq, timestamp, write, async () => {
        // Room at the broker client first, then a turn for the sessions.
        await broker.publisher.drain();
        await yieldToLoop();
      });
      write([this.format.dumpClose(seq, timestamp, peer, entries, 1)]);
      result.tables++;
      result.entries += entries;
    }
    if (!(await broker.publisher.flush(BROKER_FLUSH_MS))) {
      this.writeErrors++;
      this.logger.warn(`BGP table dump: the ${broker.kind} broker did not take every message within ${BROKER_FLUSH_MS / 1000}s`);
    }
    this.logger.info(`*** Dumping BGP tables - END (TABLES: ${result.tables} ENTRIES: ${result.entries} ET: ${Math.round((Date.now() - started) / 1000)}) ***`);
    return result;
  }

  /** Lets go of the broker connection, if any. */
  async close(): Promise<void> {
    await this.settings.broker?.publisher.close();
  }

  /** Writes the peer's routes in chunks; between two, `pause` (default: one turn of the event loop). */
  private async dumpPeer(peer: BgpPeer, seq: number, timestamp: string, write: (lines: readonly BgpMessage[]) => void, pause: () => Promise<unknown> = yieldToLoop): Promise<number> {
    let entries = 0;
    const r = this.record;
    for (const family of peer.rib.families()) {
      const table = family.table;
      const release = table.holdSlots();
      try {
        const slots = table.sortedSlots();
        const addPath = peer.addPath(family.afi, family.safi);
        let chunk: BgpMessage[] = [];
        for (let i = 0; i < slots.length; i++) {
          const slot = slots[i]!;
          if (!table.isLive(slot)) continue;
          r.afi = family.afi;
          r.safi = family.safi;
          r.prefix = peer.rib.prefixText(table, slot);
          r.pathId = addPath ? table.pathIdAt(slot) : -1;
          r.attrId = table.valueAt(slot);
          r.label = table.labelAt(slot);
          r.rd = table.rdWords > 0 ? peer.rib.rdText(table, slot) : null;
          chunk.push(this.format.dumpRoute(seq, timestamp, peer, r, this.attributes));
          entries++;
          if (chunk.length === ROUTES_PER_TURN) {
            write(chunk);
            chunk = [];
            await pause();
          }
        }
        write(chunk);
      } finally {
        release();
      }
    }
    return entries;
  }

  private async link(latest: string, target: string): Promise<void> {
    try {
      await linkLatest(latest, target);
    } catch (err) {
      this.logger.limited(`dump-latest:${latest}`, 'WARN', `BGP table dump: cannot point ${latest} at ${target}: ${(err as Error).message}`);
    }
  }
}
