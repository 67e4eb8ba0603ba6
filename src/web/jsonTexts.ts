/**
 * A body of several JSON texts one after the other — one per line, or
 * pretty-printed over several, or a JSON array of them — as the separate
 * texts: the frames of a ZeroMQ request, for the looking glass over HTTP.
 * Texts are cut where a top-level object or array closes; what is not
 * JSON stays a text of its own, for the caller to refuse as pmacct would.
 */
export function jsonTexts(body: string): string[] {
  const trimmed = body.trim();
  if (trimmed.startsWith('[')) {
    try {
      const items: unknown = JSON.parse(trimmed);
      if (Array.isArray(items)) return items.map((item) => JSON.stringify(item));
    } catch {
      // Not one array: cut it like any other body.
    }
  }
  const texts: string[] = [];
  let depth = 0;
  let inString = false;
  let escaped = false;
  let start = -1;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (start < 0) {
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
      start = i;
    }
    if (inString) {
      if (escaped) escaped = false;
      else if (c === '\\') escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') depth--;
    // A text ends where its outermost brace closes, or at the end of a line outside any.
    if ((depth === 0 && (c === '}' || c === ']')) || (depth <= 0 && c === '\n')) {
      const text = body.slice(start, i + 1).trim();
      if (text !== '') texts.push(text);
      start = -1;
      depth = 0;
    }
  }
  if (start >= 0 && body.slice(start).trim() !== '') texts.push(body.slice(start).trim());
  return texts;
}
