/**
 * A small HTTP server that answers the two Confluent Schema Registry REST
 * calls tsacct makes, as Confluent documents them (the registry itself is a
 * Java service not installable here):
 *  - POST /subjects/{subject}/versions, body {"schema": "<text>"} in
 *    application/vnd.schemaregistry.v1+json -> {"id": N}, the same id for
 *    the same schema under any subject
 *    (https://docs.confluent.io/cloud/current/ccloud/register/);
 *  - GET /schemas/ids/{id} -> {"schema": "<text>"}, 404 with error_code
 *    40403 when unknown; an invalid schema -> 422, error_code 42201
 *    (https://docs.confluent.io/platform/current/schema-registry/develop/api.html).
 * It records every request, and the schemas and subjects it holds.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import avsc from 'avsc';

export const REGISTRY_CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';

export interface RegistryRequest {
  method: string;
  url: string;
  contentType: string | undefined;
  authorization: string | undefined;
}

export class FakeSchemaRegistry {
  readonly requests: RegistryRequest[] = [];
  readonly idsBySchema = new Map<string, number>();
  readonly schemas = new Map<number, string>();
  /** Ids registered under each subject, in order. */
  readonly subjects = new Map<string, number[]>();
  /** "http://127.0.0.1:<port>", once started. */
  base = '';
  private readonly server: Server;

  private constructor() {
    this.server = createServer((req, res) => void this.answer(req, res));
  }

  static async start(): Promise<FakeSchemaRegistry> {
    const registry = new FakeSchemaRegistry();
    await new Promise<void>((resolve) => registry.server.listen(0, '127.0.0.1', resolve));
    const address = registry.server.address();
    if (address === null || typeof address === 'string') throw new Error('no port');
    registry.base = `http://127.0.0.1:${address.port}`;
    return registry;
  }

  stop(): Promise<void> {
    return new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', contentType: req.headers['content-type'], authorization: req.headers.authorization });
    const body = await readBody(req);
    const reply = (status: number, value: unknown): void => {
      res.writeHead(status, { 'Content-Type': REGISTRY_CONTENT_TYPE });
      res.end(JSON.stringify(value));
    };
    const register = /^\/subjects\/([^/]+)\/versions$/.exec(req.url ?? '');
    if (req.method === 'POST' && register) {
      let schema: unknown;
      try {
        schema = (JSON.parse(body) as { schema?: unknown }).schema;
        if (typeof schema !== 'string') throw new Error('no schema');
        avsc.Type.forSchema(JSON.parse(schema) as Parameters<typeof avsc.Type.forSchema>[0]);
      } catch {
        reply(422, { error_code: 42201, message: 'Invalid schema' });
        return;
      }
      let id = this.idsBySchema.get(schema);
      if (id === undefined) {
        id = this.schemas.size + 1;
        this.idsBySchema.set(schema, id);
        this.schemas.set(id, schema);
      }
      const subject = decodeURIComponent(register[1]!);
      this.subjects.set(subject, [...(this.subjects.get(subject) ?? []), id]);
      reply(200, { id });
      return;
    }
    const byId = /^\/schemas\/ids\/(\d+)$/.exec(req.url ?? '');
    if (req.method === 'GET' && byId) {
      const schema = this.schemas.get(Number(byId[1]));
      if (schema === undefined) reply(404, { error_code: 40403, message: 'Schema not found' });
      else reply(200, { schema });
      return;
    }
    reply(404, { error_code: 404, message: 'HTTP 404 Not Found' });
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
  });
}
