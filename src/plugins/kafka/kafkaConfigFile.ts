/**
 * kafka_config_file: librdkafka properties, one per line, in pmacct's CSV
 * form `<global|topic>, <key>, <value>`. As pmacct 1.7.7 reads it: the type
 * is trimmed and case-insensitive, the key is the trimmed text up to the
 * second comma, and the value is the trimmed rest of the line, commas
 * included (it is not parsed). Lines of another type (comments, blank
 * lines) are ignored silently; a global/topic line without a key and a
 * value is "malformed" and ignored with a warning. Keys and values are
 * passed on to librdkafka as written (security.protocol, sasl.*, ssl.*…);
 * a property librdkafka refuses is dropped with a warning, as pmacct does
 * (the plugin checks them with the client when it starts).
 *
 * Unlike pmacct, which reads lines through a 256-byte buffer and so splits
 * longer ones (an inline PEM certificate, a long JAAS line), a line is read
 * whole.
 */
import { readFileSync } from 'node:fs';

export type KafkaPropertyScope = 'global' | 'topic';

export interface KafkaConfigProperty {
  scope: KafkaPropertyScope;
  key: string;
  value: string;
  /** 1-based line number, for messages. */
  line: number;
}

export interface KafkaConfigFile {
  properties: KafkaConfigProperty[];
  /** Warnings in pmacct's words ("[file:line] Line malformed. Ignored."), or the file's absence. */
  warnings: string[];
}

export function parseKafkaConfigText(text: string, path: string): KafkaConfigFile {
  const properties: KafkaConfigProperty[] = [];
  const warnings: string[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    const firstComma = line.indexOf(',');
    const scope = (firstComma < 0 ? line : line.slice(0, firstComma)).trim().toLowerCase();
    if (scope !== 'global' && scope !== 'topic') continue;
    const secondComma = firstComma < 0 ? -1 : line.indexOf(',', firstComma + 1);
    if (secondComma < 0) {
      warnings.push(`[${path}:${i + 1}] Line malformed. Ignored.`);
      continue;
    }
    const key = line.slice(firstComma + 1, secondComma).trim();
    const value = line.slice(secondComma + 1).trim();
    if (key === '') {
      warnings.push(`[${path}:${i + 1}] Line malformed. Ignored.`);
      continue;
    }
    properties.push({ scope, key, value, line: i + 1 });
  }
  return { properties, warnings };
}

/** Reads the file; a missing or unreadable one gives no properties and pmacct's warning. */
export function readKafkaConfigFile(path: string): KafkaConfigFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    return { properties: [], warnings: [`[${path}] cannot be read (${(err as Error).message}). librdkafka config not loaded.`] };
  }
  return parseKafkaConfigText(text, path);
}
