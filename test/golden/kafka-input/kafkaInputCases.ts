/**
 * The Kafka-input golden cases (nfacctd_kafka_* / sfacctd_kafka_*), shared
 * by regenerate.ts (pmacct 1.7.7) and test/collect/kafkaInput.test.ts
 * (tsacct): a corpus capture's datagrams produced as raw IP packets to
 * partition 0 of a topic on the mock broker (test/kafka/kafkaInputHarness.ts),
 * read by the daemon, and its print plugin's CSV stored sorted as
 * <case>.pmacct.csv. peer_src_ip in the aggregate shows the exporter
 * address the daemon took from each packet's IP header.
 */
import { join } from 'node:path';
import type { InputDaemon } from '../../kafka/kafkaInputHarness.ts';

export const kafkaInputDir = import.meta.dirname;

export interface KafkaInputCase {
  name: string;
  daemon: InputDaemon;
  /** A folder of test/golden holding capture.pcap. */
  capture: string;
  aggregate: string;
}

const FIVE_TUPLE = 'peer_src_ip, src_host, dst_host, src_port, dst_port, proto';

export const KAFKA_INPUT_CASES: readonly KafkaInputCase[] = [
  { name: 'nfv5', daemon: 'nfacctd', capture: 'nfv5', aggregate: FIVE_TUPLE },
  // NetFlow v9: templates and data arrive as separate messages, in order.
  { name: 'nfv9-asr9k', daemon: 'nfacctd', capture: 'nfv9-asr9k', aggregate: FIVE_TUPLE },
  // IPFIX and NetFlow v9 from one exporter.
  { name: 'ipfix-nfv9-mixed', daemon: 'nfacctd', capture: 'ipfix-nfv9-mixed-ipv6', aggregate: FIVE_TUPLE },
  // sFlow from an IPv6 agent.
  { name: 'sflow-v6-agent', daemon: 'sfacctd', capture: 'sflow-v6-agent', aggregate: FIVE_TUPLE },
];

export function capturePath(c: KafkaInputCase): string {
  return join(kafkaInputDir, '..', c.capture, 'capture.pcap');
}

export function expectedPath(c: KafkaInputCase): string {
  return join(kafkaInputDir, `${c.name}.pmacct.csv`);
}
