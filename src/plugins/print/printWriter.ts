/**
 * The print plugin's writer: turns a flushed cache into pmacct's print
 * output on stdout or in files (`print_output_file` with time and
 * `$peer_src_ip`-style variables), with markers, append, latest-file link,
 * empty files on request and the trigger command after each purge.
 */
import { launchTrigger } from '../../output/triggerExec.ts';
import type { AggregateWriter, FlushBatch } from '../../core/aggregatingConsumer.ts';
import type { Logger } from '../../core/logger.ts';
import type { AggregateLayout } from '../../model/aggregateLayout.ts';
import type { OutputField } from '../../model/primitive.ts';
import type { TimestampStyle } from '../../model/timestampText.ts';
import { serializerContext, type AggregateRow, type AggregateSerializer, type SerializerContext } from '../../output/aggregateSerializer.ts';
import { CsvSerializer } from '../../output/csvSerializer.ts';
import { hasEntryVariables, strftime, substituteVariables } from '../../output/dynamicFileName.ts';
import { FormattedSerializer } from '../../output/formattedSerializer.ts';
import { JsonSerializer } from '../../output/jsonSerializer.ts';
import { OutputFile, linkLatest } from '../../output/outputFile.ts';

export type PrintOutput = 'formatted' | 'csv' | 'json' | 'event_formatted' | 'event_csv';

export interface PrintOptions {
  name: string;
  output: PrintOutput;
  separator: string;
  /** pre_tag_label_encode_as_map: JSON writes the label as an object. */
  labelAsMap?: boolean;
  file: string | null;
  append: boolean;
  latestFile: string | null;
  writeEmptyFile: boolean;
  markers: boolean;
  triggerExec: string | null;
  umask: number;
  uid?: number;
  gid?: number;
  history: boolean;
  timestamps: TimestampStyle;
  /** Where stdout output goes; injectable for tests. */
  stdout?: (text: string) => Promise<void> | void;
}

const ROWS_PER_CHUNK = 4096;

export function createSerializer(layout: AggregateLayout, output: PrintOutput, separator: string, labelAsMap = false): AggregateSerializer {
  switch (output) {
    case 'csv': return new CsvSerializer(layout, separator, true);
    case 'event_csv': return new CsvSerializer(layout, separator, false);
    case 'json': return new JsonSerializer(layout, 'print', labelAsMap);
    case 'formatted': return new FormattedSerializer(layout, true);
    case 'event_formatted': return new FormattedSerializer(layout, false);
  }
}

export class PrintWriter implements AggregateWriter {
  private readonly options: PrintOptions;
  private readonly serializer: AggregateSerializer;
  private readonly logger: Logger;
  private readonly peerSrcIp: { offset: number; field: OutputField } | null;
  private readonly tagOffset: number;
  private readonly tag2Offset: number;

  constructor(options: PrintOptions, layout: AggregateLayout, logger: Logger) {
    this.options = options;
    this.logger = logger;
    this.serializer = createSerializer(layout, options.output, options.separator, options.labelAsMap === true);
    const offsetOf = (name: string): number => layout.placed.find((p) => p.primitive.name === name)?.offset ?? -1;
    const peer = layout.placed.find((p) => p.primitive.name === 'peer_src_ip');
    this.peerSrcIp = peer ? { offset: peer.offset, field: peer.primitive.fields[0]! } : null;
    this.tagOffset = offsetOf('tag');
    this.tag2Offset = offsetOf('tag2');
  }

  /** pmacct prints the csv/formatted header on stdout once, when the plugin starts. */
  open(): void {
    if (this.options.file === null) void this.toStdout(this.serializer.header());
  }

  async write(batch: FlushBatch): Promise<void> {
    const ctx = serializerContext(batch, this.options.timestamps, this.options.history);
    const started = Date.now();
    if (this.options.file === null) await this.writeStdout(batch, ctx);
    else await this.writeFiles(batch, ctx);
    this.logger.info(`${this.options.name}/print: purged ${batch.cache.size} entries in ${Date.now() - started} ms`);
    if (this.options.triggerExec) this.trigger(this.options.triggerExec);
  }

  private async writeStdout(batch: FlushBatch, ctx: SerializerContext): Promise<void> {
    if (batch.cache.size === 0 && !this.options.markers) return;
    await this.toStdout(this.startMarker());
    await this.writeRows(batch, ctx, null, (text) => this.toStdout(text));
    await this.toStdout(this.endMarker(batch.cache.size));
  }

  private async writeFiles(batch: FlushBatch, ctx: SerializerContext): Promise<void> {
    const pattern = this.options.file!;
    const perEntry = hasEntryVariables(pattern) || (this.options.history && pattern.includes('%'));
    // File name -> indexes of the entries it receives.
    const groups = new Map<string, number[] | 'all'>();
    if (!perEntry) {
      // pmacct creates no file for an empty purge unless print_write_empty_file says so.
      if (batch.cache.size > 0 || this.options.writeEmptyFile) groups.set(strftime(pattern, batch.flushTime, ctx.utc), 'all');
    } else {
      const row = newRow();
      for (let i = 0; i < batch.cache.size; i++) {
        readRow(batch, i, row);
        const name = this.entryFileName(pattern, row, batch, ctx.utc);
        const list = groups.get(name);
        if (Array.isArray(list)) list.push(i);
        else groups.set(name, [i]);
      }
    }
    let last: string | null = null;
    for (const [path, entries] of groups) {
      const file = await OutputFile.open(path, { append: this.options.append, umask: this.options.umask, uid: this.options.uid, gid: this.options.gid });
      const indexes = entries === 'all' ? null : entries;
      try {
        await file.write(this.startMarker());
        if (file.startedEmpty || !this.options.append) await file.write(this.serializer.header());
        await this.writeRows(batch, ctx, indexes, (text) => file.write(text));
        await file.write(this.endMarker(entries === 'all' ? batch.cache.size : entries.length));
      } finally {
        await file.close();
      }
      last = path;
    }
    if (last !== null && this.options.latestFile) await linkLatest(this.options.latestFile, last);
  }

  /**
   * Renders entries (`indexes`, or all when null) in chunks, handing each
   * chunk to `sink` (which may wait for the disk or a pipe).
   */
  private async writeRows(batch: FlushBatch, ctx: SerializerContext, indexes: readonly number[] | null, sink: (text: string) => Promise<void>): Promise<void> {
    const row = newRow();
    const count = indexes ? indexes.length : batch.cache.size;
    let chunk = '';
    for (let n = 0; n < count; n++) {
      readRow(batch, indexes ? indexes[n]! : n, row);
      chunk += this.serializer.line(row, ctx);
      if (n % ROWS_PER_CHUNK === ROWS_PER_CHUNK - 1) {
        await sink(chunk);
        chunk = '';
      }
    }
    if (chunk !== '') await sink(chunk);
  }

  private entryFileName(pattern: string, row: AggregateRow, batch: FlushBatch, utc: boolean): string {
    const keys = row.keys;
    const peer = this.peerSrcIp ? String(this.peerSrcIp.field.read(keys, row.off + this.peerSrcIp.offset, { timestamps: this.options.timestamps, strings: batch.strings })) : '';
    const tag = this.tagOffset >= 0 ? keys[row.off + this.tagOffset]! * 0x100000000 + keys[row.off + this.tagOffset + 1]! : 0;
    const tag2 = this.tag2Offset >= 0 ? keys[row.off + this.tag2Offset]! * 0x100000000 + keys[row.off + this.tag2Offset + 1]! : 0;
    const time = this.options.history && row.binStart > 0 ? row.binStart : batch.flushTime;
    return strftime(substituteVariables(pattern, { peerSrcIp: peer, tag, tag2 }), time, utc);
  }

  private startMarker(): string {
    if (!this.options.markers) return '';
    if (this.options.output === 'json') return `{"event_type": "purge_init", "writer_id": "${this.options.name}/${process.pid}"}\n`;
    return `--START (${process.pid})--\n`;
  }

  private endMarker(entries: number): string {
    if (!this.options.markers) return '';
    if (this.options.output === 'json') {
      return `{"event_type": "purge_close", "writer_id": "${this.options.name}/${process.pid}", "purged_entries": ${entries}, "total_entries": ${entries}, "duration": 0}\n`;
    }
    return `--END (${process.pid})--\n`;
  }

  private async toStdout(text: string): Promise<void> {
    if (text === '') return;
    if (this.options.stdout) {
      await this.options.stdout(text);
      return;
    }
    if (!process.stdout.write(text)) await new Promise<void>((resolve) => process.stdout.once('drain', () => resolve()));
  }

  private trigger(command: string): void {
    launchTrigger(command, null, (err) => this.logger.error(`${this.options.name}/print: print_trigger_exec '${command}' failed: ${err.message}`));
  }
}

function newRow(): AggregateRow {
  return { keys: new Uint32Array(0), off: 0, packets: 0, bytes: 0, flows: 0, isEvent: false, binStart: 0 };
}

/** Fills the reused `row` with entry `index` of the batch. */
function readRow(batch: FlushBatch, index: number, row: AggregateRow): void {
  batch.cache.readEntry(index, row);
  row.binStart = batch.binWord >= 0 ? row.keys[row.off + batch.binWord]! : 0;
}

