/**
 * ClickHouse's HTTP interface, as the clickhouse plugin uses it: a statement
 * in the body (DDL, SELECT, KILL, ALTER), or an INSERT in the URL with its
 * rows in the body, optionally gzip-compressed. Built on node:http(s) with a
 * keep-alive agent rather than a client library: ClickHouse 18.16 (Debian
 * 12's) lacks the server-side query parameters current clients rely on, and
 * the plugin needs to know exactly whether a failed request may have reached
 * the server (see ClickhouseRequestError.sent).
 *
 * Credentials go in the X-ClickHouse-User/-Key headers, never in the URL.
 * Every request has a deadline (clickhouse_timeout): past it the socket is
 * destroyed and the request fails.
 */
import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';

const gzip = promisify(gzipCallback);

export interface ClickhouseServerSettings {
  host: string;
  port: number;
  user: string;
  password: string;
  database: string;
  /** Each request's deadline in milliseconds. */
  timeoutMs: number;
  compression: 'none' | 'gzip';
  /** HTTPS, checking the certificate against `ca` (null: the system CAs). */
  secure: boolean;
  ca: Buffer | null;
}

/**
 * A request that failed. `sent` is false only when the server cannot have
 * seen it (no connection was made); an INSERT that failed with `sent` true
 * may have been applied. `code` is ClickHouse's exception code when the
 * server answered with one.
 */
export class ClickhouseRequestError extends Error {
  readonly sent: boolean;
  readonly status: number | null;
  readonly code: number | null;
  /** It went out on a kept-alive socket the server may have closed meanwhile. */
  readonly reusedSocket: boolean;
  /** No answer came within the deadline. */
  readonly timedOut: boolean;

  constructor(message: string, details: { sent: boolean; status?: number | null; code?: number | null; reusedSocket?: boolean; timedOut?: boolean }) {
    super(message);
    this.sent = details.sent;
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.reusedSocket = details.reusedSocket ?? false;
    this.timedOut = details.timedOut ?? false;
  }
}

/** ClickHouse's exception codes the plugin reacts to. */
export const CLICKHOUSE_UNKNOWN_DATABASE = 81;

/** Connection errors that mean nothing was sent. */
const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

export class ClickhouseHttp {
  private readonly settings: ClickhouseServerSettings;
  private readonly agent: HttpAgent | HttpsAgent;

  constructor(settings: ClickhouseServerSettings) {
    this.settings = settings;
    const agentOptions = { keepAlive: true, maxSockets: 4 };
    this.agent = settings.secure ? new HttpsAgent({ ...agentOptions, ...(settings.ca !== null ? { ca: settings.ca } : {}) }) : new HttpAgent(agentOptions);
  }

  get database(): string {
    return this.settings.database;
  }

  /** Runs one statement (in the request body); returns the answer's text. */
  async query(statement: string, options: { queryId?: string; database?: boolean } = {}): Promise<string> {
    const params = new URLSearchParams();
    if (options.database !== false) params.set('database', this.settings.database);
    if (options.queryId !== undefined) params.set('query_id', options.queryId);
    return this.send(params, Buffer.from(statement, 'utf8'), false);
  }

  /** Sends `rows` (in the statement's FORMAT) as the body of `statement`, an INSERT. */
  async insert(statement: string, rows: Buffer, queryId: string): Promise<void> {
    const params = new URLSearchParams({ database: this.settings.database, query: statement, query_id: queryId });
    const compressed = this.settings.compression === 'gzip';
    const body = compressed ? await gzip(rows) : rows;
    await this.send(params, body, compressed);
  }

  close(): void {
    this.agent.destroy();
  }

  private send(params: URLSearchParams, body: Buffer, gzipped: boolean): Promise<string> {
    const s = this.settings;
    const request = s.secure ? httpsRequest : httpRequest;
    return new Promise<string>((resolve, reject) => {
      let connected = false;
      let settled = false;
      const fail = (err: ClickhouseRequestError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        req.destroy();
        reject(err);
      };
      const req = request(
        {
          host: s.host,
          port: s.port,
          method: 'POST',
          path: `/?${params.toString()}`,
          agent: this.agent,
          headers: {
            'Content-Type': 'text/plain; charset=utf-8',
            'Content-Length': body.length,
            'X-ClickHouse-User': s.user,
            ...(s.password !== '' ? { 'X-ClickHouse-Key': s.password } : {}),
            ...(gzipped ? { 'Content-Encoding': 'gzip' } : {}),
          },
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (err) => fail(new ClickhouseRequestError(`reading the answer failed: ${err.message}`, { sent: true, reusedSocket: req.reusedSocket })));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(deadline);
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode === 200) {
              resolve(text);
              return;
            }
            const code = /^Code: (\d+)/.exec(text);
            reject(new ClickhouseRequestError(`HTTP ${res.statusCode}: ${text.trim().slice(0, 500)}`, {
              sent: true, status: res.statusCode ?? null, code: code ? Number(code[1]) : null,
            }));
          });
        },
      );
      req.on('socket', (socket) => {
        if (!socket.connecting) connected = true;
        else socket.once('connect', () => void (connected = true));
      });
      req.on('error', (err: NodeJS.ErrnoException) => {
        const sent = connected || !NOT_CONNECTED.has(err.code ?? '');
        fail(new ClickhouseRequestError(`${s.secure ? 'https' : 'http'}://${s.host}:${s.port}: ${err.message}`, { sent, reusedSocket: req.reusedSocket }));
      });
      const deadline = setTimeout(() => {
        fail(new ClickhouseRequestError(`no answer from ${s.host}:${s.port} within ${Math.round(s.timeoutMs / 1000)} s`, { sent: connected, reusedSocket: req.reusedSocket, timedOut: true }));
      }, s.timeoutMs);
      req.end(body);
    });
  }
}
