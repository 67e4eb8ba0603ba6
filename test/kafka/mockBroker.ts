/**
 * The tests' Kafka broker: librdkafka's mock cluster (mockBroker.c), built
 * on first use with `cc … -lrdkafka` into a directory under the system's
 * temp dir (keyed by the source's hash, so a changed source is rebuilt),
 * started as a child process that ends when its stdin closes. And kcat, to
 * read back what a producer wrote, with each message's partition, key and
 * exact bytes.
 *
 * Needs librdkafka-dev (the mock's header and library), a C compiler and
 * kcat; kafkaTestSkip() says which is missing so tests can skip.
 */
import { execFile, execFileSync, spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';

const SOURCE = join(import.meta.dirname, 'mockBroker.c');

/** Why the Kafka tests cannot run here, or null when they can. */
export function kafkaTestSkip(): string | null {
  if (!existsSync('/usr/include/librdkafka/rdkafka_mock.h')) return 'librdkafka-dev is not installed (the mock broker needs it)';
  if (!commandExists('kcat')) return 'kcat is not installed';
  if (!commandExists(process.env.CC ?? 'cc')) return 'no C compiler to build the mock broker';
  return null;
}

function commandExists(name: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** The mock's executable, built when missing. */
export function mockBrokerBinary(): string {
  const source = readFileSync(SOURCE);
  const hash = createHash('sha256').update(source).digest('hex').slice(0, 12);
  const dir = join(tmpdir(), 'tsacct-kafka-mock');
  const binary = join(dir, `mockBroker-${hash}`);
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    const partial = `${binary}.${process.pid}`;
    execFileSync(process.env.CC ?? 'cc', ['-O2', '-o', partial, SOURCE, '-lrdkafka'], { stdio: 'inherit' });
    renameSync(partial, binary);
  }
  return binary;
}

export class MockBroker {
  readonly bootstrap: string;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly lines: Interface;
  private readonly replies: string[] = [];
  private waiting: ((line: string) => void) | null = null;

  private constructor(child: ChildProcessWithoutNullStreams, lines: Interface, bootstrap: string) {
    this.child = child;
    this.lines = lines;
    this.bootstrap = bootstrap;
    lines.on('line', (line) => {
      const waiting = this.waiting;
      this.waiting = null;
      if (waiting) waiting(line);
      else this.replies.push(line);
    });
  }

  /** Starts a one-broker cluster with `topics` (each with `partitions` partitions; others are created on first use). */
  static async start(topics: readonly string[], partitions = 4): Promise<MockBroker> {
    const child = spawn(mockBrokerBinary(), ['-p', String(partitions), ...topics], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`the mock broker exited (${code}): ${stderr}`)));
      child.once('error', reject);
    });
    return new MockBroker(child, lines, first.trim());
  }

  /** Disconnects every client and refuses new connections; what the broker stored stays. */
  down(): Promise<void> {
    return this.command('down');
  }

  up(): Promise<void> {
    return this.command('up');
  }

  async stop(): Promise<void> {
    this.lines.close();
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  private async command(name: string): Promise<void> {
    this.child.stdin.write(`${name}\n`);
    const reply = this.replies.shift() ?? (await new Promise<string>((resolve) => (this.waiting = resolve)));
    if (reply !== `ok ${name}`) throw new Error(`mock broker: ${reply}`);
  }
}

/** One message as kcat read it. */
export interface ConsumedMessage {
  topic: string;
  partition: number;
  offset: number;
  /** null for a message without a key. */
  key: string | null;
  value: string;
  /** The value's exact bytes (binary Avro). */
  bytes: Buffer;
}

/** Every message of `topic`, read by kcat from the beginning to the end of each partition. */
export function consumeTopic(bootstrap: string, topic: string): Promise<ConsumedMessage[]> {
  // A header line of numbers, then key and value as they are (lengths from the header), then a newline.
  const format = '%p %o %K %S\n%k%s\n';
  return new Promise((resolve, reject) => {
    execFile('kcat', ['-C', '-b', bootstrap, '-t', topic, '-e', '-q', '-o', 'beginning', '-f', format], { encoding: 'buffer', maxBuffer: 1 << 30, timeout: 60_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kcat -t ${topic}: ${err.message} ${stderr.toString()}`));
      else resolve(parseKcat(topic, stdout));
    });
  });
}

function parseKcat(topic: string, out: Buffer): ConsumedMessage[] {
  const messages: ConsumedMessage[] = [];
  let at = 0;
  while (at < out.length) {
    const eol = out.indexOf(0x0a, at);
    const [partition, offset, keyLength, valueLength] = out.toString('latin1', at, eol).split(' ').map(Number) as [number, number, number, number];
    at = eol + 1;
    const key = keyLength < 0 ? null : out.toString('utf8', at, at + keyLength);
    at += Math.max(keyLength, 0);
    const bytes = Buffer.from(out.subarray(at, at + Math.max(valueLength, 0)));
    at += Math.max(valueLength, 0) + 1;
    messages.push({ topic, partition, offset, key, value: bytes.toString('utf8'), bytes });
  }
  return messages;
}

/** The cluster's topic names (kcat's metadata listing). */
export function listTopics(bootstrap: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    execFile('kcat', ['-L', '-b', bootstrap], { timeout: 30_000 }, (err, stdout) => {
      if (err) reject(err);
      else resolve([...stdout.matchAll(/^\s+topic "([^"]+)"/gm)].map((m) => m[1]!));
    });
  });
}
