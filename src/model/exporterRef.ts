/**
 * The identity of an exporting device as collectors hand it to decoders:
 * its address text (the key for per-exporter state), family and bytes. An
 * IPv4-mapped IPv6 source (a dual-stack socket) is reported as plain IPv4,
 * as pmacct does.
 */
import { AF_INET, AF_INET6 } from './flowRecord.ts';
import { parseIp } from './ipText.ts';

export interface ExporterRef {
  readonly key: string;
  readonly family: number;
  readonly address: Uint8Array;
}

export function exporterRefFor(addressText: string): ExporterRef {
  const text = addressText.startsWith('::ffff:') && addressText.includes('.') ? addressText.slice(7) : addressText;
  const address = new Uint8Array(16);
  const family = parseIp(text, address);
  return { key: text, family: family === AF_INET || family === AF_INET6 ? family : 0, address };
}
