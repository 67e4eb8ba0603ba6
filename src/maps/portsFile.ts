/**
 * ports_file (pmacct 1.7.7): a list of the ports worth keeping; a plugin
 * with one rewrites every other src_port/dst_port as 0 before aggregating.
 *
 * pmacct's reader (load_ports) takes the file in fgets() chunks of 7
 * characters, so only the first 7 characters of a line count; it trims
 * spaces, skips empty lines and '!' comments and reads the port with atoi():
 * "53 ! dns" is port 53, "foo" or "70000" is "invalid port specified"
 * (a warning, always reported as line 0, as pmacct does), and so is 0.
 */
import { readFileSync } from 'node:fs';
import { ConfigError } from '../config/configError.ts';
import type { ScopedConfig } from '../config/index.ts';
import type { FlowConsumer } from '../core/flowConsumer.ts';
import type { Logger } from '../core/logger.ts';
import type { FlowRecord } from '../model/flowRecord.ts';

export const PORTS_TABLE_ENTRIES = 65536;

export interface PortsTable {
  /** 1 for every listed port, indexed by port. */
  readonly keep: Uint8Array;
  /** Lines pmacct warns about ("invalid port specified"), as their text. */
  readonly invalid: string[];
}

/** C atoi(): optional leading white space and sign, then digits; 0 when none. */
function atoi(text: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?)(\d+)/.exec(text);
  if (!m) return 0;
  const n = Number(m[2]!.slice(0, 12));
  return m[1] === '-' ? -n : n;
}

export function parsePortsFile(text: string): PortsTable {
  const keep = new Uint8Array(PORTS_TABLE_ENTRIES);
  const invalid: string[] = [];
  for (const line of text.split('\n')) {
    const chunk = line.slice(0, 7).trim();
    if (chunk === '' || chunk.startsWith('!')) continue;
    const port = atoi(chunk);
    if (port > 0 && port < PORTS_TABLE_ENTRIES) keep[port] = 1;
    else invalid.push(chunk);
  }
  return { keep, invalid };
}

export function loadPortsFile(file: string): PortsTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError([`${file}: ports_file file not found.`]);
  }
  return parsePortsFile(text);
}

/**
 * The plugin behind its ports_file, or the plugin itself without one: the
 * record's ports not in the file are 0 for this plugin only (restored after,
 * as the record is shared with the other plugins).
 */
export function withPortsFile(consumer: FlowConsumer, cfg: ScopedConfig, logger: Logger): FlowConsumer {
  const file = cfg.str('ports_file');
  if (file === undefined || file === '') return consumer;
  const label = `${consumer.name}/${consumer.type}`;
  const table = loadPortsFile(file);
  for (let i = 0; i < table.invalid.length; i++) logger.warn(`WARN ( ${label} ): [${file}:0] invalid port specified.`);
  logger.info(`INFO ( ${label} ): [${file}] map successfully (re)loaded.`);
  const keep = table.keep;
  return {
    name: consumer.name,
    type: consumer.type,
    accept(rec: FlowRecord): void {
      const srcPort = rec.srcPort;
      const dstPort = rec.dstPort;
      if (keep[srcPort] === 1 && keep[dstPort] === 1) {
        consumer.accept(rec);
        return;
      }
      if (keep[srcPort] !== 1) rec.srcPort = 0;
      if (keep[dstPort] !== 1) rec.dstPort = 0;
      try {
        consumer.accept(rec);
      } finally {
        rec.srcPort = srcPort;
        rec.dstPort = dstPort;
      }
    },
    start: () => consumer.start(),
    stop: () => consumer.stop(),
    statistics: () => consumer.statistics(),
  };
}
