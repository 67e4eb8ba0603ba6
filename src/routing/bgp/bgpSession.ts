/**
 * One passive BGP session: the TCP connection a peer opened to the
 * collector, and the RFC 4271 §8 finite state machine on top of it.
 *
 * The collector never initiates and never announces. Like pmacct it
 * answers rather than leads: it waits for the peer's OPEN (state
 * 'connected'), then replies with an OPEN that mirrors it — the peer's AS
 * (iBGP) unless bgp_daemon_as is set, the peer's hold time, the
 * multiprotocol capabilities the peer listed, the 4-octet AS capability
 * when the peer sent one, ADD-PATH receive for each family the peer can
 * send with ADD-PATH — followed by a KEEPALIVE ('open-confirm'). The
 * peer's KEEPALIVE makes the session 'established'; UPDATEs are accepted
 * from then on.
 *
 * Timers: KEEPALIVEs every third of the hold time; the hold timer restarts
 * on every message and, when it expires, ends the session with a Hold
 * Timer Expired NOTIFICATION (4/0); a peer that sends no OPEN within 240
 * seconds (RFC 4271's "large" OpenSent hold timer) is dropped the same way.
 *
 * Errors: any malformed message, or a message the state does not allow
 * (FSM error 5, subcodes of RFC 6608), gets the NOTIFICATION the decoder
 * or the FSM names, then the connection is closed. A received
 * NOTIFICATION (with its RFC 8203 Shutdown Communication) closes it too.
 * An unexpected exception while handling a message is contained here: the
 * session ends with a Cease and the daemon goes on.
 */
import type { Socket } from 'node:net';
import {
  ADD_PATH_RECEIVE,
  ADD_PATH_SEND,
  ADD_PATH_BOTH,
  ERR_CEASE,
  ERR_FSM,
  ERR_HOLD_TIMER_EXPIRED,
  ERR_OPEN_MESSAGE,
  MSG_KEEPALIVE,
  MSG_NOTIFICATION,
  MSG_OPEN,
  MSG_ROUTE_REFRESH,
  MSG_UPDATE,
  SUB_FSM_IN_ESTABLISHED,
  SUB_FSM_IN_OPEN_CONFIRM,
  SUB_FSM_IN_OPEN_SENT,
  SUB_OPEN_BAD_BGP_IDENTIFIER,
  SUB_UNSPECIFIC,
} from '../../decode/bgp/bgpConstants.ts';
import { BgpMessageReader, KEEPALIVE_MESSAGE, newFramedMessage } from '../../decode/bgp/bgpMessageReader.ts';
import { decodeNotification, encodeNotification, type NotificationMessage } from '../../decode/bgp/bgpNotification.ts';
import {
  addPathCapability,
  decodeOpen,
  encodeOpen,
  fourOctetAsCapability,
  peerAsOf,
  type AddPathFamily,
  type Capability,
  type OpenMessage,
} from '../../decode/bgp/bgpOpen.ts';
import { BgpProtocolError } from '../../decode/bgp/bgpProtocolError.ts';
import { NlriEntry, NlriReader } from '../../decode/bgp/nlriReader.ts';
import { decodeUpdate, UpdateMessage, type UpdateDecodeOptions } from '../../decode/bgp/updateMessage.ts';
import { CAP_MULTIPROTOCOL } from '../../decode/bgp/bgpConstants.ts';
import type { BgpPeer } from './bgpPeer.ts';

export type SessionState = 'connected' | 'open-confirm' | 'established' | 'closed';

/** How a session ended, for the collector's log and counters. */
export interface SessionEnd {
  /** The NOTIFICATION we sent, if any. */
  sent: BgpProtocolError | null;
  /** The NOTIFICATION the peer sent, if any. */
  received: NotificationMessage | null;
  /** A transport event: 'connection closed by peer', a socket error... */
  reason: string;
}

/** What the session needs from the collector. */
export interface SessionHost {
  /** bgp_daemon_as, or null to mirror the peer's AS. */
  readonly localAs: number | null;
  readonly routerId: number;
  /** Whether another peer already uses this BGP identifier (bgp_disable_router_id_check turns the check off). */
  routerIdInUse(session: BgpSession, bgpId: number): boolean;
  opened(session: BgpSession, open: OpenMessage, localAs: number): void;
  established(session: BgpSession): void;
  update(session: BgpSession, update: UpdateMessage): void;
  /** Called once the messages of one read are handled (the moment to flush logs). */
  inputDone(session: BgpSession): void;
  closed(session: BgpSession, end: SessionEnd): void;
  /** A contained programming error. */
  failure(session: BgpSession, err: unknown): void;
}

const OPEN_WAIT_SECONDS = 240;

export class BgpSession implements UpdateDecodeOptions {
  readonly peer: BgpPeer;
  state: SessionState = 'connected';
  holdTime = 0;
  /** When the last message from the peer arrived (ms since epoch). */
  lastReceived = Date.now();
  private readonly socket: Socket;
  private readonly host: SessionHost;
  private readonly reader = new BgpMessageReader();
  private readonly framed = newFramedMessage();
  private readonly update = new UpdateMessage();
  private readonly nlriReader = new NlriReader();
  private readonly nlriEntry = new NlriEntry();
  private holdTimer: NodeJS.Timeout | null = null;
  private holdTimerSeconds = 0;
  private keepaliveTimer: NodeJS.Timeout | null = null;
  private ended = false;

  constructor(socket: Socket, peer: BgpPeer, host: SessionHost) {
    this.socket = socket;
    this.peer = peer;
    this.host = host;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.finish({ sent: null, received: null, reason: 'connection closed by peer' }));
    socket.on('close', () => this.finish({ sent: null, received: null, reason: 'connection closed' }));
    socket.on('error', (err) => this.finish({ sent: null, received: null, reason: `socket error: ${err.message}` }));
    this.armHoldTimer(OPEN_WAIT_SECONDS);
  }

  get fourOctetAs(): boolean {
    return this.peer.fourOctetAs;
  }

  addPath(afi: number, safi: number): boolean {
    return this.peer.addPath(afi, safi);
  }

  private onData(chunk: Buffer): void {
    if (this.ended) return;
    this.lastReceived = Date.now();
    // RFC 4271 restarts the hold timer on every KEEPALIVE and UPDATE; once per read is as good.
    if (this.holdTime > 0 && this.state !== 'connected') this.armHoldTimer(this.holdTime);
    this.reader.push(chunk);
    try {
      for (;;) {
        if (this.ended) break;
        const r = this.reader.next(this.framed);
        if (r === false) break;
        if (r !== true) {
          this.fail(r);
          break;
        }
        this.handle();
      }
    } catch (err) {
      this.host.failure(this, err);
      this.fail(new BgpProtocolError(ERR_CEASE, SUB_UNSPECIFIC, `internal error: ${(err as Error).message}`));
    }
    this.host.inputDone(this);
  }

  private handle(): void {
    const m = this.framed;
    switch (m.type) {
      case MSG_OPEN:
        if (this.state !== 'connected') {
          this.fail(this.fsmError('OPEN'));
          return;
        }
        this.onOpen();
        return;
      case MSG_KEEPALIVE:
        if (this.state === 'connected') {
          this.fail(this.fsmError('KEEPALIVE'));
          return;
        }
        if (this.state === 'open-confirm') {
          this.state = 'established';
          this.host.established(this);
        }
        return;
      case MSG_UPDATE: {
        if (this.state !== 'established') {
          this.fail(this.fsmError('UPDATE'));
          return;
        }
        const problem = decodeUpdate(m.bytes, m.offset, m.length, this, this.update, this.nlriReader, this.nlriEntry);
        if (problem) {
          this.fail(problem);
          return;
        }
        this.host.update(this, this.update);
        return;
      }
      case MSG_NOTIFICATION:
        this.finish({ sent: null, received: decodeNotification(m.bytes, m.offset, m.length), reason: 'NOTIFICATION received' });
        return;
      case MSG_ROUTE_REFRESH:
        // Nothing to re-advertise: a passive collector reads and ignores it.
        if (this.state !== 'established') this.fail(this.fsmError('ROUTE-REFRESH'));
        return;
      default:
        return;
    }
  }

  private fsmError(what: string): BgpProtocolError {
    const subcode = this.state === 'connected' ? SUB_FSM_IN_OPEN_SENT : this.state === 'open-confirm' ? SUB_FSM_IN_OPEN_CONFIRM : SUB_FSM_IN_ESTABLISHED;
    return new BgpProtocolError(ERR_FSM, subcode, `${what} in state ${this.state}`);
  }

  private onOpen(): void {
    const m = this.framed;
    const decoded = decodeOpen(m.bytes, m.offset, m.length);
    if (decoded instanceof BgpProtocolError) {
      this.fail(decoded);
      return;
    }
    const open = decoded;
    const peer = this.peer;
    peer.bgpId = open.bgpId;
    peer.peerAs = peerAsOf(open);
    if (this.host.routerIdInUse(this, open.bgpId)) {
      this.fail(new BgpProtocolError(ERR_OPEN_MESSAGE, SUB_OPEN_BAD_BGP_IDENTIFIER, `BGP identifier ${peer.bgpIdText} already used by another peer`,
        'session-reset', Uint8Array.of(open.bgpId >>> 24, (open.bgpId >>> 16) & 0xff, (open.bgpId >>> 8) & 0xff, open.bgpId & 0xff)));
      return;
    }
    const localAs = this.host.localAs ?? peer.peerAs;
    if (localAs > 0xffff && open.fourOctetAs === null) {
      this.fail(new BgpProtocolError(ERR_OPEN_MESSAGE, SUB_UNSPECIFIC, `local AS ${localAs} needs 4 octets and the peer does not support them`));
      return;
    }
    peer.fourOctetAs = open.fourOctetAs !== null;
    const capabilities: Capability[] = [];
    for (const c of open.capabilities) if (c.code === CAP_MULTIPROTOCOL) capabilities.push(c);
    if (peer.fourOctetAs) capabilities.push(fourOctetAsCapability(localAs));
    const receive: AddPathFamily[] = [];
    for (const f of open.addPath) {
      if (f.sendReceive === ADD_PATH_SEND || f.sendReceive === ADD_PATH_BOTH) {
        peer.enableAddPath(f.afi, f.safi);
        receive.push({ afi: f.afi, safi: f.safi, sendReceive: ADD_PATH_RECEIVE });
      }
    }
    if (receive.length > 0) capabilities.push(addPathCapability(receive));
    this.holdTime = open.holdTime;
    const reply = encodeOpen({ myAs: localAs, holdTime: open.holdTime, bgpId: this.host.routerId, capabilities });
    this.host.opened(this, open, localAs);
    this.socket.write(reply);
    this.socket.write(KEEPALIVE_MESSAGE);
    this.state = 'open-confirm';
    if (this.holdTime > 0) {
      this.armHoldTimer(this.holdTime);
      const every = Math.max(1, Math.floor(this.holdTime / 3)) * 1000;
      this.keepaliveTimer = setInterval(() => {
        if (!this.ended) this.socket.write(KEEPALIVE_MESSAGE);
      }, every);
      this.keepaliveTimer.unref();
    } else {
      this.clearHoldTimer();
    }
  }

  private armHoldTimer(seconds: number): void {
    if (this.holdTimer && this.holdTimerSeconds === seconds) {
      this.holdTimer.refresh();
      return;
    }
    this.clearHoldTimer();
    this.holdTimerSeconds = seconds;
    this.holdTimer = setTimeout(() => {
      this.fail(new BgpProtocolError(ERR_HOLD_TIMER_EXPIRED, SUB_UNSPECIFIC, `no message for ${seconds} seconds`));
      this.host.inputDone(this);
    }, seconds * 1000);
    this.holdTimer.unref();
  }

  private clearHoldTimer(): void {
    if (this.holdTimer) clearTimeout(this.holdTimer);
    this.holdTimer = null;
  }

  /** Sends the error's NOTIFICATION and closes the connection. */
  fail(error: BgpProtocolError): void {
    if (this.ended) return;
    this.socket.end(encodeNotification(error.code, error.subcode, error.data));
    this.finish({ sent: error, received: null, reason: error.reason });
  }

  /** Ends the session from our side (daemon shutdown): a Cease with the given subcode and Shutdown Communication. */
  shutdown(subcode: number, communication?: string): void {
    if (this.ended) return;
    this.socket.end(encodeNotification(ERR_CEASE, subcode, undefined, communication));
    this.finish({ sent: new BgpProtocolError(ERR_CEASE, subcode, communication ?? 'shutdown'), received: null, reason: 'collector shutting down' });
  }

  /** Closes without a NOTIFICATION (a connection refused before any OPEN). */
  drop(reason: string): void {
    if (this.ended) return;
    this.socket.destroy();
    this.finish({ sent: null, received: null, reason });
  }

  private finish(end: SessionEnd): void {
    if (this.ended) return;
    this.ended = true;
    this.state = 'closed';
    this.clearHoldTimer();
    if (this.keepaliveTimer) clearInterval(this.keepaliveTimer);
    this.keepaliveTimer = null;
    // Our side is done; the peer may never close its own: do not wait for it.
    const socket = this.socket;
    socket.end();
    setTimeout(() => socket.destroy(), 2000).unref();
    this.host.closed(this, end);
  }
}
