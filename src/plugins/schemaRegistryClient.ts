/**
 * A client of the Confluent Schema Registry REST API for
 * kafka_avro_schema_registry, doing what pmacct 1.7.7 does through libserdes
 * (serdes_schema_add with no id): register each schema under its subject
 * and keep the id the registry answers, to frame messages with
 * (output/avro/confluentWireFormat.ts). It also fetches a schema by id, as a
 * consumer does.
 *
 * The two calls, as Confluent documents them
 * (https://docs.confluent.io/platform/current/schema-registry/develop/api.html):
 *  - POST /subjects/{subject}/versions with {"schema": "<schema text>"}
 *    answers {"id": N}; registering a schema already there answers its id;
 *  - GET /schemas/ids/{id} answers {"schema": "<schema text>"};
 * requests and answers in application/vnd.schemaregistry.v1+json, errors
 * as {"error_code": …, "message": …} with an HTTP error status.
 *
 * pmacct's subjects: "<kafka_topic>-acct-data-value", "-acct-init-value"
 * and "-acct-close-value" (compose_avro_schema_registry_name_2). pmacct
 * exits when the registry refuses or cannot be reached; a caller of this
 * client gets an error and can retry later.
 */

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const DEFAULT_TIMEOUT_MS = 10_000;

export class SchemaRegistryError extends Error {
  readonly status: number;
  /** The registry's error_code (e.g. 409 incompatible, 42201 invalid schema), or 0 without one. */
  readonly errorCode: number;

  constructor(message: string, status: number, errorCode: number) {
    super(message);
    this.status = status;
    this.errorCode = errorCode;
  }
}

export interface SchemaRegistryOptions {
  /** How long one request may take (default 10 s). */
  timeoutMs?: number;
}

/** The subjects pmacct registers its three schemas under for a static topic. */
export function acctSubjects(topic: string): { acctData: string; acctInit: string; acctClose: string } {
  return { acctData: `${topic}-acct-data-value`, acctInit: `${topic}-acct-init-value`, acctClose: `${topic}-acct-close-value` };
}

export class SchemaRegistryClient {
  private readonly base: string;
  private readonly authorization: string | null;
  private readonly timeoutMs: number;
  /** Registered ids (or registrations under way) by subject and schema text. */
  private readonly ids = new Map<string, Promise<number>>();

  /** `url` as kafka_avro_schema_registry gives it, e.g. "https://registry:8081"; user:password@ becomes basic authentication. */
  constructor(url: string, options: SchemaRegistryOptions = {}) {
    const parsed = new URL(url);
    this.authorization = parsed.username !== ''
      ? `Basic ${Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')}`
      : null;
    parsed.username = '';
    parsed.password = '';
    this.base = parsed.href.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Registers `schema` under `subject` (once per client) and returns its id. */
  register(subject: string, schema: string): Promise<number> {
    const key = `${subject}\n${schema}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.post(subject, schema);
      // A failed registration is forgotten, so that the next call asks again.
      id.catch(() => this.ids.delete(key));
      this.ids.set(key, id);
    }
    return id;
  }

  /** The schema text the registry holds under `id`. */
  async schemaById(id: number): Promise<string> {
    const answer = await this.request('GET', `/schemas/ids/${id}`, undefined);
    const schema = (answer as { schema?: unknown }).schema;
    if (typeof schema !== 'string') throw new SchemaRegistryError(`schema registry: no "schema" in the answer for id ${id}`, 200, 0);
    return schema;
  }

  private async post(subject: string, schema: string): Promise<number> {
    const answer = await this.request('POST', `/subjects/${encodeURIComponent(subject)}/versions`, JSON.stringify({ schema }));
    const id = (answer as { id?: unknown }).id;
    if (typeof id !== 'number' || !Number.isInteger(id)) throw new SchemaRegistryError(`schema registry: no "id" in the answer for subject ${subject}`, 200, 0);
    return id;
  }

  private async request(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<unknown> {
    const headers: Record<string, string> = { Accept: CONTENT_TYPE };
    if (body !== undefined) headers['Content-Type'] = CONTENT_TYPE;
    if (this.authorization !== null) headers.Authorization = this.authorization;
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, { method, headers, body, signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (err) {
      throw new SchemaRegistryError(`schema registry ${this.base}: ${method} ${path} failed: ${(err as Error).message}`, 0, 0);
    }
    const text = await response.text();
    let parsed: unknown = null;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      parsed = null;
    }
    if (!response.ok) {
      const e = (parsed ?? {}) as { error_code?: unknown; message?: unknown };
      const code = typeof e.error_code === 'number' ? e.error_code : 0;
      const message = typeof e.message === 'string' ? e.message : text.slice(0, 200);
      throw new SchemaRegistryError(`schema registry ${this.base}: ${method} ${path}: HTTP ${response.status}${code ? ` (error_code ${code})` : ''}: ${message}`, response.status, code);
    }
    if (parsed === null || typeof parsed !== 'object') throw new SchemaRegistryError(`schema registry ${this.base}: ${method} ${path}: the answer is not a JSON object`, response.status, 0);
    return parsed;
  }
}
