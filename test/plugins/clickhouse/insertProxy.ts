/**
 * A TCP proxy in front of a scratch ClickHouse's HTTP port that can spoil
 * the next INSERT, to make the two uncertain outcomes of an INSERT happen on
 * purpose:
 *
 * - 'lose-answer': the INSERT reaches the server, which applies it; its
 *   answer is swallowed and the client's connection cut (the server crashed
 *   or the link broke just after the commit);
 * - 'hold': the INSERT is kept back (the client's request waits unanswered,
 *   as in a frozen server's socket buffer) until release() sends it to the
 *   server on a connection of its own: the stale request that lands late.
 *
 * Everything else passes through unchanged; the proxy arms for one INSERT at
 * a time.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { listenOnLoopback } from '../../net/loopbackListen.ts';

export type InsertSpoiler = 'lose-answer' | 'hold';

export class InsertProxy {
  readonly port: number;
  private readonly server: Server;
  private readonly targetPort: number;
  private readonly sockets = new Set<Socket>();
  private armed: InsertSpoiler | null = null;
  private held: Buffer[] | null = null;
  /** INSERTs spoiled so far. */
  spoiled = 0;

  private constructor(server: Server, port: number, targetPort: number) {
    this.server = server;
    this.port = port;
    this.targetPort = targetPort;
  }

  static async start(targetPort: number): Promise<InsertProxy> {
    const server = createServer();
    const proxy = new InsertProxy(server, await listenOnLoopback(server), targetPort);
    server.on('connection', (client) => proxy.relay(client));
    return proxy;
  }

  arm(spoiler: InsertSpoiler): void {
    this.armed = spoiler;
  }

  /** Sends the held INSERT to the server now; resolves with the server's answer. */
  async release(): Promise<string> {
    const request = this.held;
    this.held = null;
    if (request === null) throw new Error('no INSERT is held');
    const upstream = connect(this.targetPort, '127.0.0.1');
    const chunks: Buffer[] = [];
    upstream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      // One answer is all that comes: close once its end is in (ClickHouse answers an INSERT with an empty chunked body).
      if (Buffer.concat(chunks).includes('\r\n0\r\n\r\n')) upstream.end();
    });
    await new Promise<void>((resolve, reject) => {
      upstream.once('error', reject);
      upstream.once('close', () => resolve());
      upstream.write(Buffer.concat(request));
    });
    return Buffer.concat(chunks).toString('latin1');
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: Socket): void {
    const upstream = connect(this.targetPort, '127.0.0.1');
    this.sockets.add(client);
    this.sockets.add(upstream);
    let state: 'pass' | 'holding' | 'swallowing' = 'pass';
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.on('close', () => {
      if (state !== 'swallowing') upstream.destroy();
    });
    upstream.on('close', () => client.destroy());
    upstream.on('data', (chunk: Buffer) => {
      if (state === 'swallowing') {
        // The server applied the INSERT and answers: the client never hears of it.
        client.destroy();
        return;
      }
      client.write(chunk);
    });
    client.on('data', (chunk: Buffer) => {
      if (state === 'holding') {
        this.held!.push(chunk);
        return;
      }
      if (state === 'pass' && this.armed !== null && isInsert(chunk)) {
        const spoiler = this.armed;
        this.armed = null;
        this.spoiled++;
        if (spoiler === 'hold') {
          state = 'holding';
          this.held = [chunk];
          return;
        }
        state = 'swallowing';
      }
      upstream.write(chunk);
    });
  }
}

/** The start of an HTTP request whose URL holds `query=INSERT…`. */
function isInsert(chunk: Buffer): boolean {
  const head = chunk.subarray(0, 2048).toString('latin1');
  return head.startsWith('POST ') && /[?&]query=INSERT/i.test(head.slice(0, head.indexOf('\r\n')));
}
