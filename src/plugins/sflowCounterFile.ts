/**
 * sfacctd_counter_file: pmacct's streamed log of sFlow counter samples.
 *
 * As sfacctd 1.7.7 does it: an agent (address and sub-agent id) gets its
 * file on its first datagram, whether or not it carries counters; the name
 * is the configured one with $peer_src_ip (dots and colons as '_') and
 * strftime fields of that moment; the file is opened for append, so a
 * restart adds to it, and gets a "log_init" line. Then every counter block
 * is a line (see sflowCounterJson.ts). One sequence number runs across all
 * agents and files. The timestamp is the wall clock when the datagram was
 * processed (pmacct's gettimeofday per datagram), even when replaying a
 * savefile.
 *
 * pmacct writes each line at once (line-buffered stdio). Here lines are
 * queued synchronously, so collection never waits on the disk, and written
 * on the next turn of the event loop: the file trails the datagram by
 * microseconds, not by a timer. Agents sharing a file name share one handle.
 */
import type { Logger } from '../core/logger.ts';
import type { SflowCounterSample } from '../decode/sflow/sflowCounterSample.ts';
import type { SflowDatagramAgent } from '../decode/sflow/sflowDatagramAgent.ts';
import { strftime, substituteVariables } from '../output/dynamicFileName.ts';
import { OutputFile } from '../output/outputFile.ts';
import { counterLogInitLine, counterLogLine } from '../output/sflowCounterJson.ts';
import { timestampText, type TimestampStyle } from '../model/timestampText.ts';

export interface SflowCounterLogOptions {
  /** sfacctd_counter_file, variables unexpanded. */
  pattern: string;
  /** files_umask (pmacct's default 077 makes the files 0600). */
  umask: number;
  timestamps: TimestampStyle;
  logger: Logger;
  /** Wall clock in microseconds; replaceable for tests. */
  nowUs?: () => number;
}

/** One output file and the lines waiting for it. */
class CounterFileSink {
  readonly path: string;
  private readonly onError: (err: unknown) => void;
  private readonly opening: Promise<OutputFile | null>;
  private pending: string[] = [];
  private scheduled = false;
  private draining: Promise<void> = Promise.resolve();

  constructor(path: string, umask: number, onError: (err: unknown) => void) {
    this.path = path;
    this.onError = onError;
    this.opening = OutputFile.open(path, { append: true, umask }).catch((err: unknown) => {
      onError(err);
      return null;
    });
  }

  push(line: string): void {
    this.pending.push(line);
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.draining = this.draining.then(() => this.drain());
    });
  }

  private async drain(): Promise<void> {
    if (this.pending.length === 0) return;
    const chunk = this.pending.join('');
    this.pending = [];
    const file = await this.opening;
    if (file === null) return;
    try {
      await file.write(chunk);
      // OutputFile buffers small writes; pmacct's lines reach the file at once.
      await file.flush();
    } catch (err) {
      this.onError(err);
    }
  }

  async close(): Promise<void> {
    await this.draining;
    await this.drain();
    const file = await this.opening;
    if (file === null) return;
    try {
      await file.close();
    } catch (err) {
      this.onError(err);
    }
  }
}

export class SflowCounterLog {
  private readonly options: SflowCounterLogOptions;
  private readonly nowUs: () => number;
  /** Agent "address/subAgentId" to its file. */
  private readonly agentFiles = new Map<string, CounterFileSink>();
  private readonly files = new Map<string, CounterFileSink>();
  private seq = 0;
  /** Set by beginDatagram for the counter lines that follow. */
  private current: CounterFileSink | null = null;
  private currentAgent = '';
  private currentTimestamp = '';
  linesWritten = 0;
  writeErrors = 0;

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
    const sec = Math.floor(us / 1e6);
    this.currentTimestamp = timestampText(sec, us % 1e6, this.options.timestamps);
    this.currentAgent = agent.address;
    const key = `${agent.address}/${agent.subAgentId}`;
    let sink = this.agentFiles.get(key);
    if (sink === undefined) {
      sink = this.fileFor(agent.address, sec);
      this.agentFiles.set(key, sink);
      this.write(sink, counterLogInitLine(this.seq++, this.currentTimestamp, agent.address));
    }
    this.current = sink;
  }

  /** The decoder's emitCounters: one line per counter block of the sample. */
  readonly emit = (sample: SflowCounterSample): void => {
    const sink = this.current;
    if (sink === null) return;
    for (let i = 0; i < sample.blockCount; i++) {
      this.write(sink, counterLogLine(this.seq++, this.currentTimestamp, this.currentAgent, sample, sample.blockTags[i]!));
    }
  };

  /** Writes what is queued and closes the files. */
  async stop(): Promise<void> {
    await Promise.all([...this.files.values()].map((f) => f.close()));
  }

  statisticsLine(): string {
    return `sfacctd_counter_file: ${this.files.size} files, ${this.agentFiles.size} agents, ${this.linesWritten} lines, write errors ${this.writeErrors}`;
  }

  private write(sink: CounterFileSink, line: string): void {
    this.linesWritten++;
    sink.push(line);
  }

  private fileFor(address: string, sec: number): CounterFileSink {
    const named = substituteVariables(this.options.pattern, { peerSrcIp: address, tag: 0, tag2: 0 });
    const path = strftime(named, sec, this.options.timestamps.utc);
    let sink = this.files.get(path);
    if (sink === undefined) {
      sink = new CounterFileSink(path, this.options.umask, (err) => {
        this.writeErrors++;
        this.options.logger.limited(
          'sfacctd-counter-file',
          'ERROR',
          `sfacctd_counter_file ${path}: ${err instanceof Error ? err.message : String(err)}`,
        );
      });
      this.files.set(path, sink);
    }
    return sink;
  }
}
