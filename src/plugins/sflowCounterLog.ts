/**
 * pmacct's streamed log of sFlow counter samples, whichever destination it
 * has: files (sfacctd_counter_file, sflowCounterFile.ts), Kafka topics
 * (sfacctd_counter_kafka_topic) or AMQP routing keys
 * (sfacctd_counter_amqp_routing_key, both sflowCounterBroker.ts).
 *
 * As sfacctd 1.7.7 does it: an agent (address and sub-agent id) gets its
 * destination on its first datagram, whether or not it carries counters,
 * named by counterLogName, and a "log_init" line there. Then every counter
 * block is a line (see sflowCounterJson.ts). One sequence number runs
 * across all agents and destinations. The timestamp is the wall clock when
 * the datagram was processed (pmacct's gettimeofday per datagram), even
 * when replaying a savefile.
 */
import type { SflowCounterSample } from '../decode/sflow/sflowCounterSample.ts';
import type { SflowDatagramAgent } from '../decode/sflow/sflowDatagramAgent.ts';
import { counterLogInitLine, counterLogLine } from '../output/sflowCounterJson.ts';
import { timestampText, type TimestampStyle } from '../model/timestampText.ts';

/** Where one agent's lines go: a file, or a topic / routing key. Lines end with a newline. */
export interface CounterLogTarget {
  logInit(line: string): void;
  log(line: string): void;
}

export interface CounterLogDestination {
  /** The target named `name` (agents whose names are equal share it). */
  open(name: string): CounterLogTarget;
  /** Hands over what is queued and closes. */
  stop(): Promise<void>;
  /** For SIGUSR1 and the exit statistics. */
  statisticsLine(agents: number, lines: number): string;
}

/**
 * The name of an agent's file, topic or routing key: pmacct 1.7.7 expands
 * these as it does a BGP peer's msglog name (bgp_peer_log_dynname): the
 * first "$peer_src_ip" becomes the agent's address with '.' and ':' as '_',
 * the first "$peer_tcp_port" becomes 0 (sFlow has no port); nothing else is
 * expanded, strftime fields included (checked against sfacctd 1.7.7).
 */
export function counterLogName(pattern: string, agentAddress: string): string {
  return pattern.replace('$peer_src_ip', () => agentAddress.replace(/[.:]/g, '_')).replace('$peer_tcp_port', '0');
}

export interface SflowCounterLogOptions {
  /** sfacctd_counter_file, _kafka_topic or _amqp_routing_key, variables unexpanded. */
  pattern: string;
  destination: CounterLogDestination;
  timestamps: TimestampStyle;
  /** Wall clock in microseconds; replaceable for tests. */
  nowUs?: () => number;
}

export class SflowCounterLog {
  private readonly options: SflowCounterLogOptions;
  private readonly nowUs: () => number;
  /** Agent "address/subAgentId" to its target. */
  private readonly agentTargets = new Map<string, CounterLogTarget>();
  private readonly targets = new Map<string, CounterLogTarget>();
  private seq = 0;
  /** Set by beginDatagram for the counter lines that follow. */
  private current: CounterLogTarget | null = null;
  private currentAgent = '';
  private currentTimestamp = '';
  linesWritten = 0;

  constructor(options: SflowCounterLogOptions) {
    this.options = options;
    this.nowUs = options.nowUs ?? (() => Math.floor((performance.timeOrigin + performance.now()) * 1000));
  }

  /** Called for every datagram, before it is decoded; null when its header is unusable. */
  beginDatagram(agent: SflowDatagramAgent | null): void {
    if (agent === null) {
      this.current = null;
      return;
    }
    const us = this.nowUs();
    this.currentTimestamp = timestampText(Math.floor(us / 1e6), us % 1e6, this.options.timestamps);
    this.currentAgent = agent.address;
    const key = `${agent.address}/${agent.subAgentId}`;
    let target = this.agentTargets.get(key);
    if (target === undefined) {
      target = this.targetFor(agent.address);
      this.agentTargets.set(key, target);
      this.linesWritten++;
      target.logInit(counterLogInitLine(this.seq++, this.currentTimestamp, agent.address));
    }
    this.current = target;
  }

  /** The decoder's emitCounters: one line per counter block of the sample. */
  readonly emit = (sample: SflowCounterSample): void => {
    const target = this.current;
    if (target === null) return;
    for (let i = 0; i < sample.blockCount; i++) {
      this.linesWritten++;
      target.log(counterLogLine(this.seq++, this.currentTimestamp, this.currentAgent, sample, sample.blockTags[i]!));
    }
  };

  stop(): Promise<void> {
    return this.options.destination.stop();
  }

  statisticsLine(): string {
    return this.options.destination.statisticsLine(this.agentTargets.size, this.linesWritten);
  }

  private targetFor(address: string): CounterLogTarget {
    const name = counterLogName(this.options.pattern, address);
    let target = this.targets.get(name);
    if (target === undefined) {
      target = this.options.destination.open(name);
      this.targets.set(name, target);
    }
    return target;
  }
}
