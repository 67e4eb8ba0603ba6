/**
 * The HTTP API (tsacct's own; pmacct has only the client pipe): memory tables
 * as JSON with the pmacct client's query power, Prometheus metrics and a
 * health check. It listens on web_ip (127.0.0.1 unless set) and web_port;
 * with web_token set, /api and /metrics ask for `Authorization: Bearer
 * <token>` and refuse anything else with 401 (/healthz stays open, for load
 * balancers and orchestrators).
 *
 *   GET /healthz                         ok
 *   GET /metrics                         Prometheus text format
 *   GET /api/v1/tables                   the memory tables and their sizes
 *   GET /api/v1/tables/<plugin>          entries: {"plugin", "entries": [...], "total"}
 *       ?primitives=src_host,dst_port    the primitives match values are given for (-c)
 *       &match=10.0.0.1,443;10.0.0.2,*   requests separated by ';' (-M); '*' matches anything
 *       &counters=true                   counters per request instead of entries (-N, all counters)
 *       &sum=true                        one sum over all requests (-S)
 *       &top=bytes,10                    top entries by a counter (-T)
 *       &reset=true                      zero what was read (-r)
 *   POST /api/v1/bgp/lg                  the BGP looking glass: the body holds pmacct's request
 *                                        JSON objects (header, then query), the reply pmacct's
 *                                        reply objects, one per line (docs/LOOKING_GLASS_FORMAT)
 */
import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Registry } from 'prom-client';
import type { Logger } from '../core/logger.ts';
import { answerTableQuery } from '../plugins/memory/memoryQuery.ts';
import type { MemoryTable } from '../plugins/memory/memoryTable.ts';
import { defaultTableQuery, type CounterName, type TableQuery } from '../plugins/memory/tableQuery.ts';
import type { DaemonTelemetry } from './daemonTelemetry.ts';
import { jsonTexts } from './jsonTexts.ts';
import { metricsRegistry } from './metricsRegistry.ts';

export interface HttpApiOptions {
  ip: string;
  port: number;
  /** Bearer token required on /api and /metrics, or null for none. */
  token: string | null;
}

export class HttpApi {
  private readonly telemetry: DaemonTelemetry;
  private readonly options: HttpApiOptions;
  private readonly logger: Logger;
  private readonly registry: Registry;
  private server: Server | null = null;

  constructor(telemetry: DaemonTelemetry, options: HttpApiOptions, logger: Logger) {
    this.telemetry = telemetry;
    this.options = options;
    this.logger = logger;
    this.registry = metricsRegistry(telemetry);
  }

  /** Resolves with the bound port (web_port 0 picks a free one). */
  async listen(): Promise<number> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((err: Error) => {
        this.logger.error(`HTTP API: ${req.method} ${req.url}: ${err.message}`);
        if (!res.headersSent) send(res, 500, { error: 'internal error' });
        else res.destroy();
      });
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.ip, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : this.options.port;
    this.logger.info(`HTTP API listening on http://${this.options.ip.includes(':') ? `[${this.options.ip}]` : this.options.ip}:${port}${this.options.token ? ' (bearer token required)' : ''}`);
    return port;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'POST') {
      send(res, 405, { error: 'only GET and POST are served' });
      return;
    }
    if (url.pathname === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    if (!this.authorised(req)) {
      res.setHeader('www-authenticate', 'Bearer');
      send(res, 401, { error: 'a valid bearer token is required' });
      return;
    }
    if (url.pathname === '/metrics') {
      const text = await this.registry.metrics();
      res.writeHead(200, { 'content-type': this.registry.contentType }).end(text);
      return;
    }
    if (url.pathname === '/api/v1/tables') {
      const tables = [...this.telemetry.memoryTables.values()].map((t) => ({ plugin: t.name, entries: t.cache.size }));
      send(res, 200, { tables });
      return;
    }
    if (url.pathname === '/api/v1/bgp/lg') {
      await this.lookingGlass(req, res);
      return;
    }
    const table = /^\/api\/v1\/tables\/([^/]+)$/.exec(url.pathname);
    if (table) {
      const memory = this.telemetry.memoryTables.get(decodeURIComponent(table[1]!));
      if (!memory) {
        send(res, 404, { error: `no memory plugin named '${decodeURIComponent(table[1]!)}'` });
        return;
      }
      await answerTable(memory, url.searchParams, res);
      return;
    }
    send(res, 404, { error: 'not found' });
  }

  private async lookingGlass(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const glass = this.telemetry.lookingGlass;
    if (!glass) {
      send(res, 404, { error: 'this daemon runs no BGP daemon (bgp_daemon)' });
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST');
      send(res, 405, { error: 'the looking glass takes POST: the request JSON objects in the body' });
      return;
    }
    const body = await readBody(req, LG_BODY_LIMIT);
    if (body === null) {
      send(res, 413, { error: `a looking glass request is at most ${LG_BODY_LIMIT} bytes` });
      return;
    }
    const reply = glass.call(this.telemetry, jsonTexts(body));
    res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(`${reply.join('\n')}\n`);
  }

  private authorised(req: IncomingMessage): boolean {
    const token = this.options.token;
    if (token === null) return true;
    const header = req.headers.authorization ?? '';
    const m = /^Bearer\s+(.+)$/i.exec(header);
    if (!m) return false;
    const given = Buffer.from(m[1]!.trim());
    const expected = Buffer.from(token);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** The table query the parameters ask for, or the reason they are refused. */
export function tableQueryOf(params: URLSearchParams): TableQuery | string {
  const match = params.get('match');
  const counters = params.get('counters') === 'true';
  const kind: TableQuery['kind'] = match !== null || counters ? (counters ? 'counters' : 'match') : 'show';
  const q = defaultTableQuery(kind);
  q.output = 'json';
  q.counters = 'all';
  if (kind !== 'show') {
    q.primitives = (params.get('primitives') ?? '').split(',').map((p) => p.trim().toLowerCase()).filter((p) => p !== '');
    if (q.primitives.length === 0) return 'match and counters need primitives=<primitive>[,<primitive>…]';
    q.requests = (match ?? '').split(';');
  }
  const top = params.get('top');
  if (top !== null) {
    if (kind === 'counters') return 'top applies to entries, not to counters';
    const [by, count] = top.split(',');
    if (by !== 'bytes' && by !== 'packets' && by !== 'flows') return `top: unknown counter '${by}'`;
    const n = count === undefined ? 0 : Number(count);
    if (!Number.isInteger(n) || n < 0) return `top: '${count}' is not a count`;
    q.top = { by: by as CounterName, count: n };
  }
  q.sum = params.get('sum') === 'true';
  q.reset = params.get('reset') === 'true';
  return q;
}

async function answerTable(table: MemoryTable, params: URLSearchParams, res: ServerResponse): Promise<void> {
  const q = tableQueryOf(params);
  if (typeof q === 'string') {
    send(res, 400, { error: q });
    return;
  }
  let text = '';
  const code = await answerTableQuery(table, q, async (chunk) => { text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'); }, Math.floor(Date.now() / 1000));
  if (code !== 0) {
    send(res, 400, { error: text.replace(/^ERROR: /, '').trim() });
    return;
  }
  const lines = text.split('\n').filter((l) => l !== '');
  if (q.kind === 'counters') {
    const sums = lines.map((line) => {
      const [packets, bytes, flows, entries] = line.split(' ').map(Number);
      return { packets, bytes, flows, entries };
    });
    send(res, 200, q.sum ? { plugin: table.name, sum: sums[0] } : { plugin: table.name, requests: q.requests.filter((r) => r.trim() !== '').map((request, i) => ({ request, ...sums[i] })) });
    return;
  }
  // The lines are the client's JSON objects already: join them into one array.
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(`{"plugin": ${JSON.stringify(table.name)}, "entries": [${lines.join(', ')}], "total": ${lines.length}}\n`);
}

/** A looking glass request is a header and one query. */
const LG_BODY_LIMIT = 64 * 1024;

/** The request body as text, or null when it is longer than `limit` bytes. */
async function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const b = chunk as Buffer;
    size += b.length;
    if (size > limit) return null;
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(`${JSON.stringify(body)}\n`);
}
