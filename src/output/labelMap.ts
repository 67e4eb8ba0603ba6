/**
 * pre_tag_label_encode_as_map (from pmacct after 1.7.7): the label a
 * pre_tag_map built, "k1,v1,k2,v2", written in JSON as the object
 * {"k1": "v1", "k2": "v2"} instead of a string. Items pair up in order; a
 * key left without a value gets "" (tsacct's choice: the key is not lost);
 * a key given twice keeps its last value at its first place, as an object
 * set does. An empty label is {}. Runs at output time only, once per
 * aggregate written, never per flow.
 */
export function labelAsJsonObject(label: string): string {
  let out = '{';
  for (const [key, value] of labelPairs(label)) {
    // jansson's separators, as the rest of the JSON line.
    out += `${out.length > 1 ? ', ' : ''}${JSON.stringify(key)}: ${JSON.stringify(value)}`;
  }
  return out + '}';
}

/** The label's key, value pairs as labelAsJsonObject pairs them (also the Avro output's label map). */
export function labelPairs(label: string): Map<string, string> {
  const pairs = new Map<string, string>();
  if (label === '') return pairs;
  const items = label.split(',');
  for (let i = 0; i < items.length; i += 2) pairs.set(items[i]!, items[i + 1] ?? '');
  return pairs;
}
