/**
 * sfacctd_counter_file: the sFlow counter log (sflowCounterLog.ts) to
 * files. As sfacctd 1.7.7 does it, a file is opened for append, so a
 * restart adds to it, with files_umask's permissions.
 *
 * pmacct writes each line at once (line-buffered stdio). Here lines are
 * queued synchronously, so collection never waits on the disk, and written
 * on the next turn of the event loop: the file trails the datagram by
 * microseconds, not by a timer. Agents sharing a file name share one handle.
 */
import type { Logger } from '../core/logger.ts';
import { OutputFile } from '../output/outputFile.ts';
import type { CounterLogDestination, CounterLogTarget } from './sflowCounterLog.ts';

/** One output file and the lines waiting for it. */
class CounterFileSink implements CounterLogTarget {
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

  logInit(line: string): void {
    this.push(line);
  }

  log(line: string): void {
    this.push(line);
  }

  private push(line: string): void {
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

export interface CounterFileOptions {
  /** files_umask (pmacct's default 077 makes the files 0600). */
  umask: number;
  logger: Logger;
}

export class CounterFileDestination implements CounterLogDestination {
  private readonly options: CounterFileOptions;
  private readonly files: CounterFileSink[] = [];
  writeErrors = 0;

  constructor(options: CounterFileOptions) {
    this.options = options;
  }

  open(path: string): CounterLogTarget {
    const sink = new CounterFileSink(path, this.options.umask, (err) => {
      this.writeErrors++;
      this.options.logger.limited(
        'sfacctd-counter-file',
        'ERROR',
        `sfacctd_counter_file ${path}: ${err instanceof Error ? err.message : String(err)}`,
      );
    });
    this.files.push(sink);
    return sink;
  }

  async stop(): Promise<void> {
    await Promise.all(this.files.map((f) => f.close()));
  }

  statisticsLine(agents: number, lines: number): string {
    return `sfacctd_counter_file: ${this.files.length} files, ${agents} agents, ${lines} lines, write errors ${this.writeErrors}`;
  }
}
