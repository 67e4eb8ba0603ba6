/**
 * The Kafka golden cases shared by regenerate.ts (pmacct 1.7.7's nfacctd
 * with `plugins: kafka[x]`) and kafka.test.ts (tsacct). Each case replays a
 * corpus capture into topics named after the case (prefix
 * tsg.<case>.<pid>) on the librdkafka mock broker (test/kafka/), and kcat
 * reads back every topic with that prefix.
 *
 * The stored form (<case>.pmacct.txt), one line per JSON object, sorted:
 *   <topic> TAB <partition> TAB <key> TAB <object>
 * with the topic's prefix written T, "-" for a message without a key, and
 * the objects of kafka_multi_values messages split at their newlines (the
 * packing depends on the cache's order; brokerPacking.ts checks it on the
 * raw stream). Masked after their format is checked: what brokerGolden.ts
 * masks (writer_id's pid, stamp_updated, the markers' duration); the
 * partition ("*") of a message without a key, which the partitioner puts
 * anywhere, and whatever a case lists as depending on the cache's order
 * (round-robin topics, the key purge_close inherits from the last
 * aggregate) or on chance (a partition pmacct leaves to the partitioner).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskObject, replayLines, runDaemon } from '../brokerGolden.ts';
import { checkBrokerPacking } from '../brokerPacking.ts';
import { consumeTopic, listTopics, type ConsumedMessage } from '../../kafka/mockBroker.ts';

export const kafkaDir = import.meta.dirname;

export interface KafkaCase {
  name: string;
  capture: string;
  /** kafka_topic; TOPIC stands for the case's topic prefix. */
  topic: string;
  /** Plugin lines besides plugins, the broker, kafka_topic and kafka_refresh_time. */
  lines: readonly string[];
  /** kafka_config_file's text, if the case has one. */
  configFile?: string;
  /** timestamps_utc (default true); with false, the daemons run with TZ set to `tz`. */
  utc?: boolean;
  tz?: string;
  markers?: boolean;
  multiValues?: number;
  /** kafka_topic_rr: data topics T_0… are masked as T_*, and the stored form counts messages per topic instead. */
  roundRobin?: number;
  /** Mask every partition (the case's partition is pmacct's partitioner's choice, tsacct's differs by design). */
  maskPartitions?: boolean;
  /** Mask purge_close's key and so its partition (a dynamic kafka_partition_key: purge_close keeps the last aggregate's). */
  maskCloseKey?: boolean;
  /**
   * Where tsacct differs from pmacct on purpose: kafka.test.ts replaces
   * `pmacct` by `tsacct` in the stored output before comparing, and the
   * docs/compat.md section `section` says why.
   */
  deviation?: { section: string; pmacct: string; tsacct: string };
}

/** A kafka_partition_key with every variable, an unknown one and a trailing underscore. */
const ALL_KEY_VARIABLES = 'a$peer_src_ip-$tag-$tag2-$src_host-$dst_host-$src_port-$dst_port-$proto-$in_iface-$post_tag-$post_tag2-$xyz-$tag_';

/** The history-timestamps case's aggregate and bins, for the timestamps_* cases. */
const TIMESTAMPED_HISTORY = [
  'aggregate[x]: src_host, dst_host, proto, timestamp_start, timestamp_end',
  'kafka_history[x]: 5m', 'kafka_history_roundoff[x]: m',
];

export const KAFKA_CASES: readonly KafkaCase[] = [
  {
    name: 'plain-5tuple', capture: 'nfv5', topic: 'TOPIC',
    lines: ['aggregate[x]: src_host, dst_host, src_port, dst_port, proto'],
  },
  {
    // Topic and key from each aggregate; the key's hash picks the partition (kafka_partition_dynamic).
    name: 'topic-key-vars', capture: 'nfv9-asr9k', topic: 'TOPIC.$peer_src_ip.$tag.$tag2.$post_tag', markers: true, maskCloseKey: true,
    lines: [
      'aggregate[x]: peer_src_ip, tag, src_as, dst_as, proto, src_port', 'kafka_markers[x]: true',
      'kafka_partition_dynamic[x]: true', 'kafka_partition_key[x]: $peer_src_ip-$proto-$src_port-$tag-$in_iface',
    ],
  },
  {
    // pmacct 1.7.7 ignores kafka_partition (the partitioner chooses); tsacct writes to it (kafka.test.ts checks).
    name: 'partition-fixed', capture: 'nfv5', topic: 'TOPIC', maskPartitions: true,
    lines: ['aggregate[x]: src_host, dst_host', 'kafka_partition[x]: 2'],
  },
  {
    name: 'markers-static-key', capture: 'nfv5', topic: 'TOPIC', markers: true,
    lines: ['aggregate[x]: proto, tos, flows', 'kafka_markers[x]: true', 'kafka_partition_key[x]: pmacct'],
  },
  {
    name: 'multi-values', capture: 'nfv5', topic: 'TOPIC', markers: true, multiValues: 1000,
    lines: ['aggregate[x]: src_host, dst_host, proto', 'kafka_multi_values[x]: 1000', 'kafka_markers[x]: true', 'kafka_partition_key[x]: mv'],
  },
  {
    name: 'history-timestamps', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: [
      'aggregate[x]: src_host, dst_host, proto, timestamp_start, timestamp_end',
      'kafka_history[x]: 5m', 'kafka_history_roundoff[x]: m',
    ],
  },
  {
    name: 'topic-rr', capture: 'nfv5', topic: 'TOPIC', markers: true, roundRobin: 3,
    lines: ['aggregate[x]: src_host', 'kafka_topic_rr[x]: 3', 'kafka_markers[x]: true'],
  },
  {
    name: 'key-vars-all', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: ['aggregate[x]: peer_src_ip, tag, tag2, src_host, dst_host, src_port, dst_port, proto, in_iface', `kafka_partition_key[x]: ${ALL_KEY_VARIABLES}`],
  },
  {
    // Without dst_host, $dst_host is empty, and pmacct 1.7.7 then skips the next variable ($src_port stays as written).
    name: 'key-vars-missing', capture: 'nfv9-asr9k', topic: 'TOPIC', maskPartitions: true,
    deviation: { section: 'kafka-plugin', pmacct: '--$src_port-0-', tsacct: '--0-0-' },
    lines: ['aggregate[x]: src_host, proto', `kafka_partition_key[x]: ${ALL_KEY_VARIABLES}`],
  },
  {
    // librdkafka properties from the file: the murmur2 partitioner places the keyed messages.
    name: 'config-file', capture: 'nfv5', topic: 'TOPIC',
    configFile: [
      '! librdkafka settings for the golden case',
      'global, client.id, tsacct-golden',
      'topic, partitioner, murmur2',
      'topic, message.timeout.ms, 30000',
      'global, this line is malformed',
      '',
    ].join('\n'),
    lines: ['aggregate[x]: src_host, dst_port', 'kafka_partition_key[x]: $src_host'],
  },
  {
    // kafka_num_protos: ip_proto (and tunnel_ip_proto) as its number, written as a JSON string as pmacct 1.7.7 does.
    name: 'num-protos', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: ['aggregate[x]: src_host, dst_host, proto', 'kafka_num_protos[x]: true'],
  },
  {
    // kafka_preprocess: the all-plugin checks, 'all' of them; maxb is an SQL-only check pmacct 1.7.7 ignores here.
    name: 'preprocess-all', capture: 'nfv9-asr9k', topic: 'TOPIC', markers: true,
    lines: [
      'aggregate[x]: src_host, dst_host', 'kafka_markers[x]: true',
      'kafka_preprocess[x]: minp=3, minbpp=100, maxb=10', 'kafka_preprocess_type[x]: all',
    ],
  },
  {
    // kafka_preprocess 'any': one check is enough.
    name: 'preprocess-any', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: ['aggregate[x]: src_host, dst_host', 'kafka_preprocess[x]: minb=4000, minp=50'],
  },
  // The timestamps_* styles on the flow times and on the time-bin stamps (stamp_inserted, stamp_updated).
  {
    name: 'timestamps-since-epoch', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: [...TIMESTAMPED_HISTORY, 'timestamps_since_epoch: true', 'timestamps_secs: true'],
  },
  {
    name: 'timestamps-rfc3339-utc', capture: 'nfv9-asr9k', topic: 'TOPIC',
    lines: [...TIMESTAMPED_HISTORY, 'timestamps_rfc3339: true'],
  },
  {
    name: 'timestamps-rfc3339-local', capture: 'nfv9-asr9k', topic: 'TOPIC', utc: false, tz: 'Europe/Rome',
    lines: [...TIMESTAMPED_HISTORY, 'timestamps_rfc3339: true'],
  },
  {
    name: 'timestamps-local', capture: 'nfv9-asr9k', topic: 'TOPIC', utc: false, tz: 'America/New_York',
    lines: TIMESTAMPED_HISTORY,
  },
];

export function expectedPath(c: KafkaCase): string {
  return join(kafkaDir, `${c.name}.pmacct.txt`);
}

/** The case's topic prefix in this process. */
export function topicPrefix(c: KafkaCase): string {
  return `tsg.${c.name}.${process.pid}`;
}

export function configText(c: KafkaCase, bootstrap: string, configFile: string | null): string {
  const [host, port] = bootstrap.split(':');
  return [
    `! Kafka golden case ${c.name}`,
    ...replayLines(c.capture, c.utc ?? true),
    'plugins: kafka[x]',
    `kafka_broker_host[x]: ${host}`,
    `kafka_broker_port[x]: ${port}`,
    `kafka_topic[x]: ${c.topic.replace('TOPIC', topicPrefix(c))}`,
    // Longer than a replay: each daemon purges once, on exit.
    'kafka_refresh_time[x]: 3600',
    ...(configFile !== null ? [`kafka_config_file[x]: ${configFile}`] : []),
    ...c.lines,
    '',
  ].join('\n');
}

/** Runs a daemon on a case and returns every message of the case's topics, in partition and offset order per topic. */
export async function runCase(c: KafkaCase, command: readonly string[], workDir: string, bootstrap: string): Promise<ConsumedMessage[]> {
  let configFile: string | null = null;
  if (c.configFile !== undefined) {
    configFile = join(workDir, `${c.name}.kafka.csv`);
    writeFileSync(configFile, c.configFile);
  }
  const conf = join(workDir, `${c.name}.conf`);
  writeFileSync(conf, configText(c, bootstrap, configFile));
  await runDaemon(command, conf, c.tz);
  const prefix = topicPrefix(c);
  const topics = (await listTopics(bootstrap)).filter((t) => t === prefix || t.startsWith(`${prefix}.`) || t.startsWith(`${prefix}_`));
  const messages: ConsumedMessage[] = [];
  for (const topic of topics.sort()) messages.push(...(await consumeTopic(bootstrap, topic)));
  return messages;
}

/** The stored form of a case's messages (see the header); throws when a masked field has the wrong format. */
export function normalize(c: KafkaCase, messages: readonly ConsumedMessage[]): string {
  const prefix = topicPrefix(c);
  const lines: string[] = [];
  const perTopic = new Map<string, number>();
  for (const m of messages) {
    const isClose = m.value.startsWith('{"event_type": "purge_close"');
    let topic = `T${m.topic.slice(prefix.length)}`;
    if (c.roundRobin !== undefined) {
      if (!m.value.startsWith('{"event_type": "purge_')) perTopic.set(topic, (perTopic.get(topic) ?? 0) + 1);
      topic = topic.replace(/_\d+$/, '_*');
    }
    const keyless = m.key === null || m.key === '';
    const closeKeyMasked = isClose && c.maskCloseKey === true;
    const partition = keyless || closeKeyMasked || c.maskPartitions ? '*' : String(m.partition);
    const key = closeKeyMasked ? 'K' : (m.key ?? '-');
    const objects = c.multiValues && m.value.endsWith('\n') ? m.value.slice(0, -1).split('\n') : [m.value];
    for (const object of objects) lines.push(`${topic}\t${partition}\t${key}\t${maskObject(object)}`);
  }
  const counts = [...perTopic].sort(([a], [b]) => a.localeCompare(b)).map(([topic, n]) => `# ${topic}: ${n} messages`);
  return [...counts, ...lines.sort()].join('\n') + '\n';
}

/** brokerPacking.ts's checks on the messages of one partition (the only order Kafka keeps); only for cases whose messages share one. */
export function checkPacking(c: KafkaCase, messages: readonly ConsumedMessage[]): string[] {
  const partitions = new Set(messages.map((m) => `${m.topic}/${m.partition}`));
  if (partitions.size !== 1) return [];
  const ordered = [...messages].sort((a, b) => a.offset - b.offset);
  return checkBrokerPacking(ordered.map((m) => m.value), c.markers === true, c.multiValues ?? 0);
}
