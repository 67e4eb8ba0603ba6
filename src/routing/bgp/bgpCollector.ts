/**
 * The BGP daemon of pmbgpd and of `bgp_daemon: true` in nfacctd/sfacctd:
 * a TCP listener for passive sessions (bgp_daemon_ip/_port, _ipv6_only),
 * the admission rules pmacct applies to each connection (allow file,
 * bgp_daemon_max_peers, bgp_daemon_batch, one session per peer address, a
 * stale one being replaced), the sessions' per-peer RIBs over one shared
 * attribute table, the message log (bgp_daemon_msglog_file, or a broker:
 * msglogSink.ts) and the periodic table dump (bgp_table_dump_file, or a
 * broker).
 *
 * Message log lines follow pmacct's life cycle of a peer: log_init when
 * the connection is accepted; update / withdraw lines as UPDATEs arrive;
 * when the session ends, a delete line per route still held, then
 * log_close. When the daemon itself stops, sessions get a Cease
 * (Administrative Shutdown) and their logs a log_close without deletes,
 * as pmbgpd 1.7.7 writes on SIGINT.
 *
 * Sequence numbers are the daemon's, shared by all peers and files; every
 * log line takes the next one, a dump takes one for all its lines. Lines
 * written for one read of a session share its timestamp.
 */
import { createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/logger.ts';
import { SUB_CEASE_ADMIN_SHUTDOWN } from '../../decode/bgp/bgpConstants.ts';
import type { OpenMessage } from '../../decode/bgp/bgpOpen.ts';
import type { UpdateMessage } from '../../decode/bgp/updateMessage.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { AttributeTable } from './attributeTable.ts';
import type { LogType, PeerIdentity, RouteRecord } from './bgpJsonLines.ts';
import { JSON_BGP_FORMAT, type BgpOutputFormat } from './bgpOutputFormat.ts';
import { BgpPeer } from './bgpPeer.ts';
import { BgpSession, type SessionEnd, type SessionHost } from './bgpSession.ts';
import { logTimestamp, nowSecUsec } from './bgpTimestamps.ts';
import { BgpPeerBatch } from './bgpPeerBatch.ts';
import type { MsglogSink } from './msglogSink.ts';
import { MsglogWriter } from './msglogWriter.ts';
import { RibUpdater } from './ribUpdater.ts';
import { TableDumper, type DumpResult, type TableDumpSettings } from './tableDumper.ts';
import { applyMd5Keys, type Md5Key } from './tcpMd5.ts';
import { listenForBgp, logBgpListening } from './bgpListener.ts';
import { setIpPrecedence } from '../../collect/ipPrecedence.ts';
import { describeReceiveBufferGrant, type ReceiveBufferGrant } from '../../collect/receiveBufferGrant.ts';
import { raiseReceiveBuffer } from '../../collect/socketReceiveBuffer.ts';

export interface BgpCollectorSettings {
  /** Listening address; null: every address, IPv6 and IPv4-mapped. */
  ip: string | null;
  port: number;
  ipv6Only: boolean;
  /** BGP identifier presented in OPENs (unsigned 32-bit). */
  routerId: number;
  /** bgp_daemon_as, or null to mirror each peer's AS. */
  localAs: number | null;
  maxPeers: number;
  routerIdCheck: boolean;
  /** bgp_daemon_md5_file's peers and passwords, set on the listening socket (absent or empty: no signatures). */
  md5Keys?: readonly Md5Key[];
  /** bgp_daemon_ipprec: IP precedence of the sessions' packets, set on the listening socket (absent or 0: unmarked). */
  ipPrecedence?: number;
  /** bgp_daemon_pipe_size: receive buffer in bytes, raised on the listening socket (absent or 0: the OS default). */
  receiveBufferSize?: number;
  /** The allow file's verdict on a peer address; null allows all. */
  allow: ((address: string) => boolean) | null;
  allowFile: string | null;
  msglogFile: string | null;
  /** The message log's destination when it is not files (a broker: brokerMsglog.ts); wins over msglogFile. */
  msglogSink?: MsglogSink | null;
  /** bgp_daemon_msglog_output (absent: json). */
  msglogFormat?: BgpOutputFormat;
  dump: TableDumpSettings | null;
  /** bgp_daemon_batch peers admitted per bgp_daemon_batch_interval seconds (0: no batches). */
  batch?: { size: number; intervalSeconds: number };
  /** Told, with the connected peers, when a connection is admitted or a session ends (bgp_neighbors_file). */
  peersChanged?: (peers: readonly PeerIdentity[]) => void;
  umask: number;
  timestamps: TimestampStyle;
}

/** IPv4-mapped IPv6 addresses ("::ffff:192.0.2.1") are the IPv4 peer they carry, as pmacct reports them. */
export function peerAddressText(address: string | undefined): string {
  if (!address) return '0.0.0.0';
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

export class BgpCollector implements SessionHost {
  readonly attributes = new AttributeTable();
  readonly localAs: number | null;
  readonly routerId: number;
  private readonly settings: BgpCollectorSettings;
  private readonly logger: Logger;
  private readonly sessions: BgpSession[] = [];
  private readonly msglog: MsglogSink | null;
  private readonly msglogFormat: BgpOutputFormat;
  private readonly batch: BgpPeerBatch | null;
  private readonly dumper: TableDumper | null;
  private readonly updater: RibUpdater;
  private server: Server | null = null;
  private seq = 0;
  private timestamp = '';
  private stopping = false;
  private dumpTimer: NodeJS.Timeout | null = null;
  private dumpDeadline = 0;
  private dumping: Promise<void> = Promise.resolve();
  /** Services built on the collector (the looking glass), stopped before it. */
  private readonly stopHooks: (() => Promise<void>)[] = [];
  /** Totals over sessions that ended. */
  sessionsAccepted = 0;
  /** Bumped when a session comes, goes or learns its BGP identifier (the flow lookup's peer cache, BgpRibSource). */
  generation = 0;
  sessionsRefused = 0;
  notificationsSent = 0;
  notificationsReceived = 0;
  failures = 0;

  constructor(settings: BgpCollectorSettings, logger: Logger) {
    this.settings = settings;
    this.logger = logger;
    this.localAs = settings.localAs;
    this.routerId = settings.routerId;
    this.msglog = settings.msglogSink ?? (settings.msglogFile ? new MsglogWriter(settings.msglogFile, settings.umask, logger) : null);
    this.msglogFormat = settings.msglogFormat ?? JSON_BGP_FORMAT;
    this.batch = settings.batch && settings.batch.size > 0 ? new BgpPeerBatch(settings.batch.size, settings.batch.intervalSeconds) : null;
    this.dumper = settings.dump ? new TableDumper(settings.dump, this.attributes, logger) : null;
    this.updater = new RibUpdater(this.attributes, this.msglog ? (peer, type, route) => this.logRoute(peer, type, route) : null);
  }

  /** Starts listening; resolves with the bound address and port. */
  async start(): Promise<{ address: string; port: number }> {
    const server = createServer({ noDelay: true }, (socket) => this.accept(socket));
    this.server = server;
    const s = this.settings;
    const bound = await listenForBgp(server, s);
    server.on('error', (err) => this.logger.limited('bgp-listen', 'ERROR', `BGP listener: ${err.message}`));
    if (s.md5Keys && s.md5Keys.length > 0) applyMd5Keys(server, s.md5Keys, this.logger);
    if (s.ipPrecedence) this.markPrecedence(server, s.ipPrecedence);
    const bufferGrant = s.receiveBufferSize ? this.sizeReceiveBuffer(server, s.receiveBufferSize) : null;
    logBgpListening(this.logger, s.maxPeers, bound, bufferGrant ? [bufferGrant.info] : []);
    if (bufferGrant?.warning) this.logger.warn(bufferGrant.warning);
    if (this.dumper) this.scheduleDumps();
    return bound;
  }

  /** As pmacct: a precedence the kernel refuses is a warning, the sessions then go unmarked. */
  private markPrecedence(server: Server, precedence: number): void {
    try {
      setIpPrecedence(server, precedence);
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      this.logger.warn(`setsockopt() failed for IP_TOS (errno: ${errno ?? '?'}): ${(err as Error).message}`);
    }
  }

  /**
   * As pmacct: raised only, then pmacct's INFO line with the size read back (logged among the listening lines),
   * and tsacct's warning when net.core.rmem_max capped it. A failure is a warning; the sessions get the OS default.
   */
  private sizeReceiveBuffer(server: Server, target: number): ReceiveBufferGrant | null {
    try {
      const result = raiseReceiveBuffer(server, target);
      const grant = describeReceiveBufferGrant('bgp_daemon_pipe_size', target, result.obtained);
      // Left alone (the target is not above the current size) is pmacct's rule, not a shortfall.
      return result.raised ? grant : { info: grant.info, warning: null };
    } catch (err) {
      const errno = (err as { errno?: number }).errno;
      this.logger.warn(`bgp_daemon_pipe_size: the receive buffer could not be set${errno !== undefined ? ` (errno: ${errno})` : ''}: ${(err as Error).message}`);
      return null;
    }
  }

  /** Live sessions' peers, in connection order. */
  peers(): BgpPeer[] {
    return this.sessions.map((s) => s.peer);
  }

  sessionList(): readonly BgpSession[] {
    return this.sessions;
  }

  private currentTimestamp(): string {
    if (this.timestamp === '') {
      const { sec, usec } = nowSecUsec();
      this.timestamp = logTimestamp(sec, usec, this.settings.timestamps);
    }
    return this.timestamp;
  }

  private accept(socket: Socket): void {
    const address = peerAddressText(socket.remoteAddress);
    const port = socket.remotePort ?? 0;
    const s = this.settings;
    if (this.stopping) {
      socket.destroy();
      return;
    }
    if (s.allow && !s.allow(address)) {
      this.sessionsRefused++;
      this.logger.info(`[${s.allowFile}] peer '${address}' not allowed. close()`);
      socket.destroy();
      return;
    }
    if (this.sessions.length >= s.maxPeers) {
      this.sessionsRefused++;
      this.logger.limited('bgp-max-peers', 'WARN', `Insufficient number of BGP peers has been configured by 'bgp_daemon_max_peers' (${s.maxPeers}).`, 60_000);
      socket.destroy();
      return;
    }
    if (this.batch && !this.batch.admit(Date.now())) {
      this.sessionsRefused++;
      this.logger.limited('bgp-batch', 'INFO', `throttling at BGP peer [${address}]: the batch of ${this.batch.size} (bgp_daemon_batch) is full until bgp_daemon_batch_interval has passed.`, 10_000);
      socket.destroy();
      return;
    }
    const existing = this.sessions.find((x) => x.peer.address === address);
    if (existing) {
      const silentMs = Date.now() - existing.lastReceived;
      const holdMs = (existing.holdTime || 240) * 1000;
      if (silentMs > holdMs) {
        this.logger.info(`[${address}] Replenishing stale connection by peer.`);
        existing.drop('replaced by a new connection from the peer');
      } else {
        this.sessionsRefused++;
        this.logger.warn(`[${address}] Refusing new connection from existing peer (residual holdtime: ${Math.round((holdMs - silentMs) / 1000)}).`);
        socket.destroy();
        return;
      }
    }
    this.sessionsAccepted++;
    const peer = new BgpPeer(address, port);
    const session = new BgpSession(socket, peer, this);
    this.sessions.push(session);
    this.generation++;
    if (this.msglog) {
      peer.msglog = this.msglog.open(peer);
      this.timestamp = '';
      this.msglog.append(peer.msglog, this.msglogFormat.logInit(this.seq++, this.currentTimestamp(), peer));
      this.msglog.flush();
      this.timestamp = '';
    }
    this.logger.info(`[${address}] BGP peers usage: ${this.sessions.length}/${s.maxPeers}`);
    s.peersChanged?.(this.peers());
  }

  routerIdInUse(session: BgpSession, bgpId: number): boolean {
    if (!this.settings.routerIdCheck) return false;
    return this.sessions.some((other) => other !== session && other.state !== 'closed' && other.peer.bgpId === bgpId && other.state !== 'connected');
  }

  opened(session: BgpSession, open: OpenMessage, localAs: number): void {
    const peer = session.peer;
    // The peer's BGP identifier is known from now on: the router-id match may answer differently.
    this.generation++;
    const id = peer.bgpIdText;
    for (const mp of open.multiprotocol) this.logger.info(`[${id}] Capability: MultiProtocol AFI [${mp.afi}] SAFI [${mp.safi}]`);
    if (open.fourOctetAs !== null) this.logger.info(`[${id}] Capability: 4-bytes AS ASN [${open.fourOctetAs}]`);
    for (const ap of open.addPath) this.logger.info(`[${id}] Capability: ADD-PATHs AFI [${ap.afi}] SAFI [${ap.safi}] SEND_RECEIVE [${ap.sendReceive}]`);
    this.logger.info(`[${id}] BGP_OPEN: Local AS: ${localAs} Remote AS: ${peer.peerAs} HoldTime: ${open.holdTime}`);
  }

  established(session: BgpSession): void {
    this.logger.debug(`[${session.peer.bgpIdText}] session established`);
  }

  update(session: BgpSession, update: UpdateMessage): void {
    if (update.treatAsWithdraw) {
      this.logger.limited(`bgp-withdraw:${session.peer.address}`, 'WARN', `[${session.peer.address}] malformed UPDATE treated as withdraw: ${update.treatAsWithdraw.toString()}`);
    }
    if (update.lastDiscarded) {
      this.logger.limited(`bgp-discard:${session.peer.address}`, 'INFO', `[${session.peer.address}] attribute discarded: ${update.lastDiscarded.toString()}`);
    }
    this.updater.apply(session.peer, update);
  }

  private logRoute(peer: BgpPeer, type: LogType, route: RouteRecord): void {
    if (!this.msglog || !peer.msglog) return;
    this.msglog.append(peer.msglog, this.msglogFormat.logRoute(this.seq++, type, this.currentTimestamp(), peer, route, this.attributes));
  }

  inputDone(): void {
    this.msglog?.flush();
    this.timestamp = '';
  }

  closed(session: BgpSession, end: SessionEnd): void {
    const peer = session.peer;
    const index = this.sessions.indexOf(session);
    if (index >= 0) this.sessions.splice(index, 1);
    this.generation++;
    this.settings.peersChanged?.(this.peers());
    if (end.sent) this.notificationsSent++;
    if (end.received) {
      this.notificationsReceived++;
      const r = end.received;
      this.logger.info(`[${peer.bgpId ? peer.bgpIdText : peer.address}] BGP_NOTIFICATION received (${r.code}, ${r.subcode}). Shutdown Message: '${r.shutdownCommunication ?? ''}'`);
    } else if (end.sent) {
      this.logger.info(`[${peer.address}] BGP_NOTIFICATION sent (${end.sent.code}, ${end.sent.subcode}): ${end.sent.reason}`);
    } else {
      this.logger.info(`[${peer.address}] BGP connection closed: ${end.reason}`);
    }
    this.timestamp = '';
    // pmacct's bgp_peer_close: routes deleted (and logged) unless the daemon is exiting.
    this.updater.purge(peer, !this.stopping);
    if (this.msglog && peer.msglog) {
      this.msglog.append(peer.msglog, this.msglogFormat.logClose(this.seq++, this.currentTimestamp(), peer));
      this.msglog.release(peer.msglog);
      peer.msglog = null;
    }
    this.timestamp = '';
  }

  failure(session: BgpSession, err: unknown): void {
    this.failures++;
    this.logger.error(`[${session.peer.address}] internal error, session closed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
  }

  private scheduleDumps(): void {
    const dumper = this.dumper!;
    this.dumpDeadline = dumper.firstDeadline(Math.floor(Date.now() / 1000));
    const arm = (): void => {
      const wait = Math.max(0, this.dumpDeadline * 1000 - Date.now()) + 50;
      this.dumpTimer = setTimeout(() => {
        this.dumping = this.dumping.then(async () => {
          // Every deadline passed gets its dump, stamped with the deadline.
          while (!this.stopping && Date.now() / 1000 > this.dumpDeadline) {
            await this.dumpTables(this.dumpDeadline);
            this.dumpDeadline += this.settings.dump!.refreshSeconds;
          }
          if (!this.stopping) arm();
        });
      }, wait);
      this.dumpTimer.unref();
    };
    arm();
  }

  /** Dumps every peer's RIB now, stamped `dumpSec` (the scheduler passes its deadline). */
  async dumpTables(dumpSec = Math.floor(Date.now() / 1000)): Promise<DumpResult> {
    if (!this.dumper) throw new Error('bgp_table_dump_file is not set');
    const seq = this.seq++;
    return this.dumper.dump(this.peers(), dumpSec, seq);
  }

  /** SIGHUP: reopen the message log files. */
  reopenLogs(): void {
    this.msglog?.reopen();
  }

  statistics(): string[] {
    const routes = this.sessions.reduce((n, s) => n + s.peer.rib.routeCount, 0);
    const lines = [
      `BGP: peers ${this.sessions.length}/${this.settings.maxPeers}, routes ${routes}, attribute sets ${this.attributes.size}, ` +
        `sessions accepted ${this.sessionsAccepted}, refused ${this.sessionsRefused}, NOTIFICATIONs sent ${this.notificationsSent}, received ${this.notificationsReceived}`,
    ];
    for (const s of this.sessions) {
      const p = s.peer;
      const c = p.counters;
      lines.push(`BGP peer ${p.address}:${p.port} (${s.state}, AS ${p.peerAs}, id ${p.bgpIdText}): routes ${p.rib.routeCount}, UPDATEs ${c.updates}, ` +
        `announced ${c.prefixesAnnounced}, withdrawn ${c.prefixesWithdrawn}, treated as withdraw ${c.treatedAsWithdraw}, attributes discarded ${c.attributesDiscarded}, ` +
        `ignored families ${c.ignoredFamilies}, skipped prefixes ${c.skippedPrefixes}`);
    }
    if (this.msglog) lines.push(this.msglog.statisticsLine());
    return lines;
  }

  /** Has `hook` run first when the collector stops. */
  onStop(hook: () => Promise<void>): void {
    this.stopHooks.push(hook);
  }

  /** Ends every session (Cease, Administrative Shutdown), writes their log_close and stops listening. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    for (const hook of this.stopHooks) await hook().catch((err: Error) => this.logger.warn(`BGP: stopping: ${err.message}`));
    if (this.dumpTimer) clearTimeout(this.dumpTimer);
    for (const session of [...this.sessions]) session.shutdown(SUB_CEASE_ADMIN_SHUTDOWN);
    this.msglog?.flush();
    await this.dumping.catch(() => undefined);
    await this.msglog?.close();
    await this.dumper?.close();
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
