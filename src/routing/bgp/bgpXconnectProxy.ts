/**
 * pmbgpd with bgp_daemon_xconnect_map: a BGP proxy. Each session a router
 * opens to bgp_daemon_ip/_port is cross-connected, at the TCP level, to
 * the collector its address maps to (bgpXconnectMap.ts): the proxy opens a
 * connection to that collector and copies bytes both ways, untouched; BGP
 * itself (OPEN, UPDATEs, hold timers) is between the router and the
 * collector, which sees the proxy as its peer (so $peer_tcp_port tells the
 * sessions apart there). As pmacct (bgp.c, bgp_peer_xconnect_init):
 *
 * - the allow file, bgp_daemon_max_peers ("BGP xconnects usage: n/max"),
 *   bgp_daemon_batch and one session per peer address apply as to the
 *   collector;
 * - a peer without a map entry is disconnected ("unable to xconnect BGP
 *   peer. Missing entry in bgp_daemon_xconnect_map."), and so is one whose
 *   collector cannot be reached ("connect() failed");
 * - when either side closes, the other is closed.
 *
 * The connection to the collector is made before anything from the router
 * is read (its bytes wait in the socket meanwhile), as pmacct's blocking
 * connect() does.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Logger } from '../../core/logger.ts';
import type { BgpXconnect, BgpXconnectMap } from '../../maps/bgpXconnectMap.ts';
import { peerAddressText } from './bgpCollector.ts';
import type { PeerIdentity } from './bgpJsonLines.ts';
import { BgpPeerBatch } from './bgpPeerBatch.ts';
import { listenForBgp, logBgpListening } from './bgpListener.ts';
import { applyMd5Keys, type Md5Key } from './tcpMd5.ts';

export interface BgpXconnectSettings {
  ip: string | null;
  port: number;
  ipv6Only: boolean;
  maxPeers: number;
  /** The map in force (reloaded on SIGUSR2). */
  map: () => BgpXconnectMap;
  allow: ((address: string) => boolean) | null;
  allowFile: string | null;
  md5Keys?: readonly Md5Key[];
  batch?: { size: number; intervalSeconds: number };
  peersChanged?: (peers: readonly PeerIdentity[]) => void;
}

const CONNECT_TIMEOUT_MS = 10_000;

/** One cross-connected session. */
class Xconnect implements PeerIdentity {
  readonly address: string;
  readonly port: number;
  readonly inbound: Socket;
  outbound: Socket | null = null;
  rule: BgpXconnect | null = null;
  bytesIn = 0;
  bytesOut = 0;

  constructor(inbound: Socket, address: string, port: number) {
    this.inbound = inbound;
    this.address = address;
    this.port = port;
  }

  get label(): string {
    return this.rule ? `${this.rule.source} x ${this.rule.dstHost.includes(':') ? `[${this.rule.dstHost}]` : this.rule.dstHost}:${this.rule.dstPort}` : this.address;
  }
}

export class BgpXconnectProxy {
  private readonly settings: BgpXconnectSettings;
  private readonly logger: Logger;
  private readonly batch: BgpPeerBatch | null;
  private readonly sessions: Xconnect[] = [];
  private server: Server | null = null;
  private stopping = false;
  accepted = 0;
  refused = 0;

  constructor(settings: BgpXconnectSettings, logger: Logger) {
    this.settings = settings;
    this.logger = logger;
    this.batch = settings.batch && settings.batch.size > 0 ? new BgpPeerBatch(settings.batch.size, settings.batch.intervalSeconds) : null;
  }

  async start(): Promise<{ address: string; port: number }> {
    const s = this.settings;
    const server = createServer({ noDelay: true, pauseOnConnect: true }, (socket) => this.accept(socket));
    this.server = server;
    const bound = await listenForBgp(server, s);
    server.on('error', (err) => this.logger.limited('bgp-xconnect-listen', 'ERROR', `BGP xconnect listener: ${err.message}`));
    if (s.md5Keys && s.md5Keys.length > 0) applyMd5Keys(server, s.md5Keys, this.logger);
    logBgpListening(this.logger, s.maxPeers, bound);
    return bound;
  }

  /** The sessions' peers, in connection order. */
  peers(): readonly PeerIdentity[] {
    return this.sessions;
  }

  private refuse(socket: Socket): void {
    this.refused++;
    socket.destroy();
  }

  private accept(inbound: Socket): void {
    const s = this.settings;
    const address = peerAddressText(inbound.remoteAddress);
    if (this.stopping) return void inbound.destroy();
    if (s.allow && !s.allow(address)) {
      this.logger.info(`[${s.allowFile}] peer '${address}' not allowed. close()`);
      return this.refuse(inbound);
    }
    if (this.sessions.length >= s.maxPeers) {
      this.logger.limited('bgp-max-peers', 'WARN', `Insufficient number of BGP peers has been configured by 'bgp_daemon_max_peers' (${s.maxPeers}).`, 60_000);
      return this.refuse(inbound);
    }
    if (this.batch && !this.batch.admit(Date.now())) {
      this.logger.limited('bgp-batch', 'INFO', `throttling at BGP peer [${address}]: the batch of ${this.batch.size} (bgp_daemon_batch) is full until bgp_daemon_batch_interval has passed.`, 10_000);
      return this.refuse(inbound);
    }
    if (this.sessions.some((x) => x.address === address)) {
      this.logger.warn(`[${address}] Refusing new connection from existing peer.`);
      return this.refuse(inbound);
    }
    const rule = s.map().find(address);
    if (!rule) {
      this.logger.warn(`[${address}] unable to xconnect BGP peer. Missing entry in bgp_daemon_xconnect_map.`);
      return this.refuse(inbound);
    }
    const x = new Xconnect(inbound, address, inbound.remotePort ?? 0);
    x.rule = rule;
    this.accepted++;
    this.sessions.push(x);
    inbound.setNoDelay(true);
    inbound.on('error', (err) => this.logger.debug(`[${x.label}] peer side: ${err.message}`));
    inbound.once('close', () => this.end(x, 'the peer closed the connection'));
    const outbound = connect({ host: rule.dstHost, port: rule.dstPort, noDelay: true, timeout: CONNECT_TIMEOUT_MS });
    x.outbound = outbound;
    outbound.once('timeout', () => outbound.destroy(new Error('connect timed out')));
    outbound.once('connect', () => {
      outbound.setTimeout(0);
      this.logger.info(`[${x.label}] BGP xconnects usage: ${this.sessions.length}/${s.maxPeers}`);
      s.peersChanged?.(this.sessions);
      inbound.on('data', (chunk: Buffer) => (x.bytesIn += chunk.length));
      outbound.on('data', (chunk: Buffer) => (x.bytesOut += chunk.length));
      inbound.pipe(outbound);
      outbound.pipe(inbound);
      inbound.resume();
    });
    outbound.on('error', (err) => {
      if (!outbound.connecting && outbound.bytesRead + outbound.bytesWritten > 0) this.logger.debug(`[${x.label}] collector side: ${err.message}`);
      else this.logger.warn(`[${x.label}] bgp_peer_xconnect_init(): connect() failed: ${err.message}`);
    });
    outbound.once('close', () => this.end(x, 'the collector closed the connection'));
  }

  private end(x: Xconnect, reason: string): void {
    const index = this.sessions.indexOf(x);
    if (index < 0) return;
    this.sessions.splice(index, 1);
    x.inbound.destroy();
    x.outbound?.destroy();
    this.logger.info(`[${x.label}] BGP xconnect closed: ${reason} (bytes from the peer ${x.bytesIn}, to it ${x.bytesOut})`);
    this.settings.peersChanged?.(this.sessions);
  }

  statistics(): string[] {
    const lines = [`BGP xconnects: ${this.sessions.length}/${this.settings.maxPeers}, accepted ${this.accepted}, refused ${this.refused}`];
    for (const x of this.sessions) lines.push(`BGP xconnect ${x.label} (peer port ${x.port}): bytes from the peer ${x.bytesIn}, to it ${x.bytesOut}`);
    return lines;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const x of [...this.sessions]) this.end(x, 'shutting down');
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
