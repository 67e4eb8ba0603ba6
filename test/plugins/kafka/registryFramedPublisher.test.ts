// RegistryFramedPublisher: the Confluent framing of the BGP message log and
// dump with a schema registry (bgp_*_kafka_avro_schema_registry). What it
// must do when the registry fails: count and log the failure, keep the
// messages in order (bounded) and ask again; once the ids come, every kept
// message goes out with its own kind's id; none ever goes out unframed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { memoryLogger } from '../../../src/core/logger.ts';
import { parseConfluentFrame } from '../../../src/output/avro/confluentWireFormat.ts';
import type { LinePublisher, LinePublisherCounters } from '../../../src/output/linePublisher.ts';
import { RegistryFramedPublisher } from '../../../src/plugins/kafka/registryFramedPublisher.ts';
import { SchemaRegistryError } from '../../../src/plugins/schemaRegistryClient.ts';

type Kind = 'route' | 'init' | 'close';

/** What the Kafka publisher was handed, in order. */
class RecordingPublisher implements LinePublisher {
  readonly counters: LinePublisherCounters = { published: 0, lost: 0, errors: 0 };
  readonly sent: { destination: string; message: Buffer; key: string | null | undefined }[] = [];
  started = 0;
  closed = false;

  start(): void {
    this.started++;
  }

  publish(destination: string, message: string | Buffer, key?: string | null): void {
    this.counters.published++;
    this.sent.push({ destination, message: Buffer.from(message), key });
  }

  drain(): Promise<void> {
    return Promise.resolve();
  }

  flush(): Promise<boolean> {
    return Promise.resolve(true);
  }

  close(): Promise<void> {
    this.closed = true;
    return Promise.resolve();
  }
}

const SCHEMAS = {
  route: { subject: 't-bgp-msglog-value', schemaText: '{"type":"record","name":"bgp_msglog","fields":[]}' },
  init: { subject: 't-bgp-loginit-value', schemaText: '{"type":"record","name":"bgp_loginit","fields":[]}' },
  close: { subject: 't-bgp-logclose-value', schemaText: '{"type":"record","name":"bgp_logclose","fields":[]}' },
};
/** The ids the scripted registry gives, by subject. */
const IDS: Record<string, number> = { 't-bgp-msglog-value': 7, 't-bgp-loginit-value': 8, 't-bgp-logclose-value': 9 };

/** A registry client that refuses the first `failures` rounds (each round asks for the three subjects), then answers IDS. */
function scriptedClient(failures: number): { register: (subject: string) => Promise<number>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    register: (subject: string): Promise<number> => {
      asked.push(subject);
      const round = Math.floor((asked.length - 1) / 3);
      return round < failures ? Promise.reject(new SchemaRegistryError('schema registry http://r: HTTP 503: down', 503, 0)) : Promise.resolve(IDS[subject]!);
    },
  };
}

function waitUntil(what: string, done: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const look = (): void => {
      if (done()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(look, 5);
    };
    look();
  });
}

describe('RegistryFramedPublisher', () => {
  it('frames each record with its kind\'s id once registered', async () => {
    const inner = new RecordingPublisher();
    const client = scriptedClient(0);
    const p = new RegistryFramedPublisher<Kind>(inner, client, { label: 'BGP msglog', schemas: SCHEMAS, retrySeconds: 60 }, memoryLogger());
    p.start();
    await waitUntil('the registration', () => p.registered);
    assert.deepEqual([...client.asked].sort(), ['t-bgp-logclose-value', 't-bgp-loginit-value', 't-bgp-msglog-value']);
    p.publish('t', p.frame('init', Buffer.from([1, 2])), 'k');
    p.publish('t', p.frame('route', Buffer.from([3])), null);
    p.publish('t', p.frame('close', Buffer.from([])));
    assert.deepEqual(inner.sent.map((m) => [m.destination, [...m.message], m.key]), [
      ['t', [0, 0, 0, 0, 8, 1, 2], 'k'],
      ['t', [0, 0, 0, 0, 7, 3], null],
      ['t', [0, 0, 0, 0, 9], undefined],
    ]);
    await p.close();
    assert.ok(inner.closed);
  });

  it('a failing registry: counted, logged, asked again; the messages wait and go out framed, in order', async () => {
    const inner = new RecordingPublisher();
    const client = scriptedClient(2);
    const logger = memoryLogger();
    const p = new RegistryFramedPublisher<Kind>(inner, client, { label: 'BGP msglog', schemas: SCHEMAS, retrySeconds: 0.02 }, logger);
    p.start();
    // Messages made before any answer: their header is not known yet.
    p.publish('a', p.frame('init', Buffer.from([10])), null);
    p.publish('b', p.frame('route', Buffer.from([11])), null);
    await waitUntil('a failed registration', () => p.registrationFailures >= 1);
    p.publish('a', p.frame('close', Buffer.from([12])), null);
    assert.equal(inner.sent.length, 0, 'nothing goes out unframed');
    await waitUntil('the registration', () => p.registered);
    assert.equal(p.registrationFailures, 2);
    assert.equal(client.asked.length, 9, 'asked again after each failure');
    assert.ok(logger.lines.some((l) => /^WARN: BGP msglog: schema registry http:\/\/r: HTTP 503: down; \d+ messages wait; retrying in 0.02s$/.test(l)), logger.lines.join('\n'));
    assert.deepEqual(inner.sent.map((m) => [m.destination, parseConfluentFrame(m.message).schemaId, [...parseConfluentFrame(m.message).avro]]), [
      ['a', 8, [10]], ['b', 7, [11]], ['a', 9, [12]],
    ]);
    assert.deepEqual(p.counters, { published: 3, lost: 0, errors: 2 });
    // Afterwards straight through.
    p.publish('c', p.frame('route', Buffer.from([13])), null);
    assert.equal(parseConfluentFrame(inner.sent[3]!.message).schemaId, 7);
    assert.equal(await p.flush(100), true);
    await p.close();
  });

  it('beyond holdLimit, and at shutdown, waiting messages are lost and counted', async () => {
    const inner = new RecordingPublisher();
    const logger = memoryLogger();
    const p = new RegistryFramedPublisher<Kind>(inner, scriptedClient(1000), { label: 'BGP table dump', schemas: SCHEMAS, retrySeconds: 60, holdLimit: 2 }, logger);
    p.start();
    for (let i = 0; i < 3; i++) p.publish('t', p.frame('route', Buffer.from([i])), null);
    assert.equal(p.counters.lost, 1, 'the third is beyond the limit');
    await p.drain(); // does not wait for the registry
    assert.equal(await p.flush(30), false, 'held messages are not with the broker');
    await waitUntil('the failed registration', () => p.registrationFailures === 1);
    await p.close();
    assert.equal(p.counters.lost, 3);
    assert.equal(inner.sent.length, 0);
    assert.ok(logger.lines.includes('WARN: BGP table dump: 2 messages lost: the schema registry never gave their schema ids'), logger.lines.join('\n'));
  });
});
