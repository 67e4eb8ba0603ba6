// pmacct configuration syntax, line by line: `key: value` or `key[plugin]: value`.
//
// As the 1.7.7 binary reads it (each point checked with nfacctd -f, see
// test/config/configFileParser.test.ts):
// - a line whose first non-blank character is '!' or '#' is a comment; a '!' or
//   '#' later in a line is part of the value;
// - the key ends at the first ':', so values may contain ':';
// - blanks in the key are dropped (`print_output [a]` is `print_output[a]`) and
//   the key is lower-cased, but the plugin name between [ ] is kept verbatim,
//   blanks and case included;
// - the value is trimmed.
// tsacct adds one thing pmacct 1.7.7 does not do: a setting ending with '\'
// continues on the next line (1.7.7 reports the next line as a syntax error).
import type { ConfigLine } from './configLine.ts';

export interface ParsedConfigText {
  lines: ConfigLine[];
  // One for each line that is not valid syntax.
  problems: LineProblem[];
}

export interface LineProblem {
  line: number;
  // "file:line: syntax error: ..."
  text: string;
}

export function parseConfigText(text: string, file: string): ParsedConfigText {
  const lines: ConfigLine[] = [];
  const problems: LineProblem[] = [];
  for (const logical of joinContinuedLines(text)) {
    if (isBlankOrComment(logical.text)) continue;
    const parsed = parseSetting(logical.text);
    if (typeof parsed === 'string') {
      problems.push({ line: logical.line, text: `${file}:${logical.line}: syntax error: ${parsed}` });
      continue;
    }
    lines.push({ ...parsed, location: { file, line: logical.line } });
  }
  return { lines, problems };
}

interface LogicalLine {
  text: string;
  // Number of its first physical line, 1-based.
  line: number;
}

const CONTINUATION = /\\\s*$/;

function joinContinuedLines(text: string): LogicalLine[] {
  // A byte-order mark would otherwise become part of the first key.
  const physical = text.replace(/^\uFEFF/, '').split('\n').map((line) => line.replace(/\r$/, ''));
  const logical: LogicalLine[] = [];
  let index = 0;
  while (index < physical.length) {
    const line = index + 1;
    let joined = physical[index] ?? '';
    index++;
    // A comment ends at its line, so that it never swallows the next setting.
    while (!isBlankOrComment(joined) && CONTINUATION.test(joined)) {
      joined = joined.replace(CONTINUATION, '');
      if (index >= physical.length) break;
      joined += physical[index] ?? '';
      index++;
    }
    logical.push({ text: joined, line });
  }
  return logical;
}

function isBlankOrComment(text: string): boolean {
  return /^\s*([!#]|$)/.test(text);
}

// The parts of a setting, or why it is not one.
function parseSetting(text: string): Omit<ConfigLine, 'location'> | string {
  const colon = text.indexOf(':');
  if (colon < 0) return "missing ':' between key and value";
  const keyPart = parseKeyPart(text.slice(0, colon));
  if (typeof keyPart === 'string') return keyPart;
  return { ...keyPart, value: text.slice(colon + 1).trim() };
}

function parseKeyPart(text: string): { key: string; plugin: string | undefined } | string {
  let key = '';
  let plugin: string | undefined;
  let insideBrackets = false;
  for (const char of text) {
    if (insideBrackets) {
      if (char === '[') return "nested '[' in key";
      if (char === ']') insideBrackets = false;
      else plugin += char;
      continue;
    }
    if (/\s/.test(char)) continue;
    if (char === ']') return "']' without '['";
    if (plugin !== undefined) return "text after ']' in key";
    if (char === '[') {
      if (key === '') return "'[' without a key before it";
      insideBrackets = true;
      plugin = '';
      continue;
    }
    key += char.toLowerCase();
  }
  if (insideBrackets) return "unclosed '[' in key";
  if (key === '') return "missing key before ':'";
  if (plugin === '') return "empty '[]' after key";
  return { key, plugin };
}
