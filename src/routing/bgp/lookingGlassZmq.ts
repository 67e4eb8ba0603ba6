/**
 * bgp_daemon_lg: the looking glass served over ZeroMQ as pmacct serves it
 * (bgp_lg.c, zmq_common.c): a ROUTER socket bound on
 * tcp://<bgp_daemon_lg_ip>:<bgp_daemon_lg_port> (127.0.0.1:17900 by
 * default) that REQ clients send a request's frames to and get the reply's
 * frames from. With bgp_daemon_lg_user / _passwd the socket is a ZMTP
 * PLAIN server and a ZAP handler admits only that user name and password.
 *
 * The binding is the npm package zeromq (v6, N-API; its prebuilt addon is
 * in the package, nothing is downloaded or built at install), an optional
 * dependency loaded only when bgp_daemon_lg is set; when it cannot be
 * loaded the daemon refuses to start and names the HTTP form.
 */
import { createRequire } from 'node:module';
import type { Logger } from '../../core/logger.ts';
import type { BgpLookingGlass } from './lookingGlass.ts';

/** The part of zeromq's API used here (declared, as the package is optional). */
interface ZmqSocket extends AsyncIterable<Buffer[]> {
  bind(address: string): Promise<void>;
  send(message: (Buffer | string)[]): Promise<void>;
  close(): void;
  readonly closed: boolean;
}

interface ZmqModule {
  Router: new (options?: { plainServer?: boolean; zapDomain?: string; linger?: number }) => ZmqSocket;
  Reply: new (options?: { linger?: number }) => ZmqSocket;
  version: string;
}

const PACKAGE = 'zeromq';
/** libzmq's well-known ZAP endpoint (RFC 27). */
const ZAP_ENDPOINT = 'inproc://zeromq.zap.01';

let loaded: ZmqModule | Error | null = null;

/** The zeromq package, or the reason it cannot be used. */
export function loadZeromq(): ZmqModule | Error {
  if (loaded === null) {
    try {
      loaded = createRequire(import.meta.url)(PACKAGE) as ZmqModule;
    } catch (err) {
      loaded = new Error(`the ZeroMQ binding (npm package ${PACKAGE}) cannot be loaded: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
  }
  return loaded;
}

export interface LookingGlassZmqOptions {
  ip: string;
  port: number;
  /** bgp_daemon_lg_user / _passwd: both set, or the server asks for no credentials. */
  credentials: { user: string; passwd: string } | null;
}

export class LookingGlassZmqServer {
  private readonly glass: BgpLookingGlass;
  private readonly options: LookingGlassZmqOptions;
  private readonly logger: Logger;
  private router: ZmqSocket | null = null;
  private zap: ZmqSocket | null = null;
  private serving: Promise<void> = Promise.resolve();
  requests = 0;

  constructor(glass: BgpLookingGlass, options: LookingGlassZmqOptions, logger: Logger) {
    this.glass = glass;
    this.options = options;
    this.logger = logger;
  }

  async start(): Promise<void> {
    const zmq = loadZeromq();
    if (zmq instanceof Error) throw zmq;
    const o = this.options;
    if (o.credentials) {
      const zap = new zmq.Reply({ linger: 0 });
      await zap.bind(ZAP_ENDPOINT);
      this.zap = zap;
      void this.authenticate(zap, o.credentials);
    }
    const router = new zmq.Router(o.credentials ? { plainServer: true, zapDomain: 'lg', linger: 0 } : { linger: 0 });
    const host = o.ip.includes(':') ? `[${o.ip}]` : o.ip;
    await router.bind(`tcp://${host}:${o.port}`);
    this.router = router;
    this.serving = this.serve(router);
    this.logger.info(`Looking Glass listening on ${o.ip}:${o.port}`);
  }

  /** ZAP (RFC 27): admits PLAIN clients with the configured user name and password. */
  private async authenticate(zap: ZmqSocket, credentials: { user: string; passwd: string }): Promise<void> {
    try {
      for await (const frames of zap) {
        const [version, requestId, , , , mechanism, user, passwd] = frames;
        const ok = mechanism?.toString() === 'PLAIN' && user?.toString() === credentials.user && passwd?.toString() === credentials.passwd;
        if (!ok) this.logger.limited('bgp-lg-auth', 'WARN', 'Looking Glass: a client was refused (wrong user name or password)', 60_000);
        await zap.send([version ?? '1.0', requestId ?? '', ok ? '200' : '400', ok ? 'OK' : 'Invalid credentials', ok ? credentials.user : '', '']);
      }
    } catch (err) {
      if (!zap.closed) this.logger.error(`Looking Glass: authentication handler: ${(err as Error).message}`);
    }
  }

  private async serve(router: ZmqSocket): Promise<void> {
    try {
      for await (const frames of router) {
        // A REQ client's frames: its routing id, an empty delimiter, then the request.
        const delimiter = frames.findIndex((f, i) => i > 0 && f.length === 0);
        const envelope = frames.slice(0, delimiter + 1);
        const request = frames.slice(delimiter + 1).map((f) => f.toString('utf8'));
        this.requests++;
        let reply: string[];
        try {
          reply = this.glass.answer(request);
        } catch (err) {
          this.logger.error(`Looking Glass: ${(err as Error).message}`);
          reply = ['{"results": 0, "query_type": 0, "text": "lookup error"}'];
        }
        await router.send([...envelope, ...reply]);
      }
    } catch (err) {
      if (!router.closed) this.logger.error(`Looking Glass: ${(err as Error).message}`);
    }
  }

  async stop(): Promise<void> {
    this.router?.close();
    this.zap?.close();
    this.router = null;
    this.zap = null;
    await this.serving;
  }
}
