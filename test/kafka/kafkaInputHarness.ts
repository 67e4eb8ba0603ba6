/**
 * Kafka as the collector's input (nfacctd_kafka_* / sfacctd_kafka_*),
 * shared by test/collect/kafkaInput.test.ts (tsacct) and
 * test/golden/kafka-input/regenerate.ts (pmacct 1.7.7): a capture's UDP
 * datagrams are produced to partition 0 of a topic on the mock broker as
 * pmacct expects them — each message one raw IP packet (IP header, UDP
 * header, export), the capture's frame without its link layer — and a
 * daemon reading that topic writes a print plugin's CSV, returned sorted.
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { PcapFileReader } from '../../src/collect/pcapFileReader.ts';
import { extractUdpDatagram, UdpDatagram } from '../../src/decode/packet/udpDatagram.ts';
import { createConfluentProducer } from '../../src/plugins/kafka/confluentProducer.ts';

/** Every UDP datagram of a capture as the IP packet it came in (link layer stripped), in capture order. */
export function rawIpPackets(pcapPath: string): Buffer[] {
  const reader = PcapFileReader.open(pcapPath);
  const udp = new UdpDatagram();
  const packets: Buffer[] = [];
  try {
    for (let p = reader.next(); p !== null; p = reader.next()) {
      if (extractUdpDatagram(p.linkType, p.bytes, udp, p.offset, p.end) === null) continue;
      packets.push(Buffer.from(p.bytes.subarray(udp.networkLayer.offset, p.end)));
    }
  } finally {
    reader.close();
  }
  return packets;
}

/** Produces the packets, in order, to partition 0 of `topic` (the only partition pmacct reads). */
export async function producePackets(bootstrap: string, topic: string, packets: readonly Buffer[]): Promise<void> {
  const producer = createConfluentProducer({ global: { 'metadata.broker.list': bootstrap }, topic: {} });
  let failure: string | null = null;
  producer.onFailure((_value, error) => (failure ??= error));
  await producer.connect();
  try {
    for (const packet of packets) {
      while (producer.produce(topic, 0, packet, null) === 'queue-full') await sleep(10);
    }
    if (!(await producer.flush(30_000))) throw new Error('the producer did not deliver within 30 s');
    if (failure !== null) throw new Error(`a message was not delivered: ${failure}`);
  } finally {
    await producer.close(5000);
  }
}

export type InputDaemon = 'nfacctd' | 'sfacctd';

/** The daemon's configuration: Kafka input and a print plugin writing CSV to `outFile` on exit. */
export function kafkaInputConfig(daemon: InputDaemon, bootstrap: string, topic: string, outFile: string, aggregate: string): string {
  const [host, port] = bootstrap.split(':');
  return [
    `${daemon}_kafka_broker_host: ${host}`,
    `${daemon}_kafka_broker_port: ${port}`,
    `${daemon}_kafka_topic: ${topic}`,
    'plugins: print[p]',
    `aggregate[p]: ${aggregate}`,
    'print_output[p]: csv',
    `print_output_file[p]: ${outFile}`,
    'print_refresh_time[p]: 3600',
    '',
  ].join('\n');
}

export interface DaemonRun {
  /** Resolves when the daemon is reading (everything produced from then on reaches it). */
  ready: Promise<void>;
  /** Resolves once the daemon has read `messages` messages. */
  consumed(messages: number): Promise<void>;
  /** SIGINT (flush, exit); resolves with the log when the process is gone. */
  stop(): Promise<string>;
  log(): string;
}

/**
 * Starts a daemon. `readyPattern` marks readiness in its log (null: wait
 * `readyDelayMs`, for pmacct, which logs nothing when its consumer starts).
 * `consumed` polls tsacct's SIGUSR1 statistics ("kafka topic … N
 * messages"), or waits `readyDelayMs` when there is no pattern.
 */
export function startDaemon(command: readonly string[], conf: string, readyPattern: RegExp | null, readyDelayMs = 5000): DaemonRun {
  const child = spawn(command[0]!, [...command.slice(1), '-f', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const waitFor = async (test: () => boolean, what: string, timeoutMs = 30_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!test()) {
      if (child.exitCode !== null) throw new Error(`${command.join(' ')} exited while waiting for ${what}:\n${output}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}:\n${output}`);
      await sleep(50);
    }
  };
  const ready = readyPattern ? waitFor(() => readyPattern.test(output), `${readyPattern}`) : sleep(readyDelayMs);
  return {
    ready,
    async consumed(messages: number) {
      if (!readyPattern) {
        await sleep(readyDelayMs);
        return;
      }
      const read = (): number => Math.max(0, ...[...output.matchAll(/kafka topic \S+ partition 0: (\d+) messages/g)].map((m) => Number(m[1])));
      const deadline = Date.now() + 60_000;
      while (read() < messages) {
        if (Date.now() > deadline) throw new Error(`the daemon read ${read()} of ${messages} messages:\n${output}`);
        child.kill('SIGUSR1');
        await sleep(200);
      }
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      await exited;
      clearTimeout(timer);
      return output;
    },
    log: () => output,
  };
}

/** The print plugin's CSV: header first, then the rows sorted. */
export function sortedCsv(path: string): string {
  const [header, ...rows] = readFileSync(path, 'utf8').trimEnd().split('\n');
  return [header, ...rows.sort()].join('\n') + '\n';
}

export function writeConfig(path: string, text: string): void {
  writeFileSync(path, text);
}
